//! `schemagen import sql`: existing SQL scripts as a model directory; `schemagen import db`:
//! a live database's catalog as one; `schemagen import jans-attributes`: Janssen attributes as
//! new columns of a model.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::ArgMatches;

use crate::dialect::DialectName;
use crate::emit::OutputFile;
use crate::import::{self, SqlInput};

use super::Failure;

/// Bring an existing schema in: read SQL scripts, or a live database, into a model directory;
/// or add Janssen custom attributes to a model.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    what: What,
}

#[derive(clap::Subcommand)]
enum What {
    Sql(SqlArgs),
    Db(DbArgs),
    JansAttributes(JansAttributesArgs),
}

/// Add Janssen custom attributes to a model: each attribute of the config API's JSON (`GET
/// /jans-config-api/api/v1/attributes`: one attribute, an array, or the paginated
/// `{"entries": [...]}`) that the model lacks becomes a column of the table of its `origin`
/// object class (`jansCustomPerson`: `jansPerson`), typed as Janssen's setup types it (string
/// VARCHAR(n) up to 127, longer TEXT; numeric INT; boolean SMALLINT/BOOLEAN; generalizedTime
/// DATETIME(3)/TIMESTAMP; multi-valued JSON), its description from `description` or
/// `displayName`.
///
/// The module file is edited in place: the new columns go after the last column of their
/// table, the rest of the file is kept byte for byte, and the edited model must validate
/// before it is written (atomically). An attribute the table has already is checked, not
/// added again. Then `schemagen diff` writes the migration for every dialect.
#[derive(clap::Args)]
pub struct JansAttributesArgs {
    /// The attribute JSON files.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// The model directory to edit.
    #[arg(long, default_value = "model/jans")]
    model: PathBuf,
    /// Look for the origin's table only in this module.
    #[arg(long)]
    module: Option<String>,
}

/// Read a live PostgreSQL or MySQL/MariaDB database's catalog (tables, columns, keys, indexes,
/// foreign keys, comments, `col IN (...)` CHECKs) into a model: product.yaml and one module
/// file. Seed rows are not read: a live database's data is not a model's seed.
///
/// URL: postgresql://USER:PASSWORD@HOST:PORT/DATABASE or mysql://USER:PASSWORD@HOST:PORT/DATABASE.
/// What it leaves out comes from PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE (PostgreSQL) or
/// MYSQL_HOST, MYSQL_TCP_PORT, MYSQL_PWD (MySQL), as the engines' own clients do; prefer the
/// environment for the password. The password is never printed nor written. No TLS: connect
/// on a trusted network or through a tunnel. What the model cannot carry is a warning naming
/// the object (TABLE.COLUMN). Cannot connect or read: exit 1, nothing written.
#[derive(clap::Args)]
pub struct DbArgs {
    /// The database: postgresql://… or mysql://… (also postgres://, mariadb://).
    url: String,
    /// The model directory to write.
    #[arg(long)]
    out: PathBuf,
    /// PostgreSQL: the schema (default `public`); MySQL: the database (default: the URL's).
    #[arg(long)]
    schema: Option<String>,
    /// Only the tables whose name matches this glob (`*`, `?`; case-insensitive); repeatable.
    #[arg(long = "include", action = clap::ArgAction::Append)]
    include: Vec<String>,
    /// None of the tables whose name matches this glob; repeatable; applied after --include.
    #[arg(long = "exclude", action = clap::ArgAction::Append)]
    exclude: Vec<String>,
    /// The product's name; default: the name of the --out directory.
    #[arg(long)]
    product: Option<String>,
    /// The module's name; default: the schema (MySQL: database) name.
    #[arg(long)]
    module: Option<String>,
}

