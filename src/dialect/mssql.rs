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

// --- Migrations ---------------------------------------------------------------------------------

use crate::diff::migrate::{ColumnEdit, ConstraintKind, Migrate};

/// SQL Server's ALTER vocabulary ("ALTER TABLE (Transact-SQL)",
/// <https://learn.microsoft.com/sql/t-sql/statements/alter-table-transact-sql>).
///
/// Defaults are constraints, and the CREATE scripts (schemagen's, like WSO2's own) leave them
/// and unnamed keys to names the server makes up (`DF__CHILD__QTY__1A2B3C4D`). Such a name is
/// found when the migration runs, as the manual says to ("You can determine the user-defined
/// or system-supplied name of the constraint by querying the sys.check_constraint,
/// sys.default_constraints, sys.key_constraints, and sys.foreign_keys catalog views"), by a
/// short T-SQL block, so migrations also work on databases an earlier script created. A block
/// is one statement of the script: no `;` inside (runners that split a script at `;`, as
/// WSO2's JDBC one does, keep it whole), and every variable has a name of its own (a script
/// run as one batch cannot DECLARE a name twice).
impl Migrate for Mssql {
    /// `ADD`, no COLUMN keyword ("ALTER TABLE": `ADD { <column_definition> | ... }`). A
    /// nullable column with a default takes `WITH VALUES` so that existing rows get the default,
    /// as in the other databases; without it they hold NULL ("ALTER TABLE column_definition":
    /// "If WITH VALUES is not specified for columns that allow nulls, the value NULL is stored
    /// in the new column, in existing rows",
    /// <https://learn.microsoft.com/sql/t-sql/statements/alter-table-column-definition-transact-sql>).
    fn add_column(&self, table: &str, definition: &str) -> Statement {
        let nullable = !definition.ends_with(" NOT NULL");
        let with_values = if nullable && has_default(definition) {
            " WITH VALUES"
        } else {
            ""
        };
        Statement::new(format!("ALTER TABLE {table} ADD {definition}{with_values}"))
    }

    /// DROP COLUMN, after the column's default and CHECK constraints: "A column can't be
    /// dropped when it's: ... Used in a CHECK ... constraint. Associated with a default that's
    /// defined with the DEFAULT keyword" ("ALTER TABLE", DROP COLUMN). Indexes and keys on the
    /// column are dropped before by their own changes.
    fn drop_column(&self, table: &str, column: &str) -> Statement {
        Statement::new(format!(
            "{}\n{}\nALTER TABLE {table} DROP COLUMN {column}",
            self.drop_default_block(table, column),
            self.drop_checks_block(table, column)
        ))
    }

    /// `sp_rename 'table.column', 'new', 'COLUMN'`; the new name is one plain part, never
    /// bracketed (sp_rename: "new_name must be a one-part name",
    /// <https://learn.microsoft.com/sql/relational-databases/system-stored-procedures/sp-rename-transact-sql>).
    fn rename_column(&self, table: &str, from: &str, to: &str) -> Statement {
        Statement::new(format!(
            "EXEC sp_rename {}, {}, N'COLUMN'",
            Self::unicode_literal(&format!(
                "{}.{}.{}",
                self.quote_identifier(SCHEMA),
                self.quote_identifier(&Self::unquoted(table)),
                self.quote_identifier(&Self::unquoted(from))
            )),
            Self::unicode_literal(&Self::unquoted(to))
        ))
    }

    /// T-SQL has no ALTER TABLE ... RENAME: `sp_rename 'schema.table', 'new'` (sp_rename).
    fn rename_table(&self, from: &str, to: &str) -> Statement {
        Statement::new(format!(
            "EXEC sp_rename {}, {}",
            self.object_name(&Self::unquoted(from)),
            Self::unicode_literal(&Self::unquoted(to))
        ))
    }

    /// An index belongs to its table: `DROP INDEX i ON t` (the `t.i` form is deprecated:
    /// "DROP INDEX (Transact-SQL)",
    /// <https://learn.microsoft.com/sql/t-sql/statements/drop-index-transact-sql>).
    fn drop_index(&self, table: &str, index: &str) -> Statement {
        Statement::new(format!("DROP INDEX {index} ON {table}"))
    }

