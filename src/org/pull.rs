//! Pulling describes into the cache: objects not cached yet go 25 at a time
//! through composite batch; cached ones are revalidated 25 at a time through
//! `/composite`, whose subrequests carry `If-Modified-Since`. A few worker
//! threads share the work. Each object is written only once its describe has
//! arrived whole and parses, so a failed pull leaves the cache as it was.

use std::collections::VecDeque;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use super::cache::{self, Meta};
use super::{Described, Org, OrgError};
use crate::diagnostics::{Code, Diagnostic};

/// Worker threads.
pub const WORKERS: usize = 8;
/// Subrequests in one composite batch (the API's maximum).
pub const BATCH: usize = 25;

/// What happened to each object.
#[derive(Debug, Default)]
pub struct Report {
    /// Written (new or changed), as the org spells them.
    pub fetched: Vec<String>,
    /// 304: the cached describe is current.
    pub unchanged: Vec<String>,
    /// Objects the org does not have.
    pub not_found: Vec<String>,
    /// Other failures.
    pub failed: Vec<(String, OrgError)>,
    /// A failure that stopped the pull (auth, limits).
    pub fatal: Option<OrgError>,
}

impl Report {
    pub fn ok(&self) -> bool {
        self.not_found.is_empty() && self.failed.is_empty() && self.fatal.is_none()
    }
}

enum Job {
    /// Objects not cached: composite batch.
    Batch(Vec<String>),
    /// Cached objects with the date to revalidate from: `/composite`.
    Revalidate(Vec<(String, String)>),
    One(String, Option<String>),
}

/// Something that wants to know how far a pull got.
pub trait Progress: Sync {
    fn advance(&self, done: u64);
}

impl Progress for () {
    fn advance(&self, _: u64) {}
}

/// Pulls `objects` into `dir`.
pub fn pull(org: &Org, objects: &[String], dir: &Path, progress: &dyn Progress) -> Report {
    let mut report = Report::default();
    if let Err(e) = std::fs::create_dir_all(dir) {
        report.fatal = Some(OrgError::new(format!(
            "cannot create the schema cache `{}`: {}",
            dir.display(),
            crate::workspace::files::io_reason(&e)
        )));
        return report;
    }
    let mut fresh = Vec::new();
    let mut cached = Vec::new();
    let mut jobs = VecDeque::new();
    let mut seen = std::collections::HashSet::new();
    for object in objects {
        if !seen.insert(object.to_ascii_lowercase()) {
            continue;
        }
        if !super::is_object_name(object) {
            report.failed.push((
                object.clone(),
                OrgError::new(format!(
                    "`{object}` is not an object API name (letters, digits and `_`)"
                )),
            ));
            continue;
        }
        let (schema, sidecar) = cache::paths(dir, object);
        let meta = cache::read_meta(&sidecar).filter(|m| m.api_version == org.version);
        match meta.and_then(|m| m.since()) {
            Some(since) if schema.is_file() => cached.push((object.clone(), since)),
            _ => fresh.push(object.clone()),
        }
    }
    for chunk in cached.chunks(BATCH) {
        if chunk.len() == 1 {
            jobs.push_back(Job::One(chunk[0].0.clone(), Some(chunk[0].1.clone())));
        } else {
            jobs.push_back(Job::Revalidate(chunk.to_vec()));
        }
    }
    for chunk in fresh.chunks(BATCH) {
        if chunk.len() == 1 {
            jobs.push_back(Job::One(chunk[0].clone(), None));
        } else {
            jobs.push_back(Job::Batch(chunk.to_vec()));
        }
    }
    let queue = Mutex::new(jobs);
    let results = Mutex::new(Report::default());
    let stop = AtomicBool::new(false);
    let workers = WORKERS
        .min(queue.lock().map(|q| q.len()).unwrap_or(1))
        .max(1);
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                if stop.load(Ordering::Relaxed) {
                    return;
                }
                let job = match queue.lock() {
                    Ok(mut q) => q.pop_front(),
                    Err(_) => None,
                };
                let Some(job) = job else { return };
                let mut local = Report::default();
                run(org, job, dir, &mut local, progress);
                if local.fatal.is_some() {
                    stop.store(true, Ordering::Relaxed);
                }
                if let Ok(mut r) = results.lock() {
                    r.absorb(local);
                }
            });
        }
    });
    let mut done = results.into_inner().unwrap_or_default();
    // What a stop left in the queue.
    if done.fatal.is_some() {
        for job in queue.into_inner().unwrap_or_default() {
            let names = match job {
                Job::Batch(names) => names,
                Job::Revalidate(list) => list.into_iter().map(|(n, _)| n).collect(),
                Job::One(name, _) => vec![name],
            };
            for name in names {
                done.failed
                    .push((name, OrgError::new("not pulled: the pull stopped")));
            }
        }
    }
    report.fetched = done.fetched;
    report.unchanged = done.unchanged;
    report.not_found = done.not_found;
    report.failed.extend(done.failed);
    report.fatal = done.fatal;
    report.fetched.sort();
    report.unchanged.sort();
    report.not_found.sort();
    report.failed.sort_by(|a, b| a.0.cmp(&b.0));
    report
}

