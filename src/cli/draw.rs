//! `hierc tree` and `hierc graph`: compile one file, then draw its hierarchy
//! on standard output. Findings go to standard error as `check` reports them,
//! and then nothing is drawn.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::ValueEnum;

use super::{Outcome, Printer};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::workspace::Workspace;

/// The language `hierc graph` writes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    /// A Mermaid flowchart (GitHub renders it in a ```mermaid block).
    #[default]
    Mermaid,
    /// A Graphviz digraph, for `dot -Tsvg`.
    Dot,
}

impl GraphFormat {
    pub fn render(self, config: &Config) -> String {
        match self {
            GraphFormat::Mermaid => crate::draw::graph::mermaid(config),
            GraphFormat::Dot => crate::draw::graph::dot(config),
        }
    }
}

/// Compiles `file` and prints `draw` of its config. Standard output closed
/// early (`hierc graph FILE | head`) is not an error; another failure to
/// write is an environment error.
pub(super) fn run(
    file: &Path,
    schemas: Option<PathBuf>,
    printer: &Printer,
    outcome: &mut Outcome,
    draw: impl Fn(&Config) -> String,
) {
    let compilation = Workspace::new(schemas).compile_path(file);
    printer.diagnostics(&compilation.diagnostics, outcome);
    let Some(config) = compilation.config else {
        return;
    };
    let text = draw(&config);
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|_| stdout.flush())
    {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        Err(e) => {
            let d = Diagnostic::cannot_write(
                "write to standard output",
                &crate::workspace::files::io_reason(&e),
            );
            printer.diagnostics(&[d], outcome);
        }
    }
}
