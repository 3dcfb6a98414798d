//! The plan: orders the typed changes so a migration runs (foreign keys dropped before what
//! they point at changes, tables created before keys that reference them, rows last), adds
//! the steps a dialect asks for ([`Migrate`]'s questions: constraints, indexes and checks
//! dropped and made again around a column change, foreign keys around a rename), and has the
//! dialect write each change. Dialect-free: the order is the same for every database.

use std::collections::HashMap;

use super::{Change, DefaultValueText, TableMatch};
use crate::dialect::migrate::{
    ColumnAlter, ColumnShape, ConstraintKind, KeyShape, Migrate, Step, Writer,
};
use crate::dialect::{DialectName, Statement, Target, names};
use crate::emit::render::Renderer;
use crate::emit::{order, statements};
use crate::model::{DefaultValue, ForeignKey, Ident, Model, Product, Table};

/// A statement of a migration, with what the reviewer must know about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationStatement {
    pub statement: Statement,
    /// Why it can lose data, if it can.
    pub destructive: Option<&'static str>,
    /// Why it can fail on existing data (keeping it), if it can.
    pub data_dependent: Option<&'static str>,
    /// A step by hand: the SQL is comment lines saying what to do.
    pub manual: bool,
}

impl MigrationStatement {
    /// What ends the statement in a script: the dialect's terminator, or nothing after a
    /// MANUAL comment (a terminator there would run the previous statement again in SQL*Plus
    /// or Db2's CLP).
    pub fn terminator(&self, dialect: DialectName, target: &Target) -> String {
        if self.manual {
            String::new()
        } else {
            dialect
                .implementation()
                .terminator(self.statement.kind, target)
        }
    }
}

/// Phases, in execution order.
fn phase(change: &Change) -> u8 {
    match change {
        Change::DeleteRow { .. } => 0,
        Change::DropForeignKey { .. } => 1,
        Change::DropIndex { .. } | Change::DropUnique { .. } | Change::DropPrimaryKey { .. } => 2,
        Change::RenameTable { .. } => 3,
        Change::RenameColumn { .. } => 4,
        Change::AddTable { .. } => 5,
        Change::AddColumn { .. } => 6,
        Change::ModifyColumn { .. } | Change::SetTableComment { .. } => 7,
        Change::DropColumn { .. } => 8,
        Change::AddPrimaryKey { .. } | Change::AddUnique { .. } | Change::AddIndex { .. } => 9,
        Change::AddForeignKey { .. } => 10,
        Change::DropTable { .. } => 11,
        Change::InsertRow { .. } | Change::UpdateRow { .. } => 12,
    }
}

/// A step the plan adds around the model's changes (not itself a change of the model).
enum Extra {
    /// Drops the CHECK of OLD's column (phase 2) / adds NEW's (phase 9).
    DropCheck {
        table: String,
        column: ColumnShape,
    },
    AddCheck {
        table: String,
        column: ColumnShape,
    },
    /// A new table's foreign key to an existing table whose keys the migration drops and adds
    /// again: added after the keys (phase 10), not with the table.
    LateForeignKey {
        table: String,
        fk: ForeignKey,
    },
}

/// The tables of `model` that exist in `dialect`.
fn tables_of(model: &Model, dialect: DialectName) -> Vec<&Table> {
    model
        .modules
        .iter()
        .flat_map(|m| &m.tables)
        .filter(|t| t.exists_in(dialect))
        .collect()
}

/// The shared rendering and the two models, as the dialect's migration methods see them.
struct MigrationWriter<'a> {
    renderer: Renderer<'a>,
    matching: TableMatch<'a>,
    /// The keys dropped before renames run: (OLD table, columns, kind).
    dropped_keys: Vec<(String, Vec<String>, ConstraintKind)>,
}

impl Writer for MigrationWriter<'_> {
    fn target(&self) -> &Target {
        self.renderer.target
    }

    fn ident(&self, name: &str) -> String {
        self.renderer.ident(name)
    }

    fn stored(&self, name: &str) -> String {
        names::stored(self.renderer.dialect, self.renderer.policy, name)
    }

    fn column_type(&self, column: &ColumnShape) -> String {
        self.renderer.type_of(&statements::column_def_of(column))
    }

    fn column_definition(&self, column: &ColumnShape) -> String {
        self.renderer
            .column_definition(&statements::column_def_of(column))
    }

    fn default_sql(&self, column: &ColumnShape) -> Option<String> {
        if column.auto_increment {
            return None;
        }
        column.default.as_ref().map(|d| {
            self.renderer.dialect.column_default(
                &self.column_type(column),
                &statements::default_expr(d),
                self.renderer.target,
            )
        })
    }

    fn key_clause(&self, table: &Table, key: &KeyShape, kind: ConstraintKind) -> String {
        self.renderer
            .key_clause(&table.name.name, key.name.as_deref(), kind, &key.columns)
    }

    fn foreign_key_clause(&self, table: &Table, fk: &ForeignKey) -> String {
        self.renderer
            .foreign_key(&statements::foreign_key(table, fk))
    }

    fn check_clause(&self, table: &Table, column: &ColumnShape) -> Option<String> {
        let values = column.check_values.as_ref()?;
        let values = values
            .iter()
            .map(|v| self.renderer.dialect.string_literal(v))
            .collect::<Vec<_>>()
            .join(", ");
        Some(
            self.renderer
                .check_clause(&table.name.name, &column.name, &values),
        )
    }

    fn create_index(&self, table: &Table, index: &KeyShape) -> Statement {
        self.renderer.create_index(&table.name.name, index)
    }

    fn value(&self, value: &DefaultValue) -> String {
        self.renderer
            .dialect
            .default_value(&statements::default_expr(value), self.renderer.target)
    }

    fn old_table(&self, name: &str) -> Option<&Table> {
        self.matching.old_of(name)
    }

    fn new_table(&self, name: &str) -> Option<&Table> {
        self.matching.new_of(name)
    }

    fn key_dropped(&self, table: &str, columns: &[String], kind: ConstraintKind) -> bool {
        self.dropped_keys
            .iter()
            .any(|(t, c, k)| t == table && c.as_slice() == columns && *k == kind)
    }
}

