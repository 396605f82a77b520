//! Edges: the child object of each `Parent > Child` and the child
//! relationship it takes (`via`, or the relationship choice rule).

use super::*;

impl Resolver<'_, '_> {
    /// The child's describe and the child relationship the edge takes.
    pub(super) fn child(
        &mut self,
        parent: &Arc<Describe>,
        edge: &ast::Edge,
    ) -> Option<(Arc<Describe>, ChildRelationship)> {
        // With `via`, the relationship it names is looked up directly: a
        // child with thousands of lookups to the parent costs no scan.
        let named = edge
            .via
            .as_ref()
            .and_then(|via| parent.child_relationship(&edge.child.name, &via.name));
        let candidates: Vec<&ChildRelationship> = match named {
            Some(r) => vec![r],
            None => parent.children_of(&edge.child.name).collect(),
        };
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
    pub(super) fn not_a_child(&mut self, parent: &Describe, edge: &ast::Edge) {
        let children: BTreeSet<&str> = parent
            .child_relationships
            .iter()
            .filter(|r| r.relationship_name.is_some())
            .map(|r| r.child_sobject.as_str())
            .collect();
        let suggestion = suggestion(&edge.child.name, edge.child.span, children.iter().copied());
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
                    None => suggestion
                        .as_ref()
                        .map(Suggestion::help)
                        .unwrap_or_else(|| {
                            format!(
                        "to archive `{}` records, make `{}` the aggregation of a file of its own",
                        child.name, child.name
                    )
                        }),
                };
                Diagnostic::not_a_child(&child.name, &parent.name, edge.child.span)
                    .rests_on(&parent.name)
                    .help(help)
                .maybe_fix(
                    suggestion
                        .filter(|_| lookup.is_none())
                        .map(|s| s.unsafe_().fix),
                )
                .note(format!(
                    "a record must be a child of the aggregation: `{}`'s describe lists no child relationship from `{}`",
                    parent.name, child.name
                ))
            }
            _ => Diagnostic::unknown_object(
                &edge.child.name,
                edge.child.span,
                format!("not a child object of `{}`", parent.name),
            )
            .rests_on(&parent.name)
            .maybe_help(suggestion.as_ref().map(Suggestion::help))
            .maybe_fix(suggestion.map(|s| s.fix)),
        };
        self.diags.push(d);
    }

    /// The relationship named by `via FIELD`.
    pub(super) fn via<'r>(
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
                    None => Diagnostic::unknown_field(&child.name, &via.name, via.span, []),
                    Some(f) => Diagnostic::not_a_lookup_to(
                        &f.name,
                        &child.name,
                        &parent.name,
                        via.span,
                        if f.is_reference() {
                            format!("a lookup to {}", one_of(&f.reference_to))
                        } else {
                            format!("{} field, not a lookup", a_type(&f.ty))
                        },
                    ),
                };
                let choices: Vec<String> = fields.iter().map(|f| format!("via {f}")).collect();
                // A field of the child (E017) is meant; another is a guess.
                let suggested = suggestion(&via.name, via.span, fields.iter().copied()).map(|s| {
                    if d.code == Code::E017 {
                        s.unsafe_()
                    } else {
                        s
                    }
                });
                let d = match suggested {
                    Some(s) => d.help(s.help()).fix(s.fix).note(format!(
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
    pub(super) fn only_relationship<'r>(
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
                // A child related in thousands of ways gets a few named,
                // not a help of megabytes.
                const SHOWN: usize = 8;
                let shown = &choices[..choices.len().min(SHOWN)];
                let mut listed: Vec<String> = shown
                    .iter()
                    .map(|r| format!("`{} > {} via {}`", parent.name, child.name, r.field))
                    .collect();
                if choices.len() > SHOWN {
                    listed.push(format!("{} more", choices.len() - SHOWN));
                }
                let mut d = Diagnostic::ambiguous_relationship(
                    &child.name,
                    &parent.name,
                    choices.len(),
                    edge.child.span,
                )
                .help(format!(
                    "pick one with `via`: {}",
                    crate::diagnostics::suggest::join_words(&listed, "or")
                ));
                for r in shown {
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

    pub(super) fn unnamed_relationship(
        &mut self,
        child: &Describe,
        field: &str,
        span: Span,
        parent: &Describe,
    ) {
        let named: Vec<String> = parent
            .children_of(&child.name)
            .filter(|r| r.relationship_name.is_some())
            .map(|r| format!("via {}", r.field))
            .collect();
        let d = Diagnostic::unnamed_child_relationship(&child.name, &parent.name, field, span);
        self.diags.push(if named.is_empty() {
            d.help(format!(
                "`{}` has no named relationship to `{}`, so it cannot be a record of it",
                child.name, parent.name
            ))
        } else {
            d.help(format!("pick a named relationship: {}", one_of(&named)))
        });
    }
}
