//! The validator's MySQL index key rule (E038) agrees with the real engine: the longest key
//! it accepts runs on MariaDB (MySQL 8's strict mode), and one byte-step more it rejects is
//! what MariaDB refuses too (error 1071). E060 (a TEXT default on MySQL) and E062 (a value's
//! length as each engine counts it) against MariaDB, PostgreSQL and H2 likewise.

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

/// One character outside the BMP: two UTF-16 code units, one character, four UTF-8 bytes.
const EMOJI: &str = "\u{1F600}";
/// One character of the BMP that is three UTF-8 bytes: one UTF-16 code unit.
const EURO: &str = "\u{20AC}";

/// A table of a `varchar(n)` column whose default and seed-row value are `value`.
fn one_value(table: &str, n: u32, value: &str) -> String {
    format!(
        "  - name: {table}
    columns:
      - {{name: ID, type: integer, nullable: false}}
      - {{name: V, type: varchar({n}), default: '{value}'}}
    primary_key: [ID]
    rows:
      - {{ID: 1, V: '{value}'}}
"
    )
}

/// E062 agrees with H2 (which counts UTF-16 code units) and PostgreSQL (which counts
/// characters). Validation refuses an emoji as the default and the seed value of a
/// varchar(1) for h2, at both places, and takes it for postgresql, where the script runs and
/// the emoji reads back; it takes '€' (one unit, three bytes) in varchar(1) and the emoji in
/// varchar(2) for h2. On H2 itself, in one JVM: the script with those seeds runs, both read
/// back, and then inserting the emoji into the varchar(1) fails with "value too long".
#[test]
fn h2_counts_utf16_code_units_as_e062_does() {
    let refused = format!("module: m\ntables:\n{}", one_value("T", 1, EMOJI));
    let diagnostics = load_one("h2", "2.1", &refused).expect_err("h2 refuses it");
    let e062: Vec<_> = diagnostics.iter().filter(|d| d.code == "E062").collect();
    assert_eq!(e062.len(), 2, "{diagnostics}");
    assert_eq!(diagnostics.len(), 2, "{diagnostics}");
    for (d, what, line) in [
        (e062[0], "the default", 6),
        (e062[1], "a seed-row value", 9),
    ] {
        assert_eq!(d.pos.line, line, "{d}");
        assert!(
            d.message.contains(&format!(
                "{what} '{EMOJI}' of `T.V` is 2 UTF-16 code units long in h2"
            )) && d.message.contains("varchar(1) holds at most 1"),
            "{d}"
        );
    }

    let pg = load_one("postgresql", "15", &refused).unwrap_or_else(|d| panic!("{d}"));
    let db = support::postgres();
    db.execute_script(&script(&pg, DialectName::Postgresql))
        .expect("PostgreSQL stores the emoji in varchar(1)");
    db.execute_script("INSERT INTO T (ID) VALUES (2);").unwrap();
    let rows = db.try_query("SELECT V FROM T ORDER BY ID").unwrap();
    assert_eq!(rows, [[Some(EMOJI.to_string())], [Some(EMOJI.to_string())]]);

    let taken = format!(
        "module: m\ntables:\n{}{}",
        one_value("T", 1, EURO),
        one_value("T2", 2, EMOJI)
    );
    let h2 = load_one("h2", "2.1", &taken).unwrap_or_else(|d| panic!("{d}"));
    let db = support::h2();
    let out = tempfile::tempdir().unwrap();
    let csv = out.path().join("rows.csv");
    let mut sql = script(&h2, DialectName::H2);
    sql.push_str("INSERT INTO T (ID) VALUES (2);\nINSERT INTO T2 (ID) VALUES (2);\n");
    sql.push_str(&format!(
        "CALL CSVWRITE('{}', 'SELECT V FROM T UNION ALL SELECT V FROM T2', 'charset=UTF-8 writeColumnHeader=false');\n",
        csv.display()
    ));
    sql.push_str(&format!("INSERT INTO T (ID, V) VALUES (3, '{EMOJI}');\n"));
    let error = db
        .execute_script(&sql)
        .expect_err("H2 refuses the emoji in varchar(1)");
    // H2 2.1: Value too long for column "V CHARACTER VARYING(1)": "U&'\+01f600' (2)";
    // SQL statement: INSERT INTO T (ID, V) VALUES (3, '😀') [22001-214]
    assert!(
        error.contains("22001")
            && error.contains("Value too long")
            && error.contains("' (2)\"")
            && error.contains("(3, "),
        "{error}"
    );
    let rows = support::engine::parse_csv(&std::fs::read_to_string(&csv).unwrap());
    let mut values: Vec<_> = rows.into_iter().flatten().flatten().collect();
    values.sort();
    let mut expected = [EURO, EURO, EMOJI, EMOJI].map(String::from).to_vec();
    expected.sort();
    assert_eq!(values, expected);
}
