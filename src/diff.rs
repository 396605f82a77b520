//! The semantic changes between two configs (`hierc diff`), in the
//! hierarchy's terms: items added or removed, the self-record turned on or
//! off, metadata fields, core mappings, references and binaries changed.
//!
//! Two `Config`s (the IR) are compared, never JSON text, so key order and
//! layout never show. Lists are matched by what identifies an entry (a
//! record by its object and relationship field, a field by its name, a
//! reference by its lookup field, a binary by its field), ignoring case as
//! Salesforce does, so their order does not count either. Unchanged parts
//! give no change.
//!
//! The renderers (`human`, `markdown`, `json`) return text; nothing here
//! prints.

use serde::Serialize;
use serde_json::Value;

use crate::config::{
    Binary, Config, CoreField, CoreFieldMappings, Encoding, Mapping, MetadataField, Record,
    Reference, ReferenceField,
};

/// What changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A file that exists only in the new version (`--since`).
    ConfigAdded,
    /// A file that exists only in the old version (`--since`).
    ConfigRemoved,
    FormatVersion,
    ConnectorName,
    ApiVersion,
    /// The aggregation object.
    Aggregation,
    /// `SelfRecordEnabled` (old and new are booleans).
    SelfRecord,
    /// The self-record's `ContentVersion` or `MimeType` mapping.
    SelfRecordMapping,
    RecordAdded,
    RecordRemoved,
    /// A record's relationship name, for the same object and lookup field.
    Relationship,
    BinaryAdded,
    BinaryRemoved,
    BinaryChanged,
    MappingAdded,
    MappingRemoved,
    MappingChanged,
    FieldAdded,
    FieldRemoved,
    FieldRetyped,
    ReferenceAdded,
    ReferenceRemoved,
    /// The object a reference's lookup points at.
    ReferenceTarget,
    ReferencePrefix,
    ReferenceFieldAdded,
    ReferenceFieldRemoved,
    ReferenceFieldRetyped,
    /// A reference field's metadata name, other than by a new prefix.
    ReferenceFieldRenamed,
}

impl Kind {
    fn sign(self) -> char {
        use Kind::*;
        match self {
            ConfigAdded | RecordAdded | BinaryAdded | MappingAdded | FieldAdded
            | ReferenceAdded | ReferenceFieldAdded => '+',
            ConfigRemoved
            | RecordRemoved
            | BinaryRemoved
            | MappingRemoved
            | FieldRemoved
            | ReferenceRemoved
            | ReferenceFieldRemoved => '-',
            _ => '~',
        }
    }
}

/// The item a change is in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Item {
    /// The file as a whole: its format, connector name and API version.
    Config,
    Aggregation {
        object: String,
    },
    Record {
        object: String,
        /// The record's lookup field to the aggregation.
        via: String,
        relationship: String,
    },
}

impl Item {
    fn record(r: &Record) -> Item {
        Item::Record {
            object: r.object.clone(),
            via: r.relationship.field.clone(),
            relationship: r.relationship.name.clone(),
        }
    }

    /// `aggregation Case`, `record Task via WhatId`.
    fn label(&self, code: &dyn Fn(&str) -> String) -> String {
        match self {
            Item::Config => "config".to_string(),
            Item::Aggregation { object } => format!("aggregation {}", code(object)),
            Item::Record { object, via, .. } => {
                format!("record {} via {}", code(object), code(via))
            }
        }
    }
}

/// One change. `old` and `new` are the values as the config writes them
/// (`null` where there is none): a type, a mapping, a whole record.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    pub kind: Kind,
    pub item: Item,
    /// The core field a mapping change is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub core: Option<String>,
    /// The lookup field of the reference a change is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// The metadata field (or the reference's field) a change is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The binary a change is about: its field, or `Files`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub binary: Option<String>,
    pub old: Value,
    pub new: Value,
}

