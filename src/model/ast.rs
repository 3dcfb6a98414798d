//! The YAML files as written: serde types that keep the source position of every value a
//! validation error may point at. These types also produce the JSON Schema (`schemagen schema`).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use super::DialectName;

/// `product.yaml`: the product, its target dialects and where each module's files go.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "schemagen product file")]
pub struct ProductFile {
    /// Short name of the product, e.g. `wso2`.
    #[schemars(with = "String")]
    pub product: Spanned<String>,
    /// What the schema is, for the generated file headers.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub description: Option<Spanned<String>>,
    /// How identifiers are written.
    #[serde(default)]
    pub identifiers: IdentifierPolicy,
    /// Every dialect the product ships, with the database version it targets.
    pub dialects: BTreeMap<DialectName, DialectTarget>,
    /// How each dialect's file is named; `{dialect}` is the dialect's name.
    #[serde(default = "default_file_name")]
    #[schemars(with = "String")]
    pub file_name: Spanned<String>,
    /// The module files, in the order their scripts are run.
    pub modules: Vec<ModuleRef>,
    /// Write each column's `allowed_values` as a CHECK constraint.
    #[serde(default)]
    pub check_allowed_values: bool,
    /// Dialects in which every unique key and unique index of the product may compare NULLs
    /// as equal (as a key's own `nulls_equal_in` says for that key), with the reason.
    #[serde(default)]
    pub unique_nulls_equal_in: Option<NullsEqualIn>,
    /// Per dialect, a native type for every column of a portable type, e.g.
    /// `mysql: {timestamp: {native_type: "DATETIME(3)", reason: ...}}`.
    #[serde(default)]
    #[schemars(with = "BTreeMap<DialectName, BTreeMap<String, TypeOverride>>")]
    pub type_overrides: BTreeMap<DialectName, BTreeMap<String, Spanned<TypeOverride>>>,
    /// The product's releases, oldest first. A model with releases describes all of them at
    /// once: tables, columns, keys, indexes and foreign keys say in which release they were
    /// added (`added_in`) or removed (`removed_in`), columns and tables how they changed
    /// (`changes`) and were renamed (`renamed`). Without releases the model is one version.
    #[serde(default)]
    pub releases: Vec<ReleaseDef>,
    /// Where `schemagen diff --from-release A --to-release B --out DIR` writes the upgrade
    /// under DIR: `{from}` and `{to}` are the release names, e.g.
    /// `migration-resources/{from}_to_{to}/dbscripts`. Default `upgrades/{from}_to_{to}`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub upgrade_dir: Option<Spanned<String>>,
    /// Warnings silenced for the whole product, each with the reason (`schemagen validate`).
    #[serde(default)]
    pub allow: Vec<AllowDef>,
}

/// A warning silenced where it is declared (product, table or column), with the reason.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AllowDef {
    /// The warning's code, e.g. `W006`.
    #[schemars(with = "String")]
    pub code: Spanned<String>,
    /// Why the warning does not apply here: reviewers read it.
    pub reason: String,
}

/// One release of the product.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReleaseDef {
    /// The release's name as the product numbers it, e.g. `4.12.37`.
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    #[serde(default)]
    pub description: Option<String>,
}

/// A rename between releases: before release `in` the thing was called `from`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RenameDef {
    /// The release that has the new name.
    #[serde(rename = "in")]
    #[schemars(with = "String")]
    pub release: Spanned<String>,
    /// The name before that release.
    #[schemars(with = "String")]
    pub from: Spanned<String>,
}

/// How a table changed in a release: each field given replaces the table's from that release on.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TableChange {
    /// The release that made the change.
    #[serde(rename = "in")]
    #[schemars(with = "String")]
    pub release: Spanned<String>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub description: Option<Spanned<String>>,
    #[serde(default)]
    #[schemars(with = "Option<Vec<String>>")]
    pub primary_key: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub primary_key_name: Option<Spanned<String>>,
}

/// How a column changed in a release: each field given replaces the column's from that
/// release on (a release that drops a default or an override declares the column again:
/// `removed_in` on the old entry, `added_in` on the new one, same name).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ColumnChange {
    /// The release that made the change.
    #[serde(rename = "in")]
    #[schemars(with = "String")]
    pub release: Spanned<String>,
    #[serde(default, rename = "type")]
    #[schemars(with = "Option<String>")]
    pub type_name: Option<Spanned<String>>,
    #[serde(default)]
    #[schemars(with = "Option<bool>")]
    pub nullable: Option<Spanned<bool>>,
    #[serde(default)]
    #[schemars(with = "Option<DefaultValue>")]
    pub default: Option<Spanned<DefaultValue>>,
    #[serde(default)]
    #[schemars(with = "Option<bool>")]
    pub auto_increment: Option<Spanned<bool>>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub description: Option<Spanned<String>>,
    #[serde(default)]
    #[schemars(with = "Option<Vec<String>>")]
    pub allowed_values: Option<Spanned<Vec<Spanned<String>>>>,
    /// Replaces the column's per-dialect overrides for the dialects it names.
    #[serde(default)]
    pub overrides: BTreeMap<DialectName, ColumnOverride>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TypeOverride {
    /// The dialect's type text; `{n}`, `{p}`, `{s}` are the portable type's length, precision, scale.
    pub native_type: String,
    /// Why the product wants this type: reviewers read it.
    pub reason: String,
}

