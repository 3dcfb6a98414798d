//! MariaDB 10.11 (Debian mariadb-server): one server per test binary, one database per
//! test, in MySQL 8's default strict sql_mode with explicit_defaults_for_timestamp=ON.

use super::super::{
    Catalog, Check, Column, Database, Details, ForeignKey, Identity, Index, NamedKey, Step, Steps,
};
use super::{
    Builder, ServerProcess, clean_env, error_text, free_port, group, is_root, keep_dirs, non_empty,
    once, opt_i64, parse_mariadb_xml, require_any, run, run_ok, s, server_dir, spawn_server,
    unique_db_name, wait_until_ready,
};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

const INSTALL: &str = "mariadb-server";

/// MySQL 8.0's default sql_mode (NO_AUTO_CREATE_USER no longer exists there).
pub const MYSQL8_SQL_MODE: &str = "ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,\
ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION";

pub struct MariaDbServer {
    pub port: u16,
    pub dir: PathBuf,
    pub version: String,
    client: PathBuf,
    _process: ServerProcess,
}

static SERVER: OnceLock<Result<MariaDbServer, String>> = OnceLock::new();

/// The shared server of this test binary, started on first use.
pub fn server() -> &'static MariaDbServer {
    once(&SERVER, start)
}

fn start() -> MariaDbServer {
    let install_db = require_any(
        &["/usr/bin/mariadb-install-db", "/usr/bin/mysql_install_db"],
        "MariaDB 10.11 (mariadb-install-db)",
        INSTALL,
    );
    let mariadbd = require_any(
        &["/usr/sbin/mariadbd", "/usr/sbin/mysqld"],
        "MariaDB 10.11 (mariadbd)",
        INSTALL,
    );
    let client = require_any(
        &["/usr/bin/mariadb", "/usr/bin/mysql"],
        "MariaDB 10.11 client (mariadb)",
        INSTALL,
    );
    let dir = server_dir("schemagen-mariadb-");
    let data = dir.join("data");
    let root = is_root();

    let mut cmd = Command::new(&install_db);
    cmd.arg("--no-defaults")
        .arg(format!("--datadir={}", data.display()))
        .args(["--auth-root-authentication-method=normal", "--skip-test-db"])
        .current_dir(&dir);
    if root {
        cmd.arg("--user=root");
    }
    clean_env(&mut cmd);
    run_ok(cmd, "mariadb-install-db");

    let log = dir.join("mariadbd.log");
    for _attempt in 0..5 {
        let port = free_port();
        let mut cmd = Command::new(&mariadbd);
        cmd.arg("--no-defaults")
            .arg(format!("--datadir={}", data.display()))
            .arg(format!("--socket={}", dir.join("mysqld.sock").display()))
            .arg(format!("--pid-file={}", dir.join("mariadbd.pid").display()))
            .arg(format!("--tmpdir={}", dir.display()))
            .arg(format!("--port={port}"))
            .arg("--bind-address=127.0.0.1")
            .arg(format!("--sql-mode={MYSQL8_SQL_MODE}"))
            .arg("--explicit-defaults-for-timestamp=ON")
            .args([
                "--character-set-server=utf8mb4",
                "--collation-server=utf8mb4_general_ci",
            ])
            .args(["--skip-name-resolve", "--max-connections=200"])
            .args([
                "--innodb-buffer-pool-size=128M",
                "--innodb-flush-log-at-trx-commit=0",
            ])
            .args(["--innodb-doublewrite=0", "--skip-log-bin"])
            .current_dir(&dir);
        if root {
            cmd.arg("--user=root");
        }
        clean_env(&mut cmd);
        let process = spawn_server(cmd, &log, libc::SIGKILL);
        let ready = wait_until_ready(
            "MariaDB 10.11",
            &process,
            &log,
            || {
                run(client_cmd(&client, port, None, &["-e", "SELECT 1"]), None)
                    .status
                    .success()
            },
            |log| log.contains("Address already in use"),
        );
        if !ready {
            continue;
        }
        let out = run_ok(
            client_cmd(&client, port, None, &["-N", "-B", "-e", "SELECT VERSION()"]),
            "mariadb",
        );
        let version = String::from_utf8_lossy(&out.stdout).trim().to_string();
        if keep_dirs() {
            eprintln!(
                "MariaDB {version} on 127.0.0.1:{port}, directory {}",
                dir.display()
            );
        }
        return MariaDbServer {
            port,
            dir,
            version,
            client,
            _process: process,
        };
    }
    panic!(
        "MariaDB could not bind a free port after 5 attempts; log: {}",
        log.display()
    );
}

