//! Db2: not yet written to the database's own conventions (ANSI defaults only).

use super::data::dialect_data;
use super::{Dialect, DialectData, DialectName};

pub struct Db2;

impl Dialect for Db2 {
    fn name(&self) -> DialectName {
        DialectName::Db2
    }

    fn data(&self) -> &'static DialectData {
        dialect_data!("db2")
    }
}
