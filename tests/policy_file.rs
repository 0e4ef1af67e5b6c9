//! Policy files: strict JSON (unknown fields refused, sections that are off
//! present as `null`), errors with the JSON path of the field, validation on
//! deserialisation, and fingerprints unchanged by the file format.

use creditgrade::disclosure::{BoundingBox, DisclosurePolicy, DisclosureRules, Period};
use creditgrade::policy::{DisclosureGrading, Scoring};
use creditgrade::research::{CalibrationTargets, PsiOptions, SynthConfig, WeightOptions};
use creditgrade::supervise::{
    ExportPolicy, Ladder, MeasurePolicy, PatrolPolicy, RiskCatalogue, SamplingPolicy,
    SupervisionPolicy, WarningPolicy,
};
use creditgrade::{Error, ErrorKind, Policy};

/// The error of reading `text`, checked to be `InvalidPolicy`.
fn err(text: &str) -> Error {
    let e = Policy::from_json(text).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidPolicy, "{e}");
    e
}

fn field(text: &str) -> String {
    err(text).field().unwrap_or("<none>").to_owned()
}

fn seed() -> String {
    Policy::seed().to_json().unwrap()
}

fn score() -> String {
    Policy::score_preset().to_json().unwrap()
}

/// Replaces exactly one occurrence, so a test cannot silently edit nothing.
fn edit(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "{from:?} must occur once");
    text.replacen(from, to, 1)
}

#[test]
fn presets_round_trip_through_their_files() {
    for p in [Policy::seed(), Policy::score_preset()] {
        let json = p.to_json().unwrap();
        assert_eq!(Policy::from_json(&json).unwrap(), p);
        // Stable: the same text every time, and again after a round trip.
        assert_eq!(Policy::from_json(&json).unwrap().to_json().unwrap(), json);
        assert!(json.ends_with("}\n"));
    }
    let json = seed();
    assert!(json.starts_with("{\n  \"name\": \"seed\",\n  \"lock\": {\n"));
    assert!(json.contains("\n  \"disclosure\": null,\n"));
    assert!(json.contains("\"aaa_min\": \"60\""), "decimals are strings");
}

/// The fingerprint hashes the same canonical JSON as before policy files wrote
/// `"disclosure": null`: these values were computed by the release before.
#[test]
fn fingerprints_are_unchanged_by_the_file_format() {
    assert_eq!(
        Policy::seed().fingerprint(),
        include_str!("fixtures/seed_fingerprint.txt").trim()
    );
    assert_eq!(
        Policy::score_preset().fingerprint(),
        "sha256:f4842a0425b87cd5dfc64fecefbe3ff652199c51be687f2b6e9c77cc8e3fb07e"
    );
    let mut p = Policy::seed();
    p.disclosure = Some(DisclosureGrading::source());
    assert_eq!(
        p.fingerprint(),
        "sha256:2bf5c5c53e355c89565f60085e74bfeac6d0a5c75d02014c7ffe29f5cc05a895"
    );
    let mut p = Policy::score_preset();
    p.annual_reports = None;
    assert_eq!(
        p.fingerprint(),
        "sha256:eb3afb91b32c46123df5b31c83e40a73f1f4eb5598fa53436a1563a390a178d9"
    );
    // Read back from a file, the fingerprint is the same.
    let back = Policy::from_json(&Policy::seed().to_json().unwrap()).unwrap();
    assert_eq!(back.fingerprint(), Policy::seed().fingerprint());
}

#[test]
fn a_missing_section_is_an_error_and_null_turns_it_off() {
    // Before: a file without `annual_reports` loaded and turned the rule off.
    let without = edit(
        &seed(),
        "  \"annual_reports\": {\n    \"first_year\": 2013,\n    \"deadline_month\": 6,\n    \"deadline_day\": 30,\n    \"severity\": \"minor\"\n  },\n",
        "",
    );
    let e = err(&without);
    assert_eq!(e.field(), Some("annual_reports"));
    assert!(
        e.message().starts_with("missing field `annual_reports`"),
        "{e}"
    );

    let off = edit(
        &seed(),
        "\"annual_reports\": {\n    \"first_year\": 2013,\n    \"deadline_month\": 6,\n    \"deadline_day\": 30,\n    \"severity\": \"minor\"\n  }",
        "\"annual_reports\": null",
    );
    assert_eq!(Policy::from_json(&off).unwrap().annual_reports, None);

    let no_disclosure = edit(&seed(), "  \"disclosure\": null,\n", "");
    assert_eq!(field(&no_disclosure), "disclosure");

    // The grading of each disclosure failure kind is required too.
    let mut p = Policy::seed();
    p.disclosure = Some(DisclosureGrading::source());
    let json = edit(
        &p.to_json().unwrap(),
        "    \"report_late\": \"minor\",\n",
        "",
    );
    assert_eq!(field(&json), "disclosure.report_late");
}

