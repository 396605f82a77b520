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

/// The most hierc reads of one input: a source, a config, a cached
/// describe, `hierc.toml`. Real ones are far smaller (the largest describes
/// are a few megabytes); the limit stops a device or a pipe that never ends
/// (`/dev/zero`, `yes |`) with E086 instead of filling the memory.
pub const MAX_INPUT: u64 = 64 * 1024 * 1024;

/// [`MAX_INPUT`] in words, for messages and the docs.
pub const MAX_INPUT_SHOWN: &str = "64 MiB";

/// Why an input was not read: an I/O error, or more than [`MAX_INPUT`] bytes.
#[derive(Debug)]
pub enum ReadError {
    Io(std::io::Error),
    TooLarge,
}

impl ReadError {
    /// E092 (cannot read) or E086 (too large) for the input `shown`.
    pub fn diagnostic(&self, shown: &str) -> Diagnostic {
        match self {
            ReadError::Io(e) => Diagnostic::cannot_read(shown, &io_reason(e)),
            ReadError::TooLarge => too_large(shown),
        }
    }

    /// The reason in words, for messages that name the input themselves.
    pub fn reason(&self) -> String {
        match self {
            ReadError::Io(e) => io_reason(e),
            ReadError::TooLarge => format!("it is larger than {MAX_INPUT_SHOWN} (E086)"),
        }
    }
}

/// E086: the input `shown` is larger than hierc reads.
pub fn too_large(shown: &str) -> Diagnostic {
    Diagnostic::new(
        Code::E086,
        format!("`{shown}` is larger than {MAX_INPUT_SHOWN}, the most hierc reads of one input"),
    )
    .help("name the source, config or describe itself: is it a device or a pipe that never ends?")
}

/// Reads the whole of `reader`, up to [`MAX_INPUT`] bytes.
pub fn read_bounded(reader: impl std::io::Read) -> Result<Vec<u8>, ReadError> {
    use std::io::Read;
    let mut bytes = Vec::new();
    reader
        .take(MAX_INPUT + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > MAX_INPUT {
        return Err(ReadError::TooLarge);
    }
    Ok(bytes)
}

/// Reads the file at `path`, up to [`MAX_INPUT`] bytes: a regular file, a
/// device or a FIFO alike.
pub fn read_file(path: &Path) -> Result<Vec<u8>, ReadError> {
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    if file.metadata().is_ok_and(|m| m.is_dir()) {
        return Err(ReadError::Io(std::io::Error::new(
            std::io::ErrorKind::IsADirectory,
            "it is a folder",
        )));
    }
    read_bounded(file)
}

/// [`read_file`] as UTF-8 text; text that is not UTF-8 is an I/O error of
/// kind `InvalidData`, as `std::fs::read_to_string` gives.
pub fn read_text(path: &Path) -> Result<String, ReadError> {
    let bytes = read_file(path)?;
    String::from_utf8(bytes).map_err(|_| {
        ReadError::Io(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "stream did not contain valid UTF-8",
        ))
    })
}

/// Reads a `.hier` file (or a config). `shown` is the name diagnostics
/// use; the diagnostic of a file that cannot be read (E092) or is too large
/// (E086) names it as its source.
pub fn read_source(path: &Path, shown: &str) -> Result<Arc<SourceFile>, Diagnostic> {
    let bytes = read_file(path).map_err(|e| e.diagnostic(shown))?;
    source_from_bytes(bytes, shown)
}

