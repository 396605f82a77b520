//! Shared test helpers: snapshots live in the top-level `snapshots/`, and
//! fixtures compile against the frozen caches in the repository.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use hierc::diagnostics::render::{self, Style};
use hierc::schema::Catalog;
use hierc::source::SourceFile;

pub mod fake_sf;
pub mod greedy;
pub mod org;
pub mod sarif;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// insta settings that put every snapshot in `snapshots/`.
pub fn insta_settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path(root().join("snapshots"));
    s.set_prepend_module_to_snapshot(true);
    s.set_omit_expression(true);
    s
}

/// A path relative to the package root, with `/` separators, for names
/// that must read the same on every machine.
pub fn relative(path: &Path) -> String {
    let rel = path.strip_prefix(root()).unwrap_or(path);
    rel.to_string_lossy().replace('\\', "/")
}

/// Reads a source file under the name tests show.
pub fn source(path: &Path) -> Arc<SourceFile> {
    let text = std::fs::read_to_string(path).expect("fixture is UTF-8");
    SourceFile::new(relative(path), text)
}

/// The schema cache of a fixture or example: `schemas/` beside it, shown
/// relative to the package root.
pub fn catalog_for(path: &Path) -> Catalog {
    let dir = path.parent().unwrap();
    let dir = if dir.ends_with("ok") || dir.ends_with("err") {
        dir.parent().unwrap().join("schemas")
    } else {
        dir.join("schemas")
    };
    Catalog::new(relative(&dir))
}

/// Diagnostics rendered as the snapshots show them: no colour, 80 columns.
pub fn render(diags: &[hierc::diagnostics::Diagnostic]) -> String {
    render::human_all(diags, Style::plain())
}

/// A fixture's snapshot text: its diagnostics, then its output.
pub fn compile_report(path: &Path) -> (String, Option<hierc::config::Config>) {
    let catalog = catalog_for(path);
    let c = hierc::compile(source(path), &catalog);
    let diags = if c.diagnostics.is_empty() {
        "(none)\n".to_string()
    } else {
        render(&c.diagnostics)
    };
    let output = match &c.config {
        Some(config) => hierc::config::to_json(config),
        None => "(none)\n".to_string(),
    };
    (
        format!("--- diagnostics ---\n{diags}--- output ---\n{output}"),
        c.config,
    )
}

/// One run of the `hierc` binary.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Exit code and both streams, for a snapshot.
    pub fn report(&self) -> String {
        format!(
            "exit: {}\n--- stdout ---\n{}--- stderr ---\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// Runs `hierc` in `dir`, with no environment that changes its output.
pub fn hierc_in(dir: &Path, args: &[&str]) -> Run {
    hierc_env(dir, args, &[])
}

/// Runs `hierc` in `dir` with extra environment variables.
pub fn hierc_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = command(dir, args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    run(cmd.output().expect("hierc runs"))
}

/// Runs `hierc` in `dir` with `input` on standard input (a pipe, not a
/// terminal), closed after it.
pub fn hierc_stdin(dir: &Path, args: &[&str], input: &str) -> Run {
    hierc_stdin_bytes(dir, args, input.as_bytes())
}

/// [`hierc_stdin`] with any bytes, UTF-8 or not.
pub fn hierc_stdin_bytes(dir: &Path, args: &[&str], input: &[u8]) -> Run {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = command(dir, args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("hierc runs");
    let mut stdin = child.stdin.take().expect("a pipe");
    // hierc may stop reading early (a finding, the end of its questions).
    let _ = stdin.write_all(input);
    drop(stdin);
    run(child.wait_with_output().expect("hierc runs"))
}

/// `hierc` in `dir`, with no environment that changes its output.
fn command(dir: &Path, args: &[&str]) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_hierc"));
    cmd.args(args)
        .current_dir(dir)
        .env_remove("HIERC_SCHEMAS")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("FORCE_COLOR")
        .env_remove("CLICOLOR")
        .env("COLUMNS", "80");
    cmd
}

fn run(out: std::process::Output) -> Run {
    Run::from(out)
}

impl From<std::process::Output> for Run {
    /// A finished process's exit code (-1 for a signal) and streams.
    fn from(out: std::process::Output) -> Run {
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

/// A scratch project: a copy of the example schemas in `schemas/`, and the
/// given files.
pub fn scratch_project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let schemas = dir.path().join("schemas");
    std::fs::create_dir(&schemas).unwrap();
    for entry in std::fs::read_dir(root().join("examples/schemas")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), schemas.join(entry.file_name())).unwrap();
    }
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}
