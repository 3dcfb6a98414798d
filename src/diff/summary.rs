//! The human summary and the JSON report of a diff.
//!
//! Text (`--format text`): one line per change; `!` marks a destructive change (it can lose
//! data), `?` a data-dependent one (it keeps the data, but fails on rows that do not satisfy
//! it), each with its reason.
//!
//! JSON (`--format json`), stable for bots; `format_version` changes when it does (2: one file
//! per output, variants included, with `output`; `class` and `data_dependent` on changes and
//! statements; `on_delete` on foreign keys; `set_table_comment`; `comment` and `check` flags):
//!
//! ```json
//! {"format_version": 2,
//!  "old": {"product": "wso2", "content_hash": "sha256:..."}, "new": {...},
//!  "changed": true, "destructive": false,
//!  "files": [{"path": "identity/mysql.sql", "dialect": "mysql", "output": "mysql", "module": "identity",
//!             "changes": [{"kind": "add_column", "table": "T", "column": {...},
//!                          "class": "data_dependent", "destructive": null, "data_dependent": "..."}],
//!             "statements": [{"sql": "ALTER TABLE ...", "destructive": null, "data_dependent": null, "manual": false}]}]}
//! ```

use serde::Serialize;

use super::{Change, Class, FileDiff};
use crate::dialect::migrate::ColumnShape;
use crate::model::{DefaultValue, ReferentialAction};

/// One line per change, marked `!` when destructive, followed by the dialects it applies to
/// when not all of them.
pub fn text_summary(files: &[FileDiff], dialect_count: usize) -> String {
    let mut lines: Vec<(String, Vec<String>)> = Vec::new();
    for file in files {
        for change in &file.changes {
            let (mark, note) = match change.class() {
                Class::Safe => (" ", String::new()),
                Class::DataDependent(why) => ("?", format!("  [data-dependent: {why}]")),
                Class::Destructive(why) => ("!", format!("  [destructive: {why}]")),
            };
            let line = format!("{mark} {}{note}", describe(change));
            let dialect = file.dialect.to_string();
            match lines.iter_mut().find(|(l, _)| *l == line) {
                Some((_, dialects)) => dialects.push(dialect),
                None => lines.push((line, vec![dialect])),
            }
        }
    }
    if lines.is_empty() {
        return "no changes\n".to_string();
    }
    let mut out = String::new();
    for (line, mut dialects) in lines {
        dialects.sort();
        dialects.dedup();
        out.push_str(&line);
        if dialects.len() < dialect_count {
            out.push_str(&format!("  (only {})", dialects.join(", ")));
        }
        out.push('\n');
    }
    let manual = files
        .iter()
        .flat_map(|f| &f.statements)
        .filter(|s| s.manual)
        .count();
    if manual > 0 {
        out.push_str(&format!(
            "{manual} statement(s) need a manual step: see the MANUAL comments in the SQL\n"
        ));
    }
    out
}

fn describe(change: &Change) -> String {
    let cols = |c: &[String]| c.join(", ");
    match change {
        Change::AddTable { table, .. } => format!("add table {table}"),
        Change::DropTable { table, .. } => format!("drop table {table}"),
        Change::RenameTable { from, to } => format!("rename table {from} to {to}"),
        Change::SetTableComment { table, to, .. } => match to {
            Some(text) => format!("set description of table {table}: {}", quoted(text)),
            None => format!("remove description of table {table}"),
        },
        Change::AddColumn { table, column } => {
            format!("add column {table}.{} {}", column.name, column_text(column))
        }
        Change::DropColumn { table, column } => format!("drop column {table}.{}", column.name),
        Change::RenameColumn { table, from, to } => format!("rename column {table}.{from} to {to}"),
        Change::ModifyColumn {
            table,
            from,
            to,
            changes,
        } => {
            let mut what = Vec::new();
            if changes.type_ {
                what.push(format!("type {} -> {}", from.type_text, to.type_text));
            }
            if changes.nullable {
                what.push(if to.nullable {
                    "drop NOT NULL".to_string()
                } else {
                    "set NOT NULL".to_string()
                });
            }
            if changes.default {
                let show = |d: &Option<DefaultValue>| {
                    d.as_ref()
                        .map(|v| v.to_string())
                        .unwrap_or_else(|| "none".into())
                };
                what.push(format!(
                    "default {} -> {}",
                    show(&from.default),
                    show(&to.default)
                ));
            }
            if changes.auto_increment {
                what.push(if to.auto_increment {
                    "add auto-increment".into()
                } else {
                    "drop auto-increment".into()
                });
            }
            if changes.comment {
                what.push(match &to.description {
                    Some(text) => format!("description {}", quoted(text)),
                    None => "remove description".into(),
                });
            }
            if changes.check {
                what.push(match &to.check_values {
                    Some(values) => format!("check values ({})", values.join(", ")),
                    None => "drop check".into(),
                });
            }
            format!("change column {table}.{}: {}", to.name, what.join(", "))
        }
        Change::AddPrimaryKey { table, key } => {
            format!(
                "add primary key {}{table} ({})",
                named(&key.name),
                cols(&key.columns)
            )
        }
        Change::DropPrimaryKey { table, key } => {
            format!(
                "drop primary key {}{table} ({})",
                named(&key.name),
                cols(&key.columns)
            )
        }
        Change::AddUnique { table, key } => {
            format!(
                "add unique {}{table} ({})",
                named(&key.name),
                cols(&key.columns)
            )
        }
        Change::DropUnique { table, key } => {
            format!(
                "drop unique {}{table} ({})",
                named(&key.name),
                cols(&key.columns)
            )
        }
        Change::AddIndex { table, index } => format!(
            "add index {} on {table} ({})",
            index.name.as_deref().unwrap_or("?"),
            cols(&index.columns)
        ),
        Change::DropIndex { table, index } => format!(
            "drop index {} on {table}",
            index.name.as_deref().unwrap_or("?")
        ),
        Change::AddForeignKey {
            table,
            name,
            columns,
            ref_table,
            ref_columns,
            on_delete,
            ..
        } => {
            format!(
                "add foreign key {}{table} ({}) -> {ref_table} ({}){}",
                named(name),
                cols(columns),
                cols(ref_columns),
                on_delete_text(*on_delete)
            )
        }
        Change::DropForeignKey {
            table,
            name,
            columns,
            ref_table,
            ref_columns,
            on_delete,
            ..
        } => {
            format!(
                "drop foreign key {}{table} ({}) -> {ref_table} ({}){}",
                named(name),
                cols(columns),
                cols(ref_columns),
                on_delete_text(*on_delete)
            )
        }
        Change::InsertRow { table, values } => {
            format!("insert row into {table} ({})", row_text(values))
        }
        Change::DeleteRow { table, key } => {
            format!("delete row from {table} where {}", row_text(key))
        }
        Change::UpdateRow { table, key, set } => format!(
            "update row of {table} where {}: {}",
            row_text(key),
            row_text(set)
        ),
    }
}

