//! Creates a Chatwoot contact (with a contact inbox when an inbox is given),
//! then reads it back with `contact_details`.
//!
//! The client is generated from Chatwoot's published document with
//! `specs/chatwoot.overlay.yaml` applied, which describes the contact
//! operations as the server answers them.
//!
//! ```sh
//! CHATWOOT_API_TOKEN=… CHATWOOT_ACCOUNT_ID=1 CHATWOOT_INBOX_ID=1 cargo run --example chatwoot
//! # a self-hosted instance, or a mock server of the corrected document:
//! cargo run -p switchboard-codegen -- apply specs/chatwoot.yaml --overlay specs/chatwoot.overlay.yaml -o /tmp/chatwoot.yaml
//! tools/node_modules/.bin/prism mock /tmp/chatwoot.yaml -p 4010 &
//! SWITCHBOARD_BASE_URL=http://127.0.0.1:4010 CHATWOOT_API_TOKEN=test CHATWOOT_ACCOUNT_ID=1 cargo run --example chatwoot
//! ```
//!
//! Optional: `CHATWOOT_INBOX_ID`, an inbox of the account to create the
//! contact inbox in (without it the contact has none), and `CHATWOOT_PHONE`
//! (default `+391234567`), the contact's number. Chatwoot keeps email and
//! phone number unique per account: run it twice against the same account
//! and the second create answers 422, which is printed with the server's
//! message (`Email has already been taken`).

use switchboard::chatwoot::{Client, types};
use switchboard::runtime::Error;

/// What the example needs to talk to Chatwoot.
pub struct Credentials {
    /// A user access token (profile settings → access token).
    pub api_token: String,
    /// The numeric account id.
    pub account_id: i64,
    /// An inbox to create the contact inbox in, if any.
    pub inbox_id: Option<i64>,
    /// The contact's phone number (E.164).
    pub phone: String,
}

impl Credentials {
    /// Reads `CHATWOOT_API_TOKEN`, `CHATWOOT_ACCOUNT_ID` and the optional
    /// `CHATWOOT_INBOX_ID` and `CHATWOOT_PHONE`.
    #[allow(dead_code)]
    pub fn from_env() -> Result<Self, String> {
        let required = |name: &str| std::env::var(name).map_err(|_| format!("set {name} (see examples/chatwoot.rs)"));
        let number = |name: &str, value: String| -> Result<i64, String> {
            value.parse().map_err(|_| format!("{name} must be a number"))
        };
        Ok(Self {
            api_token: required("CHATWOOT_API_TOKEN")?,
            account_id: number("CHATWOOT_ACCOUNT_ID", required("CHATWOOT_ACCOUNT_ID")?)?,
            inbox_id: match std::env::var("CHATWOOT_INBOX_ID") {
                Ok(value) => Some(number("CHATWOOT_INBOX_ID", value)?),
                Err(_) => None,
            },
            phone: std::env::var("CHATWOOT_PHONE").unwrap_or_else(|_| "+391234567".to_owned()),
        })
    }
}

/// What the example did.
#[derive(Debug)]
pub struct Outcome {
    /// What the create call returned: the contact and its contact inbox.
    pub created: types::ContactCreateResponse,
    /// The same contact, read back by its id.
    pub fetched: types::ContactRecord,
}

/// Creates one contact and reads it back. `base_url` replaces
/// `https://app.chatwoot.com/` (for a self-hosted instance or a mock server).
pub async fn run(base_url: Option<&str>, credentials: &Credentials) -> Result<Outcome, String> {
    let mut builder = Client::builder().user_api_key(credentials.api_token.clone());
    if let Some(base_url) = base_url {
        builder = builder.base_url(base_url);
    }
    let chatwoot = builder.build().map_err(|error| error.to_string())?;

    let payload = types::ContactCreatePayload {
        inbox_id: credentials.inbox_id,
        name: Some("Ada Lovelace".to_owned()),
        email: Some("ada@example.com".to_owned()),
        phone_number: Some(credentials.phone.clone()),
        ..Default::default()
    };
    let created = chatwoot
        .contact_create(credentials.account_id, &payload)
        .await
        .map_err(explain)?
        .into_inner();
    let contact = &created.payload.contact;
    println!(
        "created contact {}: {}",
        contact.id,
        contact.name.as_deref().unwrap_or("-")
    );
    if let Some(source_id) = &created.payload.contact_inbox.source_id {
        println!("  contact inbox source id: {source_id}");
    }

    let fetched = chatwoot
        .contact_details(credentials.account_id, contact.id, &Default::default())
        .await
        .map_err(explain)?
        .into_inner()
        .payload;
    println!(
        "read back contact {}: {} <{}>, in {} inbox(es)",
        fetched.id,
        fetched.name.as_deref().unwrap_or("-"),
        fetched.email.as_deref().unwrap_or("-"),
        fetched.contact_inboxes.as_ref().map_or(0, Vec::len)
    );
    Ok(Outcome { created, fetched })
}

/// The error with everything the server sent (status, headers, body, and
/// the documented error body when it decoded); credentials never appear in
/// it.
fn explain<E: std::fmt::Debug>(error: Error<E>) -> String {
    match &error {
        Error::Api(api) => match api.typed() {
            Some(typed) => format!("{error}: {typed:?}\n{error:?}"),
            None => format!("{error}\n{error:?}"),
        },
        _ => format!("{error}\n{error:?}"),
    }
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
