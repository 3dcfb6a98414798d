//! How one release's changes are split into the module files of a migration. The files run in
//! module order, as the CREATE scripts do, and a foreign key joins a module's table to one of
//! the same or an earlier module. So a later module's file can hold what must run before an
//! earlier module's file changes a parent table: the drop of a foreign key to it (the earlier
//! file drops or re-keys the parent), a deleted row that references it (the earlier file
//! deletes the parent row). Those changes move into the parent's file, and the later file
//! knows them as done. The reverse hand-over (a foreign key the earlier file drops around its
//! change is added again by the child's own file) is the plan's ([`super::plan::Planned`]).

use super::{Change, TableMatch};
use crate::model::{Model, Table};

/// The changes each module's file runs, and those of its own that another file runs.
pub struct Split {
    pub runs: Vec<Vec<Change>>,
    pub done_elsewhere: Vec<Vec<Change>>,
}

/// Splits `per_module` (each module's changes, in file order) so that every file runs after
/// the files whose changes it waits for. `old` is the database before the migration.
pub fn split(old: &Model, matching: &TableMatch, per_module: &[Vec<Change>]) -> Split {
    // The first file, before `file`, that changes the OLD table `parent`.
    let changing_file = |parent: &str, file: usize| {
        let new_name = matching.new_of(parent).map(|t| t.name.name.as_str());
        (0..file).find(|&f| {
            per_module[f].iter().any(|c| {
                c.table() == parent
                    || Some(c.table()) == new_name
                    || matches!(c, Change::RenameTable { from, .. } if from == parent)
            })
        })
    };
    let old_table = |name: &str| -> Option<&Table> {
        old.modules
            .iter()
            .flat_map(|m| &m.tables)
            .find(|t| t.name.name == name)
    };
    let mut runs: Vec<Vec<Change>> = vec![Vec::new(); per_module.len()];
    let mut done_elsewhere: Vec<Vec<Change>> = vec![Vec::new(); per_module.len()];
    for (file, changes) in per_module.iter().enumerate() {
        for change in changes {
            let earlier = match change {
                Change::DropForeignKey { ref_table, .. } => changing_file(ref_table, file),
                Change::DeleteRow { table, .. } => old_table(table).and_then(|t| {
                    t.foreign_keys
                        .iter()
                        .filter_map(|fk| changing_file(&fk.ref_table.name, file))
                        .min()
                }),
                _ => None,
            };
            match earlier {
                Some(to) => {
                    runs[to].push(change.clone());
                    done_elsewhere[file].push(change.clone());
                }
                None => runs[file].push(change.clone()),
            }
            // A dropped table goes last in its file; its foreign keys to a parent an earlier
            // file changes go before that file's changes.
            if let Change::DropTable { definition, .. } = change {
                for fk in &definition.foreign_keys {
                    if let Some(to) = changing_file(&fk.ref_table.name, file) {
                        let drop = Change::drop_foreign_key(definition, fk);
                        runs[to].push(drop.clone());
                        done_elsewhere[file].push(drop);
                    }
                }
            }
        }
    }
    Split {
        runs,
        done_elsewhere,
    }
}
