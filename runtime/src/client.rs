//! [`ClientBuilder`] and [`Runtime`]: configuration, and the execution of
//! requests (credentials, hooks, signing, retries).

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::header::{CONTENT_TYPE, COOKIE, HeaderMap, HeaderName, HeaderValue, USER_AGENT};
use reqwest::{Method, StatusCode, Url, redirect};

use crate::api::ApiDescription;
use crate::auth::{AuthPlan, Credential, CredentialStore, sensitive_header_value};
use crate::error::{BuildError, Error, TransportError};
use crate::hooks::{Hook, Outcome, RequestContext};
use crate::params::{encode_component, encode_cookie};
use crate::request::RequestSpec;
use crate::response::RawResponse;
use crate::retry::{RetryPolicy, is_retryable_status};
use crate::signing::{HmacSigner, MultipartBodyMode, PathMode, RequestSigner, SigningError, SigningRequest};

/// Redirects followed by the default HTTP client, as long as they stay on
/// the same origin.
const MAX_REDIRECTS: usize = 10;

/// Configures and builds a [`Runtime`]. Generated `ClientBuilder`s wrap it.
///
/// Setters never fail; [`ClientBuilder::build`] validates everything and
/// reports the first problem.
pub struct ClientBuilder {
    api: &'static ApiDescription,
    base_url: Option<String>,
    server_variables: Vec<(String, String)>,
    http_client: Option<reqwest::Client>,
    timeout: Option<Duration>,
    default_headers: Vec<(String, String)>,
    user_agent: Option<String>,
    retry_policy: RetryPolicy,
    hooks: Vec<Arc<dyn Hook>>,
    signer: Option<Arc<dyn RequestSigner>>,
    credentials: Vec<(String, Credential)>,
    signing_path_mode: Option<PathMode>,
    signing_multipart_body: Option<MultipartBodyMode>,
}

impl ClientBuilder {
    /// A builder for the API described by `api`, with the default
    /// [`RetryPolicy`], no timeout and no credentials.
    #[must_use]
    pub fn new(api: &'static ApiDescription) -> Self {
        Self {
            api,
            base_url: None,
            server_variables: Vec::new(),
            http_client: None,
            timeout: None,
            default_headers: Vec::new(),
            user_agent: None,
            retry_policy: RetryPolicy::default(),
            hooks: Vec::new(),
            signer: None,
            credentials: Vec::new(),
            signing_path_mode: None,
            signing_multipart_body: None,
        }
    }

    /// Uses this absolute URL instead of the document's server URL (server
    /// variables are then not applied). Operation paths are appended to it:
    /// `https://h/v1` and `https://h/v1/` both give `https://h/v1/contacts`.
    #[must_use]
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Sets a variable of the document's server URL template.
    #[must_use]
    pub fn server_variable(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.server_variables.push((name.into(), value.into()));
        self
    }

