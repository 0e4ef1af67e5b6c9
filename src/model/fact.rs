//! Dated facts of an enterprise's credit record.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// An administrative level of an honour (荣誉级别).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HonourLevel {
    /// 国家级 / 部级 — national or ministry.
    National,
    /// 省级 — provincial.
    Provincial,
    /// 市级 — municipal.
    Municipal,
    /// 区县级 — district.
    District,
}

impl HonourLevel {
    /// All levels, highest first.
    pub const ALL: [HonourLevel; 4] = [
        HonourLevel::National,
        HonourLevel::Provincial,
        HonourLevel::Municipal,
        HonourLevel::District,
    ];

    /// The name used in files: `national`, `provincial`, `municipal`, `district`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            HonourLevel::National => "national",
            HonourLevel::Provincial => "provincial",
            HonourLevel::Municipal => "municipal",
            HonourLevel::District => "district",
        }
    }

    /// Parses `national`, `provincial`, `municipal` or `district`.
    #[must_use]
    pub fn from_name(s: &str) -> Option<HonourLevel> {
        HonourLevel::ALL.into_iter().find(|l| l.as_str() == s)
    }
}

/// An advertising qualification grade (广告资质等级).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AdGrade {
    /// Grade a, the best.
    A,
    /// Grade b.
    B,
    /// Grade c.
    C,
}

impl AdGrade {
    /// The name used in files: `a`, `b`, `c`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            AdGrade::A => "a",
            AdGrade::B => "b",
            AdGrade::C => "c",
        }
    }
}

/// An honour (荣誉) and its level; the kind decides which levels exist.
///
/// ```
/// use creditgrade::model::{Honour, HonourLevel};
/// let h = Honour::parse("contract_abiding", "provincial")?;
/// assert_eq!(h, Honour::ContractAbiding(HonourLevel::Provincial));
/// assert!(Honour::parse("advertising", "national").is_err());
/// # Ok::<(), creditgrade::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "level")]
pub enum Honour {
    /// 守合同重信用 — contract-abiding and trustworthy enterprise.
    ContractAbiding(HonourLevel),
    /// 驰名 / 著名 / 知名商标 — trademark renown.
    Trademark(HonourLevel),
    /// 广告资质 — advertising qualification grade.
    Advertising(AdGrade),
    /// Any other honour.
    Other(HonourLevel),
}

impl Honour {
    /// The honour kind as written in files: `contract_abiding`, `trademark`,
    /// `advertising`, `other`.
    #[must_use]
    pub const fn kind_str(self) -> &'static str {
        match self {
            Honour::ContractAbiding(_) => "contract_abiding",
            Honour::Trademark(_) => "trademark",
            Honour::Advertising(_) => "advertising",
            Honour::Other(_) => "other",
        }
    }

    /// The level as written in files.
    #[must_use]
    pub const fn level_str(self) -> &'static str {
        match self {
            Honour::ContractAbiding(l) | Honour::Trademark(l) | Honour::Other(l) => l.as_str(),
            Honour::Advertising(g) => g.as_str(),
        }
    }

    /// Parses a kind and a level as written in the interchange format.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Parse`](crate::ErrorKind::Parse) for an unknown kind, or a level
    /// that the kind does not have.
    pub fn parse(kind: &str, level: &str) -> Result<Honour, crate::Error> {
        let admin = || {
            HonourLevel::from_name(level).ok_or_else(|| {
                crate::Error::parse(format!(
                    "unknown honour level {level:?} for {kind} (expected national, provincial, municipal or district)"
                ))
            })
        };
        match kind {
            "contract_abiding" => Ok(Honour::ContractAbiding(admin()?)),
            "trademark" => Ok(Honour::Trademark(admin()?)),
            "other" => Ok(Honour::Other(admin()?)),
            "advertising" => match level {
                "a" => Ok(Honour::Advertising(AdGrade::A)),
                "b" => Ok(Honour::Advertising(AdGrade::B)),
                "c" => Ok(Honour::Advertising(AdGrade::C)),
                _ => Err(crate::Error::parse(format!(
                    "unknown advertising grade {level:?} (expected a, b or c)"
                ))),
            },
            _ => Err(crate::Error::parse(format!(
                "unknown honour kind {kind:?} (expected contract_abiding, trademark, advertising or other)"
            ))),
        }
    }
}

