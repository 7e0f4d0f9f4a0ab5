//! What generated operations return for each documented and undocumented
//! response: typed success values, typed error bodies, raw bodies kept.

mod common;

use common::{header, only_request, server_answering};
use serde_json::json;
use switchboard_fixture_tests::{responses_errors, responses_errors_without_partial_eq, responses_success};
use switchboard_runtime::Error;
use wiremock::{MockServer, ResponseTemplate};

async fn success_client(template: ResponseTemplate) -> (MockServer, responses_success::Client) {
    let server = server_answering(template).await;
    let client = responses_success::Client::builder()
        .base_url(server.uri())
        .build()
        .expect("builds");
    (server, client)
}

async fn errors_client(template: ResponseTemplate) -> (MockServer, responses_errors::Client) {
    let server = server_answering(template).await;
    let client = responses_errors::Client::builder()
        .base_url(server.uri())
        .build()
        .expect("builds");
    (server, client)
}

fn contact(id: i64) -> responses_errors::types::Contact {
    responses_errors::types::Contact {
        id,
        name: Some("Ada".into()),
    }
}

// ------------------------------------------------------------ success ----

#[tokio::test]
async fn status_200_and_201_map_to_different_variants() {
    use responses_success::types::{Contact, ContactCreated, UpsertContactResponse};
    let body = Contact {
        id: 1,
        name: Some("Ada".into()),
    };

    let (server, client) =
        success_client(ResponseTemplate::new(200).set_body_json(json!({"id": 1, "name": "Ada"}))).await;
    let updated = client.upsert_contact(&body).await.expect("succeeds");
    assert_eq!(updated.status(), 200);
    assert_eq!(updated.into_inner(), UpsertContactResponse::Ok(body.clone()));
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "PUT");
    assert_eq!(request.url.path(), "/contacts");
    assert_eq!(header(&request, "content-type"), Some("application/json"));
    assert_eq!(request.body, br#"{"id":1,"name":"Ada"}"#);

    let (_server, client) =
        success_client(ResponseTemplate::new(201).set_body_json(json!({"id": 2, "location": "/contacts/2"}))).await;
    let created = client.upsert_contact(&body).await.expect("succeeds");
    assert_eq!(created.status(), 201);
    assert_eq!(
        created.into_inner(),
        UpsertContactResponse::Created(ContactCreated {
            id: 2,
            location: "/contacts/2".into()
        })
    );
}

