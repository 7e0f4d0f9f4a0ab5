//! Naming types too complex to spell where they are used: a pass after
//! conversion, sharing and boxing.
//!
//! A nullable array of nullable objects as a 200 body beside an array of
//! nullable arrays as an error body makes a method return
//!
//! ```text
//! Call<'_, ResponseValue<Option<Vec<Option<ListThingsResponseItem>>>>, Vec<Option<Vec<ListThingsErrorItem>>>>
//! ```
//!
//! which clippy's `type_complexity` rejects, and which reads badly in the
//! user's docs. Where a signature, a field or a variant would be that
//! complex, the nested part gets a name, as clippy advises (a `type`
//! alias, which it does not lint): `ListThingsResponse`,
//! `ListThingsError`, and the method returns `Call<'_,
//! ResponseValue<types::ListThingsResponse>, types::ListThingsError>`.
//! Types below the threshold keep their shape.
//!
//! The score is clippy's: every path or tuple type counts ten times its
//! nesting, which grows by one inside generic arguments, and `&` counts
//! one. It is computed for the types as `emit` spells them
//! (`emit/type_expr.rs`, `emit/operations.rs`, `emit/types`): a map is
//! `BTreeMap<String, T>`, a method returns `Call<'_, ResponseValue<S>, E>`
//! (`Pages` alike, `Items<'_, I, E>`, `Events<'_, D, E>`), a body argument
//! is `&T`, `&[T]` or `Option<&…>`, a field holds its presence's `Option`s.
//! Every fixture is compiled under `clippy -D warnings` (`tests/compiled`),
//! and `complex_response_types` sits just above the threshold at each kind
//! of site.

use super::Lowerer;
use super::names::camel_ident;
use crate::diagnostics::pointer_join;
use crate::ir::{
    BodyKind, Decode, EventData, EventSource, Extras, Operation, Presence, SuccessType, TypeDef, TypeExpr, TypeId,
    TypeKind, Webhooks,
};

/// clippy's default `type-complexity-threshold`: a type scoring more is
/// linted.
const THRESHOLD: u64 = 250;

/// The score of `ty` at nesting `nest`.
fn score(ty: &TypeExpr, nest: u64) -> u64 {
    match ty {
        TypeExpr::Option(inner) | TypeExpr::Vec(inner) | TypeExpr::Boxed(inner) => 10 * nest + score(inner, nest + 1),
        // `BTreeMap<String, T>`.
        TypeExpr::Map(inner) => 10 * nest + 10 * (nest + 1) + score(inner, nest + 1),
        // `serde_json::Map<String, Value>`.
        TypeExpr::JsonObject => 10 * nest + 20 * (nest + 1),
        _ => 10 * nest,
    }
}

/// What naming `ty` (used at nesting `nest`) takes off a score.
fn gain(ty: &TypeExpr, nest: u64) -> u64 {
    score(ty, nest) - 10 * nest
}

/// `ty` inside `options` `Option`s, at nesting `nest`.
fn score_in_options(ty: &TypeExpr, options: u64, nest: u64) -> u64 {
    (0..options).map(|i| 10 * (nest + i)).sum::<u64>() + score(ty, nest + options)
}

/// The `Option`s a field's presence puts around its type.
fn presence_options(presence: Presence) -> u64 {
    match presence {
        Presence::Required | Presence::Defaulted => 0,
        Presence::RequiredNullable | Presence::Optional => 1,
        Presence::OptionalNullable => 2,
    }
}

/// The score of a path argument: by value, `&str` or `&T`.
fn path_argument(ty: &TypeExpr) -> u64 {
    1 + score(ty, 1)
}

/// The score of a body argument: `&T` or `&[T]`, in `Option<…>` when the
/// body may be left out.
fn body_argument(ty: &TypeExpr, required: bool) -> u64 {
    let reference = |nest: u64| match ty {
        TypeExpr::Vec(inner) => 1 + 10 * nest + score(inner, nest + 1),
        other => 1 + score(other, nest),
    };
    if required { reference(1) } else { 10 + reference(2) }
}

