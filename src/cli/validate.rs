//! `schemagen validate`: check a model against every rule, for every target dialect, and
//! report its warnings.

use std::path::PathBuf;

use crate::model::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::model::{lint, report};

use super::Failure;

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// For people: each diagnostic with its source line, on stderr.
    Text,
    /// A JSON array of {code, severity, file, line, column, message, help}, on stdout.
    Json,
    /// A SARIF 2.1.0 log, for code-scanning UIs, on stdout.
    Sarif,
    /// GitHub workflow commands (`::error file=...`), annotations in a pull request, on stdout.
    Github,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Warnings {
    /// Every warning except the description ones (W005, W006), which are counted.
    Default,
    /// Every warning.
    All,
    /// No warning.
    None,
}

/// Validate a model without writing anything. Prints every error with file:line:column, then
/// (for a valid model) its warnings; exit 1 on an error, 0 otherwise (warnings do not change
/// it unless --deny-warnings). A product with releases is validated (and linted) in every
/// release, each problem printed once.
#[derive(clap::Args)]
pub struct Args {
    /// The product's model directory (holding product.yaml).
    #[arg(default_value = ".")]
    model_dir: PathBuf,
    /// How to print the diagnostics.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Which warnings to report (W005 and W006, descriptions, only with `all`).
    #[arg(long, value_enum, default_value = "default")]
    warnings: Warnings,
    /// Exit 1 when a reported warning remains (for CI).
    #[arg(long)]
    deny_warnings: bool,
}

pub fn exec(args: Args) -> Result<(), Failure> {
    let (models, diagnostics) = match crate::model::load_every_release(&args.model_dir) {
        Ok(models) => {
            let mut warnings = Diagnostics::default();
            for model in &models {
                warnings.extend_unique(lint::lint(model));
            }
            (Some(models), warnings)
        }
        Err(errors) => (None, errors),
    };
    let (shown, hidden): (Vec<Diagnostic>, Vec<Diagnostic>) =
        diagnostics.0.into_iter().partition(|d| {
            d.severity == Severity::Error
                || match args.warnings {
                    Warnings::All => true,
                    Warnings::None => false,
                    Warnings::Default => lint::warning(d.code).is_none_or(|w| w.shown_by_default),
                }
        });
    let shown = Diagnostics(shown);
    match args.format {
        Format::Text if !shown.is_empty() => eprint!("{}", super::render_for_stderr(&shown)),
        Format::Text => {}
        Format::Json => print!("{}", report::json(&shown.0)),
        Format::Sarif => print!("{}", report::sarif(&shown.0)),
        Format::Github => print!("{}", report::github(&shown.0)),
    }
    let Some(models) = models else {
        return Err(Failure::InvalidModel);
    };
    let model = models.last().expect("a model has at least one release");
    let releases = match models.len() {
        1 => String::new(),
        n => format!(", {n} releases: {}", model.releases.join(", ")),
    };
    if !hidden.is_empty() && args.warnings == Warnings::Default {
        let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
        for d in &hidden {
            *counts.entry(d.code).or_default() += 1;
        }
        super::note(&format!(
            "{} warning{} not shown ({}): `--warnings all` shows them",
            hidden.len(),
            if hidden.len() == 1 { "" } else { "s" },
            counts
                .iter()
                .map(|(code, n)| format!(
                    "{code} {}: {n}",
                    lint::warning(code).map_or("", |w| w.title)
                ))
                .collect::<Vec<_>>()
                .join("; ")
        ));
    }
    let tables: usize = model.modules.iter().map(|m| m.tables.len()).sum();
    super::note(&format!(
        "{}: valid ({} modules, {} tables, dialects: {}{releases})",
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
    ));
    if args.deny_warnings && !shown.is_empty() {
        eprintln!("error: {} (--deny-warnings)", shown.summary());
        return Err(Failure::InvalidModel);
    }
    Ok(())
}
