//! The text as a flat list of tokens, for editors: what surrounds the cursor
//! in text that does not parse yet. The grammar's `token_stream` rule reads
//! any text, so this never fails; comments and spaces are left out.

use pest::Parser;

use super::{HierParser, Rule};
use crate::source::Span;

/// What a token is. Keywords are `Ident`s: whether a word is a keyword
/// depends on where it stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// A name or a keyword: `Case`, `fields`.
    Ident,
    /// A string with its closing quote.
    String,
    /// A string that the line ends before its closing quote.
    OpenString,
    /// `62.0`
    Version,
    /// `@RecordUrl`
    Derived,
    /// `->`
    Arrow,
    Dot,
    Gt,
    Lt,
    LBrace,
    RBrace,
    Comma,
    Equals,
    Semi,
    /// A line break.
    LineEnd,
    /// Any other character.
    Other,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub span: Span,
}

impl Token {
    /// The token's text in `text`, the text it was read from.
    pub fn text(self, text: &str) -> &str {
        text.get(self.span.start..self.span.end).unwrap_or_default()
    }
}

/// Every token of `text`, in order.
pub fn tokens(text: &str) -> Vec<Token> {
    let Ok(mut pairs) = HierParser::parse(Rule::token_stream, text) else {
        // The rule accepts any text; an error here would be a grammar bug.
        return Vec::new();
    };
    let Some(stream) = pairs.next() else {
        return Vec::new();
    };
    stream
        .into_inner()
        .filter_map(|pair| {
            let kind = match pair.as_rule() {
                Rule::ident => TokenKind::Ident,
                Rule::string => TokenKind::String,
                Rule::open_string => TokenKind::OpenString,
                Rule::version => TokenKind::Version,
                Rule::derived => TokenKind::Derived,
                Rule::arrow => TokenKind::Arrow,
                Rule::dot => TokenKind::Dot,
                Rule::gt => TokenKind::Gt,
                Rule::lt => TokenKind::Lt,
                Rule::lbrace => TokenKind::LBrace,
                Rule::rbrace => TokenKind::RBrace,
                Rule::comma => TokenKind::Comma,
                Rule::equals => TokenKind::Equals,
                Rule::semi => TokenKind::Semi,
                Rule::line_end => TokenKind::LineEnd,
                Rule::other => TokenKind::Other,
                _ => return None,
            };
            let span = pair.as_span();
            Some(Token {
                kind,
                span: Span::new(span.start(), span.end()),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(TokenKind, &str)> {
        tokens(text)
            .into_iter()
            .map(|t| (t.kind, t.text(text)))
            .collect()
    }

    #[test]
    fn reads_broken_text() {
        use TokenKind::*;
        assert_eq!(
            kinds("Case > Email via # c\n  Title = Owner. @Rec \"a b\n ref X -> {"),
            [
                (Ident, "Case"),
                (Gt, ">"),
                (Ident, "Email"),
                (Ident, "via"),
                (LineEnd, "\n"),
                (Ident, "Title"),
                (Equals, "="),
                (Ident, "Owner"),
                (Dot, "."),
                (Derived, "@Rec"),
                (OpenString, "\"a b"),
                (LineEnd, "\n"),
                (Ident, "ref"),
                (Ident, "X"),
                (Arrow, "->"),
                (LBrace, "{"),
            ]
        );
        assert_eq!(
            kinds("api 62.0; connector \"x\" @ é"),
            [
                (Ident, "api"),
                (Version, "62.0"),
                (Semi, ";"),
                (Ident, "connector"),
                (String, "\"x\""),
                (Other, "@"),
                (Other, "é"),
            ]
        );
    }
}
