//! Rustdoc text from `title` and `description`.
//!
//! Descriptions are Markdown written for a web page, not for rustdoc: an
//! indented line or an unlabelled code fence would become a doctest that
//! fails to compile. Fences get the `text` label and lines lose their
//! leading indentation, which keeps the text readable and inert. Outside
//! code, what rustdoc would warn about in the user's `cargo doc` is made
//! plain text: brackets that are not links (`matrix[i]` reads as a broken
//! intra-doc link) are escaped, so is a `<` that would open an HTML tag
//! (`Option<String>`), and bare URLs become autolinks.

use std::borrow::Cow;

use openapiv3::SchemaData;

use crate::ir::{Extras, TypeDef, TypeKind};

/// The doc text of a schema: title, blank line, description.
pub fn schema_doc(data: &SchemaData) -> Option<String> {
    join(data.title.as_deref(), data.description.as_deref())
}

/// The definition of a type made from the schema at `pointer`, documented
/// and deprecated as the schema says (`name` may be left empty for
/// `Lowerer::define` to choose).
pub(crate) fn schema_type_def(name: String, data: &SchemaData, pointer: &str, kind: TypeKind) -> TypeDef {
    TypeDef {
        name,
        doc: schema_doc(data),
        deprecated: data.deprecated,
        pointer: pointer.to_string(),
        extras: Extras::default(),
        kind,
    }
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
    // Most descriptions have no tab: they are not copied for nothing.
    let text: Cow<str> = if text.contains('\t') {
        Cow::Owned(text.replace('\t', "    "))
    } else {
        Cow::Borrowed(text)
    };
    let common = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    // Reference-style links (`[text][ref]`) are links only when the text
    // defines `[ref]: url`.
    let definitions: Vec<String> = text
        .lines()
        .filter_map(|l| {
            l.trim_start()
                .strip_prefix('[')?
                .split_once("]:")
                .map(|(label, _)| label.to_lowercase())
        })
        .collect();
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
            out.extend(std::iter::repeat_n(' ', indent));
            out.push_str(&inert_inline(trimmed, &definitions));
        }
        out.push('\n');
    }
    if in_fence {
        out.push_str("```\n");
    }
    // Docs live through emitting: no spare capacity kept.
    out.truncate(out.trim_end().len());
    out.shrink_to_fit();
    out
}

/// One line of Markdown outside code fences, with what rustdoc would read
/// as an intra-doc link, an HTML tag or a bare URL made plain. Code spans,
/// Markdown links (`[text](url)`, `[text][ref]`), autolinks (`<https://…>`)
/// and escapes are kept as they are, so the function is idempotent.
fn inert_inline<'a>(line: &'a str, definitions: &[String]) -> Cow<'a, str> {
    // Most lines hold nothing to change; they are not copied.
    if !line.contains(['[', ']', '<', '`']) && !line.contains("http") {
        return Cow::Borrowed(line);
    }
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' => {
                out.push(c);
                if let Some(&next) = chars.get(i + 1) {
                    out.push(next);
                }
                i += 2;
            }
            '`' => {
                // A code span: the same run of backticks closes it.
                let run = chars[i..].iter().take_while(|&&b| b == '`').count();
                let close = (i + run..chars.len()).find(|&j| {
                    chars[j..].iter().take_while(|&&b| b == '`').count() == run && (j == 0 || chars[j - 1] != '`')
                });
                let end = close.map_or(i + run, |j| j + run);
                out.extend(&chars[i..end]);
                i = end;
            }
            '[' => match link_end(&chars, i, definitions) {
                Some(end) => {
                    out.extend(&chars[i..end]);
                    i = end;
                }
                None => {
                    out.push_str("\\[");
                    i += 1;
                }
            },
            ']' => {
                out.push_str("\\]");
                i += 1;
            }
            '<' => {
                let autolink = continues_with(&chars, i + 1, "http://") || continues_with(&chars, i + 1, "https://");
                match chars[i..].iter().position(|&e| e == '>') {
                    Some(len) if autolink => {
                        out.extend(&chars[i..=i + len]);
                        i += len + 1;
                    }
                    _ => {
                        let tag_like = chars
                            .get(i + 1)
                            .is_some_and(|n| n.is_ascii_alphabetic() || *n == '/' || *n == '!');
                        out.push_str(if tag_like { "\\<" } else { "<" });
                        i += 1;
                    }
                }
            }
            'h' if starts_url(&chars, i) => {
                let mut end = i;
                while end < chars.len() && !chars[end].is_whitespace() && !"<>\"'`)]".contains(chars[end]) {
                    end += 1;
                }
                // Sentence punctuation after a URL is not part of it.
                while end > i && ".,;:!?".contains(chars[end - 1]) {
                    end -= 1;
                }
                out.push('<');
                out.extend(&chars[i..end]);
                out.push('>');
                i = end;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    Cow::Owned(out)
}

