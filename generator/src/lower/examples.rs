//! The document's examples and the Rust type each one must round-trip
//! through, for the tests `Generator::with_example_tests` writes.
//!
//! While schemas are converted, the type made at each schema's pointer is
//! recorded (only when example tests are asked for). Load found every
//! example (`load/examples.rs`); each is given the type made at its schema:
//!
//! ```text
//! schema      example / examples[i]     → the schema's type (a property's own type)
//! media type  example / examples.X      → the body's type (JSON media types only;
//!             (value or $ref to components/examples)
//! parameter   example / examples.X      → the parameter's type
//! ```
//!
//! OpenAPI 3.1's schema `examples` arrays are kept by the loader, every item
//! tested. An example whose schema was never made a type (an `allOf` member,
//! a header, a webhook), whose media type is not JSON, whose type holds file
//! parts, or that only names an `externalValue`, is listed as untested with
//! the reason.

use std::collections::BTreeMap;

use super::Lowerer;
use super::bodies::body_kind;
use super::names::{Namespace, snake_ident};
use crate::ir::{BodyKind, Example, Examples, Operation, TypeDef, TypeExpr, TypeKind, UntestedExample};

/// The type made at each schema pointer, first conversion first.
#[derive(Debug, Default)]
pub(crate) struct SchemaTypes {
    types: BTreeMap<String, TypeExpr>,
    /// Schemas converted under another pointer: an `allOf` member's
    /// property (`…/allOf/1/properties/role`) becomes a field of the merged
    /// struct (`…/properties/role`), and so do the schemas below it.
    aliases: BTreeMap<String, String>,
}

impl SchemaTypes {
    /// Records the type of the schema at `pointer` (nullable schemas decode
    /// `null` too, so their type is an `Option`).
    pub(crate) fn record(&mut self, pointer: &str, ty: &TypeExpr, nullable: bool) {
        if self.types.contains_key(pointer) {
            return;
        }
        let ty = if nullable { ty.clone().optional() } else { ty.clone() };
        self.types.insert(pointer.to_string(), ty);
    }

    /// Records that the schemas below `origin` were converted below `converted`.
    pub(crate) fn alias(&mut self, origin: &str, converted: &str) {
        self.aliases
            .entry(origin.to_string())
            .or_insert_with(|| converted.to_string());
    }

    /// The type made for the schema at `pointer`, where it was written or
    /// where it was merged to.
    fn get(&self, pointer: &str) -> Option<&TypeExpr> {
        let mut pointer = pointer.to_string();
        for _ in 0..16 {
            if let Some(ty) = self.types.get(&pointer) {
                return Some(ty);
            }
            // The longest aliased prefix, at a segment boundary.
            let mut end = pointer.len();
            let moved = loop {
                if let Some(target) = self.aliases.get(&pointer[..end]) {
                    break Some(format!("{target}{}", &pointer[end..]));
                }
                match pointer[..end].rfind('/') {
                    Some(slash) if slash > 0 => end = slash,
                    _ => break None,
                }
            };
            pointer = moved?;
        }
        None
    }
}

impl Lowerer<'_> {
    /// Every example of the document with its type, or why it has none.
    pub(crate) fn collect_examples(&mut self, operations: &[Operation], types: &[TypeDef]) -> Examples {
        let Some(schema_types) = self.schema_types.take() else {
            return Examples::default();
        };
        let found = self.doc.examples.as_deref().unwrap_or_default();
        let mut names = Namespace::default();
        let mut examples = Examples::default();
        for found in found {
            let (file, pointer) = self.doc.locate(&found.pointer);
            let value = match (&found.value, &found.media_type) {
                (Ok(_), Some(media_type)) if body_kind(media_type) != BodyKind::Json => {
                    Err(format!("the media type `{media_type}` is not JSON"))
                }
                (value, _) => value.clone(),
            };
            let ty = match (&value, &found.schema) {
                (Err(reason), _) => Err(reason.clone()),
                (Ok(_), None) => Err("it has no schema".to_string()),
                (Ok(_), Some(schema)) => match schema_types.get(schema) {
                    Some(ty) => testable(ty, types).map(|()| ty.clone()),
                    None => Err(untyped_reason(schema)),
                },
            };
            match (value, ty) {
                (Ok(value), Ok(ty)) => examples.tested.push(Example {
                    test_name: names.claim(test_name(&found.pointer, operations)),
                    file,
                    pointer,
                    value,
                    ty,
                }),
                (_, Err(reason)) | (Err(reason), _) => {
                    examples.untested.push(UntestedExample { file, pointer, reason })
                }
            }
        }
        examples
    }
}

