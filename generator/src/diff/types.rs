//! Types: matched by the name user code writes, compared by what they
//! hold. The wire verdict of a property change depends on which way the
//! type travels (see `Direction`): a new required property breaks what a
//! client sends, not what it receives.

use std::collections::BTreeMap;

use super::wire::Flow;
use super::{Change, Direction, Impact, resolved, spelled};
use crate::ir::{Api, Field, Presence, ResponseVariant, Struct, TypeDef, TypeExpr, TypeId, TypeKind};

/// Parameters structs and per-operation response enums are compared with
/// their operations (`operations.rs`): here only the variants of response
/// enums, which exhaustive matches name.
pub(super) fn compare(old: &Api, new: &Api, directions: &BTreeMap<String, Direction>, changes: &mut Vec<Change>) {
    let new_by_name: BTreeMap<&str, &TypeDef> = new.types.iter().map(|t| (t.name.as_str(), t)).collect();
    let operational = |def: &TypeDef| matches!(def.kind, TypeKind::Params(_) | TypeKind::Responses(_));
    for before in old.types.iter().filter(|t| !operational(t)) {
        let direction = directions.get(&before.name).copied().unwrap_or_default();
        let subject = format!("type {}", before.name);
        match new_by_name.get(before.name.as_str()).filter(|t| !operational(t)) {
            None => changes.push(Change {
                subject,
                what: "removed".into(),
                wire: Impact::None,
                rust: Impact::Breaking,
            }),
            Some(after) => {
                let mut push = |what: String, wire: Impact, rust: Impact| {
                    changes.push(Change {
                        subject: subject.clone(),
                        what,
                        wire,
                        rust,
                    })
                };
                compare_type(
                    old,
                    new,
                    resolved(old, before),
                    resolved(new, after),
                    direction,
                    &mut push,
                );
            }
        }
    }
    for before in old.types.iter() {
        let (TypeKind::Responses(was), Some(TypeKind::Responses(is))) =
            (&before.kind, new_by_name.get(before.name.as_str()).map(|t| &t.kind))
        else {
            continue;
        };
        compare_response_variants(old, new, &before.name, was, is, changes);
    }
    let old_names: Vec<&str> = old.types.iter().map(|t| t.name.as_str()).collect();
    for after in new.types.iter().filter(|t| !operational(t)) {
        if !old_names.contains(&after.name.as_str()) {
            changes.push(Change {
                subject: format!("type {}", after.name),
                what: "added".into(),
                wire: Impact::None,
                rust: Impact::Addition,
            });
        }
    }
}

fn compare_type(
    old: &Api,
    new: &Api,
    before: &TypeDef,
    after: &TypeDef,
    direction: Direction,
    push: &mut dyn FnMut(String, Impact, Impact),
) {
    match (&before.kind, &after.kind) {
        (TypeKind::Struct(a), TypeKind::Struct(b)) | (TypeKind::Params(a), TypeKind::Params(b)) => {
            compare_struct(old, new, a, b, direction, push);
        }
        (TypeKind::StringEnum(a), TypeKind::StringEnum(b)) => {
            let values = |e: &crate::ir::StringEnum| -> Vec<(String, String)> {
                e.variants.iter().map(|v| (v.wire.clone(), v.name.clone())).collect()
            };
            compare_variants(&values(a), &values(b), true, direction, push);
        }
        (TypeKind::IntegerEnum(a), TypeKind::IntegerEnum(b)) => {
            let values = |e: &crate::ir::IntegerEnum| -> Vec<(String, String)> {
                e.variants
                    .iter()
                    .map(|(name, value)| (value.to_string(), name.clone()))
                    .collect()
            };
            compare_variants(&values(a), &values(b), true, direction, push);
        }
        (TypeKind::Untagged(a), TypeKind::Untagged(b)) => {
            let alternatives = |api: &Api, variants: &[crate::ir::Variant]| -> Vec<(String, String)> {
                variants.iter().map(|v| (spelled(api, &v.ty), v.name.clone())).collect()
            };
            compare_variants(&alternatives(old, a), &alternatives(new, b), false, direction, push);
        }
        (TypeKind::Tagged(a), TypeKind::Tagged(b)) => {
            let tags = |t: &crate::ir::Tagged| -> Vec<(String, String)> {
                t.variants
                    .iter()
                    .map(|(name, tags, _)| (tags.join("|"), name.clone()))
                    .collect()
            };
            compare_variants(&tags(a), &tags(b), true, direction, push);
        }
        (TypeKind::Alias(a) | TypeKind::Newtype(a), TypeKind::Alias(b) | TypeKind::Newtype(b)) => {
            let (was, is) = (spelled(old, a), spelled(new, b));
            if was != is {
                push(
                    format!("now {is}, was {was}"),
                    type_change_impact(old, new, a, b, direction),
                    Impact::Breaking,
                );
            }
        }
        _ => {
            let (a, b) = (named(old, before), named(new, after));
            push(
                format!("is now {}, was {}", kind_name(&after.kind), kind_name(&before.kind)),
                type_change_impact(old, new, &a, &b, direction),
                Impact::Breaking,
            )
        }
    }
}

