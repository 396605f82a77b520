//! Writing a new `.hier` file (`hierc init`): the guide's walkthrough
//! (steps A–F, in `walk`), or, given the object names, defaults without a
//! question (`defaults`, the script's CI mode).
//!
//! Both build a `Plan`: what was chosen, nothing the defaults would give
//! anyway. `Plan::text` turns it into a syntax tree and lays that out as
//! `hierc fmt` would, so the file written is canonical. Nothing here prints:
//! questions go through a `Prompter`, describes come from `Schemas`.

pub mod prompt;
pub mod schemas;
mod walk;

use std::sync::Arc;

pub use walk::{review, walkthrough, Ended, Finished};

use crate::config::{CoreField, Mapping, MetadataType};
use crate::diagnostics::suggest::{did_you_mean, one_of};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::rules::{default_mapping, field_accepted};
use crate::schema::{ChildRelationship, Describe, Field};
use crate::source::{SourceFile, Span};
use crate::syntax::ast;
use schemas::{Failure, Schemas};

/// Objects offered first, in this order (`schema list` and step A).
const COMMON: [&str; 16] = [
    "Account",
    "Case",
    "Contact",
    "Opportunity",
    "Lead",
    "Task",
    "Event",
    "Campaign",
    "Contract",
    "Order",
    "Quote",
    "Product2",
    "User",
    "EmailMessage",
    "Attachment",
    "ContentVersion",
];

/// Where an object comes in lists: common ones first, in `COMMON` order.
fn rank(name: &str) -> usize {
    COMMON
        .iter()
        .position(|c| c.eq_ignore_ascii_case(name))
        .unwrap_or(COMMON.len())
}

/// Sorts objects as they are offered: the common ones first, in `COMMON`
/// order, then standard ones, then custom ones, each by name.
pub fn offer_order<T>(list: &mut [T], name_and_custom: impl Fn(&T) -> (&str, bool)) {
    list.sort_by_cached_key(|o| {
        let (name, custom) = name_and_custom(o);
        (rank(name), custom, name.to_ascii_lowercase())
    });
}

/// What `init` writes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// The API version of the aggregation's describe.
    pub api: Option<String>,
    pub aggregation: ItemPlan,
    pub self_record: bool,
    pub records: Vec<RecordPlan>,
}

