//! The `hierc` binary: every command and exit code.

mod common;

use std::path::Path;
use std::process::Command;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    /// Exit code and both streams, for a snapshot.
    fn report(&self) -> String {
        format!(
            "exit: {}\n--- stdout ---\n{}--- stderr ---\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

fn hierc_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_hierc"));
    cmd.args(args)
        .current_dir(dir)
        .env_remove("HIERC_SCHEMAS")
        .env_remove("NO_COLOR")
        .env("COLUMNS", "80");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("hierc runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn hierc(args: &[&str]) -> Run {
    hierc_in(&common::root(), args, &[])
}

fn snapshot(name: &str, run: &Run) {
    common::insta_settings().bind(|| insta::assert_snapshot!(name, run.report()));
}

/// A scratch project: a copy of the example schemas and the given files.
fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let schemas = dir.path().join("schemas");
    std::fs::create_dir(&schemas).unwrap();
    for entry in std::fs::read_dir(common::root().join("examples/schemas")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), schemas.join(entry.file_name())).unwrap();
    }
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

#[test]
fn help_lists_the_commands() {
    let run = hierc(&["--help"]);
    assert_eq!(run.code, 0);
    snapshot("help", &run);
}

#[test]
fn build_to_stdout_writes_the_config() {
    let run = hierc(&["build", "examples/case.hier", "-o", "-"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (_, config) = common::compile_report(&common::root().join("examples/case.hier"));
    assert_eq!(run.stdout, hierc::config::to_json(&config.unwrap()));
    assert_eq!(run.stderr, "");
}

#[test]
fn build_writes_one_output_per_file_beside_it() {
    let dir = project(&[
        ("one.hier", "Case > EmailMessage <binary>\n"),
        ("two.hier", "aggregation Account\n"),
    ]);
    let run = hierc_in(dir.path(), &["build", "one.hier", "two.hier"], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "wrote one.connector_config.json\nwrote two.connector_config.json\n"
    );
    let one = std::fs::read_to_string(dir.path().join("one.connector_config.json")).unwrap();
    let two = std::fs::read_to_string(dir.path().join("two.connector_config.json")).unwrap();
    assert!(one.contains("\"Object\": \"EmailMessage\""));
    assert!(two.contains("\"Object\": \"Account\""));
    // Nothing else is left behind (no temporary files).
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "one.connector_config.json",
            "one.hier",
            "schemas",
            "two.connector_config.json",
            "two.hier"
        ]
    );
}

#[test]
fn build_is_byte_identical_across_runs() {
    let dir = project(&[(
        "case.hier",
        &std::fs::read_to_string(common::root().join("examples/case.hier")).unwrap(),
    )]);
    let first = hierc_in(dir.path(), &["build", "case.hier", "-o", "-"], &[]);
    let second = hierc_in(dir.path(), &["build", "case.hier", "-o", "-"], &[]);
    assert_eq!(first.code, 0);
    assert_eq!(first.stdout, second.stdout);
}

#[test]
fn build_with_errors_writes_nothing_and_keeps_the_old_output() {
    let dir = project(&[("case.hier", "Case > EmailMesage\n")]);
    let out = dir.path().join("case.connector_config.json");
    std::fs::write(&out, "previous\n").unwrap();
    let run = hierc_in(dir.path(), &["build", "case.hier"], &[]);
    assert_eq!(run.code, 1);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "previous\n");
    snapshot("build_error", &run);
}

