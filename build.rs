//! Generates the four ready clients from `specs/` into `OUT_DIR`; `src/lib.rs`
//! includes them. A spec error fails the build with the generator's
//! diagnostic (file, JSON pointer, reason).

fn main() {
    switchboard_codegen::Builder::new()
        .spec("specs/pabbly-chatflow.yaml")
        .spec("specs/callbell.yaml")
        .spec("specs/chatwoot.yaml")
        .spec("specs/awal.yaml")
        .run();
}
