//! Stage 3, emit: IR → Rust tokens, one file per construct.
//!
//! The generated module has this shape:
//!
//! ```text
//! pub mod types { /* one item per schema, params struct, response enum */ }
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
mod operations;
mod type_expr;
mod types;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Api;

pub(crate) use type_expr::Paths;

/// Emits the whole module for `api`.
pub fn emit(api: &Api) -> TokenStream {
    let paths = Paths::new(api);
    let types = types::emit_types(api, &paths);
    let client = client::emit_client(api, &paths);
    let operations = operations::emit_operations(api, &paths);
    let any_deprecated = api.types.iter().any(|t| t.deprecated || has_deprecated_fields(t))
        || api.operations.iter().any(|o| o.deprecated);
    // Deprecated schemas still have to be named by the code around them;
    // users of the deprecated items themselves still get the warning.
    let allow_deprecated = any_deprecated.then(|| quote!(#[allow(deprecated)]));
    quote! {
        /// Types of the API's schemas, parameters and responses.
        #allow_deprecated
        pub mod types {
            #types
        }

        #client

        #allow_deprecated
        impl Client {
            #operations
        }
    }
}

fn has_deprecated_fields(def: &crate::ir::TypeDef) -> bool {
    match &def.kind {
        crate::ir::TypeKind::Struct(s) | crate::ir::TypeKind::Params(s) => s.fields.iter().any(|f| f.deprecated),
        _ => false,
    }
}
