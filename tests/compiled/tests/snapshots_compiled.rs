//! Every insta snapshot of generated code is the code this crate compiled:
//! the build script generated each fixture into `OUT_DIR`, and the crate
//! built it; here each snapshot's body must equal those bytes. A snapshot
//! that does not compile therefore cannot pass review.

use std::path::Path;

fn snapshot_body(text: &str) -> &str {
    // insta files: a `---` front matter block, then the snapshot itself.
    let rest = text.strip_prefix("---\n").unwrap_or(text);
    match rest.find("\n---\n") {
        Some(end) => &rest[end + 5..],
        None => text,
    }
}

#[test]
fn every_generated_snapshot_is_compiled_code() {
    let snapshots = Path::new(env!("CARGO_MANIFEST_DIR")).join("../snapshots");
    let out_dir = Path::new(env!("OUT_DIR"));
    let mut checked = 0;
    for entry in std::fs::read_dir(&snapshots).expect("tests/snapshots exists") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let Some(fixture) = name.strip_prefix("generated@").and_then(|n| n.strip_suffix(".snap")) else {
            continue;
        };
        let module = Path::new(fixture)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let snapshot = std::fs::read_to_string(&path).expect("snapshot readable");
        let compiled = std::fs::read_to_string(out_dir.join(format!("{module}.rs")))
            .unwrap_or_else(|_| panic!("{name}: no compiled module `{module}` (is the fixture missing?)"));
        let expected = snapshot_body(&snapshot).trim_end();
        if expected != compiled.trim_end() {
            let line = expected
                .lines()
                .zip(compiled.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(0)
                + 1;
            panic!(
                "{name} differs from the code this crate compiled (first at line {line}); \
                 run `INSTA_UPDATE=always cargo test -p switchboard-codegen` and review the snapshot diff"
            );
        }
        checked += 1;
    }
    assert!(checked >= 25, "only {checked} generated snapshots found");
}
