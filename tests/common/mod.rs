//! Shared test helpers: snapshots live in the top-level `snapshots/`, and
//! fixtures compile against the frozen caches in the repository.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use hierc::diagnostics::render::{self, Style};
use hierc::schema::Catalog;
use hierc::source::SourceFile;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// insta settings that put every snapshot in `snapshots/`.
pub fn insta_settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path(root().join("snapshots"));
    s.set_prepend_module_to_snapshot(true);
    s.set_omit_expression(true);
    s
}

/// A path relative to the package root, with `/` separators, for names
/// that must read the same on every machine.
pub fn relative(path: &Path) -> String {
    let rel = path.strip_prefix(root()).unwrap_or(path);
    rel.to_string_lossy().replace('\\', "/")
}

/// Reads a source file under the name tests show.
pub fn source(path: &Path) -> Arc<SourceFile> {
    let text = std::fs::read_to_string(path).expect("fixture is UTF-8");
    SourceFile::new(relative(path), text)
}

/// The schema cache of a fixture or example: `schemas/` beside it, shown
/// relative to the package root.
pub fn catalog_for(path: &Path) -> Catalog {
    let dir = path.parent().unwrap();
    let dir = if dir.ends_with("ok") || dir.ends_with("err") {
        dir.parent().unwrap().join("schemas")
    } else {
        dir.join("schemas")
    };
    Catalog::new(relative(&dir))
}

/// Diagnostics rendered as the snapshots show them: no colour, 80 columns.
pub fn render(diags: &[hierc::diagnostics::Diagnostic]) -> String {
    render::human_all(diags, Style::plain())
}

/// A fixture's snapshot text: its diagnostics, then its output.
pub fn compile_report(path: &Path) -> (String, Option<hierc::config::Config>) {
    let catalog = catalog_for(path);
    let c = hierc::compile(source(path), &catalog);
    let diags = if c.diagnostics.is_empty() {
        "(none)\n".to_string()
    } else {
        render(&c.diagnostics)
    };
    let output = match &c.config {
        Some(config) => hierc::config::to_json(config),
        None => "(none)\n".to_string(),
    };
    (
        format!("--- diagnostics ---\n{diags}--- output ---\n{output}"),
        c.config,
    )
}
