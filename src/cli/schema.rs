//! `schemagen schema`: print the JSON Schema of the model files.

use super::Failure;

#[derive(Clone, Copy, clap::ValueEnum)]
enum Kind {
    /// product.yaml
    Product,
    /// a module file
    Module,
}

/// Print the JSON Schema (draft-07) of product.yaml or of module files, for editors.
#[derive(clap::Args)]
pub struct Args {
    #[arg(value_enum, default_value = "module")]
    kind: Kind,
}

pub fn exec(args: Args) -> Result<(), Failure> {
    let schema = match args.kind {
        Kind::Product => crate::schema::product_schema(),
        Kind::Module => crate::schema::module_schema(),
    };
    println!("{schema}");
    Ok(())
}
