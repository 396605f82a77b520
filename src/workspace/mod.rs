//! The workspace: everything around a file that decides how it is checked,
//! and the one per-file pipeline every front end calls (`hierc check`,
//! `build`, `validate`, `tree`, `graph`, `init`'s final check, `--live`, and
//! editors).
//!
//! Given a path (or a path and a text, for editors, standard input and
//! `git show`), a [`Workspace`] finds the file's project (the nearest
//! `hierc.toml`, [`project`]), its schema cache and options; loads the
//! catalog of each cache once; compiles or validates; and applies the
//! project's lint levels and the stale-cache notes. What it returns is
//! finished: front ends print it, count it and choose an exit code, and
//! never post-process it.
//!
//! Its files on disk are in [`files`]; a live org's describes, fetched up
//! front for `--live`, in [`live`].
//!
//! ```no_run
//! use hierc::workspace::Workspace;
//! use std::path::Path;
//!
//! let mut ws = Workspace::new(None);
//! // A file on disk:
//! let on_disk = ws.compile_path(Path::new("examples/case.hier"));
//! // An editor's unsaved text, checked as if it were at that path (its
//! // project, schema cache and lint levels are the path's):
//! let edited = ws.compile_text(Path::new("examples/case.hier"), "aggregation Case\n");
//! assert!(edited.config.is_some() || edited.has_errors());
//! // After the editor saved hierc.toml or a pull changed the cache:
//! ws.invalidate();
//! # let _ = on_disk;
//! ```

pub mod files;
pub mod fixing;
pub mod live;
pub mod project;
pub mod selection;
pub mod suppress;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use crate::diagnostics::suggest;
use crate::diagnostics::Diagnostic;
use crate::org::cache;
use crate::schema::{Catalog, Origin};
use crate::source::SourceFile;
use crate::validate::Validation;
use crate::{compile_with, Compilation, Options};
use project::{Project, Projects};

/// Past this age a pulled describe may be stale, unless hierc.toml's
/// `stale-after` says otherwise.
pub const STALE: Duration = Duration::from_secs(30 * 86_400);

/// What a run knows about the files it checks: projects by `hierc.toml`,
/// catalogs by schema folder, each loaded once, and with `--live` the org's
/// describes. One per run for the command line; one per session for an
/// editor, with [`Workspace::invalidate`] when files around change.
pub struct Workspace {
    /// `--schemas` (or `HIERC_SCHEMAS`), shown relative to `base`.
    explicit: Option<PathBuf>,
    /// The folder names are shown relative to (the current folder).
    base: PathBuf,
    /// The current folder: relative paths are read from it.
    cwd: PathBuf,
    projects: Projects,
    catalogs: BTreeMap<PathBuf, Catalog>,
    /// Set by [`Workspace::go_live`].
    live: Option<live::Live>,
    /// The run's `--select` and `--ignore`.
    selection: selection::Selection,
}

/// The schema cache a file is checked against.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemaDir {
    /// The folder, relative to the current folder when under it.
    pub path: PathBuf,
    /// Named by `--schemas`, `HIERC_SCHEMAS`, hierc.toml's `schemas`, or
    /// `--live`; `false` for the default `schemas/` folder.
    pub explicit: bool,
}

/// What a file's diagnostics depend on besides its own text: an editor
/// watches these, and after a change calls [`Workspace::invalidate`] (or
/// [`Workspace::invalidate_schemas`]) and checks the file again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Context {
    /// Its `hierc.toml`, when it has one (broken or not).
    pub project_file: Option<PathBuf>,
    /// Its schema cache.
    pub schemas: SchemaDir,
}

/// What a validated config was checked against.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Against {
    /// Its structure only: there is no schema cache at this default folder.
    Structure { dir: PathBuf },
    /// Also names and types, against the schema cache in this folder.
    Cache { dir: PathBuf },
    /// Also names and types, against describes just fetched from an org:
    /// `the org https://acme.my.salesforce.com (API v62.0)`.
    Org { origin: String },
}

/// A validated config and what it was checked against; `against` is
/// `None` when its project could not be loaded, so nothing was checked.
#[derive(Debug)]
pub struct Validated {
    pub validation: Validation,
    pub against: Option<Against>,
}

impl Workspace {
    /// A workspace whose names are shown relative to the current folder.
    /// `explicit_schemas` (`--schemas`, `HIERC_SCHEMAS`) overrides every
    /// file's schema cache.
    pub fn new(explicit_schemas: Option<PathBuf>) -> Self {
        Workspace::with_base(explicit_schemas, files::working_dir())
    }

