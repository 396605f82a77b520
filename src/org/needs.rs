//! Which describes `.hier` files need: the aggregation, both ends of every
//! edge, the target of each `ref`, and every object a path hop reaches.
//! Targets of lookups are known only from the describes of the objects that
//! hold them, so callers pull, look again, and stop when nothing new is
//! needed.

use std::collections::BTreeMap;

use crate::config::{Config, CoreField, Mapping};
use crate::schema::{Catalog, Lookup};
use crate::syntax::ast::{Block, BlockItem, File, Statement, Value};

/// The objects `files` need given what `catalog` holds, keyed by lower case,
/// as first spelled.
pub fn needed(files: &[File], catalog: &Catalog) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut add = |name: &str| {
        out.entry(name.to_ascii_lowercase())
            .or_insert_with(|| name.to_string());
    };
    for file in files {
        for statement in &file.statements {
            let (object, block) = match statement {
                Statement::Aggregation(a) => (&a.object.name, a.block.as_ref()),
                Statement::Edge(e) => {
                    add(&e.parent.name);
                    (&e.child.name, e.block.as_ref())
                }
                _ => continue,
            };
            add(object);
            if let Some(block) = block {
                for target in block_targets(object, block, catalog) {
                    add(&target);
                }
            }
        }
    }
    out
}

/// The objects the configs `configs` name, given what `catalog` holds,
/// keyed by lower case, as first spelled: the aggregation, each record, the
/// target of each reference, and every object a core mapping's path goes
/// through. Like [`needed`], a static list: callers pull, look again with
/// the new describes, and stop when nothing new is needed.
pub fn for_configs(configs: &[Config], catalog: &Catalog) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut add = |name: &str| {
        out.entry(name.to_ascii_lowercase())
            .or_insert_with(|| name.to_string());
    };
    for config in configs {
        let a = &config.aggregation;
        let items = std::iter::once((&a.object, &a.core_field_mappings, &a.references)).chain(
            a.records
                .iter()
                .map(|r| (&r.object, &r.core_field_mappings, &r.references)),
        );
        for (object, mappings, references) in items {
            add(object);
            for r in references {
                add(&r.object);
            }
            let mut reached = Vec::new();
            for mapping in CoreField::ALL.into_iter().filter_map(|c| mappings.get(c)) {
                if let Mapping::Field(path) = mapping {
                    let hops: Vec<&str> = path.split('.').collect();
                    if hops.len() > 1 {
                        hop_targets(object, &hops[..hops.len() - 1], catalog, &mut reached);
                    }
                }
            }
            reached.iter().for_each(|name| add(name));
        }
    }
    out
}

/// The objects a block's refs and path hops reach.
fn block_targets(object: &str, block: &Block, catalog: &Catalog) -> Vec<String> {
    let mut out = Vec::new();
    for item in &block.items {
        match item {
            BlockItem::Ref(r) => match &r.target {
                Some(t) => out.push(t.name.clone()),
                None => {
                    if let Lookup::Found(d) = catalog.get(object) {
                        if let Some(f) = d.field(&r.field.name) {
                            if f.reference_to.len() == 1 {
                                out.extend(f.reference_to.iter().cloned());
                            }
                        }
                    }
                }
            },
            BlockItem::Mapping(m) => {
                if let Value::Path(hops) = &m.value {
                    if hops.len() > 1 {
                        let names: Vec<&str> = hops.iter().map(|h| h.name.as_str()).collect();
                        hop_targets(object, &names[..names.len() - 1], catalog, &mut out);
                    }
                }
            }
            BlockItem::Fields { .. } => {}
        }
    }
    out
}

/// Follows relationship names from `object`, collecting each object reached.
fn hop_targets(object: &str, hops: &[&str], catalog: &Catalog, out: &mut Vec<String>) {
    let Some((first, rest)) = hops.split_first() else {
        return;
    };
    let Lookup::Found(d) = catalog.get(object) else {
        return;
    };
    let Some(field) = d.relationship(first) else {
        return;
    };
    for target in &field.reference_to {
        out.push(target.clone());
        hop_targets(target, rest, catalog, out);
    }
}
