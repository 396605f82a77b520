//! `hierc import`: a `connector_config.json` back to `.hier` text.
//!
//! The config becomes a draft in which everything is written out: every core
//! mapping, `via`, each reference's `->` target and `as` prefix, each binary's
//! options. Each of those is then left out in turn, in source order, when the
//! file still compiles to the same config against the schema cache: what is
//! left out is exactly what the defaults give anyway. `Fields` loses the
//! fields that are there only because a core mapping uses them. Without a
//! usable schema cache nothing can be checked, and everything stays written.
//! The text comes from `fmt::render`, so it is in the canonical layout.

use std::fmt;
use std::sync::Arc;

use crate::config::{self, Binary, Config, CoreField, Encoding, Mapping};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::schema::Catalog;
use crate::source::{SourceFile, Span};
use crate::syntax::{self, ast};

/// The text of an imported config, and whether it compiles back to it.
#[derive(Debug)]
pub struct Imported {
    pub text: String,
    pub round_trip: RoundTrip,
}

#[derive(Debug)]
pub enum RoundTrip {
    /// The text compiles to the same config; defaults are left out.
    Same,
    /// The text does not compile against the schema cache (a schema is
    /// missing, or the config names what the schemas lack): everything is
    /// written out, unchecked. The errors say why.
    Unchecked(Vec<Diagnostic>),
    /// The text compiles to another config: the config holds something the
    /// language cannot say. Everything is written out.
    Differs(Box<Config>),
}

/// A config that cannot be written as a `.hier` file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError(pub String);

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ImportError {}

/// Decompiles a config. `name` is the name of the `.hier` file being made,
/// for the diagnostics of `RoundTrip::Unchecked`.
pub fn import(config: &Config, catalog: &Catalog, name: &str) -> Result<Imported, ImportError> {
    if config.format_version != config::FORMAT_VERSION {
        return Err(ImportError(format!(
            "`FormatVersion` is {}; hierc reads format version {}",
            config.format_version,
            config::FORMAT_VERSION
        )));
    }
    let draft = Draft::new(config)?;
    let mut omitted = vec![false; draft.optionals];
    let explicit = crate::fmt::render(&draft.to_ast(&omitted, None));
    syntax_check(&explicit, name)?;
    let compile = |text: String| crate::compile(SourceFile::new(name, text), catalog);
    let first = compile(explicit.clone());
    let round_trip = match first.config {
        Some(c) if c == *config => RoundTrip::Same,
        Some(c) => RoundTrip::Differs(Box::new(c)),
        None => RoundTrip::Unchecked(first.diagnostics),
    };
    if !matches!(round_trip, RoundTrip::Same) {
        return Ok(Imported {
            text: explicit,
            round_trip,
        });
    }
    let same = |draft: &Draft, omitted: &[bool], only: Option<usize>, expected: &Config| {
        let text = crate::fmt::render(&draft.to_ast(omitted, only));
        compile(text).config.as_ref() == Some(expected)
    };
    // The trials name the connector briefly: a long name (a string of
    // megabytes) is then read twice, not once per trial.
    let mut trial = config.clone();
    let mut draft = draft;
    let connector = draft.connector.take();
    if connector.is_some() {
        draft.connector = Some("c".to_string());
        trial.connector_name = Some("c".to_string());
    }
    // Leaves out what it can of `ids`: all of them when the file still
    // compiles to `expected` without them (one compile, the usual case:
    // the config holds the defaults), else each in turn.
    let leave_out = |ids: &[usize],
                     omitted: &mut Vec<bool>,
                     draft: &Draft,
                     only: Option<usize>,
                     expected: &Config| {
        if ids.is_empty() {
            return;
        }
        ids.iter().for_each(|&id| omitted[id] = true);
        if same(draft, omitted, only, expected) {
            return;
        }
        ids.iter().for_each(|&id| omitted[id] = false);
        for &id in ids {
            omitted[id] = true;
            omitted[id] = same(draft, omitted, only, expected);
        }
    };
    // The aggregation's optionals (a few), against the whole file.
    let ids: Vec<usize> = (0..draft.aggregation_optionals).collect();
    leave_out(&ids, &mut omitted, &draft, None, &trial);
    // Each record's, against the file with that record alone, so that the
    // cost grows with the config rather than with its square: a record
    // compiles from the aggregation and itself.
    let records = std::mem::take(&mut trial.aggregation.records);
    let needs_via = needs_via(config, catalog);
    for (r, record) in records.iter().enumerate() {
        trial.aggregation.records = vec![record.clone()];
        let via = draft.records[r].via.id;
        let ids: Vec<usize> = draft.records[r]
            .optionals
            .clone()
            .filter(|&id| !(id == via && needs_via[r]))
            .collect();
        leave_out(&ids, &mut omitted, &draft, Some(r), &trial);
    }
    // The whole file proves it; should records ever depend on each other,
    // the whole file decides each value, in source order.
    draft.connector = connector;
    if !same(&draft, &omitted, None, config) {
        omitted.fill(false);
        for id in 0..omitted.len() {
            omitted[id] = true;
            omitted[id] = same(&draft, &omitted, None, config);
        }
    }
    Ok(Imported {
        text: crate::fmt::render(&draft.to_ast(&omitted, None)),
        round_trip,
    })
}

