//! Completion: what fits the slot at the cursor, from the schema cache.
//! Each item shows its label and type; a field's help text is its
//! documentation.

use std::collections::BTreeSet;

use lsp_types::{
    Command, CompletionItem, CompletionItemKind, CompletionItemLabelDetails, CompletionTextEdit,
    Documentation, MarkupContent, MarkupKind, TextEdit,
};

use super::context::{self, Item, Slot};
use super::names::{describe, ref_targets, shared_fields, type_words, walk};
use super::text::Document;
use crate::config::{CoreField, MetadataType};
use crate::rules;
use crate::scaffold::{offer_order, record_relationships, relationships};
use crate::schema::{Catalog, Field};
use crate::source::Span;
use crate::syntax;

/// The completion items at `offset`, in the order they are offered.
pub fn items(catalog: &Catalog, doc: &Document, offset: usize) -> Vec<CompletionItem> {
    let text = &doc.text;
    let tokens = syntax::tokens(text);
    let comments: Vec<Span> = syntax::comments(text).into_iter().map(|c| c.span).collect();
    let at = context::at_cursor(text, &tokens, &comments, offset);
    let mut out = Offer {
        items: Vec::new(),
        range: doc.range(at.word),
    };
    match at.slot {
        Slot::Statement => {
            for (kw, what) in [
                (
                    "aggregation",
                    "the aggregation: `aggregation Case <self> { ... }`",
                ),
                (
                    "connector",
                    "the connector's name: `connector \"Case records\"`",
                ),
                ("api", "the API version of the describes: `api 62.0`"),
            ] {
                out.keyword(kw, what);
            }
            // Records hang off the aggregation: `Case > ...`.
            let aggregations: BTreeSet<&str> = tokens
                .windows(2)
                .filter(|w| {
                    w[0].text(text) == "aggregation" && w[1].kind == syntax::TokenKind::Ident
                })
                .map(|w| w[1].text(text))
                .collect();
            for name in aggregations {
                out.push(
                    item(
                        name,
                        CompletionItemKind::CLASS,
                        "records of the aggregation",
                    )
                    .insert(&format!("{name} > "))
                    .retrigger(),
                );
            }
        }
        Slot::Aggregation => {
            let mut names: Vec<&str> = catalog.names();
            offer_order(&mut names, |n| (n, is_custom(n)));
            for name in names {
                let what = if is_custom(name) {
                    "custom object"
                } else {
                    "standard object"
                };
                out.push(item(name, CompletionItemKind::CLASS, what));
            }
        }
        Slot::Child { parent } => children(catalog, &parent, &mut out),
        Slot::Via { parent, child } => {
            let (Some(p), Some(c)) = (describe(catalog, &parent), describe(catalog, &child)) else {
                return out.items;
            };
            for r in relationships(&p, &c.name) {
                if let Some(f) = c.field(&r.field) {
                    let mut i = field_item(f);
                    if let Some(name) = &r.relationship_name {
                        i.detail = Some(format!(
                            "{} · relationship {name} of {}",
                            i.detail.unwrap_or_default(),
                            p.name
                        ));
                    }
                    out.push(i);
                }
            }
        }
        Slot::Annotation { object } => {
            if !object.is_record() {
                out.keyword(
                    "self",
                    "also submit the aggregation as a record of itself, so that RecordPoint can dispose of it",
                );
            }
            out.keyword(
                "binary",
                "a file of the record: `binary` for its Salesforce Files, `binary FIELD` for a field",
            );
        }
        Slot::BinaryField { object } => {
            let Some(d) = describe(catalog, &object.object) else {
                return out.items;
            };
            if d.holds_files() {
                out.keyword("files", "the record's Salesforce Files");
            }
            for f in d
                .fields
                .iter()
                .filter(|f| matches!(f.ty.as_str(), "base64" | "textarea" | "string"))
            {
                out.push(field_item(f));
            }
        }
        Slot::BinaryOption { object } => {
            if let Some(d) = describe(catalog, &object.object) {
                for f in d
                    .fields
                    .iter()
                    .filter(|f| matches!(f.ty.as_str(), "string" | "picklist"))
                {
                    out.push(field_item(f));
                }
            }
        }
        Slot::ItemStart { object, mapped } => {
            let d = describe(catalog, &object.object);
            for core in CoreField::ALL {
                let taken = mapped.iter().any(|m| m == core.name());
                if taken || (core.record_only() && !object.is_record()) {
                    continue;
                }
                out.push(core_item(core, d.as_deref(), &object));
            }
            out.keyword("fields", "metadata fields: `fields Status, Priority`");
            out.keyword(
                "ref",
                "a reference: flatten fields of a lookup's target, `ref ContactId { Name, Email }`",
            );
        }
        Slot::Value { object, core, path } => value(catalog, &object, &core, &path, &mut out),
        Slot::Fields { object, listed } => {
            if let Some(d) = describe(catalog, &object.object) {
                metadata(&d.fields, &listed, &mut out);
            }
        }
        Slot::RefField { object } => {
            if let Some(d) = describe(catalog, &object.object) {
                for f in d.fields.iter().filter(|f| f.is_reference()) {
                    out.push(field_item(f));
                }
            }
        }
        Slot::RefTarget { object, field } => {
            let Some(f) = describe(catalog, &object.object).and_then(|d| d.field(&field).cloned())
            else {
                return out.items;
            };
            for t in &f.reference_to {
                let what = describe(catalog, t)
                    .and_then(|d| d.label.clone())
                    .unwrap_or_else(|| "not in the schema cache".to_string());
                out.push(item(t, CompletionItemKind::CLASS, &what));
            }
        }
        Slot::RefInner {
            object,
            field,
            target,
            listed,
        } => {
            let ends = ref_targets(catalog, &object.object, &field, target.as_deref());
            metadata(&shared_fields(&ends), &listed, &mut out);
        }
        Slot::Nothing => {}
    }
    out.items
}

