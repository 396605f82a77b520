//! When to colour: `--color always|never` decides; with `auto` (the
//! default), the environment, by the conventions (no-color.org,
//! bixense.com/clicolors, force-color.org), then whether the stream is a
//! terminal. The same rule colours diagnostics, `hierc diff` and clap's
//! `--help` and usage errors.

use std::ffi::OsString;

use clap::{ColorChoice, CommandFactory, FromArgMatches};

use super::{Cli, Color};

/// Whether to colour a stream: `--color`, else [`from_env`], else whether it
/// is a terminal.
pub fn enabled(flag: Color, is_terminal: bool) -> bool {
    match flag {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => from_env(|k| std::env::var_os(k)).unwrap_or(is_terminal),
    }
}

/// What the environment says, in this order: `NO_COLOR` (set and not
/// empty) turns colour off; `CLICOLOR_FORCE` (not empty nor `0`) or
/// `FORCE_COLOR` (not empty) turn it on, even off a terminal; `CLICOLOR=0`
/// or `TERM=dumb` turn it off. `None`: nothing says, a terminal is coloured.
pub fn from_env(var: impl Fn(&str) -> Option<OsString>) -> Option<bool> {
    let non_empty = |k: &str| var(k).filter(|v| !v.is_empty());
    if non_empty("NO_COLOR").is_some() {
        return Some(false);
    }
    if non_empty("CLICOLOR_FORCE").is_some_and(|v| v != "0") || non_empty("FORCE_COLOR").is_some() {
        return Some(true);
    }
    if var("CLICOLOR").is_some_and(|v| v == "0") || var("TERM").is_some_and(|v| v == "dumb") {
        return Some(false);
    }
    None
}

/// The command line, parsed with clap's own output (`--help`, `--version`,
/// usage errors) coloured by the same rule as the rest: `--color` is read
/// before clap draws anything.
pub fn parse() -> Cli {
    let args: Vec<OsString> = std::env::args_os().collect();
    let choice = match flag(&args) {
        Color::Always => ColorChoice::Always,
        Color::Never => ColorChoice::Never,
        Color::Auto => match from_env(|k| std::env::var_os(k)) {
            Some(true) => ColorChoice::Always,
            Some(false) => ColorChoice::Never,
            None => ColorChoice::Auto,
        },
    };
    let matches = Cli::command().color(choice).get_matches_from(args);
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
}

/// The last `--color WHEN` or `--color=WHEN` before `--`; `auto` when there
/// is none or it is not a colour choice (clap then says so).
fn flag(args: &[OsString]) -> Color {
    let mut found = Color::Auto;
    let mut iter = args.iter().skip(1);
    while let Some(arg) = iter.next() {
        let Some(arg) = arg.to_str() else { continue };
        let value = match arg {
            "--" => break,
            "--color" => iter.next().and_then(|v| v.to_str()),
            _ => arg.strip_prefix("--color="),
        };
        found = match value {
            Some("always") => Color::Always,
            Some("never") => Color::Never,
            Some("auto") => Color::Auto,
            _ => found,
        };
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Option<bool> {
        let pairs: Vec<(String, OsString)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), OsString::from(v)))
            .collect();
        from_env(|k| {
            pairs
                .iter()
                .find(|(name, _)| name == k)
                .map(|(_, v)| v.clone())
        })
    }

    #[test]
    fn the_environment_follows_the_conventions() {
        assert_eq!(env(&[]), None);
        assert_eq!(env(&[("NO_COLOR", "1")]), Some(false));
        assert_eq!(env(&[("NO_COLOR", "")]), None, "empty is unset");
        assert_eq!(env(&[("CLICOLOR_FORCE", "1")]), Some(true));
        assert_eq!(env(&[("CLICOLOR_FORCE", "0")]), None);
        assert_eq!(env(&[("FORCE_COLOR", "1")]), Some(true));
        assert_eq!(env(&[("FORCE_COLOR", "")]), None);
        assert_eq!(
            env(&[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")]),
            Some(false)
        );
        assert_eq!(env(&[("TERM", "dumb")]), Some(false));
        assert_eq!(env(&[("TERM", "dumb"), ("FORCE_COLOR", "1")]), Some(true));
        assert_eq!(env(&[("CLICOLOR", "0")]), Some(false));
        assert_eq!(env(&[("TERM", "xterm-256color")]), None);
    }

    #[test]
    fn the_flag_is_found_before_clap_parses() {
        let args = |a: &[&str]| a.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(flag(&args(&["hierc", "--help"])), Color::Auto);
        assert_eq!(
            flag(&args(&["hierc", "--color", "never", "--help"])),
            Color::Never
        );
        assert_eq!(
            flag(&args(&["hierc", "check", "--color=always"])),
            Color::Always
        );
        assert_eq!(
            flag(&args(&["hierc", "check", "--", "--color=always"])),
            Color::Auto
        );
        assert_eq!(flag(&args(&["hierc", "--color", "nope"])), Color::Auto);
    }
}
