//! Mssql: not yet written to the database's own conventions (ANSI defaults only).

use super::data::dialect_data;
use super::{Dialect, DialectData, DialectName};

pub struct Mssql;

impl Dialect for Mssql {
    fn name(&self) -> DialectName {
        DialectName::Mssql
    }

    fn data(&self) -> &'static DialectData {
        dialect_data!("mssql")
    }
}
