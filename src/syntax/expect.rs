//! Grammar rules in words, for syntax errors. Every rule has an entry, so a
//! new rule cannot reach users by its name.

use super::Rule;

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
        | Rule::braced => return None,
    })
}

/// The phrases for a list of rules, without repeats, in a fixed order.
pub fn phrases(rules: &[Rule]) -> Vec<String> {
    let mut out: Vec<(usize, &'static str)> = rules
        .iter()
        .filter_map(|&r| phrase(r).map(|p| (rank(p), p)))
        .collect();
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
        Some('"') => rest[1..]
            .find(['"', '\n'])
            .map_or(rest.len(), |i| i + 2)
            .min(rest.len()),
        Some('-') if rest.starts_with("->") => 2,
        Some(c) => c.len_utf8(),
    }
}

/// A hint for common slips.
pub fn help(expected: &[String], text: &str, at: usize) -> Option<String> {
    let rest = &text[at.min(text.len())..];
    let word: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    let expects = |p: &str| expected.iter().any(|e| e == p);
    if rest.starts_with('"') && expects("a string in double quotes") {
        return Some("a string ends with `\"` on the same line; escape quotes inside as `\\\"`".into());
    }
    if expects("a line break") && !word.is_empty() {
        return Some("put each statement on its own line, or separate them with `;`".into());
    }
    if expects("`,`") && !word.is_empty() {
        return Some("separate names with commas".into());
    }
    if rest.starts_with('\'') {
        return Some("strings use double quotes".into());
    }
    None
}
