//! A traversal of a raw OpenAPI document that knows which nodes are schemas.
//!
//! Both the `$ref` bundler and the 3.1 normaliser must treat a schema
//! differently from the data around it: `example`, `default` and `enum` hold
//! user data that may look like a schema (or contain a `$ref` key) and must
//! never be rewritten, and keywords such as `type` mean something only inside
//! a schema. The walker classifies each node by the key that leads to it.

use serde_json::{Map, Value};

use crate::diagnostics::push_pointer_segment;

/// What a node of the document is, as far as the loaders care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// A Schema Object (or a boolean schema in 3.1).
    Schema,
    /// The schema under a schema's `additionalProperties` keyword, where
    /// `true` and `false` keep their 3.0 meaning (any extra property / none).
    AdditionalProperties,
    /// A map whose values are schemas (`properties`, `components/schemas`).
    SchemaMap,
    /// A list of schemas (`allOf`, `oneOf`, `anyOf`, `prefixItems`).
    SchemaList,
    /// A map of Example Objects (a media type's `examples`).
    ExampleMap,
    /// An Example Object.
    Example,
    /// The Components Object: its own `x-` keys are extensions, and each of
    /// its maps is keyed by names.
    Components,
    /// A map of names to OpenAPI objects: a response's `headers`, `content`
    /// and `links`, an encoding's `headers`, a media type's `encoding`, an
    /// operation's `callbacks`, `webhooks`, a server's `variables`, the
    /// maps of `components`. An `x-` key here is a name (a header
    /// `x-rate-limit`, a security scheme `x-api-key`), not an extension.
    NameMap,
    /// Any other OpenAPI structure (paths, operations, parameters …).
    Structure,
    /// User data (`example`, `default`, `enum`, vendor extensions): never walked.
    Data,
}

impl Slot {
    /// True for the slots that hold a Schema Object.
    pub fn is_schema(self) -> bool {
        matches!(self, Slot::Schema | Slot::AdditionalProperties)
    }
}

/// The slot of the value stored under `key` inside a node of slot `parent`.
///
/// Only keys of objects with fixed fields are keywords (and `x-` keys
/// there extensions): inside a map of names (`properties`,
/// `components/schemas`, response headers, media types …) a key is a
/// name, so a property called `additionalProperties`, `type`, `$ref` or
/// `x-id`, or a header called `x-rate-limit`, is one like any other.
pub fn child_slot(parent: Slot, key: &str) -> Slot {
    let keyed_by_name = matches!(parent, Slot::SchemaMap | Slot::ExampleMap | Slot::NameMap);
    if key.starts_with("x-") && !keyed_by_name {
        return Slot::Data;
    }
    match parent {
        Slot::Schema | Slot::AdditionalProperties => match key {
            "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas" => Slot::SchemaMap,
            "additionalProperties" => Slot::AdditionalProperties,
            "items"
            | "not"
            | "contains"
            | "if"
            | "then"
            | "else"
            | "propertyNames"
            | "unevaluatedItems"
            | "unevaluatedProperties"
            | "additionalItems" => Slot::Schema,
            "allOf" | "oneOf" | "anyOf" | "prefixItems" => Slot::SchemaList,
            "discriminator" | "xml" | "externalDocs" => Slot::Structure,
            _ => Slot::Data,
        },
        Slot::SchemaMap | Slot::SchemaList => Slot::Schema,
        Slot::ExampleMap => Slot::Example,
        Slot::Example => Slot::Data,
        Slot::Components => match key {
            "schemas" => Slot::SchemaMap,
            "examples" => Slot::ExampleMap,
            _ => Slot::NameMap,
        },
        // A callback (under `callbacks`) is keyed by expressions, and its
        // `x-` keys are extensions again: it is a structure.
        Slot::NameMap => Slot::Structure,
        Slot::Structure => match key {
            "schema" => Slot::Schema,
            "components" => Slot::Components,
            "schemas" => Slot::SchemaMap,
            "headers" | "content" | "encoding" | "links" | "callbacks" | "webhooks" | "variables" => Slot::NameMap,
            // `default` is data in a server variable, but a Response Object
            // under `responses`; walking a string is harmless, skipping a
            // response is not.
            "example" | "enum" => Slot::Data,
            "examples" => Slot::ExampleMap,
            _ => Slot::Structure,
        },
        Slot::Data => Slot::Data,
    }
}

/// The slot of the items of an array in slot `slot`: arrays inside
/// structures (parameters, security, tags …) keep the parent's slot;
/// arrays of schemas were classified by their key.
pub fn item_slot(slot: Slot) -> Slot {
    if slot == Slot::SchemaList { Slot::Schema } else { slot }
}

/// Appends `/segment` (escaped) to `pointer`, for the duration of `f`.
pub fn with_segment<R>(pointer: &mut String, segment: &str, f: impl FnOnce(&mut String) -> R) -> R {
    let len = pointer.len();
    pointer.push('/');
    push_pointer_segment(pointer, segment);
    let out = f(pointer);
    pointer.truncate(len);
    out
}

