//! HCL Informix 14.10 (forms of 9.20, 11.50 and 12.10 where they differ), written as an
//! Informix DBA and WSO2's own `informix.sql` write it: `SERIAL`/`BIGSERIAL` columns,
//! `LVARCHAR(n)` above 254 bytes, `DATETIME YEAR TO SECOND`, the constraint name after the
//! constraint (`PRIMARY KEY (A) CONSTRAINT PK_T`), and descriptions as `--` lines above CREATE
//! TABLE (Informix has no COMMENT ON).
//!
//! Names are left to the ANSI defaults: undelimited names fold to lower case, and a name that
//! must keep its case or is reserved is written in double quotes, which Informix reads as a
//! delimited identifier only when the client sets `DELIMIDENT`
//! (<https://help.hcl-software.com/hclinformix/1410/sqs/ids_sqs_1660.html>).

use sea_query::{ColumnType, Expr, Keyword};

use super::data::dialect_data;
use super::migrate::{ColumnAlter, ColumnShape, ConstraintKind, Migrate, Step, Writer};
use super::{
    AutoIncrement, Dialect, DialectData, DialectName, IdentityColumn, Statement, Target, UniqueForm,
};
use crate::model::{ReferentialAction, Table, Version};

pub struct Informix;

impl Dialect for Informix {
    fn name(&self) -> DialectName {
        DialectName::Informix
    }

    /// DELIMIDENT=y: without it a double-quoted name is a string literal to Informix, so a
    /// quoted table name fails ("The DELIMIDENT environment variable", SQL Reference; `n` is
    /// the default of ESQL/C-based clients such as DB-Access). Every literal the file writes
    /// is single-quoted, as DELIMIDENT requires.
    fn run_hint(&self, file: &str, _target: &Target) -> Option<String> {
        Some(format!("DELIMIDENT=y dbaccess <database> {file}"))
    }

