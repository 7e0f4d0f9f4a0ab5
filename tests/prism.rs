//! Conformance against Prism, the OpenAPI mock server
//! (`tools/node_modules/.bin/prism`, installed by `scripts/setup-test-tools`).
//!
//! Each test starts `prism mock <document> -p <free port>` on a spec's
//! effective document (the spec after its conventional overlay, so
//! `specs/chatwoot.yaml` with `specs/chatwoot.overlay.yaml` applied: the
//! document the client is generated from; see `tests/common/mod.rs`).
//! Prism answers with the document's examples (or values made from the
//! schemas) and validates every request against it: a request that violates
//! it gets a 4xx (422, or the operation's documented 400/401) with the
//! violations in the `sl-violations` header. A call that succeeds and
//! parses therefore shows that the generated client's request conforms to
//! the document and that the typed response accepts what it describes.
//!
//! The runnable examples in `examples/` are compiled in here too and run
//! against Prism.
//!
//! Missing tools fail these tests (run `scripts/setup-test-tools`), unless
//! `SWITCHBOARD_SKIP_TOOL_TESTS=1`; see `tests/common/mod.rs`.

mod common;

#[path = "../examples/awal.rs"]
mod awal_example;
#[path = "../examples/callbell.rs"]
mod callbell_example;
#[path = "../examples/chatwoot.rs"]
mod chatwoot_example;
#[path = "../examples/pabbly_chatflow.rs"]
mod pabbly_example;

use std::fs::File;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde::de::DeserializeOwned;
use serde_json::Value;
use switchboard::runtime::reqwest::header::HeaderMap;
use switchboard::runtime::{Error, FilePart, RetryPolicy};
use switchboard::{awal, callbell, chatwoot, pabbly_chatflow as pabbly};

const STARTUP_TIMEOUT: Duration = Duration::from_secs(60);

/// A running `prism mock`, killed when dropped.
struct Prism {
    child: Child,
    base_url: String,
    log: PathBuf,
}

impl Prism {
    /// Starts Prism on the effective document of `specs/<spec>` and waits
    /// until it accepts connections; `None` when the tool is missing and
    /// the test is skipped.
    fn start(spec: &str, test: &str) -> Option<Self> {
        let prism = common::require(common::node_tool("prism"), test)?;
        let spec_path = &common::effective_spec(spec).effective;
        // Another process may take the free port between the probe and
        // Prism's bind; try a few ports.
        let mut last_log = String::new();
        for _ in 0..3 {
            let port = free_port();
            let log = std::env::temp_dir().join(format!(
                "switchboard-prism-{}-{port}.log",
                spec.trim_end_matches(".yaml")
            ));
            let out = File::create(&log).expect("log file");
            let err = out.try_clone().expect("log file");
            let mut command = Command::new(&prism);
            common::node_env(&mut command)
                .arg("mock")
                .arg(spec_path)
                .args(["-h", "127.0.0.1", "-p", &port.to_string()])
                .stdin(Stdio::null())
                .stdout(out)
                .stderr(err);
            let child = command
                .spawn()
                .unwrap_or_else(|error| panic!("could not start {}: {error}", prism.display()));
            let mut prism_process = Self {
                child,
                base_url: format!("http://127.0.0.1:{port}"),
                log,
            };
            match prism_process.wait_until_ready(port) {
                Ok(()) => return Some(prism_process),
                Err(log) => last_log = log,
            }
        }
        panic!("Prism did not start for {spec}:\n{last_log}");
    }

