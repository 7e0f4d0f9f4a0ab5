//! `compile-cost`: how long `cargo check` takes on the generated code (or,
//! with `--release`, `cargo build --release`: what a user's release build
//! pays).
//!
//! Each document becomes a standalone client crate (`switchboard-codegen
//! crate`'s layout) in `target/bench-crates/<name>`, depending on this
//! repository's `runtime/` by path. All of them share one target directory,
//! `target/bench-check`, so dependencies are built once. Per crate: one
//! `cargo check` to build (or freshen) the dependencies, not timed; then, per
//! measured run, `src/lib.rs` is touched and `cargo check` timed, which
//! re-checks only the generated crate. Incremental compilation is off
//! (`CARGO_INCREMENTAL=0`), so every timed run checks the whole crate. rustc's peak memory comes from
//! `/usr/bin/time -v` (the largest waited-for descendant of cargo, i.e.
//! rustc) or, without GNU time, from polling `/proc` (`process::measure`).
//!
//! Clients are laid out as `switchboard-codegen crate` lays them out: split
//! into crates above 50,000 lines (`Generator::split_into_crates_when_large`;
//! `NAME-split` in the tables), one crate below; `--split N` splits every
//! client, `--one-crate` none. A split client's every timed run touches all of their
//! `src/lib.rs`, cargo checks the type crates side by side, and the GitHub
//! targets are judged on wall time (CPU time then sums rustc processes that
//! ran at the same time) and on the largest rustc.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

use switchboard_codegen::Generator;
use switchboard_codegen::{CrateSpec, RuntimeDependency, write_crate};

use crate::generation::load_average;
use crate::process;
use crate::specs::{self, Spec, workspace_root};
use crate::table::{Table, best_and_median, count, mib, secs};

struct Checked {
    name: String,
    /// Whether it was split into crates.
    split: bool,
    /// The document (`github`), `name` being what the table shows.
    spec: String,
    operations: usize,
    lines: usize,
    bytes: usize,
    warm: Timed,
    times: Vec<Duration>,
    /// User + system time of cargo and rustc (GNU time only).
    cpu_times: Vec<Duration>,
    rustc_peak: Option<u64>,
}

/// What cargo is asked to do with each crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Build {
    /// `cargo check`: what an edit-compile loop pays.
    Check,
    /// `cargo build --release`: code generation and optimisation too.
    Release,
}

impl Build {
    fn command(self) -> &'static str {
        match self {
            Build::Check => "cargo check",
            Build::Release => "cargo build --release",
        }
    }

    /// The word cargo prints when it compiles the crate again.
    fn verb(self) -> &'static str {
        match self {
            Build::Check => "Checking",
            Build::Release => "Compiling",
        }
    }
}

/// One timed build.
struct Timed {
    elapsed: Duration,
    cpu: Option<Duration>,
    peak: Option<u64>,
    success: bool,
    stderr: String,
}

/// `build` of the crate at `manifest`, measured; cargo's output goes to
/// `check.log` (or `release.log`) beside the manifest.
fn cargo_build(manifest: &Path, target_dir: &Path, build: Build) -> std::io::Result<Timed> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(&cargo);
    match build {
        Build::Check => command.arg("check"),
        Build::Release => command.arg("build").arg("--release"),
    };
    command
        .arg("--manifest-path")
        .arg(manifest)
        .env("CARGO_TARGET_DIR", target_dir)
        // A full check of the crate every time: with incremental
        // compilation an unchanged lib.rs would be mostly reused, which
        // says nothing about checking newly generated code.
        .env("CARGO_INCREMENTAL", "0")
        .env("CARGO_TERM_COLOR", "never");
    let log = manifest.with_file_name(match build {
        Build::Check => "check.log",
        Build::Release => "release.log",
    });
    let measured = process::measure(&command, &log, None)?;
    let stderr = std::fs::read_to_string(&log)?;
    Ok(Timed {
        elapsed: measured.elapsed,
        cpu: measured.cpu,
        peak: measured.peak,
        success: measured.success(),
        stderr,
    })
}

