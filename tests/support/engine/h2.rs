//! H2 2.x (Debian libh2-java): an embedded file database per test in its own temp
//! directory, driven by H2's own tools in a JVM (`java -cp /usr/share/java/h2.jar
//! org.h2.tools.RunScript`). There is no server process to leak: every JVM opens the
//! database file, works, and exits.
//!
//! [`H2SchemaDatabase`] is the cheap form for tests that need many small databases: a schema
//! in one of a few long-running JVMs (H2's own `org.h2.tools.Shell` on an in-memory database,
//! driven through its stdin/stdout), so no JVM starts per operation.

use super::super::{
    Catalog, Check, Column, Database, Details, ForeignKey, Identity, Index, NamedKey,
};
use super::{
    Builder, clean_env, error_text, group, non_empty, opt_i64, parse_csv, require, run, s,
    server_dir, spawn_piped,
};
use std::collections::HashSet;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

type Rows = Vec<Vec<Option<String>>>;

pub const H2_JAR: &str = "/usr/share/java/h2.jar";
const USER: &str = "sa";

fn java() -> PathBuf {
    if let Some(paths) = std::env::var_os("PATH") {
        for dir in std::env::split_paths(&paths) {
            let p = dir.join("java");
            if p.is_file() {
                return p;
            }
        }
    }
    let p = PathBuf::from("/usr/bin/java");
    require(&p, "Java (to run H2)", "default-jre-headless");
    p
}

/// A fresh H2 file database; its directory is removed when this value is dropped
/// (kept with SCHEMAGEN_KEEP_ENGINE_DIRS).
pub struct H2Database {
    dir: Option<tempfile::TempDir>,
    path: PathBuf,
    url: String,
    name: String,
    java: PathBuf,
}

impl H2Database {
    pub fn create() -> Self {
        require(Path::new(H2_JAR), "H2 2.x", "libh2-java");
        let java = java();
        let dir = super::temp_dir("schemagen-h2-");
        let path = dir.path().to_path_buf();
        let url = format!("jdbc:h2:{}/db", path.display());
        let name = format!("{}/db", path.display());
        if super::keep_dirs() {
            eprintln!("H2 database: {url} (user {USER}, empty password)");
        }
        H2Database {
            dir: Some(dir),
            path,
            url,
            name,
            java,
        }
    }

    /// The JDBC URL of this database (user `sa`, empty password).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// `java -cp h2.jar <tool> <args>` with small, fast-starting JVM settings.
    pub fn h2_tool(&self, tool: &str, args: &[&str]) -> Command {
        let mut cmd = Command::new(&self.java);
        clean_env(&mut cmd);
        cmd.args([
            "-Xshare:auto",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-Xss4m",
        ])
        .arg(format!("-Djava.io.tmpdir={}", self.path.display()))
        .args(["-cp", H2_JAR, tool])
        .args(args)
        .current_dir(&self.path);
        cmd
    }

    fn scratch_file(&self, prefix: &str, suffix: &str) -> tempfile::NamedTempFile {
        tempfile::Builder::new()
            .prefix(prefix)
            .suffix(suffix)
            .tempfile_in(&self.path)
            .expect("scratch file")
    }

    /// Run queries in one JVM, each through CSVWRITE into its own file; rows per query.
    fn query_many(&self, queries: &[&str]) -> Result<Vec<Vec<Vec<Option<String>>>>, String> {
        let outs: Vec<_> = queries
            .iter()
            .map(|_| self.scratch_file("rows-", ".csv"))
            .collect();
        let mut script = String::new();
        for (q, out) in queries.iter().zip(&outs) {
            let q = q.trim().trim_end_matches(';').trim_end();
            script.push_str(&format!(
                "CALL CSVWRITE('{}', '{}', 'charset=UTF-8 writeColumnHeader=false');\n",
                out.path().display().to_string().replace('\'', "''"),
                q.replace('\'', "''")
            ));
        }
        self.execute_script(&script)?;
        Ok(outs
            .iter()
            .map(|f| parse_csv(&std::fs::read_to_string(f.path()).expect("read CSVWRITE output")))
            .collect())
    }
}

impl Drop for H2Database {
    fn drop(&mut self) {
        if super::keep_dirs()
            && let Some(d) = self.dir.take()
        {
            let _ = d.keep();
        }
    }
}

