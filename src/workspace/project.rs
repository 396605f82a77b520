//! The project file, `hierc.toml`, at the root of a project: where the schema
//! cache is, the default API version, how `build` names its outputs, and a
//! level for each warning. Found like the schema cache: the nearest one in
//! the folder of a file or above it.
//!
//! ```toml
//! schemas = "salesforce/schemas"
//! api-version = "62.0"
//! stale-after = "30 days"
//!
//! [output]
//! dir = "build"
//!
//! [lint]
//! W101 = "allow"
//! W103 = "deny"
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostics::suggest::{did_you_mean, one_of};
use crate::diagnostics::{Code, Diagnostic, Diagnostics, Severity};
use crate::source::{SourceFile, Span};

/// The suffix of `build`'s outputs when `hierc.toml` does not set one.
pub const DEFAULT_SUFFIX: &str = ".connector_config.json";

/// What a `[lint]` entry does with a warning.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Drop it.
    Allow,
    /// Report it as a warning (the default).
    Warn,
    /// Report it as an error.
    Deny,
}

/// A loaded `hierc.toml`.
#[derive(Clone, Debug, Default)]
pub struct Project {
    /// The file, as found (relative to how the file that found it was named).
    pub path: PathBuf,
    /// The schema cache, relative to the current folder.
    pub schemas: Option<PathBuf>,
    /// The API version of files without an `api` statement.
    pub api_version: Option<String>,
    /// How old a pulled describe may be before a name not found in it gets
    /// a note that it may be stale.
    pub stale_after: Option<std::time::Duration>,
    /// The suffix of `build`'s default outputs: `<stem><suffix>`.
    pub suffix: Option<String>,
    /// The folder of `build`'s default outputs, relative to the current
    /// folder; `None`: beside each source.
    pub output_dir: Option<PathBuf>,
    lint: Vec<(Code, Level)>,
}

/// The file's shape, for serde; spans point into the file for diagnostics.
#[derive(Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct Raw {
    schemas: Option<Spanned<String>>,
    api_version: Option<Spanned<String>>,
    stale_after: Option<Spanned<String>>,
    #[serde(default)]
    output: RawOutput,
    #[serde(default)]
    lint: BTreeMap<Spanned<String>, Spanned<Level>>,
}

#[derive(Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct RawOutput {
    suffix: Option<Spanned<String>>,
    dir: Option<Spanned<String>>,
}

impl Project {
    /// The project of `file`: the nearest `hierc.toml` above it, loaded;
    /// `Ok(None)` when there is none.
    pub fn of(file: &Path) -> Result<Option<Project>, Vec<Diagnostic>> {
        match crate::workspace::files::project_file(file) {
            Some(path) => Project::load(&path).map(Some),
            None => Ok(None),
        }
    }

    /// Reads and checks a `hierc.toml`; every problem is an E095 that
    /// points into it.
    pub fn load(path: &Path) -> Result<Project, Vec<Diagnostic>> {
        let shown = path.display().to_string();
        let text = crate::workspace::files::read_text(path).map_err(|e| {
            vec![
                Diagnostic::new(Code::E095, format!("cannot read `{shown}`: {}", e.reason()))
                    .in_source(SourceFile::new(shown.clone(), "")),
            ]
        })?;
        let source = SourceFile::new(shown, text);
        let raw: Raw = toml::from_str(&source.text)
            .map_err(|e| vec![toml_error(&e).in_source(source.clone())])?;
        let mut errors = Diagnostics::new();
        let project = Project::from_raw(path, raw, &mut errors);
        if errors.is_empty() {
            Ok(project)
        } else {
            Err(errors
                .into_vec()
                .into_iter()
                .map(|d| d.in_source(source.clone()))
                .collect())
        }
    }

