//! `connector_config.json`, format version 1: the only module that knows the
//! file's key names. It writes the file (`to_json`) and reads it back
//! (`from_json`). The types here are the compiler's IR: lowering produces a
//! `Config`, emitting prints it.

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub const FORMAT_VERSION: u32 = 1;

/// The MIME type and content version of the self-record.
pub const SELF_RECORD_MIME: &str = "application/vnd.recordpoint.record";
pub const SELF_RECORD_VERSION: &str = "1";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Config {
    pub format_version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connector_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    pub aggregation: Aggregation,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Aggregation {
    pub object: String,
    #[serde(default)]
    pub fields: Vec<MetadataField>,
    pub core_field_mappings: CoreFieldMappings,
    #[serde(default)]
    pub self_record_enabled: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_record: Option<SelfRecord>,
    #[serde(default)]
    pub references: Vec<Reference>,
    #[serde(default)]
    pub records: Vec<Record>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct MetadataField {
    pub name: String,
    #[serde(rename = "Type")]
    pub ty: MetadataType,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MetadataType {
    String,
    Boolean,
    DateTime,
    Double,
}

impl MetadataType {
    /// The metadata type of a Salesforce field type; `None` for types that
    /// cannot be metadata (`base64`, `address`, `location`, `anyType`, ...).
    pub fn of(salesforce_type: &str) -> Option<MetadataType> {
        Some(match salesforce_type {
            "string" | "textarea" | "picklist" | "multipicklist" | "combobox" | "id"
            | "reference" | "email" | "phone" | "url" | "encryptedstring" | "time" => {
                MetadataType::String
            }
            "boolean" => MetadataType::Boolean,
            "int" | "long" | "double" | "currency" | "percent" => MetadataType::Double,
            "date" | "datetime" => MetadataType::DateTime,
            _ => return None,
        })
    }
}

/// One core field's source. Serialised as `{ "Field": "Id" }`,
/// `{ "Value": "1" }` or `{ "Derived": "RecordUrl" }`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Mapping {
    Field(String),
    Value(String),
    Derived(String),
}

/// The RecordPoint core fields, in the order they are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CoreField {
    ExternalId,
    Title,
    Author,
    SourceCreatedDate,
    SourceCreatedBy,
    SourceLastModifiedDate,
    SourceLastModifiedBy,
    Location,
    ParentExternalId,
    ContentVersion,
    MimeType,
}

impl CoreField {
    pub const ALL: [CoreField; 11] = [
        CoreField::ExternalId,
        CoreField::Title,
        CoreField::Author,
        CoreField::SourceCreatedDate,
        CoreField::SourceCreatedBy,
        CoreField::SourceLastModifiedDate,
        CoreField::SourceLastModifiedBy,
        CoreField::Location,
        CoreField::ParentExternalId,
        CoreField::ContentVersion,
        CoreField::MimeType,
    ];

    pub fn name(self) -> &'static str {
        match self {
            CoreField::ExternalId => "ExternalId",
            CoreField::Title => "Title",
            CoreField::Author => "Author",
            CoreField::SourceCreatedDate => "SourceCreatedDate",
            CoreField::SourceCreatedBy => "SourceCreatedBy",
            CoreField::SourceLastModifiedDate => "SourceLastModifiedDate",
            CoreField::SourceLastModifiedBy => "SourceLastModifiedBy",
            CoreField::Location => "Location",
            CoreField::ParentExternalId => "ParentExternalId",
            CoreField::ContentVersion => "ContentVersion",
            CoreField::MimeType => "MimeType",
        }
    }

    /// The core field spelled exactly so.
    pub fn parse(name: &str) -> Option<CoreField> {
        CoreField::ALL.into_iter().find(|c| c.name() == name)
    }

    /// Fields that only Records map.
    pub fn record_only(self) -> bool {
        matches!(
            self,
            CoreField::ParentExternalId | CoreField::ContentVersion | CoreField::MimeType
        )
    }
}

/// Core field mappings, written in `CoreField` order; absent ones are left out.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CoreFieldMappings {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<Mapping>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Mapping>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<Mapping>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_created_date: Option<Mapping>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_created_by: Option<Mapping>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_last_modified_date: Option<Mapping>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_last_modified_by: Option<Mapping>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Mapping>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_external_id: Option<Mapping>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_version: Option<Mapping>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mime_type: Option<Mapping>,
}