/// The exception message from a failed H2 tool run, without the Java stack trace.
fn h2_error(out: &std::process::Output) -> String {
    let text = error_text(out);
    let mut lines = Vec::new();
    for line in text.lines() {
        if line.starts_with("\tat ") || line.starts_with("Caused by:") && !lines.is_empty() {
            break;
        }
        lines.push(line);
    }
    let msg = lines.join("\n");
    msg.strip_prefix("Exception in thread \"main\" ")
        .unwrap_or(&msg)
        .trim()
        .to_string()
}

const TABLES_SQL: &str = "SELECT TABLE_NAME, REMARKS FROM INFORMATION_SCHEMA.TABLES \
WHERE TABLE_SCHEMA = CURRENT_SCHEMA AND TABLE_TYPE = 'BASE TABLE'";

const COLUMNS_SQL: &str = "SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, CHARACTER_MAXIMUM_LENGTH, \
CASE WHEN DATA_TYPE IN ('NUMERIC', 'DECIMAL') THEN NUMERIC_PRECISION END, \
CASE WHEN DATA_TYPE IN ('NUMERIC', 'DECIMAL') THEN NUMERIC_SCALE END, \
IS_NULLABLE, COLUMN_DEFAULT, IS_IDENTITY, REMARKS \
FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = CURRENT_SCHEMA \
ORDER BY TABLE_NAME, ORDINAL_POSITION";

const CONSTRAINTS_SQL: &str = "SELECT tc.TABLE_NAME, tc.CONSTRAINT_TYPE, tc.CONSTRAINT_NAME, tc.INDEX_NAME, \
k.COLUMN_NAME, uk.TABLE_NAME, uk.COLUMN_NAME, rc.DELETE_RULE \
FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS tc \
JOIN INFORMATION_SCHEMA.KEY_COLUMN_USAGE k \
  ON k.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND k.CONSTRAINT_NAME = tc.CONSTRAINT_NAME \
LEFT JOIN INFORMATION_SCHEMA.REFERENTIAL_CONSTRAINTS rc \
  ON rc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND rc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME \
LEFT JOIN INFORMATION_SCHEMA.KEY_COLUMN_USAGE uk \
  ON uk.CONSTRAINT_SCHEMA = rc.UNIQUE_CONSTRAINT_SCHEMA AND uk.CONSTRAINT_NAME = rc.UNIQUE_CONSTRAINT_NAME \
 AND uk.ORDINAL_POSITION = k.POSITION_IN_UNIQUE_CONSTRAINT \
WHERE tc.TABLE_SCHEMA = CURRENT_SCHEMA AND tc.CONSTRAINT_TYPE IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY') \
ORDER BY tc.TABLE_NAME, tc.CONSTRAINT_NAME, k.ORDINAL_POSITION";

const INDEXES_SQL: &str = "SELECT i.TABLE_NAME, i.INDEX_NAME, i.INDEX_TYPE_NAME, i.IS_GENERATED, c.COLUMN_NAME \
FROM INFORMATION_SCHEMA.INDEXES i JOIN INFORMATION_SCHEMA.INDEX_COLUMNS c \
  ON c.INDEX_SCHEMA = i.INDEX_SCHEMA AND c.INDEX_NAME = i.INDEX_NAME AND c.TABLE_NAME = i.TABLE_NAME \
WHERE i.TABLE_SCHEMA = CURRENT_SCHEMA \
ORDER BY i.TABLE_NAME, i.INDEX_NAME, c.ORDINAL_POSITION";

