//! Items written as text, laid out exactly as prettyplease lays out their
//! tokens: structs (definition and constructor), aliases and string enums.
//! They are most of a large module (GitHub: 2,000 structs, 5,200 aliases,
//! 750 enums) and their shapes are fixed, so writing them directly skips
//! building, parsing and formatting their tokens, the largest part of
//! generation time. What this file does not lay out as prettyplease would
//! (a line past the margin that prettyplease could break somewhere other
//! than in generic arguments, attributes added by callbacks, an empty
//! struct) goes through tokens instead: each function returns `None`, and
//! the output is the same bytes either way.
//!
//! ```text
//! /// doc
//! #[derive(Debug, Clone, PartialEq)]
//! pub struct Contact {
//!     /// doc
//!     pub id: i64,
//!     pub name: Option<String>,
//! }
//!
//! impl Contact {
//!     /// A value with the required fields set and the others empty or at their defaults.
//!     pub fn new(id: i64) -> Self {          // one parameter per line past the margin
//!         Self { id, name: Option::None }    // one field per line past prettyplease's limits
//!     }
//! }
//! ```
//!
//! Lines are written at column 0; render indents them into `pub mod types`.

use super::super::lines::{Lines, STRUCT_LITERAL_WIDTH};
use super::super::type_expr::Paths;
use super::enums::OTHER_DOC;
use super::structs::{DEFAULT_DOC, EXTRA_DOC, Init, NEW_DOC, StructPlan};
use crate::ir::{StringEnum, TypeDef, TypeExpr};

/// A type's docs and `#[deprecated]`; `None` when callbacks add derives or
/// attributes (they are written as tokens).
fn head(def: &TypeDef) -> Option<Lines> {
    if !def.extras.derives.is_empty() || !def.extras.attributes.is_empty() {
        return None;
    }
    let mut lines = Lines { out: String::new() };
    lines.doc(0, def.doc.as_deref());
    if def.deprecated {
        lines.push(0, "#[deprecated]");
    }
    Some(lines)
}

/// `pub type Name = Type;` with its docs.
pub(super) fn alias(def: &TypeDef, ty: &TypeExpr, paths: &Paths) -> Option<String> {
    let mut lines = head(def)?;
    let ty = paths.ty_text(ty);
    lines.typed(0, &format!("pub type {} = ", def.name), &ty, ";")?;
    Some(lines.out)
}

/// The definition of a string enum: its variants and the catch-all.
pub(super) fn string_enum(def: &TypeDef, e: &StringEnum, paths: &Paths) -> Option<String> {
    let mut lines = head(def)?;
    lines.push(0, "#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]");
    lines.unbreakable(0, &format!("pub enum {} {{", def.name));
    for variant in &e.variants {
        lines.unbreakable(1, &format!("{},", variant.name));
    }
    lines.doc(1, Some(OTHER_DOC));
    lines.code(1, &format!("{}({}),", e.other, paths.ty_text(&TypeExpr::String)))?;
    lines.push(0, "}");
    Some(lines.out)
}

/// The definition and constructor of a struct.
pub(super) fn struct_items(def: &TypeDef, plan: &StructPlan<'_>, paths: &Paths) -> Option<String> {
    if plan.fields.is_empty() && plan.extra.is_none() {
        return None;
    }
    let mut lines = head(def)?;
    let default = if plan.derives_default { ", Default" } else { "" };
    lines.push(0, &format!("#[derive({}{default})]", paths.derives()));
    lines.unbreakable(0, &format!("pub struct {} {{", def.name));
    // Each field's type, spelled once for the definition and `new`.
    let types: Vec<String> = plan.fields.iter().map(|f| paths.ty_text(&f.ty)).collect();
    for (f, ty) in plan.fields.iter().zip(&types) {
        lines.doc(1, f.field.doc.as_deref());
        if f.field.deprecated {
            lines.push(1, "#[deprecated]");
        }
        lines.typed(1, &format!("pub {}: ", f.field.name), ty, ",")?;
    }
    if let Some((name, ty)) = &plan.extra {
        lines.doc(1, Some(EXTRA_DOC));
        lines.typed(1, &format!("pub {name}: "), &paths.ty_text(ty), ",")?;
    }
    lines.push(0, "}");
    constructor(&mut lines, def, plan, &types, paths)?;
    Some(lines.out)
}

