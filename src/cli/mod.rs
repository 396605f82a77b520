//! The command line: argument parsing (clap), running a command, printing
//! diagnostics. `run` returns the exit code: 0 clean (warnings allowed),
//! 1 findings, 2 usage or environment errors.

use std::cell::RefCell;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::diagnostics::render::{self, Style};
use crate::diagnostics::report;
use crate::diagnostics::{Code, Diagnostic};
use crate::draw::tree;
use crate::source::Span;
use crate::workspace::files;

mod build;
mod check;
mod color;
mod completions;
mod diff;
mod draw;
mod explain;
mod fmt;
mod import;
mod init;
mod lint;
pub mod pipe;
pub use color::parse;
mod probe;
mod schema;
mod soql;
mod stdin;
mod validate;

/// Compile and lint RecordPoint Salesforce connector configurations.
#[derive(Debug, Parser)]
#[command(name = "hierc", version, about, long_about = None)]
pub struct Cli {
    /// The schema cache folder (default: `schemas/` beside the nearest
    /// hierc.toml, else beside each file).
    #[arg(long, global = true, env = "HIERC_SCHEMAS", value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub schemas: Option<PathBuf>,

    /// When to colour output, `--help` too (`auto`: ENVIRONMENT in `hierc man`)
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto)]
    pub color: Color,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

/// How `check` and `build` report findings.
#[derive(Debug, Clone, Default, Args)]
pub struct ReportArgs {
    /// How to write diagnostics: `human` on standard error, or a machine
    /// format alone on standard output.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Exit with 1 when there are warnings, too.
    #[arg(long, conflicts_with = "exit_zero")]
    pub deny_warnings: bool,
    /// Exit with 0 whatever the findings (for report-only steps); usage and
    /// environment errors still exit with 2.
    #[arg(long)]
    pub exit_zero: bool,
    #[command(flatten)]
    pub lint: lint::LintArgs,
}

impl ReportArgs {
    /// Whether the report takes standard output: a machine format or
    /// `--statistics`, unless `--output-file` takes it.
    fn takes_stdout(&self) -> bool {
        (self.format != Format::Human || self.lint.statistics) && !self.lint.frees_stdout()
    }

