//! `schemagen diff`: what changed between two versions of a model, and the migration of every
//! dialect.
//!
//! `--out DIR` writes each migration into its own directory under `DIR`, named after the pair
//! of model versions (see [`Side::label`]), and never overwrites: it refuses a `DIR` that is
//! (or is inside) a `generate` tree, and a migration file that already exists with other
//! content. A directory of one migration holds [`MIGRATION_MARKER`], naming the two model
//! versions, next to the tree writer's manifest.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use serde::Serialize;

use crate::dialect::DialectName;
use crate::diff::{self, git::Revision, summary};
use crate::emit::{self, tree::MANIFEST};
use crate::model::Model;

use super::{Failure, load_model, load_release};

/// Marks a directory holding one migration written by `schemagen diff` under `--out`: the
/// product and the content hashes of the two model versions.
pub const MIGRATION_MARKER: &str = ".schemagen-migration";

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// A summary, one line per change, `!` marking destructive ones.
    Text,
    /// The migration scripts of every module and dialect.
    Sql,
    /// A stable JSON report for bots (`format_version` 2, described in the README).
    Json,
}

/// Compare two versions of a model and write the migration of every dialect.
///
/// Exit codes: 0 no change; 2 changes; 3 destructive changes (drops, narrowing, NOT NULL on an
/// existing column, deleted seed rows) unless --allow-destructive; 1 error.
#[derive(clap::Args)]
pub struct Args {
    /// The old model directory (with --against-db: the model to compare the database with).
    #[arg(required_unless_present = "git_model")]
    old: Option<PathBuf>,
    /// The new model directory.
    #[arg(required_unless_present_any = ["git_model", "against_db", "from_release"], conflicts_with_all = ["against_db", "from_release"])]
    new: Option<PathBuf>,
    /// Compare two releases of one product: `MODEL_DIR --from-release A [--to-release B]`.
    /// With --out, the upgrade goes where the product's `upgrade_dir` says (default
    /// `upgrades/{from}_to_{to}`) under DIR.
    #[arg(long, value_name = "RELEASE", conflicts_with_all = ["git_model", "against_db"])]
    from_release: Option<String>,
    /// With --from-release: the release to upgrade to; default: the newest.
    #[arg(long, value_name = "RELEASE", requires = "from_release")]
    to_release: Option<String>,
    /// Compare a live database with the model: `--against-db URL MODEL_DIR`. The database is
    /// read as `import db` reads it (same URL, credentials from the same environment variables,
    /// the password never shown) and is the old side; the migration turns it into the model,
    /// for the database's dialect. Seed rows are not compared (a database's data is not a
    /// seed), and names the database stores folded (PostgreSQL: lower case) match the model's.
    #[arg(long, value_name = "URL", conflicts_with_all = ["git_model", "dialects"])]
    against_db: Option<String>,
    /// With --against-db: the PostgreSQL schema (default `public`) or MySQL database (default:
    /// the URL's).
    #[arg(long, requires = "against_db")]
    schema: Option<String>,
    /// Read the model from git instead: MODEL_DIR OLD_REV [NEW_REV]. Without NEW_REV the new
    /// side is the working tree (MODEL_DIR's files as they are on disk, committed or not). If
    /// MODEL_DIR does not exist at OLD_REV, the old side is an empty model (a baseline: the
    /// migration creates every table); it must exist at NEW_REV.
    #[arg(long, num_args = 2..=3, value_names = ["MODEL_DIR", "OLD_REV", "NEW_REV"], conflicts_with_all = ["old", "new"])]
    git_model: Option<Vec<String>>,
    /// Only these dialects (repeatable); default: every dialect of the new model.
    #[arg(long = "dialect", value_enum)]
    dialects: Vec<DialectName>,
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Also write the migrations, in the product's layout, into a new directory under DIR named
    /// after the pair of versions (OLD..NEW: a git tag, else 12 hex digits of the commit, `baseline`
    /// or `worktree-HASH`; two directories: their content hashes). Refuses a DIR that is or
    /// is inside a `generate` tree, and never overwrites a migration file with other content.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// The name of the migration's directory under --out, instead of OLD..NEW (one directory
    /// name, e.g. `5.0-to-5.1`).
    #[arg(long, requires = "out")]
    name: Option<String>,
    /// Exit 2 instead of 3 when changes are destructive.
    #[arg(long)]
    allow_destructive: bool,
    /// With --out: write nothing, and check that the migration's directory holds exactly what
    /// this diff would write there (for CI: a stale or hand-edited upgrade tree). Exit 0 when
    /// it does, 2 with a unified diff of every difference.
    #[arg(long, requires = "out")]
    check: bool,
}