/// OLD's columns (of `old`) that NEW's `columns` (of `new`) were: the same names, or the ones
/// they were renamed from.
fn previous_columns(old: &Table, new: &Table, columns: &[Ident]) -> Vec<Ident> {
    columns
        .iter()
        .map(|c| {
            new.column(&c.name)
                .and_then(|column| super::previous_column(old, column))
                .map_or_else(|| c.clone(), |previous| previous.name.clone())
        })
        .collect()
}

/// The keys `changes` drop: (OLD table, columns, kind).
fn dropped_keys<'c>(
    changes: impl Iterator<Item = &'c Change>,
) -> Vec<(String, Vec<String>, ConstraintKind)> {
    changes
        .filter_map(|c| match c {
            Change::DropForeignKey { table, columns, .. } => {
                Some((table.clone(), columns.clone(), ConstraintKind::ForeignKey))
            }
            Change::DropUnique { table, key } => {
                Some((table.clone(), key.columns.clone(), ConstraintKind::Unique))
            }
            Change::DropPrimaryKey { table, key } => Some((
                table.clone(),
                key.columns.clone(),
                ConstraintKind::PrimaryKey,
            )),
            _ => None,
        })
        .collect()
}

/// What one module's file of a migration runs (see [`super::modules`]).
pub struct FileChanges<'a> {
    /// The tables (NEW names) of the files that run after this one: a foreign key of one of
    /// them that the plan drops around a change here is added again by that table's own
    /// file, after the table's own changes.
    pub later_tables: &'a [&'a str],
    /// The changes this file runs: the module's own, those moved here from later modules'
    /// files, and foreign keys handed over by earlier modules' files.
    pub changes: &'a [Change],
    /// Changes of the module's tables that an earlier module's file runs: done when this
    /// file runs, so not done again around other changes.
    pub done_elsewhere: &'a [Change],
}

/// A module file's migration.
pub struct Planned {
    pub statements: Vec<MigrationStatement>,
    /// Foreign keys of later modules' tables that this file dropped around its changes: their
    /// own module's file adds them again (then their table has its new name and columns).
    pub handoffs: Vec<Change>,
}