/// The type expression naming `def`.
fn named(api: &Api, def: &TypeDef) -> TypeExpr {
    let index = api.types.iter().position(|t| t.name == def.name).unwrap_or(usize::MAX);
    TypeExpr::Named(TypeId(index))
}

/// A value of the type changed from `was` to `is`: breaking where a
/// value the old client sends is not one the new server takes, or one the
/// new server sends is not one the old client reads.
fn type_change_impact(old: &Api, new: &Api, was: &TypeExpr, is: &TypeExpr, direction: Direction) -> Impact {
    let sent_breaks = direction.sent && !Flow::request(old, new).accepts(is, was);
    let received_breaks = direction.received && !Flow::response(old, new).accepts(was, is);
    if sent_breaks || received_breaks {
        Impact::Breaking
    } else {
        Impact::None
    }
}

/// Variants of a per-operation response enum (by name: `Created`,
/// `NotFound`): an exhaustive match names each. What the old client reads
/// on the wire is judged with the operation.
fn compare_response_variants(
    old: &Api,
    new: &Api,
    name: &str,
    was: &[ResponseVariant],
    is: &[ResponseVariant],
    changes: &mut Vec<Change>,
) {
    let payload = |api: &Api, v: &ResponseVariant| v.ty.as_ref().map_or("()".to_string(), |ty| spelled(api, ty));
    let mut push = |what: String| {
        changes.push(Change {
            subject: format!("type {name}"),
            what,
            wire: Impact::None,
            rust: Impact::Breaking,
        })
    };
    for v in was {
        match is.iter().find(|w| w.name == v.name) {
            None => push(format!("variant `{}` removed", v.name)),
            Some(w) if payload(old, v) != payload(new, w) => push(format!(
                "variant `{}`: {} → {}",
                v.name,
                payload(old, v),
                payload(new, w)
            )),
            Some(_) => {}
        }
    }
    for w in is.iter().filter(|w| !was.iter().any(|v| v.name == w.name)) {
        push(format!("variant `{}` added", w.name));
    }
}

fn kind_name(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Alias(_) => "an alias",
        TypeKind::Newtype(_) => "a newtype",
        TypeKind::Struct(_) => "a struct",
        TypeKind::StringEnum(_) => "a string enum",
        TypeKind::IntegerEnum(_) => "an integer enum",
        TypeKind::Untagged(_) | TypeKind::Tagged(_) => "a union",
        TypeKind::Params(_) => "a parameters struct",
        TypeKind::Responses(_) => "a responses enum",
    }
}

