//! `hierc schema pull|describe|list|status`, and the org side of
//! `check --live` and `validate --live`: the auth options, pulling into the
//! cache or a temporary folder, and the messages of a failed connection.
//! Network and auth failures are environment errors (exit 2); objects the
//! org does not have are findings (exit 1).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Subcommand};
use secrecy::SecretString;

use super::Printer;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::org::auth::{parse_domain, Auth};
use crate::org::cache;
use crate::org::http::RetryPolicy;
use crate::org::pull::{Progress, Report};
use crate::org::{Described, Org, OrgError, Settings};
use crate::workspace::files;
use crate::workspace::live::{pull_needed, Inputs};
use crate::workspace::Workspace;

/// How to reach the org. Prefer the environment variables for the token
/// and the secret: flags show up in shell history and process lists.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Org connection")]
pub struct OrgArgs {
    /// A Salesforce CLI alias or username (`sf org login web --alias ALIAS`).
    #[arg(long, value_name = "ALIAS", env = "HIERC_SF_ORG")]
    pub sf_org: Option<String>,
    /// The org's My Domain URL (`https://acme.my.salesforce.com`).
    #[arg(long, value_name = "URL", env = "HIERC_SF_DOMAIN")]
    pub domain: Option<String>,
    /// A bearer access token (prefer HIERC_SF_TOKEN).
    #[arg(long, value_name = "TOKEN", env = "HIERC_SF_TOKEN", hide_env_values = true, value_parser = secret)]
    pub token: Option<SecretString>,
    /// The External Client App's consumer key, for client credentials.
    #[arg(long, value_name = "ID", env = "HIERC_SF_CLIENT_ID")]
    pub client_id: Option<String>,
    /// The consumer secret (prefer HIERC_SF_CLIENT_SECRET).
    #[arg(long, value_name = "SECRET", env = "HIERC_SF_CLIENT_SECRET", hide_env_values = true, value_parser = secret)]
    pub client_secret: Option<SecretString>,
    /// The API version (`62.0`); default: hierc.toml's `api-version`, else
    /// the newest the org offers.
    #[arg(long, value_name = "N.N")]
    pub api_version: Option<String>,
    /// Seconds to wait for one response.
    #[arg(long, value_name = "SECS", default_value_t = 60)]
    pub timeout: u64,
}

fn secret(text: &str) -> Result<SecretString, String> {
    Ok(SecretString::from(text.to_string()))
}

#[derive(Debug, Subcommand)]
pub enum SchemaCommand {
    /// Fetch describes from an org into the schema cache.
    ///
    /// Objects not cached yet come 25 at a time; cached ones are revalidated
    /// (`If-Modified-Since`) and rewritten only when they changed.
    Pull {
        /// Objects (`Case`, `Invoice__c`).
        #[arg(value_name = "OBJECT")]
        objects: Vec<String>,
        /// Pull every object these .hier files need (the aggregation, the
        /// records, and the targets of refs and path hops).
        #[arg(long = "from", value_name = "FILE", num_args = 1.., value_hint = clap::ValueHint::FilePath)]
        from: Vec<PathBuf>,
        #[command(flatten)]
        org: OrgArgs,
    },
    /// Print one object's describe, as the org sends it.
    Describe {
        object: String,
        /// Write it to FILE instead of standard output.
        #[arg(short, long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
        output: Option<PathBuf>,
        #[command(flatten)]
        org: OrgArgs,
    },
    /// List the org's queryable objects, common ones first.
    List {
        #[command(flatten)]
        org: OrgArgs,
    },
    /// Show what the schema cache holds: API version, when fetched (offline).
    Status,
}