    /// Polls the port until it accepts a connection and this Prism has
    /// logged that it listens (so the port is not some other process's);
    /// `Err(log)` when Prism exited first.
    fn wait_until_ready(&mut self, port: u16) -> Result<(), String> {
        let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        let started = Instant::now();
        loop {
            if self.log().contains("Prism is listening")
                && TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_ok()
            {
                return Ok(());
            }
            if let Some(status) = self.child.try_wait().expect("child status") {
                return Err(format!("Prism exited with {status}:\n{}", self.log()));
            }
            assert!(
                started.elapsed() < STARTUP_TIMEOUT,
                "Prism did not accept connections on port {port} within {STARTUP_TIMEOUT:?}:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// What Prism printed (its request log and validation messages).
    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_file(&self.log);
    }
}

fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port()
}

/// Fails with everything Prism said when a call failed.
fn expect_ok<T, E: std::fmt::Debug>(result: Result<T, Error<E>>, prism: &Prism, what: &str) -> T {
    result.unwrap_or_else(|error| {
        let violations = error
            .headers()
            .and_then(|headers| headers.get("sl-violations"))
            .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned());
        panic!(
            "{what} failed against Prism: {error}\nsl-violations: {}\nerror: {error:?}\n--- Prism log ---\n{}",
            violations.as_deref().unwrap_or("none"),
            prism.log()
        )
    })
}

/// Prism reports violations of the request (and of its own response) in
/// `sl-violations`; a conforming exchange has none.
fn assert_no_violations(headers: &HeaderMap, prism: &Prism) {
    if let Some(violations) = headers.get("sl-violations") {
        panic!(
            "Prism reported violations: {}\n--- Prism log ---\n{}",
            String::from_utf8_lossy(violations.as_bytes()),
            prism.log()
        );
    }
}

/// The example at `pointer` in the effective document of `specs/<spec>`, as `T`.
fn spec_example<T: DeserializeOwned>(spec: &str, pointer: &str) -> T {
    let spec: Value = common::effective_spec(spec).effective_value();
    let example = spec
        .pointer(pointer)
        .unwrap_or_else(|| panic!("no example at {pointer}"))
        .clone();
    serde_json::from_value(example).expect("the example has the generated type")
}

// ---------------------------------------------------------------------------
// Create contact, per provider
// ---------------------------------------------------------------------------

#[tokio::test]
async fn pabbly_create_contacts_conforms() {
    let Some(prism) = Prism::start("pabbly-chatflow.yaml", "pabbly_create_contacts_conforms") else {
        return;
    };
    // Prism serves the paths without the server's `/api/v1` prefix.
    let client = pabbly::Client::builder()
        .base_url(&prism.base_url)
        .bearer_auth("test-api-key")
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client builds");
    let contacts = [pabbly::types::NewContact {
        mobile: "9179897xxxxx".into(),
        name: Some("Alex cron".into()),
        optin: Some(true),
        incoming_blocked: Some(false),
        tags: Some(vec!["indian".into(), "vegetarian".into()]),
        attributes: Some(vec![pabbly::types::Attribute {
            name: "city".into(),
            value: Some("bhopal".into()),
        }]),
        on_duplicate: Some(pabbly::types::OnDuplicate::Overwrite),
    }];
    let params = pabbly::types::CreateContactsParams {
        on_duplicate: Some(pabbly::types::OnDuplicate::Skip),
    };
    let created = expect_ok(
        client.create_contacts(&params, &contacts).await,
        &prism,
        "createContacts",
    );
    assert_eq!(created.status().as_u16(), 200);
    assert_no_violations(created.headers(), &prism);
    let expected: pabbly::types::CreateContactsResponse = spec_example(
        "pabbly-chatflow.yaml",
        "/components/responses/ContactsCreated/content/application~1json/example",
    );
    assert_eq!(created.into_inner(), expected);
}

