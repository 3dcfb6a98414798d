//! The model: what the YAML files say, resolved and validated.
//!
//! - [`ast`]: the files as written (serde types with source positions; also the JSON Schema);
//! - [`load`]: reading a product directory, collecting every parse error;
//! - [`resolve`]: AST → the plain structs below (types parsed, defaults applied);
//! - [`validate`]: the rules a model must pass for every target dialect.
//!
//! Everything after loading works on [`Model`], whose order is the order of the files.

pub mod ast;
pub mod diagnostic;
mod dialect_name;
pub mod lint;
pub mod load;
pub mod release;
pub mod report;
mod resolve;
pub mod types;
pub mod validate;

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::PathBuf;

use sea_query::ColumnType;

pub use ast::{DefaultExpression, DefaultValue, IdentifierPolicy, ReferentialAction};
pub use diagnostic::{Diagnostic, Diagnostics, Pos, Severity};
pub use load::{load, load_every_release, load_release};
pub use types::PortableType;

pub use dialect_name::DialectName;
pub(crate) use resolve::is_native_type_name;

#[derive(Debug, Clone)]
pub struct Model {
    /// The product directory the model was read from.
    pub dir: PathBuf,
    pub product: Product,
    pub modules: Vec<Module>,
    /// `sha256:<hex>` of the model files (line endings normalised) and the release read:
    /// names the exact input.
    pub content_hash: String,
    /// The release this model is (`None`: the product declares no releases).
    pub release: Option<String>,
    /// Every release of the product, oldest first.
    pub releases: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Product {
    pub name: String,
    pub description: Option<String>,
    pub identifiers: IdentifierPolicy,
    /// What the product ships for each dialect.
    pub targets: BTreeMap<DialectName, DialectTarget>,
    pub file_name: String,
    pub check_allowed_values: bool,
    /// Per dialect, portable type name (`timestamp`, `varchar`) → native type template.
    pub type_overrides: BTreeMap<DialectName, BTreeMap<String, String>>,
    /// Why: the `reason` of each of `type_overrides`, for reviewers.
    pub type_override_reasons: BTreeMap<DialectName, BTreeMap<String, String>>,
    /// Where an upgrade between two releases goes, `{from}` and `{to}` their names.
    pub upgrade_dir: String,
    /// Warnings silenced for the whole product.
    pub allow: Vec<Allow>,
}

/// A warning silenced where it is declared (`allow:` on the product, a table or a column).
#[derive(Debug, Clone)]
pub struct Allow {
    pub code: String,
    pub reason: String,
    pub pos: Pos,
}

impl Product {
    /// The name of an output's file (`output`: a dialect's or a variant's name).
    pub fn output_file_name(&self, output: &str) -> String {
        self.file_name.replace("{dialect}", output)
    }

    /// The directory of the upgrade from release `from` to `to`, relative to `diff --out`:
    /// the one place its layout is computed.
    pub fn upgrade_dir(&self, from: &str, to: &str) -> String {
        self.upgrade_dir.replace("{from}", from).replace("{to}", to)
    }

