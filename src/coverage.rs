//! How much of a product's sources the model covers: for each source (a seed document's table
//! list, an upstream schema's catalog, in the neutral reference shape) the tables and columns
//! the model has, those it misses, those it adds, and the model's recorded reason for each
//! difference (its `deviations.yaml` files). Written as Markdown for the repository.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, Result};
use serde::Deserialize;

use crate::model::Model;

/// A source's tables and columns (the neutral reference shape; other keys are ignored).
#[derive(Debug, Deserialize)]
pub struct Source {
    pub tables: Vec<SourceTable>,
}

#[derive(Debug, Deserialize)]
pub struct SourceTable {
    pub name: String,
    #[serde(default)]
    pub columns: Vec<SourceColumn>,
}

#[derive(Debug, Deserialize)]
pub struct SourceColumn {
    pub name: String,
}

/// One entry of a model's `deviations.yaml` files (the fields the report uses).
#[derive(Debug, Deserialize)]
pub struct Deviation {
    #[serde(default)]
    pub dialects: Vec<String>,
    pub table: String,
    #[serde(default)]
    pub column: Option<String>,
    pub field: String,
    pub reason: String,
}

/// A named source made of one or more files (e.g. the three module catalogs of a release).
pub struct NamedSource {
    pub label: String,
    pub files: Vec<String>,
    pub tables: BTreeMap<String, (String, Vec<String>)>,
}

pub fn read_source(label: &str, files: &[String]) -> Result<NamedSource> {
    let mut tables = BTreeMap::new();
    for file in files {
        let text =
            std::fs::read_to_string(file).with_context(|| format!("cannot read `{file}`"))?;
        let source: Source = serde_json::from_str(&text).with_context(|| {
            format!("`{file}` is not a reference catalog (tables[].columns[].name)")
        })?;
        for table in source.tables {
            let entry = tables
                .entry(table.name.to_ascii_uppercase())
                .or_insert_with(|| (table.name.clone(), Vec::new()));
            for column in table.columns {
                if !entry
                    .1
                    .iter()
                    .any(|c: &String| c.eq_ignore_ascii_case(&column.name))
                {
                    entry.1.push(column.name);
                }
            }
        }
    }
    Ok(NamedSource {
        label: label.to_string(),
        files: files.to_vec(),
        tables,
    })
}

/// Every `deviations.yaml` of the model directory: `deviations.yaml` and `deviations/*.yaml`.
pub fn read_deviations(dir: &Path) -> Result<Vec<(String, Deviation)>> {
    let mut files = Vec::new();
    if dir.join("deviations.yaml").is_file() {
        files.push(dir.join("deviations.yaml"));
    }
    if let Ok(entries) = std::fs::read_dir(dir.join("deviations")) {
        let mut more: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        more.sort();
        files.extend(more);
    }
    let mut out = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file)
            .with_context(|| format!("cannot read `{}`", file.display()))?;
        let entries: Vec<Deviation> =
            serde_saphyr::from_str(&text).with_context(|| format!("`{}`", file.display()))?;
        let name = file
            .strip_prefix(dir)
            .unwrap_or(&file)
            .to_string_lossy()
            .replace('\\', "/");
        out.extend(entries.into_iter().map(|d| (name.clone(), d)));
    }
    Ok(out)
}