#[tokio::test]
async fn status_201_is_decoded_with_its_own_schema() {
    // A 201 carrying a 200-shaped body does not match `ContactCreated`.
    let (_server, client) =
        success_client(ResponseTemplate::new(201).set_body_json(json!({"id": 2, "name": "Ada"}))).await;
    let error = client
        .upsert_contact(&responses_success::types::Contact { id: 2, name: None })
        .await
        .expect_err("does not match");
    let Error::Decode(decode) = &error else {
        panic!("expected a decode error, got {error:?}");
    };
    assert_eq!(decode.status(), 201);
    assert!(decode.message().contains("location"), "{}", decode.message());
    assert_eq!(decode.body().as_ref(), br#"{"id":2,"name":"Ada"}"#);
}

#[tokio::test]
async fn status_204_is_unit() {
    let (server, client) = success_client(ResponseTemplate::new(204)).await;
    let deleted = client.delete_contact(9).await.expect("succeeds");
    let (status, _headers, ()) = deleted.into_parts();
    assert_eq!(status, 204);
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "DELETE");
    assert_eq!(request.url.path(), "/contacts/9");
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn status_204_with_a_documented_body_is_unit() {
    let (server, client) = success_client(ResponseTemplate::new(204)).await;
    let blocked = client.block_contact(4).await.expect("succeeds");
    assert_eq!(blocked.status(), 204);
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/contacts/4/block");
}

#[tokio::test]
async fn status_200_without_content_is_unit_even_with_a_body() {
    let (server, client) = success_client(ResponseTemplate::new(200).set_body_string("pong")).await;
    let pinged = client.ping_contact(4).await.expect("succeeds");
    assert_eq!(pinged.status(), 200);
    assert_eq!(only_request(&server).await.url.path(), "/contacts/4/ping");
}

#[tokio::test]
async fn text_body_is_a_string() {
    let vcard = "BEGIN:VCARD\r\nFN:Zoë\r\nEND:VCARD\r\n";
    let (server, client) = success_client(ResponseTemplate::new(200).set_body_raw(vcard, "text/plain")).await;
    let text = client.get_contact_vcard(3).await.expect("succeeds");
    assert_eq!(text.as_str(), vcard);
    assert_eq!(
        text.headers().get("content-type").and_then(|value| value.to_str().ok()),
        Some("text/plain")
    );
    assert_eq!(only_request(&server).await.url.path(), "/contacts/3/vcard");
}

#[tokio::test]
async fn text_body_that_is_not_utf8_is_a_decode_error() {
    let (_server, client) = success_client(ResponseTemplate::new(200).set_body_raw(&b"ok\xff"[..], "text/plain")).await;
    let error = client.get_contact_vcard(3).await.expect_err("not UTF-8");
    let Error::Decode(decode) = &error else {
        panic!("expected a decode error, got {error:?}");
    };
    assert_eq!(decode.body().as_ref(), b"ok\xff");
    assert_eq!(decode.operation(), "getContactVcard");
}

#[tokio::test]
async fn binary_body_is_bytes() {
    let bytes: &[u8] = b"\x89PNG\r\n\x1a\n\x00\xff";
    let (server, client) =
        success_client(ResponseTemplate::new(200).set_body_raw(bytes, "application/octet-stream")).await;
    let avatar = client.download_avatar(3).await.expect("succeeds");
    assert_eq!(avatar.as_ref(), bytes);
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), "/contacts/3/avatar");
}

#[tokio::test]
async fn default_only_response_is_the_success_type() {
    let (server, client) = success_client(ResponseTemplate::new(200).set_body_json(json!({"healthy": true}))).await;
    let status = client.get_status().await.expect("succeeds");
    assert_eq!(status.into_inner(), responses_success::types::Status { healthy: true });
    assert_eq!(only_request(&server).await.url.path(), "/status");
}

#[tokio::test]
async fn default_response_beside_200_is_the_typed_error() {
    use responses_success::types::{Error as ErrorBody, Note};
    let (_server, client) =
        success_client(ResponseTemplate::new(200).set_body_json(json!([{"body": "a"}, {"body": "b"}]))).await;
    let notes = client.list_notes(1).await.expect("succeeds");
    assert_eq!(
        notes.into_inner(),
        [Note { body: "a".into() }, Note { body: "b".into() }]
    );

    let (_server, client) =
        success_client(ResponseTemplate::new(404).set_body_json(json!({"message": "no such contact"}))).await;
    let error = client.list_notes(1).await.expect_err("404");
    let Error::Api(api) = &error else {
        panic!("expected an API error, got {error:?}");
    };
    assert_eq!(api.status(), 404);
    assert_eq!(
        api.typed(),
        Some(&ErrorBody {
            message: "no such contact".into()
        })
    );
}

#[tokio::test]
async fn range_2xx_accepts_any_success_status() {
    let (server, client) = success_client(ResponseTemplate::new(206).set_body_json(json!(["vip", "new"]))).await;
    let labels = client.list_labels().await.expect("succeeds");
    assert_eq!(labels.status(), 206);
    assert_eq!(labels.into_inner(), ["vip", "new"]);
    assert_eq!(only_request(&server).await.url.path(), "/labels");
}

// -------------------------------------------------------------- errors ----

