//! Switchboard's code generator: OpenAPI 3.0 / 3.1 documents → typed, async
//! Rust clients (reqwest + serde) that call `switchboard-runtime`.
//!
//! ```text
//! load    text → resolved, normalised openapiv3 document,     (load/)
//!         with what openapiv3 does not hold typed beside it
//! lower   document → IR: names, types, operations, auth       (lower/, ir/)
//! emit    IR → tokens, one file per construct                 (emit/)
//! render  tokens → formatted source with a fixed header       (render.rs)
//! ```
//!
//! ```no_run
//! let generated = switchboard_codegen::Generator::new().generate_file("specs/callbell.yaml")?;
//! for warning in &generated.warnings {
//!     eprintln!("{warning}");
//! }
//! std::fs::write("callbell.rs", &generated.code)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod builder;
mod callbacks;
mod diagnostics;
pub mod diff;
mod selection;
pub mod split;
mod standalone;
#[cfg(test)]
mod test_documents;

// The stages are the library's inside: public only for the benchmark, which
// times each (feature `internals`; not a stable API).
#[cfg(feature = "internals")]
pub mod emit;
#[cfg(not(feature = "internals"))]
mod emit;
#[cfg(feature = "internals")]
pub mod ir;
#[cfg(not(feature = "internals"))]
mod ir;
#[cfg(feature = "internals")]
pub mod load;
#[cfg(not(feature = "internals"))]
mod load;
#[cfg(feature = "internals")]
pub mod lower;
#[cfg(not(feature = "internals"))]
mod lower;
#[cfg(feature = "internals")]
pub mod render;
#[cfg(not(feature = "internals"))]
mod render;

use std::path::{Path, PathBuf};

pub use builder::{BuildOutput, Builder};
pub use callbacks::{Callbacks, OperationInfo};
pub use diagnostics::{Diagnostic, GenerateError, Location, Severity};
pub use load::{EffectiveDocument, OverlayFile, Syntax};
pub use standalone::{CrateSpec, RuntimeDependency, write_crate};

/// Generator options; one builder for the library, mirrored by the CLI flags.
#[derive(Debug, Clone, Default)]
pub struct Generator {
    warnings_as_errors: bool,
    source_name: Option<String>,
    threads: Option<usize>,
    overlays: Vec<OverlayFile>,
    allow_unmatched: bool,
    callbacks: callbacks::Hooks,
    selection: selection::Selection,
    example_tests: bool,
    /// Off is the exception, so the field is the negative and `Default`
    /// gives the default.
    without_partial_eq: bool,
    /// The client crate's package name and the groups of operations when
    /// the client is split into crates.
    split: Option<(String, split::Groups)>,
}

/// The result of a successful generation.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The formatted Rust module.
    pub code: String,
    /// Constructs that were degraded, with where and why.
    pub warnings: Vec<Diagnostic>,
    /// Every file read (the spec and any file reached by `$ref`).
    pub inputs: Vec<PathBuf>,
    /// `info.title` and `info.version` of the document.
    pub title: String,
    /// The type crates' modules when the client is split into crates
    /// ([`Generator::split_into_crates`]; `code` is then the client
    /// crate's module); empty otherwise.
    pub parts: Vec<split::Part>,
}

impl Generator {
    /// Default options.
    pub fn new() -> Self {
        Self::default()
    }

    /// Fails generation when there is any warning.
    pub fn warnings_as_errors(mut self, yes: bool) -> Self {
        self.warnings_as_errors = yes;
        self
    }

    /// The file name written in the generated header and in diagnostics
    /// (default: the path as given).
    pub fn source_name(mut self, name: impl Into<String>) -> Self {
        self.source_name = Some(name.into());
        self
    }

    /// Lays the client out for a crate named `package` whose types are in
    /// crates of their own, which cargo checks side by side ([`split`]):
    /// the types shared by the operations, and those only one of `groups`
    /// groups of operations uses. [`Generated::parts`] holds the type
    /// crates; code using the client does not change. For large APIs:
    /// GitHub's client checks in 10.5 s instead of 18 on two cores, with at
    /// most 0.7 GiB in one rustc instead of 1.6 (BENCHMARKS.md). Not for a
    /// build script, which writes one module ([`Builder`] refuses it).
    pub fn split_into_crates(mut self, package: impl Into<String>, groups: usize) -> Self {
        self.split = Some((package.into(), split::Groups::Exactly(groups.max(1))));
        self
    }

