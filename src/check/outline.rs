//! Pass 1: the statements' structure, before any schema is read.

use crate::diagnostics::fix::remove_list_item;
use crate::diagnostics::{Code, Diagnostic, Diagnostics, Edit, Fix};
use crate::source::Span;
use crate::syntax::ast::{self, AnnotationKind, Ident};

/// The file's statements, sorted out.
pub struct Outline<'a> {
    /// The file's text, which fixes edit.
    pub text: &'a str,
    pub connector: Option<&'a ast::StringLit>,
    pub api: Option<&'a Ident>,
    /// The aggregation object as written: the `aggregation` statement's, else
    /// the edges' common parent.
    pub aggregation: &'a Ident,
    pub self_record: bool,
    pub block: Option<&'a ast::Block>,
    /// Where the `aggregation` statement ends, if there is one.
    pub aggregation_end: Option<usize>,
    /// The edit that turns the self-record on (`self` added to the
    /// `aggregation` statement), when the statement is there without it.
    pub self_on: Option<Edit>,
    /// Records whose parent is the aggregation.
    pub edges: Vec<&'a ast::Edge>,
}

pub fn outline<'a>(
    file: &'a ast::File,
    text: &'a str,
    diags: &mut Diagnostics,
) -> Option<Outline<'a>> {
    empty_strings(file, diags);
    let mut connector: Option<(&ast::StringLit, Span)> = None;
    let mut api: Option<(&Ident, Span)> = None;
    let mut aggregation: Option<&ast::Aggregation> = None;
    let mut edges = Vec::new();
    for s in &file.statements {
        match s {
            ast::Statement::Connector { name, span } => {
                once(&mut connector, (name, *span), "connector", diags)
            }
            ast::Statement::Api { version, span } => once(&mut api, (version, *span), "api", diags),
            ast::Statement::Aggregation(a) => match aggregation {
                None => aggregation = Some(a),
                Some(first) => diags.push(duplicate("aggregation", a.span, first.span)),
            },
            ast::Statement::Edge(e) => edges.push(e),
        }
    }

    let (object, self_record, block) = match aggregation {
        Some(a) => {
            let self_record = aggregation_annotations(a, text, diags);
            (&a.object, self_record, a.block.as_ref())
        }
        None => match edges.first() {
            Some(e) => (&e.parent, false, None),
            None => {
                if !file.incomplete {
                    diags.push(
                        Diagnostic::new(Code::E030, "no aggregation is declared")
                            .help("declare one: `aggregation Case <self>`, or an edge such as `Case > EmailMessage <binary>`"),
                    );
                }
                return None;
            }
        },
    };

    let children: Vec<&str> = edges.iter().map(|e| e.child.name.as_str()).collect();
    let mut kept = Vec::new();
    for e in edges {
        edge_annotations(e, text, diags);
        if e.parent.name.eq_ignore_ascii_case(&object.name) {
            kept.push(e);
            continue;
        }
        let mut d = Diagnostic::new(
            Code::E032,
            format!(
                "`{}` is not the aggregation `{}`",
                e.parent.name, object.name
            ),
        )
        .label(e.parent.span, "not the aggregation")
        .label(object.span, "the aggregation is declared here");
        d = if children
            .iter()
            .any(|c| c.eq_ignore_ascii_case(&e.parent.name))
        {
            d.help(format!(
                "records do not nest: `{}` is itself a record; make `{}` a record of `{}` (`{} > {}`), or list what you need as its fields, references or binaries",
                e.parent.name, e.child.name, object.name, object.name, e.child.name
            ))
        } else {
            d.help(format!(
                "a file has one aggregation, and every record hangs off it: write `{} > {}` if `{}` is a child of `{}`, or put `{} > {}` in a file of its own",
                object.name, e.child.name, e.child.name, object.name, e.parent.name, e.child.name
            ))
        };
        diags.push(d);
    }

    Some(Outline {
        text,
        connector: connector.map(|(c, _)| c),
        api: api.map(|(a, _)| a),
        aggregation: object,
        self_record,
        block,
        aggregation_end: aggregation.map(|a| a.span.end),
        self_on: aggregation
            .filter(|_| !self_record)
            .and_then(|a| insert_self(text, a)),
        edges: kept,
    })
}

