//! Every example in every spec goes through the generated Rust type for its
//! location and comes back as the same JSON.
//!
//! Each spec is walked generically: every `example` and `examples` (schema
//! level, media-type level, parameter and header level) is found and given
//! a readable key, its JSON pointer with the `/paths/<path>/<method>` prefix
//! replaced by the operation id and parameter indexes replaced by parameter
//! names, e.g. `createContacts responses 200 content application/json example`
//! or `components schemas Contact properties countryCode example`. A
//! hand-written table per provider maps each key to the generated type. An
//! example without a table entry fails the test, and so does an entry whose
//! example is gone: new examples cannot be skipped silently.
//!
//! The document walked is the spec's effective document: the spec after its
//! conventional overlay (`specs/chatwoot.yaml` + `specs/chatwoot.overlay.yaml`),
//! the document the client is generated from (`tests/common/mod.rs`).

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};
use switchboard::{awal, callbell, chatwoot, pabbly_chatflow as pabbly};

// ---------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------

/// Deserialises an example into a generated type and serialises it back.
type Check = Box<dyn Fn(Value) -> Result<Value, String>>;

struct Entry {
    check: Check,
    /// Properties whose schema `default` the generated type fills in when
    /// they are absent (`T` with `#[serde(default)]`): the expected JSON is
    /// the example with these added where it lacks them.
    defaults: Option<Value>,
}

impl Entry {
    fn with_defaults(mut self, defaults: Value) -> Self {
        self.defaults = Some(defaults);
        self
    }
}

fn round_trip<T: DeserializeOwned + Serialize>(value: Value) -> Result<Value, String> {
    let typed: T = serde_json::from_value(value).map_err(|error| format!("does not deserialise: {error}"))?;
    serde_json::to_value(&typed).map_err(|error| format!("does not serialise back: {error}"))
}

/// The example is a whole value of type `T`.
fn typed<T: DeserializeOwned + Serialize + 'static>() -> Entry {
    Entry {
        check: Box::new(round_trip::<T>),
        defaults: None,
    }
}

/// The example belongs to property `property` of the object schema
/// generated as `T`: it goes through `T` as that property (with `base`
/// supplying `T`'s other required properties), so the field's type and its
/// wire name are both exercised.
fn field<T: DeserializeOwned + Serialize + 'static>(property: &'static str, base: Value) -> Entry {
    Entry {
        check: Box::new(move |value| {
            let mut object = base.as_object().cloned().unwrap_or_default();
            object.insert(property.to_owned(), value);
            let back = round_trip::<T>(Value::Object(object))?;
            back.get(property)
                .cloned()
                .ok_or_else(|| format!("`{property}` is dropped by the generated type"))
        }),
        defaults: None,
    }
}

/// JSON equality where numbers compare by value: `type: number` becomes
/// `f64`, so an integer example such as `1` comes back as `1.0`, which is
/// the same JSON number (JSON and JSON Schema do not tell them apart).
fn same_json(left: &Value, right: &Value) -> bool {
    match (left, right) {
        (Value::Number(left), Value::Number(right)) => {
            left == right || matches!((left.as_f64(), right.as_f64()), (Some(l), Some(r)) if l == r)
        }
        (Value::Array(left), Value::Array(right)) => {
            left.len() == right.len() && left.iter().zip(right).all(|(l, r)| same_json(l, r))
        }
        (Value::Object(left), Value::Object(right)) => {
            left.len() == right.len()
                && left
                    .iter()
                    .all(|(key, l)| right.get(key).is_some_and(|r| same_json(l, r)))
        }
        _ => left == right,
    }
}

// ---------------------------------------------------------------------------
// Finding the examples
// ---------------------------------------------------------------------------

/// One example found in a spec.
#[derive(Debug)]
struct Found {
    /// JSON pointer of the example value.
    pointer: String,
    /// The table key (see the module documentation).
    key: String,
    value: Value,
}

