//! Inline suppressions: `# hierc: allow W101` (or several codes, `# hierc:
//! allow W101, W102`) silences those warnings on its own line, and, when the
//! comment is alone on its line, on the next line, as ruff's `# noqa` does.
//!
//! A finding is on the line where its first label starts; one without a
//! label, or pointing into another file (a schema, `hierc.toml`), cannot be
//! suppressed. Only warnings can: an error stops the config being written,
//! so silencing it would hide why. A suppression that silences nothing is
//! W120 (ruff's RUF100), with a safe fix that removes it; one that names no
//! code, a code hierc does not have, or an error code is W121.
//!
//! Suppressions are applied in the workspace, before the project's lint
//! levels and the run's `--select`/`--ignore` ([`super::Workspace`]), so
//! `check`, `build`, `--fix` and `hierc lsp` all honour them. Unused ones
//! are not reported while the file has errors: a check that stopped early
//! may not have reached the warning a suppression is for.

use std::sync::Arc;

use crate::diagnostics::{Code, Diagnostic, Diagnostics, Edit, Fix};
use crate::source::{SourceFile, Span};

/// What starts a suppression comment, after `#` and spaces.
const MARKER: &str = "hierc:";
/// The verb after the marker.
const VERB: &str = "allow";

/// One `# hierc: allow ...` comment.
#[derive(Debug)]
struct Suppression {
    /// The whole comment, from `#` to the end of its line.
    comment: Span,
    /// The codes, as written, with their spans; the list ends at the first
    /// word that is not a code (a reason may follow).
    codes: Vec<(String, Span)>,
    /// The span from the first code to the last: what the fix rewrites.
    list: Span,
    /// The lines it covers (0-based): its own, and the next when it is
    /// alone on its line.
    lines: (usize, usize),
    /// Whether nothing but spaces precedes it on its line.
    alone: bool,
}

/// Applies the suppressions of `source` to `list`, the diagnostics of
/// compiling it: drops the warnings they cover and adds W120 and W121 for
/// those that are unused or wrong. The result is sorted by place.
pub fn apply(source: &Arc<SourceFile>, list: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let suppressions = find(source);
    if suppressions.is_empty() {
        return list;
    }
    let mut used = vec![Vec::new(); suppressions.len()];
    let has_errors = list.iter().any(Diagnostic::is_error);
    let mut out = Diagnostics::new();
    for d in list {
        match covering(source, &suppressions, &d) {
            Some((i, code)) => used[i].push(code),
            None => out.push(d),
        }
    }
    for (s, used) in suppressions.iter().zip(&used) {
        for d in wrong(source, s) {
            out.push(d);
        }
        if !has_errors {
            if let Some(d) = unused(source, s, used) {
                out.push(d);
            }
        }
    }
    out.finish(source)
}

/// The suppression that covers `d`, and the index of its code there.
fn covering(
    source: &Arc<SourceFile>,
    suppressions: &[Suppression],
    d: &Diagnostic,
) -> Option<(usize, usize)> {
    if !d.code.is_warning() || !d.source.as_ref().is_some_and(|s| Arc::ptr_eq(s, source)) {
        return None;
    }
    let line = source.lines().line(d.span()?.start.min(source.text.len()));
    suppressions.iter().enumerate().find_map(|(i, s)| {
        if line != s.lines.0 && line != s.lines.1 {
            return None;
        }
        let j = s
            .codes
            .iter()
            .position(|(c, _)| Code::parse(c) == Some(d.code))?;
        Some((i, j))
    })
}

/// Every suppression comment of the file, in order.
fn find(source: &SourceFile) -> Vec<Suppression> {
    let text = &source.text;
    let lines = source.lines();
    crate::syntax::comments(text)
        .into_iter()
        .filter_map(|comment| {
            let body_start = comment.span.start + 1;
            let body = &text[body_start..comment.span.end];
            let trimmed = body.trim_start();
            let rest = trimmed.strip_prefix(MARKER)?;
            let after_marker = body_start + (body.len() - trimmed.len()) + MARKER.len();
            let verb = rest.trim_start();
            let list_text = verb.strip_prefix(VERB)?;
            if list_text.starts_with(|c: char| c.is_alphanumeric()) {
                return None; // `allowed`, `allowance`: not the directive
            }
            let list_start = after_marker + (rest.len() - verb.len()) + VERB.len();
            let codes = codes(list_text, list_start);
            let list = match (codes.first(), codes.last()) {
                (Some((_, first)), Some((_, last))) => first.to(*last),
                _ => Span::new(list_start, list_start),
            };
            let line = lines.line(comment.span.start);
            let before = &text[lines.start(line)..comment.span.start];
            let alone = before.trim().is_empty();
            Some(Suppression {
                comment: comment.span,
                codes,
                list,
                lines: (line, if alone { line + 1 } else { line }),
                alone,
            })
        })
        .collect()
}

/// The codes at the start of `text` (which begins at byte `offset`),
/// separated by commas and spaces: words of a letter and digits.
fn codes(text: &str, offset: usize) -> Vec<(String, Span)> {
    let mut out = Vec::new();
    let mut at = 0;
    loop {
        let rest = &text[at..];
        let skipped = rest.len() - rest.trim_start_matches([' ', '\t', ',']).len();
        // A second comma in a row, or none between codes, still separates.
        at += skipped;
        let word_len = text[at..]
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(text.len() - at);
        let word = &text[at..at + word_len];
        let is_code = word.len() > 1
            && word.starts_with(|c: char| c.is_ascii_alphabetic())
            && word[1..].chars().all(|c| c.is_ascii_digit());
        if !is_code {
            return out;
        }
        out.push((
            word.to_string(),
            Span::new(offset + at, offset + at + word_len),
        ));
        at += word_len;
    }
}

