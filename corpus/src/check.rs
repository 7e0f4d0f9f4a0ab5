//! Compiles the generated modules together: one crate
//! (`target/corpus-check/`) with one module per document, checked with
//! `cargo check`. rustc needs roughly 0.8 GB of memory per MB of generated
//! source, so the modules are checked in batches of a bounded total size (in
//! document order; a module larger than the bound is checked alone) rather
//! than all at once. Errors are mapped back to modules by file path; the
//! modules with errors are removed and the rest checked again until what
//! remains compiles, so an error in one module cannot hide or cause another's.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use serde_json::Value;

/// The check crate.
pub struct Checker {
    /// `target/corpus-check` of the repository (`target/corpus-examples`
    /// for the example tests).
    pub dir: PathBuf,
    /// Build the library's tests (`cargo test --no-run --lib`) instead of
    /// checking it, for the example tests.
    pub tests: bool,
    /// The repository (for the runtime path and `Cargo.lock`).
    pub root: PathBuf,
    /// Where cargo builds (shared with the workspace so dependencies are reused).
    pub target_dir: PathBuf,
}

/// The compile result of one module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Compiled {
    Yes {
        /// rustc warnings located in the module.
        warnings: usize,
    },
    No {
        /// The rendered errors located in the module (at most a few).
        errors: Vec<String>,
        /// How many errors were located in it.
        count: usize,
    },
}

/// One `cargo check` run.
struct Run {
    success: bool,
    /// The test executable built (with `tests`).
    executable: Option<PathBuf>,
    /// Rendered errors per module; `None` for errors outside any module.
    errors: BTreeMap<Option<String>, Vec<String>>,
    warnings: BTreeMap<String, usize>,
    stderr: String,
}

/// How many rendered errors are kept per module.
const KEPT_ERRORS: usize = 5;

impl Checker {
    /// The directory generated modules are written to.
    pub fn gen_dir(&self) -> PathBuf {
        self.dir.join("gen")
    }

    /// Creates the crate (manifest, lock file copied from the workspace, an
    /// empty `gen/`).
    pub fn prepare(&self) -> std::io::Result<()> {
        let _ = std::fs::remove_dir_all(self.gen_dir());
        std::fs::create_dir_all(self.gen_dir())?;
        std::fs::create_dir_all(self.dir.join("src"))?;
        let runtime = self.root.join("runtime").display().to_string().replace('\\', "/");
        let (package, what) = if self.tests {
            ("switchboard-corpus-examples", "with its example tests, built at once")
        } else {
            ("switchboard-corpus-check", "checked at once")
        };
        let manifest = format!(
            "# Written by scripts/corpus: every generated corpus module, {what}.\n\
             [package]\n\
             name = \"{package}\"\n\
             version = \"0.0.0\"\n\
             edition = \"2024\"\n\
             publish = false\n\
             \n\
             [lib]\n\
             path = \"src/lib.rs\"\n\
             \n\
             [dependencies]\n\
             serde = {{ version = \"1\", features = [\"derive\"] }}\n\
             switchboard-runtime = {{ path = \"{runtime}\" }}\n\
             \n\
             # Not part of the repository's workspace.\n\
             [workspace]\n"
        );
        std::fs::write(self.dir.join("Cargo.toml"), manifest)?;
        // The workspace's versions, so the dependencies built for it are reused.
        std::fs::copy(self.root.join("Cargo.lock"), self.dir.join("Cargo.lock"))?;
        Ok(())
    }

    fn write_lib(&self, modules: &[String]) -> std::io::Result<()> {
        let mut lib = String::from("// Written by scripts/corpus: one module per corpus document.\n");
        for module in modules {
            let _ = writeln!(lib, "pub mod {module} {{\n    include!(\"../gen/{module}.rs\");\n}}");
        }
        std::fs::write(self.dir.join("src/lib.rs"), lib)
    }

