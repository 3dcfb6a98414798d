//! Every feature of the model format on every engine (tests/models/features): portable types,
//! defaults, camelCase and reserved names quoted where needed, a foreign-key cycle closed by
//! ALTER TABLE, a self-reference, allowed-values CHECK constraints and data rows with quotes
//! and backslashes, seed rows that give an identity column its values. The catalog each engine reports is snapshotted (snapshots/engine_features/)
//! so a type-mapping change is seen in review.

mod support;

use std::path::PathBuf;

use schemagen::dialect::DialectName;
use support::Database;

fn features_script(dialect: DialectName) -> String {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/models/features");
    let model = schemagen::model::load(&dir).expect("features model is valid");
    let files = schemagen::emit::generate(&model, &[dialect]).unwrap();
    files.into_iter().next().unwrap().contents
}

fn check(db: &dyn Database, dialect: DialectName) {
    let q = |name: &str| dialect.implementation().quote_identifier(name);
    db.execute_script(&features_script(dialect))
        .unwrap_or_else(|e| panic!("features script failed on {}: {e}", db.name()));

    let rows = db
        .try_query(&format!(
            "SELECT {}, {}, {}, {} FROM {} ORDER BY {}",
            q("shortText"),
            q("status"),
            q("whole"),
            q("flag"),
            q("allTypes"),
            q("id")
        ))
        .unwrap();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(
        rows[0][0].as_deref(),
        Some("O'Reilly \\ back"),
        "quote and backslash survive"
    );
    assert_eq!(rows[0][1].as_deref(), Some("S"));
    assert_eq!(rows[0][2].as_deref(), Some("2"));
    assert_eq!(rows[1][0], None, "explicit NULL");
    assert_eq!(rows[1][2].as_deref(), Some("42"), "default applied");

    let bad = db.execute_script(&format!(
        "INSERT INTO {} ({}) VALUES ('X');",
        q("allTypes"),
        q("status")
    ));
    assert!(
        bad.is_err(),
        "the allowed-values CHECK rejects 'X' on {}",
        db.name()
    );

    // Seed rows that gave the identity its values leave it past them: the next row without
    // a value gets the next number, not a taken one (a duplicate key).
    db.execute_script(&format!(
        "INSERT INTO {} ({}) VALUES ('thirteen');",
        q("numbered"),
        q("label")
    ))
    .unwrap_or_else(|e| panic!("a row after the seed rows on {}: {e}", db.name()));
    let numbered = db
        .try_query(&format!(
            "SELECT {}, {} FROM {} ORDER BY {}",
            q("id"),
            q("label"),
            q("numbered"),
            q("id")
        ))
        .unwrap();
    let numbered: Vec<(String, String)> = numbered
        .into_iter()
        .map(|r| (r[0].clone().unwrap(), r[1].clone().unwrap()))
        .collect();
    let expected = [
        (10, "ten"),
        (11, "eleven"),
        (12, "twelve"),
        (13, "thirteen"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(id, label)| (id.to_string(), label.to_string()))
        .collect();
    assert_eq!(
        numbered,
        expected,
        "identity after explicit values on {}",
        db.name()
    );

    let mut catalog = db.catalog();
    catalog.normalize();
    let user = catalog
        .tables
        .iter()
        .find(|t| t.name == "user")
        .expect("table user, case kept");
    assert_eq!(
        user.foreign_keys.len(),
        2,
        "self-reference and the cycle's deferred key"
    );
    insta::with_settings!({snapshot_path => "../snapshots/engine_features", prepend_module_to_snapshot => false, omit_expression => true}, {
        insta::assert_snapshot!(dialect.as_str(), catalog.to_json_pretty());
    });
}

#[test]
fn features_on_postgresql() {
    check(&support::postgres(), DialectName::Postgresql);
}

#[test]
fn features_on_mariadb_strict() {
    check(&support::mariadb(), DialectName::Mysql);
}

#[test]
fn features_on_h2() {
    check(&support::h2(), DialectName::H2);
}
