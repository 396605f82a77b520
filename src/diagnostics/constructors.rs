//! One constructor for each diagnostic raised from more than one place
//! (`check`, `validate`, `scaffold`), as prisma's `DatamodelError::new_*`:
//! the wording, the labels and what a finding rests on are decided here
//! once, and fixes attach here. E090 is built by the catalog
//! (`schema::Catalog::not_found`), which knows whether it is a schema cache
//! or a live org; E039 by `check::unqueryable`, E013/E026/E035 for a path
//! hop by `check::not_a_relationship`.

use super::suggest::did_you_mean;
use super::{Code, Diagnostic};
use crate::source::Span;

impl Diagnostic {
    /// E012: `object` has no field `name`, written at `span`; a
    /// did-you-mean among `candidates` (the fields legal there). The finding
    /// rests on `object`'s describe, so a stale one gets a note.
    pub fn unknown_field<'a>(
        object: &str,
        name: &str,
        span: Span,
        candidates: impl IntoIterator<Item = &'a str>,
    ) -> Diagnostic {
        Diagnostic::new(Code::E012, format!("`{object}` has no field `{name}`"))
            .rests_on(object)
            .label(span, format!("not a field of `{object}`"))
            .maybe_help(did_you_mean(name, candidates))
    }

    /// W102: the field `name` is listed again at `again`, first at `first`.
    pub fn listed_twice(name: &str, again: Span, first: Span) -> Diagnostic {
        Diagnostic::new(Code::W102, format!("`{name}` is listed twice"))
            .label(again, "listed again here")
            .label(first, "first listed here")
            .help("remove the repeat; it is ignored")
    }
}