/// The migration from `old` to `new` of one module's file for one output of `dialect_name`
/// (`target`): statements in a safe order.
pub fn plan(
    old: &Model,
    new: &Model,
    dialect_name: DialectName,
    target: &Target,
    file: &FileChanges,
) -> Planned {
    let changes = file.changes;
    let dialect = dialect_name.migrations();
    let old_tables = tables_of(old, dialect_name);
    let new_tables = tables_of(new, dialect_name);
    let writer = MigrationWriter {
        renderer: Renderer {
            dialect: dialect_name.implementation(),
            policy: new.product.identifiers,
            target,
        },
        matching: TableMatch::new(&old_tables, &new_tables),
        dropped_keys: Vec::new(),
    };
    let old_by_name: HashMap<&str, &Table> = old_tables
        .iter()
        .map(|t| (t.name.name.as_str(), *t))
        .collect();
    let new_by_name: HashMap<&str, &Table> = new_tables
        .iter()
        .map(|t| (t.name.name.as_str(), *t))
        .collect();
    let table_rank = table_ranks(&new_tables);
    let old_rank = table_ranks(&old_tables);

    let (rebuilt, mut extras) = around_changes(
        dialect,
        (&old.product, &new.product),
        &writer,
        &new_tables,
        changes,
        file.done_elsewhere,
        file.later_tables,
    );
    let writer = MigrationWriter {
        dropped_keys: dropped_keys(changes.iter().chain(&rebuilt).chain(file.done_elsewhere)),
        ..writer
    };
    // A foreign key of a later file's table is added again by that file.
    let (handoffs, rebuilt): (Vec<Change>, Vec<Change>) = rebuilt.into_iter().partition(|c| {
        matches!(c, Change::AddForeignKey { table, .. } if file.later_tables.contains(&table.as_str()))
    });
    // New tables: created together in foreign-key order; a foreign key to an existing table
    // whose keys this migration drops and adds again waits for the keys (phase 10).
    let added: Vec<&Table> = changes
        .iter()
        .filter_map(|c| match c {
            Change::AddTable { definition, .. } => Some(definition.as_ref()),
            _ => None,
        })
        .collect();
    let rekeyed: Vec<&str> = changes
        .iter()
        .chain(&rebuilt)
        .filter_map(|c| match c {
            Change::DropPrimaryKey { table, .. } | Change::DropUnique { table, .. } => Some(
                writer
                    .matching
                    .new_of(table)
                    .map_or(table.as_str(), |t| t.name.name.as_str()),
            ),
            _ => None,
        })
        .collect();
    let added_order = order::order_tables(&added);
    let mut deferred: Vec<&ForeignKey> = added_order.deferred.clone();
    let mut late_foreign_keys: Vec<&ForeignKey> = Vec::new();
    // A referenced column whose change the dialect refuses under a foreign key (MySQL: a
    // type change) is changed before the new table's key is added.
    let refuses_foreign_key = |table: &str, columns: &[Ident]| {
        changes.iter().any(|c| match c {
            Change::ModifyColumn {
                table: t,
                from,
                to,
                changes,
            } if t == table && columns.iter().any(|col| col.name == to.name) => {
                new_by_name.get(table).is_some_and(|nt| {
                    let alter = ColumnAlter {
                        table: nt,
                        from,
                        to,
                        changes: *changes,
                    };
                    !dialect.modify_column_keeps_constraints(&alter, ConstraintKind::ForeignKey)
                })
            }
            _ => false,
        })
    };
    for table in &added_order.tables {
        for fk in &table.foreign_keys {
            let existing = !added.iter().any(|t| t.name.name == fk.ref_table.name);
            if existing
                && (rekeyed.contains(&fk.ref_table.name.as_str())
                    || refuses_foreign_key(&fk.ref_table.name, &fk.ref_columns))
            {
                late_foreign_keys.push(fk);
                deferred.push(fk);
                extras.push(Extra::LateForeignKey {
                    table: table.name.name.clone(),
                    fk: fk.clone(),
                });
            }
        }
    }
    let mut ordered: Vec<(u8, usize, Item)> = changes
        .iter()
        .chain(&rebuilt)
        .map(|c| {
            let rank = |t: &str| {
                table_rank
                    .get(t)
                    .or_else(|| old_rank.get(t))
                    .copied()
                    .unwrap_or(usize::MAX)
            };
            let within = match c {
                // Children before parents when deleting rows or dropping tables.
                Change::DeleteRow { table, .. } | Change::DropTable { table, .. } => {
                    usize::MAX - rank(table)
                }
                other => rank(other.table()),
            };
            (phase(c), within, Item::Change(c))
        })
        .collect();
    for extra in &extras {
        let (phase, table) = match extra {
            Extra::DropCheck { table, .. } => (2, table),
            Extra::AddCheck { table, .. } => (9, table),
            Extra::LateForeignKey { table, .. } => (10, table),
        };
        let rank = table_rank
            .get(table.as_str())
            .copied()
            .unwrap_or(usize::MAX);
        ordered.push((phase, rank, Item::Extra(extra)));
    }
    // A table's foreign keys are added in NEW's order (numbered so where the database numbers
    // unnamed ones).
    let position = |item: &Item| match item {
        Item::Change(Change::AddForeignKey {
            table,
            columns,
            ref_table,
            ..
        }) => new_by_name
            .get(table.as_str())
            .and_then(|t| {
                t.foreign_keys.iter().position(|f| {
                    f.ref_table.name == *ref_table && f.columns.iter().map(|c| &c.name).eq(columns)
                })
            })
            .unwrap_or(usize::MAX),
        _ => 0,
    };
    ordered.sort_by_key(|(phase, within, item)| (*phase, *within, position(item)));

    // Tables that got or changed columns: a data statement after them may need a new batch.
    let altered: Vec<&str> = changes
        .iter()
        .filter_map(|c| match c {
            Change::AddColumn { table, .. }
            | Change::ModifyColumn { table, .. }
            | Change::RenameColumn { table, .. } => Some(table.as_str()),
            _ => None,
        })
        .collect();

    let new_table = |name: &str| -> &Table {
        new_by_name
            .get(name)
            .copied()
            .unwrap_or_else(|| panic!("the differ names NEW's table {name}"))
    };
    let old_table = |name: &str| -> &Table {
        old_by_name
            .get(name)
            .copied()
            .unwrap_or_else(|| panic!("the differ names OLD's table {name}"))
    };

    let mut out = Vec::new();
    let mut tables_done = false;
    for (_, _, item) in ordered {
        let change = match item {
            Item::Extra(Extra::DropCheck { table, column }) => {
                let steps = dialect.drop_check(&writer, old_table(table), column);
                push_steps(&mut out, steps, None, None);
                continue;
            }
            Item::Extra(Extra::AddCheck { table, column }) => {
                let steps = dialect.add_check(&writer, new_table(table), column);
                push_steps(&mut out, steps, None, None);
                continue;
            }
            Item::Extra(Extra::LateForeignKey { table, fk }) => {
                let steps = dialect.add_foreign_key(&writer, new_table(table), fk);
                push_steps(&mut out, steps, None, None);
                continue;
            }
            Item::Change(change) => change,
        };
        let (destructive, data_dependent) = (change.destructive(), change.data_dependent());
        let w: &dyn Writer = &writer;
        let steps: Vec<Step> = match change {
            Change::AddTable { .. } => {
                if tables_done {
                    continue;
                }
                tables_done = true;
                let mut steps = Vec::new();
                let mut closing = Vec::new();
                for table in &added_order.tables {
                    let built =
                        statements::table_statements(&new.product, table, dialect_name, &deferred);
                    let table_target = writer.renderer.target.for_table(table, dialect_name);
                    let renderer = Renderer {
                        target: &table_target,
                        ..writer.renderer
                    };
                    for statement in
                        renderer.create_table(&built.create, &built.uniques, &built.checks)
                    {
                        steps.push(Step::Run(statement));
                    }
                    for index in &built.indexes {
                        steps.push(Step::Run(renderer.create_index(&built.name, index)));
                    }
                    closing.extend(
                        built
                            .deferred_foreign_keys
                            .into_iter()
                            .zip(
                                table
                                    .foreign_keys
                                    .iter()
                                    .filter(|fk| deferred.iter().any(|d| std::ptr::eq(*d, *fk))),
                            )
                            .filter(|(_, fk)| {
                                !late_foreign_keys.iter().any(|l| std::ptr::eq(*l, *fk))
                            })
                            .map(|(statement, _)| statement),
                    );
                }
                for fk in &closing {
                    steps.push(Step::Run(writer.renderer.add_foreign_key(fk)));
                }
                steps
            }
            Change::DropTable { table, .. } => dialect.drop_table(w, old_table(table)),
            Change::RenameTable { from, to } => {
                dialect.rename_table(w, old_table(from), new_table(to))
            }
            Change::SetTableComment { table, .. } => dialect.set_table_comment(w, new_table(table)),
            Change::AddColumn { table, column } => {
                let table = new_table(table);
                let mut steps = dialect.add_column(w, table, column);
                if column.check_values.is_some() {
                    steps.extend(dialect.add_check(w, table, column));
                }
                steps
            }
            Change::DropColumn { table, column } => {
                dialect.drop_column(w, new_table(table), column)
            }
            Change::RenameColumn { table, from, to } => {
                let table = new_table(table);
                let before = writer
                    .matching
                    .old_of(&table.name.name)
                    .expect("a kept table");
                let from = before
                    .column(from)
                    .map(|c| ColumnShape::of(&old.product, c, dialect_name))
                    .expect("the renamed column is OLD's");
                let to = table
                    .column(to)
                    .map(|c| ColumnShape::of(&new.product, c, dialect_name))
                    .expect("the column is NEW's");
                dialect.rename_column(w, table, &from, &to)
            }
            Change::ModifyColumn {
                table,
                from,
                to,
                changes,
            } => {
                let table = new_table(table);
                let alter = ColumnAlter {
                    table,
                    from,
                    to,
                    changes: *changes,
                };
                let mut steps = Vec::new();
                if changes.type_
                    && let Some(scale) = super::lowered_scale(from, to)
                {
                    steps.extend(dialect.guard_lowered_scale(w, table, to, scale));
                }
                steps.extend(dialect.modify_column(w, &alter));
                if changes.comment {
                    steps.extend(dialect.column_comment_steps(w, table, to, true));
                }
                steps
            }
            Change::AddPrimaryKey { table, key } => {
                dialect.add_key(w, new_table(table), key, ConstraintKind::PrimaryKey)
            }
            Change::AddUnique { table, key } => {
                dialect.add_key(w, new_table(table), key, ConstraintKind::Unique)
            }
            Change::DropPrimaryKey { table, key } => {
                dialect.drop_key(w, old_table(table), key, ConstraintKind::PrimaryKey)
            }
            Change::DropUnique { table, key } => {
                dialect.drop_key(w, old_table(table), key, ConstraintKind::Unique)
            }
            Change::AddIndex { table, index } => dialect.add_index(w, new_table(table), index),
            Change::DropIndex { table, index } => dialect.drop_index(w, old_table(table), index),
            Change::AddForeignKey {
                table, definition, ..
            } => dialect.add_foreign_key(w, new_table(table), definition),
            Change::DropForeignKey {
                table,
                definition,
                ordinal,
                covered_by_index,
                ..
            } => dialect.drop_foreign_key(
                w,
                old_table(table),
                definition,
                *ordinal,
                *covered_by_index,
            ),
            Change::InsertRow { table, values } => {
                let auto_increment = new_table(table)
                    .columns
                    .iter()
                    .find(|c| c.auto_increment)
                    .map(|c| c.name.name.as_str());
                let row = statements::InsertRow {
                    table: table.clone(),
                    columns: values.iter().map(|(c, _)| c.clone()).collect(),
                    values: values.iter().map(|(_, v)| value_expr(v)).collect(),
                    identity: statements::InsertRow::identity_given(
                        auto_increment,
                        values.iter().map(|(c, v)| (c, v.as_ref())),
                    ),
                };
                writer
                    .renderer
                    .insert_rows(std::slice::from_ref(&row))
                    .into_iter()
                    .map(|s| {
                        Step::Run(dialect.data_statement(s, altered.contains(&table.as_str())))
                    })
                    .collect()
            }
            Change::DeleteRow { table, key } => vec![Step::Run(dialect.data_statement(
                Statement::new(format!(
                    "DELETE FROM {} WHERE {}",
                    writer.ident(table),
                    where_clause(&writer, key)
                )),
                false,
            ))],
            Change::UpdateRow { table, key, set } => {
                let assignments = set
                    .iter()
                    .map(|(c, v)| format!("{} = {}", writer.ident(c), row_value(&writer, v)))
                    .collect::<Vec<_>>()
                    .join(", ");
                vec![Step::Run(dialect.data_statement(
                    Statement::new(format!(
                        "UPDATE {} SET {assignments} WHERE {}",
                        writer.ident(table),
                        where_clause(&writer, key)
                    )),
                    altered.contains(&table.as_str()),
                ))]
            }
        };
        push_steps(&mut out, steps, destructive, data_dependent);
    }
    if !out.is_empty() {
        let mut setup = Vec::new();
        push_steps(
            &mut setup,
            dialect.session_setup().into_iter().map(Step::Run).collect(),
            None,
            None,
        );
        out.splice(0..0, setup);
    }
    Planned {
        statements: out,
        handoffs,
    }
}

