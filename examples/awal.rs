//! Creates an Awal Chat contact (a signed `multipart/form-data` request),
//! then lists the contacts. Awal documents no "get one contact" call.
//!
//! ```sh
//! AWAL_HMAC_SECRET=… AWAL_DOMAIN=your-workspace AWAL_CLIENT_ID=client-123 \
//! AWAL_PHONE_NUMBER_ID=123456 cargo run --example awal
//! # against a mock server, e.g. `prism mock specs/awal.yaml`:
//! SWITCHBOARD_BASE_URL=http://127.0.0.1:4010 AWAL_HMAC_SECRET=s AWAL_DOMAIN=d \
//! AWAL_CLIENT_ID=c AWAL_PHONE_NUMBER_ID=123456 cargo run --example awal
//! ```
//!
//! Optional: `AWAL_PHONE` (default `966500000000`), the contact's number;
//! `AWAL_AVATAR`, the path of a JPG or PNG to upload as the avatar;
//! `AWAL_SIGNING_PATH=full` to sign the whole URL path
//! (`/api/developer/contacts`) instead of the path after the base URL
//! (`/contacts`), which the docs leave open.

use switchboard::awal::{Client, types};
use switchboard::runtime::{Error, FilePart, PathMode};

/// What the example needs to talk to Awal Chat.
pub struct Credentials {
    /// The account's `hmacSecret`, the key of the request signature.
    pub hmac_secret: String,
    /// The workspace domain (`X-Domain`).
    pub domain: String,
    /// The client id (`X-Client-ID`).
    pub client_id: String,
    /// The sender's phone-number id (`phone_number_id` query parameter).
    pub phone_number_id: String,
    /// The new contact's phone number, international digits without `+`.
    pub phone: String,
    /// An avatar image to upload, if any.
    pub avatar: Option<FilePart>,
    /// Sign the full URL path instead of the path after the base URL.
    pub sign_full_path: bool,
}

impl Credentials {
    /// Reads the `AWAL_*` variables described at the top of this file.
    #[allow(dead_code)]
    pub fn from_env() -> Result<Self, String> {
        let required = |name: &str| std::env::var(name).map_err(|_| format!("set {name} (see examples/awal.rs)"));
        let avatar = match std::env::var("AWAL_AVATAR") {
            Ok(path) => {
                let bytes = std::fs::read(&path).map_err(|error| format!("{path}: {error}"))?;
                let content_type = if path.to_ascii_lowercase().ends_with(".png") {
                    "image/png"
                } else {
                    "image/jpeg"
                };
                let file_name = std::path::Path::new(&path)
                    .file_name()
                    .map_or_else(|| "avatar".to_owned(), |name| name.to_string_lossy().into_owned());
                Some(FilePart::new(bytes).file_name(file_name).content_type(content_type))
            }
            Err(_) => None,
        };
        Ok(Self {
            hmac_secret: required("AWAL_HMAC_SECRET")?,
            domain: required("AWAL_DOMAIN")?,
            client_id: required("AWAL_CLIENT_ID")?,
            phone_number_id: required("AWAL_PHONE_NUMBER_ID")?,
            phone: std::env::var("AWAL_PHONE").unwrap_or_else(|_| "966500000000".to_owned()),
            avatar,
            sign_full_path: std::env::var("AWAL_SIGNING_PATH").is_ok_and(|mode| mode == "full"),
        })
    }
}

/// What the example did.
#[derive(Debug)]
pub struct Outcome {
    /// The created contact.
    pub created: types::Contact,
    /// The `data` of the list response (its shape is not documented).
    pub listed: Option<switchboard::runtime::serde_json::Value>,
}

/// Creates one contact and lists the contacts. `base_url` replaces the
/// spec's server URL (for a mock server or another API version).
pub async fn run(base_url: Option<&str>, credentials: &Credentials) -> Result<Outcome, String> {
    let mut builder = Client::builder()
        .hmac_secret(credentials.hmac_secret.clone())
        .workspace_domain(credentials.domain.clone())
        .client_id(credentials.client_id.clone())
        // Awal requires `Accept: application/json` on every request
        // (awal.md §2); the spec states it in prose only, so the generated
        // client does not send it by itself.
        .default_header("Accept", "application/json");
    if let Some(base_url) = base_url {
        builder = builder.base_url(base_url);
    }
    if credentials.sign_full_path {
        builder = builder.signing_path_mode(PathMode::Full);
    }
    let awal = builder.build().map_err(|error| error.to_string())?;

    let form = types::CreateContactForm {
        name: "Ada Lovelace".to_owned(),
        phone: credentials.phone.clone(),
        email: Some("ada@example.com".to_owned()),
        branch_id: None,
        contact_group_id: None,
        description: None,
        address: None,
        full_name: None,
        is_favorite: true,
        file: credentials.avatar.clone(),
        avatar: None,
    };
    let params = types::CreateContactParams {
        phone_number_id: credentials.phone_number_id.clone(),
        x_api_version: None,
    };
    let created = awal.create_contact(&params, &form).await.map_err(explain)?.into_inner();
    let created = created.data.ok_or("the create response has no data")?;
    println!(
        "created contact {}: {} ({})",
        created.id.map_or_else(|| "-".to_owned(), |id| id.to_string()),
        created.name.as_deref().unwrap_or("-"),
        created.phone.as_deref().unwrap_or("-")
    );

    let listed = awal
        .list_contacts(&types::ListContactsParams::default())
        .await
        .map_err(explain)?
        .into_inner();
    println!("contacts: {}", listed.message.as_deref().unwrap_or("-"));
    Ok(Outcome {
        created,
        listed: listed.data,
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