/// Appends `/index` to `pointer`, for the duration of `f` (written in
/// place: arrays are walked element by element, and a string per index was
/// an allocation per element).
pub fn with_index<R>(pointer: &mut String, index: usize, f: impl FnOnce(&mut String) -> R) -> R {
    use std::fmt::Write;
    let len = pointer.len();
    // Writing to a `String` cannot fail.
    let _ = write!(pointer, "/{index}");
    let out = f(pointer);
    pointer.truncate(len);
    out
}

/// Visits every node below `value` (children before their parent), passing
/// the node and its slot. Data nodes are not visited. (No pointer: its one
/// user, the normaliser, rewrites schemas without saying where, and building
/// a pointer for every node of a large document costs more than the visit.)
pub fn walk_post_order(value: &mut Value, slot: Slot, visit: &mut dyn FnMut(&mut Value, Slot)) {
    if slot == Slot::Data {
        return;
    }
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                walk_post_order(child, child_slot(slot, key), visit);
            }
        }
        Value::Array(items) => {
            for child in items.iter_mut() {
                walk_post_order(child, item_slot(slot), visit);
            }
            return;
        }
        _ => {}
    }
    visit(value, slot);
}

/// Visits every node below `value` (parents before their children),
/// without changing it. Data nodes are not visited.
pub fn walk(value: &Value, slot: Slot, pointer: &mut String, visit: &mut dyn FnMut(&Value, Slot, &str)) {
    if slot == Slot::Data {
        return;
    }
    visit(value, slot, pointer);
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                with_segment(pointer, key, |pointer| {
                    walk(child, child_slot(slot, key), pointer, visit)
                });
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                with_index(pointer, index, |pointer| walk(child, item_slot(slot), pointer, visit));
            }
        }
        _ => {}
    }
}

/// `object`'s `$ref`. A small object's keys (most objects have a few) are
/// compared one by one, which costs a fraction of hashing the key: the walks
/// look for a `$ref` in every object of the document.
pub fn reference(object: &Map<String, Value>) -> Option<&Value> {
    if object.len() <= 16 {
        object.iter().find_map(|(key, value)| (key == "$ref").then_some(value))
    } else {
        object.get("$ref")
    }
}

/// Resolves a JSON pointer fragment (`/components/schemas/A`, with or without
/// the leading `#`) inside `root`.
pub fn resolve_pointer<'a>(root: &'a Value, fragment: &str) -> Option<&'a Value> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    if fragment.is_empty() {
        return Some(root);
    }
    let decoded = percent_decode(fragment);
    root.pointer(&decoded)
}

/// `$ref` fragments are URI fragments, so `%7B` may stand for `{`.
fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(high), Some(low)) = (hex_digit(bytes[i + 1]), hex_digit(bytes[i + 2])) {
                out.push(high * 16 + low);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_digit(byte: u8) -> Option<u8> {
    (byte as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The slot reached from the document's root by `keys`.
    fn slot_at(keys: &[&str]) -> Slot {
        keys.iter().fold(Slot::Structure, |slot, key| child_slot(slot, key))
    }

    #[test]
    fn x_keys_are_names_in_maps_of_names() {
        let header = [
            "paths",
            "/items",
            "get",
            "responses",
            "200",
            "headers",
            "x-rate-limit",
            "schema",
        ];
        assert_eq!(slot_at(&header), Slot::Schema);
        assert_eq!(slot_at(&["components", "headers", "x-id", "schema"]), Slot::Schema);
        assert_eq!(
            slot_at(&["components", "securitySchemes", "x-api-key"]),
            Slot::Structure
        );
        assert_eq!(
            slot_at(&[
                "components",
                "responses",
                "x-gone",
                "content",
                "x-vendor/a+json",
                "schema"
            ]),
            Slot::Schema
        );
        let part = [
            "components",
            "requestBodies",
            "x-b",
            "content",
            "multipart/form-data",
            "encoding",
            "x-meta",
        ];
        assert_eq!(
            slot_at(&[&part[..], &["headers", "x-part", "schema"]].concat()),
            Slot::Schema
        );
        assert_eq!(slot_at(&["webhooks", "x-ping", "post"]), Slot::Structure);
        assert_eq!(
            slot_at(&["components", "schemas", "x-thing", "properties", "x-id"]),
            Slot::Schema
        );
    }

    #[test]
    fn x_keys_are_extensions_in_fixed_field_objects() {
        assert_eq!(slot_at(&["x-tool"]), Slot::Data);
        assert_eq!(slot_at(&["components", "x-internal"]), Slot::Data);
        assert_eq!(slot_at(&["paths", "x-hidden"]), Slot::Data);
        assert_eq!(slot_at(&["paths", "/items", "get", "responses", "x-note"]), Slot::Data);
        assert_eq!(
            slot_at(&["paths", "/items", "get", "callbacks", "x-cb", "x-meta"]),
            Slot::Data
        );
        assert_eq!(slot_at(&["components", "schemas", "A", "x-enum-varnames"]), Slot::Data);
    }
}
