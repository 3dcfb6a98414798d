//! Db2 for LUW migrations (`schemagen diff`). No Db2 engine runs here, so the migrations are
//! proven three other ways:
//!
//! 1. a snapshot of the Db2 11.5 migration of every case in tests/migrations/<case>/ (the cases
//!    the engine tests run on PostgreSQL, MariaDB and H2), reviewed line by line against the
//!    Db2 11.5 SQL Reference (snapshots/migrations_db2/);
//! 2. sqlfluff's `db2` dialect parses every statement of those migrations and of the rule tests
//!    below, split on the `/` lines as `db2 -td/ -f` splits them, with what it cannot read
//!    rewritten or left out, each with its reason and a test that it still needs to be;
//! 3. Db2's pitfalls asserted on the rendered SQL: RENAME TABLE, DROP PRIMARY KEY / DROP UNIQUE
//!    / DROP FOREIGN KEY, a REORG right after each REORG-recommended ALTER (SQL0668N reason 7),
//!    a unique key over a nullable column as a unique index, ADD COLUMN ... NOT NULL without a
//!    default (SQL0193N), identity changes (and an identity's maximum after a wider type), the
//!    sequence form's sequence and trigger, descriptions set and removed, foreign keys put back
//!    after a key they reference is dropped, MANUAL lines for unnamed constraints.

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

const DB2: DialectName = DialectName::Db2;

/// The release the cases are rendered for: the current one (11.1 left support in 2023).
const V115: &str = r#"{version: "11.5"}"#;

/// WSO2's own auto-increment form: a sequence and a BEFORE INSERT trigger per column.
const V115_SEQUENCE: &str = r#"{version: "11.5", settings: {auto_increment: sequence}}"#;

