//! The Rust verdict of `diff`, proven by the compiler: for every pair, the
//! user code written against the OLD module is compiled against the NEW
//! one, and `report.rust_breaking()` must say whether that fails. The same
//! code is compiled against the OLD module too (it must compile: a pair
//! whose user code is wrong proves nothing).
//!
//! ```text
//! $CARGO_TARGET_TMPDIR/diff-pairs/            a scratch workspace, one crate per pair and side
//!   old_PAIR/src/lib.rs   mod api { include!(OUT_DIR/pairs/PAIR/old.rs) }  #[path = user.rs] mod user;
//!   new_PAIR/src/lib.rs   mod api { include!(OUT_DIR/pairs/PAIR/new.rs) }  #[path = user.rs] mod user;
//! cargo check --workspace --keep-going --message-format=json
//!   → a compiler-artifact per crate that compiled, errors attributed by crate
//! ```
//!
//! One crate per pair and side, so one pair's errors cannot stop the
//! compiler before it reaches another's. The scratch workspace has its own
//! target directory (this test's cargo holds the workspace's), shares the
//! workspace's `Cargo.lock` and builds offline; the runtime is built without
//! TLS, which checking does not need.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

#[test]
fn rust_verdict_is_what_the_compiler_says() {
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("diff-pairs");
    let runtime = common::workspace().join("runtime");
    let out_dir = Path::new(env!("OUT_DIR"));
    let mut members = Vec::new();
    for pair in switchboard_diff_pairs::PAIRS {
        for side in ["old", "new"] {
            let name = format!("{side}_{pair}");
            let dir = scratch.join(&name);
            std::fs::create_dir_all(dir.join("src")).expect("the scratch directory is writable");
            write_if_changed(
                &dir.join("Cargo.toml"),
                &format!(
                    "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
                     [lib]\npath = \"src/lib.rs\"\n\n[dependencies]\n\
                     switchboard-runtime = {{ path = {runtime:?}, default-features = false }}\n\
                     serde = {{ version = \"1\", features = [\"derive\"] }}\n",
                    runtime = runtime.display().to_string(),
                ),
            );
            let module = out_dir.join("pairs").join(pair).join(format!("{side}.rs"));
            let user = common::pairs_dir().join(pair).join("user.rs");
            write_if_changed(
                &dir.join("src/lib.rs"),
                &format!(
                    "#![allow(dead_code, unused)]\npub mod api {{ include!({module:?}); }}\n#[path = {user:?}]\npub mod user;\n",
                    module = module.display().to_string(),
                    user = user.display().to_string(),
                ),
            );
            members.push(name);
        }
    }
    write_if_changed(
        &scratch.join("Cargo.toml"),
        &format!(
            "# Written by tests/diff-pairs/tests/rust.rs.\n[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
            members.iter().map(|m| format!("{m:?}")).collect::<Vec<_>>().join(", ")
        ),
    );
    // The workspace's versions, so that everything is already downloaded
    // (cargo prunes the copy to what the scratch crates use).
    std::fs::copy(common::workspace().join("Cargo.lock"), scratch.join("Cargo.lock"))
        .expect("the workspace has a Cargo.lock");

    let started = std::time::Instant::now();
    let output = Command::new(env!("CARGO"))
        .args([
            "check",
            "--offline",
            "--workspace",
            "--keep-going",
            "--message-format=json",
        ])
        .current_dir(&scratch)
        .env("CARGO_TARGET_DIR", scratch.join("target"))
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    eprintln!(
        "cargo check of {} scratch crates: {:.1} s",
        members.len(),
        started.elapsed().as_secs_f64()
    );
    let (compiled, errors) = outcome(&output.stdout);
    if compiled.is_empty() {
        panic!(
            "the scratch workspace did not build at all:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }

    let mut failures = Vec::new();
    for pair in switchboard_diff_pairs::PAIRS {
        let report = common::report(pair);
        let old_compiles = compiled.contains(&format!("old_{pair}"));
        let new_compiles = compiled.contains(&format!("new_{pair}"));
        let errors_of = |side: &str| errors.get(&format!("{side}_{pair}")).cloned().unwrap_or_default();
        let text = |errors: &[CompileError]| errors.iter().map(|(_, e)| e.as_str()).collect::<String>();
        if !old_compiles {
            failures.push(format!(
                "{pair}: user.rs does not compile against its OLD module:\n{}",
                text(&errors_of("old"))
            ));
            continue;
        }
        // An error inside the generated module is the generator's, not the user's.
        let new_errors = errors_of("new");
        if new_errors.iter().any(|(file, _)| !file.ends_with("user.rs")) {
            let new_errors = text(&new_errors);
            failures.push(format!("{pair}: the NEW module itself does not compile:\n{new_errors}"));
            continue;
        }
        let new_errors = text(&new_errors);
        if report.rust_breaking() == new_compiles {
            failures.push(format!(
                "{pair}: diff says the Rust API {}, but user.rs {} against the NEW module{}\n{}",
                if report.rust_breaking() {
                    "breaks"
                } else {
                    "does not break"
                },
                if new_compiles { "compiles" } else { "does not compile" },
                if new_compiles {
                    String::new()
                } else {
                    format!(":\n{new_errors}")
                },
                report.render(switchboard_codegen::diff::Format::Text)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} pairs disagree with the compiler:\n\n{}",
        failures.len(),
        switchboard_diff_pairs::PAIRS.len(),
        failures.join("\n\n")
    );
}

/// A compiler error: the file of its primary span, and the error rendered.
type CompileError = (String, String);

/// The crates that compiled, and the errors of each crate that did not.
fn outcome(stdout: &[u8]) -> (BTreeSet<String>, BTreeMap<String, Vec<CompileError>>) {
    let mut compiled = BTreeSet::new();
    let mut errors: BTreeMap<String, Vec<CompileError>> = BTreeMap::new();
    for line in String::from_utf8_lossy(stdout).lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let target = message["target"]["name"].as_str().unwrap_or_default().to_string();
        match message["reason"].as_str() {
            Some("compiler-artifact") => {
                compiled.insert(target);
            }
            Some("compiler-message") if message["message"]["level"] == "error" => {
                let rendered = message["message"]["rendered"].as_str().unwrap_or_default();
                let file = message["message"]["spans"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .find(|span| span["is_primary"] == true)
                    .and_then(|span| span["file_name"].as_str())
                    .unwrap_or_default();
                errors
                    .entry(target)
                    .or_default()
                    .push((file.to_string(), rendered.to_string()));
            }
            _ => {}
        }
    }
    (compiled, errors)
}

fn write_if_changed(path: &PathBuf, text: &str) {
    if std::fs::read_to_string(path).is_ok_and(|old| old == text) {
        return;
    }
    std::fs::write(path, text).expect("the scratch directory is writable");
}
