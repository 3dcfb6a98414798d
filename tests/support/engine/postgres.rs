//! PostgreSQL 15 (Debian postgresql-15): one server per test binary, one database per test.

use super::super::{
    Catalog, Check, Column, Database, Details, ForeignKey, Identity, Index, NamedKey, Step, Steps,
};
use super::{
    Builder, ServerProcess, clean_env, error_text, free_port, is_root, keep_dirs, lookup_user,
    non_empty, once, opt_i64, parse_csv, require, run, run_ok, s, server_dir, spawn_server,
    unique_db_name, wait_until_ready,
};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

pub const PG_BIN: &str = "/usr/lib/postgresql/15/bin";
const INSTALL: &str = "postgresql-15";

pub struct PgServer {
    pub port: u16,
    pub dir: PathBuf,
    pub version: String,
    psql: PathBuf,
    _process: ServerProcess,
}

static SERVER: OnceLock<Result<PgServer, String>> = OnceLock::new();

/// The shared server of this test binary, started on first use.
pub fn server() -> &'static PgServer {
    once(&SERVER, start)
}

fn bin(name: &str) -> PathBuf {
    let p = Path::new(PG_BIN).join(name);
    require(&p, "PostgreSQL 15", INSTALL);
    p
}

/// PostgreSQL refuses to run as root: as root, run initdb/postgres as `postgres`.
fn server_user() -> Option<(u32, u32)> {
    if !is_root() {
        return None;
    }
    Some(lookup_user("postgres").unwrap_or_else(|| {
        panic!(
            "running as root, and PostgreSQL refuses to run as root, but the `postgres` system \
             user does not exist: install PostgreSQL 15 with `apt-get install -y {INSTALL}` \
             (its package creates that user)"
        )
    }))
}

fn as_server_user(cmd: &mut Command, user: Option<(u32, u32)>) {
    if let Some((uid, gid)) = user {
        cmd.uid(uid).gid(gid);
    }
}

fn start() -> PgServer {
    let initdb = bin("initdb");
    let postgres = bin("postgres");
    let psql = bin("psql");
    let user = server_user();
    let dir = server_dir("schemagen-pg-");
    if let Some((uid, gid)) = user {
        std::os::unix::fs::chown(&dir, Some(uid), Some(gid))
            .expect("chown the PostgreSQL temp dir");
    }
    let data = dir.join("data");
    let mut cmd = Command::new(&initdb);
    cmd.arg("-D")
        .arg(&data)
        .args([
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        ])
        .args(["--no-sync", "--no-instructions"])
        .current_dir(&dir);
    as_server_user(&mut cmd, user);
    clean_env(&mut cmd);
    run_ok(cmd, "initdb");
    // Everyone is trusted, except the role `pw_user`, whose password is checked: for the
    // tests of a password given to a client (`import db`). The file keeps its owner.
    let hba = data.join("pg_hba.conf");
    let trusted = std::fs::read_to_string(&hba).expect("read pg_hba.conf");
    std::fs::write(
        &hba,
        format!("host all pw_user 127.0.0.1/32 scram-sha-256\n{trusted}"),
    )
    .expect("write pg_hba.conf");

    let log = dir.join("postgres.log");
    for _attempt in 0..5 {
        let port = free_port();
        let mut cmd = Command::new(&postgres);
        cmd.arg("-D")
            .arg(&data)
            .args(["-h", "127.0.0.1", "-p", &port.to_string(), "-k"])
            .arg(&dir)
            .args([
                "-c",
                "fsync=off",
                "-c",
                "synchronous_commit=off",
                "-c",
                "full_page_writes=off",
            ])
            .args(["-c", "max_connections=200", "-c", "logging_collector=off"])
            .current_dir(&dir);
        as_server_user(&mut cmd, user);
        clean_env(&mut cmd);
        // SIGQUIT = immediate shutdown: fast, and it still removes shared memory.
        let process = spawn_server(cmd, &log, libc::SIGQUIT);
        let ready = wait_until_ready(
            "PostgreSQL 15",
            &process,
            &log,
            || {
                run(psql_cmd(&psql, port, "postgres", &["-c", "SELECT 1"]), None)
                    .status
                    .success()
            },
            |log| log.contains("Address already in use") || log.contains("could not bind"),
        );
        if !ready {
            continue;
        }
        let out = run_ok(
            psql_cmd(
                &psql,
                port,
                "postgres",
                &["-At", "-c", "SHOW server_version"],
            ),
            "psql",
        );
        let version = String::from_utf8_lossy(&out.stdout).trim().to_string();
        if keep_dirs() {
            eprintln!(
                "PostgreSQL {version} on 127.0.0.1:{port}, directory {}",
                dir.display()
            );
        }
        return PgServer {
            port,
            dir,
            version,
            psql,
            _process: process,
        };
    }
    panic!(
        "PostgreSQL 15 could not bind a free port after 5 attempts; log: {}",
        log.display()
    );
}

