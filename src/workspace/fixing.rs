//! Fixing a file (`hierc check --fix`, an editor's "fix all"): apply the
//! fixes its diagnostics carry, check it again, and repeat while fixes
//! apply, at most [`MAX_ROUNDS`] times. Each round applies the fixes that do
//! not overlap ([`crate::diagnostics::fix::apply`]); the others wait for the
//! next round, when they are found again on the new text.
//!
//! A file with syntax errors is left as it is, and a round whose result
//! would not parse is thrown away: fixing never makes a file worse. Nothing
//! here writes: the caller writes [`Fixed::text`] (atomically) or shows it
//! as a diff.

use std::path::Path;
use std::sync::Arc;

use super::Workspace;
use crate::diagnostics::fix::apply;
use crate::diagnostics::{Code, Diagnostic, Diagnostics, Fix};
use crate::source::SourceFile;
use crate::Compilation;

/// The most rounds of fixes for one file: enough for fixes that wait on one
/// another (two repeats in one list), few enough to end fixes that undo one
/// another.
pub const MAX_ROUNDS: usize = 10;

/// What fixing made of a file.
#[derive(Debug)]
pub struct Fixed {
    /// The file's text.
    pub original: String,
    /// The text with the fixes applied; the file's own when none applied.
    pub text: String,
    /// How many findings the applied fixes resolved.
    pub fixed: usize,
    /// Whether `text` differs from the file's.
    pub changed: bool,
    /// The check of `text`: what remains.
    pub compilation: Compilation,
}

/// Fixes a file whose check is `first`, checking each new text with
/// `compile`. Only safe fixes, unless `unsafe_fixes`; only fixes of the
/// file itself (not of a schema or `hierc.toml` a diagnostic points into).
pub fn fix(
    first: Compilation,
    unsafe_fixes: bool,
    mut compile: impl FnMut(&str) -> Compilation,
) -> Fixed {
    let original = first.source.text.clone();
    let mut text = original.clone();
    let mut compilation = first;
    let mut fixed = 0;
    for _ in 0..MAX_ROUNDS {
        if has_syntax_errors(&compilation) {
            break;
        }
        let fixes = applicable(&compilation, unsafe_fixes);
        if fixes.is_empty() {
            break;
        }
        let applied = apply(&text, &fixes);
        if applied.text == text || !parses(&applied.text) {
            break;
        }
        text = applied.text;
        fixed += applied.applied;
        compilation = compile(&text);
    }
    Fixed {
        changed: text != original,
        original,
        text,
        fixed,
        compilation,
    }
}

/// The fix each diagnostic of the file offers, the first one allowed.
pub fn applicable(compilation: &Compilation, unsafe_fixes: bool) -> Vec<&Fix> {
    compilation
        .diagnostics
        .iter()
        .filter(|d| is_about(d, &compilation.source))
        .filter_map(|d| d.applicable_fix(unsafe_fixes))
        .collect()
}

/// Whether a diagnostic's fixes edit `source` (rather than another file).
pub fn is_about(d: &Diagnostic, source: &Arc<SourceFile>) -> bool {
    d.source.as_ref().is_some_and(|s| Arc::ptr_eq(s, source))
}

/// Whether fixing touches the file of `compilation` at all: not when it
/// does not parse, or is not text (what `hierc check` marks fixable).
pub fn fixes_apply(compilation: &Compilation) -> bool {
    !has_syntax_errors(compilation)
}

/// A file that does not parse, or is not text, is not fixed.
fn has_syntax_errors(compilation: &Compilation) -> bool {
    compilation
        .diagnostics
        .iter()
        .any(|d| matches!(d.code, Code::E001 | Code::E002))
}

/// Whether `text` parses without a syntax error.
fn parses(text: &str) -> bool {
    let source = SourceFile::new("", text);
    let mut diags = Diagnostics::new();
    let file = crate::syntax::parse(&source, &mut diags);
    !diags.has_errors() && !file.incomplete
}

impl Workspace {
    /// Reads the `.hier` file at `path` and fixes it ([`fix`]), checking
    /// each round's text as that file; writes nothing. A file that cannot
    /// be read, or whose project cannot be loaded, comes back unchanged
    /// with the errors that say why.
    pub fn fix_path(&mut self, path: &Path, unsafe_fixes: bool) -> Fixed {
        let first = self.compile_path(path);
        fix(first, unsafe_fixes, |text| self.compile_text(path, text))
    }

    /// [`Workspace::fix_path`] for `text` (an editor's buffer: `hierc lsp`'s
    /// fix-all action), checked as if it were the file at `path`.
    pub fn fix_text(&mut self, path: &Path, text: &str, unsafe_fixes: bool) -> Fixed {
        let first = self.compile_text(path, text);
        fix(first, unsafe_fixes, |text| self.compile_text(path, text))
    }

