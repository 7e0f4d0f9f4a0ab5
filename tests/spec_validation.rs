//! Every spec in `specs/` passes the external validators that
//! `scripts/setup-test-tools` installs: `openapi-spec-validator`,
//! `scripts/check_examples.py` (examples against their schemas, with
//! jsonschema) and `redocly lint` with `redocly.yaml`.
//!
//! The validators read each spec's effective document: the spec after its
//! conventional overlay (`specs/NAME.overlay.yaml`), which is what the
//! clients are generated from (see `tests/common/mod.rs`). A spec without
//! an overlay is its own effective document. A published document that an
//! overlay corrects must still be a valid OpenAPI document by itself, so
//! `openapi-spec-validator` checks it as well.
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

/// How the tools are given a document: relative to the repository when it
/// is in it (`specs/NAME.yaml`), else its absolute path.
fn argument(document: &Path) -> String {
    document
        .strip_prefix(common::repo())
        .unwrap_or(document)
        .display()
        .to_string()
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
    let mut checked = Vec::new();
    for spec in common::effective_specs() {
        // The effective document, and the published one alone when an
        // overlay corrects it.
        let mut documents = vec![(spec.effective.as_path(), spec.describe())];
        if spec.overlay.is_some() {
            documents.push((spec.published.as_path(), spec.relative()));
        }
        for (document, name) in documents {
            let argument = argument(document);
            let output = run(Command::new(&validator).arg(&argument));
            let stdout = String::from_utf8_lossy(&output.stdout);
            if !output.status.success() || !stdout.contains(&format!("{argument}: OK")) {
                failures.push(format!("{name}:\n{}", describe(&output)));
            }
            checked.push(name);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    eprintln!("openapi-spec-validator accepts: {}", checked.join("; "));
}

#[test]
fn every_example_matches_its_schema() {
    let Some(python) = common::require(common::python_tool("python"), "every_example_matches_its_schema") else {
        return;
    };
    let mut failures = Vec::new();
    for spec in common::effective_specs() {
        let output = run(Command::new(&python)
            .arg("scripts/check_examples.py")
            .arg(argument(&spec.effective)));
        let stdout = String::from_utf8_lossy(&output.stdout);
        let summary = stdout.lines().last().unwrap_or_default();
        if !output.status.success() || !summary.ends_with(" passed, 0 failed") {
            failures.push(format!("{}:\n{}", spec.describe(), describe(&output)));
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
    // For a spec with an overlay, the effective document is linted under
    // that API's rules: redocly applies an API's rules only to its `root`,
    // so it is given a copy of redocly.yaml whose only change is that root
    // (absolute, so the copy can live beside the effective document).
    let config_text = std::fs::read_to_string(common::repo().join("redocly.yaml")).expect("redocly.yaml");
    let config: Value = serde_yaml::from_str(&config_text).expect("redocly.yaml is YAML");
    let apis = config["apis"].as_object().expect("redocly.yaml lists apis");

    let mut failures = Vec::new();
    for spec in common::effective_specs() {
        let relative = spec.relative();
        let Some((api, _)) = apis
            .iter()
            .find(|(_, api)| api["root"].as_str() == Some(relative.as_str()))
        else {
            failures.push(format!("{relative}: no API in redocly.yaml has it as root"));
            continue;
        };
        let config_file = if spec.overlay.is_some() {
            let mut effective_config = config.clone();
            effective_config["apis"][api]["root"] = Value::String(spec.effective.display().to_string());
            let file = spec.effective.with_file_name(format!("redocly.{api}.yaml"));
            std::fs::write(
                &file,
                serde_yaml::to_string(&effective_config).expect("the configuration serialises"),
            )
            .unwrap_or_else(|error| panic!("{}: {error}", file.display()));
            file.display().to_string()
        } else {
            "redocly.yaml".to_owned()
        };
        let output = run(common::node_env(&mut Command::new(&redocly)).args([
            "lint",
            api,
            "--config",
            &config_file,
            "--format",
            "json",
        ]));
        let name = format!("{} ({api}, {config_file})", spec.describe());
        let report: Result<Value, _> = serde_json::from_slice(&output.stdout);
        match report {
            Ok(report) => {
                let errors = report["totals"]["errors"].as_u64();
                let warnings = report["totals"]["warnings"].as_u64().unwrap_or(0);
                if warnings > 0 {
                    eprintln!("{name}: {warnings} redocly warning(s): {:#}", report["problems"]);
                }
                if errors != Some(0) || !output.status.success() {
                    failures.push(format!(
                        "{name}: {} error(s): {:#}\n{}",
                        errors.map_or_else(|| "?".to_owned(), |errors| errors.to_string()),
                        report["problems"],
                        describe(&output)
                    ));
                }
            }
            Err(error) => failures.push(format!("{name}: no JSON report ({error}):\n{}", describe(&output))),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
