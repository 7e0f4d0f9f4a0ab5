//! Stage 1, load: text → a resolved, normalised `openapiv3::OpenAPI`.
//!
//! ```text
//! read file ─ parse (JSON or YAML by content) ─ apply overlays, in order
//!           ─ check version ─ bundle external $refs ─ normalise 3.1 → 3.0 forms
//!           ─ read what openapiv3 does not hold: $ref targets, webhooks and
//!             callbacks, examples (when asked for)
//!           ─ type it as openapiv3's model: schemas, paths and the
//!             components operations use read directly (`schemas`,
//!             `operations`), the rest by openapiv3's serde (errors carry
//!             the JSON pointer)
//! ```
//!
//! Lowering reads only what this stage returns, all of it typed: the raw
//! JSON ends here.

pub mod events;
pub mod examples;
mod external_refs;
mod format;
pub(crate) mod normalize;
mod operations;
pub mod overlay;
pub mod references;
mod schemas;
mod version;
pub(crate) mod walk;

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::{Map, Value};

pub use external_refs::Origin;
pub use format::Syntax;
pub use overlay::OverlayFile;

use crate::diagnostics::{Diagnostic, GenerateError};

/// The operations of a path item, in the order OpenAPI lists them (and the
/// order operations on one path are generated in).
pub(crate) const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// A document ready for lowering.
#[derive(Debug)]
pub struct LoadedDocument {
    /// The typed document.
    pub openapi: openapiv3::OpenAPI,
    /// Its `$ref`s: the objects they point at outside whole components,
    /// typed, and who uses each component schema.
    pub references: references::References,
    /// Its webhooks and callbacks, which openapiv3 does not hold.
    pub events: events::Events,
    /// Its examples, when [`LoadOptions::examples`] asked for them.
    pub examples: Option<Vec<examples::FoundExample>>,
    /// The root file's name as shown in diagnostics and in the generated header.
    pub file: String,
    /// The overlays applied to it, as named in diagnostics, in order.
    pub overlays: Vec<String>,
    /// Every file read, the root first, then the overlays (for
    /// `cargo:rerun-if-changed`).
    pub inputs: Vec<PathBuf>,
    /// Locations that came from other files (hoisted components, overlay
    /// text), for locating diagnostics.
    pub origins: Vec<Origin>,
    /// Warnings of the load stage (overlay targets allowed to match nothing).
    pub warnings: Vec<Diagnostic>,
}

/// How to load a document.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions<'a> {
    /// Overlays applied in order before anything else reads the document.
    pub overlays: &'a [OverlayFile],
    /// Overlay targets that select nothing are warnings, not errors.
    pub allow_unmatched: bool,
    /// Find the document's examples (for example tests).
    pub examples: bool,
}

/// A document after its overlays, before anything else: what
/// `switchboard-codegen apply` writes.
#[derive(Debug, Clone)]
pub struct EffectiveDocument {
    /// The document.
    pub value: Value,
    /// The syntax the document was written in.
    pub syntax: Syntax,
    /// Unmatched overlay targets, when allowed.
    pub warnings: Vec<Diagnostic>,
}

impl EffectiveDocument {
    /// The document as text in its own syntax (YAML or pretty JSON), ending
    /// with a newline.
    pub fn to_text(&self) -> String {
        let mut text = match self.syntax {
            Syntax::Json => serde_json::to_string_pretty(&self.value).unwrap_or_default(),
            Syntax::Yaml => serde_yaml::to_string(&self.value).unwrap_or_default(),
        };
        if !text.ends_with('\n') {
            text.push('\n');
        }
        text
    }
}

impl LoadedDocument {
    /// The file and pointer a diagnostic about `pointer` should name:
    /// components hoisted from another file point into that file.
    pub fn locate(&self, pointer: &str) -> (String, String) {
        // The innermost origin wins, and among equals the latest (an
        // overlay's text over what an earlier one wrote there).
        let mut best: Option<(&Origin, &str)> = None;
        for origin in &self.origins {
            if let Some(rest) = pointer.strip_prefix(&origin.bundled)
                && (rest.is_empty() || rest.starts_with('/'))
                && best.is_none_or(|(found, _)| origin.bundled.len() >= found.bundled.len())
            {
                best = Some((origin, rest));
            }
        }
        match best {
            Some((origin, rest)) => (origin.file.clone(), format!("{}{rest}", origin.pointer)),
            None => (self.file.clone(), pointer.to_string()),
        }
    }
}

/// Reads and loads the document at `path`; `display` names it in messages.
pub fn load_file(path: &Path, display: &str, options: LoadOptions<'_>) -> Result<LoadedDocument, GenerateError> {
    load_text(&read(path, display)?, Some(path), display, options)
}

