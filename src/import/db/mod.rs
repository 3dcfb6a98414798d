//! A live database's catalog as a model: `schemagen import db`.
//!
//! - [`url`]: where to connect, from the URL and the client's usual environment variables,
//!   shown without its password;
//! - [`postgres`], [`mysql`]: each engine's catalog (pg_catalog, information_schema) read
//!   through its driver into [`CatalogTable`]s, in the engine's own type spellings and with
//!   the names the engine generated itself (`orders_pkey`, `orders_ibfk_1`) left out;
//! - this file: those tables as the model's [`Table`]s, through the same type map, default
//!   and CHECK readers as `import sql`, then the same module building and YAML writing
//!   ([`super::build`]), so both importers write the same model files.
//!
//! Seed rows are never read: a live database's data is not a model's seed.

pub mod align;
pub mod mysql;
pub mod postgres;
pub mod url;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use sqlparser::parser::Parser;

use super::read::{ReadDefault, ScriptSchema, allowed_values, read_default, typed_column};
use super::source::SqlSource;
use super::types::{ReadType, read_type};
use super::{Imported, Origin, Warning, merge};
use crate::model::{
    DialectName, ForeignKey, Ident, IdentifierPolicy, Index, PortableType, Pos, PrimaryKey,
    ReferentialAction, Table, Unique,
};

pub use url::Connection;

/// What a catalog cannot say and a model imported from a database therefore never has.
pub const NOT_CARRIED: &[&str] = &[
    "seed rows (a live database's data is not a model's seed: add `rows:` by hand)",
    "`sensitive: true` (which columns hold secrets)",
    "`renamed_from` (a catalog has no history)",
    "descriptions of modules and of the product",
    "the target versions (product.yaml has defaults: set the oldest version each dialect must run on)",
];

/// What to import.
pub struct DbOptions {
    pub connection: Connection,
    /// PostgreSQL: the schema (default `public`); MySQL: the database (default: the URL's).
    pub schema: Option<String>,
    /// Table-name globs (`*`, `?`; case-insensitive): only the tables matching one of them.
    pub include: Vec<String>,
    /// Table-name globs: none of the tables matching one of them.
    pub exclude: Vec<String>,
    pub product: String,
    /// The module; default: the schema (database) name.
    pub module: Option<String>,
}

/// Why nothing was imported. The message never holds the password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DbError {
    pub code: &'static str,
    pub message: String,
}

impl std::fmt::Display for DbError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "error[{}]: {}", self.code, self.message)
    }
}

/// One table as a catalog describes it, in the engine's spellings.
#[derive(Debug, Default)]
pub struct CatalogTable {
    pub name: String,
    pub comment: Option<String>,
    pub columns: Vec<CatalogColumn>,
    /// The constraint's name where the engine did not generate it, and its columns.
    pub primary_key: Option<(Option<String>, Vec<String>)>,
    pub uniques: Vec<(Option<String>, Vec<String>)>,
    /// Indexes that back no constraint.
    pub indexes: Vec<CatalogIndex>,
    pub foreign_keys: Vec<CatalogForeignKey>,
    /// `column IN (values)` CHECKs, already read.
    pub allowed_values: Vec<(String, Vec<String>)>,
}

#[derive(Debug)]
pub struct CatalogColumn {
    pub name: String,
    /// The type as a script of the dialect writes it (`VARCHAR(255)`, `INT`).
    pub type_text: String,
    pub nullable: bool,
    /// The default as SQL the dialect's scripts would write (casts left out).
    pub default: Option<String>,
    pub auto_increment: bool,
    pub comment: Option<String>,
}

#[derive(Debug)]
pub struct CatalogIndex {
    pub name: String,
    pub columns: Vec<String>,
    pub unique: bool,
}

#[derive(Debug)]
pub struct CatalogForeignKey {
    pub name: Option<String>,
    pub columns: Vec<String>,
    pub ref_table: String,
    pub ref_columns: Vec<String>,
    pub on_delete: ReferentialAction,
}

