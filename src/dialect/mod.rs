//! SQL dialects: one trait, one file per dialect.
//!
//! [`Dialect`] holds every place where databases differ, as methods named as questions
//! (`folds_unquoted_to`, `max_identifier_bytes`, `supports_comment_on`). Its default bodies are
//! ANSI SQL; a dialect file overrides only what its database does differently, each with a
//! one-line reason. The facts a reviewer should be able to read without Rust (type mapping,
//! limits, reserved words) live in `dialects/<name>/` and are embedded at build time.
//!
//! [`DialectName`] is the one spelling of each dialect: the CLI value, this module's file
//! name, the `dialects/` folder, the output file stem and the snapshot suffix.

mod data;
mod h2;
mod mysql;
mod postgresql;

use std::fmt;

use schemars::JsonSchema;
use sea_query::{ColumnType, Expr, Keyword, StringLen, Value};
use serde::{Deserialize, Serialize};

pub use data::{DialectData, TypeMap};

use crate::model::Version;

/// The one spelling of each dialect.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    JsonSchema,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
#[clap(rename_all = "lowercase")]
pub enum DialectName {
    Db2,
    H2,
    Informix,
    Mssql,
    Mysql,
    Oracle,
    #[clap(alias = "postgres")]
    Postgresql,
}

impl DialectName {
    pub const ALL: [DialectName; 7] = [
        DialectName::Db2,
        DialectName::H2,
        DialectName::Informix,
        DialectName::Mssql,
        DialectName::Mysql,
        DialectName::Oracle,
        DialectName::Postgresql,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DialectName::Db2 => "db2",
            DialectName::H2 => "h2",
            DialectName::Informix => "informix",
            DialectName::Mssql => "mssql",
            DialectName::Mysql => "mysql",
            DialectName::Oracle => "oracle",
            DialectName::Postgresql => "postgresql",
        }
    }

    /// The dialect's implementation, or `None` for a dialect this build cannot write yet.
    pub fn implementation(self) -> Option<&'static dyn Dialect> {
        match self {
            DialectName::H2 => Some(&h2::H2),
            DialectName::Mysql => Some(&mysql::Mysql),
            DialectName::Postgresql => Some(&postgresql::Postgresql),
            DialectName::Db2 | DialectName::Informix | DialectName::Mssql | DialectName::Oracle => {
                None
            }
        }
    }
}

impl fmt::Display for DialectName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a database treats an unquoted identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CaseFold {
    /// Stored upper case (ANSI, Oracle, DB2, H2).
    Upper,
    /// Stored lower case (PostgreSQL, Informix).
    Lower,
    /// Stored as written (MySQL, SQL Server).
    None,
}

/// How column and table descriptions reach the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentStyle {
    /// `COMMENT ON TABLE t IS '...'` statements after the table (ANSI-ish: PostgreSQL, Oracle, DB2, H2).
    CommentOn,
    /// An inline `COMMENT '...'` on the column and a table option (MySQL).
    Inline,
}

/// One SQL statement of an output file, without its terminator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Statement {
    /// A `--` line written above the statement, if any.
    pub comment: Option<String>,
    pub sql: String,
}

impl Statement {
    pub fn new(sql: impl Into<String>) -> Self {
        Statement {
            comment: None,
            sql: sql.into(),
        }
    }
}

/// Everything the shared emitter asks a database. Defaults are ANSI SQL.
pub trait Dialect: Sync {
    fn name(&self) -> DialectName;

    /// The facts from `dialects/<name>/`.
    fn data(&self) -> &'static DialectData;

    /// The longest identifier, in bytes, that the target version accepts.
    fn max_identifier_bytes(&self, version: &Version) -> usize {
        self.data().identifier.max_bytes_for(version)
    }

    fn folds_unquoted_to(&self) -> CaseFold {
        self.data().identifier.folds_unquoted_to
    }

    /// Whether `word` cannot be used as an unquoted identifier.
    fn is_reserved(&self, word: &str) -> bool {
        self.data().is_reserved(word)
    }

    /// ANSI double quotes, doubling an embedded quote.
    fn quote_identifier(&self, name: &str) -> String {
        format!("\"{}\"", name.replace('"', "\"\""))
    }

