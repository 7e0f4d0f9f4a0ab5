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
