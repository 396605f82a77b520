//! What a place in a `.hier` text stands for, read from its tokens, so that
//! it works on text that does not parse yet (mid-edit): after `Case >` comes
//! a child of Case, inside `fields` a field of the block's object, and so
//! on. Completion offers what fits the slot at the cursor; hover and go to
//! definition read the slot of the word under the cursor.
//!
//! Statements are found as the parser finds them: a line at the top level
//! starts one unless it continues the line before (it starts with `{`, `}`,
//! `<`, `>`, `,` or `via`, or the line before ends with `>` or `,`), and a
//! line that starts with a statement keyword or `NAME >` starts one even
//! inside an unclosed block.

use crate::source::Span;
use crate::syntax::{Token, TokenKind};

/// What belongs at a place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Slot {
    /// The start of a top-level statement.
    Statement,
    /// The object after `aggregation`.
    Aggregation,
    /// A child object, after `PARENT >`.
    Child { parent: String },
    /// The child's lookup to the parent, after `via`.
    Via { parent: String, child: String },
    /// An annotation, after `<` or `,`.
    Annotation { object: Item },
    /// The field after `binary` (or `files`).
    BinaryField { object: Item },
    /// A field after a binary's `as` or `named`.
    BinaryOption { object: Item },
    /// The start of a block item: a core field, `fields` or `ref`.
    ItemStart { object: Item, mapped: Vec<String> },
    /// A core field mapping's value: a field, a relationship path (the hops
    /// written so far in `path`) or `@RecordUrl`.
    Value {
        object: Item,
        core: String,
        path: Vec<String>,
    },
    /// A metadata field in `fields`; `listed` are those the block lists.
    Fields { object: Item, listed: Vec<String> },
    /// The lookup after `ref`.
    RefField { object: Item },
    /// The target after `ref FIELD ->`.
    RefTarget { object: Item, field: String },
    /// A field of the target inside `ref FIELD [-> TARGET] { }`.
    RefInner {
        object: Item,
        field: String,
        target: Option<String>,
        listed: Vec<String>,
    },
    /// Nothing is offered here (inside a string or comment, after a
    /// complete name, ...).
    Nothing,
}

/// The object of the statement a place is in: the aggregation, or a record
/// (an edge's child, with its parent).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub object: String,
    /// The edge's parent, for a record.
    pub parent: Option<String>,
}

impl Item {
    pub fn is_record(&self) -> bool {
        self.parent.is_some()
    }
}

/// The slot at a place, and the word there that a completion replaces
/// (empty at the place when no word is being typed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct At {
    pub slot: Slot,
    pub word: Span,
}

/// The slot of the cursor at `offset`.
pub fn at_cursor(text: &str, tokens: &[Token], comments: &[Span], offset: usize) -> At {
    let empty = Span::new(offset, offset);
    if comments.iter().any(|c| c.start < offset && offset <= c.end) {
        return At {
            slot: Slot::Nothing,
            word: empty,
        };
    }
    // Tokens that start before the cursor.
    let mut before = tokens.partition_point(|t| t.span.start < offset);
    let mut word = empty;
    if let Some(last) = before.checked_sub(1).map(|i| tokens[i]) {
        match last.kind {
            TokenKind::String if offset < last.span.end => {
                return At {
                    slot: Slot::Nothing,
                    word: empty,
                }
            }
            TokenKind::OpenString => {
                return At {
                    slot: Slot::Nothing,
                    word: empty,
                }
            }
            TokenKind::Ident | TokenKind::Derived if offset <= last.span.end => {
                before -= 1;
                word = Span::new(last.span.start, offset);
            }
            // A lone `@` just typed: the start of `@RecordUrl`.
            TokenKind::Other if last.span.end == offset && last.text(text) == "@" => {
                before -= 1;
                word = Span::new(last.span.start, offset);
            }
            _ => {}
        }
    }
    // A word being typed is replaced whole, up to its end.
    if let Some(t) = tokens.get(before) {
        if word.start == t.span.start && matches!(t.kind, TokenKind::Ident | TokenKind::Derived) {
            word.end = t.span.end;
        }
    }
    At {
        slot: slot(text, tokens, before),
        word,
    }
}