impl Change {
    /// `+` for something added or turned on, `-` removed or turned off,
    /// `~` changed.
    pub fn sign(&self) -> char {
        match self.kind {
            Kind::SelfRecord if self.new.as_bool() == Some(true) => '+',
            Kind::SelfRecord => '-',
            kind => kind.sign(),
        }
    }

    fn new(kind: Kind, item: &Item, old: Value, new: Value) -> Change {
        Change {
            kind,
            item: item.clone(),
            core: None,
            reference: None,
            field: None,
            binary: None,
            old,
            new,
        }
    }
}

fn value<T: Serialize>(t: &T) -> Value {
    serde_json::to_value(t).unwrap_or(Value::Null)
}

fn opt_value<T: Serialize>(t: Option<&T>) -> Value {
    t.map_or(Value::Null, value)
}

/// Names compare as Salesforce compares them.
fn key(name: &str) -> String {
    name.to_ascii_lowercase()
}

/// An entry of one list matched with the other's.
enum Pair<'a, T> {
    Removed(&'a T),
    Both(&'a T, &'a T),
    Added(&'a T),
}

/// Matches `old` with `new` by key: the old entries in order (each with its
/// new counterpart, if any), then the new entries no old one matched. The
/// n-th entry of a key is matched with the other list's n-th.
fn pair<'a, T, K: PartialEq>(
    old: &'a [T],
    new: &'a [T],
    key: impl Fn(&T) -> K,
) -> Vec<Pair<'a, T>> {
    let mut used = vec![false; new.len()];
    let mut out = Vec::new();
    for o in old {
        let k = key(o);
        match (0..new.len()).find(|&i| !used[i] && key(&new[i]) == k) {
            Some(i) => {
                used[i] = true;
                out.push(Pair::Both(o, &new[i]));
            }
            None => out.push(Pair::Removed(o)),
        }
    }
    out.extend(
        new.iter()
            .zip(used)
            .filter(|(_, used)| !used)
            .map(|(n, _)| Pair::Added(n)),
    );
    out
}

/// The changes from `old` to `new`; empty when they mean the same.
pub fn diff(old: &Config, new: &Config) -> Vec<Change> {
    let mut out = Vec::new();
    let config = Item::Config;
    if old.format_version != new.format_version {
        out.push(Change::new(
            Kind::FormatVersion,
            &config,
            value(&old.format_version),
            value(&new.format_version),
        ));
    }
    if old.connector_name != new.connector_name {
        out.push(Change::new(
            Kind::ConnectorName,
            &config,
            opt_value(old.connector_name.as_ref()),
            opt_value(new.connector_name.as_ref()),
        ));
    }
    if old.api_version != new.api_version {
        out.push(Change::new(
            Kind::ApiVersion,
            &config,
            opt_value(old.api_version.as_ref()),
            opt_value(new.api_version.as_ref()),
        ));
    }
    let (a, b) = (&old.aggregation, &new.aggregation);
    let item = Item::Aggregation {
        object: b.object.clone(),
    };
    if key(&a.object) != key(&b.object) {
        out.push(Change::new(
            Kind::Aggregation,
            &item,
            value(&a.object),
            value(&b.object),
        ));
    }
    if a.self_record_enabled != b.self_record_enabled {
        out.push(Change::new(
            Kind::SelfRecord,
            &item,
            value(&a.self_record_enabled),
            value(&b.self_record_enabled),
        ));
    } else if a.self_record_enabled {
        let (sa, sb) = (
            a.self_record.clone().unwrap_or_default(),
            b.self_record.clone().unwrap_or_default(),
        );
        for (core, m, n) in [
            (
                CoreField::ContentVersion,
                &sa.content_version,
                &sb.content_version,
            ),
            (CoreField::MimeType, &sa.mime_type, &sb.mime_type),
        ] {
            if !same_mapping(m, n) {
                out.push(Change {
                    core: Some(core.name().to_string()),
                    ..Change::new(Kind::SelfRecordMapping, &item, value(m), value(n))
                });
            }
        }
    }
    mappings(
        &item,
        &a.core_field_mappings,
        &b.core_field_mappings,
        &mut out,
    );
    fields(&item, &a.fields, &b.fields, &mut out);
    references(&item, &a.references, &b.references, &mut out);
    let by_relationship = |r: &Record| (key(&r.object), key(&r.relationship.field));
    for p in pair(&a.records, &b.records, by_relationship) {
        match p {
            Pair::Removed(r) => out.push(Change::new(
                Kind::RecordRemoved,
                &Item::record(r),
                value(r),
                Value::Null,
            )),
            Pair::Added(r) => out.push(Change::new(
                Kind::RecordAdded,
                &Item::record(r),
                Value::Null,
                value(r),
            )),
            Pair::Both(r, s) => record(r, s, &mut out),
        }
    }
    out
}