/// A department other than market supervision whose records flow in
/// (税务、环保、海关…).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Department {
    /// 税务 — tax.
    Tax,
    /// 生态环境 — environment.
    Environment,
    /// 海关 — customs.
    Customs,
    /// 人力资源和社会保障 — human resources and social security.
    SocialSecurity,
    /// 法院 — courts.
    Court,
    /// Any other department, by name.
    Other(String),
}

impl Department {
    /// The department's name as used in policies.
    #[must_use]
    pub fn as_str(&self) -> &str {
        match self {
            Department::Tax => "tax",
            Department::Environment => "environment",
            Department::Customs => "customs",
            Department::SocialSecurity => "social_security",
            Department::Court => "court",
            Department::Other(s) => s,
        }
    }
}

/// The kind of an environmental self-monitoring disclosure failure (企业自行监测
///信息公开), found by [`disclosure_failures`](crate::disclosure::disclosure_failures).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DisclosureFailureKind {
    /// 信息公开率低 — the disclosure rate of a period is below the threshold.
    LowDisclosureRate,
    /// 报告逾期 — a report was filed after its deadline.
    ReportLate,
    /// 报告未报送 — a report was not filed by its deadline.
    ReportMissing,
    /// 多次超标 — repeated exceedances in one period.
    RepeatedExceedance,
}

impl DisclosureFailureKind {
    /// All kinds.
    pub const ALL: [DisclosureFailureKind; 4] = [
        DisclosureFailureKind::LowDisclosureRate,
        DisclosureFailureKind::ReportLate,
        DisclosureFailureKind::ReportMissing,
        DisclosureFailureKind::RepeatedExceedance,
    ];

    /// A stable name: `low_disclosure_rate`, `report_late`, `report_missing`,
    /// `repeated_exceedance`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            DisclosureFailureKind::LowDisclosureRate => "low_disclosure_rate",
            DisclosureFailureKind::ReportLate => "report_late",
            DisclosureFailureKind::ReportMissing => "report_missing",
            DisclosureFailureKind::RepeatedExceedance => "repeated_exceedance",
        }
    }

    /// The Chinese label.
    #[must_use]
    pub const fn label_zh(self) -> &'static str {
        match self {
            DisclosureFailureKind::LowDisclosureRate => "信息公开率低",
            DisclosureFailureKind::ReportLate => "报告逾期",
            DisclosureFailureKind::ReportMissing => "报告未报送",
            DisclosureFailureKind::RepeatedExceedance => "多次超标",
        }
    }
}

/// What a fact is. Each kind is one row kind of the interchange format.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
#[non_exhaustive]
pub enum FactKind {
    /// 行政处罚 — an administrative penalty under a legal article (罚则量化). Its
    /// severity is the article's class in the catalogue.
    Penalty {
        /// The legal basis: the article id in the catalogue.
        article: String,
    },
    /// 违反行为规范 — breach of a conduct norm with no penalty clause (据实量化).
    Breach {
        /// The breach kind; the policy maps it to a severity.
        breach: String,
    },
    /// 消费者投诉 — a consumer complaint (counted, not adverse on its own).
    Complaint,
    /// 行政告诫 — an administrative admonition (counted, not adverse on its own).
    Admonition,
    /// 荣誉 — an honour, active from the fact's date until `until` (exclusive), if set.
    Honour {
        /// The honour and its level.
        honour: Honour,
        /// Expiry, if any: the honour is active while `date <= t < until`.
        until: Option<NaiveDate>,
    },
    /// 年度报告 — the annual report for `year`, filed on the fact's date.
    AnnualReport {
        /// The report year.
        year: i32,
    },
    /// 吊销 — revocation of the business licence: grade D for good.
    Revocation,
    /// 注销 — deregistration: the enterprise is closed.
    Deregistration,
    /// 信用修复 — credit repair of a penalty or breach.
    Repair {
        /// The id of the penalty or breach repaired.
        target: String,
    },
    /// 负责人失信记录 — a flag on one of the enterprise's key persons.
    KeyPersonFlag {
        /// The key person's id.
        person: String,
    },
    /// 自行监测信息公开 — a failure to disclose environmental self-monitoring (see
    /// [`disclosure`](crate::disclosure)); graded when the policy's `disclosure`
    /// section maps its kind to a severity, ignored otherwise.
    DisclosureFailure {
        /// What kind of failure.
        failure: DisclosureFailureKind,
    },
    /// A record from another department (tax, environment, customs…); the policy maps
    /// its department and code to a severity.
    DepartmentRecord {
        /// The department that recorded it.
        department: Department,
        /// The department's code for the record.
        code: String,
    },
}

