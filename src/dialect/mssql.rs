//! SQL Server 2016+ (and Azure SQL Database), written the way WSO2's own mssql.sql and SQL
//! Server Management Studio's "Generate Scripts" write it: `IDENTITY(1,1)`, `[bracket]`
//! quoting, existence guards before CREATE TABLE / CREATE INDEX, descriptions as
//! `MS_Description` extended properties, and an optional batch separator (`GO`).
//!
//! One schema, and the script never names it: CREATE TABLE and every later statement name a
//! table by one part, so SQL Server resolves it in the default schema of the user who runs the
//! script, then in `dbo` ("CREATE USER": DEFAULT_SCHEMA "specifies the first schema that will
//! be searched by the server when it resolves the names of objects for this database user",
//! <https://learn.microsoft.com/sql/t-sql/statements/create-user-transact-sql>). The catalog
//! look-ups name the table the same way (`OBJECT_ID(N'[T]')`, a one-part name, resolved as the
//! statement next to it resolves `T`), and where a procedure needs the schema by name
//! (`sp_addextendedproperty`'s `@level0name`) it is the schema that table is in,
//! `OBJECT_SCHEMA_NAME(OBJECT_ID(N'[T]'))`, never a schema written into the script. A
//! database whose tables are not in `dbo` (a user whose default schema is `app`) gets its
//! guards, look-ups and descriptions on the tables the script creates. Catalog names
//! (`sys.objects`, `object_id`) are written in lower case so that the guards also work in a
//! database with a case-sensitive collation, where `SYS.OBJECTS` does not resolve.

use sea_query::{ColumnType, Expr, Keyword, StringLen};

use super::data::dialect_data;
use super::migrate::{ColumnAlter, ColumnShape, ConstraintKind, KeyShape, Migrate, Step, Writer};
use super::{
    AutoIncrement, Dialect, DialectData, DialectName, IdentityColumn, Statement, StatementKind,
    Target, UniqueForm,
};
use crate::model::{ReferentialAction, Table, Version};

pub struct Mssql;

/// The first version with `CURRENT_DATE` (SQL Server 2025, 17.x).
const CURRENT_DATE_SINCE: &str = "2025";

/// What a statement does to an `MS_Description` extended property.
#[derive(Debug, Clone, Copy)]
enum Description<'a> {
    /// Adds it unless there is one: CREATE's form, which can run again.
    Add(&'a str),
    /// Updates the one there is, or adds it where there is none.
    Set(&'a str),
    /// Drops the one there is, if any.
    Drop,
}

/// How the product's strings are stored: the `strings` setting.
///
/// VARCHAR and CHAR hold the characters of the column collation's code page, and a character
/// outside it is stored as `?` ("char and varchar": "a code page ... other characters are
/// lost"), unless the collation is a UTF-8 one, SQL Server 2019 and later ("Collation and
/// Unicode support": "_UTF8"). NVARCHAR and NCHAR hold UTF-16, every character, 2 bytes per
/// code unit, n counting code units, at most 4,000 ("nchar and nvarchar").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Strings {
    /// NVARCHAR(n), NCHAR(n), NVARCHAR(MAX): every character, on every version. The default.
    National,
    /// VARCHAR(n) COLLATE Latin1_General_100_CI_AS_SC_UTF8 (2019+): every character, n bytes
    /// of UTF-8.
    Utf8,
    /// VARCHAR(n) in the database's collation: what WSO2 ships; characters outside its code
    /// page are lost.
    CodePage,
}

/// The UTF-8 collation of `strings: utf8`: Latin1_General's version 100 rules, case- and
/// accent-insensitive like the default SQL_Latin1_General_CP1_CI_AS, supplementary characters
/// compared as one (_SC, which a _UTF8 collation needs).
const UTF8_COLLATION: &str = "Latin1_General_100_CI_AS_SC_UTF8";

/// The first version with UTF-8 collations (SQL Server 2019, 15.x).
const UTF8_SINCE: &str = "2019";

impl Strings {
    fn of(target: &Target) -> Strings {
        match target.setting("strings") {
            Some("utf8") => Strings::Utf8,
            Some("varchar") => Strings::CodePage,
            _ => Strings::National,
        }
    }
}

impl Mssql {
    /// `N'...'`: a Unicode string literal, for catalog names and descriptions.
    fn unicode_literal(text: &str) -> String {
        format!("N'{}'", text.replace('\'', "''"))
    }

