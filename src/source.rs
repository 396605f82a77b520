//! Source files and byte spans.

use std::sync::{Arc, OnceLock};

/// A byte range in one source file. Line and column are computed only when a
/// diagnostic is rendered.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    pub fn len(self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

impl std::fmt::Debug for Span {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// A named text: a `.hier` file, or a cached schema a diagnostic points into.
#[derive(Debug)]
pub struct SourceFile {
    /// The name shown to users: the path as given on the command line.
    pub name: String,
    pub text: String,
    /// Where its lines start, built on first use and shared by every report.
    lines: OnceLock<LineIndex>,
    /// The text as the human report draws it, built on first use.
    shown: OnceLock<Option<Box<Shown>>>,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Arc<SourceFile> {
        Arc::new(SourceFile {
            name: name.into(),
            text: text.into(),
            lines: OnceLock::new(),
            shown: OnceLock::new(),
        })
    }

    /// The line index of the text: every format takes its lines from it.
    pub fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(&self.text))
    }

    /// 1-based line and column (in characters) of a byte offset. A line
    /// ends at LF, CRLF or a CR alone.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset);
        let line = self.lines().line(offset);
        let start = self.lines().start(line);
        (line + 1, char_count(&self.text[start..offset]) + 1)
    }

    /// The byte range of the line (or lines) holding a span, without the
    /// final line break.
    pub fn line_range(&self, span: Span) -> std::ops::Range<usize> {
        let lines = self.lines();
        let first = lines.line(floor_char_boundary(&self.text, span.start));
        let last = lines.line(floor_char_boundary(&self.text, span.end));
        lines.start(first)..lines.end(&self.text, last)
    }

    /// The text with every control character (but tabs and line breaks)
    /// shown as a visible character, and a CR alone turned into a LF, for
    /// drawing on a terminal; `None` when there is nothing to replace.
    pub(crate) fn shown(&self) -> Option<&Shown> {
        self.shown
            .get_or_init(|| Shown::new(&self.text).map(Box::new))
            .as_deref()
    }
}

/// Where each line of a text starts. A line ends at LF, CRLF or a CR alone,
/// as the language and the human report count them.
#[derive(Debug)]
pub struct LineIndex {
    /// Byte offsets of line starts; the first is 0.
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                starts.push(i + 1);
            }
        }
        LineIndex { starts }
    }

    /// How many lines: one more than there are line breaks.
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        false
    }

    /// The 0-based line holding a byte offset.
    pub fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    /// Where a 0-based line starts (the end of the text past the last).
    pub fn start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(usize::MAX)
    }

    /// Where the line after `line` starts, or the end of the text.
    pub fn next_start(&self, text: &str, line: usize) -> usize {
        self.starts.get(line + 1).copied().unwrap_or(text.len())
    }

    /// Where a 0-based line's text ends, before its line break.
    pub fn end(&self, text: &str, line: usize) -> usize {
        let next = self.next_start(text, line);
        if line + 1 >= self.starts.len() {
            return next;
        }
        let line_text = &text.as_bytes()[self.start(line)..next];
        next - if line_text.ends_with(b"\r\n") { 2 } else { 1 }
    }
}

/// How many characters a string holds, counting bytes that start one.
fn char_count(s: &str) -> usize {
    s.bytes().filter(|&b| (b & 0xC0) != 0x80).count()
}

/// The byte offset of serde_json's 1-based line and column: serde_json
/// ends lines at LF only and counts columns in bytes.
pub fn serde_json_offset(text: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for _ in 1..line.max(1) {
        match text[offset..].find('\n') {
            Some(i) => offset += i + 1,
            None => return text.len(),
        }
    }
    floor_char_boundary(text, offset + column.saturating_sub(1))
}

