//! PostgreSQL 12+. Close to the ANSI defaults: identity columns, `COMMENT ON`, folded to lower case.

use sea_query::ColumnType;

use super::data::dialect_data;
use super::migrate::{
    ColumnAlter, ColumnShape, ConstraintKind, Migrate, Step, Writer, ansi_alter_column,
};
use super::{Dialect, DialectData, DialectName};
use crate::model::Table;

pub struct Postgresql;

/// An unnamed constraint whose name PostgreSQL derives: its kind, its columns, its position.
type DerivedConstraint = (ConstraintKind, Vec<String>, usize);

impl Dialect for Postgresql {
    fn name(&self) -> DialectName {
        DialectName::Postgresql
    }

    fn data(&self) -> &'static DialectData {
        dialect_data!("postgresql")
    }
}

/// Whether a column type holds text (PostgreSQL converts any type to it by assignment).
fn is_text(column_type: &ColumnType) -> bool {
    matches!(
        column_type,
        ColumnType::String(_) | ColumnType::Char(_) | ColumnType::Text
    )
}

impl Postgresql {
    /// The unnamed constraints of `table` whose names PostgreSQL derives from the table's and
    /// columns' names (`<table>_pkey`, `<table>_<cols>_key`, `<table>_<cols>_fkey`), named as
    /// the catalog stores them: `(kind, columns, ordinal)`.
    fn unnamed_constraints(table: &Table) -> Vec<DerivedConstraint> {
        let names = |cols: &[crate::model::Ident]| cols.iter().map(|c| c.name.clone()).collect();
        let mut out = Vec::new();
        if let Some(pk) = table.primary_key.as_ref().filter(|pk| pk.name.is_none()) {
            out.push((ConstraintKind::PrimaryKey, names(&pk.columns), 1));
        }
        for u in table.uniques.iter().filter(|u| u.name.is_none()) {
            out.push((ConstraintKind::Unique, names(&u.columns), 1));
        }
        for (i, fk) in table.foreign_keys.iter().enumerate() {
            if fk.name.is_none() {
                out.push((ConstraintKind::ForeignKey, names(&fk.columns), i + 1));
            }
        }
        out
    }

    /// `ALTER TABLE t RENAME CONSTRAINT a TO b` for every derived name that differs between
    /// `from` (as it was named) and what a fresh CREATE of the table names it now (renaming a
    /// primary or unique key's constraint renames its index too). A name over 63 bytes is
    /// shortened by rules not reproduced here, so it is left alone.
    fn rename_derived(
        &self,
        w: &dyn Writer,
        table_now: &str,
        before: (&str, &[DerivedConstraint]),
        after: (&str, &[DerivedConstraint]),
    ) -> Vec<Step> {
        let stored = |cols: &[String]| cols.iter().map(|c| w.stored(c)).collect::<Vec<_>>();
        let mut out = Vec::new();
        for ((kind, old_cols, ordinal), (_, new_cols, _)) in before.1.iter().zip(after.1) {
            let old = self.implicit_constraint_name(
                &w.stored(before.0),
                *kind,
                &stored(old_cols),
                *ordinal,
            );
            let new = self.implicit_constraint_name(
                &w.stored(after.0),
                *kind,
                &stored(new_cols),
                *ordinal,
            );
            if let (Some(old), Some(new)) = (old, new)
                && old != new
            {
                out.push(Step::sql(format!(
                    "ALTER TABLE {} RENAME CONSTRAINT {} TO {}",
                    w.ident(table_now),
                    super::names::quote_stored(self, &old),
                    super::names::quote_stored(self, &new)
                )));
            }
        }
        out
    }
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

    /// RENAME keeps the names PostgreSQL derived from the old name; they are renamed to what a
    /// fresh install names them, so that a later release can drop them by that name.
    fn rename_table(&self, w: &dyn Writer, from: &Table, to: &Table) -> Vec<Step> {
        let mut out = vec![Step::sql(format!(
            "ALTER TABLE {} RENAME TO {}",
            w.ident(&from.name.name),
            w.ident(&to.name.name)
        ))];
        // OLD's unnamed constraints that NEW still has (its columns followed through declared
        // renames): the others were dropped before the rename.
        let new_name_of = |old: &String| {
            to.columns
                .iter()
                .find(|c| c.renamed_from.as_ref() == Some(old))
                .map_or(old.clone(), |c| c.name.name.clone())
        };
        let now = Self::unnamed_constraints(to);
        let kept: Vec<_> = Self::unnamed_constraints(from)
            .into_iter()
            .filter(|(kind, cols, _)| {
                let cols: Vec<String> = cols.iter().map(new_name_of).collect();
                now.iter().any(|(k, c, _)| k == kind && *c == cols)
            })
            .collect();
        out.extend(self.rename_derived(
            w,
            &to.name.name,
            (&from.name.name, &kept),
            (&to.name.name, &kept),
        ));
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
        let after: Vec<_> = Self::unnamed_constraints(table)
            .into_iter()
            .filter(|(_, cols, _)| cols.contains(&to.name))
            .collect();
        let before: Vec<_> = after
            .iter()
            .map(|(k, cols, o)| {
                let cols = cols
                    .iter()
                    .map(|c| {
                        if *c == to.name {
                            from.name.clone()
                        } else {
                            c.clone()
                        }
                    })
                    .collect();
                (*k, cols, *o)
            })
            .collect();
        let name = &table.name.name;
        out.extend(self.rename_derived(w, name, (name, &before), (name, &after)));
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
