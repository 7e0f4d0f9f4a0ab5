//! `switchboard-codegen regenerate` from the outside (the correctness
//! sweep's `regenerate` point): run where there is no `specs/` it names the
//! directory and says what to do; it says what it wrote and what was
//! unchanged; `--check` reports a generated module no spec generates any
//! more, and `regenerate` removes it, leaving hand-written files alone.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SPEC: &str = r#"
openapi: 3.0.3
info: {title: Contacts, version: "1"}
servers: [{url: "https://api.example.com"}]
paths:
  /contacts:
    get:
      operationId: listContacts
      responses:
        "200":
          description: Contacts.
          content:
            application/json:
              schema: {type: array, items: {type: string}}
"#;

/// A fresh directory for one test (the tests run in parallel).
fn workspace(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("switchboard-regenerate-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn with_spec(name: &str) -> PathBuf {
    let dir = workspace(name);
    std::fs::create_dir_all(dir.join("specs")).expect("specs dir");
    std::fs::write(dir.join("specs/contacts.yaml"), SPEC).expect("spec written");
    dir
}

fn regenerate(dir: &Path, args: &[&str]) -> (Output, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_switchboard-codegen"))
        .arg("regenerate")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the CLI runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output, stderr)
}

#[test]
fn outside_the_repository_root_the_error_names_the_directory_and_the_way_out() {
    let dir = workspace("outside");
    let (output, stderr) = regenerate(&dir, &[]);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("cannot read the directory `specs`"), "{stderr}");
    assert!(
        stderr.contains("hint: run it from the repository root, or pass --specs DIR and --out DIR"),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn it_says_what_it_wrote_and_what_was_unchanged() {
    let dir = with_spec("summary");
    let (output, stderr) = regenerate(&dir, &[]);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("wrote generated/contacts.rs\n"), "{stderr}");
    assert!(
        stderr.ends_with("regenerate: 1 written, 0 unchanged, 0 removed\n"),
        "{stderr}"
    );
    let (output, stderr) = regenerate(&dir, &[]);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("unchanged generated/contacts.rs\n"), "{stderr}");
    assert!(
        stderr.ends_with("regenerate: 0 written, 1 unchanged, 0 removed\n"),
        "{stderr}"
    );
    let (output, stderr) = regenerate(&dir, &["--check"]);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.ends_with("regenerate --check: 1 module(s) up to date\n"),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_module_no_spec_generates_is_stale_and_removed_but_hand_written_files_stay() {
    let dir = with_spec("orphan");
    let (output, stderr) = regenerate(&dir, &[]);
    assert!(output.status.success(), "{stderr}");
    // A spec deleted since: its module is still there. A hand-written file
    // beside the modules is not the generator's.
    std::fs::copy(dir.join("generated/contacts.rs"), dir.join("generated/invoices.rs")).expect("copy");
    std::fs::write(dir.join("generated/mod.rs"), "pub mod contacts;\n").expect("hand-written");

    let (output, stderr) = regenerate(&dir, &["--check"]);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "generated/invoices.rs: no spec in `specs` generates this module any more; regenerate removes it"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("error: 1 generated module(s) are stale"), "{stderr}");
    assert!(!stderr.contains("generated/mod.rs"), "{stderr}");
    assert!(dir.join("generated/invoices.rs").exists(), "--check writes nothing");

    let (output, stderr) = regenerate(&dir, &[]);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("removed generated/invoices.rs (no spec in `specs` generates it)"),
        "{stderr}"
    );
    assert!(
        stderr.ends_with("regenerate: 0 written, 1 unchanged, 1 removed\n"),
        "{stderr}"
    );
    assert!(!dir.join("generated/invoices.rs").exists());
    assert!(dir.join("generated/mod.rs").exists(), "hand-written files stay");
    let _ = std::fs::remove_dir_all(&dir);
}