/// `NAME on ` for a named constraint, nothing for an unnamed one.
fn named(name: &Option<String>) -> String {
    name.as_ref()
        .map(|n| format!("{n} on "))
        .unwrap_or_default()
}

fn on_delete_text(action: ReferentialAction) -> &'static str {
    match action {
        ReferentialAction::NoAction => "",
        ReferentialAction::Restrict => " on delete restrict",
        ReferentialAction::Cascade => " on delete cascade",
        ReferentialAction::SetNull => " on delete set null",
    }
}

/// `type [NOT NULL] [default x] [auto-increment]`.
fn column_text(column: &ColumnShape) -> String {
    let mut text = column.type_text.clone();
    if !column.nullable {
        text.push_str(" NOT NULL");
    }
    if let Some(default) = &column.default {
        text.push_str(&format!(" default {default}"));
    }
    if column.auto_increment {
        text.push_str(" auto-increment");
    }
    text
}

/// A description on one line, cut for the summary.
fn quoted(text: &str) -> String {
    let line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let cut: String = line.chars().take(60).collect();
    if cut.len() < line.len() {
        format!("\"{cut}...\"")
    } else {
        format!("\"{cut}\"")
    }
}

fn row_text(values: &[(String, Option<super::DefaultValueText>)]) -> String {
    values
        .iter()
        .map(|(c, v)| {
            format!(
                "{c}={}",
                v.as_ref()
                    .map(|v| v.0.to_string())
                    .unwrap_or_else(|| "NULL".into())
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[derive(Serialize)]
struct JsonReport<'a> {
    format_version: u32,
    old: JsonModel<'a>,
    new: JsonModel<'a>,
    changed: bool,
    destructive: bool,
    files: Vec<JsonFile<'a>>,
}

#[derive(Serialize)]
struct JsonModel<'a> {
    product: &'a str,
    content_hash: &'a str,
}

#[derive(Serialize)]
struct JsonFile<'a> {
    path: &'a str,
    dialect: &'a str,
    output: &'a str,
    module: &'a str,
    changes: Vec<JsonChange<'a>>,
    statements: Vec<JsonStatement<'a>>,
}

#[derive(Serialize)]
struct JsonChange<'a> {
    #[serde(flatten)]
    change: &'a Change,
    #[serde(flatten)]
    class: Class,
    destructive: Option<&'static str>,
    data_dependent: Option<&'static str>,
}

#[derive(Serialize)]
struct JsonStatement<'a> {
    sql: &'a str,
    destructive: Option<&'static str>,
    data_dependent: Option<&'static str>,
    manual: bool,
}

pub fn json_report(
    old: &crate::model::Model,
    new: &crate::model::Model,
    files: &[FileDiff],
) -> String {
    let report = JsonReport {
        format_version: 2,
        old: JsonModel {
            product: &old.product.name,
            content_hash: &old.content_hash,
        },
        new: JsonModel {
            product: &new.product.name,
            content_hash: &new.content_hash,
        },
        changed: files.iter().any(|f| !f.changes.is_empty()),
        destructive: files
            .iter()
            .flat_map(|f| &f.changes)
            .any(|c| c.destructive().is_some()),
        files: files
            .iter()
            .map(|f| JsonFile {
                path: &f.path,
                dialect: f.dialect.as_str(),
                output: &f.output,
                module: &f.module,
                changes: f
                    .changes
                    .iter()
                    .map(|c| JsonChange {
                        change: c,
                        class: c.class(),
                        destructive: c.destructive(),
                        data_dependent: c.data_dependent(),
                    })
                    .collect(),
                statements: f
                    .statements
                    .iter()
                    .map(|s| JsonStatement {
                        sql: &s.statement.sql,
                        destructive: s.destructive,
                        data_dependent: s.data_dependent,
                        manual: s.manual,
                    })
                    .collect(),
            })
            .collect(),
    };
    serde_json::to_string_pretty(&report).expect("a report serializes") + "\n"
}
