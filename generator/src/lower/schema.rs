//! The schema dispatcher: which converter handles which construct, plus the
//! scalar types (strings, numbers, booleans) that need no file of their own.

use openapiv3::{
    AnySchema, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaData, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};
use serde_json::Value;

use super::docs::schema_doc;
use super::objects::{ObjectMode, ObjectParts};
use super::{Lowerer, Site};
use crate::diagnostics::pointer_join;
use crate::ir::{TypeExpr, TypeId};
use crate::load::normalize::NULL_MARKER;

/// A converted schema as seen from where it is used.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Converted {
    /// The Rust type (without `Option` for nullability).
    pub ty: TypeExpr,
    /// Whether `null` is allowed.
    pub nullable: bool,
    /// Doc text at the use site.
    pub doc: Option<String>,
    /// `deprecated` at the use site.
    pub deprecated: bool,
    /// `default` at the use site.
    pub default: Option<Value>,
}

impl Converted {
    pub(crate) fn plain(ty: TypeExpr) -> Self {
        Self {
            ty,
            nullable: false,
            doc: None,
            deprecated: false,
            default: None,
        }
    }

    fn with_data(ty: TypeExpr, data: &SchemaData) -> Self {
        Self {
            ty,
            nullable: data.nullable,
            doc: schema_doc(data),
            deprecated: data.deprecated,
            default: data.default.clone(),
        }
    }
}

