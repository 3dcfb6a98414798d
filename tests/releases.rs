//! Releases in one model (`tests/models/releases`: three releases, every release field in use):
//!
//! - each release reads out as its own model: tables, columns, keys, indexes and foreign keys
//!   live from `added_in` to `removed_in`, `changes` apply from their release, and renamed
//!   tables and columns carry their old names in every reference (differ-level test);
//! - `diff --from-release A --to-release B --out DIR` writes the upgrade of every dialect and
//!   variant under the product's `upgrade_dir` (snapshots of the whole upgrade tree);
//! - **upgrade equals fresh, with data**, on PostgreSQL, MariaDB (MySQL 8 strict sql_mode) and
//!   H2: release 1.0 created, a row inserted into every table, the upgrades 1.0→1.1→2.0 run
//!   in order (and 1.0→2.0 in one step on another database), and the catalog compared with
//!   2.0 created fresh (tables, columns, types, nullability, defaults, keys, foreign keys,
//!   indexes, CHECKs, comments); every row is still there with the values of the columns
//!   the releases keep, and a NOT NULL column added without a default holds its `fill`;
//! - release errors name file:line:column.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use schemagen::dialect::DialectName;
use schemagen::model::Model;
use support::compare::{NamePolicy, migration_differences};
use support::{Database, sample_rows};

const SCHEMAGEN: &str = env!("CARGO_BIN_EXE_schemagen");

fn model_dir() -> PathBuf {
    support::fixtures::repo().join("tests/models/releases")
}

fn release(name: &str) -> Model {
    schemagen::model::load_release(&model_dir(), Some(name), None)
        .unwrap_or_else(|d| panic!("release {name}: {d}"))
}

fn schemagen(args: &[&std::ffi::OsStr]) -> std::process::Output {
    Command::new(SCHEMAGEN).args(args).output().unwrap()
}

fn table_names(model: &Model) -> Vec<String> {
    model
        .modules
        .iter()
        .flat_map(|m| &m.tables)
        .map(|t| t.name.name.clone())
        .collect()
}

