//! `schemagen docs`: the data dictionary of a model, for DBAs.

use std::path::PathBuf;

use super::{Failure, load_model};

/// Write the data dictionary (Markdown): every table, column, key and index with the model's
/// descriptions, per-dialect overrides and their reasons, and sensitive columns marked.
#[derive(clap::Args)]
pub struct Args {
    /// The product's model directory (holding product.yaml).
    #[arg(default_value = ".")]
    model_dir: PathBuf,
    /// Write to this file instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
}

pub fn exec(args: Args) -> Result<(), Failure> {
    let model = load_model(&args.model_dir)?;
    let text = crate::docs::dictionary(&model);
    match &args.out {
        Some(out) => std::fs::write(out, text)
            .map_err(|e| anyhow::anyhow!("cannot write `{}`: {e}", out.display()))?,
        None => print!("{text}"),
    }
    Ok(())
}
