//! `schemagen diff` as CI uses it: exit codes, the text and JSON reports, --out trees and
//! model versions read from git.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_schemagen");

const PRODUCT: &str = "product: demo
dialects:
  postgresql: {version: \"12\"}
  mysql: {version: \"8.0\"}
modules:
  - file: core.yaml
    path: \"core/{file}\"
";

const V1: &str = "module: core
tables:
  - name: T
    columns:
      - {name: ID, type: integer, nullable: false}
      - {name: NAME, type: varchar(20)}
    primary_key: [ID]
";

fn model(module: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("product.yaml"), PRODUCT).unwrap();
    fs::write(dir.path().join("core.yaml"), module).unwrap();
    dir
}

fn diff(old: &Path, new: &Path, extra: &[&str]) -> Output {
    Command::new(BIN)
        .arg("diff")
        .arg(old)
        .arg(new)
        .args(extra)
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

#[test]
fn no_change_exits_0() {
    let (a, b) = (model(V1), model(V1));
    let run = diff(a.path(), b.path(), &[]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(stdout(&run), "no changes\n");
}

#[test]
fn an_additive_change_exits_2() {
    let a = model(V1);
    let b = model(&V1.replace(
        "      - {name: NAME, type: varchar(20)}\n",
        "      - {name: NAME, type: varchar(20)}\n      - {name: AGE, type: integer}\n",
    ));
    let run = diff(a.path(), b.path(), &[]);
    assert_eq!(run.status.code(), Some(2));
    assert_eq!(stdout(&run), "  add column T.AGE integer\n");
}

#[test]
fn a_destructive_change_exits_3_unless_allowed() {
    let a = model(V1);
    let b = model(&V1.replace("varchar(20)", "varchar(10)"));
    let run = diff(a.path(), b.path(), &[]);
    assert_eq!(run.status.code(), Some(3));
    assert!(
        stdout(&run).starts_with("! change column T.NAME: type varchar(20) -> varchar(10)"),
        "{}",
        stdout(&run)
    );
    assert_eq!(
        diff(a.path(), b.path(), &["--allow-destructive"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn sql_format_writes_each_dialects_migration_and_marks_destructive_statements() {
    let a = model(V1);
    let b = model(&V1.replace("      - {name: NAME, type: varchar(20)}\n", ""));
    let run = diff(a.path(), b.path(), &["--format", "sql"]);
    let sql = stdout(&run);
    assert!(sql.contains("-- ===== core/mysql.sql ====="), "{sql}");
    assert!(
        sql.contains(
            "-- DESTRUCTIVE: drops a column and its data\nALTER TABLE T DROP COLUMN NAME;"
        ),
        "{sql}"
    );
}

#[test]
fn json_report_is_stable() {
    let a = model(V1);
    let b = model(&V1.replace(
        "      - {name: NAME, type: varchar(20)}\n",
        "      - {name: FULL_NAME, type: varchar(40), renamed_from: NAME}\n",
    ));
    let run = diff(
        a.path(),
        b.path(),
        &["--format", "json", "--dialect", "postgresql"],
    );
    assert_eq!(run.status.code(), Some(2));
    let json: serde_json::Value = serde_json::from_str(&stdout(&run)).unwrap();
    assert_eq!(json["format_version"], 1);
    assert_eq!(json["changed"], true);
    assert_eq!(json["destructive"], false);
    let kinds: Vec<&str> = json["files"][0]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["rename_column", "modify_column"]);
    insta::with_settings!({snapshot_path => "../snapshots/diff", prepend_module_to_snapshot => false, omit_expression => true}, {
        insta::assert_snapshot!("json_report", stdout(&run).replace(&json["old"]["content_hash"].as_str().unwrap().to_string(), "<old hash>").replace(&json["new"]["content_hash"].as_str().unwrap().to_string(), "<new hash>"));
    });
}

#[test]
fn out_writes_a_migration_tree_in_the_product_layout() {
    let a = model(V1);
    let b = model(&V1.replace("varchar(20)", "varchar(30)"));
    let out = tempfile::tempdir().unwrap();
    let run = diff(a.path(), b.path(), &["--out", out.path().to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(2));
    let pg = fs::read_to_string(out.path().join("core/postgresql.sql")).unwrap();
    assert!(
        pg.contains("ALTER TABLE T ALTER COLUMN NAME TYPE VARCHAR(30) USING NAME::VARCHAR(30);"),
        "{pg}"
    );
    let my = fs::read_to_string(out.path().join("core/mysql.sql")).unwrap();
    assert!(
        my.contains("ALTER TABLE T MODIFY COLUMN NAME VARCHAR(30);"),
        "{my}"
    );
}

#[test]
fn two_git_revisions_of_one_model_directory() {
    let repo = tempfile::tempdir().unwrap();
    let git = |args: &[&str]| {
        let run = Command::new("git")
            .arg("-C")
            .arg(repo.path())
            .args(args)
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&run.stderr)
        );
    };
    git(&["init", "-q"]);
    let dir = repo.path().join("model/demo");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("product.yaml"), PRODUCT).unwrap();
    fs::write(dir.join("core.yaml"), V1).unwrap();
    git(&["add", "."]);
    git(&[
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@t",
        "commit",
        "-qm",
        "v1",
    ]);
    fs::write(
        dir.join("core.yaml"),
        V1.replace("varchar(20)", "varchar(30)"),
    )
    .unwrap();
    git(&[
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@t",
        "commit",
        "-qam",
        "v2",
    ]);
    // The working tree is edited again: --git-model must read the revisions, not the files.
    fs::write(dir.join("core.yaml"), "not: yaml: [").unwrap();
    let run = Command::new(BIN)
        .args([
            "diff",
            "--git-model",
            dir.to_str().unwrap(),
            "HEAD~1",
            "HEAD",
            "--dialect",
            "mysql",
        ])
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(
        stdout(&run),
        "  change column T.NAME: type varchar(20) -> varchar(30)\n"
    );
    let missing = Command::new(BIN)
        .args([
            "diff",
            "--git-model",
            dir.to_str().unwrap(),
            "HEAD~5",
            "HEAD",
        ])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(1));
}

#[test]
fn an_invalid_model_exits_1() {
    let a = model(V1);
    let b = model("module: core\ntables: [\n");
    assert_eq!(diff(a.path(), b.path(), &[]).status.code(), Some(1));
}

#[test]
fn an_added_column_keeps_its_description() {
    let a = model(V1);
    let b = model(&V1.replace(
        "      - {name: NAME, type: varchar(20)}\n",
        "      - {name: NAME, type: varchar(20)}\n      - {name: AGE, type: integer, description: \"Age in years; it's whole\"}\n",
    ));
    let sql = stdout(&diff(a.path(), b.path(), &["--format", "sql"]));
    assert!(
        sql.contains("ALTER TABLE T ADD COLUMN AGE INTEGER;\nCOMMENT ON COLUMN T.AGE IS 'Age in years; it''s whole';"),
        "{sql}"
    );
    assert!(
        sql.contains("ALTER TABLE T ADD COLUMN AGE INT COMMENT 'Age in years; it''s whole';"),
        "MySQL keeps it inline: {sql}"
    );
}