    fn data(&self) -> &'static DialectData {
        dialect_data!("informix")
    }

    /// A UNIQUE constraint or unique index lets one row only hold NULL in the key, and Informix
    /// has no filtered index and no index over a built-in expression that would leave such rows
    /// out (Guide to SQL: Reference, "UNIQUE constraint"; as 4js's porting guide notes, "Informix
    /// allows only one row with a NULL value").
    fn nullable_unique(
        &self,
        _columns: &[String],
        _nullable: &[bool],
        nulls_equal: bool,
    ) -> UniqueForm {
        if nulls_equal {
            UniqueForm::AsWritten
        } else {
            UniqueForm::Unavailable(
                "Informix lets one row only hold NULL in a unique key, and has no filtered or expression index that leaves such rows out",
            )
        }
    }

    /// A quoted string may hold a line break only where newlines are allowed, which the server
    /// refuses by default (error -282; ALLOW_NEWLINE): `IFX_ALLOW_NEWLINE('t')` allows them for
    /// the session (Syntax, Quoted String, "Newline characters in quoted strings":
    /// <https://help.hcl-software.com/hclinformix/1410/sqs/ids_sqs_1638.html>).
    fn script_preamble(&self, _target: &Target) -> Vec<String> {
        vec!["EXECUTE PROCEDURE IFX_ALLOW_NEWLINE('t');".to_string()]
    }

    /// BOOLEAN's literals are the quoted characters 't' and 'f'; TRUE/FALSE are no SQL literals
    /// here (Reference, BOOLEAN data type:
    /// <https://help.hcl-software.com/hclinformix/1410/sqr/ids_sqr_099.html>).
    fn boolean_literal(&self, value: bool, _target: &Target) -> String {
        if value { "'t'" } else { "'f'" }.to_string()
    }

    /// No identity clause: the type says it, SERIAL for INTEGER and BIGSERIAL for BIGINT
    /// (SERIAL8 before 11.50, which added BIGINT/BIGSERIAL); Reference, SERIAL(n) and BIGSERIAL
    /// data types: <https://help.hcl-software.com/hclinformix/1410/sqr/ids_sqr_097.html>.
    fn auto_increment(&self, target: &Target) -> AutoIncrement {
        let bigint = if target.version < version("11.50") {
            "SERIAL8"
        } else {
            "BIGSERIAL"
        };
        AutoIncrement::SerialType {
            integer: "SERIAL".to_string(),
            bigint: bigint.to_string(),
        }
    }

    /// The REFERENCES clause has only ON DELETE CASCADE; without it a referenced row cannot be
    /// deleted (Syntax, REFERENCES Clause:
    /// <https://help.hcl-software.com/hclinformix/1410/sqs/ids_sqs_0301.html>).
    fn supports_on_delete(&self, action: ReferentialAction) -> bool {
        matches!(
            action,
            ReferentialAction::NoAction | ReferentialAction::Cascade
        )
    }

    /// The constraint definition follows the constraint: `UNIQUE (a, b) CONSTRAINT u_x`
    /// (Syntax, Multiple-Column Constraint Format and ADD CONSTRAINT Clause:
    /// <https://help.hcl-software.com/hclinformix/1410/sqs/ids_sqs_0079.html>).
    fn named_constraint(&self, name: &str, body: &str) -> String {
        format!("{body} CONSTRAINT {name}")
    }

    /// No COMMENT ON statement exists; descriptions become `--` lines above CREATE TABLE
    /// (Guide to GLS, Specify comments:
    /// <https://help.hcl-software.com/hclinformix/1410/gug/ids_gug_123.html>).
    fn table_comment(&self, _table: &str, _comment: &str) -> Option<Statement> {
        None
    }

    /// No COMMENT ON statement exists (see [`Informix::table_comment`]).
    fn column_comment(&self, _table: &str, _column: &str, _comment: &str) -> Option<Statement> {
        None
    }

    /// The current time is `CURRENT` with the column's DATETIME qualifier, the current date is
    /// `TODAY` (Syntax, DEFAULT clause of CREATE TABLE:
    /// <https://help.hcl-software.com/hclinformix/1410/sqs/ids_sqs_0101.html>).
    fn default_value(&self, default: &Expr, target: &Target) -> String {
        match default {
            Expr::Keyword(Keyword::CurrentTimestamp) => {
                let timestamp = self.column_type(&ColumnType::Timestamp, target);
                let qualifier = timestamp
                    .strip_prefix("DATETIME ")
                    .expect("dialects/informix maps timestamp to a DATETIME type");
                format!("CURRENT {qualifier}")
            }
            Expr::Keyword(Keyword::CurrentDate) => "TODAY".to_string(),
            Expr::Keyword(Keyword::Null) => "NULL".to_string(),
            Expr::Value(value) | Expr::Constant(value) => self.value_literal(value, target),
            Expr::Custom(text) => text.to_string(),
            other => unreachable!("the emitter builds no default of the form {other:?}"),
        }
    }

    /// The descriptions COMMENT ON would attach, as `--` lines above CREATE TABLE: the table's,
    /// then `column: description` per described column, wrapped for review (Guide to GLS,
    /// Specify comments: <https://help.hcl-software.com/hclinformix/1410/gug/ids_gug_123.html>).
    fn create_table_comment(
        &self,
        table_comment: Option<&str>,
        columns: &[(String, String)],
    ) -> Option<String> {
        let mut lines = Vec::new();
        if let Some(text) = table_comment {
            lines.extend(wrap(text, "", ""));
        }
        for (column, description) in columns {
            let indent = " ".repeat(column.len() + 2);
            lines.extend(wrap(description, &format!("{column}: "), &indent));
        }
        (!lines.is_empty()).then(|| lines.join("\n"))
    }

    /// ALTER TABLE adds a constraint with `ADD CONSTRAINT`, the name after the constraint:
    /// `ALTER TABLE t ADD CONSTRAINT FOREIGN KEY (c) REFERENCES p (c) CONSTRAINT fk_x` (Syntax,
    /// ADD CONSTRAINT Clause: <https://help.hcl-software.com/hclinformix/1410/sqs/ids_sqs_0079.html>).
    /// `IN <dbspace>` where the product or the table names one (the `dbspace` setting, a plain
    /// identifier by validation): the table, and by default its indexes, are stored there
    /// (Syntax, CREATE TABLE, Storage Options).
    fn table_options(&self, _table_comment: Option<&str>, target: &Target) -> Vec<String> {
        match target.setting("dbspace") {
            Some(space) if !space.is_empty() => vec![format!("IN {space}")],
            _ => Vec::new(),
        }
    }

    /// Storage sizes (Reference, "Data types": SMALLINT 2, INTEGER 4, BIGINT 8, INT8 10, FLOAT
    /// 8, DATE 4, BOOLEAN 1, DECIMAL(p,s) (p + 3) / 2 rounded up, DATETIME YEAR TO SECOND 8,
    /// CHAR(n) n, VARCHAR(n) n + 1, LVARCHAR(n) n + 3, a smart large object (CLOB, BLOB) its
    /// 72-byte descriptor). Lengths are bytes (a UTF-8 database locale stores 1 to 4 per
    /// character), as the type map declares them. BSON is not sized.
    fn stored_bytes(
        &self,
        column: &crate::model::DialectColumn,
        target: &Target,
    ) -> Option<super::StoredBytes> {
        use crate::model::PortableType as P;
        let fixed = |n: u64| Some(super::StoredBytes::both(n));
        match column.portable_type? {
            P::SmallInt => fixed(2),
            P::Integer => fixed(4),
            P::BigInt => fixed(if target.version < version("11.50") {
                10
            } else {
                8
            }),
            P::Double => fixed(8),
            P::Decimal { precision, .. } => fixed(u64::from(precision).div_ceil(2) + 2),
            P::Date => fixed(4),
            P::Timestamp => fixed(8),
            P::Boolean => fixed(1),
            P::Char(n) => fixed(u64::from(n)),
            P::Varchar(n) if n <= 254 => fixed(u64::from(n) + 1),
            P::Varchar(n) => fixed(u64::from(n) + 3),
            P::Json if target.version >= version("12.10") => None,
            P::Text | P::Blob | P::Json => Some(super::StoredBytes { row: 72, key: None }),
        }
    }

    fn add_table_constraint(&self, table: &str, constraint: &str) -> String {
        format!("ALTER TABLE {table} ADD CONSTRAINT {constraint}")
    }

    /// A nonzero value inserted into a SERIAL or BIGSERIAL column greater than the current
    /// maximum sets the counter ("Inserting Values into Serial Columns", SQL Syntax: the next
    /// value generated is one greater than the maximum in the column), so nothing follows.
    fn rows_giving_identity(
        &self,
        _target: &Target,
        _identity: &IdentityColumn,
        inserts: Vec<Statement>,
    ) -> Vec<Statement> {
        inserts
    }
}

