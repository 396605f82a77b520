//! Inline suppressions (issue 13, item 5): `# hierc: allow CODE` on the
//! finding's line, or alone on the line before, silences a warning; W120
//! for one that silences nothing (with a safe fix), W121 for one that
//! cannot silence anything. They live in the workspace, so `check`,
//! `--fix`, `build` and `hierc lsp` all honour them, and `fmt` keeps them.

#[path = "lsp/client.rs"]
mod client;
mod common;

use common::{hierc_in, scratch_project};
use lsp_types::NumberOrString;

/// Every case at once: W101 (a name in the wrong case) and W102 (a repeat)
/// silenced on their line and from the line before; a trailing comment
/// that does not reach the next line; unused and wrong suppressions.
const MIXED: &str = "\
aggregation Case <self> {
    Title = subject  # hierc: allow W101
    # hierc: allow W102
    fields Status, Status
    fields Origin  # hierc: allow W101
    fields priority
    # hierc: allow W101, W103
    fields reason
    fields Type  # hierc: allow W999, E012 because
}
";

fn codes(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        // A header line: the code, with `[*]` when `--fix` fixes it.
        .map(|l| l.trim_end_matches(" [*]"))
        .filter(|l| l.len() == 4 && (l.starts_with('W') || l.starts_with('E')))
        .map(str::to_string)
        .collect()
}

#[test]
fn suppressions_silence_their_line_and_report_what_is_left() {
    let dir = scratch_project(&[("case.hier", MIXED)]);
    let run = hierc_in(dir.path(), &["check", "case.hier"]);
    common::insta_settings().bind(|| insta::assert_snapshot!("suppress_mixed", run.report()));
    assert_eq!(run.code, 0, "warnings only: {}", run.stderr);
    // Left: W120 for line 5's trailing comment, which covers its own line
    // only, so W101 on line 6 stays; W120 for line 7's `W103`; W121 twice
    // on line 9.
    assert_eq!(codes(&run.stderr), ["W120", "W101", "W120", "W121", "W121"]);
    assert!(run.stderr.contains("[case.hier:6:12]"), "{}", run.stderr);
    assert!(run
        .stderr
        .contains("the suppression of `W103` silences nothing"));
    assert!(run.stderr.contains("`W999` is not a hierc code"));
    assert!(run
        .stderr
        .contains("`E012` is an error; it cannot be suppressed"));
}

#[test]
fn the_fix_removes_unused_codes_or_the_whole_suppression() {
    let text = "\
aggregation Case <self> {
    # hierc: allow W102
    fields Status
    fields Origin  # hierc: allow W101
    fields priority  # hierc: allow W103, W101
}
";
    let dir = scratch_project(&[("case.hier", text)]);
    let run = hierc_in(dir.path(), &["check", "case.hier"]);
    assert_eq!(
        codes(&run.stderr),
        ["W120", "W120", "W120"],
        "{}",
        run.stderr
    );
    let run = hierc_in(dir.path(), &["check", "--fix", "case.hier"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("fixed 3 findings in 1 file"),
        "{}",
        run.stderr
    );
    let fixed = std::fs::read_to_string(dir.path().join("case.hier")).unwrap();
    assert_eq!(
        fixed,
        "\
aggregation Case <self> {
    fields Status
    fields Origin
    fields priority  # hierc: allow W101
}
"
    );
    // The suppressed W101 was not fixed: silenced is silenced.
    let run = hierc_in(dir.path(), &["check", "case.hier"]);
    assert_eq!(run.stderr, "checked 1 file: 0 errors, 0 warnings\n");
}

#[test]
fn unused_suppressions_wait_until_the_file_has_no_error() {
    let text = "aggregation Case <self> {\n    fields Subjet  # hierc: allow W101\n}\n";
    let dir = scratch_project(&[("case.hier", text)]);
    let run = hierc_in(dir.path(), &["check", "case.hier"]);
    assert_eq!(run.code, 1);
    assert_eq!(codes(&run.stderr), ["E012"], "{}", run.stderr);
}

#[test]
fn a_suppression_wins_over_a_denying_project_and_build_writes() {
    let text = "aggregation Case <self> {\n    fields subject  # hierc: allow W101\n}\n";
    let dir = scratch_project(&[
        ("case.hier", text),
        ("hierc.toml", "[lint]\nW101 = \"deny\"\n"),
    ]);
    let run = hierc_in(dir.path(), &["build", "case.hier"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(dir.path().join("case.connector_config.json").is_file());
    // Without the comment, the project denies it.
    std::fs::write(
        dir.path().join("case.hier"),
        "aggregation Case <self> {\n    fields subject\n}\n",
    )
    .unwrap();
    let run = hierc_in(dir.path(), &["check", "case.hier"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
}

#[test]
fn fmt_keeps_suppressions_where_they_work() {
    let text = "aggregation Case <self> {\n  fields subject,Status   # hierc: allow W101\n    # hierc: allow W102\n  fields Status,Status\n}\n";
    let dir = scratch_project(&[("case.hier", text)]);
    let before = hierc_in(dir.path(), &["check", "case.hier"]);
    assert_eq!(before.stderr, "checked 1 file: 0 errors, 0 warnings\n");
    let run = hierc_in(dir.path(), &["fmt", "case.hier"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let formatted = std::fs::read_to_string(dir.path().join("case.hier")).unwrap();
    assert_eq!(
        formatted,
        "aggregation Case <self> {\n    fields subject, Status  # hierc: allow W101\n    # hierc: allow W102\n    fields Status, Status\n}\n"
    );
    let after = hierc_in(dir.path(), &["check", "case.hier"]);
    assert_eq!(after.stderr, before.stderr);
}

#[test]
fn the_language_server_honours_suppressions() {
    let schemas = common::root().join("tests/fixtures/schemas");
    let mut c = client::Client::start(&schemas);
    let u = client::uri(&common::root().join("tests/lsp/suppressed.hier"));
    c.open(
        &u,
        "aggregation Case {\n    fields subject  # hierc: allow W101\n    fields Status  # hierc: allow W102\n}\n",
    );
    let p = c.diagnostics(&u);
    let codes: Vec<_> = p.diagnostics.iter().map(|d| d.code.clone()).collect();
    assert_eq!(
        codes,
        [Some(NumberOrString::String("W120".into()))],
        "{:?}",
        p.diagnostics
    );
    assert_eq!(p.diagnostics[0].range.start.line, 2);
    assert_eq!(c.finish(true), 0);
}