/// Loads a document from text. External `$ref`s resolve relative to
/// `path`'s directory (the current directory without one).
pub fn load_text(
    text: &str,
    path: Option<&Path>,
    display: &str,
    options: LoadOptions<'_>,
) -> Result<LoadedDocument, GenerateError> {
    let Prepared {
        raw,
        applied,
        bundle,
        callbacks,
    } = prepare(text, path, display, options)?;
    let mut callback_roots: Vec<(String, &Value)> = callbacks
        .by_operation
        .iter()
        .map(|(operation, value)| (format!("{operation}/callbacks"), value))
        .collect();
    callback_roots.push(("#/components/callbacks".to_string(), &callbacks.components));
    let references = references::References::of(&raw, &callback_roots);
    let events = events::Events::of(&raw, &callbacks);
    let examples = options.examples.then(|| examples::find(&raw));
    let Some(openapi) = typed_model(raw) else {
        // To say where it is broken, prepare it again and read it with the
        // path tracked (the error path only).
        return Err(locate_broken(&prepare(text, path, display, options)?.raw, display));
    };
    let mut inputs: Vec<PathBuf> = path.map(|p| vec![p.to_path_buf()]).unwrap_or_default();
    inputs.extend(options.overlays.iter().map(|o| o.path.clone()));
    inputs.extend(bundle.files);
    let mut origins = bundle.origins;
    origins.extend(applied.origins);
    Ok(LoadedDocument {
        openapi,
        references,
        events,
        examples,
        file: display.to_string(),
        overlays: options.overlays.iter().map(|o| o.display.clone()).collect(),
        inputs,
        origins,
        warnings: applied.warnings,
    })
}

/// The document at `path` with `options.overlays` applied, nothing else
/// done to it.
pub fn effective_document(
    path: &Path,
    display: &str,
    options: LoadOptions<'_>,
) -> Result<EffectiveDocument, GenerateError> {
    let text = read(path, display)?;
    let mut value = format::parse(&text, display)?;
    let applied = overlay::apply_files(&mut value, display, options.overlays, options.allow_unmatched)?;
    Ok(EffectiveDocument {
        value,
        syntax: format::detect(&text),
        warnings: applied.warnings,
    })
}

fn read(path: &Path, display: &str) -> Result<String, GenerateError> {
    std::fs::read_to_string(path)
        .map_err(|e| Diagnostic::document_error(display, format!("cannot read `{}`: {e}", path.display())).into())
}

/// openapiv3's model of `raw`, or `None` when openapiv3 cannot read it.
/// Read by value: each part of the JSON is freed once it is typed, so the
/// document is not held twice at the peak of loading. Most of a document is
/// read directly, not through openapiv3's serde, which copies every
/// `ReferenceOr` and flattened object into its private buffer: the
/// component schemas by [`schemas`], `paths` and the components operations
/// refer to by [`operations`]; the root's extensions are moved, not copied.
/// openapiv3 reads the rest (`info`, `servers`, `tags`, security, links,
/// callbacks).
fn typed_model(mut raw: Value) -> Option<openapiv3::OpenAPI> {
    let Value::Object(root) = &mut raw else {
        return openapiv3::OpenAPI::deserialize(raw).ok();
    };
    let component_schemas = take_component_schemas(root);
    let component_parts = match root.get_mut("components") {
        Some(Value::Object(components)) => operations::ComponentParts::take(components),
        _ => operations::ComponentParts::default(),
    };
    // An empty `paths` stays for openapiv3, which requires the field.
    let paths = match root.get_mut("paths") {
        Some(paths @ Value::Object(_)) => match std::mem::replace(paths, Value::Object(Map::new())) {
            Value::Object(paths) => Some(paths),
            _ => None,
        },
        _ => None,
    };
    let extensions = take_extensions(root);
    let mut openapi = openapiv3::OpenAPI::deserialize(raw).ok()?;
    openapi.extensions = extensions;
    if let Some(components) = &mut openapi.components {
        component_parts.put(components)?;
        if let Some(schemas) = component_schemas {
            components.schemas = schemas::component_schemas(schemas)?;
        }
    }
    if let Some(paths) = paths {
        openapi.paths = operations::paths(paths)?;
    }
    Some(openapi)
}

/// The root's extensions, taken out in order (openapiv3 keeps the keys that
/// start with `x-`).
fn take_extensions(root: &mut Map<String, Value>) -> indexmap::IndexMap<String, Value> {
    let (extensions, rest): (Map<String, Value>, Map<String, Value>) = std::mem::take(root)
        .into_iter()
        .partition(|(key, _)| key.starts_with("x-"));
    *root = rest;
    extensions.into_iter().collect()
}

/// `components/schemas` taken out of the root when it is a map (anything
/// else stays for openapiv3 to reject).
fn take_component_schemas(root: &mut Map<String, Value>) -> Option<Map<String, Value>> {
    let components = root.get_mut("components")?.as_object_mut()?;
    if !components.get("schemas")?.is_object() {
        return None;
    }
    match components.shift_remove("schemas") {
        Some(Value::Object(schemas)) => Some(schemas),
        _ => None,
    }
}

