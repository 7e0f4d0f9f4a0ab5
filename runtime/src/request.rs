//! [`RequestSpec`]: one operation call as generated code describes it.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use reqwest::Method;
use reqwest::header::{HeaderName, HeaderValue};
use serde::Serialize;

use crate::multipart::Multipart;
use crate::params::{self, QueryStyle};
use crate::retry::RetryPolicy;

/// A request body: encoded bytes, so that retries resend, and signers see,
/// the exact same bytes; or an [`Upload`] that streams, sent once.
#[derive(Clone)]
pub(crate) struct Body {
    pub(crate) content: Content,
    pub(crate) content_type: HeaderValue,
}

#[derive(Clone)]
pub(crate) enum Content {
    Bytes(Bytes),
    /// Taken by the one attempt that sends it.
    Stream(Arc<Mutex<Option<reqwest::Body>>>),
}

impl Body {
    pub(crate) fn is_streaming(&self) -> bool {
        matches!(self.content, Content::Stream(_))
    }

    /// The bytes, unless the body streams.
    pub(crate) fn bytes(&self) -> Option<&Bytes> {
        match &self.content {
            Content::Bytes(bytes) => Some(bytes),
            Content::Stream(_) => None,
        }
    }
}

/// The body of an upload (a raw `application/octet-stream`, `image/*` …
/// body): bytes in memory, or a stream or file read as it is sent.
///
/// ```no_run
/// # async fn run() -> std::io::Result<()> {
/// use switchboard_runtime::Upload;
/// let in_memory = Upload::from(vec![1, 2, 3]);
/// let file = Upload::file(tokio::fs::File::open("avatar.png").await?);
/// # Ok(())
/// # }
/// ```
///
/// A streamed upload is sent once: it is not retried, and an API whose
/// requests are signed cannot sign it (the signature covers the bytes).
pub struct Upload(Content);

impl Upload {
    /// A body read from `stream` as it is sent.
    pub fn stream<S>(stream: S) -> Self
    where
        S: futures_core::Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static,
    {
        Self(Content::Stream(Arc::new(Mutex::new(Some(reqwest::Body::wrap_stream(
            stream,
        ))))))
    }

    /// A body read from `file` as it is sent.
    pub fn file(file: tokio::fs::File) -> Self {
        Self(Content::Stream(Arc::new(Mutex::new(Some(reqwest::Body::from(file))))))
    }
}

impl<T: Into<Bytes>> From<T> for Upload {
    fn from(bytes: T) -> Self {
        Self(Content::Bytes(bytes.into()))
    }
}

impl fmt::Debug for Upload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Content::Bytes(bytes) => f.debug_tuple("Upload").field(&bytes.len()).finish(),
            Content::Stream(_) => f.write_str("Upload(stream)"),
        }
    }
}

/// One call of an operation: method, path, parameters and body.
///
/// Created by [`Runtime::request`](crate::Runtime::request) and passed to
/// [`Runtime::execute`](crate::Runtime::execute). Setters never fail: a value
/// that cannot be serialised is remembered, and `execute` returns it as
/// [`Error::InvalidRequest`](crate::Error::InvalidRequest) without sending
/// anything.
#[derive(Clone)]
pub struct RequestSpec {
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) operation_id: &'static str,
    /// Encoded `name=value` pairs, in insertion order.
    pub(crate) query: Vec<String>,
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    /// Unencoded cookie names and values.
    pub(crate) cookies: Vec<(String, String)>,
    pub(crate) security: Option<&'static [&'static [&'static str]]>,
    pub(crate) body: Option<Body>,
    pub(crate) error: Option<String>,
    /// What [`Call`](crate::Call) changed for this call.
    pub(crate) options: CallOptions,
    /// A whole URL to send to instead of the server URL and `path` (the
    /// next link of a listing).
    pub(crate) url: Option<String>,
}

/// Per-call settings that override the client's.
#[derive(Debug, Clone, Default)]
pub(crate) struct CallOptions {
    pub(crate) timeout: Option<Duration>,
    pub(crate) retry_policy: Option<RetryPolicy>,
    /// An idempotency key was sent: any method may be retried.
    pub(crate) idempotent: bool,
}

