//! pest pairs to the owned AST: one function per grammar rule. A pair of an
//! unexpected shape (which the grammar should rule out) drops its statement
//! with an E001 instead of panicking.

use pest::iterators::{Pair, Pairs};

use super::ast::*;
use super::Rule;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::source::Span;

/// What the builder needs besides the pair: where the statement starts in the
/// file, the whole text, and the diagnostics.
struct Cx<'t, 'd> {
    offset: usize,
    text: &'t str,
    diags: &'d mut Diagnostics,
}

impl Cx<'_, '_> {
    fn span(&self, pair: &Pair<Rule>) -> Span {
        let s = pair.as_span();
        Span::new(s.start() + self.offset, s.end() + self.offset)
    }

    fn ident(&self, pair: &Pair<Rule>) -> Ident {
        Ident {
            name: pair.as_str().to_string(),
            span: self.span(pair),
        }
    }

    /// `string = ${ "\"" ~ string_body ~ "\"" }`
    fn string(&self, pair: &Pair<Rule>) -> StringLit {
        let body = pair.as_str();
        let body = &body[1..body.len().saturating_sub(1).max(1)];
        let mut value = String::with_capacity(body.len());
        let mut chars = body.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                if let Some(n) = chars.next() {
                    value.push(n);
                }
            } else {
                value.push(c);
            }
        }
        StringLit {
            value,
            span: self.span(pair),
        }
    }

    fn internal<T>(&mut self, pair: &Pair<Rule>) -> Option<T> {
        let span = self.span(pair);
        self.diags.push(
            Diagnostic::new(Code::E001, "this statement could not be read")
                .label(span, "unexpected shape")
                .note("this is a bug in hierc; please report it with the input"),
        );
        None
    }
}

/// `statement_line = { SOI ~ statement ~ (semi | nl | EOI) }`
pub fn statement_line(
    line: Pair<Rule>,
    offset: usize,
    text: &str,
    diags: &mut Diagnostics,
) -> Option<Statement> {
    let mut cx = Cx {
        offset,
        text,
        diags,
    };
    let pair = line
        .into_inner()
        .find(|p| !matches!(p.as_rule(), Rule::semi | Rule::EOI))?;
    match pair.as_rule() {
        Rule::connector_stmt => connector(&mut cx, pair),
        Rule::api_stmt => api(&mut cx, pair),
        Rule::aggregation_stmt => aggregation(&mut cx, pair),
        Rule::edge_stmt => edge(&mut cx, pair),
        _ => cx.internal(&pair),
    }
}

/// The first inner pair of a rule.
fn first<'i>(pairs: &mut Pairs<'i, Rule>, rule: Rule) -> Option<Pair<'i, Rule>> {
    pairs.find(|p| p.as_rule() == rule)
}

/// `connector_stmt = { kw_connector ~ string }`
fn connector(cx: &mut Cx, pair: Pair<Rule>) -> Option<Statement> {
    let span = cx.span(&pair);
    let Some(s) = first(&mut pair.clone().into_inner(), Rule::string) else {
        return cx.internal(&pair);
    };
    Some(Statement::Connector {
        name: cx.string(&s),
        span,
    })
}

/// `api_stmt = { kw_api ~ version }`
fn api(cx: &mut Cx, pair: Pair<Rule>) -> Option<Statement> {
    let span = cx.span(&pair);
    let Some(v) = first(&mut pair.clone().into_inner(), Rule::version) else {
        return cx.internal(&pair);
    };
    Some(Statement::Api {
        version: cx.ident(&v),
        span,
    })
}

/// `aggregation_stmt = { kw_aggregation ~ ident ~ annotations? ~ block? }`
fn aggregation(cx: &mut Cx, pair: Pair<Rule>) -> Option<Statement> {
    let span = cx.span(&pair);
    let mut keyword = None;
    let mut object = None;
    let mut annotations = Vec::new();
    let mut block = None;
    for p in pair.clone().into_inner() {
        match p.as_rule() {
            Rule::kw_aggregation => keyword = Some(cx.span(&p)),
            Rule::ident => object = Some(cx.ident(&p)),
            Rule::annotations => annotations = annotation_list(cx, p),
            Rule::block => block = Some(block_of(cx, p)),
            _ => {}
        }
    }
    let (Some(keyword), Some(object)) = (keyword, object) else {
        return cx.internal(&pair);
    };
    Some(Statement::Aggregation(Aggregation {
        keyword,
        object,
        annotations,
        block,
        span,
    }))
}

/// `edge_stmt = { ident ~ gt ~ nl* ~ ident ~ via? ~ annotations? ~ block? }`
fn edge(cx: &mut Cx, pair: Pair<Rule>) -> Option<Statement> {
    let span = cx.span(&pair);
    let mut names = Vec::new();
    let mut via = None;
    let mut annotations = Vec::new();
    let mut block = None;
    for p in pair.clone().into_inner() {
        match p.as_rule() {
            Rule::ident => names.push(cx.ident(&p)),
            Rule::via => via = first(&mut p.into_inner(), Rule::ident).map(|i| cx.ident(&i)),
            Rule::annotations => annotations = annotation_list(cx, p),
            Rule::block => block = Some(block_of(cx, p)),
            _ => {}
        }
    }
    let mut names = names.into_iter();
    let (Some(parent), Some(child)) = (names.next(), names.next()) else {
        return cx.internal(&pair);
    };
    Some(Statement::Edge(Edge {
        parent,
        child,
        via,
        annotations,
        block,
        span,
    }))
}

