//! The SOQL that fetches what a checked config names: one statement per
//! item of the hierarchy (the aggregation, each record, each record's
//! Salesforce Files). Built from the lowered config (the names the
//! connector reads) and the checked model (where each name is written), so
//! that every selected field keeps the span of the `.hier` text it comes
//! from. These are not the connector's own queries: they read the same
//! fields through the same relationships, so they cross the same limits and
//! fail for the same missing permissions.

use crate::check::model::{BinaryModel, ItemModel, Model};
use crate::config::{self, Binary, CoreField, CoreFieldMappings, Mapping, Reference};
use crate::schema::Describe;
use crate::source::Span;

/// SOQL's limits (Salesforce, "SOQL and SOSL Limits for Search Queries"
/// and "Understanding Relationship Query Limitations"; docs/readiness.md).
pub const MAX_RELATIONSHIPS: usize = 55;
pub const MAX_STATEMENT: usize = 100_000;

/// What an item is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Aggregation,
    Record,
    Files,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Aggregation => "aggregation",
            Kind::Record => "record",
            Kind::Files => "files",
        }
    }
}

/// One selected field, as written in the statement.
#[derive(Clone, Debug)]
pub struct Part {
    /// `Contact.Name`, `Id`, or a field inside a `TYPEOF` clause.
    pub text: String,
    /// Byte offset of `text` in the statement.
    pub offset: usize,
    /// Where the `.hier` file names it (the item, for a default).
    pub span: Span,
}

/// The statement that fetches one item.
#[derive(Clone, Debug)]
pub struct Statement {
    pub kind: Kind,
    /// What the `--` comment says: `aggregation Case`.
    pub item: String,
    /// The object after `FROM`.
    pub object: String,
    /// The statement, with a bind placeholder (`:parentId`) for the row's
    /// parent.
    pub text: String,
    /// The same select list, without the parent filter and with `LIMIT 1`:
    /// what `hierc probe` runs.
    pub probe: String,
    pub parts: Vec<Part>,
    /// Where the item is named.
    pub span: Span,
    /// The distinct child-to-parent relationships it follows (`Account`,
    /// `Account.Owner`), in order.
    pub relationships: Vec<String>,
    /// The lookup the rows are filtered on, with where it is named.
    pub filter: Option<(String, Span)>,
}

/// The fields of a Files item: the link, its document, and the document's
/// latest version.
const FILES_FIELDS: [&str; 8] = [
    "Id",
    "ContentDocumentId",
    "ContentDocument.Title",
    "ContentDocument.LatestPublishedVersionId",
    "ContentDocument.LatestPublishedVersion.Title",
    "ContentDocument.LatestPublishedVersion.FileExtension",
    "ContentDocument.LatestPublishedVersion.ContentSize",
    "ContentDocument.LatestPublishedVersion.VersionNumber",
];

/// Every statement of a checked model, in the order of the hierarchy.
pub fn statements(model: &Model) -> Vec<Statement> {
    let config = crate::check::lower(model);
    let agg = &config.aggregation;
    let mut out = Vec::new();
    let item = if model.self_record {
        format!("aggregation {} (and its self-record)", agg.object)
    } else {
        format!("aggregation {}", agg.object)
    };
    let mut b = Builder::new(&model.aggregation, &[]);
    b.item(&agg.fields, &agg.core_field_mappings, &agg.references, &[]);
    out.push(b.finish(Kind::Aggregation, item, &agg.object, None));
    for (record, rm) in agg.records.iter().zip(&model.records) {
        let mut b = Builder::new(&rm.item, &rm.binaries);
        b.push(&record.relationship.field, Some(rm.via.span));
        b.item(
            &record.fields,
            &record.core_field_mappings,
            &record.references,
            &record.binaries,
        );
        let item = format!(
            "record {} via {} ({})",
            record.object, record.relationship.field, record.relationship.name
        );
        let filter = (record.relationship.field.clone(), rm.via.span);
        out.push(b.finish(Kind::Record, item, &record.object, Some(filter)));
        for binary in &rm.binaries {
            if let BinaryModel::Files { span } = binary {
                out.push(files(&record.object, *span));
            }
        }
    }
    out
}

