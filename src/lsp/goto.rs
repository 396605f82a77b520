//! Go to definition: an object or field name to its entry in the cached
//! describe (the line of its `"name"`); a record's parent to the statement
//! that declares it.

use lsp_types::{GotoDefinitionResponse, Location, Uri};

use super::diagnostics::{absolute, file_uri};
use super::names::{describe, named_at, Named};
use super::text::{Document, LineIndex};
use crate::schema::Catalog;
use crate::syntax::{self, TokenKind};
use crate::validate::json::{Pointer, Spans};

/// Where the word at `offset` is defined.
pub fn definition(
    catalog: &Catalog,
    doc: &Document,
    uri: &Uri,
    offset: usize,
) -> Option<GotoDefinitionResponse> {
    let tokens = syntax::tokens(&doc.text);
    let (named, _) = named_at(catalog, &doc.text, &tokens, offset)?;
    let location = match named {
        Named::Parent(name) => {
            // `aggregation NAME`, else an edge whose child is NAME.
            let text = &doc.text;
            let declared = tokens.windows(2).find(|w| {
                w[0].text(text) == "aggregation"
                    && w[1].kind == TokenKind::Ident
                    && w[1].text(text).eq_ignore_ascii_case(&name)
            });
            let declared = declared.map(|w| w[0].span.to(w[1].span)).or_else(|| {
                tokens
                    .windows(3)
                    .find(|w| {
                        w[1].kind == TokenKind::Gt
                            && w[2].kind == TokenKind::Ident
                            && w[2].text(text).eq_ignore_ascii_case(&name)
                    })
                    .map(|w| w[0].span.to(w[2].span))
            })?;
            Location::new(uri.clone(), doc.range(declared))
        }
        Named::Object(name) | Named::Child { child: name, .. } => {
            in_schema(catalog, &name, &Pointer::root().key("name"))?
        }
        Named::Field { object, field } => {
            let d = describe(catalog, &object)?;
            let i = d.field_index(&field)?;
            in_schema(
                catalog,
                &d.name,
                &Pointer::root().key("fields").index(i).key("name"),
            )?
        }
        Named::Relationship {
            object,
            relationship,
        } => {
            let d = describe(catalog, &object)?;
            let i = d.relationship_index(&relationship)?;
            in_schema(
                catalog,
                &d.name,
                &Pointer::root()
                    .key("fields")
                    .index(i)
                    .key("relationshipName"),
            )?
        }
        Named::Core { .. } | Named::RecordUrl => return None,
    };
    Some(GotoDefinitionResponse::Scalar(location))
}

/// The place of the value at `pointer` in the cached describe of `object`.
fn in_schema(catalog: &Catalog, object: &str, pointer: &Pointer) -> Option<Location> {
    let path = absolute(&catalog.path(object)?);
    let text = std::fs::read_to_string(&path).ok()?;
    let span = Spans::scan(&text).label(pointer);
    let range = LineIndex::new(&text).range(&text, span);
    Some(Location::new(file_uri(&path)?, range))
}
