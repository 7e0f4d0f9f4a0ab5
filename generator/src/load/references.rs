//! Every `$ref` of the document, read once while the raw JSON is at hand,
//! so that lowering reads one typed model and never deserialises again.
//!
//! ```text
//! $ref to a whole component   #/components/schemas/Contact      → openapiv3's Components
//!                             (its use is recorded: who refers to it, from where)
//! $ref anywhere else          #/paths/~1pets/get/parameters/0   → a typed target here,
//!                             #/components/schemas/A/definitions/b   by the kind of
//!                             #/components/pathItems/Ping            object the $ref stands for
//! ```
//!
//! The kind of a target is the kind of the place its `$ref` is written in
//! (a `$ref` under `parameters` stands for a Parameter Object); a target
//! that is itself a `$ref` is typed as a reference, and its own target
//! joins the work list with the same kind. A target that is not a valid
//! object of its kind keeps the reason, which lowering reports where the
//! object is used.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{Parameter, PathItem, ReferenceOr, RequestBody, Response, Schema, SecurityScheme};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::walk::{Slot, resolve_pointer, walk};

/// A typed target, or why the JSON there is not one.
pub type Target<T> = Result<ReferenceOr<T>, String>;

/// The objects `$ref`s point at outside whole components, by pointer.
#[derive(Debug, Default)]
pub struct Targets {
    pub(crate) schemas: BTreeMap<String, Target<Schema>>,
    pub(crate) parameters: BTreeMap<String, Target<Parameter>>,
    pub(crate) request_bodies: BTreeMap<String, Target<RequestBody>>,
    pub(crate) responses: BTreeMap<String, Target<Response>>,
    pub(crate) security_schemes: BTreeMap<String, Target<SecurityScheme>>,
    pub(crate) path_items: BTreeMap<String, Target<PathItem>>,
}

/// A `$ref` to a whole component schema, and where it is written.
#[derive(Debug)]
pub struct SchemaUse {
    /// The component's name (unescaped).
    pub name: String,
    /// The pointer of the object holding the `$ref`.
    pub site: String,
    /// The `$ref` stands for a schema (not, say, a Parameter Object).
    pub in_schema: bool,
}

/// What the `$ref`s of a document give lowering.
#[derive(Debug, Default)]
pub struct References {
    /// Targets outside whole components.
    pub targets: Targets,
    /// Uses of component schemas, in document order.
    pub schema_uses: Vec<SchemaUse>,
}

/// The kinds of object a `$ref` can stand for that lowering follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Schema,
    Parameter,
    RequestBody,
    Response,
    SecurityScheme,
    PathItem,
}

impl Kind {
    /// The `components` map holding whole objects of this kind in
    /// openapiv3's model, if it has one.
    fn section(self) -> Option<&'static str> {
        match self {
            Kind::Schema => Some("schemas"),
            Kind::Parameter => Some("parameters"),
            Kind::RequestBody => Some("requestBodies"),
            Kind::Response => Some("responses"),
            Kind::SecurityScheme => Some("securitySchemes"),
            Kind::PathItem => None,
        }
    }

    /// Whether `reference` names a whole component of this kind, which
    /// openapiv3's model holds under its name as written (a percent-encoded
    /// one is typed here instead).
    fn in_model(self, document: &Value, reference: &str) -> bool {
        self.section().is_some_and(|section| {
            whole_component(reference, section)
                .is_some_and(|name| document["components"][section].get(name.as_ref()).is_some())
        })
    }

    /// The kind of object a `$ref` written at `site` (in slot `slot`)
    /// stands for; `None` where lowering follows no reference.
    fn at(site: &str, slot: Slot) -> Option<Kind> {
        if slot.is_schema() {
            return Some(Kind::Schema);
        }
        let mut segments = site.rsplit('/');
        let last = segments.next()?;
        let parent = segments.next().unwrap_or_default();
        let grandparent = segments.next().unwrap_or_default();
        match (grandparent, parent, last) {
            (_, "parameters", _) => Some(Kind::Parameter),
            (_, _, "requestBody") | (_, "requestBodies", _) => Some(Kind::RequestBody),
            (_, "responses", _) => Some(Kind::Response),
            (_, "securitySchemes", _) => Some(Kind::SecurityScheme),
            (_, "webhooks" | "pathItems", _) | ("callbacks", _, _) => Some(Kind::PathItem),
            _ => None,
        }
    }
}