/// Reads the whole of `reader` (standard input) as a source named `shown`:
/// E092 when it cannot be read, E086 when it is too large, E002 when it is
/// not UTF-8, as for a file.
pub fn read_from(reader: impl std::io::Read, shown: &str) -> Result<Arc<SourceFile>, Diagnostic> {
    let bytes = read_bounded(reader).map_err(|e| e.diagnostic(shown))?;
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
/// explicitly is taken whatever its extension, and so is anything else that
/// is not a folder: `/dev/stdin`, a FIFO, a process substitution (`<(...)`).
/// Symbolic links inside folders are not followed, as git and ripgrep do; a
/// link named explicitly is. In folders, what `.gitignore`
/// (in a git repository or not), `.ignore` and git's global excludes name is
/// skipped, and so are hidden files and folders and `target`.
pub fn discover(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut found = Vec::new();
    let mut errors = Vec::new();
    for root in paths {
        if root.exists() && !root.is_dir() {
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

/// Where a file named on the command line belongs, for its project and
/// schema cache: itself, unless it is no regular file (`/dev/stdin`, a
/// FIFO, a process substitution's `/dev/fd/63`): then the current folder,
/// as for `check -`.
pub fn context_of(path: &Path) -> PathBuf {
    match std::fs::metadata(path) {
        Ok(m) if !m.is_file() && !m.is_dir() => {
            PathBuf::from(path.file_name().unwrap_or(std::ffi::OsStr::new("-")))
        }
        _ => path.to_path_buf(),
    }
}

/// `--tracked`: of `found` (what [`discover`] found under `roots`), the
/// files named in `roots` themselves, and the files in its folders that git
/// tracks (`git ls-files`: committed or staged), so that an untracked
/// scratch file is left out, as pre-commit's hooks need. E087 when git
/// cannot run or a folder is outside a repository.
pub fn tracked(roots: &[PathBuf], found: Vec<PathBuf>) -> Result<Vec<PathBuf>, Diagnostic> {
    let folders: Vec<&PathBuf> = roots.iter().filter(|r| r.is_dir()).collect();
    if folders.is_empty() {
        return Ok(found);
    }
    let unknown = |why: String| {
        Diagnostic::new(Code::E087, "`--tracked` cannot ask git which files it tracks")
            .help("run it in a git repository with git on PATH, or leave out `--tracked` to search every file")
            .note(why)
    };
    let out = std::process::Command::new("git")
        .args(["ls-files", "-z", "--"])
        .args(&folders)
        .output()
        .map_err(|e| unknown(format!("git cannot run ({})", io_reason(&e))))?;
    if !out.status.success() {
        let says = String::from_utf8_lossy(&out.stderr);
        let says = says.lines().next().unwrap_or_default().trim().to_string();
        return Err(unknown(format!("git says: {says}")));
    }
    let key = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let listed: std::collections::BTreeSet<PathBuf> = out
        .stdout
        .split(|b| *b == 0)
        .filter(|p| !p.is_empty())
        .map(|p| key(Path::new(&*String::from_utf8_lossy(p))))
        .collect();
    let named: Vec<PathBuf> = roots
        .iter()
        .filter(|r| !r.is_dir())
        .map(|r| key(r))
        .collect();
    Ok(found
        .into_iter()
        .filter(|f| {
            let k = key(f);
            named.contains(&k) || listed.contains(&k)
        })
        .collect())
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

/// Writes `bytes` to `path` as what is there asks, and returns the path of
/// the file written (`wrote ...` names it):
/// - a regular file, or nothing yet: atomically, through a temporary file in
///   the same folder renamed over the target, so that on failure the target
///   is untouched. An existing file keeps its permissions; a new one gets
///   the umask's default (`0666` less the umask), as `>` in a shell gives.
/// - a symbolic link: the file it ends at (made when missing), as above.
///   A link that loops is an error.
/// - a device, a FIFO or a socket: written through, in place, so that it
///   stays what it is (`-o /dev/null`, a named pipe).
/// - a folder, or a path ending in `/`: an error.
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<PathBuf> {
    use std::io::ErrorKind;
    let target = follow_links(path)?;
    let names_folder = target
        .as_os_str()
        .to_string_lossy()
        .ends_with(std::path::is_separator);
    match std::fs::metadata(&target) {
        Ok(meta) if meta.is_dir() => Err(std::io::Error::new(
            ErrorKind::IsADirectory,
            "it is a folder",
        )),
        _ if names_folder => Err(std::io::Error::other(
            "it ends with `/`, so it names a folder, and there is none",
        )),
        Ok(meta) if meta.is_file() => {
            replace(&target, bytes, Some(meta.permissions()))?;
            Ok(target)
        }
        Ok(_) => {
            let mut file = std::fs::OpenOptions::new().write(true).open(&target)?;
            file.write_all(bytes)?;
            file.flush()?;
            Ok(target)
        }
        Err(e) if e.kind() == ErrorKind::NotFound => {
            replace(&target, bytes, None)?;
            Ok(target)
        }
        Err(e) => Err(e),
    }
}

/// The file `path` names, as `wrote ...` and E085 show it: its folder with
/// links and `..` resolved (when the folder exists; else `..` is taken
/// from the text); a relative `path` gives a path relative to the current
/// folder (`out/x.json`, `../out/x.json`), an absolute one an absolute path.
pub fn real_path(path: &Path) -> PathBuf {
    let real = real_path_absolute(path);
    if path.is_absolute() {
        return real;
    }
    let cwd = working_dir();
    let cwd = std::fs::canonicalize(&cwd).unwrap_or(cwd);
    let common = real
        .components()
        .zip(cwd.components())
        .take_while(|(a, b)| a == b)
        .count();
    if common == 0 {
        return real;
    }
    let mut out = PathBuf::new();
    for _ in cwd.components().skip(common) {
        out.push("..");
    }
    out.extend(real.components().skip(common));
    if out.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        out
    }
}

/// [`real_path`], absolute.
pub fn real_path_absolute(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let (Some(dir), Some(name)) = (absolute.parent(), absolute.file_name()) else {
        return absolute;
    };
    match std::fs::canonicalize(dir) {
        Ok(dir) => dir.join(name),
        Err(_) => {
            let mut clean = PathBuf::new();
            for c in absolute.components() {
                match c {
                    std::path::Component::ParentDir => {
                        clean.pop();
                    }
                    std::path::Component::CurDir => {}
                    c => clean.push(c),
                }
            }
            clean
        }
    }
}

/// [`write`], for callers that need not know where the bytes went.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write(path, bytes).map(|_| ())
}

/// How many symbolic links [`follow_links`] follows before it gives up, as
/// Linux does (`ELOOP`).
const MAX_LINKS: usize = 40;

/// The path a chain of symbolic links at `path` ends at (a relative link
/// is read from its own folder); `path` itself when it is no link. A chain
/// that comes back to a link it passed, or is longer than [`MAX_LINKS`],
/// is an error that shows it.
fn follow_links(path: &Path) -> std::io::Result<PathBuf> {
    let mut at = path.to_path_buf();
    let mut chain: Vec<PathBuf> = Vec::new();
    loop {
        match std::fs::symlink_metadata(&at) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let looped = chain.contains(&at);
                chain.push(at.clone());
                if looped || chain.len() > MAX_LINKS {
                    let shown: Vec<String> =
                        chain.iter().map(|p| p.display().to_string()).collect();
                    return Err(std::io::Error::other(format!(
                        "it is a symbolic link that loops ({})",
                        shown.join(" → ")
                    )));
                }
                let link = std::fs::read_link(&at)?;
                at = folder_of(&at).join(link);
            }
            _ => return Ok(at),
        }
    }
}

/// Writes a regular file (or a new one) atomically, with `permissions`, or
/// the umask's default for a new file.
fn replace(
    path: &Path,
    bytes: &[u8],
    permissions: Option<std::fs::Permissions>,
) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".hierc-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Created as `open(2)` with 0666 creates a file: the umask applies.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    if let Some(p) = permissions {
        tmp.as_file().set_permissions(p)?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// `d` (E094 for `target`) with a help for what the error says: a folder
/// needs a file name in it; a link that loops needs another target.
pub fn write_help(d: Diagnostic, target: &Path, e: &std::io::Error) -> Diagnostic {
    let folder = target.display().to_string();
    let folder = folder.trim_end_matches(std::path::is_separator);
    if e.kind() == std::io::ErrorKind::IsADirectory {
        d.help(format!(
            "`-o` names a file: add its name to the folder, as in `{folder}/NAME`"
        ))
    } else if e.to_string().contains("names a folder") {
        d.help(format!(
            "`-o` names a file: leave out the last `/`, or make the folder and add a file name, as in `{folder}/NAME`"
        ))
    } else if e.to_string().contains("symbolic link that loops") {
        d.help("point the link at a file, or remove it and write to a file")
    } else {
        d
    }
}

/// The default output of `build`: `<stem>.connector_config.json` beside the
/// source, so several `.hier` files in one folder never share an output.
pub fn default_output(file: &Path) -> PathBuf {
    file.with_file_name(output_name(file, ".connector_config.json"))
}

/// `<stem><suffix>`, the file name of the output of `source`. The stem keeps
/// its bytes: two names that are not UTF-8 never become one.
pub fn output_name(source: &Path, suffix: &str) -> std::ffi::OsString {
    let mut name = source
        .file_stem()
        .map_or_else(|| "connector".into(), std::ffi::OsStr::to_os_string);
    name.push(suffix);
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    fn mode(path: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
    }

    #[cfg(unix)]
    #[test]
    fn a_rewritten_file_keeps_its_mode_and_a_new_one_gets_the_umask_default() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        for m in [0o644, 0o444, 0o640] {
            let target = dir.path().join(format!("f{m:o}"));
            std::fs::write(&target, "old").unwrap();
            std::fs::set_permissions(&target, std::fs::Permissions::from_mode(m)).unwrap();
            write(&target, b"new").unwrap();
            assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
            assert_eq!(mode(&target), m, "mode {m:o} was not kept");
        }
        // What a plain create gives under this process's umask.
        let plain = dir.path().join("plain");
        std::fs::write(&plain, "").unwrap();
        let new = dir.path().join("new");
        write(&new, b"x").unwrap();
        assert_eq!(mode(&new), mode(&plain));
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_is_followed_and_stays_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.json");
        std::fs::write(&real, "old").unwrap();
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink("real.json", &link).unwrap();
        let written = write(&link, b"new").unwrap();
        assert_eq!(written, dir.path().join("real.json"));
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
        // A link to a missing file makes the file.
        let dangling = dir.path().join("dangling");
        std::os::unix::fs::symlink("made.json", &dangling).unwrap();
        write(&dangling, b"made").unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join("made.json")).unwrap(),
            "made"
        );
        // A loop is an error, and nothing is written.
        let a = dir.path().join("a");
        std::os::unix::fs::symlink("b", &a).unwrap();
        std::os::unix::fs::symlink("a", dir.path().join("b")).unwrap();
        let e = write(&a, b"x").unwrap_err();
        let chain = [&a, &dir.path().join("b"), &a].map(|p| p.display().to_string());
        assert_eq!(
            e.to_string(),
            format!("it is a symbolic link that loops ({})", chain.join(" → "))
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_written_through_and_stays_a_device() {
        use std::os::unix::fs::FileTypeExt;
        write(Path::new("/dev/null"), b"x").unwrap();
        assert!(std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device());
    }

    #[test]
    fn inputs_are_read_up_to_the_limit() {
        use std::io::Read;
        let at_limit = read_bounded(std::io::repeat(b'x').take(MAX_INPUT)).unwrap();
        assert_eq!(at_limit.len() as u64, MAX_INPUT);
        let over = read_bounded(std::io::repeat(b'x').take(MAX_INPUT + 1));
        assert!(matches!(over, Err(ReadError::TooLarge)));
        let d = ReadError::TooLarge.diagnostic("big.hier");
        assert_eq!(d.code, Code::E086);
    }

    #[test]
    fn a_folder_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let e = write(dir.path(), b"x").unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::IsADirectory);
        assert!(dir.path().is_dir());
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_written_through_and_stays_a_fifo() {
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            return; // no mkfifo here
        }
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
        };
        write(&fifo, b"through").unwrap();
        assert_eq!(reader.join().unwrap(), "through");
        assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    }

    #[cfg(unix)]
    #[test]
    fn a_special_file_named_on_the_command_line_is_an_input() {
        let (found, errors) = discover(&[PathBuf::from("/dev/null")]);
        assert!(errors.is_empty());
        assert_eq!(found, vec![PathBuf::from("/dev/null")]);
    }

    #[cfg(unix)]
    #[test]
    fn links_in_folders_are_not_followed_but_a_named_link_is() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let real = outside.path().join("real.hier");
        std::fs::write(&real, "").unwrap();
        let link = dir.path().join("link.hier");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("folder")).unwrap();
        let (found, errors) = discover(&[dir.path().to_path_buf()]);
        assert!(
            found.is_empty() && errors.is_empty(),
            "{found:?} {errors:?}"
        );
        let (found, _) = discover(std::slice::from_ref(&link));
        assert_eq!(found, vec![link]);
    }

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
