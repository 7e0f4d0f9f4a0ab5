//! Turning wire names into Rust identifiers, and keeping them unique.
//!
//! Every name in the generated code is decided here, once. Names that are not
//! identifiers (`@id`, `full-name`, `+1`, `1st`, `naïve`, `名前`) are spelled
//! out so that the result is a valid identifier; names that collide after
//! case conversion (`fooBar` and `foo_bar`) get a numeric suffix, in the order
//! the document lists them, so the outcome is deterministic.

use std::borrow::Cow;
use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Strict and reserved Rust keywords (2024 edition), plus `Self`.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn",
    "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self",
    "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while", "abstract",
    "become", "box", "do", "final", "macro", "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
    "union",
];

/// The text heck makes an identifier of: [`spell_out`]'s, or `raw` itself
/// when spelling out would change only separators (ASCII letters, digits
/// and separators: heck splits words at any separator as it does at the
/// spaces `spell_out` writes), which saves a string per name.
fn words(raw: &str) -> Cow<'_, str> {
    let spelled = |(i, b): (usize, &u8)| !b.is_ascii() || *b == b'+' || *b == b'@' || (i == 0 && *b == b'-');
    if raw.as_bytes().iter().enumerate().any(spelled) {
        Cow::Owned(spell_out(raw))
    } else {
        Cow::Borrowed(raw)
    }
}

/// Spells out characters that carry meaning but are not identifier
/// characters, and transliterates non-ASCII text, keeping word boundaries.
fn spell_out(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len() + 8);
    let mut chars = raw.chars().peekable();
    let mut first = true;
    while let Some(c) = chars.next() {
        match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' => out.push(c),
            '+' => out.push_str(" plus "),
            '@' => out.push_str(" at "),
            // `-1`, and `-name` (a descending sort key beside `name`).
            '-' if first && chars.peek().is_some_and(char::is_ascii_alphanumeric) => out.push_str(" minus "),
            c if c.is_ascii() => out.push(' '),
            c => match transliterate(c) {
                Some(ascii) => out.push_str(ascii),
                None => out.push_str(&format!(" u{:04x} ", c as u32)),
            },
        }
        first = false;
    }
    out
}

fn transliterate(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => "a",
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => "A",
        'ç' => "c",
        'Ç' => "C",
        'è' | 'é' | 'ê' | 'ë' => "e",
        'È' | 'É' | 'Ê' | 'Ë' => "E",
        'ì' | 'í' | 'î' | 'ï' => "i",
        'Ì' | 'Í' | 'Î' | 'Ï' => "I",
        'ñ' => "n",
        'Ñ' => "N",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => "o",
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => "O",
        'ù' | 'ú' | 'û' | 'ü' => "u",
        'Ù' | 'Ú' | 'Û' | 'Ü' => "U",
        'ý' | 'ÿ' => "y",
        'ß' => "ss",
        'æ' => "ae",
        'Æ' => "AE",
        _ => return None,
    })
}

