//! Real-engine test harness: PostgreSQL 15, MariaDB 10.11 and H2 2.x, no mocks.
//!
//! ```ignore
//! mod support;
//! use support::Database;
//!
//! let db = support::postgres();            // a fresh database on the shared server
//! db.execute_script(&ddl).unwrap();        // psql -v ON_ERROR_STOP=1 -f, like a DBA
//! let catalog = db.catalog();              // information_schema in the reference shape
//! let expected = support::reference("wso2/is5.0-match/kernel/postgresql.json");
//! support::assert_tables_match(&catalog, &expected, &["reg_path"]);
//! ```
//!
//! * PostgreSQL and MariaDB: one server per test binary, started on first use on
//!   127.0.0.1 (a free port) in a throwaway temp directory by the test process itself;
//!   every call of [`postgres()`] / [`mariadb()`] creates a new, uniquely named database,
//!   so tests are independent and run in parallel. The servers die with the test process
//!   (PR_SET_PDEATHSIG plus an exit hook that also removes their directories).
//! * H2: embedded, a fresh file database in its own temp directory per call of [`h2()`],
//!   driven with H2's own `org.h2.tools.RunScript` (`java -cp /usr/share/java/h2.jar`).
//! * A missing engine is a panic naming the apt command, never a skip
//!   (`.ci/install-engines` installs them all).
//! * `SCHEMAGEN_KEEP_ENGINE_DIRS=1` keeps server directories and databases for a
//!   post-mortem and prints where they are.
#![allow(dead_code)]

pub mod compare;
pub mod declared;
pub mod engine;
pub mod fixtures;
pub mod sample_rows;
pub mod sqlfluff;

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub use engine::h2::{H2Database, H2SchemaDatabase};
pub use engine::mariadb::MariaDbDatabase;
pub use engine::postgres::PgDatabase;

