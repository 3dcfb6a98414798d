//! The differ on its own, table-driven: `(OLD, NEW)` module pairs → the typed changes and
//! their class, apart from any plan or dialect. Each case states every change it expects, in
//! the differ's order, as `kind table detail [class]`.

mod support;

use schemagen::dialect::DialectName;
use schemagen::diff::{self, Change, Class};
use support::fixtures::one_module_model;

const PRODUCT: &str = "product: differ
dialects:
  postgresql: {version: \"12\"}
check_allowed_values: true
modules:
  - file: m.yaml
";

const BASE: &str = "module: m
tables:
  - name: P
    description: Parents.
    columns:
      - {name: ID, type: integer, nullable: false}
      - {name: CODE, type: varchar(20), nullable: false, description: The code.}
      - {name: STATE, type: char(1), allowed_values: [A, B]}
      - {name: QTY, type: integer, default: 1}
      - {name: PRICE, type: \"decimal(10,2)\"}
    primary_key: [ID]
    unique:
      - {name: UK_P_CODE, columns: [CODE]}
    rows:
      - {ID: 1, CODE: a}
  - name: C
    columns:
      - {name: ID, type: integer, nullable: false, auto_increment: true}
      - {name: P_ID, type: integer}
    primary_key: [ID]
    indexes:
      - {name: IDX_C_P, columns: [P_ID]}
    foreign_keys:
      - {name: FK_C_P, columns: [P_ID], references: P, ref_columns: [ID]}
";

/// One line per change: kind, table, what it is about, and its class.
fn describe(change: &Change) -> String {
    let detail = match change {
        Change::AddTable { .. } | Change::DropTable { .. } => String::new(),
        Change::RenameTable { from, to } => format!("{from}->{to}"),
        Change::SetTableComment { to, .. } => format!("{to:?}"),
        Change::AddColumn { column, .. } | Change::DropColumn { column, .. } => column.name.clone(),
        Change::RenameColumn { from, to, .. } => format!("{from}->{to}"),
        Change::ModifyColumn { to, changes, .. } => {
            let mut flags = Vec::new();
            for (on, name) in [
                (changes.type_, "type"),
                (changes.nullable, "nullable"),
                (changes.default, "default"),
                (changes.auto_increment, "auto_increment"),
                (changes.comment, "comment"),
                (changes.check, "check"),
            ] {
                if on {
                    flags.push(name);
                }
            }
            format!("{}:{}", to.name, flags.join("+"))
        }
        Change::AddPrimaryKey { key, .. }
        | Change::DropPrimaryKey { key, .. }
        | Change::AddUnique { key, .. }
        | Change::DropUnique { key, .. } => key.columns.join(","),
        Change::AddIndex { index, .. } | Change::DropIndex { index, .. } => {
            index.name.clone().unwrap_or_default()
        }
        Change::AddForeignKey {
            columns, on_delete, ..
        }
        | Change::DropForeignKey {
            columns, on_delete, ..
        } => format!("{}:{on_delete:?}", columns.join(",")),
        Change::InsertRow { values, .. } => format!("{} values", values.len()),
        Change::DeleteRow { key, .. } | Change::UpdateRow { key, .. } => key
            .iter()
            .map(|(c, v)| {
                format!(
                    "{c}={}",
                    v.as_ref().map_or("NULL".into(), |v| v.0.to_string())
                )
            })
            .collect::<Vec<_>>()
            .join(","),
    };
    let kind = serde_json::to_value(change).unwrap()["kind"]
        .as_str()
        .unwrap()
        .to_string();
    let class = match change.class() {
        Class::Safe => "safe",
        Class::DataDependent(_) => "data-dependent",
        Class::Destructive(_) => "destructive",
    };
    format!("{kind} {} {detail} [{class}]", change.table()).replace("  ", " ")
}

fn changes(old: &str, new: &str) -> Vec<String> {
    let (old, new) = (
        one_module_model(PRODUCT, old),
        one_module_model(PRODUCT, new),
    );
    let files = diff::diff_models(&old, &new, &[DialectName::Postgresql]);
    assert_eq!(files.len(), 1, "one module, one output");
    files[0].changes.iter().map(describe).collect()
}

/// `BASE` with `edits` applied (each a text replacement that must apply).
fn edited(edits: &[(&str, &str)]) -> String {
    let mut text = BASE.to_string();
    for (from, to) in edits {
        assert!(text.contains(from), "the edit {from:?} does not apply");
        text = text.replacen(from, to, 1);
    }
    text
}

#[test]
fn differ_cases() {
    // (what the case is, the edits from BASE to NEW, the changes expected)
    type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, &'a [&'a str]);
    let cases: &[Case] = &[
        ("nothing changes", vec![], &[]),
        (
            "a table description",
            vec![("description: Parents.", "description: Parent rows.")],
            &["set_table_comment P Some(\"Parent rows.\") [safe]"],
        ),
        (
            "a removed table description",
            vec![("    description: Parents.\n", "")],
            &["set_table_comment P None [safe]"],
        ),
        (
            "a column description",
            vec![("description: The code.", "description: The unique code.")],
            &["modify_column P CODE:comment [safe]"],
        ),
        (
            "allowed values that shrink",
            vec![("allowed_values: [A, B]", "allowed_values: [A]")],
            &["modify_column P STATE:check [data-dependent]"],
        ),
        (
            "allowed values removed",
            vec![(", allowed_values: [A, B]", "")],
            &["modify_column P STATE:check [safe]"],
        ),
        (
            "a NOT NULL column without a default",
            vec![(
                "      - {name: P_ID, type: integer}\n",
                "      - {name: P_ID, type: integer}\n      - {name: N, type: integer, nullable: false}\n",
            )],
            &["add_column C N [data-dependent]"],
        ),
        (
            "a NOT NULL column with a default",
            vec![(
                "      - {name: QTY, type: integer, default: 1}\n",
                "      - {name: QTY, type: integer, default: 1}\n      - {name: N, type: integer, nullable: false, default: 0}\n",
            )],
            &["add_column P N [safe]"],
        ),
        (
            "narrowing and widening",
            vec![
                (
                    "{name: CODE, type: varchar(20)",
                    "{name: CODE, type: varchar(10)",
                ),
                ("{name: QTY, type: integer", "{name: QTY, type: bigint"),
            ],
            &[
                "modify_column P CODE:type [destructive]",
                "modify_column P QTY:type [safe]",
            ],
        ),
        (
            "a lower decimal scale (checked before the change, not rounded)",
            vec![("decimal(10,2)", "decimal(10,1)")],
            &["modify_column P PRICE:type [data-dependent]"],
        ),
        (
            "an identity column to bigint",
            vec![(
                "{name: ID, type: integer, nullable: false, auto_increment: true}",
                "{name: ID, type: bigint, nullable: false, auto_increment: true}",
            )],
            &["modify_column C ID:type [safe]"],
        ),
        (
            "NOT NULL on an existing column",
            vec![(
                "{name: QTY, type: integer, default: 1}",
                "{name: QTY, type: integer, default: 1, nullable: false}",
            )],
            &["modify_column P QTY:nullable [destructive]"],
        ),
        (
            "a unique key, a foreign key and a primary key on existing tables",
            vec![
                (
                    "      - {name: UK_P_CODE, columns: [CODE]}\n",
                    "      - {name: UK_P_CODE, columns: [CODE]}\n      - {columns: [QTY]}\n",
                ),
                (
                    "      - {name: FK_C_P, columns: [P_ID], references: P, ref_columns: [ID]}\n",
                    "      - {name: FK_C_P, columns: [P_ID], references: P, ref_columns: [ID]}\n      - {name: FK_C_P2, columns: [ID], references: P, ref_columns: [ID]}\n",
                ),
            ],
            &[
                "add_unique P QTY [data-dependent]",
                "add_foreign_key C ID:NoAction [data-dependent]",
            ],
        ),
        (
            "an ON DELETE change is a drop and an add of the foreign key",
            vec![(
                "ref_columns: [ID]}",
                "ref_columns: [ID], on_delete: cascade}",
            )],
            &[
                "drop_foreign_key C P_ID:NoAction [safe]",
                "add_foreign_key C P_ID:Cascade [data-dependent]",
            ],
        ),
        (
            "a declared table rename: drops name the old table",
            vec![
                ("  - name: C\n", "  - name: CHILD\n    renamed_from: C\n"),
                (
                    "    indexes:\n      - {name: IDX_C_P, columns: [P_ID]}\n",
                    "",
                ),
            ],
            &[
                "rename_table CHILD C->CHILD [safe]",
                "drop_index C IDX_C_P [safe]",
            ],
        ),
        (
            "a declared column rename keeps keys that follow it",
            vec![
                (
                    "{name: P_ID, type: integer}",
                    "{name: PARENT_ID, type: integer, renamed_from: P_ID}",
                ),
                (
                    "columns: [P_ID]}\n    foreign_keys",
                    "columns: [PARENT_ID]}\n    foreign_keys",
                ),
                (
                    "columns: [P_ID], references",
                    "columns: [PARENT_ID], references",
                ),
            ],
            &["rename_column C P_ID->PARENT_ID [safe]"],
        ),
        (
            "an undeclared rename is a drop and an add",
            vec![(
                "{name: QTY, type: integer, default: 1}",
                "{name: AMOUNT, type: integer, default: 1}",
            )],
            &[
                "add_column P AMOUNT [safe]",
                "drop_column P QTY [destructive]",
            ],
        ),
        (
            "a new table with seed rows inserts them",
            vec![(
                "  - name: C\n",
                "  - name: N\n    columns:\n      - {name: ID, type: integer, nullable: false}\n    primary_key: [ID]\n    rows:\n      - {ID: 1}\n      - {ID: 2}\n  - name: C\n",
            )],
            &[
                "add_table N [safe]",
                "insert_row N 1 values [safe]",
                "insert_row N 1 values [safe]",
            ],
        ),
        (
            "seed rows: changed, deleted",
            vec![("      - {ID: 1, CODE: a}\n", "      - {ID: 1, CODE: b}\n")],
            &["update_row P ID=1 [safe]"],
        ),
        (
            "a dropped table",
            vec![(
                "  - name: C\n    columns:\n      - {name: ID, type: integer, nullable: false, auto_increment: true}\n      - {name: P_ID, type: integer}\n    primary_key: [ID]\n    indexes:\n      - {name: IDX_C_P, columns: [P_ID]}\n    foreign_keys:\n      - {name: FK_C_P, columns: [P_ID], references: P, ref_columns: [ID]}\n",
                "",
            )],
            &["drop_table C [destructive]"],
        ),
    ];
    let mut failures = Vec::new();
    for (name, edits, expected) in cases {
        let got = changes(BASE, &edited(edits));
        if got != *expected {
            failures.push(format!("{name}:\n  expected {expected:#?}\n  got {got:#?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn seed_row_delete_is_destructive_and_names_the_key() {
    let new = edited(&[("    rows:\n      - {ID: 1, CODE: a}\n", "")]);
    assert_eq!(changes(BASE, &new), ["delete_row P ID=1 [destructive]"]);
}

#[test]
fn variants_get_a_file_each_with_their_target() {
    let product = "product: differ
dialects:
  oracle: {version: \"19c\", variants: [oracle_rac]}
  mysql: {version: \"8.0\", variants: [mysql_cluster]}
modules:
  - file: m.yaml
";
    let old = one_module_model(product, BASE);
    let new = one_module_model(
        product,
        &edited(&[(
            "  - name: C\n",
            "  - name: N\n    columns:\n      - {name: ID, type: integer, nullable: false, auto_increment: true}\n    primary_key: [ID]\n  - name: C\n",
        )]),
    );
    let files = diff::diff_models(&old, &new, &[DialectName::Mysql, DialectName::Oracle]);
    let outputs: Vec<(&str, &str)> = files
        .iter()
        .map(|f| (f.output.as_str(), f.path.as_str()))
        .collect();
    assert_eq!(
        outputs,
        [
            ("mysql", "mysql.sql"),
            ("mysql_cluster", "mysql_cluster.sql"),
            ("oracle", "oracle.sql"),
            ("oracle_rac", "oracle_rac.sql"),
        ]
    );
    let sql = |output: &str| {
        files
            .iter()
            .find(|f| f.output == output)
            .unwrap()
            .statements
            .iter()
            .map(|s| s.statement.sql.clone())
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert!(sql("mysql").contains("ENGINE=InnoDB"), "{}", sql("mysql"));
    assert!(
        sql("mysql_cluster").contains("ENGINE=NDB"),
        "{}",
        sql("mysql_cluster")
    );
    assert!(
        sql("oracle_rac").contains("CACHE 20 ORDER"),
        "{}",
        sql("oracle_rac")
    );
    assert!(
        !sql("oracle").contains("CACHE 20 ORDER"),
        "{}",
        sql("oracle")
    );
}

// --- files across modules ------------------------------------------------------------------

/// A model of two modules, `a` then `b` (their files run in that order), for mysql.
fn two_modules(a: &str, b: &str) -> (tempfile::TempDir, schemagen::model::Model) {
    let dir = tempfile::tempdir().unwrap();
    let product = "product: differ
check_allowed_values: true
dialects:
  mysql: {version: \"8.0\"}
modules:
  - file: a.yaml
    path: a/{file}
  - file: b.yaml
    path: b/{file}
";
    std::fs::write(dir.path().join("product.yaml"), product).unwrap();
    std::fs::write(dir.path().join("a.yaml"), a).unwrap();
    std::fs::write(dir.path().join("b.yaml"), b).unwrap();
    let model = schemagen::model::load(dir.path()).unwrap_or_else(|d| panic!("{}", d.render()));
    (dir, model)
}

const PARENTS: &str = "module: a
tables:
  - name: P
    columns:
      - {name: ID, type: integer, nullable: false}
    primary_key: [ID]
    rows:
      - {ID: 1}
";

const CHILDREN: &str = "module: b
tables:
  - name: C
    columns:
      - {name: ID, type: integer, nullable: false}
      - {name: P_ID, type: integer}
    primary_key: [ID]
    foreign_keys:
      - {name: FK_C_P, columns: [P_ID], references: P, ref_columns: [ID]}
    rows:
      - {ID: 1, P_ID: 1}
";

/// Each module file's statements, by module.
fn statements_by_module(
    old: &schemagen::model::Model,
    new: &schemagen::model::Model,
) -> Vec<(String, Vec<String>)> {
    diff::diff_models(old, new, &[DialectName::Mysql])
        .into_iter()
        .map(|f| {
            let sql = f
                .statements
                .iter()
                .map(|s| s.statement.sql.clone())
                .collect();
            (f.module, sql)
        })
        .collect()
}

#[test]
fn a_later_modules_foreign_key_is_dropped_before_an_earlier_module_drops_its_parent() {
    let (_o, old) = two_modules(PARENTS, CHILDREN);
    let (_n, new) = two_modules(
        "module: a\ntables: []\n",
        "module: b
tables:
  - name: C
    columns:
      - {name: ID, type: integer, nullable: false}
      - {name: P_ID, type: integer}
    primary_key: [ID]
",
    );
    let files = statements_by_module(&old, &new);
    let (a, b) = (&files[0].1, &files[1].1);
    let drop_fk = a.iter().position(|s| s.contains("DROP FOREIGN KEY FK_C_P"));
    let drop_p = a.iter().position(|s| s.starts_with("DROP TABLE P"));
    assert!(
        drop_fk.is_some() && drop_fk < drop_p,
        "a's file drops C's key to P, then P: {a:#?}"
    );
    assert!(
        !b.iter().any(|s| s.contains("FK_C_P")),
        "b's file does not drop it again: {b:#?}"
    );
    // The summary still lists the key's drop under b, the module whose table has it.
    let summary = diff::diff_models(&old, &new, &[DialectName::Mysql]);
    assert!(
        summary[1]
            .changes
            .iter()
            .any(|c| matches!(c, Change::DropForeignKey { .. }))
    );
}

#[test]
fn a_foreign_key_dropped_around_a_parents_change_is_added_again_by_the_childs_file() {
    let (_o, old) = two_modules(PARENTS, CHILDREN);
    // a retypes the key column (MySQL refuses it under a foreign key); b renames the child.
    let (_n, new) = two_modules(
        &PARENTS.replace("{name: ID, type: integer", "{name: ID, type: bigint"),
        &CHILDREN
            .replace("  - name: C\n", "  - name: KID\n    renamed_from: C\n")
            .replace("{name: P_ID, type: integer}", "{name: P_ID, type: bigint}"),
    );
    let files = statements_by_module(&old, &new);
    let (a, b) = (&files[0].1, &files[1].1);
    let drop_fk = a
        .iter()
        .position(|s| s.starts_with("ALTER TABLE C DROP FOREIGN KEY FK_C_P"));
    let retype = a
        .iter()
        .position(|s| s.contains("MODIFY") && s.contains("BIGINT"));
    assert!(
        drop_fk.is_some() && drop_fk < retype,
        "a's file drops the key (by C, its name then), then retypes: {a:#?}"
    );
    assert!(
        !a.iter().any(|s| s.contains("ADD CONSTRAINT FK_C_P")),
        "a's file does not add it again while C is not yet KID: {a:#?}"
    );
    let rename = b
        .iter()
        .position(|s| s.contains("RENAME") && s.contains("KID"));
    let add = b
        .iter()
        .position(|s| s.starts_with("ALTER TABLE KID ADD CONSTRAINT FK_C_P FOREIGN KEY"));
    assert!(
        rename.is_some() && rename < add,
        "b's file adds it again after its own changes: {b:#?}"
    );
    assert_eq!(
        b.iter().filter(|s| s.contains("FK_C_P")).count(),
        1,
        "once: {b:#?}"
    );
}

#[test]
fn a_table_moved_to_another_module_is_kept() {
    let (_o, old) = two_modules(PARENTS, CHILDREN);
    // P moves from a to b (before C, which references it).
    let (_n, new) = two_modules(
        "module: a\ntables: []\n",
        &CHILDREN.replace(
            "tables:\n",
            &format!("tables:\n{}", &PARENTS["module: a\ntables:\n".len()..]),
        ),
    );
    let files = diff::diff_models(&old, &new, &[DialectName::Mysql]);
    assert!(
        files
            .iter()
            .all(|f| f.changes.is_empty() && f.statements.is_empty()),
        "no change, no statement: {:#?}",
        files.iter().map(|f| &f.changes).collect::<Vec<_>>()
    );
}

#[test]
fn a_renamed_tables_check_is_rebuilt_by_its_own_modules_file_only() {
    let with_check = |module: &str| {
        CHILDREN.replace(
            "{name: P_ID, type: integer}",
            "{name: P_ID, type: integer}\n      - {name: KIND, type: char(1), allowed_values: [A, B]}",
        ).replace("module: b", module)
    };
    let (_o, old) = two_modules(PARENTS, &with_check("module: b"));
    let (_n, new) = two_modules(
        PARENTS,
        &with_check("module: b").replace("  - name: C\n", "  - name: KID\n    renamed_from: C\n"),
    );
    let files = statements_by_module(&old, &new);
    assert_eq!(files[0].1, Vec::<String>::new(), "a's file: nothing");
    let b = &files[1].1;
    assert!(
        b.iter()
            .any(|s| s.contains("DROP") && s.contains("C_KIND_CK"))
            && b.iter().any(|s| s.contains("ADD CONSTRAINT KID_KIND_CK")),
        "b's file renames the check with its table: {b:#?}"
    );
}
