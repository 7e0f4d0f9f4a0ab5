//! Sharing one definition between identical types, the last lowering pass.
//!
//! Descriptions repeat themselves: GitHub's defines the same inline
//! `read`/`write` permission enum 722 times and 3,776 enums with only 695
//! distinct value lists. Every copy is a type the user's compiler checks,
//! with its impls, so identical types share one definition and the others
//! become aliases of it:
//!
//! ```text
//! pub enum IssuesListDirection { Asc, Desc, Unknown(String) }
//! pub type PullsListDirection = IssuesListDirection;
//! ```
//!
//! Names do not change: fields and method signatures keep mentioning the
//! type their schema produced (the alias), and code that names either type
//! keeps compiling. "Identical" means the same generated code apart from the
//! name and the type's own doc: the same kind, the same fields with the same
//! wire names, types, defaults and docs, the same variants. Types that only
//! become identical once the types they mention are shared (a struct holding
//! one of two identical enums) are found by repeating the pass until nothing
//! changes.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::hash::{Hash, Hasher};

use super::recursion::all_edges;
use crate::ir::{Extras, Field, Struct, Tagged, TypeDef, TypeExpr, TypeId, TypeKind, Variant};

/// Turns every type that is identical to another into an alias of it.
pub fn share_identical_types(types: &mut [TypeDef]) {
    let canonical = canonical_types(types);
    for index in 0..types.len() {
        let target = find(&canonical, index);
        if target != index {
            let note = format!(
                "The same type as [`{}`]: identical schemas share one definition.",
                types[target].name
            );
            let def = &mut types[index];
            def.doc = Some(match def.doc.take() {
                Some(doc) => format!("{doc}\n\n{note}"),
                None => note,
            });
            def.kind = TypeKind::Alias(TypeExpr::Named(TypeId(target)));
        }
    }
}

/// For each type, the index of a type it is identical to (itself if none):
/// partitions by shape, repeated until no type joins another.
fn canonical_types(types: &[TypeDef]) -> Vec<usize> {
    let mut canonical: Vec<usize> = (0..types.len()).collect();
    let order = preference_order(types);
    let mentions: Vec<BTreeSet<usize>> = types.iter().map(|def| all_edges(&def.kind)).collect();
    let mut referrers = vec![Vec::new(); types.len()];
    for (index, mentioned) in mentions.iter().enumerate() {
        for &id in mentioned {
            referrers[id].push(index);
        }
    }
    // Each shape is hashed once, when it is made: the partition is rebuilt
    // on every round, and most shapes do not change between rounds.
    let shape_of = |index: usize, canonical: &[usize]| {
        let unchanged = mentions[index].iter().all(|&id| canonical[id] == id);
        shape(&types[index], unchanged, canonical).map(|shape| (hash_of(&shape), shape))
    };
    let mut shapes: Vec<Option<(u64, Shape)>> = (0..types.len()).map(|index| shape_of(index, &canonical)).collect();
    loop {
        let mut merges = Vec::new();
        {
            // Hash → the first type (in preference order) of a shape with
            // that hash; the firsts of other shapes with a hash already
            // taken (a 64-bit collision: in practice none) are kept aside.
            let mut by_hash: HashMap<u64, usize> = HashMap::with_capacity(shapes.len());
            let mut collided: Vec<usize> = Vec::new();
            let same_shape = |first: usize, shape: &Shape| shapes[first].as_ref().is_some_and(|(_, s)| s == shape);
            for &index in &order {
                let (true, Some((hash, shape))) = (canonical[index] == index, &shapes[index]) else {
                    continue;
                };
                let first = match by_hash.get(hash) {
                    None => {
                        by_hash.insert(*hash, index);
                        continue;
                    }
                    Some(&first) if same_shape(first, shape) => Some(first),
                    Some(_) => collided.iter().copied().find(|&other| same_shape(other, shape)),
                };
                match first {
                    Some(first) => merges.push((index, first)),
                    None => collided.push(index),
                }
            }
        }
        if merges.is_empty() {
            break;
        }
        for &(index, target) in &merges {
            canonical[index] = target;
        }
        // Only the types that mention a merged type can have a new shape.
        let mut dirty: Vec<usize> = merges
            .iter()
            .flat_map(|&(index, _)| referrers[index].iter().copied())
            .collect();
        dirty.sort_unstable();
        dirty.dedup();
        for index in dirty {
            if canonical[index] == index {
                shapes[index] = shape_of(index, &canonical);
            }
        }
    }
    canonical
}

