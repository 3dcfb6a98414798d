//! `schemagen diff` as CI uses it: exit codes, the text and JSON reports, --out trees and
//! model versions read from git.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
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
    assert_eq!(json["format_version"], 2);
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

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().unwrap()
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// Every file under `dir` (hidden ones too), with its bytes.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, files: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, files);
            } else {
                let bytes = fs::read(&path).unwrap();
                files.insert(path.strip_prefix(root).unwrap().to_path_buf(), bytes);
            }
        }
    }
    let mut files = BTreeMap::new();
    if dir.exists() {
        walk(dir, dir, &mut files);
    }
    files
}

/// The directories directly under `dir`.
fn subdirs(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

fn content_hashes(old: &Path, new: &Path) -> (String, String) {
    let run = diff(old, new, &["--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&run)).unwrap();
    let short = |side: &str| {
        json[side]["content_hash"].as_str().unwrap()["sha256:".len()..][..12].to_string()
    };
    (short("old"), short("new"))
}

const WIDER: (&str, &str) = ("varchar(20)", "varchar(30)");

fn v2() -> String {
    V1.replace(WIDER.0, WIDER.1)
}

fn v3() -> String {
    v2().replace(
        "      - {name: NAME, type: varchar(30)}\n",
        "      - {name: NAME, type: varchar(30)}\n      - {name: AGE, type: integer}\n",
    )
}

#[test]
fn out_writes_each_migration_into_a_directory_named_after_the_pair() {
    let (a, b) = (model(V1), model(&v2()));
    let out = tempfile::tempdir().unwrap();
    let run = diff(a.path(), b.path(), &["--out", s(out.path())]);
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    let (old_hash, new_hash) = content_hashes(a.path(), b.path());
    let pair = format!("{old_hash}..{new_hash}");
    assert_eq!(subdirs(out.path()), vec![pair.clone()]);
    let dir = out.path().join(&pair);
    let pg = fs::read_to_string(dir.join("core/postgresql.sql")).unwrap();
    assert!(
        pg.contains("ALTER TABLE T ALTER COLUMN NAME TYPE VARCHAR(30);"),
        "{pg}"
    );
    let my = fs::read_to_string(dir.join("core/mysql.sql")).unwrap();
    assert!(
        my.contains("ALTER TABLE T MODIFY COLUMN NAME VARCHAR(30);"),
        "{my}"
    );
    let marker = fs::read_to_string(dir.join(".schemagen-migration")).unwrap();
    assert!(
        marker.contains(&format!("from: sha256:{old_hash}"))
            && marker.contains(&format!("to: sha256:{new_hash}")),
        "{marker}"
    );
    assert!(stderr(&run).contains(&pair), "{}", stderr(&run));
    // Nothing is written at the top of --out.
    assert_eq!(
        fs::read_dir(out.path()).unwrap().count(),
        1,
        "{:?}",
        tree(out.path()).keys()
    );
}

#[test]
fn out_refuses_a_generate_tree_and_leaves_it_byte_identical() {
    let (a, b) = (model(V1), model(&v2()));
    let root = tempfile::tempdir().unwrap();
    let generated = root.path().join("dbscripts");
    let gen_run = run(&["generate", s(b.path()), "--out", s(&generated)]);
    assert_eq!(gen_run.status.code(), Some(0), "{}", stderr(&gen_run));
    let before = tree(&generated);
    assert!(before.contains_key(Path::new(".schemagen-manifest")));

    let into = diff(a.path(), b.path(), &["--out", s(&generated)]);
    assert_eq!(into.status.code(), Some(1));
    let message = stderr(&into);
    assert!(
        message.contains(&format!("--out `{}` is the tree", generated.display()))
            && message.contains("written by `schemagen generate`")
            && message.contains("give --out a directory outside that tree"),
        "{message}"
    );

    let inside = generated.join("core/migrations");
    let below = diff(a.path(), b.path(), &["--out", s(&inside)]);
    assert_eq!(below.status.code(), Some(1));
    assert!(
        stderr(&below).contains(&format!("--out `{}` is inside the tree", inside.display())),
        "{}",
        stderr(&below)
    );
    // A --name that is the generate tree itself is refused too.
    let named = diff(
        a.path(),
        b.path(),
        &["--out", s(root.path()), "--name", "dbscripts"],
    );
    assert_eq!(named.status.code(), Some(1));
    assert!(
        stderr(&named).contains("choose another --name"),
        "{}",
        stderr(&named)
    );
    assert_eq!(tree(&generated), before, "the generate tree was touched");
    assert_eq!(subdirs(root.path()), ["dbscripts"]);
}

#[test]
fn out_refuses_to_overwrite_a_different_earlier_migration() {
    let (a, b) = (model(V1), model(&v2()));
    let out = tempfile::tempdir().unwrap();
    let args = ["--out", s(out.path()), "--name", "release-2"];
    assert_eq!(diff(a.path(), b.path(), &args).status.code(), Some(2));
    let dir = out.path().join("release-2");

    // A DBA edited the reviewed file: the next run must not replace it.
    let edited = dir.join("core/mysql.sql");
    let text = fs::read_to_string(&edited).unwrap() + "-- run on prod 2024-05-01\n";
    fs::write(&edited, &text).unwrap();
    let before = tree(&dir);
    let again = diff(a.path(), b.path(), &args);
    assert_eq!(again.status.code(), Some(1));
    let message = stderr(&again);
    assert!(
        message.contains(&edited.display().to_string())
            && message.contains("nothing was written")
            && message.contains("under another --name"),
        "{message}"
    );
    assert_eq!(tree(&dir), before);

    // Another pair of models under the same name is refused as a whole.
    let c = model(&v3());
    let other = diff(b.path(), c.path(), &args);
    assert_eq!(other.status.code(), Some(1));
    let message = stderr(&other);
    assert!(
        message.contains(&format!(
            "`{}` already holds the migration of another pair",
            dir.display()
        )) && message.contains("another --name"),
        "{message}"
    );
    assert_eq!(tree(&dir), before);
}

#[test]
fn rerunning_the_same_diff_is_idempotent() {
    let (a, b) = (model(V1), model(&v2()));
    let out = tempfile::tempdir().unwrap();
    let first = diff(a.path(), b.path(), &["--out", s(out.path())]);
    assert_eq!(first.status.code(), Some(2), "{}", stderr(&first));
    let written = tree(out.path());
    let second = diff(a.path(), b.path(), &["--out", s(out.path())]);
    assert_eq!(second.status.code(), Some(2), "{}", stderr(&second));
    assert!(
        stderr(&second).contains("(0 written, 2 unchanged)"),
        "{}",
        stderr(&second)
    );
    assert_eq!(tree(out.path()), written);
    // A run limited to one dialect adds nothing and changes nothing.
    let one = diff(
        a.path(),
        b.path(),
        &["--out", s(out.path()), "--dialect", "mysql"],
    );
    assert_eq!(one.status.code(), Some(2), "{}", stderr(&one));
    assert_eq!(tree(out.path()), written);
}

#[test]
fn migrations_of_successive_pairs_sit_side_by_side_and_foreign_files_stay() {
    let (a, b, c) = (model(V1), model(&v2()), model(&v3()));
    let out = tempfile::tempdir().unwrap();
    fs::write(out.path().join("README"), "release notes\n").unwrap();
    assert_eq!(
        diff(a.path(), b.path(), &["--out", s(out.path())])
            .status
            .code(),
        Some(2)
    );
    let first = tree(out.path());
    assert_eq!(
        diff(b.path(), c.path(), &["--out", s(out.path())])
            .status
            .code(),
        Some(2)
    );
    let (h1, h2) = content_hashes(a.path(), b.path());
    let (_, h3) = content_hashes(b.path(), c.path());
    let mut expected = vec![format!("{h1}..{h2}"), format!("{h2}..{h3}")];
    expected.sort();
    assert_eq!(subdirs(out.path()), expected);
    let after = tree(out.path());
    for (path, bytes) in &first {
        assert_eq!(after.get(path), Some(bytes), "{} changed", path.display());
    }
    let second = fs::read_to_string(
        out.path()
            .join(format!("{h2}..{h3}"))
            .join("core/postgresql.sql"),
    )
    .unwrap();
    assert!(
        second.contains("ALTER TABLE T ADD COLUMN AGE INTEGER;"),
        "{second}"
    );
    assert!(!second.contains("VARCHAR(30)"), "{second}");
    // --out inside one migration's directory is a mistake: refused.
    let nested = out.path().join(format!("{h1}..{h2}"));
    let run = diff(a.path(), c.path(), &["--out", s(&nested)]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stderr(&run).contains(&format!("give --out its parent `{}`", out.path().display())),
        "{}",
        stderr(&run)
    );
    assert_eq!(tree(out.path()), after);
}

#[test]
fn a_bad_name_exits_1_and_says_what_to_do() {
    let (a, b) = (model(V1), model(&v2()));
    let out = tempfile::tempdir().unwrap();
    for name in ["../up", "a/b", ".hidden", ""] {
        let run = diff(
            a.path(),
            b.path(),
            &["--out", s(out.path()), "--name", name],
        );
        assert_eq!(run.status.code(), Some(1), "{name}");
        assert!(
            stderr(&run).contains("give one directory name"),
            "{name}: {}",
            stderr(&run)
        );
    }
    assert_eq!(tree(out.path()), BTreeMap::new());
}

/// A git repository in a temporary directory, with a model directory `model/demo`.
struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    fn new() -> Repo {
        let repo = Repo {
            dir: tempfile::tempdir().unwrap(),
        };
        repo.git(&["init", "-q"]);
        repo
    }

    fn model_dir(&self) -> PathBuf {
        self.dir.path().join("model/demo")
    }

    fn git(&self, args: &[&str]) -> String {
        let run = Command::new("git")
            .arg("-C")
            .arg(self.dir.path())
            .args(["-c", "user.name=t", "-c", "user.email=t@t"])
            .args(["-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false"])
            .args(args)
            .output()
            .unwrap();
        assert!(run.status.success(), "git {args:?}: {}", stderr(&run));
        stdout(&run).trim().to_string()
    }

    fn write(&self, relative: &str, text: &str) {
        let path = self.dir.path().join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    fn commit_model(&self, module: &str, tag: &str) {
        self.write("model/demo/product.yaml", PRODUCT);
        self.write("model/demo/core.yaml", module);
        self.git(&["add", "."]);
        self.git(&["commit", "-qm", tag]);
        self.git(&["tag", tag]);
    }

    fn diff(&self, revisions: &[&str], extra: &[&str]) -> Output {
        Command::new(BIN)
            .args(["diff", "--git-model", s(&self.model_dir())])
            .args(revisions)
            .args(extra)
            .output()
            .unwrap()
    }
}

#[test]
fn two_git_revisions_of_one_model_directory() {
    let repo = Repo::new();
    repo.commit_model(V1, "v1");
    repo.write("model/demo/core.yaml", &v2());
    repo.git(&["commit", "-qam", "v2"]);
    // The working tree is edited again: two revisions are read from git, not from the files.
    repo.write("model/demo/core.yaml", "not: yaml: [");
    let run = repo.diff(&["HEAD~1", "HEAD"], &["--dialect", "mysql"]);
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    assert_eq!(
        stdout(&run),
        "  change column T.NAME: type varchar(20) -> varchar(30)\n"
    );

    // The directory under --out names tags by name, other revisions by commit: HEAD moves.
    let out = tempfile::tempdir().unwrap();
    let run = repo.diff(&["v1", "HEAD"], &["--out", s(out.path())]);
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    let head = repo.git(&["rev-parse", "HEAD"]);
    assert_eq!(subdirs(out.path()), [format!("v1..{}", &head[..12])]);

    let missing = repo.diff(&["HEAD~5", "HEAD"], &[]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        stderr(&missing).contains("`HEAD~5` is not a commit of the repository holding")
            && stderr(&missing).contains("check the spelling"),
        "{}",
        stderr(&missing)
    );
}

#[test]
fn a_revision_before_the_model_existed_is_a_baseline() {
    let repo = Repo::new();
    repo.write("README", "a repository that had no model yet\n");
    repo.git(&["add", "."]);
    repo.git(&["commit", "-qm", "start"]);
    repo.git(&["tag", "v0"]);
    repo.commit_model(V1, "v1");
    let dir = repo.model_dir();

    let run = repo.diff(&["v0", "v1"], &[]);
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    let text = stdout(&run);
    assert!(
        text.starts_with(&format!(
            "baseline: `{}` does not exist at `v0` (commit ",
            dir.display()
        )),
        "{text}"
    );
    assert!(
        text.ends_with("creates every table\n  add table T\n"),
        "{text}"
    );

    let out = tempfile::tempdir().unwrap();
    let sql = repo.diff(&["v0", "v1"], &["--format", "sql", "--out", s(out.path())]);
    assert_eq!(sql.status.code(), Some(2), "{}", stderr(&sql));
    assert!(stderr(&sql).contains("baseline: "), "{}", stderr(&sql));
    assert!(
        stdout(&sql).starts_with("-- ===== core/mysql.sql ====="),
        "{}",
        stdout(&sql)
    );
    assert_eq!(subdirs(out.path()), ["baseline..v1"]);
    let pg = fs::read_to_string(out.path().join("baseline..v1/core/postgresql.sql")).unwrap();
    assert!(pg.contains("-- From model none (baseline"), "{pg}");
    assert!(pg.contains("CREATE TABLE T ("), "{pg}");
    assert!(pg.contains("PRIMARY KEY (ID)"), "{pg}");

    // The JSON report of a baseline is a normal report: the table is added.
    let json = repo.diff(&["v0", "v1"], &["--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(json["files"][0]["changes"][0]["kind"], "add_table");

    // The model missing at the new revision is an error, not a baseline.
    let run = repo.diff(&["v1", "v0"], &[]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stderr(&run).contains(&format!(
            "`{}` does not exist at revision `v0`",
            dir.display()
        )) && stderr(&run).contains("git log --oneline --"),
        "{}",
        stderr(&run)
    );
}

#[test]
fn the_working_tree_is_the_new_side_when_no_new_revision_is_given() {
    let repo = Repo::new();
    repo.commit_model(V1, "v1");
    let run = repo.diff(&["v1"], &[]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert_eq!(stdout(&run), "no changes\n");

    // An uncommitted edit shows up.
    repo.write(
        "model/demo/core.yaml",
        &V1.replace(
            "      - {name: NAME, type: varchar(20)}\n",
            "      - {name: NAME, type: varchar(20)}\n      - {name: AGE, type: integer}\n",
        ),
    );
    let run = repo.diff(&["v1"], &["--dialect", "postgresql"]);
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    assert_eq!(stdout(&run), "  add column T.AGE integer\n");
    let out = tempfile::tempdir().unwrap();
    let run = repo.diff(&["v1"], &["--out", s(out.path())]);
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    let dirs = subdirs(out.path());
    assert_eq!(dirs.len(), 1);
    assert!(dirs[0].starts_with("v1..worktree-"), "{dirs:?}");
    assert_eq!(dirs[0].len(), "v1..worktree-".len() + 12, "{dirs:?}");

    // A destructive edit: 3, or 2 when allowed.
    repo.write(
        "model/demo/core.yaml",
        &V1.replace("varchar(20)", "varchar(10)"),
    );
    assert_eq!(repo.diff(&["v1"], &[]).status.code(), Some(3));
    assert_eq!(
        repo.diff(&["v1"], &["--allow-destructive"]).status.code(),
        Some(2)
    );
    // A broken working tree is an invalid model.
    repo.write("model/demo/core.yaml", "not: yaml: [");
    assert_eq!(repo.diff(&["v1"], &[]).status.code(), Some(1));
}

#[test]
fn a_model_outside_git_exits_1_and_names_it() {
    let a = model(V1);
    let run = Command::new(BIN)
        .args(["diff", "--git-model", s(a.path()), "HEAD"])
        // Even if the temporary directory is inside a repository.
        .env("GIT_CEILING_DIRECTORIES", a.path().parent().unwrap())
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stderr(&run).contains(&format!("cannot read `{}` from git", a.path().display()))
            && stderr(&run).contains("schemagen diff OLD_DIR NEW_DIR"),
        "{}",
        stderr(&run)
    );
}

/// Variants get their own migration, written for their settings: `oracle_rac` sequences with
/// `CACHE 20 ORDER`, `mysql_cluster` tables with `ENGINE=NDB` (as `generate` writes them).
#[test]
fn variants_get_their_own_migrations_in_the_out_tree() {
    let product = "product: demo
dialects:
  oracle: {version: \"11.2\", variants: [oracle_rac]}
  mysql: {version: \"8.0\", variants: [mysql_cluster]}
modules:
  - file: core.yaml
    path: \"core/{file}\"
";
    let versioned = |module: &str| {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("product.yaml"), product).unwrap();
        fs::write(dir.path().join("core.yaml"), module).unwrap();
        dir
    };
    let old = versioned(V1);
    let new = versioned(&format!(
        "{V1}  - name: LOG
    description: What happened.
    columns:
      - {{name: ID, type: integer, nullable: false, auto_increment: true}}
      - {{name: T_ID, type: integer, nullable: false}}
    primary_key: [ID]
    foreign_keys:
      - {{name: FK_LOG_T, columns: [T_ID], references: T, ref_columns: [ID]}}
"
    ));
    let out = tempfile::tempdir().unwrap();
    let run = diff(
        old.path(),
        new.path(),
        &["--out", s(out.path()), "--name", "v2"],
    );
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    let files: Vec<String> = tree(&out.path().join("v2"))
        .keys()
        .map(|p| p.display().to_string())
        .filter(|p| p.ends_with(".sql"))
        .collect();
    assert_eq!(
        files,
        [
            "core/mysql.sql",
            "core/mysql_cluster.sql",
            "core/oracle.sql",
            "core/oracle_rac.sql"
        ]
    );
    let read = |name: &str| fs::read_to_string(out.path().join("v2/core").join(name)).unwrap();
    let (rac, cluster) = (read("oracle_rac.sql"), read("mysql_cluster.sql"));
    assert!(rac.contains("CACHE 20 ORDER"), "{rac}");
    assert!(!read("oracle.sql").contains("CACHE 20 ORDER"));
    assert!(cluster.contains("ENGINE=NDB"), "{cluster}");
    assert!(read("mysql.sql").contains("ENGINE=InnoDB"));
    // The model hashes in the header change with this file's text.
    let stable = |text: &str| {
        text.lines()
            .filter(|l| !l.starts_with("-- From model") && !l.starts_with("-- To model"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    insta::with_settings!({snapshot_path => "../snapshots/diff", prepend_module_to_snapshot => false, omit_expression => true}, {
        insta::assert_snapshot!("variant_oracle_rac", stable(&rac));
        insta::assert_snapshot!("variant_mysql_cluster", stable(&cluster));
    });
}

#[test]
fn out_on_a_directory_another_run_is_writing_fails_naming_the_lock() {
    let (a, b) = (model(V1), model(&v2()));
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("release-2");
    fs::create_dir(&dir).unwrap();
    let holder = fs::File::open(&dir).unwrap();
    holder.lock().unwrap();
    let args = ["--out", s(out.path()), "--name", "release-2"];
    let blocked = diff(a.path(), b.path(), &args);
    assert_eq!(blocked.status.code(), Some(1), "{}", stderr(&blocked));
    assert!(
        stderr(&blocked).contains(&format!(
            "another schemagen run is writing `{}`: it holds the lock (flock) on that directory",
            dir.display()
        )),
        "{}",
        stderr(&blocked)
    );
    assert_eq!(fs::read_dir(&dir).unwrap().count(), 0, "nothing written");
    drop(holder);
    assert_eq!(diff(a.path(), b.path(), &args).status.code(), Some(2));
}
