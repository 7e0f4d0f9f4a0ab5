//! Output does not depend on the order of map keys that carry no meaning:
//! components, paths, methods, responses, security schemes and media types
//! may be listed in any order. Property order is kept as written (it is the
//! field order of the struct, which a reader of the spec expects), so it is
//! left alone here.

use serde_json::{Map, Value};
use switchboard_codegen::Generator;

/// Reverses the keys of every map except `properties`, `required` lists and
/// user data (`example`, `enum`, `default`).
fn reverse_maps(value: &Value, key: Option<&str>) -> Value {
    match value {
        Value::Object(map) if !matches!(key, Some("properties" | "example" | "default" | "examples" | "value")) => {
            let mut out = Map::new();
            for (k, v) in map.iter().rev() {
                out.insert(k.clone(), reverse_maps(v, Some(k)));
            }
            Value::Object(out)
        }
        Value::Object(map) => {
            let mut out = Map::new();
            for (k, v) in map {
                let child_key = if matches!(key, Some("properties")) {
                    None
                } else {
                    Some("value")
                };
                out.insert(
                    k.clone(),
                    if child_key.is_none() {
                        reverse_maps(v, None)
                    } else {
                        v.clone()
                    },
                );
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(|v| reverse_maps(v, None)).collect()),
        other => other.clone(),
    }
}

fn check(relative: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(relative);
    let text = std::fs::read_to_string(&path).expect("readable");
    let original: Value = serde_yaml::from_str(&text).expect("parses");
    let reordered = serde_json::to_string_pretty(&reverse_maps(&original, None)).expect("serialises");
    assert_ne!(
        serde_json::to_string_pretty(&original).expect("serialises"),
        reordered,
        "{relative}: nothing reordered"
    );
    let generator = Generator::new().source_name(relative);
    let a = generator.generate_file(&path).expect("original generates").code;
    let b = generator.generate_str(&reordered).expect("reordered generates").code;
    if a != b {
        let line = a.lines().zip(b.lines()).position(|(x, y)| x != y).unwrap_or(0);
        panic!(
            "{relative}: reordering the document changed the code at line {}:\n{}\n{}",
            line + 1,
            a.lines().nth(line).unwrap_or_default(),
            b.lines().nth(line).unwrap_or_default()
        );
    }
}

#[test]
fn reordered_documents_generate_the_same_code() {
    for spec in [
        "specs/chatwoot.yaml",
        "specs/callbell.yaml",
        "specs/awal.yaml",
        "specs/pabbly-chatflow.yaml",
        "tests/fixtures/auth_schemes.yaml",
        "tests/fixtures/responses_success.yaml",
        "tests/fixtures/one_of_discriminator.yaml",
        "tests/fixtures/names_and_keywords.yaml",
        "tests/fixtures/inline_schema_names.yaml",
        "tests/fixtures/body_multiple_media_types.yaml",
    ] {
        check(spec);
    }
}