/// W121 for a suppression without a code, and for each code that is not a
/// hierc code or is an error's.
fn wrong(source: &Arc<SourceFile>, s: &Suppression) -> Vec<Diagnostic> {
    if s.codes.is_empty() {
        let d = Diagnostic::new(Code::W121, "this suppression names no code")
            .label(s.comment, "no code after `allow`")
            .help("name the warnings it is for: `# hierc: allow W101`")
            .in_source(source.clone());
        return vec![d];
    }
    let mut out = Vec::new();
    for (code, span) in &s.codes {
        let d = match Code::parse(code) {
            None => Diagnostic::new(Code::W121, format!("`{code}` is not a hierc code"))
                .label(*span, "unknown code")
                .note("`hierc explain CODE` describes a code; docs/diagnostics.md lists them"),
            Some(c) if !c.is_warning() => Diagnostic::new(
                Code::W121,
                format!("`{c}` is an error; it cannot be suppressed"),
            )
            .label(*span, format!("`{c}` ({}) is always reported", c.name()))
            .help("fix the error: only warnings (`W` codes) can be allowed"),
            Some(_) => continue,
        };
        out.push(d.in_source(source.clone()));
    }
    out
}

/// W120 when some of the suppression's warning codes silenced nothing,
/// with a safe fix: the codes removed, or the comment when none is left.
fn unused(source: &Arc<SourceFile>, s: &Suppression, used: &[usize]) -> Option<Diagnostic> {
    let is_unused = |i: usize, code: &str| {
        !used.contains(&i) && Code::parse(code).is_some_and(Code::is_warning)
    };
    let unused: Vec<&(String, Span)> = s
        .codes
        .iter()
        .enumerate()
        .filter(|(i, (code, _))| is_unused(*i, code))
        .map(|(_, c)| c)
        .collect();
    if unused.is_empty() {
        return None;
    }
    let kept: Vec<&str> = s
        .codes
        .iter()
        .enumerate()
        .filter(|(i, (code, _))| !is_unused(*i, code))
        .map(|(_, (code, _))| code.as_str())
        .collect();
    let names: Vec<String> = unused.iter().map(|(c, _)| format!("`{c}`")).collect();
    let message = if names.len() == 1 {
        format!("the suppression of {} silences nothing", names[0])
    } else {
        format!(
            "the suppressions of {} silence nothing",
            crate::diagnostics::suggest::join_words(&names, "and")
        )
    };
    let fix = if kept.is_empty() {
        Fix::safe(
            "remove the suppression",
            vec![Edit::delete(removal(source, s))],
        )
    } else {
        let title = format!("remove {}", names.join(", "));
        Fix::safe(title, vec![Edit::replace(s.list, kept.join(", "))])
    };
    let lines = if s.alone {
        "on this line or the next"
    } else {
        "on this line"
    };
    let mut d = Diagnostic::new(Code::W120, message);
    for (code, span) in &unused {
        d = d.label(*span, format!("no `{code}` {lines}"));
    }
    Some(
        d.help("remove it; `hierc check --fix` does")
            .fix(fix)
            .in_source(source.clone()),
    )
}

/// What removing a whole suppression deletes: its line, with the line
/// break, when the comment is alone on it; else the comment and the spaces
/// before it.
fn removal(source: &SourceFile, s: &Suppression) -> Span {
    let text = &source.text;
    let lines = source.lines();
    if s.alone {
        let line = s.lines.0;
        return Span::new(lines.start(line), lines.next_start(text, line));
    }
    let before = text[..s.comment.start].trim_end_matches([' ', '\t']);
    Span::new(before.len(), s.comment.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(Vec<String>, (usize, usize), bool)> {
        let source = SourceFile::new("t.hier", text);
        find(&source)
            .into_iter()
            .map(|s| {
                (
                    s.codes.into_iter().map(|(c, _)| c).collect(),
                    s.lines,
                    s.alone,
                )
            })
            .collect()
    }

    #[test]
    fn suppressions_are_read_from_comments() {
        let text = "fields A # hierc: allow W101, W102 because\n# hierc:allow W103\nx\n# hierc: allowed W101\n\"# hierc: allow W101\"\n";
        assert_eq!(
            found(text),
            vec![
                (vec!["W101".into(), "W102".into()], (0, 0), false),
                (vec!["W103".into()], (1, 2), true),
            ]
        );
        assert_eq!(found("# hierc: allow\n"), vec![(vec![], (0, 1), true)]);
        assert_eq!(
            found("#hierc: allow w101 W102,,E012\n")[0].0,
            ["w101", "W102", "E012"]
        );
    }

    #[test]
    fn removing_a_whole_suppression_takes_its_line_or_its_comment() {
        let text = "a\n  # hierc: allow W101\nb # hierc: allow W102\n";
        let source = SourceFile::new("t.hier", text);
        let all = find(&source);
        let first = removal(&source, &all[0]);
        assert_eq!(&text[first.start..first.end], "  # hierc: allow W101\n");
        let second = removal(&source, &all[1]);
        assert_eq!(&text[second.start..second.end], " # hierc: allow W102");
    }
}
