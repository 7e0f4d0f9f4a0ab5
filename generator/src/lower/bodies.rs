//! Request bodies: one method per supported media type.
//!
//! The primary method takes JSON when the operation offers it (else the first
//! media type listed); every other encoding gets its own method with a
//! suffix (`contact_create_multipart`), so the caller can use each.

use openapiv3::{ReferenceOr, RequestBody, Schema, SchemaKind, Type};

use super::Lowerer;
use super::Site;
use super::objects::{ObjectMode, ObjectParts};
use crate::ir::{Body, BodyKind, FileField, FileShape, Presence, TypeExpr, TypeId, TypeKind};

/// How a media type is encoded.
pub(crate) fn body_kind(media_type: &str) -> BodyKind {
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if essence == "application/json" || essence.ends_with("+json") {
        BodyKind::Json
    } else if essence == "application/x-www-form-urlencoded" {
        BodyKind::Form
    } else if essence == "multipart/form-data" || essence == "multipart/mixed" {
        BodyKind::Multipart
    } else if essence.starts_with("text/") {
        BodyKind::Text
    } else if essence.contains("json") {
        BodyKind::Json
    } else {
        BodyKind::Bytes
    }
}

/// The order encodings are offered in: JSON first (the primary method).
pub(crate) fn rank(kind: BodyKind) -> u8 {
    match kind {
        BodyKind::Json => 0,
        BodyKind::Form => 1,
        BodyKind::Multipart => 2,
        BodyKind::Text => 3,
        BodyKind::Bytes => 4,
    }
}

fn suffix(kind: BodyKind) -> &'static str {
    match kind {
        BodyKind::Json => "json",
        BodyKind::Form => "form",
        BodyKind::Multipart => "multipart",
        BodyKind::Bytes => "bytes",
        BodyKind::Text => "text",
    }
}