/// The product of the engine tests (tests/engine_migrations.rs), also targeting Db2 as `db2`;
/// `extra`: more product lines. No mysql target: the cases' char(300), which Db2 writes as
/// VARCHAR, is beyond MySQL's CHAR (E061).
fn product(db2: &str, extra: &str) -> String {
    format!(
        "product: migrations
check_allowed_values: true
{extra}dialects:
  postgresql: {{version: \"12\"}}
  h2: {{version: \"2.1\"}}
  db2: {db2}
modules:
  - file: m.yaml
"
    )
}

fn case_text(case: &Path, file: &str) -> String {
    fs::read_to_string(case.join(file)).unwrap()
}

/// A one-module model (module text `module_yaml`) of [`product`] with the db2 entry `db2`.
#[track_caller]
fn model(module_yaml: &str, db2: &str) -> Model {
    model_with(module_yaml, db2, "")
}

#[track_caller]
fn model_with(module_yaml: &str, db2: &str, extra: &str) -> Model {
    support::fixtures::one_module_model(&product(db2, extra), module_yaml)
}

/// The rendered statements (with terminators) of the migration from `old` to `new`, db2 entry
/// `db2`.
#[track_caller]
fn db2_with(old: &str, new: &str, db2: &str) -> Vec<String> {
    migration(&model(old, db2), &model(new, db2))
        .into_iter()
        .map(|r| r.text)
        .collect()
}

#[track_caller]
fn db2(old: &str, new: &str) -> Vec<String> {
    db2_with(old, new, V115)
}

/// The rendered migration of a case of tests/migrations/.
fn case_migration(case: &Path) -> (Model, Model, Vec<Rendered>) {
    let old = model(&case_text(case, "old.yaml"), V115);
    let new = model(&case_text(case, "new.yaml"), V115);
    let rendered = migration(&old, &new);
    (old, new, rendered)
}

/// The statements of a script as `db2 -td/ -f` runs them: the text up to each line holding
/// only `/`, comment lines left out. Fails on what the CLP would do wrong: a `/` with no
/// statement before it, a statement left without its `/`, a `;` ending a plain statement
/// (only a trigger body holds `;`).
fn clp_statements(script: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in script.lines() {
        if line == "/" {
            assert!(
                !current.is_empty(),
                "a `/` line with nothing to run:\n{script}"
            );
            let statement = current.join("\n");
            assert!(!statement.ends_with(';'), "a `;` before `/`: {statement}");
            assert!(
                !outside_literals(&statement).contains(';')
                    || statement.starts_with("CREATE TRIGGER")
                    || statement.starts_with("BEGIN\n"),
                "`;` outside a trigger body or compound statement: {statement}"
            );
            out.push(statement);
            current.clear();
        } else if !line.starts_with("--") && !line.trim().is_empty() {
            current.push(line);
        }
    }
    assert!(current.is_empty(), "statement without `/`: {current:?}");
    out
}

/// `statement` without the text of its string literals (`'...'`, `''` inside one), which
/// may hold a `;` as data.
fn outside_literals(statement: &str) -> String {
    let mut out = String::new();
    let mut in_literal = false;
    for c in statement.chars() {
        if c == '\'' {
            in_literal = !in_literal;
        } else if !in_literal {
            out.push(c);
        }
    }
    out
}

// --- 1. every case, snapshotted --------------------------------------------------------------

#[test]
fn every_case_snapshot() {
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
        }
        // An unnamed key (rename_table_with_unnamed_keys) is found in the catalog.
        assert!(
            !rendered.iter().any(|r| r.statement.manual),
            "{name}: no case needs a manual step"
        );
        let destructive = diff::diff_models(&old, &new, &[DB2])
            .iter()
            .flat_map(|f| &f.changes)
            .any(|c| c.destructive().is_some());
        assert_eq!(
            destructive,
            case_yaml.contains("destructive: true"),
            "{name}: destructive flag"
        );
        assert!(
            diff::diff_models(&new, &new, &[DB2])
                .iter()
                .all(|f| f.changes.is_empty() && f.statements.is_empty()),
            "{name}: NEW against itself"
        );
        let text = script(&rendered);
        clp_statements(&text);
        let note = case_yaml
            .lines()
            .find_map(|l| l.strip_prefix("note: "))
            .unwrap_or("\"\"")
            .to_string();
        insta::with_settings!({
            snapshot_path => "../snapshots/migrations_db2",
            prepend_module_to_snapshot => false,
            omit_expression => true,
            description => format!("{name}: {note}"),
        }, {
            insta::assert_snapshot!(name.as_str(), text);
        });
    }
}

// --- 2. sqlfluff -------------------------------------------------------------------------------

/// A clause sqlfluff 4.5.0's `db2` grammar does not know, inside a statement it otherwise
/// parses: written in a form sqlfluff knows before the check (the clause itself is pinned by the
/// snapshots and rule tests); [`sqlfluff_gaps_are_still_gaps`] proves each is still a gap.
struct Rewrite {
    apply: fn(&str) -> String,
    /// A statement with the clause: sqlfluff must fail on it, and parse it rewritten.
    example: &'static str,
    #[allow(dead_code)]
    reason: &'static str,
}

const REWRITES: &[Rewrite] = &[
    Rewrite {
        apply: |s| s.replace(" GENERATED BY DEFAULT AS IDENTITY", ""),
        example: "ALTER TABLE T ADD COLUMN ID INTEGER GENERATED BY DEFAULT AS IDENTITY NOT NULL",
        reason: "sqlfluff's db2 column definition has no identity clause (Db2 11.5 CREATE TABLE / \
                 ALTER TABLE ADD COLUMN, generated-column-spec); checked by \
                 identity_form_columns_become_and_stop_being_identities",
    },
    Rewrite {
        apply: |s| match (s.strip_prefix("ALTER TABLE "), s.find(" ADD CONSTRAINT ")) {
            (Some(_), Some(at)) => match s[at..].find(" FOREIGN KEY ") {
                Some(end) => format!("{} ADD{}", &s[..at], &s[at + end..]),
                None => s.to_string(),
            },
            _ => s.to_string(),
        },
        example: "ALTER TABLE T ADD CONSTRAINT FK_T FOREIGN KEY (A) REFERENCES U (B)",
        reason: "sqlfluff's db2 ALTER TABLE ... ADD CONSTRAINT <name> takes UNIQUE and PRIMARY \
                 KEY but not FOREIGN KEY (Db2 11.5 ALTER TABLE: ADD referential-constraint with \
                 an optional CONSTRAINT name); the unnamed FOREIGN KEY clause is parsed",
    },
    Rewrite {
        apply: |s| match s.strip_prefix("ALTER TABLE ") {
            Some(_) if s.contains(" ADD UNIQUE (") => {
                s.replace(" ADD UNIQUE (", " ADD CONSTRAINT SQLFLUFF_NAME UNIQUE (")
            }
            _ => s.to_string(),
        },
        example: "ALTER TABLE T ADD UNIQUE (A)",
        reason: "sqlfluff's db2 ALTER TABLE takes ADD UNIQUE only with a CONSTRAINT name; Db2's \
                 unique-constraint has an optional one (ALTER TABLE, ADD unique-constraint)",
    },
    Rewrite {
        apply: |s| match (s.strip_prefix("UPDATE "), s.find(" = NEXTVAL FOR ")) {
            (Some(_), Some(at)) => format!("{} = 0", &s[..at]),
            _ => s.to_string(),
        },
        example: "UPDATE T SET ID = NEXTVAL FOR T_SEQ",
        reason: "sqlfluff's db2 expressions have no sequence reference (Db2 11.5 'Sequence \
                 reference': NEXTVAL FOR / NEXT VALUE FOR); the UPDATE around it is parsed, the \
                 value pinned by sequence_form_keeps_the_sequence_and_trigger",
    },
];

/// Statement kinds sqlfluff 4.5.0's `db2` dialect cannot parse at all, with the reason: left
/// out of what it reads (after an unparsable statement it reports the whole rest of its input
/// as one section, hiding the statements after it), pinned by the snapshots and rule tests.
struct Unjudgeable {
    matches: fn(&str) -> bool,
    example: &'static str,
    #[allow(dead_code)]
    reason: &'static str,
}

const UNJUDGEABLE: &[Unjudgeable] = &[
    Unjudgeable {
        matches: |s| s.starts_with("ALTER TABLE ") && s.contains(" ALTER COLUMN "),
        example: "ALTER TABLE T ALTER COLUMN A SET NOT NULL",
        reason: "sqlfluff's db2 ALTER TABLE has only ADD / MODIFY / DROP [COLUMN] and RENAME TO; \
                 no ALTER COLUMN (Db2 11.5 ALTER TABLE, alter-column-options: SET DATA TYPE, \
                 SET DEFAULT, DROP DEFAULT, SET NOT NULL, DROP NOT NULL, SET GENERATED ... AS \
                 IDENTITY, DROP IDENTITY)",
    },
    Unjudgeable {
        matches: |s| {
            s.starts_with("ALTER TABLE ")
                && [
                    " DROP PRIMARY KEY",
                    " DROP UNIQUE ",
                    " DROP FOREIGN KEY ",
                    " DROP CHECK ",
                ]
                .iter()
                .any(|clause| s.contains(clause))
        },
        example: "ALTER TABLE T DROP FOREIGN KEY FK_T",
        reason: "sqlfluff's db2 ALTER TABLE drops only a column (Db2 11.5 ALTER TABLE: DROP \
                 PRIMARY KEY, DROP UNIQUE / FOREIGN KEY / CHECK constraint-name)",
    },
    Unjudgeable {
        matches: |s| s.starts_with("ALTER TABLE ") && s.contains(" RENAME COLUMN "),
        example: "ALTER TABLE T RENAME COLUMN A TO B",
        reason: "sqlfluff's db2 ALTER TABLE renames only the table (Db2 11.5 ALTER TABLE: RENAME \
                 COLUMN source-column-name TO target-column-name)",
    },
    Unjudgeable {
        matches: |s| s.starts_with("RENAME TABLE "),
        example: "RENAME TABLE T TO U",
        reason: "no RENAME statement in sqlfluff's db2 dialect (Db2 11.5 RENAME statement)",
    },
    Unjudgeable {
        matches: |s| s.starts_with("CREATE TRIGGER "),
        example: "CREATE TRIGGER T_TRG\n    NO CASCADE BEFORE INSERT ON T\n    REFERENCING NEW AS \
                  NEW\n    FOR EACH ROW MODE DB2SQL\n    WHEN (NEW.ID IS NULL)\nBEGIN ATOMIC\n    SET (NEW.ID) = (NEXTVAL FOR \
                  T_SEQ);\nEND",
        reason: "no NO CASCADE BEFORE, REFERENCING NEW AS, MODE DB2SQL or BEGIN ATOMIC ... END in \
                 sqlfluff's db2 CREATE TRIGGER (Db2 11.5 CREATE TRIGGER); the CREATE side's own \
                 trigger, compared with it by sequence_form_keeps_the_sequence_and_trigger",
    },
    Unjudgeable {
        matches: |s| s.starts_with("BEGIN\n"),
        example: "BEGIN\n    DECLARE found VARCHAR(128);\n    SELECT CONSTNAME INTO found FROM \
                  SYSCAT.TABCONST WHERE TABNAME = 'T';\n    EXECUTE IMMEDIATE 'ALTER TABLE T \
                  DROP CONSTRAINT \"' || found || '\"';\nEND",
        reason: "no compound SQL (compiled) statement in sqlfluff's db2 dialect (Db2 11.5 \
                 Compound SQL (compiled)); the strict grammar (tests/strict_syntax.rs) parses \
                 it, the text pinned by unnamed_keys_are_found_in_the_catalog",
    },
    Unjudgeable {
        matches: |s| s.starts_with("CREATE SEQUENCE "),
        example: "CREATE SEQUENCE T_SEQ AS BIGINT\n    START WITH 1\n    INCREMENT BY 1\n    NO CACHE",
        reason: "no AS data-type and no NO CACHE in sqlfluff's db2 CREATE SEQUENCE (Db2 11.5 \
                 CREATE SEQUENCE); the CREATE side's own sequence, compared with it by \
                 sequence_form_keeps_the_sequence_and_trigger",
    },
];

/// Checks every statement of `script` (a migration as written) with sqlfluff's `db2` dialect:
/// the statements as `db2 -td/` runs them, [`REWRITES`] applied, each ended with `;`; a
/// statement of an [`UNJUDGEABLE`] kind is counted, not sent. No unparsable section may remain.
/// Returns how often each rewrite changed a statement and each kind was left out.
#[track_caller]
fn sqlfluff_check(script: &str) -> (Vec<usize>, Vec<usize>) {
    let mut rewritten = vec![0; REWRITES.len()];
    let mut left_out = vec![0; UNJUDGEABLE.len()];
    let mut sent = Vec::new();
    for statement in clp_statements(script) {
        if let Some(i) = UNJUDGEABLE.iter().position(|u| (u.matches)(&statement)) {
            left_out[i] += 1;
            continue;
        }
        let mut text = statement;
        for (i, rewrite) in REWRITES.iter().enumerate() {
            let next = (rewrite.apply)(&text);
            if next != text {
                rewritten[i] += 1;
                text = next;
            }
        }
        sent.push(format!("{text};\n"));
    }
    support::sqlfluff::assert_chunks_parse("db2", &sent);
    (rewritten, left_out)
}

/// Checks that `db2 -td/` runs each rendered statement once and that sqlfluff parses each (but
/// what it cannot judge); returns them.
#[track_caller]
fn judged(statements: Vec<String>) -> Vec<String> {
    let script: String = statements.iter().map(|s| format!("{s}\n")).collect();
    sqlfluff_check(&script);
    statements
}

#[test]
fn sqlfluff_parses_every_case_and_rule_migration() {
    let mut scripts: Vec<String> = cases()
        .iter()
        .map(|case| script(&case_migration(case).2))
        .collect();
    for (old, new, entry) in scenarios() {
        scripts.push(script(&migration(&model(&old, entry), &model(&new, entry))));
    }
    let mut rewritten = vec![0; REWRITES.len()];
    let mut left_out = vec![0; UNJUDGEABLE.len()];
    for text in &scripts {
        let (r, l) = sqlfluff_check(text);
        rewritten.iter_mut().zip(r).for_each(|(t, n)| *t += n);
        left_out.iter_mut().zip(l).for_each(|(t, n)| *t += n);
    }
    for (rewrite, n) in REWRITES.iter().zip(&rewritten) {
        assert!(
            *n > 0,
            "rewrite never applied, remove it: {}",
            rewrite.example
        );
    }
    for (kind, n) in UNJUDGEABLE.iter().zip(&left_out) {
        assert!(*n > 0, "kind never written, remove it: {}", kind.example);
    }
}

/// Each [`REWRITES`] gap and each [`UNJUDGEABLE`] kind is still one in this sqlfluff, and the
/// check can fail.
#[test]
fn sqlfluff_gaps_are_still_gaps() {
    for rewrite in REWRITES {
        assert!(
            !unparsable_sections("db2", &format!("{};", rewrite.example)).is_empty(),
            "sqlfluff parses {:?} now: drop the rewrite",
            rewrite.example
        );
        let fixed = (rewrite.apply)(rewrite.example);
        assert_ne!(fixed, rewrite.example);
        assert_eq!(
            unparsable_sections("db2", &format!("{fixed};")),
            Vec::<String>::new(),
            "{fixed}"
        );
    }
    for kind in UNJUDGEABLE {
        assert!((kind.matches)(kind.example), "{}", kind.example);
        assert!(
            !unparsable_sections("db2", &format!("{};", kind.example)).is_empty(),
            "sqlfluff parses {:?} now: judge the kind",
            kind.example
        );
    }
    let broken = "ALTER TABLE T ADD COLUMN C INTEGER,, D\n/\n";
    assert!(std::panic::catch_unwind(|| sqlfluff_check(broken)).is_err());
    // A MANUAL line run by `/` is an empty statement; a `;` ends no plain statement.
    for wrong in [
        "ALTER TABLE T DROP COLUMN C\n/\n-- MANUAL: by hand\n/\n",
        "ALTER TABLE T DROP COLUMN C;\n/\n",
        "ALTER TABLE T DROP COLUMN C\n",
    ] {
        assert!(
            std::panic::catch_unwind(|| clp_statements(wrong)).is_err(),
            "{wrong}"
        );
    }
}

// --- 3. Db2's pitfalls, rule by rule ------------------------------------------------------------

/// A parent, and a table with a column of each kind the rules change.
const T: &str = "module: m
tables:
  - name: P
    columns:
      - {name: ID, type: integer, nullable: false}
    primary_key: [ID]
    primary_key_name: PK_P
  - name: T
    columns:
      - {name: ID, type: integer, nullable: false}
      - {name: P_ID, type: integer}
      - {name: CODE, type: varchar(20), nullable: false, default: x}
      - {name: NOTE, type: varchar(100)}
      - {name: QTY, type: integer, default: 1}
      - {name: FLAG, type: char(1)}
      - {name: WIDE, type: char(300)}
    primary_key: [ID]
    primary_key_name: PK_T
    unique:
      - {name: UK_T_CODE, columns: [CODE]}
    foreign_keys:
      - {name: FK_T_P, columns: [P_ID], references: P, ref_columns: [ID]}
";

/// A table whose ID the database fills (identity, or WSO2's sequence and trigger), a child of
/// it, and seed rows.
const S: &str = "module: m
tables:
  - name: S
    columns:
      - {name: ID, type: integer, nullable: false, auto_increment: true}
      - {name: NAME, type: varchar(20)}
      - {name: N, type: integer, nullable: false, default: 0}
    primary_key: [ID]
    primary_key_name: PK_S
  - name: C
    columns:
      - {name: ID, type: integer, nullable: false}
      - {name: S_ID, type: integer}
    primary_key: [ID]
    foreign_keys:
      - {name: FK_C_S, columns: [S_ID], references: S, ref_columns: [ID]}
";

/// `base` with `from` replaced by `to` (which must be there).
#[track_caller]
fn with(base: &str, from: &str, to: &str) -> String {
    assert!(base.contains(from), "{from}");
    base.replacen(from, to, 1)
}

/// [`T`] with more unique keys: `extra` lines before `foreign_keys:`.
fn t_with_uniques(extra: &str) -> String {
    with(T, "    foreign_keys:", &format!("{extra}    foreign_keys:"))
}

/// Two nullable unique keys, the first unnamed: the CREATE side writes both as unique indexes,
/// the one-column key with EXCLUDE NULL KEYS (NULLs distinct, the model's meaning), the
/// composite one, which has no such form, declared to take Db2's NULLs-equal behaviour.
const NULLABLE_UNIQUES: &str = "      - {columns: [NOTE]}\n      - {name: UK_T_FLAG, columns: [FLAG, QTY], nulls_equal_in: [db2], reason: \"at most one row leaves them unset\"}\n";

/// Unnamed keys: a unique key and a foreign key Db2 names SQL<timestamp>, a primary key.
const UNNAMED_OLD: &str = "module: m
tables:
  - name: P
    columns:
      - {name: ID, type: integer, nullable: false}
      - {name: K, type: integer, nullable: false}
    primary_key: [ID]
    unique:
      - columns: [K]
  - name: U
    columns:
      - {name: ID, type: integer, nullable: false}
      - {name: P_ID, type: integer}
    primary_key: [ID]
    foreign_keys:
      - {columns: [P_ID], references: P, ref_columns: [ID]}
";

const UNNAMED_NEW: &str = "module: m
tables:
  - name: P
    columns:
      - {name: ID, type: integer, nullable: false}
      - {name: K, type: integer, nullable: false}
    primary_key: [ID, K]
  - name: U
    columns:
      - {name: ID, type: integer, nullable: false}
      - {name: P_ID, type: integer}
    primary_key: [ID]
";

/// [`S`] without the database filling S.ID (a plain column with a default).
fn s_plain() -> String {
    with(
        S,
        "{name: ID, type: integer, nullable: false, auto_increment: true}",
        "{name: ID, type: integer, nullable: false, default: 5}",
    )
}

/// [`S`] with C gaining an auto-increment column.
fn s_with_c_filled() -> String {
    with(
        S,
        "      - {name: S_ID, type: integer}\n",
        "      - {name: S_ID, type: integer}\n      - {name: NO, type: bigint, nullable: false, auto_increment: true}\n",
    )
}

/// [`S`] renamed to S2.
fn s_renamed() -> String {
    S.replace("  - name: S\n", "  - name: S2\n    renamed_from: S\n")
        .replace("references: S,", "references: S2,")
}

/// [`S`] with S.ID renamed SID.
fn s_id_renamed() -> String {
    with(
        S,
        "{name: ID, type: integer, nullable: false, auto_increment: true}",
        "{name: SID, type: integer, nullable: false, auto_increment: true, renamed_from: ID}",
    )
    .replace(
        "primary_key: [ID]\n    primary_key_name: PK_S",
        "primary_key: [SID]\n    primary_key_name: PK_S",
    )
    .replace("ref_columns: [ID]}", "ref_columns: [SID]}")
}

/// A module holding only table X.
const X: &str =
    "module: m\ntables:\n  - name: X\n    columns:\n      - {name: ID, type: integer}\n";

/// The migrations of the rule tests on [`T`]-like tables (identity form only) and on [`S`]
/// (both forms): sqlfluff reads them all ([`sqlfluff_parses_every_case_and_rule_migration`]).
fn scenarios() -> Vec<(String, String, &'static str)> {
    let t_uniques = t_with_uniques(NULLABLE_UNIQUES);
    let mut out: Vec<(String, String, &'static str)> = vec![
        (T.to_string(), t_uniques.clone(), V115),
        (t_uniques.clone(), T.to_string(), V115),
        (UNNAMED_OLD.to_string(), UNNAMED_NEW.to_string(), V115),
        (T.to_string(), t_reorg_new(), V115),
        (T.to_string(), t_not_null_added(), V115),
        (
            t_with_uniques("      - {columns: [NOTE]}\n"),
            t_note_not_null(),
            V115,
        ),
    ];
    for (old, new) in [
        (S.to_string(), s_plain()),
        (s_plain(), S.to_string()),
        (S.to_string(), s_with_c_filled()),
        (s_with_c_filled(), S.to_string()),
        (S.to_string(), s_renamed()),
        (S.to_string(), s_id_renamed()),
        (S.to_string(), X.to_string()),
        (X.to_string(), S.to_string()),
    ] {
        out.push((old.clone(), new.clone(), V115));
        out.push((old, new, V115_SEQUENCE));
    }
    out
}

/// The statements of `statements` that the CREATE side writes for `new` too (`db2.sql` of
/// NEW generated with `entry`), compared as `db2 -td/` runs them.
fn in_create_script(new: &str, entry: &str, statement: &str) -> bool {
    let script = schemagen::emit::generate(&model(new, entry), &[DB2]).unwrap()[0]
        .contents
        .clone();
    clp_statements(&script).iter().any(|s| s == statement)
}

/// The statement text without its `\n/` terminator.
fn bare(statement: &str) -> &str {
    statement.strip_suffix("\n/").unwrap_or(statement)
}

#[test]
fn rename_table_is_rename_around_its_foreign_keys() {
    // SQL0750N: RENAME refuses a dependent (or parent) table of a referential constraint. The
    // child's own key is dropped and added again around it ...
    let case = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/migrations/rename_table");
    let texts: Vec<String> = case_migration(&case)
        .2
        .into_iter()
        .map(|r| r.text)
        .collect();
    assert_eq!(
        judged(texts),
        [
            "ALTER TABLE CHILD DROP FOREIGN KEY FK_CHILD_PARENT\n/",
            "RENAME TABLE CHILD TO KID\n/",
            "ALTER TABLE KID ADD CONSTRAINT FK_CHILD_PARENT FOREIGN KEY (PARENT_ID) REFERENCES PARENT (ID) ON DELETE CASCADE\n/",
        ]
    );
    // ... while the keys that reference a renamed parent change with it: the plan drops them
    // before and adds them after, and the rename adds no second drop.
    let renamed = T
        .replace("  - name: P\n", "  - name: Q\n    renamed_from: P\n")
        .replace("references: P,", "references: Q,");
    assert_eq!(
        judged(db2(T, &renamed)),
        [
            "ALTER TABLE T DROP FOREIGN KEY FK_T_P\n/",
            "RENAME TABLE P TO Q\n/",
            "ALTER TABLE T ADD CONSTRAINT FK_T_P FOREIGN KEY (P_ID) REFERENCES Q (ID)\n/",
        ]
    );
}

/// The compound statement that finds an unnamed key of `kind` ('U' / 'F') of `table` over
/// `columns` in the catalog and drops it by the name Db2 gave it.
fn found_and_dropped(table: &str, kind: &str, columns: &str) -> String {
    format!(
        "BEGIN\n    DECLARE found VARCHAR(128);\n    \
         SELECT c.CONSTNAME INTO found\n        \
         FROM SYSCAT.TABCONST c\n        \
         WHERE c.TABSCHEMA = CURRENT SCHEMA AND c.TABNAME = '{table}' AND c.TYPE = '{kind}'\n            \
         AND (SELECT LISTAGG(k.COLNAME, ',') WITHIN GROUP (ORDER BY k.COLSEQ)\n                \
         FROM SYSCAT.KEYCOLUSE k\n                \
         WHERE k.TABSCHEMA = c.TABSCHEMA AND k.TABNAME = c.TABNAME\n                    \
         AND k.CONSTNAME = c.CONSTNAME) = '{columns}';\n    \
         EXECUTE IMMEDIATE 'ALTER TABLE {table} DROP CONSTRAINT \"' || found || '\"';\nEND\n/"
    )
}

#[test]
fn unnamed_keys_are_found_in_the_catalog() {
    let rendered = migration(&model(UNNAMED_OLD, V115), &model(UNNAMED_NEW, V115));
    let texts: Vec<&str> = rendered.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            found_and_dropped("U", "F", "P_ID").as_str(),
            // No name needed: an unnamed primary key is dropped too.
            "ALTER TABLE P DROP PRIMARY KEY\n/",
            found_and_dropped("P", "U", "K").as_str(),
            "ALTER TABLE P ADD PRIMARY KEY (ID, K)\n/",
        ]
    );
    assert!(rendered.iter().all(|r| !r.statement.manual));
    judged(texts.iter().map(|t| t.to_string()).collect());
    // Named keys: the clause of their kind, which Db2 checks against the constraint's kind.
    let dialect = DB2.migrations();
    use schemagen::dialect::migrate::ConstraintKind::*;
    for (kind, name, sql) in [
        (PrimaryKey, Some("PK_T"), "ALTER TABLE T DROP PRIMARY KEY"),
        (Unique, Some("UK_T"), "ALTER TABLE T DROP UNIQUE UK_T"),
        (
            ForeignKey,
            Some("FK_T"),
            "ALTER TABLE T DROP FOREIGN KEY FK_T",
        ),
    ] {
        assert_eq!(dialect.drop_constraint("T", name, kind).unwrap().sql, sql);
    }
    assert!(dialect.drop_constraint("T", None, Unique).is_none());
    assert!(dialect.drop_constraint("T", None, ForeignKey).is_none());
    assert_eq!(
        dialect.implicit_constraint_name("T", Unique, &["A".into()], 1),
        None
    );
}

