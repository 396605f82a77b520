//! `hierc fmt`: rewrite files in the canonical layout, or (`--check`,
//! `--diff`) say which would change.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{Outcome, Printer};
use crate::diagnostics::Diagnostic;
use crate::workspace::files;

/// What `fmt` does with a file whose layout is not canonical.
#[derive(Debug, Clone, Copy)]
pub struct Mode {
    /// List it (`would reformat: F`).
    pub check: bool,
    /// Print a unified diff.
    pub diff: bool,
}

impl Mode {
    /// `--check` and `--diff` write nothing.
    fn writes(self) -> bool {
        !self.check && !self.diff
    }
}

/// Formats every `.hier` file under `paths`. Exit 1 when a file does not
/// parse, or, with `--check` or `--diff`, when one would change.
pub fn run(paths: &[PathBuf], mode: Mode, printer: &Printer, outcome: &mut Outcome) -> ExitCode {
    let (found, errors) = files::discover(paths);
    printer.diagnostics(&errors, outcome);
    for path in &found {
        let Some(source) = printer.read(path, outcome) else {
            continue;
        };
        let shown = source.name.clone();
        let formatted = match crate::fmt::format(&source) {
            Ok(text) => text,
            Err(diags) => {
                printer.diagnostics(&diags, outcome);
                continue;
            }
        };
        if formatted == source.text {
            continue;
        }
        if !mode.writes() {
            outcome.out_of_date += 1;
        }
        if mode.check {
            println!("would reformat: {shown}");
        }
        if mode.diff {
            print!(
                "{}",
                unified_diff(
                    &source.text,
                    &formatted,
                    &shown,
                    &format!("{shown} (formatted)")
                )
            );
        }
        if mode.writes() {
            match files::write_atomic(path, formatted.as_bytes()) {
                Ok(()) => eprintln!("formatted {shown}"),
                Err(e) => printer.diagnostics(
                    &[Diagnostic::cannot_write(
                        &format!("write `{shown}`"),
                        &files::io_reason(&e),
                    )],
                    outcome,
                ),
            }
        }
    }
    outcome.exit()
}

/// `hierc fmt -`: formats the text on standard input, named as `path`
/// (`-`, or `--stdin-filename`), as ruff's `format -` does: the formatted
/// text (the text itself when it is canonical) to standard output;
/// with `--check`, `would reformat: NAME` instead, with `--diff`, a diff;
/// both exit 1 when the text would change. A text with syntax errors is
/// reported, nothing goes to standard output, and the exit status is 1.
pub fn run_stdin(path: &Path, mode: Mode, printer: &Printer, outcome: &mut Outcome) -> ExitCode {
    let shown = files::shown(path, &printer.base);
    let source = match files::read_from(std::io::stdin().lock(), &shown) {
        Ok(source) => source,
        Err(d) => {
            printer.diagnostics(&[d], outcome);
            return outcome.exit();
        }
    };
    let formatted = match crate::fmt::format(&source) {
        Ok(text) => text,
        Err(diags) => {
            printer.diagnostics(&diags, outcome);
            return outcome.exit();
        }
    };
    if mode.writes() {
        print!("{formatted}");
        return outcome.exit();
    }
    if formatted != source.text {
        outcome.out_of_date += 1;
        if mode.check {
            println!("would reformat: {shown}");
        }
        if mode.diff {
            let new = format!("{shown} (formatted)");
            print!("{}", unified_diff(&source.text, &formatted, &shown, &new));
        }
    }
    outcome.exit()
}

/// A unified diff of two texts, with three lines of context; empty when they
/// are equal.
pub(super) fn unified_diff(old: &str, new: &str, old_name: &str, new_name: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(old_name, new_name)
        .to_string()
}
