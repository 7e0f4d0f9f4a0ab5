//! Spec pairs that prove the verdicts of `switchboard-codegen diff` (see
//! README.md): for every pair, its OLD module (`PAIR::api`) and the code a
//! user wrote against it (`PAIR::user`). Building this crate checks that
//! every `user.rs` compiles against its OLD module; `tests/rust.rs`
//! compiles it against the NEW one, `tests/wire.rs` runs it against a mock
//! of the NEW server.

#![allow(missing_docs, dead_code, unused_imports, unused_variables, clippy::all)]

include!(concat!(env!("OUT_DIR"), "/pairs.rs"));
