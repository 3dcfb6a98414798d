//! The one spelling of each dialect: the CLI value, the `dialects/` folder, the output file
//! stem, the key of overrides in model files and the snapshot suffix. The dialects themselves
//! (`DialectName::implementation`) are in `src/dialect`.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The one spelling of each dialect.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    JsonSchema,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
#[clap(rename_all = "lowercase")]
pub enum DialectName {
    Db2,
    H2,
    Informix,
    Mssql,
    Mysql,
    Oracle,
    #[clap(alias = "postgres")]
    Postgresql,
}

impl DialectName {
    pub const ALL: [DialectName; 7] = [
        DialectName::Db2,
        DialectName::H2,
        DialectName::Informix,
        DialectName::Mssql,
        DialectName::Mysql,
        DialectName::Oracle,
        DialectName::Postgresql,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DialectName::Db2 => "db2",
            DialectName::H2 => "h2",
            DialectName::Informix => "informix",
            DialectName::Mssql => "mssql",
            DialectName::Mysql => "mysql",
            DialectName::Oracle => "oracle",
            DialectName::Postgresql => "postgresql",
        }
    }
}

impl std::str::FromStr for DialectName {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        DialectName::ALL
            .into_iter()
            .find(|d| d.as_str() == text)
            .ok_or_else(|| format!("unknown dialect `{text}`"))
    }
}

impl fmt::Display for DialectName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
