//! `hierc diff OLD NEW` and `hierc diff --since REV [PATH...]`: the
//! semantic changes between two versions of a config (`crate::diff`),
//! printed as a human list, Markdown or JSON.
//!
//! A `.hier` side is compiled as `check` compiles it; any other file is a
//! `connector_config.json`, validated as `validate` validates it. A side with
//! errors stops the run with exit 2 after its diagnostics. `--since` reads
//! each file's old text from git and compiles it as if it were at its path
//! now (its project, and the schema cache as it is now).

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use clap::{Args, ValueEnum};

use super::{pipe, Color, Outcome, Printer};
use crate::config::Config;
use crate::diagnostics::{Code, Diagnostic};
use crate::diff::{self, FileDiff};
use crate::workspace::{files, Workspace};
use crate::Compilation;

#[derive(Debug, Clone, Args)]
pub struct DiffArgs {
    /// OLD and NEW: two connector_config.json or .hier files, or one of
    /// each. With --since: the files or folders to compare (default: the
    /// current folder).
    #[arg(value_name = "PATH", value_hint = clap::ValueHint::AnyPath)]
    pub paths: Vec<PathBuf>,
    /// Compare each .hier file with its text at this git revision (a
    /// branch, tag or commit); files added and deleted since show too.
    #[arg(long, value_name = "REV")]
    pub since: Option<String>,
    /// How to write the changes: a list on a terminal, Markdown (for a
    /// pull request or a job summary) or JSON.
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    pub format: DiffFormat,
    /// Exit with 1 when there are changes, as `git diff --exit-code` does.
    #[arg(long)]
    pub exit_code: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// One change a line under each item, coloured on a terminal.
    Human,
    /// A table per file.
    Markdown,
    /// An array of files, each with its list of changes.
    Json,
}

