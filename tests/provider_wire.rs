//! The create-contact request of each provider client, checked byte for byte
//! on the wire against an in-process mock server, and the documented
//! responses (seed pages in `shared/seeds/`, facts in `shared/providers/`)
//! parsed into the generated types. For Chatwoot, every contact operation of
//! the corrected client (`specs/chatwoot.yaml` + `specs/chatwoot.overlay.yaml`)
//! is checked the same way, fed the reply bodies the server renders
//! (`tests/data/chatwoot/`).

use std::time::{SystemTime, UNIX_EPOCH};

use hmac::{Hmac, KeyInit, Mac};
use serde_json::{Value, json};
use sha2::Sha256;
use switchboard::runtime::reqwest;
use switchboard::runtime::{Error, FilePart, PathMode, RetryPolicy};
use switchboard::{awal, callbell, chatwoot, pabbly_chatflow as pabbly};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// A mock server that answers every request with `status`, `body` (JSON) and
/// the extra `headers`.
async fn serve(status: u16, body: &str, headers: &[(&str, &str)]) -> MockServer {
    let server = MockServer::start().await;
    let mut response = ResponseTemplate::new(status)
        .insert_header("content-type", "application/json")
        .set_body_raw(body.as_bytes().to_vec(), "application/json");
    for (name, value) in headers {
        response = response.insert_header(*name, *value);
    }
    Mock::given(any()).respond_with(response).mount(&server).await;
    server
}

/// The single request the server received.
async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests.len(), 1, "expected exactly one request");
    requests.remove(0)
}

/// A request header as text; panics when it is missing.
fn header<'a>(request: &'a Request, name: &str) -> &'a str {
    request
        .headers
        .get(name)
        .unwrap_or_else(|| panic!("the request has no `{name}` header"))
        .to_str()
        .expect("the header is text")
}

/// `text` parsed as JSON and written back compactly (keys keep their order:
/// the runtime enables serde_json's `preserve_order`).
fn compact(text: &str) -> Vec<u8> {
    let value: Value = serde_json::from_str(text).expect("valid JSON");
    serde_json::to_vec(&value).expect("serialises")
}

fn parse(text: &str) -> Value {
    serde_json::from_str(text).expect("valid JSON")
}

/// HMAC-SHA256 of `message` under `key`, as lower-case hex (formatted by
/// hand, independently of the runtime's encoder).
fn hmac_sha256_hex(key: &str, message: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes()).expect("any key length");
    mac.update(message);
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

/// One part of a `multipart/form-data` body.
#[derive(Debug, PartialEq)]
struct Part {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    data: Vec<u8>,
}

impl Part {
    fn text(name: &str, value: &str) -> Self {
        Self {
            name: name.to_owned(),
            file_name: None,
            content_type: None,
            data: value.as_bytes().to_vec(),
        }
    }
}

/// Parses a `multipart/form-data` body (RFC 7578) strictly: the body must
/// start with the first delimiter and end with the closing one.
fn parse_multipart(content_type: &str, body: &[u8]) -> Vec<Part> {
    let boundary = content_type
        .strip_prefix("multipart/form-data;")
        .unwrap_or_else(|| panic!("not multipart/form-data: {content_type}"))
        .split(';')
        .find_map(|param| param.trim().strip_prefix("boundary="))
        .expect("a boundary parameter")
        .trim_matches('"');
    let delimiter = format!("--{boundary}");
    let next_delimiter = format!("\r\n{delimiter}");
    let mut rest = body
        .strip_prefix(delimiter.as_bytes())
        .expect("the body starts with the first delimiter");
    let mut parts = Vec::new();
    loop {
        if let Some(after) = rest.strip_prefix(b"--") {
            assert_eq!(after, b"\r\n", "nothing but CRLF after the closing delimiter");
            return parts;
        }
        rest = rest.strip_prefix(b"\r\n").expect("CRLF after a delimiter");
        let end = find(rest, next_delimiter.as_bytes()).expect("every part is closed");
        let part = &rest[..end];
        rest = &rest[end + next_delimiter.len()..];

        let head_end = find(part, b"\r\n\r\n").expect("part headers end with an empty line");
        let head = std::str::from_utf8(&part[..head_end]).expect("part headers are text");
        let mut name = None;
        let mut file_name = None;
        let mut content_type = None;
        for line in head.split("\r\n") {
            let (field, value) = line.split_once(':').expect("a header line");
            match field.trim().to_ascii_lowercase().as_str() {
                "content-disposition" => {
                    let mut params = value.split(';').map(str::trim);
                    assert_eq!(params.next(), Some("form-data"));
                    for param in params {
                        let (key, quoted) = param.split_once('=').expect("key=value");
                        let unquoted = quoted
                            .strip_prefix('"')
                            .and_then(|quoted| quoted.strip_suffix('"'))
                            .expect("quoted value")
                            .to_owned();
                        match key {
                            "name" => name = Some(unquoted),
                            "filename" => file_name = Some(unquoted),
                            other => panic!("unexpected Content-Disposition parameter {other}"),
                        }
                    }
                }
                "content-type" => content_type = Some(value.trim().to_owned()),
                other => panic!("unexpected part header {other}"),
            }
        }
        parts.push(Part {
            name: name.expect("every part has a name"),
            file_name,
            content_type,
            data: part[head_end + 4..].to_vec(),
        });
    }
}

// ---------------------------------------------------------------------------
// Pabbly Chatflow
// ---------------------------------------------------------------------------

const PABBLY_KEY: &str = "pabbly-key-0123456789";

/// The example request body of seed 000 (the create-contacts page).
const SEED_000_REQUEST: &str = r#"[
    {
        "mobile": "9179897xxxxx",
        "name": "Alex cron",
        "optin": true,
        "incomingBlocked": false,
        "tags": [
            "indian",
            "vegetarian",
            "engineer"
        ],
        "attributes": [
            {
                "name": "city",
                "value": "bhopal"
            }
        ]
    }
]"#;

/// The "Response (200)" of seed 000, verbatim.
const SEED_000_RESPONSE: &str = r#"{
    "status": "success",
    "message": "1 contact saved successfully",
    "data": {
        "createdContacts": [
            {
                "mobile": "917697xxxxx",
                "name": "Alex cron",
                "optin": true,
                "incomingBlocked": false,
                "tags": [
                    "indian",
                    "vegetarian",
                    "engineer"
                ],
                "attributes": [
                    {
                        "name": "city",
                        "value": "bhopal"
                    }
                ],
                "source": "api",
                "list": [
                    "all",
                    "sups"
                ]
            }
        ],
        "failedCount": 0,
        "failedContacts": []
    }
}"#;

fn pabbly_client(server: &MockServer) -> pabbly::Client {
    pabbly::Client::builder()
        .base_url(server.uri())
        .bearer_auth(PABBLY_KEY)
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client builds")
}

fn seed_000_contacts() -> Vec<pabbly::types::NewContact> {
    vec![pabbly::types::NewContact {
        mobile: "9179897xxxxx".into(),
        name: Some("Alex cron".into()),
        optin: Some(true),
        incoming_blocked: Some(false),
        tags: Some(vec!["indian".into(), "vegetarian".into(), "engineer".into()]),
        attributes: Some(vec![pabbly::types::Attribute {
            name: "city".into(),
            value: Some("bhopal".into()),
        }]),
        on_duplicate: None,
    }]
}