impl Database for H2Database {
    fn dialect(&self) -> &'static str {
        "h2"
    }

    fn name(&self) -> &str {
        &self.name
    }

    fn execute_script(&self, sql: &str) -> Result<(), String> {
        let file = self.scratch_file("script-", ".sql");
        std::fs::write(file.path(), sql).expect("write script");
        self.execute_script_file(file.path())
    }

    /// `java -cp h2.jar org.h2.tools.RunScript -url ... -script file` (H2 2.x reads the
    /// file as UTF-8): stops at the first failing statement.
    fn execute_script_file(&self, path: &Path) -> Result<(), String> {
        let path = path.to_str().expect("UTF-8 script path");
        let cmd = self.h2_tool(
            "org.h2.tools.RunScript",
            &[
                "-url",
                &self.url,
                "-user",
                USER,
                "-password",
                "",
                "-script",
                path,
            ],
        );
        let out = run(cmd, None);
        if out.status.success() {
            Ok(())
        } else {
            Err(h2_error(&out))
        }
    }

    fn try_query(&self, sql: &str) -> Result<Vec<Vec<Option<String>>>, String> {
        Ok(self.query_many(&[sql])?.remove(0))
    }

    fn catalog(&self) -> Catalog {
        let sets = self
            .query_many(&CATALOG_QUERIES)
            .unwrap_or_else(|e| panic!("catalog queries failed: {e}"));
        build_catalog(sets)
    }

    fn details(&self) -> Details {
        let sets = self
            .query_many(&DETAILS_QUERIES)
            .unwrap_or_else(|e| panic!("details queries failed: {e}"));
        build_details(sets)
    }

    fn try_query_many(&self, sqls: &[String]) -> Result<Vec<Rows>, String> {
        let refs: Vec<&str> = sqls.iter().map(|q| q.as_str()).collect();
        self.query_many(&refs)
    }

    fn inspection_queries(&self) -> Vec<String> {
        CATALOG_QUERIES
            .iter()
            .chain(&DETAILS_QUERIES)
            .map(|q| q.to_string())
            .collect()
    }

    fn inspection(&self, mut sets: Vec<Rows>) -> (Catalog, Details) {
        let details = sets.split_off(CATALOG_QUERIES.len());
        (build_catalog(sets), build_details(details))
    }

    fn server_version(&self) -> String {
        let rows = self
            .try_query("SELECT H2VERSION()")
            .unwrap_or_else(|e| panic!("H2VERSION(): {e}"));
        s(&rows[0][0])
    }
}

const CATALOG_QUERIES: [&str; 4] = [TABLES_SQL, COLUMNS_SQL, CONSTRAINTS_SQL, INDEXES_SQL];

fn build_catalog(sets: Vec<Rows>) -> Catalog {
    let [tables, columns, constraints, indexes]: [Rows; 4] =
        sets.try_into().expect("4 result sets");

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
            default: r[7].clone(),
            auto_increment: s(&r[8]) == "YES",
            comment: non_empty(&r[9]),
        });
    }
    // Indexes that back a PRIMARY KEY or UNIQUE constraint are not listed as indexes.
    let mut constraint_indexes: HashSet<(String, String)> = HashSet::new();
    for ((table, name), rows) in group(constraints.into_iter().map(|r| ((s(&r[0]), s(&r[2])), r))) {
        let kind = s(&rows[0][1]);
        if kind != "FOREIGN KEY" {
            constraint_indexes.insert((table.clone(), s(&rows[0][3])));
        }
        let Some(t) = b.table(&table) else { continue };
        let columns: Vec<String> = rows.iter().map(|r| s(&r[4])).collect();
        match kind.as_str() {
            "PRIMARY KEY" => t.primary_key = columns,
            "UNIQUE" => t.unique.push(columns),
            _ => t.foreign_keys.push(ForeignKey {
                name,
                columns,
                ref_table: s(&rows[0][5]),
                ref_columns: rows.iter().map(|r| s(&r[6])).collect(),
                on_delete: Some(s(&rows[0][7])),
            }),
        }
    }
    for ((table, name), rows) in group(indexes.into_iter().map(|r| ((s(&r[0]), s(&r[1])), r))) {
        let kind = s(&rows[0][2]);
        let generated = s(&rows[0][3]) == "TRUE";
        if generated
            || kind == "PRIMARY KEY"
            || constraint_indexes.contains(&(table.clone(), name.clone()))
        {
            continue;
        }
        let Some(t) = b.table(&table) else { continue };
        t.indexes.push(Index {
            name,
            columns: rows.iter().map(|r| s(&r[4])).collect(),
            unique: kind == "UNIQUE INDEX",
        });
    }
    b.finish()
}

const CHECKS_SQL: &str = "SELECT tc.TABLE_NAME, tc.CONSTRAINT_NAME, cc.CHECK_CLAUSE, \
(SELECT LISTAGG(u.COLUMN_NAME, ',') WITHIN GROUP (ORDER BY u.COLUMN_NAME) \
   FROM INFORMATION_SCHEMA.CONSTRAINT_COLUMN_USAGE u \
  WHERE u.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND u.CONSTRAINT_NAME = tc.CONSTRAINT_NAME) \
FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS tc JOIN INFORMATION_SCHEMA.CHECK_CONSTRAINTS cc \
  ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME \
WHERE tc.TABLE_SCHEMA = CURRENT_SCHEMA AND tc.CONSTRAINT_TYPE = 'CHECK' \
ORDER BY tc.TABLE_NAME, tc.CONSTRAINT_NAME";

