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
