//! `schemagen diff`: what changed between two versions of a model, and the migration of every
//! dialect.

use std::path::PathBuf;

use anyhow::bail;
use serde::Serialize;

use crate::dialect::DialectName;
use crate::diff::{self, summary};
use crate::emit;

use super::{Failure, load_model};

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// A summary, one line per change, `!` marking destructive ones.
    Text,
    /// The migration scripts of every module and dialect.
    Sql,
    /// A stable JSON report for bots (format in src/diff/summary.rs).
    Json,
}

/// Compare two versions of a model and write the migration of every dialect.
///
/// Exit codes: 0 no change; 2 changes; 3 destructive changes (drops, narrowing, NOT NULL on an
/// existing column, deleted seed rows) unless --allow-destructive; 1 error.
#[derive(clap::Args)]
pub struct Args {
    /// The old model directory.
    #[arg(required_unless_present = "git_model")]
    old: Option<PathBuf>,
    /// The new model directory.
    #[arg(required_unless_present = "git_model")]
    new: Option<PathBuf>,
    /// Read both versions of one model directory from git instead: MODEL_DIR OLD_REV NEW_REV.
    #[arg(long, num_args = 3, value_names = ["MODEL_DIR", "OLD_REV", "NEW_REV"], conflicts_with_all = ["old", "new"])]
    git_model: Option<Vec<String>>,
    /// Only these dialects (repeatable); default: every dialect of the new model.
    #[arg(long = "dialect", value_enum)]
    dialects: Vec<DialectName>,
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Also write the migrations as a tree in the product's layout.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Exit 2 instead of 3 when changes are destructive.
    #[arg(long)]
    allow_destructive: bool,
}

/// 0, 2 or 3: see [`Args`].
pub fn exec(args: Args) -> Result<u8, Failure> {
    let (_old_dir, _new_dir, old_path, new_path);
    if let Some(git) = &args.git_model {
        let dir = PathBuf::from(&git[0]);
        let old_tmp = diff::git::model_at_revision(&dir, &git[1])?;
        let new_tmp = diff::git::model_at_revision(&dir, &git[2])?;
        old_path = old_tmp.path().to_path_buf();
        new_path = new_tmp.path().to_path_buf();
        (_old_dir, _new_dir) = (Some(old_tmp), Some(new_tmp));
    } else {
        old_path = args.old.clone().expect("clap requires it");
        new_path = args.new.clone().expect("clap requires it");
        (_old_dir, _new_dir) = (None, None);
    }
    let old = load_model(&old_path)?;
    let new = load_model(&new_path)?;
    let dialects: Vec<DialectName> = if args.dialects.is_empty() {
        new.product.targets.keys().copied().collect()
    } else {
        for d in &args.dialects {
            if !new.product.targets.contains_key(d) {
                return Err(anyhow::anyhow!("the new model does not target dialect `{d}`").into());
            }
        }
        args.dialects.clone()
    };
    let files = diff::diff_models(&old, &new, &dialects);

    match args.format {
        Format::Text => print!("{}", summary::text_summary(&files, dialects.len())),
        Format::Json => print!("{}", summary::json_report(&old, &new, &files)),
        Format::Sql => {
            for file in files.iter().filter(|f| !f.statements.is_empty()) {
                println!("-- ===== {} =====", file.path);
                print!("{}", render_migration(&old, &new, file)?);
            }
        }
    }
    if let Some(out) = &args.out {
        let outputs: Vec<emit::OutputFile> = files
            .iter()
            .filter(|f| !f.statements.is_empty())
            .map(|f| {
                Ok(emit::OutputFile {
                    path: f.path.clone(),
                    dialect: f.dialect.parse().map_err(anyhow::Error::msg)?,
                    contents: render_migration(&old, &new, f)?,
                })
            })
            .collect::<anyhow::Result<_>>()?;
        emit::tree::write_tree(out, &outputs, false)?;
    }
    let changed = files.iter().any(|f| !f.changes.is_empty());
    let destructive = files
        .iter()
        .flat_map(|f| &f.changes)
        .any(|c| c.destructive().is_some());
    Ok(match (changed, destructive && !args.allow_destructive) {
        (false, _) => 0,
        (true, false) => 2,
        (true, true) => 3,
    })
}

#[derive(Serialize)]
struct Framed<'a> {
    sql: &'a str,
    terminator: String,
    destructive: Option<&'static str>,
}

fn render_migration(
    old: &crate::model::Model,
    new: &crate::model::Model,
    file: &summary::FileDiff,
) -> anyhow::Result<String> {
    let dialect: DialectName = file.dialect.parse().map_err(anyhow::Error::msg)?;
    let Some(target) = new.product.targets.get(&dialect) else {
        bail!("the new model does not target `{dialect}`");
    };
    let (_, target) = target.outputs(dialect).remove(0);
    let statements: Vec<Framed> = file
        .statements
        .iter()
        .map(|s| Framed {
            sql: &s.statement.sql,
            terminator: s.terminator(dialect, &target),
            destructive: s.destructive,
        })
        .collect();
    let mut env = minijinja::Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.add_template(
        "migration.sql.j2",
        include_str!("../../templates/migration.sql.j2"),
    )?;
    let mut text = env
        .get_template("migration.sql.j2")?
        .render(minijinja::context! {
            product => &new.product.name,
            module => &file.module,
            dialect => dialect.as_str(),
            target_version => target.version.to_string(),
            old_hash => &old.content_hash,
            new_hash => &new.content_hash,
            statements => minijinja::value::Serde(&statements),
        })?;
    while text.ends_with('\n') {
        text.pop();
    }
    text.push('\n');
    Ok(text)
}
