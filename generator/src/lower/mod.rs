//! Stage 2, lower: a loaded document → the IR ([`crate::ir::Api`]).
//!
//! Lower reads only typed data: openapiv3's model, and what load typed
//! beside it (the targets of `$ref`s outside whole components, webhooks and
//! callbacks, examples). Every schema goes through one dispatcher
//! (`schema.rs`, over the `Shape` a schema has however openapiv3
//! classified it, `shape.rs`), and every converter takes its `Site`.
//!
//! Component schemas get their type ids and names reserved before anything is
//! converted (typify's habit), so references — recursive ones included —
//! resolve to a name that already exists. Conversion is split by construct:
//! one file each for objects, enums, unions, `allOf`, operations, bodies,
//! responses and security. Final passes box recursive containment and share
//! one definition between identical types.

mod all_of;
mod bodies;
mod complexity;
mod components;
mod docs;
mod enums;
mod examples;
pub mod names;
mod objects;
mod one_of;
mod operations;
mod paging;
mod prune;
mod recursion;
mod references;
mod reserved;
mod responses;
mod schema;
mod security;
mod shape;
mod share;
mod webhooks;

pub(crate) use recursion::all_edges;

pub(crate) use operations::synthesize_id;

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{ReferenceOr, Schema};

use crate::callbacks::Callbacks;
use crate::diagnostics::{Diagnostic, GenerateError, pointer_join};
use crate::ir::{Api, Extras, TypeDef, TypeExpr, TypeId, TypeKind, Webhooks};
use crate::load::LoadedDocument;
use names::{Namespace, camel_ident, camel_joined};

pub(crate) use docs::sanitize as sanitize_doc;
pub(crate) use recursion::all_edges as mentioned;
pub(crate) use schema::Converted;

/// Where a schema is converted: the component id its top-level definition
/// fills (if any), the name a type made here starts from, and the schema's
/// JSON pointer (typify's `Name`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Site<'s> {
    pub(crate) slot: Option<TypeId>,
    pub(crate) hint: &'s str,
    pub(crate) pointer: &'s str,
}

/// State shared by all conversions of one document.
pub(crate) struct Lowerer<'a> {
    pub(crate) doc: &'a LoadedDocument,
    /// The user's decisions per type and operation.
    pub(crate) callbacks: Option<&'a dyn Callbacks>,
    /// The type table; `None` marks an id reserved but not yet converted.
    types: Vec<Option<TypeDef>>,
    type_names: Namespace,
    /// Component schema name → its reserved id.
    components: BTreeMap<String, TypeId>,
    /// Names of reserved ids, known before their types are converted.
    reserved_names: BTreeMap<TypeId, String>,
    /// Components whose schema allows `null`.
    nullable_components: BTreeSet<TypeId>,
    diagnostics: Vec<Diagnostic>,
    /// Pointers of `allOf` merges in progress, to report cycles.
    all_of_stack: Vec<String>,
    /// Non-component `$ref`s being converted, to stop runaway recursion.
    ref_stack: Vec<String>,
    /// Who refers to each component.
    references: references::References,
    /// Components converted as multipart bodies (see `references`).
    multipart_components: BTreeSet<TypeId>,
    /// The component being converted, whose referrers name an inline type
    /// whose own name is taken.
    current_component: Option<String>,
    /// Operations (and webhooks) the callbacks left out.
    excluded_operations: usize,
    /// The type made at each schema pointer, kept only when example tests
    /// are asked for.
    schema_types: Option<examples::SchemaTypes>,
    /// [`Options::types_apart`].
    types_apart: bool,
}

/// Where a chain of schema `$ref`s ends.
pub(crate) enum RefEnd<'a> {
    /// At a schema (and its pointer).
    Schema(&'a Schema, String),
    /// At JSON that is not a schema (its pointer, and why).
    Invalid { pointer: String, reason: &'a str },
    /// At a `$ref` that does not resolve, found at `site`.
    Dangling { reference: String, site: String },
    /// Nowhere: the references lead back to each other.
    Endless,
}

/// What the user chose on the generator that shapes the generated types.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Structs, unions, response and webhook event enums derive
    /// `PartialEq` (`Generator::with_partial_eq`).
    pub partial_eq: bool,
    /// The types go to crates of their own, which do not see the client
    /// (`Generator::split_into_crates`): their docs name the client's
    /// methods without linking to them.
    pub types_apart: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            partial_eq: true,
            types_apart: false,
        }
    }
}