/// The aggregation or a record: its object and its block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemPlan {
    pub object: String,
    /// Core mappings that differ from the defaults.
    pub mappings: Vec<(CoreField, Mapping)>,
    /// Metadata fields to list: those chosen, less those the core
    /// mappings bring anyway.
    pub fields: Vec<String>,
    pub refs: Vec<RefPlan>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefPlan {
    pub field: String,
    /// The target, written (`-> Target`) for a polymorphic lookup only.
    pub target: Option<String>,
    pub fields: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordPlan {
    pub item: ItemPlan,
    /// The child's lookup to the aggregation, written when the child has
    /// several.
    pub via: Option<String>,
    pub binaries: Vec<BinaryPlan>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BinaryPlan {
    Files,
    Field { field: String, mime: Option<String> },
}

impl ItemPlan {
    pub fn new(object: &str) -> Self {
        ItemPlan {
            object: object.to_string(),
            mappings: Vec::new(),
            fields: Vec::new(),
            refs: Vec::new(),
        }
    }
}

fn ident(name: &str) -> ast::Ident {
    ast::Ident {
        name: name.to_string(),
        span: Span::default(),
    }
}

fn string(value: &str) -> ast::StringLit {
    ast::StringLit {
        value: value.to_string(),
        span: Span::default(),
    }
}

impl Plan {
    /// The file's text, in the canonical layout, after a comment that
    /// says where it came from.
    pub fn text(&self, header: &str) -> String {
        let body = crate::fmt::render(&self.ast());
        let mut out = String::new();
        for line in header.lines() {
            out.push_str("# ");
            out.push_str(line);
            out.push('\n');
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&body);
        out
    }

    fn ast(&self) -> ast::File {
        let none = Span::default();
        let mut statements = Vec::new();
        if let Some(api) = &self.api {
            statements.push(ast::Statement::Api {
                version: ident(api),
                span: none,
            });
        }
        let annotations = if self.self_record {
            vec![ast::Annotation {
                kind: ast::AnnotationKind::SelfRecord,
                span: none,
            }]
        } else {
            Vec::new()
        };
        statements.push(ast::Statement::Aggregation(ast::Aggregation {
            keyword: none,
            object: ident(&self.aggregation.object),
            annotations,
            block: block(&self.aggregation),
            span: none,
        }));
        for r in &self.records {
            let annotations = r
                .binaries
                .iter()
                .map(|b| ast::Annotation {
                    kind: match b {
                        BinaryPlan::Files => ast::AnnotationKind::Files,
                        BinaryPlan::Field { field, mime } => {
                            ast::AnnotationKind::Field(ast::BinaryField {
                                field: ident(field),
                                mime: mime.iter().map(|m| ast::Mime::Literal(string(m))).collect(),
                                file_name: Vec::new(),
                            })
                        }
                    },
                    span: none,
                })
                .collect();
            statements.push(ast::Statement::Edge(ast::Edge {
                parent: ident(&self.aggregation.object),
                child: ident(&r.item.object),
                via: r.via.as_deref().map(ident),
                annotations,
                block: block(&r.item),
                span: none,
            }));
        }
        ast::File {
            statements,
            comments: Vec::new(),
            incomplete: false,
        }
    }
}

/// An item's block: its mappings, its fields (less those the mappings
/// bring), its references; `None` when empty.
fn block(item: &ItemPlan) -> Option<ast::Block> {
    let none = Span::default();
    let mut items = Vec::new();
    for (core, mapping) in &item.mappings {
        let value = match mapping {
            Mapping::Field(path) => ast::Value::Path(path.split('.').map(ident).collect()),
            Mapping::Value(v) => ast::Value::Literal(string(v)),
            Mapping::Derived(name) => ast::Value::Derived {
                name: ident(name),
                span: none,
            },
        };
        items.push(ast::BlockItem::Mapping(ast::Mapping {
            core: ident(core.name()),
            value,
            span: none,
        }));
    }
    let fields: Vec<ast::Ident> = item.fields.iter().map(|f| ident(f)).collect();
    if !fields.is_empty() {
        items.push(ast::BlockItem::Fields { fields, span: none });
    }
    for r in &item.refs {
        items.push(ast::BlockItem::Ref(ast::Ref {
            field: ident(&r.field),
            target: r.target.as_deref().map(ident),
            fields: r.fields.iter().map(|f| ident(f)).collect(),
            prefix: None,
            span: none,
        }));
    }
    (!items.is_empty()).then_some(ast::Block { items, span: none })
}

/// The plain fields that an item's core mappings make metadata anyway
/// (written ones, else defaults): listing them again is needless.
fn brought(
    object: &Describe,
    via: Option<&Field>,
    mappings: &[(CoreField, Mapping)],
) -> Vec<String> {
    let mut out = Vec::new();
    for core in CoreField::ALL {
        let field = match mappings.iter().find(|(c, _)| *c == core) {
            Some((_, Mapping::Field(path))) if !path.contains('.') => Some(path.clone()),
            Some(_) => None,
            None => match default_mapping(core, object, via) {
                Some(Ok((_, Some(f)))) => Some(f.name.clone()),
                _ => None,
            },
        };
        out.extend(field);
    }
    out
}

/// The fields of an object that can be metadata, `Id` aside, in describe
/// order.
fn metadata_candidates(object: &Describe) -> Vec<&Field> {
    object
        .fields
        .iter()
        .filter(|f| MetadataType::of(&f.ty).is_some() && !f.name.eq_ignore_ascii_case("Id"))
        .collect()
}

/// The title when the default has nothing to take it from: the first
/// text field, else `Id`.
fn fallback_title(object: &Describe) -> String {
    object
        .fields
        .iter()
        .find(|f| matches!(f.ty.as_str(), "string" | "textarea"))
        .map_or_else(|| "Id".to_string(), |f| f.name.clone())
}

/// The core fields `init` asks about, in order.
fn asked_cores(record: bool) -> Vec<CoreField> {
    CoreField::ALL
        .into_iter()
        .filter(|c| {
            !matches!(c, CoreField::ContentVersion | CoreField::MimeType)
                && (record || !c.record_only())
        })
        .collect()
}

/// The fields `core` may be mapped to on `object`, with `@RecordUrl` for
/// `Location`.
fn core_options(core: CoreField, object: &Describe, aggregation: &str) -> Vec<Mapping> {
    let mut out = Vec::new();
    if core == CoreField::Location {
        out.push(Mapping::Derived("RecordUrl".into()));
    }
    out.extend(
        object
            .fields
            .iter()
            .filter(|f| field_accepted(core, f, aggregation))
            .map(|f| Mapping::Field(f.name.clone())),
    );
    out
}

/// The child relationships of `parent` that can hold a record (those with
/// a relationship name), each child and field once.
pub fn record_relationships(parent: &Describe) -> Vec<&ChildRelationship> {
    let mut seen = std::collections::HashSet::new();
    parent
        .child_relationships
        .iter()
        .filter(|r| r.relationship_name.is_some())
        .filter(|r| {
            seen.insert((
                r.child_sobject.to_ascii_lowercase(),
                r.field.to_ascii_lowercase(),
            ))
        })
        .collect()
}

/// Those of them from `parent` to `child`.
pub fn relationships<'p>(parent: &'p Describe, child: &str) -> Vec<&'p ChildRelationship> {
    record_relationships(parent)
        .into_iter()
        .filter(|r| r.child_sobject.eq_ignore_ascii_case(child))
        .collect()
}

