//! The schema dispatcher: which converter handles which [`Shape`], plus the
//! scalar types (strings, numbers, booleans) that need no file of their own.

use std::borrow::Borrow;

use openapiv3::{ReferenceOr, Schema, SchemaData, SchemaKind, Type};
use serde_json::Value;

use super::docs::schema_doc;
use super::objects::ObjectMode;
use super::shape::{Shape, shape};
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
            return self.component_type(id);
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
        // A chain of references that ends at a component is that
        // component, not a copy of it.
        if target != reference
            && let Some(id) = self.component_id(&target)
        {
            return self.component_type(id);
        }
        self.ref_stack.push(reference.to_string());
        let name = target
            .rsplit('/')
            .next()
            .unwrap_or(hint)
            .replace("~1", "/")
            .replace("~0", "~");
        let out = self.convert_schema(schema, &name, &target, None);
        self.ref_stack.pop();
        out
    }

    /// A component's type where it is referred to.
    fn component_type(&self, id: TypeId) -> Converted {
        let mut out = Converted::plain(TypeExpr::Named(id));
        out.nullable = self.nullable_components.contains(&id);
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

    /// The one dispatcher: a schema's [`Shape`] decides its converter.
    fn convert_schema_here(&mut self, schema: &Schema, hint: &str, pointer: &str, slot: Option<TypeId>) -> Converted {
        let data = &schema.schema_data;
        if data.extensions.get(NULL_MARKER) == Some(&Value::Bool(true)) {
            let mut out = Converted::with_data(TypeExpr::Unit, data);
            out.nullable = true;
            return out;
        }
        let site = Site { slot, hint, pointer };
        let ty = match shape(schema) {
            Shape::String { format } => string_format(format),
            Shape::Integer { format } => integer_format(format),
            Shape::Number { format } => number_format(format),
            Shape::Boolean => TypeExpr::Bool,
            Shape::Enum { declared, values } => self.enum_from_values(site, data, declared, &values),
            Shape::Object(parts) => self.convert_object(site, data, parts, ObjectMode::Json),
            Shape::Array { items } => self.convert_array(items, hint, pointer),
            Shape::Union {
                keyword,
                members,
                ignored_properties,
            } => {
                if ignored_properties {
                    self.warn(
                        pointer,
                        format!("properties beside `{keyword}` are not merged into each alternative"),
                    );
                }
                self.convert_union(site, data, members, keyword)
            }
            Shape::AllOf { members } => {
                let out = self.convert_all_of(site, data, &members);
                let mut converted = Converted::with_data(out.ty, data);
                converted.nullable |= out.nullable;
                if converted.doc.is_none() {
                    converted.doc = out.doc;
                }
                return converted;
            }
            Shape::Not => self.untypeable_not(pointer),
            Shape::UnknownType(other) => {
                self.warn(pointer, format!("unknown type `{other}`; typed as serde_json::Value"));
                TypeExpr::Json
            }
            Shape::Any => TypeExpr::Json,
        };
        Converted::with_data(ty, data)
    }

    fn convert_array(&mut self, items: Option<&ReferenceOr<Box<Schema>>>, hint: &str, pointer: &str) -> TypeExpr {
        match items {
            Some(items) => {
                let item_hint = hint_for(items, || format!("{hint}Item"));
                let item = self.convert_boxed(items, &item_hint, &format!("{pointer}/items"));
                let ty = if item.nullable { item.ty.optional() } else { item.ty };
                TypeExpr::Vec(Box::new(ty))
            }
            None => TypeExpr::Vec(Box::new(TypeExpr::Json)),
        }
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
    fn enum_from_values(&mut self, site: Site<'_>, data: &SchemaData, declared: &str, values: &[Value]) -> TypeExpr {
        let pointer = site.pointer;
        let non_null: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
        if non_null.iter().all(|v| v.is_string()) {
            if declared != "string" {
                self.warn(
                    &pointer_join(pointer, "enum"),
                    format!("`type: {declared}` but the enum values are strings; typed as a string enum"),
                );
            }
            let strings: Vec<String> = non_null.iter().filter_map(|v| v.as_str().map(str::to_string)).collect();
            self.string_enum(site, data, &strings)
        } else if non_null.iter().all(|v| v.is_i64()) && declared != "string" {
            let ints: Vec<i64> = non_null.iter().filter_map(|v| v.as_i64()).collect();
            self.integer_enum(site, data, &ints)
        } else {
            self.warn(
                &pointer_join(pointer, "enum"),
                "enum values of mixed types; typed as serde_json::Value",
            );
            TypeExpr::Json
        }
    }
}

/// An integer's Rust type by its `format`.
fn integer_format(format: Option<&str>) -> TypeExpr {
    match format {
        Some("int32") => TypeExpr::I32,
        _ => TypeExpr::I64,
    }
}

/// A number's Rust type by its `format`.
fn number_format(format: Option<&str>) -> TypeExpr {
    match format {
        Some("float") => TypeExpr::F32,
        _ => TypeExpr::F64,
    }
}

/// `date-time` and `date` stay strings: servers send many near-RFC 3339
/// spellings, and a string keeps every one of them intact. `binary` inside
/// JSON is a string too; as a whole body or a multipart part it becomes
/// bytes or a file, which the body converters decide.
fn string_format(format: Option<&str>) -> TypeExpr {
    match format {
        Some("uuid") => TypeExpr::Uuid,
        Some("byte") => TypeExpr::Base64,
        _ => TypeExpr::String,
    }
}

/// The name hint for converting `schema`: `hint()`, or none when the schema
/// certainly defines no type ([`defines_no_type`]). Most properties, items
/// and parameters are such schemas, and making each a hint (a case
/// conversion and two strings) was about 15 % of lowering's allocations on
/// GitHub's description.
pub(crate) fn hint_for<S: Borrow<Schema>>(schema: &ReferenceOr<S>, hint: impl FnOnce() -> String) -> String {
    if defines_no_type(schema) { String::new() } else { hint() }
}

/// Whether converting `schema` certainly defines no named type: a reference
/// to a whole component, or a string, number, integer or boolean without
/// `enum`. Anything else may (an object, an enum, a union, an array or map
/// of those, a reference into another schema).
fn defines_no_type<S: Borrow<Schema>>(schema: &ReferenceOr<S>) -> bool {
    match schema {
        ReferenceOr::Reference { reference } => reference
            .strip_prefix("#/components/schemas/")
            .is_some_and(|name| !name.contains('/')),
        ReferenceOr::Item(schema) => match &schema.borrow().schema_kind {
            SchemaKind::Type(Type::String(string)) => string.enumeration.is_empty(),
            SchemaKind::Type(Type::Number(number)) => number.enumeration.is_empty(),
            SchemaKind::Type(Type::Integer(integer)) => integer.enumeration.is_empty(),
            SchemaKind::Type(Type::Boolean(boolean)) => boolean.enumeration.is_empty(),
            _ => false,
        },
    }
}