/// Control characters made visible: C0 controls and DEL as the Unicode
/// control pictures (`␛`, `␀`), C1 controls and the bidirectional overrides
/// as `<U+202E>`; a CR alone becomes a line break, as lines are counted.
/// Tabs, LF and CRLF stay.
pub fn visible_char(c: char, next: Option<char>) -> Option<std::borrow::Cow<'static, str>> {
    use std::borrow::Cow;
    match c {
        '\t' | '\n' => None,
        '\r' if next == Some('\n') => None,
        '\r' => Some(Cow::Borrowed("\n")),
        '\0'..='\x1f' => Some(Cow::Owned(
            char::from_u32(0x2400 + c as u32).map_or_else(String::new, String::from),
        )),
        '\x7f' => Some(Cow::Borrowed("\u{2421}")),
        '\u{80}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {
            Some(Cow::Owned(format!("<U+{:04X}>", c as u32)))
        }
        _ => None,
    }
}

/// A message or label with its control characters made visible (a CR
/// alone, too: a message is one line), for the human report.
pub fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    let needs = |c: char, next| c == '\r' || visible_char(c, next).is_some();
    let mut chars = text.chars().peekable();
    let mut first = None;
    let mut at = 0;
    while let Some(c) = chars.next() {
        if needs(c, chars.peek().copied()) {
            first = Some(at);
            break;
        }
        at += c.len_utf8();
    }
    let Some(first) = first else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len() + 8);
    out.push_str(&text[..first]);
    let mut chars = text[first..].chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => out.push('\u{240d}'),
            _ => match visible_char(c, chars.peek().copied()) {
                Some(v) => out.push_str(&v),
                None => out.push(c),
            },
        }
    }
    Cow::Owned(out)
}

/// A text with its control characters made visible, and how its byte
/// offsets map to the original's.
#[derive(Debug)]
pub(crate) struct Shown {
    pub text: String,
    pub lines: LineIndex,
    /// `(original offset, shown offset)` after each replacement, in order.
    shifts: Vec<(usize, usize)>,
}

impl Shown {
    fn new(text: &str) -> Option<Shown> {
        let mut chars = text.char_indices().peekable();
        let mut out = String::new();
        let mut copied = 0;
        let mut shifts = Vec::new();
        while let Some((i, c)) = chars.next() {
            let Some(visible) = visible_char(c, chars.peek().map(|&(_, n)| n)) else {
                continue;
            };
            if out.is_empty() {
                out.reserve(text.len() + 16);
            }
            out.push_str(&text[copied..i]);
            out.push_str(&visible);
            copied = i + c.len_utf8();
            shifts.push((copied, out.len()));
        }
        if shifts.is_empty() {
            return None;
        }
        out.push_str(&text[copied..]);
        let lines = LineIndex::new(&out);
        Some(Shown {
            text: out,
            lines,
            shifts,
        })
    }

    /// The shown offset of an original one. An offset inside a replaced
    /// character maps to the start of its replacement.
    pub fn offset(&self, original: usize) -> usize {
        match self.shifts.partition_point(|&(o, _)| o <= original) {
            0 => original,
            n => {
                let (o, s) = self.shifts[n - 1];
                s + (original - o)
            }
        }
    }
}

/// The largest char boundary at or before `i`.
pub fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A text as miette reads it for the human report: named, with its line
/// index, so that each read takes the lines it needs instead of counting
/// from the start of the file.
pub(crate) struct View<'a> {
    /// The name, its control characters made visible.
    name: std::borrow::Cow<'a, str>,
    text: &'a str,
    lines: &'a LineIndex,
}

impl SourceFile {
    /// The text the human report draws: control characters made visible
    /// ([`SourceFile::shown`]), else the text itself.
    pub(crate) fn view(&self) -> View<'_> {
        match self.shown() {
            Some(shown) => View {
                name: escape_controls(&self.name),
                text: &shown.text,
                lines: &shown.lines,
            },
            None => View {
                name: escape_controls(&self.name),
                text: &self.text,
                lines: self.lines(),
            },
        }
    }

    /// A span of the text as a span of [`SourceFile::view`].
    pub(crate) fn view_span(&self, span: Span) -> Span {
        match self.shown() {
            Some(shown) => Span::new(shown.offset(span.start), shown.offset(span.end)),
            None => span,
        }
    }
}

