//! The README's build-time example works end to end.

use own_crate::my_api::{Client, types::Contact};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn generated_client_sends_and_parses() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/contacts"))
        .and(header("authorization", "Bearer k"))
        .and(body_json(serde_json::json!({"mobile": "919876543210"})))
        .respond_with(
            ResponseTemplate::new(201).set_body_json(serde_json::json!({"mobile": "919876543210", "name": null})),
        )
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .bearer_auth("k")
        .build()
        .expect("builds");
    let created = client
        .create_contact(&Contact::new("919876543210"))
        .await
        .expect("created");
    assert_eq!(created.mobile, "919876543210");
}

/// The README shows these files verbatim.
#[test]
fn readme_shows_this_crate() {
    let readme = include_str!("../../../README.md");
    for snippet in [include_str!("../build.rs"), include_str!("../src/lib.rs")] {
        assert!(readme.contains(snippet.trim()), "README.md no longer shows:\n{snippet}");
    }
}
