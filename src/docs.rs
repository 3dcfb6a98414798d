//! The data dictionary: a Markdown description of every table of a product for the DBAs who
//! review its scripts, laid out by `templates/dictionary.md.j2`.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::{Model, ReferentialAction, Table};

#[derive(Serialize)]
struct TableDoc {
    name: String,
    description: String,
    only_dialects: Vec<String>,
    columns: Vec<ColumnDoc>,
    constraints: Vec<String>,
}

#[derive(Serialize)]
struct ColumnDoc {
    name: String,
    key: bool,
    #[serde(rename = "type")]
    type_name: String,
    nullable: bool,
    default: String,
    auto_increment: bool,
    sensitive: bool,
    description: String,
    overrides: Vec<String>,
}

#[derive(Serialize)]
struct ModuleDoc {
    name: String,
    path: String,
    description: String,
}

/// Markdown table cells: no line breaks, `|` escaped.
fn cell(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

fn table_doc(table: &Table) -> TableDoc {
    let key: Vec<&str> = table
        .primary_key
        .iter()
        .flat_map(|pk| pk.columns.iter().map(|c| c.name.as_str()))
        .collect();
    let names = |cols: &[crate::model::Ident]| {
        cols.iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut constraints = Vec::new();
    if let Some(pk) = &table.primary_key {
        constraints.push(format!("Primary key ({})", names(&pk.columns)));
    }
    for unique in &table.uniques {
        constraints.push(format!("Unique ({})", names(&unique.columns)));
    }
    for fk in &table.foreign_keys {
        let action = match fk.on_delete {
            ReferentialAction::NoAction => "",
            ReferentialAction::Restrict => ", on delete restrict",
            ReferentialAction::Cascade => ", on delete cascade",
            ReferentialAction::SetNull => ", on delete set null",
        };
        constraints.push(format!(
            "Foreign key ({}) references {} ({}){action}",
            names(&fk.columns),
            fk.ref_table.name,
            names(&fk.ref_columns)
        ));
    }
    for index in &table.indexes {
        let only = index
            .only_dialects
            .as_ref()
            .map(|d| {
                format!(
                    ", only in {}",
                    d.iter().map(|d| d.as_str()).collect::<Vec<_>>().join(", ")
                )
            })
            .unwrap_or_default();
        constraints.push(format!(
            "{}ndex {} ({}){only}",
            if index.unique { "Unique i" } else { "I" },
            index.name.name,
            names(&index.columns)
        ));
    }
    TableDoc {
        name: table.name.name.clone(),
        description: table
            .description
            .as_deref()
            .map(|d| d.split_whitespace().collect::<Vec<_>>().join(" "))
            .unwrap_or_default(),
        only_dialects: table
            .only_dialects
            .iter()
            .flatten()
            .map(|d| d.to_string())
            .collect(),
        columns: table
            .columns
            .iter()
            .map(|c| ColumnDoc {
                name: c.name.name.clone(),
                key: key.contains(&c.name.name.as_str()),
                type_name: c.portable_type.to_string(),
                nullable: c.nullable,
                default: c
                    .default
                    .as_ref()
                    .map(|d| cell(&d.to_string()))
                    .unwrap_or_default(),
                auto_increment: c.auto_increment,
                sensitive: c.sensitive,
                description: c.description.as_deref().map(cell).unwrap_or_default(),
                overrides: c
                    .overrides
                    .iter()
                    .map(|(dialect, o)| {
                        let what = o
                            .native_type
                            .clone()
                            .or(o.portable_type.map(|t| t.to_string()))
                            .unwrap_or_else(|| "other settings".to_string());
                        cell(&format!("{dialect}: {what} ({})", o.reason))
                    })
                    .collect(),
            })
            .collect(),
        constraints,
    }
}

pub fn dictionary(model: &Model) -> String {
    let mut env = minijinja::Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.add_template(
        "dictionary.md.j2",
        include_str!("../templates/dictionary.md.j2"),
    )
    .expect("templates/dictionary.md.j2 parses");
    let modules: Vec<ModuleDoc> = model
        .modules
        .iter()
        .map(|m| ModuleDoc {
            name: m.name.clone(),
            path: m.path.replace("{file}", &model.product.file_name),
            description: m.description.clone().unwrap_or_default(),
        })
        .collect();
    let tables: BTreeMap<String, Vec<TableDoc>> = model
        .modules
        .iter()
        .map(|m| (m.name.clone(), m.tables.iter().map(table_doc).collect()))
        .collect();
    let mut text = env
        .get_template("dictionary.md.j2")
        .expect("registered")
        .render(minijinja::context! {
            product => &model.product.name,
            description => model.product.description.clone().unwrap_or_default(),
            content_hash => &model.content_hash,
            dialects => model.product.targets.keys().map(|d| d.as_str()).collect::<Vec<_>>(),
            modules => minijinja::value::Serde(&modules),
            modules_tables => minijinja::value::Serde(&tables),
        })
        .expect("the dictionary template renders");
    while text.ends_with('\n') {
        text.pop();
    }
    text.push('\n');
    text
}
