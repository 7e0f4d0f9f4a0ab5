//! Rewrites JSON Schema 2020-12 constructs (OpenAPI 3.1) into the OpenAPI
//! 3.0 forms that `openapiv3` models, so one lowering serves both versions.
//!
//! | 3.1 construct                     | becomes                                      |
//! |-----------------------------------|----------------------------------------------|
//! | `type: [string, "null"]`          | `type: string, nullable: true`               |
//! | `type: [string, integer]`         | `anyOf: [{type: string}, {type: integer}]`    |
//! | `type: "null"`                    | `x-switchboard-null: true` (the unit type)    |
//! | `enum: [a, null]`                 | `enum: [a], nullable: true`                  |
//! | `anyOf/oneOf: [X, {type: null}]`  | `anyOf/oneOf: [X], nullable: true`           |
//! | `const: v`                        | `enum: [v]`                                  |
//! | `exclusiveMinimum: 5`             | `minimum: 5, exclusiveMinimum: true`         |
//! | `$ref` with sibling keywords      | `allOf: [{$ref}]` plus the siblings          |
//! | `contentEncoding: base64`         | `format: byte`                               |
//! | `contentMediaType` (binary)       | `format: binary`                             |
//! | boolean schemas `true` / `false`  | `{}` / `{not: {}}`                           |
//!
//! A schema's `examples` array stays as written (openapiv3 ignores it):
//! lowering tests every item when example tests are asked for.
//!
//! The rewrite is applied to 3.0 documents too: it is a no-op on valid 3.0,
//! and it rescues the many 3.0 documents that use 3.1 spellings anyway.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::walk::{Slot, walk_post_order};
use crate::diagnostics::pointer_join;

/// The marker left where a schema allows only `null`: part of what a loaded
/// document promises lowering (the table above), since OpenAPI 3.0, which
/// `openapiv3` models, has no such schema.
pub(crate) const NULL_MARKER: &str = "x-switchboard-null";

/// Normalises every schema in `document` in place, and takes its
/// callbacks out (see [`RawCallbacks`]).
pub fn normalize(document: &mut Value) -> RawCallbacks {
    if let Value::Object(root) = document {
        // `paths` became optional in 3.1; openapiv3 requires it.
        root.entry("paths").or_insert_with(|| Value::Object(Map::new()));
    }
    walk_post_order(document, Slot::Structure, &mut |node, slot| {
        // `additionalProperties: false` is a 3.0 construct too, and
        // openapiv3 reads it as it is.
        let boolean_allowed = slot == Slot::AdditionalProperties && node.is_boolean();
        if slot.is_schema() && !boolean_allowed {
            normalize_schema(node);
        }
    });
    match document {
        Value::Object(root) => take_callbacks(root),
        _ => RawCallbacks::default(),
    }
}

/// The callbacks taken out of the document: requests the API's server
/// sends to URLs the client gave it. `openapiv3` cannot read a `$ref` among
/// them, so the typed model never sees them; `events.rs` types them
/// (their schemas normalised like every other).
#[derive(Debug, Default)]
pub struct RawCallbacks {
    /// Each operation's `callbacks`, by the operation's pointer
    /// (`#/paths/~1subscriptions/post`).
    pub by_operation: BTreeMap<String, Value>,
    /// `components/callbacks` (a map, when the document has one), which an
    /// operation's callbacks may `$ref`.
    pub components: Value,
}

fn take_callbacks(root: &mut Map<String, Value>) -> RawCallbacks {
    let mut callbacks = RawCallbacks::default();
    if let Some(Value::Object(components)) = root.get_mut("components")
        && let Some(Value::Object(map)) = components.remove("callbacks")
    {
        callbacks.components = Value::Object(map);
    }
    if let Some(Value::Object(paths)) = root.get_mut("paths") {
        for (path, item) in paths.iter_mut() {
            let Value::Object(item) = item else { continue };
            for (method, operation) in item.iter_mut() {
                if let Value::Object(operation) = operation
                    && let Some(taken) = operation.remove("callbacks")
                {
                    let pointer = pointer_join(&pointer_join("#/paths", path), method);
                    callbacks.by_operation.insert(pointer, taken);
                }
            }
        }
    }
    callbacks
}