impl RequestSpec {
    pub(crate) fn new(method: Method, path: String, operation_id: &'static str) -> Self {
        Self {
            method,
            path,
            operation_id,
            query: Vec::new(),
            headers: Vec::new(),
            cookies: Vec::new(),
            security: None,
            body: None,
            error: None,
            options: CallOptions::default(),
            url: None,
        }
    }

    /// What is left in a [`Call`](crate::Call) once its request is sent.
    pub(crate) fn taken() -> Self {
        Self::new(Method::GET, String::new(), "")
    }

    /// Sets the header `name`, replacing any value it had.
    pub(crate) fn set_header(&mut self, name: &str, value: HeaderValue) {
        if let Ok(header) = HeaderName::from_bytes(name.as_bytes()) {
            self.headers.retain(|(set, _)| *set != header);
            self.headers.push((header, value));
        }
    }

    /// Sets the query parameter `name` to `value`, replacing what was sent
    /// under that name (the next page of a listing).
    pub(crate) fn replace_query(&mut self, name: &str, value: &str) {
        let prefix = format!("{}=", params::encode_component(name));
        self.query.retain(|pair| !pair.starts_with(&prefix));
        self.query.push(format!("{prefix}{}", params::encode_component(value)));
    }

    /// Sends this request to `url` (a next link: absolute, or relative to
    /// the server URL), with the link's own query instead of the
    /// parameters. The runtime refuses a URL of another origin.
    pub(crate) fn set_url(&mut self, url: &str) -> bool {
        if url.trim().is_empty() {
            return false;
        }
        self.url = Some(url.to_owned());
        self.query.clear();
        true
    }