    /// [`Workspace::fix_path`] for a text read from `reader` (standard
    /// input: `hierc check --fix -`), checked as if it were the file at
    /// `path`.
    pub fn fix_read(
        &mut self,
        path: &Path,
        reader: impl std::io::Read,
        unsafe_fixes: bool,
    ) -> Fixed {
        let first = self.compile_read(path, reader);
        fix(first, unsafe_fixes, |text| self.compile_text(path, text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Edit;
    use crate::source::Span;

    /// A compilation of `text` with one diagnostic per `(code, fix)`.
    fn compiled(text: &str, findings: Vec<(Code, Option<Fix>)>) -> Compilation {
        let source = SourceFile::new("a.hier", text);
        let diagnostics = findings
            .into_iter()
            .map(|(code, fix)| {
                Diagnostic::new(code, "x")
                    .maybe_fix(fix)
                    .in_source(source.clone())
            })
            .collect();
        Compilation {
            source,
            config: None,
            model: None,
            diagnostics,
        }
    }

    /// A checker that finds `Stauts` wherever it is written.
    fn typo_checker(text: &str) -> Compilation {
        let findings = text
            .match_indices("Stauts")
            .map(|(at, w)| {
                let edit = Edit::replace(Span::new(at, at + w.len()), "Status");
                (Code::E012, Some(Fix::safe("t", vec![edit])))
            })
            .collect();
        compiled(text, findings)
    }

    #[test]
    fn repeats_until_nothing_applies() {
        let text = "aggregation Case {\n    fields Stauts, Stauts\n}\n";
        let out = fix(typo_checker(text), false, typo_checker);
        assert_eq!(
            out.text,
            "aggregation Case {\n    fields Status, Status\n}\n"
        );
        assert_eq!((out.fixed, out.changed), (2, true));
        assert!(out.compilation.diagnostics.is_empty());
    }

    #[test]
    fn unsafe_fixes_wait_for_the_flag() {
        let text = "aggregation Case\n";
        let edit = Edit::insert(text.len() - 1, " <self>");
        let first = || {
            compiled(
                text,
                vec![(Code::E036, Some(Fix::unsafe_("t", vec![edit.clone()])))],
            )
        };
        let out = fix(first(), false, |_| unreachable!("nothing applies"));
        assert!(!out.changed);
        let out = fix(first(), true, |t| compiled(t, vec![]));
        assert_eq!(out.text, "aggregation Case <self>\n");
    }

    #[test]
    fn a_file_with_a_syntax_error_is_left_alone() {
        let text = "aggregation Case {\n    fields Stauts\n";
        let edit = Edit::replace(Span::new(26, 32), "Status");
        let first = compiled(
            text,
            vec![
                (Code::E001, None),
                (Code::E012, Some(Fix::safe("t", vec![edit]))),
            ],
        );
        let out = fix(first, true, |_| unreachable!("nothing applies"));
        assert_eq!((out.text.as_str(), out.fixed), (text, 0));
    }

    #[test]
    fn a_fix_that_would_break_the_syntax_is_not_applied() {
        let text = "aggregation Case\n";
        let edit = Edit::insert(text.len() - 1, " {");
        let first = compiled(text, vec![(Code::E036, Some(Fix::safe("t", vec![edit])))]);
        let out = fix(first, true, |_| unreachable!("the round is thrown away"));
        assert_eq!((out.text.as_str(), out.changed), (text, false));
    }

    #[test]
    fn fixes_that_undo_one_another_stop_after_the_last_round() {
        // Each round swaps `a` and `b`: never settles.
        let flip = |t: &str| {
            let to = if t.contains("Case") { "Lead" } else { "Case" };
            let at = t.find(['C', 'L']).unwrap();
            let edit = Edit::replace(Span::new(at, at + 4), to);
            compiled(t, vec![(Code::W101, Some(Fix::safe("t", vec![edit])))])
        };
        let mut rounds = 0;
        let out = fix(flip("aggregation Case\n"), false, |t| {
            rounds += 1;
            flip(t)
        });
        assert_eq!(rounds, MAX_ROUNDS);
        assert_eq!(out.fixed, MAX_ROUNDS);
    }

    #[test]
    fn fixes_of_another_file_are_not_applied() {
        let text = "aggregation Case\n";
        let schema = SourceFile::new("Case.schema.json", "{}");
        let mut first = compiled(text, vec![]);
        first.diagnostics.push(
            Diagnostic::new(Code::E091, "x")
                .fix(Fix::safe("t", vec![Edit::delete(Span::new(0, 2))]))
                .in_source(schema),
        );
        let out = fix(first, true, |_| unreachable!("nothing applies"));
        assert!(!out.changed);
    }
}
