//! Generates, for every pair of `pairs/`, the OLD and the NEW module into
//! `OUT_DIR/pairs/NAME/{old,new}.rs`, and writes `pairs.rs`: one module per
//! pair holding its OLD module (`api`) and the user code written against it
//! (`user`, from `pairs/NAME/user.rs`), the list of pairs and a dispatcher
//! for the wire test. The NEW modules are compiled by `tests/rust.rs`, one
//! scratch crate per pair, because some of them must fail to compile.
//!
//! ```text
//! pub mod request_property_added_required {
//!     pub mod api { include!(…/pairs/request_property_added_required/old.rs) }
//!     #[path = "…/pairs/request_property_added_required/user.rs"] pub mod user;
//! }
//! ```

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let pairs = root.join("pairs");
    println!("cargo:rerun-if-changed={}", pairs.display());
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let mut names: Vec<String> = std::fs::read_dir(&pairs)
        .expect("pairs/ is readable")
        .filter_map(Result::ok)
        .filter(|entry| entry.path().is_dir())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut index = String::new();
    let mut failed = Vec::new();
    for name in &names {
        let dir = pairs.join(name);
        let target = out_dir.join("pairs").join(name);
        std::fs::create_dir_all(&target).expect("OUT_DIR is writable");
        for side in ["old", "new"] {
            let spec = dir.join(format!("{side}.yaml"));
            println!("cargo:rerun-if-changed={}", spec.display());
            let generated = switchboard_codegen::Generator::new()
                .source_name(format!("tests/diff-pairs/pairs/{name}/{side}.yaml"))
                .generate_file(&spec);
            match generated {
                Ok(generated) => write_if_changed(&target.join(format!("{side}.rs")), &generated.code),
                Err(error) => failed.push(format!("{name}/{side}.yaml: {error}")),
            }
        }
        let user = dir.join("user.rs");
        println!("cargo:rerun-if-changed={}", user.display());
        let _ = writeln!(
            index,
            "pub mod {name} {{\n    pub mod api {{ include!(concat!(env!(\"OUT_DIR\"), \"/pairs/{name}/old.rs\")); }}\n    #[path = {user:?}]\n    pub mod user;\n}}"
        );
    }
    if !failed.is_empty() {
        for error in &failed {
            println!("cargo:warning={}", error.replace('\n', " | "));
        }
        std::process::exit(1);
    }
    let _ = writeln!(
        index,
        "\n/// Every pair, by name.\npub const PAIRS: &[&str] = &[{}];",
        names.iter().map(|n| format!("{n:?}")).collect::<Vec<_>>().join(", ")
    );
    index.push_str(
        "\n/// Runs the pair's user code (`user::call`) against the server at `base_url`.\n\
         pub fn call<'a>(pair: &str, base_url: &'a str) -> Option<::std::pin::Pin<Box<dyn ::std::future::Future<Output = Result<(), String>> + 'a>>> {\n    match pair {\n",
    );
    for name in &names {
        let _ = writeln!(
            index,
            "        {name:?} => Some(Box::pin({name}::user::call(base_url))),"
        );
    }
    index.push_str("        _ => None,\n    }\n}\n");
    write_if_changed(&out_dir.join("pairs.rs"), &index);
}

/// Leaves files that did not change alone, so the scratch crates of
/// `tests/rust.rs` that include them are not rechecked.
fn write_if_changed(path: &Path, text: &str) {
    if std::fs::read_to_string(path).is_ok_and(|old| old == text) {
        return;
    }
    std::fs::write(path, text).expect("OUT_DIR is writable");
}
