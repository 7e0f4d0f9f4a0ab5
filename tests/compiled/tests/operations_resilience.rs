//! Retries, `Retry-After`, timeouts, transport failures and hooks, through
//! generated operations.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{closed_port_url, fast_retries, header, mount, received, server_answering};
use serde_json::json;
use switchboard_fixture_tests::{path_params, responses_errors, responses_success};
use switchboard_runtime::reqwest;
use switchboard_runtime::reqwest::header::HeaderValue;
use switchboard_runtime::{Error, Hook, Outcome, RequestContext, RetryPolicy};
use wiremock::{MockServer, ResponseTemplate};

fn contact_ok() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"id": 5, "name": "Ada"}))
}

fn path_client(server: &MockServer, policy: RetryPolicy) -> path_params::Client {
    path_params::Client::builder()
        .base_url(server.uri())
        .retry_policy(policy)
        .build()
        .expect("builds")
}

/// Fails the test if `future` takes longer than two seconds: a retry that
/// ignored `Retry-After` (or its cap) would wait far longer.
async fn quickly<F: std::future::Future>(future: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(2), future)
        .await
        .expect("finished without a long wait")
}

#[tokio::test]
async fn too_many_requests_with_retry_after_zero_then_success() {
    let server = MockServer::start().await;
    mount(
        &server,
        ResponseTemplate::new(429)
            .insert_header("Retry-After", "0")
            .set_body_string("slow down"),
        Some(1),
    )
    .await;
    mount(&server, contact_ok(), None).await;
    // The computed backoff would be 10 s: only `Retry-After: 0` makes the
    // retry immediate.
    let client = path_client(
        &server,
        RetryPolicy {
            initial_backoff: Duration::from_secs(10),
            max_backoff: Duration::from_secs(10),
            jitter: false,
            ..RetryPolicy::default()
        },
    );
    let contact = quickly(client.get_conversation(5)).await.expect("succeeds");
    assert_eq!(contact.status(), 200);
    assert_eq!(contact.id, 5);
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_eq!(request.method.as_str(), "GET");
        assert_eq!(request.url.path(), "/conversations/5");
    }
}

