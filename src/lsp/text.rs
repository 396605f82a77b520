//! Open documents: their text, version and language, edits applied as the
//! editor sends them, and positions in LSP's terms (lines, and columns in
//! UTF-16 code units) turned into byte offsets and back.

use lsp_types::{Position, Range, TextDocumentContentChangeEvent};

use crate::source::{self, floor_char_boundary, Span};

/// The library's line index (lines end at LF, CRLF or a CR alone, as LSP
/// counts them too), with LSP's columns: UTF-16 code units.
#[derive(Debug)]
pub struct LineIndex(source::LineIndex);

impl LineIndex {
    pub fn new(text: &str) -> Self {
        LineIndex(source::LineIndex::new(text))
    }

    /// The byte offset of an LSP position in `text`, clamped: a line past
    /// the end is the end, a column past the line's end is its end, and a
    /// column inside a character (between the halves of a surrogate pair)
    /// is that character's start.
    pub fn offset(&self, text: &str, pos: Position) -> usize {
        let line = pos.line as usize;
        if line >= self.0.len() {
            return text.len();
        }
        let (start, end) = (self.0.start(line), self.0.end(text, line));
        let mut units = 0u32;
        for (i, c) in text[start..end].char_indices() {
            let next = units + c.len_utf16() as u32;
            if next > pos.character {
                return start + i;
            }
            units = next;
        }
        end
    }

    /// The LSP position of a byte offset in `text` (clamped to it).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.0.line(offset);
        let start = self.0.start(line).min(offset);
        let character = text[start..offset].encode_utf16().count();
        Position::new(line as u32, character as u32)
    }

    pub fn range(&self, text: &str, span: Span) -> Range {
        Range::new(
            self.position(text, span.start),
            self.position(text, span.end),
        )
    }

    pub fn span(&self, text: &str, range: Range) -> Span {
        let start = self.offset(text, range.start);
        let end = self.offset(text, range.end).max(start);
        Span::new(start, end)
    }
}

/// An open document.
#[derive(Debug)]
pub struct Document {
    pub text: String,
    pub version: i32,
    pub index: LineIndex,
}

impl Document {
    pub fn new(text: String, version: i32) -> Self {
        Document {
            index: LineIndex::new(&text),
            text,
            version,
        }
    }

    /// Applies the editor's changes, in order: a change with a range replaces
    /// that range, one without replaces the whole text.
    pub fn apply(&mut self, changes: Vec<TextDocumentContentChangeEvent>, version: i32) {
        for change in changes {
            match change.range {
                Some(range) => {
                    let span = self.index.span(&self.text, range);
                    self.text.replace_range(span.start..span.end, &change.text);
                }
                None => self.text = change.text,
            }
            self.index = LineIndex::new(&self.text);
        }
        self.version = version;
    }

    pub fn range(&self, span: Span) -> Range {
        self.index.range(&self.text, span)
    }

    pub fn offset(&self, pos: Position) -> usize {
        self.index.offset(&self.text, pos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_utf16_units() {
        // `é` is one unit, `𝄞` two (a surrogate pair), in UTF-16.
        let text = "aé𝄞b\r\nx";
        let index = LineIndex::new(text);
        assert_eq!(index.offset(text, Position::new(0, 2)), 3);
        assert_eq!(index.offset(text, Position::new(0, 4)), 7);
        // Inside the pair: the character's start.
        assert_eq!(index.offset(text, Position::new(0, 3)), 3);
        // Past the line's end: before `\r\n`.
        assert_eq!(index.offset(text, Position::new(0, 99)), 8);
        assert_eq!(index.offset(text, Position::new(1, 0)), 10);
        assert_eq!(index.offset(text, Position::new(7, 0)), text.len());
        assert_eq!(index.position(text, 7), Position::new(0, 4));
        assert_eq!(index.position(text, 10), Position::new(1, 0));
        assert_eq!(index.position(text, 4), Position::new(0, 2));
    }

    #[test]
    fn edits_apply_in_order() {
        let mut doc = Document::new("aggregation Case {\n}\n".into(), 1);
        let edit = |l1, c1, l2, c2, text: &str| TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(l1, c1), Position::new(l2, c2))),
            range_length: None,
            text: text.into(),
        };
        doc.apply(
            vec![
                edit(0, 18, 0, 18, "\n    fields Subjet"),
                edit(1, 15, 1, 17, "ect"),
            ],
            2,
        );
        assert_eq!(doc.text, "aggregation Case {\n    fields Subject\n}\n");
        assert_eq!(doc.version, 2);
        doc.apply(
            vec![TextDocumentContentChangeEvent {
                range: None,
                range_length: None,
                text: "x".into(),
            }],
            3,
        );
        assert_eq!(doc.text, "x");
    }
}
