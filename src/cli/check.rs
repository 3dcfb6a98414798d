//! `schemagen check`: is the committed tree what `generate` would write?

use std::path::PathBuf;

use crate::dialect::DialectName;
use crate::emit;

use super::{Failure, load_model};

/// Check that DIR holds exactly what `generate` would write (for CI). Exit 0 when it does;
/// 2 with a unified diff of every difference when it does not; 1 on error. Writes nothing.
#[derive(clap::Args)]
pub struct Args {
    /// The product's model directory (holding product.yaml).
    #[arg(default_value = ".")]
    model_dir: PathBuf,
    /// The committed output directory, e.g. dbscripts/wso2.
    #[arg(long)]
    out: PathBuf,
    /// Only these dialects (repeatable); default: every dialect of the product.
    #[arg(long = "dialect", value_enum)]
    dialects: Vec<DialectName>,
}

pub fn exec(args: Args) -> Result<bool, Failure> {
    let model = load_model(&args.model_dir)?;
    let files = emit::generate(&model, &args.dialects)?;
    let drift = emit::tree::compare_tree(&args.out, &files, args.dialects.is_empty())?;
    for difference in &drift {
        print!("{difference}");
    }
    if drift.is_empty() {
        eprintln!(
            "{}: {} files up to date in {}",
            model.product.name,
            files.len(),
            args.out.display()
        );
        Ok(true)
    } else {
        eprintln!(
            "{}: {} file(s) differ from what `schemagen generate` writes in {}; run it and commit the result",
            model.product.name,
            drift.len(),
            args.out.display()
        );
        Ok(false)
    }
}
