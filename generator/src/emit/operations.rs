//! Operations → client methods that return the runtime's `Call` (await it,
//! or set per-call options first).
//!
//! ```text
//! pub fn contact_create(&self, account_id: i64, body: &types::ContactCreatePayload)
//!     -> Call<'_, ResponseValue<types::ContactCreateResponse>, types::ContactCreateError>
//! {
//!     let path = format!("/api/v1/accounts/{}/contacts", path_segment(&account_id));
//!     let mut request = self.runtime.request(Method::POST, path, "contactCreate");
//!     request.security(&[&["userApiKey"]]);
//!     request.json(body);
//!     self.runtime.call(request, |response| match response.status().as_u16() {
//!         200 => response.json(),
//!         400 => Err(response.error(::std::convert::identity)),
//!         _ => Err(response.unexpected()),
//!     })
//! }
//! ```
//!
//! Everything that does not depend on the operation (URL joining, encoding,
//! auth, retries, decoding) lives in the runtime, so each method is only the
//! lines that say what is specific to it. Methods are not `async fn`: the
//! request is built when the method is called (so the `Call` borrows only
//! the client, not the arguments), and the one `async` body that sends it
//! is the runtime's, instead of a state machine per operation for the
//! user's compiler to check (BENCHMARKS.md). The decoding closure captures
//! nothing, so it is a plain `fn` pointer.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::client::security_tokens;
use super::docs::{deprecated_attr, doc_attrs};
use super::type_expr::{Paths, ident};
use crate::ir::{
    Api, Body, BodyKind, Decode, EventData, EventSource, FileShape, Operation, PagingStrategy, ParamLocation,
    Parameter, PathSegment, QueryStyle, ResponseCase, StatusMatch, SuccessType, TypeExpr,
};

