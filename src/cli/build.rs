//! `hierc build`: compile files and write their configs atomically, or
//! (`--check`) compare them with the configs already written.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::fmt::unified_diff;
use super::{Format, Outcome, Printer};
use crate::config;
use crate::diagnostics::Diagnostic;
use crate::workspace::files;

/// Compiles each input and writes its config, or with `check` compares it
/// with the file there (a config missing or out of date is a finding).
/// `Some(code)` ends the run early (a usage error).
pub fn run(
    inputs: &[PathBuf],
    output: Option<&Path>,
    check: bool,
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
    if check && output.is_some_and(|o| o.as_os_str() == "-") {
        eprintln!("error: `--check` compares with a file; `-o -` names none");
        return Some(ExitCode::from(2));
    }
    let mut workspace = printer.workspace(schemas);
    for path in inputs {
        let compilation = workspace.compile_path(path);
        printer.diagnostics(&compilation.diagnostics, outcome);
        let Some(config) = compilation.config else {
            continue;
        };
        let json = config::to_json(&config);
        let target = output.map_or_else(|| workspace.output_for(path), Path::to_path_buf);
        if check {
            compare(&target, &json, printer, outcome);
        } else {
            // A project's `[output] dir` is made when missing; a folder
            // given with `-o` must exist.
            if output.is_none() {
                if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
                    if let Err(e) = std::fs::create_dir_all(parent) {
                        let d = Diagnostic::cannot_write(
                            &format!("make the output folder `{}`", parent.display()),
                            &files::io_reason(&e),
                        );
                        printer.diagnostics(&[d], outcome);
                        continue;
                    }
                }
            }
            write(&target, &json, printer, outcome);
        }
    }
    None
}

fn write(target: &Path, json: &str, printer: &Printer, outcome: &mut Outcome) {
    if target.as_os_str() == "-" {
        let mut out = std::io::stdout().lock();
        if super::pipe::check(out.write_all(json.as_bytes()).and_then(|_| out.flush())).is_err() {
            outcome.environment = true;
        }
    } else if let Err(e) = files::write_atomic(target, json.as_bytes()) {
        let d = Diagnostic::cannot_write(
            &format!("write `{}`", target.display()),
            &files::io_reason(&e),
        );
        printer.diagnostics(&[d], outcome);
    } else {
        printer.info(format_args!("wrote {}", target.display()));
    }
}

/// Is the file at `target` exactly `json`? When not, it is out of date, and
/// a diff from it (empty when missing) to `json` goes to standard output, or
/// to standard error when a machine `--format` has standard output.
fn compare(target: &Path, json: &str, printer: &Printer, outcome: &mut Outcome) {
    let shown = target.display();
    let committed = match std::fs::read_to_string(target) {
        Ok(text) if text == json => {
            printer.info(format_args!("{shown} is up to date"));
            return;
        }
        Ok(text) => {
            eprintln!("{shown} is out of date: run `hierc build` to update it");
            text
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!("{shown} is missing: run `hierc build` to write it");
            String::new()
        }
        Err(e) => {
            let d = Diagnostic::cannot_read(&shown.to_string(), &files::io_reason(&e));
            printer.diagnostics(&[d], outcome);
            return;
        }
    };
    outcome.out_of_date += 1;
    let diff = unified_diff(&committed, json, "committed", "generated");
    if printer.format == Format::Human {
        print!("{diff}");
    } else {
        eprint!("{diff}");
    }
}
