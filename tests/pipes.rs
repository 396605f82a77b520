//! A reader that goes away (`hierc fmt --diff . | head -1`) stops every
//! command quietly: no panic, no panic text, exit status 0 when the command
//! had something left to print there, on standard output and standard
//! error alike. The pipes here are closed before hierc writes, so the
//! tests do not depend on timing.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use common::scratch_project as project;

#[derive(Clone, Copy, Debug)]
enum Closed {
    Stdout,
    Stderr,
}

/// Runs `hierc` in `dir` with one stream a pipe whose reader is closed;
/// the exit code and what the other stream got.
fn run_closed(dir: &Path, args: &[&str], closed: Closed) -> (Option<i32>, String) {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_hierc"));
    cmd.args(args)
        .current_dir(dir)
        .env_remove("HIERC_SCHEMAS")
        .env_remove("NO_COLOR")
        .env("COLUMNS", "80")
        .stdin(Stdio::null());
    match closed {
        Closed::Stdout => cmd.stdout(writer).stderr(Stdio::piped()),
        Closed::Stderr => cmd.stderr(writer).stdout(Stdio::piped()),
    };
    let out = cmd.output().unwrap();
    let other = match closed {
        Closed::Stdout => out.stderr,
        Closed::Stderr => out.stdout,
    };
    (
        out.status.code(),
        String::from_utf8_lossy(&other).into_owned(),
    )
}

/// A project with a file to reformat, one with findings, a config and a
/// hierc.toml.
fn fixture() -> tempfile::TempDir {
    let case = std::fs::read_to_string(common::root().join("examples/case.hier")).unwrap();
    let config =
        std::fs::read_to_string(common::root().join("tests/fixtures/configs/ok/case.json"))
            .unwrap();
    project(&[
        ("hierc.toml", ""),
        ("case.hier", &case),
        (
            "messy.hier",
            "aggregation   Case   <self>{\nfields Status}\n",
        ),
        ("bad.hier", "aggregation Case {\n    fields Subjet\n}\n"),
        ("config.json", &config),
    ])
}

/// Each command that prints, with the stream it prints to closed: the
/// exit code it must then give.
#[test]
fn a_closed_standard_output_stops_every_command_quietly() {
    let dir = fixture();
    let cases: &[(&[&str], i32)] = &[
        (&["fmt", "--diff", "."], 0),
        (&["fmt", "--check", "."], 0),
        (&["explain", "E012"], 0),
        (&["validate", "config.json"], 0),
        (&["import", "config.json"], 0),
        (&["check", "--format", "json", "."], 0),
        (&["check", "--format", "sarif", "."], 0),
        (&["check", "--format", "github", "."], 0),
        (&["build", "case.hier", "-o", "-"], 0),
        (&["build", "--check", "case.hier"], 0),
        (&["tree", "--fields", "case.hier"], 0),
        (&["graph", "case.hier"], 0),
        (&["soql", "case.hier"], 0),
        (&["soql", "--format", "json", "case.hier"], 0),
        (&["schema", "status"], 0),
        (
            &[
                "init",
                "--aggregation",
                "Case",
                "--records",
                "Attachment",
                "-o",
                "-",
            ],
            0,
        ),
        (&["completions", "bash"], 0),
        (&["man"], 0),
        (&["--help"], 0),
        (&["check", "--help"], 0),
        (&["--version"], 0),
        // Nothing for standard output: the run goes on, and its findings
        // give its exit code.
        (&["check", "."], 1),
    ];
    for (args, code) in cases {
        let (got, stderr) = run_closed(dir.path(), args, Closed::Stdout);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(!stderr.contains("Broken pipe"), "{args:?}: {stderr}");
        assert_eq!(got, Some(*code), "{args:?}: {stderr}");
    }
}

#[test]
fn a_closed_standard_error_stops_every_command_quietly() {
    let dir = fixture();
    let cases: &[&[&str]] = &[
        &["check", "."],
        &["check", "--format", "json", "."],
        &["build", "bad.hier"],
        &["build", "case.hier"],
        &["fmt", "."],
        &["fmt", "--check", "nowhere.hier"],
        &["explain", "E999"],
        &["validate", "config.json"],
        &["import", "config.json"],
        &["tree", "bad.hier"],
        &["soql", "bad.hier"],
        &["schema", "status"],
        &["man", "nothing"],
        &["nothing"],
        &["--schemas"],
    ];
    for args in cases {
        let (got, stdout) = run_closed(dir.path(), args, Closed::Stderr);
        assert!(!stdout.contains("panicked"), "{args:?}: {stdout}");
        assert!(matches!(got, Some(0..=2)), "{args:?}: {got:?} {stdout}");
    }
}
