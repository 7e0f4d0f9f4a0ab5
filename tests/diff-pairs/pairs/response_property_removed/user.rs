//! Reads a contact's email.

use super::api::{Client, types};
use switchboard_runtime::serde_json::Value;
use switchboard_runtime::{Error, ResponseValue};

pub async fn call(base_url: &str) -> Result<(), String> {
    let client = Client::builder().base_url(base_url).build().map_err(|e| e.to_string())?;
    let reply: Result<ResponseValue<types::Contact>, Error<Value>> = client.get_contact(7).await;
    let types::Contact { id, name, email } = reply.map_err(|e| e.to_string())?.into_inner();
    let _: (i64, String, String) = (id, name, email);
    Ok(())
}

/// A contact as a test double builds it.
pub fn double() -> types::Contact {
    types::Contact { id: 1, name: "Ada".to_string(), email: "ada@example.com".to_string() }
}
