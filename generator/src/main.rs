//! `switchboard-codegen`: the command-line face of the generator.
//!
//! Every flag mirrors an option of [`switchboard_codegen::Generator`].

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use switchboard_codegen::standalone::{CrateSpec, RuntimeDependency, write_crate};
use switchboard_codegen::{GenerateError, Generator};

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
        options: Options,
    },
    /// Rewrite every module in the generated directory from the specs directory
    /// (one module per spec, named after the file).
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
        #[command(flatten)]
        options: Options,
    },
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
}

impl Options {
    fn generator(&self) -> Generator {
        let generator = Generator::new().warnings_as_errors(self.deny_warnings);
        match &self.source_name {
            Some(name) => generator.source_name(name.clone()),
            None => generator,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Generate { spec, output, options } => generate(&spec, output.as_deref(), &options),
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
            options,
        } => {
            let runtime = match (runtime_path, runtime_version) {
                (Some(path), _) => RuntimeDependency::Path(path),
                (None, Some(version)) => RuntimeDependency::Version(version),
                (None, None) => RuntimeDependency::Version(env!("CARGO_PKG_VERSION").to_string()),
            };
            write_crate_command(&spec, &name, &output, runtime, &options)
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

fn generate(spec: &Path, output: Option<&Path>, options: &Options) -> Result<(), String> {
    let generated = options.generator().generate_file(spec).map_err(|e| render_error(&e))?;
    print_warnings(&generated.warnings, options);
    match output {
        Some(path) => {
            std::fs::write(path, &generated.code).map_err(|e| format!("error: cannot write `{}`: {e}", path.display()))
        }
        None => {
            print!("{}", generated.code);
            Ok(())
        }
    }
}

fn regenerate(specs: &Path, out: &Path, check: bool, options: &Options) -> Result<(), String> {
    let modules = switchboard_codegen::modules_in(specs).map_err(|e| format!("error: {e}"))?;
    if modules.is_empty() {
        return Err(format!("error: no OpenAPI documents in `{}`", specs.display()));
    }
    let mut stale = Vec::new();
    for module in &modules {
        let generated = options
            .generator()
            .source_name(module.source_name.clone())
            .generate_file(&module.spec)
            .map_err(|e| render_error(&e))?;
        print_warnings(&generated.warnings, options);
        let target = out.join(format!("{}.rs", module.name));
        let current = std::fs::read_to_string(&target).unwrap_or_default();
        if current == generated.code {
            continue;
        }
        if check {
            stale.push((target, current, generated.code));
        } else {
            std::fs::create_dir_all(out).map_err(|e| format!("error: cannot create `{}`: {e}", out.display()))?;
            std::fs::write(&target, &generated.code)
                .map_err(|e| format!("error: cannot write `{}`: {e}", target.display()))?;
            eprintln!("wrote {}", target.display());
        }
    }
    if stale.is_empty() {
        return Ok(());
    }
    let mut report = String::new();
    for (target, current, fresh) in &stale {
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
    report.push_str(&format!(
        "error: {} generated module(s) are stale; run `cargo run -p switchboard-codegen -- regenerate` and commit the result",
        stale.len()
    ));
    Err(report)
}

fn write_crate_command(
    spec: &Path,
    name: &str,
    output: &Path,
    runtime: RuntimeDependency,
    options: &Options,
) -> Result<(), String> {
    let generated = options.generator().generate_file(spec).map_err(|e| render_error(&e))?;
    print_warnings(&generated.warnings, options);
    let source = spec
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let crate_spec = CrateSpec {
        name,
        source: &source,
        title: &generated.title,
        code: &generated.code,
        runtime,
    };
    let written =
        write_crate(&crate_spec, output).map_err(|e| format!("error: cannot write `{}`: {e}", output.display()))?;
    for path in written {
        eprintln!("wrote {}", path.display());
    }
    Ok(())
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
