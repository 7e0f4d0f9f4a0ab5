//! Generates every feature fixture of `tests/fixtures/` into `OUT_DIR` and
//! writes `fixtures.rs`, which includes each as a module of this crate. A
//! fixture whose generated code does not compile fails the build, and so the
//! test suite.

use std::fmt::Write as _;
use std::path::Path;

/// The fixtures whose example tests (`Generator::with_example_tests`) all
/// pass; `tests/examples.rs` runs them.
const ROUND_TRIPS: [&str; 2] = ["examples_round_trip", "examples_untagged_union_keeps_every_property"];

/// Fixtures also generated without `PartialEq`
/// (`Generator::with_partial_eq(false)`), as `<name>_without_partial_eq`:
/// between them a struct, a newtype, both kinds of union, the enum of an
/// operation's error responses and an enum of webhook events, each of
/// which must compile when the types it holds do not compare.
const WITHOUT_PARTIAL_EQ: [&str; 5] = [
    "alias_cycles",
    "callbacks",
    "one_of_discriminator",
    "one_of_untagged",
    "responses_errors",
];

fn main() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures");
    println!("cargo:rerun-if-changed={}", fixtures.display());
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let modules = switchboard_codegen::modules_in(&fixtures).expect("tests/fixtures is readable");
    let mut index = String::new();
    let mut failed = Vec::new();
    for module in modules {
        println!("cargo:rerun-if-changed={}", module.spec.display());
        let generated = module
            .generator(switchboard_codegen::Generator::new())
            .source_name(format!("tests/{}", module.source_name))
            .generate_file(&module.spec);
        match generated {
            Ok(generated) => {
                for input in &generated.inputs {
                    println!("cargo:rerun-if-changed={}", input.display());
                }
                let file = Path::new(&out_dir).join(format!("{}.rs", module.name));
                std::fs::write(&file, &generated.code).expect("OUT_DIR is writable");
                // tests/examples.rs runs the example tests of the fixtures
                // whose examples all round-trip.
                if ROUND_TRIPS.contains(&module.name.as_str()) {
                    let generator = switchboard_codegen::Generator::new().with_example_tests(true);
                    write_variant(&module, generator, "with_tests", &out_dir);
                }
                if WITHOUT_PARTIAL_EQ.contains(&module.name.as_str()) {
                    let generator = switchboard_codegen::Generator::new().with_partial_eq(false);
                    let name = write_variant(&module, generator, "without_partial_eq", &out_dir);
                    writeln!(
                        index,
                        "pub mod {name} {{ include!(concat!(env!(\"OUT_DIR\"), \"/{name}.rs\")); }}"
                    )
                    .expect("writing to a String");
                }
                writeln!(
                    index,
                    "pub mod {} {{ include!(concat!(env!(\"OUT_DIR\"), \"/{}.rs\")); }}",
                    module.name, module.name
                )
                .expect("writing to a String");
            }
            Err(error) => failed.push(error.to_string()),
        }
    }
    if !failed.is_empty() {
        for error in &failed {
            println!("cargo:warning={}", error.replace('\n', " | "));
        }
        std::process::exit(1);
    }
    index.push_str(&upstream_chatwoot(&out_dir));
    std::fs::write(Path::new(&out_dir).join("fixtures.rs"), index).expect("OUT_DIR is writable");
}

/// Generates `module` with `generator`'s options into `OUT_DIR` as
/// `<name>_<suffix>.rs`, and returns `<name>_<suffix>`.
fn write_variant(
    module: &switchboard_codegen::SpecModule,
    generator: switchboard_codegen::Generator,
    suffix: &str,
    out_dir: &str,
) -> String {
    let generated = module
        .generator(generator)
        .source_name(format!("tests/{}", module.source_name))
        .generate_file(&module.spec)
        .unwrap_or_else(|e| panic!("{} ({suffix}): {e}", module.name));
    let name = format!("{}_{suffix}", module.name);
    std::fs::write(Path::new(out_dir).join(format!("{name}.rs")), &generated.code).expect("OUT_DIR is writable");
    name
}

/// Chatwoot's full published documents, read from `../shared` (or
/// `SWITCHBOARD_CHATWOOT_DIR`): generated and compiled as the module
/// `upstream_chatwoot::{full, application, client, other, platform}` when
/// present, plus `application_corrected`: the application document with
/// `specs/chatwoot.overlay.yaml` applied (every overlay action must select
/// something in it, as in the excerpt). When the documents are absent, the
/// `upstream_chatwoot` test says loudly that it skipped (the
/// `switchboard_upstream_chatwoot` cfg is off).
fn upstream_chatwoot(out_dir: &str) -> String {
    println!("cargo:rustc-check-cfg=cfg(switchboard_upstream_chatwoot)");
    println!("cargo:rerun-if-env-changed=SWITCHBOARD_CHATWOOT_DIR");
    let dir = std::env::var("SWITCHBOARD_CHATWOOT_DIR").unwrap_or_else(|_| {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/upstream/chatwoot")
            .display()
            .to_string()
    });
    let dir = Path::new(&dir);
    let overlay = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../specs/chatwoot.overlay.yaml");
    let application = dir.join("tag_groups/application_swagger.json");
    let documents = [
        ("full", dir.join("swagger.json"), None),
        ("application", application.clone(), None),
        ("client", dir.join("tag_groups/client_swagger.json"), None),
        ("other", dir.join("tag_groups/other_swagger.json"), None),
        ("platform", dir.join("tag_groups/platform_swagger.json"), None),
        ("application_corrected", application, Some(&overlay)),
    ];
    if documents.iter().any(|(_, path, _)| !path.is_file()) {
        println!(
            "cargo:warning=SKIPPED: Chatwoot's upstream documents are not at {} (set SWITCHBOARD_CHATWOOT_DIR)",
            dir.display()
        );
        return String::new();
    }
    let mut modules = String::from("#[cfg(switchboard_upstream_chatwoot)]\npub mod upstream_chatwoot {\n");
    for (name, path, overlay) in &documents {
        println!("cargo:rerun-if-changed={}", path.display());
        let mut generator = switchboard_codegen::Generator::new().source_name(format!(
            "upstream/chatwoot/{}",
            path.file_name().map(|f| f.to_string_lossy()).unwrap_or_default()
        ));
        if let Some(overlay) = overlay {
            println!("cargo:rerun-if-changed={}", overlay.display());
            generator = generator.overlay_named(overlay, "specs/chatwoot.overlay.yaml");
        }
        let generated = generator.generate_file(path).unwrap_or_else(|e| {
            println!("cargo:warning={}", e.to_string().replace('\n', " | "));
            std::process::exit(1);
        });
        let file = format!("upstream_chatwoot_{name}.rs");
        std::fs::write(Path::new(out_dir).join(&file), &generated.code).expect("OUT_DIR is writable");
        let _ = writeln!(
            modules,
            "    pub mod {name} {{ include!(concat!(env!(\"OUT_DIR\"), \"/{file}\")); }}"
        );
    }
    modules.push_str("}\n");
    println!("cargo:rustc-cfg=switchboard_upstream_chatwoot");
    println!("cargo:rustc-env=SWITCHBOARD_CHATWOOT_DIR_USED={}", dir.display());
    modules
}