/// One type of a method's signatures that can be named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Success,
    Error,
    Event,
    Item,
}

/// The type `part` stands for in `operation`, and the nesting its
/// signatures put it at; `None` when the operation has no such type.
fn part_of(operation: &Operation, part: Part) -> Option<(&TypeExpr, u64)> {
    match part {
        Part::Success => match &operation.responses.success {
            SuccessType::Json(ty) => Some((ty, 3)),
            _ => None,
        },
        Part::Error => Some((&operation.responses.error, 2)),
        Part::Event => match &operation.responses.success {
            SuccessType::Events(EventData::Json(ty)) => Some((ty, 2)),
            _ => None,
        },
        Part::Item => operation.paging.as_ref().map(|paging| (&paging.item, 2)),
    }
}

/// The parts of the over-complex return types of `operation`'s methods.
fn over_threshold(operation: &Operation) -> Vec<Part> {
    let error = score(&operation.responses.error, 2);
    let mut parts = Vec::new();
    let call = match &operation.responses.success {
        // `Events<'_, D, E>`.
        SuccessType::Events(EventData::Json(data)) => 10 + score(data, 2) + error,
        SuccessType::Events(EventData::Text) => 10 + 20 + error,
        // `Call<'_, ResponseValue<S>, E>` (and `Pages<…>` alike).
        SuccessType::Json(ty) | SuccessType::Enum(ty) => 10 + 20 + score(ty, 3) + error,
        SuccessType::Unit | SuccessType::Text | SuccessType::Bytes => 10 + 20 + 30 + error,
    };
    if call > THRESHOLD {
        parts.extend([Part::Success, Part::Event, Part::Error]);
    }
    // `Items<'_, I, E>`.
    if let Some(paging) = &operation.paging
        && 10 + score(&paging.item, 2) + error > THRESHOLD
    {
        parts.extend([Part::Item, Part::Error]);
    }
    parts
}

