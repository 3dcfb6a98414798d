//! Migrations on real engines, sqldef style: for every case in tests/migrations/<case>/
//! (old.yaml → new.yaml, one module), on PostgreSQL, MariaDB (strict) and H2:
//!
//! 1. run OLD's generated script, then the migration `schemagen diff` writes: catalog A;
//! 2. run NEW's generated script on a fresh database: catalog B;
//! 3. A must equal B (tables, columns in order, types, nullability, defaults, keys, indexes,
//!    foreign keys; engine-invented names of unnamed constraints aside) and every table must
//!    hold the same rows;
//! 4. the diff of NEW against itself is empty, and the case's `destructive:` flag matches.
//!
//! A case may say `rows_differ: <reason>` where a fresh NEW legitimately holds other row
//! values (a changed default reaches only rows inserted after it).

mod support;

use support::fixtures::migration_cases as cases;

use std::fs;
use std::path::Path;

use schemagen::dialect::DialectName;
use schemagen::diff;
use schemagen::model::Model;
use support::Database;
use support::compare::differences;

const PRODUCT: &str = "product: migrations
check_allowed_values: true
dialects:
  postgresql: {version: \"12\"}
  mysql: {version: \"8.0\"}
  h2: {version: \"2.1\"}
modules:
  - file: m.yaml
";

fn model(case: &Path, version: &str) -> (tempfile::TempDir, Model) {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("product.yaml"), PRODUCT).unwrap();
    fs::copy(
        case.join(format!("{version}.yaml")),
        dir.path().join("m.yaml"),
    )
    .unwrap();
    let model =
        schemagen::model::load(dir.path()).unwrap_or_else(|d| panic!("{}: {d}", case.display()));
    (dir, model)
}

fn script(model: &Model, dialect: DialectName) -> String {
    schemagen::emit::generate(model, &[dialect])
        .unwrap()
        .remove(0)
        .contents
}

fn migration(old: &Model, new: &Model, dialect: DialectName) -> (String, bool) {
    let files = diff::diff_models(old, new, &[dialect]);
    let mut sql = String::new();
    let mut destructive = false;
    for file in files.iter().filter(|f| f.output == dialect.as_str()) {
        let target = &file.target;
        destructive |= file.changes.iter().any(|c| c.destructive().is_some());
        for s in &file.statements {
            assert!(
                !s.manual,
                "no case needs a manual step: {}",
                s.statement.sql
            );
            sql.push_str(&s.statement.sql);
            sql.push_str(&s.terminator(dialect, target));
            sql.push('\n');
        }
    }
    (sql, destructive)
}

fn rows(
    db: &dyn Database,
    dialect: DialectName,
    model: &Model,
) -> Vec<(String, Vec<Vec<Option<String>>>)> {
    let q = |n: &str| {
        dialect
            .implementation()
            .quote_identifier(&if dialect == DialectName::Postgresql {
                n.to_ascii_lowercase()
            } else {
                n.to_string()
            })
    };
    model.modules[0]
        .tables
        .iter()
        .map(|t| {
            let columns: Vec<String> = t.columns.iter().map(|c| q(&c.name.name)).collect();
            let sql = format!(
                "SELECT {} FROM {} ORDER BY {}",
                columns.join(", "),
                q(&t.name.name),
                columns[0]
            );
            (
                t.name.name.clone(),
                db.try_query(&sql).unwrap_or_else(|e| panic!("{sql}: {e}")),
            )
        })
        .collect()
}

fn run(new_database: &dyn Fn() -> Box<dyn Database>, dialect: DialectName) {
    let mut failures = Vec::new();
    for case in cases() {
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        let (_o, old) = model(&case, "old");
        let (_n, new) = model(&case, "new");
        let expected_destructive = fs::read_to_string(case.join("case.yaml"))
            .unwrap()
            .contains("destructive: true");
        let (sql, destructive) = migration(&old, &new, dialect);
        if destructive != expected_destructive {
            failures.push(format!(
                "{name}: destructive is {destructive}, the case says {expected_destructive}"
            ));
        }
        assert!(
            diff::diff_models(&new, &new, &[dialect])
                .iter()
                .all(|f| f.changes.is_empty()),
            "{name}: NEW against itself"
        );

        let migrated = new_database();
        migrated
            .execute_script(&script(&old, dialect))
            .unwrap_or_else(|e| panic!("{name}: old script: {e}"));
        if let Err(e) = migrated.execute_script(&sql) {
            failures.push(format!(
                "{name}: the migration failed on {}: {e}\n{sql}",
                migrated.name()
            ));
            continue;
        }
        let fresh = new_database();
        fresh
            .execute_script(&script(&new, dialect))
            .unwrap_or_else(|e| panic!("{name}: new script: {e}"));
        let named = |_: &str, fk: &str| fk.starts_with("FK_") || fk.starts_with("fk_");
        let found = differences(&fresh.catalog(), &migrated.catalog(), &named);
        if !found.is_empty() {
            failures.push(format!(
                "{name}: migrated catalog differs from a fresh NEW:\n{}\n{sql}",
                found
                    .iter()
                    .map(|d| format!("  {d}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            ));
        }
        let case_yaml = fs::read_to_string(case.join("case.yaml")).unwrap();
        let rows_may_differ = case_yaml.contains("rows_differ:");
        // A case's probe (one portable statement) runs on both databases before their rows
        // are compared: what the next INSERT gets shows the state the catalog does not (an
        // identity's next value).
        if let Some(probe) = case_yaml
            .lines()
            .find_map(|l| l.strip_prefix("probe: "))
            .map(|p| p.trim_matches('"'))
        {
            for db in [&migrated, &fresh] {
                db.execute_script(&format!("{probe};"))
                    .unwrap_or_else(|e| panic!("{name}: probe on {}: {e}", db.name()));
            }
        }
        if !rows_may_differ
            && rows(migrated.as_ref(), dialect, &new) != rows(fresh.as_ref(), dialect, &new)
        {
            failures.push(format!("{name}: rows differ after the migration\n{sql}"));
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
fn migrations_on_postgresql() {
    run(&|| Box::new(support::postgres()), DialectName::Postgresql);
}

#[test]
fn migrations_on_mariadb_strict() {
    run(&|| Box::new(support::mariadb()), DialectName::Mysql);
}

#[test]
fn migrations_on_h2() {
    run(&|| Box::new(support::h2()), DialectName::H2);
}
