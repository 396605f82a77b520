//! The canonical layout of a `.hier` file (`hierc fmt`), and the text of a
//! syntax tree (`hierc import`). docs/language.md, "Canonical layout", says
//! what the layout is.
//!
//! Statements and block items keep their source order. Each becomes one or
//! more output lines: a statement without a block is one line; a statement
//! with a non-empty block is its header (ending in `{`), one line per item,
//! and `}`. Comments are placed by where they sit between those lines in the
//! source: a comment after a line's code on the same source line stays at the
//! end of that line; any other comment gets a line of its own before the next
//! line, at its indentation. A comment inside what becomes one line (between
//! the parts of a statement written over several lines) moves just before
//! that line.

use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::source::{SourceFile, Span};
use crate::syntax::{self, ast};

/// One level of indentation inside a block.
const INDENT: &str = "    ";

/// What separates a trailing comment from the code before it.
const BEFORE_TRAILING_COMMENT: &str = "  ";

/// The canonical text of a source file, or its syntax errors when it does
/// not parse (a file that does not parse is never formatted).
pub fn format(source: &Arc<SourceFile>) -> Result<String, Vec<Diagnostic>> {
    let mut diags = Diagnostics::new();
    let file = syntax::parse(source, &mut diags);
    if diags.has_errors() || file.incomplete {
        return Err(diags.finish(source));
    }
    Ok(layout(&file, Some(&source.text)))
}

/// The canonical text of a syntax tree that has no source text (spans are
/// not read): no comments, and blank lines only where the layout requires
/// them. `format` of the result gives it back unchanged.
pub fn render(file: &ast::File) -> String {
    layout(file, None)
}

/// One output line of code, before comments are placed.
struct Line {
    /// Where its code starts in the source.
    start: usize,
    /// Block depth: 0 at the top level, 1 for block items.
    depth: usize,
    text: String,
    /// The index of its statement.
    statement: usize,
    role: Role,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    /// The first line of a statement; `{` ends it when the block has items.
    Head,
    Item,
    /// The `}` closing a block.
    Close,
}

/// A line of output: code, or a comment, with whether a blank line comes
/// before it.
struct Out {
    blank_before: bool,
    depth: usize,
    text: String,
    /// A code line (with its trailing comment, if any), not a comment line.
    code: bool,
}

fn layout(file: &ast::File, text: Option<&str>) -> String {
    let lines: Vec<Line> = file
        .statements
        .iter()
        .enumerate()
        .flat_map(|(i, s)| statement_lines(i, s, text))
        .collect();
    let out = match text {
        Some(text) => place_comments(file, &lines, text),
        None => lines
            .iter()
            .map(|l| code_line(l, false, l.text.clone()))
            .collect(),
    };
    let out = with_layout_blanks(file, &lines, out);
    join(&out)
}

fn code_line(line: &Line, blank_before: bool, text: String) -> Out {
    Out {
        blank_before,
        depth: line.depth,
        text,
        code: true,
    }
}

fn comment_line(blank_before: bool, depth: usize, c: &ast::Comment) -> Out {
    Out {
        blank_before,
        depth,
        text: comment(c),
        code: false,
    }
}

/// `#` and the comment's text, without spaces at its end.
fn comment(c: &ast::Comment) -> String {
    format!("#{}", c.text.trim_end())
}

// ---------------------------------------------------------------- code lines

fn statement_lines(index: usize, s: &ast::Statement, text: Option<&str>) -> Vec<Line> {
    let line = |start, depth, text, role| Line {
        start,
        depth,
        text,
        statement: index,
        role,
    };
    let (head, span, block) = match s {
        ast::Statement::Connector { name, span } => {
            (format!("connector {}", quote(&name.value)), span, None)
        }
        ast::Statement::Api { version, span } => (format!("api {}", version.name), span, None),
        ast::Statement::Aggregation(a) => {
            let annotations = annotations(&a.annotations, text);
            let head = format!("aggregation {}{annotations}", a.object.name);
            (head, &a.span, a.block.as_ref())
        }
        ast::Statement::Edge(e) => (edge_head(e, text), &e.span, e.block.as_ref()),
    };
    let Some(block) = block.filter(|b| !b.items.is_empty()) else {
        let empty_block = if block.is_some() { " {}" } else { "" };
        return vec![line(
            span.start,
            0,
            format!("{head}{empty_block}"),
            Role::Head,
        )];
    };
    let mut lines = vec![line(span.start, 0, format!("{head} {{"), Role::Head)];
    for item in &block.items {
        let (start, text) = block_item(item);
        lines.push(line(start, 1, text, Role::Item));
    }
    let close = block.span.end.saturating_sub(1);
    lines.push(line(close, 0, "}".into(), Role::Close));
    lines
}