/// Custom objects (and custom metadata, events, ...) end in `__` and a
/// suffix.
fn is_custom(name: &str) -> bool {
    name.contains("__")
}

/// The queryable child objects of `parent`, each once, with the lookups
/// that lead to them.
fn children(catalog: &Catalog, parent: &str, out: &mut Offer) {
    let Some(p) = describe(catalog, parent) else {
        return;
    };
    let mut seen: Vec<&str> = Vec::new();
    let mut list: Vec<&str> = record_relationships(&p)
        .into_iter()
        .map(|r| r.child_sobject.as_str())
        .filter(|c| {
            let new = !seen.iter().any(|s| s.eq_ignore_ascii_case(c));
            seen.push(c);
            new
        })
        .collect();
    offer_order(&mut list, |n| (n, is_custom(n)));
    for child in list {
        let cached = catalog
            .has(child)
            .then(|| describe(catalog, child))
            .flatten();
        if cached.as_ref().is_some_and(|d| !d.queryable) {
            continue;
        }
        let via: Vec<&str> = relationships(&p, child)
            .into_iter()
            .map(|r| r.field.as_str())
            .collect();
        let label = match &cached {
            Some(d) => d.label.clone().unwrap_or_else(|| d.name.clone()),
            None => "not in the schema cache".to_string(),
        };
        let detail = format!("{label} · via {}", via.join(", "));
        out.push(item(child, CompletionItemKind::CLASS, &detail));
    }
}

/// A core field's value: the fields at the end of the path written so
/// far (those the core field accepts first), the relationships to go on
/// through, and `@RecordUrl` where it is accepted.
fn value(catalog: &Catalog, object: &Item, core: &str, path: &[String], out: &mut Offer) {
    let core = CoreField::parse(core);
    let aggregation = object.parent.as_deref().unwrap_or(&object.object);
    if path.is_empty() && core.is_none_or(|c| c == CoreField::Location) {
        let mut i = item(
            "@RecordUrl",
            CompletionItemKind::CONSTANT,
            "derived: the record's URL in Salesforce",
        );
        i.sort_text = Some("0".to_string());
        out.push(i);
    }
    let ends = walk(catalog, &object.object, path);
    let fields = shared_fields(&ends);
    let accepted = |f: &Field| core.is_none_or(|c| rules::field_accepted(c, f, aggregation));
    let mut firsts: Vec<CompletionItem> = Vec::new();
    let mut rest: Vec<CompletionItem> = Vec::new();
    for f in &fields {
        let i = field_item(f);
        if accepted(f) {
            firsts.push(i);
        } else {
            rest.push(i);
        }
    }
    let hops = crate::rules::MAX_HOPS > path.len();
    for f in fields
        .iter()
        .filter(|f| hops && f.relationship_name.is_some())
    {
        let Some(name) = &f.relationship_name else {
            continue;
        };
        let mut i = item(
            name,
            CompletionItemKind::MODULE,
            &format!("relationship through {} ({})", f.name, type_words(f)),
        )
        .insert(&format!("{name}."))
        .retrigger();
        i.documentation = help(f);
        rest.push(i);
    }
    for i in firsts.into_iter().chain(rest) {
        out.push(i);
    }
}

