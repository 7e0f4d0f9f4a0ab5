//! Helpers shared by the `operations_*`, `webhooks` and `callbacks` tests:
//! a mock server that answers every request the same way, access to what it
//! received, a small, strict `multipart/form-data` parser, and HMACs
//! computed without the runtime.

#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use switchboard_runtime::reqwest;
use switchboard_runtime::{Hook, RequestContext, RetryPolicy};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// A mock server that answers every request with `template`.
pub async fn server_answering(template: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(template).mount(&server).await;
    server
}

/// Mounts `template` for at most `times` requests (or for all of them).
/// Mocks answer in the order they were mounted, so a limited mock mounted
/// first answers the first requests.
pub async fn mount(server: &MockServer, template: ResponseTemplate, times: Option<u64>) {
    let mock = Mock::given(any()).respond_with(template);
    match times {
        Some(times) => mock.up_to_n_times(times).mount(server).await,
        None => mock.mount(server).await,
    }
}

/// Every request the server received, in order.
pub async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("request recording is on")
}

/// The one request the server received.
pub async fn only_request(server: &MockServer) -> Request {
    let mut requests = received(server).await;
    assert_eq!(
        requests.len(),
        1,
        "expected exactly one request, got {}",
        requests.len()
    );
    requests.remove(0)
}

/// The value of header `name` as text; panics when it appears more than once.
pub fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    let mut values = request.headers.get_all(name).iter();
    let first = values.next()?;
    assert!(values.next().is_none(), "header `{name}` sent more than once");
    Some(first.to_str().expect("header value is visible ASCII"))
}

/// A retry policy with delays of a few milliseconds.
pub fn fast_retries(max_attempts: u32) -> RetryPolicy {
    RetryPolicy {
        max_attempts,
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(5),
        multiplier: 2.0,
        jitter: false,
        max_retry_after: Duration::from_millis(20),
        retry_non_idempotent: false,
    }
}

/// A base URL on which nothing listens: the port was just bound and released.
pub fn closed_port_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("binds");
    let port = listener.local_addr().expect("has an address").port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

/// A hook that records the URL each attempt was built with, then sends the
/// attempt to the mock server instead (same path and query), so that server
/// URLs from the document can be checked without leaving the machine.
#[derive(Clone)]
pub struct RedirectToMock {
    pub target: reqwest::Url,
    pub seen: Arc<Mutex<Vec<String>>>,
}

impl RedirectToMock {
    pub fn new(server: &MockServer) -> Self {
        Self {
            target: reqwest::Url::parse(&server.uri()).expect("mock URI parses"),
            seen: Arc::default(),
        }
    }

    pub fn seen(&self) -> Vec<String> {
        self.seen.lock().expect("not poisoned").clone()
    }
}

impl Hook for RedirectToMock {
    fn before_send(&self, _ctx: &RequestContext, request: &mut reqwest::Request) {
        self.seen.lock().expect("not poisoned").push(request.url().to_string());
        let mut url = self.target.clone();
        url.set_path(request.url().path());
        url.set_query(request.url().query());
        *request.url_mut() = url;
    }
}

/// One part of a `multipart/form-data` body.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// Header lines as sent, names lower-cased.
    pub headers: Vec<(String, String)>,
    /// `name` from `Content-Disposition`.
    pub name: String,
    /// `filename` from `Content-Disposition`.
    pub file_name: Option<String>,
    /// The part's `Content-Type`.
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

impl Part {
    pub fn text(&self) -> &str {
        std::str::from_utf8(&self.body).expect("text part is UTF-8")
    }
}

/// Parses a `multipart/form-data` body strictly (RFC 7578 / 2046): the body
/// must open with the first delimiter, every part must have a header block,
/// and the body must end with the close delimiter and CRLF.
pub fn parse_multipart(content_type: &str, body: &[u8]) -> Vec<Part> {
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("not a multipart content type: {content_type}"));
    let boundary = boundary.trim_matches('"');
    assert!(
        !boundary.is_empty() && boundary.len() <= 70,
        "bad boundary {boundary:?}"
    );
    let open = format!("--{boundary}\r\n");
    let separator = format!("\r\n--{boundary}");
    assert!(
        body.starts_with(open.as_bytes()),
        "body does not start with the delimiter: {:?}",
        String::from_utf8_lossy(body)
    );
    let mut rest = &body[open.len()..];
    let mut parts = Vec::new();
    loop {
        let end = find(rest, separator.as_bytes())
            .unwrap_or_else(|| panic!("unterminated part: {:?}", String::from_utf8_lossy(rest)));
        parts.push(parse_part(&rest[..end]));
        rest = &rest[end + separator.len()..];
        if rest == b"--\r\n" {
            break;
        }
        assert!(
            rest.starts_with(b"\r\n"),
            "delimiter not followed by CRLF: {:?}",
            String::from_utf8_lossy(rest)
        );
        rest = &rest[2..];
    }
    parts
}

fn parse_part(raw: &[u8]) -> Part {
    let split = find(raw, b"\r\n\r\n").expect("part has a header block");
    let head = std::str::from_utf8(&raw[..split]).expect("part headers are UTF-8");
    let body = raw[split + 4..].to_vec();
    let headers: Vec<(String, String)> = head
        .split("\r\n")
        .map(|line| {
            let (name, value) = line
                .split_once(':')
                .unwrap_or_else(|| panic!("malformed part header {line:?}"));
            (name.trim().to_ascii_lowercase(), value.trim().to_owned())
        })
        .collect();
    let get = |wanted: &str| {
        headers
            .iter()
            .find(|(name, _)| name == wanted)
            .map(|(_, value)| value.clone())
    };
    let disposition = get("content-disposition").expect("part has Content-Disposition");
    let mut params = disposition.split(';').map(str::trim);
    assert_eq!(params.next(), Some("form-data"), "{disposition}");
    let mut name = None;
    let mut file_name = None;
    for param in params {
        let (key, value) = param.split_once('=').expect("key=value parameter");
        let value = value
            .strip_prefix('"')
            .and_then(|value| value.strip_suffix('"'))
            .expect("quoted parameter value")
            .to_owned();
        match key {
            "name" => name = Some(value),
            "filename" => file_name = Some(value),
            other => panic!("unexpected Content-Disposition parameter {other}"),
        }
    }
    Part {
        content_type: get("content-type"),
        headers,
        name: name.expect("part has a name"),
        file_name,
        body,
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

/// Hex HMAC-SHA256 of `message` under `secret`, computed independently of
/// the runtime, to sign deliveries the way a provider would.
pub fn hmac_sha256_hex(secret: &str, message: &[u8]) -> String {
    use hmac::{Hmac, KeyInit, Mac};
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(message);
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}
