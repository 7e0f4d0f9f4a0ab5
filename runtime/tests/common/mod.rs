//! Shared fixtures for the integration tests.

#![allow(dead_code)] // Each test binary uses a different subset.

use switchboard_runtime::{ApiDescription, ApiKeyLocation, ClientBuilder, RetryPolicy, SchemeKind, SecurityScheme};
use wiremock::{MockServer, Request};

/// The token used wherever a test checks that credentials do not leak.
pub const TOKEN: &str = "tok-9f8e7d6c5b4a";

pub static API: ApiDescription = ApiDescription {
    name: "testapi",
    server_url: "https://{region}.example.com/{version}/",
    server_variables: &[("region", "eu"), ("version", "v1")],
    security_schemes: &[
        SecurityScheme {
            name: "bearerAuth",
            setter: "bearer_auth",
            kind: SchemeKind::Bearer,
        },
        SecurityScheme {
            name: "basicAuth",
            setter: "basic_auth",
            kind: SchemeKind::Basic,
        },
        SecurityScheme {
            name: "headerKey",
            setter: "header_key",
            kind: SchemeKind::ApiKey {
                location: ApiKeyLocation::Header,
                param: "api_access_token",
            },
        },
        SecurityScheme {
            name: "queryKey",
            setter: "query_key",
            kind: SchemeKind::ApiKey {
                location: ApiKeyLocation::Query,
                param: "api_key",
            },
        },
        SecurityScheme {
            name: "cookieKey",
            setter: "cookie_key",
            kind: SchemeKind::ApiKey {
                location: ApiKeyLocation::Cookie,
                param: "session_key",
            },
        },
    ],
    default_security: &[],
    signing: None,
};

/// A builder pointed at the mock server, with retries off so that tests see
/// exactly one request unless they opt in.
pub fn builder(server: &MockServer) -> ClientBuilder {
    ClientBuilder::new(&API)
        .base_url(server.uri())
        .retry_policy(RetryPolicy::none())
}

/// The requests the mock server received.
pub async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap_or_default()
}

/// The single request the mock server received.
pub async fn only_request(server: &MockServer) -> Request {
    let mut requests = received(server).await;
    assert_eq!(requests.len(), 1, "expected exactly one request");
    requests.remove(0)
}

/// A header of a received request, as text.
pub fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).and_then(|value| value.to_str().ok())
}

/// A retry policy with tiny delays, for fast tests.
pub fn fast_retries(max_attempts: u32) -> RetryPolicy {
    RetryPolicy {
        max_attempts,
        initial_backoff: std::time::Duration::from_millis(1),
        max_backoff: std::time::Duration::from_millis(5),
        max_retry_after: std::time::Duration::from_millis(50),
        ..RetryPolicy::default()
    }
}

/// One part of a parsed multipart body.
#[derive(Debug, PartialEq, Eq)]
pub struct Part {
    pub name: String,
    pub file_name: Option<String>,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

/// A minimal multipart/form-data parser, written independently of the
/// runtime's encoder so the tests check the wire format.
pub fn parse_multipart(content_type: &str, body: &[u8]) -> Vec<Part> {
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect("multipart content type");
    let delimiter = format!("--{boundary}");
    let text = body.to_vec();
    let mut parts = Vec::new();
    let positions: Vec<usize> = find_all(&text, delimiter.as_bytes());
    assert!(positions.len() >= 2, "no parts");
    let last = *positions.last().expect("closing delimiter");
    assert_eq!(
        &text[last..],
        format!("{delimiter}--\r\n").as_bytes(),
        "closing delimiter"
    );
    for window in positions.windows(2) {
        let start = window[0] + delimiter.len() + 2; // skip CRLF after delimiter
        let end = window[1] - 2; // CRLF before next delimiter
        let part = &text[start..end];
        let split = find_all(part, b"\r\n\r\n")[0];
        let head = std::str::from_utf8(&part[..split]).expect("utf-8 head");
        let mut name = None;
        let mut file_name = None;
        let mut part_type = None;
        for line in head.split("\r\n") {
            if let Some(disposition) = line.strip_prefix("Content-Disposition: form-data; ") {
                for param in disposition.split("; ") {
                    let (key, value) = param.split_once('=').expect("param");
                    let value = value.trim_matches('"').to_owned();
                    match key {
                        "name" => name = Some(value),
                        "filename" => file_name = Some(value),
                        other => panic!("unexpected parameter {other}"),
                    }
                }
            } else if let Some(value) = line.strip_prefix("Content-Type: ") {
                part_type = Some(value.to_owned());
            } else {
                panic!("unexpected part header {line:?}");
            }
        }
        parts.push(Part {
            name: name.expect("name"),
            file_name,
            content_type: part_type,
            body: part[split + 4..].to_vec(),
        });
    }
    parts
}

fn find_all(haystack: &[u8], needle: &[u8]) -> Vec<usize> {
    haystack
        .windows(needle.len())
        .enumerate()
        .filter(|(_, window)| *window == needle)
        .map(|(index, _)| index)
        .collect()
}
