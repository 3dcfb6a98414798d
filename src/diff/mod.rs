//! The differ: two versions of a model → typed changes, each classified.
//!
//! [`changes`] compares two sets of tables as one dialect sees them (its overrides and type
//! overrides applied) and returns [`Change`]s, one type per kind of change with what was and
//! what is (Atlas's `schema.Change`); [`Change::class`] says whether a change is safe, can fail
//! on existing data, or can lose data. [`plan`] orders the changes and has the dialect write
//! each one ([`crate::dialect::migrate::Migrate`]). Renames are only ever what the model
//! declares (`renamed_from:`); an undeclared rename is a drop and an add, and a drop is
//! destructive.

pub mod git;
mod modules;
pub mod plan;
pub mod summary;

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

pub use crate::dialect::migrate::{ColumnChanges, ColumnShape, KeyShape, lowered_scale, widens};
use crate::dialect::{DialectName, Target};
use crate::model::{Column, DefaultValue, ForeignKey, Model, Product, ReferentialAction, Table};

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
    /// The table's description changed.
    SetTableComment {
        table: String,
        from: Option<String>,
        to: Option<String>,
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
        on_delete: ReferentialAction,
        #[serde(skip)]
        definition: Box<ForeignKey>,
    },
    /// `table` and `definition` are OLD's (the key is dropped before renames).
    DropForeignKey {
        table: String,
        name: Option<String>,
        columns: Vec<String>,
        ref_table: String,
        ref_columns: Vec<String>,
        on_delete: ReferentialAction,
        #[serde(skip)]
        definition: Box<ForeignKey>,
        /// Position among the table's unnamed foreign keys (engines number them by it).
        #[serde(skip)]
        ordinal: usize,
        /// Whether another index of the table starts with the key's columns (else some
        /// engines made one for the key, which goes with it).
        #[serde(skip)]
        covered_by_index: bool,
    },
    /// Drops, deletes and foreign-key drops name OLD's table: they run before renames.
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

