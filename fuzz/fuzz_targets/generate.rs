//! Any bytes through load → lower → emit → render: the generator must return
//! code or diagnostics, never panic, loop or overflow its stack.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = switchboard_codegen::Generator::new().source_name("fuzz.yaml").generate_str(text);
});