pub(super) fn emit_method(api: &Api, operation: &Operation, body: Option<&Body>, paths: &Paths) -> TokenStream {
    let name = ident(body.and_then(|b| b.method_suffix.as_deref()).unwrap_or(&operation.name));
    let doc = doc_attrs(Some(&method_doc(api, operation, body)));
    let deprecated = deprecated_attr(operation.deprecated);
    let locals = Names::of(operation);
    let Names {
        path,
        request,
        response,
        ..
    } = &locals;
    let (generics, args, _) = method_arguments(operation, body, paths, &locals);

    let path_statement = path_expr(operation, path);
    let method = ident(&operation.method);
    let operation_id = &operation.operation_id;
    let mut statements = Vec::new();
    // Say what the client can read: some APIs (Awal Chat) require it.
    if matches!(operation.responses.success, SuccessType::Events(_)) {
        statements.push(quote!(#request.header("Accept", "text/event-stream");));
    } else if operation
        .responses
        .cases
        .iter()
        .any(|c| matches!(c.decode, Decode::Json(_)))
    {
        statements.push(quote!(#request.header("Accept", "application/json");));
    }
    for param in &operation.other_params {
        statements.push(param_statement(param, &locals));
    }
    if let Some(security) = &operation.security {
        if *security != api.default_security {
            let tokens = security_tokens(security);
            statements.push(quote!(#request.security(#tokens);));
        }
    }
    if let Some(body) = body {
        statements.push(body_statement(body, operation.body_required, &locals));
    }
    let request_binding = if statements.is_empty() {
        quote!(let #request)
    } else {
        quote!(let mut #request)
    };
    let (success, error) = return_types(operation, paths);
    let arms = response_arms(operation, paths, response);
    // Path parameters are positional: an operation with many has as many
    // arguments (clippy counts `self` too).
    let allow = (args.len() + 1 > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    // An event stream is the call read as events (its match arms decode
    // only the statuses that are not streamed: the errors).
    let (returns, read) = match &operation.responses.success {
        SuccessType::Events(EventData::Json(data)) => {
            let data = paths.ty_outside(data);
            (
                quote!(::switchboard_runtime::Events<'_, #data, #error>),
                quote!(.events()),
            )
        }
        SuccessType::Events(EventData::Text) => (
            quote!(::switchboard_runtime::Events<'_, String, #error>),
            quote!(.text_events()),
        ),
        _ => (
            quote!(::switchboard_runtime::Call<'_, ::switchboard_runtime::ResponseValue<#success>, #error>),
            TokenStream::new(),
        ),
    };
    quote! {
        #doc
        #deprecated
        #allow
        pub fn #name #generics(&self, #(#args),*) -> #returns {
            #path_statement
            #request_binding = self.runtime.request(::switchboard_runtime::reqwest::Method::#method, #path, #operation_id);
            #(#statements)*
            self.runtime.call(#request, |#response| match #response.status().as_u16() {
                #(#arms)*
            })#read
        }
    }
}

/// The generic parameters, the parameters (`name: Type`) and the argument
/// names of a method for `operation` sending `body`.
fn method_arguments(
    operation: &Operation,
    body: Option<&Body>,
    paths: &Paths,
    names: &Names,
) -> (TokenStream, Vec<TokenStream>, Vec<Ident>) {
    let mut parameters = Vec::new();
    let mut arguments = Vec::new();
    for param in &operation.path_params {
        let arg = ident(&param.rust_name);
        let ty = path_arg_type(&param.ty, paths);
        parameters.push(quote!(#arg: #ty));
        arguments.push(arg);
    }
    if let Some(params_type) = &operation.params_type {
        let params_type = ident(params_type);
        let params = &names.params;
        parameters.push(quote!(#params: &types::#params_type));
        arguments.push(params.clone());
    }
    // A raw body is any `Into<Upload>` (bytes, a stream, a file) /
    // `Into<String>`.
    let mut generics = TokenStream::new();
    if let Some(body) = body {
        let raw = match body.kind {
            BodyKind::Bytes => Some(quote!(::switchboard_runtime::Upload)),
            BodyKind::Text => Some(quote!(String)),
            _ => None,
        };
        let body_type = &names.body_type;
        let ty = match raw {
            Some(raw) => {
                generics = quote!(<#body_type: Into<#raw>>);
                quote!(#body_type)
            }
            None => body_arg_type(body, operation.body_required, paths),
        };
        let argument = &names.body;
        parameters.push(quote!(#argument: #ty));
        arguments.push(argument.clone());
    }
    (generics, parameters, arguments)
}

/// The method's own identifiers, as `lower` chose them.
struct Names {
    params: Ident,
    body: Ident,
    body_type: Ident,
    path: Ident,
    request: Ident,
    response: Ident,
    form: Ident,
    file: Ident,
}

impl Names {
    fn of(operation: &Operation) -> Self {
        let locals = &operation.locals;
        Self {
            params: ident(&locals.params),
            body: ident(&locals.body),
            body_type: ident(&locals.body_type),
            path: ident(&locals.path),
            request: ident(&locals.request),
            response: ident(&locals.response),
            form: ident(&locals.form),
            file: ident(&locals.file),
        }
    }
}

pub(super) fn method_doc(api: &Api, operation: &Operation, body: Option<&Body>) -> String {
    let mut text = String::new();
    if let Some(summary) = &operation.summary {
        text.push_str(summary);
        text.push_str("\n\n");
    }
    if let Some(description) = &operation.description {
        if operation.summary.as_deref() != Some(description.as_str()) {
            text.push_str(description);
            text.push_str("\n\n");
        }
    }
    if let Some(external) = &operation.external_docs {
        let title = external.description.as_deref().unwrap_or("Documentation");
        text.push_str(&format!("See [{title}]({}).\n\n", external.url));
    }
    text.push_str(&format!(
        "Sends `{} {}` (`{}`)",
        operation.method, operation.path, operation.operation_id
    ));
    match body {
        Some(body) => text.push_str(&format!(" with a `{}` body.", body.media_type)),
        None => text.push('.'),
    }
    let mut listed = Vec::new();
    for param in &operation.path_params {
        listed.push(format!(
            "- `{}`: {}",
            param.rust_name,
            one_line(param.doc.as_deref(), "path parameter")
        ));
    }
    if let Some(params_type) = &operation.params_type {
        listed.push(format!(
            "- `{}`: query, header and cookie parameters ([`types::{params_type}`])",
            operation.locals.params
        ));
    }
    if body.is_some() {
        listed.push(format!("- `{}`: the request body", operation.locals.body));
    }
    if !listed.is_empty() {
        text.push_str("\n\nParameters:\n");
        text.push_str(&listed.join("\n"));
    }
    let callbacks = api
        .operation_callbacks
        .iter()
        .find(|events| matches!(&events.source, EventSource::Callbacks { method } if *method == operation.name));
    if let Some(callbacks) = callbacks {
        text.push_str(&format!(
            "\n\nThe server then calls back the URLs given: parse what it sends with [`types::{}`].",
            callbacks.enum_name
        ));
    }
    text
}

fn one_line(doc: Option<&str>, fallback: &str) -> String {
    doc.and_then(|d| d.lines().next()).unwrap_or(fallback).to_string()
}

pub(super) fn passed_by_value(ty: &TypeExpr) -> bool {
    matches!(
        ty,
        TypeExpr::Bool | TypeExpr::I32 | TypeExpr::I64 | TypeExpr::F32 | TypeExpr::F64 | TypeExpr::Uuid
    )
}

/// Scalars by value, strings as `&str`, everything else by reference.
fn path_arg_type(ty: &TypeExpr, paths: &Paths) -> TokenStream {
    match ty {
        ty if passed_by_value(ty) => paths.ty_outside(ty),
        TypeExpr::String => quote!(&str),
        other => {
            let ty = paths.ty_outside(other);
            quote!(&#ty)
        }
    }
}

/// The body argument of a JSON, form or multipart body.
fn body_arg_type(body: &Body, required: bool, paths: &Paths) -> TokenStream {
    let reference = match (&body.kind, &body.ty) {
        (_, TypeExpr::Vec(inner)) => {
            let inner = paths.ty_outside(inner);
            quote!(&[#inner])
        }
        (_, TypeExpr::String) => quote!(&str),
        (_, ty) => {
            let ty = paths.ty_outside(ty);
            quote!(&#ty)
        }
    };
    if required {
        reference
    } else {
        quote!(Option<#reference>)
    }
}

/// `let id = path_segment(&id); let path = format!("/contacts/{id}");`
///
/// Each path argument is encoded into a binding of the same name first, so
/// the template names its placeholders (and stays readable).
fn path_expr(operation: &Operation, path: &Ident) -> TokenStream {
    let mut template = String::new();
    let mut bindings = Vec::new();
    for segment in &operation.path_segments {
        match segment {
            PathSegment::Literal(text) => template.push_str(&text.replace('{', "{{").replace('}', "}}")),
            PathSegment::Param(index) => {
                let param = &operation.path_params[*index];
                template.push('{');
                template.push_str(&param.rust_name);
                template.push('}');
                let arg = ident(&param.rust_name);
                // Scalars arrive by value, everything else by reference.
                bindings.push(if passed_by_value(&param.ty) {
                    quote!(let #arg = ::switchboard_runtime::path_segment(&#arg);)
                } else {
                    quote!(let #arg = ::switchboard_runtime::path_segment(#arg);)
                });
            }
        }
    }
    if bindings.is_empty() {
        quote!(let #path = #template;)
    } else {
        quote!(#(#bindings)* let #path = format!(#template);)
    }
}

fn param_statement(param: &Parameter, names: &Names) -> TokenStream {
    let Names { params, request, .. } = names;
    let wire = &param.wire_name;
    let field = ident(&param.rust_name);
    match param.location {
        ParamLocation::Query => {
            let style = match param.style {
                // OpenAPI's default, and the runtime's: most parameters.
                QueryStyle::Form { explode: true } => return quote!(#request.query(#wire, &#params.#field);),
                QueryStyle::Form { explode: false } => {
                    quote!(::switchboard_runtime::QueryStyle::Form { explode: false })
                }
                QueryStyle::SpaceDelimited => quote!(::switchboard_runtime::QueryStyle::SpaceDelimited),
                QueryStyle::PipeDelimited => quote!(::switchboard_runtime::QueryStyle::PipeDelimited),
                QueryStyle::DeepObject => quote!(::switchboard_runtime::QueryStyle::DeepObject),
            };
            quote!(#request.query_styled(#wire, &#params.#field, #style);)
        }
        ParamLocation::Header => quote!(#request.header(#wire, &#params.#field);),
        ParamLocation::Cookie => quote!(#request.cookie(#wire, &#params.#field);),
        ParamLocation::Path => TokenStream::new(),
    }
}

fn body_statement(body: &Body, required: bool, names: &Names) -> TokenStream {
    let Names {
        request,
        body: argument,
        ..
    } = names;
    let media_type = &body.media_type;
    let encode = match body.kind {
        BodyKind::Json if media_type.eq_ignore_ascii_case("application/json") => quote!(#request.json(#argument);),
        BodyKind::Json => quote!(#request.json_as(#argument, #media_type);),
        BodyKind::Form => quote!(#request.form(#argument);),
        BodyKind::Bytes => quote!(#request.bytes(#argument, #media_type);),
        BodyKind::Text => quote!(#request.text(#argument, #media_type);),
        BodyKind::Multipart => multipart_statement(body, names),
    };
    if required || matches!(body.kind, BodyKind::Bytes | BodyKind::Text) {
        encode
    } else {
        quote!(if let Some(#argument) = #argument { #encode })
    }
}

fn multipart_statement(body: &Body, names: &Names) -> TokenStream {
    let Names {
        request,
        body: argument,
        form,
        file,
        ..
    } = names;
    let mut chain = Vec::new();
    let mut optional = Vec::new();
    for field in &body.file_fields {
        let wire = &field.wire_name;
        let name = ident(&field.rust_name);
        match field.shape {
            FileShape::One => chain.push(quote!(.file(#wire, &#argument.#name))),
            FileShape::Many => chain.push(quote!(.files(#wire, &#argument.#name))),
            FileShape::Optional => optional.push(quote! {
                if let Some(#file) = &#argument.#name {
                    #form = #form.file(#wire, #file);
                }
            }),
        }
    }
    for (field, content_type) in &body.part_content_types {
        chain.push(quote!(.content_type(#field, #content_type)));
    }
    let binding = if optional.is_empty() {
        quote!(let #form)
    } else {
        quote!(let mut #form)
    };
    quote! {
        #binding = ::switchboard_runtime::Multipart::from_fields(#argument)#(#chain)*;
        #(#optional)*
        #request.multipart(#form);
    }
}

fn return_types(operation: &Operation, paths: &Paths) -> (TokenStream, TokenStream) {
    let success = match &operation.responses.success {
        SuccessType::Unit => quote!(()),
        SuccessType::Json(ty) | SuccessType::Enum(ty) => paths.ty_outside(ty),
        SuccessType::Text => quote!(String),
        SuccessType::Bytes => quote!(::switchboard_runtime::Bytes),
        // Only the statuses that are not streamed reach the arms.
        SuccessType::Events(_) => quote!(()),
    };
    (success, paths.ty_outside(&operation.responses.error))
}

fn response_arms(operation: &Operation, paths: &Paths, response: &Ident) -> Vec<TokenStream> {
    let responses = &operation.responses;
    let enum_path = |ty: &TypeExpr| paths.ty_outside(ty);
    let success_enum = match &responses.success {
        SuccessType::Enum(ty) => Some(enum_path(ty)),
        _ => None,
    };
    let error_enum = match &responses.error {
        ty @ TypeExpr::Named(_) => Some(enum_path(ty)),
        _ => None,
    };
    let mut arms = Vec::new();
    let mut has_wildcard = false;
    for case in &responses.cases {
        let patterns = case.statuses.iter().map(|status| match (status, case.is_error) {
            (StatusMatch::Code(code), _) => {
                let code = proc_macro2::Literal::u16_unsuffixed(*code);
                quote!(#code)
            }
            (StatusMatch::Range(range), _) => {
                let low = proc_macro2::Literal::u16_unsuffixed(range * 100);
                let high = proc_macro2::Literal::u16_unsuffixed(range * 100 + 99);
                quote!(#low..=#high)
            }
            (StatusMatch::Between(low, high), _) => {
                let low = proc_macro2::Literal::u16_unsuffixed(*low);
                let high = proc_macro2::Literal::u16_unsuffixed(*high);
                quote!(#low..=#high)
            }
            (StatusMatch::Default, false) => quote!(200..=299),
            (StatusMatch::Default, true) => {
                has_wildcard = true;
                quote!(_)
            }
        });
        let patterns: Vec<TokenStream> = patterns.collect();
        let body = if case.is_error {
            error_expr(case, error_enum.as_ref(), response)
        } else {
            success_expr(case, success_enum.as_ref(), response)
        };
        arms.push(quote!(#(#patterns)|* => #body,));
    }
    if !has_wildcard {
        arms.push(quote!(_ => Err(#response.unexpected()),));
    }
    arms
}

fn success_expr(case: &ResponseCase, success_enum: Option<&TokenStream>, response: &Ident) -> TokenStream {
    match (&case.variant, success_enum) {
        (Some(variant), Some(enum_path)) => {
            let variant = ident(variant);
            match &case.decode {
                Decode::Json(_) => quote!(#response.json_map(#enum_path::#variant)),
                Decode::Empty | Decode::Events(_) => {
                    quote!(#response.empty().map(|value| value.map(|()| #enum_path::#variant)))
                }
                Decode::Text => quote!(#response.text().map(|value| value.map(#enum_path::#variant))),
                Decode::Bytes => quote!(#response.bytes().map(|value| value.map(#enum_path::#variant))),
            }
        }
        _ => match &case.decode {
            Decode::Json(_) => quote!(#response.json()),
            // An event stream's body is read by the stream, not here.
            Decode::Empty | Decode::Events(_) => quote!(#response.empty()),
            Decode::Text => quote!(#response.text()),
            Decode::Bytes => quote!(#response.bytes()),
        },
    }
}

fn error_expr(case: &ResponseCase, error_enum: Option<&TokenStream>, response: &Ident) -> TokenStream {
    match (&case.variant, error_enum, &case.decode) {
        (Some(variant), Some(enum_path), _) => {
            let variant = ident(variant);
            quote!(Err(#response.error(#enum_path::#variant)))
        }
        (_, _, Decode::Json(_)) => quote!(Err(#response.error(::std::convert::identity))),
        _ => quote!(Err(#response.unexpected())),
    }
}

/// The stream methods of a paginated operation, on top of its method:
///
/// ```text
/// pub fn contact_list_pages(&self, account_id: i64, params: &types::ContactListParams)
///     -> Pages<'_, ResponseValue<types::ContactPageResponse>, types::ContactListError>
/// {
///     self.contact_list(account_id, params).pages(&Paging { items: "payload", strategy: … })
/// }
/// pub fn contact_list_items(&self, …) -> Items<'_, types::ContactRecord, types::ContactListError> {
///     self.contact_list_pages(account_id, params).items()
/// }
/// ```
pub(super) fn emit_paging(operation: &Operation, paths: &Paths) -> TokenStream {
    let Some(paging) = &operation.paging else {
        return TokenStream::new();
    };
    let body = operation.bodies.first();
    let names = Names::of(operation);
    let (generics, parameters, arguments) = method_arguments(operation, body, paths, &names);
    let method = ident(&operation.name);
    let pages = ident(&paging.pages_method);
    let items = ident(&paging.items_method);
    let (success, error) = return_types(operation, paths);
    let item = paths.ty_outside(&paging.item);
    let items_path = &paging.items_path;
    let optional = |value: &Option<String>| match value {
        Some(value) => quote!(Some(#value)),
        None => quote!(None),
    };
    let strategy = match &paging.strategy {
        PagingStrategy::Page {
            parameter,
            first,
            pages,
            total,
            more,
        } => {
            let (pages, total, more) = (optional(pages), optional(total), optional(more));
            let first = proc_macro2::Literal::u64_unsuffixed(*first);
            quote!(::switchboard_runtime::Strategy::Page { parameter: #parameter, first: #first, pages: #pages, total: #total, more: #more })
        }
        PagingStrategy::Cursor { parameter, next } => {
            quote!(::switchboard_runtime::Strategy::Cursor { parameter: #parameter, next: #next })
        }
        PagingStrategy::NextLink { body } => {
            let body = optional(body);
            quote!(::switchboard_runtime::Strategy::NextLink { body: #body })
        }
    };
    let pages_doc = format!(
        " Every page of [`{}`](Self::{}), fetched one at a time as the stream is read; it ends after an empty or \
         last page, or with the first error.",
        operation.name, operation.name
    );
    let items_doc = format!(
        " The items of every page of [`{}`](Self::{}), one by one (`.limit(n)` stops after `n`).",
        operation.name, operation.name
    );
    let deprecated = deprecated_attr(operation.deprecated);
    let allow = (parameters.len() + 1 > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        #[doc = #pages_doc]
        #deprecated
        #allow
        pub fn #pages #generics(&self, #(#parameters),*) -> ::switchboard_runtime::Pages<'_, ::switchboard_runtime::ResponseValue<#success>, #error> {
            self.#method(#(#arguments),*).pages(&::switchboard_runtime::Paging { items: #items_path, strategy: #strategy })
        }

        #[doc = #items_doc]
        #deprecated
        #allow
        pub fn #items #generics(&self, #(#parameters),*) -> ::switchboard_runtime::Items<'_, #item, #error> {
            self.#pages(#(#arguments),*).items()
        }
    }
}
