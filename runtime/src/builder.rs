//! [`ClientBuilder`]: configuration, checked once by [`ClientBuilder::build`]
//! (server URL and variables, headers, credentials, signing), into a
//! [`Runtime`](crate::Runtime).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, USER_AGENT};
use reqwest::{Url, redirect};

use crate::api::ApiDescription;
use crate::auth::{Credential, CredentialStore};
use crate::client::{Runtime, Shared};
use crate::error::BuildError;
use crate::hooks::Hook;
use crate::retry::RetryPolicy;
use crate::signing::{HmacSigner, MultipartBodyMode, PathMode, RequestSigner};

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
    max_body_size: Option<usize>,
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
            max_body_size: None,
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

    /// Refuses to buffer a response body longer than `bytes`
    /// ([`Error::BodyTooLarge`](crate::Error::BodyTooLarge), status and
    /// headers kept); bodies read as a stream ([`Call::stream`](crate::Call::stream))
    /// are not limited. There is no limit by default.
    #[must_use]
    pub fn max_body_size(mut self, bytes: usize) -> Self {
        self.max_body_size = Some(bytes);
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
                max_body_size: self.max_body_size,
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
