//! `hierc soql FILE...`: the SOQL statements that fetch what each file's
//! config names, one per item, as text or JSON on standard output.

use std::io::Write;
use std::path::PathBuf;

use clap::ValueEnum;
use serde_json::json;

use super::{Outcome, Printer};
use crate::soql::{self, Statement};
use crate::workspace::Workspace;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum SoqlFormat {
    /// A `--` comment naming each item, then its statement on one line.
    #[default]
    Text,
    /// A JSON array: file, item, kind, object, statement, place.
    Json,
}

pub(super) fn run(
    paths: &[PathBuf],
    format: SoqlFormat,
    schemas: Option<PathBuf>,
    printer: &Printer,
    outcome: &mut Outcome,
) {
    let mut workspace = Workspace::new(schemas);
    let mut text = String::new();
    let mut list = Vec::new();
    for path in paths {
        let compilation = workspace.compile_path(path);
        printer.diagnostics(&compilation.diagnostics, outcome);
        let Some(model) = &compilation.model else {
            continue;
        };
        let source = &compilation.source;
        let name = &source.name;
        for s in soql::statements(model) {
            match format {
                SoqlFormat::Text => {
                    text.push_str(&comment(&s, (paths.len() > 1).then_some(name.as_str())));
                    text.push_str(&s.text);
                    text.push('\n');
                }
                SoqlFormat::Json => {
                    let (line, column) = source.line_col(s.span.start);
                    list.push(json!({
                        "file": name,
                        "line": line,
                        "column": column,
                        "item": s.item,
                        "kind": s.kind.name(),
                        "object": s.object,
                        "soql": s.text,
                        "relationships": s.relationships.len(),
                    }));
                }
            }
        }
    }
    if format == SoqlFormat::Json {
        text = serde_json::to_string_pretty(&list).unwrap_or_default();
        text.push('\n');
    }
    let mut out = std::io::stdout().lock();
    if let Err(e) = super::pipe::check(out.write_all(text.as_bytes()).and_then(|_| out.flush())) {
        printer.diagnostics(
            &[crate::diagnostics::Diagnostic::cannot_write(
                "write to standard output",
                &crate::workspace::files::io_reason(&e),
            )],
            outcome,
        );
        outcome.environment = true;
    }
}

fn comment(s: &Statement, file: Option<&str>) -> String {
    match file {
        Some(f) => format!("-- {f}: {}\n", s.item),
        None => format!("-- {}\n", s.item),
    }
}
