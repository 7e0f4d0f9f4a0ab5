//! `enum` → open Rust enums.
//!
//! Servers add values long before specs mention them, so every enum is open:
//!
//! ```text
//! pub enum Status {
//!     #[serde(rename = "active")]
//!     Active,
//!     #[serde(untagged)]
//!     Unknown(String),   // any other value, kept and sent back unchanged
//! }
//! ```
//!
//! Variant names may be given by the `x-enum-varnames` (or `x-enumNames`)
//! extension; otherwise they come from the values.

use openapiv3::SchemaData;
use serde_json::Value;

use super::docs::schema_type_def;
use super::names::{Namespace, camel_ident};
use super::{Lowerer, Site};
use crate::ir::{EnumVariant, IntegerEnum, StringEnum, TypeExpr, TypeKind};

impl Lowerer<'_> {
    pub(crate) fn string_enum(&mut self, site: Site<'_>, data: &SchemaData, values: &[String]) -> TypeExpr {
        let Site { slot, hint, pointer } = site;
        let custom = custom_names(data, values.len());
        let mut names = Namespace::default();
        let mut variants = Vec::new();
        for (index, value) in values.iter().enumerate() {
            if variants.iter().any(|v: &EnumVariant| v.wire == *value) {
                continue;
            }
            let base = match &custom {
                Some(custom) => camel_ident(&custom[index], "V"),
                None if value.is_empty() => "Empty".to_string(),
                None => camel_ident(value, "V"),
            };
            variants.push(EnumVariant {
                name: names.claim(base),
                wire: value.clone(),
            });
        }
        let other = names.claim("Unknown");
        self.define(
            slot,
            hint,
            schema_type_def(
                String::new(),
                data,
                pointer,
                TypeKind::StringEnum(StringEnum { variants, other }),
            ),
        )
    }

    pub(crate) fn integer_enum(&mut self, site: Site<'_>, data: &SchemaData, values: &[i64]) -> TypeExpr {
        let Site { slot, hint, pointer } = site;
        let custom = custom_names(data, values.len());
        let mut names = Namespace::default();
        let mut variants: Vec<(String, i64)> = Vec::new();
        for (index, value) in values.iter().enumerate() {
            if variants.iter().any(|(_, v)| v == value) {
                continue;
            }
            let base = match &custom {
                Some(custom) => camel_ident(&custom[index], "V"),
                None if *value < 0 => format!("Minus{}", value.unsigned_abs()),
                None => format!("Value{value}"),
            };
            variants.push((names.claim(base), *value));
        }
        let other = names.claim("Unknown");
        self.define(
            slot,
            hint,
            schema_type_def(
                String::new(),
                data,
                pointer,
                TypeKind::IntegerEnum(IntegerEnum { variants, other }),
            ),
        )
    }
}

/// Variant names from `x-enum-varnames` / `x-enumNames`, when there is one
/// name per value.
fn custom_names(data: &SchemaData, count: usize) -> Option<Vec<String>> {
    ["x-enum-varnames", "x-enumNames"].iter().find_map(|key| {
        let Some(Value::Array(names)) = data.extensions.get(*key) else {
            return None;
        };
        let names: Vec<String> = names.iter().filter_map(|n| n.as_str().map(str::to_string)).collect();
        (names.len() == count).then_some(names)
    })
}
