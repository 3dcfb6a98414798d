//! MySQL 8 and MariaDB 10.11 with InnoDB.

use super::data::dialect_data;
use super::{AutoIncrement, Dialect, DialectData, DialectName, Target};

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
