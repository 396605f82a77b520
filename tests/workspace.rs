//! `hierc::workspace`, the one per-file pipeline: what it gives is what
//! `hierc check` and `hierc validate` report, for every fixture; text
//! checked as if it were at a path; stale-cache notes in `validate`; and
//! environment errors (the org, writing) as coded diagnostics in every
//! format.

mod common;

use std::path::{Path, PathBuf};

use hierc::diagnostics::{report, Code};
use hierc::workspace::{Against, Workspace};

fn snapshot(name: &str, run: &common::Run) {
    common::insta_settings().bind(|| insta::assert_snapshot!(name, run.report()));
}

/// The files of a fixture folder, sorted, relative to the package root.
fn fixtures(dir: &str, ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for sub in ["ok", "err"] {
        let folder = common::root().join(dir).join(sub);
        let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == ext))
            .map(|p| p.strip_prefix(common::root()).unwrap().to_path_buf())
            .collect();
        files.sort();
        out.extend(files);
    }
    assert!(out.len() > 20, "{dir}: too few fixtures");
    out
}

const SCHEMAS: &str = "tests/fixtures/schemas";

fn workspace() -> Workspace {
    Workspace::with_base(Some(PathBuf::from(SCHEMAS)), common::root())
}

/// `hierc check --format json` over every `.hier` fixture gives, file by
/// file, exactly the diagnostics `Workspace::compile_path` gives, and
/// `compile_text` and `compile_read` (standard input) with the same text
/// give them too.
#[test]
fn the_workspace_gives_what_check_reports_for_every_fixture() {
    let files = fixtures("tests/fixtures", "hier");
    let mut ws = workspace();
    let mut expected = Vec::new();
    for file in &files {
        let from_path = ws.compile_path(file);
        let text = std::fs::read_to_string(common::root().join(file)).unwrap();
        let from_read = ws.compile_read(file, text.as_bytes());
        let from_text = ws.compile_text(file, text);
        assert_eq!(
            report::json(&from_text.diagnostics, &common::root()),
            report::json(&from_read.diagnostics, &common::root()),
            "compile_read (standard input): {}",
            file.display()
        );
        assert_eq!(
            report::json(&from_path.diagnostics, &common::root()),
            report::json(&from_text.diagnostics, &common::root()),
            "{}",
            file.display()
        );
        assert_eq!(from_path.config.is_some(), from_text.config.is_some());
        expected.extend(from_path.diagnostics);
    }
    let mut args = vec!["--schemas", SCHEMAS, "check", "--format", "json"];
    let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    args.extend(names.iter().map(String::as_str));
    let run = common::hierc_in(&common::root(), &args);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(expected.iter().any(|d| d.code == Code::E012));
    assert_eq!(run.stdout, report::json(&expected, &common::root()));
}

/// The same for `hierc validate` over every config fixture.
#[test]
fn the_workspace_gives_what_validate_reports_for_every_config() {
    let files = fixtures("tests/fixtures/configs", "json");
    let mut ws = workspace();
    let mut expected = Vec::new();
    for file in &files {
        let validated = ws.validate_path(file);
        assert_eq!(
            validated.against,
            Some(Against::Cache {
                dir: PathBuf::from(SCHEMAS)
            })
        );
        expected.extend(validated.validation.diagnostics);
    }
    let mut args = vec!["--schemas", SCHEMAS, "validate", "--format", "json"];
    let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    args.extend(names.iter().map(String::as_str));
    let run = common::hierc_in(&common::root(), &args);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(expected.iter().any(|d| d.code == Code::E012));
    assert_eq!(run.stdout, report::json(&expected, &common::root()));
}

