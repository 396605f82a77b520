//! Lowering: a checked `Model` to the `Config` IR, filling in defaults.

use super::model::*;
use super::types::{effective, metadata_fields, Source};
use crate::config::{self, Binary, Config, CoreFieldMappings, Encoding, Mapping, MetadataType};

/// Runs only on a model that passed every check.
pub fn lower(model: &Model) -> Config {
    let agg = &model.aggregation;
    let (fields, core_field_mappings) = mappings_and_fields(agg, None);
    Config {
        format_version: config::FORMAT_VERSION,
        connector_name: model.connector.clone(),
        api_version: model
            .api
            .as_ref()
            .map(|(v, _)| v.clone())
            .or_else(|| agg.object.api_version.clone()),
        aggregation: config::Aggregation {
            object: agg.object.name.clone(),
            fields,
            core_field_mappings,
            self_record_enabled: model.self_record,
            self_record: model.self_record.then(config::SelfRecord::default),
            references: agg.refs.iter().map(reference).collect(),
            records: model.records.iter().map(record).collect(),
        },
    }
}

fn mappings_and_fields(
    item: &ItemModel,
    via: Option<&FieldRef>,
) -> (Vec<config::MetadataField>, CoreFieldMappings) {
    let (sources, _) = effective(item, via);
    let fields = metadata_fields(item, &sources)
        .into_iter()
        .map(|(f, _)| config::MetadataField {
            name: f.name.clone(),
            ty: metadata_type(&f.ty),
        })
        .collect();
    let mut core = CoreFieldMappings::default();
    for (c, source) in sources {
        *core.slot(c) = Some(match source {
            Source::Written(m) => match &m.value {
                ValueModel::Path(p) => Mapping::Field(p.text.clone()),
                ValueModel::Literal { value, .. } => Mapping::Value(value.clone()),
                ValueModel::Derived { name, .. } => Mapping::Derived(name.clone()),
            },
            Source::Default { mapping, .. } => mapping,
        });
    }
    (fields, core)
}

/// Checked fields always have a metadata type; `String` is never reached.
fn metadata_type(ty: &str) -> MetadataType {
    MetadataType::of(ty).unwrap_or(MetadataType::String)
}

fn reference(r: &RefModel) -> config::Reference {
    let prefix = r.prefix();
    config::Reference {
        field: r.field.name().to_string(),
        object: r.target.name.clone(),
        metadata_prefix: prefix.clone(),
        fields: r
            .fields
            .iter()
            .map(|f| config::ReferenceField {
                name: f.name().to_string(),
                ty: metadata_type(&f.field().ty),
                metadata_name: format!("{prefix}{}", f.name()),
            })
            .collect(),
    }
}

fn record(r: &RecordModel) -> config::Record {
    let (fields, core_field_mappings) = mappings_and_fields(&r.item, Some(&r.via));
    config::Record {
        object: r.item.object.name.clone(),
        relationship: config::Relationship {
            field: r.via.name().to_string(),
            name: r.relationship_name.clone(),
        },
        fields,
        core_field_mappings,
        references: r.item.refs.iter().map(reference).collect(),
        binaries: r.binaries.iter().map(|b| binary(&r.item, b)).collect(),
    }
}

fn binary(item: &ItemModel, b: &BinaryModel) -> Binary {
    match b {
        BinaryModel::Files { .. } => Binary::Files,
        BinaryModel::Field {
            field,
            mime_literal,
            mime_field,
            file_name,
            ..
        } => {
            let f = field.field();
            if f.ty == "base64" {
                let named = |n: &str| item.object.field(n).map(|f| f.name.clone());
                let mime_type_field = match (mime_literal, mime_field) {
                    (Some(_), _) => None,
                    (None, Some(m)) => Some(m.name().to_string()),
                    (None, None) => named("ContentType"),
                };
                Binary::Field {
                    field: f.name.clone(),
                    encoding: Encoding::Base64,
                    mime_type: mime_literal.clone(),
                    mime_type_field,
                    file_name_field: file_name
                        .as_ref()
                        .map(|n| n.name().to_string())
                        .or_else(|| named("Name")),
                }
            } else {
                let default = if f.is_html() {
                    "text/html"
                } else {
                    "text/plain"
                };
                Binary::Field {
                    field: f.name.clone(),
                    encoding: Encoding::Text,
                    mime_type: Some(mime_literal.clone().unwrap_or_else(|| default.into())),
                    mime_type_field: None,
                    file_name_field: None,
                }
            }
        }
    }
}
