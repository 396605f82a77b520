//! Fields and relationship paths (`Owner.Name`), polymorphic hops included.

use super::*;

impl Resolver<'_, '_> {
    /// `Subject`, `Owner.Name`: each hop but the last is a relationship name.
    pub(super) fn path(&mut self, object: &Arc<Describe>, hops: &[Ident]) -> Option<PathModel> {
        let (last, relations) = hops.split_last()?;
        let span = hops[0].span.to(last.span);
        if relations.len() > MAX_HOPS {
            self.diags.push(Diagnostic::path_too_deep(
                relations.len(),
                span,
                "map a field closer to the object, or flatten the far object with a `ref`",
            ));
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
                self.diags
                    .push(Diagnostic::references_no_object(&field.name, hop.span));
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
    pub(super) fn on_every_target(
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
            Diagnostic::on_no_target(&name.name, what, name.span, Some(&via.name), &all)
        } else {
            Diagnostic::not_on_every_target(
                &name.name,
                what,
                name.span,
                Some(&via.name),
                &lacking,
                &all,
            )
        };
        // The name is a field of some targets: another one is a guess.
        let suggested =
            suggestion(&name.name, name.span, shared.iter().copied()).map(Suggestion::unsafe_);
        let help = suggested.as_ref().map(Suggestion::help).or(pin);
        let d = d.maybe_help(help).maybe_fix(suggested.map(|s| s.fix));
        // E027 says what the targets are; E012/E013 say it here.
        self.diags.push(if d.code == Code::E027 {
            d
        } else {
            d.note(format!(
                "`{}` is polymorphic ({}): a path through it may only name {what}s they all have",
                via.name,
                one_of(&all).replace(" or ", " and ")
            ))
        });
        None
    }

    /// One hop of a path: the lookup whose relationship name is `hop`.
    pub(super) fn hop(&mut self, object: &Describe, hop: &Ident) -> Option<crate::schema::Field> {
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
    pub(super) fn field(
        &mut self,
        object: &Arc<Describe>,
        name: &Ident,
        kind: Kind,
    ) -> Option<FieldRef> {
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
                let mut d = Diagnostic::unknown_field(
                    &object.name,
                    &name.name,
                    name.span,
                    candidates.iter().copied(),
                );
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
}

/// E013, E026 or E035 for a path hop that is not a relationship of `object`.
pub(crate) fn not_a_relationship(object: &Describe, hop: &str, span: Span) -> Diagnostic {
    match object.field(hop) {
        Some(f) if f.is_reference() && f.relationship_name.is_none() => {
            Diagnostic::lookup_without_relationship_name(&f.name, span)
                .help("a path cannot go through it; map a field of the object itself")
        }
        Some(f) if f.is_reference() => {
            let rel = f.relationship_name.as_deref().unwrap_or_default();
            Diagnostic::new(
                Code::E013,
                format!("`{}` is a field; a path hop is a relationship name", f.name),
            )
            .label(span, "a field, not a relationship")
            .help(format!(
                "write `{rel}`, the relationship name of `{}`",
                f.name
            ))
            .fix(Fix::safe(
                format!("replace `{hop}` with `{rel}`"),
                vec![Edit::replace(span, rel)],
            ))
        }
        Some(f) => Diagnostic::not_a_lookup(&f.name, &f.ty, span)
            .help("a path goes through lookups only (by their relationship names); map a field of the object itself"),
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
            .suggest(hop, span, rels)
        }
    }
}
