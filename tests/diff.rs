//! `hierc diff`: two versions of the guide's Case example
//! (`tests/fixtures/diff/`), compared as `.hier` files, as configs, mixed,
//! and with `--since` in a scratch git repository; the errors of each.
//! Needs git on PATH (CI installs it).

mod common;

use std::path::Path;
use std::process::Command;

use common::{hierc_env, hierc_in, Run};
use serde_json::Value;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(common::root().join("tests/fixtures/diff").join(name)).unwrap()
}

/// A project with the example schemas, the Task describe the new version
/// needs, and both versions of the Case example.
fn project() -> tempfile::TempDir {
    let dir = common::scratch_project(&[
        ("schemas/Task.schema.json", &fixture("Task.schema.json")),
        ("case_v1.hier", &fixture("case_v1.hier")),
        ("case_v2.hier", &fixture("case_v2.hier")),
    ]);
    std::fs::write(dir.path().join("hierc.toml"), "").unwrap();
    dir
}

fn snapshot(name: &str, text: &str) {
    common::insta_settings().bind(|| insta::assert_snapshot!(name, text));
}

/// The changes of the JSON report's only file, as `kind item subject`.
fn kinds(run: &Run) -> Vec<String> {
    let doc: Value = serde_json::from_str(&run.stdout).expect("JSON");
    let files = doc.as_array().unwrap();
    assert_eq!(files.len(), 1, "{}", run.stdout);
    changes(&files[0])
}

fn changes(file: &Value) -> Vec<String> {
    file["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let item = match c["item"]["type"].as_str().unwrap() {
                "config" => "config".to_string(),
                t => format!("{t} {}", c["item"]["object"].as_str().unwrap()),
            };
            let subject: Vec<&str> = ["core", "reference", "field", "binary"]
                .iter()
                .filter_map(|k| c[*k].as_str())
                .collect();
            format!(
                "{} | {item} | {}",
                c["kind"].as_str().unwrap(),
                subject.join(".")
            )
        })
        .collect()
}

/// What the guide's example changes, as the issue lists it (and the
/// metadata field `Subject`, which goes with the old title mapping).
const EXPECTED: [&str; 8] = [
    "self-record | aggregation Case | ",
    "mapping-changed | aggregation Case | Title",
    "field-removed | aggregation Case | Subject",
    "field-removed | aggregation Case | Priority",
    "field-added | aggregation Case | Origin",
    "record-removed | record Attachment | ",
    "reference-field-added | record Case | ContactId.Phone",
    "record-added | record Task | ",
];

#[test]
fn the_case_example_in_three_formats() {
    let dir = project();
    let args = ["diff", "case_v1.hier", "case_v2.hier"];
    let human = hierc_in(dir.path(), &args);
    assert_eq!(human.code, 0, "{}", human.stderr);
    assert!(human.stderr.is_empty(), "{}", human.stderr);
    for line in [
        "- self-record turned off: the Case is no longer submitted as a record of itself",
        "  ~ Title: Subject → CaseNumber\n",
        "  - field Priority (String)\n",
        "  + field Origin (String)\n",
        "- record Attachment via ParentId (Attachments), with binary Body (base64",
        "record Case via ParentId\n  + reference ContactId: field Phone (String, as Contact_Phone)\n",
        "+ record Task via WhatId (Tasks)\n",
    ] {
        assert!(human.stdout.contains(line), "{line:?} in\n{}", human.stdout);
    }
    assert!(!human.stdout.contains('\u{1b}'), "no colour in a pipe");
    snapshot("case_human", &human.report());

    let markdown = hierc_in(dir.path(), &[&args[..], &["--format", "markdown"]].concat());
    assert_eq!(markdown.code, 0, "{}", markdown.stderr);
    for row in [
        "| ➖ | aggregation `Case` | self-record turned off:",
        "| ✏️ | aggregation `Case` | `Title`: `Subject` → `CaseNumber` |",
        "| ➖ | aggregation `Case` | field `Priority` (String) |",
        "| ➕ | aggregation `Case` | field `Origin` (String) |",
        "| ➖ | record `Attachment` via `ParentId` | record removed (`Attachments`)",
        "| ➕ | record `Case` via `ParentId` | reference `ContactId`: field `Phone` (String, as `Contact_Phone`) |",
        "| ➕ | record `Task` via `WhatId` | record added (`Tasks`) |",
    ] {
        assert!(markdown.stdout.contains(row), "{row:?} in\n{}", markdown.stdout);
    }
    snapshot("case_markdown", &markdown.stdout);

    let json = hierc_in(dir.path(), &[&args[..], &["--format", "json"]].concat());
    assert_eq!(json.code, 0, "{}", json.stderr);
    assert_eq!(kinds(&json), EXPECTED);
    let doc: Value = serde_json::from_str(&json.stdout).unwrap();
    let title = &doc[0]["changes"][1];
    assert_eq!(title["old"], serde_json::json!({ "Field": "Subject" }));
    assert_eq!(title["new"], serde_json::json!({ "Field": "CaseNumber" }));
    let task = &doc[0]["changes"][7];
    assert_eq!(task["new"]["Relationship"]["Field"], "WhatId");
    assert_eq!(task["item"]["relationship"], "Tasks");
    assert_eq!(doc[0]["changes"][0]["old"], true);
    assert_eq!(doc[0]["changes"][0]["new"], false);
    snapshot("case_json", &json.stdout);
}

