//! Hover: what the word under the cursor names, from the schema cache.

use std::fmt::Write;

use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind};

use super::context::Item;
use super::names::{describe, named_at, type_words, Named};
use super::text::Document;
use crate::config::CoreField;
use crate::rules;
use crate::scaffold::relationships;
use crate::schema::{Catalog, Describe, Field};
use crate::syntax;

/// The hover at `offset`, if the word there names something.
pub fn hover(catalog: &Catalog, doc: &Document, offset: usize) -> Option<Hover> {
    let tokens = syntax::tokens(&doc.text);
    let (named, span) = named_at(catalog, &doc.text, &tokens, offset)?;
    let value = match named {
        Named::Object(name) | Named::Parent(name) => object_text(catalog, &name),
        Named::Child { parent, child } => {
            let mut text = object_text(catalog, &child);
            if let (Some(p), Some(c)) = (describe(catalog, &parent), describe(catalog, &child)) {
                for r in relationships(&p, &c.name) {
                    let _ = write!(text, "\n\nchild of `{}` through `{}.{}`", p.name, c.name, r.field);
                    if let Some(name) = &r.relationship_name {
                        let _ = write!(text, " (relationship `{name}`)");
                    }
                }
            }
            text
        }
        Named::Field { object, field } => {
            let d = describe(catalog, &object)?;
            field_text(&d, d.field(&field)?)
        }
        Named::Relationship {
            object,
            relationship,
        } => {
            let d = describe(catalog, &object)?;
            let f = d.relationship(&relationship)?;
            format!(
                "**{relationship}**: relationship of `{}` through its lookup `{}` to {}\n\n{}",
                d.name,
                f.name,
                f.reference_to
                    .iter()
                    .map(|t| format!("`{t}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
                field_text(&d, f)
            )
        }
        Named::Core { core, item } => {
            let d = describe(catalog, &item.object);
            core_text(core, d.as_deref(), &item)
        }
        Named::RecordUrl => "**@RecordUrl**: derived by the connector, the record's URL in Salesforce (`https://…/lightning/r/Object/Id/view`); the default of `Location`".to_string(),
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range: Some(doc.range(span)),
    })
}

/// An object: its label, custom or standard, queryable, deletable.
fn object_text(catalog: &Catalog, name: &str) -> String {
    let Some(d) = describe(catalog, name) else {
        return format!(
            "`{name}`: not in the schema cache `{}`; fetch it with `hierc schema pull {name}`",
            catalog.dir().display()
        );
    };
    let mut facts = vec![if d.custom {
        "custom object"
    } else {
        "standard object"
    }];
    facts.push(if d.queryable {
        "queryable"
    } else {
        "not queryable"
    });
    match d.deletable {
        Some(true) => facts.push("deletable"),
        Some(false) => facts.push("not deletable"),
        None => {}
    }
    let label = d.label.as_deref().unwrap_or(&d.name);
    let mut text = format!("**{label}** `{}`\n\n{}", d.name, facts.join(" · "));
    if let Some(v) = &d.api_version {
        let _ = write!(text, "\n\ndescribe from API v{v}");
    }
    text
}

/// A field: its label, type, length, help text, picklist values and
/// reference targets.
fn field_text(object: &Describe, f: &Field) -> String {
    let label = f.label.as_deref().unwrap_or(&f.name);
    let mut text = format!(
        "**{label}** `{}.{}`: `{}`",
        object.name,
        f.name,
        type_words(f)
    );
    if f.custom {
        text.push_str(" · custom field");
    }
    if let Some(help) = f
        .inline_help_text
        .as_deref()
        .filter(|h| !h.trim().is_empty())
    {
        let _ = write!(text, "\n\n{help}");
    }
    let values: Vec<String> = f
        .picklist_values
        .iter()
        .filter(|v| v.active)
        .map(|v| format!("`{}`", v.value))
        .collect();
    if !values.is_empty() {
        let _ = write!(text, "\n\nvalues: {}", values.join(", "));
    }
    if f.is_reference() && !f.reference_to.is_empty() {
        let targets: Vec<String> = f.reference_to.iter().map(|t| format!("`{t}`")).collect();
        let _ = write!(text, "\n\nreferences {}", targets.join(", "));
        if let Some(r) = &f.relationship_name {
            let _ = write!(text, " (relationship `{r}`)");
        }
    }
    text
}

/// A core field: what RecordPoint does with it, what it accepts, and its
/// default on `item` when the object's describe is known.
pub fn core_text(core: CoreField, object: Option<&Describe>, item: &Item) -> String {
    let mut text = format!(
        "**{}**: RecordPoint core field, {}\n\naccepts {}",
        core.name(),
        rules::purpose(core),
        rules::accepted(core)
    );
    if core.record_only() {
        text.push_str("\n\nrecords only");
    }
    if let Some(d) = object {
        match rules::default_mapping(core, d, None) {
            Some(Ok((mapping, _))) => {
                let _ = write!(
                    text,
                    "\n\ndefault here: `{}`",
                    crate::draw::tree::mapping(&mapping)
                );
            }
            Some(Err(why)) => {
                let _ = write!(text, "\n\nno default here: {why}");
            }
            None if core == CoreField::ParentExternalId && item.is_record() => {
                text.push_str("\n\ndefault: the record's lookup to the aggregation");
            }
            None => {}
        }
    }
    text
}
