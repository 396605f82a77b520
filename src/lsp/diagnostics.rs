//! A compilation's diagnostics in LSP's terms.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;

use lsp_types::{
    CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    Range, Uri,
};

use super::text::{Document, LineIndex};
use crate::diagnostics::report::full_message;
use crate::diagnostics::{Code, Diagnostic, Severity};
use crate::source::{SourceFile, Span};

/// The LSP diagnostics of a document. A diagnostic that points into
/// another file (a cached schema, `hierc.toml`) is shown at the start of
/// the document, with its place in that file as related information.
pub fn convert(
    list: &[Diagnostic],
    source: &Arc<SourceFile>,
    doc: &Document,
    uri: &Uri,
) -> Vec<lsp_types::Diagnostic> {
    list.iter().map(|d| one(d, source, doc, uri)).collect()
}

/// One diagnostic of a document, as [`convert`] publishes it (a code action
/// names the diagnostic it resolves so).
pub fn one(
    d: &Diagnostic,
    source: &Arc<SourceFile>,
    doc: &Document,
    uri: &Uri,
) -> lsp_types::Diagnostic {
    let here = d.source.as_ref().is_none_or(|s| Arc::ptr_eq(s, source));
    let (range, related) = if here {
        let range = d.span().map_or_else(Range::default, |s| doc.range(s));
        let related = d
            .labels
            .iter()
            .skip(1)
            .map(|l| DiagnosticRelatedInformation {
                location: Location::new(uri.clone(), doc.range(l.span)),
                message: l.message.clone(),
            });
        (range, related.collect())
    } else {
        (Range::default(), elsewhere(d))
    };
    lsp_types::Diagnostic {
        range,
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(d.code.as_str().to_string())),
        code_description: code_page(d.code).map(|href| CodeDescription { href }),
        source: Some("hierc".to_string()),
        message: full_message(d),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

/// Every label of a diagnostic about another file, as related information
/// in that file.
fn elsewhere(d: &Diagnostic) -> Vec<DiagnosticRelatedInformation> {
    let Some(source) = &d.source else {
        return Vec::new();
    };
    let Some(uri) = file_uri(&absolute(Path::new(&source.name))) else {
        return Vec::new();
    };
    let index = LineIndex::new(&source.text);
    let labels: Vec<(Span, String)> = if d.labels.is_empty() {
        vec![(Span::new(0, 0), d.message.clone())]
    } else {
        d.labels
            .iter()
            .map(|l| (l.span, l.message.clone()))
            .collect()
    };
    labels
        .into_iter()
        .map(|(span, message)| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), index.range(&source.text, span)),
            message,
        })
        .collect()
}

/// A path made absolute against the current folder.
pub fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        crate::workspace::files::working_dir().join(path)
    }
}

/// The `file:` URI of an absolute path.
pub fn file_uri(path: &Path) -> Option<Uri> {
    let url = url::Url::from_file_path(path).ok()?;
    Uri::from_str(url.as_str()).ok()
}

/// The path of a `file:` URI.
pub fn uri_path(uri: &Uri) -> Option<PathBuf> {
    url::Url::parse(uri.as_str()).ok()?.to_file_path().ok()
}

/// Where a code's page is: on the project's site when the package names
/// one, else the page in the source tree hierc was built from, when it is
/// there.
fn code_page(code: Code) -> Option<Uri> {
    let site = option_env!("CARGO_PKG_REPOSITORY").unwrap_or_default();
    if !site.is_empty() {
        let url = format!(
            "{}/blob/main/docs/codes/{}.md",
            site.trim_end_matches('/'),
            code
        );
        return Uri::from_str(&url).ok();
    }
    let page = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs/codes")
        .join(format!("{code}.md"));
    page.is_file().then(|| file_uri(&page)).flatten()
}