impl CoreFieldMappings {
    pub fn slot(&mut self, core: CoreField) -> &mut Option<Mapping> {
        match core {
            CoreField::ExternalId => &mut self.external_id,
            CoreField::Title => &mut self.title,
            CoreField::Author => &mut self.author,
            CoreField::SourceCreatedDate => &mut self.source_created_date,
            CoreField::SourceCreatedBy => &mut self.source_created_by,
            CoreField::SourceLastModifiedDate => &mut self.source_last_modified_date,
            CoreField::SourceLastModifiedBy => &mut self.source_last_modified_by,
            CoreField::Location => &mut self.location,
            CoreField::ParentExternalId => &mut self.parent_external_id,
            CoreField::ContentVersion => &mut self.content_version,
            CoreField::MimeType => &mut self.mime_type,
        }
    }

    pub fn get(&self, core: CoreField) -> Option<&Mapping> {
        self.clone_slot(core)
    }

    fn clone_slot(&self, core: CoreField) -> Option<&Mapping> {
        match core {
            CoreField::ExternalId => self.external_id.as_ref(),
            CoreField::Title => self.title.as_ref(),
            CoreField::Author => self.author.as_ref(),
            CoreField::SourceCreatedDate => self.source_created_date.as_ref(),
            CoreField::SourceCreatedBy => self.source_created_by.as_ref(),
            CoreField::SourceLastModifiedDate => self.source_last_modified_date.as_ref(),
            CoreField::SourceLastModifiedBy => self.source_last_modified_by.as_ref(),
            CoreField::Location => self.location.as_ref(),
            CoreField::ParentExternalId => self.parent_external_id.as_ref(),
            CoreField::ContentVersion => self.content_version.as_ref(),
            CoreField::MimeType => self.mime_type.as_ref(),
        }
    }

