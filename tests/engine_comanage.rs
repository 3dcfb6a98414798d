//! The generated COmanage Registry scripts on real engines. Each dialect's three files (core,
//! bundled plugins, optional plugins) run without error, in that order (MariaDB in MySQL 8's
//! strict sql_mode).
//!
//! * PostgreSQL and MariaDB: the catalog afterwards equals the catalog of an upstream
//!   Registry 3.3.0 install (tests/reference/comanage/3.3.0/), except for the deviations
//!   declared, with reasons, in model/comanage/deviations.yaml.
//! * H2 has no upstream catalog (COmanage does not run on H2): every table of the upstream
//!   3.3.0 catalog (unless declared absent) and every model table and column must exist, with the primary key, foreign keys and indexes of the model, and each column's
//!   type, length, nullability and auto-increment must be what the PostgreSQL reference says,
//!   in H2's words.
//!
//! Table and column descriptions must arrive in every catalog intact.

mod support;

use std::path::PathBuf;

use schemagen::dialect::DialectName;
use schemagen::model::Model;
use support::compare::{assert_only_declared_differences, differences, load_deviations};
use support::{Catalog, Database};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn model() -> Model {
    schemagen::model::load(&repo().join("model/comanage")).expect("model/comanage is valid")
}

/// Runs every generated file of `dialect` (in module order) and returns the catalog.
fn install(db: &dyn Database, model: &Model, dialect: DialectName) -> Catalog {
    let files = schemagen::emit::generate(model, &[dialect]).unwrap();
    let order = [
        format!("{dialect}.sql"),
        format!("plugins/{dialect}.sql"),
        format!("available-plugins/{dialect}.sql"),
    ];
    assert_eq!(files.len(), order.len(), "one file per module");
    for path in &order {
        let file = files
            .iter()
            .find(|f| &f.path == path)
            .unwrap_or_else(|| panic!("{path} generated"));
        db.execute_script(&file.contents)
            .unwrap_or_else(|e| panic!("{path} failed on {}: {e}", db.name()));
    }
    db.catalog()
}

/// The model's tables that exist in `dialect`.
fn tables_in(model: &Model, dialect: DialectName) -> Vec<&schemagen::model::Table> {
    model
        .modules
        .iter()
        .flat_map(|m| m.tables.iter())
        .filter(|t| t.exists_in(dialect))
        .collect()
}

fn engine_table<'a>(catalog: &'a Catalog, name: &str) -> &'a support::Table {
    catalog
        .tables
        .iter()
        .find(|t| t.name.eq_ignore_ascii_case(name))
        .unwrap_or_else(|| panic!("table {name} exists"))
}

fn assert_descriptions(catalog: &Catalog, model: &Model, dialect: DialectName) {
    for table in tables_in(model, dialect) {
        let engine = engine_table(catalog, &table.name.name);
        assert_eq!(
            engine.comment.as_deref(),
            table.description.as_deref(),
            "comment of {}",
            table.name.name
        );
        for column in &table.columns {
            let engine_column = engine
                .columns
                .iter()
                .find(|c| c.name.eq_ignore_ascii_case(&column.name.name))
                .unwrap_or_else(|| panic!("column {}.{}", table.name.name, column.name.name));
            assert_eq!(
                engine_column.comment.as_deref(),
                column.description.as_deref(),
                "comment of {}.{}",
                table.name.name,
                column.name.name
            );
        }
    }
}

fn check_against_reference(db: &dyn Database, dialect: DialectName, reference: &str) {
    let model = model();
    let catalog = install(db, &model, dialect);
    let reference = support::reference(&format!("comanage/3.3.0/{reference}"));
    // Every foreign key of the model is unnamed, as upstream's: the engines name them.
    let found = differences(&reference, &catalog, &|_, _| false);
    let deviations = load_deviations(&repo().join("model/comanage/deviations.yaml"));
    assert_only_declared_differences(dialect.as_str(), &found, &deviations);
    assert_descriptions(&catalog, &model, dialect);
}

#[test]
fn comanage_on_postgresql_matches_reference() {
    check_against_reference(
        &support::postgres(),
        DialectName::Postgresql,
        "postgres.engine.json",
    );
}

#[test]
fn comanage_on_mariadb_strict_matches_reference() {
    let db = support::mariadb();
    let mode = db.query("SELECT @@SESSION.sql_mode");
    assert!(
        mode[0][0].contains("STRICT_TRANS_TABLES") && mode[0][0].contains("NO_ZERO_DATE"),
        "{mode:?}"
    );
    check_against_reference(&db, DialectName::Mysql, "mysql.engine.json");
}

/// PostgreSQL's information_schema type word and H2's for the same portable type.
fn h2_type_word(postgres: &str) -> &str {
    match postgres {
        "TEXT" => "CHARACTER LARGE OBJECT",
        "BYTEA" => "BINARY LARGE OBJECT",
        "TIMESTAMP WITHOUT TIME ZONE" => "TIMESTAMP",
        same => same, // INTEGER, BIGINT, BOOLEAN, DATE, CHARACTER VARYING
    }
}

