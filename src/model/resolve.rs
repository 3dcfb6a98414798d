//! AST → resolved model: types parsed, defaults applied, positions kept. Rules that need
//! only one table are checked here; rules across tables and dialects are in `validate`.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use crate::dialect::LengthUnit;
use serde_saphyr::Spanned;

use super::ast::{self, ModuleFile, ProductFile};
use super::diagnostic::{Diagnostic, Diagnostics, Pos, excerpt, suggest};
use super::types::{PortableType, TYPE_KEYS, TYPE_NAMES};
use super::{
    Column, ColumnOverride, ForeignKey, Ident, Index, Model, Module, PrimaryKey, Product, Table,
    Unique, Version,
};

pub(super) fn resolve(
    dir: &Path,
    product_path: &Arc<Path>,
    product: &ProductFile,
    modules: &[(Arc<Path>, ModuleFile)],
    content_hash: String,
    diagnostics: &mut Diagnostics,
) -> Model {
    let mut targets = BTreeMap::new();
    for (dialect, target) in &product.dialects {
        let data = dialect.implementation().data();
        for variant in &target.variants {
            if !data.variants.contains_key(&variant.value) {
                diagnostics.push(
                    Diagnostic::new(
                        Pos::new(product_path, variant.referenced),
                        "E035",
                        format!("`{}` is not a variant of {dialect}", variant.value),
                    )
                    .help(format!(
                        "{dialect} has the variants: {}",
                        data.variants.keys().cloned().collect::<Vec<_>>().join(", ")
                    )),
                );
            }
        }
        for (key, value) in &target.settings {
            if data.settings.contains_key(key)
                && let Some(problem) = dialect.implementation().setting_problem(
                    key,
                    &value.value,
                    Version::parse(&target.version.value).as_ref(),
                )
            {
                diagnostics.push(
                    Diagnostic::new(Pos::new(product_path, value.referenced), "E043", problem)
                        .help("settings are written into the scripts as they are: give a value of the kind the message says the setting takes"),
                );
            }
            if !data.settings.contains_key(key) {
                diagnostics.push(
                    Diagnostic::new(
                        Pos::new(product_path, value.referenced),
                        "E035",
                        format!("`{key}` is not a setting of {dialect}"),
                    )
                    .help(format!(
                        "{dialect} has the settings: {}",
                        data.settings.keys().cloned().collect::<Vec<_>>().join(", ")
                    )),
                );
            }
        }
        match Version::parse(&target.version.value) {
            Some(version) => {
                targets.insert(
                    *dialect,
                    super::DialectTarget {
                        version,
                        variants: target
                            .variants
                            .iter()
                            .filter(|v| data.variants.contains_key(&v.value))
                            .map(|v| v.value.clone())
                            .collect(),
                        settings: target
                            .settings
                            .iter()
                            .filter(|(k, _)| data.settings.contains_key(*k))
                            .map(|(k, v)| (k.clone(), v.value.clone()))
                            .collect(),
                    },
                );
            }
            None => diagnostics.push(
                Diagnostic::new(
                    Pos::new(product_path, target.version.referenced),
                    "E003",
                    format!("`{}` is not a version", target.version.value),
                )
                .help("write the target version as numbers, e.g. \"12\", \"8.0\", \"19c\""),
            ),
        }
    }
    let mut type_overrides = BTreeMap::new();
    let mut type_override_reasons = BTreeMap::new();
    for (dialect, map) in &product.type_overrides {
        let mut resolved = BTreeMap::new();
        let mut reasons = BTreeMap::new();
        for (key, over) in map {
            if TYPE_KEYS.contains(&key.as_str()) {
                let filled = ["{n}", "{p}", "{s}"]
                    .iter()
                    .fold(over.value.native_type.clone(), |t, p| t.replace(p, "1"));
                check_native_type(
                    Pos::new(product_path, over.referenced),
                    &filled,
                    diagnostics,
                );
                resolved.insert(key.clone(), over.value.native_type.clone());
                reasons.insert(key.clone(), over.value.reason.clone());
            } else {
                diagnostics.push(
                    Diagnostic::new(
                        Pos::new(product_path, over.referenced),
                        "E034",
                        format!("`{key}` in type_overrides.{dialect} is not a portable type name"),
                    )
                    .help(format!(
                        "use a name without parameters: {}",
                        TYPE_KEYS.join(", ")
                    )),
                );
            }
        }
        type_overrides.insert(*dialect, resolved);
        type_override_reasons.insert(*dialect, reasons);
    }
    check_name(product_path, &product.product, "product", diagnostics);
    if let Some(d) = &product.description {
        check_text(product_path, d, "the product's description", diagnostics);
    }
    for (path, file) in modules {
        check_name(path, &file.module, "module", diagnostics);
        if let Some(d) = &file.description {
            check_text(path, d, "the module's description", diagnostics);
        }
    }
    let product_resolved = Product {
        name: product.product.value.clone(),
        description: product.description.as_ref().map(|d| d.value.clone()),
        identifiers: product.identifiers,
        targets,
        file_name: product.file_name.value.clone(),
        check_allowed_values: product.check_allowed_values,
        type_overrides,
        type_override_reasons,
        upgrade_dir: product
            .upgrade_dir
            .as_ref()
            .map_or("upgrades/{from}_to_{to}", |d| d.value.as_str())
            .to_string(),
        allow: resolve_allows(product_path, &product.allow, diagnostics),
    };
    let product_nulls_equal: BTreeSet<super::DialectName> = product
        .unique_nulls_equal_in
        .iter()
        .flat_map(|n| n.dialects.iter().copied())
        .collect();
    let unicode_case = product
        .dialects
        .keys()
        .any(|d| d.implementation().unicode_case_insensitive());
    let modules: Vec<Module> = product
        .modules
        .iter()
        .zip(modules)
        .map(|(module_ref, (path, file))| Module {
            name: file.module.value.clone(),
            description: file.description.as_ref().map(|d| d.value.clone()),
            file: module_ref.file.value.clone(),
            path: module_ref.path.value.clone(),
            tables: file
                .tables
                .iter()
                .map(|t| resolve_table(path, t, unicode_case, &product_nulls_equal, diagnostics))
                .collect(),
        })
        .collect();
    check_output_paths(
        product_path,
        product,
        &product_resolved,
        &modules,
        diagnostics,
    );
    Model {
        dir: dir.to_path_buf(),
        product: product_resolved,
        modules,
        content_hash,
        release: None,
        releases: Vec::new(),
    }
}

