//! hierc: a compiler and linter for RecordPoint Salesforce connector
//! configurations.
//!
//! The pipeline, one stage per module, each with one way in and one way out:
//! discover (`files`) → load schemas (`schema`) → parse and build the AST
//! (`syntax`) → resolve and check (`check`) → lower to the IR (`check::lower`,
//! giving a `config::Config`) → emit (`config::to_json`). Every stage reports
//! into a `Diagnostics` collection; nothing here prints.

pub mod check;
pub mod cli;
pub mod config;
pub mod diagnostics;
pub mod files;
pub mod schema;
pub mod source;
pub mod syntax;
pub mod tree;

use std::sync::Arc;

use config::Config;
use diagnostics::{Diagnostic, Diagnostics};
use schema::Catalog;
use source::SourceFile;

/// The result of compiling one file.
#[derive(Debug)]
pub struct Compilation {
    pub source: Arc<SourceFile>,
    /// The config, when there are no errors.
    pub config: Option<Config>,
    /// Errors and warnings, sorted by place.
    pub diagnostics: Vec<Diagnostic>,
}

impl Compilation {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Parses, checks and lowers one file against a schema cache.
pub fn compile(source: Arc<SourceFile>, catalog: &Catalog) -> Compilation {
    let mut diags = Diagnostics::new();
    let ast = syntax::parse(&source, &mut diags);
    let config = check::check(&ast, catalog, &mut diags).map(|model| check::lower(&model));
    let config = if diags.has_errors() { None } else { config };
    Compilation {
        diagnostics: diags.finish(&source),
        source,
        config,
    }
}