    /// [`split_into_crates`](Self::split_into_crates) for a client of more
    /// than 50,000 lines, with two groups ([`split::groups_by_size`]); a
    /// smaller client stays one crate (`switchboard-codegen crate` without
    /// `--split` or `--one-crate`). Deciding takes the module in one piece
    /// first, so a large client is lowered and rendered twice.
    pub fn split_into_crates_when_large(mut self, package: impl Into<String>) -> Self {
        self.split = Some((package.into(), split::Groups::BySize));
        self
    }

    /// Whether [`split_into_crates`](Self::split_into_crates) was asked for.
    pub(crate) fn splits(&self) -> bool {
        self.split.is_some()
    }

    /// The number of threads that emit and format the code (default: the
    /// machine's parallelism, at most 8). The output is the same for any
    /// number.
    pub fn threads(mut self, threads: usize) -> Self {
        self.threads = Some(threads.max(1));
        self
    }

    /// Applies an OpenAPI Overlay (1.0, 1.1 or 1.2) to the document before
    /// anything else reads it; overlays apply in the order they are added.
    /// The overlay is named in diagnostics by its path as given.
    pub fn overlay(mut self, path: impl Into<PathBuf>) -> Self {
        self.overlays.push(OverlayFile::new(path));
        self
    }

    /// Adds an overlay with the name diagnostics and the generated header
    /// show for it.
    pub fn overlay_named(mut self, path: impl Into<PathBuf>, display: impl Into<String>) -> Self {
        self.overlays.push(OverlayFile {
            path: path.into(),
            display: display.into(),
        });
        self
    }

    /// Overlay actions whose target selects nothing are warnings instead of
    /// errors (by default they fail generation: the document they were
    /// written for has probably changed).
    pub fn allow_unmatched(mut self, yes: bool) -> Self {
        self.allow_unmatched = yes;
        self
    }

    /// Appends to the module a `#[cfg(test)]` module with one test per
    /// example of the document (schema `example`s and 3.1 `examples`,
    /// request and response bodies' `example` and `examples`, parameter
    /// examples): each decodes the example into its generated type and
    /// serialises it back, and fails with the example's JSON pointer and
    /// where inside it the two differ (`switchboard_runtime::examples`).
    /// Examples that cannot be tested (a media type that is not JSON, a
    /// schema that is not a type of its own) are listed in a comment there.
    /// Off by default; the client itself is the same either way.
    pub fn with_example_tests(mut self, yes: bool) -> Self {
        self.example_tests = yes;
        self
    }

    /// Whether structs, unions and the enums of responses and webhook
    /// events derive `PartialEq` (on by default; string and integer enums
    /// always do). Turning it off makes a large client cheaper to compile
    /// (GitHub's: about a tenth less `cargo check` time and rustc memory,
    /// BENCHMARKS.md) for crates that never compare values.
    pub fn with_partial_eq(mut self, yes: bool) -> Self {
        self.without_partial_eq = !yes;
        self
    }

    /// Decisions per type and per operation (which operations, names,
    /// extra derives and attributes); see [`Callbacks`].
    pub fn callbacks(mut self, callbacks: impl Callbacks + 'static) -> Self {
        self.callbacks = callbacks::Hooks(Some(std::sync::Arc::new(callbacks)));
        self
    }

    /// Generates only the operations with one of these tags (and the
    /// types they reach); adds to the other `select_…` criteria: an
    /// operation any of them selects is generated. A tag no operation has
    /// is an error.
    pub fn select_tags<S: Into<String>>(mut self, tags: impl IntoIterator<Item = S>) -> Self {
        self.selection.tags.extend(tags.into_iter().map(Into::into));
        self
    }

    /// Generates only the operations with these `operationId`s (see
    /// [`select_tags`](Self::select_tags)).
    pub fn select_operations<S: Into<String>>(mut self, operation_ids: impl IntoIterator<Item = S>) -> Self {
        self.selection
            .operations
            .extend(operation_ids.into_iter().map(Into::into));
        self
    }

    /// Generates only the operations whose path template matches one of
    /// these patterns, where `*` matches anything (`/repos/*/issues*`; see
    /// [`select_tags`](Self::select_tags)).
    pub fn select_paths<S: Into<String>>(mut self, patterns: impl IntoIterator<Item = S>) -> Self {
        self.selection.paths.extend(patterns.into_iter().map(Into::into));
        self
    }

    /// With a selection, also generates the webhook events (left out by
    /// default: a selection is what the crate uses).
    pub fn select_webhooks(mut self, yes: bool) -> Self {
        self.selection.webhooks = yes;
        self
    }