/// Every output file of every module has its own path, inside the output directory, that is
/// not a name schemagen keeps for itself (E050, E051).
fn check_output_paths(
    product_path: &Arc<Path>,
    product: &ProductFile,
    resolved: &Product,
    modules: &[Module],
    diagnostics: &mut Diagnostics,
) {
    let known = |s: &Spanned<String>| s.referenced != serde_saphyr::Location::UNKNOWN;
    let mut outputs: Vec<String> = Vec::new();
    for (dialect, target) in &product.dialects {
        outputs.push(dialect.as_str().to_string());
        outputs.extend(target.variants.iter().map(|v| v.value.clone()));
    }
    let mut seen: HashMap<String, (usize, String, String)> = HashMap::new();
    let mut reported = HashSet::new();
    for (index, (module_ref, module)) in product.modules.iter().zip(modules).enumerate() {
        // Where the module's layout is written: its `path:`, else its `file:` entry.
        let layout_pos = if known(&module_ref.path) {
            Pos::new(product_path, module_ref.path.referenced)
        } else {
            Pos::new(product_path, module_ref.file.referenced)
        };
        for output in &outputs {
            let path = resolved.output_path(module, output);
            if let Some(problem) = output_path_problem(&path) {
                if reported.insert((index, "E051")) {
                    diagnostics.push(
                        Diagnostic::new(
                            layout_pos.clone(),
                            "E051",
                            format!("module `{}` would write `{path}`, which {problem}", module.name),
                        )
                        .help("give `path:` (and `file_name`) relative plain names, such as `identity/{file}`"),
                    );
                }
                continue;
            }
            match seen.get(&path) {
                Some((other_index, other_module, other_output)) => {
                    let same_module = *other_index == index;
                    let (pos, cause) = if same_module && known(&product.file_name) {
                        (
                            Pos::new(product_path, product.file_name.referenced),
                            "`file_name` needs `{dialect}`",
                        )
                    } else if same_module {
                        (layout_pos.clone(), "`path:` needs `{file}`")
                    } else {
                        (layout_pos.clone(), "give each module its own `path:`")
                    };
                    if reported.insert((index, "E050")) {
                        diagnostics.push(
                            Diagnostic::new(
                                pos,
                                "E050",
                                format!(
                                    "module `{}` writes `{path}` for {output}, which module `{other_module}` writes for {other_output}: one would overwrite the other",
                                    module.name
                                ),
                            )
                            .help(format!("every output needs its own file: {cause}")),
                        );
                    }
                }
                None => {
                    seen.insert(path, (index, module.name.clone(), output.clone()));
                }
            }
        }
    }
}

