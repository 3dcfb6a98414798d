//! Warnings: what a reviewer of the model would question, though every database takes it.
//! Each has a stable code (`W001`…), and is silenced where it does not apply by an `allow:`
//! entry with a reason on the column, its table or the product; an `allow:` that silences
//! nothing is itself a warning (W008). Warnings are checked on a valid model only, and change
//! no exit code (`schemagen validate --deny-warnings` makes them fail).

use std::collections::HashSet;

use super::diagnostic::{Diagnostic, Diagnostics};
use super::{Allow, Column, DialectName, Model, Table};

/// A warning rule: its code, what it says, and whether `validate` shows it by default (the
/// others are counted, and shown with `--warnings all`).
#[derive(Debug)]
pub struct Warning {
    pub code: &'static str,
    pub title: &'static str,
    pub shown_by_default: bool,
    /// Whether an `allow:` may silence it.
    pub silenceable: bool,
}

const fn rule(code: &'static str, title: &'static str, shown_by_default: bool) -> Warning {
    Warning {
        code,
        title,
        shown_by_default,
        silenceable: true,
    }
}

/// Every warning, in code order (the README's rule list says the same).
pub const WARNINGS: &[Warning] = &[
    rule(
        "W001",
        "a foreign key that no index starts with, on a database that makes none for it",
        true,
    ),
    rule("W002", "a table without a primary key", true),
    rule(
        "W003",
        "a unique key or unique index over nullable columns",
        true,
    ),
    rule(
        "W004",
        "a column named like a password, secret or token that is not marked `sensitive`",
        true,
    ),
    rule("W005", "a table without a description", false),
    rule("W006", "a column without a description", false),
    rule(
        "W007",
        "an `only_dialects` naming a dialect the product does not target",
        true,
    ),
    Warning {
        code: "W008",
        title: "an `allow:` that silences nothing",
        shown_by_default: true,
        silenceable: false,
    },
];

/// The warning rule of `code`, if it is one.
pub fn warning(code: &str) -> Option<&'static Warning> {
    WARNINGS.iter().find(|w| w.code == code)
}

/// Words in a column name that mean it holds a secret (compared case-insensitively).
const SENSITIVE_WORDS: &[&str] = &["PASSWORD", "SECRET", "TOKEN"];

/// Every warning of `model` not silenced by an `allow:`, and W008 for each `allow:` that
/// silences nothing; sorted by position.
pub fn lint(model: &Model) -> Diagnostics {
    let mut out = Diagnostics::default();
    let mut used: HashSet<*const Allow> = HashSet::new();
    let product_allows: Vec<&Allow> = model.product.allow.iter().collect();
    for module in &model.modules {
        for table in &module.tables {
            let table_allows: Vec<&Allow> = table
                .allow
                .iter()
                .chain(product_allows.iter().copied())
                .collect();
            for warning in table_warnings(model, table) {
                keep_unless_allowed(warning, &table_allows, &mut used, &mut out);
            }
            for column in &table.columns {
                let column_allows: Vec<&Allow> = column
                    .allow
                    .iter()
                    .chain(table_allows.iter().copied())
                    .collect();
                for warning in column_warnings(column) {
                    keep_unless_allowed(warning, &column_allows, &mut used, &mut out);
                }
            }
        }
    }
    let every_allow =
        model
            .product
            .allow
            .iter()
            .chain(model.modules.iter().flat_map(|m| &m.tables).flat_map(|t| {
                t.allow
                    .iter()
                    .chain(t.columns.iter().flat_map(|c| &c.allow))
            }));
    for allow in every_allow {
        if !used.contains(&std::ptr::from_ref(allow)) {
            out.push(
                Diagnostic::warning(
                    allow.pos.clone(),
                    "W008",
                    format!("`allow: {}` silences nothing here", allow.code),
                )
                .help(format!(
                    "remove it: nothing it is declared on gives {} (any more)",
                    allow.code
                )),
            );
        }
    }
    out.sorted()
}

fn keep_unless_allowed(
    warning: Diagnostic,
    allows: &[&Allow],
    used: &mut HashSet<*const Allow>,
    out: &mut Diagnostics,
) {
    let mut silenced = false;
    for allow in allows.iter().filter(|a| a.code == warning.code) {
        used.insert(std::ptr::from_ref(*allow));
        silenced = true;
    }
    if !silenced {
        out.push(warning);
    }
}