#[test]
fn unknown_fields_are_refused_with_their_path() {
    // A misspelt field used to be ignored.
    let typo = edit(
        &seed(),
        "\"name\": \"seed\",",
        "\"name\": \"seed\",\n  \"lock_months\": 24,",
    );
    let e = err(&typo);
    assert_eq!(e.field(), Some("lock_months"));
    assert!(
        e.to_string().starts_with(
            "policy field `lock_months`: unknown field `lock_months`, expected one of `name`"
        ),
        "{e}"
    );

    let nested = edit(
        &seed(),
        "\"window_months\": 12,\n      \"threshold\": 3,\n      \"severity\": \"minor\"",
        "\"window\": 12,\n      \"threshold\": 3,\n      \"severity\": \"minor\"",
    );
    assert_eq!(field(&nested), "cumulative[0].window");

    // Tagged enums refuse extra keys too.
    let ua = edit(
        &seed(),
        "\"action\": \"error\"",
        "\"action\": \"error\", \"extra\": 1",
    );
    assert_eq!(field(&ua), "penalties.unknown_article.extra");
    let counted = edit(
        &seed(),
        "\"facts\": \"complaints\"",
        "\"facts\": \"complaints\", \"severity\": \"minor\", \"x\": 1",
    );
    assert!(field(&counted).starts_with("cumulative[0].counts"));

    // Floor mode takes no score fields; score mode no unknown ones.
    let floors = edit(
        &seed(),
        "\"mode\": \"floors\"",
        "\"mode\": \"floors\",\n    \"base\": \"100\"",
    );
    assert_eq!(field(&floors), "scoring.base");
    let score_extra = edit(
        &score(),
        "\"floors\": true",
        "\"floors\": true,\n    \"ceiling\": 1",
    );
    assert_eq!(field(&score_extra), "scoring.ceiling");
    let no_mode = edit(&score(), "\"mode\": \"score\",", "");
    assert_eq!(field(&no_mode), "scoring.mode");
}

#[test]
fn type_and_syntax_errors_name_the_field() {
    let e = err(&edit(&seed(), "\"minor\": 12", "\"minor\": \"twelve\""));
    assert_eq!(e.field(), Some("lock.duration_months.minor"));
    assert_eq!(
        e.to_string(),
        "policy field `lock.duration_months.minor`: invalid type: string \"twelve\", expected i32 at line 6 column 23"
    );
    // Inside score mode (read without serde's buffering of tagged enums).
    let bands = edit(&score(), "\"min\": \"115\"", "\"min\": true");
    assert_eq!(field(&bands), "scoring.bands[0].min");
    let dec = edit(&score(), "\"base\": \"100\"", "\"base\": \"one hundred\"");
    assert_eq!(field(&dec), "scoring.base");

    let comma = edit(&seed(), "\"minor\": 12", "\"minor\": 12,,");
    assert_eq!(field(&comma), "lock.duration_months");
    let e = err(&format!("{} trailing", seed()));
    assert_eq!(e.field(), None);
    assert!(e.message().starts_with("trailing characters"), "{e}");
    assert_eq!(err("").field(), None);
    let e = err("[]");
    assert!(
        e.message()
            .starts_with("invalid length 0, expected struct Policy"),
        "{e}"
    );
    let e = err("42");
    assert!(
        e.message()
            .starts_with("invalid type: integer `42`, expected struct Policy"),
        "{e}"
    );
}

