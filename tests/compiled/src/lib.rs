//! The generated code of every feature fixture in `tests/fixtures/`, compiled
//! as one module each (`switchboard_fixture_tests::string_enums::types::…`).
//! The tests in `tests/` exercise the generated types and clients.

#![allow(missing_docs)]

include!(concat!(env!("OUT_DIR"), "/fixtures.rs"));