/// A file present on one side only: one change holding the whole config.
pub fn whole(config: &Config, added: bool) -> Change {
    let (kind, old, new) = if added {
        (Kind::ConfigAdded, Value::Null, value(config))
    } else {
        (Kind::ConfigRemoved, value(config), Value::Null)
    };
    Change::new(kind, &Item::Config, old, new)
}

fn record(a: &Record, b: &Record, out: &mut Vec<Change>) {
    let item = Item::record(b);
    if a.relationship.name != b.relationship.name {
        out.push(Change::new(
            Kind::Relationship,
            &item,
            value(&a.relationship.name),
            value(&b.relationship.name),
        ));
    }
    mappings(&item, &a.core_field_mappings, &b.core_field_mappings, out);
    fields(&item, &a.fields, &b.fields, out);
    references(&item, &a.references, &b.references, out);
    for p in pair(&a.binaries, &b.binaries, |b| key(&binary_name(b))) {
        let (kind, old, new) = match p {
            Pair::Removed(x) => (Kind::BinaryRemoved, Some(x), None),
            Pair::Added(y) => (Kind::BinaryAdded, None, Some(y)),
            Pair::Both(x, y) if x != y => (Kind::BinaryChanged, Some(x), Some(y)),
            Pair::Both(..) => continue,
        };
        let name = binary_name(new.or(old).unwrap_or(&Binary::Files));
        out.push(Change {
            binary: Some(name),
            ..Change::new(kind, &item, opt_value(old), opt_value(new))
        });
    }
}

/// `Files`, or the binary's field.
fn binary_name(b: &Binary) -> String {
    match b {
        Binary::Files => "Files".to_string(),
        Binary::Field { field, .. } => field.clone(),
    }
}

fn same_mapping(a: &Mapping, b: &Mapping) -> bool {
    match (a, b) {
        (Mapping::Field(x), Mapping::Field(y)) => x.eq_ignore_ascii_case(y),
        _ => a == b,
    }
}

fn mappings(item: &Item, a: &CoreFieldMappings, b: &CoreFieldMappings, out: &mut Vec<Change>) {
    for core in CoreField::ALL {
        let kind = match (a.get(core), b.get(core)) {
            (None, None) => continue,
            (Some(x), Some(y)) if same_mapping(x, y) => continue,
            (Some(_), Some(_)) => Kind::MappingChanged,
            (None, Some(_)) => Kind::MappingAdded,
            (Some(_), None) => Kind::MappingRemoved,
        };
        out.push(Change {
            core: Some(core.name().to_string()),
            ..Change::new(kind, item, opt_value(a.get(core)), opt_value(b.get(core)))
        });
    }
}

fn fields(item: &Item, a: &[MetadataField], b: &[MetadataField], out: &mut Vec<Change>) {
    for p in pair(a, b, |f| key(&f.name)) {
        let (kind, old, new) = match p {
            Pair::Removed(x) => (Kind::FieldRemoved, Some(x), None),
            Pair::Added(y) => (Kind::FieldAdded, None, Some(y)),
            Pair::Both(x, y) if x.ty != y.ty => (Kind::FieldRetyped, Some(x), Some(y)),
            Pair::Both(..) => continue,
        };
        let name = new.or(old).map(|f| f.name.clone());
        out.push(Change {
            field: name,
            ..Change::new(kind, item, opt_value(old), opt_value(new))
        });
    }
}