fn edge_head(e: &ast::Edge, text: Option<&str>) -> String {
    let via = e
        .via
        .as_ref()
        .map(|v| format!(" via {}", v.name))
        .unwrap_or_default();
    format!(
        "{} > {}{via}{}",
        e.parent.name,
        e.child.name,
        annotations(&e.annotations, text)
    )
}

/// ` <a, b>`, or nothing.
fn annotations(list: &[ast::Annotation], text: Option<&str>) -> String {
    if list.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = list.iter().map(|a| annotation(a, text)).collect();
    format!(" <{}>", parts.join(", "))
}

fn annotation(a: &ast::Annotation, text: Option<&str>) -> String {
    match &a.kind {
        ast::AnnotationKind::SelfRecord => "self".into(),
        ast::AnnotationKind::Files if text.is_some_and(|t| says_files(t, a.span)) => {
            "binary files".into()
        }
        ast::AnnotationKind::Files => "binary".into(),
        ast::AnnotationKind::Field(b) => {
            let mut out = format!("binary {}", b.field.name);
            for m in &b.mime {
                match m {
                    ast::Mime::Literal(s) => out.push_str(&format!(" as {}", quote(&s.value))),
                    ast::Mime::Field(f) => out.push_str(&format!(" as {}", f.name)),
                }
            }
            for n in &b.file_name {
                out.push_str(&format!(" named {}", n.name));
            }
            out
        }
    }
}

/// Was this Files annotation written `binary files` (rather than `binary`)?
/// Both mean the same; the layout keeps the one written.
fn says_files(text: &str, span: Span) -> bool {
    let written = text.get(span.start..span.end).unwrap_or_default();
    let mut words = written.split(|c: char| c.is_whitespace() || c == '\u{FEFF}');
    words.any(|w| w == "files")
}

/// Where an item starts in the source, and its one line.
fn block_item(item: &ast::BlockItem) -> (usize, String) {
    match item {
        ast::BlockItem::Mapping(m) => (
            m.span.start,
            format!("{} = {}", m.core.name, value(&m.value)),
        ),
        ast::BlockItem::Fields { fields, span } => {
            (span.start, format!("fields {}", names(fields)))
        }
        ast::BlockItem::Ref(r) => {
            let target = r
                .target
                .as_ref()
                .map(|t| format!(" -> {}", t.name))
                .unwrap_or_default();
            let prefix = r
                .prefix
                .as_ref()
                .map(|p| format!(" as {}", p.name))
                .unwrap_or_default();
            let line = format!(
                "ref {}{target} {{ {} }}{prefix}",
                r.field.name,
                names(&r.fields)
            );
            (r.span.start, line)
        }
    }
}

fn value(v: &ast::Value) -> String {
    match v {
        ast::Value::Path(hops) => hops
            .iter()
            .map(|h| h.name.as_str())
            .collect::<Vec<_>>()
            .join("."),
        ast::Value::Literal(s) => quote(&s.value),
        ast::Value::Derived { name, .. } => format!("@{}", name.name),
    }
}

