//! Pass 5: what the describes' flags say about running the connector as
//! the user who pulled them: objects whose records cannot be deleted
//! (disposal) or retrieved, fields that are encrypted, deprecated and
//! hidden, or long text areas taken whole into metadata. Warnings; see
//! docs/readiness.md.

use std::collections::BTreeSet;

use super::model::{BinaryModel, FieldRef, ItemModel, Model, ValueModel};
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::schema::Describe;
use crate::source::Span;

/// Over this many characters a long text area is cut when kept as metadata.
pub const LONG_TEXT: u64 = 32_768;

pub fn check(model: &Model, diags: &mut Diagnostics) {
    let mut seen = BTreeSet::new();
    // Disposed of: the records, and the aggregation when it is one of them.
    let disposed = model
        .self_record
        .then_some(&model.aggregation)
        .into_iter()
        .chain(model.records.iter().map(|r| &r.item));
    for item in disposed {
        if seen.insert(item.object.name.clone()) {
            for d in object(&item.object, item.span) {
                diags.push(d);
            }
        }
    }
    if !model.self_record && !model.aggregation.object.retrieveable {
        diags.push(unretrievable(
            &model.aggregation.object,
            model.aggregation.span,
        ));
    }
    let mut named = BTreeSet::new();
    fields(&model.aggregation, &[], &mut named, diags);
    for r in &model.records {
        fields(&r.item, &r.binaries, &mut named, diags);
    }
}

/// W110 and W114 for an object RecordPoint disposes of, named at `span`.
pub fn object(o: &Describe, span: Span) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if o.deletable == Some(false) {
        out.push(
            Diagnostic::new(
                Code::W110,
                format!("`{}` is not deletable: disposal of its records will fail", o.name),
            )
            .label(span, "the describe says `deletable: false`")
            .note("RecordPoint disposes of a record by deleting it in Salesforce, as the connector's Run As user")
            .help(format!(
                "give the Run As user the Delete permission on `{}` (an object permission in a permission set), then pull the describe as that user",
                o.name
            )),
        );
    }
    if !o.retrieveable {
        out.push(unretrievable(o, span));
    }
    out
}

fn unretrievable(o: &Describe, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::W114,
        format!(
            "`{}` is not retrievable: its records cannot be read by Id",
            o.name
        ),
    )
    .label(span, "the describe says `retrieveable: false`")
    .help(format!(
        "give the Run As user Read access to `{}`, or leave it out",
        o.name
    ))
}

/// The flags of every field an item copies or reads.
fn fields(
    item: &ItemModel,
    binaries: &[BinaryModel],
    named: &mut BTreeSet<(String, String)>,
    diags: &mut Diagnostics,
) {
    // Fields whose values become metadata (copied into RecordPoint).
    let mut copied: Vec<&FieldRef> = item.fields.iter().collect();
    let mut references: Vec<&FieldRef> = item.refs.iter().flat_map(|r| &r.fields).collect();
    let mut read: Vec<&FieldRef> = Vec::new();
    for m in &item.mappings {
        if let ValueModel::Path(p) = &m.value {
            copied.push(&p.last);
        }
    }
    for b in binaries {
        if let BinaryModel::Field {
            field,
            mime_field,
            file_name,
            ..
        } = b
        {
            read.extend(std::iter::once(field).chain(mime_field).chain(file_name));
        }
    }
    for f in copied.iter().chain(&references) {
        let field = f.field();
        if field.encrypted || field.ty == "encryptedstring" {
            let how = if field.encrypted {
                "encrypted with Shield Platform Encryption"
            } else {
                "an `encryptedstring` (Classic Encryption)"
            };
            diags.push(
                Diagnostic::new(
                    Code::W111,
                    format!(
                        "`{}.{}` is {how}: RecordPoint would keep its value in clear",
                        f.object.name, field.name
                    ),
                )
                .label(f.span, "encrypted in Salesforce")
                .note("the connector reads decrypted values (or masked ones, without \"View Encrypted Data\") and copies them into RecordPoint's metadata")
                .help("leave it out unless the records manager is meant to see it"),
            );
        }
    }
    for f in &item.fields {
        long_text(f, true, diags);
    }
    for f in references.drain(..) {
        long_text(f, false, diags);
    }
    for f in copied
        .into_iter()
        .chain(read)
        .chain(item.refs.iter().flat_map(|r| &r.fields))
    {
        let field = f.field();
        if field.deprecated_and_hidden && named.insert((f.object.name.clone(), field.name.clone()))
        {
            diags.push(
                Diagnostic::new(
                    Code::W112,
                    format!("`{}.{}` is deprecated and hidden", f.object.name, field.name),
                )
                .label(f.span, "the describe says `deprecatedAndHidden: true`")
                .note("Salesforce keeps such a field for old integrations only; it may hold no data and go away in a later API version")
                .help("leave it out, or use the field that replaced it"),
            );
        }
    }
}

/// W113: a long text area kept as metadata.
fn long_text(f: &FieldRef, own: bool, diags: &mut Diagnostics) {
    let field = f.field();
    let length = field.length.unwrap_or(0);
    if field.ty != "textarea" || length <= LONG_TEXT {
        return;
    }
    let d = Diagnostic::new(
        Code::W113,
        format!(
            "`{}.{}` holds up to {} characters, kept as metadata",
            f.object.name, field.name, length
        ),
    )
    .label(f.span, format!("a long text area of {length} characters"))
    .note(format!(
        "metadata values are meant to be short; over {LONG_TEXT} characters a value may be cut"
    ));
    diags.push(if own {
        d.help(format!(
            "keep it whole as a text binary on a record: `<binary {}>`",
            field.name
        ))
    } else {
        d.help("leave it out of the reference")
    });
}
