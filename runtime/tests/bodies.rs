//! Request bodies: exact bytes and content types on the wire.

mod common;

use common::{Part, builder, header, only_request, parse_multipart};
use reqwest::Method;
use serde::Serialize;
use switchboard_runtime::{Error, FilePart, Multipart, RequestSpec};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

async fn send(build: impl FnOnce(&mut RequestSpec)) -> Request {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let runtime = builder(&server).build().expect("builds");
    let mut request = runtime.request(Method::POST, "/upload", "upload");
    build(&mut request);
    runtime.execute::<()>(request).await.expect("sent");
    only_request(&server).await
}

#[derive(Serialize)]
struct Contact {
    name: &'static str,
    email: Option<&'static str>,
    tags: Vec<&'static str>,
}

const CONTACT: Contact = Contact {
    name: "Zoë",
    email: None,
    tags: Vec::new(),
};

#[tokio::test]
async fn json_body() {
    let request = send(|r| {
        r.json(&CONTACT);
    })
    .await;
    assert_eq!(header(&request, "content-type"), Some("application/json"));
    assert_eq!(request.body, r#"{"name":"Zoë","email":null,"tags":[]}"#.as_bytes());
    assert_eq!(header(&request, "content-length"), Some("38"));
}

#[tokio::test]
async fn json_body_with_other_content_type() {
    let request = send(|r| {
        r.json_as(&serde_json::json!({"op": "x"}), "application/merge-patch+json");
    })
    .await;
    assert_eq!(header(&request, "content-type"), Some("application/merge-patch+json"));
    assert_eq!(request.body, br#"{"op":"x"}"#);
}

#[tokio::test]
async fn form_body() {
    let request = send(|r| {
        r.form(&[("name", "a b&c"), ("city", "Zoë")]);
    })
    .await;
    assert_eq!(
        header(&request, "content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(request.body, b"name=a+b%26c&city=Zo%C3%AB");
}

#[tokio::test]
async fn raw_bytes_and_text_bodies() {
    let request = send(|r| {
        r.bytes(vec![0_u8, 159, 146, 150], "application/octet-stream");
    })
    .await;
    assert_eq!(header(&request, "content-type"), Some("application/octet-stream"));
    assert_eq!(request.body, [0_u8, 159, 146, 150]);

    let request = send(|r| {
        r.text("hello", "text/plain; charset=utf-8");
    })
    .await;
    assert_eq!(header(&request, "content-type"), Some("text/plain; charset=utf-8"));
    assert_eq!(request.body, b"hello");
}

#[derive(Serialize)]
struct UploadFields {
    caption: &'static str,
    count: u32,
    labels: Vec<&'static str>,
    metadata: serde_json::Value,
    note: Option<&'static str>,
    #[serde(skip)]
    document: FilePart,
}

#[tokio::test]
async fn multipart_body_parts() {
    let fields = UploadFields {
        caption: "Q\"3\" report",
        count: 2,
        labels: vec!["a", "b"],
        metadata: serde_json::json!({"k": [1, 2]}),
        note: None,
        document: FilePart::new(b"%PDF-\x00\xff".to_vec())
            .file_name("report \"final\".pdf")
            .content_type("application/pdf"),
    };
    let photos = [
        FilePart::new(b"png-bytes".to_vec()).file_name("a.png"),
        FilePart::new(b"jpg-bytes".to_vec()),
    ];
    let request = send(|r| {
        r.multipart(
            Multipart::from_fields(&fields)
                .file("document", &fields.document)
                .files("photos", &photos)
                .content_type("photos", "image/png")
                .content_type("caption", "text/plain; charset=utf-8"),
        );
    })
    .await;
    let content_type = header(&request, "content-type").expect("content type");
    let parts = parse_multipart(content_type, &request.body);
    let part = |name: &str, file_name: Option<&str>, content_type: Option<&str>, body: &[u8]| Part {
        name: name.to_owned(),
        file_name: file_name.map(str::to_owned),
        content_type: content_type.map(str::to_owned),
        body: body.to_vec(),
    };
    assert_eq!(
        parts,
        vec![
            part("caption", None, Some("text/plain; charset=utf-8"), b"Q\"3\" report"),
            part("count", None, None, b"2"),
            part("labels", None, None, b"a"),
            part("labels", None, None, b"b"),
            part("metadata", None, Some("application/json"), br#"{"k":[1,2]}"#),
            part(
                "document",
                Some("report %22final%22.pdf"),
                Some("application/pdf"),
                b"%PDF-\x00\xff"
            ),
            part("photos", Some("a.png"), Some("image/png"), b"png-bytes"),
            part("photos", Some("blob"), Some("image/png"), b"jpg-bytes"),
        ]
    );
}

#[tokio::test]
async fn multipart_boundary_is_random() {
    let first = Multipart::new().text("a", "1");
    let one = send(|r| {
        r.multipart(first.clone());
    })
    .await;
    let two = send(|r| {
        r.multipart(first);
    })
    .await;
    assert_ne!(header(&one, "content-type"), header(&two, "content-type"));
}

#[tokio::test]
async fn serialisation_failures_are_invalid_requests() {
    let server = MockServer::start().await;
    let runtime = builder(&server).build().expect("builds");

    let mut request = runtime.request(Method::POST, "/x", "createThing");
    // A map with non-string keys cannot be JSON.
    let bad = std::collections::BTreeMap::from([((1, 2), "v")]);
    request.json(&bad);
    let error = runtime.execute::<()>(request).await.expect_err("invalid");
    assert!(
        matches!(
            error,
            Error::InvalidRequest {
                operation: "createThing",
                ..
            }
        ),
        "{error:?}"
    );
    assert!(error.to_string().contains("createThing"), "{error}");

    let mut request = runtime.request(Method::POST, "/x", "createThing");
    request.form(&serde_json::json!({"nested": {"a": 1}}));
    assert!(matches!(
        runtime.execute::<()>(request).await,
        Err(Error::InvalidRequest { .. })
    ));

    let mut request = runtime.request(Method::POST, "/x", "createThing");
    request.multipart(Multipart::from_fields(&"not an object"));
    assert!(matches!(
        runtime.execute::<()>(request).await,
        Err(Error::InvalidRequest { .. })
    ));
    assert!(common::received(&server).await.is_empty());
}
