//! Fixes: the edits a diagnostic proposes to the file it is about, as plain
//! data. `hierc check --fix` applies them ([`apply`], round after round
//! through [`crate::fix`]); `--format json` and SARIF carry them; an editor
//! offers them as code actions.
//!
//! A [`Fix`] has a title (`replace `Subjet` with `Subject``), its
//! [`Applicability`] and its [`Edit`]s. An edit replaces a byte range of the
//! diagnostic's [`source`](super::Diagnostic::source) with a text: an empty
//! range inserts, an empty text deletes. Spans are byte offsets into that
//! source's text, always on `char` boundaries (see [`crate::source`]); an
//! editor turns them into its own positions with
//! [`SourceFile::line_col`](crate::source::SourceFile::line_col).

use serde::Serialize;

use super::Code;
use crate::source::Span;

/// Whether a fix can be applied without asking.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// It cannot change what the user meant: the text as written has one
    /// reading, and the fix writes it (a name in the schema's spelling, the
    /// one close name, a repeat removed). `hierc check --fix` applies it.
    Safe,
    /// It might: it guesses among readings, or adds or removes something
    /// that has an effect. Applied only with `--unsafe-fixes`.
    Unsafe,
}

impl Applicability {
    /// `safe` or `unsafe`, as machine formats write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

/// The fixes a code's diagnostics may carry, as its page (`docs/codes/`,
/// under `## Automatic fix`) says: none, safe, unsafe, or both (a
/// did-you-mean is safe when one name is close, unsafe when several are).
pub fn offered(code: Code) -> &'static [Applicability] {
    use Applicability::*;
    match code {
        // Did-you-means for a name that is nothing (E013 also writes a
        // relationship name for a lookup field; E025 is unsafe for a cached
        // object, E090 for a cached name, safe or not for the org's).
        // E043: a second `self` goes safely; which `as` or `named` to keep
        // is a guess.
        Code::E010
        | Code::E012
        | Code::E013
        | Code::E014
        | Code::E025
        | Code::E043
        | Code::E090 => &[Safe, Unsafe],
        Code::E016 | Code::W101 | Code::W102 | Code::W120 => &[Safe],
        // Did-you-means for a name that is something, only not here; the
        // defaults and annotations that change what is archived; the target
        // of a polymorphic lookup (E024), one fix per target.
        Code::E011
        | Code::E017
        | Code::E024
        | Code::E027
        | Code::E028
        | Code::E036
        | Code::E042 => &[Unsafe],
        _ => &[],
    }
}

/// Replace the bytes of `span` with `text`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Edit {
    pub span: Span,
    pub text: String,
}

impl Edit {
    pub fn replace(span: Span, text: impl Into<String>) -> Self {
        Edit {
            span,
            text: text.into(),
        }
    }

    pub fn insert(at: usize, text: impl Into<String>) -> Self {
        Edit::replace(Span::new(at, at), text)
    }

    pub fn delete(span: Span) -> Self {
        Edit::replace(span, "")
    }

    /// Whether two edits cannot both be applied: their ranges share a byte,
    /// or one touches the other and either inserts (the order of the texts
    /// at one place would be a guess). The same edit twice does not conflict.
    fn conflicts(&self, other: &Edit) -> bool {
        if self == other {
            return false;
        }
        let (a, b) = (self.span, other.span);
        if a.is_empty() || b.is_empty() {
            a.start <= b.end && b.start <= a.end
        } else {
            a.start < b.end && b.start < a.end
        }
    }

    /// Whether the edit fits `text`: in range, on `char` boundaries.
    fn fits(&self, text: &str) -> bool {
        let Span { start, end } = self.span;
        start <= end
            && end <= text.len()
            && text.is_char_boundary(start)
            && text.is_char_boundary(end)
    }
}

/// A change that resolves a diagnostic: its edits, applied together or not
/// at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// What it does, briefly: `replace `Subjet` with `Subject``.
    pub title: String,
    pub applicability: Applicability,
    /// Non-overlapping edits of the diagnostic's source.
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn safe(title: impl Into<String>, edits: Vec<Edit>) -> Self {
        Fix {
            title: title.into(),
            applicability: Applicability::Safe,
            edits,
        }
    }

    pub fn unsafe_(title: impl Into<String>, edits: Vec<Edit>) -> Self {
        Fix {
            title: title.into(),
            applicability: Applicability::Unsafe,
            edits,
        }
    }

    /// Whether the fix is one `--fix` applies: safe, or any with
    /// `--unsafe-fixes`.
    pub fn allowed(&self, unsafe_fixes: bool) -> bool {
        unsafe_fixes || self.applicability == Applicability::Safe
    }

    /// Whether its edits fit `text` and do not conflict with one another.
    fn well_formed(&self, text: &str) -> bool {
        !self.edits.is_empty()
            && self.edits.iter().all(|e| e.fits(text))
            && self
                .edits
                .iter()
                .enumerate()
                .all(|(i, e)| self.edits[i + 1..].iter().all(|o| !e.conflicts(o)))
    }

    /// Where its first edit starts.
    fn start(&self) -> usize {
        self.edits.iter().map(|e| e.span.start).min().unwrap_or(0)
    }
}