/// Why an output path cannot be written, if it cannot: it must be a relative path of plain
/// names inside the output directory, and not one of the names schemagen keeps.
fn output_path_problem(path: &str) -> Option<&'static str> {
    if path.starts_with('/') || path.contains('\\') || std::path::Path::new(path).is_absolute() {
        return Some("is not a relative path inside the output directory");
    }
    if path.chars().any(char::is_control) {
        return Some("has a control character");
    }
    let parts: Vec<&str> = path.split('/').collect();
    if parts
        .iter()
        .any(|p| p.is_empty() || *p == "." || *p == "..")
    {
        return Some("has an empty, `.` or `..` part: it must stay inside the output directory");
    }
    if parts.iter().any(|p| p.starts_with(".schemagen-")) {
        return Some("is a name schemagen keeps for its own files (`.schemagen-*`)");
    }
    None
}

/// E039: a name that no script can hold as it is: empty, with spaces at either end, or with a
/// control character or a line break (which would start a new line of SQL in a `--` header,
/// or end a name in the middle).
fn check_name(file: &Arc<Path>, name: &Spanned<String>, what: &str, diagnostics: &mut Diagnostics) {
    let text = &name.value;
    let problem = if text.is_empty() {
        Some("is empty".to_string())
    } else if let Some(c) = text
        .chars()
        .find(|c| c.is_control() || crate::dialect::LINE_BREAKS.contains(c))
    {
        Some(format!("contains the control character U+{:04X}", c as u32))
    } else if text.trim() != text {
        Some("starts or ends with a space".to_string())
    } else {
        None
    };
    if let Some(problem) = problem {
        diagnostics.push(
            Diagnostic::new(
                Pos::new(file, name.referenced),
                "E039",
                format!("{what} name `{}` {problem}", excerpt(text)),
            )
            .help("a name is one line of printable characters without spaces at either end: rename it"),
        );
    }
}

/// E042: a text (description, default, allowed value, row value) holding NUL, which no
/// database stores in text (PostgreSQL refuses it, the mysql client cuts the line there).
fn check_text(file: &Arc<Path>, text: &Spanned<String>, what: &str, diagnostics: &mut Diagnostics) {
    check_text_at(
        Pos::new(file, text.referenced),
        &text.value,
        what,
        diagnostics,
    );
}

fn check_text_at(pos: Pos, text: &str, what: &str, diagnostics: &mut Diagnostics) {
    if let Some(at) = text.find('\0') {
        diagnostics.push(
            Diagnostic::new(
                pos,
                "E042",
                format!(
                    "{what} contains a NUL character (at byte {at}), which PostgreSQL refuses in text and the mysql client cuts off"
                ),
            )
            .help("remove the NUL character (`\\0` in a double-quoted YAML string)"),
        );
    }
}

/// E045: a native type is written into CREATE TABLE as it is, so it must be a type name.
fn check_native_type(pos: Pos, text: &str, diagnostics: &mut Diagnostics) {
    if !is_native_type_name(text) {
        diagnostics.push(
            Diagnostic::new(
                pos,
                "E045",
                format!("native type `{}` is not a type name", excerpt(text)),
            )
            .help("a native type is written as it is: letters, digits and `_` in words, and one list of numbers in parentheses, e.g. `DATETIME(3)`"),
        );
    }
}

/// Whether `text` is what the model takes as a native type: words, one parenthesised list of
/// numbers, words (`DATETIME(3)`, `TIMESTAMP(6) WITH TIME ZONE`).
pub(crate) fn is_native_type_name(text: &str) -> bool {
    let mut lists = 0;
    let mut inside = false;
    let mut ok = text.starts_with(|c: char| c.is_ascii_alphabetic())
        && !text.contains("  ")
        && !text.ends_with(' ');
    for c in text.chars() {
        ok &= match c {
            '(' if !inside && lists == 0 => {
                inside = true;
                lists = 1;
                true
            }
            ')' if inside => {
                inside = false;
                true
            }
            c if inside => c.is_ascii_digit() || c == ',' || c == ' ',
            c => c.is_ascii_alphanumeric() || c == '_' || c == ' ',
        };
    }
    ok && !inside
}

