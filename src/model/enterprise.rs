//! Enterprises and their key persons.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The role of a key person (法定代表人等负责人).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Role {
    /// 法定代表人 — legal representative.
    LegalRepresentative,
    /// 董事长 — chairman.
    Chairman,
    /// 经理 — manager.
    Manager,
    /// 股东 — shareholder.
    Shareholder,
}

impl Role {
    /// The name used in files: `legal_representative`, `chairman`, `manager`, `shareholder`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Role::LegalRepresentative => "legal_representative",
            Role::Chairman => "chairman",
            Role::Manager => "manager",
            Role::Shareholder => "shareholder",
        }
    }

    /// The Chinese label.
    #[must_use]
    pub const fn label_zh(self) -> &'static str {
        match self {
            Role::LegalRepresentative => "法定代表人",
            Role::Chairman => "董事长",
            Role::Manager => "经理",
            Role::Shareholder => "股东",
        }
    }
}

/// A key person of an enterprise: an id (typically a person's credit identity in
/// the integrator's store) and a role.
///
/// ```
/// use creditgrade::model::{KeyPerson, Role};
/// let p = KeyPerson::new("P-1", Role::LegalRepresentative);
/// assert_eq!(p.id, "P-1");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct KeyPerson {
    /// The person's id, as used by key-person flags.
    pub id: String,
    /// The person's role in the enterprise.
    pub role: Role,
}

impl KeyPerson {
    /// A key person with an id and a role.
    pub fn new(id: impl Into<String>, role: Role) -> KeyPerson {
        KeyPerson {
            id: id.into(),
            role,
        }
    }
}

/// An enterprise: its identity and the attributes grading and supervision use.
///
/// The id is any non-empty string; where it is a unified social credit code,
/// [`CreditCode`](crate::model::CreditCode) validates it. Build one with [`Enterprise::new`]
/// and the by-value setters:
///
/// ```
/// use chrono::NaiveDate;
/// use creditgrade::Enterprise;
/// use creditgrade::model::{KeyPerson, Role};
/// let e = Enterprise::new("E1", NaiveDate::from_ymd_opt(2015, 3, 1).unwrap())
///     .name("Jianghai Bamboo Co.")
///     .legal_person(true)
///     .industry("C2041")
///     .district("D01")
///     .route("R3")
///     .key_person(KeyPerson::new("P-1", Role::LegalRepresentative));
/// assert_eq!(e.key_persons.len(), 1);
/// assert!(e.legal_person);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Enterprise {
    /// The enterprise's id (non-empty).
    pub id: String,
    /// The registered name.
    #[serde(default)]
    pub name: String,
    /// 成立日期 — the registration date.
    pub registered_on: NaiveDate,
    /// 具备法人资格 — whether it has legal-person status.
    #[serde(default)]
    pub legal_person: bool,
    /// Industry code (e.g. a GB/T 4754 class).
    #[serde(default)]
    pub industry: String,
    /// Region code (administrative division).
    #[serde(default)]
    pub region: String,
    /// The supervision district (片区) it belongs to.
    #[serde(default)]
    pub district: String,
    /// The inspection route (路线) within the district.
    #[serde(default)]
    pub route: String,
    /// Key persons: legal representative, chairman, managers, shareholders.
    #[serde(default)]
    pub key_persons: Vec<KeyPerson>,
}

impl Enterprise {
    /// An enterprise with an id and a registration date; everything else empty,
    /// `legal_person` false.
    pub fn new(id: impl Into<String>, registered_on: NaiveDate) -> Enterprise {
        Enterprise {
            id: id.into(),
            name: String::new(),
            registered_on,
            legal_person: false,
            industry: String::new(),
            region: String::new(),
            district: String::new(),
            route: String::new(),
            key_persons: Vec::new(),
        }
    }

    /// Sets the name.
    #[must_use]
    pub fn name(mut self, name: impl Into<String>) -> Enterprise {
        self.name = name.into();
        self
    }

    /// Sets legal-person status (具备法人资格).
    #[must_use]
    pub fn legal_person(mut self, yes: bool) -> Enterprise {
        self.legal_person = yes;
        self
    }

    /// Sets the industry code.
    #[must_use]
    pub fn industry(mut self, code: impl Into<String>) -> Enterprise {
        self.industry = code.into();
        self
    }

    /// Sets the region code.
    #[must_use]
    pub fn region(mut self, code: impl Into<String>) -> Enterprise {
        self.region = code.into();
        self
    }

    /// Sets the supervision district.
    #[must_use]
    pub fn district(mut self, district: impl Into<String>) -> Enterprise {
        self.district = district.into();
        self
    }

    /// Sets the inspection route.
    #[must_use]
    pub fn route(mut self, route: impl Into<String>) -> Enterprise {
        self.route = route.into();
        self
    }

    /// Adds a key person.
    #[must_use]
    pub fn key_person(mut self, person: KeyPerson) -> Enterprise {
        self.key_persons.push(person);
        self
    }
}

display_as_str!(Role);
