//! Code written as text, laid out exactly as prettyplease lays out the
//! same tokens: its margin, its limit on struct literals, and where it
//! breaks a group that does not fit (one item per line, generic arguments
//! one per line). Items written as text (`types::text`, `method_text`) use
//! these lines; what they are not sure of goes through tokens instead.

/// prettyplease's line width: a group that fits in it stays on one line.
pub(super) const MARGIN: usize = 89;
/// How much room prettyplease gives a deeply indented line whatever the
/// margin: a line indented by 32 may end at column 92.
const MIN_SPACE: usize = 60;
/// prettyplease breaks a struct literal wider than this even when it fits.
pub(super) const STRUCT_LITERAL_WIDTH: usize = 34;
/// The indentation of items inside their section (`pub mod types`,
/// `impl Client`).
const SECTION_INDENT: usize = 4;
/// One level of indentation.
const INDENT: &str = "    ";

/// One line or several.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Layout {
    Flat,
    Broken,
}

/// Whether a group laid out flat as `flat` at `indent` (the section's
/// included) stays on one line: prettyplease keeps a group flat when it ends
/// within the margin (or `MIN_SPACE` columns from the indentation) and, for a struct literal, when its width (without the
/// closing brace) is within the literal limit. `flat` counts everything up
/// to prettyplease's next place to break: a field's comma, a signature's
/// ` {`, but not the comma it adds after a broken group's last item. The
/// tests check these rules at every width around both limits.
fn layout(flat: &str, indent: usize, literal_limit: Option<usize>) -> Layout {
    let fits_margin = indent + flat.len() <= line_end(indent);
    let fits_literal = literal_limit.is_none_or(|limit| flat.len().saturating_sub(1) <= limit);
    if fits_margin && fits_literal {
        Layout::Flat
    } else {
        Layout::Broken
    }
}

/// The last column a line indented by `indent` may reach.
fn line_end(indent: usize) -> usize {
    MARGIN.max(indent + MIN_SPACE)
}

