//! Locating the external test tools that `scripts/setup-test-tools`
//! installs, for `tests/spec_validation.rs` and `tests/prism.rs`, and the
//! effective document of each spec (the spec after its overlay), which is
//! what those tools and `tests/spec_examples.rs` read.
//!
//! - Python tools: `$SWITCHBOARD_TOOLS_DIR/venv/bin/` (default
//!   `<repo>/.tools/venv/bin/`);
//! - Node tools: `<repo>/tools/node_modules/.bin/`.
//!
//! A missing tool fails the test with a message to run
//! `scripts/setup-test-tools`, unless `SWITCHBOARD_SKIP_TOOL_TESTS=1`: then
//! the test prints a `SKIPPED: …` line and passes.

#![allow(dead_code)] // Each test binary uses a different subset.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The repository root (the root package's directory).
pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Where the Python virtual environment lives.
pub fn tools_dir() -> PathBuf {
    match std::env::var_os("SWITCHBOARD_TOOLS_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => repo().join(".tools"),
    }
}

/// A program of the Python virtual environment.
pub fn python_tool(name: &str) -> PathBuf {
    tools_dir().join("venv").join("bin").join(name)
}

/// A program installed by npm in `tools/`.
pub fn node_tool(name: &str) -> PathBuf {
    repo().join("tools").join("node_modules").join(".bin").join(name)
}

/// `path` if it exists. Otherwise: with `SWITCHBOARD_SKIP_TOOL_TESTS=1`,
/// prints a loud `SKIPPED` line naming `test` and returns `None`; without
/// it, fails the test.
pub fn require(path: PathBuf, test: &str) -> Option<PathBuf> {
    if path.exists() {
        return Some(path);
    }
    let problem = format!(
        "{} is missing; run scripts/setup-test-tools to install the external test tools \
         (Python tools go to $SWITCHBOARD_TOOLS_DIR, default <repo>/.tools; Node tools to tools/node_modules)",
        path.display()
    );
    if std::env::var("SWITCHBOARD_SKIP_TOOL_TESTS").is_ok_and(|value| value == "1") {
        // Written to the process's stderr directly, past the test harness's
        // output capture, so that the skip is seen.
        let _ = writeln!(
            std::io::stderr(),
            "\nSKIPPED: {test}: {problem} (SWITCHBOARD_SKIP_TOOL_TESTS=1)\n"
        );
        return None;
    }
    panic!("{test}: {problem}. Set SWITCHBOARD_SKIP_TOOL_TESTS=1 to skip this test instead.");
}

/// Every spec in `specs/`, sorted by file name.
pub fn specs() -> Vec<PathBuf> {
    let mut specs: Vec<PathBuf> = std::fs::read_dir(repo().join("specs"))
        .expect("specs/ is readable")
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "yaml" || extension == "yml")
        })
        .filter(|path| !path.to_string_lossy().contains(".overlay."))
        .collect();
    specs.sort();
    assert!(!specs.is_empty(), "no specs in specs/");
    specs
}

/// One spec of `specs/` and the document that describes the API it is for.
#[derive(Debug)]
pub struct Spec {
    /// `specs/NAME.yaml`, as committed (published or hand-written).
    pub published: PathBuf,
    /// `specs/NAME.overlay.yaml`, applied to it by convention, if there is one.
    pub overlay: Option<PathBuf>,
    /// The effective document: what the generator reads for this spec. For
    /// a spec with an overlay, the published document with the overlay
    /// applied, written to `$CARGO_TARGET_TMPDIR/effective-specs/NAME.yaml`;
    /// for one without, the spec itself.
    pub effective: PathBuf,
}

impl Spec {
    /// `NAME.yaml`.
    pub fn file_name(&self) -> String {
        self.published
            .file_name()
            .expect("a file name")
            .to_string_lossy()
            .into_owned()
    }

