//! `hierc import`: every example and OK fixture goes build → import → build
//! to byte-identical JSON, and the imported text is in the canonical layout.

mod common;

use std::path::{Path, PathBuf};

use hierc::config::{self, Config};
use hierc::import::{import, Imported, RoundTrip};
use hierc::schema::Catalog;
use hierc::source::SourceFile;

fn built(path: &Path) -> Config {
    let (report, config) = common::compile_report(path);
    config.unwrap_or_else(|| panic!("{} must compile:\n{report}", path.display()))
}

fn rebuilt(text: &str, catalog: &Catalog) -> String {
    let c = hierc::compile(SourceFile::new("imported.hier", text), catalog);
    let config = c
        .config
        .unwrap_or_else(|| panic!("the import must compile: {:?}\n{text}", c.diagnostics));
    config::to_json(&config)
}

fn assert_canonical(text: &str) {
    let formatted = hierc::fmt::format(&SourceFile::new("imported.hier", text)).unwrap();
    assert_eq!(formatted, text, "the import is not in the canonical layout");
}

fn compiled_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in ["examples", "tests/fixtures/ok"] {
        for entry in std::fs::read_dir(common::root().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|x| x == "hier") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn build_import_build_gives_the_same_json() {
    for path in compiled_files() {
        let config = built(&path);
        let catalog = common::catalog_for(&path);
        let Imported { text, round_trip } = import(&config, &catalog, "imported.hier").unwrap();
        assert!(
            matches!(round_trip, RoundTrip::Same),
            "{}: {round_trip:?}\n{text}",
            path.display()
        );
        assert_eq!(
            rebuilt(&text, &catalog),
            config::to_json(&config),
            "{path:?}"
        );
        assert_canonical(&text);
    }
}

#[test]
fn without_schemas_everything_is_written_and_still_compiles_back() {
    let empty = tempfile::tempdir().unwrap();
    let nowhere = Catalog::new(empty.path());
    for path in compiled_files() {
        let config = built(&path);
        let imported = import(&config, &nowhere, "imported.hier").unwrap();
        assert!(matches!(imported.round_trip, RoundTrip::Unchecked(_)));
        let catalog = common::catalog_for(&path);
        let text = &imported.text;
        assert_eq!(
            rebuilt(text, &catalog),
            config::to_json(&config),
            "{path:?}"
        );
        assert_canonical(text);
    }
}

#[test]
fn the_case_example_imports_with_its_defaults_left_out() {
    let path = common::root().join("examples/case.hier");
    let imported = import(&built(&path), &common::catalog_for(&path), "case.hier").unwrap();
    common::insta_settings().bind(|| insta::assert_snapshot!("case", imported.text));
}

#[test]
fn what_hier_cannot_say_is_shown() {
    let path = common::root().join("examples/oneline.hier");
    let mut config = built(&path);
    config.aggregation.records[0].fields.reverse();
    let imported = import(&config, &common::catalog_for(&path), "x.hier").unwrap();
    let RoundTrip::Differs(generated) = imported.round_trip else {
        panic!("{:?}", imported.round_trip)
    };
    assert_ne!(*generated, config);
}

#[test]
fn an_unwritable_name_is_an_error_naming_its_place() {
    let path = common::root().join("examples/oneline.hier");
    let mut config = built(&path);
    config.aggregation.records[0].object = "Email Message".into();
    let e = import(&config, &common::catalog_for(&path), "x.hier").unwrap_err();
    assert_eq!(
        e.to_string(),
        "`Aggregation.Records[0].Object` is \"Email Message\", which hier cannot write: it must be a Salesforce API name"
    );
    let mut config = built(&path);
    config.aggregation.object = "connector".into();
    let e = import(&config, &common::catalog_for(&path), "x.hier").unwrap_err();
    assert!(
        e.to_string()
            .starts_with("the config cannot be written in hier"),
        "{e}"
    );
}

// ---------------------------------------------------------------- the command

fn case_json() -> String {
    config::to_json(&built(&common::root().join("examples/case.hier")))
}

#[test]
fn import_writes_a_file_that_builds_back() {
    let json = case_json();
    let p = common::scratch_project(&[("case.connector_config.json", &json)]);
    let run = common::hierc_in(
        p.path(),
        &["import", "case.connector_config.json", "-o", "case.hier"],
    );
    assert_eq!((run.code, run.stderr.as_str()), (0, "wrote case.hier\n"));
    let run = common::hierc_in(p.path(), &["build", "case.hier", "-o", "-"]);
    assert_eq!(run.code, 0, "{}", run.report());
    assert_eq!(run.stdout, json);
}

#[test]
fn import_prints_to_standard_output() {
    let p = common::scratch_project(&[("case.json", &case_json())]);
    let run = common::hierc_in(p.path(), &["import", "case.json"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    let path = common::root().join("examples/case.hier");
    let expected = import(&built(&path), &common::catalog_for(&path), "x").unwrap();
    assert_eq!(run.stdout, expected.text);
}

#[test]
fn import_without_schemas_warns_and_writes_everything() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("case.json"), case_json()).unwrap();
    let run = common::hierc_in(dir.path(), &["import", "case.json"]);
    assert_eq!(run.code, 0, "{}", run.report());
    assert!(run
        .stdout
        .contains("Case > Attachment via ParentId <binary Body as ContentType named Name> {"));
    common::insta_settings().bind(|| insta::assert_snapshot!("no_schemas", run.stderr));
}

#[test]
fn import_of_a_malformed_config_names_the_line() {
    let p = common::scratch_project(&[(
        "bad.json",
        "{\n  \"FormatVersion\": 1,\n  \"Aggregation\": { \"Objet\": \"Case\" }\n}\n",
    )]);
    let run = common::hierc_in(p.path(), &["import", "bad.json"]);
    assert_eq!(run.code, 1, "{}", run.report());
    common::insta_settings().bind(|| insta::assert_snapshot!("malformed", run.report()));
}

#[test]
fn import_of_a_missing_file_is_an_environment_error() {
    let p = common::scratch_project(&[]);
    let run = common::hierc_in(p.path(), &["import", "nope.json"]);
    assert_eq!(run.code, 2, "{}", run.report());
    // E092, as `check` reports a file it cannot read.
    assert_eq!(
        run.stderr,
        "E092\n  in nope.json\n\n  × cannot read `nope.json`: no such file or folder\n\n"
    );
}

#[test]
fn import_errors_are_validate_s_in_the_format_s_words() {
    let p = common::scratch_project(&[
        ("cut.json", "{\"FormatVersion\": 1"),
        ("typed.json", "{\"FormatVersion\": \"one\"}"),
        ("negative.json", "{\"FormatVersion\": -1}"),
    ]);
    for (file, code, says) in [
        ("cut.json", "E050", "the text ends early"),
        (
            "typed.json",
            "E051",
            "`/FormatVersion` is a string, not a whole number",
        ),
        (
            "negative.json",
            "E051",
            "expected a whole number (0 or more)",
        ),
    ] {
        let run = common::hierc_in(p.path(), &["import", file]);
        assert_eq!(run.code, 1, "{}", run.report());
        assert!(run.stderr.starts_with(code), "{}", run.report());
        assert!(run.stderr.contains(says), "{}", run.report());
        // Not serde's words.
        for serde in [
            "EOF while parsing",
            "expected u32",
            "at `?`",
            "invalid type",
        ] {
            assert!(!run.stderr.contains(serde), "{}", run.report());
        }
    }
}

#[test]
fn import_with_schemas_named_does_not_ask_for_them() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("case.json"), case_json()).unwrap();
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    let run = common::hierc_in(dir.path(), &["import", "--schemas", "empty", "case.json"]);
    assert_eq!(run.code, 0, "{}", run.report());
    assert!(!run.stderr.contains("--schemas"), "{}", run.report());
    assert!(
        run.stderr
            .contains("pull what is missing (`hierc schema pull Case"),
        "{}",
        run.report()
    );
    // Without it, the cache is named as a way out too.
    let run = common::hierc_in(dir.path(), &["import", "case.json"]);
    assert!(run.stderr.contains("--schemas DIR"), "{}", run.report());
}
