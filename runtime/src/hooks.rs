//! Hooks: observe or adjust every request attempt (tracing, logging,
//! metrics, extra headers) without changing generated code.

use std::time::Duration;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

/// Which attempt of which operation a hook call is about.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RequestContext {
    /// The OpenAPI `operationId` of the operation.
    pub operation_id: &'static str,
    /// The attempt number, starting at 1; retries increase it.
    pub attempt: u32,
}

/// What an attempt produced, as shown to [`Hook::after_receive`].
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum Outcome<'a> {
    /// A response arrived (any status) and its body was read.
    Response {
        /// The status code.
        status: StatusCode,
        /// The response headers.
        headers: &'a HeaderMap,
        /// The whole response body.
        body: &'a Bytes,
        /// Time from sending the request to having read the body.
        elapsed: Duration,
    },
    /// A success response arrived whose body the caller reads as a stream
    /// ([`Call::stream`](crate::Call::stream), event streams); it is not read
    /// here.
    Streaming {
        /// The status code.
        status: StatusCode,
        /// The response headers.
        headers: &'a HeaderMap,
        /// Time from sending the request to having the headers.
        elapsed: Duration,
    },
    /// The request could not be sent or the response could not be read.
    /// Credentials sent as query parameters are removed from the error's URL.
    Transport {
        /// The error.
        error: &'a reqwest::Error,
        /// Time from sending the request to the failure.
        elapsed: Duration,
    },
}

/// Called around every attempt of every request. Both methods default to
/// doing nothing; hooks run in the order they were added to the builder.
///
/// Per attempt, the order is: the request is built, credentials are applied,
/// every hook's [`before_send`](Hook::before_send) runs, the signer runs, the
/// request is sent, and every hook's [`after_receive`](Hook::after_receive)
/// runs. Because hooks run before signing, headers they add are covered by
/// the signature.
pub trait Hook: Send + Sync + 'static {
    /// Called just before the request is signed and sent; may change it.
    /// The request carries credentials: do not log their headers.
    fn before_send(&self, ctx: &RequestContext, request: &mut reqwest::Request) {
        let _ = (ctx, request);
    }

    /// Called with the outcome of each attempt, before any retry.
    fn after_receive(&self, ctx: &RequestContext, outcome: &Outcome<'_>) {
        let _ = (ctx, outcome);
    }
}