fn names(list: &[ast::Ident]) -> String {
    list.iter()
        .map(|i| i.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A string literal, escaped: `\"` and `\\`.
pub fn quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        if matches!(c, '"' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

// ---------------------------------------------------------------- comments

/// Where a comment goes, relative to the output lines.
#[derive(Default)]
struct Placed<'c> {
    /// Own-line comments before a line, in source order.
    before: Vec<&'c ast::Comment>,
    /// Comments inside what becomes the line: they move before it.
    inside: Vec<&'c ast::Comment>,
    /// The comment after the line's code on the same source line.
    trailing: Option<&'c ast::Comment>,
}

/// The code lines with the comments placed, and the source's blank lines
/// (at most one in a row).
fn place_comments(file: &ast::File, lines: &[Line], text: &str) -> Vec<Out> {
    let ends: Vec<usize> = (0..lines.len())
        .map(|i| {
            let region_end = lines.get(i + 1).map_or(text.len(), |l| l.start);
            code_end(text, lines[i].start, region_end, &file.comments)
        })
        .collect();
    // Where the first line break after each line's code is: a comment
    // before it trails the code. Found once per line, so that the comments
    // after a line cost nothing more each.
    let breaks: Vec<usize> = ends
        .iter()
        .map(|&end| {
            text[end..]
                .find(['\n', '\r'])
                .map_or(text.len(), |i| end + i)
        })
        .collect();
    // One slot per line, and one for the comments after the last line.
    let mut placed: Vec<Placed> = (0..=lines.len()).map(|_| Placed::default()).collect();
    for c in &file.comments {
        // The last line starting before the comment.
        let Some(i) = lines
            .partition_point(|l| l.start <= c.span.start)
            .checked_sub(1)
        else {
            placed[0].before.push(c);
            continue;
        };
        if c.span.start < ends[i] {
            placed[i].inside.push(c);
        } else if c.span.start <= breaks[i] {
            placed[i].trailing = Some(c);
        } else {
            placed[i + 1].before.push(c);
        }
    }

    let mut out = Vec::new();
    let mut prev_end = 0;
    for (i, slot) in placed.iter().enumerate() {
        let line = lines.get(i);
        // Comments before `}` belong to the block's items.
        let depth = line.map_or(0, |l| l.depth + usize::from(l.role == Role::Close));
        for c in &slot.before {
            let blank_before = has_blank_line(&text[prev_end..c.span.start]);
            out.push(comment_line(blank_before, depth, c));
            prev_end = c.span.end;
        }
        let Some(line) = line else { break };
        let mut blank_before = has_blank_line(&text[prev_end..line.start]);
        for c in &slot.inside {
            out.push(comment_line(blank_before, line.depth, c));
            blank_before = false;
        }
        let mut code = code_line(line, blank_before, line.text.clone());
        if let Some(c) = slot.trailing {
            code.text = format!("{}{BEFORE_TRAILING_COMMENT}{}", code.text, comment(c));
        }
        out.push(code);
        prev_end = slot.trailing.map_or(ends[i], |c| c.span.end);
    }
    out
}

/// The end of the last code in `text[start..end]`: spaces, line breaks,
/// `;` and comments (sorted, as parsed) are not code.
fn code_end(text: &str, start: usize, end: usize, comments: &[ast::Comment]) -> usize {
    let mut pos = end;
    loop {
        let trimmed = text[start..pos]
            .trim_end_matches(|c: char| c.is_whitespace() || c == ';' || c == '\u{FEFF}');
        pos = start + trimmed.len();
        // The comment that the last character left belongs to, if any.
        let before = comments.partition_point(|c| c.span.start < pos);
        match before.checked_sub(1).map(|i| &comments[i]) {
            Some(c) if c.span.start >= start && pos <= c.span.end => pos = c.span.start,
            _ => return pos,
        }
    }
}

fn line_breaks(between: &str) -> usize {
    between.matches('\n').count() + between.matches('\r').count() - between.matches("\r\n").count()
}

fn has_blank_line(between: &str) -> bool {
    line_breaks(between) > 1
}

// ---------------------------------------------------------------- blank lines

/// Blank lines the layout requires (between the header statements and the
/// others, after a statement with a block) and forbids (at the start of
/// the file, just inside `{` and before `}`). `outs` has one code line per
/// line of `lines`, in order, and comment lines between them.
fn with_layout_blanks(file: &ast::File, lines: &[Line], mut outs: Vec<Out>) -> Vec<Out> {
    // Where each code line is in `outs`. The group of a statement's first
    // line starts after the previous code line: its comments come first.
    let code_at: Vec<usize> = (0..outs.len()).filter(|&i| outs[i].code).collect();
    let mut group_start = 0;
    for (i, line) in lines.iter().enumerate() {
        let at = code_at[i];
        match line.role {
            Role::Head => {
                if line.statement > 0 && needs_blank(file, line.statement) {
                    outs[group_start].blank_before = true;
                }
            }
            Role::Item if lines[i - 1].role == Role::Head => {
                // The first line inside `{`: whatever comes first.
                let first = code_at[i - 1] + 1;
                outs[first].blank_before = false;
            }
            Role::Close => outs[at].blank_before = false,
            Role::Item => {}
        }
        group_start = at + 1;
    }
    if let Some(first) = outs.first_mut() {
        first.blank_before = false;
    }
    outs
}

/// Is a blank line required between statement `i - 1` and statement `i`?
/// Between the header statements and the others, and after a block.
fn needs_blank(file: &ast::File, i: usize) -> bool {
    let (a, b) = (&file.statements[i - 1], &file.statements[i]);
    is_header(a) != is_header(b) || has_items(a)
}

fn is_header(s: &ast::Statement) -> bool {
    matches!(
        s,
        ast::Statement::Connector { .. } | ast::Statement::Api { .. }
    )
}

fn has_items(s: &ast::Statement) -> bool {
    let block = match s {
        ast::Statement::Aggregation(a) => a.block.as_ref(),
        ast::Statement::Edge(e) => e.block.as_ref(),
        _ => None,
    };
    block.is_some_and(|b| !b.items.is_empty())
}

fn join(outs: &[Out]) -> String {
    let mut text = String::new();
    for o in outs {
        if o.blank_before {
            text.push('\n');
        }
        for _ in 0..o.depth {
            text.push_str(INDENT);
        }
        text.push_str(&o.text);
        text.push('\n');
    }
    text
}
