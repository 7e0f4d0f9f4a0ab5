//! Code generation from a build script, in the style of prost-build.
//!
//! ```no_run
//! // build.rs, in `fn main`:
//! switchboard_codegen::Builder::new()
//!     .spec("specs/callbell.yaml")
//!     .spec_as("specs/pabbly-chatflow.yaml", "pabbly")
//!     .spec("openapi/chatwoot.json")
//!     .overlay("openapi/chatwoot-fixes.overlay.yaml") // applies to the spec before it
//!     .run();
//! // src/lib.rs
//! // pub mod callbell { include!(concat!(env!("OUT_DIR"), "/callbell.rs")); }
//! ```
//!
//! Each spec becomes `OUT_DIR/<module>.rs`. The builder prints
//! `cargo:rerun-if-changed` for every file it read (the specs, their
//! overlays and any file reached through `$ref`) and for nothing else, so a
//! build with no spec change does not rerun the script. [`Builder::specs_in`]
//! takes a whole directory by the `regenerate` convention and watches the
//! directory itself, so a new spec or overlay there is noticed too.

use std::path::{Path, PathBuf};

use crate::load::OverlayFile;
use crate::{Diagnostic, GenerateError, Generator};

/// Generates client modules into `OUT_DIR` from a build script.
#[derive(Debug, Clone, Default)]
pub struct Builder {
    specs: Vec<SpecEntry>,
    /// Directories given to `specs_in`, watched as a whole.
    dirs: Vec<PathBuf>,
    /// Mistakes in the calls themselves, reported by `generate`.
    misuse: Vec<Diagnostic>,
    out_dir: Option<PathBuf>,
    generator: Generator,
    emit_rerun: bool,
}

#[derive(Debug, Clone)]
struct SpecEntry {
    path: PathBuf,
    module: String,
    /// The name shown in the header and diagnostics, when not the path.
    source_name: Option<String>,
    overlays: Vec<OverlayFile>,
}

impl Builder {
    /// A builder with no specs, writing to `OUT_DIR`.
    pub fn new() -> Self {
        Self {
            emit_rerun: true,
            ..Self::default()
        }
    }

    /// Adds a spec; its module is named after the file (`pabbly-chatflow.yaml`
    /// → `pabbly_chatflow.rs`).
    pub fn spec(self, path: impl Into<PathBuf>) -> Self {
        let path = path.into();
        let module = crate::module_name(&path);
        self.spec_as(path, module)
    }

    /// Adds a spec with an explicit module (file) name.
    pub fn spec_as(mut self, path: impl Into<PathBuf>, module: impl Into<String>) -> Self {
        self.specs.push(SpecEntry {
            path: path.into(),
            module: module.into(),
            source_name: None,
            overlays: Vec::new(),
        });
        self
    }

    /// Applies an OpenAPI Overlay to the spec added last (call it after
    /// [`spec`](Self::spec)); several apply in the order given.
    pub fn overlay(mut self, path: impl Into<PathBuf>) -> Self {
        let overlay = OverlayFile::new(path);
        match self.specs.last_mut() {
            Some(spec) => spec.overlays.push(overlay),
            None => self.misuse.push(Diagnostic::document_error(
                &overlay.display,
                "Builder::overlay applies to the spec added before it; call Builder::spec first",
            )),
        }
        self
    }

    /// Adds every spec in `dir` as `regenerate` finds them: `NAME.yaml`
    /// (`.yml`, `.json`) becomes module `NAME`, with `NAME.overlay.yaml`
    /// applied when it is there. The directory is watched, so adding a spec
    /// or an overlay reruns the build script.
    pub fn specs_in(mut self, dir: impl Into<PathBuf>) -> Self {
        let dir = dir.into();
        match crate::modules_in(&dir) {
            Ok(modules) => {
                for module in modules {
                    self.specs.push(SpecEntry {
                        path: module.spec,
                        module: module.name,
                        source_name: Some(module.source_name),
                        overlays: module.overlay.into_iter().collect(),
                    });
                }
            }
            Err(error) => self.misuse.extend(error.diagnostics),
        }
        self.dirs.push(dir);
        self
    }