/// The order in which types claim the shared definition: a component schema
/// (a name the description's authors chose) before an inline one, then the
/// shorter name, then the name itself, so the choice is deterministic.
fn preference_order(types: &[TypeDef]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..types.len()).collect();
    order.sort_by_key(|&index| {
        let def = &types[index];
        (!is_component(&def.pointer), def.name.len(), def.name.as_str())
    });
    order
}

fn is_component(pointer: &str) -> bool {
    pointer
        .strip_prefix("#/components/schemas/")
        .is_some_and(|rest| !rest.contains('/'))
}

fn hash_of(shape: &Shape) -> u64 {
    let mut hasher = ShapeHasher(0);
    shape.hash(&mut hasher);
    hasher.finish()
}

/// A fast, deterministic hash for [`hash_of`] (the multiply-rotate hash
/// rustc uses for its own tables): shapes are hashed whole, docs included,
/// and equal hashes are always confirmed by comparing the shapes, so
/// speed matters and resistance to chosen collisions does not.
struct ShapeHasher(u64);

impl Hasher for ShapeHasher {
    fn write(&mut self, bytes: &[u8]) {
        const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
            self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
        }
        for &byte in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(byte)).wrapping_mul(SEED);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Follows merges to the type that keeps its definition.
fn find(canonical: &[usize], mut index: usize) -> usize {
    while canonical[index] != index {
        index = canonical[index];
    }
    index
}

/// Everything that decides a type's generated code except its name and its
/// own doc: `deprecated` and the kind, with mentioned types replaced by
/// their canonical ones.
/// Borrowed while no mentioned type has been merged into another, which
/// spares cloning most types.
/// Whether the type is deprecated, what callbacks add to it, and its kind.
type Shape<'a> = (bool, &'a Extras, Cow<'a, TypeKind>);

/// The type's [`Shape`]; `None` for kinds that are never shared (aliases are
/// free already, and a newtype exists to break a cycle). `unchanged`: none of
/// the types it mentions has been merged into another.
fn shape<'a>(def: &'a TypeDef, unchanged: bool, canonical: &[usize]) -> Option<Shape<'a>> {
    if unchanged {
        return match def.kind {
            TypeKind::Alias(_) | TypeKind::Newtype(_) => None,
            _ => Some((def.deprecated, &def.extras, Cow::Borrowed(&def.kind))),
        };
    }
    let map = |ty: &TypeExpr| canonical_expr(ty, canonical);
    let map_struct = |s: &Struct| Struct {
        fields: s
            .fields
            .iter()
            .map(|f| Field {
                ty: map(&f.ty),
                ..f.clone()
            })
            .collect(),
        extra: s.extra.as_ref().map(|(name, ty)| (name.clone(), map(ty))),
        multipart: s.multipart,
    };
    let kind = match &def.kind {
        TypeKind::Alias(_) | TypeKind::Newtype(_) => return None,
        TypeKind::Struct(s) => TypeKind::Struct(map_struct(s)),
        TypeKind::Params(s) => TypeKind::Params(map_struct(s)),
        TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_) => {
            return Some((def.deprecated, &def.extras, Cow::Borrowed(&def.kind)));
        }
        TypeKind::Untagged(variants) => TypeKind::Untagged(
            variants
                .iter()
                .map(|v| Variant {
                    name: v.name.clone(),
                    ty: map(&v.ty),
                })
                .collect(),
        ),
        TypeKind::Tagged(tagged) => TypeKind::Tagged(Tagged {
            property: tagged.property.clone(),
            variants: tagged
                .variants
                .iter()
                .map(|(name, tags, ty)| (name.clone(), tags.clone(), map(ty)))
                .collect(),
            other: tagged.other.clone(),
        }),
        TypeKind::Responses(variants) => TypeKind::Responses(
            variants
                .iter()
                .map(|v| crate::ir::ResponseVariant {
                    ty: v.ty.as_ref().map(map),
                    ..v.clone()
                })
                .collect(),
        ),
    };
    Some((def.deprecated, &def.extras, Cow::Owned(kind)))
}