    /// `specs/NAME.yaml`, relative to the repository.
    pub fn relative(&self) -> String {
        format!("specs/{}", self.file_name())
    }

    /// How a message should name the effective document:
    /// `specs/NAME.yaml`, or `specs/NAME.yaml + specs/NAME.overlay.yaml`.
    pub fn describe(&self) -> String {
        match &self.overlay {
            Some(overlay) => format!(
                "{} + specs/{} (effective document {})",
                self.relative(),
                overlay.file_name().expect("a file name").to_string_lossy(),
                self.effective.display()
            ),
            None => self.relative(),
        }
    }

    /// The effective document, parsed.
    pub fn effective_value(&self) -> serde_json::Value {
        let text = std::fs::read_to_string(&self.effective)
            .unwrap_or_else(|error| panic!("{}: {error}", self.effective.display()));
        serde_yaml::from_str(&text).unwrap_or_else(|error| panic!("{}: {error}", self.effective.display()))
    }
}

/// Every spec of `specs/` with its effective document, sorted by file name
/// (the same list as [`specs`]). The effective documents are written once
/// per test process, by the generator's own overlay code
/// (`switchboard_codegen::modules_in`, `Generator::effective_document`), so
/// the tools check exactly the document the clients are generated from.
///
/// The effective files live outside `specs/`: a spec with an overlay must
/// not `$ref` other files by relative path (none does).
pub fn effective_specs() -> &'static [Spec] {
    static SPECS: OnceLock<Vec<Spec>> = OnceLock::new();
    SPECS.get_or_init(write_effective_specs)
}

/// The spec `specs/<file_name>` with its effective document.
pub fn effective_spec(file_name: &str) -> &'static Spec {
    effective_specs()
        .iter()
        .find(|spec| spec.file_name() == file_name)
        .unwrap_or_else(|| panic!("no spec specs/{file_name}"))
}

fn write_effective_specs() -> Vec<Spec> {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("effective-specs");
    std::fs::create_dir_all(&dir).unwrap_or_else(|error| panic!("{}: {error}", dir.display()));
    let modules =
        switchboard_codegen::modules_in(repo().join("specs")).unwrap_or_else(|error| panic!("specs/: {error}"));
    let effective: Vec<Spec> = modules
        .into_iter()
        .map(|module| {
            let Some(overlay) = &module.overlay else {
                return Spec {
                    effective: module.spec.clone(),
                    published: module.spec,
                    overlay: None,
                };
            };
            let document = module
                .generator(switchboard_codegen::Generator::new())
                .effective_document(&module.spec)
                .unwrap_or_else(|error| panic!("{}: the overlay does not apply:\n{error}", module.source_name));
            let file_name = module.spec.file_name().expect("a file name");
            let effective = dir.join(file_name);
            // Another test process may read this file while this one writes
            // it: write a private file, then rename it into place.
            let partial = dir.join(format!(
                "{}.{}.partial",
                file_name.to_string_lossy(),
                std::process::id()
            ));
            std::fs::write(&partial, document.to_text())
                .unwrap_or_else(|error| panic!("{}: {error}", partial.display()));
            std::fs::rename(&partial, &effective).unwrap_or_else(|error| panic!("{}: {error}", effective.display()));
            Spec {
                published: module.spec,
                overlay: Some(overlay.path.clone()),
                effective,
            }
        })
        .collect();
    let published: Vec<&PathBuf> = effective.iter().map(|spec| &spec.published).collect();
    assert_eq!(
        published,
        specs().iter().collect::<Vec<_>>(),
        "switchboard_codegen::modules_in and specs() disagree about specs/"
    );
    effective
}

/// The environment for Node tools: no telemetry, no update checks, no
/// colours in their output.
pub fn node_env(command: &mut std::process::Command) -> &mut std::process::Command {
    command
        .env("REDOCLY_TELEMETRY", "off")
        .env("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true")
        .env("NO_COLOR", "1")
        .env("FORCE_COLOR", "0")
}
