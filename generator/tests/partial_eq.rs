//! `Generator::with_partial_eq(false)`: which types stop deriving
//! `PartialEq`, and that the default still derives it. The modules also
//! compile (`tests/compiled` builds these fixtures both ways).

use std::path::Path;

use switchboard_codegen::Generator;

fn generated(fixture: &str, generator: Generator) -> String {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures")
        .join(fixture);
    generator
        .source_name(format!("tests/fixtures/{fixture}"))
        .generate_file(&spec)
        .unwrap_or_else(|e| panic!("{fixture}: {e}"))
        .code
}

/// The `#[derive(…)]` lines of the `types` module of `code`, with the item
/// each one is on.
fn derives(code: &str) -> Vec<(String, String)> {
    let types = code.find("pub mod types {").expect("a types module");
    let end = types + code[types..].find("\n}\n").expect("the module's end");
    let lines: Vec<&str> = code[types..end].lines().map(str::trim).collect();
    lines
        .iter()
        .enumerate()
        .filter(|(_, line)| line.starts_with("#[derive("))
        .map(|(i, line)| {
            let item = lines[i + 1..]
                .iter()
                .find(|l| l.starts_with("pub "))
                .map_or_else(String::new, |l| l.to_string());
            (line.to_string(), item)
        })
        .collect()
}

const FIXTURES: [&str; 5] = [
    "alias_cycles.yaml",
    "callbacks.yaml",
    "one_of_discriminator.yaml",
    "one_of_untagged.yaml",
    "responses_errors.yaml",
];

#[test]
fn without_partial_eq_only_the_enums_of_values_compare() {
    for fixture in FIXTURES {
        let code = generated(fixture, Generator::new().with_partial_eq(false));
        let derives = derives(&code);
        assert!(!derives.is_empty(), "{fixture}: no derives");
        for (derive, item) in derives {
            if derive.contains("PartialEq") {
                // String and integer enums keep theirs: cheap, and used as keys.
                assert!(
                    derive.contains("Eq, Hash, PartialOrd, Ord"),
                    "{fixture}: `{item}` still derives PartialEq: {derive}"
                );
            } else {
                assert!(
                    derive.starts_with("#[derive(Debug, Clone"),
                    "{fixture}: `{item}`: {derive}"
                );
            }
        }
    }
}

#[test]
fn by_default_every_type_compares() {
    for fixture in FIXTURES {
        let code = generated(fixture, Generator::new());
        for (derive, item) in derives(&code) {
            assert!(
                derive.contains("PartialEq"),
                "{fixture}: `{item}` does not derive PartialEq: {derive}"
            );
        }
    }
}

#[test]
fn without_partial_eq_the_rest_of_the_module_is_the_same() {
    for fixture in FIXTURES {
        let with = generated(fixture, Generator::new());
        let without = generated(fixture, Generator::new().with_partial_eq(false));
        let dropped = with
            .replace("Debug, Clone, PartialEq, Eq, Hash", "KEPT")
            .replace(", PartialEq", "");
        assert_eq!(
            dropped.replace("KEPT", "Debug, Clone, PartialEq, Eq, Hash"),
            without,
            "{fixture}"
        );
    }
}
