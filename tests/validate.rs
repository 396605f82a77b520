//! `hierc validate`: configs that hierc did not write. Fixtures in
//! `tests/fixtures/configs/ok` pass, with and without the schema cache; each
//! one in `tests/fixtures/configs/err` is named after a code it must produce,
//! and its diagnostics are pinned in a snapshot. The command prints the
//! guide's OK line and says which checks ran.

mod common;

use std::path::{Path, PathBuf};

use hierc::schema::Catalog;
use hierc::validate::{validate, Validation};

fn schemas() -> PathBuf {
    common::root().join("tests/fixtures/schemas")
}

fn run(path: &Path, with_cache: bool) -> Validation {
    let catalog = Catalog::new(common::relative(&schemas()));
    validate(common::source(path), with_cache.then_some(&catalog))
}

fn codes(v: &Validation) -> Vec<&'static str> {
    v.diagnostics.iter().map(|d| d.code.as_str()).collect()
}

#[test]
fn ok_configs_pass_with_and_without_the_cache() {
    insta::glob!("fixtures/configs/ok", "*.json", |path| {
        for with_cache in [false, true] {
            let v = run(path, with_cache);
            assert!(
                v.diagnostics.is_empty(),
                "{} (cache: {with_cache}):\n{}",
                path.display(),
                common::render(&v.diagnostics)
            );
            let text = std::fs::read_to_string(path).unwrap();
            assert_eq!(v.config, Some(hierc::config::from_json(&text).unwrap()));
        }
    });
}

#[test]
fn what_hierc_writes_validates() {
    insta::glob!("../examples", "*.hier", |path| {
        let (_, config) = common::compile_report(path);
        let json = hierc::config::to_json(&config.unwrap());
        let catalog = Catalog::new(common::relative(&path.parent().unwrap().join("schemas")));
        let source = hierc::source::SourceFile::new("out.json", json);
        let v = validate(source, Some(&catalog));
        assert!(
            v.diagnostics.is_empty(),
            "{}",
            common::render(&v.diagnostics)
        );
    });
}

#[test]
fn error_configs() {
    common::insta_settings().bind(|| {
        insta::glob!("fixtures/configs/err", "*.json", |path| {
            let v = run(path, true);
            let name = path.file_name().unwrap().to_string_lossy();
            let code = &name[..4];
            let report = common::render(&v.diagnostics);
            assert!(
                codes(&v).contains(&code),
                "{}: expected a {code} diagnostic:\n{report}",
                path.display()
            );
            insta::assert_snapshot!(report);
        });
    });
}

/// Without a cache, the structural findings are the same, and the codes
/// that need the cache do not come.
#[test]
fn structural_checks_need_no_cache() {
    let key = |d: &hierc::diagnostics::Diagnostic| (d.code, d.span(), d.message.clone());
    insta::glob!("fixtures/configs/err", "*.json", |path| {
        let without = run(path, false);
        let with: Vec<_> = run(path, true).diagnostics.iter().map(key).collect();
        for d in &without.diagnostics {
            assert!(with.contains(&key(d)), "{}: {d:?}", path.display());
        }
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let needs_cache = [
            "E011",
            "E012",
            "E013",
            "E021",
            "E022",
            "E023",
            "E025",
            "E026",
            "E027",
            "E029",
            "E035",
            "E039",
            "E058",
            "E090",
            "W101",
            "W103",
            "E057_encoding",
        ]
        .iter()
        .any(|c| name.starts_with(c));
        let found = codes(&without).iter().any(|c| name.starts_with(c));
        assert_eq!(!needs_cache, found, "{name}: {:?}", codes(&without));
    });
}

#[test]
fn error_fixtures_are_named_after_codes() {
    for entry in std::fs::read_dir(common::root().join("tests/fixtures/configs/err")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            hierc::diagnostics::Code::parse(&name[..4]).is_some() && &name[4..5] == "_",
            "{name} does not start with a code"
        );
    }
}

