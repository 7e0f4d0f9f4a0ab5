//! Locating the external test tools that `scripts/setup-test-tools`
//! installs, for `tests/spec_validation.rs` and `tests/prism.rs`.
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

/// The environment for Node tools: no telemetry, no update checks, no
/// colours in their output.
pub fn node_env(command: &mut std::process::Command) -> &mut std::process::Command {
    command
        .env("REDOCLY_TELEMETRY", "off")
        .env("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true")
        .env("NO_COLOR", "1")
        .env("FORCE_COLOR", "0")
}
