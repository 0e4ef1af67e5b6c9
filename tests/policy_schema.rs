//! The JSON Schema of policy files (`docs/policy.schema.json`): current with the
//! types, and in agreement with `Policy::from_json` on the presets and on
//! documents it must refuse.
//!
//! Regenerate the committed file with
//! `UPDATE_SCHEMA=1 cargo test --features schema --test policy_schema`.
#![cfg(feature = "schema")]

use std::path::Path;

use creditgrade::Policy;
use creditgrade::policy::{DisclosureGrading, UnknownArticle};
use serde_json::{Map, Value, json};

const DECIMAL_PATTERN: &str = r"^-?\d+(\.\d+)?$";

fn schema_text() -> String {
    let mut s = serde_json::to_string_pretty(&creditgrade::policy::schema()).unwrap();
    s.push('\n');
    s
}

#[test]
fn the_committed_schema_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/policy.schema.json");
    let fresh = schema_text();
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &fresh).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "docs/policy.schema.json is stale: the policy types changed. Regenerate it with\n\
         UPDATE_SCHEMA=1 cargo test --features schema --test policy_schema\n\
         and commit the result."
    );
}

/// A validator for the keywords this schema uses; any other keyword fails the
/// test, so a new construct from the generator cannot pass unchecked.
struct Validator<'a> {
    defs: &'a Map<String, Value>,
}

impl Validator<'_> {
    fn check(&self, schema: &Value, v: &Value, path: &str) -> Result<(), String> {
        let s = schema.as_object().expect("a schema is an object");
        for (k, sub) in s {
            match k.as_str() {
                "$schema" | "$defs" | "title" | "description" | "format" => {}
                "$ref" => {
                    let name = sub.as_str().unwrap().strip_prefix("#/$defs/").unwrap();
                    self.check(&self.defs[name], v, path)?;
                }
                "type" => {
                    let types: Vec<&str> = match sub {
                        Value::String(t) => vec![t.as_str()],
                        Value::Array(ts) => ts.iter().map(|t| t.as_str().unwrap()).collect(),
                        _ => panic!("type {sub}"),
                    };
                    if !types.iter().any(|t| type_matches(t, v)) {
                        return Err(format!("{path}: {v} is not of type {types:?}"));
                    }
                }
                "const" => {
                    if v != sub {
                        return Err(format!("{path}: {v} is not {sub}"));
                    }
                }
                "enum" => {
                    if !sub.as_array().unwrap().contains(v) {
                        return Err(format!("{path}: {v} is not one of {sub}"));
                    }
                }
                "pattern" => {
                    assert_eq!(sub.as_str().unwrap(), DECIMAL_PATTERN, "unknown pattern");
                    if let Some(text) = v.as_str() {
                        if !is_decimal(text) {
                            return Err(format!("{path}: {text:?} is not a decimal"));
                        }
                    }
                }
                "minimum" => {
                    if let Some(n) = v.as_f64() {
                        if n < sub.as_f64().unwrap() {
                            return Err(format!("{path}: {n} is below {sub}"));
                        }
                    }
                }
                "properties" | "required" | "additionalProperties" => {
                    if let Some(obj) = v.as_object() {
                        self.object(s, obj, path)?;
                    }
                }
                "items" => {
                    if let Some(items) = v.as_array() {
                        for (i, item) in items.iter().enumerate() {
                            self.check(sub, item, &format!("{path}[{i}]"))?;
                        }
                    }
                }
                "anyOf" => {
                    let subs = sub.as_array().unwrap();
                    if !subs.iter().any(|x| self.check(x, v, path).is_ok()) {
                        return Err(format!("{path}: {v} matches no alternative"));
                    }
                }
                "oneOf" => {
                    let n = sub
                        .as_array()
                        .unwrap()
                        .iter()
                        .filter(|x| self.check(x, v, path).is_ok())
                        .count();
                    if n != 1 {
                        return Err(format!("{path}: {v} matches {n} alternatives, not one"));
                    }
                }
                other => panic!("keyword {other} is not understood by this test"),
            }
        }
        Ok(())
    }

    fn object(
        &self,
        s: &Map<String, Value>,
        obj: &Map<String, Value>,
        path: &str,
    ) -> Result<(), String> {
        let props = s.get("properties").and_then(Value::as_object);
        if let Some(req) = s.get("required") {
            for r in req.as_array().unwrap() {
                let r = r.as_str().unwrap();
                if !obj.contains_key(r) {
                    return Err(format!("{path}: missing {r}"));
                }
            }
        }
        for (k, val) in obj {
            let at = if path.is_empty() {
                k.clone()
            } else {
                format!("{path}.{k}")
            };
            match props.and_then(|p| p.get(k)) {
                Some(ps) => self.check(ps, val, &at)?,
                None => match s.get("additionalProperties") {
                    Some(Value::Bool(false)) => return Err(format!("{at}: unknown field")),
                    Some(extra @ Value::Object(_)) => self.check(extra, val, &at)?,
                    _ => {}
                },
            }
        }
        Ok(())
    }
}