#[test]
fn validation_errors_use_the_same_paths() {
    let zero = edit(
        &seed(),
        "\"window_months\": 12,\n      \"threshold\": 3,\n      \"severity\": \"minor\"\n    },\n    {\n      \"id\": \"admonitions\"",
        "\"window_months\": 12,\n      \"threshold\": 0,\n      \"severity\": \"minor\"\n    },\n    {\n      \"id\": \"admonitions\"",
    );
    let e = err(&zero);
    assert_eq!(e.field(), Some("cumulative[0].threshold"));
    let mut p = Policy::seed();
    p.cumulative[0].threshold = 0;
    assert_eq!(e, p.validate().unwrap_err(), "from_json and validate agree");

    let minor = edit(&seed(), "\"minor\": 12", "\"minor\": 0");
    assert_eq!(field(&minor), "lock.duration_months.minor");
}

#[test]
fn plain_serde_deserialisation_validates_too() {
    let mut p = Policy::seed();
    p.refine.aa_min = 61.into();
    let json = serde_json::to_string(&p).unwrap();
    let e = serde_json::from_str::<Policy>(&json).unwrap_err();
    assert_eq!(
        e.to_string(),
        "policy field `refine.aa_min`: the AA threshold 61 is above the AAA threshold 60"
    );
    // The same file through from_json keeps the field as data.
    assert_eq!(field(&json), "refine.aa_min");
    // Plain serde is as strict about fields as from_json.
    let short = edit(
        &serde_json::to_string(&Policy::seed()).unwrap(),
        ",\"disclosure\":null",
        "",
    );
    assert!(serde_json::from_str::<Policy>(&short).is_err());
    assert!(matches!(
        serde_json::from_str::<Policy>(&score()).unwrap().scoring,
        Scoring::Score(_)
    ));
}

#[test]
fn supervision_files() {
    let p = SupervisionPolicy::source();
    let json = p.to_json().unwrap();
    assert_eq!(SupervisionPolicy::from_json(&json).unwrap(), p);

    let e = SupervisionPolicy::from_json(&edit(
        &json,
        "\"entry_delay_days\":",
        "\"entry_delay\": 1,\n    \"entry_delay_days\":",
    ))
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidPolicy);
    assert_eq!(e.field(), Some("warnings.entry_delay"));

    // A ladder whose last step ends is refused while reading, with its full path.
    let fees = serde_json::to_string_pretty(&Ladder::fee_arrears()).unwrap();
    let last_ends = fees.replace(
        "\"until\": null",
        "\"until\": {\"offset\": {\"months\": 9, \"days\": 0}, \"inclusive\": true}",
    );
    let e = serde_json::from_str::<Ladder>(&last_ends).unwrap_err();
    assert!(
        e.to_string().contains("the last step must have no end"),
        "{e}"
    );
    let whole = serde_json::to_string_pretty(&WarningPolicy::source()).unwrap();
    let broken = whole.replacen(&indent(&fees, 2), &indent(&last_ends, 2), 1);
    assert_ne!(broken, whole, "the ladder was found in the policy");
    let e = WarningPolicy::from_json(&broken).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidPolicy);
    assert_eq!(e.field(), Some("fee_arrears.steps[2].until"));
    assert!(
        e.message()
            .starts_with("the last step must have no end at line ")
    );

    // A step end must be written, `null` for the last step.
    let no_until = fees.replacen(",\n      \"until\": null", "", 1);
    assert_ne!(no_until, fees);
    assert!(
        serde_json::from_str::<Ladder>(&no_until)
            .unwrap_err()
            .to_string()
            .contains("missing field `until`")
    );

    // Every part has its own file, validated.
    assert_eq!(
        MeasurePolicy::from_json(&MeasurePolicy::source().to_json().unwrap()).unwrap(),
        MeasurePolicy::source()
    );
    assert_eq!(
        PatrolPolicy::from_json(&PatrolPolicy::source().to_json().unwrap()).unwrap(),
        PatrolPolicy::source()
    );
    assert_eq!(
        RiskCatalogue::from_json(&RiskCatalogue::source().to_json().unwrap()).unwrap(),
        RiskCatalogue::source()
    );
    assert_eq!(
        ExportPolicy::from_json(&ExportPolicy::source().to_json().unwrap()).unwrap(),
        ExportPolicy::source()
    );
    let s = SamplingPolicy::source().inspectors_per_enterprise(0);
    let e = SamplingPolicy::from_json(&s.to_json().unwrap()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidPolicy);
    assert_eq!(e, s.validate().unwrap_err());
}