/// [`T`] with each REORG-recommended change and each change that is not one, and later
/// statements on the same table (an index, a key, a row).
fn t_reorg_new() -> String {
    let new = with(
        T,
        "{name: CODE, type: varchar(20), nullable: false, default: x}",
        "{name: CODE, type: varchar(20), default: z}",
    );
    let new = with(
        &new,
        "{name: NOTE, type: varchar(100)}",
        "{name: NOTE, type: varchar(200), nullable: false}",
    );
    let new = with(
        &new,
        "{name: QTY, type: integer, default: 1}",
        "{name: QTY, type: bigint, default: 1}",
    );
    let new = with(
        &new,
        "      - {name: FLAG, type: char(1)}\n",
        "      - {name: LABEL, type: varchar(10), default: a}\n",
    );
    with(
        &new,
        "    foreign_keys:",
        "    indexes:\n      - {name: IDX_T_NOTE, columns: [NOTE]}\n    rows:\n      - {ID: 1, NOTE: q, CODE: c}\n    foreign_keys:",
    )
}

#[test]
fn reorg_follows_each_reorg_recommended_alter() {
    let statements = judged(db2(T, &t_reorg_new()));
    let reorg = "CALL SYSPROC.ADMIN_CMD('REORG TABLE T')\n/";
    let position = |s: &str| {
        statements
            .iter()
            .position(|x| x == s)
            .unwrap_or_else(|| panic!("no {s} in {statements:#?}"))
    };
    let followed = |s: &str| statements.get(position(s) + 1).map(String::as_str) == Some(reorg);
    // REORG-recommended: DROP NOT NULL, SET NOT NULL, SET DATA TYPE other than a longer
    // VARCHAR, DROP COLUMN; each REORGed before the next ALTER of the table.
    assert!(
        followed("ALTER TABLE T ALTER COLUMN CODE DROP NOT NULL\n/"),
        "{statements:#?}"
    );
    assert!(
        followed("ALTER TABLE T ALTER COLUMN NOTE SET NOT NULL\n/"),
        "{statements:#?}"
    );
    assert!(
        followed("ALTER TABLE T ALTER COLUMN QTY SET DATA TYPE BIGINT\n/"),
        "{statements:#?}"
    );
    assert!(
        followed("ALTER TABLE T DROP COLUMN FLAG\n/"),
        "{statements:#?}"
    );
    // Not: a longer VARCHAR, a default, an added column (with its default).
    for not_reorged in [
        "ALTER TABLE T ALTER COLUMN NOTE SET DATA TYPE VARCHAR(200)\n/",
        "ALTER TABLE T ALTER COLUMN CODE SET DEFAULT 'z'\n/",
        "ALTER TABLE T ADD COLUMN LABEL VARCHAR(10) DEFAULT 'a'\n/",
    ] {
        assert!(!followed(not_reorged), "{not_reorged}: {statements:#?}");
    }
    // The index, the key put back and the row come after the last REORG, none at the end.
    let last_reorg = statements.iter().rposition(|s| s == reorg).unwrap();
    for later in [
        "CREATE INDEX IDX_T_NOTE ON T (NOTE)\n/",
        "CREATE UNIQUE INDEX UK_T_CODE ON T (CODE) EXCLUDE NULL KEYS\n/",
        "INSERT INTO T (ID, CODE, NOTE) VALUES (1, 'c', 'q')\n/",
    ] {
        assert!(position(later) > last_reorg, "{later}: {statements:#?}");
    }
    assert_eq!(statements.iter().filter(|s| *s == reorg).count(), 4);
    assert_ne!(statements.last().unwrap(), reorg);
    // A quoted name is written inside the command's string as it is in SQL.
    let quoted = model_with(
        "module: m\ntables:\n  - name: Mixed\n    columns:\n      - {name: id, type: integer}\n      - {name: note, type: varchar(10)}\n",
        V115,
        "identifiers: quoted-when-needed\n",
    );
    let dropped = model_with(
        "module: m\ntables:\n  - name: Mixed\n    columns:\n      - {name: id, type: integer}\n",
        V115,
        "identifiers: quoted-when-needed\n",
    );
    let texts: Vec<String> = migration(&quoted, &dropped)
        .into_iter()
        .map(|r| r.text)
        .collect();
    assert_eq!(
        judged(texts),
        [
            "ALTER TABLE \"Mixed\" DROP COLUMN \"note\"\n/",
            "CALL SYSPROC.ADMIN_CMD('REORG TABLE \"Mixed\"')\n/",
        ]
    );
}