    /// Uses this HTTP client, for example to share a connection pool or set
    /// proxies. The runtime's timeout, headers and redirect-independent
    /// behaviour still apply per request.
    ///
    /// The default client only follows redirects within the same origin, so
    /// API keys in custom headers never reach another host; an injected
    /// client's redirect policy is its own.
    #[must_use]
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Limits each attempt, from connecting to reading the whole response
    /// body. There is no limit by default.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Sends this header with every request, unless the request sets the
    /// same header itself.
    #[must_use]
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.default_headers.push((name.into(), value.into()));
        self
    }

    /// Replaces the default `User-Agent`, `switchboard-<api>/<version>`.
    #[must_use]
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Sets the retry policy (the default is [`RetryPolicy::default`]).
    #[must_use]
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry_policy = policy;
        self
    }

    /// Adds a hook. Hooks run in the order they are added.
    #[must_use]
    pub fn hook(mut self, hook: impl Hook) -> Self {
        self.hooks.push(Arc::new(hook));
        self
    }

    /// Signs every request with `signer`. This replaces the signer that a
    /// signing secret would install for APIs with a signing configuration.
    #[must_use]
    pub fn signer(mut self, signer: impl RequestSigner) -> Self {
        self.signer = Some(Arc::new(signer));
        self
    }

    /// Configures the credential for the security scheme `scheme`.
    ///
    /// For APIs that sign requests, passing the signing configuration's
    /// `secret_name` with a [`Credential::Token`] installs an [`HmacSigner`].
    #[must_use]
    pub fn credential(mut self, scheme: &str, credential: Credential) -> Self {
        self.credentials.push((scheme.to_owned(), credential));
        self
    }

    /// Overrides which path the built-in HMAC signer signs.
    #[must_use]
    pub fn signing_path_mode(mut self, mode: PathMode) -> Self {
        self.signing_path_mode = Some(mode);
        self
    }

    /// Overrides what the built-in HMAC signer signs as the body of multipart
    /// requests.
    #[must_use]
    pub fn signing_multipart_body(mut self, mode: MultipartBodyMode) -> Self {
        self.signing_multipart_body = Some(mode);
        self
    }

    /// Validates the configuration and builds the runtime.
    ///
    /// # Errors
    ///
    /// A [`BuildError`] for an invalid or relative server URL, an unknown or
    /// missing server variable, an invalid default header or user agent, an
    /// unknown security scheme, a credential of the wrong kind, or an HTTP
    /// client that cannot be created.
    pub fn build(self) -> Result<Runtime, BuildError> {
        // Checked even with a base URL, where the variables go unused, to
        // catch typos.
        check_variable_names(self.api, &self.server_variables)?;
        let base_url = match &self.base_url {
            Some(url) => parse_base_url(url).map_err(|reason| BuildError::InvalidUrl {
                url: url.clone(),
                reason,
            })?,
            None => {
                let url = resolve_server_url(self.api, &self.server_variables)?;
                if !url.contains("://") {
                    return Err(BuildError::RelativeServerUrl { url });
                }
                parse_base_url(&url).map_err(|reason| BuildError::InvalidUrl { url, reason })?
            }
        };

        let mut default_headers = HeaderMap::new();
        for (name, value) in &self.default_headers {
            let invalid = || BuildError::InvalidHeader { name: name.clone() };
            let header_name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid())?;
            let header_value = HeaderValue::from_str(value).map_err(|_| invalid())?;
            default_headers.append(header_name, header_value);
        }
        let user_agent = self
            .user_agent
            .clone()
            .unwrap_or_else(|| format!("switchboard-{}/{}", self.api.name, env!("CARGO_PKG_VERSION")));
        let user_agent = HeaderValue::from_str(&user_agent).map_err(|_| BuildError::InvalidHeader {
            name: USER_AGENT.to_string(),
        })?;

        let mut credentials = CredentialStore::default();
        let explicit_signer = self.signer.is_some();
        let mut signer = self.signer;
        for (name, credential) in self.credentials {
            let signing = self.api.signing.filter(|config| config.secret_name == name);
            let scheme = self.api.scheme(&name);
            if scheme.is_none() && signing.is_none() {
                return Err(unknown_scheme(self.api, name));
            }
            if let Some(config) = signing {
                let Credential::Token(secret) = &credential else {
                    return Err(BuildError::CredentialMismatch {
                        scheme: name,
                        expected: "Credential::Token",
                    });
                };
                let mut hmac = HmacSigner::new(config, secret.clone());
                if let Some(mode) = self.signing_path_mode {
                    hmac = hmac.with_path_mode(mode);
                }
                if let Some(mode) = self.signing_multipart_body {
                    hmac = hmac.with_multipart_body(mode);
                }
                if !explicit_signer {
                    signer = Some(Arc::new(hmac));
                }
            }
            if let Some(scheme) = scheme {
                if !scheme.kind.accepts(&credential) {
                    return Err(BuildError::CredentialMismatch {
                        scheme: name,
                        expected: scheme.kind.expected_credential(),
                    });
                }
                credentials.insert(scheme, credential);
            }
        }

        // A document that declares signing declares a credential like any
        // other: without the secret (or a signer in its place) the server
        // refuses every request, so nothing is built.
        if let (Some(config), None) = (self.api.signing, &signer) {
            return Err(BuildError::MissingSigningSecret {
                secret: config.secret_name,
                setter: config.secret_setter,
            });
        }

        let client = match self.http_client {
            Some(client) => client,
            None => reqwest::Client::builder()
                .redirect(same_origin_redirects())
                .build()
                .map_err(BuildError::HttpClient)?,
        };

        Ok(Runtime {
            shared: Arc::new(Shared {
                api: self.api,
                base_prefix: base_url.as_str().trim_end_matches('/').to_owned(),
                base_url,
                client,
                timeout: self.timeout,
                default_headers,
                user_agent,
                hooks: self.hooks,
                signer,
                credentials,
            }),
            retry_policy: self.retry_policy,
        })
    }
}

