//! `schemagen import db` against real PostgreSQL 15 and MariaDB 10.11 (one server per engine
//! for this binary, a database per case): the three shipped products' generated scripts, run
//! on the engine, import from its catalog to a model that validates and generates the same
//! statements again (the differences a catalog cannot avoid are listed with their reason in
//! `normalize`), and those statements, run on a fresh database, make the same catalog; the
//! products' scripts imported with `import sql` make the same catalog and rows on PostgreSQL,
//! MariaDB and H2; passwords from the URL or the environment work and are written nowhere;
//! --include/--exclude/--schema pick exactly their tables; a failed connection names
//! host:port and not the password; what the model cannot carry is a warning naming it.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use schemagen::dialect::DialectName;
use schemagen::import::db::{Connection, DbOptions, import_db};
use schemagen::model::Model;
use support::Database;

const PRODUCTS: [&str; 3] = ["wso2", "comanage", "jans"];

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_schemagen"));
    for var in [
        "PGHOST",
        "PGPORT",
        "PGUSER",
        "PGPASSWORD",
        "PGDATABASE",
        "MYSQL_HOST",
        "MYSQL_TCP_PORT",
        "MYSQL_PWD",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

fn text(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

fn pg_url(db: &impl Database, port: u16, user: &str) -> String {
    format!("postgresql://{user}@127.0.0.1:{port}/{}", db.name())
}

fn my_url(db: &impl Database, port: u16, user: &str) -> String {
    format!("mysql://{user}@127.0.0.1:{port}/{}", db.name())
}

/// The product's generated script of each module for `dialect`, in module order.
fn generated_scripts(model: &Model, dialect: DialectName) -> Vec<(String, String)> {
    let files = schemagen::emit::generate(model, &[dialect]).unwrap();
    model
        .modules
        .iter()
        .map(|module| {
            let rel = model.product.output_path(module, dialect.as_str());
            let file = files.iter().find(|f| f.path == rel).unwrap();
            (module.name.clone(), file.contents.clone())
        })
        .collect()
}

/// Imports through the library, the password-free URL of the test servers.
fn import_lib(url: &str, out: &Path) -> schemagen::import::Imported {
    let connection = Connection::parse(url, &|_| None).unwrap();
    let imported = import_db(&DbOptions {
        connection,
        schema: None,
        include: Vec::new(),
        exclude: Vec::new(),
        product: "imported".to_string(),
        module: None,
    })
    .unwrap_or_else(|e| panic!("{e}"));
    for (path, text) in &imported.files {
        std::fs::write(out.join(path), text).unwrap();
    }
    imported
}

/// A script's statements as blocks (one table's CREATE TABLE with its COMMENTs and CREATE
/// INDEXes; a trailing ALTER TABLE), in an order-free form. Differences a catalog cannot
/// avoid, each made equal here:
/// - the `--` header comments name the model (and the imported one its database);
/// - seed rows (INSERT): a live database's data is not a model's seed;
/// - the order of the tables: a catalog has no creation order, the imported model lists its
///   tables by name (the generator's dependency order then differs), so the blocks are sorted;
/// - `fold_case` (PostgreSQL, a product whose names are written bare): PostgreSQL stores
///   `IDN_OAUTH` as `idn_oauth`; the catalog cannot tell which case the script wrote, so both
///   are compared in lower case;
/// - `key_order` (MariaDB): SHOW INDEX lists unique keys before other indexes, and
///   information_schema has no order for foreign keys that the script named itself, so the
///   lines within each block are compared sorted, trailing commas left out.
fn normalize(sql: &str, fold_case: bool, key_order: bool) -> Vec<Vec<String>> {
    let body: String = sql
        .lines()
        .filter(|l| !l.starts_with("--"))
        .map(|l| format!("{l}\n"))
        .collect();
    let mut blocks: Vec<Vec<String>> = Vec::new();
    for block in body.split("\n\n") {
        let mut lines: Vec<String> = Vec::new();
        let mut in_insert = false;
        for line in block.lines() {
            if line.starts_with("INSERT INTO") {
                in_insert = true;
            }
            if !in_insert && !line.trim().is_empty() {
                let line = if fold_case {
                    line.to_lowercase()
                } else {
                    line.to_string()
                };
                lines.push(if key_order {
                    line.trim_end_matches(',').to_string()
                } else {
                    line
                });
            }
            if in_insert && line.ends_with(';') {
                in_insert = false;
            }
        }
        if key_order {
            lines.sort();
        }
        if !lines.is_empty() {
            blocks.push(lines);
        }
    }
    blocks.sort();
    blocks
}

/// The messages of the warnings `import sql` gives for the scripts.
fn sql_warnings(scripts: &[(String, String)], dialect: DialectName, dir: &Path) -> Vec<String> {
    let inputs: Vec<schemagen::import::SqlInput> = scripts
        .iter()
        .map(|(module, sql)| {
            let path = dir.join(format!("{module}.sql"));
            std::fs::write(&path, sql).unwrap();
            schemagen::import::SqlInput {
                dialect,
                path,
                module: Some(module.clone()),
            }
        })
        .collect();
    let imported = schemagen::import::import_sql(&inputs, "scripts")
        .unwrap_or_else(|d| panic!("{}", d.render()));
    imported.warnings.into_iter().map(|w| w.message).collect()
}

/// Runs the product's scripts of `dialect` on `db`, imports the database (through the
/// command for `via_cli`), and compares the regenerated statements with the originals.
fn round_trip(product: &str, dialect: DialectName, db: &dyn Database, url: &str, via_cli: bool) {
    let original = schemagen::model::load(&repo().join("model").join(product)).unwrap();
    let scripts = generated_scripts(&original, dialect);
    for (module, sql) in &scripts {
        db.execute_script(sql)
            .unwrap_or_else(|e| panic!("{product} {dialect} {module}: {e}"));
    }
    let out = tempfile::tempdir().unwrap();
    let model_dir = out.path().join("model");
    if via_cli {
        let run = bin()
            .args(["import", "db", url, "--out"])
            .arg(&model_dir)
            .args(["--product", product])
            .output()
            .unwrap();
        let (stdout, stderr) = text(&run);
        assert_eq!(run.status.code(), Some(0), "{stdout}\n{stderr}");
        assert!(stderr.contains("seed rows"), "{stderr}");
        assert!(stderr.contains("it validates"), "{stderr}");
    } else {
        std::fs::create_dir_all(&model_dir).unwrap();
        let imported = import_lib(url, &model_dir);
        assert!(imported.disagreements.is_empty());
        // The same warnings as `import sql` gives for the scripts (types without a portable
        // one, kept as native types), in the catalog's case.
        let lower = |messages: Vec<String>| {
            let mut m: Vec<String> = messages.into_iter().map(|m| m.to_lowercase()).collect();
            m.sort();
            m
        };
        let from_db = lower(
            imported
                .warnings
                .iter()
                .map(|w| w.message.clone())
                .collect(),
        );
        let from_sql = lower(sql_warnings(&scripts, dialect, out.path()));
        assert_eq!(from_db, from_sql, "{product} {dialect}");
    }
    let model = schemagen::model::load(&model_dir).unwrap_or_else(|d| {
        panic!(
            "{product} {dialect}: imported model invalid:\n{}",
            d.render()
        )
    });
    let regenerated = generated_scripts(&model, dialect);
    assert_eq!(regenerated.len(), 1, "one module per database");
    // The imported model, run on a fresh database of the engine, makes the catalog the
    // original scripts made: tables, columns, types, nullability, defaults, keys, FKs with
    // ON DELETE, indexes, comments.
    let fresh = fresh_database(dialect);
    fresh
        .execute_script(&regenerated[0].1)
        .unwrap_or_else(|e| panic!("{product} {dialect}: the regenerated script fails: {e}"));
    assert_same_catalog(
        db,
        fresh.as_ref(),
        &format!("{product} {dialect} import db"),
    );
    let fold_case = dialect == DialectName::Postgresql
        && original.product.identifiers == schemagen::model::IdentifierPolicy::Unquoted;
    let key_order = dialect == DialectName::Mysql;
    let before: Vec<Vec<String>> = {
        let mut all: Vec<Vec<String>> = scripts
            .iter()
            .flat_map(|(_, sql)| normalize(sql, fold_case, key_order))
            .collect();
        all.sort();
        // Each module's script starts with the session's settings (MySQL `SET NAMES`); the
        // database is imported as one module, whose script says them once.
        all.dedup_by(|a, b| a == b && a.iter().all(|l| l.starts_with("SET ")));
        all
    };
    let after = normalize(&regenerated[0].1, fold_case, key_order);
    let tables: usize = original
        .modules
        .iter()
        .flat_map(|m| &m.tables)
        .filter(|t| t.exists_in(dialect))
        .count();
    assert_eq!(model.modules[0].tables.len(), tables, "{product} {dialect}");
    let missing: Vec<&Vec<String>> = before.iter().filter(|b| !after.contains(b)).collect();
    let added: Vec<&Vec<String>> = after.iter().filter(|a| !before.contains(a)).collect();
    assert!(
        missing.is_empty() && added.is_empty() && before.len() == after.len(),
        "{product} {dialect}: statements not regenerated:\n{missing:#?}\nregenerated instead:\n{added:#?}"
    );
}

/// A fresh database on the engine of `dialect` (this binary's server).
fn fresh_database(dialect: DialectName) -> Box<dyn Database> {
    support::database(dialect.as_str())
}

/// Both databases' catalogs are equal (each normalized: sorted, as the engine reports it).
fn assert_same_catalog(expected: &dyn Database, actual: &dyn Database, what: &str) {
    let (mut want, mut got) = (expected.catalog(), actual.catalog());
    want.normalize();
    got.normalize();
    let names: Vec<&str> = want
        .table_names()
        .into_iter()
        .chain(got.table_names())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let differences = support::diff_tables(&got, &want, &names);
    assert!(
        differences.is_empty() && got == want,
        "{what}: catalogs differ:\n{}",
        differences.join("\n")
    );
}

/// `import sql` of each shipped product's generated scripts, regenerated and run on a fresh
/// database of the same engine, makes the catalog the original scripts made, seed rows too
/// (a script carries them). PostgreSQL, MariaDB and H2.
#[test]
fn imported_scripts_make_the_same_catalog_on_every_engine() {
    for dialect in [DialectName::Postgresql, DialectName::Mysql, DialectName::H2] {
        for product in PRODUCTS {
            let what = format!("{product} {dialect} import sql");
            let original = schemagen::model::load(&repo().join("model").join(product)).unwrap();
            let scripts = generated_scripts(&original, dialect);
            let first = fresh_database(dialect);
            for (module, sql) in &scripts {
                first
                    .execute_script(sql)
                    .unwrap_or_else(|e| panic!("{what} {module}: {e}"));
            }
            let dir = tempfile::tempdir().unwrap();
            let inputs: Vec<schemagen::import::SqlInput> = scripts
                .iter()
                .map(|(module, sql)| {
                    let path = dir.path().join(format!("{module}.sql"));
                    std::fs::write(&path, sql).unwrap();
                    schemagen::import::SqlInput {
                        dialect,
                        path,
                        module: Some(module.clone()),
                    }
                })
                .collect();
            let imported = schemagen::import::import_sql(&inputs, product)
                .unwrap_or_else(|d| panic!("{what}: {}", d.render()));
            let model_dir = dir.path().join("model");
            std::fs::create_dir_all(&model_dir).unwrap();
            for (path, text) in &imported.files {
                std::fs::write(model_dir.join(path), text).unwrap();
            }
            let model = schemagen::model::load(&model_dir)
                .unwrap_or_else(|d| panic!("{what}: imported model invalid:\n{}", d.render()));
            let second = fresh_database(dialect);
            for (module, sql) in generated_scripts(&model, dialect) {
                second.execute_script(&sql).unwrap_or_else(|e| {
                    panic!("{what} {module}: the regenerated script fails: {e}")
                });
            }
            assert_same_catalog(first.as_ref(), second.as_ref(), &what);
            // The seed rows: every table holds the same number of rows.
            let mut want = first.catalog();
            want.normalize();
            for table in want.table_names() {
                let count = |db: &dyn Database| {
                    let quoted = if dialect == DialectName::Mysql {
                        format!("`{table}`")
                    } else {
                        format!("\"{table}\"")
                    };
                    db.query(&format!("SELECT COUNT(*) FROM {quoted}"))
                };
                assert_eq!(
                    count(first.as_ref()),
                    count(second.as_ref()),
                    "{what}: rows of {table}"
                );
            }
        }
    }
}

#[test]
fn shipped_products_round_trip_through_postgresql() {
    for (i, product) in PRODUCTS.iter().enumerate() {
        let db = support::postgres();
        let url = pg_url(&db, db.port(), "postgres");
        round_trip(product, DialectName::Postgresql, &db, &url, i == 1);
    }
}

#[test]
fn shipped_products_round_trip_through_mariadb() {
    for (i, product) in PRODUCTS.iter().enumerate() {
        let db = support::mariadb();
        let url = my_url(&db, db.port(), "root");
        round_trip(product, DialectName::Mysql, &db, &url, i == 0);
    }
}

/// Every file written under `dir`, concatenated.
fn written(dir: &Path) -> String {
    let mut out = String::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        out.push_str(&std::fs::read_to_string(&path).unwrap());
    }
    out
}

/// Runs `import db` and asserts it succeeded without the password anywhere.
fn import_ok(mut cmd: Command, out: &Path, password: &str) -> String {
    let run = cmd.arg("--out").arg(out).output().unwrap();
    let (stdout, stderr) = text(&run);
    assert_eq!(run.status.code(), Some(0), "{stdout}\n{stderr}");
    assert!(!stdout.contains(password) && !stderr.contains(password));
    let files = written(out);
    assert!(!files.contains(password), "{files}");
    assert!(files.contains("CREDS_T"), "{files}");
    stderr
}

/// Runs `import db` and asserts it failed (exit 1, nothing written) naming `host_port`,
/// without the password.
fn import_fails(mut cmd: Command, out: &Path, password: &str, host_port: &str) -> String {
    let run = cmd.arg("--out").arg(out).output().unwrap();
    let (stdout, stderr) = text(&run);
    assert_eq!(run.status.code(), Some(1), "{stdout}\n{stderr}");
    assert!(
        !stdout.contains(password) && !stderr.contains(password),
        "{stderr}"
    );
    assert!(stderr.contains(host_port), "{stderr}");
    assert!(stderr.contains("error[E085]: cannot connect"), "{stderr}");
    assert!(!out.exists());
    stderr
}

#[test]
fn postgresql_passwords_work_and_are_never_shown() {
    let db = support::postgres();
    let port = db.port();
    // The one role whose password the test server checks (tests/support/engine/postgres.rs).
    let user = "pw_user";
    let password = "Pg-s3cret-Xq7";
    db.execute_script(&format!(
        "CREATE ROLE {user} LOGIN PASSWORD '{password}';\n\
         CREATE TABLE \"CREDS_T\" (ID INTEGER PRIMARY KEY);\n"
    ))
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let host_port = format!("127.0.0.1:{port}");
    // In the URL (with a %-escaped character).
    let mut cmd = bin();
    cmd.args(["import", "db"]).arg(format!(
        "postgresql://{user}:{}@{host_port}/{}",
        password.replace('-', "%2D"),
        db.name()
    ));
    let stderr = import_ok(cmd, &dir.path().join("url"), password);
    assert!(
        stderr.contains(&format!("postgresql://{user}@{host_port}/")),
        "{stderr}"
    );
    // In PGPASSWORD, with the user and port from PGUSER and PGPORT.
    let mut cmd = bin();
    cmd.args(["import", "db"])
        .arg(format!("postgresql://127.0.0.1/{}", db.name()))
        .env("PGPASSWORD", password)
        .env("PGUSER", user)
        .env("PGPORT", port.to_string());
    import_ok(cmd, &dir.path().join("env"), password);
    // The server does check it: none, or a wrong one, fails.
    let mut cmd = bin();
    cmd.args(["import", "db"]).arg(format!(
        "postgresql://{user}:Wrong-pw-9@{host_port}/{}",
        db.name()
    ));
    let stderr = import_fails(cmd, &dir.path().join("wrong"), "Wrong-pw-9", &host_port);
    assert!(stderr.contains("password"), "{stderr}");
    let mut cmd = bin();
    cmd.args(["import", "db"])
        .arg(format!("postgresql://{user}@{host_port}/{}", db.name()));
    import_fails(cmd, &dir.path().join("none"), password, &host_port);
}

#[test]
fn mariadb_passwords_work_and_are_never_shown() {
    let db = support::mariadb();
    let port = db.port();
    let user = format!("pw_{}", db.name());
    let password = "My-s3cret-Zk4";
    let mut grants = String::new();
    for host in ["%", "localhost", "127.0.0.1"] {
        grants.push_str(&format!(
            "CREATE USER '{user}'@'{host}' IDENTIFIED BY '{password}';\n\
             GRANT SELECT ON `{}`.* TO '{user}'@'{host}';\n",
            db.name()
        ));
    }
    db.execute_script(&format!(
        "{grants}CREATE TABLE CREDS_T (ID INT PRIMARY KEY);\n"
    ))
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let host_port = format!("127.0.0.1:{port}");
    let mut cmd = bin();
    cmd.args(["import", "db"]).arg(format!(
        "mysql://{user}:{password}@{host_port}/{}",
        db.name()
    ));
    let stderr = import_ok(cmd, &dir.path().join("url"), password);
    assert!(
        stderr.contains(&format!("mysql://{user}@{host_port}/")),
        "{stderr}"
    );
    let mut cmd = bin();
    cmd.args(["import", "db"])
        .arg(format!("mariadb://{user}@127.0.0.1/{}", db.name()))
        .env("MYSQL_PWD", password)
        .env("MYSQL_TCP_PORT", port.to_string());
    import_ok(cmd, &dir.path().join("env"), password);
    let mut cmd = bin();
    cmd.args(["import", "db"]).arg(format!(
        "mysql://{user}:Wrong-pw-9@{host_port}/{}",
        db.name()
    ));
    let stderr = import_fails(cmd, &dir.path().join("wrong"), "Wrong-pw-9", &host_port);
    assert!(stderr.contains("Access denied"), "{stderr}");
}

#[test]
fn an_unreachable_server_names_host_and_port_and_not_the_password() {
    // A port nothing listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dir = tempfile::tempdir().unwrap();
    for scheme in ["postgresql", "mysql"] {
        let mut cmd = bin();
        cmd.args(["import", "db"])
            .arg(format!("{scheme}://app:Unseen-pw-1@127.0.0.1:{port}/shop"));
        import_fails(
            cmd,
            &dir.path().join(scheme),
            "Unseen-pw-1",
            &format!("127.0.0.1:{port}"),
        );
    }
    let run = bin()
        .args(["import", "db", "http://x/y", "--out"])
        .arg(dir.path().join("bad"))
        .output()
        .unwrap();
    let (_, stderr) = text(&run);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error[E087]: not a database URL"),
        "{stderr}"
    );
}

