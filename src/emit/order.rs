//! Table order within one file: every foreign key points backwards to a table created before
//! it. Ties keep the model's order, so output is stable. A cycle is broken at the earliest
//! table of the cycle (in model order) whose foreign keys to not-yet-created tables are then
//! added by ALTER TABLE at the end of the file.

use std::collections::{BTreeSet, HashMap};

use crate::model::{ForeignKey, Table};

pub struct TableOrder<'a> {
    pub tables: Vec<&'a Table>,
    /// Foreign keys that must be added after all tables exist.
    pub deferred: Vec<&'a ForeignKey>,
}

pub fn order_tables<'a>(tables: &[&'a Table]) -> TableOrder<'a> {
    let index_of: HashMap<&str, usize> = tables
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.name.as_str(), i))
        .collect();
    // depends_on[i]: tables of this file that table i references (self-references excluded).
    let depends_on: Vec<BTreeSet<usize>> = tables
        .iter()
        .enumerate()
        .map(|(i, t)| {
            t.foreign_keys
                .iter()
                .filter_map(|fk| index_of.get(fk.ref_table.name.as_str()).copied())
                .filter(|&j| j != i)
                .collect()
        })
        .collect();
    // Kahn's algorithm; the ready set is ordered by model position, so ties keep model order.
    let mut waiting_on: Vec<usize> = depends_on.iter().map(BTreeSet::len).collect();
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); tables.len()];
    for (i, deps) in depends_on.iter().enumerate() {
        for &j in deps {
            dependents[j].push(i);
        }
    }
    let mut ready: BTreeSet<usize> = (0..tables.len()).filter(|&i| waiting_on[i] == 0).collect();
    let mut created = vec![false; tables.len()];
    let mut first_uncreated = 0;
    let mut order = Vec::with_capacity(tables.len());
    let mut deferred = Vec::new();
    while order.len() < tables.len() {
        let next = match ready.pop_first() {
            Some(i) => i,
            None => {
                // A cycle: take the first remaining table and defer its forward references.
                while created[first_uncreated] {
                    first_uncreated += 1;
                }
                let i = first_uncreated;
                for fk in &tables[i].foreign_keys {
                    if let Some(&j) = index_of.get(fk.ref_table.name.as_str())
                        && j != i
                        && !created[j]
                    {
                        deferred.push(fk);
                    }
                }
                i
            }
        };
        created[next] = true;
        order.push(tables[next]);
        for &dependent in &dependents[next] {
            waiting_on[dependent] -= 1;
            if waiting_on[dependent] == 0 && !created[dependent] {
                ready.insert(dependent);
            }
        }
    }
    TableOrder {
        tables: order,
        deferred,
    }
}