#[tokio::test]
async fn retry_after_is_capped_by_the_policy() {
    let server = MockServer::start().await;
    mount(
        &server,
        ResponseTemplate::new(503).insert_header("Retry-After", "3600"),
        Some(1),
    )
    .await;
    mount(&server, contact_ok(), None).await;
    let client = path_client(&server, fast_retries(3));
    quickly(client.get_conversation(5)).await.expect("succeeds");
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn retry_after_http_date_in_the_past_retries_at_once() {
    let server = MockServer::start().await;
    mount(
        &server,
        ResponseTemplate::new(429).insert_header("Retry-After", "Sun, 06 Nov 1994 08:49:37 GMT"),
        Some(1),
    )
    .await;
    mount(&server, contact_ok(), None).await;
    let client = path_client(
        &server,
        RetryPolicy {
            initial_backoff: Duration::from_secs(10),
            max_backoff: Duration::from_secs(10),
            jitter: false,
            ..RetryPolicy::default()
        },
    );
    quickly(client.get_conversation(5)).await.expect("succeeds");
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn persistent_503_gives_the_last_response_after_all_attempts() {
    use responses_success::types::Error as ErrorBody;
    let server = MockServer::start().await;
    for attempt in 1..=3 {
        mount(
            &server,
            ResponseTemplate::new(503).set_body_json(json!({"message": format!("attempt {attempt}")})),
            Some(1),
        )
        .await;
    }
    let client = responses_success::Client::builder()
        .base_url(server.uri())
        .retry_policy(fast_retries(3))
        .build()
        .expect("builds");
    let error = quickly(client.list_notes(1)).await.expect_err("503");
    let Error::Api(api) = &error else {
        panic!("expected an API error, got {error:?}");
    };
    assert_eq!(api.status(), 503);
    assert_eq!(api.body().as_ref(), br#"{"message":"attempt 3"}"#);
    assert_eq!(
        api.typed(),
        Some(&ErrorBody {
            message: "attempt 3".into()
        })
    );
    assert_eq!(received(&server).await.len(), 3);
}

#[tokio::test]
async fn default_policy_retries_503_three_times() {
    let server = server_answering(ResponseTemplate::new(503).set_body_string("down")).await;
    let client = path_params::Client::builder()
        .base_url(server.uri())
        .build()
        .expect("builds");
    let error = quickly(client.get_conversation(1)).await.expect_err("503");
    assert_eq!(error.status().map(|status| status.as_u16()), Some(503));
    assert_eq!(error.raw_body().map(|body| body.as_ref()), Some(&b"down"[..]));
    assert_eq!(received(&server).await.len(), 3);
}

#[tokio::test]
async fn post_is_not_retried_by_default() {
    let server = server_answering(ResponseTemplate::new(503).set_body_json(json!({"message": "busy"}))).await;
    let client = responses_errors::Client::builder()
        .base_url(server.uri())
        .retry_policy(fast_retries(3))
        .build()
        .expect("builds");
    let error = client.merge_contact(3).await.expect_err("503");
    assert_eq!(error.status().map(|status| status.as_u16()), Some(503));
    let requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].method.as_str(), "POST");
}

#[tokio::test]
async fn post_is_retried_when_the_policy_allows_it() {
    let server = MockServer::start().await;
    mount(&server, ResponseTemplate::new(502), Some(1)).await;
    mount(&server, contact_ok(), None).await;
    let client = responses_errors::Client::builder()
        .base_url(server.uri())
        .retry_policy(RetryPolicy {
            retry_non_idempotent: true,
            ..fast_retries(3)
        })
        .build()
        .expect("builds");
    let contact = client.merge_contact(3).await.expect("succeeds");
    assert_eq!(contact.id, 5);
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn retried_put_resends_the_same_body() {
    use responses_success::types::{Contact, UpsertContactResponse};
    let server = MockServer::start().await;
    mount(&server, ResponseTemplate::new(500), Some(1)).await;
    mount(&server, contact_ok(), None).await;
    let client = responses_success::Client::builder()
        .base_url(server.uri())
        .retry_policy(fast_retries(3))
        .build()
        .expect("builds");
    let body = Contact {
        id: 5,
        name: Some("Ada".into()),
    };
    let upserted = client.upsert_contact(&body).await.expect("succeeds");
    assert_eq!(upserted.into_inner(), UpsertContactResponse::Ok(body));
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_eq!(request.method.as_str(), "PUT");
        assert_eq!(header(request, "content-type"), Some("application/json"));
        assert_eq!(request.body, br#"{"id":5,"name":"Ada"}"#);
    }
}

#[tokio::test]
async fn retried_multipart_resends_identical_bytes_and_boundary() {
    use switchboard_fixture_tests::body_multipart;
    let server = MockServer::start().await;
    mount(&server, ResponseTemplate::new(503), Some(1)).await;
    mount(
        &server,
        ResponseTemplate::new(200).set_body_json(json!({"id": 1, "avatarUrl": "u"})),
        None,
    )
    .await;
    let client = body_multipart::Client::builder()
        .base_url(server.uri())
        .retry_policy(RetryPolicy {
            retry_non_idempotent: true,
            ..fast_retries(3)
        })
        .build()
        .expect("builds");
    client
        .upload_contact_profile(
            1,
            &body_multipart::types::ProfileUpload {
                name: "Ada".into(),
                bio: None,
                subscribed: None,
                age: None,
                avatar: switchboard_runtime::FilePart::new(&b"png"[..]),
                cover: None,
                attachments: Vec::new(),
            },
        )
        .await
        .expect("succeeds");
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].body, requests[1].body);
    assert_eq!(
        header(&requests[0], "content-type"),
        header(&requests[1], "content-type")
    );
    let parts = common::parse_multipart(
        header(&requests[1], "content-type").expect("content type"),
        &requests[1].body,
    );
    assert_eq!(parts.len(), 2);
}

