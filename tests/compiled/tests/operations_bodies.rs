//! Request bodies on the wire: exact bytes and content types for JSON,
//! form-urlencoded, multipart, binary and text bodies.

mod common;

use common::{Part, header, only_request, parse_multipart, received, server_answering};
use serde_json::json;
use switchboard_fixture_tests::{body_form_urlencoded, body_json, body_multipart, body_multiple_media_types, body_raw};
use switchboard_runtime::FilePart;
use wiremock::{MockServer, Request, ResponseTemplate};

fn body_text(request: &Request) -> &str {
    std::str::from_utf8(&request.body).expect("body is UTF-8")
}

async fn json_server(body: serde_json::Value) -> MockServer {
    server_answering(ResponseTemplate::new(200).set_body_json(body)).await
}

// ---------------------------------------------------------------- JSON ----

async fn body_json_client(server: &MockServer) -> body_json::Client {
    body_json::Client::builder()
        .base_url(server.uri())
        .build()
        .expect("builds")
}

#[tokio::test]
async fn json_object_body() {
    use body_json::types::Contact;
    let server = json_server(json!({"id": 5, "name": "Ada", "email": "ada@example.com"})).await;
    let client = body_json_client(&server).await;
    let created = client
        .create_contact(&Contact {
            id: None,
            name: "Ada \"the\" first".into(),
            email: Some("ada@example.com".into()),
        })
        .await
        .expect("succeeds");
    assert_eq!(
        created.into_inner(),
        Contact {
            id: Some(5),
            name: "Ada".into(),
            email: Some("ada@example.com".into())
        }
    );
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/contacts");
    assert_eq!(header(&request, "content-type"), Some("application/json"));
    assert_eq!(
        body_text(&request),
        r#"{"name":"Ada \"the\" first","email":"ada@example.com"}"#
    );
}