#[test]
fn each_release_reads_out_as_its_own_model() {
    let first = release("1.0");
    assert_eq!(first.release.as_deref(), Some("1.0"));
    assert_eq!(first.releases, ["1.0", "1.1", "2.0"]);
    assert_eq!(
        table_names(&first),
        ["RL_TENANT", "RL_USER", "RL_SESSION", "RL_AUDIT"]
    );
    let user = first.modules[0].tables[1].clone();
    let columns: Vec<&str> = user.columns.iter().map(|c| c.name.name.as_str()).collect();
    assert_eq!(columns, ["USER_ID", "TENANT_ID", "USER_NAME", "STATUS"]);
    assert_eq!(user.uniques[0].columns[0].name, "USER_NAME");
    assert_eq!(user.indexes.len(), 1);
    assert_eq!(user.indexes[0].name.name, "RL_USER_BY_TENANT");
    let session = &first.modules[0].tables[2];
    assert_eq!(session.foreign_keys[0].ref_table.name, "RL_USER");
    assert_eq!(session.foreign_keys[0].ref_columns[0].name, "USER_ID");
    let audit = &first.modules[1].tables[0];
    assert!(audit.foreign_keys.is_empty(), "the FK comes in 1.1");
    assert_eq!(
        audit.column("DETAIL").unwrap().portable_type.to_string(),
        "varchar(200)"
    );

    let middle = release("1.1");
    let tenant = &middle.modules[0].tables[0];
    let domain = tenant.column("DOMAIN").unwrap();
    assert_eq!(domain.portable_type.to_string(), "varchar(255)");
    assert_eq!(
        domain.description.as_deref(),
        Some("The tenant's domain name")
    );
    assert!(tenant.column("LEGACY_FLAG").is_some());
    assert!(middle.modules[0].tables[1].column("CREATED").is_some());
    assert_eq!(middle.modules[1].tables[0].foreign_keys.len(), 1);
    assert_eq!(
        middle.modules[1].tables[0].foreign_keys[0].ref_table.name,
        "RL_USER"
    );

    let newest = schemagen::model::load(&model_dir()).unwrap();
    assert_eq!(newest.release.as_deref(), Some("2.0"));
    assert_eq!(
        table_names(&newest),
        ["RL_TENANT", "RL_ACCOUNT", "RL_GROUP", "RL_AUDIT"]
    );
    let tenant = &newest.modules[0].tables[0];
    assert!(tenant.column("LEGACY_FLAG").is_none());
    assert_eq!(
        tenant.column("TENANT_UUID").unwrap().added_in.as_deref(),
        Some("2.0")
    );
    assert_eq!(
        tenant.column("DOMAIN").unwrap().added_in.as_deref(),
        Some("1.0")
    );
    let account = &newest.modules[0].tables[1];
    assert_eq!(account.renamed_from, None, "no base: no rename hint");
    assert_eq!(
        account.column("STATUS").unwrap().allowed_values.as_deref(),
        Some(&["ACTIVE".to_string(), "LOCKED".into(), "DISABLED".into()][..])
    );
    assert_eq!(account.indexes[0].name.name, "RL_ACCOUNT_BY_TENANT");
    assert_eq!(newest.modules[0].tables[2].added_in.as_deref(), Some("2.0"));

    // As the new side of an upgrade from 1.0 the renames are declared.
    let upgrade = schemagen::model::load_release(&model_dir(), Some("2.0"), Some("1.0")).unwrap();
    let account = &upgrade.modules[0].tables[1];
    assert_eq!(account.renamed_from.as_deref(), Some("RL_USER"));
    assert_eq!(
        account
            .column("ACCOUNT_ID")
            .unwrap()
            .renamed_from
            .as_deref(),
        Some("USER_ID")
    );
    assert_eq!(account.column("CREATED").unwrap().renamed_from, None);
    // From 1.1 to 2.0 as well; nothing is renamed from 2.0 to 2.0.
    let same = schemagen::model::load_release(&model_dir(), Some("2.0"), Some("2.0")).unwrap();
    assert_eq!(same.modules[0].tables[1].renamed_from, None);
    assert_ne!(
        upgrade.content_hash, first.content_hash,
        "each release names its own input"
    );
}

/// The whole upgrade tree `diff --out` writes from `from` to `to`: (path, contents).
fn upgrade_tree(from: &str, to: &str) -> (tempfile::TempDir, Vec<(String, String)>) {
    let out = tempfile::tempdir().unwrap();
    let result = schemagen(&[
        "diff".as_ref(),
        model_dir().as_os_str(),
        "--from-release".as_ref(),
        from.as_ref(),
        "--to-release".as_ref(),
        to.as_ref(),
        "--allow-destructive".as_ref(),
        "--out".as_ref(),
        out.path().as_os_str(),
    ]);
    assert_eq!(
        result.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let root = out
        .path()
        .join(format!("migration-resources/{from}_to_{to}/dbscripts"));
    let mut files = Vec::new();
    collect(&root, &root, &mut files);
    files.sort();
    (out, files)
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(root, &path, out);
        } else if !path.file_name().unwrap().to_string_lossy().starts_with('.') {
            // The scripts; the manifest and the migration marker hold content hashes.
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .to_string();
            out.push((rel, std::fs::read_to_string(&path).unwrap()));
        }
    }
}