    /// A named constraint is dropped by its name; an unnamed primary key, whose name the server
    /// made up (`PK__CHILD__3214EC27...`), by the name sys.key_constraints gives at run time
    /// ("sys.key_constraints", type PK,
    /// <https://learn.microsoft.com/sql/relational-databases/system-catalog-views/sys-key-constraints-transact-sql>).
    fn drop_constraint(
        &self,
        table: &str,
        name: Option<&str>,
        kind: ConstraintKind,
    ) -> Option<Statement> {
        match (kind, name) {
            (_, Some(name)) => Some(Statement::new(format!(
                "ALTER TABLE {table} DROP CONSTRAINT {name}"
            ))),
            (ConstraintKind::PrimaryKey, None) => {
                let object = self.object_name(&Self::unquoted(table));
                Some(self.drop_found_constraint(
                    table,
                    "pk",
                    &format!(
                        "FROM sys.key_constraints WHERE parent_object_id = OBJECT_ID({object}) AND type = 'PK'"
                    ),
                    &format!("{table} has no primary key to drop"),
                ))
            }
            (_, None) => None,
        }
    }

    /// `ALTER COLUMN c type [NOT] NULL` restates the type and the nullability together: left
    /// out, the nullability becomes NULL ("ALTER TABLE": "ANSI_NULL defaults are always on for
    /// ALTER COLUMN; if not specified, the column is nullable"). A default is a constraint, not
    /// part of the column: it is dropped (found in sys.default_constraints) and added again with
    /// `ADD DEFAULT x FOR c` ("ALTER TABLE table_constraint",
    /// <https://learn.microsoft.com/sql/t-sql/statements/alter-table-table-constraint-transact-sql>),
    /// also around a type change, which a default blocks ("The modified column can't be: ...
    /// Associated with a default definition"). IDENTITY cannot be added to or removed from a
    /// column ("ALTER TABLE column_definition": "You cannot modify an existing table column to
    /// add the IDENTITY property"): that takes a table rebuild, written as a MANUAL step.
    fn modify_column(&self, edit: &ColumnEdit) -> Vec<Statement> {
        let changes = edit.changes;
        let mut out = Vec::new();
        if changes.auto_increment {
            out.push(Self::identity_change(edit));
        }
        let redo_default = changes.default || (changes.type_ && edit.new_default.is_some());
        if redo_default {
            out.push(Statement::new(
                self.drop_default_block(edit.table, edit.column),
            ));
        }
        if changes.type_ || changes.nullable {
            out.push(Statement::new(format!(
                "ALTER TABLE {} ALTER COLUMN {} {} {}",
                edit.table,
                edit.column,
                edit.new_type,
                if edit.new_nullable {
                    "NULL"
                } else {
                    "NOT NULL"
                }
            )));
        }
        // An identity column takes no default ("DEFAULT definitions cannot be added to columns
        // that have ... an IDENTITY property"); the CREATE script leaves it out too.
        if redo_default
            && !edit.new_auto_increment
            && let Some(default) = edit.new_default
        {
            out.push(Statement::new(format!(
                "ALTER TABLE {} ADD DEFAULT {default} FOR {}",
                edit.table, edit.column
            )));
        }
        out
    }

    /// SQL Server refuses to alter a column a key uses ("ALTER TABLE", ALTER COLUMN: "The
    /// modified column can't be: ... Used in a PRIMARY KEY or [FOREIGN KEY] REFERENCES
    /// constraint. Used in a CHECK or UNIQUE constraint"), so the plan drops the primary,
    /// unique and foreign keys over a changed column before the change and adds them after.
    fn modify_column_keeps_constraints(&self) -> bool {
        false
    }

