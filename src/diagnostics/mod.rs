//! Diagnostics: what every stage reports instead of failing. The library
//! collects them; only the binary prints them.

mod codes;
pub mod constructors;
pub mod fix;
pub mod render;
pub mod report;
pub mod statistics;
pub mod suggest;

use std::sync::Arc;

pub use codes::Code;
pub use fix::{Applicability, Edit, Fix};

use crate::source::{SourceFile, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    /// A `W` code is a warning; every other code is an error.
    pub fn of(code: Code) -> Self {
        if code.is_warning() {
            Severity::Warning
        } else {
            Severity::Error
        }
    }

    /// `error` or `warning`, as machine formats write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A span with a short text saying what is there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

/// One finding. `source` is the file its labels point into: the `.hier`
/// file being compiled, or a cached schema.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    /// What is wrong, briefly; names in backticks.
    pub message: String,
    /// The offending place first, then the other places that matter.
    pub labels: Vec<Label>,
    /// How to fix it.
    pub help: Option<String>,
    /// Context.
    pub notes: Vec<String>,
    pub source: Option<Arc<SourceFile>>,
    /// What only some diagnostics have: its fixes, the describes it rests
    /// on. Boxed: most have neither, and a diagnostic stays small.
    extras: Option<Box<Extras>>,
}

#[derive(Clone, Debug, Default)]
struct Extras {
    /// Changes that resolve the finding, edits of its `source`.
    fixes: Vec<Fix>,
    /// For a name not found in a describe, or a describe not found: the
    /// objects whose cached describes the finding rests on (a stale or
    /// missing describe may explain it).
    rests_on: Vec<String>,
}

impl Diagnostic {
    /// An error, or a warning for `W` codes.
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: Severity::of(code),
            message: message.into(),
            labels: Vec::new(),
            help: None,
            notes: Vec::new(),
            source: None,
            extras: None,
        }
    }

    /// Records that the finding rests on `object`'s cached describe.
    pub fn rests_on(mut self, object: &str) -> Self {
        self.extras
            .get_or_insert_with(Box::default)
            .rests_on
            .push(object.to_string());
        self
    }

    /// The objects whose cached describes the finding rests on.
    pub fn resting_on(&self) -> &[String] {
        self.extras.as_ref().map_or(&[], |e| e.rests_on.as_slice())
    }

    /// The changes that resolve the finding, edits of its `source`; the
    /// first is preferred ([`fix`] says what a fix is).
    pub fn fixes(&self) -> &[Fix] {
        self.extras.as_ref().map_or(&[], |e| e.fixes.as_slice())
    }

    /// Drops its fixes.
    pub fn clear_fixes(&mut self) {
        if let Some(e) = &mut self.extras {
            e.fixes.clear();
        }
    }

    pub fn label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn maybe_help(mut self, help: Option<String>) -> Self {
        if help.is_some() {
            self.help = help;
        }
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Adds a fix.
    pub fn fix(mut self, fix: Fix) -> Self {
        self.extras.get_or_insert_with(Box::default).fixes.push(fix);
        self
    }

    /// Adds a fix when there is one.
    pub fn maybe_fix(self, fix: Option<Fix>) -> Self {
        match fix {
            Some(fix) => self.fix(fix),
            None => self,
        }
    }

    /// The fix `hierc check --fix` applies: the first one allowed.
    pub fn applicable_fix(&self, unsafe_fixes: bool) -> Option<&Fix> {
        self.fixes().iter().find(|f| f.allowed(unsafe_fixes))
    }

    pub fn in_source(mut self, source: Arc<SourceFile>) -> Self {
        self.source = Some(source);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The primary span, if any.
    pub fn span(&self) -> Option<Span> {
        self.labels.first().map(|l| l.span)
    }
}

impl Extend<Diagnostic> for Diagnostics {
    fn extend<I: IntoIterator<Item = Diagnostic>>(&mut self, iter: I) {
        self.list.extend(iter);
    }
}

/// The accumulator every stage pushes into.
#[derive(Default, Debug)]
pub struct Diagnostics {
    list: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.list.push(d);
    }

    /// The diagnostics as pushed, unsorted, each with the source it was
    /// given: for a stage whose findings point into several files (such as
    /// `hierc.toml`'s, which carry their own source).
    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.list
    }

    pub fn has_errors(&self) -> bool {
        self.list.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.list.iter().filter(|d| d.is_error()).count()
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Sorted by place, then code; exact repeats dropped. Diagnostics without
    /// a source get `source`.
    pub fn finish(self, source: &Arc<SourceFile>) -> Vec<Diagnostic> {
        let mut list = self.list;
        for d in &mut list {
            if d.source.is_none() {
                d.source = Some(source.clone());
            }
        }
        list.sort_by(|a, b| {
            let key = |d: &Diagnostic| {
                (
                    d.source.as_ref().map(|s| s.name.clone()),
                    d.span().map(|s| (s.start, s.end)),
                    d.code,
                )
            };
            key(a).cmp(&key(b))
        });
        list.dedup_by(|a, b| a.code == b.code && a.span() == b.span() && a.message == b.message);
        list
    }
}