    /// Lowers `document` with the callbacks and the selection, for types
    /// in crates of their own when `types_apart`.
    fn lower_for(
        &self,
        document: &load::LoadedDocument,
        types_apart: bool,
    ) -> Result<(ir::Api, Vec<Diagnostic>), GenerateError> {
        let options = lower::Options {
            partial_eq: !self.without_partial_eq,
            types_apart,
        };
        if !self.selection.is_active() {
            return lower::lower(document, self.callbacks.get(), options);
        }
        let infos = operation_infos(&document.openapi);
        let infos: Vec<OperationInfo<'_>> = infos
            .iter()
            .map(|(operation_id, method, path, tags)| OperationInfo {
                operation_id,
                method,
                path,
                tags,
            })
            .collect();
        let errors = self.selection.check(&document.file, &infos);
        if !errors.is_empty() {
            return Err(GenerateError::new(errors));
        }
        let selected = selection::Selected {
            selection: &self.selection,
            callbacks: self.callbacks.get(),
        };
        lower::lower(document, Some(&selected), options)
    }

    fn load_options(&self) -> load::LoadOptions<'_> {
        load::LoadOptions {
            overlays: &self.overlays,
            allow_unmatched: self.allow_unmatched,
            examples: self.example_tests,
        }
    }

    fn display_name(&self, path: &Path) -> String {
        self.source_name
            .clone()
            .unwrap_or_else(|| path.display().to_string().replace('\\', "/"))
    }

    /// Generates the client module for the document at `path`.
    pub fn generate_file(&self, path: impl AsRef<Path>) -> Result<Generated, GenerateError> {
        let path = path.as_ref();
        let document = load::load_file(path, &self.display_name(path), self.load_options())?;
        self.generate_document(document)
    }

    /// Generates from text; `$ref`s to other files resolve against the
    /// current directory.
    pub fn generate_str(&self, text: &str) -> Result<Generated, GenerateError> {
        let display = self.source_name.clone().unwrap_or_else(|| "<input>".to_string());
        let document = load::load_text(text, None, &display, self.load_options())?;
        self.generate_document(document)
    }

    /// The document at `path` as the generator models it (after overlays
    /// and lowering), to compare with another ([`compare`]).
    pub fn model_file(&self, path: impl AsRef<Path>) -> Result<ApiModel, GenerateError> {
        let path = path.as_ref();
        let document = load::load_file(path, &self.display_name(path), self.load_options())?;
        let (api, warnings) = self.lower_for(&document, false)?;
        Ok(ApiModel { api, warnings })
    }

    /// The document at `path` after this generator's overlays, before
    /// anything else is done to it (`switchboard-codegen apply`).
    pub fn effective_document(&self, path: impl AsRef<Path>) -> Result<EffectiveDocument, GenerateError> {
        let path = path.as_ref();
        load::effective_document(path, &self.display_name(path), self.load_options())
    }

    fn generate_document(&self, document: load::LoadedDocument) -> Result<Generated, GenerateError> {
        let split = match &self.split {
            None => None,
            Some((package, split::Groups::Exactly(groups))) => Some((package.as_str(), *groups)),
            Some((package, split::Groups::BySize)) => {
                // The size of the module decides: in one piece first, kept
                // when small.
                let (api, warnings) = self.lower_for(&document, false)?;
                let whole = self.render(api, warnings, document.inputs.clone(), document.warnings.clone(), None)?;
                match split::groups_by_size(whole.code.lines().count()) {
                    None => return Ok(whole),
                    Some(groups) => Some((package.as_str(), groups)),
                }
            }
        };
        let (api, warnings) = self.lower_for(&document, split.is_some())?;
        // The IR owns everything emitting needs; the document (the largest
        // thing in memory) goes before the code is built.
        let load::LoadedDocument {
            inputs,
            warnings: load_warnings,
            ..
        } = document;
        self.render(api, warnings, inputs, load_warnings, split)
    }

    /// Renders the lowered `api` (split for the client crate `package` into
    /// `groups` when `split` says so) with the warnings of both stages.
    fn render(
        &self,
        api: ir::Api,
        mut warnings: Vec<Diagnostic>,
        inputs: Vec<PathBuf>,
        load_warnings: Vec<Diagnostic>,
        split: Option<(&str, usize)>,
    ) -> Result<Generated, GenerateError> {
        warnings.extend(load_warnings);
        if self.warnings_as_errors && !warnings.is_empty() {
            let promoted = warnings
                .into_iter()
                .map(|w| Diagnostic {
                    severity: Severity::Error,
                    ..w
                })
                .collect();
            return Err(GenerateError::new(promoted));
        }
        let threads = self.threads.unwrap_or_else(render::default_threads);
        let split = split.map(|(package, groups)| split::Split::new(&api, package, groups));
        let rendered = render::render_api_split(&api, threads, split.as_ref())?;
        let title = format!("{} {}", api.title, api.version);
        Ok(Generated {
            code: rendered.code,
            warnings,
            inputs,
            title,
            parts: rendered.parts,
        })
    }
}