/// For each record, whether its `via` must be written: the relationship
/// choice rule, without it, would take another relationship (or none).
/// Decided once for each child object rather than tried for each record, so
/// a config of thousands of records of one child costs no scan of its
/// relationships for each. A record whose describes are not at hand is
/// tried, as before.
fn needs_via(config: &Config, catalog: &Catalog) -> Vec<bool> {
    use crate::schema::Lookup;
    let Lookup::Found(parent) = catalog.get(&config.aggregation.object) else {
        return vec![false; config.aggregation.records.len()];
    };
    let mut chosen: std::collections::HashMap<String, Option<String>> = Default::default();
    config
        .aggregation
        .records
        .iter()
        .map(|record| {
            let pick = chosen
                .entry(record.object.to_ascii_lowercase())
                .or_insert_with(|| match catalog.get(&record.object) {
                    Lookup::Found(child) => crate::rules::chosen_relationship(&parent, &child)
                        .map(|r| r.field.to_ascii_lowercase()),
                    // Not at hand: the trial decides.
                    _ => Some(record.relationship.field.to_ascii_lowercase()),
                });
            pick.as_deref() != Some(record.relationship.field.to_ascii_lowercase().as_str())
        })
        .collect()
}

/// Names that are valid alone can still clash with keywords where the
/// grammar reads one (an object called `connector` as an edge's parent, a
/// field called `files` after `binary`).
fn syntax_check(text: &str, name: &str) -> Result<(), ImportError> {
    let source: Arc<SourceFile> = SourceFile::new(name, text);
    let mut diags = Diagnostics::new();
    syntax::parse(&source, &mut diags);
    match diags.finish(&source).into_iter().find(Diagnostic::is_error) {
        None => Ok(()),
        Some(d) => Err(ImportError(format!(
            "the config cannot be written in hier: {}",
            d.message
        ))),
    }
}

// ---------------------------------------------------------------- the draft

/// Something the text may leave out when the defaults give it anyway: `id`
/// indexes the `omitted` flags.
struct Optional<T> {
    value: T,
    id: usize,
}

impl<T> Optional<T> {
    fn get(&self, omitted: &[bool]) -> Option<&T> {
        (!omitted[self.id]).then_some(&self.value)
    }
}

struct Draft {
    connector: Option<String>,
    api: Option<String>,
    aggregation: Item,
    self_record: bool,
    records: Vec<RecordDraft>,
    /// How many `Optional`s there are.
    optionals: usize,
    /// The first ones, which are the aggregation's.
    aggregation_optionals: usize,
}

struct Item {
    object: String,
    mappings: Vec<Optional<(CoreField, Mapping)>>,
    fields: Vec<String>,
    refs: Vec<RefDraft>,
}

struct RefDraft {
    field: String,
    target: Optional<String>,
    fields: Vec<String>,
    prefix: Optional<String>,
}

struct RecordDraft {
    item: Item,
    via: Optional<String>,
    binaries: Vec<BinaryDraft>,
    /// The ids of its `Optional`s.
    optionals: std::ops::Range<usize>,
}

