//! Open enums: string enums (the definition, and `string_enum!` for the
//! rest) and integer enums.
//!
//! ```text
//! pub enum Status { Active, OnHold, Unknown(String) }
//!
//! ::switchboard_runtime::string_enum! {
//!     Status {
//!         Active = "active",
//!         OnHold = "on hold",
//!     }
//!     Unknown
//! }
//! ```

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use super::super::docs::doc_attrs;
use super::super::invocation::{Invocation, string_literal};
use super::super::type_expr::{Paths, ident};
use crate::ir::{IntegerEnum, StringEnum, TypeDef};

/// The definition of a string enum, as tokens.
pub(super) fn string_enum_tokens(def: &TypeDef, e: &StringEnum, paths: &Paths) -> TokenStream {
    let name = ident(&def.name);
    let doc = doc_attrs(def.doc.as_deref());
    let deprecated = super::outer_attributes(def);
    let string = paths.string();
    let other = ident(&e.other);
    let variants = e.variants.iter().map(|v| ident(&v.name));
    let other_doc = format!(" {OTHER_DOC}");
    quote! {
        #doc
        #deprecated
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#variants,)*
            #[doc = #other_doc]
            #other(#string),
        }
    }
}

/// The doc comment of an open enum's catch-all variant.
pub(super) const OTHER_DOC: &str = "A value this version of the API description does not list, kept as sent.";

/// `::switchboard_runtime::string_enum! { … }` for a string enum.
pub(super) fn string_enum_invocation(name: &str, e: &StringEnum) -> String {
    let mut invocation = Invocation::new("string_enum", name);
    for v in &e.variants {
        invocation.entry(&format!("{} = {}", v.name, string_literal(&v.wire)));
    }
    invocation.end_entries();
    invocation.line(&e.other);
    invocation.finish()
}

pub(super) fn emit_integer_enum(
    name: &Ident,
    doc: &TokenStream,
    deprecated: &TokenStream,
    e: &IntegerEnum,
) -> TokenStream {
    let other = ident(&e.other);
    let other_doc = format!(" {OTHER_DOC}");
    let variants = e.variants.iter().map(|(v, value)| {
        let vname = ident(v);
        let vdoc = format!(" `{value}`");
        quote!(#[doc = #vdoc] #vname)
    });
    let from_int = e.variants.iter().map(|(v, value)| {
        let vname = ident(v);
        let lit = Literal::i64_unsuffixed(*value);
        quote!(#lit => Self::#vname)
    });
    let to_int = e.variants.iter().map(|(v, value)| {
        let vname = ident(v);
        let lit = Literal::i64_unsuffixed(*value);
        quote!(#name::#vname => #lit)
    });
    quote! {
        #doc
        #deprecated
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(from = "i64", into = "i64")]
        pub enum #name {
            #(#variants,)*
            #[doc = #other_doc]
            #other(i64),
        }

        impl ::std::convert::From<i64> for #name {
            fn from(value: i64) -> Self {
                match value {
                    #(#from_int,)*
                    other => Self::#other(other),
                }
            }
        }

        impl ::std::convert::From<#name> for i64 {
            fn from(value: #name) -> Self {
                match value {
                    #(#to_int,)*
                    #name::#other(other) => other,
                }
            }
        }
    }
}