/// Read CREATE TABLE / CREATE INDEX / ALTER TABLE ADD CONSTRAINT / COMMENT / INSERT scripts
/// into a model: product.yaml and one module file per script (or per --module).
///
/// Each --dialect applies to the files after it, and so does each --module: the scripts of one
/// module in several dialects (`--dialect mysql a/mysql.sql --dialect postgresql
/// a/postgresql.sql`) are merged into one module, the majority value where they disagree, a
/// per-dialect override where one dialect differs, and every disagreement reported on standard
/// output. What the model cannot carry is a warning with its file:line. A syntax error or an
/// unknown type writes nothing (exit 1).
#[derive(clap::Args)]
pub struct SqlArgs {
    /// The dialect of the files that follow (postgresql, mysql, h2, oracle, mssql).
    #[arg(long = "dialect", value_enum, required = true, action = clap::ArgAction::Append)]
    dialects: Vec<DialectName>,
    /// The module of the files that follow; default: the file's name (its directory's, when
    /// the file is named after its dialect, e.g. `identity/mysql.sql`).
    #[arg(long = "module", action = clap::ArgAction::Append)]
    modules: Vec<String>,
    /// The scripts.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// The model directory to write.
    #[arg(long)]
    out: PathBuf,
    /// The product's name; default: the name of the --out directory.
    #[arg(long)]
    product: Option<String>,
}

pub fn exec(args: Args, matches: &ArgMatches) -> Result<(), Failure> {
    let args = match args.what {
        What::Sql(args) => args,
        What::Db(args) => return exec_db(args),
        What::JansAttributes(args) => return exec_jans_attributes(args),
    };
    let matches = matches
        .subcommand_matches("sql")
        .expect("the sql subcommand was parsed");
    let inputs = inputs(&args, matches);
    let product = product_name(args.product.as_ref(), &args.out);
    let imported = match import::import_sql(&inputs, &product) {
        Ok(i) => i,
        Err(diagnostics) => {
            eprint!(
                "{}",
                diagnostics
                    .render()
                    .replace(" in the model\n", " in the scripts; nothing written\n")
            );
            return Err(Failure::InvalidModel);
        }
    };
    for w in &imported.warnings {
        eprintln!("{w}");
    }
    if !imported.disagreements.is_empty() {
        println!(
            "Disagreements between the scripts ({}):",
            imported.disagreements.len()
        );
        for d in &imported.disagreements {
            println!("  {d}");
        }
    }
    write_model(
        &imported,
        &args.out,
        &product,
        inputs[0].dialect,
        "not carried by SQL, so not in the model (add by hand where needed):",
        import::NOT_CARRIED,
    )
}

fn exec_jans_attributes(args: JansAttributesArgs) -> Result<(), Failure> {
    use import::jans_attributes::{self, Outcome};
    let model = super::load_model(&args.model)?;
    let mut attributes = Vec::new();
    let mut errors = crate::model::Diagnostics::default();
    for file in &args.files {
        match jans_attributes::read_attributes(file) {
            Ok(read) => attributes.extend(read),
            Err(d) => errors.0.extend(d.0),
        }
    }
    let plan = if errors.is_empty() {
        jans_attributes::plan(&model, &attributes, args.module.as_deref())
    } else {
        Err(errors)
    };
    let plan = match plan {
        Ok(plan) => plan,
        Err(diagnostics) => {
            eprint!(
                "{}",
                diagnostics
                    .render()
                    .replace(" in the model\n", " in the attributes; nothing written\n")
            );
            return Err(Failure::InvalidModel);
        }
    };
    for outcome in &plan.outcomes {
        match outcome {
            Outcome::Added {
                table,
                column,
                column_type,
                file,
            } => println!("added    {table}.{column} {column_type} ({file})"),
            Outcome::Present {
                table,
                column,
                column_type,
            } => println!("present  {table}.{column} {column_type}"),
        }
    }
    if plan.files.is_empty() {
        eprintln!("{}: nothing to add; no file written", args.model.display());
        return Ok(());
    }
    jans_attributes::write(&plan).context("cannot write the module file")?;
    for (path, _) in &plan.files {
        eprintln!("{} written; it validates", path.display());
    }
    Ok(())
}

fn product_name(product: Option<&String>, out: &Path) -> String {
    product.cloned().unwrap_or_else(|| {
        out.file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| "imported".to_string())
    })
}

