//! `schemagen import sql` without engines: every generated script of the three products, in
//! each of the five dialects sqlparser reads, imports to a model that validates, generates the
//! same statements again, and equals the original model in everything SQL carries (what it
//! cannot carry is listed); the scripts of one module in several dialects merge with a report
//! of exactly the disagreements edited into them; bad scripts write nothing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use schemagen::dialect::DialectName;
use schemagen::import::{SqlInput, import_sql};
use schemagen::model::{Model, Table};

const PRODUCTS: [&str; 3] = ["wso2", "comanage", "jans"];
const PARSED: [DialectName; 5] = [
    DialectName::Postgresql,
    DialectName::Mysql,
    DialectName::H2,
    DialectName::Oracle,
    DialectName::Mssql,
];

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_schemagen"))
}

/// The product's generated script of each module for `dialect`, written under `dir`:
/// (module name, path).
fn generated_scripts(model: &Model, dialect: DialectName, dir: &Path) -> Vec<(String, PathBuf)> {
    let files = schemagen::emit::generate(model, &[dialect]).unwrap();
    model
        .modules
        .iter()
        .map(|module| {
            let rel = model.product.output_path(module, dialect.as_str());
            let file = files.iter().find(|f| f.path == rel).unwrap();
            let path = dir.join(&rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &file.contents).unwrap();
            (module.name.clone(), path)
        })
        .collect()
}

/// Imports `scripts` and writes the model into `out`; panics on an error.
fn import_into(product: &str, inputs: &[SqlInput], out: &Path) -> schemagen::import::Imported {
    let imported = import_sql(inputs, product).unwrap_or_else(|d| panic!("{}", d.render()));
    for (path, text) in &imported.files {
        std::fs::write(out.join(path), text).unwrap();
    }
    imported
}

/// The statements of a script, its `--` comment lines (the header names the model) left out.
fn statements(sql: &str) -> Vec<&str> {
    sql.lines().filter(|l| !l.starts_with("--")).collect()
}

#[test]
fn every_generated_script_imports_and_generates_the_same_statements() {
    for product in PRODUCTS {
        let original = schemagen::model::load(&repo().join("model").join(product)).unwrap();
        for dialect in PARSED {
            let scripts_dir = tempfile::tempdir().unwrap();
            let scripts = generated_scripts(&original, dialect, scripts_dir.path());
            let inputs: Vec<SqlInput> = scripts
                .iter()
                .map(|(module, path)| SqlInput {
                    dialect,
                    path: path.clone(),
                    module: Some(module.clone()),
                })
                .collect();
            let model_dir = tempfile::tempdir().unwrap();
            let imported = import_into(product, &inputs, model_dir.path());
            assert!(imported.disagreements.is_empty(), "{product} {dialect}");
            let model = schemagen::model::load(model_dir.path()).unwrap_or_else(|d| {
                panic!(
                    "{product} {dialect}: imported model invalid:\n{}",
                    d.render()
                )
            });
            let regenerated = schemagen::emit::generate(&model, &[dialect]).unwrap();
            for ((module, path), again) in scripts.iter().zip(&model.modules) {
                let before = std::fs::read_to_string(path).unwrap();
                let rel = model.product.output_path(again, dialect.as_str());
                let after = &regenerated.iter().find(|f| f.path == rel).unwrap().contents;
                assert_eq!(
                    statements(&before),
                    statements(after),
                    "{product} {dialect} module {module}"
                );
            }
            compare_models(product, dialect, &original, &model);
        }
    }
}