/// `new(required…)`, or `Default` written out, as in `structs::constructor`.
/// `types` are the fields' types as the definition spells them.
fn constructor(lines: &mut Lines, def: &TypeDef, plan: &StructPlan<'_>, types: &[String], paths: &Paths) -> Option<()> {
    // Each parameter as its name and its type.
    let params: Vec<(String, String)> = plan
        .fields
        .iter()
        .zip(types)
        .filter_map(|(f, ty)| match f.init {
            Init::Param(true) => Some((format!("{}: ", f.field.name), format!("impl Into<{ty}>"))),
            Init::Param(false) => Some((format!("{}: ", f.field.name), ty.clone())),
            _ => None,
        })
        .collect();
    let schema_defaults = plan.fields.iter().any(|f| matches!(f.init, Init::SchemaDefault(_)));
    if params.is_empty() && !schema_defaults {
        return Some(());
    }
    let mut values: Vec<String> = plan
        .fields
        .iter()
        .map(|f| {
            let name = &f.field.name;
            match &f.init {
                Init::Param(true) => format!("{name}: {name}.into()"),
                Init::Param(false) => name.clone(),
                Init::SchemaDefault(value) => format!("{name}: {}", value.printed),
                Init::Default => format!("{name}: ::std::default::Default::default()"),
                Init::None => format!("{name}: {}", paths.option_none_text()),
            }
        })
        .collect();
    if let Some((name, _)) = &plan.extra {
        values.push(format!("{name}: ::std::default::Default::default()"));
    }

    lines.push(0, "");
    if params.is_empty() {
        lines.code(0, &format!("impl ::std::default::Default for {} {{", def.name))?;
        lines.doc(1, Some(DEFAULT_DOC));
        lines.push(1, "fn default() -> Self {");
    } else {
        lines.unbreakable(0, &format!("impl {} {{", def.name));
        lines.doc(1, Some(NEW_DOC));
        if params.len() > 7 {
            lines.push(1, "#[allow(clippy::too_many_arguments)]");
        }
        let flat: Vec<String> = params.iter().map(|(name, ty)| format!("{name}{ty}")).collect();
        lines.group_with(1, ("pub fn new(", ") -> Self {"), &flat, None, |lines, depth, i| {
            let (name, ty) = &params[i];
            lines.typed_item(depth, name, ty, i + 1 == params.len())
        })?;
    }
    lines.group(2, ("Self { ", " }"), &values, Some(STRUCT_LITERAL_WIDTH))?;
    lines.push(1, "}");
    lines.push(0, "}");
    Some(())
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::super::alias_tokens;
    use super::super::enums::string_enum_tokens;
    use super::super::structs::{StructPlan, struct_tokens};
    use super::*;
    use crate::diagnostics::GenerateError;
    use crate::emit::{Piece, Section};
    use crate::ir::TypeKind;
    use crate::load::{self, LoadOptions, LoadedDocument};
    use crate::render::{format_piece, indent, separate_items};

    /// How many items were compared, how many were written as text, and
    /// which layouts the structs' groups took.
    #[derive(Debug, Default)]
    struct Seen {
        items: usize,
        written: usize,
        structs: usize,
        structs_written: usize,
        flat_signatures: usize,
        broken_signatures: usize,
        flat_literals: usize,
        broken_literals: usize,
        broken_generics: usize,
    }

    /// Compares the two layouts of every struct, alias and string enum of a
    /// document.
    fn compare(document: Result<LoadedDocument, GenerateError>, display: &str, seen: &mut Seen) {
        // Invalid fixtures (the error tests') have no types to compare.
        let Ok(document) = document else { return };
        let Ok((api, _)) = crate::lower::lower(&document, None, crate::lower::Options::default()) else {
            return;
        };
        let paths = Paths::new(&api);
        for def in &api.types {
            let (text, tokens) = match &def.kind {
                TypeKind::Struct(s) | TypeKind::Params(s) => {
                    let plan = StructPlan::new(s, matches!(def.kind, TypeKind::Struct(_)));
                    seen.structs += 1;
                    (struct_items(def, &plan, &paths), struct_tokens(def, &plan, &paths))
                }
                TypeKind::Alias(ty) => (alias(def, ty, &paths), alias_tokens(def, ty, &paths)),
                TypeKind::StringEnum(e) => (string_enum(def, e, &paths), string_enum_tokens(def, e, &paths)),
                _ => continue,
            };
            seen.items += 1;
            let Some(text) = text else { continue };
            seen.written += 1;
            seen.broken_generics += usize::from(text.contains("<\n"));
            if matches!(def.kind, TypeKind::Struct(_) | TypeKind::Params(_)) {
                seen.structs_written += 1;
                seen.flat_signatures += usize::from(text.contains("pub fn new(") && !text.contains("pub fn new(\n"));
                seen.broken_signatures += usize::from(text.contains("pub fn new(\n"));
                seen.flat_literals += usize::from(text.contains("Self { "));
                seen.broken_literals += usize::from(text.contains("Self {\n"));
            }
            let printed = format_piece(tokens, Piece::Type(def)).expect("the token path formats");
            assert_eq!(
                indent(&text, Section::Types),
                separate_items(&printed),
                "{display}: {} written as text differs from prettyplease's layout",
                def.name
            );
        }
    }

    fn check_files(dir: &Path, extensions: &[&str], seen: &mut Seen) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .expect("readable")
            .flatten()
            .map(|e| e.path())
            .collect();
        entries.sort();
        for path in entries {
            let matches = path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| extensions.contains(&e));
            if !matches || path.to_string_lossy().contains(".overlay.") {
                continue;
            }
            let display = path.display().to_string();
            compare(load::load_file(&path, &display, LoadOptions::default()), &display, seen);
        }
    }

    /// Every struct of the repository's specs and fixtures.
    #[test]
    fn text_layout_matches_prettyplease_on_every_fixture() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut seen = Seen::default();
        check_files(&root.join("specs"), &["yaml", "json"], &mut seen);
        check_files(&root.join("tests/fixtures"), &["yaml", "json"], &mut seen);
        // Not vacuous: most items are written as text.
        assert!(seen.written * 10 > seen.items * 9, "{seen:?}");
    }

    /// The large real documents, when this clone has them: Chatwoot's
    /// published ones (`../shared`, or `SWITCHBOARD_CHATWOOT_DIR`) and
    /// GitHub's (installed by `scripts/corpus-setup`).
    #[test]
    fn text_layout_matches_prettyplease_on_chatwoot_and_github() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let chatwoot = std::env::var_os("SWITCHBOARD_CHATWOOT_DIR")
            .map_or_else(|| root.join("../shared/upstream/chatwoot"), Into::into);
        let documents = [
            chatwoot.join("swagger.json"),
            chatwoot.join("tag_groups/application_swagger.json"),
            chatwoot.join("tag_groups/platform_swagger.json"),
            root.join("corpus/node_modules/@octokit/openapi/generated/api.github.com.json"),
        ];
        for path in documents {
            if !path.is_file() {
                eprintln!("SKIPPED: {} is absent, its structs were not compared", path.display());
                continue;
            }
            let display = path.display().to_string();
            let mut seen = Seen::default();
            compare(
                load::load_file(&path, &display, LoadOptions::default()),
                &display,
                &mut seen,
            );
            eprintln!("{display}: {seen:?}");
            assert!(seen.written * 10 > seen.items * 7, "{display}: {seen:?}");
        }
    }

    /// Names, parameters and defaults of every width around prettyplease's
    /// margin and its struct-literal limit, in both layouts of each group.
    #[test]
    fn text_layout_matches_prettyplease_around_the_limits() {
        let mut schemas = Vec::new();
        for width in 1..=70 {
            let name = "f".repeat(width);
            let many: Vec<String> = (0..width.div_ceil(8))
                .map(|i| format!("\"p{i}_{}\"", "x".repeat(width % 9)))
                .collect();
            let properties: Vec<String> = (0..width.div_ceil(8))
                .map(|i| format!("\"p{i}_{}\": {{\"type\": \"integer\"}}", "x".repeat(width % 9)))
                .collect();
            schemas.push(format!(
                "\"Wide{width}\": {{\"type\": \"object\", \"required\": [\"{name}\", \"id\"], \"properties\": {{\
                 \"{name}\": {{\"type\": \"string\", \"description\": \"Trailing spaces   \\n\\nand an empty line\"}}, \
                 \"id\": {{\"type\": \"integer\"}}}}}}"
            ));
            schemas.push(format!(
                "\"Plain{width}\": {{\"type\": \"object\", \"required\": [\"{name}\"], \"properties\": {{\
                 \"{name}\": {{\"type\": \"integer\"}}, \"note\": {{\"type\": \"string\", \"nullable\": true}}, \
                 \"plan\": {{\"type\": \"string\", \"default\": \"{}\\\"q\"}}}}}}",
                "d".repeat(width)
            ));
            let short = format!("s{}", "x".repeat(width % 36));
            schemas.push(format!(
                "\"Short{width}\": {{\"type\": \"object\", \"required\": [\"{short}\"], \
                 \"properties\": {{\"{short}\": {{\"type\": \"boolean\"}}}}}}"
            ));
            schemas.push(format!(
                "\"Many{width}\": {{\"type\": \"object\", \"required\": [{}], \"properties\": {{{}}}, \
                 \"additionalProperties\": {{\"type\": \"integer\"}}}}",
                many.join(", "),
                properties.join(", ")
            ));
            // Generic arguments around the margin, nested and side by side.
            let item = format!("I{}", "t".repeat(width + 10));
            schemas.push(format!(
                "\"{item}\": {{\"type\": \"object\", \"properties\": {{\"v{width}\": {{\"type\": \"integer\"}}}}}}"
            ));
            let item_ref = format!("{{\"$ref\": \"#/components/schemas/{item}\"}}");
            schemas.push(format!(
                "\"Nested{width}\": {{\"type\": \"object\", \"required\": [\"items\"], \"properties\": {{\
                 \"items\": {{\"type\": \"array\", \"items\": {item_ref}}}, \
                 \"more\": {{\"type\": \"array\", \"items\": {item_ref}}}, \
                 \"by_name\": {{\"type\": \"object\", \"additionalProperties\": {item_ref}}}}}}}"
            ));
            schemas.push(format!(
                "\"List{width}\": {{\"type\": \"array\", \"items\": {item_ref}}}"
            ));
            schemas.push(format!(
                "\"Defaults{width}\": {{\"type\": \"object\", \"deprecated\": true, \"properties\": {{\
                 \"{name}\": {{\"type\": \"integer\", \"default\": {width}}}, \
                 \"old\": {{\"type\": \"array\", \"items\": {{\"type\": \"string\"}}, \"deprecated\": true}}}}}}"
            ));
        }
        let document = format!(
            "{{\"openapi\": \"3.0.3\", \"info\": {{\"title\": \"t\", \"version\": \"1\"}}, \"paths\": {{}}, \
             \"components\": {{\"schemas\": {{{}}}}}}}",
            schemas.join(", ")
        );
        let loaded = load::load_text(&document, None, "limits.json", LoadOptions::default());
        let mut seen = Seen::default();
        compare(loaded, "limits.json", &mut seen);
        // Identical schemas share one struct, so fewer than the 490 structs.
        assert!(seen.structs >= 400, "{seen:?}");
        // Both layouts of both groups were written, not only left to the tokens.
        assert!(seen.structs_written >= 70, "{seen:?}");
        for count in [
            seen.flat_signatures,
            seen.broken_signatures,
            seen.flat_literals,
            seen.broken_literals,
            seen.broken_generics,
        ] {
            assert!(count >= 5, "{seen:?}");
        }
    }
}