fn canonical_expr(ty: &TypeExpr, canonical: &[usize]) -> TypeExpr {
    let inner = |inner: &TypeExpr| Box::new(canonical_expr(inner, canonical));
    match ty {
        TypeExpr::Named(TypeId(id)) => TypeExpr::Named(TypeId(find(canonical, *id))),
        TypeExpr::Vec(t) => TypeExpr::Vec(inner(t)),
        TypeExpr::Map(t) => TypeExpr::Map(inner(t)),
        TypeExpr::Option(t) => TypeExpr::Option(inner(t)),
        TypeExpr::Boxed(t) => TypeExpr::Boxed(inner(t)),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{EnumVariant, Presence, StringEnum};

    fn def(name: &str, pointer: &str, kind: TypeKind) -> TypeDef {
        TypeDef {
            name: name.into(),
            doc: Some(format!("{name}'s own doc")),
            deprecated: false,
            pointer: pointer.into(),
            extras: Default::default(),
            kind,
        }
    }

    fn direction() -> TypeKind {
        let variant = |name: &str, wire: &str| EnumVariant {
            name: name.into(),
            wire: wire.into(),
        };
        TypeKind::StringEnum(StringEnum {
            variants: vec![variant("Asc", "asc"), variant("Desc", "desc")],
            other: "Unknown".into(),
        })
    }

    fn holder(field_type: usize) -> TypeKind {
        TypeKind::Struct(Struct {
            fields: vec![Field {
                name: "direction".into(),
                wire_name: "direction".into(),
                ty: TypeExpr::Named(TypeId(field_type)),
                presence: Presence::Optional,
                default: None,
                doc: None,
                deprecated: false,
            }],
            extra: None,
            multipart: false,
        })
    }

    #[test]
    fn identical_types_become_aliases_of_the_preferred_one_and_keep_their_docs() {
        let mut types = vec![
            def(
                "PullsListDirection",
                "#/paths/~1pulls/get/parameters/0/schema",
                direction(),
            ),
            def("Direction", "#/components/schemas/direction", direction()),
            def("PullsHolder", "#/paths/~1pulls/get/responses/200", holder(0)),
            def("IssuesHolder", "#/paths/~1issues/get/responses/200", holder(1)),
        ];
        share_identical_types(&mut types);
        // The component wins over the inline copy; the holders are identical
        // only once the enums are shared, and the shorter name wins.
        assert_eq!(types[0].kind, TypeKind::Alias(TypeExpr::Named(TypeId(1))));
        assert_eq!(types[1].kind, direction());
        assert_eq!(types[2].kind, holder(0));
        assert_eq!(types[3].kind, TypeKind::Alias(TypeExpr::Named(TypeId(2))));
        assert_eq!(
            types[0].doc.as_deref(),
            Some(
                "PullsListDirection's own doc\n\nThe same type as [`Direction`]: identical schemas share one definition."
            )
        );
    }

    #[test]
    fn types_that_differ_in_a_field_doc_or_deprecation_stay_apart() {
        let mut documented = holder(0);
        if let TypeKind::Struct(s) = &mut documented {
            s.fields[0].doc = Some("Sort order".into());
        }
        let mut deprecated = def("Old", "#/components/schemas/old", direction());
        deprecated.deprecated = true;
        let mut types = vec![
            def("Direction", "#/components/schemas/direction", direction()),
            def("A", "#/components/schemas/a", holder(0)),
            def("B", "#/components/schemas/b", documented.clone()),
            deprecated,
        ];
        share_identical_types(&mut types);
        assert_eq!(types[1].kind, holder(0));
        assert_eq!(types[2].kind, documented);
        assert_eq!(types[3].kind, direction());
    }
}
