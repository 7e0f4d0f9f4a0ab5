//! The intermediate representation: what `lower` decides and `emit` prints.
//!
//! Everything here is plain data. Every name is already a valid, unique Rust
//! identifier (chosen once, in `lower`); `emit` never renames anything.

mod examples;
mod operations;
mod types;
mod webhooks;

pub use examples::*;
pub use operations::*;
pub use types::*;
pub use webhooks::*;

/// A whole API, ready to emit.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// The source file name shown in the generated header.
    pub source: String,
    /// The overlays applied to the source, in order, for the header.
    pub overlays: Vec<String>,
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// A short machine name (`chatwoot`) used in the default User-Agent.
    pub name: String,
    /// The first server: URL template and variables with their defaults.
    pub server: Server,
    /// Security schemes in document order.
    pub security_schemes: Vec<SecurityScheme>,
    /// The document-level `security` (alternatives of scheme-name sets).
    pub default_security: Vec<Vec<String>>,
    /// Request signing declared by `x-switchboard-signing`.
    pub signing: Option<Signing>,
    /// Operations sorted by path, then method.
    pub operations: Vec<Operation>,
    /// Named types sorted by name.
    pub types: Vec<TypeDef>,
    /// Whether structs, unions, response enums and webhook event enums
    /// derive `PartialEq` (string and integer enums always do; they are
    /// cheap and serve as map keys). On unless the user turns it off
    /// ([`Generator::with_partial_eq`](crate::Generator::with_partial_eq)).
    pub partial_eq: bool,
    /// The events of the document's `webhooks`, if it has any.
    pub webhooks: Option<Webhooks>,
    /// The events of each operation's `callbacks`, in operation order.
    pub operation_callbacks: Vec<Webhooks>,
    /// The document's examples and their types, when example tests are
    /// asked for.
    pub examples: Examples,
}

impl Api {
    /// The document's webhooks, then each operation's callbacks: every
    /// enum of events the user's server may receive.
    pub fn event_sets(&self) -> impl Iterator<Item = &Webhooks> {
        self.webhooks.iter().chain(&self.operation_callbacks)
    }
}

/// The base URL of an API.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Server {
    /// The URL template (`https://{region}.example.com/v1`), possibly relative or empty.
    pub url: String,
    /// Variables and their default values, in document order.
    pub variables: Vec<(String, String)>,
    /// Other servers the document lists, for the docs.
    pub alternatives: Vec<String>,
}

/// One entry of `components/securitySchemes`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityScheme {
    /// The name used in `security` requirements.
    pub name: String,
    /// The builder method that sets its credential.
    pub setter: String,
    /// How the credential travels.
    pub kind: SchemeKind,
    /// The scheme's description.
    pub description: Option<String>,
}

/// How a credential is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemeKind {
    /// `Authorization: Bearer …` (HTTP bearer, OAuth2, OpenID Connect).
    Bearer,
    /// `Authorization: Basic …`.
    Basic,
    /// An API key in a header.
    ApiKeyHeader(String),
    /// An API key in the query string.
    ApiKeyQuery(String),
    /// An API key in a cookie.
    ApiKeyCookie(String),
}

/// HMAC request signing, from the `x-switchboard-signing` vendor extension.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signing {
    /// The credential name the secret is registered under.
    pub secret_name: String,
    /// The builder method that sets the secret.
    pub setter: String,
    /// Header carrying the signature.
    pub signature_header: String,
    /// Text before the encoded signature (`sha256=`).
    pub signature_prefix: String,
    /// `hex` or `base64`.
    pub encoding: SignatureEncoding,
    /// Header carrying the Unix timestamp.
    pub timestamp_header: String,
    /// What is signed, concatenated in order.
    pub message: Vec<MessagePart>,
    /// Whether the signed path includes the server URL's own path.
    pub path_mode: PathMode,
    /// Prefix of a non-empty signed query string (`?`).
    pub query_prefix: String,
    /// Which bytes stand for a multipart body.
    pub multipart_body: MultipartBodyMode,
    /// The extension's description.
    pub description: Option<String>,
}

/// Encoding of an HMAC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureEncoding {
    /// Lower-case hexadecimal.
    Hex,
    /// Standard base64.
    Base64,
}

/// One element of the signed message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessagePart {
    /// The upper-case HTTP method.
    Method,
    /// The request path.
    Path,
    /// The query string.
    Query,
    /// The timestamp.
    Timestamp,
    /// The body bytes.
    Body,
}

/// Which path is signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathMode {
    /// The path after the server URL.
    Relative,
    /// The whole URL path.
    Full,
}

/// Which bytes are signed for a multipart body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MultipartBodyMode {
    /// The exact multipart bytes sent.
    Raw,
    /// The empty string.
    Empty,
}
