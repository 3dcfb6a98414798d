//! Oracle Database 11g Release 2 to 23ai, written as WSO2's `oracle.sql` and an Oracle DBA write
//! it: a script for SQL*Plus (every statement followed by a `/` line), `VARCHAR2`, flags as
//! `NUMBER(1)` before 23ai, identity columns from 12c and a sequence with a BEFORE INSERT
//! trigger before that. Types, limits and the `sequence_options` setting (NOCACHE; `CACHE 20
//! ORDER` for the `oracle_rac` variant) are data: `dialects/oracle/dialect.yaml`.
//!
//! Migrations (`impl Migrate`, at the end) write only what Oracle does in place and a MANUAL
//! line for what it refuses on a column that holds values; tests/migrations_oracle.rs.
//!
//! Manual references are to the Oracle Database SQL Language Reference (SQLRF), the PL/SQL
//! Language Reference (LNPLS) and the SQL*Plus User's Guide and Reference (SQPUG), 19c unless
//! another release is named.

use sea_query::{ColumnType, Expr, Keyword, StringLen};

use super::data::dialect_data;
use super::migrate::{ColumnAlter, ColumnShape, ConstraintKind, Migrate, Step, Writer};
use super::{
    AutoIncrement, Dialect, DialectData, DialectName, IdentityColumn, SequenceNames, Statement,
    StatementKind, Target, UniqueForm, names,
};
use crate::model::{ReferentialAction, Table, Version};

pub struct Oracle;

/// The first release with identity columns (12c Release 1).
const IDENTITY_SINCE: &str = "12.1";

impl Oracle {
    /// The `sequence_options` setting: `NOCACHE`, or `CACHE 20 ORDER` for `oracle_rac`.
    fn sequence_options(target: &Target) -> &str {
        target.setting("sequence_options").unwrap_or("").trim()
    }

    /// An ANSI literal of `text`, raw line breaks and all: only for a text that has none, or
    /// inside [`Oracle::expression`].
    fn plain_literal(text: &str) -> String {
        format!("'{}'", text.replace('\'', "''"))
    }

    /// `text` as an expression without a raw line break: its lines as literals joined with
    /// `|| CHR(10) ||` and `CHR(13)` (SQLRF "CHR", "Concatenation Operator"). SQL*Plus reads a
    /// script line by line and acts on some lines whatever the statement around them: a blank
    /// line ends the statement, a line of only `/` runs it, `.` ends the input, a line starting
    /// with `#` runs a SQL*Plus command (SQPUG "SET SQLBLANKLINES", "SET BLOCKTERMINATOR", "SET
    /// SQLPREFIX"), so no literal may hold a line break.
    fn expression(text: &str) -> String {
        let mut parts = Vec::new();
        let mut piece = String::new();
        for c in text.chars() {
            match c {
                '\n' | '\r' => {
                    if !piece.is_empty() {
                        parts.push(Self::plain_literal(&std::mem::take(&mut piece)));
                    }
                    parts.push(format!("CHR({})", c as u32));
                }
                c => piece.push(c),
            }
        }
        if !piece.is_empty() || parts.is_empty() {
            parts.push(Self::plain_literal(&piece));
        }
        parts.join(" || ")
    }

    /// `COMMENT ON ... IS '<text>'`: COMMENT takes only a literal (SQLRF "COMMENT"), so a
    /// description with a line break is run from a PL/SQL block, its statement built without
    /// raw line breaks ([`Oracle::expression`]; LNPLS "EXECUTE IMMEDIATE Statement").
    fn comment_statement(target_sql: String, text: &str) -> Statement {
        let statement = format!("{target_sql} IS {}", Self::plain_literal(text));
        if !text.contains(['\n', '\r']) {
            return Statement::new(statement);
        }
        Statement::block(format!(
            "BEGIN\n    EXECUTE IMMEDIATE {};\nEND;",
            Self::expression(&statement)
        ))
    }
}

impl Dialect for Oracle {
    fn name(&self) -> DialectName {
        DialectName::Oracle
    }

