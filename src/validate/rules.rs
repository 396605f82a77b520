//! The rules that need no schema cache: the format version, names, which core
//! fields each item maps and how, the self-record, metadata names and
//! binaries.

use super::json::{Pointer, Spans};
use super::{items, Item};
use crate::config::{
    is_api_version, key, Aggregation, Binary, Config, CoreField, Encoding, Mapping, Record,
    SelfRecord, FORMAT_VERSION, SELF_RECORD_MIME, SELF_RECORD_VERSION,
};
use crate::diagnostics::suggest::join_words;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::rules::DERIVED;
use crate::rules::{accepted, literal_accepted, MAX_HOPS};
use crate::source::Span;

pub fn check(config: &Config, spans: &Spans, diags: &mut Diagnostics) {
    let mut rules = Rules { spans, diags };
    rules.versions(config);
    rules.self_record(&config.aggregation);
    for item in items(config) {
        rules.names(&item);
        rules.core_mappings(&item);
        rules.metadata_names(&item);
        if let Some(record) = item.record {
            rules.binaries(&item.at, record);
        }
    }
    rules.duplicate_records(&config.aggregation.records);
    rules.empty_strings(config);
}

/// `Owner.Name`-style API names: a letter, then letters, digits and `_`.
pub fn is_api_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Metadata names: letters, digits and `_`, not starting with a digit.
fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A core field's mapping as JSON, for helps: `{ "Field": "Id" }`.
pub fn mapping_json(m: &Mapping) -> String {
    let (k, v) = match m {
        Mapping::Field(v) => (key::FIELD, v),
        Mapping::Value(v) => (key::VALUE, v),
        Mapping::Derived(v) => (key::DERIVED, v),
    };
    format!("{{ \"{k}\": {} }}", serde_json::Value::String(v.clone()))
}

/// What a core field accepts, in the words of the JSON format.
pub fn accepted_json(core: CoreField) -> String {
    accepted(core).replace("`@RecordUrl`", "`{ \"Derived\": \"RecordUrl\" }`")
}

struct Rules<'a> {
    spans: &'a Spans,
    diags: &'a mut Diagnostics,
}

