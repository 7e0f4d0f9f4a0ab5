//! Which OpenAPI version a document declares, and refusing the others.

use serde_json::Value;

use crate::diagnostics::Diagnostic;

/// Reads the `openapi` field: 3.0.x and 3.1.x are read (one lowering serves
/// both, after normalisation); Swagger 2.0, unknown versions and documents
/// that are not OpenAPI at all get an error naming what was found.
pub fn check(document: &Value, file: &str) -> Result<(), Diagnostic> {
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
    let supported = ["3.0", "3.1"]
        .iter()
        .any(|minor| text == *minor || text.starts_with(&format!("{minor}.")));
    if supported {
        Ok(())
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