fn references(item: &Item, a: &[Reference], b: &[Reference], out: &mut Vec<Change>) {
    for p in pair(a, b, |r| key(&r.field)) {
        let (r, s) = match p {
            Pair::Removed(r) => {
                out.push(Change {
                    reference: Some(r.field.clone()),
                    ..Change::new(Kind::ReferenceRemoved, item, value(r), Value::Null)
                });
                continue;
            }
            Pair::Added(s) => {
                out.push(Change {
                    reference: Some(s.field.clone()),
                    ..Change::new(Kind::ReferenceAdded, item, Value::Null, value(s))
                });
                continue;
            }
            Pair::Both(r, s) => (r, s),
        };
        let change = |kind, old, new| Change {
            reference: Some(s.field.clone()),
            ..Change::new(kind, item, old, new)
        };
        if key(&r.object) != key(&s.object) {
            out.push(change(
                Kind::ReferenceTarget,
                value(&r.object),
                value(&s.object),
            ));
        }
        if r.metadata_prefix != s.metadata_prefix {
            out.push(change(
                Kind::ReferencePrefix,
                value(&r.metadata_prefix),
                value(&s.metadata_prefix),
            ));
        }
        for p in pair(&r.fields, &s.fields, |f| key(&f.name)) {
            let (kind, old, new): (Kind, Option<&ReferenceField>, Option<&ReferenceField>) = match p
            {
                Pair::Removed(x) => (Kind::ReferenceFieldRemoved, Some(x), None),
                Pair::Added(y) => (Kind::ReferenceFieldAdded, None, Some(y)),
                Pair::Both(x, y) if x.ty != y.ty => (Kind::ReferenceFieldRetyped, Some(x), Some(y)),
                // A metadata name that follows a new prefix is the
                // prefix's change, already listed.
                Pair::Both(x, y)
                    if renamed(&x.metadata_name, &r.metadata_prefix, &s.metadata_prefix)
                        != y.metadata_name =>
                {
                    (Kind::ReferenceFieldRenamed, Some(x), Some(y))
                }
                Pair::Both(..) => continue,
            };
            out.push(Change {
                field: new.or(old).map(|f| f.name.clone()),
                ..change(kind, opt_value(old), opt_value(new))
            });
        }
    }
}

/// `name` with its prefix `old` swapped for `new`.
fn renamed(name: &str, old: &str, new: &str) -> String {
    match name.strip_prefix(old) {
        Some(rest) => format!("{new}{rest}"),
        None => name.to_string(),
    }
}

/// The changes of one file, or of two files compared.
#[derive(Clone, Debug, Serialize)]
pub struct FileDiff {
    /// The old side as shown (`HEAD:cases/case.hier`), `None` for a file added.
    pub old: Option<String>,
    /// The new side as shown, `None` for a file deleted.
    pub new: Option<String>,
    pub changes: Vec<Change>,
}

impl FileDiff {
    /// The heading: `old → new`, or one name when both are the same file.
    fn title(&self, code: &dyn Fn(&str) -> String) -> String {
        match (&self.old, &self.new) {
            (Some(o), Some(n)) if o.ends_with(&format!(":{n}")) => {
                format!("{} (since {})", code(n), code(&o[..o.len() - n.len() - 1]))
            }
            (Some(o), Some(n)) => format!("{} → {}", code(o), code(n)),
            (None, Some(n)) => format!("{} (added)", code(n)),
            (Some(o), None) => format!("{} (deleted)", code(o)),
            (None, None) => String::new(),
        }
    }
}

/// The JSON document: an array with one object per file that changed,
/// `{"old", "new", "changes": [...]}`.
pub fn json(files: &[FileDiff]) -> String {
    let mut text = serde_json::to_string_pretty(files).unwrap_or_else(|_| "[]".into());
    text.push('\n');
    text
}

