//! The workspace: what surrounds a file. Its files on disk (`files`), its
//! project (`project`, the nearest `hierc.toml`).

pub mod files;
pub mod project;
