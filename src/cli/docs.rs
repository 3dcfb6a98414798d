//! `schemagen docs`: the data dictionary of a model, for DBAs.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;

use super::{Failure, load_release};

/// Write the data dictionary (Markdown, or one self-contained HTML page): a table of contents,
/// an ER diagram (Mermaid) per module, and every table, column, key and index with the model's descriptions, the native
/// type of each column in every target dialect, per-dialect overrides and their reasons, and
/// sensitive columns marked.
///
/// With --check (and --out): write nothing; exit 0 when FILE holds exactly this dictionary, 2
/// with a unified diff when it is stale (for CI).
#[derive(clap::Args)]
pub struct Args {
    /// The product's model directory (holding product.yaml).
    #[arg(default_value = ".")]
    model_dir: PathBuf,
    /// Write to this file (replaced whole: old or new, never half-written) instead of standard
    /// output.
    #[arg(long)]
    out: Option<PathBuf>,
    /// The release to write (a product with `releases:`); default: the newest.
    #[arg(long)]
    release: Option<String>,
    /// Check that --out holds exactly this dictionary instead of writing it.
    #[arg(long, requires = "out")]
    check: bool,
    /// `markdown`, or `html`: one page that needs no network, diagrams drawn in it.
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    format: Format,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Markdown,
    Html,
}

/// `Ok(false)`: --check found the file stale.
pub fn exec(args: Args) -> Result<bool, Failure> {
    let model = load_release(&args.model_dir, args.release.as_deref())?;
    let markdown = crate::docs::dictionary(&model);
    let text = match args.format {
        Format::Markdown => markdown,
        Format::Html => crate::docs::html::page(
            &format!("{} data dictionary", model.product.name),
            &markdown,
        ),
    };
    let Some(out) = &args.out else {
        print!("{text}");
        return Ok(true);
    };
    if args.check {
        let on_disk = match std::fs::read_to_string(out) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => {
                return Err(anyhow::anyhow!("cannot read `{}`: {e}", out.display()).into());
            }
        };
        if on_disk == text {
            eprintln!(
                "{}: data dictionary up to date in {}",
                model.product.name,
                out.display()
            );
            return Ok(true);
        }
        let name = out.display().to_string();
        print!(
            "{}",
            similar::TextDiff::from_lines(&on_disk, &text)
                .unified_diff()
                .context_radius(3)
                .header(&format!("a/{name}"), &format!("b/{name}"))
        );
        eprintln!(
            "{}: {} differs from what `schemagen docs` writes; run it and commit the result",
            model.product.name,
            out.display()
        );
        return Ok(false);
    }
    write_atomically(out, &text)?;
    Ok(true)
}

/// Replaces `path` whole: a temporary file in the same directory, flushed, renamed over it.
fn write_atomically(path: &std::path::Path, text: &str) -> anyhow::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => std::path::Path::new("."),
    };
    let mut file = tempfile::Builder::new()
        .prefix(".schemagen-tmp-")
        .tempfile_in(dir)
        .with_context(|| format!("cannot write into `{}`", dir.display()))?;
    file.write_all(text.as_bytes())
        .and_then(|_| file.as_file().sync_all())
        .with_context(|| format!("cannot write `{}`", path.display()))?;
    file.persist(path)
        .map_err(|e| anyhow::anyhow!("cannot write `{}`: {}", path.display(), e.error))?;
    Ok(())
}
