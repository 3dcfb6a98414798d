//! Existing SQL scripts as a model: `schemagen import sql`.
//!
//! - [`script`]: a script cut into statements and parsed by sqlparser, positions kept;
//! - [`read`]: one script's statements as the model's tables ([`crate::model::Table`]);
//! - [`types`]: SQL types as portable types, through the dialect's own type map;
//! - [`merge`]: the scripts of one module in several dialects as one module, with a
//!   per-dialect override where one dialect differs and a report of every disagreement;
//! - [`yaml`]: the model files, in the format people edit by hand;
//! - [`jans_attributes`]: Janssen config-api attributes as new columns of a model's tables
//!   (`schemagen import jans-attributes`), the module file edited in place;
//! - one file per dialect ([`source::SqlSource`]): what its scripts look like.

pub mod db;
mod h2;
pub mod jans_attributes;
pub mod merge;
mod mssql;
mod mysql;
mod oracle;
mod postgresql;
pub mod read;
pub mod script;
pub mod source;
pub mod types;
pub mod yaml;

use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::model::{Diagnostic, Diagnostics, DialectName, IdentifierPolicy, Pos};

/// One script to import.
#[derive(Debug, Clone)]
pub struct SqlInput {
    pub dialect: DialectName,
    pub path: PathBuf,
    /// The module it belongs to; by default named after the file (or its directory, when the
    /// file is named after its dialect, as in a dbscripts tree: `identity/mysql.sql`).
    pub module: Option<String>,
}

/// Something of a script the model does not carry, or carries differently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub pos: Pos,
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.pos.line == 0 {
            // Not in a file: a database object (`schema.table`).
            return write!(f, "{}: warning: {}", self.pos.file.display(), self.message);
        }
        write!(f, "{}: warning: {}", self.pos, self.message)
    }
}

/// The model read from the scripts.
pub struct Imported {
    /// The model's files: path inside the model directory → text.
    pub files: Vec<(String, String)>,
    pub warnings: Vec<Warning>,
    /// Where the scripts of one module disagree (empty with one script per module).
    pub disagreements: Vec<merge::Disagreement>,
    /// How many tables the model has.
    pub tables: usize,
}

/// What SQL cannot say and an imported model therefore never has: listed after every import.
pub const NOT_CARRIED: &[&str] = &[
    "`sensitive: true` (which columns hold secrets)",
    "`renamed_from` (a script has no history)",
    "descriptions of modules and of the product",
    "`reason:` of deviations beyond the generated ones",
];

/// The largest script read (as the model's own file limit).
const MAX_SCRIPT_BYTES: u64 = crate::model::load::MAX_FILE_BYTES;

/// Reads every input and builds the model's files. Errors (unreadable file, syntax error,
/// unknown type) are returned all at once, each with its file:line:column.
pub fn import_sql(inputs: &[SqlInput], product: &str) -> Result<Imported, Diagnostics> {
    let scripts = read_all(inputs, false)?;
    let policy = identifier_policy(&scripts);
    // Names written bare are what the database stores only where the product quotes the
    // names that would fold: read them again, folded.
    let scripts = if policy == IdentifierPolicy::QuotedWhenNeeded {
        read_all(inputs, true)?
    } else {
        scripts
    };
    let origin = Origin {
        command: "schemagen import sql",
        sources: inputs
            .iter()
            .map(|i| (i.path.display().to_string(), i.dialect))
            .collect(),
    };
    build(&scripts, product, policy, &origin).map_err(|d| Diagnostics(vec![d]))
}

/// Where an imported model came from, for the header comments of its files.
pub struct Origin {
    /// `schemagen import sql`.
    pub command: &'static str,
    /// Each script (or database) with its dialect.
    pub sources: Vec<(String, DialectName)>,
}

