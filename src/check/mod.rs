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

use crate::diagnostics::Diagnostics;
use crate::schema::Catalog;
use crate::syntax::ast;

pub use lower::lower;
pub use model::Model;

/// Runs every pass; `None` when errors leave nothing to lower.
pub fn check(file: &ast::File, catalog: &Catalog, diags: &mut Diagnostics) -> Option<Model> {
    let outline = outline::outline(file, diags)?;
    let before = diags.error_count();
    let model = resolve::resolve(&outline, catalog, diags)?;
    if diags.error_count() > before || file.incomplete {
        return None;
    }
    types::check(&model, diags);
    (!diags.has_errors()).then_some(model)
}