const IDENTITY_SQL: &str = "SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, IDENTITY_START, \
IDENTITY_INCREMENT, IDENTITY_MINIMUM, IDENTITY_MAXIMUM FROM INFORMATION_SCHEMA.COLUMNS \
WHERE TABLE_SCHEMA = CURRENT_SCHEMA AND IS_IDENTITY = 'YES' ORDER BY TABLE_NAME, COLUMN_NAME";

const DETAILS_QUERIES: [&str; 3] = [CONSTRAINTS_SQL, CHECKS_SQL, IDENTITY_SQL];

fn build_details(sets: Vec<Rows>) -> Details {
    let [constraints, checks, identities]: [Rows; 3] = sets.try_into().expect("3 result sets");
    let mut d = Details::default();
    for ((table, name), rows) in group(constraints.into_iter().map(|r| ((s(&r[0]), s(&r[2])), r))) {
        let columns: Vec<String> = rows.iter().map(|r| s(&r[4])).collect();
        match s(&rows[0][1]).as_str() {
            "PRIMARY KEY" => d.entry(&table).primary_key_name = Some(name),
            "UNIQUE" => d.entry(&table).uniques.push(NamedKey { name, columns }),
            _ => {}
        }
    }
    for r in checks {
        let clause = s(&r[2]);
        d.entry(&s(&r[0])).checks.push(Check {
            name: s(&r[1]),
            columns: s(&r[3])
                .split(',')
                .filter(|c| !c.is_empty())
                .map(str::to_string)
                .collect(),
            literals: super::super::string_literals(&clause),
            clause,
        });
    }
    for r in identities {
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

/// How many long-running H2 JVMs [`H2SchemaDatabase`]s are spread over (one per core here).
pub const SHELLS: usize = 2;

/// One long-running `org.h2.tools.Shell` on an in-memory database: commands go to its stdin one
/// line at a time, each followed by a marker query whose answer ends the command's output.
pub struct H2Shell {
    io: Mutex<ShellIo>,
    /// Scratch directory for scripts and CSVWRITE files.
    dir: PathBuf,
    files: AtomicUsize,
}

struct ShellIo {
    stdin: std::process::ChildStdin,
    stdout: BufReader<std::process::ChildStdout>,
    marker: u64,
    /// Set once the JVM stopped answering: every later command fails with it.
    dead: Option<String>,
    log: PathBuf,
}

static SHELL_POOL: OnceLock<Result<Vec<H2Shell>, String>> = OnceLock::new();

fn shells() -> &'static [H2Shell] {
    let pool: &'static Vec<H2Shell> = super::once(&SHELL_POOL, || {
        std::thread::scope(|scope| {
            let started: Vec<_> = (0..SHELLS)
                .map(|i| scope.spawn(move || H2Shell::start(i)))
                .collect();
            started
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                .collect::<Vec<_>>()
        })
    });
    pool
}

impl H2Shell {
    fn start(index: usize) -> H2Shell {
        require(Path::new(H2_JAR), "H2 2.x", "libh2-java");
        let dir = server_dir("schemagen-h2shell-");
        let mut cmd = Command::new(java());
        clean_env(&mut cmd);
        cmd.args(["-Xshare:auto", "-XX:+UseSerialGC", "-Xss4m"])
            .arg(format!("-Djava.io.tmpdir={}", dir.display()))
            .args(["-cp", H2_JAR, "org.h2.tools.Shell"])
            .args(["-url", &format!("jdbc:h2:mem:sg{index};DB_CLOSE_DELAY=-1")])
            .args(["-user", USER, "-password", ""])
            .current_dir(&dir);
        let log = dir.join("shell.log");
        let process = spawn_piped(cmd, &log);
        if super::keep_dirs() {
            eprintln!(
                "H2 shell {index}: pid {}, directory {}",
                process.pid,
                dir.display()
            );
        }
        let shell = H2Shell {
            io: Mutex::new(ShellIo {
                stdin: process.stdin,
                stdout: BufReader::new(process.stdout),
                marker: 0,
                dead: None,
                log,
            }),
            dir,
            files: AtomicUsize::new(0),
        };
        shell
            .run(None, &["SELECT 1;".to_string()])
            .remove(0)
            .unwrap_or_else(|e| panic!("H2 shell {index} does not answer: {e}"));
        shell
    }