/// The model's files from the tables read (one [`merge::Script`] per script or database),
/// the same for every importer.
pub fn build(
    scripts: &[merge::Script],
    product: &str,
    policy: IdentifierPolicy,
    origin: &Origin,
) -> Result<Imported, Diagnostic> {
    let warnings: Vec<Warning> = scripts
        .iter()
        .flat_map(|s| s.schema.warnings.iter().cloned())
        .collect();
    let merged = merge::merge(scripts)?;
    let dialects: BTreeSet<DialectName> = scripts.iter().map(|s| s.dialect).collect();
    let mut files = vec![(
        crate::model::load::PRODUCT_FILE.to_string(),
        yaml::product_file(product, policy, &dialects, &merged.modules, origin),
    )];
    for module in &merged.modules {
        files.push((module.file_name(), yaml::module_file(module, origin)));
    }
    files.push((
        "product.schema.json".to_string(),
        crate::schema::product_schema() + "\n",
    ));
    files.push((
        "module.schema.json".to_string(),
        crate::schema::module_schema() + "\n",
    ));
    Ok(Imported {
        files,
        warnings,
        disagreements: merged.disagreements,
        tables: merged.modules.iter().map(|m| m.tables.len()).sum(),
    })
}

fn read_all(inputs: &[SqlInput], fold_unquoted: bool) -> Result<Vec<merge::Script>, Diagnostics> {
    let mut errors = Diagnostics::default();
    let mut scripts: Vec<merge::Script> = Vec::new();
    for input in inputs {
        let file: Arc<Path> = input.path.clone().into();
        let source = match source::source_for(input.dialect) {
            Ok(s) => s,
            Err(message) => {
                errors.push(Diagnostic::new(Pos::file_start(&file), "E084", message));
                continue;
            }
        };
        let text = match read_script(&input.path) {
            Ok(t) => t,
            Err(message) => {
                errors.push(Diagnostic::new(Pos::file_start(&file), "E084", message));
                continue;
            }
        };
        match read::read_script(&file, &text, source, fold_unquoted) {
            Ok(schema) => {
                scripts.push(merge::Script {
                    dialect: input.dialect,
                    file: file.clone(),
                    module: input
                        .module
                        .clone()
                        .unwrap_or_else(|| module_name(&input.path)),
                    schema,
                });
            }
            Err(d) => errors.0.extend(d.0),
        }
    }
    if !errors.is_empty() {
        return Err(errors.sorted());
    }
    Ok(scripts)
}

fn read_script(path: &Path) -> Result<String, String> {
    let meta =
        std::fs::metadata(path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    if !meta.is_file() {
        return Err(format!("`{}` is not a regular file", path.display()));
    }
    if meta.len() > MAX_SCRIPT_BYTES {
        return Err(format!(
            "`{}` is larger than {} bytes",
            path.display(),
            MAX_SCRIPT_BYTES
        ));
    }
    let bytes =
        std::fs::read(path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "`{}` is not UTF-8 (at byte {}); convert it first, e.g. with iconv",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })
}

/// `identity/mysql.sql` → `identity`; `kernel-tables.sql` → `kernel-tables`.
pub fn module_name(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let named_after_dialect = DialectName::ALL.iter().any(|d| {
        stem == d.as_str()
            || stem
                .strip_prefix(d.as_str())
                .is_some_and(|rest| rest.starts_with('_'))
    });
    let parent = path
        .parent()
        .and_then(|p| p.file_name())
        .map(|s| s.to_string_lossy().to_string());
    match parent {
        Some(dir) if named_after_dialect && !dir.is_empty() => dir,
        _ if named_after_dialect => "schema".to_string(),
        _ => stem,
    }
}

/// How the scripts write names: no quoted name, every name quoted, only reserved words
/// quoted, or names quoted where the database would fold their case.
fn identifier_policy(scripts: &[merge::Script]) -> IdentifierPolicy {
    let quoted: Vec<(&String, DialectName)> = scripts
        .iter()
        .flat_map(|s| s.schema.quoted_names.iter().map(move |n| (n, s.dialect)))
        .collect();
    if quoted.is_empty() {
        IdentifierPolicy::Unquoted
    } else if scripts.iter().all(|s| s.schema.unquoted_names == 0) {
        IdentifierPolicy::AlwaysQuoted
    } else if quoted
        .iter()
        .all(|(n, d)| d.implementation().is_reserved(n))
    {
        IdentifierPolicy::QuotedWhenReserved
    } else {
        IdentifierPolicy::QuotedWhenNeeded
    }
}