#[test]
fn spans_survive_any_layout() {
    // One line, no spaces: every label still points at its value.
    let text = std::fs::read_to_string(
        common::root().join("tests/fixtures/configs/err/E056_metadata_names.json"),
    )
    .unwrap();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let compact = serde_json::to_string(&value).unwrap();
    let v = validate(
        hierc::source::SourceFile::new("compact.json", compact.clone()),
        None,
    );
    let d = &v.diagnostics[0];
    let span = d.labels[0].span;
    assert_eq!(&compact[span.start..span.end], "\"ContactEmail\"");
}

// --------------------------------------------------------------------- CLI

fn cli(args: &[&str]) -> common::Run {
    common::hierc_in(&common::root(), args)
}

fn snapshot(name: &str, run: &common::Run) {
    common::insta_settings().bind(|| insta::assert_snapshot!(name, run.report()));
}

#[test]
fn a_valid_config_prints_the_ok_line() {
    let run = cli(&["validate", "tests/fixtures/configs/ok/case.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "OK - tests/fixtures/configs/ok/case.json is structurally valid.\n"
    );
    // No `schemas/` beside it: the structure only, and it says so.
    assert!(
        run.stderr.contains("checked the structure only"),
        "{}",
        run.stderr
    );
    let run = cli(&[
        "--schemas",
        "tests/fixtures/schemas",
        "validate",
        "tests/fixtures/configs/ok/case.json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run
        .stderr
        .contains("against the schema cache `tests/fixtures/schemas`"));
}

#[test]
fn findings_exit_1_without_the_ok_line() {
    let run = cli(&[
        "--color",
        "never",
        "validate",
        "tests/fixtures/configs/err/E051_unknown_keys.json",
    ]);
    assert_eq!(run.code, 1);
    snapshot("validate_findings", &run);
}

#[test]
fn the_default_cache_is_found_beside_the_config() {
    let text = std::fs::read_to_string(
        common::root().join("tests/fixtures/configs/err/E012_unknown_fields.json"),
    )
    .unwrap();
    let dir = common::scratch_project(&[("configs/c.json", &text), ("hierc.toml", "")]);
    let run = common::hierc_in(&dir.path().join("configs"), &["validate", "c.json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("E012"), "{}", run.stderr);
    assert!(
        run.stderr.contains("against the schema cache `../schemas`"),
        "{}",
        run.stderr
    );
}

#[test]
fn warnings_alone_exit_0_with_the_ok_line() {
    let dir = common::scratch_project(&[(
        "w.json",
        &std::fs::read_to_string(
            common::root().join("tests/fixtures/configs/err/W101_name_case.json"),
        )
        .unwrap(),
    )]);
    let run = common::hierc_in(dir.path(), &["validate", "w.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "OK - w.json is structurally valid.\n");
    assert!(run.stderr.contains("W101"));
}

#[test]
fn unreadable_and_non_json_files() {
    let run = cli(&["validate", "no/such.json"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("E092"), "{}", run.stderr);
    let dir = common::scratch_project(&[("x.json", "not json\n")]);
    let run = common::hierc_in(dir.path(), &["validate", "x.json"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("E050"), "{}", run.stderr);
    assert_eq!(run.stdout, "");
}

#[test]
fn no_input_panics() {
    let odd = [
        "",
        "null",
        "[]",
        "3",
        "\"x\"",
        "{}",
        "{\"Aggregation\": []}",
        "\u{feff}{}",
    ];
    for text in odd {
        let v = validate(hierc::source::SourceFile::new("odd.json", text), None);
        assert!(v.has_errors(), "{text:?}");
    }
    for name in ["ok/case.json", "err/E051_mappings.json"] {
        let text =
            std::fs::read_to_string(common::root().join("tests/fixtures/configs").join(name))
                .unwrap();
        let catalog = Catalog::new(common::relative(&schemas()));
        for end in (0..text.len())
            .filter(|i| text.is_char_boundary(*i))
            .step_by(7)
        {
            let source = hierc::source::SourceFile::new("prefix.json", &text[..end]);
            validate(source, Some(&catalog));
        }
    }
}

#[test]
fn the_top_level_must_be_an_object() {
    let v = validate(hierc::source::SourceFile::new("a.json", "[]\n"), None);
    assert_eq!(
        v.diagnostics[0].message,
        "the top level is an array, not an object"
    );
}
