//! Stage 4, render: tokens → formatted, deterministic source text.
//!
//! [`render_api`] emits and formats the module piece by piece (a type, the
//! client, a method; see [`emit::pieces`]) on a few worker threads and joins
//! the texts in order. Each piece's tokens are formatted by prettyplease
//! inside the same wrapper they have in the module (`pub mod types { … }`,
//! `impl Client { … }`) and the wrapper stripped, so their lines are
//! indented as in the module; what emit wrote as text (most types and
//! methods) is only indented. The text of a piece does not depend on the number of threads.
//! Never holding the whole module's tokens or syntax tree at once also
//! keeps memory down on large documents.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use proc_macro2::TokenStream;
use quote::quote;

use crate::diagnostics::{Diagnostic, GenerateError};
use crate::emit::{self, Piece, Section};
use crate::ir::Api;

/// The rendered module and where the time went (the times are for the
/// benchmark, feature `internals`).
#[derive(Debug, Clone)]
#[cfg_attr(not(feature = "internals"), allow(dead_code))]
pub struct Rendered {
    /// The formatted module, header included.
    pub code: String,
    /// The modules of the type crates when the client is split into crates
    /// ([`crate::split`]); empty otherwise.
    pub parts: Vec<crate::split::Part>,
    /// Time spent emitting tokens, summed over threads.
    pub emit_time: Duration,
    /// Time spent parsing and formatting, summed over threads.
    pub format_time: Duration,
    /// Worker threads used.
    pub threads: usize,
}

/// How many pieces a worker takes at a time: large enough that taking work
/// costs nothing, small enough that the threads finish together.
const BATCH: usize = 16;

/// The number of threads [`render_api`] uses by default: the machine's
/// parallelism, at most 8.
pub fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get()).min(8)
}

/// Emits and formats the module for `api` on up to `threads` threads. An
/// error here is the generator's own fault (code that does not parse), said
/// as such.
#[cfg_attr(not(feature = "internals"), allow(dead_code))]
pub fn render_api(api: &Api, threads: usize) -> Result<Rendered, GenerateError> {
    render_api_split(api, threads, None)
}

/// [`render_api`], with the types put in crates of their own when `split`
/// says so: `code` is then the client crate's module and `parts` the type
/// crates' (see [`crate::split`]).
pub(crate) fn render_api_split(
    api: &Api,
    threads: usize,
    split: Option<&crate::split::Split>,
) -> Result<Rendered, GenerateError> {
    render_pieces(api, threads, split).map_err(|message| {
        GenerateError::from(Diagnostic::document_error(
            &api.source,
            format!("internal error of the generator (please report it): {message}"),
        ))
    })
}

fn render_pieces(api: &Api, threads: usize, split: Option<&crate::split::Split>) -> Result<Rendered, String> {
    let pieces = emit::pieces(api);
    let threads = threads.clamp(1, pieces.len().div_ceil(BATCH).max(1));
    let next = AtomicUsize::new(0);
    // Each worker returns the pieces it took, by index, and its times.
    let worker = || {
        let paths = emit::Paths::new(api);
        let mut done: Vec<(usize, Result<String, String>)> = Vec::new();
        let (mut emit_time, mut format_time) = (Duration::ZERO, Duration::ZERO);
        loop {
            let start = next.fetch_add(BATCH, Ordering::Relaxed);
            if start >= pieces.len() {
                break;
            }
            let end = (start + BATCH).min(pieces.len());
            for (index, &piece) in pieces.iter().enumerate().take(end).skip(start) {
                let t = Instant::now();
                let emitted = emit::emit_piece(api, &paths, piece);
                let t2 = Instant::now();
                let text = format_piece(emitted.tokens, piece).map(|formatted| {
                    let mut text = separate_items(&formatted);
                    if let Some(written) = &emitted.text {
                        join(&mut text, &indent(written, piece.section()));
                    }
                    text
                });
                format_time += t2.elapsed();
                emit_time += t2 - t;
                done.push((index, text));
            }
        }
        (done, emit_time, format_time)
    };
    let outcomes: Vec<_> = if threads == 1 {
        vec![worker()]
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads).map(|_| scope.spawn(worker)).collect();
            handles
                .into_iter()
                .map(|h| h.join().map_err(|_| "a render thread panicked".to_string()))
                .collect::<Result<_, _>>()
        })?
    };

    let mut texts: Vec<Option<String>> = vec![None; pieces.len()];
    let (mut emit_time, mut format_time) = (Duration::ZERO, Duration::ZERO);
    for (done, emitted, formatted) in outcomes {
        emit_time += emitted;
        format_time += formatted;
        for (index, text) in done {
            texts[index] = Some(text?);
        }
    }
    if texts.iter().any(Option::is_none) {
        return Err("a piece was not rendered".to_string());
    }
    let (code, parts) = match split {
        None => {
            let mut code = assemble(api, &pieces, &mut texts, TypesSection::Pieces);
            code.push_str(&example_tests(api)?);
            (code, Vec::new())
        }
        Some(split) => split.assemble(api, &pieces, &mut texts, &example_tests(api)?),
    };
    Ok(Rendered {
        code,
        parts,
        emit_time,
        format_time,
        threads,
    })
}

