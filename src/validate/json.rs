//! JSON pointers and where each value of a JSON text is. serde_json keeps no
//! positions in a `Value`, so this module scans the text once more, after
//! serde_json has accepted it, and records the span of every value (and of
//! every object member's key) by its JSON pointer.

use std::collections::HashMap;
use std::fmt;

use crate::source::Span;

/// A JSON pointer (RFC 6901): `/Aggregation/Records/0/Fields`. The root is
/// the empty pointer.
#[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pointer(String);

impl Pointer {
    pub fn root() -> Pointer {
        Pointer::default()
    }

    /// The member `name` of the object here.
    pub fn key(&self, name: &str) -> Pointer {
        Pointer(format!(
            "{}/{}",
            self.0,
            name.replace('~', "~0").replace('/', "~1")
        ))
    }

    /// The element `index` of the array here.
    pub fn index(&self, index: usize) -> Pointer {
        Pointer(format!("{}/{index}", self.0))
    }

    /// The pointer without its last token; `None` at the root.
    pub fn parent(&self) -> Option<Pointer> {
        self.0.rfind('/').map(|i| Pointer(self.0[..i].to_string()))
    }

    /// The last token, unescaped; `None` at the root.
    pub fn last(&self) -> Option<String> {
        self.0
            .rfind('/')
            .map(|i| self.0[i + 1..].replace("~1", "/").replace("~0", "~"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// In backticks, as messages name places; the root reads "the top level".
impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            f.write_str("the top level")
        } else {
            write!(f, "`{}`", self.0)
        }
    }
}

impl fmt::Debug for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where one value is.
#[derive(Clone, Copy, Debug)]
struct Place {
    /// The member's key, quotes included, for a value inside an object.
    key: Option<Span>,
    value: Span,
    multiline: bool,
}

/// A key given twice in one object.
#[derive(Clone, Debug)]
pub struct Duplicate {
    pub at: Pointer,
    pub first: Span,
    pub again: Span,
}

/// The places of every value of a JSON text.
#[derive(Debug, Default)]
pub struct Spans {
    places: HashMap<Pointer, Place>,
    duplicates: Vec<Duplicate>,
    /// String values written with escapes: offsets in the decoded string
    /// are not offsets in the text.
    escaped: std::collections::HashSet<Pointer>,
}

impl Spans {
    /// Scans `text`, which serde_json has already accepted as JSON.
    pub fn scan(text: &str) -> Spans {
        let mut scanner = Scanner {
            text,
            at: 0,
            spans: Spans::default(),
        };
        scanner.value(Pointer::root(), None);
        scanner.spans
    }

    /// Keys given twice in one object.
    pub fn duplicates(&self) -> &[Duplicate] {
        &self.duplicates
    }

    /// The span to label for the value at `at` (or its nearest ancestor
    /// that has one): the value when it fits on one line, else its key, else
    /// its first character.
    pub fn label(&self, at: &Pointer) -> Span {
        let mut at = at.clone();
        loop {
            if let Some(p) = self.places.get(&at) {
                return match (p.multiline, p.key) {
                    (false, _) => p.value,
                    (true, Some(key)) => key,
                    (true, None) => Span::new(p.value.start, p.value.start + 1),
                };
            }
            match at.parent() {
                Some(parent) => at = parent,
                None => return Span::new(0, 0),
            }
        }
    }

    /// The key of the member at `at`, else `label(at)`.
    pub fn key(&self, at: &Pointer) -> Span {
        match self.places.get(at).and_then(|p| p.key) {
            Some(key) => key,
            None => self.label(at),
        }
    }

    /// The bytes `range` of the string value at `at`, when its text has no
    /// escapes (so offsets in the decoded string are offsets in the text);
    /// else the whole value.
    pub fn within(&self, at: &Pointer, range: std::ops::Range<usize>) -> Span {
        match self.places.get(at) {
            Some(p) if !self.escaped.contains(at) => {
                // Past the opening quote.
                let start = p.value.start + 1 + range.start;
                Span::new(start, (p.value.start + 1 + range.end).min(p.value.end))
            }
            _ => self.label(at),
        }
    }
}

/// A forward scan over valid JSON.
struct Scanner<'t> {
    text: &'t str,
    at: usize,
    spans: Spans,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn value(&mut self, at: Pointer, key: Option<Span>) {
        self.whitespace();
        let start = self.at;
        match self.peek() {
            Some(b'{') => self.object(&at),
            Some(b'[') => self.array(&at),
            Some(b'"') => {
                self.string();
                if self.text[start..self.at].contains('\\') {
                    self.spans.escaped.insert(at.clone());
                }
            }
            Some(_) => self.scalar(),
            None => {}
        }
        // Only a truncated text (never one serde_json accepted) ends mid-escape.
        self.at = self.at.min(self.text.len());
        let value = Span::new(start, self.at);
        let multiline = self.text[start..self.at].contains('\n');
        self.spans.places.insert(
            at,
            Place {
                key,
                value,
                multiline,
            },
        );
    }

