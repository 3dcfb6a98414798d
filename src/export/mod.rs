//! What the model is written as for other tools (importers are in [`crate::import`]):
//!
//! - [`access_governance`]: Oracle Access Governance's `schema.json` for "Database
//!   Application Tables (Oracle)" (seed 004), from the model and the product's
//!   `access-governance.yaml` mapping.
//!
//! Dependencies point one way: commands → export → dialect → model.

pub mod access_governance;