/// Why the defaults of `init --aggregation` cannot be had.
#[derive(Debug)]
pub enum NotPlanned {
    /// Names that are wrong: diagnostics on the command line.
    Findings(Vec<Diagnostic>),
    Failure(Failure),
}

impl From<Failure> for NotPlanned {
    fn from(f: Failure) -> Self {
        NotPlanned::Failure(f)
    }
}

/// The command line of `init --aggregation` as a source, with the place of
/// each name, so that diagnostics can point at them.
pub struct CommandLine {
    pub source: Arc<SourceFile>,
    /// Each name with its place.
    pub aggregation: (String, Span),
    pub records: Vec<(String, Span)>,
}

impl CommandLine {
    pub fn new(aggregation: &str, records: &[String]) -> Self {
        let mut text = format!("--aggregation {aggregation}");
        let agg = Span::new(text.len() - aggregation.len(), text.len());
        let mut spans = Vec::new();
        for (i, r) in records.iter().enumerate() {
            text.push_str(if i == 0 { " --records " } else { "," });
            spans.push((r.clone(), Span::new(text.len(), text.len() + r.len())));
            text.push_str(r);
        }
        CommandLine {
            source: SourceFile::new("command line", text),
            aggregation: (aggregation.to_string(), agg),
            records: spans,
        }
    }
}

