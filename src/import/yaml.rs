//! The model files as people write them by hand (model/README.md): a modeline first, a column
//! on one line as a flow mapping where it fits in 100 characters, keys in the order the README
//! shows them, long descriptions folded.

use std::collections::BTreeSet;

use super::Origin;
use super::merge::MergedModule;
use crate::model::{
    Column, ColumnOverride, DefaultExpression, DefaultValue, DialectName, IdentifierPolicy,
    ReferentialAction, Table,
};

const WIDTH: usize = 100;

pub fn product_file(
    product: &str,
    policy: IdentifierPolicy,
    dialects: &BTreeSet<DialectName>,
    modules: &[MergedModule],
    origin: &Origin,
) -> String {
    let mut out = String::from("# yaml-language-server: $schema=product.schema.json\n");
    out.push_str(&format!("# Imported by `{}` from:\n", origin.command));
    for (source, dialect) in &origin.sources {
        out.push_str(&format!("#   {source} ({dialect})\n"));
    }
    out.push_str(
        "# The target versions are defaults: set the oldest version each dialect must run on.\n",
    );
    out.push_str(&format!("product: {}\n", scalar(product, false)));
    let policy = match policy {
        IdentifierPolicy::Unquoted => "unquoted",
        IdentifierPolicy::QuotedWhenReserved => "quoted-when-reserved",
        IdentifierPolicy::QuotedWhenNeeded => "quoted-when-needed",
        IdentifierPolicy::AlwaysQuoted => "always-quoted",
    };
    out.push_str(&format!("identifiers: {policy}\n"));
    if modules
        .iter()
        .flat_map(|m| &m.tables)
        .flat_map(|t| &t.columns)
        .any(|c| c.allowed_values.is_some())
    {
        out.push_str("check_allowed_values: true\n");
    }
    out.push_str("dialects:\n");
    for d in dialects {
        let version = super::source::source_for(*d)
            .map(|s| s.default_version())
            .unwrap_or("1");
        out.push_str(&format!("  {d}: {{version: \"{version}\"}}\n"));
    }
    out.push_str("file_name: \"{dialect}.sql\"\n");
    out.push_str("modules:\n");
    for m in modules {
        out.push_str(&format!("  - file: {}\n", scalar(&m.file_name(), false)));
        out.push_str(&format!("    path: {}\n", double_quoted(&m.path)));
    }
    out
}

pub fn module_file(module: &MergedModule, origin: &Origin) -> String {
    let mut out = String::from("# yaml-language-server: $schema=module.schema.json\n");
    out.push_str(&format!("# Imported by `{}` from:\n", origin.command));
    for (d, file) in &module.sources {
        out.push_str(&format!("#   {file} ({d})\n"));
    }
    out.push_str(&format!("module: {}\n", scalar(&module.name, false)));
    out.push_str("tables:\n");
    for table in &module.tables {
        write_table(&mut out, module, table);
    }
    out
}

