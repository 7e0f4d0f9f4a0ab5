//! Generates `SWITCHBOARD_GEN_COMPILE_CASES` random OpenAPI documents (32 by
//! default) from `SWITCHBOARD_GEN_SEED` (`switchboard_doc_grammar::DEFAULT_SEED`
//! by default), writes each to `OUT_DIR/case_N.json`, generates its client
//! into `OUT_DIR/case_N.rs` and includes them all as modules of this crate
//! (`cases.rs`). A document that does not generate fails the build and names
//! its file; generated code that does not compile fails the build too.
//!
//! `SWITCHBOARD_GEN_DOCS=DIR` compiles the documents of DIR instead (a
//! minimal document, or a campaign's failing cases). The lints of
//! `switchboard_doc_grammar::KNOWN_FAILURES` are allowed in each module, and
//! their constructs avoided, unless `SWITCHBOARD_GEN_KNOWN_FAILURES=1`.

use std::fmt::Write as _;
use std::path::Path;

/// The number of documents when `SWITCHBOARD_GEN_COMPILE_CASES` is unset.
const DEFAULT_CASES: usize = 32;

fn main() {
    println!("cargo:rerun-if-env-changed=SWITCHBOARD_GEN_SEED");
    println!("cargo:rerun-if-env-changed=SWITCHBOARD_GEN_COMPILE_CASES");
    println!("cargo:rerun-if-env-changed=SWITCHBOARD_GEN_KNOWN_FAILURES");
    println!("cargo:rerun-if-changed=build.rs");
    let seed = switchboard_doc_grammar::seed_from_env();
    let cases = match std::env::var("SWITCHBOARD_GEN_COMPILE_CASES") {
        Ok(text) => text
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("SWITCHBOARD_GEN_COMPILE_CASES={text:?} is not a number")),
        Err(_) => DEFAULT_CASES,
    };
    let options = switchboard_doc_grammar::Options::from_env();
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let out_dir = Path::new(&out_dir);
    let (documents, origin) = match given_documents() {
        Some((documents, dir)) => (documents, format!("from {dir}")),
        None => (
            switchboard_doc_grammar::generate_documents_with(seed, cases, options)
                .iter()
                .map(|document| serde_json::to_string_pretty(document).expect("a JSON value serialises"))
                .collect(),
            format!("seed {seed}"),
        ),
    };
    // The lints of the known failures are allowed unless they are asked for.
    let mut allowed: Vec<&str> = Vec::new();
    if !options.known_failures {
        for failure in switchboard_doc_grammar::KNOWN_FAILURES {
            allowed.extend(failure.lints);
        }
    }
    let allow = if allowed.is_empty() {
        String::new()
    } else {
        format!("#[allow({})]\n", allowed.join(", "))
    };
    let mut index = String::new();
    let mut failed = Vec::new();
    for (i, text) in documents.iter().enumerate() {
        let name = format!("case_{i}");
        let spec = out_dir.join(format!("{name}.json"));
        std::fs::write(&spec, text).expect("OUT_DIR is writable");
        let generated = std::panic::catch_unwind(|| {
            switchboard_codegen::Generator::new()
                .source_name(format!("{name}.json ({origin})"))
                .threads(1)
                .generate_str(text)
        });
        match generated {
            Ok(Ok(generated)) => {
                std::fs::write(out_dir.join(format!("{name}.rs")), &generated.code).expect("OUT_DIR is writable");
                writeln!(
                    index,
                    "/// Generated from `{name}.json` ({origin}).\n{allow}pub mod {name} {{ include!(concat!(env!(\"OUT_DIR\"), \"/{name}.rs\")); }}"
                )
                .expect("writing to a String");
            }
            Ok(Err(error)) => failed.push(format!(
                "{}: does not generate: {}",
                spec.display(),
                error.to_string().replace('\n', " | ")
            )),
            Err(_) => failed.push(format!("{}: the generator panicked", spec.display())),
        }
    }
    if !failed.is_empty() {
        for failure in &failed {
            println!("cargo:warning={failure}");
        }
        eprintln!(
            "{} of {} documents ({origin}) failed to generate:",
            failed.len(),
            documents.len()
        );
        for failure in &failed {
            eprintln!("{failure}");
        }
        std::process::exit(1);
    }
    let _ = writeln!(
        index,
        "/// Where the documents came from.\npub const ORIGIN: &str = {origin:?};"
    );
    let _ = writeln!(
        index,
        "/// The number of generated modules.\npub const CASES: usize = {};",
        documents.len()
    );
    std::fs::write(out_dir.join("cases.rs"), index).expect("OUT_DIR is writable");
}

/// The documents of `SWITCHBOARD_GEN_DOCS` (a directory of `.json` and
/// `.yaml` files, in name order) instead of random ones, with the
/// directory's name.
fn given_documents() -> Option<(Vec<String>, String)> {
    println!("cargo:rerun-if-env-changed=SWITCHBOARD_GEN_DOCS");
    let dir = std::env::var_os("SWITCHBOARD_GEN_DOCS")?;
    let dir = Path::new(&dir);
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("SWITCHBOARD_GEN_DOCS={}: {e}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| {
            path.extension()
                .is_some_and(|e| e == "json" || e == "yaml" || e == "yml")
        })
        .collect();
    files.sort();
    let documents = files
        .iter()
        .map(|path| {
            println!("cargo:rerun-if-changed={}", path.display());
            std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        })
        .collect();
    Some((documents, dir.display().to_string()))
}
