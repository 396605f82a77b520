//! How hierc writes files (issue 13, item 11): a new file gets the umask's
//! default mode and an existing one keeps its own; a symbolic link is
//! followed and `wrote` names the file written; a device or FIFO is written
//! through and stays what it is; a folder, or a link that loops, is an error
//! that says so; two inputs for one output are E085; a project's
//! `[output] dir` stays inside the project; non-UTF-8 names keep their bytes.
#![cfg(unix)]

mod common;

use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::Path;

use common::{hierc_in, scratch_project};

const SOURCE: &str = "aggregation Case\n";

fn snapshot(name: &str, run: &common::Run) {
    common::insta_settings().bind(|| insta::assert_snapshot!(name, run.report()));
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

fn set_mode(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// `hierc ARGS...` in `dir` under `umask`, through the shell.
fn hierc_umask(dir: &Path, umask: &str, args: &[&str]) -> common::Run {
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("umask {umask} && exec \"$@\""))
        .arg("sh")
        .arg(env!("CARGO_BIN_EXE_hierc"))
        .args(args)
        .current_dir(dir)
        .env_remove("HIERC_SCHEMAS")
        .output()
        .expect("sh runs");
    common::Run::from(out)
}

#[test]
fn a_new_output_gets_the_umask_default() {
    let p = scratch_project(&[("case.hier", SOURCE)]);
    for (umask, expected) in [
        ("022", 0o644),
        ("077", 0o600),
        ("027", 0o640),
        ("002", 0o664),
    ] {
        let out = format!("out{umask}.json");
        let run = hierc_umask(p.path(), umask, &["build", "case.hier", "-o", &out]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(mode(&p.path().join(&out)), expected, "umask {umask}");
        // import -o writes through the same writer.
        let hier = format!("imported{umask}.hier");
        let run = hierc_umask(p.path(), umask, &["import", &out, "-o", &hier]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(
            mode(&p.path().join(&hier)),
            expected,
            "import, umask {umask}"
        );
    }
}

#[test]
fn a_rewritten_file_keeps_its_mode() {
    let p = scratch_project(&[
        ("a.hier", "aggregation   Case\n"),
        ("b.hier", "aggregation   Case\n"),
        ("case.hier", SOURCE),
    ]);
    // fmt rewrites a 0644 file and a read-only 0444 one, and keeps each mode.
    set_mode(&p.path().join("a.hier"), 0o644);
    set_mode(&p.path().join("b.hier"), 0o444);
    let run = hierc_umask(p.path(), "077", &["fmt", "a.hier", "b.hier"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (name, expected) in [("a.hier", 0o644), ("b.hier", 0o444)] {
        let path = p.path().join(name);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), SOURCE, "{name}");
        assert_eq!(mode(&path), expected, "{name}");
    }
    // build over an existing 0640 output keeps 0640.
    let out = p.path().join("case.connector_config.json");
    std::fs::write(&out, "old").unwrap();
    set_mode(&out, 0o640);
    let run = hierc_umask(p.path(), "000", &["build", "case.hier"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(std::fs::read_to_string(&out).unwrap().contains("\"Case\""));
    assert_eq!(mode(&out), 0o640);
}

#[test]
fn a_device_is_written_through_and_stays_a_device() {
    let p = scratch_project(&[("case.hier", SOURCE)]);
    let run = hierc_in(p.path(), &["build", "case.hier", "-o", "/dev/null"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "wrote /dev/null\n");
    let meta = std::fs::metadata("/dev/null").unwrap();
    assert!(meta.file_type().is_char_device(), "/dev/null was replaced");
}

#[test]
fn a_fifo_is_written_through_and_stays_a_fifo() {
    let p = scratch_project(&[("case.hier", SOURCE)]);
    let fifo = p.path().join("pipe");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let run = hierc_in(p.path(), &["build", "case.hier", "-o", "pipe"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let read = reader.join().unwrap();
    assert!(
        read.starts_with("{\n") && read.contains("\"Case\""),
        "{read}"
    );
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
}

#[test]
fn a_symbolic_link_is_followed_and_wrote_names_its_target() {
    let p = scratch_project(&[("case.hier", SOURCE), ("real/old.json", "old")]);
    std::os::unix::fs::symlink("real/old.json", p.path().join("out.json")).unwrap();
    let run = hierc_in(p.path(), &["build", "case.hier", "-o", "out.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "wrote real/old.json\n");
    let link = std::fs::symlink_metadata(p.path().join("out.json")).unwrap();
    assert!(link.file_type().is_symlink(), "the link was replaced");
    let text = std::fs::read_to_string(p.path().join("real/old.json")).unwrap();
    assert!(text.contains("\"Case\""), "{text}");
    // A link to a file not there yet makes the file.
    std::os::unix::fs::symlink("real/new.json", p.path().join("new.json")).unwrap();
    let run = hierc_in(p.path(), &["build", "case.hier", "-o", "new.json"]);
    assert_eq!(run.stderr, "wrote real/new.json\n");
    assert!(p.path().join("real/new.json").is_file());
}

#[test]
fn a_link_that_loops_and_a_folder_say_so() {
    let p = scratch_project(&[("case.hier", SOURCE)]);
    std::os::unix::fs::symlink("loop.json", p.path().join("loop.json")).unwrap();
    let run = hierc_in(
        p.path(),
        &["--color", "never", "build", "case.hier", "-o", "loop.json"],
    );
    assert_eq!(run.code, 2);
    snapshot("write_link_loop", &run);
    std::fs::create_dir(p.path().join("d")).unwrap();
    let run = hierc_in(
        p.path(),
        &["--color", "never", "build", "case.hier", "-o", "d/"],
    );
    assert_eq!(run.code, 2);
    snapshot("write_folder", &run);
    assert!(p.path().join("d").is_dir());
    assert_eq!(std::fs::read_dir(p.path().join("d")).unwrap().count(), 0);
    // A folder that is not there: the trailing `/` is the cause.
    let run = hierc_in(
        p.path(),
        &["--color", "never", "build", "case.hier", "-o", "nodir/"],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("cannot write `nodir/`: it ends with `/`"),
        "{}",
        run.stderr
    );
    assert!(!p.path().join("nodir").exists());
    // import -o says the same.
    let run = hierc_in(p.path(), &["build", "case.hier", "-o", "case.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (target, cause) in [
        ("d/", "it is a folder"),
        ("loop.json", "symbolic link that loops"),
    ] {
        let run = hierc_in(p.path(), &["import", "case.json", "-o", target]);
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(run.stderr.contains(cause), "{}", run.stderr);
    }
}

#[test]
fn two_inputs_for_one_output_are_e085() {
    let p = scratch_project(&[
        ("hierc.toml", "[output]\ndir = \"out\"\n"),
        ("a/cfg.hier", SOURCE),
        ("b/cfg.hier", SOURCE),
        ("c/other.hier", SOURCE),
    ]);
    let run = hierc_in(
        p.path(),
        &[
            "--color",
            "never",
            "build",
            "a/cfg.hier",
            "b/cfg.hier",
            "c/other.hier",
        ],
    );
    assert_eq!(run.code, 2);
    snapshot("write_collision", &run);
    // Neither of the two is written; the third input is.
    assert!(!p.path().join("out/cfg.connector_config.json").exists());
    assert!(p.path().join("out/other.connector_config.json").is_file());
    // The same file named twice is one input, not a collision.
    let run = hierc_in(p.path(), &["build", "a/cfg.hier", "./a/cfg.hier"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn an_output_dir_outside_the_project_is_refused() {
    for dir in ["../out", "/tmp/hierc-out", "build/../../out"] {
        let p = scratch_project(&[
            ("proj/hierc.toml", &format!("[output]\ndir = \"{dir}\"\n")),
            ("proj/case.hier", SOURCE),
        ]);
        std::fs::rename(p.path().join("schemas"), p.path().join("proj/schemas")).unwrap();
        let run = hierc_in(
            &p.path().join("proj"),
            &["--color", "never", "build", "case.hier"],
        );
        assert_eq!(run.code, 2, "{dir}: {}", run.stderr);
        assert!(run.stderr.contains("E095"), "{}", run.stderr);
        assert!(run.stderr.contains("outside the project"), "{}", run.stderr);
        assert!(!p.path().join("out").exists());
        if dir == "../out" {
            snapshot("write_output_dir_outside", &run);
        }
    }
}

#[test]
fn names_that_are_not_utf8_keep_their_bytes() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let p = scratch_project(&[]);
    let a = OsStr::from_bytes(b"\xff.hier");
    let b = OsStr::from_bytes(b"\xfe.hier");
    for name in [a, b] {
        // Some file systems refuse names that are not UTF-8.
        if std::fs::write(p.path().join(name), SOURCE).is_err() {
            return;
        }
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_hierc"))
        .arg("build")
        .arg(a)
        .arg(b)
        .current_dir(p.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for stem in [&b"\xff"[..], &b"\xfe"[..]] {
        let mut name = stem.to_vec();
        name.extend_from_slice(b".connector_config.json");
        assert!(p.path().join(OsStr::from_bytes(&name)).is_file());
    }
}