/// What running a change can do to the data already in the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "class", content = "reason", rename_all = "snake_case")]
pub enum Class {
    /// Runs on any data and keeps it.
    Safe,
    /// Keeps every value, but fails on existing rows that do not satisfy it.
    DataDependent(&'static str),
    /// Can lose data, or change values.
    Destructive(&'static str),
}

impl Change {
    /// The table the change is about, by its NEW name (OLD's for a dropped table or key).
    pub fn table(&self) -> &str {
        match self {
            Change::AddTable { table, .. }
            | Change::DropTable { table, .. }
            | Change::SetTableComment { table, .. }
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

    /// Dropping `fk`, one of the foreign keys of OLD's `table`.
    pub fn drop_foreign_key(table: &Table, fk: &ForeignKey) -> Change {
        // Engines number the unnamed keys only (InnoDB's `<table>_ibfk_<n>`).
        let ordinal = 1 + table
            .foreign_keys
            .iter()
            .take_while(|other| !std::ptr::eq(*other, fk))
            .filter(|other| other.name.is_none())
            .count();
        Change::DropForeignKey {
            table: table.name.name.clone(),
            name: fk.name.as_ref().map(|n| n.name.clone()),
            columns: names_of(&fk.columns),
            ref_table: fk.ref_table.name.clone(),
            ref_columns: names_of(&fk.ref_columns),
            on_delete: fk.on_delete,
            definition: Box::new(fk.clone()),
            ordinal,
            covered_by_index: table.index_starts_with(&fk.columns),
        }
    }

    /// Adding `fk` to NEW's table `table`.
    pub fn add_foreign_key(table: &str, fk: &ForeignKey) -> Change {
        Change::AddForeignKey {
            table: table.to_string(),
            name: fk.name.as_ref().map(|n| n.name.clone()),
            columns: names_of(&fk.columns),
            ref_table: fk.ref_table.name.clone(),
            ref_columns: names_of(&fk.ref_columns),
            on_delete: fk.on_delete,
            definition: Box::new(fk.clone()),
        }
    }

    /// Safe, data-dependent or destructive, with the reason.
    pub fn class(&self) -> Class {
        use Class::{DataDependent, Destructive, Safe};
        match self {
            Change::DropTable { .. } => Destructive("drops a table and its data"),
            Change::DropColumn { .. } => Destructive("drops a column and its data"),
            Change::DeleteRow { .. } => Destructive("deletes a seed row"),
            Change::ModifyColumn {
                from, to, changes, ..
            } => {
                if changes.type_ && lowered_scale(from, to).is_some() {
                    // Each engine would round; the plan checks first (Migrate::guard_lowered_scale).
                    DataDependent(
                        "lowers a decimal column's scale: a value with more decimal places stops the migration (checked before the change) rather than being rounded",
                    )
                } else if changes.type_ && !widens(from, to) {
                    Destructive(
                        "changes a column's type in a way existing values may not fit (narrowing or a different type)",
                    )
                } else if changes.nullable && from.nullable && !to.nullable {
                    // A default fills new rows only: existing NULLs still make the change fail.
                    Destructive("makes an existing column NOT NULL: existing NULLs make it fail")
                } else if changes.check && to.check_values.is_some() {
                    DataDependent("checks the column's values: fails on rows holding other values")
                } else {
                    Safe
                }
            }
            Change::AddColumn { column, .. }
                if !column.nullable && column.default.is_none() && !column.auto_increment =>
            {
                DataDependent(
                    "adds a NOT NULL column without a default: fails on a table that has rows",
                )
            }
            Change::AddColumn { column, .. } if column.check_values.is_some() => Safe,
            Change::AddPrimaryKey { .. } => DataDependent(
                "adds a primary key: fails on duplicate or NULL values in its columns",
            ),
            Change::AddUnique { .. } => {
                DataDependent("adds a unique key: fails on duplicate values in its columns")
            }
            Change::AddIndex { index, .. } if index.unique => {
                DataDependent("adds a unique index: fails on duplicate values in its columns")
            }
            Change::AddForeignKey { .. } => DataDependent(
                "adds a foreign key: fails on rows that reference no row of the parent table",
            ),
            _ => Safe,
        }
    }

    /// Why the change can lose data, if it can.
    pub fn destructive(&self) -> Option<&'static str> {
        match self.class() {
            Class::Destructive(why) => Some(why),
            _ => None,
        }
    }

    /// Why the change can fail on existing data (while keeping it), if it can.
    pub fn data_dependent(&self) -> Option<&'static str> {
        match self.class() {
            Class::DataDependent(why) => Some(why),
            _ => None,
        }
    }
}

fn names_of(idents: &[crate::model::Ident]) -> Vec<String> {
    idents.iter().map(|i| i.name.clone()).collect()
}

/// One migration file: a module in one output (a dialect, or a variant of it).
pub struct FileDiff {
    /// The file's path in the product's layout, as `generate` names the CREATE script.
    pub path: String,
    pub dialect: DialectName,
    /// The output's name: the dialect's, or its variant's (`oracle_rac`).
    pub output: String,
    pub target: Target,
    pub module: String,
    pub changes: Vec<Change>,
    pub statements: Vec<plan::MigrationStatement>,
}

/// The changes that turn `old` into `new`, module by module, for every output (dialect and
/// variant) of `dialects`: one [`FileDiff`] per module and output, in the layout `generate`
/// writes (a module only one version has is diffed against nothing).
pub fn diff_models(old: &Model, new: &Model, dialects: &[DialectName]) -> Vec<FileDiff> {
    let mut files = Vec::new();
    for &dialect in dialects {
        let Some(outputs) = new
            .product
            .targets
            .get(&dialect)
            .or_else(|| old.product.targets.get(&dialect))
            .map(|t| t.outputs(dialect))
        else {
            continue;
        };
        // Files in the order they run: NEW's modules, then the modules NEW no longer has.
        let mut names: Vec<&str> = new.modules.iter().map(|m| m.name.as_str()).collect();
        names.extend(
            old.modules
                .iter()
                .map(|m| m.name.as_str())
                .filter(|n| !new.modules.iter().any(|m| m.name == *n)),
        );
        // Tables are matched across the product: a table moved to another module is kept.
        let old_all = module_tables(old.modules.iter(), dialect);
        let new_all = module_tables(new.modules.iter(), dialect);
        let matching = TableMatch::new(&old_all, &new_all);
        let per_module: Vec<Vec<Change>> = names
            .iter()
            .map(|name| {
                let new_tables =
                    module_tables(new.modules.iter().filter(|m| m.name == *name), dialect);
                let mut old_tables: Vec<&Table> = new_tables
                    .iter()
                    .filter_map(|t| matching.old_of(&t.name.name))
                    .collect();
                old_tables.extend(
                    module_tables(old.modules.iter().filter(|m| m.name == *name), dialect)
                        .into_iter()
                        .filter(|t| matching.new_of(&t.name.name).is_none()),
                );
                changes(
                    &old.product,
                    &old_tables,
                    &new.product,
                    &new_tables,
                    dialect,
                )
            })
            .collect();
        let split = modules::split(old, &matching, &per_module);
        // Planned per output, module by module: a file hands foreign keys to later files.
        let tables_of_file: Vec<Vec<&str>> = names
            .iter()
            .map(|name| {
                module_tables(new.modules.iter().filter(|m| m.name == *name), dialect)
                    .iter()
                    .map(|t| t.name.name.as_str())
                    .collect()
            })
            .collect();
        let mut planned: Vec<Vec<Vec<plan::MigrationStatement>>> = vec![Vec::new(); names.len()];
        for (_, target) in &outputs {
            let mut handed: Vec<Vec<Change>> = vec![Vec::new(); names.len()];
            for i in 0..names.len() {
                let mut runs = split.runs[i].clone();
                runs.append(&mut handed[i]);
                let later_tables: Vec<&str> = tables_of_file[i + 1..].concat();
                let file = plan::FileChanges {
                    later_tables: &later_tables,
                    changes: &runs,
                    done_elsewhere: &split.done_elsewhere[i],
                };
                let plan::Planned {
                    statements,
                    handoffs,
                } = plan::plan(old, new, dialect, target, &file);
                for add in handoffs {
                    if let Some(j) =
                        (i + 1..names.len()).find(|&j| tables_of_file[j].contains(&add.table()))
                    {
                        handed[j].push(add);
                    }
                }
                planned[i].push(statements);
            }
        }
        for (i, name) in names.iter().enumerate() {
            let module = new
                .modules
                .iter()
                .find(|m| m.name == *name)
                .or_else(|| old.modules.iter().find(|m| m.name == *name))
                .expect("the module is in one of the models");
            for ((variant, target), statements) in outputs.iter().zip(planned[i].drain(..)) {
                let output = variant.unwrap_or(dialect.as_str()).to_string();
                files.push(FileDiff {
                    path: new.product.output_path(module, &output),
                    dialect,
                    output,
                    target: target.clone(),
                    module: name.to_string(),
                    changes: per_module[i].clone(),
                    statements,
                });
            }
        }
    }
    files
}

fn module_tables<'a>(
    modules: impl Iterator<Item = &'a crate::model::Module>,
    dialect: DialectName,
) -> Vec<&'a Table> {
    modules
        .flat_map(|m| &m.tables)
        .filter(|t| t.exists_in(dialect))
        .collect()
}

