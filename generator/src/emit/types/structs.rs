//! Structs: the definition, `new(required…)`, and the `object!` invocation
//! that reads and writes it.
//!
//! ```text
//! pub struct NotificationSettings { pub account_id: i64, pub sound: String }
//!
//! impl NotificationSettings {
//!     pub fn new(account_id: i64) -> Self {
//!         Self { account_id, sound: ::std::string::String::from("ding") }
//!     }
//! }
//!
//! ::switchboard_runtime::object! {
//!     NotificationSettings {
//!         account_id: "accountId" required,
//!         sound: "sound" default_to(::std::string::String::from("ding")),
//!     }
//!     required { account_id: "accountId" }
//! }
//! ```
//!
//! Parameter structs (`…Params`) are only the definition and `new`: the
//! client sends each parameter itself.

use proc_macro2::{Literal, TokenStream};
use quote::{ToTokens, quote};
use serde_json::Value;

use super::super::docs::{deprecated_attr, doc_attrs};
use super::super::invocation::{Invocation, string_literal};
use super::super::type_expr::{Paths, ident};
use crate::ir::{Presence, Struct, TypeDef, TypeExpr};

/// The tokens of a struct and, for a serialised one, its `object!`
/// invocation.
pub(super) fn emit_struct(def: &TypeDef, s: &Struct, paths: &Paths, serde: bool) -> (TokenStream, Option<String>) {
    let name = ident(&def.name);
    let doc = doc_attrs(def.doc.as_deref());
    let deprecated = super::outer_attributes(def);
    let option = paths.option();
    let mut derives_default = true;
    let mut inits: Vec<(proc_macro2::Ident, Init)> = Vec::new();
    let mut fields = Vec::with_capacity(s.fields.len());
    for field in &s.fields {
        let fname = ident(&field.name);
        let inner = paths.ty(&field.ty);
        let file_part = s.multipart && is_file(&field.ty);
        let default = (field.presence == Presence::Defaulted)
            .then(|| schema_default(&field.ty, field.default.as_ref()))
            .flatten();
        let ty = match field.presence {
            // File parts of a multipart body: one file, at most one, or a list.
            _ if file_part && field.presence == Presence::Optional => quote!(#option<#inner>),
            _ if file_part => inner,
            Presence::Required | Presence::Defaulted => inner,
            Presence::RequiredNullable | Presence::Optional => quote!(#option<#inner>),
            Presence::OptionalNullable => quote!(#option<#option<#inner>>),
        };
        let is_list = matches!(field.ty, TypeExpr::Vec(_));
        let init = match field.presence {
            Presence::Required if !(file_part && is_list) => Init::Param(ty.clone(), field.ty == TypeExpr::String),
            Presence::RequiredNullable if serde => Init::Param(ty.clone(), false),
            Presence::Defaulted => match &default {
                Some(default) => Init::SchemaDefault(default.tokens.clone()),
                None => Init::Empty(quote!(::std::default::Default::default())),
            },
            Presence::Required => Init::Empty(quote!(::std::default::Default::default())),
            _ => Init::Empty(quote!(#option::None)),
        };
        if matches!(init, Init::Param(..) | Init::SchemaDefault(_)) {
            derives_default = false;
        }
        inits.push((fname.clone(), init));
        let fdoc = doc_attrs(field.doc.as_deref());
        let fdeprecated = deprecated_attr(field.deprecated);
        fields.push(quote! {
            #fdoc
            #fdeprecated
            pub #fname: #ty
        });
    }
    let extra = s.extra.as_ref().map(|(field, ty)| {
        let fname = ident(field);
        let value = match ty {
            TypeExpr::Json => paths.ty(&TypeExpr::JsonObject),
            other => paths.ty(&TypeExpr::Map(Box::new(other.clone()))),
        };
        quote! {
            /// Properties not declared by the schema, kept as sent.
            pub #fname: #value
        }
    });
    let extra_name = s.extra.as_ref().map(|(field, _)| ident(field));
    let derive_default = derives_default.then(|| quote!(Default,));
    let constructor = constructor(&name, &inits, extra_name.as_ref());
    let tokens = quote! {
        #doc
        #deprecated
        #[derive(Debug, Clone, PartialEq, #derive_default)]
        pub struct #name {
            #(#fields,)*
            #extra
        }
        #constructor
    };
    (tokens, serde.then(|| object_invocation(def, s)))
}

/// `::switchboard_runtime::object! { … }` for a struct.
fn object_invocation(def: &TypeDef, s: &Struct) -> String {
    let mut invocation = Invocation::new("object", &def.name);
    let mut files = Vec::new();
    let mut required = Vec::new();
    for field in &s.fields {
        if s.multipart && is_file(&field.ty) {
            files.push(field.name.clone());
            continue;
        }
        let wire = string_literal(&field.wire_name);
        let kind = match field.presence {
            Presence::Required => {
                required.push(format!("{}: {wire}", field.name));
                "required".to_string()
            }
            Presence::RequiredNullable => "nullable".to_string(),
            Presence::Optional => "optional".to_string(),
            Presence::OptionalNullable => "optional_nullable".to_string(),
            Presence::Defaulted => match schema_default(&field.ty, field.default.as_ref()) {
                Some(default) => format!("default_to({})", default.text),
                None => "defaulted".to_string(),
            },
        };
        invocation.entry(&format!("{}: {wire} {kind}", field.name));
    }
    invocation.end_entries();
    if !files.is_empty() {
        invocation.section("files", &files);
    }
    if let Some((extra, _)) = &s.extra {
        invocation.line(&format!("extra {extra}"));
    }
    if !required.is_empty() {
        invocation.section("required", &required);
    }
    invocation.finish()
}

fn is_file(ty: &TypeExpr) -> bool {
    match ty {
        TypeExpr::File => true,
        TypeExpr::Vec(inner) => **inner == TypeExpr::File,
        _ => false,
    }
}

/// A schema default the type's own `Default` does not give, as tokens (for
/// `new`) and as text (for `object!`).
struct SchemaDefault {
    tokens: TokenStream,
    text: String,
}

fn schema_default(ty: &TypeExpr, value: Option<&Value>) -> Option<SchemaDefault> {
    let literal = |literal: Literal| {
        let text = literal.to_string();
        Some(SchemaDefault {
            tokens: literal.into_token_stream(),
            text,
        })
    };
    match (ty, value?) {
        (TypeExpr::Bool, Value::Bool(true)) => Some(SchemaDefault {
            tokens: quote!(true),
            text: "true".into(),
        }),
        (TypeExpr::String, Value::String(s)) if !s.is_empty() => Some(SchemaDefault {
            tokens: quote!(::std::string::String::from(#s)),
            text: format!("::std::string::String::from({})", string_literal(s)),
        }),
        (TypeExpr::I32, Value::Number(n)) => match n.as_i64().and_then(|v| i32::try_from(v).ok()) {
            Some(v) if v != 0 => literal(Literal::i32_unsuffixed(v)),
            _ => None,
        },
        (TypeExpr::I64, Value::Number(n)) => match n.as_i64() {
            Some(v) if v != 0 => literal(Literal::i64_unsuffixed(v)),
            _ => None,
        },
        (TypeExpr::F32, Value::Number(n)) => match n.as_f64().map(|v| v as f32) {
            Some(v) if v.is_finite() && v != 0.0 => literal(Literal::f32_unsuffixed(v)),
            _ => None,
        },
        (TypeExpr::F64, Value::Number(n)) => match n.as_f64() {
            Some(v) if v.is_finite() && v != 0.0 => literal(Literal::f64_unsuffixed(v)),
            _ => None,
        },
        _ => None,
    }
}

enum Init {
    /// A parameter of this type; `true` for strings, taken as `impl Into<String>`.
    Param(TokenStream, bool),
    /// The schema's default.
    SchemaDefault(TokenStream),
    /// `Default::default()` or `None`.
    Empty(TokenStream),
}

/// `new(required…)` for structs with required fields: every other field
/// starts empty (or at its schema default), so `Contact { name: Some(n),
/// ..Contact::new(mobile) }` reads well. Without required fields but with
/// schema defaults, `Default` is written out to give those; with neither,
/// it is derived.
fn constructor(
    name: &proc_macro2::Ident,
    inits: &[(proc_macro2::Ident, Init)],
    extra: Option<&proc_macro2::Ident>,
) -> Option<TokenStream> {
    let params: Vec<TokenStream> = inits
        .iter()
        .filter_map(|(name, init)| match init {
            Init::Param(ty, true) => Some(quote!(#name: impl Into<#ty>)),
            Init::Param(ty, false) => Some(quote!(#name: #ty)),
            Init::SchemaDefault(_) | Init::Empty(_) => None,
        })
        .collect();
    let schema_defaults = inits.iter().any(|(_, init)| matches!(init, Init::SchemaDefault(_)));
    if params.is_empty() && !schema_defaults {
        return None;
    }
    let values = inits.iter().map(|(name, init)| match init {
        Init::Param(_, true) => quote!(#name: #name.into()),
        Init::Param(_, false) => quote!(#name),
        Init::SchemaDefault(value) | Init::Empty(value) => quote!(#name: #value),
    });
    let extra_init = extra.map(|field| quote!(#field: ::std::default::Default::default(),));
    if params.is_empty() {
        return Some(quote! {
            impl ::std::default::Default for #name {
                /// Every field at its schema default, or empty.
                fn default() -> Self {
                    Self { #(#values,)* #extra_init }
                }
            }
        });
    }
    let allow = (params.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    Some(quote! {
        impl #name {
            /// A value with the required fields set and the others empty or at their defaults.
            #allow
            pub fn new(#(#params),*) -> Self {
                Self { #(#values,)* #extra_init }
            }
        }
    })
}