#[test]
fn unique_key_over_nullable_columns_is_a_unique_index() {
    // Added and dropped as the unique index the CREATE side writes (SQL0542N refuses the
    // constraint), named as it names them: the key's name, or <table>_UK in key order.
    let new = t_with_uniques(NULLABLE_UNIQUES);
    let added = judged(db2(T, &new));
    assert_eq!(
        added,
        [
            "CREATE UNIQUE INDEX T_UK ON T (NOTE) EXCLUDE NULL KEYS\n/",
            "CREATE UNIQUE INDEX UK_T_FLAG ON T (FLAG, QTY)\n/",
        ]
    );
    for statement in &added {
        assert!(in_create_script(&new, V115, bare(statement)), "{statement}");
    }
    assert_eq!(
        judged(db2(&new, T)),
        ["DROP INDEX T_UK\n/", "DROP INDEX UK_T_FLAG\n/"]
    );
    // A key over NOT NULL columns stays a constraint.
    let case = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/migrations/drop_unique");
    let texts: Vec<String> = case_migration(&case)
        .2
        .into_iter()
        .map(|r| r.text)
        .collect();
    assert_eq!(texts, ["ALTER TABLE PARENT DROP UNIQUE UK_PARENT_CODE\n/"]);
    // A key changes form with its columns' nullability: taken out before the column changes,
    // put back in its new form after the REORG.
    let one = t_with_uniques("      - {columns: [NOTE]}\n");
    assert_eq!(
        judged(db2(&one, &t_note_not_null())),
        [
            "DROP INDEX T_UK\n/",
            "ALTER TABLE T ALTER COLUMN NOTE SET NOT NULL\n/",
            "CALL SYSPROC.ADMIN_CMD('REORG TABLE T')\n/",
            "ALTER TABLE T ADD UNIQUE (NOTE)\n/",
        ]
    );
    let case = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/migrations/drop_not_null");
    let texts: Vec<String> = case_migration(&case)
        .2
        .into_iter()
        .map(|r| r.text)
        .collect();
    assert_eq!(
        texts,
        [
            "ALTER TABLE PARENT DROP UNIQUE UK_PARENT_CODE\n/",
            "ALTER TABLE PARENT ALTER COLUMN CODE DROP NOT NULL\n/",
            "CALL SYSPROC.ADMIN_CMD('REORG TABLE PARENT')\n/",
            "CREATE UNIQUE INDEX UK_PARENT_CODE ON PARENT (CODE) EXCLUDE NULL KEYS\n/",
        ]
    );
}