    /// `text` as string literals with `prefix` (`N` or none), quotes doubled, split after a
    /// backslash that stands right before a line break: T-SQL reads that backslash as a line
    /// continuation and drops the break ("Backslash (Line Continuation)",
    /// <https://learn.microsoft.com/sql/t-sql/language-elements/sql-server-utilities-statements-backslash>),
    /// while one that ends a literal is an ordinary character.
    fn literal_parts(text: &str, prefix: &str) -> Vec<String> {
        let escaped = text.replace('\'', "''");
        let mut parts = Vec::new();
        let mut rest = escaped.as_str();
        while let Some(at) = rest
            .find("\\\n")
            .into_iter()
            .chain(rest.find("\\\r\n"))
            .min()
        {
            parts.push(format!("{prefix}'{}'", &rest[..=at]));
            rest = &rest[at + 1..];
        }
        parts.push(format!("{prefix}'{rest}'"));
        parts
    }

    /// `text` as the parts of a string expression without a raw line break and without `$(`:
    /// literals with `prefix` (`N` or none), quotes doubled, and `CHAR(13)`/`CHAR(10)`
    /// (`NCHAR` after `N`) for the line breaks. sqlcmd replaces `$(name)` everywhere in a
    /// script, in literals too ("sqlcmd - Use with scripting variables",
    /// <https://learn.microsoft.com/sql/tools/sqlcmd/sqlcmd-use-scripting-variables>), so `$`
    /// and `(` go into two literals; a line of a literal that holds only `GO` would end the
    /// batch; and a backslash before a line break would be T-SQL's line continuation.
    fn expression_parts(text: &str, prefix: &str) -> Vec<String> {
        let function = if prefix.is_empty() { "CHAR" } else { "NCHAR" };
        let mut parts = Vec::new();
        let mut piece = String::new();
        let literal = |piece: &str| format!("{prefix}'{}'", piece.replace('\'', "''"));
        for c in text.chars() {
            match c {
                '\n' | '\r' => {
                    if !piece.is_empty() {
                        parts.push(literal(&std::mem::take(&mut piece)));
                    }
                    parts.push(format!("{function}({})", c as u32));
                }
                '(' if piece.ends_with('$') => {
                    parts.push(literal(&std::mem::take(&mut piece)));
                    piece.push('(');
                }
                c => piece.push(c),
            }
        }
        if !piece.is_empty() || parts.is_empty() {
            parts.push(literal(&piece));
        }
        parts
    }

    /// `N'...'`, or an expression of parts ([`Mssql::expression_parts`]) in parentheses.
    fn unicode_expression(text: &str) -> String {
        let parts = Self::expression_parts(text, "N");
        if parts.len() == 1 {
            parts.join("")
        } else {
            format!("({})", parts.join(" + "))
        }
    }

    /// `N'[name]'`, the argument of OBJECT_ID: the table by one part, resolved as the
    /// statements of the script resolve it (see the module's documentation).
    fn object_name(&self, name: &str) -> String {
        Self::unicode_literal(&self.quote_identifier(name))
    }

