//! The flags linter users expect, for the commands that report findings
//! (`check`, `build`, `validate`, `probe`): `--quiet`, `--output-file`,
//! `--statistics`, `--select` and `--ignore`. The selection is applied in
//! the workspace, with the project's lint levels
//! ([`crate::workspace::selection`]); the rest is how the run reports.

use std::path::{Path, PathBuf};

use clap::Args;

use super::Format;
use crate::diagnostics::{statistics, Diagnostic};
use crate::workspace::files;
use crate::workspace::selection::Selection;

/// `--quiet`, `--output-file`, `--statistics`, `--select`, `--ignore`.
#[derive(Debug, Clone, Default, Args)]
pub struct LintArgs {
    /// Print the findings and nothing else: no summary, no `wrote ...` or
    /// `OK` lines.
    #[arg(short, long)]
    pub quiet: bool,
    /// Write the machine format's report (or `--statistics`) to FILE,
    /// atomically, instead of standard output.
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub output_file: Option<PathBuf>,
    /// Print how many findings each code has instead of the findings (as
    /// text, or with `--format json` as JSON), on standard output.
    #[arg(long)]
    pub statistics: bool,
    /// Report only the warnings with these codes or code prefixes (`W1`,
    /// `W101`, `ALL`), comma-separated; errors are always reported.
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    pub select: Option<Vec<String>>,
    /// Do not report the warnings with these codes or prefixes; wins over
    /// `--select`.
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    pub ignore: Vec<String>,
}

impl LintArgs {
    /// The run's selection, or the usage error that says what is wrong
    /// with the flags (with `format`, which they must fit).
    pub(super) fn check(&self, format: Format) -> Result<Selection, String> {
        if self.output_file.is_some() && format == Format::Human && !self.statistics {
            return Err("`--output-file` takes a machine `--format` (json, sarif, github) or `--statistics`; the human report goes to standard error".into());
        }
        if self.statistics && matches!(format, Format::Sarif | Format::Github) {
            return Err(format!(
                "`--statistics` is text, or JSON with `--format json`, not `--format {}`",
                format.name()
            ));
        }
        Selection::new(self.select.as_deref(), &self.ignore)
    }

    /// Whether the run writes its report somewhere else than standard
    /// output, so that standard output is free for a config or a diff.
    pub(super) fn frees_stdout(&self) -> bool {
        self.output_file.is_some()
    }

    /// The document the run ends with: the statistics, or the machine
    /// format's report; `None` for the human report, printed as it goes.
    pub(super) fn document(
        &self,
        format: Format,
        diagnostics: &[Diagnostic],
        base: &Path,
    ) -> Option<String> {
        if self.statistics {
            return Some(match format {
                Format::Json => statistics::json(diagnostics),
                _ => statistics::text(diagnostics),
            });
        }
        format.document(diagnostics, base)
    }

    /// Writes the document to `--output-file`, atomically: an E094 when it
    /// cannot be.
    pub(super) fn write(&self, path: &Path, document: &str) -> Result<(), Diagnostic> {
        files::write_atomic(path, document.as_bytes()).map_err(|e| {
            Diagnostic::cannot_write(
                &format!("write `{}`", path.display()),
                &files::io_reason(&e),
            )
        })
    }
}