fn indent(text: &str, by: usize) -> String {
    let pad = " ".repeat(by);
    text.lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                l.to_owned()
            } else {
                format!("{pad}{l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn disclosure_files() {
    let p = DisclosurePolicy::permit();
    assert_eq!(
        DisclosurePolicy::from_json(&p.to_json().unwrap()).unwrap(),
        p
    );
    let json = p.to_json().unwrap();
    let bad = edit(&json, "\"day\": 15", "\"day\": 40");
    let e = DisclosurePolicy::from_json(&bad).unwrap_err();
    assert_eq!(e.field(), Some("monthly_report"));
    let typo = edit(&json, "\"roll_forward\"", "\"rollforward\"");
    let e = DisclosurePolicy::from_json(&typo).unwrap_err();
    assert_eq!(
        e.field(),
        Some("monthly_report.day_of_next_month.rollforward")
    );

    let r = DisclosureRules::default();
    assert_eq!(
        DisclosureRules::from_json(&r.to_json().unwrap()).unwrap(),
        r
    );
    assert!(
        DisclosureRules::from_json("{}")
            .unwrap_err()
            .message()
            .starts_with("missing field")
    );

    // Regression (outside fuzzing run): a reversed period was accepted.
    let e =
        serde_json::from_str::<Period>(r#"{"start":"2025-05-01","end":"2025-02-28"}"#).unwrap_err();
    assert!(e.to_string().contains("before it starts"), "{e}");
    let e = serde_json::from_str::<BoundingBox>(
        r#"{"south":"31","west":"120","north":"30","east":"121"}"#,
    )
    .unwrap_err();
    assert!(e.to_string().contains("not south-west"), "{e}");
    let b: BoundingBox =
        serde_json::from_str(r#"{"south":"30","west":"120","north":"31","east":"121"}"#).unwrap();
    assert_eq!(
        serde_json::to_string(&b).unwrap(),
        r#"{"south":"30","west":"120","north":"31","east":"121"}"#
    );
}

#[test]
fn research_settings_files() {
    let c = SynthConfig::default().seed(9).enterprises(12);
    assert_eq!(SynthConfig::from_json(&c.to_json().unwrap()).unwrap(), c);
    // Settings with documented defaults may be partial; unknown fields are refused.
    assert_eq!(
        SynthConfig::from_json(r#"{"seed": 9, "enterprises": 12}"#).unwrap(),
        c
    );
    let e = SynthConfig::from_json(r#"{"sed": 9}"#).unwrap_err();
    assert_eq!(
        (e.kind(), e.field()),
        (ErrorKind::InvalidPolicy, Some("sed"))
    );
    // Out-of-range rates, which the setters clamp, are refused from a file.
    let e = SynthConfig::from_json(r#"{"repair_rate": "1.5"}"#).unwrap_err();
    assert_eq!(e.field(), Some("repair_rate"));
    assert_eq!(e.message(), "probability 1.5 is not in [0, 1]");
    let e = SynthConfig::from_json(r#"{"complaint_rate": "-1"}"#).unwrap_err();
    assert_eq!(e.field(), Some("complaint_rate"));
    // Plain serde refuses them as well.
    let e = serde_json::from_str::<SynthConfig>(r#"{"honour_rate": "13"}"#).unwrap_err();
    assert_eq!(
        e.to_string(),
        "policy field `honour_rate`: 13 per year is not in [0, 12]"
    );

    let o = PsiOptions::default();
    assert_eq!(PsiOptions::from_json(&o.to_json().unwrap()).unwrap(), o);
    assert_eq!(
        PsiOptions::from_json(r#"{"epsilon": "0"}"#)
            .unwrap_err()
            .field(),
        Some("epsilon")
    );

    let w = WeightOptions::default();
    assert_eq!(WeightOptions::from_json(&w.to_json().unwrap()).unwrap(), w);
    let e = WeightOptions::from_json(r#"{"places": 99}"#).unwrap_err();
    assert_eq!(
        (e.kind(), e.field()),
        (ErrorKind::InvalidPolicy, Some("places"))
    );

    // A target population that is not given is written as null.
    let t = CalibrationTargets::new("0.05".parse().unwrap(), "0.15".parse().unwrap());
    let json = serde_json::to_string(&t).unwrap();
    assert!(json.contains("\"population\":null"));
    assert_eq!(
        serde_json::from_str::<CalibrationTargets>(&json).unwrap(),
        t
    );
    assert!(serde_json::from_str::<CalibrationTargets>(r#"{"aaa":"0.05","aa":"0.15"}"#).is_err());
}

#[test]
fn research_knobs_and_matrices_are_strict() {
    use creditgrade::research::{Knob, KnobSweep, Outcome, TransitionMatrix};
    let k: Knob = serde_json::from_str(r#"{"knob": "lock_months", "severity": "minor"}"#).unwrap();
    assert_eq!(
        k,
        Knob::LockMonths {
            severity: creditgrade::Severity::Minor
        }
    );
    for bad in [
        r#"{"knob": "aaa_min", "x": 1}"#,
        r#"{"knob": "lock_months", "severity": "minor", "x": 1}"#,
        r#"{"knob": "lock_months"}"#,
    ] {
        assert!(serde_json::from_str::<Knob>(bad).is_err(), "{bad}");
    }
    let sweep = KnobSweep::new(Knob::AaaMin, 50.into(), 5.into(), 3);
    let json = serde_json::to_string(&sweep).unwrap();
    assert_eq!(serde_json::from_str::<KnobSweep>(&json).unwrap(), sweep);
    assert!(serde_json::from_str::<KnobSweep>(&json.replace("\"count\"", "\"n\"")).is_err());

    // A transition matrix read back must be one `from_pairs` could have built.
    let a = Outcome::Graded(creditgrade::Grade::A);
    let b = Outcome::Graded(creditgrade::Grade::B);
    let m = TransitionMatrix::from_pairs([("e1", a, b), ("e2", a, a)]).unwrap();
    let json = serde_json::to_string(&m).unwrap();
    assert_eq!(serde_json::from_str::<TransitionMatrix>(&json).unwrap(), m);
    let twice = json.replace(
        r#""movers":["#,
        r#""movers":[{"id":"e1","before":"A","after":"B"},"#,
    );
    let e = serde_json::from_str::<TransitionMatrix>(&twice).unwrap_err();
    assert!(e.to_string().contains("enterprise appears twice"), "{e}");
    let no_movers = json.split(r#","movers""#).next().unwrap().to_owned() + r#","movers":[]}"#;
    let e = serde_json::from_str::<TransitionMatrix>(&no_movers).unwrap_err();
    assert!(e.to_string().contains("but 0 movers"), "{e}");
}

#[test]
fn a_filter_for_unrated_enterprises_survives_a_round_trip() {
    use creditgrade::supervise::Filter;
    for f in [
        Filter::new(),
        Filter::new().grade(None),
        Filter::new().grade(Some(creditgrade::Grade::B)),
    ] {
        let json = serde_json::to_string(&f).unwrap();
        assert_eq!(serde_json::from_str::<Filter>(&json).unwrap(), f, "{json}");
    }
    assert!(serde_json::from_str::<Filter>(r#"{"grades": null}"#).is_err());
}

/// Input records refuse unknown fields too: a misspelt `legal_person` would
/// otherwise read as `false` and bar AAA without a word. (Facts are the
/// exception: their kind is flattened into them, which serde cannot combine
/// with refusing unknown fields.)
#[test]
fn input_records_refuse_unknown_fields() {
    use creditgrade::{Enterprise, History};
    let e: Enterprise = serde_json::from_str(
        r#"{"id": "E1", "registered_on": "2020-01-01", "legal_person": true}"#,
    )
    .unwrap();
    assert!(e.legal_person);
    let err = serde_json::from_str::<Enterprise>(
        r#"{"id": "E1", "registered_on": "2020-01-01", "legal_persn": true}"#,
    )
    .unwrap_err();
    assert!(
        err.to_string().starts_with("unknown field `legal_persn`"),
        "{err}"
    );
    let h =
        r#"{"enterprise": {"id": "E1", "registered_on": "2020-01-01"}, "facts": [], "fact": []}"#;
    assert!(serde_json::from_str::<History>(h).is_err());
}