impl FactKind {
    /// The kind as written in the interchange format (`penalty`, `breach`, …;
    /// `department_record` for other departments' records).
    #[must_use]
    pub const fn as_str(&self) -> &'static str {
        match self {
            FactKind::Penalty { .. } => "penalty",
            FactKind::Breach { .. } => "breach",
            FactKind::Complaint => "complaint",
            FactKind::Admonition => "admonition",
            FactKind::Honour { .. } => "honour",
            FactKind::AnnualReport { .. } => "annual_report",
            FactKind::Revocation => "revocation",
            FactKind::Deregistration => "deregistration",
            FactKind::Repair { .. } => "repair",
            FactKind::KeyPersonFlag { .. } => "principal",
            FactKind::DepartmentRecord { .. } => "department_record",
            FactKind::DisclosureFailure { .. } => "disclosure_failure",
        }
    }
}

/// One dated fact of an enterprise's record.
///
/// ```
/// use chrono::NaiveDate;
/// use creditgrade::{Fact, FactKind};
/// let d = NaiveDate::from_ymd_opt(2024, 1, 10).unwrap();
/// let f = Fact::penalty("P1", d, "art-7");
/// assert!(matches!(f.kind, FactKind::Penalty { ref article } if article == "art-7"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Fact {
    /// The fact's id, unique within its enterprise's history.
    pub id: String,
    /// The date the fact happened (decision date, date found, filing date…).
    pub date: NaiveDate,
    /// What the fact is.
    #[serde(flatten)]
    pub kind: FactKind,
}

impl Fact {
    /// A fact of any kind.
    pub fn new(id: impl Into<String>, date: NaiveDate, kind: FactKind) -> Fact {
        Fact {
            id: id.into(),
            date,
            kind,
        }
    }

    /// A penalty under `article`.
    pub fn penalty(id: impl Into<String>, date: NaiveDate, article: impl Into<String>) -> Fact {
        Fact::new(
            id,
            date,
            FactKind::Penalty {
                article: article.into(),
            },
        )
    }

    /// A breach of a conduct norm of kind `breach`.
    pub fn breach(id: impl Into<String>, date: NaiveDate, breach: impl Into<String>) -> Fact {
        Fact::new(
            id,
            date,
            FactKind::Breach {
                breach: breach.into(),
            },
        )
    }

    /// A consumer complaint.
    pub fn complaint(id: impl Into<String>, date: NaiveDate) -> Fact {
        Fact::new(id, date, FactKind::Complaint)
    }

    /// An administrative admonition.
    pub fn admonition(id: impl Into<String>, date: NaiveDate) -> Fact {
        Fact::new(id, date, FactKind::Admonition)
    }

    /// An honour granted on `date`, expiring on `until` if set.
    pub fn honour(
        id: impl Into<String>,
        date: NaiveDate,
        honour: Honour,
        until: Option<NaiveDate>,
    ) -> Fact {
        Fact::new(id, date, FactKind::Honour { honour, until })
    }

    /// The annual report for `year`, filed on `date`.
    pub fn annual_report(id: impl Into<String>, date: NaiveDate, year: i32) -> Fact {
        Fact::new(id, date, FactKind::AnnualReport { year })
    }

    /// A revocation of the business licence.
    pub fn revocation(id: impl Into<String>, date: NaiveDate) -> Fact {
        Fact::new(id, date, FactKind::Revocation)
    }

    /// A deregistration.
    pub fn deregistration(id: impl Into<String>, date: NaiveDate) -> Fact {
        Fact::new(id, date, FactKind::Deregistration)
    }

    /// A credit repair of the penalty or breach with id `target`.
    pub fn repair(id: impl Into<String>, date: NaiveDate, target: impl Into<String>) -> Fact {
        Fact::new(
            id,
            date,
            FactKind::Repair {
                target: target.into(),
            },
        )
    }

    /// A flag on the key person `person`.
    pub fn key_person_flag(
        id: impl Into<String>,
        date: NaiveDate,
        person: impl Into<String>,
    ) -> Fact {
        Fact::new(
            id,
            date,
            FactKind::KeyPersonFlag {
                person: person.into(),
            },
        )
    }

    /// A record of another department.
    pub fn department_record(
        id: impl Into<String>,
        date: NaiveDate,
        department: Department,
        code: impl Into<String>,
    ) -> Fact {
        Fact::new(
            id,
            date,
            FactKind::DepartmentRecord {
                department,
                code: code.into(),
            },
        )
    }
}

display_as_str!(HonourLevel, AdGrade, DisclosureFailureKind);
