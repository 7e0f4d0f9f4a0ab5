//! Lists contacts, filtered by a label the new server no longer reads.

use super::api::{Client, types};
use switchboard_runtime::serde_json::Value;
use switchboard_runtime::{Error, ResponseValue};

pub async fn call(base_url: &str) -> Result<(), String> {
    let client = Client::builder().base_url(base_url).build().map_err(|e| e.to_string())?;
    let params = types::ListContactsParams { page: Some(2), label: Some("vip".to_string()) };
    let reply: Result<ResponseValue<Vec<types::Contact>>, Error<Value>> = client.list_contacts(&params).await;
    for types::Contact { id, name } in reply.map_err(|e| e.to_string())?.into_inner() {
        let _: (i64, String) = (id, name);
    }
    Ok(())
}
