//! Retries, `Retry-After` and timeouts.

mod common;

use std::time::{Duration, Instant};

use common::{builder, fast_retries, received};
use reqwest::Method;
use switchboard_runtime::{Error, RetryPolicy};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn mount(server: &MockServer, template: ResponseTemplate, times: Option<u64>) {
    let mock = Mock::given(any()).respond_with(template);
    match times {
        Some(times) => mock.up_to_n_times(times).mount(server).await,
        None => mock.mount(server).await,
    }
}

#[tokio::test]
async fn too_many_requests_honours_retry_after_then_succeeds() {
    let server = MockServer::start().await;
    mount(
        &server,
        ResponseTemplate::new(429).insert_header("Retry-After", "0"),
        Some(2),
    )
    .await;
    mount(&server, ResponseTemplate::new(200).set_body_string("ok"), None).await;
    let runtime = builder(&server).retry_policy(fast_retries(3)).build().expect("builds");
    let response = runtime
        .execute::<()>(runtime.request(Method::GET, "/x", "x"))
        .await
        .expect("sent");
    assert_eq!(response.status(), 200);
    assert_eq!(received(&server).await.len(), 3);
}

#[tokio::test]
async fn retry_after_replaces_backoff_and_is_capped() {
    let server = MockServer::start().await;
    mount(
        &server,
        ResponseTemplate::new(503).insert_header("Retry-After", "3600"),
        Some(1),
    )
    .await;
    mount(&server, ResponseTemplate::new(204), None).await;
    let policy = RetryPolicy {
        // The computed backoff would be far longer than the capped
        // Retry-After, so a quick retry proves the header replaced it.
        initial_backoff: Duration::from_secs(30),
        max_retry_after: Duration::from_millis(20),
        ..fast_retries(2)
    };
    let runtime = builder(&server).retry_policy(policy).build().expect("builds");
    let started = Instant::now();
    let response = runtime
        .execute::<()>(runtime.request(Method::GET, "/x", "x"))
        .await
        .expect("sent");
    assert_eq!(response.status(), 204);
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(20), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
}

#[tokio::test]
async fn server_errors_surface_after_the_last_attempt() {
    let server = MockServer::start().await;
    mount(&server, ResponseTemplate::new(503).set_body_string("maintenance"), None).await;
    let runtime = builder(&server).retry_policy(fast_retries(4)).build().expect("builds");
    let response = runtime
        .execute::<()>(runtime.request(Method::DELETE, "/x", "deleteX"))
        .await
        .expect("a response");
    assert_eq!(received(&server).await.len(), 4);
    let error: Error<()> = response.unexpected();
    assert_eq!(error.status().map(|status| status.as_u16()), Some(503));
    assert_eq!(error.raw_body().map(|body| &body[..]), Some(&b"maintenance"[..]));
    let Error::Api(api) = &error else {
        panic!("unexpected {error:?}");
    };
    assert_eq!(api.body(), "maintenance");
    assert_eq!(
        error.to_string(),
        "operation `deleteX` failed with status 503 Service Unavailable"
    );
}

#[tokio::test]
async fn post_is_not_retried_by_default() {
    let server = MockServer::start().await;
    mount(&server, ResponseTemplate::new(503), None).await;
    let runtime = builder(&server).retry_policy(fast_retries(3)).build().expect("builds");
    let response = runtime
        .execute::<()>(runtime.request(Method::POST, "/x", "createX"))
        .await
        .expect("a response");
    assert_eq!(response.status(), 503);
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn post_is_retried_when_allowed() {
    let server = MockServer::start().await;
    mount(&server, ResponseTemplate::new(502), None).await;
    let policy = RetryPolicy {
        retry_non_idempotent: true,
        ..fast_retries(2)
    };
    let runtime = builder(&server).retry_policy(policy).build().expect("builds");
    let mut request = runtime.request(Method::POST, "/x", "createX");
    request.json(&serde_json::json!({"a": 1}));
    runtime.execute::<()>(request).await.expect("a response");
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    // The buffered body is resent identically.
    assert_eq!(requests[0].body, requests[1].body);
    assert_eq!(requests[1].body, br#"{"a":1}"#);
}

#[tokio::test]
async fn no_retry_policy_and_non_retryable_statuses() {
    let server = MockServer::start().await;
    mount(&server, ResponseTemplate::new(500), None).await;
    let runtime = builder(&server).retry_policy(fast_retries(3)).build().expect("builds");
    let once = runtime.with_retry_policy(RetryPolicy::none());
    once.execute::<()>(once.request(Method::GET, "/x", "x"))
        .await
        .expect("a response");
    assert_eq!(received(&server).await.len(), 1);

    let server = MockServer::start().await;
    mount(&server, ResponseTemplate::new(501), None).await;
    let runtime = builder(&server).retry_policy(fast_retries(3)).build().expect("builds");
    runtime
        .execute::<()>(runtime.request(Method::GET, "/x", "x"))
        .await
        .expect("a response");
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn timeout_is_reported_as_timeout_after_retries() {
    let server = MockServer::start().await;
    mount(
        &server,
        ResponseTemplate::new(200).set_delay(Duration::from_millis(400)),
        None,
    )
    .await;
    let runtime = builder(&server)
        .timeout(Duration::from_millis(50))
        .retry_policy(fast_retries(2))
        .build()
        .expect("builds");
    let error = runtime
        .execute::<()>(runtime.request(Method::GET, "/slow", "getSlow"))
        .await
        .expect_err("times out");
    let Error::Timeout(timeout) = &error else {
        panic!("unexpected {error:?}");
    };
    assert!(timeout.inner().is_timeout());
    assert!(std::error::Error::source(&error).is_some());
    assert_eq!(error.to_string(), "operation `getSlow` timed out");
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn timeout_applies_to_an_injected_client() {
    let server = MockServer::start().await;
    mount(
        &server,
        ResponseTemplate::new(200).set_delay(Duration::from_millis(400)),
        None,
    )
    .await;
    let runtime = builder(&server)
        .http_client(reqwest::Client::new())
        .timeout(Duration::from_millis(50))
        .build()
        .expect("builds");
    let error = runtime
        .execute::<()>(runtime.request(Method::GET, "/slow", "getSlow"))
        .await
        .expect_err("times out");
    assert!(error.is_timeout(), "{error:?}");
}