enum Item<'a> {
    Change(&'a Change),
    Extra(&'a Extra),
}

fn push_steps(
    out: &mut Vec<MigrationStatement>,
    steps: Vec<Step>,
    destructive: Option<&'static str>,
    data_dependent: Option<&'static str>,
) {
    for step in steps {
        out.push(match step {
            Step::Run(statement) => MigrationStatement {
                statement,
                destructive,
                data_dependent,
                manual: false,
            },
            Step::Upkeep(statement) => MigrationStatement {
                statement,
                destructive: None,
                data_dependent: None,
                manual: false,
            },
            Step::Manual(text) => MigrationStatement {
                statement: Statement::new(text),
                destructive,
                data_dependent,
                manual: true,
            },
        });
    }
}

/// The steps a dialect asks for around the model's changes: for a column change that drops
/// (or is refused on) the constraints, indexes or CHECK over the column, those of NEW are
/// dropped before and made again after; around a RENAME TABLE that refuses joined tables, the
/// foreign keys of and to the table; and the foreign keys that reference a key that is
/// dropped. Left out: what the migration drops or adds anyway, and what belongs to tables that
/// did not exist before (created whole).
fn around_changes(
    dialect: &dyn Migrate,
    (old_product, new_product): (&Product, &Product),
    writer: &MigrationWriter,
    new_tables: &[&Table],
    changes: &[Change],
    done_elsewhere: &[Change],
    later_tables: &[&str],
) -> (Vec<Change>, Vec<Extra>) {
    let matching = &writer.matching;
    // Column changes, each as the dialect's questions see it.
    let modified: Vec<ColumnAlter> = changes
        .iter()
        .filter_map(|c| match c {
            Change::ModifyColumn {
                table,
                from,
                to,
                changes,
            } => Some(ColumnAlter {
                table: new_tables.iter().find(|t| t.name.name == *table)?,
                from,
                to,
                changes: *changes,
            }),
            _ => None,
        })
        .collect();
    let alter_of = |table: &str, column: &str| {
        modified
            .iter()
            .find(|a| a.table.name.name == table && a.to.name == column)
    };
    // A constraint over a column whose change the dialect says drops or is refused on it.
    let touches = |table: &str, columns: &[Ident], kind: ConstraintKind| {
        columns.iter().any(|c| {
            alter_of(table, &c.name)
                .is_some_and(|a| !dialect.modify_column_keeps_constraints(a, kind))
        })
    };
    let names =
        |columns: &[Ident]| -> Vec<String> { columns.iter().map(|c| c.name.clone()).collect() };
    let renamed: Vec<&str> = changes
        .iter()
        .filter_map(|c| match c {
            Change::RenameTable { to, .. } => Some(to.as_str()),
            _ => None,
        })
        .collect();
    let rename_rebuilds = !dialect.rename_table_keeps_foreign_keys();
    // Keys (NEW names) that the migration drops: the foreign keys that reference them go first.
    let dropped_keys: Vec<(String, Vec<String>)> = changes
        .iter()
        .filter_map(|c| match c {
            Change::DropPrimaryKey { table, key } | Change::DropUnique { table, key } => {
                let new_name = matching.new_of(table).map(|t| t.name.name.clone())?;
                Some((new_name, key.columns.clone()))
            }
            _ => None,
        })
        .collect();
    let mut out = Vec::new();
    let mut extras = Vec::new();
    let dropping = |c: &Change| {
        changes
            .iter()
            .chain(done_elsewhere)
            .any(|x| same_drop(x, c))
    };
    let adding = |c: &Change| changes.iter().any(|x| same_add(x, c));
    let rebuild = |out: &mut Vec<Change>, drop: Change, add: Change| {
        if !dropping(&drop) && !adding(&add) && !out.iter().any(|x| same_drop(x, &drop)) {
            out.push(drop);
            out.push(add);
        }
    };

    for t in new_tables {
        let Some(old_t) = matching.old_of(&t.name.name) else {
            continue;
        };
        let table = &t.name.name;
        let old_name = &old_t.name.name;
        // Keys over a changed column.
        {
            if let Some(pk) = &t.primary_key
                && touches(table, &pk.columns, ConstraintKind::PrimaryKey)
            {
                let key = KeyShape::plain(
                    pk.name.as_ref().map(|n| n.name.clone()),
                    names(&pk.columns),
                    false,
                );
                rebuild(
                    &mut out,
                    Change::DropPrimaryKey {
                        table: old_name.clone(),
                        key: key.clone(),
                    },
                    Change::AddPrimaryKey {
                        table: table.clone(),
                        key,
                    },
                );
            }
            for u in t
                .uniques
                .iter()
                .filter(|u| touches(table, &u.columns, ConstraintKind::Unique))
            {
                let name = u.name.as_ref().map(|n| n.name.clone());
                let key = |table: &Table, of: &[Ident]| {
                    KeyShape::unique(
                        dialect.name(),
                        table,
                        name.clone(),
                        names(&u.columns),
                        of,
                        &u.nulls_equal_in,
                    )
                };
                // The key as OLD's columns make it (the form it has in the database).
                let old_of = previous_columns(old_t, t, &u.columns);
                rebuild(
                    &mut out,
                    Change::DropUnique {
                        table: old_name.clone(),
                        key: key(old_t, &old_of),
                    },
                    Change::AddUnique {
                        table: table.clone(),
                        key: key(t, &u.columns),
                    },
                );
            }
        }
        // Indexes over a changed column, where the change is refused on them.
        for index in t.indexes.iter().filter(|i| i.exists_in(dialect.name())) {
            let refused = modified.iter().any(|a| {
                a.table.name.name == *table
                    && index.columns.iter().any(|c| c.name == a.to.name)
                    && !dialect.modify_column_keeps_indexes(a)
            });
            if refused {
                let shape = KeyShape::index(dialect.name(), t, index, names(&index.columns));
                let old_of = previous_columns(old_t, t, &index.columns);
                let old_shape = crate::model::Index {
                    columns: old_of,
                    ..index.clone()
                };
                let old_shape =
                    KeyShape::index(dialect.name(), old_t, &old_shape, names(&index.columns));
                rebuild(
                    &mut out,
                    Change::DropIndex {
                        table: old_name.clone(),
                        index: old_shape,
                    },
                    Change::AddIndex {
                        table: table.clone(),
                        index: shape,
                    },
                );
            }
        }
        // CHECKs: a changed one is dropped and added again, and so is one whose derived name
        // changes with a renamed table or column, or that the column change drops or is
        // refused on; a dropped column's goes before the column. Only for a table whose
        // columns or name this file changes (another module's file does its own).
        let columns_changed_here = changes.iter().any(|c| match c {
            Change::RenameTable { to, .. } => to == table,
            Change::RenameColumn { table: t, .. }
            | Change::ModifyColumn { table: t, .. }
            | Change::DropColumn { table: t, .. } => t == table,
            _ => false,
        });
        for old_c in old_t.columns.iter().filter(|_| columns_changed_here) {
            let from = ColumnShape::of(old_product, old_c, dialect.name());
            let now = t.columns.iter().find(|c| {
                super::previous_column(old_t, c).is_some_and(|p| p.name.name == old_c.name.name)
            });
            let to = now.map(|c| ColumnShape::of(new_product, c, dialect.name()));
            let renamed_check = to.as_ref().is_some_and(|to| {
                from.check_values.is_some() && (old_name != table || from.name != to.name)
            });
            let changed = to
                .as_ref()
                .is_some_and(|to| from.check_values != to.check_values);
            let refused = to.as_ref().is_some_and(|to| {
                alter_of(table, &to.name).is_some_and(|a| !dialect.modify_column_keeps_check(a))
            });
            let dropped = to.is_none();
            if from.check_values.is_some() && (renamed_check || changed || refused || dropped) {
                extras.push(Extra::DropCheck {
                    table: old_name.clone(),
                    column: from.clone(),
                });
            }
            if let Some(to) = to
                && to.check_values.is_some()
                && (renamed_check || changed || refused)
            {
                extras.push(Extra::AddCheck {
                    table: table.clone(),
                    column: to,
                });
            }
        }
        // Foreign keys: over a changed column, of or to a renamed table, to a dropped key.
        for fk in &t.foreign_keys {
            let over_changed = touches(table, &fk.columns, ConstraintKind::ForeignKey)
                || touches(
                    &fk.ref_table.name,
                    &fk.ref_columns,
                    ConstraintKind::ForeignKey,
                );
            let around_rename = rename_rebuilds
                && (renamed.contains(&table.as_str())
                    || renamed.contains(&fk.ref_table.name.as_str()));
            let to_dropped_key = dropped_keys.iter().any(|(kt, cols)| {
                *kt == fk.ref_table.name && same_columns(cols, &names(&fk.ref_columns))
            });
            if !(over_changed || around_rename || to_dropped_key) {
                continue;
            }
            let add = Change::add_foreign_key(table, fk);
            // Dropped with the key by the database itself: only added again.
            if !(over_changed || around_rename) && dialect.drop_key_drops_referencing_foreign_keys()
            {
                if !adding(&add) && !out.iter().any(|x| same_add(x, &add)) {
                    out.push(add);
                }
                continue;
            }
            // Only a key OLD has too (with its columns as OLD names them) can be dropped; an
            // unnamed one is told from the table's other unnamed keys by its columns.
            let Some(old_fk) = old_t.foreign_keys.iter().find(|o| {
                matching
                    .new_of(&o.ref_table.name)
                    .is_some_and(|r| r.name.name == fk.ref_table.name)
                    && same_foreign_key(old_t, o, t, fk)
            }) else {
                continue;
            };
            rebuild(&mut out, Change::drop_foreign_key(old_t, old_fk), add);
        }
    }
    // An index a foreign key needs, dropped: the key goes first and comes back after.
    if dialect.foreign_keys_hold_their_indexes() {
        let prefix = |of: &[Ident], index: &[String]| {
            of.len() <= index.len() && of.iter().zip(index).all(|(c, i)| c.name == *i)
        };
        // Whether another index or key of OLD's `table` than `index` starts with `columns`.
        let other_cover = |table: &Table, columns: &[Ident], index: &KeyShape| {
            let starts = |cols: &[Ident]| {
                cols.len() >= columns.len()
                    && cols.iter().zip(columns).all(|(c, w)| c.name == w.name)
            };
            table
                .primary_key
                .as_ref()
                .is_some_and(|pk| starts(&pk.columns))
                || table.uniques.iter().any(|u| {
                    u.name.as_ref().map(|n| &n.name) != index.name.as_ref() && starts(&u.columns)
                })
                || table
                    .indexes
                    .iter()
                    .any(|i| Some(&i.name.name) != index.name.as_ref() && starts(&i.columns))
        };
        for change in changes {
            let (old_name, index) = match change {
                Change::DropIndex { table, index } => (table, index),
                Change::DropUnique { table, key } => (table, key),
                _ => continue,
            };
            let Some(indexed) = matching
                .new_of(old_name)
                .and_then(|t| matching.old_of(&t.name.name))
            else {
                continue;
            };
            for t in new_tables {
                let Some(old_t) = matching.old_of(&t.name.name) else {
                    continue;
                };
                for old_fk in &old_t.foreign_keys {
                    let own = std::ptr::eq(old_t, indexed)
                        && prefix(&old_fk.columns, &index.columns)
                        && !other_cover(indexed, &old_fk.columns, index);
                    let referenced = old_fk.ref_table.name == indexed.name.name
                        && prefix(&old_fk.ref_columns, &index.columns)
                        && !other_cover(indexed, &old_fk.ref_columns, index);
                    if !(own || referenced) {
                        continue;
                    }
                    // NEW's key: the same name, or (unnamed) the same columns.
                    let new_fk = t
                        .foreign_keys
                        .iter()
                        .find(|f| same_foreign_key(old_t, old_fk, t, f));
                    if let Some(new_fk) = new_fk {
                        rebuild(
                            &mut out,
                            Change::drop_foreign_key(old_t, old_fk),
                            Change::add_foreign_key(&t.name.name, new_fk),
                        );
                    }
                }
            }
        }
    }
    // A table the migration drops (last) whose foreign key stands in the way of an earlier
    // change: its foreign key goes first (and is not added again). That is a key it
    // references that the migration drops, a referenced column whose change the key refuses,
    // or a referenced table renamed where RENAME refuses a joined table.
    let renamed_from: Vec<&str> = changes
        .iter()
        .filter_map(|c| match c {
            Change::RenameTable { from, .. } => Some(from.as_str()),
            _ => None,
        })
        .collect();
    for dropped in changes.iter().filter_map(|c| match c {
        Change::DropTable { definition, .. } => Some(definition.as_ref()),
        _ => None,
    }) {
        for fk in &dropped.foreign_keys {
            let referenced = matching
                .new_of(&fk.ref_table.name)
                .map(|t| t.name.name.as_str());
            let to_dropped_key = !dialect.drop_key_drops_referencing_foreign_keys()
                && referenced.is_some_and(|r| {
                    dropped_keys
                        .iter()
                        .any(|(kt, cols)| kt == r && same_columns(cols, &names(&fk.ref_columns)))
                });
            let over_changed =
                referenced.is_some_and(|r| touches(r, &fk.ref_columns, ConstraintKind::ForeignKey));
            let around_rename =
                rename_rebuilds && renamed_from.contains(&fk.ref_table.name.as_str());
            let drop = Change::drop_foreign_key(dropped, fk);
            if (to_dropped_key || over_changed || around_rename)
                && !dropping(&drop)
                && !out.iter().any(|x| same_drop(x, &drop))
            {
                out.push(drop);
            }
        }
    }
    // Unnamed foreign keys numbered by the database: from the first one added (or added again
    // above) or moved, the ones after it are added again too, in order. Only for this file's
    // own tables whose keys it (or an earlier file for it) changes: a later module's table is
    // renumbered by its own file.
    if dialect.numbers_unnamed_foreign_keys() {
        for t in new_tables {
            let Some(old_t) = matching.old_of(&t.name.name) else {
                continue;
            };
            let own = !later_tables.contains(&t.name.name.as_str())
                && changes
                    .iter()
                    .chain(done_elsewhere)
                    .any(|c| c.table() == t.name.name || c.table() == old_t.name.name);
            if !own {
                continue;
            }
            let old_unnamed = unnamed_foreign_keys(old_t);
            let counterpart = |fk: &ForeignKey| {
                old_unnamed.iter().position(|o| {
                    matching
                        .new_of(&o.ref_table.name)
                        .is_some_and(|r| r.name.name == fk.ref_table.name)
                        && same_foreign_key(old_t, o, t, fk)
                })
            };
            let new_unnamed = unnamed_foreign_keys(t);
            let first = new_unnamed.iter().enumerate().position(|(i, fk)| {
                let add = Change::add_foreign_key(&t.name.name, fk);
                counterpart(fk) != Some(i) || adding(&add) || out.iter().any(|x| same_add(x, &add))
            });
            for fk in first.map_or(&[][..], |j| &new_unnamed[j..]) {
                if let Some(o) = counterpart(fk) {
                    rebuild(
                        &mut out,
                        Change::drop_foreign_key(old_t, old_unnamed[o]),
                        Change::add_foreign_key(&t.name.name, fk),
                    );
                }
            }
        }
    }
    (out, extras)
}

fn unnamed_foreign_keys(table: &Table) -> Vec<&ForeignKey> {
    table
        .foreign_keys
        .iter()
        .filter(|f| f.name.is_none())
        .collect()
}

/// Whether OLD's foreign key `old_fk` of `old_t` is NEW's `new_fk` of `t`: the same name,
/// or, both unnamed, the same columns (NEW's named as OLD named them).
fn same_foreign_key(old_t: &Table, old_fk: &ForeignKey, t: &Table, new_fk: &ForeignKey) -> bool {
    let name = |fk: &ForeignKey| fk.name.as_ref().map(|n| n.name.clone());
    name(old_fk) == name(new_fk)
        && (new_fk.name.is_some()
            || new_fk
                .columns
                .iter()
                .map(|c| {
                    t.column(&c.name)
                        .and_then(|c| super::previous_column(old_t, c))
                        .map(|o| o.name.name.as_str())
                })
                .eq(old_fk.columns.iter().map(|c| Some(c.name.as_str()))))
}

fn same_columns(a: &[String], b: &[String]) -> bool {
    let mut a = a.to_vec();
    let mut b = b.to_vec();
    a.sort();
    b.sort();
    a == b
}

/// Whether two changes drop the same thing.
fn same_drop(a: &Change, b: &Change) -> bool {
    match (a, b) {
        (Change::DropPrimaryKey { table: t1, .. }, Change::DropPrimaryKey { table: t2, .. }) => {
            t1 == t2
        }
        (Change::DropUnique { table: t1, key: k1 }, Change::DropUnique { table: t2, key: k2 }) => {
            t1 == t2 && k1 == k2
        }
        (
            Change::DropIndex {
                table: t1,
                index: i1,
            },
            Change::DropIndex {
                table: t2,
                index: i2,
            },
        ) => t1 == t2 && i1.name == i2.name,
        (
            Change::DropForeignKey {
                table: t1,
                name: n1,
                columns: c1,
                ..
            },
            Change::DropForeignKey {
                table: t2,
                name: n2,
                columns: c2,
                ..
            },
        ) => t1 == t2 && n1 == n2 && c1 == c2,
        _ => false,
    }
}

/// Whether two changes add the same thing.
fn same_add(a: &Change, b: &Change) -> bool {
    match (a, b) {
        (Change::AddPrimaryKey { table: t1, .. }, Change::AddPrimaryKey { table: t2, .. }) => {
            t1 == t2
        }
        (Change::AddUnique { table: t1, key: k1 }, Change::AddUnique { table: t2, key: k2 }) => {
            t1 == t2 && k1 == k2
        }
        (
            Change::AddIndex {
                table: t1,
                index: i1,
            },
            Change::AddIndex {
                table: t2,
                index: i2,
            },
        ) => t1 == t2 && i1.name == i2.name,
        (
            Change::AddForeignKey {
                table: t1,
                name: n1,
                columns: c1,
                ref_table: r1,
                ..
            },
            Change::AddForeignKey {
                table: t2,
                name: n2,
                columns: c2,
                ref_table: r2,
                ..
            },
        ) => t1 == t2 && n1 == n2 && c1 == c2 && r1 == r2,
        _ => false,
    }
}

/// Foreign-key order of `tables`, for a stable order within a phase.
fn table_ranks(tables: &[&Table]) -> HashMap<String, usize> {
    order::order_tables(tables)
        .tables
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.name.clone(), i))
        .collect()
}

fn value_expr(value: &Option<DefaultValueText>) -> sea_query::Expr {
    match value {
        Some(v) => statements::default_expr(&v.0),
        None => sea_query::Expr::Keyword(sea_query::Keyword::Null),
    }
}

fn row_value(writer: &MigrationWriter, value: &Option<DefaultValueText>) -> String {
    match value {
        Some(v) => writer.value(&v.0),
        None => "NULL".to_string(),
    }
}

fn where_clause(writer: &MigrationWriter, key: &[(String, Option<DefaultValueText>)]) -> String {
    key.iter()
        .map(|(c, v)| match v {
            None => format!("{} IS NULL", writer.ident(c)),
            Some(v) => format!("{} = {}", writer.ident(c), writer.value(&v.0)),
        })
        .collect::<Vec<_>>()
        .join(" AND ")
}
