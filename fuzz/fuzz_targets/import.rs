//! build → import → build of arbitrary text is the identity on the config.
#![no_main]

#[path = "../../tests/invariants/mod.rs"]
mod invariants;

use libfuzzer_sys::fuzz_target;

thread_local! {
    static CATALOG: hierc::schema::Catalog = invariants::warm_catalog(
        std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/schemas")),
    );
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    CATALOG.with(|base| {
        invariants::import(text, &base.clone());
    });
});
