//! `hierc completions SHELL` and `hierc man`: shell completion scripts and a
//! roff man page, both generated from the clap definitions, so they never
//! drift from the real command line.

use std::io::Write;
use std::process::ExitCode;

use clap::CommandFactory;
use clap_complete::Shell;

use super::Cli;
use crate::diagnostics::suggest;

/// Writes the completion script for `shell` to standard output.
pub fn completions(shell: Shell) -> ExitCode {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "hierc", &mut out);
    write_stdout(&out)
}

/// Writes a man page in roff to standard output: `hierc(1)`, or with a
/// subcommand, `hierc-SUBCOMMAND(1)` (as git names its pages).
pub fn man(subcommand: Option<&str>) -> ExitCode {
    let mut cmd = Cli::command();
    // Built, so that subcommands carry the global options and their full
    // names (`hierc-build`, `hierc build`).
    cmd.build();
    let page = match subcommand {
        None => cmd,
        Some(name) => match cmd.find_subcommand(name) {
            Some(sub) => sub.clone(),
            None => {
                let names: Vec<&str> = cmd.get_subcommands().map(|s| s.get_name()).collect();
                eprintln!("error: `{name}` is not a hierc command");
                if let Some(s) = suggest::did_you_mean(name, names.iter().copied()) {
                    eprintln!("  help: {s}");
                }
                return ExitCode::from(2);
            }
        },
    };
    let source = format!("hierc {}", env!("CARGO_PKG_VERSION"));
    let mut out = Vec::new();
    let man = clap_mangen::Man::new(page).source(source);
    if man.render(&mut out).is_err() {
        return ExitCode::from(2);
    }
    write_stdout(&out)
}

/// Standard output closed early (`hierc man | head`) is not an error.
fn write_stdout(bytes: &[u8]) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|_| stdout.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(_) => ExitCode::from(2),
    }
}
