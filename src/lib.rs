//! hierc: a compiler and linter for RecordPoint Salesforce connector
//! configurations.
//!
//! The pipeline, one stage per module, each with one way in and one way out:
//! discover (`workspace::files`) → load schemas (`schema`) → parse and build the AST
//! (`syntax`) → resolve and check (`check`) → lower to the IR (`check::lower`,
//! giving a `config::Config`) → emit (`config::to_json`). Every stage reports
//! into a `Diagnostics` collection; nothing here prints. `diff` compares two
//! `Config`s (`hierc diff`).

pub mod check;
pub mod cli;
pub mod config;
pub mod diagnostics;
pub mod diff;
pub mod draw;
pub mod fmt;
pub mod import;
pub mod lsp;
pub mod org;
pub mod rules;
pub mod scaffold;
pub mod schema;
pub mod soql;
pub mod source;
pub mod syntax;
pub mod validate;
pub mod workspace;

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
    /// The checked model the config was lowered from (its names bound to
    /// the describes, with their spans), when there are no errors.
    pub model: Option<check::Model>,
    /// Errors and warnings, sorted by place.
    pub diagnostics: Vec<Diagnostic>,
}

impl Compilation {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// What a project (`hierc.toml`) adds to compiling a file.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The `ApiVersion` of a file that has no `api` statement, in place of
    /// the aggregation describe's.
    pub api_version: Option<String>,
}

/// Parses, checks and lowers one file against a schema cache.
pub fn compile(source: Arc<SourceFile>, catalog: &Catalog) -> Compilation {
    compile_with(source, catalog, &Options::default())
}

/// [`compile`] with a project's options.
pub fn compile_with(source: Arc<SourceFile>, catalog: &Catalog, options: &Options) -> Compilation {
    let mut diags = Diagnostics::new();
    let ast = syntax::parse(&source, &mut diags);
    let model = check::check(
        &ast,
        &source.text,
        catalog,
        options.api_version.as_deref(),
        &mut diags,
    );
    let config = model.as_ref().map(|model| {
        let mut config = check::lower(model);
        if model.api.is_none() && options.api_version.is_some() {
            config.api_version.clone_from(&options.api_version);
        }
        config
    });
    let (config, model) = if diags.has_errors() {
        (None, None)
    } else {
        (config, model)
    };
    Compilation {
        diagnostics: diags.finish(&source),
        source,
        config,
        model,
    }
}
