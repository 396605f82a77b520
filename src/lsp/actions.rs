//! Code actions: each fix a diagnostic carries, as a `quickfix` (the safe
//! ones preferred, so an editor's "auto fix" takes them), and the
//! `source.fixAll.hierc` action, which applies every safe fix as
//! `hierc check --fix` does: through the same loop,
//! [`Workspace::fix_text`](crate::workspace::Workspace::fix_text).

use std::collections::HashMap;
use std::path::Path;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Range, TextEdit, Uri, WorkspaceEdit,
};
use similar::{DiffTag, TextDiff};

use super::diagnostics;
use super::text::Document;
use crate::diagnostics::{Applicability, Fix};
use crate::source::Span;
use crate::workspace::fixing::{applicable, is_about};
use crate::workspace::Workspace;
use crate::Compilation;

/// The kind of the fix-all action: `source.fixAll` (which editors run on
/// save when asked), for hierc.
pub const FIX_ALL: CodeActionKind = CodeActionKind::new("source.fixAll.hierc");

/// The kinds of action the server offers, as it advertises them.
pub fn kinds() -> Vec<CodeActionKind> {
    vec![CodeActionKind::QUICKFIX, FIX_ALL]
}

/// The actions for `range` of a document whose check is `compilation`,
/// of the kinds in `only` (all when the client names none).
pub fn actions(
    ws: &mut Workspace,
    path: &Path,
    doc: &Document,
    uri: &Uri,
    compilation: &Compilation,
    range: Range,
    only: Option<&[CodeActionKind]>,
) -> Vec<CodeActionOrCommand> {
    // The check is of the text as it is: every change is checked at once.
    if compilation.source.text != doc.text {
        return Vec::new();
    }
    let mut out = Vec::new();
    if wanted(only, &CodeActionKind::QUICKFIX) {
        out.extend(quick_fixes(doc, uri, compilation, range));
    }
    if wanted(only, &FIX_ALL) {
        out.extend(fix_all(ws, path, doc, uri, compilation));
    }
    out.into_iter()
        .map(CodeActionOrCommand::CodeAction)
        .collect()
}

/// Whether `kind` is one the client asked for: `only` names it or a kind
/// it belongs to (`source` and `source.fixAll` hold `source.fixAll.hierc`).
fn wanted(only: Option<&[CodeActionKind]>, kind: &CodeActionKind) -> bool {
    let Some(only) = only else {
        return true;
    };
    let kind = kind.as_str();
    only.iter().any(|k| {
        let k = k.as_str();
        kind == k
            || kind
                .strip_prefix(k)
                .is_some_and(|rest| rest.starts_with('.'))
    })
}

/// One `quickfix` per fix of each diagnostic of the document that touches
/// `range`, with that diagnostic attached.
fn quick_fixes(
    doc: &Document,
    uri: &Uri,
    compilation: &Compilation,
    range: Range,
) -> Vec<CodeAction> {
    let asked = doc.index.span(&doc.text, range);
    let touches = |s: Span| s.start <= asked.end && asked.start <= s.end;
    compilation
        .diagnostics
        .iter()
        .filter(|d| !d.fixes().is_empty() && is_about(d, &compilation.source))
        .filter(|d| d.span().is_some_and(touches))
        .flat_map(|d| {
            let shown = diagnostics::one(d, &compilation.source, doc, uri);
            d.fixes()
                .iter()
                .map(move |fix| quick_fix(doc, uri, fix, shown.clone()))
        })
        .collect()
}

fn quick_fix(doc: &Document, uri: &Uri, fix: &Fix, shown: lsp_types::Diagnostic) -> CodeAction {
    let safe = fix.applicability == Applicability::Safe;
    let edits = fix
        .edits
        .iter()
        .map(|e| TextEdit::new(doc.range(e.span), e.text.clone()))
        .collect();
    CodeAction {
        title: if safe {
            fix.title.clone()
        } else {
            format!("{} (unsafe)", fix.title)
        },
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![shown]),
        edit: Some(edit_of(uri, edits)),
        is_preferred: Some(safe),
        ..CodeAction::default()
    }
}

