//! Chatwoot webhook deliveries, sent over HTTP the way Chatwoot's server
//! sends them (`lib/webhooks/trigger.rb` at v4.15.1: the body is the
//! payload's JSON, `X-Chatwoot-Timestamp` the Unix time, `X-Chatwoot-Signature`
//! `sha256=` + hex HMAC-SHA256 of "{timestamp}.{body}" keyed with the
//! webhook's secret, `X-Chatwoot-Delivery` a UUID), received by a mock
//! server, then verified and parsed by the generated
//! `chatwoot::types::WebhookEvent` from the headers and bytes that arrived.
//! The bodies are `tests/data/chatwoot/webhooks/*.json`, shaped as the
//! server renders them.

use std::time::{SystemTime, UNIX_EPOCH};

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use switchboard::chatwoot::types::{WebhookEvent, WebhookMessageMessageType};
use switchboard::runtime::reqwest;
use switchboard::runtime::{Delivery, WebhookError};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

const SECRET: &str = "3n9ZtXwQ4hKq7VbY2mRc8LsD";

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("after 1970")
        .as_secs()
}

fn sample(event: &str) -> String {
    let path = format!(
        "{}/tests/data/chatwoot/webhooks/{event}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    // Chatwoot sends `payload.to_json`: compact JSON.
    let value: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    serde_json::to_string(&value).expect("serialises")
}

/// Chatwoot's signature: `sha256=` + hex HMAC-SHA256 of "{timestamp}.{body}".
fn chatwoot_signature(secret: &str, timestamp: u64, body: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(format!("{timestamp}.{body}").as_bytes());
    let hex: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    format!("sha256={hex}")
}

/// POSTs `body` to a mock receiver with Chatwoot's headers (signed at
/// `signed_at`, but `sent_body` is what travels), and returns what the
/// receiver got.
async fn deliver(body: &str, signed_at: u64, sent_body: &str) -> (reqwest::header::HeaderMap, Vec<u8>) {
    let receiver = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .mount(&receiver)
        .await;
    reqwest::Client::new()
        .post(format!("{}/chatwoot/webhook", receiver.uri()))
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .header("X-Chatwoot-Timestamp", signed_at.to_string())
        .header("X-Chatwoot-Signature", chatwoot_signature(SECRET, signed_at, body))
        .header("X-Chatwoot-Delivery", "0b6f3c1e-5d2a-4f8e-9c47-1a2b3c4d5e6f")
        .body(sent_body.to_owned())
        .send()
        .await
        .expect("delivered");
    let received = receiver.received_requests().await.expect("recording is on");
    let request = received.into_iter().next().expect("one delivery");
    let mut headers = reqwest::header::HeaderMap::new();
    for (name, value) in &request.headers {
        headers.append(name.clone(), value.clone());
    }
    (headers, request.body)
}

#[tokio::test]
async fn a_signed_message_created_delivery_is_verified_and_parsed() {
    let body = sample("message_created");
    let signed_at = now();
    let (headers, received) = deliver(&body, signed_at, &body).await;
    let Delivery { event, id, timestamp } = WebhookEvent::verify(SECRET, &headers, &received).expect("verified");
    assert_eq!(id.as_deref(), Some("0b6f3c1e-5d2a-4f8e-9c47-1a2b3c4d5e6f"));
    assert_eq!(timestamp, Some(i64::try_from(signed_at).expect("fits")));
    let WebhookEvent::MessageCreated(message) = event else {
        panic!("expected message_created, got {event:?}")
    };
    assert_eq!(
        message.content.as_deref(),
        Some("Hi, the last invoice charged us twice.")
    );
    assert_eq!(message.message_type, WebhookMessageMessageType::Incoming);
    assert_eq!((message.account.id, message.conversation.id), (7, 318));
    assert!(!message.private);
}

#[tokio::test]
async fn a_tampered_delivery_is_refused() {
    let body = sample("message_created");
    let tampered = body.replace("charged us twice", "charged us once");
    let (headers, received) = deliver(&body, now(), &tampered).await;
    assert_eq!(
        WebhookEvent::verify(SECRET, &headers, &received),
        Err(WebhookError::BadSignature)
    );
    // The right body under another webhook's secret is refused too.
    let (headers, received) = deliver(&body, now(), &body).await;
    assert_eq!(
        WebhookEvent::verify("another-webhooks-secret", &headers, &received),
        Err(WebhookError::BadSignature)
    );
}

#[tokio::test]
async fn a_replayed_delivery_with_a_stale_timestamp_is_refused() {
    let body = sample("conversation_status_changed");
    let signed_at = now() - 3600;
    let (headers, received) = deliver(&body, signed_at, &body).await;
    match WebhookEvent::verify(SECRET, &headers, &received) {
        Err(WebhookError::StaleTimestamp {
            timestamp, tolerance, ..
        }) => {
            assert_eq!((timestamp, tolerance), (i64::try_from(signed_at).expect("fits"), 300));
        }
        other => panic!("expected a stale timestamp, got {other:?}"),
    }
}

#[tokio::test]
async fn every_declared_event_parses_into_its_variant() {
    let events = [
        "contact_created",
        "contact_updated",
        "conversation_created",
        "conversation_opened",
        "conversation_resolved",
        "conversation_status_changed",
        "conversation_typing_off",
        "conversation_typing_on",
        "conversation_updated",
        "message_created",
        "message_updated",
    ];
    for name in events {
        let body = sample(name);
        let (headers, received) = deliver(&body, now(), &body).await;
        let event = WebhookEvent::verify(SECRET, &headers, &received)
            .unwrap_or_else(|error| panic!("{name}: {error}"))
            .event;
        let variant = match &event {
            WebhookEvent::ContactCreated(_) => "contact_created",
            WebhookEvent::ContactUpdated(_) => "contact_updated",
            WebhookEvent::ConversationCreated(_) => "conversation_created",
            WebhookEvent::ConversationOpened(_) => "conversation_opened",
            WebhookEvent::ConversationResolved(_) => "conversation_resolved",
            WebhookEvent::ConversationStatusChanged(_) => "conversation_status_changed",
            WebhookEvent::ConversationTypingOff(_) => "conversation_typing_off",
            WebhookEvent::ConversationTypingOn(_) => "conversation_typing_on",
            WebhookEvent::ConversationUpdated(_) => "conversation_updated",
            WebhookEvent::MessageCreated(_) => "message_created",
            WebhookEvent::MessageUpdated(_) => "message_updated",
            WebhookEvent::Other(unknown) => panic!("{name} parsed as an unknown event: {unknown:?}"),
        };
        assert_eq!(variant, name);
    }
}

#[tokio::test]
async fn an_event_this_client_does_not_know_is_kept_whole() {
    let body = r#"{"event":"webwidget_triggered","id":5,"event_info":{"widget_language":"en"}}"#;
    let (headers, received) = deliver(body, now(), body).await;
    let event = WebhookEvent::verify(SECRET, &headers, &received)
        .expect("verified")
        .event;
    let WebhookEvent::Other(unknown) = event else {
        panic!("expected Other, got {event:?}")
    };
    assert_eq!(unknown.name.as_deref(), Some("webwidget_triggered"));
    assert_eq!(unknown.body["event_info"]["widget_language"], "en");
}
