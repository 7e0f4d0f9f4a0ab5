//! Credentials on the wire per security scheme and per-operation security
//! requirements, and that secrets never show up in Debug or error output.

mod common;

use std::time::Duration;

use common::{closed_port_url, header, only_request, received, server_answering};
use serde_json::json;
use switchboard_fixture_tests::auth_schemes::{self, ClientBuilder};
use switchboard_runtime::{Error, RetryPolicy};
use wiremock::{MockServer, Request, ResponseTemplate};

const TOKEN: &str = "tok-3f9a1c-SECRET";

async fn user_server() -> MockServer {
    server_answering(ResponseTemplate::new(200).set_body_json(json!({"id": 1, "email": "ada@example.com"}))).await
}

fn builder(server: &MockServer) -> ClientBuilder {
    auth_schemes::Client::builder().base_url(server.uri())
}

/// Asserts that `request` carries no credential of any scheme.
fn assert_no_credentials(request: &Request) {
    assert_eq!(header(request, "authorization"), None);
    assert_eq!(header(request, "x-api-key"), None);
    assert_eq!(header(request, "cookie"), None);
    assert_eq!(request.url.query(), None);
}

#[tokio::test]
async fn bearer_token_from_global_security() {
    let server = user_server().await;
    let client = builder(&server).bearer_auth(TOKEN).build().expect("builds");
    let user = client.get_me().await.expect("succeeds");
    assert_eq!(
        user.into_inner(),
        auth_schemes::types::User {
            id: 1,
            email: Some("ada@example.com".into())
        }
    );
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/me");
    assert_eq!(header(&request, "authorization"), Some("Bearer tok-3f9a1c-SECRET"));
    assert_eq!(header(&request, "x-api-key"), None);
}

#[tokio::test]
async fn basic_credentials_when_that_alternative_is_configured() {
    let server = user_server().await;
    let client = builder(&server)
        .basic_auth("Aladdin", "open sesame")
        .build()
        .expect("builds");
    client.get_integration_user().await.expect("succeeds");
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/integrations/me");
    assert_eq!(
        header(&request, "authorization"),
        Some("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")
    );
    assert_eq!(header(&request, "x-api-key"), None);
}

#[tokio::test]
async fn api_key_header_when_that_alternative_is_configured() {
    let server = user_server().await;
    let client = builder(&server)
        .api_key_header(TOKEN)
        // The operation's own security replaces the global bearer.
        .bearer_auth("global-bearer")
        .build()
        .expect("builds");
    client.get_integration_user().await.expect("succeeds");
    let request = only_request(&server).await;
    assert_eq!(header(&request, "x-api-key"), Some(TOKEN));
    assert_eq!(header(&request, "authorization"), None);
}

#[tokio::test]
async fn first_alternative_wins_when_both_are_configured() {
    let server = user_server().await;
    let client = builder(&server)
        .basic_auth("user", "pass")
        .api_key_header(TOKEN)
        .build()
        .expect("builds");
    client.get_integration_user().await.expect("succeeds");
    let request = only_request(&server).await;
    assert_eq!(header(&request, "x-api-key"), Some(TOKEN));
    assert_eq!(header(&request, "authorization"), None);
}

#[tokio::test]
async fn api_key_in_query_and_header_together_for_and_requirement() {
    let server = user_server().await;
    let client = builder(&server)
        .api_key_header("header-key")
        .api_key_query("query key&=")
        .build()
        .expect("builds");
    client.get_platform_user().await.expect("succeeds");
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/platform/me");
    assert_eq!(header(&request, "x-api-key"), Some("header-key"));
    assert_eq!(request.url.query(), Some("api_key=query%20key%26%3D"));
    assert_eq!(header(&request, "authorization"), None);
}