fn client_cmd(client: &Path, port: u16, db: Option<&str>, args: &[&str]) -> Command {
    let mut cmd = Command::new(client);
    // --no-defaults must come first.
    cmd.arg("--no-defaults")
        .args([
            "--protocol=TCP",
            "-h",
            "127.0.0.1",
            "-P",
            &port.to_string(),
            "-u",
            "root",
        ])
        .args(["--default-character-set=utf8mb4", "--connect-timeout=10"]);
    if let Some(db) = db {
        cmd.args(["-D", db]);
    }
    cmd.args(args);
    clean_env(&mut cmd);
    cmd
}

fn quote_ident(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

/// A fresh database on the shared server; dropped again when this value is dropped.
pub struct MariaDbDatabase {
    server: &'static MariaDbServer,
    name: String,
    scratch: tempfile::TempDir,
}

impl MariaDbDatabase {
    pub fn create() -> Self {
        let server = server();
        let name = unique_db_name();
        let out = run(
            client_cmd(
                &server.client,
                server.port,
                None,
                &["-e", &format!("CREATE DATABASE {}", quote_ident(&name))],
            ),
            None,
        );
        if !out.status.success() {
            panic!("CREATE DATABASE {name} failed: {}", error_text(&out));
        }
        if keep_dirs() {
            eprintln!(
                "MariaDB database: mariadb --protocol=TCP -h 127.0.0.1 -P {} -u root {name}",
                server.port
            );
        }
        let scratch = super::temp_dir("schemagen-mariadbdb-");
        MariaDbDatabase {
            server,
            name,
            scratch,
        }
    }

    pub fn port(&self) -> u16 {
        self.server.port
    }

    /// A mariadb client command connected to this database.
    pub fn client(&self, args: &[&str]) -> Command {
        client_cmd(
            &self.server.client,
            self.server.port,
            Some(&self.name),
            args,
        )
    }
}

impl Drop for MariaDbDatabase {
    fn drop(&mut self) {
        if keep_dirs() {
            return;
        }
        let _ = client_cmd(
            &self.server.client,
            self.server.port,
            None,
            &[
                "-e",
                &format!("DROP DATABASE IF EXISTS {}", quote_ident(&self.name)),
            ],
        )
        .stdin(std::process::Stdio::null())
        .output();
    }
}

const TABLES_SQL: &str = "SELECT TABLE_NAME, TABLE_COMMENT FROM information_schema.TABLES \
WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME";

const COLUMNS_SQL: &str = "SELECT TABLE_NAME, COLUMN_NAME, UPPER(DATA_TYPE), CHARACTER_MAXIMUM_LENGTH, \
IF(DATA_TYPE IN ('decimal', 'numeric'), NUMERIC_PRECISION, NULL), \
IF(DATA_TYPE IN ('decimal', 'numeric'), NUMERIC_SCALE, NULL), \
IS_NULLABLE, COLUMN_DEFAULT, EXTRA, COLUMN_COMMENT \
FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION";

const STATISTICS_SQL: &str = "SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME \
FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() \
ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX";

const FOREIGN_KEYS_SQL: &str = "SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, \
k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME, r.DELETE_RULE \
FROM information_schema.KEY_COLUMN_USAGE k JOIN information_schema.REFERENTIAL_CONSTRAINTS r \
ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.TABLE_NAME = k.TABLE_NAME \
AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME \
WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL \
ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION";

const CHECKS_SQL: &str = "SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE \
FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() \
ORDER BY TABLE_NAME, CONSTRAINT_NAME";

const AUTO_INCREMENT_SQL: &str = "SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, COLUMN_TYPE \
FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND EXTRA LIKE '%auto_increment%' \
ORDER BY TABLE_NAME, COLUMN_NAME";

impl MariaDbDatabase {
    fn query_sets(&self, sql: &str) -> Result<Vec<Vec<Vec<Option<String>>>>, String> {
        let out = run(self.client(&["--xml", "-e", sql]), None);
        if !out.status.success() {
            return Err(error_text(&out));
        }
        Ok(parse_mariadb_xml(
            &String::from_utf8(out.stdout).expect("UTF-8 from mariadb"),
        ))
    }
}

impl Database for MariaDbDatabase {
    fn dialect(&self) -> &'static str {
        "mysql"
    }

    fn name(&self) -> &str {
        &self.name
    }

    fn execute_script(&self, sql: &str) -> Result<(), String> {
        let file = tempfile::Builder::new()
            .prefix("script-")
            .suffix(".sql")
            .tempfile_in(self.scratch.path())
            .expect("script file");
        std::fs::write(file.path(), sql).expect("write script");
        self.execute_script_file(file.path())
    }

    /// `mariadb <db> < script.sql`: batch mode, stops at the first error.
    fn execute_script_file(&self, path: &Path) -> Result<(), String> {
        let out = run(self.client(&[]), Some(path));
        if out.status.success() {
            Ok(())
        } else {
            Err(error_text(&out))
        }
    }

    fn try_query(&self, sql: &str) -> Result<Vec<Vec<Option<String>>>, String> {
        Ok(self.query_sets(sql)?.into_iter().flatten().collect())
    }

    fn catalog(&self) -> Catalog {
        let sets = self
            .query_sets(&CATALOG_QUERIES.join(";\n"))
            .unwrap_or_else(|e| panic!("catalog queries failed: {e}"));
        build_catalog(sets)
    }

    fn details(&self) -> Details {
        let sets = self
            .query_sets(&DETAILS_QUERIES.join(";\n"))
            .unwrap_or_else(|e| panic!("details queries failed: {e}"));
        build_details(sets)
    }

    fn inspection_queries(&self) -> Vec<String> {
        CATALOG_QUERIES
            .iter()
            .chain(&DETAILS_QUERIES)
            .map(|q| q.to_string())
            .collect()
    }

    fn inspection(&self, mut sets: Vec<Vec<Vec<Option<String>>>>) -> (Catalog, Details) {
        let details = sets.split_off(CATALOG_QUERIES.len());
        (build_catalog(sets), build_details(details))
    }

    /// One client run (`--xml`, the steps on stdin), each step followed by a one-value marker
    /// query, so the rows per query and how far it got are known.
    fn run_steps(&self, steps: &[Step]) -> Steps {
        let mut script = String::new();
        for step in steps {
            match step {
                Step::Script(sql) => script.push_str(sql),
                Step::Query(sql) => {
                    script.push_str(sql.trim().trim_end_matches(';').trim_end());
                    script.push(';');
                }
            }
            script.push_str(&format!("\nSELECT '{SEPARATOR}' AS SGSEP;\n"));
        }
        let file = tempfile::Builder::new()
            .prefix("steps-")
            .suffix(".sql")
            .tempfile_in(self.scratch.path())
            .expect("script file");
        std::fs::write(file.path(), &script).expect("write script");
        let out = run(self.client(&["--xml"]), Some(file.path()));
        let mut buckets: Vec<Vec<Vec<Vec<Option<String>>>>> = vec![Vec::new()];
        for set in parse_mariadb_xml(&String::from_utf8_lossy(&out.stdout)) {
            if set.len() == 1 && set[0].len() == 1 && set[0][0].as_deref() == Some(SEPARATOR) {
                buckets.push(Vec::new());
            } else {
                buckets.last_mut().unwrap().push(set);
            }
        }
        buckets.pop();
        let done = buckets.len();
        let results = steps
            .iter()
            .zip(buckets)
            .map(|(step, mut sets)| {
                matches!(step, Step::Query(_)).then(|| {
                    if sets.is_empty() {
                        Vec::new()
                    } else {
                        sets.remove(0)
                    }
                })
            })
            .collect();
        Steps {
            results,
            failed: (!out.status.success()).then(|| (done, error_text(&out))),
        }
    }

    /// One client run: the statements separated by `;`, one result set each.
    fn try_query_many(&self, sqls: &[String]) -> Result<Vec<Vec<Vec<Option<String>>>>, String> {
        if sqls.is_empty() {
            return Ok(Vec::new());
        }
        let all = sqls
            .iter()
            .map(|q| q.trim().trim_end_matches(';').trim_end())
            .collect::<Vec<_>>()
            .join(";\n");
        let sets = self.query_sets(&all)?;
        assert_eq!(sets.len(), sqls.len(), "one result set per query");
        Ok(sets)
    }

    fn server_version(&self) -> String {
        self.server.version.clone()
    }
}