impl OrgArgs {
    /// The settings to connect with; `project_version` is hierc.toml's.
    fn settings(&self, project_version: Option<String>) -> Result<Settings, OrgError> {
        let auth = if let Some(alias) = &self.sf_org {
            Auth::Alias(alias.clone())
        } else {
            let Some(domain) = &self.domain else {
                return Err(OrgError::new("no org to connect to").help(
                    "give `--sf-org ALIAS`, or `--domain URL` with `--token` or `--client-id` and `--client-secret` (or HIERC_SF_DOMAIN, HIERC_SF_TOKEN, HIERC_SF_CLIENT_ID, HIERC_SF_CLIENT_SECRET)",
                ));
            };
            let (domain, warning) = parse_domain(domain)?;
            if let Some(w) = warning {
                eprintln!("warning: {w}");
            }
            match (&self.client_id, &self.client_secret, &self.token) {
                (Some(id), Some(secret), _) => Auth::ClientCredentials {
                    domain,
                    client_id: id.clone(),
                    secret: secret.clone(),
                },
                (Some(_), None, _) => {
                    return Err(OrgError::new("`--client-id` needs `--client-secret`")
                        .help("set HIERC_SF_CLIENT_SECRET, or give `--client-secret`"))
                }
                (None, Some(_), _) => {
                    return Err(OrgError::new("`--client-secret` needs `--client-id`"))
                }
                (None, None, Some(token)) => Auth::Token {
                    domain,
                    token: token.clone(),
                },
                (None, None, None) => return Err(OrgError::new(
                    "`--domain` needs a way to log in",
                )
                .help(
                    "give `--token` (or HIERC_SF_TOKEN), or `--client-id` and `--client-secret`",
                )),
            }
        };
        if let Some(v) = &self.api_version {
            if !crate::config::is_api_version(v.trim_start_matches(['v', 'V'])) {
                return Err(OrgError::new(format!(
                    "`{v}` is not an API version (such as `62.0`)"
                )));
            }
        }
        Ok(Settings {
            auth,
            api_version: self.api_version.clone().or(project_version),
            timeout: Duration::from_secs(self.timeout.max(1)),
            retry: RetryPolicy::default(),
        })
    }

    pub(super) fn connect(&self, project_version: Option<String>) -> Result<Org, OrgError> {
        Org::connect(self.settings(project_version)?)
    }
}

pub fn run(
    command: SchemaCommand,
    schemas: Option<PathBuf>,
    quiet: bool,
    printer: &Printer,
) -> ExitCode {
    let mut workspace = Workspace::new(schemas);
    // The project of the current folder, for `schemas` and `api-version`.
    let here = Path::new("");
    let project = match workspace.project_for_dir(here) {
        Ok(p) => p,
        Err(errors) => return printer.fail(&errors),
    };
    let dir = workspace.schema_dir_for_dir(here, project.as_deref()).path;
    let version = project.as_ref().and_then(|p| p.api_version.clone());
    match command {
        SchemaCommand::Status => status(&dir, version.as_deref(), printer),
        SchemaCommand::List { org } => list(&org, version, printer),
        SchemaCommand::Describe {
            object,
            output,
            org,
        } => describe(&org, version, &object, output.as_deref(), printer),
        SchemaCommand::Pull { objects, from, org } => {
            if objects.is_empty() && from.is_empty() {
                return super::usage(
                    "name the objects to pull, or `--from FILE.hier`",
                    Some("hierc schema pull Case EmailMessage"),
                );
            }
            // With `--from`, the first file's project says where and which version.
            let (dir, version) = match from.first() {
                Some(first) => {
                    let project = workspace.project(first).ok().flatten();
                    let version = project.as_ref().and_then(|p| p.api_version.clone());
                    (
                        workspace.schema_dir(first, project.as_deref()).path,
                        version,
                    )
                }
                None => (dir, version),
            };
            let org = match org.connect(version) {
                Ok(o) => o,
                Err(e) => return printer.fail(&[e.diagnostic()]),
            };
            let asts = match parse_all(&from) {
                Ok(a) => a,
                Err(d) => return printer.fail(&[d]),
            };
            let bars = |len: usize| -> Box<dyn Progress> { Box::new(Bar::new(!quiet, len)) };
            let report = pull_needed(&org, &objects, &asts, &dir, &bars);
            print_report(&report, &dir, &org, true, printer);
            exit_of(&report)
        }
    }
}

/// The syntax trees of the files `--from` names; the E092 (or E002) of
/// one that cannot be read.
fn parse_all(paths: &[PathBuf]) -> Result<Vec<crate::syntax::ast::File>, Diagnostic> {
    let base = files::working_dir();
    let mut out = Vec::new();
    for path in paths {
        let source = files::read_source(path, &files::shown(path, &base))?;
        let mut diags = Diagnostics::new();
        out.push(crate::syntax::parse(&source, &mut diags));
    }
    Ok(out)
}

