//! `hierc schema pull|describe|list|status`, and the org side of
//! `check --live` and `validate --live`: the auth options, pulling into the
//! cache or a temporary folder, and the messages of a failed connection.
//! Network and auth failures are environment errors (exit 2); objects the
//! org does not have are findings (exit 1).

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Subcommand};
use secrecy::SecretString;

use super::{Catalogs, Printer};
use crate::diagnostics::suggest;
use crate::diagnostics::Diagnostics;
use crate::org::auth::{parse_domain, Auth};
use crate::org::cache;
use crate::org::http::RetryPolicy;
use crate::org::pull::{self, Progress, Report};
use crate::org::{needs, Described, Org, OrgError, Settings};
use crate::workspace::files;

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
        #[arg(long = "from", value_name = "FILE", num_args = 1..)]
        from: Vec<PathBuf>,
        #[command(flatten)]
        org: OrgArgs,
    },
    /// Print one object's describe, as the org sends it.
    Describe {
        object: String,
        /// Write it to FILE instead of standard output.
        #[arg(short, long, value_name = "FILE")]
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

/// A one-line failure with its help, on standard error.
pub(super) fn print_error(e: &OrgError) {
    eprintln!("error: {}", e.message);
    if let Some(h) = &e.help {
        eprintln!("  help: {h}");
    }
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

pub fn run(command: SchemaCommand, schemas: Option<PathBuf>, quiet: bool) -> ExitCode {
    let mut catalogs = Catalogs::new(schemas);
    // The project of the current folder, for `schemas` and `api-version`.
    let here = Path::new("hierc.anchor");
    let project = match catalogs.project(here) {
        Ok(p) => p,
        Err(errors) => {
            let printer = Printer::new(super::Color::Auto);
            let mut outcome = super::Outcome::new();
            printer.diagnostics(&errors, &mut outcome);
            return ExitCode::from(2);
        }
    };
    let (dir, _) = catalogs.schema_dir(here, project.as_deref());
    let version = project.as_ref().and_then(|p| p.api_version.clone());
    match command {
        SchemaCommand::Status => status(&dir, version.as_deref()),
        SchemaCommand::List { org } => list(&org, version),
        SchemaCommand::Describe {
            object,
            output,
            org,
        } => describe(&org, version, &object, output.as_deref()),
        SchemaCommand::Pull { objects, from, org } => {
            if objects.is_empty() && from.is_empty() {
                eprintln!("error: name the objects to pull, or `--from FILE.hier`");
                eprintln!("  help: hierc schema pull Case EmailMessage");
                return ExitCode::from(2);
            }
            // With `--from`, the first file's project says where and which version.
            let (dir, version) = match from.first() {
                Some(first) => {
                    let project = catalogs.project(first).ok().flatten();
                    let version = project.as_ref().and_then(|p| p.api_version.clone());
                    (catalogs.schema_dir(first, project.as_deref()).0, version)
                }
                None => (dir, version),
            };
            let org = match org.connect(version) {
                Ok(o) => o,
                Err(e) => {
                    print_error(&e);
                    return ExitCode::from(2);
                }
            };
            let asts = match parse_all(&from) {
                Ok(a) => a,
                Err(code) => return code,
            };
            let report = pull_closed(&org, &objects, &asts, &dir, !quiet);
            print_report(&report, &dir, &org, true);
            exit_of(&report)
        }
    }
}

/// Pulls `objects` and what `asts` need into `dir`, again while the
/// describes pulled name new objects.
fn pull_closed(
    org: &Org,
    objects: &[String],
    asts: &[crate::syntax::ast::File],
    dir: &Path,
    progress: bool,
) -> Report {
    let mut total = Report::default();
    let mut asked: BTreeMap<String, ()> = BTreeMap::new();
    let mut wanted: Vec<String> = objects.to_vec();
    for _ in 0..16 {
        let catalog = crate::schema::Catalog::new(dir);
        for (_, name) in needs::needed(asts, &catalog) {
            wanted.push(name);
        }
        let round: Vec<String> = wanted
            .drain(..)
            .filter(|n| asked.insert(n.to_ascii_lowercase(), ()).is_none())
            .collect();
        if round.is_empty() {
            break;
        }
        let bar = Bar::new(progress, round.len());
        let report = pull::pull(org, &round, dir, &bar);
        bar.finish();
        let stop = report.fatal.is_some();
        total.absorb(report);
        if stop || asts.is_empty() {
            break;
        }
    }
    total.fetched.sort();
    total.unchanged.sort();
    total
}

fn parse_all(paths: &[PathBuf]) -> Result<Vec<crate::syntax::ast::File>, ExitCode> {
    let base = files::working_dir();
    let mut out = Vec::new();
    for path in paths {
        let shown = files::shown(path, &base);
        let source = match files::read_source(path, &shown) {
            Ok(s) => s,
            Err(d) => {
                eprint!(
                    "{}",
                    crate::diagnostics::render::human_all(
                        &[d],
                        crate::diagnostics::render::Style::plain()
                    )
                );
                return Err(ExitCode::from(2));
            }
        };
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
fn print_report(report: &Report, dir: &Path, org: &Org, summary: bool) {
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
    if let Some(e) = &report.fatal {
        print_error(e);
    }
    if !report.not_found.is_empty() {
        let global = org.global().ok();
        for name in &report.not_found {
            eprintln!("error: the org has no object `{name}` (NOT_FOUND)");
            let hint = global
                .as_ref()
                .and_then(|g| suggest::did_you_mean(name, g.iter().map(|e| e.name.as_str())));
            match hint {
                Some(h) => eprintln!("  help: {h}"),
                None => eprintln!("  help: `hierc schema list` shows the objects the org has"),
            }
        }
    }
    let failed: Vec<_> = report
        .failed
        .iter()
        .filter(|(_, e)| report.fatal.as_ref().is_none_or(|f| f.message != e.message))
        .collect();
    let mut helps = std::collections::BTreeSet::new();
    for (name, e) in &failed {
        eprintln!("error: `{name}`: {}", e.message);
        helps.extend(e.help.as_deref());
    }
    for help in helps {
        eprintln!("  help: {help}");
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

    fn finish(&self) {
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
) -> ExitCode {
    let org = match args.connect(version) {
        Ok(o) => o,
        Err(e) => {
            print_error(&e);
            return ExitCode::from(2);
        }
    };
    match org.describe(object, None) {
        Ok(Described::Fresh { body, .. }) => {
            let written = match output {
                Some(path) if path != Path::new("-") => files::write_atomic(path, &body),
                _ => {
                    let mut out = std::io::stdout().lock();
                    out.write_all(&body).and_then(|_| out.flush())
                }
            };
            match written {
                Ok(()) => {
                    if let Some(path) = output.filter(|p| *p != Path::new("-")) {
                        eprintln!("wrote the describe of `{object}` to `{}`", path.display());
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: cannot write: {}", files::io_reason(&e));
                    ExitCode::from(2)
                }
            }
        }
        Ok(Described::Unchanged) => ExitCode::SUCCESS,
        Ok(Described::NotFound) => {
            let report = Report {
                not_found: vec![object.to_string()],
                ..Report::default()
            };
            print_report(&report, Path::new("."), &org, false);
            ExitCode::from(1)
        }
        Err(e) => {
            print_error(&e);
            ExitCode::from(2)
        }
    }
}

fn list(args: &OrgArgs, version: Option<String>) -> ExitCode {
    let result = args.connect(version).and_then(|org| org.global());
    let mut entries = match result {
        Ok(e) => e,
        Err(e) => {
            print_error(&e);
            return ExitCode::from(2);
        }
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

fn status(dir: &Path, project_version: Option<&str>) -> ExitCode {
    let shown = files::shown(dir, &files::working_dir());
    let entries = match cache::entries(dir) {
        Ok(e) => e,
        Err(e) => {
            eprintln!(
                "error: the schema cache `{shown}` cannot be read: {}",
                files::io_reason(&e)
            );
            eprintln!("  help: pull objects into it with `hierc schema pull OBJECT...`");
            return ExitCode::from(2);
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

/// Where a live check's describes are, and what the org said.
pub(super) struct LiveRun {
    /// The folder to check against; `None`: each file's own schema cache
    /// (`--update-cache` pulled into each).
    pub dir: Option<PathBuf>,
    /// The temporary folder, kept until the check ends.
    pub temp: Option<tempfile::TempDir>,
    pub facts: LiveFacts,
}

/// What a live check learned from the org, for its diagnostics: which
/// objects it does not have, and which it has.
pub(super) struct LiveFacts {
    /// Lower case.
    not_found: std::collections::BTreeSet<String>,
    /// The org's objects, for did-you-mean (listed only when something was
    /// not found).
    objects: Vec<String>,
    /// `the org https://acme.my.salesforce.com (API v62.0)`.
    pub origin: String,
}

impl LiveFacts {
    fn new(report: &Report, org: &Org) -> Self {
        let objects = if report.not_found.is_empty() {
            Vec::new()
        } else {
            org.global()
                .map(|g| g.into_iter().map(|e| e.name).collect())
                .unwrap_or_default()
        };
        LiveFacts {
            not_found: report
                .not_found
                .iter()
                .map(|n| n.to_ascii_lowercase())
                .collect(),
            objects,
            origin: format!("the org {} (API v{})", org.instance(), org.version),
        }
    }

    /// E090 ("not in the schema cache") for an object the org does not
    /// have says so, with a did-you-mean among the org's objects, rather
    /// than naming the folder the describes were pulled into.
    pub(super) fn apply(&self, diags: &mut [crate::diagnostics::Diagnostic]) {
        use crate::diagnostics::Code;
        for d in diags.iter_mut().filter(|d| d.code == Code::E090) {
            let Some(written) = d.resting_on().first().cloned() else {
                continue;
            };
            if !self.not_found.contains(&written.to_ascii_lowercase()) {
                continue;
            }
            let Some(label) = d.labels.first_mut() else {
                continue;
            };
            d.message = format!("the org has no object `{written}`");
            label.message = "not in the org".to_string();
            d.help = Some(
                suggest::did_you_mean(&written, self.objects.iter().map(String::as_str))
                    .unwrap_or_else(|| "`hierc schema list` lists the org's objects".to_string()),
            );
            d.notes = vec![format!("checked against {}", self.origin)];
        }
    }
}

/// For `check --live`: pulls what the files need into a temporary folder
/// (or, with `update_cache`, each file's schema cache) and returns where to
/// check against. `Err` is the exit code of a failed connection or pull.
pub(super) fn live_check(
    paths: &[PathBuf],
    args: &OrgArgs,
    update_cache: bool,
    catalogs: &mut Catalogs,
    progress: bool,
) -> Result<LiveRun, ExitCode> {
    live(paths, args, update_cache, catalogs, |org, files, dir| {
        let asts = parse_all(files).unwrap_or_default();
        pull_closed(org, &[], &asts, dir, progress)
    })
}

/// For `validate --live`: the same, for what the configs name.
pub(super) fn live_validate(
    configs: &[PathBuf],
    args: &OrgArgs,
    update_cache: bool,
    catalogs: &mut Catalogs,
    progress: bool,
) -> Result<LiveRun, ExitCode> {
    live(configs, args, update_cache, catalogs, |org, group, dir| {
        pull_for_configs(org, group, dir, progress)
    })
}

/// Connects, and pulls with `pull` what `paths` need: into a temporary
/// folder, or with `update_cache` into each path's own schema cache.
fn live(
    paths: &[PathBuf],
    args: &OrgArgs,
    update_cache: bool,
    catalogs: &mut Catalogs,
    pull: impl Fn(&Org, &[PathBuf], &Path) -> Report,
) -> Result<LiveRun, ExitCode> {
    let (dir, temp, version) = live_target(paths.first(), update_cache, catalogs)?;
    let org = args.connect(version).map_err(|e| {
        print_error(&e);
        ExitCode::from(2)
    })?;
    let groups = if update_cache {
        by_cache(paths, catalogs)
    } else {
        BTreeMap::from([(dir.clone(), paths.to_vec())])
    };
    let mut total = Report::default();
    for (dir, group) in &groups {
        let report = pull(&org, group, dir);
        let stop = report.fatal.is_some();
        total.absorb(report);
        if stop {
            break;
        }
    }
    let shown = groups.keys().next().cloned().unwrap_or_else(|| dir.clone());
    finish_live(&total, &shown, &org)?;
    Ok(LiveRun {
        facts: LiveFacts::new(&total, &org),
        dir: (!update_cache).then_some(dir),
        temp,
    })
}

/// Pulls into `dir` what `configs` name: validating against what was
/// pulled so far shows, through the catalog's record of missing objects,
/// what to pull next; until nothing new is missing.
fn pull_for_configs(org: &Org, configs: &[PathBuf], dir: &Path, progress: bool) -> Report {
    let mut asked = std::collections::BTreeSet::new();
    let mut total = Report::default();
    for _ in 0..16 {
        let catalog = crate::schema::Catalog::new(dir);
        let mut missing = Vec::new();
        for config in configs {
            let shown = files::shown(config, &files::working_dir());
            let Ok(source) = files::read_source(config, &shown) else {
                continue;
            };
            crate::validate::validate(source, Some(&catalog));
        }
        for name in catalog.missing() {
            if asked.insert(name.to_ascii_lowercase()) {
                missing.push(name);
            }
        }
        if missing.is_empty() {
            break;
        }
        let bar = Bar::new(progress, missing.len());
        let report = pull::pull(org, &missing, dir, &bar);
        bar.finish();
        let stop = report.fatal.is_some();
        total.absorb(report);
        if stop {
            break;
        }
    }
    total
}

/// Paths grouped by the schema cache each uses.
fn by_cache(paths: &[PathBuf], catalogs: &mut Catalogs) -> BTreeMap<PathBuf, Vec<PathBuf>> {
    let mut groups: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    for path in paths {
        let project = catalogs.project(path).ok().flatten();
        let (dir, _) = catalogs.schema_dir(path, project.as_deref());
        groups.entry(dir).or_default().push(path.clone());
    }
    groups
}

/// The folder a live check pulls into, and hierc.toml's API version.
#[allow(clippy::type_complexity)]
fn live_target(
    first: Option<&PathBuf>,
    update_cache: bool,
    catalogs: &mut Catalogs,
) -> Result<(PathBuf, Option<tempfile::TempDir>, Option<String>), ExitCode> {
    let anchor = first
        .cloned()
        .unwrap_or_else(|| PathBuf::from("hierc.anchor"));
    let anchor = if anchor.is_dir() {
        anchor.join("hierc.anchor")
    } else {
        anchor
    };
    let project = catalogs.project(&anchor).ok().flatten();
    let version = project.as_ref().and_then(|p| p.api_version.clone());
    if update_cache {
        let (dir, _) = catalogs.schema_dir(&anchor, project.as_deref());
        return Ok((dir, None, version));
    }
    let temp = tempfile::Builder::new()
        .prefix("hierc-live-")
        .tempdir()
        .map_err(|e| {
            eprintln!(
                "error: cannot make a temporary folder: {}",
                files::io_reason(&e)
            );
            ExitCode::from(2)
        })?;
    Ok((temp.path().to_path_buf(), Some(temp), version))
}

/// Failures of a live pull are environment errors; objects the org lacks
/// are left to the checker (E090 names them).
fn finish_live(report: &Report, dir: &Path, org: &Org) -> Result<(), ExitCode> {
    if report.fatal.is_some() || !report.failed.is_empty() {
        print_report(report, dir, org, false);
        return Err(ExitCode::from(2));
    }
    eprintln!(
        "fetched {} from the org (API v{})",
        crate::diagnostics::report::plural(
            report.fetched.len() + report.unchanged.len(),
            "describe"
        ),
        org.version
    );
    Ok(())
}

/// Past this age a pulled describe may be stale, unless hierc.toml's
/// `stale-after` says otherwise.
pub(super) const STALE: Duration = Duration::from_secs(30 * 86_400);

/// A note on a name not found in a describe (E010–E013) when a describe
/// it rests on was pulled longer than `after` ago: the org may have the
/// name now.
pub(super) fn stale_note(
    dir: &Path,
    after: Duration,
    diags: &mut [crate::diagnostics::Diagnostic],
) {
    let mut ages: BTreeMap<String, Option<Duration>> = BTreeMap::new();
    for d in diags.iter_mut() {
        let mut stale: Vec<(String, Duration)> = Vec::new();
        for object in d.resting_on() {
            let age = *ages.entry(object.to_ascii_lowercase()).or_insert_with(|| {
                let (_, sidecar) = cache::paths(dir, object);
                cache::read_meta(&sidecar).and_then(|m| m.age())
            });
            if let Some(age) = age.filter(|a| *a >= after) {
                stale.push((object.clone(), age));
            }
        }
        let Some(oldest) = stale.iter().map(|(_, a)| *a).max() else {
            continue;
        };
        let names: Vec<&str> = stale.iter().map(|(o, _)| o.as_str()).collect();
        let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
        d.notes.push(format!(
            "the cached describe of {} was pulled {}: it may be stale; refresh it with `hierc schema pull {}`",
            suggest::join_words(&quoted, "and"),
            cache::age_words(oldest),
            names.join(" ")
        ));
    }
}