    fn data(&self) -> &'static DialectData {
        dialect_data!("oracle")
    }

    /// A quoted identifier cannot hold a double quote or NUL (SQLRF "Database Object Naming
    /// Rules", rule 7).
    fn unquotable_identifier(&self, name: &str) -> Option<String> {
        name.contains('"')
            .then(|| "Oracle names cannot contain a double quote, even quoted".to_string())
    }

    /// A literal without raw line breaks ([`Oracle::expression`]): `'a' || CHR(10) || 'b'`.
    fn string_literal(&self, text: &str) -> String {
        Self::expression(text)
    }

    /// COMMENT ON TABLE, run from a block when the text has a line break.
    fn table_comment(&self, table: &str, comment: &str) -> Option<Statement> {
        Some(Self::comment_statement(
            format!("COMMENT ON TABLE {table}"),
            comment,
        ))
    }

    /// COMMENT ON COLUMN, as [`Dialect::table_comment`].
    fn column_comment(&self, table: &str, column: &str, comment: &str) -> Option<Statement> {
        Some(Self::comment_statement(
            format!("COMMENT ON COLUMN {table}.{column}"),
            comment,
        ))
    }

    /// What a column takes in an index key, as ORA-01450's "Cause" counts it: each column's
    /// width + 1; VARCHAR2(n)/CHAR(n) n bytes (NLS_LENGTH_SEMANTICS=BYTE, the default: the type
    /// map declares bytes, so an AL32UTF8 character of 2 to 4 bytes takes more of the length),
    /// NUMBER(p) p / 2 + 1 + 1 for the sign, INTEGER/SMALLINT (NUMBER(38)) 22, DATE 7,
    /// TIMESTAMP 11, BINARY_DOUBLE 8, BOOLEAN 1. Rows are not limited (chained over blocks).
    fn stored_bytes(
        &self,
        column: &crate::model::DialectColumn,
        target: &Target,
    ) -> Option<super::StoredBytes> {
        use crate::model::PortableType as P;
        let number = |p: u32| u64::from(p) / 2 + 2;
        let width = match column.portable_type? {
            P::Varchar(n) | P::Char(n) => u64::from(n),
            P::SmallInt | P::Integer => 22,
            P::BigInt => number(19),
            P::Decimal { precision, .. } => number(precision),
            P::Double => 8,
            P::Date => 7,
            P::Timestamp => 11,
            P::Boolean if self.column_type(&ColumnType::Boolean, target) == "BOOLEAN" => 1,
            P::Boolean => number(1),
            P::Text | P::Blob | P::Json => {
                return Some(super::StoredBytes { row: 0, key: None });
            }
        };
        Some(super::StoredBytes {
            row: 0,
            key: Some(width + 1),
        })
    }

    /// Oracle indexes no row whose key is NULL in every column, so a one-column UNIQUE lets
    /// any number of rows hold NULL; over several columns a row NULL in only some of them is
    /// indexed and compared, NULLs equal ("Unique constraints", Database Concepts). A
    /// function-based unique index whose every key is NULL unless all the key's nullable
    /// columns hold a value indexes only the rows with no NULL in the key (SQLRF "CREATE
    /// INDEX", function-based indexes).
    fn nullable_unique(
        &self,
        columns: &[String],
        nullable: &[bool],
        nulls_equal: bool,
    ) -> UniqueForm {
        if nulls_equal || columns.len() == 1 {
            return UniqueForm::AsWritten;
        }
        let condition = super::nullable_columns_set(columns, nullable);
        UniqueForm::Index {
            keys: columns
                .iter()
                .map(|column| format!("CASE WHEN {condition} THEN {column} END"))
                .collect(),
            suffix: String::new(),
            what: "function-based unique index",
        }
    }

    /// SQL*Plus substitutes `&name` everywhere, in literals too, and prompts for a value
    /// (SQPUG "SET DEFINE"): off for the whole script.
    fn script_preamble(&self, _target: &Target) -> Vec<String> {
        vec!["SET DEFINE OFF".to_string()]
    }

    /// `sequence_options` is written into CREATE SEQUENCE and the identity clause as is, so it
    /// is a list of the sequence options that need no name: CACHE n, NOCACHE, ORDER, NOORDER,
    /// CYCLE, NOCYCLE (SQLRF "CREATE SEQUENCE").
    fn setting_problem(
        &self,
        key: &str,
        value: &str,
        _version: Option<&Version>,
    ) -> Option<String> {
        if key != "sequence_options" {
            return super::data_setting_problem(self.data(), self.name(), key, value);
        }
        let mut words = value.split(' ').filter(|w| !w.is_empty()).peekable();
        let mut ok = !value.contains(|c: char| c.is_whitespace() && c != ' ');
        while ok && let Some(word) = words.next() {
            ok = match word {
                "NOCACHE" | "ORDER" | "NOORDER" | "CYCLE" | "NOCYCLE" => true,
                "CACHE" => words.next().is_some_and(|n| {
                    n.len() <= 9 && !n.is_empty() && n.chars().all(|c| c.is_ascii_digit())
                }),
                _ => false,
            };
        }
        (!ok).then(|| {
            format!("`{}` is not a list of oracle sequence options; `sequence_options` takes CACHE <n>, NOCACHE, ORDER, NOORDER, CYCLE and NOCYCLE, separated by spaces", crate::model::diagnostic::excerpt(value))
        })
    }

    /// SQL has a BOOLEAN type (literals TRUE/FALSE) only from 23ai; before, the type map gives
    /// NUMBER(1) and a flag is written 1/0 (SQLRF 23ai "Boolean Data Type",
    /// <https://docs.oracle.com/en/database/oracle/oracle-database/23/sqlrf/Data-Types.html>).
    fn boolean_literal(&self, value: bool, target: &Target) -> String {
        let sql_boolean = self.column_type(&ColumnType::Boolean, target) == "BOOLEAN";
        match (sql_boolean, value) {
            (true, true) => "TRUE",
            (true, false) => "FALSE",
            (false, true) => "1",
            (false, false) => "0",
        }
        .to_string()
    }

    /// Oracle's DATE holds a time of day and CURRENT_DATE returns it too, so a portable `date`
    /// default is truncated to the day, as every other dialect stores it (SQLRF "CURRENT_DATE",
    /// "TRUNC (date)", <https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/CURRENT_DATE.html>).
    fn default_value(&self, default: &Expr, target: &Target) -> String {
        match default {
            Expr::Keyword(Keyword::CurrentDate) => "TRUNC(CURRENT_DATE)".to_string(),
            Expr::Keyword(Keyword::CurrentTimestamp) => "CURRENT_TIMESTAMP".to_string(),
            Expr::Keyword(Keyword::Null) => "NULL".to_string(),
            Expr::Value(value) | Expr::Constant(value) => self.value_literal(value, target),
            Expr::Custom(text) => text.to_string(),
            other => unreachable!("the emitter builds no default of the form {other:?}"),
        }
    }

    /// Identity columns exist from 12c Release 1 (SQLRF CREATE TABLE `identity_clause`,
    /// <https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/CREATE-TABLE.html>);
    /// their sequence generator takes the `sequence_options` (`CACHE 20 ORDER` on RAC). Older
    /// targets get WSO2's sequence and BEFORE INSERT trigger.
    fn auto_increment(&self, target: &Target) -> AutoIncrement {
        let since = Version::parse(IDENTITY_SINCE).expect("a version");
        if target.version < since {
            return AutoIncrement::SequenceAndTrigger;
        }
        let options = Self::sequence_options(target);
        AutoIncrement::Clause(if options.is_empty() {
            "GENERATED BY DEFAULT AS IDENTITY".to_string()
        } else {
            format!("GENERATED BY DEFAULT AS IDENTITY ({options})")
        })
    }

    /// WSO2's form before 12c: `CREATE SEQUENCE` (SQLRF "CREATE SEQUENCE",
    /// <https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/CREATE-SEQUENCE.html>)
    /// and a row trigger that fills the column from it (LNPLS "CREATE TRIGGER Statement",
    /// <https://docs.oracle.com/en/database/oracle/oracle-database/19/lnpls/CREATE-TRIGGER-statement.html>).
    /// `SELECT ... INTO ... FROM dual` also compiles on releases before 11g.
    fn sequence_and_trigger(
        &self,
        target: &Target,
        table: &str,
        column: &str,
        names: &SequenceNames,
    ) -> Vec<Statement> {
        let options = Self::sequence_options(target);
        let sequence = format!(
            "CREATE SEQUENCE {} START WITH 1 INCREMENT BY 1{}",
            names.sequence,
            if options.is_empty() {
                String::new()
            } else {
                format!(" {options}")
            }
        );
        // WHEN: a row that gives the column a value keeps it, as an identity BY DEFAULT does
        // (in the WHEN condition NEW takes no colon, LNPLS "CREATE TRIGGER Statement").
        let trigger = format!(
            "CREATE OR REPLACE TRIGGER {trigger}\n    BEFORE INSERT ON {table}\n    \
             REFERENCING NEW AS NEW\n    FOR EACH ROW\n    WHEN (NEW.{column} IS NULL)\nBEGIN\n    \
             SELECT {sequence}.nextval INTO :NEW.{column} FROM dual;\nEND;",
            trigger = names.trigger,
            sequence = names.sequence,
        );
        vec![Statement::new(sequence), Statement::block(trigger)]
    }

    /// An identity BY DEFAULT takes explicit values but does not move past them: START WITH
    /// LIMIT VALUE (ALTER TABLE only) sets its next value after the highest in the table
    /// (SQLRF CREATE TABLE `identity_options`). Before 12c the trigger leaves a given value
    /// alone, and a block moves the sequence past the highest value: a sequence cannot be
    /// restarted before 18c, so it steps once by the gap (SQLRF "ALTER SEQUENCE": "To restart
    /// the sequence at a different number, you must drop and re-create it").
    fn rows_giving_identity(
        &self,
        target: &Target,
        identity: &IdentityColumn,
        mut inserts: Vec<Statement>,
    ) -> Vec<Statement> {
        let (table, column) = (&identity.table, &identity.column);
        if self.auto_increment(target) != AutoIncrement::SequenceAndTrigger {
            let options = Self::sequence_options(target);
            inserts.push(Statement::new(format!(
                "ALTER TABLE {table} MODIFY ({column} GENERATED BY DEFAULT AS IDENTITY \
                 (START WITH LIMIT VALUE{}{options}))",
                if options.is_empty() { "" } else { " " },
            )));
            return inserts;
        }
        let sequence = &identity.sequence.sequence;
        inserts.push(Statement::block(format!(
            "DECLARE\n    highest NUMBER;\n    next_value NUMBER;\nBEGIN\n    \
             SELECT NVL(MAX({column}), 0) INTO highest FROM {table};\n    \
             SELECT {sequence}.nextval INTO next_value FROM dual;\n    \
             IF next_value < highest THEN\n        \
             EXECUTE IMMEDIATE {step} || TO_CHAR(highest - next_value);\n        \
             SELECT {sequence}.nextval INTO next_value FROM dual;\n        \
             EXECUTE IMMEDIATE {back};\n    END IF;\nEND;",
            step = self.string_literal(&format!("ALTER SEQUENCE {sequence} INCREMENT BY ")),
            back = self.string_literal(&format!("ALTER SEQUENCE {sequence} INCREMENT BY 1")),
        )));
        inserts
    }

    /// Oracle declares only ON DELETE CASCADE and ON DELETE SET NULL; without a clause it
    /// refuses to delete a referenced parent row (SQLRF "constraint", `references_clause`,
    /// <https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/constraint.html>).
    /// RESTRICT is written as that default: the parent row cannot be deleted either way.
    fn on_delete_clause(&self, action: ReferentialAction) -> &'static str {
        match action {
            ReferentialAction::NoAction | ReferentialAction::Restrict => "",
            ReferentialAction::Cascade => " ON DELETE CASCADE",
            ReferentialAction::SetNull => " ON DELETE SET NULL",
        }
    }

    /// A name longer than 30 bytes needs long identifiers, which a 12.2-or-later database
    /// has only with COMPATIBLE set to 12.2 or higher; a 19c database upgraded with an older
    /// COMPATIBLE refuses such a name with ORA-00972 (SQLRF "Database Object Naming Rules",
    /// <https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/Database-Object-Names-and-Qualifiers.html>).
    fn requirements(&self, longest_name_bytes: usize, _target: &Target) -> Vec<String> {
        if longest_name_bytes <= 30 {
            return Vec::new();
        }
        vec![format!(
            "COMPATIBLE 12.2 or later (names up to {longest_name_bytes} bytes; ORA-00972 below 12.2)"
        )]
    }

    /// Statements end with `/` lines, which SQL*Plus (and SQLcl) run.
    fn run_hint(&self, file: &str, _target: &Target) -> Option<String> {
        Some(format!("sqlplus user/password@service @{file}"))
    }

    /// SQL*Plus runs the buffer at a `/` line (SQPUG "/ (slash)",
    /// <https://docs.oracle.com/en/database/oracle/oracle-database/19/sqpug/slash.html>). A
    /// plain statement gets no `;` as well, or it would run twice; a PL/SQL block already ends
    /// with `END;`, which belongs to the block.
    fn terminator(&self, _kind: StatementKind, _target: &Target) -> String {
        "\n/".to_string()
    }
}

