//! PostgreSQL 12+. Close to the ANSI defaults: identity columns, `COMMENT ON`, folded to lower case.

use super::data::dialect_data;
use super::{Dialect, DialectData, DialectName};

pub struct Postgresql;

impl Dialect for Postgresql {
    fn name(&self) -> DialectName {
        DialectName::Postgresql
    }

    fn data(&self) -> &'static DialectData {
        dialect_data!("postgresql")
    }
}