    /// Writes the modules here instead of `OUT_DIR`.
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// Uses these generator options for every spec.
    pub fn generator(mut self, generator: Generator) -> Self {
        if generator.splits() {
            self.misuse.push(Diagnostic::document_error(
                "build script",
                "Generator::split_into_crates lays a client out as several crates, and a build script writes one \
                 module: generate a large client with `switchboard-codegen crate` instead",
            ));
        }
        self.generator = generator;
        self
    }

    /// Whether to print `cargo:rerun-if-changed` lines (on by default).
    pub fn emit_rerun_if_changed(mut self, yes: bool) -> Self {
        self.emit_rerun = yes;
        self
    }

    /// Generates every spec into the output directory. Prints nothing;
    /// [`run`](Self::run) is the build-script entry point that reports.
    pub fn generate(&self) -> Result<BuildOutput, GenerateError> {
        let out_dir = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => std::env::var_os("OUT_DIR").map(PathBuf::from).ok_or_else(|| {
                GenerateError::from(crate::Diagnostic::document_error(
                    "build script",
                    "OUT_DIR is not set; call Builder::out_dir outside a build script",
                ))
            })?,
        };
        let mut output = BuildOutput::default();
        let mut errors = self.misuse.clone();
        for spec in &self.specs {
            output.inputs.push(spec.path.clone());
            let mut generator = self
                .generator
                .clone()
                .source_name(spec.source_name.clone().unwrap_or_else(|| display(&spec.path)));
            for overlay in &spec.overlays {
                generator = generator.overlay_named(overlay.path.clone(), overlay.display.clone());
            }
            match generator.generate_file(&spec.path) {
                Ok(generated) => {
                    output.inputs.extend(generated.inputs.iter().skip(1).cloned());
                    output.warnings.extend(generated.warnings);
                    let target = out_dir.join(format!("{}.rs", spec.module));
                    std::fs::write(&target, &generated.code).map_err(|e| {
                        GenerateError::from(Diagnostic::document_error(
                            display(&spec.path),
                            format!("cannot write `{}`: {e}", target.display()),
                        ))
                    })?;
                    output.written.push(target);
                }
                Err(error) => errors.extend(error.diagnostics),
            }
        }
        if errors.is_empty() {
            Ok(output)
        } else {
            Err(GenerateError::new(errors))
        }
    }

    /// The build-script entry point: generates, prints
    /// `cargo:rerun-if-changed` for every input and the warnings, and on
    /// error prints the diagnostics and exits with status 1, so the build
    /// fails with a readable message (file, JSON pointer, reason) rather
    /// than a panic backtrace.
    pub fn run(&self) {
        if self.emit_rerun {
            // Even when generation fails, a fix to a spec or an overlay must
            // rerun the script.
            for dir in &self.dirs {
                println!("cargo:rerun-if-changed={}", dir.display());
            }
            for spec in &self.specs {
                println!("cargo:rerun-if-changed={}", spec.path.display());
                for overlay in &spec.overlays {
                    println!("cargo:rerun-if-changed={}", overlay.path.display());
                }
            }
        }
        match self.generate() {
            Ok(output) => {
                if self.emit_rerun {
                    let announced = |input: &PathBuf| {
                        self.specs
                            .iter()
                            .any(|s| s.path == *input || s.overlays.iter().any(|o| o.path == *input))
                    };
                    for input in output.inputs.iter().filter(|i| !announced(i)) {
                        println!("cargo:rerun-if-changed={}", input.display());
                    }
                }
                for warning in &output.warnings {
                    println!("cargo:warning={warning}");
                }
            }
            Err(error) => {
                eprintln!("{error}");
                for diagnostic in error.errors() {
                    println!("cargo:warning={diagnostic}");
                }
                std::process::exit(1);
            }
        }
    }
}

/// What [`Builder::generate`] did.
#[derive(Debug, Clone, Default)]
pub struct BuildOutput {
    /// The modules written.
    pub written: Vec<PathBuf>,
    /// Every file read: the specs, their overlays and the files their
    /// `$ref`s reached.
    pub inputs: Vec<PathBuf>,
    /// Degraded constructs.
    pub warnings: Vec<crate::Diagnostic>,
}

fn display(path: &Path) -> String {
    path.display().to_string().replace('\\', "/")
}