/// Lowers `doc`; on success returns the API and the warnings. The API
/// lists the document's examples, each with its type (`Api::examples`),
/// when load found them.
pub fn lower(
    doc: &LoadedDocument,
    callbacks: Option<&dyn Callbacks>,
    options: Options,
) -> Result<(Api, Vec<Diagnostic>), GenerateError> {
    let mut lowerer = Lowerer {
        doc,
        callbacks,
        types: Vec::new(),
        type_names: Namespace::default(),
        components: BTreeMap::new(),
        reserved_names: BTreeMap::new(),
        nullable_components: BTreeSet::new(),
        diagnostics: Vec::new(),
        all_of_stack: Vec::new(),
        ref_stack: Vec::new(),
        references: references::References::of(&doc.references.schema_uses),
        multipart_components: BTreeSet::new(),
        current_component: None,
        excluded_operations: 0,
        types_apart: options.types_apart,
        schema_types: doc.examples.is_some().then(examples::SchemaTypes::default),
    };
    lowerer.reserve_components();
    lowerer.convert_components();
    let (mut operations, mut operation_callbacks) = lowerer.lower_operations();
    let mut webhooks = lowerer.lower_webhooks();
    let (security_schemes, default_security, signing) = lowerer.lower_security();
    let server = lowerer.lower_server();
    if lowerer.diagnostics.iter().any(Diagnostic::is_error) {
        return Err(GenerateError::new(lowerer.diagnostics));
    }
    // Every reserved id was filled by `convert_components`; a hole would
    // shift the ids that follow, so fill any defensively.
    let reserved_names = std::mem::take(&mut lowerer.reserved_names);
    let mut types: Vec<TypeDef> = std::mem::take(&mut lowerer.types)
        .into_iter()
        .enumerate()
        .map(|(index, def)| {
            def.unwrap_or_else(|| TypeDef {
                name: reserved_names.get(&TypeId(index)).cloned().unwrap_or_default(),
                doc: None,
                deprecated: false,
                pointer: String::new(),
                extras: Extras::default(),
                kind: TypeKind::Alias(TypeExpr::Json),
            })
        })
        .collect();
    for TypeId(index) in recursion::box_recursive_fields(&mut types) {
        let def = &types[index];
        let message = format!(
            "`{}` is defined only by references that lead back to it: no JSON value has this schema; typed as \
             serde_json::Value",
            def.name
        );
        let pointer = def.pointer.clone();
        lowerer.warn(&pointer, message);
    }
    if let Some(callbacks) = callbacks {
        lowerer.add_extras(&mut types, callbacks);
    }
    share::share_identical_types(&mut types);
    let mut event_sets: Vec<&mut Webhooks> = webhooks.iter_mut().chain(&mut operation_callbacks).collect();
    lowerer.name_complex_types(&mut types, &mut operations, &mut event_sets);
    let mut examples = lowerer.collect_examples(&operations, &types);
    if lowerer.excluded_operations > 0 {
        prune::keep_reachable(&mut types, &mut operations, &mut event_sets, &mut examples);
    }
    if lowerer.diagnostics.iter().any(Diagnostic::is_error) {
        return Err(GenerateError::new(lowerer.diagnostics));
    }
    let info = &doc.openapi.info;
    let api = Api {
        source: doc.file.clone(),
        overlays: doc.overlays.clone(),
        title: info.title.clone(),
        version: info.version.clone(),
        description: info.description.clone(),
        name: api_name(&doc.file),
        server,
        security_schemes,
        default_security,
        signing,
        operations,
        types,
        partial_eq: options.partial_eq,
        webhooks,
        operation_callbacks,
        examples,
    };
    let mut warnings = lowerer.diagnostics;
    warnings.sort();
    warnings.dedup();
    Ok((api, warnings))
}

/// `specs/pabbly-chatflow.yaml` → `pabbly-chatflow`.
fn api_name(file: &str) -> String {
    let stem = std::path::Path::new(file)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if stem.is_empty() { "api".to_string() } else { stem }
}

