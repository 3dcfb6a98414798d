//! The human summary and the JSON report of a diff.
//!
//! JSON (`--format json`), stable for bots; `format_version` changes when it does:
//!
//! ```json
//! {"format_version": 1,
//!  "old": {"product": "wso2", "content_hash": "sha256:..."}, "new": {...},
//!  "changed": true, "destructive": false,
//!  "files": [{"path": "identity/mysql.sql", "dialect": "mysql", "module": "identity",
//!             "changes": [{"kind": "add_column", "table": "T", "column": {...}, "destructive": null}],
//!             "statements": [{"sql": "ALTER TABLE ...", "destructive": null, "manual": false}]}]}
//! ```

use serde::Serialize;

use super::Change;
use super::plan::MigrationStatement;
use crate::model::DefaultValue;

pub fn serialize_default<S: serde::Serializer>(
    value: &Option<DefaultValue>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => serializer.serialize_some(&v.to_string()),
        None => serializer.serialize_none(),
    }
}

/// One file of a migration: a module in a dialect.
pub struct FileDiff {
    pub path: String,
    pub dialect: String,
    pub module: String,
    pub changes: Vec<Change>,
    pub statements: Vec<MigrationStatement>,
}

/// One line per change, marked `!` when destructive, followed by the dialects it applies to
/// when not all of them.
pub fn text_summary(files: &[FileDiff], dialect_count: usize) -> String {
    let mut lines: Vec<(String, Vec<String>)> = Vec::new();
    for file in files {
        for change in &file.changes {
            let line = format!(
                "{} {}{}",
                if change.destructive().is_some() {
                    "!"
                } else {
                    " "
                },
                describe(change),
                change
                    .destructive()
                    .map(|why| format!("  [destructive: {why}]"))
                    .unwrap_or_default()
            );
            match lines.iter_mut().find(|(l, _)| *l == line) {
                Some((_, dialects)) => dialects.push(file.dialect.clone()),
                None => lines.push((line, vec![file.dialect.clone()])),
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
        Change::AddColumn { table, column } => {
            format!("add column {table}.{} {}", column.name, column.type_text)
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
            format!("change column {table}.{}: {}", to.name, what.join(", "))
        }
        Change::AddPrimaryKey { table, key } => {
            format!("add primary key {table} ({})", cols(&key.columns))
        }
        Change::DropPrimaryKey { table, key } => {
            format!("drop primary key {table} ({})", cols(&key.columns))
        }
        Change::AddUnique { table, key } => format!("add unique {table} ({})", cols(&key.columns)),
        Change::DropUnique { table, key } => {
            format!("drop unique {table} ({})", cols(&key.columns))
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
            columns,
            ref_table,
            ref_columns,
            ..
        } => {
            format!(
                "add foreign key {table} ({}) -> {ref_table} ({})",
                cols(columns),
                cols(ref_columns)
            )
        }
        Change::DropForeignKey {
            table,
            columns,
            ref_table,
            ref_columns,
            ..
        } => {
            format!(
                "drop foreign key {table} ({}) -> {ref_table} ({})",
                cols(columns),
                cols(ref_columns)
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
    module: &'a str,
    changes: Vec<JsonChange<'a>>,
    statements: Vec<JsonStatement<'a>>,
}

#[derive(Serialize)]
struct JsonChange<'a> {
    #[serde(flatten)]
    change: &'a Change,
    destructive: Option<&'static str>,
}

#[derive(Serialize)]
struct JsonStatement<'a> {
    sql: &'a str,
    destructive: Option<&'static str>,
    manual: bool,
}

pub fn json_report(
    old: &crate::model::Model,
    new: &crate::model::Model,
    files: &[FileDiff],
) -> String {
    let report = JsonReport {
        format_version: 1,
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
                dialect: &f.dialect,
                module: &f.module,
                changes: f
                    .changes
                    .iter()
                    .map(|c| JsonChange {
                        change: c,
                        destructive: c.destructive(),
                    })
                    .collect(),
                statements: f
                    .statements
                    .iter()
                    .map(|s| JsonStatement {
                        sql: &s.statement.sql,
                        destructive: s.destructive,
                        manual: s.manual,
                    })
                    .collect(),
            })
            .collect(),
    };
    serde_json::to_string_pretty(&report).expect("a report serializes") + "\n"
}
