//! Round trips of an API document's examples through the generated types:
//! what the tests that `switchboard-codegen … --with-tests` writes call.
//!
//! An example goes through the type the way a server's reply does: its JSON
//! text is decoded into `T` (as [`RawResponse::json`](crate::RawResponse::json)
//! would), serialised back (as a request body would be), and the result
//! compared with the example. They must be the same JSON, with these
//! normalisations, each of which the generated types do on purpose:
//!
//! - **numbers compare by value**: `1` and `1.0` are the same JSON number
//!   (a `number` property is an `f64`); a value that a `float` property
//!   (`f32`) rounds compares at `f32` precision;
//! - **a `null` may come back absent**: an optional property given as
//!   `null` is `None`, which is left out when serialised;
//! - **a property absent from the example may appear**: the type fills in a
//!   property's schema `default` when it is absent.
//!
//! Anything else is a [`Mismatch`] that says where (a JSON pointer inside
//! the example) and what differs. [`check`] is the test's assertion: it
//! prints the failure as one JSON line on standard error (so tools can count
//! failures: `{"switchboard_example": {"document", "pointer", "type",
//! "stage", "at", "reason"}}`) and panics with the same in words. When the
//! environment variable `SWITCHBOARD_EXAMPLE_REPORT` names a file, every
//! checked example (passed or not) appends such a line to it, with
//! `"stage": "ok"` for those that round-trip.

use std::fmt;
use std::io::Write as _;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// The environment variable naming a file every [`check`] appends its
/// outcome to, one JSON line per example.
pub const REPORT_VARIABLE: &str = "SWITCHBOARD_EXAMPLE_REPORT";

/// Where a round trip failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The example text is not JSON (the generator wrote it, so this is
    /// not expected).
    Json,
    /// The example does not decode into the type.
    Decode,
    /// The decoded value does not serialise.
    Encode,
    /// It decodes and serialises, but the JSON that comes back differs.
    Differs,
}

impl Stage {
    /// `json`, `decode`, `encode` or `differs`.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Json => "json",
            Stage::Decode => "decode",
            Stage::Encode => "encode",
            Stage::Differs => "differs",
        }
    }
}

/// Why an example does not round-trip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// Where it failed.
    pub stage: Stage,
    /// A JSON pointer inside the example (`""` for the whole value,
    /// `/contacts/0/id`).
    pub at: String,
    /// What is wrong there.
    pub reason: String,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = if self.at.is_empty() {
            "the root"
        } else {
            self.at.as_str()
        };
        let what = match self.stage {
            Stage::Json => "is not JSON",
            Stage::Decode => "does not decode",
            Stage::Encode => "does not serialise back",
            Stage::Differs => "comes back different",
        };
        write!(f, "{what} at {at}: {}", self.reason)
    }
}

impl std::error::Error for Mismatch {}

/// Decodes `example` (JSON text) into `T`, serialises it back and compares
/// the two, modulo the normalisations of the [module docs](self).
pub fn round_trip<T: DeserializeOwned + Serialize>(example: &str) -> Result<(), Mismatch> {
    let expected: Value = serde_json::from_str(example).map_err(|error| Mismatch {
        stage: Stage::Json,
        at: String::new(),
        reason: error.to_string(),
    })?;
    let mut deserializer = serde_json::Deserializer::from_str(example);
    let typed: T = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        // The path's own segments, exact whatever the keys hold (`a.b`);
        // a union's failure inside the value is only known as text.
        let mut at = String::new();
        for segment in error.path() {
            match segment {
                serde_path_to_error::Segment::Seq { index } => push_token(&mut at, &index.to_string()),
                serde_path_to_error::Segment::Map { key } => push_token(&mut at, key),
                serde_path_to_error::Segment::Enum { .. } | serde_path_to_error::Segment::Unknown => {}
            }
        }
        let (inner, message) = crate::de::located(".", &error.inner().to_string());
        at.push_str(&pointer_of(&inner));
        Mismatch {
            stage: Stage::Decode,
            at,
            reason: message,
        }
    })?;
    let actual = serde_json::to_value(&typed).map_err(|error| Mismatch {
        stage: Stage::Encode,
        at: String::new(),
        reason: error.to_string(),
    })?;
    compare(&expected, &actual)
}

/// Compares an example with what came back from its type, modulo the
/// normalisations of the [module docs](self); the first difference found
/// (in document order) is the error.
pub fn compare(expected: &Value, actual: &Value) -> Result<(), Mismatch> {
    let mut at = String::new();
    compare_at(expected, actual, &mut at)
}

