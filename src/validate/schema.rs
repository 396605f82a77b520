//! The rules that need the schema cache: every object, field and
//! relationship exists, references are lookups to the stated object, and
//! types fit (core fields, metadata types, binaries). The codes are the
//! compiler's, since the mistakes are the same ones.

use std::collections::HashSet;
use std::sync::Arc;

use super::json::{Pointer, Spans};
use super::rules::accepted_json;
use super::rules::is_api_name;
use super::{items, Item};
use crate::check::{a_type, files_not_supported};
use crate::config::{is_api_version, key, Binary, Config, Encoding, Mapping, MetadataType, Record};
use crate::diagnostics::suggest::{did_you_mean, one_of};
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::rules::{field_accepted, MAX_HOPS};
use crate::schema::{Catalog, Describe, Field, Lookup};
use crate::source::Span;

pub fn check(config: &Config, spans: &Spans, catalog: &Catalog, diags: &mut Diagnostics) {
    let mut s = Schema {
        spans,
        catalog,
        diags,
        reported: HashSet::new(),
        used: Vec::new(),
    };
    let items = items(config);
    let aggregation = s.object(items[0].object, &items[0].at.key(key::OBJECT));
    for item in &items {
        let at = item.at.key(key::OBJECT);
        let object = match item.record {
            None => aggregation.clone(),
            Some(_) => s.object(item.object, &at),
        };
        let Some(object) = object else { continue };
        s.queryable(&object, &at);
        s.metadata_fields(&object, item);
        s.mappings(&object, item, &config.aggregation.object);
        s.references(&object, item);
        if let Some(record) = item.record {
            if let Some(agg) = &aggregation {
                s.relationship(agg, &item.at, record);
            }
            s.binaries(&object, &item.at, record);
        }
    }
    s.api_version(config.api_version.as_deref());
}

struct Schema<'a> {
    spans: &'a Spans,
    catalog: &'a Catalog,
    diags: &'a mut Diagnostics,
    /// Objects whose missing or malformed schema is already reported.
    reported: HashSet<String>,
    /// Every describe read, for the API version check.
    used: Vec<Arc<Describe>>,
}

