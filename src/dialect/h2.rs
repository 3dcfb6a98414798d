//! H2 2.x. ANSI identity columns and `COMMENT ON`; unquoted names fold to upper case.

use super::data::dialect_data;
use super::{Dialect, DialectData, DialectName};

pub struct H2;

impl Dialect for H2 {
    fn name(&self) -> DialectName {
        DialectName::H2
    }

    fn data(&self) -> &'static DialectData {
        dialect_data!("h2")
    }
}
