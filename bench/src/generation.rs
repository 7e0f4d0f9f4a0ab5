//! `generation`: time and memory of each generator stage, per document.
//!
//! Each document is measured in a fresh child process (this binary, hidden
//! subcommand `generation-one`), so the process's peak RSS (`VmHWM`) belongs
//! to that document alone. Two children per document: one with allocation
//! counting off does one warm-up run, then `runs` timed runs of
//! load → lower → emit + render; one with counting on does a single run for
//! the memory figures. Each prints one JSON line.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use switchboard_codegen::{load, lower, render};

use crate::alloc;
use crate::specs::{self, Spec};
use crate::table::{Table, best_and_median, count, mib, ms};

/// One measured run.
struct Run {
    /// Wall time per stage of [`WALL_STAGES`].
    stages: [Duration; 4],
    total: Duration,
    /// CPU time per stage of [`CPU_STAGES`]: the process's CPU clock for the
    /// single-threaded stages, the summed per-piece times of every worker
    /// for emit and render.
    stages_cpu: [Duration; 5],
    /// CPU time of the whole process (all threads) during the run.
    total_cpu: Duration,
    /// Peak live heap bytes above the baseline, per stage of [`WALL_STAGES`] and overall.
    stage_peaks: [usize; 4],
    stage_allocations: [u64; 4],
    peak: usize,
    allocations: u64,
    allocated: u64,
    lines: usize,
    bytes: usize,
    operations: usize,
    types: usize,
    warnings: usize,
    threads: usize,
}

/// The stages as wall time sees them. Emitting and formatting run
/// together, piece by piece, on the worker threads; `free` is dropping the
/// IR, which `Generator::generate_file` also pays before it returns.
pub const WALL_STAGES: [&str; 4] = ["load", "lower", "emit + render", "free"];

/// The stages as CPU time sees them: emit and render apart.
pub const CPU_STAGES: [&str; 5] = ["load", "lower", "emit", "render", "free"];

/// One run of every stage; with `write_to`, the code is then written there
/// (not timed), as the CLI writes its output.
fn run_once(spec_path: &Path, display: &str, threads: usize, write_to: Option<&Path>) -> Result<Run, String> {
    let base = alloc::snapshot();
    alloc::reset_peak();
    let mut stages = [Duration::ZERO; 4];
    let mut stages_cpu = [Duration::ZERO; 5];
    let mut stage_peaks = [0usize; 4];
    let mut stage_allocations = [0u64; 4];
    let mut allocations_before = base.allocations;
    let mut mark = |stage: usize, started: Instant| {
        stages[stage] = started.elapsed();
        let now = alloc::snapshot();
        stage_peaks[stage] = now.peak.saturating_sub(base.live);
        stage_allocations[stage] = now.allocations - allocations_before;
        allocations_before = now.allocations;
        alloc::reset_peak();
    };

    let (start, start_cpu) = (Instant::now(), process_cpu_time());
    let (t, cpu) = (Instant::now(), process_cpu_time());
    let document = load::load_file(spec_path, display, load::LoadOptions::default()).map_err(|e| e.to_string())?;
    stages_cpu[0] = process_cpu_time().saturating_sub(cpu);
    mark(0, t);
    let (t, cpu) = (Instant::now(), process_cpu_time());
    let (api, warnings) = lower::lower(&document, None, lower::Options::default()).map_err(|e| e.to_string())?;
    // As `Generator` does: the document goes before the code is built.
    drop(document);
    stages_cpu[1] = process_cpu_time().saturating_sub(cpu);
    mark(1, t);
    let t = Instant::now();
    let rendered = render::render_api(&api, threads).map_err(|e| format!("render failed: {e}"))?;
    stages_cpu[2] = rendered.emit_time;
    stages_cpu[3] = rendered.format_time;
    mark(2, t);
    let (operations, types) = (api.operations.len(), api.types.len());
    let (t, cpu) = (Instant::now(), process_cpu_time());
    drop(api);
    stages_cpu[4] = process_cpu_time().saturating_sub(cpu);
    mark(3, t);
    let total = start.elapsed();
    let total_cpu = process_cpu_time().saturating_sub(start_cpu);

    let after = alloc::snapshot();
    let code = rendered.code;
    if let Some(path) = write_to {
        std::fs::write(path, &code).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(Run {
        stages,
        total,
        stages_cpu,
        total_cpu,
        peak: stage_peaks.iter().copied().max().unwrap_or(0),
        stage_peaks,
        stage_allocations,
        allocations: after.allocations - base.allocations,
        allocated: after.allocated - base.allocated,
        lines: code.lines().count(),
        bytes: code.len(),
        operations,
        types,
        warnings: warnings.len(),
        threads: rendered.threads,
    })
}

/// CPU time of the whole process so far, all threads
/// (`CLOCK_PROCESS_CPUTIME_ID`).
pub fn process_cpu_time() -> Duration {
    let mut now = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `now` is a valid, writable timespec for the call's duration.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut now) };
    if status != 0 {
        return Duration::ZERO;
    }
    Duration::new(now.tv_sec as u64, now.tv_nsec as u32)
}

/// The 1-, 5- and 15-minute load averages, as `/proc/loadavg` has them.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "n/a".into())
}