// --- migrations ------------------------------------------------------------------------------
//
// What the ANSI defaults already write as Oracle does (SQLRF "ALTER TABLE", "DROP TABLE",
// "DROP INDEX"): `DROP COLUMN c` (drop_column_clause), `RENAME COLUMN a TO b`
// (rename_column_clause), `ALTER TABLE a RENAME TO b` (rename_table_clause), `ADD CONSTRAINT`
// (out_of_line_constraint), `DROP CONSTRAINT n`, `DROP TABLE t` (into the recycle bin, so a
// dropped table can be flashed back), `DROP INDEX i` and `COMMENT ON ... IS 'text'`. Oracle
// makes no index for a foreign key (nothing to drop with one), and names an unnamed constraint
// SYS_Cn with a number from a sequence (no rule to predict it): `DROP PRIMARY KEY` and
// `DROP UNIQUE (columns)` need no name, and an unnamed foreign key is looked up by its columns
// when the migration runs. MODIFY keeps the column's constraints, indexes and CHECK, so the
// plan's questions keep their defaults.

/// What a column type is to ALTER TABLE MODIFY: what it can become in place.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Stored {
    /// NUMBER(p,s). INTEGER and SMALLINT are NUMBER(38) (SQLRF "ANSI, DB2, and SQL/DS Data
    /// Types"), so the two are one type to Oracle.
    Number { precision: u32, scale: u32 },
    /// CHAR(n) (`fixed`) or VARCHAR2(n).
    Character { fixed: bool, length: u32 },
    /// CLOB, NCLOB, BLOB, JSON: never reached or left by MODIFY.
    Lob(String),
    /// Any other type, by its name (DATE, TIMESTAMP, BINARY_DOUBLE, BOOLEAN, ...).
    Other(String),
}

