//! Oracle migrations (`schemagen diff`). No Oracle engine runs here, so the migrations are
//! proven three other ways:
//!
//! 1. a snapshot of the Oracle 19c migration of every case in tests/migrations/<case>/ (the
//!    cases the engine tests run on PostgreSQL, MariaDB and H2), reviewed line by line against
//!    the Oracle Database SQL Language Reference 19c (snapshots/migrations_oracle/);
//! 2. sqlfluff's `oracle` dialect parses every statement of those migrations and of the rule
//!    tests below, one batch per `/` line, with what it cannot judge listed with the reason
//!    ([`SQLFLUFF_CANNOT_JUDGE`]);
//! 3. Oracle's pitfalls asserted on the rendered SQL: `ADD (c ...)`, `MODIFY (c ...)` with
//!    only the aspect that changed (ORA-01442 / ORA-01451), `DEFAULT NULL` for a dropped
//!    default, `DROP PRIMARY KEY` without a name, MANUAL lines (without a `/`, which would run
//!    the previous statement again) where Oracle refuses a change in place (ORA-01439,
//!    ORA-01440, ORA-22858, ORA-22859, ORA-30673), unnamed (SYS_Cn) keys dropped by their
//!    columns, identity dropped from 12c, the sequence and trigger kept up before 12c.

mod support;

use support::fixtures::{
    Rendered, case_name, migration_cases as cases, migration_script as script,
};

use std::fs;
use std::path::{Path, PathBuf};

use schemagen::dialect::DialectName;
use schemagen::diff;
use schemagen::model::Model;
use support::sqlfluff::unparsable_sections;

const ORACLE: DialectName = DialectName::Oracle;

/// The release the cases are rendered for: the one WSO2's model targets.
const VERSION: &str = "19c";