#[tokio::test]
async fn status_400_is_typed_validation_errors() {
    use responses_errors::types::{UpdateContactError, ValidationErrors, ValidationErrorsErrorsItem};
    let body = json!({"errors": [{"field": "name", "message": "is blank"}]});
    let (server, client) = errors_client(ResponseTemplate::new(400).set_body_json(&body)).await;
    let error = client.update_contact(7, &contact(7)).await.expect_err("400");
    let Error::Api(api) = &error else {
        panic!("expected an API error, got {error:?}");
    };
    assert_eq!(api.status(), 400);
    assert_eq!(api.operation(), "updateContact");
    assert_eq!(
        api.typed(),
        Some(&UpdateContactError::BadRequest(ValidationErrors {
            errors: vec![ValidationErrorsErrorsItem {
                field: Some("name".into()),
                message: Some("is blank".into())
            }]
        }))
    );
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(api.body()).expect("JSON"),
        body
    );
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "PATCH");
    assert_eq!(request.url.path(), "/contacts/7");
    assert_eq!(request.body, br#"{"id":7,"name":"Ada"}"#);
}

/// `Generator::with_partial_eq(false)`: the same client, whose types do
/// not compare, still sends the same request and types the error body.
#[tokio::test]
async fn status_400_is_typed_without_partial_eq() {
    use responses_errors_without_partial_eq::types::{Contact, UpdateContactError};
    let body = json!({"errors": [{"field": "name", "message": "is blank"}]});
    let server = server_answering(ResponseTemplate::new(400).set_body_json(&body)).await;
    let client = responses_errors_without_partial_eq::Client::builder()
        .base_url(server.uri())
        .build()
        .expect("builds");
    let contact = Contact {
        id: 7,
        name: Some("Ada".into()),
    };
    let error = client.update_contact(7, &contact.clone()).await.expect_err("400");
    let Error::Api(api) = &error else {
        panic!("expected an API error, got {error:?}");
    };
    let Some(UpdateContactError::BadRequest(errors)) = api.typed() else {
        panic!("expected the 400 body typed, got {:?}", api.typed());
    };
    assert_eq!(errors.errors.len(), 1);
    assert_eq!(errors.errors[0].field.as_deref(), Some("name"));
    assert_eq!(errors.errors[0].message.as_deref(), Some("is blank"));
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "PATCH");
    assert_eq!(request.url.path(), "/contacts/7");
    assert_eq!(request.body, br#"{"id":7,"name":"Ada"}"#);
}

#[tokio::test]
async fn status_404_is_typed_not_found() {
    use responses_errors::types::{NotFound, UpdateContactError};
    let (_server, client) =
        errors_client(ResponseTemplate::new(404).set_body_json(json!({"error": "gone", "resource": "contact"}))).await;
    let error = client.update_contact(7, &contact(7)).await.expect_err("404");
    assert_eq!(error.status().map(|status| status.as_u16()), Some(404));
    let Error::Api(api) = error else {
        panic!("expected an API error");
    };
    assert_eq!(
        api.into_typed(),
        Some(UpdateContactError::NotFound(NotFound {
            error: "gone".into(),
            resource: Some("contact".into())
        }))
    );
}

#[tokio::test]
async fn status_422_is_typed_unprocessable_entity() {
    use responses_errors::types::{UnprocessableEntity, UpdateContactError};
    let (_server, client) = errors_client(
        ResponseTemplate::new(422).set_body_json(json!({"message": "invalid", "attributes": ["email", "phone"]})),
    )
    .await;
    let error = client.update_contact(7, &contact(7)).await.expect_err("422");
    let Error::Api(api) = &error else {
        panic!("expected an API error, got {error:?}");
    };
    assert_eq!(
        api.typed(),
        Some(&UpdateContactError::UnprocessableEntity(UnprocessableEntity {
            message: "invalid".into(),
            attributes: vec!["email".into(), "phone".into()]
        }))
    );
}

#[tokio::test]
async fn status_5xx_range_is_typed() {
    use responses_errors::types::{Error as ErrorBody, UpdateContactError};
    let (server, client) =
        errors_client(ResponseTemplate::new(502).set_body_json(json!({"message": "bad gateway"}))).await;
    let error = client.update_contact(7, &contact(7)).await.expect_err("502");
    let Error::Api(api) = &error else {
        panic!("expected an API error, got {error:?}");
    };
    assert_eq!(api.status(), 502);
    assert_eq!(
        api.typed(),
        Some(&UpdateContactError::Status5xx(ErrorBody {
            message: "bad gateway".into()
        }))
    );
    // PATCH is not idempotent: not retried.
    assert_eq!(common::received(&server).await.len(), 1);
}