    fn object(&mut self, at: &Pointer) {
        self.at += 1;
        let mut seen: HashMap<String, Span> = HashMap::new();
        loop {
            self.whitespace();
            match self.peek() {
                Some(b'"') => {}
                Some(b',') => {
                    self.at += 1;
                    continue;
                }
                Some(b'}') => {
                    self.at += 1;
                    return;
                }
                _ => return,
            }
            let start = self.at;
            self.string();
            let key = Span::new(start, self.at);
            let name: String = serde_json::from_str(&self.text[start..self.at]).unwrap_or_default();
            self.whitespace();
            if self.peek() == Some(b':') {
                self.at += 1;
            }
            let member = at.key(&name);
            if let Some(first) = seen.insert(name, key) {
                self.spans.duplicates.push(Duplicate {
                    at: member.clone(),
                    first,
                    again: key,
                });
            }
            self.value(member, Some(key));
        }
    }

    fn array(&mut self, at: &Pointer) {
        self.at += 1;
        let mut index = 0;
        loop {
            self.whitespace();
            match self.peek() {
                Some(b',') => {
                    self.at += 1;
                    continue;
                }
                Some(b']') => {
                    self.at += 1;
                    return;
                }
                None => return,
                Some(_) => {}
            }
            let before = self.at;
            self.value(at.index(index), None);
            index += 1;
            if self.at == before {
                return;
            }
        }
    }

    fn string(&mut self) {
        self.at += 1;
        while let Some(b) = self.peek() {
            self.at += if b == b'\\' { 2 } else { 1 };
            if b == b'"' {
                return;
            }
        }
    }

    fn scalar(&mut self) {
        while !matches!(
            self.peek(),
            None | Some(b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r')
        ) {
            self.at += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_escape_and_unescape() {
        let p = Pointer::root().key("a/b").key("c~d").index(3);
        assert_eq!(p.as_str(), "/a~1b/c~0d/3");
        assert_eq!(p.parent().unwrap().last().as_deref(), Some("c~d"));
        assert_eq!(Pointer::root().to_string(), "the top level");
        assert_eq!(p.parent().unwrap().parent().unwrap().to_string(), "`/a~1b`");
    }

    #[test]
    fn every_value_has_its_place() {
        let text = "{\n  \"A\": [ 1, { \"B\": \"x\\\"y\" } ],\n  \"C\": \"Owner.Name\"\n}";
        let spans = Spans::scan(text);
        let at = |p: &Pointer| {
            let s = spans.label(p);
            &text[s.start..s.end]
        };
        let a = Pointer::root().key("A");
        assert_eq!(at(&a.index(0)), "1");
        assert_eq!(at(&a.index(1)), "{ \"B\": \"x\\\"y\" }");
        assert_eq!(at(&a.index(1).key("B")), "\"x\\\"y\"");
        assert_eq!(at(&Pointer::root()), "{");
        let c = Pointer::root().key("C");
        let hop = spans.within(&c, 6..10);
        assert_eq!(&text[hop.start..hop.end], "Name");
        // With escapes, the whole string.
        let b = a.index(1).key("B");
        assert_eq!(spans.within(&b, 0..1), spans.label(&b));
        // Unknown places fall back to their nearest ancestor.
        assert_eq!(at(&a.index(9)), "[ 1, { \"B\": \"x\\\"y\" } ]");
    }

    #[test]
    fn duplicate_keys_are_found() {
        let spans = Spans::scan(r#"{ "A": 1, "B": 2, "A": 3 }"#);
        let d = &spans.duplicates()[0];
        assert_eq!(d.at.as_str(), "/A");
        assert_eq!((d.first.start, d.again.start), (2, 18));
    }
}
