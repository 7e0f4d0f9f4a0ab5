//! Parsing a document's text as JSON or YAML, decided by content.
//!
//! The extension is not trusted: `.yaml` files that hold JSON are common, and
//! specs arrive without extensions. Text whose first non-blank character is
//! `{` or `[` is JSON (parsed by serde_json for exact positions); anything else
//! is YAML. YAML is read into `serde_yaml::Value` first and converted, because
//! OpenAPI YAML routinely uses non-string keys (`200:` under `responses`) that
//! a direct `serde_json::Value` deserialisation rejects.

use serde_json::{Map, Number, Value};

use crate::diagnostics::{Diagnostic, Location, Severity};

/// The syntax a document was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// JSON text.
    Json,
    /// YAML text.
    Yaml,
}

/// Detects the syntax of `text` from its first non-blank character.
pub fn detect(text: &str) -> Syntax {
    match text.trim_start_matches('\u{feff}').trim_start().chars().next() {
        Some('{') | Some('[') => Syntax::Json,
        _ => Syntax::Yaml,
    }
}

/// Parses `text` into a JSON value; `file` names it in diagnostics.
pub fn parse(text: &str, file: &str) -> Result<Value, Diagnostic> {
    let text = text.trim_start_matches('\u{feff}');
    match detect(text) {
        Syntax::Json => serde_json::from_str(text).map_err(|e| {
            syntax_error(
                file,
                e.line(),
                e.column(),
                format!("invalid JSON: {}", strip_position(&e.to_string())),
            )
        }),
        Syntax::Yaml => {
            let yaml: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| {
                let (line, column) = e.location().map(|l| (l.line(), l.column())).unwrap_or((1, 1));
                syntax_error(
                    file,
                    line,
                    column,
                    format!("invalid YAML: {}", strip_position(&e.to_string())),
                )
            })?;
            yaml_to_json(yaml, file, &mut String::from("#"))
        }
    }
}

fn syntax_error(file: &str, line: usize, column: usize, message: String) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        file: file.to_string(),
        location: Location::Position { line, column },
        message,
    }
}

/// serde_json and serde_yaml append " at line X column Y"; the location is
/// reported separately, so it is dropped from the message.
fn strip_position(message: &str) -> String {
    match message.find(" at line ") {
        Some(index) => message[..index].to_string(),
        None => message.to_string(),
    }
}

fn yaml_to_json(value: serde_yaml::Value, file: &str, pointer: &mut String) -> Result<Value, Diagnostic> {
    Ok(match value {
        serde_yaml::Value::Null => Value::Null,
        serde_yaml::Value::Bool(b) => Value::Bool(b),
        serde_yaml::Value::Number(n) => yaml_number(&n),
        serde_yaml::Value::String(s) => Value::String(s),
        serde_yaml::Value::Sequence(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (index, item) in items.into_iter().enumerate() {
                let len = pointer.len();
                pointer.push_str(&format!("/{index}"));
                out.push(yaml_to_json(item, file, pointer)?);
                pointer.truncate(len);
            }
            Value::Array(out)
        }
        serde_yaml::Value::Mapping(mapping) => {
            let mut out = Map::with_capacity(mapping.len());
            for (key, item) in mapping {
                let key = yaml_key(key).ok_or_else(|| {
                    Diagnostic::error(
                        file,
                        pointer.clone(),
                        "a mapping key is not a scalar (string, number or boolean)",
                    )
                })?;
                let len = pointer.len();
                pointer.push('/');
                crate::diagnostics::push_pointer_segment(pointer, &key);
                let item = yaml_to_json(item, file, pointer)?;
                pointer.truncate(len);
                out.insert(key, item);
            }
            Value::Object(out)
        }
        serde_yaml::Value::Tagged(tagged) => yaml_to_json(tagged.value, file, pointer)?,
    })
}

fn yaml_number(n: &serde_yaml::Number) -> Value {
    if let Some(i) = n.as_i64() {
        Value::Number(i.into())
    } else if let Some(u) = n.as_u64() {
        Value::Number(u.into())
    } else {
        // NaN and infinities have no JSON form; keep their YAML spelling.
        n.as_f64()
            .and_then(Number::from_f64)
            .map(Value::Number)
            .unwrap_or_else(|| Value::String(n.to_string()))
    }
}

fn yaml_key(key: serde_yaml::Value) -> Option<String> {
    match key {
        serde_yaml::Value::String(s) => Some(s),
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        serde_yaml::Value::Bool(b) => Some(b.to_string()),
        serde_yaml::Value::Null => Some("null".to_string()),
        serde_yaml::Value::Tagged(tagged) => yaml_key(tagged.value),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_detected_by_content() {
        assert_eq!(detect("  \n{\"openapi\": \"3.0.0\"}"), Syntax::Json);
        assert_eq!(detect("openapi: 3.0.0"), Syntax::Yaml);
    }

    #[test]
    fn integer_yaml_keys_become_strings() {
        let value = parse("responses:\n  200: ok\n", "t.yaml").expect("parses");
        assert_eq!(value["responses"]["200"], "ok");
    }

    #[test]
    fn yaml_errors_have_positions() {
        let error = parse("a: 1\nb: [\n", "t.yaml").expect_err("fails");
        assert!(matches!(error.location, Location::Position { .. }), "{error}");
    }
}