/// What [`apply`] made of a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Applied {
    /// The text with the chosen fixes applied.
    pub text: String,
    /// How many fixes were applied (a fix whose edits another applied fix
    /// already makes counts too: its finding is resolved).
    pub applied: usize,
    /// How many were left out: overlapping a fix before them, or not fitting
    /// the text. A later round may apply them.
    pub skipped: usize,
}

/// Applies the fixes that do not overlap, in the order of where they start
/// (ties: the order given), to `text`. A fix whose edits conflict with one
/// already chosen, or that does not fit the text, is skipped whole; the
/// text is never cut inside a character.
pub fn apply(text: &str, fixes: &[&Fix]) -> Applied {
    let mut order: Vec<&Fix> = fixes.to_vec();
    order.sort_by_key(|f| f.start()); // stable: ties keep their order
    let mut chosen: Vec<&Edit> = Vec::new();
    let (mut applied, mut skipped) = (0, 0);
    for fix in order {
        let clash = |e: &Edit| chosen.iter().any(|c| c.conflicts(e));
        if !fix.well_formed(text) || fix.edits.iter().any(clash) {
            skipped += 1;
            continue;
        }
        for e in &fix.edits {
            if !chosen.contains(&e) {
                chosen.push(e);
            }
        }
        applied += 1;
    }
    chosen.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in chosen {
        out.push_str(&text[at..e.span.start]);
        out.push_str(&e.text);
        at = e.span.end;
    }
    out.push_str(&text[at..]);
    Applied {
        text: out,
        applied,
        skipped,
    }
}

/// The line ending `text` uses: `\r\n` when its first line ends so, else
/// `\n`. Inserted lines follow it, so a fix keeps a file's endings.
pub fn line_ending(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if text[..i].ends_with('\r') => "\r\n",
        _ => "\n",
    }
}

/// The edit that removes the item at `item` from a comma-separated list
/// (`fields A, B, C`, `{ A, B }`, `<self, binary>`), with one comma and the
/// blanks beside it, leaving the list well formed: `A, B, C` less `B` is
/// `A, C`; less `C`, `A, B`. `None` when it is the only item (the caller
/// removes the whole list) or the text around is not a list.
pub fn remove_list_item(text: &str, item: Span) -> Option<Edit> {
    let blank = |c: char| c == ' ' || c == '\t';
    let after = &text[item.end..];
    let rest = after.trim_start_matches(blank);
    if let Some(next) = rest.strip_prefix(',') {
        // `B, ` up to the next item, which may be on the next line; a
        // comment after the comma stays, with its line.
        let comma_end = item.end + (after.len() - rest.len()) + 1;
        let spaced = next.trim_start();
        let gap = if spaced.starts_with('#') {
            next.len() - next.trim_start_matches(blank).len()
        } else {
            next.len() - spaced.len()
        };
        return Some(Edit::delete(Span::new(item.start, comma_end + gap)));
    }
    let before = &text[..item.start];
    let comma = before.trim_end().strip_suffix(',')?;
    Some(Edit::delete(Span::new(comma.len(), item.end)))
}

