//! openapiv3's model of a schema, built from the JSON directly.
//!
//! openapiv3 reads `ReferenceOr<Schema>` through an untagged enum and a
//! struct of two flattened parts, so serde copies every schema into its
//! private buffer, and copies it again at each level of nesting (a property's
//! schema is buffered once for itself and once more for each schema around
//! it). On GitHub's description that buffering was most of what reading the
//! document cost. This module builds the same values from the `Value` in
//! one pass, following openapiv3's own decision table (`SchemaKind`'s
//! `Deserialize`): which fields make a schema a `Type::String`, a
//! `Type::Integer`, a `OneOf` or an `AnySchema`.
//!
//! It answers only where it is sure to read the schema as openapiv3 does:
//! anything else (a field of an unexpected type, a boolean schema, a `$ref`
//! that is not a string) is `None`, and the caller lets openapiv3 read that
//! schema, so a document reads the same values, and fails with the same
//! errors, either way. The tests compare both readers on every schema of
//! the real documents and on random schemas.

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, AnySchema, ArrayType, BooleanType, Discriminator, ExternalDocumentation, IntegerType,
    NumberType, ObjectType, ReferenceOr, Schema, SchemaData, SchemaKind, StringType, Type,
};
use serde::Deserialize;
use serde_json::{Map, Number, Value};

/// A `ReferenceOr<Schema>` read from `value`, or `None` to leave it to
/// openapiv3.
pub(crate) fn reference_or_schema(value: &Value) -> Option<ReferenceOr<Schema>> {
    reference_or(value, schema)
}

/// A `ReferenceOr<T>` with the item read by `read`. openapiv3 tries the
/// reference first, and a `$ref` ignores its siblings; a `$ref` that is not
/// a string, or anything but an object, is left to it.
pub(super) fn reference_or<T>(
    value: &Value,
    read: impl FnOnce(&Map<String, Value>) -> Option<T>,
) -> Option<ReferenceOr<T>> {
    let object = value.as_object()?;
    match super::walk::reference(object) {
        Some(reference) => Some(ReferenceOr::Reference {
            reference: reference.as_str()?.to_string(),
        }),
        None => read(object).map(ReferenceOr::Item),
    }
}

/// A schema read by [`reference_or_schema`], or by openapiv3 where it gives
/// up; `None` when openapiv3 cannot read it either (the caller reports the
/// document as broken).
pub(crate) fn read(value: Value) -> Option<ReferenceOr<Schema>> {
    reference_or_schema(&value).or_else(|| ReferenceOr::<Schema>::deserialize(value).ok())
}

/// Reads component schemas, each by [`read`].
pub(crate) fn component_schemas(schemas: Map<String, Value>) -> Option<IndexMap<String, ReferenceOr<Schema>>> {
    schemas
        .into_iter()
        .map(|(name, value)| Some((name, read(value)?)))
        .collect()
}

fn boxed(value: &Value) -> Option<ReferenceOr<Box<Schema>>> {
    Some(match reference_or_schema(value)? {
        ReferenceOr::Reference { reference } => ReferenceOr::Reference { reference },
        ReferenceOr::Item(schema) => ReferenceOr::Item(Box::new(schema)),
    })
}

/// The fields openapiv3 reads to decide a schema's kind (its
/// `RawAnySchema`), each `None` when absent or `null`.
#[derive(Default)]
struct KindFields {
    typ: Option<String>,
    pattern: Option<String>,
    multiple_of: Option<Number>,
    exclusive_minimum: Option<bool>,
    exclusive_maximum: Option<bool>,
    minimum: Option<Number>,
    maximum: Option<Number>,
    properties: Option<IndexMap<String, ReferenceOr<Box<Schema>>>>,
    required: Option<Vec<String>>,
    additional_properties: Option<AdditionalProperties>,
    min_properties: Option<usize>,
    max_properties: Option<usize>,
    items: Option<ReferenceOr<Box<Schema>>>,
    min_items: Option<usize>,
    max_items: Option<usize>,
    unique_items: Option<bool>,
    enumeration: Option<Vec<Value>>,
    format: Option<String>,
    min_length: Option<usize>,
    max_length: Option<usize>,
    one_of: Option<Vec<ReferenceOr<Schema>>>,
    all_of: Option<Vec<ReferenceOr<Schema>>>,
    any_of: Option<Vec<ReferenceOr<Schema>>>,
    not: Option<Box<ReferenceOr<Schema>>>,
}