/// Text checked as if it were at a path takes that path's project: its
/// lint levels, and its schema cache, without the file existing.
#[test]
fn text_takes_the_project_of_its_path() {
    let dir = common::scratch_project(&[("hierc.toml", "[lint]\nW101 = \"deny\"\n")]);
    let mut ws = Workspace::with_base(None, dir.path().to_path_buf());
    let path = dir.path().join("sub/not_written_yet.hier");
    let c = ws.compile_text(&path, "aggregation case\n");
    assert_eq!(c.source.name, "sub/not_written_yet.hier");
    let codes: Vec<Code> = c.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, [Code::W101]);
    assert!(c.has_errors() && c.config.is_none(), "W101 is denied");
    // After hierc.toml changes, `invalidate` reads it again.
    std::fs::write(dir.path().join("hierc.toml"), "[lint]\nW101 = \"allow\"\n").unwrap();
    let c = ws.compile_text(&path, "aggregation case\n");
    assert!(c.has_errors(), "the project is kept until invalidated");
    ws.invalidate();
    let c = ws.compile_text(&path, "aggregation case\n");
    assert!(c.diagnostics.is_empty() && c.config.is_some());
    // What an editor watches for this file.
    let context = ws.context(&path);
    let project_file = context.project_file.expect("a hierc.toml");
    assert_eq!(
        std::fs::canonicalize(project_file).unwrap(),
        std::fs::canonicalize(dir.path().join("hierc.toml")).unwrap()
    );
    assert!(!context.schemas.explicit);
    assert!(context.schemas.path.ends_with("schemas"));
}

/// A schema cache that changes is read again after `invalidate_schemas`.
#[test]
fn a_changed_schema_cache_is_read_again_when_invalidated() {
    let dir = common::scratch_project(&[]);
    let mut ws = Workspace::with_base(None, dir.path().to_path_buf());
    let path = dir.path().join("x.hier");
    let text = "Case > EmailMessage\n";
    assert!(ws.compile_text(&path, text).config.is_some());
    let schemas = ws.context(&path).schemas.path;
    std::fs::remove_file(schemas.join("EmailMessage.schema.json")).unwrap();
    let c = ws.compile_text(&path, text);
    assert!(c.config.is_some(), "the catalog is kept until invalidated");
    ws.invalidate_schemas(&schemas);
    let c = ws.compile_text(&path, text);
    let codes: Vec<Code> = c.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, [Code::E090]);
}

/// A broken hierc.toml: the workspace gives its E095s with each file (so an
/// editor can show them whichever file is open); `check` shows them once.
#[test]
fn a_broken_project_comes_with_every_file_and_is_shown_once() {
    let dir = common::scratch_project(&[
        ("hierc.toml", "schema = \"x\"\n"),
        ("a.hier", "aggregation Case\n"),
        ("b.hier", "aggregation Case\n"),
    ]);
    let mut ws = Workspace::with_base(None, dir.path().to_path_buf());
    for name in ["a.hier", "b.hier"] {
        let c = ws.compile_path(&dir.path().join(name));
        assert_eq!(c.diagnostics.len(), 1, "{name}");
        assert_eq!(c.diagnostics[0].code, Code::E095);
        assert!(c.config.is_none());
    }
    let run = common::hierc_in(dir.path(), &["check", "--format", "json", "."]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout.matches("\"E095\"").count(), 1, "{}", run.stdout);
}

