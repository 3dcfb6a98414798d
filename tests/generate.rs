//! `schemagen generate` end to end: the shipped trees as snapshots, byte-identical reruns,
//! and the output-tree guarantees (atomic, never deleting what schemagen did not write).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_schemagen");

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn generate(model: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    Command::new(BIN)
        .arg("generate")
        .arg(model)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .expect("schemagen runs")
}

/// Every file below `dir` (relative path → bytes), sorted.
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, fs::read(&path).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    if dir.exists() {
        walk(dir, dir, &mut out);
    }
    out.sort();
    out
}

/// The shipped products: each has a model directory and generates its own tree.
const PRODUCTS: [&str; 3] = ["wso2", "comanage", "jans"];

/// Every file of every shipped product's tree, all dialects and variants, as reviewed
/// snapshots under snapshots/<product>/.
#[test]
fn product_trees_match_reviewed_snapshots() {
    for product in PRODUCTS {
        let out = tempfile::tempdir().unwrap();
        let run = generate(&repo().join("model").join(product), out.path(), &[]);
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        let files = tree(out.path());
        assert!(
            files.iter().any(|(p, _)| p == "postgresql.sql"),
            "{product}"
        );
        assert!(
            files.iter().any(|(p, _)| p == "informix.sql"),
            "{product}: all seven dialects"
        );
        for (path, bytes) in files {
            if path == ".schemagen-manifest" {
                continue;
            }
            let text = String::from_utf8(bytes).unwrap();
            insta::with_settings!({
                snapshot_path => format!("../snapshots/{product}"),
                prepend_module_to_snapshot => false,
                omit_expression => true,
                snapshot_suffix => path.replace('/', "__"),
            }, {
                insta::assert_snapshot!(product, text);
            });
        }
    }
}

/// Generating every product twice, the second time from a copy of its model in another
/// directory, gives byte-identical trees.
#[test]
fn generating_twice_gives_byte_identical_trees_wherever_the_model_lives() {
    for product in PRODUCTS {
        let first = tempfile::tempdir().unwrap();
        let second = tempfile::tempdir().unwrap();
        let copy = tempfile::tempdir().unwrap();
        for entry in fs::read_dir(repo().join("model").join(product)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                fs::copy(&path, copy.path().join(path.file_name().unwrap())).unwrap();
            }
        }
        assert!(
            generate(&repo().join("model").join(product), first.path(), &[])
                .status
                .success()
        );
        assert!(generate(copy.path(), second.path(), &[]).status.success());
        let a = tree(first.path());
        assert!(a.len() > 7, "{product}");
        assert_eq!(a, tree(second.path()), "{product}");
    }
}

const PRODUCT: &str = "product: demo
dialects:
  postgresql: {version: \"12\"}
  mysql: {version: \"8.0\"}
modules:
  - file: core.yaml
  - file: extra.yaml
    path: \"extra/{file}\"
";

const CORE: &str = "module: core
tables:
  - name: T
    columns:
      - {name: ID, type: integer, nullable: false}
    primary_key: [ID]
";

fn demo_model() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("product.yaml"), PRODUCT).unwrap();
    fs::write(dir.path().join("core.yaml"), CORE).unwrap();
    fs::write(
        dir.path().join("extra.yaml"),
        CORE.replace("core", "extra")
            .replace("- name: T", "- name: U"),
    )
    .unwrap();
    dir
}

#[test]
fn an_invalid_model_writes_nothing_and_exits_1() {
    let model = demo_model();
    fs::write(model.path().join("core.yaml"), "module: core\ntables: [\n").unwrap();
    let out = tempfile::tempdir().unwrap();
    fs::write(out.path().join("postgresql.sql"), "previous").unwrap();
    let run = generate(model.path(), out.path(), &[]);
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("core.yaml:2:9"), "{stderr}");
    assert_eq!(
        tree(out.path()),
        vec![("postgresql.sql".to_string(), b"previous".to_vec())]
    );
}

