//! Rendering diagnostics to text. The library renders to strings; the binary
//! decides where they go.

use std::fmt;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceSpan};

use super::{Diagnostic, Severity};
use crate::source::{escape_controls, SourceFile, View};

/// A diagnostic seen through miette's protocol. Every text that comes from
/// the input (the source, the file name, names quoted in messages) is drawn
/// with its control characters made visible, so that a file cannot drive
/// the terminal.
struct Report<'a> {
    diagnostic: &'a Diagnostic,
    message: String,
    /// `help: ...` and `note: ...` lines, drawn after miette's report.
    footer: Vec<String>,
    /// The source as drawn, when the excerpt is drawn (not for absurdly
    /// long lines).
    view: Option<View<'a>>,
    /// Whether a fixable finding's code is marked `[*]`.
    fixable: bool,
}

/// Lines longer than this are not drawn: the place is given in words.
const MAX_EXCERPT_LINE: usize = 2_000;

impl<'a> Report<'a> {
    fn new(diagnostic: &'a Diagnostic, fixable: bool) -> Self {
        let mut lines: Vec<String> = diagnostic
            .help
            .iter()
            .map(|h| format!("help: {}", escape_controls(h)))
            .collect();
        lines.extend(
            diagnostic
                .notes
                .iter()
                .map(|n| format!("note: {}", escape_controls(n))),
        );
        let source = diagnostic.source.as_deref();
        let excerpt = !diagnostic.labels.is_empty()
            && source.is_some_and(|source| {
                diagnostic
                    .labels
                    .iter()
                    .all(|l| source.line_range(l.span).len() <= MAX_EXCERPT_LINE)
            });
        if !excerpt && !diagnostic.labels.is_empty() {
            if let Some(source) = source {
                let (line, col) = source.line_col(diagnostic.labels[0].span.start);
                lines.push(format!(
                    "note: at {}:{line}:{col} (the line is too long to show)",
                    escape_controls(&source.name)
                ));
            }
        }
        Report {
            diagnostic,
            message: escape_controls(&diagnostic.message).into_owned(),
            footer: lines,
            view: source.filter(|_| excerpt).map(SourceFile::view),
            fixable,
        }
    }
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.diagnostic, f)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(shown_code(self.diagnostic, self.fixable)))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.view.as_ref().map(|v| v as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.view.as_ref()?;
        let source = self.diagnostic.source.as_deref()?;
        Some(Box::new(self.diagnostic.labels.iter().enumerate().map(
            move |(i, l)| {
                let shown = source.view_span(l.span);
                let span = SourceSpan::new(shown.start.into(), shown.len());
                let text =
                    (!l.message.is_empty()).then(|| escape_controls(&l.message).into_owned());
                if i == 0 {
                    LabeledSpan::new_primary_with_span(text, span)
                } else {
                    LabeledSpan::new_with_span(text, span)
                }
            },
        )))
    }
}

/// The code as the report's header shows it: followed by `[*]`, when
/// marked, if `hierc check --fix` fixes the finding (it has a safe fix), as
/// ruff marks fixable findings.
fn shown_code(d: &Diagnostic, mark: bool) -> String {
    if mark && d.applicable_fix(false).is_some() {
        format!("{} [*]", d.code.as_str())
    } else {
        d.code.as_str().to_string()
    }
}

/// How human output looks.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub color: bool,
    pub unicode: bool,
    /// Terminal width in columns.
    pub width: usize,
    /// Mark the findings that `hierc check --fix` fixes with `[*]` after
    /// their code. The caller knows whether fixing would touch the file
    /// (not when it has syntax errors) and drops the fixes otherwise.
    pub fixable: bool,
}

impl Style {
    /// The fixed style of snapshots: no colour, unicode, 80 columns, no
    /// `[*]`.
    pub fn plain() -> Self {
        Style {
            color: false,
            unicode: true,
            width: 80,
            fixable: false,
        }
    }
}

/// One diagnostic drawn by miette's graphical handler: header, source excerpt
/// with labels, help. A diagnostic without a source file is drawn without the
/// excerpt, prefixed by the file name when known.
pub fn human(diagnostic: &Diagnostic, style: Style) -> String {
    let theme = match (style.unicode, style.color) {
        (true, true) => GraphicalTheme::unicode(),
        (true, false) => GraphicalTheme::unicode_nocolor(),
        (false, true) => GraphicalTheme::ascii(),
        (false, false) => GraphicalTheme::none(),
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .without_syntax_highlighting()
        .with_links(false);
    let report = Report::new(diagnostic, style.fixable);
    let mut out = String::new();
    if handler.render_report(&mut out, &report).is_err() {
        out = format!("{}: {}\n", diagnostic.code, report.message);
    }
    if report.diagnostic.labels.is_empty() {
        if let Some(source) = &diagnostic.source {
            out = insert_location(&out, &escape_controls(&source.name));
        }
    }
    let mut out = out.trim_end_matches('\n').to_string();
    out.push('\n');
    for line in &report.footer {
        let mut parts = line.splitn(2, ": ");
        let (tag, text) = (
            parts.next().unwrap_or_default(),
            parts.next().unwrap_or_default(),
        );
        let tag = if style.color && tag == "help" {
            "\u{1b}[36mhelp\u{1b}[0m".to_string()
        } else {
            tag.to_string()
        };
        out.push_str(&format!("  {tag}: {text}\n"));
    }
    out
}

/// For a diagnostic without a span, the file name after the header line.
fn insert_location(rendered: &str, name: &str) -> String {
    let mut lines = rendered.lines();
    let mut out = String::new();
    if let Some(first) = lines.next() {
        out.push_str(first);
        out.push('\n');
        out.push_str(&format!("  in {name}\n"));
    }
    for l in lines {
        out.push_str(l);
        out.push('\n');
    }
    out
}

/// All diagnostics, one after another, separated by blank lines.
pub fn human_all(diagnostics: &[Diagnostic], style: Style) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let text = human(d, style);
        out.push_str(text.trim_end_matches('\n'));
        out.push_str("\n\n");
    }
    out
}
