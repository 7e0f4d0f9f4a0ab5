//! `switchboard-codegen`: the command-line face of the generator.
//!
//! Every flag mirrors an option of [`switchboard_codegen::Generator`].

use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod cli;

use clap::{Parser, Subcommand};
use switchboard_codegen::{CrateSpec, GenerateError, Generator, RuntimeDependency, SpecModule, write_crate};

// Generation makes millions of small, short-lived allocations on several
// threads; mimalloc does them in about half the time of glibc's allocator
// (BENCHMARKS.md). Build scripts use the library and keep their own allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "switchboard-codegen",
    version,
    about = "Generate typed async Rust clients from OpenAPI 3.0/3.1 documents"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate the client module for one OpenAPI document.
    Generate {
        /// The OpenAPI document (YAML or JSON, detected by content).
        spec: PathBuf,
        /// Write the module here instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
        #[command(flatten)]
        overlays: Overlays,
        #[command(flatten)]
        options: Options,
    },
    /// Write the document after its overlays (what generation reads), in the
    /// document's own syntax.
    Apply {
        /// The OpenAPI document.
        spec: PathBuf,
        /// Write the document here instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
        #[command(flatten)]
        overlays: Overlays,
        #[command(flatten)]
        options: Options,
    },
    /// Compare two documents as APIs: every change with what it breaks for a
    /// deployed client (wire) and for code compiled against the old
    /// generated module (Rust), and the semver bump it needs. Exit status:
    /// 0, 1 when --fail-on is met, 2 on an error.
    Diff {
        /// The old document (with --base: the document, compared with itself at that revision).
        old: PathBuf,
        /// The new document.
        #[arg(required_unless_present = "base")]
        new: Option<PathBuf>,
        /// Compare OLD with its version at this git revision (e.g. `main`, `HEAD~1`).
        #[arg(long, conflicts_with = "new")]
        base: Option<String>,
        /// The report's format.
        #[arg(long, value_enum, default_value = "text")]
        format: cli::diff::DiffFormat,
        /// Exit with status 1 when a change of this kind is found.
        #[arg(long, value_enum)]
        fail_on: Option<cli::diff::FailOn>,
        #[command(flatten)]
        overlays: Overlays,
        #[command(flatten)]
        options: Options,
    },
    /// Rewrite every module in the generated directory from the specs directory
    /// (one module per spec, named after the file; `NAME.overlay.yaml` beside
    /// `NAME.yaml` is applied to it).
    Regenerate {
        /// Directory of OpenAPI documents (`*.yaml`, `*.yml`, `*.json`).
        #[arg(long, default_value = "specs")]
        specs: PathBuf,
        /// Directory the modules are written to.
        #[arg(long, default_value = "generated")]
        out: PathBuf,
        /// Write nothing; exit non-zero with a diff when a module is stale.
        #[arg(long)]
        check: bool,
        #[command(flatten)]
        options: Options,
    },
    /// Write a complete client crate (Cargo.toml, src/lib.rs, README.md) for vendoring.
    Crate {
        /// The OpenAPI document.
        spec: PathBuf,
        /// The crate name.
        #[arg(long)]
        name: String,
        /// The directory to write the crate into.
        #[arg(short, long)]
        output: PathBuf,
        /// Depend on switchboard-runtime by this local path.
        #[arg(long, conflicts_with = "runtime_version")]
        runtime_path: Option<PathBuf>,
        /// Depend on this switchboard-runtime version (default: this generator's version).
        #[arg(long)]
        runtime_version: Option<String>,
        /// Put the types in crates of their own that cargo checks side by side:
        /// those shared by the operations, and those only one of N groups of
        /// operations uses (`Generator::split_into_crates`). A client of more
        /// than 50,000 lines is split this way with N = 2 unless --one-crate.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
        split: Option<u16>,
        /// Write one crate, however large the client.
        #[arg(long, conflicts_with = "split")]
        one_crate: bool,
        #[command(flatten)]
        overlays: Overlays,
        #[command(flatten)]
        options: Options,
    },
}

/// Overlays for one document (`Generator::overlay`).
#[derive(clap::Args)]
struct Overlays {
    /// Apply this OpenAPI Overlay (1.0, 1.1 or 1.2) to the document first;
    /// repeat to apply several, in order.
    #[arg(long = "overlay", value_name = "FILE")]
    files: Vec<PathBuf>,
}

