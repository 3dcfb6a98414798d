//! The JSON Schema (draft-07, what VS Code's YAML extension reads) of the model files,
//! derived from the serde types so it cannot drift from what the loader accepts.

use schemars::generate::SchemaSettings;

use crate::model::ast::{ModuleFile, ProductFile};

pub fn product_schema() -> String {
    render(
        SchemaSettings::draft07()
            .into_generator()
            .into_root_schema_for::<ProductFile>(),
    )
}

pub fn module_schema() -> String {
    render(
        SchemaSettings::draft07()
            .into_generator()
            .into_root_schema_for::<ModuleFile>(),
    )
}

fn render(schema: schemars::Schema) -> String {
    serde_json::to_string_pretty(&schema).expect("a schema serializes")
}
