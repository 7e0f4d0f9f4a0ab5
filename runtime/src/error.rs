//! Errors returned by generated operations and by
//! [`ClientBuilder::build`](crate::ClientBuilder::build).
//!
//! No message or `Debug` output here contains credentials: credentials are
//! only ever placed on the outgoing request, and URLs kept in transport
//! errors have credential query parameters removed.

use std::error::Error as StdError;
use std::fmt;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use crate::signing::SigningError;

/// The error of a generated operation. `E` is the type of the operation's
/// documented error bodies.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// The server answered with a status the operation does not treat as
    /// success.
    Api(ApiError<E>),
    /// The server answered with a success status, but the body did not match
    /// the documented schema.
    Decode(DecodeError),
    /// The request could not be sent or the response could not be read.
    Transport(TransportError),
    /// The request or the reading of its response took longer than the
    /// configured timeout.
    Timeout(TransportError),
    /// A parameter or body could not be serialised, or the path is unsafe;
    /// nothing was sent.
    InvalidRequest {
        /// The operation id.
        operation: &'static str,
        /// What is wrong.
        message: String,
    },
    /// The operation needs credentials for schemes none of which is
    /// configured; nothing was sent.
    MissingCredentials {
        /// The operation id.
        operation: &'static str,
        /// The schemes of the operation's security requirements.
        schemes: Vec<String>,
        /// The builder methods that set their credentials, in the same
        /// order.
        setters: Vec<&'static str>,
    },
    /// The response body was longer than the client's limit
    /// (`ClientBuilder::max_body_size`); it was not kept.
    BodyTooLarge(Box<BodyTooLarge>),
    /// The request signer failed; nothing was sent.
    Signing {
        /// The operation id.
        operation: &'static str,
        /// The signer's error.
        source: SigningError,
    },
}

impl<E> Error<E> {
    /// A transport failure: a timeout, or any other.
    pub(crate) fn from_transport(operation: &'static str, source: reqwest::Error) -> Self {
        let error = TransportError { operation, source };
        if error.source.is_timeout() {
            Error::Timeout(error)
        } else {
            Error::Transport(error)
        }
    }

    /// The id of the operation that failed.
    pub fn operation(&self) -> &'static str {
        match self {
            Self::Api(error) => error.operation(),
            Self::Decode(error) => error.operation(),
            Self::Transport(error) | Self::Timeout(error) => error.operation,
            Self::InvalidRequest { operation, .. }
            | Self::MissingCredentials { operation, .. }
            | Self::Signing { operation, .. } => operation,
            Self::BodyTooLarge(error) => error.operation,
        }
    }

    /// The response status, when a response arrived.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Api(error) => Some(error.status()),
            Self::Decode(error) => Some(error.status()),
            Self::BodyTooLarge(error) => Some(error.status),
            _ => None,
        }
    }

    /// The response headers, when a response arrived.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Self::Api(error) => Some(error.headers()),
            Self::Decode(error) => Some(error.headers()),
            Self::BodyTooLarge(error) => Some(&error.headers),
            _ => None,
        }
    }

    /// The raw response body, when a response arrived.
    pub fn raw_body(&self) -> Option<&Bytes> {
        match self {
            Self::Api(error) => Some(error.body()),
            Self::Decode(error) => Some(error.body()),
            _ => None,
        }
    }

    /// Whether the error is a timeout.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Self::Timeout(_))
    }
}

impl<E> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Api(error) => fmt::Display::fmt(error, f),
            Self::Decode(error) => fmt::Display::fmt(error, f),
            Self::Transport(error) => fmt::Display::fmt(error, f),
            Self::Timeout(error) => write!(f, "operation `{}` timed out", error.operation),
            Self::InvalidRequest { operation, message } => {
                write!(
                    f,
                    "operation `{operation}`: invalid request, nothing was sent: {message}"
                )
            }
            Self::MissingCredentials {
                operation,
                schemes,
                setters,
            } => {
                let calls: Vec<String> = setters
                    .iter()
                    .map(|setter| format!("ClientBuilder::{setter}"))
                    .collect();
                write!(
                    f,
                    "operation `{operation}` needs credentials for security scheme(s) {}, but none of its \
                     security requirements is satisfied; set them with {}",
                    schemes.join(", "),
                    calls.join(" / ")
                )
            }
            Self::Signing { operation, source } => {
                write!(f, "operation `{operation}`: could not sign the request: {source}")
            }
            Self::BodyTooLarge(error) => write!(
                f,
                "operation `{}`: the response ({}) is longer than the client's limit of {} bytes",
                error.operation, error.status, error.limit
            ),
        }
    }
}

