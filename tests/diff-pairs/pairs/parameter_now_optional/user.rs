//! Lists a page of contacts: a literal, and `new(page)`.

use super::api::{Client, types};
use switchboard_runtime::serde_json::Value;
use switchboard_runtime::{Error, ResponseValue};

pub async fn call(base_url: &str) -> Result<(), String> {
    let client = Client::builder().base_url(base_url).build().map_err(|e| e.to_string())?;
    let params = types::ListContactsParams { page: 2, label: Some("vip".to_string()) };
    let reply: Result<ResponseValue<Vec<types::Contact>>, Error<Value>> = client.list_contacts(&params).await;
    for types::Contact { id, name } in reply.map_err(|e| e.to_string())?.into_inner() {
        let _: (i64, String) = (id, name);
    }
    Ok(())
}

pub fn first_page() -> types::ListContactsParams {
    types::ListContactsParams::new(1)
}