    /// [`Workspace::new`] with names shown relative to `base` (an editor's
    /// workspace folder, say) rather than the current folder. Paths are
    /// still read as given: relative ones from the current folder.
    pub fn with_base(explicit_schemas: Option<PathBuf>, base: PathBuf) -> Self {
        let cwd = files::working_dir();
        Workspace {
            explicit: explicit_schemas.map(|dir| files::relative_to(&dir, &cwd)),
            base,
            cwd,
            projects: Projects::default(),
            catalogs: BTreeMap::new(),
            live: None,
            selection: selection::Selection::default(),
        }
    }

    /// The warnings reported from now on: `--select` and `--ignore`, on top
    /// of each project's `[lint]` levels ([`selection`] says how).
    pub fn set_selection(&mut self, selection: selection::Selection) {
        self.selection = selection;
    }

    /// The folder names are shown relative to.
    pub fn base(&self) -> &Path {
        &self.base
    }

    /// Forgets every project and catalog loaded, so that the next file reads
    /// `hierc.toml` and the schema caches again: after an editor saved
    /// `hierc.toml`, or a pull changed a cache. Live describes are kept.
    pub fn invalidate(&mut self) {
        self.projects.forget();
        self.catalogs.clear();
    }

    /// Forgets the catalog of one schema folder (as [`SchemaDir::path`]
    /// names it), so that its describes are read again.
    pub fn invalidate_schemas(&mut self, dir: &Path) {
        self.catalogs.remove(dir);
    }

    /// Reads and compiles the `.hier` file at `path`, with its project's
    /// options, against its schema cache; lint levels and stale-cache notes
    /// applied. A file that cannot be read gives a compilation with its
    /// E092 (or E002) and an empty source; a broken `hierc.toml` one with
    /// its E095s (which point into `hierc.toml`) and nothing compiled.
    pub fn compile_path(&mut self, path: &Path) -> Compilation {
        let path = files::relative_to(path, &self.cwd);
        match self.read(&path) {
            Ok(source) => self.compile_source(&files::context_of(&path), source),
            Err(d) => unread(d),
        }
    }

    /// Compiles `text` as if it were the file at `path` (which need not
    /// exist): the path decides the name diagnostics show, the project and
    /// the schema cache. For an editor's unsaved buffer, `hierc check -`
    /// with `--stdin-filename`, or a revision from `git show REV:path`.
    pub fn compile_text(&mut self, path: &Path, text: impl Into<String>) -> Compilation {
        let path = files::relative_to(path, &self.cwd);
        let source = SourceFile::new(self.shown(&path), text);
        self.compile_source(&path, source)
    }

    /// Reads the whole of `reader` and compiles it as if it were the file at
    /// `path`, as [`Workspace::compile_text`] does: `hierc check -` reads
    /// standard input so, with `--stdin-filename` as `path`. Text that
    /// cannot be read or is not UTF-8 gives its E092 or E002, as a file's.
    pub fn compile_read(&mut self, path: &Path, reader: impl std::io::Read) -> Compilation {
        let path = files::relative_to(path, &self.cwd);
        match files::read_from(reader, &self.shown(&path)) {
            Ok(source) => self.compile_source(&path, source),
            Err(d) => unread(d),
        }
    }

    /// Compiles `source`, named as it is (`HEAD:cases/case.hier`), as if it
    /// were the file at `path`: `hierc diff --since` compiles a file's text
    /// at a git revision so, against the project and schema cache of now.
    pub fn compile_source_at(&mut self, path: &Path, source: Arc<SourceFile>) -> Compilation {
        let path = files::relative_to(path, &self.cwd);
        self.compile_source(&path, source)
    }

    /// Reads the `connector_config.json` at `path` for a command that
    /// works from its content (`hierc import`): the config when its text is
    /// JSON of the config's shape, else the errors `validate` gives for
    /// that (E050, E051, in the format's words, pointing into the text), or
    /// the file's E092.
    pub fn read_config(&mut self, path: &Path) -> Result<crate::config::Config, Vec<Diagnostic>> {
        let path = files::relative_to(path, &self.cwd);
        let source = self.read(&path).map_err(|d| vec![d])?;
        let validation = crate::validate::validate(source, None);
        validation.config.ok_or_else(|| {
            validation
                .diagnostics
                .into_iter()
                .filter(Diagnostic::is_error)
                .collect()
        })
    }

    /// Reads and validates the `connector_config.json` at `path`
    /// (`hierc validate`): against its schema cache when one is named or
    /// the default one exists, against the live org after
    /// [`Workspace::go_live`]; lint levels and stale-cache notes applied.
    pub fn validate_path(&mut self, path: &Path) -> Validated {
        let path = files::relative_to(path, &self.cwd);
        match self.read(&path) {
            Ok(source) => self.validate_source(&files::context_of(&path), source),
            Err(d) => Validated {
                validation: Validation {
                    source: unread_source(&d),
                    config: None,
                    diagnostics: vec![d],
                },
                against: None,
            },
        }
    }