/// Which table of OLD each table of NEW is: the same name, or the one it declares it was
/// renamed from. The one place that matches tables; the plan asks it too.
pub struct TableMatch<'a> {
    /// NEW name → OLD table.
    old_of: HashMap<&'a str, &'a Table>,
    /// OLD name → NEW table.
    new_of: HashMap<&'a str, &'a Table>,
}

impl<'a> TableMatch<'a> {
    pub fn new(old_tables: &[&'a Table], new_tables: &[&'a Table]) -> TableMatch<'a> {
        let by_name: HashMap<&str, &Table> = old_tables
            .iter()
            .map(|t| (t.name.name.as_str(), *t))
            .collect();
        let mut old_of = HashMap::new();
        let mut new_of = HashMap::new();
        for table in new_tables {
            let previous = by_name
                .get(table.name.name.as_str())
                .or_else(|| table.renamed_from.as_deref().and_then(|r| by_name.get(r)));
            if let Some(previous) = previous
                && !new_of.contains_key(previous.name.name.as_str())
            {
                old_of.insert(table.name.name.as_str(), *previous);
                new_of.insert(previous.name.name.as_str(), *table);
            }
        }
        TableMatch { old_of, new_of }
    }

    pub fn old_of(&self, new_name: &str) -> Option<&'a Table> {
        self.old_of.get(new_name).copied()
    }

    pub fn new_of(&self, old_name: &str) -> Option<&'a Table> {
        self.new_of.get(old_name).copied()
    }
}

/// Which column of `before` each column of `after` is: the same name or the declared
/// `renamed_from`. The one place that matches columns.
pub fn previous_column<'a>(before: &'a Table, column: &Column) -> Option<&'a Column> {
    before.column(&column.name.name).or_else(|| {
        column
            .renamed_from
            .as_deref()
            .and_then(|r| before.column(r))
    })
}

