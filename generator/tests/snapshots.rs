//! Snapshot tests: what the generator emits for every feature fixture, and
//! the exact diagnostics for every invalid one.
//!
//! A change to generated code shows up as a snapshot diff in review;
//! `cargo insta review` (or `INSTA_UPDATE=always cargo test`) accepts it.
//! Every snapshot here is also compiled: `tests/compiled` generates the same
//! bytes and builds them, and checks they equal these snapshots.

use std::path::Path;

use switchboard_codegen::{Generator, SpecModule};

fn settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../../tests/snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings
}

/// The name the generated header shows: stable whatever the working directory.
fn source_name(path: &Path) -> String {
    let file = path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let parent = path
        .parent()
        .and_then(|p| p.file_name())
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    if parent == "invalid" {
        format!("tests/fixtures/invalid/{file}")
    } else {
        format!("tests/fixtures/{file}")
    }
}

/// The feature fixtures, by the `regenerate` convention (an
/// `NAME.overlay.yaml` beside a fixture applies to it).
fn fixtures() -> Vec<SpecModule> {
    switchboard_codegen::modules_in(Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures"))
        .unwrap_or_else(|e| panic!("tests/fixtures: {e}"))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[test]
fn generated() {
    settings().bind(|| {
        for fixture in fixtures() {
            let generated = fixture
                .generator(Generator::new())
                .source_name(format!("tests/{}", fixture.source_name))
                .generate_file(&fixture.spec)
                .unwrap_or_else(|e| panic!("{} does not generate:\n{e}", fixture.spec.display()));
            insta::assert_snapshot!(format!("generated@{}", file_name(&fixture.spec)), generated.code);
        }
    });
}

/// The four provider modules, as `generated/` and `build.rs` produce them.
#[test]
fn providers() {
    settings().bind(|| {
        let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
        for spec in switchboard_codegen::modules_in(&specs).expect("specs/") {
            let generated = spec
                .generator(Generator::new())
                .generate_file(&spec.spec)
                .unwrap_or_else(|e| panic!("{} does not generate:\n{e}", spec.spec.display()));
            insta::assert_snapshot!(format!("providers@{}", file_name(&spec.spec)), generated.code);
        }
    });
}

/// The documents the providers' clients are generated from, after their
/// overlays: a change to an overlay shows here as a change to the API.
#[test]
fn effective_documents() {
    settings().bind(|| {
        let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
        for spec in switchboard_codegen::modules_in(&specs).expect("specs/") {
            if spec.overlay.is_none() {
                continue;
            }
            let effective = spec
                .generator(Generator::new())
                .effective_document(&spec.spec)
                .unwrap_or_else(|e| panic!("{}: {e}", spec.spec.display()));
            insta::assert_snapshot!(format!("effective@{}", file_name(&spec.spec)), effective.to_text());
        }
    });
}

#[test]
fn warnings() {
    settings().bind(|| {
        for fixture in fixtures() {
            let generated = fixture
                .generator(Generator::new())
                .source_name(format!("tests/{}", fixture.source_name))
                .generate_file(&fixture.spec)
                .unwrap_or_else(|e| panic!("{} does not generate:\n{e}", fixture.spec.display()));
            let text: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
            insta::assert_snapshot!(format!("warnings@{}", file_name(&fixture.spec)), text.join("\n"));
        }
    });
}

#[test]
fn invalid() {
    settings().bind(|| {
        insta::glob!("../../tests/fixtures/invalid", "*.{yaml,json}", |path| {
            let error = match Generator::new().source_name(source_name(path)).generate_file(path) {
                Ok(_) => panic!("{} generated, but it is invalid", path.display()),
                Err(error) => error,
            };
            assert!(error.errors().count() > 0, "an error, not only warnings");
            insta::assert_snapshot!(error.to_string());
        });
    });
}

#[test]
fn output_is_deterministic() {
    for fixture in fixtures() {
        let path = &fixture.spec;
        let generator = || fixture.generator(Generator::new());
        let first = generator().generate_file(path).expect("generates").code;
        let second = generator().generate_file(path).expect("generates").code;
        assert_eq!(
            first,
            second,
            "{} generates different bytes on a second run",
            path.display()
        );
        // Pieces are emitted and formatted on worker threads; the number of
        // threads must not show.
        for threads in [1, 3, 8] {
            let code = generator()
                .threads(threads)
                .generate_file(path)
                .expect("generates")
                .code;
            assert_eq!(code, first, "{} differs with {threads} thread(s)", path.display());
        }
        // Part of the module is written as text (the `Deserialize` impls of
        // structs); all of it must parse. (`tests/compiled` compiles it.)
        if let Err(e) = syn::parse_file(&first) {
            panic!("{} does not parse: {e}", path.display());
        }
    }
}

/// Example tests (`Generator::with_example_tests`): for every fixture the
/// client is the same bytes with or without them (the tests only follow
/// it) and the whole module parses; the example fixtures' test modules are
/// snapshotted (`tests/compiled` runs them).
#[test]
fn example_tests() {
    settings().bind(|| {
        for fixture in fixtures() {
            let generator = || {
                fixture
                    .generator(Generator::new())
                    .source_name(format!("tests/{}", fixture.source_name))
            };
            let plain = generator().generate_file(&fixture.spec).expect("generates").code;
            let with_tests = generator()
                .with_example_tests(true)
                .generate_file(&fixture.spec)
                .unwrap_or_else(|e| panic!("{} does not generate with tests:\n{e}", fixture.spec.display()))
                .code;
            let tests = with_tests.strip_prefix(plain.as_str()).unwrap_or_else(|| {
                panic!(
                    "{}: the client changes when example tests are added",
                    fixture.spec.display()
                )
            });
            if let Err(e) = syn::parse_file(&with_tests) {
                panic!("{} with example tests does not parse: {e}", fixture.spec.display());
            }
            if file_name(&fixture.spec).starts_with("examples_") {
                insta::assert_snapshot!(format!("examples@{}", file_name(&fixture.spec)), tests);
            }
        }
    });
}
