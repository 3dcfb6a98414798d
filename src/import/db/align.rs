//! A model imported from a database, made comparable with the model it should match
//! (`schemagen diff --against-db`): what a catalog cannot carry is taken from that model, so
//! the diff shows only what the database really lacks or has beyond it.
//!
//! - names: a name the database stores folded (PostgreSQL keeps `IDN_OAUTH`, written bare, as
//!   `idn_oauth`) is given the model's spelling;
//! - the identifier policy is the model's;
//! - seed rows are the model's: a live database's data is not a model's seed, and is not
//!   compared.

use std::collections::HashMap;

use crate::dialect::CaseFold;
use crate::model::{DialectName, Ident, Model, Table};

pub fn align(imported: &mut Model, like: &Model, dialect: DialectName) {
    let fold = |name: &str| match dialect.implementation().folds_unquoted_to() {
        CaseFold::Upper => name.to_ascii_uppercase(),
        CaseFold::Lower => name.to_ascii_lowercase(),
        CaseFold::None => name.to_string(),
    };
    let model_tables: Vec<&Table> = like.modules.iter().flat_map(|m| &m.tables).collect();
    // The database's spelling → the model's, where they differ only by the fold.
    let spelling = |stored: &str, names: &mut dyn Iterator<Item = &str>| -> Option<String> {
        let names: Vec<&str> = names.collect();
        if names.contains(&stored) {
            return None;
        }
        names
            .into_iter()
            .find(|n| fold(n) == stored)
            .map(str::to_string)
    };
    let mut table_names: HashMap<String, String> = HashMap::new();
    for module in &imported.modules {
        for t in &module.tables {
            if let Some(n) = spelling(
                &t.name.name,
                &mut model_tables.iter().map(|m| m.name.name.as_str()),
            ) {
                table_names.insert(t.name.name.clone(), n);
            }
        }
    }
    let model_table = |stored: &str| {
        let name = table_names
            .get(stored)
            .map(String::as_str)
            .unwrap_or(stored);
        model_tables.iter().find(|t| t.name.name == name).copied()
    };
    // Per stored table name, its columns' renames (for the foreign keys that refer to it).
    let mut column_names: HashMap<String, HashMap<String, String>> = HashMap::new();
    for module in &imported.modules {
        for t in &module.tables {
            let Some(m) = model_table(&t.name.name) else {
                continue;
            };
            let renames = t
                .columns
                .iter()
                .filter_map(|c| {
                    spelling(
                        &c.name.name,
                        &mut m.columns.iter().map(|c| c.name.name.as_str()),
                    )
                    .map(|n| (c.name.name.clone(), n))
                })
                .collect();
            column_names.insert(t.name.name.clone(), renames);
        }
    }
    let rename = |ident: &mut Ident, map: Option<&HashMap<String, String>>| {
        if let Some(n) = map.and_then(|m| m.get(&ident.name)) {
            ident.name = n.clone();
        }
    };
    for module in &mut imported.modules {
        for t in &mut module.tables {
            let stored = t.name.name.clone();
            let model = model_table(&stored);
            let columns = column_names.get(&stored);
            for c in &mut t.columns {
                rename(&mut c.name, columns);
            }
            if let Some(pk) = &mut t.primary_key {
                pk.columns.iter_mut().for_each(|c| rename(c, columns));
            }
            for u in &mut t.uniques {
                u.columns.iter_mut().for_each(|c| rename(c, columns));
            }
            for i in &mut t.indexes {
                i.columns.iter_mut().for_each(|c| rename(c, columns));
                if let Some(m) = model
                    && let Some(n) = spelling(
                        &i.name.name,
                        &mut m.indexes.iter().map(|i| i.name.name.as_str()),
                    )
                {
                    i.name.name = n;
                }
            }
            if let Some(m) = model {
                // Constraint names, where the model names them.
                let named: Vec<&str> = m
                    .primary_key
                    .iter()
                    .filter_map(|k| k.name.as_ref())
                    .chain(m.uniques.iter().filter_map(|u| u.name.as_ref()))
                    .chain(m.foreign_keys.iter().filter_map(|f| f.name.as_ref()))
                    .map(|n| n.name.as_str())
                    .collect();
                let constraint_names = t
                    .primary_key
                    .iter_mut()
                    .filter_map(|k| k.name.as_mut())
                    .chain(t.uniques.iter_mut().filter_map(|u| u.name.as_mut()))
                    .chain(t.foreign_keys.iter_mut().filter_map(|f| f.name.as_mut()));
                for name in constraint_names {
                    if let Some(n) = spelling(&name.name, &mut named.iter().copied()) {
                        name.name = n;
                    }
                }
            }
            for f in &mut t.foreign_keys {
                f.columns.iter_mut().for_each(|c| rename(c, columns));
                let referred = f.ref_table.name.clone();
                f.ref_columns
                    .iter_mut()
                    .for_each(|c| rename(c, column_names.get(&referred)));
                rename(&mut f.ref_table, Some(&table_names));
            }
            rename(&mut t.name, Some(&table_names));
            t.rows = model.map(|m| m.rows.clone()).unwrap_or_default();
        }
    }
    // A column of the SQL type the model's column has in this dialect takes the model's
    // way of saying it (a portable type, a native override, the product's type override):
    // the database knows only the SQL type.
    let sql_type = |model: &Model, c: &crate::model::Column| {
        let target = model
            .product
            .targets
            .get(&dialect)
            .and_then(|t| t.outputs(dialect).into_iter().next())
            .map(|(_, target)| target)?;
        Some(
            dialect
                .implementation()
                .column_type(&c.for_dialect(&model.product, dialect).column_type, &target),
        )
    };
    let mut matched: Vec<(usize, usize, usize, crate::model::Column)> = Vec::new();
    for (mi, module) in imported.modules.iter().enumerate() {
        for (ti, t) in module.tables.iter().enumerate() {
            let Some(m) = model_tables.iter().find(|m| m.name.name == t.name.name) else {
                continue;
            };
            for (ci, c) in t.columns.iter().enumerate() {
                if let Some(mc) = m.columns.iter().find(|mc| mc.name.name == c.name.name)
                    && sql_type(imported, c).is_some()
                    && sql_type(imported, c) == sql_type(like, mc)
                {
                    matched.push((mi, ti, ci, mc.clone()));
                }
            }
        }
    }
    // The others keep their SQL type under the model's product-wide type overrides, which
    // the database's product takes on below.
    let mut pinned: Vec<(usize, usize, usize, String)> = Vec::new();
    for (mi, module) in imported.modules.iter().enumerate() {
        for (ti, t) in module.tables.iter().enumerate() {
            for (ci, c) in t.columns.iter().enumerate() {
                let is_matched = matched
                    .iter()
                    .any(|(a, b, d, _)| (*a, *b, *d) == (mi, ti, ci));
                let has_native = c
                    .overrides
                    .get(&dialect)
                    .is_some_and(|o| o.native_type.is_some());
                let product_wide = like
                    .product
                    .type_overrides
                    .get(&dialect)
                    .is_some_and(|map| map.contains_key(c.portable_type.key()));
                if !is_matched
                    && !has_native
                    && product_wide
                    && let Some(sql) = sql_type(imported, c)
                {
                    pinned.push((mi, ti, ci, sql));
                }
            }
        }
    }
    for (mi, ti, ci, sql) in pinned {
        let c = &mut imported.modules[mi].tables[ti].columns[ci];
        let pos = c.name.pos.clone();
        let entry = c
            .overrides
            .entry(dialect)
            .or_insert_with(|| crate::model::ColumnOverride {
                portable_type: None,
                native_type: None,
                nullable: None,
                default: None,
                reason: "the database's type".to_string(),
                pos,
            });
        entry.native_type = Some(sql);
    }
    imported.product.type_overrides = like.product.type_overrides.clone();
    for (mi, ti, ci, mc) in matched {
        let c = &mut imported.modules[mi].tables[ti].columns[ci];
        c.portable_type = mc.portable_type;
        match mc.overrides.get(&dialect) {
            Some(o) => {
                let mut o = o.clone();
                // Nullability and default stay the database's.
                o.nullable = c.overrides.get(&dialect).and_then(|d| d.nullable);
                o.default = c.overrides.get(&dialect).and_then(|d| d.default.clone());
                c.overrides.insert(dialect, o);
            }
            None => {
                c.overrides.remove(&dialect);
            }
        }
    }
    // How names are written; the rest of the product stays the database's own: the model's
    // product-wide type overrides would change how the database's columns read.
    imported.product.identifiers = like.product.identifiers;
}