fn psql_cmd(psql: &Path, port: u16, db: &str, args: &[&str]) -> Command {
    let mut cmd = Command::new(psql);
    cmd.args([
        "-X",
        "-q",
        "-h",
        "127.0.0.1",
        "-p",
        &port.to_string(),
        "-U",
        "postgres",
        "-d",
        db,
    ])
    .args(["-v", "ON_ERROR_STOP=1"])
    .args(args);
    clean_env(&mut cmd);
    cmd.env("PGCONNECT_TIMEOUT", "10")
        .env("PGCLIENTENCODING", "UTF8");
    cmd
}

fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// A fresh database on the shared server; dropped again when this value is dropped.
pub struct PgDatabase {
    server: &'static PgServer,
    name: String,
    /// Set for [`PgDatabase::create_schema`]: a schema of the shared database, which every
    /// psql run of this value puts first on its search_path.
    schema: Option<String>,
    scratch: tempfile::TempDir,
}

/// The database the schemas of [`PgDatabase::create_schema`] live in.
static SHARED_DB: OnceLock<Result<String, String>> = OnceLock::new();

impl PgDatabase {
    pub fn create() -> Self {
        let server = server();
        let name = unique_db_name();
        let out = run(
            psql_cmd(
                &server.psql,
                server.port,
                "postgres",
                &["-c", &format!("CREATE DATABASE {}", quote_ident(&name))],
            ),
            None,
        );
        if !out.status.success() {
            panic!("CREATE DATABASE {name} failed: {}", error_text(&out));
        }
        if keep_dirs() {
            eprintln!(
                "PostgreSQL database: psql -h 127.0.0.1 -p {} -U postgres -d {name}",
                server.port
            );
        }
        let scratch = super::temp_dir("schemagen-pgdb-");
        PgDatabase {
            server,
            name,
            schema: None,
            scratch,
        }
    }

    /// A fresh schema in a database shared by this test binary, standing in for a database:
    /// scripts and queries run with it as the search_path, so `current_schema()` (which the
    /// catalog reads) is it. CREATE SCHEMA takes milliseconds where CREATE DATABASE takes most
    /// of a second; for tests that need hundreds of databases. Dropped (CASCADE) on drop.
    pub fn create_schema() -> Self {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let server = server();
        let db: &'static String = once(&SHARED_DB, || {
            let name = format!("sg{}_shared", std::process::id());
            let out = run(
                psql_cmd(
                    &server.psql,
                    server.port,
                    "postgres",
                    &["-c", &format!("CREATE DATABASE {}", quote_ident(&name))],
                ),
                None,
            );
            if !out.status.success() {
                panic!("CREATE DATABASE {name} failed: {}", error_text(&out));
            }
            name
        });
        let schema = format!(
            "sgs{}",
            NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
        );
        let out = run(
            psql_cmd(
                &server.psql,
                server.port,
                db,
                &["-c", &format!("CREATE SCHEMA {schema}")],
            ),
            None,
        );
        if !out.status.success() {
            panic!("CREATE SCHEMA {schema} failed: {}", error_text(&out));
        }
        if keep_dirs() {
            eprintln!(
                "PostgreSQL schema {schema}: psql -h 127.0.0.1 -p {} -U postgres -d {db}",
                server.port
            );
        }
        PgDatabase {
            server,
            name: db.clone(),
            schema: Some(schema),
            scratch: super::temp_dir("schemagen-pgdb-"),
        }
    }

    pub fn port(&self) -> u16 {
        self.server.port
    }

    /// A psql command connected to this database (for anything the trait does not cover).
    pub fn psql(&self, args: &[&str]) -> Command {
        let mut cmd = psql_cmd(&self.server.psql, self.server.port, &self.name, args);
        if let Some(schema) = &self.schema {
            cmd.env("PGOPTIONS", format!("-c search_path={schema}"));
        }
        cmd
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        if keep_dirs() {
            return;
        }
        if let Some(schema) = &self.schema {
            let _ = psql_cmd(
                &self.server.psql,
                self.server.port,
                &self.name,
                &["-c", &format!("DROP SCHEMA IF EXISTS {schema} CASCADE")],
            )
            .stdin(std::process::Stdio::null())
            .output();
            return;
        }
        // Plain output(), no panics in drop.
        let _ = psql_cmd(
            &self.server.psql,
            self.server.port,
            "postgres",
            &[
                "-c",
                &format!(
                    "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                    quote_ident(&self.name)
                ),
            ],
        )
        .stdin(std::process::Stdio::null())
        .output();
    }
}

