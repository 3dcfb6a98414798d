//! SQL Server (mssql) output, with no engine here. Five layers of evidence:
//! 1. snapshots of the generated files (features model, WSO2 kernel), reviewed against the
//!    SQL Server documentation (`snapshots/dialect_mssql/`);
//! 2. sqlfluff's `tsql` dialect parses every generated file;
//! 3. what the kernel file declares equals what WSO2's own mssql.sql declares
//!    (`tests/reference/wso2/is5.0-match/kernel/mssql.json`) except for the deviations listed,
//!    with reasons, in `model/wso2/deviations/mssql.yaml`;
//! 4. validation extends to mssql (identifier length, reserved words, VARCHAR limit);
//! 5. each rule that no parser checks here, one by one.

mod support;

use support::fixtures::{file, load};

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use schemagen::dialect::{AutoIncrement, Dialect, DialectName, StatementKind, Target};
use schemagen::model::{Model, ReferentialAction, Version};
use sea_query::{ColumnType, Expr, Keyword, StringLen, Value};
use support::compare::{assert_only_declared_differences, differences, load_deviations};
use support::declared::declared_catalog;
use support::sqlfluff::{Unjudgeable, assert_parses, unparsable_sections};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A copy of a product directory targeting mssql with `entry`.
fn with_mssql(product_dir: &Path, entry: &str) -> tempfile::TempDir {
    support::fixtures::product_with_dialect(product_dir, "mssql", entry)
}

fn wso2_model_dir() -> PathBuf {
    repo().join("model/wso2")
}

/// The features model as SQL Server can take it: a copy whose self-reference FK_USER_PARENT is
/// ON DELETE no-action, since SQL Server refuses its SET NULL, a cascade back to its own
/// table (error 1785, rule E071; see `features_self_reference_with_set_null_is_refused`).
fn features_model_dir() -> PathBuf {
    static COPY: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    let copy = COPY.get_or_init(|| {
        let copy = tempfile::tempdir().unwrap();
        for entry in fs::read_dir(features_original_dir()).unwrap() {
            let path = entry.unwrap().path();
            let text = fs::read_to_string(&path).unwrap();
            let line = "{name: FK_USER_PARENT, columns: [parentId], references: user, ref_columns: [ID], on_delete: set-null}";
            let text = if text.contains(line) {
                text.replace(line, &line.replace("set-null", "no-action"))
            } else {
                text
            };
            fs::write(copy.path().join(path.file_name().unwrap()), text).unwrap();
        }
        copy
    });
    copy.path().to_path_buf()
}

fn features_original_dir() -> PathBuf {
    repo().join("tests/models/features")
}

fn mssql() -> &'static dyn Dialect {
    DialectName::Mssql.implementation()
}

fn target(version: &str) -> Target {
    Target {
        version: Version::parse(version).unwrap(),
        settings: BTreeMap::new(),
    }
}

/// A one-module product (`m.yaml`) that targets only mssql, written to a temp dir.
fn inline_model(identifiers: &str, mssql: &str, module: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("product.yaml"),
        format!(
            "product: t\nidentifiers: {identifiers}\ndialects:\n  mssql: {mssql}\nmodules:\n  - file: m.yaml\n"
        ),
    )
    .unwrap();
    fs::write(dir.path().join("m.yaml"), module).unwrap();
    dir
}

/// The mssql file of an inline model that must be valid.
fn inline_sql(identifiers: &str, mssql: &str, module: &str) -> String {
    let dir = inline_model(identifiers, mssql, module);
    let model = load(dir.path());
    let files = schemagen::emit::generate(&model, &[DialectName::Mssql]).unwrap();
    assert_eq!(files.len(), 1);
    files.into_iter().next().unwrap().contents
}

/// The diagnostics of an inline model that must be invalid, as (code, message).
fn inline_errors(identifiers: &str, mssql: &str, module: &str) -> Vec<(String, String)> {
    let dir = inline_model(identifiers, mssql, module);
    match schemagen::model::load(dir.path()) {
        Ok(_) => panic!("the model was accepted:\n{module}"),
        Err(d) => d
            .iter()
            .map(|d| (d.code.to_string(), d.message.clone()))
            .collect(),
    }
}

/// The statements of a generated file (header comments and blank lines dropped), each with
/// what follows its `;` up to the next statement.
fn statements(sql: &str) -> Vec<String> {
    let body: String = sql
        .lines()
        .filter(|l| !l.starts_with("--") && !l.is_empty())
        .map(|l| format!("{l}\n"))
        .collect();
    let mut out = Vec::new();
    let mut current = String::new();
    for line in body.lines() {
        current.push_str(line);
        current.push('\n');
        if line.ends_with(';') || line == "GO" {
            out.push(std::mem::take(&mut current));
        }
    }
    assert!(
        current.is_empty(),
        "text after the last statement: {current}"
    );
    out
}

// --- 1. snapshots -----------------------------------------------------------------------------

fn snapshot(name: &str, text: &str) {
    insta::with_settings!({snapshot_path => "../snapshots/dialect_mssql", prepend_module_to_snapshot => false, omit_expression => true}, {
        insta::assert_snapshot!(name, text);
    });
}

