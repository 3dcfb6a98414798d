//! What the importer asks of each dialect's scripts: the sqlparser dialect that reads them,
//! where their statements end, and the type words they use beyond the ones schemagen
//! generates (which are read back through the dialect's own type map, `super::types`).

use sqlparser::tokenizer::TokenWithSpan;

use crate::model::{DialectName, PortableType};

/// A type word of a dialect's scripts that names a portable type in another spelling.
pub struct TypeAlias {
    pub portable: PortableType,
    /// The type itself makes the column auto-increment (PostgreSQL `SERIAL`).
    pub auto_increment: bool,
}

impl TypeAlias {
    pub fn plain(portable: PortableType) -> Option<TypeAlias> {
        Some(TypeAlias {
            portable,
            auto_increment: false,
        })
    }
}

pub trait SqlSource: Sync {
    fn dialect(&self) -> DialectName;

    fn parser_dialect(&self) -> &dyn sqlparser::dialect::Dialect;

    /// The target version written into product.yaml (scripts do not say theirs).
    fn default_version(&self) -> &'static str;

    /// Whether the token at `at` ends a statement besides `;`.
    fn ends_statement(&self, _tokens: &[TokenWithSpan], _at: usize) -> bool {
        false
    }

    /// Whether a statement starting with `words` is a procedural block whose `;` do not end
    /// it (it ends at [`SqlSource::ends_statement`]).
    fn starts_block(&self, _words: &[String]) -> bool {
        false
    }

    /// Whether a statement starting with `words` is a client command that ends at the end of
    /// its line (SQL*Plus `SET DEFINE OFF`).
    fn is_line_command(&self, _words: &[String]) -> bool {
        false
    }

    /// The tokens to parse, less what sqlparser cannot read and the model does not keep
    /// (T-SQL's `IF NOT EXISTS` guard, Oracle's identity options).
    fn prepared(&self, tokens: &[TokenWithSpan]) -> Vec<TokenWithSpan> {
        tokens.to_vec()
    }

    /// `base` (upper case, e.g. `INT4`, `CHARACTER VARYING`) with `args` as a portable type,
    /// for spellings the dialect's type map does not produce.
    fn type_alias(&self, _base: &str, _args: &[u32]) -> Option<TypeAlias> {
        None
    }
}

/// The reader of each dialect's scripts, where sqlparser has a dialect for it.
pub fn source_for(dialect: DialectName) -> Result<&'static dyn SqlSource, String> {
    match dialect {
        DialectName::Postgresql => Ok(&super::postgresql::Postgresql),
        DialectName::Mysql => Ok(&super::mysql::Mysql),
        DialectName::H2 => Ok(&super::h2::H2),
        DialectName::Oracle => Ok(&super::oracle::Oracle),
        DialectName::Mssql => Ok(&super::mssql::Mssql),
        DialectName::Db2 | DialectName::Informix => Err(format!(
            "{dialect} scripts cannot be imported: sqlparser has no {dialect} dialect (import the postgresql, mysql, h2, oracle or mssql file of the schema instead)"
        )),
    }
}