/// The first error of a failed build, at most `limit` lines.
fn first_errors(stderr: &str, limit: usize) -> String {
    let lines: Vec<&str> = stderr.lines().collect();
    let start = lines.iter().position(|l| l.starts_with("error")).unwrap_or(0);
    let mut out: Vec<&str> = lines[start..].iter().take(limit).copied().collect();
    if lines.len() - start > limit {
        out.push("…");
    }
    out.join("\n")
}

fn touch(path: &Path) -> std::io::Result<()> {
    std::fs::File::options()
        .write(true)
        .open(path)?
        .set_modified(SystemTime::now())
}

/// The package name of a document's bench crate.
fn crate_name(name: &str) -> String {
    format!("bench-{name}")
}

/// Writes the bench crate of `spec`; returns its manifest and the
/// `src/lib.rs` of the client crate and of each type crate.
fn write_bench_crate(
    spec: &Spec,
    generated: &switchboard_codegen::Generated,
    runtime: &Path,
) -> Result<(PathBuf, Vec<PathBuf>), String> {
    let root = workspace_root();
    let dir = root.join("target/bench-crates").join(&spec.name);
    let crate_name = crate_name(&spec.name);
    let crate_spec = CrateSpec {
        name: &crate_name,
        source: &spec.display,
        title: &generated.title,
        code: &generated.code,
        runtime: RuntimeDependency::Path(runtime.to_path_buf()),
        parts: &generated.parts,
        split: None,
    };
    let written = write_crate(&crate_spec, &dir).map_err(|e| format!("cannot write {}: {e}", dir.display()))?;
    let libs = written
        .into_iter()
        .filter(|path| path.ends_with("src/lib.rs"))
        .collect();
    // The crate lives under this workspace's directory without being a
    // member: make it its own workspace root.
    let manifest = dir.join("Cargo.toml");
    let mut text = std::fs::read_to_string(&manifest).map_err(|e| e.to_string())?;
    text.push_str("\n# Not a member of the Switchboard workspace above it.\n[workspace]\n");
    std::fs::write(&manifest, text).map_err(|e| e.to_string())?;
    // Same dependency versions as the workspace (cargo prunes the rest),
    // so every bench crate shares the dependency builds.
    let lock = root.join("Cargo.lock");
    if lock.is_file() {
        std::fs::copy(&lock, dir.join("Cargo.lock")).map_err(|e| e.to_string())?;
    }
    Ok((manifest, libs))
}

/// Generates, writes and checks every document, then prints the tables.
/// How each client is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// As `switchboard-codegen crate` does: split above 50,000 lines.
    BySize,
    /// Every client split into crates, N groups of operations.
    Split(usize),
    /// Every client in one crate.
    OneCrate,
}

