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
    let json = match std::fs::read_to_string(input) {
        Ok(text) => text,
        Err(e) => {
            return printer.fail(&[Diagnostic::cannot_read(
                &shown.to_string(),
                &files::io_reason(&e),
            )])
        }
    };
    let config = match read_config(&json) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: `{shown}` is not a connector config: {e}");
            return ExitCode::from(1);
        }
    };
    let target = output.filter(|o| o.as_os_str() != "-");
    // The schema cache of the file being made (else of the config), as the
    // workspace finds it: `--schemas`, its project's, or the default.
    let mut workspace = Workspace::new(schemas);
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
    warn_round_trip(&imported.round_trip, &config, &dir);
    match target {
        None => {
            print!("{}", imported.text);
            ExitCode::SUCCESS
        }
        Some(t) => match files::write_atomic(t, imported.text.as_bytes()) {
            Ok(()) => {
                eprintln!("wrote {}", t.display());
                ExitCode::SUCCESS
            }
            Err(e) => printer.fail(&[Diagnostic::cannot_write(
                &format!("write `{}`", t.display()),
                &files::io_reason(&e),
            )]),
        },
    }
}

/// Reads a config as `config::from_json` does; an error names the JSON path
/// of the value at fault, and the line and column.
fn read_config(json: &str) -> Result<config::Config, String> {
    let mut de = serde_json::Deserializer::from_str(json);
    let config =
        serde_path_to_error::deserialize(&mut de).map_err(|e| match e.path().to_string() {
            root if root == "." => e.inner().to_string(),
            path => format!("at `{path}`: {}", e.inner()),
        })?;
    de.end().map_err(|e| e.to_string())?;
    Ok(config)
}

/// When the text could not be checked against the schemas, or does not
/// compile back to the config, say so: every value is then written out.
fn warn_round_trip(round_trip: &RoundTrip, config: &config::Config, dir: &Path) {
    match round_trip {
        RoundTrip::Same => {}
        RoundTrip::Unchecked(diags) => {
            eprintln!(
                "warning: the imported file does not compile against the schemas in `{}`, so every value is written out",
                dir.display()
            );
            if let Some(d) = diags.iter().find(|d| d.is_error()) {
                eprintln!("  note: {}: {}", d.code.as_str(), d.message);
            }
            eprintln!("  help: give the schema cache with `--schemas DIR` to leave out what the defaults give");
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