/// The plan of `init --aggregation A --records R1,R2`: the objects with
/// their default mappings and fields; no self-record, references or
/// binaries (as the guide's script does). A record may be written
/// `Child.Field` to pick its lookup to the aggregation.
pub fn defaults(line: &CommandLine, schemas: &mut dyn Schemas) -> Result<Plan, NotPlanned> {
    let mut diags = Diagnostics::new();
    let (name, span) = &line.aggregation;
    let Some(agg) = object(schemas, name.trim(), *span, &mut diags)? else {
        return Err(NotPlanned::Findings(diags.finish(&line.source)));
    };
    let mut plan = Plan {
        api: agg.api_version.clone(),
        aggregation: default_item(&agg, None, &agg.name, *span, &mut diags),
        self_record: false,
        records: Vec::new(),
    };
    let mut seen: Vec<(String, String, Span)> = Vec::new();
    for (written, span) in &line.records {
        let Some(record) = record(&agg, written, *span, schemas, &mut diags)? else {
            continue;
        };
        let key = (
            record.item.object.to_ascii_lowercase(),
            record.via.clone().unwrap_or_default().to_ascii_lowercase(),
        );
        if let Some((_, _, first)) = seen.iter().find(|(o, v, _)| (o, v) == (&key.0, &key.1)) {
            diags.push(
                Diagnostic::record_twice(
                    &record.item.object,
                    record.via.as_deref(),
                    *span,
                    Some(*first),
                )
                .help("name each record once"),
            );
            continue;
        }
        seen.push((key.0, key.1, *span));
        plan.records.push(record);
    }
    if diags.has_errors() {
        return Err(NotPlanned::Findings(diags.finish(&line.source)));
    }
    Ok(plan)
}

/// The core fields an object can map neither by default nor to any of its
/// own fields: such an object cannot be scaffolded.
pub fn unmappable(object: &Describe, via: Option<&Field>, aggregation: &str) -> Vec<CoreField> {
    asked_cores(via.is_some())
        .into_iter()
        .filter(|c| default_of(*c, object, via).is_none())
        .filter(|c| core_options(*c, object, aggregation).is_empty())
        .collect()
}

/// An item with the default mappings; a core field whose default has no
/// field is mapped to the first field that fits (for `Title`, the first
/// text field).
fn default_item(
    object: &Describe,
    via: Option<&Field>,
    aggregation: &str,
    span: Span,
    diags: &mut Diagnostics,
) -> ItemPlan {
    let mut item = ItemPlan::new(&object.name);
    for core in asked_cores(via.is_some()) {
        if default_of(core, object, via).is_some() {
            continue;
        }
        let chosen = if core == CoreField::Title {
            Some(Mapping::Field(fallback_title(object)))
        } else {
            core_options(core, object, aggregation).into_iter().next()
        };
        match chosen {
            Some(m) => item.mappings.push((core, m)),
            None => diags.push(
                Diagnostic::no_default(&object.name, core.name(), span, "cannot be scaffolded")
                .help(format!(
                    "`{}` accepts {}; leave this object out, and add it by hand with a mapping through a lookup (`{} = Lookup__r.Field`)",
                    core.name(),
                    crate::rules::accepted(core),
                    core.name()
                )),
            ),
        }
    }
    item
}

/// The describe of a named object, or a diagnostic on its name.
fn object(
    schemas: &mut dyn Schemas,
    name: &str,
    span: Span,
    diags: &mut Diagnostics,
) -> Result<Option<Arc<Describe>>, Failure> {
    if !crate::org::is_object_name(name) {
        diags.push(
            Diagnostic::unknown_object(name, span, "not an API name")
                .help("API names are a letter, then letters, digits and `_` (`Case`, `Claim__c`)"),
        );
        return Ok(None);
    }
    let found = if schemas.offline() && !schemas.has(name) {
        None
    } else {
        schemas.describe(name)?
    };
    let Some(d) = found else {
        diags.push(schemas.not_found(name, span)?);
        return Ok(None);
    };
    if !d.queryable {
        diags.push(crate::check::unqueryable(&d, span));
        return Ok(None);
    }
    Ok(Some(d))
}