impl Lowerer<'_> {
    /// Names the nested parts of every type that would be too complex
    /// where it is used (see the module's documentation); the aliases are
    /// appended to `types`.
    pub(crate) fn name_complex_types(
        &mut self,
        types: &mut Vec<TypeDef>,
        operations: &mut [Operation],
        event_sets: &mut [&mut Webhooks],
    ) {
        self.name_complex_members(types);
        for operation in operations.iter_mut() {
            self.name_complex_signatures(types, operation);
        }
        for events in event_sets.iter_mut() {
            let what = match &events.source {
                EventSource::Webhooks => "webhook",
                EventSource::Callbacks { .. } => "callback",
            };
            let pointer = events.pointer.clone();
            for event in &mut events.events {
                // `Variant(Payload)` of the event enum.
                if score(&event.payload, 1) > THRESHOLD {
                    let hint = format!("{}Payload", event.variant);
                    let doc = format!("The payload of the `{}` {what}.", event.wire_name);
                    let ty = std::mem::replace(&mut event.payload, TypeExpr::Json);
                    event.payload = self.name_type(types, ty, &hint, &pointer, doc);
                }
            }
        }
    }

    /// Fields (with their presence's `Option`s), the map of undeclared
    /// properties, and variants of unions and response enums.
    fn name_complex_members(&mut self, types: &mut Vec<TypeDef>) {
        for index in 0..types.len() {
            let owner = types[index].name.clone();
            let pointer = types[index].pointer.clone();
            // Each member too complex: where it is, and what to call it.
            let mut found: Vec<(Member, String, String)> = Vec::new();
            match &types[index].kind {
                TypeKind::Struct(s) | TypeKind::Params(s) => {
                    for (at, field) in s.fields.iter().enumerate() {
                        if score_in_options(&field.ty, presence_options(field.presence), 1) > THRESHOLD {
                            found.push((
                                Member::Field(at),
                                format!("{owner}{}", camel_ident(&field.wire_name, "Field")),
                                format!("The value of the `{}` field of `{owner}`.", field.name),
                            ));
                        }
                    }
                    // `BTreeMap<String, T>`.
                    if let Some((field, ty)) = &s.extra
                        && 10 + 20 + score(ty, 2) > THRESHOLD
                    {
                        found.push((
                            Member::Extra,
                            format!("{owner}ExtraValue"),
                            format!("The value of each undeclared property of `{owner}` (`{field}`)."),
                        ));
                    }
                }
                TypeKind::Newtype(ty) if score(ty, 1) > THRESHOLD => {
                    found.push((
                        Member::Newtype,
                        format!("{owner}Value"),
                        format!("What `{owner}` holds."),
                    ));
                }
                TypeKind::Untagged(variants) => {
                    for (at, variant) in variants.iter().enumerate() {
                        if score(&variant.ty, 1) > THRESHOLD {
                            found.push(variant_member(at, &owner, &variant.name));
                        }
                    }
                }
                TypeKind::Tagged(tagged) => {
                    for (at, (name, _, ty)) in tagged.variants.iter().enumerate() {
                        if score(ty, 1) > THRESHOLD {
                            found.push(variant_member(at, &owner, name));
                        }
                    }
                }
                TypeKind::Responses(variants) => {
                    for (at, variant) in variants.iter().enumerate() {
                        if variant.ty.as_ref().is_some_and(|ty| score(ty, 1) > THRESHOLD) {
                            found.push(variant_member(at, &owner, &variant.name));
                        }
                    }
                }
                _ => {}
            }
            for (member, hint, doc) in found {
                let Some(slot) = member.slot(&mut types[index].kind) else {
                    continue;
                };
                let ty = std::mem::replace(slot, TypeExpr::Json);
                let named = self.name_type(types, ty, &hint, &pointer, doc);
                if let Some(slot) = member.slot(&mut types[index].kind) {
                    *slot = named;
                }
            }
        }
    }

    /// A method's path and body arguments, and its return types (the
    /// success and error types meet in one; the larger is named first).
    fn name_complex_signatures(&mut self, types: &mut Vec<TypeDef>, operation: &mut Operation) {
        let prefix = camel_ident(&operation.name, "Op");
        let id = operation.operation_id.clone();
        let pointer = operation.pointer.clone();
        for param in &mut operation.path_params {
            if path_argument(&param.ty) > THRESHOLD {
                let hint = format!("{prefix}{}", camel_ident(&param.wire_name, "Param"));
                let doc = format!("The `{}` path parameter of `{id}`.", param.wire_name);
                let ty = std::mem::replace(&mut param.ty, TypeExpr::Json);
                param.ty = self.name_type(types, ty, &hint, &pointer, doc);
            }
        }
        for body in &mut operation.bodies {
            if body.kind == BodyKind::Json && body_argument(&body.ty, operation.body_required) > THRESHOLD {
                let method = body.method_suffix.as_deref().unwrap_or(&operation.name);
                let hint = format!("{}Body", camel_ident(method, "Op"));
                let doc = format!("The `{}` body of `{id}`.", body.media_type);
                let ty = std::mem::replace(&mut body.ty, TypeExpr::Json);
                body.ty = self.name_type(types, ty, &hint, &pointer, doc);
            }
        }
        loop {
            let best = over_threshold(operation)
                .into_iter()
                .filter_map(|part| part_of(operation, part).map(|(ty, nest)| (gain(ty, nest), part)))
                .filter(|(gain, _)| *gain > 0)
                .max_by_key(|(gain, _)| *gain);
            let Some((_, part)) = best else { break };
            let (hint, doc) = match part {
                Part::Success => (
                    format!("{prefix}Response"),
                    format!("The body of a successful `{id}` response."),
                ),
                Part::Error => (
                    format!("{prefix}Error"),
                    format!("The body of an error response of `{id}`."),
                ),
                Part::Event => (
                    format!("{prefix}Event"),
                    format!("The data of an event `{id}` streams."),
                ),
                Part::Item => (format!("{prefix}Item"), format!("An item of the pages of `{id}`.")),
            };
            let responses_pointer = pointer_join(&pointer, "responses");
            let Some((ty, _)) = part_of(operation, part) else { break };
            let ty = ty.clone();
            let named = self.name_type(types, ty.clone(), &hint, &responses_pointer, doc);
            replace_part(operation, part, &ty, named);
        }
    }

    /// Adds `pub type {hint} = ty;` (the name claimed like any other type's)
    /// and returns the name.
    fn name_type(
        &mut self,
        types: &mut Vec<TypeDef>,
        ty: TypeExpr,
        hint: &str,
        pointer: &str,
        doc: String,
    ) -> TypeExpr {
        let name = self.claim_type_name(hint, pointer);
        let id = TypeId(types.len());
        types.push(TypeDef {
            name,
            doc: Some(doc),
            deprecated: false,
            pointer: pointer.to_string(),
            extras: Extras::default(),
            kind: TypeKind::Alias(ty),
        });
        TypeExpr::Named(id)
    }
}

