//! Unions (`oneOf` / `anyOf`): untagged, tried in order, or selected by a
//! discriminator property.
//!
//! ```text
//! #[derive(Debug, Clone, PartialEq, ::serde::Serialize)]
//! #[serde(untagged)]
//! pub enum Recipient { ContactList(Vec<Contact>), Contact(Contact), String(String) }
//!
//! ::switchboard_runtime::untagged! { Recipient { ContactList, Contact, String } }
//! ```
//!
//! Reading goes through the runtime (not serde's untagged derive), so a
//! value no alternative accepts is reported where the closest alternative
//! failed (`recipient.uuid: invalid type …`).

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::super::type_expr::{Paths, ident};
use crate::ir::{Tagged, Variant};

pub(super) fn emit_untagged(
    name: &Ident,
    doc: &TokenStream,
    deprecated: &TokenStream,
    variants: &[Variant],
    paths: &Paths,
) -> (TokenStream, String) {
    let definitions = variants.iter().map(|v| {
        let vname = ident(&v.name);
        let ty = paths.ty(&v.ty);
        quote!(#vname(#ty))
    });
    let derives = paths.derive_tokens();
    let tokens = quote! {
        #doc
        #deprecated
        #[derive(#derives, ::serde::Serialize)]
        #[serde(untagged)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#definitions,)*
        }
    };
    let names: Vec<&str> = variants.iter().map(|v| v.name.as_str()).collect();
    let invocation = format!(
        "::switchboard_runtime::untagged! {{ {name} {{ {} }} }}\n",
        names.join(", ")
    );
    let invocation = if invocation.len() <= 100 {
        invocation
    } else {
        let mut long = format!("::switchboard_runtime::untagged! {{\n    {name} {{\n");
        for variant in names {
            long.push_str(&format!("        {variant},\n"));
        }
        long.push_str("    }\n}\n");
        long
    };
    (tokens, invocation)
}

pub(super) fn emit_tagged(
    name: &Ident,
    doc: &TokenStream,
    deprecated: &TokenStream,
    tagged: &Tagged,
    paths: &Paths,
) -> TokenStream {
    let other = ident(&tagged.other);
    let property = &tagged.property;
    let variants = tagged.variants.iter().map(|(v, tags, ty)| {
        let vname = ident(v);
        let ty = paths.ty(ty);
        let vdoc = format!(
            " `{property}`: {}",
            tags.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ")
        );
        quote!(#[doc = #vdoc] #vname(#ty))
    });
    let arms = tagged.variants.iter().map(|(v, tags, _)| {
        let vname = ident(v);
        quote!(#(::std::option::Option::Some(#tags))|* => ::switchboard_runtime::de::variant(&value).map(Self::#vname))
    });
    let other_doc = format!(" A `{property}` value this version of the API description does not list, kept as sent.");
    let derives = paths.derive_tokens();
    quote! {
        #doc
        #deprecated
        #[derive(#derives, ::serde::Serialize)]
        #[serde(untagged)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants,)*
            #[doc = #other_doc]
            #other(::switchboard_runtime::serde_json::Value),
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::switchboard_runtime::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                let tag = value.get(#property).and_then(|tag| tag.as_str()).map(str::to_owned);
                match tag.as_deref() {
                    #(#arms,)*
                    _ => ::std::result::Result::Ok(Self::#other(value)),
                }
            }
        }
    }
}
