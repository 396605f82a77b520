//! Grammar rules in words, for syntax errors. Every rule has an entry, so a
//! new rule cannot reach users by its name.

use super::Rule;
use crate::source::Span;

/// What a rule stands for when it was expected, or `None` for rules that are
/// never worth naming.
fn phrase(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::ident | Rule::field_src => "a name",
        Rule::string | Rule::string_body => "a string in double quotes",
        Rule::version => "a version number like `62.0`",
        Rule::derived => "a derived value like `@RecordUrl`",
        Rule::path => "a field path like `Owner.Name`",
        Rule::value => "a field, a string or `@RecordUrl`",
        Rule::kw_connector | Rule::connector_stmt => "`connector`",
        Rule::kw_api | Rule::api_stmt => "`api`",
        Rule::kw_aggregation | Rule::aggregation_stmt => "`aggregation`",
        Rule::edge_stmt => "an edge like `Case > EmailMessage`",
        Rule::statement_line | Rule::statement => "a statement",
        Rule::kw_via | Rule::via => "`via`",
        Rule::kw_fields | Rule::fields_item => "`fields`",
        Rule::kw_ref | Rule::ref_item => "`ref`",
        Rule::kw_as | Rule::mime_opt => "`as`",
        Rule::kw_named | Rule::name_opt => "`named`",
        Rule::kw_self | Rule::self_ann => "`self`",
        Rule::kw_binary | Rule::binary_ann => "`binary`",
        Rule::kw_files | Rule::files_src => "`files`",
        Rule::annotation => "`self` or `binary`",
        Rule::binary_opt => "`as` or `named`",
        Rule::gt => "`>`",
        Rule::lt | Rule::annotations => "`<`",
        Rule::lbrace | Rule::block => "`{`",
        Rule::rbrace => "`}`",
        Rule::comma => "`,`",
        Rule::equals => "`=`",
        Rule::arrow => "`->`",
        Rule::semi => "`;`",
        Rule::mapping => "a core field mapping like `Title = Subject`",
        Rule::block_item | Rule::block_item_only => "`fields`, `ref` or a core field mapping",
        Rule::EOI => "a line break",
        Rule::WHITESPACE
        | Rule::COMMENT
        | Rule::nl
        | Rule::ident_char
        | Rule::item_sep
        | Rule::bad_item
        | Rule::braced
        | Rule::statement_kw
        | Rule::statement_start
        | Rule::token_stream
        | Rule::token
        | Rule::line_end
        | Rule::open_string
        | Rule::dot
        | Rule::other => return None,
    })
}