    fn from_raw(path: &Path, raw: Raw, errors: &mut Diagnostics) -> Project {
        let root = path.parent().unwrap_or(Path::new(""));
        let folder = |value: &Spanned<String>, errors: &mut Diagnostics| {
            if value.get_ref().trim().is_empty() {
                errors.push(bad_value(
                    value.span(),
                    "an empty path names no folder",
                    "a folder, relative to hierc.toml",
                ));
                return None;
            }
            Some(root.join(value.get_ref()))
        };
        let schemas = raw.schemas.as_ref().and_then(|s| folder(s, errors));
        let output_dir = raw.output.dir.as_ref().and_then(|d| {
            let dir = folder(d, errors)?;
            if !leaves(Path::new(d.get_ref())) {
                return Some(dir);
            }
            errors.push(
                bad_value(
                    d.span(),
                    &format!("`{}` is outside the project", d.get_ref()),
                    "a folder inside the project, relative to hierc.toml",
                )
                .help("`hierc build FILE -o PATH` writes one config anywhere"),
            );
            None
        });
        if let Some(v) = &raw.api_version {
            if !crate::config::is_api_version(v.get_ref()) {
                errors.push(bad_value(
                    v.span(),
                    &format!("`{}` is not an API version", v.get_ref()),
                    "major and minor version, such as \"62.0\"",
                ));
            }
        }
        let stale_after =
            raw.stale_after
                .as_ref()
                .and_then(|v| match humantime::parse_duration(v.get_ref()) {
                    Ok(d) => Some(d),
                    Err(e) => {
                        errors.push(bad_value(
                            v.span(),
                            &format!("`{}` is not a duration ({e})", v.get_ref()),
                            "a duration such as \"30 days\" or \"2 weeks\"",
                        ));
                        None
                    }
                });
        if let Some(s) = &raw.output.suffix {
            let text = s.get_ref();
            if text.is_empty() || text.contains(['/', '\\']) || text.ends_with(".hier") {
                errors.push(bad_value(
                    s.span(),
                    &format!("`{text}` cannot end the names of outputs"),
                    "a file name ending such as \".connector_config.json\", without folders",
                ));
            }
        }
        let lint = raw
            .lint
            .iter()
            .filter_map(|(code, level)| lint_entry(code, level, errors))
            .collect();
        Project {
            path: path.to_path_buf(),
            schemas,
            api_version: raw.api_version.map(Spanned::into_inner),
            stale_after,
            suffix: raw.output.suffix.map(Spanned::into_inner),
            output_dir,
            lint,
        }
    }

    /// The level `[lint]` gives `code`, if any.
    pub fn level(&self, code: Code) -> Option<Level> {
        self.lint.iter().find(|(c, _)| *c == code).map(|(_, l)| *l)
    }

    /// The diagnostics with the `[lint]` levels applied: allowed warnings
    /// dropped, denied ones made errors.
    pub fn apply(&self, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        diagnostics
            .into_iter()
            .filter_map(|mut d| match self.level(d.code) {
                Some(Level::Allow) => None,
                Some(Level::Deny) => {
                    d.severity = Severity::Error;
                    let note = format!("`{}` is denied in `{}`", d.code, self.path.display());
                    Some(d.note(note))
                }
                Some(Level::Warn) | None => Some(d),
            })
            .collect()
    }

    /// Where `build` writes the config of `source` by default:
    /// `<stem><suffix>` beside it, or in the `[output]` folder.
    pub fn output_for(&self, source: &Path) -> PathBuf {
        let suffix = self.suffix.as_deref().unwrap_or(DEFAULT_SUFFIX);
        let name = super::files::output_name(source, suffix);
        match &self.output_dir {
            Some(dir) => dir.join(name),
            None => source.with_file_name(name),
        }
    }
}

/// Does `dir`, relative to the project's folder, name a folder outside it:
/// absolute, or with more `..` than folders before them? Read from the
/// text alone, so that a folder not made yet is judged too.
fn leaves(dir: &Path) -> bool {
    use std::path::Component;
    let mut depth = 0usize;
    for c in dir.components() {
        match c {
            Component::Prefix(_) | Component::RootDir => return true,
            Component::CurDir => {}
            Component::ParentDir => match depth.checked_sub(1) {
                Some(d) => depth = d,
                None => return true,
            },
            Component::Normal(_) => depth += 1,
        }
    }
    false
}

