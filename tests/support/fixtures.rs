//! Building test models: copies of a product directory with a dialect added, and loading.

use std::fs;
use std::path::{Path, PathBuf};

use schemagen::model::Model;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A copy of the product directory `product_dir` (its files, not its subdirectories) whose
/// product.yaml targets `dialect` with `entry`, a YAML flow mapping such as
/// `{version: "19c", variants: [oracle_rac]}`, replacing the entry it may already have (but
/// keeping that entry's `settings`, before the entry's own).
/// The product's own files are never edited.
pub fn product_with_dialect(product_dir: &Path, dialect: &str, entry: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for item in fs::read_dir(product_dir).unwrap() {
        let path = item.unwrap().path();
        if path.is_file() {
            fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
        }
    }
    let product = dir.path().join("product.yaml");
    let text = fs::read_to_string(&product).unwrap();
    // The product's own settings of the dialect (its table space, page size: what its tables
    // are validated against) are kept, the entry's added after them.
    let own_settings = text
        .lines()
        .find(|line| line.trim_start().starts_with(&format!("{dialect}:")))
        .and_then(|line| {
            let start = line.find("settings: {")? + "settings: {".len();
            let end = start + line[start..].find('}')?;
            Some(line[start..end].to_string())
        });
    let entry = match own_settings {
        None => entry.to_string(),
        Some(own) => match entry.find("settings: {") {
            Some(at) => {
                let at = at + "settings: {".len();
                format!("{}{own}, {}", &entry[..at], &entry[at..])
            }
            None => {
                let close = entry.rfind('}').expect("a flow mapping");
                format!("{}, settings: {{{own}}}}}", &entry[..close])
            }
        },
    };
    let mut out = String::new();
    let mut added = false;
    for line in text.lines() {
        if line.trim_start().starts_with(&format!("{dialect}:")) {
            continue;
        }
        out.push_str(line);
        out.push('\n');
        if line == "dialects:" {
            out.push_str(&format!("  {dialect}: {entry}\n"));
            added = true;
        }
    }
    assert!(added, "{} has no `dialects:` line", product.display());
    fs::write(&product, out).unwrap();
    dir
}

/// Loads a model that must be valid, panicking with the rendered diagnostics otherwise.
pub fn load(dir: &Path) -> Model {
    schemagen::model::load(dir).unwrap_or_else(|d| panic!("{}: {}", dir.display(), d.render()))
}

/// The migration case matrix: the directories of tests/migrations/, sorted.
pub fn migration_cases() -> Vec<PathBuf> {
    let dir = repo().join("tests/migrations");
    let mut cases: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 20, "the case matrix is in {}", dir.display());
    cases
}

/// A case's name: its directory's name.
pub fn case_name(case: &Path) -> String {
    case.file_name().unwrap().to_string_lossy().to_string()
}

/// A one-module product: `product_yaml` (its `modules:` lists `m.yaml`) and the module text.
#[track_caller]
pub fn one_module_model(product_yaml: &str, module_yaml: &str) -> Model {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("product.yaml"), product_yaml).unwrap();
    fs::write(dir.path().join("m.yaml"), module_yaml).unwrap();
    load(dir.path())
}

/// One migration statement as `schemagen diff --format sql` writes it: with its terminator,
/// none after a MANUAL comment.
pub struct Rendered {
    pub statement: schemagen::diff::plan::MigrationStatement,
    pub text: String,
}

/// The migration from `old` to `new` in `dialect` (its main output, not a variant),
/// statement by statement.
pub fn rendered_migration(
    old: &Model,
    new: &Model,
    dialect: schemagen::dialect::DialectName,
) -> Vec<Rendered> {
    schemagen::diff::diff_models(old, new, &[dialect])
        .into_iter()
        .filter(|f| f.output == dialect.as_str())
        .flat_map(|f| {
            let target = f.target.clone();
            f.statements.into_iter().map(move |s| {
                let text = format!("{}{}", s.statement.sql, s.terminator(dialect, &target));
                Rendered { statement: s, text }
            })
        })
        .collect()
}

/// The statements as the migration file holds them, a DESTRUCTIVE line above the ones that
/// can lose data.
pub fn migration_script(rendered: &[Rendered]) -> String {
    rendered
        .iter()
        .map(|r| match r.statement.destructive {
            Some(why) => format!("-- DESTRUCTIVE: {why}\n{}\n", r.text),
            None => format!("{}\n", r.text),
        })
        .collect()
}

/// The files of `dialect` generated from a copy of `product_dir` targeting it with `entry`,
/// as (output path, text).
pub fn generate_with_dialect(
    product_dir: &Path,
    dialect: schemagen::dialect::DialectName,
    entry: &str,
) -> Vec<(String, String)> {
    let dir = product_with_dialect(product_dir, dialect.as_str(), entry);
    schemagen::emit::generate(&load(dir.path()), &[dialect])
        .unwrap()
        .into_iter()
        .map(|f| (f.path, f.contents))
        .collect()
}

/// The text of the generated file at `path`.
pub fn file<'a>(files: &'a [(String, String)], path: &str) -> &'a str {
    &files
        .iter()
        .find(|(p, _)| p == path)
        .unwrap_or_else(|| panic!("no generated file {path}"))
        .1
}
