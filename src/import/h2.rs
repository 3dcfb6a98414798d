//! H2 scripts: read with sqlparser's generic dialect (it has no H2 dialect; H2's DDL is
//! close to the standard that dialect reads).

use sqlparser::dialect::GenericDialect;

use super::source::{SqlSource, TypeAlias};
use crate::model::{DialectName, PortableType};

pub struct H2;

impl SqlSource for H2 {
    fn dialect(&self) -> DialectName {
        DialectName::H2
    }

    fn parser_dialect(&self) -> &dyn sqlparser::dialect::Dialect {
        &GenericDialect {}
    }

    fn default_version(&self) -> &'static str {
        "2.1"
    }

    fn type_alias(&self, base: &str, _args: &[u32]) -> Option<TypeAlias> {
        match base {
            "DOUBLE" => TypeAlias::plain(PortableType::Double),
            "CHARACTER LARGE OBJECT" => TypeAlias::plain(PortableType::Text),
            "BINARY LARGE OBJECT" => TypeAlias::plain(PortableType::Blob),
            _ => None,
        }
    }
}