/// A Files item: the links to one record's documents.
fn files(object: &str, span: Span) -> Statement {
    let list = FILES_FIELDS.join(", ");
    let mut parts = Vec::new();
    let mut offset = "SELECT ".len();
    for f in FILES_FIELDS {
        parts.push(Part {
            text: f.to_string(),
            offset,
            span,
        });
        offset += f.len() + 2;
    }
    Statement {
        kind: Kind::Files,
        item: format!("Salesforce Files of {object}"),
        object: "ContentDocumentLink".into(),
        text: format!("SELECT {list} FROM ContentDocumentLink WHERE LinkedEntityId = :recordId"),
        probe: format!(
            "SELECT {list} FROM ContentDocumentLink WHERE LinkedEntityId IN (SELECT Id FROM {object}) LIMIT 1"
        ),
        parts,
        span,
        relationships: relationships(FILES_FIELDS.iter().copied()),
        filter: None,
    }
}

/// The distinct relationship prefixes of the paths (`Account.Owner.Name`
/// follows `Account` and `Account.Owner`), ignoring case.
fn relationships<'a>(paths: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for path in paths {
        let hops: Vec<&str> = path.split('.').collect();
        for n in 1..hops.len() {
            let prefix = hops[..n].join(".");
            if !out.iter().any(|o| o.eq_ignore_ascii_case(&prefix)) {
                out.push(prefix);
            }
        }
    }
    out
}

/// Field names with where they are written.
type Fields = Vec<(String, Span)>;

/// A select list in the making.
struct Builder<'m> {
    model: &'m ItemModel,
    /// A record's binaries (none for the aggregation).
    binaries: &'m [BinaryModel],
    /// Plain entries: text, span, and whether the span is written.
    plain: Vec<(String, Span, bool)>,
    /// `TYPEOF` clauses: relationship, target, fields with spans.
    typeof_: Vec<(String, String, Fields)>,
}

impl<'m> Builder<'m> {
    fn new(model: &'m ItemModel, binaries: &'m [BinaryModel]) -> Self {
        let mut b = Builder {
            model,
            binaries,
            plain: Vec::new(),
            typeof_: Vec::new(),
        };
        b.push("Id", None);
        b
    }

    /// Adds a field or path once (ignoring case); a written span replaces
    /// the item's.
    fn push(&mut self, text: &str, span: Option<Span>) {
        let span = span.or_else(|| self.written(text));
        if let Some(e) = self
            .plain
            .iter_mut()
            .find(|(t, _, _)| t.eq_ignore_ascii_case(text))
        {
            if let (Some(s), false) = (span, e.2) {
                e.1 = s;
                e.2 = true;
            }
            return;
        }
        let (span, written) = match span {
            Some(s) => (s, true),
            None => (self.model.span, false),
        };
        self.plain.push((text.to_string(), span, written));
    }

    /// Where the item's block writes `text`, if it does.
    fn written(&self, text: &str) -> Option<Span> {
        let m = self.model;
        m.fields
            .iter()
            .find(|f| f.name().eq_ignore_ascii_case(text))
            .map(|f| f.span)
            .or_else(|| {
                m.mappings.iter().find_map(|mm| match &mm.value {
                    crate::check::model::ValueModel::Path(p)
                        if p.text.eq_ignore_ascii_case(text) =>
                    {
                        Some(p.span)
                    }
                    _ => None,
                })
            })
            .or_else(|| {
                self.binaries.iter().find_map(|b| match b {
                    BinaryModel::Field {
                        field,
                        mime_field,
                        file_name,
                        ..
                    } => std::iter::once(field)
                        .chain(mime_field)
                        .chain(file_name)
                        .find(|f| f.name().eq_ignore_ascii_case(text))
                        .map(|f| f.span),
                    BinaryModel::Files { .. } => None,
                })
            })
    }

