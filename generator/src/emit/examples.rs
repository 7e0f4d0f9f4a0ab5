//! The example tests (`Generator::with_example_tests`): one test per example
//! of the document, decoding it into its type and serialising it back.
//!
//! ```text
//! #[cfg(test)]
//! mod example_tests {
//!     use super::types;
//!     // Examples without a test: <pointer>: <why>
//!     /// `#/components/schemas/Contact/example`
//!     #[test]
//!     fn schemas_contact_example() {
//!         ::switchboard_runtime::examples::check::<types::Contact>("api.yaml", "#/…/example", r#"{…}"#);
//!     }
//! }
//! ```

use super::invocation::string_literal;
use super::type_expr::Paths;
use crate::ir::{Example, UntestedExample};

/// The name of the test module.
pub const MODULE: &str = "example_tests";

/// One example's test function, as text at column 0 (prettyplease would
/// break the turbofish over three lines):
///
/// ```text
/// /// `#/components/schemas/Contact/example`
/// #[test]
/// fn schemas_contact_example() {
///     ::switchboard_runtime::examples::check::<types::Contact>(
///         "api.yaml",
///         "#/components/schemas/Contact/example",
///         r#"{"id":3}"#,
///     );
/// }
/// ```
pub fn example_test(example: &Example, paths: &Paths) -> Result<String, String> {
    let ty = type_text(&paths.ty_outside(&example.ty))?;
    Ok(format!(
        "/// `{doc}`\n#[test]\nfn {name}() {{\n    ::switchboard_runtime::examples::check::<{ty}>(\n        {file},\n        {pointer},\n        {json},\n    );\n}}\n",
        doc = example.pointer.replace('`', "'").replace(['\n', '\r'], " "),
        name = example.test_name,
        file = string_literal(&example.file),
        pointer = string_literal(&example.pointer),
        json = raw_string(&example.value.to_string()),
    ))
}

/// A type's tokens as prettyplease spells them (`Option<types::Contact>`).
fn type_text(tokens: &proc_macro2::TokenStream) -> Result<String, String> {
    let file: syn::File =
        syn::parse2(quote::quote!(type T = #tokens;)).map_err(|e| format!("an example's type does not parse: {e}"))?;
    let text = prettyplease::unparse(&file);
    text.trim()
        .strip_prefix("type T = ")
        .and_then(|rest| rest.strip_suffix(';'))
        .map(str::to_owned)
        .ok_or_else(|| format!("unexpected formatting of a type: {text}"))
}

/// The comment lines listing the examples without a test.
pub fn untested_comment(untested: &[UntestedExample], source: &str) -> String {
    if untested.is_empty() {
        return String::new();
    }
    let mut out = String::from("// Examples without a test:\n");
    for example in untested {
        let place = if example.file == source {
            example.pointer.clone()
        } else {
            format!("{}: {}", example.file, example.pointer)
        };
        let line = format!("// {place}: {}", example.reason);
        out.extend(line.chars().map(|c| if c.is_control() { ' ' } else { c }));
        out.push('\n');
    }
    out
}

/// `text` (one line of JSON: no carriage return) as a raw string literal,
/// with as many `#` as it needs.
fn raw_string(text: &str) -> String {
    if text.contains('\r') {
        return string_literal(text);
    }
    let mut hashes = 1;
    while text.contains(&format!("\"{}", "#".repeat(hashes))) {
        hashes += 1;
    }
    let fence = "#".repeat(hashes);
    format!("r{fence}\"{text}\"{fence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_strings_fence_their_text() {
        assert_eq!(raw_string(r#"{"a":1}"#), r##"r#"{"a":1}"#"##);
        assert_eq!(raw_string(r##"{"a":"#"}"##), r###"r##"{"a":"#"}"##"###);
    }
}
