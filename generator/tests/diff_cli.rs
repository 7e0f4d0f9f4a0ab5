//! `switchboard-codegen diff` from the outside: formats, `--fail-on` exit
//! codes, errors, `--base` against a git revision, and the API summary
//! `regenerate --check` prints above the code diff.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The spec pairs of `tests/diff-pairs`.
fn pair(name: &str) -> [PathBuf; 2] {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/diff-pairs/pairs")
        .join(name);
    [dir.join("old.yaml"), dir.join("new.yaml")]
}

fn codegen(args: &[&str], paths: &[PathBuf], dir: Option<&Path>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_switchboard-codegen"));
    command.args(args.iter().take(1)).args(paths).args(args.iter().skip(1));
    if let Some(dir) = dir {
        command.current_dir(dir);
    }
    command.output().expect("the CLI runs")
}

fn diff(name: &str, flags: &[&str]) -> Output {
    let args: Vec<&str> = std::iter::once("diff").chain(flags.iter().copied()).collect();
    codegen(&args, &pair(name), None)
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn text_is_the_default() {
    let output = diff("request_property_added_required", &[]);
    assert_eq!(output.status.code(), Some(0), "no --fail-on: success");
    assert_eq!(
        stdout(&output),
        "wire!  rust!  type NewContact: property `phone` added (required)\n\
         \n\
         (wire!: breaks a deployed client; rust!: breaks code compiled against the old module; rust+: an addition; -: compatible)\n\
         Summary: 1 change; wire: breaking (a deployed client may fail against the new server); \
         Rust API: breaking (code written against the old module may not compile).\n\
         Semver: major version, forced by:\n  \
         type NewContact: property `phone` added (required)\n"
    );
}

#[test]
fn markdown_folds_what_does_not_break() {
    let output = diff("success_status_added", &["--format", "markdown"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(text.starts_with("### API change: major version\n"), "{text}");
    let breaking = text
        .find("#### Breaking (1)")
        .expect("the breaking change above the fold");
    let details = text
        .find("<details><summary>1 other change</summary>")
        .expect("the rest folded");
    assert!(breaking < details, "{text}");
    assert!(text[breaking..details].contains("success type Contact → CreateContactResponse"));
    assert!(text[details..].contains("response 202 documented"));
}

#[test]
fn json_for_tools() {
    let output = diff("operation_added", &["--format", "json"]);
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    assert_eq!(value["bump"], "minor");
    assert_eq!(value["wire_breaking"], false);
    assert_eq!(value["rust_breaking"], false);
    assert_eq!(value["changes"][0]["rust"], "addition");
    assert_eq!(
        value["bump_forced_by"][0]["subject"],
        "DELETE /contacts/{id} (delete_contact)"
    );
}

#[test]
fn fail_on_sets_the_exit_status() {
    let status = |name: &str, fail_on: &str| diff(name, &["--fail-on", fail_on]).status.code();
    // Breaks both.
    assert_eq!(status("operation_removed", "breaking"), Some(1));
    // Breaks the wire only.
    assert_eq!(status("method_changed", "breaking"), Some(1));
    assert_eq!(status("method_changed", "wire"), Some(1));
    assert_eq!(status("method_changed", "rust"), Some(0));
    // Breaks the Rust API only.
    assert_eq!(status("operation_renamed", "breaking"), Some(1));
    assert_eq!(status("operation_renamed", "wire"), Some(0));
    assert_eq!(status("operation_renamed", "rust"), Some(1));
    // Additions and no change break nothing.
    assert_eq!(status("operation_added", "breaking"), Some(0));
    assert_eq!(status("documentation_changed", "breaking"), Some(0));
}

#[test]
fn errors_exit_with_2() {
    let [old, _] = pair("operation_added");
    let missing = codegen(&["diff"], &[old.clone(), PathBuf::from("no/such/spec.yaml")], None);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no/such/spec.yaml"));
    let not_openapi = codegen(
        &["diff", "--fail-on", "breaking"],
        &[
            old.clone(),
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"),
        ],
        None,
    );
    assert_eq!(not_openapi.status.code(), Some(2), "an error, not a verdict");
    // Neither NEW nor --base: a usage error.
    assert_eq!(codegen(&["diff"], &[old], None).status.code(), Some(2));
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

/// A git repository with `specs/contacts.yaml` (the OLD document of `pair`)
/// and `generated/contacts.rs` generated from it and committed, then the
/// spec replaced by the NEW document.
fn repository(name: &str, pair_name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("switchboard-diff-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("specs")).expect("temp dir");
    std::fs::create_dir_all(dir.join("generated")).expect("temp dir");
    let [old, new] = pair(pair_name);
    std::fs::copy(&old, dir.join("specs/contacts.yaml")).expect("copy");
    git(&dir, &["init", "-q"]);
    let regenerated = codegen(&["regenerate"], &[], Some(&dir));
    assert!(
        regenerated.status.success(),
        "{}",
        String::from_utf8_lossy(&regenerated.stderr)
    );
    git(&dir, &["add", "."]);
    git(&dir, &["commit", "-q", "-m", "old"]);
    std::fs::copy(&new, dir.join("specs/contacts.yaml")).expect("copy");
    dir
}

#[test]
fn base_compares_a_spec_with_itself_at_a_revision() {
    let dir = repository("base", "request_property_added_required");
    let output = codegen(
        &["diff", "--base", "HEAD", "--fail-on", "breaking"],
        &[PathBuf::from("specs/contacts.yaml")],
        Some(&dir),
    );
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout(&output).contains("property `phone` added (required)"));
    let unknown = codegen(
        &["diff", "--base", "no-such-revision"],
        &[PathBuf::from("specs/contacts.yaml")],
        Some(&dir),
    );
    assert_eq!(unknown.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn regenerate_check_prints_the_api_change_above_the_code_diff() {
    let dir = repository("regenerate", "response_enum_value_added");
    let output = codegen(&["regenerate", "--check"], &[], Some(&dir));
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    let summary = stderr
        .find("API change since generated/contacts.rs was generated:\n-      rust!  type Status: `archived` added (variant `Archived`)")
        .unwrap_or_else(|| panic!("the API change in {stderr}"));
    let semver = stderr.find("Semver: major version, forced by:").expect("the bump");
    let code = stderr.find("--- generated/contacts.rs").expect("the code diff");
    assert!(summary < semver && semver < code, "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The shell step of `docs/api-diff.yml` that writes the comment.
fn recipe_script() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/api-diff.yml");
    let workflow: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(&path).expect("docs/api-diff.yml")).expect("YAML");
    let steps = workflow["jobs"]["api-diff"]["steps"].as_sequence().expect("steps");
    let step = steps
        .iter()
        .find(|step| step["name"].as_str() == Some("Diff the changed specs"))
        .expect("the diff step");
    step["run"].as_str().expect("a run script").to_string()
}

fn run_recipe(dir: &Path, base: &str, fail_on: &str) -> (String, String) {
    let output_file = dir.join("github-output");
    let _ = std::fs::remove_file(&output_file);
    let output = Command::new("bash")
        .arg("-c")
        .arg(recipe_script())
        .current_dir(dir)
        .env("BASE", base)
        .env("SWITCHBOARD_CODEGEN", env!("CARGO_BIN_EXE_switchboard-codegen"))
        .env("FAIL_ON", fail_on)
        .env("GITHUB_OUTPUT", &output_file)
        .output()
        .expect("bash runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    (
        std::fs::read_to_string(dir.join("api-diff.md")).expect("api-diff.md"),
        std::fs::read_to_string(&output_file).expect("GITHUB_OUTPUT"),
    )
}

#[test]
fn the_ci_recipe_writes_the_markdown_comment() {
    let dir = repository("recipe", "operation_removed");
    git(&dir, &["tag", "base"]);
    // A second spec whose overlay (only) changes, and a new one.
    let [old, _] = pair("operation_added");
    std::fs::copy(&old, dir.join("specs/other.yaml")).expect("copy");
    std::fs::write(
        dir.join("specs/other.overlay.yaml"),
        "overlay: 1.0.0\ninfo: {title: t, version: 1.0.0}\nactions:\n  - target: $.info\n    update: {description: Contacts.}\n",
    )
    .expect("write");
    git(&dir, &["add", "."]);
    git(&dir, &["commit", "-q", "-m", "other"]);
    git(&dir, &["tag", "-f", "base"]);
    std::fs::write(
        dir.join("specs/other.overlay.yaml"),
        "overlay: 1.0.0\ninfo: {title: t, version: 1.0.0}\nactions:\n  - target: $.paths['/contacts/{id}'].get\n    update: {deprecated: true}\n",
    )
    .expect("write");
    std::fs::copy(&old, dir.join("specs/brand-new.yaml")).expect("copy");
    git(&dir, &["add", "."]);
    git(&dir, &["commit", "-q", "-m", "change"]);

    let (comment, output) = run_recipe(&dir, "base", "");
    assert_eq!(output, "status=0\n", "{comment}");
    assert!(
        comment.contains("## `specs/brand-new.yaml`\n\nA new document."),
        "{comment}"
    );
    let other = comment.find("## `specs/other.yaml`").expect("the overlay's spec");
    assert!(comment[other..].contains("deprecated"), "{comment}");
    // specs/contacts.yaml changed in the first commit, before `base`.
    assert!(!comment.contains("specs/contacts.yaml"), "{comment}");

    let (comment, output) = run_recipe(&dir, "base~1", "breaking");
    assert_eq!(output, "status=1\n", "{comment}");
    let contacts = comment.find("## `specs/contacts.yaml`").expect("the changed spec");
    assert!(
        comment[contacts..].starts_with("## `specs/contacts.yaml`\n### API change: major version\n"),
        "{comment}"
    );
    assert!(comment.contains("operation removed"), "{comment}");
    let _ = std::fs::remove_dir_all(&dir);
}