impl<'a> Lowerer<'a> {
    /// Reports an error at `pointer` (mapped back to the file it came from).
    pub(crate) fn error(&mut self, pointer: &str, message: impl Into<String>) {
        let (file, pointer) = self.doc.locate(pointer);
        self.diagnostics.push(Diagnostic::error(file, pointer, message));
    }

    /// Reports a warning at `pointer`.
    pub(crate) fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        let (file, pointer) = self.doc.locate(pointer);
        self.diagnostics.push(Diagnostic::warning(file, pointer, message));
    }

    fn reserve_components(&mut self) {
        let Some(components) = &self.doc.openapi.components else {
            return;
        };
        // Sorted by wire name, so names (and collision suffixes) do not
        // depend on the order components are written in.
        let mut names: Vec<&String> = components.schemas.keys().collect();
        names.sort();
        for name in names {
            let id = TypeId(self.types.len());
            self.types.push(None);
            let pointer = pointer_join("#/components/schemas", name);
            let rust_name = self
                .type_names
                .claim(self.chosen_type_name(camel_ident(name, "Schema"), &pointer));
            self.components.insert(name.clone(), id);
            if let Some(ReferenceOr::Item(schema)) = components.schemas.get(name)
                && schema.schema_data.nullable
            {
                self.nullable_components.insert(id);
            }
            self.reserved_names.insert(id, rust_name);
        }
    }

    fn convert_components(&mut self) {
        let Some(components) = &self.doc.openapi.components else {
            return;
        };
        let entries: Vec<(String, TypeId)> = self.components.iter().map(|(k, v)| (k.clone(), *v)).collect();
        for (name, id) in entries {
            let Some(schema) = components.schemas.get(&name) else {
                continue;
            };
            let pointer = pointer_join("#/components/schemas", &name);
            let rust_name = self.reserved_names.get(&id).cloned().unwrap_or_default();
            self.current_component = Some(name.clone());
            let multipart = match schema {
                ReferenceOr::Item(schema) if self.references.multipart_only(&name) => {
                    self.multipart_object(Some(id), &rust_name, schema, &pointer)
                }
                _ => None,
            };
            let converted = match (multipart, schema) {
                (Some(ty), _) => {
                    self.multipart_components.insert(id);
                    Converted::plain(ty)
                }
                (None, ReferenceOr::Reference { reference }) => self.convert_reference(reference, &rust_name, &pointer),
                (None, ReferenceOr::Item(schema)) => self.convert_schema(schema, &rust_name, &pointer, Some(id)),
            };
            self.current_component = None;
            if self.types[id.0].is_none() {
                // Not an object, enum or union: the component is an alias.
                let (doc, deprecated) = match schema {
                    ReferenceOr::Item(s) => (docs::schema_doc(&s.schema_data), s.schema_data.deprecated),
                    ReferenceOr::Reference { .. } => (None, false),
                };
                let ty = if converted.ty == TypeExpr::Named(id) {
                    self.warn(
                        &pointer,
                        format!("`{name}` is a reference to itself: no JSON value has this schema; typed as serde_json::Value"),
                    );
                    TypeExpr::Json
                } else {
                    converted.ty
                };
                self.types[id.0] = Some(TypeDef {
                    name: rust_name,
                    doc,
                    deprecated,
                    pointer,
                    extras: Extras::default(),
                    kind: TypeKind::Alias(ty),
                });
            }
        }
    }

    /// Adds a named type. `slot` is a reserved component id to fill, used
    /// by the first definition made for a component's top-level schema.
    pub(crate) fn define(&mut self, slot: Option<TypeId>, name_hint: &str, def: TypeDef) -> TypeExpr {
        match slot {
            Some(id) if self.types[id.0].is_none() => {
                let name = self
                    .reserved_names
                    .get(&id)
                    .cloned()
                    .unwrap_or_else(|| name_hint.to_string());
                self.types[id.0] = Some(TypeDef { name, ..def });
                TypeExpr::Named(id)
            }
            _ => {
                let id = TypeId(self.types.len());
                let name = self.claim_type_name(name_hint, &def.pointer);
                self.types.push(Some(TypeDef { name, ..def }));
                TypeExpr::Named(id)
            }
        }
    }

    /// Claims a type name without defining a type yet (operation enums and
    /// params structs), so later inline names cannot take it.
    ///
    /// A name already taken (an inline `Bot.status` enum meeting a
    /// component `BotStatus`) gets context before a number: the name of a
    /// component that refers to the one being converted (`ContactBotStatus`).
    pub(crate) fn claim_type_name(&mut self, hint: &str, pointer: &str) -> String {
        let name = self.chosen_type_name(camel_ident(hint, "Schema"), pointer);
        if self.type_names.contains(&name)
            && let Some(current) = &self.current_component
        {
            for referrer in self.references.referrers(current) {
                let candidate = camel_joined(&camel_ident(referrer, "Schema"), &name);
                if !self.type_names.contains(&candidate) {
                    return self.type_names.claim(candidate);
                }
            }
        }
        self.type_names.claim(name)
    }

    /// `name`, or the name the user's callbacks choose for the type made
    /// from the schema at `pointer` (made a valid identifier).
    fn chosen_type_name(&self, name: String, pointer: &str) -> String {
        match self.callbacks.and_then(|c| c.type_name(&name, pointer)) {
            Some(chosen) => camel_ident(&chosen, "Schema"),
            None => name,
        }
    }

    /// The derives and attributes the callbacks add to each struct and
    /// enum, each checked to parse (a mistake is a located error, not code
    /// that does not compile).
    fn add_extras(&mut self, types: &mut [TypeDef], callbacks: &dyn Callbacks) {
        for def in types.iter_mut() {
            if matches!(def.kind, TypeKind::Alias(_)) {
                continue;
            }
            let derives = callbacks.derives(&def.name);
            let attributes = callbacks.attributes(&def.name);
            for derive in &derives {
                if syn::parse_str::<syn::Path>(derive).is_err() {
                    self.error(
                        &def.pointer,
                        format!("the derive `{derive}` the callbacks give `{}` is not a path", def.name),
                    );
                }
            }
            for attribute in &attributes {
                let parses = syn::parse::Parser::parse_str(syn::Attribute::parse_outer, attribute)
                    .is_ok_and(|parsed| parsed.len() == 1);
                if !parses {
                    self.error(
                        &def.pointer,
                        format!(
                            "the attribute `{attribute}` the callbacks give `{}` is not one outer attribute",
                            def.name
                        ),
                    );
                }
            }
            def.extras = Extras { derives, attributes };
        }
    }

    /// Whether a component was converted as a multipart body.
    pub(crate) fn is_multipart_component(&self, id: TypeId) -> bool {
        self.multipart_components.contains(&id)
    }

    /// Adds a type whose name was claimed already.
    pub(crate) fn push_named(&mut self, def: TypeDef) -> TypeExpr {
        let id = TypeId(self.types.len());
        self.types.push(Some(def));
        TypeExpr::Named(id)
    }

    /// The Rust name of a type id (reserved or defined).
    pub(crate) fn type_name(&self, id: TypeId) -> String {
        match self.types.get(id.0) {
            Some(Some(def)) => def.name.clone(),
            _ => self.reserved_names.get(&id).cloned().unwrap_or_default(),
        }
    }

    /// The definition of a type id, once converted.
    pub(crate) fn type_def(&self, id: TypeId) -> Option<&TypeDef> {
        self.types.get(id.0).and_then(Option::as_ref)
    }

    /// Resolves a `$ref` to a typed OpenAPI object (parameter, response …),
    /// following chains of references.
    pub(crate) fn resolve_object<T: components::Component>(
        &mut self,
        item: &ReferenceOr<T>,
        pointer: &str,
    ) -> Option<(T, String)> {
        let mut current_pointer = pointer.to_string();
        let mut reference = match item {
            ReferenceOr::Item(value) => return Some((value.clone(), current_pointer)),
            ReferenceOr::Reference { reference } => reference.clone(),
        };
        // Follow chains of refs (a ref to a ref), with a bound against loops.
        for _ in 0..32 {
            let Some(found) = self.object_at::<T>(&reference) else {
                self.error(&current_pointer, format!("$ref `{reference}` does not resolve"));
                return None;
            };
            current_pointer = reference.clone();
            match found {
                Ok(ReferenceOr::Item(value)) => return Some((value.clone(), current_pointer)),
                Ok(ReferenceOr::Reference { reference: next }) => reference = next.clone(),
                Err(reason) => {
                    self.error(&current_pointer, format!("not a valid object here: {reason}"));
                    return None;
                }
            }
        }
        self.error(pointer, format!("$ref `{reference}` is part of a reference cycle"));
        None
    }

    /// What `reference` points at, as a `T`: a whole component from the
    /// typed model, or a target load typed; `None` when it does not resolve.
    pub(crate) fn object_at<T: components::Component>(
        &self,
        reference: &str,
    ) -> Option<Result<&'a ReferenceOr<T>, &'a str>> {
        let doc = self.doc;
        if let Some(found) = components::typed::<T>(doc.openapi.components.as_ref(), reference) {
            return Some(Ok(found));
        }
        T::targets(&doc.references.targets)
            .get(reference)
            .map(|target| target.as_ref().map_err(String::as_str))
    }

    /// Converts a schema given by reference or inline.
    pub(crate) fn convert_ref_or(&mut self, schema: &ReferenceOr<Schema>, hint: &str, pointer: &str) -> Converted {
        match schema {
            ReferenceOr::Reference { reference } => self.convert_reference(reference, hint, pointer),
            ReferenceOr::Item(schema) => self.convert_schema(schema, hint, pointer, None),
        }
    }

    /// Converts a boxed schema given by reference or inline.
    pub(crate) fn convert_boxed(&mut self, schema: &ReferenceOr<Box<Schema>>, hint: &str, pointer: &str) -> Converted {
        match schema {
            ReferenceOr::Reference { reference } => self.convert_reference(reference, hint, pointer),
            ReferenceOr::Item(schema) => self.convert_schema(schema, hint, pointer, None),
        }
    }

    /// The component id a `$ref` names, if it names a component schema.
    pub(crate) fn component_id(&self, reference: &str) -> Option<TypeId> {
        let name = reference.strip_prefix("#/components/schemas/")?;
        let name = name.replace("~1", "/").replace("~0", "~");
        self.components.get(&name).copied()
    }

    /// Follows a `$ref` to the schema it names, with the pointer of that
    /// schema; `None` (after reporting) when it does not resolve, or when
    /// it leads only to references that lead back to each other (no JSON
    /// value has that schema: a warning, as for such a component).
    pub(crate) fn resolve_schema(&mut self, reference: &str, site: &str) -> Option<(&'a Schema, String)> {
        match self.follow_schema_refs(reference, site) {
            RefEnd::Schema(schema, pointer) => Some((schema, pointer)),
            RefEnd::Invalid { pointer, reason } => {
                // One broken schema should not cost the rest of the document.
                self.warn(
                    &pointer,
                    format!("not a valid schema ({reason}); typed as serde_json::Value"),
                );
                None
            }
            RefEnd::Dangling { reference, site } => {
                self.error(&site, format!("$ref `{reference}` does not resolve"));
                None
            }
            RefEnd::Endless => {
                self.warn(
                    site,
                    format!(
                        "$ref `{reference}` leads only to references that lead back to each other: no JSON value has \
                         this schema; typed as serde_json::Value"
                    ),
                );
                None
            }
        }
    }

    /// Where the chain of `$ref`s that starts with `reference` (found at
    /// `site`) ends.
    pub(crate) fn follow_schema_refs(&self, reference: &str, site: &str) -> RefEnd<'a> {
        let mut current = reference.to_string();
        let mut current_site = site.to_string();
        let mut seen: Vec<String> = Vec::new();
        loop {
            let next = match self.object_at::<Schema>(&current) {
                None => {
                    return RefEnd::Dangling {
                        reference: current,
                        site: current_site,
                    };
                }
                Some(Err(reason)) => {
                    return RefEnd::Invalid {
                        pointer: current,
                        reason,
                    };
                }
                Some(Ok(ReferenceOr::Item(schema))) => return RefEnd::Schema(schema, current),
                Some(Ok(ReferenceOr::Reference { reference })) => reference,
            };
            if seen.iter().any(|r| r == next) || *next == current {
                return RefEnd::Endless;
            }
            seen.push(current.clone());
            current_site = std::mem::replace(&mut current, next.to_string());
        }
    }
}
