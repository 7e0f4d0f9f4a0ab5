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
//!
//! What is written is decided once (`StructPlan`), then laid out as text
//! by `text` when it can be sure of prettyplease's layout, else as
//! tokens; the bytes are the same.

use proc_macro2::{Literal, TokenStream};
use quote::{ToTokens, quote};
use serde_json::Value;

use super::super::docs::{deprecated_attr, doc_attrs};
use super::super::invocation::{Invocation, string_literal};
use super::super::type_expr::{Paths, ident};
use super::text;
use crate::ir::{Field, Presence, Struct, TypeDef, TypeExpr};

/// The items of a struct (definition and constructor) and, for a
/// serialised one, its `object!` invocation. The items are written as
/// text when `text` can lay them out exactly as prettyplease
/// would (most structs: it skips parsing and formatting their tokens),
/// else as tokens.
pub(super) fn emit_struct(def: &TypeDef, s: &Struct, paths: &Paths, serde: bool) -> (TokenStream, Option<String>) {
    let plan = StructPlan::new(s, serde);
    let invocation = serde.then(|| object_invocation(def, s));
    if let Some(mut text) = text::struct_items(def, &plan, paths) {
        if let Some(invocation) = invocation {
            text.push('\n');
            text.push_str(&invocation);
        }
        return (TokenStream::new(), Some(text));
    }
    (struct_tokens(def, &plan, paths), invocation)
}

/// What `emit_struct` writes, decided once for both layouts.
pub(super) struct StructPlan<'a> {
    pub fields: Vec<FieldPlan<'a>>,
    /// The field holding undeclared properties, and its type.
    pub extra: Option<(&'a str, TypeExpr)>,
    /// `Default` is derived (no required field, no schema default).
    pub derives_default: bool,
}

/// One field: its type and how the constructor fills it.
pub(super) struct FieldPlan<'a> {
    pub field: &'a Field,
    /// The field's type, with the `Option`s its presence adds.
    pub ty: TypeExpr,
    /// How `new` (or `Default`) fills it.
    pub init: Init,
}

/// How the constructor fills a field.
pub(super) enum Init {
    /// A parameter of the field's type; `true` for strings, taken as `impl Into<String>`.
    Param(bool),
    /// The schema's default.
    SchemaDefault(SchemaDefault),
    /// `Default::default()`.
    Default,
    /// `None`.
    None,
}

impl<'a> StructPlan<'a> {
    pub(super) fn new(s: &'a Struct, serde: bool) -> Self {
        let fields: Vec<FieldPlan<'a>> = s
            .fields
            .iter()
            .map(|field| {
                let file_part = s.multipart && is_file(&field.ty);
                let inner = field.ty.clone();
                let option = |ty: TypeExpr| TypeExpr::Option(Box::new(ty));
                let ty = match field.presence {
                    // File parts of a multipart body: one file, at most one, or a list.
                    _ if file_part && field.presence == Presence::Optional => option(inner),
                    _ if file_part => inner,
                    Presence::Required | Presence::Defaulted => inner,
                    Presence::RequiredNullable | Presence::Optional => option(inner),
                    Presence::OptionalNullable => option(option(inner)),
                };
                let is_list = matches!(field.ty, TypeExpr::Vec(_));
                let init = match field.presence {
                    Presence::Required if !(file_part && is_list) => Init::Param(field.ty == TypeExpr::String),
                    Presence::RequiredNullable if serde => Init::Param(false),
                    Presence::Defaulted => match schema_default(&field.ty, field.default.as_ref()) {
                        Some(default) => Init::SchemaDefault(default),
                        None => Init::Default,
                    },
                    Presence::Required => Init::Default,
                    _ => Init::None,
                };
                FieldPlan { field, ty, init }
            })
            .collect();
        let derives_default = fields
            .iter()
            .all(|f| !matches!(f.init, Init::Param(_) | Init::SchemaDefault(_)));
        let extra = s.extra.as_ref().map(|(name, ty)| {
            let value = match ty {
                TypeExpr::Json => TypeExpr::JsonObject,
                other => TypeExpr::Map(Box::new(other.clone())),
            };
            (name.as_str(), value)
        });
        Self {
            fields,
            extra,
            derives_default,
        }
    }
}

/// The doc comment of the field of undeclared properties.
pub(super) const EXTRA_DOC: &str = "Properties not declared by the schema, kept as sent.";

/// The doc comment of `new`.
pub(super) const NEW_DOC: &str = "A value with the required fields set and the others empty or at their defaults.";

/// The doc comment of a written-out `Default::default`.
pub(super) const DEFAULT_DOC: &str = "Every field at its schema default, or empty.";