#[tokio::test]
async fn documented_error_status_without_content_keeps_the_raw_body() {
    let (_server, client) = errors_client(ResponseTemplate::new(401).set_body_string("token expired")).await;
    let error = client.update_contact(7, &contact(7)).await.expect_err("401");
    let Error::Api(api) = &error else {
        panic!("expected an API error, got {error:?}");
    };
    assert_eq!(api.status(), 401);
    assert_eq!(api.typed(), None);
    assert_eq!(api.body().as_ref(), b"token expired");
}

#[tokio::test]
async fn undocumented_status_is_an_api_error_with_raw_body() {
    let (_server, client) = errors_client(
        ResponseTemplate::new(418)
            .set_body_raw("<h1>I'm a teapot</h1>", "text/html")
            .insert_header("x-request-id", "r-1"),
    )
    .await;
    let error = client.update_contact(7, &contact(7)).await.expect_err("418");
    assert_eq!(
        error.raw_body().map(|body| body.as_ref()),
        Some(&b"<h1>I'm a teapot</h1>"[..])
    );
    assert_eq!(
        error
            .headers()
            .and_then(|headers| headers.get("x-request-id"))
            .and_then(|value| value.to_str().ok()),
        Some("r-1")
    );
    assert_eq!(error.operation(), "updateContact");
    let Error::Api(api) = &error else {
        panic!("expected an API error, got {error:?}");
    };
    assert_eq!(api.status(), 418);
    assert_eq!(api.typed(), None);
    let message = error.to_string();
    assert!(
        message.contains("updateContact") && message.contains("418"),
        "{message}"
    );
}