impl Lowerer<'_> {
    /// Converts a `$ref` found at `pointer`.
    pub(crate) fn convert_reference(&mut self, reference: &str, hint: &str, pointer: &str) -> Converted {
        let out = self.convert_reference_here(reference, hint, pointer);
        self.record_schema_type(pointer, &out);
        out
    }

    fn convert_reference_here(&mut self, reference: &str, hint: &str, pointer: &str) -> Converted {
        if let Some(id) = self.component_id(reference) {
            let mut out = Converted::plain(TypeExpr::Named(id));
            out.nullable = self.nullable_components.contains(&id);
            return out;
        }
        // A component that does not exist, or a ref to another file that
        // bundling did not resolve, is an error; a pointer *inside* a
        // component (`…/Account/definitions/status`) is resolved below.
        let names_a_component = reference
            .strip_prefix("#/components/schemas/")
            .is_some_and(|rest| !rest.contains('/'));
        if names_a_component || !reference.starts_with('#') {
            self.error(pointer, format!("$ref `{reference}` does not resolve"));
            return Converted::plain(TypeExpr::Json);
        }
        // A ref into some other part of the document: convert it where it
        // points, guarding against refs that lead back to themselves.
        if self.ref_stack.iter().any(|r| r == reference) {
            self.warn(
                pointer,
                format!("$ref `{reference}` is recursive outside components; typed as serde_json::Value"),
            );
            return Converted::plain(TypeExpr::Json);
        }
        let Some((schema, target)) = self.resolve_schema(reference, pointer) else {
            return Converted::plain(TypeExpr::Json);
        };
        self.ref_stack.push(reference.to_string());
        let name = target
            .rsplit('/')
            .next()
            .unwrap_or(hint)
            .replace("~1", "/")
            .replace("~0", "~");
        let out = self.convert_schema(&schema, &name, &target, None);
        self.ref_stack.pop();
        out
    }

    /// Converts an inline schema. `hint` names any type it defines; `slot`
    /// is the component id its top-level definition fills.
    pub(crate) fn convert_schema(
        &mut self,
        schema: &Schema,
        hint: &str,
        pointer: &str,
        slot: Option<TypeId>,
    ) -> Converted {
        let out = self.convert_schema_here(schema, hint, pointer, slot);
        self.record_schema_type(pointer, &out);
        out
    }

    /// Remembers the type made for the schema at `pointer`, for its
    /// examples (only when example tests are asked for).
    fn record_schema_type(&mut self, pointer: &str, converted: &Converted) {
        if let Some(types) = &mut self.schema_types {
            types.record(pointer, &converted.ty, converted.nullable);
        }
    }

    /// The schemas below `origin` were converted below `converted` (an
    /// `allOf` member's properties, merged into their parent's struct).
    pub(crate) fn schema_type_alias(&mut self, origin: &str, converted: &str) {
        if let Some(types) = &mut self.schema_types
            && origin != converted
        {
            types.alias(origin, converted);
        }
    }

    fn convert_schema_here(&mut self, schema: &Schema, hint: &str, pointer: &str, slot: Option<TypeId>) -> Converted {
        let data = &schema.schema_data;
        if data.extensions.get(NULL_MARKER) == Some(&Value::Bool(true)) {
            let mut out = Converted::with_data(TypeExpr::Unit, data);
            out.nullable = true;
            return out;
        }
        let ty = match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => {
                if string.enumeration.iter().any(Option::is_some) {
                    let values: Vec<String> = string.enumeration.iter().flatten().cloned().collect();
                    self.string_enum(slot, hint, data, pointer, &values)
                } else {
                    string_format(&string.format)
                }
            }
            SchemaKind::Type(Type::Integer(integer)) => {
                if integer.enumeration.iter().any(Option::is_some) {
                    let values: Vec<i64> = integer.enumeration.iter().flatten().copied().collect();
                    self.integer_enum(slot, hint, data, pointer, &values)
                } else {
                    integer_format_text(match &integer.format {
                        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => Some("int32"),
                        _ => None,
                    })
                }
            }
            SchemaKind::Type(Type::Number(number)) => number_format_text(match &number.format {
                VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => Some("float"),
                _ => None,
            }),
            SchemaKind::Type(Type::Boolean(_)) => TypeExpr::Bool,
            SchemaKind::Type(Type::Object(object)) => self.convert_object(
                Site { slot, hint, pointer },
                data,
                ObjectParts {
                    properties: &object.properties,
                    required: &object.required,
                    additional: object.additional_properties.as_ref(),
                },
                ObjectMode::Json,
            ),
            SchemaKind::Type(Type::Array(array)) => self.convert_array(array.items.as_ref(), hint, pointer),
            SchemaKind::OneOf { one_of } => self.convert_union(slot, hint, data, pointer, one_of, "oneOf"),
            SchemaKind::AnyOf { any_of } => self.convert_union(slot, hint, data, pointer, any_of, "anyOf"),
            SchemaKind::AllOf { all_of } => {
                let out = self.convert_all_of(slot, hint, schema, pointer, all_of);
                let mut converted = Converted::with_data(out.ty, data);
                converted.nullable |= out.nullable;
                if converted.doc.is_none() {
                    converted.doc = out.doc;
                }
                return converted;
            }
            SchemaKind::Not { .. } => self.untypeable_not(pointer),
            SchemaKind::Any(any) => return self.convert_any(slot, hint, schema, any, pointer),
        };
        Converted::with_data(ty, data)
    }

    fn convert_array(&mut self, items: Option<&ReferenceOr<Box<Schema>>>, hint: &str, pointer: &str) -> TypeExpr {
        match items {
            Some(items) => {
                let item = self.convert_boxed(items, &format!("{hint}Item"), &format!("{pointer}/items"));
                let ty = if item.nullable { item.ty.optional() } else { item.ty };
                TypeExpr::Vec(Box::new(ty))
            }
            None => TypeExpr::Vec(Box::new(TypeExpr::Json)),
        }
    }

    /// A schema openapiv3 could not classify: keywords of several kinds
    /// mixed, a missing `type`, or values that contradict the `type`.
    fn convert_any(
        &mut self,
        slot: Option<TypeId>,
        hint: &str,
        schema: &Schema,
        any: &AnySchema,
        pointer: &str,
    ) -> Converted {
        let data = &schema.schema_data;
        if !any.all_of.is_empty() {
            // allOf with sibling keywords: the siblings are one more member.
            let mut own = any.clone();
            own.all_of.clear();
            let mut members = any.all_of.clone();
            if !own.properties.is_empty() || own.additional_properties.is_some() {
                members.push(ReferenceOr::Item(Schema {
                    schema_data: SchemaData::default(),
                    schema_kind: SchemaKind::Any(own),
                }));
            }
            let out = self.convert_all_of(slot, hint, schema, pointer, &members);
            let mut converted = Converted::with_data(out.ty, data);
            converted.nullable |= out.nullable;
            return converted;
        }
        if !any.one_of.is_empty() || !any.any_of.is_empty() {
            let (keyword, members) = if !any.one_of.is_empty() {
                ("oneOf", &any.one_of)
            } else {
                ("anyOf", &any.any_of)
            };
            if !any.properties.is_empty() {
                self.warn(
                    pointer,
                    format!("properties beside `{keyword}` are not merged into each alternative"),
                );
            }
            let ty = self.convert_union(slot, hint, data, pointer, members, keyword);
            return Converted::with_data(ty, data);
        }
        let typ = any.typ.as_deref().or_else(|| infer_type(any));
        let ty = match typ {
            Some("object") => self.convert_object(
                Site { slot, hint, pointer },
                data,
                ObjectParts {
                    properties: &any.properties,
                    required: &any.required,
                    additional: any.additional_properties.as_ref(),
                },
                ObjectMode::Json,
            ),
            Some("array") => self.convert_array(any.items.as_ref(), hint, pointer),
            Some("string") | Some("integer") | Some("number") | Some("boolean") if !any.enumeration.is_empty() => {
                self.enum_from_values(slot, hint, data, pointer, typ.unwrap_or_default(), &any.enumeration)
            }
            Some("string") => string_format_text(any.format.as_deref()),
            Some("integer") => integer_format_text(any.format.as_deref()),
            Some("number") => number_format_text(any.format.as_deref()),
            Some("boolean") => TypeExpr::Bool,
            Some(other) if !["object", "array", "string", "integer", "number", "boolean"].contains(&other) => {
                self.warn(pointer, format!("unknown type `{other}`; typed as serde_json::Value"));
                TypeExpr::Json
            }
            _ => {
                if any.not.is_some() {
                    return Converted::with_data(self.untypeable_not(pointer), data);
                }
                TypeExpr::Json
            }
        };
        Converted::with_data(ty, data)
    }

    /// A schema defined by what it is not: any value, said once.
    fn untypeable_not(&mut self, pointer: &str) -> TypeExpr {
        self.warn(
            pointer,
            "`not` cannot be expressed as a Rust type; typed as serde_json::Value",
        );
        TypeExpr::Json
    }

    /// An enum whose values disagree with its `type` (Chatwoot declares
    /// `type: integer` with string values): typed by the values, warned.
    fn enum_from_values(
        &mut self,
        slot: Option<TypeId>,
        hint: &str,
        data: &SchemaData,
        pointer: &str,
        declared: &str,
        values: &[Value],
    ) -> TypeExpr {
        let non_null: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
        if non_null.iter().all(|v| v.is_string()) {
            if declared != "string" {
                self.warn(
                    &pointer_join(pointer, "enum"),
                    format!("`type: {declared}` but the enum values are strings; typed as a string enum"),
                );
            }
            let strings: Vec<String> = non_null.iter().filter_map(|v| v.as_str().map(str::to_string)).collect();
            self.string_enum(slot, hint, data, pointer, &strings)
        } else if non_null.iter().all(|v| v.is_i64()) && declared != "string" {
            let ints: Vec<i64> = non_null.iter().filter_map(|v| v.as_i64()).collect();
            self.integer_enum(slot, hint, data, pointer, &ints)
        } else {
            self.warn(
                &pointer_join(pointer, "enum"),
                "enum values of mixed types; typed as serde_json::Value",
            );
            TypeExpr::Json
        }
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

/// openapiv3's parsed string format, decided by [`string_format_text`].
fn string_format(format: &VariantOrUnknownOrEmpty<StringFormat>) -> TypeExpr {
    match format {
        VariantOrUnknownOrEmpty::Item(StringFormat::Byte) => string_format_text(Some("byte")),
        VariantOrUnknownOrEmpty::Unknown(other) => string_format_text(Some(other)),
        _ => string_format_text(None),
    }
}

/// An integer's Rust type by its `format` (both dispatchers, typed and
/// untyped schemas, decide through these `…_format_text` functions).
fn integer_format_text(format: Option<&str>) -> TypeExpr {
    match format {
        Some("int32") => TypeExpr::I32,
        _ => TypeExpr::I64,
    }
}

/// A number's Rust type by its `format`.
fn number_format_text(format: Option<&str>) -> TypeExpr {
    match format {
        Some("float") => TypeExpr::F32,
        _ => TypeExpr::F64,
    }
}

/// `date-time` and `date` stay strings: servers send many near-RFC 3339
/// spellings, and a string keeps every one of them intact. `binary` inside
/// JSON is a string too; as a whole body or a multipart part it becomes
/// bytes or a file, which the body converters decide.
fn string_format_text(format: Option<&str>) -> TypeExpr {
    match format {
        Some("uuid") => TypeExpr::Uuid,
        Some("byte") => TypeExpr::Base64,
        _ => TypeExpr::String,
    }
}