fn normalize_schema(node: &mut Value) {
    let schema = match node {
        Value::Bool(true) => {
            *node = json!({});
            return;
        }
        Value::Bool(false) => {
            *node = json!({"not": {}});
            return;
        }
        Value::Object(schema) => schema,
        _ => return,
    };
    wrap_ref_with_siblings(schema);
    convert_const(schema);
    convert_exclusive_bound(schema, "exclusiveMinimum", "minimum");
    convert_exclusive_bound(schema, "exclusiveMaximum", "maximum");
    convert_content_keywords(schema);
    remove_null_from_enum(schema);
    remove_null_alternatives(schema, "anyOf");
    remove_null_alternatives(schema, "oneOf");
    convert_type_array(schema);
}

fn wrap_ref_with_siblings(schema: &mut Map<String, Value>) {
    if !schema.contains_key("$ref") || schema.len() == 1 {
        return;
    }
    let siblings: Vec<String> = schema
        .keys()
        .filter(|k| *k != "$ref" && *k != "summary")
        .cloned()
        .collect();
    if siblings.is_empty() {
        return;
    }
    if let Some(reference) = schema.remove("$ref") {
        let existing = schema.remove("allOf");
        let mut all_of = vec![json!({ "$ref": reference })];
        if let Some(Value::Array(items)) = existing {
            all_of.extend(items);
        }
        schema.insert("allOf".into(), Value::Array(all_of));
    }
}

fn convert_const(schema: &mut Map<String, Value>) {
    if let Some(value) = schema.remove("const") {
        schema.entry("enum").or_insert_with(|| Value::Array(vec![value]));
    }
}

fn convert_exclusive_bound(schema: &mut Map<String, Value>, exclusive: &str, inclusive: &str) {
    if let Some(Value::Number(bound)) = schema.get(exclusive).cloned() {
        schema.insert(inclusive.into(), Value::Number(bound));
        schema.insert(exclusive.into(), Value::Bool(true));
    }
}

fn convert_content_keywords(schema: &mut Map<String, Value>) {
    let encoding = schema.remove("contentEncoding");
    let media_type = schema.remove("contentMediaType");
    if schema.contains_key("format") {
        return;
    }
    match (
        encoding.as_ref().and_then(Value::as_str),
        media_type.as_ref().and_then(Value::as_str),
    ) {
        (Some(enc), _) if enc.eq_ignore_ascii_case("base64") || enc.eq_ignore_ascii_case("base64url") => {
            schema.insert("format".into(), "byte".into());
        }
        (None, Some(media)) if !is_textual_media_type(media) => {
            schema.insert("format".into(), "binary".into());
        }
        _ => {}
    }
}

fn is_textual_media_type(media: &str) -> bool {
    let media = media.to_ascii_lowercase();
    media.starts_with("text/") || media.contains("json") || media.contains("xml")
}

fn remove_null_from_enum(schema: &mut Map<String, Value>) {
    if let Some(Value::Array(values)) = schema.get_mut("enum") {
        if values.iter().any(Value::is_null) {
            values.retain(|v| !v.is_null());
            schema.insert("nullable".into(), Value::Bool(true));
        }
    }
}

fn is_null_schema(value: &Value) -> bool {
    match value {
        Value::Object(map) => {
            map.get(NULL_MARKER) == Some(&Value::Bool(true)) || map.get("type").and_then(Value::as_str) == Some("null")
        }
        _ => false,
    }
}

fn remove_null_alternatives(schema: &mut Map<String, Value>, keyword: &str) {
    if let Some(Value::Array(alternatives)) = schema.get_mut(keyword) {
        if alternatives.len() > 1 && alternatives.iter().any(is_null_schema) {
            alternatives.retain(|v| !is_null_schema(v));
            schema.insert("nullable".into(), Value::Bool(true));
        }
    }
}

/// Keywords that only constrain one JSON type, used to split a multi-type
/// schema into one alternative per type.
fn keyword_belongs_to(keyword: &str) -> Option<&'static str> {
    Some(match keyword {
        "properties"
        | "required"
        | "additionalProperties"
        | "minProperties"
        | "maxProperties"
        | "patternProperties"
        | "propertyNames" => "object",
        "items" | "minItems" | "maxItems" | "uniqueItems" | "prefixItems" | "contains" => "array",
        "pattern" | "minLength" | "maxLength" | "format" => "string",
        "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" | "multipleOf" => "number",
        _ => return None,
    })
}

