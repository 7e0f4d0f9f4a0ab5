//! Operations: what a path + method becomes.

use super::types::TypeExpr;

/// One client method (or several, one per request media type).
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The method name, snake_case and unique.
    pub name: String,
    /// The `operationId` as written, or the synthesised one.
    pub operation_id: String,
    /// HTTP method in upper case.
    pub method: String,
    /// The path template as written (`/contacts/{id}`).
    pub path: String,
    /// The path split into literal text and parameter indices.
    pub path_segments: Vec<PathSegment>,
    /// Rustdoc: summary, description.
    pub summary: Option<String>,
    /// Longer description.
    pub description: Option<String>,
    /// `externalDocs`: the page that documents the operation, and its
    /// description.
    pub external_docs: Option<ExternalDocs>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// Path parameters in template order.
    pub path_params: Vec<Parameter>,
    /// Query, header and cookie parameters, gathered in a params struct.
    pub other_params: Vec<Parameter>,
    /// The params struct name, when `other_params` is not empty.
    pub params_type: Option<String>,
    /// Request bodies, one per supported media type; the first is the
    /// primary method, the others get a suffixed method each.
    pub bodies: Vec<Body>,
    /// Whether a body must be sent.
    pub body_required: bool,
    /// Response handling.
    pub responses: Responses,
    /// `None`: the document's default security; `Some`: this operation's.
    pub security: Option<Vec<Vec<String>>>,
    /// JSON pointer of the operation.
    pub pointer: String,
    /// Names of the method's own arguments and locals, chosen not to meet
    /// its path parameters.
    pub locals: Locals,
    /// How the operation pages (`x-switchboard-pagination`), and the
    /// stream methods that read it.
    pub paging: Option<Paging>,
}

/// A paginated listing: `…_pages` and `…_items` stream methods.
#[derive(Debug, Clone, PartialEq)]
pub struct Paging {
    /// The method streaming the typed pages.
    pub pages_method: String,
    /// The method streaming the items.
    pub items_method: String,
    /// The items' Rust type.
    pub item: TypeExpr,
    /// A dotted path to the items in the body (`""`: the body is the list).
    pub items_path: String,
    /// How the next page is asked for.
    pub strategy: PagingStrategy,
}

/// How the next page is asked for (the runtime's `Strategy`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PagingStrategy {
    /// A page number in a query parameter.
    Page {
        /// The query parameter's wire name.
        parameter: String,
        /// The first page's number.
        first: u64,
        /// A path to the page count in the body.
        pages: Option<String>,
        /// A path to the total item count in the body.
        total: Option<String>,
        /// A path to a boolean that is `false` on the last page.
        more: Option<String>,
    },
    /// A cursor from the previous response.
    Cursor {
        /// The query parameter's wire name.
        parameter: String,
        /// A path to the next cursor in the body.
        next: String,
    },
    /// The next page's URL.
    NextLink {
        /// A path to it in the body; `None`: the `Link` header.
        body: Option<String>,
    },
}

/// The identifiers a generated method uses besides its path parameters.
///
/// ```text
/// pub fn update<Body: Into<Bytes>>(&self, id: i64, params: &Params, body: Body) -> … {
///     let path = format!("/things/{id}");
///     let mut request = self.runtime.request(Method::PUT, path, "update");
///     let form = Multipart::from_fields(body); if let Some(file) = &body.file { … }
///     self.runtime.call(request, |response| …)
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locals {
    /// The argument holding query, header and cookie parameters.
    pub params: String,
    /// The argument holding the body.
    pub body: String,
    /// The type parameter of a raw (bytes or text) body.
    pub body_type: String,
    /// The request path.
    pub path: String,
    /// The request being built.
    pub request: String,
    /// The response, in the decoding closure.
    pub response: String,
    /// A multipart body being built.
    pub form: String,
    /// An optional file part.
    pub file: String,
}

/// A link to documentation elsewhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalDocs {
    /// The page.
    pub url: String,
    /// What it is, one line (doc text, already made rustdoc-safe).
    pub description: Option<String>,
}

/// Literal text or a parameter inside a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSegment {
    /// Text copied as is.
    Literal(String),
    /// Index into `path_params`.
    Param(usize),
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// In the path.
    Path,
    /// In the query string.
    Query,
    /// In a header.
    Header,
    /// In the Cookie header.
    Cookie,
}