/// INTEGER and SMALLINT as Oracle stores them (NUMBER(38)).
const NUMBER_38: Stored = Stored::Number {
    precision: 38,
    scale: 0,
};

impl Stored {
    /// How Oracle stores a column of `column_type` on `target`, from the typed column (the
    /// type map of dialects/oracle/dialect.yaml, never the rendered SQL): SMALLINT and INTEGER
    /// are NUMBER(38), bigint NUMBER(19), decimal NUMBER(p,s); json a CLOB before 21c and JSON
    /// from 21c, boolean NUMBER(1) before 23ai and BOOLEAN from 23ai (as the type map says for
    /// the target). A native type is the model's own text, read by [`Stored::parse`].
    fn of(column_type: &ColumnType, target: &Target) -> Stored {
        // The type map's answer for the target: the two portable types whose storage changes
        // with the release.
        let native = |t: &ColumnType, name: &str| Oracle.column_type(t, target) == name;
        match column_type {
            ColumnType::SmallInteger | ColumnType::Integer => NUMBER_38,
            ColumnType::BigInteger => Stored::Number {
                precision: 19,
                scale: 0,
            },
            ColumnType::Decimal(Some((precision, scale))) => Stored::Number {
                precision: *precision,
                scale: *scale,
            },
            ColumnType::String(StringLen::N(length)) => Stored::Character {
                fixed: false,
                length: *length,
            },
            // CHAR without a length is CHAR(1) (SQLRF "CHAR Data Type").
            ColumnType::Char(length) => Stored::Character {
                fixed: true,
                length: length.unwrap_or(1),
            },
            ColumnType::Text => Stored::Lob("CLOB".to_string()),
            ColumnType::Blob => Stored::Lob("BLOB".to_string()),
            ColumnType::Json if native(column_type, "JSON") => Stored::Lob("JSON".to_string()),
            ColumnType::Json => Stored::Lob("CLOB".to_string()),
            ColumnType::Boolean if native(column_type, "BOOLEAN") => {
                Stored::Other("BOOLEAN".to_string())
            }
            ColumnType::Boolean => Stored::Number {
                precision: 1,
                scale: 0,
            },
            ColumnType::Date => Stored::Other("DATE".to_string()),
            ColumnType::Timestamp => Stored::Other("TIMESTAMP".to_string()),
            ColumnType::Double => Stored::Other("BINARY_DOUBLE".to_string()),
            ColumnType::Custom(native) => Stored::parse(&native.to_string()),
            // No portable type maps to any other sea-query type.
            other => Stored::Other(format!("{other:?}")),
        }
    }