fn write_table(out: &mut String, module: &MergedModule, table: &Table) {
    out.push_str(&format!("  - name: {}\n", scalar(&table.name.name, false)));
    if let Some(d) = &table.description {
        write_text(out, 4, "description", d);
    }
    out.push_str("    columns:\n");
    for c in &table.columns {
        write_column(out, c);
    }
    if let Some(pk) = &table.primary_key {
        out.push_str(&format!("    primary_key: {}\n", names(&pk.columns)));
        if let Some(n) = &pk.name {
            out.push_str(&format!(
                "    primary_key_name: {}\n",
                scalar(&n.name, false)
            ));
        }
    }
    if !table.uniques.is_empty() {
        out.push_str("    unique:\n");
        for u in &table.uniques {
            let mut fields = vec![("columns".to_string(), names(&u.columns))];
            if let Some(n) = &u.name {
                fields.push(("name".to_string(), scalar(&n.name, true)));
            }
            if let Some(reason) = nulls_equal(&mut fields, &u.nulls_equal_declared) {
                fields.push(("reason".to_string(), scalar(&reason, true)));
            }
            out.push_str(&format!("      - {}\n", flow(&fields)));
        }
    }
    if !table.indexes.is_empty() {
        out.push_str("    indexes:\n");
        for i in &table.indexes {
            let mut fields = vec![
                ("name".to_string(), scalar(&i.name.name, true)),
                ("columns".to_string(), names(&i.columns)),
            ];
            let mut reasons = Vec::new();
            if i.unique {
                fields.push(("unique".to_string(), "true".to_string()));
                if let Some(reason) = nulls_equal(&mut fields, &i.nulls_equal_declared) {
                    reasons.push(reason);
                }
            }
            if let Some(only) = &i.only_dialects {
                fields.push(("only_dialects".to_string(), dialect_list(only)));
                if let Some(reason) = module
                    .index_reasons
                    .get(&(table.name.name.clone(), i.name.name.clone()))
                {
                    reasons.push(reason.clone());
                }
            }
            if !reasons.is_empty() {
                fields.push(("reason".to_string(), scalar(&reasons.join("; "), true)));
            }
            out.push_str(&format!("      - {}\n", flow(&fields)));
        }
    }
    if !table.foreign_keys.is_empty() {
        out.push_str("    foreign_keys:\n");
        for f in &table.foreign_keys {
            let mut fields = Vec::new();
            if let Some(n) = &f.name {
                fields.push(("name".to_string(), scalar(&n.name, true)));
            }
            fields.push(("columns".to_string(), names(&f.columns)));
            fields.push(("references".to_string(), scalar(&f.ref_table.name, true)));
            fields.push(("ref_columns".to_string(), names(&f.ref_columns)));
            let action = (f.on_delete != ReferentialAction::NoAction).then(|| f.on_delete.as_str());
            if let Some(a) = action {
                fields.push(("on_delete".to_string(), a.to_string()));
            }
            let line = flow(&fields);
            if line.len() + 8 <= WIDTH {
                out.push_str(&format!("      - {line}\n"));
            } else {
                let mut first = true;
                for (k, v) in &fields {
                    let lead = if first { "      - " } else { "        " };
                    first = false;
                    out.push_str(&format!("{lead}{k}: {v}\n"));
                }
            }
        }
    }
    if let Some(only) = &table.only_dialects {
        if let Some(note) = module.table_notes.get(&table.name.name) {
            out.push_str(&format!("    # {note}\n"));
        }
        out.push_str(&format!("    only_dialects: {}\n", dialect_list(only)));
    }
    if !table.rows.is_empty() {
        out.push_str("    rows:\n");
        for row in &table.rows {
            let fields: Vec<(String, String)> = row
                .values
                .iter()
                .map(|(k, v)| {
                    (
                        scalar(k, true),
                        v.as_ref().map_or("null".to_string(), |v| value(v, true)),
                    )
                })
                .collect();
            out.push_str(&format!("      - {}\n", flow(&fields)));
        }
    }
}

/// One column as an entry of a table's `columns:` list, its dash at six spaces, as
/// [`module_file`] writes it: for tools that add columns to a hand-kept module file.
pub fn column_entry(c: &Column) -> String {
    let mut out = String::new();
    write_column(&mut out, c);
    out
}

