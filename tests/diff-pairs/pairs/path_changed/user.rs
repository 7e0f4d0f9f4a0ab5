//! Archives a contact.

use super::api::{Client, types};
use switchboard_runtime::serde_json::Value;
use switchboard_runtime::{Error, ResponseValue};

pub async fn call(base_url: &str) -> Result<(), String> {
    let client = Client::builder().base_url(base_url).build().map_err(|e| e.to_string())?;
    let archived: Result<ResponseValue<()>, Error<Value>> = client.archive_contact(7).await;
    archived.map_err(|e| e.to_string())?;
    Ok(())
}