#[test]
fn upgrade_trees_have_every_dialect_and_variant_in_the_product_layout() {
    for (from, to) in [("1.0", "1.1"), ("1.1", "2.0"), ("1.0", "2.0")] {
        let (_dir, files) = upgrade_tree(from, to);
        let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        for dialect in [
            "postgresql",
            "mysql",
            "mysql_cluster",
            "h2",
            "oracle",
            "mssql",
            "db2",
            "informix",
        ] {
            for module in ["", "audit/"] {
                let path = format!("{module}{dialect}.sql");
                assert!(
                    paths.contains(&path.as_str()),
                    "{from}→{to}: no {path} in {paths:?}"
                );
            }
        }
        let cluster = &files
            .iter()
            .find(|(p, _)| p == "mysql_cluster.sql")
            .unwrap()
            .1;
        if to == "2.0" {
            assert!(
                cluster.contains("ENGINE=NDB") || cluster.contains("ENGINE NDB"),
                "{cluster}"
            );
        }
        let mut all = String::new();
        for (path, text) in &files {
            all.push_str(&format!("===== {path}\n{text}"));
        }
        insta::with_settings!({snapshot_path => "../snapshots/releases", prepend_module_to_snapshot => false, omit_expression => true}, {
            insta::assert_snapshot!(format!("upgrade_{from}_to_{to}"), all);
        });

        // The same upgrade again is byte-identical.
        let (_again, files_again) = upgrade_tree(from, to);
        assert_eq!(files, files_again, "{from}→{to} differs between two runs");
    }
}

