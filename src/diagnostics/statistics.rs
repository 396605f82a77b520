//! `--statistics`: how many findings each code has, as ruff's
//! `--statistics` counts them, in place of the findings themselves.

use serde::Serialize;

use super::{Applicability, Diagnostic};

/// One code's count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Count {
    pub code: &'static str,
    pub name: &'static str,
    pub count: usize,
    /// Whether some of them carry a safe fix (`hierc check --fix`).
    pub fixable: bool,
}

/// The counts of `list`, most frequent first, then by code.
pub fn count(list: &[Diagnostic]) -> Vec<Count> {
    let mut counts: Vec<Count> = Vec::new();
    for d in list {
        let fixable = d
            .fixes()
            .iter()
            .any(|f| f.applicability == Applicability::Safe);
        match counts.iter_mut().find(|c| c.code == d.code.as_str()) {
            Some(c) => {
                c.count += 1;
                c.fixable |= fixable;
            }
            None => counts.push(Count {
                code: d.code.as_str(),
                name: d.code.name(),
                count: 1,
                fixable,
            }),
        }
    }
    counts.sort_by(|a, b| b.count.cmp(&a.count).then(a.code.cmp(b.code)));
    counts
}

/// One line a code: count, code and name, separated by tabs, with `[*] `
/// before the names of codes `--fix` can fix (and `[ ] ` before the others
/// when some can). Empty when there is nothing.
pub fn text(list: &[Diagnostic]) -> String {
    let counts = count(list);
    let width = counts.iter().map(|c| c.count.to_string().len()).max();
    let any_fixable = counts.iter().any(|c| c.fixable);
    let mut out = String::new();
    for c in &counts {
        let marker = match (any_fixable, c.fixable) {
            (false, _) => "",
            (true, true) => "[*] ",
            (true, false) => "[ ] ",
        };
        out.push_str(&format!(
            "{:>width$}\t{}\t{marker}{}\n",
            c.count,
            c.code,
            c.name,
            width = width.unwrap_or(1)
        ));
    }
    out
}

/// The counts as a JSON array of `{code, name, count, fixable}`.
pub fn json(list: &[Diagnostic]) -> String {
    let mut text = serde_json::to_string_pretty(&count(list)).unwrap_or_else(|_| "[]".into());
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Code, Edit, Fix};
    use crate::source::Span;

    #[test]
    fn codes_are_counted_most_frequent_first() {
        let fixable = Diagnostic::new(Code::W101, "a")
            .fix(Fix::safe("x", vec![Edit::delete(Span::new(0, 1))]));
        let list = vec![
            Diagnostic::new(Code::E012, "b"),
            fixable.clone(),
            Diagnostic::new(Code::W101, "c"),
            Diagnostic::new(Code::E010, "d"),
        ];
        assert_eq!(
            text(&list),
            "2\tW101\t[*] name-case\n1\tE010\t[ ] unknown-object\n1\tE012\t[ ] unknown-field\n"
        );
        let counts: serde_json::Value = serde_json::from_str(&json(&list)).unwrap();
        assert_eq!(
            counts[0],
            serde_json::json!({"code": "W101", "name": "name-case", "count": 2, "fixable": true})
        );
        assert_eq!(text(&[]), "");
    }
}
