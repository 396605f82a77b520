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

use pest::Parser;

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
    loop {
        pos = skip_trivia(text, pos);
        if pos >= text.len() {
            break;
        }
        match HierParser::parse(Rule::statement_line, &text[pos..]) {
            Ok(mut pairs) => {
                let Some(line) = pairs.next() else { break };
                let end = pos + line.as_span().end();
                match build::statement_line(line, pos, text, diags) {
                    Some(statement) => file.statements.push(statement),
                    None => file.incomplete = true,
                }
                // A statement always consumes something; guard anyway.
                pos = end.max(pos + 1);
            }
            Err(error) => {
                file.incomplete = true;
                let at = pos + error_offset(&error);
                diags.push(syntax_error(text, &error, pos, Some(pos)));
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
                pos = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
            }
            _ if text[pos..].starts_with('\u{FEFF}') => pos += '\u{FEFF}'.len_utf8(),
            _ => break,
        }
    }
    pos
}

/// Every `#` comment outside a string.
fn comments(text: &str) -> Vec<ast::Comment> {
    let mut out = Vec::new();
    let mut in_string = false;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        match c {
            '\\' if in_string => {
                iter.next();
            }
            '"' => in_string = !in_string,
            '\n' => in_string = false,
            '#' if !in_string => {
                let end = text[i..].find('\n').map_or(text.len(), |n| i + n);
                let body = text[i + 1..end].trim_end_matches('\r');
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
                if i >= at && (depth == 0 || starts_statement(&text[i + 1..])) {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    text.len()
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
    let at = (offset + error_offset(error)).min(text.len());
    let (expected, unexpected) = match &error.variant {
        pest::error::ErrorVariant::ParsingError {
            positives,
            negatives,
        } => (
            expect::phrases(positives),
            expect::phrases(negatives),
        ),
        pest::error::ErrorVariant::CustomError { message } => (vec![message.clone()], vec![]),
    };
    let found = expect::found(text, at);
    let mut message = if expected.is_empty() {
        format!("unexpected {found}")
    } else {
        format!(
            "expected {}, found {found}",
            crate::diagnostics::suggest::join_words(&expected, "or")
        )
    };
    if !unexpected.is_empty() {
        message.push_str(&format!(
            " (not {})",
            crate::diagnostics::suggest::join_words(&unexpected, "or")
        ));
    }
    let len = expect::token_len(text, at);
    let mut d = Diagnostic::new(Code::E001, message).label(
        Span::new(at, at + len),
        if expected.is_empty() {
            "unexpected here".to_string()
        } else {
            format!("expected {}", expected[0])
        },
    );
    if let Some(start) = statement {
        if let Some(open) = unclosed_brace(text, start, at) {
            d = d.label(Span::new(open, open + 1), "this `{` is not closed");
        }
    }
    if let Some(help) = expect::help(&expected, text, at) {
        d = d.help(help);
    }
    d
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