enum BinaryDraft {
    Files,
    Field {
        field: String,
        mime: Option<Optional<ast::Mime>>,
        file_name: Option<Optional<String>>,
    },
}

/// Builds a draft, numbering its `Optional`s and checking that every value
/// can be written; `at` is the JSON path of what is being read.
struct Builder {
    next: usize,
}

impl Builder {
    fn optional<T>(&mut self, value: T) -> Optional<T> {
        let id = self.next;
        self.next += 1;
        Optional { value, id }
    }

    fn item(
        &mut self,
        object: &str,
        fields: &[config::MetadataField],
        mappings: &config::CoreFieldMappings,
        references: &[config::Reference],
        at: &str,
    ) -> Result<Item, ImportError> {
        let object = name(object, &format!("{at}.Object"))?;
        let used = plain_fields(mappings);
        let mut listed = Vec::new();
        for (i, f) in fields.iter().enumerate() {
            if !used.contains(&f.name.as_str()) {
                listed.push(name(&f.name, &format!("{at}.Fields[{i}].Name"))?);
            }
        }
        let mut out = Vec::new();
        for (core, mapping) in mappings.iter() {
            let at = format!("{at}.CoreFieldMappings.{}", core.name());
            out.push(self.optional((core, writable_mapping(mapping, &at)?)));
        }
        let refs = references
            .iter()
            .enumerate()
            .map(|(i, r)| self.reference(r, &format!("{at}.References[{i}]")))
            .collect::<Result<_, _>>()?;
        Ok(Item {
            object,
            mappings: out,
            fields: listed,
            refs,
        })
    }

    fn reference(&mut self, r: &config::Reference, at: &str) -> Result<RefDraft, ImportError> {
        let fields = r
            .fields
            .iter()
            .enumerate()
            .map(|(i, f)| name(&f.name, &format!("{at}.Fields[{i}].Name")))
            .collect::<Result<_, _>>()?;
        Ok(RefDraft {
            field: name(&r.field, &format!("{at}.Field"))?,
            target: self.optional(name(&r.object, &format!("{at}.Object"))?),
            fields,
            prefix: self.optional(name(&r.metadata_prefix, &format!("{at}.MetadataPrefix"))?),
        })
    }

    fn record(&mut self, r: &config::Record, at: &str) -> Result<RecordDraft, ImportError> {
        let via = name(&r.relationship.field, &format!("{at}.Relationship.Field"))?;
        Ok(RecordDraft {
            item: self.item(
                &r.object,
                &r.fields,
                &r.core_field_mappings,
                &r.references,
                at,
            )?,
            via: self.optional(via),
            binaries: r
                .binaries
                .iter()
                .enumerate()
                .map(|(i, b)| self.binary(b, &format!("{at}.Binaries[{i}]")))
                .collect::<Result<_, _>>()?,
            optionals: 0..0,
        })
    }

    /// A binary with every option written. A fixed MIME type wins over a
    /// MIME type field (a config with both cannot be said; the round trip
    /// shows it).
    fn binary(&mut self, b: &Binary, at: &str) -> Result<BinaryDraft, ImportError> {
        let Binary::Field {
            field,
            encoding,
            mime_type,
            mime_type_field,
            file_name_field,
        } = b
        else {
            return Ok(BinaryDraft::Files);
        };
        let mime = match (mime_type, mime_type_field) {
            (Some(m), _) => Some(ast::Mime::Literal(string(m, &format!("{at}.MimeType"))?)),
            (None, Some(f)) => Some(ast::Mime::Field(ident(name(
                f,
                &format!("{at}.MimeTypeField"),
            )?))),
            (None, None) => None,
        };
        let file_name = match (encoding, file_name_field) {
            (Encoding::Base64, Some(f)) => Some(name(f, &format!("{at}.FileNameField"))?),
            _ => None,
        };
        Ok(BinaryDraft::Field {
            field: name(field, &format!("{at}.Field"))?,
            mime: mime.map(|m| self.optional(m)),
            file_name: file_name.map(|f| self.optional(f)),
        })
    }
}