/// The model with every column renamed, so every generated file changes.
fn change_every_file(model: &Path) {
    fs::write(model.join("core.yaml"), CORE.replace("ID", "IDENT")).unwrap();
    let extra = CORE
        .replace("core", "extra")
        .replace("- name: T", "- name: U");
    fs::write(model.join("extra.yaml"), extra.replace("ID", "IDENT")).unwrap();
}

#[test]
fn a_failure_midway_through_the_write_is_undone() {
    let model = demo_model();
    // `z/` sorts last, so the top-level files are already replaced when its write fails.
    let product = PRODUCT.replace("extra/{file}", "z/{file}");
    fs::write(model.path().join("product.yaml"), product).unwrap();
    let out = tempfile::tempdir().unwrap();
    assert!(generate(model.path(), out.path(), &[]).status.success());
    change_every_file(model.path());
    fs::remove_dir_all(out.path().join("z")).unwrap();
    fs::write(out.path().join("z"), "a file where a directory must go").unwrap();
    let before = tree(out.path());
    let run = generate(model.path(), out.path(), &[]);
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("left as it was"));
    assert_eq!(
        tree(out.path()),
        before,
        "replaced files restored, no staging left behind"
    );
}

#[test]
fn a_directory_in_the_way_is_an_error_not_a_deletion() {
    let model = demo_model();
    let out = tempfile::tempdir().unwrap();
    assert!(generate(model.path(), out.path(), &[]).status.success());
    change_every_file(model.path());
    fs::remove_file(out.path().join("extra/postgresql.sql")).unwrap();
    fs::create_dir(out.path().join("extra/postgresql.sql")).unwrap();
    fs::write(out.path().join("extra/postgresql.sql/notes.txt"), "mine").unwrap();
    let before = tree(out.path());
    let run = generate(model.path(), out.path(), &[]);
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("is in the way"));
    assert_eq!(tree(out.path()), before);
}

#[test]
fn files_schemagen_did_not_write_are_never_deleted() {
    let model = demo_model();
    let out = tempfile::tempdir().unwrap();
    fs::write(out.path().join("README.md"), "kept").unwrap();
    fs::create_dir_all(out.path().join("extra")).unwrap();
    fs::write(out.path().join("extra/custom.sql"), "kept too").unwrap();
    assert!(generate(model.path(), out.path(), &[]).status.success());
    // Drop mysql from the product: its generated files go, hand-written files stay.
    fs::write(
        model.path().join("product.yaml"),
        PRODUCT.replace("  mysql: {version: \"8.0\"}\n", ""),
    )
    .unwrap();
    // A generated file edited by hand is also kept.
    fs::write(out.path().join("extra/mysql.sql"), "edited by hand").unwrap();
    let run = generate(model.path(), out.path(), &[]);
    assert!(run.status.success());
    assert!(
        String::from_utf8_lossy(&run.stderr)
            .contains("extra/mysql.sql` is no longer generated but was edited")
    );
    let paths: Vec<String> = tree(out.path()).into_iter().map(|(p, _)| p).collect();
    assert_eq!(
        paths,
        [
            ".schemagen-manifest",
            "README.md",
            "extra/custom.sql",
            "extra/mysql.sql",
            "extra/postgresql.sql",
            "postgresql.sql"
        ]
    );
    assert_eq!(
        fs::read_to_string(out.path().join("README.md")).unwrap(),
        "kept"
    );
}

