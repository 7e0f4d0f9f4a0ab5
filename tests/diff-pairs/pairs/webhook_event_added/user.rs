//! Receives webhook deliveries, matching every event exhaustively; a
//! delivery of the new event arrives (the server now sends it).

use super::api::types;
use switchboard_runtime::reqwest::header::HeaderMap;

pub async fn call(_base_url: &str) -> Result<(), String> {
    let body = br#"{"event":"contact_deleted","id":7}"#;
    let delivery = types::WebhookEvent::parse(&HeaderMap::new(), body).map_err(|e| e.to_string())?;
    let id = match delivery.event {
        types::WebhookEvent::ContactCreated(types::ContactEvent { id, .. }) => Some(id),
        types::WebhookEvent::Other(_) => None,
    };
    let _: Option<i64> = id;
    Ok(())
}