const TABLES_SQL: &str = "
SELECT c.relname, obj_description(c.oid, 'pg_class')
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')";

const COLUMNS_SQL: &str = "
SELECT c.table_name, c.column_name,
       upper(CASE WHEN c.data_type = 'USER-DEFINED' THEN c.udt_name ELSE c.data_type END),
       c.character_maximum_length,
       CASE WHEN c.data_type IN ('numeric', 'decimal') THEN c.numeric_precision END,
       CASE WHEN c.data_type IN ('numeric', 'decimal') THEN c.numeric_scale END,
       c.is_nullable, c.column_default, c.is_identity,
       col_description(format('%I.%I', c.table_schema, c.table_name)::regclass, c.ordinal_position::int)
FROM information_schema.columns c
WHERE c.table_schema = current_schema()
ORDER BY c.table_name, c.ordinal_position";

const CONSTRAINTS_SQL: &str = "
SELECT cl.relname, con.contype, con.conname,
       (SELECT json_agg(a.attname ORDER BY k.ord)
          FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
          JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum)::text,
       fcl.relname,
       (SELECT json_agg(a.attname ORDER BY k.ord)
          FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
          JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum)::text,
       con.confdeltype
FROM pg_constraint con
JOIN pg_class cl ON cl.oid = con.conrelid
JOIN pg_namespace n ON n.oid = cl.relnamespace
LEFT JOIN pg_class fcl ON fcl.oid = con.confrelid
WHERE n.nspname = current_schema() AND con.contype IN ('p', 'u', 'f')
ORDER BY cl.relname, con.conname";

/// Indexes that back no PRIMARY KEY / UNIQUE / EXCLUDE constraint; only plain key
/// columns (expression parts and INCLUDE columns are left out).
const INDEXES_SQL: &str = "
SELECT t.relname, i.relname, ix.indisunique,
       (SELECT json_agg(a.attname ORDER BY k.ord)
          FROM unnest(ix.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
          JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum
         WHERE k.ord <= ix.indnkeyatts)::text
FROM pg_index ix
JOIN pg_class i ON i.oid = ix.indexrelid
JOIN pg_class t ON t.oid = ix.indrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE n.nspname = current_schema()
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                  WHERE c.conindid = ix.indexrelid AND c.conrelid = ix.indrelid
                    AND c.contype IN ('p', 'u', 'x'))
ORDER BY t.relname, i.relname";

fn json_list(v: &Option<String>) -> Vec<String> {
    match v {
        None => Vec::new(),
        Some(text) => {
            serde_json::from_str(text).unwrap_or_else(|e| panic!("bad json_agg {text:?}: {e}"))
        }
    }
}

fn on_delete(code: &str) -> &'static str {
    match code {
        "a" => "NO ACTION",
        "r" => "RESTRICT",
        "c" => "CASCADE",
        "n" => "SET NULL",
        "d" => "SET DEFAULT",
        other => panic!("unknown confdeltype {other:?}"),
    }
}