/// Text after a `-- ` comment marker is wrapped at this width, so a line stays within 100
/// columns.
const COMMENT_WIDTH: usize = 97;

/// Word-wraps `text` (keeping its own line breaks): the first line starts with `first`, the
/// following ones with `rest`. A word longer than the width stays whole on its own line.
fn wrap(text: &str, first: &str, rest: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = first.to_string();
    let mut empty = true;
    for paragraph in text.lines() {
        if !empty {
            lines.push(std::mem::replace(&mut line, rest.to_string()));
            empty = true;
        }
        for word in paragraph.split_whitespace() {
            if !empty && line.len() + 1 + word.len() > COMMENT_WIDTH {
                lines.push(std::mem::replace(&mut line, rest.to_string()));
                empty = true;
            }
            if !empty {
                line.push(' ');
            }
            line.push_str(word);
            empty = false;
        }
    }
    lines.push(line.trim_end().to_string());
    lines
}

fn version(text: &str) -> Version {
    Version::parse(text).expect("a valid version")
}

// Informix's ALTER vocabulary. The ANSI defaults that are already Informix's forms stay:
// `DROP TABLE t`, `DROP INDEX i` (Syntax, DROP INDEX statement:
// <https://help.hcl-software.com/hclinformix/1410/sqs/ids_sqs_0718.html>) and
// `ALTER TABLE t DROP CONSTRAINT n` (Syntax, DROP CONSTRAINT Clause:
// <https://help.hcl-software.com/hclinformix/1410/sqs/ids_sqs_0069.html>). An unnamed constraint
// has a name the server makes up from catalog numbers (`u123_45`, `r123_46`), so no
// `implicit_constraint_name`: the migration finds it in the catalog
// (`drop_unnamed_constraint`). A foreign key's own index goes with the constraint, so no
// `drop_foreign_key_index` either.
/// Whether [`Migrate::modify_column`] writes a MODIFY: a change of type, NULL-ness, default
/// or SERIAL (not of a description or the allowed values alone).
fn writes_modify(alter: &ColumnAlter) -> bool {
    let c = alter.changes;
    c.type_ || c.nullable || c.default || c.auto_increment
}

