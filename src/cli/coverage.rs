//! `schemagen coverage`: which tables and columns of the seed documents and of the upstream
//! schemas the model has.

use std::path::PathBuf;

use super::{Failure, load_release};

/// Report, as Markdown, the tables and columns of each source (a seed's table list or an
/// upstream catalog, in the reference JSON shape) that the model has, misses and adds, with
/// the reason the model's deviations.yaml files record for each miss.
#[derive(clap::Args)]
pub struct Args {
    /// The product's model directory (holding product.yaml).
    model_dir: PathBuf,
    /// A source as LABEL=FILE (repeatable; repeat a label to join several files).
    #[arg(long = "source", required = true, value_name = "LABEL=FILE")]
    sources: Vec<String>,
    /// Write the report to this file instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
    /// The release to report on (a product with `releases:`); default: the newest.
    #[arg(long)]
    release: Option<String>,
}

pub fn exec(args: Args) -> Result<(), Failure> {
    let model = load_release(&args.model_dir, args.release.as_deref())?;
    let mut labels: Vec<(String, Vec<String>)> = Vec::new();
    for source in &args.sources {
        let Some((label, file)) = source.split_once('=') else {
            return Err(anyhow::anyhow!("--source `{source}`: write it as LABEL=FILE").into());
        };
        match labels.iter_mut().find(|(l, _)| l == label) {
            Some((_, files)) => files.push(file.to_string()),
            None => labels.push((label.to_string(), vec![file.to_string()])),
        }
    }
    let sources = labels
        .iter()
        .map(|(label, files)| crate::coverage::read_source(label, files))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let deviations = crate::coverage::read_deviations(&args.model_dir)?;
    let mut command = format!("schemagen coverage {}", args.model_dir.display());
    for source in &args.sources {
        command.push_str(&format!(" --source {source}"));
    }
    if let Some(out) = &args.out {
        command.push_str(&format!(" --out {}", out.display()));
    }
    let report = crate::coverage::report(&model, &sources, &deviations, &command);
    match &args.out {
        Some(out) => {
            if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty())
                && !parent.is_dir()
            {
                return Err(anyhow::anyhow!("`{}` does not exist", parent.display()).into());
            }
            std::fs::write(out, report)
                .map_err(|e| anyhow::anyhow!("cannot write `{}`: {e}", out.display()))?;
        }
        None => print!("{report}"),
    }
    Ok(())
}
