//! Differences between two versions of a model, as data.
//!
//! [`changes`] compares two models as one dialect sees them (its overrides and type overrides
//! applied) and returns a list of [`Change`]s, dialect-free in form; [`plan`] orders them
//! safely and renders them through the dialect's [`migrate::Migrate`] methods. Renames are
//! only ever what the model declares (`renamed_from:`); an undeclared rename is a drop and an
//! add, and a drop is destructive.

pub mod git;
pub mod migrate;
pub mod plan;
pub mod summary;

use std::collections::{BTreeMap, HashMap};

use sea_query::ColumnType;
use serde::Serialize;

use crate::dialect::DialectName;
use crate::model::{Column, DefaultValue, ForeignKey, Model, PortableType, Product, Table};

/// A column as one dialect sees it: what a migration compares and writes.
#[derive(Debug, Clone, Serialize)]
pub struct ColumnShape {
    pub name: String,
    /// The portable type, or the dialect's native text where an override replaced it.
    #[serde(rename = "type")]
    pub type_text: String,
    #[serde(skip)]
    pub column_type: ColumnType,
    #[serde(skip)]
    pub portable: Option<PortableType>,
    pub nullable: bool,
    #[serde(serialize_with = "summary::serialize_default")]
    pub default: Option<DefaultValue>,
    pub auto_increment: bool,
    #[serde(skip)]
    pub column: Box<Column>,
}

impl ColumnShape {
    fn of(product: &Product, column: &Column, dialect: DialectName) -> ColumnShape {
        let shape = column.for_dialect(product, dialect);
        ColumnShape {
            name: column.name.name.clone(),
            type_text: match &shape.column_type {
                ColumnType::Custom(native) => native.to_string(),
                _ => shape
                    .portable_type
                    .expect("a column has a portable or a native type")
                    .to_string(),
            },
            column_type: shape.column_type.clone(),
            portable: shape.portable_type,
            nullable: shape.nullable,
            default: shape.default.clone(),
            auto_increment: column.auto_increment,
            column: Box::new(column.clone()),
        }
    }
}

/// A key (primary or unique) or an index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyShape {
    pub name: Option<String>,
    pub columns: Vec<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub unique: bool,
}

/// What changed about a column.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ColumnChanges {
    #[serde(rename = "type")]
    pub type_: bool,
    pub nullable: bool,
    pub default: bool,
    pub auto_increment: bool,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    AddTable {
        table: String,
        #[serde(skip)]
        definition: Box<Table>,
    },
    DropTable {
        table: String,
        #[serde(skip)]
        definition: Box<Table>,
    },
    RenameTable {
        from: String,
        to: String,
    },
    AddColumn {
        table: String,
        column: ColumnShape,
    },
    DropColumn {
        table: String,
        column: ColumnShape,
    },
    RenameColumn {
        table: String,
        from: String,
        to: String,
    },
    ModifyColumn {
        table: String,
        from: ColumnShape,
        to: ColumnShape,
        changes: ColumnChanges,
    },
    AddPrimaryKey {
        table: String,
        key: KeyShape,
    },
    DropPrimaryKey {
        table: String,
        key: KeyShape,
    },
    AddUnique {
        table: String,
        key: KeyShape,
    },
    DropUnique {
        table: String,
        key: KeyShape,
    },
    AddIndex {
        table: String,
        index: KeyShape,
    },
    DropIndex {
        table: String,
        index: KeyShape,
    },
    AddForeignKey {
        table: String,
        name: Option<String>,
        columns: Vec<String>,
        ref_table: String,
        ref_columns: Vec<String>,
        #[serde(skip)]
        definition: Box<ForeignKey>,
        /// Position among the table's foreign keys (engines number unnamed ones by it).
        #[serde(skip)]
        ordinal: usize,
    },
    DropForeignKey {
        table: String,
        name: Option<String>,
        columns: Vec<String>,
        ref_table: String,
        ref_columns: Vec<String>,
        #[serde(skip)]
        ordinal: usize,
        /// Whether another index of the table starts with the key's columns (else some
        /// engines made one for the key, which goes with it).
        #[serde(skip)]
        covered_by_index: bool,
    },
    InsertRow {
        table: String,
        values: Vec<(String, Option<DefaultValueText>)>,
    },
    DeleteRow {
        table: String,
        key: Vec<(String, Option<DefaultValueText>)>,
    },
    UpdateRow {
        table: String,
        key: Vec<(String, Option<DefaultValueText>)>,
        set: Vec<(String, Option<DefaultValueText>)>,
    },
}