fn ident(file: &Arc<Path>, spanned: &Spanned<String>) -> Ident {
    Ident {
        name: spanned.value.clone(),
        pos: Pos::new(file, spanned.referenced),
    }
}

fn dialect_set(list: &Option<Spanned<Vec<super::DialectName>>>) -> BTreeSet<super::DialectName> {
    list.iter().flat_map(|l| l.value.iter().copied()).collect()
}

fn idents(file: &Arc<Path>, list: &Spanned<Vec<Spanned<String>>>) -> Vec<Ident> {
    list.value.iter().map(|s| ident(file, s)).collect()
}

fn parse_type(
    file: &Arc<Path>,
    text: &Spanned<String>,
    diagnostics: &mut Diagnostics,
) -> Option<PortableType> {
    match PortableType::parse(&text.value) {
        Ok(t) => Some(t),
        Err(message) => {
            let help = format!("use a portable type: {TYPE_NAMES}");
            let help = if message.starts_with("unknown type") {
                let base = text.value.split('(').next().unwrap_or("").trim();
                let names = TYPE_KEYS.iter().copied().chain(["clob", "numeric"]);
                suggest(base, names, help)
            } else {
                help
            };
            diagnostics
                .push(Diagnostic::new(Pos::new(file, text.referenced), "E010", message).help(help));
            None
        }
    }
}

