//! `$ref`s to objects inside other operations (fixture `refs_into_paths`):
//! the referring operation sends and decodes exactly what the referred one
//! does, and a webhook given by a chain of path-item `$ref`s is parsed.

mod common;

use common::{only_request, server_answering};
use serde_json::json;
use switchboard_fixture_tests::refs_into_paths::Client;
use switchboard_fixture_tests::refs_into_paths::types::{Contact, SearchContactsParams, WebhookEvent};
use switchboard_runtime::reqwest::header::HeaderMap;
use wiremock::ResponseTemplate;

#[tokio::test]
async fn a_parameter_and_a_response_by_ref_into_another_operation() {
    let server = server_answering(ResponseTemplate::new(200).set_body_json(json!([{"id": "c1", "name": "Ada"}]))).await;
    let client = Client::builder().base_url(server.uri()).build().expect("builds");
    let params = SearchContactsParams { limit: Some(5) };
    let contacts = client.search_contacts(&params).await.expect("succeeds").into_inner();
    let request = only_request(&server).await;
    assert_eq!(
        (request.method.as_str(), request.url.path()),
        ("GET", "/contacts/search")
    );
    assert_eq!(request.url.query(), Some("limit=5"));
    assert_eq!(
        contacts,
        [Contact {
            id: "c1".into(),
            name: Some("Ada".into())
        }]
    );
}

#[tokio::test]
async fn a_request_body_by_ref_into_another_operation() {
    let server = server_answering(ResponseTemplate::new(200).set_body_json(json!([]))).await;
    let client = Client::builder().base_url(server.uri()).build().expect("builds");
    let body = Contact {
        id: "c1".into(),
        name: None,
    };
    client.update_contact("c1", &body).await.expect("succeeds");
    let request = only_request(&server).await;
    assert_eq!((request.method.as_str(), request.url.path()), ("PUT", "/contacts/c1"));
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&request.body).expect("json"),
        json!({"id": "c1"})
    );
}

#[test]
fn a_webhook_by_a_chain_of_path_item_refs_is_parsed() {
    let delivery = WebhookEvent::parse(&HeaderMap::new(), br#"{"id":"c9","name":"Grace"}"#).expect("parsed");
    assert_eq!(
        delivery.event,
        WebhookEvent::ContactPinged(Contact {
            id: "c9".into(),
            name: Some("Grace".into())
        })
    );
}
