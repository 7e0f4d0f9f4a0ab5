//! What a schema is, whichever way openapiv3 classified it.
//!
//! openapiv3 sorts a schema into `SchemaKind::Type(…)`, `OneOf`, `AllOf` …
//! when its keywords agree, and into `SchemaKind::Any` when they do not (no
//! `type`, keywords of several kinds, enum values that contradict the
//! `type`). Both spellings of one construct must become one Rust type, so
//! they are first read into a [`Shape`], and the dispatcher
//! (`schema.rs`) converts shapes: one decision per construct.

use std::borrow::Cow;

use openapiv3::{
    AnySchema, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaData, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};
use serde_json::Value;

use super::objects::ObjectParts;

/// A schema by construct.
pub(crate) enum Shape<'s> {
    String {
        format: Option<&'s str>,
    },
    Integer {
        format: Option<&'s str>,
    },
    Number {
        format: Option<&'s str>,
    },
    Boolean,
    /// `enum` on a scalar: typed by its values (`declared` is the `type`).
    Enum {
        declared: &'s str,
        values: Cow<'s, [Value]>,
    },
    Object(ObjectParts<'s>),
    Array {
        items: Option<&'s ReferenceOr<Box<Schema>>>,
    },
    /// `oneOf` / `anyOf`; `ignored_properties` when properties stand beside
    /// the alternatives (they are not merged into each).
    Union {
        keyword: &'static str,
        members: &'s [ReferenceOr<Schema>],
        ignored_properties: bool,
    },
    /// `allOf`, with any sibling properties as one more member.
    AllOf {
        members: Cow<'s, [ReferenceOr<Schema>]>,
    },
    /// Only `not`: no Rust type says "anything but".
    Not,
    /// A `type` no JSON value has.
    UnknownType(&'s str),
    /// No constraint a type can express.
    Any,
}

/// Reads `schema` as a [`Shape`].
pub(crate) fn shape(schema: &Schema) -> Shape<'_> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) if string.enumeration.iter().any(Option::is_some) => Shape::Enum {
            declared: "string",
            values: string
                .enumeration
                .iter()
                .map(|v| v.clone().map_or(Value::Null, Value::String))
                .collect(),
        },
        SchemaKind::Type(Type::String(string)) => Shape::String {
            format: string_format(&string.format),
        },
        SchemaKind::Type(Type::Integer(integer)) if integer.enumeration.iter().any(Option::is_some) => Shape::Enum {
            declared: "integer",
            values: integer
                .enumeration
                .iter()
                .map(|v| v.map_or(Value::Null, Value::from))
                .collect(),
        },
        SchemaKind::Type(Type::Integer(integer)) => Shape::Integer {
            format: match &integer.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => Some("int32"),
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int64) => Some("int64"),
                VariantOrUnknownOrEmpty::Unknown(other) => Some(other),
                VariantOrUnknownOrEmpty::Empty => None,
            },
        },
        SchemaKind::Type(Type::Number(number)) => Shape::Number {
            format: match &number.format {
                VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => Some("float"),
                VariantOrUnknownOrEmpty::Item(NumberFormat::Double) => Some("double"),
                VariantOrUnknownOrEmpty::Unknown(other) => Some(other),
                VariantOrUnknownOrEmpty::Empty => None,
            },
        },
        SchemaKind::Type(Type::Boolean(_)) => Shape::Boolean,
        SchemaKind::Type(Type::Object(object)) => Shape::Object(ObjectParts {
            properties: &object.properties,
            required: &object.required,
            additional: object.additional_properties.as_ref(),
        }),
        SchemaKind::Type(Type::Array(array)) => Shape::Array {
            items: array.items.as_ref(),
        },
        SchemaKind::OneOf { one_of } => union("oneOf", one_of, false),
        SchemaKind::AnyOf { any_of } => union("anyOf", any_of, false),
        SchemaKind::AllOf { all_of } => Shape::AllOf {
            members: Cow::Borrowed(all_of),
        },
        SchemaKind::Not { .. } => Shape::Not,
        SchemaKind::Any(any) => any_shape(any),
    }
}

fn union<'s>(keyword: &'static str, members: &'s [ReferenceOr<Schema>], ignored_properties: bool) -> Shape<'s> {
    Shape::Union {
        keyword,
        members,
        ignored_properties,
    }
}