/// A row value, kept typed for rendering and shown as text in summaries.
#[derive(Debug, Clone, PartialEq)]
pub struct DefaultValueText(pub DefaultValue);

impl Serialize for DefaultValueText {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0.to_string())
    }
}

impl Change {
    pub fn table(&self) -> &str {
        match self {
            Change::AddTable { table, .. }
            | Change::DropTable { table, .. }
            | Change::AddColumn { table, .. }
            | Change::DropColumn { table, .. }
            | Change::RenameColumn { table, .. }
            | Change::ModifyColumn { table, .. }
            | Change::AddPrimaryKey { table, .. }
            | Change::DropPrimaryKey { table, .. }
            | Change::AddUnique { table, .. }
            | Change::DropUnique { table, .. }
            | Change::AddIndex { table, .. }
            | Change::DropIndex { table, .. }
            | Change::AddForeignKey { table, .. }
            | Change::DropForeignKey { table, .. }
            | Change::InsertRow { table, .. }
            | Change::DeleteRow { table, .. }
            | Change::UpdateRow { table, .. } => table,
            Change::RenameTable { to, .. } => to,
        }
    }

    /// Why the change can lose data or fail on existing data, if it can.
    pub fn destructive(&self) -> Option<&'static str> {
        match self {
            Change::DropTable { .. } => Some("drops a table and its data"),
            Change::DropColumn { .. } => Some("drops a column and its data"),
            Change::DeleteRow { .. } => Some("deletes a seed row"),
            Change::ModifyColumn {
                from, to, changes, ..
            } => {
                if changes.type_ && !widens(from, to) {
                    Some(
                        "changes a column's type in a way existing values may not fit (narrowing or a different type)",
                    )
                } else if changes.nullable && from.nullable && !to.nullable {
                    // A default fills new rows only: existing NULLs still make the change fail.
                    Some("makes an existing column NOT NULL: existing NULLs make it fail")
                } else {
                    None
                }
            }
            _ => None,
        }
    }
}

/// Whether every value of `from`'s type fits `to`'s type.
fn widens(from: &ColumnShape, to: &ColumnShape) -> bool {
    use PortableType as P;
    let (Some(a), Some(b)) = (from.portable, to.portable) else {
        return false; // native types: cannot tell, so treat as unsafe
    };
    match (a, b) {
        (P::Varchar(n), P::Varchar(m)) | (P::Char(n), P::Varchar(m)) => m >= n,
        (P::Char(n), P::Char(m)) => m == n,
        (P::Varchar(_) | P::Char(_), P::Text) => true,
        (P::SmallInt, P::Integer | P::BigInt) | (P::Integer, P::BigInt) => true,
        (P::SmallInt | P::Integer | P::BigInt, P::Decimal { precision, scale }) => {
            let digits = match a {
                P::SmallInt => 5,
                P::Integer => 10,
                _ => 19,
            };
            precision - scale >= digits
        }
        (
            P::Decimal {
                precision: p1,
                scale: s1,
            },
            P::Decimal {
                precision: p2,
                scale: s2,
            },
        ) => s2 >= s1 && p2 - s2 >= p1 - s1,
        (P::Date, P::Timestamp) => true,
        (x, y) => x == y,
    }
}

/// The changes that turn `old` into `new` as `dialect` sees them, module by module: one
/// migration file per module of the product layout (a module only in `old` is dropped, one
/// only in `new` added). Within a module, changes come in model order; [`plan`] orders them
/// for execution.
pub fn diff_models(old: &Model, new: &Model, dialects: &[DialectName]) -> Vec<summary::FileDiff> {
    let mut files = Vec::new();
    for &dialect in dialects {
        let mut names: Vec<&str> = new.modules.iter().map(|m| m.name.as_str()).collect();
        names.extend(
            old.modules
                .iter()
                .map(|m| m.name.as_str())
                .filter(|n| !new.modules.iter().any(|m| m.name == *n)),
        );
        for name in names {
            let old_module = old.modules.iter().find(|m| m.name == name);
            let new_module = new.modules.iter().find(|m| m.name == name);
            let old_tables = module_tables(old_module, dialect);
            let new_tables = module_tables(new_module, dialect);
            let changes = changes(
                &old.product,
                &old_tables,
                &new.product,
                &new_tables,
                dialect,
            );
            let statements = plan::plan(old, new, dialect, &changes);
            let layout = new_module
                .or(old_module)
                .expect("the module is in one of the models");
            let file_name = new.product.file_name.replace("{dialect}", dialect.as_str());
            files.push(summary::FileDiff {
                path: layout.path.replace("{file}", &file_name),
                dialect: dialect.to_string(),
                module: name.to_string(),
                changes,
                statements,
            });
        }
    }
    files
}

