//! Checking a parsed file against the schema cache, in passes:
//!
//! 1. `outline`: statement-level structure (duplicates, the aggregation,
//!    records do not nest, which annotations go where);
//! 2. `resolve`: every name bound to a describe (did-you-mean), giving a
//!    `Model`; name errors stop here, so later passes never see broken names;
//! 3. `types`: core field types, metadata types, binaries, defaults, metadata
//!    name collisions.

mod lower;
pub mod model;
mod outline;
mod resolve;
mod types;

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::schema::Catalog;
use crate::source::Span;
use crate::syntax::ast;

pub use lower::lower;
pub use model::Model;
pub(crate) use resolve::not_a_relationship;
pub(crate) use types::{accepted, default_mapping, default_title, field_accepted};
// What each core field accepts and how deep a path goes, for `hierc validate`.
pub(crate) use resolve::MAX_HOPS;
pub(crate) use types::literal_accepted;

/// W101 when `written` matches the schema's `actual` spelling only when case
/// is ignored.
pub(crate) fn name_case(written: &str, actual: &str, span: Span, what: &str) -> Option<Diagnostic> {
    (written != actual).then(|| {
        Diagnostic::new(
            Code::W101,
            format!("the {what} `{written}` is spelled `{actual}` in the schema"),
        )
        .label(span, format!("resolves to `{actual}`"))
        .help(format!("write `{actual}`"))
    })
}

/// A Salesforce field type with its article: "a `string`", "an `id`".
pub(crate) fn a_type(ty: &str) -> String {
    let article = if ty.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} `{ty}`")
}

/// Runs every pass; `None` when errors leave nothing to lower.
pub fn check(file: &ast::File, catalog: &Catalog, diags: &mut Diagnostics) -> Option<Model> {
    let outline = outline::outline(file, diags)?;
    let before = diags.error_count();
    let model = resolve::resolve(&outline, catalog, diags)?;
    if diags.error_count() > before || file.incomplete {
        return None;
    }
    api_version(&model, diags);
    types::check(&model, diags);
    (!diags.has_errors()).then_some(model)
}

/// W103: the `api` statement names another version than the cached
/// describes came from (as their `urls` say).
fn api_version(model: &Model, diags: &mut Diagnostics) {
    let Some((wanted, span)) = &model.api else {
        return;
    };
    let mut others: Vec<(String, String)> = Vec::new();
    let items = std::iter::once(&model.aggregation).chain(model.records.iter().map(|r| &r.item));
    for item in items {
        let objects = std::iter::once(&item.object).chain(item.refs.iter().map(|r| &r.target));
        for object in objects {
            if let Some(v) = &object.api_version {
                if v != wanted && !others.iter().any(|(o, _)| *o == object.name) {
                    others.push((object.name.clone(), v.clone()));
                }
            }
        }
    }
    if others.is_empty() {
        return;
    }
    let list: Vec<String> = others.iter().map(|(o, v)| format!("`{o}` ({v})")).collect();
    diags.push(
        Diagnostic::new(
            Code::W103,
            format!("the cached schemas are not from API version {wanted}"),
        )
        .label(*span, format!("describes from {}", others[0].1))
        .help(format!(
            "pull them again for this version (`hierc schema pull {}`), or change `api`",
            others
                .iter()
                .map(|(o, _)| o.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        ))
        .note(format!(
            "from other versions: {}",
            crate::diagnostics::suggest::join_words(&list, "and")
        )),
    );
}
