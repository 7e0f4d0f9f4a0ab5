//! Security schemes, credentials and how they are attached to requests.

use std::fmt;

use reqwest::header::{AUTHORIZATION, HeaderName, HeaderValue};

use crate::base64_bytes;

/// A security scheme declared by the API document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SecurityScheme {
    /// The scheme's key in `components.securitySchemes`.
    pub name: &'static str,
    /// The method of the generated `ClientBuilder` that sets its
    /// credential, named in errors about a missing one.
    pub setter: &'static str,
    /// How the scheme carries its credential.
    pub kind: SchemeKind,
}

/// How a security scheme carries its credential.
///
/// OAuth 2 and OpenID Connect schemes are described as [`SchemeKind::Bearer`]:
/// the runtime sends an access token the caller obtained elsewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemeKind {
    /// `Authorization: Bearer <token>`; needs a [`Credential::Token`].
    Bearer,
    /// `Authorization: Basic base64(user:password)`; needs a
    /// [`Credential::Basic`].
    Basic,
    /// An API key sent as a header, query parameter or cookie; needs a
    /// [`Credential::Token`].
    ApiKey {
        /// Where the key goes.
        location: ApiKeyLocation,
        /// The header, query parameter or cookie name.
        param: &'static str,
    },
}

impl SchemeKind {
    /// Whether `credential` has the shape this scheme needs.
    pub(crate) fn accepts(&self, credential: &Credential) -> bool {
        matches!(
            (self, credential),
            (Self::Basic, Credential::Basic { .. }) | (Self::Bearer | Self::ApiKey { .. }, Credential::Token(_))
        )
    }

    /// The [`Credential`] variant this scheme needs, for error messages.
    pub(crate) fn expected_credential(&self) -> &'static str {
        match self {
            Self::Basic => "Credential::Basic",
            Self::Bearer | Self::ApiKey { .. } => "Credential::Token",
        }
    }
}

/// Where an API key is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyLocation {
    /// As a request header.
    Header,
    /// As a query parameter.
    Query,
    /// As a cookie.
    Cookie,
}

/// A secret string (token, password, signing key).
///
/// Its `Debug` and `Display` print `Secret(***)`, so a secret cannot leak
/// through logging of any value that contains it; [`Secret::expose`] is the
/// one way to read it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// Returns the secret value.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

/// A credential configured for one security scheme.
#[derive(Clone, PartialEq, Eq)]
pub enum Credential {
    /// A bearer token, API key or signing secret.
    Token(Secret),
    /// A user name and password for HTTP Basic authentication.
    Basic {
        /// The user name.
        username: String,
        /// The password.
        password: Secret,
    },
}

impl Credential {
    /// A bearer token, API key or signing secret.
    pub fn token(token: impl Into<String>) -> Self {
        Self::Token(Secret::new(token))
    }

    /// A user name and password for HTTP Basic authentication.
    pub fn basic(username: impl Into<String>, password: impl Into<String>) -> Self {
        Self::Basic {
            username: username.into(),
            password: Secret::new(password),
        }
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Token(secret) => f.debug_tuple("Token").field(secret).finish(),
            // The user name is redacted too: several APIs put the API key in
            // the user name and leave the password empty.
            Self::Basic { password, .. } => f
                .debug_struct("Basic")
                .field("username", &"***")
                .field("password", password)
                .finish(),
        }
    }
}

/// Credentials configured on a runtime, keyed by security scheme.
#[derive(Clone, Default)]
pub(crate) struct CredentialStore {
    entries: Vec<(&'static SecurityScheme, Credential)>,
}

impl CredentialStore {
    /// Adds or replaces the credential for `scheme`. The caller has checked
    /// that the credential has the shape the scheme needs.
    pub(crate) fn insert(&mut self, scheme: &'static SecurityScheme, credential: Credential) {
        self.entries.retain(|(existing, _)| existing.name != scheme.name);
        self.entries.push((scheme, credential));
    }

    fn get(&self, name: &str) -> Option<&(&'static SecurityScheme, Credential)> {
        self.entries.iter().find(|(scheme, _)| scheme.name == name)
    }

    /// Names of the schemes that have a credential, for `Debug` output.
    pub(crate) fn scheme_names(&self) -> Vec<&'static str> {
        self.entries.iter().map(|(scheme, _)| scheme.name).collect()
    }

    /// Chooses the credentials to send for a security requirement list.
    ///
    /// The first alternative whose schemes all have credentials wins. An empty
    /// alternative marks authentication as optional: it is only used when no
    /// other alternative can be satisfied, so configured credentials are sent
    /// whatever the order of the alternatives in the document.
    pub(crate) fn select(&self, requirements: &[&[&str]]) -> Result<AuthPlan, Vec<String>> {
        if requirements.is_empty() {
            return Ok(AuthPlan::default());
        }
        let satisfied = requirements
            .iter()
            .filter(|alternative| !alternative.is_empty())
            .find(|alternative| alternative.iter().all(|name| self.get(name).is_some()));
        if let Some(alternative) = satisfied {
            return Ok(self.plan(alternative));
        }
        if requirements.iter().any(|alternative| alternative.is_empty()) {
            return Ok(AuthPlan::default());
        }
        let mut schemes: Vec<String> = Vec::new();
        for name in requirements.iter().flat_map(|alternative| alternative.iter()) {
            if !schemes.iter().any(|known| known == name) {
                schemes.push((*name).to_owned());
            }
        }
        Err(schemes)
    }

