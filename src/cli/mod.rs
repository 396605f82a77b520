//! The command line: argument parsing (clap), running a command, printing
//! diagnostics. `run` returns the exit code: 0 clean (warnings allowed),
//! 1 findings, 2 usage or environment errors.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::diagnostics::render::{self, Style};
use crate::diagnostics::{Code, Diagnostic};
use crate::schema::Catalog;
use crate::{compile, files, tree, Compilation};

mod build;
mod explain;

/// Compile and lint RecordPoint Salesforce connector configurations.
#[derive(Debug, Parser)]
#[command(name = "hierc", version, about, long_about = None)]
pub struct Cli {
    /// The schema cache folder (default: `schemas/` beside the nearest
    /// hierc.toml, else beside each file).
    #[arg(long, global = true, env = "HIERC_SCHEMAS", value_name = "DIR")]
    pub schemas: Option<PathBuf>,

    /// When to colour output.
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

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compile .hier files to connector_config.json.
    Build {
        /// The .hier files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Where to write the config (one input only); `-` for standard
        /// output. Default: <name>.connector_config.json beside each input.
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
    },
    /// Check .hier files (folders are searched recursively) without writing.
    Check {
        /// Files or folders.
        #[arg(default_value = ".")]
        paths: Vec<PathBuf>,
    },
    /// Draw a file's entity hierarchy.
    Tree {
        /// The .hier file.
        file: PathBuf,
    },
    /// Explain a diagnostic code.
    Explain {
        /// A code such as E012.
        code: String,
    },
}

/// What a run produced, before exit.
struct Outcome {
    errors: usize,
    warnings: usize,
    environment: bool,
}

impl Outcome {
    fn new() -> Self {
        Outcome {
            errors: 0,
            warnings: 0,
            environment: false,
        }
    }

    fn exit(&self) -> ExitCode {
        if self.environment {
            ExitCode::from(2)
        } else if self.errors > 0 {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        }
    }
}

/// Where human diagnostics go and how they look.
struct Printer {
    style: Style,
}

impl Printer {
    fn new(color: Color) -> Self {
        let stderr = std::io::stderr();
        let color = match color {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => {
                stderr.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        };
        let width = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(100);
        Printer {
            style: Style {
                color,
                unicode: true,
                width,
            },
        }
    }

    fn diagnostics(&self, list: &[Diagnostic], outcome: &mut Outcome) {
        let mut err = std::io::stderr().lock();
        for d in list {
            if d.is_error() {
                outcome.errors += 1;
            } else {
                outcome.warnings += 1;
            }
            if matches!(d.code, Code::E092) {
                outcome.environment = true;
            }
            let _ = write!(
                err,
                "{}",
                render::human_all(std::slice::from_ref(d), self.style)
            );
        }
    }
}

pub fn run(cli: Cli) -> ExitCode {
    let printer = Printer::new(cli.color);
    let mut outcome = Outcome::new();
    match cli.command {
        Command::Explain { code } => return explain::run(&code),
        Command::Check { paths } => {
            let (found, errors) = files::discover(&paths);
            printer.diagnostics(&errors, &mut outcome);
            let mut catalogs = Catalogs::new(cli.schemas);
            for path in &found {
                compile_path(path, &mut catalogs, &printer, &mut outcome);
            }
            summary(found.len(), &outcome);
        }
        Command::Build {
            files: inputs,
            output,
        } => {
            if let Some(code) = build::run(
                &inputs,
                output.as_deref(),
                cli.schemas,
                &printer,
                &mut outcome,
            ) {
                return code;
            }
        }
        Command::Tree { file } => {
            let mut catalogs = Catalogs::new(cli.schemas);
            if let Some(Compilation {
                config: Some(config),
                ..
            }) = compile_path(&file, &mut catalogs, &printer, &mut outcome)
            {
                print!("{}", tree::render(&config));
            }
        }
    }
    outcome.exit()
}

/// One catalog per schema folder, shared by every file that uses it.
struct Catalogs {
    explicit: Option<PathBuf>,
    by_dir: BTreeMap<PathBuf, Catalog>,
}

impl Catalogs {
    fn new(explicit: Option<PathBuf>) -> Self {
        Catalogs {
            explicit,
            by_dir: BTreeMap::new(),
        }
    }

    fn for_file(&mut self, file: &Path) -> &Catalog {
        let dir = self
            .explicit
            .clone()
            .unwrap_or_else(|| files::default_schema_dir(file));
        self.by_dir
            .entry(dir.clone())
            .or_insert_with(|| Catalog::new(dir))
    }
}

fn compile_path(
    path: &Path,
    catalogs: &mut Catalogs,
    printer: &Printer,
    outcome: &mut Outcome,
) -> Option<Compilation> {
    let shown = path.display().to_string();
    let source = match files::read_source(path, &shown) {
        Ok(s) => s,
        Err(d) => {
            printer.diagnostics(&[d], outcome);
            return None;
        }
    };
    let compilation = compile(source, catalogs.for_file(path));
    printer.diagnostics(&compilation.diagnostics, outcome);
    Some(compilation)
}

fn summary(files: usize, outcome: &Outcome) {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    eprintln!(
        "checked {}: {}, {}",
        plural(files, "file"),
        plural(outcome.errors, "error"),
        plural(outcome.warnings, "warning")
    );
}
