//! The grammar alone: each input's syntax tree, with spans, pinned in a
//! snapshot. Inputs must parse without diagnostics.

mod common;

use hierc::diagnostics::Diagnostics;

#[test]
fn syntax_trees() {
    common::insta_settings().bind(|| {
        insta::glob!("syntax", "*.hier", |path| {
            let source = common::source(path);
            let mut diags = Diagnostics::new();
            let file = hierc::syntax::parse(&source, &mut diags);
            assert!(diags.is_empty(), "{}: {diags:?}", path.display());
            assert!(!file.incomplete);
            insta::assert_debug_snapshot!(file);
        });
    });
}

#[test]
fn spans_are_exact() {
    let source = hierc::source::SourceFile::new("x", "Case > EmailMessage <binary>\n");
    let mut diags = Diagnostics::new();
    let file = hierc::syntax::parse(&source, &mut diags);
    let hierc::syntax::ast::Statement::Edge(edge) = &file.statements[0] else {
        panic!("not an edge: {file:?}")
    };
    assert_eq!(
        &source.text[edge.parent.span.start..edge.parent.span.end],
        "Case"
    );
    assert_eq!(
        &source.text[edge.child.span.start..edge.child.span.end],
        "EmailMessage"
    );
    assert_eq!(
        &source.text[edge.annotations[0].span.start..edge.annotations[0].span.end],
        "binary"
    );
}

#[test]
fn several_syntax_errors_are_reported_in_one_run() {
    let source = hierc::source::SourceFile::new(
        "x",
        "aggregation Case <self {\n}\nCase > Attachment <binary Body\nconnector x\nCase > EmailMessage\n",
    );
    let mut diags = Diagnostics::new();
    let file = hierc::syntax::parse(&source, &mut diags);
    assert_eq!(diags.error_count(), 3, "{diags:?}");
    // The statement after the broken ones still parses.
    assert_eq!(file.statements.len(), 1);
    assert!(file.incomplete);
}
