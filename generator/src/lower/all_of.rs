//! `allOf` → one merged struct.
//!
//! Rust has no inheritance, so the properties of every member (followed
//! through `$ref`s and nested `allOf`s) are merged into one struct, and the
//! `required` lists are united. An `allOf` with a single member and nothing
//! of its own (the 3.0 idiom for "a `$ref` with a description") is that
//! member. A cycle of `allOf`s has no meaning and is an error.

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaData, SchemaKind, Type};

use super::objects::{ObjectMode, ObjectParts};
use super::{Converted, Lowerer, RefEnd, Site};
use crate::diagnostics::pointer_join;
use crate::ir::TypeExpr;

#[derive(Default)]
struct Merged {
    properties: IndexMap<String, ReferenceOr<Box<Schema>>>,
    required: Vec<String>,
    additional: Option<AdditionalProperties>,
    object_members: usize,
    other_members: Vec<(ReferenceOr<Schema>, String)>,
    /// Where each merged property was written (for its examples).
    origins: Vec<(String, String)>,
    nullable: bool,
    failed: bool,
}

impl Lowerer<'_> {
    pub(crate) fn convert_all_of(
        &mut self,
        site: Site<'_>,
        data: &SchemaData,
        members: &[ReferenceOr<Schema>],
    ) -> Converted {
        let Site { hint, pointer, .. } = site;
        let own_nullable = data.nullable;
        // `allOf: [$ref]` plus annotations (3.0's way to describe a
        // reference, and what 3.1 `$ref` siblings normalise to) is the
        // referenced type itself, not a copy of it: converted as the
        // reference alone, with nothing to merge (so a reference to an
        // alias of itself is what a plain one is: `serde_json::Value`).
        let meaningful: Vec<&ReferenceOr<Schema>> = members.iter().filter(|m| !is_annotation_only(m)).collect();
        if let [only @ ReferenceOr::Reference { .. }] = meaningful.as_slice() {
            let index = members.iter().position(|m| std::ptr::eq(m, *only)).unwrap_or(0);
            let annotated_nullable = members
                .iter()
                .any(|m| matches!(m, ReferenceOr::Item(schema) if schema.schema_data.nullable));
            let mut out = self.convert_ref_or(only, hint, &format!("{pointer}/allOf/{index}"));
            out.nullable |= own_nullable || annotated_nullable;
            return out;
        }
        let mut merged = Merged::default();
        for (index, member) in members.iter().enumerate() {
            self.collect_member(member, &format!("{pointer}/allOf/{index}"), &mut merged);
        }
        if merged.failed {
            return Converted::plain(TypeExpr::Json);
        }
        if merged.object_members == 0 || merged.properties.is_empty() && merged.additional.is_none() {
            // Nothing to merge: the single meaningful member is the type.
            let meaningful: Vec<&ReferenceOr<Schema>> = members.iter().filter(|m| !is_annotation_only(m)).collect();
            if meaningful.len() > 1 {
                self.warn(pointer, "allOf of several non-object schemas; only the first is used");
            }
            let Some(first) = meaningful.first() else {
                return Converted::plain(TypeExpr::Json);
            };
            let index = members.iter().position(|m| std::ptr::eq(m, *first)).unwrap_or(0);
            let mut out = self.convert_ref_or(first, hint, &format!("{pointer}/allOf/{index}"));
            out.nullable |= own_nullable || merged.nullable;
            return out;
        }
        for (_, member_pointer) in &merged.other_members {
            self.warn(
                member_pointer,
                "allOf member is not an object schema; its constraints are not merged",
            );
        }
        let ty = self.convert_object(
            site,
            data,
            ObjectParts {
                properties: &merged.properties,
                required: &merged.required,
                additional: merged.additional.as_ref(),
            },
            ObjectMode::Json,
        );
        for (name, origin) in &merged.origins {
            let field = pointer_join(&pointer_join(pointer, "properties"), name);
            self.schema_type_alias(origin, &field);
        }
        let mut out = Converted::plain(ty);
        out.nullable = own_nullable;
        out
    }

    fn collect_member(&mut self, member: &ReferenceOr<Schema>, pointer: &str, merged: &mut Merged) {
        match member {
            ReferenceOr::Reference { reference } => {
                if let Some(start) = self.all_of_stack.iter().position(|r| r == reference) {
                    let mut cycle: Vec<&str> = self.all_of_stack[start..].iter().map(String::as_str).collect();
                    cycle.push(reference);
                    self.error(pointer, format!("allOf cycle: {}", cycle.join(" → ")));
                    merged.failed = true;
                    return;
                }
                // A reference to an alias of itself allows any value: it
                // adds nothing to the merge (a plain one is `Value`).
                if matches!(self.follow_schema_refs(reference, pointer), RefEnd::Endless) {
                    self.warn(
                        pointer,
                        format!(
                            "$ref `{reference}` leads only to references that lead back to each other: no JSON \
                             value has this schema; nothing of it is merged"
                        ),
                    );
                    return;
                }
                let Some((schema, target)) = self.resolve_schema(reference, pointer) else {
                    merged.failed = true;
                    return;
                };
                self.all_of_stack.push(reference.clone());
                self.collect_schema(schema, &target, merged, Some(member));
                self.all_of_stack.pop();
            }
            ReferenceOr::Item(schema) => self.collect_schema(schema, pointer, merged, None),
        }
    }

    fn collect_schema(
        &mut self,
        schema: &Schema,
        pointer: &str,
        merged: &mut Merged,
        via: Option<&ReferenceOr<Schema>>,
    ) {
        merged.nullable |= schema.schema_data.nullable && via.is_none();
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => {
                merged.object_members += 1;
                merge_properties(
                    merged,
                    pointer,
                    &object.properties,
                    &object.required,
                    object.additional_properties.as_ref(),
                );
            }
            SchemaKind::AllOf { all_of } => {
                for (index, member) in all_of.iter().enumerate() {
                    self.collect_member(member, &format!("{pointer}/allOf/{index}"), merged);
                }
            }
            SchemaKind::Any(any)
                if !any.properties.is_empty() || !any.all_of.is_empty() || any.typ.as_deref() == Some("object") =>
            {
                merged.object_members += 1;
                merge_properties(
                    merged,
                    pointer,
                    &any.properties,
                    &any.required,
                    any.additional_properties.as_ref(),
                );
                for (index, member) in any.all_of.iter().enumerate() {
                    self.collect_member(member, &format!("{pointer}/allOf/{index}"), merged);
                }
            }
            SchemaKind::Any(any)
                if any.typ.is_none()
                    && any.enumeration.is_empty()
                    && any.items.is_none()
                    && any.one_of.is_empty()
                    && any.any_of.is_empty()
                    && any.not.is_none() =>
            {
                // Annotations only (`description`, `nullable` …): nothing to merge.
            }
            _ => {
                let member = via.cloned().unwrap_or_else(|| ReferenceOr::Item(schema.clone()));
                merged.other_members.push((member, pointer.to_string()));
            }
        }
    }
}

fn merge_properties(
    merged: &mut Merged,
    pointer: &str,
    properties: &IndexMap<String, ReferenceOr<Box<Schema>>>,
    required: &[String],
    additional: Option<&AdditionalProperties>,
) {
    for (name, schema) in properties {
        let origin = pointer_join(&pointer_join(pointer, "properties"), name);
        merged.origins.push((name.clone(), origin));
        // A later member restating a property (often to narrow it) wins,
        // but the property keeps its first position.
        merged.properties.insert(name.clone(), schema.clone());
    }
    for name in required {
        if !merged.required.contains(name) {
            merged.required.push(name.clone());
        }
    }
    if let Some(additional) = additional {
        merged.additional = Some(additional.clone());
    }
}

fn is_annotation_only(member: &ReferenceOr<Schema>) -> bool {
    match member {
        ReferenceOr::Reference { .. } => false,
        ReferenceOr::Item(schema) => matches!(
            &schema.schema_kind,
            SchemaKind::Any(any) if any.typ.is_none() && any.properties.is_empty() && any.enumeration.is_empty()
                && any.items.is_none() && any.all_of.is_empty() && any.one_of.is_empty() && any.any_of.is_empty()
                && any.not.is_none() && any.additional_properties.is_none()
        ),
    }
}
