//! Parsing: text to an owned, spanned syntax tree. pest's `Pairs` never leave
//! this module.
//!
//! The parser takes one top-level statement at a time. When a statement does
//! not parse, the error says what was expected at the exact place, and parsing
//! resumes at the next statement boundary, so one run reports every broken
//! statement. Nothing here recurses on input nesting, so hostile input cannot
//! overflow the stack.

pub mod ast;
mod build;
mod expect;
mod tokens;

pub use tokens::{tokens, Token, TokenKind};

use pest::Parser;

use crate::diagnostics::suggest::join_words;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::source::{SourceFile, Span};

#[derive(pest_derive::Parser)]
#[grammar = "grammar/hier.pest"]
struct HierParser;

/// Parses a whole file. Never fails: statements that do not parse are
/// reported and left out (`File::incomplete` is then set).
pub fn parse(source: &SourceFile, diags: &mut Diagnostics) -> ast::File {
    let text = source.text.as_str();
    let mut file = ast::File {
        comments: comments(text),
        ..ast::File::default()
    };
    let mut pos = 0;
    // After an unclosed `{`, the next stray `}` most likely closes it: it is
    // skipped rather than reported again.
    let mut unclosed = false;
    loop {
        pos = skip_trivia(text, pos);
        if pos >= text.len() {
            break;
        }
        if unclosed && text[pos..].starts_with('}') {
            unclosed = false;
            pos += 1;
            continue;
        }
        match HierParser::parse(Rule::statement_line, &text[pos..]) {
            Ok(mut pairs) => {
                let Some(line) = pairs.next() else { break };
                let end = pos + line.as_span().end();
                // A bad block item is reported and left out: the file is then
                // incomplete too, so that no check reports a consequence.
                let errors = diags.error_count();
                match build::statement_line(line, pos, text, diags) {
                    Some(statement) => file.statements.push(statement),
                    None => file.incomplete = true,
                }
                file.incomplete |= diags.error_count() > errors;
                // A statement always consumes something; guard anyway.
                pos = end.max(pos + 1);
            }
            Err(error) => {
                file.incomplete = true;
                // Resume at the next statement: when the error is on a line
                // that starts one (an unclosed `{`), that line is not skipped.
                let raw = pos + error_offset(&error);
                let line_start = text[..raw].rfind('\n').map_or(0, |i| i + 1);
                let at = if line_start > pos && starts_statement(&text[line_start..]) {
                    back_to_line_end(text, line_start)
                } else {
                    back_to_line_end(text, raw)
                };
                let at = at.max(pos);
                let d = syntax_error(text, &error, pos, Some(pos));
                unclosed |= d.message == UNCLOSED;
                diags.push(d);
                pos = recover(text, pos, at);
            }
        }
    }
    file
}

/// Skips spaces, line breaks, `;` and comments.
fn skip_trivia(text: &str, mut pos: usize) -> usize {
    let bytes = text.as_bytes();
    while pos < bytes.len() {
        match bytes[pos] {
            b' ' | b'\t' | b'\r' | b'\n' | b';' => pos += 1,
            b'#' => {
                pos = text[pos..]
                    .find(['\n', '\r'])
                    .map_or(text.len(), |i| pos + i);
            }
            _ if text[pos..].starts_with('\u{FEFF}') => pos += '\u{FEFF}'.len_utf8(),
            _ => break,
        }
    }
    pos
}

/// Every `#` comment outside a string.
pub fn comments(text: &str) -> Vec<ast::Comment> {
    let mut out = Vec::new();
    let mut in_string = false;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        match c {
            '\\' if in_string => {
                iter.next();
            }
            '"' => in_string = !in_string,
            '\n' | '\r' => in_string = false,
            '#' if !in_string => {
                // A comment ends at any line break: LF, CRLF or CR.
                let end = text[i..].find(['\n', '\r']).map_or(text.len(), |n| i + n);
                let body = &text[i + 1..end];
                out.push(ast::Comment {
                    text: body.to_string(),
                    span: Span::new(i, i + 1 + body.len()),
                });
                while iter.peek().is_some_and(|&(j, _)| j < end) {
                    iter.next();
                }
            }
            _ => {}
        }
    }
    out
}