/// Where a too complex member of a named type is.
#[derive(Debug, Clone, Copy)]
enum Member {
    Field(usize),
    Extra,
    Newtype,
    Variant(usize),
}

impl Member {
    fn slot(self, kind: &mut TypeKind) -> Option<&mut TypeExpr> {
        match (self, kind) {
            (Member::Field(at), TypeKind::Struct(s) | TypeKind::Params(s)) => s.fields.get_mut(at).map(|f| &mut f.ty),
            (Member::Extra, TypeKind::Struct(s) | TypeKind::Params(s)) => s.extra.as_mut().map(|(_, ty)| ty),
            (Member::Newtype, TypeKind::Newtype(ty)) => Some(ty),
            (Member::Variant(at), TypeKind::Untagged(variants)) => variants.get_mut(at).map(|v| &mut v.ty),
            (Member::Variant(at), TypeKind::Tagged(tagged)) => tagged.variants.get_mut(at).map(|(_, _, ty)| ty),
            (Member::Variant(at), TypeKind::Responses(variants)) => variants.get_mut(at).and_then(|v| v.ty.as_mut()),
            _ => None,
        }
    }
}

fn variant_member(at: usize, owner: &str, variant: &str) -> (Member, String, String) {
    (
        Member::Variant(at),
        format!("{owner}{variant}"),
        format!("What the `{variant}` variant of `{owner}` holds."),
    )
}

/// Puts `named` where `operation` holds the type of `part` (`ty`): the
/// success or error type and the match arms decoding it without a
/// variant, the events' data or the pages' items.
fn replace_part(operation: &mut Operation, part: Part, ty: &TypeExpr, named: TypeExpr) {
    let responses = &mut operation.responses;
    match part {
        Part::Success | Part::Error => {
            let is_error = part == Part::Error;
            for case in &mut responses.cases {
                if case.is_error == is_error && case.variant.is_none() && case.decode == Decode::Json(ty.clone()) {
                    case.decode = Decode::Json(named.clone());
                }
            }
            if is_error {
                responses.error = named;
            } else {
                responses.success = SuccessType::Json(named);
            }
        }
        Part::Event => responses.success = SuccessType::Events(EventData::Json(named)),
        Part::Item => {
            if let Some(paging) = &mut operation.paging {
                paging.item = named;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn option(ty: TypeExpr) -> TypeExpr {
        TypeExpr::Option(Box::new(ty))
    }

    fn vec(ty: TypeExpr) -> TypeExpr {
        TypeExpr::Vec(Box::new(ty))
    }

    /// The scores clippy gives the types of `complex_response_types`
    /// (`Option<Vec<Option<T>>>` at 3 in the return type: 180).
    #[test]
    fn scores_follow_clippy() {
        let item = TypeExpr::Named(TypeId(0));
        assert_eq!(score(&option(vec(option(item.clone()))), 3), 30 + 40 + 50 + 60);
        assert_eq!(score(&vec(option(vec(item.clone()))), 2), 20 + 30 + 40 + 50);
        assert_eq!(score(&TypeExpr::Map(Box::new(item.clone())), 1), 10 + 20 + 20);
        assert_eq!(score_in_options(&item, 2, 1), 10 + 20 + 30);
        assert_eq!(body_argument(&vec(item.clone()), true), 1 + 10 + 20);
        assert_eq!(body_argument(&item, false), 10 + 1 + 20);
    }
}
