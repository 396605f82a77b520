//! Document symbols (the aggregation, records and their references) and
//! folding ranges (blocks, annotations over several lines, runs of
//! comment lines), from the syntax tree.

use lsp_types::{DocumentSymbol, FoldingRange, FoldingRangeKind, SymbolKind};

use super::text::Document;
use crate::diagnostics::Diagnostics;
use crate::source::{SourceFile, Span};
use crate::syntax::{self, ast};

fn parse(doc: &Document) -> ast::File {
    let source = SourceFile::new("", doc.text.clone());
    syntax::parse(&source, &mut Diagnostics::new())
}

/// The aggregation and the records, each with its references.
pub fn symbols(doc: &Document) -> Vec<DocumentSymbol> {
    let file = parse(doc);
    file.statements
        .iter()
        .filter_map(|s| match s {
            ast::Statement::Aggregation(a) => Some(symbol(
                doc,
                a.object.name.clone(),
                "aggregation",
                SymbolKind::CLASS,
                a.span,
                a.object.span,
                refs(doc, a.block.as_ref()),
            )),
            ast::Statement::Edge(e) => Some(symbol(
                doc,
                format!("{} > {}", e.parent.name, e.child.name),
                "record",
                SymbolKind::STRUCT,
                e.span,
                e.child.span,
                refs(doc, e.block.as_ref()),
            )),
            ast::Statement::Connector { .. } | ast::Statement::Api { .. } => None,
        })
        .collect()
}

fn refs(doc: &Document, block: Option<&ast::Block>) -> Vec<DocumentSymbol> {
    let Some(block) = block else {
        return Vec::new();
    };
    block
        .items
        .iter()
        .filter_map(|item| match item {
            ast::BlockItem::Ref(r) => {
                let fields: Vec<&str> = r.fields.iter().map(|f| f.name.as_str()).collect();
                let target = r
                    .target
                    .as_ref()
                    .map(|t| format!(" -> {}", t.name))
                    .unwrap_or_default();
                Some(symbol(
                    doc,
                    format!("ref {}{target}", r.field.name),
                    &fields.join(", "),
                    SymbolKind::FIELD,
                    r.span,
                    r.field.span,
                    Vec::new(),
                ))
            }
            _ => None,
        })
        .collect()
}

#[allow(deprecated)] // `deprecated` is a field every symbol must set
fn symbol(
    doc: &Document,
    name: String,
    detail: &str,
    kind: SymbolKind,
    span: Span,
    selection: Span,
    children: Vec<DocumentSymbol>,
) -> DocumentSymbol {
    DocumentSymbol {
        name,
        detail: (!detail.is_empty()).then(|| detail.to_string()),
        kind,
        tags: None,
        deprecated: None,
        range: doc.range(span),
        selection_range: doc.range(selection),
        children: (!children.is_empty()).then_some(children),
    }
}

/// Blocks and annotations that span several lines, and runs of two or
/// more comment lines.
pub fn folding(doc: &Document) -> Vec<FoldingRange> {
    let file = parse(doc);
    let mut out = Vec::new();
    let mut fold = |span: Span, kind: Option<FoldingRangeKind>| {
        let (start, end) = (doc.range(span).start.line, doc.range(span).end.line);
        if end > start {
            out.push(FoldingRange {
                start_line: start,
                end_line: end,
                kind,
                ..FoldingRange::default()
            });
        }
    };
    for s in &file.statements {
        let (annotations, block) = match s {
            ast::Statement::Aggregation(a) => (&a.annotations, a.block.as_ref()),
            ast::Statement::Edge(e) => (&e.annotations, e.block.as_ref()),
            _ => continue,
        };
        if let (Some(first), Some(last)) = (annotations.first(), annotations.last()) {
            fold(first.span.to(last.span), None);
        }
        if let Some(block) = block {
            fold(block.span, None);
            for item in &block.items {
                if let ast::BlockItem::Ref(r) = item {
                    fold(r.span, None);
                }
            }
        }
    }
    // Comment lines in a row.
    let mut run: Option<(u32, u32)> = None;
    for c in &file.comments {
        let line = doc.range(c.span).start.line;
        let own_line = doc.text[..c.span.start]
            .rsplit('\n')
            .next()
            .is_some_and(|before| before.trim().is_empty());
        run = match run {
            Some((start, end)) if own_line && line == end + 1 => Some((start, line)),
            Some((start, end)) => {
                fold(
                    Span::new(
                        doc.offset(lsp_types::Position::new(start, 0)),
                        doc.offset(lsp_types::Position::new(end, 0)),
                    ),
                    Some(FoldingRangeKind::Comment),
                );
                own_line.then_some((line, line))
            }
            None => own_line.then_some((line, line)),
        };
    }
    if let Some((start, end)) = run {
        fold(
            Span::new(
                doc.offset(lsp_types::Position::new(start, 0)),
                doc.offset(lsp_types::Position::new(end, 0)),
            ),
            Some(FoldingRangeKind::Comment),
        );
    }
    out
}
