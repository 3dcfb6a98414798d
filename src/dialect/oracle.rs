//! Oracle: not yet written to the database's own conventions (ANSI defaults only).

use super::data::dialect_data;
use super::{Dialect, DialectData, DialectName};

pub struct Oracle;

impl Dialect for Oracle {
    fn name(&self) -> DialectName {
        DialectName::Oracle
    }

    fn data(&self) -> &'static DialectData {
        dialect_data!("oracle")
    }
}