fn exec_db(args: DbArgs) -> Result<(), Failure> {
    let connection =
        match import::db::Connection::parse(&args.url, &|name| std::env::var(name).ok()) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("{e}");
                return Err(Failure::InvalidModel);
            }
        };
    let product = product_name(args.product.as_ref(), &args.out);
    let dialect = connection.dialect;
    let options = import::db::DbOptions {
        connection,
        schema: args.schema,
        include: args.include,
        exclude: args.exclude,
        product: product.clone(),
        module: args.module,
    };
    let imported = match import::db::import_db(&options) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("{e}; nothing written");
            return Err(Failure::InvalidModel);
        }
    };
    for w in &imported.warnings {
        eprintln!("{w}");
    }
    eprintln!(
        "{product}: {} tables read from {}",
        imported.tables,
        options.connection.display()
    );
    write_model(
        &imported,
        &args.out,
        &product,
        dialect,
        "not carried by a catalog, so not in the model (add by hand where needed):",
        import::db::NOT_CARRIED,
    )
}

/// Writes the imported model to `out` after loading it from a scratch directory, and says
/// what it cannot hold; exit 1 when it does not validate (it is written all the same).
fn write_model(
    imported: &import::Imported,
    out: &Path,
    product: &str,
    dialect: DialectName,
    not_carried_heading: &str,
    not_carried: &[&str],
) -> Result<(), Failure> {
    let problems = validate_staged(&imported.files, out)?;
    let files: Vec<OutputFile> = imported
        .files
        .iter()
        .map(|(path, contents)| OutputFile {
            path: path.clone(),
            dialect,
            contents: contents.clone(),
        })
        .collect();
    crate::emit::tree::write_tree(out, &files, false)?;
    eprintln!("{not_carried_heading}");
    for item in not_carried {
        eprintln!("  - {item}");
    }
    match problems {
        None => {
            eprintln!(
                "{product}: model written to {} ({} files, {} warnings); it validates",
                out.display(),
                files.len(),
                imported.warnings.len()
            );
            Ok(())
        }
        Some(rendered) => {
            eprint!("{rendered}");
            eprintln!(
                "{product}: model written to {}, but it does not validate yet: fix the errors above",
                out.display()
            );
            Err(Failure::InvalidModel)
        }
    }
}

/// Each file with the --dialect and --module given last before it on the command line.
fn inputs(args: &SqlArgs, matches: &ArgMatches) -> Vec<SqlInput> {
    let indices = |id: &str| -> Vec<usize> {
        matches
            .indices_of(id)
            .map(|i| i.collect())
            .unwrap_or_default()
    };
    let dialect_at = indices("dialects");
    let module_at = indices("modules");
    let file_at = indices("files");
    args.files
        .iter()
        .zip(&file_at)
        .map(|(path, at)| {
            let last_before = |positions: &[usize]| positions.iter().rposition(|p| p < at);
            let dialect = last_before(&dialect_at)
                .map(|i| args.dialects[i])
                .unwrap_or(args.dialects[0]);
            let module = last_before(&module_at).map(|i| args.modules[i].clone());
            SqlInput {
                dialect,
                path: path.clone(),
                module,
            }
        })
        .collect()
}

/// Loads the files from a scratch directory: `None` when they validate, else the errors as
/// they will read in `out`.
pub(super) fn validate_staged(
    files: &[(String, String)],
    out: &Path,
) -> Result<Option<String>, Failure> {
    let scratch = tempfile::tempdir().context("cannot create a scratch directory")?;
    for (path, contents) in files {
        let target = scratch.path().join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create `{}`", parent.display()))?;
        }
        std::fs::write(&target, contents)
            .with_context(|| format!("cannot write `{}`", target.display()))?;
    }
    Ok(crate::model::load(scratch.path()).err().map(|d| {
        d.render().replace(
            &scratch.path().display().to_string(),
            &out.display().to_string(),
        )
    }))
}