    /// What takes standard output, for a usage error: `--format json`.
    fn stdout_taker(&self) -> String {
        if self.lint.statistics {
            "--statistics".to_string()
        } else {
            format!("--format {}", self.format.name())
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Drawn with source excerpts, on standard error.
    #[default]
    Human,
    /// A JSON array of diagnostics.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
    /// GitHub Actions annotations, then plain lines.
    Github,
}

impl Format {
    /// The name `--format` takes.
    fn name(self) -> String {
        self.to_possible_value()
            .map(|v| v.get_name().to_string())
            .unwrap_or_default()
    }

    /// The whole run's report in a machine format; `None` for `human`,
    /// which is printed file by file.
    fn document(self, diagnostics: &[Diagnostic], base: &Path) -> Option<String> {
        match self {
            Format::Human => None,
            Format::Json => Some(report::json(diagnostics, base)),
            Format::Sarif => Some(report::sarif(diagnostics, base)),
            Format::Github => Some(report::github(diagnostics, base)),
        }
    }
}

/// How findings turn into the exit code.
#[derive(Debug, Clone, Copy, Default)]
struct Policy {
    deny_warnings: bool,
    exit_zero: bool,
}

impl ReportArgs {
    fn policy(&self) -> Policy {
        Policy {
            deny_warnings: self.deny_warnings,
            exit_zero: self.exit_zero,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compile .hier files to connector_config.json.
    Build {
        /// The .hier files, or folders (searched as `check` searches them).
        #[arg(required = true, value_hint = clap::ValueHint::AnyPath)]
        files: Vec<PathBuf>,
        /// Where to write the config (one input only); `-` for standard
        /// output. Default: <name>.connector_config.json beside each input.
        #[arg(short, long, value_name = "OUT", value_hint = clap::ValueHint::FilePath)]
        output: Option<PathBuf>,
        /// Write nothing: compare with the config already written, show a
        /// diff and exit 1 when it is missing or differs.
        #[arg(long)]
        check: bool,
        /// In folders, only the .hier files git tracks (committed or
        /// staged); files named are always taken.
        #[arg(long)]
        tracked: bool,
        #[command(flatten)]
        report: ReportArgs,
    },
    /// Check .hier files (folders are searched recursively) without writing.
    Check {
        /// Files or folders; `-` for standard input.
        #[arg(default_value = ".", value_hint = clap::ValueHint::AnyPath)]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        stdin: stdin::StdinArgs,
        /// In folders, only the .hier files git tracks (committed or
        /// staged), not untracked scratch files; files named are always
        /// checked.
        #[arg(long)]
        tracked: bool,
        #[command(flatten)]
        report: ReportArgs,
        #[command(flatten)]
        fix: check::FixArgs,
        #[command(flatten)]
        live: LiveArgs,
    },
    /// Draw a file's entity hierarchy.
    Tree {
        /// The .hier file.
        #[arg(value_hint = clap::ValueHint::FilePath)]
        file: PathBuf,
        /// Also list each item's core field mappings and metadata fields.
        #[arg(long)]
        fields: bool,
    },
    /// Print a file's entity hierarchy as a Mermaid or Graphviz graph.
    Graph {
        /// The .hier file.
        #[arg(value_hint = clap::ValueHint::FilePath)]
        file: PathBuf,
        /// The graph language.
        #[arg(long, value_enum, default_value_t = draw::GraphFormat::Mermaid)]
        format: draw::GraphFormat,
    },
    /// Rewrite .hier files in the canonical layout (folders are searched
    /// recursively).
    Fmt {
        /// Write nothing: list the files that would change, exit 1 if any.
        #[arg(long)]
        check: bool,
        /// Write nothing: show what would change as a diff, exit 1 if any.
        #[arg(long)]
        diff: bool,
        /// Files or folders; `-` for standard input (the formatted text goes
        /// to standard output).
        #[arg(default_value = ".", value_hint = clap::ValueHint::AnyPath)]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        stdin: stdin::StdinArgs,
    },
    /// List what changed between two versions of a config, in the
    /// hierarchy's terms.
    ///
    /// OLD and NEW are connector_config.json or .hier files (compiled
    /// first), or one of each; with `--since REV`, each .hier file is
    /// compared with its text at that git revision.
    Diff(diff::DiffArgs),
    /// Decompile a connector_config.json into a .hier file.
    Import {
        /// The connector_config.json.
        #[arg(value_hint = clap::ValueHint::FilePath)]
        config: PathBuf,
        /// Where to write the .hier file; `-` or none for standard output.
        #[arg(short, long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
        output: Option<PathBuf>,
    },
    /// Explain a diagnostic code.
    Explain {
        /// A code such as E012.
        #[arg(value_parser = completions::CodeParser, hide_possible_values = true)]
        code: String,
    },
    /// Check a connector_config.json that hierc did not write.
    ///
    /// Checks its JSON, keys and values, and, when there is a schema cache,
    /// its objects, fields, relationships and types.
    Validate {
        /// The config files.
        #[arg(required = true, value_name = "CONFIG", value_hint = clap::ValueHint::FilePath)]
        configs: Vec<PathBuf>,
        #[command(flatten)]
        report: ReportArgs,
        #[command(flatten)]
        live: LiveArgs,
    },
    /// Fetch, list and inspect Salesforce describes (the schema cache).
    Schema {
        #[command(subcommand)]
        command: schema::SchemaCommand,
    },
    /// Write a new .hier file: the guide's walkthrough, or defaults.
    ///
    /// The walkthrough asks the connector guide's steps A–F; with
    /// `--aggregation`, defaults are written without a question. Objects and fields come from the schema cache, or with `--live` from
    /// the org, whose describes are pulled into the cache as they are needed.
    Init(init::InitArgs),
    /// Run the language server (LSP) for editors, on standard input and output.
    ///
    /// Diagnostics as you type, completion, hover, go to definition,
    /// formatting, symbols and folding; see docs/lsp.md.
    Lsp,
    /// Print the SOQL that fetches what each file's config names.
    ///
    /// One statement per item (the aggregation, each record, each record's
    /// Salesforce Files), after a `--` comment naming it. These read what
    /// the config names; they are not the connector's own queries.
    Soql {
        /// The .hier files.
        #[arg(required = true, value_hint = clap::ValueHint::FilePath)]
        files: Vec<PathBuf>,
        /// `text`, or `json`.
        #[arg(long, value_enum, default_value_t = soql::SoqlFormat::Text)]
        format: soql::SoqlFormat,
    },
    /// Will it work in the org? Run each item's query as the Run As user.
    ///
    /// Signs in (see the org options), pulls fresh describes without
    /// touching the cache (unless `--update-cache`), checks the files, runs
    /// every query of `hierc soql` with `LIMIT 1`, and checks disposal:
    /// deletable objects and Bulk API Hard Delete.
    Probe {
        /// Files or folders.
        #[arg(required = true, value_hint = clap::ValueHint::AnyPath)]
        paths: Vec<PathBuf>,
        /// Write the fetched describes into the schema cache.
        #[arg(long)]
        update_cache: bool,
        #[command(flatten)]
        report: ReportArgs,
        #[command(flatten)]
        org: schema::OrgArgs,
    },
    /// Print a shell completion script.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff).
    Man {
        /// A command whose page to print (`hierc-build(1)`, `hierc man
        /// schema pull` for hierc-schema-pull(1)); default: hierc(1).
        command: Vec<String>,
    },
}

/// `--live`: check against describes fetched from an org now.
#[derive(Debug, Clone, Default, Args)]
pub struct LiveArgs {
    /// Check against fresh describes from the org (see the org options),
    /// leaving the schema cache as it is.
    #[arg(long)]
    pub live: bool,
    /// With `--live`: write the fetched describes into the schema cache.
    #[arg(long, requires = "live")]
    pub update_cache: bool,
    #[command(flatten)]
    pub org: schema::OrgArgs,
}

/// What a run produced, before exit.
struct Outcome {
    errors: usize,
    warnings: usize,
    /// Files that `fmt --check` or `build --check` found out of date:
    /// findings without a diagnostic.
    out_of_date: usize,
    environment: bool,
    policy: Policy,
    /// The diagnostics a machine format writes at the end of the run.
    reported: Vec<Diagnostic>,
}

impl Outcome {
    fn new() -> Self {
        Outcome {
            errors: 0,
            warnings: 0,
            out_of_date: 0,
            environment: false,
            policy: Policy::default(),
            reported: Vec::new(),
        }
    }

    fn exit(&self) -> ExitCode {
        let findings = self.errors > 0
            || self.out_of_date > 0
            || (self.policy.deny_warnings && self.warnings > 0);
        if self.environment {
            ExitCode::from(2)
        } else if findings && !self.policy.exit_zero {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        }
    }
}

/// Where diagnostics go and how they look.
struct Printer {
    style: Style,
    format: Format,
    /// The current folder: file names are shown relative to it.
    base: PathBuf,
    /// Environment errors already shown: the workspace gives a broken
    /// `hierc.toml`'s E095s with every file of its project, and a run
    /// shows them once.
    shown: RefCell<Vec<Shown>>,
    /// `--quiet`, `--output-file`, `--statistics`.
    lint: lint::LintArgs,
    /// `--select` and `--ignore`, for the workspace.
    selection: crate::workspace::selection::Selection,
}

/// What makes two environment errors the same: code, file, message, place.
type Shown = (Code, Option<String>, String, Option<Span>);

impl Printer {
    /// Reads a source file under the name users see (relative to the
    /// current folder); an unreadable or non-UTF-8 file is reported here.
    fn read(&self, path: &Path, outcome: &mut Outcome) -> Option<Arc<crate::source::SourceFile>> {
        let shown = files::shown(path, &self.base);
        match files::read_source(path, &shown) {
            Ok(source) => Some(source),
            Err(d) => {
                self.diagnostics(&[d], outcome);
                None
            }
        }
    }

    fn new(color: Color) -> Self {
        let stderr = std::io::stderr();
        let color = color::enabled(color, stderr.is_terminal());
        let width = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(100);
        Printer {
            style: Style {
                color,
                unicode: true,
                width,
                fixable: false,
            },
            format: Format::Human,
            base: files::working_dir(),
            shown: RefCell::new(Vec::new()),
            lint: lint::LintArgs::default(),
            selection: Default::default(),
        }
    }

    /// A workspace for the run: `--schemas`, and `--select`/`--ignore`.
    fn workspace(&self, schemas: Option<PathBuf>) -> crate::workspace::Workspace {
        let mut workspace = crate::workspace::Workspace::new(schemas);
        workspace.set_selection(self.selection.clone());
        workspace
    }

    /// A line that is not a finding (a summary, `wrote ...`), on standard
    /// error; not with `--quiet`.
    fn info(&self, line: std::fmt::Arguments) {
        if !self.lint.quiet {
            eprintln!("{line}");
        }
    }

    /// Shows diagnostics (or keeps them for the machine format's document)
    /// and counts them; an environment error makes the run exit with 2.
    /// This is the one way errors reach the user in `check`, `build`,
    /// `validate`, `tree` and `graph`.
    fn diagnostics(&self, list: &[Diagnostic], outcome: &mut Outcome) {
        let mut err = std::io::stderr().lock();
        for d in list {
            if d.code.is_environment() {
                outcome.environment = true;
                let key = (
                    d.code,
                    d.source.as_ref().map(|s| s.name.clone()),
                    d.message.clone(),
                    d.span(),
                );
                let mut shown = self.shown.borrow_mut();
                if shown.contains(&key) {
                    continue;
                }
                shown.push(key);
            }
            if d.is_error() {
                outcome.errors += 1;
            } else {
                outcome.warnings += 1;
            }
            if self.format == Format::Human && !self.lint.statistics {
                let _ = write!(
                    err,
                    "{}",
                    render::human_all(std::slice::from_ref(d), self.style)
                );
            } else {
                outcome.reported.push(d.clone());
            }
        }
    }

    /// Shows environment errors (E092–E095) and gives exit code 2: how a
    /// command that cannot go on ends, whatever the command.
    fn fail(&self, errors: &[Diagnostic]) -> ExitCode {
        let mut outcome = Outcome::new();
        self.diagnostics(errors, &mut outcome);
        self.finish(&mut outcome);
        ExitCode::from(2)
    }

    /// Writes the machine format's document (or `--statistics`), if any,
    /// to standard output or `--output-file`.
    fn finish(&self, outcome: &mut Outcome) {
        let Some(document) = self
            .lint
            .document(self.format, &outcome.reported, &self.base)
        else {
            return;
        };
        if let Some(path) = &self.lint.output_file {
            if let Err(d) = self.lint.write(path, &document) {
                outcome.environment = true;
                eprint!("{}", render::human_all(&[d], self.style));
            }
            return;
        }
        let mut out = std::io::stdout().lock();
        if pipe::check(out.write_all(document.as_bytes()).and_then(|_| out.flush())).is_err() {
            outcome.environment = true;
        }
    }
}

pub fn run(cli: Cli) -> ExitCode {
    let report = cli.command.report_args();
    let selection = match report.lint.check(report.format) {
        Ok(selection) => selection,
        Err(message) => return usage(&message, None),
    };
    let mut printer = Printer {
        format: report.format,
        lint: report.lint.clone(),
        selection,
        ..Printer::new(cli.color)
    };
    // `check` marks what `check --fix` fixes (check::report_file drops the
    // fixes of a file it would not touch).
    printer.style.fixable = matches!(cli.command, Command::Check { .. });
    let mut outcome = Outcome {
        policy: report.policy(),
        ..Outcome::new()
    };
    match cli.command {
        Command::Explain { code } => return explain::run(&code),
        Command::Diff(args) => return diff::run(args, cli.schemas, cli.color, &printer),
        Command::Validate { configs, live, .. } => {
            validate::run(&configs, &live, cli.schemas, &printer, &mut outcome);
        }
        Command::Schema { command } => {
            return schema::run(command, cli.schemas, false, &printer);
        }
        Command::Init(args) => return init::run(args, cli.schemas, &printer),
        Command::Lsp => return crate::lsp::run(cli.schemas),
        Command::Completions { shell } => return completions::completions(shell),
        Command::Man { command } => return completions::man(&command),
        Command::Soql { files, format } => {
            soql::run(&files, format, cli.schemas, &printer, &mut outcome);
        }
        Command::Probe {
            paths,
            update_cache,
            org,
            ..
        } => {
            let live = LiveArgs {
                live: true,
                update_cache,
                org,
            };
            probe::run(&paths, &live, cli.schemas, &printer, &mut outcome);
        }
        Command::Fmt {
            check,
            diff,
            paths,
            stdin,
        } => {
            let mode = fmt::Mode { check, diff };
            return match stdin.target(&paths) {
                Ok(Some(path)) => fmt::run_stdin(&path, mode, &printer, &mut outcome),
                Ok(None) => fmt::run(&paths, mode, &printer, &mut outcome),
                Err(message) => usage(&message, None),
            };
        }
        Command::Import { config, output } => {
            return import::run(&config, output.as_deref(), cli.schemas, &printer)
        }
        Command::Check {
            paths,
            live,
            fix,
            stdin,
            tracked,
            ..
        } => {
            let stdin = match stdin.target(&paths) {
                Ok(target) => target,
                Err(message) => return usage(&message, None),
            };
            if stdin.is_some() && live.live {
                return usage(
                    "`--live` fetches the describes the files on the command line need, not standard input's",
                    Some("check the text against the schema cache, or save it and check the file"),
                );
            }
            if stdin.is_some() && fix.fix && report.takes_stdout() {
                let taker = report.stdout_taker();
                return usage(
                    &format!("`--fix -` and `{taker}` both write to standard output"),
                    Some("write the report to a file with `--output-file FILE`"),
                );
            }
            if fix.unsafe_fixes && !fix.fix && !fix.diff {
                return usage("`--unsafe-fixes` needs `--fix` or `--diff`", None);
            }
            if fix.diff && report.takes_stdout() {
                let taker = report.stdout_taker();
                return usage(
                    &format!("`--diff` and `{taker}` both write to standard output"),
                    Some("use `--fix` to apply the fixes and report what remains, or write the report to a file with `--output-file FILE`"),
                );
            }
            match stdin {
                Some(path) => check::run_stdin(&path, fix, cli.schemas, &printer, &mut outcome),
                None => check::run(
                    &paths,
                    tracked,
                    &live,
                    fix,
                    cli.schemas,
                    &printer,
                    &mut outcome,
                ),
            }
        }
        Command::Build {
            files: inputs,
            output,
            check,
            tracked,
            ..
        } => {
            if report.takes_stdout() && output.as_deref() == Some(Path::new("-")) {
                let taker = report.stdout_taker();
                return usage(
                    &format!("`-o -` and `{taker}` both write to standard output"),
                    Some("write the config to a file, or the report with `--output-file FILE`"),
                );
            }
            if let Some(code) = build::run(
                &inputs,
                output.as_deref(),
                build::Mode { check, tracked },
                cli.schemas,
                &printer,
                &mut outcome,
            ) {
                return code;
            }
        }
        Command::Tree { file, fields } => {
            draw::run(&file, cli.schemas, &printer, &mut outcome, |config| {
                tree::render_with(config, fields)
            });
        }
        Command::Graph { file, format } => {
            draw::run(&file, cli.schemas, &printer, &mut outcome, |config| {
                format.render(config)
            });
        }
    }
    printer.finish(&mut outcome);
    outcome.exit()
}

/// A usage error (options that clash, a wrong number of operands, a name
/// that is not a command or a code): its message and help on standard
/// error, exit 2, as the argument parser's own. Not a diagnostic: it is
/// about the command line, not a file, so machine formats do not carry it.
pub(crate) fn usage(message: &str, help: Option<&str>) -> ExitCode {
    eprintln!("error: {message}");
    if let Some(help) = help {
        eprintln!("  help: {help}");
    }
    ExitCode::from(2)
}

impl Command {
    /// How the command reports findings; the defaults for commands without
    /// report options.
    fn report_args(&self) -> ReportArgs {
        match self {
            Command::Check { report, .. }
            | Command::Build { report, .. }
            | Command::Validate { report, .. }
            | Command::Probe { report, .. } => report.clone(),
            _ => ReportArgs::default(),
        }
    }
}
