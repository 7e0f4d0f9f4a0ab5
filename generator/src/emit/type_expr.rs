//! Type expressions → text, and tokens made from it.

use std::collections::BTreeSet;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Api, TypeExpr};

/// How to spell the types generated code mentions, given the API's own
/// type names. One per thread: token streams cannot cross threads.
pub struct Paths {
    names: Vec<String>,
    option: TokenStream,
    string: TokenStream,
    result: TokenStream,
    as_ref: TokenStream,
    some: TokenStream,
    none: TokenStream,
    /// The prelude names types use, as text (for items written as text);
    /// the tokens above are made from the same choices.
    text: PreludeText,
    /// The derives every struct and enum with data starts with.
    derives: &'static str,
}

/// How `Option`, `String`, `Vec` and `Box` are spelled: short, or by
/// absolute path when the API defines a type of that name.
struct PreludeText {
    option: &'static str,
    string: &'static str,
    vec: &'static str,
    boxed: &'static str,
}

impl Paths {
    pub fn new(api: &Api) -> Self {
        let defined: BTreeSet<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
        let spell = |short: &'static str, long: &'static str| if defined.contains(short) { long } else { short };
        let text = PreludeText {
            option: spell("Option", "::std::option::Option"),
            string: spell("String", "::std::string::String"),
            vec: spell("Vec", "::std::vec::Vec"),
            boxed: spell("Box", "::std::boxed::Box"),
        };
        Self {
            names: api.types.iter().map(|t| t.name.clone()).collect(),
            option: path_tokens(text.option),
            string: path_tokens(text.string),
            result: path_tokens(spell("Result", "::std::result::Result")),
            as_ref: path_tokens(spell("AsRef", "::std::convert::AsRef")),
            some: path_tokens(spell("Some", "::std::option::Option::Some")),
            none: path_tokens(spell("None", "::std::option::Option::None")),
            text,
            derives: if api.partial_eq {
                "Debug, Clone, PartialEq"
            } else {
                "Debug, Clone"
            },
        }
    }

    /// What every struct, union, response enum and webhook event enum
    /// derives, as written inside `#[derive(…)]`: `Debug, Clone` and,
    /// unless the user turned it off, `PartialEq`.
    pub fn derives(&self) -> &'static str {
        self.derives
    }

    /// [`derives`](Self::derives) as tokens.
    pub fn derive_tokens(&self) -> TokenStream {
        let derives = self.derives.split(", ").map(ident);
        quote!(#(#derives),*)
    }

    /// `Option`, or `::std::option::Option` when the API has an `Option`.
    pub fn option(&self) -> &TokenStream {
        &self.option
    }

    /// `Result` or its absolute path (inside `types`, where a schema may
    /// be called `Result`).
    pub fn result(&self) -> &TokenStream {
        &self.result
    }

    /// `Some` or its absolute path (a schema named `Some` shadows the
    /// prelude's variant in `types`).
    pub fn some(&self) -> &TokenStream {
        &self.some
    }

    /// `None` or its absolute path.
    pub fn none(&self) -> &TokenStream {
        &self.none
    }

    /// `AsRef` or its absolute path.
    pub fn as_ref_trait(&self) -> &TokenStream {
        &self.as_ref
    }

    /// `String` or its absolute path.
    pub fn string(&self) -> &TokenStream {
        &self.string
    }

    /// A type as written inside the `types` module, as tokens made from
    /// [`ty_text`](Self::ty_text), so both forms spell it alike.
    pub fn ty(&self, ty: &TypeExpr) -> TokenStream {
        super::source_tokens(self.ty_text(ty))
    }

    /// A type as written beside the `types` module (named types prefixed),
    /// as tokens made from [`ty_outside_text`](Self::ty_outside_text).
    pub fn ty_outside(&self, ty: &TypeExpr) -> TokenStream {
        super::source_tokens(self.ty_outside_text(ty))
    }

    /// A type as written inside the `types` module, as text, spelled as
    /// prettyplease prints [`ty`](Self::ty)'s tokens.
    pub fn ty_text(&self, ty: &TypeExpr) -> String {
        self.render_text(ty, false)
    }

    /// A type as written beside the `types` module, as text, spelled as
    /// prettyplease prints [`ty_outside`](Self::ty_outside)'s tokens.
    pub fn ty_outside_text(&self, ty: &TypeExpr) -> String {
        self.render_text(ty, true)
    }

    fn render_text(&self, ty: &TypeExpr, outside: bool) -> String {
        let text = &self.text;
        let json = "::switchboard_runtime::serde_json::Value";
        let inner = |ty: &TypeExpr| self.render_text(ty, outside);
        match ty {
            TypeExpr::Unit => "()".into(),
            TypeExpr::Bool => "bool".into(),
            TypeExpr::I32 => "i32".into(),
            TypeExpr::I64 => "i64".into(),
            TypeExpr::F32 => "f32".into(),
            TypeExpr::F64 => "f64".into(),
            TypeExpr::String => text.string.into(),
            TypeExpr::Uuid => "::switchboard_runtime::uuid::Uuid".into(),
            TypeExpr::Base64 => "::switchboard_runtime::Base64Bytes".into(),
            TypeExpr::File => "::switchboard_runtime::FilePart".into(),
            TypeExpr::Bytes => "::switchboard_runtime::Bytes".into(),
            TypeExpr::Json => json.into(),
            TypeExpr::JsonObject => format!("::switchboard_runtime::serde_json::Map<{}, {json}>", text.string),
            TypeExpr::Vec(ty) => format!("{}<{}>", text.vec, inner(ty)),
            TypeExpr::Map(ty) => format!("::std::collections::BTreeMap<{}, {}>", text.string, inner(ty)),
            TypeExpr::Option(ty) => format!("{}<{}>", text.option, inner(ty)),
            TypeExpr::Boxed(ty) => format!("{}<{}>", text.boxed, inner(ty)),
            TypeExpr::Named(id) => {
                let name = self.names.get(id.0).map_or("Unknown", String::as_str);
                if outside {
                    format!("types::{name}")
                } else {
                    name.to_owned()
                }
            }
        }
    }

    /// `Option::None`, spelled as [`ty_text`](Self::ty_text) spells `Option`.
    pub fn option_none_text(&self) -> String {
        format!("{}::None", self.text.option)
    }
}

/// The tokens of a path written `a::b` or `::a::b`.
fn path_tokens(path: &str) -> TokenStream {
    let leading = path.starts_with("::").then(|| quote!(::));
    let segments = path.trim_start_matches("::").split("::").map(ident);
    quote!(#leading #(#segments)::*)
}

/// An identifier; a leading `r#` is never needed because names avoid keywords.
pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}