/// [`T`] with an unnamed unique key over NOTE, made NOT NULL.
fn t_note_not_null() -> String {
    with(
        &t_with_uniques("      - {columns: [NOTE]}\n"),
        "{name: NOTE, type: varchar(100)}",
        "{name: NOTE, type: varchar(100), nullable: false}",
    )
}

/// [`T`] with a NOT NULL column without a default added.
fn t_not_null_added() -> String {
    with(
        T,
        "      - {name: WIDE, type: char(300)}\n",
        "      - {name: WIDE, type: char(300)}\n      - {name: MUST, type: integer, nullable: false}\n      - {name: HAS, type: integer, nullable: false, default: 2}\n",
    )
}

#[test]
fn not_null_column_without_default_is_added_nullable_then_set_not_null() {
    // SQL0193N: ADD COLUMN ... NOT NULL needs a DEFAULT. With one, a single ADD COLUMN.
    assert_eq!(
        judged(db2(T, &t_not_null_added())),
        [
            "ALTER TABLE T ADD COLUMN MUST INTEGER\n/",
            "ALTER TABLE T ALTER COLUMN MUST SET NOT NULL\n/",
            "CALL SYSPROC.ADMIN_CMD('REORG TABLE T')\n/",
            "ALTER TABLE T ADD COLUMN HAS INTEGER DEFAULT 2 NOT NULL\n/",
        ]
    );
}

