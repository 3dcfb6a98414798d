//! No silent data loss, on real engines: a migration whose change does not fit the rows a
//! database already holds (rows no model knows: production data) must fail on the engine,
//! and every value must read back as it was. For each case on PostgreSQL, MariaDB and H2:
//!
//! 1. run OLD's script, insert the production rows;
//! 2. run the migration to NEW (a single change that the rows do not satisfy): it must fail;
//! 3. the rows read back byte-equal, and the change is flagged data-dependent or destructive.
//!
//! On MariaDB the migration also runs in a session with an empty sql_mode (a lax server, where
//! MySQL truncates or converts instead of failing): the migration makes its session strict.

mod support;

use schemagen::dialect::DialectName;
use schemagen::diff;
use schemagen::model::Model;
use support::Database;

const PRODUCT: &str = "product: keep
check_allowed_values: true
dialects:
  postgresql: {version: \"12\"}
  mysql: {version: \"8.0\"}
  h2: {version: \"2.1\"}
modules:
  - file: m.yaml
";

const OLD: &str = "module: m
tables:
  - name: P
    columns:
      - {name: ID, type: integer, nullable: false}
    primary_key: [ID]
  - name: T
    columns:
      - {name: ID, type: integer, nullable: false}
      - {name: NAME, type: varchar(100)}
      - {name: CODE, type: char(10)}
      - {name: QTY, type: integer}
      - {name: PRICE, type: \"decimal(10,2)\"}
      - {name: REF, type: varchar(20)}
      - {name: P_ID, type: integer}
    primary_key: [ID]
";

/// The production rows: two equal names, a 50-character name, a 10-character code, a
/// quantity past SMALLINT, a price past DECIMAL(5,2), a reference that is no number and a
/// NULL one, a parent id no parent row has.
const ROWS: &str = "INSERT INTO P (ID) VALUES (1);
INSERT INTO T (ID, NAME, CODE, QTY, PRICE, REF, P_ID) VALUES (1, 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'abcdefghij', 100000, 12345.67, 'abc', 99);
INSERT INTO T (ID, NAME, CODE, QTY, PRICE, REF, P_ID) VALUES (2, 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'a', 1, 1.5, NULL, 1);
";

/// Each case: its name and the edit of OLD's module text that makes NEW.
const CASES: &[(&str, &str, &str)] = &[
    (
        "narrow_varchar",
        "{name: NAME, type: varchar(100)}",
        "{name: NAME, type: varchar(10)}",
    ),
    (
        "narrow_char",
        "{name: CODE, type: char(10)}",
        "{name: CODE, type: char(5)}",
    ),
    (
        "integer_to_smallint",
        "{name: QTY, type: integer}",
        "{name: QTY, type: smallint}",
    ),
    (
        "narrow_decimal_precision",
        "{name: PRICE, type: \"decimal(10,2)\"}",
        "{name: PRICE, type: \"decimal(5,2)\"}",
    ),
    (
        "narrow_decimal_scale",
        "{name: PRICE, type: \"decimal(10,2)\"}",
        "{name: PRICE, type: \"decimal(10,1)\"}",
    ),
    (
        "varchar_to_integer",
        "{name: REF, type: varchar(20)}",
        "{name: REF, type: integer}",
    ),
    (
        "set_not_null_over_null",
        "{name: REF, type: varchar(20)}",
        "{name: REF, type: varchar(20), nullable: false}",
    ),
    (
        "unique_over_duplicates",
        "    primary_key: [ID]\n\"",
        "    primary_key: [ID]\n    unique:\n      - {name: UK_T_NAME, columns: [NAME]}\n\"",
    ),
    (
        "foreign_key_over_orphans",
        "    primary_key: [ID]\n\"",
        "    primary_key: [ID]\n    foreign_keys:\n      - {name: FK_T_P, columns: [P_ID], references: P, ref_columns: [ID]}\n\"",
    ),
    (
        "allowed_values_over_others",
        "{name: CODE, type: char(10)}",
        "{name: CODE, type: char(10), allowed_values: [a, b]}",
    ),
];

fn model(module: &str) -> (tempfile::TempDir, Model) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("product.yaml"), PRODUCT).unwrap();
    std::fs::write(dir.path().join("m.yaml"), module).unwrap();
    let model = schemagen::model::load(dir.path()).unwrap_or_else(|d| panic!("{}", d.render()));
    (dir, model)
}

/// NEW's module text for a case: OLD with `from` replaced by `to` once (a `"` in `from`
/// stands for the end of the text).
fn edited(from: &str, to: &str) -> String {
    match from.strip_suffix('"') {
        Some(end) => {
            assert!(OLD.ends_with(end), "{from:?} ends OLD");
            format!(
                "{}{}",
                &OLD[..OLD.len() - end.len()],
                to.strip_suffix('"').unwrap()
            )
        }
        None => {
            assert_eq!(OLD.matches(from).count(), 1, "{from:?} once in OLD");
            OLD.replace(from, to)
        }
    }
}

/// The migration script (every statement with its terminator), and whether every change of
/// it is flagged as one that can fail on, or change, existing data.
fn migration(old: &Model, new: &Model, dialect: DialectName) -> (String, bool) {
    let files = diff::diff_models(old, new, &[dialect]);
    let mut sql = String::new();
    let mut flagged = true;
    for file in files.iter().filter(|f| f.output == dialect.as_str()) {
        for change in &file.changes {
            flagged &= change.data_dependent().is_some() || change.destructive().is_some();
        }
        for s in &file.statements {
            sql.push_str(&s.statement.sql);
            sql.push_str(&s.terminator(dialect, &file.target));
            sql.push('\n');
        }
    }
    (sql, flagged)
}

fn rows(db: &dyn Database, dialect: DialectName) -> Vec<Vec<Option<String>>> {
    let ident = |n: &str| {
        let stored = if dialect == DialectName::Postgresql {
            n.to_ascii_lowercase()
        } else {
            n.to_string()
        };
        dialect.implementation().quote_identifier(&stored)
    };
    let columns = ["ID", "NAME", "CODE", "QTY", "PRICE", "REF", "P_ID"];
    let sql = format!(
        "SELECT {} FROM {} ORDER BY {}",
        columns.map(ident).join(", "),
        ident("T"),
        ident("ID")
    );
    db.try_query(&sql).unwrap_or_else(|e| panic!("{sql}: {e}"))
}

fn run(new_database: &dyn Fn() -> Box<dyn Database>, dialect: DialectName, session: &str) {
    let (_o, old) = model(OLD);
    let old_script = schemagen::emit::generate(&old, &[dialect])
        .unwrap()
        .remove(0)
        .contents;
    let mut failures = Vec::new();
    let mut expected_rows = None;
    for (name, from, to) in CASES {
        let (_n, new) = model(&edited(from, to));
        let (sql, flagged) = migration(&old, &new, dialect);
        assert!(!sql.is_empty(), "{name}: no statement");
        if !flagged {
            failures.push(format!("{name}: a change is not flagged:\n{sql}"));
        }
        let db = new_database();
        db.execute_script(&old_script)
            .unwrap_or_else(|e| panic!("old script: {e}"));
        db.execute_script(ROWS)
            .unwrap_or_else(|e| panic!("rows: {e}"));
        let before = rows(db.as_ref(), dialect);
        let expected = expected_rows.get_or_insert_with(|| before.clone());
        assert_eq!(&before, expected, "the same rows for every case");
        match db.execute_script(&format!("{session}{sql}")) {
            Ok(()) => failures.push(format!(
                "{name}: the migration ran over rows it does not fit:\n{sql}\nrows now: {:?}",
                rows(db.as_ref(), dialect)
            )),
            Err(_) => {
                let after = rows(db.as_ref(), dialect);
                if after != before {
                    failures.push(format!(
                        "{name}: the failed migration changed rows: {before:?} -> {after:?}\n{sql}"
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} case(s) failed on {dialect}:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn misfitting_rows_fail_the_migration_on_postgresql() {
    run(
        &|| Box::new(support::postgres()),
        DialectName::Postgresql,
        "",
    );
}

#[test]
fn misfitting_rows_fail_the_migration_on_mariadb_strict() {
    run(&|| Box::new(support::mariadb()), DialectName::Mysql, "");
}

#[test]
fn misfitting_rows_fail_the_migration_on_mariadb_in_a_lax_session() {
    run(
        &|| Box::new(support::mariadb()),
        DialectName::Mysql,
        "SET SESSION sql_mode = '';\n",
    );
}

#[test]
fn misfitting_rows_fail_the_migration_on_h2() {
    run(&|| Box::new(support::h2_shared()), DialectName::H2, "");
}