/// `Outer<A, B>` as `Outer` and its top-level arguments `A`, `B`; `None`
/// for a type that does not end with its generic arguments.
fn generic_arguments(ty: &str) -> Option<(&str, Vec<&str>)> {
    let (outer, rest) = ty.split_once('<')?;
    let inner = rest.strip_suffix('>')?;
    let mut arguments = Vec::new();
    let (mut depth, mut start) = (0usize, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '<' | '(' => depth += 1,
            // The `<` after `outer` closes before the end: `A<B>::C<D>`.
            '>' | ')' => depth = depth.checked_sub(1)?,
            ',' if depth == 0 => {
                arguments.push(inner[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    arguments.push(inner[start..].trim());
    (depth == 0).then_some((outer, arguments))
}

/// Whether `ty` has a tuple with elements (a place prettyplease could
/// break); the unit type `()` has none.
fn has_tuple(ty: &str) -> bool {
    ty.match_indices('(').any(|(i, _)| !ty[i + 1..].starts_with(')'))
}

/// Text being written, line by line, refusing lines prettyplease could
/// break.
pub(super) struct Lines {
    pub(super) out: String,
}

impl Lines {
    /// A line of code at `depth` levels inside the item; `None` when it
    /// passes the margin.
    pub(super) fn code(&mut self, depth: usize, line: &str) -> Option<()> {
        self.code_then(depth, line, "")
    }

    /// [`Self::code`] for `line` followed by `uncounted`, text prettyplease
    /// prints only when it breaks the group around (the comma after a broken
    /// group's last item), which does not count towards the margin.
    pub(super) fn code_then(&mut self, depth: usize, line: &str, uncounted: &str) -> Option<()> {
        if !Self::fits(depth, line) {
            return None;
        }
        self.push_parts(depth, &[line, uncounted]);
        Some(())
    }

    /// `line` as an item of a broken group, with its comma, which counts
    /// towards the margin except after the group's `last` item.
    pub(super) fn code_item(&mut self, depth: usize, line: &str, last: bool) -> Option<()> {
        match last {
            true => self.code_then(depth, line, ","),
            false => {
                if !Self::fits_width(depth, line.len() + 1) {
                    return None;
                }
                self.push_parts(depth, &[line, ","]);
                Some(())
            }
        }
    }

    /// Whether `line` at `depth` ends within prettyplease's margin.
    pub(super) fn fits(depth: usize, line: &str) -> bool {
        Self::fits_width(depth, line.len())
    }

    /// [`Self::fits`] for a line of `width` bytes.
    fn fits_width(depth: usize, width: usize) -> bool {
        let indent = SECTION_INDENT + depth * INDENT.len();
        indent + width <= line_end(indent)
    }

    /// A line prettyplease has no place to break (no generic arguments, no
    /// tuple, no group), so it stays whole however long.
    pub(super) fn unbreakable(&mut self, depth: usize, line: &str) {
        self.push(depth, line);
    }

    /// `prefix`, a type and `suffix` on one line (a field, an alias, a
    /// parameter), laid out as prettyplease lays out the type's generic
    /// arguments: on the line when it fits; past the margin, one argument per
    /// line, each laid out the same way in turn:
    ///
    /// ```text
    /// pub inputs: Option<
    ///     ::switchboard_runtime::serde_json::Map<
    ///         String,
    ///         ::switchboard_runtime::serde_json::Value,
    ///     >,
    /// >,
    /// ```
    ///
    /// A type without generic arguments or a tuple has no place to break and
    /// stays whole; a tuple, or an `impl` type, past the margin is
    /// `None`.
    pub(super) fn typed(&mut self, depth: usize, prefix: &str, ty: &str, suffix: &str) -> Option<()> {
        self.typed_then(depth, prefix, ty, suffix, "")
    }

    /// [`Self::typed`] for an item of a broken group, as [`Self::code_item`].
    pub(super) fn typed_item(&mut self, depth: usize, prefix: &str, ty: &str, last: bool) -> Option<()> {
        match last {
            true => self.typed_then(depth, prefix, ty, "", ","),
            false => self.typed(depth, prefix, ty, ","),
        }
    }

    /// [`Self::typed`] followed by `uncounted` (see [`Self::code_then`]).
    fn typed_then(&mut self, depth: usize, prefix: &str, ty: &str, suffix: &str, uncounted: &str) -> Option<()> {
        // Most types fit: the line is written in parts, not built first.
        let whole = [prefix, ty, suffix, uncounted];
        let width = prefix.len() + ty.len() + suffix.len();
        if !ty.contains(['<', '(']) {
            self.push_parts(depth, &whole);
            return Some(());
        }
        let arguments = generic_arguments(ty).filter(|_| !has_tuple(ty) && !ty.starts_with("impl "));
        if arguments.is_none() && !Self::fits_width(depth, width) {
            return None;
        }
        let Some((outer, arguments)) = arguments.filter(|_| !Self::fits_width(depth, width)) else {
            self.push_parts(depth, &whole);
            return Some(());
        };
        self.push(depth, &format!("{prefix}{outer}<"));
        let last = arguments.len() - 1;
        for (i, argument) in arguments.into_iter().enumerate() {
            self.typed_item(depth + 1, "", argument, i == last)?;
        }
        self.push(depth, &format!(">{suffix}{uncounted}"));
        Some(())
    }

    /// A doc comment: prettyplease prints each `#[doc = " line"]` as
    /// `/// line` without trailing spaces, however long.
    pub(super) fn doc(&mut self, depth: usize, text: Option<&str>) {
        for line in text.into_iter().flat_map(str::lines) {
            match line.trim_end_matches(' ') {
                "" => self.push(depth, "///"),
                line => self.push_parts(depth, &["/// ", line]),
            }
        }
    }

    /// `open`, the items separated by commas and `close` on one line, or,
    /// past prettyplease's limits, `open` and `close` on lines of their own
    /// around one `item,` per line; `None` when an item passes the margin.
    pub(super) fn group(
        &mut self,
        depth: usize,
        delimiters: (&str, &str),
        items: &[String],
        literal_limit: Option<usize>,
    ) -> Option<()> {
        self.group_with(depth, delimiters, items, literal_limit, |lines, depth, item| {
            lines.code_item(depth, &items[item], item + 1 == items.len())
        })
    }

    /// [`Self::group`], with `broken_item` writing item `i` (its line and
    /// comma at `depth`) when the group is broken.
    pub(super) fn group_with(
        &mut self,
        depth: usize,
        (open, close): (&str, &str),
        items: &[String],
        literal_limit: Option<usize>,
        broken_item: impl Fn(&mut Self, usize, usize) -> Option<()>,
    ) -> Option<()> {
        let flat = format!("{open}{}{close}", items.join(", "));
        match layout(&flat, SECTION_INDENT + depth * INDENT.len(), literal_limit) {
            Layout::Flat => self.code(depth, &flat),
            Layout::Broken => {
                self.push(depth, open.trim_end());
                for item in 0..items.len() {
                    broken_item(self, depth + 1, item)?;
                }
                self.push(depth, close.trim_start());
                Some(())
            }
        }
    }

    pub(super) fn push(&mut self, depth: usize, line: &str) {
        self.push_parts(depth, &[line]);
    }

    /// [`Self::push`] for a line written in parts.
    fn push_parts(&mut self, depth: usize, parts: &[&str]) {
        for _ in 0..depth {
            self.out.push_str(INDENT);
        }
        for part in parts {
            self.out.push_str(part);
        }
        self.out.push('\n');
    }
}
