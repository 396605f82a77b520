//! Where `init` finds objects and their describes: the schema cache, or a
//! live org (pulling each describe into the cache as it is first needed,
//! so that the file written compiles offline).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::diagnostics::Diagnostic;
use crate::org::{pull, GlobalEntry, Org, OrgError};
use crate::schema::{Catalog, Describe, Lookup};
use crate::source::Span;

/// An object that can be offered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectInfo {
    pub name: String,
    pub label: Option<String>,
    pub custom: bool,
}

/// A failure that stops `init`: the org cannot be reached, or a cached
/// describe cannot be read.
#[derive(Debug)]
pub enum Failure {
    Org(OrgError),
    Schema(Box<Diagnostic>),
    /// There is no object to offer: where they would have come from.
    NoObjects(String),
}

pub trait Schemas {
    /// The queryable objects, in no set order.
    fn objects(&mut self) -> Result<Vec<ObjectInfo>, Failure>;
    /// An object's describe; `None` when there is none to be had.
    fn describe(&mut self, name: &str) -> Result<Option<Arc<Describe>>, Failure>;
    /// Whether `name` is an object that `describe` can give, without
    /// fetching it.
    fn has(&mut self, name: &str) -> bool;
    /// Whether an object that `has` can be queried, as far as is known
    /// without fetching it.
    fn queryable(&mut self, name: &str) -> bool;
    /// Gets ready the describes of `names`, which are about to be asked
    /// for: a live org pulls them in one go rather than one by one.
    fn prefetch(&mut self, _names: &[String]) -> Result<(), Failure> {
        Ok(())
    }
    /// The describes written into the schema cache this run, sorted.
    fn pulled(&self) -> Vec<String> {
        Vec::new()
    }
    /// Where describes come from, for messages: the cache folder or the org.
    fn origin(&self) -> String;
    /// True for the schema cache alone: objects missing from it may still
    /// exist in the org.
    fn offline(&self) -> bool;
    /// E090 for `name`, written at `span`, which `describe` did not give:
    /// as `check` says it, for the cache or the org.
    fn not_found(&mut self, name: &str, span: Span) -> Result<Diagnostic, Failure>;
}

/// The schema cache.
pub struct Cache {
    catalog: Catalog,
}

impl Cache {
    pub fn new(catalog: Catalog) -> Self {
        Cache { catalog }
    }

    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }
}

impl Schemas for Cache {
    fn objects(&mut self) -> Result<Vec<ObjectInfo>, Failure> {
        let names: Vec<String> = self.catalog.names().iter().map(|s| s.to_string()).collect();
        let mut out = Vec::new();
        for name in names {
            // Describes that cannot be read are not offered; naming one
            // reports why.
            if let Lookup::Found(d) = self.catalog.get(&name) {
                if d.queryable {
                    out.push(ObjectInfo {
                        name: d.name.clone(),
                        label: d.label.clone(),
                        custom: d.custom,
                    });
                }
            }
        }
        Ok(out)
    }

    fn describe(&mut self, name: &str) -> Result<Option<Arc<Describe>>, Failure> {
        match self.catalog.get(name) {
            Lookup::Found(d) => Ok(Some(d)),
            Lookup::Missing { .. } => Ok(None),
            Lookup::Malformed(d) => Err(Failure::Schema(d)),
        }
    }

    fn has(&mut self, name: &str) -> bool {
        self.catalog.has(name)
    }

    fn queryable(&mut self, name: &str) -> bool {
        match self.catalog.get(name) {
            Lookup::Found(d) => d.queryable,
            // Offered, so that choosing it reports why it cannot be read.
            Lookup::Malformed(_) => true,
            Lookup::Missing { .. } => false,
        }
    }

    fn origin(&self) -> String {
        format!("the schema cache `{}`", self.catalog.dir().display())
    }

    fn offline(&self) -> bool {
        true
    }

    fn not_found(&mut self, name: &str, span: Span) -> Result<Diagnostic, Failure> {
        Ok(self.catalog.not_found(name, span, None, true))
    }
}

