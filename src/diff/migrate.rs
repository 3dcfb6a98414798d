//! The ALTER vocabulary of each dialect. Defaults are ANSI SQL (SQL:2011 `ALTER COLUMN ... SET
//! DATA TYPE`, `RENAME COLUMN`); a dialect overrides what its database spells differently, in
//! its own module (`impl Migrate for Mysql` lives in `src/dialect/mysql.rs`).

use crate::dialect::{Dialect, Statement, Target};
use crate::diff::ColumnChanges;

/// Which kind of constraint a statement drops.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConstraintKind {
    PrimaryKey,
    Unique,
    ForeignKey,
}

/// One column before and after, rendered by the shared renderer for this dialect.
#[derive(Clone, Copy)]
pub struct ColumnEdit<'a> {
    pub table: &'a str,
    pub column: &'a str,
    /// The new type as the dialect writes it.
    pub new_type: &'a str,
    /// The whole new column definition (`name type [DEFAULT ..] [NOT NULL] ..`).
    pub new_definition: &'a str,
    pub new_nullable: bool,
    /// The new default, rendered; `None` for no default.
    pub new_default: Option<&'a str>,
    pub new_auto_increment: bool,
    pub changes: ColumnChanges,
}

/// Names are passed already quoted as the product's policy says.
pub trait Migrate: Dialect {
    fn add_column(&self, table: &str, definition: &str) -> Statement {
        Statement::new(format!("ALTER TABLE {table} ADD COLUMN {definition}"))
    }

    fn drop_column(&self, table: &str, column: &str) -> Statement {
        Statement::new(format!("ALTER TABLE {table} DROP COLUMN {column}"))
    }

    fn rename_column(&self, table: &str, from: &str, to: &str) -> Statement {
        Statement::new(format!("ALTER TABLE {table} RENAME COLUMN {from} TO {to}"))
    }

    fn rename_table(&self, from: &str, to: &str) -> Statement {
        Statement::new(format!("ALTER TABLE {from} RENAME TO {to}"))
    }

    fn drop_table(&self, table: &str) -> Statement {
        Statement::new(format!("DROP TABLE {table}"))
    }

    fn drop_index(&self, _table: &str, index: &str) -> Statement {
        Statement::new(format!("DROP INDEX {index}"))
    }

    fn add_constraint(&self, table: &str, clause: &str) -> Statement {
        Statement::new(format!("ALTER TABLE {table} ADD {clause}"))
    }

    /// Drops a constraint by name; `name` is `None` for an unnamed primary key.
    fn drop_constraint(
        &self,
        table: &str,
        name: Option<&str>,
        _kind: ConstraintKind,
    ) -> Option<Statement> {
        name.map(|name| Statement::new(format!("ALTER TABLE {table} DROP CONSTRAINT {name}")))
    }

    /// What drops the index the database made by itself for a foreign key that is dropped
    /// (`covered`: another index already served the key, so none was made).
    fn drop_foreign_key_index(
        &self,
        _table: &str,
        _name: &str,
        _covered: bool,
    ) -> Option<Statement> {
        None
    }

    /// The name the database gives an unnamed constraint, where it follows a documented rule.
    /// `table` and `columns` are the names as stored in the catalog (case folded).
    fn implicit_constraint_name(
        &self,
        _table: &str,
        _kind: ConstraintKind,
        _columns: &[String],
        _ordinal: usize,
    ) -> Option<String> {
        None
    }

    /// Statements that change a column in place (ANSI: one ALTER COLUMN per aspect).
    fn modify_column(&self, edit: &ColumnEdit) -> Vec<Statement> {
        ansi_modify_column(edit)
    }

    /// Statements the database needs after changes before the table is usable again (Db2's
    /// REORG after some ALTERs). `tables` are the altered tables.
    fn after_alter(&self, _tables: &[String]) -> Vec<Statement> {
        Vec::new()
    }

    /// Whether [`Migrate::modify_column`] keeps the constraints over the column: the table's
    /// primary key, unique keys and foreign keys that include it, and other tables' foreign keys
    /// that reference it. Where it drops them (Informix's MODIFY), the plan drops them by name
    /// before the change and adds them again after it. ANSI keeps them.
    fn modify_column_keeps_constraints(&self) -> bool {
        true
    }

    /// [`Migrate::modify_column`] for databases whose way to change a column depends on what
    /// it was or on the target version (Oracle: a NUMBER's precision only grows in place, a LOB
    /// type is never reached in place, identity exists from 12c). `from_type` is the column's
    /// old type as this dialect writes it. A statement whose SQL starts with `-- MANUAL:` is a
    /// step by hand (written without a terminator). ANSI: [`Migrate::modify_column`].
    fn modify_column_from(
        &self,
        edit: &ColumnEdit,
        _from_type: &str,
        _target: &Target,
    ) -> Vec<Statement> {
        self.modify_column(edit)
    }

    /// Drops an unnamed UNIQUE or FOREIGN KEY constraint whose name the database made up by no
    /// documented rule ([`Migrate::implicit_constraint_name`] gives none), for a database that
    /// can find it when the migration runs (SQL Server: a T-SQL block reading its catalog).
    /// `table` is quoted; `stored_table` and `stored_columns` are as the catalog stores them.
    /// ANSI has no such look-up: `None`, and the plan writes a MANUAL step.
    fn drop_unnamed_constraint(
        &self,
        _table: &str,
        _stored_table: &str,
        _kind: ConstraintKind,
        _stored_columns: &[String],
    ) -> Option<Statement> {
        None
    }

    /// The statements of one change as the methods above rendered them (`rendered`), amended
    /// by a dialect that needs what only the models know: `old` for what is dropped or
    /// renamed, `new` for what is added, `renderer` for quoting and the target. Db2 writes a
    /// unique key over a nullable column as a unique index, REORGs a table right after the
    /// ALTERs that leave it unusable until then, and keeps up the sequence and trigger of an
    /// auto-increment column. ANSI: as rendered.
    fn amend_change(
        &self,
        _change: &crate::diff::Change,
        rendered: Vec<crate::diff::plan::MigrationStatement>,
        _old: &crate::model::Model,
        _new: &crate::model::Model,
        _renderer: &crate::emit::render::Renderer,
    ) -> Vec<crate::diff::plan::MigrationStatement> {
        rendered
    }
}

/// SQL:2011 column changes, one ALTER COLUMN per aspect: the default of
/// [`Migrate::modify_column`], also for dialects that only change how one aspect is written.
pub fn ansi_modify_column(edit: &ColumnEdit) -> Vec<Statement> {
    let alter = format!("ALTER TABLE {} ALTER COLUMN {}", edit.table, edit.column);
    let mut out = Vec::new();
    if edit.changes.type_ {
        out.push(Statement::new(format!(
            "{alter} SET DATA TYPE {}",
            edit.new_type
        )));
    }
    if edit.changes.default {
        out.push(Statement::new(match edit.new_default {
            Some(default) => format!("{alter} SET DEFAULT {default}"),
            None => format!("{alter} DROP DEFAULT"),
        }));
    }
    if edit.changes.nullable {
        out.push(Statement::new(if edit.new_nullable {
            format!("{alter} DROP NOT NULL")
        } else {
            format!("{alter} SET NOT NULL")
        }));
    }
    if edit.changes.auto_increment {
        out.push(Statement::new(if edit.new_auto_increment {
            format!("{alter} ADD GENERATED BY DEFAULT AS IDENTITY")
        } else {
            format!("{alter} DROP IDENTITY")
        }));
    }
    out
}
