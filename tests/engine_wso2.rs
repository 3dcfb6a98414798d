//! The generated WSO2 kernel scripts on real engines: each script runs without error (MariaDB
//! in MySQL 8's strict sql_mode), and the engine's catalog afterwards equals the catalog of
//! WSO2's own script of the same release (tests/reference/wso2/is5.0-match/kernel/), except
//! for the deviations declared, with reasons, in model/wso2/deviations.yaml. Table and column
//! descriptions must arrive in the catalog intact (this checks string escaping per engine).

mod support;

use std::path::PathBuf;

use schemagen::dialect::DialectName;
use support::Database;
use support::compare::{assert_only_declared_differences, differences, load_deviations};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn check_kernel(db: &dyn Database, dialect: DialectName) {
    let model = schemagen::model::load(&repo().join("model/wso2")).expect("model/wso2 is valid");
    let files = schemagen::emit::generate(&model, &[dialect]).unwrap();
    let script = &files
        .iter()
        .find(|f| f.path == format!("{dialect}.sql"))
        .expect("kernel file")
        .contents;
    db.execute_script(script)
        .unwrap_or_else(|e| panic!("{dialect}.sql failed on {}: {e}", db.name()));

    let catalog = db.catalog();
    let reference = support::reference(&format!("wso2/is5.0-match/kernel/{dialect}.json"));
    let kernel = &model.modules[0];
    let named = |table: &str, fk: &str| {
        kernel.tables.iter().any(|t| {
            t.name.name.eq_ignore_ascii_case(table)
                && t.foreign_keys.iter().any(|f| {
                    f.name
                        .as_ref()
                        .is_some_and(|n| n.name.eq_ignore_ascii_case(fk))
                })
        })
    };
    let found = differences(&reference, &catalog, &named);
    let deviations = load_deviations(&repo().join("model/wso2/deviations.yaml"));
    assert_only_declared_differences(dialect.as_str(), &found, &deviations);

    for table in &kernel.tables {
        let engine_table = catalog
            .tables
            .iter()
            .find(|t| t.name.eq_ignore_ascii_case(&table.name.name))
            .expect("table exists");
        assert_eq!(
            engine_table.comment.as_deref(),
            table.description.as_deref(),
            "comment of {}",
            table.name.name
        );
        for column in &table.columns {
            let engine_column = engine_table
                .columns
                .iter()
                .find(|c| c.name.eq_ignore_ascii_case(&column.name.name))
                .unwrap();
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

#[test]
fn kernel_on_postgresql_matches_reference() {
    check_kernel(&support::postgres(), DialectName::Postgresql);
}

#[test]
fn kernel_on_mariadb_strict_matches_reference() {
    let db = support::mariadb();
    let mode = db.query("SELECT @@SESSION.sql_mode");
    assert!(
        mode[0][0].contains("STRICT_TRANS_TABLES") && mode[0][0].contains("NO_ZERO_DATE"),
        "{mode:?}"
    );
    check_kernel(&db, DialectName::Mysql);
}

#[test]
fn kernel_on_h2_matches_reference() {
    check_kernel(&support::h2(), DialectName::H2);
}