/// The features model (every feature of the format) with mssql added at SQL Server 2016.
#[test]
fn features_file() {
    let files = generate(&features_model_dir(), r#"{version: "2016"}"#);
    snapshot("features", file(&files, "mssql.sql"));
}

/// WSO2's kernel module with mssql added at SQL Server 2016, no batch separator (WSO2 runs
/// its scripts through JDBC, statement by statement).
#[test]
fn wso2_kernel_file() {
    let files = generate(&wso2_model_dir(), r#"{version: "2016"}"#);
    snapshot("wso2_kernel", file(&files, "mssql.sql"));
}

// --- 2. sqlfluff tsql -------------------------------------------------------------------------

/// Statement kinds sqlfluff's `tsql` dialect (4.5.0) cannot judge in our output. None today:
/// the guards (`IF NOT EXISTS (SELECT ...)`), `EXEC sys.sp_addextendedproperty` with named
/// parameters, bracket-quoted names and `GO` lines all parse. The list stays here so that a
/// kind sqlfluff gets wrong is added with its reason, never silently skipped.
const UNJUDGEABLE: &[Unjudgeable] = &[];

/// Every file this test file generates parses, with and without a batch separator, at the
/// oldest and the newest version.
#[test]
fn every_generated_file_parses_as_tsql() {
    let mut checked = Vec::new();
    for (dir, entry) in [
        (features_model_dir(), r#"{version: "2016"}"#),
        (
            features_model_dir(),
            r#"{version: "2025", settings: {batch_separator: GO}}"#,
        ),
        (wso2_model_dir(), r#"{version: "2016"}"#),
        (
            wso2_model_dir(),
            r#"{version: "2022", settings: {batch_separator: GO}}"#,
        ),
    ] {
        for (path, sql) in generate(&dir, entry) {
            let used = assert_parses("tsql", &sql, UNJUDGEABLE);
            assert!(used.iter().all(|&n| n == 0));
            checked.push(format!("{entry} {path}"));
        }
    }
    assert_eq!(checked.len(), 8, "{checked:?}");
}

/// The check can fail: sqlfluff finds a dropped parenthesis in each kind of guard, a broken
/// EXEC and a broken CREATE INDEX and column definition in our output (so a parse of our output
/// is evidence, not a formality). It is lenient inside EXEC's parameter list (a missing comma or
/// `=` passes), so `descriptions_are_ms_description_extended_properties` pins that text.
#[test]
fn sqlfluff_tsql_rejects_broken_output() {
    let files = generate(&features_model_dir(), r#"{version: "2016"}"#);
    let sql = file(&files, "mssql.sql");
    for (good, bad) in [
        ("AND type IN (N'U'))", "AND type IN (N'U')"),
        ("N'COLUMN', N'parentId'))", "N'COLUMN', N'parentId')"),
        (
            "AND name = N'IDX_USER_ORDER')",
            "AND name = N'IDX_USER_ORDER'",
        ),
        (
            "sp_addextendedproperty @name =",
            "sp_addextendedproperty @name == ",
        ),
        ("INDEX IDX_USER_ORDER ON", "INDEX IDX_USER_ORDER"),
        ("IDENTITY(1,1) NOT NULL", "IDENTITY(1,1 NOT NULL"),
    ] {
        assert!(sql.contains(good), "{good}");
        let broken = sql.replacen(good, bad, 1);
        assert!(
            !unparsable_sections("tsql", &broken).is_empty(),
            "sqlfluff accepted the broken {bad:?}"
        );
    }
}

// --- 3. reference facts ---------------------------------------------------------------------

/// `length` of a `(MAX)` type on both sides: the reference says `"MAX"`, and `split_type`
/// drops the word, which would make `VARBINARY(MAX)` look like a bare `VARBINARY` (that is
/// VARBINARY(1) in a column definition). -1 keeps the two apart.
const MAX_LENGTH: i64 = -1;

/// A parsed reference file as a catalog: `length: "MAX"` becomes [`MAX_LENGTH`], and the type
/// word INTEGER becomes INT, its ISO synonym, the same type ("Data type synonyms",
/// https://learn.microsoft.com/sql/t-sql/data-types/data-type-synonyms-transact-sql). Nothing
/// else is normalised.
fn parsed_reference(rel: &str) -> support::Catalog {
    let text = fs::read_to_string(support::reference_path(rel)).unwrap();
    let mut json: serde_json::Value = serde_json::from_str(&text).unwrap();
    for table in json["tables"].as_array_mut().unwrap() {
        for column in table["columns"].as_array_mut().unwrap() {
            if column["length"] == "MAX" {
                column["length"] = MAX_LENGTH.into();
            }
            if column["type"] == "INTEGER" {
                column["type"] = "INT".into();
            }
        }
        // An unnamed constraint: its name is compared only where the model names it.
        for fk in table["foreign_keys"].as_array_mut().unwrap() {
            if fk["name"].is_null() {
                fk["name"] = "".into();
            }
        }
    }
    let mut catalog: support::Catalog = serde_json::from_value(json).unwrap();
    catalog.normalize();
    catalog
}

/// Sets [`MAX_LENGTH`] on every column of `module` whose mssql type text says `(MAX)`.
fn mark_max_lengths(model: &Model, module: &str, catalog: &mut support::Catalog) {
    let dialect = DialectName::Mssql.implementation();
    let (_, target) = model.product.targets[&DialectName::Mssql]
        .outputs(DialectName::Mssql)
        .remove(0);
    let module = model.modules.iter().find(|m| m.name == module).unwrap();
    for table in &module.tables {
        let ours = catalog
            .tables
            .iter_mut()
            .find(|t| t.name == table.name.name)
            .unwrap();
        for column in &table.columns {
            let shape = column.for_dialect(&model.product, DialectName::Mssql);
            let text = dialect.column_type(&shape.column_type, &target);
            let ours = ours
                .columns
                .iter_mut()
                .find(|c| c.name == column.name.name)
                .unwrap();
            if text.ends_with("(MAX)") {
                assert_eq!(ours.length, None, "{text}");
                ours.length = Some(MAX_LENGTH);
            }
        }
    }
}

#[test]
fn kernel_declares_what_wso2_mssql_sql_declares_except_listed_deviations() {
    let dir = with_mssql(&wso2_model_dir(), r#"{version: "2016"}"#);
    let model = load(dir.path());
    let module = model.modules.iter().find(|m| m.name == "kernel").unwrap();
    let mut ours = declared_catalog(&model, "kernel", DialectName::Mssql);
    mark_max_lengths(&model, "kernel", &mut ours);
    let reference = parsed_reference("wso2/is5.0-match/kernel/mssql.json");
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
    let found = differences(&reference, &ours, &named);
    let deviations = load_deviations(&repo().join("model/wso2/deviations/mssql.yaml"));
    assert_only_declared_differences("mssql", &found, &deviations);
}

/// WSO2's mssql.sql fills auto-increment columns with IDENTITY, not sequences and triggers, and
/// so do we: the reference lists none, our file creates none, and every column that is
/// auto-increment in the reference gets `IDENTITY(1,1)`.
#[test]
fn kernel_identity_columns_and_no_sequences_or_triggers() {
    let text = fs::read_to_string(support::reference_path(
        "wso2/is5.0-match/kernel/mssql.json",
    ))
    .unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["sequences"], serde_json::json!([]));
    assert_eq!(json["triggers"], serde_json::json!([]));
    let reference_identity: usize = json["tables"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["name"] != "UM_CLAIM_BEHAVIOR")
        .flat_map(|t| t["columns"].as_array().unwrap())
        .filter(|c| c["auto_increment"] == true)
        .count();
    let files = generate(&wso2_model_dir(), r#"{version: "2016"}"#);
    let sql = file(&files, "mssql.sql");
    assert!(!sql.contains("SEQUENCE") && !sql.contains("TRIGGER"));
    assert_eq!(
        sql.matches(" IDENTITY(1,1) NOT NULL").count(),
        reference_identity
    );
}

/// Seed rows that give an IDENTITY column values run under SET IDENTITY_INSERT ON (Msg 544
/// without it), ON, rows and OFF as one statement so that a migration's EXEC keeps them
/// together; a row that gives no value runs outside it (Msg 545 inside).
#[test]
fn seed_rows_with_identity_values_run_under_identity_insert() {
    let module = "module: m\ntables:\n  - name: T\n    columns:\n      - {name: ID, type: integer, nullable: false, auto_increment: true}\n      - {name: N, type: varchar(9)}\n    primary_key: [ID]\n    rows:\n      - {ID: 5, N: five}\n      - {ID: 6, N: six}\n      - {N: seven}\n";
    let sql = inline_sql("unquoted", r#"{version: "2016"}"#, module);
    assert!(
        sql.contains(
            "\nSET IDENTITY_INSERT T ON;\nINSERT INTO T (ID, N) VALUES (5, 'five');\n\
             INSERT INTO T (ID, N) VALUES (6, 'six');\nSET IDENTITY_INSERT T OFF;\n\
             INSERT INTO T (N) VALUES ('seven');\n"
        ),
        "{sql}"
    );
    assert_eq!(sql.matches("IDENTITY_INSERT").count(), 2, "{sql}");
}

// --- 4. validation ----------------------------------------------------------------------------

fn table_named(name: &str) -> String {
    format!(
        "module: m\ntables:\n  - name: {name}\n    columns:\n      - {{name: ID, type: integer, nullable: false}}\n    primary_key: [ID]\n"
    )
}

/// Names are sysname, at most 128 characters ("Database identifiers").
#[test]
fn identifier_over_128_bytes_fails() {
    let long = format!("T{}", "X".repeat(128));
    let errors = inline_errors("unquoted", r#"{version: "2016"}"#, &table_named(&long));
    assert_eq!(
        errors,
        vec![(
            "E020".to_string(),
            format!("`{long}` is 129 bytes long; mssql 2016 allows at most 128")
        )]
    );
    let fits = "X".repeat(128);
    let sql = inline_sql("unquoted", r#"{version: "2016"}"#, &table_named(&fits));
    assert!(sql.contains(&format!("CREATE TABLE {fits} (")));
}

/// A word of SQL Server's reserved list (`dialects/mssql/reserved.txt`) fails unquoted, and is
/// bracket-quoted under `quoted-when-needed`; a keyword that is not reserved (NAME) passes.
#[test]
fn reserved_word_fails_unquoted_and_is_bracketed_when_quoted() {
    let module = "module: m\ntables:\n  - name: T\n    columns:\n      - {name: ID, type: integer, nullable: false}\n      - {name: PERCENT, type: integer}\n      - {name: NAME, type: integer}\n    primary_key: [ID]\n";
    assert_eq!(
        inline_errors("unquoted", r#"{version: "2016"}"#, module),
        vec![(
            "E021".to_string(),
            "`PERCENT` is a reserved word in mssql and identifiers are unquoted".to_string()
        )]
    );
    let sql = inline_sql("quoted-when-needed", r#"{version: "2016"}"#, module);
    assert!(sql.contains("    [PERCENT] INT,\n"), "{sql}");
    assert!(sql.contains("    NAME      INT,\n"), "{sql}");
}

/// VARCHAR(n) and CHAR(n) take n up to 8000 bytes, NVARCHAR(n) and NCHAR(n) (the default
/// `strings: nvarchar`) up to 4000 UTF-16 code units; beyond that the model must say `text`
/// (VARCHAR(MAX) / NVARCHAR(MAX)): E022 (E061 for char), not a silent switch to a type that
/// cannot be an index key.
#[test]
fn varchar_over_8000_fails_and_8000_fits() {
    let module = |t: &str| {
        format!(
            "module: m\ntables:\n  - name: T\n    columns:\n      - {{name: ID, type: integer, nullable: false}}\n      - {{name: C, type: '{t}'}}\n    primary_key: [ID]\n"
        )
    };
    let code_page = r#"{version: "2016", settings: {strings: varchar}}"#;
    let national = r#"{version: "2016"}"#;
    for (entry, max, unit, fits, written) in [
        (code_page, 8001, "bytes", 8000, "VARCHAR(8000)"),
        (national, 4001, "UTF-16 code units", 4000, "NVARCHAR(4000)"),
    ] {
        for (t, code) in [
            (format!("varchar({max})"), "E022"),
            (format!("char({max})"), "E061"),
        ] {
            assert_eq!(
                inline_errors("unquoted", entry, &module(&t)),
                vec![(
                    code.to_string(),
                    format!("column `T.C` is {t} but mssql allows at most {fits} {unit}")
                )]
            );
        }
        let sql = inline_sql("unquoted", entry, &module(&format!("varchar({fits})")));
        assert!(sql.contains(&format!("    C  {written},\n")), "{sql}");
    }
    let sql = inline_sql("unquoted", code_page, &module("text"));
    assert!(sql.contains("    C  VARCHAR(MAX),\n"), "{sql}");
    let sql = inline_sql("unquoted", national, &module("text"));
    assert!(sql.contains("    C  NVARCHAR(MAX),\n"), "{sql}");
}

/// ON DELETE RESTRICT is not T-SQL; the model's `restrict` is accepted (no E036) and written as
/// NO ACTION, which refuses the delete the same way (no deferred constraints in SQL Server).
#[test]
fn on_delete_restrict_is_accepted_and_written_as_no_action() {
    let module = "module: m\ntables:\n  - name: P\n    columns:\n      - {name: ID, type: integer, nullable: false}\n    primary_key: [ID]\n  - name: C\n    columns:\n      - {name: ID, type: integer, nullable: false}\n      - {name: P_ID, type: integer}\n    primary_key: [ID]\n    foreign_keys:\n      - {name: FK_C_P, columns: [P_ID], references: P, ref_columns: [ID], on_delete: restrict}\n";
    let sql = inline_sql("unquoted", r#"{version: "2016"}"#, module);
    assert!(
        sql.contains(
            "    CONSTRAINT FK_C_P FOREIGN KEY (P_ID) REFERENCES P (ID) ON DELETE NO ACTION\n"
        ),
        "{sql}"
    );
    assert!(!sql.contains("RESTRICT"));
}

// --- 5. rules one by one ----------------------------------------------------------------------

#[test]
fn auto_increment_is_identity_1_1_on_every_version() {
    for version in ["2016", "2025"] {
        assert_eq!(
            mssql().auto_increment(&target(version)),
            AutoIncrement::Clause("IDENTITY(1,1)".to_string())
        );
    }
    // SQL Server rejects a DEFAULT on an identity column: the model's default is not written.
    let module = "module: m\ntables:\n  - name: T\n    columns:\n      - {name: ID, type: bigint, nullable: false, auto_increment: true, default: 5}\n      - {name: N, type: integer, nullable: false, default: 0}\n    primary_key: [ID]\n";
    let sql = inline_sql("unquoted", r#"{version: "2016"}"#, module);
    assert!(
        sql.contains("    ID BIGINT IDENTITY(1,1) NOT NULL,\n    N  INT    DEFAULT 0 NOT NULL,\n"),
        "{sql}"
    );
}

const TWO_TABLES: &str = "module: m\ntables:\n  - name: P\n    description: parent\n    columns:\n      - {name: ID, type: integer, nullable: false}\n      - {name: CODE, type: varchar(10), nullable: false}\n    primary_key: [ID]\n    primary_key_name: PK_P\n    unique:\n      - {name: UK_P, columns: [CODE]}\n    indexes:\n      - {name: IX_P, columns: [CODE, ID]}\n    rows:\n      - {ID: 1, CODE: a}\n";

/// `;` ends every statement; with `batch_separator: GO` a GO line follows every statement.
#[test]
fn terminators_and_batch_separator() {
    assert_eq!(
        mssql().terminator(StatementKind::Plain, &target("2016")),
        ";"
    );
    let plain = inline_sql("unquoted", r#"{version: "2016"}"#, TWO_TABLES);
    let plain_statements = statements(&plain);
    // Two SET statements of the preamble, then table, description, index, row.
    assert_eq!(plain_statements.len(), 6, "{plain}");
    assert_eq!(
        plain_statements[..2],
        ["SET ANSI_NULLS ON;\n", "SET QUOTED_IDENTIFIER ON;\n"]
    );
    assert!(plain_statements.iter().all(|s| s.ends_with(";\n")));
    assert!(!plain.contains("GO"));

    let go = inline_sql(
        "unquoted",
        r#"{version: "2016", settings: {batch_separator: GO}}"#,
        TWO_TABLES,
    );
    let go_statements = statements(&go);
    // The preamble's SETs need no batch of their own; every statement after them ends one.
    assert_eq!(go_statements.len(), 10, "{go}");
    for pair in go_statements[2..].chunks(2) {
        assert!(pair[0].ends_with(";\n") && pair[1] == "GO\n", "{pair:?}");
    }
}

/// `CONSTRAINT name` before the constraint, as T-SQL (and ANSI) writes it.
#[test]
fn constraint_names_come_first() {
    let sql = inline_sql("unquoted", r#"{version: "2016"}"#, TWO_TABLES);
    assert!(
        sql.contains("    CONSTRAINT PK_P PRIMARY KEY (ID),\n    CONSTRAINT UK_P UNIQUE (CODE)\n"),
        "{sql}"
    );
    assert_eq!(
        mssql().named_constraint("FK_X", "FOREIGN KEY (A) REFERENCES B (C)"),
        "CONSTRAINT FK_X FOREIGN KEY (A) REFERENCES B (C)"
    );
}

/// Each portable type, at the VARCHAR/CHAR limit and beyond it (`text`), strings as
/// `strings: varchar` writes them (see `rule_strings_keep_every_character_by_default`).
#[test]
fn type_mapping() {
    let mut t = target("2016");
    t.settings
        .insert("strings".to_string(), "varchar".to_string());
    let cases = [
        (ColumnType::String(StringLen::N(8000)), "VARCHAR(8000)"),
        (ColumnType::String(StringLen::N(1)), "VARCHAR(1)"),
        (ColumnType::Char(Some(8000)), "CHAR(8000)"),
        (ColumnType::Text, "VARCHAR(MAX)"),
        (ColumnType::SmallInteger, "SMALLINT"),
        (ColumnType::Integer, "INT"),
        (ColumnType::BigInteger, "BIGINT"),
        (ColumnType::Decimal(Some((12, 2))), "DECIMAL(12,2)"),
        (ColumnType::Double, "FLOAT"),
        (ColumnType::Boolean, "BIT"),
        (ColumnType::Date, "DATE"),
        (ColumnType::Timestamp, "DATETIME2"),
        (ColumnType::Blob, "VARBINARY(MAX)"),
        (ColumnType::Json, "NVARCHAR(MAX)"),
    ];
    for (column_type, expected) in cases {
        assert_eq!(mssql().column_type(&column_type, &t), expected);
    }
    assert_eq!(mssql().max_varchar_length(&t), Some(8000));
    assert_eq!(
        mssql().max_identifier_bytes(&Version::parse("2016").unwrap()),
        128
    );
}

/// BIT takes 1 and 0, in defaults and in data rows.
#[test]
fn booleans_are_1_and_0() {
    let t = target("2016");
    assert_eq!(mssql().boolean_literal(true, &t), "1");
    assert_eq!(mssql().boolean_literal(false, &t), "0");
    let module = "module: m\ntables:\n  - name: T\n    columns:\n      - {name: ID, type: integer, nullable: false}\n      - {name: F, type: boolean, nullable: false, default: true}\n    primary_key: [ID]\n    rows:\n      - {ID: 1, F: false}\n";
    let sql = inline_sql("unquoted", r#"{version: "2016"}"#, module);
    assert!(sql.contains("    F  BIT DEFAULT 1 NOT NULL,\n"), "{sql}");
    assert!(
        sql.contains("INSERT INTO T (ID, F) VALUES (1, 0);"),
        "{sql}"
    );
}

/// Descriptions are MS_Description extended properties, added once (guarded), with N'' strings
/// and quotes doubled; a bracket-quoted name is passed by its plain name. The schema is never
/// written: it is the one the table resolves to, held in a variable of the statement's own
/// (a procedure's parameter cannot be a function call).
#[test]
fn descriptions_are_ms_description_extended_properties() {
    let table = mssql().table_comment("[user]", "Users' table").unwrap();
    let schema = variable_of(&table.sql);
    assert_eq!(
        table.sql,
        format!(
            "DECLARE {schema} sysname = OBJECT_SCHEMA_NAME(OBJECT_ID(N'[user]'))\n\
             IF NOT EXISTS (SELECT * FROM sys.fn_listextendedproperty(N'MS_Description', N'SCHEMA', {schema}, N'TABLE', N'user', NULL, NULL))\n\
             EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Users'' table',\n    \
             @level0type = N'SCHEMA', @level0name = {schema},\n    \
             @level1type = N'TABLE', @level1name = N'user'"
        )
    );
    let column = mssql()
        .column_comment("[a]]b]", "[order]", "Ünïcode")
        .unwrap();
    let schema = variable_of(&column.sql);
    assert_eq!(
        column.sql,
        format!(
            "DECLARE {schema} sysname = OBJECT_SCHEMA_NAME(OBJECT_ID(N'[a]]b]'))\n\
             IF NOT EXISTS (SELECT * FROM sys.fn_listextendedproperty(N'MS_Description', N'SCHEMA', {schema}, N'TABLE', N'a]b', N'COLUMN', N'order'))\n\
             EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Ünïcode',\n    \
             @level0type = N'SCHEMA', @level0name = {schema},\n    \
             @level1type = N'TABLE', @level1name = N'a]b',\n    \
             @level2type = N'COLUMN', @level2name = N'order'"
        )
    );
    // One variable per described object: a script run as one batch cannot DECLARE a name twice.
    let other = mssql().column_comment("[a]]b]", "[x]", "Ünïcode").unwrap();
    assert_ne!(variable_of(&other.sql), schema);
    assert!(!mssql().inline_column_comments());
}

/// The variable a statement declares first (`DECLARE @schema_1a2b3c4d sysname = ...`).
fn variable_of(sql: &str) -> String {
    let name = sql
        .strip_prefix("DECLARE ")
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("no DECLARE first: {sql}"));
    assert!(
        name.starts_with("@schema_") && name.len() == "@schema_".len() + 8,
        "{name}"
    );
    name.to_string()
}

/// CREATE TABLE and CREATE INDEX are guarded by look-ups in sys.objects / sys.indexes, names
/// in lower case (they resolve under a case-sensitive collation too), the object name quoted
/// and escaped inside N'' and named by one part, as the unqualified CREATE names it (no `dbo`:
/// the table is where the user's default schema puts it).
#[test]
fn guards() {
    assert_eq!(
        mssql().guard_create_table("a]b'c", "CREATE TABLE x (y INT)".to_string()),
        "IF NOT EXISTS (SELECT * FROM sys.objects WHERE object_id = OBJECT_ID(N'[a]]b''c]') AND type IN (N'U'))\nCREATE TABLE x (y INT)"
    );
    assert_eq!(
        mssql().guard_create_index("T", "IX_T", "CREATE INDEX IX_T ON T (A)".to_string()),
        "IF NOT EXISTS (SELECT * FROM sys.indexes WHERE object_id = OBJECT_ID(N'[T]') AND name = N'IX_T')\nCREATE INDEX IX_T ON T (A)"
    );
}

/// The generated files name no schema: no `dbo` in a guard, a look-up or an extended
/// property of any shipped product's SQL Server file.
#[test]
fn generated_files_name_no_schema() {
    let mut checked = 0;
    for dir in [
        wso2_model_dir(),
        features_model_dir(),
        repo().join("model/comanage"),
        repo().join("model/jans"),
    ] {
        for (path, sql) in generate(&dir, r#"{version: "2016"}"#) {
            for needle in ["[dbo]", "N'dbo'", "dbo."] {
                assert!(!sql.contains(needle), "{path}: {needle}");
            }
            checked += 1;
        }
    }
    assert!(checked >= 4, "{checked}");
}

#[test]
fn identifiers_are_bracket_quoted() {
    assert_eq!(mssql().quote_identifier("order"), "[order]");
    assert_eq!(mssql().quote_identifier("a]b"), "[a]]b]");
    assert_eq!(mssql().quote_identifier("a\"b"), "[a\"b]");
}

/// Quotes doubled; N'' only for non-ASCII text; line breaks as CHAR(13)/CHAR(10) outside the
/// literals, so that a backslash before one (T-SQL line continuation) ends a literal and no
/// line of a literal can be `GO`; `$(` split so that sqlcmd finds no variable.
#[test]
fn string_literals() {
    let m = mssql();
    assert_eq!(m.string_literal("it's"), "'it''s'");
    assert_eq!(m.string_literal("a \\ b"), "'a \\ b'");
    assert_eq!(m.string_literal("Müller"), "N'Müller'");
    assert_eq!(m.string_literal("a\\\nb"), "('a\\' + CHAR(10) + 'b')");
    assert_eq!(
        m.string_literal("a\\\r\nb\\\nc"),
        "('a\\' + CHAR(13) + CHAR(10) + 'b\\' + CHAR(10) + 'c')"
    );
    assert_eq!(m.string_literal("\nGO\n"), "(CHAR(10) + 'GO' + CHAR(10))");
    assert_eq!(m.string_literal("$(x) $"), "('$' + '(x) $')");
    assert_eq!(m.string_literal("ü\n"), "(N'ü' + NCHAR(10))");
}

/// CURRENT_TIMESTAMP → SYSDATETIME() (DATETIME2 precision); CURRENT_DATE only from 2025 on,
/// before that its documented equivalent, a cast to DATE.
#[test]
fn current_date_and_timestamp_defaults_by_version() {
    let m = mssql();
    let date = Expr::Keyword(Keyword::CurrentDate);
    let timestamp = Expr::Keyword(Keyword::CurrentTimestamp);
    assert_eq!(
        m.default_value(&date, &target("2022")),
        "(CAST(SYSDATETIME() AS DATE))"
    );
    assert_eq!(m.default_value(&date, &target("2025")), "CURRENT_DATE");
    assert_eq!(
        m.default_value(&timestamp, &target("2016")),
        "SYSDATETIME()"
    );
    assert_eq!(
        m.default_value(&Expr::Value(Value::Bool(Some(true))), &target("2016")),
        "1"
    );
    assert_eq!(
        m.default_value(&Expr::Value(Value::BigInt(Some(-7))), &target("2016")),
        "-7"
    );
}

#[test]
fn on_delete_actions() {
    let m = mssql();
    assert_eq!(m.on_delete_clause(ReferentialAction::NoAction), "");
    assert_eq!(
        m.on_delete_clause(ReferentialAction::Restrict),
        " ON DELETE NO ACTION"
    );
    assert_eq!(
        m.on_delete_clause(ReferentialAction::Cascade),
        " ON DELETE CASCADE"
    );
    assert_eq!(
        m.on_delete_clause(ReferentialAction::SetNull),
        " ON DELETE SET NULL"
    );
    for action in [
        ReferentialAction::NoAction,
        ReferentialAction::Restrict,
        ReferentialAction::Cascade,
        ReferentialAction::SetNull,
    ] {
        assert!(m.supports_on_delete(action));
    }
}

/// SQL Server refuses a foreign key whose cascading actions (CASCADE, SET NULL) would reach a
/// table twice from one DELETE, or come back to where they started (error 1785); validation
/// says so (E071) for the products' tables together (modules share a database).
#[test]
fn wso2_has_no_multiple_cascade_paths() {
    let dir = with_mssql(&wso2_model_dir(), r#"{version: "2016"}"#);
    schemagen::model::load(dir.path()).unwrap_or_else(|d| panic!("{}", d.render()));
}

/// The features model's self-reference with ON DELETE SET NULL (FK_USER_PARENT) cascades back
/// to its own table: refused for mssql, and only that key.
#[test]
fn features_self_reference_with_set_null_is_refused() {
    let dir = with_mssql(&features_original_dir(), r#"{version: "2016"}"#);
    let errors = schemagen::model::load(dir.path()).expect_err("E071");
    let found: Vec<(String, String)> = errors
        .iter()
        .map(|d| (d.code.to_string(), d.message.clone()))
        .collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].0, "E071");
    assert!(
        found[0]
            .1
            .starts_with("foreign key of `user` to `user`: the table cascades to itself"),
        "{found:#?}"
    );
}

/// An extended property's value holds at most 7,500 bytes ("sp_addextendedproperty"); an
/// N'' description takes 2 bytes per UTF-16 unit. No validation rule checks this yet; every
/// description of the WSO2 model and of the features model fits.
#[test]
fn descriptions_fit_the_extended_property_limit() {
    for dir in [wso2_model_dir(), features_model_dir()] {
        let model = load(with_mssql(&dir, r#"{version: "2016"}"#).path());
        let mut count = 0;
        for table in model.modules.iter().flat_map(|m| &m.tables) {
            let descriptions = table
                .description
                .iter()
                .chain(table.columns.iter().filter_map(|c| c.description.as_ref()));
            for description in descriptions {
                let bytes = description.encode_utf16().count() * 2;
                assert!(bytes <= 7500, "{}: {bytes} bytes", table.name.name);
                count += 1;
            }
        }
        assert!(count > 0, "{}", dir.display());
    }
}

/// The other shipped products' SQL Server files parse as T-SQL too.
#[test]
fn comanage_and_jans_parse_as_tsql() {
    for product in ["comanage", "jans"] {
        let dir = support::fixtures::repo().join("model").join(product);
        let files = generate(&dir, r#"{version: "2016"}"#);
        assert!(!files.is_empty(), "{product}");
        for (path, sql) in files {
            let used = assert_parses("tsql", &sql, UNJUDGEABLE);
            assert!(used.iter().all(|&n| n == 0), "{product} {path}");
        }
    }
}

/// The mssql files of a product directory with mssql added as `entry`, by output path.
fn generate(product_dir: &Path, entry: &str) -> Vec<(String, String)> {
    support::fixtures::generate_with_dialect(product_dir, DialectName::Mssql, entry)
}

/// SQL Server allows one NULL per unique key (NULLs compare equal in UNIQUE constraints,
/// "Unique constraints and check constraints"): a unique key over a nullable column becomes
/// a filtered unique index that leaves rows with a NULL in any nullable key column out,
/// which is the model's meaning. A key over NOT NULL columns, or one declared
/// `nulls_equal_in: [mssql]`, stays a constraint.
#[test]
fn rule_unique_key_over_nullable_columns_is_a_filtered_index() {
    let module = "module: m\ntables:\n  - name: T\n    columns:\n      - {name: ID, type: integer, nullable: false}\n\
                  \x20     - {name: A, type: varchar(10)}\n      - {name: B, type: varchar(10), nullable: false}\n\
                  \x20     - {name: C, type: varchar(10)}\n    primary_key: [ID]\n    unique:\n\
                  \x20     - {name: UK_AC, columns: [A, B, C]}\n      - {name: UK_B, columns: [B]}\n\
                  \x20     - {name: UK_C, columns: [C], nulls_equal_in: [mssql], reason: \"at most one unset\"}\n";
    let sql = inline_sql("unquoted", r#"{version: "2016"}"#, module);
    assert!(
        sql.contains("    CONSTRAINT UK_B UNIQUE (B),\n    CONSTRAINT UK_C UNIQUE (C)\n);"),
        "{sql}"
    );
    assert!(
        sql.contains(
            "IF NOT EXISTS (SELECT * FROM sys.indexes WHERE object_id = OBJECT_ID(N'[T]') AND name = N'UK_AC')\n\
             CREATE UNIQUE INDEX UK_AC ON T (A, B, C) WHERE A IS NOT NULL AND C IS NOT NULL;\n"
        ),
        "{sql}"
    );
    // A filtered index needs ANSI_NULLS and QUOTED_IDENTIFIER ON when it is created (and in
    // every session that writes the table): the script sets both first.
    let body = sql
        .lines()
        .skip_while(|l| l.starts_with("--") || l.is_empty());
    assert_eq!(
        body.take(2).collect::<Vec<_>>(),
        ["SET ANSI_NULLS ON;", "SET QUOTED_IDENTIFIER ON;"]
    );
}

/// VARCHAR keeps only the characters of the database's code page ("char and varchar"): by
/// default strings are NVARCHAR/NCHAR (every character, n in UTF-16 code units, at most 4,000,
/// 2 bytes each in a key); `strings: utf8` writes VARCHAR with a UTF-8 collation, from 2019;
/// `strings: varchar` keeps VARCHAR, the product's choice.
#[test]
fn rule_strings_keep_every_character_by_default() {
    let module = "module: m\ntables:\n  - name: T\n    columns:\n      - {name: ID, type: integer, nullable: false}\n\
                  \x20     - {name: A, type: varchar(10), nullable: false}\n      - {name: B, type: char(2)}\n\
                  \x20     - {name: C, type: text}\n    primary_key: [ID]\n";
    let national = inline_sql("unquoted", r#"{version: "2016"}"#, module);
    assert!(
        national
            .contains("    A  NVARCHAR(10)  NOT NULL,\n    B  NCHAR(2),\n    C  NVARCHAR(MAX),\n"),
        "{national}"
    );
    let utf8 = inline_sql(
        "unquoted",
        r#"{version: "2019", settings: {strings: utf8}}"#,
        module,
    );
    assert!(
        utf8.contains("    A  VARCHAR(10) COLLATE Latin1_General_100_CI_AS_SC_UTF8  NOT NULL,\n"),
        "{utf8}"
    );
    let code_page = inline_sql(
        "unquoted",
        r#"{version: "2016", settings: {strings: varchar}}"#,
        module,
    );
    assert!(
        code_page.contains("    A  VARCHAR(10)  NOT NULL,\n"),
        "{code_page}"
    );

    // UTF-8 collations are 2019's.
    let errors = inline_errors(
        "unquoted",
        r#"{version: "2017", settings: {strings: utf8}}"#,
        module,
    );
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].0, "E043");
    assert!(errors[0].1.contains("from 2019"), "{errors:?}");

    // NVARCHAR(n) takes n up to 4,000, and a key counts 2 bytes per code unit: 900 code units
    // of an NVARCHAR key are 1,800 bytes, over the 1,700 of a nonclustered key.
    let long = module.replace("varchar(10)", "varchar(4001)");
    let errors = inline_errors("unquoted", r#"{version: "2016"}"#, &long);
    assert!(
        errors
            .iter()
            .any(|(code, message)| code == "E022" && message.contains("4000")),
        "{errors:?}"
    );
    let keyed = format!(
        "{}    unique:\n      - {{name: UK_A, columns: [A]}}\n",
        module.replace("varchar(10)", "varchar(900)")
    );
    let errors = inline_errors("unquoted", r#"{version: "2016"}"#, &keyed);
    assert!(
        errors
            .iter()
            .any(|(code, message)| code == "E072" && message.contains("1800 bytes")),
        "{errors:?}"
    );
    inline_sql(
        "unquoted",
        r#"{version: "2016", settings: {strings: varchar}}"#,
        &keyed,
    );
}

/// The header says how to run the file: sqlcmd stopping at the first error (-b), with
/// QUOTED_IDENTIFIER ON (-I; sqlcmd's default is OFF).
#[test]
fn rule_header_says_how_to_run_the_file() {
    let sql = inline_sql("unquoted", r#"{version: "2016"}"#, TWO_TABLES);
    assert!(
        sql.contains("\n-- Run with: sqlcmd -S <server> -d <database> -b -I -i mssql.sql\n"),
        "{sql}"
    );
}
