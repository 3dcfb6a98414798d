//! MySQL 8 and MariaDB 10.11 with InnoDB.

use super::data::dialect_data;
use super::{CommentStyle, Dialect, DialectData, DialectName};

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
    fn auto_increment_clause(&self) -> &'static str {
        "AUTO_INCREMENT"
    }

    fn default_allowed_with_identity(&self) -> bool {
        false
    }

    /// MySQL has no `COMMENT ON`; comments are column attributes and a table option.
    fn comment_style(&self) -> CommentStyle {
        CommentStyle::Inline
    }

    /// InnoDB for foreign keys and transactions (WSO2 writes ENGINE INNODB on every table).
    fn table_options(&self, table_comment: Option<&str>) -> Vec<String> {
        let mut options = vec!["ENGINE=InnoDB".to_string()];
        if let Some(comment) = table_comment {
            options.push(format!("COMMENT={}", self.string_literal(comment)));
        }
        options
    }
}
