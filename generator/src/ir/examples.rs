//! Examples: the document's example values and the type each must
//! round-trip through (the tests of `Generator::with_example_tests`).

use serde_json::Value;

use super::types::TypeExpr;

/// One example of the document, to be decoded into `ty` and serialised back.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// The test function's name: snake_case, unique among the examples.
    pub test_name: String,
    /// The file the example is written in (the document, or a file it
    /// refers to), as diagnostics name it.
    pub file: String,
    /// The JSON pointer of the example value in that file.
    pub pointer: String,
    /// The example.
    pub value: Value,
    /// The type it must decode into.
    pub ty: TypeExpr,
}

/// An example no test is written for, and why (reported in the test module).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UntestedExample {
    /// The file the example is written in.
    pub file: String,
    /// The JSON pointer of the example.
    pub pointer: String,
    /// Why it has no test.
    pub reason: String,
}

/// The examples of a document, collected only when example tests are asked
/// for (both lists are empty otherwise).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Examples {
    /// The examples tested, in document order.
    pub tested: Vec<Example>,
    /// The examples found that cannot be tested, in document order.
    pub untested: Vec<UntestedExample>,
}
