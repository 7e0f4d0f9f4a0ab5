//! Reads a contact's status and matches it exhaustively.

use super::api::{Client, types};
use switchboard_runtime::serde_json::Value;
use switchboard_runtime::{Error, ResponseValue};

pub async fn call(base_url: &str) -> Result<(), String> {
    let client = Client::builder().base_url(base_url).build().map_err(|e| e.to_string())?;
    let reply: Result<ResponseValue<types::Contact>, Error<Value>> = client.get_contact(7).await;
    let types::Contact { id, name, status } = reply.map_err(|e| e.to_string())?.into_inner();
    let _: (i64, String, types::Status) = (id, name, status);
    Ok(())
}

/// A contact as a test double builds it.
pub fn double() -> types::Contact {
    types::Contact { id: 1, name: "Ada".to_string(), status: types::Status::Active }
}

pub fn describe(status: &types::Status) -> &str {
    match status {
        types::Status::Active => "active",
        types::Status::Blocked => "blocked",
        types::Status::Unknown(other) => other,
    }
}
