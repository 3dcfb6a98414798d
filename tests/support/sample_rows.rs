//! One row in every table of a real model, for upgrade tests: "create release A, insert rows
//! into every table, run the upgrade". Tables are filled parents first; every column gets a
//! value of its type (auto-increment ones too, so that children can reference them), the
//! same value for every column of one type, so that a foreign key's columns equal the
//! referenced ones without looking them up; an `allowed_values` column its first value.
//! Names are written bare, as a model with unquoted identifiers writes them.
#![allow(dead_code)]

use std::collections::BTreeSet;

use schemagen::dialect::DialectName;
use schemagen::model::{Model, PortableType, Table};

/// The value every column of `ty` gets, as a literal `dialect` takes for it.
fn literal(ty: &PortableType, dialect: DialectName) -> String {
    match ty {
        PortableType::Varchar(_) | PortableType::Char(_) | PortableType::Text => "'7'".into(),
        PortableType::SmallInt
        | PortableType::Integer
        | PortableType::BigInt
        | PortableType::Decimal { .. }
        | PortableType::Double => "7".into(),
        // A string literal, which each engine converts into its boolean or SMALLINT form.
        PortableType::Boolean => "'1'".into(),
        PortableType::Date => "DATE '2024-02-03'".into(),
        PortableType::Timestamp => "TIMESTAMP '2024-02-03 04:05:06'".into(),
        PortableType::Blob => match dialect {
            DialectName::Postgresql => "'\\x07'".into(),
            _ => "X'07'".into(),
        },
        PortableType::Json => "'{}'".into(),
    }
}

/// The tables of `model` that exist in `dialect`, parents before children (a table's own
/// foreign keys to itself aside).
pub fn parents_first(model: &Model, dialect: DialectName) -> Vec<&Table> {
    let tables: Vec<&Table> = model
        .modules
        .iter()
        .flat_map(|m| &m.tables)
        .filter(|t| t.exists_in(dialect))
        .collect();
    let mut done: BTreeSet<&str> = BTreeSet::new();
    let mut out = Vec::new();
    while out.len() < tables.len() {
        let before = out.len();
        for t in &tables {
            if done.contains(t.name.name.as_str()) {
                continue;
            }
            let ready = t.foreign_keys.iter().all(|fk| {
                fk.ref_table.name == t.name.name
                    || done.contains(fk.ref_table.name.as_str())
                    || !tables.iter().any(|p| p.name.name == fk.ref_table.name)
            });
            if ready {
                done.insert(t.name.name.as_str());
                out.push(*t);
            }
        }
        assert!(
            out.len() > before,
            "foreign keys form a cycle among the tables left"
        );
    }
    out
}

/// The INSERT of one row into every table of `model`, as `dialect` runs it.
pub fn insert_sql(model: &Model, dialect: DialectName) -> String {
    let mut sql = String::new();
    for table in parents_first(model, dialect) {
        let columns: Vec<String> = table.columns.iter().map(|c| c.name.name.clone()).collect();
        let values: Vec<String> = table
            .columns
            .iter()
            .map(|c| match &c.allowed_values {
                Some(values) => format!("'{}'", values[0].replace('\'', "''")),
                None => literal(&c.portable_type, dialect),
            })
            .collect();
        sql.push_str(&format!(
            "INSERT INTO {} ({}) VALUES ({});\n",
            table.name.name,
            columns.join(", "),
            values.join(", ")
        ));
    }
    sql
}