/// Where to resume after a statement starting at `start` failed at `at`: after
/// the first line break (or `;`) at or after `at` that is outside braces, or
/// before a line that starts a new top-level statement.
fn recover(text: &str, start: usize, at: usize) -> usize {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut in_string = false;
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => in_string = !in_string,
            b'\\' if in_string => i += 1,
            b'#' if !in_string => {
                i = text[i..].find('\n').map_or(text.len(), |n| i + n);
                continue;
            }
            b'{' if !in_string => depth += 1,
            b'}' if !in_string => depth = depth.saturating_sub(1),
            b';' if !in_string && depth == 0 && i >= at => return i + 1,
            b'\n' => {
                in_string = false;
                let next = &text[i + 1..];
                if i >= at && (depth == 0 && !continues(next) || starts_statement(next)) {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    text.len()
}

/// Does the text after a line break go on with the statement before it (a
/// block or annotations on the next line, a list going on after a comma)?
fn continues(rest: &str) -> bool {
    rest[skip_trivia(rest, 0)..].starts_with(['{', '}', '<', '>', ','])
}

/// Does this line look like the start of a top-level statement?
fn starts_statement(line: &str) -> bool {
    let line = line.trim_start_matches([' ', '\t']);
    let word_len = line
        .bytes()
        .position(|b| !(b.is_ascii_alphanumeric() || b == b'_'))
        .unwrap_or(line.len());
    let (word, rest) = line.split_at(word_len);
    if word.is_empty() || !word.as_bytes()[0].is_ascii_alphabetic() {
        return false;
    }
    matches!(word, "aggregation" | "connector" | "api")
        || rest.trim_start_matches([' ', '\t']).starts_with('>')
}

fn error_offset(error: &pest::error::Error<Rule>) -> usize {
    match error.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((a, _)) => a,
    }
}

/// An E001 for a pest error in the text starting at `offset`. `statement`
/// is where the failing statement starts, to point at an unclosed `{`.
fn syntax_error(
    text: &str,
    error: &pest::error::Error<Rule>,
    offset: usize,
    statement: Option<usize>,
) -> Diagnostic {
    let raw = (offset + error_offset(error)).min(text.len());
    let at = back_to_line_end(text, raw).max(offset);
    let open = statement.and_then(|start| unclosed_brace(text, start, at));
    if let Some(open) = open {
        if at_statement_or_end(text, raw) {
            let line_start = text[..raw].rfind('\n').map_or(0, |i| i + 1);
            return unclosed(open, back_to_line_end(text, line_start));
        }
    }
    if let Some((span, message, label)) = expect::bad_string(text, at) {
        return Diagnostic::new(Code::E001, message)
            .label(span, label)
            .help("a string is written on one line, between double quotes; escape `\"` and `\\` inside as `\\\"` and `\\\\`");
    }
    // Negatives come only from lookaheads (`!ident_char` after a keyword,
    // statement starts in blocks) and never say anything useful.
    let expected = match &error.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => expect::phrases(positives),
        pest::error::ErrorVariant::CustomError { message } => vec![message.clone()],
    };
    let found = expect::found(text, at);
    let message = if expected.is_empty() {
        format!("unexpected {found}")
    } else {
        format!("expected {}, found {found}", join_words(&expected, "or"))
    };
    let len = expect::token_len(text, at);
    let label = if expected.is_empty() || expected.len() > 3 {
        "unexpected here".to_string()
    } else {
        format!("expected {}", join_words(&expected, "or"))
    };
    let mut d = Diagnostic::new(Code::E001, message).label(Span::new(at, at + len), label);
    if let Some(open) = open {
        d = d.label(Span::new(open, open + 1), "this `{` is not closed");
    }
    if let Some(help) = expect::help(&expected, text, at, statement.is_none()) {
        d = d.help(help);
    }
    d
}