const HTTP_METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Keys whose value is a map from names (property names, status codes,
/// media types, component names, ...) to objects: inside such a map a key
/// called `example` or `default` is a name, not a keyword.
const NAME_MAPS: [&str; 19] = [
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
    "paths",
    "webhooks",
    "schemas",
    "responses",
    "parameters",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
    "pathItems",
    "content",
    "encoding",
    "variables",
];

/// Keywords whose values are data, not parts of the document.
const DATA_KEYWORDS: [&str; 5] = ["example", "examples", "enum", "default", "const"];

fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

fn pointer(tokens: &[String]) -> String {
    tokens.iter().map(|token| format!("/{}", escape(token))).collect()
}

fn resolve<'a>(spec: &'a Value, reference: &str) -> &'a Value {
    let target = reference
        .strip_prefix('#')
        .unwrap_or_else(|| panic!("only local $refs are supported: {reference}"));
    spec.pointer(target)
        .unwrap_or_else(|| panic!("$ref {reference} does not resolve"))
}

/// Follows `$ref`s of non-schema objects (parameters, examples).
fn deref<'a>(spec: &'a Value, mut node: &'a Value) -> &'a Value {
    for _ in 0..32 {
        match node.get("$ref").and_then(Value::as_str) {
            Some(reference) => node = resolve(spec, reference),
            None => return node,
        }
    }
    panic!("$ref chain too long");
}

/// Every example of `spec`.
fn find_examples(spec: &Value) -> Vec<Found> {
    let mut found = Vec::new();
    walk(spec, spec, &mut Vec::new(), false, &mut found);
    found
}

fn walk(spec: &Value, node: &Value, tokens: &mut Vec<String>, names: bool, out: &mut Vec<Found>) {
    match node {
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                tokens.push(index.to_string());
                walk(spec, item, tokens, false, out);
                tokens.pop();
            }
        }
        Value::Object(members) => {
            if !names {
                collect_here(spec, members, tokens, out);
            }
            for (key, child) in members {
                // Data is not walked (`components/examples` included: its
                // Example Objects are checked where a `$ref` uses them).
                if !names && (DATA_KEYWORDS.contains(&key.as_str()) || key.starts_with("x-")) {
                    continue;
                }
                let child_names = !names && NAME_MAPS.contains(&key.as_str());
                tokens.push(key.clone());
                walk(spec, child, tokens, child_names, out);
                tokens.pop();
            }
        }
        _ => {}
    }
}

/// Records the `example` / `examples` of one object (schema, media type,
/// parameter or header).
fn collect_here(spec: &Value, members: &Map<String, Value>, tokens: &[String], out: &mut Vec<Found>) {
    let is_components = tokens.len() == 1 && tokens[0] == "components";
    if let Some(example) = members.get("example") {
        let mut at = tokens.to_vec();
        at.push("example".into());
        out.push(found(spec, &at, &at, example.clone()));
    }
    match members.get("examples") {
        // OpenAPI 3.1 schema `examples`: a list of values.
        Some(Value::Array(values)) => {
            for (index, value) in values.iter().enumerate() {
                let mut at = tokens.to_vec();
                at.extend(["examples".into(), index.to_string()]);
                out.push(found(spec, &at, &at, value.clone()));
            }
        }
        // Media-type / parameter `examples`: named Example Objects.
        Some(Value::Object(named)) if !is_components => {
            for (name, example) in named {
                let example = deref(spec, example);
                assert!(
                    example.get("externalValue").is_none(),
                    "{}: externalValue examples are not supported",
                    pointer(tokens)
                );
                let value = example
                    .get("value")
                    .unwrap_or_else(|| panic!("{}/examples/{name}: an example without a value", pointer(tokens)));
                let mut key = tokens.to_vec();
                key.extend(["examples".into(), name.clone()]);
                let mut at = key.clone();
                at.push("value".into());
                out.push(found(spec, &key, &at, value.clone()));
            }
        }
        _ => {}
    }
}

