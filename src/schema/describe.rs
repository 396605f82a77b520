//! The part of a Salesforce sObject describe payload that hierc reads. Unknown
//! keys are ignored and optional keys may be missing, so trimmed describes
//! (such as the VS Code extension's SOQL cache) load too.

use std::collections::HashMap;

use serde::Deserialize;

/// One object's describe, as cached.
#[derive(Debug)]
pub struct Describe {
    pub name: String,
    pub label: Option<String>,
    pub custom: bool,
    pub queryable: bool,
    /// Whether records can be deleted, when the describe says (for the
    /// user who described it).
    pub deletable: Option<bool>,
    /// `retrieveable`: whether its records can be read by Id (missing:
    /// assumed so).
    pub retrieveable: bool,
    pub fields: Vec<Field>,
    pub child_relationships: Vec<ChildRelationship>,
    /// The API version the describe came from, when its `urls` say.
    pub api_version: Option<String>,
    by_name: HashMap<String, usize>,
    by_relationship: HashMap<String, usize>,
    /// Positions in `child_relationships` by child object, lower case.
    by_child: HashMap<String, Vec<usize>>,
    /// The first position in `child_relationships` of each child object
    /// and lookup field, lower case.
    by_child_field: HashMap<(String, String), usize>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Field {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub reference_to: Vec<String>,
    #[serde(default)]
    pub relationship_name: Option<String>,
    #[serde(default)]
    pub name_field: bool,
    #[serde(default)]
    pub external_id: bool,
    #[serde(default)]
    pub id_lookup: bool,
    #[serde(default)]
    pub html_formatted: bool,
    #[serde(default)]
    pub extra_type_info: Option<String>,
    #[serde(default)]
    pub compound_field_name: Option<String>,
    /// For editors' hovers: the length of a text field, its help text, its
    /// picklist values, and whether it is custom.
    #[serde(default)]
    pub length: Option<u64>,
    #[serde(default)]
    pub inline_help_text: Option<String>,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub picklist_values: Vec<PicklistValue>,
    #[serde(default)]
    pub custom: bool,
    /// Whether a WHERE clause may name it (missing: assumed so).
    #[serde(default = "yes")]
    pub filterable: bool,
    /// Shield Platform Encryption.
    #[serde(default)]
    pub encrypted: bool,
    #[serde(default)]
    pub deprecated_and_hidden: bool,
}

/// One value of a picklist field.
#[derive(Clone, Debug, Deserialize)]
pub struct PicklistValue {
    pub value: String,
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default = "yes")]
    pub active: bool,
}

impl Field {
    pub fn is_reference(&self) -> bool {
        self.ty == "reference"
    }

    pub fn is_polymorphic(&self) -> bool {
        self.reference_to.len() > 1
    }

    /// A text field whose content is HTML.
    pub fn is_html(&self) -> bool {
        self.html_formatted || self.extra_type_info.as_deref() == Some("richtextarea")
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChildRelationship {
    #[serde(rename = "childSObject")]
    pub child_sobject: String,
    pub field: String,
    #[serde(default)]
    pub relationship_name: Option<String>,
}

/// The payload's shape for serde; turned into `Describe` with indexes.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Raw {
    name: String,
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    custom: bool,
    #[serde(default = "yes")]
    queryable: bool,
    #[serde(default)]
    deletable: Option<bool>,
    #[serde(default = "yes")]
    retrieveable: bool,
    fields: Vec<Field>,
    #[serde(default, deserialize_with = "null_as_empty")]
    child_relationships: Vec<ChildRelationship>,
    #[serde(default)]
    urls: Option<Urls>,
}

#[derive(Deserialize)]
struct Urls {
    #[serde(default)]
    describe: Option<String>,
    #[serde(default)]
    sobject: Option<String>,
}

fn yes() -> bool {
    true
}

fn null_as_empty<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

/// `62.0` from `/services/data/v62.0/sobjects/Case/describe`.
fn version_in(url: &str) -> Option<String> {
    let rest = &url[url.find("/services/data/v")? + "/services/data/v".len()..];
    let v = &rest[..rest.find('/').unwrap_or(rest.len())];
    let ok = !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    ok.then(|| v.to_string())
}

impl Describe {
    /// Parses a describe payload.
    pub fn from_json(bytes: &[u8]) -> Result<Describe, serde_json::Error> {
        let raw: Raw = serde_json::from_slice(bytes)?;
        let api_version = raw
            .urls
            .as_ref()
            .and_then(|u| u.describe.as_deref().or(u.sobject.as_deref()))
            .and_then(version_in);
        let mut by_name = HashMap::with_capacity(raw.fields.len());
        let mut by_relationship = HashMap::new();
        for (i, f) in raw.fields.iter().enumerate() {
            by_name.entry(f.name.to_ascii_lowercase()).or_insert(i);
            if let Some(r) = &f.relationship_name {
                by_relationship.entry(r.to_ascii_lowercase()).or_insert(i);
            }
        }
        let mut by_child: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_child_field = HashMap::new();
        for (i, r) in raw.child_relationships.iter().enumerate() {
            let child = r.child_sobject.to_ascii_lowercase();
            by_child_field
                .entry((child.clone(), r.field.to_ascii_lowercase()))
                .or_insert(i);
            by_child.entry(child).or_default().push(i);
        }
        Ok(Describe {
            name: raw.name,
            label: raw.label,
            custom: raw.custom,
            queryable: raw.queryable,
            deletable: raw.deletable,
            retrieveable: raw.retrieveable,
            fields: raw.fields,
            child_relationships: raw.child_relationships,
            api_version,
            by_name,
            by_relationship,
            by_child,
            by_child_field,
        })
    }