    /// An unnamed UNIQUE or FOREIGN KEY constraint is found at run time by its columns, in key
    /// order (sys.key_constraints with sys.index_columns, "sys.index_columns",
    /// <https://learn.microsoft.com/sql/relational-databases/system-catalog-views/sys-index-columns-transact-sql>;
    /// sys.foreign_keys with sys.foreign_key_columns, "sys.foreign_key_columns",
    /// <https://learn.microsoft.com/sql/relational-databases/system-catalog-views/sys-foreign-key-columns-transact-sql>).
    /// Two such constraints on the same columns make the look-up fail (error 512) rather than
    /// guess.
    fn drop_unnamed_constraint(
        &self,
        table: &str,
        stored_table: &str,
        kind: ConstraintKind,
        stored_columns: &[String],
    ) -> Option<Statement> {
        let object = self.object_name(stored_table);
        let wanted = stored_columns
            .iter()
            .enumerate()
            .map(|(i, c)| format!("({}, {})", i + 1, Self::unicode_literal(c)))
            .collect::<Vec<_>>()
            .join(", ");
        let count = stored_columns.len();
        let (prefix, from, what) = match kind {
            ConstraintKind::PrimaryKey => return None,
            ConstraintKind::Unique => (
                "uq",
                format!(
                    "FROM sys.key_constraints AS k\n    \
                     WHERE k.parent_object_id = OBJECT_ID({object}) AND k.type = 'UQ'\n        \
                     AND (SELECT COUNT(*) FROM sys.index_columns AS ic\n            \
                     WHERE ic.object_id = k.parent_object_id AND ic.index_id = k.unique_index_id) = {count}\n        \
                     AND (SELECT COUNT(*) FROM sys.index_columns AS ic\n            \
                     JOIN (VALUES {wanted}) AS w (ordinal, name)\n                \
                     ON ic.key_ordinal = w.ordinal AND ic.column_id = COLUMNPROPERTY(ic.object_id, w.name, 'ColumnId')\n            \
                     WHERE ic.object_id = k.parent_object_id AND ic.index_id = k.unique_index_id) = {count}"
                ),
                "unique constraint",
            ),
            ConstraintKind::ForeignKey => (
                "fk",
                format!(
                    "FROM sys.foreign_keys AS k\n    \
                     WHERE k.parent_object_id = OBJECT_ID({object})\n        \
                     AND (SELECT COUNT(*) FROM sys.foreign_key_columns AS fc\n            \
                     WHERE fc.constraint_object_id = k.object_id) = {count}\n        \
                     AND (SELECT COUNT(*) FROM sys.foreign_key_columns AS fc\n            \
                     JOIN (VALUES {wanted}) AS w (ordinal, name)\n                \
                     ON fc.constraint_column_id = w.ordinal AND fc.parent_column_id = COLUMNPROPERTY(fc.parent_object_id, w.name, 'ColumnId')\n            \
                     WHERE fc.constraint_object_id = k.object_id) = {count}"
                ),
                "foreign key",
            ),
        };
        Some(self.drop_found_constraint_as(
            table,
            prefix,
            "k.name",
            &from,
            &format!(
                "{table} has no unnamed {what} on ({}) to drop",
                stored_columns.join(", ")
            ),
        ))
    }
}

/// Whether a column definition (`name type [IDENTITY(..)] [DEFAULT x] [NOT NULL]`, as the
/// shared renderer writes it) has a DEFAULT: looked for after the name, which may be bracketed
/// and hold anything.
fn has_default(definition: &str) -> bool {
    let rest = match definition.strip_prefix('[') {
        Some(quoted) => {
            // The name ends at the first `]` not doubled.
            let mut chars = quoted.char_indices().peekable();
            let mut end = quoted.len();
            while let Some((i, c)) = chars.next() {
                if c == ']' {
                    if chars.peek().is_some_and(|&(_, n)| n == ']') {
                        chars.next();
                    } else {
                        end = i + 1;
                        break;
                    }
                }
            }
            &quoted[end..]
        }
        None => definition
            .split_once(' ')
            .map(|(_, rest)| rest)
            .unwrap_or(""),
    };
    format!(" {rest}").contains(" DEFAULT ")
}

impl Mssql {
    /// A variable name of its own for a block: the purpose and a hash of what it acts on.
    fn variable(purpose: &str, parts: &[&str]) -> String {
        use sha2::{Digest, Sha256};
        let hash: String = Sha256::digest(parts.join("\u{0}").as_bytes())
            .iter()
            .take(4)
            .map(|b| format!("{b:02x}"))
            .collect();
        format!("@{purpose}_{hash}")
    }

    /// `COLUMNPROPERTY(OBJECT_ID(N'[dbo].[t]'), N'c', 'ColumnId')`: the column's id, as
    /// sys.default_constraints and sys.check_constraints name it ("COLUMNPROPERTY",
    /// <https://learn.microsoft.com/sql/t-sql/functions/columnproperty-transact-sql>).
    fn column_id(&self, table: &str, column: &str) -> String {
        format!(
            "COLUMNPROPERTY(OBJECT_ID({}), {}, 'ColumnId')",
            self.object_name(&Self::unquoted(table)),
            Self::unicode_literal(&Self::unquoted(column))
        )
    }

    /// `N'ALTER TABLE t DROP CONSTRAINT ' + QUOTENAME(<name>)`: the statement a block runs.
    /// EXEC takes only variables and string constants, so the block builds it into a variable
    /// first ("EXECUTE (Transact-SQL)": `EXEC ( { @string_variable | [ N ]'tsql_string' } [ + ...n ] )`,
    /// <https://learn.microsoft.com/sql/t-sql/language-elements/execute-transact-sql>).
    fn drop_by_found_name(table: &str, name_column: &str) -> String {
        format!(
            "{} + QUOTENAME({name_column})",
            Self::unicode_literal(&format!("ALTER TABLE {table} DROP CONSTRAINT "))
        )
    }

