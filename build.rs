//! Generates the four ready clients from `specs/` into `OUT_DIR` by the same
//! convention as `regenerate` (`NAME.yaml` → module `NAME`, with
//! `NAME.overlay.yaml` applied); `src/lib.rs` includes them. A spec error
//! fails the build with the generator's diagnostic (file, JSON pointer,
//! reason).

fn main() {
    switchboard_codegen::Builder::new().specs_in("specs").run();
}
