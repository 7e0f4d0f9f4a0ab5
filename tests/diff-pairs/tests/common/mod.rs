//! What the pair tests share: where things are, and each pair's report.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use switchboard_codegen::diff::Report;

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `tests/diff-pairs/pairs`.
pub fn pairs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("pairs")
}

/// What `switchboard-codegen diff pairs/PAIR/old.yaml pairs/PAIR/new.yaml` reports.
pub fn report(pair: &str) -> Report {
    let model = |side: &str| {
        switchboard_codegen::Generator::new()
            .model_file(pairs_dir().join(pair).join(format!("{side}.yaml")))
            .unwrap_or_else(|e| panic!("{pair}/{side}.yaml: {e}"))
    };
    switchboard_codegen::compare(&model("old"), &model("new"))
}
