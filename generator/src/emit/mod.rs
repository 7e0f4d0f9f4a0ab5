//! Stage 3, emit: IR → Rust tokens (and text where its layout is certain),
//! one file per construct.
//!
//! The generated module has this shape:
//!
//! ```text
//! pub mod types { /* one item per schema, params struct, response enum,
//!                   and the enum of webhook events */ }
//! static API: ApiDescription = …;          // servers, security schemes, signing
//! pub struct Client { runtime: Runtime }   // one async method per operation
//! pub struct ClientBuilder { … }           // base URL, credentials, retries, hooks
//! ```
//!
//! Paths into other crates are absolute (`::switchboard_runtime::…`), so they
//! never collide with a schema's name; prelude names (`Option`, `String`,
//! `Vec`, `Box`) are written short unless the API defines a type of that name.

mod client;
mod docs;
pub mod examples;
mod invocation;
mod lines;
mod method_text;
mod operations;
mod type_expr;
mod types;
mod webhooks;

use proc_macro2::TokenStream;

use crate::ir::{Api, Body, Operation, TypeDef, Webhooks};

pub use type_expr::Paths;

/// Where a piece of the module goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// Inside `pub mod types { … }`.
    Types,
    /// At the top level of the module.
    TopLevel,
    /// Inside `impl Client { … }`.
    ClientImpl,
}

/// One piece of the generated module: a type (with its impls), the client
/// and its builder, or one method. Pieces are independent of one another,
/// so they can be emitted and formatted separately (and in parallel) and
/// joined in order.
#[derive(Debug, Clone, Copy)]
pub enum Piece<'a> {
    /// A named type and the impls that belong to it.
    Type(&'a TypeDef),
    /// The `API` description static, `Client` and `ClientBuilder`.
    Client,
    /// The method of one operation (and one request media type).
    Method(&'a Operation, Option<&'a Body>),
    /// The `…_pages` and `…_items` stream methods of a paginated operation.
    Paging(&'a Operation),
    /// The enum of webhook events, with its `parse` and `verify`.
    Webhooks(&'a Webhooks),
}

impl Piece<'_> {
    /// The part of the module the piece belongs in.
    pub fn section(&self) -> Section {
        match self {
            Piece::Type(_) | Piece::Webhooks(_) => Section::Types,
            Piece::Client => Section::TopLevel,
            Piece::Method(..) | Piece::Paging(_) => Section::ClientImpl,
        }
    }
}

/// The pieces of the module for `api`, in output order: types by name, the
/// webhook and callback events, the client, then methods in operation
/// order.
pub fn pieces(api: &Api) -> Vec<Piece<'_>> {
    let mut types: Vec<&TypeDef> = api.types.iter().collect();
    types.sort_by(|a, b| a.name.cmp(&b.name));
    let mut pieces: Vec<Piece<'_>> = types.into_iter().map(Piece::Type).collect();
    pieces.extend(api.event_sets().map(Piece::Webhooks));
    pieces.push(Piece::Client);
    for operation in &api.operations {
        if operation.bodies.is_empty() {
            pieces.push(Piece::Method(operation, None));
        }
        for body in &operation.bodies {
            pieces.push(Piece::Method(operation, Some(body)));
        }
        if operation.paging.is_some() {
            pieces.push(Piece::Paging(operation));
        }
    }
    pieces
}

/// One piece, emitted.
pub struct EmittedPiece {
    /// The items to format, without the `mod types` / `impl Client` around
    /// them; empty when the piece is all text.
    pub tokens: TokenStream,
    /// Text laid out at column 0 that follows them: a runtime macro
    /// invocation (the serde impls of a struct, an enum or a union), and,
    /// for structs, aliases, string enums and methods whose layout is
    /// certain, the items themselves (`types/text.rs`, `method_text.rs`).
    pub text: Option<String>,
}

/// Emits one piece.
pub fn emit_piece(api: &Api, paths: &Paths, piece: Piece<'_>) -> EmittedPiece {
    let (tokens, text) = match piece {
        Piece::Type(def) => types::emit_type(def, paths),
        Piece::Client => (client::emit_client(api, paths), None),
        Piece::Method(operation, body) => {
            let plan = method_text::MethodPlan::new(api, operation, body, paths);
            match plan.layout() {
                Some(text) => (TokenStream::new(), Some(text)),
                None => (plan.tokens(), None),
            }
        }
        Piece::Paging(operation) => (operations::emit_paging(operation, paths), None),
        Piece::Webhooks(webhooks) => (webhooks::emit_webhooks(webhooks, paths), None),
    };
    EmittedPiece { tokens, text }
}

/// Generated source read as tokens, for prettyplease to lay out. A source
/// that does not read would be the generator's bug; the tokens then say so
/// where the code would be, and the module does not compile.
pub(crate) fn source_tokens(source: String) -> TokenStream {
    source.parse().unwrap_or_else(|error| {
        let message = format!("switchboard-codegen wrote code it cannot read ({error}): {source}");
        quote::quote!(compile_error!(#message);)
    })
}

/// Whether the `types` module and the `impl Client` block need
/// `#[allow(deprecated)]`: deprecated schemas still have to be named by the
/// code around them; users of the deprecated items themselves still get
/// the warning.
pub fn allow_deprecated(api: &Api) -> bool {
    api.types.iter().any(|t| t.deprecated || has_deprecated_fields(t))
        || api.operations.iter().any(|o| o.deprecated)
        || api.event_sets().flat_map(|w| &w.events).any(|e| e.deprecated)
}

fn has_deprecated_fields(def: &crate::ir::TypeDef) -> bool {
    match &def.kind {
        crate::ir::TypeKind::Struct(s) | crate::ir::TypeKind::Params(s) => s.fields.iter().any(|f| f.deprecated),
        _ => false,
    }
}
