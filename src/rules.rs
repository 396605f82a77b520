//! The connector's rules, as data and predicates, with no diagnostics:
//! what each core field accepts, the defaults of core fields, how deep a
//! path may go, and which relationship an edge takes when `via` is not
//! given. `check`, `validate` and `scaffold` (`init`) all follow them, so
//! they live here, below all three.

use crate::config::{CoreField, Mapping};
use crate::schema::{ChildRelationship, Describe, Field};

/// Salesforce's limit on relationship hops in one path.
pub const MAX_HOPS: usize = 5;

/// The values the connector derives itself (`@RecordUrl`).
pub const DERIVED: [&str; 1] = ["RecordUrl"];

/// Whether `core` takes a literal value.
pub fn literal_accepted(core: CoreField) -> bool {
    matches!(
        core,
        CoreField::Title
            | CoreField::Author
            | CoreField::SourceCreatedBy
            | CoreField::SourceLastModifiedBy
            | CoreField::ContentVersion
            | CoreField::MimeType
    )
}

/// Whether `core` takes the field `f` (for a path, its last field).
pub fn field_accepted(core: CoreField, f: &Field, aggregation: &str) -> bool {
    let t = f.ty.as_str();
    match core {
        CoreField::ExternalId => t == "id" || (t == "string" && (f.external_id || f.id_lookup)),
        CoreField::Title => matches!(
            t,
            "string" | "textarea" | "picklist" | "combobox" | "email" | "phone" | "url" | "id"
        ),
        CoreField::Author | CoreField::SourceCreatedBy | CoreField::SourceLastModifiedBy => {
            matches!(t, "reference" | "string" | "email")
        }
        CoreField::SourceCreatedDate | CoreField::SourceLastModifiedDate => {
            matches!(t, "datetime" | "date")
        }
        CoreField::Location => matches!(t, "url" | "string"),
        CoreField::ParentExternalId => {
            t == "reference"
                && f.reference_to
                    .iter()
                    .any(|r| r.eq_ignore_ascii_case(aggregation))
        }
        CoreField::ContentVersion => matches!(t, "string" | "int" | "double" | "datetime"),
        CoreField::MimeType => matches!(t, "string" | "picklist"),
    }
}

/// What a core field accepts, in words.
pub fn accepted(core: CoreField) -> &'static str {
    match core {
        CoreField::ExternalId => "an `id` field, or a `string` field marked external id or id lookup",
        CoreField::Title => "a text field (`string`, `textarea`, `picklist`, `combobox`, `email`, `phone`, `url`, `id`) or a literal",
        CoreField::Author | CoreField::SourceCreatedBy | CoreField::SourceLastModifiedBy => {
            "a `reference`, `string` or `email` field, or a literal"
        }
        CoreField::SourceCreatedDate | CoreField::SourceLastModifiedDate => {
            "a `datetime` or `date` field"
        }
        CoreField::Location => "`@RecordUrl`, or a `url` or `string` field",
        CoreField::ParentExternalId => "a lookup to the aggregation",
        CoreField::ContentVersion => "a literal, or a `string`, `int`, `double` or `datetime` field",
        CoreField::MimeType => "a literal, or a `string` or `picklist` field",
    }
}

/// What RecordPoint does with a core field, in words.
pub fn purpose(core: CoreField) -> &'static str {
    match core {
        CoreField::ExternalId => {
            "the item's unique id, which RecordPoint keeps to find it again in Salesforce"
        }
        CoreField::Title => "the title RecordPoint shows for the item",
        CoreField::Author => "who wrote the item",
        CoreField::SourceCreatedDate => "when the item was created in Salesforce",
        CoreField::SourceCreatedBy => "who created the item in Salesforce",
        CoreField::SourceLastModifiedDate => "when the item was last modified in Salesforce",
        CoreField::SourceLastModifiedBy => "who last modified the item in Salesforce",
        CoreField::Location => "where the item is: a link back to it in Salesforce",
        CoreField::ParentExternalId => "the aggregation a record belongs to, by its id",
        CoreField::ContentVersion => "the version of a record's content",
        CoreField::MimeType => "the MIME type of a record's content",
    }
}

/// The default of `core` on `object` (a record's when `via`, its lookup to
/// the aggregation, is given): the mapping and, for a plain field, the
/// field; `Err` says why the default cannot be had; `None` for core fields
/// without a default here.
pub fn default_mapping<'d>(
    core: CoreField,
    object: &'d Describe,
    via: Option<&'d Field>,
) -> Option<Result<(Mapping, Option<&'d Field>), String>> {
    let plain = |name: &str| -> Result<(Mapping, Option<&'d Field>), String> {
        match object.field(name) {
            Some(f) => Ok((Mapping::Field(f.name.clone()), Some(f))),
            None => Err(format!("no `{name}` field")),
        }
    };
    Some(match core {
        CoreField::ExternalId => plain("Id"),
        CoreField::Title => match default_title(object) {
            Some(f) => Ok((Mapping::Field(f.name.clone()), Some(f))),
            None => Err("no name field, `Name` or `Subject` to take the title from".to_string()),
        },
        CoreField::Author | CoreField::SourceCreatedBy => plain("CreatedById"),
        CoreField::SourceCreatedDate => plain("CreatedDate"),
        CoreField::SourceLastModifiedDate => plain("LastModifiedDate"),
        CoreField::SourceLastModifiedBy => plain("LastModifiedById"),
        CoreField::Location => Ok((Mapping::Derived("RecordUrl".into()), None)),
        CoreField::ParentExternalId => {
            let v = via?;
            Ok((Mapping::Field(v.name.clone()), Some(v)))
        }
        CoreField::ContentVersion => Ok((Mapping::Value("1".into()), None)),
        CoreField::MimeType => return None,
    })
}

/// The field `Title` defaults to: the name field, else `Name`, else
/// `Subject`.
pub fn default_title(object: &Describe) -> Option<&Field> {
    object
        .name_field()
        .or_else(|| object.field("Name"))
        .or_else(|| object.field("Subject"))
}

/// Of several relationships from `parent` to `child`, those whose lookup
/// references `parent` alone (not a polymorphic one): the relationship
/// choice rule, when `via` is not given.
pub fn referencing_alone<'r>(
    several: &[&'r ChildRelationship],
    child: &Describe,
    parent: &str,
) -> Vec<&'r ChildRelationship> {
    several
        .iter()
        .copied()
        .filter(|r| {
            child.field(&r.field).is_some_and(|f| {
                f.reference_to.len() == 1 && f.reference_to[0].eq_ignore_ascii_case(parent)
            })
        })
        .collect()
}

/// The relationship choice rule (language.md), for an edge without `via`:
/// the child relationship from `child` to `parent` it takes: the only named
/// one, else the only one whose lookup references `parent` alone. `None`
/// when the rule picks none (`via` must then be written).
pub fn chosen_relationship<'r>(
    parent: &'r Describe,
    child: &Describe,
) -> Option<&'r ChildRelationship> {
    let named: Vec<&ChildRelationship> = parent
        .children_of(&child.name)
        .filter(|r| r.relationship_name.is_some())
        .collect();
    match named.as_slice() {
        [] => None,
        [only] => Some(only),
        several => match referencing_alone(several, child, &parent.name).as_slice() {
            [only] => Some(only),
            _ => None,
        },
    }
}