/// `VmHWM` (peak resident set) of this process, in bytes.
pub fn own_peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status_kib(&status, "VmHWM:").map(|kib| kib * 1024)
}

/// A `kB` field of a `/proc/<pid>/status` file.
pub fn status_kib(status: &str, field: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with(field))?;
    line[field.len()..].trim().trim_end_matches("kB").trim().parse().ok()
}

/// The child: measures one document and prints one JSON line on stdout.
///
/// `time`: one warm-up run, then `RUNS` timed runs, allocation counting off;
/// `memory`: one run, counted. `once OUT`: one cold run, counting off, the
/// code written to `OUT`, as the CLI does (for `side-by-side`, which times
/// the whole process from outside).
pub fn run_child(args: &[String]) -> Result<(), String> {
    let (name, path, display, runs, threads, mode, out) = match args {
        [name, path, display, runs, threads, mode] => (name, path, display, runs, threads, mode, None),
        [name, path, display, runs, threads, mode, out] if mode == "once" => {
            (name, path, display, runs, threads, mode, Some(Path::new(out)))
        }
        _ => return Err("usage: generation-one NAME PATH DISPLAY RUNS THREADS time|memory|once [OUT]".into()),
    };
    let runs = match mode.as_str() {
        "time" | "once" => {
            alloc::stop_counting();
            runs.as_str()
        }
        "memory" => "1",
        other => return Err(format!("bad mode `{other}`")),
    };
    let runs: usize = runs.parse().map_err(|_| format!("bad run count `{runs}`"))?;
    let threads: usize = threads.parse().map_err(|_| format!("bad thread count `{threads}`"))?;
    let path = Path::new(path);
    let spec_bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);

    let mut results = Vec::new();
    if out.is_some() {
        match run_once(path, display, threads, out) {
            Ok(run) => results.push(run),
            Err(error) => {
                println!("{}", json!({ "name": name, "error": error }));
                return Err(error);
            }
        }
    } else {
        let warm_up = Instant::now();
        if let Err(error) = run_once(path, display, threads, None) {
            let line = json!({ "name": name, "error": error });
            println!("{line}");
            return Ok(());
        }
        eprintln!("  {name}: warm-up run {}", ms(warm_up.elapsed()));
        for _ in 0..runs.max(1) {
            results.push(run_once(path, display, threads, None)?);
        }
    }
    let secs = |d: &Duration| d.as_secs_f64();
    let first = &results[0];
    let line = json!({
        "name": name,
        "spec_bytes": spec_bytes,
        "operations": first.operations,
        "types": first.types,
        "warnings": first.warnings,
        "lines": first.lines,
        "bytes": first.bytes,
        "total": results.iter().map(|r| secs(&r.total)).collect::<Vec<_>>(),
        "threads": first.threads,
        "stages": (0..WALL_STAGES.len()).map(|s| results.iter().map(|r| secs(&r.stages[s])).collect::<Vec<_>>()).collect::<Vec<_>>(),
        "total_cpu": results.iter().map(|r| secs(&r.total_cpu)).collect::<Vec<_>>(),
        "stages_cpu": (0..CPU_STAGES.len()).map(|s| results.iter().map(|r| secs(&r.stages_cpu[s])).collect::<Vec<_>>()).collect::<Vec<_>>(),
        "peak": results.iter().map(|r| r.peak).max(),
        "stage_peaks": (0..WALL_STAGES.len()).map(|s| results.iter().map(|r| r.stage_peaks[s]).max()).collect::<Vec<_>>(),
        "allocations": first.allocations,
        "stage_allocations": first.stage_allocations,
        "allocated": first.allocated,
        "rss": own_peak_rss(),
    });
    println!("{line}");
    Ok(())
}