#[test]
fn colour_on_request() {
    let dir = project();
    let run = hierc_in(
        dir.path(),
        &["--color", "always", "diff", "case_v1.hier", "case_v2.hier"],
    );
    assert!(run.stdout.contains("\u{1b}[32m+ record Task via WhatId"));
    assert!(run.stdout.contains("\u{1b}[31m- record Attachment"));
}

#[test]
fn configs_and_hier_files_mix_and_layout_does_not_count() {
    let dir = project();
    let build = hierc_in(dir.path(), &["build", "case_v1.hier", "-o", "v1.json"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    let mixed = hierc_in(
        dir.path(),
        &["diff", "v1.json", "case_v2.hier", "--format", "json"],
    );
    assert_eq!(mixed.code, 0, "{}", mixed.stderr);
    assert_eq!(kinds(&mixed), EXPECTED);

    // The same config with its keys in another order and other spacing.
    let text = std::fs::read_to_string(dir.path().join("v1.json")).unwrap();
    let mut value: serde_json::Map<String, Value> = serde_json::from_str(&text).unwrap();
    let mut reordered = serde_json::Map::new();
    for key in [
        "Aggregation",
        "ApiVersion",
        "ConnectorName",
        "FormatVersion",
    ] {
        reordered.insert(key.into(), value.remove(key).unwrap());
    }
    let compact = serde_json::to_string(&Value::Object(reordered)).unwrap();
    std::fs::write(dir.path().join("v1b.json"), compact).unwrap();
    let same = hierc_in(dir.path(), &["diff", "v1.json", "v1b.json", "--exit-code"]);
    assert_eq!(same.code, 0, "{}", same.stderr);
    assert_eq!(same.stdout, "");
    assert_eq!(same.stderr, "no change\n");
    let same = hierc_in(
        dir.path(),
        &["diff", "case_v1.hier", "v1b.json", "--format", "json"],
    );
    assert_eq!(same.stdout, "[]\n");
}

#[test]
fn exit_code_is_1_for_changes_only_when_asked() {
    let dir = project();
    let run = hierc_in(
        dir.path(),
        &["diff", "case_v1.hier", "case_v2.hier", "--exit-code"],
    );
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("8 changes"));
    let run = hierc_in(
        dir.path(),
        &["diff", "case_v1.hier", "case_v1.hier", "--exit-code"],
    );
    assert_eq!(run.code, 0);
}

#[test]
fn a_config_that_does_not_validate_is_exit_2_with_its_diagnostics() {
    let dir = project();
    std::fs::write(
        dir.path().join("bad.json"),
        "{ \"FormatVersion\": 1, \"Aggregation\": { \"Object\": \"Case\" } }",
    )
    .unwrap();
    let run = hierc_in(dir.path(), &["diff", "bad.json", "case_v2.hier"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("E051"), "{}", run.stderr);
    let validate = hierc_in(dir.path(), &["validate", "bad.json"]);
    assert!(
        validate.stderr.starts_with(&run.stderr),
        "the same diagnostics as validate:\n{}\n---\n{}",
        run.stderr,
        validate.stderr
    );

    std::fs::write(
        dir.path().join("bad.hier"),
        "aggregation Case {\n    fields Subjet\n}\n",
    )
    .unwrap();
    let run = hierc_in(
        dir.path(),
        &["diff", "case_v1.hier", "bad.hier", "--format", "json"],
    );
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("E012"), "{}", run.stderr);
}

#[test]
fn diff_takes_two_files() {
    let dir = project();
    let run = hierc_in(dir.path(), &["diff", "case_v1.hier"]);
    assert_eq!(run.code, 2);
    assert!(run
        .stderr
        .contains("compares two files, OLD and NEW; 1 given"));
    let run = hierc_in(dir.path(), &["diff", "case_v1.hier", "missing.hier"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("E092"));
}

// --- --since --------------------------------------------------------------

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CEILING_DIRECTORIES", std::env::temp_dir())
        .output()
        .expect("git is installed");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A repository whose one commit has `cases/case.hier` (version 1),
/// `cases/gone.hier`, the schemas and `hierc.toml`.
fn repository() -> tempfile::TempDir {
    let dir = project();
    let root = dir.path();
    std::fs::create_dir(root.join("cases")).unwrap();
    std::fs::rename(root.join("case_v1.hier"), root.join("cases/case.hier")).unwrap();
    std::fs::rename(root.join("case_v2.hier"), root.join("v2.hier.txt")).unwrap();
    std::fs::write(
        root.join("cases/gone.hier"),
        "Case > EmailMessage <binary>\n",
    )
    .unwrap();
    git(root, &["init", "-q"]);
    git(root, &["config", "user.email", "ci@example.invalid"]);
    git(root, &["config", "user.name", "ci"]);
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "v1"]);
    dir
}