#[tokio::test]
async fn callbell_create_contact_conforms() {
    let Some(prism) = Prism::start("callbell.yaml", "callbell_create_contact_conforms") else {
        return;
    };
    let client = callbell::Client::builder()
        .base_url(&prism.base_url)
        .bearer_auth("test-token")
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client builds");
    let request = callbell::types::CreateContactRequest {
        identifier: "123456789".into(),
        source: "whatsapp".into(),
        name: "John Doe".into(),
        tags: Some(vec!["Call back".into()]),
        custom_fields: Some(
            [
                (
                    "Billing Address".to_owned(),
                    callbell::types::CustomFieldValue::String("Main Street 1".into()),
                ),
                (
                    "Interests".to_owned(),
                    callbell::types::CustomFieldValue::StringList(vec!["a".into(), "b".into()]),
                ),
            ]
            .into(),
        ),
        assigned_user: Some("agent@example.com".into()),
        team_uuid: Some("5f1c0e3a9b8d4c2e".into()),
        channel_uuid: Some("b1c2d3e4".into()),
        bot_status: Some(callbell::types::BotStatus::BotStart),
        note: Some("Prefers WhatsApp".into()),
    };
    let created = expect_ok(client.create_contact(&request).await, &prism, "createContact");
    assert_eq!(created.status().as_u16(), 200);
    assert_no_violations(created.headers(), &prism);
    let expected: callbell::types::ContactResponse = spec_example(
        "callbell.yaml",
        "/components/responses/ContactCreated/content/application~1json/example",
    );
    assert_eq!(created.into_inner(), expected);
}

#[tokio::test]
async fn callbell_prism_rejects_a_request_that_violates_the_spec() {
    let Some(prism) = Prism::start(
        "callbell.yaml",
        "callbell_prism_rejects_a_request_that_violates_the_spec",
    ) else {
        return;
    };
    let client = callbell::Client::builder()
        .base_url(&prism.base_url)
        .bearer_auth("test-token")
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client builds");
    // `note` has `maxLength: 1000`.
    let request = callbell::types::CreateContactRequest {
        identifier: "123456789".into(),
        source: "whatsapp".into(),
        name: "John Doe".into(),
        tags: None,
        custom_fields: None,
        assigned_user: None,
        team_uuid: None,
        channel_uuid: None,
        bot_status: None,
        note: Some("x".repeat(1001)),
    };
    let error = client
        .create_contact(&request)
        .await
        .expect_err("Prism validates requests");
    assert!(
        error.status().is_some_and(|status| status.is_client_error()),
        "{error:?}"
    );
    let violations = error.headers().expect("a response")["sl-violations"]
        .to_str()
        .expect("text");
    assert!(violations.contains("note"), "{violations}");
}

fn awal_client(prism: &Prism) -> awal::Client {
    awal::Client::builder()
        .base_url(&prism.base_url)
        .hmac_secret("test-secret")
        .workspace_domain("your-workspace")
        .client_id("client-123")
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client builds")
}