    /// A native type as the model writes it (`NUMBER(10)`, `VARCHAR2(100 CHAR)`, `NCLOB`).
    fn parse(native: &str) -> Stored {
        let (name, args) = native_parts(native);
        let numbers: Vec<u32> = args
            .split(',')
            .map(|a| {
                a.trim_end_matches(|c: char| c.is_ascii_alphabetic())
                    .parse()
                    .unwrap_or(0)
            })
            .collect();
        match name.as_str() {
            "SMALLINT" | "INTEGER" | "INT" => NUMBER_38,
            "NUMBER" | "NUMERIC" | "DECIMAL" if !args.is_empty() => Stored::Number {
                precision: numbers[0],
                scale: numbers.get(1).copied().unwrap_or(0),
            },
            "VARCHAR2" | "VARCHAR" if !args.is_empty() => Stored::Character {
                fixed: false,
                length: numbers[0],
            },
            "CHAR" if !args.is_empty() => Stored::Character {
                fixed: true,
                length: numbers[0],
            },
            "CLOB" | "NCLOB" | "BLOB" | "JSON" => Stored::Lob(name),
            _ if args.is_empty() => Stored::Other(name),
            _ => Stored::Other(format!("{name}({args})")),
        }
    }
}

/// A native type's name and arguments, upper case and without white space:
/// `number(10, 2)` → (`NUMBER`, `10,2`).
fn native_parts(native: &str) -> (String, String) {
    let text: String = native
        .to_ascii_uppercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    match text.split_once('(') {
        Some((name, rest)) => (name.to_string(), rest.trim_end_matches(')').to_string()),
        None => (text, String::new()),
    }
}

/// Whether the column is written INTEGER or SMALLINT (Oracle's names for NUMBER(38)), which a
/// DBA does not read as NUMBER(38).
fn written_as_ansi_integer(column_type: &ColumnType) -> bool {
    match column_type {
        ColumnType::SmallInteger | ColumnType::Integer => true,
        ColumnType::Custom(native) => matches!(
            native_parts(&native.to_string()).0.as_str(),
            "SMALLINT" | "INTEGER" | "INT"
        ),
        _ => false,
    }
}

/// How a column reaches its new type.
#[derive(Debug, Clone, PartialEq, Eq)]
enum TypeChange {
    /// Oracle stores both types alike (SMALLINT and INTEGER; a CLOB for JSON and for text
    /// before 21c): nothing to change.
    Same,
    /// One MODIFY per type, in order; Oracle checks the values it keeps.
    InPlace(Vec<String>),
    /// Oracle refuses the change on a column that holds values (or always): why, and whether
    /// a MODIFY would do on an empty column.
    Manual { why: String, when_empty: bool },
}

/// What Oracle does in place (SQLRF ALTER TABLE, `modify_col_properties`, "datatype",
/// <https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/ALTER-TABLE.html>): it
/// raises a character length or a NUMBER's digits whatever the rows hold, lowers a length
/// when every value fits, turns CHAR into VARCHAR2 (and back) at the same length, and DATE
/// into TIMESTAMP; any other change of type needs a column that holds only NULLs (ORA-01439,
/// ORA-01440: <https://docs.oracle.com/en/error-help/db/ora-01440>), and no column becomes or
/// stops being a LOB (ORA-22858, ORA-22859).
///
/// A lower length stays a MODIFY: Oracle checks the values and refuses the change while one
/// is too long (ORA-01441 "cannot decrease column length because some value is too big",
/// <https://docs.oracle.com/en/error-help/db/oci-01441>), never cutting one; the plan flags the
/// change destructive. `from` and `to` are stored kinds ([`Stored::of`]); `from_type` and
/// `to_type` the types as the CREATE script writes them, for the MODIFY and the MANUAL text.
fn type_change(
    (old, from_type, from_ansi_integer): (&Stored, &str, bool),
    (new, to_type): (&Stored, &str),
) -> TypeChange {
    if old == new {
        return TypeChange::Same;
    }
    match (old, new) {
        (Stored::Lob(_), _) => TypeChange::Manual {
            why: "Oracle cannot change a LOB column to another type (ORA-22859)".to_string(),
            when_empty: false,
        },
        (_, Stored::Lob(_)) => TypeChange::Manual {
            why: "Oracle cannot change a column to a LOB type in place (ORA-22858)".to_string(),
            when_empty: false,
        },
        (
            Stored::Number {
                precision: p1,
                scale: s1,
            },
            Stored::Number {
                precision: p2,
                scale: s2,
            },
        ) => {
            if s2 >= s1 && p2.saturating_sub(*s2) >= p1.saturating_sub(*s1) {
                TypeChange::InPlace(vec![to_type.to_string()])
            } else {
                // Written INTEGER or SMALLINT, the column is NUMBER(38) to Oracle.
                let stored = if from_ansi_integer {
                    format!("{from_type} is NUMBER(38) to Oracle, and ")
                } else {
                    String::new()
                };
                let holds_all = s1 >= s2 && p1.saturating_sub(*s1) >= p2.saturating_sub(*s2);
                TypeChange::Manual {
                    why: format!(
                        "{stored}Oracle lowers a NUMBER column's precision or scale (or raises \
                         its scale without its precision) only while the column holds no values \
                         (ORA-01440){}",
                        if holds_all {
                            format!(
                                "; left as {from_type}, the column already holds every \
                                 {to_type} value"
                            )
                        } else {
                            String::new()
                        }
                    ),
                    when_empty: true,
                }
            }
        }
        (
            Stored::Character {
                fixed: f1,
                length: n1,
            },
            Stored::Character {
                fixed: f2,
                length: n2,
            },
        ) => {
            if f1 == f2 || n1 == n2 {
                TypeChange::InPlace(vec![to_type.to_string()])
            } else if *f1 {
                // CHAR(n) -> VARCHAR2(n) -> VARCHAR2(m)
                TypeChange::InPlace(vec![format!("VARCHAR2({n1})"), to_type.to_string()])
            } else {
                // VARCHAR2(n) -> VARCHAR2(m) -> CHAR(m)
                TypeChange::InPlace(vec![format!("VARCHAR2({n2})"), to_type.to_string()])
            }
        }
        (Stored::Other(a), Stored::Other(b)) if a == "DATE" && b.starts_with("TIMESTAMP") => {
            TypeChange::InPlace(vec![to_type.to_string()])
        }
        _ => TypeChange::Manual {
            why: "Oracle changes a column's type to another kind only while the column holds no \
                  values (ORA-01439)"
                .to_string(),
            when_empty: true,
        },
    }
}

