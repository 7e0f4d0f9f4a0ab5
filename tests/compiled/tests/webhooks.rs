//! Webhook deliveries (fixture `webhooks`): a signed delivery verified and
//! parsed into its typed event, with its id and timestamp; a tampered body,
//! another secret, a stale or future timestamp and missing headers refused
//! before the body is read; events the document does not list kept whole;
//! a payload that does not match reported with its path and body.

mod common;

use std::time::{SystemTime, UNIX_EPOCH};

use switchboard_fixture_tests::webhooks::types::{Message, WebhookEvent};
use switchboard_runtime::reqwest::header::HeaderMap;
use switchboard_runtime::{UnknownEvent, WebhookError};

const SECRET: &str = "whsec-test";

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("after 1970")
        .as_secs()
}

/// The headers of a delivery of `body` signed with `secret` at `timestamp`,
/// computed independently of the runtime (the fixture's recipe:
/// `sha256=` + hex HMAC-SHA256 of "{timestamp}.{body}").
fn signed(secret: &str, timestamp: u64, body: &str) -> HeaderMap {
    let hex = common::hmac_sha256_hex(secret, format!("{timestamp}.{body}").as_bytes());
    let mut headers = HeaderMap::new();
    headers.insert("X-Signature", format!("sha256={hex}").parse().expect("valid"));
    headers.insert("X-Timestamp", timestamp.to_string().parse().expect("valid"));
    headers.insert("X-Delivery", "5f0c7a52-delivery".parse().expect("valid"));
    headers
}

const MESSAGE: &str = r#"{"event":"message_created","id":42,"content":"Hello"}"#;

#[test]
fn a_signed_delivery_is_verified_and_parsed() {
    let timestamp = now();
    let delivery =
        WebhookEvent::verify(SECRET, &signed(SECRET, timestamp, MESSAGE), MESSAGE.as_bytes()).expect("verified");
    assert_eq!(
        delivery.event,
        WebhookEvent::MessageCreated(Message::new("message_created", 42, "Hello"))
    );
    assert_eq!(delivery.id.as_deref(), Some("5f0c7a52-delivery"));
    assert_eq!(delivery.timestamp, Some(i64::try_from(timestamp).expect("fits")));
}

#[test]
fn a_webhook_given_by_reference_and_a_renamed_event_parse_too() {
    let edited = r#"{"event":"message_updated","id":42,"content":"Hello!"}"#;
    let delivery = WebhookEvent::verify(SECRET, &signed(SECRET, now(), edited), edited.as_bytes()).expect("verified");
    assert!(matches!(delivery.event, WebhookEvent::MessageUpdated(Message { ref content, .. }) if content == "Hello!"));
    let contact = r#"{"event":"contact_created","id":7,"name":null}"#;
    #[allow(deprecated)]
    let parsed = WebhookEvent::parse(&HeaderMap::new(), contact.as_bytes()).expect("parsed");
    #[allow(deprecated)]
    let WebhookEvent::ContactCreated(created) = parsed.event else {
        panic!("expected contact_created, got {:?}", parsed.event)
    };
    assert_eq!((created.id, created.name), (7, Some(None)));
}

#[test]
fn a_tampered_body_or_another_secret_is_refused() {
    let timestamp = now();
    let headers = signed(SECRET, timestamp, MESSAGE);
    let tampered = MESSAGE.replace("Hello", "Hellp");
    assert_eq!(
        WebhookEvent::verify(SECRET, &headers, tampered.as_bytes()),
        Err(WebhookError::BadSignature)
    );
    assert_eq!(
        WebhookEvent::verify("another-secret", &headers, MESSAGE.as_bytes()),
        Err(WebhookError::BadSignature)
    );
    // The signature covers the timestamp: a fresh timestamp on an old
    // signature does not pass.
    let mut replayed = signed(SECRET, timestamp - 3600, MESSAGE);
    replayed.insert("X-Timestamp", timestamp.to_string().parse().expect("valid"));
    assert_eq!(
        WebhookEvent::verify(SECRET, &replayed, MESSAGE.as_bytes()),
        Err(WebhookError::BadSignature)
    );
}