fn type_matches(t: &str, v: &Value) -> bool {
    match t {
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "boolean" => v.is_boolean(),
        "null" => v.is_null(),
        "integer" => v.is_i64() || v.is_u64(),
        "number" => v.is_number(),
        _ => panic!("type {t}"),
    }
}

/// `^-?\d+(\.\d+)?$`
fn is_decimal(s: &str) -> bool {
    let s = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    let digits = |x: &str| !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit());
    digits(int) && frac.is_none_or(digits)
}

fn validate(doc: &Value) -> Result<(), String> {
    let schema = creditgrade::policy::schema();
    let v = Validator {
        defs: schema["$defs"].as_object().unwrap(),
    };
    v.check(&schema, doc, "")
}

fn doc(p: &Policy) -> Value {
    serde_json::from_str(&p.to_json().unwrap()).unwrap()
}

#[test]
fn every_preset_file_validates() {
    let mut with_disclosure = Policy::seed();
    with_disclosure.disclosure = Some(DisclosureGrading::source());
    let mut without_reports = Policy::score_preset();
    without_reports.annual_reports = None;
    let mut treat = Policy::seed();
    treat.penalties.unknown_article = UnknownArticle::Treat(creditgrade::Severity::General);
    for p in [
        Policy::seed(),
        Policy::score_preset(),
        with_disclosure,
        without_reports,
        treat,
    ] {
        validate(&doc(&p)).unwrap_or_else(|e| panic!("{}: {e}", p.name));
    }
}

/// An edit of a policy document.
type Edit = Box<dyn Fn(&mut Value)>;