/// A catalog's tables and what the model does not carry (object, message).
#[derive(Debug, Default)]
pub struct Catalog {
    /// The schema (MySQL: database) read.
    pub schema: String,
    pub tables: Vec<CatalogTable>,
    pub warnings: Vec<(String, String)>,
}

/// Reads the catalog and builds the model's files. The tables are sorted by name.
pub fn import_db(options: &DbOptions) -> Result<Imported, DbError> {
    let connection = &options.connection;
    let dialect = connection.dialect;
    let filter = |name: &str| {
        (options.include.is_empty() || options.include.iter().any(|g| glob(g, name)))
            && !options.exclude.iter().any(|g| glob(g, name))
    };
    let schema = options.schema.as_deref();
    let mut catalog = match dialect {
        DialectName::Postgresql => postgres::read(connection, schema, &filter)?,
        DialectName::Mysql => mysql::read(connection, schema, &filter)?,
        other => {
            return Err(DbError {
                code: "E087",
                message: format!("{other} databases cannot be imported (postgresql, mysql)"),
            });
        }
    };
    let schema = catalog.schema.clone();
    catalog.tables.sort_by(|a, b| a.name.cmp(&b.name));
    let source = super::source::source_for(dialect).map_err(|message| DbError {
        code: "E087",
        message,
    })?;
    let origin_text = format!("{} schema {schema}", connection.display());
    let mut warnings: Vec<Warning> = catalog
        .warnings
        .iter()
        .map(|(object, message)| warning(object, message.clone()))
        .collect();
    let tables: Vec<Table> = catalog
        .tables
        .iter()
        .map(|t| table(t, source, &origin_text, &mut warnings))
        .collect();
    warnings
        .sort_by(|a, b| (a.pos.file.as_ref(), &a.message).cmp(&(b.pos.file.as_ref(), &b.message)));
    let policy = identifier_policy(&tables, dialect);
    let file: Arc<Path> = Path::new(&origin_text).into();
    let script = merge::Script {
        dialect,
        file,
        module: options.module.clone().unwrap_or_else(|| schema.clone()),
        schema: ScriptSchema {
            tables,
            quoted_names: BTreeSet::new(),
            unquoted_names: 0,
            warnings,
        },
    };
    let origin = Origin {
        command: "schemagen import db",
        sources: vec![(origin_text.clone(), dialect)],
    };
    super::build(&[script], &options.product, policy, &origin).map_err(|d| DbError {
        code: d.code,
        message: d.message,
    })
}

fn warning(object: &str, message: String) -> Warning {
    Warning {
        pos: at(object),
        message,
    }
}

/// A position that names a database object instead of a place in a file.
fn at(object: &str) -> Pos {
    Pos {
        file: Path::new(object).into(),
        line: 0,
        column: 0,
    }
}

fn ident(name: &str, object: &str) -> Ident {
    Ident {
        name: name.to_string(),
        pos: at(object),
    }
}

fn idents(names: &[String], object: &str) -> Vec<Ident> {
    names.iter().map(|n| ident(n, object)).collect()
}

