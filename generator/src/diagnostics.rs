//! Errors and warnings about an input document.
//!
//! Every problem the generator reports is a [`Diagnostic`]: which file, where
//! in it (a JSON pointer such as `#/components/schemas/Contact/properties/tags`,
//! or a line and column for syntax errors), and why. Errors stop generation;
//! warnings describe a construct that was degraded (usually to
//! `serde_json::Value`) so the rest of the document still generates.

use std::fmt;

/// How serious a [`Diagnostic`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The construct was degraded; generation went on.
    Warning,
    /// Generation stopped.
    Error,
}

/// Where in an input a diagnostic points.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Location {
    /// A JSON pointer into the document, always starting with `#`.
    Pointer(String),
    /// A position in the text, for documents that do not parse (1-based).
    Position { line: usize, column: usize },
    /// The document as a whole.
    Document,
}

/// One problem found in an input document.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file the location refers to, as the user named it.
    pub file: String,
    /// Where in that file.
    pub location: Location,
    /// What is wrong, in one sentence.
    pub message: String,
}

impl Diagnostic {
    /// An error at a JSON pointer.
    pub fn error(file: impl Into<String>, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            file: file.into(),
            location: Location::Pointer(pointer.into()),
            message: message.into(),
        }
    }

    /// A warning at a JSON pointer.
    pub fn warning(file: impl Into<String>, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(file, pointer, message)
        }
    }

    /// An error about the document as a whole.
    pub fn document_error(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            file: file.into(),
            location: Location::Document,
            message: message.into(),
        }
    }

    /// The JSON pointer, when the location is one.
    pub fn pointer(&self) -> Option<&str> {
        match &self.location {
            Location::Pointer(pointer) => Some(pointer),
            _ => None,
        }
    }

    /// True for [`Severity::Error`].
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    // error: specs/awal.yaml: #/paths/~1contacts/post: operationId `x` is used twice
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        match &self.location {
            Location::Pointer(pointer) => write!(f, "{severity}: {}: {pointer}: {}", self.file, self.message),
            Location::Position { line, column } => {
                write!(f, "{severity}: {}:{line}:{column}: {}", self.file, self.message)
            }
            Location::Document => write!(f, "{severity}: {}: {}", self.file, self.message),
        }
    }
}

/// The error returned when generation fails: at least one error, plus any
/// warnings found before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenerateError {
    /// All diagnostics, errors first, each group in document order.
    pub diagnostics: Vec<Diagnostic>,
}

impl GenerateError {
    /// Wraps diagnostics, putting errors first.
    pub fn new(mut diagnostics: Vec<Diagnostic>) -> Self {
        diagnostics.sort_by_key(|d| std::cmp::Reverse(d.severity));
        Self { diagnostics }
    }

    /// Only the errors.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }
}

impl From<Diagnostic> for GenerateError {
    fn from(diagnostic: Diagnostic) -> Self {
        Self::new(vec![diagnostic])
    }
}

impl fmt::Display for GenerateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, diagnostic) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

impl std::error::Error for GenerateError {}

/// Escapes one JSON pointer segment (RFC 6901: `~` → `~0`, `/` → `~1`).
pub fn escape_pointer_segment(segment: &str) -> String {
    let mut escaped = String::with_capacity(segment.len());
    push_pointer_segment(&mut escaped, segment);
    escaped
}

/// Appends one JSON pointer segment, escaped, to `pointer`. Loading and
/// lowering build a pointer for every node of the document, so the common
/// segment (nothing to escape) is copied without a temporary string.
pub fn push_pointer_segment(pointer: &mut String, segment: &str) {
    // Both characters are ASCII: two byte searches (std's memchr) are
    // faster than a char-set pattern, which walks the string char by char.
    let bytes = segment.as_bytes();
    if !bytes.contains(&b'~') && !bytes.contains(&b'/') {
        pointer.push_str(segment);
        return;
    }
    for c in segment.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

/// Builds `base/segment` with the segment escaped.
pub fn pointer_join(base: &str, segment: &str) -> String {
    let mut pointer = String::with_capacity(base.len() + 1 + segment.len());
    pointer.push_str(base);
    pointer.push('/');
    push_pointer_segment(&mut pointer, segment);
    pointer
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6901's escapes, `~` first so that `~1` in a name stays `~01`.
    #[test]
    fn pointer_segments_are_escaped_as_rfc_6901_says() {
        assert_eq!(pointer_join("#/paths", "/repos/{owner}"), "#/paths/~1repos~1{owner}");
        assert_eq!(escape_pointer_segment("a~1/b"), "a~01~1b");
        assert_eq!(escape_pointer_segment("plain"), "plain");
        assert_eq!(pointer_join("#", "é~"), "#/é~0");
    }
}
