//! `schemagen init`: a new product directory that validates as written.

use std::collections::BTreeSet;
use std::path::PathBuf;

use anyhow::anyhow;

use crate::dialect::DialectName;
use crate::emit::OutputFile;

use super::Failure;

/// Start a product: product.yaml, one example module and the JSON Schema files for editors.
#[derive(clap::Args)]
pub struct Args {
    /// The directory to create (or an empty one).
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// The product's short name, e.g. `billing`.
    #[arg(long)]
    product: String,
    /// The dialects it ships (repeatable).
    #[arg(long = "dialect", value_enum, required = true)]
    dialects: Vec<DialectName>,
}

pub fn exec(args: Args) -> Result<(), Failure> {
    if args.dir.join(crate::model::load::PRODUCT_FILE).exists() {
        return Err(anyhow!(
            "`{}` already holds a product.yaml; nothing written",
            args.dir.display()
        )
        .into());
    }
    let dialects: BTreeSet<DialectName> = args.dialects.iter().copied().collect();
    let files = crate::import::yaml::init_files(&args.product, &dialects);
    if let Some(problems) = super::import::validate_staged(&files, &args.dir)? {
        eprint!("{problems}");
        return Err(anyhow!(
            "the product name `{}` does not make a valid model; nothing written",
            args.product
        )
        .into());
    }
    let outputs: Vec<OutputFile> = files
        .iter()
        .map(|(path, contents)| OutputFile {
            path: path.clone(),
            dialect: args.dialects[0],
            contents: contents.clone(),
        })
        .collect();
    crate::emit::tree::write_tree(&args.dir, &outputs, false)?;
    super::note(&format!(
        "{}: product started in {} ({} files); next: edit example.yaml, then `schemagen validate {}`",
        args.product,
        args.dir.display(),
        outputs.len(),
        args.dir.display()
    ));
    Ok(())
}