#[tokio::test]
async fn pabbly_create_contacts_sends_the_documented_request() {
    let server = serve(200, SEED_000_RESPONSE, &[]).await;
    let contacts = seed_000_contacts();
    let created = pabbly_client(&server)
        .create_contacts(&Default::default(), &contacts)
        .await
        .expect("the seed's 200 response parses");

    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/contacts");
    assert_eq!(request.url.query(), None, "no onDuplicate unless set");
    assert_eq!(header(&request, "authorization"), format!("Bearer {PABBLY_KEY}"));
    assert_eq!(header(&request, "content-type"), "application/json");
    // A JSON array, exactly as serde writes the typed value, and that is
    // exactly the seed's example request body.
    assert_eq!(request.body, serde_json::to_vec(&contacts).expect("serialises"));
    assert_eq!(request.body, compact(SEED_000_REQUEST));

    // The seed's success response, field by field.
    assert_eq!(created.status().as_u16(), 200);
    let body = created.into_inner();
    assert_eq!(body.status.as_deref(), Some("success"));
    assert_eq!(body.success, None);
    assert_eq!(body.message.as_deref(), Some("1 contact saved successfully"));
    let data = body.data.expect("data");
    assert_eq!(data.failed_count, Some(0));
    assert_eq!(data.failed_contacts, Some(vec![]));
    let contacts = data.created_contacts.expect("createdContacts");
    assert_eq!(contacts.len(), 1);
    let contact = &contacts[0];
    assert_eq!(contact.mobile.as_deref(), Some("917697xxxxx"));
    assert_eq!(contact.name.as_deref(), Some("Alex cron"));
    assert_eq!(contact.optin, Some(true));
    assert_eq!(contact.incoming_blocked, Some(false));
    assert_eq!(
        contact.tags.as_deref(),
        Some(&["indian".to_owned(), "vegetarian".to_owned(), "engineer".to_owned()][..])
    );
    assert_eq!(
        contact.attributes,
        Some(vec![pabbly::types::Attribute {
            name: "city".into(),
            value: Some("bhopal".into())
        }])
    );
    assert_eq!(contact.source, Some(pabbly::types::ContactSource::Api));
    assert_eq!(
        contact.list.as_deref(),
        Some(&["all".to_owned(), "sups".to_owned()][..])
    );
}

#[tokio::test]
async fn pabbly_on_duplicate_is_sent_as_a_query_parameter() {
    let server = serve(200, SEED_000_RESPONSE, &[]).await;
    let params = pabbly::types::CreateContactsParams {
        on_duplicate: Some(pabbly::types::OnDuplicate::Overwrite),
    };
    pabbly_client(&server)
        .create_contacts(&params, &seed_000_contacts())
        .await
        .expect("succeeds");
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/contacts");
    assert_eq!(request.url.query(), Some("onDuplicate=overwrite"));
    assert_eq!(request.body, compact(SEED_000_REQUEST));
}

#[tokio::test]
async fn pabbly_documented_errors_are_typed() {
    // The overview's error shape `{"success": false, "error": "..."}`
    // (pabbly.md §1) for each documented status, and for 5xx (`default`).
    for (status, message) in [
        (400, "mobile is required"),
        (401, "Invalid API key"),
        (404, "Not found"),
        (429, "Too many requests"),
        (500, "Internal server error"),
    ] {
        let body = json!({"success": false, "error": message}).to_string();
        let server = serve(status, &body, &[]).await;
        let error = pabbly_client(&server)
            .create_contacts(&Default::default(), &seed_000_contacts())
            .await
            .expect_err("non-2xx is an error");
        let Error::Api(api) = error else {
            panic!("{status}: expected Error::Api, got {error:?}");
        };
        assert_eq!(api.status().as_u16(), status);
        assert_eq!(api.body().as_ref(), body.as_bytes(), "the raw body is kept");
        assert_eq!(
            api.typed(),
            Some(&pabbly::types::Error {
                success: Some(false),
                error: Some(message.to_owned()),
            }),
            "{status}: the documented error body is decoded"
        );
    }
}

// ---------------------------------------------------------------------------
// Callbell
// ---------------------------------------------------------------------------

const CALLBELL_TOKEN: &str = "callbell-token-abcdef";

/// The "Example Response" of seed 001 (POST /contacts), verbatim: `contact`
/// is a one-element array although the table says a single Contact.
const SEED_001_RESPONSE: &str = r#"{
  "contact": [
    {
      "uuid": "414a6d692bd645ed803f2e7ce360d4c8",
      "name": "John Doe",
      "phoneNumber": "123456789",
      "avatarUrl": null,
      "createdAt": "2020-11-13T21:08:53Z",
      "source": "whatsapp",
      "href": "https://dash.callbell.eu/contacts/414a6d692bd645ed803f2e7ce360d4c8",
      "conversationHref": "https://dash.callbell.eu/chat/f3670b13446b412796238b1cd78899f9",
      "tags": [],
      "assignedUser": null,
      "customFields": {}
    }
  ]
}"#;

fn callbell_client(server: &MockServer) -> callbell::Client {
    callbell::Client::builder()
        .base_url(server.uri())
        .bearer_auth(CALLBELL_TOKEN)
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client builds")
}

fn callbell_request() -> callbell::types::CreateContactRequest {
    callbell::types::CreateContactRequest {
        identifier: "123456789".into(),
        source: "whatsapp".into(),
        name: "John Doe".into(),
        tags: Some(vec!["Call back".into(), "Interested".into()]),
        custom_fields: Some(
            [(
                "Billing Address".to_owned(),
                callbell::types::CustomFieldValue::String("Main Street 1".into()),
            )]
            .into(),
        ),
        assigned_user: None,
        team_uuid: None,
        channel_uuid: None,
        bot_status: Some(callbell::types::BotStatus::BotEnd),
        note: None,
    }
}

/// The seed 001 contact, as the generated type.
fn seed_001_contact() -> callbell::types::Contact {
    callbell::types::Contact {
        uuid: Some("414a6d692bd645ed803f2e7ce360d4c8".into()),
        name: Some("John Doe".into()),
        phone_number: Some("123456789".into()),
        avatar_url: Some(None),
        created_at: Some("2020-11-13T21:08:53Z".into()),
        source: Some("whatsapp".into()),
        href: Some("https://dash.callbell.eu/contacts/414a6d692bd645ed803f2e7ce360d4c8".into()),
        conversation_href: Some("https://dash.callbell.eu/chat/f3670b13446b412796238b1cd78899f9".into()),
        tags: Some(vec![]),
        assigned_user: Some(None),
        custom_fields: Some(Default::default()),
        ..Default::default()
    }
}

#[tokio::test]
async fn callbell_create_contact_sends_the_documented_request() {
    let server = serve(200, SEED_001_RESPONSE, &[]).await;
    let body = callbell_request();
    let created = callbell_client(&server)
        .create_contact(&body)
        .await
        .expect("the seed's response parses");

    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/contacts");
    assert_eq!(request.url.query(), None);
    assert_eq!(header(&request, "authorization"), format!("Bearer {CALLBELL_TOKEN}"));
    assert_eq!(header(&request, "content-type"), "application/json");
    assert_eq!(request.body, serde_json::to_vec(&body).expect("serialises"));
    assert_eq!(
        serde_json::from_slice::<Value>(&request.body).expect("JSON"),
        json!({
            "identifier": "123456789",
            "source": "whatsapp",
            "name": "John Doe",
            "tags": ["Call back", "Interested"],
            "custom_fields": {"Billing Address": "Main Street 1"},
            "bot_status": "bot_end"
        })
    );

    // Seed 001's array form: `avatarUrl: null` and `assignedUser: null`
    // stay distinguishable from absent fields.
    let contact = created.into_inner().contact.expect("contact");
    let callbell::types::ContactResponseContact::ContactList(list) = contact else {
        panic!("the seed's `contact` is an array: {contact:?}");
    };
    assert_eq!(list, vec![seed_001_contact()]);
    assert_eq!(list[0].blocked_at, None, "absent, not null");
}

#[tokio::test]
async fn callbell_create_contact_accepts_the_object_form_and_201() {
    // The by-phone / by-bsuid examples show `contact` as an object; the
    // success status of POST /contacts is not documented (200 or 201).
    let object: Value = parse(SEED_001_RESPONSE)["contact"][0].clone();
    let body = json!({ "contact": object }).to_string();
    let server = serve(201, &body, &[]).await;
    let created = callbell_client(&server)
        .create_contact(&callbell_request())
        .await
        .expect("201 with the object form parses");
    assert_eq!(created.status().as_u16(), 201);
    assert_eq!(
        created.into_inner().contact,
        Some(callbell::types::ContactResponseContact::Contact(seed_001_contact()))
    );
}