/// The fix-all action, when a safe fix applies: the document fixed as
/// `hierc check --fix` fixes a file, as the edits from its text to that.
fn fix_all(
    ws: &mut Workspace,
    path: &Path,
    doc: &Document,
    uri: &Uri,
    compilation: &Compilation,
) -> Option<CodeAction> {
    if applicable(compilation, false).is_empty() {
        return None;
    }
    let fixed = ws.fix_text(path, &doc.text, false);
    if !fixed.changed {
        return None;
    }
    let noun = if fixed.fixed == 1 { "fix" } else { "fixes" };
    Some(CodeAction {
        title: format!("hierc: apply {} safe {noun}", fixed.fixed),
        kind: Some(FIX_ALL),
        edit: Some(edit_of(uri, edits_between(doc, &fixed.text))),
        ..CodeAction::default()
    })
}

fn edit_of(uri: &Uri, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    }
}

/// The edits that turn the document's text into `new`, line by line: only
/// the lines that differ are replaced, so the editor keeps its cursor and
/// marks elsewhere.
fn edits_between(doc: &Document, new: &str) -> Vec<TextEdit> {
    let diff = TextDiff::from_lines(doc.text.as_str(), new);
    let mut starts = Vec::with_capacity(diff.old_slices().len() + 1);
    let mut at = 0;
    for line in diff.old_slices() {
        starts.push(at);
        at += line.len();
    }
    starts.push(at);
    let lines = diff.new_slices();
    diff.ops()
        .iter()
        .filter(|op| op.tag() != DiffTag::Equal)
        .map(|op| {
            let (old, new) = (op.old_range(), op.new_range());
            let span = Span::new(starts[old.start], starts[old.end]);
            TextEdit::new(doc.range(span), lines[new].concat())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Applies LSP edits (ranges in the original text) to a document.
    fn applied(doc: &Document, edits: &[TextEdit]) -> String {
        let mut spans: Vec<(Span, &str)> = edits
            .iter()
            .map(|e| (doc.index.span(&doc.text, e.range), e.new_text.as_str()))
            .collect();
        spans.sort_by_key(|(s, _)| s.start);
        let mut out = String::new();
        let mut at = 0;
        for (s, text) in spans {
            assert!(s.start >= at, "edits overlap");
            out.push_str(&doc.text[at..s.start]);
            out.push_str(text);
            at = s.end;
        }
        out.push_str(&doc.text[at..]);
        out
    }

    #[test]
    fn edits_replace_only_the_lines_that_differ() {
        let old = "a\nb\nc\nd\ne";
        let doc = Document::new(old.into(), 1);
        for new in ["a\nB\nc\nd\nE", "a\nc\nd\ne", "x\na\nb\nc\nd\ne\n", "", old] {
            let edits = edits_between(&doc, new);
            assert_eq!(applied(&doc, &edits), new, "{new:?}");
        }
        let edits = edits_between(&doc, "a\nB\nc\nd\ne");
        assert_eq!(edits.len(), 1);
        assert_eq!(edits[0].range.start.line, 1);
        assert_eq!(edits[0].range.end.line, 2);
        assert!(edits_between(&doc, old).is_empty());
    }

    #[test]
    fn kinds_belong_to_their_parents() {
        let only = |k: &'static str| vec![CodeActionKind::new(k)];
        assert!(wanted(None, &FIX_ALL));
        assert!(wanted(Some(&only("source")), &FIX_ALL));
        assert!(wanted(Some(&only("source.fixAll")), &FIX_ALL));
        assert!(wanted(Some(&only("source.fixAll.hierc")), &FIX_ALL));
        assert!(!wanted(Some(&only("source.fix")), &FIX_ALL));
        assert!(!wanted(Some(&only("quickfix")), &FIX_ALL));
        assert!(!wanted(Some(&only("source.organizeImports")), &FIX_ALL));
        assert!(wanted(Some(&only("quickfix")), &CodeActionKind::QUICKFIX));
        assert!(!wanted(Some(&[]), &CodeActionKind::QUICKFIX));
    }
}
