//! The one way the server reaches the library's per-file pipeline: a file's
//! project (`hierc.toml`), its schema cache and catalog, compiling an
//! editor's text with the project's options and lint levels.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::schema::Catalog;
use crate::workspace::files;
use crate::workspace::project::Projects;
use crate::{compile_with, Compilation, Options};

/// Projects and catalogs, each loaded once until [`Pipeline::invalidate`].
pub struct Pipeline {
    explicit: Option<PathBuf>,
    projects: Projects,
    catalogs: BTreeMap<PathBuf, Catalog>,
}

impl Pipeline {
    /// `explicit`: `--schemas` or `HIERC_SCHEMAS`, which overrides every
    /// file's schema cache.
    pub fn new(explicit: Option<PathBuf>) -> Self {
        Pipeline {
            explicit,
            projects: Projects::default(),
            catalogs: BTreeMap::new(),
        }
    }

    /// Forgets every project and catalog, so that `hierc.toml` and the
    /// schema caches are read again.
    pub fn invalidate(&mut self) {
        self.projects = Projects::default();
        self.catalogs.clear();
    }

    /// Compiles `text` as the file at `path`.
    pub fn compile(&mut self, path: &Path, name: &str, text: &str) -> Compilation {
        let source = crate::source::SourceFile::new(name, text);
        let project = match self.projects.of(path) {
            Ok(project) => project,
            Err(errors) => {
                return Compilation {
                    source,
                    config: None,
                    diagnostics: errors,
                }
            }
        };
        let options = Options {
            api_version: project.as_ref().and_then(|p| p.api_version.clone()),
        };
        let dir = self.schema_dir(path);
        let catalog = self.catalog_in(dir);
        let mut compilation = compile_with(source, catalog, &options);
        if let Some(project) = project {
            compilation.diagnostics = project.apply(std::mem::take(&mut compilation.diagnostics));
            if compilation.has_errors() {
                compilation.config = None;
            }
        }
        compilation
    }

    /// The schema cache of the file at `path`.
    pub fn schema_dir(&mut self, path: &Path) -> PathBuf {
        let project = self.projects.of(path).ok().flatten();
        match (&self.explicit, project.and_then(|p| p.schemas.clone())) {
            (Some(dir), _) => dir.clone(),
            (None, Some(dir)) => dir,
            (None, None) => files::default_schema_dir(path),
        }
    }

    /// The catalog of the file at `path`.
    pub fn catalog(&mut self, path: &Path) -> &Catalog {
        let dir = self.schema_dir(path);
        self.catalog_in(dir)
    }

    fn catalog_in(&mut self, dir: PathBuf) -> &Catalog {
        self.catalogs
            .entry(dir.clone())
            .or_insert_with(|| Catalog::new(dir))
    }
}
