//! An object's block: core field mappings, their values, metadata fields.

use super::*;

impl Resolver<'_, '_> {
    /// An object's block.
    pub(super) fn item(
        &mut self,
        object: Arc<Describe>,
        span: Span,
        end: Option<usize>,
        block: Option<&ast::Block>,
        is_record: bool,
    ) -> ItemModel {
        let mut item = ItemModel {
            object: object.clone(),
            span,
            end,
            block: block.map(|b| b.span),
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
                BlockItem::Fields { fields, span: line } => {
                    for f in fields {
                        let Some(field) = self.field(&object, f, All) else {
                            continue;
                        };
                        if let Some(first) = item.fields.iter().find(|x| x.index == field.index) {
                            // The only name of its `fields`: the whole item goes.
                            let remove = remove_list_item(self.text, f.span).or_else(|| {
                                (fields.len() == 1)
                                    .then(|| remove_lines(self.text, *line))
                                    .flatten()
                            });
                            self.diags.push(Diagnostic::listed_twice(
                                field.name(),
                                f.span,
                                first.span,
                                remove,
                            ));
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
    pub(super) fn core_field(&mut self, name: &Ident, is_record: bool) -> Option<CoreField> {
        let legal: Vec<&str> = CoreField::ALL
            .iter()
            .filter(|c| is_record || !c.record_only())
            .map(|c| c.name())
            .collect();
        match CoreField::parse(&name.name) {
            Some(core) if core.record_only() && !is_record => {
                let help = match core {
                    CoreField::ParentExternalId => {
                        "the aggregation has no parent; remove this mapping".to_string()
                    }
                    _ => format!(
                        "the self-record's `{}` is fixed; remove this mapping",
                        core.name()
                    ),
                };
                self.diags.push(Diagnostic::record_only_on_aggregation(
                    core.name(),
                    name.span,
                    "only records map this",
                    help,
                ));
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
                    .suggest(&name.name, name.span, legal.iter().copied())
                    .note(format!("core fields here: {}", one_of(&legal)))
                    .note("to keep a Salesforce field as metadata, list it in `fields`"),
                );
                None
            }
        }
    }

    pub(super) fn value(&mut self, object: &Arc<Describe>, value: &Value) -> Option<ValueModel> {
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
                    self.diags
                        .push(Diagnostic::unknown_derived(&name.name, *span, "@"));
                    None
                }
            }
            Value::Path(hops) => self.path(object, hops).map(ValueModel::Path),
        }
    }
}
