//! Parse, check and lower arbitrary text against the example schema cache: no
//! panic, spans inside the text, reports drawn, and a config that reads back
//! and passes validate.
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
        invariants::compile(text, &base.clone());
    });
});