/// The imported model against the original, as `dialect` sees both: equal in everything SQL
/// carries. What SQL cannot carry is counted and must be one of the kinds listed.
fn compare_models(product: &str, dialect: DialectName, original: &Model, imported: &Model) {
    let target = &original.product.targets[&dialect].outputs(dialect)[0].1;
    let sql_type = |model: &Model, c: &schemagen::model::Column| {
        dialect
            .implementation()
            .column_type(&c.for_dialect(&model.product, dialect).column_type, target)
    };
    let mut not_carried: BTreeMap<&str, usize> = BTreeMap::new();
    for (module, again) in original.modules.iter().zip(&imported.modules) {
        let tables: Vec<&Table> = module
            .tables
            .iter()
            .filter(|t| t.exists_in(dialect))
            .collect();
        assert_eq!(
            tables.len(),
            again.tables.len(),
            "{product} {dialect} {}",
            module.name
        );
        for t in &tables {
            // The generator writes tables in dependency order, not the model's.
            let u = again
                .tables
                .iter()
                .find(|u| u.name.name.eq_ignore_ascii_case(&t.name.name))
                .unwrap_or_else(|| panic!("{product} {dialect}: {} not imported", t.name.name));
            let at = format!("{product} {dialect} {}", t.name.name);
            assert_eq!(
                t.name.name.to_lowercase(),
                u.name.name.to_lowercase(),
                "{at}"
            );
            assert_eq!(t.description, u.description, "{at}");
            assert_eq!(t.columns.len(), u.columns.len(), "{at}");
            for (c, d) in t.columns.iter().zip(&u.columns) {
                let at = format!("{at}.{}", c.name.name);
                let (c_in, d_in) = (
                    c.for_dialect(&original.product, dialect),
                    d.for_dialect(&imported.product, dialect),
                );
                assert_eq!(sql_type(original, c), sql_type(imported, d), "{at}");
                assert_eq!(c_in.nullable, d_in.nullable, "{at}");
                assert_eq!(c.auto_increment, d.auto_increment, "{at}");
                assert_eq!(c.description, d.description, "{at}");
                if c.portable_type != d.portable_type && d.overrides.is_empty() {
                    // Two portable types this dialect writes alike (Oracle's CLOB for text and
                    // json before 21c): the script cannot tell them apart.
                    *not_carried
                        .entry("portable type written alike")
                        .or_default() += 1;
                }
                if c.sensitive {
                    *not_carried.entry("sensitive").or_default() += 1;
                }
                if c.allowed_values.is_some() && d.allowed_values.is_none() {
                    assert!(!original.product.check_allowed_values, "{at}");
                    *not_carried
                        .entry("allowed_values without CHECK")
                        .or_default() += 1;
                }
            }
            let key = |k: &Option<schemagen::model::PrimaryKey>| {
                k.as_ref().map(|k| {
                    k.columns
                        .iter()
                        .map(|c| c.name.to_lowercase())
                        .collect::<Vec<_>>()
                })
            };
            assert_eq!(key(&t.primary_key), key(&u.primary_key), "{at}");
            assert_eq!(t.uniques.len(), u.uniques.len(), "{at}");
            let indexes: Vec<_> = t.indexes.iter().filter(|i| i.exists_in(dialect)).collect();
            assert_eq!(indexes.len(), u.indexes.len(), "{at}");
            for (i, j) in indexes.iter().zip(&u.indexes) {
                assert_eq!(
                    i.name.name.to_lowercase(),
                    j.name.name.to_lowercase(),
                    "{at}"
                );
                assert_eq!(i.unique, j.unique, "{at}");
            }
            assert_eq!(t.foreign_keys.len(), u.foreign_keys.len(), "{at}");
            for (f, g) in t.foreign_keys.iter().zip(&u.foreign_keys) {
                assert_eq!(f.on_delete, g.on_delete, "{at}");
                assert_eq!(
                    f.ref_table.name.to_lowercase(),
                    g.ref_table.name.to_lowercase(),
                    "{at}"
                );
            }
            assert_eq!(t.rows.len(), u.rows.len(), "{at}");
        }
    }
    let allowed = [
        "sensitive",
        "allowed_values without CHECK",
        "portable type written alike",
    ];
    for kind in not_carried.keys() {
        assert!(allowed.contains(kind), "{kind}");
    }
    eprintln!("{product} {dialect}: not carried by SQL: {not_carried:?}");
}