fn compare_at(expected: &Value, actual: &Value, at: &mut String) -> Result<(), Mismatch> {
    let differs = |at: &str, reason: String| Mismatch {
        stage: Stage::Differs,
        at: at.to_owned(),
        reason,
    };
    match (expected, actual) {
        (Value::Number(left), Value::Number(right)) => {
            if same_number(left, right) {
                Ok(())
            } else {
                Err(differs(
                    at,
                    format!("the example has {left}, the type gives back {right}"),
                ))
            }
        }
        (Value::Array(left), Value::Array(right)) => {
            if left.len() != right.len() {
                return Err(differs(
                    at,
                    format!(
                        "the example has {} items, the type gives back {}",
                        left.len(),
                        right.len()
                    ),
                ));
            }
            for (index, (l, r)) in left.iter().zip(right).enumerate() {
                within(at, &index.to_string(), |at| compare_at(l, r, at))?;
            }
            Ok(())
        }
        (Value::Object(left), Value::Object(right)) => compare_objects(left, right, at),
        _ if expected == actual => Ok(()),
        _ => Err(differs(
            at,
            format!(
                "the example has {}, the type gives back {}",
                short(expected),
                short(actual)
            ),
        )),
    }
}

fn compare_objects(
    expected: &Map<String, Value>,
    actual: &Map<String, Value>,
    at: &mut String,
) -> Result<(), Mismatch> {
    for (key, value) in expected {
        match actual.get(key) {
            Some(back) => within(at, key, |at| compare_at(value, back, at))?,
            // An optional property given as `null` is `None`, left out.
            None if value.is_null() => {}
            None => {
                return within(at, key, |at| {
                    Err(Mismatch {
                        stage: Stage::Differs,
                        at: at.clone(),
                        reason: "the property is dropped by the type".to_owned(),
                    })
                });
            }
        }
    }
    // Properties only the type has are the defaults it fills in.
    Ok(())
}

/// Appends `/token` (escaped) to the pointer `at`.
fn push_token(at: &mut String, token: &str) {
    at.push('/');
    at.push_str(&token.replace('~', "~0").replace('/', "~1"));
}

/// Runs `f` with `/segment` appended to the pointer `at`.
fn within<R>(at: &mut String, segment: &str, f: impl FnOnce(&mut String) -> R) -> R {
    let len = at.len();
    push_token(at, segment);
    let out = f(at);
    at.truncate(len);
    out
}

/// Integers and floats of the same value are the same JSON number; a value
/// rounded to `f32` (a `float` property) is the same at `f32` precision.
fn same_number(left: &serde_json::Number, right: &serde_json::Number) -> bool {
    if left == right {
        return true;
    }
    match (left.as_f64(), right.as_f64()) {
        (Some(l), Some(r)) => l == r || (r == f64::from(r as f32) && l as f32 == r as f32),
        _ => false,
    }
}

/// A value as shown in a message: JSON text, cut after 80 characters.
fn short(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(80) {
        Some((index, _)) => format!("{}…", &text[..index]),
        None => text,
    }
}

/// A dotted path (`data.items[1].id`, `.` for the root) as a JSON pointer
/// (`/data/items/1/id`).
fn pointer_of(path: &str) -> String {
    let mut out = String::new();
    for segment in crate::de::segments(path) {
        let token = segment
            .strip_prefix('[')
            .and_then(|s| s.strip_suffix(']'))
            .unwrap_or(&segment);
        push_token(&mut out, token);
    }
    out
}

/// One example's outcome as a JSON line.
fn report_line<T>(document: &str, pointer: &str, outcome: &Result<(), Mismatch>) -> String {
    let (stage, at, reason) = match outcome {
        Ok(()) => ("ok", "", ""),
        Err(m) => (m.stage.as_str(), m.at.as_str(), m.reason.as_str()),
    };
    let line = serde_json::json!({
        "switchboard_example": {
            "document": document,
            "pointer": pointer,
            "type": std::any::type_name::<T>(),
            "stage": stage,
            "at": at,
            "reason": reason,
        }
    });
    line.to_string()
}