fn default_file_name() -> Spanned<String> {
    unwritten("{dialect}.sql")
}

/// A default: a value with no position in the file.
fn unwritten(value: &str) -> Spanned<String> {
    let unknown = serde_saphyr::Location::UNKNOWN;
    Spanned::new(value.to_string(), unknown, unknown)
}

/// How identifiers are written in the generated SQL.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum IdentifierPolicy {
    /// Names written bare; a name reserved in a target dialect is an error.
    #[default]
    Unquoted,
    /// Names written bare, except a name reserved in the dialect, which is quoted as written
    /// (as COmanage quotes `grouping` on MySQL 8): queries must then quote it too.
    QuotedWhenReserved,
    /// Quoted where the dialect would fold the name's case or where it is reserved.
    QuotedWhenNeeded,
    /// Every name quoted.
    AlwaysQuoted,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DialectTarget {
    /// The oldest database version the output must run on, e.g. "12", "8.0", "11.2".
    #[schemars(with = "String")]
    pub version: Spanned<String>,
    /// Variants of the dialect to write beside the main file (e.g. `oracle_rac`), each a named
    /// set of settings from `dialects/<dialect>/dialect.yaml`; its file is named after it.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub variants: Vec<Spanned<String>>,
    /// Script settings for this product (e.g. mssql `batch_separator: GO`); see the dialect's
    /// `dialects/<dialect>/dialect.yaml` for the keys and defaults.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, String>")]
    pub settings: BTreeMap<String, Spanned<String>>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ModuleRef {
    /// The module file, relative to the product directory.
    #[schemars(with = "String")]
    pub file: Spanned<String>,
    /// Where the module's files go in the output tree; `{file}` is the dialect's file name.
    #[serde(default = "default_module_path")]
    #[schemars(with = "String")]
    pub path: Spanned<String>,
}

fn default_module_path() -> Spanned<String> {
    unwritten("{file}")
}

/// A module file: tables that are written to one file per dialect.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "schemagen module file")]
pub struct ModuleFile {
    /// Name of the module, e.g. `kernel`.
    #[schemars(with = "String")]
    pub module: Spanned<String>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub description: Option<Spanned<String>>,
    pub tables: Vec<TableDef>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TableDef {
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    /// The table's previous name: `schemagen diff` writes a RENAME instead of drop and add.
    #[serde(default)]
    pub renamed_from: Option<String>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub description: Option<Spanned<String>>,
    pub columns: Vec<ColumnDef>,
    /// Primary-key columns, in key order. They are NOT NULL: a key column need not say
    /// `nullable: false`, and may not say `nullable: true`.
    #[serde(default)]
    #[schemars(with = "Option<Vec<String>>")]
    pub primary_key: Option<Spanned<Vec<Spanned<String>>>>,
    /// Name of the primary-key constraint; unnamed (the database names it) when absent.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub primary_key_name: Option<Spanned<String>>,
    #[serde(default)]
    pub unique: Vec<UniqueDef>,
    #[serde(default)]
    pub indexes: Vec<IndexDef>,
    #[serde(default)]
    pub foreign_keys: Vec<ForeignKeyDef>,
    /// The table exists only in these dialects.
    #[serde(default)]
    #[schemars(with = "Option<Vec<DialectName>>")]
    pub only_dialects: Option<Spanned<Vec<DialectName>>>,
    /// Where the table goes, per dialect: the storage settings a dialect takes per table
    /// (Db2 `tablespace` and `page_size`, Informix `dbspace` and `page_size`), over the
    /// product's settings of that dialect, e.g. `db2: {tablespace: TS_32K, page_size: "32768"}`.
    #[serde(default)]
    #[schemars(with = "BTreeMap<DialectName, BTreeMap<String, String>>")]
    pub storage: BTreeMap<DialectName, BTreeMap<String, Spanned<String>>>,
    /// Initial data: each row maps column names to values; missing columns take their default.
    #[serde(default)]
    #[schemars(with = "Vec<BTreeMap<String, Option<DefaultValue>>>")]
    pub rows: Vec<Spanned<BTreeMap<String, Spanned<Option<DefaultValue>>>>>,
    /// The release that added it (a product with `releases`); absent: the first release.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub added_in: Option<Spanned<String>>,
    /// The release that removed it; absent: it is in the newest release.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub removed_in: Option<Spanned<String>>,
    /// Earlier names, per release (the model's `name` is the newest).
    #[serde(default)]
    pub renamed: Vec<RenameDef>,
    /// How the table changed, per release, oldest first.
    #[serde(default)]
    pub changes: Vec<TableChange>,
    /// Warnings silenced for this table and its columns, each with the reason.
    #[serde(default)]
    pub allow: Vec<AllowDef>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ColumnDef {
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    /// The column's previous name: `schemagen diff` writes a RENAME instead of drop and add.
    #[serde(default)]
    pub renamed_from: Option<String>,
    /// A portable type: varchar(n), char(n), text, clob, smallint, integer, bigint,
    /// decimal(p,s), double, boolean, date, timestamp, blob, json.
    #[serde(rename = "type")]
    #[schemars(with = "String")]
    pub type_name: Spanned<String>,
    /// Whether NULL is allowed. Defaults to true, as in SQL; false for a primary-key column.
    #[serde(default)]
    #[schemars(with = "Option<bool>")]
    pub nullable: Option<Spanned<bool>>,
    #[serde(default)]
    #[schemars(with = "Option<DefaultValue>")]
    pub default: Option<Spanned<DefaultValue>>,
    /// Values are generated by the database (identity, AUTO_INCREMENT, SERIAL, sequence).
    #[serde(default)]
    #[schemars(with = "Option<bool>")]
    pub auto_increment: Option<Spanned<bool>>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub description: Option<Spanned<String>>,
    /// The value the rows a table already holds get when a migration adds this column (a
    /// NOT NULL column without a default cannot be added to a table with rows otherwise):
    /// the column is added with it as its default, which is then dropped. A fresh CREATE
    /// does not write it.
    #[serde(default)]
    #[schemars(with = "Option<DefaultValue>")]
    pub fill: Option<Spanned<DefaultValue>>,
    /// Holds a password, secret or key: reviewers and exports treat it with care.
    #[serde(default)]
    pub sensitive: bool,
    /// Per-dialect changes where the portable mapping is not what that dialect's DBA wants.
    #[serde(default)]
    pub overrides: BTreeMap<DialectName, ColumnOverride>,
    /// The values the column may hold (documented enumerations); a CHECK constraint when the
    /// product sets `check_allowed_values`.
    #[serde(default)]
    #[schemars(with = "Option<Vec<String>>")]
    pub allowed_values: Option<Spanned<Vec<Spanned<String>>>>,
    /// The release that added it (a product with `releases`); absent: the first release.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub added_in: Option<Spanned<String>>,
    /// The release that removed it; absent: it is in the newest release.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub removed_in: Option<Spanned<String>>,
    /// Earlier names, per release (the model's `name` is the newest).
    #[serde(default)]
    pub renamed: Vec<RenameDef>,
    /// How the column changed, per release, oldest first.
    #[serde(default)]
    pub changes: Vec<ColumnChange>,
    /// Warnings silenced for this column, each with the reason.
    #[serde(default)]
    pub allow: Vec<AllowDef>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ColumnOverride {
    /// A portable type used for this dialect instead.
    #[serde(default, rename = "type")]
    #[schemars(with = "Option<String>")]
    pub type_name: Option<Spanned<String>>,
    /// The dialect's own type text, written as is.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub native_type: Option<Spanned<String>>,
    #[serde(default)]
    pub nullable: Option<bool>,
    #[serde(default)]
    #[schemars(with = "Option<DefaultValue>")]
    pub default: Option<Spanned<DefaultValue>>,
    /// Why this dialect differs: reviewers read it.
    pub reason: String,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NullsEqualIn {
    pub dialects: Vec<DialectName>,
    /// Why one row per key may hold NULL there: reviewers read it.
    pub reason: String,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UniqueDef {
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub name: Option<Spanned<String>>,
    #[schemars(with = "Vec<String>")]
    pub columns: Spanned<Vec<Spanned<String>>>,
    /// Dialects in which the product accepts that NULLs compare equal in this key (only one
    /// row per key may hold NULL there), where no form keeps them distinct; `reason` says why.
    #[serde(default)]
    #[schemars(with = "Option<Vec<DialectName>>")]
    pub nulls_equal_in: Option<Spanned<Vec<DialectName>>>,
    #[serde(default)]
    pub reason: Option<String>,
    /// The release that added it (a product with `releases`); absent: the first release.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub added_in: Option<Spanned<String>>,
    /// The release that removed it; absent: it is in the newest release.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub removed_in: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IndexDef {
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    #[schemars(with = "Vec<String>")]
    pub columns: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    pub unique: bool,
    /// The index exists only in these dialects (e.g. where another dialect refuses a second
    /// index on a key's columns); `reason` says why.
    #[serde(default)]
    pub only_dialects: Option<Vec<DialectName>>,
    /// For a unique index: dialects in which the product accepts that NULLs compare equal
    /// (see the unique key's `nulls_equal_in`); `reason` says why.
    #[serde(default)]
    #[schemars(with = "Option<Vec<DialectName>>")]
    pub nulls_equal_in: Option<Spanned<Vec<DialectName>>>,
    #[serde(default)]
    pub reason: Option<String>,
    /// The release that added it (a product with `releases`); absent: the first release.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub added_in: Option<Spanned<String>>,
    /// The release that removed it; absent: it is in the newest release.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub removed_in: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ForeignKeyDef {
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub name: Option<Spanned<String>>,
    #[schemars(with = "Vec<String>")]
    pub columns: Spanned<Vec<Spanned<String>>>,
    /// The referenced table.
    #[schemars(with = "String")]
    pub references: Spanned<String>,
    /// The referenced columns, in the order of `columns`.
    #[schemars(with = "Vec<String>")]
    pub ref_columns: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    pub on_delete: ReferentialAction,
    /// The release that added it (a product with `releases`); absent: the first release.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub added_in: Option<Spanned<String>>,
    /// The release that removed it; absent: it is in the newest release.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub removed_in: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ReferentialAction {
    #[default]
    NoAction,
    Restrict,
    Cascade,
    SetNull,
}

impl ReferentialAction {
    /// As the model writes it (`on_delete:`).
    pub fn as_str(self) -> &'static str {
        match self {
            ReferentialAction::NoAction => "no-action",
            ReferentialAction::Restrict => "restrict",
            ReferentialAction::Cascade => "cascade",
            ReferentialAction::SetNull => "set-null",
        }
    }
}

/// A column default: a number, a string, true/false, or `{expr: current_timestamp}`.
#[derive(Debug, Clone, PartialEq)]
pub enum DefaultValue {
    Integer(i64),
    Float(f64),
    Text(String),
    Boolean(bool),
    Expression(DefaultExpression),
}

impl std::fmt::Display for DefaultValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DefaultValue::Integer(n) => write!(f, "{n}"),
            DefaultValue::Float(x) => write!(f, "{x}"),
            DefaultValue::Text(s) => write!(f, "'{s}'"),
            DefaultValue::Boolean(b) => write!(f, "{b}"),
            DefaultValue::Expression(DefaultExpression::CurrentTimestamp) => {
                f.write_str("current_timestamp")
            }
            DefaultValue::Expression(DefaultExpression::CurrentDate) => f.write_str("current_date"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DefaultExpression {
    CurrentTimestamp,
    CurrentDate,
}

impl<'de> Deserialize<'de> for DefaultValue {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::{self, MapAccess, Visitor};
        struct DefaultVisitor;
        impl<'de> Visitor<'de> for DefaultVisitor {
            type Value = DefaultValue;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number, a string, true/false, or {expr: current_timestamp}")
            }
            fn visit_bool<E>(self, v: bool) -> Result<DefaultValue, E> {
                Ok(DefaultValue::Boolean(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<DefaultValue, E> {
                Ok(DefaultValue::Integer(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<DefaultValue, E> {
                i64::try_from(v)
                    .map(DefaultValue::Integer)
                    .map_err(|_| E::custom("integer default out of range"))
            }
            fn visit_f64<E>(self, v: f64) -> Result<DefaultValue, E> {
                Ok(DefaultValue::Float(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<DefaultValue, E> {
                Ok(DefaultValue::Text(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<DefaultValue, A::Error> {
                let mut expression = None;
                while let Some(key) = map.next_key::<String>()? {
                    if key != "expr" {
                        return Err(de::Error::unknown_field(&key, &["expr"]));
                    }
                    expression = Some(map.next_value::<DefaultExpression>()?);
                }
                expression
                    .map(DefaultValue::Expression)
                    .ok_or_else(|| de::Error::missing_field("expr"))
            }
        }
        deserializer.deserialize_any(DefaultVisitor)
    }
}

impl JsonSchema for DefaultValue {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "DefaultValue".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let expression = generator.subschema_for::<DefaultExpression>();
        schemars::json_schema!({
            "description": "A column default: a number, a string, true/false, or {expr: current_timestamp}.",
            "anyOf": [
                {"type": "number"},
                {"type": "string"},
                {"type": "boolean"},
                {"type": "object", "properties": {"expr": expression}, "required": ["expr"],
                 "additionalProperties": false}
            ]
        })
    }
}
