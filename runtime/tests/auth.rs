//! Credentials on the wire, requirement selection, and secrecy of credentials
//! in `Debug` and error messages.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{API, TOKEN, builder, header, only_request, received};
use reqwest::Method;
use reqwest::header::{HeaderName, HeaderValue};
use switchboard_runtime::{
    ApiDescription, ClientBuilder, Credential, Error, Hook, Outcome, RequestContext, RequestSigner, RetryPolicy,
    SigningError, SigningRequest,
};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

static DEFAULT_BEARER: ApiDescription = ApiDescription {
    default_security: &[&["bearerAuth"]],
    ..API
};

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    server
}

/// Sends one GET with the given credentials and security requirements.
async fn send(credentials: &[(&str, Credential)], security: Option<&'static [&'static [&'static str]]>) -> Request {
    let server = server().await;
    let mut builder = builder(&server);
    for (scheme, credential) in credentials {
        builder = builder.credential(scheme, credential.clone());
    }
    let runtime = builder.build().expect("builds");
    let mut request = runtime.request(Method::GET, "/me", "getMe");
    request.query("page", &1);
    if let Some(security) = security {
        request.security(security);
    }
    runtime.execute::<()>(request).await.expect("sent");
    only_request(&server).await
}

#[tokio::test]
async fn bearer_token() {
    let request = send(&[("bearerAuth", Credential::token(TOKEN))], Some(&[&["bearerAuth"]])).await;
    assert_eq!(
        header(&request, "authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
}

#[tokio::test]
async fn basic_credentials() {
    let request = send(
        &[("basicAuth", Credential::basic("Aladdin", "open sesame"))],
        Some(&[&["basicAuth"]]),
    )
    .await;
    assert_eq!(
        header(&request, "authorization"),
        Some("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")
    );
}

#[tokio::test]
async fn api_key_in_header_query_and_cookie() {
    let credentials = [
        ("headerKey", Credential::token("h-key")),
        ("queryKey", Credential::token("q key&")),
        ("cookieKey", Credential::token("c-key")),
    ];
    let request = send(&credentials, Some(&[&["headerKey", "queryKey", "cookieKey"]])).await;
    assert_eq!(header(&request, "api_access_token"), Some("h-key"));
    assert_eq!(request.url.query(), Some("page=1&api_key=q%20key%26"));
    assert_eq!(header(&request, "cookie"), Some("session_key=c-key"));
    assert!(!request.headers.contains_key("authorization"));
}

#[tokio::test]
async fn first_satisfiable_alternative_wins() {
    let request = send(
        &[("headerKey", Credential::token("h-key"))],
        Some(&[&["bearerAuth"], &["headerKey"]]),
    )
    .await;
    assert_eq!(header(&request, "api_access_token"), Some("h-key"));
    assert!(!request.headers.contains_key("authorization"));

    let both = [
        ("headerKey", Credential::token("h-key")),
        ("bearerAuth", Credential::token(TOKEN)),
    ];
    let request = send(&both, Some(&[&["bearerAuth"], &["headerKey"]])).await;
    assert!(request.headers.contains_key("authorization"));
    assert!(!request.headers.contains_key("api_access_token"));
}

#[tokio::test]
async fn empty_security_sends_no_credentials() {
    let request = send(&[("bearerAuth", Credential::token(TOKEN))], Some(&[])).await;
    assert!(!request.headers.contains_key("authorization"));
}

#[tokio::test]
async fn optional_security_sends_without_credentials() {
    let request = send(&[], Some(&[&["bearerAuth"], &[]])).await;
    assert!(!request.headers.contains_key("authorization"));
}

#[tokio::test]
async fn default_security_applies_without_per_operation_security() {
    let server = server().await;
    let runtime = ClientBuilder::new(&DEFAULT_BEARER)
        .base_url(server.uri())
        .credential("bearerAuth", Credential::token(TOKEN))
        .build()
        .expect("builds");
    runtime
        .execute::<()>(runtime.request(Method::GET, "/me", "getMe"))
        .await
        .expect("sent");
    let request = only_request(&server).await;
    assert_eq!(
        header(&request, "authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
}

#[tokio::test]
async fn missing_credentials_fail_before_sending() {
    let server = server().await;
    let runtime = builder(&server)
        .credential("basicAuth", Credential::basic("u", TOKEN))
        .build()
        .expect("builds");
    let mut request = runtime.request(Method::GET, "/me", "getMe");
    request.security(&[&["bearerAuth"], &["headerKey", "basicAuth"]]);
    let error = runtime.execute::<()>(request).await.expect_err("missing");
    match &error {
        Error::MissingCredentials {
            operation,
            schemes,
            setters,
        } => {
            assert_eq!(*operation, "getMe");
            assert_eq!(schemes, &["bearerAuth", "headerKey", "basicAuth"]);
            assert_eq!(setters, &["bearer_auth", "header_key", "basic_auth"]);
        }
        other => panic!("unexpected {other:?}"),
    }
    let message = error.to_string();
    assert!(message.contains("getMe") && message.contains("bearerAuth"), "{message}");
    // Regression (missing_credentials_name_the_setter): the message said
    // which scheme, not which builder method to call.
    assert!(
        message.ends_with(
            "set them with ClientBuilder::bearer_auth / ClientBuilder::header_key / ClientBuilder::basic_auth"
        ),
        "{message}"
    );
    assert!(!message.contains(TOKEN) && !format!("{error:?}").contains(TOKEN));
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn secrets_are_absent_from_debug_output() {
    let server = server().await;
    let builder = builder(&server)
        .credential("bearerAuth", Credential::token(TOKEN))
        .credential("basicAuth", Credential::basic(TOKEN, TOKEN))
        .default_header("X-Secret-Header", TOKEN);
    let builder_debug = format!("{builder:?}");
    assert!(!builder_debug.contains(TOKEN), "{builder_debug}");
    let runtime = builder.build().expect("builds");
    let runtime_debug = format!("{runtime:?}");
    assert!(!runtime_debug.contains(TOKEN), "{runtime_debug}");
    assert!(runtime_debug.contains("bearerAuth"), "{runtime_debug}");

    let mut request = runtime.request(Method::GET, "/me", "getMe");
    request.header("X-Api-Key", &TOKEN);
    request.query("token", &TOKEN);
    request.cookie("sid", &TOKEN);
    let request_debug = format!("{request:?}");
    assert!(!request_debug.contains(TOKEN), "{request_debug}");
}

#[derive(Clone, Default)]
struct RecordTransport(Arc<Mutex<Vec<String>>>);

impl Hook for RecordTransport {
    fn after_receive(&self, _ctx: &RequestContext, outcome: &Outcome<'_>) {
        if let Outcome::Transport { error, .. } = outcome {
            let mut seen = self.0.lock().expect("lock");
            seen.push(format!("{error:?}"));
            seen.push(error.to_string());
        }
    }
}

#[tokio::test]
async fn transport_errors_do_not_leak_query_credentials() {
    // A port nothing listens on: bind, note the port, close.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("address").port()
    };
    let hook = RecordTransport::default();
    let runtime = ClientBuilder::new(&API)
        .base_url(format!("http://127.0.0.1:{port}"))
        .credential("queryKey", Credential::token(TOKEN))
        .retry_policy(RetryPolicy::none())
        .hook(hook.clone())
        .build()
        .expect("builds");
    let mut request = runtime.request(Method::GET, "/me", "getMe");
    request.security(&[&["queryKey"]]);
    let error = runtime.execute::<()>(request).await.expect_err("refused");
    let Error::Transport(transport) = &error else {
        panic!("unexpected {error:?}");
    };
    assert!(transport.inner().is_connect());
    let url = transport.inner().url().expect("url kept");
    assert_eq!(url.query(), Some("api_key=***"));

    let mut printed = vec![format!("{error:?}"), error.to_string()];
    let mut source = std::error::Error::source(&error);
    while let Some(inner) = source {
        printed.push(inner.to_string());
        printed.push(format!("{inner:?}"));
        source = inner.source();
    }
    printed.extend(hook.0.lock().expect("lock").iter().cloned());
    assert!(printed.len() > 4);
    for text in printed {
        assert!(!text.contains(TOKEN), "{text}");
    }
    assert!(error.to_string().contains("getMe"), "{error}");
}

#[tokio::test]
async fn timeout_errors_do_not_leak_credentials() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_millis(500)))
        .mount(&server)
        .await;
    let runtime = builder(&server)
        .credential("queryKey", Credential::token(TOKEN))
        .credential("bearerAuth", Credential::token(TOKEN))
        .timeout(Duration::from_millis(50))
        .build()
        .expect("builds");
    let mut request = runtime.request(Method::GET, "/me", "getMe");
    request.security(&[&["queryKey", "bearerAuth"]]);
    let error = runtime.execute::<()>(request).await.expect_err("timeout");
    assert!(error.is_timeout(), "{error:?}");
    let text = format!("{error:?} {error}");
    assert!(!text.contains(TOKEN), "{text}");
}

struct FailingSigner;

impl RequestSigner for FailingSigner {
    fn sign(&self, request: &SigningRequest<'_>) -> Result<Vec<(HeaderName, HeaderValue)>, SigningError> {
        // The signer sees the credentials, but its error must not carry them.
        assert!(request.headers.contains_key("authorization"));
        Err(SigningError::new("clock unavailable"))
    }
}

#[tokio::test]
async fn signing_errors_do_not_leak_credentials() {
    let server = server().await;
    let runtime = builder(&server)
        .credential("bearerAuth", Credential::token(TOKEN))
        .signer(FailingSigner)
        .build()
        .expect("builds");
    let mut request = runtime.request(Method::POST, "/me", "updateMe");
    request.security(&[&["bearerAuth"]]);
    let error = runtime.execute::<()>(request).await.expect_err("signing fails");
    assert!(
        matches!(
            error,
            Error::Signing {
                operation: "updateMe",
                ..
            }
        ),
        "{error:?}"
    );
    let text = format!("{error:?} {error}");
    assert!(text.contains("clock unavailable") && !text.contains(TOKEN), "{text}");
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn default_client_follows_only_same_origin_redirects() {
    let other = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&other)
        .await;
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::path("/old"))
        .respond_with(ResponseTemplate::new(302).insert_header("Location", "/new"))
        .mount(&server)
        .await;
    Mock::given(wiremock::matchers::path("/away"))
        .respond_with(ResponseTemplate::new(302).insert_header("Location", format!("{}/steal", other.uri())))
        .mount(&server)
        .await;
    Mock::given(wiremock::matchers::path("/new"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let runtime = builder(&server)
        .credential("headerKey", Credential::token(TOKEN))
        .build()
        .expect("builds");

    let mut request = runtime.request(Method::GET, "/old", "getOld");
    request.security(&[&["headerKey"]]);
    let response = runtime.execute::<()>(request).await.expect("sent");
    assert_eq!(response.status(), 200);

    // A redirect to another origin is handed back instead of carrying the
    // API key header there.
    let mut request = runtime.request(Method::GET, "/away", "getAway");
    request.security(&[&["headerKey"]]);
    let response = runtime.execute::<()>(request).await.expect("sent");
    assert_eq!(response.status(), 302);
    assert!(received(&other).await.is_empty());
}
