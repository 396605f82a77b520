//! The entity hierarchy of a config as a graph, in Mermaid or Graphviz DOT:
//! the aggregation; its self-record, with the references flattened onto it;
//! each record, with its references and binaries. Edges carry the field that
//! links the two ends. Both outputs are pure functions of the `Config`, and
//! every text from it is escaped, so no name or literal can break the syntax.

use crate::config::{Binary, Config, Encoding, Reference};

/// What a node stands for; it decides the node's shape and colours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Aggregation,
    Record,
    Binary,
    Reference,
}

impl Kind {
    const ALL: [Kind; 4] = [
        Kind::Aggregation,
        Kind::Record,
        Kind::Binary,
        Kind::Reference,
    ];

    fn class(self) -> &'static str {
        match self {
            Kind::Aggregation => "aggregation",
            Kind::Record => "record",
            Kind::Binary => "binary",
            Kind::Reference => "reference",
        }
    }
}

/// One node: its kind and its label, one line each; the first line is the
/// object's name.
struct Node {
    kind: Kind,
    lines: Vec<String>,
}

struct Edge {
    from: usize,
    to: usize,
    label: String,
    /// A lookup (a reference), drawn dashed; the rest is containment.
    lookup: bool,
}

/// The graph, in the order the tree draws it; nodes are numbered in order.
#[derive(Default)]
struct Graph {
    nodes: Vec<Node>,
    edges: Vec<Edge>,
}

/// The longest line of a reference's field list before it wraps.
const WRAP: usize = 36;

impl Graph {
    fn of(config: &Config) -> Graph {
        let mut g = Graph::default();
        let agg = &config.aggregation;
        let mut lines = vec![agg.object.clone(), "Aggregation".to_string()];
        if let Some(name) = &config.connector_name {
            lines.push(format!("connector {}", crate::fmt::quote(name)));
        }
        let root = g.node(Kind::Aggregation, lines);
        // References hang off the self-record, which carries them; without
        // one (a config that hierc would reject) off the aggregation.
        let mut holder = root;
        if agg.self_record_enabled {
            holder = g.node(
                Kind::Record,
                vec![agg.object.clone(), "Record (self-record)".into()],
            );
            g.edge(root, holder, "self-record".into(), false);
        }
        for r in &agg.references {
            g.reference(holder, r);
        }
        for r in &agg.records {
            let record = g.node(Kind::Record, vec![r.object.clone(), "Record".into()]);
            let label = format!("{} ({})", r.relationship.field, r.relationship.name);
            g.edge(root, record, label, false);
            for reference in &r.references {
                g.reference(record, reference);
            }
            for b in &r.binaries {
                g.binary(record, &r.object, b);
            }
        }
        g
    }

    fn node(&mut self, kind: Kind, lines: Vec<String>) -> usize {
        self.nodes.push(Node { kind, lines });
        self.nodes.len() - 1
    }

    fn edge(&mut self, from: usize, to: usize, label: String, lookup: bool) {
        self.edges.push(Edge {
            from,
            to,
            label,
            lookup,
        });
    }

    fn reference(&mut self, from: usize, r: &Reference) {
        let mut lines = vec![
            r.object.clone(),
            format!("Reference, prefix {}", r.metadata_prefix),
        ];
        lines.extend(wrap(r.fields.iter().map(|f| f.name.as_str()), WRAP));
        let to = self.node(Kind::Reference, lines);
        self.edge(from, to, r.field.clone(), true);
    }

    fn binary(&mut self, from: usize, object: &str, b: &Binary) {
        let (lines, label) = match b {
            Binary::Files => (
                vec![object.to_string(), "Binary (Salesforce Files)".into()],
                "Files".to_string(),
            ),
            Binary::Field {
                field,
                encoding,
                mime_type,
                mime_type_field,
                file_name_field,
            } => {
                let kind = match encoding {
                    Encoding::Base64 => "base64",
                    Encoding::Text => "text",
                };
                let mut lines = vec![object.to_string(), format!("Binary ({kind})")];
                match (mime_type, mime_type_field) {
                    (Some(m), _) => lines.push(m.clone()),
                    (None, Some(f)) => lines.push(format!("MIME type from {f}")),
                    (None, None) => {}
                }
                if let Some(f) = file_name_field {
                    lines.push(format!("file name from {f}"));
                }
                (lines, field.clone())
            }
        };
        let to = self.node(Kind::Binary, lines);
        self.edge(from, to, label, false);
    }
}