pub fn run(args: DiffArgs, schemas: Option<PathBuf>, color: Color, printer: &Printer) -> ExitCode {
    let mut outcome = Outcome::new();
    let mut workspace = Workspace::new(schemas);
    let files = match &args.since {
        Some(rev) => since(rev, &args.paths, &mut workspace, printer, &mut outcome),
        None if args.paths.len() == 2 => two(
            &args.paths[0],
            &args.paths[1],
            &mut workspace,
            printer,
            &mut outcome,
        ),
        None => {
            return super::usage(
                &format!(
                    "`hierc diff` compares two files, OLD and NEW; {} given",
                    args.paths.len()
                ),
                Some("to compare with a git revision: `hierc diff --since REV [PATH...]`"),
            );
        }
    };
    if outcome.environment {
        return ExitCode::from(2);
    }
    let files: Vec<FileDiff> = files
        .into_iter()
        .filter(|f| !f.changes.is_empty())
        .collect();
    let text = match args.format {
        DiffFormat::Human => {
            let color = super::color::enabled(color, std::io::stdout().is_terminal());
            if files.is_empty() {
                eprintln!("no change");
            }
            diff::human(&files, color)
        }
        DiffFormat::Markdown => diff::markdown(&files),
        DiffFormat::Json => diff::json(&files),
    };
    let mut out = std::io::stdout().lock();
    if pipe::check(out.write_all(text.as_bytes()).and_then(|_| out.flush())).is_err() {
        return ExitCode::from(2);
    }
    if args.exit_code && !files.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `hierc diff OLD NEW`.
fn two(
    old: &Path,
    new: &Path,
    workspace: &mut Workspace,
    printer: &Printer,
    outcome: &mut Outcome,
) -> Vec<FileDiff> {
    let a = load(old, workspace, printer, outcome);
    let b = load(new, workspace, printer, outcome);
    let (Some(a), Some(b)) = (a, b) else {
        outcome.environment = true;
        return Vec::new();
    };
    vec![FileDiff {
        old: Some(files::shown(old, &printer.base)),
        new: Some(files::shown(new, &printer.base)),
        changes: diff::diff(&a, &b),
    }]
}

/// A side's config: a `.hier` file compiled, anything else validated as a
/// `connector_config.json`; `None` after its diagnostics when it has errors.
fn load(
    path: &Path,
    workspace: &mut Workspace,
    printer: &Printer,
    outcome: &mut Outcome,
) -> Option<Config> {
    if path.extension().is_some_and(|x| x == files::EXTENSION) {
        compiled(workspace.compile_path(path), printer, outcome)
    } else {
        let validation = workspace.validate_path(path).validation;
        printer.diagnostics(&validation.diagnostics, outcome);
        if validation.has_errors() {
            return None;
        }
        validation.config
    }
}

/// A compilation's config after its diagnostics; `None` when it has errors.
fn compiled(c: Compilation, printer: &Printer, outcome: &mut Outcome) -> Option<Config> {
    printer.diagnostics(&c.diagnostics, outcome);
    c.config
}

/// `hierc diff --since REV [PATH...]`: each `.hier` file under the paths,
/// at `rev` and in the working tree, by path; a file on one side only is
/// added or deleted.
fn since(
    rev: &str,
    paths: &[PathBuf],
    workspace: &mut Workspace,
    printer: &Printer,
    outcome: &mut Outcome,
) -> Vec<FileDiff> {
    let report = |d: Diagnostic, outcome: &mut Outcome| {
        printer.diagnostics(&[d], outcome);
        outcome.environment = true;
    };
    let git = match Git::open(rev) {
        Ok(git) => git,
        Err(d) => {
            report(d, outcome);
            return Vec::new();
        }
    };
    let dot = [PathBuf::from(".")];
    let paths = if paths.is_empty() { &dot[..] } else { paths };
    // Each path as git names it: relative to the repository's root.
    let mut specs = Vec::new();
    for path in paths {
        match git.name(path) {
            Some(name) => specs.push(name),
            None => {
                let d = Diagnostic::new(
                    Code::E070,
                    format!(
                        "`{}` is not in the git repository `{}`",
                        path.display(),
                        git.root.display()
                    ),
                )
                .help("`hierc diff --since` compares files of one repository; `hierc diff OLD NEW` compares any two files");
                report(d, outcome);
            }
        }
    }
    if outcome.environment {
        return Vec::new();
    }
    let at_rev = match git.hier_files(&specs) {
        Ok(list) => list,
        Err(d) => {
            report(d, outcome);
            return Vec::new();
        }
    };
    // The working tree, found as `check` finds files; a path that is gone
    // may still name files at the revision.
    let (present, gone): (Vec<PathBuf>, Vec<PathBuf>) =
        paths.iter().cloned().partition(|p| p.exists());
    let (found, errors) = files::discover(&present);
    printer.diagnostics(&errors, outcome);
    outcome.environment |= !errors.is_empty();
    for (path, spec) in paths.iter().zip(&specs) {
        let deleted = at_rev.iter().any(|f| under(f, spec));
        if gone.contains(path) && !deleted {
            let d = Diagnostic::new(
                Code::E092,
                format!(
                    "cannot read `{}`: no such file or folder, now or at `{rev}`",
                    path.display()
                ),
            );
            report(d, outcome);
        }
    }
    let mut sides: BTreeMap<String, (bool, Option<PathBuf>)> = BTreeMap::new();
    for name in &at_rev {
        sides.entry(name.clone()).or_default().0 = true;
    }
    for path in found {
        if let Some(name) = git.name(&path) {
            sides.entry(name).or_default().1 = Some(path);
        }
    }
    let mut out = Vec::new();
    for (name, (then, now)) in sides {
        let here = git.local(&name);
        // A file at the revision that is still there but not found is one
        // `check` skips (ignored): not compared.
        if now.is_none() && here.exists() {
            continue;
        }
        let shown = files::shown(&here, &printer.base);
        let old_name = format!("{rev}:{shown}");
        let old = if then {
            let source = git
                .show(&name)
                .and_then(|bytes| files::source_from_bytes(bytes, &old_name));
            match source {
                Ok(source) => {
                    let c = workspace.compile_source_at(&here, source);
                    match compiled(c, printer, outcome) {
                        Some(config) => Some(config),
                        None => {
                            outcome.environment = true;
                            continue;
                        }
                    }
                }
                Err(d) => {
                    report(d, outcome);
                    continue;
                }
            }
        } else {
            None
        };
        let new = match &now {
            Some(path) => match compiled(workspace.compile_path(path), printer, outcome) {
                Some(config) => Some(config),
                None => {
                    outcome.environment = true;
                    continue;
                }
            },
            None => None,
        };
        let changes = match (&old, &new) {
            (Some(a), Some(b)) => diff::diff(a, b),
            (None, Some(b)) => vec![diff::whole(b, true)],
            (Some(a), None) => vec![diff::whole(a, false)],
            (None, None) => continue,
        };
        out.push(FileDiff {
            old: old.is_some().then_some(old_name),
            new: new.is_some().then_some(shown),
            changes,
        });
    }
    out
}

/// Whether `name` is `spec` or inside it (both relative to the root).
fn under(name: &str, spec: &str) -> bool {
    spec.is_empty() || name == spec || name.starts_with(&format!("{spec}/"))
}

/// The git repository around the current folder, at one revision.
struct Git {
    /// The work tree's root, canonical.
    root: PathBuf,
    /// The current folder, canonical.
    here: PathBuf,
    /// The revision as given.
    rev: String,
}

impl Git {
    /// Finds the repository and checks the revision: E072 without git,
    /// E070 outside a repository, E071 for a revision git does not know.
    fn open(rev: &str) -> Result<Git, Diagnostic> {
        let top = git(None, &["rev-parse", "--show-toplevel"])?;
        if !top.status.success() {
            return Err(Diagnostic::new(
                Code::E070,
                "`hierc diff --since` runs in a git repository, and this folder is not in one",
            )
            .help("run it inside the repository, or compare two files: `hierc diff OLD NEW`")
            .note(format!("git says: {}", git_says(&top.stderr))));
        }
        let root = String::from_utf8_lossy(&top.stdout).trim_end().to_string();
        let root = std::fs::canonicalize(&root).unwrap_or_else(|_| PathBuf::from(root));
        let here = std::fs::canonicalize(files::working_dir()).unwrap_or_default();
        let commit = format!("{rev}^{{commit}}");
        let check = git(
            None,
            &[
                "rev-parse",
                "--verify",
                "--quiet",
                "--end-of-options",
                &commit,
            ],
        )?;
        if rev.is_empty() || rev.starts_with('-') || !check.status.success() {
            return Err(Diagnostic::new(
                Code::E071,
                format!("git knows no commit `{rev}`"),
            )
            .help("name a branch, tag or commit: `git log --oneline` lists commits, `git branch -a` branches")
            .note("in a shallow clone (CI), fetch the base first: `git fetch --depth=1 origin BRANCH`"));
        }
        Ok(Git {
            root,
            here,
            rev: rev.to_string(),
        })
    }

    /// A path (relative to the current folder, or absolute) as git names
    /// it: relative to the root with `/`, `""` for the root itself; `None`
    /// outside the repository.
    fn name(&self, path: &Path) -> Option<String> {
        let absolute = self.here.join(path);
        // Canonical where it exists (a deleted file's folder may not).
        let absolute = std::fs::canonicalize(&absolute).unwrap_or_else(|_| {
            match (absolute.parent(), absolute.file_name()) {
                (Some(parent), Some(file)) => std::fs::canonicalize(parent)
                    .map(|p| p.join(file))
                    .unwrap_or(absolute.clone()),
                _ => absolute.clone(),
            }
        });
        let relative = absolute.strip_prefix(&self.root).ok()?;
        let parts: Vec<String> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        Some(parts.join("/"))
    }

    /// Where a name of the repository is, relative to the current folder
    /// when it is under it.
    fn local(&self, name: &str) -> PathBuf {
        files::relative_to(&self.root.join(name), &self.here)
    }

    /// The `.hier` files at the revision under the given names, skipping
    /// hidden folders and `target/` as `check` does.
    fn hier_files(&self, specs: &[String]) -> Result<Vec<String>, Diagnostic> {
        let mut args = vec![
            "ls-tree".to_string(),
            "-r".into(),
            "-z".into(),
            "--name-only".into(),
            "--full-tree".into(),
            self.rev.clone(),
            "--".into(),
        ];
        args.extend(specs.iter().map(|s| {
            if s.is_empty() {
                ":/".to_string()
            } else {
                format!(":(top,literal){s}")
            }
        }));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = git(Some(&self.root), &args)?;
        if !out.status.success() {
            return Err(failed(
                &format!("list the files of `{}`", self.rev),
                &out.stderr,
            ));
        }
        Ok(out
            .stdout
            .split(|&b| b == 0)
            .filter(|n| !n.is_empty())
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .filter(|n| {
                let parts: Vec<&str> = n.split('/').collect();
                let (file, folders) = parts.split_last().unwrap_or((&"", &[]));
                file.ends_with(&format!(".{}", files::EXTENSION))
                    && !file.starts_with('.')
                    && !folders.iter().any(|f| f.starts_with('.') || *f == "target")
            })
            .collect())
    }

    /// The bytes of a file at the revision.
    fn show(&self, name: &str) -> Result<Vec<u8>, Diagnostic> {
        let object = format!("{}:{name}", self.rev);
        let out = git(Some(&self.root), &["cat-file", "blob", &object])?;
        if !out.status.success() {
            return Err(failed(&format!("read `{object}`"), &out.stderr));
        }
        Ok(out.stdout)
    }
}

/// Runs git in `dir` (default: the current folder); E072 when it cannot
/// be run at all.
fn git(dir: Option<&Path>, args: &[&str]) -> Result<std::process::Output, Diagnostic> {
    let mut cmd = Command::new("git");
    if let Some(dir) = dir {
        cmd.current_dir(dir);
    }
    cmd.args(args).output().map_err(|e| {
        Diagnostic::new(
            Code::E072,
            format!("cannot run git: {}", files::io_reason(&e)),
        )
        .help("install git, or put it on PATH; `hierc diff OLD NEW` compares two files without git")
    })
}

/// E073: git ran, and failed.
fn failed(what: &str, stderr: &[u8]) -> Diagnostic {
    Diagnostic::new(Code::E073, format!("git could not {what}"))
        .help("check the repository with `git fsck`, or fetch what it lacks")
        .note(format!("git says: {}", git_says(stderr)))
}

/// Git's message, on one line.
fn git_says(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if lines.is_empty() {
        "nothing".to_string()
    } else {
        lines.join(" ")
    }
}