/// Why no type was made for the schema at `pointer`.
fn untyped_reason(pointer: &str) -> String {
    let segments: Vec<&str> = pointer.split('/').collect();
    let media_type = segments
        .windows(2)
        .find(|w| w[0] == "content")
        .map(|w| w[1].replace("~1", "/").replace("~0", "~"));
    let reason = if let Some(media_type) = media_type.as_ref().filter(|m| body_kind(m) != BodyKind::Json) {
        return format!("a schema of the media type `{media_type}`, which is not JSON");
    } else if media_type.is_some() && segments.contains(&"responses") && !segments.contains(&"properties") {
        "a response's media type the client does not decode (it reads the first JSON one)"
    } else if pointer.starts_with("#/webhooks/") {
        "a webhook's schema (the client has no webhooks)"
    } else if segments.contains(&"headers") {
        "a header's schema (the client does not type response headers)"
    } else if segments.last() == Some(&"not") || segments.windows(2).any(|w| w[0] == "not") {
        "a schema under `not` (not a type)"
    } else if segments.contains(&"allOf") {
        "an `allOf` member's own example (the member is part of its parent's merged type)"
    } else {
        "its schema is not made a type (not reached from an operation, or degraded)"
    };
    reason.to_string()
}

/// Whether values of `ty` can be decoded from JSON and written back: file
/// parts and raw bytes cannot, nor multipart bodies (their files are not
/// serde fields).
fn testable(ty: &TypeExpr, types: &[TypeDef]) -> Result<(), String> {
    let mut blocked = None;
    let mut stack = vec![ty.clone()];
    while let Some(ty) = stack.pop() {
        match ty {
            TypeExpr::File | TypeExpr::Bytes => blocked = Some("its type holds file parts or raw bytes"),
            TypeExpr::Vec(inner) | TypeExpr::Map(inner) | TypeExpr::Option(inner) | TypeExpr::Boxed(inner) => {
                stack.push(*inner)
            }
            TypeExpr::Named(id) => {
                if let Some(TypeDef {
                    kind: TypeKind::Struct(s),
                    ..
                }) = types.get(id.0)
                    && s.multipart
                {
                    blocked = Some("its type is a multipart body (files are not JSON)");
                }
            }
            _ => {}
        }
    }
    match blocked {
        Some(reason) => Err(reason.to_string()),
        None => Ok(()),
    }
}

/// A test's name: the example's pointer in snake_case, with an operation's
/// path and method replaced by the operation's method name
/// (`list_contacts_responses_200_content_application_json_example`) and
/// `components` left out (`schemas_contact_example`).
fn test_name(pointer: &str, operations: &[Operation]) -> String {
    let operation = operations
        .iter()
        .filter(|o| pointer.starts_with(&o.pointer) && pointer[o.pointer.len()..].starts_with('/'))
        .max_by_key(|o| o.pointer.len());
    let (head, rest) = match operation {
        Some(operation) => (operation.name.clone(), &pointer[operation.pointer.len()..]),
        None => (
            String::new(),
            pointer.trim_start_matches('#').trim_start_matches("/components"),
        ),
    };
    let tail: Vec<String> = rest
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| snake_ident(&s.replace("~1", "/").replace("~0", "~"), ""))
        .map(|s| s.trim_matches('_').to_string())
        .filter(|s| !s.is_empty())
        .collect();
    let name = std::iter::once(head)
        .chain(tail)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("_");
    snake_ident(&name, "example")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_pointers() {
        assert_eq!(
            test_name("#/components/schemas/Contact/properties/id/example", &[]),
            "schemas_contact_properties_id_example"
        );
        assert_eq!(
            test_name("#/paths/~1a/get/responses/200/content/application~1json/example", &[]),
            "paths_a_get_responses_200_content_application_json_example"
        );
    }
}