    fn cargo_check(&self, modules: &[String]) -> std::io::Result<Run> {
        self.write_lib(modules)?;
        let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
        if self.tests {
            command.args(["test", "--no-run", "--lib"]);
        } else {
            command.arg("check");
        }
        let output = command
            .arg("--manifest-path")
            .arg(self.dir.join("Cargo.toml"))
            .arg("--target-dir")
            .arg(&self.target_dir)
            .arg("--message-format=json")
            // Each batch is checked once: incremental data would only cost time and disk.
            .env("CARGO_INCREMENTAL", "0")
            .current_dir(&self.dir)
            .output()?;
        let mut run = Run {
            success: output.status.success(),
            executable: None,
            errors: BTreeMap::new(),
            warnings: BTreeMap::new(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        };
        for line in String::from_utf8_lossy(&output.stdout).lines() {
            let Ok(message) = serde_json::from_str::<Value>(line) else {
                continue;
            };
            if message["reason"] == "compiler-artifact" && message["profile"]["test"] == true {
                if let Some(executable) = message["executable"].as_str() {
                    run.executable = Some(PathBuf::from(executable));
                }
            }
            if message["reason"] != "compiler-message" {
                continue;
            }
            let diagnostic = &message["message"];
            let level = diagnostic["level"].as_str().unwrap_or("");
            let rendered = diagnostic["rendered"].as_str().unwrap_or("").to_string();
            let module = module_of(diagnostic);
            if level == "warning" {
                if let Some(module) = module {
                    *run.warnings.entry(module).or_default() += 1;
                }
            } else if level.starts_with("error") && !rendered.starts_with("error: aborting due to") {
                run.errors.entry(module).or_default().push(rendered);
            }
        }
        Ok(run)
    }

    /// Checks `modules` (already written to `gen/`); returns each one's
    /// result, and (with `tests`) the test executables of the crates that
    /// compiled (one per successful round).
    pub fn check_all(
        &self,
        modules: &[String],
        log: &mut String,
    ) -> Result<(BTreeMap<String, Compiled>, Vec<PathBuf>), String> {
        let mut remaining: Vec<String> = modules.to_vec();
        let mut results = BTreeMap::new();
        let mut executables = Vec::new();
        let mut round = 0;
        while !remaining.is_empty() {
            round += 1;
            let start = Instant::now();
            let run = self
                .cargo_check(&remaining)
                .map_err(|e| format!("cannot run cargo check: {e}"))?;
            let _ = writeln!(
                log,
                "cargo {} round {round}: {} modules, {:.1} s, {}",
                if self.tests { "test --no-run" } else { "check" },
                remaining.len(),
                start.elapsed().as_secs_f64(),
                if run.success { "ok" } else { "errors" }
            );
            eprintln!("corpus: {}", log.lines().last().unwrap_or(""));
            if run.success {
                executables.extend(run.executable.clone());
                for module in remaining.drain(..) {
                    let warnings = run.warnings.get(&module).copied().unwrap_or(0);
                    results.insert(module, Compiled::Yes { warnings });
                }
                break;
            }
            let failing: BTreeSet<String> = run
                .errors
                .keys()
                .flatten()
                .filter(|m| remaining.contains(m))
                .cloned()
                .collect();
            if failing.is_empty() {
                // Errors outside every module: find the culprits one by one.
                let unlocated = run.errors.get(&None).cloned().unwrap_or_default();
                if remaining.len() == 1 || !self.cargo_check(&[]).map_err(|e| e.to_string())?.success {
                    if remaining.len() > 1 {
                        return Err(format!(
                            "the check crate fails without any module:\n{}\n{}",
                            unlocated.join("\n"),
                            run.stderr
                        ));
                    }
                    let module = remaining.remove(0);
                    let count = unlocated.len().max(1);
                    let mut errors = unlocated;
                    if errors.is_empty() {
                        errors.push(run.stderr.clone());
                    }
                    errors.truncate(KEPT_ERRORS);
                    results.insert(module, Compiled::No { errors, count });
                    continue;
                }
                let _ = writeln!(log, "errors outside any module: checking modules one at a time");
                for module in std::mem::take(&mut remaining) {
                    let (single, built) = self.check_all(std::slice::from_ref(&module), log)?;
                    results.extend(single);
                    executables.extend(built);
                }
                break;
            }
            for module in &failing {
                let mut errors = run.errors.get(&Some(module.clone())).cloned().unwrap_or_default();
                let count = errors.len();
                errors.truncate(KEPT_ERRORS);
                results.insert(module.clone(), Compiled::No { errors, count });
            }
            remaining.retain(|m| !failing.contains(m));
        }
        Ok((results, executables))
    }
}

/// Splits `modules` (name, generated size in bytes), in order, into batches
/// whose sizes add up to at most `limit`; a module larger than `limit` is a
/// batch of its own.
pub fn batches(modules: &[(String, u64)], limit: u64) -> Vec<Vec<String>> {
    let mut batches: Vec<Vec<String>> = Vec::new();
    let mut size = 0;
    for (module, bytes) in modules {
        match batches.last_mut() {
            Some(batch) if !batch.is_empty() && size + bytes <= limit => {
                batch.push(module.clone());
                size += bytes;
            }
            _ => {
                batches.push(vec![module.clone()]);
                size = *bytes;
            }
        }
    }
    batches
}

/// The module a diagnostic belongs to: the first `gen/<module>.rs` among its
/// primary spans, then its other spans, following macro expansions back to
/// their call sites.
pub fn module_of(diagnostic: &Value) -> Option<String> {
    let spans = diagnostic["spans"].as_array()?;
    let primary = spans.iter().filter(|s| s["is_primary"] == true);
    let others = spans.iter().filter(|s| s["is_primary"] != true);
    primary.chain(others).find_map(span_module)
}

fn span_module(span: &Value) -> Option<String> {
    if let Some(module) = span["file_name"].as_str().and_then(file_module) {
        return Some(module);
    }
    let expansion = &span["expansion"];
    if expansion.is_object() {
        return span_module(&expansion["span"]);
    }
    None
}

/// `…/gen/<module>.rs` → `<module>`.
pub fn file_module(file: &str) -> Option<String> {
    let path = Path::new(file);
    let parent = path.parent()?.file_name()?;
    if parent != "gen" || path.extension()? != "rs" {
        return None;
    }
    Some(path.file_stem()?.to_string_lossy().into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_are_bounded() {
        let modules: Vec<(String, u64)> = [("a", 3), ("b", 4), ("c", 9), ("d", 1), ("e", 2), ("f", 5)]
            .iter()
            .map(|(m, s)| (m.to_string(), *s))
            .collect();
        assert_eq!(batches(&modules, 8), [vec!["a", "b"], vec!["c"], vec!["d", "e", "f"]]);
        assert!(batches(&[], 8).is_empty());
    }

    #[test]
    fn files_map_to_modules() {
        assert_eq!(file_module("src/../gen/adyen_com_x.rs").as_deref(), Some("adyen_com_x"));
        assert_eq!(file_module("/abs/target/corpus-check/gen/a.rs").as_deref(), Some("a"));
        assert_eq!(file_module("src/lib.rs"), None);
        assert_eq!(file_module("/home/.cargo/registry/serde/src/de.rs"), None);
    }

    #[test]
    fn diagnostics_follow_expansions() {
        let diagnostic = serde_json::json!({
            "spans": [
                {"file_name": "/r/serde_derive/src/lib.rs", "is_primary": true, "expansion": {
                    "span": {"file_name": "src/../gen/m.rs", "is_primary": false, "expansion": null}
                }}
            ]
        });
        assert_eq!(module_of(&diagnostic).as_deref(), Some("m"));
        assert_eq!(module_of(&serde_json::json!({"spans": []})), None);
    }
}
