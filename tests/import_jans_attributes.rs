//! `schemagen import jans-attributes` (issue 12): the config-api attributes of seed 003 (the
//! paginated list and the POST body, in tests/jans_attributes/) plus a custom text, longer
//! text, numeric, boolean, date and multi-valued attribute, imported into a copy of
//! model/jans through the binary. The edited module keeps every original byte; the generated
//! scripts run on PostgreSQL 15 and MariaDB 10.11 and the new columns have Janssen's setup's
//! types in information_schema; the `diff` migration from the unmodified model, applied to a
//! database of the unmodified model that holds a person, gives the catalog of a fresh one;
//! importing again changes nothing; bad inputs are errors with their code and position and
//! write nothing.

mod support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use support::Database;

const BIN: &str = env!("CARGO_BIN_EXE_schemagen");

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> PathBuf {
    repo().join("tests/jans_attributes").join(name)
}

/// The fixtures of a full import: seed 003's examples, then the custom attributes.
fn all_fixtures() -> Vec<PathBuf> {
    ["seed-003-entries.json", "seed-003-post.json", "custom.json"]
        .iter()
        .map(|f| fixture(f))
        .collect()
}

/// A copy of model/jans (product.yaml and its module) in a temporary directory.
fn copy_of_jans() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for file in ["product.yaml", "jans.yaml"] {
        fs::copy(repo().join("model/jans").join(file), dir.path().join(file)).unwrap();
    }
    dir
}

fn run(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(BIN).args(args).output().unwrap()
}

fn import(model: &Path, files: &[PathBuf]) -> Output {
    let mut args: Vec<&std::ffi::OsStr> = vec!["import".as_ref(), "jans-attributes".as_ref()];
    args.extend(files.iter().map(|f| f.as_os_str()));
    args.push("--model".as_ref());
    args.push(model.as_os_str());
    run(&args)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).to_string()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

/// The columns the full import adds to jansPerson, with their portable types.
const ADDED: [(&str, &str); 8] = [
    ("qaattribute", "varchar(64)"),
    ("employeeBadge", "varchar(100)"),
    ("officeNotes", "text"),
    ("loyaltyPoints", "integer"),
    ("newsletterOptIn", "boolean"),
    ("contractEnd", "timestamp"),
    ("spokenLanguages", "json"),
    ("workCertificate", "text"),
];

/// A copy of model/jans with the full import done.
fn imported_jans() -> tempfile::TempDir {
    let dir = copy_of_jans();
    let out = import(dir.path(), &all_fixtures());
    assert!(out.status.success(), "{}", stderr(&out));
    dir
}

