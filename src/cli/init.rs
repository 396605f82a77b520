//! `hierc init`: the walkthrough on a terminal (menus with filter-as-you-
//! type, by `inquire`), on plain lines otherwise; or, with `--aggregation`,
//! defaults without a question. The file is checked by compiling it, and
//! written atomically, only at the end.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use inquire::error::InquireError;
use inquire::{Confirm, MultiSelect, Select, Text};

use super::schema::OrgArgs;
use super::{Outcome, Printer};
use crate::diagnostics::{Code, Diagnostic};
use crate::draw::tree;
use crate::scaffold::prompt::{Choice, Lines, Prompter, Question, Stop};
use crate::scaffold::schemas::{Cache, Failure, Live, Schemas};
use crate::scaffold::{self, CommandLine, Ended, Finished, NotPlanned};
use crate::workspace::files;
use crate::workspace::Workspace;

/// What `hierc init` takes.
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The aggregation object: skip the walkthrough and write defaults.
    #[arg(long, value_name = "OBJECT")]
    pub aggregation: Option<String>,
    /// With `--aggregation`: the records, comma-separated; `Child.Field`
    /// picks the child's lookup when it has several.
    #[arg(
        long,
        value_name = "OBJECTS",
        value_delimiter = ',',
        requires = "aggregation"
    )]
    pub records: Vec<String>,
    /// Where to write; `-` for standard output. Default:
    /// `<aggregation>.hier` (lower case) in the current folder.
    #[arg(short, long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub output: Option<PathBuf>,
    /// With `--aggregation`: replace the file if it exists (the
    /// walkthrough asks instead).
    #[arg(long)]
    pub force: bool,
    /// Offer the org's objects (see the org options) and pull the
    /// describes used into the schema cache.
    #[arg(long)]
    pub live: bool,
    #[command(flatten)]
    pub org: OrgArgs,
}

pub fn run(request: InitArgs, schemas: Option<PathBuf>, printer: &Printer) -> ExitCode {
    let mut outcome = Outcome::new();
    let stdout = request.output.as_deref() == Some(Path::new("-"));
    // The project and the schema cache are those of the file to write.
    let mut workspace = Workspace::new(schemas);
    let output = request.output.as_deref().filter(|_| !stdout);
    let project = match output {
        Some(path) => workspace.project(path),
        None => workspace.project_for_dir(Path::new("")),
    };
    let project = match project {
        Ok(p) => p,
        Err(errors) => {
            printer.diagnostics(&errors, &mut outcome);
            return ExitCode::from(2);
        }
    };
    let dir = match output {
        Some(path) => workspace.schema_dir(path, project.as_deref()),
        None => workspace.schema_dir_for_dir(Path::new(""), project.as_deref()),
    }
    .path;
    let version = project.as_ref().and_then(|p| p.api_version.clone());
    let shown_dir = files::shown(&dir, &printer.base);
    let mut source: Box<dyn Schemas> = if request.live {
        match request.org.connect(version.clone()) {
            Ok(org) => Box::new(Live::new(org, dir.clone())),
            Err(e) => return printer.fail(&[e.diagnostic()]),
        }
    } else {
        if !dir.is_dir() {
            return printer.fail(&[Diagnostic::new(
                Code::E092,
                format!("there is no schema cache at `{shown_dir}`"),
            )
            .help("fetch describes with `hierc schema pull Case EmailMessage ...`, give `--schemas DIR`, or run `hierc init --live` against an org")]);
        }
        Box::new(Cache::new(workspace.take_catalog(&dir)))
    };

    let interactive = request.aggregation.is_none();
    let (plan, header) = match &request.aggregation {
        Some(aggregation) => {
            let line = CommandLine::new(aggregation, &request.records);
            match scaffold::defaults(&line, source.as_mut()) {
                Ok(plan) => {
                    let header = format!(
                        "Written by `hierc init {}`.\nCore mappings not written here take their defaults: `hierc tree --fields` shows them.",
                        line.source.text
                    );
                    (plan, header)
                }
                Err(NotPlanned::Findings(list)) => {
                    printer.diagnostics(&list, &mut outcome);
                    return ExitCode::from(1);
                }
                Err(NotPlanned::Failure(f)) => return failed(f, request.live, printer),
            }
        }
        None => {
            let mut prompter = prompter();
            match scaffold::walkthrough(prompter.as_mut(), source.as_mut()) {
                Ok(plan) => (
                    plan,
                    "Written by `hierc init`.\nCore mappings not written here take their defaults: `hierc tree --fields` shows them.".to_string(),
                ),
                Err(Ended::Stop(stop)) => return stopped(&stop),
                Err(Ended::Failure(f)) => return failed(f, request.live, printer),
            }
        }
    };

    // A project's `api-version` applies to the file: no `api` statement.
    let mut plan = plan;
    if version.is_some() {
        plan.api = None;
    }
    let path = match &request.output {
        Some(p) => p.clone(),
        None => PathBuf::from(format!(
            "{}.hier",
            plan.aggregation.object.to_ascii_lowercase()
        )),
    };
    let shown = if stdout {
        "<stdout>".to_string()
    } else {
        files::shown(&path, &printer.base)
    };
    let text = plan.text(&header);
    let Some(config) = compiled(&mut workspace, &text, &shown, printer) else {
        return ExitCode::from(1);
    };
    let exists = !stdout && path.exists();
    if interactive {
        let mut prompter = prompter();
        match scaffold::review(
            prompter.as_mut(),
            &tree::render(&config),
            &text,
            &shown,
            exists,
        ) {
            Ok(Finished::Write) => {}
            Ok(Finished::Declined) => {
                eprintln!("nothing written");
                return ExitCode::SUCCESS;
            }
            Err(stop) => return stopped(&stop),
        }
    } else if exists && !request.force {
        return printer.fail(&[
            Diagnostic::cannot_write(&format!("write `{shown}`"), "it exists")
                .help("give `--force` to replace it, or `-o FILE` to write elsewhere"),
        ]);
    }
    let written = if stdout {
        let mut out = std::io::stdout().lock();
        super::pipe::check(out.write_all(text.as_bytes()).and_then(|_| out.flush()))
    } else {
        files::write_atomic(&path, text.as_bytes())
    };
    if let Err(e) = written {
        return printer.fail(&[Diagnostic::cannot_write(
            &format!("write `{shown}`"),
            &files::io_reason(&e),
        )]);
    }
    let pulled = source.pulled();
    if !pulled.is_empty() {
        eprintln!(
            "pulled {} into `{shown_dir}`: {}",
            crate::diagnostics::report::plural(pulled.len(), "describe"),
            pulled.join(", ")
        );
    }
    if !stdout {
        eprintln!("wrote `{shown}`");
        eprintln!("  next: `hierc tree --fields {shown}` shows what it compiles to; `hierc build {shown}` writes the config");
    }
    ExitCode::SUCCESS
}

