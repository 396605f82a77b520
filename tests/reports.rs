//! Reports that tools and terminals accept: SARIF valid against the OASIS
//! schema with a location on every result, one line and column for every
//! format whatever the line breaks, GitHub lines that never start a workflow
//! command, control characters that never reach the terminal.

mod common;

use std::path::Path;

use common::{hierc_in, scratch_project as project};
use hierc::diagnostics::report;
use hierc::schema::Catalog;

/// Every diagnostic of every fixture, `.hier` and config, as one SARIF log:
/// valid SARIF 2.1.0, a location on every result.
#[test]
fn the_sarif_of_every_fixture_is_valid() {
    let root = common::root();
    let mut all = Vec::new();
    for dir in ["tests/fixtures/err", "tests/fixtures/ok", "examples"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|x| x == "hier") {
                let c = hierc::compile(common::source(&path), &common::catalog_for(&path));
                all.extend(c.diagnostics);
            }
        }
    }
    let catalog = Catalog::new(common::relative(&root.join("tests/fixtures/schemas")));
    for entry in std::fs::read_dir(root.join("tests/fixtures/configs/err")).unwrap() {
        let path = entry.unwrap().path();
        let v = hierc::validate::validate(common::source(&path), Some(&catalog));
        all.extend(v.diagnostics);
    }
    assert!(all.len() > 100, "{}", all.len());
    let log = common::sarif::validated(&report::sarif(&all, &root));
    assert_eq!(
        log["runs"][0]["results"].as_array().unwrap().len(),
        all.len()
    );
}

