//! The JSON Schema (draft-07, what VS Code's YAML extension reads) of the model files,
//! derived from the serde types so it cannot drift from what the loader accepts.
//!
//! Each schema has a stable `$id` (a URN, as the project has no web address to serve it
//! from; editors find the schema through the `yaml-language-server` modeline's path): it
//! names the format, not a schemagen version, and changes only if the format breaks.

use schemars::generate::SchemaSettings;

use crate::model::ast::{ModuleFile, ProductFile};

/// The `$id` of the product file's schema.
pub const PRODUCT_SCHEMA_ID: &str = "urn:schemagen:schema:product-file:1";
/// The `$id` of a module file's schema.
pub const MODULE_SCHEMA_ID: &str = "urn:schemagen:schema:module-file:1";
/// The `$id` of an `access-governance.yaml` mapping file's schema.
pub const ACCESS_GOVERNANCE_SCHEMA_ID: &str = "urn:schemagen:schema:access-governance-file:1";

pub fn product_schema() -> String {
    render(
        SchemaSettings::draft07()
            .into_generator()
            .into_root_schema_for::<ProductFile>(),
        PRODUCT_SCHEMA_ID,
    )
}

pub fn module_schema() -> String {
    render(
        SchemaSettings::draft07()
            .into_generator()
            .into_root_schema_for::<ModuleFile>(),
        MODULE_SCHEMA_ID,
    )
}

/// The JSON Schema of a product's `access-governance.yaml` (`schemagen export access-governance`).
pub fn access_governance_schema() -> String {
    render(
        SchemaSettings::draft07()
            .into_generator()
            .into_root_schema_for::<crate::export::access_governance::MappingFile>(),
        ACCESS_GOVERNANCE_SCHEMA_ID,
    )
}

fn render(mut schema: schemars::Schema, id: &str) -> String {
    schema.insert("$id".to_string(), id.into());
    serde_json::to_string_pretty(&schema).expect("a schema serializes")
}
