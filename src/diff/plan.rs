//! Orders changes so a migration runs (foreign keys dropped before what they point at changes,
//! tables created before keys that reference them, rows last) and renders each through the
//! dialect's [`Migrate`] methods. Dialect-free: the order is the same for every database.

use std::collections::HashMap;

use super::migrate::{ColumnEdit, ConstraintKind, Migrate};
use super::{Change, DefaultValueText};
use crate::dialect::{CaseFold, DialectName, Statement, Target};
use crate::emit::render::Renderer;
use crate::emit::{order, statements};
use crate::model::{IdentifierPolicy, Model, Table};

/// A statement of a migration, with what the reviewer must know about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationStatement {
    pub statement: Statement,
    /// Why it can lose data, if it can.
    pub destructive: Option<&'static str>,
    /// The statement cannot be written without knowing a name the model does not give
    /// (an unnamed constraint whose database name follows no documented rule): the SQL is a
    /// comment saying what to do by hand.
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
        Change::ModifyColumn { .. } => 7,
        Change::DropColumn { .. } => 8,
        Change::AddPrimaryKey { .. } | Change::AddUnique { .. } | Change::AddIndex { .. } => 9,
        Change::AddForeignKey { .. } => 10,
        Change::DropTable { .. } => 11,
        Change::InsertRow { .. } | Change::UpdateRow { .. } => 12,
    }
}