fn schema(object: &Map<String, Value>) -> Option<Schema> {
    let mut data = SchemaData::default();
    let mut kind = KindFields::default();
    for (key, value) in object {
        match key.as_str() {
            // `SchemaData`: its booleans have defaults but reject `null`.
            "nullable" => data.nullable = value.as_bool()?,
            "readOnly" => data.read_only = value.as_bool()?,
            "writeOnly" => data.write_only = value.as_bool()?,
            "deprecated" => data.deprecated = value.as_bool()?,
            "externalDocs" => data.external_docs = optional(value, |v| ExternalDocumentation::deserialize(v).ok())?,
            // An `Option<Value>` reads `null` as `None`.
            "example" => data.example = optional(value, |v| Some(v.clone()))?,
            "title" => data.title = optional(value, string)?,
            "description" => data.description = optional(value, string)?,
            "discriminator" => data.discriminator = optional(value, |v| Discriminator::deserialize(v).ok())?,
            "default" => data.default = optional(value, |v| Some(v.clone()))?,
            // `RawAnySchema`.
            "type" => kind.typ = optional(value, string)?,
            "pattern" => kind.pattern = optional(value, string)?,
            "multipleOf" => kind.multiple_of = optional(value, number)?,
            "exclusiveMinimum" => kind.exclusive_minimum = optional(value, Value::as_bool)?,
            "exclusiveMaximum" => kind.exclusive_maximum = optional(value, Value::as_bool)?,
            "minimum" => kind.minimum = optional(value, number)?,
            "maximum" => kind.maximum = optional(value, number)?,
            "properties" => kind.properties = optional(value, properties)?,
            "required" => kind.required = optional(value, strings)?,
            "additionalProperties" => kind.additional_properties = optional(value, additional_properties)?,
            "minProperties" => kind.min_properties = optional(value, size)?,
            "maxProperties" => kind.max_properties = optional(value, size)?,
            "items" => kind.items = optional(value, boxed)?,
            "minItems" => kind.min_items = optional(value, size)?,
            "maxItems" => kind.max_items = optional(value, size)?,
            "uniqueItems" => kind.unique_items = optional(value, Value::as_bool)?,
            "enum" => kind.enumeration = optional(value, |v| v.as_array().cloned())?,
            "format" => kind.format = optional(value, string)?,
            "minLength" => kind.min_length = optional(value, size)?,
            "maxLength" => kind.max_length = optional(value, size)?,
            "oneOf" => kind.one_of = optional(value, schema_list)?,
            "allOf" => kind.all_of = optional(value, schema_list)?,
            "anyOf" => kind.any_of = optional(value, schema_list)?,
            "not" => kind.not = optional(value, |v| reference_or_schema(v).map(Box::new))?,
            extension if extension.starts_with("x-") => {
                data.extensions.insert(key.clone(), value.clone());
            }
            _ => {}
        }
    }
    Some(Schema {
        schema_data: data,
        schema_kind: schema_kind(kind),
    })
}

/// `null` reads as `None`; anything else through `read`, whose `None` means
/// "leave this schema to openapiv3". The outer `Option` is that answer.
pub(super) fn optional<T>(value: &Value, read: impl FnOnce(&Value) -> Option<T>) -> Option<Option<T>> {
    match value {
        Value::Null => Some(None),
        value => read(value).map(Some),
    }
}

pub(super) fn string(value: &Value) -> Option<String> {
    value.as_str().map(str::to_string)
}