impl Migrate for Informix {
    /// An unnamed primary, unique or foreign key has a name the server made up from catalog
    /// numbers, and Informix drops a constraint only by its name (DROP CONSTRAINT Clause), so
    /// the name is found when the migration runs. Informix has no anonymous block: a
    /// procedure, created, executed and dropped, selects the constraint by its table, its
    /// type (sysconstraints.constrtype P / U / R) and its columns in key order (the
    /// part1..part16 column numbers of its index in sysindexes, 0 after the last; an index
    /// can serve several constraints, hence the type; SYSCONSTRAINTS:
    /// <https://help.hcl-software.com/onedb/current/sqr/ids_sqr_029.html>), and drops it
    /// with EXECUTE IMMEDIATE, which SPL takes for ALTER TABLE (EXECUTE IMMEDIATE statement:
    /// <https://help.hcl-software.com/hclinformix/1410/sqs/ids_sqs_0767.html>). No such key
    /// leaves the variable NULL, and EXECUTE IMMEDIATE of NULL fails; two such keys fail the
    /// SELECT INTO (-284): the migration stops rather than dropping a guess. A key over more
    /// than 16 columns cannot exist (the index limit), so it is not looked for.
    fn drop_unnamed_constraint(
        &self,
        table: &str,
        stored_table: &str,
        kind: ConstraintKind,
        stored_columns: &[String],
    ) -> Option<Statement> {
        if stored_columns.is_empty() || stored_columns.len() > 16 {
            return None;
        }
        let constraint_type = match kind {
            ConstraintKind::PrimaryKey => "P",
            ConstraintKind::Unique => "U",
            ConstraintKind::ForeignKey => "R",
        };
        let mut parts: Vec<String> = stored_columns
            .iter()
            .enumerate()
            .map(|(i, column)| {
                format!(
                    "            AND i.part{} = (SELECT colno FROM syscolumns WHERE tabid = t.tabid AND colname = {})",
                    i + 1,
                    self.string_literal(column)
                )
            })
            .collect();
        if stored_columns.len() < 16 {
            parts.push(format!(
                "            AND i.part{} = 0",
                stored_columns.len() + 1
            ));
        }
        let procedure = "schemagen_drop_key";
        Some(Statement::block(format!(
            "DROP PROCEDURE IF EXISTS {procedure};\n\
             CREATE PROCEDURE {procedure}()\n    \
             DEFINE found VARCHAR(128);\n    \
             SELECT c.constrname INTO found\n        \
             FROM sysconstraints c, systables t, sysindexes i\n        \
             WHERE t.tabname = {} AND c.tabid = t.tabid AND c.constrtype = '{constraint_type}'\n            \
             AND i.tabid = t.tabid AND i.idxname = c.idxname\n\
             {};\n    \
             EXECUTE IMMEDIATE {} || found;\n\
             END PROCEDURE;\n\
             EXECUTE PROCEDURE {procedure}();\n\
             DROP PROCEDURE {procedure}",
            self.string_literal(stored_table),
            parts.join("\n"),
            self.string_literal(&format!("ALTER TABLE {table} DROP CONSTRAINT ")),
        )))
    }

    /// The ADD Column Clause takes the new columns in parentheses, without a COLUMN keyword:
    /// `ALTER TABLE t ADD (c INTEGER DEFAULT 1 NOT NULL)` (Syntax, ALTER TABLE statement, ADD
    /// Column Clause: <https://help.hcl-software.com/hclinformix/1410/sqs/ids_sqs_0290.html>).
    /// No description: Informix has none (see [`Informix::table_comment`]).
    fn add_column(&self, w: &dyn Writer, table: &Table, column: &ColumnShape) -> Vec<Step> {
        vec![Step::sql(format!(
            "ALTER TABLE {} ADD ({})",
            w.ident(&table.name.name),
            w.column_definition(column)
        ))]
    }

