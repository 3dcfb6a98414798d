//! `schemagen export access-governance`: the model as another tool's file.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::{Failure, load_model};
use crate::export::access_governance;

/// Write the model in another tool's format.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    what: What,
}

#[derive(clap::Subcommand)]
enum What {
    AccessGovernance(AccessGovernanceArgs),
}

/// Write the Oracle Access Governance `schema.json` of a "Database Application Tables (Oracle)"
/// orchestrated system: ACCOUNT and TARGETACCOUNT from the account table, ENTITLEMENT and
/// LOOKUP entities, every column of their tables (unmapped ones with an empty `name`, to be
/// switched on), typed and flagged (REQUIRED, MULTIVALUED, SENSITIVE) from the model, related
/// through its foreign keys. The mapping is the product's `access-governance.yaml`.
///
/// A mapping to a table or column the model lacks (E093) or a password column not marked
/// `sensitive` (E095) is an error and writes nothing; a REQUIRED core attribute on a nullable
/// column is a warning (E094). Deterministic and pretty-printed; written atomically.
#[derive(clap::Args)]
pub struct AccessGovernanceArgs {
    /// The product's model directory (holding product.yaml and access-governance.yaml).
    #[arg(default_value = ".")]
    model_dir: PathBuf,
    /// The schema.json to write (`-`: standard output).
    #[arg(long)]
    out: PathBuf,
}

pub fn exec(args: Args) -> Result<(), Failure> {
    let What::AccessGovernance(args) = args.what;
    let model = load_model(&args.model_dir)?;
    let export = match access_governance::export(&model) {
        Ok(e) => e,
        Err(access_governance::Rejected {
            errors: diagnostics,
            warnings,
        }) => {
            for w in &warnings {
                eprintln!("{}", w.render());
            }
            for d in diagnostics.iter() {
                eprintln!("{}", d.render());
            }
            eprintln!(
                "{} error{} in the Access Governance mapping; nothing written",
                diagnostics.len(),
                if diagnostics.len() == 1 { "" } else { "s" }
            );
            return Err(Failure::InvalidModel);
        }
    };
    for w in &export.warnings {
        eprintln!("{}", w.render());
    }
    if args.out == Path::new("-") {
        print!("{}", export.json);
        return Ok(());
    }
    write_atomically(&args.out, &export.json)
        .with_context(|| format!("cannot write `{}`", args.out.display()))?;
    let warnings = export.warnings.len();
    eprintln!(
        "{}: {} entities, {warnings} warning{}",
        args.out.display(),
        export.schema.schema_templates.len(),
        if warnings == 1 { "" } else { "s" }
    );
    Ok(())
}

/// A temporary file beside `path`, flushed, renamed over it.
fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".schemagen-tmp-")
        .tempfile_in(dir)?;
    temp.write_all(text.as_bytes())?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
