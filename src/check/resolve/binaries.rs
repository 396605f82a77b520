//! The binaries of a record edge: Salesforce Files, or a field as a file.

use super::*;

impl Resolver<'_, '_> {
    /// The binaries of a record edge.
    pub(super) fn binaries(
        &mut self,
        object: &Arc<Describe>,
        edge: &ast::Edge,
    ) -> Vec<BinaryModel> {
        let mut out = Vec::new();
        for ann in &edge.annotations {
            match &ann.kind {
                AnnotationKind::SelfRecord => {}
                AnnotationKind::Files => out.push(BinaryModel::Files { span: ann.span }),
                AnnotationKind::Field(b) => {
                    // Every name is checked, even when an earlier one is unknown.
                    let field = self.field(object, &b.field, Content);
                    let mut known = true;
                    let mut mime_literal = None;
                    let mut mime_field = None;
                    match b.mime.first() {
                        Some(Mime::Literal(s)) => mime_literal = Some(s.value.clone()),
                        Some(Mime::Field(f)) => {
                            mime_field = self.field(object, f, All);
                            known &= mime_field.is_some();
                        }
                        None => {}
                    }
                    let file_name = b.file_name.first().and_then(|f| {
                        let found = self.field(object, f, All);
                        known &= found.is_some();
                        found
                    });
                    let (Some(field), true) = (field, known) else {
                        continue;
                    };
                    out.push(BinaryModel::Field {
                        field,
                        mime_literal,
                        mime_field,
                        file_name,
                        span: ann.span,
                    });
                }
            }
        }
        out
    }
}
