//! Invocations of the runtime's macros (`object!`, `string_enum!`,
//! `untagged!`), written as text.
//!
//! prettyplease prints the tokens of a macro it does not know as one flowing
//! paragraph, so these few, regular invocations are laid out here instead:
//! one entry per line, at column 0 (render indents them to their section).
//!
//! ```text
//! ::switchboard_runtime::object! {
//!     Contact {
//!         id: "id" required,
//!         name: "name" optional,
//!     }
//!     required { id: "id" }
//! }
//! ```

/// An invocation being written.
pub struct Invocation {
    out: String,
}

impl Invocation {
    /// `::switchboard_runtime::<macro>! {` and the first line of its body,
    /// `<head> {`.
    pub fn new(macro_name: &str, head: &str) -> Self {
        Self {
            out: format!("::switchboard_runtime::{macro_name}! {{\n    {head} {{\n"),
        }
    }

    /// One entry of the first group, `entry,` on its own line.
    pub fn entry(&mut self, entry: &str) {
        self.out.push_str("        ");
        self.out.push_str(entry);
        self.out.push_str(",\n");
    }

    /// Closes the first group.
    pub fn end_entries(&mut self) {
        self.out.push_str("    }\n");
    }

    /// A line after the first group (`extra additional_properties`, or a
    /// `name { a, b }` section, laid out on several lines when long).
    pub fn section(&mut self, name: &str, items: &[String]) {
        let inline = format!("    {name} {{ {} }}", items.join(", "));
        if inline.len() <= 100 {
            self.out.push_str(&inline);
            self.out.push('\n');
            return;
        }
        self.out.push_str(&format!("    {name} {{\n"));
        for item in items {
            self.out.push_str(&format!("        {item},\n"));
        }
        self.out.push_str("    }\n");
    }

    /// A line after the first group, as it is.
    pub fn line(&mut self, line: &str) {
        self.out.push_str("    ");
        self.out.push_str(line);
        self.out.push('\n');
    }

    /// The finished invocation.
    pub fn finish(mut self) -> String {
        self.out.push_str("}\n");
        self.out
    }
}

/// A Rust string literal for `text`.
pub fn string_literal(text: &str) -> String {
    format!("{text:?}")
}
