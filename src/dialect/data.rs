//! The data half of a dialect: `dialects/<name>/dialect.yaml` (type map, limits, identifier
//! rules) and `dialects/<name>/reserved.txt` (reserved words), embedded at build time and
//! parsed once.

use std::collections::BTreeMap;

use sea_query::{ColumnType, StringLen};
use serde::Deserialize;

use super::{CaseFold, portable_type_key};
use crate::model::Version;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DialectData {
    pub dialect: String,
    /// Which database versions the facts were read for.
    pub documented_for: String,
    pub identifier: IdentifierRules,
    pub types: TypeMap,
    #[serde(default)]
    pub limits: Limits,
    /// Script settings a dialect reads (e.g. MySQL `engine`), with their defaults.
    #[serde(default)]
    pub settings: BTreeMap<String, String>,
    /// The values a setting can take, where it is one of a set (the other settings check their
    /// value in the dialect's code, [`super::Dialect::setting_problem`]).
    #[serde(default)]
    pub setting_values: BTreeMap<String, Vec<String>>,
    /// The settings a table may set for itself (`storage:` in a module), over the product's.
    #[serde(default)]
    pub table_settings: Vec<String>,
    /// Settings whose value is a name written bare into the script (a table space, a dbspace),
    /// with the longest name the database takes, in bytes: a plain identifier or empty.
    #[serde(default)]
    pub name_settings: BTreeMap<String, usize>,
    /// Named sets of settings a product can ship beside the main file (e.g. `oracle_rac`).
    #[serde(default)]
    pub variants: BTreeMap<String, BTreeMap<String, String>>,
    #[serde(skip)]
    reserved: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdentifierRules {
    pub max_bytes: usize,
    /// Smaller limits of older versions, e.g. Oracle's 30 bytes before 12.2.
    #[serde(default)]
    pub older_versions: Vec<OlderLimit>,
    pub folds_unquoted_to: CaseFold,
    /// Names that differ only in case are one name to the database, for every letter of
    /// Unicode and not only for ASCII (MariaDB's utf8mb4 collations, H2's upper-casing).
    #[serde(default)]
    pub unicode_case_insensitive: bool,
    /// The database names an unnamed unique or foreign key by no documented rule, and a
    /// migration cannot look the name up when it runs: schemagen names every such key itself
    /// (`names::given_constraint_name`), in CREATE and ALTER alike, so that a later release can
    /// drop it.
    #[serde(default)]
    pub names_unnamed_keys: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OlderLimit {
    pub before: String,
    pub max_bytes: usize,
}

impl IdentifierRules {
    pub fn max_bytes_for(&self, version: &Version) -> usize {
        self.older_versions
            .iter()
            .filter(|older| {
                version < &Version::parse(&older.before).expect("valid version in dialect data")
            })
            .map(|older| older.max_bytes)
            .min()
            .unwrap_or(self.max_bytes)
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// The longest `varchar(n)`, in [`Limits::length_unit`]s (rule E022).
    pub max_varchar: Option<u32>,
    /// The longest `char(n)`, in [`Limits::length_unit`]s (rule E061).
    #[serde(default)]
    pub max_char: Option<u32>,
    /// What the n of a `varchar(n)` or `char(n)` as the dialect writes it counts, and so how a
    /// value's length is measured against it (rule E062).
    #[serde(default)]
    pub length_unit: LengthUnit,
    /// The database refuses an index on exactly the columns of another index or key of the
    /// table (Oracle ORA-01408, Informix -350).
    #[serde(default)]
    pub refuses_duplicate_index: bool,
    /// The longest index key, in bytes, and what one character of a string column may take
    /// in it (the character set's maximum).
    #[serde(default)]
    pub max_index_key_bytes: Option<u32>,
    #[serde(default)]
    pub bytes_per_char: Option<u32>,
    /// The database stores an empty string as NULL (Oracle), so NOT NULL refuses it.
    #[serde(default)]
    pub empty_string_is_null: bool,
    /// The database refuses a foreign key that gives one table two cascading paths from
    /// another, or a cascading cycle (SQL Server, error 1785).
    #[serde(default)]
    pub refuses_multiple_cascade_paths: bool,
    /// The longest table and column comment the database stores, in characters.
    #[serde(default)]
    pub max_table_comment_chars: Option<usize>,
    #[serde(default)]
    pub max_column_comment_chars: Option<usize>,
    /// The setting that says a table's page (block) size, if the database has a choice; without
    /// it, the one entry of `pages` applies.
    #[serde(default)]
    pub page_size_setting: Option<String>,
    /// What a page of each size holds: the longest index key and the longest row.
    #[serde(default)]
    pub pages: Vec<PageLimits>,
    /// Column types that take a literal default only written as an expression, `DEFAULT (x)`,
    /// and the version that first takes that form (MySQL's TEXT, BLOB and JSON from 8.0.13).
    #[serde(default)]
    pub expression_default: Option<ExpressionDefault>,
}

/// What a database counts in the length of a string column.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LengthUnit {
    /// Unicode code points (characters): PostgreSQL, MySQL's utf8mb4.
    #[default]
    CodePoints,
    /// UTF-16 code units: a character outside the BMP counts 2 (Java strings: H2).
    Utf16Units,
    /// Bytes of UTF-8: é counts 2, an emoji 4 (byte length semantics in a UTF-8 database).
    Utf8Bytes,
}

impl LengthUnit {
    /// The length of `text` in this unit: the one place a value is measured against a length.
    pub fn count(self, text: &str) -> u64 {
        let n = match self {
            LengthUnit::CodePoints => text.chars().count(),
            LengthUnit::Utf16Units => text.encode_utf16().count(),
            LengthUnit::Utf8Bytes => text.len(),
        };
        n as u64
    }

    /// The unit's name in a message, plural.
    pub fn name(self) -> &'static str {
        match self {
            LengthUnit::CodePoints => "characters",
            LengthUnit::Utf16Units => "UTF-16 code units",
            LengthUnit::Utf8Bytes => "bytes",
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpressionDefault {
    /// Type names as the dialect writes them (the first word of the column's type).
    pub types: Vec<String>,
    /// The first version that takes `DEFAULT (literal)` on them; older ones take no default.
    pub since: String,
}

impl ExpressionDefault {
    /// Whether a column written as `type_text` (`LONGTEXT`, `TEXT(100)`, ...) is of such a type.
    pub fn applies_to(&self, type_text: &str) -> bool {
        let name = type_text
            .split(|c: char| c == '(' || c.is_whitespace())
            .next()
            .unwrap_or("");
        self.types.iter().any(|t| t.eq_ignore_ascii_case(name))
    }

    pub fn since(&self) -> Version {
        Version::parse(&self.since).expect("valid version in dialect data")
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageLimits {
    /// Bytes.
    pub page_size: u32,
    /// The longest index key (unique constraints and indexes), in bytes.
    #[serde(default)]
    pub max_key_bytes: Option<u64>,
    /// The longest primary key, where it is smaller (SQL Server's clustered index).
    #[serde(default)]
    pub max_primary_key_bytes: Option<u64>,
    /// The longest row, in bytes, as the database counts it at CREATE TABLE.
    #[serde(default)]
    pub max_row_bytes: Option<u64>,
}

/// Portable type name → the dialect's type text; `{n}` is a length, `{p}`/`{s}` precision and
/// scale. A rule is one text, or cases tried in order: the first whose conditions hold wins
/// (`max_n`: the length is at most this; `before`: the target version is older than this).
#[derive(Debug, Deserialize)]
#[serde(transparent)]
pub struct TypeMap(BTreeMap<String, TypeRule>);

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum TypeRule {
    Always(String),
    Cases(Vec<TypeCase>),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypeCase {
    #[serde(default)]
    pub max_n: Option<u32>,
    #[serde(default)]
    pub before: Option<String>,
    #[serde(rename = "type")]
    pub type_text: String,
}

impl TypeMap {
    pub fn render(&self, column_type: &ColumnType, version: &Version) -> String {
        if let ColumnType::Custom(native) = column_type {
            return native.to_string();
        }
        let key = portable_type_key(column_type);
        let rule = self
            .0
            .get(key)
            .unwrap_or_else(|| panic!("dialect data has no mapping for portable type `{key}`"));
        let length = super::string_length(column_type);
        let template = match rule {
            TypeRule::Always(text) => text,
            TypeRule::Cases(cases) => {
                &cases
                    .iter()
                    .find(|case| {
                        case.max_n.is_none_or(|max| length.is_none_or(|n| n <= max))
                            && case.before.as_ref().is_none_or(|before| {
                                version
                                    < &Version::parse(before)
                                        .expect("valid version in dialect data")
                            })
                    })
                    .unwrap_or_else(|| panic!("no case of type rule `{key}` applies"))
                    .type_text
            }
        };
        let (n, p, s) = match column_type {
            ColumnType::String(StringLen::N(n)) | ColumnType::Char(Some(n)) => (*n, 0, 0),
            ColumnType::Decimal(Some((p, s))) => (0, *p, *s),
            _ => (0, 0, 0),
        };
        template
            .replace("{n}", &n.to_string())
            .replace("{p}", &p.to_string())
            .replace("{s}", &s.to_string())
    }
}

impl DialectData {
    /// Parses the embedded files; a mistake in them is a bug of this build, so it panics.
    pub fn parse(name: &str, yaml: &str, reserved: &str) -> DialectData {
        let mut data: DialectData = serde_saphyr::from_str(yaml)
            .unwrap_or_else(|e| panic!("dialects/{name}/dialect.yaml: {e}"));
        assert_eq!(
            data.dialect, name,
            "dialects/{name}/dialect.yaml names another dialect"
        );
        let mut words: Vec<String> = reserved
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .map(str::to_ascii_uppercase)
            .collect();
        words.sort();
        words.dedup();
        data.reserved = words;
        data
    }

    pub fn is_reserved(&self, word: &str) -> bool {
        self.reserved
            .binary_search(&word.to_ascii_uppercase())
            .is_ok()
    }
}

/// Declares a `static` holding a dialect's parsed data files.
macro_rules! dialect_data {
    ($name:literal) => {{
        static DATA: std::sync::LazyLock<$crate::dialect::DialectData> =
            std::sync::LazyLock::new(|| {
                $crate::dialect::DialectData::parse(
                    $name,
                    include_str!(concat!("../../dialects/", $name, "/dialect.yaml")),
                    include_str!(concat!("../../dialects/", $name, "/reserved.txt")),
                )
            });
        &DATA
    }};
}
pub(crate) use dialect_data;
