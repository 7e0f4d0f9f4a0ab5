//! The extension point: decisions a user makes per type or per operation,
//! that options cannot say (bindgen's `ParseCallbacks`, prost-build's
//! `ServiceGenerator`). Every method has a default that changes nothing.
//!
//! ```no_run
//! use switchboard_codegen::{Callbacks, Generator, OperationInfo};
//!
//! #[derive(Debug)]
//! struct OnlyContacts;
//!
//! impl Callbacks for OnlyContacts {
//!     fn include_operation(&self, operation: &OperationInfo<'_>) -> bool {
//!         operation.tags.iter().any(|tag| tag == "Contacts")
//!     }
//!     fn derives(&self, type_name: &str) -> Vec<String> {
//!         if type_name.ends_with("Status") { vec!["Copy".into()] } else { Vec::new() }
//!     }
//! }
//!
//! let generated = Generator::new().callbacks(OnlyContacts).generate_file("openapi.yaml")?;
//! # Ok::<(), switchboard_codegen::GenerateError>(())
//! ```

use std::fmt;
use std::sync::Arc;

/// What an operation is, for [`Callbacks::include_operation`] and
/// [`Callbacks::method_name`].
#[derive(Debug, Clone, Copy)]
pub struct OperationInfo<'a> {
    /// The `operationId`, or the one synthesised from method and path.
    pub operation_id: &'a str,
    /// The HTTP method, lower case.
    pub method: &'a str,
    /// The path template.
    pub path: &'a str,
    /// The operation's tags.
    pub tags: &'a [String],
}

/// Per-type and per-operation decisions. Names a callback returns are still
/// made valid and unique by the generator.
pub trait Callbacks: fmt::Debug + Send + Sync {
    /// Whether to generate `operation` (every one by default). When some
    /// are left out, so are the types only they used.
    fn include_operation(&self, operation: &OperationInfo<'_>) -> bool {
        let _ = operation;
        true
    }

    /// Whether to generate the webhook event `name` (as deliveries spell
    /// it; every one by default).
    fn include_webhook(&self, name: &str) -> bool {
        let _ = name;
        true
    }

    /// Another method name for `operation` (default: its id in snake_case).
    fn method_name(&self, operation: &OperationInfo<'_>) -> Option<String> {
        let _ = operation;
        None
    }

    /// Another name for the type the generator would call `name`, made from
    /// the schema at `pointer`.
    fn type_name(&self, name: &str, pointer: &str) -> Option<String> {
        let _ = (name, pointer);
        None
    }

    /// Derives added to the struct or enum `type_name` (`Eq`, `Hash`,
    /// `::my_crate::MyDerive`).
    fn derives(&self, type_name: &str) -> Vec<String> {
        let _ = type_name;
        Vec::new()
    }

    /// Attributes added to the struct or enum `type_name`, as written in
    /// Rust (`#[non_exhaustive]`).
    fn attributes(&self, type_name: &str) -> Vec<String> {
        let _ = type_name;
        Vec::new()
    }
}

/// The callbacks a [`Generator`](crate::Generator) holds (none by default).
#[derive(Clone, Default)]
pub(crate) struct Hooks(pub(crate) Option<Arc<dyn Callbacks>>);

impl fmt::Debug for Hooks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Some(callbacks) => callbacks.fmt(f),
            None => f.write_str("none"),
        }
    }
}

impl Hooks {
    pub(crate) fn get(&self) -> Option<&dyn Callbacks> {
        self.0.as_deref()
    }
}