impl References {
    /// Reads the `$ref`s of `document` (already bundled and normalised) and
    /// of the `callbacks` taken out of it, each given with its pointer.
    pub(crate) fn of(document: &Value, callbacks: &[(String, &Value)]) -> Self {
        let mut references = Self::default();
        let mut wanted: BTreeSet<(Kind, String)> = BTreeSet::new();
        let mut visit = |node: &Value, slot: Slot, site: &str| {
            let Some(Value::String(reference)) = node.as_object().and_then(super::walk::reference) else {
                return;
            };
            if let Some(name) = whole_component(reference, "schemas") {
                references.schema_uses.push(SchemaUse {
                    name: name.into_owned(),
                    site: site.to_string(),
                    in_schema: slot.is_schema(),
                });
            }
            if let Some(kind) = Kind::at(site, slot)
                && !kind.in_model(document, reference)
            {
                wanted.insert((kind, reference.clone()));
            }
        };
        walk(document, Slot::Structure, &mut String::from("#"), &mut visit);
        for (pointer, value) in callbacks {
            walk(value, Slot::NameMap, &mut pointer.clone(), &mut visit);
        }
        let mut work: Vec<(Kind, String)> = wanted.into_iter().collect();
        while let Some((kind, reference)) = work.pop() {
            if let Some(next) = references.targets.add(document, kind, &reference) {
                work.push((kind, next));
            }
        }
        references
    }
}

impl Targets {
    /// Types the target of `reference` as `kind` (once); returns the
    /// reference it holds, when it is one, to be typed in turn.
    fn add(&mut self, document: &Value, kind: Kind, reference: &str) -> Option<String> {
        if !reference.starts_with('#') || kind.in_model(document, reference) {
            return None;
        }
        let target = resolve_pointer(document, reference)?;
        match kind {
            Kind::Schema => insert(&mut self.schemas, reference, target),
            Kind::Parameter => insert(&mut self.parameters, reference, target),
            Kind::RequestBody => insert(&mut self.request_bodies, reference, target),
            Kind::Response => insert(&mut self.responses, reference, target),
            Kind::SecurityScheme => insert(&mut self.security_schemes, reference, target),
            Kind::PathItem => insert(&mut self.path_items, reference, target),
        }
    }
}

fn insert<T: DeserializeOwned>(
    map: &mut BTreeMap<String, Target<T>>,
    reference: &str,
    target: &Value,
) -> Option<String> {
    if map.contains_key(reference) {
        return None;
    }
    let typed = typed(target);
    let next = match &typed {
        Ok(ReferenceOr::Reference { reference }) => Some(reference.clone()),
        _ => None,
    };
    map.insert(reference.to_string(), typed);
    next
}

/// `value` as a `T`, or the `$ref` it holds (a `$ref` with siblings is a
/// reference, as JSON Reference says).
pub(crate) fn typed<T: DeserializeOwned>(value: &Value) -> Target<T> {
    if let Some(Value::String(reference)) = value.get("$ref") {
        return Ok(ReferenceOr::Reference {
            reference: reference.clone(),
        });
    }
    T::deserialize(value).map(ReferenceOr::Item).map_err(|e| e.to_string())
}

