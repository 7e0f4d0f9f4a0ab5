//! Creates a contact without a body (the server fills in defaults), as the old document allowed.

use super::api::{Client, types};
use switchboard_runtime::serde_json::Value;
use switchboard_runtime::{Error, ResponseValue};

pub async fn call(base_url: &str) -> Result<(), String> {
    let client = Client::builder().base_url(base_url).build().map_err(|e| e.to_string())?;
    let body = Option::<&types::NewContact>::None;
    let reply: Result<ResponseValue<types::Contact>, Error<Value>> = client.create_contact(body).await;
    let types::Contact { id, name } = reply.map_err(|e| e.to_string())?.into_inner();
    let _: (i64, String) = (id, name);
    Ok(())
}