fn once<T>(slot: &mut Option<(T, Span)>, new: (T, Span), what: &str, diags: &mut Diagnostics) {
    match slot {
        None => *slot = Some(new),
        Some((_, first)) => diags.push(duplicate(what, new.1, *first)),
    }
}

fn duplicate(what: &str, again: Span, first: Span) -> Diagnostic {
    Diagnostic::new(Code::E031, format!("`{what}` is declared more than once"))
        .label(again, "declared again here")
        .label(first, "first declared here")
        .help(format!(
            "a file describes one connector: keep one `{what}` statement"
        ))
}

/// The edit that removes the annotation at `at` from `annotations`: with
/// its comma, or the whole `<...>` when it is the only one.
fn remove_annotation(text: &str, annotations: &[ast::Annotation], at: Span) -> Option<Edit> {
    if annotations.len() > 1 {
        return remove_list_item(text, at);
    }
    let open = text[..at.start].rfind('<')?;
    let close = at.end + text[at.end..].find('>')?;
    if !text[open + 1..at.start].trim().is_empty() || !text[at.end..close].trim().is_empty() {
        return None;
    }
    let start = text[..open].trim_end_matches([' ', '\t']).len();
    Some(Edit::delete(Span::new(start, close + 1)))
}

/// The edit that adds `self` to an aggregation statement:
/// `aggregation Case` → `aggregation Case <self>`, `<binary>` →
/// `<self, binary>`.
fn insert_self(text: &str, a: &ast::Aggregation) -> Option<Edit> {
    match a.annotations.first() {
        None => Some(Edit::insert(a.object.span.end, " <self>")),
        Some(first) => {
            let open = text[..first.span.start].rfind('<')?;
            Some(Edit::insert(open + 1, "self, "))
        }
    }
}

/// The edit that removes a binary's option `keyword VALUE` (`as "a/b"`,
/// `named Name`), whose value is at `value`, with the blanks before it.
fn remove_option(text: &str, keyword: &str, value: Span) -> Option<Edit> {
    let before = text[..value.start].trim_end();
    let rest = before.strip_suffix(keyword)?;
    if !rest.ends_with(char::is_whitespace) {
        return None;
    }
    let start = rest.trim_end().len();
    Some(Edit::delete(Span::new(start, value.end)))
}

/// `<self>` is the only annotation of the aggregation.
fn aggregation_annotations(a: &ast::Aggregation, text: &str, diags: &mut Diagnostics) -> bool {
    let mut seen: Option<Span> = None;
    for ann in &a.annotations {
        match &ann.kind {
            AnnotationKind::SelfRecord => match seen {
                None => seen = Some(ann.span),
                Some(first) => diags.push(
                    Diagnostic::new(Code::E043, "`self` is given twice")
                        .label(ann.span, "given again here")
                        .label(first, "first given here")
                        .help("remove the repeat")
                        .maybe_fix(
                            remove_annotation(text, &a.annotations, ann.span)
                                .map(|e| Fix::safe("remove the repeated `self`", vec![e])),
                        ),
                ),
            },
            _ => diags.push(
                Diagnostic::new(Code::E042, "the aggregation cannot have a binary")
                    .label(ann.span, "binaries belong to records")
                    .help(format!(
                        "to submit the aggregation's own content, turn on its self-record (`<self>`) and add a record such as `{0} > Attachment <binary Body>`",
                        a.object.name
                    ))
                    .maybe_fix(
                        remove_annotation(text, &a.annotations, ann.span)
                            .map(|e| Fix::unsafe_("remove the binary", vec![e])),
                    ),
            ),
        }
    }
    seen.is_some()
}