/// `#/components/{section}/{name}` → `name` (unescaped).
fn whole_component<'r>(reference: &'r str, section: &str) -> Option<Cow<'r, str>> {
    let name = reference
        .strip_prefix("#/components/")?
        .strip_prefix(section)?
        .strip_prefix('/')?;
    match (name.contains('/'), name.contains('~')) {
        (true, _) => None,
        (false, false) => Some(Cow::Borrowed(name)),
        (false, true) => Some(Cow::Owned(name.replace("~1", "/").replace("~0", "~"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn targets_are_typed_by_the_place_their_ref_stands_in() {
        let document = json!({
            "paths": {
                "/a": {"get": {
                    "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer"}}],
                    "responses": {"200": {"description": "A.", "content": {"application/json": {"schema": {
                        "type": "object", "properties": {"id": {"type": "string"}}
                    }}}}}
                }},
                "/b": {"get": {
                    "parameters": [{"$ref": "#/paths/~1a/get/parameters/0"}],
                    "responses": {"200": {"$ref": "#/paths/~1a/get/responses/200"}}
                }},
                "/c": {"get": {"responses": {"200": {"description": "C.", "content": {"application/json": {
                    "schema": {"$ref": "#/paths/~1a/get/responses/200/content/application~1json/schema/properties/id"}
                }}}}}}
            },
            "components": {"schemas": {"Pet": {"$ref": "#/components/schemas/Pet/definitions/pet"}}}
        });
        let references = References::of(&document, &[]);
        let targets = &references.targets;
        assert!(
            matches!(targets.parameters.get("#/paths/~1a/get/parameters/0"), Some(Ok(ReferenceOr::Item(p)))
            if p.parameter_data_ref().name == "limit")
        );
        assert!(
            matches!(targets.responses.get("#/paths/~1a/get/responses/200"), Some(Ok(ReferenceOr::Item(r)))
            if r.description == "A.")
        );
        assert_eq!(targets.schemas.len(), 1, "{:?}", targets.schemas.keys());
        // A target that does not resolve is left out (lower says so where it is used).
        assert!(!targets.schemas.contains_key("#/components/schemas/Pet/definitions/pet"));
        assert_eq!(references.schema_uses.len(), 0);
    }

    #[test]
    fn chains_are_followed_and_broken_targets_keep_their_reason() {
        let document = json!({
            "paths": {"/a": {"get": {"parameters": [
                {"$ref": "#/components/parameters/per%20page"},
                {"$ref": "#/x-broken"}
            ], "responses": {}}}},
            "components": {"parameters": {"per page": {"$ref": "#/x-per-page"}}},
            "x-per-page": {"name": "per_page", "in": "query", "schema": {"type": "integer"}},
            "x-broken": {"name": 5}
        });
        let targets = References::of(&document, &[]).targets;
        // Percent-encoded, so not found under its name in the model: typed here, then its target.
        assert!(matches!(targets.parameters.get("#/components/parameters/per%20page"),
            Some(Ok(ReferenceOr::Reference { reference })) if reference == "#/x-per-page"));
        assert!(matches!(
            targets.parameters.get("#/x-per-page"),
            Some(Ok(ReferenceOr::Item(_)))
        ));
        assert!(matches!(targets.parameters.get("#/x-broken"), Some(Err(reason)) if !reason.is_empty()));
    }

    #[test]
    fn uses_of_component_schemas_say_where_they_stand() {
        let document = json!({
            "paths": {"/a": {"post": {"requestBody": {"content": {"multipart/form-data": {
                "schema": {"$ref": "#/components/schemas/Upload"}
            }}}, "responses": {}}}},
            "components": {"schemas": {"Upload": {"type": "object"}}}
        });
        let callbacks = json!({"done": {"{$url}": {"post": {"requestBody": {"content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/Upload"}
        }}}}}}});
        let references = References::of(&document, &[("#/paths/~1a/post/callbacks".to_string(), &callbacks)]);
        let sites: Vec<&str> = references.schema_uses.iter().map(|u| u.site.as_str()).collect();
        assert_eq!(
            sites,
            [
                "#/paths/~1a/post/requestBody/content/multipart~1form-data/schema",
                "#/paths/~1a/post/callbacks/done/{$url}/post/requestBody/content/application~1json/schema"
            ]
        );
        assert!(references.schema_uses.iter().all(|u| u.in_schema && u.name == "Upload"));
    }
}