/// What a change says, in words; `code` marks names (backticks in
/// Markdown).
pub fn describe(change: &Change, code: &dyn Fn(&str) -> String) -> String {
    let old = &change.old;
    let new = &change.new;
    let name = |v: &Value| match v {
        Value::String(s) => code(s),
        Value::Null => "none".to_string(),
        other => code(&other.to_string()),
    };
    let subject = |s: &Option<String>| code(s.as_deref().unwrap_or_default());
    let object = match &change.item {
        Item::Aggregation { object } => object.clone(),
        Item::Record { object, .. } => object.clone(),
        Item::Config => String::new(),
    };
    use Kind::*;
    match change.kind {
        ConfigAdded => format!("new config: {}", config_summary(new, code)),
        ConfigRemoved => format!("config deleted: {}", config_summary(old, code)),
        FormatVersion => format!("format version {} → {}", name(old), name(new)),
        ConnectorName => format!("connector name {} → {}", name(old), name(new)),
        ApiVersion => format!("API version {} → {}", name(old), name(new)),
        Aggregation => format!("aggregation object {} → {}", name(old), name(new)),
        SelfRecord if new.as_bool() == Some(true) => format!(
            "self-record turned on: each {} is also submitted as a record of itself, so RecordPoint can dispose of it",
            code(&object)
        ),
        SelfRecord => format!(
            "self-record turned off: the {} is no longer submitted as a record of itself, so RecordPoint can no longer dispose of it",
            code(&object)
        ),
        SelfRecordMapping => format!(
            "self-record {}: {} → {}",
            subject(&change.core),
            mapping_text(old, code),
            mapping_text(new, code)
        ),
        RecordAdded => format!("record added {}", record_details(new, code)),
        RecordRemoved => format!("record removed {}", record_details(old, code)),
        Relationship => format!("relationship name {} → {}", name(old), name(new)),
        BinaryAdded => format!("binary {}", binary_text(new, code)),
        BinaryRemoved => format!("binary {}", binary_text(old, code)),
        BinaryChanged => format!(
            "binary {} → {}",
            binary_text(old, code),
            binary_text(new, code)
        ),
        MappingAdded => format!("{}: {}", subject(&change.core), mapping_text(new, code)),
        MappingRemoved => format!("{}: {}", subject(&change.core), mapping_text(old, code)),
        MappingChanged => format!(
            "{}: {} → {}",
            subject(&change.core),
            mapping_text(old, code),
            mapping_text(new, code)
        ),
        FieldAdded => format!("field {} ({})", subject(&change.field), type_of(new)),
        FieldRemoved => format!("field {} ({})", subject(&change.field), type_of(old)),
        FieldRetyped => format!(
            "field {}: {} → {}",
            subject(&change.field),
            type_of(old),
            type_of(new)
        ),
        ReferenceAdded => format!("reference {}", reference_text(new, code)),
        ReferenceRemoved => format!("reference {}", reference_text(old, code)),
        ReferenceTarget => format!(
            "reference {}: target {} → {}",
            subject(&change.reference),
            name(old),
            name(new)
        ),
        ReferencePrefix => format!(
            "reference {}: prefix {} → {}",
            subject(&change.reference),
            name(old),
            name(new)
        ),
        ReferenceFieldAdded | ReferenceFieldRemoved => {
            let v = if change.kind == ReferenceFieldAdded {
                new
            } else {
                old
            };
            format!(
                "reference {}: field {} ({}, as {})",
                subject(&change.reference),
                subject(&change.field),
                type_of(v),
                name(&v["MetadataName"])
            )
        }
        ReferenceFieldRetyped => format!(
            "reference {}: field {}: {} → {}",
            subject(&change.reference),
            subject(&change.field),
            type_of(old),
            type_of(new)
        ),
        ReferenceFieldRenamed => format!(
            "reference {}: field {} named {} → {}",
            subject(&change.reference),
            subject(&change.field),
            name(&old["MetadataName"]),
            name(&new["MetadataName"])
        ),
    }
}

