//! MySQL 8 and MariaDB 10.11 with InnoDB.

use super::data::dialect_data;
use super::{AutoIncrement, Dialect, DialectData, DialectName, Statement, Target};
use crate::diff::migrate::{ColumnEdit, ConstraintKind, Migrate};

pub struct Mysql;

impl Dialect for Mysql {
    fn name(&self) -> DialectName {
        DialectName::Mysql
    }

    fn data(&self) -> &'static DialectData {
        dialect_data!("mysql")
    }

    /// MySQL quotes identifiers with backticks unless ANSI_QUOTES is set, which we cannot assume.
    fn quote_identifier(&self, name: &str) -> String {
        format!("`{}`", name.replace('`', "``"))
    }

    /// Backslash is an escape character in MySQL string literals unless NO_BACKSLASH_ESCAPES is
    /// set (<https://dev.mysql.com/doc/refman/8.0/en/string-literals.html>), so it is doubled too.
    fn string_literal(&self, text: &str) -> String {
        format!("'{}'", text.replace('\\', "\\\\").replace('\'', "''"))
    }

    /// MySQL has no identity columns; AUTO_INCREMENT is its form.
    fn auto_increment(&self, _target: &Target) -> AutoIncrement {
        AutoIncrement::Clause("AUTO_INCREMENT".to_string())
    }

    /// MySQL has no `COMMENT ON`; comments are column attributes and a table option.
    fn inline_column_comments(&self) -> bool {
        true
    }

    /// The storage engine from the `engine` setting: InnoDB for foreign keys and transactions
    /// (WSO2 writes ENGINE INNODB on every table), NDB for the mysql_cluster variant.
    fn table_options(&self, table_comment: Option<&str>, target: &Target) -> Vec<String> {
        let mut options = vec![format!(
            "ENGINE={}",
            target.setting("engine").unwrap_or("InnoDB")
        )];
        if let Some(comment) = table_comment {
            options.push(format!("COMMENT={}", self.string_literal(comment)));
        }
        options
    }
}

impl Migrate for Mysql {
    /// MODIFY restates the whole column: type, NULL-ness, default, AUTO_INCREMENT, comment
    /// (<https://dev.mysql.com/doc/refman/8.0/en/alter-table.html>).
    fn modify_column(&self, edit: &ColumnEdit) -> Vec<Statement> {
        vec![Statement::new(format!(
            "ALTER TABLE {} MODIFY COLUMN {}",
            edit.table, edit.new_definition
        ))]
    }

    fn rename_table(&self, from: &str, to: &str) -> Statement {
        Statement::new(format!("RENAME TABLE {from} TO {to}"))
    }

    /// An index belongs to its table in MySQL: `DROP INDEX i ON t`.
    fn drop_index(&self, table: &str, index: &str) -> Statement {
        Statement::new(format!("DROP INDEX {index} ON {table}"))
    }

    /// MySQL has no DROP CONSTRAINT before 8.0.19, and MariaDB drops keys as indexes.
    fn drop_constraint(
        &self,
        table: &str,
        name: Option<&str>,
        kind: ConstraintKind,
    ) -> Option<Statement> {
        Some(Statement::new(match (kind, name) {
            (ConstraintKind::PrimaryKey, _) => format!("ALTER TABLE {table} DROP PRIMARY KEY"),
            (ConstraintKind::Unique, Some(name)) => {
                format!("ALTER TABLE {table} DROP INDEX {name}")
            }
            (ConstraintKind::ForeignKey, Some(name)) => {
                format!("ALTER TABLE {table} DROP FOREIGN KEY {name}")
            }
            (_, None) => return None,
        }))
    }

    /// InnoDB creates an index for a foreign key no index serves, and keeps it when the key is
    /// dropped (<https://dev.mysql.com/doc/refman/8.0/en/create-table-foreign-keys.html>).
    fn drop_foreign_key_index(&self, table: &str, name: &str, covered: bool) -> Option<Statement> {
        (!covered).then(|| Statement::new(format!("DROP INDEX {name} ON {table}")))
    }

    /// InnoDB names an unnamed foreign key `<table>_ibfk_<n>` and an unnamed unique key after
    /// its first column (<https://dev.mysql.com/doc/refman/8.0/en/create-table-foreign-keys.html>).
    fn implicit_constraint_name(
        &self,
        table: &str,
        kind: ConstraintKind,
        columns: &[String],
        ordinal: usize,
    ) -> Option<String> {
        match kind {
            ConstraintKind::PrimaryKey => Some("PRIMARY".to_string()),
            ConstraintKind::Unique => columns.first().cloned(),
            ConstraintKind::ForeignKey => Some(format!("{table}_ibfk_{ordinal}")),
        }
    }
}