#[test]
fn one_dialect_can_be_generated_alone() {
    let model = demo_model();
    let out = tempfile::tempdir().unwrap();
    assert!(
        generate(model.path(), out.path(), &["--dialect", "mysql"])
            .status
            .success()
    );
    let paths: Vec<String> = tree(out.path()).into_iter().map(|(p, _)| p).collect();
    assert_eq!(
        paths,
        [".schemagen-manifest", "extra/mysql.sql", "mysql.sql"]
    );
    let run = generate(model.path(), out.path(), &["--dialect", "oracle"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("does not target dialect `oracle`"));
}

#[test]
fn unchanged_files_are_not_rewritten() {
    let model = demo_model();
    let out = tempfile::tempdir().unwrap();
    assert!(generate(model.path(), out.path(), &[]).status.success());
    let run = generate(model.path(), out.path(), &[]);
    assert!(String::from_utf8_lossy(&run.stderr).contains("(0 written, 4 unchanged, 0 removed)"));
}

#[test]
fn usage_errors_exit_1_and_help_exits_0() {
    let run = Command::new(BIN).args(["generate"]).output().unwrap();
    assert_eq!(run.status.code(), Some(1), "missing --out is a usage error");
    for command in [
        &["--help"][..],
        &["generate", "--help"],
        &["check", "--help"],
        &["validate", "--help"],
        &["schema", "--help"],
    ] {
        let run = Command::new(BIN).args(command).output().unwrap();
        assert_eq!(run.status.code(), Some(0));
        assert!(String::from_utf8_lossy(&run.stdout).contains("Usage"));
    }
}

#[test]
fn schema_command_prints_draft07_schemas_matching_the_committed_ones() {
    for (kind, file) in [
        ("product", "model/product.schema.json"),
        ("module", "model/module.schema.json"),
    ] {
        let run = Command::new(BIN).args(["schema", kind]).output().unwrap();
        assert!(run.status.success());
        let printed = String::from_utf8(run.stdout).unwrap();
        assert!(printed.contains("http://json-schema.org/draft-07/schema#"));
        let committed = fs::read_to_string(repo().join(file)).unwrap();
        assert_eq!(
            printed, committed,
            "{file} is stale: run `schemagen schema {kind} > {file}`"
        );
    }
}

fn check(model: &Path, out: &Path) -> std::process::Output {
    Command::new(BIN)
        .arg("check")
        .arg(model)
        .arg("--out")
        .arg(out)
        .output()
        .expect("schemagen runs")
}

#[test]
fn check_passes_on_a_fresh_tree_and_fails_with_a_diff_on_a_hand_edit() {
    let model = demo_model();
    let out = tempfile::tempdir().unwrap();
    assert!(generate(model.path(), out.path(), &[]).status.success());
    let clean = check(model.path(), out.path());
    assert_eq!(
        clean.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&clean.stderr)
    );
    assert!(clean.stdout.is_empty());

    let edited = out.path().join("extra/postgresql.sql");
    let text = fs::read_to_string(&edited)
        .unwrap()
        .replace("ID INTEGER NOT NULL", "ID BIGINT NOT NULL");
    fs::write(&edited, &text).unwrap();
    fs::remove_file(out.path().join("mysql.sql")).unwrap();
    let before = tree(out.path());
    let run = check(model.path(), out.path());
    assert_eq!(run.status.code(), Some(2));
    let diff = String::from_utf8(run.stdout).unwrap();
    assert!(
        diff.contains("--- a/extra/postgresql.sql\n+++ b/extra/postgresql.sql"),
        "{diff}"
    );
    assert!(
        diff.contains("-    ID BIGINT NOT NULL,\n+    ID INTEGER NOT NULL,"),
        "{diff}"
    );
    assert!(
        diff.contains("+++ b/mysql.sql"),
        "a missing file is drift: {diff}"
    );
    assert_eq!(tree(out.path()), before, "check writes nothing");
}

#[test]
fn check_reports_a_file_generate_would_remove() {
    let model = demo_model();
    let out = tempfile::tempdir().unwrap();
    assert!(generate(model.path(), out.path(), &[]).status.success());
    fs::write(
        model.path().join("product.yaml"),
        PRODUCT.replace("  mysql: {version: \"8.0\"}\n", ""),
    )
    .unwrap();
    let run = check(model.path(), out.path());
    assert_eq!(run.status.code(), Some(2));
    let diff = String::from_utf8(run.stdout).unwrap();
    assert!(
        diff.contains("--- a/mysql.sql") && diff.contains("--- a/extra/mysql.sql"),
        "{diff}"
    );
}

