//! Hooks: order, request changes, and what they observe across retries.

mod common;

use std::sync::{Arc, Mutex};

use common::{builder, fast_retries, header, only_request, received};
use reqwest::Method;
use reqwest::header::{HeaderName, HeaderValue};
use switchboard_runtime::{
    ClientBuilder, Credential, Hook, Outcome, RequestContext, RequestSigner, RetryPolicy, SigningError, SigningRequest,
};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

type Log = Arc<Mutex<Vec<String>>>;

struct Recorder {
    label: &'static str,
    log: Log,
}

impl Hook for Recorder {
    fn before_send(&self, ctx: &RequestContext, request: &mut reqwest::Request) {
        request
            .headers_mut()
            .append("x-trace", HeaderValue::from_static(self.label));
        let has_auth = request.headers().contains_key("authorization");
        self.log.lock().expect("lock").push(format!(
            "{} before {} #{} auth={has_auth}",
            self.label, ctx.operation_id, ctx.attempt
        ));
    }

    fn after_receive(&self, ctx: &RequestContext, outcome: &Outcome<'_>) {
        let what = match outcome {
            Outcome::Response { status, body, .. } => format!("{} {}", status.as_u16(), body.len()),
            Outcome::Transport { error, .. } => format!("transport connect={}", error.is_connect()),
            _ => "other".to_owned(),
        };
        self.log.lock().expect("lock").push(format!(
            "{} after {} #{} {what}",
            self.label, ctx.operation_id, ctx.attempt
        ));
    }
}

/// Records the headers it saw, proving it runs after the hooks.
struct SeeingSigner(Log);

impl RequestSigner for SeeingSigner {
    fn sign(&self, request: &SigningRequest<'_>) -> Result<Vec<(HeaderName, HeaderValue)>, SigningError> {
        let traces: Vec<&str> = request
            .headers
            .get_all("x-trace")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .collect();
        self.0
            .lock()
            .expect("lock")
            .push(format!("signer saw {}", traces.join(",")));
        Ok(vec![(
            HeaderName::from_static("x-sig"),
            HeaderValue::from_static("sig"),
        )])
    }
}

#[tokio::test]
async fn hooks_run_in_order_before_the_signer_and_see_every_attempt() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "0"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_string("done"))
        .mount(&server)
        .await;
    let log = Log::default();
    let runtime = builder(&server)
        .credential("bearerAuth", Credential::token("t"))
        .hook(Recorder {
            label: "first",
            log: log.clone(),
        })
        .hook(Recorder {
            label: "second",
            log: log.clone(),
        })
        .signer(SeeingSigner(log.clone()))
        .retry_policy(fast_retries(3))
        .build()
        .expect("builds");
    let mut request = runtime.request(Method::GET, "/x", "getX");
    request.security(&[&["bearerAuth"]]);
    let response = runtime.execute::<()>(request).await.expect("sent");
    assert_eq!(response.status(), 200);

    assert_eq!(
        *log.lock().expect("lock"),
        vec![
            "first before getX #1 auth=true",
            "second before getX #1 auth=true",
            "signer saw first,second",
            "first after getX #1 429 0",
            "second after getX #1 429 0",
            "first before getX #2 auth=true",
            "second before getX #2 auth=true",
            "signer saw first,second",
            "first after getX #2 200 4",
            "second after getX #2 200 4",
        ]
    );
    for request in received(&server).await {
        let traces: Vec<_> = request.headers.get_all("x-trace").iter().collect();
        // Each attempt starts from a fresh request: hooks never pile up.
        assert_eq!(traces, vec!["first", "second"]);
        assert_eq!(header(&request, "x-sig"), Some("sig"));
    }
}

#[tokio::test]
async fn header_added_by_a_hook_reaches_the_server() {
    struct Tenant;
    impl Hook for Tenant {
        fn before_send(&self, _ctx: &RequestContext, request: &mut reqwest::Request) {
            request
                .headers_mut()
                .insert("x-tenant", HeaderValue::from_static("acme"));
        }
    }
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let runtime = builder(&server).hook(Tenant).build().expect("builds");
    runtime
        .execute::<()>(runtime.request(Method::GET, "/x", "x"))
        .await
        .expect("sent");
    assert_eq!(header(&only_request(&server).await, "x-tenant"), Some("acme"));
}

#[tokio::test]
async fn connection_failures_are_retried_even_for_post() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("address").port()
    };
    let log = Log::default();
    let runtime = ClientBuilder::new(&common::API)
        .base_url(format!("http://127.0.0.1:{port}"))
        .hook(Recorder {
            label: "h",
            log: log.clone(),
        })
        .retry_policy(RetryPolicy {
            retry_non_idempotent: false,
            ..fast_retries(3)
        })
        .build()
        .expect("builds");
    let error = runtime
        .execute::<()>(runtime.request(Method::POST, "/x", "createX"))
        .await
        .expect_err("refused");
    assert!(matches!(error, switchboard_runtime::Error::Transport(_)), "{error:?}");
    let after: Vec<String> = log
        .lock()
        .expect("lock")
        .iter()
        .filter(|line| line.contains("after"))
        .cloned()
        .collect();
    assert_eq!(
        after,
        vec![
            "h after createX #1 transport connect=true",
            "h after createX #2 transport connect=true",
            "h after createX #3 transport connect=true",
        ]
    );
}