    fn scratch(&self, suffix: &str) -> PathBuf {
        let n = self.files.fetch_add(1, Ordering::SeqCst);
        self.dir.join(format!("f{n}{suffix}"))
    }

    /// Runs one-line commands in order (after `SET SCHEMA schema`), each to its end; the
    /// result of each: `Err` with H2's message when it failed. A failed command does not stop
    /// the later ones.
    fn run(&self, schema: Option<&str>, commands: &[String]) -> Vec<Result<(), String>> {
        let mut io = self.io.lock().unwrap_or_else(|p| p.into_inner());
        let mut all: Vec<String> = Vec::new();
        if let Some(schema) = schema {
            all.push(format!("SET SCHEMA {schema};"));
        }
        all.extend(commands.iter().cloned());
        let mut results: Vec<Result<(), String>> = all.iter().map(|c| io.command(c)).collect();
        if schema.is_some() {
            let set = results.remove(0);
            if let Err(e) = set {
                return results.into_iter().map(|_| Err(e.clone())).collect();
            }
        }
        results
    }
}

impl ShellIo {
    fn command(&mut self, command: &str) -> Result<(), String> {
        assert!(
            !command.contains('\n') && command.trim_end().ends_with(';'),
            "one-line commands only: {command}"
        );
        if let Some(dead) = &self.dead {
            return Err(dead.clone());
        }
        self.marker += 1;
        let marker = format!("SGMARK{}", self.marker);
        let sent = writeln!(self.stdin, "{command}")
            .and_then(|_| writeln!(self.stdin, "SELECT '{marker}' AS SGMARK;"))
            .and_then(|_| self.stdin.flush());
        if let Err(e) = sent {
            return Err(self.died(format!("cannot write to the H2 shell: {e}")));
        }
        let mut output: Vec<String> = Vec::new();
        loop {
            let mut line = String::new();
            match self.stdout.read_line(&mut line) {
                Ok(0) => return Err(self.died("the H2 shell exited".to_string())),
                Ok(_) => {}
                Err(e) => return Err(self.died(format!("cannot read the H2 shell: {e}"))),
            }
            let mut line = line.trim_end_matches(['\n', '\r']);
            while let Some(rest) = line.strip_prefix("sql> ") {
                line = rest;
            }
            if line == marker {
                break;
            }
            output.push(line.to_string());
        }
        // What the command printed, up to the marker query's header line.
        while output.last().is_some_and(|l| l == "SGMARK" || l.is_empty()) {
            output.pop();
        }
        match output.iter().position(|l| l.starts_with("Error: ")) {
            None => Ok(()),
            Some(start) => {
                let text = output[start..]
                    .iter()
                    .take_while(|l| !l.starts_with("(Update count") && !l.starts_with("SGMARK"))
                    .map(|l| l.as_str())
                    .collect::<Vec<_>>()
                    .join("\n");
                Err(text
                    .strip_prefix("Error: ")
                    .unwrap_or(&text)
                    .trim()
                    .to_string())
            }
        }
    }

    fn died(&mut self, why: String) -> String {
        let log = std::fs::read_to_string(&self.log).unwrap_or_default();
        let msg = format!("{why}; its log {}:\n{log}", self.log.display());
        self.dead = Some(msg.clone());
        msg
    }
}

fn sql_string(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// A fresh schema in one of the shared H2 JVMs (see the module documentation); dropped with
/// everything in it when this value is dropped. `execute_script` runs the script with
/// `RUNSCRIPT FROM ... CHARSET 'UTF-8'`: H2's script reader, stopping at the first failing
/// statement, as `RunScript` does.
pub struct H2SchemaDatabase {
    shell: &'static H2Shell,
    schema: String,
}

impl H2SchemaDatabase {
    pub fn create() -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let pool = shells();
        let n = NEXT.fetch_add(1, Ordering::SeqCst);
        let shell = &pool[n % pool.len()];
        let schema = format!("SG{n}");
        shell
            .run(None, &[format!("CREATE SCHEMA {schema};")])
            .remove(0)
            .unwrap_or_else(|e| panic!("CREATE SCHEMA {schema} failed: {e}"));
        H2SchemaDatabase { shell, schema }
    }

    fn query_many(&self, queries: &[&str]) -> Result<Vec<Rows>, String> {
        let files: Vec<PathBuf> = queries.iter().map(|_| self.shell.scratch(".csv")).collect();
        let commands: Vec<String> = queries
            .iter()
            .zip(&files)
            .map(|(q, f)| {
                let q = q.trim().trim_end_matches(';').trim_end().replace('\n', " ");
                format!(
                    "CALL CSVWRITE({}, {}, 'charset=UTF-8 writeColumnHeader=false');",
                    sql_string(&f.display().to_string()),
                    sql_string(&q)
                )
            })
            .collect();
        let results = self.shell.run(Some(&self.schema), &commands);
        let mut out = Vec::new();
        for (r, f) in results.into_iter().zip(&files) {
            let text = std::fs::read_to_string(f).unwrap_or_default();
            let _ = std::fs::remove_file(f);
            r?;
            out.push(parse_csv(&text));
        }
        Ok(out)
    }
}

