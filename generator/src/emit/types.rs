//! Named types → structs, enums, aliases.

use heck::ToSnakeCase;
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value;

use super::docs::{deprecated_attr, doc_attrs};
use super::type_expr::{Paths, ident};
use crate::ir::{Field, IntegerEnum, Presence, StringEnum, Struct, Tagged, TypeDef, TypeExpr, TypeKind, Variant};

/// The items of a named type: tokens, and the impls written as text (see
/// [`from_map_text`]) for structs and string enums.
pub(super) fn emit_type(def: &TypeDef, paths: &Paths) -> (TokenStream, Option<String>) {
    let name = ident(&def.name);
    let doc = doc_attrs(def.doc.as_deref());
    let deprecated = deprecated_attr(def.deprecated);
    let tokens = match &def.kind {
        TypeKind::Alias(ty) => {
            let ty = paths.ty(ty);
            quote! { #doc #deprecated pub type #name = #ty; }
        }
        TypeKind::Newtype(ty) => {
            let ty = paths.ty(ty);
            quote! {
                #doc
                #deprecated
                #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
                #[serde(transparent)]
                pub struct #name(pub #ty);
            }
        }
        TypeKind::Struct(s) => return emit_struct(def, s, paths, true),
        TypeKind::Params(s) => emit_struct(def, s, paths, false).0,
        TypeKind::StringEnum(e) => {
            let impls = string_enum_impls(&def.name, e, paths);
            return (emit_string_enum(&name, &doc, &deprecated, e, paths), Some(impls));
        }
        TypeKind::IntegerEnum(e) => emit_integer_enum(&name, &doc, &deprecated, e),
        TypeKind::Untagged(variants) => emit_untagged(&name, &doc, &deprecated, variants, paths),
        TypeKind::Tagged(tagged) => emit_tagged(&name, &doc, &deprecated, tagged, paths),
        TypeKind::Responses(variants) => {
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
            quote! {
                #doc
                #[derive(Debug, Clone, PartialEq)]
                #[allow(clippy::large_enum_variant)]
                pub enum #name { #(#variants,)* }
            }
        }
    };
    (tokens, None)
}

/// The function that gives a field its schema default when the property
/// is absent, when that default is not the type's own `Default`.
fn default_fn(struct_name: &str, field: &Field) -> Option<(String, TokenStream)> {
    let value = field.default.as_ref()?;
    let (ty, body) = match (&field.ty, value) {
        (TypeExpr::Bool, Value::Bool(false)) => return None,
        (TypeExpr::Bool, Value::Bool(true)) => (quote!(bool), quote!(true)),
        (TypeExpr::String, Value::String(s)) if s.is_empty() => return None,
        (TypeExpr::String, Value::String(s)) => {
            (quote!(::std::string::String), quote!(::std::string::String::from(#s)))
        }
        (TypeExpr::I32, Value::Number(n)) => {
            let v = n.as_i64().and_then(|v| i32::try_from(v).ok())?;
            if v == 0 {
                return None;
            }
            (quote!(i32), Literal::i32_unsuffixed(v).into_token_stream())
        }
        (TypeExpr::I64, Value::Number(n)) => {
            let v = n.as_i64()?;
            if v == 0 {
                return None;
            }
            (quote!(i64), Literal::i64_unsuffixed(v).into_token_stream())
        }
        (TypeExpr::F32, Value::Number(n)) => {
            let v = n.as_f64()? as f32;
            if !v.is_finite() {
                return None;
            }
            (quote!(f32), Literal::f32_unsuffixed(v).into_token_stream())
        }
        (TypeExpr::F64, Value::Number(n)) => (quote!(f64), Literal::f64_unsuffixed(n.as_f64()?).into_token_stream()),
        _ => return None,
    };
    let name = format!(
        "default_{}_{}",
        struct_name.to_snake_case(),
        field.name.trim_start_matches('_')
    );
    let fn_name = ident(&name);
    Some((name, quote! { fn #fn_name() -> #ty { #body } }))
}

use quote::ToTokens;

fn emit_struct(def: &TypeDef, s: &Struct, paths: &Paths, serde: bool) -> (TokenStream, Option<String>) {
    let name = ident(&def.name);
    let doc = doc_attrs(def.doc.as_deref());
    let deprecated = deprecated_attr(def.deprecated);
    let option = paths.option();
    let mut default_fns = Vec::new();
    let mut can_default = true;
    // How `new` fills each field: a parameter (required fields) or a value.
    let mut inits: Vec<(proc_macro2::Ident, Init)> = Vec::new();
    // How `from_map` reads each field.
    let mut reads: Vec<Read> = Vec::new();
    let fields = s.fields.iter().map(|field| {
        let fname = ident(&field.name);
        let fdoc = doc_attrs(field.doc.as_deref());
        let fdeprecated = deprecated_attr(field.deprecated);
        let inner = paths.ty(&field.ty);
        let is_file =
            matches!(&field.ty, TypeExpr::File) || matches!(&field.ty, TypeExpr::Vec(i) if **i == TypeExpr::File);
        // The function giving a serialised field its schema default, if any.
        let default = (serde && field.presence == Presence::Defaulted)
            .then(|| default_fn(&def.name, field))
            .flatten()
            .map(|(fn_name, item)| {
                default_fns.push(item);
                ident(&fn_name)
            });
        let ty = if !serde {
            match field.presence {
                Presence::Required => {
                    can_default = false;
                    inner
                }
                _ => quote!(#option<#inner>),
            }
        } else if is_file && s.multipart {
            // File parts travel beside the serialised text fields.
            if field.presence == Presence::Required && matches!(field.ty, TypeExpr::File) {
                can_default = false;
            }
            reads.push(Read {
                field: fname.clone(),
                skip_none: false,
                wire: None,
                finish: Finish::Default,
            });
            match field.presence {
                Presence::Optional => quote!(#option<#inner>),
                _ => inner,
            }
        } else {
            let finish = match (field.presence, &default) {
                (Presence::Required, _) => Finish::Required,
                (Presence::OptionalNullable, _) => Finish::AsIs,
                (Presence::Defaulted, Some(function)) => Finish::DefaultFn(function.clone()),
                _ => Finish::Default,
            };
            reads.push(Read {
                field: fname.clone(),
                skip_none: matches!(field.presence, Presence::Optional | Presence::OptionalNullable),
                wire: Some(field.wire_name.clone()),
                finish,
            });
            if field.presence == Presence::Required || default.is_some() {
                can_default = false;
            }
            match field.presence {
                Presence::RequiredNullable | Presence::Optional => quote!(#option<#inner>),
                Presence::OptionalNullable => quote!(#option<#option<#inner>>),
                Presence::Required | Presence::Defaulted => inner,
            }
        };
        let init = match (field.presence, &default) {
            (Presence::Required, _) if !(is_file && matches!(field.ty, TypeExpr::Vec(_))) => {
                Init::Param(ty.clone(), field.ty == TypeExpr::String)
            }
            (Presence::Defaulted, Some(function)) => Init::Value(quote!(#function())),
            (Presence::RequiredNullable, _) if serde => Init::Param(ty.clone(), false),
            (Presence::Required | Presence::Defaulted, _) => Init::Value(quote!(::std::default::Default::default())),
            _ => Init::Value(quote!(#option::None)),
        };
        inits.push((fname.clone(), init));
        quote! {
            #fdoc
            #fdeprecated
            pub #fname: #ty
        }
    });
    let fields: Vec<TokenStream> = fields.collect();
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
    let derive_default = can_default.then(|| quote!(Default,));
    let extra_name = s.extra.as_ref().map(|(field, _)| ident(field));
    let constructor = constructor(&name, &inits, extra_name.as_ref());
    // The serde impls are written as text; see `serialize_text`.
    let serde_impls = serde.then(|| {
        let mut text = serialize_text(&def.name, &reads, extra_name.as_ref(), paths);
        text.push('\n');
        text.push_str(&from_map_text(&def.name, &reads, extra_name.as_ref(), paths));
        text
    });
    let tokens = quote! {
        #doc
        #deprecated
        #[derive(Debug, Clone, PartialEq, #derive_default)]
        pub struct #name {
            #(#fields,)*
            #extra
        }
        #constructor
        #(#default_fns)*
    };
    (tokens, serde_impls)
}

/// `Serialize` for a struct, written as formatted text (see
/// [`from_map_text`] for why text): one entry per property through
/// `switchboard_runtime::ser::Entries` (see there for why), `None`s of
/// optional properties left out, extra properties after the declared ones.
///
/// ```text
/// impl Serialize for Contact {
///     fn serialize(&self, serializer) {
///         let mut map = ser::Entries::new(serializer.serialize_map(None)?);
///         map.required("id", &self.id);
///         map.optional("name", &self.name);
///         map.end()
///     }
/// }
/// ```
fn serialize_text(name: &str, reads: &[Read], extra: Option<&proc_macro2::Ident>, paths: &Paths) -> String {
    use std::fmt::Write as _;

    let option = paths.option_text();
    let on_wire: Vec<&Read> = reads.iter().filter(|r| r.wire.is_some()).collect();
    let binding = if on_wire.is_empty() && extra.is_none() {
        "map"
    } else {
        "mut map"
    };
    let mut out = String::with_capacity(512 + on_wire.len() * 64);
    let _ = write!(
        out,
        "    impl ::serde::Serialize for {name} {{
        fn serialize<S: ::serde::Serializer>(
            &self,
            serializer: S,
        ) -> ::std::result::Result<S::Ok, S::Error> {{
            let {binding} = ::switchboard_runtime::ser::Entries::new(
                serializer.serialize_map({option}::None)?,
            );
"
    );
    for read in on_wire {
        let (Some(wire), field) = (&read.wire, &read.field) else {
            continue;
        };
        let method = if read.skip_none { "optional" } else { "required" };
        let _ = writeln!(out, "            map.{method}({wire:?}, &self.{field});");
    }
    if let Some(extra) = extra {
        let _ = writeln!(out, "            map.extra(&self.{extra});");
    }
    out.push_str(
        "            map.end()
        }
    }
",
    );
    out
}

/// How `from_map` reads one field.
struct Read {
    field: proc_macro2::Ident,
    /// Serialisation leaves the property out when the field is `None`.
    skip_none: bool,
    /// The property name; `None` for fields that are not on the wire (file
    /// parts of a multipart body).
    wire: Option<String>,
    finish: Finish,
}

/// What a field is when its property was absent.
enum Finish {
    /// An error: the property is required.
    Required,
    /// The type's default (`None` for `Option`s, which is also what `null`
    /// reads as).
    Default,
    /// The schema's default, from its function.
    DefaultFn(proc_macro2::Ident),
    /// Absent stays `None`; a present `null` is `Some(None)`.
    AsIs,
}

/// `Deserialize` through `switchboard_runtime::de::Object` (see there for
/// why not serde's derive), written as formatted text at the indentation
/// of the `types` module: a struct has one line per field in each of three
/// places, and skipping tokens, parsing and pretty-printing for these
/// regular lines halves the time to generate a large client.
///
/// ```text
/// impl<'de> Deserialize<'de> for Contact { fn deserialize(..) { de::object(deserializer) } }
/// impl de::Object for Contact {
///     fn from_map(mut map) {
///         use ::switchboard_runtime::de;
///         let mut id = None; …
///         while let Some(key) = map.next_key::<de::Key>()? {
///             match key.as_str() { "id" => de::field(&mut map, &mut id, "id"), …, _ => de::skip(&mut map) }?;
///         }
///         Ok(Self { id: de::required(id, "id")?, … })   // one required property
///         match (id, login) {                           // two or more
///             (Some(id), Some(login)) => Ok(Self { id, login, … }),
///             (id, login) => Err(de::missing(&[("id", id.is_none()), ("login", login.is_none())])),
///         }
///     }
/// }
/// ```
fn from_map_text(name: &str, reads: &[Read], extra: Option<&proc_macro2::Ident>, paths: &Paths) -> String {
    use std::fmt::Write as _;

    let option = paths.option_text();
    // The map and key variables must not share a name with a field's local.
    let taken: Vec<String> = reads
        .iter()
        .map(|r| r.field.to_string())
        .chain(extra.map(|e| e.to_string()))
        .collect();
    let fresh = |base: &str| {
        let mut candidate = base.to_string();
        while taken.contains(&candidate) {
            candidate.push('_');
        }
        candidate
    };
    let (map, key) = (fresh("map"), fresh("key"));
    let expecting = format!("{name} object");

    let mut out = String::with_capacity(512 + reads.len() * 160);
    let _ = write!(
        out,
        "    impl<'de> ::serde::Deserialize<'de> for {name} {{
        fn deserialize<D: ::serde::Deserializer<'de>>(
            deserializer: D,
        ) -> ::std::result::Result<Self, D::Error> {{
            ::switchboard_runtime::de::object(deserializer)
        }}
    }}

    impl ::switchboard_runtime::de::Object for {name} {{
        const EXPECTING: &'static str = {expecting:?};

        fn from_map<'de, A: ::serde::de::MapAccess<'de>>(
            mut {map}: A,
        ) -> ::std::result::Result<Self, A::Error> {{
            use ::switchboard_runtime::de;
"
    );
    for read in reads.iter().filter(|r| r.wire.is_some()) {
        let _ = writeln!(out, "            let mut {} = {option}::None;", read.field);
    }
    if let Some(extra) = extra {
        // The map's type comes from the field; naming it would need the
        // type's tokens as text.
        let _ = writeln!(
            out,
            "            let mut {extra} = de::default_of(|value: &Self| &value.{extra});"
        );
    }
    let _ = writeln!(
        out,
        "            while let {option}::Some({key}) = {map}.next_key::<de::Key<'de>>()? {{
                match {key}.as_str() {{"
    );
    for read in reads {
        let (Some(wire), field) = (&read.wire, &read.field) else {
            continue;
        };
        let _ = writeln!(
            out,
            "                    {wire:?} => de::field(&mut {map}, &mut {field}, {wire:?}),"
        );
    }
    match extra {
        Some(extra) => {
            let _ = writeln!(
                out,
                "                    _ => de::extra(&mut {map}, &mut {extra}, {key}),"
            );
        }
        None => {
            let _ = writeln!(out, "                    _ => de::skip(&mut {map}),");
        }
    }
    // One `?` after the match rather than one per arm: each is a match and
    // two trait calls for the compiler to check.
    out.push_str(
        "                }?;
            }
",
    );
    let required: Vec<(&proc_macro2::Ident, &str)> = reads
        .iter()
        .filter_map(|r| match (&r.finish, &r.wire) {
            (Finish::Required, Some(wire)) => Some((&r.field, wire.as_str())),
            _ => None,
        })
        .collect();
    // Two or more required properties are checked by one match: a `?` per
    // property would be an early return that drops every other field's
    // slot, a cost growing with fields × required fields.
    let checked_together = required.len() >= 2;
    let indent = if checked_together { "    " } else { "" };
    let names: Vec<String> = required.iter().map(|(field, _)| field.to_string()).collect();
    if checked_together {
        let present: Vec<String> = names.iter().map(|n| format!("{option}::Some({n})")).collect();
        let _ = writeln!(out, "            match {} {{", tuple(&names, 12, 6));
        let _ = writeln!(
            out,
            "                {} => ::std::result::Result::Ok(Self {{",
            tuple(&present, 16, 37)
        );
    } else {
        out.push_str("            ::std::result::Result::Ok(Self {\n");
    }
    for read in reads {
        let field = &read.field;
        let _ = match (&read.finish, &read.wire) {
            (_, None) => writeln!(
                out,
                "{indent}                {field}: ::std::default::Default::default(),"
            ),
            (Finish::Required, Some(_)) if checked_together => writeln!(out, "{indent}                {field},"),
            (Finish::Required, Some(wire)) => {
                writeln!(
                    out,
                    "{indent}                {field}: de::required({field}, {wire:?})?,"
                )
            }
            (Finish::Default, _) => writeln!(out, "{indent}                {field}: {field}.unwrap_or_default(),"),
            (Finish::DefaultFn(function), _) => {
                writeln!(
                    out,
                    "{indent}                {field}: {field}.unwrap_or_else({function}),"
                )
            }
            (Finish::AsIs, _) => writeln!(out, "{indent}                {field},"),
        };
    }
    if let Some(extra) = extra {
        let _ = writeln!(out, "{indent}                {extra},");
    }
    if checked_together {
        let _ = writeln!(
            out,
            "                }}),
                {} => ::std::result::Result::Err(de::missing(&[",
            tuple(&names, 16, 45)
        );
        for (field, wire) in &required {
            let _ = writeln!(out, "                    ({wire:?}, {field}.is_none()),");
        }
        out.push_str(
            "                ])),
            }
        }
    }
",
        );
    } else {
        out.push_str(
            "            })
        }
    }
",
        );
    }
    out
}

/// `(a, b)` on one line when `indent` + the tuple + `trailing` characters
/// fit in 100 columns, else one item per line, as rustfmt lays it out.
fn tuple(items: &[String], indent: usize, trailing: usize) -> String {
    let inline = format!("({})", items.join(", "));
    if indent + inline.len() + trailing <= 100 {
        return inline;
    }
    let pad = " ".repeat(indent);
    let mut out = String::from("(\n");
    for item in items {
        out.push_str(&format!("{pad}    {item},\n"));
    }
    out.push_str(&pad);
    out.push(')');
    out
}

enum Init {
    /// A parameter of this type; `true` for strings, taken as `impl Into<String>`.
    Param(TokenStream, bool),
    Value(TokenStream),
}

/// `new(required…)` for structs with required fields: every other field
/// starts empty, so `Contact { name: Some(n), ..Contact::new(mobile) }` reads
/// well. Structs without required fields derive `Default` instead.
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
            Init::Value(_) => None,
        })
        .collect();
    if params.is_empty() {
        return None;
    }
    let values = inits.iter().map(|(name, init)| match init {
        Init::Param(_, true) => quote!(#name: #name.into()),
        Init::Param(_, false) => quote!(#name),
        Init::Value(value) => quote!(#name: #value),
    });
    let extra_init = extra.map(|field| quote!(#field: ::std::default::Default::default(),));
    let allow = (params.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    Some(quote! {
        impl #name {
            /// A value with the required fields set and every other field empty.
            #allow
            pub fn new(#(#params),*) -> Self {
                Self { #(#values,)* #extra_init }
            }
        }
    })
}

fn emit_string_enum(
    name: &proc_macro2::Ident,
    doc: &TokenStream,
    deprecated: &TokenStream,
    e: &StringEnum,
    paths: &Paths,
) -> TokenStream {
    let string = paths.string();
    let other = ident(&e.other);
    let variants = e.variants.iter().map(|v| ident(&v.name));
    quote! {
        #doc
        #deprecated
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#variants,)*
            /// A value this version of the API description does not list, kept as sent.
            #other(#string),
        }
    }
}

/// The impls of a string enum, written as formatted text (like
/// [`from_map_text`]; large APIs have thousands of these enums). Serde's
/// derive for an enum with an untagged catch-all buffers the value and tries
/// each variant; these read and write one string, and compile far faster.
fn string_enum_impls(name: &str, e: &StringEnum, paths: &Paths) -> String {
    use std::fmt::Write as _;

    let string = if paths.string().to_string() == "String" {
        "String"
    } else {
        "::std::string::String"
    };
    let other = &e.other;
    let mut out = String::with_capacity(1024 + e.variants.len() * 120);
    let _ = write!(
        out,
        "    impl {name} {{
        /// The value as sent on the wire.
        pub fn as_str(&self) -> &str {{
            match self {{
"
    );
    for v in &e.variants {
        let _ = writeln!(out, "                Self::{} => {:?},", v.name, v.wire);
    }
    let _ = write!(
        out,
        "                Self::{other}(value) => value,
            }}
        }}
    }}

    impl ::std::convert::From<{string}> for {name} {{
        fn from(value: {string}) -> Self {{
            match value.as_str() {{
"
    );
    for v in &e.variants {
        let _ = writeln!(out, "                {:?} => Self::{},", v.wire, v.name);
    }
    let _ = write!(
        out,
        "                _ => Self::{other}(value),
            }}
        }}
    }}

    impl ::std::fmt::Display for {name} {{
        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {{
            f.write_str(self.as_str())
        }}
    }}

    impl ::serde::Serialize for {name} {{
        fn serialize<S: ::serde::Serializer>(
            &self,
            serializer: S,
        ) -> ::std::result::Result<S::Ok, S::Error> {{
            serializer.serialize_str(self.as_str())
        }}
    }}

    impl<'de> ::serde::Deserialize<'de> for {name} {{
        fn deserialize<D: ::serde::Deserializer<'de>>(
            deserializer: D,
        ) -> ::std::result::Result<Self, D::Error> {{
            <{string} as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)
        }}
    }}
"
    );
    out
}

fn emit_integer_enum(
    name: &proc_macro2::Ident,
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

fn emit_untagged(
    name: &proc_macro2::Ident,
    doc: &TokenStream,
    deprecated: &TokenStream,
    variants: &[Variant],
    paths: &Paths,
) -> TokenStream {
    let variants = variants.iter().map(|v| {
        let vname = ident(&v.name);
        let ty = paths.ty(&v.ty);
        quote!(#vname(#ty))
    });
    quote! {
        #doc
        #deprecated
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(untagged)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants,)*
        }
    }
}

fn emit_tagged(
    name: &proc_macro2::Ident,
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
        quote!(#(::std::option::Option::Some(#tags))|* => ::switchboard_runtime::serde_json::from_value(value).map(Self::#vname))
    });
    let other_doc = format!(" A `{property}` value this version of the API description does not list, kept as sent.");
    quote! {
        #doc
        #deprecated
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize)]
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
                .map_err(<D::Error as ::serde::de::Error>::custom)
            }
        }
    }
}