#[tokio::test]
async fn callbell_errors_keep_the_raw_body() {
    // Callbell documents no error body, so there is no typed error: the raw
    // body is kept.
    let body = r#"{"error":"Unauthorized"}"#;
    let server = serve(401, body, &[]).await;
    let error = callbell_client(&server)
        .create_contact(&callbell_request())
        .await
        .expect_err("401 is an error");
    let Error::Api(api) = error else {
        panic!("expected Error::Api, got {error:?}");
    };
    assert_eq!(api.status().as_u16(), 401);
    assert_eq!(api.typed(), None);
    assert_eq!(api.body().as_ref(), body.as_bytes());
}

// ---------------------------------------------------------------------------
// Awal Chat
// ---------------------------------------------------------------------------

const AWAL_SECRET: &str = "awal-hmac-secret-7f3a";
const AWAL_DOMAIN: &str = "your-workspace";
const AWAL_CLIENT_ID: &str = "client-123";

/// The "Response 201 Created" of seed 003, verbatim.
const SEED_003_RESPONSE: &str = r#"{
"status": true,
"message": "Contact created successfully",
"data": {
  "id": 1,
  "name": "Ahmed Mohammed",
  "phone": "96650000000",
  "email": "ahmed@example.com",
  "contact_group_id": 1,
  "is_favorite": true,
  "avatar": "https://storage.awalchat.com/contacts/1/avatar.jpg",
  "created_at": "2024-01-15T10:30:00Z"
}
}"#;

/// Bytes of a (truncated) JPEG, with CRLF and dashes inside so that a
/// sloppy multipart encoder or parser would trip.
const AVATAR: &[u8] = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\r\n--\r\n\x00\xff\xd9";

fn awal_builder(server: &MockServer) -> awal::ClientBuilder {
    // The spec's server is the single variable `baseUrl`; point it at the
    // mock with the real `/api/developer` prefix.
    awal::Client::builder()
        .server_variable("baseUrl", format!("{}/api/developer", server.uri()))
        .hmac_secret(AWAL_SECRET)
        .workspace_domain(AWAL_DOMAIN)
        .client_id(AWAL_CLIENT_ID)
        .retry_policy(RetryPolicy::none())
}

fn awal_form() -> awal::types::CreateContactForm {
    // The fields of the seed's curl example.
    awal::types::CreateContactForm {
        name: "Ahmed Mohammed".into(),
        phone: "96650000000".into(),
        email: Some("ahmed@example.com".into()),
        branch_id: None,
        contact_group_id: Some("1".into()),
        description: None,
        address: None,
        full_name: None,
        is_favorite: true,
        file: Some(FilePart::new(AVATAR).file_name("avatar.jpg").content_type("image/jpeg")),
        avatar: None,
    }
}

fn awal_params() -> awal::types::CreateContactParams {
    awal::types::CreateContactParams {
        phone_number_id: "123456".into(),
        x_api_version: None,
    }
}

/// Checks `X-Timestamp` and `X-Awal-Signature-256` of `request` against a
/// signature recomputed here over `METHOD + signed_path + ?query +
/// timestamp + body`; returns the signed message.
fn check_awal_signature(request: &Request, signed_path: &str) -> Vec<u8> {
    let timestamp = header(request, "x-timestamp");
    let seconds: u64 = timestamp.parse().expect("X-Timestamp is decimal seconds");
    assert!(
        seconds.abs_diff(now()) < 300,
        "X-Timestamp {seconds} is the current Unix time in seconds"
    );
    let mut message = Vec::new();
    message.extend_from_slice(request.method.as_str().as_bytes());
    message.extend_from_slice(signed_path.as_bytes());
    if let Some(query) = request.url.query() {
        message.push(b'?');
        message.extend_from_slice(query.as_bytes());
    }
    message.extend_from_slice(timestamp.as_bytes());
    message.extend_from_slice(&request.body);

    let signature = header(request, "x-awal-signature-256");
    let hex = signature
        .strip_prefix("sha256=")
        .expect("the signature starts with sha256=");
    assert_eq!(hex.len(), 64);
    assert!(
        hex.bytes().all(|byte| matches!(byte, b'0'..=b'9' | b'a'..=b'f')),
        "lower-case hex: {hex}"
    );
    assert_eq!(
        signature,
        format!("sha256={}", hmac_sha256_hex(AWAL_SECRET, &message)),
        "signature over {:?}",
        String::from_utf8_lossy(&message)
    );
    message
}

#[tokio::test]
async fn awal_create_contact_sends_a_signed_multipart_request() {
    let server = serve(
        201,
        SEED_003_RESPONSE,
        &[
            ("X-RateLimit-Limit", "100"),
            ("X-RateLimit-Remaining", "99"),
            ("X-RateLimit-Reset", "1704124860"),
        ],
    )
    .await;
    let client = awal_builder(&server).build().expect("client builds");
    let created = client
        .create_contact(&awal_params(), &awal_form())
        .await
        .expect("the seed's 201 response parses");

    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/api/developer/contacts");
    assert_eq!(request.url.query(), Some("phone_number_id=123456"));
    assert_eq!(header(&request, "x-domain"), AWAL_DOMAIN);
    assert_eq!(header(&request, "x-client-id"), AWAL_CLIENT_ID);

    // The body, part by part, in the order of the form's fields.
    let content_type = header(&request, "content-type");
    assert_eq!(
        parse_multipart(content_type, &request.body),
        vec![
            Part::text("name", "Ahmed Mohammed"),
            Part::text("phone", "96650000000"),
            Part::text("email", "ahmed@example.com"),
            Part::text("contact_group_id", "1"),
            Part::text("is_favorite", "true"),
            Part {
                name: "file".into(),
                file_name: Some("avatar.jpg".into()),
                content_type: Some("image/jpeg".into()),
                data: AVATAR.to_vec(),
            },
        ]
    );

    // The signature covers the path relative to the base URL, the query
    // with its `?`, the timestamp and the exact multipart bytes.
    let message = check_awal_signature(&request, "/contacts");
    let timestamp = header(&request, "x-timestamp");
    let prefix = format!("POST/contacts?phone_number_id=123456{timestamp}--");
    assert!(message.starts_with(prefix.as_bytes()));

    // The seed's 201 response and the rate-limit headers.
    assert_eq!(created.status().as_u16(), 201);
    assert_eq!(created.headers()["x-ratelimit-limit"], "100");
    assert_eq!(created.headers()["x-ratelimit-remaining"], "99");
    assert_eq!(created.headers()["x-ratelimit-reset"], "1704124860");
    let body = created.into_inner();
    assert_eq!(body.status, Some(true));
    assert_eq!(body.message.as_deref(), Some("Contact created successfully"));
    assert_eq!(
        body.data,
        Some(awal::types::Contact {
            id: Some(1),
            name: Some("Ahmed Mohammed".into()),
            phone: Some("96650000000".into()),
            email: Some("ahmed@example.com".into()),
            contact_group_id: Some(1),
            is_favorite: Some(true),
            avatar: Some("https://storage.awalchat.com/contacts/1/avatar.jpg".into()),
            created_at: Some("2024-01-15T10:30:00Z".into()),
        })
    );
}

