//! The wire verdict of `diff`, proven by a server: for every pair, the
//! user code compiled against the OLD module (a deployed client) runs
//! against a mock of the NEW server (`mock/`), once per success reply the
//! new document lists, and `report.wire_breaking()` must say whether it
//! fails: a call that errs (a reply it cannot decode, a status it does not
//! expect) or a request the new server refuses (a missing required
//! property, a value it no longer takes, a path it no longer serves).
//!
//! The deployed client keeps its own base path (`servers[0].url` of the
//! OLD document) on the mock's host, so a moved base path shows.

mod common;
mod mock;

use std::sync::{Arc, Mutex};

use wiremock::{Mock, MockServer, matchers::any};

fn document(pair: &str, side: &str) -> serde_json::Value {
    let path = common::pairs_dir().join(pair).join(format!("{side}.yaml"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Why the deployed client fails against the new server, if it does.
async fn deployed_client_fails(pair: &str) -> Option<String> {
    let (old, new) = (document(pair, "old"), document(pair, "new"));
    for reply in 0..mock::success_replies(&new) {
        let server = MockServer::start().await;
        let refused = Arc::new(Mutex::new(Vec::new()));
        Mock::given(any())
            .respond_with(mock::NewServer::new(new.clone(), reply, refused.clone()))
            .mount(&server)
            .await;
        let base_url = format!("{}{}", server.uri(), mock::base_path(&old));
        let call = switchboard_diff_pairs::call(pair, &base_url).expect("every pair has a call");
        let result = call.await;
        let refused = refused.lock().unwrap_or_else(|e| e.into_inner()).join("; ");
        match result {
            Err(error) if refused.is_empty() => return Some(format!("reply {reply}: the call fails: {error}")),
            Err(error) => return Some(format!("reply {reply}: the call fails: {error} (server: {refused})")),
            Ok(()) if !refused.is_empty() => return Some(format!("reply {reply}: the server refused: {refused}")),
            Ok(()) => {}
        }
    }
    None
}

#[tokio::test]
async fn wire_verdict_is_what_the_new_server_says() {
    let mut failures = Vec::new();
    for pair in switchboard_diff_pairs::PAIRS {
        let report = common::report(pair);
        let failure = deployed_client_fails(pair).await;
        eprintln!(
            "{pair}: {}",
            failure
                .as_deref()
                .map_or("the deployed client works".to_string(), |why| format!(
                    "the deployed client fails: {why}"
                ))
        );
        if report.wire_breaking() != failure.is_some() {
            failures.push(format!(
                "{pair}: diff says the wire {}, but the deployed client {}\n{}",
                if report.wire_breaking() {
                    "breaks"
                } else {
                    "does not break"
                },
                failure
                    .as_deref()
                    .map_or("works".to_string(), |why| format!("fails: {why}")),
                report.render(switchboard_codegen::diff::Format::Text)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} pairs disagree with the new server:\n\n{}",
        failures.len(),
        switchboard_diff_pairs::PAIRS.len(),
        failures.join("\n\n")
    );
}