/// A schema openapiv3 could not classify, read by its keywords: the
/// composition keywords first, then the `type` (declared, or guessed from
/// the other keywords).
fn any_shape(any: &AnySchema) -> Shape<'_> {
    if !any.all_of.is_empty() {
        if any.properties.is_empty() && any.additional_properties.is_none() {
            return Shape::AllOf {
                members: Cow::Borrowed(&any.all_of),
            };
        }
        let mut own = any.clone();
        let mut members = std::mem::take(&mut own.all_of);
        members.push(ReferenceOr::Item(Schema {
            schema_data: SchemaData::default(),
            schema_kind: SchemaKind::Any(own),
        }));
        return Shape::AllOf {
            members: Cow::Owned(members),
        };
    }
    if !any.one_of.is_empty() {
        return union("oneOf", &any.one_of, !any.properties.is_empty());
    }
    if !any.any_of.is_empty() {
        return union("anyOf", &any.any_of, !any.properties.is_empty());
    }
    match any.typ.as_deref().or_else(|| infer_type(any)) {
        Some("object") => Shape::Object(ObjectParts {
            properties: &any.properties,
            required: &any.required,
            additional: any.additional_properties.as_ref(),
        }),
        Some("array") => Shape::Array {
            items: any.items.as_ref(),
        },
        Some(declared @ ("string" | "integer" | "number" | "boolean")) if !any.enumeration.is_empty() => Shape::Enum {
            declared,
            values: Cow::Borrowed(&any.enumeration),
        },
        Some("string") => Shape::String {
            format: any.format.as_deref(),
        },
        Some("integer") => Shape::Integer {
            format: any.format.as_deref(),
        },
        Some("number") => Shape::Number {
            format: any.format.as_deref(),
        },
        Some("boolean") => Shape::Boolean,
        Some(other) => Shape::UnknownType(other),
        None if any.not.is_some() => Shape::Not,
        None => Shape::Any,
    }
}

/// Guesses the JSON type of an untyped schema from its keywords.
fn infer_type(any: &AnySchema) -> Option<&'static str> {
    if !any.properties.is_empty() || any.additional_properties.is_some() || !any.required.is_empty() {
        Some("object")
    } else if any.items.is_some() {
        Some("array")
    } else if any.pattern.is_some() || any.min_length.is_some() || any.max_length.is_some() {
        Some("string")
    } else if !any.enumeration.is_empty() {
        let values: Vec<&Value> = any.enumeration.iter().filter(|v| !v.is_null()).collect();
        if values.iter().all(|v| v.is_string()) {
            Some("string")
        } else if values.iter().all(|v| v.is_i64()) {
            Some("integer")
        } else {
            None
        }
    } else {
        None
    }
}

/// openapiv3's parsed string format, spelled as the document spells it.
fn string_format(format: &VariantOrUnknownOrEmpty<StringFormat>) -> Option<&str> {
    match format {
        VariantOrUnknownOrEmpty::Item(format) => Some(match format {
            StringFormat::Date => "date",
            StringFormat::DateTime => "date-time",
            StringFormat::Password => "password",
            StringFormat::Byte => "byte",
            StringFormat::Binary => "binary",
        }),
        VariantOrUnknownOrEmpty::Unknown(other) => Some(other),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(json: Value) -> Schema {
        serde_json::from_value(json).expect("a schema")
    }

    #[test]
    fn typed_and_untyped_spellings_read_as_one_shape() {
        // openapiv3 types the first and gives up on the second (`format`
        // beside an integer enum written as strings is not its model).
        let typed = schema(serde_json::json!({"type": "string", "format": "uuid"}));
        assert!(matches!(shape(&typed), Shape::String { format: Some("uuid") }));
        let untyped = schema(serde_json::json!({"format": "uuid", "pattern": "^[0-9a-f-]+$"}));
        assert!(matches!(shape(&untyped), Shape::String { format: Some("uuid") }));

        let typed_enum = schema(serde_json::json!({"type": "integer", "enum": [1, 2]}));
        assert!(matches!(shape(&typed_enum), Shape::Enum { declared: "integer", values } if values.len() == 2));
        let contradicting = schema(serde_json::json!({"type": "integer", "enum": ["open", "closed"]}));
        assert!(matches!(shape(&contradicting), Shape::Enum { declared: "integer", values } if values[0] == "open"));
    }

    #[test]
    fn all_of_with_sibling_properties_gets_them_as_one_more_member() {
        let with_siblings = schema(serde_json::json!({
            "allOf": [{"$ref": "#/components/schemas/Base"}],
            "properties": {"extra": {"type": "string"}}
        }));
        assert!(matches!(shape(&with_siblings), Shape::AllOf { members } if members.len() == 2));
        let plain = schema(serde_json::json!({"allOf": [{"$ref": "#/components/schemas/Base"}]}));
        assert!(matches!(shape(&plain), Shape::AllOf { members } if members.len() == 1));
    }

    #[test]
    fn not_unknown_types_and_nothing() {
        assert!(matches!(
            shape(&schema(serde_json::json!({"not": {"type": "string"}}))),
            Shape::Not
        ));
        assert!(matches!(
            shape(&schema(serde_json::json!({"type": "file"}))),
            Shape::UnknownType("file")
        ));
        assert!(matches!(shape(&schema(serde_json::json!({}))), Shape::Any));
    }
}