fn resolve_table(
    file: &Arc<Path>,
    def: &ast::TableDef,
    unicode_case: bool,
    product_nulls_equal: &BTreeSet<super::DialectName>,
    diagnostics: &mut Diagnostics,
) -> Table {
    check_name(file, &def.name, "table", diagnostics);
    if let Some(d) = &def.description {
        check_text(
            file,
            d,
            &format!("the description of table `{}`", excerpt(&def.name.value)),
            diagnostics,
        );
    }
    let names = def
        .primary_key_name
        .iter()
        .chain(def.unique.iter().filter_map(|u| u.name.as_ref()))
        .chain(def.indexes.iter().map(|i| &i.name))
        .chain(def.foreign_keys.iter().filter_map(|f| f.name.as_ref()));
    for name in names {
        check_name(file, name, "index or constraint", diagnostics);
    }
    let accepted = def
        .unique
        .iter()
        .map(|u| (&u.nulls_equal_in, &u.reason))
        .chain(def.indexes.iter().map(|i| (&i.nulls_equal_in, &i.reason)));
    for (list, reason) in accepted {
        if let Some(list) = list
            && reason.as_deref().is_none_or(|r| r.trim().is_empty())
        {
            diagnostics.push(
                Diagnostic::new(
                    Pos::new(file, list.referenced),
                    "E056",
                    format!(
                        "a key of table `{}` accepts NULLs comparing equal (`nulls_equal_in`) without saying why",
                        excerpt(&def.name.value)
                    ),
                )
                .help("add `reason:` saying why one row per key may hold NULL there (reviewers read it)"),
            );
        }
    }
    let mut columns = Vec::new();
    let mut seen = HashSet::new();
    for c in &def.columns {
        if !seen.insert(super::validate::name_key(&c.name.value, unicode_case)) {
            diagnostics.push(
                Diagnostic::new(
                    Pos::new(file, c.name.referenced),
                    "E012",
                    format!(
                        "column `{}` is defined twice in table `{}`",
                        c.name.value, def.name.value
                    ),
                )
                .help("rename or remove one of them (names are compared case-insensitively)"),
            );
        }
        if let Some(column) = resolve_column(file, c, diagnostics) {
            columns.push(column);
        }
    }
    // A primary-key column is NOT NULL by definition: one that does not say `nullable:` is
    // not nullable (E015 is for one that says `nullable: true`).
    let key: HashSet<&str> = def
        .primary_key
        .iter()
        .flat_map(|pk| pk.value.iter().map(|c| c.value.as_str()))
        .collect();
    for column in &mut columns {
        let unwritten = def
            .columns
            .iter()
            .find(|d| d.name.value == column.name.name)
            .is_some_and(|d| d.nullable.is_none());
        if unwritten && key.contains(column.name.name.as_str()) {
            column.nullable = false;
        }
    }
    let mut table = Table {
        name: ident(file, &def.name),
        renamed_from: def.renamed_from.clone(),
        added_in: def.added_in.as_ref().map(|r| r.value.clone()),
        description: def.description.as_ref().map(|d| d.value.clone()),
        description_pos: Pos::new(
            file,
            def.description
                .as_ref()
                .map_or(def.name.referenced, |d| d.referenced),
        ),
        columns,
        primary_key: def.primary_key.as_ref().map(|pk| PrimaryKey {
            name: def.primary_key_name.as_ref().map(|n| ident(file, n)),
            columns: idents(file, pk),
            pos: Pos::new(file, pk.referenced),
        }),
        uniques: def
            .unique
            .iter()
            .map(|u| Unique {
                name: u.name.as_ref().map(|n| ident(file, n)),
                columns: idents(file, &u.columns),
                pos: Pos::new(file, u.columns.referenced),
                nulls_equal_in: dialect_set(&u.nulls_equal_in)
                    .union(product_nulls_equal)
                    .copied()
                    .collect(),
                nulls_equal_declared: dialect_set(&u.nulls_equal_in),
            })
            .collect(),
        indexes: def
            .indexes
            .iter()
            .map(|i| Index {
                name: ident(file, &i.name),
                columns: idents(file, &i.columns),
                unique: i.unique,
                only_dialects: i
                    .only_dialects
                    .as_ref()
                    .map(|d| d.iter().copied().collect()),
                nulls_equal_in: dialect_set(&i.nulls_equal_in)
                    .union(product_nulls_equal)
                    .copied()
                    .collect(),
                nulls_equal_declared: dialect_set(&i.nulls_equal_in),
                pos: Pos::new(file, i.columns.referenced),
            })
            .collect(),
        foreign_keys: def
            .foreign_keys
            .iter()
            .map(|fk| ForeignKey {
                name: fk.name.as_ref().map(|n| ident(file, n)),
                columns: idents(file, &fk.columns),
                ref_table: ident(file, &fk.references),
                ref_columns: idents(file, &fk.ref_columns),
                on_delete: fk.on_delete,
                pos: Pos::new(file, fk.columns.referenced),
            })
            .collect(),
        only_dialects: def
            .only_dialects
            .as_ref()
            .map(|d| d.value.iter().copied().collect::<BTreeSet<_>>()),
        storage: resolve_storage(file, def, diagnostics),
        rows: Vec::new(),
        allow: resolve_allows(file, &def.allow, diagnostics),
    };
    check_table(&table, diagnostics);
    table.rows = def
        .rows
        .iter()
        .map(|row| resolve_row(file, &table, row, diagnostics))
        .collect();
    table
}

/// E074: a table's `storage` names only settings its dialect takes per table
/// (`table_settings` in `dialects/<dialect>/dialect.yaml`), with values the dialect accepts.
fn resolve_storage(
    file: &Arc<Path>,
    def: &ast::TableDef,
    diagnostics: &mut Diagnostics,
) -> BTreeMap<super::DialectName, BTreeMap<String, String>> {
    let mut storage = BTreeMap::new();
    for (dialect, settings) in &def.storage {
        let implementation = dialect.implementation();
        let allowed = &implementation.data().table_settings;
        let mut resolved = BTreeMap::new();
        for (key, value) in settings {
            let pos = Pos::new(file, value.referenced);
            if !allowed.contains(key) {
                let takes = if allowed.is_empty() {
                    "none".to_string()
                } else {
                    allowed.join(", ")
                };
                diagnostics.push(
                    Diagnostic::new(
                        pos,
                        "E074",
                        format!(
                            "`{}` is not a storage setting of {dialect} for table `{}`",
                            excerpt(key),
                            def.name.value
                        ),
                    )
                    .help(format!("{dialect} takes per table: {takes}")),
                );
            } else if let Some(problem) = implementation.setting_problem(key, &value.value, None) {
                diagnostics.push(
                    Diagnostic::new(pos, "E074", problem)
                        .help("storage settings are written into the scripts as they are: give a value of the kind the message says the setting takes"),
                );
            } else {
                resolved.insert(key.clone(), value.value.clone());
            }
        }
        storage.insert(*dialect, resolved);
    }
    storage
}