impl Rules<'_> {
    fn versions(&mut self, config: &Config) {
        if config.format_version != FORMAT_VERSION {
            let at = Pointer::root().key(key::FORMAT_VERSION);
            self.diags.push(
                Diagnostic::new(
                    Code::E052,
                    format!(
                        "format version {} is not one hierc reads",
                        config.format_version
                    ),
                )
                .label(self.spans.label(&at), "expected 1")
                .help("hierc reads and writes format version 1: rebuild the config with `hierc build`, or write `\"FormatVersion\": 1` once it follows docs/format.md"),
            );
        }
        if let Some(v) = &config.api_version {
            if !is_api_version(v) {
                let at = Pointer::root().key(key::API_VERSION);
                self.diags.push(
                    Diagnostic::new(Code::E051, format!("`{v}` is not an API version"))
                        .label(self.spans.label(&at), "expected a version like `62.0`")
                        .help("write the version as the REST API names it, major and minor: `\"ApiVersion\": \"62.0\"`"),
                );
            }
        }
    }

    fn self_record(&mut self, agg: &Aggregation) {
        let at = Pointer::root().key(key::AGGREGATION);
        let enabled_at = at.key(key::SELF_RECORD_ENABLED);
        let record_at = at.key(key::SELF_RECORD);
        match (&agg.self_record, agg.self_record_enabled) {
            (None, true) => self.diags.push(
                Diagnostic::new(
                    Code::E055,
                    "`SelfRecordEnabled` is true, but there is no `SelfRecord`",
                )
                .label(self.spans.label(&enabled_at), "the self-record is on")
                .help(format!(
                    "add `\"SelfRecord\": {{ \"ContentVersion\": {{ \"Value\": \"{SELF_RECORD_VERSION}\" }}, \"MimeType\": {{ \"Value\": \"{SELF_RECORD_MIME}\" }} }}`"
                )),
            ),
            (Some(_), false) => self.diags.push(
                Diagnostic::new(
                    Code::E055,
                    "there is a `SelfRecord`, but `SelfRecordEnabled` is not true",
                )
                .label(self.spans.key(&record_at), "a self-record")
                .help("set `\"SelfRecordEnabled\": true`, or remove `SelfRecord`"),
            ),
            (Some(given), true) => {
                let fixed = SelfRecord::default();
                let parts = [
                    (key::CONTENT_VERSION, &given.content_version, &fixed.content_version),
                    (key::MIME_TYPE, &given.mime_type, &fixed.mime_type),
                ];
                for (name, given, fixed) in parts {
                    if given != fixed {
                        let part = record_at.key(name);
                        self.diags.push(
                            Diagnostic::new(
                                Code::E055,
                                format!("the self-record's `{name}` is fixed"),
                            )
                            .label(
                                self.spans.label(&part),
                                format!("expected `{}`", mapping_json(fixed)),
                            )
                            .help(format!("write `\"{name}\": {}`", mapping_json(fixed))),
                        );
                    }
                }
            }
            (None, false) => {}
        }
        if !agg.references.is_empty() && !agg.self_record_enabled {
            let refs = at.key(key::REFERENCES);
            self.diags.push(
                Diagnostic::reference_without_self_record(self.spans.key(&refs))
                .help("turn the self-record on (`\"SelfRecordEnabled\": true` with its `SelfRecord`), or move the references to a record"),
            );
        }
    }

    /// Every object, field and relationship name is an API name.
    fn names(&mut self, item: &Item) {
        for (at, name) in item.names() {
            if !is_api_name(name) {
                let mut d =
                    Diagnostic::new(Code::E054, format!("`{name}` is not a Salesforce API name"))
                        .label(
                            self.spans.label(&at),
                            "expected letters, digits and `_`, starting with a letter",
                        );
                if name.contains(' ') {
                    d = d.help("this looks like a label: write the API name (`Contact_Email__c`, not `Contact Email`)");
                }
                self.diags.push(d);
            }
        }
    }

    fn core_mappings(&mut self, item: &Item) {
        let at = item.at.key(key::CORE_FIELD_MAPPINGS);
        let is_record = item.record.is_some();
        let missing: Vec<CoreField> = CoreField::ALL
            .into_iter()
            .filter(|c| *c != CoreField::MimeType && (is_record || !c.record_only()))
            .filter(|c| item.mappings.get(*c).is_none())
            .collect();
        if !missing.is_empty() {
            let names: Vec<String> = missing.iter().map(|c| format!("`{}`", c.name())).collect();
            let lines: Vec<String> = missing
                .iter()
                .map(|c| format!("\"{}\": {}", c.name(), mapping_json(&default_of(*c, item))))
                .collect();
            self.diags.push(
                Diagnostic::new(
                    Code::E053,
                    format!("{at} does not map {}", join_words(&names, "and")),
                )
                .label(
                    self.spans.key(&at),
                    format!("{} must be mapped", join_words(&names, "and")),
                )
                .help(format!("hierc's defaults are `{}`", lines.join(", ")))
                .note(if is_record {
                    "a record maps the ten core fields `ExternalId` to `ContentVersion`"
                } else {
                    "the aggregation maps the eight core fields `ExternalId` to `Location`"
                }),
            );
        }
        for (core, mapping) in item.mappings.iter() {
            self.mapping(&at.key(core.name()), core, mapping, is_record);
        }
    }

    fn mapping(&mut self, at: &Pointer, core: CoreField, mapping: &Mapping, is_record: bool) {
        let name = core.name();
        if core.record_only() && !is_record {
            let help = match core {
                CoreField::ParentExternalId => {
                    "remove it: the aggregation has no parent".to_string()
                }
                _ => format!("remove it: the self-record's `{name}` is fixed in `SelfRecord`"),
            };
            self.diags.push(Diagnostic::record_only_on_aggregation(
                name,
                self.spans.key(at),
                "records only",
                help,
            ));
            return;
        }
        let value_at = at.key(match mapping {
            Mapping::Field(_) => key::FIELD,
            Mapping::Value(_) => key::VALUE,
            Mapping::Derived(_) => key::DERIVED,
        });
        match mapping {
            Mapping::Field(path) => self.path(&value_at, path),
            Mapping::Value(_) if literal_accepted(core) => {}
            Mapping::Value(_) => self.not_accepted(at, core, "a literal"),
            Mapping::Derived(derived) if !DERIVED.contains(&derived.as_str()) => {
                self.diags.push(Diagnostic::unknown_derived(
                    derived,
                    self.spans.label(&value_at),
                    "",
                ));
            }
            Mapping::Derived(_) if core == CoreField::Location => {}
            Mapping::Derived(derived) => {
                self.not_accepted(at, core, &format!("the derived value `{derived}`"))
            }
        }
    }

    fn not_accepted(&mut self, at: &Pointer, core: CoreField, what: &str) {
        self.diags.push(Diagnostic::core_type_mismatch(
            core.name(),
            what,
            self.spans.label(at),
            &accepted_json(core),
        ));
    }

    /// A field or relationship path: API names, at most `MAX_HOPS` hops.
    fn path(&mut self, at: &Pointer, path: &str) {
        let mut offset = 0;
        for hop in path.split('.') {
            if !is_api_name(hop) {
                let span = self.spans.within(at, offset..offset + hop.len());
                self.diags.push(
                    Diagnostic::new(
                        Code::E054,
                        format!("`{path}` is not a field name or relationship path"),
                    )
                    .label(
                        span,
                        if hop.is_empty() {
                            "a name is missing here".to_string()
                        } else {
                            format!("`{hop}` is not an API name")
                        },
                    )
                    .help("write a field (`Subject`) or relationship names and a field, joined by dots (`Owner.Name`)"),
                );
                return;
            }
            offset += hop.len() + 1;
        }
        let hops = path.matches('.').count();
        if hops > MAX_HOPS {
            self.diags.push(Diagnostic::path_too_deep(
                hops,
                self.spans.label(at),
                "map a field closer to the object, or flatten the far object with a reference",
            ));
        }
    }

    /// Metadata names are prefix plus field name, and unique (ignoring case)
    /// within an item.
    fn metadata_names(&mut self, item: &Item) {
        let mut names: Vec<(String, Span, bool)> = Vec::new();
        for (i, f) in item.fields.iter().enumerate() {
            let at = item.at.key(key::FIELDS).index(i).key(key::NAME);
            names.push((f.name.clone(), self.spans.label(&at), false));
        }
        for (i, r) in item.references.iter().enumerate() {
            let at = item.at.key(key::REFERENCES).index(i);
            let prefix = &r.metadata_prefix;
            if !prefix.is_empty() && !is_identifier(prefix) {
                self.diags.push(
                    Diagnostic::new(
                        Code::E056,
                        format!("the metadata prefix `{prefix}` cannot start an identifier"),
                    )
                    .label(
                        self.spans.label(&at.key(key::METADATA_PREFIX)),
                        "expected letters, digits and `_`, not starting with a digit",
                    ),
                );
                continue;
            }
            for (j, f) in r.fields.iter().enumerate() {
                let name_at = at.key(key::FIELDS).index(j).key(key::METADATA_NAME);
                let span = self.spans.label(&name_at);
                let expected = format!("{prefix}{}", f.name);
                if f.metadata_name != expected {
                    self.diags.push(
                        Diagnostic::new(
                            Code::E056,
                            format!(
                                "the metadata name `{}` is not the prefix `{prefix}` and the field name `{}`",
                                f.metadata_name, f.name
                            ),
                        )
                        .label(span, format!("expected `{expected}`"))
                        .help(match f.metadata_name.strip_prefix(prefix.as_str()) {
                            Some(meant) if !meant.is_empty() => format!(
                                "write `\"MetadataName\": \"{expected}\"`, or `\"Name\": \"{meant}\"` if that is the field"
                            ),
                            _ => format!("write `\"MetadataName\": \"{expected}\"`"),
                        }),
                    );
                }
                names.push((f.metadata_name.clone(), span, true));
            }
        }
        self.collisions(&item.at, &names);
    }

    fn collisions(&mut self, at: &Pointer, names: &[(String, Span, bool)]) {
        for (i, (name, span, is_ref)) in names.iter().enumerate() {
            let Some((_, first, _)) = names[..i]
                .iter()
                .find(|(n, _, _)| n.eq_ignore_ascii_case(name))
            else {
                continue;
            };
            self.diags.push(
                Diagnostic::metadata_name_twice(name, *span, format!("used again in {at}"), Some(*first))
                    .help(if *is_ref {
                        "give this reference another `MetadataPrefix` (and its fields the matching `MetadataName`)"
                    } else {
                        "list each field once"
                    }),
            );
        }
    }

    fn binaries(&mut self, record_at: &Pointer, record: &Record) {
        for (i, binary) in record.binaries.iter().enumerate() {
            let at = record_at.key(key::BINARIES).index(i);
            // The same Files, or the same field (whatever its options), as
            // the compiler counts them.
            let same = |b: &Binary| match (b, binary) {
                (Binary::Files, Binary::Files) => true,
                (Binary::Field { field: a, .. }, Binary::Field { field: b, .. }) => {
                    a.eq_ignore_ascii_case(b)
                }
                _ => false,
            };
            if let Some(first) = record.binaries[..i].iter().position(same) {
                let first_at = record_at.key(key::BINARIES).index(first);
                let (field, help) = match binary {
                    Binary::Field { field, .. } => (
                        Some(field.as_str()),
                        "keep one: a binary has one MIME type and one file name",
                    ),
                    Binary::Files => (None, "remove one"),
                };
                self.diags.push(
                    Diagnostic::binary_twice(
                        field,
                        self.spans.label(&at),
                        self.spans.label(&first_at),
                    )
                    .help(help),
                );
            }
            let Binary::Field {
                encoding,
                mime_type,
                mime_type_field,
                file_name_field,
                ..
            } = binary
            else {
                continue;
            };
            match encoding {
                Encoding::Base64 if mime_type.is_some() && mime_type_field.is_some() => {
                    self.diags.push(
                        Diagnostic::new(
                            Code::E057,
                            "a Base64 binary has both `MimeType` and `MimeTypeField`",
                        )
                        .label(self.spans.key(&at.key(key::MIME_TYPE_FIELD)), "a second MIME type")
                        .label(self.spans.key(&at.key(key::MIME_TYPE)), "a fixed MIME type")
                        .help("keep one: `MimeType` fixes the MIME type, `MimeTypeField` reads it from a field"),
                    );
                }
                Encoding::Base64 => {}
                Encoding::Text => {
                    if mime_type.is_none() {
                        self.diags.push(
                            Diagnostic::new(Code::E057, "a Text binary has no `MimeType`")
                                .label(self.spans.label(&at), "no `MimeType`")
                                .help("add `\"MimeType\": \"text/plain\"`, or `\"text/html\"` for a rich text field"),
                        );
                    }
                    for (name, given) in [
                        (key::MIME_TYPE_FIELD, mime_type_field),
                        (key::FILE_NAME_FIELD, file_name_field),
                    ] {
                        if given.is_some() {
                            self.diags.push(
                                Diagnostic::new(
                                    Code::E057,
                                    format!("`{name}` applies to Base64 binaries only"),
                                )
                                .label(self.spans.key(&at.key(name)), "on a Text binary")
                                .help(
                                    if name == key::MIME_TYPE_FIELD {
                                        "give a Text binary's MIME type with `MimeType`"
                                    } else {
                                        "remove it: the connector names a Text binary's file"
                                    },
                                ),
                            );
                        }
                    }
                }
            }
        }
    }

    fn duplicate_records(&mut self, records: &[Record]) {
        let at = Pointer::root().key(key::AGGREGATION).key(key::RECORDS);
        // The first record of each object and lookup, ignoring case.
        let mut firsts: std::collections::HashMap<(String, String), usize> = Default::default();
        for (i, record) in records.iter().enumerate() {
            let key = (
                record.object.to_ascii_lowercase(),
                record.relationship.field.to_ascii_lowercase(),
            );
            let first = *firsts.entry(key).or_insert(i);
            if first != i {
                self.diags.push(
                    Diagnostic::record_twice(
                        &record.object,
                        Some(&record.relationship.field),
                        self.spans.label(&at.index(i).key(key::OBJECT)),
                        None,
                    )
                    .help("merge the two records into one")
                    .note(format!("the first is {}", at.index(first))),
                );
            }
        }
    }
}

