//! The document's examples, found while the raw JSON is at hand (only when
//! example tests are asked for): lowering gives each one the type made at
//! its schema.
//!
//! ```text
//! schema      example / examples[i]     → tested against the schema
//! media type  example / examples.X      → against the media type's schema
//!             (value, or $ref to components/examples)
//! parameter   example / examples.X      → against the parameter's schema
//! header
//! ```

use serde_json::{Map, Value};

use super::walk::{Slot, resolve_pointer, walk};
use crate::diagnostics::escape_pointer_segment;

/// An example found in the document, before it is given a type.
#[derive(Debug, Clone)]
pub struct FoundExample {
    /// Its pointer in the (bundled) document.
    pub pointer: String,
    /// The pointer of the schema it illustrates, if it has one.
    pub schema: Option<String>,
    /// The media type it is written under, for a media type's examples.
    pub media_type: Option<String>,
    /// The value, or why there is none to test.
    pub value: Result<Value, String>,
}

/// Every example of `document`, in document order.
pub(crate) fn find(document: &Value) -> Vec<FoundExample> {
    let mut found = Vec::new();
    walk(
        document,
        Slot::Structure,
        &mut String::from("#"),
        &mut |node, slot, pointer| {
            let Value::Object(object) = node else { return };
            if slot.is_schema() {
                schema_examples(object, pointer, &mut found);
            } else if slot == Slot::Structure {
                usage_examples(document, object, pointer, &mut found);
            }
        },
    );
    found
}

/// The `example` and (3.1) `examples` items of a schema.
fn schema_examples(schema: &Map<String, Value>, pointer: &str, found: &mut Vec<FoundExample>) {
    if let Some(value) = schema.get("example") {
        found.push(FoundExample {
            pointer: format!("{pointer}/example"),
            schema: Some(pointer.to_string()),
            media_type: None,
            value: Ok(value.clone()),
        });
    }
    if let Some(Value::Array(items)) = schema.get("examples") {
        for (index, value) in items.iter().enumerate() {
            found.push(FoundExample {
                pointer: format!("{pointer}/examples/{index}"),
                schema: Some(pointer.to_string()),
                media_type: None,
                value: Ok(value.clone()),
            });
        }
    }
}

/// The examples of a media type, parameter or header object.
fn usage_examples(document: &Value, object: &Map<String, Value>, pointer: &str, found: &mut Vec<FoundExample>) {
    if !object.contains_key("example") && !object.contains_key("examples") {
        return;
    }
    let mut segments = pointer.rsplit('/');
    let last = segments.next().unwrap_or_default();
    let is_media_type = segments.next() == Some("content");
    // Only media types, parameters and headers hold a schema beside
    // their examples; other structures (`components`) are not examples.
    if !is_media_type && !object.contains_key("schema") {
        return;
    }
    let media_type = is_media_type.then(|| last.replace("~1", "/").replace("~0", "~"));
    let schema = object.contains_key("schema").then(|| format!("{pointer}/schema"));
    if let Some(value) = object.get("example") {
        found.push(FoundExample {
            pointer: format!("{pointer}/example"),
            schema: schema.clone(),
            media_type: media_type.clone(),
            value: Ok(value.clone()),
        });
    }
    let Some(Value::Object(named)) = object.get("examples") else {
        return;
    };
    for (name, example) in named {
        let at = format!("{pointer}/examples/{}", escape_pointer_segment(name));
        let (at, value) = match example_value(document, example) {
            Ok((Some(inline), value)) => (format!("{at}/{inline}"), Ok(value)),
            Ok((None, value)) => (at, Ok(value)),
            Err(reason) => (at, Err(reason)),
        };
        found.push(FoundExample {
            pointer: at,
            schema: schema.clone(),
            media_type: media_type.clone(),
            value,
        });
    }
}

/// The value of an Example Object, following `$ref`s: `Some("value")`
/// when it is written inline (the pointer then names the value).
fn example_value(document: &Value, example: &Value) -> Result<(Option<&'static str>, Value), String> {
    let mut current = example;
    let mut inline = true;
    for _ in 0..32 {
        match current.get("$ref").and_then(Value::as_str) {
            Some(reference) => {
                current = reference
                    .starts_with('#')
                    .then(|| resolve_pointer(document, reference))
                    .flatten()
                    .ok_or_else(|| format!("$ref `{reference}` does not resolve"))?;
                inline = false;
            }
            None => {
                return match current.get("value") {
                    Some(value) => Ok((inline.then_some("value"), value.clone())),
                    None if current.get("externalValue").is_some() => {
                        Err("its value is an `externalValue`, outside the document".to_string())
                    }
                    None => Err("an Example Object without a `value`".to_string()),
                };
            }
        }
    }
    Err("its `$ref`s lead back to themselves".to_string())
}
