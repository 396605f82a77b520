//! Drawing a compiled config's entity hierarchy: as the connector guide's
//! text tree (`tree`, for `hierc tree`), or as a Mermaid or Graphviz graph
//! (`graph`, for `hierc graph`). Both are pure functions of a `Config`.

pub mod graph;
pub mod tree;
