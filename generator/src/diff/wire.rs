//! Wire compatibility by structure: whether every value one side may
//! produce is one the other side accepts, whatever the types are called.
//!
//! ```text
//! request:   old client (producer) ──▶ new server (consumer)   Flow::request(old, new)
//! response:  new server (producer) ──▶ old client (consumer)   Flow::response(old, new)
//! ```
//!
//! The two consumers differ: the new server is taken to check what its
//! document says (required properties present, no `null` where it is not
//! allowed, enum values it lists); the old client is what the generated code
//! decodes (a missing or `null` optional property is `None`, an unknown
//! enum value is kept, an unknown property is ignored). Types match by
//! content, not by name, so a renamed schema of the same shape is no change
//! on the wire; `i32` fits in `i64`; in a parameter (text on the wire) any
//! scalar fits in a string.

use std::collections::BTreeSet;

use super::resolved;
use crate::ir::{Api, Field, Presence, Struct, TypeExpr, TypeId, TypeKind};

/// Which way values travel, and between which documents.
pub(crate) struct Flow<'a> {
    producer: &'a Api,
    consumer: &'a Api,
    /// The old client produces (a request); else the new server does.
    client_produces: bool,
    /// Values travel as text (path, query, header and cookie parameters).
    text: bool,
}

impl<'a> Flow<'a> {
    /// What the old client sends, read by the new server.
    pub(crate) fn request(old: &'a Api, new: &'a Api) -> Self {
        Self {
            producer: old,
            consumer: new,
            client_produces: true,
            text: false,
        }
    }

    /// A parameter the old client sends, read by the new server as text.
    pub(crate) fn parameter(old: &'a Api, new: &'a Api) -> Self {
        Self {
            text: true,
            ..Self::request(old, new)
        }
    }

    /// What the new server sends, decoded by the old client.
    pub(crate) fn response(old: &'a Api, new: &'a Api) -> Self {
        Self {
            producer: new,
            consumer: old,
            client_produces: false,
            text: false,
        }
    }

    /// Whether the consumer's `consumer` type takes every value of the
    /// producer's `producer` type.
    pub(crate) fn accepts(&self, consumer: &TypeExpr, producer: &TypeExpr) -> bool {
        self.expr(consumer, producer, &mut BTreeSet::new())
    }

    /// Whether a property the producer writes with `producer` presence is
    /// one the consumer reads with `consumer` presence (absent, `null`).
    pub(crate) fn presence(&self, consumer: Presence, producer: Presence) -> bool {
        use Presence::*;
        let may_omit = match producer {
            Optional | OptionalNullable => true,
            // Generated code always writes a defaulted field; a server
            // may leave it out.
            Defaulted => !self.client_produces,
            Required | RequiredNullable => false,
        };
        let may_be_null = matches!(producer, RequiredNullable | OptionalNullable);
        let (needs_it, takes_null) = if self.client_produces {
            // The new server, as its document says.
            (
                matches!(consumer, Required | RequiredNullable),
                matches!(consumer, RequiredNullable | OptionalNullable),
            )
        } else {
            // The old client reads absent and `null` as `None`, or the default.
            (consumer == Required, consumer != Required)
        };
        !(may_omit && needs_it || may_be_null && !takes_null)
    }

    fn expr(&self, consumer: &TypeExpr, producer: &TypeExpr, seen: &mut BTreeSet<(usize, usize)>) -> bool {
        use TypeExpr::*;
        match (consumer, producer) {
            (Boxed(c), p) => self.expr(c, p, seen),
            (c, Boxed(p)) => self.expr(c, p, seen),
            (Json, _) => true,
            (Option(c), Option(p)) => self.expr(c, p, seen),
            (Option(c), p) => self.expr(c, p, seen),
            (Named(a), Named(b)) => self.named(*a, *b, seen),
            (Named(a), p) => match alias(self.consumer, *a) {
                Some(inner) => self.expr(inner, p, seen),
                None => false,
            },
            (c, Named(b)) => match alias(self.producer, *b) {
                Some(inner) => self.expr(c, inner, seen),
                None => {
                    matches!(c, JsonObject)
                        && self
                            .producer
                            .types
                            .get(b.0)
                            .is_some_and(|def| matches!(resolved(self.producer, def).kind, TypeKind::Struct(_)))
                }
            },
            (Vec(c), Vec(p)) | (Map(c), Map(p)) => self.expr(c, p, seen),
            (JsonObject, JsonObject | Map(_)) => true,
            (c, p) if c == p => true,
            // Wider numbers.
            (I64, I32) | (F64, F32 | I32 | I64) | (F32, I32 | I64) => true,
            // A UUID or base64 text is a string on the wire.
            (String, Uuid | Base64) => true,
            // In a parameter every scalar is text.
            (String, I32 | I64 | F32 | F64 | Bool) => self.text,
            _ => false,
        }
    }