fn type_of(v: &Value) -> String {
    v["Type"].as_str().unwrap_or("?").to_string()
}

fn mapping_text(v: &Value, code: &dyn Fn(&str) -> String) -> String {
    match serde_json::from_value::<Mapping>(v.clone()) {
        Ok(m) => code(&crate::draw::tree::mapping(&m)),
        Err(_) => "none".to_string(),
    }
}

fn binary_text(v: &Value, code: &dyn Fn(&str) -> String) -> String {
    match serde_json::from_value::<Binary>(v.clone()) {
        Ok(Binary::Files) => "Salesforce Files".to_string(),
        Ok(Binary::Field {
            field,
            encoding,
            mime_type,
            mime_type_field,
            file_name_field,
        }) => {
            let mut parts = vec![match encoding {
                Encoding::Base64 => "base64".to_string(),
                Encoding::Text => "text".to_string(),
            }];
            if let Some(m) = mime_type {
                parts.push(code(&m));
            }
            if let Some(f) = mime_type_field {
                parts.push(format!("MIME type from {}", code(&f)));
            }
            if let Some(f) = file_name_field {
                parts.push(format!("file name from {}", code(&f)));
            }
            format!("{} ({})", code(&field), parts.join(", "))
        }
        Err(_) => "none".to_string(),
    }
}

/// `ContactId → Contact { Name, Email } as Contact_`.
fn reference_text(v: &Value, code: &dyn Fn(&str) -> String) -> String {
    match serde_json::from_value::<Reference>(v.clone()) {
        Ok(r) => {
            let names: Vec<String> = r.fields.iter().map(|f| code(&f.name)).collect();
            format!(
                "{} → {} {{ {} }} as {}",
                code(&r.field),
                code(&r.object),
                names.join(", "),
                code(&r.metadata_prefix)
            )
        }
        Err(_) => "none".to_string(),
    }
}

/// What a record's item label does not say: `(Attachments), with binary
/// Body (base64)`.
fn record_details(v: &Value, code: &dyn Fn(&str) -> String) -> String {
    match serde_json::from_value::<Record>(v.clone()) {
        Ok(r) => {
            let mut text = format!("({})", code(&r.relationship.name));
            let binaries: Vec<String> = r
                .binaries
                .iter()
                .map(|b| binary_text(&value(b), code))
                .collect();
            if !binaries.is_empty() {
                text.push_str(", with binary ");
                text.push_str(&binaries.join(" and "));
            }
            text
        }
        Err(_) => "none".to_string(),
    }
}

/// `aggregation Case, self-record on, 3 records: ...`.
fn config_summary(v: &Value, code: &dyn Fn(&str) -> String) -> String {
    match serde_json::from_value::<Config>(v.clone()) {
        Ok(c) => {
            let agg = &c.aggregation;
            let mut text = format!("aggregation {}", code(&agg.object));
            if agg.self_record_enabled {
                text.push_str(", self-record on");
            }
            let records: Vec<String> = agg
                .records
                .iter()
                .map(|r| format!("{} via {}", code(&r.object), code(&r.relationship.field)))
                .collect();
            match records.len() {
                0 => text.push_str(", no record"),
                n => text.push_str(&format!(
                    ", {}: {}",
                    crate::diagnostics::report::plural(n, "record"),
                    records.join(", ")
                )),
            }
            text
        }
        Err(_) => "none".to_string(),
    }
}

/// Changes grouped by item, in order: consecutive changes of one item.
fn groups(changes: &[Change]) -> Vec<&[Change]> {
    let mut out: Vec<&[Change]> = Vec::new();
    let mut start = 0;
    for i in 1..=changes.len() {
        if i == changes.len() || changes[i].item != changes[start].item {
            if i > start {
                out.push(&changes[start..i]);
            }
            start = i;
        }
    }
    out
}

