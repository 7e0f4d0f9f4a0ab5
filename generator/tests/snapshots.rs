//! Snapshot tests: what the generator emits for every feature fixture, and
//! the exact diagnostics for every invalid one.
//!
//! A change to generated code shows up as a snapshot diff in review;
//! `cargo insta review` (or `INSTA_UPDATE=always cargo test`) accepts it.
//! Every snapshot here is also compiled: `tests/compiled` generates the same
//! bytes and builds them, and checks they equal these snapshots.

use std::path::Path;

use switchboard_codegen::Generator;

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

#[test]
fn generated() {
    settings().bind(|| {
        insta::glob!("../../tests/fixtures", "*.{yaml,json}", |path| {
            let generated = Generator::new()
                .source_name(source_name(path))
                .generate_file(path)
                .unwrap_or_else(|e| panic!("{} does not generate:\n{e}", path.display()));
            insta::assert_snapshot!(generated.code);
        });
    });
}

/// The four provider modules, as `generated/` and `build.rs` produce them.
#[test]
fn providers() {
    settings().bind(|| {
        insta::glob!("../../specs", "*.yaml", |path| {
            let name = format!(
                "specs/{}",
                path.file_name().map(|f| f.to_string_lossy()).unwrap_or_default()
            );
            let generated = Generator::new()
                .source_name(name)
                .generate_file(path)
                .unwrap_or_else(|e| panic!("{} does not generate:\n{e}", path.display()));
            insta::assert_snapshot!(generated.code);
        });
    });
}

#[test]
fn warnings() {
    settings().bind(|| {
        insta::glob!("../../tests/fixtures", "*.{yaml,json}", |path| {
            let generated = Generator::new()
                .source_name(source_name(path))
                .generate_file(path)
                .unwrap_or_else(|e| panic!("{} does not generate:\n{e}", path.display()));
            let text: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
            insta::assert_snapshot!(text.join("\n"));
        });
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
    for entry in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures")).expect("fixtures") {
        let path = entry.expect("entry").path();
        let is_spec = path.extension().is_some_and(|e| e == "yaml" || e == "json");
        if !is_spec {
            continue;
        }
        let first = Generator::new().generate_file(&path).expect("generates").code;
        let second = Generator::new().generate_file(&path).expect("generates").code;
        assert_eq!(
            first,
            second,
            "{} generates different bytes on a second run",
            path.display()
        );
        // Pieces are emitted and formatted on worker threads; the number of
        // threads must not show.
        for threads in [1, 3, 8] {
            let code = Generator::new()
                .threads(threads)
                .generate_file(&path)
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
