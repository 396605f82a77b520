//! `hierc completions SHELL` and `hierc man`: shell completion scripts and a
//! roff man page, both generated from the clap definitions, so they never
//! drift from the real command line.
//!
//! Completion offers the codes for `explain` and the shells for
//! `completions` (clap's possible values), and files for every argument
//! that takes a path. Where a command takes `.hier` or `.json` files
//! ([`FILES`]), zsh offers only those (and folders), fish offers them
//! first (its `__fish_complete_suffix`), bash any file.
//!
//! The man page adds EXIT STATUS and ENVIRONMENT to what clap_mangen
//! renders; `hierc man schema pull` is hierc-schema-pull(1).

use std::ffi::OsStr;
use std::io::Write;
use std::process::ExitCode;

use clap::builder::{PossibleValue, TypedValueParser};
use clap::CommandFactory;
use clap_complete::Shell;
use roff::{bold, roman, Roff};

use super::Cli;
use crate::diagnostics::{suggest, Code};

/// The arguments that take `.hier` or `.json` files: (command, argument
/// id, the names offered). A test checks that each names a real argument.
pub const FILES: &[(&str, &str, &[&str])] = &[
    ("build", "files", &["hier"]),
    ("build", "output", &["json"]),
    ("check", "paths", &["hier"]),
    ("check", "stdin_filename", &["hier"]),
    ("fmt", "paths", &["hier"]),
    ("fmt", "stdin_filename", &["hier"]),
    ("tree", "file", &["hier"]),
    ("graph", "file", &["hier"]),
    ("diff", "paths", &["hier", "json"]),
    ("import", "config", &["json"]),
    ("import", "output", &["hier"]),
    ("validate", "configs", &["json"]),
    ("soql", "files", &["hier"]),
    ("probe", "paths", &["hier"]),
    ("init", "output", &["hier"]),
    ("pull", "from", &["hier"]),
    ("describe", "output", &["json"]),
];

/// Writes the completion script for `shell` to standard output.
pub fn completions(shell: Shell) -> ExitCode {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "hierc", &mut out);
    let script = String::from_utf8_lossy(&out).into_owned();
    let script = match shell {
        Shell::Zsh => zsh_file_names(&script),
        Shell::Fish => fish_file_names(&script, &cmd),
        _ => script,
    };
    write_stdout(script.as_bytes())
}

/// zsh: `_files` narrowed to `_files -g "*.hier"` for the arguments of
/// [`FILES`], found in the block of their command.
fn zsh_file_names(script: &str) -> String {
    let cmd = Cli::command();
    let mut block = "";
    let mut out = String::with_capacity(script.len() + 512);
    for line in script.split_inclusive('\n') {
        let trimmed = line.trim();
        if let Some(name) = trimmed.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
            block = name;
        }
        let names = FILES.iter().find_map(|(command, id, names)| {
            (*command == block && zsh_line_is(trimmed, &cmd, command, id)).then_some(*names)
        });
        match names {
            Some(names) if line.contains(":_files'") => {
                let glob = match names {
                    [one] => format!("*.{one}"),
                    many => format!("*.({})", many.join("|")),
                };
                out.push_str(&line.replacen(":_files'", &format!(":_files -g \"{glob}\"'"), 1));
            }
            _ => out.push_str(line),
        }
    }
    out
}

/// Whether a line of zsh's `_arguments` specs is the argument `id` of
/// `command`: `'*::files -- ...'` for a positional, `'--output=[...'` or
/// `'-o+[...'` for an option.
fn zsh_line_is(line: &str, cmd: &clap::Command, command: &str, id: &str) -> bool {
    let Some(arg) = find_arg(cmd, command, id) else {
        return false;
    };
    if arg.is_positional() {
        return line.starts_with(&format!("'*::{id} -- "))
            || line.starts_with(&format!("':{id} -- "));
    }
    let long = arg.get_long().map(|l| format!("--{l}="));
    let short = arg.get_short().map(|s| format!("-{s}+["));
    [long, short]
        .into_iter()
        .flatten()
        .any(|p| line.trim_start_matches(['\'', '*']).starts_with(&p))
}