/// InnoDB creates an index for a foreign key that no existing index can serve, named after
/// the constraint (CONSTRAINT symbol or FOREIGN KEY index_name) or, for an unnamed FK
/// (`<table>_ibfk_<n>`), after its first column, with `_2`, `_3`... if that name is taken.
fn made_for_foreign_key(index: &str, columns: &[String], fks: &[ForeignKey]) -> bool {
    fks.iter().any(|fk| {
        if fk.columns.as_slice() != columns {
            return false;
        }
        if fk.name == index {
            return true;
        }
        let Some(first) = fk.columns.first() else {
            return false;
        };
        fk.name.contains("_ibfk_")
            && index.strip_prefix(first.as_str()).is_some_and(|rest| {
                rest.is_empty()
                    || rest
                        .strip_prefix('_')
                        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            })
    })
}

const CATALOG_QUERIES: [&str; 4] = [TABLES_SQL, COLUMNS_SQL, STATISTICS_SQL, FOREIGN_KEYS_SQL];
const DETAILS_QUERIES: [&str; 3] = [STATISTICS_SQL, CHECKS_SQL, AUTO_INCREMENT_SQL];

type Rows = Vec<Vec<Option<String>>>;

fn build_catalog(sets: Vec<Rows>) -> Catalog {
    let [tables, columns, statistics, fks]: [Rows; 4] = sets
        .try_into()
        .unwrap_or_else(|v: Vec<_>| panic!("expected 4 result sets, got {}", v.len()));

    let mut b = Builder::new(tables.into_iter().map(|r| (s(&r[0]), non_empty(&r[1]))));
    for r in columns {
        let Some(t) = b.table(&s(&r[0])) else {
            continue;
        };
        t.columns.push(Column {
            name: s(&r[1]),
            data_type: s(&r[2]),
            length: opt_i64(&r[3]),
            precision: opt_i64(&r[4]),
            scale: opt_i64(&r[5]),
            nullable: s(&r[6]) == "YES",
            // MariaDB shows the word NULL for "no default" (and for DEFAULT NULL):
            // a string default would be quoted ('NULL').
            default: r[7].clone().filter(|d| d != "NULL"),
            auto_increment: s(&r[8]).to_lowercase().contains("auto_increment"),
            comment: non_empty(&r[9]),
        });
    }
    for ((table, name), rows) in group(fks.into_iter().map(|r| ((s(&r[0]), s(&r[1])), r))) {
        let Some(t) = b.table(&table) else { continue };
        t.foreign_keys.push(ForeignKey {
            name,
            columns: rows.iter().map(|r| s(&r[2])).collect(),
            ref_table: s(&rows[0][3]),
            ref_columns: rows.iter().map(|r| s(&r[4])).collect(),
            on_delete: Some(s(&rows[0][5])),
        });
    }
    for ((table, name), rows) in group(statistics.into_iter().map(|r| ((s(&r[0]), s(&r[1])), r))) {
        let Some(t) = b.table(&table) else { continue };
        let columns: Vec<String> = rows.iter().map(|r| s(&r[3])).collect();
        let unique = s(&rows[0][2]) == "0";
        if name == "PRIMARY" {
            t.primary_key = columns;
        } else if unique {
            // MariaDB: every unique index is a UNIQUE constraint.
            t.unique.push(columns);
        } else if !made_for_foreign_key(&name, &columns, &t.foreign_keys) {
            t.indexes.push(Index {
                name,
                columns,
                unique: false,
            });
        }
    }
    b.finish()
}