fn module_tables(module: Option<&crate::model::Module>, dialect: DialectName) -> Vec<&Table> {
    module
        .map(|m| m.tables.iter().filter(|t| t.exists_in(dialect)).collect())
        .unwrap_or_default()
}

/// The changes between two sets of tables as `dialect` sees them.
pub fn changes(
    old_product: &Product,
    old_tables: &[&Table],
    new_product: &Product,
    new_tables: &[&Table],
    dialect: DialectName,
) -> Vec<Change> {
    let old_by_name: HashMap<&str, &Table> = old_tables
        .iter()
        .map(|t| (t.name.name.as_str(), *t))
        .collect();
    let mut matched_old: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    let mut pairs = Vec::new();
    for table in new_tables {
        let previous = old_by_name.get(table.name.name.as_str()).or_else(|| {
            table
                .renamed_from
                .as_deref()
                .and_then(|r| old_by_name.get(r))
        });
        match previous {
            Some(previous) => {
                matched_old.push(previous.name.name.as_str());
                if previous.name.name != table.name.name {
                    out.push(Change::RenameTable {
                        from: previous.name.name.clone(),
                        to: table.name.name.clone(),
                    });
                }
                pairs.push((*previous, *table));
            }
            None => out.push(Change::AddTable {
                table: table.name.name.clone(),
                definition: Box::new((*table).clone()),
            }),
        }
    }
    for table in old_tables {
        if !matched_old.contains(&table.name.name.as_str()) {
            out.push(Change::DropTable {
                table: table.name.name.clone(),
                definition: Box::new((*table).clone()),
            });
        }
    }
    for (before, after) in pairs {
        table_changes(old_product, new_product, before, after, dialect, &mut out);
    }
    out
}