    fn named(&self, consumer: TypeId, producer: TypeId, seen: &mut BTreeSet<(usize, usize)>) -> bool {
        if !seen.insert((consumer.0, producer.0)) {
            // Recursion: the pair is being compared further up.
            return true;
        }
        let (Some(c), Some(p)) = (self.consumer.types.get(consumer.0), self.producer.types.get(producer.0)) else {
            return false;
        };
        let (c, p) = (resolved(self.consumer, c), resolved(self.producer, p));
        match (&c.kind, &p.kind) {
            (TypeKind::Alias(inner) | TypeKind::Newtype(inner), _) => {
                self.expr(inner, &TypeExpr::Named(producer), seen)
            }
            (_, TypeKind::Alias(inner) | TypeKind::Newtype(inner)) => {
                self.expr(&TypeExpr::Named(consumer), inner, seen)
            }
            (TypeKind::Struct(c), TypeKind::Struct(p)) => self.fields(c, p, seen),
            (TypeKind::StringEnum(c), TypeKind::StringEnum(p)) => {
                // The old client keeps values it does not know.
                !self.client_produces || p.variants.iter().all(|v| c.variants.iter().any(|w| w.wire == v.wire))
            }
            (TypeKind::IntegerEnum(c), TypeKind::IntegerEnum(p)) => {
                !self.client_produces || p.variants.iter().all(|(_, v)| c.variants.iter().any(|(_, w)| w == v))
            }
            (TypeKind::Tagged(c), TypeKind::Tagged(p)) => {
                c.property == p.property
                    && p.variants.iter().all(|(_, tags, payload)| {
                        match c
                            .variants
                            .iter()
                            .find(|(_, other, _)| other.iter().any(|t| tags.contains(t)))
                        {
                            Some((_, _, taken)) => self.expr(taken, payload, seen),
                            // An unknown tag is kept by the old client.
                            None => !self.client_produces,
                        }
                    })
            }
            (TypeKind::Untagged(c), TypeKind::Untagged(p)) => p
                .iter()
                .all(|alternative| c.iter().any(|v| self.expr(&v.ty, &alternative.ty, seen))),
            (TypeKind::Untagged(c), _) => c.iter().any(|v| self.expr(&v.ty, &TypeExpr::Named(producer), seen)),
            (_, TypeKind::Untagged(p)) => p
                .iter()
                .all(|alternative| self.expr(&TypeExpr::Named(consumer), &alternative.ty, seen)),
            _ => false,
        }
    }

    /// Properties by wire name: the consumer's must each be written as it
    /// reads them; what it does not know it ignores.
    fn fields(&self, consumer: &Struct, producer: &Struct, seen: &mut BTreeSet<(usize, usize)>) -> bool {
        consumer.fields.iter().all(|c| {
            match producer.fields.iter().find(|p: &&Field| p.wire_name == c.wire_name) {
                Some(p) => self.presence(c.presence, p.presence) && self.expr(&c.ty, &p.ty, seen),
                // Never written: the consumer must do without it.
                None => self.presence(c.presence, Presence::Optional),
            }
        })
    }
}

/// What a named alias stands for.
fn alias(api: &Api, id: TypeId) -> Option<&TypeExpr> {
    match &resolved(api, api.types.get(id.0)?).kind {
        TypeKind::Alias(inner) | TypeKind::Newtype(inner) => Some(inner),
        _ => None,
    }
}
