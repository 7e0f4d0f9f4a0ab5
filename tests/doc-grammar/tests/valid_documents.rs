//! The grammar's documents are valid OpenAPI: `openapi-spec-validator`
//! (installed by `scripts/setup-test-tools`) accepts a sample of them, so a
//! generator failure on them is the generator's bug, not the grammar's.
//!
//! `SWITCHBOARD_GEN_VALIDATE_CASES` documents (64 by default; with known
//! failures when `SWITCHBOARD_GEN_KNOWN_FAILURES=1`) of
//! `SWITCHBOARD_GEN_SEED`. A missing validator fails the test unless
//! `SWITCHBOARD_SKIP_TOOL_TESTS=1`, as for the other tool tests.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

fn validator() -> Option<PathBuf> {
    let tools = match std::env::var_os("SWITCHBOARD_TOOLS_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.tools"),
    };
    let path = tools.join("venv/bin/openapi-spec-validator");
    if path.exists() {
        return Some(path);
    }
    let problem = format!("{} is missing; run scripts/setup-test-tools", path.display());
    if std::env::var("SWITCHBOARD_SKIP_TOOL_TESTS").is_ok_and(|v| v == "1") {
        let _ = writeln!(
            std::io::stderr(),
            "\nSKIPPED: generated_documents_are_valid: {problem}\n"
        );
        return None;
    }
    panic!("{problem}. Set SWITCHBOARD_SKIP_TOOL_TESTS=1 to skip this test instead.");
}

#[test]
fn generated_documents_are_valid() {
    let Some(validator) = validator() else { return };
    let seed = switchboard_doc_grammar::seed_from_env();
    let cases = std::env::var("SWITCHBOARD_GEN_VALIDATE_CASES")
        .ok()
        .map(|n| n.trim().parse().expect("a number of cases"))
        .unwrap_or(64);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("doc-grammar-{seed}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let mut files = Vec::new();
    for (i, document) in
        switchboard_doc_grammar::generate_documents_with(seed, cases, switchboard_doc_grammar::Options::from_env())
            .iter()
            .enumerate()
    {
        let file = dir.join(format!("case_{i}.json"));
        std::fs::write(&file, serde_json::to_string_pretty(document).expect("JSON")).expect("writable");
        files.push(file);
    }
    // One Python process for all documents (the CLI stops at the first
    // invalid one). openapi-spec-validator recurses without end on
    // reference loops it cannot follow lazily (pure alias cycles, arrays of
    // allOf of themselves: even the fixture alias_cycles.yaml); those are
    // reported as unchecked, not as invalid.
    let python = validator.with_file_name("python");
    let output = Command::new(&python)
        .arg("-c")
        .arg(SCRIPT)
        .args(&files)
        .output()
        .expect("runs the validator's Python");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let invalid: Vec<&str> = stdout.lines().filter(|line| line.contains(": INVALID")).collect();
    let unchecked = stdout.lines().filter(|line| line.contains(": UNCHECKED")).count();
    eprintln!(
        "openapi-spec-validator: {} of {cases} documents of seed {seed} valid, {unchecked} unchecked (reference loops)",
        cases - invalid.len() - unchecked
    );
    assert!(
        output.status.success() && invalid.is_empty(),
        "openapi-spec-validator rejects documents of seed {seed} (in {}):\n{}\n{}",
        dir.display(),
        invalid.join("\n"),
        String::from_utf8_lossy(&output.stderr)
    );
}

const SCRIPT: &str = r#"
import json, sys
from openapi_spec_validator import validate
for path in sys.argv[1:]:
    try:
        validate(json.load(open(path)))
        print(f"{path}: OK")
    except RecursionError:
        print(f"{path}: UNCHECKED")
    except Exception as error:
        print(f"{path}: INVALID: {str(error).splitlines()[0][:400]}")
"#;

#[test]
fn the_same_seed_gives_the_same_documents() {
    let documents = switchboard_doc_grammar::generate_documents(7, 8);
    assert_eq!(documents.len(), 8);
    assert_eq!(documents, switchboard_doc_grammar::generate_documents(7, 8));
    assert_ne!(documents, switchboard_doc_grammar::generate_documents(8, 8));
    let versions: std::collections::BTreeSet<_> = switchboard_doc_grammar::generate_documents(7, 32)
        .iter()
        .map(|d| d["openapi"].to_string())
        .collect();
    assert_eq!(versions.len(), 2, "both 3.0.3 and 3.1.0 documents: {versions:?}");
}