/// The `- name:` lines of the tables in the module file of `dir`.
fn table_names(dir: &Path, module: &str) -> Vec<String> {
    let text = std::fs::read_to_string(dir.join(format!("{module}.yaml"))).unwrap();
    text.lines()
        .filter_map(|l| l.strip_prefix("  - name: "))
        .map(str::to_string)
        .collect()
}

fn import_selecting(url: &str, args: &[&str], out: &Path) {
    let run = bin()
        .args(["import", "db", url])
        .args(args)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    let (stdout, stderr) = text(&run);
    assert_eq!(run.status.code(), Some(0), "{stdout}\n{stderr}");
}

const TABLES: &str = "CREATE TABLE a_one (id INTEGER PRIMARY KEY);\n\
                      CREATE TABLE a_two (id INTEGER PRIMARY KEY);\n\
                      CREATE TABLE b_one (id INTEGER PRIMARY KEY);\n";

#[test]
fn include_exclude_and_schema_select_exactly_their_tables() {
    let dir = tempfile::tempdir().unwrap();
    let pg = support::postgres();
    pg.execute_script(&format!(
        "{TABLES}CREATE SCHEMA other;\nCREATE TABLE other.c_one (id INTEGER PRIMARY KEY);\n"
    ))
    .unwrap();
    let url = pg_url(&pg, pg.port(), "postgres");
    let out = dir.path().join("pg-all");
    import_selecting(&url, &[], &out);
    assert_eq!(table_names(&out, "public"), ["a_one", "a_two", "b_one"]);
    let out = dir.path().join("pg-include");
    import_selecting(&url, &["--include", "A_*", "--exclude", "*two"], &out);
    assert_eq!(table_names(&out, "public"), ["a_one"]);
    let out = dir.path().join("pg-two-includes");
    import_selecting(&url, &["--include", "b_*", "--include", "a_tw?"], &out);
    assert_eq!(table_names(&out, "public"), ["a_two", "b_one"]);
    let out = dir.path().join("pg-schema");
    import_selecting(&url, &["--schema", "other", "--module", "extra"], &out);
    assert_eq!(table_names(&out, "extra"), ["c_one"]);

    let my = support::mariadb();
    let other = support::mariadb();
    my.execute_script(TABLES).unwrap();
    other
        .execute_script("CREATE TABLE c_one (id INTEGER PRIMARY KEY);\n")
        .unwrap();
    let url = my_url(&my, my.port(), "root");
    let out = dir.path().join("my-exclude");
    import_selecting(&url, &["--exclude", "a_*"], &out);
    assert_eq!(table_names(&out, my.name()), ["b_one"]);
    let out = dir.path().join("my-schema");
    import_selecting(&url, &["--schema", other.name()], &out);
    assert_eq!(table_names(&out, other.name()), ["c_one"]);
    // A schema that does not exist is an error, not an empty model.
    let run = bin()
        .args(["import", "db", &url, "--schema", "no_such_db", "--out"])
        .arg(dir.path().join("my-none"))
        .output()
        .unwrap();
    let (_, stderr) = text(&run);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("no database `no_such_db`"), "{stderr}");
}

