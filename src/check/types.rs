//! Pass 3: types. Core field mappings against what each core field accepts,
//! defaults that name missing fields, metadata types, binaries, and metadata
//! name collisions.

use super::a_type;
use super::model::*;
use crate::config::{CoreField, Mapping, MetadataType};
use crate::diagnostics::fix::line_ending;
use crate::diagnostics::suggest::one_of;
use crate::diagnostics::{Code, Diagnostic, Diagnostics, Edit, Fix};
use crate::rules::{accepted, default_mapping, field_accepted, literal_accepted};
use crate::schema::{Describe, Field};
use crate::source::Span;

/// `text` is the file's, which fixes edit.
pub fn check(model: &Model, text: &str, diags: &mut Diagnostics) {
    let agg = &model.aggregation.object.name;
    item(&model.aggregation, None, agg, text, diags);
    for record in &model.records {
        item(&record.item, Some(&record.via), agg, text, diags);
        for b in &record.binaries {
            binary(&record.item.object, b, diags);
        }
    }
}

fn item(
    item: &ItemModel,
    via: Option<&FieldRef>,
    aggregation: &str,
    text: &str,
    diags: &mut Diagnostics,
) {
    for m in &item.mappings {
        if let Err(d) = accepts(m.core, &m.value, &item.object, aggregation) {
            diags.push(d);
        }
    }
    let (_, missing) = effective(item, via);
    for (core, why) in missing {
        let examples = examples_for(core, &item.object, aggregation);
        // One clear candidate: the only field of the object that fits,
        // ids aside (they fit `Title` but rarely make one).
        let fit = fitting(core, &item.object, aggregation);
        let clear: Vec<&&Field> = fit
            .iter()
            .filter(|f| f.ty != "id" || core == CoreField::ExternalId)
            .collect();
        let only = match clear.as_slice() {
            [only] => Some(only.name.clone()),
            _ => None,
        };
        let fix = only.and_then(|f| {
            let mapping = format!("{} = {f}", core.name());
            add_mapping(text, item, &mapping)
                .map(|edit| Fix::unsafe_(format!("map it: `{mapping}`"), vec![edit]))
        });
        diags.push(
            Diagnostic::no_default(&item.object.name, core.name(), item.span, why)
                .help(match examples.first() {
                    Some(f) => format!("map it: `{} = {f}`", core.name()),
                    None => format!("map it: `{} = FIELD` in this object's block", core.name()),
                })
                .maybe_fix(fix),
        );
    }
    for f in item
        .fields
        .iter()
        .chain(item.refs.iter().flat_map(|r| r.fields.iter()))
    {
        if MetadataType::of(&f.field().ty).is_none() {
            diags.push(not_metadata(f));
        }
    }
    collisions(item, via, diags);
}

/// Whether `core` accepts `value`: the table in the format's "What each core
/// field accepts".
fn accepts(
    core: CoreField,
    value: &ValueModel,
    object: &Describe,
    aggregation: &str,
) -> Result<(), Diagnostic> {
    let (what, span) = match value {
        ValueModel::Literal { span, .. } if literal_accepted(core) => return Ok(()),
        ValueModel::Literal { span, .. } => ("a literal".to_string(), *span),
        ValueModel::Derived { .. } if core == CoreField::Location => return Ok(()),
        ValueModel::Derived { name, span } => (format!("`@{name}`"), *span),
        ValueModel::Path(p) => {
            let f = p.last.field();
            if field_accepted(core, f, aggregation) {
                return Ok(());
            }
            (format!("`{}`, {} field", p.text, a_type(&f.ty)), p.span)
        }
    };
    let mut d = Diagnostic::core_type_mismatch(core.name(), &what, span, accepted(core));
    if core == CoreField::ParentExternalId {
        d = d.note(format!(
            "`ParentExternalId` must be a lookup whose targets include the aggregation `{aggregation}`"
        ));
    }
    let examples = examples_for(core, object, aggregation);
    if core == CoreField::Location {
        let urls: Vec<&str> = object
            .fields
            .iter()
            .filter(|f| f.ty == "url")
            .map(|f| f.name.as_str())
            .collect();
        d = d.help(if urls.is_empty() {
            "`Location` defaults to `@RecordUrl`, the record's URL in Salesforce: remove this mapping".to_string()
        } else {
            format!(
                "`Location` defaults to `@RecordUrl`, the record's URL in Salesforce: remove this mapping, or map {}",
                one_of(&urls)
            )
        });
    } else if !examples.is_empty() {
        d = d.help(format!(
            "fields of `{}` that fit: {}",
            object.name,
            one_of(&examples)
        ));
    }
    Err(d)
}