/// A live org; describes are pulled into `dir` (the schema cache) when
/// first asked for.
pub struct Live {
    org: Org,
    dir: PathBuf,
    global: Option<Vec<GlobalEntry>>,
    described: HashMap<String, Option<Arc<Describe>>>,
    /// Objects pulled (or found unchanged) this run, as the org spells them.
    pulled: Vec<String>,
}

impl Live {
    pub fn new(org: Org, dir: PathBuf) -> Self {
        Live {
            org,
            dir,
            global: None,
            described: HashMap::new(),
            pulled: Vec::new(),
        }
    }

    fn global(&mut self) -> Result<&[GlobalEntry], Failure> {
        if self.global.is_none() {
            self.global = Some(self.org.global().map_err(Failure::Org)?);
        }
        Ok(self.global.as_deref().unwrap_or_default())
    }
}

impl Schemas for Live {
    fn objects(&mut self) -> Result<Vec<ObjectInfo>, Failure> {
        Ok(self
            .global()?
            .iter()
            .filter(|e| e.queryable)
            .map(|e| ObjectInfo {
                name: e.name.clone(),
                label: e.label.clone(),
                custom: e.custom,
            })
            .collect())
    }

    fn describe(&mut self, name: &str) -> Result<Option<Arc<Describe>>, Failure> {
        let key = name.to_ascii_lowercase();
        if let Some(found) = self.described.get(&key) {
            return Ok(found.clone());
        }
        let report = pull::pull(&self.org, &[name.to_string()], &self.dir, &());
        if let Some(fatal) = report.fatal {
            return Err(Failure::Org(fatal));
        }
        if let Some((_, e)) = report.failed.into_iter().next() {
            return Err(Failure::Org(e));
        }
        let found = if report.not_found.is_empty() {
            self.pulled
                .extend(report.fetched.into_iter().chain(report.unchanged));
            match Catalog::new(&self.dir).get(name) {
                Lookup::Found(d) => Some(d),
                Lookup::Missing { .. } => None,
                Lookup::Malformed(d) => return Err(Failure::Schema(d)),
            }
        } else {
            None
        };
        self.described.insert(key, found.clone());
        Ok(found)
    }

    fn prefetch(&mut self, names: &[String]) -> Result<(), Failure> {
        let wanted: Vec<String> = names
            .iter()
            .filter(|n| !self.described.contains_key(&n.to_ascii_lowercase()))
            .cloned()
            .collect();
        if wanted.len() < 2 {
            return Ok(());
        }
        let report = pull::pull(&self.org, &wanted, &self.dir, &());
        if let Some(fatal) = report.fatal {
            return Err(Failure::Org(fatal));
        }
        let catalog = Catalog::new(&self.dir);
        for name in report.fetched.iter().chain(&report.unchanged) {
            if let Lookup::Found(d) = catalog.get(name) {
                self.described.insert(name.to_ascii_lowercase(), Some(d));
            }
        }
        for name in &report.not_found {
            self.described.insert(name.to_ascii_lowercase(), None);
        }
        self.pulled
            .extend(report.fetched.into_iter().chain(report.unchanged));
        // Failures are left for `describe` to try again and report.
        Ok(())
    }

    fn has(&mut self, name: &str) -> bool {
        self.global()
            .map(|g| g.iter().any(|e| e.name.eq_ignore_ascii_case(name)))
            .unwrap_or(false)
    }

    fn queryable(&mut self, name: &str) -> bool {
        self.global()
            .map(|g| {
                g.iter()
                    .any(|e| e.name.eq_ignore_ascii_case(name) && e.queryable)
            })
            .unwrap_or(false)
    }

    fn origin(&self) -> String {
        format!("the org {}", self.org.instance())
    }

    fn pulled(&self) -> Vec<String> {
        let mut list = self.pulled.clone();
        list.sort_by_key(|n| n.to_ascii_lowercase());
        list.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
        list
    }

    fn offline(&self) -> bool {
        false
    }

    fn not_found(&mut self, name: &str, span: Span) -> Result<Diagnostic, Failure> {
        let names: Vec<String> = self.objects()?.into_iter().map(|o| o.name).collect();
        Ok(Diagnostic::not_in_org(
            name,
            Some(span),
            names.iter().map(String::as_str),
            &self.org.describe_as(),
        ))
    }
}