#[test]
fn the_seed_and_custom_attributes_become_columns_and_the_rest_of_the_file_is_kept() {
    let dir = copy_of_jans();
    let out = import(dir.path(), &all_fixtures());
    assert!(out.status.success(), "{}", stderr(&out));
    let report = stdout(&out);
    // Seed 003's two jansCustomPerson attributes are columns of jansPerson already.
    assert!(
        report.contains("present  jansPerson.departmentNumber varchar(64)"),
        "{report}"
    );
    assert!(
        report.contains("present  jansPerson.telephoneNumber varchar(20)"),
        "{report}"
    );
    for (column, portable) in ADDED {
        assert!(
            report.contains(&format!(
                "added    jansPerson.{column} {portable} (jans.yaml)"
            )),
            "{column}: {report}"
        );
    }

    // The model loads, and jansPerson ends with the new columns, with their descriptions.
    let model = schemagen::model::load(dir.path()).expect("the edited model validates");
    let person = model.modules[0]
        .tables
        .iter()
        .find(|t| t.name.name == "jansPerson")
        .unwrap();
    let tail: Vec<(String, String)> = person.columns[person.columns.len() - ADDED.len()..]
        .iter()
        .map(|c| (c.name.name.clone(), c.portable_type.to_string()))
        .collect();
    let expected: Vec<(String, String)> = ADDED
        .iter()
        .map(|(c, t)| (c.to_string(), t.to_string()))
        .collect();
    assert_eq!(tail, expected);
    let column = |name: &str| person.column(name).unwrap();
    assert_eq!(
        column("qaattribute").description.as_deref(),
        Some("QAAdded Attribute")
    );
    // No description: the displayName.
    assert_eq!(
        column("officeNotes").description.as_deref(),
        Some("Office notes")
    );
    assert_eq!(
        column("officeNotes").overrides[&schemagen::dialect::DialectName::Mysql]
            .native_type
            .as_deref(),
        Some("TINYTEXT")
    );
    assert!(column("spokenLanguages").nullable);

    // Every original line is still there, in order, and nothing but the new entries was
    // added, right after jansPerson's last column.
    let original = fs::read_to_string(repo().join("model/jans/jans.yaml")).unwrap();
    let edited = fs::read_to_string(dir.path().join("jans.yaml")).unwrap();
    let diff = similar::TextDiff::from_lines(&original, &edited);
    let mut inserted = String::new();
    for change in diff.iter_all_changes() {
        match change.tag() {
            similar::ChangeTag::Delete => panic!("line removed: {change}"),
            similar::ChangeTag::Insert => inserted.push_str(change.value()),
            similar::ChangeTag::Equal => {}
        }
    }
    assert_eq!(
        edited.len(),
        original.len() + inserted.len(),
        "only insertions"
    );
    let anchor = "        description: Admin UI roles of the person (multi-valued, JSON).\n";
    let at = edited.find(anchor).unwrap() + anchor.len();
    assert!(edited[at..].starts_with(&inserted), "{inserted}");
    assert!(
        edited[at + inserted.len()..].starts_with("    primary_key: [doc_id]\n"),
        "inserted before jansPerson's primary_key"
    );
}

#[test]
fn importing_twice_changes_nothing() {
    let dir = imported_jans();
    let path = dir.path().join("jans.yaml");
    let first = fs::read(&path).unwrap();
    let modified = fs::metadata(&path).unwrap().modified().unwrap();
    let again = import(dir.path(), &all_fixtures());
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(fs::read(&path).unwrap(), first, "byte-identical");
    assert_eq!(
        fs::metadata(&path).unwrap().modified().unwrap(),
        modified,
        "not rewritten"
    );
    assert!(!stdout(&again).contains("added"), "{}", stdout(&again));
    assert!(
        stderr(&again).contains("nothing to add"),
        "{}",
        stderr(&again)
    );
    // No temporary file left beside it.
    let names: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert!(
        names.iter().all(|n| !n.starts_with(".schemagen-tmp")),
        "{names:?}"
    );
}

