//! The flags linter users expect (issue 13, item 5): `--quiet`,
//! `--output-file`, `--statistics`, `--select` and `--ignore`, on the
//! commands that report findings.

mod common;

use common::{hierc_in, scratch_project, Run};

/// One error (E012), two W101 and a W102, in a project of its own.
const FINDINGS: &str =
    "aggregation Case <self> {\n    fields Subjet, status, Status\n    Title = subject\n}\n";
/// Two W101: a clean build with warnings.
const WARNINGS: &str = "aggregation Case <self> {\n    fields status\n    Title = subject\n}\n";

fn codes(run: &Run) -> Vec<String> {
    run.stderr
        .lines()
        // A header line: the code, with `[*]` when `--fix` fixes it.
        .map(|l| l.trim_end_matches(" [*]"))
        .filter(|l| l.len() == 4 && (l.starts_with('W') || l.starts_with('E')))
        .map(str::to_string)
        .collect()
}

#[test]
fn quiet_prints_the_findings_and_nothing_else() {
    let dir = scratch_project(&[("bad.hier", FINDINGS), ("ok.hier", WARNINGS)]);
    let loud = hierc_in(dir.path(), &["check", "bad.hier"]);
    let quiet = hierc_in(dir.path(), &["check", "--quiet", "bad.hier"]);
    assert_eq!(quiet.code, 1);
    let summary = "checked 1 file: 1 error, 3 warnings\n[*] 4 fixable with `hierc check --fix`\n";
    assert!(loud.stderr.ends_with(summary), "{}", loud.stderr);
    assert_eq!(quiet.stderr, loud.stderr.replace(summary, ""));
    // build: no `wrote` line; validate: no `OK` line nor what it checked.
    let run = hierc_in(dir.path(), &["build", "-q", "--select", "E", "ok.hier"]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (0, "", "")
    );
    assert!(dir.path().join("ok.connector_config.json").is_file());
    let run = hierc_in(dir.path(), &["validate", "-q", "ok.connector_config.json"]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (0, "", "")
    );
    let run = hierc_in(dir.path(), &["validate", "ok.connector_config.json"]);
    assert!(run.stdout.starts_with("OK - "), "{}", run.stdout);
}

#[test]
fn statistics_count_each_code() {
    let dir = scratch_project(&[("bad.hier", FINDINGS), ("ok.hier", WARNINGS)]);
    let run = hierc_in(dir.path(), &["check", "--statistics", "."]);
    assert_eq!(run.code, 1, "the exit code is the findings'");
    // Most frequent first: 4 W101 (2 a file), 1 E012, 1 W102; all three
    // carry a safe fix here (a did-you-mean with one close name).
    assert_eq!(
        run.stdout,
        "4\tW101\t[*] name-case\n1\tE012\t[*] unknown-field\n1\tW102\t[*] duplicate-field\n"
    );
    assert_eq!(
        run.stderr,
        "checked 2 files: 1 error, 5 warnings\n[*] 6 fixable with `hierc check --fix`\n"
    );
    // The same counts as the JSON report has.
    let report = hierc_in(dir.path(), &["check", "--format", "json", "."]);
    let report: serde_json::Value = serde_json::from_str(&report.stdout).unwrap();
    let w101 = report
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "W101")
        .count();
    assert_eq!(w101, 4);
    let run = hierc_in(
        dir.path(),
        &["check", "--statistics", "--format", "json", "."],
    );
    let counts: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        counts[0],
        serde_json::json!({"code": "W101", "name": "name-case", "count": 4, "fixable": true})
    );
    assert_eq!(counts.as_array().unwrap().len(), 3);
    // Nothing found: nothing printed.
    let run = hierc_in(
        dir.path(),
        &["check", "--statistics", "--ignore", "W", "ok.hier"],
    );
    assert_eq!((run.code, run.stdout.as_str()), (0, ""));
}

