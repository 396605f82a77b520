//! `hierc validate CONFIG...`: the guide script's `--validate`, for configs
//! hierc did not write. Prints `OK - CONFIG is structurally valid.` for each
//! config without errors, and says which checks ran: the structure only, or
//! also names and types against the schema cache when there is one.

use std::path::PathBuf;

use super::schema::LiveFacts;
use super::{Catalogs, Format, Outcome, Printer};
use crate::validate::validate;
use crate::workspace::files;

pub fn run(
    configs: &[PathBuf],
    schemas: Option<PathBuf>,
    live: Option<LiveFacts>,
    printer: &Printer,
    outcome: &mut Outcome,
) {
    let mut catalogs = Catalogs::new(schemas);
    catalogs.live = live;
    for given in configs {
        let path = &files::relative_to(given, &printer.base);
        let Some(source) = printer.read(path, outcome) else {
            continue;
        };
        let shown = source.name.clone();
        let project = match catalogs.project(path) {
            Ok(project) => project,
            Err(errors) => {
                printer.diagnostics(&errors, outcome);
                outcome.environment = true;
                continue;
            }
        };
        // A cache is used when one is named, or when the default one exists.
        let (dir, explicit) = catalogs.schema_dir(path, project.as_deref());
        let with_cache = explicit || dir.is_dir();
        let catalog = with_cache.then(|| catalogs.catalog(dir.clone()));
        let mut validation = validate(source, catalog);
        if let Some(live) = &catalogs.live {
            live.apply(&mut validation.diagnostics);
        }
        if let Some(project) = &project {
            validation.diagnostics = project.apply(std::mem::take(&mut validation.diagnostics));
        }
        printer.diagnostics(&validation.diagnostics, outcome);
        if !validation.has_errors() && printer.format == Format::Human {
            println!("OK - {} is structurally valid.", given.display());
        }
        let dir = files::shown(&dir, &printer.base);
        if let Some(live) = &catalogs.live {
            eprintln!(
                "{shown}: checked the structure, and names and types against {}",
                live.origin
            );
        } else if with_cache {
            eprintln!("{shown}: checked the structure, and names and types against the schema cache `{dir}`");
        } else {
            eprintln!("{shown}: checked the structure only (no schema cache at `{dir}`; `--schemas DIR` names one)");
        }
    }
}