/// fish: the options of [`FILES`] complete `__fish_complete_suffix` names
/// instead of any file, and their positional arguments get a line of
/// their own (clap leaves fish to complete any file there).
fn fish_file_names(script: &str, cmd: &clap::Command) -> String {
    let suffixes = |names: &[&str]| {
        let calls: Vec<String> = names
            .iter()
            .map(|n| format!("__fish_complete_suffix .{n}"))
            .collect();
        format!("({})", calls.join("; "))
    };
    let mut out = String::with_capacity(script.len() + 1024);
    for line in script.split_inclusive('\n') {
        let narrowed = FILES.iter().find_map(|(command, id, names)| {
            let arg = find_arg(cmd, command, id)?;
            let long = format!(" -l {} ", arg.get_long()?);
            let condition = fish_condition(command);
            (line.contains(&condition)
                && line.contains(&long)
                && line.trim_end().ends_with(" -r -F"))
            .then(|| {
                let kept = line.trim_end().trim_end_matches(" -r -F");
                format!("{kept} -r -f -a \"{}\"\n", suffixes(names))
            })
        });
        out.push_str(narrowed.as_deref().unwrap_or(line));
    }
    for (command, id, names) in FILES {
        let Some(arg) = find_arg(cmd, command, id) else {
            continue;
        };
        if arg.is_positional() {
            out.push_str(&format!(
                "complete -c hierc -n \"{}\" -k -f -a \"{}\"\n",
                fish_condition(command),
                suffixes(names)
            ));
        }
    }
    // Possible values of positional arguments (`explain`'s codes,
    // `completions`' shells), which clap leaves out for fish.
    for sub in cmd.get_subcommands() {
        for arg in sub.get_arguments().filter(|a| a.is_positional()) {
            for value in arg.get_possible_values() {
                let help = value.get_help().map(|h| h.to_string()).unwrap_or_default();
                out.push_str(&format!(
                    "complete -c hierc -n \"{}\" -f -a {} -d '{}'\n",
                    fish_condition(sub.get_name()),
                    value.get_name(),
                    help.replace('\\', "\\\\").replace('\'', "\\'")
                ));
            }
        }
    }
    out
}

/// The condition clap's fish script gives the lines of a command.
fn fish_condition(command: &str) -> String {
    match parent_of(command) {
        Some(parent) => format!(
            "__fish_hierc_using_subcommand {parent}; and __fish_seen_subcommand_from {command}"
        ),
        None => format!("__fish_hierc_using_subcommand {command}"),
    }
}

/// The command above a nested one (`schema` for `pull`).
fn parent_of(command: &str) -> Option<&'static str> {
    matches!(command, "pull" | "describe" | "list" | "status").then_some("schema")
}

/// The argument `id` of `command` (a command of hierc, or of `schema`).
fn find_arg<'c>(cmd: &'c clap::Command, command: &str, id: &str) -> Option<&'c clap::Arg> {
    let sub = match parent_of(command) {
        Some(parent) => cmd.find_subcommand(parent)?.find_subcommand(command)?,
        None => cmd.find_subcommand(command)?,
    };
    sub.get_arguments().find(|a| a.get_id() == id)
}

/// The codes as `explain`'s possible values, for completion; any text is
/// accepted, so that an unknown code gets `explain`'s own message with its
/// did-you-mean.
#[derive(Clone, Debug)]
pub struct CodeParser;

impl TypedValueParser for CodeParser {
    type Value = String;

    fn parse_ref(
        &self,
        _cmd: &clap::Command,
        _arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<String, clap::Error> {
        Ok(value.to_string_lossy().into_owned())
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(
            Code::ALL
                .iter()
                .map(|c| PossibleValue::new(c.as_str()).help(c.summary())),
        ))
    }
}

/// Writes a man page in roff to standard output: `hierc(1)`, or with a
/// command, `hierc-COMMAND(1)` (as git names its pages), or with a command
/// of a command, `hierc-schema-pull(1)`.
pub fn man(path: &[String]) -> ExitCode {
    let mut cmd = Cli::command();
    // Built, so that subcommands carry the global options and their full
    // names (`hierc-build`, `hierc build`).
    cmd.build();
    let mut page = cmd;
    for name in path {
        let found = page.find_subcommand(name).cloned();
        match found {
            Some(sub) => page = sub,
            None => {
                let names: Vec<&str> = page.get_subcommands().map(|s| s.get_name()).collect();
                let of = page.get_name().replace('-', " ");
                let help = suggest::did_you_mean(name, names.iter().copied());
                return super::usage(
                    &format!("`{name}` is not a command of `{of}`"),
                    help.as_deref(),
                );
            }
        }
    }
    let source = format!("hierc {}", env!("CARGO_PKG_VERSION"));
    let mut out = Vec::new();
    let man = clap_mangen::Man::new(page).source(source);
    if man.render(&mut out).is_err() {
        return ExitCode::from(2);
    }
    let page = with_sections(&String::from_utf8_lossy(&out));
    write_stdout(page.as_bytes())
}