impl Oracle {
    /// A name as the catalog stores it, written so Oracle reads it back unchanged: bare when
    /// upper case, plain and not reserved, else quoted. Unlike `names::quote_stored`, a name
    /// that starts with `_` is quoted: an unquoted Oracle identifier begins with a letter
    /// (SQLRF "Database Object Naming Rules").
    fn stored_ident(&self, stored: &str) -> String {
        let plain = stored
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_uppercase())
            && stored
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
        if plain && !self.is_reserved(stored) {
            stored.to_string()
        } else {
            self.quote_identifier(stored)
        }
    }

    /// Whether the target fills an auto-increment column with the CREATE script's sequence
    /// and trigger (before 12c), which the migration keeps in step with the table's changes;
    /// from 12c an identity column follows its table.
    fn sequence_filled(&self, w: &dyn Writer) -> bool {
        self.auto_increment(w.target()) == AutoIncrement::SequenceAndTrigger
    }

    /// The sequence and trigger names the CREATE script gives the auto-increment column of
    /// `table` (src/dialect/names.rs), quoted as the CREATE script quotes them.
    fn derived_names(&self, w: &dyn Writer, table: &str) -> SequenceNames {
        let names = names::sequence_names(self, &w.target().version, table);
        SequenceNames {
            sequence: w.ident(&names.sequence),
            trigger: w.ident(&names.trigger),
        }
    }

    /// The CREATE script's sequence and trigger for `column` of `table`.
    fn fill(&self, w: &dyn Writer, table: &str, column: &str) -> Vec<Step> {
        self.sequence_and_trigger(
            w.target(),
            &w.ident(table),
            &w.ident(column),
            &self.derived_names(w, table),
        )
        .into_iter()
        .map(Step::Run)
        .collect()
    }

    /// The CREATE script's trigger alone (`CREATE OR REPLACE`), for the sequence it names.
    fn trigger(&self, w: &dyn Writer, table: &str, column: &str) -> Vec<Step> {
        self.fill(w, table, column)
            .into_iter()
            .filter(|s| matches!(s, Step::Run(s) if s.kind == StatementKind::Block))
            .collect()
    }

    /// DROP TRIGGER and DROP SEQUENCE of `table`'s auto-increment column (LNPLS "DROP TRIGGER
    /// Statement",
    /// <https://docs.oracle.com/en/database/oracle/oracle-database/19/lnpls/DROP-TRIGGER-statement.html>;
    /// SQLRF "DROP SEQUENCE",
    /// <https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/DROP-SEQUENCE.html>).
    fn drop_sequence_and_trigger(&self, w: &dyn Writer, table: &str) -> Vec<Step> {
        let names = self.derived_names(w, table);
        vec![
            Step::sql(format!("DROP TRIGGER {}", names.trigger)),
            Step::sql(format!("DROP SEQUENCE {}", names.sequence)),
        ]
    }
}

impl Migrate for Oracle {
    /// RENAME keeps the trigger on the table and the sequence under its name. Before 12c both
    /// take the names a fresh NEW script gives them: `RENAME` for the sequence (SQLRF "RENAME",
    /// <https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/RENAME.html>), the
    /// trigger dropped and written again (LNPLS "CREATE TRIGGER Statement",
    /// <https://docs.oracle.com/en/database/oracle/oracle-database/19/lnpls/CREATE-TRIGGER-statement.html>)
    /// for the sequence it names, still for the column as OLD names it (a renamed column is
    /// renamed after the table, and its trigger written again then). Identity columns follow
    /// their table.
    fn rename_table(&self, w: &dyn Writer, from: &Table, to: &Table) -> Vec<Step> {
        let mut out = vec![Step::sql(format!(
            "ALTER TABLE {} RENAME TO {}",
            w.ident(&from.name.name),
            w.ident(&to.name.name)
        ))];
        if self.sequence_filled(w)
            && let Some(column) = from.columns.iter().find(|c| c.auto_increment)
        {
            let (old, new) = (
                self.derived_names(w, &from.name.name),
                self.derived_names(w, &to.name.name),
            );
            out.push(Step::sql(format!(
                "RENAME {} TO {}",
                old.sequence, new.sequence
            )));
            out.push(Step::sql(format!("DROP TRIGGER {}", old.trigger)));
            out.extend(self.trigger(w, &to.name.name, &column.name.name));
        }
        out
    }

    /// DROP TABLE drops the table's triggers, not the sequence (SQLRF "DROP TABLE"): before
    /// 12c the auto-increment column's sequence is dropped after it (SQLRF "DROP SEQUENCE").
    fn drop_table(&self, w: &dyn Writer, table: &Table) -> Vec<Step> {
        let mut out = vec![Step::sql(format!(
            "DROP TABLE {}",
            w.ident(&table.name.name)
        ))];
        if self.sequence_filled(w) && table.columns.iter().any(|c| c.auto_increment) {
            out.push(Step::sql(format!(
                "DROP SEQUENCE {}",
                self.derived_names(w, &table.name.name).sequence
            )));
        }
        out
    }

