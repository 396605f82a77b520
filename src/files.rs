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

/// Reads a `.hier` file. `shown` is the name diagnostics use.
pub fn read_source(path: &Path, shown: &str) -> Result<Arc<SourceFile>, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::new(
            Code::E092,
            format!("cannot read `{shown}`: {}", io_reason(&e)),
        )
    })?;
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
            .note(format!("the first invalid byte is at byte offset {valid}")))
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
/// explicitly is taken whatever its extension. Hidden folders and `target`
/// are skipped.
pub fn discover(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut found = Vec::new();
    let mut errors = Vec::new();
    for root in paths {
        if root.is_file() {
            found.push(root.clone());
            continue;
        }
        if !root.exists() {
            errors.push(Diagnostic::new(
                Code::E092,
                format!("cannot read `{}`: no such file or folder", root.display()),
            ));
            continue;
        }
        let walk = walkdir::WalkDir::new(root)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                e.depth() == 0 || {
                    let name = e.file_name().to_string_lossy();
                    !(name.starts_with('.') || (e.file_type().is_dir() && name == "target"))
                }
            });
        for entry in walk {
            match entry {
                Ok(e) if e.file_type().is_file() => {
                    if e.path().extension().is_some_and(|x| x == EXTENSION) {
                        found.push(e.into_path());
                    }
                }
                Ok(_) => {}
                Err(e) => errors.push(Diagnostic::new(
                    Code::E092,
                    format!(
                        "cannot read `{}`: {}",
                        e.path().unwrap_or(root).display(),
                        e.io_error().map_or_else(|| e.to_string(), io_reason)
                    ),
                )),
            }
        }
    }
    (found, errors)
}

/// The default schema cache of a file: `schemas/` beside the nearest
/// `hierc.toml` above it, else `schemas/` beside the file.
pub fn default_schema_dir(file: &Path) -> PathBuf {
    let dir = file.parent().unwrap_or(Path::new(""));
    let start = if dir.as_os_str().is_empty() {
        std::fs::canonicalize(".")
    } else {
        std::fs::canonicalize(dir)
    };
    let start = start.unwrap_or_else(|_| dir.to_path_buf());
    // Walk up, keeping the path relative to how the file was named.
    let mut relative = dir.to_path_buf();
    for ancestor in start.ancestors() {
        if ancestor.join(PROJECT_FILE).is_file() {
            return relative.join("schemas");
        }
        relative.push("..");
    }
    dir.join("schemas")
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