/// The page with EXIT STATUS and ENVIRONMENT before its VERSION section
/// (or at its end).
fn with_sections(page: &str) -> String {
    let mut roff = Roff::new();
    roff.control("SH", ["EXIT STATUS"]);
    for (code, meaning) in EXIT_STATUS {
        roff.control("TP", [])
            .text([bold(*code)])
            .text([roman(*meaning)]);
    }
    roff.control("SH", ["ENVIRONMENT"]);
    for (name, meaning) in ENVIRONMENT {
        roff.control("TP", [])
            .text([bold(*name)])
            .text([roman(*meaning)]);
    }
    let rendered = roff.render();
    // Without roff's preamble, which the page already has.
    let sections = &rendered[rendered.find(".SH").unwrap_or(0)..];
    match page.find("\n.SH VERSION") {
        Some(at) => format!("{}\n{sections}{}", &page[..at], &page[at + 1..]),
        None => format!("{page}{sections}"),
    }
}

/// The exit statuses, as README.md's table gives them.
pub const EXIT_STATUS: &[(&str, &str)] = &[
    ("0", "Clean: no error (warnings allowed, unless --deny-warnings); always with --exit-zero, unless 2 applies. Also when the reader of standard output or standard error goes away (hierc ... | head)."),
    ("1", "Findings: an error diagnostic, or a warning with --deny-warnings; a file that fmt --check, fmt --diff, check --diff or build --check finds out of date; a config that import cannot read."),
    ("2", "Usage or environment errors: bad arguments, a path that cannot be read (E092), the org (E093), an output that cannot be written (E094), a broken hierc.toml (E095); init cancelled, or refusing to replace a file without --force."),
];

/// Every environment variable hierc reads (a test greps the code for
/// them), and what for.
pub const ENVIRONMENT: &[(&str, &str)] = &[
    ("HIERC_SCHEMAS", "The schema cache folder, as --schemas DIR; the flag wins."),
    ("HIERC_SF_ORG", "A Salesforce CLI alias to sign in with, as --sf-org (needs sf on PATH)."),
    ("HIERC_SF_DOMAIN", "The org's My Domain URL, as --domain."),
    ("HIERC_SF_TOKEN", "A bearer access token, as --token; never printed, logged or cached."),
    ("HIERC_SF_CLIENT_ID", "The OAuth client credentials' consumer key, as --client-id."),
    ("HIERC_SF_CLIENT_SECRET", "Their consumer secret, as --client-secret; never printed, logged or cached."),
    ("NO_COLOR", "Set and not empty: no colour with --color auto (no-color.org); wins over the two below."),
    ("CLICOLOR_FORCE", "Not empty nor 0: colour with --color auto even when the output is not a terminal."),
    ("FORCE_COLOR", "Not empty: colour with --color auto even when the output is not a terminal (force-color.org)."),
    ("CLICOLOR", "0: no colour with --color auto."),
    ("TERM", "dumb: no colour with --color auto, unless forced above."),
    ("COLUMNS", "The width the human report wraps to; default 100."),
    ("PATH", "Where sf (--sf-org) and git (diff --since) are found."),
    ("HTTPS_PROXY, HTTP_PROXY, ALL_PROXY, NO_PROXY", "The proxy for the org's API, read by the HTTP client (also in lower case)."),
];

/// Standard output closed early (`hierc man | head`) is not an error.
fn write_stdout(bytes: &[u8]) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|_| stdout.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(_) => ExitCode::from(2),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_argument_named_for_completion_exists() {
        let cmd = Cli::command();
        for (command, id, _) in FILES {
            let arg = find_arg(&cmd, command, id)
                .unwrap_or_else(|| panic!("`hierc {command}` has no argument `{id}`"));
            assert!(
                matches!(
                    arg.get_value_hint(),
                    clap::ValueHint::FilePath | clap::ValueHint::AnyPath
                ),
                "{command} {id}: {:?}",
                arg.get_value_hint()
            );
        }
    }
}