impl<E: fmt::Debug> StdError for Error<E> {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            Self::Transport(error) | Self::Timeout(error) => Some(&error.source),
            // The signer's message is already part of this error's message.
            _ => None,
        }
    }
}

/// A response with a status the operation does not treat as success.
// Boxed so that `Result<_, Error<E>>` stays small on the happy path.
#[derive(Clone)]
pub struct ApiError<E>(Box<ApiErrorInner<E>>);

#[derive(Clone)]
struct ApiErrorInner<E> {
    response: ResponseParts,
    typed: Option<E>,
}

/// `operation`, `status`, `headers` and `body` of an error that kept its
/// response (`self.0.response`).
macro_rules! response_accessors {
    () => {
        /// The id of the operation.
        pub fn operation(&self) -> &'static str {
            self.0.response.operation
        }

        /// The response status.
        pub fn status(&self) -> StatusCode {
            self.0.response.status
        }

        /// The response headers.
        pub fn headers(&self) -> &HeaderMap {
            &self.0.response.headers
        }

        /// The raw response body, exactly as received.
        pub fn body(&self) -> &Bytes {
            &self.0.response.body
        }
    };
}

/// A response whose body was longer than the client's limit
/// ([`Error::BodyTooLarge`]): what arrived before the body.
#[derive(Debug, Clone)]
pub struct BodyTooLarge {
    /// The operation id.
    pub operation: &'static str,
    /// The response status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The limit, in bytes.
    pub limit: usize,
}

/// What is kept of a response that became an error.
#[derive(Debug, Clone)]
pub(crate) struct ResponseParts {
    pub(crate) operation: &'static str,
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl<E> ApiError<E> {
    pub(crate) fn new(response: ResponseParts, typed: Option<E>) -> Self {
        Self(Box::new(ApiErrorInner { response, typed }))
    }

    response_accessors!();

    /// The body decoded as the documented error type for this status, if it
    /// is documented and the body matched it.
    pub fn typed(&self) -> Option<&E> {
        self.0.typed.as_ref()
    }

    /// Takes the decoded error body.
    pub fn into_typed(self) -> Option<E> {
        self.0.typed
    }
}

impl<E: fmt::Debug> fmt::Debug for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let response = &self.0.response;
        f.debug_struct("ApiError")
            .field("operation", &response.operation)
            .field("status", &response.status)
            .field("headers", &response.headers)
            .field("body", &response.body)
            .field("typed", &self.0.typed)
            .finish()
    }
}

impl<E> fmt::Display for ApiError<E> {
    // The body is left out: it can be large, and it is available through
    // `body()` and `typed()`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "operation `{}` failed with status {}",
            self.operation(),
            self.status()
        )
    }
}

impl<E: fmt::Debug> StdError for ApiError<E> {}

/// A success response whose body did not match the documented schema.
// Boxed so that `Result<_, Error<E>>` stays small on the happy path.
#[derive(Clone)]
pub struct DecodeError(Box<DecodeErrorInner>);

#[derive(Clone)]
struct DecodeErrorInner {
    response: ResponseParts,
    path: String,
    message: String,
}

impl DecodeError {
    pub(crate) fn new(response: ResponseParts, path: String, message: String) -> Self {
        Self(Box::new(DecodeErrorInner {
            response,
            path,
            message,
        }))
    }

    response_accessors!();

    /// Where in the body decoding failed, such as `data.contacts[0].mobile`;
    /// `.` is the document root.
    pub fn path(&self) -> &str {
        &self.0.path
    }

