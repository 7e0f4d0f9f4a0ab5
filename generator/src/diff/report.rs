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

#[cfg(test)]
mod tests {
    use super::*;

    fn change(subject: &str, what: &str, wire: Impact, rust: Impact) -> Change {
        Change {
            subject: subject.into(),
            what: what.into(),
            wire,
            rust,
        }
    }

    /// One change of each kind, in an order the report must not keep.
    fn report() -> Report {
        Report::new(vec![
            change(
                "GET /contacts (list_contacts)",
                "response 404 documented",
                Impact::None,
                Impact::None,
            ),
            change(
                "POST /contacts (create_contact)",
                "operation added: `Client::create_contact`",
                Impact::None,
                Impact::Addition,
            ),
            change(
                "type Contact",
                "property `tags`: Vec<String> → String",
                Impact::Breaking,
                Impact::Breaking,
            ),
            change(
                "client",
                "the default server URL changed",
                Impact::Breaking,
                Impact::None,
            ),
            change(
                "type Status",
                "`archived` added (variant `Archived`)",
                Impact::None,
                Impact::Breaking,
            ),
        ])
    }

    #[test]
    fn changes_are_most_severe_first() {
        let report = report();
        let order: Vec<&str> = report.changes.iter().map(|c| c.what.as_str()).collect();
        assert_eq!(
            order,
            [
                "property `tags`: Vec<String> → String",
                "`archived` added (variant `Archived`)",
                "the default server URL changed",
                "operation added: `Client::create_contact`",
                "response 404 documented",
            ]
        );
    }

    #[test]
    fn the_bump_is_the_most_severe_rust_impact() {
        let report = report();
        assert_eq!(report.bump(), Bump::Major);
        assert!(report.wire_breaking() && report.rust_breaking() && report.breaking());
        assert_eq!(report.forcing().len(), 2);
        let minor = Report::new(report.changes[3..].to_vec());
        assert_eq!((minor.bump(), minor.forcing().len()), (Bump::Minor, 1));
        let wire_only = Report::new(vec![report.changes[2].clone()]);
        assert_eq!(wire_only.bump(), Bump::Patch);
        assert!(wire_only.breaking() && !wire_only.rust_breaking());
        assert_eq!(Report::new(Vec::new()).bump(), Bump::Patch);
    }

    #[test]
    fn text_lists_every_change_and_ends_with_the_bump_and_what_forces_it() {
        let text = report().render(Format::Text);
        assert!(
            text.starts_with("wire!  rust!  type Contact: property `tags`: Vec<String> → String\n"),
            "{text}"
        );
        assert!(text.contains("\n-      rust+  POST /contacts (create_contact): operation added"));
        assert!(text.contains("\n-      -      GET /contacts (list_contacts): response 404 documented\n"));
        assert!(text.contains("Summary: 5 changes; wire: breaking"), "{text}");
        assert!(
            text.ends_with(
                "Semver: major version, forced by:\n  type Contact: property `tags`: Vec<String> → String\n  type Status: `archived` added (variant `Archived`)\n"
            ),
            "{text}"
        );
        let none = Report::new(Vec::new()).render(Format::Text);
        assert_eq!(
            none,
            "No API change.\nSemver: patch version, nothing a user of the crate can see changed\n"
        );
    }

    #[test]
    fn markdown_shows_what_breaks_and_folds_the_rest() {
        let markdown = report().render(Format::Markdown);
        assert!(
            markdown.starts_with("### API change: major version\n\n5 changes; wire: breaking"),
            "{markdown}"
        );
        assert!(markdown.contains("The generated crate needs a **major** version, forced by:\n\n- type Contact: property `tags`: Vec&lt;String&gt; → String\n"), "{markdown}");
        let breaking = markdown.find("#### Breaking (3)").expect("a Breaking section");
        let folded = markdown
            .find("<details><summary>2 other changes</summary>\n\n| wire | Rust |")
            .expect("the rest folded, a blank line before the table");
        assert!(breaking < folded);
        // The breaking rows are above the fold, the others inside it.
        let row = |what: &str| markdown.find(what).unwrap_or_else(|| panic!("{what} in {markdown}"));
        assert!(row("| wire! | rust! | type Contact |") < folded);
        assert!(row("| wire! | - | client |") < folded);
        assert!(row("| - | rust+ | POST /contacts (create_contact) |") > folded);
        assert!(markdown.ends_with("</details>\n"));
        // Only additions: nothing to show above the fold.
        let minor = Report::new(report().changes[3..].to_vec()).render(Format::Markdown);
        assert!(!minor.contains("#### Breaking"), "{minor}");
        assert!(minor.contains("<details><summary>2 changes</summary>"), "{minor}");
    }

    #[test]
    fn markdown_escapes_what_would_break_a_table_or_vanish_as_html() {
        assert_eq!(escape("Vec<A> | `Option<B> | c`"), "Vec&lt;A&gt; \\| `Option<B> \\| c`");
    }

    #[test]
    fn json_has_the_verdicts_the_bump_and_every_change() {
        let value: serde_json::Value = serde_json::from_str(&report().render(Format::Json)).expect("JSON");
        assert_eq!(value["bump"], "major");
        assert_eq!(value["wire_breaking"], true);
        assert_eq!(value["rust_breaking"], true);
        assert_eq!(value["changes"].as_array().map(Vec::len), Some(5));
        assert_eq!(
            value["changes"][0],
            json!({
                "subject": "type Contact",
                "change": "property `tags`: Vec<String> → String",
                "wire": "breaking",
                "rust": "breaking",
            })
        );
        assert_eq!(value["changes"][3]["rust"], "addition");
        assert_eq!(value["changes"][4]["wire"], "compatible");
        assert_eq!(value["bump_forced_by"].as_array().map(Vec::len), Some(2));
    }
}