/// A data row: every column named exists, every value fits its column, every NOT NULL column
/// without a default (and not generated) is given.
fn resolve_row(
    file: &Arc<Path>,
    table: &Table,
    row: &Spanned<BTreeMap<String, Spanned<Option<super::DefaultValue>>>>,
    diagnostics: &mut Diagnostics,
) -> super::Row {
    let pos = Pos::new(file, row.referenced);
    for (name, value) in &row.value {
        let value_pos = Pos::new(file, value.referenced);
        let Some(column) = table.column(name) else {
            diagnostics.push(
                Diagnostic::new(
                    value_pos,
                    "E030",
                    format!(
                        "a row of table `{}` sets column `{name}`, which the table does not have",
                        table.name.name
                    ),
                )
                .help(suggest(
                    name,
                    table.columns.iter().map(|c| c.name.name.as_str()),
                    format!("use one of: {}", column_list(table)),
                )),
            );
            continue;
        };
        if let Some(super::DefaultValue::Text(text)) = &value.value {
            check_text_at(
                value_pos.clone(),
                text,
                &format!("a row value of `{}.{name}`", table.name.name),
                diagnostics,
            );
        }
        let problem = match &value.value {
            None if !column.nullable => Some(format!("column `{name}` is NOT NULL")),
            None => None,
            Some(v) => default_mismatch(column.portable_type, v).map(|p| format!("value {p}")),
        };
        if let Some(problem) = problem {
            diagnostics.push(
                Diagnostic::new(
                    value_pos,
                    "E031",
                    format!("a row of table `{}`: {problem}", table.name.name),
                )
                .help("give a value of the column's type"),
            );
        }
    }
    for column in &table.columns {
        if !column.nullable
            && column.default.is_none()
            && !column.auto_increment
            && !row.value.contains_key(&column.name.name)
        {
            diagnostics.push(
                Diagnostic::new(
                    pos.clone(),
                    "E032",
                    format!(
                        "a row of table `{}` leaves out `{}`, which is NOT NULL and has no default",
                        table.name.name, column.name.name
                    ),
                )
                .help(format!("give `{}` a value in the row", column.name.name)),
            );
        }
    }
    let written: Vec<_> = table
        .columns
        .iter()
        .filter_map(|c| row.value.get(&c.name.name).map(|v| (c, v)))
        .collect();
    super::Row {
        values: written
            .iter()
            .map(|(c, v)| (c.name.name.clone(), v.value.clone()))
            .collect(),
        value_pos: written
            .iter()
            .map(|(_, v)| Pos::new(file, v.referenced))
            .collect(),
        pos,
    }
}