fn exit_of(report: &Report) -> ExitCode {
    if report.fatal.is_some() || !report.failed.is_empty() {
        ExitCode::from(2)
    } else if !report.not_found.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// What a pull did, on standard error.
fn print_report(report: &Report, dir: &Path, org: &Org, summary: bool, printer: &Printer) {
    let shown = files::shown(dir, &files::working_dir());
    if summary {
        if !report.fetched.is_empty() {
            eprintln!(
                "pulled {} into `{shown}` (API v{}): {}",
                crate::diagnostics::report::plural(report.fetched.len(), "object"),
                org.version,
                report.fetched.join(", ")
            );
        }
        if !report.unchanged.is_empty() {
            eprintln!(
                "unchanged since the last pull: {}",
                report.unchanged.join(", ")
            );
        }
    }
    printer.diagnostics(&report.diagnostics(), &mut super::Outcome::new());
    if !report.not_found.is_empty() {
        let global = org.global().unwrap_or_default();
        let names: Vec<&str> = global.iter().map(|e| e.name.as_str()).collect();
        for name in &report.not_found {
            let d = Diagnostic::not_in_org(name, None, names.iter().copied(), &org.describe_as());
            printer.diagnostics(&[d], &mut super::Outcome::new());
        }
    }
    if !report.failed.is_empty() {
        let names: Vec<&str> = report.failed.iter().map(|(n, _)| n.as_str()).collect();
        eprintln!(
            "failed: {} (the cache keeps what it had for them)",
            names.join(", ")
        );
    }
}

/// A progress bar on a terminal; nothing otherwise.
struct Bar(Option<indicatif::ProgressBar>);

impl Bar {
    fn new(wanted: bool, len: usize) -> Bar {
        if !wanted || !std::io::stderr().is_terminal() || len < 2 {
            return Bar(None);
        }
        let bar = indicatif::ProgressBar::with_draw_target(
            Some(len as u64),
            indicatif::ProgressDrawTarget::stderr(),
        );
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} describes {elapsed}")
        {
            bar.set_style(style);
        }
        Bar(Some(bar))
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        if let Some(b) = &self.0 {
            b.finish_and_clear();
        }
    }
}

impl Progress for Bar {
    fn advance(&self, done: u64) {
        if let Some(b) = &self.0 {
            b.inc(done);
        }
    }
}