#[test]
fn a_stale_or_future_timestamp_is_refused() {
    for timestamp in [now() - 301, now() + 301] {
        let result = WebhookEvent::verify(SECRET, &signed(SECRET, timestamp, MESSAGE), MESSAGE.as_bytes());
        assert!(
            matches!(result, Err(WebhookError::StaleTimestamp { tolerance: 300, .. })),
            "{result:?}"
        );
    }
}

#[test]
fn missing_headers_are_named() {
    let mut headers = signed(SECRET, now(), MESSAGE);
    headers.remove("X-Timestamp");
    assert_eq!(
        WebhookEvent::verify(SECRET, &headers, MESSAGE.as_bytes()),
        Err(WebhookError::MissingHeader { header: "X-Timestamp" })
    );
    assert_eq!(
        WebhookEvent::verify(SECRET, &HeaderMap::new(), MESSAGE.as_bytes()),
        Err(WebhookError::MissingHeader { header: "X-Signature" })
    );
}

#[test]
fn an_event_the_document_does_not_list_is_kept_whole() {
    let body = r#"{"event":"conversation_typing_on","conversation":{"id":3}}"#;
    let delivery = WebhookEvent::verify(SECRET, &signed(SECRET, now(), body), body.as_bytes()).expect("verified");
    assert_eq!(
        delivery.event,
        WebhookEvent::Other(UnknownEvent {
            name: Some("conversation_typing_on".into()),
            body: serde_json::json!({"event": "conversation_typing_on", "conversation": {"id": 3}}),
        })
    );
}

#[test]
fn a_payload_that_does_not_match_keeps_its_path_and_body() {
    let body = r#"{"event":"message_created","id":"42","content":"Hello"}"#;
    match WebhookEvent::verify(SECRET, &signed(SECRET, now(), body), body.as_bytes()) {
        Err(WebhookError::Decode {
            event,
            path,
            body: kept,
            ..
        }) => {
            assert_eq!((event.as_deref(), path.as_str()), (Some("message_created"), "id"));
            assert_eq!(kept, body.as_bytes());
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

mod by_header {
    use base64::Engine as _;
    use switchboard_fixture_tests::webhooks_by_header::types::{CreatedWebhook, WebhookEvent};
    use switchboard_runtime::WebhookError;
    use switchboard_runtime::reqwest::header::HeaderMap;

    /// Base64 HMAC-SHA512 of "{delivery id}\n{body}", the fixture's recipe.
    fn signed(event: &str, delivery: &str, body: &str) -> HeaderMap {
        use hmac::{Hmac, KeyInit, Mac};
        let mut mac = Hmac::<sha2::Sha512>::new_from_slice(b"k").expect("any key length");
        mac.update(format!("{delivery}\n{body}").as_bytes());
        let signature = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
        let mut headers = HeaderMap::new();
        headers.insert("X-Signature", signature.parse().expect("valid"));
        headers.insert("X-Delivery-Id", delivery.parse().expect("valid"));
        headers.insert("X-Event-Type", event.parse().expect("valid"));
        headers
    }

    #[test]
    fn the_event_is_named_by_a_header_and_the_delivery_id_is_signed() {
        let body = r#"{"id":"c-1"}"#;
        let delivery = WebhookEvent::verify("k", &signed("created", "d-1", body), body.as_bytes()).expect("verified");
        assert_eq!(
            delivery.event,
            WebhookEvent::Created(CreatedWebhook { id: Some("c-1".into()) })
        );
        assert_eq!((delivery.id.as_deref(), delivery.timestamp), (Some("d-1"), None));
        // Another delivery id under the same signature is refused.
        let mut headers = signed("created", "d-1", body);
        headers.insert("X-Delivery-Id", "d-2".parse().expect("valid"));
        assert_eq!(
            WebhookEvent::verify("k", &headers, body.as_bytes()),
            Err(WebhookError::BadSignature)
        );
        let deleted = WebhookEvent::verify("k", &signed("deleted", "d-3", "[1]"), b"[1]").expect("verified");
        assert_eq!(deleted.event, WebhookEvent::Deleted(serde_json::json!([1])));
    }
}
