//! IBM Db2 for Linux, UNIX and Windows (11.1, 11.5), written as a Db2 DBA and WSO2's own
//! `db2.sql` write it: every statement ends with a line holding only `/` (run the file with
//! `db2 -td/ -f <file>`), identity columns by default or, with the setting
//! `auto_increment: sequence`, WSO2's sequence and `NO CASCADE BEFORE INSERT` trigger, BOOLEAN
//! from 11.1.1.1 (SMALLINT 1/0 before), `COMMENT ON` cut to Db2's 254-byte limit, a unique
//! key over a nullable column as a unique index.
//! Types and limits are data: `dialects/db2/dialect.yaml`.

use sea_query::{ColumnType, StringLen};

use super::data::dialect_data;
use super::migrate::{
    ColumnAlter, ColumnShape, ConstraintKind, Migrate, Step, Writer, integer_max,
};
use super::{
    AutoIncrement, Dialect, DialectData, DialectName, IdentityColumn, SequenceNames, Statement,
    StatementKind, Target, UniqueForm, names,
};
use crate::model::{Column, Table};

pub struct Db2;

/// The longest comment `COMMENT ON` accepts, in bytes (the catalog's REMARKS columns are
/// VARCHAR(254)).
pub const MAX_COMMENT_BYTES: usize = 254;

impl Db2 {
    /// Whether the target has a BOOLEAN column type: read from the type rule of
    /// `dialects/db2/dialect.yaml`, so the literals always match the column type.
    fn has_boolean_type(&self, target: &Target) -> bool {
        self.column_type(&ColumnType::Boolean, target) == "BOOLEAN"
    }

    /// A `COMMENT ON` string literal of at most [`MAX_COMMENT_BYTES`] bytes (an embedded quote
    /// counted twice, as it is written), and whether the text had to be cut. A cut text ends
    /// with `...` at a character boundary.
    fn comment_literal(&self, text: &str) -> (String, bool) {
        let written = |s: &str| s.len() + s.matches('\'').count();
        if written(text) <= MAX_COMMENT_BYTES {
            return (self.string_literal(text), false);
        }
        let mut cut = String::new();
        let mut length = 3; // the closing "..."
        for c in text.chars() {
            length += c.len_utf8() * if c == '\'' { 2 } else { 1 };
            if length > MAX_COMMENT_BYTES {
                break;
            }
            cut.push(c);
        }
        (self.string_literal(&format!("{}...", cut.trim_end())), true)
    }

    fn comment_statement(&self, target_sql: String, text: &str) -> Statement {
        let (literal, cut) = self.comment_literal(text);
        let statement = Statement::new(format!("{target_sql} IS {literal}"));
        if cut {
            statement.with_comment(format!(
                "Cut to Db2's {MAX_COMMENT_BYTES}-byte comment limit; the full text is in the model."
            ))
        } else {
            statement
        }
    }
}

impl Dialect for Db2 {
    fn name(&self) -> DialectName {
        DialectName::Db2
    }