/// Where one version of the model comes from.
enum Side {
    /// A model directory given as is.
    Dir(PathBuf),
    /// A git revision of the model directory, copied out.
    Git(Revision, tempfile::TempDir),
    /// The model directory as it is on disk, for `--git-model DIR OLD_REV`.
    WorkingTree(PathBuf),
    /// The model directory does not exist at this revision: an empty model.
    Baseline(Revision),
    /// A live database, imported into a scratch directory.
    Database(tempfile::TempDir),
    /// A release of the model in a directory.
    Release(PathBuf),
}

impl Side {
    fn path(&self) -> Option<&Path> {
        match self {
            Side::Dir(path) | Side::WorkingTree(path) | Side::Release(path) => Some(path),
            Side::Git(_, copy) | Side::Database(copy) => Some(copy.path()),
            Side::Baseline(_) => None,
        }
    }

    /// This side's half of the migration directory's name: stable, so that the same pair of
    /// versions always lands in the same directory.
    fn label(&self, model: &Model) -> String {
        match self {
            Side::Dir(_) => short_hash(&model.content_hash),
            Side::Git(revision, _) => revision.label.clone(),
            Side::WorkingTree(_) => format!("worktree-{}", short_hash(&model.content_hash)),
            Side::Baseline(_) => "baseline".to_string(),
            Side::Database(_) => format!("db-{}", short_hash(&model.content_hash)),
            Side::Release(_) => model.release.clone().unwrap_or_default(),
        }
    }
}

fn short_hash(content_hash: &str) -> String {
    let hex = content_hash.strip_prefix("sha256:").unwrap_or(content_hash);
    hex.chars().take(12).collect()
}