/// A database's tables in the neutral reference shape of `shared/reference/README.md`
/// (extra top-level keys of a reference file, like `source` or `notes`, are ignored).
///
/// Conventions (the same as the reference engine catalogs):
/// * tables sorted by upper-cased name, columns in ordinal order;
/// * `type` is the engine's information_schema word, upper case;
///   `length` is CHARACTER_MAXIMUM_LENGTH (so MariaDB TEXT/BLOB carry their byte maximum,
///   H2 BLOB 9223372036854775807, PostgreSQL TEXT/BYTEA null);
///   `precision`/`scale` only for NUMERIC/DECIMAL (never for INTEGER or DATETIME(3));
/// * `default` is the engine's text (MariaDB's `NULL` means no default and becomes null);
///   `auto_increment`: PostgreSQL `nextval(...)` default or identity, MariaDB
///   `auto_increment`, H2 identity;
/// * `unique`: column lists of UNIQUE constraints, sorted; MariaDB has no difference
///   between a unique index and a unique constraint, so every unique index is there
///   (twice if declared twice);
/// * `foreign_keys` sorted by name; `on_delete` as the engine says (PostgreSQL
///   `NO ACTION`, MariaDB/H2 `RESTRICT` when none was given);
/// * `indexes`: sorted by name, without the primary key, without indexes backing a
///   unique constraint, without indexes the engine made for a foreign key (H2
///   IS_GENERATED; MariaDB: an index named like the FK, or like the FK's first column for
///   an unnamed FK, on exactly the FK's columns); only plain columns are listed
///   (PostgreSQL expression parts and INCLUDE columns are left out, MariaDB prefix lengths
///   are not shown); on MariaDB unique indexes are under `unique` instead.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Catalog {
    pub tables: Vec<Table>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Table {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    pub columns: Vec<Column>,
    #[serde(default)]
    pub primary_key: Vec<String>,
    #[serde(default)]
    pub unique: Vec<Vec<String>>,
    #[serde(default)]
    pub foreign_keys: Vec<ForeignKey>,
    #[serde(default)]
    pub indexes: Vec<Index>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Column {
    pub name: String,
    #[serde(rename = "type")]
    pub data_type: String,
    pub length: Option<i64>,
    pub precision: Option<i64>,
    pub scale: Option<i64>,
    pub nullable: bool,
    pub default: Option<String>,
    pub auto_increment: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ForeignKey {
    pub name: String,
    pub columns: Vec<String>,
    pub ref_table: String,
    pub ref_columns: Vec<String>,
    /// Always set by an engine; `null` only in parsed (non-engine) reference files.
    pub on_delete: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Index {
    pub name: String,
    pub columns: Vec<String>,
    pub unique: bool,
}

/// What a migration must also get right beyond [`Catalog`], read by [`Database::details`]:
/// constraint names, CHECK constraints and identity/auto-increment ranges (kept apart from
/// [`Catalog`], whose shape is the reference files' shape).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Details {
    pub tables: Vec<TableDetails>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TableDetails {
    pub name: String,
    /// The primary-key constraint's name (MariaDB: always `PRIMARY`).
    pub primary_key_name: Option<String>,
    /// Every UNIQUE constraint (MariaDB: unique index) by name, with its columns.
    pub uniques: Vec<NamedKey>,
    pub checks: Vec<Check>,
    pub identities: Vec<Identity>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct NamedKey {
    pub name: String,
    pub columns: Vec<String>,
}

/// A CHECK constraint: its columns (as the engine reports them; MariaDB: the backquoted names of
/// the clause), the string literals of its clause, sorted (what an allowed-values check allows),
/// and the clause as the engine shows it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Check {
    pub name: String,
    pub columns: Vec<String>,
    pub literals: Vec<String>,
    pub clause: String,
}

/// An identity / auto-increment column and the range of values it generates.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Identity {
    pub column: String,
    pub data_type: String,
    pub start: Option<String>,
    pub increment: Option<String>,
    pub minimum: Option<String>,
    pub maximum: Option<String>,
}

impl Details {
    pub fn table(&self, name: &str) -> Option<&TableDetails> {
        self.tables.iter().find(|t| t.name == name)
    }

    /// The table's entry, created on first use.
    pub fn entry(&mut self, name: &str) -> &mut TableDetails {
        match self.tables.iter().position(|t| t.name == name) {
            Some(i) => &mut self.tables[i],
            None => {
                self.tables.push(TableDetails {
                    name: name.to_string(),
                    ..Default::default()
                });
                self.tables.last_mut().unwrap()
            }
        }
    }

    pub fn normalize(&mut self) {
        self.tables.sort_by(|a, b| a.name.cmp(&b.name));
        for t in &mut self.tables {
            t.uniques
                .sort_by(|a, b| (&a.columns, &a.name).cmp(&(&b.columns, &b.name)));
            for c in &mut t.checks {
                c.literals.sort();
                c.columns.sort();
            }
            t.checks.sort_by(|a, b| {
                (&a.columns, &a.literals, &a.name).cmp(&(&b.columns, &b.literals, &b.name))
            });
            t.identities.sort_by(|a, b| a.column.cmp(&b.column));
        }
    }
}

/// The string literals of an SQL expression (`'A'`, `'it''s'`), in order.
pub fn string_literals(sql: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\'' {
            continue;
        }
        let mut lit = String::new();
        loop {
            match chars.next() {
                Some('\'') if chars.peek() == Some(&'\'') => {
                    chars.next();
                    lit.push('\'');
                }
                Some('\'') | None => break,
                Some(ch) => lit.push(ch),
            }
        }
        out.push(lit);
    }
    out
}

impl Catalog {
    /// The table with exactly this name (names are compared case-sensitively: PostgreSQL
    /// folds unquoted names to lower case, MariaDB and H2 keep/upper-case them).
    pub fn table(&self, name: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.name == name)
    }

    pub fn table_names(&self) -> Vec<&str> {
        self.tables.iter().map(|t| t.name.as_str()).collect()
    }

    /// Only the named tables (in catalog order); names not present are ignored.
    pub fn only(&self, names: &[&str]) -> Catalog {
        Catalog {
            tables: self
                .tables
                .iter()
                .filter(|t| names.contains(&t.name.as_str()))
                .cloned()
                .collect(),
        }
    }

    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).expect("catalog serializes")
    }

    /// Put everything in the canonical order described on [`Catalog`].
    pub fn normalize(&mut self) {
        self.tables.sort_by(|a, b| {
            (a.name.to_uppercase(), &a.name).cmp(&(b.name.to_uppercase(), &b.name))
        });
        for t in &mut self.tables {
            t.unique.sort();
            t.foreign_keys.sort_by(|a, b| a.name.cmp(&b.name));
            t.indexes.sort_by(|a, b| a.name.cmp(&b.name));
        }
    }
}

/// One database on a real engine.
pub trait Database {
    /// `postgresql`, `mysql` (MariaDB) or `h2`: the dialect names of `dialects/` and of
    /// the reference files.
    fn dialect(&self) -> &'static str;

