//! SQL Server (mssql) migrations, with no engine here. For every case in tests/migrations/
//! (old.yaml → new.yaml, the matrix the engine tests run on PostgreSQL, MariaDB and H2), with
//! mssql added at SQL Server 2016:
//!
//! 1. the migration `schemagen diff` writes, framed as the CLI frames it, is a snapshot
//!    (`snapshots/migrations_mssql/`), reviewed line by line against the SQL Server manual;
//!    NEW against itself is empty, the case's `destructive:` flag matches, no case needs a
//!    manual step;
//! 2. sqlfluff's `tsql` dialect parses every statement (what it cannot judge is listed, with
//!    the reason);
//! 3. SQL Server's ALTER pitfalls, one rule at a time, asserted on the migration the plan
//!    writes (keys, indexes and CHECKs dropped and made again around ALTER COLUMN, row
//!    statements after an ALTER of their table deferred with EXEC, descriptions updated or
//!    dropped, no schema written).

mod support;

use support::fixtures::{case_name, migration_cases as cases};

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use schemagen::dialect::migrate::{ConstraintKind, Migrate};
use schemagen::dialect::{DialectName, Statement};
use schemagen::diff;
use schemagen::diff::plan::MigrationStatement;
use schemagen::model::Model;
use support::sqlfluff::{Unjudgeable, assert_parses};