    /// The mappings present, in order.
    pub fn iter(&self) -> impl Iterator<Item = (CoreField, &Mapping)> {
        CoreField::ALL
            .into_iter()
            .filter_map(|c| self.get(c).map(|m| (c, m)))
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SelfRecord {
    pub content_version: Mapping,
    pub mime_type: Mapping,
}

impl Default for SelfRecord {
    fn default() -> Self {
        SelfRecord {
            content_version: Mapping::Value(SELF_RECORD_VERSION.into()),
            mime_type: Mapping::Value(SELF_RECORD_MIME.into()),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Reference {
    pub field: String,
    pub object: String,
    pub metadata_prefix: String,
    #[serde(default)]
    pub fields: Vec<ReferenceField>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ReferenceField {
    pub name: String,
    #[serde(rename = "Type")]
    pub ty: MetadataType,
    pub metadata_name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Record {
    pub object: String,
    pub relationship: Relationship,
    #[serde(default)]
    pub fields: Vec<MetadataField>,
    pub core_field_mappings: CoreFieldMappings,
    #[serde(default)]
    pub references: Vec<Reference>,
    #[serde(default)]
    pub binaries: Vec<Binary>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Relationship {
    pub field: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "Source", deny_unknown_fields)]
pub enum Binary {
    /// Salesforce Files linked through `ContentDocumentLink`.
    Files,
    /// A field's content as a file.
    #[serde(rename_all = "PascalCase")]
    Field {
        field: String,
        encoding: Encoding,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        mime_type: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        mime_type_field: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        file_name_field: Option<String>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Encoding {
    Base64,
    Text,
}

/// An API version as the format writes it: major and minor, `62.0`.
pub fn is_api_version(version: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    version
        .split_once('.')
        .is_some_and(|(major, minor)| digits(major) && digits(minor))
}

/// The key names, for code that points into a config (`hierc validate`
/// writes JSON pointers such as `/Aggregation/Records/0/Fields`). The serde
/// attributes above spell the same names; a test keeps the two in step.
pub mod key {
    pub const FORMAT_VERSION: &str = "FormatVersion";
    pub const CONNECTOR_NAME: &str = "ConnectorName";
    pub const API_VERSION: &str = "ApiVersion";
    pub const AGGREGATION: &str = "Aggregation";
    pub const OBJECT: &str = "Object";
    pub const FIELDS: &str = "Fields";
    pub const CORE_FIELD_MAPPINGS: &str = "CoreFieldMappings";
    pub const SELF_RECORD_ENABLED: &str = "SelfRecordEnabled";
    pub const SELF_RECORD: &str = "SelfRecord";
    pub const REFERENCES: &str = "References";
    pub const RECORDS: &str = "Records";
    pub const RELATIONSHIP: &str = "Relationship";
    pub const BINARIES: &str = "Binaries";
    pub const NAME: &str = "Name";
    pub const TYPE: &str = "Type";
    pub const FIELD: &str = "Field";
    pub const METADATA_PREFIX: &str = "MetadataPrefix";
    pub const METADATA_NAME: &str = "MetadataName";
    pub const SOURCE: &str = "Source";
    pub const ENCODING: &str = "Encoding";
    pub const MIME_TYPE: &str = "MimeType";
    pub const MIME_TYPE_FIELD: &str = "MimeTypeField";
    pub const FILE_NAME_FIELD: &str = "FileNameField";
    pub const CONTENT_VERSION: &str = "ContentVersion";
    pub const VALUE: &str = "Value";
    pub const DERIVED: &str = "Derived";

    pub const ALL: [&str; 26] = [
        FORMAT_VERSION,
        CONNECTOR_NAME,
        API_VERSION,
        AGGREGATION,
        OBJECT,
        FIELDS,
        CORE_FIELD_MAPPINGS,
        SELF_RECORD_ENABLED,
        SELF_RECORD,
        REFERENCES,
        RECORDS,
        RELATIONSHIP,
        BINARIES,
        NAME,
        TYPE,
        FIELD,
        METADATA_PREFIX,
        METADATA_NAME,
        SOURCE,
        ENCODING,
        MIME_TYPE,
        MIME_TYPE_FIELD,
        FILE_NAME_FIELD,
        CONTENT_VERSION,
        VALUE,
        DERIVED,
    ];
}

/// The file's bytes: two-space indentation, objects whose values are all
/// scalars on one line (`{ "Field": "Id" }`), arrays one element per line,
/// UTF-8, one trailing newline. The same `Config` always gives the same bytes.
pub fn to_json(config: &Config) -> String {
    let value = serde_json::to_value(config).unwrap_or(Value::Null);
    let mut out = String::new();
    write_value(&mut out, &value, 0);
    out.push('\n');
    out
}

/// Reads a config; the error says where and what, as serde_json does.
pub fn from_json(text: &str) -> Result<Config, serde_json::Error> {
    serde_json::from_str(text)
}

fn is_leaf_object(value: &Value) -> bool {
    match value {
        Value::Object(map) => map.values().all(|v| !v.is_object() && !v.is_array()),
        _ => false,
    }
}

fn scalar(value: &Value) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".into())
}

fn indent(out: &mut String, level: usize) {
    for _ in 0..level {
        out.push_str("  ");
    }
}

fn write_value(out: &mut String, value: &Value, level: usize) {
    match value {
        Value::Object(map) if map.is_empty() => out.push_str("{}"),
        Value::Object(map) if is_leaf_object(value) => {
            out.push_str("{ ");
            let parts: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", scalar(&Value::String(k.clone())), scalar(v)))
                .collect();
            out.push_str(&parts.join(", "));
            out.push_str(" }");
        }
        Value::Object(map) => {
            out.push_str("{\n");
            for (i, (k, v)) in map.iter().enumerate() {
                indent(out, level + 1);
                out.push_str(&scalar(&Value::String(k.clone())));
                out.push_str(": ");
                write_value(out, v, level + 1);
                if i + 1 < map.len() {
                    out.push(',');
                }
                out.push('\n');
            }
            indent(out, level);
            out.push('}');
        }
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Array(items) => {
            out.push_str("[\n");
            for (i, v) in items.iter().enumerate() {
                indent(out, level + 1);
                write_value(out, v, level + 1);
                if i + 1 < items.len() {
                    out.push(',');
                }
                out.push('\n');
            }
            indent(out, level);
            out.push(']');
        }
        other => out.push_str(&scalar(other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Config {
        let mut core = CoreFieldMappings::default();
        *core.slot(CoreField::ExternalId) = Some(Mapping::Field("Id".into()));
        *core.slot(CoreField::Location) = Some(Mapping::Derived("RecordUrl".into()));
        Config {
            format_version: FORMAT_VERSION,
            connector_name: Some("Cases \"EU\"".into()),
            api_version: None,
            aggregation: Aggregation {
                object: "Case".into(),
                fields: vec![MetadataField {
                    name: "Status".into(),
                    ty: MetadataType::String,
                }],
                core_field_mappings: core.clone(),
                self_record_enabled: true,
                self_record: Some(SelfRecord::default()),
                references: vec![],
                records: vec![Record {
                    object: "Attachment".into(),
                    relationship: Relationship {
                        field: "ParentId".into(),
                        name: "Attachments".into(),
                    },
                    fields: vec![],
                    core_field_mappings: core,
                    references: vec![],
                    binaries: vec![
                        Binary::Files,
                        Binary::Field {
                            field: "Body".into(),
                            encoding: Encoding::Base64,
                            mime_type: None,
                            mime_type_field: Some("ContentType".into()),
                            file_name_field: Some("Name".into()),
                        },
                    ],
                }],
            },
        }
    }

    #[test]
    fn writes_keys_in_order_with_leaf_objects_inline() {
        let json = to_json(&sample());
        assert!(json.starts_with("{\n  \"FormatVersion\": 1,\n  \"ConnectorName\": \"Cases \\\"EU\\\"\",\n  \"Aggregation\": {\n    \"Object\": \"Case\",\n"));
        assert!(json.contains("      \"ExternalId\": { \"Field\": \"Id\" },\n"));
        assert!(json.contains("\"References\": [],"));
        assert!(json.contains("{ \"Source\": \"Files\" },"));
        assert!(json.contains("{ \"Source\": \"Field\", \"Field\": \"Body\", \"Encoding\": \"Base64\", \"MimeTypeField\": \"ContentType\", \"FileNameField\": \"Name\" }"));
        assert!(json.ends_with("}\n") && !json.ends_with("\n\n"));
    }

    #[test]
    fn reads_back_what_it_writes() {
        let config = sample();
        assert_eq!(from_json(&to_json(&config)).unwrap(), config);
    }

    #[test]
    fn key_names_are_the_ones_written() {
        fn keys(value: &Value, out: &mut std::collections::BTreeSet<String>) {
            match value {
                Value::Object(map) => {
                    for (k, v) in map {
                        out.insert(k.clone());
                        keys(v, out);
                    }
                }
                Value::Array(items) => items.iter().for_each(|v| keys(v, out)),
                _ => {}
            }
        }
        let mut config = sample();
        config.api_version = Some("62.0".into());
        config.aggregation.references = vec![Reference {
            field: "ContactId".into(),
            object: "Contact".into(),
            metadata_prefix: "Contact_".into(),
            fields: vec![ReferenceField {
                name: "Email".into(),
                ty: MetadataType::String,
                metadata_name: "Contact_Email".into(),
            }],
        }];
        let mut core = config.aggregation.records[0].core_field_mappings.clone();
        *core.slot(CoreField::Title) = Some(Mapping::Value("Mail".into()));
        config.aggregation.records[0].core_field_mappings = core;
        config.aggregation.records[0].binaries.push(Binary::Field {
            field: "Text".into(),
            encoding: Encoding::Text,
            mime_type: Some("text/plain".into()),
            mime_type_field: None,
            file_name_field: None,
        });
        let mut written = std::collections::BTreeSet::new();
        keys(&serde_json::to_value(&config).unwrap(), &mut written);
        let core: Vec<&str> = CoreField::ALL.iter().map(|c| c.name()).collect();
        written.retain(|k| !core.contains(&k.as_str()) || key::ALL.contains(&k.as_str()));
        let known: std::collections::BTreeSet<String> =
            key::ALL.iter().map(|k| k.to_string()).collect();
        assert_eq!(written, known);
    }

    #[test]
    fn api_versions_have_major_and_minor() {
        assert!(is_api_version("62.0"));
        assert!(!is_api_version("62") && !is_api_version("v62.0") && !is_api_version("62."));
    }

    #[test]
    fn binaries_have_no_other_keys() {
        let json = r#"{ "Source": "Field", "Field": "Body", "Encoding": "Base64", "Extra": 1 }"#;
        assert!(serde_json::from_str::<Binary>(json).is_err());
    }

    #[test]
    fn metadata_types_follow_the_format() {
        assert_eq!(MetadataType::of("currency"), Some(MetadataType::Double));
        assert_eq!(MetadataType::of("date"), Some(MetadataType::DateTime));
        assert_eq!(MetadataType::of("base64"), None);
        assert_eq!(MetadataType::of("address"), None);
    }
}