/// The changes between two sets of tables as `dialect` sees them.
pub fn changes(
    old_product: &Product,
    old_tables: &[&Table],
    new_product: &Product,
    new_tables: &[&Table],
    dialect: DialectName,
) -> Vec<Change> {
    let matching = TableMatch::new(old_tables, new_tables);
    let mut out = Vec::new();
    let mut pairs = Vec::new();
    let mut new_rows = Vec::new();
    for table in new_tables {
        match matching.old_of(&table.name.name) {
            Some(previous) => {
                if previous.name.name != table.name.name {
                    out.push(Change::RenameTable {
                        from: previous.name.name.clone(),
                        to: table.name.name.clone(),
                    });
                }
                pairs.push((previous, *table));
            }
            None => {
                out.push(Change::AddTable {
                    table: table.name.name.clone(),
                    definition: Box::new((*table).clone()),
                });
                // The CREATE script inserts the seed rows of a table; so does the migration.
                new_rows.extend(table.rows.iter().map(|row| {
                    Change::InsertRow {
                        table: table.name.name.clone(),
                        values: row
                            .values
                            .iter()
                            .map(|(c, v)| (c.clone(), v.clone().map(DefaultValueText)))
                            .collect(),
                    }
                }));
            }
        }
    }
    for table in old_tables {
        if matching.new_of(&table.name.name).is_none() {
            out.push(Change::DropTable {
                table: table.name.name.clone(),
                definition: Box::new((*table).clone()),
            });
        }
    }
    for (before, after) in pairs {
        table_changes(old_product, new_product, before, after, dialect, &mut out);
    }
    out.extend(new_rows);
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
    if before.description != after.description {
        out.push(Change::SetTableComment {
            table: table.clone(),
            from: before.description.clone(),
            to: after.description.clone(),
        });
    }
    // Columns, with declared renames.
    let mut renamed: BTreeMap<String, String> = BTreeMap::new(); // old name → new name
    let mut matched = Vec::new();
    for column in &after.columns {
        let previous = previous_column(before, column);
        let to = ColumnShape::of(new_product, column, dialect);
        match previous {
            // The rows the table holds get the column's fill: added with it as the default,
            // which is then set to NEW's (phase 6, then 7).
            None if column.fill.is_some() && column.fill != to.default => {
                let mut filled = to.clone();
                filled.default = column.fill.clone();
                out.push(Change::AddColumn {
                    table: table.clone(),
                    column: filled.clone(),
                });
                out.push(Change::ModifyColumn {
                    table: table.clone(),
                    from: filled,
                    to,
                    changes: ColumnChanges {
                        default: true,
                        ..ColumnChanges::default()
                    },
                });
            }
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
                    comment: from.description != to.description,
                    check: from.check_values != to.check_values,
                };
                if changes.any() {
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
    let old_pk = before.primary_key.as_ref().map(|pk| {
        KeyShape::plain(
            pk.name.as_ref().map(|n| n.name.clone()),
            rename(&pk.columns),
            false,
        )
    });
    let new_pk = after.primary_key.as_ref().map(|pk| {
        KeyShape::plain(
            pk.name.as_ref().map(|n| n.name.clone()),
            plain(&pk.columns),
            false,
        )
    });
    if old_pk != new_pk {
        if let Some(key) = old_pk {
            out.push(Change::DropPrimaryKey {
                table: before.name.name.clone(),
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
        .map(|u| {
            let name = u.name.as_ref().map(|n| n.name.clone());
            KeyShape::unique(
                dialect,
                before,
                name,
                rename(&u.columns),
                &u.columns,
                &u.nulls_equal_in,
            )
        })
        .collect();
    let new_uniques: Vec<KeyShape> = after
        .uniques
        .iter()
        .map(|u| {
            let name = u.name.as_ref().map(|n| n.name.clone());
            KeyShape::unique(
                dialect,
                after,
                name,
                plain(&u.columns),
                &u.columns,
                &u.nulls_equal_in,
            )
        })
        .collect();
    for (i, key) in old_uniques.iter().enumerate() {
        if !new_uniques.contains(key) {
            out.push(Change::DropUnique {
                table: before.name.name.clone(),
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
        .map(|i| KeyShape::index(dialect, before, i, rename(&i.columns)))
        .collect();
    let new_indexes: Vec<KeyShape> = after
        .indexes
        .iter()
        .filter(|i| i.exists_in(dialect))
        .map(|i| KeyShape::index(dialect, after, i, plain(&i.columns)))
        .collect();
    for (i, index) in old_indexes.iter().enumerate() {
        if !new_indexes.contains(index) {
            out.push(Change::DropIndex {
                table: before.name.name.clone(),
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
            out.push(Change::drop_foreign_key(before, fk));
        }
    }
    for (i, sig) in new_fks.iter().enumerate() {
        if !old_fks.contains(sig) {
            let fk = &after.foreign_keys[i];
            out.push(Change::add_foreign_key(&table, fk));
        }
    }
    row_changes(before, after, &renamed, out);
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
                table: before.name.name.clone(),
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
