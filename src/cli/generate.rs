//! `schemagen generate`: write the dbscripts tree of a model.

use std::path::PathBuf;

use crate::dialect::DialectName;
use crate::emit;

use super::{Failure, load_release};

/// Generate the dbscripts tree: one file per module and dialect.
///
/// The tree is written atomically: each file is replaced whole (old or new, never missing, even
/// when the run is killed), and on any failure the previous tree is left as it was. Files
/// schemagen did not write are never deleted. Two runs on one tree exclude each other (a lock
/// on DIR).
#[derive(clap::Args)]
pub struct Args {
    /// The product's model directory (holding product.yaml).
    #[arg(default_value = ".")]
    model_dir: PathBuf,
    /// The output directory, e.g. dbscripts/wso2.
    #[arg(long)]
    out: PathBuf,
    /// Only these dialects (repeatable); default: every dialect of the product.
    #[arg(long = "dialect", value_enum)]
    dialects: Vec<DialectName>,
    /// The release to write (a product with `releases:`); default: the newest.
    #[arg(long)]
    release: Option<String>,
}

pub fn exec(args: Args) -> Result<(), Failure> {
    let model = load_release(&args.model_dir, args.release.as_deref())?;
    let files = emit::generate(&model, &args.dialects)?;
    let prune = args.dialects.is_empty();
    let report = emit::tree::write_tree(&args.out, &files, prune)?;
    for path in &report.recovered {
        eprintln!("recovered: removed `{path}`, left behind by an interrupted run");
    }
    for path in &report.kept_edited {
        eprintln!(
            "warning: `{path}` is no longer generated but was edited since schemagen wrote it; left in place"
        );
    }
    for path in &report.written {
        super::detail(&format!("written: {path}"));
    }
    for path in &report.removed {
        super::detail(&format!("removed: {path}"));
    }
    super::note(&format!(
        "{}{}: {} files ({} written, {} unchanged, {} removed) in {}",
        model.product.name,
        model
            .release
            .as_ref()
            .map(|r| format!(" release {r}"))
            .unwrap_or_default(),
        files.len(),
        report.written.len(),
        report.unchanged.len(),
        report.removed.len(),
        args.out.display()
    ));
    Ok(())
}