#[tokio::test]
async fn with_retry_policy_none_makes_one_attempt() {
    let server = server_answering(ResponseTemplate::new(503)).await;
    let client = path_client(&server, fast_retries(3));
    let once = client.with_retry_policy(RetryPolicy::none());
    let error = once.get_conversation(1).await.expect_err("503");
    assert_eq!(error.status().map(|status| status.as_u16()), Some(503));
    assert_eq!(received(&server).await.len(), 1);
    // The original client keeps its own policy.
    client.get_conversation(1).await.expect_err("503");
    assert_eq!(received(&server).await.len(), 4);
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let server = server_answering(ResponseTemplate::new(404)).await;
    let client = path_client(&server, fast_retries(3));
    let error = client.get_conversation(1).await.expect_err("404");
    assert_eq!(error.status().map(|status| status.as_u16()), Some(404));
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn slow_response_is_a_timeout_error() {
    let server = server_answering(contact_ok().set_delay(Duration::from_millis(500))).await;
    let client = path_params::Client::builder()
        .base_url(server.uri())
        .timeout(Duration::from_millis(50))
        .retry_policy(fast_retries(2))
        .build()
        .expect("builds");
    let error = quickly(client.get_conversation(1)).await.expect_err("times out");
    assert!(error.is_timeout(), "{error:?}");
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    assert_eq!(error.operation(), "getConversation");
    assert_eq!(error.status(), None);
    assert_eq!(error.to_string(), "operation `getConversation` timed out");
    // Timeouts of idempotent requests are retried.
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn timed_out_post_is_not_retried() {
    // The server may have acted on a POST that timed out.
    let server = server_answering(contact_ok().set_delay(Duration::from_millis(500))).await;
    let client = responses_errors::Client::builder()
        .base_url(server.uri())
        .timeout(Duration::from_millis(50))
        .retry_policy(fast_retries(3))
        .build()
        .expect("builds");
    let error = quickly(client.merge_contact(1)).await.expect_err("times out");
    assert!(error.is_timeout(), "{error:?}");
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn connection_refused_is_a_transport_error() {
    let client = path_params::Client::builder()
        .base_url(closed_port_url())
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("builds");
    let error = client.get_conversation(1).await.expect_err("refused");
    let Error::Transport(transport) = &error else {
        panic!("expected a transport error, got {error:?}");
    };
    assert!(transport.inner().is_connect(), "{transport:?}");
    assert_eq!(transport.operation(), "getConversation");
    assert!(!error.is_timeout());
    assert_eq!(error.status(), None);
    assert!(error.raw_body().is_none());
}

// --------------------------------------------------------------- hooks ----

#[derive(Debug, Clone, PartialEq)]
enum Event {
    Send { operation: &'static str, attempt: u32 },
    Response { attempt: u32, status: u16, body: Vec<u8> },
    Transport { attempt: u32, connect: bool },
}

#[derive(Clone, Default)]
struct Recorder {
    events: Arc<Mutex<Vec<Event>>>,
}

impl Recorder {
    fn events(&self) -> Vec<Event> {
        self.events.lock().expect("not poisoned").clone()
    }
}

impl Hook for Recorder {
    fn before_send(&self, ctx: &RequestContext, request: &mut reqwest::Request) {
        self.events.lock().expect("not poisoned").push(Event::Send {
            operation: ctx.operation_id,
            attempt: ctx.attempt,
        });
        let value = HeaderValue::from_str(&format!("attempt-{}", ctx.attempt)).expect("valid");
        request.headers_mut().insert("x-trace-attempt", value);
    }

    fn after_receive(&self, ctx: &RequestContext, outcome: &Outcome<'_>) {
        let event = match outcome {
            Outcome::Response { status, body, .. } => Event::Response {
                attempt: ctx.attempt,
                status: status.as_u16(),
                body: body.to_vec(),
            },
            Outcome::Transport { error, .. } => Event::Transport {
                attempt: ctx.attempt,
                connect: error.is_connect(),
            },
            _ => return,
        };
        self.events.lock().expect("not poisoned").push(event);
    }
}

#[tokio::test]
async fn hook_adds_headers_and_sees_every_attempt_across_a_retry() {
    let server = MockServer::start().await;
    mount(&server, ResponseTemplate::new(503).set_body_string("busy"), Some(1)).await;
    mount(&server, contact_ok(), None).await;
    let recorder = Recorder::default();
    let client = path_params::Client::builder()
        .base_url(server.uri())
        .retry_policy(fast_retries(3))
        .hook(recorder.clone())
        .build()
        .expect("builds");
    client.get_conversation(5).await.expect("succeeds");
    assert_eq!(
        recorder.events(),
        [
            Event::Send {
                operation: "getConversation",
                attempt: 1
            },
            Event::Response {
                attempt: 1,
                status: 503,
                body: b"busy".to_vec()
            },
            Event::Send {
                operation: "getConversation",
                attempt: 2
            },
            Event::Response {
                attempt: 2,
                status: 200,
                body: br#"{"id":5,"name":"Ada"}"#.to_vec()
            },
        ]
    );
    let requests = received(&server).await;
    let seen: Vec<Option<&str>> = requests
        .iter()
        .map(|request| header(request, "x-trace-attempt"))
        .collect();
    assert_eq!(seen, [Some("attempt-1"), Some("attempt-2")]);
}

#[tokio::test]
async fn every_hook_sees_the_transport_failure_of_every_attempt() {
    let first = Recorder::default();
    let second = Recorder::default();
    // A connection that was never established is retried even for POST.
    let client = responses_errors::Client::builder()
        .base_url(closed_port_url())
        .retry_policy(fast_retries(3))
        .hook(first.clone())
        .hook(second.clone())
        .build()
        .expect("builds");
    let error = client.merge_contact(1).await.expect_err("refused");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    let expected: Vec<Event> = (1..=3)
        .flat_map(|attempt| {
            [
                Event::Send {
                    operation: "mergeContact",
                    attempt,
                },
                Event::Transport { attempt, connect: true },
            ]
        })
        .collect();
    assert_eq!(first.events(), expected);
    assert_eq!(second.events(), expected);
}

// ------------------------------------------------------ per-call options ----

#[tokio::test]
async fn per_call_header_query_and_timeout_reach_the_wire_for_that_call_only() {
    let server = server_answering(contact_ok().set_delay(Duration::from_millis(300))).await;
    let client = path_params::Client::builder()
        .base_url(server.uri())
        .default_header("X-Trace", "default")
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("builds");
    let contact = client
        .get_conversation(5)
        .header("X-Trace", "call-7")
        .query("debug", "a b")
        .timeout(Duration::from_secs(5))
        .await
        .expect("succeeds within the call's timeout");
    assert_eq!(contact.id, 5);
    let error = client
        .get_conversation(5)
        .timeout(Duration::from_millis(50))
        .await
        .expect_err("the call's timeout is shorter than the reply");
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    // The client itself is unchanged: no timeout, the default header.
    client.get_conversation(5).await.expect("no timeout by default");
    let requests = received(&server).await;
    assert_eq!(header(&requests[0], "X-Trace"), Some("call-7"));
    assert_eq!(requests[0].url.query(), Some("debug=a%20b"));
    assert_eq!(header(&requests[2], "X-Trace"), Some("default"));
    assert_eq!(requests[2].url.query(), None);
}

#[tokio::test]
async fn an_idempotency_key_makes_a_post_safe_to_retry() {
    let server = MockServer::start().await;
    mount(&server, ResponseTemplate::new(503), Some(1)).await;
    mount(&server, contact_ok(), None).await;
    let client = responses_errors::Client::builder()
        .base_url(server.uri())
        .retry_policy(fast_retries(3))
        .build()
        .expect("builds");
    let contact = quickly(client.merge_contact(3).idempotency_key("merge-3-once"))
        .await
        .expect("retried and succeeded");
    assert_eq!(contact.id, 5);
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2, "the POST was sent again");
    for request in &requests {
        assert_eq!(header(request, "Idempotency-Key"), Some("merge-3-once"));
    }
}

#[tokio::test]
async fn a_per_call_retry_policy_overrides_the_clients() {
    let server = server_answering(ResponseTemplate::new(503)).await;
    let client = path_client(&server, fast_retries(3));
    let error = client
        .get_conversation(5)
        .retry_policy(RetryPolicy::none())
        .await
        .expect_err("503");
    assert_eq!(error.status().map(|status| status.as_u16()), Some(503));
    assert_eq!(received(&server).await.len(), 1);
}