pub(super) fn strings(value: &Value) -> Option<Vec<String>> {
    value.as_array()?.iter().map(string).collect()
}

fn number(value: &Value) -> Option<Number> {
    value.as_number().cloned()
}

/// A `usize` field: serde takes neither a negative nor a fractional number.
fn size(value: &Value) -> Option<usize> {
    usize::try_from(value.as_u64()?).ok()
}

fn schema_list(value: &Value) -> Option<Vec<ReferenceOr<Schema>>> {
    value.as_array()?.iter().map(reference_or_schema).collect()
}

fn properties(value: &Value) -> Option<IndexMap<String, ReferenceOr<Box<Schema>>>> {
    value
        .as_object()?
        .iter()
        .map(|(name, schema)| Some((name.clone(), boxed(schema)?)))
        .collect()
}

/// Untagged: a boolean, else a schema.
fn additional_properties(value: &Value) -> Option<AdditionalProperties> {
    match value {
        Value::Bool(allowed) => Some(AdditionalProperties::Any(*allowed)),
        value => Some(AdditionalProperties::Schema(Box::new(reference_or_schema(value)?))),
    }
}

/// openapiv3's decision table: a typed schema when `type` names a type and
/// only that type's fields are present, a composition when only its keyword
/// is, `AnySchema` otherwise.
fn schema_kind(kind: KindFields) -> SchemaKind {
    let numeric = kind.multiple_of.is_some()
        || kind.exclusive_minimum.is_some()
        || kind.exclusive_maximum.is_some()
        || kind.minimum.is_some()
        || kind.maximum.is_some();
    let object = kind.properties.is_some()
        || kind.required.is_some()
        || kind.additional_properties.is_some()
        || kind.min_properties.is_some()
        || kind.max_properties.is_some();
    let array =
        kind.items.is_some() || kind.min_items.is_some() || kind.max_items.is_some() || kind.unique_items.is_some();
    let lengths = kind.min_length.is_some() || kind.max_length.is_some();
    let compositions = [
        kind.one_of.is_some(),
        kind.all_of.is_some(),
        kind.any_of.is_some(),
        kind.not.is_some(),
    ];
    let composed = compositions.contains(&true);
    let enum_all = |check: fn(&Value) -> bool| {
        kind.enumeration
            .as_ref()
            .is_none_or(|values| values.iter().all(|v| v.is_null() || check(v)))
    };
    let int_or_none = |n: &Option<Number>| n.as_ref().is_none_or(Number::is_i64);
    let shared = !object && !array && !composed;
    // Nothing but a composition keyword besides the schema data.
    let bare = kind.typ.is_none()
        && kind.pattern.is_none()
        && !numeric
        && !object
        && !array
        && kind.enumeration.is_none()
        && kind.format.is_none()
        && !lengths;
    if bare
        && compositions == [false, false, false, true]
        && let Some(not) = kind.not
    {
        return SchemaKind::Not { not };
    }

    match kind.typ.as_deref() {
        Some("string") if !numeric && shared && enum_all(Value::is_string) => {
            SchemaKind::Type(Type::String(StringType {
                format: kind.format.into(),
                pattern: kind.pattern,
                enumeration: enum_values(kind.enumeration, |v| v.as_str().map(str::to_string)),
                min_length: kind.min_length,
                max_length: kind.max_length,
            }))
        }
        Some("number") if kind.pattern.is_none() && !lengths && shared && enum_all(Value::is_number) => {
            SchemaKind::Type(Type::Number(NumberType {
                format: kind.format.into(),
                multiple_of: kind.multiple_of.as_ref().and_then(Number::as_f64),
                exclusive_minimum: kind.exclusive_minimum.unwrap_or_default(),
                exclusive_maximum: kind.exclusive_maximum.unwrap_or_default(),
                minimum: kind.minimum.as_ref().and_then(Number::as_f64),
                maximum: kind.maximum.as_ref().and_then(Number::as_f64),
                enumeration: enum_values(kind.enumeration, Value::as_f64),
            }))
        }
        Some("integer")
            if kind.pattern.is_none()
                && !lengths
                && shared
                && enum_all(Value::is_i64)
                && int_or_none(&kind.multiple_of)
                && int_or_none(&kind.minimum)
                && int_or_none(&kind.maximum) =>
        {
            SchemaKind::Type(Type::Integer(IntegerType {
                format: kind.format.into(),
                multiple_of: kind.multiple_of.as_ref().and_then(Number::as_i64),
                exclusive_minimum: kind.exclusive_minimum.unwrap_or_default(),
                exclusive_maximum: kind.exclusive_maximum.unwrap_or_default(),
                minimum: kind.minimum.as_ref().and_then(Number::as_i64),
                maximum: kind.maximum.as_ref().and_then(Number::as_i64),
                enumeration: enum_values(kind.enumeration, Value::as_i64),
            }))
        }
        Some("boolean")
            if kind.pattern.is_none()
                && !numeric
                && kind.format.is_none()
                && !lengths
                && shared
                && enum_all(Value::is_boolean) =>
        {
            SchemaKind::Type(Type::Boolean(BooleanType {
                enumeration: enum_values(kind.enumeration, Value::as_bool),
            }))
        }
        Some("object")
            if kind.pattern.is_none()
                && !numeric
                && !array
                && kind.enumeration.is_none()
                && kind.format.is_none()
                && !lengths
                && !composed =>
        {
            SchemaKind::Type(Type::Object(ObjectType {
                properties: kind.properties.unwrap_or_default(),
                required: kind.required.unwrap_or_default(),
                additional_properties: kind.additional_properties,
                min_properties: kind.min_properties,
                max_properties: kind.max_properties,
            }))
        }
        Some("array")
            if kind.pattern.is_none()
                && !numeric
                && !object
                && kind.enumeration.is_none()
                && kind.format.is_none()
                && !lengths
                && !composed =>
        {
            SchemaKind::Type(Type::Array(ArrayType {
                items: kind.items,
                min_items: kind.min_items,
                max_items: kind.max_items,
                unique_items: kind.unique_items.unwrap_or_default(),
            }))
        }
        None if bare && compositions == [true, false, false, false] => SchemaKind::OneOf {
            one_of: kind.one_of.unwrap_or_default(),
        },
        None if bare && compositions == [false, true, false, false] => SchemaKind::AllOf {
            all_of: kind.all_of.unwrap_or_default(),
        },
        None if bare && compositions == [false, false, true, false] => SchemaKind::AnyOf {
            any_of: kind.any_of.unwrap_or_default(),
        },
        _ => SchemaKind::Any(AnySchema {
            typ: kind.typ,
            pattern: kind.pattern,
            multiple_of: kind.multiple_of.as_ref().and_then(Number::as_f64),
            exclusive_minimum: kind.exclusive_minimum,
            exclusive_maximum: kind.exclusive_maximum,
            minimum: kind.minimum.as_ref().and_then(Number::as_f64),
            maximum: kind.maximum.as_ref().and_then(Number::as_f64),
            properties: kind.properties.unwrap_or_default(),
            required: kind.required.unwrap_or_default(),
            additional_properties: kind.additional_properties,
            min_properties: kind.min_properties,
            max_properties: kind.max_properties,
            items: kind.items,
            min_items: kind.min_items,
            max_items: kind.max_items,
            unique_items: kind.unique_items,
            enumeration: kind.enumeration.unwrap_or_default(),
            format: kind.format,
            min_length: kind.min_length,
            max_length: kind.max_length,
            one_of: kind.one_of.unwrap_or_default(),
            all_of: kind.all_of.unwrap_or_default(),
            any_of: kind.any_of.unwrap_or_default(),
            not: kind.not,
        }),
    }
}