/// The edit that removes the whole line(s) holding `span`, with their line
/// break, when nothing but blanks shares them; `None` otherwise.
pub fn remove_lines(text: &str, span: Span) -> Option<Edit> {
    let start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    if !text[start..span.start].trim().is_empty() {
        return None;
    }
    let rest = &text[span.end..];
    let line_end = rest.find('\n').map_or(text.len(), |i| span.end + i + 1);
    let tail = text[span.end..line_end].trim_end_matches(['\n', '\r']);
    if !tail.trim().is_empty() {
        return None;
    }
    Some(Edit::delete(Span::new(start, line_end)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn replace(start: usize, end: usize, text: &str) -> Fix {
        Fix::safe("t", vec![Edit::replace(Span::new(start, end), text)])
    }

    fn run(text: &str, fixes: &[Fix]) -> Applied {
        let refs: Vec<&Fix> = fixes.iter().collect();
        apply(text, &refs)
    }

    #[test]
    fn applies_edits_wherever_they_are_given() {
        let fixes = [replace(8, 12, "Email"), replace(0, 6, "Subject")];
        let out = run("Subjet, Emal", &fixes);
        // Offsets are into the original text, whatever the order given.
        assert_eq!(out.text, "Subject, Email");
        assert_eq!((out.applied, out.skipped), (2, 0));
    }

    #[test]
    fn an_overlapping_fix_is_left_for_the_next_round() {
        let fixes = [replace(0, 4, "x"), replace(2, 6, "y"), replace(6, 7, "z")];
        let out = run("abcdefg", &fixes);
        assert_eq!(out.text, "xefz");
        assert_eq!((out.applied, out.skipped), (2, 1));
    }

    #[test]
    fn insertions_at_one_place_conflict_unless_they_are_the_same() {
        let a = Fix::safe("a", vec![Edit::insert(1, "A")]);
        let b = Fix::safe("b", vec![Edit::insert(1, "B")]);
        let out = run("xy", &[a.clone(), b]);
        assert_eq!((out.text.as_str(), out.skipped), ("xAy", 1));
        let out = run("xy", &[a.clone(), a]);
        assert_eq!((out.text.as_str(), out.applied), ("xAy", 2));
    }

    #[test]
    fn touching_replacements_both_apply() {
        let out = run("abcd", &[replace(0, 2, "X"), replace(2, 4, "Y")]);
        assert_eq!(out.text, "XY");
    }

    #[test]
    fn a_fix_applies_whole_or_not_at_all() {
        let two = Fix::safe(
            "two",
            vec![
                Edit::replace(Span::new(0, 1), "A"),
                Edit::replace(Span::new(4, 5), "E"),
            ],
        );
        // `two` starts first, so it is chosen; `Z` overlaps its second edit.
        let out = run("abcde", &[replace(3, 5, "Z"), two]);
        assert_eq!(out.text, "AbcdE");
        assert_eq!((out.applied, out.skipped), (1, 1));
    }

    #[test]
    fn never_cuts_a_character_or_runs_past_the_end() {
        let text = "é = \"ü\"";
        // 1 is inside `é`; 99 is past the end.
        let out = run(text, &[replace(1, 2, "e"), replace(5, 99, "u")]);
        assert_eq!(out.text, text);
        assert_eq!(out.skipped, 2);
        // On boundaries, multi-byte text is replaced as any other.
        let out = run(text, &[replace(0, 2, "e"), replace(6, 8, "u")]);
        assert_eq!(out.text, "e = \"u\"");
    }

    #[test]
    fn a_fix_whose_own_edits_overlap_is_skipped() {
        let bad = Fix::safe(
            "bad",
            vec![
                Edit::replace(Span::new(0, 2), "x"),
                Edit::replace(Span::new(1, 3), "y"),
            ],
        );
        assert_eq!(run("abcd", &[bad]).text, "abcd");
    }

    #[test]
    fn list_items_go_with_one_comma() {
        let text = "fields A, B, C\n";
        let item = |s: &str| {
            let start = text.find(s).unwrap();
            Span::new(start, start + s.len())
        };
        let without = |s: &str| {
            let e = remove_list_item(text, item(s)).unwrap();
            run(text, &[Fix::safe("t", vec![e])]).text
        };
        assert_eq!(without("A"), "fields B, C\n");
        assert_eq!(without("B"), "fields A, C\n");
        assert_eq!(without("C"), "fields A, B\n");
        assert_eq!(remove_list_item("fields A\n", Span::new(7, 8)), None);
    }

    #[test]
    fn a_list_over_lines_closes_up() {
        let text = "{ A,\r\n  B }";
        let e = remove_list_item(text, Span::new(2, 3)).unwrap();
        assert_eq!(run(text, &[Fix::safe("t", vec![e])]).text, "{ B }");
        let text = "{ A, # a\n  B }";
        let e = remove_list_item(text, Span::new(2, 3)).unwrap();
        assert_eq!(run(text, &[Fix::safe("t", vec![e])]).text, "{ # a\n  B }");
        let text = "{ A,\n  B }";
        let e = remove_list_item(text, Span::new(7, 8)).unwrap();
        assert_eq!(run(text, &[Fix::safe("t", vec![e])]).text, "{ A }");
    }

    #[test]
    fn whole_lines_go_with_their_line_break() {
        let text = "a\r\n    fields X\r\nb";
        let e = remove_lines(text, Span::new(7, 15)).unwrap();
        assert_eq!(run(text, &[Fix::safe("t", vec![e])]).text, "a\r\nb");
        assert_eq!(remove_lines("x fields X\n", Span::new(2, 10)), None);
        assert_eq!(line_ending(text), "\r\n");
        assert_eq!(line_ending("a\nb\r\n"), "\n");
    }
}
