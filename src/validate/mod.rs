//! `hierc validate`: checks a `connector_config.json` that hierc did not
//! write (by hand, or by the vendor's Python script), the guide's
//! `--validate`.
//!
//! In order: the text is JSON (E050); its shape is what `config::from_json`
//! reads (E051); then the rules that need no schema cache (`rules`); then,
//! given a cache, objects, fields, relationships and types (`schema`). Every
//! diagnostic points into the JSON text and names the JSON pointer of the
//! offending value.

pub mod json;
mod rules;
mod schema;
mod shape;

use std::sync::Arc;

use crate::config::{key, Binary, Config, CoreFieldMappings, MetadataField, Record, Reference};
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::schema::Catalog;
use crate::source::{SourceFile, Span};

pub use json::Pointer;
pub(crate) use shape::ticked;

/// The result of validating one config.
#[derive(Debug)]
pub struct Validation {
    pub source: Arc<SourceFile>,
    /// The config, when it could be read.
    pub config: Option<Config>,
    /// Errors and warnings, sorted by place.
    pub diagnostics: Vec<Diagnostic>,
}

impl Validation {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Validates the config in `source`; against `catalog` too when given.
pub fn validate(source: Arc<SourceFile>, catalog: Option<&Catalog>) -> Validation {
    let mut diags = Diagnostics::new();
    let read = read(&source, &mut diags);
    if let Some((config, spans)) = &read {
        rules::check(config, spans, &mut diags);
        if let Some(catalog) = catalog {
            schema::check(config, spans, catalog, &mut diags);
        }
    }
    let mut diagnostics = diags.finish(&source);
    for d in &mut diagnostics {
        // The shared constructors' fixes edit `.hier` names; a config's
        // places are JSON values (quoted, or inside a path string), so
        // `validate` offers none rather than edits that would break it.
        d.clear_fixes();
    }
    Validation {
        diagnostics,
        source,
        config: read.map(|(config, _)| config),
    }
}

/// The config, when the text is JSON of the right shape, with the places of
/// its values.
fn read(source: &SourceFile, diags: &mut Diagnostics) -> Option<(Config, json::Spans)> {
    let value: serde_json::Value = match serde_json::from_str(&source.text) {
        Ok(v) => v,
        Err(e) => {
            diags.push(not_json(source, &e));
            return None;
        }
    };
    let spans = json::Spans::scan(&source.text);
    let config = shape::read(&value, &spans, diags);
    config.map(|c| (c, spans))
}

/// E050 at serde_json's line and column.
fn not_json(source: &SourceFile, e: &serde_json::Error) -> Diagnostic {
    // serde_json counts columns in bytes.
    let at = crate::source::serde_json_offset(&source.text, e.line(), e.column());
    let end = at + source.text[at..].chars().next().map_or(0, char::len_utf8);
    let text = e.to_string();
    let what = text.find(" at line ").map_or(text.as_str(), |i| &text[..i]);
    // serde_json's "EOF while parsing a list", in the words of JSON.
    let what = match what.strip_prefix("EOF while parsing ") {
        Some("a value") => "the text ends where a value should be".to_string(),
        Some(inside) => format!(
            "the text ends inside {}",
            inside.replace("a list", "an array")
        ),
        None => what.to_string(),
    };
    let d = Diagnostic::new(Code::E050, "the config is not valid JSON")
        .label(Span::new(at, end), &what);
    match e.classify() {
        _ if source.text.starts_with('\u{feff}') => d.help(
            "remove the byte order mark (BOM) at the start: JSON files are UTF-8 without one",
        ),
        serde_json::error::Category::Eof if source.text.trim().is_empty() => {
            d.help("the file is empty: a config is a JSON object")
        }
        serde_json::error::Category::Eof => {
            d.help("the text ends early: close every `{`, `[` and string")
        }
        _ if what.contains("trailing comma") => {
            d.help("remove the comma: JSON allows none after the last element")
        }
        _ if what.starts_with("key must be a string") => d.help("JSON keys are in double quotes"),
        _ => d,
    }
}

/// An aggregation or a record, with where it is in the config.
pub(crate) struct Item<'c> {
    pub at: Pointer,
    pub object: &'c str,
    pub fields: &'c [MetadataField],
    pub mappings: &'c CoreFieldMappings,
    pub references: &'c [Reference],
    /// Set for a record.
    pub record: Option<&'c Record>,
}

/// The aggregation, then each record.
pub(crate) fn items(config: &Config) -> Vec<Item<'_>> {
    let agg = &config.aggregation;
    let at = Pointer::root().key(key::AGGREGATION);
    let records = agg.records.iter().enumerate().map(|(i, r)| Item {
        at: at.key(key::RECORDS).index(i),
        object: &r.object,
        fields: &r.fields,
        mappings: &r.core_field_mappings,
        references: &r.references,
        record: Some(r),
    });
    std::iter::once(Item {
        at: at.clone(),
        object: &agg.object,
        fields: &agg.fields,
        mappings: &agg.core_field_mappings,
        references: &agg.references,
        record: None,
    })
    .chain(records)
    .collect()
}

impl Item<'_> {
    /// Every object, field and relationship name the item gives (not the
    /// paths of core mappings), with where.
    pub fn names(&self) -> Vec<(Pointer, &str)> {
        let mut out = vec![(self.at.key(key::OBJECT), self.object)];
        for (i, f) in self.fields.iter().enumerate() {
            out.push((self.at.key(key::FIELDS).index(i).key(key::NAME), &f.name));
        }
        for (i, r) in self.references.iter().enumerate() {
            let at = self.at.key(key::REFERENCES).index(i);
            out.push((at.key(key::FIELD), &r.field));
            out.push((at.key(key::OBJECT), &r.object));
            for (j, f) in r.fields.iter().enumerate() {
                out.push((at.key(key::FIELDS).index(j).key(key::NAME), &f.name));
            }
        }
        if let Some(record) = self.record {
            let at = self.at.key(key::RELATIONSHIP);
            out.push((at.key(key::FIELD), &record.relationship.field));
            out.push((at.key(key::NAME), &record.relationship.name));
            for (i, b) in record.binaries.iter().enumerate() {
                let Binary::Field {
                    field,
                    mime_type_field,
                    file_name_field,
                    ..
                } = b
                else {
                    continue;
                };
                let at = self.at.key(key::BINARIES).index(i);
                out.push((at.key(key::FIELD), field));
                for (k, v) in [
                    (key::MIME_TYPE_FIELD, mime_type_field),
                    (key::FILE_NAME_FIELD, file_name_field),
                ] {
                    if let Some(v) = v {
                        out.push((at.key(k), v));
                    }
                }
            }
        }
        out
    }
}