#[tokio::test]
async fn documented_error_with_a_body_of_the_wrong_shape_is_untyped_but_kept() {
    let (_server, client) =
        errors_client(ResponseTemplate::new(400).set_body_json(json!({"detail": "something else"}))).await;
    let error = client.update_contact(7, &contact(7)).await.expect_err("400");
    let Error::Api(api) = &error else {
        panic!("expected an API error, got {error:?}");
    };
    assert_eq!(api.status(), 400);
    assert_eq!(api.typed(), None);
    assert_eq!(api.body().as_ref(), br#"{"detail":"something else"}"#);
}

#[tokio::test]
async fn shared_error_type_across_statuses() {
    use responses_errors::types::Error as ErrorBody;
    for status in [400, 404, 409] {
        let (server, client) =
            errors_client(ResponseTemplate::new(status).set_body_json(json!({"message": format!("s{status}")}))).await;
        let error = client.merge_contact(3).await.expect_err("error status");
        let Error::Api(api) = &error else {
            panic!("expected an API error, got {error:?}");
        };
        assert_eq!(api.status(), status);
        assert_eq!(
            api.typed(),
            Some(&ErrorBody {
                message: format!("s{status}")
            })
        );
        let request = only_request(&server).await;
        assert_eq!(request.method.as_str(), "POST");
        assert_eq!(request.url.path(), "/contacts/3/merge");
    }
}

#[tokio::test]
async fn success_body_not_matching_the_schema_is_a_decode_error_with_path() {
    let raw = r#"{"id":"seven","name":"Ada"}"#;
    let (_server, client) = errors_client(ResponseTemplate::new(200).set_body_raw(raw, "application/json")).await;
    let error = client.update_contact(7, &contact(7)).await.expect_err("mismatch");
    assert_eq!(error.status().map(|status| status.as_u16()), Some(200));
    let Error::Decode(decode) = &error else {
        panic!("expected a decode error, got {error:?}");
    };
    assert_eq!(decode.path(), "id");
    assert_eq!(decode.body().as_ref(), raw.as_bytes());
    assert_eq!(decode.operation(), "updateContact");
    let message = error.to_string();
    assert!(message.contains("`id`"), "{message}");
}

#[tokio::test]
async fn decode_error_path_points_into_arrays() {
    let raw = r#"[{"body":"ok"},{"body":5}]"#;
    let (_server, client) = success_client(ResponseTemplate::new(200).set_body_raw(raw, "application/json")).await;
    let error = client.list_notes(1).await.expect_err("mismatch");
    let Error::Decode(decode) = &error else {
        panic!("expected a decode error, got {error:?}");
    };
    assert_eq!(decode.path(), "[1].body");
    assert_eq!(decode.body().as_ref(), raw.as_bytes());
}

#[tokio::test]
async fn success_body_that_is_not_json_is_a_decode_error() {
    let (_server, client) = errors_client(ResponseTemplate::new(200).set_body_raw("<html>", "text/html")).await;
    let error = client.update_contact(7, &contact(7)).await.expect_err("not JSON");
    let Error::Decode(decode) = &error else {
        panic!("expected a decode error, got {error:?}");
    };
    assert_eq!(decode.body().as_ref(), b"<html>");
}

#[tokio::test]
async fn empty_success_body_for_a_json_response_is_a_decode_error() {
    let (_server, client) = errors_client(ResponseTemplate::new(200)).await;
    let error = client.update_contact(7, &contact(7)).await.expect_err("empty body");
    let Error::Decode(decode) = &error else {
        panic!("expected a decode error, got {error:?}");
    };
    assert_eq!(decode.status(), 200);
    assert!(decode.body().is_empty());
}

#[tokio::test]
async fn response_headers_are_reachable() {
    let (_server, client) = errors_client(
        ResponseTemplate::new(200)
            .set_body_json(json!({"id": 7, "name": "Ada"}))
            .insert_header("X-RateLimit-Remaining", "42"),
    )
    .await;
    let updated = client.update_contact(7, &contact(7)).await.expect("succeeds");
    assert_eq!(
        updated
            .headers()
            .get("x-ratelimit-remaining")
            .and_then(|value| value.to_str().ok()),
        Some("42")
    );
    let (status, headers, value) = updated.into_parts();
    assert_eq!(status, 200);
    assert!(headers.contains_key("X-RateLimit-Remaining"));
    assert_eq!(value, contact(7));
}

// ------------------------------------------------ undeclared successes ----

/// Regression (undeclared_2xx_is_a_success): a 2xx the document does not
/// list was decoded as the error type and the call failed.
#[tokio::test]
async fn an_undeclared_2xx_is_decoded_as_the_documented_success() {
    let note = json!([{"body": "call back"}]);
    let (_server, client) = success_client(ResponseTemplate::new(203).set_body_json(&note)).await;
    let notes = client.list_notes(1).await.expect("203 is a success");
    assert_eq!(notes.status(), 203);
    assert_eq!(notes.len(), 1);
}

// ------------------------------------------------- decode error paths ----

/// Regression (union_decode_error_path): a wrong type inside an untagged
/// union reported the union's path, not the field's.
#[tokio::test]
async fn a_decode_error_inside_a_union_names_the_field_that_failed() {
    use switchboard_fixture_tests::one_of_untagged;

    let cases = [
        // `Contact` gets furthest (to `name`); `Inbox` fails at once.
        (json!({"hit": {"id": 1, "name": 5}}), "hit.name"),
        // The list alternative of `SingleOrMany` fails at its second item.
        (
            json!({"hit": {"id": 1, "name": "Ada"}, "related": [{"id": 1, "name": "a"}, {"id": "x", "name": "b"}]}),
            "related[1].id",
        ),
    ];
    for (body, path) in cases {
        let server = server_answering(ResponseTemplate::new(200).set_body_json(&body)).await;
        let client = one_of_untagged::Client::builder()
            .base_url(server.uri())
            .build()
            .expect("builds");
        let error = client
            .search(&one_of_untagged::types::SearchParams::new("q"))
            .await
            .expect_err("mismatch");
        let Error::Decode(decode) = &error else {
            panic!("expected a decode error, got {error:?}");
        };
        assert_eq!(decode.path(), path, "{error}");
        assert!(decode.message().starts_with("invalid type"), "{}", decode.message());
    }
}
