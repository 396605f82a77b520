//! Every example and fixture compiled: its diagnostics and output pinned in a
//! snapshot; every output validated against the shipped JSON Schema.

mod common;

use std::path::Path;

fn output_schema() -> jsonschema::Validator {
    let text = std::fs::read_to_string(common::root().join("docs/connector_config.schema.json"))
        .expect("the JSON Schema ships in docs/");
    let schema: serde_json::Value = serde_json::from_str(&text).expect("the schema is JSON");
    jsonschema::draft202012::new(&schema).expect("the schema is valid draft 2020-12")
}

fn assert_valid(path: &Path, config: &hierc::config::Config, validator: &jsonschema::Validator) {
    let json: serde_json::Value =
        serde_json::from_str(&hierc::config::to_json(config)).expect("output is JSON");
    let errors: Vec<String> = validator
        .iter_errors(&json)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
}

/// A file that must compile: its report, once its output validated (the
/// caller snapshots it, so snapshot names follow the test).
fn compiles_and_validates(validator: &jsonschema::Validator, path: &Path) -> String {
    let (report, config) = common::compile_report(path);
    let config = config.unwrap_or_else(|| panic!("{} must compile:\n{report}", path.display()));
    assert_valid(path, &config, validator);
    report
}

#[test]
fn examples() {
    let validator = output_schema();
    common::insta_settings().bind(|| {
        insta::glob!("../examples", "*.hier", |path| {
            insta::assert_snapshot!(compiles_and_validates(&validator, path));
        });
    });
}

#[test]
fn ok_fixtures() {
    let validator = output_schema();
    common::insta_settings().bind(|| {
        insta::glob!("fixtures/ok", "*.hier", |path| {
            insta::assert_snapshot!(compiles_and_validates(&validator, path));
        });
    });
}

#[test]
fn error_fixtures() {
    common::insta_settings().bind(|| {
        insta::glob!("fixtures/err", "*.hier", |path| {
            let (report, _) = common::compile_report(path);
            let name = path.file_name().unwrap().to_string_lossy();
            let code = &name[..4];
            assert!(
                report.contains(&format!("\n{code}\n")),
                "{}: expected a {code} diagnostic:\n{report}",
                path.display()
            );
            insta::assert_snapshot!(report);
        });
    });
}