/// Fields that can be metadata and are not listed yet.
fn metadata(fields: &[Field], listed: &[String], out: &mut Offer) {
    for f in fields {
        let is_listed = listed.iter().any(|l| l.eq_ignore_ascii_case(&f.name));
        if !is_listed && MetadataType::of(&f.ty).is_some() {
            out.push(field_item(f));
        }
    }
}

/// What is offered, and the range the chosen item replaces.
struct Offer {
    items: Vec<CompletionItem>,
    range: lsp_types::Range,
}

impl Offer {
    /// Adds an item; it replaces the word at the cursor, and keeps its place
    /// in the list unless it has its own sort text.
    fn push(&mut self, mut i: CompletionItem) {
        let insert = i.insert_text.take().unwrap_or_else(|| i.label.clone());
        i.text_edit = Some(CompletionTextEdit::Edit(TextEdit::new(self.range, insert)));
        let rank = self.items.len();
        let sort = i.sort_text.take().unwrap_or_default();
        i.sort_text = Some(format!("{sort}{rank:05}"));
        i.filter_text = Some(i.label.clone());
        self.items.push(i);
    }

    fn keyword(&mut self, kw: &str, what: &str) {
        let mut i = item(kw, CompletionItemKind::KEYWORD, "keyword");
        i.documentation = Some(markdown(what.to_string()));
        self.push(i);
    }
}

fn item(label: &str, kind: CompletionItemKind, detail: &str) -> CompletionItem {
    CompletionItem {
        label: label.to_string(),
        kind: Some(kind),
        detail: Some(detail.to_string()),
        ..CompletionItem::default()
    }
}

trait ItemExt {
    fn insert(self, text: &str) -> Self;
    fn retrigger(self) -> Self;
}

impl ItemExt for CompletionItem {
    fn insert(mut self, text: &str) -> Self {
        self.insert_text = Some(text.to_string());
        self
    }

    /// Opens completion again after the item is inserted (after `Owner.`,
    /// `Case > `).
    fn retrigger(mut self) -> Self {
        self.command = Some(Command::new(
            "Suggest".to_string(),
            "editor.action.triggerSuggest".to_string(),
            None,
        ));
        self
    }
}

/// A field: its API name, its label and type as the detail, its help
/// text as documentation.
fn field_item(f: &Field) -> CompletionItem {
    let ty = type_words(f);
    let kind = if f.is_reference() {
        CompletionItemKind::REFERENCE
    } else {
        CompletionItemKind::FIELD
    };
    let detail = match &f.label {
        Some(label) => format!("{label} · {ty}"),
        None => ty.clone(),
    };
    let mut i = item(&f.name, kind, &detail);
    i.label_details = Some(CompletionItemLabelDetails {
        detail: None,
        description: Some(ty),
    });
    i.documentation = help(f);
    i
}

fn help(f: &Field) -> Option<Documentation> {
    f.inline_help_text
        .as_ref()
        .filter(|h| !h.trim().is_empty())
        .map(|h| markdown(h.clone()))
}

fn core_item(
    core: CoreField,
    object: Option<&crate::schema::Describe>,
    item_: &Item,
) -> CompletionItem {
    let mut i = item(core.name(), CompletionItemKind::PROPERTY, "core field");
    i.documentation = Some(markdown(super::hover::core_text(core, object, item_)));
    i.insert_text = Some(format!("{} = ", core.name()));
    i.retrigger()
}

fn markdown(value: String) -> Documentation {
    Documentation::MarkupContent(MarkupContent {
        kind: MarkupKind::Markdown,
        value,
    })
}
