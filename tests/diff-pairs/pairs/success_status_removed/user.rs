//! Creates a contact; matches both success replies.

use super::api::{Client, types};
use switchboard_runtime::serde_json::Value;
use switchboard_runtime::{Error, ResponseValue};

pub async fn call(base_url: &str) -> Result<(), String> {
    let client = Client::builder().base_url(base_url).build().map_err(|e| e.to_string())?;
    let reply: Result<ResponseValue<types::CreateContactResponse>, Error<Value>> =
        client.create_contact(&types::NewContact::new("Ada")).await;
    match reply.map_err(|e| e.to_string())?.into_inner() {
        types::CreateContactResponse::Created(types::Contact { id, name }) => {
            let _: (i64, String) = (id, name);
        }
        types::CreateContactResponse::Accepted => {}
    }
    Ok(())
}