/// One catalog table as the model's table.
fn table(
    t: &CatalogTable,
    source: &dyn SqlSource,
    origin: &str,
    warnings: &mut Vec<Warning>,
) -> Table {
    let object = t.name.as_str();
    let name = ident(&t.name, object);
    let mut columns = Vec::new();
    for c in &t.columns {
        let object = format!("{}.{}", t.name, c.name);
        let read = column_type(source, &c.type_text);
        let (mut column, warn) = typed_column(
            ident(&c.name, &object),
            &read,
            source.dialect(),
            &format!("the database ({origin})"),
        );
        if let Some(w) = warn {
            warnings.push(warning(&object, w));
        }
        let unwritable = column
            .overrides
            .get(&source.dialect())
            .and_then(|o| o.native_type.clone())
            .filter(|native| !crate::model::is_native_type_name(native));
        if let Some(native) = unwritable {
            // The model writes a native type as it is, and only a type name.
            column.overrides.remove(&source.dialect());
            warnings.push(warning(
                &object,
                format!(
                    "`{native}` cannot be kept as a native type (it is no type name): read as {}",
                    column.portable_type
                ),
            ));
        }
        column.nullable = c.nullable;
        column.auto_increment |= c.auto_increment;
        column.description = c.comment.clone();
        if let Some(text) = &c.default {
            let expr = Parser::new(source.parser_dialect())
                .try_with_sql(text)
                .and_then(|mut p| p.parse_expr());
            match expr.map(|e| read_default(&e, column.portable_type)) {
                Ok(ReadDefault::AutoIncrement) => column.auto_increment = true,
                Ok(ReadDefault::Value(v)) => column.default = Some(v),
                Ok(ReadDefault::Null) => {}
                Ok(ReadDefault::Unreadable) | Err(_) => warnings.push(warning(
                    &object,
                    format!(
                        "default not read: `{text}` is no literal, CURRENT_TIMESTAMP or CURRENT_DATE"
                    ),
                )),
            }
        }
        if let Some((_, values)) = t
            .allowed_values
            .iter()
            .find(|(col, _)| col.eq_ignore_ascii_case(&c.name))
        {
            column.allowed_values = Some(values.clone());
        }
        columns.push(column);
    }
    Table {
        description_pos: name.pos.clone(),
        name,
        renamed_from: None,
        added_in: None,
        description: t.comment.clone(),
        columns,
        primary_key: t.primary_key.as_ref().map(|(n, cols)| PrimaryKey {
            name: n.as_ref().map(|n| ident(n, object)),
            columns: idents(cols, object),
            pos: at(object),
        }),
        uniques: t
            .uniques
            .iter()
            .map(|(n, cols)| Unique {
                name: n.as_ref().map(|n| ident(n, object)),
                columns: idents(cols, object),
                pos: at(object),
                // PostgreSQL and MySQL keep NULLs in a unique key distinct: the model's meaning.
                nulls_equal_in: Default::default(),
                nulls_equal_declared: Default::default(),
            })
            .collect(),
        indexes: t
            .indexes
            .iter()
            .map(|i| Index {
                name: ident(&i.name, object),
                columns: idents(&i.columns, object),
                unique: i.unique,
                only_dialects: None,
                nulls_equal_in: Default::default(),
                nulls_equal_declared: Default::default(),
                pos: at(object),
            })
            .collect(),
        foreign_keys: t
            .foreign_keys
            .iter()
            .map(|f| ForeignKey {
                name: f.name.as_ref().map(|n| ident(n, object)),
                columns: idents(&f.columns, object),
                ref_table: ident(&f.ref_table, object),
                ref_columns: idents(&f.ref_columns, object),
                on_delete: f.on_delete,
                pos: at(object),
            })
            .collect(),
        only_dialects: None,
        storage: Default::default(),
        rows: Vec::new(),
        allow: Vec::new(),
    }
}

/// A catalog's type through the type reader of `import sql`; a type it does not know is kept
/// as the native type (text for the other dialects), with a warning.
fn column_type(source: &dyn SqlSource, text: &str) -> ReadType {
    let parsed = Parser::new(source.parser_dialect())
        .try_with_sql(text)
        .and_then(|mut p| p.parse_data_type());
    match parsed.map(|t| read_type(source, &t)) {
        Ok(Ok(read)) => read,
        _ => ReadType {
            portable: PortableType::Text,
            native: Some(text.to_string()),
            auto_increment: false,
            nearest_only: true,
        },
    }
}

