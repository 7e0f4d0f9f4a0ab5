//! [`Call`]: what a generated method returns. `.await` it to send the
//! request, or set options for this one call first, in the manner of
//! reqwest's `RequestBuilder`:
//!
//! ```text
//! let contact = client
//!     .contact_create(1, &payload)
//!     .timeout(Duration::from_secs(5))
//!     .header("X-Request-Id", "b6f1…")
//!     .idempotency_key("create-ada-2026-11-30")
//!     .await?;
//! ```
//!
//! The request is built when the method is called, so a `Call` borrows the
//! client but none of the method's arguments; options change only this
//! call, and the client is not cloned.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::client::Runtime;
use crate::error::Error;
use crate::paging::{Pages, Paging};
use crate::request::RequestSpec;
use crate::response::RawResponse;
use crate::streaming::{ByteStream, DataFormat, Events};
use serde::de::DeserializeOwned;

/// How a response becomes an operation's result (a generated method's
/// `match` on the status).
pub type Decode<T, E> = fn(RawResponse) -> Result<T, Error<E>>;

/// The header [`Call::idempotency_key`] sets.
pub const IDEMPOTENCY_KEY_HEADER: &str = "Idempotency-Key";

/// The options of one call (`timeout`, `header`, `query`, `retry_policy`,
/// `idempotency_key`) and `request`, for a type holding the call's
/// `request: RequestSpec` until it is sent: [`Call`] and
/// [`Events`](crate::Events).
macro_rules! per_call_options {
    () => {
        /// Fails each attempt of this call that takes longer than `timeout`
        /// (instead of the client's timeout).
        pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
            self.request.options.timeout = Some(timeout);
            self
        }

        /// Sends this header with this call, replacing a default header or a
        /// header parameter of the same name. A name or value that is not valid
        /// in a header fails the call without sending it.
        pub fn header(mut self, name: &str, value: &str) -> Self {
            self.request
                .headers
                .retain(|(set, _)| !set.as_str().eq_ignore_ascii_case(name));
            self.request.header(name, value);
            self
        }

        /// Adds a query parameter (`name=value`, encoded) to this call.
        pub fn query(mut self, name: &str, value: &str) -> Self {
            self.request.query(name, value);
            self
        }

        /// Retries this call by `policy` (instead of the client's policy).
        pub fn retry_policy(mut self, policy: $crate::retry::RetryPolicy) -> Self {
            self.request.options.retry_policy = Some(policy);
            self
        }

        /// Sends `Idempotency-Key: key`, which APIs that support it use to run a
        /// repeated request once. With a key, a request the policy would not
        /// retry because its method is not idempotent (POST, PATCH) is retried
        /// like the others: the key makes that safe.
        pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
            let key = key.into();
            self = self.header($crate::call::IDEMPOTENCY_KEY_HEADER, &key);
            self.request.options.idempotent = true;
            self
        }

        /// The request as it will be sent (before credentials, hooks and
        /// signing).
        pub fn request(&self) -> &$crate::request::RequestSpec {
            &self.request
        }
    };
}
pub(crate) use per_call_options;

/// One call of an operation, a future: nothing is sent until it is first
/// polled (awaited, spawned, joined), and options set before that apply.
#[must_use = "a call does nothing until it is awaited"]
pub struct Call<'a, T, E> {
    runtime: &'a Runtime,
    request: RequestSpec,
    decode: Decode<T, E>,
    /// The sending, once polled.
    running: Option<Running<'a, T, E>>,
}

type Running<'a, T, E> = Pin<Box<dyn Future<Output = Result<T, Error<E>>> + Send + 'a>>;

impl<'a, T, E> Call<'a, T, E> {
    /// A call of `request` on `runtime` whose response `decode` turns into
    /// the operation's result (generated code builds these).
    pub fn new(runtime: &'a Runtime, request: RequestSpec, decode: Decode<T, E>) -> Self {
        Self {
            runtime,
            request,
            decode,
            running: None,
        }
    }

    per_call_options!();

    /// Every page of a listing this call starts, as a stream (generated
    /// `…_pages` methods call this with the operation's paging).
    pub fn pages(self, paging: &'static Paging) -> Pages<'a, T, E>
    where
        T: Send + 'a,
        E: Send + 'a,
    {
        Pages::new(self, paging)
    }

    /// Sends the request and hands a success response over as it arrives, a
    /// [`ByteStream`] of chunks (a large download is never held whole); any
    /// other status is the operation's error, as when awaiting the call.
    pub fn stream(self) -> Pin<Box<dyn Future<Output = Result<ByteStream, Error<E>>> + Send + 'a>>
    where
        T: 'a,
        E: Send + 'a,
    {
        let Call {
            runtime,
            request,
            decode,
            ..
        } = self;
        Box::pin(crate::streaming::open(runtime, request, decode))
    }

    /// The response as server-sent events whose data is JSON decoded as `D`
    /// (generated methods of `text/event-stream` operations call this).
    pub fn events<D: DeserializeOwned>(self) -> Events<'a, D, E>
    where
        T: 'a,
        E: 'a,
    {
        Events::new(self.runtime, self.request, self.decode, DataFormat::Json)
    }

    /// The response as server-sent events whose data is text.
    pub fn text_events(self) -> Events<'a, String, E>
    where
        T: 'a,
        E: 'a,
    {
        Events::new(self.runtime, self.request, self.decode, DataFormat::Text)
    }

    pub(crate) fn into_parts(self) -> (&'a Runtime, RequestSpec, Decode<T, E>) {
        (self.runtime, self.request, self.decode)
    }
}

impl<'a, T: 'a, E: 'a> Future for Call<'a, T, E> {
    type Output = Result<T, Error<E>>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        let running = this.running.get_or_insert_with(|| {
            let (runtime, decode) = (this.runtime, this.decode);
            let request = std::mem::replace(&mut this.request, RequestSpec::taken());
            Box::pin(async move { decode(runtime.execute(request).await?) })
        });
        running.as_mut().poll(cx)
    }
}

impl<T, E> fmt::Debug for Call<'_, T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call")
            .field("request", &self.request)
            .finish_non_exhaustive()
    }
}