fn convert_type_array(schema: &mut Map<String, Value>) {
    match schema.get("type") {
        Some(Value::String(t)) if t == "null" => {
            schema.remove("type");
            schema.insert(NULL_MARKER.into(), Value::Bool(true));
            return;
        }
        Some(Value::Array(_)) => {}
        _ => return,
    }
    let Some(Value::Array(types)) = schema.remove("type") else {
        return;
    };
    let mut names: Vec<String> = Vec::new();
    for t in types.iter().filter_map(Value::as_str) {
        if t == "null" {
            schema.insert("nullable".into(), Value::Bool(true));
        } else if !names.iter().any(|n| n == t) {
            names.push(t.to_string());
        }
    }
    match names.len() {
        0 => {
            if schema.get("nullable") == Some(&Value::Bool(true)) {
                schema.remove("nullable");
                schema.insert(NULL_MARKER.into(), Value::Bool(true));
            }
        }
        1 => {
            schema.insert("type".into(), Value::String(names.remove(0)));
        }
        _ => {
            // `integer` and `number` share numeric keywords; every other
            // keyword moves to the alternative of the type it constrains.
            let mut alternatives = Vec::new();
            for name in &names {
                let mut alternative = Map::new();
                alternative.insert("type".into(), Value::String(name.clone()));
                let owner = if name == "integer" { "number" } else { name.as_str() };
                for (key, value) in schema.iter() {
                    if keyword_belongs_to(key) == Some(owner) {
                        alternative.insert(key.clone(), value.clone());
                    }
                }
                if let Some(Value::Array(values)) = schema.get("enum") {
                    let matching: Vec<Value> = values.iter().filter(|v| json_type_matches(v, name)).cloned().collect();
                    if !matching.is_empty() {
                        alternative.insert("enum".into(), Value::Array(matching));
                    }
                }
                alternatives.push(Value::Object(alternative));
            }
            schema.retain(|key, _| keyword_belongs_to(key).is_none() && key != "enum");
            schema.insert("anyOf".into(), Value::Array(alternatives));
        }
    }
}

fn json_type_matches(value: &Value, type_name: &str) -> bool {
    match type_name {
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normalized(schema: Value) -> Value {
        let mut document = json!({"components": {"schemas": {"S": schema}}});
        normalize(&mut document);
        document["components"]["schemas"]["S"].clone()
    }

    #[test]
    fn nullable_type_array() {
        assert_eq!(
            normalized(json!({"type": ["string", "null"]})),
            json!({"type": "string", "nullable": true})
        );
    }

    #[test]
    fn union_type_array_splits_keywords() {
        let out = normalized(json!({"type": ["string", "array"], "items": {"type": "integer"}, "maxLength": 3}));
        assert_eq!(
            out,
            json!({"anyOf": [{"type": "string", "maxLength": 3}, {"type": "array", "items": {"type": "integer"}}]})
        );
    }

    #[test]
    fn const_examples_and_exclusive_bounds() {
        let out = normalized(json!({"type": "integer", "const": 1, "examples": [1, 2], "exclusiveMinimum": 0}));
        assert_eq!(
            out,
            json!({"type": "integer", "enum": [1], "examples": [1, 2], "minimum": 0, "exclusiveMinimum": true})
        );
    }

    #[test]
    fn null_in_enum_and_alternatives() {
        assert_eq!(
            normalized(json!({"type": "string", "enum": ["a", null]})),
            json!({"type": "string", "enum": ["a"], "nullable": true})
        );
        assert_eq!(
            normalized(json!({"anyOf": [{"$ref": "#/x"}, {"type": "null"}]})),
            json!({"anyOf": [{"$ref": "#/x"}], "nullable": true})
        );
    }

    #[test]
    fn ref_siblings_are_kept_through_all_of() {
        assert_eq!(
            normalized(json!({"$ref": "#/x", "description": "d"})),
            json!({"description": "d", "allOf": [{"$ref": "#/x"}]})
        );
    }

    #[test]
    fn data_is_never_rewritten() {
        let out = normalized(json!({"type": "object", "example": {"type": ["a", "null"], "const": 1}}));
        assert_eq!(out["example"], json!({"type": ["a", "null"], "const": 1}));
    }
}
