//! `hierc build`: compile files and write their configs atomically.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{compile_path, Catalogs, Outcome, Printer};
use crate::{config, files};

/// Compiles each input and writes its config; `Some(code)` ends the run early
/// (a usage error).
pub fn run(
    inputs: &[PathBuf],
    output: Option<&Path>,
    schemas: Option<PathBuf>,
    printer: &Printer,
    outcome: &mut Outcome,
) -> Option<ExitCode> {
    if output.is_some() && inputs.len() > 1 {
        eprintln!(
            "error: `-o` takes one input file; {} were given",
            inputs.len()
        );
        return Some(ExitCode::from(2));
    }
    let mut catalogs = Catalogs::new(schemas);
    for path in inputs {
        let Some(c) = compile_path(path, &mut catalogs, printer, outcome) else {
            continue;
        };
        let Some(config) = c.config else { continue };
        let json = config::to_json(&config);
        let target = output.map_or_else(|| files::default_output(path), Path::to_path_buf);
        if target.as_os_str() == "-" {
            let mut out = std::io::stdout().lock();
            if out
                .write_all(json.as_bytes())
                .and_then(|_| out.flush())
                .is_err()
            {
                outcome.environment = true;
            }
        } else if let Err(e) = files::write_atomic(&target, json.as_bytes()) {
            eprintln!(
                "error: cannot write `{}`: {}",
                target.display(),
                files::io_reason(&e)
            );
            outcome.environment = true;
        } else {
            eprintln!("wrote {}", target.display());
        }
    }
    None
}
