//! `schemagen check`: is the committed tree what `generate` would write?

use std::path::PathBuf;

use crate::dialect::DialectName;
use crate::emit;

use super::{Failure, load_release};

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
    /// The release to check against (a product with `releases:`); default: the newest.
    #[arg(long)]
    release: Option<String>,
}

pub fn exec(args: Args) -> Result<bool, Failure> {
    let model = load_release(&args.model_dir, args.release.as_deref())?;
    // A tree that is not there is a wrong path or a tree never generated, not a diff of
    // every file.
    match std::fs::metadata(&args.out) {
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => {
            return Err(anyhow::anyhow!(
                "`{}` is not a directory: give the directory `schemagen generate --out` writes",
                args.out.display()
            )
            .into());
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(anyhow::anyhow!(
                "`{}` does not exist: nothing to check (a wrong path, or run `schemagen generate {} --out {}` first and commit the tree)",
                args.out.display(),
                args.model_dir.display(),
                args.out.display()
            )
            .into());
        }
        Err(e) => {
            return Err(anyhow::anyhow!("cannot read `{}`: {e}", args.out.display()).into());
        }
    }
    let files = emit::generate(&model, &args.dialects)?;
    let drift = emit::tree::compare_tree(&args.out, &files, args.dialects.is_empty())?;
    for difference in &drift {
        print!("{difference}");
    }
    if drift.is_empty() {
        super::note(&format!(
            "{}: {} files up to date in {}",
            model.product.name,
            files.len(),
            args.out.display()
        ));
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