    /// The request method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The path, relative to the server URL, as given to
    /// [`Runtime::request`](crate::Runtime::request).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The operation id.
    pub fn operation_id(&self) -> &'static str {
        self.operation_id
    }

    /// Keeps the first problem: later ones are often consequences of it.
    fn fail(&mut self, message: String) {
        self.error.get_or_insert(message);
    }

    fn serialise<T: Serialize + ?Sized>(&mut self, what: &str, value: &T) -> Option<serde_json::Value> {
        match serde_json::to_value(value) {
            Ok(value) => Some(value),
            Err(error) => {
                self.fail(format!("could not serialise {what}: {error}"));
                None
            }
        }
    }

    /// Adds a query parameter in OpenAPI's default style (`form`,
    /// exploded); `None` (`null`) adds nothing.
    pub fn query<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> &mut Self {
        self.query_styled(name, value, QueryStyle::Form { explode: true })
    }

    /// Adds a query parameter in `style`; `None` (`null`) adds nothing. See
    /// [`QueryStyle`] for how arrays and objects are written.
    pub fn query_styled<T: Serialize + ?Sized>(&mut self, name: &str, value: &T, style: QueryStyle) -> &mut Self {
        if let Some(value) = self.serialise(&format!("query parameter `{name}`"), value) {
            params::encode_query(name, &value, style, &mut self.query);
        }
        self
    }

    /// Adds a header parameter; `None` (`null`) adds nothing, arrays are
    /// comma-joined. A header set here replaces a default header of the same
    /// name.
    pub fn header<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> &mut Self {
        let Some(value) = self.serialise(&format!("header `{name}`"), value) else {
            return self;
        };
        let Some(text) = params::header_text(&value) else {
            return self;
        };
        let Ok(header_name) = HeaderName::from_bytes(name.as_bytes()) else {
            self.fail(format!("`{name}` is not a valid header name"));
            return self;
        };
        // `from_bytes` rather than `from_str` so non-ASCII UTF-8 is sent as
        // is; control characters (and so header injection) are still refused.
        match HeaderValue::from_bytes(text.as_bytes()) {
            Ok(header_value) => self.headers.push((header_name, header_value)),
            Err(_) => self.fail(format!(
                "the value of header `{name}` contains characters not allowed in a header"
            )),
        }
        self
    }

    /// Adds a cookie parameter; `None` (`null`) adds nothing, arrays are
    /// comma-joined. Bytes not allowed in a cookie value (controls, space,
    /// `"` `,` `;` `\`) and `%` are percent-encoded.
    pub fn cookie<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> &mut Self {
        if let Some(value) = self.serialise(&format!("cookie `{name}`"), value)
            && let Some(text) = params::header_text(&value)
        {
            self.cookies.push((name.to_owned(), text));
        }
        self
    }

    /// Sets the operation's security requirements: alternatives, each a list
    /// of scheme names that must all be applied. `&[]` sends no credentials.
    /// Without this call the API's default security applies.
    pub fn security(&mut self, requirements: &'static [&'static [&'static str]]) -> &mut Self {
        self.security = Some(requirements);
        self
    }

    /// Sets a JSON body (`application/json`).
    pub fn json<T: Serialize + ?Sized>(&mut self, body: &T) -> &mut Self {
        self.json_as(body, "application/json")
    }

    /// Sets a JSON body with another content type, such as
    /// `application/merge-patch+json`.
    pub fn json_as<T: Serialize + ?Sized>(&mut self, body: &T, content_type: &str) -> &mut Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.set_body(bytes.into(), content_type),
            Err(error) => self.fail(format!("could not serialise the JSON body: {error}")),
        }
        self
    }

    /// Sets an `application/x-www-form-urlencoded` body.
    pub fn form<T: Serialize + ?Sized>(&mut self, body: &T) -> &mut Self {
        match serde_urlencoded::to_string(body) {
            Ok(text) => self.set_body(text.into(), "application/x-www-form-urlencoded"),
            Err(error) => self.fail(format!("could not serialise the form body: {error}")),
        }
        self
    }

    /// Sets a `multipart/form-data` body.
    pub fn multipart(&mut self, multipart: Multipart) -> &mut Self {
        match multipart.encode() {
            Ok((bytes, content_type)) => self.set_body(bytes, &content_type),
            Err(error) => self.fail(format!("invalid multipart body: {error}")),
        }
        self
    }

    /// Sets a raw body with the given content type: bytes, or an
    /// [`Upload`] that streams.
    pub fn bytes(&mut self, body: impl Into<Upload>, content_type: &str) -> &mut Self {
        let Upload(content) = body.into();
        self.set_content(content, content_type);
        self
    }

    /// Sets a text body with the given content type.
    pub fn text(&mut self, body: impl Into<String>, content_type: &str) -> &mut Self {
        self.set_body(Bytes::from(body.into()), content_type);
        self
    }

    fn set_body(&mut self, bytes: Bytes, content_type: &str) {
        self.set_content(Content::Bytes(bytes), content_type);
    }

    fn set_content(&mut self, content: Content, content_type: &str) {
        match HeaderValue::from_str(content_type) {
            Ok(content_type) => self.body = Some(Body { content, content_type }),
            Err(_) => self.fail(format!("`{content_type}` is not a valid content type")),
        }
    }
}

impl fmt::Debug for RequestSpec {
    // Parameter values are left out: documents sometimes declare credentials
    // as ordinary parameters. Bodies are shown by size only.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let query: Vec<&str> = self
            .query
            .iter()
            .map(|pair| pair.split('=').next().unwrap_or_default())
            .collect();
        let headers: Vec<&str> = self.headers.iter().map(|(name, _)| name.as_str()).collect();
        let cookies: Vec<&str> = self.cookies.iter().map(|(name, _)| name.as_str()).collect();
        let body = self
            .body
            .as_ref()
            .map(|body| (body.bytes().map(Bytes::len), &body.content_type));
        f.debug_struct("RequestSpec")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("operation_id", &self.operation_id)
            .field("query", &query)
            .field("headers", &headers)
            .field("cookies", &cookies)
            .field("security", &self.security)
            .field("body", &body)
            .field("error", &self.error)
            .field("options", &self.options)
            .finish()
    }
}
