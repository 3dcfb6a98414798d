//! PostgreSQL 12+. Close to the ANSI defaults: identity columns, `COMMENT ON`, folded to lower case.

use super::data::dialect_data;
use super::{Dialect, DialectData, DialectName, Statement};
use crate::diff::migrate::{ColumnEdit, ConstraintKind, Migrate};

pub struct Postgresql;

impl Dialect for Postgresql {
    fn name(&self) -> DialectName {
        DialectName::Postgresql
    }

    fn data(&self) -> &'static DialectData {
        dialect_data!("postgresql")
    }
}

impl Migrate for Postgresql {
    /// `USING col::type` so a change that needs a cast says so instead of failing
    /// (<https://www.postgresql.org/docs/15/sql-altertable.html>).
    fn modify_column(&self, edit: &ColumnEdit) -> Vec<Statement> {
        let alter = format!("ALTER TABLE {} ALTER COLUMN {}", edit.table, edit.column);
        let mut out = Vec::new();
        if edit.changes.type_ {
            out.push(Statement::new(format!(
                "{alter} TYPE {} USING {}::{}",
                edit.new_type, edit.column, edit.new_type
            )));
        }
        let rest = ColumnEdit {
            changes: crate::diff::ColumnChanges {
                type_: false,
                ..edit.changes
            },
            ..*edit
        };
        out.extend(crate::diff::migrate::ansi_modify_column(&rest));
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