    /// Validates `text` as if it were the config at `path`.
    pub fn validate_text(&mut self, path: &Path, text: impl Into<String>) -> Validated {
        let path = files::relative_to(path, &self.cwd);
        let source = SourceFile::new(self.shown(&path), text);
        self.validate_source(&path, source)
    }

    /// What the diagnostics of the file at `path` depend on: its
    /// `hierc.toml` and its schema cache.
    pub fn context(&mut self, path: &Path) -> Context {
        let path = files::relative_to(path, &self.cwd);
        let project = self.project(&path).ok().flatten();
        Context {
            project_file: files::project_file(&path),
            schemas: self.schema_dir(&path, project.as_deref()),
        }
    }

    /// The project of the file at `path`; its E095s when `hierc.toml` is
    /// broken.
    pub fn project(&mut self, path: &Path) -> Result<Option<Arc<Project>>, Vec<Diagnostic>> {
        self.projects.of(path)
    }

    /// The project of a folder (`""` or `.` for the current one), for
    /// commands that have no file yet (`hierc schema`, `hierc init`).
    pub fn project_for_dir(&mut self, dir: &Path) -> Result<Option<Arc<Project>>, Vec<Diagnostic>> {
        self.projects.for_dir(dir)
    }

    /// The schema cache of the file at `path`: `--live`'s folder, else
    /// `--schemas` (or `HIERC_SCHEMAS`), else its project's `schemas`, else
    /// `schemas/` beside its `hierc.toml` or beside it.
    pub fn schema_dir(&self, path: &Path, project: Option<&Project>) -> SchemaDir {
        self.schema_dir_from(project, || files::default_schema_dir(path))
    }

    /// [`Workspace::schema_dir`] for a folder rather than a file.
    pub fn schema_dir_for_dir(&self, dir: &Path, project: Option<&Project>) -> SchemaDir {
        self.schema_dir_from(project, || files::default_schema_dir_of(dir))
    }

    fn schema_dir_from(
        &self,
        project: Option<&Project>,
        default: impl FnOnce() -> PathBuf,
    ) -> SchemaDir {
        let live = self.live.as_ref().and_then(|l| l.dir.clone());
        let named = live
            .or_else(|| self.explicit.clone())
            .or_else(|| project.and_then(|p| p.schemas.clone()));
        match named {
            Some(path) => SchemaDir {
                path,
                explicit: true,
            },
            None => SchemaDir {
                path: default(),
                explicit: false,
            },
        }
    }

    /// The catalog of a schema folder, loaded on first use and kept.
    pub fn catalog(&mut self, dir: &Path) -> &Catalog {
        let origin = self.live.as_ref().map(|l| l.origin.clone());
        self.catalogs
            .entry(dir.to_path_buf())
            .or_insert_with(|| match origin {
                Some(origin) => Catalog::live(dir, origin),
                None => Catalog::new(dir),
            })
    }

    /// The catalog of a schema folder, for a caller that keeps it (`init`'s
    /// walk, which reads describes as it pulls them); the workspace loads
    /// the folder again when next asked.
    pub fn take_catalog(&mut self, dir: &Path) -> Catalog {
        self.catalog(dir);
        self.catalogs
            .remove(dir)
            .unwrap_or_else(|| Catalog::new(dir))
    }

    /// Where `build` writes the config of the file at `path` by default: as
    /// its project's `[output]` says, else `<name>.connector_config.json`
    /// beside it.
    pub fn output_for(&mut self, path: &Path) -> PathBuf {
        match self.project(path) {
            Ok(Some(project)) => project.output_for(path),
            _ => files::default_output(path),
        }
    }

    fn read(&self, path: &Path) -> Result<Arc<SourceFile>, Diagnostic> {
        files::read_source(path, &self.shown(path))
    }

    /// The name diagnostics give the file at `path` (as read from the
    /// current folder): relative to `base` when under it.
    fn shown(&self, path: &Path) -> String {
        files::shown(&self.cwd.join(path), &self.base)
    }

    fn compile_source(&mut self, path: &Path, source: Arc<SourceFile>) -> Compilation {
        let project = match self.project(path) {
            Ok(project) => project,
            Err(errors) => {
                return Compilation {
                    source,
                    config: None,
                    model: None,
                    diagnostics: errors,
                }
            }
        };
        let options = Options {
            api_version: project.as_ref().and_then(|p| p.api_version.clone()),
        };
        let dir = self.schema_dir(path, project.as_deref()).path;
        let catalog = self.catalog(&dir);
        let mut compilation = compile_with(source, catalog, &options);
        let diagnostics = suppress::apply(&compilation.source, compilation.diagnostics);
        compilation.diagnostics = finish(project.as_deref(), &dir, diagnostics, &self.selection);
        if compilation.has_errors() {
            compilation.config = None;
            compilation.model = None;
        }
        compilation
    }