/// The WSO2 identity module's scripts of five dialects, with five disagreements edited in:
/// the report lists exactly those, beyond what the unedited scripts already differ in.
#[test]
fn merged_dialects_report_exactly_the_disagreements_edited_in() {
    let original = schemagen::model::load(&repo().join("model/wso2")).unwrap();
    let module = "identity";
    let run = |edit: bool| {
        let dir = tempfile::tempdir().unwrap();
        let mut inputs = Vec::new();
        for dialect in PARSED {
            let scripts = generated_scripts(&original, dialect, dir.path());
            let (_, path) = scripts.iter().find(|(m, _)| m == module).unwrap();
            if edit {
                let text = std::fs::read_to_string(path).unwrap();
                let text = match dialect {
                    // A length.
                    DialectName::Mysql => text.replacen(
                        "CONSUMER_SECRET VARCHAR(512)",
                        "CONSUMER_SECRET VARCHAR(1024)",
                        1,
                    ),
                    // Nullability.
                    DialectName::Postgresql => text
                        .replacen("USERNAME        VARCHAR(255),", "USERNAME        VARCHAR(255) NOT NULL,", 1)
,
                    // A table missing, and a unique key missing.
                    DialectName::H2 => drop_table(&text, "IDN_OPENID_REMEMBER_ME").replacen(
                        "    PRIMARY KEY (ID),\n    CONSTRAINT IDN_ASSOCIATED_ID_IDP_USER_ID_TENANT_ID_IDP_ID_UK UNIQUE (IDP_USER_ID, TENANT_ID, IDP_ID)\n",
                        "    PRIMARY KEY (ID)\n",
                        1,
                    ),
                    // A type.
                    DialectName::Mssql => text.replacen("    TENANT_ID       INT           DEFAULT 0,", "    TENANT_ID       BIGINT        DEFAULT 0,", 1),
                    // An ON DELETE action (the first table's foreign key, IDN_OAUTH1A_REQUEST_TOKEN).
                    DialectName::Oracle => text.replacen(
                        "REFERENCES IDN_OAUTH_CONSUMER_APPS (CONSUMER_KEY) ON DELETE CASCADE\n",
                        "REFERENCES IDN_OAUTH_CONSUMER_APPS (CONSUMER_KEY)\n",
                        1,
                    ),
                    // Not parsed (PARSED has neither).
                    DialectName::Db2 | DialectName::Informix => text,
                };
                std::fs::write(path, text).unwrap();
            }
            inputs.push(SqlInput {
                dialect,
                path: path.clone(),
                module: None,
            });
        }
        let out = tempfile::tempdir().unwrap();
        let imported = import_into("wso2", &inputs, out.path());
        schemagen::model::load(out.path())
            .unwrap_or_else(|d| panic!("merged model invalid:\n{}", d.render()));
        let modules = std::fs::read_to_string(out.path().join("identity.yaml")).unwrap();
        (
            imported
                .disagreements
                .iter()
                .map(|d| {
                    // Without the scratch directory, which differs between the two runs.
                    d.to_string().replace(&dir.path().display().to_string(), "")
                })
                .collect::<Vec<_>>(),
            modules,
        )
    };
    let (baseline, _) = run(false);
    let (edited, module_yaml) = run(true);
    for d in &baseline {
        assert!(edited.contains(d), "{d} vanished");
    }
    let added: Vec<&String> = edited.iter().filter(|d| !baseline.contains(d)).collect();
    let kinds: Vec<String> = added
        .iter()
        .map(|d| d.splitn(4, ": ").take(3).collect::<Vec<_>>().join(": "))
        .collect();
    assert_eq!(
        kinds,
        [
            "identity: IDN_ASSOCIATED_ID: unique key",
            "identity: IDN_OAUTH1A_REQUEST_TOKEN: on delete",
            "identity: IDN_OAUTH_CONSUMER_APPS.CONSUMER_SECRET: length",
            "identity: IDN_OAUTH_CONSUMER_APPS.TENANT_ID: type",
            "identity: IDN_OAUTH_CONSUMER_APPS.USERNAME: nullability",
            "identity: IDN_OPENID_REMEMBER_ME: table missing",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect::<Vec<_>>(),
        "{added:#?}"
    );
    assert!(
        added.iter().any(|d| d.ends_with(
            "foreign key (CONSUMER_KEY): /identity/oracle.sql declares no-action, the others cascade"
        )),
        "{added:#?}"
    );
    // The dialect that differs gets an override whose reason names its file.
    assert!(
        module_yaml.contains("mysql: {type: varchar(1024), reason: "),
        "{module_yaml}"
    );
    assert!(module_yaml.contains("only_dialects: [mssql, mysql, oracle, postgresql]"));
}

/// `text` without the CREATE TABLE of `table` and the statements after it that name it.
fn drop_table(text: &str, table: &str) -> String {
    text.split_inclusive(";\n")
        .filter(|statement| {
            !statement.contains(&format!(" {table} "))
                && !statement.contains(&format!(" {table}."))
                && !statement.contains(&format!(" {table}\n"))
        })
        .collect()
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_syntax_error_names_its_place_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let script = write(
        dir.path(),
        "bad.sql",
        "CREATE TABLE A (ID INTEGER NOT NULL, PRIMARY KEY (ID));\nCREATE TABLE B (ID INTEGER NOT NULL,, X INTEGER);\n",
    );
    let out = dir.path().join("model");
    let run = bin()
        .args(["import", "sql", "--dialect", "postgresql"])
        .arg(&script)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("error[E080]: syntax error"), "{stderr}");
    assert!(stderr.contains("bad.sql:2:"), "{stderr}");
    assert!(stderr.contains("nothing written"), "{stderr}");
    assert!(!out.exists());
}

