//! Random, valid OpenAPI 3.0.3 and 3.1.0 documents for the generative tests
//! (`docs/generative.md`).
//!
//! The grammar (`ast`) covers the constructs real documents use: component
//! schemas that reference each other (cycles through properties, arrays,
//! maps, unions and alias chains; allOf only backwards, since an allOf cycle
//! is invalid), inline schemas at every level, required/optional/nullable
//! properties, defaults of every scalar type, enums of every type (values
//! that collide after case conversion, empty, leading digits, `-x`,
//! negatives), oneOf/anyOf with and without a discriminator and mapping,
//! the allOf-base and inheritance patterns, allOf merges,
//! additionalProperties, 3.1 type arrays, `const` and boolean schemas,
//! names that are keywords or collide after snake_case or CamelCase,
//! parameters of every location and style, JSON/form/multipart/binary/text
//! bodies, many status codes and ranges, every kind of security scheme and
//! colliding or missing operationIds. `render` makes each abstract document
//! a valid OpenAPI document.
//!
//! ```text
//! let documents = switchboard_doc_grammar::generate_documents(7, 3);
//! assert_eq!(documents, switchboard_doc_grammar::generate_documents(7, 3)); // same seed, same documents
//! ```

pub mod ast;
pub mod pools;
mod render;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

pub use render::render;

/// A generator failure the grammar has found and that is not fixed yet.
#[derive(Debug, Clone, Copy)]
pub struct KnownFailure {
    /// The name of the fixture that will pin it (`tests/fixtures/NAME.yaml`).
    pub name: &'static str,
    /// What fails.
    pub description: &'static str,
    /// For a failure that is a warning in the generated code: the lints
    /// `tests/generative` allows while it is known (else the construct is
    /// avoided where `render.rs` says `KNOWN FAILURE`).
    pub lints: &'static [&'static str],
}

/// The generator failures found and not fixed yet (`docs/generative.md`,
/// "Failure classes found", has the minimal documents); none at present.
/// The grammar still holds
/// these constructs: errors are avoided when rendering (marked `KNOWN
/// FAILURE` in `render.rs`) and warnings are allowed by `tests/generative`,
/// unless known failures are asked for ([`Options::known_failures`],
/// `SWITCHBOARD_GEN_KNOWN_FAILURES=1`), so that CI stays green until they
/// are fixed. Fixing one means: add its fixture, delete its gate and its
/// entry here.
pub const KNOWN_FAILURES: &[KnownFailure] = &[];

/// What to generate besides the grammar's defaults.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Also render the constructs of [`KNOWN_FAILURES`].
    pub known_failures: bool,
}

impl Options {
    /// `known_failures` from `SWITCHBOARD_GEN_KNOWN_FAILURES=1`.
    pub fn from_env() -> Self {
        Options {
            known_failures: std::env::var("SWITCHBOARD_GEN_KNOWN_FAILURES").is_ok_and(|v| v == "1"),
        }
    }
}

/// The seed CI uses (`SWITCHBOARD_GEN_SEED` overrides it).
pub const DEFAULT_SEED: u64 = 20_261_130;

/// A random OpenAPI document (3.0.3 or 3.1.0) as JSON, avoiding the
/// [`KNOWN_FAILURES`]. Shrinks towards smaller documents.
pub fn document() -> impl Strategy<Value = serde_json::Value> {
    document_with(Options::default())
}

/// A random OpenAPI document with `options`.
pub fn document_with(options: Options) -> impl Strategy<Value = serde_json::Value> {
    ast::abstract_document().prop_map(move |doc| render(&doc, options.known_failures))
}

/// A test runner whose random choices depend only on `seed`.
pub fn runner(seed: u64, cases: u32) -> TestRunner {
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    bytes[8..16].copy_from_slice(&seed.rotate_left(29).to_le_bytes());
    let config = Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    };
    TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &bytes))
}

/// `count` documents, the same ones for the same seed, avoiding the
/// [`KNOWN_FAILURES`].
pub fn generate_documents(seed: u64, count: usize) -> Vec<serde_json::Value> {
    generate_documents_with(seed, count, Options::default())
}

/// `count` documents with `options`, the same ones for the same seed and
/// options (the known failures change only how some documents render).
pub fn generate_documents_with(seed: u64, count: usize, options: Options) -> Vec<serde_json::Value> {
    // proptest's value trees for a whole document are deep: a test
    // thread's 2 MiB stack is not enough in a debug build.
    with_large_stack(move || {
        let mut runner = runner(seed, 1);
        let strategy = document_with(options);
        (0..count)
            .map(|_| {
                strategy
                    .new_tree(&mut runner)
                    .expect("the grammar never rejects")
                    .current()
            })
            .collect()
    })
}

/// Runs `f` on a thread with a 256 MiB stack (reserved, not used): what
/// building and shrinking whole documents needs.
pub fn with_large_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(f)
        .expect("a thread")
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// The seed from `SWITCHBOARD_GEN_SEED` (decimal), else [`DEFAULT_SEED`].
pub fn seed_from_env() -> u64 {
    match std::env::var("SWITCHBOARD_GEN_SEED") {
        Ok(text) => text
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("SWITCHBOARD_GEN_SEED={text:?} is not a decimal u64")),
        Err(_) => DEFAULT_SEED,
    }
}
