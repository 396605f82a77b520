//! `hierc check [PATH...]`: find the `.hier` files under the paths, compile
//! each through the workspace without writing anything, and end with a
//! summary line. With `--fix`, apply the diagnostics' fixes first (through
//! the workspace, [`crate::workspace::fixing`]) and report what remains;
//! with `--diff`, show them instead.

use std::path::{Path, PathBuf};

use clap::Args;

use super::{schema, LiveArgs, Outcome, Printer};
use crate::diagnostics::{report, Code, Diagnostic};
use crate::workspace::live::Inputs;
use crate::workspace::{files, Workspace};

/// `--fix`, `--unsafe-fixes`, `--diff`.
#[derive(Debug, Clone, Copy, Default, Args)]
pub struct FixArgs {
    /// Apply the safe fixes in place (only files that change are written,
    /// atomically), check again until none applies, then report what
    /// remains.
    #[arg(long)]
    pub fix: bool,
    /// With `--fix` or `--diff`: apply the unsafe fixes too (those that
    /// might change what was meant).
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Write nothing: print the fixes as a unified diff; exit 1 when a file
    /// would change.
    #[arg(long)]
    pub diff: bool,
}

impl FixArgs {
    fn fixing(self) -> bool {
        self.fix || self.diff
    }
}

/// Checks every file found under `paths`; with `--live`, against describes
/// fetched from the org first (nothing is checked when that fails).
#[allow(clippy::too_many_arguments)]
pub(super) fn run(
    paths: &[PathBuf],
    tracked: bool,
    live: &LiveArgs,
    fix: FixArgs,
    schemas: Option<PathBuf>,
    printer: &Printer,
    outcome: &mut Outcome,
) {
    let (found, errors) = files::discover(paths);
    printer.diagnostics(&errors, outcome);
    let found = if tracked {
        match files::tracked(paths, found) {
            Ok(found) => found,
            Err(d) => return printer.diagnostics(&[d], outcome),
        }
    } else {
        found
    };
    let mut workspace = printer.workspace(schemas);
    if live.live && !schema::go_live(&mut workspace, &found, Inputs::Hier, live, printer, outcome) {
        return;
    }
    if fix.fixing() {
        fix_files(&found, fix, &mut workspace, printer, outcome);
        return;
    }
    for path in &found {
        let compilation = workspace.compile_path(path);
        printer.diagnostics(&compilation.diagnostics, outcome);
    }
    summary(found.len(), printer, outcome);
}

/// `--fix` and `--diff`: each file fixed through the workspace, then
/// written (or shown); what remains is reported as `check` reports it.
fn fix_files(
    found: &[PathBuf],
    fix: FixArgs,
    workspace: &mut Workspace,
    printer: &Printer,
    outcome: &mut Outcome,
) {
    let (mut findings, mut changed) = (0, 0);
    for path in found {
        let fixed = workspace.fix_path(path, fix.unsafe_fixes);
        if fixed.changed {
            findings += fixed.fixed;
            changed += 1;
            let shown = &fixed.compilation.source.name;
            if fix.diff {
                outcome.out_of_date += 1;
                let new = format!("{shown} (fixed)");
                let diff = super::fmt::unified_diff(&fixed.original, &fixed.text, shown, &new);
                print!("{diff}");
            } else if !write(path, &fixed.text, printer, outcome) {
                // Not written: what remains is what the file has.
                findings -= fixed.fixed;
                changed -= 1;
                let compilation = workspace.compile_path(path);
                printer.diagnostics(&compilation.diagnostics, outcome);
                continue;
            }
        }
        if !fix.diff {
            printer.diagnostics(&fixed.compilation.diagnostics, outcome);
        }
    }
    fixed_summary(fix, findings, changed, printer);
    if !fix.diff {
        summary(found.len(), printer, outcome);
    }
}

/// `hierc check -`: the text on standard input, checked through the
/// workspace as if it were the file at `path` (`-`, or `--stdin-filename`).
/// With `--fix`, the fixed text goes to standard output (the text as read
/// when no fix applies), as ruff's `check --fix -` does; with `--diff`, the
/// fixes as a diff.
pub(super) fn run_stdin(
    path: &Path,
    fix: FixArgs,
    schemas: Option<PathBuf>,
    printer: &Printer,
    outcome: &mut Outcome,
) {
    let mut workspace = printer.workspace(schemas);
    let input = std::io::stdin().lock();
    if !fix.fixing() {
        let compilation = workspace.compile_read(path, input);
        printer.diagnostics(&compilation.diagnostics, outcome);
        summary(1, printer, outcome);
        return;
    }
    let fixed = workspace.fix_read(path, input, fix.unsafe_fixes);
    let shown = &fixed.compilation.source.name;
    if fix.diff {
        if fixed.changed {
            outcome.out_of_date += 1;
            let new = format!("{shown} (fixed)");
            print!(
                "{}",
                super::fmt::unified_diff(&fixed.original, &fixed.text, shown, &new)
            );
        }
    } else {
        print!("{}", fixed.text);
        printer.diagnostics(&fixed.compilation.diagnostics, outcome);
    }
    let findings = if fixed.changed { fixed.fixed } else { 0 };
    fixed_summary(fix, findings, usize::from(fixed.changed), printer);
    if !fix.diff {
        summary(1, printer, outcome);
    }
}

/// `fixed 2 findings in 1 file`, or with `--diff`, `would fix ...`.
fn fixed_summary(fix: FixArgs, findings: usize, files: usize, printer: &Printer) {
    let verb = if fix.diff { "would fix" } else { "fixed" };
    printer.info(format_args!(
        "{verb} {} in {}",
        report::plural(findings, "finding"),
        report::plural(files, "file")
    ));
}

/// Writes a fixed file atomically; an E094 when it cannot be written.
fn write(path: &Path, text: &str, printer: &Printer, outcome: &mut Outcome) -> bool {
    match files::write_atomic(path, text.as_bytes()) {
        Ok(()) => true,
        Err(e) => {
            let d = Diagnostic::new(
                Code::E094,
                format!(
                    "cannot write `{}`: {}",
                    path.display(),
                    files::io_reason(&e)
                ),
            );
            printer.diagnostics(&[d], outcome);
            false
        }
    }
}

fn summary(files: usize, printer: &Printer, outcome: &Outcome) {
    printer.info(format_args!(
        "checked {}: {}",
        report::plural(files, "file"),
        report::counts(outcome.errors, outcome.warnings)
    ));
}