/// How a query parameter is serialised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    /// `style: form`.
    Form {
        /// `explode`.
        explode: bool,
    },
    /// `style: spaceDelimited`.
    SpaceDelimited,
    /// `style: pipeDelimited`.
    PipeDelimited,
    /// `style: deepObject` (bracket form).
    DeepObject,
}

/// One parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    /// The Rust name (function argument or params field).
    pub rust_name: String,
    /// The name on the wire.
    pub wire_name: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// Its type (without `Option` for optional ones).
    pub ty: TypeExpr,
    /// Whether it must be given.
    pub required: bool,
    /// Query serialisation.
    pub style: QueryStyle,
    /// Rustdoc.
    pub doc: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
}

/// The encoding of a request body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    /// JSON (`application/json`, `*+json`).
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`.
    Multipart,
    /// Raw bytes of any other media type.
    Bytes,
    /// Text (`text/*`).
    Text,
}

/// A request body in one media type.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// The media type as written.
    pub media_type: String,
    /// How it is encoded.
    pub kind: BodyKind,
    /// The Rust type of the body value.
    pub ty: TypeExpr,
    /// For non-primary media types, the name of their own method
    /// (`contact_create_multipart`); `None` for the primary body.
    pub method_suffix: Option<String>,
    /// Multipart only: file fields (Rust name, wire name, shape).
    pub file_fields: Vec<FileField>,
    /// Multipart only: `encoding.<field>.contentType` overrides.
    pub part_content_types: Vec<(String, String)>,
}

/// A file-carrying field of a multipart body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileField {
    /// The Rust field name.
    pub rust_name: String,
    /// The part name.
    pub wire_name: String,
    /// `FilePart`, `Option<FilePart>` or `Vec<FilePart>`.
    pub shape: FileShape,
}

/// How many files a multipart field carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileShape {
    /// Exactly one.
    One,
    /// Zero or one.
    Optional,
    /// Any number.
    Many,
}

/// How one response is decoded.
#[derive(Debug, Clone, PartialEq)]
pub enum Decode {
    /// No body (or one that is ignored, as for 204).
    Empty,
    /// JSON into this type.
    Json(TypeExpr),
    /// Text.
    Text,
    /// Raw bytes.
    Bytes,
    /// Server-sent events, streamed (never read whole).
    Events(EventData),
}

/// Which statuses a response entry covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatusMatch {
    /// One code.
    Code(u16),
    /// `2XX` and friends: the first digit.
    Range(u16),
    /// The statuses from the first to the second, both included: what is
    /// left of a range once earlier arms took some of its codes.
    Between(u16, u16),
    /// `default`.
    Default,
}

/// A documented response and how the client treats it: one match arm.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseCase {
    /// Which statuses (alternatives of one arm, `400 | 422`).
    pub statuses: Vec<StatusMatch>,
    /// How the body is read.
    pub decode: Decode,
    /// For a success enum or error enum: the variant the value is wrapped in.
    pub variant: Option<String>,
    /// True when this is an error response.
    pub is_error: bool,
}

/// All responses of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Responses {
    /// The `Ok` type: a body type, `()`, bytes, text or a per-operation enum.
    pub success: SuccessType,
    /// The `E` in `Error<E>`.
    pub error: TypeExpr,
    /// Match arms in order: exact codes, ranges, default.
    pub cases: Vec<ResponseCase>,
    /// True when `default` counts as success for 2xx statuses only.
    pub default_is_success: bool,
    /// The responses the document lists (`200`, `4XX`, `default`), exact
    /// codes first, then ranges, then `default`, whatever arms they became.
    pub documented: Vec<DocumentedResponse>,
}

/// A response as the document lists it (what `diff` compares).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentedResponse {
    /// `200`, `4XX` or `default`.
    pub status: String,
    /// The media types of its content, in the document's order.
    pub media_types: Vec<String>,
}

/// The value a successful call returns.
#[derive(Debug, Clone, PartialEq)]
pub enum SuccessType {
    /// `()`.
    Unit,
    /// A JSON body of this type.
    Json(TypeExpr),
    /// `String`.
    Text,
    /// `Bytes`.
    Bytes,
    /// A per-operation enum (named type) over several success responses.
    Enum(TypeExpr),
    /// A `text/event-stream`: server-sent events, read as they arrive.
    Events(EventData),
}

/// How the data of a server-sent event is read.
#[derive(Debug, Clone, PartialEq)]
pub enum EventData {
    /// JSON into this type (the media type's schema).
    Json(TypeExpr),
    /// The text itself (a string schema, or none).
    Text,
}