/// The slot of the token `index` (an identifier or derived value), read as
/// if the cursor stood at its start: what the word there names.
pub fn of_token(text: &str, tokens: &[Token], index: usize) -> Slot {
    slot(text, tokens, index)
}

fn is_word(text: &str, t: &Token, word: &str) -> bool {
    t.kind == TokenKind::Ident && t.text(text) == word
}

/// Where the statement that token `i` belongs to starts, for every token.
fn statement_starts(text: &str, tokens: &[Token]) -> Vec<usize> {
    let mut starts = Vec::with_capacity(tokens.len());
    let mut start = 0;
    let mut depth = 0usize;
    let mut line_start = true;
    let mut last_code: Option<TokenKind> = None;
    for (i, t) in tokens.iter().enumerate() {
        if t.kind == TokenKind::LineEnd {
            line_start = true;
            starts.push(start);
            continue;
        }
        if line_start {
            if starts_statement(text, tokens, i) {
                start = i;
                depth = 0;
            } else if depth == 0 && !continues(text, t, last_code) {
                start = i;
            }
        }
        line_start = false;
        match t.kind {
            TokenKind::LBrace => depth += 1,
            TokenKind::RBrace => depth = depth.saturating_sub(1),
            TokenKind::Semi if depth == 0 => line_start = true,
            _ => {}
        }
        last_code = Some(t.kind);
        starts.push(start);
    }
    starts
}

/// Does token `i`, first on its line, start a statement whatever comes
/// before: a statement keyword, or `NAME >`.
fn starts_statement(text: &str, tokens: &[Token], i: usize) -> bool {
    let t = &tokens[i];
    t.kind == TokenKind::Ident
        && (matches!(t.text(text), "aggregation" | "connector" | "api")
            || tokens.get(i + 1).is_some_and(|n| n.kind == TokenKind::Gt))
}

/// Does a line starting with `t` go on with the statement before it?
fn continues(text: &str, t: &Token, last_code: Option<TokenKind>) -> bool {
    matches!(
        t.kind,
        TokenKind::LBrace | TokenKind::RBrace | TokenKind::Lt | TokenKind::Gt | TokenKind::Comma
    ) || is_word(text, t, "via")
        || matches!(
            last_code,
            Some(TokenKind::Gt | TokenKind::Comma | TokenKind::Lt | TokenKind::Arrow)
        )
}

/// The slot after the first `before` tokens.
fn slot(text: &str, tokens: &[Token], before: usize) -> Slot {
    let starts = statement_starts(text, tokens);
    // The statement the place is in: a new one when it stands at the start
    // of a top-level line that does not continue the line before.
    let prev = before.checked_sub(1);
    let start = match prev {
        None => 0,
        Some(p) => {
            let start = starts[p];
            let at_line_start = matches!(tokens[p].kind, TokenKind::LineEnd | TokenKind::Semi);
            let next = tokens.get(before);
            let last_code = tokens[start..before]
                .iter()
                .rev()
                .find(|t| t.kind != TokenKind::LineEnd)
                .map(|t| t.kind);
            let new_statement = at_line_start
                && (next.is_some_and(|_| starts.get(before) == Some(&before))
                    || (depth(&tokens[start..before]) == 0
                        && next.is_none_or(|n| !continues(text, n, last_code))
                        && !matches!(
                            last_code,
                            Some(TokenKind::Gt | TokenKind::Comma | TokenKind::Lt)
                        )));
            if new_statement {
                before
            } else {
                start
            }
        }
    };
    // The statement's tokens: all of it (to read what its block lists), and
    // the place's position in it.
    let end = (before..tokens.len())
        .find(|&i| starts[i] != start)
        .unwrap_or(tokens.len());
    let mut statement = Vec::with_capacity(end - start);
    let mut d = 0usize;
    for t in &tokens[start..end] {
        match t.kind {
            TokenKind::LBrace => d += 1,
            TokenKind::RBrace => d = d.saturating_sub(1),
            TokenKind::LineEnd if d == 0 => continue,
            _ => {}
        }
        statement.push(*t);
    }
    let cursor = statement.partition_point(|t| {
        t.span.start < tokens.get(before).map_or(usize::MAX, |b| b.span.start)
    });
    let cursor = if before == tokens.len() {
        statement.len()
    } else {
        cursor
    };
    Statement {
        text,
        tokens: &statement,
    }
    .slot(cursor)
}