    fn data(&self) -> &'static DialectData {
        dialect_data!("db2")
    }

    /// A `--` line ending in a terminator character (`/`, `@`) would end the statement for
    /// `db2 -td/` (`-td@`): such a line gets ` --` after it.
    fn comment_text(&self, text: &str) -> String {
        super::comment_lines(text)
            .into_iter()
            .map(|line| {
                if line.ends_with(['/', '@']) {
                    format!("{line} --")
                } else {
                    line
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// `'...'`, quotes doubled; a text with a line break or another control character is a
    /// hexadecimal constant of its UTF-8 bytes, `X'0A'`, a character string constant like the
    /// other ("Constants", hexadecimal constants, Db2 11.5 SQL Reference), which COMMENT ON and
    /// DEFAULT take as well. The CLP reads the file line by line: with `-td/` a line of a
    /// literal ending in the terminator would end the statement, and a line starting with `--`
    /// would be a comment, so no literal holds a line break.
    fn string_literal(&self, text: &str) -> String {
        if text.contains(|c: char| c.is_control() && c != '\t' || super::LINE_BREAKS.contains(&c)) {
            let hex: String = text.bytes().map(|b| format!("{b:02X}")).collect();
            format!("X'{hex}'")
        } else {
            format!("'{}'", text.replace('\'', "''"))
        }
    }

    /// BOOLEAN columns take TRUE/FALSE; before 11.1.1.1 booleans are SMALLINT 1/0
    /// (Db2 11.5 SQL Reference, "Boolean values").
    fn boolean_literal(&self, value: bool, target: &Target) -> String {
        match (self.has_boolean_type(target), value) {
            (true, true) => "TRUE",
            (true, false) => "FALSE",
            (false, true) => "1",
            (false, false) => "0",
        }
        .to_string()
    }

    /// Identity columns by default (CREATE TABLE, identity-options); the setting
    /// `auto_increment: sequence` gives WSO2's sequence and trigger instead (validation
    /// refuses any other value, E043).
    fn auto_increment(&self, target: &Target) -> AutoIncrement {
        match target.setting("auto_increment") {
            Some("sequence") => AutoIncrement::SequenceAndTrigger,
            _ => AutoIncrement::Clause("GENERATED BY DEFAULT AS IDENTITY".to_string()),
        }
    }

    /// WSO2's DB2 form (CREATE SEQUENCE; CREATE TRIGGER, "NO CASCADE BEFORE ... MODE DB2SQL",
    /// Db2 11.5 SQL Reference): a BIGINT sequence without cache, so numbers are not lost on
    /// restart, and a trigger that sets the column from NEXT VALUE where an insert gives it
    /// none (WHEN, as an identity BY DEFAULT keeps a given value).
    fn sequence_and_trigger(
        &self,
        _target: &Target,
        table: &str,
        column: &str,
        names: &SequenceNames,
    ) -> Vec<Statement> {
        vec![
            Statement::new(format!(
                "CREATE SEQUENCE {} AS BIGINT\n    START WITH 1\n    INCREMENT BY 1\n    NO CACHE",
                names.sequence
            )),
            Statement::block(format!(
                "CREATE TRIGGER {trigger}\n    NO CASCADE BEFORE INSERT ON {table}\n    \
                 REFERENCING NEW AS NEW\n    FOR EACH ROW MODE DB2SQL\n    \
                 WHEN (NEW.{column} IS NULL)\n\
                 BEGIN ATOMIC\n    SET (NEW.{column}) = (NEXTVAL FOR {sequence});\nEND",
                trigger = names.trigger,
                sequence = names.sequence,
            )),
        ]
    }

    /// An identity BY DEFAULT (or the sequence) does not move past explicit values, and ALTER
    /// TABLE ... ALTER COLUMN ... RESTART WITH and ALTER SEQUENCE ... RESTART WITH take a
    /// constant (ALTER TABLE, identity-alteration; ALTER SEQUENCE): a compound statement
    /// reads the highest value and runs the restart through EXECUTE IMMEDIATE.
    fn rows_giving_identity(
        &self,
        target: &Target,
        identity: &IdentityColumn,
        mut inserts: Vec<Statement>,
    ) -> Vec<Statement> {
        let (table, column) = (&identity.table, &identity.column);
        let restart = match self.auto_increment(target) {
            AutoIncrement::SequenceAndTrigger => {
                format!(
                    "ALTER SEQUENCE {} RESTART WITH ",
                    identity.sequence.sequence
                )
            }
            _ => format!("ALTER TABLE {table} ALTER COLUMN {column} RESTART WITH "),
        };
        inserts.push(Statement::block(format!(
            "BEGIN\n    DECLARE next_value BIGINT;\n    \
             SELECT GREATEST(COALESCE(MAX({column}), 0), 0) + 1 INTO next_value FROM {table};\n    \
             EXECUTE IMMEDIATE {} || VARCHAR(next_value);\nEND",
            self.string_literal(&restart),
        )));
        inserts
    }

    /// COMMENT ON TABLE takes at most 254 bytes (COMMENT statement, r0000901): longer
    /// descriptions are cut, and the statement says so.
    fn table_comment(&self, table: &str, comment: &str) -> Option<Statement> {
        Some(self.comment_statement(format!("COMMENT ON TABLE {table}"), comment))
    }

    /// COMMENT ON COLUMN takes at most 254 bytes (COMMENT statement, r0000901).
    fn column_comment(&self, table: &str, column: &str, comment: &str) -> Option<Statement> {
        Some(self.comment_statement(format!("COMMENT ON COLUMN {table}.{column}"), comment))
    }

    /// The columns of a UNIQUE constraint must be NOT NULL (CREATE TABLE, unique-constraint;
    /// SQL0542N, SQLSTATE 42831), so over a nullable column a key is a CREATE UNIQUE INDEX, and
    /// a unique index treats NULLs as equal: one row per key may hold NULL (CREATE INDEX,
    /// UNIQUE). `EXCLUDE NULL KEYS` (10.5+) leaves out the rows whose key is NULL in every
    /// column ("NULL keys can be excluded from indexes",
    /// <https://www.ibm.com/docs/en/SSEPGG_10.5.0/com.ibm.db2.luw.wn.doc/doc/c0060910.html>):
    /// the model's meaning for one column; over several, a row NULL in only some of them is
    /// still compared, NULLs equal, and no form leaves it out.
    fn nullable_unique(
        &self,
        columns: &[String],
        _nullable: &[bool],
        nulls_equal: bool,
    ) -> UniqueForm {
        if nulls_equal {
            UniqueForm::Index {
                keys: columns.to_vec(),
                suffix: String::new(),
                what: "unique index (Db2 refuses a UNIQUE constraint over a nullable column)",
            }
        } else if columns.len() == 1 {
            UniqueForm::Index {
                keys: columns.to_vec(),
                suffix: " EXCLUDE NULL KEYS".to_string(),
                what: "unique index with EXCLUDE NULL KEYS",
            }
        } else {
            UniqueForm::Unavailable(
                "Db2's unique index treats NULLs as equal, and EXCLUDE NULL KEYS leaves out only a row whose key is NULL in every column",
            )
        }
    }

    /// `IN <tablespace>` where the product or the table names one (the `tablespace` setting, a
    /// plain identifier by validation): the table and its indexes go there (CREATE TABLE,
    /// tablespace-clauses).
    fn table_options(&self, _table_comment: Option<&str>, target: &Target) -> Vec<String> {
        match target.setting("tablespace") {
            Some(space) if !space.is_empty() => vec![format!("IN {space}")],
            _ => Vec::new(),
        }
    }

    /// CREATE TABLE, "Byte counts of columns by data type" (r0000927): the row counts each
    /// column at its longest, + 1 byte where it is nullable; a VARCHAR n + 4, a LOB its
    /// descriptor by maximum length (CLOB(1G)/BLOB(1G), above 1 070 000 000 bytes: 276). In an
    /// index key a VARCHAR counts n + 2 (its length), a nullable column + 1. Lengths are in
    /// bytes (string units OCTETS, the database default), so a varchar(n) of the model is n
    /// bytes whatever the code page: the type map declares bytes.
    fn stored_bytes(
        &self,
        column: &crate::model::DialectColumn,
        target: &Target,
    ) -> Option<super::StoredBytes> {
        use crate::model::PortableType as P;
        let null = u64::from(column.nullable);
        let fixed = |n: u64| Some(super::StoredBytes::both(n + null));
        match column.portable_type? {
            P::SmallInt => fixed(2),
            P::Integer => fixed(4),
            P::BigInt | P::Double => fixed(8),
            P::Decimal { precision, .. } => fixed(u64::from(precision) / 2 + 1),
            P::Date => fixed(4),
            P::Timestamp => fixed(10),
            P::Boolean => fixed(if self.has_boolean_type(target) { 1 } else { 2 }),
            P::Char(n) if n <= 255 => fixed(u64::from(n)),
            P::Char(n) | P::Varchar(n) => Some(super::StoredBytes {
                row: u64::from(n) + 4 + null,
                key: Some(u64::from(n) + 2 + null),
            }),
            P::Text | P::Blob | P::Json => Some(super::StoredBytes {
                row: 276 + null,
                key: None,
            }),
        }
    }

    /// The CLP must be told the terminator (`-td<char>`; Command line processor options).
    fn run_hint(&self, file: &str, target: &Target) -> Option<String> {
        let terminator = target.setting("terminator").unwrap_or("/");
        Some(format!("db2 -td{terminator} -f {file}"))
    }

    /// A line holding only `/` (the `terminator` setting): the file runs with
    /// `db2 -td/ -f <file>` (Command line processor options, -td), as WSO2's db2.sql does, so
    /// the `;` inside a trigger body does not end the statement.
    fn terminator(&self, _kind: StatementKind, target: &Target) -> String {
        format!("\n{}", target.setting("terminator").unwrap_or("/"))
    }
}

// --- migrations --------------------------------------------------------------------------
//
// Db2 for LUW 11.5 SQL Reference, "ALTER TABLE statement" (r0000888,
// <https://www.ibm.com/docs/en/db2/11.5?topic=statements-alter-table>), unless said otherwise.
// What the ANSI defaults already write as Db2 does is not repeated here: `ADD COLUMN`,
// `DROP COLUMN`, `RENAME COLUMN a TO b` (9.7 and later), `DROP INDEX i`, `ADD [CONSTRAINT n]
// PRIMARY KEY | UNIQUE | FOREIGN KEY`, `DROP TABLE`, `COMMENT ON` (through the 254-byte cut of
// [`Db2::table_comment`]). Db2 names an unnamed constraint `SQL<timestamp>` when it creates it,
// so [`Migrate::implicit_constraint_name`] stays `None` and dropping one looks its name up in
// the catalog when the migration runs.

/// `CALL SYSPROC.ADMIN_CMD('REORG TABLE t')`, written right after an ALTER that leaves the
/// table in reorg-pending state. "ALTER TABLE statement" lists these REORG-recommended
/// operations: DROP COLUMN, ALTER COLUMN SET NOT NULL, DROP NOT NULL, and SET DATA TYPE except
/// a longer VARCHAR (or a shorter one over no index, which is not told apart here). Until the
/// REORG the table takes no insert, update, index or key (SQL0668N reason code 7), and only
/// three such units of work in a row. So the REORG follows the change that needs it rather
/// than closing the migration: keys, indexes and rows of the same table come later in the plan.
/// REORG TABLE is a command, run through the ADMIN_CMD procedure ("ADMIN_CMD procedure - Run
/// administrative commands"); the ALTER must be committed first (SQL0668N reason code 8
/// otherwise), which the CLP's autocommit does (`db2 -td/ -f`).
fn reorg(table: &str) -> Step {
    Step::Upkeep(Statement::new(format!(
        "CALL SYSPROC.ADMIN_CMD({})",
        Db2.string_literal(&format!("REORG TABLE {table}"))
    )))
}

/// The auto-increment column of a table (at most one, E026).
fn auto_increment_column(table: &Table) -> Option<&Column> {
    table.columns.iter().find(|c| c.auto_increment)
}

impl Db2 {
    /// Whether the target fills auto-increment columns with WSO2's sequence and trigger.
    fn uses_sequences(&self, target: &Target) -> bool {
        self.auto_increment(target) == AutoIncrement::SequenceAndTrigger
    }

    /// The sequence and trigger names the CREATE side derives from `table` (unquoted), quoted.
    fn sequence_names(&self, w: &dyn Writer, table: &str) -> SequenceNames {
        let names = names::sequence_names(self, &w.target().version, table);
        SequenceNames {
            sequence: w.ident(&names.sequence),
            trigger: w.ident(&names.trigger),
        }
    }

    /// The sequence of the auto-increment column of NEW's `table`: named after the table OLD
    /// had (Db2 renames no sequence), or after `table` itself when it is new.
    fn kept_sequence(&self, w: &dyn Writer, table: &Table) -> String {
        let owner = w
            .old_table(&table.name.name)
            .map_or(&table.name.name, |t| &t.name.name);
        self.sequence_names(w, owner).sequence
    }

    /// The CREATE side's sequence and trigger that fill `column` of `table` (both unquoted).
    fn sequence_and_fill(&self, w: &dyn Writer, table: &str, column: &str) -> Vec<Step> {
        self.sequence_and_trigger(
            w.target(),
            &w.ident(table),
            &w.ident(column),
            &self.sequence_names(w, table),
        )
        .into_iter()
        .map(Step::Run)
        .collect()
    }

    /// The trigger that fills `column` of `table` (both unquoted) from `sequence` (quoted),
    /// named after `table`: the CREATE side's trigger over a sequence that keeps its name.
    fn fill_trigger(&self, w: &dyn Writer, table: &str, column: &str, sequence: &str) -> Step {
        let names = SequenceNames {
            sequence: sequence.to_string(),
            trigger: self.sequence_names(w, table).trigger,
        };
        let trigger = self
            .sequence_and_trigger(w.target(), &w.ident(table), &w.ident(column), &names)
            .pop()
            .expect("the sequence form ends with its trigger");
        Step::Run(trigger)
    }

    /// The length of a column type that Db2 writes as `VARCHAR(n)`: a VARCHAR, or a CHAR the
    /// type rule of `dialects/db2/dialect.yaml` writes as one (longer than CHAR's 255 bytes).
    fn varchar_length(&self, column_type: &ColumnType, target: &Target) -> Option<u32> {
        match column_type {
            ColumnType::String(StringLen::N(n)) => Some(*n),
            ColumnType::Char(Some(n))
                if self.column_type(column_type, target)
                    == self.column_type(&ColumnType::String(StringLen::N(*n)), target) =>
            {
                Some(*n)
            }
            _ => None,
        }
    }

    /// Whether a type change only makes a VARCHAR longer: not a REORG-recommended operation.
    fn varchar_grows(&self, from: &ColumnType, to: &ColumnType, target: &Target) -> bool {
        matches!(
            (self.varchar_length(from, target), self.varchar_length(to, target)),
            (Some(a), Some(b)) if b >= a
        )
    }

    /// Db2's ALTER COLUMN, one aspect per statement (alter-column-options), the identity
    /// aspect only with `identity`; `type_` whether the type is written differently. A DEFAULT
    /// is never written on an auto-increment column (the CREATE side leaves it out; an identity
    /// column takes none, SQLSTATE 42623): it is dropped before the column becomes one, and set
    /// after DROP IDENTITY.
    fn alter_column(
        &self,
        w: &dyn Writer,
        alter: &ColumnAlter,
        type_: bool,
        identity: bool,
    ) -> Vec<Step> {
        let (table, column) = (w.ident(&alter.table.name.name), w.ident(&alter.to.name));
        let sql = format!("ALTER TABLE {table} ALTER COLUMN {column}");
        let (changes, to) = (alter.changes, alter.to);
        let becomes = changes.auto_increment && to.auto_increment;
        let stops = changes.auto_increment && !to.auto_increment;
        let new_default = to.default.as_ref().map(|d| w.value(d));
        let set_default = |default: Option<&str>| {
            Step::sql(match default {
                Some(default) => format!("{sql} SET DEFAULT {default}"),
                None => format!("{sql} DROP DEFAULT"),
            })
        };
        let mut out = Vec::new();
        if stops && identity {
            out.push(Step::sql(format!("{sql} DROP IDENTITY")));
        }
        if type_ {
            out.push(Step::sql(format!(
                "{sql} SET DATA TYPE {}",
                w.column_type(to)
            )));
        }
        if becomes {
            if changes.default || new_default.is_some() {
                out.push(set_default(None));
            }
        } else if stops {
            if new_default.is_some() {
                out.push(set_default(new_default.as_deref()));
            }
        } else if changes.default && !to.auto_increment {
            out.push(set_default(new_default.as_deref()));
        }
        if changes.nullable {
            out.push(Step::sql(if to.nullable {
                format!("{sql} DROP NOT NULL")
            } else {
                format!("{sql} SET NOT NULL")
            }));
        }
        if becomes && identity {
            out.push(Step::sql(format!(
                "{sql} SET GENERATED BY DEFAULT AS IDENTITY"
            )));
            out.push(Step::Manual(format!(
                "-- MANUAL: the identity of {table}.{column} starts at 1: if {table} has rows, restart it above them before the next insert: ALTER TABLE {table} ALTER COLUMN {column} RESTART WITH <MAX({column}) + 1>"
            )));
        }
        out
    }
}

impl Migrate for Db2 {
    /// Db2 refuses some column changes while a constraint covers the column (DROP NOT NULL of a
    /// unique-key column: SQL0542N, SQLSTATE 42831), and a unique key is a constraint or a
    /// unique index by its columns' nullability: the plan drops the keys over a changed column
    /// before the change and adds them after it, each in the form its columns then need —
    /// for a change of type, NULL-ness or identity, not of a default or a description.
    fn modify_column_keeps_constraints(&self, alter: &ColumnAlter, _kind: ConstraintKind) -> bool {
        let c = alter.changes;
        !(c.type_ || c.nullable || c.auto_increment)
    }

    /// RENAME refuses a parent or dependent table of a referential constraint (SQL0750N;
    /// "RENAME statement", r0000980, Rules): the plan drops the foreign keys of and to the
    /// table before and adds them after.
    fn rename_table_keeps_foreign_keys(&self) -> bool {
        false
    }

    /// Db2 does: "ALTER TABLE statement", DROP PRIMARY KEY "drops the definition of the
    /// primary key and all referential constraints dependent on this primary key", DROP UNIQUE
    /// constraint-name likewise for "all referential constraints dependent on this unique
    /// constraint" (also "Dropping constraints", t0020173). So the plan adds such a foreign
    /// key again after the new key, without a DROP FOREIGN KEY (or a MANUAL step for an
    /// unnamed one) before. See `a_dropped_key_gets_its_foreign_keys_back`.
    fn drop_key_drops_referencing_foreign_keys(&self) -> bool {
        true
    }

    // --- tables -----------------------------------------------------------------------------

    /// `RENAME TABLE a TO b`: Db2 has no ALTER TABLE ... RENAME TO ("RENAME statement",
    /// r0000980; the new name is unqualified). RENAME refuses the subject table of a trigger
    /// too (SQL0750N): in the sequence form the fill trigger is dropped before and written
    /// again under the new table's name after, over the sequence, which keeps OLD's name.
    fn rename_table(&self, w: &dyn Writer, from: &Table, to: &Table) -> Vec<Step> {
        let rename = Step::sql(format!(
            "RENAME TABLE {} TO {}",
            w.ident(&from.name.name),
            w.ident(&to.name.name)
        ));
        let filled = auto_increment_column(from).filter(|_| self.uses_sequences(w.target()));
        let Some(column) = filled else {
            return vec![rename];
        };
        let old_names = self.sequence_names(w, &from.name.name);
        vec![
            Step::sql(format!("DROP TRIGGER {}", old_names.trigger)),
            rename,
            self.fill_trigger(w, &to.name.name, &column.name.name, &old_names.sequence),
            Step::Manual(format!(
                "-- MANUAL: the sequence keeps its name {} (Db2 renames no sequence), where a fresh install names it {}",
                old_names.sequence,
                self.sequence_names(w, &to.name.name).sequence
            )),
        ]
    }

    /// DROP TABLE drops the table's triggers, not the sequence they use (DROP): in the
    /// sequence form the sequence is dropped after it.
    fn drop_table(&self, w: &dyn Writer, table: &Table) -> Vec<Step> {
        let mut out = vec![Step::sql(format!(
            "DROP TABLE {}",
            w.ident(&table.name.name)
        ))];
        if self.uses_sequences(w.target()) && auto_increment_column(table).is_some() {
            let sequence = self.sequence_names(w, &table.name.name).sequence;
            out.push(Step::sql(format!("DROP SEQUENCE {sequence}")));
        }
        out
    }

    /// COMMENT ON has no NULL: an empty string removes the description (COMMENT statement,
    /// r0000901).
    fn remove_table_comment(&self, table: &str) -> Option<Statement> {
        Some(Statement::new(format!("COMMENT ON TABLE {table} IS ''")))
    }

    /// See [`Migrate::remove_table_comment`].
    fn remove_column_comment(&self, table: &str, column: &str) -> Option<Statement> {
        Some(Statement::new(format!(
            "COMMENT ON COLUMN {table}.{column} IS ''"
        )))
    }

    // --- columns ----------------------------------------------------------------------------

    /// ADD COLUMN ... NOT NULL takes a default (SQL0193N): a NOT NULL column without one is
    /// added nullable, filled, then SET NOT NULL (REORG-recommended), which fails (as on other
    /// databases) while a row holds NULL. In the sequence form an auto-increment column gets
    /// the CREATE side's sequence and BEFORE INSERT trigger (CREATE SEQUENCE, CREATE TRIGGER),
    /// and the existing rows are numbered from the sequence.
    fn add_column(&self, w: &dyn Writer, table: &Table, column: &ColumnShape) -> Vec<Step> {
        let sequences = self.uses_sequences(w.target());
        let identity = column.auto_increment && !sequences;
        let writes_default = column.default.is_some() && !column.auto_increment;
        let fill_later = !column.nullable && !writes_default && !identity;
        let name = w.ident(&table.name.name);
        let added = if fill_later {
            ColumnShape {
                nullable: true,
                ..column.clone()
            }
        } else {
            column.clone()
        };
        let mut out = vec![Step::sql(format!(
            "ALTER TABLE {name} ADD COLUMN {}",
            w.column_definition(&added)
        ))];
        out.extend(self.column_comment_steps(w, table, column, false));
        if column.auto_increment && sequences {
            out.extend(self.sequence_and_fill(w, &table.name.name, &column.name));
            out.push(Step::sql(format!(
                "UPDATE {name} SET {} = NEXTVAL FOR {}",
                w.ident(&column.name),
                self.sequence_names(w, &table.name.name).sequence
            )));
        }
        if fill_later {
            out.push(Step::sql(format!(
                "ALTER TABLE {name} ALTER COLUMN {} SET NOT NULL",
                w.ident(&column.name)
            )));
            out.push(reorg(&name));
        }
        out
    }

    /// DROP COLUMN is REORG-recommended; in the sequence form the fill trigger goes before and
    /// the sequence after (DROP).
    fn drop_column(&self, w: &dyn Writer, table: &Table, column: &ColumnShape) -> Vec<Step> {
        let name = w.ident(&table.name.name);
        let filled = column.auto_increment && self.uses_sequences(w.target());
        let mut out = Vec::new();
        if filled {
            let trigger = self.sequence_names(w, &table.name.name).trigger;
            out.push(Step::sql(format!("DROP TRIGGER {trigger}")));
        }
        out.push(Step::sql(format!(
            "ALTER TABLE {name} DROP COLUMN {}",
            w.ident(&column.name)
        )));
        if filled {
            let sequence = self.kept_sequence(w, table);
            out.push(Step::sql(format!("DROP SEQUENCE {sequence}")));
        }
        out.push(reorg(&name));
        out
    }

    /// The fill trigger of the sequence form names the auto-increment column: RENAME COLUMN
    /// invalidates what depends on the column and revalidates it at once ("Renaming tables and
    /// columns"), which the trigger naming the old name would not survive. So it is dropped
    /// before and written again after, naming the column as NEW does.
    fn rename_column(
        &self,
        w: &dyn Writer,
        table: &Table,
        from: &ColumnShape,
        to: &ColumnShape,
    ) -> Vec<Step> {
        let name = &table.name.name;
        let rename = Step::sql(format!(
            "ALTER TABLE {} RENAME COLUMN {} TO {}",
            w.ident(name),
            w.ident(&from.name),
            w.ident(&to.name)
        ));
        if !(from.auto_increment && self.uses_sequences(w.target())) {
            return vec![rename];
        }
        let sequence = self.kept_sequence(w, table);
        vec![
            Step::sql(format!(
                "DROP TRIGGER {}",
                self.sequence_names(w, name).trigger
            )),
            rename,
            self.fill_trigger(w, name, &to.name, &sequence),
        ]
    }

    /// One ALTER COLUMN per aspect: SET DATA TYPE, SET DEFAULT / DROP DEFAULT, SET NOT NULL /
    /// DROP NOT NULL (alter-column-options), SET GENERATED BY DEFAULT AS IDENTITY / DROP
    /// IDENTITY ("Modifying the generated or identity property of a column"), with a MANUAL
    /// restart of a new identity above existing rows (RESTART WITH takes a constant). Left out:
    /// a type Db2 writes the same way (`char(300)` and `varchar(300)` are both VARCHAR(300)).
    /// Then the REORG after a REORG-recommended ALTER (see [`reorg`]). An identity column keeps
    /// its maximum through SET DATA TYPE (an INTEGER identity stops at 2147483647 in a BIGINT
    /// column, SQL0359N): after the REORG the maximum follows a larger integer type
    /// (identity-alteration, `SET MAXVALUE numeric-constant`). In the sequence form the
    /// identity aspect is the sequence and trigger, kept as the CREATE side writes them; the
    /// sequence is `AS BIGINT` already, so a type change leaves it alone.
    fn modify_column(&self, w: &dyn Writer, alter: &ColumnAlter) -> Vec<Step> {
        let sequences = self.uses_sequences(w.target());
        let (from, to, changes) = (alter.from, alter.to, alter.changes);
        let table = &alter.table.name.name;
        let type_ = changes.type_ && w.column_type(from) != w.column_type(to);
        let mut out = self.alter_column(w, alter, type_, !sequences);
        if changes.auto_increment && sequences {
            if to.auto_increment {
                out.extend(self.sequence_and_fill(w, table, &to.name));
                let sequence = self.sequence_names(w, table).sequence;
                out.push(Step::Manual(format!(
                    "-- MANUAL: {sequence} starts at 1: if {} has rows, restart it above them before the next insert: ALTER SEQUENCE {sequence} RESTART WITH <MAX({}) + 1>",
                    w.ident(table),
                    w.ident(&to.name)
                )));
            } else {
                let trigger = self.sequence_names(w, table).trigger;
                let sequence = self.kept_sequence(w, alter.table);
                out.push(Step::sql(format!("DROP TRIGGER {trigger}")));
                out.push(Step::sql(format!("DROP SEQUENCE {sequence}")));
            }
        }
        let target = w.target();
        if changes.nullable
            || (type_ && !self.varchar_grows(&from.column_type, &to.column_type, target))
        {
            out.push(reorg(&w.ident(table)));
        }
        let kept_identity = from.auto_increment && to.auto_increment && !sequences;
        if type_
            && kept_identity
            && let (Some(old_max), Some(new_max)) =
                (integer_max(&from.column_type), integer_max(&to.column_type))
            && new_max > old_max
        {
            out.push(Step::sql(format!(
                "ALTER TABLE {} ALTER COLUMN {} SET MAXVALUE {new_max}",
                w.ident(table),
                w.ident(&to.name)
            )));
        }
        out
    }

    // --- keys -------------------------------------------------------------------------------

    /// DROP CHECK n: the clause that also checks the constraint's kind (ALTER TABLE, DROP
    /// CHECK constraint-name), like the key drops below.
    fn drop_check_constraint(&self, table: &str, name: &str) -> String {
        format!("ALTER TABLE {table} DROP CHECK {name}")
    }

    /// An unnamed unique or foreign key has an `SQL<timestamp>` name that Db2 made up when it
    /// created it (upstream's hand-written scripts leave most keys unnamed), so it is found
    /// when the migration runs: by its table in the current schema, its kind and its columns in
    /// key order, in SYSCAT.TABCONST (TYPE 'U' / 'F') and SYSCAT.KEYCOLUSE (COLSEQ), then
    /// dropped by that name with EXECUTE IMMEDIATE, in a compiled compound statement, which
    /// the CLP runs as one statement ("Compound SQL (compiled) statement", r0056580;
    /// "EXECUTE IMMEDIATE statement", r0000950, which takes ALTER; LISTAGG, r0058709). No such
    /// key leaves the variable NULL (SQL0100W), and EXECUTE IMMEDIATE of the NULL statement
    /// fails; two such keys fail the SELECT INTO (SQL0811N): either way the migration stops
    /// rather than dropping a guess.
    fn drop_unnamed_constraint(
        &self,
        table: &str,
        stored_table: &str,
        kind: ConstraintKind,
        stored_columns: &[String],
    ) -> Option<Statement> {
        let type_code = match kind {
            ConstraintKind::PrimaryKey => return None,
            ConstraintKind::Unique => "U",
            ConstraintKind::ForeignKey => "F",
        };
        Some(Statement::block(format!(
            "BEGIN
    DECLARE found VARCHAR(128);
    \
             SELECT c.CONSTNAME INTO found
        \
             FROM SYSCAT.TABCONST c
        \
             WHERE c.TABSCHEMA = CURRENT SCHEMA AND c.TABNAME = {} AND c.TYPE = '{type_code}'
            \
             AND (SELECT LISTAGG(k.COLNAME, ',') WITHIN GROUP (ORDER BY k.COLSEQ)
                \
             FROM SYSCAT.KEYCOLUSE k
                \
             WHERE k.TABSCHEMA = c.TABSCHEMA AND k.TABNAME = c.TABNAME
                    \
             AND k.CONSTNAME = c.CONSTNAME) = {};
    \
             EXECUTE IMMEDIATE {} || found || '\"';
END",
            self.string_literal(stored_table),
            self.string_literal(&stored_columns.join(",")),
            self.string_literal(&format!("ALTER TABLE {table} DROP CONSTRAINT \"")),
        )))
    }

    /// DROP PRIMARY KEY (needs no name, so an unnamed key is dropped too), DROP UNIQUE n, DROP
    /// FOREIGN KEY n: the clause of each kind ("Dropping constraints"; ALTER TABLE, DROP
    /// PRIMARY KEY / DROP UNIQUE / DROP FOREIGN KEY), which also checks the kind. An unnamed
    /// unique or foreign key is found when the migration runs ([`Migrate::drop_unnamed_constraint`]).
    fn drop_constraint(
        &self,
        table: &str,
        name: Option<&str>,
        kind: ConstraintKind,
    ) -> Option<Statement> {
        Some(Statement::new(match (kind, name) {
            (ConstraintKind::PrimaryKey, _) => format!("ALTER TABLE {table} DROP PRIMARY KEY"),
            (ConstraintKind::Unique, Some(name)) => {
                format!("ALTER TABLE {table} DROP UNIQUE {name}")
            }
            (ConstraintKind::ForeignKey, Some(name)) => {
                format!("ALTER TABLE {table} DROP FOREIGN KEY {name}")
            }
            (_, None) => return None,
        }))
    }
}