    /// Drops the default constraint of a column, if it has one (a column has at most one:
    /// "sys.default_constraints", parent_column_id,
    /// <https://learn.microsoft.com/sql/relational-databases/system-catalog-views/sys-default-constraints-transact-sql>).
    fn drop_default_block(&self, table: &str, column: &str) -> String {
        let variable = Self::variable(
            "df",
            &[&Self::unquoted(table), &Self::unquoted(column), "default"],
        );
        format!(
            "DECLARE {variable} nvarchar(max) = (SELECT {}\n    \
             FROM sys.default_constraints\n    \
             WHERE parent_object_id = OBJECT_ID({}) AND parent_column_id = {})\n\
             IF {variable} IS NOT NULL EXEC ({variable})",
            Self::drop_by_found_name(table, "name"),
            self.object_name(&Self::unquoted(table)),
            self.column_id(table, column)
        )
    }

    /// Drops the CHECK constraint on a column, if there is one: a column-level one
    /// (parent_column_id) or a table-level one whose definition names the column. Table-level
    /// checks (what the CREATE script writes for allowed values) have parent_column_id 0
    /// ("sys.check_constraints",
    /// <https://learn.microsoft.com/sql/relational-databases/system-catalog-views/sys-check-constraints-transact-sql>),
    /// and SQL Server keeps their definition with bracketed column names (`([status]='A' OR
    /// ...)`); that form is what the server writes, not a documented promise. Two checks on the
    /// column make the look-up fail (error 512), and DROP COLUMN then names what is left.
    /// (`[definition]` is bracketed only because sqlfluff's tsql grammar reads a bare
    /// DEFINITION as a keyword.)
    fn drop_checks_block(&self, table: &str, column: &str) -> String {
        let variable = Self::variable(
            "ck",
            &[&Self::unquoted(table), &Self::unquoted(column), "check"],
        );
        format!(
            "DECLARE {variable} nvarchar(max) = (SELECT {}\n    \
             FROM sys.check_constraints\n    \
             WHERE parent_object_id = OBJECT_ID({})\n        \
             AND (parent_column_id = {} OR CHARINDEX({}, [definition]) > 0))\n\
             IF {variable} IS NOT NULL EXEC ({variable})",
            Self::drop_by_found_name(table, "name"),
            self.object_name(&Self::unquoted(table)),
            self.column_id(table, column),
            Self::unicode_literal(&self.quote_identifier(&Self::unquoted(column)))
        )
    }

    /// A block that drops the one constraint `from` (a FROM ... WHERE clause) finds, and
    /// fails with `missing` when there is none (as dropping a constraint that is not there
    /// fails in other databases). RAISERROR, not THROW: THROW needs a `;` before it.
    fn drop_found_constraint(
        &self,
        table: &str,
        purpose: &str,
        from: &str,
        missing: &str,
    ) -> Statement {
        self.drop_found_constraint_as(table, purpose, "name", from, missing)
    }

    fn drop_found_constraint_as(
        &self,
        table: &str,
        purpose: &str,
        name_column: &str,
        from: &str,
        missing: &str,
    ) -> Statement {
        let variable = Self::variable(purpose, &[&Self::unquoted(table), from]);
        Statement::new(format!(
            "DECLARE {variable} nvarchar(max) = (SELECT {}\n    {from})\n\
             IF {variable} IS NULL RAISERROR ({}, 16, 1)\n\
             ELSE EXEC ({variable})",
            Self::drop_by_found_name(table, name_column),
            Self::raiserror_text(missing)
        ))
    }

    /// A RAISERROR message: `%` starts a format specification there, so it is doubled
    /// ("RAISERROR (Transact-SQL)",
    /// <https://learn.microsoft.com/sql/t-sql/language-elements/raiserror-transact-sql>).
    fn raiserror_text(text: &str) -> String {
        Self::unicode_literal(&text.replace('%', "%%"))
    }

    /// The MANUAL step of an IDENTITY change: comment lines only, which the plan marks as a
    /// step by hand (and writes without a terminator).
    fn identity_change(edit: &ColumnEdit) -> Statement {
        let action = if edit.new_auto_increment {
            "add the IDENTITY property to"
        } else {
            "remove the IDENTITY property from"
        };
        Statement::new(format!(
            "-- MANUAL: SQL Server cannot {action} the existing column {column} of {table}\n\
             -- (\"You cannot modify an existing table column to add the IDENTITY property\"). Rebuild the\n\
             -- table by hand: create a copy with the column as `{definition}`,\n\
             -- copy the rows (SET IDENTITY_INSERT <copy> ON while copying into an IDENTITY column), drop the\n\
             -- foreign keys that reference {table}, drop it, rename the copy with sp_rename, then create\n\
             -- its keys, indexes, foreign keys, defaults and descriptions again.",
            table = edit.table,
            column = edit.column,
            definition = edit.new_definition
        ))
    }
}