/// A document after everything that rewrites it, before it is typed.
struct Prepared {
    raw: Value,
    applied: overlay::Applied,
    bundle: external_refs::Bundle,
    callbacks: normalize::RawCallbacks,
}

/// Parses `text`, applies the overlays, checks the version, bundles
/// external `$ref`s and normalises 3.1 forms.
fn prepare(
    text: &str,
    path: Option<&Path>,
    display: &str,
    options: LoadOptions<'_>,
) -> Result<Prepared, GenerateError> {
    let mut raw = format::parse(text, display)?;
    let applied = overlay::apply_files(&mut raw, display, options.overlays, options.allow_unmatched)?;
    version::check(&raw, display)?;
    let bundle = external_refs::bundle(&mut raw, path, display).map_err(GenerateError::new)?;
    let callbacks = normalize::normalize(&mut raw);
    Ok(Prepared {
        raw,
        applied,
        bundle,
        callbacks,
    })
}

/// The document at `path` as openapiv3 would be given it (overlays aside),
/// for the tests that compare the direct readers with openapiv3.
#[cfg(test)]
fn prepared(path: &Path) -> Option<Value> {
    let text = std::fs::read_to_string(path).ok()?;
    let display = path.display().to_string();
    prepare(&text, Some(path), &display, LoadOptions::default())
        .ok()
        .map(|p| p.raw)
}

/// Where and why `raw`, which openapiv3 cannot read, is broken. Tracking
/// the path costs a fifth of the time, so only this error path does it.
fn locate_broken(raw: &Value, display: &str) -> GenerateError {
    let (pointer, message) = match serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(raw) {
        Ok(_) => ("#".to_string(), "openapiv3 cannot read it".to_string()),
        Err(e) => locate_structure_error(raw).unwrap_or_else(|| (path_to_pointer(e.path()), e.inner().to_string())),
    };
    GenerateError::from(Diagnostic::error(
        display,
        pointer,
        format!("not a valid OpenAPI document here: {}", strip_position(&message)),
    ))
}

fn strip_position(message: &str) -> &str {
    match message.find(" at line ") {
        Some(i) => &message[..i],
        None => message,
    }
}

/// openapiv3 deserialises `paths` and some component maps through custom
/// code that hides where inside them an error happened; retrying the
/// entries one by one finds the exact place.
fn locate_structure_error(raw: &Value) -> Option<(String, String)> {
    use crate::diagnostics::pointer_join;
    if let Some(Value::Object(paths)) = raw.get("paths") {
        for (path, item) in paths {
            let base = pointer_join("#/paths", path);
            if let Err(e) = serde_path_to_error::deserialize::<_, openapiv3::PathItem>(item) {
                return Some((
                    format!("{base}{}", &path_to_pointer(e.path())[1..]),
                    e.inner().to_string(),
                ));
            }
        }
    }
    if let Some(Value::Object(components)) = raw.get("components") {
        for (kind, entries) in components {
            let Value::Object(entries) = entries else { continue };
            for (name, entry) in entries {
                let base = pointer_join(&pointer_join("#/components", kind), name);
                let result = match kind.as_str() {
                    "schemas" => check::<openapiv3::ReferenceOr<openapiv3::Schema>>(entry),
                    "parameters" => check::<openapiv3::ReferenceOr<openapiv3::Parameter>>(entry),
                    "responses" => check::<openapiv3::ReferenceOr<openapiv3::Response>>(entry),
                    "requestBodies" => check::<openapiv3::ReferenceOr<openapiv3::RequestBody>>(entry),
                    "headers" => check::<openapiv3::ReferenceOr<openapiv3::Header>>(entry),
                    "securitySchemes" => check::<openapiv3::ReferenceOr<openapiv3::SecurityScheme>>(entry),
                    _ => Ok(()),
                };
                if let Err((pointer, message)) = result {
                    return Some((format!("{base}{}", &pointer[1..]), message));
                }
            }
        }
    }
    None
}

fn check<T: serde::de::DeserializeOwned>(value: &Value) -> Result<(), (String, String)> {
    serde_path_to_error::deserialize::<_, T>(value)
        .map(|_| ())
        .map_err(|e| (path_to_pointer(e.path()), e.inner().to_string()))
}

/// serde_path_to_error prints `paths./contacts.get`; diagnostics use JSON
/// pointers (`#/paths/~1contacts/get`).
fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    let mut pointer = String::from("#");
    for segment in path.iter() {
        match segment {
            serde_path_to_error::Segment::Seq { index } => pointer.push_str(&format!("/{index}")),
            serde_path_to_error::Segment::Map { key } => {
                pointer.push('/');
                crate::diagnostics::push_pointer_segment(&mut pointer, key);
            }
            serde_path_to_error::Segment::Enum { variant } => {
                pointer.push('/');
                pointer.push_str(variant);
            }
            serde_path_to_error::Segment::Unknown => {}
        }
    }
    pointer
}
