//! Did-you-mean: the closest legal name, compared ignoring case, and the
//! fix that writes it.

use super::fix::{Edit, Fix};
use super::Diagnostic;
use crate::source::Span;

/// How similar (normalised Damerau-Levenshtein, ignoring case) a candidate
/// must be to be suggested.
const CLOSE: f64 = 0.6;

/// How much closer than every other close candidate the closest must be
/// for its fix to be safe.
const MARGIN: f64 = 0.2;

/// The candidate closest to `name`, if it is close enough. An exact match
/// ignoring case wins at once; otherwise the best normalised
/// Damerau-Levenshtein similarity of at least 0.6 (ties: the first candidate).
pub fn best<'a, I>(name: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let wanted = name.to_ascii_lowercase();
    let mut best: Option<(&str, f64)> = None;
    for c in candidates {
        let lower = c.to_ascii_lowercase();
        if lower == wanted {
            return Some(c);
        }
        let score = strsim::normalized_damerau_levenshtein(&wanted, &lower);
        if score >= CLOSE && best.is_none_or(|(_, s)| score > s) {
            best = Some((c, score));
        }
    }
    best.map(|(c, _)| c)
}

/// `did you mean `X`?` for the closest candidate.
pub fn did_you_mean<'a, I>(name: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    best(name, candidates).map(|c| format!("did you mean `{c}`?"))
}

/// The closest candidate to a name written at a place, and the fix that
/// writes it there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    pub name: String,
    /// Replaces the name as written with `name`: safe when the name differs
    /// from it only in case, or when it is clearly the closest (no other
    /// candidate is close, or it is closer than each by [`MARGIN`]);
    /// unsafe when another is about as close (the closest is a guess).
    pub fix: Fix,
}

impl Suggestion {
    /// `did you mean `X`?`
    pub fn help(&self) -> String {
        format!("did you mean `{}`?", self.name)
    }

    /// The suggestion with an unsafe fix: for a name that exists, only not
    /// here (a field that is not a lookup to the parent, an object that is
    /// not a child), writing another one changes what was meant.
    pub fn unsafe_(mut self) -> Self {
        self.fix.applicability = super::Applicability::Unsafe;
        self
    }
}

/// The closest candidate to `written`, written at `span`, with its fix
/// ([`best`] chooses it).
pub fn suggestion<'a, I>(written: &str, span: Span, candidates: I) -> Option<Suggestion>
where
    I: IntoIterator<Item = &'a str>,
{
    let candidates: Vec<&str> = candidates.into_iter().collect();
    let name = best(written, candidates.iter().copied())?;
    let wanted = written.to_ascii_lowercase();
    let score = |c: &str| strsim::normalized_damerau_levenshtein(&wanted, &c.to_ascii_lowercase());
    let runner_up = candidates
        .iter()
        .filter(|c| **c != name)
        .map(|c| score(c))
        .fold(0.0, f64::max);
    let clear = name.eq_ignore_ascii_case(written)
        || runner_up < CLOSE
        || runner_up + MARGIN <= score(name);
    let title = format!("replace `{written}` with `{name}`");
    let edits = vec![Edit::replace(span, name)];
    let fix = if clear {
        Fix::safe(title, edits)
    } else {
        Fix::unsafe_(title, edits)
    };
    Some(Suggestion {
        name: name.to_string(),
        fix,
    })
}

impl Diagnostic {
    /// A did-you-mean for the name `written` at `span`: the help
    /// `did you mean `X`?` and the fix that writes `X`, when a candidate is
    /// close enough.
    pub fn suggest<'a, I>(self, written: &str, span: Span, candidates: I) -> Self
    where
        I: IntoIterator<Item = &'a str>,
    {
        match suggestion(written, span, candidates) {
            Some(s) => self.help(s.help()).fix(s.fix),
            None => self,
        }
    }
}

/// `a`, `a` or `b`, `a`, `b` or `c`: names in backticks.
pub fn one_of<S: AsRef<str>>(names: &[S]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{}`", n.as_ref())).collect();
    join_words(&quoted, "or")
}

/// `a`, `a and b`, `a, b and c`.
pub fn join_words(items: &[String], conj: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {conj} {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_closest_name() {
        let names = ["EmailMessage", "Attachment", "Case"];
        assert_eq!(best("EmailMesage", names), Some("EmailMessage"));
        assert_eq!(best("attachment", names), Some("Attachment"));
        assert_eq!(best("Zebra", names), None);
    }

    #[test]
    fn a_suggestion_is_safe_when_no_other_name_is_close() {
        use crate::diagnostics::Applicability::*;
        let at = Span::new(7, 13);
        let s = suggestion("Subjet", at, ["Subject", "Status", "Origin"]).unwrap();
        assert_eq!(s.name, "Subject");
        assert_eq!(s.fix.applicability, Safe);
        assert_eq!(s.fix.edits, vec![Edit::replace(at, "Subject")]);
        assert_eq!(s.fix.title, "replace `Subjet` with `Subject`");
        // Clearly the closest, though another is close too.
        let s = suggestion("FromAdress", at, ["FromAddress", "ToAddress"]).unwrap();
        assert_eq!(s.fix.applicability, Safe);
        // `Stat` is close to `State`, and nearly as close to `Status`: a guess.
        let s = suggestion("Stat", at, ["Status", "State", "Body"]).unwrap();
        assert_eq!(s.name, "State");
        assert_eq!(s.fix.applicability, Unsafe);
        assert!(suggestion("Zebra", at, ["Name"]).is_none());
    }

    #[test]
    fn lists_read_as_words() {
        assert_eq!(one_of(&["a"]), "`a`");
        assert_eq!(one_of(&["a", "b", "c"]), "`a`, `b` or `c`");
    }
}
