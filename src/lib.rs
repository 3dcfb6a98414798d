//! schemagen: one declarative YAML model of a product's tables, written as a per-dialect
//! dbscripts tree.
//!
//! - [`model`]: the YAML model (types, loading, validation);
//! - [`dialect`]: one module per database, plus its data in `dialects/`;
//! - [`emit`]: model → sea-query statements → SQL files → output tree;
//! - [`diff`]: two model versions → changes → per-dialect migrations;
//! - [`import`]: existing SQL scripts, live databases, Janssen attributes → the model;
//! - [`export`]: the model → other tools' formats (Oracle Access Governance schema.json);
//! - [`docs`]: the data dictionary for DBAs;
//! - [`coverage`]: which tables and columns of the seeds and upstream schemas the model has;
//! - [`cli`]: the commands.

pub mod cli;
pub mod coverage;
pub mod dialect;
pub mod diff;
pub mod docs;
pub mod emit;
pub mod export;
pub mod import;
pub mod model;
pub mod schema;
