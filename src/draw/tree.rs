//! The entity hierarchy of a config, drawn as the connector guide draws it:
//! the aggregation; its self-record with the flattened references; each
//! record with its references and binaries. With fields, each item also
//! lists its core field mappings and metadata fields.

use crate::config::{
    Binary, Config, CoreFieldMappings, Encoding, Mapping, MetadataField, MetadataType, Reference,
    SelfRecord,
};

/// One node: its text and its children.
struct Node {
    text: String,
    children: Vec<Node>,
}

fn leaf(text: String) -> Node {
    Node {
        text,
        children: Vec::new(),
    }
}

fn reference(r: &Reference, with_fields: bool) -> Node {
    let fields: Vec<&str> = r.fields.iter().map(|f| f.name.as_str()).collect();
    let mut node = leaf(format!(
        "{} fields flattened (Reference - {} → {}; prefix {})",
        r.object,
        r.field,
        fields.join(", "),
        r.metadata_prefix
    ));
    if with_fields {
        node.children = r
            .fields
            .iter()
            .map(|f| {
                leaf(format!(
                    "{}: {} ← {}",
                    f.metadata_name,
                    type_name(f.ty),
                    f.name
                ))
            })
            .collect();
    }
    node
}

fn type_name(ty: MetadataType) -> &'static str {
    match ty {
        MetadataType::String => "String",
        MetadataType::Boolean => "Boolean",
        MetadataType::DateTime => "DateTime",
        MetadataType::Double => "Double",
    }
}

/// A mapping as the language writes it: `Owner.Name`, `"1"`, `@RecordUrl`
/// (control characters, which a literal from a config may hold, as spaces).
pub fn mapping(m: &Mapping) -> String {
    let text = match m {
        Mapping::Field(path) => path.clone(),
        Mapping::Value(value) => crate::fmt::quote(value),
        Mapping::Derived(name) => format!("@{name}"),
    };
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// A group of fields, or nothing when there are none.
fn group(title: &str, lines: Vec<String>) -> Option<Node> {
    (!lines.is_empty()).then(|| Node {
        text: title.to_string(),
        children: lines.into_iter().map(leaf).collect(),
    })
}

/// An item's core field mappings and metadata fields, as two groups.
fn fields(core: &CoreFieldMappings, metadata: &[MetadataField]) -> Vec<Node> {
    let core = core
        .iter()
        .map(|(c, m)| format!("{} ← {}", c.name(), mapping(m)))
        .collect();
    let metadata = metadata
        .iter()
        .map(|f| format!("{}: {}", f.name, type_name(f.ty)))
        .collect();
    [
        group("Core fields", core),
        group("Metadata fields", metadata),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// What the self-record maps besides the aggregation's core fields.
fn self_record_fields(s: &SelfRecord) -> Vec<Node> {
    let core = vec![
        format!("ContentVersion ← {}", mapping(&s.content_version)),
        format!("MimeType ← {}", mapping(&s.mime_type)),
    ];
    group("Core fields, besides the aggregation's", core)
        .into_iter()
        .collect()
}

fn binary(object: &str, b: &Binary) -> Node {
    leaf(match b {
        Binary::Files => format!("{object} (Binary - Salesforce Files)"),
        Binary::Field {
            field,
            encoding,
            mime_type,
            mime_type_field,
            ..
        } => {
            let kind = match encoding {
                Encoding::Base64 => "base64",
                Encoding::Text => "text",
            };
            let mime = match (mime_type, mime_type_field) {
                (Some(m), _) => format!(", {m}"),
                (None, Some(f)) => format!(", MIME type from {f}"),
                (None, None) => String::new(),
            };
            format!("{object} (Binary - {field}, {kind}{mime})")
        }
    })
}

/// The tree as text, one node a line, with box-drawing branches.
pub fn render(config: &Config) -> String {
    render_with(config, false)
}

/// [`render`], and with `with_fields`, under each item its core field
/// mappings (`Title ← Subject`) and metadata fields (`CaseNumber: String`),
/// and under each reference the metadata fields it flattens.
pub fn render_with(config: &Config, with_fields: bool) -> String {
    let agg = &config.aggregation;
    let mut children = Vec::new();
    if with_fields {
        children.extend(fields(&agg.core_field_mappings, &agg.fields));
    }
    if agg.self_record_enabled {
        let mut kids = Vec::new();
        if let (true, Some(s)) = (with_fields, &agg.self_record) {
            kids.extend(self_record_fields(s));
        }
        kids.extend(agg.references.iter().map(|r| reference(r, with_fields)));
        children.push(Node {
            text: format!(
                "{} (Record - self-record, enables disposal of the {})",
                agg.object, agg.object
            ),
            children: kids,
        });
    }
    for r in &agg.records {
        let mut kids = Vec::new();
        if with_fields {
            kids.extend(fields(&r.core_field_mappings, &r.fields));
        }
        kids.extend(r.references.iter().map(|x| reference(x, with_fields)));
        kids.extend(r.binaries.iter().map(|b| binary(&r.object, b)));
        children.push(Node {
            text: format!(
                "{} (Record - {} linked via {})",
                r.object, r.relationship.name, r.relationship.field
            ),
            children: kids,
        });
    }
    let root = Node {
        text: format!("{} (Aggregation)", agg.object),
        children,
    };
    let mut out = String::new();
    out.push_str(&root.text);
    out.push('\n');
    draw(&root.children, "", &mut out);
    out
}

fn draw(nodes: &[Node], prefix: &str, out: &mut String) {
    for (i, node) in nodes.iter().enumerate() {
        let last = i + 1 == nodes.len();
        out.push_str(prefix);
        out.push_str(if last { "└── " } else { "├── " });
        out.push_str(&node.text);
        out.push('\n');
        let deeper = format!("{prefix}{}", if last { "    " } else { "│   " });
        draw(&node.children, &deeper, out);
    }
}
