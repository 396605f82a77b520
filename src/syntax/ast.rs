//! The owned syntax tree of a `.hier` file. Every node carries its byte span.
//! Nothing here is resolved: names are as written.

use crate::source::Span;

/// A name as written, with its place.
#[derive(Clone, PartialEq, Eq)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

impl std::fmt::Debug for Ident {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?} @{:?}", self.name, self.span)
    }
}

/// A string literal, unescaped.
#[derive(Clone, PartialEq, Eq)]
pub struct StringLit {
    pub value: String,
    pub span: Span,
}

impl std::fmt::Debug for StringLit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "str {:?} @{:?}", self.value, self.span)
    }
}

/// A whole file: its statements in source order, and its comments.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct File {
    pub statements: Vec<Statement>,
    /// `# ...` comments, text without the `#`, in source order.
    pub comments: Vec<Comment>,
    /// True when some statement, or some item of a block, could not be parsed
    /// and is missing here.
    pub incomplete: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    pub text: String,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Statement {
    /// `connector "NAME"`
    Connector { name: StringLit, span: Span },
    /// `api N.N`
    Api { version: Ident, span: Span },
    /// `aggregation OBJ [<self>] [{ BLOCK }]`
    Aggregation(Aggregation),
    /// `PARENT > CHILD [via FIELD] [<ANNOTATIONS>] [{ BLOCK }]`
    Edge(Edge),
}

impl Statement {
    pub fn span(&self) -> Span {
        match self {
            Statement::Connector { span, .. } | Statement::Api { span, .. } => *span,
            Statement::Aggregation(a) => a.span,
            Statement::Edge(e) => e.span,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Aggregation {
    /// The `aggregation` keyword.
    pub keyword: Span,
    pub object: Ident,
    pub annotations: Vec<Annotation>,
    pub block: Option<Block>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edge {
    pub parent: Ident,
    pub child: Ident,
    pub via: Option<Ident>,
    pub annotations: Vec<Annotation>,
    pub block: Option<Block>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Annotation {
    pub kind: AnnotationKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AnnotationKind {
    /// `self`
    SelfRecord,
    /// `binary` or `binary files`
    Files,
    /// `binary FIELD [as "MIME" | as FIELD2] [named FIELD3]`
    Field(BinaryField),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BinaryField {
    pub field: Ident,
    /// Every `as` option, in order (more than one is an error).
    pub mime: Vec<Mime>,
    /// Every `named` option, in order (more than one is an error).
    pub file_name: Vec<Ident>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mime {
    /// `as "text/html"`
    Literal(StringLit),
    /// `as ContentType`
    Field(Ident),
}

impl Mime {
    pub fn span(&self) -> Span {
        match self {
            Mime::Literal(s) => s.span,
            Mime::Field(i) => i.span,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub items: Vec<BlockItem>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BlockItem {
    /// `CORE = VALUE`
    Mapping(Mapping),
    /// `fields F1, F2`
    Fields { fields: Vec<Ident>, span: Span },
    /// `ref FIELD [-> OBJ] { F1, F2 } [as PREFIX]`
    Ref(Ref),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mapping {
    pub core: Ident,
    pub value: Value,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// `Subject`, `Owner.Name`
    Path(Vec<Ident>),
    /// `"1"`
    Literal(StringLit),
    /// `@RecordUrl`: the name without `@`, and the span with it.
    Derived { name: Ident, span: Span },
}

impl Value {
    pub fn span(&self) -> Span {
        match self {
            Value::Path(hops) => hops[0].span.to(hops[hops.len() - 1].span),
            Value::Literal(s) => s.span,
            Value::Derived { span, .. } => *span,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ref {
    pub field: Ident,
    pub target: Option<Ident>,
    pub fields: Vec<Ident>,
    pub prefix: Option<Ident>,
    pub span: Span,
}