    fn item(
        &mut self,
        fields: &[config::MetadataField],
        core: &CoreFieldMappings,
        references: &[Reference],
        binaries: &[Binary],
    ) {
        for c in CoreField::ALL {
            if let Some(Mapping::Field(path)) = core.get(c) {
                self.push(path, None);
            }
        }
        for f in fields {
            self.push(&f.name, None);
        }
        for (r, rm) in references.iter().zip(&self.model.refs) {
            self.reference(r, &self.model.object, rm);
        }
        for b in binaries {
            if let Binary::Field {
                field,
                mime_type_field,
                file_name_field,
                ..
            } = b
            {
                for name in std::iter::once(field)
                    .chain(mime_type_field.iter())
                    .chain(file_name_field.iter())
                {
                    self.push(name, None);
                }
            }
        }
    }

    fn reference(&mut self, r: &Reference, object: &Describe, rm: &crate::check::model::RefModel) {
        let Some(lookup) = object.field(&r.field) else {
            return;
        };
        let relationship = lookup.relationship_name.clone().unwrap_or_default();
        let fields: Vec<(String, Span)> = r
            .fields
            .iter()
            .map(|f| {
                let span = rm
                    .fields
                    .iter()
                    .find(|g| g.name() == f.name)
                    .map_or(rm.span, |g| g.span);
                (f.name.clone(), span)
            })
            .collect();
        if lookup.is_polymorphic() {
            self.typeof_.push((relationship, r.object.clone(), fields));
        } else {
            for (name, span) in fields {
                self.push(&format!("{relationship}.{name}"), Some(span));
            }
        }
    }

    fn finish(
        mut self,
        kind: Kind,
        item: String,
        object: &str,
        filter: Option<(String, Span)>,
    ) -> Statement {
        // A path through a polymorphic lookup that a `TYPEOF` clause also
        // reads goes into that clause (SOQL takes one or the other): for
        // the pinned target and, through `ELSE`, for the others.
        let mut others: Vec<Vec<(String, Span)>> = vec![Vec::new(); self.typeof_.len()];
        self.plain.retain(|(t, span, _)| {
            let Some((relationship, field)) = t.split_once('.') else {
                return true;
            };
            match self
                .typeof_
                .iter()
                .position(|(r, _, _)| r.eq_ignore_ascii_case(relationship))
            {
                Some(i) if !field.contains('.') => {
                    others[i].push((field.to_string(), *span));
                    false
                }
                _ => true,
            }
        });
        let mut text = String::from("SELECT ");
        let mut parts = Vec::new();
        let mut first = true;
        let mut sep = |text: &mut String| {
            if !std::mem::take(&mut first) {
                text.push_str(", ");
            }
        };
        let list = |text: &mut String, parts: &mut Vec<Part>, fields: &[(String, Span)]| {
            for (i, (name, span)) in fields.iter().enumerate() {
                if i > 0 {
                    text.push_str(", ");
                }
                parts.push(Part {
                    text: name.clone(),
                    offset: text.len(),
                    span: *span,
                });
                text.push_str(name);
            }
        };
        for (t, span, _) in &self.plain {
            sep(&mut text);
            parts.push(Part {
                text: t.clone(),
                offset: text.len(),
                span: *span,
            });
            text.push_str(t);
        }
        let mut paths: Vec<String> = self.plain.iter().map(|(t, _, _)| t.clone()).collect();
        for ((relationship, target, fields), other) in self.typeof_.iter().zip(&others) {
            sep(&mut text);
            text.push_str(&format!("TYPEOF {relationship} WHEN {target} THEN "));
            let mut when = fields.clone();
            for (name, span) in other {
                if !when.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)) {
                    when.push((name.clone(), *span));
                }
            }
            list(&mut text, &mut parts, &when);
            if !other.is_empty() {
                text.push_str(" ELSE ");
                list(&mut text, &mut parts, other);
            }
            text.push_str(" END");
            paths.push(format!("{relationship}.*"));
        }
        text.push_str(" FROM ");
        text.push_str(object);
        let probe = format!("{text} LIMIT 1");
        if let Some((field, _)) = &filter {
            text.push_str(&format!(" WHERE {field} = :parentId"));
        }
        Statement {
            kind,
            item,
            object: object.to_string(),
            text,
            probe,
            parts,
            span: self.model.span,
            relationships: relationships(paths.iter().map(String::as_str)),
            filter,
        }
    }
}
