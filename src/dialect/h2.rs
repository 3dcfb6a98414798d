//! H2 2.x. ANSI identity columns and `COMMENT ON`; unquoted names fold to upper case.

use super::data::dialect_data;
use super::{Dialect, DialectData, DialectName, Statement};
use crate::diff::migrate::{ColumnEdit, ConstraintKind, Migrate};

pub struct H2;

impl Dialect for H2 {
    fn name(&self) -> DialectName {
        DialectName::H2
    }

    fn data(&self) -> &'static DialectData {
        dialect_data!("h2")
    }
}

impl Migrate for H2 {
    /// H2 renames a column with ALTER COLUMN ... RENAME TO
    /// (<https://h2database.com/html/commands.html#alter_table_alter_column_rename>).
    fn rename_column(&self, table: &str, from: &str, to: &str) -> Statement {
        Statement::new(format!(
            "ALTER TABLE {table} ALTER COLUMN {from} RENAME TO {to}"
        ))
    }

    /// Redefining the column is H2's way to add or drop identity
    /// (<https://h2database.com/html/commands.html#alter_table_alter_column>).
    fn modify_column(&self, edit: &ColumnEdit) -> Vec<Statement> {
        if edit.changes.auto_increment {
            return vec![Statement::new(format!(
                "ALTER TABLE {} ALTER COLUMN {}",
                edit.table, edit.new_definition
            ))];
        }
        crate::diff::migrate::ansi_modify_column(edit)
    }

    /// H2 drops an unnamed primary key without a name; other unnamed constraints get
    /// hash-based names (CONSTRAINT_xx) that cannot be predicted.
    fn drop_constraint(
        &self,
        table: &str,
        name: Option<&str>,
        kind: ConstraintKind,
    ) -> Option<Statement> {
        match (kind, name) {
            (ConstraintKind::PrimaryKey, None) => Some(Statement::new(format!(
                "ALTER TABLE {table} DROP PRIMARY KEY"
            ))),
            (_, Some(name)) => Some(Statement::new(format!(
                "ALTER TABLE {table} DROP CONSTRAINT {name}"
            ))),
            (_, None) => None,
        }
    }
}