/// The phrases for a list of rules, without repeats, in a fixed order. Where
/// a mapping's value is expected, its three forms read as one phrase.
pub fn phrases(rules: &[Rule]) -> Vec<String> {
    let mut out: Vec<(usize, &'static str)> = rules
        .iter()
        .filter_map(|&r| phrase(r).map(|p| (rank(p), p)))
        .collect();
    let value = phrase(Rule::derived);
    if out.iter().any(|(_, p)| Some(*p) == value) {
        let parts = [Rule::derived, Rule::string, Rule::ident, Rule::path].map(phrase);
        out.retain(|(_, p)| !parts.contains(&Some(*p)));
        if let Some(p) = phrase(Rule::value) {
            out.push((rank(p), p));
        }
    }
    out.sort();
    out.dedup();
    out.into_iter().map(|(_, p)| p.to_string()).collect()
}

/// Names first, punctuation next, line ends last.
fn rank(phrase: &str) -> usize {
    if phrase == "a line break" {
        3
    } else if phrase == "`;`" {
        2
    } else if phrase.starts_with('`') {
        1
    } else {
        0
    }
}

/// What is at `at`, in words: `` `foo` ``, `end of line`, `end of file`.
pub fn found(text: &str, at: usize) -> String {
    let rest = &text[at.min(text.len())..];
    match rest.chars().next() {
        None => "end of file".to_string(),
        Some('\n') | Some('\r') => "end of line".to_string(),
        Some(_) => format!("`{}`", &rest[..token_len(text, at)]),
    }
}

/// Length in bytes of the token at `at`: a word, or one character.
pub fn token_len(text: &str, at: usize) -> usize {
    let rest = &text[at.min(text.len())..];
    let word = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
        .count();
    if word > 0 {
        return word;
    }
    match rest.chars().next() {
        None | Some('\n') | Some('\r') => 0,
        Some('"') => match rest[1..].find(['"', '\n']) {
            Some(i) if rest[1 + i..].starts_with('"') => i + 2,
            Some(i) => rest[..1 + i].trim_end_matches('\r').len(),
            None => rest.len(),
        },
        Some('-') if rest.starts_with("->") => 2,
        Some(c) => c.len_utf8(),
    }
}

/// What is wrong with a string literal starting at `at` that the grammar
/// did not accept: where, what, and the label. `None` when there is no
/// string at `at`, or it is well formed.
pub fn bad_string(text: &str, at: usize) -> Option<(Span, &'static str, &'static str)> {
    let rest = text.get(at..)?;
    if !rest.starts_with('"') {
        return None;
    }
    let line = &rest[..rest.find(['\r', '\n']).unwrap_or(rest.len())];
    let mut chars = line.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return None,
            '\\' => match chars.next() {
                Some((_, '"' | '\\')) => {}
                Some((j, e)) => {
                    return Some((
                        Span::new(at + i, at + j + e.len_utf8()),
                        "unknown escape in a string",
                        "only `\\\"` and `\\\\` are escapes",
                    ))
                }
                None => break,
            },
            _ => {}
        }
    }
    Some((
        Span::new(at, at + line.len()),
        "unterminated string",
        "this string has no closing `\"`",
    ))
}

/// A hint for common slips. `in_block` is set for an item inside `{ }`.
pub fn help(expected: &[String], text: &str, at: usize, in_block: bool) -> Option<String> {
    let rest = &text[at.min(text.len())..];
    let word: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    let expects = |p: &str| expected.iter().any(|e| e == p);
    if let Some(kw) = expected
        .iter()
        .filter_map(|e| e.strip_prefix('`').and_then(|e| e.strip_suffix('`')))
        .find(|kw| *kw != word && kw.eq_ignore_ascii_case(&word))
    {
        return Some(format!("keywords are lower case: write `{kw}`"));
    }
    let line = &text[text[..at].rfind('\n').map_or(0, |i| i + 1)..at];
    let first = line
        .trim_start()
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .next()
        .unwrap_or_default();
    if let Some(kw) = ["aggregation", "connector", "api"]
        .into_iter()
        .find(|kw| *kw != first && kw.eq_ignore_ascii_case(first))
    {
        return Some(format!("keywords are lower case: write `{kw}`"));
    }
    if expects("`,`") && !word.is_empty() {
        return Some("separate names with commas".into());
    }
    if expects("a line break") && !word.is_empty() {
        let what = if in_block { "item" } else { "statement" };
        return Some(format!(
            "put each {what} on its own line, or separate them with `;`"
        ));
    }
    if rest.starts_with('\'') {
        return Some("strings use double quotes".into());
    }
    // `as text/html`: a MIME type without its quotes.
    let before = line.trim_end();
    let value = before.trim_end_matches(|c: char| c.is_ascii_alphanumeric() || c == '_');
    let after_as = value
        .trim_end()
        .strip_suffix("as")
        .is_some_and(|s| s.ends_with([' ', '\t']));
    if rest.starts_with('/') && value.len() < before.len() && after_as {
        return Some("write a MIME type as a string: `as \"text/html\"`".into());
    }
    if expects("`>`") && line.rfind('<') > line.rfind('>') {
        return Some("close the annotations with `>`".into());
    }
    None
}
