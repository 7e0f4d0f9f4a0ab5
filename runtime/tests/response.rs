//! Decoding responses into values and errors, the way generated code does.

mod common;

use common::builder;
use reqwest::Method;
use serde::Deserialize;
use switchboard_runtime::{Error, RawResponse, ResponseValue};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[derive(Debug, Deserialize, PartialEq)]
struct Item {
    id: i64,
    name: String,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Data {
    items: Vec<Item>,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Envelope {
    data: Data,
}

#[derive(Debug, Deserialize, PartialEq)]
struct BadRequest {
    message: String,
}

#[derive(Debug, PartialEq)]
enum ListError {
    BadRequest(BadRequest),
}

#[derive(Debug, PartialEq)]
enum Created {
    Created(Item),
}

async fn respond(template: ResponseTemplate) -> RawResponse {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(template).mount(&server).await;
    let runtime = builder(&server).build().expect("builds");
    runtime
        .execute::<ListError>(runtime.request(Method::GET, "/items", "listItems"))
        .await
        .expect("a response")
}

/// What generated code does with a response.
fn list_items(response: RawResponse) -> Result<ResponseValue<Envelope>, Error<ListError>> {
    match response.status().as_u16() {
        200 => response.json(),
        400 => Err(response.error(ListError::BadRequest)),
        _ => Err(response.unexpected()),
    }
}

#[tokio::test]
async fn decodes_json_with_metadata() {
    let body = r#"{"data":{"items":[{"id":1,"name":"a"}]}}"#;
    let response = respond(
        ResponseTemplate::new(200)
            .insert_header("X-Total", "1")
            .set_body_raw(body, "application/json"),
    )
    .await;
    let value = list_items(response).expect("decodes");
    assert_eq!(value.status(), 200);
    assert_eq!(value.headers()["x-total"], "1");
    assert_eq!(value.data.items[0].name, "a");
    assert_eq!(
        value.into_inner(),
        Envelope {
            data: Data {
                items: vec![Item {
                    id: 1,
                    name: "a".into()
                }]
            }
        }
    );
}

#[tokio::test]
async fn mismatched_body_is_a_decode_error_with_path() {
    let body = r#"{"data":{"items":[{"id":1,"name":"a"},{"id":"two","name":"b"}]}}"#;
    let response = respond(ResponseTemplate::new(200).set_body_raw(body, "application/json")).await;
    let error = list_items(response).expect_err("mismatch");
    let Error::Decode(decode) = &error else {
        panic!("unexpected {error:?}");
    };
    assert_eq!(decode.path(), "data.items[1].id");
    assert_eq!(decode.status(), 200);
    assert_eq!(decode.body(), body.as_bytes());
    assert!(decode.message().contains("invalid type"), "{}", decode.message());
    assert_eq!(error.raw_body().map(|raw| &raw[..]), Some(body.as_bytes()));
    let message = error.to_string();
    assert!(message.contains("listItems") && message.contains("data.items[1].id") && message.contains("200"));
}

#[tokio::test]
async fn trailing_garbage_and_invalid_json_are_decode_errors() {
    let response = respond(ResponseTemplate::new(200).set_body_string(r#"{"data":{"items":[]}} x"#)).await;
    assert!(matches!(list_items(response), Err(Error::Decode(_))));
    let response = respond(ResponseTemplate::new(200).set_body_string("<html>")).await;
    assert!(matches!(list_items(response), Err(Error::Decode(_))));
}

#[tokio::test]
async fn documented_error_status_with_typed_body() {
    let body = r#"{"message":"page must be positive"}"#;
    let response = respond(ResponseTemplate::new(400).set_body_raw(body, "application/json")).await;
    let error = list_items(response).expect_err("400");
    assert_eq!(error.status().map(|status| status.as_u16()), Some(400));
    assert_eq!(
        error.to_string(),
        "operation `listItems` failed with status 400 Bad Request"
    );
    let Error::Api(api) = error else {
        panic!("not an API error");
    };
    assert_eq!(api.operation(), "listItems");
    assert_eq!(api.body(), body.as_bytes());
    assert_eq!(
        api.typed(),
        Some(&ListError::BadRequest(BadRequest {
            message: "page must be positive".into()
        }))
    );
    assert!(api.into_typed().is_some());
}

#[tokio::test]
async fn documented_error_status_with_undecodable_body() {
    let response = respond(ResponseTemplate::new(400).set_body_string("bad things")).await;
    let Err(Error::Api(api)) = list_items(response) else {
        panic!("not an API error");
    };
    assert_eq!(api.typed(), None);
    assert_eq!(api.body(), "bad things");
}

#[tokio::test]
async fn undocumented_status_is_unexpected() {
    let response = respond(ResponseTemplate::new(418).set_body_string(r#"{"message":"x"}"#)).await;
    let Err(Error::Api(api)) = list_items(response) else {
        panic!("not an API error");
    };
    assert_eq!(api.status(), 418);
    assert_eq!(api.typed(), None);
}

#[tokio::test]
async fn json_map_wraps_success_variants() {
    let response = respond(ResponseTemplate::new(201).set_body_string(r#"{"id":7,"name":"n"}"#)).await;
    let value = response.json_map::<Item, _, ()>(Created::Created).expect("decodes");
    assert_eq!(value.status(), 201);
    assert_eq!(
        *value,
        Created::Created(Item {
            id: 7,
            name: "n".into()
        })
    );
}

#[tokio::test]
async fn empty_ignores_any_body() {
    let response = respond(ResponseTemplate::new(204)).await;
    let value = response.empty::<()>().expect("empty");
    assert_eq!(value.status(), 204);
    let response = respond(ResponseTemplate::new(202).set_body_string("accepted")).await;
    assert_eq!(response.empty::<()>().expect("empty").status(), 202);
}

#[tokio::test]
async fn text_and_bytes() {
    let response = respond(ResponseTemplate::new(200).set_body_string("héllo")).await;
    assert_eq!(response.text::<()>().expect("text").into_inner(), "héllo");

    let raw = vec![0xff_u8, 0x00, 0x10];
    let response = respond(ResponseTemplate::new(200).set_body_bytes(raw.clone())).await;
    assert_eq!(response.body(), &raw[..]);
    assert_eq!(response.clone().bytes::<()>().expect("bytes").into_inner(), raw);
    let error = response.text::<()>().expect_err("invalid UTF-8");
    let Error::Decode(decode) = &error else {
        panic!("unexpected {error:?}");
    };
    assert!(decode.message().contains("UTF-8"), "{}", decode.message());
    assert_eq!(decode.body(), &raw[..]);
}
