//! What a name in a document refers to, in the schema cache: the objects of
//! a path's hops, the targets of a lookup, and the thing a word under the
//! cursor names. Shared by completion, hover and go to definition.

use std::sync::Arc;

use super::context::{self, Item, Slot};
use crate::config::CoreField;
use crate::schema::{Catalog, Describe, Field, Lookup};
use crate::source::Span;
use crate::syntax::{Token, TokenKind};

/// A cached describe, when the cache holds a readable one.
pub fn describe(catalog: &Catalog, object: &str) -> Option<Arc<Describe>> {
    match catalog.get(object) {
        Lookup::Found(d) => Some(d),
        _ => None,
    }
}

/// The describes a lookup can point to.
pub fn targets(catalog: &Catalog, field: &Field) -> Vec<Arc<Describe>> {
    field
        .reference_to
        .iter()
        .filter_map(|t| describe(catalog, t))
        .collect()
}

/// The objects at the end of a relationship path from `object`: one, or
/// for a polymorphic hop every target; empty when a hop is unknown.
pub fn walk(catalog: &Catalog, object: &str, hops: &[String]) -> Vec<Arc<Describe>> {
    let mut at: Vec<Arc<Describe>> = describe(catalog, object).into_iter().collect();
    for hop in hops {
        let Some(first) = at.iter().find_map(|d| d.relationship(hop).cloned()) else {
            return Vec::new();
        };
        at = targets(catalog, &first);
    }
    at
}

/// The fields every one of `objects` has, in the first one's order.
pub fn shared_fields(objects: &[Arc<Describe>]) -> Vec<Field> {
    let Some((first, rest)) = objects.split_first() else {
        return Vec::new();
    };
    first
        .fields
        .iter()
        .filter(|f| rest.iter().all(|d| d.field(&f.name).is_some()))
        .cloned()
        .collect()
}

/// A field's type in words: `string(255)`, `reference → Account`.
pub fn type_words(f: &Field) -> String {
    match (f.ty.as_str(), f.length) {
        ("reference", _) if !f.reference_to.is_empty() => {
            format!("reference → {}", f.reference_to.join(", "))
        }
        ("string" | "textarea" | "email" | "phone" | "url" | "picklist" | "combobox", Some(n))
            if n > 0 =>
        {
            format!("{}({n})", f.ty)
        }
        (ty, _) => ty.to_string(),
    }
}

/// The object a reference's inner fields belong to: its pinned target,
/// else its lookup's targets.
pub fn ref_targets(
    catalog: &Catalog,
    object: &str,
    field: &str,
    target: Option<&str>,
) -> Vec<Arc<Describe>> {
    if let Some(t) = target {
        return describe(catalog, t).into_iter().collect();
    }
    describe(catalog, object)
        .and_then(|d| d.field(field).cloned())
        .map(|f| targets(catalog, &f))
        .unwrap_or_default()
}

/// What a word in a document names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Named {
    /// An object.
    Object(String),
    /// A record's parent, declared by another statement.
    Parent(String),
    /// The child of an edge, reached from its parent.
    Child { parent: String, child: String },
    /// A field of an object.
    Field { object: String, field: String },
    /// A path hop: the lookup of `object` whose relationship name it is.
    Relationship {
        object: String,
        relationship: String,
    },
    /// A core field, mapped on `item`.
    Core { core: CoreField, item: Item },
    /// `@RecordUrl`
    RecordUrl,
}

/// What the word at `offset` names, with its span.
pub fn named_at(
    catalog: &Catalog,
    text: &str,
    tokens: &[Token],
    offset: usize,
) -> Option<(Named, Span)> {
    let index = tokens
        .iter()
        .position(|t| t.span.start <= offset && offset < t.span.end)
        .or_else(|| {
            // Just after a word, as when the cursor ends it.
            tokens.iter().position(|t| {
                t.span.end == offset && matches!(t.kind, TokenKind::Ident | TokenKind::Derived)
            })
        })?;
    let token = tokens[index];
    let word = token.text(text);
    let next = tokens.get(index + 1).map(|t| t.kind);
    if token.kind == TokenKind::Derived {
        return (word == "@RecordUrl").then_some((Named::RecordUrl, token.span));
    }
    if token.kind != TokenKind::Ident {
        return None;
    }
    let field = |object: &str| Named::Field {
        object: object.to_string(),
        field: word.to_string(),
    };
    let named = match context::of_token(text, tokens, index) {
        Slot::Statement if next == Some(TokenKind::Gt) => Named::Parent(word.to_string()),
        Slot::Aggregation | Slot::RefTarget { .. } => Named::Object(word.to_string()),
        Slot::Child { parent } => Named::Child {
            parent,
            child: word.to_string(),
        },
        Slot::Via { child, .. } => field(&child),
        Slot::BinaryField { object } if word != "files" => field(&object.object),
        Slot::BinaryOption { object } => field(&object.object),
        Slot::ItemStart { object, .. } => Named::Core {
            core: CoreField::parse(word)?,
            item: object,
        },
        Slot::Fields { object, .. } | Slot::RefField { object } => field(&object.object),
        Slot::RefInner {
            object,
            field: lookup,
            target,
            ..
        } => {
            let owner = ref_targets(catalog, &object.object, &lookup, target.as_deref())
                .into_iter()
                .find(|d| d.field(word).is_some())?;
            field(&owner.name)
        }
        Slot::Value { object, path, .. } => {
            let ends = walk(catalog, &object.object, &path);
            if next == Some(TokenKind::Dot) {
                let owner = ends.iter().find(|d| d.relationship(word).is_some())?;
                Named::Relationship {
                    object: owner.name.clone(),
                    relationship: word.to_string(),
                }
            } else {
                let owner = ends.iter().find(|d| d.field(word).is_some())?;
                field(&owner.name)
            }
        }
        _ => return None,
    };
    Some((named, token.span))
}
