//! Pass 2: names to describes. Every unknown name is an error with a
//! did-you-mean drawn from what is legal at that place; a name that matches
//! only when case is ignored resolves with a W101 warning.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::a_type;
use super::model::*;
use super::outline::Outline;
use crate::config::CoreField;
use crate::diagnostics::suggest::{did_you_mean, one_of};
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::schema::{Catalog, ChildRelationship, Describe, Lookup};
use crate::source::Span;
use crate::syntax::ast::{self, AnnotationKind, BlockItem, Ident, Mime, Value};

/// Salesforce's limit on relationship hops in one path.
pub const MAX_HOPS: usize = 5;

struct Resolver<'c, 'd> {
    catalog: &'c Catalog,
    diags: &'d mut Diagnostics,
    /// Objects already reported missing or malformed, so each is reported once.
    reported: BTreeSet<String>,
}

pub fn resolve(outline: &Outline, catalog: &Catalog, diags: &mut Diagnostics) -> Option<Model> {
    let mut r = Resolver {
        catalog,
        diags,
        reported: BTreeSet::new(),
    };
    let agg_object = r.aggregation_object(outline.aggregation)?;
    r.queryable(&agg_object, outline.aggregation.span);

    let aggregation = r.item(
        agg_object.clone(),
        outline.aggregation.span,
        outline.block,
        false,
    );
    if let Some(block) = outline.block {
        if !outline.self_record {
            for item in &block.items {
                if let BlockItem::Ref(reference) = item {
                    r.diags.push(
                        Diagnostic::new(
                            Code::E036,
                            "a reference on the aggregation needs the self-record",
                        )
                        .label(reference.span, "flattened onto the self-record")
                        .label(outline.aggregation.span, "declared without `<self>`")
                        .help(format!(
                            "turn the self-record on: `aggregation {} <self>`",
                            outline.aggregation.name
                        )),
                    );
                }
            }
        }
    }

    let mut records: Vec<RecordModel> = Vec::new();
    let mut seen: Vec<(String, String, Span)> = Vec::new();
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
        if let Some((_, _, first)) = seen.iter().find(|(c, f, _)| (c, f) == (&key.0, &key.1)) {
            r.diags.push(
                Diagnostic::new(
                    Code::E034,
                    format!("`{}` is a record through `{}` twice", child.name, rel.field),
                )
                .label(edge.child.span, "declared again here")
                .label(*first, "first declared here")
                .help("merge the two edges into one"),
            );
            continue;
        }
        seen.push((key.0, key.1, edge.child.span));
        r.queryable(&child, edge.child.span);
        let Some(via_index) = child.field_index(&rel.field) else {
            r.diags.push(
                Diagnostic::new(
                    Code::E017,
                    format!(
                        "`{}` lists `{}` as related through `{}`, which `{}` does not have",
                        agg_object.name, child.name, rel.field, child.name
                    ),
                )
                .label(edge.child.span, "relationship field missing")
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
        let item = r.item(child.clone(), edge.child.span, edge.block.as_ref(), true);
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
    fn describe(&mut self, object: &Ident, suggest: bool) -> Option<Arc<Describe>> {
        match self.catalog.get(&object.name) {
            Lookup::Found(d) => {
                self.case(&object.name, &d.name, object.span, "object");
                Some(d)
            }
            Lookup::Missing { reason } => {
                if self.reported.insert(object.name.to_ascii_lowercase()) {
                    let mut d = Diagnostic::new(
                        Code::E090,
                        format!("no cached schema for `{}`", object.name),
                    )
                    .rests_on(&object.name)
                    .label(object.span, "not in the schema cache")
                    .help(format!("fetch it with `hierc schema pull {}`", object.name));
                    if suggest {
                        let names = self.catalog.names();
                        if let Some(s) = did_you_mean(&object.name, names.iter().copied()) {
                            d = d.help(format!(
                                "{s} (cached), or fetch `{}` with `hierc schema pull {}`",
                                object.name, object.name
                            ));
                        }
                    }
                    d = d.note(reason.unwrap_or_else(|| {
                        format!("the schema cache is `{}`", self.catalog.dir().display())
                    }));
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
    fn case(&mut self, written: &str, actual: &str, span: Span, what: &str) {
        if let Some(d) = crate::check::name_case(written, actual, span, what) {
            self.diags.push(d);
        }
    }

    fn aggregation_object(&mut self, object: &Ident) -> Option<Arc<Describe>> {
        self.describe(object, true)
    }

    fn queryable(&mut self, object: &Describe, span: Span) {
        if !object.queryable {
            self.diags.push(unqueryable(object, span));
        }
    }

    /// The child's describe and the child relationship the edge takes.
    fn child(
        &mut self,
        parent: &Arc<Describe>,
        edge: &ast::Edge,
    ) -> Option<(Arc<Describe>, ChildRelationship)> {
        let candidates: Vec<&ChildRelationship> = parent
            .child_relationships
            .iter()
            .filter(|r| r.child_sobject.eq_ignore_ascii_case(&edge.child.name))
            .collect();
        if candidates.is_empty() {
            self.not_a_child(parent, edge);
            return None;
        }
        let child = self.describe(&edge.child, false)?;
        let chosen = match &edge.via {
            Some(via) => self.via(parent, &child, &candidates, via)?,
            None => self.only_relationship(parent, &child, &candidates, edge)?,
        };
        Some((
            child,
            ChildRelationship {
                child_sobject: chosen.child_sobject.clone(),
                field: chosen.field.clone(),
                relationship_name: chosen.relationship_name.clone(),
            },
        ))
    }

    /// E010 or E011 for a child with no relationship to the parent.
    fn not_a_child(&mut self, parent: &Describe, edge: &ast::Edge) {
        let children: BTreeSet<&str> = parent
            .child_relationships
            .iter()
            .filter(|r| r.relationship_name.is_some())
            .map(|r| r.child_sobject.as_str())
            .collect();
        let suggestion = did_you_mean(&edge.child.name, children.iter().copied());
        let d = match self.catalog.get(&edge.child.name) {
            Lookup::Found(child) => {
                // The other way round: the parent looks the child up.
                let lookup = parent.fields.iter().find(|f| {
                    f.relationship_name.is_some()
                        && f.reference_to
                            .iter()
                            .any(|t| t.eq_ignore_ascii_case(&child.name))
                });
                let help = match lookup {
                    Some(f) => {
                        let pin = if f.is_polymorphic() {
                            format!(" -> {}", child.name)
                        } else {
                            String::new()
                        };
                        format!(
                            "`{}` is a parent of `{}`, not a child: to keep its fields, add a reference to `{}`'s block: `ref {}{pin} {{ ... }}`",
                            child.name, parent.name, parent.name, f.name
                        )
                    }
                    None => suggestion.unwrap_or_else(|| {
                        format!(
                        "to archive `{}` records, make `{}` the aggregation of a file of its own",
                        child.name, child.name
                    )
                    }),
                };
                Diagnostic::new(
                    Code::E011,
                    format!("`{}` is not related to `{}`", child.name, parent.name),
                )
                .rests_on(&parent.name)
                .label(
                    edge.child.span,
                    format!("not a child object of `{}`", parent.name),
                )
                .help(help)
                .note(format!(
                    "a record must be a child of the aggregation: `{}`'s describe lists no child relationship from `{}`",
                    parent.name, child.name
                ))
            }
            _ => Diagnostic::new(Code::E010, format!("unknown object `{}`", edge.child.name))
                .rests_on(&parent.name)
                .label(
                    edge.child.span,
                    format!("not a child object of `{}`", parent.name),
                )
                .maybe_help(suggestion),
        };
        self.diags.push(d);
    }

    /// The relationship named by `via FIELD`.
    fn via<'r>(
        &mut self,
        parent: &Describe,
        child: &Describe,
        candidates: &[&'r ChildRelationship],
        via: &Ident,
    ) -> Option<&'r ChildRelationship> {
        match candidates
            .iter()
            .find(|r| r.field.eq_ignore_ascii_case(&via.name))
        {
            Some(rel) => {
                self.case(&via.name, &rel.field, via.span, "field");
                if rel.relationship_name.is_none() {
                    self.unnamed_relationship(child, &rel.field, via.span, parent);
                    return None;
                }
                Some(rel)
            }
            None => {
                let fields: Vec<&str> = candidates
                    .iter()
                    .filter(|r| r.relationship_name.is_some())
                    .map(|r| r.field.as_str())
                    .collect();
                let d = match child.field(&via.name) {
                    None => Diagnostic::new(
                        Code::E012,
                        format!("`{}` has no field `{}`", child.name, via.name),
                    )
                    .rests_on(&child.name)
                    .label(via.span, format!("not a field of `{}`", child.name)),
                    Some(f) => Diagnostic::new(
                        Code::E017,
                        format!(
                            "`{}` is not a relationship from `{}` to `{}`",
                            f.name, child.name, parent.name
                        ),
                    )
                    .label(
                        via.span,
                        if f.is_reference() {
                            format!("a lookup to {}", one_of(&f.reference_to))
                        } else {
                            format!("{} field, not a lookup", a_type(&f.ty))
                        },
                    ),
                };
                let choices: Vec<String> = fields.iter().map(|f| format!("via {f}")).collect();
                let d = match did_you_mean(&via.name, fields.iter().copied()) {
                    Some(help) => d.help(help).note(format!(
                        "`{}` relates to `{}` through {}",
                        child.name,
                        parent.name,
                        one_of(&fields)
                    )),
                    None if choices.is_empty() => d,
                    None => d.help(format!("write {}", one_of(&choices))),
                };
                self.diags.push(d);
                None
            }
        }
    }

    /// The relationship when `via` is not given: the only named one, else the
    /// only one whose lookup references the parent alone.
    fn only_relationship<'r>(
        &mut self,
        parent: &Describe,
        child: &Describe,
        candidates: &[&'r ChildRelationship],
        edge: &ast::Edge,
    ) -> Option<&'r ChildRelationship> {
        let named: Vec<&'r ChildRelationship> = candidates
            .iter()
            .copied()
            .filter(|r| r.relationship_name.is_some())
            .collect();
        match named.as_slice() {
            [] => {
                self.unnamed_relationship(child, &candidates[0].field, edge.child.span, parent);
                None
            }
            [only] => Some(only),
            several => {
                let exact = referencing_alone(several, child, &parent.name);
                if let [only] = exact.as_slice() {
                    return Some(only);
                }
                let choices = if exact.is_empty() { several } else { &exact };
                let mut d = Diagnostic::new(
                    Code::E033,
                    format!(
                        "`{}` is related to `{}` in {} ways",
                        child.name,
                        parent.name,
                        choices.len()
                    ),
                )
                .label(edge.child.span, "which relationship?")
                .help(format!(
                    "pick one with `via`: {}",
                    one_of(
                        &choices
                            .iter()
                            .map(|r| format!("{} > {} via {}", parent.name, child.name, r.field))
                            .collect::<Vec<_>>()
                    )
                ));
                for r in choices {
                    d = d.note(format!(
                        "`via {}`: the relationship `{}`",
                        r.field,
                        r.relationship_name.as_deref().unwrap_or_default()
                    ));
                }
                self.diags.push(d);
                None
            }
        }
    }

    fn unnamed_relationship(
        &mut self,
        child: &Describe,
        field: &str,
        span: Span,
        parent: &Describe,
    ) {
        let named: Vec<String> = parent
            .child_relationships
            .iter()
            .filter(|r| r.child_sobject.eq_ignore_ascii_case(&child.name))
            .filter(|r| r.relationship_name.is_some())
            .map(|r| format!("via {}", r.field))
            .collect();
        let d = Diagnostic::new(
            Code::E035,
            format!(
                "the relationship from `{}` to `{}` through `{}` has no name",
                child.name, parent.name, field
            ),
        )
        .label(span, "relationshipName is null in the describe")
        .note("Salesforce cannot query a relationship without a name as a subquery, so it cannot carry records");
        self.diags.push(if named.is_empty() {
            d.help(format!(
                "`{}` has no named relationship to `{}`, so it cannot be a record of it",
                child.name, parent.name
            ))
        } else {
            d.help(format!("pick a named relationship: {}", one_of(&named)))
        });
    }

    /// An object's block.
    fn item(
        &mut self,
        object: Arc<Describe>,
        span: Span,
        block: Option<&ast::Block>,
        is_record: bool,
    ) -> ItemModel {
        let mut item = ItemModel {
            object: object.clone(),
            span,
            mappings: Vec::new(),
            fields: Vec::new(),
            refs: Vec::new(),
        };
        let Some(block) = block else { return item };
        let mut mapped: Vec<(CoreField, Span)> = Vec::new();
        for entry in &block.items {
            match entry {
                BlockItem::Mapping(m) => {
                    let Some(core) = self.core_field(&m.core, is_record) else {
                        continue;
                    };
                    if let Some((_, first)) = mapped.iter().find(|(c, _)| *c == core) {
                        self.diags.push(
                            Diagnostic::new(
                                Code::E040,
                                format!("`{}` is mapped twice", core.name()),
                            )
                            .label(m.core.span, "mapped again here")
                            .label(*first, "first mapped here")
                            .help("keep one mapping"),
                        );
                        continue;
                    }
                    mapped.push((core, m.core.span));
                    if let Some(value) = self.value(&object, &m.value) {
                        item.mappings.push(MappingModel {
                            core,
                            value,
                            span: m.span,
                        });
                    }
                }
                BlockItem::Fields { fields, .. } => {
                    for f in fields {
                        let Some(field) = self.field(&object, f, All) else {
                            continue;
                        };
                        if let Some(first) = item.fields.iter().find(|x| x.index == field.index) {
                            self.diags.push(
                                Diagnostic::new(
                                    Code::W102,
                                    format!("`{}` is listed twice", field.name()),
                                )
                                .label(f.span, "listed again here")
                                .label(first.span, "first listed here")
                                .help("remove the repeat; it is ignored"),
                            );
                            continue;
                        }
                        item.fields.push(field);
                    }
                }
                BlockItem::Ref(r) => {
                    if let Some(model) = self.reference(&object, r) {
                        item.refs.push(model);
                    }
                }
            }
        }
        item
    }

    /// A core field name, spelled exactly, legal on this kind of item.
    fn core_field(&mut self, name: &Ident, is_record: bool) -> Option<CoreField> {
        let legal: Vec<&str> = CoreField::ALL
            .iter()
            .filter(|c| is_record || !c.record_only())
            .map(|c| c.name())
            .collect();
        match CoreField::parse(&name.name) {
            Some(core) if core.record_only() && !is_record => {
                self.diags.push(
                    Diagnostic::new(
                        Code::E015,
                        format!("`{}` cannot be mapped on the aggregation", core.name()),
                    )
                    .label(name.span, "only records map this")
                    .help(match core {
                        CoreField::ParentExternalId => {
                            "the aggregation has no parent; remove this mapping".to_string()
                        }
                        _ => format!(
                            "the self-record's `{}` is fixed; remove this mapping",
                            core.name()
                        ),
                    }),
                );
                None
            }
            Some(core) => Some(core),
            None => {
                self.diags.push(
                    Diagnostic::new(
                        Code::E014,
                        format!("`{}` is not a RecordPoint core field", name.name),
                    )
                    .label(name.span, "unknown core field")
                    .maybe_help(did_you_mean(&name.name, legal.iter().copied()))
                    .note(format!("core fields here: {}", one_of(&legal)))
                    .note("to keep a Salesforce field as metadata, list it in `fields`"),
                );
                None
            }
        }
    }

    fn value(&mut self, object: &Arc<Describe>, value: &Value) -> Option<ValueModel> {
        match value {
            Value::Literal(s) => Some(ValueModel::Literal {
                value: s.value.clone(),
                span: s.span,
            }),
            Value::Derived { name, span } => {
                if name.name == "RecordUrl" {
                    Some(ValueModel::Derived {
                        name: name.name.clone(),
                        span: *span,
                    })
                } else {
                    self.diags.push(
                        Diagnostic::new(
                            Code::E016,
                            format!("`@{}` is not a derived value", name.name),
                        )
                        .label(*span, "unknown derived value")
                        .help(
                            match did_you_mean(&name.name, ["RecordUrl"]) {
                                Some(_) => "did you mean `@RecordUrl`?".to_string(),
                                None => "the connector derives `@RecordUrl` only".to_string(),
                            },
                        ),
                    );
                    None
                }
            }
            Value::Path(hops) => self.path(object, hops).map(ValueModel::Path),
        }
    }

    /// `Subject`, `Owner.Name`: each hop but the last is a relationship name.
    fn path(&mut self, object: &Arc<Describe>, hops: &[Ident]) -> Option<PathModel> {
        let (last, relations) = hops.split_last()?;
        let span = hops[0].span.to(last.span);
        if relations.len() > MAX_HOPS {
            self.diags.push(
                Diagnostic::new(
                    Code::E038,
                    format!(
                        "this path has {} relationship hops; Salesforce allows at most {MAX_HOPS}",
                        relations.len()
                    ),
                )
                .label(span, "too deep")
                .help("map a field closer to the object, or flatten the far object with a `ref`"),
            );
            return None;
        }
        let mut targets: Vec<Arc<Describe>> = vec![object.clone()];
        let mut text: Vec<String> = Vec::new();
        let mut through: Option<&Ident> = None;
        for hop in relations {
            if let Some(via) = through {
                self.on_every_target(
                    &targets,
                    hop,
                    via,
                    |t, n| t.relationship(n).is_some(),
                    "relationship",
                    None,
                )?;
            }
            let from = targets[0].clone();
            let field = self.hop(&from, hop)?;
            text.push(field.relationship_name.clone().unwrap_or_default());
            let mut next: Vec<Arc<Describe>> = Vec::new();
            // After a polymorphic hop, the next one may reach other objects
            // from each target.
            let reached = targets.iter().filter_map(|t| t.relationship(&hop.name));
            for t in reached.flat_map(|f| f.reference_to.iter()) {
                if next.iter().any(|n| n.name.eq_ignore_ascii_case(t)) {
                    continue;
                }
                let id = Ident {
                    name: t.clone(),
                    span: hop.span,
                };
                next.push(self.describe(&id, false)?);
            }
            if next.is_empty() {
                self.diags.push(
                    Diagnostic::new(Code::E026, format!("`{}` references no object", field.name))
                        .label(hop.span, "empty referenceTo in the describe"),
                );
                return None;
            }
            through = (next.len() > 1).then_some(hop);
            targets = next;
        }
        if let Some(via) = through {
            // With one hop, the reference that pins a target is the way out.
            let pin = match relations {
                [hop] => object.relationship(&hop.name).and_then(|f| {
                    let target = targets.iter().find(|t| t.field(&last.name).is_some())?;
                    Some(format!(
                        "to keep `{}`'s `{}` as metadata instead, pin the target with a reference: `ref {} -> {} {{ {} }}`",
                        target.name, last.name, f.name, target.name, last.name
                    ))
                }),
                _ => None,
            };
            self.on_every_target(
                &targets,
                last,
                via,
                |t, n| t.field(n).is_some(),
                "field",
                pin,
            )?;
        }
        let found = self.field(&targets[0], last, All)?;
        text.push(found.name().to_string());
        Some(PathModel {
            text: text.join("."),
            plain: relations.is_empty(),
            last: FieldRef { span, ..found },
            span,
        })
    }

    /// After a polymorphic hop `via`, `name` must be a field (or a
    /// relationship) of every target: E012 when none has it, E027 when some
    /// lack it.
    fn on_every_target(
        &mut self,
        targets: &[Arc<Describe>],
        name: &Ident,
        via: &Ident,
        has: impl Fn(&Describe, &str) -> bool,
        what: &str,
        pin: Option<String>,
    ) -> Option<()> {
        let lacking: Vec<&str> = targets
            .iter()
            .filter(|t| !has(t, &name.name))
            .map(|t| t.name.as_str())
            .collect();
        if lacking.is_empty() {
            return Some(());
        }
        let all: Vec<&str> = targets.iter().map(|t| t.name.as_str()).collect();
        let shared: Vec<&str> = if what == "field" {
            targets[0]
                .field_names()
                .filter(|n| targets.iter().all(|t| has(t, n)))
                .collect()
        } else {
            targets[0]
                .fields
                .iter()
                .filter_map(|f| f.relationship_name.as_deref())
                .filter(|n| targets.iter().all(|t| has(t, n)))
                .collect()
        };
        let d = if lacking.len() == targets.len() {
            let mut d = Diagnostic::new(
                if what == "field" {
                    Code::E012
                } else {
                    Code::E013
                },
                format!(
                    "no object `{}` can reference has a {what} `{}`",
                    via.name, name.name
                ),
            )
            .label(name.span, format!("not a {what} of {}", one_of(&all)));
            for t in targets {
                d = d.rests_on(&t.name);
            }
            d
        } else {
            Diagnostic::new(
                Code::E027,
                format!(
                    "`{}` is not a {what} of every object `{}` can reference",
                    name.name, via.name
                ),
            )
            .label(
                name.span,
                format!(
                    "{} {} no `{}`",
                    one_of(&lacking).replace(" or ", " and "),
                    if lacking.len() == 1 { "has" } else { "have" },
                    name.name
                ),
            )
        };
        let help = did_you_mean(&name.name, shared.iter().copied()).or(pin);
        self.diags.push(d.maybe_help(help).note(format!(
            "`{}` is polymorphic ({}): a path through it may only name {what}s they all have",
            via.name,
            one_of(&all).replace(" or ", " and ")
        )));
        None
    }

    /// One hop of a path: the lookup whose relationship name is `hop`.
    fn hop(&mut self, object: &Describe, hop: &Ident) -> Option<crate::schema::Field> {
        if let Some(f) = object.relationship(&hop.name) {
            let rel = f.relationship_name.as_deref().unwrap_or_default();
            self.case(&hop.name, rel, hop.span, "relationship");
            return Some(f.clone());
        }
        self.diags
            .push(not_a_relationship(object, &hop.name, hop.span));
        None
    }

    /// A field of `object` by name; `kind` limits the did-you-mean.
    fn field(&mut self, object: &Arc<Describe>, name: &Ident, kind: Kind) -> Option<FieldRef> {
        match object.field_index(&name.name) {
            Some(index) => {
                let actual = object.fields[index].name.clone();
                self.case(&name.name, &actual, name.span, "field");
                Some(FieldRef {
                    object: object.clone(),
                    index,
                    span: name.span,
                })
            }
            None => {
                let candidates: Vec<&str> = object
                    .fields
                    .iter()
                    .filter(|f| kind.admits(f))
                    .map(|f| f.name.as_str())
                    .collect();
                let mut d = Diagnostic::new(
                    Code::E012,
                    format!("`{}` has no field `{}`", object.name, name.name),
                )
                .rests_on(&object.name)
                .label(name.span, format!("not a field of `{}`", object.name))
                .maybe_help(did_you_mean(&name.name, candidates.iter().copied()));
                if let Some(f) = object.relationship(&name.name).filter(|_| kind == Lookups) {
                    d = d.help(format!(
                        "`{}` is a relationship name; a `ref` names the lookup field `{}`",
                        name.name, f.name
                    ));
                } else if kind == Content && d.help.is_none() {
                    let files: Vec<&str> = object
                        .fields
                        .iter()
                        .filter(|f| matches!(f.ty.as_str(), "base64" | "textarea"))
                        .map(|f| f.name.as_str())
                        .collect();
                    d = d.maybe_help((!files.is_empty()).then(|| {
                        format!(
                            "fields of `{}` that can become a file: {}",
                            object.name,
                            one_of(&files)
                        )
                    }));
                }
                self.diags.push(d);
                None
            }
        }
    }

    /// `ref FIELD [-> OBJ] { F1, F2 } [as PREFIX]`
    fn reference(&mut self, object: &Arc<Describe>, r: &ast::Ref) -> Option<RefModel> {
        let field = self.field(object, &r.field, Lookups)?;
        let f = field.field();
        if !f.is_reference() {
            self.diags.push(
                Diagnostic::new(Code::E026, format!("`{}` is not a lookup", f.name))
                    .label(r.field.span, format!("{} field", a_type(&f.ty)))
                    .help(format!(
                        "to keep `{}` as metadata, list it in `fields`",
                        f.name
                    )),
            );
            return None;
        }
        if f.relationship_name.is_none() {
            self.diags.push(
                Diagnostic::new(
                    Code::E035,
                    format!("the lookup `{}` has no relationship name", f.name),
                )
                .label(r.field.span, "relationshipName is null in the describe")
                .help(format!(
                    "its target's fields cannot be read through it; keep the id itself with `fields {}`",
                    f.name
                )),
            );
            return None;
        }
        let target_name = match &r.target {
            Some(t) => match f
                .reference_to
                .iter()
                .find(|x| x.eq_ignore_ascii_case(&t.name))
            {
                Some(found) => {
                    self.case(&t.name, found, t.span, "object");
                    Ident {
                        name: found.clone(),
                        span: t.span,
                    }
                }
                None => {
                    self.diags.push(
                        Diagnostic::new(
                            Code::E025,
                            format!("`{}` cannot reference `{}`", f.name, t.name),
                        )
                        .label(t.span, "not a target of this lookup")
                        .help(
                            did_you_mean(&t.name, f.reference_to.iter().map(String::as_str))
                                .unwrap_or_else(|| {
                                    let pins: Vec<String> =
                                        f.reference_to.iter().map(|x| format!("-> {x}")).collect();
                                    let other = object.fields.iter().find(|o| {
                                        o.relationship_name.is_some()
                                            && o.reference_to
                                                .iter()
                                                .any(|x| x.eq_ignore_ascii_case(&t.name))
                                    });
                                    match other {
                                        Some(o) => format!(
                                            "write {}; `{}` reaches `{}`: `ref {} {{ ... }}`",
                                            one_of(&pins),
                                            o.name,
                                            t.name,
                                            o.name
                                        ),
                                        None => format!("write {}", one_of(&pins)),
                                    }
                                }),
                        )
                        .note(format!(
                            "`{}` references {}",
                            f.name,
                            one_of(&f.reference_to)
                        )),
                    );
                    return None;
                }
            },
            None => match f.reference_to.as_slice() {
                [only] => Ident {
                    name: only.clone(),
                    span: r.field.span,
                },
                [] => {
                    self.diags.push(
                        Diagnostic::new(Code::E026, format!("`{}` references no object", f.name))
                            .label(r.field.span, "empty referenceTo in the describe"),
                    );
                    return None;
                }
                several => {
                    self.diags.push(
                        Diagnostic::new(
                            Code::E024,
                            format!(
                                "`{}` can reference {} objects; say which",
                                f.name,
                                several.len()
                            ),
                        )
                        .label(r.field.span, "polymorphic lookup")
                        .help(format!(
                            "pin the target: `ref {} -> {} {{ ... }}`",
                            f.name,
                            several[several.len() - 1]
                        ))
                        .note(format!(
                            "`{}` references {}",
                            f.name,
                            one_of(several)
                        )),
                    );
                    return None;
                }
            },
        };
        let target = self.describe(&target_name, false)?;
        self.queryable(&target, target_name.span);
        let mut fields: Vec<FieldRef> = Vec::new();
        for name in &r.fields {
            let Some(fr) = self.field(&target, name, All) else {
                continue;
            };
            if let Some(first) = fields.iter().find(|x| x.index == fr.index) {
                self.diags.push(
                    Diagnostic::new(Code::W102, format!("`{}` is listed twice", fr.name()))
                        .label(name.span, "listed again here")
                        .label(first.span, "first listed here")
                        .help("remove the repeat; it is ignored"),
                );
                continue;
            }
            fields.push(fr);
        }
        Some(RefModel {
            field,
            target,
            fields,
            prefix: r.prefix.as_ref().map(|p| p.name.clone()),
            span: r.span,
        })
    }

    /// The binaries of a record edge.
    fn binaries(&mut self, object: &Arc<Describe>, edge: &ast::Edge) -> Vec<BinaryModel> {
        let mut out = Vec::new();
        for ann in &edge.annotations {
            match &ann.kind {
                AnnotationKind::SelfRecord => {}
                AnnotationKind::Files => out.push(BinaryModel::Files { span: ann.span }),
                AnnotationKind::Field(b) => {
                    // Every name is checked, even when an earlier one is unknown.
                    let field = self.field(object, &b.field, Content);
                    let mut known = true;
                    let mut mime_literal = None;
                    let mut mime_field = None;
                    match b.mime.first() {
                        Some(Mime::Literal(s)) => mime_literal = Some(s.value.clone()),
                        Some(Mime::Field(f)) => {
                            mime_field = self.field(object, f, All);
                            known &= mime_field.is_some();
                        }
                        None => {}
                    }
                    let file_name = b.file_name.first().and_then(|f| {
                        let found = self.field(object, f, All);
                        known &= found.is_some();
                        found
                    });
                    let (Some(field), true) = (field, known) else {
                        continue;
                    };
                    out.push(BinaryModel::Field {
                        field,
                        mime_literal,
                        mime_field,
                        file_name,
                        span: ann.span,
                    });
                }
            }
        }
        out
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

/// Of several relationships from `parent` to `child`, those whose lookup
/// references `parent` alone (not a polymorphic one): the relationship
/// choice rule, when `via` is not given.
pub(crate) fn referencing_alone<'r>(
    several: &[&'r ChildRelationship],
    child: &Describe,
    parent: &str,
) -> Vec<&'r ChildRelationship> {
    several
        .iter()
        .copied()
        .filter(|r| {
            child.field(&r.field).is_some_and(|f| {
                f.reference_to.len() == 1 && f.reference_to[0].eq_ignore_ascii_case(parent)
            })
        })
        .collect()
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

/// E013, E026 or E035 for a path hop that is not a relationship of `object`.
pub(crate) fn not_a_relationship(object: &Describe, hop: &str, span: Span) -> Diagnostic {
    match object.field(hop) {
        Some(f) if f.is_reference() && f.relationship_name.is_none() => Diagnostic::new(
            Code::E035,
            format!("the lookup `{}` has no relationship name", f.name),
        )
        .label(span, "relationshipName is null in the describe")
        .help("a path cannot go through it; map a field of the object itself"),
        Some(f) if f.is_reference() => Diagnostic::new(
            Code::E013,
            format!("`{}` is a field; a path hop is a relationship name", f.name),
        )
        .label(span, "a field, not a relationship")
        .help(format!(
            "write `{}`, the relationship name of `{}`",
            f.relationship_name.as_deref().unwrap_or_default(),
            f.name
        )),
        Some(f) => Diagnostic::new(
            Code::E026,
            format!(
                "`{}` is not a lookup, so a path cannot go through it",
                f.name
            ),
        )
        .label(span, format!("{} field", a_type(&f.ty))),
        None => {
            let rels = object
                .fields
                .iter()
                .filter_map(|f| f.relationship_name.as_deref());
            Diagnostic::new(
                Code::E013,
                format!("`{}` has no relationship `{hop}`", object.name),
            )
            .rests_on(&object.name)
            .label(span, "unknown relationship")
            .maybe_help(did_you_mean(hop, rels))
        }
    }
}