/// hierc in `dir`, with git looking for a repository no higher than the
/// folder of temporary folders.
fn since(dir: &Path, args: &[&str]) -> Run {
    let ceiling = std::env::temp_dir();
    hierc_env(
        dir,
        args,
        &[
            ("GIT_CEILING_DIRECTORIES", ceiling.to_str().unwrap()),
            ("GIT_CONFIG_NOSYSTEM", "1"),
        ],
    )
}

#[test]
fn since_head_shows_an_edited_file_as_two_files_do() {
    let dir = repository();
    let root = dir.path();
    std::fs::copy(root.join("v2.hier.txt"), root.join("cases/case.hier")).unwrap();
    let run = since(root, &["diff", "--since", "HEAD", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(kinds(&run), EXPECTED);
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc[0]["old"], "HEAD:cases/case.hier");
    assert_eq!(doc[0]["new"], "cases/case.hier");

    let human = since(root, &["diff", "--since", "HEAD", "--exit-code"]);
    assert_eq!(human.code, 1);
    assert!(human
        .stdout
        .starts_with("cases/case.hier (since HEAD): 8 changes\n"));
    // From a subfolder, with a path: names relative to it.
    let run = since(
        &root.join("cases"),
        &[
            "diff",
            "--since",
            "HEAD",
            "case.hier",
            "--format",
            "markdown",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("### `case.hier` (since `HEAD`): 8 changes\n"),
        "{}",
        run.stdout
    );
    assert!(run
        .stdout
        .contains("| ➕ | record `Task` via `WhatId` | record added (`Tasks`) |"));
}

#[test]
fn since_shows_files_added_and_deleted() {
    let dir = repository();
    let root = dir.path();
    std::fs::remove_file(root.join("cases/gone.hier")).unwrap();
    std::fs::write(
        root.join("cases/new.hier"),
        "Case > Attachment <binary Body>\n",
    )
    .unwrap();
    // An ignored file is not compared, as `check` does not check it.
    std::fs::write(root.join(".gitignore"), "scratch.hier\n").unwrap();
    std::fs::write(root.join("cases/scratch.hier"), "not even hier\n").unwrap();
    let run = since(root, &["diff", "--since", "HEAD", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    let files = doc.as_array().unwrap();
    assert_eq!(files.len(), 2, "{}", run.stdout);
    assert_eq!(files[0]["old"], "HEAD:cases/gone.hier");
    assert_eq!(files[0]["new"], Value::Null);
    assert_eq!(changes(&files[0]), ["config-removed | config | "]);
    assert_eq!(
        files[0]["changes"][0]["old"]["Aggregation"]["Object"],
        "Case"
    );
    assert_eq!(files[1]["old"], Value::Null);
    assert_eq!(files[1]["new"], "cases/new.hier");
    assert_eq!(changes(&files[1]), ["config-added | config | "]);

    let human = since(root, &["diff", "--since", "HEAD"]);
    assert!(human.stdout.contains(
        "cases/gone.hier (deleted): 1 change\n- config deleted: aggregation Case, 1 record: EmailMessage via ParentId\n"
    ), "{}", human.stdout);
    assert!(human.stdout.contains(
        "cases/new.hier (added): 1 change\n+ new config: aggregation Case, 1 record: Attachment via ParentId\n"
    ), "{}", human.stdout);

    // A deleted file named on the command line.
    let run = since(
        root,
        &[
            "diff",
            "--since",
            "HEAD",
            "cases/gone.hier",
            "--format",
            "json",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        changes(&serde_json::from_str::<Value>(&run.stdout).unwrap()[0]),
        ["config-removed | config | "]
    );
    // Nothing changed under a path.
    let run = since(
        root,
        &["diff", "--since", "HEAD", "cases/case.hier", "--exit-code"],
    );
    assert_eq!((run.code, run.stdout.as_str()), (0, ""));
}

#[test]
fn since_an_old_version_with_errors_is_exit_2_naming_the_revision() {
    let dir = repository();
    let root = dir.path();
    std::fs::write(
        root.join("cases/case.hier"),
        "aggregation Case {\n    fields Subjet\n}\n",
    )
    .unwrap();
    git(root, &["commit", "-qam", "broken"]);
    std::fs::copy(root.join("v2.hier.txt"), root.join("cases/case.hier")).unwrap();
    let run = since(root, &["diff", "--since", "HEAD"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("E012"), "{}", run.stderr);
    assert!(
        run.stderr.contains("[HEAD:cases/case.hier:2:12]"),
        "{}",
        run.stderr
    );
}

/// The report with git's own words (which vary with its version) cut.
fn without_git_words(run: &Run) -> String {
    let report = run.report();
    report
        .lines()
        .map(|l| match l.find("git says: ") {
            Some(i) => format!("{}git says: …", &l[..i]),
            None => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn since_outside_a_repository_is_e070() {
    let dir = project();
    let run = since(dir.path(), &["diff", "--since", "HEAD"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    snapshot("since_not_a_repository", &without_git_words(&run));

    let repo = repository();
    let outside = dir.path().join("case_v1.hier");
    let run = since(
        repo.path(),
        &["diff", "--since", "HEAD", outside.to_str().unwrap()],
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("E070") && run.stderr.contains("is not in the git repository"));
}

#[test]
fn an_unknown_revision_is_e071() {
    let dir = repository();
    let run = since(dir.path(), &["diff", "--since", "nosuchbranch"]);
    assert_eq!(run.code, 2);
    snapshot("since_unknown_revision", &without_git_words(&run));
    let run = since(dir.path(), &["diff", "--since", "--exit-code"]);
    assert_eq!(run.code, 2, "an option is no revision: {}", run.stderr);
}

#[test]
fn without_git_it_is_e072() {
    let dir = repository();
    let empty = tempfile::tempdir().unwrap();
    let run = hierc_env(
        dir.path(),
        &["diff", "--since", "HEAD"],
        &[("PATH", empty.path().to_str().unwrap())],
    );
    assert_eq!(run.code, 2);
    snapshot("since_without_git", &run.report());
    // Two files need no git.
    let run = hierc_env(
        dir.path(),
        &["diff", "cases/case.hier", "cases/case.hier"],
        &[("PATH", empty.path().to_str().unwrap())],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_missing_object_is_e073() {
    let dir = repository();
    let root = dir.path();
    let blob = git(root, &["rev-parse", "HEAD:cases/case.hier"]);
    let blob = blob.trim();
    std::fs::remove_file(root.join(".git/objects").join(&blob[..2]).join(&blob[2..])).unwrap();
    let run = since(root, &["diff", "--since", "HEAD"]);
    assert_eq!(run.code, 2);
    snapshot("since_missing_object", &without_git_words(&run));
}

#[test]
fn the_review_page_shows_the_real_output() {
    let page = std::fs::read_to_string(common::root().join("docs/review.md")).unwrap();
    let dir = project();
    let human = hierc_in(dir.path(), &["diff", "case_v1.hier", "case_v2.hier"]);
    let shown = format!(
        "$ hierc diff case_v1.hier case_v2.hier\n{}```",
        human.stdout
    );
    assert!(page.contains(&shown), "docs/review.md must show:\n{shown}");
    let markdown = hierc_in(
        dir.path(),
        &[
            "diff",
            "case_v1.hier",
            "case_v2.hier",
            "--format",
            "markdown",
        ],
    );
    let shown = format!(
        "<!-- hierc diff case_v1.hier case_v2.hier --format markdown -->\n{}<!-- end -->",
        markdown.stdout
    );
    assert!(page.contains(&shown), "docs/review.md must show:\n{shown}");
}