/// The catalog holds names as stored: quoted only where the dialect would fold them or
/// reserves them.
fn identifier_policy(tables: &[Table], dialect: DialectName) -> IdentifierPolicy {
    let implementation = dialect.implementation();
    let names = tables.iter().flat_map(|t| {
        std::iter::once(&t.name.name)
            .chain(t.columns.iter().map(|c| &c.name.name))
            .chain(t.indexes.iter().map(|i| &i.name.name))
    });
    let mut reserved = false;
    for name in names {
        let folded = match implementation.folds_unquoted_to() {
            crate::dialect::CaseFold::Upper => name.to_ascii_uppercase(),
            crate::dialect::CaseFold::Lower => name.to_ascii_lowercase(),
            crate::dialect::CaseFold::None => name.clone(),
        };
        let plain = name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if folded != *name || !plain {
            return IdentifierPolicy::QuotedWhenNeeded;
        }
        reserved |= implementation.is_reserved(name);
    }
    if reserved {
        IdentifierPolicy::QuotedWhenReserved
    } else {
        IdentifierPolicy::Unquoted
    }
}

/// `*` any run of characters, `?` one character; ASCII case-insensitive.
pub fn glob(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.to_ascii_lowercase().chars().collect();
    let n: Vec<char> = name.to_ascii_lowercase().chars().collect();
    let (mut pi, mut ni) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == n[ni]) {
            pi += 1;
            ni += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ni));
            pi += 1;
        } else if let Some((sp, sn)) = star {
            pi = sp + 1;
            ni = sn + 1;
            star = Some((sp, sn + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

/// `text` with every occurrence of the password replaced, for messages that quote a driver.
fn scrub(text: &str, connection: &Connection) -> String {
    match connection.password.as_deref() {
        Some(p) if !p.is_empty() => text.replace(p, "***"),
        _ => text.to_string(),
    }
}

/// The failure to connect, naming host:port, database and user, never the password.
fn connect_error(connection: &Connection, error: &dyn std::fmt::Display) -> DbError {
    DbError {
        code: "E085",
        message: scrub(
            &format!(
                "cannot connect to {} at {}:{} (database {}, user {}): {error}",
                connection.engine(),
                connection.host,
                connection.port,
                connection.database.as_deref().unwrap_or("(default)"),
                connection.user
            ),
            connection,
        ),
    }
}

/// A catalog query that failed.
fn query_error(connection: &Connection, what: &str, error: &dyn std::fmt::Display) -> DbError {
    DbError {
        code: "E086",
        message: scrub(
            &format!(
                "reading {what} from {} at {}:{} failed: {error}",
                connection.engine(),
                connection.host,
                connection.port
            ),
            connection,
        ),
    }
}

/// Groups rows by their table, keeping their order.
fn by_table<T>(rows: Vec<(String, T)>) -> BTreeMap<String, Vec<T>> {
    let mut out: BTreeMap<String, Vec<T>> = BTreeMap::new();
    for (t, row) in rows {
        out.entry(t).or_default().push(row);
    }
    out
}

/// `col IN (...)` read from a CHECK's text by the `import sql` reader.
fn read_in_list(source: &dyn SqlSource, clause: &str) -> Option<(String, Vec<String>)> {
    let expr = Parser::new(source.parser_dialect())
        .try_with_sql(clause)
        .and_then(|mut p| p.parse_expr())
        .ok()?;
    let mut expr = &expr;
    while let sqlparser::ast::Expr::Nested(inner) = expr {
        expr = inner;
    }
    let sqlparser::ast::Expr::In { expr: column, .. } = expr else {
        return None;
    };
    let sqlparser::ast::Expr::Identifier(column) = column.as_ref() else {
        return None;
    };
    let values = allowed_values(expr, &column.value)?;
    Some((column.value.clone(), values))
}

#[cfg(test)]
mod tests {
    use super::glob;

    #[test]
    fn globs() {
        assert!(glob("idn_*", "IDN_OAUTH"));
        assert!(glob("*", "x"));
        assert!(glob("a?c", "abc"));
        assert!(!glob("a?c", "abbc"));
        assert!(glob("*_log", "reg_log"));
        assert!(!glob("*_log", "reg_logs"));
        assert!(glob("a*b*c", "axxbyyc"));
        assert!(!glob("idn_*", "reg_path"));
    }
}
