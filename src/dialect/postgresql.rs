//! PostgreSQL 12+. Close to the ANSI defaults: identity columns, `COMMENT ON`, folded to lower case.

use sea_query::ColumnType;

use super::data::dialect_data;
use super::migrate::{
    ColumnAlter, ColumnShape, ConstraintKind, Migrate, Step, Writer, ansi_alter_column,
    rename_derived_names_of_column,
};
use super::{Dialect, DialectData, DialectName, IdentityColumn, Statement, Target};
use crate::model::Table;

pub struct Postgresql;

impl Dialect for Postgresql {
    fn name(&self) -> DialectName {
        DialectName::Postgresql
    }

    fn data(&self) -> &'static DialectData {
        dialect_data!("postgresql")
    }

    /// An explicit value does not move an identity's sequence, so the next row without one
    /// would get a taken number (duplicate key). `setval` moves it to the highest value in the
    /// table, which also holds where the table had rows before the migration; values below
    /// the identity's start (WSO2's tenant -1234) leave it where it starts (`is_called`
    /// false: the next value is 1), as setval refuses a value below the sequence's minimum
    /// (<https://www.postgresql.org/docs/15/functions-sequence.html>; `pg_get_serial_sequence`
    /// takes the table as SQL text and the column as stored, and finds identity sequences too).
    fn rows_giving_identity(
        &self,
        _target: &Target,
        identity: &IdentityColumn,
        mut inserts: Vec<Statement>,
    ) -> Vec<Statement> {
        inserts.push(Statement::new(format!(
            "SELECT setval(pg_get_serial_sequence({}, {}), GREATEST(MAX({column}), 1), COALESCE(MAX({column}) >= 1, false)) FROM {table}",
            self.string_literal(&identity.table),
            self.string_literal(&identity.stored_column),
            table = identity.table,
            column = identity.column,
        )));
        inserts
    }
}

/// Whether a column type holds text (PostgreSQL converts any type to it by assignment).
fn is_text(column_type: &ColumnType) -> bool {
    matches!(
        column_type,
        ColumnType::String(_) | ColumnType::Char(_) | ColumnType::Text
    )
}

impl Migrate for Postgresql {
    /// A type change writes `USING c::type` only where PostgreSQL has no assignment cast (text
    /// to a number, a boolean to or from a number): an explicit cast to a shorter VARCHAR cuts
    /// the value, while the assignment cast refuses what does not fit (SQLSTATE 22001), so a
    /// change to a text type never has one
    /// (<https://www.postgresql.org/docs/15/sql-altertable.html>, "USING"; "Type Conversion:
    /// Value Storage"). An identity column's sequence follows a change to BIGINT.
    fn modify_column(&self, w: &dyn Writer, alter: &ColumnAlter) -> Vec<Step> {
        let (table, column) = (w.ident(&alter.table.name.name), w.ident(&alter.to.name));
        let mut out = Vec::new();
        if alter.changes.type_ {
            let new_type = w.column_type(alter.to);
            let (from, to) = (&alter.from.column_type, &alter.to.column_type);
            let boolean = |t: &ColumnType| matches!(t, ColumnType::Boolean);
            let using = !is_text(to) && (is_text(from) || boolean(from) != boolean(to));
            out.push(Step::sql(if using {
                format!("ALTER TABLE {table} ALTER COLUMN {column} TYPE {new_type} USING {column}::{new_type}")
            } else {
                format!("ALTER TABLE {table} ALTER COLUMN {column} TYPE {new_type}")
            }));
        }
        let mut rest = *alter;
        rest.changes.type_ = false;
        out.extend(ansi_alter_column(w, &rest));
        out
    }

    /// RENAME COLUMN keeps the derived names of the unnamed keys over the column: renamed to
    /// what a fresh install names them.
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
        out.extend(rename_derived_names_of_column(self, w, table, from, to));
        out
    }

    /// PostgreSQL names unnamed constraints `<table>_pkey`, `<table>_<columns>_key` and
    /// `<table>_<columns>_fkey` (ChooseConstraintName; names over 63 bytes are shortened by
    /// rules we do not reproduce, so those are left to the DBA).
    fn implicit_constraint_name(
        &self,
        table: &str,
        kind: ConstraintKind,
        columns: &[String],
        _ordinal: usize,
    ) -> Option<String> {
        let name = match kind {
            ConstraintKind::PrimaryKey => format!("{table}_pkey"),
            ConstraintKind::Unique => format!("{table}_{}_key", columns.join("_")),
            ConstraintKind::ForeignKey => format!("{table}_{}_fkey", columns.join("_")),
        };
        (name.len() <= 63).then_some(name)
    }
}
