//! The validator's MySQL index key rule (E038) agrees with the real engine: the longest key
//! it accepts runs on MariaDB (MySQL 8's strict mode), and one byte-step more it rejects is
//! what MariaDB refuses too (error 1071).

mod support;

use schemagen::dialect::DialectName;
use support::Database;

const PRODUCT: &str = "product: limits
dialects:
  mysql: {version: \"8.0\"}
modules:
  - file: m.yaml
";

fn module(length: u32) -> String {
    format!(
        "module: m
tables:
  - name: T
    columns:
      - {{name: CODE, type: varchar({length})}}
      - {{name: ID, type: integer}}
    indexes:
      - {{name: IDX_T_CODE, columns: [CODE, ID]}}
"
    )
}

fn load(length: u32) -> Result<schemagen::model::Model, schemagen::model::Diagnostics> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("product.yaml"), PRODUCT).unwrap();
    std::fs::write(dir.path().join("m.yaml"), module(length)).unwrap();
    schemagen::model::load(dir.path())
}

#[test]
fn mysql_index_key_limit_matches_mariadb() {
    // 767 characters x 4 bytes + 4 for the integer = 3072 bytes: the limit.
    let model = load(767).expect("a 3072-byte key is valid");
    let script = schemagen::emit::generate(&model, &[DialectName::Mysql])
        .unwrap()
        .remove(0)
        .contents;
    support::mariadb()
        .execute_script(&script)
        .expect("MariaDB takes a 3072-byte key");

    let diagnostics = load(768).expect_err("a 3076-byte key is refused");
    assert!(
        diagnostics.iter().any(|d| d.code == "E038"),
        "{diagnostics}"
    );
    // The same table written by hand, as the validator refused it, fails on the engine too.
    let refused = script.replace("VARCHAR(767)", "VARCHAR(768)");
    assert_ne!(refused, script);
    let error = support::mariadb()
        .execute_script(&refused)
        .expect_err("MariaDB refuses it too");
    assert!(
        error.contains("1071") || error.contains("too long"),
        "{error}"
    );
}

/// A product of one dialect and version with one module.
fn load_one(
    dialect: &str,
    version: &str,
    module: &str,
) -> Result<schemagen::model::Model, schemagen::model::Diagnostics> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("product.yaml"),
        format!("product: limits\ndialects:\n  {dialect}: {{version: \"{version}\"}}\nmodules:\n  - file: m.yaml\n"),
    )
    .unwrap();
    std::fs::write(dir.path().join("m.yaml"), module).unwrap();
    schemagen::model::load(dir.path())
}

fn script(model: &schemagen::model::Model, dialect: DialectName) -> String {
    schemagen::emit::generate(model, &[dialect])
        .unwrap()
        .remove(0)
        .contents
}

const TEXT_DEFAULT: &str = "module: m
tables:
  - name: T
    columns:
      - {name: ID, type: integer, nullable: false}
      - {name: BODY, type: text, default: 'it''s none'}
    primary_key: [ID]
";

/// E060: MySQL before 8.0.13 refuses any default on TEXT (ERROR 1101); from 8.0.13 the
/// dialect writes it as an expression, `DEFAULT ('...')`, which MariaDB (in MySQL 8's strict
/// sql_mode) takes too: an insert that leaves the column out gets the default, in a table the
/// CREATE script made and in one a migration gave the default.
#[test]
fn mysql_text_default_is_an_expression_from_8_0_13() {
    let diagnostics = load_one("mysql", "8.0", TEXT_DEFAULT).expect_err("8.0 refuses it");
    assert!(
        diagnostics.iter().any(|d| d.code == "E060"),
        "{diagnostics}"
    );
    let model = load_one("mysql", "8.0.13", TEXT_DEFAULT).expect("8.0.13 takes it");
    let create = script(&model, DialectName::Mysql);
    assert!(
        create.contains("LONGTEXT DEFAULT ('it''s none')"),
        "{create}"
    );
    let db = support::mariadb();
    db.execute_script(&create)
        .expect("MariaDB takes DEFAULT ('...')");
    db.execute_script("INSERT INTO T (ID) VALUES (1);").unwrap();
    let rows = db.try_query("SELECT BODY FROM T").unwrap();
    assert_eq!(rows, [[Some("it's none".to_string())]]);

    // A migration that adds the default to an existing TEXT column.
    let old = load_one(
        "mysql",
        "8.0.13",
        &TEXT_DEFAULT.replace(", default: 'it''s none'", ""),
    )
    .unwrap();
    let files = schemagen::diff::diff_models(&old, &model, &[DialectName::Mysql]);
    let mut migration = String::new();
    for file in files.iter().filter(|f| f.output == "mysql") {
        for s in &file.statements {
            migration.push_str(&s.statement.sql);
            migration.push_str(&s.terminator(DialectName::Mysql, &file.target));
            migration.push('\n');
        }
    }
    assert!(migration.contains("DEFAULT ('it''s none')"), "{migration}");
    let db = support::mariadb();
    db.execute_script(&script(&old, DialectName::Mysql))
        .unwrap();
    db.execute_script(&migration)
        .unwrap_or_else(|e| panic!("{e}\n{migration}"));
    db.execute_script("INSERT INTO T (ID) VALUES (2);").unwrap();
    let rows = db.try_query("SELECT BODY FROM T").unwrap();
    assert_eq!(rows, [[Some("it's none".to_string())]]);
}
