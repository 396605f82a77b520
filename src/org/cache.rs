//! The schema cache on disk: `<Object>.schema.json` holds the describe
//! bytes as the org sent them; the sidecar `<Object>.meta.json` beside it
//! says where and when they came from. Both are written atomically.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use crate::schema::SUFFIX;
use crate::workspace::files::write_atomic;

/// The suffix of a sidecar.
pub const META_SUFFIX: &str = ".meta.json";

/// A sidecar.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Meta {
    /// `62.0`.
    pub api_version: String,
    /// The org's `Last-Modified` for the describe, when it sent one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
    /// RFC 3339, UTC: when the describe was last fetched or revalidated.
    pub fetched_at: String,
    /// The org's instance URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
}

impl Meta {
    pub fn fetched(&self) -> Option<SystemTime> {
        humantime::parse_rfc3339(&self.fetched_at).ok()
    }

    /// How long ago it was fetched.
    pub fn age(&self) -> Option<Duration> {
        SystemTime::now().duration_since(self.fetched()?).ok()
    }

    /// What to send as `If-Modified-Since`: `Last-Modified`, else the time
    /// of the fetch.
    pub fn since(&self) -> Option<String> {
        self.last_modified
            .clone()
            .or_else(|| self.fetched().map(httpdate::fmt_http_date))
    }
}

/// Now, RFC 3339 UTC to the second.
pub fn now() -> String {
    humantime::format_rfc3339_seconds(SystemTime::now()).to_string()
}

/// The files of an object already in the cache, found ignoring case; else
/// the paths to write, spelled as `name`.
pub fn paths(dir: &Path, name: &str) -> (PathBuf, PathBuf) {
    let lower = name.to_ascii_lowercase();
    let mut schema = dir.join(format!("{name}{SUFFIX}"));
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let file = entry.file_name();
            let Some(file) = file.to_str() else { continue };
            if file.to_ascii_lowercase() == format!("{lower}{SUFFIX}") {
                schema = entry.path();
            }
        }
    }
    let stem = schema
        .file_name()
        .and_then(|f| f.to_str())
        .map(|f| f[..f.len() - SUFFIX.len()].to_string())
        .unwrap_or_else(|| name.to_string());
    let meta = dir.join(format!("{stem}{META_SUFFIX}"));
    (schema, meta)
}

pub fn read_meta(path: &Path) -> Option<Meta> {
    let bytes = std::fs::read(path).ok()?;
    serde_json::from_slice(&bytes).ok()
}

pub fn write_meta(path: &Path, meta: &Meta) -> std::io::Result<()> {
    let mut text = serde_json::to_string_pretty(meta).map_err(std::io::Error::other)?;
    text.push('\n');
    write_atomic(path, text.as_bytes())
}

/// Writes a describe and its sidecar. An existing file spelled in another
/// case is replaced.
pub fn store(dir: &Path, name: &str, body: &[u8], meta: &Meta) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let (schema, sidecar) = paths(dir, name);
    let wanted = dir.join(format!("{name}{SUFFIX}"));
    write_atomic(&wanted, body)?;
    if schema != wanted {
        let _ = std::fs::remove_file(&schema);
        let _ = std::fs::remove_file(&sidecar);
    }
    write_meta(&dir.join(format!("{name}{META_SUFFIX}")), meta)
}

/// One cached object, for `schema status`.
pub struct Entry {
    pub name: String,
    pub meta: Option<Meta>,
}

/// What the cache holds, sorted by name.
pub fn entries(dir: &Path) -> std::io::Result<Vec<Entry>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir)?.flatten() {
        let file = entry.file_name();
        let Some(file) = file.to_str() else { continue };
        if file.to_ascii_lowercase().ends_with(SUFFIX) {
            let name = file[..file.len() - SUFFIX.len()].to_string();
            let meta = read_meta(&dir.join(format!("{name}{META_SUFFIX}")));
            out.push(Entry { name, meta });
        }
    }
    out.sort_by_key(|e| e.name.to_ascii_lowercase());
    Ok(out)
}

/// `3 days`, `5 hours`, `2 minutes`, `just now`.
pub fn age_words(age: Duration) -> String {
    let secs = age.as_secs();
    let (n, unit) = if secs >= 86_400 {
        (secs / 86_400, "day")
    } else if secs >= 3600 {
        (secs / 3600, "hour")
    } else if secs >= 60 {
        (secs / 60, "minute")
    } else {
        return "just now".into();
    };
    format!("{n} {unit}{} ago", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sidecars_round_trip_and_are_ignored_by_the_catalog() {
        let dir = tempfile::tempdir().unwrap();
        let meta = Meta {
            api_version: "62.0".into(),
            last_modified: Some("Wed, 06 May 2026 09:49:20 GMT".into()),
            fetched_at: now(),
            instance: None,
        };
        store(dir.path(), "Case", br#"{"name":"Case","fields":[]}"#, &meta).unwrap();
        let back = read_meta(&dir.path().join("Case.meta.json")).unwrap();
        assert_eq!(back.api_version, "62.0");
        assert!(back.age().unwrap() < Duration::from_secs(60));
        let catalog = crate::schema::Catalog::new(dir.path());
        assert_eq!(catalog.names(), vec!["Case"]);
        assert_eq!(age_words(Duration::from_secs(3 * 86_400)), "3 days ago");
    }
}