fn write_column(out: &mut String, c: &Column) {
    let mut fields: Vec<(String, String)> = vec![
        ("name".to_string(), scalar(&c.name.name, true)),
        ("type".to_string(), c.portable_type.to_string()),
    ];
    if !c.nullable {
        fields.push(("nullable".to_string(), "false".to_string()));
    }
    if let Some(d) = &c.default {
        fields.push(("default".to_string(), value(d, true)));
    }
    if c.auto_increment {
        fields.push(("auto_increment".to_string(), "true".to_string()));
    }
    if let Some(values) = &c.allowed_values {
        let items: Vec<String> = values.iter().map(|v| scalar(v, true)).collect();
        fields.push((
            "allowed_values".to_string(),
            format!("[{}]", items.join(", ")),
        ));
    }
    let overrides: Vec<(String, String)> = c
        .overrides
        .iter()
        .map(|(d, o)| (d.to_string(), override_flow(o)))
        .collect();
    let mut one_line = fields.clone();
    if let Some(d) = &c.description {
        one_line.push(("description".to_string(), scalar(d, true)));
    }
    if !overrides.is_empty() {
        one_line.push(("overrides".to_string(), flow(&overrides)));
    }
    let line = format!("      - {}", flow(&one_line));
    if line.len() <= WIDTH && !line.contains('\n') {
        out.push_str(&line);
        out.push('\n');
        return;
    }
    let mut first = true;
    for (k, v) in &fields {
        let lead = if first { "      - " } else { "        " };
        first = false;
        out.push_str(&format!("{lead}{k}: {v}\n"));
    }
    if let Some(d) = &c.description {
        write_text(out, 8, "description", d);
    }
    if !overrides.is_empty() {
        out.push_str("        overrides:\n");
        for (d, o) in &overrides {
            out.push_str(&format!("          {d}: {o}\n"));
        }
    }
}

fn override_flow(o: &ColumnOverride) -> String {
    let mut fields = Vec::new();
    if let Some(t) = o.portable_type {
        fields.push(("type".to_string(), t.to_string()));
    }
    if let Some(n) = &o.native_type {
        fields.push(("native_type".to_string(), scalar(n, true)));
    }
    if let Some(n) = o.nullable {
        fields.push(("nullable".to_string(), n.to_string()));
    }
    if let Some(d) = &o.default {
        fields.push(("default".to_string(), value(d, true)));
    }
    fields.push(("reason".to_string(), scalar(&o.reason, true)));
    flow(&fields)
}

fn flow(fields: &[(String, String)]) -> String {
    let parts: Vec<String> = fields.iter().map(|(k, v)| format!("{k}: {v}")).collect();
    format!("{{{}}}", parts.join(", "))
}

fn names(idents: &[crate::model::Ident]) -> String {
    let items: Vec<String> = idents.iter().map(|i| scalar(&i.name, true)).collect();
    format!("[{}]", items.join(", "))
}

fn dialect_list(dialects: &BTreeSet<DialectName>) -> String {
    let items: Vec<&str> = dialects.iter().map(|d| d.as_str()).collect();
    format!("[{}]", items.join(", "))
}

fn value(v: &DefaultValue, in_flow: bool) -> String {
    match v {
        DefaultValue::Integer(n) => n.to_string(),
        DefaultValue::Float(x) => {
            let text = x.to_string();
            if text.contains('.') || text.contains('e') {
                text
            } else {
                format!("{text}.0")
            }
        }
        DefaultValue::Boolean(b) => b.to_string(),
        DefaultValue::Text(s) => scalar(s, in_flow),
        DefaultValue::Expression(DefaultExpression::CurrentTimestamp) => {
            "{expr: current_timestamp}".to_string()
        }
        DefaultValue::Expression(DefaultExpression::CurrentDate) => {
            "{expr: current_date}".to_string()
        }
    }
}