impl Draft {
    fn new(config: &Config) -> Result<Draft, ImportError> {
        let mut b = Builder { next: 0 };
        let agg = &config.aggregation;
        let aggregation = b.item(
            &agg.object,
            &agg.fields,
            &agg.core_field_mappings,
            &agg.references,
            "Aggregation",
        )?;
        let aggregation_optionals = b.next;
        let records = agg
            .records
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let first = b.next;
                let mut draft = b.record(r, &format!("Aggregation.Records[{i}]"))?;
                draft.optionals = first..b.next;
                Ok(draft)
            })
            .collect::<Result<_, _>>()?;
        let connector = match &config.connector_name {
            Some(c) => Some(string(c, "ConnectorName")?.value),
            None => None,
        };
        let api = match &config.api_version {
            Some(v) if is_version(v) => Some(v.clone()),
            Some(v) => return Err(not_writable("ApiVersion", v, "an API version like `62.0`")),
            None => None,
        };
        Ok(Draft {
            connector,
            api,
            aggregation,
            self_record: agg.self_record_enabled,
            records,
            optionals: b.next,
            aggregation_optionals,
        })
    }

    /// The file, without what `omitted` leaves out; with `only`, with that
    /// record alone. The `aggregation` statement goes when the edges say all
    /// it would.
    fn to_ast(&self, omitted: &[bool], only: Option<usize>) -> ast::File {
        let mut statements = Vec::new();
        if let Some(c) = &self.connector {
            statements.push(ast::Statement::Connector {
                name: literal(c),
                span: Span::default(),
            });
        }
        if let Some(v) = &self.api {
            statements.push(ast::Statement::Api {
                version: ident(v.clone()),
                span: Span::default(),
            });
        }
        let block = self.aggregation.block(omitted);
        if self.self_record || block.is_some() || self.records.is_empty() {
            statements.push(ast::Statement::Aggregation(ast::Aggregation {
                keyword: Span::default(),
                object: ident(self.aggregation.object.clone()),
                annotations: if self.self_record {
                    vec![annotation(ast::AnnotationKind::SelfRecord)]
                } else {
                    vec![]
                },
                block,
                span: Span::default(),
            }));
        }
        let records = match only {
            Some(r) => &self.records[r..=r],
            None => &self.records[..],
        };
        for r in records {
            statements.push(ast::Statement::Edge(ast::Edge {
                parent: ident(self.aggregation.object.clone()),
                child: ident(r.item.object.clone()),
                via: r.via.get(omitted).cloned().map(ident),
                annotations: r.binaries.iter().map(|b| b.to_ast(omitted)).collect(),
                block: r.item.block(omitted),
                span: Span::default(),
            }));
        }
        ast::File {
            statements,
            ..ast::File::default()
        }
    }
}

impl Item {
    /// Mappings, then `fields`, then references; `None` when empty.
    fn block(&self, omitted: &[bool]) -> Option<ast::Block> {
        let mut items: Vec<ast::BlockItem> = self
            .mappings
            .iter()
            .filter_map(|m| m.get(omitted))
            .map(|(core, value)| {
                ast::BlockItem::Mapping(ast::Mapping {
                    core: ident(core.name().to_string()),
                    value: mapping_value(value),
                    span: Span::default(),
                })
            })
            .collect();
        if !self.fields.is_empty() {
            items.push(ast::BlockItem::Fields {
                fields: self.fields.iter().cloned().map(ident).collect(),
                span: Span::default(),
            });
        }
        for r in &self.refs {
            items.push(ast::BlockItem::Ref(ast::Ref {
                field: ident(r.field.clone()),
                target: r.target.get(omitted).cloned().map(ident),
                fields: r.fields.iter().cloned().map(ident).collect(),
                prefix: r.prefix.get(omitted).cloned().map(ident),
                span: Span::default(),
            }));
        }
        (!items.is_empty()).then(|| ast::Block {
            items,
            span: Span::default(),
        })
    }
}

impl BinaryDraft {
    fn to_ast(&self, omitted: &[bool]) -> ast::Annotation {
        match self {
            BinaryDraft::Files => annotation(ast::AnnotationKind::Files),
            BinaryDraft::Field {
                field,
                mime,
                file_name,
            } => annotation(ast::AnnotationKind::Field(ast::BinaryField {
                field: ident(field.clone()),
                mime: mime
                    .iter()
                    .filter_map(|m| m.get(omitted))
                    .cloned()
                    .collect(),
                file_name: file_name
                    .iter()
                    .filter_map(|f| f.get(omitted))
                    .cloned()
                    .map(ident)
                    .collect(),
            })),
        }
    }
}

