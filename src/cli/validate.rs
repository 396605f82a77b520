//! `hierc validate CONFIG...`: the guide script's `--validate`, for configs
//! hierc did not write. Prints `OK - CONFIG is structurally valid.` for each
//! config without errors, and says which checks ran: the structure only, or
//! also names and types against the schema cache (or the org) when there
//! is one.

use std::path::PathBuf;

use super::{schema, Format, LiveArgs, Outcome, Printer};
use crate::workspace::live::Inputs;
use crate::workspace::{files, Against};

pub fn run(
    configs: &[PathBuf],
    live: &LiveArgs,
    schemas: Option<PathBuf>,
    printer: &Printer,
    outcome: &mut Outcome,
) {
    let mut workspace = printer.workspace(schemas);
    if live.live
        && !schema::go_live(
            &mut workspace,
            configs,
            Inputs::Configs,
            live,
            printer,
            outcome,
        )
    {
        return;
    }
    for given in configs {
        let validated = workspace.validate_path(given);
        let validation = &validated.validation;
        printer.diagnostics(&validation.diagnostics, outcome);
        let Some(against) = validated.against else {
            continue;
        };
        if !validation.has_errors()
            && printer.format == Format::Human
            && !printer.lint.statistics
            && !printer.lint.quiet
        {
            println!("OK - {} is structurally valid.", given.display());
        }
        let shown = &validation.source.name;
        match against {
            Against::Org { origin } => printer.info(format_args!(
                "{shown}: checked the structure, and names and types against {origin}"
            )),
            Against::Cache { dir } => printer.info(format_args!(
                "{shown}: checked the structure, and names and types against the schema cache `{}`",
                files::shown(&dir, &printer.base)
            )),
            Against::Structure { dir } => printer.info(format_args!(
                "{shown}: checked the structure only (no schema cache at `{}`; `--schemas DIR` names one)",
                files::shown(&dir, &printer.base)
            )),
        }
    }
}