fn table_changes(
    old_product: &Product,
    new_product: &Product,
    before: &Table,
    after: &Table,
    dialect: DialectName,
    out: &mut Vec<Change>,
) {
    let table = after.name.name.clone();
    // Columns, with declared renames.
    let mut renamed: BTreeMap<String, String> = BTreeMap::new(); // old name → new name
    let mut matched = Vec::new();
    for column in &after.columns {
        let previous = before.column(&column.name.name).or_else(|| {
            column
                .renamed_from
                .as_deref()
                .and_then(|r| before.column(r))
        });
        let to = ColumnShape::of(new_product, column, dialect);
        match previous {
            None => out.push(Change::AddColumn {
                table: table.clone(),
                column: to,
            }),
            Some(previous) => {
                matched.push(previous.name.name.clone());
                if previous.name.name != column.name.name {
                    renamed.insert(previous.name.name.clone(), column.name.name.clone());
                    out.push(Change::RenameColumn {
                        table: table.clone(),
                        from: previous.name.name.clone(),
                        to: column.name.name.clone(),
                    });
                }
                let from = ColumnShape::of(old_product, previous, dialect);
                let changes = ColumnChanges {
                    type_: from.column_type != to.column_type,
                    nullable: from.nullable != to.nullable,
                    default: from.default != to.default,
                    auto_increment: from.auto_increment != to.auto_increment,
                };
                if changes != ColumnChanges::default() {
                    let mut from = from;
                    from.name = column.name.name.clone();
                    out.push(Change::ModifyColumn {
                        table: table.clone(),
                        from,
                        to,
                        changes,
                    });
                }
            }
        }
    }
    for column in &before.columns {
        if !matched.contains(&column.name.name) {
            out.push(Change::DropColumn {
                table: table.clone(),
                column: ColumnShape::of(old_product, column, dialect),
            });
        }
    }
    let rename = |cols: &[crate::model::Ident]| -> Vec<String> {
        cols.iter()
            .map(|c| {
                renamed
                    .get(&c.name)
                    .cloned()
                    .unwrap_or_else(|| c.name.clone())
            })
            .collect()
    };
    let plain = |cols: &[crate::model::Ident]| -> Vec<String> {
        cols.iter().map(|c| c.name.clone()).collect()
    };

    // Primary key.
    let old_pk = before.primary_key.as_ref().map(|pk| KeyShape {
        name: pk.name.as_ref().map(|n| n.name.clone()),
        columns: rename(&pk.columns),
        unique: false,
    });
    let new_pk = after.primary_key.as_ref().map(|pk| KeyShape {
        name: pk.name.as_ref().map(|n| n.name.clone()),
        columns: plain(&pk.columns),
        unique: false,
    });
    if old_pk != new_pk {
        if let Some(key) = old_pk {
            out.push(Change::DropPrimaryKey {
                table: table.clone(),
                key: KeyShape {
                    columns: plain(&before.primary_key.as_ref().unwrap().columns),
                    ..key
                },
            });
        }
        if let Some(key) = new_pk {
            out.push(Change::AddPrimaryKey {
                table: table.clone(),
                key,
            });
        }
    }
    // Unique constraints: matched by name and columns.
    let old_uniques: Vec<KeyShape> = before
        .uniques
        .iter()
        .map(|u| KeyShape {
            name: u.name.as_ref().map(|n| n.name.clone()),
            columns: rename(&u.columns),
            unique: true,
        })
        .collect();
    let new_uniques: Vec<KeyShape> = after
        .uniques
        .iter()
        .map(|u| KeyShape {
            name: u.name.as_ref().map(|n| n.name.clone()),
            columns: plain(&u.columns),
            unique: true,
        })
        .collect();
    for (i, key) in old_uniques.iter().enumerate() {
        if !new_uniques.contains(key) {
            out.push(Change::DropUnique {
                table: table.clone(),
                key: KeyShape {
                    columns: plain(&before.uniques[i].columns),
                    ..key.clone()
                },
            });
        }
    }
    for key in &new_uniques {
        if !old_uniques.contains(key) {
            out.push(Change::AddUnique {
                table: table.clone(),
                key: key.clone(),
            });
        }
    }
    // Indexes: by name; a changed index is dropped and created again.
    let old_index_defs: Vec<&crate::model::Index> = before
        .indexes
        .iter()
        .filter(|i| i.exists_in(dialect))
        .collect();
    let old_indexes: Vec<KeyShape> = old_index_defs
        .iter()
        .map(|i| KeyShape {
            name: Some(i.name.name.clone()),
            columns: rename(&i.columns),
            unique: i.unique,
        })
        .collect();
    let new_indexes: Vec<KeyShape> = after
        .indexes
        .iter()
        .filter(|i| i.exists_in(dialect))
        .map(|i| KeyShape {
            name: Some(i.name.name.clone()),
            columns: plain(&i.columns),
            unique: i.unique,
        })
        .collect();
    for (i, index) in old_indexes.iter().enumerate() {
        if !new_indexes.contains(index) {
            out.push(Change::DropIndex {
                table: table.clone(),
                index: KeyShape {
                    columns: plain(&old_index_defs[i].columns),
                    ..index.clone()
                },
            });
        }
    }
    for index in &new_indexes {
        if !old_indexes.contains(index) {
            out.push(Change::AddIndex {
                table: table.clone(),
                index: index.clone(),
            });
        }
    }
    // Foreign keys: by name, columns, target and action.
    let signature = |fk: &ForeignKey, cols: Vec<String>, ref_table: String| {
        (
            fk.name.as_ref().map(|n| n.name.clone()),
            cols,
            ref_table,
            fk.ref_columns
                .iter()
                .map(|c| c.name.clone())
                .collect::<Vec<_>>(),
            fk.on_delete,
        )
    };
    let old_fks: Vec<_> = before
        .foreign_keys
        .iter()
        .map(|fk| signature(fk, rename(&fk.columns), fk.ref_table.name.clone()))
        .collect();
    let new_fks: Vec<_> = after
        .foreign_keys
        .iter()
        .map(|fk| signature(fk, plain(&fk.columns), fk.ref_table.name.clone()))
        .collect();
    for (i, sig) in old_fks.iter().enumerate() {
        if !new_fks.contains(sig) {
            let fk = &before.foreign_keys[i];
            out.push(Change::DropForeignKey {
                table: table.clone(),
                name: sig.0.clone(),
                columns: plain(&fk.columns),
                ref_table: fk.ref_table.name.clone(),
                ref_columns: sig.3.clone(),
                ordinal: i + 1,
                covered_by_index: covered_by_index(before, &fk.columns),
            });
        }
    }
    for (i, sig) in new_fks.iter().enumerate() {
        if !old_fks.contains(sig) {
            let fk = &after.foreign_keys[i];
            out.push(Change::AddForeignKey {
                table: table.clone(),
                name: sig.0.clone(),
                columns: sig.1.clone(),
                ref_table: sig.2.clone(),
                ref_columns: sig.3.clone(),
                definition: Box::new(fk.clone()),
                ordinal: i + 1,
            });
        }
    }
    row_changes(before, after, &renamed, out);
}

