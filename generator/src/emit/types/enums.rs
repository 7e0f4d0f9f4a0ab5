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

use super::super::invocation::{Invocation, string_literal};
use super::super::type_expr::{Paths, ident};
use crate::ir::{IntegerEnum, StringEnum};

pub(super) fn emit_string_enum(
    name: &Ident,
    doc: &TokenStream,
    deprecated: &TokenStream,
    e: &StringEnum,
    paths: &Paths,
) -> (TokenStream, String) {
    let string = paths.string();
    let other = ident(&e.other);
    let variants = e.variants.iter().map(|v| ident(&v.name));
    let tokens = quote! {
        #doc
        #deprecated
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#variants,)*
            /// A value this version of the API description does not list, kept as sent.
            #other(#string),
        }
    };
    let mut invocation = Invocation::new("string_enum", &name.to_string());
    for v in &e.variants {
        invocation.entry(&format!("{} = {}", v.name, string_literal(&v.wire)));
    }
    invocation.end_entries();
    invocation.line(&e.other);
    (tokens, invocation.finish())
}

pub(super) fn emit_integer_enum(
    name: &Ident,
    doc: &TokenStream,
    deprecated: &TokenStream,
    e: &IntegerEnum,
) -> TokenStream {
    let other = ident(&e.other);
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
            /// A value this version of the API description does not list, kept as sent.
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