/// A snake_case identifier for a field, parameter, method or module;
/// `digit_prefix` (a word saying what the name is: `field`, `param`) goes
/// before a name that would start with a digit, as for [`camel_ident`]:
/// `123` → `field_123`, never `_123` (which reads as unused, and which
/// clippy's `just_underscores_and_digits` rejects as an argument).
pub fn snake_ident(raw: &str, digit_prefix: &str) -> String {
    let mut name = words(raw).to_snake_case();
    if name.is_empty() {
        name = "value".to_string();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
        name.insert_str(0, digit_prefix);
    }
    if KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// An UpperCamelCase identifier for a type or variant; `digit_prefix` goes
/// before a name that would start with a digit.
pub fn camel_ident(raw: &str, digit_prefix: &str) -> String {
    let mut name = words(raw).to_upper_camel_case();
    if name.is_empty() {
        name = "Value".to_string();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, digit_prefix);
    }
    if KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// The name of a method made from the method `base` and a suffix
/// (`contact_create` + `multipart` → `contact_create_multipart`). A
/// keyword's escape is dropped, since the suffixed name is no keyword:
/// `type_` + `form` → `type_form`.
pub fn suffixed(base: &str, suffix: &str) -> String {
    format!("{}_{suffix}", base.trim_end_matches('_'))
}

/// An UpperCamelCase name made of two (`Self_` + `List` → `SelfList`,
/// `Self_` + `Items` → `SelfItems`): a keyword's escape on the first is
/// dropped, since the joined name is no keyword, and would otherwise leave
/// an underscore inside a camel-case name (rustc's `non_camel_case_types`).
pub fn camel_joined(first: &str, second: &str) -> String {
    let mut name = format!("{}{second}", first.trim_end_matches('_'));
    if KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// A set of names already taken in one scope.
#[derive(Debug, Default, Clone)]
pub struct Namespace {
    taken: BTreeSet<String>,
}

impl Namespace {
    /// A namespace with some names reserved up front.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Self {
            taken: reserved.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// Claims `base`, or `base2`, `base3` … (`base_2` for snake_case names).
    /// The number replaces a keyword's escape: `Self_` → `Self2`, `type_` →
    /// `type_2`.
    pub fn claim(&mut self, base: impl Into<String>) -> String {
        // Most names are free: the caller's string is kept, with one copy
        // for the set.
        let base = base.into();
        if !self.taken.contains(&base) {
            self.taken.insert(base.clone());
            return base;
        }
        let base = base.trim_end_matches('_');
        let separator = if base.starts_with(|c: char| c.is_ascii_uppercase()) {
            ""
        } else {
            "_"
        };
        (2..)
            .map(|n| format!("{base}{separator}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .unwrap_or_default()
    }

    /// True when `name` is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Names made from text of ASCII letters, digits and separators,
    /// which is not spelled out first, are the names spelled-out text gives.
    #[test]
    fn plain_text_is_named_as_if_spelled_out() {
        let samples = [
            "node_id",
            "HTMLUrl",
            "x-rate-limit",
            "a.b/c",
            "_links",
            "team__slug",
            "ABCdef",
            "v1.2",
            "a b  c",
            "$ref",
            "{owner}/{repo}",
            "UPPER_CASE",
            "camelCase9",
            "9lives",
            "",
            "__",
            "a-",
            "x~y",
        ];
        for raw in samples {
            assert!(matches!(words(raw), Cow::Borrowed(_)), "{raw}");
            assert_eq!(raw.to_snake_case(), spell_out(raw).to_snake_case(), "{raw}");
            assert_eq!(raw.to_upper_camel_case(), spell_out(raw).to_upper_camel_case(), "{raw}");
        }
        for spelled in ["+1", "@id", "-name", "-", "naïve"] {
            assert!(matches!(words(spelled), Cow::Owned(_)), "{spelled}");
        }
    }

    #[test]
    fn awkward_names_become_identifiers() {
        assert_eq!(snake_ident("@id", "field"), "at_id");
        assert_eq!(snake_ident("full-name", "field"), "full_name");
        assert_eq!(snake_ident("+1", "field"), "plus_1");
        assert_eq!(snake_ident("-1", "field"), "minus_1");
        assert_eq!(camel_ident("-last_activity_at", "V"), "MinusLastActivityAt");
        assert_eq!(snake_ident("1st", "field"), "field_1st");
        assert_eq!(snake_ident("123", "field"), "field_123");
        assert_eq!(snake_ident("1", "param"), "param_1");
        assert_eq!(snake_ident("type", "field"), "type_");
        assert_eq!(snake_ident("self", "field"), "self_");
        assert_eq!(snake_ident("naïve", "field"), "naive");
        assert_eq!(snake_ident("名前", "field"), "u540d_u524d");
        assert_eq!(snake_ident("_", "field"), "value");
        assert_eq!(camel_joined("Self_", "List"), "SelfList");
        assert_eq!(camel_joined("Pet", "Items"), "PetItems");
        assert_eq!(camel_joined("Se", "lf"), "Self_");
        assert_eq!(camel_ident("in-progress", "V"), "InProgress");
        assert_eq!(camel_ident("1st", "V"), "V1st");
        assert_eq!(camel_ident("self", "V"), "Self_");
    }

    #[test]
    fn collisions_get_suffixes_in_order() {
        let mut fields = Namespace::default();
        assert_eq!(fields.claim(snake_ident("fooBar", "field")), "foo_bar");
        assert_eq!(fields.claim(snake_ident("foo_bar", "field")), "foo_bar_2");
        assert_eq!(fields.claim(snake_ident("FooBar", "field")), "foo_bar_3");
        let mut types = Namespace::default();
        assert_eq!(types.claim("ContactInfo"), "ContactInfo");
        assert_eq!(types.claim("ContactInfo"), "ContactInfo2");
    }

    #[test]
    fn suffixes_replace_a_keyword_escape() {
        let mut variants = Namespace::default();
        assert_eq!(variants.claim(camel_ident("Self", "V")), "Self_");
        assert_eq!(variants.claim(camel_ident("self", "V")), "Self2");
        let mut fields = Namespace::default();
        assert_eq!(fields.claim(snake_ident("type", "field")), "type_");
        assert_eq!(fields.claim(snake_ident("type_", "field")), "type_2");
        assert_eq!(suffixed("type_", "form"), "type_form");
        assert_eq!(suffixed("self_", "multipart"), "self_multipart");
        assert_eq!(suffixed("list_things_2", "pages"), "list_things_2_pages");
    }
}
