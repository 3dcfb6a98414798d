//! MySQL and MariaDB scripts: display widths (`INT(11)`) and `TINYINT(1)` for booleans, as
//! `mysqldump` writes them.

use sqlparser::dialect::MySqlDialect;

use super::source::{SqlSource, TypeAlias};
use crate::model::{DialectName, PortableType};

pub struct Mysql;

impl SqlSource for Mysql {
    fn dialect(&self) -> DialectName {
        DialectName::Mysql
    }

    fn parser_dialect(&self) -> &dyn sqlparser::dialect::Dialect {
        &MySqlDialect {}
    }

    fn default_version(&self) -> &'static str {
        "8.0"
    }

    fn is_line_command(&self, words: &[String]) -> bool {
        words.first().is_some_and(|w| w == "DELIMITER")
    }

    fn type_alias(&self, base: &str, args: &[u32]) -> Option<TypeAlias> {
        // A display width is no part of the type (MySQL 8.0.17 deprecates it).
        match (base, args) {
            ("TINYINT", [1]) | ("BOOL", []) => TypeAlias::plain(PortableType::Boolean),
            ("INT" | "INTEGER", [_]) => TypeAlias::plain(PortableType::Integer),
            ("BIGINT", [_]) => TypeAlias::plain(PortableType::BigInt),
            ("SMALLINT", [_]) => TypeAlias::plain(PortableType::SmallInt),
            _ => None,
        }
    }
}