    /// Oracle has no `IS NULL` form: a description is removed by setting it to the empty
    /// string (SQLRF "COMMENT": "To drop a comment from the database, set it to the empty
    /// string ' '",
    /// <https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/COMMENT.html>).
    fn remove_table_comment(&self, table: &str) -> Option<Statement> {
        Some(Statement::new(format!(
            "COMMENT ON TABLE {table} IS {}",
            self.string_literal("")
        )))
    }

    /// See [`Oracle::remove_table_comment`]: `COMMENT ON COLUMN t.c IS ''`.
    fn remove_column_comment(&self, table: &str, column: &str) -> Option<Statement> {
        Some(Statement::new(format!(
            "COMMENT ON COLUMN {table}.{column} IS {}",
            self.string_literal("")
        )))
    }

    /// `ADD (column_definition)`: Oracle has no `ADD COLUMN` (SQLRF ALTER TABLE,
    /// `add_column_clause`,
    /// <https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/ALTER-TABLE.html>);
    /// then the description, as CREATE attaches it. An identity column numbers the rows already
    /// there; before 12c the CREATE script's sequence and trigger follow the column.
    fn add_column(&self, w: &dyn Writer, table: &Table, column: &ColumnShape) -> Vec<Step> {
        let mut out = vec![Step::sql(format!(
            "ALTER TABLE {} ADD ({})",
            w.ident(&table.name.name),
            w.column_definition(column)
        ))];
        out.extend(self.column_comment_steps(w, table, column, false));
        if self.sequence_filled(w) && column.auto_increment {
            out.extend(self.fill(w, &table.name.name, &column.name));
        }
        out
    }

    /// `DROP COLUMN c`. Before 12c a trigger naming a dropped auto-increment column would stay,
    /// invalid (every insert would fail): dropped with its sequence.
    fn drop_column(&self, w: &dyn Writer, table: &Table, column: &ColumnShape) -> Vec<Step> {
        let mut out = vec![Step::sql(format!(
            "ALTER TABLE {} DROP COLUMN {}",
            w.ident(&table.name.name),
            w.ident(&column.name)
        ))];
        if self.sequence_filled(w) && column.auto_increment {
            out.extend(self.drop_sequence_and_trigger(w, &table.name.name));
        }
        out
    }

    /// `RENAME COLUMN a TO b`. Before 12c the trigger names the column: written again for the
    /// new name.
    fn rename_column(
        &self,
        w: &dyn Writer,
        table: &Table,
        from: &ColumnShape,
        to: &ColumnShape,
    ) -> Vec<Step> {
        let mut out = vec![Step::sql(format!(
            "ALTER TABLE {} RENAME COLUMN {} TO {}",
            w.ident(&table.name.name),
            w.ident(&from.name),
            w.ident(&to.name)
        ))];
        if self.sequence_filled(w) && from.auto_increment {
            out.extend(self.trigger(w, &table.name.name, &to.name));
        }
        out
    }