/// The generated scripts of release `name` for `dialect`, in module order.
fn fresh_script(name: &str, dialect: DialectName) -> String {
    let model = release(name);
    let files = schemagen::emit::generate(&model, &[dialect]).unwrap();
    model
        .modules
        .iter()
        .map(|m| {
            let path = model.product.output_path(m, dialect.as_str());
            files
                .iter()
                .find(|f| f.path == path)
                .unwrap_or_else(|| panic!("no {path}"))
                .contents
                .clone()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The upgrade scripts from `from` to `to` for `dialect`, in module order.
fn upgrade_scripts(from: &str, to: &str, dialect: DialectName) -> Vec<String> {
    let (_dir, files) = upgrade_tree(from, to);
    ["", "audit/"]
        .iter()
        .filter_map(|module| {
            let path = format!("{module}{dialect}.sql");
            files
                .iter()
                .find(|(p, _)| *p == path)
                .map(|(_, t)| t.clone())
        })
        .collect()
}

/// SELECTs of the columns that survive from 1.0 to 2.0 in every surviving table, as 1.0 and
/// as 2.0 name them.
const KEPT: &[(&str, &str, &str, &str)] = &[
    (
        "RL_TENANT",
        "TENANT_ID, DOMAIN",
        "RL_TENANT",
        "TENANT_ID, DOMAIN",
    ),
    (
        "RL_USER",
        "USER_ID, TENANT_ID, USER_NAME, STATUS",
        "RL_ACCOUNT",
        "ACCOUNT_ID, TENANT_ID, LOGIN, STATUS",
    ),
    (
        "RL_AUDIT",
        "AUDIT_ID, USER_ID, ACTION, DETAIL, AT_TIME",
        "RL_AUDIT",
        "AUDIT_ID, ACCOUNT_ID, ACTION, DETAIL, AT_TIME",
    ),
];

fn rows(db: &dyn Database, version: usize) -> Vec<Vec<Vec<Option<String>>>> {
    KEPT.iter()
        .map(|k| {
            let (table, columns) = if version == 0 { (k.0, k.1) } else { (k.2, k.3) };
            let first = columns.split(',').next().unwrap();
            db.try_query(&format!("SELECT {columns} FROM {table} ORDER BY {first}"))
                .unwrap_or_else(|e| panic!("{table}: {e}"))
        })
        .collect()
}

fn upgrade_equals_fresh(
    new_database: fn() -> Box<dyn Database>,
    dialect: DialectName,
    names: NamePolicy,
) {
    let fresh = new_database();
    fresh.execute_script(&fresh_script("2.0", dialect)).unwrap();
    let expected = (fresh.catalog(), fresh.details());

    let first = release("1.0");
    for path in [&["1.0", "1.1", "2.0"][..], &["1.0", "2.0"][..]] {
        let db = new_database();
        db.execute_script(&fresh_script("1.0", dialect)).unwrap();
        db.execute_script(&sample_rows::insert_sql(&first, dialect))
            .unwrap_or_else(|e| panic!("inserting a row into every table: {e}"));
        let before = rows(db.as_ref(), 0);
        assert!(before.iter().all(|r| !r.is_empty()));
        for step in path.windows(2) {
            for script in upgrade_scripts(step[0], step[1], dialect) {
                db.execute_script(&script)
                    .unwrap_or_else(|e| panic!("{dialect} {}→{}: {e}\n{script}", step[0], step[1]));
            }
        }
        let found = migration_differences(
            (&expected.0, &expected.1),
            (&db.catalog(), &db.details()),
            &names,
        );
        assert!(
            found.is_empty(),
            "{dialect} {path:?}: the upgraded database differs from a fresh 2.0: {found:#?}"
        );
        assert_eq!(
            rows(db.as_ref(), 1),
            before,
            "{dialect} {path:?}: rows changed by the upgrade"
        );
        // The NOT NULL column 2.0 adds without a default: the rows there got its fill.
        assert_eq!(
            db.try_query("SELECT EXTERNAL_ID FROM RL_ACCOUNT").unwrap(),
            [[Some("none".to_string())]],
            "{dialect} {path:?}"
        );
    }
}

#[test]
fn upgrade_equals_fresh_with_data_on_postgresql() {
    upgrade_equals_fresh(
        || Box::new(support::postgres()),
        DialectName::Postgresql,
        NamePolicy {
            constraint: |_| true,
            checks: true,
        },
    );
}

#[test]
fn upgrade_equals_fresh_with_data_on_mariadb_strict() {
    upgrade_equals_fresh(
        || Box::new(support::mariadb()),
        DialectName::Mysql,
        NamePolicy {
            constraint: |_| true,
            checks: false,
        },
    );
}

#[test]
fn upgrade_equals_fresh_with_data_on_h2() {
    upgrade_equals_fresh(
        || Box::new(support::h2()),
        DialectName::H2,
        NamePolicy {
            constraint: |n| !n.to_ascii_uppercase().starts_with("CONSTRAINT_"),
            checks: false,
        },
    );
}

/// A broken copy of the model: `edit` applied to one file.
fn broken(file: &str, edit: impl Fn(&str) -> String) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    for name in ["product.yaml", "core.yaml", "audit.yaml"] {
        let text = std::fs::read_to_string(model_dir().join(name)).unwrap();
        let text = if name == file { edit(&text) } else { text };
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let out = schemagen(&["validate".as_ref(), dir.path().as_os_str()]);
    assert_eq!(out.status.code(), Some(1));
    (dir, String::from_utf8_lossy(&out.stderr).to_string())
}

#[test]
fn release_errors_name_the_position_and_what_to_do() {
    let (_d, err) = broken("core.yaml", |t| {
        t.replace("added_in: \"2.0\"}", "added_in: \"2.1\"}")
    });
    assert!(
        err.contains("error[E097]: release `2.1` is not declared"),
        "{err}"
    );
    assert!(err.contains("core.yaml:14:92"), "{err}");
    assert!(
        err.contains("the product's releases are: 1.0, 1.1, 2.0"),
        "{err}"
    );

    let (_d, err) = broken("core.yaml", |t| {
        t.replace(
            "{name: LEGACY_FLAG, type: smallint, removed_in: \"2.0\"}",
            "{name: LEGACY_FLAG, type: smallint, added_in: \"2.0\", removed_in: \"1.1\"}",
        )
    });
    assert!(
        err.contains("error[E098]: removed in `1.1`, which is not after the release that added it"),
        "{err}"
    );

    let (_d, err) = broken("product.yaml", |t| {
        t.replace("- {name: \"1.1\"}", "- {name: \"1.0\"}")
    });
    assert!(
        err.contains("error[E096]: release `1.0` is declared twice"),
        "{err}"
    );

    let (_d, err) = broken("product.yaml", |t| {
        t.replace("{from}_to_{to}", "../{from}_to_{to}")
    });
    assert!(
        err.contains("error[E096]: upgrade_dir `migration-resources/../"),
        "{err}"
    );

    // A release the command names that the product does not have.
    let out = schemagen(&[
        "generate".as_ref(),
        model_dir().as_os_str(),
        "--release".as_ref(),
        "3.0".as_ref(),
        "--out".as_ref(),
        std::env::temp_dir()
            .join("schemagen-never-written")
            .as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("release `3.0` is not declared in product.yaml"),
        "{err}"
    );
    assert!(
        !std::env::temp_dir()
            .join("schemagen-never-written")
            .exists()
    );

    // A release field in a product without releases.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("product.yaml"),
        "product: p\ndialects:\n  postgresql: {version: \"12\"}\nmodules:\n  - file: m.yaml\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("m.yaml"),
        "module: m\ntables:\n  - name: T\n    added_in: \"1.0\"\n    columns:\n      - {name: A, type: integer}\n",
    )
    .unwrap();
    let out = schemagen(&["validate".as_ref(), dir.path().as_os_str()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("m.yaml:4:15"), "{err}");
    assert!(
        err.contains("release `1.0` is named, but the product declares no releases"),
        "{err}"
    );
}

#[test]
fn the_data_dictionary_says_in_which_release_each_table_and_column_appeared() {
    let text = schemagen::docs::dictionary(&release("2.0"));
    assert!(
        text.contains("Release 2.0 (the product's releases: 1.0, 1.1, 2.0)"),
        "{text}"
    );
    let group = &text[text.find("### RL_GROUP").unwrap()..];
    assert!(group.contains("Since release 2.0."), "{group}");
    let tenant = &text[text.find("### RL_TENANT").unwrap()..text.find("### RL_ACCOUNT").unwrap()];
    assert!(tenant.contains("Since release 1.0."), "{tenant}");
    assert!(
        tenant.contains("| TENANT_UUID | varchar(36) | no | 'NONE' | Since release 2.0. |"),
        "{tenant}"
    );
    assert!(
        !tenant.contains("| DOMAIN | varchar(255) | no |  | Since"),
        "{tenant}"
    );
    insta::with_settings!({snapshot_path => "../snapshots/releases", prepend_module_to_snapshot => false, omit_expression => true}, {
        insta::assert_snapshot!("dictionary_2.0", text);
    });
    // A product without releases says nothing of them.
    let plain = schemagen::docs::dictionary(
        &schemagen::model::load(&support::fixtures::repo().join("model/wso2")).unwrap(),
    );
    assert!(!plain.contains("Since release"));
}

#[test]
fn diff_check_finds_a_stale_upgrade_tree() {
    let out = tempfile::tempdir().unwrap();
    let model = model_dir();
    let diff = |extra: &[&str]| {
        let mut args: Vec<&std::ffi::OsStr> = vec![
            "diff".as_ref(),
            model.as_os_str(),
            "--from-release".as_ref(),
            "1.1".as_ref(),
            "--allow-destructive".as_ref(),
            "--out".as_ref(),
            out.path().as_os_str(),
        ];
        args.extend(extra.iter().map(|a| std::ffi::OsStr::new(*a)));
        schemagen(&args)
    };
    let missing = diff(&["--check"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("does not exist"));
    assert_eq!(diff(&[]).status.code(), Some(2), "changes: exit 2");
    let checked = diff(&["--check"]);
    assert_eq!(
        checked.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&checked.stderr)
    );
    assert!(checked.stdout.is_empty());
    let file = out
        .path()
        .join("migration-resources/1.1_to_2.0/dbscripts/audit/postgresql.sql");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("ALTER TABLE", "ALTER  TABLE")).unwrap();
    let stale = diff(&["--check"]);
    assert_eq!(stale.status.code(), Some(2));
    let shown = String::from_utf8_lossy(&stale.stdout);
    assert!(shown.contains("+++ b/audit/postgresql.sql"), "{shown}");
    assert!(shown.contains("-ALTER  TABLE"), "{shown}");
}
