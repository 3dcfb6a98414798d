//! The generated Janssen scripts on real engines. On PostgreSQL and MariaDB (in MySQL 8's strict
//! sql_mode) the script runs and the engine's catalog equals the catalog of the tables Janssen's
//! own setup creates (tests/reference/jans/setup-9a7e26c2/), except for the deviations declared,
//! with reasons, in model/jans/deviations.yaml. H2 has no upstream reference: there the script
//! runs and the catalog has every table, column, key and index of the model.
//!
//! On every engine the camelCase names must keep their case (Janssen's code uses `jansPerson`,
//! `objectClass`, `doc_id` as written; PostgreSQL and H2 would fold unquoted names), which the
//! reference comparison cannot see because it compares names case-insensitively, and every
//! description must arrive as the table or column comment.

mod support;

use std::path::PathBuf;

use schemagen::dialect::DialectName;
use schemagen::model::{Model, PortableType};
use support::compare::{assert_only_declared_differences, differences, load_deviations};
use support::{Catalog, Database};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn model() -> Model {
    schemagen::model::load(&repo().join("model/jans")).expect("model/jans is valid")
}

/// Generates the dialect's script, runs it and returns the engine's catalog.
fn run(db: &dyn Database, model: &Model, dialect: DialectName) -> Catalog {
    let files = schemagen::emit::generate(model, &[dialect]).unwrap();
    let script = &files
        .iter()
        .find(|f| f.path == format!("{dialect}.sql"))
        .expect("jans file")
        .contents;
    db.execute_script(script)
        .unwrap_or_else(|e| panic!("{dialect}.sql failed on {}: {e}", db.name()));
    db.catalog()
}

/// Every table and column under its exact (case-sensitive) name, with its description as the
/// engine's comment, and no other table.
fn assert_names_and_comments(model: &Model, catalog: &Catalog) {
    let tables = &model.modules[0].tables;
    assert_eq!(
        catalog.tables.len(),
        tables.len(),
        "tables: {:?}",
        catalog.table_names()
    );
    for table in tables {
        let name = &table.name.name;
        let engine_table = catalog.table(name).unwrap_or_else(|| {
            panic!(
                "table {name} (case kept) missing; catalog has {:?}",
                catalog.table_names()
            )
        });
        assert_eq!(
            engine_table.comment.as_deref(),
            table.description.as_deref(),
            "comment of {name}"
        );
        let engine_columns: Vec<&str> = engine_table
            .columns
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        let model_columns: Vec<&str> = table.columns.iter().map(|c| c.name.name.as_str()).collect();
        assert_eq!(
            engine_columns, model_columns,
            "columns of {name}, case kept"
        );
        for (column, engine_column) in table.columns.iter().zip(&engine_table.columns) {
            assert_eq!(
                engine_column.comment.as_deref(),
                column.description.as_deref(),
                "comment of {name}.{}",
                column.name.name
            );
        }
    }
}

fn check_against_reference(db: &dyn Database, dialect: DialectName, reference: &str) {
    let model = model();
    let catalog = run(db, &model, dialect);
    let reference = support::reference(&format!("jans/setup-9a7e26c2/{reference}"));
    // Neither upstream nor the model has foreign keys.
    let found = differences(&reference, &catalog, &|_, _| false);
    let deviations = load_deviations(&repo().join("model/jans/deviations.yaml"));
    assert_only_declared_differences(dialect.as_str(), &found, &deviations);
    assert_names_and_comments(&model, &catalog);
}

#[test]
fn jans_on_postgresql_matches_reference() {
    check_against_reference(
        &support::postgres(),
        DialectName::Postgresql,
        "pgsql.engine.json",
    );
}

#[test]
fn jans_on_mariadb_strict_matches_reference() {
    let db = support::mariadb();
    let mode = db.query("SELECT @@SESSION.sql_mode");
    assert!(
        mode[0][0].contains("STRICT_TRANS_TABLES") && mode[0][0].contains("NO_ZERO_DATE"),
        "{mode:?}"
    );
    check_against_reference(&db, DialectName::Mysql, "mysql.engine.json");
}

/// H2's information_schema word and length for a portable type (dialects/h2/dialect.yaml).
fn h2_type(t: PortableType) -> (&'static str, Option<i64>) {
    match t {
        PortableType::Varchar(n) => ("CHARACTER VARYING", Some(n.into())),
        PortableType::Text => ("CHARACTER LARGE OBJECT", Some(i64::MAX)),
        PortableType::Integer => ("INTEGER", None),
        PortableType::Boolean => ("BOOLEAN", None),
        PortableType::Timestamp => ("TIMESTAMP", None),
        PortableType::Json => ("JSON", Some(1_000_000_000)),
        other => panic!("the Janssen model has no {other} column"),
    }
}

#[test]
fn jans_on_h2_has_every_table_and_column_with_case_kept() {
    let db = support::h2();
    let model = model();
    let mut catalog = run(&db, &model, DialectName::H2);
    catalog.normalize();
    assert_names_and_comments(&model, &catalog);
    for table in &model.modules[0].tables {
        let name = &table.name.name;
        let engine_table = catalog.table(name).unwrap();
        for (column, engine_column) in table.columns.iter().zip(&engine_table.columns) {
            let (data_type, length) = h2_type(column.portable_type);
            assert_eq!(
                (engine_column.data_type.as_str(), engine_column.length),
                (data_type, length),
                "type of {name}.{}",
                column.name.name
            );
            assert_eq!(
                engine_column.nullable, column.nullable,
                "nullability of {name}.{}",
                column.name.name
            );
        }
        assert_eq!(
            engine_table.primary_key,
            ["doc_id"],
            "primary key of {name}"
        );
        assert!(engine_table.unique.is_empty(), "unique keys of {name}");
        let mut indexes: Vec<(String, Vec<String>, bool)> = table
            .indexes
            .iter()
            .map(|i| {
                let columns = i.columns.iter().map(|c| c.name.clone()).collect();
                (i.name.name.clone(), columns, i.unique)
            })
            .collect();
        indexes.sort();
        let engine_indexes: Vec<(String, Vec<String>, bool)> = engine_table
            .indexes
            .iter()
            .map(|i| (i.name.clone(), i.columns.clone(), i.unique))
            .collect();
        assert_eq!(engine_indexes, indexes, "indexes of {name}, names kept");
    }
}