#[test]
fn check_on_an_invalid_model_exits_1() {
    let model = demo_model();
    fs::write(model.path().join("core.yaml"), "module: core\ntables: [\n").unwrap();
    let out = tempfile::tempdir().unwrap();
    assert_eq!(check(model.path(), out.path()).status.code(), Some(1));
}

/// `text` (a module file) with `nullable: false` taken off every column of `keys` (table →
/// its primary-key columns), in flow (`{name: X, ..., nullable: false}`) and block form;
/// and how many were taken off.
fn without_key_nullable(
    text: &str,
    keys: &std::collections::HashMap<String, Vec<String>>,
) -> (String, usize) {
    let mut out = String::new();
    let mut removed = 0;
    let (mut table, mut column) = (String::new(), String::new());
    for line in text.split_inclusive('\n') {
        if let Some(name) = line.strip_prefix("  - name: ") {
            table = name.trim().to_string();
            column.clear();
        } else if let Some(rest) = line
            .strip_prefix("      - {name: ")
            .or_else(|| line.strip_prefix("      - name: "))
        {
            column = rest.split([',', '}']).next().unwrap().trim().to_string();
        }
        let keyed = keys.get(&table).is_some_and(|k| k.contains(&column));
        if keyed && line.trim() == "nullable: false" && line.starts_with("        n") {
            removed += 1;
            continue;
        }
        if keyed && line.starts_with("      - {name: ") && line.contains(", nullable: false") {
            removed += 1;
            out.push_str(&line.replacen(", nullable: false", "", 1));
            continue;
        }
        out.push_str(line);
    }
    (out, removed)
}

#[test]
fn primary_key_columns_are_not_null_without_saying_so() {
    // Each shipped model with `nullable: false` taken off every primary-key column generates
    // the same tree, byte for byte, in every dialect.
    for product in ["wso2", "comanage", "jans"] {
        let source = repo().join("model").join(product);
        let model = schemagen::model::load(&source).unwrap();
        let keys: std::collections::HashMap<String, Vec<String>> = model
            .modules
            .iter()
            .flat_map(|m| &m.tables)
            .filter_map(|t| {
                t.primary_key.as_ref().map(|pk| {
                    (
                        t.name.name.clone(),
                        pk.columns.iter().map(|c| c.name.clone()).collect(),
                    )
                })
            })
            .collect();
        let copy = tempfile::tempdir().unwrap();
        let mut removed = 0;
        for entry in fs::read_dir(&source).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "yaml") {
                continue;
            }
            let text = fs::read_to_string(&path).unwrap();
            let (text, n) = without_key_nullable(&text, &keys);
            removed += n;
            fs::write(copy.path().join(path.file_name().unwrap()), text).unwrap();
        }
        let key_columns: usize = keys.values().map(Vec::len).sum();
        assert_eq!(
            removed, key_columns,
            "{product}: every primary-key column said `nullable: false` and lost it"
        );
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        assert!(generate(&source, a.path(), &[]).status.success());
        let run = generate(copy.path(), b.path(), &[]);
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        // The header names the model's content hash, which differs: every other byte may not.
        let text = |dir: &Path| -> Vec<(String, String)> {
            tree(dir)
                .into_iter()
                .filter(|(p, _)| !p.starts_with(".schemagen"))
                .map(|(p, bytes)| {
                    let text = String::from_utf8(bytes).unwrap();
                    let kept: String = text
                        .split_inclusive('\n')
                        .filter(|l| !l.starts_with("-- Model content hash: "))
                        .collect();
                    assert!(kept.len() < text.len(), "{p}: no content hash line");
                    (p, kept)
                })
                .collect()
        };
        let (left, right) = (text(a.path()), text(b.path()));
        assert_eq!(left.len(), right.len());
        for ((path, l), (_, r)) in left.iter().zip(&right) {
            assert!(l == r, "{product}: {path} differs");
        }
    }
}
