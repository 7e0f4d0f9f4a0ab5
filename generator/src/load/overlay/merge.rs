//! The Overlay merge: how an `update` (or a copied node) goes into a node.
//!
//! ```text
//! selected node   value            result
//! object          object           merged key by key:
//!                                    only in the node    kept
//!                                    only in the value   inserted
//!                                    in both             primitives replace, arrays concatenate,
//!                                                        objects merge again, anything else is an error
//! array           array            concatenated
//! array           object/primitive appended
//! primitive       primitive        replaced (1.1 and later)
//! ```
//!
//! Every location the merge writes is recorded with where its text came
//! from, so a diagnostic about it can point into the overlay.

use serde_json::Value;

use crate::diagnostics::escape_pointer_segment;
use crate::load::external_refs::Origin;

/// A merge the specification calls incompatible.
#[derive(Debug)]
pub struct Conflict {
    /// The document location (a JSON pointer without `#`).
    pub at: String,
    /// What met what.
    pub reason: String,
}

/// Where merged text comes from: a file and the pointer of the value being
/// merged, followed in step with the document.
pub struct Source<'a> {
    /// The overlay file (or the document itself, for `copy`).
    pub file: &'a str,
    /// The pointer of the merged value in that file.
    pub pointer: String,
}

/// Merges `value` into the selected node at `at` (a JSON pointer into the
/// document, without `#`); `primitive_targets` is false for Overlay 1.0.
pub fn merge_into_selected(
    node: &mut Value,
    value: &Value,
    at: &str,
    source: &mut Source<'_>,
    primitive_targets: bool,
    origins: &mut Vec<Origin>,
) -> Result<(), Conflict> {
    let mut at = at.to_string();
    if node.is_object() {
        return match value {
            Value::Object(_) => merge(node, value, &mut at, source, origins),
            other => Err(Conflict {
                at,
                reason: format!(
                    "the target is an object, so the value must be an object, not {}",
                    kind(other)
                ),
            }),
        };
    }
    if let Value::Array(items) = node {
        match value {
            Value::Array(more) => append(items, more, &at, source, origins),
            single => {
                origins.push(origin(&format!("{at}/{}", items.len()), source, ""));
                items.push(single.clone());
            }
        }
        return Ok(());
    }
    if !is_primitive(value) {
        return Err(Conflict {
            at,
            reason: format!(
                "the target is a primitive value, so the value must be one too, not {}",
                kind(value)
            ),
        });
    }
    if !primitive_targets {
        return Err(Conflict {
            at,
            reason:
                "Overlay 1.0 updates objects and arrays only; declare `overlay: 1.1.0` to replace a primitive value"
                    .into(),
        });
    }
    origins.push(origin(&at, source, ""));
    *node = value.clone();
    Ok(())
}

fn append(items: &mut Vec<Value>, more: &[Value], at: &str, source: &Source<'_>, origins: &mut Vec<Origin>) {
    for (offset, item) in more.iter().enumerate() {
        origins.push(origin(&format!("{at}/{}", items.len()), source, &offset.to_string()));
        items.push(item.clone());
    }
}

/// Merges an object into an object, recursively.
fn merge(
    node: &mut Value,
    value: &Value,
    at: &mut String,
    source: &mut Source<'_>,
    origins: &mut Vec<Origin>,
) -> Result<(), Conflict> {
    let (Value::Object(node), Value::Object(value)) = (node, value) else {
        return Ok(());
    };
    for (key, incoming) in value {
        let segment = escape_pointer_segment(key);
        let (at_len, source_len) = (at.len(), source.pointer.len());
        at.push('/');
        at.push_str(&segment);
        source.pointer.push('/');
        source.pointer.push_str(&segment);
        match node.get_mut(key) {
            None => {
                origins.push(origin(at, source, ""));
                node.insert(key.clone(), incoming.clone());
            }
            Some(existing) => match (existing, incoming) {
                (existing @ Value::Object(_), Value::Object(_)) => merge(existing, incoming, at, source, origins)?,
                (Value::Array(items), Value::Array(more)) => append(items, more, at, source, origins),
                (existing, incoming) if is_primitive(existing) && is_primitive(incoming) => {
                    origins.push(origin(at, source, ""));
                    *existing = incoming.clone();
                }
                (existing, incoming) => {
                    return Err(Conflict {
                        at: at.clone(),
                        reason: format!(
                            "{} in the document cannot be merged with {} (the Overlay Specification calls \
                             this incompatible; remove the node first to replace it)",
                            kind(existing),
                            kind(incoming)
                        ),
                    });
                }
            },
        }
        at.truncate(at_len);
        source.pointer.truncate(source_len);
    }
    Ok(())
}

fn origin(at: &str, source: &Source<'_>, suffix: &str) -> Origin {
    let pointer = if suffix.is_empty() {
        source.pointer.clone()
    } else {
        format!("{}/{suffix}", source.pointer)
    };
    Origin {
        bundled: format!("#{at}"),
        file: source.file.to_string(),
        pointer,
    }
}

fn is_primitive(value: &Value) -> bool {
    !matches!(value, Value::Object(_) | Value::Array(_))
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Object(_) => "an object",
        Value::Array(_) => "an array",
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
    }
}
