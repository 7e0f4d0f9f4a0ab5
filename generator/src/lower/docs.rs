//! Rustdoc text from `title` and `description`.
//!
//! Descriptions are Markdown written for a web page, not for rustdoc: an
//! indented line or an unlabelled code fence would become a doctest that
//! fails to compile. Fences get the `text` label and lines lose their
//! leading indentation, which keeps the text readable and inert.

use openapiv3::SchemaData;

/// The doc text of a schema: title, blank line, description.
pub fn schema_doc(data: &SchemaData) -> Option<String> {
    join(data.title.as_deref(), data.description.as_deref())
}

/// Joins an optional heading and body into doc text.
pub fn join(title: Option<&str>, description: Option<&str>) -> Option<String> {
    let title = title.map(str::trim).filter(|t| !t.is_empty());
    let description = description.map(str::trim).filter(|d| !d.is_empty());
    match (title, description) {
        (Some(t), Some(d)) if t == d => Some(sanitize(t)),
        (Some(t), Some(d)) => Some(format!("{}\n\n{}", sanitize(t), sanitize(d))),
        (Some(t), None) => Some(sanitize(t)),
        (None, Some(d)) => Some(sanitize(d)),
        (None, None) => None,
    }
}

/// Makes Markdown safe for rustdoc (no accidental doctests).
///
/// The text is dedented, then no line keeps more than three spaces of
/// indentation: four would start an indented code block, which rustdoc
/// compiles. Relative indentation up to three spaces is kept, so list items
/// and their continuation lines stay lists.
pub fn sanitize(text: &str) -> String {
    let text = text.replace('\t', "    ");
    let common = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut out = String::with_capacity(text.len());
    let mut in_fence = false;
    for line in text.lines() {
        let line = line.get(common..).unwrap_or_else(|| line.trim_start());
        let trimmed = line.trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            // Only `text` fences are safe: unlabelled or rust-like fences
            // would compile as doctests.
            out.push_str(if in_fence { "```" } else { "```text" });
            in_fence = !in_fence;
        } else if in_fence {
            out.push_str(line.trim_end());
        } else {
            let indent = (line.len() - line.trim_start().len()).min(3);
            out.push_str(&" ".repeat(indent));
            out.push_str(trimmed);
        }
        out.push('\n');
    }
    if in_fence {
        out.push_str("```\n");
    }
    out.trim_end().to_string()
}