impl Rules<'_> {
    /// E044, as the compiler reports an empty string literal: a connector
    /// name, a core field's literal value or a binary's MIME type that is
    /// empty or only spaces.
    fn empty_strings(&mut self, config: &Config) {
        let mut empty: Vec<(Pointer, &str)> = Vec::new();
        if let Some(name) = &config.connector_name {
            empty.push((Pointer::root().key(key::CONNECTOR_NAME), name));
        }
        for item in items(config) {
            for (core, mapping) in item.mappings.iter() {
                if let Mapping::Value(v) = mapping {
                    let at = item.at.key(key::CORE_FIELD_MAPPINGS).key(core.name());
                    empty.push((at.key(key::VALUE), v));
                }
            }
            for (i, b) in item
                .record
                .iter()
                .flat_map(|r| r.binaries.iter().enumerate())
            {
                if let Binary::Field {
                    mime_type: Some(m), ..
                } = b
                {
                    empty.push((item.at.key(key::BINARIES).index(i).key(key::MIME_TYPE), m));
                }
            }
        }
        for (at, value) in empty {
            if !value.trim().is_empty() {
                continue;
            }
            let (what, help) = match at.last().as_deref() {
                Some(key::CONNECTOR_NAME) => (
                    "connector name",
                    "write the connector's name, or leave out `ConnectorName`",
                ),
                Some(key::MIME_TYPE) => ("MIME type", "write the MIME type, such as `text/html`"),
                _ => (
                    "core field's value",
                    "write the value, or map a field: `{ \"Field\": \"Name\" }`",
                ),
            };
            self.diags.push(
                Diagnostic::new(Code::E044, format!("the {what} at {at} is empty"))
                    .label(self.spans.label(&at), "empty string")
                    .help(help),
            );
        }
    }
}

