//! `hierc build`: compile files and write their configs atomically, or
//! (`--check`) compare them with the configs already written.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::fmt::unified_diff;
use super::{Format, Outcome, Printer};
use crate::config;
use crate::diagnostics::suggest::join_words;
use crate::diagnostics::{Code, Diagnostic};
use crate::workspace::files;

/// Compiles each input and writes its config, or with `check` compares it
/// with the file there (a config missing or out of date is a finding).
/// `Some(code)` ends the run early (a usage error).
/// `--check` and `--tracked`.
#[derive(Debug, Clone, Copy)]
pub struct Mode {
    pub check: bool,
    pub tracked: bool,
}

pub fn run(
    inputs: &[PathBuf],
    output: Option<&Path>,
    mode: Mode,
    schemas: Option<PathBuf>,
    printer: &Printer,
    outcome: &mut Outcome,
) -> Option<ExitCode> {
    let Mode { check, tracked } = mode;
    if output.is_some() && inputs.len() > 1 {
        return Some(super::usage(
            &format!("`-o` takes one input file; {} were given", inputs.len()),
            None,
        ));
    }
    if check && output.is_some_and(|o| o.as_os_str() == "-") {
        return Some(super::usage(
            "`--check` compares with a file; `-o -` names none",
            None,
        ));
    }
    let expanded = match expand(inputs, tracked) {
        Ok(found) => found,
        Err(errors) => {
            printer.diagnostics(&errors, outcome);
            return None;
        }
    };
    if output.is_some() && expanded.len() > 1 {
        eprintln!(
            "error: `-o` takes one input file; the folders hold {}",
            expanded.len()
        );
        return Some(ExitCode::from(2));
    }
    let mut workspace = printer.workspace(schemas);
    let inputs: &[PathBuf] = &expanded;
    let targets: Vec<PathBuf> = inputs
        .iter()
        .map(|p| output.map_or_else(|| workspace.output_for(p), Path::to_path_buf))
        .collect();
    let (collisions, shared) = shared_outputs(inputs, &targets);
    printer.diagnostics(&collisions, outcome);
    for (i, (path, target)) in inputs.iter().zip(targets).enumerate() {
        if shared.contains(&i) {
            continue;
        }
        let compilation = workspace.compile_path(path);
        printer.diagnostics(&compilation.diagnostics, outcome);
        let Some(config) = compilation.config else {
            continue;
        };
        let json = config::to_json(&config);
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

/// E085 for each output that two or more different inputs would write,
/// naming them, and the indices of those inputs: none of them is built. The
/// same file named twice (`a.hier`, `./a.hier`) is one input.
fn shared_outputs(inputs: &[PathBuf], targets: &[PathBuf]) -> (Vec<Diagnostic>, BTreeSet<usize>) {
    let mut by_output: BTreeMap<PathBuf, Vec<usize>> = BTreeMap::new();
    for (i, t) in targets.iter().enumerate() {
        if t.as_os_str() != "-" {
            by_output.entry(identity(t)).or_default().push(i);
        }
    }
    let mut diagnostics = Vec::new();
    let mut shared = BTreeSet::new();
    for indices in by_output.values() {
        let mut sources: Vec<PathBuf> = indices.iter().map(|&i| identity(&inputs[i])).collect();
        sources.sort();
        sources.dedup();
        if sources.len() < 2 {
            continue;
        }
        let mut named: Vec<String> = Vec::new();
        for &i in indices {
            let shown = format!("`{}`", inputs[i].display());
            if !named.contains(&shown) {
                named.push(shown);
            }
        }
        let target = files::real_path(&targets[indices[0]]);
        let target = target.display();
        diagnostics.push(
            Diagnostic::new(
                Code::E085,
                format!(
                    "{} would {} write `{target}`",
                    join_words(&named, "and"),
                    if named.len() == 2 { "both" } else { "all" }
                ),
            )
            .help("give the files different names, or build each with its own `-o`")
            .note("none of them is built: one would overwrite the other"),
        );
        shared.extend(indices.iter().copied());
    }
    (diagnostics, shared)
}

/// What names one file, whichever way the path is written.
fn identity(path: &Path) -> PathBuf {
    files::real_path_absolute(path)
}

/// The inputs with each folder replaced by the `.hier` files in it (found
/// as `check` finds them; with `--tracked`, those git tracks). Files stay
/// as named, in order.
fn expand(inputs: &[PathBuf], tracked: bool) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    let mut out = Vec::new();
    for input in inputs {
        if !input.is_dir() {
            out.push(input.clone());
            continue;
        }
        let roots = std::slice::from_ref(input);
        let (found, errors) = files::discover(roots);
        if !errors.is_empty() {
            return Err(errors);
        }
        out.extend(if tracked {
            files::tracked(roots, found).map_err(|d| vec![d])?
        } else {
            found
        });
    }
    Ok(out)
}

fn write(target: &Path, json: &str, printer: &Printer, outcome: &mut Outcome) {
    if target.as_os_str() == "-" {
        let mut out = std::io::stdout().lock();
        if super::pipe::check(out.write_all(json.as_bytes()).and_then(|_| out.flush())).is_err() {
            outcome.environment = true;
        }
    } else {
        match files::write(target, json.as_bytes()) {
            Ok(written) => {
                let written = files::real_path(&written);
                printer.info(format_args!("wrote {}", written.display()));
            }
            Err(e) => {
                let d = Diagnostic::cannot_write(
                    &format!("write `{}`", target.display()),
                    &files::io_reason(&e),
                );
                printer.diagnostics(&[files::write_help(d, target, &e)], outcome);
            }
        }
    }
}

/// Is the file at `target` exactly `json`? When not, it is out of date, and
/// a diff from it (empty when missing) to `json` goes to standard output, or
/// to standard error when a machine `--format` has standard output.
fn compare(target: &Path, json: &str, printer: &Printer, outcome: &mut Outcome) {
    let shown = target.display();
    let committed = match files::read_text(target) {
        Ok(text) if text == json => {
            printer.info(format_args!("{shown} is up to date"));
            return;
        }
        Ok(text) => {
            eprintln!("{shown} is out of date: run `hierc build` to update it");
            text
        }
        Err(files::ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!("{shown} is missing: run `hierc build` to write it");
            String::new()
        }
        Err(e) => {
            printer.diagnostics(&[e.diagnostic(&shown.to_string())], outcome);
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