#[tokio::test]
async fn json_top_level_array_body() {
    use body_json::types::Contact;
    let server = json_server(json!([{"id": 1, "name": "A"}, {"id": 2, "name": "B"}])).await;
    let client = body_json_client(&server).await;
    let created = client
        .bulk_create_contacts(&[
            Contact {
                id: None,
                name: "A".into(),
                email: None,
            },
            Contact {
                id: Some(2),
                name: "B".into(),
                email: None,
            },
        ])
        .await
        .expect("succeeds");
    assert_eq!(created.len(), 2);
    assert_eq!(created[1].id, Some(2));
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/contacts/bulk");
    assert_eq!(header(&request, "content-type"), Some("application/json"));
    assert_eq!(body_text(&request), r#"[{"name":"A"},{"id":2,"name":"B"}]"#);
}

#[tokio::test]
async fn one_of_body_is_sent_untagged_and_decoded_by_shape() {
    use body_json::types::{Contact, ContactOrNote, Note};
    let server = MockServer::start().await;
    common::mount(
        &server,
        ResponseTemplate::new(200).set_body_json(json!({"body": "a note"})),
        Some(1),
    )
    .await;
    common::mount(
        &server,
        ResponseTemplate::new(200).set_body_json(json!({"name": "Ada"})),
        None,
    )
    .await;
    let client = body_json_client(&server).await;
    let note = client
        .create_entry(&ContactOrNote::Note(Note { body: "hi".into() }))
        .await
        .expect("succeeds");
    assert_eq!(note.into_inner(), ContactOrNote::Note(Note { body: "a note".into() }));
    let contact = client
        .create_entry(&ContactOrNote::Contact(Contact {
            id: None,
            name: "Ada".into(),
            email: None,
        }))
        .await
        .expect("succeeds");
    assert_eq!(
        contact.into_inner(),
        ContactOrNote::Contact(Contact {
            id: None,
            name: "Ada".into(),
            email: None
        })
    );
    let bodies: Vec<String> = received(&server)
        .await
        .iter()
        .map(|request| body_text(request).to_owned())
        .collect();
    assert_eq!(bodies, [r#"{"body":"hi"}"#, r#"{"name":"Ada"}"#]);
}

#[tokio::test]
async fn optional_body_absent_sends_no_body_and_no_content_type() {
    let server = json_server(json!({"id": 3, "name": "C"})).await;
    let client = body_json_client(&server).await;
    let contact = client.touch_contact(3, None).await.expect("succeeds");
    assert_eq!(contact.id, Some(3));
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "PUT");
    assert_eq!(request.url.path(), "/contacts/3");
    assert!(request.body.is_empty(), "{:?}", body_text(&request));
    assert_eq!(header(&request, "content-type"), None);
}

#[tokio::test]
async fn optional_body_present_keeps_explicit_null() {
    use body_json::types::ContactPatch;
    let server = json_server(json!({"id": 3, "name": "C"})).await;
    let client = body_json_client(&server).await;
    client
        .touch_contact(
            3,
            Some(&ContactPatch {
                name: None,
                email: Some(None),
            }),
        )
        .await
        .expect("succeeds");
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "PUT");
    assert_eq!(header(&request, "content-type"), Some("application/json"));
    assert_eq!(body_text(&request), r#"{"email":null}"#);
}

#[tokio::test]
async fn merge_patch_body_has_its_own_content_type() {
    use body_json::types::ContactPatch;
    let server = json_server(json!({"id": 4, "name": "Bo"})).await;
    let client = body_json_client(&server).await;
    let patched = client
        .merge_patch_contact(
            4,
            &ContactPatch {
                name: Some("Bo".into()),
                email: None,
            },
        )
        .await
        .expect("succeeds");
    assert_eq!(patched.name, "Bo");
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "PATCH");
    assert_eq!(request.url.path(), "/contacts/4");
    assert_eq!(header(&request, "content-type"), Some("application/merge-patch+json"));
    assert_eq!(body_text(&request), r#"{"name":"Bo"}"#);
}

#[tokio::test]
async fn vendor_json_body_and_response() {
    use body_json::types::Contact;
    let server =
        server_answering(ResponseTemplate::new(200).set_body_raw(r#"{"id":8,"name":"J"}"#, "application/vnd.api+json"))
            .await;
    let client = body_json_client(&server).await;
    let created = client
        .create_json_api_contact(&Contact {
            id: None,
            name: "J".into(),
            email: None,
        })
        .await
        .expect("succeeds");
    assert_eq!(created.id, Some(8));
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/jsonapi/contacts");
    assert_eq!(header(&request, "content-type"), Some("application/vnd.api+json"));
    assert_eq!(body_text(&request), r#"{"name":"J"}"#);
}

// ------------------------------------------------------------- form ----

#[tokio::test]
async fn form_urlencoded_exact_bytes() {
    use body_form_urlencoded::types::{Token, TokenRequest};
    let server = json_server(json!({"access_token": "at", "expires_in": 3600})).await;
    let client = body_form_urlencoded::Client::builder()
        .base_url(server.uri())
        .build()
        .expect("builds");
    let token = client
        .request_token(&TokenRequest {
            grant_type: "client_credentials".into(),
            client_id: "id 1&x=y".into(),
            client_secret: None,
        })
        .await
        .expect("succeeds");
    assert_eq!(
        token.into_inner(),
        Token {
            access_token: "at".into(),
            expires_in: Some(3600)
        }
    );
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/oauth/token");
    assert_eq!(
        header(&request, "content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        body_text(&request),
        "grant_type=client_credentials&client_id=id+1%26x%3Dy"
    );
}

#[tokio::test]
async fn form_urlencoded_scalars() {
    use body_form_urlencoded::types::ContactForm;
    let server = json_server(json!({"access_token": "c1"})).await;
    let client = body_form_urlencoded::Client::builder()
        .base_url(server.uri())
        .build()
        .expect("builds");
    client
        .create_contact_from_form(&ContactForm {
            name: "Zoë".into(),
            age: 30,
            subscribed: true,
            nickname: None,
            score: Some(4.5),
        })
        .await
        .expect("succeeds");
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/contacts/form");
    assert_eq!(body_text(&request), "name=Zo%C3%AB&age=30&subscribed=true&score=4.5");
}

// -------------------------------------------------------- multipart ----

fn profile_json() -> serde_json::Value {
    json!({"id": 12, "avatarUrl": "https://cdn.example.com/a.png", "attachmentCount": 0})
}

async fn multipart_request(body: &body_multipart::types::ProfileUpload) -> Request {
    let server = json_server(profile_json()).await;
    let client = body_multipart::Client::builder()
        .base_url(server.uri())
        .build()
        .expect("builds");
    let profile = client.upload_contact_profile(12, body).await.expect("succeeds");
    assert_eq!(profile.avatar_url, "https://cdn.example.com/a.png");
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/contacts/12/profile");
    request
}

fn parts_of(request: &Request) -> Vec<Part> {
    let content_type = header(request, "content-type").expect("has a content type");
    parse_multipart(content_type, &request.body)
}

fn named<'a>(parts: &'a [Part], name: &str) -> Vec<&'a Part> {
    parts.iter().filter(|part| part.name == name).collect()
}

/// Bytes that are not UTF-8 and contain CRLF and dashes.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\x00\xff--\r\n--x";

#[tokio::test]
async fn multipart_text_fields_and_required_file() {
    let request = multipart_request(&body_multipart::types::ProfileUpload {
        name: "Ada".into(),
        bio: Some("line 1\r\nline 2".into()),
        subscribed: Some(true),
        age: None,
        avatar: FilePart::new(PNG).file_name("me.png"),
        cover: None,
        attachments: Vec::new(),
    })
    .await;
    let parts = parts_of(&request);
    let names: Vec<&str> = parts.iter().map(|part| part.name.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(
        sorted,
        ["avatar", "bio", "name", "subscribed"],
        "absent optional fields and files send no part: {names:?}"
    );

    let name = named(&parts, "name")[0];
    assert_eq!(name.text(), "Ada");
    assert_eq!(name.file_name, None);
    assert_eq!(name.content_type, None);
    assert_eq!(named(&parts, "bio")[0].text(), "line 1\r\nline 2");
    assert_eq!(named(&parts, "subscribed")[0].text(), "true");

    let avatar = named(&parts, "avatar")[0];
    assert_eq!(avatar.file_name.as_deref(), Some("me.png"));
    // `encoding.avatar.contentType: image/png` replaces the default
    // `application/octet-stream` of a file without a content type.
    assert_eq!(avatar.content_type.as_deref(), Some("image/png"));
    assert_eq!(avatar.body, PNG);
}

#[tokio::test]
async fn multipart_optional_file_and_file_array_present() {
    let request = multipart_request(&body_multipart::types::ProfileUpload {
        name: "Ada".into(),
        bio: None,
        subscribed: None,
        age: Some(36),
        avatar: FilePart::new(&b"avatar"[..]),
        cover: Some(
            FilePart::new(&b"cover bytes"[..])
                .file_name("cover.jpg")
                .content_type("image/jpeg"),
        ),
        attachments: vec![
            FilePart::new(&b"first"[..])
                .file_name("a.txt")
                .content_type("text/plain"),
            FilePart::new(&b"\x00second"[..]),
        ],
    })
    .await;
    let parts = parts_of(&request);
    assert_eq!(parts.len(), 6, "{parts:?}");
    assert_eq!(named(&parts, "name")[0].text(), "Ada");
    assert_eq!(named(&parts, "age")[0].text(), "36");

    let avatar = named(&parts, "avatar")[0];
    // Without a file name the part is still a file part (`blob`, as browsers).
    assert_eq!(avatar.file_name.as_deref(), Some("blob"));
    assert_eq!(avatar.content_type.as_deref(), Some("image/png"));
    assert_eq!(avatar.body, b"avatar");

    let cover = named(&parts, "cover");
    assert_eq!(cover.len(), 1);
    assert_eq!(cover[0].file_name.as_deref(), Some("cover.jpg"));
    assert_eq!(cover[0].content_type.as_deref(), Some("image/jpeg"));
    assert_eq!(cover[0].body, b"cover bytes");

    let attachments = named(&parts, "attachments");
    assert_eq!(attachments.len(), 2, "one part per file, same field name");
    assert_eq!(attachments[0].file_name.as_deref(), Some("a.txt"));
    assert_eq!(attachments[0].content_type.as_deref(), Some("text/plain"));
    assert_eq!(attachments[0].body, b"first");
    assert_eq!(attachments[1].file_name.as_deref(), Some("blob"));
    assert_eq!(attachments[1].content_type.as_deref(), Some("application/octet-stream"));
    assert_eq!(attachments[1].body, b"\x00second");
}

#[tokio::test]
async fn multipart_file_content_type_set_by_the_caller_wins_over_encoding() {
    let request = multipart_request(&body_multipart::types::ProfileUpload {
        name: "Ada".into(),
        bio: None,
        subscribed: None,
        age: None,
        avatar: FilePart::new(&b"RIFF"[..])
            .file_name("me.webp")
            .content_type("image/webp"),
        cover: None,
        attachments: Vec::new(),
    })
    .await;
    let parts = parts_of(&request);
    assert_eq!(parts.len(), 2, "{parts:?}");
    let avatar = named(&parts, "avatar")[0];
    assert_eq!(avatar.file_name.as_deref(), Some("me.webp"));
    assert_eq!(avatar.content_type.as_deref(), Some("image/webp"));
    assert_eq!(avatar.body, b"RIFF");
}

// ------------------------------------------------------- raw bodies ----

fn upload_json() -> serde_json::Value {
    json!({"id": "u1", "size": 5, "contentType": "application/octet-stream"})
}

#[tokio::test]
async fn octet_stream_body_is_sent_byte_for_byte() {
    let server = json_server(upload_json()).await;
    let client = body_raw::Client::builder()
        .base_url(server.uri())
        .build()
        .expect("builds");
    let bytes: &[u8] = &[0, 255, 13, 10, 0x80];
    let upload = client.upload_blob(bytes.to_vec()).await.expect("succeeds");
    assert_eq!(
        upload.into_inner(),
        body_raw::types::Upload {
            id: "u1".into(),
            size: 5,
            content_type: Some("application/octet-stream".into())
        }
    );
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/uploads/blob");
    assert_eq!(header(&request, "content-type"), Some("application/octet-stream"));
    assert_eq!(request.body, bytes);
}

#[tokio::test]
async fn text_plain_body_is_sent_as_utf8() {
    let server = json_server(upload_json()).await;
    let client = body_raw::Client::builder()
        .base_url(server.uri())
        .build()
        .expect("builds");
    client.put_note_text(5, "héllo\nworld").await.expect("succeeds");
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "PUT");
    assert_eq!(request.url.path(), "/contacts/5/note-text");
    assert_eq!(header(&request, "content-type"), Some("text/plain"));
    assert_eq!(request.body, "héllo\nworld".as_bytes());
}

#[tokio::test]
async fn image_body_has_its_media_type() {
    let server = json_server(upload_json()).await;
    let client = body_raw::Client::builder()
        .base_url(server.uri())
        .build()
        .expect("builds");
    client.put_avatar(6, PNG.to_vec()).await.expect("succeeds");
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "PUT");
    assert_eq!(request.url.path(), "/contacts/6/avatar");
    assert_eq!(header(&request, "content-type"), Some("image/png"));
    assert_eq!(request.body, PNG);
}

// -------------------------------------------- several media types ----

fn contact_created() -> serde_json::Value {
    json!({"id": 21, "name": "Ada"})
}

async fn multi_client(server: &MockServer) -> body_multiple_media_types::Client {
    body_multiple_media_types::Client::builder()
        .base_url(server.uri())
        .build()
        .expect("builds")
}

#[tokio::test]
async fn media_type_methods_json() {
    use body_multiple_media_types::types::{Contact, ContactCreate};
    let server = json_server(contact_created()).await;
    let client = multi_client(&server).await;
    let created = client
        .create_contact(&ContactCreate {
            name: "Ada".into(),
            email: None,
            phone_number: Some("+1 555".into()),
        })
        .await
        .expect("succeeds");
    assert_eq!(
        created.into_inner(),
        Contact {
            id: 21,
            name: "Ada".into(),
            email: None
        }
    );
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/contacts");
    assert_eq!(header(&request, "content-type"), Some("application/json"));
    assert_eq!(body_text(&request), r#"{"name":"Ada","phone_number":"+1 555"}"#);
}

#[tokio::test]
async fn media_type_methods_form() {
    use body_multiple_media_types::types::ContactCreate;
    let server = json_server(contact_created()).await;
    let client = multi_client(&server).await;
    client
        .create_contact_form(&ContactCreate {
            name: "Ada".into(),
            email: None,
            phone_number: Some("+1 555".into()),
        })
        .await
        .expect("succeeds");
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/contacts");
    assert_eq!(
        header(&request, "content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(body_text(&request), "name=Ada&phone_number=%2B1+555");
}

#[tokio::test]
async fn media_type_methods_multipart() {
    use body_multiple_media_types::types::CreateContactMultipart;
    let server = json_server(contact_created()).await;
    let client = multi_client(&server).await;
    client
        .create_contact_multipart(&CreateContactMultipart {
            name: "Ada".into(),
            email: Some("ada@example.com".into()),
            phone_number: None,
        })
        .await
        .expect("succeeds");
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/contacts");
    let parts = parts_of(&request);
    let summary: Vec<(&str, Option<&str>, Option<&str>, &str)> = parts
        .iter()
        .map(|part| {
            (
                part.name.as_str(),
                part.file_name.as_deref(),
                part.content_type.as_deref(),
                part.text(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [("name", None, None, "Ada"), ("email", None, None, "ada@example.com")]
    );
}
