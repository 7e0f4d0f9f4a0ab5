//! Named types → items, one file per construct: structs, enums, unions;
//! aliases, newtypes and response enums here. A type is its definition
//! (tokens) and, for types read from JSON, an invocation of the runtime
//! macro that implements that (text; see `emit/invocation.rs`).

mod enums;
mod structs;
mod text;
mod unions;

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{deprecated_attr, doc_attrs};
use super::type_expr::{Paths, ident};
use crate::ir::{TypeDef, TypeKind};

/// `#[deprecated]`, and the derives and attributes the user's callbacks
/// add (checked to parse in `lower`), in a `#[derive]` of their own.
pub(super) fn outer_attributes(def: &TypeDef) -> TokenStream {
    let deprecated = deprecated_attr(def.deprecated);
    let parse = |text: &str| text.parse::<TokenStream>().unwrap_or_default();
    let derives: Vec<TokenStream> = def.extras.derives.iter().map(|d| parse(d)).collect();
    let derive = (!derives.is_empty()).then(|| quote!(#[derive(#(#derives),*)]));
    let attributes = def.extras.attributes.iter().map(|a| parse(a));
    quote!(#deprecated #derive #(#attributes)*)
}

/// The items of a named type: tokens, and the runtime macro invocation
/// that implements its serde traits, if it has one.
pub(super) fn emit_type(def: &TypeDef, paths: &Paths) -> (TokenStream, Option<String>) {
    // What every token layout starts with; the kinds `text` can write build
    // their tokens only when the text layout is not certain.
    let head = || (ident(&def.name), doc_attrs(def.doc.as_deref()), outer_attributes(def));
    match &def.kind {
        TypeKind::Alias(ty) => match text::alias(def, ty, paths) {
            Some(text) => (TokenStream::new(), Some(text)),
            None => (alias_tokens(def, ty, paths), None),
        },
        TypeKind::Newtype(ty) => {
            let (name, doc, deprecated) = head();
            let ty = paths.ty(ty);
            let derives = paths.derive_tokens();
            let tokens = quote! {
                #doc
                #deprecated
                #[derive(#derives, ::serde::Serialize, ::serde::Deserialize)]
                #[serde(transparent)]
                pub struct #name(pub #ty);
            };
            (tokens, None)
        }
        TypeKind::Struct(s) => structs::emit_struct(def, s, paths, true),
        TypeKind::Params(s) => structs::emit_struct(def, s, paths, false),
        TypeKind::StringEnum(e) => {
            let invocation = enums::string_enum_invocation(&def.name, e);
            match text::string_enum(def, e, paths) {
                Some(text) => (TokenStream::new(), Some(format!("{text}\n{invocation}"))),
                None => (enums::string_enum_tokens(def, e, paths), Some(invocation)),
            }
        }
        TypeKind::IntegerEnum(e) => {
            let (name, doc, deprecated) = head();
            (enums::emit_integer_enum(&name, &doc, &deprecated, e), None)
        }
        TypeKind::Untagged(variants) => {
            let (name, doc, deprecated) = head();
            let (tokens, invocation) = unions::emit_untagged(&name, &doc, &deprecated, variants, paths);
            (tokens, Some(invocation))
        }
        TypeKind::Tagged(tagged) => {
            let (name, doc, deprecated) = head();
            (unions::emit_tagged(&name, &doc, &deprecated, tagged, paths), None)
        }
        TypeKind::Responses(variants) => {
            let (name, doc, _) = head();
            let variants = variants.iter().map(|v| {
                let vname = ident(&v.name);
                let vdoc = doc_attrs(v.doc.as_deref());
                match &v.ty {
                    Some(ty) => {
                        let ty = paths.ty(ty);
                        quote!(#vdoc #vname(#ty))
                    }
                    None => quote!(#vdoc #vname),
                }
            });
            // Variants differ in size by nature (a body or nothing); boxing
            // them would only make matching on responses noisier.
            let derives = paths.derive_tokens();
            let tokens = quote! {
                #doc
                #[derive(#derives)]
                #[allow(clippy::large_enum_variant)]
                pub enum #name { #(#variants,)* }
            };
            (tokens, None)
        }
    }
}

/// `pub type Name = Type;` with its docs, as tokens.
fn alias_tokens(def: &TypeDef, ty: &crate::ir::TypeExpr, paths: &Paths) -> TokenStream {
    let name = ident(&def.name);
    let doc = doc_attrs(def.doc.as_deref());
    let deprecated = outer_attributes(def);
    let ty = paths.ty(ty);
    quote! { #doc #deprecated pub type #name = #ty; }
}
