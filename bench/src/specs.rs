//! The documents measured: synthetic ones (written under
//! `target/bench-specs/`), Chatwoot's published spec and GitHub's.

use std::path::{Path, PathBuf};

use crate::synthetic;

/// One document to measure.
#[derive(Debug, Clone)]
pub struct Spec {
    /// Short name: `synthetic-10x`, `chatwoot`, `github`.
    pub name: String,
    /// The file.
    pub path: PathBuf,
    /// The name shown in the generated header and diagnostics.
    pub display: String,
    /// The operations selected (`Generator::select_operations`); empty for
    /// all of them.
    pub operations: Vec<String>,
}

/// The selection measured as `github-5`: what a crate that files and reads
/// issues and pull requests uses.
pub const GITHUB_FIVE: &[&str] = &[
    "issues/create",
    "issues/get",
    "issues/list-for-repo",
    "pulls/list",
    "repos/get",
];

/// The workspace root (the parent of `bench/`).
pub fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// The documents to measure, synthetic ones first, and the ones skipped
/// with why. `only` keeps the named ones (all when empty).
pub fn discover(scales: &[usize], only: &[String]) -> std::io::Result<(Vec<Spec>, Vec<String>)> {
    let wanted = |name: &str| only.is_empty() || only.iter().any(|o| o == name);
    let mut specs = Vec::new();
    let mut skipped = Vec::new();

    let dir = workspace_root().join("target/bench-specs");
    std::fs::create_dir_all(&dir)?;
    for &copies in scales {
        let name = format!("synthetic-{copies}x");
        if !wanted(&name) {
            continue;
        }
        let path = dir.join(format!("{name}.json"));
        let text = synthetic::spec_text(copies);
        // Rewrite only on change, so the file's mtime stays put.
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            std::fs::write(&path, text)?;
        }
        specs.push(Spec {
            display: format!("{name}.json"),
            name,
            path,
            operations: Vec::new(),
        });
    }

    if wanted("chatwoot") {
        let dir = std::env::var_os("SWITCHBOARD_CHATWOOT_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| workspace_root().join("../shared/upstream/chatwoot"));
        let path = dir.join("swagger.json");
        if path.is_file() {
            specs.push(Spec {
                name: "chatwoot".into(),
                path,
                display: "chatwoot/swagger.json".into(),
                operations: Vec::new(),
            });
        } else {
            skipped.push(format!(
                "chatwoot: {} not found (set SWITCHBOARD_CHATWOOT_DIR to the directory holding swagger.json)",
                path.display()
            ));
        }
    }

    if wanted("github") || wanted("github-5") {
        let path = match std::env::var_os("SWITCHBOARD_GITHUB_SPEC") {
            Some(path) => PathBuf::from(path),
            None => {
                let installed =
                    workspace_root().join("bench/node_modules/@octokit/openapi/generated/api.github.com.json");
                if installed.is_file() {
                    installed
                } else {
                    fetch_github_spec().unwrap_or(installed)
                }
            }
        };
        if path.is_file() {
            if wanted("github") {
                specs.push(Spec {
                    name: "github".into(),
                    path: path.clone(),
                    display: "api.github.com.json".into(),
                    operations: Vec::new(),
                });
            }
            if wanted("github-5") {
                specs.push(Spec {
                    name: "github-5".into(),
                    path,
                    display: "api.github.com.json".into(),
                    operations: GITHUB_FIVE.iter().map(|id| id.to_string()).collect(),
                });
            }
        } else {
            skipped.push(format!(
                "github: {} not found (scripts/fetch-bench-specs failed; or set SWITCHBOARD_GITHUB_SPEC)",
                path.display()
            ));
        }
    }
    Ok((specs, skipped))
}

/// Runs `scripts/fetch-bench-specs` (npm install of `@octokit/openapi`),
/// which prints the spec's path on its last line.
fn fetch_github_spec() -> Option<PathBuf> {
    let script = workspace_root().join("scripts/fetch-bench-specs");
    eprintln!("GitHub's spec is not installed; running {}", script.display());
    let output = std::process::Command::new(&script)
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| eprintln!("cannot run {}: {e}", script.display()))
        .ok()?;
    if !output.status.success() {
        return None;
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    stdout.lines().last().map(|line| PathBuf::from(line.trim()))
}

/// Prints the skipped documents so that nobody misses them.
pub fn warn_skipped(skipped: &[String]) {
    for reason in skipped {
        eprintln!();
        eprintln!("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!");
        eprintln!("!!! SKIPPED {reason}");
        eprintln!("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!");
    }
}