/// The fields of `object` that `core` accepts.
fn fitting<'o>(core: CoreField, object: &'o Describe, aggregation: &str) -> Vec<&'o Field> {
    object
        .fields
        .iter()
        .filter(|f| field_accepted(core, f, aggregation))
        .collect()
}

/// The edit that adds the mapping `line` (`Title = Body__c`) to an item:
/// a line at the top of its block, with the indentation of the line after
/// it; in a one-line block, an item before the others (`{ line; ... }`);
/// without a block, a new one after the statement. `None` for an
/// aggregation without an `aggregation` statement.
fn add_mapping(text: &str, item: &ItemModel, line: &str) -> Option<Edit> {
    let Some(block) = item.block else {
        return Some(Edit::insert(item.end?, format!(" {{ {line} }}")));
    };
    let open = block.start + 1;
    let inside = text.get(open..block.end.checked_sub(1)?)?;
    if inside.trim().is_empty() {
        return Some(Edit::replace(block, format!("{{ {line} }}")));
    }
    let Some(newline) = inside.find('\n') else {
        return Some(Edit::insert(open, format!(" {line};")));
    };
    let at = open + newline + 1;
    let next = &text[at..];
    let indent: String = next
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let indent = if next[indent.len()..].starts_with('}') {
        format!("{indent}    ")
    } else {
        indent
    };
    let eol = line_ending(text);
    Some(Edit::insert(at, format!("{indent}{line}{eol}")))
}

/// Up to three fields of `object` that `core` accepts, standard ones first.
fn examples_for(core: CoreField, object: &Describe, aggregation: &str) -> Vec<String> {
    let mut fit = fitting(core, object, aggregation);
    // The name field first, ids (which fit `Title` but rarely make one) last.
    fit.sort_by_key(|f| (!f.name_field, f.ty == "id", f.name.ends_with("__c")));
    fit.into_iter().take(3).map(|f| f.name.clone()).collect()
}

/// Where a core field's value comes from once defaults are filled in.
pub enum Source<'m> {
    Written(&'m MappingModel),
    /// A default; `field` is set for a plain field of the object.
    Default {
        mapping: Mapping,
        field: Option<&'m Field>,
    },
}

/// Every core field of an item with where its value comes from.
pub type Effective<'m> = Vec<(CoreField, Source<'m>)>;

/// Every core field of an item in order, written or defaulted, and the
/// defaults that name a field the object lacks (with why).
pub fn effective<'m>(
    item: &'m ItemModel,
    via: Option<&'m FieldRef>,
) -> (Effective<'m>, Vec<(CoreField, String)>) {
    let mut out = Vec::new();
    let mut missing = Vec::new();
    for core in CoreField::ALL {
        if core.record_only() && via.is_none() {
            continue;
        }
        if let Some(m) = item.mappings.iter().find(|m| m.core == core) {
            out.push((core, Source::Written(m)));
            continue;
        }
        match default_mapping(core, &item.object, via.map(FieldRef::field)) {
            Some(Ok((mapping, field))) => out.push((core, Source::Default { mapping, field })),
            Some(Err(why)) => missing.push((core, why)),
            None => {}
        }
    }
    (out, missing)
}

/// The item's metadata fields: plain fields used by core mappings (not `Id`),
/// then the listed fields; no repeats. Each with where it was written, if it was.
pub fn metadata_fields<'m>(
    item: &'m ItemModel,
    mappings: &[(CoreField, Source<'m>)],
) -> Vec<(&'m Field, Option<Span>)> {
    let mut out: Vec<(&Field, Option<Span>)> = Vec::new();
    let mut push = |f: &'m Field, span: Option<Span>| {
        if !f.name.eq_ignore_ascii_case("Id") && !out.iter().any(|(g, _)| g.name == f.name) {
            out.push((f, span));
        }
    };
    for (_, source) in mappings {
        match source {
            Source::Written(m) => {
                if let ValueModel::Path(p) = &m.value {
                    if p.plain {
                        push(p.last.field(), Some(p.span));
                    }
                }
            }
            Source::Default { field: Some(f), .. } => push(f, None),
            Source::Default { field: None, .. } => {}
        }
    }
    for f in &item.fields {
        push(f.field(), Some(f.span));
    }
    out
}

fn not_metadata(f: &FieldRef) -> Diagnostic {
    let field = f.field();
    let d = Diagnostic::not_metadata_type(&field.name, &field.ty, f.span);
    match field.ty.as_str() {
        "base64" => d.help(format!(
            "file content belongs in a binary: `<binary {}>` on the record",
            field.name
        )),
        "address" | "location" => {
            let parts: Vec<&str> = f
                .object
                .fields
                .iter()
                .filter(|p| p.compound_field_name.as_deref() == Some(field.name.as_str()))
                .map(|p| p.name.as_str())
                .collect();
            if parts.is_empty() {
                d.help("list its component fields instead")
            } else {
                let parts: Vec<String> = parts.iter().map(|p| format!("`{p}`")).collect();
                d.help(format!(
                    "list its component fields instead: {}",
                    crate::diagnostics::suggest::join_words(&parts, "and")
                ))
            }
        }
        _ => d.help("remove it: its values have no fixed type"),
    }
}

