//! The example tests the generator writes (`Generator::with_example_tests`),
//! run: `tests/fixtures/examples_round_trip.yaml` generated with them is
//! included here, so this harness runs its `example_tests` module, one test
//! per example (component and property examples, 3.1 `examples` items, a
//! request body's example, a response's named examples, parameter examples).
//! `examples_untagged_union_keeps_every_property.yaml` pins the corpus
//! regression of untagged unions dropping properties.
//! `generator/tests/standalone_crate.rs` shows the failing side.

#[allow(dead_code)]
mod examples_round_trip {
    include!(concat!(env!("OUT_DIR"), "/examples_round_trip_with_tests.rs"));
}

#[allow(dead_code)]
mod examples_untagged_union_keeps_every_property {
    include!(concat!(
        env!("OUT_DIR"),
        "/examples_untagged_union_keeps_every_property_with_tests.rs"
    ));
}

/// The module above holds the tests this file exists for.
#[test]
fn the_fixture_has_example_tests() {
    let code = include_str!(concat!(env!("OUT_DIR"), "/examples_round_trip_with_tests.rs"));
    assert!(code.matches("#[test]").count() >= 12, "{code}");
    assert!(code.contains("// Examples without a test:"));
}
