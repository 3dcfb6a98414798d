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
//! 3. SQL Server's ALTER pitfalls, one rule at a time, asserted on the rendered SQL.

mod support;

use support::fixtures::{case_name, migration_cases as cases};

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use schemagen::dialect::DialectName;
use schemagen::diff;
use schemagen::diff::ColumnChanges;
use schemagen::diff::migrate::{ColumnEdit, ConstraintKind, Migrate};
use schemagen::diff::plan::MigrationStatement;
use schemagen::model::Model;
use support::sqlfluff::{Unjudgeable, assert_parses};

/// The engine tests' product, with mssql added at the oldest version schemagen targets.
/// `extra` holds more product settings, one per line.
fn product(mssql: &str, extra: &str) -> String {
    format!(
        "product: migrations
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
    let target = new.product.targets[&dialect].outputs(dialect).remove(0).1;
    let mut statements = Vec::new();
    let mut written = Vec::new();
    let mut text = String::new();
    let mut destructive = false;
    for file in files {
        destructive |= file.changes.iter().any(|c| c.destructive().is_some());
        for s in file.statements {
            let terminator = s.terminator(dialect, &target);
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

/// CHECK constraints for allowed values.
const CHECKED: &str = "check_allowed_values: true\n";

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
    for (old, new) in [
        (UNNAMED_OLD, UNNAMED_NEW),
        (IDENTITY_OLD, IDENTITY_NEW),
        (IDENTITY_NEW, IDENTITY_OLD),
    ] {
        statements.extend(inline(old, new, MSSQL_2016).written);
    }
    statements.extend(inline_with(QUOTED_OLD, QUOTED_NEW, MSSQL_2016, QUOTED_WHEN_NEEDED).written);
    statements.extend(inline_with(CHECK_OLD, CHECK_NEW, MSSQL_2016, CHECKED).written);
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
    for case in cases() {
        let (_o, old) = case_model(&case, "old", MSSQL_2016_GO);
        let (_n, new) = case_model(&case, "new", MSSQL_2016_GO);
        for written in migration(&old, &new).written {
            let plain = written.strip_suffix("\nGO").map(str::to_string);
            if plain.is_some_and(|p| excused.contains(&p)) {
                continue;
            }
            with_go.push_str(&written);
            with_go.push('\n');
            count += 1;
        }
    }
    assert!(
        count >= 30 && with_go.matches("\nGO\n").count() == count,
        "{with_go}"
    );
    assert_parses("tsql", &with_go, &[]);
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
/// without a default takes none.
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
        ["ALTER TABLE CHILD ADD STATE CHAR(1) DEFAULT 'A' NOT NULL;"]
    );
    let add = |definition: &str| mssql().add_column("[t]", definition).sql;
    assert_eq!(add("c INT"), "ALTER TABLE [t] ADD c INT");
    assert_eq!(
        add("c INT DEFAULT NULL"),
        "ALTER TABLE [t] ADD c INT DEFAULT NULL WITH VALUES"
    );
    assert_eq!(
        add("id INT IDENTITY(1,1) NOT NULL"),
        "ALTER TABLE [t] ADD id INT IDENTITY(1,1) NOT NULL"
    );
    // DEFAULT inside a bracketed name is not a default.
    assert_eq!(
        add("[a DEFAULT b] INT"),
        "ALTER TABLE [t] ADD [a DEFAULT b] INT"
    );
    assert_eq!(
        add("[a]] DEFAULT ]]b] INT DEFAULT 1"),
        "ALTER TABLE [t] ADD [a]] DEFAULT ]]b] INT DEFAULT 1 WITH VALUES"
    );
}

/// ALTER COLUMN restates the type and NULL / NOT NULL together (left out, the column would
/// become nullable); there is no SET DATA TYPE, SET / DROP NOT NULL or MODIFY.
#[test]
fn alter_column_restates_type_and_nullability() {
    for (case, statement) in [
        (
            "set_not_null_without_default",
            "ALTER TABLE CHILD ALTER COLUMN LABEL VARCHAR(30) NOT NULL",
        ),
        (
            "drop_not_null",
            "ALTER TABLE PARENT ALTER COLUMN CODE VARCHAR(20) NULL",
        ),
        (
            "widen_varchar",
            "ALTER TABLE PARENT ALTER COLUMN NOTE VARCHAR(200) NULL",
        ),
        (
            "narrow_varchar",
            "ALTER TABLE PARENT ALTER COLUMN NOTE VARCHAR(50) NULL",
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
        "WHERE parent_object_id = OBJECT_ID(N'[dbo].[PARENT]') AND parent_column_id = COLUMNPROPERTY(OBJECT_ID(N'[dbo].[PARENT]'), N'QTY', 'ColumnId')",
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
    let alter = position(&m, "ALTER COLUMN CODE VARCHAR(20) NULL");
    let add = position(
        &m,
        "ALTER TABLE PARENT ADD CONSTRAINT UK_PARENT_CODE UNIQUE (CODE)",
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
    let (_d, old) = load_with(CHECK_OLD, MSSQL_2016, CHECKED);
    let create = schemagen::emit::generate(&old, &[DialectName::Mssql])
        .unwrap()
        .remove(0)
        .contents;
    assert!(create.contains("CHECK (STATE IN ('A', 'S'))"), "{create}");
    let m = inline_with(CHECK_OLD, CHECK_NEW, MSSQL_2016, CHECKED);
    assert!(
        m.text.contains("CHARINDEX(N'[STATE]', [definition]) > 0"),
        "{}",
        m.text
    );
}

/// Renames are `sp_rename`: the old name qualified and bracketed, the new one a plain part
/// (brackets there would become part of the name), also where the new name is reserved.
#[test]
fn renames_use_sp_rename() {
    let m = case_migration("rename_column", MSSQL_2016);
    assert_eq!(
        m.written,
        ["EXEC sp_rename N'[dbo].[CHILD].[LABEL]', N'TITLE', N'COLUMN';"]
    );
    let m = case_migration("rename_table", MSSQL_2016);
    assert_eq!(m.written, ["EXEC sp_rename N'[dbo].[CHILD]', N'KID';"]);
    assert!(!m.text.contains("RENAME"), "{}", m.text);

    let m = inline_with(QUOTED_OLD, QUOTED_NEW, MSSQL_2016, QUOTED_WHEN_NEEDED);
    assert!(
        m.written
            .contains(&"EXEC sp_rename N'[dbo].[user].[name]', N'order', N'COLUMN';".to_string()),
        "{}",
        m.text
    );
    assert_eq!(
        mssql().rename_table("[it's]", "[a]]b]").sql,
        "EXEC sp_rename N'[dbo].[it''s]', N'a]b'"
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
        "WHERE k.parent_object_id = OBJECT_ID(N'[dbo].[C]')",
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
        "WHERE k.parent_object_id = OBJECT_ID(N'[dbo].[P]') AND k.type = 'UQ'",
        "JOIN (VALUES (1, N'NAME'), (2, N'TENANT')) AS w (ordinal, name)",
        "ON ic.key_ordinal = w.ordinal",
        "ic.index_id = k.unique_index_id) = 2",
        "N'ALTER TABLE P DROP CONSTRAINT ' + QUOTENAME(k.name)",
    ] {
        assert!(uq.contains(part), "{part}\n{uq}");
    }
    let pk = &m.statements[position(&m, "AND type = 'PK'")].statement.sql;
    for part in [
        "FROM sys.key_constraints WHERE parent_object_id = OBJECT_ID(N'[dbo].[P]') AND type = 'PK'",
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

/// Names the product's policy brackets stay bracketed in statements, are plain inside
/// catalog look-ups (`N'[dbo].[user]'`, `N'note'`) and are escaped inside the string a block
/// runs.
#[test]
fn quoted_names_in_blocks() {
    let m = inline_with(QUOTED_OLD, QUOTED_NEW, MSSQL_2016, QUOTED_WHEN_NEEDED);
    for part in [
        "OBJECT_ID(N'[dbo].[user]')",
        "N'ALTER TABLE [user] DROP CONSTRAINT ' + QUOTENAME(name)",
        "ALTER TABLE [user] DROP COLUMN note",
        "CHARINDEX(N'[note]', [definition])",
    ] {
        assert!(m.text.contains(part), "{part}\n{}", m.text);
    }
    let block = mssql().drop_column("[it's 100%]", "[a]]b]").sql;
    for part in [
        "OBJECT_ID(N'[dbo].[it''s 100%]')",
        "N'ALTER TABLE [it''s 100%] DROP CONSTRAINT ' + QUOTENAME(name)",
        "COLUMNPROPERTY(OBJECT_ID(N'[dbo].[it''s 100%]'), N'a]b', 'ColumnId')",
        "CHARINDEX(N'[a]]b]', [definition])",
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

/// The method-level contract the plan relies on: a named constraint is dropped by name, an
/// unnamed key of no other kind is not guessed here, and an edit with no change writes nothing.
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
    assert!(!mssql().modify_column_keeps_constraints());
    assert!(mssql().drop_foreign_key_index("T", "FK_T", false).is_none());
    let edit = ColumnEdit {
        table: "T",
        column: "C",
        new_type: "INT",
        new_definition: "C INT",
        new_nullable: true,
        new_default: None,
        new_auto_increment: false,
        changes: ColumnChanges::default(),
    };
    assert!(mssql().modify_column(&edit).is_empty());
    // A new default on an identity column is not added (the CREATE script leaves it out).
    let edit = ColumnEdit {
        new_default: Some("1"),
        new_auto_increment: true,
        changes: ColumnChanges {
            default: true,
            ..ColumnChanges::default()
        },
        ..edit
    };
    let statements = mssql().modify_column(&edit);
    assert_eq!(statements.len(), 1);
    assert!(statements[0].sql.contains("sys.default_constraints"));
    assert_eq!(
        DialectName::Mssql.implementation().name(),
        DialectName::Mssql
    );
}
