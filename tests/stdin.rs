//! Standard input (issue 13, item 4): `hierc check -` and `hierc fmt -`
//! read the text from standard input; `--stdin-filename PATH` says where it
//! belongs: its hierc.toml, its schema cache and the name in reports.

mod common;

use common::{hierc_in, hierc_stdin, hierc_stdin_bytes, scratch_project, Run};

const MISSPELT: &str = "aggregation Case {\n    fields Subjet\n}\n";
const UNFORMATTED: &str = "Case   >   EmailMessage   <binary>\n";
const FORMATTED: &str = "Case > EmailMessage <binary>\n";

fn snapshot(name: &str, run: &Run) {
    common::insta_settings().bind(|| insta::assert_snapshot!(name, run.report()));
}

#[test]
fn check_dash_reports_the_text_as_the_file_would_be() {
    let dir = scratch_project(&[("bad.hier", MISSPELT)]);
    let piped = hierc_stdin(dir.path(), &["check", "-"], MISSPELT);
    snapshot("check_dash", &piped);
    assert_eq!(piped.code, 1);
    assert!(piped.stderr.contains("[-:2:12]"), "{}", piped.stderr);
    // The same report as the file on disk, under another name.
    let file = hierc_in(dir.path(), &["check", "bad.hier"]);
    assert_eq!(file.code, 1);
    assert_eq!(piped.stderr, file.stderr.replace("bad.hier", "-"));
    assert!(piped.stdout.is_empty());
}

#[test]
fn stdin_filename_picks_the_project_schema_cache_and_name() {
    // proj/hierc.toml names the cache `schemas/` above it and denies W101:
    // only a text checked as a file of that project sees both.
    let dir = scratch_project(&[(
        "proj/hierc.toml",
        "schemas = \"../schemas\"\n[lint]\nW101 = \"deny\"\n",
    )]);
    let text = "aggregation Case {\n    fields subject\n}\n";
    let run = hierc_stdin(
        dir.path(),
        &["check", "-", "--stdin-filename", "proj/cases/case.hier"],
        text,
    );
    snapshot("stdin_filename_project", &run);
    assert_eq!(
        run.code, 1,
        "W101 is denied by proj/hierc.toml: {}",
        run.stderr
    );
    assert!(run.stderr.contains("[proj/cases/case.hier:2:12]"));
    assert!(run.stderr.contains("W101"));
    // Outside the project, the same text is a warning only: exit 0.
    let run = hierc_stdin(
        dir.path(),
        &["check", "--stdin-filename", "elsewhere.hier"],
        text,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("[elsewhere.hier:2:12]"));
    // And where there is no cache at all, the missing schema is named.
    let run = hierc_stdin(
        dir.path(),
        &["check", "--stdin-filename", "nowhere/x.hier"],
        text,
    );
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("E090"), "{}", run.stderr);
    assert!(run.stderr.contains("`nowhere/schemas`"), "{}", run.stderr);
}

#[test]
fn check_dash_in_a_machine_format_names_the_stdin_filename() {
    let dir = scratch_project(&[("hierc.toml", "")]);
    let run = hierc_stdin(
        dir.path(),
        &[
            "check",
            "-",
            "--stdin-filename",
            "cases/bad.hier",
            "--format",
            "json",
        ],
        MISSPELT,
    );
    assert_eq!(run.code, 1);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let first = &report[0];
    assert_eq!(first["code"], "E012");
    assert_eq!(first["file"], "cases/bad.hier", "{}", run.stdout);
}

#[test]
fn check_fix_dash_writes_the_fixed_text_to_standard_output() {
    let dir = scratch_project(&[]);
    let run = hierc_stdin(dir.path(), &["check", "--fix", "-"], MISSPELT);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "aggregation Case {\n    fields Subject\n}\n");
    assert!(run.stderr.contains("fixed 1 finding in 1 file"));
    // Nothing to fix: the text as read.
    let run = hierc_stdin(dir.path(), &["check", "--fix", "-"], FORMATTED);
    assert_eq!(run.stdout, FORMATTED);
    // --diff shows the fix instead, and exits 1.
    let run = hierc_stdin(dir.path(), &["check", "--diff", "-"], MISSPELT);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .contains("-    fields Subjet\n+    fields Subject\n"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.starts_with("--- -\n+++ - (fixed)\n"));
}

#[test]
fn fmt_dash_writes_the_formatted_text_to_standard_output() {
    let dir = scratch_project(&[]);
    let run = hierc_stdin(dir.path(), &["fmt", "-"], UNFORMATTED);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, FORMATTED),
        "{}",
        run.stderr
    );
    // A canonical text comes back as it is.
    let run = hierc_stdin(dir.path(), &["fmt", "-"], FORMATTED);
    assert_eq!((run.code, run.stdout.as_str()), (0, FORMATTED));
    // Nothing is written beside it.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn fmt_check_and_diff_on_standard_input_write_no_text() {
    let dir = scratch_project(&[]);
    let args = ["fmt", "--check", "-", "--stdin-filename", "cases/a.hier"];
    let run = hierc_stdin(dir.path(), &args, UNFORMATTED);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "would reformat: cases/a.hier\n");
    let run = hierc_stdin(dir.path(), &args, FORMATTED);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""));
    let run = hierc_stdin(dir.path(), &["fmt", "--diff", "-"], UNFORMATTED);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        "--- -\n+++ - (formatted)\n@@ -1 +1 @@\n-Case   >   EmailMessage   <binary>\n+Case > EmailMessage <binary>\n"
    );
    let run = hierc_stdin(dir.path(), &["fmt", "--diff", "-"], FORMATTED);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""));
}

#[test]
fn fmt_dash_with_a_syntax_error_writes_nothing_to_standard_output() {
    let dir = scratch_project(&[]);
    let run = hierc_stdin(dir.path(), &["fmt", "-"], "aggregation Case {\n");
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "", "an editor must not take this as the text");
    assert!(run.stderr.contains("E001"), "{}", run.stderr);
}

#[test]
fn text_that_is_not_utf8_is_e002() {
    let dir = scratch_project(&[]);
    for command in ["check", "fmt"] {
        let run = hierc_stdin_bytes(dir.path(), &[command, "-"], b"aggregation \xff\n");
        assert_eq!(run.code, 1, "{command}: {}", run.stderr);
        assert!(run.stderr.contains("E002"), "{command}: {}", run.stderr);
        assert!(run.stderr.contains("`-` is not valid UTF-8"));
        assert_eq!(run.stdout, "");
    }
}

#[test]
fn standard_input_with_other_paths_or_live_is_a_usage_error() {
    let dir = scratch_project(&[("a.hier", FORMATTED)]);
    for args in [
        &["check", "-", "a.hier"][..],
        &["fmt", "a.hier", "-"],
        &["check", "a.hier", "--stdin-filename", "x.hier"],
        &["check", "-", "--live"],
        &["check", "--fix", "-", "--format", "json"],
    ] {
        let run = hierc_stdin(dir.path(), args, FORMATTED);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.starts_with("error: "),
            "{args:?}: {}",
            run.stderr
        );
        assert_eq!(run.stdout, "");
    }
}
