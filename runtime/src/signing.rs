//! Request signing: the [`RequestSigner`] extension point and the HMAC signer
//! described by an API's `x-switchboard-signing` extension.

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use hmac::{Hmac, KeyInit, Mac};
use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, Url};
use sha2::Sha256;

use crate::auth::Secret;
use crate::base64_bytes;

/// What a [`RequestSigner`] sees of a request: its final form, after
/// credentials and hooks were applied.
#[derive(Debug, Clone, Copy)]
pub struct SigningRequest<'a> {
    /// The request method.
    pub method: &'a Method,
    /// The full request URL, query included.
    pub url: &'a Url,
    /// The server URL the request was made against (its path is the prefix
    /// that [`PathMode::Relative`] removes).
    pub base_url: &'a Url,
    /// The request headers.
    pub headers: &'a HeaderMap,
    /// The exact body bytes that will be sent (empty without a body).
    pub body: &'a [u8],
}

/// Computes headers that authenticate a request.
///
/// The signer runs last, after credentials and
/// [`Hook::before_send`](crate::Hook::before_send), and again on every retry, so time-based
/// signatures stay fresh. The headers it returns are added to the request.
pub trait RequestSigner: Send + Sync + 'static {
    /// Returns the headers to add to `request`.
    ///
    /// # Errors
    ///
    /// A [`SigningError`] when the request cannot be signed; the runtime
    /// then fails the call with [`Error::Signing`](crate::Error::Signing)
    /// without sending it.
    fn sign(&self, request: &SigningRequest<'_>) -> Result<Vec<(HeaderName, HeaderValue)>, SigningError>;
}

/// Why a request could not be signed.
///
/// Its message must never contain secret material; [`HmacSigner`] only ever
/// names configuration values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SigningError {
    message: String,
}

impl SigningError {
    /// An error with the given message.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }

    /// The error message.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for SigningError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SigningError {}

/// The MAC algorithm of a [`SigningConfig`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SigningAlgorithm {
    /// HMAC with SHA-256.
    HmacSha256,
}

/// How the MAC is written into the signature header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureEncoding {
    /// Lower-case hexadecimal.
    Hex,
    /// Standard base64 with padding.
    Base64,
}

/// One component of the signed message. Components are concatenated without
/// separators, in the configured order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessagePart {
    /// The method, upper-case.
    Method,
    /// The URL path, per [`PathMode`].
    Path,
    /// The configured `query_prefix` followed by the query string exactly as
    /// sent; empty (no prefix either) when there is no query.
    Query,
    /// The Unix time in seconds, as decimal; also sent in the timestamp
    /// header.
    Timestamp,
    /// The body bytes, per [`MultipartBodyMode`] for multipart requests.
    Body,
}

/// Which path is signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathMode {
    /// The URL path without the server URL's path prefix: with server
    /// `https://h/api/developer`, `/api/developer/contacts` signs as
    /// `/contacts`.
    Relative,
    /// The whole URL path.
    Full,
}

/// What is signed as the body of a `multipart/form-data` request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MultipartBodyMode {
    /// The encoded multipart body bytes.
    Raw,
    /// Nothing: some APIs sign multipart requests without their body.
    Empty,
}

/// HMAC signing scheme of an API, from its `x-switchboard-signing` extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SigningConfig {
    /// The MAC algorithm.
    pub algorithm: SigningAlgorithm,
    /// The name under which the secret is passed to
    /// [`ClientBuilder::credential`](crate::ClientBuilder::credential).
    pub secret_name: &'static str,
    /// The method of the generated `ClientBuilder` that sets the secret,
    /// named when it is missing.
    pub secret_setter: &'static str,
    /// The header that carries the signature.
    pub signature_header: &'static str,
    /// Text put before the encoded MAC (for example `sha256=`).
    pub signature_prefix: &'static str,
    /// How the MAC is encoded.
    pub encoding: SignatureEncoding,
    /// The header that carries the timestamp; empty for none.
    pub timestamp_header: &'static str,
    /// The components of the signed message, in order.
    pub message: &'static [MessagePart],
    /// Which path is signed.
    pub path: PathMode,
    /// Text put before a non-empty query string in the message (often `?`).
    pub query_prefix: &'static str,
    /// What is signed as the body of multipart requests.
    pub multipart_body: MultipartBodyMode,
}