/// A record named on the command line (`Child` or `Child.Field`).
fn record(
    agg: &Describe,
    written: &str,
    span: Span,
    schemas: &mut dyn Schemas,
    diags: &mut Diagnostics,
) -> Result<Option<RecordPlan>, Failure> {
    let (child, via) = match written.split_once('.') {
        Some((c, f)) => (c.trim(), Some(f.trim())),
        None => (written.trim(), None),
    };
    let name_span = Span::new(span.start, span.start + child.len());
    let candidates = relationships(agg, child);
    if candidates.is_empty() {
        let children: Vec<&str> = record_relationships(agg)
            .into_iter()
            .map(|r| r.child_sobject.as_str())
            .collect();
        let mut d = Diagnostic::not_a_child(child, &agg.name, name_span);
        if let Some(h) = did_you_mean(child, children.iter().copied()) {
            d = d.help(h);
        } else {
            d = d.note(format!(
                "records are objects with a lookup to `{}`; `hierc schema describe {}` lists its child relationships",
                agg.name, agg.name
            ));
        }
        diags.push(d);
        return Ok(None);
    }
    let Some(described) = object(
        schemas,
        candidates[0].child_sobject.as_str(),
        name_span,
        diags,
    )?
    else {
        return Ok(None);
    };
    let chosen: Vec<&ChildRelationship> = match via {
        Some(field) => {
            let found: Vec<&ChildRelationship> = candidates
                .iter()
                .copied()
                .filter(|r| r.field.eq_ignore_ascii_case(field))
                .collect();
            if found.is_empty() {
                let fields: Vec<&str> = candidates.iter().map(|r| r.field.as_str()).collect();
                let via_span = Span::new(span.end - field.len(), span.end);
                diags.push(
                    Diagnostic::not_a_lookup_to(
                        field,
                        &described.name,
                        &agg.name,
                        via_span,
                        "not one of its relationships",
                    )
                    .help(format!("write {}", choices(&described.name, &fields))),
                );
                return Ok(None);
            }
            found
        }
        None => preferred(&candidates, &described, &agg.name),
    };
    if chosen.len() > 1 {
        let fields: Vec<&str> = chosen.iter().map(|r| r.field.as_str()).collect();
        diags.push(
            Diagnostic::ambiguous_relationship(&described.name, &agg.name, chosen.len(), name_span)
                .help(format!("pick one: {}", choices(&described.name, &fields))),
        );
        return Ok(None);
    }
    let rel = chosen[0];
    let via_field = described.field(&rel.field);
    Ok(Some(RecordPlan {
        item: default_item(&described, via_field, &agg.name, name_span, diags),
        via: (candidates.len() > 1).then(|| {
            described
                .field(&rel.field)
                .map_or_else(|| rel.field.clone(), |f| f.name.clone())
        }),
        binaries: Vec::new(),
    }))
}

/// `Child.Field` for each field, as `--records` takes them.
fn choices(child: &str, fields: &[&str]) -> String {
    let written: Vec<String> = fields.iter().map(|f| format!("{child}.{f}")).collect();
    one_of(&written)
}

/// The relationship a record takes when `via` is not given: the only one;
/// else those whose field references the aggregation alone (the checker's
/// rule).
fn preferred<'p>(
    candidates: &[&'p ChildRelationship],
    child: &Describe,
    aggregation: &str,
) -> Vec<&'p ChildRelationship> {
    if candidates.len() <= 1 {
        return candidates.to_vec();
    }
    let only = crate::rules::referencing_alone(candidates, child, aggregation);
    if only.is_empty() {
        candidates.to_vec()
    } else {
        only
    }
}

/// The default mapping of `core`, as shown: `Subject`, `@RecordUrl`, `"1"`.
fn shown(mapping: &Mapping) -> String {
    match mapping {
        Mapping::Field(f) => f.clone(),
        Mapping::Value(v) => format!("{v:?}"),
        Mapping::Derived(d) => format!("@{d}"),
    }
}

/// The default of `core` on `object`, if it has one.
fn default_of(core: CoreField, object: &Describe, via: Option<&Field>) -> Option<Mapping> {
    match default_mapping(core, object, via) {
        Some(Ok((m, _))) => Some(m),
        _ => None,
    }
}
