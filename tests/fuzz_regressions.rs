//! The fuzz targets' invariants (tests/invariants) on every fixture, and on
//! every input that fuzzing found to break one: `tests/fixtures/fuzz/`, where
//! each crash a fuzz run finds is kept (docs/fuzzing.md). `.hier` files go
//! through compile, fmt and import; `.json` files through validate.

mod common;
mod invariants;

use std::path::{Path, PathBuf};

use hierc::schema::Catalog;

fn files(dirs: &[&str], extension: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(common::root().join(dir)) else {
            continue;
        };
        for e in entries {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == extension) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The fuzz targets compile against the example cache.
fn catalog() -> Catalog {
    Catalog::new(common::root().join("examples/schemas"))
}

fn text(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    String::from_utf8_lossy(&bytes).into_owned()
}

#[test]
fn hier_inputs_hold_the_invariants() {
    let catalog = catalog();
    let dirs = [
        "examples",
        "tests/fixtures/ok",
        "tests/fixtures/err",
        "tests/syntax",
        "tests/fixtures/fuzz",
    ];
    let inputs = files(&dirs, "hier");
    assert!(inputs.len() > 40, "fixtures are missing");
    let mut compiled = 0;
    for path in inputs {
        let text = text(&path);
        compiled += usize::from(invariants::compile(&text, &catalog).is_some());
        invariants::fmt(&text, &catalog);
        invariants::import(&text, &catalog);
    }
    // The examples compile against their own cache: the import invariant
    // was checked on real configs, not only skipped.
    assert!(compiled >= 5, "only {compiled} inputs compiled");
}

/// The language server on the examples, line by line, and on every `.lsp`
/// input kept in tests/fixtures/fuzz (lines of JSON-RPC messages and text).
#[test]
fn lsp_inputs_hold_the_invariants() {
    let schemas = common::root().join("examples/schemas");
    let inputs = files(&["examples", "tests/fixtures/fuzz"], "hier")
        .into_iter()
        .chain(files(&["tests/fixtures/fuzz"], "lsp"));
    let mut n = 0;
    for path in inputs {
        invariants::lsp(&text(&path), &schemas);
        n += 1;
    }
    assert!(n >= 5, "only {n} inputs");
}

#[test]
fn json_inputs_hold_the_invariants() {
    let catalog = catalog();
    let dirs = [
        "tests/fixtures/configs/ok",
        "tests/fixtures/configs/err",
        "tests/fixtures/fuzz",
    ];
    let inputs = files(&dirs, "json");
    assert!(inputs.len() > 20, "fixtures are missing");
    for path in inputs {
        invariants::validate(&text(&path), &catalog);
    }
}