/// Whether the primary key, a unique key or an index of `table` starts with `columns`.
fn covered_by_index(table: &Table, columns: &[crate::model::Ident]) -> bool {
    let wanted: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
    let starts = |cols: &[crate::model::Ident]| {
        cols.len() >= wanted.len() && cols.iter().zip(&wanted).all(|(c, w)| c.name == *w)
    };
    table
        .primary_key
        .as_ref()
        .is_some_and(|pk| starts(&pk.columns))
        || table.uniques.iter().any(|u| starts(&u.columns))
        || table.indexes.iter().any(|i| starts(&i.columns))
}

type RowValues = Vec<(String, Option<DefaultValueText>)>;

/// Seed rows, matched by their primary-key values, or by all the values of columns both
/// versions have when the key is not given (a generated key). A dropped column does not make
/// a row new; a value for an added column updates it.
fn row_changes(
    before: &Table,
    after: &Table,
    renamed: &BTreeMap<String, String>,
    out: &mut Vec<Change>,
) {
    let key_columns: Vec<String> = after
        .primary_key
        .as_ref()
        .map(|pk| pk.columns.iter().map(|c| c.name.clone()).collect())
        .unwrap_or_default();
    let common: Vec<String> = after
        .columns
        .iter()
        .map(|c| c.name.name.clone())
        .filter(|name| before.column(name).is_some() || renamed.values().any(|to| to == name))
        .collect();
    let values = |row: &crate::model::Row, rename: bool| -> RowValues {
        row.values
            .iter()
            .map(|(c, v)| {
                let name = if rename {
                    renamed.get(c).cloned().unwrap_or_else(|| c.clone())
                } else {
                    c.clone()
                };
                (name, v.clone().map(DefaultValueText))
            })
            .filter(|(c, _)| after.column(c).is_some())
            .collect()
    };
    let identity = |row: &RowValues| -> RowValues {
        let key: RowValues = row
            .iter()
            .filter(|(c, _)| key_columns.contains(c))
            .cloned()
            .collect();
        if !key_columns.is_empty() && key.len() == key_columns.len() {
            key
        } else {
            row.iter()
                .filter(|(c, _)| common.contains(c))
                .cloned()
                .collect()
        }
    };
    let old_rows: Vec<RowValues> = before.rows.iter().map(|r| values(r, true)).collect();
    let new_rows: Vec<RowValues> = after.rows.iter().map(|r| values(r, false)).collect();
    for row in &old_rows {
        if !new_rows.iter().any(|n| identity(n) == identity(row)) {
            out.push(Change::DeleteRow {
                table: after.name.name.clone(),
                key: identity(row),
            });
        }
    }
    for row in &new_rows {
        let key = identity(row);
        match old_rows.iter().find(|o| identity(o) == key) {
            None => out.push(Change::InsertRow {
                table: after.name.name.clone(),
                values: row.clone(),
            }),
            Some(old) if old != row => out.push(Change::UpdateRow {
                table: after.name.name.clone(),
                key: key.clone(),
                set: row
                    .iter()
                    .filter(|(c, _)| !key.iter().any(|(k, _)| k == c))
                    .cloned()
                    .collect(),
            }),
            Some(_) => {}
        }
    }
}
