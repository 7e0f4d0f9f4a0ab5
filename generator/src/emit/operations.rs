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
//!
//! `method_text` plans and writes each method; this file holds what is said
//! about operations besides: their docs, and the paging methods built on a
//! paginated operation's method.

use proc_macro2::TokenStream;

use super::method_text;
use super::type_expr::Paths;
use crate::ir::{Api, Body, EventSource, Operation, PagingStrategy, TypeExpr};

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
///
/// Their parameters and types are the method's, as `method_text` spells
/// them; prettyplease lays them out.
pub(super) fn emit_paging(operation: &Operation, paths: &Paths) -> TokenStream {
    let Some(paging) = &operation.paging else {
        return TokenStream::new();
    };
    let body = operation.bodies.first();
    let (generic, params) = method_text::parameters(operation, body, paths);
    let generics = generic.map(|generic| format!("<{generic}>")).unwrap_or_default();
    // The arguments passed on: each parameter's name, `&self` aside.
    let arguments: Vec<&str> = params[1..]
        .iter()
        .map(|(name, _)| name.trim_end_matches(": "))
        .collect();
    let arguments = arguments.join(", ");
    let params: Vec<String> = params.iter().map(|(name, ty)| format!("{name}{ty}")).collect();
    let (success, error) = method_text::success_and_error(operation, paths);
    let optional = |value: &Option<String>| match value {
        Some(value) => format!("Some({})", method_text::string(value)),
        None => "None".to_string(),
    };
    let strategy = match &paging.strategy {
        PagingStrategy::Page {
            parameter,
            first,
            pages,
            total,
            more,
        } => format!(
            "::switchboard_runtime::Strategy::Page {{ parameter: {}, first: {first}, pages: {}, total: {}, more: {} }}",
            method_text::string(parameter),
            optional(pages),
            optional(total),
            optional(more)
        ),
        PagingStrategy::Cursor { parameter, next } => format!(
            "::switchboard_runtime::Strategy::Cursor {{ parameter: {}, next: {} }}",
            method_text::string(parameter),
            method_text::string(next)
        ),
        PagingStrategy::NextLink { body } => {
            format!(
                "::switchboard_runtime::Strategy::NextLink {{ body: {} }}",
                optional(body)
            )
        }
    };
    let (method, pages, items) = (&operation.name, &paging.pages_method, &paging.items_method);
    let mut attributes = String::new();
    if operation.deprecated {
        attributes.push_str("#[deprecated]\n");
    }
    if params.len() > 7 {
        attributes.push_str("#[allow(clippy::too_many_arguments)]\n");
    }
    let doc = |text: String| format!("#[doc = {}]\n{attributes}", method_text::string(&text));
    let pages_doc = doc(format!(
        " Every page of [`{method}`](Self::{method}), fetched one at a time as the stream is read; it ends after an \
         empty or last page, or with the first error."
    ));
    let items_doc = doc(format!(
        " The items of every page of [`{method}`](Self::{method}), one by one (`.limit(n)` stops after `n`)."
    ));
    let params = params.join(", ");
    let item = paths.ty_outside_text(&paging.item);
    let items_path = method_text::string(&paging.items_path);
    let source = format!(
        "{pages_doc}pub fn {pages}{generics}({params}) -> ::switchboard_runtime::Pages<'_, \
         ::switchboard_runtime::ResponseValue<{success}>, {error}> {{\n\
         self.{method}({arguments}).pages(&::switchboard_runtime::Paging {{ items: {items_path}, strategy: {strategy} }})\n}}\n\
         {items_doc}pub fn {items}{generics}({params}) -> ::switchboard_runtime::Items<'_, {item}, {error}> {{\n\
         self.{pages}({arguments}).items()\n}}\n"
    );
    super::source_tokens(source)
}