impl fmt::Debug for ClientBuilder {
    // Names only: header values and credentials may be secrets.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<&str> = self.default_headers.iter().map(|(name, _)| name.as_str()).collect();
        let credentials: Vec<&str> = self.credentials.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("ClientBuilder")
            .field("api", &self.api.name)
            .field("base_url", &self.base_url)
            .field("server_variables", &self.server_variables)
            .field("timeout", &self.timeout)
            .field("default_headers", &headers)
            .field("user_agent", &self.user_agent)
            .field("retry_policy", &self.retry_policy)
            .field("hooks", &self.hooks.len())
            .field("signer", &self.signer.is_some())
            .field("credentials", &credentials)
            .finish_non_exhaustive()
    }
}

fn unknown_scheme(api: &ApiDescription, name: String) -> BuildError {
    let mut known: Vec<String> = api
        .security_schemes
        .iter()
        .map(|scheme| scheme.name.to_owned())
        .collect();
    if let Some(config) = api.signing {
        known.push(config.secret_name.to_owned());
    }
    BuildError::UnknownScheme { name, known }
}

/// Substitutes `{variables}` in the document's server URL.
fn resolve_server_url(api: &ApiDescription, overrides: &[(String, String)]) -> Result<String, BuildError> {
    let mut url = String::with_capacity(api.server_url.len());
    let mut rest = api.server_url;
    while let Some(start) = rest.find('{') {
        let Some(length) = rest[start..].find('}') else {
            break;
        };
        let name = &rest[start + 1..start + length];
        let value = overrides
            .iter()
            .rev()
            .find(|(variable, _)| variable == name)
            .map(|(_, value)| value.as_str())
            .or_else(|| {
                api.server_variables
                    .iter()
                    .find(|(variable, _)| *variable == name)
                    .map(|(_, value)| *value)
            })
            .ok_or_else(|| BuildError::MissingServerVariable { name: name.to_owned() })?;
        url.push_str(&rest[..start]);
        url.push_str(value);
        rest = &rest[start + length + 1..];
    }
    url.push_str(rest);
    Ok(url)
}

fn check_variable_names(api: &ApiDescription, overrides: &[(String, String)]) -> Result<(), BuildError> {
    for (name, _) in overrides {
        let declared = api.server_variables.iter().any(|(variable, _)| variable == name)
            || api.server_url.contains(&format!("{{{name}}}"));
        if !declared {
            return Err(BuildError::UnknownServerVariable { name: name.clone() });
        }
    }
    Ok(())
}

/// Parses an absolute http(s) URL that paths can be appended to.
fn parse_base_url(url: &str) -> Result<Url, String> {
    let parsed = Url::parse(url).map_err(|error| format!("{error} (an absolute http or https URL is needed)"))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(format!("the scheme `{}` is not http or https", parsed.scheme()));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err("a server URL cannot have a query or fragment".to_owned());
    }
    Ok(parsed)
}

fn same_origin_redirects() -> redirect::Policy {
    redirect::Policy::custom(|attempt| {
        if attempt.previous().len() > MAX_REDIRECTS {
            return attempt.error("too many redirects");
        }
        let same_origin = attempt
            .previous()
            .first()
            .is_some_and(|first| first.origin() == attempt.url().origin());
        if same_origin { attempt.follow() } else { attempt.stop() }
    })
}

/// The immutable part of a runtime, shared by its clones.
struct Shared {
    api: &'static ApiDescription,
    base_url: Url,
    /// `base_url` without its trailing `/`, ready for a path to be appended.
    base_prefix: String,
    client: reqwest::Client,
    timeout: Option<Duration>,
    default_headers: HeaderMap,
    user_agent: HeaderValue,
    hooks: Vec<Arc<dyn Hook>>,
    signer: Option<Arc<dyn RequestSigner>>,
    credentials: CredentialStore,
}

