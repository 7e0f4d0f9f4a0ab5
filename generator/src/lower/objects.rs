//! Objects → structs (or maps, when there are no declared properties).
//!
//! ```text
//! pub struct Contact {
//!     pub mobile: String,                                   // required
//!     pub name: Option<String>,                             // optional: left out when None
//!     pub avatar_url: Option<String>,                       // required, nullable
//!     pub note: Option<Option<String>>,                     // optional, nullable: absent vs null
//!     pub additional_properties: BTreeMap<String, String>,  // additionalProperties
//! }
//! ```
//!
//! How each presence is read and written is in `emit/types.rs` (the serde
//! impls of structs).

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, ReferenceOr, Schema, SchemaData, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty,
};
use serde_json::Value;

use super::docs::{schema_doc, schema_type_def};
use super::names::{Namespace, camel_ident, snake_ident};
use super::schema::hint_for;
use super::{Lowerer, Site};
use crate::diagnostics::pointer_join;
use crate::ir::{Field, Presence, Struct, TypeExpr, TypeKind};

/// How object properties are typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ObjectMode {
    /// Plain JSON.
    Json,
    /// A multipart body: `format: binary` properties become file parts.
    Multipart,
}

/// The keywords of an object schema that make its struct, wherever the
/// schema model keeps them (a typed object, an untyped schema, an `allOf`
/// merge).
pub(crate) struct ObjectParts<'s> {
    pub(crate) properties: &'s IndexMap<String, ReferenceOr<Box<Schema>>>,
    pub(crate) required: &'s [String],
    pub(crate) additional: Option<&'s AdditionalProperties>,
}

impl Lowerer<'_> {
    pub(crate) fn convert_object(
        &mut self,
        site: Site<'_>,
        data: &SchemaData,
        parts: ObjectParts<'_>,
        mode: ObjectMode,
    ) -> TypeExpr {
        let Site { slot, hint, pointer } = site;
        let ObjectParts {
            properties,
            required,
            additional,
        } = parts;
        let additional_ty = match additional {
            None | Some(AdditionalProperties::Any(true)) => Some(TypeExpr::Json),
            Some(AdditionalProperties::Any(false)) => None,
            Some(AdditionalProperties::Schema(schema)) => {
                let value_hint = hint_for(schema, || format!("{hint}Value"));
                let value = self.convert_ref_or(schema, &value_hint, &format!("{pointer}/additionalProperties"));
                Some(if value.nullable { value.ty.optional() } else { value.ty })
            }
        };
        if properties.is_empty() {
            // No declared properties: a map, not a struct.
            return match (additional, additional_ty) {
                (None, _) | (Some(AdditionalProperties::Any(true)), _) | (_, None) => TypeExpr::JsonObject,
                (_, Some(TypeExpr::Json)) => TypeExpr::JsonObject,
                (_, Some(value)) => TypeExpr::Map(Box::new(value)),
            };
        }
        // The type name is claimed before the fields are converted, so
        // inline field types are named after it.
        let name = match slot {
            Some(id) => self.type_name(id),
            None => self.claim_type_name(hint, pointer),
        };
        let mut field_names = Namespace::default();
        let mut fields = Vec::with_capacity(properties.len());
        let properties_pointer = pointer_join(pointer, "properties");
        for (wire_name, schema) in properties {
            let field_pointer = pointer_join(&properties_pointer, wire_name);
            let field_hint = hint_for(schema, || format!("{name}{}", camel_ident(wire_name, "Field")));
            let is_required = required.iter().any(|r| r == wire_name);
            let converted = match (mode, is_binary(schema)) {
                (ObjectMode::Multipart, Some(Binary::One)) => super::Converted::plain(TypeExpr::File),
                (ObjectMode::Multipart, Some(Binary::Many)) => {
                    super::Converted::plain(TypeExpr::Vec(Box::new(TypeExpr::File)))
                }
                _ => self.convert_boxed(schema, &field_hint, &field_pointer),
            };
            let (doc, deprecated) = match schema {
                ReferenceOr::Item(s) => (
                    schema_doc(&s.schema_data).or_else(|| converted.doc.clone()),
                    s.schema_data.deprecated,
                ),
                ReferenceOr::Reference { .. } => (None, false),
            };
            let default = converted
                .default
                .clone()
                .filter(|d| default_is_usable(&converted.ty, d));
            let presence = match (is_required, converted.nullable) {
                (true, false) => Presence::Required,
                (true, true) => Presence::RequiredNullable,
                (false, true) => Presence::OptionalNullable,
                (false, false) if default.is_some() => Presence::Defaulted,
                (false, false) => Presence::Optional,
            };
            let presence = match (&converted.ty, presence) {
                // A required file part stays required; others are optional.
                (TypeExpr::File, Presence::Required) => Presence::Required,
                (TypeExpr::File, _) => Presence::Optional,
                // A list of files can be empty; no Option around it.
                (TypeExpr::Vec(inner), _) if **inner == TypeExpr::File => Presence::Required,
                (_, p) => p,
            };
            fields.push(Field {
                name: field_names.claim(snake_ident(wire_name, "field")),
                wire_name: wire_name.clone(),
                ty: converted.ty,
                presence,
                default: if presence == Presence::Defaulted { default } else { None },
                doc,
                deprecated: deprecated || converted.deprecated,
            });
        }
        let extra = match (additional, additional_ty) {
            (Some(AdditionalProperties::Any(true)) | Some(AdditionalProperties::Schema(_)), Some(ty)) => {
                Some((field_names.claim("additional_properties"), ty))
            }
            _ => None,
        };
        let kind = TypeKind::Struct(Struct {
            fields,
            extra,
            multipart: mode == ObjectMode::Multipart,
        });
        let def = schema_type_def(name.clone(), data, pointer, kind);
        match slot {
            Some(_) => self.define(slot, &name, def),
            None => self.push_named(def),
        }
    }
}

/// Whether a multipart property carries files.
enum Binary {
    One,
    Many,
}

fn is_binary(schema: &ReferenceOr<Box<Schema>>) -> Option<Binary> {
    let ReferenceOr::Item(schema) = schema else { return None };
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) if s.format == VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => {
            Some(Binary::One)
        }
        SchemaKind::Any(any) if any.format.as_deref() == Some("binary") => Some(Binary::One),
        SchemaKind::Type(Type::Array(array)) => match array.items.as_ref().map(is_binary) {
            Some(Some(_)) => Some(Binary::Many),
            _ => None,
        },
        _ => None,
    }
}

/// Defaults are applied only where the emitted code can spell them: scalars
/// and empty arrays. Other defaults stay in the docs.
fn default_is_usable(ty: &TypeExpr, default: &Value) -> bool {
    match (ty, default) {
        (TypeExpr::Bool, Value::Bool(_)) => true,
        (TypeExpr::String, Value::String(_)) => true,
        (TypeExpr::I32, Value::Number(n)) => n.as_i64().is_some_and(|v| i32::try_from(v).is_ok()),
        (TypeExpr::I64, Value::Number(n)) => n.as_i64().is_some(),
        (TypeExpr::F32 | TypeExpr::F64, Value::Number(_)) => true,
        (TypeExpr::Vec(_), Value::Array(items)) => items.is_empty(),
        _ => false,
    }
}