    /// The database's name on its server (H2: the file database's path).
    fn name(&self) -> &str;

    /// Run a whole multi-statement script the way a DBA does (psql -v ON_ERROR_STOP=1 -f,
    /// the mariadb client reading the file on stdin, H2 RunScript); stops at the first
    /// failing statement and returns the engine's error text.
    fn execute_script(&self, sql: &str) -> Result<(), String>;

    /// Like [`Database::execute_script`], for a script file on disk.
    fn execute_script_file(&self, path: &Path) -> Result<(), String>;

    /// Rows of one query; SQL NULL is `None`; values are the engine's text
    /// (PostgreSQL booleans `t`/`f`, MariaDB `1`/`0`, H2 `TRUE`/`FALSE`).
    fn try_query(&self, sql: &str) -> Result<Vec<Vec<Option<String>>>, String>;

    /// [`Database::try_query`] that panics on error and shows SQL NULL as `NULL`.
    fn query(&self, sql: &str) -> Vec<Vec<String>> {
        match self.try_query(sql) {
            Ok(rows) => rows
                .into_iter()
                .map(|r| {
                    r.into_iter()
                        .map(|v| v.unwrap_or_else(|| "NULL".to_string()))
                        .collect()
                })
                .collect(),
            Err(e) => panic!("{} query failed: {e}\nquery: {sql}", self.dialect()),
        }
    }

    /// The database's catalog (its own schema only), in the reference shape.
    fn catalog(&self) -> Catalog;

    /// Constraint names, CHECK constraints and identity ranges of the database's own schema.
    fn details(&self) -> Details;

    /// The queries [`Database::inspection`] reads the catalog and the details from, to run
    /// together with other steps ([`Database::run_steps`]).
    fn inspection_queries(&self) -> Vec<String>;

    /// [`Database::catalog`] and [`Database::details`] from the rows of
    /// [`Database::inspection_queries`].
    fn inspection(&self, sets: Vec<Vec<Vec<Option<String>>>>) -> (Catalog, Details);

    /// Scripts and queries in order, in as few client runs as the engine allows, stopping at
    /// the first that fails (a script stops at its first failing statement, as in
    /// [`Database::execute_script`]). PostgreSQL: one psql run (`-f`/`-c` in order,
    /// ON_ERROR_STOP); MariaDB: one client run; H2: one command each.
    fn run_steps(&self, steps: &[Step]) -> Steps {
        let mut results = Vec::new();
        for (i, step) in steps.iter().enumerate() {
            let r = match step {
                Step::Script(sql) => self.execute_script(sql).map(|_| None),
                Step::Query(sql) => self.try_query(sql).map(Some),
            };
            match r {
                Ok(rows) => results.push(rows),
                Err(e) => {
                    return Steps {
                        results,
                        failed: Some((i, e)),
                    };
                }
            }
        }
        Steps {
            results,
            failed: None,
        }
    }

    /// Several queries, in as few client runs as the engine allows; rows per query.
    fn try_query_many(&self, sqls: &[String]) -> Result<Vec<Vec<Vec<Option<String>>>>, String> {
        sqls.iter().map(|q| self.try_query(q)).collect()
    }

    /// The engine's version string, e.g. `15.18 (Debian 15.18-0+deb12u1)`.
    fn server_version(&self) -> String;
}

/// One step of [`Database::run_steps`].
#[derive(Debug, Clone)]
pub enum Step {
    Script(String),
    Query(String),
}

/// What [`Database::run_steps`] did: the result of every step that ran (`None` for a script,
/// the rows for a query), and the failing step's index and error, if one failed (the later
/// steps did not run).
#[derive(Debug, Clone, Default)]
pub struct Steps {
    pub results: Vec<Option<Vec<Vec<Option<String>>>>>,
    pub failed: Option<(usize, String)>,
}

/// A fresh database on the shared PostgreSQL 15 server of this test binary.
pub fn postgres() -> PgDatabase {
    PgDatabase::create()
}

/// A fresh schema (standing in for a database) in a database shared by this test binary on
/// the shared PostgreSQL 15 server: cheap enough for hundreds per test (see
/// [`PgDatabase::create_schema`]).
pub fn postgres_schema() -> PgDatabase {
    PgDatabase::create_schema()
}

/// A fresh database on the shared MariaDB 10.11 server of this test binary, in MySQL 8's
/// strict default sql_mode with explicit_defaults_for_timestamp=ON.
pub fn mariadb() -> MariaDbDatabase {
    MariaDbDatabase::create()
}