#[test]
fn identity_form_columns_become_and_stop_being_identities() {
    // Becoming one: its default dropped first (an identity column takes none), then SET
    // GENERATED BY DEFAULT AS IDENTITY and a MANUAL restart above existing rows. The keys over
    // the column are taken out and put back (Migrate::modify_column_keeps_constraints).
    let rendered = migration(&model(&s_plain(), V115), &model(S, V115));
    let texts: Vec<&str> = rendered.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "ALTER TABLE C DROP FOREIGN KEY FK_C_S\n/",
            "ALTER TABLE S DROP PRIMARY KEY\n/",
            "ALTER TABLE S ALTER COLUMN ID DROP DEFAULT\n/",
            "ALTER TABLE S ALTER COLUMN ID SET GENERATED BY DEFAULT AS IDENTITY\n/",
            "-- MANUAL: the identity of S.ID starts at 1: if S has rows, restart it above them before the next insert: ALTER TABLE S ALTER COLUMN ID RESTART WITH <MAX(ID) + 1>",
            "ALTER TABLE S ADD CONSTRAINT PK_S PRIMARY KEY (ID)\n/",
            "ALTER TABLE C ADD CONSTRAINT FK_C_S FOREIGN KEY (S_ID) REFERENCES S (ID)\n/",
        ]
    );
    assert!(rendered[4].statement.manual);
    judged(texts.iter().map(|t| t.to_string()).collect());
    // Stopping: DROP IDENTITY, then the default the CREATE side now writes.
    let stopped = judged(db2(S, &s_plain()));
    assert_eq!(
        stopped[2..4],
        [
            "ALTER TABLE S ALTER COLUMN ID DROP IDENTITY\n/",
            "ALTER TABLE S ALTER COLUMN ID SET DEFAULT 5\n/",
        ]
    );
    // The default of an identity column is never written: changing it changes nothing.
    let s_default = with(
        S,
        "auto_increment: true}",
        "auto_increment: true, default: 9}",
    );
    assert!(
        db2(S, &s_default).iter().all(|s| !s.contains("DEFAULT")),
        "{:?}",
        db2(S, &s_default)
    );
    // The column an ADD writes as the CREATE side does.
    assert_eq!(
        judged(db2(S, &s_with_c_filled())),
        ["ALTER TABLE C ADD COLUMN NO BIGINT GENERATED BY DEFAULT AS IDENTITY NOT NULL\n/"]
    );
}

