//! `hierc check [PATH...]`: find the `.hier` files under the paths, compile
//! each without writing anything, and end with a summary line.

use std::path::PathBuf;
use std::process::ExitCode;

use super::{compile_path, schema, Catalogs, Format, LiveArgs, Outcome, Printer};
use crate::diagnostics::report;
use crate::workspace::files;

/// Checks every file found under `paths`; `Some(code)` ends the run early
/// (a failed connection with `--live`).
pub(super) fn run(
    paths: &[PathBuf],
    live: &LiveArgs,
    schemas: Option<PathBuf>,
    printer: &Printer,
    outcome: &mut Outcome,
) -> Option<ExitCode> {
    let (found, errors) = files::discover(paths);
    printer.diagnostics(&errors, outcome);
    let mut catalogs = Catalogs::new(schemas);
    let mut _temp = None;
    if live.live {
        let progress = printer.format == Format::Human;
        match schema::live_check(
            &found,
            &live.org,
            live.update_cache,
            &mut catalogs,
            progress,
        ) {
            Ok(run) => {
                if let Some(dir) = run.dir {
                    catalogs = Catalogs::new(Some(dir));
                }
                catalogs.live = Some(run.facts);
                _temp = run.temp;
            }
            Err(code) => return Some(code),
        }
    }
    for path in &found {
        compile_path(path, &mut catalogs, printer, outcome);
    }
    summary(found.len(), outcome);
    None
}

fn summary(files: usize, outcome: &Outcome) {
    eprintln!(
        "checked {}: {}",
        report::plural(files, "file"),
        report::counts(outcome.errors, outcome.warnings)
    );
}
