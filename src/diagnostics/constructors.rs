//! One constructor for each diagnostic raised from more than one place
//! (`check`, `validate`, `scaffold`), as prisma's `DatamodelError::new_*`:
//! the wording, the labels and what a finding rests on are decided here
//! once, and fixes attach here. Each takes what differs between the
//! places that raise it (a label in the words of the file's syntax, the
//! spans) and leaves the help, which names that syntax (`via F` in a
//! `.hier` file, `"Relationship"` in a config), to the caller. E090 is
//! built by the catalog (`schema::Catalog::not_found`), which knows whether
//! it is a schema cache or a live org, from [`Diagnostic::not_in_org`] or
//! its own cache wording; E039 by `check::unqueryable`, E013/E026/E035 for
//! a path hop by `check::not_a_relationship`.

use super::suggest::{join_words, one_of, suggestion, Suggestion};
use super::{Code, Diagnostic, Edit, Fix};
use crate::source::Span;

/// A Salesforce field type with its article: "a `string`", "an `id`".
pub fn a_type(ty: &str) -> String {
    let article = if ty.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} `{ty}`")
}

impl Diagnostic {
    /// E012: `object` has no field `name`, written at `span`; a
    /// did-you-mean among `candidates` (the fields legal there), with its
    /// fix (safe when it is clearly the closest). The finding
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
            .suggest(name, span, candidates)
    }

    /// W102: the field `name` is listed again at `again`, first at `first`;
    /// `remove` is the edit that takes the repeat out of the text (with its
    /// comma, or its whole `fields` line), a safe fix: the repeat is
    /// ignored anyway.
    pub fn listed_twice(name: &str, again: Span, first: Span, remove: Option<Edit>) -> Diagnostic {
        Diagnostic::new(Code::W102, format!("`{name}` is listed twice"))
            .label(again, "listed again here")
            .label(first, "first listed here")
            .help("remove the repeat; it is ignored")
            .maybe_fix(remove.map(|e| Fix::safe(format!("remove the repeated `{name}`"), vec![e])))
    }

    /// E020: the core field `core` cannot take `what` (`` `Subject`, a
    /// `string` field ``, `a literal`), written at `span`; `accepts` says
    /// what it takes, in the words of the file's syntax.
    pub fn core_type_mismatch(core: &str, what: &str, span: Span, accepts: &str) -> Diagnostic {
        Diagnostic::new(Code::E020, format!("`{core}` cannot be mapped to {what}"))
            .label(span, format!("`{core}` accepts {accepts}"))
    }

    /// E021: the field `field`, of type `ty`, listed as metadata at `span`.
    pub fn not_metadata_type(field: &str, ty: &str, span: Span) -> Diagnostic {
        Diagnostic::new(
            Code::E021,
            format!(
                "`{field}` is {} field, which cannot be metadata",
                a_type(ty)
            ),
        )
        .label(span, format!("{} field", a_type(ty)))
    }

    /// E022: the field `field`, of type `ty`, named as a binary at `span`.
    pub fn cannot_become_file(field: &str, ty: &str, span: Span) -> Diagnostic {
        Diagnostic::new(
            Code::E022,
            format!(
                "`{field}` is {} field, which cannot become a file",
                a_type(ty)
            ),
        )
        .label(span, "neither base64 nor text")
    }

    /// E025: the lookup `field` cannot reference `target`, written at
    /// `span`; `label` says what it references.
    pub fn cannot_reference(field: &str, target: &str, span: Span, label: &str) -> Diagnostic {
        Diagnostic::new(Code::E025, format!("`{field}` cannot reference `{target}`"))
            .label(span, label)
    }

    /// E026: the lookup `field`'s describe lists no target (`referenceTo`
    /// is empty).
    pub fn references_no_object(field: &str, span: Span) -> Diagnostic {
        Diagnostic::new(Code::E026, format!("`{field}` references no object"))
            .label(span, "empty referenceTo in the describe")
    }

    /// E029: the binary's `what` (`MIME type`, `file name`) cannot be read
    /// from the field `field` of type `ty`.
    pub fn binary_option_field(what: &str, field: &str, ty: &str) -> Diagnostic {
        Diagnostic::new(
            Code::E029,
            format!(
                "the {what} cannot be read from `{field}`, {} field",
                a_type(ty)
            ),
        )
    }

    /// E035: the lookup `field`, used at `span`, has no relationship name.
    pub fn lookup_without_relationship_name(field: &str, span: Span) -> Diagnostic {
        Diagnostic::new(
            Code::E035,
            format!("the lookup `{field}` has no relationship name"),
        )
        .label(span, "relationshipName is null in the describe")
    }

    /// E035: the child relationship from `child` to `parent` through the
    /// lookup `field`, named at `span`, has no name, so it cannot carry
    /// records.
    pub fn unnamed_child_relationship(
        child: &str,
        parent: &str,
        field: &str,
        span: Span,
    ) -> Diagnostic {
        Diagnostic::new(
            Code::E035,
            format!("the relationship from `{child}` to `{parent}` through `{field}` has no name"),
        )
        .label(span, "relationshipName is null in the describe")
        .note("Salesforce cannot query a relationship without a name as a subquery, so it cannot carry records")
    }

    /// E026: `field`, of type `ty`, written at `span`, is not a lookup
    /// where one is needed (a reference, a path hop); the caller's help
    /// says what to do instead.
    pub fn not_a_lookup(field: &str, ty: &str, span: Span) -> Diagnostic {
        Diagnostic::new(Code::E026, format!("`{field}` is not a lookup"))
            .label(span, format!("{} field", a_type(ty)))
    }

    /// E038: a path of `hops` relationship hops, at `span`; `help` says how
    /// to reach the far object in the file's syntax.
    pub fn path_too_deep(hops: usize, span: Span, help: &str) -> Diagnostic {
        Diagnostic::new(
            Code::E038,
            format!(
                "this path has {hops} relationship hops; Salesforce allows at most {}",
                crate::rules::MAX_HOPS
            ),
        )
        .label(span, "too deep")
        .help(help)
    }

    /// E011: `child`, written at `span`, has no child relationship from
    /// `parent`.
    pub fn not_a_child(child: &str, parent: &str, span: Span) -> Diagnostic {
        Diagnostic::new(
            Code::E011,
            format!("`{child}` is not a child of `{parent}`"),
        )
        .label(span, format!("no child relationship from `{parent}`"))
    }

    /// E015: the core field `core`, written at `span`, maps only on
    /// records; `label` and `help` in the words of the file's syntax.
    pub fn record_only_on_aggregation(
        core: &str,
        span: Span,
        label: &str,
        help: String,
    ) -> Diagnostic {
        Diagnostic::new(
            Code::E015,
            format!("`{core}` cannot be mapped on the aggregation"),
        )
        .label(span, label)
        .help(help)
    }

    /// W103: the describes used are not from the API version `wanted`;
    /// `others` lists them as `` `Case` (61.0) ``. The caller places it (the
    /// `api` statement, hierc.toml, or `ApiVersion`) and says how to fix it.
    pub fn api_version_mismatch(wanted: &str, others: &[String]) -> Diagnostic {
        Diagnostic::new(
            Code::W103,
            format!("the cached schemas are not from API version {wanted}"),
        )
        .note(format!(
            "from other versions: {}",
            join_words(others, "and")
        ))
    }

    /// E092: the file or folder `shown` cannot be read, for `reason`
    /// (`no such file or folder`). It is named as the diagnostic's source,
    /// so that every format points at it.
    pub fn cannot_read(shown: &str, reason: &str) -> Diagnostic {
        Diagnostic::new(Code::E092, format!("cannot read `{shown}`: {reason}"))
            .in_source(crate::source::SourceFile::new(shown, ""))
    }

    /// E094: an output cannot be written; `action` says which, as in
    /// "cannot {action}": `` write `out.json` ``, `` make the output folder
    /// `build` ``, `make a temporary folder`.
    pub fn cannot_write(action: &str, reason: &str) -> Diagnostic {
        Diagnostic::new(Code::E094, format!("cannot {action}: {reason}"))
    }

    /// E010: `name`, written at `span`, is not an object here; `label`
    /// says where it was looked for (`` not a child object of `Case` ``).
    pub fn unknown_object(name: &str, span: Span, label: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Code::E010, format!("unknown object `{name}`")).label(span, label)
    }

    /// E090 against a live org: the org (`org`, as "the org URL (API
    /// vNN.0)") has no object `object`, written at `span` when it was
    /// written in a file (a name on the command line has no place); a
    /// did-you-mean among `objects`, the org's objects.
    pub fn not_in_org<'a>(
        object: &str,
        span: Option<Span>,
        objects: impl IntoIterator<Item = &'a str>,
        org: &str,
    ) -> Diagnostic {
        let suggested = suggestion(object, span.unwrap_or_default(), objects);
        let d = Diagnostic::new(Code::E090, format!("the org has no object `{object}`"))
            .rests_on(object)
            .help(suggested.as_ref().map_or_else(
                || "`hierc schema list` lists the org's objects".to_string(),
                Suggestion::help,
            ))
            .note(format!("checked against {org}"));
        match span {
            Some(span) => d
                .label(span, "not in the org")
                .maybe_fix(suggested.map(|s| s.fix)),
            None => d,
        }
    }

    /// E016: `name` is not a value the connector derives, written at
    /// `span` as `{sigil}{name}` (`@` in a `.hier` file, nothing in a
    /// config, whose findings `validate` gives without fixes).
    pub fn unknown_derived(name: &str, span: Span, sigil: &str) -> Diagnostic {
        let d = Diagnostic::new(
            Code::E016,
            format!("the connector derives no value `{sigil}{name}`"),
        )
        .label(span, "unknown derived value");
        let known: Vec<String> = crate::rules::DERIVED
            .iter()
            .map(|v| format!("{sigil}{v}"))
            .collect();
        let written = format!("{sigil}{name}");
        match suggestion(&written, span, known.iter().map(String::as_str)) {
            Some(s) => d.help(s.help()).fix(s.fix),
            None => d.help(format!("the connector derives {} only", one_of(&known))),
        }
    }

    /// E017: `field` is not a lookup from `child` to `parent`; `label`, at
    /// `span`, says what it is instead.
    pub fn not_a_lookup_to(
        field: &str,
        child: &str,
        parent: &str,
        span: Span,
        label: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::new(
            Code::E017,
            format!("`{field}` is not a lookup from `{child}` to `{parent}`"),
        )
        .label(span, label)
    }

    /// E027: `name`, written at `span` after a polymorphic lookup (`via`,
    /// when its name is known), is not a `what` (`field`, `relationship`)
    /// of each of its targets (`all`); `lacking` are those without it.
    pub fn not_on_every_target(
        name: &str,
        what: &str,
        span: Span,
        via: Option<&str>,
        lacking: &[&str],
        all: &[&str],
    ) -> Diagnostic {
        let quoted: Vec<String> = all.iter().map(|a| format!("`{a}`")).collect();
        let (every, lookup) = match via {
            Some(v) => (
                format!("every object `{v}` can reference"),
                format!("`{v}`"),
            ),
            None => (
                "every object the path can reach here".to_string(),
                "the path's lookup".to_string(),
            ),
        };
        Diagnostic::new(Code::E027, format!("`{name}` is not a {what} of {every}"))
            .label(
                span,
                format!(
                    "{} {} no `{name}`",
                    one_of(lacking).replace(" or ", " and "),
                    if lacking.len() == 1 { "has" } else { "have" },
                ),
            )
            .note(format!(
                "{lookup} is polymorphic (to {}): what follows it must exist on each",
                join_words(&quoted, "and")
            ))
    }

    /// E012 (a field) or E013 (a relationship): `name`, written at `span`
    /// after a polymorphic lookup (`via`, when its name is known), is a
    /// `what` of none of its targets (`all`).
    pub fn on_no_target(
        name: &str,
        what: &str,
        span: Span,
        via: Option<&str>,
        all: &[&str],
    ) -> Diagnostic {
        let any = match via {
            Some(v) => format!("any object `{v}` can reference"),
            None => "any object the path can reach here".to_string(),
        };
        let code = if what == "field" {
            Code::E012
        } else {
            Code::E013
        };
        let mut d = Diagnostic::new(code, format!("`{name}` is not a {what} of {any}"))
            .label(span, format!("not a {what} of {}", one_of(all)));
        for t in all {
            d = d.rests_on(t);
        }
        d
    }

    /// E028: `object` has no field the default of the core field `core`
    /// can take; `label` at `span` says where it was needed.
    pub fn no_default(
        object: &str,
        core: &str,
        span: Span,
        label: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::new(
            Code::E028,
            format!("`{object}` has no field for the default `{core}`"),
        )
        .label(span, label)
    }

    /// E033: `child` is related to `parent` through `ways` lookups and the
    /// one meant is not said; `span` is the child's name.
    pub fn ambiguous_relationship(
        child: &str,
        parent: &str,
        ways: usize,
        span: Span,
    ) -> Diagnostic {
        Diagnostic::new(
            Code::E033,
            format!("`{child}` is related to `{parent}` in {ways} ways"),
        )
        .label(span, "which relationship?")
    }

    /// E034: `object` is a record twice (through the lookup `field`, when
    /// it is known), at `again`; first at `first`, when a label there
    /// suits (a config's first may be thousands of lines up: the caller
    /// then says where in a note).
    pub fn record_twice(
        object: &str,
        field: Option<&str>,
        again: Span,
        first: Option<Span>,
    ) -> Diagnostic {
        let message = match field {
            Some(f) => format!("`{object}` is a record through `{f}` twice"),
            None => format!("`{object}` is a record twice"),
        };
        let d = Diagnostic::new(Code::E034, message).label(again, "declared again here");
        match first {
            Some(first) => d.label(first, "first declared here"),
            None => d,
        }
    }

    /// E036: references on the aggregation, at `span`, with the
    /// self-record off.
    pub fn reference_without_self_record(span: Span) -> Diagnostic {
        Diagnostic::new(
            Code::E036,
            "a reference on the aggregation needs the self-record",
        )
        .label(span, "flattened onto the self-record")
        .note("references on the aggregation are flattened onto the self-record: without it they would go nowhere")
    }

    /// E037: the metadata name `name` is used again at `again` (`label`
    /// says what it is there), first at `first` when that has a place.
    pub fn metadata_name_twice(
        name: &str,
        again: Span,
        label: impl Into<String>,
        first: Option<Span>,
    ) -> Diagnostic {
        let d = Diagnostic::new(
            Code::E037,
            format!("the metadata name `{name}` is used twice"),
        )
        .label(again, label);
        match first {
            Some(first) => d.label(first, "first used here"),
            None => d,
        }
        .note("metadata names are compared ignoring case")
    }

    /// E041: a record's binary given twice: the field `field`, or
    /// Salesforce Files when `None`; at `again`, first at `first`.
    pub fn binary_twice(field: Option<&str>, again: Span, first: Span) -> Diagnostic {
        let message = match field {
            Some(f) => format!("the binary `{f}` is declared twice"),
            None => "Salesforce Files are declared twice".to_string(),
        };
        Diagnostic::new(Code::E041, message)
            .label(again, "declared again here")
            .label(first, "first declared here")
    }
}