impl Schema<'_> {
    /// The describe of `name`, written at `at`; E090 or E091 (once) when
    /// the cache cannot give it.
    fn object(&mut self, name: &str, at: &Pointer) -> Option<Arc<Describe>> {
        if !is_api_name(name) {
            return None; // E054 already
        }
        let span = self.spans.label(at);
        match self.catalog.get(name) {
            Lookup::Found(d) => {
                self.case(name, &d.name, span, "object");
                if !self.used.iter().any(|u| Arc::ptr_eq(u, &d)) {
                    self.used.push(d.clone());
                }
                Some(d)
            }
            Lookup::Missing { reason } => {
                if self.reported.insert(name.to_ascii_lowercase()) {
                    self.diags
                        .push(self.catalog.not_found(name, span, reason, true));
                }
                None
            }
            Lookup::Malformed(d) => {
                if self.reported.insert(name.to_ascii_lowercase()) {
                    self.diags
                        .push((*d).note(format!("`{name}` is needed by this config")));
                }
                None
            }
        }
    }

    /// W101 when `written` matches `actual` only ignoring case.
    fn case(&mut self, written: &str, actual: &str, span: Span, what: &str) {
        if let Some(d) = crate::check::name_case(written, actual, span, what) {
            self.diags.push(d);
        }
    }

    fn queryable(&mut self, object: &Describe, at: &Pointer) {
        if !object.queryable {
            self.diags
                .push(crate::check::unqueryable(object, self.spans.label(at)));
        }
    }

    /// The field `name` of `object`, written at `at`; E012 when it has none.
    fn field<'d>(&mut self, object: &'d Describe, name: &str, at: &Pointer) -> Option<&'d Field> {
        if !is_api_name(name) {
            return None; // E054 already
        }
        let span = self.spans.label(at);
        match object.field(name) {
            Some(f) => {
                self.case(name, &f.name, span, "field");
                Some(f)
            }
            None => {
                self.diags.push(Diagnostic::unknown_field(
                    &object.name,
                    name,
                    span,
                    object.field_names(),
                ));
                None
            }
        }
    }

    /// A metadata field (`{ "Name", "Type" }` at `at`) of `object`.
    fn metadata(&mut self, object: &Describe, name: &str, ty: MetadataType, at: &Pointer) {
        let Some(f) = self.field(object, name, &at.key(key::NAME)) else {
            return;
        };
        match MetadataType::of(&f.ty) {
            None => {
                let d = Diagnostic::not_metadata_type(
                    &f.name,
                    &f.ty,
                    self.spans.label(&at.key(key::NAME)),
                );
                self.diags.push(match f.ty.as_str() {
                    "base64" => d.help(format!(
                        "file content belongs in a binary: `{{ \"Source\": \"Field\", \"Field\": \"{}\", \"Encoding\": \"Base64\" }}` on the record",
                        f.name
                    )),
                    "address" | "location" => d.help("list its component fields instead"),
                    _ => d.help("remove it: its values have no fixed type"),
                });
            }
            Some(actual) if actual != ty => {
                self.diags.push(
                    Diagnostic::new(
                        Code::E058,
                        format!(
                            "`{}` is {} field, so its metadata type is `{actual:?}`, not `{ty:?}`",
                            f.name,
                            a_type(&f.ty)
                        ),
                    )
                    .label(
                        self.spans.label(&at.key(key::TYPE)),
                        format!("expected `{actual:?}`"),
                    )
                    .help(format!("write `\"Type\": \"{actual:?}\"`")),
                );
            }
            Some(_) => {}
        }
    }

    fn metadata_fields(&mut self, object: &Describe, item: &Item) {
        for (i, f) in item.fields.iter().enumerate() {
            self.metadata(object, &f.name, f.ty, &item.at.key(key::FIELDS).index(i));
        }
    }

    fn mappings(&mut self, object: &Arc<Describe>, item: &Item, aggregation: &str) {
        let at = item.at.key(key::CORE_FIELD_MAPPINGS);
        for (core, mapping) in item.mappings.iter() {
            let Mapping::Field(path) = mapping else {
                continue;
            };
            if core.record_only() && item.record.is_none() {
                continue;
            }
            let value_at = at.key(core.name()).key(key::FIELD);
            let Some(f) = self.path(object, path, &value_at) else {
                continue;
            };
            if !field_accepted(core, &f, aggregation) {
                let mut d = Diagnostic::new(
                    Code::E020,
                    format!(
                        "`{}` cannot be mapped to `{path}`, {} field",
                        core.name(),
                        a_type(&f.ty)
                    ),
                )
                .label(
                    self.spans.label(&value_at),
                    format!("`{}` accepts {}", core.name(), accepted_json(core)),
                );
                if core == crate::config::CoreField::ParentExternalId {
                    d = d.note(format!(
                        "`ParentExternalId` must be a lookup whose targets include the aggregation `{aggregation}`"
                    ));
                }
                self.diags.push(d);
            }
        }
    }

    /// A field or relationship path (`Owner.Name`) from `object`; its last
    /// field. Through a polymorphic lookup, every target must have the rest.
    fn path(&mut self, object: &Arc<Describe>, path: &str, at: &Pointer) -> Option<Field> {
        let hops: Vec<&str> = path.split('.').collect();
        if hops.len() > MAX_HOPS + 1 || !hops.iter().all(|h| is_api_name(h)) {
            return None; // E038 or E054 already
        }
        let mut targets = vec![object.clone()];
        let mut offset = 0;
        let (last, relations) = hops.split_last()?;
        for hop in relations {
            let span = self.spans.within(at, offset..offset + hop.len());
            let field = self.on_every_target(&targets, hop, span, true)?;
            let rel = field.relationship_name.clone().unwrap_or_default();
            self.case(hop, &rel, span, "relationship");
            let mut next: Vec<Arc<Describe>> = Vec::new();
            let reached = targets.iter().filter_map(|t| t.relationship(hop));
            for name in reached.flat_map(|f| f.reference_to.clone()) {
                if !next.iter().any(|n| n.name.eq_ignore_ascii_case(&name)) {
                    next.push(self.object(&name, at)?);
                }
            }
            if next.is_empty() {
                return None;
            }
            targets = next;
            offset += hop.len() + 1;
        }
        let span = self.spans.within(at, offset..offset + last.len());
        let field = self.on_every_target(&targets, last, span, false)?;
        self.case(last, &field.name, span, "field");
        Some(field)
    }

    /// The relationship (`relationship`) or field named `name` on every
    /// object of `targets`: E012/E013 when none has it, E027 when some lack it.
    fn on_every_target(
        &mut self,
        targets: &[Arc<Describe>],
        name: &str,
        span: Span,
        relationship: bool,
    ) -> Option<Field> {
        let find = |t: &Describe| {
            if relationship {
                t.relationship(name).cloned()
            } else {
                t.field(name).cloned()
            }
        };
        let found: Vec<Option<Field>> = targets.iter().map(|t| find(t)).collect();
        let lacking: Vec<&str> = targets
            .iter()
            .zip(&found)
            .filter(|(_, f)| f.is_none())
            .map(|(t, _)| t.name.as_str())
            .collect();
        if lacking.is_empty() {
            return found.into_iter().next().flatten();
        }
        if lacking.len() < targets.len() {
            let all: Vec<&str> = targets.iter().map(|t| t.name.as_str()).collect();
            let what = if relationship {
                "relationship"
            } else {
                "field"
            };
            self.diags.push(Diagnostic::not_on_every_target(
                name, what, span, None, &lacking, &all,
            ));
            return None;
        }
        let object = &targets[0];
        let d = if targets.len() > 1 {
            let all: Vec<&str> = targets.iter().map(|t| t.name.as_str()).collect();
            let what = if relationship {
                "relationship"
            } else {
                "field"
            };
            Diagnostic::on_no_target(name, what, span, None, &all)
        } else if relationship {
            crate::check::not_a_relationship(object, name, span)
        } else {
            Diagnostic::unknown_field(&object.name, name, span, object.field_names())
        };
        self.diags.push(d);
        None
    }

    fn references(&mut self, object: &Describe, item: &Item) {
        for (i, r) in item.references.iter().enumerate() {
            let at = item.at.key(key::REFERENCES).index(i);
            let Some(f) = self.field(object, &r.field, &at.key(key::FIELD)) else {
                continue;
            };
            let field_span = self.spans.label(&at.key(key::FIELD));
            let problem = if !f.is_reference() {
                Some(
                    Diagnostic::not_a_lookup(&f.name, &f.ty, field_span)
                        .help("a reference is read through a lookup field: name one, or list this field in the record's `Fields`"),
                )
            } else if f.relationship_name.is_none() {
                Some(
                    Diagnostic::lookup_without_relationship_name(&f.name, field_span)
                        .help("a reference needs a lookup with a relationship name"),
                )
            } else if !f
                .reference_to
                .iter()
                .any(|t| t.eq_ignore_ascii_case(&r.object))
            {
                let targets = one_of(&f.reference_to);
                Some(
                    Diagnostic::cannot_reference(
                        &f.name,
                        &r.object,
                        self.spans.label(&at.key(key::OBJECT)),
                        &format!("`{}` references {targets}", f.name),
                    )
                    .help(
                        match did_you_mean(&r.object, f.reference_to.iter().map(String::as_str)) {
                            Some(s) => s,
                            None => format!("write {targets}"),
                        },
                    ),
                )
            } else {
                None
            };
            if let Some(d) = problem {
                self.diags.push(d);
                continue;
            }
            let Some(target) = self.object(&r.object, &at.key(key::OBJECT)) else {
                continue;
            };
            self.queryable(&target, &at.key(key::OBJECT));
            for (j, rf) in r.fields.iter().enumerate() {
                self.metadata(&target, &rf.name, rf.ty, &at.key(key::FIELDS).index(j));
            }
        }
    }

    /// The record's `Relationship` is a child relationship of the
    /// aggregation: that child object, through that field, with that name.
    fn relationship(&mut self, agg: &Describe, record_at: &Pointer, record: &Record) {
        let at = record_at.key(key::RELATIONSHIP);
        let rel = &record.relationship;
        let Some(found) = agg.child_relationship(&record.object, &rel.field) else {
            let children: Vec<_> = agg.children_of(&record.object).collect();
            let d = if children.is_empty() {
                Diagnostic::not_a_child(
                    &record.object,
                    &agg.name,
                    self.spans.label(&record_at.key(key::OBJECT)),
                )
            } else {
                let fields: Vec<&str> = children.iter().map(|c| c.field.as_str()).collect();
                Diagnostic::new(
                    Code::E011,
                    format!(
                        "`{}` is not a child of `{}` through `{}`",
                        record.object, agg.name, rel.field
                    ),
                )
                .label(
                    self.spans.label(&at.key(key::FIELD)),
                    "not a lookup to the aggregation",
                )
                .help(format!(
                    "`{}` links to `{}` through {}",
                    record.object,
                    agg.name,
                    one_of(&fields)
                ))
            };
            self.diags.push(d);
            return;
        };
        self.case(
            &rel.field,
            &found.field,
            self.spans.label(&at.key(key::FIELD)),
            "field",
        );
        let name_span = self.spans.label(&at.key(key::NAME));
        match &found.relationship_name {
            None => self.diags.push(
                Diagnostic::unnamed_child_relationship(
                    &record.object,
                    &agg.name,
                    &found.field,
                    name_span,
                )
                .help("records are read through a named child relationship: pick another lookup"),
            ),
            Some(name) if name.eq_ignore_ascii_case(&rel.name) => {
                self.case(&rel.name, name, name_span, "relationship");
            }
            Some(name) => self.diags.push(
                Diagnostic::new(
                    Code::E011,
                    format!("`{}` has no child relationship `{}`", agg.name, rel.name),
                )
                .label(name_span, format!("expected `{name}`"))
                .help(format!("write `\"Name\": \"{name}\"`"))
                .note(format!(
                    "the relationship from `{}` through `{}` is named `{name}`",
                    record.object, found.field
                )),
            ),
        }
    }

    fn binaries(&mut self, object: &Describe, record_at: &Pointer, record: &Record) {
        for (i, binary) in record.binaries.iter().enumerate() {
            let at = record_at.key(key::BINARIES).index(i);
            match binary {
                Binary::Files if !object.holds_files() => self.diags.push(files_not_supported(
                    object,
                    self.spans.label(&at),
                    |field| format!("`{{ \"Field\": \"{field}\", \"Encoding\": \"base64\" }}`"),
                )),
                Binary::Files => {}
                Binary::Field {
                    field,
                    encoding,
                    mime_type_field,
                    file_name_field,
                    ..
                } => {
                    if let Some(f) = self.field(object, field, &at.key(key::FIELD)) {
                        self.encoding(f, *encoding, &at);
                    }
                    for (name, given, what) in [
                        (key::MIME_TYPE_FIELD, mime_type_field, "MIME type"),
                        (key::FILE_NAME_FIELD, file_name_field, "file name"),
                    ] {
                        let Some(given) = given else { continue };
                        let Some(f) = self.field(object, given, &at.key(name)) else {
                            continue;
                        };
                        if !matches!(f.ty.as_str(), "string" | "picklist") {
                            self.diags.push(
                                Diagnostic::binary_option_field(what, &f.name, &f.ty)
                                    .label(self.spans.label(&at.key(name)), "not a text field")
                                    .help(format!(
                                        "name a `string` or `picklist` field that holds the {what}"
                                    )),
                            );
                        }
                    }
                }
            }
        }
    }

    /// A binary's `Encoding` follows its field's type.
    fn encoding(&mut self, f: &Field, encoding: Encoding, at: &Pointer) {
        let wanted = match f.ty.as_str() {
            "base64" => Encoding::Base64,
            "textarea" | "string" => Encoding::Text,
            other => {
                self.diags.push(Diagnostic::cannot_become_file(
                    &f.name,
                    other,
                    self.spans.label(&at.key(key::FIELD)),
                ));
                return;
            }
        };
        if wanted != encoding {
            self.diags.push(
                Diagnostic::new(
                    Code::E057,
                    format!(
                        "`{}` is {} field, so its encoding is `{wanted:?}`",
                        f.name,
                        a_type(&f.ty)
                    ),
                )
                .label(
                    self.spans.label(&at.key(key::ENCODING)),
                    format!("expected `{wanted:?}`"),
                )
                .help(format!("write `\"Encoding\": \"{wanted:?}\"`")),
            );
        }
    }

    /// W103: `ApiVersion` names another version than the describes came from.
    fn api_version(&mut self, wanted: Option<&str>) {
        let Some(wanted) = wanted.filter(|v| is_api_version(v)) else {
            return;
        };
        let others: Vec<String> = self
            .used
            .iter()
            .filter_map(|d| {
                let v = d.api_version.as_deref()?;
                (v != wanted).then(|| format!("`{}` ({v})", d.name))
            })
            .collect();
        if others.is_empty() {
            return;
        }
        let at = Pointer::root().key(key::API_VERSION);
        self.diags.push(
            Diagnostic::api_version_mismatch(wanted, &others)
                .label(self.spans.label(&at), "the config's API version")
                .help("pull the schemas again for this version, or change `ApiVersion`"),
        );
    }
}
