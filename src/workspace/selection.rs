//! `--select` and `--ignore` for one run: which warnings are reported, on
//! top of the project's `[lint]` levels.
//!
//! A selector is a code (`W101`), a prefix of codes (`W1`, `W11`), or
//! `ALL`, matched ignoring case. The run's selection only narrows what
//! `hierc.toml` reports, after its levels are applied: a warning is
//! reported when no inline suppression covers it, `hierc.toml` does not
//! allow it, `--ignore` names none of its prefixes and, when `--select` is
//! given, `--select` names one. `--ignore` wins over `--select`. A warning
//! `hierc.toml` denies stays an error when it is reported. Errors are
//! always reported: a file with one has no config.

use crate::diagnostics::{suggest, Code, Diagnostic};

/// The warnings one run reports.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    /// `--select`: only warnings matching one of these; `None`: all.
    select: Option<Vec<Selector>>,
    /// `--ignore`: never warnings matching one of these.
    ignore: Vec<Selector>,
}

/// `ALL`, or a code or prefix of codes, upper case.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Selector(String);

impl Selector {
    fn parse(text: &str, option: &str) -> Result<Selector, String> {
        let upper = text.trim().to_ascii_uppercase();
        let selector = Selector(upper);
        if selector.0 == "ALL" || Code::ALL.iter().any(|c| selector.matches(*c)) {
            return Ok(selector);
        }
        let all: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        let mut message = format!("`{option} {text}`: no hierc code is or starts with `{text}`");
        if let Some(help) = suggest::did_you_mean(text, all.iter().copied()) {
            message.push_str(&format!("\n  help: {help}"));
        }
        Err(message)
    }

    fn matches(&self, code: Code) -> bool {
        self.0 == "ALL" || code.as_str().starts_with(&self.0)
    }
}

impl Selection {
    /// The selection of `--select` (when given, even empty) and `--ignore`;
    /// a usage error for a selector that matches no code, or an `--ignore`
    /// that matches only errors (which cannot be ignored).
    pub fn new(select: Option<&[String]>, ignore: &[String]) -> Result<Selection, String> {
        let parse = |list: &[String], option: &str| -> Result<Vec<Selector>, String> {
            list.iter()
                .filter(|s| !s.trim().is_empty())
                .map(|s| Selector::parse(s, option))
                .collect()
        };
        let ignore = parse(ignore, "--ignore")?;
        if let Some(s) = ignore
            .iter()
            .find(|s| !Code::ALL.iter().any(|c| c.is_warning() && s.matches(*c)))
        {
            return Err(format!(
                "`--ignore {}`: errors cannot be ignored, only warnings (`W` codes)",
                s.0
            ));
        }
        Ok(Selection {
            select: select.map(|s| parse(s, "--select")).transpose()?,
            ignore,
        })
    }

    /// Whether the run reports warnings with this code.
    pub fn reports(&self, code: Code) -> bool {
        if !code.is_warning() {
            return true;
        }
        !self.ignore.iter().any(|s| s.matches(code))
            && self
                .select
                .as_ref()
                .is_none_or(|select| select.iter().any(|s| s.matches(code)))
    }

    /// The diagnostics the run reports.
    pub fn apply(&self, list: Vec<Diagnostic>) -> Vec<Diagnostic> {
        if *self == Selection::default() {
            return list;
        }
        list.into_iter().filter(|d| self.reports(d.code)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn selection(select: Option<&[&str]>, ignore: &[&str]) -> Result<Selection, String> {
        let own = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        Selection::new(select.map(own).as_deref(), &own(ignore))
    }

    #[test]
    fn select_narrows_and_ignore_wins() {
        let s = selection(Some(&["w1"]), &["W102"]).unwrap();
        assert!(s.reports(Code::W101));
        assert!(!s.reports(Code::W102));
        assert!(s.reports(Code::E012), "errors are always reported");
        let s = selection(Some(&["W101"]), &[]).unwrap();
        assert!(!s.reports(Code::W103));
        let s = selection(None, &["ALL"]).unwrap();
        assert!(!s.reports(Code::W101) && s.reports(Code::E001));
        assert!(selection(None, &[]).unwrap().reports(Code::W101));
    }

    #[test]
    fn unknown_selectors_and_ignored_errors_are_usage_errors() {
        let e = selection(Some(&["W1011"]), &[]).unwrap_err();
        assert!(e.contains("no hierc code is or starts with `W1011`"), "{e}");
        let e = selection(None, &["E012"]).unwrap_err();
        assert!(e.contains("errors cannot be ignored"), "{e}");
        assert!(selection(None, &["X"]).is_err());
    }
}
