//! README.md lists every pair with the verdicts `diff` gives it: the table
//! a reader trusts is the one the tests check.

mod common;

use switchboard_codegen::diff::{Bump, Report};

/// `compatible`, `addition` or `breaking`, as the table writes the Rust verdict.
fn rust_verdict(report: &Report) -> &'static str {
    if report.rust_breaking() {
        "breaking"
    } else if report.bump() == Bump::Minor {
        "addition"
    } else {
        "compatible"
    }
}

#[test]
fn the_readme_table_is_what_diff_reports() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README.md");
    let rows: Vec<Vec<String>> = readme
        .lines()
        .filter(|line| line.starts_with("| `"))
        .map(|line| {
            line.trim_matches('|')
                .split(" | ")
                .map(|cell| cell.trim().trim_matches('`').to_string())
                .collect()
        })
        .collect();
    let mut failures = Vec::new();
    for pair in switchboard_diff_pairs::PAIRS {
        let Some(row) = rows.iter().find(|row| row[0] == *pair) else {
            failures.push(format!("{pair}: no row in README.md"));
            continue;
        };
        let report = common::report(pair);
        let wire = if report.wire_breaking() {
            "breaking"
        } else {
            "compatible"
        };
        let bump = report.bump().as_str();
        let reported = [wire, rust_verdict(&report), bump];
        if row[2..5] != reported {
            failures.push(format!(
                "{pair}: README.md says wire {}, Rust {}, bump {}; diff reports {reported:?}",
                row[2], row[3], row[4]
            ));
        }
    }
    for row in &rows {
        if !switchboard_diff_pairs::PAIRS.contains(&row[0].as_str()) {
            failures.push(format!("README.md lists `{}`, which is not a pair", row[0]));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        switchboard_diff_pairs::PAIRS.len() >= 25,
        "the issue asks for at least 25 pairs"
    );
}