/// Properties, by wire name.
fn compare_struct(
    old: &Api,
    new: &Api,
    before: &Struct,
    after: &Struct,
    direction: Direction,
    push: &mut dyn FnMut(String, Impact, Impact),
) {
    let find = |fields: &'_ [Field], wire: &str| fields.iter().position(|f| f.wire_name == wire);
    for field in &before.fields {
        let Some(index) = find(&after.fields, &field.wire_name) else {
            // A client that reads a required property fails without it; one
            // that sends it is ignored.
            let wire = if direction.received && !Flow::response(old, new).presence(field.presence, Presence::Optional) {
                Impact::Breaking
            } else {
                Impact::None
            };
            push(
                format!("property `{}` removed", field.wire_name),
                wire,
                Impact::Breaking,
            );
            continue;
        };
        let now = &after.fields[index];
        if field.presence != now.presence {
            push(
                format!(
                    "property `{}` {} → {}",
                    field.wire_name,
                    presence_text(field.presence),
                    presence_text(now.presence)
                ),
                presence_impact(old, new, field.presence, now.presence, direction),
                // The field's type, and whether `new(…)` takes it, are the API.
                if rust_type(field) == rust_type(now)
                    && !in_constructor(field.presence)
                    && !in_constructor(now.presence)
                {
                    Impact::None
                } else {
                    Impact::Breaking
                },
            );
        }
        let (was, is) = (spelled(old, &field.ty), spelled(new, &now.ty));
        if was != is {
            push(
                format!("property `{}`: {was} → {is}", field.wire_name),
                type_change_impact(old, new, &field.ty, &now.ty, direction),
                Impact::Breaking,
            );
        }
        if field.name != now.name {
            push(
                format!(
                    "property `{}`: field `{}` → `{}`",
                    field.wire_name, field.name, now.name
                ),
                Impact::None,
                Impact::Breaking,
            );
        }
    }
    for now in &after.fields {
        if find(&before.fields, &now.wire_name).is_none() {
            // The old client never sends it.
            let wire = if direction.sent && !Flow::request(old, new).presence(now.presence, Presence::Optional) {
                Impact::Breaking
            } else {
                Impact::None
            };
            // Every new field breaks struct literals written without `..`.
            push(
                format!("property `{}` added ({})", now.wire_name, presence_text(now.presence)),
                wire,
                Impact::Breaking,
            );
        }
    }
    if before.extra.is_some() != after.extra.is_some() {
        push(
            if after.extra.is_some() {
                "now keeps undeclared properties (additionalProperties)".into()
            } else {
                "no longer keeps undeclared properties (additionalProperties)".into()
            },
            Impact::None,
            Impact::Breaking,
        );
    }
}

/// Whether `new(…)` takes the field as an argument.
fn in_constructor(presence: Presence) -> bool {
    matches!(presence, Presence::Required | Presence::RequiredNullable)
}

/// How a field's presence shows in its Rust type.
fn rust_type(field: &Field) -> &'static str {
    match field.presence {
        Presence::Required | Presence::Defaulted => "T",
        Presence::RequiredNullable | Presence::Optional => "Option<T>",
        Presence::OptionalNullable => "Option<Option<T>>",
    }
}

fn presence_text(presence: Presence) -> &'static str {
    match presence {
        Presence::Required => "required",
        Presence::RequiredNullable => "required, nullable",
        Presence::Optional => "optional",
        Presence::OptionalNullable => "optional, nullable",
        Presence::Defaulted => "optional with a default",
    }
}

/// A property that may now be absent or `null` breaks a client that reads
/// it; one that must now be sent (or may no longer be `null`) breaks a
/// client that sends the type.
fn presence_impact(old: &Api, new: &Api, was: Presence, is: Presence, direction: Direction) -> Impact {
    let sent = direction.sent && !Flow::request(old, new).presence(is, was);
    let received = direction.received && !Flow::response(old, new).presence(was, is);
    if received || sent {
        Impact::Breaking
    } else {
        Impact::None
    }
}

/// Enum values and union alternatives, by their value (or payload): a value
/// a client may send but the server no longer takes breaks it; `open`
/// enums keep a value the client does not know, so a new one it receives
/// does not. In Rust, any added or removed variant breaks an exhaustive
/// match.
fn compare_variants(
    was: &[(String, String)],
    is: &[(String, String)],
    open: bool,
    direction: Direction,
    push: &mut dyn FnMut(String, Impact, Impact),
) {
    for (value, name) in was {
        match is.iter().find(|(v, _)| v == value) {
            None => push(
                format!("`{value}` removed (variant `{name}`)"),
                if direction.sent { Impact::Breaking } else { Impact::None },
                Impact::Breaking,
            ),
            Some((_, now)) if now != name => push(
                format!("`{value}`: variant `{name}` → `{now}`"),
                Impact::None,
                Impact::Breaking,
            ),
            Some(_) => {}
        }
    }
    for (value, name) in is {
        if !was.iter().any(|(v, _)| v == value) {
            // An untagged union has no catch-all: a value of the new
            // alternative does not decode for an old client.
            push(
                format!("`{value}` added (variant `{name}`)"),
                if direction.received && !open {
                    Impact::Breaking
                } else {
                    Impact::None
                },
                Impact::Breaking,
            );
        }
    }
}