fn awal_form(phone: &str) -> awal::types::CreateContactForm {
    awal::types::CreateContactForm {
        name: "Ahmed Mohammed".into(),
        phone: phone.into(),
        email: Some("ahmed@example.com".into()),
        branch_id: Some("2".into()),
        contact_group_id: Some("1".into()),
        description: Some("VIP".into()),
        address: Some("King Fahd Road, Riyadh".into()),
        full_name: Some("Ahmed Mohammed Al-Saud".into()),
        is_favorite: true,
        file: Some(
            FilePart::new(&b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\xff\xd9"[..])
                .file_name("avatar.jpg")
                .content_type("image/jpeg"),
        ),
        avatar: Some("https://example.com/avatar.jpg".into()),
    }
}

#[tokio::test]
async fn awal_create_contact_conforms() {
    let Some(prism) = Prism::start("awal.yaml", "awal_create_contact_conforms") else {
        return;
    };
    let client = awal_client(&prism);
    let params = awal::types::CreateContactParams {
        phone_number_id: "123456".into(),
        x_api_version: Some("v1".into()),
    };
    let created = expect_ok(
        client.create_contact(&params, &awal_form("96650000000")).await,
        &prism,
        "createContact",
    );
    assert_eq!(created.status().as_u16(), 201);
    assert_no_violations(created.headers(), &prism);
    let expected: awal::types::ContactEnvelope = spec_example(
        "awal.yaml",
        "/paths/~1contacts/post/responses/201/content/application~1json/example",
    );
    assert_eq!(created.into_inner(), expected);

    // The JSON operation too.
    let params = awal::types::SendTextMessageParams {
        phone_number_id: "123".into(),
        x_api_version: None,
    };
    let body = awal::types::SendTextMessageRequest {
        phone: "96650000000".into(),
        body: "Hello".into(),
    };
    let sent = expect_ok(
        client.send_text_message(&params, &body).await,
        &prism,
        "sendTextMessage",
    );
    assert!(sent.status().is_success());
    assert_no_violations(sent.headers(), &prism);
}

#[tokio::test]
async fn awal_prism_rejects_a_request_that_violates_the_spec() {
    let Some(prism) = Prism::start("awal.yaml", "awal_prism_rejects_a_request_that_violates_the_spec") else {
        return;
    };
    // `phone` must match `^[1-9][0-9]+$`: no `+`.
    let params = awal::types::CreateContactParams {
        phone_number_id: "123456".into(),
        x_api_version: None,
    };
    let error = awal_client(&prism)
        .create_contact(&params, &awal_form("+96650000000"))
        .await
        .expect_err("Prism validates multipart bodies");
    let Error::Api(api) = error else {
        panic!("expected Error::Api, got {error:?}");
    };
    assert_eq!(api.status().as_u16(), 422);
    let violations = api.headers()["sl-violations"].to_str().expect("text");
    assert!(violations.contains("phone"), "{violations}");
    // Prism answers with the operation's documented 422, its body made
    // from the spec's `Error` schema, so it decodes as the typed error.
    assert!(api.typed().is_some(), "{api:?}");
}

fn chatwoot_client(prism: &Prism) -> chatwoot::Client {
    // With the trailing slash of the published server URL.
    chatwoot::Client::builder()
        .base_url(format!("{}/", prism.base_url))
        .user_api_key("test-token")
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client builds")
}

#[tokio::test]
async fn chatwoot_contact_create_conforms() {
    let Some(prism) = Prism::start("chatwoot.yaml", "chatwoot_contact_create_conforms") else {
        return;
    };
    let client = chatwoot_client(&prism);
    // Every property of the JSON payload.
    let payload = chatwoot::types::ContactCreatePayload {
        inbox_id: Some(1),
        name: Some("Alice".into()),
        email: Some("alice@acme.inc".into()),
        blocked: Some(false),
        phone_number: Some("+123456789".into()),
        avatar_url: Some("https://example.com/avatar.png".into()),
        identifier: Some("1234567890".into()),
        additional_attributes: Some(
            serde_json::json!({"type": "customer", "age": 30})
                .as_object()
                .expect("object")
                .clone(),
        ),
        custom_attributes: Some(Default::default()),
        source_id: Some("crm-1234567890".into()),
        company_id: Some(None),
    };
    let created = expect_ok(client.contact_create(1, &payload).await, &prism, "contactCreate");
    assert_eq!(created.status().as_u16(), 200);
    assert_no_violations(created.headers(), &prism);
    // No example: Prism builds the body from `contact_create_response`, and
    // it decodes into the corrected type (the contact with its contact
    // inboxes, and the contact inbox).
    let created: chatwoot::types::ContactCreateResponse = created.into_inner();
    let _: &Vec<chatwoot::types::ContactInboxes> = &created.payload.contact.contact_inboxes;
    let _: &chatwoot::types::ContactCreateInbox = &created.payload.contact_inbox;
}

#[tokio::test]
async fn chatwoot_contact_create_multipart_conforms() {
    let Some(prism) = Prism::start("chatwoot.yaml", "chatwoot_contact_create_multipart_conforms") else {
        return;
    };
    let form = chatwoot::types::ContactCreateMultipartPayload {
        inbox_id: Some(1),
        source_id: Some("crm-1".into()),
        name: Some("Alice".into()),
        email: Some("alice@acme.inc".into()),
        blocked: Some(false),
        phone_number: Some("+123456789".into()),
        identifier: Some("1234567890".into()),
        avatar_url: None,
        company_id: Some(3),
        avatar: Some(
            FilePart::new(&b"\x89PNG\r\n\x1a\n"[..])
                .file_name("avatar.png")
                .content_type("image/png"),
        ),
    };
    let created = expect_ok(
        chatwoot_client(&prism).contact_create_multipart(1, &form).await,
        &prism,
        "contactCreate (multipart)",
    );
    assert_eq!(created.status().as_u16(), 200);
    assert_no_violations(created.headers(), &prism);
}

#[tokio::test]
async fn chatwoot_contact_details_conforms() {
    let Some(prism) = Prism::start("chatwoot.yaml", "chatwoot_contact_details_conforms") else {
        return;
    };
    let client = chatwoot_client(&prism);
    for params in [
        chatwoot::types::ContactDetailsParams::default(),
        chatwoot::types::ContactDetailsParams {
            include_contact_inboxes: Some(false),
        },
    ] {
        let shown = expect_ok(client.contact_details(1, 1042, &params).await, &prism, "contactDetails");
        assert_eq!(shown.status().as_u16(), 200);
        assert_no_violations(shown.headers(), &prism);
        let _: &chatwoot::types::ContactRecord = &shown.payload;
    }
}

#[tokio::test]
async fn chatwoot_contact_list_conforms() {
    let Some(prism) = Prism::start("chatwoot.yaml", "chatwoot_contact_list_conforms") else {
        return;
    };
    let client = chatwoot_client(&prism);
    for params in [
        chatwoot::types::ContactListParams::default(),
        chatwoot::types::ContactListParams {
            sort: Some(chatwoot::types::ContactListSort::MinusLastActivityAt),
            page: Some(2),
            labels: Some(vec!["vip".into(), "billing".into()]),
            include_contact_inboxes: Some(true),
        },
    ] {
        let listed = expect_ok(client.contact_list(1, &params).await, &prism, "contactList");
        assert_eq!(listed.status().as_u16(), 200);
        assert_no_violations(listed.headers(), &prism);
        let _: &chatwoot::types::ContactPageMeta = &listed.meta;
    }
}

#[tokio::test]
async fn chatwoot_contact_search_update_and_delete_conform() {
    let Some(prism) = Prism::start("chatwoot.yaml", "chatwoot_contact_search_update_and_delete_conform") else {
        return;
    };
    let client = chatwoot_client(&prism);

    let params = chatwoot::types::ContactSearchParams {
        q: Some("alice".into()),
        sort: Some(chatwoot::types::ContactSearchSort::Name),
        page: Some(1),
        include_contact_inboxes: None,
    };
    let found = expect_ok(client.contact_search(1, &params).await, &prism, "contactSearch");
    assert_no_violations(found.headers(), &prism);

    let changes = chatwoot::types::ContactUpdatePayload {
        name: Some("Alice Martin".into()),
        custom_attributes: Some(serde_json::json!({"seats": 25}).as_object().expect("object").clone()),
        ..Default::default()
    };
    let updated = expect_ok(
        client.contact_update(1, 1042, &Default::default(), &changes).await,
        &prism,
        "contactUpdate",
    );
    assert_eq!(updated.status().as_u16(), 200, "200 with the contact, not 204");
    assert_no_violations(updated.headers(), &prism);

    let deleted = expect_ok(client.contact_delete(1, 1042).await, &prism, "contactDelete");
    assert_eq!(deleted.status().as_u16(), 200);
    assert_no_violations(deleted.headers(), &prism);
}

#[tokio::test]
async fn chatwoot_prism_rejects_a_request_that_violates_the_corrected_spec() {
    let Some(prism) = Prism::start(
        "chatwoot.yaml",
        "chatwoot_prism_rejects_a_request_that_violates_the_corrected_spec",
    ) else {
        return;
    };
    // `sort` is an enum of the keys the server sorts on.
    let params = chatwoot::types::ContactListParams {
        sort: Some(chatwoot::types::ContactListSort::Unknown("-bogus".into())),
        ..Default::default()
    };
    let error = chatwoot_client(&prism)
        .contact_list(1, &params)
        .await
        .expect_err("Prism validates the query against the effective document");
    // contactList documents no 400 or 422, so Prism answers its own 422
    // problem document, which lists the violations.
    let Error::Api(api) = error else {
        panic!("expected Error::Api, got {error:?}");
    };
    assert_eq!(api.status().as_u16(), 422, "{api:?}");
    assert_eq!(api.typed(), None, "not a documented error");
    let problem: Value = serde_json::from_slice(api.body()).expect("a JSON problem document");
    let locations: Vec<&Value> = problem["validation"]
        .as_array()
        .expect("validation")
        .iter()
        .map(|violation| &violation["location"])
        .collect();
    assert_eq!(locations, [&serde_json::json!(["query", "sort"])], "{problem:#}");
}

// ---------------------------------------------------------------------------
// The examples in examples/, run against Prism
// ---------------------------------------------------------------------------

#[tokio::test]
async fn pabbly_example_runs() {
    let Some(prism) = Prism::start("pabbly-chatflow.yaml", "pabbly_example_runs") else {
        return;
    };
    let credentials = pabbly_example::Credentials {
        api_key: "test-api-key".into(),
        mobile: "919876543210".into(),
    };
    let outcome = pabbly_example::run(Some(&prism.base_url), &credentials)
        .await
        .unwrap_or_else(|error| panic!("{error}\n--- Prism log ---\n{}", prism.log()));
    let created = outcome.created.created_contacts.expect("createdContacts");
    assert_eq!(created[0].name.as_deref(), Some("Alex cron"), "the spec's example");
    assert!(!outcome.found.is_empty(), "Prism lists a contact");
}

#[tokio::test]
async fn callbell_example_runs() {
    let Some(prism) = Prism::start("callbell.yaml", "callbell_example_runs") else {
        return;
    };
    let credentials = callbell_example::Credentials {
        token: "test-token".into(),
        identifier: "391234567".into(),
    };
    let outcome = callbell_example::run(Some(&prism.base_url), &credentials)
        .await
        .unwrap_or_else(|error| panic!("{error}\n--- Prism log ---\n{}", prism.log()));
    assert_eq!(
        outcome.created.uuid.as_deref(),
        Some("414a6d692bd645ed803f2e7ce360d4c8"),
        "the spec's example"
    );
    assert!(outcome.fetched.uuid.is_some());
}

#[tokio::test]
async fn awal_example_runs() {
    let Some(prism) = Prism::start("awal.yaml", "awal_example_runs") else {
        return;
    };
    let credentials = awal_example::Credentials {
        hmac_secret: "test-secret".into(),
        domain: "your-workspace".into(),
        client_id: "client-123".into(),
        phone_number_id: "123456".into(),
        phone: "966500000000".into(),
        avatar: Some(
            FilePart::new(&b"\x89PNG\r\n\x1a\n"[..])
                .file_name("avatar.png")
                .content_type("image/png"),
        ),
        sign_full_path: false,
    };
    let outcome = awal_example::run(Some(&prism.base_url), &credentials)
        .await
        .unwrap_or_else(|error| panic!("{error}\n--- Prism log ---\n{}", prism.log()));
    assert_eq!(outcome.created.id, Some(1), "the spec's example");
    // `data` of the list response is free-form; Prism fills it or not.
    let _ = outcome.listed;
}

#[tokio::test]
async fn chatwoot_example_runs() {
    let Some(prism) = Prism::start("chatwoot.yaml", "chatwoot_example_runs") else {
        return;
    };
    let credentials = chatwoot_example::Credentials {
        api_token: "test-token".into(),
        account_id: 1,
        inbox_id: Some(1),
        phone: "+391234567".into(),
    };
    let base_url = format!("{}/", prism.base_url);
    let outcome = chatwoot_example::run(Some(&base_url), &credentials)
        .await
        .unwrap_or_else(|error| panic!("{error}\n--- Prism log ---\n{}", prism.log()));
    // Prism makes both bodies from the schemas, so the ids need not agree;
    // that both calls decoded into the corrected types is the point.
    let _: &chatwoot::types::ContactRecord = &outcome.fetched;
    let _: &chatwoot::types::ContactCreateInbox = &outcome.created.payload.contact_inbox;
    assert!(
        prism.log().contains("/api/v1/accounts/1/contacts/"),
        "the example read the contact back:\n{}",
        prism.log()
    );
}