/// The engine tests' product, with mssql added at the oldest version schemagen targets.
/// `extra` holds more product settings, one per line.
fn product(mssql: &str, extra: &str) -> String {
    format!(
        "product: migrations
check_allowed_values: true
{extra}dialects:
  postgresql: {{version: \"12\"}}
  mysql: {{version: \"8.0\"}}
  h2: {{version: \"2.1\"}}
  mssql: {mssql}
modules:
  - file: m.yaml
"
    )
}

const MSSQL_2016: &str = r#"{version: "2016"}"#;
const MSSQL_2016_GO: &str = r#"{version: "2016", settings: {batch_separator: GO}}"#;

/// A model of one module (`m.yaml`) under the product with mssql as `mssql`.
fn load(module: &str, mssql: &str) -> (tempfile::TempDir, Model) {
    load_with(module, mssql, "")
}

fn load_with(module: &str, mssql: &str, extra: &str) -> (tempfile::TempDir, Model) {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("product.yaml"), product(mssql, extra)).unwrap();
    fs::write(dir.path().join("m.yaml"), module).unwrap();
    let model = schemagen::model::load(dir.path()).unwrap_or_else(|d| panic!("{}", d.render()));
    (dir, model)
}

fn case_model(case: &Path, version: &str, mssql: &str) -> (tempfile::TempDir, Model) {
    load(
        &fs::read_to_string(case.join(format!("{version}.yaml"))).unwrap(),
        mssql,
    )
}

/// The mssql migration from `old` to `new`: its statements, and the text the CLI writes for
/// them (`-- DESTRUCTIVE:` above a destructive statement, each statement followed by the
/// dialect's terminator, none after a MANUAL step), without the file header.
struct Migration {
    statements: Vec<MigrationStatement>,
    /// Each statement with its terminator, as written.
    written: Vec<String>,
    text: String,
    destructive: bool,
}

fn migration(old: &Model, new: &Model) -> Migration {
    let dialect = DialectName::Mssql;
    let files = diff::diff_models(old, new, &[dialect]);
    let mut statements = Vec::new();
    let mut written = Vec::new();
    let mut text = String::new();
    let mut destructive = false;
    for file in files {
        assert_eq!(file.dialect, dialect);
        destructive |= file.changes.iter().any(|c| c.destructive().is_some());
        for s in file.statements {
            let terminator = s.terminator(dialect, &file.target);
            if let Some(reason) = s.destructive {
                text.push_str(&format!("-- DESTRUCTIVE: {reason}\n"));
            }
            let statement = format!("{}{terminator}", s.statement.sql);
            text.push_str(&statement);
            text.push('\n');
            written.push(statement);
            statements.push(s);
        }
    }
    Migration {
        statements,
        written,
        text,
        destructive,
    }
}

/// The migration between two inline modules.
fn inline(old: &str, new: &str, mssql: &str) -> Migration {
    let (_o, old) = load(old, mssql);
    let (_n, new) = load(new, mssql);
    migration(&old, &new)
}

/// The migration between two inline modules under a product with more settings.
fn inline_with(old: &str, new: &str, mssql: &str, extra: &str) -> Migration {
    let (_o, old) = load_with(old, mssql, extra);
    let (_n, new) = load_with(new, mssql, extra);
    migration(&old, &new)
}

/// Names quoted where a database needs it (`user`, `order` are reserved in SQL Server).
const QUOTED_WHEN_NEEDED: &str = "identifiers: quoted-when-needed\n";

fn case_migration(case: &str, mssql: &str) -> Migration {
    let case = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/migrations")
        .join(case);
    let (_o, old) = case_model(&case, "old", mssql);
    let (_n, new) = case_model(&case, "new", mssql);
    migration(&old, &new)
}

fn mssql() -> &'static dyn Migrate {
    DialectName::Mssql.migrations()
}

/// The position of the first statement containing `needle`, for order assertions.
fn position(m: &Migration, needle: &str) -> usize {
    m.statements
        .iter()
        .position(|s| s.statement.sql.contains(needle))
        .unwrap_or_else(|| panic!("no statement contains {needle:?}:\n{}", m.text))
}

// --- 1. snapshots -----------------------------------------------------------------------------

/// Every case's migration, reviewed against the SQL Server manual.
#[test]
fn every_case_migration() {
    let mut failures = Vec::new();
    for case in cases() {
        let name = case_name(&case);
        let case_yaml = fs::read_to_string(case.join("case.yaml")).unwrap();
        let (_o, old) = case_model(&case, "old", MSSQL_2016);
        let (_n, new) = case_model(&case, "new", MSSQL_2016);
        let m = migration(&old, &new);
        let expected_destructive = case_yaml.contains("destructive: true");
        if m.destructive != expected_destructive {
            failures.push(format!(
                "{name}: destructive is {}, the case says {expected_destructive}",
                m.destructive
            ));
        }
        if m.statements.is_empty() {
            failures.push(format!("{name}: no statements"));
        }
        if let Some(s) = m.statements.iter().find(|s| s.manual) {
            failures.push(format!(
                "{name}: no case needs a manual step: {}",
                s.statement.sql
            ));
        }
        if !diff::diff_models(&new, &new, &[DialectName::Mssql])
            .iter()
            .all(|f| f.changes.is_empty() && f.statements.is_empty())
        {
            failures.push(format!("{name}: NEW against itself is not empty"));
        }
        let note = case_yaml
            .lines()
            .find_map(|l| l.strip_prefix("note: "))
            .map(|n| n.trim_matches('"'))
            .unwrap_or("");
        let description = if note.is_empty() {
            name.clone()
        } else {
            format!("{name}: {note}")
        };
        insta::with_settings!({snapshot_path => "../snapshots/migrations_mssql", prepend_module_to_snapshot => false, omit_expression => true, description => description}, {
            insta::assert_snapshot!(name.as_str(), m.text);
        });
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// --- 2. sqlfluff tsql -------------------------------------------------------------------------

/// Statement kinds sqlfluff's `tsql` dialect (4.5.0) cannot judge in migrations.
const UNJUDGEABLE: &[Unjudgeable] = &[Unjudgeable {
    starts_with: "WITH VALUES",
    reason: "ALTER TABLE ... ADD c type DEFAULT x WITH VALUES is T-SQL (\"ALTER TABLE \
             column_definition\": `[ CONSTRAINT constraint_name ] DEFAULT constant_expression \
             [ WITH VALUES ]`), but sqlfluff 4.5.0's tsql grammar has no WITH VALUES after a \
             column default and stops there",
}];

/// Every statement of every case's migration, and of the rule tests' migrations, parses as
/// T-SQL. One sqlfluff run per statement: an unparsable section runs to the end of its input,
/// so a statement checked together with others would hide theirs. The same migrations with
/// `batch_separator: GO` parse as one file (the statements sqlfluff cannot judge left out).
#[test]
fn every_statement_parses_as_tsql() {
    let mut statements = BTreeSet::new();
    for case in cases() {
        let (_o, old) = case_model(&case, "old", MSSQL_2016);
        let (_n, new) = case_model(&case, "new", MSSQL_2016);
        statements.extend(migration(&old, &new).written);
    }
    statements.extend(
        rule_migrations(MSSQL_2016)
            .into_iter()
            .flat_map(|m| m.written),
    );
    let statements: Vec<String> = statements.into_iter().collect();
    assert!(statements.len() >= 40, "{} statements", statements.len());
    let used: Vec<Vec<usize>> = std::thread::scope(|scope| {
        let workers: Vec<_> = statements
            .chunks(statements.len().div_ceil(4))
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .map(|sql| assert_parses("tsql", sql, UNJUDGEABLE))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });
    for (i, excuse) in UNJUDGEABLE.iter().enumerate() {
        assert!(
            used.iter().any(|u| u[i] > 0),
            "no statement needs the excuse {:?} any more: remove it",
            excuse.starts_with
        );
    }

    let excused: BTreeSet<&String> = statements
        .iter()
        .zip(&used)
        .filter(|(_, u)| u.iter().any(|&n| n > 0))
        .map(|(s, _)| s)
        .collect();
    let mut with_go = String::new();
    let mut count = 0;
    let mut go_migrations: Vec<Migration> = cases()
        .iter()
        .map(|case| {
            let (_o, old) = case_model(case, "old", MSSQL_2016_GO);
            let (_n, new) = case_model(case, "new", MSSQL_2016_GO);
            migration(&old, &new)
        })
        .collect();
    go_migrations.extend(rule_migrations(MSSQL_2016_GO));
    for m in go_migrations {
        for (s, written) in m.statements.iter().zip(m.written) {
            let plain = written.strip_suffix("\nGO").map(str::to_string);
            if plain.is_some_and(|p| excused.contains(&p)) {
                continue;
            }
            with_go.push_str(&written);
            with_go.push('\n');
            // A MANUAL step is comment lines, with no terminator and so no GO.
            if !s.manual {
                count += 1;
            }
        }
    }
    assert!(
        count >= 30 && with_go.matches("\nGO\n").count() == count,
        "{with_go}"
    );
    assert_parses("tsql", &with_go, &[]);
}

/// The migrations of the rule tests below (mssql as `mssql`), for the parse checks.
fn rule_migrations(mssql: &str) -> Vec<Migration> {
    let mut out = Vec::new();
    for (old, new) in [
        (UNNAMED_OLD, UNNAMED_NEW.to_string()),
        (IDENTITY_OLD, IDENTITY_NEW.to_string()),
        (IDENTITY_NEW, IDENTITY_OLD.to_string()),
        (
            INDEXED_OLD,
            INDEXED_OLD
                .replace("type: integer, default: 1", "type: bigint, default: 2")
                .replace("varchar(20), nullable: false", "varchar(20)")
                .replace("varchar(100)", "varchar(50)"),
        ),
        (
            SERIAL_OLD,
            SERIAL_OLD.replace("type: integer", "type: bigint"),
        ),
        (ROWS_OLD, ROWS_NEW.to_string()),
        (DESCRIBED_OLD, DESCRIBED_NEW.to_string()),
        (DESCRIBED_NEW, DESCRIBED_OLD.to_string()),
    ] {
        out.push(inline(old, &new, mssql));
    }
    // Not ODD_OLD's: sqlfluff 4.5.0's tsql lexer ends a bracketed name at its first `]`, so
    // it cannot read `[a]]b]` (T-SQL's escaped `]`, "Database identifiers").
    out.push(inline_with(
        QUOTED_OLD,
        QUOTED_NEW,
        mssql,
        QUOTED_WHEN_NEEDED,
    ));
    for new in [
        CHECK_OLD.replace("char(1)", "char(2)"),
        CHECK_OLD.replace("[A, S]", "[A, S, D]"),
        CHECK_NEW.to_string(),
    ] {
        out.push(inline(CHECK_OLD, &new, mssql));
    }
    out
}

// --- 3. rules ---------------------------------------------------------------------------------

/// `ALTER TABLE t ADD c ...`: T-SQL has no COLUMN keyword there.
#[test]
fn add_column_has_no_column_keyword() {
    for case in ["add_column", "add_not_null_column_with_default"] {
        let m = case_migration(case, MSSQL_2016);
        assert!(!m.text.contains("ADD COLUMN"), "{}", m.text);
        assert!(m.text.contains("ALTER TABLE CHILD ADD "), "{}", m.text);
    }
}

/// A nullable column added with a default fills existing rows with it (`WITH VALUES`), as
/// the other databases do; a NOT NULL one is filled anyway and takes no WITH VALUES; a column
/// without a default, and an identity column (which takes none), take none. Decided from the
/// column's typed shape, so a name that holds " DEFAULT " changes nothing.
#[test]
fn added_nullable_column_with_default_fills_existing_rows() {
    let m = case_migration("add_column", MSSQL_2016);
    assert_eq!(
        m.written,
        ["ALTER TABLE CHILD ADD WEIGHT DECIMAL(8,2) DEFAULT 0 WITH VALUES;"]
    );
    let m = case_migration("add_not_null_column_with_default", MSSQL_2016);
    assert_eq!(
        m.written,
        ["ALTER TABLE CHILD ADD STATE NCHAR(1) DEFAULT 'A' NOT NULL;"]
    );
    let old = "module: m
tables:
  - name: T
    columns:
      - {name: ID, type: integer, nullable: false}
    primary_key: [ID]
    primary_key_name: PK_T
  - name: U
    columns:
      - {name: CODE, type: integer, nullable: false}
    primary_key: [CODE]
    primary_key_name: PK_U
";
    let new = "module: m
tables:
  - name: T
    columns:
      - {name: ID, type: integer, nullable: false}
      - {name: PLAIN, type: integer}
      - {name: FILLED, type: integer, default: 1}
      - {name: \"a DEFAULT b\", type: integer}
      - {name: \"c DEFAULT d\", type: integer, default: 2}
    primary_key: [ID]
    primary_key_name: PK_T
  - name: U
    columns:
      - {name: CODE, type: integer, nullable: false}
      - {name: SEQ, type: integer, nullable: false, auto_increment: true}
    primary_key: [CODE]
    primary_key_name: PK_U
";
    let m = inline_with(old, new, MSSQL_2016, QUOTED_WHEN_NEEDED);
    for statement in [
        "ALTER TABLE T ADD PLAIN INT;",
        "ALTER TABLE T ADD FILLED INT DEFAULT 1 WITH VALUES;",
        "ALTER TABLE T ADD [a DEFAULT b] INT;",
        "ALTER TABLE T ADD [c DEFAULT d] INT DEFAULT 2 WITH VALUES;",
        "ALTER TABLE U ADD SEQ INT IDENTITY(1,1) NOT NULL;",
    ] {
        assert!(
            m.written.contains(&statement.to_string()),
            "{statement}\n{}",
            m.text
        );
    }
}

/// ALTER COLUMN restates the type and NULL / NOT NULL together (left out, the column would
/// become nullable); there is no SET DATA TYPE, SET / DROP NOT NULL or MODIFY.
#[test]
fn alter_column_restates_type_and_nullability() {
    for (case, statement) in [
        (
            "set_not_null_without_default",
            "ALTER TABLE CHILD ALTER COLUMN LABEL NVARCHAR(30) NOT NULL",
        ),
        (
            "drop_not_null",
            "ALTER TABLE PARENT ALTER COLUMN CODE NVARCHAR(20) NULL",
        ),
        (
            "widen_varchar",
            "ALTER TABLE PARENT ALTER COLUMN NOTE NVARCHAR(200) NULL",
        ),
        (
            "narrow_varchar",
            "ALTER TABLE PARENT ALTER COLUMN NOTE NVARCHAR(50) NULL",
        ),
        (
            "retype_varchar_to_integer",
            "ALTER TABLE CHILD ALTER COLUMN LABEL INT NULL",
        ),
    ] {
        let m = case_migration(case, MSSQL_2016);
        assert!(
            m.statements.iter().any(|s| s.statement.sql == statement),
            "{case}: {statement}\n{}",
            m.text
        );
        for ansi in [
            "SET DATA TYPE",
            "SET NOT NULL",
            "DROP NOT NULL",
            "MODIFY",
            " TYPE ",
        ] {
            assert!(!m.text.contains(ansi), "{case}: {ansi}\n{}", m.text);
        }
    }
}

/// A default is a constraint with a name the server made up: it is found in
/// sys.default_constraints by the column's id and dropped by that name, never with the ANSI
/// `ALTER COLUMN ... DROP DEFAULT` / `SET DEFAULT`; a new one is `ADD DEFAULT x FOR c`.
#[test]
fn defaults_are_found_at_run_time_and_added_for_the_column() {
    let m = case_migration("drop_default", MSSQL_2016);
    assert_eq!(m.statements.len(), 1, "{}", m.text);
    let block = &m.statements[0].statement.sql;
    for part in [
        "FROM sys.default_constraints",
        "WHERE parent_object_id = OBJECT_ID(N'[PARENT]') AND parent_column_id = COLUMNPROPERTY(OBJECT_ID(N'[PARENT]'), N'QTY', 'ColumnId')",
        "N'ALTER TABLE PARENT DROP CONSTRAINT ' + QUOTENAME(name)",
    ] {
        assert!(block.contains(part), "{part}\n{block}");
    }
    // Dropping a default that is not there is no error (a migration may meet a database
    // whose default was already dropped by hand).
    assert!(block.contains(" IS NOT NULL EXEC ("), "{block}");
    assert!(!m.text.contains("DROP DEFAULT") && !m.text.contains("SET DEFAULT"));

    let m = case_migration("set_default", MSSQL_2016);
    assert_eq!(m.statements.len(), 2, "{}", m.text);
    assert!(
        m.statements[0]
            .statement
            .sql
            .contains("FROM sys.default_constraints")
    );
    assert_eq!(
        m.statements[1].statement.sql,
        "ALTER TABLE PARENT ADD DEFAULT 'none' FOR NOTE"
    );
}

/// A default blocks a change of its column's data type ("The modified column can't be: ...
/// Associated with a default definition"): it is dropped before and added again after.
#[test]
fn a_default_is_dropped_around_a_type_change() {
    let m = case_migration("retype_integer_to_bigint", MSSQL_2016);
    let drop = position(&m, "FROM sys.default_constraints");
    let alter = position(&m, "ALTER TABLE PARENT ALTER COLUMN QTY BIGINT NULL");
    let add = position(&m, "ALTER TABLE PARENT ADD DEFAULT 1 FOR QTY");
    assert!(drop < alter && alter < add, "{}", m.text);
    assert_eq!(m.statements.len(), 3, "{}", m.text);
    // Without a default before or after, a type change is one ALTER COLUMN.
    let m = case_migration("retype_varchar_to_integer", MSSQL_2016);
    assert_eq!(
        m.written,
        ["ALTER TABLE CHILD ALTER COLUMN LABEL INT NULL;"],
        "{}",
        m.text
    );
}

/// Keys over a changed column are dropped before ALTER COLUMN and added again after ("The
/// modified column can't be: ... Used in a PRIMARY KEY or [FOREIGN KEY] REFERENCES
/// constraint. Used in a CHECK or UNIQUE constraint").
#[test]
fn keys_over_a_changed_column_are_dropped_and_added_again() {
    let m = case_migration("drop_not_null", MSSQL_2016);
    let drop = position(&m, "ALTER TABLE PARENT DROP CONSTRAINT UK_PARENT_CODE");
    let alter = position(&m, "ALTER COLUMN CODE NVARCHAR(20) NULL");
    // CODE may now hold NULL: the key comes back as the filtered unique index CREATE writes
    // for a nullable key (NULLs distinct, as the model means).
    let add = position(
        &m,
        "CREATE UNIQUE INDEX UK_PARENT_CODE ON PARENT (CODE) WHERE CODE IS NOT NULL",
    );
    assert!(drop < alter && alter < add, "{}", m.text);

    // A retyped primary key column: the foreign key that references it goes first and comes
    // back last.
    let old = "module: m
tables:
  - name: P
    columns:
      - {name: ID, type: integer, nullable: false}
    primary_key: [ID]
    primary_key_name: PK_P
  - name: C
    columns:
      - {name: ID, type: integer, nullable: false}
      - {name: P_ID, type: integer}
    primary_key: [ID]
    primary_key_name: PK_C
    foreign_keys:
      - {name: FK_C_P, columns: [P_ID], references: P, ref_columns: [ID]}
";
    let new = old.replace("type: integer", "type: bigint");
    let m = inline(old, &new, MSSQL_2016);
    let fk_drop = position(&m, "ALTER TABLE C DROP CONSTRAINT FK_C_P");
    let pk_drop = position(&m, "ALTER TABLE P DROP CONSTRAINT PK_P");
    let alter = position(&m, "ALTER TABLE P ALTER COLUMN ID BIGINT NOT NULL");
    let pk_add = position(&m, "ALTER TABLE P ADD CONSTRAINT PK_P PRIMARY KEY (ID)");
    let fk_add = position(&m, "ALTER TABLE C ADD CONSTRAINT FK_C_P FOREIGN KEY (P_ID)");
    assert!(
        fk_drop < pk_drop && pk_drop < alter && alter < pk_add && pk_add < fk_add,
        "{}",
        m.text
    );

    // A change that writes no ALTER COLUMN (a description, a default) leaves the keys alone.
    let described = old.replace(
        "{name: ID, type: integer, nullable: false}\n    primary_key: [ID]\n    primary_key_name: PK_P",
        "{name: ID, type: integer, nullable: false, description: The id.}\n    primary_key: [ID]\n    primary_key_name: PK_P",
    );
    assert_ne!(described, old);
    let m = inline(old, &described, MSSQL_2016);
    assert!(!m.text.contains("DROP CONSTRAINT"), "{}", m.text);
    assert!(m.text.contains("sp_addextendedproperty"), "{}", m.text);
}

const INDEXED_OLD: &str = "module: m
tables:
  - name: T
    columns:
      - {name: ID, type: integer, nullable: false}
      - {name: CODE, type: varchar(20), nullable: false}
      - {name: NOTE, type: varchar(100)}
      - {name: QTY, type: integer, default: 1}
    primary_key: [ID]
    primary_key_name: PK_T
    indexes:
      - {name: IX_T_NOTE, columns: [NOTE]}
      - {name: UX_T_QTY, columns: [QTY, ID], unique: true}
      - {name: IX_T_CODE, columns: [CODE]}
";

/// ALTER COLUMN fails on a column an index uses (Msg 5074 / 4922) "unless the column is a
/// varchar, nvarchar, or varbinary data type, the data type isn't changed, the new size is
/// equal to or greater than the old size, and the index isn't the result of a PRIMARY KEY
/// constraint": the plan drops those indexes before and creates them again after, guarded as
/// CREATE writes them; a VARCHAR that only grows keeps its index, and so does a change that
/// writes no ALTER COLUMN (a default).
#[test]
fn indexes_over_a_changed_column_are_dropped_and_created_again() {
    // Narrowing a VARCHAR: refused on the index.
    let m = case_migration("narrow_varchar", MSSQL_2016);
    let drop = position(&m, "DROP INDEX IDX_PARENT_NOTE ON PARENT");
    let alter = position(&m, "ALTER TABLE PARENT ALTER COLUMN NOTE NVARCHAR(50) NULL");
    let create = position(&m, "CREATE INDEX IDX_PARENT_NOTE ON PARENT (NOTE)");
    assert!(drop < alter && alter < create, "{}", m.text);
    assert!(
        m.statements[create].statement.sql.starts_with(
            "IF NOT EXISTS (SELECT * FROM sys.indexes WHERE object_id = OBJECT_ID(N'[PARENT]') AND name = N'IDX_PARENT_NOTE')\n"
        ),
        "{}",
        m.text
    );
    // Widening one: the documented exception, the index stays.
    let m = case_migration("widen_varchar", MSSQL_2016);
    assert_eq!(
        m.written,
        ["ALTER TABLE PARENT ALTER COLUMN NOTE NVARCHAR(200) NULL;"]
    );

    // A type change under a unique index; a nullability change; a default only.
    let new = INDEXED_OLD
        .replace(
            "{name: QTY, type: integer, default: 1}",
            "{name: QTY, type: bigint, default: 2}",
        )
        .replace(
            "{name: CODE, type: varchar(20), nullable: false}",
            "{name: CODE, type: varchar(20)}",
        );
    let m = inline(INDEXED_OLD, &new, MSSQL_2016);
    for (index, column, alter) in [
        (
            "UX_T_QTY",
            "QTY",
            "ALTER TABLE T ALTER COLUMN QTY BIGINT NULL",
        ),
        (
            "IX_T_CODE",
            "CODE",
            "ALTER TABLE T ALTER COLUMN CODE NVARCHAR(20) NULL",
        ),
    ] {
        let drop = position(&m, &format!("DROP INDEX {index} ON T"));
        let alter = position(&m, alter);
        let create = position(&m, &format!("INDEX {index} ON T ("));
        assert!(drop < alter && alter < create, "{column}\n{}", m.text);
    }
    assert!(
        m.text
            .contains("CREATE UNIQUE INDEX UX_T_QTY ON T (QTY, ID) WHERE QTY IS NOT NULL;"),
        "{}",
        m.text
    );
    assert!(!m.text.contains("IX_T_NOTE"), "{}", m.text);

    let new = INDEXED_OLD.replace("default: 1", "default: 5");
    let m = inline(INDEXED_OLD, &new, MSSQL_2016);
    assert!(!m.text.contains("INDEX"), "{}", m.text);
    assert!(!m.text.contains("ALTER COLUMN"), "{}", m.text);

    // Widening a VARCHAR in the primary key: its index is the key's, which goes and comes
    // back, and a plain index over the column is made again too.
    let old = "module: m
tables:
  - name: T
    columns:
      - {name: CODE, type: varchar(20), nullable: false}
    primary_key: [CODE]
    primary_key_name: PK_T
    indexes:
      - {name: IX_T_CODE, columns: [CODE]}
";
    let m = inline(old, &old.replace("varchar(20)", "varchar(40)"), MSSQL_2016);
    let pk_drop = position(&m, "ALTER TABLE T DROP CONSTRAINT PK_T");
    let drop = position(&m, "DROP INDEX IX_T_CODE ON T");
    let alter = position(&m, "ALTER TABLE T ALTER COLUMN CODE NVARCHAR(40) NOT NULL");
    let create = position(&m, "CREATE INDEX IX_T_CODE ON T (CODE)");
    let pk_add = position(&m, "ALTER TABLE T ADD CONSTRAINT PK_T PRIMARY KEY (CODE)");
    assert!(
        pk_drop.max(drop) < alter && alter < create.min(pk_add),
        "{}",
        m.text
    );
}

/// A CHECK blocks ALTER COLUMN ("The modified column can't be: ... Used in a CHECK or UNIQUE
/// constraint"): the column's CHECK, by the name CREATE gives it (`T_STATE_CK`), is dropped
/// before (if the database has it: one an earlier script left unnamed is not that name) and
/// added again after.
#[test]
fn a_check_is_dropped_and_added_again_around_alter_column() {
    let (_d, model) = load(CHECK_OLD, MSSQL_2016);
    let create = schemagen::emit::generate(&model, &[DialectName::Mssql])
        .unwrap()
        .remove(0)
        .contents;
    assert!(
        create.contains("CONSTRAINT T_STATE_CK CHECK (STATE IN ('A', 'S'))"),
        "{create}"
    );

    let new = CHECK_OLD.replace("char(1)", "char(2)");
    let m = inline(CHECK_OLD, &new, MSSQL_2016);
    let drop = position(
        &m,
        "IF OBJECT_ID(N'[T_STATE_CK]', N'C') IS NOT NULL ALTER TABLE T DROP CONSTRAINT T_STATE_CK",
    );
    let alter = position(&m, "ALTER TABLE T ALTER COLUMN STATE NCHAR(2) NULL");
    let add = position(
        &m,
        "ALTER TABLE T ADD CONSTRAINT T_STATE_CK CHECK (STATE IN ('A', 'S'))",
    );
    assert!(drop < alter && alter < add, "{}", m.text);
    assert_eq!(m.text.matches("T_STATE_CK CHECK").count(), 1, "{}", m.text);

    // Changed allowed values: the CHECK is replaced, no ALTER COLUMN.
    let new = CHECK_OLD.replace("[A, S]", "[A, S, D]");
    let m = inline(CHECK_OLD, &new, MSSQL_2016);
    let drop = position(&m, "DROP CONSTRAINT T_STATE_CK");
    let add = position(&m, "CHECK (STATE IN ('A', 'S', 'D'))");
    assert!(drop < add, "{}", m.text);
    assert!(!m.text.contains("ALTER COLUMN"), "{}", m.text);
}

const SERIAL_OLD: &str = "module: m
tables:
  - name: P
    columns:
      - {name: ID, type: integer, nullable: false, auto_increment: true}
      - {name: NAME, type: varchar(20)}
    primary_key: [ID]
    primary_key_name: PK_P
    indexes:
      - {name: IX_P_ID_NAME, columns: [ID, NAME]}
  - name: C
    columns:
      - {name: ID, type: integer, nullable: false}
      - {name: P_ID, type: integer}
    primary_key: [ID]
    primary_key_name: PK_C
    foreign_keys:
      - {name: FK_C_P, columns: [P_ID], references: P, ref_columns: [ID]}
";

/// An INT identity becomes a BIGINT one in place: `ALTER COLUMN ID BIGINT NOT NULL` keeps the
/// IDENTITY property ("If the modified column is an identity column, new_data_type must be a
/// data type that supports the identity property") and the values go on past 2^31-1. No
/// IDENTITY clause in ALTER COLUMN (not its syntax), no MANUAL rebuild, no default; the primary
/// key, the foreign key that references it and the index over the column go before and come
/// back after.
#[test]
fn an_identity_grows_to_bigint_in_place() {
    let new = SERIAL_OLD
        .replace(
            "{name: ID, type: integer, nullable: false, auto_increment: true}",
            "{name: ID, type: bigint, nullable: false, auto_increment: true}",
        )
        .replace("{name: P_ID, type: integer}", "{name: P_ID, type: bigint}");
    let m = inline(SERIAL_OLD, &new, MSSQL_2016);
    assert!(m.statements.iter().all(|s| !s.manual), "{}", m.text);
    assert!(!m.destructive, "{}", m.text);
    let alter = position(&m, "ALTER TABLE P ALTER COLUMN ID BIGINT NOT NULL");
    assert_eq!(
        m.statements[alter].statement.sql,
        "ALTER TABLE P ALTER COLUMN ID BIGINT NOT NULL"
    );
    assert!(!m.text.contains("IDENTITY"), "{}", m.text);
    assert!(!m.text.contains("DEFAULT"), "{}", m.text);
    let fk_drop = position(&m, "ALTER TABLE C DROP CONSTRAINT FK_C_P");
    let pk_drop = position(&m, "ALTER TABLE P DROP CONSTRAINT PK_P");
    let ix_drop = position(&m, "DROP INDEX IX_P_ID_NAME ON P");
    let pk_add = position(&m, "ALTER TABLE P ADD CONSTRAINT PK_P PRIMARY KEY (ID)");
    let ix_add = position(&m, "CREATE INDEX IX_P_ID_NAME ON P (ID, NAME)");
    let fk_add = position(&m, "ALTER TABLE C ADD CONSTRAINT FK_C_P FOREIGN KEY (P_ID)");
    let child = position(&m, "ALTER TABLE C ALTER COLUMN P_ID BIGINT NULL");
    assert!(
        fk_drop < pk_drop && pk_drop.max(ix_drop) < alter,
        "{}",
        m.text
    );
    assert!(
        alter.max(child) < pk_add.min(ix_add) && pk_add < fk_add,
        "{}",
        m.text
    );
}

/// DROP COLUMN fails while a default or a CHECK constraint uses the column: both are found
/// and dropped first, in the same statement.
#[test]
fn drop_column_drops_its_default_and_check_first() {
    let m = case_migration("drop_column", MSSQL_2016);
    assert_eq!(m.statements.len(), 1, "{}", m.text);
    let sql = &m.statements[0].statement.sql;
    let default = sql.find("FROM sys.default_constraints").expect(sql);
    let check = sql.find("FROM sys.check_constraints").expect(sql);
    let drop = sql.find("ALTER TABLE CHILD DROP COLUMN LABEL").expect(sql);
    assert!(default < check && check < drop, "{sql}");
    assert!(
        sql.ends_with("ALTER TABLE CHILD DROP COLUMN LABEL"),
        "{sql}"
    );
    assert!(
        sql.contains("CHARINDEX(N'[LABEL]', [definition]) > 0"),
        "{sql}"
    );

    // The CHECK the CREATE script writes for allowed values names the column, so the look-up
    // finds it.
    let (_d, old) = load(CHECK_OLD, MSSQL_2016);
    let create = schemagen::emit::generate(&old, &[DialectName::Mssql])
        .unwrap()
        .remove(0)
        .contents;
    assert!(create.contains("CHECK (STATE IN ('A', 'S'))"), "{create}");
    let m = inline(CHECK_OLD, CHECK_NEW, MSSQL_2016);
    assert!(
        m.text.contains("CHARINDEX(N'[STATE]', [definition]) > 0"),
        "{}",
        m.text
    );
}

/// Renames are `sp_rename`: the old name bracketed and named by one part (the table as every
/// statement of the script names it, no schema), the new one a plain part (brackets there
/// would become part of the name), also where the new name is reserved.
#[test]
fn renames_use_sp_rename() {
    let m = case_migration("rename_column", MSSQL_2016);
    assert_eq!(
        m.written,
        ["EXEC sp_rename N'[CHILD].[LABEL]', N'TITLE', N'COLUMN';"]
    );
    let m = case_migration("rename_table", MSSQL_2016);
    assert_eq!(m.written, ["EXEC sp_rename N'[CHILD]', N'KID';"]);
    assert!(!m.text.contains("RENAME"), "{}", m.text);

    let m = inline_with(QUOTED_OLD, QUOTED_NEW, MSSQL_2016, QUOTED_WHEN_NEEDED);
    assert!(
        m.written
            .contains(&"EXEC sp_rename N'[user].[name]', N'order', N'COLUMN';".to_string()),
        "{}",
        m.text
    );
    let m = inline_with(ODD_OLD, ODD_RENAMED, MSSQL_2016, QUOTED_WHEN_NEEDED);
    assert_eq!(
        m.written,
        ["EXEC sp_rename N'[it''s 100%]', N'a]b';"],
        "{}",
        m.text
    );
}

/// `DROP INDEX i ON t`, not the deprecated `DROP INDEX t.i` nor the ANSI `DROP INDEX i`.
#[test]
fn drop_index_names_its_table() {
    let m = case_migration("drop_index", MSSQL_2016);
    assert_eq!(m.written, ["DROP INDEX IDX_PARENT_NOTE ON PARENT;"]);
    let m = case_migration("change_index_columns", MSSQL_2016);
    let drop = position(&m, "DROP INDEX IDX_PARENT_NOTE ON PARENT");
    let create = position(&m, "CREATE INDEX IDX_PARENT_NOTE ON PARENT (NOTE, QTY)");
    assert!(drop < create, "{}", m.text);
}

/// SQL Server makes no index for a foreign key, so none is dropped with it ("ALTER TABLE
/// table_constraint": "Foreign key constraints do not automatically generate an index").
#[test]
fn a_dropped_foreign_key_leaves_no_index_behind() {
    let m = case_migration("drop_foreign_key", MSSQL_2016);
    assert_eq!(
        m.written,
        ["ALTER TABLE CHILD DROP CONSTRAINT FK_CHILD_PARENT;"]
    );
    let m = case_migration("change_foreign_key_action", MSSQL_2016);
    assert_eq!(
        m.written,
        [
            "ALTER TABLE CHILD DROP CONSTRAINT FK_CHILD_PARENT;",
            "ALTER TABLE CHILD ADD CONSTRAINT FK_CHILD_PARENT FOREIGN KEY (PARENT_ID) REFERENCES PARENT (ID) ON DELETE SET NULL;",
        ]
    );
}

const UNNAMED_OLD: &str = "module: m
tables:
  - name: P
    columns:
      - {name: ID, type: integer, nullable: false}
      - {name: NAME, type: varchar(20), nullable: false}
      - {name: TENANT, type: integer, nullable: false}
    primary_key: [ID]
    unique:
      - columns: [NAME, TENANT]
  - name: C
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
      - {name: NAME, type: varchar(20), nullable: false}
      - {name: TENANT, type: integer, nullable: false}
    primary_key: [ID, TENANT]
  - name: C
    columns:
      - {name: ID, type: integer, nullable: false}
      - {name: P_ID, type: integer}
    primary_key: [ID]
";

/// Unnamed primary, unique and foreign keys have names the server made up (PK__P__3214EC27…):
/// each is found at run time in the catalog, by table and, for unique and foreign keys, by
/// its columns in key order, and dropped by that name; a key that is not there is an error.
/// None is a MANUAL step.
#[test]
fn unnamed_keys_are_found_at_run_time() {
    let m = inline(UNNAMED_OLD, UNNAMED_NEW, MSSQL_2016);
    assert!(m.statements.iter().all(|s| !s.manual), "{}", m.text);
    assert!(!m.text.contains("MANUAL"), "{}", m.text);

    let fk = &m.statements[position(&m, "FROM sys.foreign_keys AS k")]
        .statement
        .sql;
    for part in [
        "WHERE k.parent_object_id = OBJECT_ID(N'[C]')",
        "WHERE fc.constraint_object_id = k.object_id) = 1",
        "JOIN (VALUES (1, N'P_ID')) AS w (ordinal, name)",
        "N'ALTER TABLE C DROP CONSTRAINT ' + QUOTENAME(k.name)",
        "IS NULL RAISERROR (N'C has no unnamed foreign key on (P_ID) to drop', 16, 1)",
    ] {
        assert!(fk.contains(part), "{part}\n{fk}");
    }
    let uq = &m.statements[position(&m, "FROM sys.key_constraints AS k")]
        .statement
        .sql;
    for part in [
        "WHERE k.parent_object_id = OBJECT_ID(N'[P]') AND k.type = 'UQ'",
        "JOIN (VALUES (1, N'NAME'), (2, N'TENANT')) AS w (ordinal, name)",
        "ON ic.key_ordinal = w.ordinal",
        "ic.index_id = k.unique_index_id) = 2",
        "N'ALTER TABLE P DROP CONSTRAINT ' + QUOTENAME(k.name)",
    ] {
        assert!(uq.contains(part), "{part}\n{uq}");
    }
    let pk = &m.statements[position(&m, "AND type = 'PK'")].statement.sql;
    for part in [
        "FROM sys.key_constraints WHERE parent_object_id = OBJECT_ID(N'[P]') AND type = 'PK'",
        "IS NULL RAISERROR (N'P has no primary key to drop', 16, 1)",
        "\nELSE EXEC (@pk_",
    ] {
        assert!(pk.contains(part), "{part}\n{pk}");
    }
    let add = position(&m, "ALTER TABLE P ADD PRIMARY KEY (ID, TENANT)");
    assert!(position(&m, "AND type = 'PK'") < add, "{}", m.text);
}

const IDENTITY_OLD: &str = "module: m
tables:
  - name: T
    columns:
      - {name: ID, type: integer, nullable: false}
      - {name: NAME, type: varchar(20)}
    primary_key: [ID]
    primary_key_name: PK_T
";

const IDENTITY_NEW: &str = "module: m
tables:
  - name: T
    columns:
      - {name: ID, type: bigint, nullable: false, auto_increment: true}
      - {name: NAME, type: varchar(20)}
    primary_key: [ID]
    primary_key_name: PK_T
";

/// IDENTITY cannot be added to or removed from an existing column: the change is a MANUAL
/// step (comment lines only, flagged, written without a terminator) that says how to rebuild
/// the table; the column's other changes are still made.
#[test]
fn identity_changes_are_a_manual_rebuild() {
    for (old, new, action) in [
        (IDENTITY_OLD, IDENTITY_NEW, "add the IDENTITY property to"),
        (
            IDENTITY_NEW,
            IDENTITY_OLD,
            "remove the IDENTITY property from",
        ),
    ] {
        let m = inline(old, new, MSSQL_2016);
        let manual: Vec<&MigrationStatement> = m.statements.iter().filter(|s| s.manual).collect();
        assert_eq!(manual.len(), 1, "{}", m.text);
        let sql = &manual[0].statement.sql;
        assert!(
            sql.starts_with(&format!(
                "-- MANUAL: SQL Server cannot {action} the existing column ID of T"
            )),
            "{sql}"
        );
        assert!(sql.lines().all(|l| l.starts_with("-- ")), "{sql}");
        assert!(sql.contains("SET IDENTITY_INSERT"), "{sql}");
        assert!(
            !m.text.contains("ADD GENERATED") && !m.text.contains("DROP IDENTITY"),
            "{}",
            m.text
        );
        // The type change is made; the primary key over the column goes and comes back.
        let written_manual = m
            .written
            .iter()
            .find(|w| w.starts_with("-- MANUAL:"))
            .unwrap();
        assert!(!written_manual.ends_with(';'), "{written_manual}");
        let alter = position(&m, "ALTER TABLE T ALTER COLUMN ID ");
        assert!(position(&m, "DROP CONSTRAINT PK_T") < alter, "{}", m.text);
        assert!(alter < position(&m, "ADD CONSTRAINT PK_T PRIMARY KEY (ID)"));
    }
}

/// With `batch_separator: GO` every statement is followed by a GO line; without one, blocks
/// have no `;` at a line's end inside (a runner that splits at `;` keeps them whole), and
/// every variable of a migration has its own name (a script run as one batch cannot DECLARE
/// one twice).
#[test]
fn blocks_survive_batches_and_splitting() {
    let old = "module: m
tables:
  - name: T
    columns:
      - {name: ID, type: integer, nullable: false}
      - {name: A, type: integer, default: 1}
      - {name: B, type: integer, default: 2}
      - {name: C, type: integer, default: 3}
    primary_key: [ID]
";
    let new = "module: m
tables:
  - name: T
    columns:
      - {name: ID, type: integer, nullable: false}
      - {name: C, type: bigint, default: 4}
    primary_key: [ID]
";
    let m = inline(old, new, MSSQL_2016_GO);
    assert_eq!(m.statements.len(), 5, "{}", m.text);
    for (s, written) in m.statements.iter().zip(&m.written) {
        assert_eq!(written, &format!("{};\nGO", s.statement.sql));
        assert!(
            !s.statement.sql.lines().any(|l| l.trim_end().ends_with(';')),
            "{}",
            s.statement.sql
        );
    }
    let mut variables: Vec<&str> = m
        .text
        .split("DECLARE ")
        .skip(1)
        .map(|rest| rest.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(variables.len(), 5, "{}", m.text);
    variables.sort();
    variables.dedup();
    assert_eq!(variables.len(), 5, "one name per variable:\n{}", m.text);

    let m = inline(old, new, MSSQL_2016);
    assert!(!m.text.contains("GO"), "{}", m.text);
}

const QUOTED_OLD: &str = "module: m
tables:
  - name: user
    columns:
      - {name: ID, type: integer, nullable: false}
      - {name: name, type: varchar(20), default: x}
      - {name: note, type: varchar(20)}
    primary_key: [ID]
    primary_key_name: PK_USER
";

const QUOTED_NEW: &str = "module: m
tables:
  - name: user
    columns:
      - {name: ID, type: integer, nullable: false}
      - {name: order, type: varchar(20), default: x, renamed_from: name}
    primary_key: [ID]
    primary_key_name: PK_USER
";

const ODD_OLD: &str = "module: m
tables:
  - name: \"it's 100%\"
    columns:
      - {name: ID, type: integer, nullable: false}
      - {name: \"a]b\", type: integer, default: 1}
    primary_key: [ID]
    primary_key_name: PK_ODD
";

const ODD_DROPPED: &str = "module: m
tables:
  - name: \"it's 100%\"
    columns:
      - {name: ID, type: integer, nullable: false}
    primary_key: [ID]
    primary_key_name: PK_ODD
";

const ODD_RENAMED: &str = "module: m
tables:
  - name: \"a]b\"
    renamed_from: \"it's 100%\"
    columns:
      - {name: ID, type: integer, nullable: false}
      - {name: \"a]b\", type: integer, default: 1}
    primary_key: [ID]
    primary_key_name: PK_ODD
";

/// Names the product's policy brackets stay bracketed in statements, are plain inside
/// catalog look-ups (`N'[user]'`, `N'note'`) and are escaped inside the string a block runs.
#[test]
fn quoted_names_in_blocks() {
    let m = inline_with(QUOTED_OLD, QUOTED_NEW, MSSQL_2016, QUOTED_WHEN_NEEDED);
    for part in [
        "OBJECT_ID(N'[user]')",
        "N'ALTER TABLE [user] DROP CONSTRAINT ' + QUOTENAME(name)",
        "ALTER TABLE [user] DROP COLUMN note",
        "CHARINDEX(N'[note]', [definition])",
    ] {
        assert!(m.text.contains(part), "{part}\n{}", m.text);
    }
    let m = inline_with(ODD_OLD, ODD_DROPPED, MSSQL_2016, QUOTED_WHEN_NEEDED);
    assert_eq!(m.statements.len(), 1, "{}", m.text);
    let block = &m.statements[0].statement.sql;
    for part in [
        "OBJECT_ID(N'[it''s 100%]')",
        "N'ALTER TABLE [it''s 100%] DROP CONSTRAINT ' + QUOTENAME(name)",
        "COLUMNPROPERTY(OBJECT_ID(N'[it''s 100%]'), N'a]b', 'ColumnId')",
        "CHARINDEX(N'[a]]b]', [definition])",
        "ALTER TABLE [it's 100%] DROP COLUMN [a]]b]",
    ] {
        assert!(block.contains(part), "{part}\n{block}");
    }
    let pk = mssql()
        .drop_constraint("[100%]", None, ConstraintKind::PrimaryKey)
        .unwrap()
        .sql;
    assert!(
        pk.contains("RAISERROR (N'[100%%] has no primary key to drop', 16, 1)"),
        "{pk}"
    );
}

const CHECK_OLD: &str = "module: m
tables:
  - name: T
    columns:
      - {name: ID, type: integer, nullable: false}
      - {name: STATE, type: char(1), default: A, allowed_values: [A, S]}
    primary_key: [ID]
";

const CHECK_NEW: &str = "module: m
tables:
  - name: T
    columns:
      - {name: ID, type: integer, nullable: false}
    primary_key: [ID]
";

const ROWS_OLD: &str = "module: m
tables:
  - name: T
    columns:
      - {name: ID, type: integer, nullable: false}
      - {name: NAME, type: varchar(20)}
    primary_key: [ID]
    primary_key_name: PK_T
    rows:
      - {ID: 1, NAME: a}
  - name: U
    columns:
      - {name: ID, type: integer, nullable: false}
      - {name: NAME, type: varchar(20)}
    primary_key: [ID]
    primary_key_name: PK_U
    rows:
      - {ID: 1, NAME: a}
";

const ROWS_NEW: &str = "module: m
tables:
  - name: T
    columns:
      - {name: ID, type: integer, nullable: false}
      - {name: NAME, type: varchar(20)}
      - {name: NOTE, type: varchar(20)}
    primary_key: [ID]
    primary_key_name: PK_T
    rows:
      - {ID: 1, NAME: a, NOTE: \"it's\"}
      - {ID: 2, NAME: b, NOTE: x}
  - name: U
    columns:
      - {name: ID, type: integer, nullable: false}
      - {name: NAME, type: varchar(20)}
    primary_key: [ID]
    primary_key_name: PK_U
    rows:
      - {ID: 1, NAME: b}
";

/// "A table cannot be changed and then the new columns referenced in the same batch"
/// ("Batches"): the batch is compiled first, so an UPDATE or INSERT of a column the same
/// batch adds fails with Msg 207. A row statement after an ALTER of its table runs through
/// `EXEC (N'...')`, compiled only when it runs, its quotes doubled; one on a table the
/// migration does not alter stays as it is. With `batch_separator: GO` every statement is its
/// own batch already; the EXEC is still written (the dialect does not see the setting there)
/// and does no harm.
#[test]
fn row_statements_after_an_alter_of_their_table_run_through_exec() {
    for mssql in [MSSQL_2016, MSSQL_2016_GO] {
        let m = inline(ROWS_OLD, ROWS_NEW, mssql);
        let add = position(&m, "ALTER TABLE T ADD NOTE NVARCHAR(20)");
        let update = position(
            &m,
            "EXEC (N'UPDATE T SET NAME = ''a'', NOTE = ''it''''s'' WHERE ID = 1')",
        );
        let insert = position(
            &m,
            "EXEC (N'INSERT INTO T (ID, NAME, NOTE) VALUES (2, ''b'', ''x'')')",
        );
        assert!(add < update && add < insert, "{}", m.text);
        assert!(
            m.statements
                .iter()
                .any(|s| s.statement.sql == "UPDATE U SET NAME = 'b' WHERE ID = 1"),
            "{}",
            m.text
        );
    }
    // A backslash before a line break would continue the line inside the string too: the
    // string is split there, as literals are.
    let split = mssql().data_statement(Statement::new("SELECT 1 -- x\\\ny"), true);
    assert_eq!(split.sql, "EXEC (N'SELECT 1 -- x\\' + N'\ny')");
}

const DESCRIBED_OLD: &str = "module: m
tables:
  - name: T
    description: old table
    columns:
      - {name: ID, type: integer, nullable: false}
      - {name: NAME, type: varchar(20), description: old name}
      - {name: CODE, type: varchar(20), description: a code}
    primary_key: [ID]
    primary_key_name: PK_T
  - name: U
    description: gone
    columns:
      - {name: ID, type: integer, nullable: false}
    primary_key: [ID]
    primary_key_name: PK_U
";

const DESCRIBED_NEW: &str = "module: m
tables:
  - name: T
    description: \"new table's\"
    columns:
      - {name: ID, type: integer, nullable: false}
      - {name: NAME, type: varchar(20), description: new name}
      - {name: CODE, type: varchar(20)}
      - {name: NOTE, type: varchar(20), description: a note}
    primary_key: [ID]
    primary_key_name: PK_T
  - name: U
    columns:
      - {name: ID, type: integer, nullable: false}
    primary_key: [ID]
    primary_key_name: PK_U
";

/// A changed description is updated where the database has one and added where it has none
/// (CREATE's `IF NOT EXISTS ... sp_addextendedproperty` would keep the old text); a removed
/// one is dropped if it is there; a new column's is added as CREATE adds it. Every form runs
/// whether or not the property exists, names the schema the table is in, and changes no
/// column (no ALTER COLUMN, no index or key made again).
#[test]
fn descriptions_are_updated_or_dropped() {
    let m = inline(DESCRIBED_OLD, DESCRIBED_NEW, MSSQL_2016);
    let table = &m.statements[position(&m, "@level1name = N'T'\n")]
        .statement
        .sql;
    let schema = table
        .strip_prefix("DECLARE ")
        .and_then(|r| r.split_whitespace().next())
        .unwrap_or_else(|| panic!("{table}"));
    assert_eq!(
        *table,
        format!(
            "DECLARE {schema} sysname = OBJECT_SCHEMA_NAME(OBJECT_ID(N'[T]'))\n\
             IF EXISTS (SELECT * FROM sys.fn_listextendedproperty(N'MS_Description', N'SCHEMA', {schema}, N'TABLE', N'T', NULL, NULL))\n\
             EXEC sys.sp_updateextendedproperty @name = N'MS_Description', @value = N'new table''s',\n    \
             @level0type = N'SCHEMA', @level0name = {schema},\n    \
             @level1type = N'TABLE', @level1name = N'T'\n\
             ELSE EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'new table''s',\n    \
             @level0type = N'SCHEMA', @level0name = {schema},\n    \
             @level1type = N'TABLE', @level1name = N'T'"
        )
    );
    let dropped = &m.statements[position(&m, "@level1name = N'U'")]
        .statement
        .sql;
    assert!(
        dropped.contains("\nIF EXISTS (SELECT * FROM sys.fn_listextendedproperty(N'MS_Description', N'SCHEMA', @schema_")
            && dropped.contains(", N'TABLE', N'U', NULL, NULL))\nEXEC sys.sp_dropextendedproperty @name = N'MS_Description',\n    @level0type = N'SCHEMA'"),
        "{dropped}"
    );
    let name = &m.statements[position(&m, "N'COLUMN', N'NAME'")]
        .statement
        .sql;
    assert!(
        name.contains("\nIF EXISTS (")
            && name.contains("EXEC sys.sp_updateextendedproperty @name = N'MS_Description', @value = N'new name',")
            && name.contains("\nELSE EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'new name',")
            && name.ends_with("@level2type = N'COLUMN', @level2name = N'NAME'"),
        "{name}"
    );
    let code = &m.statements[position(&m, "N'COLUMN', N'CODE'")]
        .statement
        .sql;
    assert!(
        code.contains("\nIF EXISTS (") && code.contains("EXEC sys.sp_dropextendedproperty"),
        "{code}"
    );
    let note = &m.statements[position(&m, "N'COLUMN', N'NOTE'")]
        .statement
        .sql;
    assert!(
        note.contains("\nIF NOT EXISTS (")
            && note.contains(
                "EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'a note',"
            ),
        "{note}"
    );
    assert!(position(&m, "ALTER TABLE T ADD NOTE") < position(&m, "N'COLUMN', N'NOTE'"));
    for absent in ["ALTER COLUMN", "DROP CONSTRAINT", "INDEX", "N'dbo'"] {
        assert!(!m.text.contains(absent), "{absent}\n{}", m.text);
    }
    let mut variables: Vec<&str> = m
        .text
        .split("DECLARE ")
        .skip(1)
        .map(|rest| rest.split_whitespace().next().unwrap())
        .collect();
    let count = variables.len();
    variables.sort();
    variables.dedup();
    assert_eq!(variables.len(), count, "one name per variable:\n{}", m.text);
}

/// No migration names a schema: the look-ups, renames and descriptions name a table by one
/// part, as its CREATE TABLE and every ALTER TABLE do, so all of them find the table in the
/// schema SQL Server resolves it to (the default schema of the user who runs the script, then
/// dbo), never a `dbo` written into the script.
#[test]
fn migrations_name_no_schema() {
    let mut texts = Vec::new();
    for case in cases() {
        let (_o, old) = case_model(&case, "old", MSSQL_2016);
        let (_n, new) = case_model(&case, "new", MSSQL_2016);
        texts.push(migration(&old, &new).text);
    }
    texts.push(inline(UNNAMED_OLD, UNNAMED_NEW, MSSQL_2016).text);
    texts.push(inline(DESCRIBED_OLD, DESCRIBED_NEW, MSSQL_2016).text);
    texts.push(inline_with(QUOTED_OLD, QUOTED_NEW, MSSQL_2016, QUOTED_WHEN_NEEDED).text);
    for text in &texts {
        assert!(!text.to_lowercase().contains("dbo"), "{text}");
    }
    let all = texts.concat();
    for part in ["OBJECT_ID(N'[PARENT]')", "EXEC sp_rename N'[CHILD]'"] {
        assert!(all.contains(part), "{part}");
    }
}

/// The method-level contract the plan relies on: a named constraint is dropped by name, an
/// unnamed key of no other kind is not guessed here, a row statement after no ALTER is left
/// as it is, and the plan's questions get SQL Server's answers.
#[test]
fn method_contracts() {
    assert_eq!(
        mssql()
            .drop_constraint("T", Some("UK_T"), ConstraintKind::Unique)
            .unwrap()
            .sql,
        "ALTER TABLE T DROP CONSTRAINT UK_T"
    );
    assert!(
        mssql()
            .drop_constraint("T", None, ConstraintKind::Unique)
            .is_none()
    );
    assert!(
        mssql()
            .drop_unnamed_constraint("T", "T", ConstraintKind::PrimaryKey, &[])
            .is_none()
    );
    // sp_rename keeps the foreign keys; dropping a referenced key is refused (Msg 3725), so
    // the plan drops the foreign keys first rather than expect them gone.
    assert!(mssql().rename_table_keeps_foreign_keys());
    assert!(!mssql().drop_key_drops_referencing_foreign_keys());
    assert!(mssql().drop_foreign_key_index("T", "FK_T", false).is_none());
    let row = Statement::new("UPDATE T SET A = 'x' WHERE ID = 1");
    assert_eq!(mssql().data_statement(row.clone(), false), row);
    assert_eq!(
        mssql().data_statement(row, true).sql,
        "EXEC (N'UPDATE T SET A = ''x'' WHERE ID = 1')"
    );
    let removed = mssql().remove_table_comment("[user]").unwrap().sql;
    assert!(removed.contains("EXEC sys.sp_dropextendedproperty @name = N'MS_Description',\n    @level0type = N'SCHEMA', @level0name = @schema_"), "{removed}");
    let removed = mssql()
        .remove_column_comment("[user]", "[a]]b]")
        .unwrap()
        .sql;
    assert!(
        removed.contains("@level2type = N'COLUMN', @level2name = N'a]b'"),
        "{removed}"
    );
    assert_eq!(
        DialectName::Mssql.implementation().name(),
        DialectName::Mssql
    );
}

/// A unique key over a nullable column is a filtered unique index on SQL Server (see
/// dialect_mssql's rule): adding one creates the index, dropping it drops the index, and a
/// column that becomes NOT NULL turns the index back into a constraint.
#[test]
fn a_unique_key_over_a_nullable_column_migrates_as_a_filtered_index() {
    let base = "module: m\ntables:\n  - name: T\n    columns:\n      - {name: ID, type: integer, nullable: false}\n\
                \x20     - {name: A, type: varchar(10)}\n    primary_key: [ID]\n";
    let keyed = format!("{base}    unique:\n      - {{name: UK_A, columns: [A]}}\n");
    let added = inline(base, &keyed, MSSQL_2016);
    assert_eq!(
        added.written,
        [
            "IF NOT EXISTS (SELECT * FROM sys.indexes WHERE object_id = OBJECT_ID(N'[T]') AND name = N'UK_A')\n\
          CREATE UNIQUE INDEX UK_A ON T (A) WHERE A IS NOT NULL;"
        ],
        "{}",
        added.text
    );
    let dropped = inline(&keyed, base, MSSQL_2016);
    assert_eq!(
        dropped.written,
        ["DROP INDEX UK_A ON T;"],
        "{}",
        dropped.text
    );

    let not_null = keyed.replace(
        "{name: A, type: varchar(10)}",
        "{name: A, type: varchar(10), nullable: false}",
    );
    let tightened = inline(&keyed, &not_null, MSSQL_2016);
    let drop = position(&tightened, "DROP INDEX UK_A ON T");
    let add = position(&tightened, "ADD CONSTRAINT UK_A UNIQUE (A)");
    assert!(drop < add, "{}", tightened.text);
}