/// What the parent keeps of a child's report.
struct Measured {
    name: String,
    spec_bytes: u64,
    operations: u64,
    types: u64,
    warnings: u64,
    lines: u64,
    threads: u64,
    total: Vec<Duration>,
    stages: Vec<Vec<Duration>>,
    total_cpu: Vec<Duration>,
    stages_cpu: Vec<Vec<Duration>>,
    peak: u64,
    stage_peaks: Vec<u64>,
    stage_allocations: Vec<u64>,
    allocations: u64,
    allocated: u64,
    rss: Option<u64>,
}

fn durations(value: &Value) -> Vec<Duration> {
    value
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(Value::as_f64)
                .map(Duration::from_secs_f64)
                .collect()
        })
        .unwrap_or_default()
}

fn parse(line: &Value) -> Measured {
    let u = |key: &str| line[key].as_u64().unwrap_or(0);
    Measured {
        name: line["name"].as_str().unwrap_or("?").to_string(),
        spec_bytes: u("spec_bytes"),
        operations: u("operations"),
        types: u("types"),
        warnings: u("warnings"),
        lines: u("lines"),
        threads: u("threads"),
        total: durations(&line["total"]),
        stages: line["stages"]
            .as_array()
            .map(|a| a.iter().map(durations).collect())
            .unwrap_or_default(),
        total_cpu: durations(&line["total_cpu"]),
        stages_cpu: line["stages_cpu"]
            .as_array()
            .map(|a| a.iter().map(durations).collect())
            .unwrap_or_default(),
        peak: u("peak"),
        stage_peaks: line["stage_peaks"]
            .as_array()
            .map(|a| a.iter().map(|v| v.as_u64().unwrap_or(0)).collect())
            .unwrap_or_default(),
        stage_allocations: line["stage_allocations"]
            .as_array()
            .map(|a| a.iter().map(|v| v.as_u64().unwrap_or(0)).collect())
            .unwrap_or_default(),
        allocations: u("allocations"),
        allocated: u("allocated"),
        rss: line["rss"].as_u64(),
    }
}

