//! Callback requests (fixture `callbacks`): what the server sends to the
//! URLs given to `create_subscription` parses into its typed variant (an
//! inline callback, a second URL of the same callback, one given by
//! `$ref`), a body none of them accepts is kept whole, and the signing the
//! operation declares is checked before the body is read.

mod common;

use switchboard_fixture_tests::callbacks::types::{CreateSubscriptionCallback, Event, OnEventStatusCallbackStatus};
use switchboard_runtime::WebhookError;
use switchboard_runtime::reqwest::header::HeaderMap;

const SECRET: &str = "callback-secret";

/// Headers signing `body` as the fixture says (`X-Hook-Signature`: hex
/// HMAC-SHA256 of the body alone), computed without the runtime.
fn signed(secret: &str, body: &str) -> HeaderMap {
    let hex = common::hmac_sha256_hex(secret, body.as_bytes());
    let mut headers = HeaderMap::new();
    headers.insert("X-Hook-Signature", hex.parse().expect("valid"));
    headers
}

#[test]
fn each_callback_request_parses_into_its_variant() {
    let event = r#"{"id":"evt_1","kind":"topic.updated","data":{"n":1}}"#;
    let delivery =
        CreateSubscriptionCallback::verify(SECRET, &signed(SECRET, event), event.as_bytes()).expect("verified");
    let CreateSubscriptionCallback::OnEvent(Event { id, kind, data }) = delivery.event else {
        panic!("expected onEvent, got {:?}", delivery.event)
    };
    assert_eq!((id.as_str(), kind.as_str()), ("evt_1", "topic.updated"));
    assert_eq!(data.and_then(|data| data.get("n").cloned()), Some(serde_json::json!(1)));

    let status = r#"{"status":"paused"}"#;
    let delivery =
        CreateSubscriptionCallback::verify(SECRET, &signed(SECRET, status), status.as_bytes()).expect("verified");
    let CreateSubscriptionCallback::OnEventStatus(payload) = delivery.event else {
        panic!("expected onEventStatus, got {:?}", delivery.event)
    };
    assert_eq!(payload.status, OnEventStatusCallbackStatus::Paused);

    // The callback given by `$ref` into `components/callbacks`.
    let expired = r#"{"subscription_id":12,"expired_at":"2026-11-30T10:00:00Z"}"#;
    let delivery =
        CreateSubscriptionCallback::verify(SECRET, &signed(SECRET, expired), expired.as_bytes()).expect("verified");
    let CreateSubscriptionCallback::OnExpiry(payload) = delivery.event else {
        panic!("expected onExpiry, got {:?}", delivery.event)
    };
    assert_eq!(
        (payload.subscription_id, payload.expired_at.as_str()),
        (12, "2026-11-30T10:00:00Z")
    );
}

#[test]
fn a_request_no_callback_accepts_is_kept_whole() {
    let body = r#"{"unexpected":true}"#;
    let delivery = CreateSubscriptionCallback::parse(&HeaderMap::new(), body.as_bytes()).expect("kept");
    let CreateSubscriptionCallback::Other(unknown) = delivery.event else {
        panic!("expected Other, got {:?}", delivery.event)
    };
    assert_eq!(unknown.body, serde_json::json!({"unexpected": true}));
}

#[test]
fn a_callback_signed_with_another_secret_or_tampered_is_refused() {
    let event = r#"{"id":"evt_1","kind":"topic.updated"}"#;
    assert_eq!(
        CreateSubscriptionCallback::verify("another", &signed(SECRET, event), event.as_bytes()),
        Err(WebhookError::BadSignature)
    );
    let tampered = event.replace("evt_1", "evt_2");
    assert_eq!(
        CreateSubscriptionCallback::verify(SECRET, &signed(SECRET, event), tampered.as_bytes()),
        Err(WebhookError::BadSignature)
    );
    assert_eq!(
        CreateSubscriptionCallback::verify(SECRET, &HeaderMap::new(), event.as_bytes()),
        Err(WebhookError::MissingHeader {
            header: "X-Hook-Signature"
        })
    );
}