/// `annotations = { lt ~ annotation ~ (comma ~ annotation)* ~ gt }`
fn annotation_list(cx: &mut Cx, pair: Pair<Rule>) -> Vec<Annotation> {
    let mut out = Vec::new();
    for p in pair.into_inner() {
        let span = cx.span(&p);
        let kind = match p.as_rule() {
            Rule::self_ann => AnnotationKind::SelfRecord,
            Rule::binary_ann => binary(cx, p),
            _ => continue,
        };
        out.push(Annotation { kind, span });
    }
    out
}

/// `binary_ann = { kw_binary ~ (files_src | field_src)? }`
/// `field_src = { ident ~ (mime_opt | name_opt)* }`
fn binary(cx: &mut Cx, pair: Pair<Rule>) -> AnnotationKind {
    let Some(src) = pair.into_inner().find(|p| p.as_rule() == Rule::field_src) else {
        return AnnotationKind::Files;
    };
    let mut field = None;
    let mut mime = Vec::new();
    let mut file_name = Vec::new();
    for p in src.into_inner() {
        match p.as_rule() {
            Rule::ident => field = Some(cx.ident(&p)),
            Rule::mime_opt => {
                for v in p.into_inner() {
                    match v.as_rule() {
                        Rule::string => mime.push(Mime::Literal(cx.string(&v))),
                        Rule::ident => mime.push(Mime::Field(cx.ident(&v))),
                        _ => {}
                    }
                }
            }
            Rule::name_opt => {
                if let Some(i) = first(&mut p.into_inner(), Rule::ident) {
                    file_name.push(cx.ident(&i));
                }
            }
            _ => {}
        }
    }
    match field {
        Some(field) => AnnotationKind::Field(BinaryField {
            field,
            mime,
            file_name,
        }),
        None => AnnotationKind::Files,
    }
}

/// `block = { lbrace ~ (block_item ~ (item_sep+ ~ block_item)*)? ~ rbrace }`
fn block_of(cx: &mut Cx, pair: Pair<Rule>) -> Block {
    let span = cx.span(&pair);
    let mut items = Vec::new();
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::mapping => {
                if let Some(m) = mapping(cx, p) {
                    items.push(BlockItem::Mapping(m));
                }
            }
            Rule::fields_item => {
                let span = cx.span(&p);
                let fields = p
                    .into_inner()
                    .filter(|i| i.as_rule() == Rule::ident)
                    .map(|i| cx.ident(&i))
                    .collect();
                items.push(BlockItem::Fields { fields, span });
            }
            Rule::ref_item => {
                if let Some(r) = reference(cx, p) {
                    items.push(BlockItem::Ref(r));
                }
            }
            Rule::bad_item => {
                let span = cx.span(&p);
                let d = super::explain_bad_item(cx.text, span);
                cx.diags.push(d);
            }
            _ => {}
        }
    }
    Block { items, span }
}

/// `mapping = { ident ~ equals ~ (string | derived | path) }`
fn mapping(cx: &mut Cx, pair: Pair<Rule>) -> Option<Mapping> {
    let span = cx.span(&pair);
    let mut core = None;
    let mut value = None;
    for p in pair.clone().into_inner() {
        match p.as_rule() {
            Rule::ident => core = Some(cx.ident(&p)),
            Rule::string => value = Some(Value::Literal(cx.string(&p))),
            Rule::derived => {
                let whole = cx.span(&p);
                let name = first(&mut p.into_inner(), Rule::ident).map(|i| cx.ident(&i))?;
                value = Some(Value::Derived { name, span: whole });
            }
            Rule::path => {
                let hops: Vec<Ident> = p.into_inner().map(|i| cx.ident(&i)).collect();
                if hops.is_empty() {
                    return cx.internal(&pair);
                }
                value = Some(Value::Path(hops));
            }
            _ => {}
        }
    }
    match (core, value) {
        (Some(core), Some(value)) => Some(Mapping { core, value, span }),
        _ => cx.internal(&pair),
    }
}

/// `ref_item = { kw_ref ~ ident ~ (arrow ~ ident)? ~ lbrace ~ ident ~ (comma ~ ident)* ~ rbrace ~ (kw_as ~ ident)? }`
fn reference(cx: &mut Cx, pair: Pair<Rule>) -> Option<Ref> {
    let span = cx.span(&pair);
    let mut field = None;
    let mut target = None;
    let mut fields = Vec::new();
    let mut prefix = None;
    // Which ident comes next: the field, the target, a listed field, the prefix.
    #[derive(PartialEq)]
    enum Next {
        Field,
        Target,
        Listed,
        Prefix,
    }
    let mut next = Next::Field;
    for p in pair.clone().into_inner() {
        match p.as_rule() {
            Rule::arrow => next = Next::Target,
            Rule::lbrace => next = Next::Listed,
            Rule::kw_as => next = Next::Prefix,
            Rule::ident => {
                let id = cx.ident(&p);
                match next {
                    Next::Field => field = Some(id),
                    Next::Target => target = Some(id),
                    Next::Listed => fields.push(id),
                    Next::Prefix => prefix = Some(id),
                }
            }
            _ => {}
        }
    }
    let Some(field) = field else {
        return cx.internal(&pair);
    };
    Some(Ref {
        field,
        target,
        fields,
        prefix,
        span,
    })
}
