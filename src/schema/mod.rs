//! The schema cache: a folder of `<Object>.schema.json` files, each holding an
//! sObject describe payload as the REST API returns it.
//!
//! A `Catalog` lists the folder once and reads a describe only when a file
//! asks for that object, at most once per run. Object names are matched
//! ignoring case, so `case` finds `Case.schema.json` on any filesystem.

mod describe;

use std::cell::{OnceCell, RefCell};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use describe::{ChildRelationship, Describe, Field, PicklistValue};

use crate::diagnostics::suggest::suggestion;
use crate::diagnostics::{Applicability, Code, Diagnostic, Fix};
use crate::source::{SourceFile, Span};

/// The suffix of a cached describe file.
pub const SUFFIX: &str = ".schema.json";

/// What the cache holds for an object.
#[derive(Clone, Debug)]
pub enum Lookup {
    Found(Arc<Describe>),
    /// No file for this object; `reason` says more when the folder itself is missing.
    Missing {
        reason: Option<String>,
    },
    /// The file exists but cannot be read as a describe: an E091.
    Malformed(Box<Diagnostic>),
}

/// Lower-case object name to (the file's spelling, path); or why the folder
/// cannot be listed.
type Index = Result<BTreeMap<String, (String, PathBuf)>, String>;

#[derive(Clone)]
pub struct Catalog {
    dir: PathBuf,
    /// Set when the folder holds describes just fetched from an org.
    origin: Option<Arc<Origin>>,
    /// Listed on first use.
    index: OnceCell<Index>,
    loaded: RefCell<HashMap<String, Lookup>>,
    /// Objects asked for that the cache does not hold, as first written.
    missing: RefCell<BTreeMap<String, String>>,
}