/// The parent: measures every document, then prints the tables.
pub fn run(scales: &[usize], only: &[String], runs: usize, threads: usize) -> Result<(), String> {
    let (specs, skipped) = specs::discover(scales, only).map_err(|e| format!("cannot write synthetic specs: {e}"))?;
    specs::warn_skipped(&skipped);
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    eprintln!(
        "generation: {} document(s), 1 warm-up + {runs} measured run(s) each",
        specs.len()
    );

    let load_before = load_average();
    let mut measured = Vec::new();
    let mut failures = Vec::new();
    for Spec {
        name,
        path,
        display,
        operations,
    } in &specs
    {
        // A selection is measured for what it saves the compiler
        // (`compile-cost`); its generation is the whole document's.
        if !operations.is_empty() {
            continue;
        }
        let child = |mode: &str| -> Result<Value, String> {
            let output = Command::new(&exe)
                .args([
                    "generation-one",
                    name,
                    &path.display().to_string(),
                    display,
                    &runs.to_string(),
                    &threads.to_string(),
                    mode,
                ])
                .stderr(std::process::Stdio::inherit())
                .output()
                .map_err(|e| format!("cannot run {}: {e}", exe.display()))?;
            let stdout = String::from_utf8_lossy(&output.stdout);
            let line = stdout
                .lines()
                .last()
                .and_then(|l| serde_json::from_str::<Value>(l).ok());
            match line {
                Some(line) if line.get("error").is_some() => Err(line["error"].as_str().unwrap_or("").to_string()),
                Some(line) if output.status.success() => Ok(line),
                _ => Err(format!("child exited with {}: {stdout}", output.status)),
            }
        };
        match child("time").and_then(|time| Ok((time, child("memory")?))) {
            Ok((time, memory)) => {
                let mut m = parse(&time);
                let from_memory = parse(&memory);
                m.peak = from_memory.peak;
                m.stage_peaks = from_memory.stage_peaks;
                m.allocations = from_memory.allocations;
                m.stage_allocations = from_memory.stage_allocations;
                m.allocated = from_memory.allocated;
                m.rss = from_memory.rss.max(m.rss);
                measured.push(m);
            }
            Err(error) => failures.push((name.clone(), error)),
        }
    }

    if measured.is_empty() && failures.is_empty() {
        specs::warn_skipped(&skipped);
        return Err("nothing was measured".into());
    }
    println!("## Generation time, read → formatted code ({runs} runs: best and median)\n");
    println!("Allocator: {}.\n", alloc::inner_name());
    println!(
        "Load average (1, 5, 15 min) before: {load_before}; after: {}.\n",
        load_average()
    );
    let mut times = Table::new(&[
        "spec",
        "spec size",
        "threads",
        "ops",
        "types",
        "lines",
        "lines/op",
        "wall best",
        "wall median",
        "CPU best",
        "CPU median",
    ]);
    for m in &measured {
        let (best, median) = best_and_median(&m.total);
        let (cpu_best, cpu_median) = best_and_median(&m.total_cpu);
        times.row(vec![
            m.name.clone(),
            format!("{:.0} KiB", m.spec_bytes as f64 / 1024.0),
            count(m.threads),
            count(m.operations),
            count(m.types),
            count(m.lines),
            format!("{:.0}", m.lines as f64 / m.operations.max(1) as f64),
            ms(best),
            ms(median),
            ms(cpu_best),
            ms(cpu_median),
        ]);
    }
    println!("{}", times.render());

    for (title, cpu) in [("CPU time", true), ("wall time", false)] {
        println!("### Stages, {title} (median; share of the median total)\n");
        let names: &[&str] = if cpu { &CPU_STAGES } else { &WALL_STAGES };
        let headers: Vec<&str> = ["spec"].into_iter().chain(names.iter().copied()).collect();
        let mut stages = Table::new(&headers);
        for m in &measured {
            let (per_stage, total) = if cpu {
                (&m.stages_cpu, &m.total_cpu)
            } else {
                (&m.stages, &m.total)
            };
            let total = best_and_median(total).1.as_secs_f64().max(f64::MIN_POSITIVE);
            let mut row = vec![m.name.clone()];
            row.extend(per_stage.iter().map(|s| {
                let median = best_and_median(s).1;
                format!("{} ({:.0}%)", ms(median), 100.0 * median.as_secs_f64() / total)
            }));
            stages.row(row);
        }
        println!("{}", stages.render());
    }

    println!("## Generation memory (per run; heap = peak live bytes from the counting allocator)\n");
    let mut memory = Table::new(&[
        "spec",
        "heap peak",
        "load",
        "lower",
        "emit + render",
        "max RSS (VmHWM)",
        "allocations",
        "of which load / lower / emit + render / free",
        "allocated",
        "warnings",
    ]);
    for m in &measured {
        let mut row = vec![m.name.clone(), mib(m.peak)];
        // Freeing never raises the peak; its column would repeat the one before.
        row.extend(m.stage_peaks.iter().take(3).map(|&b| mib(b)));
        row.extend([
            m.rss.map(mib).unwrap_or_else(|| "n/a".into()),
            count(m.allocations),
            m.stage_allocations
                .iter()
                .map(|&n| count(n))
                .collect::<Vec<_>>()
                .join(" / "),
            mib(m.allocated),
            count(m.warnings),
        ]);
        memory.row(row);
    }
    println!("{}", memory.render());
    println!(
        "The heap peak of a stage counts everything live during it (the loaded document while lowering, \
         the IR while emitting, …) above what was live before the run. Max RSS is the whole process's \
         (a fresh one per spec); allocations and bytes allocated are per run.\n"
    );

    scaling(&measured);
    targets(&measured);

    for (name, error) in &failures {
        println!("## FAILED: {name}\n");
        println!("```text");
        for line in error.lines().take(30) {
            println!("{line}");
        }
        if error.lines().count() > 30 {
            println!("… ({} lines in all)", error.lines().count());
        }
        println!("```\n");
    }
    specs::warn_skipped(&skipped);
    if failures.is_empty() {
        Ok(())
    } else {
        Err(format!("{} document(s) failed to generate", failures.len()))
    }
}

