//! What hierc reads (issue 13, item 12): a path named on the command line
//! that is no regular file (`/dev/stdin`, a FIFO, a process substitution)
//! is checked, with the project and schema cache of the current folder;
//! symbolic links in folders are not followed, a named one is; an input
//! that never ends (`/dev/zero`, `yes |`) stops at 64 MiB with E086.
#![cfg(unix)]

mod common;

use common::{hierc_in, hierc_stdin, scratch_project};

fn snapshot(name: &str, run: &common::Run) {
    common::insta_settings().bind(|| insta::assert_snapshot!(name, run.report()));
}

/// `hierc ARGS...` in `dir` with `producer`'s output on standard input.
fn hierc_after(dir: &std::path::Path, producer: &str, args: &str) -> common::Run {
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{producer} | \"$0\" {args}"))
        .arg(env!("CARGO_BIN_EXE_hierc"))
        .current_dir(dir)
        .env_remove("HIERC_SCHEMAS")
        .output()
        .expect("sh runs");
    common::Run::from(out)
}

#[test]
fn an_input_that_never_ends_stops_with_e086() {
    let p = scratch_project(&[("case.hier", "aggregation Case\n")]);
    let run = hierc_in(p.path(), &["--color", "never", "check", "/dev/zero"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    snapshot("input_too_large", &run);
    for args in [
        &["validate", "/dev/zero"][..],
        &["import", "/dev/zero"],
        &["fmt", "--check", "/dev/zero"],
        &["build", "/dev/zero", "-o", "-"],
    ] {
        let run = hierc_in(p.path(), args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("E086"), "{args:?}: {}", run.stderr);
    }
    // Standard input that never ends.
    let run = hierc_after(p.path(), "yes 'aggregation Case'", "check -");
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("`-` is larger than 64 MiB"),
        "{}",
        run.stderr
    );
    // A cached describe that never ends.
    let cached = p.path().join("schemas/Case.schema.json");
    std::fs::remove_file(&cached).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &cached).unwrap();
    let run = hierc_in(p.path(), &["check", "case.hier"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("E086"), "{}", run.stderr);
    assert!(
        run.stderr.contains("Case.schema.json` is larger"),
        "{}",
        run.stderr
    );
}

#[test]
fn dev_stdin_named_on_the_command_line_is_checked() {
    let p = scratch_project(&[]);
    let run = hierc_stdin(p.path(), &["check", "/dev/stdin"], "aggregation Case\n");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "checked 1 file: 0 errors, 0 warnings\n");
    // A finding is reported against it, with the current folder's cache.
    let run = hierc_stdin(
        p.path(),
        &["--color", "never", "check", "/dev/stdin"],
        "aggregation Cse\n",
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("/dev/stdin:1:13"), "{}", run.stderr);
    assert!(
        run.stderr.contains("did you mean `Case`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_fifo_named_on_the_command_line_is_checked() {
    let p = scratch_project(&[]);
    let fifo = p.path().join("pipe.hier");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::write(fifo, "aggregation Case\n").unwrap())
    };
    let run = hierc_in(p.path(), &["check", "pipe.hier"]);
    writer.join().unwrap();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "checked 1 file: 0 errors, 0 warnings\n");
}

#[test]
fn a_process_substitution_is_checked() {
    let p = scratch_project(&[("case.hier", "aggregation Cse\n")]);
    let has_bash = std::process::Command::new("bash")
        .arg("-c")
        .arg("true")
        .status();
    if !has_bash.is_ok_and(|s| s.success()) {
        return;
    }
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg("\"$0\" --color never check <(cat case.hier)")
        .arg(env!("CARGO_BIN_EXE_hierc"))
        .current_dir(p.path())
        .env_remove("HIERC_SCHEMAS")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("no cached schema for `Cse`"), "{stderr}");
    assert!(
        // `Case` is cached: an unsafe did-you-mean.
        stderr.ends_with(
            "checked 1 file: 1 error, 0 warnings\n1 fixable with `hierc check --fix --unsafe-fixes`\n"
        ),
        "{stderr}"
    );
}

#[test]
fn links_in_folders_are_skipped_and_a_named_link_is_checked() {
    let p = scratch_project(&[
        ("hierc.toml", ""),
        ("src/ok.hier", "aggregation Case\n"),
        ("elsewhere/bad.hier", "aggregation Cse\n"),
    ]);
    std::os::unix::fs::symlink("../elsewhere/bad.hier", p.path().join("src/link.hier")).unwrap();
    std::os::unix::fs::symlink("../elsewhere", p.path().join("src/linked")).unwrap();
    let run = hierc_in(p.path(), &["check", "src"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "checked 1 file: 0 errors, 0 warnings\n");
    let run = hierc_in(p.path(), &["check", "src/link.hier"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
}