#[test]
fn output_file_takes_the_machine_report() {
    let dir = scratch_project(&[("bad.hier", FINDINGS)]);
    let to_stdout = hierc_in(dir.path(), &["check", "--format", "sarif", "bad.hier"]);
    let run = hierc_in(
        dir.path(),
        &[
            "check",
            "--format",
            "sarif",
            "--output-file",
            "out/../report.sarif",
            "bad.hier",
        ],
    );
    assert_eq!(run.code, 2, "no folder out/: {}", run.stderr);
    assert!(run.stderr.contains("E094"), "{}", run.stderr);
    let run = hierc_in(
        dir.path(),
        &[
            "check",
            "--format",
            "sarif",
            "--output-file",
            "report.sarif",
            "bad.hier",
        ],
    );
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "", "the report is in the file");
    let written = std::fs::read_to_string(dir.path().join("report.sarif")).unwrap();
    assert_eq!(written, to_stdout.stdout);
    // Written atomically: no temporary file left beside it.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".hierc-"))
        .collect();
    assert!(names.is_empty(), "{names:?}");
    // Standard output is free then: the config and a report at once.
    let ok = scratch_project(&[("ok.hier", WARNINGS)]);
    let run = hierc_in(
        ok.path(),
        &[
            "build",
            "ok.hier",
            "-o",
            "-",
            "--format",
            "json",
            "--output-file",
            "r.json",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with('{'), "the config: {}", run.stdout);
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(ok.path().join("r.json")).unwrap()).unwrap();
    assert_eq!(report.as_array().unwrap().len(), 2);
    // --statistics to a file.
    let run = hierc_in(
        dir.path(),
        &[
            "check",
            "--statistics",
            "--output-file",
            "s.txt",
            "bad.hier",
        ],
    );
    assert_eq!((run.code, run.stdout.as_str()), (1, ""));
    let stats = std::fs::read_to_string(dir.path().join("s.txt")).unwrap();
    assert!(stats.starts_with("2\tW101\t"), "{stats}");
}

#[test]
fn select_and_ignore_narrow_what_the_project_reports() {
    let dir = scratch_project(&[("bad.hier", FINDINGS)]);
    let run = hierc_in(dir.path(), &["check", "--select", "W102", "bad.hier"]);
    assert_eq!(codes(&run), ["E012", "W102"], "errors are always reported");
    let run = hierc_in(
        dir.path(),
        &["check", "--select", "w1", "--ignore", "W101", "bad.hier"],
    );
    assert_eq!(codes(&run), ["E012", "W102"], "--ignore wins");
    let run = hierc_in(dir.path(), &["check", "--ignore", "W101,W102", "bad.hier"]);
    assert_eq!(codes(&run), ["E012"]);
    // A project that denies W101 and allows W102: --ignore drops the
    // denied one for the run; --select cannot bring back the allowed one.
    let dir = scratch_project(&[
        ("ok.hier", WARNINGS),
        (
            "dup.hier",
            "aggregation Case <self> {\n    fields Status, Status\n}\n",
        ),
        ("hierc.toml", "[lint]\nW101 = \"deny\"\nW102 = \"allow\"\n"),
    ]);
    let run = hierc_in(dir.path(), &["check", "ok.hier"]);
    assert_eq!(run.code, 1, "denied: {}", run.stderr);
    let run = hierc_in(dir.path(), &["check", "--ignore", "W101", "ok.hier"]);
    assert_eq!((run.code, codes(&run).len()), (0, 0), "{}", run.stderr);
    let run = hierc_in(dir.path(), &["check", "--select", "W102", "dup.hier"]);
    assert_eq!((run.code, codes(&run).len()), (0, 0), "{}", run.stderr);
    // build and validate take them too.
    let run = hierc_in(dir.path(), &["build", "--ignore", "W101", "ok.hier"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = hierc_in(
        dir.path(),
        &["validate", "--select", "W102", "ok.connector_config.json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn bad_flags_are_usage_errors() {
    let dir = scratch_project(&[("ok.hier", WARNINGS)]);
    for (args, message) in [
        (
            &["check", "--select", "W1011", "ok.hier"][..],
            "did you mean `W101`?",
        ),
        (
            &["check", "--ignore", "E012", "ok.hier"],
            "errors cannot be ignored",
        ),
        (
            &["check", "--output-file", "x", "ok.hier"],
            "takes a machine `--format`",
        ),
        (
            &["check", "--statistics", "--format", "sarif", "ok.hier"],
            "`--statistics` is text",
        ),
        (
            &["check", "--statistics", "--diff", "ok.hier"],
            "`--diff` and `--statistics` both write",
        ),
        (
            &["build", "-o", "-", "--statistics", "ok.hier"],
            "`-o -` and `--statistics` both write",
        ),
    ] {
        let run = hierc_in(dir.path(), args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(message), "{args:?}: {}", run.stderr);
        assert!(!dir.path().join("x").exists());
    }
}
