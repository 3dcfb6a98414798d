//! The data dictionary: a Markdown description of every table of a product for the DBAs who
//! review its scripts, laid out by `templates/dictionary.md.j2`: a table of contents, a
//! Mermaid ER diagram per module, and per table its columns, the native type each target
//! dialect gets, keys (with the names engines give unnamed ones), the tables it references
//! and is referenced by. Every text from the model is escaped for Markdown, so that
//! `<IS_HOME>` or `inum=<inum>` read as written once rendered.

pub mod html;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::dialect::{ConstraintKind, DialectName, names};
use crate::model::{Ident, Model, ReferentialAction, Table};

#[derive(Serialize)]
struct TableDoc {
    name: String,
    anchor: String,
    description: String,
    only_dialects: Vec<String>,
    /// The release the table appeared in (a product with releases), else empty.
    added_in: String,
    columns: Vec<ColumnDoc>,
    constraints: Vec<String>,
    references: Vec<String>,
    referenced_by: Vec<String>,
    /// Per column, the native type of each target dialect (in the product's dialect order).
    native: Vec<NativeRow>,
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
    allowed_values: String,
    overrides: Vec<String>,
    /// The release the column appeared in, where it is later than its table's; else empty.
    added_in: String,
}

#[derive(Serialize)]
struct NativeRow {
    column: String,
    types: Vec<String>,
}

#[derive(Serialize)]
struct ModuleDoc {
    name: String,
    path: String,
    description: String,
    /// The module's Mermaid `erDiagram` source.
    diagram: String,
    tables: Vec<TocEntry>,
}

#[derive(Serialize)]
struct TocEntry {
    name: String,
    anchor: String,
}

/// Text from the model as Markdown shows it: one line, and every character Markdown or the
/// HTML it renders to would read as markup escaped (`<` `>` `&` as entities; `\` `` ` `` `*`
/// `[` `]` `|`, and `_` at a word's edge, with a backslash).
pub fn markdown_text(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let chars: Vec<char> = one_line.chars().collect();
    let mut out = String::with_capacity(one_line.len());
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '[' | ']' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '_' => {
                let inside = i > 0
                    && chars[i - 1].is_alphanumeric()
                    && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
                if !inside {
                    out.push('\\');
                }
                out.push('_');
            }
            _ => out.push(c),
        }
    }
    out
}

/// The anchor GitHub gives a `### NAME` heading: lower case, spaces as `-`, other punctuation
/// than `-` and `_` dropped.
fn anchor(name: &str) -> String {
    name.chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c.to_lowercase().next()?),
            _ => None,
        })
        .collect()
}