/// Signs requests with HMAC as a [`SigningConfig`] describes.
pub struct HmacSigner {
    config: SigningConfig,
    secret: Secret,
    clock: fn() -> u64,
}

impl HmacSigner {
    /// A signer for `config` keyed with `secret`.
    pub fn new(config: SigningConfig, secret: Secret) -> Self {
        Self {
            config,
            secret,
            clock: unix_now,
        }
    }

    /// Overrides which path is signed.
    #[must_use]
    pub fn with_path_mode(mut self, path: PathMode) -> Self {
        self.config.path = path;
        self
    }

    /// Overrides what is signed as the body of multipart requests.
    #[must_use]
    pub fn with_multipart_body(mut self, mode: MultipartBodyMode) -> Self {
        self.config.multipart_body = mode;
        self
    }

    /// Replaces the clock (Unix seconds), so tests get fixed timestamps.
    #[must_use]
    pub fn with_clock(mut self, clock: fn() -> u64) -> Self {
        self.clock = clock;
        self
    }

    /// The configuration in use, overrides included.
    pub fn config(&self) -> &SigningConfig {
        &self.config
    }

    /// The message to sign, as bytes.
    fn message(&self, request: &SigningRequest<'_>, timestamp: &str) -> Vec<u8> {
        let mut message = Vec::new();
        for part in self.config.message {
            match part {
                MessagePart::Method => {
                    message.extend_from_slice(request.method.as_str().to_ascii_uppercase().as_bytes())
                }
                MessagePart::Path => message.extend_from_slice(self.signed_path(request).as_bytes()),
                MessagePart::Query => {
                    if let Some(query) = request.url.query().filter(|query| !query.is_empty()) {
                        message.extend_from_slice(self.config.query_prefix.as_bytes());
                        message.extend_from_slice(query.as_bytes());
                    }
                }
                MessagePart::Timestamp => message.extend_from_slice(timestamp.as_bytes()),
                MessagePart::Body => {
                    let skip = self.config.multipart_body == MultipartBodyMode::Empty && is_multipart(request.headers);
                    if !skip {
                        message.extend_from_slice(request.body);
                    }
                }
            }
        }
        message
    }

    fn mac(&self, message: &[u8]) -> Result<Vec<u8>, SigningError> {
        match self.config.algorithm {
            SigningAlgorithm::HmacSha256 => {
                let mut mac = Hmac::<Sha256>::new_from_slice(self.secret.expose().as_bytes())
                    .map_err(|_| SigningError::new("the signing secret cannot be used as an HMAC-SHA256 key"))?;
                mac.update(message);
                Ok(mac.finalize().into_bytes().to_vec())
            }
        }
    }

    fn signed_path<'a>(&self, request: &SigningRequest<'a>) -> &'a str {
        let path = request.url.path();
        if self.config.path == PathMode::Full {
            return path;
        }
        let prefix = request.base_url.path().trim_end_matches('/');
        match path.strip_prefix(prefix) {
            Some("") => "/",
            // Only strip whole segments: base `/api` must not turn `/apiary`
            // into `ary`.
            Some(rest) if rest.starts_with('/') => rest,
            _ => path,
        }
    }
}

impl fmt::Debug for HmacSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HmacSigner")
            .field("config", &self.config)
            .field("secret", &self.secret)
            .finish_non_exhaustive()
    }
}

impl RequestSigner for HmacSigner {
    fn sign(&self, request: &SigningRequest<'_>) -> Result<Vec<(HeaderName, HeaderValue)>, SigningError> {
        let timestamp = (self.clock)().to_string();
        let digest = self.mac(&self.message(request, &timestamp))?;
        let encoded = match self.config.encoding {
            SignatureEncoding::Hex => hex(&digest),
            SignatureEncoding::Base64 => base64_bytes::encode(&digest),
        };
        let mut headers = vec![(
            header_name(self.config.signature_header, "signature")?,
            header_value(&format!("{}{encoded}", self.config.signature_prefix), "signature")?,
        )];
        if !self.config.timestamp_header.is_empty() {
            headers.push((
                header_name(self.config.timestamp_header, "timestamp")?,
                header_value(&timestamp, "timestamp")?,
            ));
        }
        Ok(headers)
    }
}

fn header_name(name: &str, what: &str) -> Result<HeaderName, SigningError> {
    HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| SigningError::new(format!("the {what} header name `{name}` is not a valid header name")))
}