/// What miette's own reader for `str` returns, found through the line
/// index: the lines of the span with `before` and `after` lines of context
/// (the span itself when both are 0), the 0-based line and column (in
/// characters) of the first byte, and, as miette counts it, the number of
/// line breaks from the start of the text to the end of the contents.
fn read_span<'t>(
    name: &str,
    text: &'t str,
    lines: &LineIndex,
    span: &miette::SourceSpan,
    before: usize,
    after: usize,
) -> Result<miette::MietteSpanContents<'t>, miette::MietteError> {
    let is_break = |at: usize| matches!(text.as_bytes().get(at), Some(b'\n' | b'\r'));
    let start = span.offset();
    if start + span.len() > text.len() + 1 {
        return Err(miette::MietteError::OutOfBounds);
    }
    // The last byte of the span, and the line that holds it.
    let last = start + span.len().saturating_sub(1);
    let last_line = lines.line(last.min(text.len()));
    let end = if span.is_empty() && start > 0 {
        // An empty span: its line, with the lines after it.
        match after {
            0 => start,
            _ => lines.next_start(text, lines.line(start.min(text.len())) + after),
        }
    } else if last >= text.len() {
        text.len()
    } else if after == 0 {
        if is_break(last) {
            lines.next_start(text, last_line)
        } else {
            last + 1
        }
    } else {
        // A span that ends on a line break has its line's break behind it:
        // miette then shows one line more.
        let extra = usize::from(is_break(last));
        lines.next_start(text, last_line + after + extra)
    };
    let first_line = lines.line(start.min(text.len()));
    let (from, line, column) = if before == 0 {
        let line_start = lines.start(first_line);
        let upto = start.min(lines.end(text, first_line)).max(line_start);
        let upto = floor_char_boundary(text, upto);
        (start, first_line, char_count(&text[line_start..upto]))
    } else {
        let line = first_line.saturating_sub(before);
        (lines.start(line), line, 0)
    };
    let from = from.min(end);
    Ok(miette::MietteSpanContents::new_named(
        name.to_string(),
        &text.as_bytes()[from..end],
        (from, end - from).into(),
        line,
        column,
        lines.line(end),
    ))
}

impl miette::SourceCode for View<'_> {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let contents = read_span(&self.name, self.text, self.lines, span, before, after)?;
        Ok(Box::new(contents))
    }
}

impl miette::SourceCode for SourceFile {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let contents = read_span(&self.name, &self.text, self.lines(), span, before, after)?;
        Ok(Box::new(contents))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use miette::SourceCode;