#[test]
fn an_unknown_type_names_its_place_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let script = write(
        dir.path(),
        "bad.sql",
        "CREATE TABLE A (\n    ID INTEGER NOT NULL,\n    ADDR FANCYTYPE(3),\n    PRIMARY KEY (ID)\n);\n",
    );
    let out = dir.path().join("model");
    let run = bin()
        .args(["import", "sql", "--dialect", "mysql"])
        .arg(&script)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error[E081]: column `ADDR`: unknown type `FANCYTYPE(3)`"),
        "{stderr}"
    );
    assert!(stderr.contains("bad.sql:3:5"), "{stderr}");
    assert!(!out.exists());
}

/// Hand-written forms: SERIAL, AUTO_INCREMENT, a sequence with a filling trigger, DEFAULT
/// NEXTVAL, inline REFERENCES, ALTER TABLE ADD CONSTRAINT, a multi-row INSERT, a type with no
/// portable form (an override and a warning), a view (a warning).
#[test]
fn hand_written_forms_import_through_the_command() {
    let dir = tempfile::tempdir().unwrap();
    let pg = write(
        dir.path(),
        "shop.sql",
        "CREATE SEQUENCE ORDER_SEQ;\n\
         CREATE TABLE CUSTOMER (ID SERIAL PRIMARY KEY, EMAIL VARCHAR(200) NOT NULL UNIQUE, SEEN TIME);\n\
         CREATE TABLE ORDERS (ID INTEGER DEFAULT NEXTVAL('ORDER_SEQ') NOT NULL, CUSTOMER_ID INTEGER REFERENCES CUSTOMER (ID) ON DELETE CASCADE, STATUS CHAR(1) DEFAULT 'N' CHECK (STATUS IN ('N', 'P')), CONSTRAINT PK_ORDERS PRIMARY KEY (ID));\n\
         ALTER TABLE ORDERS ADD CONSTRAINT UK_ORDERS UNIQUE (CUSTOMER_ID, STATUS);\n\
         CREATE INDEX ORDERS_BY_STATUS ON ORDERS (STATUS);\n\
         COMMENT ON TABLE ORDERS IS 'One row per order: it''s placed once.';\n\
         INSERT INTO CUSTOMER (EMAIL) VALUES ('a@example.org'), ('b@example.org');\n\
         CREATE VIEW OPEN_ORDERS AS SELECT * FROM ORDERS WHERE STATUS = 'N';\n",
    );
    let ora = write(
        dir.path(),
        "legacy.sql",
        "CREATE TABLE ITEM (ITEM_ID NUMBER(10) NOT NULL, LABEL VARCHAR2(64), PRIMARY KEY (ITEM_ID))\n/\n\
         CREATE SEQUENCE ITEM_SEQ START WITH 1 INCREMENT BY 1 NOCACHE\n/\n\
         CREATE OR REPLACE TRIGGER ITEM_TRIGGER BEFORE INSERT ON ITEM REFERENCING NEW AS NEW FOR EACH ROW\n\
         BEGIN\n    SELECT ITEM_SEQ.nextval INTO :NEW.ITEM_ID FROM dual;\nEND;\n/\n",
    );
    let my = write(
        dir.path(),
        "audit.sql",
        "CREATE TABLE AUDIT_LOG (ID BIGINT NOT NULL AUTO_INCREMENT, AT DATETIME, NOTE TEXT, PRIMARY KEY (ID), KEY AUDIT_AT (AT)) ENGINE=InnoDB COMMENT='Audit trail';\n",
    );
    let out = dir.path().join("model");
    let run = bin()
        .args(["import", "sql", "--dialect", "postgresql"])
        .arg(&pg)
        .args(["--dialect", "oracle"])
        .arg(&ora)
        .args(["--dialect", "mysql"])
        .arg(&my)
        .arg("--out")
        .arg(&out)
        .args(["--product", "shop"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("shop.sql:8:1: warning: statement not read: `CREATE VIEW OPEN_ORDERS"),
        "{stderr}"
    );
    assert!(
        stderr.contains("shop.sql:2:") && stderr.contains("`TIME` has no portable type"),
        "{stderr}"
    );
    let shop = std::fs::read_to_string(out.join("shop.yaml")).unwrap();
    let legacy = std::fs::read_to_string(out.join("legacy.yaml")).unwrap();
    let audit = std::fs::read_to_string(out.join("audit.yaml")).unwrap();
    for line in [
        "# yaml-language-server: $schema=module.schema.json",
        "- {name: ID, type: integer, nullable: false, auto_increment: true}",
        "- {name: EMAIL, type: varchar(200), nullable: false}",
        "- {name: STATUS, type: char(1), default: 'N', allowed_values: ['N', P]}",
        "description: 'One row per order: it''s placed once.'",
        "- {columns: [CUSTOMER_ID, STATUS], name: UK_ORDERS}",
        "- {columns: [CUSTOMER_ID], references: CUSTOMER, ref_columns: [ID], on_delete: cascade}",
        "- {EMAIL: a@example.org}",
        "primary_key_name: PK_ORDERS",
    ] {
        assert!(shop.contains(line), "{line} not in:\n{shop}");
    }
    assert!(shop.contains("native_type: TIME"), "{shop}");
    assert!(
        // NUMBER(10) reads as integer and keeps its text; the trigger makes it auto-increment.
        legacy.contains("auto_increment: true") && legacy.contains("native_type: NUMBER(10)"),
        "{legacy}"
    );
    assert!(
        legacy.contains("- {name: LABEL, type: varchar(64)}"),
        "{legacy}"
    );
    assert!(
        audit.contains("- {name: ID, type: bigint, nullable: false, auto_increment: true}"),
        "{audit}"
    );
    assert!(audit.contains("description: Audit trail"), "{audit}");
    assert!(
        audit.contains("- {name: AUDIT_AT, columns: [AT]}"),
        "{audit}"
    );
    let validate = bin().arg("validate").arg(&out).output().unwrap();
    assert!(
        validate.status.success(),
        "{}",
        String::from_utf8_lossy(&validate.stderr)
    );
}

#[test]
fn init_writes_a_product_that_validates() {
    let dir = tempfile::tempdir().unwrap();
    let product = dir.path().join("billing");
    let run = bin()
        .arg("init")
        .arg(&product)
        .args(["--product", "billing"])
        .args([
            "--dialect",
            "postgresql",
            "--dialect",
            "mysql",
            "--dialect",
            "oracle",
            "--dialect",
            "db2",
        ])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let validate = bin().arg("validate").arg(&product).output().unwrap();
    assert!(
        validate.status.success(),
        "{}",
        String::from_utf8_lossy(&validate.stderr)
    );
    let generate = bin()
        .arg("generate")
        .arg(&product)
        .arg("--out")
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    assert!(
        generate.status.success(),
        "{}",
        String::from_utf8_lossy(&generate.stderr)
    );
    // A second init refuses to overwrite.
    let again = bin()
        .arg("init")
        .arg(&product)
        .args(["--product", "billing", "--dialect", "h2"])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(1));
}
