//! `schemagen schema`: print the JSON Schema of the model files.

use super::Failure;

#[derive(Clone, Copy, clap::ValueEnum)]
enum Kind {
    /// product.yaml
    Product,
    /// a module file
    Module,
    /// a product's access-governance.yaml (`schemagen export access-governance`)
    AccessGovernance,
}

/// Print the JSON Schema (draft-07) of product.yaml, of module files or of a product's
/// access-governance.yaml, for editors.
#[derive(clap::Args)]
pub struct Args {
    #[arg(value_enum, default_value = "module")]
    kind: Kind,
}

pub fn exec(args: Args) -> Result<(), Failure> {
    let schema = match args.kind {
        Kind::Product => crate::schema::product_schema(),
        Kind::Module => crate::schema::module_schema(),
        Kind::AccessGovernance => crate::schema::access_governance_schema(),
    };
    println!("{schema}");
    Ok(())
}
