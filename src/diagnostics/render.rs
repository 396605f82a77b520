//! Rendering diagnostics to text. The library renders to strings; the binary
//! decides where they go.

use std::fmt;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceSpan};

use super::{Diagnostic, Severity};

/// A diagnostic seen through miette's protocol.
struct Report<'a> {
    diagnostic: &'a Diagnostic,
    /// `help: ...` and `note: ...` lines, drawn after miette's report.
    footer: Vec<String>,
    /// Whether to draw the source excerpt (not for absurdly long lines).
    excerpt: bool,
}

/// Lines longer than this are not drawn: the place is given in words.
const MAX_EXCERPT_LINE: usize = 2_000;

impl<'a> Report<'a> {
    fn new(diagnostic: &'a Diagnostic) -> Self {
        let mut lines: Vec<String> = diagnostic
            .help
            .iter()
            .map(|h| format!("help: {h}"))
            .collect();
        lines.extend(diagnostic.notes.iter().map(|n| format!("note: {n}")));
        let excerpt = match &diagnostic.source {
            Some(source) => diagnostic.labels.iter().all(|l| {
                let text = &source.text;
                let start = crate::source::floor_char_boundary(text, l.span.start);
                let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
                let end = crate::source::floor_char_boundary(text, l.span.end);
                let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
                line_end - line_start <= MAX_EXCERPT_LINE
            }),
            None => false,
        };
        if !excerpt && !diagnostic.labels.is_empty() {
            if let Some(source) = &diagnostic.source {
                let (line, col) = source.line_col(diagnostic.labels[0].span.start);
                lines.push(format!(
                    "note: at {}:{line}:{col} (the line is too long to show)",
                    source.name
                ));
            }
        }
        Report {
            diagnostic,
            footer: lines,
            excerpt,
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
        f.write_str(&self.diagnostic.message)
    }
}

impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.diagnostic.code.as_str()))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        if self.diagnostic.labels.is_empty() || !self.excerpt {
            return None;
        }
        self.diagnostic
            .source
            .as_deref()
            .map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.diagnostic.labels.is_empty() || !self.excerpt {
            return None;
        }
        Some(Box::new(self.diagnostic.labels.iter().enumerate().map(
            |(i, l)| {
                let span = SourceSpan::new(l.span.start.into(), l.span.len());
                let text = (!l.message.is_empty()).then(|| l.message.clone());
                if i == 0 {
                    LabeledSpan::new_primary_with_span(text, span)
                } else {
                    LabeledSpan::new_with_span(text, span)
                }
            },
        )))
    }
}

/// How human output looks.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub color: bool,
    pub unicode: bool,
    /// Terminal width in columns.
    pub width: usize,
}

impl Style {
    /// The fixed style of snapshots: no colour, unicode, 80 columns.
    pub fn plain() -> Self {
        Style {
            color: false,
            unicode: true,
            width: 80,
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
    let report = Report::new(diagnostic);
    let mut out = String::new();
    if handler.render_report(&mut out, &report).is_err() {
        out = format!("{}: {}\n", diagnostic.code, diagnostic.message);
    }
    if report.diagnostic.labels.is_empty() {
        if let Some(source) = &diagnostic.source {
            out = insert_location(&out, &source.name);
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
