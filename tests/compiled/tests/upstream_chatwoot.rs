//! Chatwoot's full published OpenAPI 3.1 documents (144 operations) generate,
//! compile (the build script includes them in this crate) and expose every
//! operation as a client method; so does the application document with
//! `specs/chatwoot.overlay.yaml` applied, whose contact operations then
//! decode what the server sends (`tests/data/chatwoot/`). The documents are
//! read from `../shared` (or `SWITCHBOARD_CHATWOOT_DIR`); without them this
//! test says loudly that it skipped.

#[cfg(switchboard_upstream_chatwoot)]
mod present {
    use std::path::{Path, PathBuf};

    use serde_json::Value;
    use switchboard_codegen::Generator;

    const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    /// Every (method, path, operationId) of a document, read independently
    /// of the generator.
    fn operations(document: &Value) -> Vec<(String, String, Option<String>)> {
        let mut out = Vec::new();
        for (path, item) in document["paths"].as_object().into_iter().flatten() {
            for method in METHODS {
                if let Some(operation) = item.get(*method) {
                    let id = operation.get("operationId").and_then(Value::as_str).map(str::to_string);
                    out.push((method.to_string(), path.clone(), id));
                }
            }
        }
        out
    }

    fn check(file: &str, module: &str, expected_operations: usize) {
        let path = Path::new(env!("SWITCHBOARD_CHATWOOT_DIR_USED")).join(file);
        let document: Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("readable")).expect("JSON");
        check_module(file, &document, module, expected_operations, Generator::new());
    }

    /// The generated module `module` has one method per operation of
    /// `document`, which has `expected_operations`; `generator` (which
    /// regenerates it here) warns at most once.
    fn check_module(file: &str, document: &Value, module: &str, expected_operations: usize, generator: Generator) {
        let path = Path::new(env!("SWITCHBOARD_CHATWOOT_DIR_USED")).join(file);
        let operations = operations(document);
        assert_eq!(
            operations.len(),
            expected_operations,
            "{file}: operations in the document"
        );

        let code = std::fs::read_to_string(Path::new(env!("OUT_DIR")).join(format!("upstream_chatwoot_{module}.rs")))
            .expect("the build script generated it");
        let generated = generator.generate_file(&path).expect("generates");
        assert!(
            generated.warnings.len() <= 1,
            "{file}: unexpected warnings {:?}",
            generated.warnings
        );

        // Each operation is one `Client` method whose doc names it.
        for (method, path, id) in &operations {
            let needle = format!("/// Sends `{} {}` (`", method.to_uppercase(), path);
            assert!(
                code.contains(&needle),
                "{file}: no method for {} {path}",
                method.to_uppercase()
            );
            if let Some(id) = id {
                assert!(
                    code.contains(&format!("(`{id}`)")),
                    "{file}: operationId {id} has no method"
                );
            }
        }
        let methods = code.matches(") -> ::switchboard_runtime::Call<").count();
        assert!(
            methods >= operations.len(),
            "{file}: {methods} methods for {} operations",
            operations.len()
        );
    }

    #[test]
    fn full_document_exposes_all_144_operations() {
        check("swagger.json", "full", 144);
    }

    #[test]
    fn tag_group_documents_expose_all_their_operations() {
        check("tag_groups/application_swagger.json", "application", 112);
        check("tag_groups/client_swagger.json", "client", 12);
        check("tag_groups/other_swagger.json", "other", 1);
        check("tag_groups/platform_swagger.json", "platform", 17);
    }

    fn overlay() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../specs/chatwoot.overlay.yaml")
    }

    /// `tests/data/chatwoot/<file>`: a reply body of the Chatwoot server.
    fn server_reply(file: &str) -> String {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../data/chatwoot")
            .join(file);
        std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
    }

    /// The (method, path, operationId) of the contact operations: every
    /// path under `/contacts` but the contact conversations' messages.
    fn contact_operations(document: &Value) -> Vec<(String, String, Option<String>)> {
        let mut contact: Vec<_> = operations(document)
            .into_iter()
            .filter(|(_, path, _)| path.starts_with("/api/v1/accounts/{account_id}/contacts"))
            .collect();
        contact.sort();
        contact
    }

    #[test]
    fn corrected_application_document_keeps_its_112_operations_with_the_server_contact_operations() {
        let file = "tag_groups/application_swagger.json";
        let path = Path::new(env!("SWITCHBOARD_CHATWOOT_DIR_USED")).join(file);
        let published: Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("readable")).expect("JSON");
        // Without --allow-unmatched: every overlay action selects a node of
        // the full document too.
        let effective = Generator::new()
            .overlay(overlay())
            .effective_document(&path)
            .unwrap_or_else(|error| panic!("specs/chatwoot.overlay.yaml does not apply to {file}:\n{error}"));
        assert!(effective.warnings.is_empty(), "{:?}", effective.warnings);
        let corrected = effective.value;

        // The overlay replaces the 12 contact operations in place (same
        // methods, paths and ids) and touches no other operation.
        let ids = |operations: Vec<(String, String, Option<String>)>| -> Vec<String> {
            operations
                .into_iter()
                .map(|(method, path, id)| format!("{method} {path} {}", id.unwrap_or_default()))
                .collect()
        };
        assert_eq!(contact_operations(&corrected).len(), 12);
        assert_eq!(ids(contact_operations(&corrected)), ids(contact_operations(&published)));
        assert_eq!(ids(operations(&corrected)).len(), ids(operations(&published)).len());
        for (method, path, _) in operations(&published) {
            if !path.starts_with("/api/v1/accounts/{account_id}/contacts") {
                assert_eq!(
                    corrected["paths"][&path][&method], published["paths"][&path][&method],
                    "{method} {path} is not a contact operation; the overlay must leave it alone"
                );
            }
        }
        check_module(
            file,
            &corrected,
            "application_corrected",
            112,
            Generator::new().overlay(overlay()),
        );

        // The corrections are in the generated code: create answers the
        // server's {payload: {contact, contact_inbox}}, and create and
        // update take the avatar as a multipart file.
        let code =
            std::fs::read_to_string(Path::new(env!("OUT_DIR")).join("upstream_chatwoot_application_corrected.rs"))
                .expect("the build script generated it");
        let create = &code[code.find("pub fn contact_create(").expect("contact_create")..];
        assert!(
            create[..create.find('{').expect("a body")].contains("ResponseValue<types::ContactCreateResponse>"),
            "contact_create returns the corrected type"
        );
        assert!(code.contains("pub fn contact_create_multipart("));
        assert!(code.contains("pub fn contact_update_multipart("));
        // The published module's methods (112 operations, three of them
        // with a second encoding) and the multipart encodings of create and
        // update.
        let published_code =
            std::fs::read_to_string(Path::new(env!("OUT_DIR")).join("upstream_chatwoot_application.rs"))
                .expect("the build script generated it");
        let methods = |code: &str| code.matches(") -> ::switchboard_runtime::Call<").count();
        assert_eq!(methods(&published_code), 115);
        assert_eq!(methods(&code), 117);
    }

    #[tokio::test]
    async fn corrected_application_client_decodes_the_server_create_reply() {
        use switchboard_fixture_tests::upstream_chatwoot::application_corrected::{Client, types};
        use switchboard_runtime::{Error, RetryPolicy};
        use wiremock::matchers::{body_json, header, method, path};
        use wiremock::{Mock, MockServer, ResponseTemplate};

        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/api/v1/accounts/7/contacts"))
            .and(header("api_access_token", "user-token"))
            .and(body_json(serde_json::json!({"inbox_id": 12, "name": "Alice Martin"})))
            .respond_with(ResponseTemplate::new(200).set_body_raw(server_reply("create.200.json"), "application/json"))
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path("/api/v1/accounts/7/contacts"))
            .and(body_json(serde_json::json!({"name": "Alice Martin"})))
            .respond_with(
                ResponseTemplate::new(422)
                    .set_body_raw(server_reply("create.422.duplicate_email.json"), "application/json"),
            )
            .mount(&server)
            .await;
        let client = Client::builder()
            .base_url(format!("{}/", server.uri()))
            .user_api_key("user-token")
            .retry_policy(RetryPolicy::none())
            .build()
            .expect("builds");

        let payload = types::ContactCreatePayload {
            inbox_id: Some(12),
            name: Some("Alice Martin".into()),
            ..Default::default()
        };
        let created: types::ContactCreateResponse = client
            .contact_create(7, &payload)
            .await
            .expect("the server's create reply decodes")
            .into_inner();
        assert_eq!(created.payload.contact.id, 1042);
        assert_eq!(created.payload.contact.contact_inboxes.len(), 1);
        assert_eq!(
            created.payload.contact_inbox.source_id.as_deref(),
            Some("b1f6a0a4-3c7e-4d8e-9a65-2f1c0e7d9b21")
        );
        assert_eq!(
            created.payload.contact_inbox.inbox.map(|inbox| inbox.account_id),
            Some(7)
        );

        let error = client
            .contact_create(
                7,
                &types::ContactCreatePayload {
                    inbox_id: None,
                    ..payload
                },
            )
            .await
            .expect_err("422");
        let Error::Api(api) = error else {
            panic!("expected Error::Api, got {error:?}");
        };
        assert_eq!(
            api.typed(),
            Some(&types::ContactCreateError::UnprocessableEntity(
                types::ContactCreateError422::RecordInvalidError(types::RecordInvalidError::new(
                    "Email has already been taken",
                    vec!["email".into()],
                ))
            ))
        );
    }

    #[tokio::test]
    async fn published_application_client_cannot_decode_the_server_create_reply() {
        // What the overlay corrects: the published `extended_contact` has
        // `payload` as an array.
        use switchboard_fixture_tests::upstream_chatwoot::application::{Client, types};
        use switchboard_runtime::{Error, RetryPolicy};
        use wiremock::matchers::any;
        use wiremock::{Mock, MockServer, ResponseTemplate};

        let server = MockServer::start().await;
        let reply = server_reply("create.200.json");
        Mock::given(any())
            .respond_with(ResponseTemplate::new(200).set_body_raw(reply.clone(), "application/json"))
            .mount(&server)
            .await;
        let client = Client::builder()
            .base_url(format!("{}/", server.uri()))
            .user_api_key("user-token")
            .retry_policy(RetryPolicy::none())
            .build()
            .expect("builds");
        let payload: types::ContactCreatePayload =
            serde_json::from_value(serde_json::json!({"inbox_id": 12})).expect("deserialises");
        let error = client.contact_create(7, &payload).await.expect_err("does not decode");
        let Error::Decode(decode) = error else {
            panic!("expected Error::Decode, got {error:?}");
        };
        assert_eq!(decode.path(), "payload");
        assert_eq!(decode.body().as_ref(), reply.as_bytes());
    }

    #[test]
    fn generated_client_is_usable() {
        use switchboard_fixture_tests::upstream_chatwoot::full::{Client, types};
        // Three API-key schemes on the same header, each with its setter.
        let client = Client::builder()
            .user_api_key("user-token")
            .agent_bot_api_key("bot-token")
            .platform_app_api_key("platform-token")
            .build()
            .expect("the server URL from the document is valid");
        assert!(!format!("{client:?}").contains("user-token"));
        // A published contact payload deserialises into the generated type.
        let payload: types::ContactCreatePayload =
            serde_json::from_value(serde_json::json!({"inbox_id": 1, "name": "Alice"})).expect("deserialises");
        assert_eq!(payload.name.as_deref(), Some("Alice"));
    }
}

#[cfg(not(switchboard_upstream_chatwoot))]
#[test]
fn upstream_chatwoot_documents() {
    eprintln!(
        "SKIPPED: Chatwoot's upstream documents were not found when this crate was built; \
         set SWITCHBOARD_CHATWOOT_DIR to the directory holding swagger.json and tag_groups/"
    );
}