#[test]
fn build_output_flag_takes_one_input() {
    let run = hierc(&[
        "build",
        "examples/case.hier",
        "examples/account.hier",
        "-o",
        "x.json",
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("`-o` takes one input file"));
    assert!(!common::root().join("x.json").exists());
}

#[test]
fn build_into_a_missing_folder_is_an_environment_error() {
    let dir = project(&[("case.hier", "aggregation Case\n")]);
    let run = hierc_in(
        dir.path(),
        &["build", "case.hier", "-o", "no/such/dir/out.json"],
        &[],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("cannot write `no/such/dir/out.json`"),
        "{}",
        run.stderr
    );
}

#[test]
fn check_searches_folders_in_order() {
    let dir = project(&[
        ("b/second.hier", "aggregation Case\n"),
        ("a/first.hier", "aggregation Account\n"),
        ("a/notes.txt", "not hier\n"),
        (".hidden/skip.hier", "broken >\n"),
        ("target/skip.hier", "broken >\n"),
    ]);
    let run = hierc_in(dir.path(), &["--schemas", "schemas", "check", "."], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "checked 2 files: 0 errors, 0 warnings\n");
}

#[test]
fn check_examples_is_clean() {
    let run = hierc(&["check", "examples"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.starts_with("checked 5 files: 0 errors"),
        "{}",
        run.stderr
    );
}

#[test]
fn check_reports_findings_with_exit_1() {
    let dir = project(&[(
        "bad.hier",
        "aggregation Case <self> {\n    fields Subjet, Status\n}\nCase > EmailMesage\nCase > Attachment <binary Body\n",
    )]);
    let run = hierc_in(dir.path(), &["check", "bad.hier"], &[]);
    assert_eq!(run.code, 1);
    snapshot("check_three_mistakes", &run);
}

#[test]
fn warnings_alone_exit_0() {
    let dir = project(&[("w.hier", "aggregation case\n")]);
    let run = hierc_in(dir.path(), &["check", "w.hier"], &[]);
    assert_eq!(run.code, 0);
    assert!(run.stderr.contains("W101"), "{}", run.stderr);
    assert!(run
        .stderr
        .ends_with("checked 1 file: 0 errors, 1 warning\n"));
}

#[test]
fn a_missing_path_is_an_environment_error() {
    let run = hierc(&["check", "no/such/file.hier"]);
    assert_eq!(run.code, 2);
    snapshot("missing_path", &run);
}

#[test]
fn a_non_utf8_file_is_a_finding() {
    let dir = project(&[]);
    std::fs::write(
        dir.path().join("latin1.hier"),
        b"connector \"Caf\xe9\"\naggregation Case\n",
    )
    .unwrap();
    let run = hierc_in(dir.path(), &["check", "latin1.hier"], &[]);
    assert_eq!(run.code, 1);
    snapshot("not_utf8", &run);
}

#[test]
fn a_missing_schema_names_the_pull_command() {
    let dir = project(&[("lead.hier", "aggregation Lead\n")]);
    let run = hierc_in(dir.path(), &["check", "lead.hier"], &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("hierc schema pull Lead"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_malformed_schema_names_its_file_and_place() {
    let dir = project(&[("c.hier", "aggregation Case\n")]);
    std::fs::write(
        dir.path().join("schemas/Case.schema.json"),
        "{\n  \"name\": \"Case\",\n  \"fields\": [ { \"name\": \"Id\", \"type\": } ]\n}\n",
    )
    .unwrap();
    let run = hierc_in(dir.path(), &["check", "c.hier"], &[]);
    assert_eq!(run.code, 1);
    snapshot("malformed_schema", &run);
}

#[test]
fn the_schema_folder_comes_from_flag_env_or_project() {
    let dir = project(&[
        ("hierc.toml", ""),
        ("configs/deep/case.hier", "aggregation Case\n"),
    ]);
    // Default: schemas/ beside the nearest hierc.toml, from any folder.
    let run = hierc_in(
        &dir.path().join("configs"),
        &["check", "deep/case.hier"],
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The environment variable, then the flag, win over the default.
    std::fs::rename(dir.path().join("schemas"), dir.path().join("cache")).unwrap();
    let run = hierc_in(dir.path(), &["check", "configs"], &[]);
    assert_eq!(run.code, 1);
    let run = hierc_in(
        dir.path(),
        &["check", "configs"],
        &[("HIERC_SCHEMAS", "cache")],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = hierc_in(
        dir.path(),
        &["--schemas", "nowhere", "check", "configs"],
        &[("HIERC_SCHEMAS", "cache")],
    );
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("nowhere"), "{}", run.stderr);
}

#[test]
fn tree_draws_the_hierarchy() {
    let run = hierc(&["tree", "examples/case.hier"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    snapshot("tree_case", &run);
}

#[test]
fn tree_of_a_broken_file_exits_1() {
    let dir = project(&[("x.hier", "Case > Nope\n")]);
    let run = hierc_in(dir.path(), &["tree", "x.hier"], &[]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "");
}

#[test]
fn explain_prints_the_code_page() {
    let run = hierc(&["explain", "e012"]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stdout,
        std::fs::read_to_string(common::root().join("docs/codes/E012.md")).unwrap()
    );
    let run = hierc(&["explain", "E999"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("`E999` is not a hierc diagnostic code"));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(hierc(&["frobnicate"]).code, 2);
    assert_eq!(hierc(&["build"]).code, 2);
    assert_eq!(hierc(&["--color", "sometimes", "check"]).code, 2);
}

#[test]
fn color_follows_the_flag_and_no_color() {
    let dir = project(&[("x.hier", "Case > Nope\n")]);
    let always = hierc_in(dir.path(), &["--color", "always", "check", "x.hier"], &[]);
    assert!(always.stderr.contains("\u{1b}["), "{}", always.stderr);
    let never = hierc_in(dir.path(), &["--color", "never", "check", "x.hier"], &[]);
    assert!(!never.stderr.contains("\u{1b}["));
    let no_color = hierc_in(dir.path(), &["check", "x.hier"], &[("NO_COLOR", "1")]);
    assert!(!no_color.stderr.contains("\u{1b}["));
}