/// Paths that cannot be read (E092) and a file that is not UTF-8 (E002)
/// each give a result located at the path, without a region.
#[test]
fn sarif_of_unreadable_paths_has_a_location_on_every_result() {
    let dir = project(&[("ok.hier", "aggregation Case\n")]);
    std::fs::write(dir.path().join("latin1.hier"), b"# caf\xe9\n").unwrap();
    let run = hierc_in(
        dir.path(),
        &[
            "--schemas",
            "schemas",
            "check",
            "--format",
            "sarif",
            "ok.hier",
            "missing.hier",
            "missing-folder",
            "latin1.hier",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    let log = common::sarif::validated(&run.stdout);
    let results = log["runs"][0]["results"].as_array().unwrap();
    let uris: Vec<&str> = results
        .iter()
        .map(|r| {
            let location = &r["locations"][0]["physicalLocation"];
            assert!(location.get("region").is_none(), "{r}");
            location["artifactLocation"]["uri"].as_str().unwrap()
        })
        .collect();
    assert_eq!(
        uris,
        ["missing.hier", "missing-folder", "latin1.hier"],
        "{}",
        run.stdout
    );
}

/// `validate --format sarif` and `build --format sarif` write valid SARIF.
#[test]
fn sarif_of_validate_and_build_is_valid() {
    let root = common::root();
    let configs = root.join("tests/fixtures/configs/err");
    let mut args = vec!["--schemas".to_string(), "tests/fixtures/schemas".into()];
    args.extend(["validate", "--format", "sarif"].map(String::from));
    for entry in std::fs::read_dir(&configs).unwrap() {
        args.push(common::relative(&entry.unwrap().path()));
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = hierc_in(&root, &args);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let log = common::sarif::validated(&run.stdout);
    assert!(log["runs"][0]["results"].as_array().unwrap().len() > 20);

    let dir = project(&[("bad.hier", "aggregation Case {\n    fields Subjet\n}\n")]);
    let run = hierc_in(dir.path(), &["build", "--format", "sarif", "bad.hier"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let log = common::sarif::validated(&run.stdout);
    assert_eq!(log["runs"][0]["results"][0]["ruleId"], "E012");
}

/// The place of a finding, as each format gives it: (line, column).
fn places(dir: &Path, file: &str) -> Vec<(String, (u64, u64))> {
    let mut out = Vec::new();
    let human = hierc_in(dir, &["check", file]);
    let at = human
        .stderr
        .find(&format!("[{file}:"))
        .expect("an excerpt header");
    let rest = &human.stderr[at + file.len() + 2..];
    let header = &rest[..rest.find(']').unwrap()];
    let (line, col) = header.split_once(':').unwrap();
    out.push((
        "human".into(),
        (line.parse().unwrap(), col.parse().unwrap()),
    ));
    let json = hierc_in(dir, &["check", "--format", "json", file]);
    let list: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let place =
        |v: &serde_json::Value, l: &str, c: &str| (v[l].as_u64().unwrap(), v[c].as_u64().unwrap());
    out.push(("json".into(), place(&list[0], "line", "column")));
    let sarif = hierc_in(dir, &["check", "--format", "sarif", file]);
    let log = common::sarif::validated(&sarif.stdout);
    let region = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
    out.push(("sarif".into(), place(region, "startLine", "startColumn")));
    let github = hierc_in(dir, &["check", "--format", "github", file]);
    let first = github.stdout.lines().next().unwrap();
    let property = |key: &str| -> u64 {
        let at = first.find(&format!(",{key}=")).unwrap() + key.len() + 2;
        let end = first[at..].find([',', ':']).unwrap();
        first[at..at + end].parse().unwrap()
    };
    out.push(("github".into(), (property("line"), property("col"))));
    let plain = github.stdout.lines().nth(1).unwrap();
    let mut parts = plain[file.len() + 1..].splitn(3, ':');
    let line = parts.next().unwrap().parse().unwrap();
    let col = parts.next().unwrap().parse().unwrap();
    out.push(("github plain".into(), (line, col)));
    out
}

/// One line index for every format: a CR alone, a LF and a CRLF end a line
/// alike, and columns count characters.
#[test]
fn every_format_gives_the_same_place_whatever_the_line_breaks() {
    for (name, brk) in [("lf", "\n"), ("crlf", "\r\n"), ("cr", "\r")] {
        let text = [
            "# é",
            "aggregation Case <self> {",
            "",
            "    Title = \"é\"; fields Subject, Subjet",
            "}",
            "",
        ]
        .join(brk);
        let file = format!("{name}.hier");
        let dir = project(&[(&file, &text)]);
        let found = places(dir.path(), &file);
        for (format, place) in &found {
            assert_eq!(*place, (4, 34), "{name}: {format} in {found:?}");
        }
    }
}

/// A file named like a workflow command cannot start one in the plain
/// lines after the annotations.
#[test]
fn github_plain_lines_never_start_a_workflow_command() {
    let dir = project(&[(
        "::notice::x.hier",
        "aggregation Case {\n    fields Subjet\n}\n",
    )]);
    let run = hierc_in(
        dir.path(),
        &["check", "--format", "github", "::notice::x.hier"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(
        lines[0].starts_with("::error file=%3A%3Anotice%3A%3Ax.hier,line=2,"),
        "{}",
        run.stdout
    );
    assert_eq!(
        lines[1],
        "./::notice::x.hier:2:12: E012 `Case` has no field `Subjet`"
    );
    assert!(lines[1..].iter().all(|l| !l.trim_start().starts_with("::")));
}

/// Escapes, NUL and a CR alone in a file (and in its name) reach the human
/// report as visible characters: the file cannot drive the terminal.
#[test]
fn the_human_report_shows_control_characters() {
    let name = "a\u{1b}[2Jb.hier";
    let text = "aggregation Case {\r    fields Sub\u{1b}[31mjet, \0x\u{9b}\n}\n";
    let dir = project(&[(name, text)]);
    let run = hierc_in(dir.path(), &["check", name]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let controls = |s: &str| s.chars().filter(|&c| c.is_control() && c != '\n').count();
    assert_eq!(controls(&run.stderr), 0, "{:?}", run.stderr);
    assert!(run.stderr.contains("Sub\u{241b}[31mjet"), "{}", run.stderr);
    assert!(
        run.stderr.contains("a\u{241b}[2Jb.hier:2:"),
        "{}",
        run.stderr
    );
    // The CR alone ends line 1: the finding is on line 2, as in JSON.
    let json = hierc_in(dir.path(), &["check", "--format", "json", name]);
    let list: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(list[0]["line"], 2, "{}", json.stdout);
}