/// Options shared by the subcommands; each is a `Generator` builder method.
#[derive(clap::Args)]
struct Options {
    /// Treat warnings (degraded constructs) as errors (`Generator::warnings_as_errors`).
    #[arg(long)]
    deny_warnings: bool,
    /// Do not print warnings.
    #[arg(long, short)]
    quiet: bool,
    /// The file name shown in the generated header and in diagnostics
    /// (`Generator::source_name`; default: the path as given).
    #[arg(long)]
    source_name: Option<String>,
    /// Overlay actions that select nothing are warnings, not errors
    /// (`Generator::allow_unmatched`).
    #[arg(long)]
    allow_unmatched: bool,
    /// Generate only the operations with this tag, and the types they
    /// reach; repeatable, and adds to --operation and --path
    /// (`Generator::select_tags`).
    #[arg(long = "tag", value_name = "TAG")]
    tags: Vec<String>,
    /// Generate only the operation with this operationId; repeatable
    /// (`Generator::select_operations`).
    #[arg(long = "operation", value_name = "ID")]
    operations: Vec<String>,
    /// Generate only the operations whose path matches this pattern (`*`
    /// matches anything: `/repos/*/issues*`); repeatable
    /// (`Generator::select_paths`).
    #[arg(long = "path", value_name = "PATTERN")]
    paths: Vec<String>,
    /// With --tag, --operation or --path, generate the webhook events too
    /// (`Generator::select_webhooks`).
    #[arg(long)]
    webhooks: bool,
    /// Add a `#[cfg(test)]` module with one test per example of the
    /// document: each decodes the example into its generated type and
    /// serialises it back (`Generator::with_example_tests`).
    #[arg(long)]
    with_tests: bool,
    /// Do not derive `PartialEq` on structs, unions and the enums of
    /// responses and webhook events: a large client compiles faster
    /// (`Generator::with_partial_eq(false)`).
    #[arg(long)]
    no_partial_eq: bool,
}

impl Options {
    fn generator(&self) -> Generator {
        let generator = Generator::new()
            .warnings_as_errors(self.deny_warnings)
            .allow_unmatched(self.allow_unmatched)
            .select_tags(self.tags.iter().cloned())
            .select_operations(self.operations.iter().cloned())
            .select_paths(self.paths.iter().cloned())
            .select_webhooks(self.webhooks)
            .with_example_tests(self.with_tests)
            .with_partial_eq(!self.no_partial_eq);
        match &self.source_name {
            Some(name) => generator.source_name(name.clone()),
            None => generator,
        }
    }