    fn plan(&self, alternative: &[&str]) -> AuthPlan {
        let mut plan = AuthPlan::default();
        for name in alternative {
            let Some((scheme, credential)) = self.get(name) else {
                continue;
            };
            match (scheme.kind, credential) {
                (SchemeKind::Bearer, Credential::Token(token)) => {
                    plan.headers.push((AUTHORIZATION, format!("Bearer {}", token.expose())));
                }
                (SchemeKind::Basic, Credential::Basic { username, password }) => {
                    let pair = format!("{username}:{}", password.expose());
                    plan.headers.push((
                        AUTHORIZATION,
                        format!("Basic {}", base64_bytes::encode(pair.as_bytes())),
                    ));
                }
                (SchemeKind::ApiKey { location, param }, Credential::Token(token)) => {
                    let value = token.expose().to_owned();
                    match location {
                        ApiKeyLocation::Header => plan.api_key_headers.push((param, value)),
                        ApiKeyLocation::Query => plan.query.push((param, value)),
                        ApiKeyLocation::Cookie => plan.cookies.push((param, value)),
                    }
                }
                // The builder rejects mismatched credentials, so this arm only
                // keeps the match total.
                _ => {}
            }
        }
        plan
    }
}

/// The credentials chosen for one request, ready to be placed on it.
#[derive(Default)]
pub(crate) struct AuthPlan {
    /// `Authorization` headers (Bearer, Basic).
    pub(crate) headers: Vec<(HeaderName, String)>,
    /// API keys sent as headers, by header name as written in the document.
    pub(crate) api_key_headers: Vec<(&'static str, String)>,
    /// API keys sent as query parameters (unencoded).
    pub(crate) query: Vec<(&'static str, String)>,
    /// API keys sent as cookies (unencoded).
    pub(crate) cookies: Vec<(&'static str, String)>,
}

/// Turns a credential into a header value that HTTP/2 will not index and that
/// `HeaderMap`'s `Debug` prints as `Sensitive`.
pub(crate) fn sensitive_header_value(value: &str) -> Option<HeaderValue> {
    let mut header = HeaderValue::from_str(value).ok()?;
    header.set_sensitive(true);
    Some(header)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ApiDescription;

    static SCHEMES: &[SecurityScheme] = &[
        SecurityScheme {
            name: "bearer",
            setter: "bearer",
            kind: SchemeKind::Bearer,
        },
        SecurityScheme {
            name: "basic",
            setter: "basic",
            kind: SchemeKind::Basic,
        },
        SecurityScheme {
            name: "key",
            setter: "key",
            kind: SchemeKind::ApiKey {
                location: ApiKeyLocation::Query,
                param: "api_key",
            },
        },
    ];

    static API: ApiDescription = ApiDescription {
        name: "test",
        server_url: "https://example.com",
        server_variables: &[],
        security_schemes: SCHEMES,
        default_security: &[],
        signing: None,
    };

    fn store(names: &[&str]) -> CredentialStore {
        let mut store = CredentialStore::default();
        for name in names {
            let scheme = API.scheme(name).expect("declared");
            let credential = match scheme.kind {
                SchemeKind::Basic => Credential::basic("Aladdin", "open sesame"),
                _ => Credential::token("t0k"),
            };
            store.insert(scheme, credential);
        }
        store
    }

    #[test]
    fn secret_is_redacted() {
        let secret = Secret::new("hunter2");
        assert_eq!(format!("{secret:?} {secret}"), "Secret(***) Secret(***)");
        let basic = Credential::basic("user-key", "hunter2");
        let debug = format!("{basic:?}");
        assert!(!debug.contains("hunter2") && !debug.contains("user-key"), "{debug}");
    }

    #[test]
    fn basic_header_matches_rfc_7617_example() {
        let plan = store(&["basic"]).select(&[&["basic"]]).expect("satisfied");
        assert_eq!(
            plan.headers,
            vec![(AUTHORIZATION, "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==".to_owned())]
        );
    }

    #[test]
    fn picks_first_satisfiable_alternative() {
        let plan = store(&["key"]).select(&[&["bearer"], &["key"]]).expect("satisfied");
        assert!(plan.headers.is_empty());
        assert_eq!(plan.query, vec![("api_key", "t0k".to_owned())]);
    }

    #[test]
    fn requires_all_schemes_of_an_alternative() {
        let store = store(&["bearer"]);
        let missing = store.select(&[&["bearer", "key"]]).err();
        assert_eq!(missing, Some(vec!["bearer".to_owned(), "key".to_owned()]));
    }

    #[test]
    fn empty_alternative_is_optional_auth() {
        let none = store(&[]).select(&[&[], &["bearer"]]).expect("optional");
        assert!(none.headers.is_empty());
        // A configured credential is still sent even though `{}` comes first.
        let some = store(&["bearer"]).select(&[&[], &["bearer"]]).expect("satisfied");
        assert_eq!(some.headers.len(), 1);
    }

    #[test]
    fn empty_requirement_list_sends_nothing() {
        let plan = store(&["bearer"]).select(&[]).expect("no auth");
        assert!(plan.headers.is_empty());
    }
}