/// The migration from `old` to `new` in `dialect`: statements in a safe order.
pub fn plan(
    old: &Model,
    new: &Model,
    dialect_name: DialectName,
    changes: &[Change],
) -> Vec<MigrationStatement> {
    let dialect = dialect_name.migrations();
    let target = new
        .product
        .targets
        .get(&dialect_name)
        .or_else(|| old.product.targets.get(&dialect_name))
        .map(|t| t.outputs(dialect_name).remove(0).1)
        .expect("the dialect is a target of one of the models");
    let renderer = Renderer {
        dialect: dialect_name.implementation(),
        policy: new.product.identifiers,
        target: &target,
    };
    let table_rank = table_ranks(new, dialect_name);
    let old_rank = table_ranks(old, dialect_name);

    let rebuilt = if dialect.modify_column_keeps_constraints() {
        Vec::new()
    } else {
        constraints_over_modified_columns(old, new, dialect_name, changes)
    };
    // Drops run before renames (phases 0-2 < 3), so they name a renamed table by its old name.
    let old_names: HashMap<&str, &str> = changes
        .iter()
        .filter_map(|c| match c {
            Change::RenameTable { from, to } => Some((to.as_str(), from.as_str())),
            _ => None,
        })
        .collect();
    let before_rename =
        |table: &str| -> String { old_names.get(table).copied().unwrap_or(table).to_string() };
    let mut ordered: Vec<&Change> = changes.iter().chain(&rebuilt).collect();
    ordered.sort_by_key(|c| {
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
        (phase(c), within)
    });

    let added: Vec<&Table> = changes
        .iter()
        .filter_map(|c| match c {
            Change::AddTable { definition, .. } => Some(definition.as_ref()),
            _ => None,
        })
        .collect();
    let added_order = order::order_tables(&added);

    let mut out = Vec::new();
    let mut altered: Vec<String> = Vec::new();
    let mut tables_done = false;
    for change in ordered {
        let first = out.len();
        let destructive = change.destructive();
        let push = |out: &mut Vec<MigrationStatement>, statement: Statement| {
            out.push(MigrationStatement {
                statement,
                destructive,
                manual: false,
            })
        };
        let q = |name: &str| renderer.ident(name);
        match change {
            Change::AddTable { .. } => {
                // All new tables at once, in foreign-key order; cycles closed afterwards.
                if tables_done {
                    continue;
                }
                tables_done = true;
                let mut deferred = Vec::new();
                for table in &added_order.tables {
                    let built = statements::table_statements(
                        &new.product,
                        table,
                        dialect_name,
                        &added_order.deferred,
                    );
                    for statement in renderer.create_table(&built.create, &built.checks) {
                        push(&mut out, statement);
                    }
                    for index in &built.indexes {
                        push(&mut out, renderer.create_index(&built.name, index));
                    }
                    deferred.extend(built.deferred_foreign_keys);
                }
                for fk in &deferred {
                    push(&mut out, renderer.add_foreign_key(fk));
                }
            }
            Change::DropTable { table, .. } => push(&mut out, dialect.drop_table(&q(table))),
            Change::RenameTable { from, to } => {
                push(&mut out, dialect.rename_table(&q(from), &q(to)))
            }
            Change::AddColumn { table, column } => {
                let def = statements::column_def(&new.product, &column.column, dialect_name);
                push(
                    &mut out,
                    dialect.add_column(&q(table), &renderer.column_definition(&def)),
                );
                // The description, where the dialect attaches it by statement (as CREATE does).
                if let Some(description) = &column.column.description
                    && !renderer.dialect.inline_column_comments()
                    && let Some(comment) =
                        renderer
                            .dialect
                            .column_comment(&q(table), &q(&column.name), description)
                {
                    push(&mut out, comment);
                }
                altered.push(table.clone());
            }
            Change::DropColumn { table, column } => {
                push(&mut out, dialect.drop_column(&q(table), &q(&column.name)));
                altered.push(table.clone());
            }
            Change::RenameColumn { table, from, to } => {
                push(&mut out, dialect.rename_column(&q(table), &q(from), &q(to)))
            }
            Change::ModifyColumn {
                table,
                from,
                to,
                changes,
            } => {
                let def = statements::column_def(&new.product, &to.column, dialect_name);
                let definition = renderer.column_definition(&def);
                let new_type = renderer.type_of(&def);
                let default = to
                    .default
                    .as_ref()
                    .map(|d| dialect.default_value(&statements::default_expr(d), &target));
                let edit = ColumnEdit {
                    table: &q(table),
                    column: &q(&to.name),
                    new_type: &new_type,
                    new_definition: &definition,
                    new_nullable: to.nullable,
                    new_default: default.as_deref(),
                    new_auto_increment: to.auto_increment,
                    changes: *changes,
                };
                let from_type = renderer.type_of(&statements::column_def(
                    &old.product,
                    &from.column,
                    dialect_name,
                ));
                for statement in dialect.modify_column_from(&edit, &from_type, &target) {
                    let manual = statement.sql.starts_with("-- MANUAL:");
                    out.push(MigrationStatement {
                        statement,
                        destructive,
                        manual,
                    });
                }
                altered.push(table.clone());
            }
            Change::AddPrimaryKey { table, key } => push(
                &mut out,
                dialect.add_constraint(
                    &q(table),
                    &renderer.key_clause(key.name.as_deref(), "PRIMARY KEY", &key.columns),
                ),
            ),
            Change::AddUnique { table, key } => push(
                &mut out,
                dialect.add_constraint(
                    &q(table),
                    &renderer.key_clause(key.name.as_deref(), "UNIQUE", &key.columns),
                ),
            ),
            Change::AddIndex { table, index } => {
                let mut statement = sea_query::Index::create();
                statement
                    .name(index.name.as_deref().expect("indexes are named"))
                    .table(sea_query::Alias::new(table));
                if index.unique {
                    statement.unique();
                }
                for column in &index.columns {
                    statement.col(sea_query::Alias::new(column));
                }
                push(&mut out, renderer.create_index(table, &statement));
            }
            Change::AddForeignKey {
                table, definition, ..
            } => {
                let owner = new
                    .modules
                    .iter()
                    .flat_map(|m| &m.tables)
                    .find(|t| &t.name.name == table)
                    .expect("the table of an added key exists in the new model");
                let fk = statements::foreign_key(owner, definition);
                push(
                    &mut out,
                    dialect.add_constraint(&q(table), &renderer.foreign_key(&fk)),
                );
            }
            Change::DropPrimaryKey { table, key } => {
                let table = &before_rename(table);
                out.push(drop_constraint(
                    &renderer,
                    dialect,
                    table,
                    key.name.as_deref(),
                    ConstraintKind::PrimaryKey,
                    &key.columns,
                    1,
                    destructive,
                ));
            }
            Change::DropUnique { table, key } => {
                let table = &before_rename(table);
                out.push(drop_constraint(
                    &renderer,
                    dialect,
                    table,
                    key.name.as_deref(),
                    ConstraintKind::Unique,
                    &key.columns,
                    1,
                    destructive,
                ));
            }
            Change::DropForeignKey {
                table,
                name,
                columns,
                ordinal,
                covered_by_index,
                ..
            } => {
                let table = &before_rename(table);
                let dropped = drop_constraint(
                    &renderer,
                    dialect,
                    table,
                    name.as_deref(),
                    ConstraintKind::ForeignKey,
                    columns,
                    *ordinal,
                    destructive,
                );
                let manual = dropped.manual;
                out.push(dropped);
                let index_name = match name {
                    Some(n) => Some(renderer.ident(n)),
                    None => columns
                        .first()
                        .map(|c| quote_stored(&renderer, &stored_name(&renderer, c))),
                };
                if let (false, Some(index_name)) = (manual, index_name)
                    && let Some(statement) =
                        dialect.drop_foreign_key_index(&q(table), &index_name, *covered_by_index)
                {
                    push(&mut out, statement);
                }
            }
            Change::DropIndex { table, index } => push(
                &mut out,
                dialect.drop_index(
                    &q(&before_rename(table)),
                    &q(index.name.as_deref().expect("indexes are named")),
                ),
            ),
            Change::InsertRow { table, values } => {
                let row = statements::InsertRow {
                    table: table.clone(),
                    columns: values.iter().map(|(c, _)| c.clone()).collect(),
                    values: values.iter().map(|(_, v)| value_expr(v)).collect(),
                };
                push(&mut out, renderer.insert(&row));
            }
            Change::DeleteRow { table, key } => push(
                &mut out,
                Statement::new(format!(
                    "DELETE FROM {} WHERE {}",
                    q(&before_rename(table)),
                    where_clause(&renderer, &target, key)
                )),
            ),
            Change::UpdateRow { table, key, set } => {
                let assignments = set
                    .iter()
                    .map(|(c, v)| {
                        format!(
                            "{} = {}",
                            q(c),
                            dialect.default_value(&value_expr(v), &target)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(", ");
                push(
                    &mut out,
                    Statement::new(format!(
                        "UPDATE {} SET {assignments} WHERE {}",
                        q(table),
                        where_clause(&renderer, &target, key)
                    )),
                );
            }
        }
        let rendered = out.split_off(first);
        out.extend(dialect.amend_change(change, rendered, old, new, &renderer));
    }
    altered.sort();
    altered.dedup();
    let altered: Vec<String> = altered.iter().map(|t| renderer.ident(t)).collect();
    for statement in dialect.after_alter(&altered) {
        out.push(MigrationStatement {
            statement,
            destructive: None,
            manual: false,
        });
    }
    out
}

/// For a dialect whose column change drops the constraints over the column
/// ([`Migrate::modify_column_keeps_constraints`]): every constraint of NEW over a column that
/// `changes` modify, as a drop and an add, so the phases drop it before the change and add it
/// again after. Left out: constraints the migration adds anyway, and those of tables that did
/// not exist before (created with their keys). The drops name the table as it was: they run
/// before renames.
fn constraints_over_modified_columns(
    old: &Model,
    new: &Model,
    dialect: DialectName,
    changes: &[Change],
) -> Vec<Change> {
    use super::KeyShape;
    let modified: Vec<(&str, &str)> = changes
        .iter()
        .filter_map(|c| match c {
            Change::ModifyColumn { table, to, .. } => Some((table.as_str(), to.name.as_str())),
            _ => None,
        })
        .collect();
    let touches = |table: &str, columns: &[crate::model::Ident]| {
        columns
            .iter()
            .any(|c| modified.contains(&(table, c.name.as_str())))
    };
    let names = |columns: &[crate::model::Ident]| -> Vec<String> {
        columns.iter().map(|c| c.name.clone()).collect()
    };
    let old_name = |t: &Table| {
        old.modules
            .iter()
            .flat_map(|m| &m.tables)
            .find(|o| {
                o.exists_in(dialect)
                    && (o.name.name == t.name.name
                        || t.renamed_from.as_deref() == Some(&o.name.name))
            })
            .map(|o| o.name.name.clone())
    };
    let mut out = Vec::new();
    if modified.is_empty() {
        return out;
    }
    for t in new.modules.iter().flat_map(|m| &m.tables) {
        let Some(old_table) = old_name(t).filter(|_| t.exists_in(dialect)) else {
            continue;
        };
        let table = &t.name.name;
        let mut keys: Vec<(KeyShape, bool)> = Vec::new();
        if let Some(pk) = &t.primary_key {
            keys.push((
                KeyShape {
                    name: pk.name.as_ref().map(|n| n.name.clone()),
                    columns: names(&pk.columns),
                    unique: false,
                },
                touches(table, &pk.columns),
            ));
        }
        for u in &t.uniques {
            keys.push((
                KeyShape {
                    name: u.name.as_ref().map(|n| n.name.clone()),
                    columns: names(&u.columns),
                    unique: true,
                },
                touches(table, &u.columns),
            ));
        }
        for (key, touched) in keys {
            let added = changes.iter().any(|c| match c {
                Change::AddPrimaryKey { table: t2, .. } => !key.unique && t2 == table,
                Change::AddUnique { table: t2, key: k2 } => t2 == table && *k2 == key,
                _ => false,
            });
            if !touched || added {
                continue;
            }
            let table = table.clone();
            if key.unique {
                out.push(Change::DropUnique {
                    table: old_table.clone(),
                    key: key.clone(),
                });
                out.push(Change::AddUnique { table, key });
            } else {
                out.push(Change::DropPrimaryKey {
                    table: old_table.clone(),
                    key: key.clone(),
                });
                out.push(Change::AddPrimaryKey { table, key });
            }
        }
        for (i, fk) in t.foreign_keys.iter().enumerate() {
            let name = fk.name.as_ref().map(|n| n.name.clone());
            let (columns, ref_columns) = (names(&fk.columns), names(&fk.ref_columns));
            let added = changes.iter().any(|c| match c {
                Change::AddForeignKey {
                    table: t2,
                    name: n2,
                    columns: c2,
                    ref_table: r2,
                    ..
                } => t2 == table && *n2 == name && *c2 == columns && *r2 == fk.ref_table.name,
                _ => false,
            });
            let touched =
                touches(table, &fk.columns) || touches(&fk.ref_table.name, &fk.ref_columns);
            if added || !touched {
                continue;
            }
            out.push(Change::DropForeignKey {
                table: old_table.clone(),
                name: name.clone(),
                columns: columns.clone(),
                ref_table: fk.ref_table.name.clone(),
                ref_columns: ref_columns.clone(),
                ordinal: i + 1,
                covered_by_index: super::covered_by_index(t, &fk.columns),
            });
            out.push(Change::AddForeignKey {
                table: table.clone(),
                name,
                columns,
                ref_table: fk.ref_table.name.clone(),
                ref_columns,
                definition: Box::new(fk.clone()),
                ordinal: i + 1,
            });
        }
    }
    out
}

/// Model order of the tables of `model` in `dialect`, for a stable order within a phase.
fn table_ranks(model: &Model, dialect: DialectName) -> HashMap<String, usize> {
    let tables: Vec<&Table> = model
        .modules
        .iter()
        .flat_map(|m| &m.tables)
        .filter(|t| t.exists_in(dialect))
        .collect();
    order::order_tables(&tables)
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

fn where_clause(
    renderer: &Renderer,
    target: &Target,
    key: &[(String, Option<DefaultValueText>)],
) -> String {
    key.iter()
        .map(|(c, v)| match v {
            None => format!("{} IS NULL", renderer.ident(c)),
            Some(_) => format!(
                "{} = {}",
                renderer.ident(c),
                renderer.dialect.default_value(&value_expr(v), target)
            ),
        })
        .collect::<Vec<_>>()
        .join(" AND ")
}

/// How the catalog stores an identifier: folded when written bare, as is when quoted.
fn stored_name(renderer: &Renderer, name: &str) -> String {
    let quoted = renderer.ident(name) != name || renderer.policy == IdentifierPolicy::AlwaysQuoted;
    if quoted {
        return name.to_string();
    }
    match renderer.dialect.folds_unquoted_to() {
        CaseFold::Upper => name.to_ascii_uppercase(),
        CaseFold::Lower => name.to_ascii_lowercase(),
        CaseFold::None => name.to_string(),
    }
}

#[allow(clippy::too_many_arguments)]
fn drop_constraint(
    renderer: &Renderer,
    dialect: &dyn Migrate,
    table: &str,
    name: Option<&str>,
    kind: ConstraintKind,
    columns: &[String],
    ordinal: usize,
    destructive: Option<&'static str>,
) -> MigrationStatement {
    let quoted_table = renderer.ident(table);
    let name = match name {
        Some(n) => Some(renderer.ident(n)),
        None => {
            let stored: Vec<String> = columns.iter().map(|c| stored_name(renderer, c)).collect();
            dialect
                .implicit_constraint_name(&stored_name(renderer, table), kind, &stored, ordinal)
                .map(|n| quote_stored(renderer, &n))
        }
    };
    let statement = if name.is_none() && kind != ConstraintKind::PrimaryKey {
        let stored: Vec<String> = columns.iter().map(|c| stored_name(renderer, c)).collect();
        dialect.drop_unnamed_constraint(&quoted_table, &stored_name(renderer, table), kind, &stored)
    } else {
        dialect.drop_constraint(&quoted_table, name.as_deref(), kind)
    };
    match statement {
        Some(statement) => MigrationStatement {
            statement,
            destructive,
            manual: false,
        },
        None => MigrationStatement {
            statement: Statement::new(format!(
                "-- MANUAL: drop the unnamed {kind:?} constraint on {quoted_table} ({}); {} does not name it by a documented rule. Give it a name in the model to have schemagen drop it.",
                columns.join(", "),
                renderer.dialect.name()
            )),
            destructive,
            manual: true,
        },
    }
}

/// A catalog name written so the database reads it back unchanged.
fn quote_stored(renderer: &Renderer, stored: &str) -> String {
    let folded = match renderer.dialect.folds_unquoted_to() {
        CaseFold::Upper => stored.to_ascii_uppercase(),
        CaseFold::Lower => stored.to_ascii_lowercase(),
        CaseFold::None => stored.to_string(),
    };
    if folded == stored
        && stored
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !renderer.dialect.is_reserved(stored)
    {
        stored.to_string()
    } else {
        renderer.dialect.quote_identifier(stored)
    }
}
