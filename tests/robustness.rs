//! No input makes the pipeline panic, and every span stays inside its source.

mod common;

use std::path::PathBuf;

use hierc::schema::Catalog;
use hierc::source::SourceFile;

fn inputs() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in [
        "examples",
        "tests/fixtures/ok",
        "tests/fixtures/err",
        "tests/syntax",
    ] {
        let Ok(entries) = std::fs::read_dir(common::root().join(dir)) else {
            continue;
        };
        for e in entries {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "hier") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn catalog() -> Catalog {
    Catalog::new(common::root().join("tests/fixtures/schemas"))
}

fn assert_spans_inside(text: &str, name: &str, catalog: &Catalog) -> usize {
    let source = SourceFile::new(name, text);
    let c = hierc::compile(source, catalog);
    for (i, d) in c.diagnostics.iter().enumerate() {
        let len = d.source.as_ref().map_or(text.len(), |s| s.text.len());
        for l in &d.labels {
            assert!(
                l.span.start <= l.span.end && l.span.end <= len,
                "{name}: span {:?} outside 0..{len} in {:?}",
                l.span,
                d.message
            );
        }
        // Rendering must not fail either (the first ones suffice: rendering
        // each of 20,000 repeats of one mistake tells nothing new).
        if i < 50 {
            let _ =
                hierc::diagnostics::render::human(d, hierc::diagnostics::render::Style::plain());
        }
    }
    c.diagnostics.len()
}

#[test]
fn every_prefix_of_every_fixture_compiles_without_panic() {
    let catalog = catalog();
    let files = inputs();
    assert!(files.len() > 10, "fixtures are missing");
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = common::relative(&path);
        for (i, _) in text.char_indices().chain([(text.len(), ' ')]) {
            assert_spans_inside(&text[..i], &name, &catalog);
        }
    }
}

#[test]
fn hostile_inputs_are_reported_not_fatal() {
    let catalog = catalog();
    let deep_braces = "aggregation Case {".repeat(20_000);
    let deep_angles = format!("Case > EmailMessage {}", "<".repeat(50_000));
    let long_file = "Case > EmailMessage <binary>\n".repeat(20_000);
    let long_line = format!(
        "aggregation Case {{ fields {} }}",
        vec!["Status"; 20_000].join(", ")
    );
    let junk = "}{><;,->@\"\\#\n".repeat(5_000);
    let nul = "aggregation Case\0\n\u{FEFF}Case > Attachment\n".to_string();
    for (name, text) in [
        ("deep_braces", deep_braces),
        ("deep_angles", deep_angles),
        ("long_file", long_file),
        ("long_line", long_line),
        ("junk", junk),
        ("nul", nul),
    ] {
        let n = assert_spans_inside(&text, name, &catalog);
        assert!(n > 0, "{name} should produce diagnostics");
    }
}
