//! SQL Server 2016+ (and Azure SQL Database), written the way WSO2's own mssql.sql and SQL
//! Server Management Studio's "Generate Scripts" write it: `IDENTITY(1,1)`, `[bracket]`
//! quoting, existence guards before CREATE TABLE / CREATE INDEX, descriptions as
//! `MS_Description` extended properties, and an optional batch separator (`GO`).
//!
//! The script assumes the `dbo` schema, as WSO2's does: tables are created unqualified (in the
//! user's default schema) while the guards and extended properties name `dbo`. Catalog names
//! (`sys.objects`, `object_id`, `dbo`) are written in lower case so that the guards also work
//! in a database with a case-sensitive collation, where `SYS.OBJECTS` does not resolve.

use sea_query::{Expr, Keyword};

use super::data::dialect_data;
use super::{AutoIncrement, Dialect, DialectData, DialectName, Statement, StatementKind, Target};
use crate::model::{ReferentialAction, Version};

pub struct Mssql;

/// The schema the guards and extended properties name.
const SCHEMA: &str = "dbo";

/// The first version with `CURRENT_DATE` (SQL Server 2025, 17.x).
const CURRENT_DATE_SINCE: &str = "2025";

impl Mssql {
    /// `N'...'`: a Unicode string literal, for catalog names and descriptions.
    fn unicode_literal(text: &str) -> String {
        format!("N'{}'", text.replace('\'', "''"))
    }

    /// `N'[dbo].[name]'`, the argument of OBJECT_ID.
    fn object_name(&self, name: &str) -> String {
        Self::unicode_literal(&format!(
            "{}.{}",
            self.quote_identifier(SCHEMA),
            self.quote_identifier(name)
        ))
    }

    /// The plain name of an identifier the renderer may have bracket-quoted.
    fn unquoted(name: &str) -> String {
        match name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
            Some(inner) => inner.replace("]]", "]"),
            None => name.to_string(),
        }
    }

    /// A description as an `MS_Description` extended property of `levels` (type, name pairs
    /// below the schema), added only if it is not there yet so that the script can run again
    /// (SSMS's form: `sys.fn_listextendedproperty`). EXEC takes only constants, so a
    /// description with a backslash right before a line break cannot be split as
    /// [`Dialect::string_literal`] does; the line continuation would drop that break.
    fn extended_property(levels: &[(&str, &str)], comment: &str) -> Statement {
        let mut list_args = vec![
            "N'MS_Description'".to_string(),
            "N'SCHEMA'".to_string(),
            Self::unicode_literal(SCHEMA),
        ];
        let mut add_args = vec![format!(
            "@level0type = N'SCHEMA', @level0name = {}",
            Self::unicode_literal(SCHEMA)
        )];
        for (level, (kind, name)) in levels.iter().enumerate() {
            list_args.push(format!("N'{kind}'"));
            list_args.push(Self::unicode_literal(name));
            add_args.push(format!(
                "@level{0}type = N'{kind}', @level{0}name = {1}",
                level + 1,
                Self::unicode_literal(name)
            ));
        }
        while list_args.len() < 7 {
            list_args.push("NULL".to_string());
        }
        Statement::new(format!(
            "IF NOT EXISTS (SELECT * FROM sys.fn_listextendedproperty({}))\n\
             EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = {},\n    {}",
            list_args.join(", "),
            Self::unicode_literal(comment),
            add_args.join(",\n    ")
        ))
    }
}

impl Dialect for Mssql {
    fn name(&self) -> DialectName {
        DialectName::Mssql
    }

