//! `switchboard-codegen crate` writes a crate that builds on its own.

use std::path::Path;
use std::process::Command;

#[test]
fn generated_crate_builds_on_its_own() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let dir = std::env::temp_dir().join(format!("switchboard-standalone-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let runtime = root.join("runtime").canonicalize().expect("runtime dir");
    let status = Command::new(env!("CARGO_BIN_EXE_switchboard-codegen"))
        .args([
            "crate",
            "../tests/fixtures/body_multipart.yaml",
            "--name",
            "multipart-client",
            "-o",
        ])
        .arg(&dir)
        .arg("--runtime-path")
        .arg(&runtime)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .expect("the CLI runs");
    assert!(status.success());
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).expect("Cargo.toml");
    assert!(manifest.contains("name = \"multipart-client\""), "{manifest}");
    assert!(manifest.contains("switchboard-runtime = { path = "), "{manifest}");
    assert!(
        manifest.contains("serde = { version = \"1\", features = [\"derive\"] }"),
        "{manifest}"
    );
    let deps = manifest.split("[dependencies]").nth(1).unwrap_or_default();
    assert_eq!(
        deps.lines().filter(|l| !l.trim().is_empty()).count(),
        2,
        "exactly the dependencies used: {deps}"
    );
    assert!(dir.join("README.md").is_file());

    // Build it alone: outside this workspace, with its own target directory
    // (this test's cargo holds the workspace's), offline (the dependencies
    // are the ones this workspace already fetched).
    let target = root.join("target/standalone-crate");
    let output = Command::new(env!("CARGO"))
        .args(["build", "--offline", "--quiet", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "the crate does not build:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// `crate --with-tests`: `cargo test` in the crate runs one test per
/// example; an example that contradicts its schema fails with its JSON
/// pointer and where inside it the round trip fails, as one JSON line
/// (here read back from `SWITCHBOARD_EXAMPLE_REPORT`, which also lists the
/// examples that pass).
#[test]
fn a_crate_with_tests_reports_each_failing_example() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let dir = std::env::temp_dir().join(format!("switchboard-with-tests-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let runtime = root.join("runtime").canonicalize().expect("runtime dir");
    let status = Command::new(env!("CARGO_BIN_EXE_switchboard-codegen"))
        .args([
            "crate",
            "../tests/fixtures/examples_contradicting_schema.yaml",
            "--name",
            "orders-client",
            "--with-tests",
            "-o",
        ])
        .arg(&dir)
        .arg("--runtime-path")
        .arg(&runtime)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .expect("the CLI runs");
    assert!(status.success());
    let lib = std::fs::read_to_string(dir.join("src/lib.rs")).expect("src/lib.rs");
    assert!(lib.contains("#[cfg(test)]\nmod example_tests {"), "{lib}");

    let report = dir.join("report.jsonl");
    let output = Command::new(env!("CARGO"))
        .args(["test", "--offline", "--quiet", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", root.join("target/standalone-crate"))
        .env("SWITCHBOARD_EXAMPLE_REPORT", &report)
        .env("RUST_BACKTRACE", "0")
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        !output.status.success(),
        "three examples contradict their schema:\n{stdout}"
    );
    assert!(stdout.contains("2 passed; 3 failed"), "{stdout}");
    // The failure as a person reads it: the document, the pointer, where inside.
    assert!(
        stdout.contains(
            "examples_contradicting_schema.yaml: #/paths/~1orders/post/requestBody/content/application~1json/examples/\
             quantityAsText/value: the example does not decode at /quantity: invalid type: string \"two\", expected i64"
        ),
        "{stdout}"
    );

    let text = std::fs::read_to_string(&report).expect("the report");
    let mut outcomes: Vec<(String, String, String)> = text
        .lines()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).expect("one JSON object a line");
            let entry = &value["switchboard_example"];
            assert_eq!(entry["document"], "examples_contradicting_schema.yaml");
            let field = |name: &str| entry[name].as_str().expect(name).to_string();
            (field("pointer"), field("stage"), field("at"))
        })
        .collect();
    outcomes.sort();
    let body = "#/paths/~1orders/post/requestBody/content/application~1json/examples";
    let expected = [
        (
            "#/components/schemas/Order/properties/lines/example".to_string(),
            "decode",
            "/1/sku",
        ),
        (
            "#/components/schemas/Order/properties/quantity/example".to_string(),
            "ok",
            "",
        ),
        (format!("{body}/missingId/value"), "decode", ""),
        (format!("{body}/quantityAsText/value"), "decode", "/quantity"),
        (format!("{body}/valid/value"), "ok", ""),
    ];
    let expected: Vec<(String, String, String)> = expected
        .into_iter()
        .map(|(p, s, a)| (p, s.to_string(), a.to_string()))
        .collect();
    assert_eq!(outcomes, expected);
    let _ = std::fs::remove_dir_all(&dir);
}
