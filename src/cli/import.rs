//! `hierc import CONFIG.json [-o FILE.hier]`: decompile a config.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::fmt::unified_diff;
use super::Printer;
use crate::config;
use crate::diagnostics::Diagnostic;
use crate::import::{import, RoundTrip};
use crate::workspace::{files, Workspace};

/// Reads the config, writes its `.hier` text to `output` (standard output
/// without one, or with `-`). Exit 1 when the config cannot be read or
/// written in hier, 2 when a file cannot be read or written.
pub fn run(
    input: &Path,
    output: Option<&Path>,
    schemas: Option<PathBuf>,
    printer: &Printer,
) -> ExitCode {
    let shown = input.display();
    let explicit = schemas.is_some();
    let mut workspace = Workspace::new(schemas);
    // A config that is not JSON of the config's shape gets `validate`'s
    // findings (exit 1); one that cannot be read, its E092 (exit 2).
    let config = match workspace.read_config(input) {
        Ok(c) => c,
        Err(errors) => {
            let mut outcome = super::Outcome::new();
            printer.diagnostics(&errors, &mut outcome);
            printer.finish(&mut outcome);
            return if errors.iter().any(|d| d.code.is_environment()) {
                ExitCode::from(2)
            } else {
                ExitCode::from(1)
            };
        }
    };
    let target = output.filter(|o| o.as_os_str() != "-");
    // The schema cache of the file being made (else of the config), as the
    // workspace finds it: `--schemas`, its project's, or the default.
    let anchor = target.unwrap_or(input);
    let project = match workspace.project(anchor) {
        Ok(project) => project,
        Err(errors) => return printer.fail(&errors),
    };
    let dir = workspace.schema_dir(anchor, project.as_deref()).path;
    let catalog = workspace.catalog(&dir);
    let name = target.map_or_else(|| "imported.hier".to_string(), |t| t.display().to_string());
    let imported = match import(&config, catalog, &name) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("error: `{shown}`: {e}");
            return ExitCode::from(1);
        }
    };
    warn_round_trip(&imported.round_trip, &config, &dir, explicit);
    match target {
        None => {
            print!("{}", imported.text);
            ExitCode::SUCCESS
        }
        Some(t) => match files::write(t, imported.text.as_bytes()) {
            Ok(written) => {
                eprintln!("wrote {}", files::real_path(&written).display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                let d = Diagnostic::cannot_write(
                    &format!("write `{}`", t.display()),
                    &files::io_reason(&e),
                );
                printer.fail(&[files::write_help(d, t, &e)])
            }
        },
    }
}

/// When the text could not be checked against the schemas, or does not
/// compile back to the config, say so: every value is then written out.
/// `explicit`: the schema cache was named with `--schemas`.
fn warn_round_trip(round_trip: &RoundTrip, config: &config::Config, dir: &Path, explicit: bool) {
    match round_trip {
        RoundTrip::Same => {}
        RoundTrip::Unchecked(diags) => {
            eprintln!(
                "warning: the imported file does not compile against the schemas in `{}`, so every value is written out",
                dir.display()
            );
            let first = diags.iter().find(|d| d.is_error());
            if let Some(d) = first {
                eprintln!("  note: {}: {}", d.code.as_str(), d.message);
            }
            // A missing describe is pulled; a cache not named is named.
            let missing: Vec<&str> = diags
                .iter()
                .filter(|d| d.code == crate::diagnostics::Code::E090)
                .filter_map(|d| d.resting_on().first().map(String::as_str))
                .collect();
            if !missing.is_empty() {
                eprintln!(
                    "  help: pull what is missing (`hierc schema pull {}`){}, to leave out what the defaults give",
                    missing.join(" "),
                    if explicit { "" } else { ", or name the cache with `--schemas DIR`" }
                );
            } else if !explicit {
                eprintln!("  help: give the schema cache with `--schemas DIR` to leave out what the defaults give");
            }
        }
        RoundTrip::Differs(generated) => {
            eprintln!(
                "warning: the imported file compiles to another config: hier cannot say all of it"
            );
            eprint!(
                "{}",
                unified_diff(
                    &config::to_json(config),
                    &config::to_json(generated),
                    "config",
                    "imported"
                )
            );
        }
    }
}
