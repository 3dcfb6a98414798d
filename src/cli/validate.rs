//! `schemagen validate`: check a model against every rule, for every target dialect.

use std::path::PathBuf;

use super::{Failure, load_model};

/// Validate a model without writing anything. Prints every error with file:line:column.
#[derive(clap::Args)]
pub struct Args {
    /// The product's model directory (holding product.yaml).
    #[arg(default_value = ".")]
    model_dir: PathBuf,
}

pub fn exec(args: Args) -> Result<(), Failure> {
    let model = load_model(&args.model_dir)?;
    let tables: usize = model.modules.iter().map(|m| m.tables.len()).sum();
    eprintln!(
        "{}: valid ({} modules, {} tables, dialects: {})",
        model.product.name,
        model.modules.len(),
        tables,
        model
            .product
            .targets
            .keys()
            .map(|d| d.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(())
}