fn resolve_column(
    file: &Arc<Path>,
    def: &ast::ColumnDef,
    diagnostics: &mut Diagnostics,
) -> Option<Column> {
    check_name(file, &def.name, "column", diagnostics);
    let column_name = excerpt(&def.name.value);
    if let Some(d) = &def.description {
        check_text(
            file,
            d,
            &format!("the description of column `{column_name}`"),
            diagnostics,
        );
    }
    let defaults = def
        .default
        .iter()
        .chain(&def.fill)
        .chain(def.overrides.values().filter_map(|o| o.default.as_ref()));
    for default in defaults {
        if let super::DefaultValue::Text(text) = &default.value {
            check_text_at(
                Pos::new(file, default.referenced),
                text,
                &format!("the default of column `{column_name}`"),
                diagnostics,
            );
        }
    }
    for value in def.allowed_values.iter().flat_map(|v| &v.value) {
        check_text(
            file,
            value,
            &format!("an allowed value of column `{column_name}`"),
            diagnostics,
        );
    }
    for over in def.overrides.values() {
        if let Some(native) = &over.native_type {
            check_native_type(
                Pos::new(file, native.referenced),
                &native.value,
                diagnostics,
            );
        }
    }
    let portable_type = parse_type(file, &def.type_name, diagnostics);
    let mut overrides = BTreeMap::new();
    for (dialect, over) in &def.overrides {
        let pos = over
            .type_name
            .as_ref()
            .or(over.native_type.as_ref())
            .map(|s| Pos::new(file, s.referenced))
            .unwrap_or_else(|| Pos::new(file, def.name.referenced));
        if over.type_name.is_some() && over.native_type.is_some() {
            diagnostics.push(
                Diagnostic::new(
                    pos.clone(),
                    "E006",
                    format!(
                        "the {dialect} override of `{}` sets both `type` and `native_type`",
                        def.name.value
                    ),
                )
                .help("keep one: `type` for a portable type, `native_type` for the dialect's own"),
            );
        }
        let override_type = over
            .type_name
            .as_ref()
            .and_then(|t| parse_type(file, t, diagnostics));
        overrides.insert(
            *dialect,
            ColumnOverride {
                portable_type: override_type,
                native_type: over.native_type.as_ref().map(|n| n.value.clone()),
                nullable: over.nullable,
                default: over.default.as_ref().map(|d| d.value.clone()),
                reason: over.reason.clone(),
                pos,
            },
        );
    }
    let auto_increment = def.auto_increment.as_ref().is_some_and(|a| a.value);
    if let (Some(t), Some(flag)) = (portable_type, def.auto_increment.as_ref())
        && flag.value
        && !t.is_integer()
    {
        diagnostics.push(
            Diagnostic::new(
                Pos::new(file, flag.referenced),
                "E023",
                format!("auto_increment column `{}` has type {t}", def.name.value),
            )
            .help("an auto-increment column must be smallint, integer or bigint"),
        );
    }
    for (what, value) in [("default", &def.default), ("fill", &def.fill)] {
        if let (Some(t), Some(default)) = (portable_type, value.as_ref())
            && let Some(problem) = default_mismatch(t, &default.value)
        {
            diagnostics.push(
                Diagnostic::new(
                    Pos::new(file, default.referenced),
                    "E024",
                    format!("{what} {problem}"),
                )
                .help(format!(
                    "give a {what} of the column's type (quote text: '0')"
                )),
            );
        }
    }
    if let (Some(t), Some(values)) = (portable_type, def.allowed_values.as_ref()) {
        let fits = |v: &str| match t {
            PortableType::Varchar(n) | PortableType::Char(n) => {
                LengthUnit::CodePoints.count(v) <= u64::from(n)
            }
            other => other.is_textual(),
        };
        if let Some(bad) = values
            .value
            .iter()
            .map(|v| v.value.as_str())
            .find(|v| !fits(v))
        {
            diagnostics.push(
                Diagnostic::new(
                    Pos::new(file, values.referenced),
                    "E033",
                    format!("allowed value '{bad}' of `{}` does not fit type {t}", def.name.value),
                )
                .help("allowed_values are text: the column must be varchar, char or text and long enough"),
            );
        }
    }
    Some(Column {
        name: ident(file, &def.name),
        renamed_from: def.renamed_from.clone(),
        added_in: def.added_in.as_ref().map(|r| r.value.clone()),
        portable_type: portable_type?,
        type_pos: Pos::new(file, def.type_name.referenced),
        nullable: def.nullable.as_ref().is_none_or(|n| n.value),
        default: def.default.as_ref().map(|d| d.value.clone()),
        fill: def.fill.as_ref().map(|d| d.value.clone()),
        fill_pos: Pos::new(
            file,
            def.fill
                .as_ref()
                .map_or(def.name.referenced, |d| d.referenced),
        ),
        default_pos: Pos::new(
            file,
            def.default
                .as_ref()
                .map_or(def.name.referenced, |d| d.referenced),
        ),
        auto_increment,
        description: def.description.as_ref().map(|d| d.value.clone()),
        description_pos: Pos::new(
            file,
            def.description
                .as_ref()
                .map_or(def.name.referenced, |d| d.referenced),
        ),
        sensitive: def.sensitive,
        overrides,
        allowed_values: def
            .allowed_values
            .as_ref()
            .map(|v| v.value.iter().map(|s| s.value.clone()).collect()),
        allowed_values_pos: def
            .allowed_values
            .iter()
            .flat_map(|v| &v.value)
            .map(|s| Pos::new(file, s.referenced))
            .collect(),
        allow: resolve_allows(file, &def.allow, diagnostics),
    })
}