/// Brace depth after `tokens`.
fn depth(tokens: &[Token]) -> usize {
    tokens.iter().fold(0usize, |d, t| match t.kind {
        TokenKind::LBrace => d + 1,
        TokenKind::RBrace => d.saturating_sub(1),
        _ => d,
    })
}

/// One statement's tokens (line ends kept only inside its block).
struct Statement<'a> {
    text: &'a str,
    tokens: &'a [Token],
}

impl Statement<'_> {
    fn word(&self, i: usize) -> Option<&str> {
        self.tokens
            .get(i)
            .filter(|t| t.kind == TokenKind::Ident)
            .map(|t| t.text(self.text))
    }

    fn kind(&self, i: usize) -> Option<TokenKind> {
        self.tokens.get(i).map(|t| t.kind)
    }

    /// The slot at token position `cursor` of the statement.
    fn slot(&self, cursor: usize) -> Slot {
        if cursor == 0 {
            return Slot::Statement;
        }
        // The header: `aggregation OBJ` or `PARENT > CHILD [via FIELD]`.
        let (item, mut i) = match (self.word(0), self.kind(1)) {
            (Some("aggregation"), _) => {
                if cursor == 1 {
                    return Slot::Aggregation;
                }
                let Some(object) = self.word(1) else {
                    return Slot::Nothing;
                };
                (
                    Item {
                        object: object.to_string(),
                        parent: None,
                    },
                    2,
                )
            }
            (Some("connector" | "api"), _) => return Slot::Nothing,
            (Some(parent), Some(TokenKind::Gt)) => {
                if cursor == 1 {
                    return Slot::Nothing;
                }
                if cursor == 2 {
                    return Slot::Child {
                        parent: parent.to_string(),
                    };
                }
                let Some(child) = self.word(2) else {
                    return Slot::Nothing;
                };
                let item = Item {
                    object: child.to_string(),
                    parent: Some(parent.to_string()),
                };
                let mut i = 3;
                if self.word(3) == Some("via") {
                    if cursor == 4 {
                        return Slot::Via {
                            parent: parent.to_string(),
                            child: child.to_string(),
                        };
                    }
                    i = 5;
                }
                (item, i)
            }
            _ => return Slot::Nothing,
        };
        if cursor < i {
            return Slot::Nothing;
        }
        // Annotations.
        if self.kind(i) == Some(TokenKind::Lt) {
            let close = (i..self.tokens.len())
                .find(|&j| self.kind(j) == Some(TokenKind::Gt))
                .unwrap_or(self.tokens.len());
            if cursor <= close {
                return self.annotation(item, i + 1, cursor);
            }
            i = close + 1;
        }
        if self.kind(i) == Some(TokenKind::LBrace) && cursor > i {
            return self.block(item, i + 1, cursor);
        }
        Slot::Nothing
    }

    /// Inside `< >`, whose first annotation is at `from`.
    fn annotation(&self, object: Item, from: usize, cursor: usize) -> Slot {
        let start = (from..cursor)
            .rev()
            .find(|&j| self.kind(j) == Some(TokenKind::Comma))
            .map_or(from, |j| j + 1);
        let words: Vec<Option<&str>> = (start..cursor).map(|j| self.word(j)).collect();
        match words.as_slice() {
            [] => Slot::Annotation { object },
            [Some("binary")] => Slot::BinaryField { object },
            [Some("binary"), Some(_), .., Some("as" | "named")] => Slot::BinaryOption { object },
            _ => Slot::Nothing,
        }
    }

    /// Inside the block whose first token is at `from`.
    fn block(&self, object: Item, from: usize, cursor: usize) -> Slot {
        // The block's items: runs of tokens between separators at depth 1.
        let mut items: Vec<(usize, usize)> = Vec::new();
        let mut depth = 0usize;
        let mut start = from;
        let mut end_of_block = self.tokens.len();
        for j in from..self.tokens.len() {
            // A list goes on after a comma and a line break, unless the next
            // line starts another item.
            let after_comma = j > from
                && self.kind(j - 1) == Some(TokenKind::Comma)
                && !matches!(self.word(j + 1), Some("fields" | "ref"))
                && self.kind(j + 2) != Some(TokenKind::Equals);
            match self.tokens[j].kind {
                TokenKind::LBrace => depth += 1,
                TokenKind::RBrace if depth == 0 => {
                    end_of_block = j;
                    break;
                }
                TokenKind::RBrace => depth -= 1,
                TokenKind::LineEnd if after_comma => {}
                TokenKind::LineEnd | TokenKind::Semi if depth == 0 => {
                    items.push((start, j));
                    start = j + 1;
                    continue;
                }
                _ => {}
            }
        }
        items.push((start, end_of_block));
        if cursor > end_of_block {
            return Slot::Nothing;
        }
        let Some(&(item_start, _)) = items.iter().find(|(s, e)| *s <= cursor && cursor <= *e)
        else {
            return Slot::Nothing;
        };
        let listed = |keyword: &str| -> Vec<String> {
            items
                .iter()
                .filter(|(s, _)| self.word(*s) == Some(keyword))
                // The word at the cursor is being typed: not listed yet.
                .flat_map(|&(s, e)| (s + 1..e).filter(|&j| j != cursor))
                .filter_map(|j| self.word(j))
                .map(str::to_string)
                .collect()
        };
        let here: Vec<(TokenKind, Option<&str>)> = (item_start..cursor)
            .map(|j| (self.tokens[j].kind, self.word(j)))
            .collect();
        use TokenKind::{Arrow, Comma, Dot, Equals, Ident, LBrace, LineEnd, RBrace};
        match here.as_slice() {
            [] => Slot::ItemStart {
                object,
                mapped: items
                    .iter()
                    .filter(|(s, _)| self.kind(s + 1) == Some(Equals))
                    .filter_map(|(s, _)| self.word(*s))
                    .map(str::to_string)
                    .collect(),
            },
            [(_, Some("fields"))] | [(_, Some("fields")), .., (Comma, _)] => Slot::Fields {
                object,
                listed: listed("fields"),
            },
            [(_, Some("ref"))] => Slot::RefField { object },
            [(_, Some("ref")), (Ident, Some(field)), (Arrow, _)] => Slot::RefTarget {
                object,
                field: field.to_string(),
            },
            [(_, Some("ref")), (Ident, Some(field)), rest @ ..] => {
                let (target, rest) = match rest {
                    [(Arrow, _), (Ident, Some(target)), rest @ ..] => (Some(*target), rest),
                    _ => (None, rest),
                };
                let Some(((LBrace, _), inner)) = rest.split_first() else {
                    return Slot::Nothing;
                };
                let open = inner.iter().all(|(k, _)| *k != RBrace);
                let after_separator = inner
                    .iter()
                    .rev()
                    .find(|(k, _)| *k != LineEnd)
                    .is_none_or(|(k, _)| *k == Comma);
                if !(open && after_separator) {
                    return Slot::Nothing;
                }
                let listed = inner.iter().filter_map(|(_, w)| *w).map(str::to_string);
                Slot::RefInner {
                    object,
                    field: field.to_string(),
                    target: target.map(str::to_string),
                    listed: listed.collect(),
                }
            }
            [(Ident, Some(core)), (Equals, _), rest @ ..] => {
                let mut path = Vec::new();
                let mut rest = rest;
                loop {
                    match rest {
                        [] => break,
                        [(Ident, Some(hop)), (Dot, _), tail @ ..] => {
                            path.push(hop.to_string());
                            rest = tail;
                        }
                        _ => return Slot::Nothing,
                    }
                }
                Slot::Value {
                    object,
                    core: core.to_string(),
                    path,
                }
            }
            _ => Slot::Nothing,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::tokens;

    /// The slot at `|` in `text`, and the word there.
    fn at(marked: &str) -> (Slot, String) {
        let offset = marked.find('|').unwrap();
        let text = marked.replacen('|', "", 1);
        let comments: Vec<Span> = crate::syntax::comments(&text)
            .into_iter()
            .map(|c| c.span)
            .collect();
        let at = at_cursor(&text, &tokens(&text), &comments, offset);
        (at.slot, text[at.word.start..at.word.end].to_string())
    }

    fn item(object: &str, parent: Option<&str>) -> Item {
        Item {
            object: object.into(),
            parent: parent.map(Into::into),
        }
    }

    #[test]
    fn reads_headers() {
        assert_eq!(at("|").0, Slot::Statement);
        assert_eq!(at("agg|").0, Slot::Statement);
        assert_eq!(at("aggregation |").0, Slot::Aggregation);
        assert_eq!(at("aggregation Ca|se").1, "Case");
        assert_eq!(
            at("aggregation Case\nCase > |").0,
            Slot::Child {
                parent: "Case".into()
            }
        );
        assert_eq!(
            at("Case >\n  Em|").0,
            Slot::Child {
                parent: "Case".into()
            }
        );
        assert_eq!(
            at("Case > Case via |").0,
            Slot::Via {
                parent: "Case".into(),
                child: "Case".into()
            }
        );
        assert_eq!(at("Case > Case\n|").0, Slot::Statement);
        assert_eq!(at("connector \"a|b\"").0, Slot::Nothing);
        assert_eq!(at("# Case > |").0, Slot::Nothing);
    }

    #[test]
    fn reads_annotations() {
        let case = item("Attachment", Some("Case"));
        assert_eq!(
            at("Case > Attachment <|").0,
            Slot::Annotation {
                object: case.clone()
            }
        );
        assert_eq!(
            at("Case > Attachment <self, binary |").0,
            Slot::BinaryField {
                object: case.clone()
            }
        );
        assert_eq!(
            at("Case > Attachment <binary Body as |>").0,
            Slot::BinaryOption { object: case }
        );
    }

    #[test]
    fn reads_blocks_mid_edit() {
        let case = item("Case", None);
        assert_eq!(
            at("aggregation Case {\n  Title = Subject\n  |\n}").0,
            Slot::ItemStart {
                object: case.clone(),
                mapped: vec!["Title".into()]
            }
        );
        assert_eq!(
            at("aggregation Case {\n  fields Status, |\n  fields Origin\n").0,
            Slot::Fields {
                object: case.clone(),
                listed: vec!["Status".into(), "Origin".into()]
            }
        );
        assert_eq!(
            at("aggregation Case {\n  ref |").0,
            Slot::RefField {
                object: case.clone()
            }
        );
        assert_eq!(
            at("aggregation Case {\n  ref OwnerId -> |").0,
            Slot::RefTarget {
                object: case.clone(),
                field: "OwnerId".into()
            }
        );
        assert_eq!(
            at("aggregation Case {\n  ref OwnerId -> User { Name, |").0,
            Slot::RefInner {
                object: case.clone(),
                field: "OwnerId".into(),
                target: Some("User".into()),
                listed: vec!["Name".into()]
            }
        );
        assert_eq!(
            at("aggregation Case {\n  Author = Owner.Na|\n}\nCase > Attachment").0,
            Slot::Value {
                object: case.clone(),
                core: "Author".into(),
                path: vec!["Owner".into()]
            }
        );
        let (slot, word) = at("aggregation Case {\n  Location = @|");
        assert_eq!(word, "@");
        assert!(matches!(slot, Slot::Value { .. }));
        // An unclosed block ends at the next statement.
        assert_eq!(
            at("aggregation Case {\n  fields Status\nCase > |").0,
            Slot::Child {
                parent: "Case".into()
            }
        );
        assert_eq!(
            at("Case > EmailMessage {\n  fields Subject |").0,
            Slot::Nothing
        );
    }
}
