//! Support library for the API clients that `switchboard-codegen` generates.
//!
//! Generated code describes its API once, as a static [`ApiDescription`],
//! and each operation as a [`RequestSpec`] built from a [`Runtime`]. The
//! runtime turns that into HTTP: it builds the URL (server URL, path, query
//! styles), applies credentials chosen from the operation's security
//! requirements, runs [`Hook`]s, signs the request, retries transient
//! failures per the [`RetryPolicy`], and hands back a [`RawResponse`] that
//! generated code decodes into a [`ResponseValue`] or an [`Error`].
//!
//! ```no_run
//! use switchboard_runtime::{ApiDescription, ClientBuilder, Credential, SchemeKind, SecurityScheme};
//!
//! static API: ApiDescription = ApiDescription {
//!     name: "example",
//!     server_url: "https://api.example.com/v1",
//!     server_variables: &[],
//!     security_schemes: &[SecurityScheme { name: "bearerAuth", setter: "bearer_auth", kind: SchemeKind::Bearer }],
//!     default_security: &[&["bearerAuth"]],
//!     signing: None,
//! };
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let runtime = ClientBuilder::new(&API).credential("bearerAuth", Credential::token("t0k")).build()?;
//! let request = runtime.request(reqwest::Method::GET, "/contacts", "listContacts");
//! let response = runtime.execute::<()>(request).await?;
//! let contacts = response.json::<serde_json::Value, ()>()?;
//! # Ok(())
//! # }
//! ```
//!
//! Credentials are wrapped in [`Secret`] and never appear in `Debug` output
//! or error messages.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod api;
mod auth;
mod base64_bytes;
mod builder;
mod builder_methods;
mod call;
mod client;
pub mod de;
mod error;
pub mod examples;
mod hooks;
mod macros;
mod multipart;
mod paging;
mod params;
mod request;
mod response;
mod retry;
pub mod ser;
mod signing;
mod streaming;
mod webhooks;

pub use api::ApiDescription;
pub use auth::{ApiKeyLocation, Credential, SchemeKind, Secret, SecurityScheme};
pub use base64_bytes::Base64Bytes;
pub use builder::ClientBuilder;
pub use call::{Call, Decode, IDEMPOTENCY_KEY_HEADER};
pub use client::Runtime;
pub use error::{ApiError, BodyTooLarge, BuildError, DecodeError, Error, TransportError};
pub use hooks::{Hook, Outcome, RequestContext};
pub use multipart::{FilePart, Multipart};
pub use paging::{Items, Pages, Paging, Strategy};
pub use params::{QueryStyle, path_segment};
pub use request::{RequestSpec, Upload};
pub use response::{RawResponse, ResponseValue};
pub use retry::RetryPolicy;
pub use signing::{
    HmacSigner, MessagePart, MultipartBodyMode, PathMode, RequestSigner, SignatureEncoding, SigningAlgorithm,
    SigningConfig, SigningError, SigningRequest,
};
pub use streaming::{ByteStream, Event, Events};
pub use webhooks::{
    Delivery, EventName, Incoming, SignedPart, UnknownEvent, WebhookAlgorithm, WebhookError, WebhookSigning, Webhooks,
};

// Crates whose types appear in generated code, re-exported so generated
// crates need not depend on matching versions themselves.
pub use bytes::Bytes;
pub use reqwest;
pub use serde;
pub use serde_json;
pub use uuid;
