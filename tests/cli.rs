//! The `hierc` binary: every command and exit code.

mod common;

use common::{hierc_env as hierc_in, scratch_project as project, Run};

fn hierc(args: &[&str]) -> Run {
    hierc_in(&common::root(), args, &[])
}

fn snapshot(name: &str, run: &Run) {
    common::insta_settings().bind(|| insta::assert_snapshot!(name, run.report()));
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
    // W101 has a safe fix: marked, and counted after the summary.
    assert!(run.stderr.contains("W101 [*]\n"), "{}", run.stderr);
    assert!(
        run.stderr.ends_with(
            "checked 1 file: 0 errors, 1 warning\n[*] 1 fixable with `hierc check --fix`\n"
        ),
        "{}",
        run.stderr
    );
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
fn tree_with_fields_lists_mappings_and_metadata() {
    let run = hierc(&["tree", "examples/case.hier", "--fields"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    snapshot("tree_case_fields", &run);
    // The same tree, with more under its items.
    let plain = hierc(&["tree", "examples/case.hier"]).stdout;
    let items: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.contains("(Record") || l.contains("(Binary") || l.contains("(Reference"))
        .map(|l| l.trim_start_matches(['│', '├', '└', '─', ' ']))
        .collect();
    let plain_items: Vec<&str> = plain
        .lines()
        .skip(1)
        .map(|l| l.trim_start_matches(['│', '├', '└', '─', ' ']))
        .collect();
    assert_eq!(items, plain_items);
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

// --- Repository-wide checks, exit policy and machine formats ---

/// A project with an error, warnings (one with a secondary label) and a file
/// whose diagnostic has no place.
fn findings_project() -> tempfile::TempDir {
    project(&[
        ("hierc.toml", ""),
        (
            "configs/bad.hier",
            "aggregation Case <self> {\n    fields Subjet, Status, status\n}\nCase > EmailMesage\n",
        ),
        ("configs/empty.hier", "# to do\n"),
    ])
}

/// Runs `check --format FORMAT configs` in the findings project: exit 1, the
/// summary alone on standard error.
fn check_findings(format: &str) -> Run {
    let dir = findings_project();
    let run = hierc_in(dir.path(), &["check", "--format", format, "configs"], &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stderr, "checked 2 files: 3 errors, 2 warnings\n");
    run
}

/// A SARIF log for a snapshot: the rules' help (the explanation pages) and
/// the version, which change with the docs and releases, are checked here
/// and left out.
fn sarif_for_snapshot(mut log: serde_json::Value) -> String {
    let driver = &mut log["runs"][0]["tool"]["driver"];
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    driver["version"] = "[version]".into();
    for rule in driver["rules"].as_array_mut().unwrap() {
        let code = hierc::diagnostics::Code::parse(rule["id"].as_str().unwrap()).unwrap();
        assert_eq!(rule["help"]["text"], code.explain());
        assert_eq!(rule["help"]["markdown"], code.explain());
        rule["help"] = "[docs/codes page]".into();
    }
    serde_json::to_string_pretty(&log).unwrap()
}

#[test]
fn check_format_human_names_files_relative_to_the_current_folder() {
    let dir = findings_project();
    let absolute = dir.path().join("configs");
    let run = hierc_in(dir.path(), &["check", absolute.to_str().unwrap()], &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("╭─[configs/bad.hier:2:12]"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("in configs/empty.hier"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains(&*dir.path().to_string_lossy()));
    assert_eq!(run.stdout, "");
}

#[test]
fn check_format_json() {
    let run = check_findings("json");
    let list: serde_json::Value = serde_json::from_str(&run.stdout).expect("stdout is JSON");
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 5);
    let secondary = list
        .iter()
        .find(|d| !d["labels"].as_array().unwrap().is_empty());
    assert!(secondary.is_some(), "a diagnostic with a secondary label");
    let no_span = list.iter().find(|d| d["span"].is_null()).unwrap();
    assert_eq!(no_span["file"], "configs/empty.hier");
    assert!(no_span["line"].is_null());
    snapshot("format_json", &run);
}

#[test]
fn check_format_sarif() {
    let run = check_findings("sarif");
    let log = common::sarif::validated(&run.stdout);
    // What GitHub code scanning requires.
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let driver = &runs[0]["tool"]["driver"];
    assert_eq!(driver["name"], "hierc");
    let rules = driver["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["E010", "E012", "E030", "W101", "W102"]);
    for rule in rules {
        for key in ["name", "shortDescription", "fullDescription", "help"] {
            assert!(!rule[key].is_null(), "rule {} lacks {key}", rule["id"]);
        }
    }
    let results = runs[0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 5);
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert!(["error", "warning"].contains(&result["level"].as_str().unwrap()));
        assert!(!result["message"]["text"].as_str().unwrap().is_empty());
        let location = &result["locations"][0]["physicalLocation"];
        let uri = location["artifactLocation"]["uri"].as_str().unwrap();
        assert!(uri.starts_with("configs/"), "{uri}");
        // A diagnostic about the whole file (the empty one) has no region.
        let empty = uri == "configs/empty.hier";
        assert_eq!(location.get("region").is_none(), empty, "{result}");
    }
    let text = sarif_for_snapshot(log);
    common::insta_settings().bind(|| insta::assert_snapshot!("format_sarif", text));
}

#[test]
fn check_format_github() {
    let run = check_findings("github");
    snapshot("format_github", &run);
}

#[test]
fn machine_formats_name_files_relative_to_the_current_folder() {
    let dir = findings_project();
    let absolute = dir.path().join("configs/bad.hier");
    let run = hierc_in(
        dir.path(),
        &["check", "--format", "json", absolute.to_str().unwrap()],
        &[],
    );
    let list: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(list[0]["file"], "configs/bad.hier");
    // Outside the current folder, a name stays as given.
    let run = hierc_in(
        &dir.path().join("configs"),
        &["check", "--format", "json", "../configs/bad.hier"],
        &[],
    );
    let list: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(list[0]["file"], "../configs/bad.hier");
}

#[test]
fn a_malformed_schema_is_reported_in_the_schema_file() {
    let dir = project(&[("c.hier", "aggregation Case\n")]);
    std::fs::write(
        dir.path().join("schemas/Case.schema.json"),
        "{\n  \"name\": \"Case\",\n  \"fields\": [ { \"name\": \"Id\", \"type\": } ]\n}\n",
    )
    .unwrap();
    let run = hierc_in(dir.path(), &["check", "--format", "json", "c.hier"], &[]);
    let list: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(list[0]["code"], "E091");
    assert_eq!(list[0]["file"], "schemas/Case.schema.json");
    assert_eq!(
        (&list[0]["line"], &list[0]["column"]),
        (&3.into(), &39.into())
    );
}

#[test]
fn an_empty_run_is_an_empty_document() {
    let dir = project(&[("ok.hier", "aggregation Case\n")]);
    let json = hierc_in(dir.path(), &["check", "--format", "json"], &[]);
    assert_eq!((json.code, json.stdout.as_str()), (0, "[]\n"));
    let sarif = hierc_in(dir.path(), &["check", "--format", "sarif"], &[]);
    let log = common::sarif::validated(&sarif.stdout);
    assert_eq!(log["runs"][0]["results"], serde_json::json!([]));
    let github = hierc_in(dir.path(), &["check", "--format", "github"], &[]);
    assert_eq!(github.stdout, "hierc: 0 errors, 0 warnings\n");
}

#[test]
fn deny_warnings_makes_warnings_fail() {
    let dir = project(&[("w.hier", "aggregation case\n")]);
    assert_eq!(hierc_in(dir.path(), &["check", "w.hier"], &[]).code, 0);
    let run = hierc_in(dir.path(), &["check", "--deny-warnings", "w.hier"], &[]);
    assert_eq!(run.code, 1);
    let run = hierc_in(dir.path(), &["build", "--deny-warnings", "w.hier"], &[]);
    assert_eq!(run.code, 1);
}

#[test]
fn exit_zero_reports_findings_but_not_environment_errors() {
    let dir = findings_project();
    let run = hierc_in(dir.path(), &["check", "--exit-zero", "configs"], &[]);
    assert_eq!(run.code, 0);
    assert!(run.stderr.contains("E012"), "{}", run.stderr);
    let run = hierc_in(
        dir.path(),
        &["check", "--exit-zero", "configs", "nowhere"],
        &[],
    );
    assert_eq!(run.code, 2);
    let run = hierc_in(
        dir.path(),
        &["check", "--exit-zero", "--deny-warnings"],
        &[],
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("cannot be used with"), "{}", run.stderr);
}

#[test]
fn check_skips_ignored_and_hidden_files_outside_git_too() {
    let dir = project(&[
        (".gitignore", "generated/\n*.draft.hier\n"),
        ("sub/.ignore", "old.hier\n"),
        ("keep.hier", "aggregation Case\n"),
        ("sub/keep.hier", "aggregation Account\n"),
        ("sub/old.hier", "broken >\n"),
        ("generated/skip.hier", "broken >\n"),
        ("wip.draft.hier", "broken >\n"),
        (".hidden/skip.hier", "broken >\n"),
        ("sub/.skip.hier", "broken >\n"),
    ]);
    assert!(!dir.path().join(".git").exists());
    let run = hierc_in(
        dir.path(),
        &["--schemas", "schemas", "check", "--format", "github"],
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.stderr, "checked 2 files: 0 errors, 0 warnings\n");
    // A file named explicitly is always checked.
    let run = hierc_in(dir.path(), &["check", "wip.draft.hier"], &[]);
    assert_eq!(run.code, 1);
}

#[test]
fn build_with_a_machine_format_keeps_stdout_for_the_report() {
    let dir = project(&[("case.hier", "aggregation Case\n")]);
    let run = hierc_in(dir.path(), &["build", "--format", "json", "case.hier"], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "[]\n");
    assert_eq!(run.stderr, "wrote case.connector_config.json\n");
    let run = hierc_in(
        dir.path(),
        &["build", "--format", "sarif", "case.hier", "-o", "-"],
        &[],
    );
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr
            .contains("`-o -` and `--format sarif` both write to standard output"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_machine_format_examples_in_the_docs_are_real() {
    let dir = project(&[(
        "misspelt.hier",
        "aggregation Case <self> {\n    fields CaseNumber, Stauts, status\n}\n",
    )]);
    let page = std::fs::read_to_string(common::root().join("docs/diagnostics.md")).unwrap();
    for format in ["json", "github"] {
        let run = hierc_in(
            dir.path(),
            &["check", "--format", format, "misspelt.hier"],
            &[],
        );
        assert!(
            page.contains(&run.stdout),
            "docs/diagnostics.md must show the output of --format {format}:\n{}",
            run.stdout
        );
    }
}
