//! `--live`: the describes a run needs, fetched from an org before anything
//! is checked. They go into a temporary folder (or, with `update_cache`,
//! into each file's own schema cache), and the workspace's catalogs know
//! they came from the org ([`Catalog::live`]), so an object the org lacks
//! is reported as such when it is first looked up: nothing is rewritten
//! afterwards.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{files, Workspace};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::org::pull::{self, Progress, Report};
use crate::org::{needs, Org};
use crate::schema::{Catalog, Origin};
use crate::syntax::ast;

/// A live run's describes.
pub(super) struct Live {
    /// The folder every file is checked against; `None`: each file's own
    /// schema cache (`--update-cache` pulled into each).
    pub(super) dir: Option<PathBuf>,
    pub(super) origin: Arc<Origin>,
    /// The temporary folder, removed when the workspace is dropped.
    _temp: Option<tempfile::TempDir>,
}

/// What the files given to [`Workspace::go_live`] are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Inputs {
    /// `.hier` files (`check --live`).
    Hier,
    /// `connector_config.json` files (`validate --live`).
    Configs,
}

/// A progress bar for each round of a pull: given how many describes the
/// round fetches, something to advance (a terminal bar, or `()`).
pub type Bars<'a> = &'a dyn Fn(usize) -> Box<dyn Progress>;

impl Workspace {
    /// Fetches from `org` every describe `paths` need, before anything is
    /// checked: into a temporary folder that every file is then checked
    /// against, or with `update_cache` into each file's own schema cache.
    /// From then on the workspace's catalogs are live: an object the org
    /// does not have is an E090 that says so, with a did-you-mean among the
    /// org's objects. Returns what was pulled; `Err` with E093s when the
    /// pull failed (the files should not be checked then) and an E094 when
    /// no temporary folder can be made.
    pub fn go_live(
        &mut self,
        org: &Org,
        paths: &[PathBuf],
        inputs: Inputs,
        update_cache: bool,
        bars: Bars,
    ) -> Result<Report, Vec<Diagnostic>> {
        let (dir, temp) = if update_cache {
            (None, None)
        } else {
            let temp = tempfile::Builder::new()
                .prefix("hierc-live-")
                .tempdir()
                .map_err(|e| {
                    vec![Diagnostic::cannot_write(
                        "make a temporary folder",
                        &files::io_reason(&e),
                    )]
                })?;
            (Some(temp.path().to_path_buf()), Some(temp))
        };
        let groups = match &dir {
            Some(dir) => BTreeMap::from([(dir.clone(), paths.to_vec())]),
            None => self.by_cache(paths),
        };
        let mut total = Report::default();
        for (dir, group) in &groups {
            let report = match inputs {
                Inputs::Hier => pull_needed(org, &[], &parse_all(group), dir, bars),
                Inputs::Configs => pull_for_configs(org, group, dir, bars),
            };
            let stop = report.fatal.is_some();
            total.absorb(report);
            if stop {
                break;
            }
        }
        let errors = total.diagnostics();
        if !errors.is_empty() {
            return Err(errors);
        }
        let objects = if total.not_found.is_empty() {
            Vec::new()
        } else {
            org.global()
                .map(|g| g.into_iter().map(|e| e.name).collect())
                .unwrap_or_default()
        };
        let origin = Origin::new(org.describe_as(), &total.not_found, objects);
        self.live = Some(Live {
            dir,
            origin: Arc::new(origin),
            _temp: temp,
        });
        self.catalogs.clear();
        Ok(total)
    }

    /// Paths grouped by the schema cache each uses.
    fn by_cache(&mut self, paths: &[PathBuf]) -> BTreeMap<PathBuf, Vec<PathBuf>> {
        let mut groups: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
        for path in paths {
            let project = self.project(path).ok().flatten();
            let dir = self.schema_dir(path, project.as_deref()).path;
            groups.entry(dir).or_default().push(path.clone());
        }
        groups
    }
}

/// The syntax trees of the `.hier` files at `paths`, as far as they parse;
/// files that cannot be read are left out (checking them reports it).
fn parse_all(paths: &[PathBuf]) -> Vec<ast::File> {
    let base = files::working_dir();
    paths
        .iter()
        .filter_map(|path| files::read_source(path, &files::shown(path, &base)).ok())
        .map(|source| crate::syntax::parse(&source, &mut Diagnostics::new()))
        .collect()
}

/// Pulls `objects` and what `asts` need into `dir`, again while the
/// describes pulled name new objects (the targets of lookups are known only
/// from the describes that hold them).
pub fn pull_needed(
    org: &Org,
    objects: &[String],
    asts: &[ast::File],
    dir: &Path,
    bars: Bars,
) -> Report {
    let mut wanted: Vec<String> = objects.to_vec();
    let done = !asts.is_empty();
    pull_rounds(org, dir, bars, |catalog| {
        wanted.extend(needs::needed(asts, catalog).into_values());
        (std::mem::take(&mut wanted), done)
    })
}

/// Pulls into `dir` what the configs at `paths` name: their objects, the
/// targets of their references, and the objects their paths go through;
/// again while the describes pulled name new ones.
fn pull_for_configs(org: &Org, paths: &[PathBuf], dir: &Path, bars: Bars) -> Report {
    let base = files::working_dir();
    let configs: Vec<crate::config::Config> = paths
        .iter()
        .filter_map(|path| files::read_source(path, &files::shown(path, &base)).ok())
        .filter_map(|source| crate::config::from_json(&source.text).ok())
        .collect();
    pull_rounds(org, dir, bars, |catalog| {
        (
            needs::for_configs(&configs, catalog)
                .into_values()
                .collect(),
            true,
        )
    })
}

/// Rounds of pulls into `dir`: `wanted` says, given what the folder holds,
/// which objects to pull, and whether to look again after pulling them.
/// Each object is asked for once; at most 16 rounds.
fn pull_rounds(
    org: &Org,
    dir: &Path,
    bars: Bars,
    mut wanted: impl FnMut(&Catalog) -> (Vec<String>, bool),
) -> Report {
    let mut total = Report::default();
    let mut asked = BTreeSet::new();
    for _ in 0..16 {
        let catalog = Catalog::new(dir);
        let (names, again) = wanted(&catalog);
        let round: Vec<String> = names
            .into_iter()
            .filter(|n| asked.insert(n.to_ascii_lowercase()))
            .collect();
        if round.is_empty() {
            break;
        }
        let bar = bars(round.len());
        let report = pull::pull(org, &round, dir, bar.as_ref());
        let stop = report.fatal.is_some();
        total.absorb(report);
        if stop || !again {
            break;
        }
    }
    total.fetched.sort();
    total.unchanged.sort();
    total
}
