//! The resolved model: the AST with every name bound to the cached describes.
//! Built by `resolve`, read by `types` and `lower`.

use std::sync::Arc;

use crate::config::CoreField;
use crate::schema::{Describe, Field};
use crate::source::Span;

/// A field of an object, found in its describe.
#[derive(Clone, Debug)]
pub struct FieldRef {
    pub object: Arc<Describe>,
    pub index: usize,
    /// Where the name was written.
    pub span: Span,
}

impl FieldRef {
    pub fn field(&self) -> &Field {
        &self.object.fields[self.index]
    }

    /// The schema's spelling.
    pub fn name(&self) -> &str {
        &self.field().name
    }
}

/// A relationship path `Owner.Name`, resolved.
#[derive(Clone, Debug)]
pub struct PathModel {
    /// The path in the schema's spelling.
    pub text: String,
    /// The last field (on the first target, after a polymorphic hop).
    pub last: FieldRef,
    /// True for a plain field of the object itself (no hops).
    pub plain: bool,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum ValueModel {
    Path(PathModel),
    Literal { value: String, span: Span },
    Derived { name: String, span: Span },
}

impl ValueModel {
    pub fn span(&self) -> Span {
        match self {
            ValueModel::Path(p) => p.span,
            ValueModel::Literal { span, .. } | ValueModel::Derived { span, .. } => *span,
        }
    }
}

#[derive(Clone, Debug)]
pub struct MappingModel {
    pub core: CoreField,
    pub value: ValueModel,
    /// The whole `CORE = VALUE`.
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct RefModel {
    pub field: FieldRef,
    pub target: Arc<Describe>,
    pub fields: Vec<FieldRef>,
    pub prefix: Option<String>,
    pub span: Span,
}

impl RefModel {
    /// The metadata prefix: as written, else the relationship name plus `_`.
    pub fn prefix(&self) -> String {
        match &self.prefix {
            Some(p) => p.clone(),
            None => format!(
                "{}_",
                self.field()
                    .relationship_name
                    .as_deref()
                    .unwrap_or_default()
            ),
        }
    }

    fn field(&self) -> &Field {
        self.field.field()
    }
}

/// The aggregation or one record: an object with its block.
#[derive(Clone, Debug)]
pub struct ItemModel {
    pub object: Arc<Describe>,
    /// Where the object is named.
    pub span: Span,
    /// Where its statement ends, and its block (`{ ... }`) if it has one:
    /// where a fix inserts a mapping. No end for an aggregation that has no
    /// `aggregation` statement.
    pub end: Option<usize>,
    pub block: Option<Span>,
    pub mappings: Vec<MappingModel>,
    pub fields: Vec<FieldRef>,
    pub refs: Vec<RefModel>,
}

#[derive(Clone, Debug)]
pub enum BinaryModel {
    Files {
        span: Span,
    },
    Field {
        field: FieldRef,
        mime_literal: Option<String>,
        mime_field: Option<FieldRef>,
        file_name: Option<FieldRef>,
        span: Span,
    },
}

#[derive(Clone, Debug)]
pub struct RecordModel {
    pub item: ItemModel,
    /// The child's lookup field to the aggregation.
    pub via: FieldRef,
    pub relationship_name: String,
    pub binaries: Vec<BinaryModel>,
}

#[derive(Clone, Debug)]
pub struct Model {
    pub connector: Option<String>,
    pub api: Option<(String, Span)>,
    pub self_record: bool,
    pub aggregation: ItemModel,
    pub records: Vec<RecordModel>,
}