fn header_value(value: &str, what: &str) -> Result<HeaderValue, SigningError> {
    // The value is derived from the secret, so it is never quoted.
    HeaderValue::from_str(value)
        .map_err(|_| SigningError::new(format!("the {what} header value is not a valid header value")))
}

fn is_multipart(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.trim_start().to_ascii_lowercase().starts_with("multipart/"))
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    out
}

fn unix_now() -> u64 {
    // A clock before 1970 is a broken machine; signing 0 makes the server
    // reject the request with a clear clock-skew error rather than panicking.
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: SigningConfig = SigningConfig {
        algorithm: SigningAlgorithm::HmacSha256,
        secret_name: "signingSecret",
        secret_setter: "signing_secret",
        signature_header: "X-Signature",
        signature_prefix: "",
        encoding: SignatureEncoding::Hex,
        timestamp_header: "X-Timestamp",
        message: &[
            MessagePart::Method,
            MessagePart::Path,
            MessagePart::Query,
            MessagePart::Timestamp,
            MessagePart::Body,
        ],
        path: PathMode::Relative,
        query_prefix: "?",
        multipart_body: MultipartBodyMode::Raw,
    };

    fn message(signer: &HmacSigner, url: &str, content_type: Option<&str>) -> String {
        let base = Url::parse("https://h.example/api/developer/").expect("url");
        let url = Url::parse(url).expect("url");
        let mut headers = HeaderMap::new();
        if let Some(content_type) = content_type {
            headers.insert(CONTENT_TYPE, HeaderValue::from_str(content_type).expect("value"));
        }
        let request = SigningRequest {
            method: &Method::POST,
            url: &url,
            base_url: &base,
            headers: &headers,
            body: b"{}",
        };
        String::from_utf8(signer.message(&request, "17")).expect("utf-8")
    }

    #[test]
    fn builds_message_per_mode() {
        let signer = HmacSigner::new(CONFIG, Secret::new("k"));
        let url = "https://h.example/api/developer/contacts?a=1";
        assert_eq!(message(&signer, url, None), "POST/contacts?a=117{}");
        let full = HmacSigner::new(CONFIG, Secret::new("k")).with_path_mode(PathMode::Full);
        assert_eq!(message(&full, url, None), "POST/api/developer/contacts?a=117{}");
        assert_eq!(message(&signer, "https://h.example/api/developer", None), "POST/17{}");
        assert_eq!(
            message(&signer, "https://h.example/api/developerx", None),
            "POST/api/developerx17{}"
        );
        let empty = HmacSigner::new(CONFIG, Secret::new("k")).with_multipart_body(MultipartBodyMode::Empty);
        assert_eq!(
            message(&empty, url, Some("multipart/form-data; boundary=x")),
            "POST/contacts?a=117"
        );
        assert_eq!(message(&empty, url, Some("application/json")), "POST/contacts?a=117{}");
    }

    #[test]
    fn hex_is_lower_case() {
        assert_eq!(hex(&[0x00, 0xab, 0xff]), "00abff");
    }

    #[test]
    fn rfc_4231_test_case_2() {
        let config = SigningConfig {
            message: &[MessagePart::Body],
            timestamp_header: "",
            ..CONFIG
        };
        let signer = HmacSigner::new(config, Secret::new("Jefe"));
        let url = Url::parse("https://h.example/").expect("url");
        let headers = HeaderMap::new();
        let request = SigningRequest {
            method: &Method::POST,
            url: &url,
            base_url: &url,
            headers: &headers,
            body: b"what do ya want for nothing?",
        };
        let signed = signer.sign(&request).expect("signs");
        assert_eq!(signed.len(), 1);
        assert_eq!(
            signed[0].1,
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn invalid_header_name_is_a_signing_error_without_the_secret() {
        let config = SigningConfig {
            signature_header: "bad header",
            ..CONFIG
        };
        let signer = HmacSigner::new(config, Secret::new("topsecret"));
        let url = Url::parse("https://h.example/").expect("url");
        let headers = HeaderMap::new();
        let request = SigningRequest {
            method: &Method::GET,
            url: &url,
            base_url: &url,
            headers: &headers,
            body: b"",
        };
        let error = signer.sign(&request).expect_err("invalid header");
        assert!(error.message().contains("bad header"));
        assert!(!format!("{error:?}{signer:?}").contains("topsecret"));
    }
}
