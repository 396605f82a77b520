//! Pass 4: SOQL's limits. The statement that fetches each item (`soql`)
//! must stay within what Salesforce accepts in one query: at most 55
//! child-to-parent relationships and 100,000 characters; and a record's
//! rows are found through its lookup to the parent, which must be
//! filterable. The figures and their sources are in docs/readiness.md.

use super::model::Model;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::soql::{self, MAX_RELATIONSHIPS, MAX_STATEMENT};

pub fn check(model: &Model, diags: &mut Diagnostics) {
    for s in soql::statements(model) {
        let count = s.relationships.len();
        if count > MAX_RELATIONSHIPS {
            // The part that follows the first relationship over the limit.
            let over = &s.relationships[MAX_RELATIONSHIPS];
            let at = s.parts.iter().find(|p| {
                p.text.len() > over.len()
                    && p.text[..over.len()].eq_ignore_ascii_case(over)
                    && p.text.as_bytes()[over.len()] == b'.'
            });
            let mut d = Diagnostic::new(
                Code::E060,
                format!(
                    "the query for {} follows {count} child-to-parent relationships; SOQL allows at most {MAX_RELATIONSHIPS}",
                    s.item
                ),
            )
            .label(s.span, format!("{count} relationships in one query"));
            if let Some(p) = at {
                d = d.label(
                    p.span,
                    format!("relationship {} (`{over}`)", MAX_RELATIONSHIPS + 1),
                );
            }
            diags.push(
                d.note("Salesforce: \"No more than 55 child-to-parent relationships can be specified in a query\" (SOQL and SOSL Limits)")
                    .help(format!(
                        "drop {} references or relationship paths from this item",
                        count - MAX_RELATIONSHIPS
                    )),
            );
        }
        let len = s.text.chars().count();
        if len > MAX_STATEMENT {
            diags.push(
                Diagnostic::new(
                    Code::E061,
                    format!(
                        "the query for {} is {len} characters long; SOQL allows at most {MAX_STATEMENT}",
                        s.item
                    ),
                )
                .label(s.span, format!("a {len}-character statement"))
                .note("Salesforce: \"By default, SOQL statements cannot exceed 100,000 characters\" (SOQL and SOSL Limits)")
                .help("take fewer fields and references on this item"),
            );
        }
    }
    for record in &model.records {
        let via = record.via.field();
        if !via.filterable {
            diags.push(
                Diagnostic::new(
                    Code::E062,
                    format!(
                        "`{}.{}` cannot be filtered on, so the rows of `{}` cannot be found by their parent",
                        record.item.object.name, via.name, record.item.object.name
                    ),
                )
                .label(record.via.span, "the describe says `filterable: false`")
                .note(format!(
                    "the record's rows are read with `WHERE {} = <parent Id>`",
                    via.name
                ))
                .help("reach the record through another lookup to the aggregation (`via FIELD`)"),
            );
        }
    }
}
