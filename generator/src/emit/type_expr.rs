//! Type expressions → tokens.

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
    vec: TokenStream,
    boxed: TokenStream,
    result: TokenStream,
    as_ref: TokenStream,
    some: TokenStream,
    none: TokenStream,
}

impl Paths {
    pub fn new(api: &Api) -> Self {
        let defined: BTreeSet<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
        let pick = |short: &str, long: TokenStream| {
            if defined.contains(short) {
                long
            } else {
                let ident = Ident::new(short, Span::call_site());
                quote!(#ident)
            }
        };
        Self {
            names: api.types.iter().map(|t| t.name.clone()).collect(),
            option: pick("Option", quote!(::std::option::Option)),
            string: pick("String", quote!(::std::string::String)),
            vec: pick("Vec", quote!(::std::vec::Vec)),
            boxed: pick("Box", quote!(::std::boxed::Box)),
            result: pick("Result", quote!(::std::result::Result)),
            as_ref: pick("AsRef", quote!(::std::convert::AsRef)),
            some: pick("Some", quote!(::std::option::Option::Some)),
            none: pick("None", quote!(::std::option::Option::None)),
        }
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

    /// The name of a named type.
    pub fn name(&self, id: crate::ir::TypeId) -> Ident {
        ident(self.names.get(id.0).map(String::as_str).unwrap_or("Unknown"))
    }

    /// A type as written inside the `types` module.
    pub fn ty(&self, ty: &TypeExpr) -> TokenStream {
        self.render(ty, false)
    }

    /// A type as written beside the `types` module (named types prefixed).
    pub fn ty_outside(&self, ty: &TypeExpr) -> TokenStream {
        self.render(ty, true)
    }

    fn render(&self, ty: &TypeExpr, outside: bool) -> TokenStream {
        let json = quote!(::switchboard_runtime::serde_json::Value);
        match ty {
            TypeExpr::Unit => quote!(()),
            TypeExpr::Bool => quote!(bool),
            TypeExpr::I32 => quote!(i32),
            TypeExpr::I64 => quote!(i64),
            TypeExpr::F32 => quote!(f32),
            TypeExpr::F64 => quote!(f64),
            TypeExpr::String => self.string.clone(),
            TypeExpr::Uuid => quote!(::switchboard_runtime::uuid::Uuid),
            TypeExpr::Base64 => quote!(::switchboard_runtime::Base64Bytes),
            TypeExpr::File => quote!(::switchboard_runtime::FilePart),
            TypeExpr::Bytes => quote!(::switchboard_runtime::Bytes),
            TypeExpr::Json => json,
            TypeExpr::JsonObject => {
                let string = &self.string;
                quote!(::switchboard_runtime::serde_json::Map<#string, #json>)
            }
            TypeExpr::Vec(inner) => {
                let inner = self.render(inner, outside);
                let vec = &self.vec;
                quote!(#vec<#inner>)
            }
            TypeExpr::Map(inner) => {
                let inner = self.render(inner, outside);
                let string = &self.string;
                quote!(::std::collections::BTreeMap<#string, #inner>)
            }
            TypeExpr::Option(inner) => {
                let inner = self.render(inner, outside);
                let option = &self.option;
                quote!(#option<#inner>)
            }
            TypeExpr::Boxed(inner) => {
                let inner = self.render(inner, outside);
                let boxed = &self.boxed;
                quote!(#boxed<#inner>)
            }
            TypeExpr::Named(id) => {
                let name = self.name(*id);
                if outside { quote!(types::#name) } else { quote!(#name) }
            }
        }
    }
}

/// An identifier; a leading `r#` is never needed because names avoid keywords.
pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}
