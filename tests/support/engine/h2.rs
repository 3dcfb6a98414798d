//! H2 2.x (Debian libh2-java): an embedded file database per test in its own temp
//! directory, driven by H2's own tools in a JVM (`java -cp /usr/share/java/h2.jar
//! org.h2.tools.RunScript`). There is no server process to leak: every JVM opens the
//! database file, works, and exits.

use super::super::{Catalog, Column, Database, ForeignKey, Index};
use super::{
    Builder, clean_env, error_text, group, non_empty, opt_i64, parse_csv, require, run, s,
};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;

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
            .query_many(&[TABLES_SQL, COLUMNS_SQL, CONSTRAINTS_SQL, INDEXES_SQL])
            .unwrap_or_else(|e| panic!("catalog queries failed: {e}"));
        let [tables, columns, constraints, indexes]: [Vec<Vec<Option<String>>>; 4] =
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
        for ((table, name), rows) in
            group(constraints.into_iter().map(|r| ((s(&r[0]), s(&r[2])), r)))
        {
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

    fn server_version(&self) -> String {
        let rows = self
            .try_query("SELECT H2VERSION()")
            .unwrap_or_else(|e| panic!("H2VERSION(): {e}"));
        s(&rows[0][0])
    }
}