    /// What did not match.
    pub fn message(&self) -> &str {
        &self.0.message
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let response = &self.0.response;
        f.debug_struct("DecodeError")
            .field("operation", &response.operation)
            .field("status", &response.status)
            .field("headers", &response.headers)
            .field("body", &response.body)
            .field("path", &self.0.path)
            .field("message", &self.0.message)
            .finish()
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "operation `{}`: the body of the {} response did not match the expected type at `{}`: {}",
            self.operation(),
            self.status(),
            self.path(),
            self.message()
        )
    }
}

impl StdError for DecodeError {}

/// A failure to send a request or read its response.
#[derive(Debug)]
pub struct TransportError {
    pub(crate) operation: &'static str,
    pub(crate) source: reqwest::Error,
}

impl TransportError {
    /// The id of the operation.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The underlying reqwest error.
    pub fn inner(&self) -> &reqwest::Error {
        &self.source
    }

    /// Takes the underlying reqwest error.
    pub fn into_inner(self) -> reqwest::Error {
        self.source
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = if self.source.is_connect() {
            "could not connect to the server"
        } else {
            "could not send the request or read the response"
        };
        write!(f, "operation `{}`: {what}", self.operation)
    }
}

impl StdError for TransportError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(&self.source)
    }
}

/// Why [`ClientBuilder::build`](crate::ClientBuilder::build) failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum BuildError {
    /// The server or base URL is not a valid absolute http(s) URL.
    InvalidUrl {
        /// The URL.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The server URL is relative, so it needs a base URL.
    RelativeServerUrl {
        /// The server URL from the document.
        url: String,
    },
    /// `server_variable` named a variable the server URL does not declare.
    UnknownServerVariable {
        /// The variable name.
        name: String,
    },
    /// The server URL uses a `{variable}` that has no value.
    MissingServerVariable {
        /// The variable name.
        name: String,
    },
    /// A default header or the user agent has an invalid name or value.
    InvalidHeader {
        /// The header name.
        name: String,
    },
    /// `credential` named a scheme the document does not declare.
    UnknownScheme {
        /// The name given.
        name: String,
        /// The declared scheme names (and the signing secret name).
        known: Vec<String>,
    },
    /// A credential has the wrong shape for its scheme.
    CredentialMismatch {
        /// The scheme name.
        scheme: String,
        /// The credential variant the scheme needs.
        expected: &'static str,
    },
    /// The API signs every request (its document declares how) and neither
    /// the signing secret nor a replacement signer was given.
    MissingSigningSecret {
        /// The secret's name in the API description.
        secret: &'static str,
        /// The builder method that sets it.
        setter: &'static str,
    },
    /// The HTTP client could not be created.
    HttpClient(reqwest::Error),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidUrl { url, reason } => write!(f, "invalid server URL `{url}`: {reason}"),
            Self::RelativeServerUrl { url } => write!(
                f,
                "the server URL `{url}` is relative; call ClientBuilder::base_url with the absolute URL of the server"
            ),
            Self::UnknownServerVariable { name } => {
                write!(f, "the server URL has no variable named `{name}`")
            }
            Self::MissingServerVariable { name } => write!(
                f,
                "the server URL variable `{name}` has no value; set it with ClientBuilder::server_variable"
            ),
            // The value is left out on purpose: default headers often carry
            // API keys.
            Self::InvalidHeader { name } => write!(f, "invalid name or value for header `{name}`"),
            Self::UnknownScheme { name, known } => write!(
                f,
                "unknown security scheme `{name}`; this API declares: {}",
                if known.is_empty() {
                    "none".to_owned()
                } else {
                    known.join(", ")
                }
            ),
            Self::CredentialMismatch { scheme, expected } => {
                write!(f, "security scheme `{scheme}` needs a {expected}")
            }
            Self::MissingSigningSecret { secret, setter } => write!(
                f,
                "the API signs every request and the `{secret}` secret is not set; call \
                 ClientBuilder::{setter} (or replace the signer with ClientBuilder::signer)"
            ),
            Self::HttpClient(_) => f.write_str("could not create the HTTP client"),
        }
    }
}

impl StdError for BuildError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            Self::HttpClient(error) => Some(error),
            _ => None,
        }
    }
}