/// An enum's values as a typed schema holds them: `null` as `None`. The
/// values were checked to be of the type.
fn enum_values<T>(values: Option<Vec<Value>>, read: fn(&Value) -> Option<T>) -> Vec<Option<T>> {
    values
        .unwrap_or_default()
        .iter()
        .map(|v| if v.is_null() { None } else { read(v) })
        .collect()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::load::prepared;
    use crate::test_documents;

    /// What openapiv3 itself reads.
    fn by_serde(value: &Value) -> Option<ReferenceOr<Schema>> {
        ReferenceOr::<Schema>::deserialize(value).ok()
    }

    /// The contract: where this reader answers, openapiv3 reads the same
    /// value; where openapiv3 fails, this reader gives up. Returns whether it
    /// answered.
    fn agrees(value: &Value, context: &str) -> bool {
        let fast = reference_or_schema(value);
        match (&fast, by_serde(value)) {
            (Some(fast), Some(slow)) => assert_eq!(fast, &slow, "{context}: read differently: {value}"),
            (Some(fast), None) => panic!("{context}: openapiv3 rejects what was read as {fast:?}: {value}"),
            (None, _) => {}
        }
        fast.is_some()
    }

    /// Every JSON object of `value` taken as a schema: schemas, and the
    /// objects that are not (they read as `AnySchema` both ways).
    fn every_object(value: &Value, context: &str, seen: &mut (usize, usize)) {
        match value {
            Value::Object(object) => {
                seen.0 += 1;
                seen.1 += usize::from(agrees(value, context));
                object.values().for_each(|v| every_object(v, context, seen));
            }
            Value::Array(items) => items.iter().for_each(|v| every_object(v, context, seen)),
            _ => {}
        }
    }

    /// Every object of the specs, the fixtures and Chatwoot's published
    /// documents read both ways.
    #[test]
    fn reads_every_object_of_the_documents_as_openapiv3_does() {
        let mut paths = test_documents::repository();
        paths.extend(test_documents::present(
            [test_documents::chatwoot_dir().join("swagger.json")],
            "its objects",
        ));
        let mut seen = (0, 0);
        for path in paths {
            if let Some(raw) = prepared(&path) {
                every_object(&raw, &path.display().to_string(), &mut seen);
            }
        }
        // Not vacuous: nearly every object is read without openapiv3.
        assert!(seen.1 * 100 > seen.0 * 95, "answered {} of {} objects", seen.1, seen.0);
    }

    /// GitHub's component schemas (installed by `scripts/corpus-setup`).
    #[test]
    fn reads_githubs_component_schemas_as_openapiv3_does() {
        let Some(path) = test_documents::present([test_documents::github()], "its schemas").pop() else {
            return;
        };
        let raw = prepared(&path).expect("GitHub's description loads");
        let schemas = raw["components"]["schemas"]
            .as_object()
            .expect("it has component schemas");
        let answered = schemas.iter().filter(|(name, schema)| agrees(schema, name)).count();
        assert_eq!(
            answered,
            schemas.len(),
            "every one of GitHub's schemas is read directly"
        );
    }

    /// Any scalar, `null` included: the wrong type for most keywords.
    fn scalar() -> BoxedStrategy<Value> {
        prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            prop_oneof![Just(0i64), Just(3), Just(-2), Just(i64::MAX)].prop_map(Value::from),
            Just(Value::from(u64::MAX)),
            prop_oneof![Just(1.5f64), Just(4.0)].prop_map(Value::from),
            prop_oneof![Just("a"), Just("date-time"), Just("#/components/schemas/A")].prop_map(Value::from),
        ]
        .boxed()
    }

    /// A value for `key`: mostly of the type the keyword takes, sometimes
    /// another or `null`.
    fn value_for(key: &'static str, depth: u32) -> BoxedStrategy<Value> {
        let nested = move || if depth == 0 { scalar() } else { schema_value(depth - 1) };
        let fitting: BoxedStrategy<Value> = match key {
            "type" => prop::sample::select(&["string", "integer", "number", "boolean", "object", "array", "null"][..])
                .prop_map(Value::from)
                .boxed(),
            "format" => prop::sample::select(&["int32", "int64", "float", "date-time", "binary", "uuid"][..])
                .prop_map(Value::from)
                .boxed(),
            "$ref" | "title" | "description" | "pattern" => Just(Value::from("#/components/schemas/A")).boxed(),
            "multipleOf" | "minimum" | "maximum" => {
                prop_oneof![Just(Value::from(2)), Just(Value::from(-3)), Just(Value::from(0.5))].boxed()
            }
            "minProperties" | "maxProperties" | "minItems" | "maxItems" | "minLength" | "maxLength" => {
                (0u64..5).prop_map(Value::from).boxed()
            }
            "nullable" | "readOnly" | "writeOnly" | "deprecated" | "exclusiveMinimum" | "exclusiveMaximum"
            | "uniqueItems" => any::<bool>().prop_map(Value::Bool).boxed(),
            "required" => prop::collection::vec(prop::sample::select(&["a", "b"][..]).prop_map(Value::from), 0..3)
                .prop_map(Value::Array)
                .boxed(),
            "enum" => prop_oneof![
                prop::collection::vec(scalar(), 0..3).prop_map(Value::Array),
                prop::collection::vec(prop_oneof![Just(Value::from("x")), Just(Value::Null)], 1..3)
                    .prop_map(Value::Array),
                prop::collection::vec((0i64..3).prop_map(Value::from), 1..3).prop_map(Value::Array),
            ]
            .boxed(),
            "properties" => prop::collection::vec((prop::sample::select(&["a", "b", "c"][..]), nested()), 0..3)
                .prop_map(|entries| Value::Object(entries.into_iter().map(|(k, v)| (k.to_string(), v)).collect()))
                .boxed(),
            "items" | "not" => nested(),
            "additionalProperties" => prop_oneof![any::<bool>().prop_map(Value::Bool), nested()].boxed(),
            "oneOf" | "allOf" | "anyOf" => prop::collection::vec(nested(), 0..3).prop_map(Value::Array).boxed(),
            "discriminator" => Just(serde_json::json!({"propertyName": "kind", "mapping": {"a": "#/A"}})).boxed(),
            "externalDocs" => Just(serde_json::json!({"url": "https://example.com", "x-a": 1})).boxed(),
            _ => scalar(),
        };
        prop_oneof![6 => fitting, 1 => scalar()].boxed()
    }

    /// An object of schema keywords (and a few others): usually a `type`
    /// and the keywords of some types, with values mostly of their types.
    fn schema_value(depth: u32) -> BoxedStrategy<Value> {
        const KEYS: &[&str] = &[
            "$ref",
            "type",
            "type",
            "type",
            "format",
            "enum",
            "nullable",
            "readOnly",
            "writeOnly",
            "deprecated",
            "title",
            "description",
            "example",
            "default",
            "discriminator",
            "externalDocs",
            "pattern",
            "multipleOf",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "minimum",
            "maximum",
            "properties",
            "required",
            "additionalProperties",
            "minProperties",
            "maxProperties",
            "items",
            "minItems",
            "maxItems",
            "uniqueItems",
            "minLength",
            "maxLength",
            "oneOf",
            "allOf",
            "anyOf",
            "not",
            "x-extension",
            "unknown",
        ];
        let entry =
            prop::sample::select(KEYS).prop_flat_map(move |key| value_for(key, depth).prop_map(move |v| (key, v)));
        prop::collection::vec(entry, 0..4)
            .prop_map(|entries| Value::Object(entries.into_iter().map(|(k, v)| (k.to_string(), v)).collect()))
            .boxed()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

        /// Random schemas, well-formed or not, read both ways.
        #[test]
        fn reads_random_schemas_as_openapiv3_does(value in schema_value(2)) {
            agrees(&value, "random");
        }
    }
}
