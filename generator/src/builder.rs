//! Code generation from a build script, in the style of prost-build.
//!
//! ```no_run
//! // build.rs, in `fn main`:
//! switchboard_codegen::Builder::new()
//!     .spec("specs/callbell.yaml")
//!     .spec_as("specs/pabbly-chatflow.yaml", "pabbly")
//!     .run();
//! // src/lib.rs
//! // pub mod callbell { include!(concat!(env!("OUT_DIR"), "/callbell.rs")); }
//! ```
//!
//! Each spec becomes `OUT_DIR/<module>.rs`. The builder prints
//! `cargo:rerun-if-changed` for every file it read (the specs and any file
//! reached through `$ref`) and for nothing else, so a build with no spec
//! change does not rerun the script.

use std::path::{Path, PathBuf};

use crate::lower::names::snake_ident;
use crate::{GenerateError, Generator};

/// Generates client modules into `OUT_DIR` from a build script.
#[derive(Debug, Clone, Default)]
pub struct Builder {
    specs: Vec<(PathBuf, String)>,
    out_dir: Option<PathBuf>,
    generator: Generator,
    emit_rerun: bool,
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
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let module = snake_ident(&stem);
        self.spec_as(path, module)
    }

    /// Adds a spec with an explicit module (file) name.
    pub fn spec_as(mut self, path: impl Into<PathBuf>, module: impl Into<String>) -> Self {
        self.specs.push((path.into(), module.into()));
        self
    }

    /// Writes the modules here instead of `OUT_DIR`.
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// Uses these generator options for every spec.
    pub fn generator(mut self, generator: Generator) -> Self {
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
        let mut errors = Vec::new();
        for (spec, module) in &self.specs {
            output.inputs.push(spec.clone());
            match self.generator.clone().source_name(display(spec)).generate_file(spec) {
                Ok(generated) => {
                    output.inputs.extend(generated.inputs.iter().skip(1).cloned());
                    output.warnings.extend(generated.warnings);
                    let target = out_dir.join(format!("{module}.rs"));
                    std::fs::write(&target, &generated.code).map_err(|e| {
                        GenerateError::from(crate::Diagnostic::document_error(
                            display(spec),
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
            // Even when generation fails, a fix to a spec must rerun the script.
            for (spec, _) in &self.specs {
                println!("cargo:rerun-if-changed={}", spec.display());
            }
        }
        match self.generate() {
            Ok(output) => {
                if self.emit_rerun {
                    for input in output
                        .inputs
                        .iter()
                        .filter(|i| !self.specs.iter().any(|(s, _)| s == *i))
                    {
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
    /// Every file read: the specs and the files their `$ref`s reached.
    pub inputs: Vec<PathBuf>,
    /// Degraded constructs.
    pub warnings: Vec<crate::Diagnostic>,
}

fn display(path: &Path) -> String {
    path.display().to_string().replace('\\', "/")
}