/// The product of the engine tests (tests/engine_migrations.rs), also targeting Oracle.
fn product(version: &str) -> String {
    format!(
        "product: migrations
check_allowed_values: true
dialects:
  postgresql: {{version: \"12\"}}
  mysql: {{version: \"8.0\"}}
  h2: {{version: \"2.1\"}}
  oracle: {{version: \"{version}\"}}
modules:
  - file: m.yaml
"
    )
}

fn case_text(case: &Path, file: &str) -> String {
    fs::read_to_string(case.join(file)).unwrap()
}

/// A one-module model (module text `module_yaml`) of [`product`] at `version`.
#[track_caller]
fn model(module_yaml: &str, version: &str) -> Model {
    support::fixtures::one_module_model(&product(version), module_yaml)
}

/// The rendered statements (with terminators) of the migration from `old` to `new` at
/// `version`.
#[track_caller]
fn oracle_at(old: &str, new: &str, version: &str) -> Vec<String> {
    migration(&model(old, version), &model(new, version))
        .into_iter()
        .map(|r| r.text)
        .collect()
}

#[track_caller]
fn oracle(old: &str, new: &str) -> Vec<String> {
    oracle_at(old, new, VERSION)
}

/// The rendered migration of a case of tests/migrations/.
fn case_migration(case: &Path) -> (Model, Model, Vec<Rendered>) {
    let old = model(&case_text(case, "old.yaml"), VERSION);
    let new = model(&case_text(case, "new.yaml"), VERSION);
    let rendered = migration(&old, &new);
    (old, new, rendered)
}

/// The statements of a script as SQL*Plus runs them (each up to its `/` line), comment lines
/// and blank lines between statements left out. Fails on what SQL*Plus would do wrong: a `/`
/// with no statement before it runs the previous statement again; a blank line inside a
/// statement ends it (SET SQLBLANKLINES is OFF by default); `&` asks for a substitution
/// variable (SET DEFINE is ON); `;` before `/` runs a plain statement twice.
fn sqlplus_statements(script: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in script.lines() {
        assert!(!line.contains('&'), "SQL*Plus substitutes `&` in: {line}");
        if line == "/" {
            assert!(
                !current.is_empty(),
                "a `/` line with nothing to run (it runs the previous statement again):\n{script}"
            );
            let last = current.last().unwrap();
            assert!(
                !last.ends_with(';') || last.trim() == "END;",
                "`;` and `/` run `{last}` twice"
            );
            out.push(current.join("\n"));
            current.clear();
        } else if line.trim().is_empty() {
            assert!(current.is_empty(), "a blank line inside {current:?}");
        } else if !(current.is_empty() && line.starts_with("--")) {
            current.push(line);
        }
    }
    assert!(current.is_empty(), "statement without `/`: {current:?}");
    out
}

// --- 1. every case, snapshotted --------------------------------------------------------------

/// The cases Oracle 19c cannot migrate in place, and why (the MANUAL line the migration
/// writes instead). Every other case migrates without a manual step.
const MANUAL_CASES: &[(&str, &str)] = &[
    (
        "lower_decimal_scale",
        "lowering a NUMBER's scale needs an empty column (ORA-01440); the scale guard before it \
         still stops at a value the DBA's copy would round",
    ),
    (
        "retype_identity_to_bigint",
        "INTEGER is NUMBER(38): as retype_integer_to_bigint; the identity's maximum is already \
         past BIGINT's",
    ),
    (
        "retype_integer_to_bigint",
        "INTEGER is NUMBER(38): lowering a NUMBER's precision needs an empty column (ORA-01440)",
    ),
    (
        "retype_varchar_to_integer",
        "VARCHAR2 -> INTEGER needs an empty column (ORA-01439)",
    ),
];

#[test]
fn every_case_snapshot() {
    let mut manual_seen = Vec::new();
    for case in cases() {
        let name = case_name(&case);
        let case_yaml = case_text(&case, "case.yaml");
        let (old, new, rendered) = case_migration(&case);
        assert!(!rendered.is_empty(), "{name}: no statement");
        for r in &rendered {
            assert_eq!(
                r.statement.manual,
                r.text.starts_with("-- MANUAL: "),
                "{name}: the manual flag and the text disagree: {}",
                r.text
            );
            if r.statement.manual {
                manual_seen.push(name.clone());
            }
        }
        let destructive = diff::diff_models(&old, &new, &[ORACLE])
            .iter()
            .flat_map(|f| &f.changes)
            .any(|c| c.destructive().is_some());
        assert_eq!(
            destructive,
            case_yaml.contains("destructive: true"),
            "{name}: destructive flag"
        );
        assert!(
            diff::diff_models(&new, &new, &[ORACLE])
                .iter()
                .all(|f| f.changes.is_empty() && f.statements.is_empty()),
            "{name}: NEW against itself"
        );
        let text = script(&rendered);
        sqlplus_statements(&text);
        let note = case_yaml
            .lines()
            .find_map(|l| l.strip_prefix("note: "))
            .unwrap_or("\"\"")
            .to_string();
        insta::with_settings!({
            snapshot_path => "../snapshots/migrations_oracle",
            prepend_module_to_snapshot => false,
            omit_expression => true,
            description => format!("{name}: {note}"),
        }, {
            insta::assert_snapshot!(name.as_str(), text);
        });
    }
    manual_seen.dedup();
    assert_eq!(
        manual_seen,
        MANUAL_CASES.iter().map(|(c, _)| *c).collect::<Vec<_>>(),
        "the cases with a MANUAL line"
    );
}

// --- 2. sqlfluff -------------------------------------------------------------------------------

/// What sqlfluff 4.5.0's oracle dialect cannot judge in the migrations, and why. The rule tests
/// below leave these statements out of what sqlfluff reads (an unparsable section in a
/// `/`-separated script runs to the end of the file and would hide every later statement);
/// `sqlfluff_still_cannot_judge` proves each reason still holds.
const SQLFLUFF_CANNOT_JUDGE: &[Unjudged] = &[
    Unjudged {
        form: "ALTER TABLE ... MODIFY (c DROP IDENTITY)",
        applies: |s| s.starts_with("ALTER TABLE ") && s.ends_with(" DROP IDENTITY)"),
        example: "ALTER TABLE T MODIFY (ID DROP IDENTITY)",
        reason: "sqlfluff's oracle ALTER TABLE ... MODIFY grammar has no DROP IDENTITY, which \
                 Oracle's modify_col_properties has from 12c (SQLRF ALTER TABLE)",
    },
    Unjudged {
        form: "ALTER TABLE ... MODIFY (c GENERATED BY DEFAULT AS IDENTITY (START WITH LIMIT VALUE))",
        applies: |s| {
            s.starts_with("ALTER TABLE ") && s.contains(" AS IDENTITY (START WITH LIMIT VALUE")
        },
        example: "ALTER TABLE T MODIFY (ID GENERATED BY DEFAULT AS IDENTITY (START WITH LIMIT VALUE))",
        reason: "sqlfluff's oracle ALTER TABLE ... MODIFY grammar has no identity clause, which \
                 Oracle's modify_col_properties has from 12c, with START WITH LIMIT VALUE \
                 (SQLRF ALTER TABLE, identity_options)",
    },
    Unjudged {
        form: "ALTER TABLE ... DROP UNIQUE (a, b)",
        applies: |s| {
            s.starts_with("ALTER TABLE ") && s.contains(" DROP UNIQUE (") && s.contains(',')
        },
        example: "ALTER TABLE T DROP UNIQUE (A, B)",
        reason: "sqlfluff's oracle drop_constraint_clause takes one column after DROP UNIQUE; \
                 Oracle's takes a list (SQLRF ALTER TABLE, drop_constraint_clause)",
    },
    Unjudged {
        form: "RENAME old TO new",
        applies: |s| s.starts_with("RENAME "),
        example: "RENAME T_SEQ TO U_SEQ",
        reason: "sqlfluff's oracle dialect has no RENAME statement, which renames a table, view, \
                 sequence or private synonym (SQLRF RENAME)",
    },
];

/// A statement form sqlfluff cannot judge: how to recognise it, one example, the reason.
struct Unjudged {
    form: &'static str,
    applies: fn(&str) -> bool,
    example: &'static str,
    reason: &'static str,
}

/// What sqlfluff reads only rewritten, and why (as in tests/dialect_oracle.rs for CREATE
/// TABLE): `sqlfluff_still_needs_the_rewrite` proves the reason still holds.
const SQLFLUFF_REWRITTEN: (&str, &str) = (
    "GENERATED BY DEFAULT AS IDENTITY ... NOT NULL",
    "sqlfluff's ColumnDefinitionSegment accepts the identity clause only after the inline \
     constraints, the reverse of Oracle's column_definition (DEFAULT | identity_clause, then \
     inline_constraint: SQLRF CREATE TABLE); NOT NULL is moved before the clause for sqlfluff",
);

/// `C INTEGER GENERATED BY DEFAULT AS IDENTITY (...) NOT NULL` →
/// `C INTEGER NOT NULL GENERATED BY DEFAULT AS IDENTITY (...)`.
fn move_not_null_before_identity(statement: &str) -> String {
    let Some(at) = statement.find("GENERATED BY DEFAULT AS IDENTITY") else {
        return statement.to_string();
    };
    let Some(not_null) = statement[at..].find(" NOT NULL").map(|i| at + i) else {
        return statement.to_string();
    };
    format!(
        "{}NOT NULL {}{}",
        &statement[..at],
        &statement[at..not_null],
        &statement[not_null + " NOT NULL".len()..]
    )
}

fn sqlfluff_can_judge(statement: &str) -> bool {
    !SQLFLUFF_CANNOT_JUDGE.iter().any(|u| (u.applies)(statement))
}

/// Every statement of `script` (a migration as written, MANUAL lines included) parses in
/// sqlfluff's oracle dialect, each as one batch run by its `/` line, in chunks of whole
/// statements.
#[track_caller]
fn assert_sqlfluff_parses(script: &str) {
    let texts: Vec<String> = sqlplus_statements(script)
        .iter()
        .map(|statement| format!("{}\n/\n", move_not_null_before_identity(statement)))
        .collect();
    for chunk in &support::sqlfluff::assert_chunks_parse("oracle", &texts) {
        let found = support::sqlfluff::batches("oracle", chunk);
        assert_eq!(
            found.len(),
            sqlplus_statements(chunk).len(),
            "one batch per `/` line:\n{chunk}"
        );
        for mut batch in found {
            // A PL/SQL block ends with its own `END;`.
            if batch.iter().any(|k| k == "begin_end_block") {
                batch.retain(|k| k != "statement_terminator");
            }
            // The statement's kind: `alter_table_statement`, `drop_trigger`, ...
            let statement = |k: &String| {
                !matches!(
                    k.as_str(),
                    "slash_buffer_executor" | "statement_terminator" | "unparsable"
                )
            };
            assert!(
                batch.len() == 2
                    && batch.iter().any(|k| k == "slash_buffer_executor")
                    && batch.iter().any(statement),
                "each batch is one statement run by `/`: {batch:?}\n{chunk}"
            );
        }
    }
}

#[test]
fn sqlfluff_parses_every_case() {
    let mut all = String::new();
    for case in cases() {
        let (_, _, rendered) = case_migration(&case);
        // What sqlfluff cannot judge is left out; the strict grammar (tests/strict_syntax.rs)
        // judges those statements in the case's snapshot.
        for statement in sqlplus_statements(&script(&rendered)) {
            if sqlfluff_can_judge(&statement) {
                all.push_str(&format!("{statement}\n/\n"));
            }
        }
    }
    assert_sqlfluff_parses(&all);
}

#[test]
fn sqlfluff_still_cannot_judge() {
    for u in SQLFLUFF_CANNOT_JUDGE {
        assert!(!sqlfluff_can_judge(u.example), "{}", u.form);
        assert_eq!(
            unparsable_sections("oracle", &format!("{}\n/\n", u.example)).len(),
            1,
            "{} ({}): sqlfluff now parses it; drop the exception",
            u.form,
            u.reason
        );
    }
    // One column after DROP UNIQUE is judged.
    assert!(sqlfluff_can_judge("ALTER TABLE T DROP UNIQUE (A)"));
    // The check fails on a statement sqlfluff cannot parse, and on a MANUAL line run by `/`.
    let broken = "ALTER TABLE T ADD (C INTEGER,, D)\n/\n";
    assert!(std::panic::catch_unwind(|| assert_sqlfluff_parses(broken)).is_err());
    let rerun = "ALTER TABLE T DROP COLUMN C\n/\n-- MANUAL: by hand\n/\n";
    assert!(std::panic::catch_unwind(|| sqlplus_statements(rerun)).is_err());
}

#[test]
fn sqlfluff_still_needs_the_rewrite() {
    let statement =
        "ALTER TABLE T ADD (ID INTEGER GENERATED BY DEFAULT AS IDENTITY (NOCACHE) NOT NULL)";
    assert_eq!(
        unparsable_sections("oracle", &format!("{statement}\n/\n")).len(),
        1,
        "{}: sqlfluff now parses it; drop the rewrite",
        SQLFLUFF_REWRITTEN.0
    );
    let rewritten = move_not_null_before_identity(statement);
    assert_eq!(
        rewritten,
        "ALTER TABLE T ADD (ID INTEGER NOT NULL GENERATED BY DEFAULT AS IDENTITY (NOCACHE))"
    );
    assert!(unparsable_sections("oracle", &format!("{rewritten}\n/\n")).is_empty());
}

// --- 3. Oracle's pitfalls, rule by rule ----------------------------------------------------------

/// A table with a column of each kind the rules change.
const T: &str = "module: m
tables:
  - name: T
    columns:
      - {name: ID, type: integer, nullable: false}
      - {name: CODE, type: varchar(20), nullable: false, default: x}
      - {name: NOTE, type: varchar(100)}
      - {name: QTY, type: integer, default: 1}
      - {name: FLAG, type: char(1)}
      - {name: AMOUNT, type: 'decimal(10,2)'}
      - {name: BODY, type: text}
      - {name: BORN, type: date}
      - {name: SMALL, type: smallint}
    primary_key: [ID]
";

/// [`T`] with `from` replaced by `to` (which must be there).
#[track_caller]
fn t_with(from: &str, to: &str) -> String {
    assert!(T.contains(from), "{from}");
    T.replace(from, to)
}

/// Checks that SQL*Plus runs each rendered statement once and that sqlfluff parses each (but
/// what it cannot judge); returns them.
#[track_caller]
fn judged(statements: Vec<String>) -> Vec<String> {
    let script: String = statements.iter().map(|s| format!("{s}\n")).collect();
    let judgeable: String = sqlplus_statements(&script)
        .into_iter()
        .filter(|s| sqlfluff_can_judge(s))
        .map(|s| format!("{s}\n/\n"))
        .collect();
    assert_sqlfluff_parses(&judgeable);
    statements
}

#[test]
fn add_column_is_add_in_parentheses() {
    let new = t_with(
        "      - {name: SMALL, type: smallint}\n",
        "      - {name: SMALL, type: smallint}\n      - {name: STATE, type: char(1), nullable: false, default: A}\n",
    );
    assert_eq!(
        judged(oracle(T, &new)),
        ["ALTER TABLE T ADD (STATE CHAR(1) DEFAULT 'A' NOT NULL)\n/"]
    );
}

#[test]
fn nullability_is_written_only_when_it_changes() {
    // NOT NULL on a NOT NULL column is ORA-01442; NULL on a nullable one ORA-01451.
    let new = t_with(
        "{name: CODE, type: varchar(20), nullable: false, default: x}",
        "{name: CODE, type: varchar(20), nullable: false, default: z}",
    );
    assert_eq!(
        judged(oracle(T, &new)),
        ["ALTER TABLE T MODIFY (CODE DEFAULT 'z')\n/"]
    );
    let new = t_with(
        "{name: NOTE, type: varchar(100)}",
        "{name: NOTE, type: varchar(200)}",
    );
    assert_eq!(
        judged(oracle(T, &new)),
        ["ALTER TABLE T MODIFY (NOTE VARCHAR2(200))\n/"]
    );
    let new = t_with(
        "{name: CODE, type: varchar(20), nullable: false, default: x}",
        "{name: CODE, type: varchar(20), default: x}",
    );
    assert_eq!(
        judged(oracle(T, &new)),
        ["ALTER TABLE T MODIFY (CODE NULL)\n/"]
    );
    let new = t_with(
        "{name: NOTE, type: varchar(100)}",
        "{name: NOTE, type: varchar(100), nullable: false}",
    );
    assert_eq!(
        judged(oracle(T, &new)),
        ["ALTER TABLE T MODIFY (NOTE NOT NULL)\n/"]
    );
}

#[test]
fn one_modify_writes_type_default_and_null_in_oracles_order() {
    let new = t_with(
        "{name: NOTE, type: varchar(100)}",
        "{name: NOTE, type: varchar(150), nullable: false, default: none}",
    );
    assert_eq!(
        judged(oracle(T, &new)),
        ["ALTER TABLE T MODIFY (NOTE VARCHAR2(150) DEFAULT 'none' NOT NULL)\n/"]
    );
}

#[test]
fn a_dropped_default_is_default_null() {
    let new = t_with(
        "{name: QTY, type: integer, default: 1}",
        "{name: QTY, type: integer}",
    );
    assert_eq!(
        judged(oracle(T, &new)),
        ["ALTER TABLE T MODIFY (QTY DEFAULT NULL)\n/"]
    );
}

#[test]
fn narrowing_varchar2_is_a_modify_flagged_destructive() {
    let old = model(T, VERSION);
    let new = model(
        &t_with(
            "{name: NOTE, type: varchar(100)}",
            "{name: NOTE, type: varchar(50)}",
        ),
        VERSION,
    );
    let rendered = migration(&old, &new);
    assert_eq!(rendered.len(), 1);
    // Oracle checks the values and fails (ORA-01441) rather than cut one.
    assert_eq!(
        rendered[0].text,
        "ALTER TABLE T MODIFY (NOTE VARCHAR2(50))\n/"
    );
    assert!(rendered[0].statement.destructive.is_some());
    assert!(!rendered[0].statement.manual);
}

#[test]
fn lowering_a_numbers_precision_is_manual() {
    // integer -> bigint widens everywhere else, but INTEGER is NUMBER(38) and NUMBER(19) has
    // fewer digits: ORA-01440 on any column holding a value. The default still changes.
    let old = model(T, VERSION);
    let new = model(
        &t_with(
            "{name: QTY, type: integer, default: 1}",
            "{name: QTY, type: bigint, default: 2}",
        ),
        VERSION,
    );
    let rendered = migration(&old, &new);
    let texts: Vec<&str> = rendered.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "-- MANUAL: change T.QTY to NUMBER(19): INTEGER is NUMBER(38) to Oracle, and Oracle \
             lowers a NUMBER column's precision or scale (or raises its scale without its \
             precision) only while the column holds no values (ORA-01440); left as INTEGER, \
             the column already holds every NUMBER(19) value. If it holds none, run ALTER TABLE \
             T MODIFY (QTY NUMBER(19)). Otherwise add a column of type NUMBER(19), copy the \
             values into it, drop QTY and rename the new column (it then comes last), or \
             rebuild the table with DBMS_REDEFINITION.",
            "ALTER TABLE T MODIFY (QTY DEFAULT 2)\n/",
        ]
    );
    assert!(rendered[0].statement.manual && !rendered[1].statement.manual);
    assert!(rendered[0].statement.destructive.is_none(), "a widening");
    judged(texts.iter().map(|s| s.to_string()).collect());

    // Raising the scale without the precision: ORA-01440 as well, and values may not fit.
    let new = t_with(
        "{name: AMOUNT, type: 'decimal(10,2)'}",
        "{name: AMOUNT, type: 'decimal(10,4)'}",
    );
    let out = judged(oracle(T, &new));
    assert_eq!(out.len(), 1);
    assert!(out[0].starts_with("-- MANUAL: change T.AMOUNT to NUMBER(10,4): Oracle lowers"));
    assert!(out[0].contains(
        "(ORA-01440). If it holds none, run ALTER TABLE T MODIFY (AMOUNT NUMBER(10,4))."
    ));
    // More digits on both sides of the point: in place.
    let new = t_with(
        "{name: AMOUNT, type: 'decimal(10,2)'}",
        "{name: AMOUNT, type: 'decimal(14,4)'}",
    );
    assert_eq!(
        judged(oracle(T, &new)),
        ["ALTER TABLE T MODIFY (AMOUNT NUMBER(14,4))\n/"]
    );
}

#[test]
fn a_change_of_kind_is_manual() {
    // VARCHAR2 -> NUMBER: ORA-01439 on any column holding a value.
    let new = t_with(
        "{name: NOTE, type: varchar(100)}",
        "{name: NOTE, type: integer}",
    );
    let out = judged(oracle(T, &new));
    assert_eq!(out.len(), 1);
    assert!(
        out[0].starts_with(
            "-- MANUAL: change T.NOTE to INTEGER: Oracle changes a column's type to another kind \
             only while the column holds no values (ORA-01439). If it holds none, run ALTER \
             TABLE T MODIFY (NOTE INTEGER)."
        ),
        "{}",
        out[0]
    );
}

#[test]
fn to_or_from_a_lob_is_manual_and_never_a_modify() {
    let new = t_with(
        "{name: NOTE, type: varchar(100)}",
        "{name: NOTE, type: text}",
    );
    let out = judged(oracle(T, &new));
    assert_eq!(out.len(), 1);
    assert!(
        out[0].starts_with(
            "-- MANUAL: change T.NOTE to CLOB: Oracle cannot change a column to a LOB type in \
             place (ORA-22858). Otherwise add a column of type CLOB"
        ),
        "{}",
        out[0]
    );
    let new = t_with(
        "{name: BODY, type: text}",
        "{name: BODY, type: varchar(4000)}",
    );
    let out = judged(oracle(T, &new));
    assert_eq!(out.len(), 1);
    assert!(
        out[0].starts_with(
            "-- MANUAL: change T.BODY to VARCHAR2(4000): Oracle cannot change a LOB column to \
             another type (ORA-22859)."
        ),
        "{}",
        out[0]
    );
    assert!(!out[0].contains("If it holds none"), "not even when empty");
}

#[test]
fn types_oracle_stores_alike_need_nothing() {
    // SMALLINT and INTEGER are both NUMBER(38); before 21c json and text are both a CLOB (and
    // MODIFY on a LOB to a LOB type fails).
    let new = t_with(
        "{name: SMALL, type: smallint}",
        "{name: SMALL, type: integer}",
    );
    assert!(oracle(T, &new).is_empty());
    let new = t_with("{name: BODY, type: text}", "{name: BODY, type: json}");
    assert!(oracle(T, &new).is_empty());
    assert!(oracle_at(T, &new, "21c")[0].starts_with("-- MANUAL: change T.BODY to JSON: "));
    // The change is still reported: the summary lists it.
    let files = diff::diff_models(&model(T, VERSION), &model(&new, VERSION), &[ORACLE]);
    assert_eq!(files[0].changes.len(), 1);
}

#[test]
fn the_stored_type_follows_the_target_release() {
    // boolean is NUMBER(1) before 23ai (dialects/oracle/dialect.yaml): to INTEGER (NUMBER(38))
    // is more digits, in place.
    let flag = t_with("{name: FLAG, type: char(1)}", "{name: FLAG, type: boolean}");
    let whole = t_with("{name: FLAG, type: char(1)}", "{name: FLAG, type: integer}");
    assert_eq!(
        judged(oracle(&flag, &whole)),
        ["ALTER TABLE T MODIFY (FLAG INTEGER)\n/"]
    );
    // 23ai has SQL BOOLEAN, another kind than NUMBER: ORA-01439 on a column holding values.
    let out = judged(oracle_at(&flag, &whole, "23ai"));
    assert_eq!(out.len(), 1);
    assert!(
        out[0].starts_with(
            "-- MANUAL: change T.FLAG to INTEGER: Oracle changes a column's type to another kind \
             only while the column holds no values (ORA-01439)."
        ),
        "{}",
        out[0]
    );
    // From 21c json is the JSON type, a LOB apart from CLOB: never MODIFY (ORA-22859).
    let doc = t_with("{name: BODY, type: text}", "{name: BODY, type: json}");
    let out = judged(oracle_at(&doc, T, "21c"));
    assert!(
        out[0].starts_with(
            "-- MANUAL: change T.BODY to CLOB: Oracle cannot change a LOB column to another \
             type (ORA-22859)."
        ),
        "{}",
        out[0]
    );
    assert!(oracle(&doc, T).is_empty(), "both a CLOB before 21c");
}

/// [`AUTO`] with REG_LOG_ID of the native Oracle type `native`.
fn auto_native(native: &str) -> String {
    let from = "{name: REG_LOG_ID, type: integer, nullable: false, auto_increment: true}";
    assert!(AUTO.contains(from));
    AUTO.replace(
        from,
        &format!(
            "{{name: REG_LOG_ID, type: integer, nullable: false, auto_increment: true, \
             overrides: {{oracle: {{native_type: \"{native}\", reason: as the DBA writes it}}}}}}"
        ),
    )
}

#[test]
fn a_native_type_is_read_from_the_model() {
    // More digits on an identity column: the MODIFY alone. Its sequence generator has no
    // MAXVALUE, and NOMAXVALUE is 10^28 - 1 whatever the column's type (SQLRF CREATE
    // SEQUENCE): nothing to raise, unlike H2.
    assert_eq!(
        judged(oracle(
            &auto_native("NUMBER(10)"),
            &auto_native("NUMBER(19)")
        )),
        ["ALTER TABLE REG_LOG MODIFY (REG_LOG_ID NUMBER(19))\n/"]
    );
    // Fewer digits: ORA-01440; a NUMBER is not said to be NUMBER(38).
    let out = judged(oracle(
        &auto_native("NUMBER(19)"),
        &auto_native("NUMBER(10)"),
    ));
    assert_eq!(out.len(), 1);
    assert!(
        out[0].starts_with(
            "-- MANUAL: change REG_LOG.REG_LOG_ID to NUMBER(10): Oracle lowers a NUMBER \
             column's precision"
        ),
        "{}",
        out[0]
    );
    // Written INTEGER natively, the column is NUMBER(38) to Oracle, as a portable integer is.
    let out = judged(oracle(&auto_native("integer"), &auto_native("NUMBER(19)")));
    assert!(
        out[0].starts_with(
            "-- MANUAL: change REG_LOG.REG_LOG_ID to NUMBER(19): integer is NUMBER(38) to \
             Oracle, and Oracle lowers"
        ),
        "{}",
        out[0]
    );
    // The portable integer and a native INTEGER are one type to Oracle.
    assert!(oracle(AUTO, &auto_native("INTEGER")).is_empty());
}

#[test]
fn char_and_varchar2_change_kind_at_the_same_length() {
    // CHAR <-> VARCHAR2 in place only at the same length; VARCHAR2 takes the length change
    // (Oracle checks the values then).
    let new = t_with(
        "{name: FLAG, type: char(1)}",
        "{name: FLAG, type: varchar(10)}",
    );
    assert_eq!(
        judged(oracle(T, &new)),
        [
            "ALTER TABLE T MODIFY (FLAG VARCHAR2(1))\n/",
            "ALTER TABLE T MODIFY (FLAG VARCHAR2(10))\n/",
        ]
    );
    let new = t_with(
        "{name: NOTE, type: varchar(100)}",
        "{name: NOTE, type: char(5)}",
    );
    assert_eq!(
        judged(oracle(T, &new)),
        [
            "ALTER TABLE T MODIFY (NOTE VARCHAR2(5))\n/",
            "ALTER TABLE T MODIFY (NOTE CHAR(5))\n/",
        ]
    );
    let new = t_with(
        "{name: FLAG, type: char(1)}",
        "{name: FLAG, type: varchar(1)}",
    );
    assert_eq!(
        judged(oracle(T, &new)),
        ["ALTER TABLE T MODIFY (FLAG VARCHAR2(1))\n/"]
    );
}

#[test]
fn date_becomes_timestamp_in_place() {
    let new = t_with("{name: BORN, type: date}", "{name: BORN, type: timestamp}");
    assert_eq!(
        judged(oracle(T, &new)),
        ["ALTER TABLE T MODIFY (BORN TIMESTAMP)\n/"]
    );
}

#[test]
fn renames_and_drops_are_oracles_own_syntax() {
    let case = |name: &str| {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/migrations")
            .join(name);
        judged(oracle(
            &case_text(&dir, "old.yaml"),
            &case_text(&dir, "new.yaml"),
        ))
    };
    assert_eq!(
        case("rename_column"),
        ["ALTER TABLE CHILD RENAME COLUMN LABEL TO TITLE\n/"]
    );
    assert_eq!(case("rename_table"), ["ALTER TABLE CHILD RENAME TO KID\n/"]);
    assert_eq!(case("drop_index"), ["DROP INDEX IDX_PARENT_NOTE\n/"]);
    assert_eq!(
        case("drop_unique"),
        ["ALTER TABLE PARENT DROP CONSTRAINT UK_PARENT_CODE\n/"]
    );
    assert_eq!(
        case("drop_foreign_key"),
        ["ALTER TABLE CHILD DROP CONSTRAINT FK_CHILD_PARENT\n/"],
        "Oracle made no index for the key: nothing more to drop"
    );
    assert_eq!(
        case("drop_column"),
        ["ALTER TABLE CHILD DROP COLUMN LABEL\n/"]
    );
    assert_eq!(case("drop_table"), ["DROP TABLE CHILD\n/"]);
}

/// Two tables with unnamed keys: Oracle names them SYS_Cn.
const UNNAMED: &str = "module: m
tables:
  - name: P
    columns:
      - {name: ID, type: integer, nullable: false}
      - {name: CODE, type: varchar(20)}
    primary_key: [ID]
    unique:
      - columns: [CODE]
  - name: C
    columns:
      - {name: ID, type: integer, nullable: false}
      - {name: P_ID, type: integer}
    primary_key: [ID]
    foreign_keys:
      - {columns: [P_ID], references: P, ref_columns: [ID]}
";

#[test]
fn an_unnamed_primary_key_is_dropped_without_a_name() {
    let new = UNNAMED.replace(
        "      - {name: P_ID, type: integer}\n    primary_key: [ID]\n",
        "      - {name: P_ID, type: integer}\n",
    );
    assert_ne!(new, UNNAMED);
    assert_eq!(
        judged(oracle(UNNAMED, &new)),
        ["ALTER TABLE C DROP PRIMARY KEY\n/"]
    );
}

#[test]
fn unnamed_unique_and_foreign_keys_are_dropped_without_their_sys_c_names() {
    let new = UNNAMED
        .replace("    unique:\n      - columns: [CODE]\n", "")
        .replace(
            "    foreign_keys:\n      - {columns: [P_ID], references: P, ref_columns: [ID]}\n",
            "",
        );
    let old = model(UNNAMED, VERSION);
    let rendered = migration(&old, &model(&new, VERSION));
    let texts: Vec<String> = rendered.iter().map(|r| r.text.clone()).collect();
    assert_eq!(
        texts,
        [
            // Found by its columns in key order when the migration runs: ORA-01403 if none,
            // ORA-01422 if two, never a guess.
            "DECLARE\n    found VARCHAR2(128);\nBEGIN\n    SELECT c.constraint_name INTO found\n        FROM user_constraints c\n        WHERE c.table_name = 'C' AND c.constraint_type = 'R'\n            AND (SELECT LISTAGG(k.column_name, ',') WITHIN GROUP (ORDER BY k.position)\n                FROM user_cons_columns k\n                WHERE k.constraint_name = c.constraint_name) = 'P_ID';\n    EXECUTE IMMEDIATE 'ALTER TABLE C DROP CONSTRAINT \"' || found || '\"';\nEND;\n/",
            "ALTER TABLE P DROP UNIQUE (CODE)\n/",
        ]
    );
    assert!(rendered.iter().all(|r| !r.statement.manual));
    judged(texts);
}

#[test]
fn an_unnamed_unique_key_is_dropped_by_its_columns_as_stored() {
    let two = UNNAMED
        .replace(
            "      - {name: CODE, type: varchar(20)}\n",
            "      - {name: CODE, type: varchar(20), nullable: false}\n      - {name: KIND, type: varchar(20), nullable: false}\n",
        )
        .replace(
            "      - columns: [CODE]\n",
            "      - columns: [KIND, CODE]\n",
        );
    let new = two.replace("    unique:\n      - columns: [KIND, CODE]\n", "");
    assert_eq!(
        judged(oracle(&two, &new)),
        ["ALTER TABLE P DROP UNIQUE (KIND, CODE)\n/"]
    );
    // Over nullable columns the key is a function-based unique index (NULLs distinct), named
    // as CREATE names it, and dropped as the index.
    let nullable = two.replace("varchar(20), nullable: false}", "varchar(20)}");
    let new = nullable.replace("    unique:\n      - columns: [KIND, CODE]\n", "");
    assert_eq!(judged(oracle(&nullable, &new)), ["DROP INDEX P_UK\n/"]);
    // Quoted names keep their case: the catalog holds them as written.
    let dir = tempfile::tempdir().unwrap();
    let load = |module: &str| {
        fs::write(
            dir.path().join("product.yaml"),
            "product: t\nidentifiers: always-quoted\ndialects:\n  oracle: {version: \"19c\"}\nmodules:\n  - file: m.yaml\n",
        )
        .unwrap();
        fs::write(dir.path().join("m.yaml"), module).unwrap();
        schemagen::model::load(dir.path()).unwrap_or_else(|d| {
            panic!(
                "{}",
                d.iter()
                    .map(|x| x.to_string())
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        })
    };
    let lower = UNNAMED
        .replace("[CODE]", "[code]")
        .replace("name: CODE", "name: code");
    let old = load(&lower);
    let new = load(&lower.replace("    unique:\n      - columns: [code]\n", ""));
    let out: Vec<String> = migration(&old, &new).into_iter().map(|r| r.text).collect();
    assert_eq!(judged(out), ["ALTER TABLE \"P\" DROP UNIQUE (\"code\")\n/"]);
}

/// A table whose key is filled by the database.
const AUTO: &str = "module: m
tables:
  - name: REG_LOG
    columns:
      - {name: REG_LOG_ID, type: integer, nullable: false, auto_increment: true}
      - {name: REG_TENANT_ID, type: integer, nullable: false, default: 0}
    primary_key: [REG_LOG_ID]
";

fn without_auto_increment(module: &str) -> String {
    module.replace(", auto_increment: true}", "}")
}

#[test]
fn identity_is_dropped_in_place_from_12c() {
    for version in ["12.1", "19c", "23ai"] {
        assert_eq!(
            judged(oracle_at(AUTO, &without_auto_increment(AUTO), version)),
            ["ALTER TABLE REG_LOG MODIFY (REG_LOG_ID DROP IDENTITY)\n/"],
            "{version}"
        );
    }
}

#[test]
fn identity_goes_before_the_column_may_be_null() {
    // An identity column is NOT NULL until its identity is dropped (ORA-30672).
    let new = without_auto_increment(AUTO).replace(
        "{name: REG_LOG_ID, type: integer, nullable: false}\n      - {name: REG_TENANT_ID",
        "{name: REG_LOG_ID, type: integer}\n      - {name: REG_TENANT_ID",
    );
    let new = new.replace(
        "    primary_key: [REG_LOG_ID]\n",
        "    primary_key: [REG_TENANT_ID]\n",
    );
    let out = judged(oracle(AUTO, &new));
    let identity = out
        .iter()
        .position(|s| s == "ALTER TABLE REG_LOG MODIFY (REG_LOG_ID DROP IDENTITY)\n/")
        .unwrap_or_else(|| panic!("{out:?}"));
    let null = out
        .iter()
        .position(|s| s == "ALTER TABLE REG_LOG MODIFY (REG_LOG_ID NULL)\n/")
        .unwrap_or_else(|| panic!("{out:?}"));
    assert!(identity < null, "{out:?}");
}

#[test]
fn identity_cannot_be_added_to_a_column_from_12c() {
    let old = model(&without_auto_increment(AUTO), VERSION);
    let rendered = migration(&old, &model(AUTO, VERSION));
    assert_eq!(rendered.len(), 1);
    assert!(rendered[0].statement.manual);
    assert_eq!(
        rendered[0].text,
        "-- MANUAL: make REG_LOG.REG_LOG_ID an identity column: Oracle cannot give an existing \
         column the identity property (ORA-30673). Add a column INTEGER GENERATED BY DEFAULT AS \
         IDENTITY (START WITH the highest REG_LOG_ID + 1), copy REG_LOG_ID into it, drop \
         REG_LOG_ID and rename the new column, or rebuild the table with DBMS_REDEFINITION."
    );
    judged(vec![rendered[0].text.clone()]);
}

#[test]
fn before_12c_the_sequence_and_trigger_go_with_auto_increment() {
    for version in ["10.2", "11.2"] {
        assert_eq!(
            judged(oracle_at(AUTO, &without_auto_increment(AUTO), version)),
            [
                "DROP TRIGGER REG_LOG_TRG\n/",
                "DROP SEQUENCE REG_LOG_SEQ\n/"
            ],
            "{version}"
        );
        // Added: the CREATE script's sequence, started after the values there, and trigger.
        assert_eq!(
            judged(oracle_at(&without_auto_increment(AUTO), AUTO, version)),
            [
                "DECLARE\n    next_value NUMBER;\nBEGIN\n    SELECT NVL(MAX(REG_LOG_ID), 0) + 1 INTO next_value FROM REG_LOG;\n    EXECUTE IMMEDIATE 'CREATE SEQUENCE REG_LOG_SEQ START WITH ' || next_value || ' INCREMENT BY 1 NOCACHE';\nEND;\n/",
                "CREATE OR REPLACE TRIGGER REG_LOG_TRG\n    BEFORE INSERT ON REG_LOG\n    REFERENCING NEW AS NEW\n    FOR EACH ROW\n    WHEN (NEW.REG_LOG_ID IS NULL)\nBEGIN\n    SELECT REG_LOG_SEQ.nextval INTO :NEW.REG_LOG_ID FROM dual;\nEND;\n/",
            ],
            "{version}"
        );
    }
}

#[test]
fn before_12c_the_names_are_the_create_scripts() {
    // 29 bytes: "_SEQ" would make 33, over 11.2's 30; the CREATE script shortens it with a
    // hash (src/emit/names.rs), and the migration must name the same objects.
    let long = AUTO.replace(
        "  - name: REG_LOG\n",
        "  - name: REG_RESOURCE_PROPERTY_HISTORY\n",
    );
    assert_ne!(long, AUTO);
    let create = {
        let files = schemagen::emit::generate(&model(&long, "11.2"), &[ORACLE]).unwrap();
        files[0].contents.clone()
    };
    let out = oracle_at(&long, &without_auto_increment(&long), "11.2");
    assert_eq!(out.len(), 2);
    for (statement, object) in out.iter().zip(["TRIGGER", "SEQUENCE"]) {
        let name = statement
            .strip_prefix(&format!("DROP {object} "))
            .and_then(|s| s.strip_suffix("\n/"))
            .unwrap_or_else(|| panic!("{statement}"));
        assert!(name.len() <= 30, "{name}");
        assert!(
            create.contains(&format!("CREATE SEQUENCE {name} "))
                || create.contains(&format!("CREATE OR REPLACE TRIGGER {name}\n")),
            "{name} is not in the CREATE script:\n{create}"
        );
    }
}

#[test]
fn before_12c_a_quoted_table_keeps_its_quotes_in_the_derived_names() {
    let dir = tempfile::tempdir().unwrap();
    let quoted = |module: &str| {
        fs::write(
            dir.path().join("product.yaml"),
            "product: t\nidentifiers: always-quoted\ndialects:\n  oracle: {version: \"11.2\"}\nmodules:\n  - file: m.yaml\n",
        )
        .unwrap();
        fs::write(dir.path().join("m.yaml"), module).unwrap();
        schemagen::model::load(dir.path()).unwrap_or_else(|d| {
            panic!(
                "{}",
                d.iter()
                    .map(|x| x.to_string())
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        })
    };
    let old = quoted(AUTO);
    let new = quoted(&without_auto_increment(AUTO));
    let out: Vec<String> = migration(&old, &new).into_iter().map(|r| r.text).collect();
    assert_eq!(
        judged(out),
        [
            "DROP TRIGGER \"REG_LOG_TRG\"\n/",
            "DROP SEQUENCE \"REG_LOG_SEQ\"\n/"
        ]
    );
}

#[test]
fn before_12c_a_renamed_table_takes_its_sequence_and_trigger_along() {
    // The trigger moves with the table but names the sequence: the sequence is renamed and the
    // trigger written again, under the names a fresh NEW script gives them.
    let new = AUTO.replace(
        "  - name: REG_LOG\n",
        "  - name: REG_ENTRY\n    renamed_from: REG_LOG\n",
    );
    assert_eq!(
        judged(oracle_at(AUTO, &new, "11.2")),
        [
            "ALTER TABLE REG_LOG RENAME TO REG_ENTRY\n/",
            "RENAME REG_LOG_SEQ TO REG_ENTRY_SEQ\n/",
            "DROP TRIGGER REG_LOG_TRG\n/",
            "CREATE OR REPLACE TRIGGER REG_ENTRY_TRG\n    BEFORE INSERT ON REG_ENTRY\n    REFERENCING NEW AS NEW\n    FOR EACH ROW\n    WHEN (NEW.REG_LOG_ID IS NULL)\nBEGIN\n    SELECT REG_ENTRY_SEQ.nextval INTO :NEW.REG_LOG_ID FROM dual;\nEND;\n/",
        ]
    );
    // Identity columns follow their table.
    assert_eq!(
        judged(oracle(AUTO, &new)),
        ["ALTER TABLE REG_LOG RENAME TO REG_ENTRY\n/"]
    );
    // Renamed along with its column: the trigger is written again for the new column name.
    let both = new.replace(
        "{name: REG_LOG_ID, type: integer, nullable: false, auto_increment: true}",
        "{name: ENTRY_ID, type: integer, nullable: false, auto_increment: true, renamed_from: REG_LOG_ID}",
    )
    .replace("primary_key: [REG_LOG_ID]", "primary_key: [ENTRY_ID]");
    let out = judged(oracle_at(AUTO, &both, "11.2"));
    assert_eq!(
        out[4], "ALTER TABLE REG_ENTRY RENAME COLUMN REG_LOG_ID TO ENTRY_ID\n/",
        "{out:?}"
    );
    assert_eq!(
        out[5],
        "CREATE OR REPLACE TRIGGER REG_ENTRY_TRG\n    BEFORE INSERT ON REG_ENTRY\n    REFERENCING NEW AS NEW\n    FOR EACH ROW\n    WHEN (NEW.ENTRY_ID IS NULL)\nBEGIN\n    SELECT REG_ENTRY_SEQ.nextval INTO :NEW.ENTRY_ID FROM dual;\nEND;\n/"
    );
}

#[test]
fn before_12c_a_dropped_auto_increment_column_or_table_takes_its_objects_along() {
    // A trigger naming a dropped column stays, invalid (every insert fails): dropped with it.
    let second = AUTO.replace(
        "    primary_key: [REG_LOG_ID]\n",
        "    primary_key: [REG_TENANT_ID]\n",
    );
    let without = second.replace(
        "      - {name: REG_LOG_ID, type: integer, nullable: false, auto_increment: true}\n",
        "",
    );
    let out = judged(oracle_at(&second, &without, "11.2"));
    assert_eq!(
        out,
        [
            "ALTER TABLE REG_LOG DROP COLUMN REG_LOG_ID\n/",
            "DROP TRIGGER REG_LOG_TRG\n/",
            "DROP SEQUENCE REG_LOG_SEQ\n/",
        ]
    );
    assert_eq!(
        judged(oracle(&second, &without)),
        ["ALTER TABLE REG_LOG DROP COLUMN REG_LOG_ID\n/"]
    );
    // DROP TABLE takes the trigger along, not the sequence.
    let other =
        "module: m\ntables:\n  - name: OTHER\n    columns:\n      - {name: ID, type: integer}\n";
    let with_other = format!("{AUTO}{}", other.trim_start_matches("module: m\ntables:\n"));
    assert_eq!(
        judged(oracle_at(&with_other, other, "11.2")),
        ["DROP TABLE REG_LOG\n/", "DROP SEQUENCE REG_LOG_SEQ\n/"]
    );
    assert_eq!(
        judged(oracle(&with_other, other)),
        ["DROP TABLE REG_LOG\n/"]
    );
}

#[test]
fn an_added_auto_increment_column_is_filled_as_the_target_fills_it() {
    // Oracle numbers the rows already there (SQLRF ALTER TABLE, add_column_clause).
    let added = AUTO.replace(
        "      - {name: REG_LOG_ID, type: integer, nullable: false, auto_increment: true}\n",
        "",
    );
    let added = added.replace("    primary_key: [REG_LOG_ID]\n", "");
    assert_eq!(
        judged(oracle(&added, AUTO)),
        [
            "ALTER TABLE REG_LOG ADD (REG_LOG_ID INTEGER GENERATED BY DEFAULT AS IDENTITY (NOCACHE) NOT NULL)\n/",
            "ALTER TABLE REG_LOG ADD PRIMARY KEY (REG_LOG_ID)\n/",
        ]
    );
    // Before 12c: the CREATE script's sequence and trigger, before the key is added.
    assert_eq!(
        judged(oracle_at(&added, AUTO, "11.2")),
        [
            "ALTER TABLE REG_LOG ADD (REG_LOG_ID INTEGER NOT NULL)\n/",
            "CREATE SEQUENCE REG_LOG_SEQ START WITH 1 INCREMENT BY 1 NOCACHE\n/",
            "CREATE OR REPLACE TRIGGER REG_LOG_TRG\n    BEFORE INSERT ON REG_LOG\n    REFERENCING NEW AS NEW\n    FOR EACH ROW\n    WHEN (NEW.REG_LOG_ID IS NULL)\nBEGIN\n    SELECT REG_LOG_SEQ.nextval INTO :NEW.REG_LOG_ID FROM dual;\nEND;\n/",
            "ALTER TABLE REG_LOG ADD PRIMARY KEY (REG_LOG_ID)\n/",
        ]
    );
}

#[test]
fn descriptions_are_set_and_removed_with_comment_on() {
    // Oracle has no `IS NULL` form: a comment is dropped by setting it to the empty string
    // (SQLRF COMMENT).
    let described = T
        .replace(
            "  - name: T\n",
            "  - name: T\n    description: What the rules change\n",
        )
        .replace(
            "{name: NOTE, type: varchar(100)}",
            "{name: NOTE, type: varchar(100), description: A note}",
        );
    assert_ne!(described, T);
    let mut removed = judged(oracle(&described, T));
    removed.sort();
    assert_eq!(
        removed,
        [
            "COMMENT ON COLUMN T.NOTE IS ''\n/",
            "COMMENT ON TABLE T IS ''\n/"
        ]
    );
    let mut added = judged(oracle(T, &described));
    added.sort();
    assert_eq!(
        added,
        [
            "COMMENT ON COLUMN T.NOTE IS 'A note'\n/",
            "COMMENT ON TABLE T IS 'What the rules change'\n/"
        ]
    );
    // With a type change: the MODIFY, then the description.
    let retyped = described.replace(
        "{name: NOTE, type: varchar(100), description: A note}",
        "{name: NOTE, type: varchar(200), description: \"The note's text\"}",
    );
    assert_eq!(
        judged(oracle(&described, &retyped)),
        [
            "ALTER TABLE T MODIFY (NOTE VARCHAR2(200))\n/",
            "COMMENT ON COLUMN T.NOTE IS 'The note''s text'\n/"
        ]
    );
    // An added column gets its description as CREATE gives it one.
    let with_column = described.replace(
        "      - {name: SMALL, type: smallint}\n",
        "      - {name: SMALL, type: smallint}\n      - {name: STATE, type: char(1), description: Its state}\n",
    );
    assert_eq!(
        judged(oracle(&described, &with_column)),
        [
            "ALTER TABLE T ADD (STATE CHAR(1))\n/",
            "COMMENT ON COLUMN T.STATE IS 'Its state'\n/"
        ]
    );
}

#[test]
fn a_variant_writes_its_own_sequence_options() {
    // oracle_rac is a file of its own (diff_models gives one per output), with the variant's
    // `sequence_options` in what the migration creates.
    let product = "product: migrations\ndialects:\n  oracle: {version: \"11.2\", variants: [oracle_rac]}\nmodules:\n  - file: m.yaml\n";
    let load = |module: &str| support::fixtures::one_module_model(product, module);
    let added = AUTO
        .replace(
            "      - {name: REG_LOG_ID, type: integer, nullable: false, auto_increment: true}\n",
            "",
        )
        .replace("    primary_key: [REG_LOG_ID]\n", "");
    let files = diff::diff_models(&load(&added), &load(AUTO), &[ORACLE]);
    let outputs: Vec<&str> = files.iter().map(|f| f.output.as_str()).collect();
    assert_eq!(outputs, ["oracle", "oracle_rac"]);
    let sequence = |output: &str| {
        files
            .iter()
            .find(|f| f.output == output)
            .unwrap()
            .statements
            .iter()
            .map(|s| s.statement.sql.clone())
            .find(|s| s.starts_with("CREATE SEQUENCE "))
            .unwrap()
    };
    assert_eq!(
        sequence("oracle"),
        "CREATE SEQUENCE REG_LOG_SEQ START WITH 1 INCREMENT BY 1 NOCACHE"
    );
    assert_eq!(
        sequence("oracle_rac"),
        "CREATE SEQUENCE REG_LOG_SEQ START WITH 1 INCREMENT BY 1 CACHE 20 ORDER"
    );
    // From 12c, the identity's sequence generator takes them.
    let product = product.replace("11.2", "19c");
    let files = diff::diff_models(
        &support::fixtures::one_module_model(&product, &added),
        &support::fixtures::one_module_model(&product, AUTO),
        &[ORACLE],
    );
    let rac = files.iter().find(|f| f.output == "oracle_rac").unwrap();
    assert_eq!(
        rac.statements[0].statement.sql,
        "ALTER TABLE REG_LOG ADD (REG_LOG_ID INTEGER GENERATED BY DEFAULT AS IDENTITY (CACHE 20 ORDER) NOT NULL)"
    );
}

#[test]
fn manual_lines_have_no_terminator_and_everything_else_one_slash() {
    let mut seen_manual = false;
    for case in cases() {
        for r in case_migration(&case).2 {
            if r.statement.manual {
                seen_manual = true;
                assert!(
                    !r.text.contains('\n') && !r.text.ends_with('/'),
                    "{}",
                    r.text
                );
            } else {
                assert!(
                    r.text.ends_with("\n/") && !r.text.ends_with(";\n/"),
                    "{}",
                    r.text
                );
            }
        }
    }
    assert!(seen_manual);
}

/// The migration from `old` to `new` in oracle.
fn migration(old: &Model, new: &Model) -> Vec<Rendered> {
    support::fixtures::rendered_migration(old, new, ORACLE)
}