/// The definition and constructor as tokens.
pub(super) fn struct_tokens(def: &TypeDef, plan: &StructPlan<'_>, paths: &Paths) -> TokenStream {
    let name = ident(&def.name);
    let doc = doc_attrs(def.doc.as_deref());
    let deprecated = super::outer_attributes(def);
    let fields = plan.fields.iter().map(|f| {
        let fname = ident(&f.field.name);
        let ty = paths.ty(&f.ty);
        let fdoc = doc_attrs(f.field.doc.as_deref());
        let fdeprecated = deprecated_attr(f.field.deprecated);
        quote! {
            #fdoc
            #fdeprecated
            pub #fname: #ty
        }
    });
    let extra = plan.extra.as_ref().map(|(field, ty)| {
        let fname = ident(field);
        let ty = paths.ty(ty);
        let doc = format!(" {EXTRA_DOC}");
        quote! {
            #[doc = #doc]
            pub #fname: #ty
        }
    });
    let derive_default = plan.derives_default.then(|| quote!(Default,));
    let constructor = constructor(&name, plan, paths);
    let derives = paths.derive_tokens();
    quote! {
        #doc
        #deprecated
        #[derive(#derives, #derive_default)]
        pub struct #name {
            #(#fields,)*
            #extra
        }
        #constructor
    }
}

/// The most properties the runtime reads into a tuple of slots
/// (`switchboard_runtime::de::MAX_SLOTS`); a struct with more is written
/// `object! { many Name { … } }` and reads its keys in a loop of its own.
/// The fixture `object_with_more_properties_than_slots` compiles a struct
/// on each side of the limit.
const RUNTIME_MAX_SLOTS: usize = 64;

/// `::switchboard_runtime::object! { … }` for a struct.
fn object_invocation(def: &TypeDef, s: &Struct) -> String {
    let read = s.fields.iter().filter(|f| !(s.multipart && is_file(&f.ty))).count();
    let head = if read > RUNTIME_MAX_SLOTS {
        format!("many {}", def.name)
    } else {
        def.name.clone()
    };
    let mut invocation = Invocation::new("object", &head);
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

/// A schema default the type's own `Default` does not give, as tokens and
/// printed (for `new`) and as text (for `object!`).
pub(super) struct SchemaDefault {
    tokens: TokenStream,
    /// As `object!` takes it.
    text: String,
    /// As prettyplease prints `tokens` (string literals escaped by
    /// proc-macro2, not by `Debug`).
    pub printed: String,
}

fn schema_default(ty: &TypeExpr, value: Option<&Value>) -> Option<SchemaDefault> {
    let literal = |literal: Literal| {
        let text = literal.to_string();
        Some(SchemaDefault {
            tokens: literal.into_token_stream(),
            printed: text.clone(),
            text,
        })
    };
    match (ty, value?) {
        (TypeExpr::Bool, Value::Bool(true)) => Some(SchemaDefault {
            tokens: quote!(true),
            text: "true".into(),
            printed: "true".into(),
        }),
        (TypeExpr::String, Value::String(s)) if !s.is_empty() => Some(SchemaDefault {
            tokens: quote!(::std::string::String::from(#s)),
            text: format!("::std::string::String::from({})", string_literal(s)),
            printed: format!("::std::string::String::from({})", Literal::string(s)),
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

/// `new(required…)` for structs with required fields: every other field
/// starts empty (or at its schema default), so `Contact { name: Some(n),
/// ..Contact::new(mobile) }` reads well. Without required fields but with
/// schema defaults, `Default` is written out to give those; with neither,
/// it is derived.
fn constructor(name: &proc_macro2::Ident, plan: &StructPlan<'_>, paths: &Paths) -> Option<TokenStream> {
    let params: Vec<TokenStream> = plan
        .fields
        .iter()
        .filter_map(|f| {
            let name = ident(&f.field.name);
            let ty = paths.ty(&f.ty);
            match f.init {
                Init::Param(true) => Some(quote!(#name: impl Into<#ty>)),
                Init::Param(false) => Some(quote!(#name: #ty)),
                _ => None,
            }
        })
        .collect();
    let schema_defaults = plan.fields.iter().any(|f| matches!(f.init, Init::SchemaDefault(_)));
    if params.is_empty() && !schema_defaults {
        return None;
    }
    let option = paths.option();
    let values = plan.fields.iter().map(|f| {
        let name = ident(&f.field.name);
        match &f.init {
            Init::Param(true) => quote!(#name: #name.into()),
            Init::Param(false) => quote!(#name),
            Init::SchemaDefault(value) => {
                let value = &value.tokens;
                quote!(#name: #value)
            }
            Init::Default => quote!(#name: ::std::default::Default::default()),
            Init::None => quote!(#name: #option::None),
        }
    });
    let extra_init = plan.extra.as_ref().map(|(field, _)| {
        let field = ident(field);
        quote!(#field: ::std::default::Default::default(),)
    });
    if params.is_empty() {
        let doc = format!(" {DEFAULT_DOC}");
        return Some(quote! {
            impl ::std::default::Default for #name {
                #[doc = #doc]
                fn default() -> Self {
                    Self { #(#values,)* #extra_init }
                }
            }
        });
    }
    let doc = format!(" {NEW_DOC}");
    let allow = (params.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    Some(quote! {
        impl #name {
            #[doc = #doc]
            #allow
            pub fn new(#(#params),*) -> Self {
                Self { #(#values,)* #extra_init }
            }
        }
    })
}
