//! The code registry's invariants.

mod common;

use std::collections::BTreeSet;

use hierc::diagnostics::Code;

#[test]
fn codes_and_names_are_unique() {
    let codes: BTreeSet<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    let names: BTreeSet<&str> = Code::ALL.iter().map(|c| c.name()).collect();
    assert_eq!(codes.len(), Code::ALL.len());
    assert_eq!(names.len(), Code::ALL.len());
    for c in Code::ALL {
        assert_eq!(Code::parse(c.as_str()), Some(*c));
        let s = c.as_str();
        assert!(
            (s.starts_with('E') || s.starts_with('W')) && s.len() == 4,
            "{s} is not a code"
        );
        assert_eq!(c.is_warning(), s.starts_with('W'));
    }
}

#[test]
fn every_code_has_an_explanation() {
    for c in Code::ALL {
        let text = c.explain();
        let first = text.lines().next().unwrap_or_default();
        assert_eq!(first, format!("# {}: {}", c.as_str(), c.name()), "{c}");
        assert!(text.contains("## Example"), "{c} has no example");
        assert!(text.contains("## How to fix"), "{c} says not how to fix it");
        assert!(!c.summary().is_empty());
        let description = c.description();
        assert!(
            !description.is_empty() && !description.starts_with('#'),
            "{c} has no first paragraph"
        );
    }
}

#[test]
fn no_explanation_is_an_orphan() {
    let known: BTreeSet<String> = Code::ALL.iter().map(|c| format!("{c}.md")).collect();
    for entry in std::fs::read_dir(common::root().join("docs/codes")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(known.contains(&name), "docs/codes/{name} explains no code");
    }
}

/// Each code is produced by at least one fixture or CLI test, whose snapshot
/// shows it.
#[test]
fn every_code_is_exercised() {
    let mut seen = String::new();
    for entry in std::fs::read_dir(common::root().join("snapshots")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "snap") {
            seen.push_str(&std::fs::read_to_string(path).unwrap());
        }
    }
    let missing: Vec<&str> = Code::ALL
        .iter()
        .map(|c| c.as_str())
        // A header line: the code, with `[*]` when `check --fix` fixes it.
        .filter(|c| !seen.contains(&format!("\n{c}\n")) && !seen.contains(&format!("\n{c} [*]\n")))
        .collect();
    assert!(missing.is_empty(), "no snapshot shows {missing:?}");
}

#[test]
fn error_fixtures_are_named_after_codes() {
    for entry in std::fs::read_dir(common::root().join("tests/fixtures/err")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            name.len() > 5 && Code::parse(&name[..4]).is_some() && &name[4..5] == "_",
            "{name} does not start with a code"
        );
    }
}