/// A name as a Mermaid ER diagram takes it (letters, digits, `_`, `-`).
fn mermaid_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn names(cols: &[Ident]) -> String {
    cols.iter()
        .map(|c| c.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn on_delete(action: ReferentialAction) -> &'static str {
    match action {
        ReferentialAction::NoAction => "",
        ReferentialAction::Restrict => ", on delete restrict",
        ReferentialAction::Cascade => ", on delete cascade",
        ReferentialAction::SetNull => ", on delete set null",
    }
}

/// The module's ER diagram: each table with its columns (portable type, PK/FK/UK marks), each
/// foreign key a relationship from the parent (exactly one, or zero or one where a key column
/// may be NULL) to the child (zero or more), labelled with its columns.
fn diagram(tables: &[Table]) -> String {
    let mut out = String::from("erDiagram\n");
    for table in tables {
        let pk: Vec<&str> = table
            .primary_key
            .iter()
            .flat_map(|pk| pk.columns.iter().map(|c| c.name.as_str()))
            .collect();
        out.push_str(&format!("    {} {{\n", mermaid_name(&table.name.name)));
        for column in &table.columns {
            let name = column.name.name.as_str();
            let mut marks = Vec::new();
            if pk.contains(&name) {
                marks.push("PK");
            }
            if table
                .foreign_keys
                .iter()
                .any(|fk| fk.columns.iter().any(|c| c.name == name))
            {
                marks.push("FK");
            }
            if table
                .uniques
                .iter()
                .any(|u| u.columns.iter().any(|c| c.name == name))
            {
                marks.push("UK");
            }
            out.push_str(&format!(
                "        {} {}{}\n",
                column.portable_type.key(),
                mermaid_name(name),
                if marks.is_empty() {
                    String::new()
                } else {
                    format!(" {}", marks.join(", "))
                }
            ));
        }
        out.push_str("    }\n");
    }
    for table in tables {
        for fk in &table.foreign_keys {
            let optional = fk
                .columns
                .iter()
                .any(|c| table.column(&c.name).is_some_and(|c| c.nullable));
            out.push_str(&format!(
                "    {} {}--o{{ {} : \"{}\"\n",
                mermaid_name(&fk.ref_table.name),
                if optional { "|o" } else { "||" },
                mermaid_name(&table.name.name),
                names(&fk.columns).replace('"', "'")
            ));
        }
    }
    out
}

/// What each target dialect names an unnamed key: schemagen's own name (H2), the engine's
/// documented rule (PostgreSQL, MySQL), or a name the engine makes up when it creates it.
fn unnamed_key_names(
    model: &Model,
    table: &Table,
    kind: ConstraintKind,
    columns: &[Ident],
    ordinal: usize,
) -> String {
    let policy = model.product.identifiers;
    let mut known = Vec::new();
    let mut made_up = Vec::new();
    for (&dialect, target) in &model.product.targets {
        let implementation = dialect.implementation();
        let stored_table = names::stored(implementation, policy, &table.name.name);
        let stored: Vec<String> = columns
            .iter()
            .map(|c| names::stored(implementation, policy, &c.name))
            .collect();
        let name = names::given_constraint_name(
            implementation,
            &target.version,
            &stored_table,
            kind,
            &stored,
        )
        .or_else(|| {
            dialect
                .migrations()
                .implicit_constraint_name(&stored_table, kind, &stored, ordinal)
        });
        match name {
            Some(name) => known.push(format!("{dialect} `{name}`")),
            None => made_up.push(dialect.as_str()),
        }
    }
    let mut text = known.join(", ");
    if !made_up.is_empty() {
        if !text.is_empty() {
            text.push_str("; ");
        }
        text.push_str(&format!(
            "{}: a name the engine makes up",
            made_up.join(", ")
        ));
    }
    text
}

fn table_doc(model: &Model, table: &Table, referenced_by: Vec<String>) -> TableDoc {
    let key: Vec<&str> = table
        .primary_key
        .iter()
        .flat_map(|pk| pk.columns.iter().map(|c| c.name.as_str()))
        .collect();
    let unnamed = |kind, columns: &[Ident], ordinal| {
        format!(
            "; unnamed: {}",
            unnamed_key_names(model, table, kind, columns, ordinal)
        )
    };
    let mut constraints = Vec::new();
    if let Some(pk) = &table.primary_key {
        let name = match &pk.name {
            Some(n) => format!(" `{}`", n.name),
            None => String::new(),
        };
        let suffix = match &pk.name {
            Some(_) => String::new(),
            None => unnamed(ConstraintKind::PrimaryKey, &pk.columns, 1),
        };
        constraints.push(format!(
            "Primary key{name} ({}){suffix}",
            names(&pk.columns)
        ));
    }
    for unique in &table.uniques {
        let (name, suffix) = match &unique.name {
            Some(n) => (format!(" `{}`", n.name), String::new()),
            None => (
                String::new(),
                unnamed(ConstraintKind::Unique, &unique.columns, 1),
            ),
        };
        constraints.push(format!("Unique{name} ({}){suffix}", names(&unique.columns)));
    }
    let mut references = Vec::new();
    for (i, fk) in table.foreign_keys.iter().enumerate() {
        let (name, suffix) = match &fk.name {
            Some(n) => (format!(" `{}`", n.name), String::new()),
            None => (
                String::new(),
                unnamed(ConstraintKind::ForeignKey, &fk.columns, i + 1),
            ),
        };
        constraints.push(format!(
            "Foreign key{name} ({}) references {} ({}){}{suffix}",
            names(&fk.columns),
            fk.ref_table.name,
            names(&fk.ref_columns),
            on_delete(fk.on_delete)
        ));
        references.push(format!(
            "[{}](#{}) ({} → {}){}",
            fk.ref_table.name,
            anchor(&fk.ref_table.name),
            names(&fk.columns),
            names(&fk.ref_columns),
            on_delete(fk.on_delete)
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
            "{}ndex `{}` ({}){only}",
            if index.unique { "Unique i" } else { "I" },
            index.name.name,
            names(&index.columns)
        ));
    }
    let dialects: Vec<DialectName> = model.product.targets.keys().copied().collect();
    let native = table
        .columns
        .iter()
        .map(|c| NativeRow {
            column: c.name.name.clone(),
            types: dialects
                .iter()
                .map(|&d| {
                    let target = model.product.targets[&d]
                        .outputs(d)
                        .remove(0)
                        .1
                        .for_table(table, d);
                    let shape = c.for_dialect(&model.product, d);
                    markdown_text(&d.implementation().column_type(&shape.column_type, &target))
                })
                .collect(),
        })
        .collect();
    TableDoc {
        name: table.name.name.clone(),
        anchor: anchor(&table.name.name),
        description: table
            .description
            .as_deref()
            .map(markdown_text)
            .unwrap_or_default(),
        only_dialects: table
            .only_dialects
            .iter()
            .flatten()
            .map(|d| d.to_string())
            .collect(),
        added_in: table.added_in.clone().unwrap_or_default(),
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
                    .map(|d| markdown_text(&d.to_string()))
                    .unwrap_or_default(),
                auto_increment: c.auto_increment,
                sensitive: c.sensitive,
                description: c
                    .description
                    .as_deref()
                    .map(markdown_text)
                    .unwrap_or_default(),
                allowed_values: c
                    .allowed_values
                    .as_ref()
                    .map(|v| markdown_text(&v.join(", ")))
                    .unwrap_or_default(),
                overrides: c
                    .overrides
                    .iter()
                    .map(|(dialect, o)| {
                        let what = o
                            .native_type
                            .clone()
                            .or(o.portable_type.map(|t| t.to_string()))
                            .unwrap_or_else(|| "other settings".to_string());
                        markdown_text(&format!("{dialect}: {what} ({})", o.reason))
                    })
                    .collect(),
                added_in: c
                    .added_in
                    .clone()
                    .filter(|r| Some(r) != table.added_in.as_ref())
                    .unwrap_or_default(),
            })
            .collect(),
        constraints,
        references,
        referenced_by,
        native,
    }
}