/// The configured engine behind a generated client: cheap to clone (an
/// [`Arc`] inside) and safe to share between tasks.
#[derive(Clone)]
pub struct Runtime {
    shared: Arc<Shared>,
    retry_policy: RetryPolicy,
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

    /// Sends the request as [`execute`](Self::execute) does and turns the
    /// response into the operation's result with `decode` (which matches
    /// the status). Generated methods build the request synchronously and
    /// return this future: one generic `async` body here instead of a state
    /// machine per operation for the compiler to check.
    ///
    /// # Errors
    ///
    /// Those of [`execute`](Self::execute), and whatever `decode` returns.
    pub async fn call<T, E, D>(&self, request: RequestSpec, decode: D) -> Result<T, Error<E>>
    where
        D: FnOnce(RawResponse) -> Result<T, Error<E>> + 'static,
    {
        decode(self.execute(request).await?)
    }

    /// Sends the request, retrying as the policy allows, and reads the whole
    /// response. Every status is returned as a [`RawResponse`]; generated
    /// code turns it into a value or an [`Error::Api`].
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] (a parameter or body failed to serialise, or
    /// a path segment is `.` or `..`), [`Error::MissingCredentials`],
    /// [`Error::Signing`], and after the last attempt [`Error::Timeout`] or
    /// [`Error::Transport`].
    pub async fn execute<E>(&self, request: RequestSpec) -> Result<RawResponse, Error<E>> {
        let operation = request.operation_id;
        let prepared = self.prepare(&request)?;
        let attempts = self.retry_policy.attempts();
        let mut attempt = 1;
        loop {
            let ctx = RequestContext {
                operation_id: operation,
                attempt,
            };
            let outgoing = self.build_attempt(&request.method, &prepared, &ctx)?;
            let started = Instant::now();
            let last = attempt >= attempts;
            match self.send(outgoing).await {
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
                    if !last && is_retryable_status(status) && self.retry_policy.may_retry(&request.method) {
                        tokio::time::sleep(self.retry_policy.delay(attempt, Some(&headers))).await;
                        attempt += 1;
                        continue;
                    }
                    return Ok(RawResponse::new(operation, status, headers, body));
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
                    let safe = error.is_connect() || self.retry_policy.may_retry(&request.method);
                    if !last && safe && is_retryable_transport(&error) {
                        tokio::time::sleep(self.retry_policy.delay(attempt, None)).await;
                        attempt += 1;
                        continue;
                    }
                    let error = TransportError {
                        operation,
                        source: error,
                    };
                    return Err(if error.source.is_timeout() {
                        Error::Timeout(error)
                    } else {
                        Error::Transport(error)
                    });
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
        let joined = format!("{}{separator}{}", self.shared.base_prefix, request.path);
        let mut url = Url::parse(&joined).map_err(|error| invalid(format!("invalid request URL: {error}")))?;
        let mut query = request.query.clone();
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
            body: request.body.as_ref().map(|body| body.bytes.clone()),
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
        ctx: &RequestContext,
    ) -> Result<reqwest::Request, Error<E>> {
        let mut request = reqwest::Request::new(method.clone(), prepared.url.clone());
        *request.headers_mut() = prepared.headers.clone();
        *request.body_mut() = prepared.body.clone().map(reqwest::Body::from);
        *request.timeout_mut() = self.shared.timeout;
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
                    signing_error(SigningError::new("a streaming body set by a hook cannot be signed"))
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

    async fn send(&self, request: reqwest::Request) -> Result<(StatusCode, HeaderMap, Bytes), reqwest::Error> {
        let mut response = self.shared.client.execute(request).await?;
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        let body = response.bytes().await?;
        Ok((status, headers, body))
    }

    fn after_receive(&self, ctx: &RequestContext, outcome: &Outcome<'_>) {
        for hook in &self.shared.hooks {
            hook.after_receive(ctx, outcome);
        }
    }
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