/// Each edit makes a document both the schema and `Policy::from_json` refuse.
#[test]
fn what_the_schema_refuses_the_parser_refuses() {
    let edits: Vec<(&str, Edit)> = vec![
        (
            "unknown top-level field",
            Box::new(|d| {
                d["lock_months"] = json!(24);
            }),
        ),
        (
            "missing disclosure",
            Box::new(|d| {
                d.as_object_mut().unwrap().remove("disclosure");
            }),
        ),
        (
            "missing annual_reports",
            Box::new(|d| {
                d.as_object_mut().unwrap().remove("annual_reports");
            }),
        ),
        (
            "unknown nested field",
            Box::new(|d| {
                d["cumulative"][0]["window"] = json!(12);
            }),
        ),
        (
            "score field in floor mode",
            Box::new(|d| {
                d["scoring"]["base"] = json!("100");
            }),
        ),
        (
            "decimal that is not a decimal",
            Box::new(|d| {
                d["refine"]["aaa_min"] = json!("sixty");
            }),
        ),
        (
            "decimal as a boolean",
            Box::new(|d| {
                d["refine"]["aaa_min"] = json!(true);
            }),
        ),
        (
            "unknown severity",
            Box::new(|d| {
                d["annual_reports"]["severity"] = json!("huge");
            }),
        ),
        (
            "integer as a string",
            Box::new(|d| {
                d["lock"]["duration_months"]["minor"] = json!("12");
            }),
        ),
        (
            "extra key beside a tag",
            Box::new(|d| {
                d["penalties"]["unknown_article"]["note"] = json!("x");
            }),
        ),
        (
            "counted penalties without a severity",
            Box::new(|d| {
                d["cumulative"][2]["counts"] = json!({"facts": "penalties"});
            }),
        ),
        (
            "a $schema key",
            Box::new(|d| {
                d["$schema"] = json!("./policy.schema.json");
            }),
        ),
        (
            "disclosure grading without a kind",
            Box::new(|d| {
                d["disclosure"] = json!({"low_disclosure_rate": "minor", "report_late": "minor", "report_missing": null});
            }),
        ),
    ];
    for (name, edit) in edits {
        let mut d = doc(&Policy::seed());
        edit(&mut d);
        assert!(validate(&d).is_err(), "{name}: the schema accepts it");
        let text = serde_json::to_string_pretty(&d).unwrap();
        assert!(
            Policy::from_json(&text).is_err(),
            "{name}: from_json accepts it"
        );
    }
    // And edits both accept.
    let mut d = doc(&Policy::seed());
    d["disclosure"] = json!({"low_disclosure_rate": null, "report_late": "minor", "report_missing": "serious", "repeated_exceedance": null});
    d["annual_reports"] = Value::Null;
    validate(&d).unwrap();
    Policy::from_json(&d.to_string()).unwrap();
}

#[test]
fn the_schema_is_strict_everywhere() {
    let schema = creditgrade::policy::schema();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    let mut objects = 0;
    let mut walk = vec![&schema];
    while let Some(s) = walk.pop() {
        match s {
            Value::Object(m) => {
                if let Some(props) = m.get("properties").and_then(Value::as_object) {
                    objects += 1;
                    // Unknown fields refused, every field required.
                    assert_eq!(m["additionalProperties"], false, "{s}");
                    let req: Vec<&str> = m["required"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|r| r.as_str().unwrap())
                        .collect();
                    for k in props.keys() {
                        assert!(req.contains(&k.as_str()), "{k} is not required in {s}");
                    }
                }
                walk.extend(m.values());
            }
            Value::Array(a) => walk.extend(a),
            _ => {}
        }
    }
    assert!(objects > 20, "{objects} object schemas");
    // The optional sections are required and nullable.
    for section in ["annual_reports", "disclosure"] {
        let alts = schema["properties"][section]["anyOf"].as_array().unwrap();
        assert!(alts.contains(&json!({"type": "null"})), "{section}");
    }
    // Descriptions come from the documentation, without code examples.
    assert!(!schema_text().contains("```"));
    assert_eq!(
        schema["properties"]["annual_reports"]["description"],
        "Annual reports; `None` (`null` in a file) turns the rule off."
    );
}

#[test]
fn decimals_the_schema_accepts_parse() {
    for ok in ["0", "-5", "60", "0.25", "-0.125", "007"] {
        assert!(is_decimal(ok), "{ok}");
        let mut d = doc(&Policy::seed());
        d["refine"]["aa_min"] = json!(ok);
        d["refine"]["aaa_min"] = json!("1000");
        let text = d.to_string();
        validate(&d).unwrap();
        let p = Policy::from_json(&text);
        // Negative thresholds fail validation, not parsing.
        if ok.starts_with('-') {
            assert_eq!(p.unwrap_err().field(), Some("refine.aa_min"));
        } else {
            assert_eq!(
                p.unwrap().refine.aa_min.to_string().parse::<f64>().unwrap(),
                ok.parse::<f64>().unwrap()
            );
        }
    }
    for bad in ["", "-", "1.", ".5", "1e3", "+1", "1,5"] {
        assert!(!is_decimal(bad), "{bad}");
    }
}