pub fn dictionary(model: &Model) -> String {
    let mut env = minijinja::Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.add_template(
        "dictionary.md.j2",
        include_str!("../../templates/dictionary.md.j2"),
    )
    .expect("templates/dictionary.md.j2 parses");
    // Child → parent, for each parent's "referenced by".
    let mut referenced_by: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for table in model.modules.iter().flat_map(|m| &m.tables) {
        for fk in &table.foreign_keys {
            referenced_by
                .entry(fk.ref_table.name.as_str())
                .or_default()
                .push(format!(
                    "[{}](#{}) ({} → {}){}",
                    table.name.name,
                    anchor(&table.name.name),
                    names(&fk.columns),
                    names(&fk.ref_columns),
                    on_delete(fk.on_delete)
                ));
        }
    }
    let modules: Vec<ModuleDoc> = model
        .modules
        .iter()
        .map(|m| ModuleDoc {
            name: m.name.clone(),
            path: m.path.replace("{file}", &model.product.file_name),
            description: m
                .description
                .as_deref()
                .map(markdown_text)
                .unwrap_or_default(),
            diagram: diagram(&m.tables),
            tables: m
                .tables
                .iter()
                .map(|t| TocEntry {
                    name: t.name.name.clone(),
                    anchor: anchor(&t.name.name),
                })
                .collect(),
        })
        .collect();
    let tables: BTreeMap<String, Vec<TableDoc>> = model
        .modules
        .iter()
        .map(|m| {
            (
                m.name.clone(),
                m.tables
                    .iter()
                    .map(|t| {
                        let by = referenced_by
                            .get(t.name.name.as_str())
                            .cloned()
                            .unwrap_or_default();
                        table_doc(model, t, by)
                    })
                    .collect(),
            )
        })
        .collect();
    let type_overrides: Vec<String> = model
        .product
        .type_overrides
        .iter()
        .flat_map(|(dialect, map)| {
            map.iter().map(move |(portable, native)| {
                let reason = &model.product.type_override_reasons[dialect][portable];
                format!("{dialect}: every {portable} column is {native} ({reason})")
            })
        })
        .map(|line| markdown_text(&line))
        .collect();
    let mut text = env
        .get_template("dictionary.md.j2")
        .expect("registered")
        .render(minijinja::context! {
            product => &model.product.name,
            description => model.product.description.as_deref().map(markdown_text).unwrap_or_default(),
            content_hash => &model.content_hash,
            release => model.release.clone().unwrap_or_default(),
            releases => &model.releases,
            dialects => model.product.targets.keys().map(|d| d.as_str()).collect::<Vec<_>>(),
            type_overrides => type_overrides,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_text_keeps_what_the_model_says_visible() {
        assert_eq!(
            markdown_text("<IS_HOME>/repository & inum=<inum>"),
            "&lt;IS_HOME&gt;/repository &amp; inum=&lt;inum&gt;"
        );
        assert_eq!(
            markdown_text("UM_ID and _x_ *b* `c` [d] a|b \\"),
            "UM_ID and \\_x\\_ \\*b\\* \\`c\\` \\[d\\] a\\|b \\\\"
        );
        assert_eq!(markdown_text("two\nlines"), "two lines");
    }

    #[test]
    fn anchors_are_github_heading_slugs() {
        assert_eq!(anchor("REG_PATH"), "reg_path");
        assert_eq!(anchor("jansPerson"), "jansperson");
    }
}
