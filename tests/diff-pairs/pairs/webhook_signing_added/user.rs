//! Receives a webhook delivery with `parse` (the old document declares no
//! signing, so there is no `verify`).

use super::api::types;
use switchboard_runtime::reqwest::header::HeaderMap;

pub async fn call(_base_url: &str) -> Result<(), String> {
    let body = br#"{"event":"contact_created","id":7}"#;
    let delivery = types::WebhookEvent::parse(&HeaderMap::new(), body).map_err(|e| e.to_string())?;
    match delivery.event {
        types::WebhookEvent::ContactCreated(types::ContactEvent { id, .. }) => {
            let _: i64 = id;
            Ok(())
        }
        types::WebhookEvent::Other(other) => Err(format!("unexpected event {other:?}")),
    }
}