#[test]
fn sequence_form_keeps_the_sequence_and_trigger() {
    let seq = |old: &str, new: &str| judged(db2_with(old, new, V115_SEQUENCE));
    let create_side =
        |new: &str, statement: &str| in_create_script(new, V115_SEQUENCE, bare(statement));
    // An added auto-increment column: added nullable, the CREATE side's sequence and trigger,
    // the existing rows numbered, then NOT NULL.
    let added = seq(S, &s_with_c_filled());
    assert_eq!(added.len(), 6, "{added:#?}");
    assert_eq!(added[0], "ALTER TABLE C ADD COLUMN NO BIGINT\n/");
    assert!(
        added[1].starts_with("CREATE SEQUENCE C_SEQ AS BIGINT"),
        "{}",
        added[1]
    );
    assert!(added[2].starts_with("CREATE TRIGGER C_TRG"), "{}", added[2]);
    assert!(create_side(&s_with_c_filled(), &added[1]), "{}", added[1]);
    assert!(create_side(&s_with_c_filled(), &added[2]), "{}", added[2]);
    assert_eq!(
        added[3..],
        [
            "UPDATE C SET NO = NEXTVAL FOR C_SEQ\n/",
            "ALTER TABLE C ALTER COLUMN NO SET NOT NULL\n/",
            "CALL SYSPROC.ADMIN_CMD('REORG TABLE C')\n/",
        ]
    );
    // A dropped one: the trigger before, the sequence after (DROP TABLE keeps no sequence
    // either).
    assert_eq!(
        seq(&s_with_c_filled(), S),
        [
            "DROP TRIGGER C_TRG\n/",
            "ALTER TABLE C DROP COLUMN NO\n/",
            "DROP SEQUENCE C_SEQ\n/",
            "CALL SYSPROC.ADMIN_CMD('REORG TABLE C')\n/",
        ]
    );
    assert_eq!(
        seq(S, X)[1..],
        [
            "DROP TABLE C\n/",
            "DROP TABLE S\n/",
            "DROP SEQUENCE S_SEQ\n/",
        ]
    );
    // A column that starts or stops being filled: no identity clause, the sequence and
    // trigger instead, and a MANUAL restart above existing rows.
    let rendered = migration(&model(&s_plain(), V115_SEQUENCE), &model(S, V115_SEQUENCE));
    let started: Vec<&str> = rendered.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(started[2], "ALTER TABLE S ALTER COLUMN ID DROP DEFAULT\n/");
    assert!(create_side(S, started[3]) && started[3].starts_with("CREATE SEQUENCE S_SEQ"));
    assert!(create_side(S, started[4]) && started[4].starts_with("CREATE TRIGGER S_TRG"));
    assert_eq!(
        started[5],
        "-- MANUAL: S_SEQ starts at 1: if S has rows, restart it above them before the next insert: ALTER SEQUENCE S_SEQ RESTART WITH <MAX(ID) + 1>"
    );
    assert!(rendered[5].statement.manual);
    assert_eq!(
        seq(S, &s_plain())[2..5],
        [
            "ALTER TABLE S ALTER COLUMN ID SET DEFAULT 5\n/",
            "DROP TRIGGER S_TRG\n/",
            "DROP SEQUENCE S_SEQ\n/",
        ]
    );
    // RENAME TABLE: the trigger dropped before and written again under the new table's name,
    // over the sequence, which keeps its name (MANUAL note); RENAME COLUMN of the filled
    // column: the trigger written again naming the new column.
    let renamed = migration(
        &model(S, V115_SEQUENCE),
        &model(&s_renamed(), V115_SEQUENCE),
    );
    let texts: Vec<&str> = renamed.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(texts[1], "DROP TRIGGER S_TRG\n/");
    assert_eq!(texts[2], "RENAME TABLE S TO S2\n/");
    assert_eq!(
        texts[3],
        "CREATE TRIGGER S2_TRG\n    NO CASCADE BEFORE INSERT ON S2\n    REFERENCING NEW AS NEW\n    FOR EACH ROW MODE DB2SQL\n    WHEN (NEW.ID IS NULL)\nBEGIN ATOMIC\n    SET (NEW.ID) = (NEXTVAL FOR S_SEQ);\nEND\n/"
    );
    assert_eq!(
        texts[4],
        "-- MANUAL: the sequence keeps its name S_SEQ (Db2 renames no sequence), where a fresh install names it S2_SEQ"
    );
    judged(texts.iter().map(|t| t.to_string()).collect());
    let column = seq(S, &s_id_renamed());
    assert_eq!(
        column[1..3],
        [
            "DROP TRIGGER S_TRG\n/",
            "ALTER TABLE S RENAME COLUMN ID TO SID\n/"
        ]
    );
    assert!(
        column[3].contains("SET (NEW.SID) = (NEXTVAL FOR S_SEQ);"),
        "{}",
        column[3]
    );
    assert!(create_side(&s_id_renamed(), &column[3]), "{}", column[3]);
    // A table added in this form gets them from the CREATE side; nothing says IDENTITY.
    for (old, new) in [
        (X.to_string(), S.to_string()),
        (S.to_string(), s_plain()),
        (s_plain(), S.to_string()),
    ] {
        let all = seq(&old, &new);
        assert!(all.iter().all(|s| !s.contains("IDENTITY")), "{all:#?}");
    }
    assert!(
        seq(X, S)
            .iter()
            .any(|s| s.starts_with("CREATE TRIGGER S_TRG"))
    );
    // In the identity form, none of it.
    for (old, new) in [
        (S.to_string(), s_renamed()),
        (S.to_string(), s_id_renamed()),
        (S.to_string(), X.to_string()),
    ] {
        let all = judged(db2(&old, &new));
        assert!(
            all.iter()
                .all(|s| !s.contains("TRIGGER") && !s.contains("SEQUENCE")),
            "{all:#?}"
        );
    }
}

