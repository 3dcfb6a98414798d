//! H2 2.x. ANSI identity columns and `COMMENT ON`; unquoted names fold to upper case.

use super::data::dialect_data;
use super::migrate::{
    ColumnAlter, ColumnShape, ConstraintKind, Migrate, Step, Writer, ansi_alter_column,
    integer_max, rename_derived_names_of_column,
};
use super::{Dialect, DialectData, DialectName, Statement};
use crate::model::Table;

pub struct H2;

impl Dialect for H2 {
    /// H2 creates one (its `CONSTRAINT_INDEX_n`).
    fn creates_foreign_key_indexes(&self) -> bool {
        true
    }

    fn name(&self) -> DialectName {
        DialectName::H2
    }

    fn data(&self) -> &'static DialectData {
        dialect_data!("h2")
    }
}

impl Migrate for H2 {
    /// H2 lets a foreign key use an existing index over its columns, and then refuses to drop
    /// that index ("Index ... belongs to constraint ...", error 90085
    /// INDEX_BELONGS_TO_CONSTRAINT, seen on H2 2.1): the plan drops the foreign key before and
    /// adds it again after, as for InnoDB.
    fn foreign_keys_hold_their_indexes(&self) -> bool {
        true
    }

    /// H2 renames a column with ALTER COLUMN ... RENAME TO
    /// (<https://h2database.com/html/commands.html#alter_table_alter_column_rename>), and the
    /// names schemagen gave the unnamed keys over it after it.
    fn rename_column(
        &self,
        w: &dyn Writer,
        table: &Table,
        from: &ColumnShape,
        to: &ColumnShape,
    ) -> Vec<Step> {
        let mut out = vec![Step::sql(format!(
            "ALTER TABLE {} ALTER COLUMN {} RENAME TO {}",
            w.ident(&table.name.name),
            w.ident(&from.name),
            w.ident(&to.name)
        ))];
        out.extend(rename_derived_names_of_column(self, w, table, from, to));
        out
    }

    /// Redefining the column is H2's way to add or drop identity
    /// (<https://h2database.com/html/commands.html#alter_table_alter_column>). An identity keeps
    /// its maximum through SET DATA TYPE (an INTEGER identity stops at 2147483647 in a BIGINT
    /// column), so the maximum follows the new type (`SET MAXVALUE`, the same page).
    fn modify_column(&self, w: &dyn Writer, alter: &ColumnAlter) -> Vec<Step> {
        if alter.changes.auto_increment {
            return vec![Step::sql(format!(
                "ALTER TABLE {} ALTER COLUMN {}",
                w.ident(&alter.table.name.name),
                w.column_definition(alter.to)
            ))];
        }
        let mut out = ansi_alter_column(w, alter);
        if alter.changes.type_
            && alter.to.auto_increment
            && let Some(max) = integer_max(&alter.to.column_type)
        {
            out.push(Step::sql(format!(
                "ALTER TABLE {} ALTER COLUMN {} SET MAXVALUE {max}",
                w.ident(&alter.table.name.name),
                w.ident(&alter.to.name)
            )));
        }
        out
    }

    /// H2 drops an unnamed primary key without a name; the other keys have names (the model's,
    /// or the ones schemagen gives them: `names_unnamed_keys` in dialects/h2).
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