pub fn run(scales: &[usize], only: &[String], runs: usize, build: Build, layout: Layout) -> Result<(), String> {
    let what = build.command();
    let (specs, skipped) = specs::discover(scales, only).map_err(|e| format!("cannot write synthetic specs: {e}"))?;
    specs::warn_skipped(&skipped);
    let root = workspace_root();
    let runtime = root
        .join("runtime")
        .canonicalize()
        .map_err(|e| format!("runtime/: {e}"))?;
    let target_dir = root.join("target/bench-check");
    let memory_tool = process::memory_tool();
    eprintln!(
        "compile-cost: {} crate(s) in target/bench-crates, CARGO_TARGET_DIR={}, {runs} timed run(s) each, rustc memory by {memory_tool}",
        specs.len(),
        target_dir.display()
    );

    let load_before = load_average();
    let mut checked = Vec::new();
    let mut failures: Vec<(String, String)> = Vec::new();
    for spec in &specs {
        let generator = Generator::new()
            .source_name(&spec.display)
            .select_operations(spec.operations.iter().cloned());
        let generated = match layout {
            Layout::Split(groups) => generator.split_into_crates(crate_name(&spec.name), groups),
            Layout::BySize => generator.split_into_crates_when_large(crate_name(&spec.name)),
            Layout::OneCrate => generator,
        }
        .generate_file(&spec.path);
        let generated = match generated {
            Ok(generated) => generated,
            Err(error) => {
                failures.push((spec.name.clone(), format!("generation failed:\n{error}")));
                continue;
            }
        };
        let split = !generated.parts.is_empty();
        let name = if split {
            format!("{}-split", spec.name)
        } else {
            spec.name.clone()
        };
        let operations = count_operations(&generated.code);
        let (manifest, libs) = write_bench_crate(spec, &generated, &runtime)?;
        let mut lib_text = String::new();
        for lib in &libs {
            lib_text.push_str(&std::fs::read_to_string(lib).map_err(|e| format!("{}: {e}", lib.display()))?);
        }

        eprintln!("  {name}: {what} (dependencies, not timed)");
        let warm = cargo_build(&manifest, &target_dir, build).map_err(|e| format!("cannot run cargo: {e}"))?;
        if !warm.success {
            failures.push((name, format!("{what} failed:\n{}", first_errors(&warm.stderr, 30))));
            continue;
        }
        let mut times = Vec::new();
        let mut cpu_times = Vec::new();
        let mut rustc_peak: Option<u64> = None;
        for run in 1..=runs.max(1) {
            for lib in &libs {
                touch(lib).map_err(|e| format!("cannot touch {}: {e}", lib.display()))?;
            }
            let timed = cargo_build(&manifest, &target_dir, build).map_err(|e| format!("cannot run cargo: {e}"))?;
            if !timed.success {
                failures.push((name.clone(), first_errors(&timed.stderr, 30)));
                break;
            }
            if !timed.stderr.contains(&format!("{} bench-", build.verb())) {
                eprintln!("  warning: {name} run {run} did not rebuild the crate");
            }
            eprintln!("  {name}: run {run}: {}", secs(timed.elapsed));
            times.push(timed.elapsed);
            cpu_times.extend(timed.cpu);
            if let Some(peak) = timed.peak {
                rustc_peak = Some(rustc_peak.map_or(peak, |p| p.max(peak)));
            }
        }
        if times.is_empty() {
            continue;
        }
        checked.push(Checked {
            name,
            split,
            spec: spec.name.clone(),
            operations,
            lines: lib_text.lines().count(),
            bytes: lib_text.len(),
            warm,
            times,
            cpu_times,
            rustc_peak,
        });
    }

    if checked.is_empty() && failures.is_empty() {
        specs::warn_skipped(&skipped);
        return Err("nothing was measured".into());
    }
    println!("## Compile cost: `{what}` of the generated crate (wall best and median of {runs} runs)\n");
    println!(
        "Load average (1, 5, 15 min) before: {load_before}; after: {}.\n",
        load_average()
    );
    let mut table = Table::new(&[
        "crate",
        "methods",
        "lib.rs lines",
        "lib.rs size",
        "best",
        "median",
        "CPU median",
        "ms / 1k lines",
        "rustc peak RSS",
        "first build",
    ]);
    for c in &checked {
        let (best, median) = best_and_median(&c.times);
        table.row(vec![
            c.name.clone(),
            count(c.operations as u64),
            count(c.lines as u64),
            format!("{:.0} KiB", c.bytes as f64 / 1024.0),
            secs(best),
            secs(median),
            if c.cpu_times.is_empty() {
                "n/a".into()
            } else {
                secs(best_and_median(&c.cpu_times).1)
            },
            format!("{:.1}", median.as_secs_f64() * 1e6 / c.lines.max(1) as f64),
            c.rustc_peak.map(mib).unwrap_or_else(|| "n/a".into()),
            format!(
                "{}{}",
                secs(c.warm.elapsed),
                c.warm
                    .cpu
                    .map(|cpu| format!(" ({} CPU)", secs(cpu)))
                    .unwrap_or_default()
            ),
        ]);
    }
    println!("{}", table.render());
    println!(
        "`first build` is the untimed run that builds or freshens the dependencies (and builds the crate once); \
         the timed runs rebuild only the generated crate after touching src/lib.rs. `CPU median` is the user + \
         system time of cargo and rustc (GNU time), which a busy machine inflates much less than wall time.\n"
    );

    let synthetic: Vec<&Checked> = checked.iter().filter(|c| c.name.starts_with("synthetic-")).collect();
    if let Some(base) = synthetic.first() {
        println!("## Growth of `{what}` with spec size (relative to {})\n", base.name);
        let mut growth = Table::new(&["crate", "lines ×", "wall time ×", "CPU time ×", "rustc peak ×"]);
        let median = |d: &[Duration]| best_and_median(d).1.as_secs_f64();
        for c in &checked {
            growth.row(vec![
                c.name.clone(),
                format!("{:.1}", c.lines as f64 / base.lines as f64),
                format!("{:.1}", median(&c.times) / median(&base.times)),
                if c.cpu_times.is_empty() || base.cpu_times.is_empty() {
                    "n/a".into()
                } else {
                    format!("{:.1}", median(&c.cpu_times) / median(&base.cpu_times))
                },
                match (c.rustc_peak, base.rustc_peak) {
                    (Some(p), Some(b)) => format!("{:.1}", p as f64 / b as f64),
                    _ => "n/a".into(),
                },
            ]);
        }
        println!("{}", growth.render());
    }

    // The targets are about `cargo check`; a release build is recorded, not judged.
    if let Some(github) = checked.iter().find(|c| c.spec == "github")
        && build == Build::Check
    {
        let median = best_and_median(&github.times).1;
        // Split, rustc runs on several crates at once: the CPU time sums
        // them, and the wall time is what the user waits.
        let cpu = (!github.cpu_times.is_empty() && !github.split).then(|| best_and_median(&github.cpu_times).1);
        let verdict = |ok: bool| if ok { "met" } else { "MISSED" };
        let measured = match cpu {
            Some(cpu) => format!("{} CPU median ({} wall median)", secs(cpu), secs(median)),
            None => format!("{} wall median", secs(median)),
        };
        let mut targets = Table::new(&["target", "measured", "verdict"]);
        for (target, limit) in [
            ("`cargo check` of the GitHub client < 60 s (round one)", 60),
            ("`cargo check` of the GitHub client ≤ 15 s (round two)", 15),
        ] {
            targets.row(vec![
                target.into(),
                measured.clone(),
                verdict(cpu.unwrap_or(median) <= Duration::from_secs(limit)).into(),
            ]);
        }
        if let Some(peak) = github.rustc_peak {
            for (target, limit) in [
                ("rustc peak memory < 2 GiB (round one)", 2048),
                ("rustc peak memory ≤ 1.2 GiB (round two)", 1229),
            ] {
                targets.row(vec![
                    target.into(),
                    mib(peak),
                    verdict(peak <= limit * 1024 * 1024).into(),
                ]);
            }
        }
        println!("## Targets ({})\n", github.name);
        println!("{}", targets.render());
    }

    for (name, error) in &failures {
        println!("## FAILED: {name}\n");
        println!("```text\n{error}\n```\n");
    }
    specs::warn_skipped(&skipped);
    if failures.is_empty() {
        Ok(())
    } else {
        Err(format!("{} crate(s) failed", failures.len()))
    }
}

/// Client methods in the generated code (one per operation and encoding).
/// The client's operation methods: each returns a `Call` (or, for an
/// event stream, `Events`).
fn count_operations(code: &str) -> usize {
    code.matches("-> ::switchboard_runtime::Call<").count() + code.matches("-> ::switchboard_runtime::Events<").count()
}
