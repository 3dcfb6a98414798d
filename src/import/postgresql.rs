//! PostgreSQL scripts: `SERIAL` types and the `int4`-style names `pg_dump` writes.

use sqlparser::dialect::PostgreSqlDialect;

use super::source::{SqlSource, TypeAlias};
use crate::model::{DialectName, PortableType};

pub struct Postgresql;

impl SqlSource for Postgresql {
    fn dialect(&self) -> DialectName {
        DialectName::Postgresql
    }

    fn parser_dialect(&self) -> &dyn sqlparser::dialect::Dialect {
        &PostgreSqlDialect {}
    }

    fn default_version(&self) -> &'static str {
        "12"
    }

    fn type_alias(&self, base: &str, _args: &[u32]) -> Option<TypeAlias> {
        let serial = |portable| {
            Some(TypeAlias {
                portable,
                auto_increment: true,
            })
        };
        match base {
            "SERIAL" | "SERIAL4" => serial(PortableType::Integer),
            "BIGSERIAL" | "SERIAL8" => serial(PortableType::BigInt),
            "SMALLSERIAL" | "SERIAL2" => serial(PortableType::SmallInt),
            "INT4" => TypeAlias::plain(PortableType::Integer),
            "INT8" => TypeAlias::plain(PortableType::BigInt),
            "INT2" => TypeAlias::plain(PortableType::SmallInt),
            "BOOL" => TypeAlias::plain(PortableType::Boolean),
            "FLOAT8" => TypeAlias::plain(PortableType::Double),
            "TIMESTAMP WITHOUT TIME ZONE" => TypeAlias::plain(PortableType::Timestamp),
            _ => None,
        }
    }
}
