//! [`Runtime`]: the execution of requests (URL, credentials, hooks,
//! signing, retries) for a configured client.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::header::{CONTENT_TYPE, COOKIE, HeaderMap, HeaderName, HeaderValue, USER_AGENT};
use reqwest::{Method, StatusCode, Url};

use crate::api::ApiDescription;
use crate::auth::{AuthPlan, CredentialStore, sensitive_header_value};
use crate::call::Call;
use crate::error::{BodyTooLarge, Error};
use crate::hooks::{Hook, Outcome, RequestContext};
use crate::params::{encode_component, encode_cookie};
use crate::request::{Content, RequestSpec};
use crate::response::RawResponse;
use crate::retry::{RetryPolicy, is_retryable_status};
use crate::signing::{RequestSigner, SigningError, SigningRequest};

/// The immutable part of a runtime, shared by its clones.
pub(crate) struct Shared {
    pub(crate) api: &'static ApiDescription,
    pub(crate) base_url: Url,
    /// `base_url` without its trailing `/`, ready for a path to be appended.
    pub(crate) base_prefix: String,
    pub(crate) client: reqwest::Client,
    pub(crate) timeout: Option<Duration>,
    pub(crate) default_headers: HeaderMap,
    pub(crate) user_agent: HeaderValue,
    pub(crate) hooks: Vec<Arc<dyn Hook>>,
    pub(crate) signer: Option<Arc<dyn RequestSigner>>,
    pub(crate) credentials: CredentialStore,
    /// The longest response body read whole.
    pub(crate) max_body_size: Option<usize>,
}

/// The configured engine behind a generated client: cheap to clone (an
/// [`Arc`] inside) and safe to share between tasks.
#[derive(Clone)]
pub struct Runtime {
    pub(crate) shared: Arc<Shared>,
    pub(crate) retry_policy: RetryPolicy,
}

impl fmt::Debug for Runtime {
    // Names only: header values and credentials may be secrets.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shared = &self.shared;
        let headers: Vec<&str> = shared.default_headers.keys().map(HeaderName::as_str).collect();
        f.debug_struct("Runtime")
            .field("api", &shared.api.name)
            .field("base_url", &shared.base_url.as_str())
            .field("timeout", &shared.timeout)
            .field("default_headers", &headers)
            .field("user_agent", &shared.user_agent)
            .field("retry_policy", &self.retry_policy)
            .field("hooks", &shared.hooks.len())
            .field("signer", &shared.signer.is_some())
            .field("credentials", &shared.credentials.scheme_names())
            .finish_non_exhaustive()
    }
}

/// The parts of a request that stay the same across attempts.
struct Prepared {
    url: Url,
    headers: HeaderMap,
    body: Option<Bytes>,
    /// Encoded names of query parameters that carry credentials, so they
    /// can be redacted from error URLs.
    secret_query_names: Vec<String>,
    /// The call's timeout, or the client's.
    timeout: Option<Duration>,
}

