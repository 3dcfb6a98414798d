//! The generated WSO2 scripts on real engines, one test per module (kernel, identity,
//! application-mgt) and engine: each script runs without error (MariaDB in MySQL 8's strict
//! sql_mode), and the engine's catalog afterwards equals the catalog of WSO2's own script of
//! the same release (tests/reference/wso2/is5.0-match/<module>/), except for the deviations
//! declared, with reasons, in model/wso2/deviations.yaml. Table and column descriptions must
//! arrive in the catalog intact (this checks string escaping per engine), and the initial
//! data rows that WSO2's scripts insert must be there.

mod support;

use std::collections::BTreeSet;
use std::path::PathBuf;

use schemagen::dialect::DialectName;
use support::Database;
use support::compare::{assert_only_declared_differences, differences, load_deviations};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the generated script of module `module_name` for `dialect` on `db` (a fresh database:
/// every module's script stands alone, as in WSO2's tree) and compares the catalog with
/// `tests/reference/<reference_dir>/<dialect>.json`. The deviations checked are those of the
/// module's tables (and the `*` entries): the deviations file is shared by all modules of the
/// product, and table names are unique across it.
fn check_module(db: &dyn Database, dialect: DialectName, module_name: &str, reference_dir: &str) {
    let model = schemagen::model::load(&repo().join("model/wso2")).expect("model/wso2 is valid");
    let module = model
        .modules
        .iter()
        .find(|m| m.name == module_name)
        .unwrap_or_else(|| panic!("model/wso2 has no module {module_name}"));
    let path = module.path.replace(
        "{file}",
        &model
            .product
            .file_name
            .replace("{dialect}", dialect.as_str()),
    );
    let files = schemagen::emit::generate(&model, &[dialect]).unwrap();
    let script = &files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("no generated file {path}"))
        .contents;
    db.execute_script(script)
        .unwrap_or_else(|e| panic!("{path} failed on {}: {e}", db.name()));

    let catalog = db.catalog();
    let reference = support::reference(&format!("{reference_dir}/{dialect}.json"));
    let named = |table: &str, fk: &str| {
        module.tables.iter().any(|t| {
            t.name.name.eq_ignore_ascii_case(table)
                && t.foreign_keys.iter().any(|f| {
                    f.name
                        .as_ref()
                        .is_some_and(|n| n.name.eq_ignore_ascii_case(fk))
                })
        })
    };
    let found = differences(&reference, &catalog, &named);

    let module_tables: BTreeSet<String> = module
        .tables
        .iter()
        .map(|t| t.name.name.to_ascii_uppercase())
        .chain(reference.tables.iter().map(|t| t.name.to_ascii_uppercase()))
        .collect();
    let deviations: Vec<_> = load_deviations(&repo().join("model/wso2/deviations.yaml"))
        .into_iter()
        .filter(|d| d.table == "*" || module_tables.contains(&d.table.to_ascii_uppercase()))
        .collect();
    assert_only_declared_differences(dialect.as_str(), &found, &deviations);

    for table in &module.tables {
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

/// A MariaDB database in MySQL 8's strict default sql_mode.
fn mariadb_strict() -> support::MariaDbDatabase {
    let db = support::mariadb();
    let mode = db.query("SELECT @@SESSION.sql_mode");
    assert!(
        mode[0][0].contains("STRICT_TRANS_TABLES") && mode[0][0].contains("NO_ZERO_DATE"),
        "{mode:?}"
    );
    db
}

/// The row WSO2's identity script inserts: IDN_BASE_TABLE's product name, which the server
/// checks at startup with -Dsetup.
fn assert_identity_rows(db: &dyn Database) {
    assert_eq!(
        db.query("SELECT PRODUCT_NAME FROM IDN_BASE_TABLE"),
        vec![vec!["WSO2 Identity Server".to_string()]],
        "{}: IDN_BASE_TABLE",
        db.dialect()
    );
}

/// The rows WSO2's application-mgt script inserts: the resident identity provider of the
/// super tenant (IDP 1, LOCAL, localhost), its samlsso authenticator and that authenticator's
/// IdPEntityId property; the ids come from the identity columns and must be 1, the value the
/// authenticator and property rows refer to.
fn assert_application_mgt_rows(db: &dyn Database) {
    let rows = |sql: &str| -> Vec<Vec<String>> { db.query(sql) };
    let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        rows("SELECT ID, TENANT_ID, NAME, HOME_REALM_ID, IS_ENABLED, IS_PRIMARY FROM IDP"),
        vec![strings(&["1", "-1234", "LOCAL", "localhost", "1", "0"])],
        "{}: IDP",
        db.dialect()
    );
    assert_eq!(
        rows("SELECT ID, TENANT_ID, IDP_ID, NAME, IS_ENABLED FROM IDP_AUTHENTICATOR"),
        vec![strings(&["1", "-1234", "1", "samlsso", "1"])],
        "{}: IDP_AUTHENTICATOR",
        db.dialect()
    );
    assert_eq!(
        rows(
            "SELECT ID, TENANT_ID, AUTHENTICATOR_ID, PROPERTY_KEY, PROPERTY_VALUE, IS_SECRET \
             FROM IDP_AUTHENTICATOR_PROPERTY"
        ),
        vec![strings(&[
            "1",
            "-1234",
            "1",
            "IdPEntityId",
            "localhost",
            "0"
        ])],
        "{}: IDP_AUTHENTICATOR_PROPERTY",
        db.dialect()
    );
    // The identity columns continue after the inserted rows.
    db.execute_script("INSERT INTO IDP (TENANT_ID, NAME) VALUES (1, 'second');\n")
        .unwrap_or_else(|e| panic!("{}: second IDP: {e}", db.dialect()));
    assert_eq!(
        rows("SELECT ID FROM IDP WHERE NAME = 'second'"),
        vec![strings(&["2"])],
        "{}: next IDP id",
        db.dialect()
    );
}

const KERNEL: &str = "wso2/is5.0-match/kernel";
const IDENTITY: &str = "wso2/is5.0-match/identity";
const APPLICATION_MGT: &str = "wso2/is5.0-match/application-mgt";

#[test]
fn kernel_on_postgresql_matches_reference() {
    check_module(
        &support::postgres(),
        DialectName::Postgresql,
        "kernel",
        KERNEL,
    );
}

#[test]
fn kernel_on_mariadb_strict_matches_reference() {
    check_module(&mariadb_strict(), DialectName::Mysql, "kernel", KERNEL);
}

#[test]
fn kernel_on_h2_matches_reference() {
    check_module(&support::h2(), DialectName::H2, "kernel", KERNEL);
}

#[test]
fn identity_on_postgresql_matches_reference() {
    let db = support::postgres();
    check_module(&db, DialectName::Postgresql, "identity", IDENTITY);
    assert_identity_rows(&db);
}

#[test]
fn identity_on_mariadb_strict_matches_reference() {
    let db = mariadb_strict();
    check_module(&db, DialectName::Mysql, "identity", IDENTITY);
    assert_identity_rows(&db);
}

#[test]
fn identity_on_h2_matches_reference() {
    let db = support::h2();
    check_module(&db, DialectName::H2, "identity", IDENTITY);
    assert_identity_rows(&db);
}

#[test]
fn application_mgt_on_postgresql_matches_reference() {
    let db = support::postgres();
    check_module(
        &db,
        DialectName::Postgresql,
        "application-mgt",
        APPLICATION_MGT,
    );
    assert_application_mgt_rows(&db);
}

#[test]
fn application_mgt_on_mariadb_strict_matches_reference() {
    let db = mariadb_strict();
    check_module(&db, DialectName::Mysql, "application-mgt", APPLICATION_MGT);
    assert_application_mgt_rows(&db);
}

#[test]
fn application_mgt_on_h2_matches_reference() {
    let db = support::h2();
    check_module(&db, DialectName::H2, "application-mgt", APPLICATION_MGT);
    assert_application_mgt_rows(&db);
}
