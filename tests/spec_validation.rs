//! Every spec in `specs/` passes the external validators that
//! `scripts/setup-test-tools` installs: `openapi-spec-validator`,
//! `scripts/check_examples.py` (examples against their schemas, with
//! jsonschema) and `redocly lint` with `redocly.yaml`.
//!
//! Missing tools fail these tests (run `scripts/setup-test-tools`), unless
//! `SWITCHBOARD_SKIP_TOOL_TESTS=1`; see `tests/common/mod.rs`.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn run(command: &mut Command) -> Output {
    command
        .current_dir(common::repo())
        .output()
        .unwrap_or_else(|error| panic!("could not run {command:?}: {error}"))
}

fn describe(output: &Output) -> String {
    format!(
        "exit status: {}\n--- stdout ---\n{}\n--- stderr ---\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// `specs/<file>`, as the tools are given it (relative to the repository).
fn relative(spec: &Path) -> String {
    format!("specs/{}", spec.file_name().expect("a file name").to_string_lossy())
}

#[test]
fn openapi_spec_validator_accepts_every_spec() {
    let Some(validator) = common::require(
        common::python_tool("openapi-spec-validator"),
        "openapi_spec_validator_accepts_every_spec",
    ) else {
        return;
    };
    let mut failures = Vec::new();
    for spec in common::specs() {
        let spec = relative(&spec);
        let output = run(Command::new(&validator).arg(&spec));
        let stdout = String::from_utf8_lossy(&output.stdout);
        if !output.status.success() || !stdout.contains(&format!("{spec}: OK")) {
            failures.push(format!("{spec}:\n{}", describe(&output)));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_example_matches_its_schema() {
    let Some(python) = common::require(common::python_tool("python"), "every_example_matches_its_schema") else {
        return;
    };
    let mut failures = Vec::new();
    for spec in common::specs() {
        let spec = relative(&spec);
        let output = run(Command::new(&python).arg("scripts/check_examples.py").arg(&spec));
        let stdout = String::from_utf8_lossy(&output.stdout);
        let summary = stdout.lines().last().unwrap_or_default();
        if !output.status.success() || !summary.ends_with(" passed, 0 failed") {
            failures.push(format!("{spec}:\n{}", describe(&output)));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn redocly_lint_reports_no_errors() {
    let Some(redocly) = common::require(common::node_tool("redocly"), "redocly_lint_reports_no_errors") else {
        return;
    };
    // Each spec is linted as its API in redocly.yaml, so that the per-API
    // rule settings there apply; a spec missing from redocly.yaml fails.
    let config: Value =
        serde_yaml::from_str(&std::fs::read_to_string(common::repo().join("redocly.yaml")).expect("redocly.yaml"))
            .expect("redocly.yaml is YAML");
    let apis = config["apis"].as_object().expect("redocly.yaml lists apis");

    let mut failures = Vec::new();
    for spec in common::specs() {
        let spec = relative(&spec);
        let Some((api, _)) = apis.iter().find(|(_, api)| api["root"].as_str() == Some(spec.as_str())) else {
            failures.push(format!("{spec}: no API in redocly.yaml has it as root"));
            continue;
        };
        let output = run(common::node_env(&mut Command::new(&redocly)).args([
            "lint",
            api,
            "--config",
            "redocly.yaml",
            "--format",
            "json",
        ]));
        let report: Result<Value, _> = serde_json::from_slice(&output.stdout);
        match report {
            Ok(report) => {
                let errors = report["totals"]["errors"].as_u64();
                let warnings = report["totals"]["warnings"].as_u64().unwrap_or(0);
                if warnings > 0 {
                    eprintln!("{spec}: {warnings} redocly warning(s): {:#}", report["problems"]);
                }
                if errors != Some(0) || !output.status.success() {
                    failures.push(format!(
                        "{spec} ({api}): {} error(s): {:#}\n{}",
                        errors.map_or_else(|| "?".to_owned(), |errors| errors.to_string()),
                        report["problems"],
                        describe(&output)
                    ));
                }
            }
            Err(error) => failures.push(format!(
                "{spec} ({api}): no JSON report ({error}):\n{}",
                describe(&output)
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
