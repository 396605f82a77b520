//! References: `ref FIELD [-> OBJECT] { FIELDS } [as PREFIX]`.

use super::*;

impl Resolver<'_, '_> {
    /// The targets of a polymorphic lookup to offer as its pin, the likeliest
    /// first: those whose cached describe has every field of `listed`, then
    /// the others; each group from the last target the describe names
    /// (`OwnerId`: `User`, then `Group`). Describes not in the cache are
    /// not read (nor marked for a pull).
    fn pins<'t>(&self, targets: &'t [String], listed: &[Ident]) -> Vec<&'t str> {
        let fits = |t: &str| {
            self.catalog.has(t)
                && matches!(self.catalog.get(t), Lookup::Found(d)
                    if listed.iter().all(|n| d.field_index(&n.name).is_some()))
        };
        let (mut pins, others): (Vec<&str>, Vec<&str>) = targets
            .iter()
            .rev()
            .map(String::as_str)
            .partition(|t| fits(t));
        pins.extend(others);
        pins
    }

    /// `ref FIELD [-> OBJ] { F1, F2 } [as PREFIX]`
    pub(super) fn reference(&mut self, object: &Arc<Describe>, r: &ast::Ref) -> Option<RefModel> {
        let field = self.field(object, &r.field, Lookups)?;
        let f = field.field();
        if !f.is_reference() {
            self.diags.push(
                Diagnostic::not_a_lookup(&f.name, &f.ty, r.field.span).help(format!(
                    "to keep `{}` as metadata, list it in `fields`",
                    f.name
                )),
            );
            return None;
        }
        if f.relationship_name.is_none() {
            self.diags.push(
                Diagnostic::lookup_without_relationship_name(&f.name, r.field.span)
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
                    // A cached object is one the lookup cannot reach: another
                    // one is a guess.
                    let cached = self.catalog.has(&t.name);
                    let suggested =
                        suggestion(&t.name, t.span, f.reference_to.iter().map(String::as_str))
                            .map(|s| if cached { s.unsafe_() } else { s });
                    self.diags.push(
                        Diagnostic::cannot_reference(
                            &f.name,
                            &t.name,
                            t.span,
                            "not a target of this lookup",
                        )
                        .maybe_fix(suggested.as_ref().map(|s| s.fix.clone()))
                        .help(suggested.as_ref().map(Suggestion::help).unwrap_or_else(|| {
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
                        }))
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
                    self.diags
                        .push(Diagnostic::references_no_object(&f.name, r.field.span));
                    return None;
                }
                several => {
                    let pins = self.pins(several, &r.fields);
                    let fixes = pins.iter().map(|t| {
                        Fix::unsafe_(
                            format!("pin the target: `-> {t}`"),
                            vec![Edit::insert(r.field.span.end, format!(" -> {t}"))],
                        )
                    });
                    let mut d = Diagnostic::new(
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
                        f.name, pins[0]
                    ))
                    .note(format!(
                        "`{}` references {}",
                        f.name,
                        one_of(several)
                    ));
                    for fix in fixes {
                        d = d.fix(fix);
                    }
                    self.diags.push(d);
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
                self.diags.push(Diagnostic::listed_twice(
                    fr.name(),
                    name.span,
                    first.span,
                    remove_list_item(self.text, name.span),
                ));
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
}
