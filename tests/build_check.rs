//! `hierc build --check`: compares with the config already written instead
//! of writing; exit 1 with a diff when it is missing or differs.

mod common;

use common::{hierc_in, scratch_project};

const CASE: &str = "Case > EmailMessage <binary>\n";
const OUT: &str = "case.connector_config.json";

#[test]
fn an_up_to_date_config_passes() {
    let p = scratch_project(&[("case.hier", CASE)]);
    assert_eq!(hierc_in(p.path(), &["build", "case.hier"]).code, 0);
    let run = hierc_in(p.path(), &["build", "--check", "case.hier"]);
    assert_eq!(run.code, 0, "{}", run.report());
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr, format!("{OUT} is up to date\n"));
}

#[test]
fn a_stale_config_fails_with_a_diff_and_is_left_alone() {
    let p = scratch_project(&[("case.hier", CASE)]);
    assert_eq!(hierc_in(p.path(), &["build", "case.hier"]).code, 0);
    std::fs::write(
        p.path().join("case.hier"),
        "Case > EmailMessage <binary> {\n    fields Subject\n}\n",
    )
    .unwrap();
    let before = std::fs::read_to_string(p.path().join(OUT)).unwrap();
    let run = hierc_in(p.path(), &["build", "--check", "case.hier"]);
    assert_eq!(run.code, 1, "{}", run.report());
    assert_eq!(std::fs::read_to_string(p.path().join(OUT)).unwrap(), before);
    common::insta_settings().bind(|| insta::assert_snapshot!("stale", run.report()));
}

#[test]
fn a_missing_config_fails_and_is_not_written() {
    let p = scratch_project(&[("case.hier", CASE)]);
    let run = hierc_in(p.path(), &["build", "--check", "case.hier"]);
    assert_eq!(run.code, 1, "{}", run.report());
    assert!(run.stdout.starts_with("--- committed\n+++ generated\n"));
    assert!(run.stderr.starts_with(&format!("{OUT} is missing")));
    assert!(!p.path().join(OUT).exists());
}

#[test]
fn the_check_compares_with_the_output_given() {
    let p = scratch_project(&[("case.hier", CASE)]);
    assert_eq!(
        hierc_in(p.path(), &["build", "case.hier", "-o", "out.json"]).code,
        0
    );
    let run = hierc_in(
        p.path(),
        &["build", "--check", "case.hier", "-o", "out.json"],
    );
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (0, "out.json is up to date\n")
    );
    let run = hierc_in(p.path(), &["build", "--check", "case.hier"]);
    assert_eq!(run.code, 1, "{}", run.report());
}

#[test]
fn the_check_needs_a_file_to_compare_with() {
    let p = scratch_project(&[("case.hier", CASE)]);
    let run = hierc_in(p.path(), &["build", "--check", "case.hier", "-o", "-"]);
    assert_eq!(run.code, 2, "{}", run.report());
}

#[test]
fn a_file_with_errors_fails_the_check() {
    let p = scratch_project(&[("case.hier", "Case > EmailMesage <binary>\n")]);
    let run = hierc_in(
        p.path(),
        &["build", "--check", "--color", "never", "case.hier"],
    );
    assert_eq!(run.code, 1, "{}", run.report());
    assert!(run.stderr.contains("E010"), "{}", run.report());
    assert_eq!(run.stdout, "");
}

#[test]
fn with_a_machine_format_the_diff_goes_to_standard_error() {
    let p = scratch_project(&[("case.hier", CASE)]);
    let run = hierc_in(
        p.path(),
        &["build", "--check", "--format", "json", "case.hier"],
    );
    assert_eq!(run.code, 1, "{}", run.report());
    let document: serde_json::Value = serde_json::from_str(&run.stdout).expect("stdout is JSON");
    assert_eq!(document, serde_json::json!([]));
    assert!(
        run.stderr.contains("--- committed\n+++ generated\n"),
        "{}",
        run.report()
    );
}

#[test]
fn exit_zero_reports_a_stale_config_without_failing() {
    let p = scratch_project(&[("case.hier", CASE)]);
    let run = hierc_in(p.path(), &["build", "--check", "--exit-zero", "case.hier"]);
    assert_eq!(run.code, 0, "{}", run.report());
    assert!(
        run.stdout.starts_with("--- committed\n"),
        "{}",
        run.report()
    );
}

/// `--tracked` (the pre-commit hooks): in folders, only what git tracks.
#[test]
fn tracked_leaves_untracked_scratch_files_out() {
    let dir = common::scratch_project(&[
        ("good.hier", "Case > EmailMessage <binary>\n"),
        ("hierc.toml", ""),
    ]);
    let git = |args: &[&str]| {
        let ok = std::process::Command::new("git")
            .args(args)
            .current_dir(dir.path())
            .output()
            .is_ok_and(|o| o.status.success());
        assert!(ok, "git {args:?}");
    };
    // Outside a repository, --tracked cannot work: E087, exit 2.
    let run = common::hierc_in(dir.path(), &["check", "--tracked"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    // Git's own words vary with its version: the note is checked, not pinned.
    let (pinned, note) = run.stderr.split_at(run.stderr.find("  note: ").unwrap());
    assert!(
        note.contains("git says: fatal: not a git repository"),
        "{note}"
    );
    common::insta_settings().bind(|| insta::assert_snapshot!("tracked_outside_git", pinned));
    git(&["init", "-q"]);
    let built = common::hierc_in(dir.path(), &["build", "good.hier"]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    git(&["add", "-A"]);
    std::fs::write(
        dir.path().join("scratch.hier"),
        "aggregation Case {\n    fields Subjet\n}\n",
    )
    .unwrap();
    let all = common::hierc_in(dir.path(), &["check"]);
    assert_eq!(all.code, 1, "without --tracked the scratch file is checked");
    let run = common::hierc_in(dir.path(), &["check", "--tracked"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "checked 1 file: 0 errors, 0 warnings\n");
    // A file named is checked, tracked or not.
    let run = common::hierc_in(dir.path(), &["check", "--tracked", "scratch.hier"]);
    assert_eq!(run.code, 1);
    // build takes folders: every .hier file in them; --tracked, those git tracks.
    let run = common::hierc_in(dir.path(), &["build", "--check", "--tracked", "."]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = common::hierc_in(dir.path(), &["build", "--check", "."]);
    assert_eq!(run.code, 1, "the scratch file has an error: {}", run.stderr);
    // A staged file is tracked.
    git(&["add", "scratch.hier"]);
    let run = common::hierc_in(dir.path(), &["check", "--tracked"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
}
