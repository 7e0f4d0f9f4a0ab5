//! Creates a Callbell contact, then reads it back by its uuid.
//!
//! ```sh
//! CALLBELL_TOKEN=… cargo run --example callbell
//! # against a mock server, e.g. `prism mock specs/callbell.yaml`:
//! SWITCHBOARD_BASE_URL=http://127.0.0.1:4010 CALLBELL_TOKEN=test cargo run --example callbell
//! ```
//!
//! Optional: `CALLBELL_IDENTIFIER` (default `391234567`), the phone number
//! (WhatsApp identifier) of the contact to create.

use switchboard::callbell::{Client, types};
use switchboard::runtime::Error;

/// What the example needs to talk to Callbell.
pub struct Credentials {
    /// The API key (dashboard → settings → API keys).
    pub token: String,
    /// The contact's identifier: its phone number for WhatsApp.
    pub identifier: String,
}

impl Credentials {
    /// Reads `CALLBELL_TOKEN` and the optional `CALLBELL_IDENTIFIER`.
    #[allow(dead_code)]
    pub fn from_env() -> Result<Self, String> {
        Ok(Self {
            token: std::env::var("CALLBELL_TOKEN")
                .map_err(|_| "set CALLBELL_TOKEN to your Callbell API key".to_owned())?,
            identifier: std::env::var("CALLBELL_IDENTIFIER").unwrap_or_else(|_| "391234567".to_owned()),
        })
    }
}

/// What the example did.
#[derive(Debug)]
pub struct Outcome {
    /// The contact as the create call returned it.
    pub created: types::Contact,
    /// The same contact, read back by its uuid.
    pub fetched: types::Contact,
}

/// Creates one contact and reads it back. `base_url` replaces the spec's
/// server URL (for a mock server).
pub async fn run(base_url: Option<&str>, credentials: &Credentials) -> Result<Outcome, String> {
    let mut builder = Client::builder().bearer_auth(credentials.token.clone());
    if let Some(base_url) = base_url {
        builder = builder.base_url(base_url);
    }
    let callbell = builder.build().map_err(|error| error.to_string())?;

    let request = types::CreateContactRequest {
        identifier: credentials.identifier.clone(),
        source: "whatsapp".to_owned(),
        name: "Ada Lovelace".to_owned(),
        tags: None,
        custom_fields: None,
        assigned_user: None,
        team_uuid: None,
        channel_uuid: None,
        bot_status: None,
        note: None,
    };
    let created = callbell.create_contact(&request).await.map_err(explain)?.into_inner();
    let created = single(created).ok_or("the create response has no contact")?;
    let uuid = created.uuid.clone().ok_or("the created contact has no uuid")?;
    println!("created {uuid}: {}", created.name.as_deref().unwrap_or("-"));

    let fetched = callbell
        .get_contact(&uuid, &types::GetContactParams::default())
        .await
        .map_err(explain)?
        .into_inner();
    let fetched = single(fetched).ok_or("the get response has no contact")?;
    println!(
        "fetched {}: {} ({})",
        fetched.uuid.as_deref().unwrap_or("-"),
        fetched.name.as_deref().unwrap_or("-"),
        fetched.phone_number.as_deref().unwrap_or("-")
    );
    Ok(Outcome { created, fetched })
}

/// The contact of a `{contact: ...}` envelope: Callbell documents a single
/// object but its examples show a one-element array; both are accepted.
fn single(response: types::ContactResponse) -> Option<types::Contact> {
    match response.contact? {
        types::ContactResponseContact::Contact(contact) => Some(contact),
        types::ContactResponseContact::ContactList(list) => list.into_iter().next(),
    }
}

/// The error with everything the server sent (status, headers, body);
/// credentials never appear in it.
fn explain<E: std::fmt::Debug>(error: Error<E>) -> String {
    format!("{error}\n{error:?}")
}

#[allow(dead_code)]
#[tokio::main]
async fn main() -> std::process::ExitCode {
    let base_url = std::env::var("SWITCHBOARD_BASE_URL").ok();
    let result = match Credentials::from_env() {
        Ok(credentials) => run(base_url.as_deref(), &credentials).await.map(drop),
        Err(error) => Err(error),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}
