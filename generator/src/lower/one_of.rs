//! `oneOf` / `anyOf` → enums.
//!
//! Without a discriminator the enum is untagged: serde tries the variants in
//! the order the document lists them.
//!
//! ```text
//! #[serde(untagged)]
//! pub enum Recipient { Contact(Contact), String(String) }
//! ```
//!
//! With a `discriminator` whose alternatives are all component objects, the
//! property selects the variant (honouring `mapping`), and an unknown tag is
//! kept whole in a catch-all variant:
//!
//! ```text
//! pub enum Message { Text(TextMessage), Image(ImageMessage), Unknown(serde_json::Value) }
//! ```

use openapiv3::{ReferenceOr, Schema, SchemaData};

use super::docs::schema_type_def;
use super::names::{Namespace, camel_ident, camel_joined};
use super::{Lowerer, Site};
use crate::ir::{Tagged, TypeExpr, TypeKind, Variant};

impl Lowerer<'_> {
    pub(crate) fn convert_union(
        &mut self,
        site: Site<'_>,
        data: &SchemaData,
        members: &[ReferenceOr<Schema>],
        keyword: &str,
    ) -> TypeExpr {
        let Site { slot, hint, pointer } = site;
        if members.is_empty() {
            self.warn(
                pointer,
                format!("`{keyword}` has no alternatives; typed as serde_json::Value"),
            );
            return TypeExpr::Json;
        }
        if members.len() == 1 {
            // A single alternative is that alternative.
            let only = self.convert_ref_or(&members[0], hint, &format!("{pointer}/{keyword}/0"));
            return if only.nullable { only.ty.optional() } else { only.ty };
        }
        if let Some(discriminator) = &data.discriminator {
            if let Some(tagged) = self.tagged_union(members, discriminator, pointer, keyword) {
                let def = schema_type_def(String::new(), data, pointer, TypeKind::Tagged(tagged));
                return self.define(slot, hint, def);
            }
        }
        let name = match slot {
            Some(id) => self.type_name(id),
            None => self.claim_type_name(hint, pointer),
        };
        let mut variant_names = Namespace::default();
        let mut variants = Vec::with_capacity(members.len());
        for (index, member) in members.iter().enumerate() {
            let member_pointer = format!("{pointer}/{keyword}/{index}");
            let converted = self.convert_ref_or(member, &format!("{name}Variant{index}"), &member_pointer);
            let ty = if converted.nullable {
                converted.ty.optional()
            } else {
                converted.ty
            };
            // The same alternative listed twice could never be chosen the
            // second time (and makes an unreachable match arm).
            if variants.iter().any(|v: &Variant| v.ty == ty) {
                continue;
            }
            let base = self.variant_name(&ty, index);
            variants.push(Variant {
                name: variant_names.claim(base),
                ty,
            });
        }
        // serde lets a struct deserialise from a JSON array (fields by
        // position), so a struct alternative listed first would swallow
        // arrays meant for a list alternative. Lists are tried first; the
        // order is otherwise the document's.
        variants.sort_by_key(|v| !is_list(&v.ty));
        let def = schema_type_def(name.clone(), data, pointer, TypeKind::Untagged(variants));
        match slot {
            Some(_) => self.define(slot, &name, def),
            None => self.push_named(def),
        }
    }

    /// A variant name that says what the alternative holds.
    fn variant_name(&self, ty: &TypeExpr, index: usize) -> String {
        match ty {
            TypeExpr::Named(id) => self.type_name(*id),
            TypeExpr::String | TypeExpr::Uuid => "String".into(),
            TypeExpr::I32 | TypeExpr::I64 => "Integer".into(),
            TypeExpr::F32 | TypeExpr::F64 => "Number".into(),
            TypeExpr::Bool => "Boolean".into(),
            TypeExpr::Vec(inner) => camel_joined(&self.variant_name(inner, index), "List"),
            TypeExpr::Map(_) | TypeExpr::JsonObject => "Object".into(),
            TypeExpr::Option(inner) | TypeExpr::Boxed(inner) => self.variant_name(inner, index),
            TypeExpr::Unit => "Null".into(),
            _ => format!("Variant{index}"),
        }
    }

    fn tagged_union(
        &mut self,
        members: &[ReferenceOr<Schema>],
        discriminator: &openapiv3::Discriminator,
        pointer: &str,
        keyword: &str,
    ) -> Option<Tagged> {
        // Every alternative must be a component, so it has a name to map to.
        let mut targets = Vec::with_capacity(members.len());
        for member in members {
            let ReferenceOr::Reference { reference } = member else {
                self.warn(
                    &format!("{pointer}/discriminator"),
                    format!("discriminator ignored: an alternative of `{keyword}` is not a $ref; the enum is untagged"),
                );
                return None;
            };
            let id = self.component_id(reference)?;
            // A `$ref` listed twice is one alternative.
            if targets.iter().any(|(_, _, seen)| *seen == id) {
                continue;
            }
            let short = reference.rsplit('/').next().unwrap_or_default().to_string();
            targets.push((reference.clone(), short, id));
        }
        let mut names = Namespace::default();
        let mut variants: Vec<(String, Vec<String>, TypeExpr)> = Vec::new();
        for (reference, short, id) in &targets {
            // Explicit mapping entries (by full ref or bare name) first;
            // without one the schema name is the tag.
            let mut tags: Vec<String> = discriminator
                .mapping
                .iter()
                .filter(|(_, target)| *target == reference || *target == short)
                .map(|(tag, _)| tag.clone())
                .collect();
            if tags.is_empty() {
                tags.push(short.clone());
            }
            let base = camel_ident(&tags[0], "V");
            variants.push((names.claim(base), tags, TypeExpr::Named(*id)));
        }
        let other = names.claim("Unknown");
        Some(Tagged {
            property: discriminator.property_name.clone(),
            variants,
            other,
        })
    }
}

fn is_list(ty: &TypeExpr) -> bool {
    match ty {
        TypeExpr::Vec(_) => true,
        TypeExpr::Option(inner) | TypeExpr::Boxed(inner) => is_list(inner),
        _ => false,
    }
}
