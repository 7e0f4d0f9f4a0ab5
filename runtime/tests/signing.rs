//! HMAC request signing, checked against signatures computed independently
//! in the test.

mod common;

use std::sync::atomic::{AtomicU64, Ordering};

use common::{fast_retries, header, only_request, received};
use hmac::{Hmac, KeyInit, Mac};
use reqwest::Method;
use sha2::Sha256;
use switchboard_runtime::{
    ApiDescription, ClientBuilder, Credential, HmacSigner, MessagePart, Multipart, MultipartBodyMode, PathMode,
    RetryPolicy, Secret, SignatureEncoding, SigningAlgorithm, SigningConfig,
};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const SECRET: &str = "whsec-5up3r-s3cr3t";
const FIXED_TIME: u64 = 1_700_000_000;

const CONFIG: SigningConfig = SigningConfig {
    algorithm: SigningAlgorithm::HmacSha256,
    secret_name: "signingSecret",
    secret_setter: "signing_secret",
    signature_header: "X-Signature",
    signature_prefix: "",
    encoding: SignatureEncoding::Hex,
    timestamp_header: "X-Timestamp",
    message: &[
        MessagePart::Method,
        MessagePart::Path,
        MessagePart::Query,
        MessagePart::Timestamp,
        MessagePart::Body,
    ],
    path: PathMode::Relative,
    query_prefix: "?",
    multipart_body: MultipartBodyMode::Raw,
};

static SIGNED_API: ApiDescription = ApiDescription {
    name: "awal",
    server_url: "https://api.awalchat.com/api/developer",
    server_variables: &[],
    security_schemes: &[],
    default_security: &[],
    signing: Some(CONFIG),
};

fn fixed_clock() -> u64 {
    FIXED_TIME
}

fn hmac_hex(message: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).expect("any key length");
    mac.update(message);
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

fn concat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    server
}

fn base(server: &MockServer) -> String {
    format!("{}/api/developer", server.uri())
}

async fn send_text_message(builder: ClientBuilder) {
    let runtime = builder.build().expect("builds");
    let mut request = runtime.request(Method::POST, "/w/message/text", "sendText");
    request.query("phone_number_id", &123);
    request.json(&serde_json::json!({"to": "+15550100", "text": "hi"}));
    runtime.execute::<()>(request).await.expect("sent");
}

fn timestamp(request: &Request) -> String {
    header(request, "x-timestamp").expect("timestamp header").to_owned()
}

#[tokio::test]
async fn fixed_clock_signature_matches_independent_computation() {
    let server = server().await;
    let signer = HmacSigner::new(CONFIG, Secret::new(SECRET)).with_clock(fixed_clock);
    send_text_message(ClientBuilder::new(&SIGNED_API).base_url(base(&server)).signer(signer)).await;
    let request = only_request(&server).await;
    let body = br#"{"to":"+15550100","text":"hi"}"#;
    assert_eq!(request.body, body);
    let expected = hmac_hex(&concat(&[
        b"POST",
        b"/w/message/text",
        b"?phone_number_id=123",
        b"1700000000",
        body,
    ]));
    assert_eq!(header(&request, "x-timestamp"), Some("1700000000"));
    assert_eq!(header(&request, "x-signature"), Some(expected.as_str()));
}

#[tokio::test]
async fn signing_secret_credential_installs_the_signer() {
    let server = server().await;
    send_text_message(
        ClientBuilder::new(&SIGNED_API)
            .base_url(base(&server))
            .credential("signingSecret", Credential::token(SECRET)),
    )
    .await;
    let request = only_request(&server).await;
    let ts = timestamp(&request);
    let expected = hmac_hex(&concat(&[
        b"POST/w/message/text?phone_number_id=123",
        ts.as_bytes(),
        &request.body,
    ]));
    assert_eq!(header(&request, "x-signature"), Some(expected.as_str()));
}

#[tokio::test]
async fn full_path_mode_signs_the_whole_path() {
    let server = server().await;
    send_text_message(
        ClientBuilder::new(&SIGNED_API)
            .base_url(base(&server))
            .credential("signingSecret", Credential::token(SECRET))
            .signing_path_mode(PathMode::Full),
    )
    .await;
    let request = only_request(&server).await;
    let ts = timestamp(&request);
    let expected = hmac_hex(&concat(&[
        b"POST/api/developer/w/message/text?phone_number_id=123",
        ts.as_bytes(),
        &request.body,
    ]));
    assert_eq!(header(&request, "x-signature"), Some(expected.as_str()));
}

async fn send_media(mode: Option<MultipartBodyMode>) -> Request {
    let server = server().await;
    let mut builder = ClientBuilder::new(&SIGNED_API)
        .base_url(base(&server))
        .credential("signingSecret", Credential::token(SECRET));
    if let Some(mode) = mode {
        builder = builder.signing_multipart_body(mode);
    }
    let runtime = builder.build().expect("builds");
    let mut request = runtime.request(Method::POST, "/w/message/media", "sendMedia");
    request.multipart(Multipart::new().text("caption", "look").file(
        "file",
        &switchboard_runtime::FilePart::new(b"\x89PNG".to_vec()).file_name("a.png"),
    ));
    runtime.execute::<()>(request).await.expect("sent");
    only_request(&server).await
}