    /// Where the file of `module` for `output` goes in the tree: the one place the layout is
    /// computed, for `generate` and `diff` alike.
    pub fn output_path(&self, module: &Module, output: &str) -> String {
        module
            .path
            .replace("{file}", &self.output_file_name(output))
    }
}

#[derive(Debug, Clone)]
pub struct Module {
    pub name: String,
    pub description: Option<String>,
    /// The module file, relative to the product directory.
    pub file: String,
    /// Output path template, `{file}` being the dialect's file name.
    pub path: String,
    pub tables: Vec<Table>,
}

/// One dialect of a product: its target version, variants and settings.
#[derive(Debug, Clone)]
pub struct DialectTarget {
    pub version: Version,
    pub variants: Vec<String>,
    /// Product settings, applied over the dialect's (and a variant's) defaults.
    pub settings: BTreeMap<String, String>,
}

/// A name and where it was written.
#[derive(Debug, Clone)]
pub struct Ident {
    pub name: String,
    pub pos: Pos,
}

#[derive(Debug, Clone)]
pub struct Table {
    pub name: Ident,
    pub renamed_from: Option<String>,
    pub description: Option<String>,
    /// Where the description was written (the table's name when it has none).
    pub description_pos: Pos,
    pub columns: Vec<Column>,
    pub primary_key: Option<PrimaryKey>,
    pub uniques: Vec<Unique>,
    pub indexes: Vec<Index>,
    pub foreign_keys: Vec<ForeignKey>,
    pub only_dialects: Option<BTreeSet<DialectName>>,
    /// Per dialect, the table's own storage settings (`tablespace`, `page_size`), applied over
    /// the product's settings of that dialect.
    pub storage: BTreeMap<DialectName, BTreeMap<String, String>>,
    pub rows: Vec<Row>,
    /// The release the table appeared in (a product with releases).
    pub added_in: Option<String>,
    /// Warnings silenced for the table and its columns.
    pub allow: Vec<Allow>,
}

/// One row of initial data: values in the table's column order, only the columns given.
#[derive(Debug, Clone)]
pub struct Row {
    pub values: Vec<(String, Option<DefaultValue>)>,
    /// Where each of `values` was written, in the same order.
    pub value_pos: Vec<Pos>,
    pub pos: Pos,
}

impl Table {
    pub fn exists_in(&self, dialect: DialectName) -> bool {
        self.only_dialects
            .as_ref()
            .is_none_or(|only| only.contains(&dialect))
    }

    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name.name == name)
    }

    /// Whether each of `columns` may hold NULL in `dialect` (a column the table lacks: no).
    pub fn nullable_in(&self, columns: &[Ident], dialect: DialectName) -> Vec<bool> {
        columns
            .iter()
            .map(|c| self.column(&c.name).is_some_and(|c| c.nullable_in(dialect)))
            .collect()
    }

    /// Whether the primary key, a unique key or an index starts with `columns` (so an engine
    /// that makes an index for a foreign key made none for one over them).
    pub fn index_starts_with(&self, columns: &[Ident]) -> bool {
        let starts = |cols: &[Ident]| {
            cols.len() >= columns.len() && cols.iter().zip(columns).all(|(c, w)| c.name == w.name)
        };
        self.primary_key
            .as_ref()
            .is_some_and(|pk| starts(&pk.columns))
            || self.uniques.iter().any(|u| starts(&u.columns))
            || self.indexes.iter().any(|i| starts(&i.columns))
    }
}

#[derive(Debug, Clone)]
pub struct Column {
    pub name: Ident,
    pub renamed_from: Option<String>,
    pub portable_type: PortableType,
    pub type_pos: Pos,
    pub nullable: bool,
    pub default: Option<DefaultValue>,
    /// Where the default was written (the column's name when it has none).
    pub default_pos: Pos,
    pub auto_increment: bool,
    pub description: Option<String>,
    /// Where the description was written (the column's name when it has none).
    pub description_pos: Pos,
    pub sensitive: bool,
    pub overrides: BTreeMap<DialectName, ColumnOverride>,
    pub allowed_values: Option<Vec<String>>,
    /// Where each allowed value was written, in the same order.
    pub allowed_values_pos: Vec<Pos>,
    /// The release the column appeared in (a product with releases).
    pub added_in: Option<String>,
    /// What existing rows get when a migration adds the column (see the model's `fill`).
    pub fill: Option<DefaultValue>,
    /// Where the fill was written (the column's name when it has none).
    pub fill_pos: Pos,
    /// Warnings silenced for the column.
    pub allow: Vec<Allow>,
}

#[derive(Debug, Clone)]
pub struct ColumnOverride {
    pub portable_type: Option<PortableType>,
    pub native_type: Option<String>,
    pub nullable: Option<bool>,
    pub default: Option<DefaultValue>,
    pub reason: String,
    pub pos: Pos,
}

/// A column as one dialect sees it, overrides applied.
#[derive(Debug, Clone)]
pub struct DialectColumn<'a> {
    pub column: &'a Column,
    pub column_type: ColumnType,
    /// The portable type after overrides; `None` when a native type replaced it.
    pub portable_type: Option<PortableType>,
    pub nullable: bool,
    pub default: Option<DefaultValue>,
}

impl Column {
    /// Whether the column may hold NULL in `dialect` (its override first).
    pub fn nullable_in(&self, dialect: DialectName) -> bool {
        self.overrides
            .get(&dialect)
            .and_then(|o| o.nullable)
            .unwrap_or(self.nullable)
    }

