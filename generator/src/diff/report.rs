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
    /// `major`, `minor` or `patch`.
    pub fn as_str(self) -> &'static str {
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

    /// The changes that force [`Report::bump`]: the Rust breaks for a major
    /// version, the additions for a minor one.
    pub fn forcing(&self) -> Vec<&Change> {
        let bump = self.bump();
        self.changes
            .iter()
            .filter(|c| match bump {
                Bump::Major => c.rust == Impact::Breaking,
                Bump::Minor => c.rust == Impact::Addition,
                Bump::Patch => false,
            })
            .collect()
    }

    /// `3 changes; wire: breaking (…); Rust API: compatible`.
    fn verdicts(&self) -> String {
        format!(
            "{}; wire: {}; Rust API: {}",
            count(self.changes.len(), "change"),
            if self.wire_breaking() {
                "breaking (a deployed client may fail against the new server)"
            } else {
                "compatible"
            },
            if self.rust_breaking() {
                "breaking (code written against the old module may not compile)"
            } else {
                "compatible"
            },
        )
    }

    /// After the bump: `forced by:`, or what a patch means.
    fn bump_reason(&self) -> &'static str {
        match self.bump() {
            Bump::Major | Bump::Minor => "forced by:",
            Bump::Patch if self.wire_breaking() => {
                "the Rust API is unchanged; deployed clients need the new version to talk to the new server"
            }
            Bump::Patch => "nothing a user of the crate can see changed",
        }
    }

    fn text(&self) -> String {
        let mut out = String::new();
        if self.changes.is_empty() {
            let _ = writeln!(out, "No API change.\nSemver: patch version, {}", self.bump_reason());
            return out;
        }
        for change in &self.changes {
            let _ = writeln!(
                out,
                "{:<6} {:<6} {}: {}",
                label(change.wire, "wire"),
                label(change.rust, "rust"),
                change.subject,
                change.what
            );
        }
        let _ = writeln!(
            out,
            "\n(wire!: breaks a deployed client; rust!: breaks code compiled against the old module; rust+: an addition; -: compatible)"
        );
        let _ = writeln!(out, "Summary: {}.", self.verdicts());
        let _ = writeln!(out, "Semver: {} version, {}", self.bump().as_str(), self.bump_reason());
        let forcing = self.forcing();
        for change in forcing.iter().take(FORCING_SHOWN) {
            let _ = writeln!(out, "  {}: {}", change.subject, change.what);
        }
        if forcing.len() > FORCING_SHOWN {
            let _ = writeln!(out, "  (and {} more)", forcing.len() - FORCING_SHOWN);
        }
        out
    }

    fn markdown(&self) -> String {
        let mut out = format!("### API change: {} version\n\n", self.bump().as_str());
        if self.changes.is_empty() {
            out.push_str("No API change.\n");
            return out;
        }
        let _ = writeln!(out, "{}.\n", escape(&self.verdicts()));
        let _ = writeln!(
            out,
            "The generated crate needs a **{}** version, {}",
            self.bump().as_str(),
            self.bump_reason()
        );
        let forcing = self.forcing();
        if !forcing.is_empty() {
            out.push('\n');
        }
        for change in forcing.iter().take(FORCING_SHOWN) {
            let _ = writeln!(out, "- {}: {}", escape(&change.subject), escape(&change.what));
        }
        if forcing.len() > FORCING_SHOWN {
            let _ = writeln!(out, "- (and {} more)", forcing.len() - FORCING_SHOWN);
        }
        let (breaking, rest): (Vec<&Change>, Vec<&Change>) = self
            .changes
            .iter()
            .partition(|c| c.wire == Impact::Breaking || c.rust == Impact::Breaking);
        let table = |changes: &[&Change]| {
            let mut table = String::from("| wire | Rust | where | change |\n| --- | --- | --- | --- |\n");
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
            let _ = write!(out, "\n#### Breaking ({})\n\n{}", breaking.len(), table(&breaking));
        }
        if !rest.is_empty() {
            // The blank lines let GitHub render the table inside the fold.
            let _ = write!(
                out,
                "\n<details><summary>{}</summary>\n\n{}\n</details>\n",
                if breaking.is_empty() {
                    count(rest.len(), "change")
                } else {
                    count(rest.len(), "other change")
                },
                table(&rest)
            );
        }
        out
    }

    fn json(&self) -> String {
        let change = |c: &Change| {
            json!({
                "subject": c.subject,
                "change": c.what,
                "wire": impact_name(c.wire),
                "rust": impact_name(c.rust),
            })
        };
        let value = json!({
            "bump": self.bump().as_str(),
            "wire_breaking": self.wire_breaking(),
            "rust_breaking": self.rust_breaking(),
            "bump_forced_by": self.forcing().into_iter().map(change).collect::<Vec<_>>(),
            "changes": self.changes.iter().map(change).collect::<Vec<_>>(),
        });
        let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
        text.push('\n');
        text
    }
}

/// How many of the changes forcing the bump the text and Markdown list.
const FORCING_SHOWN: usize = 10;

/// `1 change`, `3 changes`.
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
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

/// Markdown text: `|` would end a table cell, and `<…>` outside code
/// spans (`Vec<Contact>`) would be read as HTML and vanish.
fn escape(text: &str) -> String {
    text.split('`')
        .enumerate()
        .map(|(index, part)| {
            let part = part.replace('|', "\\|");
            if index % 2 == 0 {
                part.replace('<', "&lt;").replace('>', "&gt;")
            } else {
                part
            }
        })
        .collect::<Vec<_>>()
        .join("`")
}