/// `key: text` at `indent`: plain or quoted on one line when it fits, else folded (`>-`)
/// where folding keeps the text exactly, else double-quoted.
fn write_text(out: &mut String, indent: usize, key: &str, text: &str) {
    let pad = " ".repeat(indent);
    let one = format!("{pad}{key}: {}", scalar(text, false));
    if one.len() <= WIDTH {
        out.push_str(&one);
        out.push('\n');
        return;
    }
    let foldable = !text.contains("  ")
        && text.trim() == text
        && text
            .chars()
            .all(|c| !c.is_control() && !crate::dialect::LINE_BREAKS.contains(&c))
        && !text.starts_with(['#', '-', '>', '|']);
    if !foldable {
        out.push_str(&one);
        out.push('\n');
        return;
    }
    out.push_str(&format!("{pad}{key}: >-\n"));
    let body_pad = " ".repeat(indent + 2);
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && body_pad.len() + line.len() + 1 + word.len() > WIDTH {
            out.push_str(&format!("{body_pad}{line}\n"));
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push_str(&format!("{body_pad}{line}\n"));
}

/// A string as a YAML scalar: plain where YAML reads it back as this same string, else
/// single-quoted, else (control characters) double-quoted.
pub fn scalar(text: &str, in_flow: bool) -> String {
    if is_plain(text, in_flow) {
        text.to_string()
    } else if text
        .chars()
        .all(|c| !c.is_control() && !crate::dialect::LINE_BREAKS.contains(&c))
    {
        format!("'{}'", text.replace('\'', "''"))
    } else {
        double_quoted(text)
    }
}

fn double_quoted(text: &str) -> String {
    serde_json::to_string(text).expect("a string serializes")
}

fn is_plain(text: &str, in_flow: bool) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    const RESERVED: [&str; 10] = [
        "true", "false", "yes", "no", "on", "off", "null", "y", "n", "~",
    ];
    let starts_plain = first.is_ascii_alphabetic() || first == '_' || first == '/';
    let flow_safe = !in_flow || !text.contains([',', '[', ']', '{', '}']);
    starts_plain
        && flow_safe
        && !RESERVED.contains(&text.to_ascii_lowercase().as_str())
        && text.trim() == text
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.ends_with(':')
        && !text.contains(['\'', '"', '`', '\\', '{', '}', '[', ']'])
        && text
            .chars()
            .all(|c| !c.is_control() && !crate::dialect::LINE_BREAKS.contains(&c))
}

/// The files of a new product (`schemagen init`): product.yaml, an example module and the
/// JSON Schema files its modelines point at.
pub fn init_files(product: &str, dialects: &BTreeSet<DialectName>) -> Vec<(String, String)> {
    let mut product_yaml = String::from("# yaml-language-server: $schema=product.schema.json\n");
    product_yaml
        .push_str("# Set each dialect's version to the oldest database the scripts must run on.\n");
    product_yaml.push_str(&format!("product: {}\n", scalar(product, false)));
    product_yaml.push_str("identifiers: unquoted\n");
    product_yaml.push_str("dialects:\n");
    for d in dialects {
        let version = super::source::source_for(*d)
            .map(|s| s.default_version())
            .unwrap_or(match d {
                DialectName::Db2 => "11.5",
                _ => "14.10",
            });
        product_yaml.push_str(&format!("  {d}: {{version: \"{version}\"}}\n"));
    }
    product_yaml.push_str("file_name: \"{dialect}.sql\"\n");
    product_yaml.push_str("modules:\n  - file: example.yaml\n    path: \"{file}\"\n");
    let module = "\
# yaml-language-server: $schema=module.schema.json
# An example module: replace its table with the product's (`schemagen schema module` prints the format).
module: example
description: Example tables
tables:
  - name: EXAMPLE_ITEM
    description: One row per item.
    columns:
      - {name: ITEM_ID, type: integer, nullable: false, auto_increment: true}
      - {name: ITEM_CODE, type: varchar(64), nullable: false, description: The item's code.}
      - {name: CREATED_AT, type: timestamp, default: {expr: current_timestamp}}
    primary_key: [ITEM_ID]
    unique:
      - {columns: [ITEM_CODE]}
";
    vec![
        (crate::model::load::PRODUCT_FILE.to_string(), product_yaml),
        ("example.yaml".to_string(), module.to_string()),
        (
            "product.schema.json".to_string(),
            crate::schema::product_schema() + "\n",
        ),
        (
            "module.schema.json".to_string(),
            crate::schema::module_schema() + "\n",
        ),
    ]
}

/// Adds `nulls_equal_in` for a key read as a plain unique key from scripts of databases that
/// compare NULLs in it as equal, and gives the reason to write with it.
fn nulls_equal(
    fields: &mut Vec<(String, String)>,
    dialects: &BTreeSet<DialectName>,
) -> Option<String> {
    if dialects.is_empty() {
        return None;
    }
    let names: Vec<&str> = dialects.iter().map(|d| d.as_str()).collect();
    fields.push(("nulls_equal_in".to_string(), dialect_list(dialects)));
    Some(format!(
        "imported: the {} script declares a plain unique key, in which that database compares NULLs as equal",
        names.join(", ")
    ))
}