#[tokio::test]
async fn multipart_body_raw_and_empty_modes() {
    let raw = send_media(None).await;
    let ts = timestamp(&raw);
    let expected = hmac_hex(&concat(&[b"POST/w/message/media", ts.as_bytes(), &raw.body]));
    assert_eq!(header(&raw, "x-signature"), Some(expected.as_str()));

    let empty = send_media(Some(MultipartBodyMode::Empty)).await;
    let ts = timestamp(&empty);
    assert!(!empty.body.is_empty());
    let expected = hmac_hex(&concat(&[b"POST/w/message/media", ts.as_bytes()]));
    assert_eq!(header(&empty, "x-signature"), Some(expected.as_str()));
}

#[tokio::test]
async fn base64_encoding_with_prefix_and_no_query() {
    let config = SigningConfig {
        encoding: SignatureEncoding::Base64,
        signature_prefix: "sha256=",
        timestamp_header: "",
        ..CONFIG
    };
    let server = server().await;
    let signer = HmacSigner::new(config, Secret::new(SECRET)).with_clock(fixed_clock);
    let runtime = ClientBuilder::new(&SIGNED_API)
        .base_url(base(&server))
        .signer(signer)
        .build()
        .expect("builds");
    runtime
        .execute::<()>(runtime.request(Method::GET, "/contacts", "listContacts"))
        .await
        .expect("sent");
    let request = only_request(&server).await;
    let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).expect("any key length");
    mac.update(b"GET/contacts1700000000");
    let digest = mac.finalize().into_bytes();
    let expected = format!("sha256={}", base64_std(&digest));
    assert_eq!(header(&request, "x-signature"), Some(expected.as_str()));
    assert!(!request.headers.contains_key("x-timestamp"));
}

/// Independent base64 (standard alphabet, padded) for the check above.
fn base64_std(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bits = String::new();
    for byte in bytes {
        bits.push_str(&format!("{byte:08b}"));
    }
    while bits.len() % 6 != 0 {
        bits.push('0');
    }
    let mut out: String = bits
        .as_bytes()
        .chunks(6)
        .map(|chunk| {
            let index = usize::from_str_radix(std::str::from_utf8(chunk).expect("ascii"), 2).expect("binary");
            char::from(ALPHABET[index])
        })
        .collect();
    while out.len() % 4 != 0 {
        out.push('=');
    }
    out
}

static TICKS: AtomicU64 = AtomicU64::new(FIXED_TIME);

fn ticking_clock() -> u64 {
    TICKS.fetch_add(5, Ordering::SeqCst)
}

#[tokio::test]
async fn every_retry_is_signed_again() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let signer = HmacSigner::new(CONFIG, Secret::new(SECRET)).with_clock(ticking_clock);
    let runtime = ClientBuilder::new(&SIGNED_API)
        .base_url(base(&server))
        .signer(signer)
        .retry_policy(RetryPolicy {
            retry_non_idempotent: true,
            ..fast_retries(2)
        })
        .build()
        .expect("builds");
    let mut request = runtime.request(Method::POST, "/w/message/text", "sendText");
    request.json(&serde_json::json!({"text": "hi"}));
    let response = runtime.execute::<()>(request).await.expect("sent");
    assert_eq!(response.status(), 200);

    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    let stamps: Vec<String> = requests.iter().map(timestamp).collect();
    assert_ne!(stamps[0], stamps[1]);
    let signatures: Vec<&str> = requests
        .iter()
        .map(|request| header(request, "x-signature").expect("signed"))
        .collect();
    assert_ne!(signatures[0], signatures[1]);
    for (request, ts) in requests.iter().zip(&stamps) {
        let expected = hmac_hex(&concat(&[b"POST/w/message/text", ts.as_bytes(), &request.body]));
        assert_eq!(header(request, "x-signature"), Some(expected.as_str()));
    }
}

/// Regression (unsigned_awal_requests): a client for an API that signs
/// every request was built without the secret, and sent unsigned requests
/// the server rejects.
#[tokio::test]
async fn unsigned_requests_are_refused_before_anything_is_sent() {
    let error = ClientBuilder::new(&SIGNED_API)
        .build()
        .expect_err("the secret is missing");
    assert!(
        matches!(
            error,
            switchboard_runtime::BuildError::MissingSigningSecret {
                secret: "signingSecret",
                setter: "signing_secret"
            }
        ),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "the API signs every request and the `signingSecret` secret is not set; call \
         ClientBuilder::signing_secret (or replace the signer with ClientBuilder::signer)"
    );
    // A signer the user chose replaces the secret.
    let server = server().await;
    let signer = HmacSigner::new(CONFIG, Secret::new(SECRET)).with_clock(fixed_clock);
    send_text_message(ClientBuilder::new(&SIGNED_API).base_url(base(&server)).signer(signer)).await;
    assert!(header(&only_request(&server).await, "X-Signature").is_some());
}

#[test]
fn signer_debug_hides_the_secret() {
    let signer = HmacSigner::new(CONFIG, Secret::new(SECRET));
    assert!(!format!("{signer:?}").contains(SECRET));
    let runtime = ClientBuilder::new(&SIGNED_API)
        .credential("signingSecret", Credential::token(SECRET))
        .build()
        .expect("builds");
    let debug = format!("{runtime:?}");
    assert!(!debug.contains(SECRET) && debug.contains("signer: true"), "{debug}");
}