    fn data(&self) -> &'static DialectData {
        dialect_data!("mssql")
    }

    /// Delimited identifiers in brackets, `]` doubled; double quotes work only with
    /// QUOTED_IDENTIFIER ON ("Database identifiers",
    /// <https://learn.microsoft.com/sql/relational-databases/databases/database-identifiers>).
    fn quote_identifier(&self, name: &str) -> String {
        format!("[{}]", name.replace(']', "]]"))
    }

    /// `'...'`, quotes doubled; `N'...'` when the text is not ASCII, so that NVARCHAR columns
    /// keep every character (a literal without N is converted to the database's code page:
    /// "nchar and nvarchar", <https://learn.microsoft.com/sql/t-sql/data-types/nchar-and-nvarchar-transact-sql>). A backslash right before a line break is T-SQL's line
    /// continuation and would vanish ("Backslash (Line Continuation)",
    /// <https://learn.microsoft.com/sql/t-sql/language-elements/sql-server-utilities-statements-backslash>),
    /// so the literal is split there: `('a\' + '<newline>b')`.
    fn string_literal(&self, text: &str) -> String {
        let prefix = if text.is_ascii() { "" } else { "N" };
        let escaped = text.replace('\'', "''");
        let mut parts = Vec::new();
        let mut rest = escaped.as_str();
        while let Some(at) = rest
            .find("\\\n")
            .into_iter()
            .chain(rest.find("\\\r\n"))
            .min()
        {
            parts.push(&rest[..=at]);
            rest = &rest[at + 1..];
        }
        parts.push(rest);
        let literals: Vec<String> = parts
            .iter()
            .map(|part| format!("{prefix}'{part}'"))
            .collect();
        if literals.len() == 1 {
            literals.join("")
        } else {
            format!("({})", literals.join(" + "))
        }
    }

    /// BIT takes 1 and 0; T-SQL has no TRUE/FALSE literals ("bit (Transact-SQL)",
    /// <https://learn.microsoft.com/sql/t-sql/data-types/bit-transact-sql>).
    fn boolean_literal(&self, value: bool, _target: &Target) -> String {
        if value { "1" } else { "0" }.to_string()
    }

    /// `IDENTITY(1,1)`: SQL Server's identity property, what WSO2 writes ("CREATE TABLE
    /// IDENTITY (Property)",
    /// <https://learn.microsoft.com/sql/t-sql/statements/create-table-transact-sql-identity-property>).
    fn auto_increment(&self, _target: &Target) -> AutoIncrement {
        AutoIncrement::Clause("IDENTITY(1,1)".to_string())
    }

    /// T-SQL has NO ACTION, CASCADE, SET NULL and SET DEFAULT, not RESTRICT ([MS-TSQLISO02]
    /// V0077: "The ON DELETE RESTRICT rule is not supported",
    /// <https://learn.microsoft.com/openspecs/sql_standards/ms-tsqliso02/24adee2d-7553-44d9-b226-ab34be81e57e>).
    /// SQL Server has no deferred constraints, so NO ACTION refuses the delete as RESTRICT does
    /// ("CREATE TABLE": "NO ACTION: The Database Engine raises an error, and the delete action
    /// on the row in the parent table is rolled back",
    /// <https://learn.microsoft.com/sql/t-sql/statements/create-table-transact-sql>); a model's
    /// `restrict` is written as an explicit ON DELETE NO ACTION so that the intent stays visible.
    fn on_delete_clause(&self, action: ReferentialAction) -> &'static str {
        match action {
            ReferentialAction::NoAction => "",
            ReferentialAction::Restrict => " ON DELETE NO ACTION",
            ReferentialAction::Cascade => " ON DELETE CASCADE",
            ReferentialAction::SetNull => " ON DELETE SET NULL",
        }
    }

    /// SQL Server has no COMMENT ON: descriptions are `MS_Description` extended properties,
    /// the ones SSMS shows ("sp_addextendedproperty",
    /// <https://learn.microsoft.com/sql/relational-databases/system-stored-procedures/sp-addextendedproperty-transact-sql>).
    fn table_comment(&self, table: &str, comment: &str) -> Option<Statement> {
        Some(Self::extended_property(
            &[("TABLE", &Self::unquoted(table))],
            comment,
        ))
    }

    /// A column's `MS_Description` extended property (level 2, COLUMN), as for tables.
    fn column_comment(&self, table: &str, column: &str, comment: &str) -> Option<Statement> {
        Some(Self::extended_property(
            &[
                ("TABLE", &Self::unquoted(table)),
                ("COLUMN", &Self::unquoted(column)),
            ],
            comment,
        ))
    }

    /// T-SQL has no CREATE TABLE IF NOT EXISTS; WSO2 and SSMS guard it with a look-up in
    /// sys.objects ("sys.objects", type U = user table,
    /// <https://learn.microsoft.com/sql/relational-databases/system-catalog-views/sys-objects-transact-sql>).
    fn guard_create_table(&self, table: &str, sql: String) -> String {
        format!(
            "IF NOT EXISTS (SELECT * FROM sys.objects WHERE object_id = OBJECT_ID({}) AND type IN (N'U'))\n{sql}",
            self.object_name(table)
        )
    }

    /// CREATE INDEX guarded by a look-up in sys.indexes, as SSMS scripts it: index names are
    /// unique per table ("sys.indexes",
    /// <https://learn.microsoft.com/sql/relational-databases/system-catalog-views/sys-indexes-transact-sql>).
    fn guard_create_index(&self, table: &str, index: &str, sql: String) -> String {
        format!(
            "IF NOT EXISTS (SELECT * FROM sys.indexes WHERE object_id = OBJECT_ID({}) AND name = {})\n{sql}",
            self.object_name(table),
            Self::unicode_literal(index)
        )
    }

    /// CURRENT_TIMESTAMP is GETDATE(), a DATETIME of 1/300 s; SYSDATETIME() fills DATETIME2's
    /// 100 ns ("SYSDATETIME", <https://learn.microsoft.com/sql/t-sql/functions/sysdatetime-transact-sql>).
    /// CURRENT_DATE exists only from SQL Server 2025 on; before, its documented equivalent is a
    /// cast to DATE ("CURRENT_DATE", <https://learn.microsoft.com/sql/t-sql/functions/current-date-transact-sql>).
    fn default_value(&self, default: &Expr, target: &Target) -> String {
        match default {
            Expr::Keyword(Keyword::CurrentTimestamp) => "SYSDATETIME()".to_string(),
            Expr::Keyword(Keyword::CurrentDate) => {
                let since = Version::parse(CURRENT_DATE_SINCE).expect("a version");
                if target.version >= since {
                    "CURRENT_DATE".to_string()
                } else {
                    "(CAST(SYSDATETIME() AS DATE))".to_string()
                }
            }
            Expr::Value(value) | Expr::Constant(value) => self.value_literal(value, target),
            Expr::Keyword(Keyword::Null) => "NULL".to_string(),
            Expr::Custom(text) => text.to_string(),
            other => unreachable!("the emitter builds no default of the form {other:?}"),
        }
    }

    /// `;` ends every statement; the product's `batch_separator` (e.g. GO for sqlcmd and
    /// SSMS) follows on its own line ("SQL Server Utilities Statements - GO",
    /// <https://learn.microsoft.com/sql/t-sql/language-elements/sql-server-utilities-statements-go>).
    fn terminator(&self, _kind: StatementKind, target: &Target) -> String {
        match target.setting("batch_separator").map(str::trim) {
            Some(separator) if !separator.is_empty() => format!(";\n{separator}"),
            _ => ";".to_string(),
        }
    }
}

// The ANSI ALTER vocabulary until this dialect's own is written.
impl crate::diff::migrate::Migrate for Mssql {}