impl Runtime {
    /// The description of the API this runtime talks to.
    pub fn api(&self) -> &'static ApiDescription {
        self.shared.api
    }

    /// The server URL that operation paths are appended to.
    pub fn base_url(&self) -> &Url {
        &self.shared.base_url
    }

    /// The retry policy in use.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.retry_policy
    }

    /// A runtime sharing this one's configuration and connections but
    /// retrying according to `policy`.
    #[must_use]
    pub fn with_retry_policy(&self, policy: RetryPolicy) -> Self {
        Self {
            shared: Arc::clone(&self.shared),
            retry_policy: policy,
        }
    }

    /// Starts describing a call of operation `operation_id`: `path` is the
    /// operation path with parameters already inserted through
    /// [`path_segment`](crate::path_segment).
    pub fn request(&self, method: Method, path: impl Into<String>, operation_id: &'static str) -> RequestSpec {
        RequestSpec::new(method, path.into(), operation_id)
    }

    /// A [`Call`] of `request` whose response `decode` turns into the
    /// operation's result (it matches the status). Generated methods build
    /// the request synchronously and return this: one generic `async` body
    /// in the runtime instead of a state machine per operation for the
    /// compiler to check, and per-call options before it is awaited.
    pub fn call<T, E>(&self, request: RequestSpec, decode: fn(RawResponse) -> Result<T, Error<E>>) -> Call<'_, T, E> {
        Call::new(self, request, decode)
    }

    /// Sends the request, retrying as the policy allows, and reads the whole
    /// response. Every status is returned as a [`RawResponse`]; generated
    /// code turns it into a value or an [`Error::Api`].
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] (a parameter or body failed to serialise, or
    /// a path segment is `.` or `..`), [`Error::MissingCredentials`],
    /// [`Error::Signing`], [`Error::BodyTooLarge`], and after the last
    /// attempt [`Error::Timeout`] or [`Error::Transport`].
    pub async fn execute<E>(&self, request: RequestSpec) -> Result<RawResponse, Error<E>> {
        // Bound first: a scrutinee's temporary would keep the `Result`
        // (and so `E`) alive across the `await` below, and the future would
        // be `Send` only for `Send` error types.
        let exchange = self.exchange(request, false).await?;
        match exchange {
            Exchange::Read(raw) => Ok(raw),
            Exchange::Streaming(head) => head.read(self.shared.max_body_size).await,
        }
    }

    /// Sends the request like [`execute`](Self::execute), but hands a
    /// success response over before its body is read (`stream_success`),
    /// for the caller to read as a stream. Other statuses are read whole.
    pub(crate) async fn exchange<E>(&self, request: RequestSpec, stream_success: bool) -> Result<Exchange, Error<E>> {
        let operation = request.operation_id;
        let prepared = self.prepare(&request)?;
        let policy = request.options.retry_policy.as_ref().unwrap_or(&self.retry_policy);
        // An idempotency key makes any method safe to send again; a body
        // that streams can be sent only once.
        let replayable = !request.body.as_ref().is_some_and(|body| body.is_streaming());
        let may_retry = replayable && (request.options.idempotent || policy.may_retry(&request.method));
        let attempts = if replayable { policy.attempts() } else { 1 };
        let mut attempt = 1;
        loop {
            let ctx = RequestContext {
                operation_id: operation,
                attempt,
            };
            let outgoing = self.build_attempt(&request.method, &prepared, &request, &ctx)?;
            let started = Instant::now();
            let last = attempt >= attempts;
            let read = match self.shared.client.execute(outgoing).await {
                Ok(mut response) if stream_success && response.status().is_success() => {
                    let headers = std::mem::take(response.headers_mut());
                    let status = response.status();
                    self.after_receive(
                        &ctx,
                        &Outcome::Streaming {
                            status,
                            headers: &headers,
                            elapsed: started.elapsed(),
                        },
                    );
                    return Ok(Exchange::Streaming(Head {
                        operation,
                        status,
                        headers,
                        response,
                    }));
                }
                Ok(mut response) => {
                    let headers = std::mem::take(response.headers_mut());
                    let status = response.status();
                    match read_capped(response, self.shared.max_body_size).await {
                        Ok(body) => Ok((status, headers, body)),
                        Err(Read::TooLarge(limit)) => {
                            return Err(Error::BodyTooLarge(Box::new(BodyTooLarge {
                                operation,
                                status,
                                headers,
                                limit,
                            })));
                        }
                        Err(Read::Transport(error)) => Err(error),
                    }
                }
                Err(error) => Err(error),
            };
            match read {
                Ok((status, headers, body)) => {
                    self.after_receive(
                        &ctx,
                        &Outcome::Response {
                            status,
                            headers: &headers,
                            body: &body,
                            elapsed: started.elapsed(),
                        },
                    );
                    if !last && is_retryable_status(status) && may_retry {
                        tokio::time::sleep(policy.delay(attempt, Some(&headers))).await;
                        attempt += 1;
                        continue;
                    }
                    return Ok(Exchange::Read(RawResponse::new(operation, status, headers, body)));
                }
                Err(error) => {
                    let error = redact_url(error, &prepared.secret_query_names);
                    self.after_receive(
                        &ctx,
                        &Outcome::Transport {
                            error: &error,
                            elapsed: started.elapsed(),
                        },
                    );
                    // A connection that was never established carried no
                    // request, so even non-idempotent methods are safe to
                    // retry.
                    let safe = (error.is_connect() && replayable) || may_retry;
                    if !last && safe && is_retryable_transport(&error) {
                        tokio::time::sleep(policy.delay(attempt, None)).await;
                        attempt += 1;
                        continue;
                    }
                    return Err(Error::from_transport(operation, error));
                }
            }
        }
    }

    /// Validates the request and resolves everything that does not change
    /// between attempts: URL, headers, credentials and body.
    fn prepare<E>(&self, request: &RequestSpec) -> Result<Prepared, Error<E>> {
        let operation = request.operation_id;
        let invalid = |message: String| Error::InvalidRequest { operation, message };
        if let Some(message) = &request.error {
            return Err(invalid(message.clone()));
        }
        if let Some(segment) = request.path.split('/').find(|segment| is_dot_segment(segment)) {
            // URL parsing would resolve the segment and silently change which
            // endpoint is called.
            return Err(invalid(format!(
                "the path segment `{segment}` would change the request path"
            )));
        }
        let requirements = request.security.unwrap_or(self.shared.api.default_security);
        let auth = self.shared.credentials.select(requirements).map_err(|schemes| {
            let api = self.shared.api;
            let setters = schemes
                .iter()
                .map(|name| api.scheme(name).map_or("credential", |scheme| scheme.setter))
                .collect();
            Error::MissingCredentials {
                operation,
                schemes,
                setters,
            }
        })?;

        let separator = if request.path.is_empty() || request.path.starts_with('/') {
            ""
        } else {
            "/"
        };
        let mut url = match &request.url {
            // A next link: credentials must not follow it to another host.
            Some(link) => {
                let url = self
                    .shared
                    .base_url
                    .join(link)
                    .map_err(|error| invalid(format!("invalid next-page link `{link}`: {error}")))?;
                if url.origin() != self.shared.base_url.origin() {
                    return Err(invalid(format!(
                        "the next-page link `{link}` leaves the server's origin; not followed"
                    )));
                }
                url
            }
            None => {
                let joined = format!("{}{separator}{}", self.shared.base_prefix, request.path);
                Url::parse(&joined).map_err(|error| invalid(format!("invalid request URL: {error}")))?
            }
        };
        let mut query: Vec<String> = url.query().map(|q| vec![q.to_owned()]).unwrap_or_default();
        query.extend(request.query.iter().cloned());
        query.extend(
            auth.query
                .iter()
                .map(|(name, value)| format!("{}={}", encode_component(name), encode_component(value))),
        );
        if !query.is_empty() {
            url.set_query(Some(&query.join("&")));
        }

        let headers = self.headers(request, &auth).map_err(invalid)?;
        Ok(Prepared {
            url,
            headers,
            body: request.body.as_ref().and_then(|body| body.bytes().cloned()),
            timeout: request.options.timeout.or(self.shared.timeout),
            secret_query_names: auth.query.iter().map(|(name, _)| encode_component(name)).collect(),
        })
    }

    /// Request headers: parameters, then defaults they do not override, the
    /// user agent, the body's content type, credentials and cookies.
    fn headers(&self, request: &RequestSpec, auth: &AuthPlan) -> Result<HeaderMap, String> {
        let mut headers = HeaderMap::new();
        for (name, value) in &request.headers {
            headers.append(name.clone(), value.clone());
        }
        for (name, value) in &self.shared.default_headers {
            if !request.headers.iter().any(|(set, _)| set == name) {
                headers.append(name.clone(), value.clone());
            }
        }
        if !headers.contains_key(USER_AGENT) {
            headers.insert(USER_AGENT, self.shared.user_agent.clone());
        }
        if let Some(body) = &request.body {
            headers.insert(CONTENT_TYPE, body.content_type.clone());
        }
        for (name, value) in &auth.headers {
            let value = sensitive_header_value(value)
                .ok_or_else(|| format!("the credential for the `{name}` header is not a valid header value"))?;
            headers.insert(name.clone(), value);
        }
        for (name, value) in &auth.api_key_headers {
            let header_name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| format!("the API key header name `{name}` is not a valid header name"))?;
            let value = sensitive_header_value(value)
                .ok_or_else(|| format!("the credential for the `{name}` header is not a valid header value"))?;
            headers.insert(header_name, value);
        }

        let cookies: Vec<String> = request
            .cookies
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str()))
            .chain(auth.cookies.iter().map(|(name, value)| (*name, value.as_str())))
            .map(|(name, value)| format!("{}={}", encode_cookie(name), encode_cookie(value)))
            .collect();
        if !cookies.is_empty() {
            // Merge with a default `Cookie` header: HTTP/1.1 allows only one.
            let mut all: Vec<String> = headers
                .get_all(COOKIE)
                .iter()
                .filter_map(|value| value.to_str().ok().map(str::to_owned))
                .collect();
            all.extend(cookies);
            let mut value = HeaderValue::from_str(&all.join("; "))
                .map_err(|_| "a cookie contains characters not allowed in a header".to_owned())?;
            value.set_sensitive(!auth.cookies.is_empty());
            headers.insert(COOKIE, value);
        }
        Ok(headers)
    }

    /// Builds one attempt: the prepared request, then hooks, then the signer.
    fn build_attempt<E>(
        &self,
        method: &Method,
        prepared: &Prepared,
        spec: &RequestSpec,
        ctx: &RequestContext,
    ) -> Result<reqwest::Request, Error<E>> {
        let mut request = reqwest::Request::new(method.clone(), prepared.url.clone());
        *request.headers_mut() = prepared.headers.clone();
        *request.body_mut() = match spec.body.as_ref().map(|body| &body.content) {
            Some(Content::Stream(stream)) => stream.lock().ok().and_then(|mut stream| stream.take()),
            _ => prepared.body.clone().map(reqwest::Body::from),
        };
        *request.timeout_mut() = prepared.timeout;
        for hook in &self.shared.hooks {
            hook.before_send(ctx, &mut request);
        }
        if let Some(signer) = &self.shared.signer {
            let signing_error = |source| Error::Signing {
                operation: ctx.operation_id,
                source,
            };
            let body = match request.body() {
                None => &[][..],
                Some(body) => body.as_bytes().ok_or_else(|| {
                    signing_error(SigningError::new(
                        "a streaming body (an Upload from a stream or file, or one set by a hook) cannot be signed",
                    ))
                })?,
            };
            let signed = signer
                .sign(&SigningRequest {
                    method: request.method(),
                    url: request.url(),
                    base_url: &self.shared.base_url,
                    headers: request.headers(),
                    body,
                })
                .map_err(signing_error)?;
            for (name, value) in signed {
                request.headers_mut().insert(name, value);
            }
        }
        Ok(request)
    }

    fn after_receive(&self, ctx: &RequestContext, outcome: &Outcome<'_>) {
        for hook in &self.shared.hooks {
            hook.after_receive(ctx, outcome);
        }
    }
}