/// A record added or removed as a whole: one line of its own, not under
/// a heading.
fn whole_record(group: &[Change]) -> bool {
    group.len() == 1 && matches!(group[0].kind, Kind::RecordAdded | Kind::RecordRemoved)
}

/// The human report: per file a heading, then per item its changes, one
/// a line, marked `+`, `-` or `~`; coloured (ANSI) when `color`.
pub fn human(files: &[FileDiff], color: bool) -> String {
    let paint = |sign: char, text: String| -> String {
        if !color {
            return text;
        }
        let c = match sign {
            '+' => "32",
            '-' => "31",
            _ => "33",
        };
        format!("\u{1b}[{c}m{text}\u{1b}[0m")
    };
    let bold = |text: String| -> String {
        if color {
            format!("\u{1b}[1m{text}\u{1b}[0m")
        } else {
            text
        }
    };
    let plain = |s: &str| s.to_string();
    let mut out = String::new();
    for (i, file) in files.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let count = crate::diagnostics::report::plural(file.changes.len(), "change");
        out.push_str(&bold(format!("{}: {count}", file.title(&plain))));
        out.push('\n');
        for group in groups(&file.changes) {
            if whole_record(group) {
                let c = &group[0];
                let record = if c.kind == Kind::RecordAdded {
                    &c.new
                } else {
                    &c.old
                };
                let line = format!(
                    "{} {} {}",
                    c.sign(),
                    c.item.label(&plain),
                    record_details(record, &plain)
                );
                out.push_str(&paint(c.sign(), line));
                out.push('\n');
                continue;
            }
            if group[0].item != Item::Config {
                out.push_str(&group[0].item.label(&plain));
                out.push('\n');
            }
            let indent = if group[0].item == Item::Config {
                ""
            } else {
                "  "
            };
            for c in group {
                let line = format!("{indent}{} {}", c.sign(), describe(c, &plain));
                out.push_str(&paint(c.sign(), line));
                out.push('\n');
            }
        }
    }
    out
}