fn list(columns: &[super::Ident]) -> String {
    columns
        .iter()
        .map(|c| c.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn dialect_list(dialects: &[DialectName]) -> String {
    dialects
        .iter()
        .map(|d| d.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn table_warnings(model: &Model, table: &Table) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let name = &table.name.name;
    let targets: Vec<DialectName> = model.product.targets.keys().copied().collect();
    for fk in &table.foreign_keys {
        if table.index_starts_with(&fk.columns) {
            continue;
        }
        let without: Vec<DialectName> = targets
            .iter()
            .copied()
            .filter(|d| table.exists_in(*d) && !d.implementation().creates_foreign_key_indexes())
            .collect();
        if without.is_empty() {
            continue;
        }
        out.push(
            Diagnostic::warning(
                fk.pos.clone(),
                "W001",
                format!(
                    "no index of table `{name}` starts with the columns of its foreign key ({}) to `{}`: {} make none for it, so each delete or key update in `{}` scans `{name}`",
                    list(&fk.columns),
                    fk.ref_table.name,
                    dialect_list(&without),
                    fk.ref_table.name,
                ),
            )
            .help(format!(
                "add an index on ({}) (MySQL and H2 make one themselves), or `allow: [{{code: W001, reason: ...}}]` on the table",
                list(&fk.columns)
            )),
        );
    }
    if table.primary_key.is_none() {
        out.push(
            Diagnostic::warning(
                table.name.pos.clone(),
                "W002",
                format!("table `{name}` has no primary key"),
            )
            .help("declare `primary_key:`: without one, its rows cannot be told apart (row-based replication, ORMs, an UPDATE of one row)"),
        );
    }
    // A key that declares its own `nulls_equal_in` (which takes a `reason`) has already said
    // how NULLs in it behave and why.
    let unique_keys = table
        .uniques
        .iter()
        .filter(|u| u.nulls_equal_declared.is_empty())
        .map(|u| ("unique key", &u.columns, &u.pos))
        .chain(
            table
                .indexes
                .iter()
                .filter(|i| i.unique && i.nulls_equal_declared.is_empty())
                .map(|i| ("unique index", &i.columns, &i.pos)),
        );
    for (what, columns, pos) in unique_keys {
        let nullable: Vec<&str> = columns
            .iter()
            .filter(|c| table.column(&c.name).is_some_and(|c| c.nullable))
            .map(|c| c.name.as_str())
            .collect();
        if nullable.is_empty() {
            continue;
        }
        out.push(
            Diagnostic::warning(
                pos.clone(),
                "W003",
                format!(
                    "{what} ({}) of table `{name}` is over nullable column{} {}: rows holding NULL there are not kept unique (most databases take any number of them, some only one)",
                    list(columns),
                    if nullable.len() == 1 { "" } else { "s" },
                    nullable
                        .iter()
                        .map(|c| format!("`{c}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
            .help("declare the columns `nullable: false`, or `allow: [{code: W003, reason: ...}]` on the table saying why NULLs are fine there"),
        );
    }
    let only = table
        .only_dialects
        .iter()
        .map(|only| (format!("table `{name}`"), "table", only, &table.name.pos))
        .chain(table.indexes.iter().filter_map(|i| {
            i.only_dialects.as_ref().map(|o| {
                (
                    format!("index `{}` of table `{name}`", i.name.name),
                    "index",
                    o,
                    &i.pos,
                )
            })
        }));
    for (what, kind, only, pos) in only {
        let untargeted: Vec<DialectName> = only
            .iter()
            .copied()
            .filter(|d| !model.product.targets.contains_key(d))
            .collect();
        if untargeted.is_empty() {
            continue;
        }
        let vanishes = only.iter().all(|d| !model.product.targets.contains_key(d));
        out.push(
            Diagnostic::warning(
                pos.clone(),
                "W007",
                format!(
                    "the `only_dialects` of {what} names {}, which the product does not target{}",
                    dialect_list(&untargeted),
                    if vanishes {
                        format!(": the {kind} is written for no dialect")
                    } else {
                        String::new()
                    }
                ),
            )
            .help(format!(
                "the product targets {}: fix the name, or add the dialect to product.yaml",
                dialect_list(&targets)
            )),
        );
    }
    if table
        .description
        .as_deref()
        .is_none_or(|d| d.trim().is_empty())
    {
        out.push(
            Diagnostic::warning(
                table.description_pos.clone(),
                "W005",
                format!("table `{name}` has no description"),
            )
            .help("add `description:` saying what a row is (the data dictionary and the SQL comments show it)"),
        );
    }
    out
}

fn column_warnings(column: &Column) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let name = &column.name.name;
    let upper = name.to_uppercase();
    if !column.sensitive
        && let Some(word) = SENSITIVE_WORDS.iter().find(|w| upper.contains(*w))
    {
        out.push(
            Diagnostic::warning(
                column.name.pos.clone(),
                "W004",
                format!(
                    "column `{name}` is named like a {} but is not marked `sensitive`",
                    word.to_lowercase()
                ),
            )
            .help("declare `sensitive: true` (reviewers and exports treat it with care), or `allow: [{code: W004, reason: ...}]` on the column when it holds no secret (a token's type, an expiry)"),
        );
    }
    if column
        .description
        .as_deref()
        .is_none_or(|d| d.trim().is_empty())
    {
        out.push(
            Diagnostic::warning(
                column.description_pos.clone(),
                "W006",
                format!("column `{name}` has no description"),
            )
            .help("add `description:` saying what the column holds"),
        );
    }
    out
}