impl Report {
    /// The failures of the pull as E093s: the one that stopped it, then
    /// each object that failed otherwise (each help once). Objects the org
    /// does not have are not among them: they are findings for the caller.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut out: Vec<Diagnostic> = self.fatal.iter().map(OrgError::diagnostic).collect();
        let mut helps = std::collections::BTreeSet::new();
        for (name, e) in &self.failed {
            if self.fatal.as_ref().is_some_and(|f| f.message == e.message) {
                continue;
            }
            let mut d = Diagnostic::new(Code::E093, format!("`{name}`: {}", e.message))
                .note(format!("the cache keeps what it had for `{name}`"));
            if let Some(help) = e.help.as_deref().filter(|h| helps.insert(*h)) {
                d = d.help(help);
            }
            out.push(d);
        }
        out
    }

    /// Adds another pull's outcome; the first fatal failure is kept.
    pub fn absorb(&mut self, from: Report) {
        self.fetched.extend(from.fetched);
        self.unchanged.extend(from.unchanged);
        self.not_found.extend(from.not_found);
        self.failed.extend(from.failed);
        if self.fatal.is_none() {
            self.fatal = from.fatal;
        }
    }
}

fn run(org: &Org, job: Job, dir: &Path, report: &mut Report, progress: &dyn Progress) {
    match job {
        Job::One(name, since) => {
            one(org, &name, since.as_deref(), dir, report);
            progress.advance(1);
        }
        Job::Revalidate(list) => match org.describe_composite(&list) {
            Ok(results) => {
                for ((name, since), result) in list.iter().zip(results) {
                    match result {
                        Ok(described) => outcome(org, name, described, dir, report),
                        // Anything else: once more on its own, with retries.
                        Err(_) => one(org, name, Some(since), dir, report),
                    }
                    progress.advance(1);
                }
            }
            Err(e) if e.fatal => {
                for (name, _) in list {
                    report.failed.push((name, e.clone()));
                }
                report.fatal = Some(e);
            }
            Err(_) => {
                for (name, since) in &list {
                    one(org, name, Some(since), dir, report);
                    progress.advance(1);
                }
            }
        },
        Job::Batch(names) => match org.describe_batch(&names) {
            Ok(results) => {
                for (name, result) in names.iter().zip(results) {
                    match result {
                        Ok(body) => save(org, name, &body, None, dir, report),
                        Err(404) => report.not_found.push(name.clone()),
                        // Anything else: once more on its own, with retries.
                        Err(_) => one(org, name, None, dir, report),
                    }
                    progress.advance(1);
                }
            }
            Err(e) if e.fatal => {
                for name in names {
                    report.failed.push((name, e.clone()));
                }
                report.fatal = Some(e);
            }
            Err(_) => {
                for name in &names {
                    one(org, name, None, dir, report);
                    progress.advance(1);
                }
            }
        },
    }
}

fn one(org: &Org, name: &str, since: Option<&str>, dir: &Path, report: &mut Report) {
    match org.describe(name, since) {
        Ok(described) => outcome(org, name, described, dir, report),
        Err(e) => {
            if e.fatal && report.fatal.is_none() {
                report.fatal = Some(e.clone());
            }
            report.failed.push((name.to_string(), e));
        }
    }
}

/// What a describe gave, into the cache and the report.
fn outcome(org: &Org, name: &str, described: Described, dir: &Path, report: &mut Report) {
    match described {
        Described::Fresh {
            body,
            last_modified,
        } => save(org, name, &body, last_modified, dir, report),
        Described::Unchanged => {
            let (_, sidecar) = cache::paths(dir, name);
            let stem = sidecar
                .file_name()
                .and_then(|f| f.to_str())
                .map(|f| f[..f.len() - cache::META_SUFFIX.len()].to_string())
                .unwrap_or_else(|| name.to_string());
            match cache::read_meta(&sidecar) {
                Some(mut meta) => {
                    meta.fetched_at = cache::now();
                    match cache::write_meta(&sidecar, &meta) {
                        Ok(()) => report.unchanged.push(stem),
                        Err(e) => report.failed.push((
                            name.to_string(),
                            OrgError::new(format!(
                                "cannot write `{}`: {}",
                                sidecar.display(),
                                crate::workspace::files::io_reason(&e)
                            )),
                        )),
                    }
                }
                None => report.unchanged.push(stem),
            }
        }
        Described::NotFound => report.not_found.push(name.to_string()),
    }
}

fn save(
    org: &Org,
    name: &str,
    body: &[u8],
    last_modified: Option<String>,
    dir: &Path,
    report: &mut Report,
) {
    let describe = match crate::schema::Describe::from_json(body) {
        Ok(d) => d,
        Err(e) => {
            report.failed.push((
                name.to_string(),
                OrgError::new(format!("the describe of `{name}` is not readable ({e})")),
            ));
            return;
        }
    };
    let spelled = if describe.name.eq_ignore_ascii_case(name) {
        describe.name.clone()
    } else {
        name.to_string()
    };
    let meta = Meta {
        api_version: org.version.clone(),
        last_modified,
        fetched_at: cache::now(),
        instance: Some(org.instance()),
    };
    match cache::store(dir, &spelled, body, &meta) {
        Ok(()) => report.fetched.push(spelled),
        Err(e) => report.failed.push((
            name.to_string(),
            OrgError::new(format!(
                "cannot write the cache `{}`: {}",
                dir.display(),
                crate::workspace::files::io_reason(&e)
            )),
        )),
    }
}