impl Catalog {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Catalog {
            dir: dir.into(),
            origin: None,
            index: OnceCell::new(),
            loaded: RefCell::new(HashMap::new()),
            missing: RefCell::new(BTreeMap::new()),
        }
    }

    /// A catalog of describes just fetched from an org into `dir`
    /// (`--live`): an object it lacks is one the org does not have, and its
    /// E090 says so.
    pub fn live(dir: impl Into<PathBuf>, origin: Arc<Origin>) -> Self {
        Catalog {
            origin: Some(origin),
            ..Catalog::new(dir)
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The org the describes were fetched from, for a live catalog.
    pub fn origin(&self) -> Option<&Origin> {
        self.origin.as_deref()
    }

    /// E090 for `object`, written at `span`, which [`Catalog::get`] found
    /// `Missing` (`reason` is the one it gave). The one way this code is
    /// built: a schema cache offers a did-you-mean among the objects it
    /// holds when `suggest`; a live catalog says the org has no such object
    /// and suggests among the org's objects.
    pub fn not_found(
        &self,
        object: &str,
        span: Span,
        reason: Option<String>,
        suggest: bool,
    ) -> Diagnostic {
        if let Some(origin) = self.origin().filter(|o| o.lacks(object)) {
            return Diagnostic::not_in_org(
                object,
                Some(span),
                origin.objects.iter().map(String::as_str),
                &origin.name,
            );
        }
        let d = Diagnostic::new(Code::E090, format!("no cached schema for `{object}`"))
            .rests_on(object);
        let mut help = format!("fetch it with `hierc schema pull {object}`");
        let mut fix = None;
        if suggest {
            let names = self.names();
            if let Some(s) = suggestion(object, span, names.iter().copied()) {
                help = format!(
                    "{} (cached), or fetch `{object}` with `hierc schema pull {object}`",
                    s.help()
                );
                // Unsafe: the object meant may be one not pulled yet.
                fix = Some(Fix {
                    applicability: Applicability::Unsafe,
                    ..s.fix
                });
            }
        }
        d.label(span, "not in the schema cache")
            .help(help)
            .maybe_fix(fix)
            .note(reason.unwrap_or_else(|| format!("the schema cache is `{}`", self.dir.display())))
    }

    fn index(&self) -> &Index {
        self.index.get_or_init(|| {
            let entries = std::fs::read_dir(&self.dir).map_err(|e| {
                format!(
                    "the schema cache `{}` cannot be read: {}",
                    self.dir.display(),
                    crate::workspace::files::io_reason(&e)
                )
            })?;
            let mut index = BTreeMap::new();
            for entry in entries.flatten() {
                let name = entry.file_name();
                let Some(name) = name.to_str() else { continue };
                let lower = name.to_ascii_lowercase();
                if let Some(stem) = lower.strip_suffix(SUFFIX) {
                    let original = name[..stem.len()].to_string();
                    index.insert(stem.to_string(), (original, entry.path()));
                }
            }
            Ok(index)
        })
    }

    /// The object names the cache holds, as the files spell them, sorted.
    pub fn names(&self) -> Vec<&str> {
        match self.index() {
            Ok(index) => index.values().map(|(n, _)| n.as_str()).collect(),
            Err(_) => Vec::new(),
        }
    }

    /// Whether the cache holds a describe of `object` (any case), without
    /// reading it.
    pub fn has(&self, object: &str) -> bool {
        matches!(self.index(), Ok(index) if index.contains_key(&object.to_ascii_lowercase()))
    }

    /// The file that holds the describe of `object` (any case), if the
    /// cache has one.
    pub fn path(&self, object: &str) -> Option<PathBuf> {
        match self.index() {
            Ok(index) => index
                .get(&object.to_ascii_lowercase())
                .map(|(_, p)| p.clone()),
            Err(_) => None,
        }
    }

    /// The describe of `object`, read on first use.
    pub fn get(&self, object: &str) -> Lookup {
        let key = object.to_ascii_lowercase();
        if let Some(found) = self.loaded.borrow().get(&key) {
            return found.clone();
        }
        let result = match self.index() {
            Err(reason) => Lookup::Missing {
                reason: Some(reason.clone()),
            },
            Ok(index) => match index.get(&key) {
                None => Lookup::Missing { reason: None },
                Some((_, path)) => load(path, object),
            },
        };
        if matches!(result, Lookup::Missing { .. }) {
            self.missing
                .borrow_mut()
                .entry(key.clone())
                .or_insert_with(|| object.to_string());
        }
        self.loaded.borrow_mut().insert(key, result.clone());
        result
    }

    /// The objects asked for so far that the cache does not hold, sorted:
    /// what a pull must fetch.
    pub fn missing(&self) -> Vec<String> {
        self.missing.borrow().values().cloned().collect()
    }
}

/// What an org said while its describes were fetched for a live check: the
/// objects it does not have, and (when there are some) the objects it has,
/// for did-you-mean.
#[derive(Clone, Debug)]
pub struct Origin {
    /// `the org https://acme.my.salesforce.com (API v62.0)`.
    pub name: String,
    /// Lower case.
    not_found: BTreeSet<String>,
    objects: Vec<String>,
}

impl Origin {
    pub fn new(name: impl Into<String>, not_found: &[String], objects: Vec<String>) -> Self {
        Origin {
            name: name.into(),
            not_found: not_found.iter().map(|n| n.to_ascii_lowercase()).collect(),
            objects,
        }
    }

    /// Whether the org said it has no `object`.
    pub fn lacks(&self, object: &str) -> bool {
        self.not_found.contains(&object.to_ascii_lowercase())
    }
}

/// Reads and parses one cached describe.
fn load(path: &Path, object: &str) -> Lookup {
    let shown = path.display().to_string();
    let bytes = match crate::workspace::files::read_file(path) {
        Ok(b) => b,
        Err(crate::workspace::files::ReadError::TooLarge) => {
            return Lookup::Malformed(Box::new(crate::workspace::files::too_large(&shown)))
        }
        Err(e) => {
            return Lookup::Malformed(Box::new(Diagnostic::new(
                Code::E091,
                format!("cannot read the cached schema `{shown}`: {}", e.reason()),
            )))
        }
    };
    match Describe::from_json(&bytes) {
        Ok(d) if d.name.eq_ignore_ascii_case(object) => Lookup::Found(Arc::new(d)),
        Ok(d) => Lookup::Malformed(Box::new(
            Diagnostic::new(
                Code::E091,
                format!(
                    "the cached schema `{shown}` describes `{}`, not `{object}`",
                    d.name
                ),
            )
            .help(format!(
                "rename the file to `{}{SUFFIX}`, or pull `{object}` again",
                d.name
            )),
        )),
        // JSON has no byte order mark; an editor that saved the file may
        // have added one.
        Err(_) if bytes.starts_with(b"\xef\xbb\xbf") => {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let bom = '\u{feff}'.len_utf8();
            Lookup::Malformed(Box::new(
                Diagnostic::new(
                    Code::E091,
                    format!("the cached schema `{shown}` starts with a byte order mark"),
                )
                .label(Span::new(0, bom), "a UTF-8 byte order mark (BOM)")
                .help(format!(
                    "save it as UTF-8 without a BOM, or pull it again with `hierc schema pull {object}`"
                ))
                .in_source(SourceFile::new(shown.clone(), text)),
            ))
        }
        Err(e) => {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let source = SourceFile::new(shown.clone(), text);
            let at = crate::source::serde_json_offset(&source.text, e.line(), e.column());
            let what = match e.classify() {
                serde_json::error::Category::Data => "is not a describe payload",
                serde_json::error::Category::Eof => "ends too early",
                _ => "is not valid JSON",
            };
            let end = (at + 1).min(source.text.len()).max(at);
            let end = crate::source::floor_char_boundary(&source.text, end).max(at);
            Lookup::Malformed(Box::new(
                Diagnostic::new(Code::E091, format!("the cached schema `{shown}` {what}"))
                    .label(Span::new(at, end), strip_position(&e.to_string()))
                    .help(format!(
                        "pull it again with `hierc schema pull {object}`, or delete the file"
                    ))
                    .in_source(source),
            ))
        }
    }
}

/// serde_json's message without its trailing `at line L column C`.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_describe_with_a_byte_order_mark_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let mut bytes = b"\xef\xbb\xbf".to_vec();
        bytes.extend(br#"{"name": "Case", "fields": [], "childRelationships": []}"#);
        std::fs::write(dir.path().join("Case.schema.json"), bytes).unwrap();
        let Lookup::Malformed(d) = Catalog::new(dir.path()).get("Case") else {
            panic!("a BOM is not read past");
        };
        assert_eq!(d.code, Code::E091);
        assert!(
            d.message.ends_with("starts with a byte order mark"),
            "{}",
            d.message
        );
        assert!(d.help.as_deref().unwrap_or("").contains("without a BOM"));
    }

    #[test]
    fn remembers_what_was_missing() {
        let catalog = Catalog::new("no/such/folder");
        assert!(matches!(catalog.get("Lead"), Lookup::Missing { .. }));
        assert!(matches!(catalog.get("lead"), Lookup::Missing { .. }));
        assert!(matches!(catalog.get("Case"), Lookup::Missing { .. }));
        assert_eq!(catalog.missing(), ["Case", "Lead"]);
    }

    #[test]
    fn has_finds_names_in_any_case_without_reading() {
        let dir = tempfile::tempdir().unwrap();
        // Not JSON: `has` must not read it.
        std::fs::write(dir.path().join("Case.schema.json"), "not json").unwrap();
        let catalog = Catalog::new(dir.path());
        assert!(catalog.has("Case") && catalog.has("CASE"));
        assert!(!catalog.has("Lead"));
        assert!(catalog.missing().is_empty());
        assert!(!Catalog::new("no/such/folder").has("Case"));
    }

    #[test]
    fn a_live_catalog_says_the_org_lacks_an_object() {
        let origin = Arc::new(Origin::new(
            "the org https://acme.example (API v62.0)",
            &["EmailMesage".to_string()],
            vec!["Case".to_string(), "EmailMessage".to_string()],
        ));
        let catalog = Catalog::live("no/such/folder", origin);
        let span = Span::new(0, 3);
        let d = catalog.not_found("emailmesage", span, None, false);
        assert_eq!(d.code, Code::E090);
        assert_eq!(d.message, "the org has no object `emailmesage`");
        assert_eq!(d.help.as_deref(), Some("did you mean `EmailMessage`?"));
        assert_eq!(
            d.notes,
            ["checked against the org https://acme.example (API v62.0)"]
        );
        assert_eq!(d.resting_on(), ["emailmesage"]);
        // An object the org was not asked about reads as a cache miss.
        let d = catalog.not_found("Lead", span, None, false);
        assert_eq!(d.message, "no cached schema for `Lead`");
        let cache = Catalog::new("no/such/folder");
        assert_eq!(
            cache.not_found("Case", span, None, false).message,
            "no cached schema for `Case`"
        );
    }

    #[test]
    fn offsets_follow_serde_positions() {
        assert_eq!(crate::source::serde_json_offset("ab\ncd", 2, 2), 4);
        assert_eq!(crate::source::serde_json_offset("ab\ncd", 1, 0), 0);
        assert_eq!(crate::source::serde_json_offset("ab", 5, 1), 2);
    }
}