/// A document as the generator models it: what [`compare`] compares.
#[derive(Debug, Clone)]
pub struct ApiModel {
    api: ir::Api,
    /// Constructs that were degraded.
    pub warnings: Vec<Diagnostic>,
}

/// Compares two documents as APIs: every change with its effect on a
/// deployed client (wire) and on code compiled against the old generated
/// module (Rust), and the semver bump it needs (see [`diff`]).
pub fn compare(old: &ApiModel, new: &ApiModel) -> diff::Report {
    diff::compare(&old.api, &new.api)
}

/// One spec of a specs directory and the module generated from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecModule {
    /// The spec file.
    pub spec: PathBuf,
    /// The module name: the file stem in snake_case (`pabbly-chatflow` → `pabbly_chatflow`).
    pub name: String,
    /// The name written in the generated header (`specs/pabbly-chatflow.yaml`).
    pub source_name: String,
    /// `NAME.overlay.yaml` (or `.yml`, `.json`) beside `NAME.yaml`, applied
    /// to it by convention.
    pub overlay: Option<OverlayFile>,
}

impl SpecModule {
    /// A generator for this module: the source name and the conventional
    /// overlay set on `generator`.
    pub fn generator(&self, generator: Generator) -> Generator {
        let generator = generator.source_name(self.source_name.clone());
        match &self.overlay {
            Some(overlay) => generator.overlay_named(overlay.path.clone(), overlay.display.clone()),
            None => generator,
        }
    }
}

/// The module name a spec file gets: its file stem in snake_case
/// (`pabbly-chatflow.yaml` → `pabbly_chatflow`, `1password.yaml` →
/// `api_1password`).
pub fn module_name(spec: &Path) -> String {
    let stem = spec
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    lower::names::snake_ident(&stem, "api")
}

/// The OpenAPI documents (`*.yaml`, `*.yml`, `*.json`) directly inside `dir`,
/// sorted by file name, with the module name each one generates and the
/// overlay beside it (`NAME.overlay.yaml`). An overlay file without its
/// document is an error.
pub fn modules_in(dir: impl AsRef<Path>) -> Result<Vec<SpecModule>, GenerateError> {
    let dir = dir.as_ref();
    let shown = dir.display().to_string().replace('\\', "/");
    let unreadable = |e: std::io::Error| {
        GenerateError::from(Diagnostic::document_error(
            &shown,
            format!("cannot read the directory `{shown}`: {e}"),
        ))
    };
    let dir_name = dir
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let shown_name = |file_name: &str| {
        if dir_name.is_empty() {
            file_name.to_string()
        } else {
            format!("{dir_name}/{file_name}")
        }
    };
    let mut specs = Vec::new();
    let mut overlays = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(unreadable)? {
        let path = entry.map_err(unreadable)?.path();
        let file_name = path
            .file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let Some((stem, extension)) = file_name.rsplit_once('.') else {
            continue;
        };
        if !matches!(extension, "yaml" | "yml" | "json") || !path.is_file() {
            continue;
        }
        match stem.strip_suffix(".overlay") {
            Some(spec_stem) => overlays.push((spec_stem.to_string(), path.clone(), shown_name(&file_name))),
            None => specs.push((stem.to_string(), path.clone(), shown_name(&file_name))),
        }
    }
    let mut modules = Vec::new();
    for (stem, spec, source_name) in specs {
        let overlay = overlays
            .iter()
            .position(|(spec_stem, _, _)| *spec_stem == stem)
            .map(|index| overlays.remove(index))
            .map(|(_, path, display)| OverlayFile { path, display });
        modules.push(SpecModule {
            name: module_name(&spec),
            source_name,
            spec,
            overlay,
        });
    }
    if let Some((stem, _, display)) = overlays.first() {
        return Err(Diagnostic::document_error(
            display,
            format!(
                "an overlay without its document: `{shown}` has no `{stem}.yaml` (or .yml, .json) for it to apply to"
            ),
        )
        .into());
    }
    modules.sort_by(|a, b| a.spec.cmp(&b.spec));
    Ok(modules)
}

/// What the selection is checked against: every operation of the document.
fn operation_infos(openapi: &openapiv3::OpenAPI) -> Vec<(String, &str, &str, &[String])> {
    let mut infos = Vec::new();
    for (path, item) in &openapi.paths.paths {
        let openapiv3::ReferenceOr::Item(item) = item else {
            continue;
        };
        for (method, operation) in item.iter() {
            let id = operation
                .operation_id
                .clone()
                .unwrap_or_else(|| lower::synthesize_id(method, path));
            infos.push((id, method, path.as_str(), operation.tags.as_slice()));
        }
    }
    infos
}