    /// The column in `dialect`: its own override first, then the product's type override.
    pub fn for_dialect(&self, product: &Product, dialect: DialectName) -> DialectColumn<'_> {
        let over = self.overrides.get(&dialect);
        let portable_type = match over {
            Some(ColumnOverride {
                native_type: Some(_),
                ..
            }) => None,
            Some(ColumnOverride {
                portable_type: Some(t),
                ..
            }) => Some(*t),
            _ => Some(self.portable_type),
        };
        let product_native = portable_type.and_then(|t| {
            product
                .type_overrides
                .get(&dialect)
                .and_then(|map| map.get(t.key()))
                .map(|template| t.fill(template))
        });
        let native = over.and_then(|o| o.native_type.clone()).or(product_native);
        let column_type = match (native, portable_type) {
            (Some(native), _) => ColumnType::Custom(sea_query::Alias::new(native).into()),
            (None, Some(t)) => t.to_column_type(),
            (None, None) => unreachable!("a column has a portable or a native type"),
        };
        DialectColumn {
            column: self,
            column_type,
            portable_type,
            nullable: self.nullable_in(dialect),
            default: over
                .and_then(|o| o.default.clone())
                .or_else(|| self.default.clone()),
        }
    }
}

#[derive(Debug, Clone)]
pub struct PrimaryKey {
    pub name: Option<Ident>,
    pub columns: Vec<Ident>,
    pub pos: Pos,
}

#[derive(Debug, Clone)]
pub struct Unique {
    pub name: Option<Ident>,
    pub columns: Vec<Ident>,
    pub pos: Pos,
    /// Dialects where the product accepts NULLs comparing equal in this key: its own
    /// `nulls_equal_in` and the product's `unique_nulls_equal_in`.
    pub nulls_equal_in: BTreeSet<DialectName>,
    /// The key's own `nulls_equal_in`.
    pub nulls_equal_declared: BTreeSet<DialectName>,
}

#[derive(Debug, Clone)]
pub struct Index {
    pub name: Ident,
    pub columns: Vec<Ident>,
    pub unique: bool,
    pub only_dialects: Option<BTreeSet<DialectName>>,
    /// Dialects where the product accepts NULLs comparing equal in this unique index (as
    /// [`Unique::nulls_equal_in`]).
    pub nulls_equal_in: BTreeSet<DialectName>,
    /// The index's own `nulls_equal_in`.
    pub nulls_equal_declared: BTreeSet<DialectName>,
    pub pos: Pos,
}

impl Index {
    pub fn exists_in(&self, dialect: DialectName) -> bool {
        self.only_dialects
            .as_ref()
            .is_none_or(|only| only.contains(&dialect))
    }
}

#[derive(Debug, Clone)]
pub struct ForeignKey {
    pub name: Option<Ident>,
    pub columns: Vec<Ident>,
    pub ref_table: Ident,
    pub ref_columns: Vec<Ident>,
    pub on_delete: ReferentialAction,
    pub pos: Pos,
}

/// A database version such as `12`, `8.0`, `11.2`, `19c`: numbers compared part by part
/// (missing parts count as 0, so `8` equals `8.0`).
#[derive(Debug, Clone)]
pub struct Version {
    parts: Vec<u32>,
    text: String,
}

impl Version {
    pub fn parse(text: &str) -> Option<Version> {
        let trimmed = text
            .trim()
            .trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let parts: Option<Vec<u32>> = trimmed.split('.').map(|p| p.parse().ok()).collect();
        let parts = parts.filter(|p| !p.is_empty())?;
        Some(Version {
            parts,
            text: text.trim().to_string(),
        })
    }
}

impl PartialEq for Version {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Version {}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        let len = self.parts.len().max(other.parts.len());
        let part = |v: &Version, i: usize| v.parts.get(i).copied().unwrap_or(0);
        (0..len)
            .map(|i| part(self, i).cmp(&part(other, i)))
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal)
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::Version;

    #[test]
    fn versions_compare_numerically() {
        let v = |s| Version::parse(s).unwrap();
        assert!(v("11.2") < v("12.2"));
        assert!(v("12") < v("12.2"));
        assert!(v("19c") > v("12.2"));
        assert_eq!(v("8.0"), v("8"));
        assert!(Version::parse("latest").is_none());
    }
}
