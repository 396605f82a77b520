//! The project file `hierc.toml`: the schema cache, the default API version,
//! output naming and lint levels, applied by every command; and its errors
//! (E095, exit 2).

mod common;

use std::path::Path;

fn snapshot(name: &str, run: &common::Run) {
    common::insta_settings().bind(|| insta::assert_snapshot!(name, run.report()));
}

/// `hierc` in `dir` with `HIERC_SCHEMAS` set.
fn with_env_schemas(dir: &Path, schemas: &str, args: &[&str]) -> common::Run {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_hierc"))
        .args(args)
        .current_dir(dir)
        .env("HIERC_SCHEMAS", schemas)
        .env("COLUMNS", "80")
        .output()
        .unwrap();
    common::Run::from(out)
}

#[test]
fn the_schema_cache_follows_flag_env_project_default() {
    let dir = common::scratch_project(&[
        ("hierc.toml", "schemas = \"sf/cache\"\n"),
        ("configs/case.hier", "aggregation Case\n"),
    ]);
    let root = dir.path();
    // `schemas/` is the default, but hierc.toml moves the cache.
    let run = common::hierc_in(&root.join("configs"), &["check", "case.hier"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("`../sf/cache`"), "{}", run.stderr);
    std::fs::create_dir_all(root.join("sf")).unwrap();
    std::fs::rename(root.join("schemas"), root.join("sf/cache")).unwrap();
    let run = common::hierc_in(&root.join("configs"), &["check", "case.hier"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // HIERC_SCHEMAS wins over hierc.toml, and --schemas over both.
    let run = with_env_schemas(root, "nowhere", &["check", "configs"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("nowhere"), "{}", run.stderr);
    let run = with_env_schemas(
        root,
        "nowhere",
        &["--schemas", "sf/cache", "check", "configs"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn lint_levels_allow_and_deny_warnings() {
    let dir = common::scratch_project(&[
        ("hierc.toml", "[lint]\nW101 = \"allow\"\n"),
        ("w.hier", "aggregation case\n"),
    ]);
    let run = common::hierc_in(dir.path(), &["check", "w.hier"]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stderr, "checked 1 file: 0 errors, 0 warnings\n");
    std::fs::write(dir.path().join("hierc.toml"), "[lint]\nW101 = \"deny\"\n").unwrap();
    let run = common::hierc_in(dir.path(), &["--color", "never", "check", "w.hier"]);
    assert_eq!(run.code, 1);
    snapshot("lint_deny", &run);
    // A denied warning is an error for build too: nothing is written.
    let run = common::hierc_in(dir.path(), &["build", "w.hier"]);
    assert_eq!(run.code, 1);
    assert!(!dir.path().join("w.connector_config.json").exists());
}

#[test]
fn lint_levels_apply_to_validate() {
    let text = std::fs::read_to_string(
        common::root().join("tests/fixtures/configs/err/W101_name_case.json"),
    )
    .unwrap();
    let dir = common::scratch_project(&[
        ("hierc.toml", "[lint]\nW101 = \"deny\"\n"),
        ("c.json", &text),
    ]);
    let run = common::hierc_in(dir.path(), &["validate", "c.json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stdout, "");
}

#[test]
fn a_broken_project_file_is_e095_and_exit_2() {
    let dir = common::scratch_project(&[
        (
            "hierc.toml",
            "schema = \"cache\"\napi-version = \"62\"\n\n[lint]\nW101 = \"alow\"\n",
        ),
        ("a.hier", "aggregation Case\n"),
        ("b.hier", "aggregation Case\n"),
    ]);
    let run = common::hierc_in(dir.path(), &["--color", "never", "check", "."]);
    assert_eq!(run.code, 2);
    snapshot("project_unknown_key", &run);
    std::fs::write(
        dir.path().join("hierc.toml"),
        "api-version = \"62\"\n\n[lint]\nE012 = \"allow\"\nW999 = \"deny\"\n",
    )
    .unwrap();
    let run = common::hierc_in(dir.path(), &["--color", "never", "check", "."]);
    assert_eq!(run.code, 2);
    snapshot("project_bad_values", &run);
}

#[test]
fn the_api_version_applies_to_files_without_an_api_statement() {
    let dir = common::scratch_project(&[
        ("hierc.toml", "api-version = \"61.0\"\n"),
        ("plain.hier", "aggregation Case\n"),
        ("pinned.hier", "api 62.0\naggregation Case\n"),
    ]);
    let plain = common::hierc_in(dir.path(), &["build", "plain.hier", "-o", "-"]);
    assert!(
        plain.stdout.contains("\"ApiVersion\": \"61.0\""),
        "{}",
        plain.stdout
    );
    let pinned = common::hierc_in(dir.path(), &["build", "pinned.hier", "-o", "-"]);
    assert!(
        pinned.stdout.contains("\"ApiVersion\": \"62.0\""),
        "{}",
        pinned.stdout
    );
    // The cached describes are v62.0: W103 says so, for the project's
    // version as for an `api` statement; the statement wins over the project.
    assert!(plain.stderr.contains("W103"), "{}", plain.stderr);
    assert!(
        plain
            .stderr
            .contains("hierc.toml sets `api-version = \"61.0\"`"),
        "{}",
        plain.stderr
    );
    assert!(!pinned.stderr.contains("W103"), "{}", pinned.stderr);
    let check = common::hierc_in(dir.path(), &["check", "plain.hier"]);
    assert_eq!(check.code, 0, "a warning: {}", check.stderr);
    snapshot("project_api_version_w103", &check);
}

#[test]
fn output_naming_follows_the_project() {
    let dir = common::scratch_project(&[
        (
            "hierc.toml",
            "[output]\nsuffix = \".json\"\ndir = \"out\"\n",
        ),
        ("src/case.hier", "aggregation Case\n"),
        ("out/.keep", ""),
    ]);
    let run = common::hierc_in(&dir.path().join("src"), &["build", "case.hier"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "wrote ../out/case.json\n");
    assert!(dir.path().join("out/case.json").is_file());
    // A missing `[output] dir` is made; a missing folder in `-o` is an error.
    std::fs::remove_dir_all(dir.path().join("out")).unwrap();
    let run = common::hierc_in(&dir.path().join("src"), &["build", "case.hier"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(dir.path().join("out/case.json").is_file());
    let run = common::hierc_in(
        &dir.path().join("src"),
        &["build", "case.hier", "-o", "nowhere/case.json"],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(!dir.path().join("src/nowhere").exists());
}
