//! The language server's message handling: arbitrary JSON-RPC messages and
//! document edits, then `shutdown` and `exit`, without a panic.
#![no_main]

#[path = "../../tests/invariants/mod.rs"]
mod invariants;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let schemas = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/schemas"));
    invariants::lsp(text, schemas);
});