    /// `MODIFY (c [type] [DEFAULT x] [NULL | NOT NULL])` with only what changed (SQLRF ALTER
    /// TABLE, `modify_col_properties`,
    /// <https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/ALTER-TABLE.html>;
    /// restating NULL-ness is ORA-01442 / ORA-01451,
    /// <https://docs.oracle.com/en/error-help/db/ora-01442>): the type changes Oracle makes in
    /// place, MANUAL steps for the ones it refuses on a column that holds values (see
    /// [`type_change`]), and auto-increment as the target fills it: `MODIFY (c DROP IDENTITY)`
    /// from 12c, a MANUAL step to add one (ORA-30673: only an identity column's identity can
    /// be modified, <https://docs.oracle.com/en/error-help/db/ora-30673>); before 12c the
    /// CREATE script's sequence (started after the highest value) and trigger, or DROP TRIGGER
    /// and DROP SEQUENCE.
    ///
    /// An identity column whose type grows (NUMBER(10) to NUMBER(19)) needs nothing more: its
    /// sequence generator was made without MAXVALUE, and NOMAXVALUE is 10^28 - 1
    /// (9999999999999999999999999999) whatever the column's type (SQLRF "CREATE SEQUENCE",
    /// NOMAXVALUE,
    /// <https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/CREATE-SEQUENCE.html>,
    /// whose options `identity_options` of CREATE TABLE takes), so it is no bound to raise.
    /// A changed description is written after, by [`Migrate::column_comment_steps`].
    fn modify_column(&self, w: &dyn Writer, alter: &ColumnAlter) -> Vec<Step> {
        let (table, column) = (w.ident(&alter.table.name.name), w.ident(&alter.to.name));
        let new_type = w.column_type(alter.to);
        let modify =
            |clause: &str| Step::sql(format!("ALTER TABLE {table} MODIFY ({column} {clause})"));
        let legacy = self.sequence_filled(w);
        let changes = alter.changes;
        let mut out = Vec::new();
        // Dropped first: an identity column is NOT NULL until its identity goes (ORA-30672).
        if changes.auto_increment && !alter.to.auto_increment {
            if legacy {
                out.extend(self.drop_sequence_and_trigger(w, &alter.table.name.name));
            } else {
                out.push(modify("DROP IDENTITY"));
            }
        }
        let mut clause = Vec::new();
        if changes.type_ {
            let target = w.target();
            let from_type = w.column_type(alter.from);
            let change = type_change(
                (
                    &Stored::of(&alter.from.column_type, target),
                    &from_type,
                    written_as_ansi_integer(&alter.from.column_type),
                ),
                (&Stored::of(&alter.to.column_type, target), &new_type),
            );
            match change {
                TypeChange::Same => {}
                TypeChange::InPlace(mut steps) => {
                    let last = steps.pop().expect("a type to reach");
                    out.extend(steps.iter().map(|step| modify(step)));
                    clause.push(last);
                }
                TypeChange::Manual { why, when_empty } => out.push(Step::Manual(format!(
                    "-- MANUAL: change {table}.{column} to {new_type}: {why}.{empty} Otherwise \
                     add a column of type {new_type}, copy the values into it, drop {column} and \
                     rename the new column (it then comes last), or rebuild the table with \
                     DBMS_REDEFINITION.",
                    empty = if when_empty {
                        format!(
                            " If it holds none, run ALTER TABLE {table} MODIFY ({column} \
                             {new_type})."
                        )
                    } else {
                        String::new()
                    },
                ))),
            }
        }
        if changes.default {
            // A default cannot be removed, only set to NULL; the catalog then shows the default
            // NULL (SQLRF ALTER TABLE, `modify_col_properties`, DEFAULT).
            let default = w.default_sql(alter.to);
            clause.push(format!("DEFAULT {}", default.as_deref().unwrap_or("NULL")));
        }
        if changes.nullable {
            // Only the aspect that changed: NOT NULL on a NOT NULL column is ORA-01442, NULL on
            // a nullable one ORA-01451.
            clause.push(
                if alter.to.nullable {
                    "NULL"
                } else {
                    "NOT NULL"
                }
                .to_string(),
            );
        }
        if !clause.is_empty() {
            out.push(modify(&clause.join(" ")));
        }
        if changes.auto_increment && alter.to.auto_increment {
            if legacy {
                let target = w.target();
                let names = self.derived_names(w, &alter.table.name.name);
                let options = Self::sequence_options(target);
                // The CREATE script's sequence, started after the values already there.
                let create = format!(
                    "'CREATE SEQUENCE {} START WITH ' || next_value || ' INCREMENT BY 1{}'",
                    names.sequence.replace('\'', "''"),
                    if options.is_empty() {
                        String::new()
                    } else {
                        format!(" {options}")
                    }
                );
                out.push(Step::Run(Statement::block(format!(
                    "DECLARE\n    next_value NUMBER;\nBEGIN\n    \
                     SELECT NVL(MAX({column}), 0) + 1 INTO next_value FROM {table};\n    \
                     EXECUTE IMMEDIATE {create};\nEND;"
                ))));
                out.extend(self.trigger(w, &alter.table.name.name, &alter.to.name));
            } else {
                out.push(Step::Manual(format!(
                    "-- MANUAL: make {table}.{column} an identity column: Oracle cannot give an \
                     existing column the identity property (ORA-30673). Add a column {new_type} \
                     GENERATED BY DEFAULT AS IDENTITY (START WITH the highest {column} + 1), \
                     copy {column} into it, drop {column} and rename the new column, or rebuild \
                     the table with DBMS_REDEFINITION."
                )));
            }
        }
        out
    }

    /// An unnamed primary key is dropped by `DROP PRIMARY KEY`, which needs no name (SQLRF
    /// ALTER TABLE, `drop_constraint_clause`,
    /// <https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/ALTER-TABLE.html>);
    /// a named constraint by `DROP CONSTRAINT n`. Unnamed unique and foreign keys have SYS_Cn
    /// names: see [`Oracle::drop_unnamed_constraint`].
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
            (ConstraintKind::PrimaryKey, None) => Some(Statement::new(format!(
                "ALTER TABLE {table} DROP PRIMARY KEY"
            ))),
            (_, None) => None,
        }
    }

    /// An unnamed unique key is dropped by its columns, `DROP UNIQUE (c, ...)` (SQLRF ALTER
    /// TABLE, `drop_constraint_clause`,
    /// <https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/ALTER-TABLE.html>).
    /// An unnamed foreign key is found when the migration runs, by its columns in key order, in
    /// USER_CONSTRAINTS and USER_CONS_COLUMNS (Database Reference,
    /// <https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/USER_CONS_COLUMNS.html>;
    /// LISTAGG from 11g Release 2): no such key is ORA-01403, two are ORA-01422, rather than a
    /// guess.
    fn drop_unnamed_constraint(
        &self,
        table: &str,
        stored_table: &str,
        kind: ConstraintKind,
        stored_columns: &[String],
    ) -> Option<Statement> {
        match kind {
            ConstraintKind::PrimaryKey => None,
            ConstraintKind::Unique => Some(Statement::new(format!(
                "ALTER TABLE {table} DROP UNIQUE ({})",
                stored_columns
                    .iter()
                    .map(|c| self.stored_ident(c))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))),
            ConstraintKind::ForeignKey => Some(Statement::block(format!(
                "DECLARE\n    found VARCHAR2(128);\nBEGIN\n    \
                 SELECT c.constraint_name INTO found\n        \
                 FROM user_constraints c\n        \
                 WHERE c.table_name = {} AND c.constraint_type = 'R'\n            \
                 AND (SELECT LISTAGG(k.column_name, ',') WITHIN GROUP (ORDER BY k.position)\n                \
                 FROM user_cons_columns k\n                \
                 WHERE k.constraint_name = c.constraint_name) = {};\n    \
                 EXECUTE IMMEDIATE {} || found || '\"';\nEND;",
                self.string_literal(stored_table),
                self.string_literal(&stored_columns.join(",")),
                self.string_literal(&format!("ALTER TABLE {table} DROP CONSTRAINT \"")),
            ))),
        }
    }
}
