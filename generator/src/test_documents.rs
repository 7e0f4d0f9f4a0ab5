//! The documents the unit tests read: the repository's specs and fixtures,
//! and the large published ones when this clone has them (Chatwoot's from
//! `../shared`, or `SWITCHBOARD_CHATWOOT_DIR`; GitHub's, installed by
//! `scripts/corpus-setup`). A test that reads a large document says loudly
//! when it is absent.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The JSON and YAML documents in `dir` (overlays aside), sorted.
pub fn in_dir(dir: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("readable")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .filter(|p| !p.to_string_lossy().contains(".overlay."))
        .collect();
    paths.sort();
    paths
}

/// The repository's specs, then its fixtures.
pub fn repository() -> Vec<PathBuf> {
    let mut paths = in_dir(&root().join("specs"));
    paths.extend(in_dir(&root().join("tests/fixtures")));
    paths
}

/// The directory of Chatwoot's published documents.
pub fn chatwoot_dir() -> PathBuf {
    std::env::var_os("SWITCHBOARD_CHATWOOT_DIR").map_or_else(|| root().join("../shared/upstream/chatwoot"), Into::into)
}

/// GitHub's description.
pub fn github() -> PathBuf {
    root().join("corpus/node_modules/@octokit/openapi/generated/api.github.com.json")
}

/// `paths` that exist; each absent one is named as skipped, with `what`
/// was not checked.
pub fn present(paths: impl IntoIterator<Item = PathBuf>, what: &str) -> Vec<PathBuf> {
    paths
        .into_iter()
        .filter(|path| {
            let here = path.is_file();
            if !here {
                eprintln!("SKIPPED: {} is absent, {what} were not compared", path.display());
            }
            here
        })
        .collect()
}