#[tokio::test]
async fn awal_send_text_message_signs_the_documented_message() {
    let server = serve(200, r#"{"status":true,"message":"Message sent"}"#, &[]).await;
    let client = awal_builder(&server).build().expect("client builds");
    let params = awal::types::SendTextMessageParams {
        phone_number_id: "123".into(),
        x_api_version: None,
    };
    let body = awal::types::SendTextMessageRequest {
        phone: "96650000000".into(),
        body: "Hello".into(),
    };
    let sent = client.send_text_message(&params, &body).await.expect("succeeds");
    assert_eq!(sent.status, Some(true));

    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/api/developer/w/message/text");
    assert_eq!(header(&request, "content-type"), "application/json");
    assert_eq!(request.body, br#"{"phone":"96650000000","body":"Hello"}"#);
    // Exactly the worked example of the signing page (awal.md §3).
    let message = check_awal_signature(&request, "/w/message/text");
    let timestamp = header(&request, "x-timestamp");
    assert_eq!(
        String::from_utf8(message).expect("text"),
        format!(r#"POST/w/message/text?phone_number_id=123{timestamp}{{"phone":"96650000000","body":"Hello"}}"#)
    );
}

#[tokio::test]
async fn awal_full_path_mode_signs_the_prefix_too() {
    let server = serve(200, r#"{"status":true}"#, &[]).await;
    let client = awal_builder(&server)
        .signing_path_mode(PathMode::Full)
        .build()
        .expect("client builds");
    let params = awal::types::SendTextMessageParams {
        phone_number_id: "123".into(),
        x_api_version: None,
    };
    let body = awal::types::SendTextMessageRequest {
        phone: "96650000000".into(),
        body: "Hello".into(),
    };
    client.send_text_message(&params, &body).await.expect("succeeds");
    let request = only_request(&server).await;
    let message = check_awal_signature(&request, "/api/developer/w/message/text");
    assert!(message.starts_with(b"POST/api/developer/w/message/text?phone_number_id=123"));

    // The relative-path signature of the same request does not match.
    let timestamp = header(&request, "x-timestamp");
    let relative = format!(
        "POST/w/message/text?phone_number_id=123{timestamp}{}",
        String::from_utf8_lossy(&request.body)
    );
    assert_ne!(
        header(&request, "x-awal-signature-256"),
        format!("sha256={}", hmac_sha256_hex(AWAL_SECRET, relative.as_bytes()))
    );
}

#[tokio::test]
async fn awal_get_without_query_signs_an_empty_query_and_body() {
    let server = serve(200, r#"{"status":true,"message":"ok","data":[]}"#, &[]).await;
    let client = awal_builder(&server).build().expect("client builds");
    let listed = client.list_contacts(&Default::default()).await.expect("succeeds");
    assert_eq!(listed.data, Some(json!([])));
    let request = only_request(&server).await;
    assert_eq!(request.url.query(), None);
    assert!(request.body.is_empty());
    let message = check_awal_signature(&request, "/contacts");
    let timestamp = header(&request, "x-timestamp");
    assert_eq!(message, format!("GET/contacts{timestamp}").into_bytes());
}

/// A signer standing in for the declared HMAC signing (a user's own).
struct FixedSigner;

impl switchboard::runtime::RequestSigner for FixedSigner {
    fn sign(
        &self,
        _request: &switchboard::runtime::SigningRequest<'_>,
    ) -> Result<Vec<(reqwest::header::HeaderName, reqwest::header::HeaderValue)>, switchboard::runtime::SigningError>
    {
        Ok(vec![(
            reqwest::header::HeaderName::from_static("x-custom-signature"),
            reqwest::header::HeaderValue::from_static("signed-elsewhere"),
        )])
    }
}

/// The correctness sweep's "unsigned Awal requests": Awal rejects a request
/// without its HMAC headers, so a client without the secret is not built;
/// a signer the user installs replaces the declared one.
#[tokio::test]
async fn awal_without_its_hmac_secret_does_not_build_unless_a_signer_replaces_it() {
    let server = serve(200, r#"{"status":true,"message":"ok","data":[]}"#, &[]).await;
    let unsigned = awal::Client::builder()
        .server_variable("baseUrl", format!("{}/api/developer", server.uri()))
        .workspace_domain(AWAL_DOMAIN)
        .client_id(AWAL_CLIENT_ID)
        .build();
    let Err(error) = unsigned else {
        panic!("built without the HMAC secret")
    };
    assert!(
        matches!(
            error,
            switchboard::runtime::BuildError::MissingSigningSecret {
                secret: "hmacSecret",
                setter: "hmac_secret"
            }
        ),
        "{error:?}"
    );
    assert!(error.to_string().contains("call ClientBuilder::hmac_secret"), "{error}");

    let client = awal::Client::builder()
        .server_variable("baseUrl", format!("{}/api/developer", server.uri()))
        .workspace_domain(AWAL_DOMAIN)
        .client_id(AWAL_CLIENT_ID)
        .signer(FixedSigner)
        .build()
        .expect("a signer stands in for the secret");
    client.list_contacts(&Default::default()).await.expect("succeeds");
    let request = only_request(&server).await;
    assert_eq!(header(&request, "x-custom-signature"), "signed-elsewhere");
    assert!(request.headers.get("x-awal-signature-256").is_none());
}

#[tokio::test]
async fn awal_error_envelopes_are_typed() {
    // The error envelope of awal.md §4; the 409 code is not documented, the
    // shape is.
    let conflict = r#"{"error":"duplicate_phone_number","message":"A contact with this phone number already exists","request_id":"req_7d1f0c"}"#;
    let validation = r#"{"error":"validation_failed","message":"The given data was invalid","details":{"phone":"The phone must be in international format"},"request_id":"req_8e2a1b"}"#;
    for (status, body, expected) in [
        (
            409,
            conflict,
            awal::types::Error {
                error: Some("duplicate_phone_number".into()),
                message: Some("A contact with this phone number already exists".into()),
                details: None,
                request_id: Some("req_7d1f0c".into()),
            },
        ),
        (
            400,
            validation,
            awal::types::Error {
                error: Some("validation_failed".into()),
                message: Some("The given data was invalid".into()),
                details: Some(
                    [(
                        "phone".to_owned(),
                        "The phone must be in international format".to_owned(),
                    )]
                    .into(),
                ),
                request_id: Some("req_8e2a1b".into()),
            },
        ),
    ] {
        let server = serve(status, body, &[]).await;
        let client = awal_builder(&server).build().expect("client builds");
        let error = client
            .create_contact(&awal_params(), &awal_form())
            .await
            .expect_err("an error status");
        let Error::Api(api) = error else {
            panic!("{status}: expected Error::Api, got {error:?}");
        };
        assert_eq!(api.status().as_u16(), status);
        assert_eq!(api.typed(), Some(&expected));
        assert_eq!(api.body().as_ref(), body.as_bytes());
    }
}

#[tokio::test]
async fn awal_rate_limit_keeps_headers_and_is_not_retried_for_post() {
    let body = r#"{"error":"Rate limit exceeded","message":"Too many requests. Please try again later."}"#;
    let server = serve(
        429,
        body,
        &[
            ("X-RateLimit-Limit", "100"),
            ("X-RateLimit-Remaining", "0"),
            ("X-RateLimit-Reset", "1704128400"),
            ("Retry-After", "3600"),
        ],
    )
    .await;
    // The default retry policy: POST is not idempotent, so the 429 comes
    // back at once instead of waiting for `Retry-After`.
    let client = awal::Client::builder()
        .server_variable("baseUrl", format!("{}/api/developer", server.uri()))
        .hmac_secret(AWAL_SECRET)
        .workspace_domain(AWAL_DOMAIN)
        .client_id(AWAL_CLIENT_ID)
        .build()
        .expect("client builds");
    let error = client
        .create_contact(&awal_params(), &awal_form())
        .await
        .expect_err("429 is an error");
    only_request(&server).await;
    let headers = error.headers().expect("a response arrived");
    assert_eq!(headers["x-ratelimit-limit"], "100");
    assert_eq!(headers["x-ratelimit-remaining"], "0");
    assert_eq!(headers["x-ratelimit-reset"], "1704128400");
    assert_eq!(headers["retry-after"], "3600");
    let Error::Api(api) = error else {
        panic!("expected Error::Api, got {error:?}");
    };
    assert_eq!(api.status().as_u16(), 429);
    assert_eq!(
        api.typed(),
        Some(&awal::types::Error {
            error: Some("Rate limit exceeded".into()),
            message: Some("Too many requests. Please try again later.".into()),
            details: None,
            request_id: None,
        })
    );
}

// ---------------------------------------------------------------------------
// Chatwoot
// ---------------------------------------------------------------------------
//
// The client is generated from specs/chatwoot.yaml with
// specs/chatwoot.overlay.yaml applied. The reply bodies are the files of
// tests/data/chatwoot/, read at test time: each is what the Chatwoot
// v4.15.1 server renders for that operation and status (the README there
// names the view or handler each one mirrors).

const CHATWOOT_TOKEN: &str = "chatwoot-user-token-42";
const CHATWOOT_ACCOUNT: i64 = 7;

fn chatwoot_client(server: &MockServer) -> chatwoot::Client {
    // The published server URL ends with `/`; so does this one.
    chatwoot::Client::builder()
        .base_url(format!("{}/", server.uri()))
        .user_api_key(CHATWOOT_TOKEN)
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client builds")
}

/// `tests/data/chatwoot/<file>`, read now.
fn chatwoot_data(file: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/chatwoot")
        .join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// A mock server answering every request with `tests/data/chatwoot/<file>`.
async fn serve_chatwoot(status: u16, file: &str) -> MockServer {
    serve(status, &chatwoot_data(file), &[]).await
}

/// What every Chatwoot request carries: the user token in the
/// `api_access_token` header (no `Authorization`), and JSON accepted.
fn assert_chatwoot_request(request: &Request, method: &str, path: &str, query: Option<&str>) {
    assert_eq!(request.method.as_str(), method);
    assert_eq!(request.url.path(), path);
    assert_eq!(request.url.query(), query);
    assert_eq!(header(request, "api_access_token"), CHATWOOT_TOKEN);
    assert!(request.headers.get("authorization").is_none());
    assert_eq!(header(request, "accept"), "application/json");
}

/// The typed error body of an `Error::Api`, after checking its status and
/// that the raw body is kept as the server sent it.
fn chatwoot_typed_error<E: std::fmt::Debug>(error: Error<E>, status: u16, file: &str) -> E {
    let Error::Api(api) = error else {
        panic!("{file}: expected Error::Api, got {error:?}");
    };
    assert_eq!(api.status().as_u16(), status, "{file}");
    assert_eq!(
        api.body().as_ref(),
        chatwoot_data(file).as_bytes(),
        "{file}: the raw body is kept"
    );
    api.into_typed()
        .unwrap_or_else(|| panic!("{file}: the documented {status} body did not decode into the typed error"))
}

/// The contact inbox of Alice in the API inbox, as every view renders it.
fn alice_api_inbox() -> chatwoot::types::ContactInboxes {
    chatwoot::types::ContactInboxes::new(
        "b1f6a0a4-3c7e-4d8e-9a65-2f1c0e7d9b21",
        chatwoot::types::InboxContact::new(12, "", 5, "Acme API", Some("Channel::Api".into()), None),
    )
}

/// The contact inbox of Alice in the WhatsApp inbox.
fn alice_whatsapp_inbox() -> chatwoot::types::ContactInboxes {
    chatwoot::types::ContactInboxes::new(
        "14155550123",
        chatwoot::types::InboxContact::new(
            14,
            "",
            3,
            "Acme WhatsApp",
            Some("Channel::Whatsapp".into()),
            Some("whatsapp_cloud".into()),
        ),
    )
}

fn object(value: Value) -> serde_json::Map<String, Value> {
    match value {
        Value::Object(members) => members,
        other => panic!("not an object: {other}"),
    }
}

#[tokio::test]
async fn chatwoot_contact_create_posts_json_and_decodes_the_contact_and_its_contact_inbox() {
    let server = serve_chatwoot(200, "create.200.json").await;
    let payload = chatwoot::types::ContactCreatePayload {
        inbox_id: Some(12),
        name: Some("Alice Martin".into()),
        email: Some("alice@acme.inc".into()),
        phone_number: Some("+14155550123".into()),
        identifier: Some("crm-58213".into()),
        additional_attributes: Some(object(
            json!({"city": "Lisbon", "country": "Portugal", "company_name": "Acme Inc"}),
        )),
        custom_attributes: Some(object(json!({"plan": "enterprise"}))),
        ..Default::default()
    };
    let created = chatwoot_client(&server)
        .contact_create(CHATWOOT_ACCOUNT, &payload)
        .await
        .expect("the server's create reply decodes");

    let request = only_request(&server).await;
    assert_chatwoot_request(&request, "POST", "/api/v1/accounts/7/contacts", None);
    assert_eq!(header(&request, "content-type"), "application/json");
    // `inbox_id` is an integer now (the published `type: number` sent 12.0);
    // unset optional fields are left out.
    assert_eq!(
        String::from_utf8_lossy(&request.body),
        concat!(
            r#"{"inbox_id":12,"name":"Alice Martin","email":"alice@acme.inc","phone_number":"+14155550123","#,
            r#""identifier":"crm-58213","additional_attributes":{"city":"Lisbon","country":"Portugal","company_name":"Acme Inc"},"#,
            r#""custom_attributes":{"plan":"enterprise"}}"#
        )
    );

    assert_eq!(created.status().as_u16(), 200);
    let payload = created.into_inner().payload;
    let contact = &payload.contact;
    assert_eq!(contact.id, 1042);
    assert_eq!(contact.name.as_deref(), Some("Alice Martin"));
    assert_eq!(contact.email.as_deref(), Some("alice@acme.inc"));
    assert_eq!(contact.identifier.as_deref(), Some("crm-58213"));
    assert_eq!(
        contact.availability_status,
        chatwoot::types::ContactRecordAvailabilityStatus::Offline
    );
    assert_eq!(contact.thumbnail, "", "no avatar");
    assert_eq!(contact.custom_attributes["plan"], "enterprise");
    assert_eq!(contact.created_at, 1_781_689_272);
    assert_eq!(
        contact.last_activity_at, None,
        "a new contact has no activity: the key is absent"
    );
    assert_eq!(contact.company_id, None);
    assert_eq!(contact.contact_inboxes, vec![alice_api_inbox()]);

    let contact_inbox = &payload.contact_inbox;
    assert_eq!(
        contact_inbox.source_id.as_deref(),
        Some("b1f6a0a4-3c7e-4d8e-9a65-2f1c0e7d9b21")
    );
    // The whole inbox row, as ActiveRecord serialises it.
    let inbox = contact_inbox.inbox.as_ref().expect("an inbox_id was sent");
    assert_eq!((inbox.id, inbox.channel_id, inbox.account_id), (12, 5, 7));
    assert_eq!(inbox.name, "Acme API");
    assert_eq!(inbox.channel_type.as_deref(), Some("Channel::Api"));
    assert_eq!(inbox.created_at, "2026-03-02T09:15:27.412Z");
    assert_eq!(inbox.greeting_message, None);
    assert_eq!(inbox.timezone.as_deref(), Some("UTC"));
    assert_eq!(inbox.enable_auto_assignment, Some(true));
    assert!(!inbox.lock_to_single_conversation);
    assert_eq!(inbox.portal_id, None);
    assert_eq!(
        inbox.sender_name_type,
        chatwoot::types::InboxRecordSenderNameType::Friendly
    );
    assert_eq!(inbox.auto_assignment_config, Some(Default::default()));
}

#[tokio::test]
async fn chatwoot_contact_create_without_an_inbox_decodes_the_null_contact_inbox() {
    let server = serve_chatwoot(200, "create.200.no_inbox.json").await;
    let payload = chatwoot::types::ContactCreatePayload {
        name: Some("Bob Okafor".into()),
        email: Some("bob@example.org".into()),
        ..Default::default()
    };
    let created = chatwoot_client(&server)
        .contact_create(CHATWOOT_ACCOUNT, &payload)
        .await
        .expect("the reply without a contact inbox decodes");

    let request = only_request(&server).await;
    assert_chatwoot_request(&request, "POST", "/api/v1/accounts/7/contacts", None);
    assert_eq!(
        request.body, br#"{"name":"Bob Okafor","email":"bob@example.org"}"#,
        "no inbox_id"
    );

    let payload = created.into_inner().payload;
    assert_eq!(payload.contact.id, 1043);
    assert_eq!(payload.contact.phone_number, None, "null");
    assert_eq!(payload.contact.identifier, None, "null");
    assert!(payload.contact.contact_inboxes.is_empty());
    assert_eq!(
        payload.contact_inbox,
        chatwoot::types::ContactCreateInbox::new(None, None)
    );
}

/// Bytes of a (truncated) PNG, with CRLF and dashes inside so that a sloppy
/// multipart encoder or parser would trip.
const CHATWOOT_AVATAR: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\r\n--\r\n\x00IEND";

#[tokio::test]
async fn chatwoot_contact_create_multipart_uploads_the_avatar_file() {
    let server = serve_chatwoot(200, "create.200.json").await;
    let form = chatwoot::types::ContactCreateMultipartPayload {
        inbox_id: Some(12),
        name: Some("Alice Martin".into()),
        email: Some("alice@acme.inc".into()),
        blocked: Some(false),
        phone_number: Some("+14155550123".into()),
        avatar: Some(
            FilePart::new(CHATWOOT_AVATAR)
                .file_name("alice.png")
                .content_type("image/png"),
        ),
        ..Default::default()
    };
    let created = chatwoot_client(&server)
        .contact_create_multipart(CHATWOOT_ACCOUNT, &form)
        .await
        .expect("the server's create reply decodes");

    let request = only_request(&server).await;
    assert_chatwoot_request(&request, "POST", "/api/v1/accounts/7/contacts", None);
    // Scalars as text parts in the schema's order, then the file.
    assert_eq!(
        parse_multipart(header(&request, "content-type"), &request.body),
        vec![
            Part::text("inbox_id", "12"),
            Part::text("name", "Alice Martin"),
            Part::text("email", "alice@acme.inc"),
            Part::text("blocked", "false"),
            Part::text("phone_number", "+14155550123"),
            Part {
                name: "avatar".into(),
                file_name: Some("alice.png".into()),
                content_type: Some("image/png".into()),
                data: CHATWOOT_AVATAR.to_vec(),
            },
        ]
    );
    assert_eq!(created.into_inner().payload.contact.id, 1042);
}

#[tokio::test]
async fn chatwoot_contact_details_gets_the_contact_by_id() {
    let server = serve_chatwoot(200, "show.200.json").await;
    let shown = chatwoot_client(&server)
        .contact_details(CHATWOOT_ACCOUNT, 1042, &Default::default())
        .await
        .expect("the server's show reply decodes");

    let request = only_request(&server).await;
    assert_chatwoot_request(&request, "GET", "/api/v1/accounts/7/contacts/1042", None);
    assert!(request.body.is_empty());

    let contact = shown.into_inner().payload;
    assert_eq!(contact.id, 1042);
    assert_eq!(contact.name.as_deref(), Some("Alice Martin"));
    assert_eq!(contact.phone_number.as_deref(), Some("+14155550123"));
    assert_eq!(
        contact.availability_status,
        chatwoot::types::ContactRecordAvailabilityStatus::Online
    );
    assert!(contact.thumbnail.ends_with("/alice.jpg"), "{}", contact.thumbnail);
    assert_eq!(contact.last_activity_at, Some(1_781_689_830));
    assert_eq!(contact.additional_attributes["city"], "Lisbon");
    assert_eq!(
        contact.contact_inboxes,
        Some(vec![alice_api_inbox(), alice_whatsapp_inbox()])
    );
}

#[tokio::test]
async fn chatwoot_contact_details_can_leave_out_the_contact_inboxes() {
    let server = serve_chatwoot(200, "show.200.json").await;
    let params = chatwoot::types::ContactDetailsParams {
        include_contact_inboxes: Some(false),
    };
    chatwoot_client(&server)
        .contact_details(CHATWOOT_ACCOUNT, 1042, &params)
        .await
        .expect("decodes");
    let request = only_request(&server).await;
    assert_chatwoot_request(
        &request,
        "GET",
        "/api/v1/accounts/7/contacts/1042",
        Some("include_contact_inboxes=false"),
    );
}

#[tokio::test]
async fn chatwoot_contact_update_puts_json_and_decodes_the_updated_contact() {
    let server = serve_chatwoot(200, "update.200.json").await;
    let changes = chatwoot::types::ContactUpdatePayload {
        name: Some("Alice Martin-Silva".into()),
        custom_attributes: Some(object(json!({"seats": 25}))),
        ..Default::default()
    };
    let updated = chatwoot_client(&server)
        .contact_update(CHATWOOT_ACCOUNT, 1042, &Default::default(), &changes)
        .await
        .expect("the server's update reply decodes");

    let request = only_request(&server).await;
    assert_chatwoot_request(&request, "PUT", "/api/v1/accounts/7/contacts/1042", None);
    assert_eq!(header(&request, "content-type"), "application/json");
    assert_eq!(
        request.body,
        br#"{"name":"Alice Martin-Silva","custom_attributes":{"seats":25}}"#
    );

    // 200 with the contact (the published document said 204).
    assert_eq!(updated.status().as_u16(), 200);
    let contact = updated.into_inner().payload;
    assert_eq!(contact.id, 1042);
    assert_eq!(contact.name.as_deref(), Some("Alice Martin-Silva"));
    // The server merged the sent key into the stored ones.
    assert_eq!(
        contact.custom_attributes,
        object(json!({"plan": "enterprise", "seats": 25}))
    );
    assert_eq!(contact.contact_inboxes.map(|inboxes| inboxes.len()), Some(2));
}

#[tokio::test]
async fn chatwoot_contact_list_without_parameters_decodes_the_first_page() {
    let server = serve_chatwoot(200, "list.200.json").await;
    let listed = chatwoot_client(&server)
        .contact_list(CHATWOOT_ACCOUNT, &Default::default())
        .await
        .expect("the server's index reply decodes");

    let request = only_request(&server).await;
    assert_chatwoot_request(&request, "GET", "/api/v1/accounts/7/contacts", None);
    assert!(request.body.is_empty());

    let page = listed.into_inner();
    assert_eq!(page.meta.count, 2);
    // No page was sent, so the server echoes its integer default.
    assert_eq!(
        page.meta.current_page,
        chatwoot::types::ContactPageMetaCurrentPage::Integer(1)
    );
    let ids: Vec<i64> = page.payload.iter().map(|contact| contact.id).collect();
    assert_eq!(ids, [1042, 977]);
    let carol = &page.payload[1];
    assert_eq!(carol.identifier, None);
    assert_eq!(carol.additional_attributes["country_code"], "ke");
    assert_eq!(carol.contact_inboxes, Some(vec![]));
}

#[tokio::test]
async fn chatwoot_contact_list_sends_sort_page_and_labels_in_the_query() {
    // With `page` sent, the server echoes it as the string it received.
    let mut body = parse(&chatwoot_data("list.200.json"));
    body["meta"]["current_page"] = json!("2");
    let server = serve(200, &body.to_string(), &[]).await;
    let params = chatwoot::types::ContactListParams {
        sort: Some(chatwoot::types::ContactListSort::MinusLastActivityAt),
        page: Some(2),
        labels: Some(vec!["vip".into(), "billing".into()]),
        include_contact_inboxes: None,
    };
    let listed = chatwoot_client(&server)
        .contact_list(CHATWOOT_ACCOUNT, &params)
        .await
        .expect("decodes");

    let request = only_request(&server).await;
    // `-last_activity_at` is descending; `labels` is one comma-separated
    // value (`explode: false`).
    assert_chatwoot_request(
        &request,
        "GET",
        "/api/v1/accounts/7/contacts",
        Some("sort=-last_activity_at&page=2&labels=vip,billing"),
    );
    assert_eq!(
        listed.into_inner().meta.current_page,
        chatwoot::types::ContactPageMetaCurrentPage::String("2".into())
    );
}

#[tokio::test]
async fn chatwoot_contact_search_sends_q_and_decodes_the_page() {
    let server = serve_chatwoot(200, "search.200.json").await;
    let params = chatwoot::types::ContactSearchParams {
        q: Some("alice martin".into()),
        sort: Some(chatwoot::types::ContactSearchSort::Name),
        ..Default::default()
    };
    let found = chatwoot_client(&server)
        .contact_search(CHATWOOT_ACCOUNT, &params)
        .await
        .expect("the server's search reply decodes");

    let request = only_request(&server).await;
    assert_chatwoot_request(
        &request,
        "GET",
        "/api/v1/accounts/7/contacts/search",
        Some("q=alice%20martin&sort=name"),
    );
    assert!(request.body.is_empty());

    let page = found.into_inner();
    assert_eq!(page.meta.count, Some(1), "contacts on this page");
    assert_eq!(page.meta.has_more, Some(false));
    assert_eq!(
        page.meta.current_page,
        chatwoot::types::ContactSearchMetaCurrentPage::Integer(1)
    );
    assert_eq!(page.payload.len(), 1);
    assert_eq!(page.payload[0].id, 1042);
    assert_eq!(page.payload[0].email.as_deref(), Some("alice@acme.inc"));
}

#[tokio::test]
async fn chatwoot_contact_search_without_q_decodes_the_null_counts() {
    let server = serve_chatwoot(200, "search.200.blank_q.json").await;
    let found = chatwoot_client(&server)
        .contact_search(CHATWOOT_ACCOUNT, &Default::default())
        .await
        .expect("the blank-q reply decodes");
    let request = only_request(&server).await;
    assert_chatwoot_request(&request, "GET", "/api/v1/accounts/7/contacts/search", None);
    let page = found.into_inner();
    assert_eq!((page.meta.count, page.meta.has_more), (None, None));
    assert!(page.payload.is_empty());
}

#[tokio::test]
async fn chatwoot_contact_delete_sends_delete_and_accepts_the_empty_200() {
    let server = MockServer::start().await;
    // `head :ok`-like: 200 with no body.
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let deleted = chatwoot_client(&server)
        .contact_delete(CHATWOOT_ACCOUNT, 1042)
        .await
        .expect("an empty 200 is success");
    assert_eq!(deleted.status().as_u16(), 200);
    let request = only_request(&server).await;
    assert_chatwoot_request(&request, "DELETE", "/api/v1/accounts/7/contacts/1042", None);
    assert!(request.body.is_empty());
    assert!(
        request.headers.get("content-type").is_none(),
        "no body, no content type"
    );
}

#[tokio::test]
async fn chatwoot_record_invalid_422_is_the_typed_validation_error() {
    let server = serve_chatwoot(422, "create.422.duplicate_email.json").await;
    let error = chatwoot_client(&server)
        .contact_create(CHATWOOT_ACCOUNT, &Default::default())
        .await
        .expect_err("422 is an error");
    assert_eq!(
        chatwoot_typed_error(error, 422, "create.422.duplicate_email.json"),
        chatwoot::types::ContactCreateError::UnprocessableEntity(
            chatwoot::types::ContactCreateError422::RecordInvalidError(chatwoot::types::RecordInvalidError::new(
                "Email has already been taken",
                vec!["email".into()],
            ))
        )
    );

    let server = serve_chatwoot(422, "update.422.phone_format.json").await;
    let changes = chatwoot::types::ContactUpdatePayload {
        phone_number: Some("14155550123".into()),
        ..Default::default()
    };
    let error = chatwoot_client(&server)
        .contact_update(CHATWOOT_ACCOUNT, 1042, &Default::default(), &changes)
        .await
        .expect_err("422 is an error");
    assert_eq!(
        chatwoot_typed_error(error, 422, "update.422.phone_format.json"),
        chatwoot::types::ContactUpdateError::UnprocessableEntity(chatwoot::types::RecordInvalidError::new(
            "Phone number should be in e164 format",
            vec!["phone_number".into()],
        ))
    );
}

#[tokio::test]
async fn chatwoot_create_422_for_a_missing_email_is_the_typed_error_message() {
    // An email inbox, and a contact without email: ParameterMissing, {error}.
    let server = serve_chatwoot(422, "create.422.inbox_needs_email.json").await;
    let payload = chatwoot::types::ContactCreatePayload {
        inbox_id: Some(3),
        name: Some("Bob".into()),
        ..Default::default()
    };
    let error = chatwoot_client(&server)
        .contact_create(CHATWOOT_ACCOUNT, &payload)
        .await
        .expect_err("422 is an error");
    assert_eq!(
        chatwoot_typed_error(error, 422, "create.422.inbox_needs_email.json"),
        chatwoot::types::ContactCreateError::UnprocessableEntity(chatwoot::types::ContactCreateError422::ErrorMessage(
            chatwoot::types::ErrorMessage::new("param is missing or the value is empty: contact email")
        ))
    );
}

#[tokio::test]
async fn chatwoot_401_bodies_are_typed_for_a_bad_token_and_for_no_token() {
    let server = serve_chatwoot(401, "create.401.invalid_token.json").await;
    let error = chatwoot_client(&server)
        .contact_create(CHATWOOT_ACCOUNT, &Default::default())
        .await
        .expect_err("401 is an error");
    assert_eq!(
        chatwoot_typed_error(error, 401, "create.401.invalid_token.json"),
        chatwoot::types::ContactCreateError::Unauthorized(chatwoot::types::ContactCreateError401::ErrorMessage(
            chatwoot::types::ErrorMessage::new("Invalid Access Token")
        ))
    );

    // devise_token_auth's body, when no token reached the server.
    let server = serve_chatwoot(401, "create.401.no_token.json").await;
    let error = chatwoot_client(&server)
        .contact_create(CHATWOOT_ACCOUNT, &Default::default())
        .await
        .expect_err("401 is an error");
    assert_eq!(
        chatwoot_typed_error(error, 401, "create.401.no_token.json"),
        chatwoot::types::ContactCreateError::Unauthorized(
            chatwoot::types::ContactCreateError401::UnauthenticatedError(chatwoot::types::UnauthenticatedError::new(
                vec!["You need to sign in or sign up before continuing.".into()]
            ))
        )
    );

    // A Pundit refusal is 401 too (deleting needs an administrator).
    let server = serve_chatwoot(401, "delete.401.not_admin.json").await;
    let error = chatwoot_client(&server)
        .contact_delete(CHATWOOT_ACCOUNT, 1042)
        .await
        .expect_err("401 is an error");
    assert_eq!(
        chatwoot_typed_error(error, 401, "delete.401.not_admin.json"),
        chatwoot::types::ContactDeleteError::Unauthorized(chatwoot::types::ContactDeleteError401::ErrorMessage(
            chatwoot::types::ErrorMessage::new("You are not authorized to do this action")
        ))
    );
}

#[tokio::test]
async fn chatwoot_404_for_an_unknown_contact_is_the_typed_error_message() {
    let server = serve_chatwoot(404, "show.404.json").await;
    let error = chatwoot_client(&server)
        .contact_details(CHATWOOT_ACCOUNT, 999_999, &Default::default())
        .await
        .expect_err("404 is an error");
    assert_eq!(
        chatwoot_typed_error(error, 404, "show.404.json"),
        chatwoot::types::ContactDetailsError::NotFound(chatwoot::types::ErrorMessage::new(
            "Resource could not be found"
        ))
    );
}

#[tokio::test]
async fn chatwoot_delete_of_an_online_contact_is_the_typed_422() {
    let server = serve_chatwoot(422, "delete.422.online.json").await;
    let error = chatwoot_client(&server)
        .contact_delete(CHATWOOT_ACCOUNT, 1042)
        .await
        .expect_err("422 is an error");
    assert_eq!(
        chatwoot_typed_error(error, 422, "delete.422.online.json"),
        chatwoot::types::ContactDeleteError::UnprocessableEntity(chatwoot::types::ContactOnlineError::new(
            "Alice martin is Online, please try again later"
        ))
    );
}

#[tokio::test]
async fn chatwoot_contact_filter_posts_the_conditions_and_decodes_the_page() {
    let server = serve_chatwoot(200, "filter.200.json").await;
    let filter = chatwoot::types::ContactFilterPayload::new(vec![chatwoot::types::ContactFilterCondition {
        values: Some(vec![chatwoot::types::ContactFilterConditionValuesItem::String(
            "acme.inc".into(),
        )]),
        query_operator: Some(None),
        ..chatwoot::types::ContactFilterCondition::new(
            "email",
            chatwoot::types::ContactFilterConditionFilterOperator::Contains,
        )
    }]);
    let params = chatwoot::types::ContactFilterParams {
        page: Some(2),
        ..Default::default()
    };
    let filtered = chatwoot_client(&server)
        .contact_filter(CHATWOOT_ACCOUNT, &params, &filter)
        .await
        .expect("the server's filter reply decodes");

    let request = only_request(&server).await;
    assert_chatwoot_request(&request, "POST", "/api/v1/accounts/7/contacts/filter", Some("page=2"));
    // `query_operator: null` is sent: absent and null stay apart.
    assert_eq!(
        request.body,
        br#"{"payload":[{"attribute_key":"email","filter_operator":"contains","values":["acme.inc"],"query_operator":null}]}"#
    );
    let page = filtered.into_inner();
    assert_eq!(page.meta.count, 17, "matches over all pages");
    assert_eq!(
        page.meta.current_page,
        chatwoot::types::ContactPageMetaCurrentPage::String("2".into())
    );
    let ids: Vec<i64> = page.payload.iter().map(|contact| contact.id).collect();
    assert_eq!(ids, [1001, 1042]);

    let server = serve_chatwoot(422, "filter.422.json").await;
    let error = chatwoot_client(&server)
        .contact_filter(CHATWOOT_ACCOUNT, &params, &filter)
        .await
        .expect_err("422 is an error");
    assert_eq!(
        chatwoot_typed_error(error, 422, "filter.422.json"),
        chatwoot::types::ContactFilterError::UnprocessableEntity(chatwoot::types::ErrorMessage::new(
            "Invalid operator. The allowed operators for country_code are [equal_to,not_equal_to]."
        ))
    );
}

#[tokio::test]
async fn chatwoot_contact_inbox_operations_decode_the_server_replies() {
    let server = serve_chatwoot(200, "contactable_inboxes.200.json").await;
    let inboxes = chatwoot_client(&server)
        .contactable_inboxes_get(CHATWOOT_ACCOUNT, 1042)
        .await
        .expect("decodes");
    let request = only_request(&server).await;
    assert_chatwoot_request(
        &request,
        "GET",
        "/api/v1/accounts/7/contacts/1042/contactable_inboxes",
        None,
    );
    let source_ids: Vec<&str> = inboxes.payload.iter().map(|inbox| inbox.source_id.as_str()).collect();
    assert_eq!(
        source_ids,
        ["b1f6a0a4-3c7e-4d8e-9a65-2f1c0e7d9b21", "alice@acme.inc", "14155550123"]
    );

    let server = serve_chatwoot(200, "contact_inbox_create.200.json").await;
    let created = chatwoot_client(&server)
        .contact_inbox_creation(
            CHATWOOT_ACCOUNT,
            1042,
            &chatwoot::types::ContactInboxCreatePayload::new(3),
        )
        .await
        .expect("decodes");
    let request = only_request(&server).await;
    assert_chatwoot_request(
        &request,
        "POST",
        "/api/v1/accounts/7/contacts/1042/contact_inboxes",
        None,
    );
    assert_eq!(request.body, br#"{"inbox_id":3}"#);
    assert_eq!(created.source_id, "alice@acme.inc");
    assert_eq!(created.inbox.channel_type.as_deref(), Some("Channel::Email"));
    assert_eq!(created.inbox.provider.as_deref(), Some("google"));
}

#[tokio::test]
async fn chatwoot_contact_labels_are_listed_and_replaced() {
    let server = serve_chatwoot(200, "labels_list.200.json").await;
    let labels = chatwoot_client(&server)
        .list_all_labels_of_a_contact(CHATWOOT_ACCOUNT, 1042)
        .await
        .expect("decodes");
    let request = only_request(&server).await;
    assert_chatwoot_request(&request, "GET", "/api/v1/accounts/7/contacts/1042/labels", None);
    assert_eq!(labels.payload, ["billing", "vip"]);

    let server = serve_chatwoot(200, "labels_add.200.json").await;
    let labels = chatwoot_client(&server)
        .contact_add_labels(
            CHATWOOT_ACCOUNT,
            1042,
            &chatwoot::types::ContactLabelUpdatePayload::new(vec!["support".into(), "billing".into()]),
        )
        .await
        .expect("decodes");
    let request = only_request(&server).await;
    assert_chatwoot_request(&request, "POST", "/api/v1/accounts/7/contacts/1042/labels", None);
    assert_eq!(request.body, br#"{"labels":["support","billing"]}"#);
    assert_eq!(labels.payload, ["support", "billing"]);
}

#[tokio::test]
async fn chatwoot_contact_conversations_decode_the_conversation_partial() {
    let server = serve_chatwoot(200, "conversations.200.json").await;
    let conversations = chatwoot_client(&server)
        .contact_conversations(CHATWOOT_ACCOUNT, 1042)
        .await
        .expect("decodes");
    let request = only_request(&server).await;
    assert_chatwoot_request(&request, "GET", "/api/v1/accounts/7/contacts/1042/conversations", None);
    let conversations = conversations.into_inner().payload;
    assert_eq!(conversations.len(), 1);
    let conversation = &conversations[0];
    assert_eq!(conversation.id, 318);
    assert_eq!(conversation.status, chatwoot::types::ConversationRecordStatus::Open);
    assert_eq!(conversation.priority, None);
    assert_eq!(conversation.updated_at, 1_781_689_830.412_893);
    assert_eq!(conversation.meta.sender.id, 1042);
    assert_eq!(
        conversation.meta.sender.contact_inboxes, None,
        "the sender has no contact inboxes"
    );
    let Some(chatwoot::types::ConversationRecordMetaAssignee::ConversationAssigneeAgent(agent)) =
        &conversation.meta.assignee
    else {
        panic!("an agent is assigned: {:?}", conversation.meta.assignee);
    };
    assert_eq!(agent.available_name, "Sam");
    let message = &conversation.messages[0];
    assert_eq!(
        message.content.as_deref(),
        Some("Hi, the last invoice charged us twice.")
    );
    assert_eq!(message.message_type, 0, "incoming");
}

/// Every reply body of tests/data/chatwoot/ is fed to the client by a test
/// above: a new file needs a test.
#[test]
fn every_chatwoot_reply_body_is_fed_to_the_client() {
    let source = include_str!("provider_wire.rs");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/chatwoot");
    let mut unused = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("tests/data/chatwoot is readable") {
        let name = entry.expect("an entry").file_name().to_string_lossy().into_owned();
        if name.ends_with(".json") && !source.contains(&format!("\"{name}\"")) {
            unused.push(name);
        }
    }
    unused.sort();
    assert!(unused.is_empty(), "no wire test reads {unused:?}");
}
