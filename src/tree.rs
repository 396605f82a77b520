//! The entity hierarchy of a config, drawn as the connector guide draws it:
//! the aggregation; its self-record with the flattened references; each
//! record with its references and binaries.

use crate::config::{Binary, Config, Encoding, Reference};

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

fn reference(r: &Reference) -> Node {
    let fields: Vec<&str> = r.fields.iter().map(|f| f.name.as_str()).collect();
    leaf(format!(
        "{} fields flattened (Reference - {} → {}; prefix {})",
        r.object,
        r.field,
        fields.join(", "),
        r.metadata_prefix
    ))
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
    let agg = &config.aggregation;
    let mut children = Vec::new();
    if agg.self_record_enabled {
        children.push(Node {
            text: format!(
                "{} (Record - self-record, enables disposal of the {})",
                agg.object, agg.object
            ),
            children: agg.references.iter().map(reference).collect(),
        });
    }
    for r in &agg.records {
        let mut kids: Vec<Node> = r.references.iter().map(reference).collect();
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