/// The Markdown report, for a pull-request comment or a job summary: per
/// file a heading and a table of its changes.
pub fn markdown(files: &[FileDiff]) -> String {
    let code = |s: &str| format!("`{}`", s.replace('`', "'").replace('|', "\\|"));
    let mut out = String::new();
    if files.is_empty() {
        out.push_str("No change to the connector configs.\n");
        return out;
    }
    for (i, file) in files.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let count = crate::diagnostics::report::plural(file.changes.len(), "change");
        out.push_str(&format!("### {}: {count}\n\n", file.title(&code)));
        out.push_str("| | item | change |\n| --- | --- | --- |\n");
        for c in &file.changes {
            let sign = match c.sign() {
                '+' => "➕",
                '-' => "➖",
                _ => "✏️",
            };
            out.push_str(&format!(
                "| {sign} | {} | {} |\n",
                c.item.label(&code),
                describe(c, &code)
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{MetadataType, Relationship};

    fn field(name: &str, ty: MetadataType) -> MetadataField {
        MetadataField {
            name: name.into(),
            ty,
        }
    }

    fn sample() -> Config {
        let mut core = CoreFieldMappings::default();
        *core.slot(CoreField::Title) = Some(Mapping::Field("Subject".into()));
        Config {
            format_version: 1,
            connector_name: None,
            api_version: Some("62.0".into()),
            aggregation: crate::config::Aggregation {
                object: "Case".into(),
                fields: vec![
                    field("Status", MetadataType::String),
                    field("Amount", MetadataType::String),
                ],
                core_field_mappings: core.clone(),
                self_record_enabled: false,
                self_record: None,
                references: vec![],
                records: vec![Record {
                    object: "Attachment".into(),
                    relationship: Relationship {
                        field: "ParentId".into(),
                        name: "Attachments".into(),
                    },
                    fields: vec![],
                    core_field_mappings: core,
                    references: vec![Reference {
                        field: "OwnerId".into(),
                        object: "User".into(),
                        metadata_prefix: "Owner_".into(),
                        fields: vec![ReferenceField {
                            name: "Name".into(),
                            ty: MetadataType::String,
                            metadata_name: "Owner_Name".into(),
                        }],
                    }],
                    binaries: vec![Binary::Files],
                }],
            },
        }
    }

    #[test]
    fn the_same_config_has_no_change() {
        assert!(diff(&sample(), &sample()).is_empty());
    }

    #[test]
    fn order_and_case_of_names_do_not_count() {
        let mut other = sample();
        other.aggregation.fields.reverse();
        other.aggregation.fields[0].name = "AMOUNT".into();
        *other.aggregation.core_field_mappings.slot(CoreField::Title) =
            Some(Mapping::Field("subject".into()));
        assert!(diff(&sample(), &other).is_empty());
    }

    #[test]
    fn a_retyped_field_is_one_change_with_both_types() {
        let mut other = sample();
        other.aggregation.fields[1].ty = MetadataType::Double;
        let changes = diff(&sample(), &other);
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].kind, Kind::FieldRetyped);
        assert_eq!(changes[0].field.as_deref(), Some("Amount"));
        assert_eq!(
            describe(&changes[0], &|s| s.to_string()),
            "field Amount: String → Double"
        );
    }

    #[test]
    fn a_new_prefix_is_one_change_not_one_per_field() {
        let mut other = sample();
        let r = &mut other.aggregation.records[0].references[0];
        r.metadata_prefix = "Creator_".into();
        r.fields[0].metadata_name = "Creator_Name".into();
        let changes = diff(&sample(), &other);
        let kinds: Vec<Kind> = changes.iter().map(|c| c.kind).collect();
        assert_eq!(kinds, [Kind::ReferencePrefix]);
        // A metadata name that does not follow the prefix is its own change.
        other.aggregation.records[0].references[0].fields[0].metadata_name = "Who".into();
        let kinds: Vec<Kind> = diff(&sample(), &other).iter().map(|c| c.kind).collect();
        assert_eq!(kinds, [Kind::ReferencePrefix, Kind::ReferenceFieldRenamed]);
    }

    #[test]
    fn a_record_through_another_lookup_is_another_record() {
        let mut other = sample();
        other.aggregation.records[0].relationship.field = "RelatedId".into();
        let kinds: Vec<Kind> = diff(&sample(), &other).iter().map(|c| c.kind).collect();
        assert_eq!(kinds, [Kind::RecordRemoved, Kind::RecordAdded]);
    }

    #[test]
    fn binaries_are_matched_by_field() {
        let mut other = sample();
        other.aggregation.records[0].binaries = vec![Binary::Field {
            field: "Body".into(),
            encoding: Encoding::Base64,
            mime_type: None,
            mime_type_field: Some("ContentType".into()),
            file_name_field: None,
        }];
        let changes = diff(&sample(), &other);
        let kinds: Vec<Kind> = changes.iter().map(|c| c.kind).collect();
        assert_eq!(kinds, [Kind::BinaryRemoved, Kind::BinaryAdded]);
        assert_eq!(
            describe(&changes[1], &|s| s.to_string()),
            "binary Body (base64, MIME type from ContentType)"
        );
        let mut third = other.clone();
        if let Binary::Field { encoding, .. } = &mut third.aggregation.records[0].binaries[0] {
            *encoding = Encoding::Text;
        }
        let kinds: Vec<Kind> = diff(&other, &third).iter().map(|c| c.kind).collect();
        assert_eq!(kinds, [Kind::BinaryChanged]);
    }

    #[test]
    fn groups_follow_items() {
        let mut other = sample();
        other.api_version = Some("63.0".into());
        other.aggregation.fields.clear();
        let changes = diff(&sample(), &other);
        let sizes: Vec<usize> = groups(&changes).iter().map(|g| g.len()).collect();
        assert_eq!(sizes, [1, 2]);
    }
}