    /// ANSI string literal: single quotes, an embedded quote doubled.
    fn string_literal(&self, text: &str) -> String {
        format!("'{}'", text.replace('\'', "''"))
    }

    fn boolean_literal(&self, value: bool) -> &'static str {
        if value { "TRUE" } else { "FALSE" }
    }

    /// The SQL type for a column: the dialect's type map applied to the portable type.
    fn column_type(&self, column_type: &ColumnType) -> String {
        self.data().types.render(column_type)
    }

    /// The longest `VARCHAR(n)` the dialect accepts, if it has a limit worth checking.
    fn max_varchar_length(&self) -> Option<u32> {
        self.data().limits.max_varchar
    }

    /// Text written after the type of an auto-increment column (SQL:2003 identity).
    fn auto_increment_clause(&self) -> &'static str {
        "GENERATED BY DEFAULT AS IDENTITY"
    }

    /// Whether an identity column must not also carry a DEFAULT.
    fn default_allowed_with_identity(&self) -> bool {
        false
    }

    fn comment_style(&self) -> CommentStyle {
        CommentStyle::CommentOn
    }

    /// Options written after the closing parenthesis of CREATE TABLE (e.g. MySQL's ENGINE).
    fn table_options(&self, _table_comment: Option<&str>) -> Vec<String> {
        Vec::new()
    }

    /// Renders a column default given as a sea-query expression.
    fn default_value(&self, default: &Expr) -> String {
        match default {
            Expr::Value(value) | Expr::Constant(value) => self.value_literal(value),
            Expr::Keyword(Keyword::CurrentTimestamp) => "CURRENT_TIMESTAMP".to_string(),
            Expr::Keyword(Keyword::CurrentDate) => "CURRENT_DATE".to_string(),
            Expr::Keyword(Keyword::Null) => "NULL".to_string(),
            Expr::Custom(text) => text.to_string(),
            other => unreachable!("the emitter builds no default of the form {other:?}"),
        }
    }

    /// Renders a literal value: numbers as written, strings escaped for the dialect.
    fn value_literal(&self, value: &Value) -> String {
        match value {
            Value::Bool(Some(b)) => self.boolean_literal(*b).to_string(),
            Value::BigInt(Some(n)) => n.to_string(),
            Value::Double(Some(x)) => format_float(*x),
            Value::String(Some(s)) => self.string_literal(s),
            Value::Bool(None) | Value::BigInt(None) | Value::Double(None) | Value::String(None) => {
                "NULL".to_string()
            }
            other => unreachable!("the emitter builds no literal of the form {other:?}"),
        }
    }

    /// The separator written after each statement.
    fn statement_terminator(&self) -> &'static str {
        ";"
    }
}

/// Shortest text that reads back as the same float, with a decimal point.
fn format_float(x: f64) -> String {
    let text = format!("{x}");
    if text.contains(['.', 'e', 'E']) || !x.is_finite() {
        text
    } else {
        format!("{text}.0")
    }
}

/// The portable type name a sea-query column type stands for, used as the key of a type map.
pub fn portable_type_key(column_type: &ColumnType) -> &'static str {
    match column_type {
        ColumnType::String(_) => "varchar",
        ColumnType::Char(_) => "char",
        ColumnType::Text => "text",
        ColumnType::SmallInteger => "smallint",
        ColumnType::Integer => "integer",
        ColumnType::BigInteger => "bigint",
        ColumnType::Decimal(_) => "decimal",
        ColumnType::Double => "double",
        ColumnType::Boolean => "boolean",
        ColumnType::Date => "date",
        ColumnType::Timestamp => "timestamp",
        ColumnType::Blob => "blob",
        ColumnType::Json => "json",
        ColumnType::Custom(_) => "native",
        other => unreachable!("the emitter builds no column of type {other:?}"),
    }
}

/// The length parameter of a string type.
pub fn string_length(column_type: &ColumnType) -> Option<u32> {
    match column_type {
        ColumnType::String(StringLen::N(n)) | ColumnType::Char(Some(n)) => Some(*n),
        _ => None,
    }
}