// ---------------------------------------------------------------- values

/// The plain fields (not paths, not `Id`) that core mappings use: the ones
/// `Fields` holds without a `fields` item.
fn plain_fields(mappings: &config::CoreFieldMappings) -> Vec<&str> {
    mappings
        .iter()
        .filter_map(|(_, m)| match m {
            Mapping::Field(f) if !f.contains('.') && !f.eq_ignore_ascii_case("Id") => {
                Some(f.as_str())
            }
            _ => None,
        })
        .collect()
}

/// A mapping whose value can be written: a path of names, a one-line
/// string, a derived name.
fn writable_mapping(m: &Mapping, at: &str) -> Result<Mapping, ImportError> {
    let ok = match m {
        Mapping::Field(path) => path.split('.').all(is_name),
        Mapping::Value(v) => is_one_line(v),
        Mapping::Derived(d) => is_name(d),
    };
    if ok {
        return Ok(m.clone());
    }
    let (key, value, what) = match m {
        Mapping::Field(p) => (
            "Field",
            p,
            "a field or a relationship path such as `Owner.Name`",
        ),
        Mapping::Value(v) => ("Value", v, "a string on one line"),
        Mapping::Derived(d) => ("Derived", d, "a name such as `RecordUrl`"),
    };
    Err(not_writable(&format!("{at}.{key}"), value, what))
}

fn mapping_value(m: &Mapping) -> ast::Value {
    match m {
        Mapping::Field(path) => {
            ast::Value::Path(path.split('.').map(|hop| ident(hop.to_string())).collect())
        }
        Mapping::Value(v) => ast::Value::Literal(literal(v)),
        Mapping::Derived(d) => ast::Value::Derived {
            name: ident(d.clone()),
            span: Span::default(),
        },
    }
}

/// A Salesforce API name: `[A-Za-z][A-Za-z0-9_]*`.
fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn is_version(s: &str) -> bool {
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    s.split_once('.')
        .is_some_and(|(a, b)| digits(a) && digits(b))
}

fn is_one_line(s: &str) -> bool {
    !s.contains(['\n', '\r'])
}

fn name(value: &str, at: &str) -> Result<String, ImportError> {
    if is_name(value) {
        Ok(value.to_string())
    } else {
        Err(not_writable(at, value, "a Salesforce API name"))
    }
}

fn string(value: &str, at: &str) -> Result<ast::StringLit, ImportError> {
    if is_one_line(value) {
        Ok(literal(value))
    } else {
        Err(not_writable(at, value, "a string on one line"))
    }
}

fn not_writable(at: &str, value: &str, what: &str) -> ImportError {
    ImportError(format!(
        "`{at}` is {}, which hier cannot write: it must be {what}",
        serde_json::to_string(value).unwrap_or_default()
    ))
}

fn ident(name: String) -> ast::Ident {
    ast::Ident {
        name,
        span: Span::default(),
    }
}

fn literal(value: &str) -> ast::StringLit {
    ast::StringLit {
        value: value.to_string(),
        span: Span::default(),
    }
}

fn annotation(kind: ast::AnnotationKind) -> ast::Annotation {
    ast::Annotation {
        kind,
        span: Span::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_versions_and_strings_are_checked() {
        assert!(is_name("Invoice__c") && !is_name("_x") && !is_name("a b") && !is_name(""));
        assert!(is_version("62.0") && !is_version("62") && !is_version("v62.0"));
        assert!(is_one_line("a \"b\" # c") && !is_one_line("a\nb"));
    }

    #[test]
    fn an_unwritable_value_names_its_json_path() {
        let m = Mapping::Field("Owner Name".into());
        let e = writable_mapping(&m, "Aggregation.CoreFieldMappings.Author").unwrap_err();
        assert_eq!(
            e.0,
            "`Aggregation.CoreFieldMappings.Author.Field` is \"Owner Name\", which hier cannot write: it must be a field or a relationship path such as `Owner.Name`"
        );
    }
}
