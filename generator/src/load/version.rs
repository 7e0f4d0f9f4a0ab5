//! Which OpenAPI version a document declares, and refusing the others.

use serde_json::Value;

use crate::diagnostics::Diagnostic;

/// The OpenAPI versions the generator reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecVersion {
    /// OpenAPI 3.0.x.
    V3_0,
    /// OpenAPI 3.1.x (JSON Schema 2020-12 schemas).
    V3_1,
}

/// Reads the `openapi` field; Swagger 2.0, unknown versions and documents
/// that are not OpenAPI at all get an error naming what was found.
pub fn check(document: &Value, file: &str) -> Result<SpecVersion, Diagnostic> {
    let Some(object) = document.as_object() else {
        let found = match document {
            Value::Array(_) => "a list",
            Value::String(_) => "a string",
            Value::Null => "an empty document",
            _ => "a scalar",
        };
        return Err(Diagnostic::error(
            file,
            "#",
            format!("not an OpenAPI document: the top level is {found}, not a mapping"),
        ));
    };
    if let Some(swagger) = object.get("swagger") {
        return Err(Diagnostic::error(
            file,
            "#/swagger",
            format!(
                "Swagger {} documents are not supported; convert the document to OpenAPI 3.x first",
                display_version(swagger)
            ),
        ));
    }
    let Some(version) = object.get("openapi") else {
        return Err(Diagnostic::error(
            file,
            "#",
            "not an OpenAPI document: the `openapi` version field is missing",
        ));
    };
    let text = display_version(version);
    if text.starts_with("3.0.") || text == "3.0" {
        Ok(SpecVersion::V3_0)
    } else if text.starts_with("3.1.") || text == "3.1" {
        Ok(SpecVersion::V3_1)
    } else {
        Err(Diagnostic::error(
            file,
            "#/openapi",
            format!("unsupported OpenAPI version `{text}`; supported versions are 3.0.x and 3.1.x"),
        ))
    }
}

fn display_version(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
