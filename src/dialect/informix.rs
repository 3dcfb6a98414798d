//! Informix: not yet written to the database's own conventions (ANSI defaults only).

use super::data::dialect_data;
use super::{Dialect, DialectData, DialectName};

pub struct Informix;

impl Dialect for Informix {
    fn name(&self) -> DialectName {
        DialectName::Informix
    }

    fn data(&self) -> &'static DialectData {
        dialect_data!("informix")
    }
}