#[test]
fn comanage_on_h2_has_every_model_table_and_column() {
    let db = support::h2();
    let model = model();
    let catalog = install(&db, &model, DialectName::H2);
    let postgres = support::reference("comanage/3.3.0/postgres.engine.json");
    let upper = |v: &[String]| v.iter().map(|s| s.to_uppercase()).collect::<Vec<_>>();
    let idents =
        |v: &[schemagen::model::Ident]| v.iter().map(|i| i.name.to_uppercase()).collect::<Vec<_>>();

    let tables = tables_in(&model, DialectName::H2);
    assert_eq!(catalog.tables.len(), tables.len(), "no other tables");
    // Every table of an upstream install, unless deviations.yaml declares it absent from the
    // model (with its reason): H2 has no reference catalog of its own to say so.
    let declared_absent: Vec<String> =
        load_deviations(&repo().join("model/comanage/deviations.yaml"))
            .into_iter()
            .filter(|d| d.field == "table" && d.dialects.iter().any(|x| x == "postgresql"))
            .map(|d| d.table.to_lowercase())
            .collect();
    let missing: Vec<&str> = postgres
        .tables
        .iter()
        .map(|t| t.name.as_str())
        .filter(|name| !declared_absent.contains(&name.to_lowercase()))
        .filter(|name| {
            !catalog
                .tables
                .iter()
                .any(|t| t.name.eq_ignore_ascii_case(name))
        })
        .collect();
    assert!(
        missing.is_empty(),
        "upstream 3.3.0 tables H2 lacks and deviations.yaml does not declare: {missing:?}"
    );
    let mut problems = Vec::new();
    for table in tables {
        let name = &table.name.name;
        let h2 = engine_table(&catalog, name);
        let pg = engine_table(&postgres, name);
        let h2_columns: Vec<String> = h2.columns.iter().map(|c| c.name.to_uppercase()).collect();
        let model_columns: Vec<String> = table
            .columns
            .iter()
            .map(|c| c.name.name.to_uppercase())
            .collect();
        if h2_columns != model_columns {
            problems.push(format!(
                "{name}: columns {h2_columns:?}, model {model_columns:?}"
            ));
            continue;
        }
        for c in &h2.columns {
            let Some(p) = pg
                .columns
                .iter()
                .find(|p| p.name.eq_ignore_ascii_case(&c.name))
            else {
                problems.push(format!(
                    "{name}.{}: not in the PostgreSQL reference",
                    c.name
                ));
                continue;
            };
            let expected_length = if p.data_type == "CHARACTER VARYING" {
                p.length
            } else {
                c.length // large objects: H2 reports its own maximum
            };
            let expected = (
                h2_type_word(&p.data_type),
                expected_length,
                p.nullable,
                p.auto_increment,
            );
            let actual = (c.data_type.as_str(), c.length, c.nullable, c.auto_increment);
            if expected != actual {
                problems.push(format!(
                    "{name}.{}: H2 (type, length, nullable, auto_increment) {actual:?}, \
                     PostgreSQL reference in H2 words {expected:?}",
                    c.name
                ));
            }
        }
        let model_pk = table
            .primary_key
            .as_ref()
            .map(|pk| idents(&pk.columns))
            .unwrap_or_default();
        if upper(&h2.primary_key) != model_pk {
            problems.push(format!("{name}: primary key {:?}", h2.primary_key));
        }
        let mut h2_fks: Vec<String> = h2
            .foreign_keys
            .iter()
            .map(|f| {
                format!(
                    "{:?}->{}{:?}",
                    upper(&f.columns),
                    f.ref_table.to_uppercase(),
                    upper(&f.ref_columns)
                )
            })
            .collect();
        let mut model_fks: Vec<String> = table
            .foreign_keys
            .iter()
            .map(|f| {
                format!(
                    "{:?}->{}{:?}",
                    idents(&f.columns),
                    f.ref_table.name.to_uppercase(),
                    idents(&f.ref_columns)
                )
            })
            .collect();
        h2_fks.sort();
        model_fks.sort();
        if h2_fks != model_fks {
            problems.push(format!(
                "{name}: foreign keys {h2_fks:?}, model {model_fks:?}"
            ));
        }
        // H2 lists a unique index under `indexes` (unique: true), like PostgreSQL.
        let mut h2_indexes: Vec<String> = h2
            .indexes
            .iter()
            .map(|i| {
                format!(
                    "{}{:?}{}",
                    i.name.to_uppercase(),
                    upper(&i.columns),
                    i.unique
                )
            })
            .collect();
        let mut model_indexes: Vec<String> = table
            .indexes
            .iter()
            .filter(|i| i.exists_in(DialectName::H2))
            .map(|i| {
                format!(
                    "{}{:?}{}",
                    i.name.name.to_uppercase(),
                    idents(&i.columns),
                    i.unique
                )
            })
            .collect();
        h2_indexes.sort();
        model_indexes.sort();
        if h2_indexes != model_indexes {
            problems.push(format!(
                "{name}: indexes {h2_indexes:?}, model {model_indexes:?}"
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "H2 catalog differs from the model / PostgreSQL reference:\n  {}",
        problems.join("\n  ")
    );
    assert_descriptions(&catalog, &model, DialectName::H2);
}
