//! `diff` on webhook events: an added or removed event breaks exhaustive
//! matches on the enum but no receiver; a changed signing recipe breaks
//! every deployed receiver; declaring signing adds `verify`.

use switchboard_codegen::diff::{Impact, Report};
use switchboard_codegen::{Generator, compare};

fn document(events: &[&str], signing: &str) -> String {
    let mut text = String::from("openapi: 3.1.0\ninfo: {title: Hooks, version: '1'}\npaths: {}\nwebhooks:\n");
    for event in events {
        text.push_str(&format!(
            "  {event}:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema: {{$ref: '#/components/schemas/Payload'}}\n      responses:\n        '200': {{description: ok}}\n"
        ));
    }
    text.push_str("x-switchboard-webhooks:\n  event-name: {in: body, name: event}\n");
    text.push_str(signing);
    text.push_str(
        "components:\n  schemas:\n    Payload:\n      type: object\n      properties:\n        event: {type: string}\n",
    );
    text
}

const SHA256: &str = "  signing: {algorithm: hmac-sha256, signature-header: X-Signature, message: [body]}\n";
const SHA512: &str = "  signing: {algorithm: hmac-sha512, signature-header: X-Signature, message: [body]}\n";

fn diff(old: &str, new: &str) -> Report {
    // One directory per call: the tests run in parallel.
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("switchboard-diff-webhooks-{}-{call}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let (old_path, new_path) = (dir.join("old.yaml"), dir.join("new.yaml"));
    std::fs::write(&old_path, old).expect("writes");
    std::fs::write(&new_path, new).expect("writes");
    let generator = Generator::new();
    let report = compare(
        &generator.model_file(&old_path).expect("old lowers"),
        &generator.model_file(&new_path).expect("new lowers"),
    );
    let _ = std::fs::remove_dir_all(&dir);
    report
}

fn change<'a>(report: &'a Report, needle: &str) -> &'a switchboard_codegen::diff::Change {
    report
        .changes
        .iter()
        .find(|c| c.what.contains(needle))
        .unwrap_or_else(|| panic!("no change mentioning {needle:?} in {report:#?}"))
}

#[test]
fn added_and_removed_events_break_exhaustive_matches_not_receivers() {
    let report = diff(
        &document(&["created", "deleted"], SHA256),
        &document(&["created", "updated"], SHA256),
    );
    let added = change(&report, "event `updated` added");
    assert_eq!((added.wire, added.rust), (Impact::None, Impact::Breaking));
    let removed = change(&report, "event `deleted` removed");
    assert_eq!((removed.wire, removed.rust), (Impact::None, Impact::Breaking));
}

#[test]
fn a_changed_signing_recipe_breaks_deployed_receivers() {
    let report = diff(&document(&["created"], SHA256), &document(&["created"], SHA512));
    let signing = change(&report, "signed differently");
    assert_eq!((signing.wire, signing.rust), (Impact::Breaking, Impact::None));
    assert!(report.wire_breaking());
}

#[test]
fn declaring_signing_adds_verify() {
    let report = diff(&document(&["created"], ""), &document(&["created"], SHA256));
    let added = change(&report, "`verify` added");
    assert_eq!((added.wire, added.rust), (Impact::None, Impact::Addition));
    assert_eq!(report.changes.len(), 1, "{report:#?}");
}

/// A document whose `subscribe` operation has the given callbacks (each
/// posting a `Payload` to the URL in the request).
fn with_callbacks(callbacks: &[&str]) -> String {
    let mut text = String::from(
        "openapi: 3.0.3\ninfo: {title: Hooks, version: '1'}\npaths:\n  /subscriptions:\n    post:\n      operationId: subscribe\n      responses:\n        '204': {description: ok}\n",
    );
    if !callbacks.is_empty() {
        text.push_str("      callbacks:\n");
    }
    for callback in callbacks {
        text.push_str(&format!(
            "        {callback}:\n          '{{$request.query.url}}':\n            post:\n              requestBody:\n                content:\n                  application/json:\n                    schema: {{$ref: '#/components/schemas/Payload'}}\n              responses:\n                '200': {{description: ok}}\n"
        ));
    }
    text.push_str(
        "components:\n  schemas:\n    Payload:\n      type: object\n      properties:\n        event: {type: string}\n",
    );
    text
}

#[test]
fn callbacks_declared_added_and_removed_are_reported_under_their_operation() {
    let declared = diff(&with_callbacks(&[]), &with_callbacks(&["onEvent"]));
    let added = change(&declared, "callback events declared: `types::SubscribeCallback`");
    assert_eq!(added.subject, "callbacks of `subscribe` (SubscribeCallback)");
    assert_eq!((added.wire, added.rust), (Impact::None, Impact::Addition));

    let report = diff(&with_callbacks(&["onEvent"]), &with_callbacks(&["onEvent", "onDone"]));
    let added = change(&report, "event `onDone` added");
    assert_eq!((added.wire, added.rust), (Impact::None, Impact::Breaking));

    let removed = diff(&with_callbacks(&["onEvent"]), &with_callbacks(&[]));
    let gone = change(&removed, "callback events no longer declared");
    assert_eq!((gone.wire, gone.rust), (Impact::None, Impact::Breaking));
}