/// E075: an `allow:` entry names a warning code and says why.
fn resolve_allows(
    file: &Arc<Path>,
    allows: &[ast::AllowDef],
    diagnostics: &mut Diagnostics,
) -> Vec<super::Allow> {
    let mut resolved = Vec::new();
    for allow in allows {
        let pos = Pos::new(file, allow.code.referenced);
        let code = allow.code.value.trim().to_ascii_uppercase();
        if super::lint::warning(&code).is_none_or(|w| !w.silenceable) {
            diagnostics.push(
                Diagnostic::new(
                    pos,
                    "E075",
                    format!(
                        "`allow:` names `{}`, which is not a warning code that can be silenced",
                        excerpt(&allow.code.value)
                    ),
                )
                .help(format!(
                    "these warnings can be silenced: {}",
                    super::lint::WARNINGS
                        .iter()
                        .filter(|w| w.silenceable)
                        .map(|w| w.code)
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            );
        } else if allow.reason.trim().is_empty() {
            diagnostics.push(
                Diagnostic::new(pos, "E075", format!("`allow: {code}` without a reason")).help(
                    "say in `reason:` why the warning does not apply here (reviewers read it)",
                ),
            );
        } else {
            resolved.push(super::Allow {
                code,
                reason: allow.reason.clone(),
                pos,
            });
        }
    }
    resolved
}

fn default_mismatch(t: PortableType, default: &super::DefaultValue) -> Option<String> {
    use super::DefaultValue as D;
    let fits = match default {
        D::Integer(_) => {
            t.is_integer() || matches!(t, PortableType::Decimal { .. } | PortableType::Double)
        }
        D::Float(_) => matches!(t, PortableType::Decimal { .. } | PortableType::Double),
        D::Boolean(_) => t == PortableType::Boolean,
        D::Text(s) => match t {
            PortableType::Varchar(n) | PortableType::Char(n) => {
                LengthUnit::CodePoints.count(s) <= u64::from(n)
            }
            other => other.is_textual(),
        },
        D::Expression(super::DefaultExpression::CurrentTimestamp) => t == PortableType::Timestamp,
        D::Expression(super::DefaultExpression::CurrentDate) => {
            matches!(t, PortableType::Date | PortableType::Timestamp)
        }
    };
    (!fits).then(|| format!("{default} does not fit type {t}"))
}

/// Rules inside one table: columns named by keys exist; no primary-key column says it is
/// nullable.
fn check_table(table: &Table, diagnostics: &mut Diagnostics) {
    let names: HashSet<&str> = table.columns.iter().map(|c| c.name.name.as_str()).collect();
    let keyed = table
        .primary_key
        .iter()
        .map(|pk| ("primary key", &pk.columns))
        .chain(
            table
                .uniques
                .iter()
                .map(|u| ("unique constraint", &u.columns)),
        )
        .chain(table.indexes.iter().map(|i| ("index", &i.columns)))
        .chain(
            table
                .foreign_keys
                .iter()
                .map(|f| ("foreign key", &f.columns)),
        );
    for (what, columns) in keyed {
        if columns.is_empty() {
            continue;
        }
        for column in columns {
            if !names.contains(column.name.as_str()) {
                diagnostics.push(
                    Diagnostic::new(
                        column.pos.clone(),
                        "E014",
                        format!(
                            "{what} of table `{}` names column `{}`, which the table does not have",
                            table.name.name, column.name
                        ),
                    )
                    .help(suggest(
                        &column.name,
                        table.columns.iter().map(|c| c.name.name.as_str()),
                        format!("add the column, or use one of: {}", column_list(table)),
                    )),
                );
            }
        }
    }
    if let Some(pk) = &table.primary_key {
        for key in &pk.columns {
            if let Some(column) = table.column(&key.name)
                && column.nullable
            {
                diagnostics.push(
                    Diagnostic::new(
                        key.pos.clone(),
                        "E015",
                        format!(
                            "primary-key column `{}` of table `{}` is declared `nullable: true`",
                            key.name, table.name.name
                        ),
                    )
                    .help(format!(
                        "a primary key is NOT NULL: remove `nullable: true` from column `{}` (a key column need not say `nullable: false`), or take it out of the key",
                        key.name
                    )),
                );
            }
        }
    }
    let auto: Vec<&Column> = table.columns.iter().filter(|c| c.auto_increment).collect();
    if auto.len() > 1 {
        diagnostics.push(
            Diagnostic::new(
                auto[1].name.pos.clone(),
                "E026",
                format!(
                    "table `{}` has more than one auto_increment column",
                    table.name.name
                ),
            )
            .help("MySQL, SQL Server and Informix allow one per table: keep one"),
        );
    }
}

fn column_list(table: &Table) -> String {
    table
        .columns
        .iter()
        .map(|c| c.name.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}