/// 0, 2 or 3: see [`Args`].
pub fn exec(args: Args) -> Result<u8, Failure> {
    if let Some(name) = &args.name {
        check_name(name)?;
    }
    let (old_side, new_side, db_dialect) = match &args.against_db {
        Some(url) => {
            let (side, dialect) = import_database(url, args.schema.clone())?;
            let model = Side::Dir(args.old.clone().expect("clap requires it"));
            (side, model, Some(dialect))
        }
        None => {
            let (old, new) = sides(&args)?;
            (old, new, None)
        }
    };
    let (old, new) = match &args.from_release {
        Some(from) => {
            let dir = args.old.as_deref().expect("clap requires it");
            let old = load_release(dir, Some(from))?;
            let new = crate::model::load_release(dir, args.to_release.as_deref(), Some(from))
                .map_err(|diagnostics| {
                    eprint!("{}", super::render_for_stderr(&diagnostics));
                    Failure::InvalidModel
                })?;
            (old, new)
        }
        None => {
            let new = load_model(new_side.path().expect("the new side is never a baseline"))?;
            let old = match old_side.path() {
                Some(path) => load_model(path)?,
                None => empty_model(&new),
            };
            (old, new)
        }
    };
    let old = match db_dialect {
        Some(dialect) => {
            let mut old = old;
            crate::import::db::align::align(&mut old, &new, dialect);
            old
        }
        None => old,
    };
    let baseline = match &old_side {
        Side::Baseline(revision) => Some(format!(
            "baseline: `{}` does not exist at `{}` (commit {}): the migration creates every table",
            args.git_model.as_ref().expect("only from git")[0],
            revision.given,
            &revision.commit[..12]
        )),
        _ => None,
    };
    let dialects: Vec<DialectName> = if let Some(dialect) = db_dialect {
        if !new.product.targets.contains_key(&dialect) {
            return Err(anyhow::anyhow!(
                "the model (product `{}`) does not target {dialect}, the database's dialect",
                new.product.name
            )
            .into());
        }
        vec![dialect]
    } else if args.dialects.is_empty() {
        new.product.targets.keys().copied().collect()
    } else {
        for d in &args.dialects {
            if !new.product.targets.contains_key(d) {
                return Err(anyhow::anyhow!(
                    "the new model (product `{}`) does not target dialect `{d}`; it targets: {}. Drop `--dialect {d}`, or add it to product.yaml",
                    new.product.name,
                    new.product
                        .targets
                        .keys()
                        .map(|d| d.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
                .into());
            }
        }
        args.dialects.clone()
    };
    let files = diff::diff_models(&old, &new, &dialects);
    let from = match &old_side {
        Side::Baseline(_) => "none (baseline: an empty model)".to_string(),
        _ => old.content_hash.clone(),
    };

    // Written (or refused) before anything is printed: a refusal prints only the error.
    if let Some(out) = &args.out {
        let outputs: Vec<emit::OutputFile> = files
            .iter()
            .filter(|f| !f.statements.is_empty())
            .map(|f| {
                Ok(emit::OutputFile {
                    path: f.path.clone(),
                    dialect: f.dialect,
                    contents: render_migration(&from, &new, f)?,
                })
            })
            .collect::<anyhow::Result<_>>()?;
        let name = match (&args.name, &old_side) {
            (Some(name), _) => name.clone(),
            (None, Side::Release(_)) => new
                .product
                .upgrade_dir(&old_side.label(&old), &new_side.label(&new)),
            (None, _) => format!("{}..{}", old_side.label(&old), new_side.label(&new)),
        };
        let marker = format!(
            "# Written by `schemagen diff`: this directory holds the migration of product `{}`\n\
             # between the two model versions below; schemagen writes no other migration into it.\n\
             product: {}\nfrom: {from}\nto: {}\n",
            new.product.name, new.product.name, new.content_hash
        );
        if args.check {
            return check_migrations(&out.join(&name), outputs, marker);
        }
        write_migrations(out, &name, outputs, marker)?;
    }
    match args.format {
        Format::Text => {
            if let Some(note) = &baseline {
                println!("{note}");
            }
            print!("{}", summary::text_summary(&files, dialects.len()));
        }
        Format::Json => {
            if let Some(note) = &baseline {
                eprintln!("{note}");
            }
            print!("{}", summary::json_report(&old, &new, &files));
        }
        Format::Sql => {
            if let Some(note) = &baseline {
                eprintln!("{note}");
            }
            for file in files.iter().filter(|f| !f.statements.is_empty()) {
                println!("-- ===== {} =====", file.path);
                print!("{}", render_migration(&from, &new, file)?);
            }
        }
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

/// The database as a model in a scratch directory, as `import db` writes it.
fn import_database(url: &str, schema: Option<String>) -> Result<(Side, DialectName), Failure> {
    let connection = crate::import::db::Connection::parse(url, &|name| std::env::var(name).ok())
        .map_err(|e| {
            eprintln!("{e}");
            Failure::InvalidModel
        })?;
    let dialect = connection.dialect;
    let options = crate::import::db::DbOptions {
        connection,
        schema,
        include: Vec::new(),
        exclude: Vec::new(),
        product: "database".to_string(),
        module: None,
    };
    let imported = crate::import::db::import_db(&options).map_err(|e| {
        eprintln!("{e}");
        Failure::InvalidModel
    })?;
    for w in &imported.warnings {
        eprintln!("{w}");
    }
    let dir = tempfile::tempdir().context("cannot create a scratch directory")?;
    for (path, contents) in &imported.files {
        fs::write(dir.path().join(path), contents)
            .with_context(|| format!("cannot write `{path}` into a scratch directory"))?;
    }
    Ok((Side::Database(dir), dialect))
}

/// The two versions to compare, from the positional directories or `--git-model`.
fn sides(args: &Args) -> anyhow::Result<(Side, Side)> {
    if args.from_release.is_some() {
        let dir = args.old.clone().expect("clap requires it");
        return Ok((Side::Release(dir.clone()), Side::Release(dir)));
    }
    let Some(git) = &args.git_model else {
        return Ok((
            Side::Dir(args.old.clone().expect("clap requires it")),
            Side::Dir(args.new.clone().expect("clap requires it")),
        ));
    };
    let dir = PathBuf::from(&git[0]);
    let old_revision = diff::git::resolve(&dir, &git[1])?;
    let new_side = match git.get(2) {
        None => Side::WorkingTree(dir.clone()),
        Some(new_rev) => {
            let revision = diff::git::resolve(&dir, new_rev)?;
            match diff::git::model_at_revision(&dir, &revision)? {
                Some(copy) => Side::Git(revision, copy),
                None => bail!(
                    "`{}` does not exist at revision `{new_rev}` (commit {}): the new side must have the model (only a missing old side is a baseline). Check the revision; `git log --oneline -- {}` lists the commits that changed it",
                    dir.display(),
                    &revision.commit[..12],
                    dir.display()
                ),
            }
        }
    };
    let old_side = match diff::git::model_at_revision(&dir, &old_revision)? {
        Some(copy) => Side::Git(old_revision, copy),
        None => Side::Baseline(old_revision),
    };
    Ok((old_side, new_side))
}

/// The old side of a baseline: the new model's product and modules, without a table.
fn empty_model(new: &Model) -> Model {
    let mut model = new.clone();
    for module in &mut model.modules {
        module.tables.clear();
    }
    // The hash of no model file at all.
    model.content_hash = emit::tree::hash(b"");
    model
}

fn check_name(name: &str) -> anyhow::Result<()> {
    let bad = name.is_empty()
        || name.starts_with('.')
        || name
            .chars()
            .any(|c| c == '/' || c == '\\' || c.is_control())
        || name.len() > 200;
    if bad {
        bail!(
            "--name `{name}` is not usable as the migration's directory under --out: give one directory name (no `/` or `\\`, not starting with `.`, at most 200 bytes), e.g. `5.0-to-5.1`"
        );
    }
    Ok(())
}

/// `diff --check`: 0 when `dir` holds exactly `files` and the marker (and no file of an
/// earlier run that this one would not write), 2 with the differences; writes nothing.
fn check_migrations(
    dir: &Path,
    mut files: Vec<emit::OutputFile>,
    marker: String,
) -> Result<u8, Failure> {
    if !dir.is_dir() {
        eprintln!(
            "`{}` does not exist: no migration was written there; run the same `schemagen diff` without --check",
            dir.display()
        );
        return Ok(2);
    }
    if let Some(dialect) = files.first().map(|f| f.dialect) {
        files.push(emit::OutputFile {
            path: MIGRATION_MARKER.to_string(),
            dialect,
            contents: marker,
        });
    }
    let drift = emit::tree::compare_tree(dir, &files, true)?;
    for difference in &drift {
        print!("{difference}");
    }
    if drift.is_empty() {
        eprintln!(
            "{} migration files up to date in {}",
            files.len().saturating_sub(1),
            dir.display()
        );
        Ok(0)
    } else {
        eprintln!(
            "{} file(s) in {} differ from what this `schemagen diff` writes; run it without --check (after moving that directory away) and commit the result",
            drift.len(),
            dir.display()
        );
        Ok(2)
    }
}

/// Writes `files` and the marker into `out/name`, refusing anything that would overwrite.
fn write_migrations(
    out: &Path,
    name: &str,
    mut files: Vec<emit::OutputFile>,
    marker: String,
) -> anyhow::Result<()> {
    let Some(dialect) = files.first().map(|f| f.dialect) else {
        eprintln!(
            "no migration statement to write: nothing written under `{}`",
            out.display()
        );
        return Ok(());
    };
    let dir = out.join(name);
    refuse_other_trees(out, &dir, &files)?;

    // Checked before anything is created, and again under the tree's lock: a run that
    // started at the same time may have written its own migration in between.
    refuse_overwrites(&dir, &files, &marker)?;

    let count = files.len();
    files.push(emit::OutputFile {
        path: MIGRATION_MARKER.to_string(),
        // The tree writer does not look at it.
        dialect,
        contents: marker,
    });
    let report = emit::tree::write_tree_with(&dir, &files, false, || {
        refuse_overwrites(&dir, &files[..count], &files[count].contents)
    })?;
    let written = report
        .written
        .iter()
        .filter(|p| *p != MIGRATION_MARKER)
        .count();
    super::note(&format!(
        "{count} migration files in {} ({written} written, {} unchanged)",
        dir.display(),
        count - written
    ));
    Ok(())
}

/// Refuses to write over the migration of another pair of versions, or over a migration file
/// that has other content.
fn refuse_overwrites(dir: &Path, files: &[emit::OutputFile], marker: &str) -> anyhow::Result<()> {
    let marker_path = dir.join(MIGRATION_MARKER);
    match fs::read(&marker_path) {
        Ok(bytes) if bytes != marker.as_bytes() => bail!(
            "`{}` already holds the migration of another pair of model versions (see `{}`); nothing was written. Write this one under another --name, or move that directory away first",
            dir.display(),
            marker_path.display()
        ),
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => {
            return Err(e).with_context(|| format!("cannot read `{}`", marker_path.display()));
        }
    }
    let mut conflicts = Vec::new();
    for file in files {
        let path = dir.join(&file.path);
        match fs::read(&path) {
            Ok(bytes) if bytes != file.contents.as_bytes() => conflicts.push(path),
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            // A directory in the way: the tree writer says so.
            Err(_) if path.is_dir() => {}
            Err(e) => return Err(e).with_context(|| format!("cannot read `{}`", path.display())),
        }
    }
    if !conflicts.is_empty() {
        bail!(
            "{} already exist{} with other content (edited since, or written by another schemagen version); schemagen never overwrites a migration, nothing was written:\n{}\nMove {} away, or write this migration under another --name",
            if conflicts.len() == 1 {
                "a migration file"
            } else {
                "migration files"
            },
            if conflicts.len() == 1 { "s" } else { "" },
            conflicts
                .iter()
                .map(|p| format!("  {}", p.display()))
                .collect::<Vec<_>>()
                .join("\n"),
            if conflicts.len() == 1 { "it" } else { "them" }
        );
    }

    Ok(())
}

/// Refuses to write into a `generate` tree (a directory holding the manifest but no migration
/// marker) anywhere from the filesystem root down to the files' directories, and into an earlier
/// migration's directory other than `dir` itself.
fn refuse_other_trees(out: &Path, dir: &Path, files: &[emit::OutputFile]) -> anyhow::Result<()> {
    let canonical = |path: &Path| -> anyhow::Result<Option<PathBuf>> {
        match fs::canonicalize(path) {
            Ok(path) => Ok(Some(path)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e).with_context(|| format!("cannot read `{}`", path.display())),
        }
    };
    let absolute =
        std::path::absolute(dir).with_context(|| format!("cannot resolve `{}`", dir.display()))?;
    let existing = absolute
        .ancestors()
        .find(|p| p.exists())
        .unwrap_or(Path::new("/"));
    let start = canonical(existing)?.unwrap_or_else(|| existing.to_path_buf());
    let (dir_c, out_c) = (canonical(dir)?, canonical(out)?);
    let generate_tree =
        |tree: &Path| tree.join(MANIFEST).exists() && !tree.join(MIGRATION_MARKER).exists();
    for ancestor in start.ancestors() {
        if !ancestor.join(MANIFEST).exists() {
            continue;
        }
        let is_migration = ancestor.join(MIGRATION_MARKER).exists();
        if Some(ancestor) == dir_c.as_deref() {
            if is_migration {
                continue; // an earlier run of this migration: checked file by file
            }
            bail!(
                "`{}` is a tree written by `schemagen generate` (it holds `{MANIFEST}`): migrations would replace its CREATE scripts. Nothing was written; choose another --name",
                dir.display()
            );
        }
        if is_migration {
            bail!(
                "--out `{}` is inside `{}`, the directory of a migration an earlier `schemagen diff` wrote. Nothing was written; give --out its parent `{}` (each migration gets its own directory under --out)",
                out.display(),
                ancestor.display(),
                ancestor.parent().unwrap_or(ancestor).display()
            );
        }
        let beside = match (ancestor.parent(), ancestor.file_name()) {
            (Some(parent), Some(file_name)) => parent
                .join(format!("{}-migrations", file_name.to_string_lossy()))
                .display()
                .to_string(),
            _ => "a `migrations` directory outside it".to_string(),
        };
        bail!(
            "--out `{}` {} the tree `{}` written by `schemagen generate` (it holds `{MANIFEST}`): migrations written there would replace its CREATE scripts. Nothing was written; give --out a directory outside that tree, e.g. `{beside}`",
            out.display(),
            if Some(ancestor) == out_c.as_deref() {
                "is"
            } else {
                "is inside"
            },
            ancestor.display()
        );
    }
    // A generate tree below `dir`, where the layout puts files (`identity/...`).
    for file in files {
        let mut sub = dir.to_path_buf();
        let parents: Vec<&str> = file.path.split('/').collect();
        for part in &parents[..parents.len() - 1] {
            sub.push(part);
            if generate_tree(&sub) {
                bail!(
                    "`{}` is a tree written by `schemagen generate` (it holds `{MANIFEST}`) where this migration would write `{}`. Nothing was written; choose another --out or --name",
                    sub.display(),
                    dir.join(&file.path).display()
                );
            }
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct Framed<'a> {
    sql: &'a str,
    terminator: String,
    destructive: Option<&'static str>,
}

/// One migration file; `from` names the old model (its content hash, or the baseline).
fn render_migration(from: &str, new: &Model, file: &diff::FileDiff) -> anyhow::Result<String> {
    let (dialect, target) = (file.dialect, &file.target);
    let statements: Vec<Framed> = file
        .statements
        .iter()
        .map(|s| Framed {
            sql: &s.statement.sql,
            terminator: s.terminator(dialect, target),
            destructive: s.destructive,
        })
        .collect();
    let implementation = dialect.implementation();
    Ok(emit::file::render(
        "migration.sql.j2",
        minijinja::context! {
            product => implementation.comment_text(&new.product.name),
            module => implementation.comment_text(&file.module),
            dialect => &file.output,
            target_version => target.version.to_string(),
            old_hash => from,
            new_hash => &new.content_hash,
            preamble => implementation.script_preamble(target),
            statements => minijinja::value::Serde(&statements),
        },
    )?)
}
