//! Did-you-mean: the closest legal name, compared ignoring case.

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
        if score >= 0.6 && best.is_none_or(|(_, s)| score > s) {
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
    fn lists_read_as_words() {
        assert_eq!(one_of(&["a"]), "`a`");
        assert_eq!(one_of(&["a", "b", "c"]), "`a`, `b` or `c`");
    }
}