#[tokio::test]
async fn and_requirement_with_one_credential_missing_fails_before_sending() {
    let server = user_server().await;
    let client = builder(&server).api_key_header("header-key").build().expect("builds");
    let error = client.get_platform_user().await.expect_err("incomplete");
    match &error {
        Error::MissingCredentials {
            operation,
            schemes,
            setters,
        } => {
            assert_eq!(*operation, "getPlatformUser");
            assert_eq!(schemes, &["apiKeyHeader", "apiKeyQuery"]);
            // The error names the generated setters to call, not only the schemes.
            assert_eq!(setters, &["api_key_header", "api_key_query"]);
        }
        other => panic!("expected MissingCredentials, got {other:?}"),
    }
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn api_key_cookie() {
    let server = user_server().await;
    let client = builder(&server).api_key_cookie(TOKEN).build().expect("builds");
    client.get_widget_user().await.expect("succeeds");
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/widget/me");
    assert_eq!(header(&request, "cookie"), Some("sid=tok-3f9a1c-SECRET"));
    assert_eq!(header(&request, "authorization"), None);
}

#[tokio::test]
async fn empty_security_sends_no_credentials_even_when_configured() {
    let server = user_server().await;
    let client = builder(&server)
        .bearer_auth(TOKEN)
        .basic_auth("user", "pass")
        .api_key_header(TOKEN)
        .api_key_query(TOKEN)
        .api_key_cookie(TOKEN)
        .build()
        .expect("builds");
    client.get_public_status().await.expect("succeeds");
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/public/status");
    assert_no_credentials(&request);
}

#[tokio::test]
async fn empty_security_needs_no_credentials() {
    let server = user_server().await;
    let client = builder(&server).build().expect("builds");
    client.get_public_status().await.expect("succeeds");
    assert_no_credentials(&only_request(&server).await);
}

#[tokio::test]
async fn oauth2_and_openid_send_their_own_bearer_tokens() {
    let server = user_server().await;
    let client = builder(&server)
        .bearer_auth("global")
        .oauth2("oauth-token")
        .open_id("oidc-token")
        .build()
        .expect("builds");
    client.get_reports().await.expect("succeeds");
    client.get_sso_user().await.expect("succeeds");
    client.get_me().await.expect("succeeds");
    let seen: Vec<(String, Option<String>)> = received(&server)
        .await
        .iter()
        .map(|request| {
            (
                request.url.path().to_owned(),
                header(request, "authorization").map(str::to_owned),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("/reports".to_owned(), Some("Bearer oauth-token".to_owned())),
            ("/sso/me".to_owned(), Some("Bearer oidc-token".to_owned())),
            ("/me".to_owned(), Some("Bearer global".to_owned())),
        ]
    );
}

#[tokio::test]
async fn missing_bearer_is_missing_credentials_and_nothing_is_sent() {
    let server = user_server().await;
    let client = builder(&server).api_key_header("some key").build().expect("builds");
    let error = client.get_me().await.expect_err("no bearer");
    match &error {
        Error::MissingCredentials {
            operation,
            schemes,
            setters,
        } => {
            assert_eq!(*operation, "getMe");
            assert_eq!(schemes, &["bearerAuth"]);
            assert_eq!(setters, &["bearer_auth"]);
        }
        other => panic!("expected MissingCredentials, got {other:?}"),
    }
    assert!(
        error.to_string().ends_with("set them with ClientBuilder::bearer_auth"),
        "{error}"
    );
    // The global bearer does not stand in for the oauth2 scheme.
    let client = builder(&server).bearer_auth(TOKEN).build().expect("builds");
    let error = client.get_reports().await.expect_err("no oauth2 token");
    assert!(
        matches!(&error, Error::MissingCredentials { schemes, .. } if schemes == &["oauth2"]),
        "{error:?}"
    );
    assert!(received(&server).await.is_empty());
}

fn assert_secret_free(what: &str, text: &str) {
    for secret in [TOKEN, "p4ssw0rd-SECRET", "cookie-SECRET", "query-SECRET"] {
        assert!(!text.contains(secret), "{what} leaks {secret}: {text}");
    }
}

fn loaded(builder: ClientBuilder) -> ClientBuilder {
    builder
        .bearer_auth(TOKEN)
        .basic_auth("user", "p4ssw0rd-SECRET")
        .api_key_header(TOKEN)
        .api_key_query("query-SECRET")
        .api_key_cookie("cookie-SECRET")
        .oauth2(TOKEN)
        .open_id(TOKEN)
}

#[tokio::test]
async fn secrets_are_absent_from_client_and_builder_debug() {
    let server = user_server().await;
    let builder = loaded(builder(&server));
    assert_secret_free("builder Debug", &format!("{builder:?}"));
    let client = builder.build().expect("builds");
    let debug = format!("{client:?}");
    assert_secret_free("client Debug", &debug);
    assert_secret_free("client Debug (pretty)", &format!("{client:#?}"));
    assert!(debug.contains("bearerAuth"), "scheme names are shown: {debug}");
}

#[tokio::test]
async fn secrets_are_absent_from_api_and_decode_errors() {
    let server = MockServer::start().await;
    common::mount(&server, ResponseTemplate::new(401).set_body_string("denied"), Some(1)).await;
    common::mount(&server, ResponseTemplate::new(200).set_body_string("not json"), None).await;
    let client = loaded(builder(&server)).build().expect("builds");
    let api = client.get_me().await.expect_err("401");
    assert!(matches!(api, Error::Api(_)), "{api:?}");
    let decode = client.get_platform_user().await.expect_err("not JSON");
    assert!(matches!(decode, Error::Decode(_)), "{decode:?}");
    for error in [&api, &decode] {
        assert_secret_free("error Debug", &format!("{error:?}"));
        assert_secret_free("error Display", &error.to_string());
    }
}

#[tokio::test]
async fn secrets_are_absent_from_transport_and_timeout_errors() {
    // Connection refused, with the query key in the URL.
    let client = loaded(auth_schemes::Client::builder().base_url(closed_port_url()))
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("builds");
    let error = client.get_platform_user().await.expect_err("refused");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_secret_free("transport Debug", &format!("{error:?}"));
    assert_secret_free("transport Display", &error.to_string());
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        assert_secret_free("transport cause", &format!("{cause} / {cause:?}"));
        source = cause.source();
    }

    // Timeout.
    let server = server_answering(
        ResponseTemplate::new(200)
            .set_body_json(json!({"id": 1}))
            .set_delay(Duration::from_millis(500)),
    )
    .await;
    let client = loaded(builder(&server))
        .timeout(Duration::from_millis(50))
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("builds");
    let error = client.get_platform_user().await.expect_err("times out");
    assert!(error.is_timeout(), "{error:?}");
    assert_secret_free("timeout Debug", &format!("{error:?}"));
    assert_secret_free("timeout Display", &error.to_string());
}
