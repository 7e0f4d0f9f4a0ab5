//! Runs the generator's command-line binary on one document and classifies
//! what happened: generated (with its warnings), or which kind of failure.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How a generation ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0: the module was written.
    Generated,
    /// Failed with errors that all carry a location (JSON pointer or line:column).
    Located,
    /// Failed with an error that names no place in the document.
    Unlocated,
    /// An `internal error` diagnostic: the generator produced tokens it could not render.
    InternalError,
    /// The generator panicked.
    Panic,
    /// Killed by a signal or overflowed its stack.
    Crash,
    /// Still running after the time limit.
    Timeout,
}

impl Outcome {
    pub fn label(&self) -> &'static str {
        match self {
            Outcome::Generated => "yes",
            Outcome::Located => "no: located error",
            Outcome::Unlocated => "no: unlocated error",
            Outcome::InternalError => "no: internal error",
            Outcome::Panic => "no: **panic**",
            Outcome::Crash => "no: **crash**",
            Outcome::Timeout => "no: timeout",
        }
    }

    /// A failure the targets forbid: anything but a located diagnostic.
    pub fn is_forbidden_failure(&self) -> bool {
        !matches!(self, Outcome::Generated | Outcome::Located)
    }
}

/// What one generation did.
#[derive(Debug, Clone)]
pub struct Generation {
    pub outcome: Outcome,
    /// `warning:` lines printed.
    pub warnings: Vec<String>,
    /// Wall time of the generator process.
    pub millis: u128,
    /// The first lines of standard error when it failed.
    pub failure: Option<String>,
    /// How many non-empty lines besides warnings standard error had.
    pub failure_lines: usize,
}

/// Runs `codegen generate spec -o output [flags]` in `dir` (so diagnostics
/// name the spec by its path relative to `dir`), standard error into `log`.
pub fn run(
    codegen: &Path,
    dir: &Path,
    spec: &str,
    output: &Path,
    log: &Path,
    timeout: Duration,
    flags: &[&str],
) -> std::io::Result<Generation> {
    let _ = std::fs::remove_file(output);
    let stderr = std::fs::File::create(log)?;
    let start = Instant::now();
    let mut child = Command::new(codegen)
        .arg("generate")
        .arg(spec)
        .arg("-o")
        .arg(output)
        .args(flags)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(stderr)
        .env("RUST_BACKTRACE", "0")
        .current_dir(dir)
        .spawn()?;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break Some(status);
        }
        if start.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let millis = start.elapsed().as_millis();
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let (exit_ok, signalled) = match status {
        Some(status) => (status.success(), status.code().is_none()),
        None => (false, false),
    };
    let outcome = classify(status.is_none(), exit_ok, signalled, &text);
    let warnings = text
        .lines()
        .filter(|l| l.starts_with("warning: "))
        .map(str::to_string)
        .collect();
    let failure = (outcome != Outcome::Generated).then(|| excerpt(&text, 30));
    let failure_lines = text
        .lines()
        .filter(|l| !l.starts_with("warning: ") && !l.is_empty())
        .count();
    Ok(Generation {
        outcome,
        warnings,
        millis,
        failure,
        failure_lines,
    })
}

/// The first `lines` lines of `text` that are not warnings.
pub fn excerpt(text: &str, lines: usize) -> String {
    text.lines()
        .filter(|l| !l.starts_with("warning: ") && !l.trim().is_empty())
        .take(lines)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Classifies a finished (or timed-out) generator process from its standard error.
pub fn classify(timed_out: bool, exit_ok: bool, signalled: bool, stderr: &str) -> Outcome {
    if timed_out {
        return Outcome::Timeout;
    }
    if stderr.contains("panicked at") {
        return Outcome::Panic;
    }
    if stderr.contains("has overflowed its stack") || signalled {
        return Outcome::Crash;
    }
    if exit_ok {
        return Outcome::Generated;
    }
    let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error: ")).collect();
    if errors.iter().any(|l| l.contains("internal error")) {
        return Outcome::InternalError;
    }
    if !errors.is_empty() && errors.iter().all(|l| is_located(l)) {
        Outcome::Located
    } else {
        Outcome::Unlocated
    }
}

/// True when a diagnostic line names a place: `error: FILE: #/json/pointer: …`
/// or `error: FILE:LINE:COLUMN: …`.
pub fn is_located(line: &str) -> bool {
    if line.contains(": #/") || line.contains(": #: ") {
        return true;
    }
    // FILE:LINE:COLUMN: — two runs of digits between colons.
    line.split(": ").any(|part| {
        let mut pieces = part.rsplit(':');
        let column = pieces.next().unwrap_or("");
        let row = pieces.next().unwrap_or("");
        !column.is_empty()
            && !row.is_empty()
            && column.bytes().all(|b| b.is_ascii_digit())
            && row.bytes().all(|b| b.is_ascii_digit())
            && pieces.next().is_some()
    })
}

/// A warning's kind: its message with the file, the pointer and quoted
/// names removed, so that warnings can be counted by kind.
pub fn warning_kind(line: &str) -> String {
    let rest = line.strip_prefix("warning: ").unwrap_or(line);
    // `FILE: #/pointer: message` → `message`
    let message = match rest.find(": #") {
        Some(at) => {
            let after = &rest[at + 2..];
            after.find(": ").map(|i| &after[i + 2..]).unwrap_or(after)
        }
        None => rest.split_once(": ").map(|(_, m)| m).unwrap_or(rest),
    };
    let mut kind = String::new();
    let mut quoted = false;
    for c in message.chars() {
        match c {
            '`' | '\'' => {
                if !quoted {
                    kind.push('…');
                }
                quoted = !quoted;
            }
            _ if quoted => {}
            _ => kind.push(c),
        }
    }
    kind
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn located_diagnostics() {
        assert!(is_located(
            "error: a/b.json: #/paths/~1x/get: operationId `x` is used twice"
        ));
        assert!(is_located("error: a/b.yaml:24:3: did not find expected key"));
        assert!(is_located("error: a.json: #: the root must be a mapping"));
        assert!(!is_located("error: a/b.json: cannot generate"));
        assert!(!is_located("error: cannot write `x.rs`: No such file"));
    }

    #[test]
    fn classification() {
        let panic = "thread 'main' panicked at generator/src/x.rs:1:2:\nboom\n";
        assert_eq!(classify(false, false, false, panic), Outcome::Panic);
        assert_eq!(classify(true, false, false, ""), Outcome::Timeout);
        assert_eq!(classify(false, false, true, ""), Outcome::Crash);
        assert_eq!(classify(false, true, false, "warning: a: #/x: y\n"), Outcome::Generated);
        assert_eq!(classify(false, false, false, "error: a: #/x: bad\n"), Outcome::Located);
        assert_eq!(classify(false, false, false, "error: a: bad\n"), Outcome::Unlocated);
        assert_eq!(
            classify(false, false, false, "error: a: internal error: expected `;`\n"),
            Outcome::InternalError
        );
    }

    #[test]
    fn warning_kinds_drop_names() {
        assert_eq!(
            warning_kind(
                "warning: x/a.json: #/components/schemas/A/not: `not` is not typed; using `serde_json::Value`"
            ),
            "… is not typed; using …"
        );
        assert_eq!(warning_kind("warning: x/a.json: something odd"), "something odd");
    }
}
