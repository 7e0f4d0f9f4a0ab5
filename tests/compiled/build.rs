//! Generates every feature fixture of `tests/fixtures/` into `OUT_DIR` and
//! writes `fixtures.rs`, which includes each as a module of this crate. A
//! fixture whose generated code does not compile fails the build, and so the
//! test suite.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures");
    println!("cargo:rerun-if-changed={}", fixtures.display());
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let modules = switchboard_codegen::modules_in(&fixtures).expect("tests/fixtures is readable");
    let mut index = String::new();
    let mut failed = Vec::new();
    for module in modules {
        println!("cargo:rerun-if-changed={}", module.spec.display());
        let generated = switchboard_codegen::Generator::new()
            .source_name(format!("tests/{}", module.source_name))
            .generate_file(&module.spec);
        match generated {
            Ok(generated) => {
                for input in &generated.inputs {
                    println!("cargo:rerun-if-changed={}", input.display());
                }
                let file = Path::new(&out_dir).join(format!("{}.rs", module.name));
                std::fs::write(&file, &generated.code).expect("OUT_DIR is writable");
                writeln!(index, "pub mod {} {{ include!(concat!(env!(\"OUT_DIR\"), \"/{}.rs\")); }}", module.name, module.name)
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
    std::fs::write(Path::new(&out_dir).join("fixtures.rs"), index).expect("OUT_DIR is writable");
}