/// The Markdown report. `command` is the command line that makes it, written in the header.
pub fn report(
    model: &Model,
    sources: &[NamedSource],
    deviations: &[(String, Deviation)],
    command: &str,
) -> String {
    let mut model_tables: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
    for table in model.modules.iter().flat_map(|m| &m.tables) {
        model_tables.insert(
            table.name.name.to_ascii_uppercase(),
            (
                table.name.name.clone(),
                table.columns.iter().map(|c| c.name.name.clone()).collect(),
            ),
        );
    }
    let reason = |table: &str, column: Option<&str>| -> String {
        // One line per distinct reason, naming where it is recorded and for which sources.
        let mut found: Vec<(String, Vec<String>)> = Vec::new();
        for (file, d) in deviations
            .iter()
            .filter(|(_, d)| d.table.eq_ignore_ascii_case(table))
            .filter(|(_, d)| match column {
                None => d.field == "table",
                Some(c) => {
                    d.field == "column"
                        && d.column
                            .as_deref()
                            .is_some_and(|x| x.eq_ignore_ascii_case(c))
                }
            })
        {
            let text = one_line(&d.reason);
            let place = format!("{file}: {}", d.dialects.join(", "));
            match found.iter_mut().find(|(t, _)| *t == text) {
                Some((_, places)) => places.push(place),
                None => found.push((text, vec![place])),
            }
        }
        if found.is_empty() {
            "no reason recorded".to_string()
        } else {
            found
                .iter()
                .map(|(text, places)| format!("{text} ({})", places.join("; ")))
                .collect::<Vec<_>>()
                .join(" / ")
        }
    };

    let mut out = String::new();
    let _ = writeln!(out, "# Coverage of the {} model\n", model.product.name);
    let _ = writeln!(out, "Made by `{command}`; a test keeps it up to date.\n");
    let _ = writeln!(
        out,
        "| source | tables | in the model | missed | columns | in the model | missed | tables only in the model |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|---|---|---|");
    for source in sources {
        let (mut t_in, mut c_all, mut c_in) = (0, 0, 0);
        for (key, (_, columns)) in &source.tables {
            c_all += columns.len();
            if let Some((_, model_columns)) = model_tables.get(key) {
                t_in += 1;
                c_in += columns
                    .iter()
                    .filter(|c| model_columns.iter().any(|m| m.eq_ignore_ascii_case(c)))
                    .count();
            }
        }
        let extra = model_tables
            .keys()
            .filter(|k| !source.tables.contains_key(*k))
            .count();
        let _ = writeln!(
            out,
            "| {} | {} | {t_in} | {} | {c_all} | {c_in} | {} | {extra} |",
            source.label,
            source.tables.len(),
            source.tables.len() - t_in,
            c_all - c_in
        );
    }
    for source in sources {
        let _ = writeln!(
            out,
            "\n## {}\n\nFrom: {}\n",
            source.label,
            source
                .files
                .iter()
                .map(|f| format!("`{f}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let mut missed = Vec::new();
        for (key, (name, columns)) in &source.tables {
            match model_tables.get(key) {
                None => missed.push(format!("- table `{name}`: {}", reason(name, None))),
                Some((_, model_columns)) => {
                    for column in columns
                        .iter()
                        .filter(|c| !model_columns.iter().any(|m| m.eq_ignore_ascii_case(c)))
                    {
                        missed.push(format!(
                            "- column `{name}.{column}`: {}",
                            reason(name, Some(column))
                        ));
                    }
                }
            }
        }
        let mut added = Vec::new();
        for (key, (name, model_columns)) in &model_tables {
            match source.tables.get(key) {
                None => added.push(format!("- table `{name}`")),
                Some((_, columns)) => {
                    for column in model_columns
                        .iter()
                        .filter(|m| !columns.iter().any(|c| c.eq_ignore_ascii_case(m)))
                    {
                        added.push(format!("- column `{name}.{column}`"));
                    }
                }
            }
        }
        let _ = writeln!(out, "Missed by the model ({}):\n", missed.len());
        out.push_str(&if missed.is_empty() {
            "- none\n".to_string()
        } else {
            missed.join("\n") + "\n"
        });
        let _ = writeln!(
            out,
            "\nIn the model, not in this source ({}):\n",
            added.len()
        );
        out.push_str(&if added.is_empty() {
            "- none\n".to_string()
        } else {
            added.join("\n") + "\n"
        });
    }
    let mut by_file: BTreeMap<&str, usize> = BTreeMap::new();
    for (file, _) in deviations {
        *by_file.entry(file.as_str()).or_default() += 1;
    }
    let _ = writeln!(out, "\n## Other deliberate differences\n");
    let _ = writeln!(
        out,
        "Types, keys, defaults and indexes that differ from the upstream schemas are listed with their reasons in these files (the tests fail on any difference they do not list), and explained in DEVIATIONS.md:\n"
    );
    for (file, count) in by_file {
        let _ = writeln!(out, "- `{file}`: {count} entries");
    }
    out
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