/// Names joined with `, `, in lines of at most `width` characters (a longer
/// name stands alone on its line).
fn wrap<'a>(names: impl Iterator<Item = &'a str>, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for name in names {
        if !line.is_empty() && line.chars().count() + 2 + name.chars().count() > width {
            lines.push(std::mem::take(&mut line) + ",");
        }
        if !line.is_empty() {
            line.push_str(", ");
        }
        line.push_str(name);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

fn id(index: usize) -> String {
    format!("n{index}")
}

// ---------------------------------------------------------------- Mermaid

/// The graph as a Mermaid flowchart, top down: the text alone, without code
/// fences, as Mermaid renders it (and GitHub, in a ```` ```mermaid ```` block).
pub fn mermaid(config: &Config) -> String {
    let g = Graph::of(config);
    let mut out = String::from("flowchart TD\n");
    for (i, node) in g.nodes.iter().enumerate() {
        let label = mermaid_label(&node.lines);
        let (open, close) = match node.kind {
            Kind::Aggregation | Kind::Record => ("[", "]"),
            Kind::Binary => ("[/", "/]"),
            Kind::Reference => ("([", "])"),
        };
        out.push_str(&format!("    {}{open}\"{label}\"{close}\n", id(i)));
    }
    for e in &g.edges {
        let arrow = if e.lookup { "-.->" } else { "-->" };
        out.push_str(&format!(
            "    {} {arrow}|\"{}\"| {}\n",
            id(e.from),
            mermaid_text(&e.label),
            id(e.to)
        ));
    }
    for kind in Kind::ALL {
        out.push_str(&format!(
            "    classDef {} {}\n",
            kind.class(),
            mermaid_style(kind)
        ));
    }
    for kind in Kind::ALL {
        let ids: Vec<String> = (0..g.nodes.len())
            .filter(|&i| g.nodes[i].kind == kind)
            .map(id)
            .collect();
        if !ids.is_empty() {
            out.push_str(&format!("    class {} {}\n", ids.join(","), kind.class()));
        }
    }
    out
}

fn mermaid_style(kind: Kind) -> &'static str {
    match kind {
        Kind::Aggregation => "fill:#dbe7f5,stroke:#1f3b63,stroke-width:3px,color:#111111",
        Kind::Record => "fill:#f1f4f8,stroke:#4a5568,color:#111111",
        Kind::Binary => "fill:#fdf3d8,stroke:#8a6d1d,color:#111111",
        Kind::Reference => "fill:#e3f3e6,stroke:#2f6b3b,color:#111111",
    }
}

fn mermaid_label(lines: &[String]) -> String {
    let lines: Vec<String> = lines.iter().map(|l| mermaid_text(l)).collect();
    lines.join("<br/>")
}

/// Text inside a quoted Mermaid label. Mermaid has no backslash escapes:
/// a character is written as an entity code, `#quot;` or `#35;`. Quotes
/// would end the label, `#` would start an entity code, `<`, `>` and `&`
/// would be read as HTML, and a backtick as the start of a Markdown string;
/// line breaks and other control characters become spaces.
fn mermaid_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '`' => out.push_str("#96;"),
            c if unprintable(c) => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

// ---------------------------------------------------------------- DOT

/// The graph in Graphviz DOT, left to right, for `dot -Tsvg`.
pub fn dot(config: &Config) -> String {
    let g = Graph::of(config);
    let font = "Helvetica";
    let mut out = String::from("digraph hierarchy {\n");
    out.push_str(&format!(
        "    graph [rankdir=LR, nodesep=0.25, ranksep=0.7, fontname=\"{font}\"];\n"
    ));
    out.push_str(&format!(
        "    node [fontname=\"{font}\", fontsize=11, shape=box, style=filled, \
         color=\"#4a5568\", fillcolor=\"#f1f4f8\", margin=\"0.2,0.1\"];\n"
    ));
    out.push_str(&format!(
        "    edge [fontname=\"{font}\", fontsize=10, color=\"#4a5568\", \
         fontcolor=\"#2d3748\", arrowsize=0.7];\n"
    ));
    out.push('\n');
    for (i, node) in g.nodes.iter().enumerate() {
        out.push_str(&format!(
            "    {} [label=<{}>{}];\n",
            id(i),
            dot_label(&node.lines),
            dot_style(node.kind)
        ));
    }
    out.push('\n');
    for e in &g.edges {
        let style = if e.lookup { ", style=dashed" } else { "" };
        out.push_str(&format!(
            "    {} -> {} [label=\"{}\"{style}];\n",
            id(e.from),
            id(e.to),
            dot_text(&e.label)
        ));
    }
    out.push_str("}\n");
    out
}