impl Lowerer<'_> {
    pub(crate) fn lower_bodies(
        &mut self,
        operation: &openapiv3::Operation,
        type_prefix: &str,
        pointer: &str,
    ) -> (Vec<Body>, bool) {
        let Some(body) = &operation.request_body else {
            return (Vec::new(), false);
        };
        let site = format!("{pointer}/requestBody");
        let Some((body, body_pointer)) = self.resolve_object::<RequestBody>(body, &site) else {
            return (Vec::new(), false);
        };
        let mut media: Vec<(&String, BodyKind)> = body.content.keys().map(|m| (m, body_kind(m))).collect();
        // JSON first, then a fixed order of encodings, so the document's
        // order of media types does not change the methods; one per encoding.
        media.sort_by_key(|(media_type, kind)| (rank(*kind), media_type.to_ascii_lowercase()));
        let mut bodies: Vec<Body> = Vec::new();
        for (media_type, kind) in media {
            if bodies.iter().any(|b| b.kind == kind) {
                continue;
            }
            let Some(content) = body.content.get(media_type) else {
                continue;
            };
            let schema_pointer = format!(
                "{body_pointer}/content/{}/schema",
                crate::diagnostics::escape_pointer_segment(media_type)
            );
            let mut lowered = Body {
                media_type: media_type.clone(),
                kind,
                ty: TypeExpr::Json,
                method_suffix: (!bodies.is_empty()).then(|| suffix(kind).to_string()),
                file_fields: Vec::new(),
                part_content_types: Vec::new(),
            };
            match kind {
                BodyKind::Bytes => lowered.ty = TypeExpr::Bytes,
                BodyKind::Text => lowered.ty = TypeExpr::String,
                BodyKind::Json | BodyKind::Form => {
                    lowered.ty = match &content.schema {
                        Some(schema) => {
                            let converted = self.convert_ref_or(schema, &format!("{type_prefix}Body"), &schema_pointer);
                            if converted.nullable {
                                converted.ty.optional()
                            } else {
                                converted.ty
                            }
                        }
                        None => TypeExpr::Json,
                    };
                }
                BodyKind::Multipart => {
                    let Some(schema) = &content.schema else {
                        lowered.ty = TypeExpr::Json;
                        bodies.push(lowered);
                        continue;
                    };
                    lowered.ty = self.multipart_type(schema, type_prefix, &schema_pointer, !bodies.is_empty());
                    lowered.file_fields = self.file_fields(&lowered.ty);
                    for (field, encoding) in &content.encoding {
                        if let Some(content_type) = &encoding.content_type {
                            // "image/jpeg, image/png" lists what is allowed;
                            // only a single type can be sent as the part's type.
                            if !content_type.contains(',') {
                                lowered.part_content_types.push((field.clone(), content_type.clone()));
                            }
                        }
                    }
                }
            }
            bodies.push(lowered);
        }
        (bodies, body.required)
    }

    /// The struct of a multipart body: the schema converted with
    /// `format: binary` properties as file parts. It gets its own type
    /// (`…Multipart`) when another encoding already uses the schema.
    fn multipart_type(
        &mut self,
        schema: &ReferenceOr<Schema>,
        type_prefix: &str,
        pointer: &str,
        secondary: bool,
    ) -> TypeExpr {
        let (resolved, resolved_pointer) = match schema {
            ReferenceOr::Reference { reference } => {
                // A component that is only ever a multipart body was
                // converted as one, under its own name: it is the body's type.
                if let Some(id) = self.component_id(reference)
                    && self.is_multipart_component(id)
                {
                    return TypeExpr::Named(id);
                }
                match self.resolve_schema(reference, pointer) {
                    Some(found) => found,
                    None => return TypeExpr::Json,
                }
            }
            ReferenceOr::Item(schema) => (schema, pointer.to_string()),
        };
        let hint = if secondary {
            format!("{type_prefix}Multipart")
        } else {
            format!("{type_prefix}Body")
        };
        match self.multipart_object(None, &hint, resolved, &resolved_pointer) {
            Some(ty) => ty,
            None => {
                self.warn(
                    pointer,
                    "multipart body schema is not an object; sent as JSON text parts",
                );
                self.convert_ref_or(schema, &format!("{type_prefix}Body"), pointer).ty
            }
        }
    }

    /// An object schema converted with its `format: binary` properties as
    /// file parts, into `slot` or a new type named `hint`; `None` when the
    /// schema is not an object.
    pub(crate) fn multipart_object(
        &mut self,
        slot: Option<TypeId>,
        hint: &str,
        resolved: &Schema,
        resolved_pointer: &str,
    ) -> Option<TypeExpr> {
        let (properties, required, additional) = match &resolved.schema_kind {
            SchemaKind::Type(Type::Object(object)) => (
                object.properties.clone(),
                object.required.clone(),
                object.additional_properties.clone(),
            ),
            SchemaKind::Any(any) if !any.properties.is_empty() => (
                any.properties.clone(),
                any.required.clone(),
                any.additional_properties.clone(),
            ),
            _ => return None,
        };
        Some(self.convert_object(
            Site {
                slot,
                hint,
                pointer: resolved_pointer,
            },
            &resolved.schema_data,
            ObjectParts {
                properties: &properties,
                required: &required,
                additional: additional.as_ref(),
            },
            ObjectMode::Multipart,
        ))
    }

    fn file_fields(&self, ty: &TypeExpr) -> Vec<FileField> {
        let TypeExpr::Named(id) = ty else { return Vec::new() };
        let Some(def) = self.type_def(*id) else {
            return Vec::new();
        };
        let TypeKind::Struct(s) = &def.kind else {
            return Vec::new();
        };
        s.fields
            .iter()
            .filter_map(|field| {
                let shape = match (&field.ty, field.presence) {
                    (TypeExpr::File, Presence::Required) => FileShape::One,
                    (TypeExpr::File, _) => FileShape::Optional,
                    (TypeExpr::Vec(inner), _) if **inner == TypeExpr::File => FileShape::Many,
                    _ => return None,
                };
                Some(FileField {
                    rust_name: field.name.clone(),
                    wire_name: field.wire_name.clone(),
                    shape,
                })
            })
            .collect()
    }
}