fn describe(
    args: &OrgArgs,
    version: Option<String>,
    object: &str,
    output: Option<&Path>,
    printer: &Printer,
) -> ExitCode {
    let org = match args.connect(version) {
        Ok(o) => o,
        Err(e) => return printer.fail(&[e.diagnostic()]),
    };
    match org.describe(object, None) {
        Ok(Described::Fresh { body, .. }) => {
            let written = match output {
                Some(path) if path != Path::new("-") => files::write_atomic(path, &body),
                _ => {
                    let mut out = std::io::stdout().lock();
                    super::pipe::check(out.write_all(&body).and_then(|_| out.flush()))
                }
            };
            match written {
                Ok(()) => {
                    if let Some(path) = output.filter(|p| *p != Path::new("-")) {
                        eprintln!("wrote the describe of `{object}` to `{}`", path.display());
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => printer.fail(&[Diagnostic::cannot_write(
                    "write the describe",
                    &files::io_reason(&e),
                )]),
            }
        }
        Ok(Described::Unchanged) => ExitCode::SUCCESS,
        Ok(Described::NotFound) => {
            let report = Report {
                not_found: vec![object.to_string()],
                ..Report::default()
            };
            print_report(&report, Path::new("."), &org, false, printer);
            ExitCode::from(1)
        }
        Err(e) => printer.fail(&[e.diagnostic()]),
    }
}

fn list(args: &OrgArgs, version: Option<String>, printer: &Printer) -> ExitCode {
    let result = args.connect(version).and_then(|org| org.global());
    let mut entries = match result {
        Ok(e) => e,
        Err(e) => return printer.fail(&[e.diagnostic()]),
    };
    entries.retain(|e| e.queryable);
    crate::scaffold::offer_order(&mut entries, |e| (e.name.as_str(), e.custom));
    let width = entries.iter().map(|e| e.name.len()).max().unwrap_or(0);
    let mut out = std::io::stdout().lock();
    for e in &entries {
        let kind = if e.custom { "custom" } else { "standard" };
        let label = e.label.as_deref().unwrap_or("");
        let _ = writeln!(out, "{:width$}  {kind:8}  {label}", e.name);
    }
    let _ = out.flush();
    eprintln!(
        "{} queryable ({} custom)",
        crate::diagnostics::report::plural(entries.len(), "object"),
        entries.iter().filter(|e| e.custom).count()
    );
    ExitCode::SUCCESS
}

fn status(dir: &Path, project_version: Option<&str>, printer: &Printer) -> ExitCode {
    let shown = files::shown(dir, &files::working_dir());
    let entries = match cache::entries(dir) {
        Ok(e) => e,
        Err(e) => {
            return printer.fail(&[Diagnostic::new(
                Code::E092,
                format!(
                    "the schema cache `{shown}` cannot be read: {}",
                    files::io_reason(&e)
                ),
            )
            .help("pull objects into it with `hierc schema pull OBJECT...`")])
        }
    };
    let width = entries.iter().map(|e| e.name.len()).max().unwrap_or(0);
    let mut out = std::io::stdout().lock();
    let mut versions = std::collections::BTreeSet::new();
    for e in &entries {
        let line = match &e.meta {
            Some(m) => {
                versions.insert(m.api_version.clone());
                let age = m.age().map(cache::age_words).unwrap_or_default();
                format!("v{}  {}  {age}", m.api_version, m.fetched_at)
            }
            None => "(no sidecar: not pulled by hierc)".to_string(),
        };
        let _ = writeln!(out, "{:width$}  {line}", e.name);
    }
    let _ = out.flush();
    eprintln!(
        "`{shown}` holds {}",
        crate::diagnostics::report::plural(entries.len(), "schema")
    );
    if let Some(want) = project_version {
        let other: Vec<&String> = versions.iter().filter(|v| v.as_str() != want).collect();
        if !other.is_empty() {
            eprintln!(
                "warning: hierc.toml says api-version {want}, but some schemas came from v{}",
                other
                    .iter()
                    .map(|v| v.as_str())
                    .collect::<Vec<_>>()
                    .join(", v")
            );
        }
    }
    ExitCode::SUCCESS
}

/// `--live` for `check` and `validate`: connects (with the API version of
/// the first path's project) and fetches what `paths` need into the
/// workspace. `false` when the run must stop: the org's E093s (or an E094)
/// are shown then, in every format.
pub(super) fn go_live(
    workspace: &mut Workspace,
    paths: &[PathBuf],
    inputs: Inputs,
    live: &super::LiveArgs,
    printer: &Printer,
    outcome: &mut super::Outcome,
) -> bool {
    connect_live(workspace, paths, inputs, live, printer, outcome).is_some()
}

/// [`go_live`], keeping the signed-in org for what comes after the pull
/// (`hierc probe`); `None` when the run must stop.
pub(super) fn connect_live(
    workspace: &mut Workspace,
    paths: &[PathBuf],
    inputs: Inputs,
    live: &super::LiveArgs,
    printer: &Printer,
    outcome: &mut super::Outcome,
) -> Option<Org> {
    let project = match paths.first() {
        Some(first) if first.is_dir() => workspace.project_for_dir(first),
        Some(first) => workspace.project(first),
        None => workspace.project_for_dir(Path::new("")),
    };
    let version = project.ok().flatten().and_then(|p| p.api_version.clone());
    let org = match live.org.connect(version) {
        Ok(org) => org,
        Err(e) => {
            printer.diagnostics(&[e.diagnostic()], outcome);
            return None;
        }
    };
    let progress = printer.format == super::Format::Human;
    let bars = |len: usize| -> Box<dyn Progress> { Box::new(Bar::new(progress, len)) };
    match workspace.go_live(&org, paths, inputs, live.update_cache, &bars) {
        Ok(report) => {
            eprintln!(
                "fetched {} from the org (API v{})",
                crate::diagnostics::report::plural(
                    report.fetched.len() + report.unchanged.len(),
                    "describe"
                ),
                org.version
            );
            Some(org)
        }
        Err(errors) => {
            printer.diagnostics(&errors, outcome);
            None
        }
    }
}