fn dot_style(kind: Kind) -> &'static str {
    match kind {
        Kind::Aggregation => {
            ", style=\"filled,bold\", penwidth=2, color=\"#1f3b63\", fillcolor=\"#dbe7f5\""
        }
        Kind::Record => "",
        Kind::Binary => ", shape=note, color=\"#8a6d1d\", fillcolor=\"#fdf3d8\"",
        Kind::Reference => ", style=\"filled,rounded\", color=\"#2f6b3b\", fillcolor=\"#e3f3e6\"",
    }
}

/// A node's label, as an HTML-like label (the text between `<` and `>`):
/// the object's name in bold, then the other lines.
fn dot_label(lines: &[String]) -> String {
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        let text = dot_html(line);
        if i == 0 {
            out.push_str(&format!("<b>{text}</b>"));
        } else {
            out.push_str(&format!("<br/>{text}"));
        }
    }
    out
}

/// A character that XML, and so Graphviz's HTML-like labels, cannot hold
/// (its parser stops at one), or a line break: shown as a space.
fn unprintable(c: char) -> bool {
    c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}'
}

/// Text inside an HTML-like DOT label: XML's special characters as entities,
/// and `\` doubled (Graphviz still expands `\N`, `\G`, ... there).
fn dot_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\\' => out.push_str("\\\\"),
            c if unprintable(c) => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Text inside a quoted DOT string: `"` and `\` escaped (a backslash would
/// otherwise start an escape such as `\N` or `\l`), and `&` as `&amp;`
/// (Graphviz reads entities such as `&lt;` in labels too).
fn dot_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '&' => out.push_str("&amp;"),
            c if unprintable(c) => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{
        Aggregation, CoreFieldMappings, MetadataType, Record, ReferenceField, Relationship,
        SelfRecord, FORMAT_VERSION,
    };

    /// Every text the graph shows, hostile: quotes, backslashes, Mermaid's
    /// entity codes and brackets, HTML, DOT escapes, line breaks.
    const NASTY: &str = "a\"b\\\"c\\ #quot; #35; <b>&amp; `x` [y] (z) {w} |v| ;%% \\N\\l\nend\r\t";

    fn nasty() -> Config {
        let reference = Reference {
            field: format!("F{NASTY}"),
            object: format!("O{NASTY}"),
            metadata_prefix: format!("P{NASTY}"),
            fields: vec![ReferenceField {
                name: format!("R{NASTY}"),
                ty: MetadataType::String,
                metadata_name: "x".into(),
            }],
        };
        Config {
            format_version: FORMAT_VERSION,
            connector_name: Some(format!("C{NASTY}")),
            api_version: None,
            aggregation: Aggregation {
                object: format!("A{NASTY}"),
                fields: vec![],
                core_field_mappings: CoreFieldMappings::default(),
                self_record_enabled: true,
                self_record: Some(SelfRecord::default()),
                references: vec![reference.clone()],
                records: vec![Record {
                    object: format!("Rec{NASTY}"),
                    relationship: Relationship {
                        field: format!("RF{NASTY}"),
                        name: format!("RN{NASTY}"),
                    },
                    fields: vec![],
                    core_field_mappings: CoreFieldMappings::default(),
                    references: vec![reference],
                    binaries: vec![
                        Binary::Files,
                        Binary::Field {
                            field: format!("B{NASTY}"),
                            encoding: Encoding::Text,
                            mime_type: Some(format!("M{NASTY}")),
                            mime_type_field: None,
                            file_name_field: Some(format!("N{NASTY}")),
                        },
                    ],
                }],
            },
        }
    }

    /// The quoted strings of a DOT text, unescaped; `None` if a string is
    /// left open or a backslash escapes anything but `"` or `\`.
    fn dot_strings(text: &str) -> Option<Vec<String>> {
        let mut strings = Vec::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            if c != '"' {
                continue;
            }
            let mut s = String::new();
            loop {
                match chars.next()? {
                    '"' => break,
                    '\\' => match chars.next()? {
                        c @ ('"' | '\\') => s.push(c),
                        _ => return None,
                    },
                    '\n' => return None,
                    c => s.push(c),
                }
            }
            strings.push(s.replace("&amp;", "&"));
        }
        Some(strings)
    }

    /// The HTML-like labels of a DOT text, as the text they show, lines
    /// joined with `\n`; `None` if one holds markup other than `<b>` and
    /// `<br/>`, an unknown entity or a lone backslash.
    fn dot_html_labels(text: &str) -> Option<Vec<String>> {
        let mut labels = Vec::new();
        for (start, _) in text.match_indices("label=<") {
            let rest = &text[start + "label=<".len()..];
            let end = [">];", ">, "].iter().filter_map(|e| rest.find(e)).min()?;
            let inner = &rest[..end];
            let plain = inner
                .replacen("<b>", "", 1)
                .replacen("</b>", "", 1)
                .replace("<br/>", "\n");
            if plain.contains(['<', '>', '"']) {
                return None;
            }
            let mut shown = String::new();
            let mut chars = plain.chars();
            while let Some(c) = chars.next() {
                match c {
                    '\\' if chars.next()? == '\\' => shown.push('\\'),
                    '\\' => return None,
                    '&' => {
                        let entity: String = chars.by_ref().take_while(|&c| c != ';').collect();
                        shown.push(match entity.as_str() {
                            "amp" => '&',
                            "lt" => '<',
                            "gt" => '>',
                            "quot" => '"',
                            _ => return None,
                        });
                    }
                    c => shown.push(c),
                }
            }
            labels.push(shown);
        }
        Some(labels)
    }

    #[test]
    fn dot_labels_are_closed_and_show_the_text() {
        let text = dot(&nasty());
        let shown = NASTY.replace(['\n', '\r', '\t'], " ");
        let strings = dot_strings(&text).expect("every string is closed, with known escapes");
        // The 4 edge labels that show a name show it as it is.
        let edges = strings.iter().filter(|s| s.contains(&shown)).count();
        assert_eq!(edges, 4, "{text}");
        let labels = dot_html_labels(&text).expect("labels hold only their own markup");
        assert_eq!(labels.len(), 7, "{text}");
        // Every node shows its object's name first, as it is.
        assert!(labels.iter().all(|l| l
            .lines()
            .next()
            .is_some_and(|first| first.ends_with(&shown))));
        // One statement a line: no line break got through.
        assert_eq!(text.lines().count(), 4 + 1 + 7 + 1 + 6 + 1, "{text}");
    }

    #[test]
    fn dot_escapes_for_each_kind_of_label() {
        assert_eq!(dot_text("a\"b\\c&lt;"), "a\\\"b\\\\c&amp;lt;");
        assert_eq!(dot_text("\\N\nx"), "\\\\N x");
        assert_eq!(dot_html("<i>\"&\\G"), "&lt;i&gt;&quot;&amp;\\\\G");
        assert_eq!(dot_html("a\u{1}\u{FFFE}b"), "a  b");
    }

    #[test]
    fn mermaid_labels_hold_no_quote_or_markup() {
        let text = mermaid(&nasty());
        assert!(text.starts_with("flowchart TD\n"));
        for line in text.lines().skip(1) {
            assert!(line.starts_with("    n") || line.starts_with("    class"));
            // The only quotes are the ones around the label.
            let quotes = line.matches('"').count();
            assert!(quotes == 0 || quotes == 2, "{line}");
            // Every `#` starts an entity code.
            let inner = line.split('"').nth(1).unwrap_or("");
            for (i, _) in inner.match_indices('#') {
                let code = &inner[i + 1..];
                let end = code.find(';').expect("an entity code ends with ;");
                assert!(
                    code[..end].chars().all(|c| c.is_ascii_alphanumeric()),
                    "{line}"
                );
            }
            let markup = inner.replace("<br/>", "");
            assert!(!markup.contains(['<', '>', '&', '`']), "{line}");
        }
        assert_eq!(text.lines().count(), 1 + 7 + 6 + 4 + 4, "{text}");
    }

    #[test]
    fn mermaid_escapes_with_entity_codes() {
        assert_eq!(mermaid_text("say \"hi\""), "say #quot;hi#quot;");
        assert_eq!(mermaid_text("#quot;"), "#35;quot;");
        assert_eq!(mermaid_text("<b>&`"), "#lt;b#gt;#amp;#96;");
        assert_eq!(mermaid_text("a\nb"), "a b");
    }

    #[test]
    fn references_hang_off_the_self_record_or_else_the_aggregation() {
        let mut config = nasty();
        let text = mermaid(&config);
        assert!(text.contains("    n1 -.->|"), "{text}");
        config.aggregation.self_record_enabled = false;
        let text = mermaid(&config);
        assert!(text.contains("    n0 -.->|"), "{text}");
    }

    #[test]
    fn field_lists_wrap() {
        let names = ["Name", "AccountNumber", "Industry", "Website", "Phone"];
        assert_eq!(
            wrap(names.into_iter(), 20),
            ["Name, AccountNumber,", "Industry, Website,", "Phone"]
        );
        assert_eq!(
            wrap(["A_very_long_name_indeed"].into_iter(), 5),
            ["A_very_long_name_indeed"]
        );
        assert!(wrap(std::iter::empty(), 5).is_empty());
    }
}
