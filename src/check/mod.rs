//! Checking a parsed file against the schema cache, in passes:
//!
//! 1. `outline`: statement-level structure (duplicates, the aggregation,
//!    records do not nest, which annotations go where);
//! 2. `resolve`: every name bound to a describe (did-you-mean), giving a
//!    `Model`; name errors stop here, so later passes never see broken names;
//! 3. `types`: core field types, metadata types, binaries, defaults, metadata
//!    name collisions;
//! 4. `limits`: SOQL's limits on the query that fetches each item;
//! 5. `readiness`: describe flags that matter to the Run As user (warnings).

mod limits;
mod lower;
pub mod model;
mod outline;
mod readiness;
mod resolve;
mod types;

use crate::diagnostics::{Code, Diagnostic, Diagnostics, Edit, Fix};
use crate::schema::Catalog;
use crate::source::Span;
use crate::syntax::ast;

pub use lower::lower;
pub use model::Model;
pub use readiness::object as object_readiness;
pub(crate) use resolve::paths::not_a_relationship;
pub(crate) use resolve::unqueryable;
pub(crate) use types::files_not_supported;

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
        .fix(Fix::safe(
            format!("write `{actual}`"),
            vec![Edit::replace(span, actual)],
        ))
    })
}

pub(crate) use crate::diagnostics::constructors::a_type;

/// Runs every pass; `None` when errors leave nothing to lower.
/// `text` is the file's text, which fixes edit; `project_api` is the
/// project's `api-version`, which applies to a file without an `api`
/// statement.
pub fn check(
    file: &ast::File,
    text: &str,
    catalog: &Catalog,
    project_api: Option<&str>,
    diags: &mut Diagnostics,
) -> Option<Model> {
    let outline = outline::outline(file, text, diags)?;
    let before = diags.error_count();
    let model = resolve::resolve(&outline, catalog, diags)?;
    if diags.error_count() > before || file.incomplete {
        return None;
    }
    api_version(&model, project_api, diags);
    types::check(&model, text, diags);
    if !diags.has_errors() {
        limits::check(&model, diags);
        readiness::check(&model, diags);
    }
    (!diags.has_errors()).then_some(model)
}

/// W103: the `api` statement, or else the project's `api-version`, names
/// another version than the cached describes came from (as their `urls`
/// say).
fn api_version(model: &Model, project_api: Option<&str>, diags: &mut Diagnostics) {
    let (wanted, at) = match (&model.api, project_api) {
        (Some((v, span)), _) => (v.as_str(), Some(*span)),
        (None, Some(v)) => (v, None),
        (None, None) => return,
    };
    // Each object once, with where the file names it.
    let mut others: Vec<(String, String, Span)> = Vec::new();
    let items = std::iter::once(&model.aggregation).chain(model.records.iter().map(|r| &r.item));
    for item in items {
        let objects = std::iter::once((&item.object, item.span))
            .chain(item.refs.iter().map(|r| (&r.target, r.span)));
        for (object, span) in objects {
            if let Some(v) = &object.api_version {
                if v != wanted && !others.iter().any(|(o, _, _)| *o == object.name) {
                    others.push((object.name.clone(), v.clone(), span));
                }
            }
        }
    }
    let Some((_, first_version, first_span)) = others.first() else {
        return;
    };
    let list: Vec<String> = others
        .iter()
        .map(|(o, v, _)| format!("`{o}` ({v})"))
        .collect();
    let names = others
        .iter()
        .map(|(o, _, _)| o.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let d = Diagnostic::api_version_mismatch(wanted, &list);
    diags.push(match at {
        Some(span) => d
            .label(span, format!("describes from {first_version}"))
            .help(format!(
                "pull them again for this version (`hierc schema pull {names}`), or change `api`"
            )),
        None => d
            .label(*first_span, format!("described by API {first_version}"))
            .note(format!("hierc.toml sets `api-version = \"{wanted}\"`"))
            .help(format!(
                "pull them again for this version (`hierc schema pull {names}`), or change hierc.toml's `api-version`"
            )),
    });
}
