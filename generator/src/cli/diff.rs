//! `switchboard-codegen diff`: two documents compared as APIs, or a spec
//! with its version at a git revision.

use std::path::{Path, PathBuf};
use std::process::Command;

use switchboard_codegen::diff::{Format, Report};
use switchboard_codegen::{ApiModel, Generator, compare};

/// What makes `diff` exit with status 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// A change that breaks a deployed client or code compiled against the old module.
    Breaking,
    /// A change that breaks a deployed client.
    Wire,
    /// A change that breaks code compiled against the old module.
    Rust,
}

/// The report's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// Text for a terminal.
    Text,
    /// Markdown for a pull-request comment.
    Markdown,
    /// JSON for tools.
    Json,
}

impl From<DiffFormat> for Format {
    fn from(format: DiffFormat) -> Self {
        match format {
            DiffFormat::Text => Format::Text,
            DiffFormat::Markdown => Format::Markdown,
            DiffFormat::Json => Format::Json,
        }
    }
}

/// Where the old document comes from.
pub enum Old<'a> {
    /// A file.
    File(&'a Path),
    /// The new document's path at a git revision.
    Revision(&'a str),
}

/// Models `new` (with `generator`'s overlays, plus `NAME.overlay.yaml`
/// beside it by convention) and the old document the same way, and
/// compares them. Returns the report; errors are messages.
pub fn run(generator: &Generator, old: Old<'_>, new: &Path, overlays: &[PathBuf]) -> Result<Report, String> {
    let new_model = model(generator, new, overlays)?;
    let old_model = match old {
        Old::File(path) => model(generator, path, overlays)?,
        Old::Revision(revision) => {
            let snapshot = Snapshot::at(revision, new, overlays)?;
            let model = model(generator, &snapshot.spec, &snapshot.overlays);
            snapshot.remove();
            model?
        }
    };
    Ok(compare(&old_model, &new_model))
}

fn model(generator: &Generator, spec: &Path, overlays: &[PathBuf]) -> Result<ApiModel, String> {
    let mut generator = overlays.iter().fold(generator.clone(), |generator, overlay| {
        generator.overlay(overlay.clone())
    });
    // The conventional overlay, as `regenerate` and build scripts apply it;
    // once, if it is also given with --overlay.
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    };
    if let Some(conventional) = conventional_overlay(spec)
        && !overlays.iter().any(|overlay| same(overlay, &conventional))
    {
        generator = generator.overlay(conventional);
    }
    generator.model_file(spec).map_err(|e| e.to_string())
}

/// `NAME.overlay.yaml` (`.yml`, `.json`) beside `NAME.yaml`, if it is there.
fn conventional_overlay(spec: &Path) -> Option<PathBuf> {
    let stem = spec.file_stem()?.to_string_lossy().into_owned();
    ["yaml", "yml", "json"]
        .iter()
        .map(|extension| spec.with_file_name(format!("{stem}.overlay.{extension}")))
        .find(|path| path.is_file())
}

/// A spec and its overlays as they were at a git revision, in a temporary
/// directory.
struct Snapshot {
    dir: PathBuf,
    spec: PathBuf,
    overlays: Vec<PathBuf>,
}

impl Snapshot {
    fn at(revision: &str, spec: &Path, overlays: &[PathBuf]) -> Result<Self, String> {
        let dir = std::env::temp_dir().join(format!("switchboard-diff-{}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| format!("error: cannot create `{}`: {e}", dir.display()))?;
        let copy = |path: &Path| -> Result<Option<PathBuf>, String> {
            let Some(text) = show(revision, path)? else {
                return Ok(None);
            };
            let target = dir.join(path.file_name().unwrap_or_default());
            std::fs::write(&target, text).map_err(|e| format!("error: cannot write `{}`: {e}", target.display()))?;
            Ok(Some(target))
        };
        let snapshot_spec = copy(spec)?.ok_or_else(|| {
            format!(
                "error: `{}` does not exist at git revision `{revision}`",
                spec.display()
            )
        })?;
        let mut snapshot_overlays = Vec::new();
        for overlay in overlays {
            if let Some(copied) = copy(overlay)? {
                snapshot_overlays.push(copied);
            }
        }
        // The conventional overlay as it was then (it may not have existed).
        if let Some(stem) = spec.file_stem() {
            let conventional = spec.with_file_name(format!("{}.overlay.yaml", stem.to_string_lossy()));
            copy(&conventional)?;
        }
        Ok(Self {
            dir,
            spec: snapshot_spec,
            overlays: snapshot_overlays,
        })
    }

    fn remove(self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The file's text at `revision`; `None` when it did not exist then.
fn show(revision: &str, path: &Path) -> Result<Option<String>, String> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .arg("show")
        .arg(format!("{revision}:./{name}"))
        .output()
        .map_err(|e| format!("error: cannot run git: {e}"))?;
    if output.status.success() {
        return Ok(Some(String::from_utf8_lossy(&output.stdout).into_owned()));
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    if stderr.contains("does not exist") || stderr.contains("exists on disk, but not in") {
        return Ok(None);
    }
    Err(format!(
        "error: git show {revision}:{} failed: {}",
        path.display(),
        stderr.trim()
    ))
}

/// The API change from the document a checked-in module was last generated
/// from (the spec as of the last commit that touched the module) to the
/// spec now, as text; `None` outside git or when it cannot be worked out.
pub fn since_last_generated(generator: &Generator, spec: &Path, module: &Path) -> Option<String> {
    let dir = module
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["log", "-1", "--format=%H", "--"])
        .arg(module.file_name()?)
        .output()
        .ok()?;
    let revision = String::from_utf8_lossy(&output.stdout).trim().to_string();
    if !output.status.success() || revision.is_empty() {
        return None;
    }
    let report = run(generator, Old::Revision(&revision), spec, &[]).ok()?;
    Some(report.render(Format::Text))
}

/// Whether the report fails the run under `fail_on`.
pub fn fails(report: &Report, fail_on: Option<FailOn>) -> bool {
    match fail_on {
        None => false,
        Some(FailOn::Breaking) => report.breaking(),
        Some(FailOn::Wire) => report.wire_breaking(),
        Some(FailOn::Rust) => report.rust_breaking(),
    }
}
