//! Creates a Pabbly Chatflow contact, then finds it again by its mobile
//! number (the create response carries no contact id).
//!
//! ```sh
//! PABBLY_API_KEY=… cargo run --example pabbly_chatflow
//! # against a mock server, e.g. `prism mock specs/pabbly-chatflow.yaml`:
//! SWITCHBOARD_BASE_URL=http://127.0.0.1:4010 PABBLY_API_KEY=test cargo run --example pabbly_chatflow
//! ```
//!
//! Optional: `PABBLY_MOBILE` (default `919876543210`), the number to create.

use switchboard::pabbly_chatflow::{Client, types};
use switchboard::runtime::Error;

/// What the example needs to talk to Pabbly Chatflow.
pub struct Credentials {
    /// The API key from Chatflow Settings → "API & Webhooks".
    pub api_key: String,
    /// Mobile number (with dialing code, no `+`) of the contact to create.
    pub mobile: String,
}

impl Credentials {
    /// Reads `PABBLY_API_KEY` and the optional `PABBLY_MOBILE`.
    #[allow(dead_code)]
    pub fn from_env() -> Result<Self, String> {
        Ok(Self {
            api_key: std::env::var("PABBLY_API_KEY")
                .map_err(|_| "set PABBLY_API_KEY to your Chatflow API key".to_owned())?,
            mobile: std::env::var("PABBLY_MOBILE").unwrap_or_else(|_| "919876543210".to_owned()),
        })
    }
}

/// What the example did.
#[derive(Debug)]
pub struct Outcome {
    /// The `data` of the create response.
    pub created: types::CreateContactsData,
    /// The contacts the list call found for the mobile number.
    pub found: Vec<types::Contact>,
}

/// Creates one contact and lists the contacts with its mobile number.
/// `base_url` replaces the spec's server URL (for a mock server).
pub async fn run(base_url: Option<&str>, credentials: &Credentials) -> Result<Outcome, String> {
    let mut builder = Client::builder().bearer_auth(credentials.api_key.clone());
    if let Some(base_url) = base_url {
        builder = builder.base_url(base_url);
    }
    let pabbly = builder.build().map_err(|error| error.to_string())?;

    let contact = types::NewContact {
        mobile: credentials.mobile.clone(),
        name: Some("Ada Lovelace".to_owned()),
        optin: Some(true),
        incoming_blocked: None,
        tags: None,
        attributes: None,
        on_duplicate: None,
    };
    let params = types::CreateContactsParams {
        on_duplicate: Some(types::OnDuplicate::Skip),
    };
    let created = pabbly
        .create_contacts(&params, &[contact])
        .await
        .map_err(explain)?
        .into_inner();
    println!(
        "created: {} ({} failed)",
        created.message.as_deref().unwrap_or("-"),
        created.data.as_ref().and_then(|data| data.failed_count).unwrap_or(0)
    );

    let list = types::ListContactsParams {
        mobile: Some(credentials.mobile.clone()),
        ..Default::default()
    };
    let listed = pabbly.list_contacts(&list).await.map_err(explain)?.into_inner();
    let found = listed.data.and_then(|data| data.contacts).unwrap_or_default();
    for contact in &found {
        println!(
            "found: {} {} ({})",
            contact.id.as_deref().unwrap_or("-"),
            contact.name.as_deref().unwrap_or("-"),
            contact.mobile.as_deref().unwrap_or("-")
        );
    }
    Ok(Outcome {
        created: created.data.unwrap_or_default(),
        found,
    })
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
