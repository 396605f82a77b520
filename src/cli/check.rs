//! `hierc check [PATH...]`: find the `.hier` files under the paths, compile
//! each through the workspace without writing anything, and end with a
//! summary line.

use std::path::PathBuf;

use super::{schema, LiveArgs, Outcome, Printer};
use crate::diagnostics::report;
use crate::workspace::live::Inputs;
use crate::workspace::{files, Workspace};

/// Checks every file found under `paths`; with `--live`, against describes
/// fetched from the org first (nothing is checked when that fails).
pub(super) fn run(
    paths: &[PathBuf],
    live: &LiveArgs,
    schemas: Option<PathBuf>,
    printer: &Printer,
    outcome: &mut Outcome,
) {
    let (found, errors) = files::discover(paths);
    printer.diagnostics(&errors, outcome);
    let mut workspace = Workspace::new(schemas);
    if live.live && !schema::go_live(&mut workspace, &found, Inputs::Hier, live, printer, outcome) {
        return;
    }
    for path in &found {
        let compilation = workspace.compile_path(path);
        printer.diagnostics(&compilation.diagnostics, outcome);
    }
    summary(found.len(), outcome);
}

fn summary(files: usize, outcome: &Outcome) {
    eprintln!(
        "checked {}: {}",
        report::plural(files, "file"),
        report::counts(outcome.errors, outcome.warnings)
    );
}