    fn validate_source(&mut self, path: &Path, source: Arc<SourceFile>) -> Validated {
        let project = match self.project(path) {
            Ok(project) => project,
            Err(errors) => {
                return Validated {
                    validation: Validation {
                        source,
                        config: None,
                        diagnostics: errors,
                    },
                    against: None,
                }
            }
        };
        // A cache is used when one is named, or when the default one exists.
        let dir = self.schema_dir(path, project.as_deref());
        let with_cache = dir.explicit || dir.path.is_dir();
        let origin = self.live.as_ref().map(|l| l.origin.name.clone());
        let catalog = with_cache.then(|| self.catalog(&dir.path));
        let mut validation = crate::validate::validate(source, catalog);
        validation.diagnostics = finish(
            project.as_deref(),
            &dir.path,
            validation.diagnostics,
            &self.selection,
        );
        let against = match (origin, with_cache) {
            (Some(origin), _) => Against::Org { origin },
            (None, true) => Against::Cache { dir: dir.path },
            (None, false) => Against::Structure { dir: dir.path },
        };
        Validated {
            validation,
            against: Some(against),
        }
    }

    /// `found`, diagnostics of the file at `path` that a front end made
    /// itself (`hierc probe`'s queries), with its project's `[lint]` levels
    /// and the run's `--select`/`--ignore` applied, as every file's are.
    pub fn levels(&mut self, path: &Path, found: Vec<Diagnostic>) -> Vec<Diagnostic> {
        let found = match self.project(path) {
            Ok(Some(project)) => project.apply(found),
            _ => found,
        };
        self.selection.apply(found)
    }

    /// The org origin of a live run, if [`Workspace::go_live`] was called.
    pub fn live_origin(&self) -> Option<&Origin> {
        self.live.as_ref().map(|l| l.origin.as_ref())
    }
}

/// The compilation of a text that could not be read: its E092 or E002.
fn unread(d: Diagnostic) -> Compilation {
    Compilation {
        source: unread_source(&d),
        config: None,
        model: None,
        diagnostics: vec![d],
    }
}

/// The empty source an unreadable file's compilation carries, named as the
/// file (or the lossy text of a file that is not UTF-8).
fn unread_source(d: &Diagnostic) -> Arc<SourceFile> {
    d.source.clone().unwrap_or_else(|| SourceFile::new("", ""))
}

/// The last steps every file's diagnostics go through (after a `.hier`
/// file's inline suppressions, [`suppress`]): stale-cache notes (before
/// levels, so that a denied warning keeps its note), the project's
/// `[lint]` levels, then the run's `--select` and `--ignore`.
fn finish(
    project: Option<&Project>,
    dir: &Path,
    mut list: Vec<Diagnostic>,
    selection: &selection::Selection,
) -> Vec<Diagnostic> {
    let after = project.and_then(|p| p.stale_after).unwrap_or(STALE);
    stale_note(dir, after, &mut list);
    let list = match project {
        Some(project) => project.apply(list),
        None => list,
    };
    selection.apply(list)
}

/// A note on a name not found in a describe (E010–E013) when a describe
/// it rests on was pulled longer than `after` ago: the org may have the
/// name now.
pub fn stale_note(dir: &Path, after: Duration, diags: &mut [Diagnostic]) {
    let mut ages: BTreeMap<String, Option<Duration>> = BTreeMap::new();
    for d in diags.iter_mut() {
        let mut stale: Vec<(String, Duration)> = Vec::new();
        for object in d.resting_on() {
            let age = *ages.entry(object.to_ascii_lowercase()).or_insert_with(|| {
                let (_, sidecar) = cache::paths(dir, object);
                cache::read_meta(&sidecar).and_then(|m| m.age())
            });
            if let Some(age) = age.filter(|a| *a >= after) {
                stale.push((object.clone(), age));
            }
        }
        let Some(oldest) = stale.iter().map(|(_, a)| *a).max() else {
            continue;
        };
        let names: Vec<&str> = stale.iter().map(|(o, _)| o.as_str()).collect();
        let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
        d.notes.push(format!(
            "the cached describe of {} was pulled {}: it may be stale; refresh it with `hierc schema pull {}`",
            suggest::join_words(&quoted, "and"),
            cache::age_words(oldest),
            names.join(" ")
        ));
    }
}
