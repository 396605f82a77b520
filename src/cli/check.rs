//! `hierc check [PATH...]`: find the `.hier` files under the paths, compile
//! each through the workspace without writing anything, and end with a
//! summary line. With `--fix`, apply the diagnostics' fixes first (through
//! the workspace, [`crate::workspace::fixing`]) and report what remains;
//! with `--diff`, show them instead.

use std::path::{Path, PathBuf};

use clap::Args;

use super::{schema, Format, LiveArgs, Outcome, Printer};
use crate::diagnostics::{report, Code, Diagnostic};
use crate::workspace::live::Inputs;
use crate::workspace::{files, fixing, Workspace};
use crate::Compilation;

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
    let mut fixable = Fixable::default();
    for path in &found {
        let compilation = workspace.compile_path(path);
        report_file(&compilation, &mut fixable, printer, outcome);
    }
    summary(found.len(), printer, outcome);
    fixable.summary(fix, printer);
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
    let mut fixable = Fixable::default();
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
                report_file(&compilation, &mut fixable, printer, outcome);
                continue;
            }
        }
        if !fix.diff {
            report_file(&fixed.compilation, &mut fixable, printer, outcome);
        }
    }
    fixed_summary(fix, findings, changed, printer);
    if !fix.diff {
        summary(found.len(), printer, outcome);
        fixable.summary(fix, printer);
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
        let mut fixable = Fixable::default();
        report_file(&compilation, &mut fixable, printer, outcome);
        summary(1, printer, outcome);
        fixable.summary(fix, printer);
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
    }
    let mut fixable = Fixable::default();
    if !fix.diff {
        report_file(&fixed.compilation, &mut fixable, printer, outcome);
    }
    let findings = if fixed.changed { fixed.fixed } else { 0 };
    fixed_summary(fix, findings, usize::from(fixed.changed), printer);
    if !fix.diff {
        summary(1, printer, outcome);
        fixable.summary(fix, printer);
    }
}

/// Shows a file's findings and counts those with fixes. A file that
/// `--fix` leaves alone (it has syntax errors) has none to show in the
/// human report: no `[*]` there.
fn report_file(
    compilation: &Compilation,
    fixable: &mut Fixable,
    printer: &Printer,
    outcome: &mut Outcome,
) {
    if fixing::fixes_apply(compilation) {
        fixable.count(&compilation.diagnostics);
    } else if printer.format == Format::Human {
        let mut list = compilation.diagnostics.clone();
        list.iter_mut().for_each(Diagnostic::clear_fixes);
        printer.diagnostics(&list, outcome);
        return;
    }
    printer.diagnostics(&compilation.diagnostics, outcome);
}

/// The findings shown that have fixes: those `--fix` applies, and those
/// only `--unsafe-fixes` does.
#[derive(Debug, Default, Clone, Copy)]
struct Fixable {
    safe: usize,
    unsafe_only: usize,
}

impl Fixable {
    fn count(&mut self, list: &[Diagnostic]) {
        for d in list {
            if d.applicable_fix(false).is_some() {
                self.safe += 1;
            } else if d.applicable_fix(true).is_some() {
                self.unsafe_only += 1;
            }
        }
    }

    /// After the human report's summary, as ruff says it:
    /// `[*] 2 fixable with `hierc check --fix` (1 more with `--unsafe-fixes`)`.
    /// After `--fix`, only what `--unsafe-fixes` would add; nothing when no
    /// finding has a fix, or in a machine format.
    fn summary(self, fix: FixArgs, printer: &Printer) {
        if printer.format != Format::Human || (fix.fix && fix.unsafe_fixes) {
            return;
        }
        let safe = if fix.fix { 0 } else { self.safe };
        let line = match (safe, self.unsafe_only) {
            (0, 0) => return,
            (0, more) => format!("{more} fixable with `hierc check --fix --unsafe-fixes`"),
            (safe, 0) => format!("[*] {safe} fixable with `hierc check --fix`"),
            (safe, more) => format!(
                "[*] {safe} fixable with `hierc check --fix` ({more} more with `--unsafe-fixes`)"
            ),
        };
        printer.info(format_args!("{line}"));
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
