//! Files on disk: reading sources, finding `.hier` files and the schema
//! cache, writing outputs atomically.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostics::{Code, Diagnostic};
use crate::source::SourceFile;

/// The extension of hier files.
pub const EXTENSION: &str = "hier";

/// The project file whose folder holds the default schema cache.
pub const PROJECT_FILE: &str = "hierc.toml";

/// Reads a `.hier` file. `shown` is the name diagnostics use; the
/// diagnostic of a file that cannot be read names it as its source.
pub fn read_source(path: &Path, shown: &str) -> Result<Arc<SourceFile>, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| Diagnostic::cannot_read(shown, &io_reason(&e)))?;
    source_from_bytes(bytes, shown)
}

/// Reads the whole of `reader` (standard input) as a source named `shown`:
/// E092 when it cannot be read, E002 when it is not UTF-8, as for a file.
pub fn read_from(
    mut reader: impl std::io::Read,
    shown: &str,
) -> Result<Arc<SourceFile>, Diagnostic> {
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .map_err(|e| Diagnostic::cannot_read(shown, &io_reason(&e)))?;
    source_from_bytes(bytes, shown)
}

/// A source file from its bytes, named `shown`; text that is not UTF-8 is
/// E002.
pub fn source_from_bytes(bytes: Vec<u8>, shown: &str) -> Result<Arc<SourceFile>, Diagnostic> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(shown, text)),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let source = SourceFile::new(shown, text);
            let (line, col) = source.line_col(valid);
            Err(Diagnostic::new(
                Code::E002,
                format!("`{shown}` is not valid UTF-8 (line {line}, column {col})"),
            )
            .help("save the file as UTF-8")
            .note(format!("the first invalid byte is at byte offset {valid}"))
            .in_source(source))
        }
    }
}

/// An I/O error in words, without the OS error number.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "no such file or folder".into(),
        PermissionDenied => "permission denied".into(),
        IsADirectory => "it is a folder".into(),
        _ => {
            let text = e.to_string();
            match text.find(" (os error") {
                Some(i) => text[..i].to_string(),
                None => text,
            }
        }
    }
}

/// The `.hier` files under each path, in sorted order. A file given
/// explicitly is taken whatever its extension. In folders, what `.gitignore`
/// (in a git repository or not), `.ignore` and git's global excludes name is
/// skipped, and so are hidden files and folders and `target`.
pub fn discover(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut found = Vec::new();
    let mut errors = Vec::new();
    for root in paths {
        if root.is_file() {
            found.push(root.clone());
            continue;
        }
        if !root.exists() {
            let shown = root.display().to_string();
            errors.push(Diagnostic::cannot_read(&shown, "no such file or folder"));
            continue;
        }
        for entry in walk(root) {
            match entry {
                Ok(e) if is_hier_file(&e) => found.push(e.into_path()),
                Ok(_) => {}
                Err(e) => errors.push(walk_error(e, root)),
            }
        }
    }
    (found, errors)
}

/// A sorted walk of a folder with the standard ignore rules, which apply
/// outside git repositories too.
fn walk(root: &Path) -> ignore::Walk {
    ignore::WalkBuilder::new(root)
        .require_git(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(|e| {
            e.depth() == 0
                || !(e.file_type().is_some_and(|t| t.is_dir()) && e.file_name() == "target")
        })
        .build()
}

fn is_hier_file(entry: &ignore::DirEntry) -> bool {
    entry.file_type().is_some_and(|t| t.is_file())
        && entry.path().extension().is_some_and(|x| x == EXTENSION)
}

/// A folder that cannot be walked, or an ignore file that cannot be read: E092.
fn walk_error(error: ignore::Error, root: &Path) -> Diagnostic {
    let (path, error) = match error {
        ignore::Error::WithPath { path, err } => (path, *err),
        other => (root.to_path_buf(), other),
    };
    let reason = error
        .io_error()
        .map_or_else(|| error.to_string(), io_reason);
    let shown = path.display().to_string();
    Diagnostic::cannot_read(&shown, &reason)
}

/// A path as hierc shows it: relative to `base` (the current folder) when it
/// lies under it, else as given; without a leading `./`.
pub fn relative_to(path: &Path, base: &Path) -> PathBuf {
    let relative = path.strip_prefix(base).unwrap_or(path);
    let relative = relative.strip_prefix(".").unwrap_or(relative);
    if relative.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        relative.to_path_buf()
    }
}

/// [`relative_to`] as text with `/` separators on every platform: the file
/// names of diagnostics and reports.
pub fn shown(path: &Path, base: &Path) -> String {
    let text = relative_to(path, base).to_string_lossy().into_owned();
    if std::path::MAIN_SEPARATOR == '/' {
        text
    } else {
        text.replace(std::path::MAIN_SEPARATOR, "/")
    }
}

/// The current folder, the base of [`shown`] names; empty when it cannot be
/// read, so that every name stays as given.
pub fn working_dir() -> PathBuf {
    std::env::current_dir().unwrap_or_default()
}