/// One `[lint]` entry, checked: a known code, and a warning unless denied.
fn lint_entry(
    code: &Spanned<String>,
    level: &Spanned<Level>,
    errors: &mut Diagnostics,
) -> Option<(Code, Level)> {
    let span = to_span(code.span());
    let Some(c) = Code::parse(code.get_ref()) else {
        let all: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        errors.push(
            Diagnostic::new(
                Code::E095,
                format!("`{}` is not a hierc diagnostic code", code.get_ref()),
            )
            .label(span, "unknown code")
            .maybe_help(did_you_mean(code.get_ref(), all.iter().copied()))
            .note("`hierc explain CODE` describes a code; docs/diagnostics.md lists them"),
        );
        return None;
    };
    let level = *level.get_ref();
    if !c.is_warning() && level == Level::Deny {
        return None; // an error already
    }
    if !c.is_warning() {
        errors.push(
            Diagnostic::new(
                Code::E095,
                format!("`{c}` is an error; its level cannot be changed"),
            )
            .label(span, format!("`{c}` ({}) is always an error", c.name()))
            .help("remove this line: only warnings (`W` codes) can be allowed"),
        );
        return None;
    }
    Some((c, level))
}

fn to_span(range: std::ops::Range<usize>) -> Span {
    Span::new(range.start, range.end)
}

fn bad_value(range: std::ops::Range<usize>, message: &str, expected: &str) -> Diagnostic {
    Diagnostic::new(Code::E095, message).label(to_span(range), format!("expected {expected}"))
}

/// A TOML syntax or shape error, with a did-you-mean for unknown keys and
/// values.
fn toml_error(e: &toml::de::Error) -> Diagnostic {
    let message = e.message();
    let names = crate::validate::ticked(message);
    let unknown = ["unknown field", "unknown variant"]
        .into_iter()
        .position(|p| message.starts_with(p));
    let mut d = match (unknown, names.split_first()) {
        (Some(kind), Some((name, expected))) => {
            let what = ["key", "value"][kind];
            Diagnostic::new(Code::E095, format!("unknown {what} `{name}` in hierc.toml"))
                .maybe_help(did_you_mean(name, expected.iter().copied()))
                .note(format!("expected {}", one_of(expected)))
        }
        _ => Diagnostic::new(Code::E095, format!("hierc.toml cannot be read: {message}")),
    };
    if let Some(range) = e.span() {
        d = d.label(
            to_span(range),
            match unknown {
                Some(0) => "unknown key",
                Some(_) => "unknown value",
                None => "here",
            },
        );
    }
    d.note("the keys of hierc.toml are in docs/project.md")
}

/// Projects by file or folder, each `hierc.toml` read once until
/// [`Projects::forget`].
#[derive(Default)]
pub struct Projects {
    loaded: BTreeMap<PathBuf, Result<Arc<Project>, Vec<Diagnostic>>>,
}

impl Projects {
    /// The project of `file`: the nearest `hierc.toml` in its folder or
    /// above; `Err` with its E095s when that file is broken (every time it
    /// is asked for, so that each front end decides how often to show them).
    pub fn of(&mut self, file: &Path) -> Result<Option<Arc<Project>>, Vec<Diagnostic>> {
        match crate::workspace::files::project_file(file) {
            Some(path) => self.load(path).map(Some),
            None => Ok(None),
        }
    }

    /// The project of a folder: the nearest `hierc.toml` in it or above
    /// (`""` or `.` is the current folder). For commands that have no file
    /// yet, such as `hierc schema` and `hierc init`.
    pub fn for_dir(&mut self, dir: &Path) -> Result<Option<Arc<Project>>, Vec<Diagnostic>> {
        match crate::workspace::files::project_file_of(dir) {
            Some(path) => self.load(path).map(Some),
            None => Ok(None),
        }
    }

    /// Forgets every loaded project, so that the next question reads
    /// `hierc.toml` again (after an editor saved it).
    pub fn forget(&mut self) {
        self.loaded.clear();
    }