impl Drop for H2SchemaDatabase {
    fn drop(&mut self) {
        if super::keep_dirs() {
            return;
        }
        let _ = self
            .shell
            .run(None, &[format!("DROP SCHEMA {} CASCADE;", self.schema)]);
    }
}

impl Database for H2SchemaDatabase {
    fn dialect(&self) -> &'static str {
        "h2"
    }

    fn name(&self) -> &str {
        &self.schema
    }

    fn execute_script(&self, sql: &str) -> Result<(), String> {
        let file = self.shell.scratch(".sql");
        std::fs::write(&file, sql).expect("write script");
        let result = self.execute_script_file(&file);
        let _ = std::fs::remove_file(&file);
        result
    }

    fn execute_script_file(&self, path: &Path) -> Result<(), String> {
        let command = format!(
            "RUNSCRIPT FROM {} CHARSET 'UTF-8';",
            sql_string(&path.display().to_string())
        );
        self.shell.run(Some(&self.schema), &[command]).remove(0)
    }

    fn try_query(&self, sql: &str) -> Result<Rows, String> {
        Ok(self.query_many(&[sql])?.remove(0))
    }

    fn try_query_many(&self, sqls: &[String]) -> Result<Vec<Rows>, String> {
        let refs: Vec<&str> = sqls.iter().map(|q| q.as_str()).collect();
        self.query_many(&refs)
    }

    fn catalog(&self) -> Catalog {
        self.inspect().0
    }

    fn details(&self) -> Details {
        self.inspect().1
    }

    /// The catalog and details queries, and SCRIPT: in a database that stays open, H2 2.1's
    /// KEY_COLUMN_USAGE keeps a key column's name from before an ALTER COLUMN ... RENAME (until
    /// the database is opened again), while SCRIPT writes the constraints as they are.
    fn inspection_queries(&self) -> Vec<String> {
        CATALOG_QUERIES
            .iter()
            .chain(&DETAILS_QUERIES)
            .map(|q| q.to_string())
            .chain([format!(
                "SCRIPT NODATA NOPASSWORDS NOSETTINGS SCHEMA {}",
                self.schema
            )])
            .collect()
    }

    fn inspection(&self, mut sets: Vec<Rows>) -> (Catalog, Details) {
        let script = sets.pop().expect("the SCRIPT rows");
        let details = sets.split_off(CATALOG_QUERIES.len());
        let (mut catalog, mut details) = (build_catalog(sets), build_details(details));
        fix_key_columns(&mut catalog, &mut details, &script_constraints(&script));
        (catalog, details)
    }

    fn server_version(&self) -> String {
        let rows = self
            .try_query("SELECT H2VERSION()")
            .unwrap_or_else(|e| panic!("H2VERSION(): {e}"));
        s(&rows[0][0])
    }
}

impl H2SchemaDatabase {
    fn inspect(&self) -> (Catalog, Details) {
        let queries = self.inspection_queries();
        let refs: Vec<&str> = queries.iter().map(|q| q.as_str()).collect();
        let sets = self
            .query_many(&refs)
            .unwrap_or_else(|e| panic!("catalog queries failed: {e}"));
        self.inspection(sets)
    }
}

/// A PRIMARY KEY, UNIQUE or FOREIGN KEY constraint as H2's SCRIPT writes it.
struct ScriptConstraint {
    table: String,
    name: String,
    kind: &'static str,
    columns: Vec<String>,
    ref_columns: Vec<String>,
}

#[derive(PartialEq)]
enum Tok {
    Ident(String),
    Word(String),
    Punct(char),
}

