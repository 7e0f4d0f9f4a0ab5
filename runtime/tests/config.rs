//! Builder configuration: base URLs, server variables and build errors.

mod common;

use common::{API, TOKEN, builder, received};
use reqwest::Method;
use switchboard_runtime::{ApiDescription, BuildError, ClientBuilder, Credential, RetryPolicy};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

static RELATIVE: ApiDescription = ApiDescription {
    name: "relative",
    server_url: "/api",
    server_variables: &[],
    security_schemes: &[],
    default_security: &[],
    signing: None,
};

static EMPTY: ApiDescription = ApiDescription {
    server_url: "",
    ..RELATIVE
};

static UNDECLARED_VARIABLE: ApiDescription = ApiDescription {
    server_url: "https://{tenant}.example.com",
    ..RELATIVE
};

async fn path_for(base: String, operation_path: &str) -> String {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let runtime = ClientBuilder::new(&API)
        .base_url(base.replace("{server}", &server.uri()))
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("builds");
    runtime
        .execute::<()>(runtime.request(Method::GET, operation_path, "op"))
        .await
        .expect("sent");
    let requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    requests[0].url.path().to_owned()
}

#[tokio::test]
async fn base_url_joining_never_doubles_slashes() {
    assert_eq!(path_for("{server}/".into(), "/api/v1/x").await, "/api/v1/x");
    assert_eq!(path_for("{server}".into(), "/api/v1/x").await, "/api/v1/x");
    assert_eq!(path_for("{server}/v1".into(), "/contacts").await, "/v1/contacts");
    assert_eq!(path_for("{server}/v1/".into(), "/contacts").await, "/v1/contacts");
    assert_eq!(path_for("{server}/v1/".into(), "contacts").await, "/v1/contacts");
}

#[test]
fn server_variables_fill_the_template() {
    let defaults = ClientBuilder::new(&API).build().expect("builds");
    assert_eq!(defaults.base_url().as_str(), "https://eu.example.com/v1/");
    let overridden = ClientBuilder::new(&API)
        .server_variable("region", "us")
        .server_variable("version", "v2")
        .build()
        .expect("builds");
    assert_eq!(overridden.base_url().as_str(), "https://us.example.com/v2/");
}

#[test]
fn unknown_server_variable_is_an_error() {
    let error = ClientBuilder::new(&API)
        .server_variable("zone", "x")
        .build()
        .expect_err("unknown variable");
    assert!(matches!(&error, BuildError::UnknownServerVariable { name } if name == "zone"));
    assert!(error.to_string().contains("zone"), "{error}");
}

#[test]
fn template_variable_without_value_is_an_error() {
    let error = ClientBuilder::new(&UNDECLARED_VARIABLE).build().expect_err("no value");
    assert!(matches!(&error, BuildError::MissingServerVariable { name } if name == "tenant"));
    let runtime = ClientBuilder::new(&UNDECLARED_VARIABLE)
        .server_variable("tenant", "acme")
        .build()
        .expect("builds");
    assert_eq!(runtime.base_url().as_str(), "https://acme.example.com/");
}

#[test]
fn relative_server_url_needs_base_url() {
    for api in [&RELATIVE, &EMPTY] {
        let error = ClientBuilder::new(api).build().expect_err("relative");
        assert!(matches!(error, BuildError::RelativeServerUrl { .. }), "{error:?}");
        assert!(error.to_string().contains("base_url"), "{error}");
        let runtime = ClientBuilder::new(api)
            .base_url("https://h.example/api")
            .build()
            .expect("builds");
        assert_eq!(runtime.base_url().as_str(), "https://h.example/api");
    }
}

#[test]
fn invalid_base_urls() {
    for url in ["not a url", "ftp://h.example/", "https://h.example/?q=1", "/relative"] {
        let error = ClientBuilder::new(&API).base_url(url).build().expect_err(url);
        assert!(matches!(error, BuildError::InvalidUrl { .. }), "{url}: {error:?}");
        assert!(error.to_string().contains(url), "{error}");
    }
}

#[test]
fn invalid_default_header_does_not_print_its_value() {
    let value = format!("{TOKEN}\n");
    let error = ClientBuilder::new(&API)
        .default_header("X-Key", value)
        .build()
        .expect_err("invalid value");
    assert!(matches!(&error, BuildError::InvalidHeader { name } if name == "X-Key"));
    assert!(!error.to_string().contains(TOKEN) && !format!("{error:?}").contains(TOKEN));
    let error = ClientBuilder::new(&API)
        .default_header("bad name", "v")
        .build()
        .expect_err("invalid name");
    assert!(error.to_string().contains("bad name"), "{error}");
}

#[test]
fn unknown_scheme_and_mismatched_credentials() {
    let error = ClientBuilder::new(&API)
        .credential("oauth", Credential::token(TOKEN))
        .build()
        .expect_err("unknown scheme");
    let message = error.to_string();
    assert!(message.contains("oauth") && message.contains("bearerAuth"), "{message}");
    assert!(!message.contains(TOKEN));

    let error = ClientBuilder::new(&API)
        .credential("basicAuth", Credential::token(TOKEN))
        .build()
        .expect_err("mismatch");
    assert!(
        matches!(
            error,
            BuildError::CredentialMismatch {
                expected: "Credential::Basic",
                ..
            }
        ),
        "{error:?}"
    );
    assert!(!error.to_string().contains(TOKEN));
}

#[test]
fn runtime_is_cheap_to_clone_and_send() {
    fn assert_send_sync<T: Send + Sync + Clone + 'static>() {}
    assert_send_sync::<switchboard_runtime::Runtime>();

    let runtime = ClientBuilder::new(&API).build().expect("builds");
    let with_policy = runtime.with_retry_policy(RetryPolicy::none());
    assert_eq!(with_policy.retry_policy().max_attempts, 1);
    assert_eq!(runtime.retry_policy().max_attempts, 3);
    assert_eq!(with_policy.base_url(), runtime.base_url());
}

#[tokio::test]
async fn execute_future_is_send() {
    fn assert_send<T: Send>(_: &T) {}
    let server = MockServer::start().await;
    let runtime = builder(&server).build().expect("builds");
    let future = runtime.execute::<()>(runtime.request(Method::GET, "/x", "x"));
    assert_send(&future);
}