    /// The plain name of an identifier the renderer may have bracket-quoted.
    fn unquoted(name: &str) -> String {
        match name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
            Some(inner) => inner.replace("]]", "]"),
            None => name.to_string(),
        }
    }

    /// The `MS_Description` extended property of table `table` or of its column `column`
    /// (plain names), the one SSMS shows ("sp_addextendedproperty",
    /// <https://learn.microsoft.com/sql/relational-databases/system-stored-procedures/sp-addextendedproperty-transact-sql>;
    /// "sp_updateextendedproperty",
    /// <https://learn.microsoft.com/sql/relational-databases/system-stored-procedures/sp-updateextendedproperty-transact-sql>;
    /// "sp_dropextendedproperty",
    /// <https://learn.microsoft.com/sql/relational-databases/system-stored-procedures/sp-dropextendedproperty-transact-sql>).
    /// Adding one that is there, or updating or dropping one that is not, is an error, so each
    /// form looks first (SSMS's look-up, `sys.fn_listextendedproperty`) and runs whether or not
    /// the database has one: the CREATE form adds it only if it is missing, a changed
    /// description updates it or adds it, a removed one is dropped if it is there.
    ///
    /// The procedures take the schema by name (`@level0name`), and a procedure's parameter is
    /// a constant or a variable, never a function call ("Specify parameters in a stored
    /// procedure": "a function name cannot be used as a parameter value",
    /// <https://learn.microsoft.com/sql/relational-databases/stored-procedures/specify-parameters>):
    /// a variable of its own holds the table's schema, OBJECT_SCHEMA_NAME of the one-part
    /// name ("OBJECT_SCHEMA_NAME",
    /// <https://learn.microsoft.com/sql/t-sql/functions/object-schema-name-transact-sql>). EXEC
    /// takes only constants and variables, so a description that is written as an expression
    /// ([`Mssql::expression_parts`]: a line break, `$(`) is put into a variable first.
    fn description(&self, table: &str, column: Option<&str>, action: Description) -> Statement {
        let purpose = match action {
            Description::Add(_) => "description",
            Description::Set(_) => "set description",
            Description::Drop => "drop description",
        };
        let schema = Self::variable("schema", &[table, column.unwrap_or(""), purpose]);
        let mut list_args = vec![
            "N'MS_Description'".to_string(),
            "N'SCHEMA'".to_string(),
            schema.clone(),
            "N'TABLE'".to_string(),
            Self::unicode_literal(table),
        ];
        let mut levels = vec![
            format!("@level0type = N'SCHEMA', @level0name = {schema}"),
            format!(
                "@level1type = N'TABLE', @level1name = {}",
                Self::unicode_literal(table)
            ),
        ];
        match column {
            Some(column) => {
                list_args.push("N'COLUMN'".to_string());
                list_args.push(Self::unicode_literal(column));
                levels.push(format!(
                    "@level2type = N'COLUMN', @level2name = {}",
                    Self::unicode_literal(column)
                ));
            }
            None => list_args.extend(["NULL".to_string(), "NULL".to_string()]),
        }
        let levels = levels.join(",\n    ");
        let declare = format!(
            "DECLARE {schema} sysname = OBJECT_SCHEMA_NAME(OBJECT_ID({}))",
            self.object_name(table)
        );
        let listed = format!(
            "(SELECT * FROM sys.fn_listextendedproperty({}))",
            list_args.join(", ")
        );
        // EXEC takes constants and variables only: a text written as an expression goes into a
        // variable first.
        let text = match action {
            Description::Add(text) | Description::Set(text) => Some(text),
            Description::Drop => None,
        };
        let (declare, value) = match text {
            Some(text) if Self::expression_parts(text, "N").len() > 1 => {
                let variable = Self::variable("value", &[table, column.unwrap_or(""), purpose]);
                (
                    format!(
                        "{declare}\nDECLARE {variable} nvarchar(max) = {}",
                        Self::unicode_expression(text)
                    ),
                    variable,
                )
            }
            Some(text) => (declare, Self::unicode_literal(text)),
            None => (declare, String::new()),
        };
        let call = |procedure: &str, text: Option<&str>| match text {
            Some(_) => format!(
                "EXEC sys.{procedure} @name = N'MS_Description', @value = {value},\n    {levels}"
            ),
            None => format!("EXEC sys.{procedure} @name = N'MS_Description',\n    {levels}"),
        };
        Statement::new(match action {
            Description::Add(text) => format!(
                "{declare}\nIF NOT EXISTS {listed}\n{}",
                call("sp_addextendedproperty", Some(text))
            ),
            Description::Set(text) => format!(
                "{declare}\nIF EXISTS {listed}\n{}\nELSE {}",
                call("sp_updateextendedproperty", Some(text)),
                call("sp_addextendedproperty", Some(text))
            ),
            Description::Drop => format!(
                "{declare}\nIF EXISTS {listed}\n{}",
                call("sp_dropextendedproperty", None)
            ),
        })
    }
}

impl Dialect for Mssql {
    fn name(&self) -> DialectName {
        DialectName::Mssql
    }