    fn load(&mut self, path: PathBuf) -> Result<Arc<Project>, Vec<Diagnostic>> {
        let key = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        self.loaded
            .entry(key)
            .or_insert_with(|| Project::load(&path).map(Arc::new))
            .clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Project, Vec<Diagnostic>> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("hierc.toml");
        std::fs::write(&path, text).unwrap();
        Project::load(&path)
    }

    #[test]
    fn reads_every_key() {
        let p = load(
            "schemas = \"sf/schemas\"\napi-version = \"61.0\"\n[output]\nsuffix = \".json\"\ndir = \"out\"\n[lint]\nW101 = \"allow\"\nw103 = \"deny\"\nE012 = \"deny\"\n",
        )
        .unwrap();
        assert!(p.schemas.as_ref().unwrap().ends_with("sf/schemas"));
        assert_eq!(p.api_version.as_deref(), Some("61.0"));
        assert_eq!(p.level(Code::W101), Some(Level::Allow));
        assert_eq!(p.level(Code::W103), Some(Level::Deny));
        assert_eq!(p.level(Code::W102), None);
        assert!(p
            .output_for(Path::new("a/case.hier"))
            .ends_with("out/case.json"));
    }

    #[test]
    fn outputs_default_to_beside_the_source() {
        let p = Project::default();
        assert_eq!(
            p.output_for(Path::new("a/case.hier")),
            PathBuf::from("a/case.connector_config.json")
        );
    }

    #[test]
    fn bad_keys_and_values_are_e095() {
        let errors = load("schema = \"x\"\n").unwrap_err();
        assert_eq!(errors[0].code, Code::E095);
        assert_eq!(errors[0].help.as_deref(), Some("did you mean `schemas`?"));
        let errors =
            load("api-version = \"62\"\n[lint]\nE012 = \"allow\"\nW999 = \"deny\"\n").unwrap_err();
        assert_eq!(errors.len(), 3);
        let errors = load("[lint]\nW101 = \"alow\"\n").unwrap_err();
        assert_eq!(errors[0].help.as_deref(), Some("did you mean `allow`?"));
    }

    #[test]
    fn a_folder_finds_its_project_and_broken_ones_report_every_time() {
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("a/b");
        std::fs::create_dir_all(&nested).unwrap();
        let mut projects = Projects::default();
        assert!(projects.for_dir(&nested).unwrap().is_none());
        std::fs::write(dir.path().join("hierc.toml"), "api-version = \"61.0\"\n").unwrap();
        // Its file is looked for each time; what it says is kept until
        // `forget`.
        let found = projects.for_dir(&nested).unwrap().unwrap();
        assert_eq!(found.api_version.as_deref(), Some("61.0"));
        std::fs::write(dir.path().join("hierc.toml"), "api-version = \"60.0\"\n").unwrap();
        let kept = projects.for_dir(&nested).unwrap().unwrap();
        assert_eq!(kept.api_version.as_deref(), Some("61.0"));
        projects.forget();
        let found = projects.for_dir(&nested).unwrap().unwrap();
        assert_eq!(found.api_version.as_deref(), Some("60.0"));
        // A file in that folder has the same project, loaded once.
        let of_file = projects.of(&nested.join("x.hier")).unwrap().unwrap();
        assert!(Arc::ptr_eq(&found, &of_file));
        std::fs::write(dir.path().join("hierc.toml"), "nope = 1\n").unwrap();
        projects.forget();
        for _ in 0..2 {
            let errors = projects.for_dir(&nested).unwrap_err();
            assert_eq!(errors[0].code, Code::E095);
        }
    }

    #[test]
    fn levels_drop_or_raise_warnings() {
        let p = load("[lint]\nW101 = \"allow\"\nW102 = \"deny\"\n").unwrap();
        let list = vec![
            Diagnostic::new(Code::W101, "a"),
            Diagnostic::new(Code::W102, "b"),
            Diagnostic::new(Code::W103, "c"),
        ];
        let out = p.apply(list);
        assert_eq!(out.len(), 2);
        assert!(out[0].is_error() && !out[1].is_error());
    }
}
