//! Creates a Chatwoot contact in an inbox.
//!
//! `specs/chatwoot.yaml` is Chatwoot's published description of this one
//! operation only, so there is no call to read the contact back.
//!
//! ```sh
//! CHATWOOT_API_TOKEN=… CHATWOOT_ACCOUNT_ID=1 CHATWOOT_INBOX_ID=1 cargo run --example chatwoot
//! # a self-hosted instance or a mock server (`prism mock specs/chatwoot.yaml`):
//! SWITCHBOARD_BASE_URL=http://127.0.0.1:4010 CHATWOOT_API_TOKEN=test CHATWOOT_ACCOUNT_ID=1 \
//! CHATWOOT_INBOX_ID=1 cargo run --example chatwoot
//! ```
//!
//! Optional: `CHATWOOT_PHONE` (default `+391234567`), the contact's number.

use switchboard::chatwoot::{Client, types};
use switchboard::runtime::Error;
use switchboard::runtime::serde_json::Value;

/// What the example needs to talk to Chatwoot.
pub struct Credentials {
    /// A user access token (profile settings → access token).
    pub api_token: String,
    /// The numeric account id.
    pub account_id: i64,
    /// The inbox the contact belongs to.
    pub inbox_id: i64,
    /// The contact's phone number (E.164).
    pub phone: String,
}

impl Credentials {
    /// Reads `CHATWOOT_API_TOKEN`, `CHATWOOT_ACCOUNT_ID`, `CHATWOOT_INBOX_ID`
    /// and the optional `CHATWOOT_PHONE`.
    #[allow(dead_code)]
    pub fn from_env() -> Result<Self, String> {
        let required = |name: &str| std::env::var(name).map_err(|_| format!("set {name} (see examples/chatwoot.rs)"));
        let number = |name: &str| -> Result<i64, String> {
            required(name)?.parse().map_err(|_| format!("{name} must be a number"))
        };
        Ok(Self {
            api_token: required("CHATWOOT_API_TOKEN")?,
            account_id: number("CHATWOOT_ACCOUNT_ID")?,
            inbox_id: number("CHATWOOT_INBOX_ID")?,
            phone: std::env::var("CHATWOOT_PHONE").unwrap_or_else(|_| "+391234567".to_owned()),
        })
    }
}

/// What the create call returned.
#[derive(Debug)]
pub enum Outcome {
    /// The body matched the published `extended_contact` schema.
    Typed(types::ExtendedContact),
    /// The body did not match it. Chatwoot servers answer
    /// `{payload: {contact, contact_inbox}}`, while the published schema
    /// describes `{payload: [...], id, availability_status}`
    /// (shared/providers/chatwoot.md §5); the raw JSON is kept.
    Untyped(Value),
}

/// Creates one contact. `base_url` replaces `https://app.chatwoot.com/`
/// (for a self-hosted instance or a mock server).
pub async fn run(base_url: Option<&str>, credentials: &Credentials) -> Result<Outcome, String> {
    let mut builder = Client::builder().user_api_key(credentials.api_token.clone());
    if let Some(base_url) = base_url {
        builder = builder.base_url(base_url);
    }
    let chatwoot = builder.build().map_err(|error| error.to_string())?;

    let payload = types::ContactCreatePayload {
        // `type: number` in the published spec, hence `f64`.
        inbox_id: credentials.inbox_id as f64,
        name: Some("Ada Lovelace".to_owned()),
        email: Some("ada@example.com".to_owned()),
        blocked: None,
        phone_number: Some(credentials.phone.clone()),
        avatar: None,
        avatar_url: None,
        identifier: None,
        additional_attributes: None,
        custom_attributes: None,
    };
    match chatwoot.contact_create(credentials.account_id, &payload).await {
        Ok(created) => {
            let created = created.into_inner();
            for contact in created.payload.iter().flatten() {
                println!(
                    "created contact {}: {}",
                    contact.id.map_or_else(|| "-".to_owned(), |id| id.to_string()),
                    contact.name.as_deref().unwrap_or("-")
                );
            }
            Ok(Outcome::Typed(created))
        }
        Err(Error::Decode(error)) => {
            let body: Value =
                switchboard::runtime::serde_json::from_slice(error.body()).map_err(|_| format!("{error}"))?;
            let contact = &body["payload"]["contact"];
            println!(
                "created contact {}: {} (the response did not match the published schema at `{}`)",
                contact["id"],
                contact["name"],
                error.path()
            );
            Ok(Outcome::Untyped(body))
        }
        Err(error) => Err(explain(error)),
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
