//! `generated/` is byte-identical to what `build.rs` wrote into `OUT_DIR`
//! for this build, so reviewers read exactly the code that is compiled.

#[test]
fn checked_in_modules_match_the_build_output() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for module in ["pabbly_chatflow", "callbell", "chatwoot", "awal"] {
        let built = std::fs::read_to_string(std::path::Path::new(env!("OUT_DIR")).join(format!("{module}.rs")))
            .expect("build.rs wrote the module");
        let checked_in = std::fs::read_to_string(root.join(format!("generated/{module}.rs"))).unwrap_or_default();
        assert!(
            built == checked_in,
            "generated/{module}.rs is stale: run `cargo run -p switchboard-codegen -- regenerate` and commit the result"
        );
    }
}