/// `hierc validate` notes a stale describe under a name it does not find,
/// as `check` does.
#[test]
fn validate_notes_a_stale_cache() {
    let dir = common::scratch_project(&[]);
    let config =
        std::fs::read_to_string(common::root().join("tests/fixtures/configs/ok/case.json"))
            .unwrap()
            .replacen("\"CaseNumber\"", "\"CaseNumbr\"", 1);
    assert!(config.contains("CaseNumbr"));
    std::fs::write(dir.path().join("c.json"), &config).unwrap();
    let meta =
        |fetched: &str| format!("{{\"api-version\": \"62.0\", \"fetched-at\": \"{fetched}\"}}");
    let sidecar = dir.path().join("schemas/Case.meta.json");
    std::fs::write(&sidecar, meta(&hierc::org::cache::now())).unwrap();
    let run = common::hierc_in(dir.path(), &["validate", "c.json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("E012"), "{}", run.stderr);
    assert!(!run.stderr.contains("may be stale"), "{}", run.stderr);
    std::fs::write(&sidecar, meta("2020-01-01T00:00:00Z")).unwrap();
    let run = common::hierc_in(dir.path(), &["validate", "c.json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("the cached describe of `Case` was pulled")
            && run
                .stderr
                .contains("it may be stale; refresh it with `hierc schema pull Case`"),
        "{}",
        run.stderr
    );
    // The library gives the note: it is no front end's addition.
    let mut ws = Workspace::with_base(None, dir.path().to_path_buf());
    let validated = ws.validate_path(&dir.path().join("c.json"));
    assert!(validated
        .validation
        .diagnostics
        .iter()
        .any(|d| d.code == Code::E012 && d.notes.iter().any(|n| n.contains("may be stale"))));
}

/// `hierc` with no org settings in its environment.
fn without_org(dir: &Path, args: &[&str]) -> common::Run {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_hierc"));
    cmd.args(args)
        .current_dir(dir)
        .env("COLUMNS", "80")
        .env_remove("NO_COLOR");
    for var in [
        "HIERC_SCHEMAS",
        "HIERC_SF_ORG",
        "HIERC_SF_DOMAIN",
        "HIERC_SF_TOKEN",
        "HIERC_SF_CLIENT_ID",
        "HIERC_SF_CLIENT_SECRET",
    ] {
        cmd.env_remove(var);
    }
    let out = cmd.output().unwrap();
    common::Run::from(out)
}

/// An org error is a coded diagnostic (E093): drawn in the human format,
/// and an element of the JSON array (and SARIF, GitHub) like any other.
#[test]
fn org_errors_reach_every_format() {
    let dir = common::scratch_project(&[("x.hier", "aggregation Case\n")]);
    let run = without_org(
        dir.path(),
        &["--color", "never", "check", "--live", "x.hier"],
    );
    assert_eq!(run.code, 2);
    snapshot("live_without_an_org", &run);
    let run = without_org(
        dir.path(),
        &["check", "--live", "--format", "json", "x.hier"],
    );
    assert_eq!(run.code, 2);
    let list: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let list = list.as_array().expect("a JSON array");
    assert_eq!(list.len(), 1, "{}", run.stdout);
    assert_eq!(list[0]["code"], "E093");
    assert_eq!(list[0]["severity"], "error");
    assert_eq!(list[0]["message"], "no org to connect to");
    for format in ["sarif", "github"] {
        let run = without_org(
            dir.path(),
            &["check", "--live", "--format", format, "x.hier"],
        );
        assert_eq!(run.code, 2);
        assert!(run.stdout.contains("E093"), "{format}: {}", run.stdout);
    }
    // validate --live too.
    std::fs::copy(
        common::root().join("tests/fixtures/configs/ok/case.json"),
        dir.path().join("c.json"),
    )
    .unwrap();
    let run = without_org(
        dir.path(),
        &["validate", "--live", "--format", "json", "c.json"],
    );
    assert_eq!(run.code, 2);
    assert!(run.stdout.contains("\"E093\""), "{}", run.stdout);
}

/// An output that cannot be written is E094, in every format.
#[test]
fn an_output_that_cannot_be_written_is_e094() {
    let dir = common::scratch_project(&[("x.hier", "aggregation Case\n")]);
    let run = common::hierc_in(
        dir.path(),
        &[
            "--color",
            "never",
            "build",
            "x.hier",
            "-o",
            "no/such/dir/x.json",
        ],
    );
    assert_eq!(run.code, 2);
    snapshot("output_not_written", &run);
    let run = common::hierc_in(
        dir.path(),
        &[
            "build",
            "--format",
            "json",
            "x.hier",
            "-o",
            "no/such/dir/x.json",
        ],
    );
    assert_eq!(run.code, 2);
    assert!(run.stdout.contains("\"E094\""), "{}", run.stdout);
}