/// A fresh H2 2.x file database in its own temp directory.
pub fn h2() -> H2Database {
    H2Database::create()
}

/// A fresh schema in one of the long-running H2 JVMs of this test binary (H2's Shell on an
/// in-memory database, [`engine::h2::SHELLS`] of them): no JVM start per operation, so many
/// small databases are cheap. Scripts run with RUNSCRIPT, which behaves like RunScript.
pub fn h2_shared() -> H2SchemaDatabase {
    H2SchemaDatabase::create()
}

/// A fresh database for a dialect name (`postgresql`, `mysql`/`mariadb`, `h2`).
pub fn database(dialect: &str) -> Box<dyn Database> {
    match dialect {
        "postgresql" | "postgres" | "pg" => Box::new(postgres()),
        "mysql" | "mariadb" => Box::new(mariadb()),
        "h2" => Box::new(h2()),
        other => panic!("no real engine for dialect {other:?} (have: postgresql, mysql, h2)"),
    }
}

/// The dialects that have a real engine here.
pub const ENGINE_DIALECTS: [&str; 3] = ["postgresql", "mysql", "h2"];

/// Path of a file under `tests/reference/` (the repository's copy of shared/reference).
pub fn reference_path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/reference")
        .join(rel)
}

/// A reference catalog, e.g. `reference("wso2/is5.0-match/kernel/postgresql.json")`.
pub fn reference(rel: &str) -> Catalog {
    let path = reference_path(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "reference file {} not readable ({e}); the facts live in tests/reference/ \
             (copied from shared/reference/ with their provenance)",
            path.display()
        )
    });
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: not a catalog: {e}", path.display()))
}

/// Differences between two catalogs restricted to `names`, one line each
/// (empty when equal). Tables are looked up by exact name.
pub fn diff_tables(actual: &Catalog, expected: &Catalog, names: &[&str]) -> Vec<String> {
    fn j<T: Serialize>(v: &T) -> String {
        serde_json::to_string(v).unwrap()
    }
    let mut out = Vec::new();
    for name in names {
        let (a, e) = match (actual.table(name), expected.table(name)) {
            (Some(a), Some(e)) => (a, e),
            (None, None) => {
                out.push(format!("{name}: in neither catalog"));
                continue;
            }
            (None, Some(_)) => {
                out.push(format!(
                    "{name}: missing (actual tables: {:?})",
                    actual.table_names()
                ));
                continue;
            }
            (Some(_), None) => {
                out.push(format!("{name}: not in the expected catalog"));
                continue;
            }
        };
        if a.comment != e.comment {
            out.push(format!(
                "{name}.comment: expected {:?}, got {:?}",
                e.comment, a.comment
            ));
        }
        let an: Vec<_> = a.columns.iter().map(|c| &c.name).collect();
        let en: Vec<_> = e.columns.iter().map(|c| &c.name).collect();
        if an != en {
            out.push(format!("{name}.columns: expected {en:?}, got {an:?}"));
        }
        for ec in &e.columns {
            if let Some(ac) = a.columns.iter().find(|c| c.name == ec.name)
                && ac != ec
            {
                out.push(format!(
                    "{name}.{}: expected {}, got {}",
                    ec.name,
                    j(ec),
                    j(ac)
                ));
            }
        }
        if a.primary_key != e.primary_key {
            out.push(format!(
                "{name}.primary_key: expected {:?}, got {:?}",
                e.primary_key, a.primary_key
            ));
        }
        if a.unique != e.unique {
            out.push(format!(
                "{name}.unique: expected {:?}, got {:?}",
                e.unique, a.unique
            ));
        }
        if a.foreign_keys != e.foreign_keys {
            out.push(format!(
                "{name}.foreign_keys: expected {}, got {}",
                j(&e.foreign_keys),
                j(&a.foreign_keys)
            ));
        }
        if a.indexes != e.indexes {
            out.push(format!(
                "{name}.indexes: expected {}, got {}",
                j(&e.indexes),
                j(&a.indexes)
            ));
        }
    }
    out
}

/// Panics with a readable, line-per-difference report unless the named tables are equal.
#[track_caller]
pub fn assert_tables_match(actual: &Catalog, expected: &Catalog, names: &[&str]) {
    let diffs = diff_tables(actual, expected, names);
    if !diffs.is_empty() {
        panic!(
            "catalogs differ ({} difference(s)):\n  {}",
            diffs.len(),
            diffs.join("\n  ")
        );
    }
}
