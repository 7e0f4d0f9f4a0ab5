//! Switchboard's code generator: OpenAPI 3.0 / 3.1 documents → typed, async
//! Rust clients (reqwest + serde) that call `switchboard-runtime`.
//!
//! ```text
//! load    text → resolved, normalised openapiv3 document      (load/)
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
pub mod diagnostics;
pub mod emit;
pub mod ir;
pub mod load;
pub mod lower;
pub mod render;
pub mod standalone;

use std::path::{Path, PathBuf};

pub use builder::{BuildOutput, Builder};
pub use diagnostics::{Diagnostic, GenerateError, Location, Severity};

/// Generator options; one builder for the library, mirrored by the CLI flags.
#[derive(Debug, Clone, Default)]
pub struct Generator {
    warnings_as_errors: bool,
    source_name: Option<String>,
    threads: Option<usize>,
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

    /// The number of threads that emit and format the code (default: the
    /// machine's parallelism, at most 8). The output is the same for any
    /// number.
    pub fn threads(mut self, threads: usize) -> Self {
        self.threads = Some(threads.max(1));
        self
    }

    /// Generates the client module for the document at `path`.
    pub fn generate_file(&self, path: impl AsRef<Path>) -> Result<Generated, GenerateError> {
        let path = path.as_ref();
        let display = self.source_name.clone().unwrap_or_else(|| path.display().to_string());
        let document = load::load_file(path, &display)?;
        self.generate_document(document)
    }

    /// Generates from text; `$ref`s to other files resolve against the
    /// current directory.
    pub fn generate_str(&self, text: &str) -> Result<Generated, GenerateError> {
        let display = self.source_name.clone().unwrap_or_else(|| "<input>".to_string());
        let document = load::load_text(text, None, &display)?;
        self.generate_document(document)
    }

    fn generate_document(&self, document: load::LoadedDocument) -> Result<Generated, GenerateError> {
        let (api, warnings) = lower::lower(&document)?;
        // The IR owns everything emitting needs; the document (the largest
        // thing in memory) goes before the code is built.
        let load::LoadedDocument { inputs, .. } = document;
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
        let code = render::render_api(&api, threads)
            .map_err(|message| Diagnostic::document_error(&api.source, format!("internal error: {message}")))?
            .code;
        let title = format!("{} {}", api.title, api.version);
        Ok(Generated {
            code,
            warnings,
            inputs,
            title,
        })
    }
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
}

/// The OpenAPI documents (`*.yaml`, `*.yml`, `*.json`) directly inside `dir`,
/// sorted by file name, with the module name each one generates.
pub fn modules_in(dir: impl AsRef<Path>) -> std::io::Result<Vec<SpecModule>> {
    let dir = dir.as_ref();
    let mut modules = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let is_spec = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e, "yaml" | "yml" | "json"));
        if !is_spec || !path.is_file() {
            continue;
        }
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let file_name = path
            .file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let dir_name = dir
            .file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        modules.push(SpecModule {
            name: lower::names::snake_ident(&stem),
            source_name: if dir_name.is_empty() {
                file_name
            } else {
                format!("{dir_name}/{file_name}")
            },
            spec: path,
        });
    }
    modules.sort_by(|a, b| a.spec.cmp(&b.spec));
    Ok(modules)
}