/// The plan's text compiled as `check` would compile it at `shown` (the
/// path it is written to, whose project and schema cache it was made
/// from); its diagnostics printed when it does not compile (a fault of
/// `init`).
fn compiled(
    workspace: &mut Workspace,
    text: &str,
    shown: &str,
    printer: &Printer,
) -> Option<crate::config::Config> {
    // Describes pulled while planning are read again.
    workspace.invalidate();
    let compilation = workspace.compile_text(Path::new(shown), text);
    if compilation.config.is_none() {
        let mut outcome = Outcome::new();
        printer.diagnostics(&compilation.diagnostics, &mut outcome);
        eprintln!("error: the file `hierc init` made does not compile, so it was not written");
        eprintln!("  note: this is a fault of hierc: please report it, with the diagnostics above");
    }
    compilation.config
}

fn stopped(stop: &Stop) -> ExitCode {
    match stop {
        Stop::Interrupted | Stop::Cancelled => eprintln!("cancelled: nothing written"),
        Stop::EndOfInput => eprintln!("the input ended before the last answer: nothing written"),
        Stop::Failed(why) => eprintln!("error: {why}: nothing written"),
    }
    ExitCode::from(2)
}

fn failed(failure: Failure, live: bool, printer: &Printer) -> ExitCode {
    let error = match failure {
        Failure::Org(e) => e.diagnostic(),
        Failure::NoObjects(origin) => Diagnostic::new(
            // An org with nothing to offer is an org error; a cache, one
            // of reading it.
            if live { Code::E093 } else { Code::E092 },
            format!("{origin} holds no object that can be queried"),
        )
        .help("fetch describes with `hierc schema pull Case EmailMessage ...`, or run `hierc init --live` against an org"),
        Failure::Schema(d) => *d,
    };
    let code = printer.fail(&[error]);
    eprintln!("nothing written");
    code
}

/// Menus on a terminal; plain lines when standard input or standard
/// error is not one.
fn prompter() -> Box<dyn Prompter> {
    if std::io::stdin().is_terminal() && std::io::stderr().is_terminal() {
        Box::new(Terminal)
    } else {
        let lines = Lines::new(std::io::stdin().lock(), std::io::stderr());
        if std::io::stdin().is_terminal() {
            Box::new(lines)
        } else {
            Box::new(lines.echoing())
        }
    }
}

