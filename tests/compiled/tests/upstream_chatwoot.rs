//! Chatwoot's full published OpenAPI 3.1 documents (144 operations) generate,
//! compile (the build script includes them in this crate) and expose every
//! operation as a client method. They are read from `../shared` (or
//! `SWITCHBOARD_CHATWOOT_DIR`); without them this test says loudly that it
//! skipped.

#[cfg(switchboard_upstream_chatwoot)]
mod present {
    use std::path::Path;

    use serde_json::Value;

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
        let dir = Path::new(env!("SWITCHBOARD_CHATWOOT_DIR_USED"));
        let path = dir.join(file);
        let document: Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("readable")).expect("JSON");
        let operations = operations(&document);
        assert_eq!(
            operations.len(),
            expected_operations,
            "{file}: operations in the document"
        );

        let code = std::fs::read_to_string(Path::new(env!("OUT_DIR")).join(format!("upstream_chatwoot_{module}.rs")))
            .expect("the build script generated it");
        let generated = switchboard_codegen::Generator::new()
            .generate_file(&path)
            .expect("generates");
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
        let methods = code.matches("-> impl ::std::future::Future<").count();
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