    fn data(&self) -> &'static DialectData {
        dialect_data!("mssql")
    }

    /// sqlcmd with `-b` (stop at the first error, exit non-zero) and `-I` (QUOTED_IDENTIFIER
    /// ON, off by default in sqlcmd; the script sets it too). A file without `GO` lines is one
    /// batch for sqlcmd, which T-SQL's deferred name resolution runs as written ("sqlcmd
    /// utility", <https://learn.microsoft.com/sql/tools/sqlcmd/sqlcmd-utility>).
    fn run_hint(&self, file: &str, _target: &Target) -> Option<String> {
        Some(format!("sqlcmd -S <server> -d <database> -b -I -i {file}"))
    }

    /// `strings: utf8` needs SQL Server 2019's UTF-8 collations.
    fn setting_problem(&self, key: &str, value: &str, version: Option<&Version>) -> Option<String> {
        let since = Version::parse(UTF8_SINCE).expect("valid version");
        if key == "strings" && value == "utf8" && version.is_some_and(|v| *v < since) {
            return Some(format!(
                "`strings: utf8` writes VARCHAR with the {UTF8_COLLATION} collation, which SQL Server has from {UTF8_SINCE}: the target is older"
            ));
        }
        super::data_setting_problem(self.data(), self.name(), key, value)
    }

    /// Strings as the `strings` setting says ([`Strings`]); every other type by the type map.
    fn column_type(&self, column_type: &ColumnType, target: &Target) -> String {
        let written = self.data().types.render(column_type, &target.version);
        let is_string = matches!(
            column_type,
            ColumnType::String(_) | ColumnType::Char(_) | ColumnType::Text
        );
        if !is_string {
            return written;
        }
        match Strings::of(target) {
            Strings::CodePage => written,
            Strings::National => format!("N{written}"),
            Strings::Utf8 => format!("{written} COLLATE {UTF8_COLLATION}"),
        }
    }

    /// NVARCHAR(n) and NCHAR(n) take n up to 4,000 ("nchar and nvarchar").
    fn max_varchar_length(&self, target: &Target) -> Option<u32> {
        match Strings::of(target) {
            Strings::National => Some(4000),
            _ => self.data().limits.max_varchar,
        }
    }

    fn max_char_length(&self, target: &Target) -> Option<u32> {
        match Strings::of(target) {
            Strings::National => Some(4000),
            _ => self.data().limits.max_char,
        }
    }

    /// NVARCHAR's n counts UTF-16 code units (byte-pairs); VARCHAR's counts bytes.
    fn length_unit(&self, target: &Target) -> super::LengthUnit {
        match Strings::of(target) {
            Strings::National => super::LengthUnit::Utf16Units,
            _ => self.data().limits.length_unit,
        }
    }

    /// An IDENTITY column takes an explicit value only under SET IDENTITY_INSERT ON (Msg 544),
    /// and a larger value becomes the table's current identity value by itself ("SET
    /// IDENTITY_INSERT (Transact-SQL)",
    /// <https://learn.microsoft.com/sql/t-sql/statements/set-identity-insert-transact-sql>).
    /// The ON, the rows and the OFF are one statement: a migration may run it through EXEC
    /// ([`Migrate::data_statement`]), and a SET inside EXEC ends with it.
    fn rows_giving_identity(
        &self,
        _target: &Target,
        identity: &IdentityColumn,
        inserts: Vec<Statement>,
    ) -> Vec<Statement> {
        let mut lines = vec![format!("SET IDENTITY_INSERT {} ON", identity.table)];
        lines.extend(inserts.into_iter().map(|s| s.sql));
        lines.push(format!("SET IDENTITY_INSERT {} OFF", identity.table));
        vec![Statement::new(lines.join(";\n"))]
    }

    /// sqlcmd replaces `$(name)` in a name too, and a name cannot be split as a literal is.
    fn unquotable_identifier(&self, name: &str) -> Option<String> {
        name.contains("$(").then(|| {
            "sqlcmd reads `$(` as the start of a scripting variable, in names too".to_string()
        })
    }

    /// sqlcmd replaces `$(name)` in comments too: `$ (`.
    fn comment_text(&self, text: &str) -> String {
        text.replace("$(", "$ (")
    }

    /// A filtered unique index ([`Mssql::nullable_unique`]) needs ANSI_NULLS and QUOTED_IDENTIFIER
    /// ON when it is created and whenever its rows change ("CREATE INDEX", Remarks, "Required SET options
    /// for filtered indexes"); sqlcmd connects with QUOTED_IDENTIFIER OFF unless given `-I`.
    fn script_preamble(&self, _target: &Target) -> Vec<String> {
        vec![
            "SET ANSI_NULLS ON;".to_string(),
            "SET QUOTED_IDENTIFIER ON;".to_string(),
        ]
    }

    /// A UNIQUE constraint or unique index lets one row only hold NULL in the key ("Unique
    /// constraints and check constraints": "UNIQUE constraints allow for the value NULL ...
    /// only one null value is allowed per column"); a filtered unique index over the rows whose
    /// key columns all hold a value keeps the model's meaning ("Create filtered indexes",
    /// <https://learn.microsoft.com/sql/relational-databases/indexes/create-filtered-indexes>).
    fn nullable_unique(
        &self,
        columns: &[String],
        nullable: &[bool],
        nulls_equal: bool,
    ) -> UniqueForm {
        if nulls_equal {
            return UniqueForm::AsWritten;
        }
        let predicate = super::nullable_columns_set(columns, nullable);
        UniqueForm::Index {
            keys: columns.to_vec(),
            suffix: format!(" WHERE {predicate}"),
            what: "filtered unique index",
        }
    }

    /// Delimited identifiers in brackets, `]` doubled; double quotes work only with
    /// QUOTED_IDENTIFIER ON ("Database identifiers",
    /// <https://learn.microsoft.com/sql/relational-databases/databases/database-identifiers>).
    fn quote_identifier(&self, name: &str) -> String {
        format!("[{}]", name.replace(']', "]]"))
    }

    /// `'...'`, quotes doubled; `N'...'` when the text is not ASCII, so that NVARCHAR columns
    /// keep every character (a literal without N is converted to the database's code page:
    /// "nchar and nvarchar", <https://learn.microsoft.com/sql/t-sql/data-types/nchar-and-nvarchar-transact-sql>).
    /// Line breaks and `$(` are written as [`Mssql::expression_parts`] says:
    /// `('a\' + CHAR(10) + 'b')`, so no literal holds a line break (a backslash before it would
    /// be T-SQL's line continuation, "Backslash (Line Continuation)",
    /// <https://learn.microsoft.com/sql/t-sql/language-elements/sql-server-utilities-statements-backslash>)
    /// and sqlcmd finds no variable.
    fn string_literal(&self, text: &str) -> String {
        let prefix = if text.is_ascii() { "" } else { "N" };
        let literals = Self::expression_parts(text, prefix);
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
    /// added unless there is one so that the script can run again (see
    /// [`Mssql::description`]).
    fn table_comment(&self, table: &str, comment: &str) -> Option<Statement> {
        Some(self.description(&Self::unquoted(table), None, Description::Add(comment)))
    }

    /// A column's `MS_Description` extended property (level 2, COLUMN), as for tables.
    fn column_comment(&self, table: &str, column: &str, comment: &str) -> Option<Statement> {
        Some(self.description(
            &Self::unquoted(table),
            Some(&Self::unquoted(column)),
            Description::Add(comment),
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
    /// Storage sizes ("Data types": INT 4, BIGINT 8, SMALLINT 2, BIT 1, FLOAT 8, DATE 3,
    /// DATETIME2 8, DECIMAL 5/9/13/17 bytes by precision, VARCHAR(n)/CHAR(n) n bytes: the type
    /// map writes VARCHAR, one byte per character of the collation's code page). In the row a
    /// variable-length column can move off-row (row-overflow) and keeps 24 bytes there, + 2 for
    /// its offset; a MAX type cannot be a key column.
    fn stored_bytes(
        &self,
        column: &crate::model::DialectColumn,
        target: &Target,
    ) -> Option<super::StoredBytes> {
        use crate::model::PortableType as P;
        let fixed = |n: u64| Some(super::StoredBytes::both(n));
        // NCHAR and NVARCHAR take 2 bytes per code unit of n.
        let per_unit = if Strings::of(target) == Strings::National {
            2
        } else {
            1
        };
        match column.portable_type? {
            P::SmallInt => fixed(2),
            P::Integer => fixed(4),
            P::BigInt | P::Double | P::Timestamp => fixed(8),
            P::Boolean => fixed(1),
            P::Date => fixed(3),
            P::Decimal { precision, .. } => fixed(match precision {
                0..=9 => 5,
                10..=19 => 9,
                20..=28 => 13,
                _ => 17,
            }),
            P::Char(n) => fixed(u64::from(n) * per_unit),
            P::Varchar(n) => Some(super::StoredBytes {
                row: (u64::from(n) * per_unit).min(24) + 2,
                key: Some(u64::from(n) * per_unit),
            }),
            P::Text | P::Blob | P::Json => Some(super::StoredBytes {
                row: 24 + 2,
                key: None,
            }),
        }
    }

    fn terminator(&self, _kind: StatementKind, target: &Target) -> String {
        match target.setting("batch_separator").map(str::trim) {
            Some(separator) if !separator.is_empty() => format!(";\n{separator}"),
            _ => ";".to_string(),
        }
    }
}

// --- Migrations ---------------------------------------------------------------------------------

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
/// Whether [`Migrate::modify_column`] writes an ALTER COLUMN (the type or the NULL-ness
/// changes), which the column's keys, indexes and CHECK block.
fn writes_alter_column(alter: &ColumnAlter) -> bool {
    alter.changes.type_ || alter.changes.nullable
}

impl Migrate for Mssql {
    /// SQL Server refuses to alter a column a key uses ("ALTER TABLE", ALTER COLUMN: "The
    /// modified column can't be: ... Used in a PRIMARY KEY or [FOREIGN KEY] REFERENCES
    /// constraint. Used in a CHECK or UNIQUE constraint"), so the plan drops the primary,
    /// unique and foreign keys over a changed column before the change and adds them after —
    /// where an ALTER COLUMN is written at all (not for a default or a description).
    fn modify_column_keeps_constraints(&self, alter: &ColumnAlter, _kind: ConstraintKind) -> bool {
        !writes_alter_column(alter)
    }

    /// ALTER COLUMN is refused on a column an index uses (Msg 5074 "The index ... is dependent
    /// on column ...", then Msg 4922) "unless the column is a varchar, nvarchar, or varbinary
    /// data type, the data type isn't changed, the new size is equal to or greater than the old
    /// size, and the index isn't the result of a PRIMARY KEY constraint" ("ALTER TABLE", ALTER
    /// COLUMN). So the plan drops the column's indexes before the change and creates them after,
    /// except around a VARCHAR that only grows (same NULL / NOT NULL) in no primary key, and
    /// around a change that writes no ALTER COLUMN at all (a default or a description: the
    /// column's type and nullability stay). A native type's length is not known here, so a
    /// native type never counts as growing.
    fn modify_column_keeps_indexes(&self, alter: &ColumnAlter) -> bool {
        let (from, to) = (alter.from, alter.to);
        if from.column_type == to.column_type && from.nullable == to.nullable {
            return true;
        }
        let grows = match (&from.column_type, &to.column_type) {
            (ColumnType::String(StringLen::N(n)), ColumnType::String(StringLen::N(m))) => m >= n,
            _ => false,
        };
        let in_primary_key = alter
            .table
            .primary_key
            .as_ref()
            .is_some_and(|pk| pk.columns.iter().any(|c| c.name == to.name));
        grows && from.nullable == to.nullable && !in_primary_key
    }

    /// A CHECK blocks ALTER COLUMN too ("The modified column can't be: ... Used in a CHECK or
    /// UNIQUE constraint"): the plan drops the column's CHECK before the change
    /// ([`Migrate::drop_check`]) and adds it again after, where an ALTER COLUMN is written.
    fn modify_column_keeps_check(&self, alter: &ColumnAlter) -> bool {
        !writes_alter_column(alter)
    }

    /// `ADD`, no COLUMN keyword ("ALTER TABLE": `ADD { <column_definition> | ... }`). A
    /// nullable column with a default takes `WITH VALUES` so that existing rows get the default,
    /// as in the other databases; without it they hold NULL ("ALTER TABLE column_definition":
    /// "If WITH VALUES is not specified for columns that allow nulls, the value NULL is stored
    /// in the new column, in existing rows",
    /// <https://learn.microsoft.com/sql/t-sql/statements/alter-table-column-definition-transact-sql>).
    /// A NOT NULL column is filled with its default anyway, and an identity column takes no
    /// default (the definition leaves it out). Its description follows.
    fn add_column(&self, w: &dyn Writer, table: &Table, column: &ColumnShape) -> Vec<Step> {
        let with_values = column.nullable && column.default.is_some() && !column.auto_increment;
        let mut out = vec![Step::sql(format!(
            "ALTER TABLE {} ADD {}{}",
            w.ident(&table.name.name),
            w.column_definition(column),
            if with_values { " WITH VALUES" } else { "" }
        ))];
        out.extend(self.column_comment_steps(w, table, column, false));
        out
    }

    /// DROP COLUMN, after the column's default and CHECK constraints: "A column can't be
    /// dropped when it's: ... Used in a CHECK ... constraint. Associated with a default that's
    /// defined with the DEFAULT keyword" ("ALTER TABLE", DROP COLUMN). Indexes and keys on the
    /// column are dropped before by their own changes, and the CHECK the CREATE script names by
    /// the plan; the look-up here finds what an earlier script left unnamed.
    fn drop_column(&self, w: &dyn Writer, table: &Table, column: &ColumnShape) -> Vec<Step> {
        let (table, column) = (w.ident(&table.name.name), w.ident(&column.name));
        vec![Step::sql(format!(
            "{}\n{}\nALTER TABLE {table} DROP COLUMN {column}",
            self.drop_default_block(&table, &column),
            self.drop_checks_block(&table, &column)
        ))]
    }

    /// `sp_rename 'table.column', 'new', 'COLUMN'`: the old name bracketed, the table by one
    /// part as every statement names it; the new name is one plain part, never bracketed
    /// (sp_rename: "new_name must be a one-part name",
    /// <https://learn.microsoft.com/sql/relational-databases/system-stored-procedures/sp-rename-transact-sql>).
    fn rename_column(
        &self,
        _w: &dyn Writer,
        table: &Table,
        from: &ColumnShape,
        to: &ColumnShape,
    ) -> Vec<Step> {
        vec![Step::sql(format!(
            "EXEC sp_rename {}, {}, N'COLUMN'",
            Self::unicode_literal(&format!(
                "{}.{}",
                self.quote_identifier(&table.name.name),
                self.quote_identifier(&from.name)
            )),
            Self::unicode_literal(&to.name)
        ))]
    }

    /// T-SQL has no ALTER TABLE ... RENAME: `sp_rename 'table', 'new'` (sp_rename: "the current
    /// qualified or nonqualified name"). Extended properties, keys and foreign keys stay with
    /// the table.
    fn rename_table(&self, _w: &dyn Writer, from: &Table, to: &Table) -> Vec<Step> {
        vec![Step::sql(format!(
            "EXEC sp_rename {}, {}",
            self.object_name(&from.name.name),
            Self::unicode_literal(&to.name.name)
        ))]
    }

    /// The table's `MS_Description` set to NEW's: updated where there is one, added where
    /// there is none (the CREATE form, added only if missing, would keep the old text), or
    /// dropped where NEW has none ([`Mssql::description`]).
    fn set_table_comment(&self, _w: &dyn Writer, table: &Table) -> Vec<Step> {
        let action = match &table.description {
            Some(text) => Description::Set(text),
            None => Description::Drop,
        };
        vec![Step::Run(self.description(&table.name.name, None, action))]
    }

    /// Drops the table's `MS_Description`, if it has one.
    fn remove_table_comment(&self, table: &str) -> Option<Statement> {
        Some(self.description(&Self::unquoted(table), None, Description::Drop))
    }

    /// Drops the column's `MS_Description`, if it has one.
    fn remove_column_comment(&self, table: &str, column: &str) -> Option<Statement> {
        Some(self.description(
            &Self::unquoted(table),
            Some(&Self::unquoted(column)),
            Description::Drop,
        ))
    }

    /// A new column's description is added as CREATE adds it; a changed one (`replace`) is
    /// updated or added, a removed one dropped, each whether or not the database has one
    /// ([`Mssql::description`]).
    fn column_comment_steps(
        &self,
        _w: &dyn Writer,
        table: &Table,
        column: &ColumnShape,
        replace: bool,
    ) -> Vec<Step> {
        let action = match (&column.description, replace) {
            (Some(text), false) => Description::Add(text),
            (Some(text), true) => Description::Set(text),
            (None, true) => Description::Drop,
            (None, false) => return Vec::new(),
        };
        vec![Step::Run(self.description(
            &table.name.name,
            Some(&column.name),
            action,
        ))]
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
    /// add the IDENTITY property"): that takes a table rebuild, written as a MANUAL step. An
    /// identity column keeps its IDENTITY through a change of type, which must be one that
    /// supports it ("If the modified column is an identity column, new_data_type must be a data
    /// type that supports the identity property"): `ALTER COLUMN id BIGINT NOT NULL` turns an
    /// INT identity into a BIGINT one that goes on past 2,147,483,647, and writes no IDENTITY
    /// (the clause is not part of ALTER COLUMN's syntax). The keys, indexes and CHECK over the
    /// column are dropped before and made again after by the plan.
    fn modify_column(&self, w: &dyn Writer, alter: &ColumnAlter) -> Vec<Step> {
        let changes = alter.changes;
        let (table, column) = (w.ident(&alter.table.name.name), w.ident(&alter.to.name));
        let mut out = Vec::new();
        if changes.auto_increment {
            out.push(Self::identity_change(w, alter));
        }
        let redo_default = changes.default || (changes.type_ && alter.to.default.is_some());
        if redo_default {
            out.push(Step::sql(self.drop_default_block(&table, &column)));
        }
        if changes.type_ || changes.nullable {
            out.push(Step::sql(format!(
                "ALTER TABLE {table} ALTER COLUMN {column} {} {}",
                w.column_type(alter.to),
                if alter.to.nullable {
                    "NULL"
                } else {
                    "NOT NULL"
                }
            )));
        }
        // An identity column takes no default ("DEFAULT definitions cannot be added to columns
        // that have ... an IDENTITY property"); the CREATE script leaves it out too, and so
        // does `default_sql`.
        if redo_default && let Some(default) = w.default_sql(alter.to) {
            out.push(Step::sql(format!(
                "ALTER TABLE {table} ADD DEFAULT {default} FOR {column}"
            )));
        }
        out
    }

    /// An index belongs to its table: `DROP INDEX i ON t` (the `t.i` form is deprecated:
    /// "DROP INDEX (Transact-SQL)",
    /// <https://learn.microsoft.com/sql/t-sql/statements/drop-index-transact-sql>).
    fn drop_index(&self, w: &dyn Writer, table: &Table, index: &KeyShape) -> Vec<Step> {
        vec![Step::sql(format!(
            "DROP INDEX {} ON {}",
            w.ident(index.name.as_deref().expect("indexes are named")),
            w.ident(&table.name.name)
        ))]
    }

    /// Drops the CHECK of OLD's column by the name the CREATE script gives it, if the
    /// database has it (OBJECT_ID with type C, a CHECK constraint: "sys.objects"): a database
    /// an earlier script created has the check unnamed, which DROP COLUMN's look-up still finds
    /// and drops ([`Migrate::drop_column`]), while dropping a name that is not there would fail
    /// (Msg 3728).
    fn drop_check(&self, w: &dyn Writer, table: &Table, column: &ColumnShape) -> Vec<Step> {
        let name =
            super::names::check_name(self, &w.target().version, &table.name.name, &column.name);
        vec![Step::sql(format!(
            "IF OBJECT_ID({}, N'C') IS NOT NULL ALTER TABLE {} DROP CONSTRAINT {}",
            self.object_name(&name),
            w.ident(&table.name.name),
            w.ident(&name)
        ))]
    }

    /// "A table cannot be changed and then the new columns referenced in the same batch"
    /// ("Batches",
    /// <https://learn.microsoft.com/previous-versions/sql/sql-server-2008-r2/ms175502(v=sql.105)>):
    /// a batch is compiled before it runs, so an INSERT or UPDATE of a column that an ALTER of
    /// the same batch adds or renames fails with Msg 207 (invalid column name). A row statement
    /// after such an ALTER runs through `EXEC (N'...')`, which compiles its string only when it
    /// runs ("EXECUTE (Transact-SQL)": `EXEC ( { @string_variable | [ N ]'tsql_string' } [ + ...n ] )`,
    /// <https://learn.microsoft.com/sql/t-sql/language-elements/execute-transact-sql>): the one
    /// form that works where the script is one batch (sqlcmd or SSMS without a batch
    /// separator) and where a runner sends it statement by statement (JDBC), and harmless
    /// after a `GO`. The string is the statement with its quotes doubled, split after a
    /// backslash before a line break as [`Dialect::string_literal`] splits literals.
    fn data_statement(&self, statement: Statement, after_alter: bool) -> Statement {
        if !after_alter {
            return statement;
        }
        Statement {
            sql: format!(
                "EXEC ({})",
                Self::literal_parts(&statement.sql, "N").join(" + ")
            ),
            ..statement
        }
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

    /// `COLUMNPROPERTY(OBJECT_ID(N'[t]'), N'c', 'ColumnId')`: the column's id, as
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

    /// The MANUAL step of an IDENTITY change: comment lines only, written without a
    /// terminator.
    fn identity_change(w: &dyn Writer, alter: &ColumnAlter) -> Step {
        let action = if alter.to.auto_increment {
            "add the IDENTITY property to"
        } else {
            "remove the IDENTITY property from"
        };
        Step::Manual(format!(
            "-- MANUAL: SQL Server cannot {action} the existing column {column} of {table}\n\
             -- (\"You cannot modify an existing table column to add the IDENTITY property\"). Rebuild the\n\
             -- table by hand: create a copy with the column as `{definition}`,\n\
             -- copy the rows (SET IDENTITY_INSERT <copy> ON while copying into an IDENTITY column), drop the\n\
             -- foreign keys that reference {table}, drop it, rename the copy with sp_rename, then create\n\
             -- its keys, indexes, foreign keys, defaults and descriptions again.",
            table = w.ident(&alter.table.name.name),
            column = w.ident(&alter.to.name),
            definition = w.column_definition(alter.to)
        ))
    }
}
