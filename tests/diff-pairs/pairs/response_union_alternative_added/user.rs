//! Reads a party and matches its alternatives exhaustively.

use super::api::{Client, types};
use switchboard_runtime::serde_json::Value;
use switchboard_runtime::{Error, ResponseValue};

pub async fn call(base_url: &str) -> Result<(), String> {
    let client = Client::builder().base_url(base_url).build().map_err(|e| e.to_string())?;
    let reply: Result<ResponseValue<types::Party>, Error<Value>> = client.get_party(7).await;
    let party = reply.map_err(|e| e.to_string())?.into_inner();
    let _: String = match party {
        types::Party::Person(types::Person { name }) => name,
        types::Party::Company(types::Company { vat }) => vat,
    };
    Ok(())
}