/// hierc's default for a core field, for helps (the format's "Defaults").
fn default_of(core: CoreField, item: &Item) -> Mapping {
    let field = |name: &str| Mapping::Field(name.to_string());
    match core {
        CoreField::ExternalId => field("Id"),
        CoreField::Title => field("Name"),
        CoreField::Author | CoreField::SourceCreatedBy => field("CreatedById"),
        CoreField::SourceCreatedDate => field("CreatedDate"),
        CoreField::SourceLastModifiedDate => field("LastModifiedDate"),
        CoreField::SourceLastModifiedBy => field("LastModifiedById"),
        CoreField::Location => Mapping::Derived(DERIVED[0].into()),
        CoreField::ParentExternalId => match item.record {
            Some(r) => field(&r.relationship.field),
            None => field("ParentId"),
        },
        CoreField::ContentVersion => Mapping::Value(SELF_RECORD_VERSION.into()),
        CoreField::MimeType => Mapping::Value(SELF_RECORD_MIME.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_salesforce() {
        assert!(is_api_name("Invoice__c"));
        assert!(!is_api_name("_x") && !is_api_name("1x") && !is_api_name("a b"));
        assert!(!is_api_name(""));
        assert!(is_identifier("_x") && !is_identifier("1x") && !is_identifier("a-b"));
    }

    #[test]
    fn mappings_read_as_json() {
        assert_eq!(
            mapping_json(&Mapping::Value("a\"b".into())),
            r#"{ "Value": "a\"b" }"#
        );
        assert!(accepted_json(CoreField::Location).contains("{ \"Derived\": \"RecordUrl\" }"));
    }
}