fn found(spec: &Value, key_tokens: &[String], pointer_tokens: &[String], value: Value) -> Found {
    Found {
        pointer: pointer(pointer_tokens),
        key: key(spec, key_tokens),
        value,
    }
}

/// The readable key of the example at `tokens`.
fn key(spec: &Value, tokens: &[String]) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut rest = tokens;
    if tokens.first().map(String::as_str) == Some("paths") && tokens.len() >= 3 {
        let path = &tokens[1];
        let item = &spec["paths"][path];
        if HTTP_METHODS.contains(&tokens[2].as_str()) {
            let operation = &item[&tokens[2]];
            words.push(match operation["operationId"].as_str() {
                Some(id) => id.to_owned(),
                None => format!("{} {path}", tokens[2].to_uppercase()),
            });
            rest = &tokens[3..];
            if rest.first().map(String::as_str) == Some("parameters") && rest.len() >= 2 {
                words.push("parameters".into());
                words.push(parameter_name(spec, &operation["parameters"], &rest[1]));
                rest = &rest[2..];
            }
        } else if tokens[2] == "parameters" && tokens.len() >= 4 {
            words.extend(["path".into(), path.clone(), "parameters".into()]);
            words.push(parameter_name(spec, &item["parameters"], &tokens[3]));
            rest = &tokens[4..];
        }
    }
    words.extend(rest.iter().cloned());
    words.join(" ")
}

fn parameter_name(spec: &Value, parameters: &Value, index: &str) -> String {
    let index: usize = index.parse().expect("a parameter index");
    deref(spec, &parameters[index])["name"]
        .as_str()
        .expect("a parameter name")
        .to_owned()
}

// ---------------------------------------------------------------------------
// Running a table against a spec
// ---------------------------------------------------------------------------

/// The effective document of `specs/<file>`.
fn load(file: &str) -> Value {
    common::effective_spec(file).effective_value()
}

