//! Boxing recursive types, a separate pass after conversion (typify's habit).
//!
//! A struct that contains itself by value (directly, through `Option`, or
//! through other structs and unions) has infinite size. Containment through
//! `Vec` or a map is fine, since those allocate. For every by-value edge
//! `A → B` where `B` can reach `A` again by value, the field becomes
//! `Box<B>`. An alias that refers to itself at all (`type Tree = Vec<Tree>`)
//! is illegal in Rust, so such an alias becomes a newtype struct instead.
//!
//! Aliases that lead back to themselves by value alone (`A: {$ref: B}`,
//! `B: {$ref: A}`) describe no JSON value at all: there is nothing to box,
//! and a newtype would be infinite. They become `serde_json::Value`, and
//! the caller is told which they were.

use std::collections::BTreeSet;

use crate::ir::{Field, Struct, TypeDef, TypeExpr, TypeId, TypeKind};

/// Boxes the by-value edges that close a cycle, and turns self-referential
/// aliases into newtypes. Returns the aliases that only lead to each other
/// (now `serde_json::Value`), in id order.
pub fn box_recursive_fields(types: &mut [TypeDef]) -> Vec<TypeId> {
    let endless = endless_aliases(types);
    for &TypeId(index) in &endless {
        types[index].kind = TypeKind::Alias(TypeExpr::Json);
    }
    // Ids were assigned by position before `None` slots were dropped; the
    // lowering never leaves holes, so position and id agree.
    let by_value: Vec<BTreeSet<usize>> = types.iter().map(|t| by_value_edges(&t.kind)).collect();
    for (index, def) in types.iter_mut().enumerate() {
        match &mut def.kind {
            TypeKind::Struct(Struct { fields, .. }) | TypeKind::Params(Struct { fields, .. }) => {
                for Field { ty, .. } in fields.iter_mut() {
                    box_expr(ty, index, &by_value);
                }
            }
            TypeKind::Untagged(variants) => {
                for variant in variants.iter_mut() {
                    box_expr(&mut variant.ty, index, &by_value);
                }
            }
            TypeKind::Tagged(tagged) => {
                for (_, _, ty) in tagged.variants.iter_mut() {
                    box_expr(ty, index, &by_value);
                }
            }
            _ => {}
        }
    }
    let any_edges: Vec<BTreeSet<usize>> = types.iter().map(|t| all_edges(&t.kind)).collect();
    for (index, def) in types.iter_mut().enumerate() {
        if let TypeKind::Alias(ty) = &def.kind {
            if reaches(&any_edges, index, index) {
                def.kind = TypeKind::Newtype(ty.clone());
            }
        }
    }
    // A newtype can still hold itself by value through `Option`
    // (`Maybe(Option<Perhaps>)`, `Perhaps(Maybe)`): box that edge too.
    let by_value: Vec<BTreeSet<usize>> = types.iter().map(|t| by_value_edges(&t.kind)).collect();
    for (index, def) in types.iter_mut().enumerate() {
        if let TypeKind::Newtype(TypeExpr::Option(inner)) = &mut def.kind {
            box_expr(inner, index, &by_value);
        }
    }
    endless
}

/// Aliases on a cycle of plain aliases (`A = B`, `B = A`): no struct or
/// enum on the way could be boxed, and no `null` ends it.
fn endless_aliases(types: &[TypeDef]) -> Vec<TypeId> {
    let alias_edges: Vec<BTreeSet<usize>> = types
        .iter()
        .map(|t| match &t.kind {
            TypeKind::Alias(TypeExpr::Named(TypeId(target))) => BTreeSet::from([*target]),
            _ => BTreeSet::new(),
        })
        .collect();
    (0..types.len())
        .filter(|&index| reaches(&alias_edges, index, index))
        .map(TypeId)
        .collect()
}

fn box_expr(ty: &mut TypeExpr, owner: usize, by_value: &[BTreeSet<usize>]) {
    match ty {
        TypeExpr::Named(TypeId(target)) if reaches(by_value, *target, owner) => {
            *ty = TypeExpr::Boxed(Box::new(ty.clone()));
        }
        TypeExpr::Option(inner) => box_expr(inner, owner, by_value),
        _ => {}
    }
}

/// Named types held by value (not behind `Vec`, a map or a `Box`).
fn by_value_edges(kind: &TypeKind) -> BTreeSet<usize> {
    let mut out = BTreeSet::new();
    let mut add = |ty: &TypeExpr| collect(ty, false, &mut out);
    match kind {
        TypeKind::Struct(s) | TypeKind::Params(s) => s.fields.iter().for_each(|f| add(&f.ty)),
        TypeKind::Untagged(variants) => variants.iter().for_each(|v| add(&v.ty)),
        TypeKind::Tagged(tagged) => tagged.variants.iter().for_each(|(_, _, ty)| add(ty)),
        TypeKind::Alias(ty) | TypeKind::Newtype(ty) => add(ty),
        _ => {}
    }
    out
}

/// Every named type mentioned, through any container.
pub(crate) fn all_edges(kind: &TypeKind) -> BTreeSet<usize> {
    let mut out = BTreeSet::new();
    let mut add = |ty: &TypeExpr| collect(ty, true, &mut out);
    match kind {
        TypeKind::Struct(s) | TypeKind::Params(s) => {
            s.fields.iter().for_each(|f| add(&f.ty));
            if let Some((_, ty)) = &s.extra {
                add(ty);
            }
        }
        TypeKind::Untagged(variants) => variants.iter().for_each(|v| add(&v.ty)),
        TypeKind::Tagged(tagged) => tagged.variants.iter().for_each(|(_, _, ty)| add(ty)),
        TypeKind::Alias(ty) | TypeKind::Newtype(ty) => add(ty),
        TypeKind::Responses(variants) => variants.iter().filter_map(|v| v.ty.as_ref()).for_each(add),
        _ => {}
    }
    out
}

fn collect(ty: &TypeExpr, through_containers: bool, out: &mut BTreeSet<usize>) {
    match ty {
        TypeExpr::Named(TypeId(id)) => {
            out.insert(*id);
        }
        TypeExpr::Option(inner) => collect(inner, through_containers, out),
        TypeExpr::Vec(inner) | TypeExpr::Map(inner) | TypeExpr::Boxed(inner) if through_containers => {
            collect(inner, through_containers, out)
        }
        _ => {}
    }
}

/// Whether `to` is reachable from `from` (in one or more steps).
fn reaches(edges: &[BTreeSet<usize>], from: usize, to: usize) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from];
    while let Some(node) = stack.pop() {
        if !seen.insert(node) {
            continue;
        }
        let Some(next) = edges.get(node) else { continue };
        for &n in next {
            if n == to {
                return true;
            }
            stack.push(n);
        }
    }
    false
}