    fn with_overlays(&self, overlays: &Overlays) -> Generator {
        overlays
            .files
            .iter()
            .fold(self.generator(), |generator, file| generator.overlay(file.clone()))
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Diff {
            old,
            new,
            base,
            format,
            fail_on,
            overlays,
            options,
        } => {
            return diff(
                &old,
                new.as_deref(),
                base.as_deref(),
                format,
                fail_on,
                &overlays,
                &options,
            );
        }
        Command::Generate {
            spec,
            output,
            overlays,
            options,
        } => generate(&spec, output.as_deref(), &options.with_overlays(&overlays), &options),
        Command::Apply {
            spec,
            output,
            overlays,
            options,
        } => apply(&spec, output.as_deref(), &options.with_overlays(&overlays), &options),
        Command::Regenerate {
            specs,
            out,
            check,
            options,
        } => regenerate(&specs, &out, check, &options),
        Command::Crate {
            spec,
            name,
            output,
            runtime_path,
            runtime_version,
            split,
            one_crate,
            overlays,
            options,
        } => {
            let runtime = match (runtime_path, runtime_version) {
                (Some(path), _) => RuntimeDependency::Path(path),
                (None, Some(version)) => RuntimeDependency::Version(version),
                (None, None) => RuntimeDependency::Version(env!("CARGO_PKG_VERSION").to_string()),
            };
            let layout = match (split, one_crate) {
                (Some(groups), _) => Layout::Split(usize::from(groups)),
                (None, true) => Layout::OneCrate,
                (None, false) => Layout::BySize,
            };
            write_crate_command(&spec, &name, &output, runtime, layout, &overlays, &options)
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn diff(
    old: &Path,
    new: Option<&Path>,
    base: Option<&str>,
    format: cli::diff::DiffFormat,
    fail_on: Option<cli::diff::FailOn>,
    overlays: &Overlays,
    options: &Options,
) -> ExitCode {
    let (old, new) = match (new, base) {
        (Some(new), _) => (cli::diff::Old::File(old), new),
        (None, Some(revision)) => (cli::diff::Old::Revision(revision), old),
        (None, None) => {
            eprintln!("error: give NEW, or --base REV");
            return ExitCode::from(2);
        }
    };
    match cli::diff::run(&options.generator(), old, new, &overlays.files) {
        Ok(report) => {
            print!("{}", report.render(format.into()));
            if cli::diff::fails(&report, fail_on) {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
    }
}

fn generate(spec: &Path, output: Option<&Path>, generator: &Generator, options: &Options) -> Result<(), String> {
    let generated = generator.generate_file(spec).map_err(|e| render_error(&e))?;
    print_warnings(&generated.warnings, options);
    write_or_print(output, &generated.code)
}

fn apply(spec: &Path, output: Option<&Path>, generator: &Generator, options: &Options) -> Result<(), String> {
    let effective = generator.effective_document(spec).map_err(|e| render_error(&e))?;
    print_warnings(&effective.warnings, options);
    write_or_print(output, &effective.to_text())
}

fn write_or_print(output: Option<&Path>, text: &str) -> Result<(), String> {
    match output {
        Some(path) => std::fs::write(path, text).map_err(|e| format!("error: cannot write `{}`: {e}", path.display())),
        None => {
            print!("{text}");
            Ok(())
        }
    }
}

/// The first line every module the generator writes starts with; a `.rs`
/// file in the output directory without it is not the generator's to remove.
const GENERATED_MARK: &str = "// Generated by switchboard-codegen";

fn regenerate(specs: &Path, out: &Path, check: bool, options: &Options) -> Result<(), String> {
    let modules = switchboard_codegen::modules_in(specs).map_err(|e| {
        format!(
            "{}\nhint: run it from the repository root, or pass --specs DIR and --out DIR",
            render_error(&e)
        )
    })?;
    if modules.is_empty() {
        return Err(format!("error: no OpenAPI documents in `{}`", specs.display()));
    }
    let mut stale = Vec::new();
    let (mut written, mut unchanged) = (0, 0);
    for module in &modules {
        let generated = module
            .generator(options.generator())
            .generate_file(&module.spec)
            .map_err(|e| render_error(&e))?;
        print_warnings(&generated.warnings, options);
        let target = out.join(format!("{}.rs", module.name));
        let current = std::fs::read_to_string(&target).unwrap_or_default();
        if current == generated.code {
            unchanged += 1;
            eprintln!("unchanged {}", target.display());
            continue;
        }
        if check {
            let api = cli::diff::since_last_generated(&options.generator(), &module.spec, &target);
            stale.push(Stale::Differs {
                target,
                current,
                fresh: generated.code,
                api,
            });
        } else {
            std::fs::create_dir_all(out).map_err(|e| format!("error: cannot create `{}`: {e}", out.display()))?;
            std::fs::write(&target, &generated.code)
                .map_err(|e| format!("error: cannot write `{}`: {e}", target.display()))?;
            written += 1;
            eprintln!("wrote {}", target.display());
        }
    }
    let mut removed = 0;
    for orphan in orphans(out, &modules)? {
        if check {
            stale.push(Stale::Orphan(orphan));
        } else {
            std::fs::remove_file(&orphan).map_err(|e| format!("error: cannot remove `{}`: {e}", orphan.display()))?;
            removed += 1;
            eprintln!(
                "removed {} (no spec in `{}` generates it)",
                orphan.display(),
                specs.display()
            );
        }
    }
    if stale.is_empty() {
        if check {
            eprintln!("regenerate --check: {} module(s) up to date", modules.len());
        } else {
            eprintln!("regenerate: {written} written, {unchanged} unchanged, {removed} removed");
        }
        return Ok(());
    }
    let mut report = String::new();
    for entry in &stale {
        match entry {
            Stale::Differs {
                target,
                current,
                fresh,
                api,
            } => {
                if let Some(api) = api {
                    report.push_str(&format!(
                        "API change since {} was generated:\n{api}\n",
                        target.display()
                    ));
                }
                let diff = similar::TextDiff::from_lines(current.as_str(), fresh.as_str());
                let name = target.display().to_string();
                report.push_str(
                    &diff
                        .unified_diff()
                        .context_radius(3)
                        .header(&name, &format!("{name} (regenerated)"))
                        .to_string(),
                );
            }
            Stale::Orphan(path) => report.push_str(&format!(
                "{}: no spec in `{}` generates this module any more; regenerate removes it\n",
                path.display(),
                specs.display()
            )),
        }
    }
    report.push_str(&format!(
        "error: {} generated module(s) are stale; run `cargo run -p switchboard-codegen -- regenerate` and commit the result",
        stale.len()
    ));
    Err(report)
}

enum Stale {
    Differs {
        target: PathBuf,
        current: String,
        fresh: String,
        /// The API-level change, when the spec it was generated from is known.
        api: Option<String>,
    },
    Orphan(PathBuf),
}

/// Modules in `out` that the generator wrote and no spec generates any more.
fn orphans(out: &Path, modules: &[SpecModule]) -> Result<Vec<PathBuf>, String> {
    let entries = match std::fs::read_dir(out) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(format!("error: cannot read `{}`: {e}", out.display())),
    };
    let mut orphans = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|e| format!("error: cannot read `{}`: {e}", out.display()))?
            .path();
        let is_module = path.extension().is_some_and(|e| e == "rs");
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !is_module || modules.iter().any(|m| m.name == stem) {
            continue;
        }
        let generated = std::fs::read_to_string(&path).is_ok_and(|text| text.starts_with(GENERATED_MARK));
        if generated {
            orphans.push(path);
        }
    }
    orphans.sort();
    Ok(orphans)
}

fn write_crate_command(
    spec: &Path,
    name: &str,
    output: &Path,
    runtime: RuntimeDependency,
    layout: Layout,
    overlays: &Overlays,
    options: &Options,
) -> Result<(), String> {
    // The crate is moved and vendored: its header names the spec by file
    // name, never by a path that only exists on this machine.
    let source = file_name(spec);
    let mut generator = overlays.files.iter().fold(options.generator(), |generator, overlay| {
        generator.overlay_named(overlay.clone(), file_name(overlay))
    });
    if options.source_name.is_none() {
        generator = generator.source_name(source.clone());
    }
    generator = match layout {
        Layout::Split(groups) => generator.split_into_crates(name, groups),
        Layout::BySize => generator.split_into_crates_when_large(name),
        Layout::OneCrate => generator,
    };
    let generated = generator.generate_file(spec).map_err(|e| render_error(&e))?;
    if layout == Layout::BySize && !generated.parts.is_empty() && !options.quiet {
        eprintln!(
            "note: a client this large goes to {} crates that cargo checks side by side (as with --split 2; \
             --one-crate for one crate)",
            generated.parts.len() + 1
        );
    }
    print_warnings(&generated.warnings, options);
    let crate_spec = CrateSpec {
        name,
        source: &source,
        title: &generated.title,
        code: &generated.code,
        runtime,
        parts: &generated.parts,
        split: match layout {
            Layout::Split(groups) => Some(groups),
            Layout::OneCrate | Layout::BySize => None,
        },
    };
    let written =
        write_crate(&crate_spec, output).map_err(|e| format!("error: cannot write `{}`: {e}", output.display()))?;
    for path in written {
        eprintln!("wrote {}", path.display());
    }
    Ok(())
}

/// How `crate` lays the client out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// `--split N`.
    Split(usize),
    /// `--one-crate`.
    OneCrate,
    /// Split when large (`Generator::split_into_crates_when_large`).
    BySize,
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn print_warnings(warnings: &[switchboard_codegen::Diagnostic], options: &Options) {
    if !options.quiet {
        for warning in warnings {
            eprintln!("{warning}");
        }
    }
}

fn render_error(error: &GenerateError) -> String {
    error.to_string()
}