#[test]
fn every_statement_ends_with_the_terminator_line() {
    let at = r#"{version: "11.5", settings: {terminator: "@"}}"#;
    let statements = db2_with(T, &t_reorg_new(), at);
    assert!(statements.len() > 5);
    for statement in &statements {
        assert!(statement.ends_with("\n@"), "{statement}");
        assert!(!statement.contains("\n/"), "{statement}");
    }
    for statement in db2(T, &t_reorg_new()) {
        assert!(
            statement.ends_with("\n/") && !statement.ends_with(";\n/"),
            "{statement}"
        );
    }
}

#[test]
fn a_type_db2_writes_the_same_way_is_not_altered() {
    // char(300) is VARCHAR(300) in Db2 (CHAR holds 255 bytes): varchar(300) changes nothing.
    let new = with(
        T,
        "{name: WIDE, type: char(300)}",
        "{name: WIDE, type: varchar(300)}",
    );
    assert!(db2(T, &new).is_empty(), "{:?}", db2(T, &new));
    // A longer VARCHAR is altered, without a REORG.
    let new = with(
        T,
        "{name: WIDE, type: char(300)}",
        "{name: WIDE, type: varchar(400)}",
    );
    assert_eq!(
        judged(db2(T, &new)),
        ["ALTER TABLE T ALTER COLUMN WIDE SET DATA TYPE VARCHAR(400)\n/"]
    );
}

/// [`S`] with S.ID (and the key referencing it) BIGINT.
fn s_bigint() -> String {
    with(
        S,
        "{name: ID, type: integer, nullable: false, auto_increment: true}",
        "{name: ID, type: bigint, nullable: false, auto_increment: true}",
    )
    .replace("{name: S_ID, type: integer}", "{name: S_ID, type: bigint}")
}

#[test]
fn an_identity_reaches_the_maximum_of_its_wider_type() {
    // SET DATA TYPE keeps the identity's maximum (2147483647 for an INTEGER identity): raised
    // to BIGINT's after the REORG the type change needs.
    let statements = judged(db2(S, &s_bigint()));
    let at = statements
        .iter()
        .position(|s| s == "ALTER TABLE S ALTER COLUMN ID SET DATA TYPE BIGINT\n/")
        .unwrap_or_else(|| panic!("{statements:#?}"));
    assert_eq!(
        statements[at + 1..at + 3],
        [
            "CALL SYSPROC.ADMIN_CMD('REORG TABLE S')\n/",
            "ALTER TABLE S ALTER COLUMN ID SET MAXVALUE 9223372036854775807\n/",
        ]
    );
    assert_eq!(
        statements.iter().filter(|s| s.contains("MAXVALUE")).count(),
        1,
        "{statements:#?}"
    );
    // Narrower: no MAXVALUE. The sequence form: the sequence is AS BIGINT already.
    assert!(db2(&s_bigint(), S).iter().all(|s| !s.contains("MAXVALUE")));
    let sequence = judged(db2_with(S, &s_bigint(), V115_SEQUENCE));
    assert!(
        sequence
            .iter()
            .all(|s| !s.contains("MAXVALUE") && !s.contains("SEQUENCE")),
        "{sequence:#?}"
    );
}

#[test]
fn descriptions_are_set_changed_and_removed() {
    let described = with(T, "  - name: T\n", "  - name: T\n    description: the t\n");
    let described = with(
        &described,
        "{name: NOTE, type: varchar(100)}",
        "{name: NOTE, type: varchar(100), description: a note}",
    );
    assert_eq!(
        judged(db2(T, &described)),
        [
            "COMMENT ON TABLE T IS 'the t'\n/",
            "COMMENT ON COLUMN T.NOTE IS 'a note'\n/",
        ]
    );
    // COMMENT ON takes no NULL: an empty string removes a description.
    assert_eq!(
        judged(db2(&described, T)),
        [
            "COMMENT ON TABLE T IS ''\n/",
            "COMMENT ON COLUMN T.NOTE IS ''\n/",
        ]
    );
    // A changed one is cut to the 254-byte limit, as on the CREATE side.
    let long = "x".repeat(300);
    let rendered = migration(
        &model(&described, V115),
        &model(&described.replace("the t", &long), V115),
    );
    assert_eq!(rendered.len(), 1);
    let sql = &rendered[0].statement.statement.sql;
    assert!(sql.starts_with("COMMENT ON TABLE T IS 'xxx"), "{sql}");
    // 254 bytes between the quotes.
    assert_eq!(sql.len(), "COMMENT ON TABLE T IS ''".len() + 254, "{sql}");
    assert!(sql.ends_with("...'"), "{sql}");
    assert!(rendered[0].statement.statement.comment.is_some());
}

#[test]
fn a_dropped_key_gets_its_foreign_keys_back() {
    // DROP PRIMARY KEY drops the foreign keys that reference the key too ("ALTER TABLE
    // statement"): a kept one is not dropped before (it goes with the key) and is added again
    // after the new key.
    let renamed_key = with(S, "primary_key_name: PK_S", "primary_key_name: PK_S2");
    assert_eq!(
        judged(db2(S, &renamed_key)),
        [
            "ALTER TABLE S DROP PRIMARY KEY\n/",
            "ALTER TABLE S ADD CONSTRAINT PK_S2 PRIMARY KEY (ID)\n/",
            "ALTER TABLE C ADD CONSTRAINT FK_C_S FOREIGN KEY (S_ID) REFERENCES S (ID)\n/",
        ]
    );
    // An unnamed one too.
    let unnamed = S.replace("{name: FK_C_S, columns", "{columns");
    let texts = db2(
        &unnamed,
        &with(
            &unnamed,
            "primary_key_name: PK_S",
            "primary_key_name: PK_S2",
        ),
    );
    assert_eq!(
        texts.last().map(String::as_str),
        Some("ALTER TABLE C ADD FOREIGN KEY (S_ID) REFERENCES S (ID)\n/"),
        "{texts:#?}"
    );
    // ... with no MANUAL step asking to drop it by hand.
    assert!(!texts.iter().any(|t| t.contains("MANUAL")), "{texts:#?}");
}

/// The migration from `old` to `new` in db2.
fn migration(old: &Model, new: &Model) -> Vec<Rendered> {
    support::fixtures::rendered_migration(old, new, DB2)
}