/// The assertion of a generated example test: the example at `pointer` of
/// `document` (JSON text) round-trips through `T`. On failure it prints one
/// JSON line on standard error and panics, naming the example and where
/// inside it the difference is.
#[track_caller]
pub fn check<T: DeserializeOwned + Serialize>(document: &str, pointer: &str, example: &str) {
    let outcome = round_trip::<T>(example);
    let line = report_line::<T>(document, pointer, &outcome);
    if let Some(file) = std::env::var_os(REPORT_VARIABLE) {
        let appended = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&file)
            .and_then(|mut f| f.write_all(format!("{line}\n").as_bytes()));
        if let Err(error) = appended {
            eprintln!("cannot append to {}: {error}", file.to_string_lossy());
        }
    }
    if let Err(mismatch) = outcome {
        eprintln!("{line}");
        panic!(
            "{document}: {pointer}: the example {mismatch} (type {})",
            std::any::type_name::<T>()
        );
    }
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};
    use serde_json::json;

    use super::*;

    #[derive(Debug, Serialize, Deserialize)]
    struct Contact {
        id: i64,
        #[serde(skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        #[serde(default = "free")]
        plan: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        score: Option<f32>,
        #[serde(default)]
        tags: Vec<String>,
    }

    fn free() -> String {
        "free".to_owned()
    }

    #[test]
    fn an_example_that_round_trips() {
        round_trip::<Contact>(r#"{"id": 1, "name": "Ada", "plan": "pro", "tags": ["a"]}"#).unwrap();
    }

    #[test]
    fn documented_normalisations() {
        // `null` for an optional property comes back absent; the default
        // `plan` appears; 0.1 as f32 is 0.1; 1 is 1.0 for an f64 (but 1.0
        // is not an integer: serde_json does not decode it into an i64).
        round_trip::<Contact>(r#"{"id": 1, "name": null, "score": 0.1, "tags": []}"#).unwrap();
        round_trip::<f64>("1").unwrap();
        round_trip::<i64>("1.0").unwrap_err();
    }

    #[test]
    fn a_decode_failure_is_located() {
        let mismatch = round_trip::<Vec<Contact>>(r#"[{"id": 1}, {"id": "two"}]"#).unwrap_err();
        assert_eq!(mismatch.stage, Stage::Decode);
        assert_eq!(mismatch.at, "/1/id");
        assert!(mismatch.reason.contains("invalid type: string"), "{mismatch}");
        let missing = round_trip::<Contact>(r#"{"name": "x"}"#).unwrap_err();
        assert_eq!((missing.stage, missing.at.as_str()), (Stage::Decode, ""));
        assert!(missing.reason.contains("missing field `id`"), "{missing}");
    }

    #[test]
    fn keys_with_dots_and_slashes_stay_whole() {
        let mismatch =
            round_trip::<std::collections::BTreeMap<String, Contact>>(r#"{"hello.py": null, "a/b": {"id": 1}}"#)
                .unwrap_err();
        assert_eq!((mismatch.stage, mismatch.at.as_str()), (Stage::Decode, "/hello.py"));
    }

    #[test]
    fn a_dropped_property_is_located() {
        let mismatch = compare(&json!({"a": [{"b/c": 1, "d": 2}]}), &json!({"a": [{"b/c": 1}]})).unwrap_err();
        assert_eq!(mismatch.stage, Stage::Differs);
        assert_eq!(mismatch.at, "/a/0/d");
        assert_eq!(mismatch.reason, "the property is dropped by the type");
        let mismatch = compare(&json!({"a": [{"b/c": 1}]}), &json!({"a": [{"b/c": 2}]})).unwrap_err();
        assert_eq!(mismatch.at, "/a/0/b~1c");
        assert_eq!(mismatch.reason, "the example has 1, the type gives back 2");
        let mismatch = compare(&json!([1, 2]), &json!([1])).unwrap_err();
        assert_eq!(
            (mismatch.at.as_str(), mismatch.reason.as_str()),
            ("", "the example has 2 items, the type gives back 1")
        );
        assert!(compare(&json!({"a": "x"}), &json!({"a": null})).is_err());
        assert!(compare(&json!(0.1), &json!(0.2)).is_err());
        assert!(compare(&json!(1.5), &json!(1)).is_err());
    }

    #[test]
    fn report_lines_are_json() {
        let outcome = round_trip::<Contact>(r#"{"id": true}"#);
        let line: Value = serde_json::from_str(&report_line::<Contact>("api.yaml", "#/x/example", &outcome)).unwrap();
        let report = &line["switchboard_example"];
        assert_eq!(report["document"], "api.yaml");
        assert_eq!(report["pointer"], "#/x/example");
        assert_eq!(report["stage"], "decode");
        assert_eq!(report["at"], "/id");
        assert!(report["type"].as_str().unwrap().ends_with("Contact"));
        let ok: Value = serde_json::from_str(&report_line::<i64>("a", "#/b", &Ok(()))).unwrap();
        assert_eq!(ok["switchboard_example"]["stage"], "ok");
    }

    #[test]
    #[should_panic(expected = "api.yaml: #/components/schemas/Contact/example: the example does not decode at /id")]
    fn check_panics_with_the_pointer() {
        check::<Contact>("api.yaml", "#/components/schemas/Contact/example", r#"{"id": "x"}"#);
    }
}