const UNCLOSED: &str = "unclosed `{`";

/// A block that runs into the next statement or the end of the file.
fn unclosed(open: usize, at: usize) -> Diagnostic {
    Diagnostic::new(Code::E001, UNCLOSED)
        .label(Span::new(open, open + 1), "this `{` is not closed")
        .label(Span::new(at, at), "expected `}` here")
        .help("close the block with `}` before the next statement")
}

/// Is `pos` at the end of the file, or on a line that starts a statement?
fn at_statement_or_end(text: &str, pos: usize) -> bool {
    let line_start = text[..pos].rfind('\n').map_or(0, |i| i + 1);
    pos >= text.trim_end().len() || starts_statement(&text[line_start..])
}

/// When an error sits at the start of a later line (the grammar let the
/// statement go on past a line break), the end of the last line with a token
/// is the better place: `expected `>`, found end of line`.
fn back_to_line_end(text: &str, at: usize) -> usize {
    const SPACE: [char; 4] = [' ', '\t', '\r', '\n'];
    let before = &text[..at];
    let mut trimmed = before.trim_end_matches(SPACE);
    if !before[trimmed.len()..].contains('\n') {
        return at;
    }
    // Skip back over comments, and lines that hold only a comment.
    while !trimmed.is_empty() {
        let line_start = trimmed.rfind('\n').map_or(0, |i| i + 1);
        let line = &trimmed[line_start..];
        let code = match comment_start(line) {
            Some(c) => line[..c].trim_end_matches([' ', '\t']),
            None => line,
        };
        if !code.is_empty() {
            return line_start + code.len();
        }
        trimmed = text[..line_start].trim_end_matches(SPACE);
    }
    at
}

/// Where a `#` comment starts on a line, outside strings.
fn comment_start(line: &str) -> Option<usize> {
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            '#' if !in_string => return Some(i),
            _ => {}
        }
    }
    None
}

/// The last `{` between `start` and `end` that has no `}` before `end`.
fn unclosed_brace(text: &str, start: usize, end: usize) -> Option<usize> {
    let mut open = Vec::new();
    let mut in_string = false;
    let bytes = text.as_bytes();
    let mut i = start;
    while i < end.min(bytes.len()) {
        match bytes[i] {
            b'"' => in_string = !in_string,
            b'\n' => in_string = false,
            b'\\' if in_string => i += 1,
            b'{' if !in_string => open.push(i),
            b'}' if !in_string => {
                open.pop();
            }
            _ => {}
        }
        i += 1;
    }
    open.last().copied()
}

/// The item inside a block that no rule accepted, parsed alone to say what
/// was expected.
fn explain_bad_item(text: &str, span: Span) -> Diagnostic {
    let item = &text[span.start..span.end];
    let word_len = expect::token_len(text, span.start).min(item.len());
    let word = &item[..word_len];
    if let Some(kw) = ["fields", "ref"]
        .into_iter()
        .find(|kw| *kw != word && kw.eq_ignore_ascii_case(word))
    {
        return Diagnostic::new(Code::E001, format!("`{word}` is not a keyword"))
            .label(
                Span::new(span.start, span.start + word_len),
                format!("write `{kw}`"),
            )
            .help("keywords are lower case");
    }
    match HierParser::parse(Rule::block_item_only, &text[span.start..span.end]) {
        Err(error) => syntax_error(text, &error, span.start, None),
        Ok(_) => Diagnostic::new(Code::E001, "this is not a block item")
            .label(span, "not a mapping, `fields` or `ref`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statement_starts_are_recognised() {
        assert!(starts_statement("  Case > Attachment"));
        assert!(starts_statement("aggregation Case"));
        assert!(!starts_statement("  fields Status"));
        assert!(!starts_statement("ref OwnerId -> User { Name }"));
        assert!(!starts_statement("} "));
    }

    #[test]
    fn comments_are_collected_outside_strings() {
        let c = comments("connector \"a # b\" # real\n# two");
        let texts: Vec<&str> = c.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, [" real", " two"]);
    }
}
