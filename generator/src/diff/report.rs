//! The report: changes most severe first, the semver bump the generated
//! crate needs and why, as text, Markdown (for a pull-request comment) or
//! JSON (for tools).

use std::fmt::Write as _;

use serde_json::json;

use super::{Change, Impact};

/// How [`Report::render`] writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text for a terminal.
    Text,
    /// Markdown for a pull-request comment: breaking changes first, the
    /// rest folded in `<details>`.
    Markdown,
    /// JSON for tools.
    Json,
}

/// The semver bump a change set needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    /// Nothing a user of the crate can see changed.
    Patch,
    /// Something was added.
    Minor,
    /// Code that compiled may not compile any more.
    Major,
}

impl Bump {
    fn as_str(self) -> &'static str {
        match self {
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

/// The changes between two documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// Every change, most severe first (then in document order).
    pub changes: Vec<Change>,
}

impl Report {
    pub(super) fn new(mut changes: Vec<Change>) -> Self {
        changes.sort_by_key(|c| std::cmp::Reverse(severity(c)));
        Self { changes }
    }

    /// Whether a deployed client may stop working against the new server.
    pub fn wire_breaking(&self) -> bool {
        self.changes.iter().any(|c| c.wire == Impact::Breaking)
    }

    /// Whether code compiled against the old module may not compile.
    pub fn rust_breaking(&self) -> bool {
        self.changes.iter().any(|c| c.rust == Impact::Breaking)
    }

    /// Whether anything breaks, on the wire or in Rust.
    pub fn breaking(&self) -> bool {
        self.wire_breaking() || self.rust_breaking()
    }

    /// The version bump the generated crate needs.
    pub fn bump(&self) -> Bump {
        if self.rust_breaking() {
            Bump::Major
        } else if self.changes.iter().any(|c| c.rust == Impact::Addition) {
            Bump::Minor
        } else {
            Bump::Patch
        }
    }

    /// The report in `format`.
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Text => self.text(),
            Format::Markdown => self.markdown(),
            Format::Json => self.json(),
        }
    }

    fn summary(&self) -> String {
        if self.changes.is_empty() {
            return "No API change.".into();
        }
        let forcing: Vec<&Change> = self
            .changes
            .iter()
            .filter(|c| match self.bump() {
                Bump::Major => c.rust == Impact::Breaking,
                Bump::Minor => c.rust == Impact::Addition,
                Bump::Patch => false,
            })
            .collect();
        let mut text = format!(
            "{} change(s); wire: {}; Rust API: {}; the generated crate needs a {} version",
            self.changes.len(),
            if self.wire_breaking() {
                "breaking (a deployed client may fail)"
            } else {
                "compatible"
            },
            if self.rust_breaking() {
                "breaking (code may not compile)"
            } else {
                "compatible"
            },
            self.bump().as_str()
        );
        if !forcing.is_empty() {
            text.push_str(&format!(
                ", because of: {}",
                forcing
                    .iter()
                    .take(3)
                    .map(|c| format!("{}: {}", c.subject, c.what))
                    .collect::<Vec<_>>()
                    .join("; ")
            ));
            if forcing.len() > 3 {
                text.push_str(&format!(" (and {} more)", forcing.len() - 3));
            }
        }
        text.push('.');
        text
    }

    fn text(&self) -> String {
        let mut out = String::new();
        for change in &self.changes {
            let _ = writeln!(
                out,
                "{:<8} {:<8} {}: {}",
                label(change.wire, "wire"),
                label(change.rust, "rust"),
                change.subject,
                change.what
            );
        }
        out.push_str(&self.summary());
        out.push('\n');
        out
    }

    fn markdown(&self) -> String {
        let mut out = format!(
            "### API change: {} version\n\n{}\n",
            self.bump().as_str(),
            self.summary()
        );
        let (breaking, rest): (Vec<&Change>, Vec<&Change>) = self
            .changes
            .iter()
            .partition(|c| c.wire == Impact::Breaking || c.rust == Impact::Breaking);
        let table = |changes: &[&Change]| {
            let mut table = String::from("\n| wire | Rust | where | change |\n| --- | --- | --- | --- |\n");
            for c in changes {
                let _ = writeln!(
                    table,
                    "| {} | {} | {} | {} |",
                    label(c.wire, "wire"),
                    label(c.rust, "rust"),
                    escape(&c.subject),
                    escape(&c.what)
                );
            }
            table
        };
        if !breaking.is_empty() {
            out.push_str("\n**Breaking**\n");
            out.push_str(&table(&breaking));
        }
        if !rest.is_empty() {
            let _ = write!(
                out,
                "\n<details><summary>{} other change(s)</summary>\n{}\n</details>\n",
                rest.len(),
                table(&rest)
            );
        }
        out
    }

    fn json(&self) -> String {
        let changes: Vec<_> = self
            .changes
            .iter()
            .map(|c| {
                json!({
                    "subject": c.subject,
                    "change": c.what,
                    "wire": impact_name(c.wire),
                    "rust": impact_name(c.rust),
                })
            })
            .collect();
        let value = json!({
            "bump": self.bump().as_str(),
            "wire_breaking": self.wire_breaking(),
            "rust_breaking": self.rust_breaking(),
            "changes": changes,
        });
        let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
        text.push('\n');
        text
    }
}

fn severity(change: &Change) -> (u8, u8) {
    let rank = |impact: Impact| match impact {
        Impact::Breaking => 2,
        Impact::Addition => 1,
        Impact::None => 0,
    };
    (rank(change.wire).max(rank(change.rust)), rank(change.rust))
}

fn label(impact: Impact, side: &str) -> String {
    match impact {
        Impact::Breaking => format!("{side}!"),
        Impact::Addition => format!("{side}+"),
        Impact::None => "-".into(),
    }
}

fn impact_name(impact: Impact) -> &'static str {
    match impact {
        Impact::Breaking => "breaking",
        Impact::Addition => "addition",
        Impact::None => "compatible",
    }
}

/// Table cells: `|` would end the cell.
fn escape(text: &str) -> String {
    text.replace('|', "\\|")
}