/// The default schema cache of a file: `schemas/` beside the nearest
/// `hierc.toml` above it, else `schemas/` beside the file.
pub fn default_schema_dir(file: &Path) -> PathBuf {
    default_schema_dir_of(folder_of(file))
}

/// The default schema cache of a folder: `schemas/` beside the nearest
/// `hierc.toml` in it or above it, else `schemas/` in it.
pub fn default_schema_dir_of(dir: &Path) -> PathBuf {
    let dir = current_as_empty(dir);
    match project_file_of(dir) {
        Some(project) => project.with_file_name("schemas"),
        None => dir.join("schemas"),
    }
}

/// The nearest `hierc.toml` in the folder of `file` or above it, as a path
/// relative to how the file was named (`../../hierc.toml`).
pub fn project_file(file: &Path) -> Option<PathBuf> {
    project_file_of(folder_of(file))
}

/// The nearest `hierc.toml` in `dir` or above it, as a path relative to how
/// the folder was named; `""` and `.` are the current folder.
pub fn project_file_of(dir: &Path) -> Option<PathBuf> {
    let dir = current_as_empty(dir);
    let start = if dir.as_os_str().is_empty() {
        std::fs::canonicalize(".")
    } else {
        std::fs::canonicalize(dir)
    };
    let Ok(start) = start else {
        // A folder that does not exist (yet: an editor's new file): its
        // ancestors as named.
        return dir
            .ancestors()
            .map(|a| a.join(PROJECT_FILE))
            .find(|p| p.is_file());
    };
    // Walk up, keeping the path relative to how the folder was named.
    let mut relative = dir.to_path_buf();
    for ancestor in start.ancestors() {
        if ancestor.join(PROJECT_FILE).is_file() {
            return Some(relative.join(PROJECT_FILE));
        }
        relative.push("..");
    }
    None
}

/// `.` as `""`, so that names found from the current folder read
/// `schemas`, not `./schemas`.
fn current_as_empty(dir: &Path) -> &Path {
    if dir == Path::new(".") {
        Path::new("")
    } else {
        dir
    }
}

/// The folder a file is in, as named: `""` for a bare file name.
fn folder_of(file: &Path) -> &Path {
    file.parent().unwrap_or(Path::new(""))
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder,
/// renamed over the target. On failure the target is untouched.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".hierc-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// The default output of `build`: `<stem>.connector_config.json` beside the
/// source, so several `.hier` files in one folder never share an output.
pub fn default_output(file: &Path) -> PathBuf {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "connector".into());
    file.with_file_name(format!("{stem}.connector_config.json"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_do_not_collide() {
        assert_eq!(
            default_output(Path::new("a/case.hier")),
            PathBuf::from("a/case.connector_config.json")
        );
        assert_ne!(
            default_output(Path::new("a/one.hier")),
            default_output(Path::new("a/two.hier"))
        );
    }

    #[test]
    fn names_are_relative_to_the_current_folder_when_under_it() {
        let base = Path::new("/work/project");
        let shown = |p: &str| shown(Path::new(p), base);
        assert_eq!(shown("/work/project/a/case.hier"), "a/case.hier");
        assert_eq!(shown("./a/case.hier"), "a/case.hier");
        assert_eq!(shown("a/case.hier"), "a/case.hier");
        assert_eq!(shown("/elsewhere/case.hier"), "/elsewhere/case.hier");
        assert_eq!(shown("../case.hier"), "../case.hier");
        assert_eq!(shown("/work/project"), ".");
        assert_eq!(shown("/work/projects/x.hier"), "/work/projects/x.hier");
    }

    #[test]
    fn atomic_write_replaces_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.json");
        std::fs::write(&target, "old").unwrap();
        write_atomic(&target, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1);
    }

    #[test]
    fn a_folder_not_made_yet_finds_the_project_above_it() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(PROJECT_FILE), "").unwrap();
        let missing = dir.path().join("not/made/yet");
        assert_eq!(
            project_file_of(&missing),
            Some(dir.path().join(PROJECT_FILE))
        );
        assert_eq!(default_schema_dir_of(&missing), dir.path().join("schemas"));
        assert_eq!(
            default_schema_dir_of(Path::new(".")),
            default_schema_dir_of(Path::new(""))
        );
    }

    #[test]
    fn the_schema_cache_sits_beside_the_project_file() {
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("a/b");
        std::fs::create_dir_all(&nested).unwrap();
        let file = nested.join("x.hier");
        assert_eq!(default_schema_dir(&file), nested.join("schemas"));
        std::fs::write(dir.path().join(PROJECT_FILE), "").unwrap();
        let found = default_schema_dir(&file);
        assert_eq!(
            std::fs::canonicalize(found.parent().unwrap()).unwrap(),
            std::fs::canonicalize(dir.path()).unwrap()
        );
    }
}
