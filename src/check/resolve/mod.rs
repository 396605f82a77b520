//! Pass 2: names to describes. Every unknown name is an error with a
//! did-you-mean drawn from what is legal at that place; a name that matches
//! only when case is ignored resolves with a W101 warning.
//!
//! `resolve` walks the outline; the `Resolver`'s methods are split by what
//! they bind: `edges` (child objects and the relationship each edge
//! takes), `items` (an object's block: core field mappings and values),
//! `paths` (fields and relationship paths), `references` (`ref`) and
//! `binaries`.

mod binaries;
mod edges;
mod items;
pub(crate) mod paths;
mod references;

use std::collections::BTreeSet;
use std::sync::Arc;

use super::a_type;
use super::model::*;
use super::outline::Outline;
use crate::config::CoreField;
use crate::diagnostics::fix::{remove_lines, remove_list_item};
use crate::diagnostics::suggest::{one_of, suggestion, Suggestion};
use crate::diagnostics::{Code, Diagnostic, Diagnostics, Edit, Fix};
use crate::rules::{referencing_alone, MAX_HOPS};
use crate::schema::{Catalog, ChildRelationship, Describe, Lookup};
use crate::source::Span;
use crate::syntax::ast::{self, AnnotationKind, BlockItem, Ident, Mime, Value};

struct Resolver<'c, 'd> {
    catalog: &'c Catalog,
    /// The file's text, which fixes edit.
    text: &'c str,
    diags: &'d mut Diagnostics,
    /// Objects already reported missing or malformed, so each is reported once.
    reported: BTreeSet<String>,
}

pub fn resolve<'c>(
    outline: &Outline<'c>,
    catalog: &'c Catalog,
    diags: &mut Diagnostics,
) -> Option<Model> {
    let mut r = Resolver {
        catalog,
        text: outline.text,
        diags,
        reported: BTreeSet::new(),
    };
    let agg_object = r.aggregation_object(outline.aggregation)?;
    r.queryable(&agg_object, outline.aggregation.span);

    let aggregation = r.item(
        agg_object.clone(),
        outline.aggregation.span,
        outline.aggregation_end,
        outline.block,
        false,
    );
    if let Some(block) = outline.block {
        if !outline.self_record {
            for item in &block.items {
                if let BlockItem::Ref(reference) = item {
                    r.diags.push(
                        Diagnostic::reference_without_self_record(reference.span)
                            .label(outline.aggregation.span, "declared without `<self>`")
                            .help(format!(
                                "turn the self-record on: `aggregation {} <self>`",
                                outline.aggregation.name
                            ))
                            .maybe_fix(outline.self_on.clone().map(|e| {
                                Fix::unsafe_("turn the self-record on: `<self>`", vec![e])
                            })),
                    );
                }
            }
        }
    }

    let mut records: Vec<RecordModel> = Vec::new();
    let mut seen: std::collections::HashMap<(String, String), Span> = Default::default();
    for edge in &outline.edges {
        r.case(
            &edge.parent.name,
            &agg_object.name,
            edge.parent.span,
            "object",
        );
        let Some((child, rel)) = r.child(&agg_object, edge) else {
            continue;
        };
        let key = (child.name.clone(), rel.field.to_ascii_lowercase());
        if let Some(first) = seen.get(&key) {
            r.diags.push(
                Diagnostic::record_twice(
                    &child.name,
                    Some(&rel.field),
                    edge.child.span,
                    Some(*first),
                )
                .help("merge the two edges into one"),
            );
            continue;
        }
        seen.insert(key, edge.child.span);
        r.queryable(&child, edge.child.span);
        let Some(via_index) = child.field_index(&rel.field) else {
            r.diags.push(
                Diagnostic::not_a_lookup_to(
                    &rel.field,
                    &child.name,
                    &agg_object.name,
                    edge.child.span,
                    "relationship field missing",
                )
                .note(format!(
                    "`{}` lists `{}` as related through `{}`, which `{}` does not have",
                    agg_object.name, child.name, rel.field, child.name
                ))
                .help(format!(
                    "the cached schemas disagree: pull them again with `hierc schema pull {} {}`",
                    agg_object.name, child.name
                )),
            );
            continue;
        };
        let via = FieldRef {
            object: child.clone(),
            index: via_index,
            span: edge.via.as_ref().map_or(edge.child.span, |v| v.span),
        };
        let item = r.item(
            child.clone(),
            edge.child.span,
            Some(edge.span.end),
            edge.block.as_ref(),
            true,
        );
        let binaries = r.binaries(&child, edge);
        records.push(RecordModel {
            item,
            via,
            relationship_name: rel.relationship_name.clone().unwrap_or_default(),
            binaries,
        });
    }

    Some(Model {
        connector: outline.connector.map(|c| c.value.clone()),
        api: outline.api.map(|a| (a.name.clone(), a.span)),
        self_record: outline.self_record,
        aggregation,
        records,
    })
}

impl Resolver<'_, '_> {
    /// The describe of `object`, reporting a missing or malformed schema once.
    pub(super) fn describe(&mut self, object: &Ident, suggest: bool) -> Option<Arc<Describe>> {
        match self.catalog.get(&object.name) {
            Lookup::Found(d) => {
                self.case(&object.name, &d.name, object.span, "object");
                Some(d)
            }
            Lookup::Missing { reason } => {
                if self.reported.insert(object.name.to_ascii_lowercase()) {
                    let d = self
                        .catalog
                        .not_found(&object.name, object.span, reason, suggest);
                    self.diags.push(d);
                }
                None
            }
            Lookup::Malformed(d) => {
                if self.reported.insert(object.name.to_ascii_lowercase()) {
                    self.diags
                        .push((*d).note(format!("`{}` is needed by this file", object.name)));
                }
                None
            }
        }
    }

    /// W101 when `written` matches `actual` only ignoring case.
    pub(super) fn case(&mut self, written: &str, actual: &str, span: Span, what: &str) {
        if let Some(d) = crate::check::name_case(written, actual, span, what) {
            self.diags.push(d);
        }
    }

    pub(super) fn aggregation_object(&mut self, object: &Ident) -> Option<Arc<Describe>> {
        self.describe(object, true)
    }

    pub(super) fn queryable(&mut self, object: &Describe, span: Span) {
        if !object.queryable {
            self.diags.push(unqueryable(object, span));
        }
    }
}

/// Which fields a did-you-mean may offer.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    All,
    /// Lookups with a relationship name (`ref`).
    Lookups,
    /// Fields a binary can read (base64 and text).
    Content,
}
use Kind::*;

impl Kind {
    fn admits(self, f: &crate::schema::Field) -> bool {
        match self {
            All => true,
            Lookups => f.is_reference() && f.relationship_name.is_some(),
            Content => matches!(f.ty.as_str(), "base64" | "textarea" | "string"),
        }
    }
}

/// E039: an object the connector cannot read, as its describe says.
pub(crate) fn unqueryable(object: &Describe, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::E039,
        format!("`{}` cannot be queried", object.name),
    )
    .label(span, "`queryable` is false in the describe")
    .help("the connector reads objects with SOQL; pick a queryable object, or check the integration user's permissions and pull the schema again")
}