/// Menus drawn by `inquire` on standard error.
struct Terminal;

fn stop(e: InquireError) -> Stop {
    match e {
        InquireError::OperationCanceled => Stop::Cancelled,
        InquireError::OperationInterrupted => Stop::Interrupted,
        InquireError::IO(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => Stop::EndOfInput,
        other => Stop::Failed(format!("the terminal cannot be used: {other}")),
    }
}

fn texts(options: &[Choice]) -> Vec<String> {
    options.iter().map(|o| o.text.clone()).collect()
}

/// An answer as shown once given: an option's name, without its label
/// and type (`Subject`, not `Subject  Subject (string)`).
fn short(text: &str) -> &str {
    let text = text.split("  ").next().unwrap_or(text);
    text.split(" (").next().unwrap_or(text)
}

impl Prompter for Terminal {
    fn say(&mut self, text: &str) {
        eprintln!("{text}");
    }

    fn select(&mut self, q: Question, options: &[Choice], default: usize) -> Result<usize, Stop> {
        let shown = |o: inquire::list_option::ListOption<&String>| short(o.value).to_string();
        Select::new(q.message, texts(options))
            .with_help_message(q.help)
            .with_formatter(&shown)
            .with_starting_cursor(default.min(options.len().saturating_sub(1)))
            .with_page_size(12)
            .raw_prompt()
            .map(|o| o.index)
            .map_err(stop)
    }

    fn multi_select(
        &mut self,
        q: Question,
        options: &[Choice],
        defaults: &[usize],
    ) -> Result<Vec<usize>, Stop> {
        let help = format!("{} (space toggles, type to filter, enter accepts)", q.help);
        let shown = |list: &[inquire::list_option::ListOption<&String>]| {
            if list.is_empty() {
                "none".to_string()
            } else {
                let names: Vec<&str> = list.iter().map(|o| short(o.value)).collect();
                names.join(", ")
            }
        };
        let mut chosen: Vec<usize> = MultiSelect::new(q.message, texts(options))
            .with_help_message(&help)
            .with_formatter(&shown)
            .with_default(defaults)
            .with_page_size(12)
            .raw_prompt()
            .map_err(stop)?
            .into_iter()
            .map(|o| o.index)
            .collect();
        chosen.sort_unstable();
        Ok(chosen)
    }

    fn confirm(&mut self, q: Question, default: bool) -> Result<bool, Stop> {
        Confirm::new(q.message)
            .with_help_message(q.help)
            .with_default(default)
            .prompt()
            .map_err(stop)
    }

    fn text(&mut self, q: Question, suggestions: &[String]) -> Result<String, Stop> {
        Text::new(q.message)
            .with_help_message(q.help)
            .with_autocomplete(Names(suggestions.to_vec()))
            .prompt()
            .map_err(stop)
    }
}

/// Completes an API name from the names offered.
#[derive(Clone)]
struct Names(Vec<String>);

impl inquire::Autocomplete for Names {
    fn get_suggestions(&mut self, input: &str) -> Result<Vec<String>, inquire::CustomUserError> {
        let lower = input.to_ascii_lowercase();
        if lower.is_empty() {
            return Ok(Vec::new());
        }
        Ok(self
            .0
            .iter()
            .filter(|n| n.to_ascii_lowercase().starts_with(&lower))
            .take(8)
            .cloned()
            .collect())
    }

    fn get_completion(
        &mut self,
        input: &str,
        highlighted: Option<String>,
    ) -> Result<inquire::autocompletion::Replacement, inquire::CustomUserError> {
        Ok(highlighted.or_else(|| {
            let lower = input.to_ascii_lowercase();
            self.0
                .iter()
                .find(|n| n.to_ascii_lowercase().starts_with(&lower))
                .cloned()
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::short;

    #[test]
    fn answers_are_shown_by_name() {
        assert_eq!(short("Subject  Subject (string)"), "Subject");
        assert_eq!(short("Status (picklist)"), "Status");
        assert_eq!(short("EmailMessage  Email Message"), "EmailMessage");
        assert_eq!(
            short("EmailMessage via ParentId (EmailMessages)"),
            "EmailMessage via ParentId"
        );
        assert_eq!(short("OwnerId → Group | User"), "OwnerId → Group | User");
        assert_eq!(short("Body  file content (base64)"), "Body");
    }
}