impl Database for PgDatabase {
    fn dialect(&self) -> &'static str {
        "postgresql"
    }

    fn name(&self) -> &str {
        self.schema.as_deref().unwrap_or(&self.name)
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

    fn execute_script_file(&self, path: &Path) -> Result<(), String> {
        let mut cmd = self.psql(&["-f"]);
        cmd.arg(path);
        let out = run(cmd, None);
        if out.status.success() {
            Ok(())
        } else {
            Err(error_text(&out))
        }
    }

    fn try_query(&self, sql: &str) -> Result<Vec<Vec<Option<String>>>, String> {
        let sql = sql.trim().trim_end_matches(';').trim_end();
        let copy = format!("COPY ({sql}) TO STDOUT WITH (FORMAT csv)");
        let out = run(self.psql(&["-c", &copy]), None);
        if !out.status.success() {
            return Err(error_text(&out));
        }
        Ok(parse_csv(
            &String::from_utf8(out.stdout).expect("UTF-8 from psql"),
        ))
    }

    fn catalog(&self) -> Catalog {
        // One psql run for the four queries.
        let sets = self
            .try_query_many(&CATALOG_QUERIES.map(str::to_string))
            .unwrap_or_else(|e| panic!("catalog queries failed: {e}"));
        build_catalog(sets)
    }

    fn details(&self) -> Details {
        let sets = self
            .try_query_many(&DETAILS_QUERIES.map(str::to_string))
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

    /// One psql run: `-f` per script, a COPY per query, each step followed by a one-value
    /// marker row, so the rows per query and how far it got are known.
    fn run_steps(&self, steps: &[Step]) -> Steps {
        let mut files = Vec::new();
        let mut args: Vec<String> = Vec::new();
        for step in steps {
            match step {
                Step::Script(sql) => {
                    let file = tempfile::Builder::new()
                        .prefix("script-")
                        .suffix(".sql")
                        .tempfile_in(self.scratch.path())
                        .expect("script file");
                    std::fs::write(file.path(), sql).expect("write script");
                    args.push("-f".into());
                    args.push(file.path().display().to_string());
                    files.push(file);
                }
                Step::Query(sql) => {
                    let sql = sql.trim().trim_end_matches(';').trim_end();
                    args.push("-c".into());
                    args.push(format!("COPY ({sql}) TO STDOUT WITH (FORMAT csv)"));
                }
            }
            args.push("-c".into());
            args.push(format!(
                "COPY (SELECT '{SEPARATOR}') TO STDOUT WITH (FORMAT csv)"
            ));
        }
        let refs: Vec<&str> = args.iter().map(|a| a.as_str()).collect();
        let out = run(self.psql(&refs), None);
        let rows = parse_csv(&String::from_utf8_lossy(&out.stdout));
        let mut sets: Vec<Vec<Vec<Option<String>>>> = vec![Vec::new()];
        for row in rows {
            if row.len() == 1 && row[0].as_deref() == Some(SEPARATOR) {
                sets.push(Vec::new());
            } else {
                sets.last_mut().unwrap().push(row);
            }
        }
        sets.pop();
        let done = sets.len();
        let results = steps
            .iter()
            .zip(sets)
            .map(|(step, rows)| matches!(step, Step::Query(_)).then_some(rows))
            .collect();
        Steps {
            results,
            failed: (!out.status.success()).then(|| (done, error_text(&out))),
        }
    }

    /// One psql run: a COPY per query, separated by a one-value marker row.
    fn try_query_many(&self, sqls: &[String]) -> Result<Vec<Vec<Vec<Option<String>>>>, String> {
        if sqls.is_empty() {
            return Ok(Vec::new());
        }
        let mut args: Vec<String> = Vec::new();
        for sql in sqls {
            let sql = sql.trim().trim_end_matches(';').trim_end();
            args.push("-c".into());
            args.push(format!("COPY ({sql}) TO STDOUT WITH (FORMAT csv)"));
            args.push("-c".into());
            args.push(format!(
                "COPY (SELECT '{SEPARATOR}') TO STDOUT WITH (FORMAT csv)"
            ));
        }
        let refs: Vec<&str> = args.iter().map(|a| a.as_str()).collect();
        let out = run(self.psql(&refs), None);
        if !out.status.success() {
            return Err(error_text(&out));
        }
        let rows = parse_csv(&String::from_utf8(out.stdout).expect("UTF-8 from psql"));
        let mut sets = vec![Vec::new()];
        for row in rows {
            if row.len() == 1 && row[0].as_deref() == Some(SEPARATOR) {
                sets.push(Vec::new());
            } else {
                sets.last_mut().unwrap().push(row);
            }
        }
        sets.pop();
        assert_eq!(sets.len(), sqls.len(), "one result set per query");
        Ok(sets)
    }

    fn server_version(&self) -> String {
        self.server.version.clone()
    }
}

const SEPARATOR: &str = "SGSEP9f3b";

/// Primary-key, unique and CHECK constraints with their names and columns.
const DETAILS_CONSTRAINTS_SQL: &str = "
SELECT cl.relname, con.contype, con.conname,
       (SELECT json_agg(a.attname ORDER BY k.ord)
          FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
          JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum)::text,
       pg_get_constraintdef(con.oid)
FROM pg_constraint con
JOIN pg_class cl ON cl.oid = con.conrelid
JOIN pg_namespace n ON n.oid = cl.relnamespace
WHERE n.nspname = current_schema() AND con.contype IN ('p', 'u', 'c')
ORDER BY cl.relname, con.conname";

/// Identity columns (and serial ones) with their sequence's range, from pg_sequence (not the
/// pg_sequences view, which reads every sequence of the database and so races with schemas
/// dropped by parallel tests).
const IDENTITY_SQL: &str = "
SELECT c.relname, a.attname, upper(format_type(s.seqtypid, NULL)), s.seqstart::text,
       s.seqincrement::text, s.seqmin::text, s.seqmax::text
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
JOIN pg_depend d ON d.refobjid = c.oid AND d.refobjsubid = a.attnum
 AND d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
 AND d.deptype IN ('a', 'i')
JOIN pg_sequence s ON s.seqrelid = d.objid
WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
ORDER BY c.relname, a.attname";

const CATALOG_QUERIES: [&str; 4] = [TABLES_SQL, COLUMNS_SQL, CONSTRAINTS_SQL, INDEXES_SQL];
const DETAILS_QUERIES: [&str; 2] = [DETAILS_CONSTRAINTS_SQL, IDENTITY_SQL];

type Rows = Vec<Vec<Option<String>>>;

fn build_catalog(sets: Vec<Rows>) -> Catalog {
    let [tables, columns, constraints, indexes]: [Rows; 4] =
        sets.try_into().expect("4 result sets");
    let mut b = Builder::new(tables.into_iter().map(|r| (s(&r[0]), non_empty(&r[1]))));
    for r in columns {
        let Some(t) = b.table(&s(&r[0])) else {
            continue;
        };
        let default = r[7].clone();
        let auto = s(&r[8]) == "YES"
            || default
                .as_deref()
                .is_some_and(|d| d.starts_with("nextval("));
        t.columns.push(Column {
            name: s(&r[1]),
            data_type: s(&r[2]),
            length: opt_i64(&r[3]),
            precision: opt_i64(&r[4]),
            scale: opt_i64(&r[5]),
            nullable: s(&r[6]) == "YES",
            default,
            auto_increment: auto,
            comment: non_empty(&r[9]),
        });
    }
    for r in constraints {
        let Some(t) = b.table(&s(&r[0])) else {
            continue;
        };
        let columns = json_list(&r[3]);
        match s(&r[1]).as_str() {
            "p" => t.primary_key = columns,
            "u" => t.unique.push(columns),
            "f" => t.foreign_keys.push(ForeignKey {
                name: s(&r[2]),
                columns,
                ref_table: s(&r[4]),
                ref_columns: json_list(&r[5]),
                on_delete: Some(on_delete(&s(&r[6])).to_string()),
            }),
            _ => {}
        }
    }
    for r in indexes {
        let Some(t) = b.table(&s(&r[0])) else {
            continue;
        };
        t.indexes.push(Index {
            name: s(&r[1]),
            columns: json_list(&r[3]),
            unique: s(&r[2]) == "t",
        });
    }
    b.finish()
}

fn build_details(sets: Vec<Rows>) -> Details {
    let mut d = Details::default();
    for r in &sets[0] {
        let table = s(&r[0]);
        let name = s(&r[2]);
        let columns = json_list(&r[3]);
        match s(&r[1]).as_str() {
            "p" => d.entry(&table).primary_key_name = Some(name),
            "u" => d.entry(&table).uniques.push(NamedKey { name, columns }),
            "c" => {
                let clause = s(&r[4]);
                d.entry(&table).checks.push(Check {
                    name,
                    columns,
                    literals: super::super::string_literals(&clause),
                    clause,
                })
            }
            _ => {}
        }
    }
    for r in &sets[1] {
        d.entry(&s(&r[0])).identities.push(Identity {
            column: s(&r[1]),
            data_type: s(&r[2]),
            start: r[3].clone(),
            increment: r[4].clone(),
            minimum: r[5].clone(),
            maximum: r[6].clone(),
        });
    }
    d.normalize();
    d
}
