//! hierc: a compiler and linter for RecordPoint Salesforce connector
//! configurations.

pub mod config;
pub mod diagnostics;
pub mod source;
pub mod syntax;
pub mod schema;