/// Records take binaries only; each binary once, each option once.
fn edge_annotations(e: &ast::Edge, text: &str, diags: &mut Diagnostics) {
    let mut binaries: Vec<(String, Span)> = Vec::new();
    for ann in &e.annotations {
        let key = match &ann.kind {
            AnnotationKind::SelfRecord => {
                diags.push(
                    Diagnostic::new(Code::E042, "a record cannot have a self-record")
                        .label(ann.span, "`self` belongs to the aggregation")
                        .help(format!(
                            "write `aggregation {} <self>` to submit the aggregation as a record of itself",
                            e.parent.name
                        ))
                        .maybe_fix(
                            remove_annotation(text, &e.annotations, ann.span)
                                .map(|e| Fix::unsafe_("remove `self`", vec![e])),
                        ),
                );
                continue;
            }
            AnnotationKind::Files => "files".to_string(),
            AnnotationKind::Field(b) => {
                if let [first, again, ..] = b.mime.as_slice() {
                    diags.push(
                        Diagnostic::new(Code::E043, "`as` is given twice")
                            .label(again.span(), "given again here")
                            .label(first.span(), "first given here")
                            .help("a binary has one MIME type: keep one `as`")
                            .maybe_fix(
                                remove_option(text, "as", again.span())
                                    .map(|e| Fix::unsafe_("remove the second `as`", vec![e])),
                            ),
                    );
                }
                if let [first, again, ..] = b.file_name.as_slice() {
                    diags.push(
                        Diagnostic::new(Code::E043, "`named` is given twice")
                            .label(again.span, "given again here")
                            .label(first.span, "first given here")
                            .help("a binary has one file name: keep one `named`")
                            .maybe_fix(
                                remove_option(text, "named", again.span)
                                    .map(|e| Fix::unsafe_("remove the second `named`", vec![e])),
                            ),
                    );
                }
                format!("field:{}", b.field.name.to_ascii_lowercase())
            }
        };
        if let Some((_, first)) = binaries.iter().find(|(k, _)| *k == key) {
            let (field, help) = match &ann.kind {
                AnnotationKind::Field(b) => (
                    Some(b.field.name.as_str()),
                    format!(
                        "keep one, with all its options: `binary {} as ... named ...`",
                        b.field.name
                    ),
                ),
                _ => (
                    None,
                    "`binary` and `binary files` are the same binary: keep one".to_string(),
                ),
            };
            diags.push(Diagnostic::binary_twice(field, ann.span, *first).help(help));
        } else {
            binaries.push((key, ann.span));
        }
    }
}

/// E044: every string literal must say something (a connector name, a MIME
/// type, a core field's value).
fn empty_strings(file: &ast::File, diags: &mut Diagnostics) {
    let mut report = |s: &ast::StringLit, what: &str| {
        if s.value.trim().is_empty() {
            diags.push(
                Diagnostic::new(Code::E044, format!("the {what} is empty"))
                    .label(s.span, "empty string")
                    .help(format!("write the {what}, or remove it")),
            );
        }
    };
    for statement in &file.statements {
        let (annotations, block) = match statement {
            ast::Statement::Connector { name, .. } => {
                report(name, "connector name");
                continue;
            }
            ast::Statement::Api { .. } => continue,
            ast::Statement::Aggregation(a) => (&a.annotations, &a.block),
            ast::Statement::Edge(e) => (&e.annotations, &e.block),
        };
        for ann in annotations {
            if let AnnotationKind::Field(b) = &ann.kind {
                for m in &b.mime {
                    if let ast::Mime::Literal(s) = m {
                        report(s, "MIME type");
                    }
                }
            }
        }
        for item in block.iter().flat_map(|b| &b.items) {
            if let ast::BlockItem::Mapping(m) = item {
                if let ast::Value::Literal(s) = &m.value {
                    report(s, &format!("value of `{}`", m.core.name));
                }
            }
        }
    }
}