/// The fixed header: no timestamp or version, so the same input always
/// gives the same bytes.
pub(crate) fn header(api: &Api) -> String {
    let source = &api.source;
    let overlays = match api.overlays.as_slice() {
        [] => String::new(),
        [one] => format!(" with the overlay `{one}`"),
        several => format!(
            " with the overlays {}",
            several.iter().map(|o| format!("`{o}`")).collect::<Vec<_>>().join(", ")
        ),
    };
    format!(
        "// Generated by switchboard-codegen from `{source}`{overlays}.\n// Do not edit by hand: change the API description and regenerate.\n\n"
    )
}

const TYPES_OPEN: &str = "pub mod types {\n";
const IMPL_OPEN: &str = "impl Client {\n";

/// One piece formatted as it appears in the module, lines indented as in
/// their section, without the section's own first and last line.
pub(crate) fn format_piece(tokens: TokenStream, piece: Piece<'_>) -> Result<String, String> {
    // A piece written wholly as text (most types) has nothing to format.
    if tokens.is_empty() {
        return Ok(String::new());
    }
    let (wrapped, open) = match piece.section() {
        Section::Types => (quote!(pub mod types { #tokens }), TYPES_OPEN),
        Section::ClientImpl => (quote!(impl Client { #tokens }), IMPL_OPEN),
        Section::TopLevel => (tokens, ""),
    };
    let file: syn::File = syn::parse2(wrapped).map_err(|e| format!("generated code does not parse: {e}"))?;
    let text = prettyplease::unparse(&file);
    if open.is_empty() {
        return Ok(text);
    }
    text.strip_prefix(open)
        .and_then(|inner| inner.strip_suffix("}\n"))
        .map(str::to_owned)
        .ok_or_else(|| format!("unexpected formatting of a wrapped piece: {:?}", text.lines().next()))
}

/// What the module's `types` holds.
pub(crate) enum TypesSection<'a> {
    /// The type pieces themselves.
    Pieces,
    /// A `pub use` of each type crate's `types` (a client split into
    /// crates, [`crate::split`]), inlined in the docs so the client's
    /// `types` page lists every type.
    ReExports(&'a [String]),
}

/// Joins the formatted pieces into the module:
///
/// ```text
/// /// Types of the API's schemas, parameters and responses.
/// pub mod types { <type pieces> }
/// <client piece>
/// impl Client { <method pieces> }
/// ```
///
/// Each text is taken from `texts` (and dropped once copied, so the pieces
/// and the module are not both whole in memory for long).
pub(crate) fn assemble(
    api: &Api,
    pieces: &[Piece<'_>],
    texts: &mut [Option<String>],
    types: TypesSection<'_>,
) -> String {
    let allow = allow_deprecated(api);
    let total = texts.iter().flatten().map(String::len).sum::<usize>();
    let mut out = String::with_capacity(total + total / 64 + 512);
    out.push_str(&header(api));
    out.push_str("/// Types of the API's schemas, parameters and responses.\n");
    match types {
        TypesSection::Pieces => {
            out.push_str(allow);
            out.push_str(TYPES_OPEN);
            if take_section(&mut out, pieces, texts, |piece| piece.section() == Section::Types) {
                out.push_str("}\n");
            } else {
                close_empty(&mut out);
            }
        }
        TypesSection::ReExports(crates) => {
            out.push_str(TYPES_OPEN);
            for name in crates {
                out.push_str(&format!("    #[doc(inline)]\n    pub use {name}::types::*;\n"));
            }
            out.push_str("}\n");
        }
    }
    take_section(&mut out, pieces, texts, |piece| piece.section() == Section::TopLevel);
    join(&mut out, &format!("{allow}{IMPL_OPEN}"));
    if take_section(&mut out, pieces, texts, |piece| piece.section() == Section::ClientImpl) {
        out.push_str("}\n");
    } else {
        close_empty(&mut out);
    }
    out
}

/// `#[allow(deprecated)]` and a newline when the module uses deprecated
/// items, else nothing.
pub(crate) fn allow_deprecated(api: &Api) -> &'static str {
    if emit::allow_deprecated(api) {
        "#[allow(deprecated)]\n"
    } else {
        ""
    }
}

/// Appends the texts of the pieces `wanted` picks, in order, taking them
/// out of `texts`; whether there was any.
pub(crate) fn take_section(
    out: &mut String,
    pieces: &[Piece<'_>],
    texts: &mut [Option<String>],
    wanted: impl Fn(&Piece<'_>) -> bool,
) -> bool {
    let mut any = false;
    for (piece, text) in pieces.iter().zip(texts.iter_mut()) {
        if wanted(piece)
            && let Some(text) = text.take()
        {
            join(out, &text);
            any = true;
        }
    }
    any
}

/// The example tests, after the module (nothing when there are none):
///
/// ```text
/// /// Every example of the document … (switchboard_runtime::examples).
/// #[cfg(test)]
/// mod example_tests { use super::types; <untested list> <one test per example> }
/// ```
fn example_tests(api: &Api) -> Result<String, String> {
    let examples = &api.examples;
    if examples.tested.is_empty() && examples.untested.is_empty() {
        return Ok(String::new());
    }
    let paths = emit::Paths::new(api);
    let mut tests = String::new();
    for example in &examples.tested {
        if !tests.is_empty() {
            tests.push('\n');
        }
        tests.push_str(&emit::examples::example_test(example, &paths)?);
    }
    let allow = if emit::allow_deprecated(api) {
        "#[allow(deprecated)]\n"
    } else {
        ""
    };
    let untested = emit::examples::untested_comment(&examples.untested, &api.source);
    let mut body = String::from("#[allow(unused_imports)]\nuse super::types;\n");
    for part in [untested, tests] {
        if !part.is_empty() {
            body.push('\n');
            body.push_str(&part);
        }
    }
    Ok(format!(
        "\n/// Every example of the document, decoded into its type and serialised back\n\
         /// (`switchboard_runtime::examples`).\n#[cfg(test)]\n{allow}mod {} {{\n{}}}\n",
        emit::examples::MODULE,
        indent(&body, Section::Types)
    ))
}

/// Text laid out at column 0, indented as items of `section` are.
pub(crate) fn indent(text: &str, section: Section) -> String {
    let pad = match section {
        Section::TopLevel => return text.to_owned(),
        Section::Types | Section::ClientImpl => "    ",
    };
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for line in text.lines() {
        if !line.is_empty() {
            out.push_str(pad);
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

/// `pub mod types {\n` with nothing inside becomes `pub mod types {}\n`.
fn close_empty(out: &mut String) {
    out.truncate(out.len() - 1);
    out.push_str("}\n");
}

/// Appends `text` (whole lines, items already separated) to `out`, with
/// the blank line [`separate_items`] would put at the joint.
fn join(out: &mut String, text: &str) {
    let last = out.trim_end_matches('\n').rsplit('\n').next().unwrap_or_default();
    if let Some(first) = text.lines().next()
        && closes_item(last)
        && starts_item(first, last)
    {
        out.push('\n');
    }
    out.push_str(text);
}

/// prettyplease prints items back to back; hand-written Rust puts a blank
/// line between items. A line that closes an item (`}` or `…;` at some
/// indentation) followed by the start of another item at the same
/// indentation gets a blank line between them.
pub(crate) fn separate_items(code: &str) -> String {
    let mut out = String::with_capacity(code.len() + code.len() / 16);
    let mut lines = code.lines().peekable();
    while let Some(line) = lines.next() {
        out.push_str(line);
        out.push('\n');
        if let Some(next) = lines.peek()
            && closes_item(line)
            && starts_item(next, line)
        {
            out.push('\n');
        }
    }
    out
}

/// `}` or `…;`, or a runtime macro invocation on one line
/// (`::switchboard_runtime::untagged! { Id { Number, String } }`); not a
/// comment.
fn closes_item(line: &str) -> bool {
    let trimmed = line.trim();
    let one_line_invocation = trimmed.starts_with("::switchboard_runtime::") && trimmed.ends_with('}');
    (trimmed == "}" || trimmed.ends_with(';') || one_line_invocation) && !trimmed.starts_with("//")
}

/// `next` starts an item at the indentation of `line`.
fn starts_item(next: &str, line: &str) -> bool {
    let next_trimmed = next.trim_start();
    indentation(next) == indentation(line)
        && [
            "///",
            "#[",
            "pub ",
            "impl",
            "fn ",
            "static ",
            "const ",
            "mod ",
            "enum ",
            "struct ",
            "type ",
            "::switchboard_runtime::",
        ]
        .iter()
        .any(|prefix| next_trimmed.starts_with(prefix))
}

fn indentation(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A union's serde impls fit on one line; the item after them used to
    /// follow with no blank line between.
    #[test]
    fn one_line_invocation_is_followed_by_a_blank_line() {
        let union = "    ::switchboard_runtime::untagged! { Id { Number, String } }\n";
        let next = "    /// A contact.\n    pub struct Contact {}\n";
        let mut out = String::from(union);
        join(&mut out, next);
        assert_eq!(out, format!("{union}\n{next}"));
        assert_eq!(separate_items(&format!("{union}{next}")), format!("{union}\n{next}"));
        // A comment that ends in a brace closes nothing.
        let mut out = String::from("    // ::switchboard_runtime::x! { }\n");
        join(&mut out, next);
        assert!(!out.contains("\n\n"), "{out}");
    }
}