fn build_details(sets: Vec<Rows>) -> Details {
    let [statistics, checks, autos]: [Rows; 3] = sets
        .try_into()
        .unwrap_or_else(|v: Vec<_>| panic!("expected 3 result sets, got {}", v.len()));
    let mut d = Details::default();
    for ((table, name), rows) in group(statistics.into_iter().map(|r| ((s(&r[0]), s(&r[1])), r))) {
        let columns: Vec<String> = rows.iter().map(|r| s(&r[3])).collect();
        if name == "PRIMARY" {
            d.entry(&table).primary_key_name = Some(name);
        } else if s(&rows[0][2]) == "0" {
            d.entry(&table).uniques.push(NamedKey { name, columns });
        }
    }
    for r in checks {
        let clause = s(&r[2]);
        let mut columns = Vec::new();
        let mut rest = clause.as_str();
        while let Some(i) = rest.find('`') {
            let after = &rest[i + 1..];
            let Some(j) = after.find('`') else { break };
            columns.push(after[..j].to_string());
            rest = &after[j + 1..];
        }
        columns.sort();
        columns.dedup();
        d.entry(&s(&r[0])).checks.push(Check {
            name: s(&r[1]),
            columns,
            literals: super::super::string_literals(&clause),
            clause,
        });
    }
    for r in autos {
        let data_type = s(&r[2]).to_uppercase();
        let unsigned = s(&r[3]).contains("unsigned");
        let maximum = match (data_type.as_str(), unsigned) {
            ("TINYINT", false) => "127",
            ("SMALLINT", false) => "32767",
            ("MEDIUMINT", false) => "8388607",
            ("INT", false) => "2147483647",
            ("BIGINT", false) => "9223372036854775807",
            ("TINYINT", true) => "255",
            ("SMALLINT", true) => "65535",
            ("MEDIUMINT", true) => "16777215",
            ("INT", true) => "4294967295",
            ("BIGINT", true) => "18446744073709551615",
            _ => "?",
        };
        d.entry(&s(&r[0])).identities.push(Identity {
            column: s(&r[1]),
            data_type,
            start: None,
            increment: None,
            minimum: None,
            maximum: Some(maximum.to_string()),
        });
    }
    d.normalize();
    d
}

const SEPARATOR: &str = "SGSEP9f3b";
