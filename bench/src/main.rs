//! Benchmarks of switchboard-codegen. See BENCHMARKS.md for results.
//!
//! ```sh
//! scripts/fetch-bench-specs                                    # GitHub's spec, GNU time
//! cargo run --release -p switchboard-bench -- generation       # time and memory per stage
//! cargo run --release -p switchboard-bench -- compile-cost     # `cargo check` of the output
//! cargo run --release -p switchboard-bench -- compile-cost --release --only github   # its release build
//! cargo run --release -p switchboard-bench -- compile-cost --one-crate --only github  # GitHub's in one crate
//! scripts/fetch-peer-generators                                # openapi-to-rust, openapi-generator
//! cargo run --release -p switchboard-bench -- side-by-side     # against them, and the charts
//! ```
//!
//! Options: `--runs N` (measured runs per document), `--threads N` (worker
//! threads that emit and render; default: the machine's parallelism, at
//! most 8), `--scales 1,10,100`
//! (synthetic sizes), `--only NAME[,NAME…]` (`synthetic-10x`, `chatwoot`,
//! `github`, `github-5`: five of its operations, selected). Chatwoot's spec is read from `../shared/upstream/chatwoot/`
//! (`SWITCHBOARD_CHATWOOT_DIR`), GitHub's from `bench/node_modules/`
//! (`SWITCHBOARD_GITHUB_SPEC`), installed by `scripts/fetch-bench-specs`, which
//! the benchmark runs itself when the file is missing. A document that cannot
//! be found is skipped with a loud notice.

mod alloc;
mod charts;
mod compile_cost;
mod generation;
mod process;
mod side_by_side;
mod specs;
mod synthetic;
mod table;

use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: alloc::Counting = alloc::Counting;

const USAGE: &str =
    "usage: switchboard-bench <generation|compile-cost|side-by-side|charts|synthetic> [--runs N] [--threads N]
       [--scales 1,10,100] [--only NAME,…] [--warm-up N] [--timeout SECS] [--charts DIR|none] [--release] [--split N|--one-crate]

  generation     time per stage (load, lower, emit, render), peak heap and RSS,
                 generated lines, for synthetic specs, Chatwoot and GitHub
  compile-cost   `cargo check` time and rustc peak memory of the generated crates
                 (--release: `cargo build --release` instead, what a user's release build pays;
                 clients laid out as `switchboard-codegen crate` does, split into crates above
                 50,000 lines; --split N: every client split, --one-crate: none)
  side-by-side   Switchboard, openapi-to-rust and openapi-generator (rust) on the
                 same documents, in turns: wall time, peak RSS, output size;
                 charts into docs/bench/ (--charts DIR, or none)
  charts [FILE]  draw the charts again from a side-by-side run's figures
                 (default target/side-by-side/results.json)
  synthetic N    print the synthetic spec with N copies of the resource set";

struct Options {
    runs: Option<usize>,
    threads: usize,
    scales: Vec<usize>,
    only: Vec<String>,
    warm_up: usize,
    timeout: u64,
    charts: Option<std::path::PathBuf>,
    /// Arguments that are not options (`charts FILE`).
    positional: Vec<String>,
    /// compile-cost: `cargo build --release` rather than `cargo check`.
    release: bool,
    /// compile-cost: how each client is laid out.
    layout: compile_cost::Layout,
}

fn parse_options(args: &[String]) -> Result<Options, String> {
    let mut options = Options {
        runs: None,
        threads: switchboard_codegen::render::default_threads(),
        scales: vec![1, 10, 100],
        only: Vec::new(),
        warm_up: 1,
        timeout: 1800,
        charts: Some(specs::workspace_root().join("docs/bench")),
        positional: Vec::new(),
        release: false,
        layout: compile_cost::Layout::BySize,
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--runs" => {
                let v = value()?;
                options.runs = Some(v.parse().map_err(|_| format!("bad --runs `{v}`"))?);
            }
            "--threads" => {
                let v = value()?;
                options.threads = v.parse().map_err(|_| format!("bad --threads `{v}`"))?;
            }
            "--scales" => {
                options.scales = value()?
                    .split(',')
                    .map(|s| s.trim().parse().map_err(|_| format!("bad scale `{s}`")))
                    .collect::<Result<_, _>>()?;
            }
            "--only" => options.only = value()?.split(',').map(|s| s.trim().to_string()).collect(),
            "--warm-up" => {
                let v = value()?;
                options.warm_up = v.parse().map_err(|_| format!("bad --warm-up `{v}`"))?;
            }
            "--timeout" => {
                let v = value()?;
                options.timeout = v.parse().map_err(|_| format!("bad --timeout `{v}`"))?;
            }
            "--charts" => {
                let v = value()?;
                options.charts = (v != "none").then(|| std::path::PathBuf::from(v));
            }
            "--release" => options.release = true,
            "--split" => {
                let v = value()?;
                let groups: usize = v.parse().map_err(|_| format!("bad --split `{v}`"))?;
                options.layout = compile_cost::Layout::Split(groups.max(1));
            }
            "--one-crate" => options.layout = compile_cost::Layout::OneCrate,
            positional if !positional.starts_with("--") => options.positional.push(positional.to_string()),
            other => return Err(format!("unknown argument `{other}`\n\n{USAGE}")),
        }
    }
    Ok(options)
}

fn no_positional(options: Options) -> Result<Options, String> {
    match options.positional.first() {
        Some(arg) => Err(format!("unknown argument `{arg}`\n\n{USAGE}")),
        None => Ok(options),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("generation") => parse_options(&args[1..])
            .and_then(no_positional)
            .and_then(|o| generation::run(&o.scales, &o.only, o.runs.unwrap_or(5), o.threads)),
        Some("compile-cost") => parse_options(&args[1..]).and_then(no_positional).and_then(|o| {
            let build = if o.release {
                compile_cost::Build::Release
            } else {
                compile_cost::Build::Check
            };
            compile_cost::run(&o.scales, &o.only, o.runs.unwrap_or(3), build, o.layout)
        }),
        Some("side-by-side") => parse_options(&args[1..]).and_then(no_positional).and_then(|o| {
            let side = side_by_side::SideOptions {
                runs: o.runs.unwrap_or(3),
                warm_up: o.warm_up,
                threads: o.threads,
                timeout: std::time::Duration::from_secs(o.timeout),
                charts: o.charts.clone(),
            };
            side_by_side::run(&o.scales, &o.only, &side)
        }),
        Some("charts") => parse_options(&args[1..]).and_then(|o| {
            let dir = o.charts.clone().ok_or("--charts none: nothing to draw")?;
            side_by_side::redraw(o.positional.first().map(String::as_str), &dir)
        }),
        Some("generation-one") => generation::run_child(&args[1..]),
        Some("synthetic") => match args.get(1).and_then(|n| n.parse().ok()) {
            Some(copies) => {
                eprintln!("{copies} copies × {} operations", synthetic::OPERATIONS_PER_COPY);
                print!("{}", synthetic::spec_text(copies));
                Ok(())
            }
            None => Err(USAGE.to_string()),
        },
        _ => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("switchboard-bench: {message}");
            ExitCode::FAILURE
        }
    }
}