fn median_total(m: &Measured) -> Duration {
    best_and_median(&m.total).1
}

fn median_cpu(m: &Measured) -> Duration {
    best_and_median(&m.total_cpu).1
}

fn scaling(measured: &[Measured]) {
    let synthetic: Vec<&Measured> = measured.iter().filter(|m| m.name.starts_with("synthetic-")).collect();
    let Some(base) = synthetic.first() else { return };
    println!("## Scaling of the synthetic spec (relative to {})\n", base.name);
    let mut table = Table::new(&[
        "spec",
        "ops ×",
        "lines ×",
        "CPU time ×",
        "wall time ×",
        "heap peak ×",
        "CPU µs / op",
    ]);
    for m in &synthetic {
        let ratio = |a: f64, b: f64| format!("{:.1}", a / b.max(f64::MIN_POSITIVE));
        table.row(vec![
            m.name.clone(),
            ratio(m.operations as f64, base.operations as f64),
            ratio(m.lines as f64, base.lines as f64),
            ratio(median_cpu(m).as_secs_f64(), median_cpu(base).as_secs_f64()),
            ratio(median_total(m).as_secs_f64(), median_total(base).as_secs_f64()),
            ratio(m.peak as f64, base.peak as f64),
            format!("{:.0}", median_cpu(m).as_secs_f64() * 1e6 / m.operations.max(1) as f64),
        ]);
    }
    println!("{}", table.render());
}

/// The end-to-end targets are judged on median wall time, what a build
/// waits for (emit and render use every worker thread); CPU time, the work
/// done on all threads, is shown beside it. Linear growth is judged on CPU
/// time, which thread scheduling does not blur. GitHub's targets are the
/// performance issue's second round, set for what a build script gets:
/// glibc's allocator (`SWITCHBOARD_BENCH_ALLOCATOR=system`); with mimalloc
/// underneath they are shown, not judged.
fn targets(measured: &[Measured]) {
    let find = |name: &str| measured.iter().find(|m| m.name == name);
    let verdict = |ok: bool| if ok { "met" } else { "MISSED" };
    let glibc_verdict = |ok: bool| {
        if alloc::system() {
            verdict(ok)
        } else {
            "judged with glibc's allocator"
        }
    };
    let time = |m: &Measured| {
        format!(
            "{} wall median ({} wall best, {} CPU median, {} thread(s))",
            ms(median_total(m)),
            ms(best_and_median(&m.total).0),
            ms(median_cpu(m)),
            m.threads
        )
    };
    let mut table = Table::new(&["target", "measured", "verdict"]);
    if let Some(github) = find("github") {
        table.row(vec![
            "GitHub end to end ≤ 0.4 s".into(),
            time(github),
            glibc_verdict(median_total(github) <= Duration::from_millis(400)).into(),
        ]);
        let rss = github.rss.unwrap_or(github.peak);
        table.row(vec![
            "GitHub peak memory ≤ 150 MiB".into(),
            format!("{} max RSS ({} heap peak)", mib(rss), mib(github.peak)),
            glibc_verdict(rss <= 150 * 1024 * 1024).into(),
        ]);
    }
    if let Some(chatwoot) = find("chatwoot") {
        table.row(vec![
            "Chatwoot end to end < 100 ms".into(),
            time(chatwoot),
            verdict(median_total(chatwoot) < Duration::from_millis(100)).into(),
        ]);
    }
    if let (Some(one), Some(hundred)) = (find("synthetic-1x"), find("synthetic-100x")) {
        let cpu = median_cpu(hundred).as_secs_f64() / median_cpu(one).as_secs_f64();
        let wall = median_total(hundred).as_secs_f64() / median_total(one).as_secs_f64();
        table.row(vec![
            "synthetic 100× ≤ 110 × the 1× time".into(),
            format!("{cpu:.1}× CPU ({wall:.1}× wall)"),
            verdict(cpu <= 110.0).into(),
        ]);
    }
    if !measured.is_empty() {
        println!("## Targets\n");
        println!("{}", table.render());
    }
}