/// E023: Files on an object that cannot hold them; the help names its
/// base64 fields, written as `write` spells a binary of one.
pub(crate) fn files_not_supported(
    object: &Describe,
    span: Span,
    write: impl Fn(&str) -> String,
) -> Diagnostic {
    let base64: Vec<&str> = object
        .fields
        .iter()
        .filter(|f| f.ty == "base64")
        .map(|f| f.name.as_str())
        .collect();
    let d = Diagnostic::new(
        Code::E023,
        format!("`{}` cannot hold Salesforce Files", object.name),
    )
    .label(span, "no `ContentDocumentLink` relationship")
    .note(format!(
        "Files are linked through `ContentDocumentLink.LinkedEntityId`, and `{}`'s describe has no such child relationship",
        object.name
    ));
    match base64.first() {
        Some(first) => d.help(format!(
            "its content is in {}: write {}",
            one_of(&base64),
            write(first)
        )),
        None => d,
    }
}

fn binary(object: &Describe, b: &BinaryModel, diags: &mut Diagnostics) {
    match b {
        BinaryModel::Files { span } => {
            if !object.holds_files() {
                diags.push(files_not_supported(object, *span, |field| {
                    format!("`<binary {field}>`")
                }));
            }
        }
        BinaryModel::Field {
            field,
            mime_field,
            file_name,
            ..
        } => {
            let f = field.field();
            match f.ty.as_str() {
                "base64" => {
                    for (opt, what) in [(mime_field, "MIME type"), (file_name, "file name")] {
                        if let Some(o) = opt {
                            if !matches!(o.field().ty.as_str(), "string" | "picklist") {
                                diags.push(
                                    Diagnostic::binary_option_field(what, o.name(), &o.field().ty)
                                        .label(o.span, "not a text field")
                                        .help(format!(
                                        "name a `string` or `picklist` field that holds the {what}"
                                    )),
                                );
                            }
                        }
                    }
                }
                "textarea" | "string" => {
                    for (opt, kw) in [(mime_field, "as"), (file_name, "named")] {
                        if let Some(o) = opt {
                            diags.push(
                                Diagnostic::new(
                                    Code::E029,
                                    format!("`{kw} {}` applies to base64 fields only", o.name()),
                                )
                                .label(o.span, format!("`{}` is {} field", f.name, a_type(&f.ty)))
                                .help(if kw == "as" {
                                    "give a text field's MIME type as a literal: `as \"text/html\"`"
                                } else {
                                    "a text field's file name is derived by the connector; remove `named`"
                                }),
                            );
                        }
                    }
                }
                other => {
                    let content: Vec<&str> = object
                        .fields
                        .iter()
                        .filter(|f| matches!(f.ty.as_str(), "base64" | "textarea"))
                        .map(|f| f.name.as_str())
                        .collect();
                    let mut d = Diagnostic::cannot_become_file(&f.name, other, field.span);
                    if !content.is_empty() {
                        d = d.help(format!(
                            "fields of `{}` that can: {}",
                            object.name,
                            one_of(&content)
                        ));
                    }
                    diags.push(d);
                }
            }
        }
    }
}

/// Two metadata names that are equal ignoring case, within one item.
fn collisions(item: &ItemModel, via: Option<&FieldRef>, diags: &mut Diagnostics) {
    let (mappings, _) = effective(item, via);
    let mut names: Vec<(String, Option<Span>)> = metadata_fields(item, &mappings)
        .into_iter()
        .map(|(f, span)| (f.name.clone(), span))
        .collect();
    for r in &item.refs {
        let prefix = r.prefix();
        for f in &r.fields {
            let name = format!("{prefix}{}", f.name());
            if let Some((_, first)) = names.iter().find(|(n, _)| n.eq_ignore_ascii_case(&name)) {
                let d = Diagnostic::metadata_name_twice(
                    &name,
                    f.span,
                    format!("becomes `{name}`"),
                    *first,
                );
                diags.push(d.help(format!(
                    "give this reference another prefix: `ref {} {{ ... }} as {}`",
                    r.field.name(),
                    suggest_prefix(&prefix)
                )));
            } else {
                names.push((name, Some(f.span)));
            }
        }
    }
}

fn suggest_prefix(prefix: &str) -> String {
    format!("{}2_", prefix.trim_end_matches('_'))
}