/// Whether `chars` continue with `pattern` at `i`.
fn continues_with(chars: &[char], i: usize, pattern: &str) -> bool {
    let mut rest = chars.get(i..).unwrap_or_default().iter();
    pattern.chars().all(|p| rest.next() == Some(&p))
}

/// Where a Markdown link starting at `chars[start] == '['` ends: after
/// `[text](url)`, `[text][ref]` with `ref` defined, or a definition
/// `[ref]: url`; `None` when it is no link.
fn link_end(chars: &[char], start: usize, definitions: &[String]) -> Option<usize> {
    let close = start + chars[start..].iter().position(|&c| c == ']')?;
    match chars.get(close + 1) {
        Some('(') => {
            // The URL may hold balanced parentheses (`…/Foo_(bar)`).
            let mut depth = 0;
            for (j, &c) in chars.iter().enumerate().skip(close + 1) {
                match c {
                    '(' => depth += 1,
                    ')' if depth == 1 => return Some(j + 1),
                    ')' => depth -= 1,
                    _ => {}
                }
            }
            None
        }
        Some('[') => {
            let end = close + 1 + chars[close + 1..].iter().position(|&c| c == ']')?;
            let label: String = chars[close + 2..end].iter().collect();
            definitions.contains(&label.to_lowercase()).then_some(end + 1)
        }
        Some(':') if start == 0 => Some(chars.len()),
        _ => None,
    }
}

/// Whether a bare `http://` or `https://` URL starts at `i` (not inside a
/// word).
fn starts_url(chars: &[char], i: usize) -> bool {
    (continues_with(chars, i, "http://") || continues_with(chars, i, "https://"))
        && (i == 0 || !chars[i - 1].is_alphanumeric() && chars[i - 1] != '/')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_rustdoc_would_warn_about_becomes_plain() {
        assert_eq!(
            sanitize("matrix[i][j] counts inboxes[i]"),
            "matrix\\[i\\]\\[j\\] counts inboxes\\[i\\]"
        );
        assert_eq!(
            sanitize("a Vec<String> or <b>bold</b>"),
            "a Vec\\<String> or \\<b>bold\\</b>"
        );
        assert_eq!(
            sanitize("see https://example.com/a?b=1."),
            "see <https://example.com/a?b=1>."
        );
        assert_eq!(sanitize("1 < 2 and 3 <= 4"), "1 < 2 and 3 <= 4");
    }

    #[test]
    fn links_code_and_escapes_are_kept_and_sanitizing_twice_changes_nothing() {
        let text = "[a link](https://example.com/x_(y)) and [ref][r], `matrix[i] <T>`, <https://e.com>, \\[x\\]\n\n[r]: https://example.com/r";
        assert_eq!(sanitize(text), text);
        let messy = "inboxes[i] https://x.dev Option<String> `[j]`";
        assert_eq!(sanitize(&sanitize(messy)), sanitize(messy));
        assert_eq!(sanitize("```\nmatrix[i] <T>\n```"), "```text\nmatrix[i] <T>\n```");
    }
}