fn check_spec(file: &str, table: Vec<(&'static str, Entry)>) {
    let spec = load(file);
    let mut entries: BTreeMap<&str, (Entry, bool)> = BTreeMap::new();
    for (key, entry) in table {
        assert!(
            entries.insert(key, (entry, false)).is_none(),
            "{file}: the table lists `{key}` twice"
        );
    }
    let examples = find_examples(&spec);
    assert!(!examples.is_empty(), "{file}: no examples found");

    let mut failures = Vec::new();
    for example in &examples {
        let Some((entry, used)) = entries.get_mut(example.key.as_str()) else {
            failures.push(format!(
                "{file}#{}: no table entry for `{}`; add one mapping it to the generated type",
                example.pointer, example.key
            ));
            continue;
        };
        if *used {
            failures.push(format!(
                "{file}#{}: two examples share the key `{}`",
                example.pointer, example.key
            ));
        }
        *used = true;
        let mut expected = example.value.clone();
        if let (Some(Value::Object(defaults)), Value::Object(object)) = (&entry.defaults, &mut expected) {
            for (name, default) in defaults {
                object.entry(name.clone()).or_insert_with(|| default.clone());
            }
        }
        match (entry.check)(example.value.clone()) {
            Err(error) => failures.push(format!("{file}#{}: {error}", example.pointer)),
            Ok(back) if !same_json(&back, &expected) => failures.push(format!(
                "{file}#{}: the round trip changed the example\n  example: {expected}\n  back:    {back}",
                example.pointer
            )),
            Ok(_) => {}
        }
    }
    for (key, (_, used)) in &entries {
        if !used {
            failures.push(format!(
                "{file}: the table entry `{key}` matches no example in the spec; remove it"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} problem(s) with the examples of {file}:\n{}",
        failures.len(),
        failures.join("\n")
    );
    eprintln!("{file}: {} examples round-trip", examples.len());
}

// ---------------------------------------------------------------------------
// The tables
// ---------------------------------------------------------------------------

fn pabbly_table() -> Vec<(&'static str, Entry)> {
    use pabbly::types as t;
    vec![
        (
            "createContacts requestBody content application/json example",
            typed::<Vec<t::NewContact>>(),
        ),
        (
            "components responses ContactsCreated content application/json example",
            typed::<t::CreateContactsResponse>(),
        ),
        (
            // `ListContactsParams::attributes`.
            "listContacts parameters attributes example",
            typed::<Vec<t::AttributeFilter>>(),
        ),
        (
            "components schemas Contact properties countryCode example",
            field::<t::Contact>("countryCode", json!({})),
        ),
        (
            "components schemas Contact properties status example",
            field::<t::Contact>("status", json!({})),
        ),
        (
            "components schemas Envelope properties status example",
            field::<t::Envelope>("status", json!({})),
        ),
    ]
}

fn callbell_table() -> Vec<(&'static str, Entry)> {
    use callbell::types as t;
    vec![
        (
            "createContact requestBody content application/json examples docs_values",
            typed::<t::CreateContactRequest>(),
        ),
        (
            "components responses ContactCreated content application/json example",
            typed::<t::ContactResponse>(),
        ),
        ("components schemas Source example", typed::<t::Source>()),
        (
            "components schemas DeleteContactResponse properties status example",
            field::<t::DeleteContactResponse>("status", json!({})),
        ),
        (
            "components schemas MessageSendRequest properties status example",
            field::<t::MessageSendRequest>("status", json!({})),
        ),
        (
            "components schemas CodedError properties code example",
            field::<t::CodedError>("code", json!({})),
        ),
        (
            "components schemas AuthMeResponse properties status example",
            field::<t::AuthMeResponse>("status", json!({})),
        ),
    ]
}

fn awal_table() -> Vec<(&'static str, Entry)> {
    use awal::types as t;
    vec![
        (
            // `CreateContactParams::phone_number_id`.
            "createContact parameters phone_number_id example",
            typed::<String>(),
        ),
        (
            // `is_favorite` has `default: false`, which the generated
            // `bool` field fills in when a form omits it.
            "createContact requestBody content multipart/form-data examples docs_example",
            typed::<t::CreateContactForm>().with_defaults(json!({"is_favorite": false})),
        ),
        (
            "createContact responses 201 content application/json example",
            typed::<t::ContactEnvelope>(),
        ),
        (
            // `SendTextMessageParams::phone_number_id`.
            "sendTextMessage parameters phone_number_id example",
            typed::<String>(),
        ),
        (
            "sendTextMessage requestBody content application/json examples signingExample",
            typed::<t::SendTextMessageRequest>(),
        ),
        (
            "components schemas Error properties error example",
            field::<t::Error>("error", json!({})),
        ),
        (
            // The `x_api_version` field of every `…Params`.
            "components parameters ApiVersion example",
            typed::<String>(),
        ),
        (
            // Response headers are not typed by the generated client (they
            // stay in the `HeaderMap`); `i64` is what the generator makes
            // of their `type: integer`.
            "components headers Retry-After example",
            typed::<i64>(),
        ),
    ]
}

fn chatwoot_table() -> Vec<(&'static str, Entry)> {
    use chatwoot::types as t;
    // The effective document: the published excerpt's examples (inbox_id is
    // optional now, so each property goes through the payload alone) and
    // the overlay's.
    let create = |property| field::<t::ContactCreatePayload>(property, json!({}));
    let update = |property| field::<t::ContactUpdatePayload>(property, json!({}));
    vec![
        (
            "components schemas contact_create_payload properties inbox_id example",
            create("inbox_id"),
        ),
        (
            "components schemas contact_create_payload properties name example",
            create("name"),
        ),
        (
            "components schemas contact_create_payload properties email example",
            create("email"),
        ),
        (
            "components schemas contact_create_payload properties blocked example",
            create("blocked"),
        ),
        (
            "components schemas contact_create_payload properties phone_number example",
            create("phone_number"),
        ),
        (
            "components schemas contact_create_payload properties avatar_url example",
            create("avatar_url"),
        ),
        (
            "components schemas contact_create_payload properties identifier example",
            create("identifier"),
        ),
        (
            "components schemas contact_create_payload properties additional_attributes example",
            create("additional_attributes"),
        ),
        (
            "components schemas contact_create_payload properties custom_attributes example",
            create("custom_attributes"),
        ),
        (
            // The inline item schema of the published `contact`, which the
            // overlay leaves in place (unreferenced in the excerpt).
            "components schemas contact properties payload items properties custom_attributes example",
            field::<t::ContactPayloadItem>("custom_attributes", json!({})),
        ),
        (
            "components schemas error_message properties error example",
            field::<t::ErrorMessage>("error", json!({})),
        ),
        (
            "components schemas record_invalid_error properties message example",
            field::<t::RecordInvalidError>("message", json!({"attributes": []})),
        ),
        (
            "components schemas record_invalid_error properties attributes example",
            field::<t::RecordInvalidError>("attributes", json!({"message": "Invalid"})),
        ),
        (
            "components schemas unauthenticated_error properties errors example",
            field::<t::UnauthenticatedError>("errors", json!({})),
        ),
        (
            "components schemas contact_online_error properties message example",
            field::<t::ContactOnlineError>("message", json!({})),
        ),
        (
            "components schemas contact_label_update_payload properties labels example",
            field::<t::ContactLabelUpdatePayload>("labels", json!({})),
        ),
        (
            // The whole condition, `query_operator: null` included.
            "components schemas contact_filter_condition example",
            typed::<t::ContactFilterCondition>(),
        ),
        (
            "components schemas contact_inbox_create_payload properties inbox_id example",
            field::<t::ContactInboxCreatePayload>("inbox_id", json!({})),
        ),
        (
            "components schemas contact_update_payload properties name example",
            update("name"),
        ),
        (
            "components schemas contact_update_payload properties email example",
            update("email"),
        ),
        (
            "components schemas contact_update_payload properties blocked example",
            update("blocked"),
        ),
        (
            "components schemas contact_update_payload properties phone_number example",
            update("phone_number"),
        ),
        (
            "components schemas contact_update_payload properties avatar_url example",
            update("avatar_url"),
        ),
        (
            "components schemas contact_update_payload properties identifier example",
            update("identifier"),
        ),
        (
            "components schemas contact_update_payload properties additional_attributes example",
            update("additional_attributes"),
        ),
        (
            "components schemas contact_update_payload properties custom_attributes example",
            update("custom_attributes"),
        ),
    ]
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

const TABLES: [&str; 4] = ["pabbly-chatflow.yaml", "callbell.yaml", "awal.yaml", "chatwoot.yaml"];

#[test]
fn every_spec_has_a_table() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("specs");
    let mut specs: Vec<String> = std::fs::read_dir(&dir)
        .expect("specs/ is readable")
        .map(|entry| entry.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".yaml") || name.ends_with(".yml") || name.ends_with(".json"))
        .filter(|name| !name.contains(".overlay."))
        .collect();
    specs.sort();
    let mut tables = TABLES.map(str::to_owned).to_vec();
    tables.sort();
    assert_eq!(specs, tables, "every spec in specs/ needs an example table here");
}

#[test]
fn pabbly_chatflow_examples_round_trip() {
    check_spec("pabbly-chatflow.yaml", pabbly_table());
}

#[test]
fn callbell_examples_round_trip() {
    check_spec("callbell.yaml", callbell_table());
}

#[test]
fn awal_examples_round_trip() {
    check_spec("awal.yaml", awal_table());
}

#[test]
fn chatwoot_examples_round_trip() {
    check_spec("chatwoot.yaml", chatwoot_table());
}

/// The walker itself, on a document with the awkward cases: properties
/// named like keywords, named examples behind `$ref`, 3.1 schema
/// `examples`, path-level parameters and data that looks like examples.
#[test]
fn the_walker_finds_every_kind_of_example() {
    let spec = json!({
        "paths": {
            "/things/{id}": {
                "parameters": [{"name": "id", "in": "path", "example": "t1"}],
                "post": {
                    "operationId": "makeThing",
                    "parameters": [
                        {"$ref": "#/components/parameters/Limit"},
                        {"name": "q", "in": "query", "examples": {"short": {"value": "a"}}}
                    ],
                    "requestBody": {"content": {"application/json": {
                        "schema": {"type": "object", "default": {"example": 1}},
                        "examples": {"named": {"$ref": "#/components/examples/Thing"}}
                    }}},
                    "responses": {"201": {
                        "headers": {"X-Id": {"schema": {"type": "string"}, "example": "h"}},
                        "content": {"application/json": {"example": {"example": "not a keyword"}}}
                    }}
                }
            }
        },
        "components": {
            "parameters": {"Limit": {"name": "limit", "in": "query", "example": 5}},
            "examples": {"Thing": {"value": {"name": "thing"}}},
            "schemas": {
                "Thing": {
                    "type": "object",
                    "examples": [{"example": 1}, {"default": 2}],
                    "properties": {
                        "example": {"type": "string", "example": "e"},
                        "default": {"type": "boolean", "example": true},
                        "enum": {"enum": [{"example": "no"}]}
                    },
                    "x-note": {"example": "ignored"}
                }
            }
        }
    });
    let found: BTreeMap<String, (String, Value)> = find_examples(&spec)
        .into_iter()
        .map(|found| (found.key, (found.pointer, found.value)))
        .collect();
    let expected: BTreeMap<String, (String, Value)> = [
        (
            "path /things/{id} parameters id example",
            "/paths/~1things~1{id}/parameters/0/example",
            json!("t1"),
        ),
        (
            "makeThing parameters q examples short",
            "/paths/~1things~1{id}/post/parameters/1/examples/short/value",
            json!("a"),
        ),
        (
            "makeThing requestBody content application/json examples named",
            "/paths/~1things~1{id}/post/requestBody/content/application~1json/examples/named/value",
            json!({"name": "thing"}),
        ),
        (
            "makeThing responses 201 headers X-Id example",
            "/paths/~1things~1{id}/post/responses/201/headers/X-Id/example",
            json!("h"),
        ),
        (
            "makeThing responses 201 content application/json example",
            "/paths/~1things~1{id}/post/responses/201/content/application~1json/example",
            json!({"example": "not a keyword"}),
        ),
        (
            "components parameters Limit example",
            "/components/parameters/Limit/example",
            json!(5),
        ),
        (
            "components schemas Thing examples 0",
            "/components/schemas/Thing/examples/0",
            json!({"example": 1}),
        ),
        (
            "components schemas Thing examples 1",
            "/components/schemas/Thing/examples/1",
            json!({"default": 2}),
        ),
        (
            "components schemas Thing properties example example",
            "/components/schemas/Thing/properties/example/example",
            json!("e"),
        ),
        (
            "components schemas Thing properties default example",
            "/components/schemas/Thing/properties/default/example",
            json!(true),
        ),
    ]
    .into_iter()
    .map(|(key, pointer, value)| (key.to_owned(), (pointer.to_owned(), value)))
    .collect();
    assert_eq!(found, expected);
}

#[test]
fn numbers_compare_by_value() {
    assert!(same_json(&json!({"a": [1]}), &json!({"a": [1.0]})));
    assert!(!same_json(&json!({"a": 1}), &json!({"a": 2})));
    assert!(!same_json(&json!({"a": 1}), &json!({"a": 1, "b": null})));
    assert!(!same_json(&json!("1"), &json!(1)));
}