    /// A field by name, ignoring case.
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.field_index(name).map(|i| &self.fields[i])
    }

    /// The position of a field in `fields`, by name, ignoring case.
    pub fn field_index(&self, name: &str) -> Option<usize> {
        self.by_name.get(&name.to_ascii_lowercase()).copied()
    }

    /// The lookup field whose relationship name is `name`, ignoring case.
    pub fn relationship(&self, name: &str) -> Option<&Field> {
        self.relationship_index(name).map(|i| &self.fields[i])
    }

    /// The position in `fields` of the lookup whose relationship name is `name`.
    pub fn relationship_index(&self, name: &str) -> Option<usize> {
        self.by_relationship
            .get(&name.to_ascii_lowercase())
            .copied()
    }

    /// The child relationships whose child object is `object`, ignoring
    /// case, in the describe's order.
    pub fn children_of(&self, object: &str) -> impl Iterator<Item = &ChildRelationship> {
        self.by_child
            .get(&object.to_ascii_lowercase())
            .into_iter()
            .flatten()
            .map(|&i| &self.child_relationships[i])
    }

    /// The (first) child relationship of the child object `object` through
    /// its lookup `field`, ignoring case.
    pub fn child_relationship(&self, object: &str, field: &str) -> Option<&ChildRelationship> {
        self.by_child_field
            .get(&(object.to_ascii_lowercase(), field.to_ascii_lowercase()))
            .map(|&i| &self.child_relationships[i])
    }

    pub fn field_names(&self) -> impl Iterator<Item = &str> {
        self.fields.iter().map(|f| f.name.as_str())
    }

    /// The field marked `nameField`.
    pub fn name_field(&self) -> Option<&Field> {
        self.fields.iter().find(|f| f.name_field)
    }

    /// Whether Salesforce Files can be linked to records of this object.
    pub fn holds_files(&self) -> bool {
        self.child_relationships.iter().any(|r| {
            r.child_sobject.eq_ignore_ascii_case("ContentDocumentLink")
                && r.field.eq_ignore_ascii_case("LinkedEntityId")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_trimmed_describe() {
        let d = Describe::from_json(
            br#"{"name":"X__c","fields":[{"name":"Id","type":"id","referenceTo":null},
                {"name":"Owner__c","type":"reference","referenceTo":["User"],"relationshipName":"Owner__r","extra":1}],
                "childRelationships":null}"#,
        )
        .unwrap();
        assert!(d.queryable);
        assert_eq!(d.field("owner__C").unwrap().name, "Owner__c");
        assert_eq!(d.relationship("OWNER__R").unwrap().name, "Owner__c");
        assert_eq!(d.api_version, None);
    }

    #[test]
    fn finds_the_api_version_in_urls() {
        assert_eq!(
            version_in("/services/data/v62.0/sobjects/Case/describe"),
            Some("62.0".into())
        );
        assert_eq!(version_in("/services/data/vxx.0/sobjects"), None);
    }
}