/// What [`Runtime::exchange`] produced.
pub(crate) enum Exchange {
    /// The whole response.
    Read(RawResponse),
    /// A success response whose body is still to be read.
    Streaming(Head),
}

/// A response whose body has not been read yet.
pub(crate) struct Head {
    pub(crate) operation: &'static str,
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) response: reqwest::Response,
}

impl Head {
    /// Reads the whole body (at most `limit` bytes).
    pub(crate) async fn read<E>(self, limit: Option<usize>) -> Result<RawResponse, Error<E>> {
        let Head {
            operation,
            status,
            headers,
            response,
        } = self;
        match read_capped(response, limit).await {
            Ok(body) => Ok(RawResponse::new(operation, status, headers, body)),
            Err(Read::TooLarge(limit)) => Err(Error::BodyTooLarge(Box::new(BodyTooLarge {
                operation,
                status,
                headers,
                limit,
            }))),
            Err(Read::Transport(error)) => Err(Error::from_transport(operation, error)),
        }
    }
}

/// Why a body was not read.
enum Read {
    Transport(reqwest::Error),
    /// Longer than this many bytes.
    TooLarge(usize),
}

/// Reads a body chunk by chunk, refusing one longer than `limit`.
async fn read_capped(mut response: reqwest::Response, limit: Option<usize>) -> Result<Bytes, Read> {
    let Some(limit) = limit else {
        return response.bytes().await.map_err(Read::Transport);
    };
    let mut body = bytes::BytesMut::new();
    while let Some(chunk) = response.chunk().await.map_err(Read::Transport)? {
        if body.len() + chunk.len() > limit {
            return Err(Read::TooLarge(limit));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// `.` and `..` segments, in any spelling URL parsers treat as dots.
fn is_dot_segment(segment: &str) -> bool {
    matches!(
        segment.to_ascii_lowercase().as_str(),
        "." | ".." | "%2e" | "%2e." | ".%2e" | "%2e%2e"
    )
}

/// Transport failures that may go away on their own. Builder and redirect
/// errors come from the request itself and would fail again.
fn is_retryable_transport(error: &reqwest::Error) -> bool {
    !error.is_builder() && !error.is_redirect()
}

/// Replaces the values of credential query parameters in the error's URL
/// with `***`, so that printing the error cannot leak them.
fn redact_url(mut error: reqwest::Error, secret_names: &[String]) -> reqwest::Error {
    if secret_names.is_empty() {
        return error;
    }
    if let Some(url) = error.url_mut()
        && let Some(query) = url.query()
    {
        let redacted: Vec<String> = query
            .split('&')
            .map(|pair| {
                let name = pair.split('=').next().unwrap_or_default();
                if secret_names.iter().any(|secret| secret == name) {
                    format!("{name}=***")
                } else {
                    pair.to_owned()
                }
            })
            .collect();
        url.set_query(Some(&redacted.join("&")));
    }
    error
}