#[test]
fn bad_inputs_are_errors_with_code_and_position_and_write_nothing() {
    let dir = copy_of_jans();
    let path = dir.path().join("jans.yaml");
    let before = fs::read(&path).unwrap();
    let cases = [
        (
            "bad-origin.json",
            "E089",
            "bad-origin.json:3:13",
            "`jansShoes`",
        ),
        (
            "bad-datatype.json",
            "E090",
            "bad-datatype.json:3:14",
            "dataType `binary`",
        ),
        ("bad-json.json", "E088", "bad-json.json:5:5", "is not JSON"),
        (
            "incompatible.json",
            "E091",
            "incompatible.json:2:12",
            "already column `jansPerson.jansActive` of type `boolean`",
        ),
    ];
    for (file, code, at, words) in cases {
        // With a valid file beside it: nothing of that one is written either.
        let out = import(dir.path(), &[fixture("custom.json"), fixture(file)]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{file}: {err}");
        assert!(err.contains(&format!("error[{code}]")), "{file}: {err}");
        assert!(err.contains(at), "{file}: position {at} in {err}");
        assert!(err.contains(words), "{file}: {err}");
        assert!(err.contains("nothing written"), "{file}: {err}");
        assert_eq!(fs::read(&path).unwrap(), before, "{file}: file unchanged");
    }
    // An unknown module.
    let mut args: Vec<&std::ffi::OsStr> = vec!["import".as_ref(), "jans-attributes".as_ref()];
    let custom = fixture("custom.json");
    args.push(custom.as_os_str());
    args.extend::<[&std::ffi::OsStr; 2]>(["--model".as_ref(), dir.path().as_os_str()]);
    args.extend::<[&std::ffi::OsStr; 2]>(["--module".as_ref(), "nope".as_ref()]);
    let out = run(&args);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("error[E089]: the model has no module `nope`"));
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn an_import_the_model_refuses_is_not_written() {
    // A name that collides with a reserved word unquoted is fine for jans (it quotes when
    // needed); a name longer than Oracle's 128 bytes is not: E020 after the import, E092.
    let dir = copy_of_jans();
    let long = "a".repeat(140);
    let json = dir.path().join("long.json");
    fs::write(
        &json,
        format!(r#"{{"name": "{long}", "origin": "jansPerson", "dataType": "string"}}"#),
    )
    .unwrap();
    let before = fs::read(dir.path().join("jans.yaml")).unwrap();
    let out = import(dir.path(), &[json]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("error[E092]"), "{err}");
    assert!(err.contains("error[E020]"), "{err}");
    // Positions name the model directory, not the scratch copy.
    assert!(
        err.contains(&format!("{}:", dir.path().join("jans.yaml").display())),
        "{err}"
    );
    assert_eq!(fs::read(dir.path().join("jans.yaml")).unwrap(), before);
}

/// `schemagen generate MODEL --out OUT --dialect D`, and the file's text.
fn generated(model: &Path, dialect: &str) -> String {
    let out_dir = tempfile::tempdir().unwrap();
    let out = run(&[
        "generate".as_ref(),
        model.as_os_str(),
        "--out".as_ref(),
        out_dir.path().as_os_str(),
        "--dialect".as_ref(),
        dialect.as_ref(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    fs::read_to_string(out_dir.path().join(format!("{dialect}.sql"))).unwrap()
}

/// The migration `schemagen diff OLD NEW` writes for `dialect`.
fn migration(old: &Path, new: &Path, dialect: &str) -> String {
    let out_dir = tempfile::tempdir().unwrap();
    let out = run(&[
        "diff".as_ref(),
        old.as_os_str(),
        new.as_os_str(),
        "--dialect".as_ref(),
        dialect.as_ref(),
        "--out".as_ref(),
        out_dir.path().as_os_str(),
        "--name".as_ref(),
        "custom-attributes".as_ref(),
    ]);
    assert_eq!(out.status.code(), Some(2), "changes: {}", stderr(&out));
    fs::read_to_string(
        out_dir
            .path()
            .join("custom-attributes")
            .join(format!("{dialect}.sql")),
    )
    .unwrap()
}

/// The new columns' types as information_schema gives them.
fn new_column_types(db: &dyn Database, sql: &str) -> Vec<Vec<String>> {
    db.query(sql)
}

/// Runs the modified model's script, checks the new columns' types, then: the migration
/// from the unmodified model on a database of the unmodified model holding a person equals
/// a fresh database of the modified model, and the person is still there.
fn check_engine(
    fresh: &dyn Database,
    migrated: &dyn Database,
    dialect: &str,
    types_sql: &str,
    expected: &[(&str, &str)],
) {
    let new = imported_jans();
    let old = repo().join("model/jans");
    fresh
        .execute_script(&generated(new.path(), dialect))
        .unwrap_or_else(|e| panic!("modified {dialect}.sql: {e}"));
    let found = new_column_types(fresh, types_sql);
    let expected: Vec<Vec<String>> = expected
        .iter()
        .map(|(c, t)| vec![c.to_string(), t.to_string()])
        .collect();
    assert_eq!(found, expected, "{dialect}: the new columns' types");

    migrated
        .execute_script(&generated(&old, dialect))
        .unwrap_or_else(|e| panic!("unmodified {dialect}.sql: {e}"));
    // PostgreSQL would fold the camelCase names written bare: its script quotes them.
    let insert = if dialect == "postgresql" {
        r#"INSERT INTO "jansPerson" (doc_id, "objectClass", uid) VALUES ('p-1', 'jansPerson', 'alice');"#
    } else {
        "INSERT INTO jansPerson (doc_id, objectClass, uid) VALUES ('p-1', 'jansPerson', 'alice');"
    };
    migrated.execute_script(insert).unwrap();
    let script = migration(&old, new.path(), dialect);
    for (column, _) in ADDED {
        assert!(
            script.contains(column),
            "{dialect} migration adds {column}:\n{script}"
        );
    }
    migrated
        .execute_script(&script)
        .unwrap_or_else(|e| panic!("{dialect} migration: {e}\n{script}"));
    let mut a = fresh.catalog();
    let mut b = migrated.catalog();
    a.normalize();
    b.normalize();
    assert_eq!(b, a, "{dialect}: migrated catalog equals the fresh one");
    let mut da = fresh.details();
    let mut db = migrated.details();
    da.normalize();
    db.normalize();
    assert_eq!(db, da, "{dialect}: constraints and checks equal too");
    let select = if dialect == "postgresql" {
        r#"SELECT uid, "loyaltyPoints" FROM "jansPerson""#
    } else {
        "SELECT uid, loyaltyPoints FROM jansPerson"
    };
    assert_eq!(
        migrated.query(select),
        vec![vec!["alice".to_string(), "NULL".to_string()]],
        "{dialect}: the person kept, the new column NULL"
    );
}

#[test]
fn on_postgresql_the_new_columns_have_janssens_types_and_the_migration_gives_the_same_catalog() {
    check_engine(
        &support::postgres(),
        &support::postgres(),
        "postgresql",
        "SELECT column_name, CASE WHEN character_maximum_length IS NULL THEN data_type \
         ELSE data_type || '(' || character_maximum_length || ')' END \
         FROM information_schema.columns WHERE table_schema = current_schema() \
         AND table_name = 'jansPerson' AND column_name IN ('qaattribute', 'employeeBadge', \
         'officeNotes', 'loyaltyPoints', 'newsletterOptIn', 'contractEnd', 'spokenLanguages', \
         'workCertificate') \
         ORDER BY ordinal_position",
        &[
            ("qaattribute", "character varying(64)"),
            ("employeeBadge", "character varying(100)"),
            ("officeNotes", "text"),
            ("loyaltyPoints", "integer"),
            ("newsletterOptIn", "boolean"),
            ("contractEnd", "timestamp without time zone"),
            ("spokenLanguages", "jsonb"),
            ("workCertificate", "text"),
        ],
    );
}

#[test]
fn on_mariadb_the_new_columns_have_janssens_types_and_the_migration_gives_the_same_catalog() {
    check_engine(
        &support::mariadb(),
        &support::mariadb(),
        "mysql",
        "SELECT COLUMN_NAME, COLUMN_TYPE FROM information_schema.COLUMNS \
         WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'jansPerson' AND COLUMN_NAME IN \
         ('qaattribute', 'employeeBadge', 'officeNotes', 'loyaltyPoints', 'newsletterOptIn', \
         'contractEnd', 'spokenLanguages', 'workCertificate') ORDER BY ORDINAL_POSITION",
        &[
            ("qaattribute", "varchar(64)"),
            ("employeeBadge", "varchar(100)"),
            ("officeNotes", "tinytext"),
            ("loyaltyPoints", "int(11)"),
            ("newsletterOptIn", "smallint(6)"),
            ("contractEnd", "datetime(3)"),
            // MariaDB's JSON is LONGTEXT with a JSON_VALID check.
            ("spokenLanguages", "longtext"),
            ("workCertificate", "blob"),
        ],
    );
}

#[test]
fn every_dialect_generates_and_migrates_the_new_columns() {
    // The other five dialects have no engine here: the migration adds each column, typed as
    // the dialect's own CREATE script writes it.
    let new = imported_jans();
    let old = repo().join("model/jans");
    for dialect in ["h2", "oracle", "mssql", "db2", "informix"] {
        let create = generated(new.path(), dialect);
        let script = migration(&old, new.path(), dialect);
        for (column, _) in ADDED {
            assert!(create.contains(column), "{dialect} CREATE has {column}");
            assert!(
                script.contains(column),
                "{dialect} migration adds {column}:\n{script}"
            );
        }
    }
}