/// Runs `import db` on what `sql` created and returns (stderr, module file).
fn import_warned(url: &str, module: &str, out: &Path) -> (String, String) {
    let run = bin()
        .args(["import", "db", url, "--out"])
        .arg(out)
        .output()
        .unwrap();
    let (stdout, stderr) = text(&run);
    assert_eq!(run.status.code(), Some(0), "{stdout}\n{stderr}");
    let module = std::fs::read_to_string(out.join(format!("{module}.yaml"))).unwrap();
    (stderr, module)
}

#[test]
fn what_postgresql_has_beyond_the_model_is_a_warning_naming_it() {
    let db = support::postgres();
    db.execute_script(
        "CREATE TABLE docs (\n\
             id INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,\n\
             body TEXT NOT NULL,\n\
             body_tsv TSVECTOR,\n\
             status CHAR(1) DEFAULT 'N' CHECK (status IN ('N', 'P')),\n\
             size INTEGER CHECK (size > 0),\n\
             at TIMESTAMP DEFAULT CURRENT_TIMESTAMP\n\
         );\n\
         COMMENT ON TABLE docs IS 'Documents';\n\
         COMMENT ON COLUMN docs.body IS 'The text';\n\
         CREATE INDEX docs_lower ON docs (lower(body));\n\
         CREATE INDEX docs_status ON docs (status);\n\
         CREATE VIEW open_docs AS SELECT * FROM docs WHERE status = 'N';\n\
         CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.at := now(); RETURN NEW; END $$;\n\
         CREATE TRIGGER docs_touch BEFORE UPDATE ON docs FOR EACH ROW EXECUTE FUNCTION touch();\n\
         CREATE TABLE serials (id SERIAL PRIMARY KEY, doc INTEGER REFERENCES docs (id) ON DELETE CASCADE);\n",
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (stderr, module) = import_warned(
        &pg_url(&db, db.port(), "postgres"),
        "public",
        &dir.path().join("m"),
    );
    for warning in [
        "docs.body_tsv: warning: column `body_tsv`: `TSVECTOR` has no portable type",
        "open_docs: warning: view `open_docs` not read",
        "docs: warning: trigger `docs_touch` on `docs` not read",
        "docs.docs_size_check: warning: CHECK not read: `CHECK ((size > 0))`",
        "docs.docs_lower: warning: index not read: `CREATE INDEX docs_lower ON public.docs USING btree (lower(body))`",
    ] {
        assert!(stderr.contains(warning), "{warning} not in:\n{stderr}");
    }
    for line in [
        "description: Documents",
        "- {name: id, type: integer, nullable: false, auto_increment: true}",
        "- {name: body, type: text, nullable: false, description: The text}",
        "- {name: status, type: char(1), default: 'N', allowed_values: ['N', P]}",
        "- {name: at, type: timestamp, default: {expr: current_timestamp}}",
        "- {name: docs_status, columns: [status]}",
        "- {columns: [doc], references: docs, ref_columns: [id], on_delete: cascade}",
    ] {
        assert!(module.contains(line), "{line} not in:\n{module}");
    }
    // SERIAL is auto-increment too, and the sequence behind it no warning.
    assert!(
        module.contains(
            "- {name: id, type: integer, nullable: false, auto_increment: true}\n      - {name: doc"
        ),
        "{module}"
    );
    assert!(!stderr.contains("serials_id_seq"), "{stderr}");
}

#[test]
fn what_mariadb_has_beyond_the_model_is_a_warning_naming_it() {
    let db = support::mariadb();
    db.execute_script(
        "CREATE TABLE docs (\n\
             id INT AUTO_INCREMENT PRIMARY KEY,\n\
             kind ENUM('a', 'b') NOT NULL,\n\
             status CHAR(1) DEFAULT 'N' CHECK (status IN ('N', 'P')),\n\
             size INT CHECK (size > 0),\n\
             doc JSON,\n\
             at TIMESTAMP NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,\n\
             KEY docs_status (status)\n\
         ) COMMENT='Documents';\n\
         CREATE VIEW open_docs AS SELECT * FROM docs WHERE status = 'N';\n\
         CREATE TRIGGER docs_touch BEFORE UPDATE ON docs FOR EACH ROW SET NEW.size = 1;\n",
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (stderr, module) = import_warned(
        &my_url(&db, db.port(), "root"),
        db.name(),
        &dir.path().join("m"),
    );
    for warning in [
        "docs.kind: warning: `enum('a','b')` read as varchar(1) with its values as allowed_values",
        "open_docs: warning: view `open_docs` not read",
        "docs: warning: trigger `docs_touch` on `docs` not read",
        "docs.size: warning: CHECK not read: `",
        "docs.at: warning: `on update current_timestamp()` not read",
    ] {
        assert!(stderr.contains(warning), "{warning} not in:\n{stderr}");
    }
    for line in [
        "description: Documents",
        "- {name: id, type: integer, nullable: false, auto_increment: true}",
        "- {name: kind, type: varchar(1), nullable: false, allowed_values: [a, b]}",
        "- {name: status, type: char(1), default: 'N', allowed_values: ['N', P]}",
        "- {name: doc, type: json}",
        "- {name: at, type: timestamp, default: {expr: current_timestamp}}",
        "- {name: docs_status, columns: [status]}",
    ] {
        assert!(module.contains(line), "{line} not in:\n{module}");
    }
}

/// `diff --against-db URL MODEL_DIR`: the database as the old side. Exit 0 when the database
/// is what the model generates (names folded and seed rows not compared), 2 when it lacks a
/// column and an index, and the migration it writes (`--format sql`) brings the database back
/// to exit 0; 3 when it has a table the model has not (the migration drops it).
#[test]
fn diff_against_db_shows_what_the_database_lacks_or_has_beyond_the_model() {
    let pg = support::postgres();
    let my = support::mariadb();
    let cases: [(&str, DialectName, &dyn Database, String, &str); 2] = [
        (
            "wso2",
            DialectName::Postgresql,
            &pg,
            pg_url(&pg, pg.port(), "postgres"),
            "ALTER TABLE REG_LOG DROP COLUMN REG_ACTION_DATA;\nDROP INDEX REG_PATH_IND_BY_PATH_VALUE;\n",
        ),
        (
            "comanage",
            DialectName::Mysql,
            &my,
            my_url(&my, my.port(), "root"),
            "ALTER TABLE cm_authentication_events DROP COLUMN remote_ip;\nDROP INDEX cm_authentication_events_i1 ON cm_authentication_events;\n",
        ),
    ];
    for (product, dialect, db, url, drop_column) in cases {
        let model_dir = repo().join("model").join(product);
        let original = schemagen::model::load(&model_dir).unwrap();
        for (module, sql) in generated_scripts(&original, dialect) {
            db.execute_script(&sql)
                .unwrap_or_else(|e| panic!("{product} {dialect} {module}: {e}"));
        }
        let diff = || {
            let run = bin()
                .args(["diff", "--against-db", &url])
                .arg(&model_dir)
                .output()
                .unwrap();
            let (stdout, stderr) = text(&run);
            (run.status.code(), stdout, stderr)
        };
        let (code, stdout, stderr) = diff();
        assert_eq!(code, Some(0), "{product} {dialect}:\n{stdout}\n{stderr}");
        db.execute_script(drop_column).unwrap();
        let (code, stdout, stderr) = diff();
        assert_eq!(code, Some(2), "{product} {dialect}:\n{stdout}\n{stderr}");
        // The migration --against-db writes brings the database back to the model: after it
        // the database reads as the model again (exit 0).
        let migration = bin()
            .args(["diff", "--against-db", &url, "--format", "sql"])
            .arg(&model_dir)
            .output()
            .unwrap();
        let (sql, stderr) = text(&migration);
        assert_eq!(
            migration.status.code(),
            Some(2),
            "{product} {dialect}: {stderr}"
        );
        db.execute_script(&sql)
            .unwrap_or_else(|e| panic!("{product} {dialect}: the migration fails: {e}\n{sql}"));
        let (code, stdout, stderr) = diff();
        assert_eq!(
            code,
            Some(0),
            "{product} {dialect}: after the migration\n{sql}\n{stdout}\n{stderr}"
        );
        db.execute_script(drop_column).unwrap();
        let (code, stdout, stderr) = diff();
        assert_eq!(code, Some(2), "{product} {dialect}:\n{stdout}\n{stderr}");
        let column = if dialect == DialectName::Postgresql {
            "REG_LOG.REG_ACTION_DATA"
        } else {
            "cm_authentication_events.remote_ip"
        };
        assert!(stdout.contains(column), "{product} {dialect}:\n{stdout}");
        let index = if dialect == DialectName::Postgresql {
            "REG_PATH_IND_BY_PATH_VALUE"
        } else {
            "cm_authentication_events_i1"
        };
        assert!(stdout.contains(index), "{product} {dialect}:\n{stdout}");
        db.execute_script("CREATE TABLE extra_t (id INTEGER);\n")
            .unwrap();
        let (code, stdout, stderr) = diff();
        assert_eq!(code, Some(3), "{product} {dialect}:\n{stdout}\n{stderr}");
        assert!(stdout.contains("extra_t"), "{product} {dialect}:\n{stdout}");
    }
}
