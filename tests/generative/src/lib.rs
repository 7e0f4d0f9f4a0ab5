//! The clients generated from random OpenAPI documents
//! (`switchboard_doc_grammar`), one module each (`case_0`, `case_1`, …):
//! `build.rs` writes them, and this crate compiling is the test. The
//! documents are in `OUT_DIR` beside the code (`case_N.json`).
//! `docs/generative.md` says how to run other seeds and more cases.

#![allow(missing_docs)]

include!(concat!(env!("OUT_DIR"), "/cases.rs"));