fn tokens(sql: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '"' {
            let mut id = String::new();
            loop {
                match chars.next() {
                    Some('"') if chars.peek() == Some(&'"') => {
                        chars.next();
                        id.push('"');
                    }
                    Some('"') | None => break,
                    Some(ch) => id.push(ch),
                }
            }
            out.push(Tok::Ident(id));
        } else if c.is_ascii_alphanumeric() || c == '_' {
            let mut w = c.to_string();
            while let Some(&n) = chars.peek() {
                if n.is_ascii_alphanumeric() || n == '_' {
                    w.push(n);
                    chars.next();
                } else {
                    break;
                }
            }
            out.push(Tok::Word(w));
        } else if !c.is_whitespace() {
            out.push(Tok::Punct(c));
        }
    }
    out
}

/// The identifiers of the parenthesized list that starts at `t[i]`, and the index after it.
fn ident_list(t: &[Tok], mut i: usize) -> (Vec<String>, usize) {
    let mut names = Vec::new();
    if t.get(i) != Some(&Tok::Punct('(')) {
        return (names, i);
    }
    i += 1;
    while let Some(tok) = t.get(i) {
        i += 1;
        match tok {
            Tok::Ident(n) => names.push(n.clone()),
            Tok::Punct(')') => break,
            _ => {}
        }
    }
    (names, i)
}

/// The key constraints of SCRIPT's rows: `ALTER TABLE "S"."T" ADD CONSTRAINT "S"."N"
/// PRIMARY KEY("A", "B")`, `... UNIQUE(...)`, `... FOREIGN KEY(...) REFERENCES "S"."P"(...)`.
fn script_constraints(rows: &Rows) -> Vec<ScriptConstraint> {
    let mut out = Vec::new();
    for row in rows {
        let Some(sql) = row.first().and_then(|v| v.as_deref()) else {
            continue;
        };
        if !sql.starts_with("ALTER TABLE") {
            continue;
        }
        let t = tokens(sql);
        // ALTER TABLE "S" . "T" ADD CONSTRAINT "S" . "N" <kind> ( ... )
        let (Some(Tok::Ident(table)), Some(Tok::Ident(name))) = (t.get(4), t.get(9)) else {
            continue;
        };
        let word = |i: usize| match t.get(i) {
            Some(Tok::Word(w)) => w.as_str(),
            _ => "",
        };
        let (kind, at) = match (word(10), word(11)) {
            ("PRIMARY", "KEY") => ("PRIMARY KEY", 12),
            ("FOREIGN", "KEY") => ("FOREIGN KEY", 12),
            ("UNIQUE", _) => ("UNIQUE", 11),
            _ => continue,
        };
        let (columns, next) = ident_list(&t, at);
        // ... REFERENCES "S" . "P" ( ... )
        let ref_columns = if kind == "FOREIGN KEY" {
            ident_list(&t, next + 4).0
        } else {
            Vec::new()
        };
        out.push(ScriptConstraint {
            table: table.clone(),
            name: name.clone(),
            kind,
            columns,
            ref_columns,
        });
    }
    out
}

/// Key columns as SCRIPT writes them (see [`H2SchemaDatabase::inspection_queries`]).
fn fix_key_columns(catalog: &mut Catalog, details: &mut Details, script: &[ScriptConstraint]) {
    for t in &mut catalog.tables {
        let mine: Vec<&ScriptConstraint> = script.iter().filter(|c| c.table == t.name).collect();
        if let Some(pk) = mine.iter().find(|c| c.kind == "PRIMARY KEY") {
            t.primary_key = pk.columns.clone();
        }
        t.unique = mine
            .iter()
            .filter(|c| c.kind == "UNIQUE")
            .map(|c| c.columns.clone())
            .collect();
        t.unique.sort();
        for fk in &mut t.foreign_keys {
            if let Some(c) = mine
                .iter()
                .find(|c| c.kind == "FOREIGN KEY" && c.name == fk.name)
            {
                fk.columns = c.columns.clone();
                fk.ref_columns = c.ref_columns.clone();
            }
        }
    }
    for t in &mut details.tables {
        for u in &mut t.uniques {
            if let Some(c) = script
                .iter()
                .find(|c| c.table == t.name && c.kind == "UNIQUE" && c.name == u.name)
            {
                u.columns = c.columns.clone();
            }
        }
    }
    details.normalize();
}