    #[test]
    fn line_col_counts_characters() {
        let f = SourceFile::new("x", "ab\ncdé\nf");
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(3), (2, 1));
        assert_eq!(f.line_col(5), (2, 3));
        assert_eq!(f.line_col(8), (3, 1));
        assert_eq!(f.line_col(99), (3, 2));
    }

    #[test]
    fn lines_end_at_lf_crlf_and_a_cr_alone() {
        for (text, breaks) in [
            ("a\nbc\nd", ["\n", "\n"]),
            ("a\r\nbc\r\nd", ["\r\n", "\r\n"]),
            ("a\rbc\rd", ["\r", "\r"]),
            ("a\r\nbc\rd", ["\r\n", "\r"]),
        ] {
            let f = SourceFile::new("x", text);
            assert_eq!(f.lines().len(), 3, "{text:?}");
            let d = text.rfind('d').unwrap();
            assert_eq!(f.line_col(d), (3, 1), "{text:?}");
            let c = text.find('c').unwrap();
            assert_eq!(f.line_col(c), (2, 2), "{text:?}");
            assert_eq!(f.lines().end(text, 1), c + 1, "{text:?}");
            assert_eq!(
                &text[f.lines().end(text, 0)..f.lines().start(1)],
                breaks[0],
                "{text:?}"
            );
            assert_eq!(f.line_range(Span::new(c, c)), f.lines().start(1)..c + 1);
        }
    }

    #[test]
    fn serde_json_positions_count_lf_lines_and_bytes() {
        let text = "{\n  \"é\": x\n}";
        let err = serde_json::from_str::<serde_json::Value>(text).unwrap_err();
        assert_eq!(serde_json_offset(text, err.line(), err.column()), 10);
        assert_eq!(&text[10..11], "x");
        assert_eq!(serde_json_offset(text, 9, 1), text.len());
    }

    /// Texts with every kind of line break, blank lines and breaks at both
    /// ends.
    const TEXTS: [&str; 6] = [
        "aggregation Case {\n    fields A, B\n}\n",
        "a\r\nbb\r\n\r\nccc\r\n",
        "\nx\n\ny z\n\n",
        "one line, no break",
        "a\rb\r\rc\r\nd\n",
        "",
    ];

    /// The line index answers what miette's own reader answers (which reads
    /// the text from its start each time) for the context its graphical
    /// report asks for, but for the column, which miette counts in bytes:
    /// the same in these ASCII texts.
    #[test]
    fn the_view_reads_spans_as_miette_does() {
        for text in TEXTS {
            let lines = LineIndex::new(text);
            let view = View {
                name: "x".into(),
                text,
                lines: &lines,
            };
            // Spans never start or end inside a CRLF.
            let inside_crlf = |at: usize| at > 0 && at < text.len() && &text[at - 1..=at] == "\r\n";
            for start in (0..=text.len()).filter(|&at| !inside_crlf(at)) {
                for len in (0..=(text.len() + 1 - start)).filter(|&len| !inside_crlf(start + len)) {
                    for (before, after) in [(0, 0), (1, 1), (2, 2), (1, 0)] {
                        let span: miette::SourceSpan = (start, len).into();
                        let ours = view.read_span(&span, before, after);
                        let theirs = text.read_span(&span, before, after);
                        let what = format!("{text:?} {start}+{len} ({before}, {after})");
                        match (ours, theirs) {
                            (Ok(a), Ok(b)) => {
                                assert_eq!(a.data(), b.data(), "{what}");
                                assert_eq!(a.span(), b.span(), "{what}");
                                assert_eq!(a.line(), b.line(), "{what}");
                                assert_eq!(a.column(), b.column(), "{what}");
                                assert_eq!(a.line_count(), b.line_count(), "{what}");
                            }
                            (Err(_), Err(_)) => {}
                            (a, b) => panic!("{what}: {:?} vs {:?}", a.is_ok(), b.is_ok()),
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn control_characters_are_shown_and_spans_follow() {
        let f = SourceFile::new("x", "a\u{1b}[31mb\0c\rd\r\ne\u{9b}f");
        let shown = f.shown().expect("there are controls");
        assert_eq!(shown.text, "a\u{241b}[31mb\u{2400}c\nd\r\ne<U+009B>f");
        let c = f.text.find('c').unwrap();
        let f_at = f.text.find('f').unwrap();
        assert_eq!(&shown.text[shown.offset(c)..shown.offset(c) + 1], "c");
        assert_eq!(&shown.text[shown.offset(f_at)..], "f");
        assert_eq!(shown.offset(0), 0);
        // Lines and columns are those of the text.
        let e = f.text.find('e').unwrap();
        assert_eq!(f.line_col(e), (3, 1));
        assert_eq!(
            shown.lines.line(shown.offset(e)) + 1,
            f.line_col(e).0,
            "the shown text has the same lines"
        );
        assert!(SourceFile::new("x", "a\tb\r\nc\n").shown().is_none());
        assert_eq!(escape_controls("a\rb\u{1b}"), "a\u{240d}b\u{241b}");
        assert_eq!(escape_controls("plain `x`"), "plain `x`");
    }
}