    /// The DROP Column Clause: `ALTER TABLE t DROP (c)`, no COLUMN keyword (Syntax, ALTER TABLE
    /// statement, DROP Column Clause:
    /// <https://help.hcl-software.com/hclinformix/1410/sqs/ids_sqs_0290.html>).
    fn drop_column(&self, w: &dyn Writer, table: &Table, column: &ColumnShape) -> Vec<Step> {
        vec![Step::sql(format!(
            "ALTER TABLE {} DROP ({})",
            w.ident(&table.name.name),
            w.ident(&column.name)
        ))]
    }

    /// A statement of its own, the column qualified by its table: `RENAME COLUMN t.a TO b`
    /// (Syntax, RENAME COLUMN statement:
    /// <https://help.hcl-software.com/hclinformix/1410/sqs/ids_sqs_0939.html>).
    fn rename_column(
        &self,
        w: &dyn Writer,
        table: &Table,
        from: &ColumnShape,
        to: &ColumnShape,
    ) -> Vec<Step> {
        vec![Step::sql(format!(
            "RENAME COLUMN {}.{} TO {}",
            w.ident(&table.name.name),
            w.ident(&from.name),
            w.ident(&to.name)
        ))]
    }

    /// `RENAME TABLE a TO b`; ALTER TABLE has no RENAME clause (Syntax, RENAME TABLE statement:
    /// <https://help.hcl-software.com/hclinformix/1410/sqs/ids_sqs_0944.html>).
    fn rename_table(&self, w: &dyn Writer, from: &Table, to: &Table) -> Vec<Step> {
        vec![Step::sql(format!(
            "RENAME TABLE {} TO {}",
            w.ident(&from.name.name),
            w.ident(&to.name.name)
        ))]
    }

    /// No descriptions in Informix: nothing to change (the CREATE script's `--` lines are
    /// documentation only).
    fn set_table_comment(&self, _w: &dyn Writer, _table: &Table) -> Vec<Step> {
        Vec::new()
    }

    /// MODIFY restates the whole column, `MODIFY (c type [DEFAULT x] [NOT NULL])`: what it
    /// leaves out (a default, NOT NULL) is dropped, and a SERIAL/BIGSERIAL column is restated
    /// as SERIAL/BIGSERIAL (Syntax, MODIFY Clause:
    /// <https://help.hcl-software.com/hclinformix/1410/sqs/ids_sqs_0078.html>).
    fn modify_column(&self, w: &dyn Writer, alter: &ColumnAlter) -> Vec<Step> {
        if !writes_modify(alter) {
            return Vec::new();
        }
        vec![Step::sql(format!(
            "ALTER TABLE {} MODIFY ({})",
            w.ident(&alter.table.name.name),
            w.column_definition(alter.to)
        ))]
    }

    /// MODIFY drops the constraints over the column, the table's and the foreign keys of other
    /// tables that reference it, unless they are restated (Syntax, MODIFY Clause: "all attributes
    /// previously associated with the column ... are dropped",
    /// <https://help.hcl-software.com/hclinformix/1410/sqs/ids_sqs_0078.html>; Altering the
    /// Structure of Tables: "If the modified column is referenced by other tables, those
    /// referential constraints are dropped",
    /// <https://help.hcl-software.com/hclinformix/1410/sqs/ids_sqs_0315.html>). The plan drops
    /// them by name before the MODIFY and adds them again after it (when a MODIFY is written:
    /// not for a changed description, which Informix does not keep).
    fn modify_column_keeps_constraints(&self, alter: &ColumnAlter, _kind: ConstraintKind) -> bool {
        !writes_modify(alter)
    }

    /// MODIFY drops the column's CHECK too (the same "all attributes" of the MODIFY Clause): the
    /// plan drops it before and adds it again after.
    fn modify_column_keeps_check(&self, alter: &ColumnAlter) -> bool {
        !writes_modify(alter)
    }
}
