//! Rules across tables and per target dialect. Every rule reports all its findings, so one
//! run lists every problem in the model. Rule codes are listed in the README.

use std::collections::{HashMap, HashSet};

use super::diagnostic::{Diagnostic, Diagnostics, Pos, excerpt};
use super::{
    DefaultValue, ForeignKey, Ident, IdentifierPolicy, Model, PortableType, ReferentialAction,
    Table,
};
use crate::dialect::{Dialect, DialectName, LengthUnit, PageLimits, StoredBytes, Target};

pub fn validate(model: &Model, diagnostics: &mut Diagnostics) {
    let start = diagnostics.len();
    check_per_dialect(model, diagnostics);
    merge_dialect_repeats(&mut diagnostics.0, start);
}

/// The codes whose one problem (a name) is found once per dialect: reported once, naming
/// every dialect.
const MERGED_PER_DIALECT: &[&str] = &["E021", "E040"];

/// A message around its dialect name (before, after) and the dialects it was given for.
type Repeated = (String, String, Vec<&'static str>);

/// One diagnostic per problem: the diagnostics after `start` of a code in
/// [`MERGED_PER_DIALECT`] that differ only in the one dialect their message names (same
/// position, same help) become one, naming the dialects in order (`... in db2, h2,
/// mysql ...`).
fn merge_dialect_repeats(diagnostics: &mut Vec<Diagnostic>, start: usize) {
    // The message with its one dialect name taken out, and that name.
    let split = |message: &str| -> Option<(String, String, &'static str)> {
        let mut found = None;
        for name in DialectName::ALL.iter().map(|d| d.as_str()) {
            let bounded = |at: usize| {
                let before = message[..at].chars().next_back();
                let after = message[at + name.len()..].chars().next();
                before.is_none_or(|c| !c.is_alphanumeric() && c != '_' && c != '`')
                    && after.is_none_or(|c| !c.is_alphanumeric() && c != '_' && c != '`')
            };
            let hits: Vec<usize> = message
                .match_indices(name)
                .map(|(at, _)| at)
                .filter(|at| bounded(*at))
                .collect();
            match (hits.as_slice(), found) {
                ([], _) => {}
                ([at], None) => found = Some((*at, name)),
                _ => return None,
            }
        }
        let (at, name) = found?;
        Some((
            message[..at].to_string(),
            message[at + name.len()..].to_string(),
            name,
        ))
    };
    let tail = diagnostics.split_off(start);
    let mut merged: Vec<(Diagnostic, Option<Repeated>)> = Vec::new();
    for d in tail {
        let parts = MERGED_PER_DIALECT
            .contains(&d.code)
            .then(|| split(&d.message))
            .flatten();
        let Some((before, after, name)) = parts else {
            merged.push((d, None));
            continue;
        };
        let same = merged.iter_mut().find(|(m, key)| {
            m.code == d.code
                && m.pos == d.pos
                && m.help == d.help
                && key
                    .as_ref()
                    .is_some_and(|(b, a, _)| *b == before && *a == after)
        });
        match same {
            Some((_, Some((_, _, dialects)))) => dialects.push(name),
            _ => merged.push((d, Some((before, after, vec![name])))),
        }
    }
    for (mut d, key) in merged {
        if let Some((before, after, mut dialects)) = key
            && dialects.len() > 1
        {
            dialects.sort();
            d.message = format!("{before}{}{after}", dialects.join(", "));
        }
        diagnostics.push(d);
    }
}

fn check_per_dialect(model: &Model, diagnostics: &mut Diagnostics) {
    check_unique_names(model, diagnostics);
    check_foreign_keys(model, diagnostics);
    for (dialect_name, target) in &model.product.targets {
        let dialect = dialect_name.implementation();
        let version = &target.version;
        let max_bytes = dialect.max_identifier_bytes(version);
        if dialect.refuses_multiple_cascade_paths() {
            check_cascade_paths(model, *dialect_name, diagnostics);
        }
        if dialect.names_unnamed_keys() {
            check_given_key_names(model, *dialect_name, diagnostics);
        }
        let (_, main_output) = target
            .outputs(*dialect_name)
            .into_iter()
            .next()
            .expect("every dialect has its main output");
        for module in &model.modules {
            for table in module.tables.iter().filter(|t| t.exists_in(*dialect_name)) {
                check_storage_limits(
                    &model.product,
                    dialect,
                    &main_output.for_table(table, *dialect_name),
                    table,
                    diagnostics,
                );
                for ident in identifiers(table) {
                    check_identifier(model, dialect, version, max_bytes, ident, diagnostics);
                }
                check_type_limits(&model.product, dialect, &main_output, table, diagnostics);
                check_value_lengths(&model.product, dialect, &main_output, table, diagnostics);
                check_literal_defaults(
                    &model.product,
                    dialect,
                    &main_output.for_table(table, *dialect_name),
                    table,
                    diagnostics,
                );
                check_comment_lengths(dialect, table, diagnostics);
                if let Some((max_bytes, per_char)) = dialect.index_key_limit() {
                    check_index_key_sizes(
                        &model.product,
                        *dialect_name,
                        max_bytes,
                        per_char,
                        table,
                        diagnostics,
                    );
                }
                if dialect.refuses_duplicate_index() {
                    check_duplicate_indexes(*dialect_name, table, diagnostics);
                }
                if dialect.empty_string_is_null() {
                    check_empty_strings_in_not_null(*dialect_name, table, diagnostics);
                }
                check_nullable_uniques(model, *dialect_name, table, diagnostics);
                for fk in &table.foreign_keys {
                    if !dialect.supports_on_delete(fk.on_delete) {
                        diagnostics.push(
                            Diagnostic::new(
                                fk.pos.clone(),
                                "E036",
                                format!(
                                    "foreign key of `{}`: {dialect_name} cannot declare ON DELETE {:?}",
                                    table.name.name, fk.on_delete
                                ),
                            )
                            .help("use an action the dialect supports (no-action is always possible)"),
                        );
                    }
                }
            }
        }
    }
}

/// Every name a table puts into the database.
fn identifiers(table: &Table) -> Vec<&Ident> {
    let mut out = vec![&table.name];
    out.extend(table.columns.iter().map(|c| &c.name));
    out.extend(table.primary_key.iter().filter_map(|pk| pk.name.as_ref()));
    out.extend(table.uniques.iter().filter_map(|u| u.name.as_ref()));
    out.extend(table.indexes.iter().map(|i| &i.name));
    out.extend(table.foreign_keys.iter().filter_map(|f| f.name.as_ref()));
    out
}

fn check_identifier(
    model: &Model,
    dialect: &dyn Dialect,
    version: &super::Version,
    max_bytes: usize,
    ident: &Ident,
    diagnostics: &mut Diagnostics,
) {
    let name = dialect.name();
    if ident.name.len() > max_bytes {
        diagnostics.push(
            Diagnostic::new(
                ident.pos.clone(),
                "E020",
                format!(
                    "`{}` is {} bytes long; {name} {version} allows at most {max_bytes}",
                    ident.name,
                    ident.name.len()
                ),
            )
            .help(format!("shorten the name to {max_bytes} bytes or fewer")),
        );
    }
    let policy = model.product.identifiers;
    let bare = crate::dialect::names::ident(dialect, policy, &ident.name) == ident.name
        && policy != IdentifierPolicy::AlwaysQuoted;
    if bare && !ident.name.is_empty() && !dialect.is_plain_identifier(&ident.name) {
        diagnostics.push(
            Diagnostic::new(
                ident.pos.clone(),
                "E040",
                format!(
                    "`{}` is not a plain identifier of {name}, and the product's policy writes it bare",
                    excerpt(&ident.name)
                ),
            )
            .help("use only ASCII letters, digits and `_`, starting with a letter or `_`; or set `identifiers: quoted-when-needed` in product.yaml to quote such names"),
        );
    }
    if !bare && let Some(problem) = dialect.unquotable_identifier(&ident.name) {
        diagnostics.push(
            Diagnostic::new(
                ident.pos.clone(),
                "E041",
                format!(
                    "`{}` cannot be written in {name}: {problem}",
                    excerpt(&ident.name)
                ),
            )
            .help("rename it"),
        );
    }
    if policy == IdentifierPolicy::Unquoted && dialect.is_reserved(&ident.name) {
        diagnostics.push(
            Diagnostic::new(
                ident.pos.clone(),
                "E021",
                format!("`{}` is a reserved word in {name} and identifiers are unquoted", ident.name),
            )
            .help("rename it (upstream products rename, e.g. `ordr`), or set `identifiers: quoted-when-needed` in product.yaml"),
        );
    }
}

/// E044: descriptions no longer than the dialect stores (MySQL: 2,048 characters for a table,
/// 1,024 for a column, ERROR 1628 and 1629).
fn check_comment_lengths(dialect: &dyn Dialect, table: &Table, diagnostics: &mut Diagnostics) {
    let (table_max, column_max) = dialect.max_comment_chars();
    let name = dialect.name();
    let mut check = |text: &Option<String>, pos: &Pos, what: String, max: Option<usize>| {
        if let Some(text) = text
            && let Some(problem) = dialect.comment_problem(text)
        {
            diagnostics.push(
                Diagnostic::new(
                    pos.clone(),
                    "E044",
                    format!("the description of {what} cannot be stored by {name}: {problem}"),
                )
                .help("leave the character out of the description"),
            );
        }
        if let (Some(text), Some(max)) = (text, max) {
            let length = text.chars().count();
            if length > max {
                diagnostics.push(
                    Diagnostic::new(
                        pos.clone(),
                        "E044",
                        format!(
                            "the description of {what} is {length} characters long; {name} stores at most {max}"
                        ),
                    )
                    .help(format!("shorten the description to {max} characters")),
                );
            }
        }
    };
    check(
        &table.description,
        &table.description_pos,
        format!("table `{}`", table.name.name),
        table_max,
    );
    for column in &table.columns {
        check(
            &column.description,
            &column.description_pos,
            format!("column `{}.{}`", table.name.name, column.name.name),
            column_max,
        );
    }
}

/// E022 and E061: every `varchar(n)` and `char(n)` is one the dialect accepts, n counted in
/// the dialect's length unit (`limits.max_varchar`, `limits.max_char` and `limits.length_unit`
/// of `dialects/<name>/dialect.yaml`).
fn check_type_limits(
    product: &super::Product,
    dialect: &dyn Dialect,
    target: &Target,
    table: &Table,
    diagnostics: &mut Diagnostics,
) {
    let unit = dialect.length_unit(target).name();
    for column in &table.columns {
        let shape = column.for_dialect(product, dialect.name());
        let (n, max, code) = match shape.portable_type {
            Some(PortableType::Varchar(n)) => (n, dialect.max_varchar_length(target), "E022"),
            Some(PortableType::Char(n)) => (n, dialect.max_char_length(target), "E061"),
            _ => continue,
        };
        let Some(max) = max.filter(|max| n > *max) else {
            continue;
        };
        let pos = column
            .overrides
            .get(&dialect.name())
            .filter(|o| o.portable_type.is_some())
            .map(|o| o.pos.clone())
            .unwrap_or_else(|| column.type_pos.clone());
        let help = if code == "E061" {
            format!(
                "use `varchar({n})` or `text`, or add an override for {} with a char of at most {max}",
                dialect.name()
            )
        } else {
            format!(
                "use `text` for long values, or add an override for {}",
                dialect.name()
            )
        };
        diagnostics.push(
            Diagnostic::new(
                pos,
                code,
                format!(
                    "column `{}.{}` is {} but {} allows at most {max} {unit}",
                    table.name.name,
                    column.name.name,
                    shape.portable_type.expect("checked above"),
                    dialect.name()
                ),
            )
            .help(help),
        );
    }
}

/// E062: every default, allowed value and seed-row value of a `varchar(n)` or `char(n)` column
/// fits n as the engine counts it ([`Dialect::length_unit`], measured by [`LengthUnit::count`]):
/// H2 counts UTF-16 code units (an emoji is 2), Oracle, Db2, SQL Server and Informix bytes (é
/// is 2, an emoji 4). A value longer in characters than the model's own type is E024, E031 or
/// E033 already, for every dialect.
fn check_value_lengths(
    product: &super::Product,
    dialect: &dyn Dialect,
    target: &Target,
    table: &Table,
    diagnostics: &mut Diagnostics,
) {
    let name = dialect.name();
    let unit = dialect.length_unit(target);
    for column in &table.columns {
        let shape = column.for_dialect(product, name);
        let Some(portable @ (PortableType::Varchar(n) | PortableType::Char(n))) =
            shape.portable_type
        else {
            continue;
        };
        let mut values: Vec<(String, &str, Pos)> = Vec::new();
        if let Some(DefaultValue::Text(text)) = &shape.default {
            let pos = column
                .overrides
                .get(&name)
                .filter(|o| o.default.is_some())
                .map(|o| o.pos.clone())
                .unwrap_or_else(|| column.default_pos.clone());
            values.push(("the default".to_string(), text, pos));
        }
        if let Some(DefaultValue::Text(text)) = &column.fill {
            values.push(("the fill".to_string(), text, column.fill_pos.clone()));
        }
        for (i, value) in column.allowed_values.iter().flatten().enumerate() {
            let pos = column.allowed_values_pos.get(i).unwrap_or(&column.name.pos);
            values.push(("an allowed value".to_string(), value, pos.clone()));
        }
        for row in &table.rows {
            for (i, (c, value)) in row.values.iter().enumerate() {
                if let (true, Some(DefaultValue::Text(text))) = (*c == column.name.name, value) {
                    let pos = row.value_pos.get(i).unwrap_or(&row.pos);
                    values.push(("a seed-row value".to_string(), text, pos.clone()));
                }
            }
        }
        for (what, value, pos) in values {
            let length = unit.count(value);
            // Longer than the model's own type in characters: the portable rules report it.
            let reported = portable == column.portable_type
                && LengthUnit::CodePoints.count(value) > u64::from(n);
            if length <= u64::from(n) || reported {
                continue;
            }
            diagnostics.push(
                Diagnostic::new(
                    pos,
                    "E062",
                    format!(
                        "{what} '{}' of `{}.{}` is {length} {} long in {name}, which counts {}; {portable} holds at most {n}",
                        excerpt(value),
                        table.name.name,
                        column.name.name,
                        unit.name(),
                        unit.name()
                    ),
                )
                .help(format!(
                    "shorten the value, or make the column longer (for {name} alone: an override with type `{}`)",
                    match portable {
                        PortableType::Char(_) => format!("char({length})"),
                        _ => format!("varchar({length})"),
                    }
                )),
            );
        }
    }
}

/// E060: a literal default on a column whose type takes one only as an expression, on a
/// target version older than the one that takes that form (MySQL before 8.0.13 refuses any
/// default on TEXT, BLOB and JSON: ERROR 1101). From that version the dialect writes it
/// `DEFAULT (x)` ([`Dialect::column_default`]).
fn check_literal_defaults(
    product: &super::Product,
    dialect: &dyn Dialect,
    target: &Target,
    table: &Table,
    diagnostics: &mut Diagnostics,
) {
    let name = dialect.name();
    for column in &table.columns {
        let shape = column.for_dialect(product, name);
        let is_literal = |value: &Option<DefaultValue>| {
            matches!(
                value,
                Some(
                    DefaultValue::Text(_)
                        | DefaultValue::Integer(_)
                        | DefaultValue::Float(_)
                        | DefaultValue::Boolean(_)
                )
            )
        };
        // A migration writes the fill as the added column's default.
        let (literal, fill) = (is_literal(&shape.default), is_literal(&column.fill));
        if !(literal || fill) || column.auto_increment {
            continue;
        }
        let type_text = dialect.column_type(&shape.column_type, target);
        let Some(since) = dialect.literal_default_needs_expression(&type_text) else {
            continue;
        };
        if target.version >= since {
            continue;
        }
        let pos = if !literal {
            column.fill_pos.clone()
        } else {
            column
                .overrides
                .get(&name)
                .filter(|o| o.default.is_some())
                .map(|o| o.pos.clone())
                .unwrap_or_else(|| column.default_pos.clone())
        };
        diagnostics.push(
            Diagnostic::new(
                pos,
                "E060",
                format!(
                    "column `{}.{}` is {type_text} in {name} with a default: {name} {} refuses a default on {type_text} (it takes one written as an expression, `DEFAULT (x)`, from {since})",
                    table.name.name, column.name.name, target.version
                ),
            )
            .help(format!(
                "raise the {name} target version to {since} or later in product.yaml (`{name}: {{version: \"{since}\"}}`), or drop the default"
            )),
        );
    }
}

/// The bytes a column takes in an index key, or `None` for a type that cannot be a key column
/// without a prefix length (large text, large binary, JSON). Native types are not sized.
fn key_bytes(portable: Option<PortableType>, per_char: u32) -> Option<u64> {
    Some(match portable {
        Some(PortableType::Varchar(n) | PortableType::Char(n)) => {
            u64::from(n) * u64::from(per_char)
        }
        Some(PortableType::SmallInt) => 2,
        Some(PortableType::Integer) => 4,
        Some(PortableType::BigInt | PortableType::Double) => 8,
        Some(PortableType::Decimal { precision, .. }) => u64::from(precision / 2 + 1),
        Some(PortableType::Boolean) => 1,
        Some(PortableType::Date) => 3,
        Some(PortableType::Timestamp) => 8,
        Some(PortableType::Text | PortableType::Blob | PortableType::Json) => return None,
        None => 0,
    })
}

/// Every key and index of `table` fits the dialect's index key limit.
fn check_index_key_sizes(
    product: &super::Product,
    dialect: DialectName,
    max_bytes: u32,
    per_char: u32,
    table: &Table,
    diagnostics: &mut Diagnostics,
) {
    let mut keys: Vec<(String, &[Ident], Pos)> = Vec::new();
    if let Some(pk) = &table.primary_key {
        keys.push(("the primary key".to_string(), &pk.columns, pk.pos.clone()));
    }
    for unique in &table.uniques {
        keys.push((
            "a unique key".to_string(),
            &unique.columns,
            unique.pos.clone(),
        ));
    }
    for index in table.indexes.iter().filter(|i| i.exists_in(dialect)) {
        keys.push((
            format!("index `{}`", index.name.name),
            &index.columns,
            index.name.pos.clone(),
        ));
    }
    for (what, columns, pos) in keys {
        let mut total: u64 = 0;
        for ident in columns {
            let Some(column) = table.column(&ident.name) else {
                continue;
            };
            match key_bytes(column.for_dialect(product, dialect).portable_type, per_char) {
                Some(bytes) => total += bytes,
                None => {
                    diagnostics.push(
                        Diagnostic::new(
                            ident.pos.clone(),
                            "E037",
                            format!(
                                "{what} of `{}` includes `{}`, a {} column, which {dialect} cannot index without a prefix length",
                                table.name.name, ident.name, column.portable_type
                            ),
                        )
                        .help(format!("index a varchar column instead, or limit the index with `only_dialects` (without {dialect})")),
                    );
                }
            }
        }
        if total > u64::from(max_bytes) {
            diagnostics.push(
                Diagnostic::new(
                    pos,
                    "E038",
                    format!(
                        "{what} of `{}` takes up to {total} bytes; {dialect} index keys hold at most {max_bytes} ({per_char} bytes per character)",
                        table.name.name
                    ),
                )
                .help(format!("shorten its varchar columns for {dialect} with an override, or limit the index with `only_dialects`")),
            );
        }
    }
}

/// A key to size: what it is, its columns, where it is written, its limit on the table's page,
/// and how to read that limit from another page size.
type KeyToCheck<'a> = (
    String,
    &'a [Ident],
    Pos,
    Option<u64>,
    fn(&PageLimits) -> Option<u64>,
);

/// E072 and E073: every key and the row of `table` fit the page the table gets in `target`
/// (the dialect's `pages` in `dialects/<name>/dialect.yaml`, sized by
/// [`Dialect::stored_bytes`]). The help names the page size that would hold it and the settings
/// that give it, or says that none does.
fn check_storage_limits(
    product: &super::Product,
    dialect: &dyn Dialect,
    target: &Target,
    table: &Table,
    diagnostics: &mut Diagnostics,
) {
    let Some(page) = dialect.page_limits(target) else {
        return;
    };
    let name = dialect.name();
    let data = dialect.data();
    let sizes: HashMap<&str, StoredBytes> = table
        .columns
        .iter()
        .filter_map(|c| {
            let shape = c.for_dialect(product, name);
            Some((c.name.name.as_str(), dialect.stored_bytes(&shape, target)?))
        })
        .collect();
    // The page sizes that hold `bytes` by `limit`, smallest first, and what to write for them.
    let fix = |bytes: u64, limit: fn(&PageLimits) -> Option<u64>| -> String {
        let setting = data.limits.page_size_setting.as_deref();
        let bigger = data
            .limits
            .pages
            .iter()
            .filter(|p| p.page_size > page.page_size && limit(p).is_some_and(|l| l >= bytes))
            .map(|p| p.page_size)
            .min();
        match (setting, bigger) {
            (Some(setting), Some(size)) => {
                let place = data.table_settings.iter().find(|k| *k != setting);
                let settings = match place {
                    Some(place) => {
                        format!("{place}: <one with {size}-byte pages>, {setting}: \"{size}\"")
                    }
                    None => format!("{setting}: \"{size}\""),
                };
                format!(
                    "on {size}-byte pages it fits: give the table `storage: {{{name}: {{{settings}}}}}`, or set them for {name} in product.yaml (`settings:`); or shorten its columns for {name} with overrides"
                )
            }
            _ => format!(
                "no {name} page size holds it: shorten its columns for {name} with overrides, or limit it with `only_dialects`"
            ),
        }
    };
    let on_pages = if data.limits.page_size_setting.is_some() {
        format!(" on {}-byte pages", page.page_size)
    } else {
        String::new()
    };
    let mut keys: Vec<KeyToCheck> = Vec::new();
    let list = |cols: &[Ident]| {
        cols.iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if let Some(pk) = &table.primary_key {
        let limit: fn(&PageLimits) -> Option<u64> = |p| p.max_primary_key_bytes.or(p.max_key_bytes);
        keys.push((
            format!("the primary key ({})", list(&pk.columns)),
            &pk.columns,
            pk.pos.clone(),
            limit(&page),
            limit,
        ));
    }
    for unique in &table.uniques {
        keys.push((
            format!("the unique key ({})", list(&unique.columns)),
            &unique.columns,
            unique.pos.clone(),
            page.max_key_bytes,
            |p| p.max_key_bytes,
        ));
    }
    for index in table.indexes.iter().filter(|i| i.exists_in(name)) {
        keys.push((
            format!("index `{}` ({})", index.name.name, list(&index.columns)),
            &index.columns,
            index.name.pos.clone(),
            page.max_key_bytes,
            |p| p.max_key_bytes,
        ));
    }
    for (what, columns, pos, limit, limit_of) in keys {
        let Some(limit) = limit else { continue };
        let total: u64 = columns
            .iter()
            .filter_map(|c| sizes.get(c.name.as_str())?.key)
            .sum();
        if total > limit {
            diagnostics.push(
                Diagnostic::new(
                    pos,
                    "E072",
                    format!(
                        "{what} of `{}` takes up to {total} bytes in {name}; an index key holds at most {limit}{on_pages}",
                        table.name.name
                    ),
                )
                .help(fix(total, limit_of)),
            );
        }
    }
    if let Some(limit) = page.max_row_bytes {
        let total: u64 = sizes.values().map(|s| s.row).sum();
        if total > limit {
            diagnostics.push(
                Diagnostic::new(
                    table.name.pos.clone(),
                    "E073",
                    format!(
                        "a row of `{}` takes up to {total} bytes in {name}; a row holds at most {limit}{on_pages}",
                        table.name.name
                    ),
                )
                .help(fix(total, |p| p.max_row_bytes)),
            );
        }
    }
}

/// An index on the same column list as the primary key, a unique key or an earlier index.
fn check_duplicate_indexes(dialect: DialectName, table: &Table, diagnostics: &mut Diagnostics) {
    let names = |cols: &[Ident]| -> Vec<String> {
        cols.iter().map(|c| c.name.to_ascii_uppercase()).collect()
    };
    let mut indexed: Vec<(Vec<String>, String)> = Vec::new();
    if let Some(pk) = &table.primary_key {
        indexed.push((names(&pk.columns), "the primary key".to_string()));
    }
    for unique in &table.uniques {
        indexed.push((names(&unique.columns), "a unique key".to_string()));
    }
    for index in table.indexes.iter().filter(|i| i.exists_in(dialect)) {
        let columns = names(&index.columns);
        if let Some((_, what)) = indexed.iter().find(|(c, _)| *c == columns) {
            diagnostics.push(
                Diagnostic::new(
                    index.name.pos.clone(),
                    "E029",
                    format!(
                        "index `{}` of `{}` repeats the columns of {what}, which {dialect} refuses",
                        index.name.name, table.name.name
                    ),
                )
                .help(format!(
                    "drop the index, or limit it with `only_dialects` (without {dialect})"
                )),
            );
        }
        indexed.push((columns, format!("index `{}`", index.name.name)));
    }
}

/// Tables, and index/constraint names (schema-wide in PostgreSQL, Oracle and DB2), are unique
/// across the product. Compared case-insensitively since most dialects fold unquoted names.
fn check_unique_names(model: &Model, diagnostics: &mut Diagnostics) {
    let unicode = model
        .product
        .targets
        .keys()
        .any(|d| d.implementation().unicode_case_insensitive());
    let fold = |name: &str| name_key(name, unicode);
    let mut tables: HashMap<String, &Ident> = HashMap::new();
    let mut objects: HashMap<String, &Ident> = HashMap::new();
    for table in model.modules.iter().flat_map(|m| &m.tables) {
        let key = fold(&table.name.name);
        if let Some(first) = tables.get(&key) {
            diagnostics.push(duplicate("E011", "table", &table.name, first));
        } else {
            tables.insert(key, &table.name);
        }
        let named = identifiers(table).into_iter().skip(1 + table.columns.len());
        for ident in named {
            let key = fold(&ident.name);
            if let Some(first) = objects.get(&key) {
                diagnostics.push(duplicate("E013", "index or constraint", ident, first));
            } else {
                objects.insert(key, ident);
            }
        }
    }
}

/// The names schemagen gives unnamed unique and foreign keys for `dialect`
/// (`names::given_constraint_name`) are unique too: among themselves and against the model's
/// names of indexes and constraints.
fn check_given_key_names(model: &Model, dialect_name: DialectName, diagnostics: &mut Diagnostics) {
    use crate::dialect::{ConstraintKind, names};
    let dialect = dialect_name.implementation();
    let version = &model.product.targets[&dialect_name].version;
    let policy = model.product.identifiers;
    let unicode = dialect.unicode_case_insensitive();
    let tables = || {
        model
            .modules
            .iter()
            .flat_map(|m| &m.tables)
            .filter(|t| t.exists_in(dialect_name))
    };
    let mut taken: HashMap<String, String> = tables()
        .flat_map(|t| identifiers(t).into_iter().skip(1 + t.columns.len()))
        .map(|i| (name_key(&i.name, unicode), format!("at {}", i.pos)))
        .collect();
    let stored = |name: &str| names::stored(dialect, policy, name);
    for table in tables() {
        let unnamed = table
            .uniques
            .iter()
            .filter(|u| u.name.is_none())
            .map(|u| (ConstraintKind::Unique, &u.columns))
            .chain(
                table
                    .foreign_keys
                    .iter()
                    .filter(|f| f.name.is_none())
                    .map(|f| (ConstraintKind::ForeignKey, &f.columns)),
            );
        for (kind, columns) in unnamed {
            let stored_columns: Vec<String> = columns.iter().map(|c| stored(&c.name)).collect();
            let Some(given) = names::given_constraint_name(
                dialect,
                version,
                &stored(&table.name.name),
                kind,
                &stored_columns,
            ) else {
                continue;
            };
            let Some(first) = columns.first() else {
                continue;
            };
            let key = name_key(&given, unicode);
            if let Some(other) = taken.get(&key) {
                diagnostics.push(
                    Diagnostic::new(
                        first.pos.clone(),
                        "E046",
                        format!(
                            "this unnamed {} is named `{given}` on {dialect_name} (which cannot name it itself by a known rule), a name already used {other}",
                            match kind {
                                ConstraintKind::ForeignKey => "foreign key",
                                _ => "unique key",
                            }
                        ),
                    )
                    .help("give one of the two keys a `name:` in the model"),
                );
            } else {
                taken.insert(key, format!("by the unnamed key at {}", first.pos));
            }
        }
    }
}

/// The key two names share when a database takes them for one: upper case, of ASCII letters
/// only or of every letter where a target dialect compares so (MariaDB, H2).
pub fn name_key(name: &str, unicode: bool) -> String {
    if unicode {
        name.to_uppercase()
    } else {
        name.to_ascii_uppercase()
    }
}

fn duplicate(code: &'static str, what: &str, ident: &Ident, first: &Ident) -> Diagnostic {
    Diagnostic::new(
        ident.pos.clone(),
        code,
        format!(
            "{what} name `{}` is already used at {}",
            ident.name, first.pos
        ),
    )
    .help("names must be unique across the product (compared case-insensitively): rename one")
}

fn check_foreign_keys(model: &Model, diagnostics: &mut Diagnostics) {
    let targets: Vec<DialectName> = model.product.targets.keys().copied().collect();
    // Tables visible to a module: its own and those of earlier modules (scripts run in order).
    let mut visible: HashMap<&str, &Table> = HashMap::new();
    let all: HashMap<&str, usize> = model
        .modules
        .iter()
        .enumerate()
        .flat_map(|(i, m)| m.tables.iter().map(move |t| (t.name.name.as_str(), i)))
        .collect();
    for module in &model.modules {
        for table in &module.tables {
            visible.insert(&table.name.name, table);
        }
        for table in &module.tables {
            for fk in &table.foreign_keys {
                let Some(target) = visible.get(fk.ref_table.name.as_str()) else {
                    let help = if all.contains_key(fk.ref_table.name.as_str()) {
                        "the table is in a later module, whose script runs after this one: move the table or reorder `modules:`".to_string()
                    } else {
                        super::diagnostic::suggest(
                            &fk.ref_table.name,
                            all.keys().copied(),
                            "name an existing table (names are case-sensitive in the model)",
                        )
                    };
                    diagnostics.push(
                        Diagnostic::new(
                            fk.ref_table.pos.clone(),
                            "E016",
                            format!(
                                "foreign key of table `{}` references table `{}`, which does not exist",
                                table.name.name, fk.ref_table.name
                            ),
                        )
                        .help(help),
                    );
                    continue;
                };
                check_foreign_key_columns(&targets, table, fk, target, diagnostics);
            }
        }
    }
}

fn check_foreign_key_columns(
    targets: &[DialectName],
    table: &Table,
    fk: &super::ForeignKey,
    target: &Table,
    diagnostics: &mut Diagnostics,
) {
    if fk.columns.len() != fk.ref_columns.len() {
        diagnostics.push(
            Diagnostic::new(
                fk.pos.clone(),
                "E019",
                format!(
                    "foreign key of `{}` has {} columns but references {}",
                    table.name.name,
                    fk.columns.len(),
                    fk.ref_columns.len()
                ),
            )
            .help("list as many `ref_columns` as `columns`, in the same order"),
        );
        return;
    }
    let mut all_found = true;
    for (from, to) in fk.columns.iter().zip(&fk.ref_columns) {
        let Some(target_column) = target.column(&to.name) else {
            all_found = false;
            diagnostics.push(
                Diagnostic::new(
                    to.pos.clone(),
                    "E017",
                    format!(
                        "foreign key of `{}` references column `{}.{}`, which does not exist",
                        table.name.name, target.name.name, to.name
                    ),
                )
                .help(super::diagnostic::suggest(
                    &to.name,
                    target.columns.iter().map(|c| c.name.name.as_str()),
                    format!(
                        "use a column of `{}`: {}",
                        target.name.name,
                        target
                            .columns
                            .iter()
                            .map(|c| c.name.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )),
            );
            continue;
        };
        let Some(source_column) = table.column(&from.name) else {
            continue; // reported by the table's own check
        };
        if std::mem::discriminant(&source_column.portable_type)
            != std::mem::discriminant(&target_column.portable_type)
        {
            diagnostics.push(
                Diagnostic::new(
                    from.pos.clone(),
                    "E018",
                    format!(
                        "foreign-key column `{}.{}` is {} but references `{}.{}`, which is {}",
                        table.name.name,
                        from.name,
                        source_column.portable_type,
                        target.name.name,
                        to.name,
                        target_column.portable_type
                    ),
                )
                .help("give both columns the same type"),
            );
        }
    }
    if all_found {
        let wanted: HashSet<&str> = fk.ref_columns.iter().map(|c| c.name.as_str()).collect();
        let keys = target
            .primary_key
            .iter()
            .map(|pk| &pk.columns)
            .chain(target.uniques.iter().map(|u| &u.columns))
            .chain(
                target
                    .indexes
                    .iter()
                    .filter(|i| i.unique)
                    .map(|i| &i.columns),
            );
        let is_key = keys
            .into_iter()
            .any(|cols| cols.iter().map(|c| c.name.as_str()).collect::<HashSet<_>>() == wanted);
        if !is_key {
            diagnostics.push(
                Diagnostic::new(
                    fk.pos.clone(),
                    "E027",
                    format!(
                        "foreign key of `{}` references ({}) of `{}`, which is not its primary key or a unique key",
                        table.name.name,
                        fk.ref_columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(", "),
                        target.name.name
                    ),
                )
                .help("reference the primary key, or declare a unique constraint on those columns"),
            );
        }
    }
    for &dialect in targets {
        if table.exists_in(dialect) && !target.exists_in(dialect) {
            diagnostics.push(
                Diagnostic::new(
                    fk.ref_table.pos.clone(),
                    "E028",
                    format!(
                        "table `{}` exists in {dialect} but the table it references, `{}`, does not",
                        table.name.name, target.name.name
                    ),
                )
                .help("make `only_dialects` of the referencing table a subset of the referenced table's"),
            );
            break;
        }
    }
}

/// E070: an empty string as the default or a seed value of a NOT NULL column, where the
/// database stores '' as NULL (Oracle: the insert fails with ORA-01400).
fn check_empty_strings_in_not_null(
    dialect: DialectName,
    table: &Table,
    diagnostics: &mut Diagnostics,
) {
    let empty = |v: &Option<DefaultValue>| matches!(v, Some(DefaultValue::Text(t)) if t.is_empty());
    for column in table.columns.iter().filter(|c| !c.nullable) {
        if empty(&column.default) {
            diagnostics.push(
                Diagnostic::new(
                    column.name.pos.clone(),
                    "E070",
                    format!(
                        "`{}.{}` is NOT NULL with the default '': {dialect} stores an empty string as NULL, so every insert that takes the default fails",
                        table.name.name, column.name.name
                    ),
                )
                .help("give a non-empty default, drop the default, or make the column nullable"),
            );
        }
        for row in &table.rows {
            if row
                .values
                .iter()
                .any(|(c, v)| *c == column.name.name && empty(v))
            {
                diagnostics.push(
                    Diagnostic::new(
                        row.pos.clone(),
                        "E070",
                        format!(
                            "a seed row of `{}` gives NOT NULL column `{}` the value '': {dialect} stores an empty string as NULL, so the insert fails",
                            table.name.name, column.name.name
                        ),
                    )
                    .help("give a non-empty value, or make the column nullable"),
                );
            }
        }
    }
}

/// E054, E055, E057: the unique keys and unique indexes of `table` some of whose columns may
/// hold NULL, as `dialect` writes them ([`crate::dialect::Dialect::nullable_unique`]). E054: no
/// form keeps NULLs distinct there, and the product did not accept that they compare equal.
/// E055: a foreign key references a key the dialect writes as a unique index of its own form,
/// which no foreign key can reference. E057: `nulls_equal_in` names a dialect where it changes
/// nothing.
fn check_nullable_uniques(
    model: &Model,
    dialect: DialectName,
    table: &Table,
    diagnostics: &mut Diagnostics,
) {
    use crate::dialect::UniqueForm;
    use crate::dialect::migrate::KeyShape;
    let implementation = dialect.implementation();
    let keys = table
        .uniques
        .iter()
        .map(|u| {
            let sets = (&u.nulls_equal_in, &u.nulls_equal_declared);
            (u.name.as_ref(), &u.columns, sets, &u.pos, true)
        })
        .chain(
            table
                .indexes
                .iter()
                .filter(|i| i.unique && i.exists_in(dialect))
                .map(|i| {
                    let sets = (&i.nulls_equal_in, &i.nulls_equal_declared);
                    (Some(&i.name), &i.columns, sets, &i.pos, false)
                }),
        );
    for (name, columns, (nulls_equal_in, declared), pos, is_key) in keys {
        let names: Vec<String> = columns.iter().map(|c| c.name.clone()).collect();
        let what = match (name, is_key) {
            (Some(name), true) => format!("unique key `{}` of `{}`", name.name, table.name.name),
            (None, _) => format!(
                "the unique key ({}) of `{}`",
                names.join(", "),
                table.name.name
            ),
            (Some(name), false) => format!("unique index `{}` of `{}`", name.name, table.name.name),
        };
        let nullable = table.nullable_in(columns, dialect);
        let nullable_names: Vec<String> = names
            .iter()
            .zip(&nullable)
            .filter(|(_, n)| **n)
            .map(|(c, _)| format!("`{c}`"))
            .collect();
        let distinct_form = if nullable_names.is_empty() {
            UniqueForm::AsWritten
        } else {
            implementation.nullable_unique(&names, &nullable, false)
        };
        if declared.contains(&dialect) && distinct_form == UniqueForm::AsWritten {
            diagnostics.push(
                Diagnostic::new(
                    pos.clone(),
                    "E057",
                    format!(
                        "{what} accepts NULLs comparing equal on {dialect} (`nulls_equal_in`), but {}",
                        if nullable_names.is_empty() {
                            format!("none of its columns may hold NULL on {dialect}")
                        } else {
                            format!("{dialect} already keeps them distinct in it")
                        }
                    ),
                )
                .help(format!("remove {dialect} from `nulls_equal_in`")),
            );
            continue;
        }
        let shape = KeyShape::unique(
            dialect,
            table,
            name.map(|n| n.name.clone()),
            names.clone(),
            columns,
            nulls_equal_in,
        );
        match shape.form(implementation, &names) {
            UniqueForm::AsWritten => {}
            UniqueForm::Unavailable(why) => diagnostics.push(
                Diagnostic::new(
                    pos.clone(),
                    "E054",
                    format!(
                        "{what} is over {}, which may hold NULL: {why}, so {dialect} refuses a second row with NULL there where PostgreSQL and MySQL accept it",
                        nullable_names.join(", ")
                    ),
                )
                .help(format!(
                    "make those columns NOT NULL, or accept {dialect}'s behaviour for this key with `nulls_equal_in: [{dialect}]` and a `reason`"
                )),
            ),
            UniqueForm::Index { what: form, .. } => {
                if !is_key {
                    continue;
                }
                let referencing = model
                    .modules
                    .iter()
                    .flat_map(|m| &m.tables)
                    .filter(|t| t.exists_in(dialect))
                    .flat_map(|t| t.foreign_keys.iter().map(move |fk| (t, fk)))
                    .filter(|(_, fk)| {
                        fk.ref_table.name == table.name.name
                            && fk.ref_columns.len() == names.len()
                            && fk.ref_columns.iter().all(|c| names.contains(&c.name))
                    });
                for (child, fk) in referencing {
                    diagnostics.push(
                        Diagnostic::new(
                            fk.pos.clone(),
                            "E055",
                            format!(
                                "a foreign key of `{}` references {what}, which {dialect} writes as a {form} (its columns {} may hold NULL): no foreign key can reference that",
                                child.name.name,
                                nullable_names.join(", ")
                            ),
                        )
                        .help("make the key's columns NOT NULL, or reference the primary key"),
                    );
                }
            }
        }
    }
}

/// E071: a foreign key that gives a table a second cascading path from another table, or
/// closes a cycle of cascading keys (SQL Server refuses it, error 1785). Cascading keys are
/// those with ON DELETE CASCADE or SET NULL; paths are counted over the whole product.
fn check_cascade_paths(model: &Model, dialect: DialectName, diagnostics: &mut Diagnostics) {
    let tables: Vec<&Table> = model
        .modules
        .iter()
        .flat_map(|m| &m.tables)
        .filter(|t| t.exists_in(dialect))
        .collect();
    let index: HashMap<&str, usize> = tables
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.name.as_str(), i))
        .collect();
    // Cascading edges parent -> child, with the key that makes each.
    let mut edges: Vec<(usize, usize, &ForeignKey)> = Vec::new();
    for (child, table) in tables.iter().enumerate() {
        for fk in &table.foreign_keys {
            if matches!(
                fk.on_delete,
                ReferentialAction::Cascade | ReferentialAction::SetNull
            ) && let Some(&parent) = index.get(fk.ref_table.name.as_str())
            {
                edges.push((parent, child, fk));
            }
        }
    }
    let refused = |fk: &ForeignKey, child: usize, why: String| {
        Diagnostic::new(
            fk.pos.clone(),
            "E071",
            format!(
                "foreign key of `{}` to `{}`: {why}; {dialect} refuses it (error 1785: may cause cycles or multiple cascade paths)",
                tables[child].name.name, fk.ref_table.name
            ),
        )
        .help("make this key (or another on the paths) ON DELETE no-action, and delete the child rows first")
    };
    // Adjacency, in edge order: the edges out of each parent and into each child.
    let mut out_of: Vec<Vec<usize>> = vec![Vec::new(); tables.len()];
    let mut into: Vec<Vec<usize>> = vec![Vec::new(); tables.len()];
    for (e, (parent, child, _)) in edges.iter().enumerate() {
        out_of[*parent].push(e);
        into[*child].push(e);
    }
    // Kahn's order over the cascading edges; what remains is on a cycle.
    let mut indegree: Vec<usize> = into.iter().map(Vec::len).collect();
    let mut order: Vec<usize> = (0..tables.len()).filter(|&t| indegree[t] == 0).collect();
    let mut next = 0;
    while next < order.len() {
        let t = order[next];
        next += 1;
        for &e in &out_of[t] {
            let child = edges[e].1;
            indegree[child] -= 1;
            if indegree[child] == 0 {
                order.push(child);
            }
        }
    }
    if order.len() < tables.len() {
        // One error per edge on a cycle: its child reaches its parent again.
        let reaches = |from: usize, to: usize| {
            let mut seen = vec![false; tables.len()];
            let mut stack = vec![from];
            while let Some(t) = stack.pop() {
                if t == to {
                    return true;
                }
                if !std::mem::replace(&mut seen[t], true) {
                    stack.extend(out_of[t].iter().map(|&e| edges[e].1));
                }
            }
            false
        };
        for (parent, child, fk) in &edges {
            if reaches(*child, *parent) {
                let why = if parent == child {
                    "the table cascades to itself".to_string()
                } else {
                    "it closes a cycle of cascading foreign keys".to_string()
                };
                diagnostics.push(refused(fk, *child, why));
            }
        }
        return;
    }
    // Paths from each table, counted up to 2 in topological order over the tables it reaches
    // (only those: the work is the size of what each delete reaches, not the product's):
    // a second path to a table is reported at the key that brings it.
    let mut position = vec![0usize; tables.len()];
    for (i, &t) in order.iter().enumerate() {
        position[t] = i;
    }
    let mut reported = vec![false; edges.len()];
    let mut paths = vec![0u8; tables.len()];
    let mut seen = vec![false; tables.len()];
    for &source in &order {
        if out_of[source].is_empty() {
            continue;
        }
        let mut reached = vec![source];
        seen[source] = true;
        let mut i = 0;
        while i < reached.len() {
            let t = reached[i];
            i += 1;
            for &e in &out_of[t] {
                let child = edges[e].1;
                if !std::mem::replace(&mut seen[child], true) {
                    reached.push(child);
                }
            }
        }
        reached.sort_by_key(|&t| position[t]);
        paths[source] = 1;
        for &t in &reached {
            for &e in &into[t] {
                let (parent, child, fk) = &edges[e];
                if paths[*parent] == 0 {
                    continue;
                }
                let before = paths[t];
                paths[t] = (paths[t] + paths[*parent]).min(2);
                if before >= 1 && paths[t] == 2 && !reported[e] {
                    reported[e] = true;
                    diagnostics.push(refused(
                        fk,
                        *child,
                        format!(
                            "a delete in `{}` would reach `{}` by two paths",
                            tables[source].name.name, tables[*child].name.name
                        ),
                    ));
                }
            }
        }
        for &t in &reached {
            paths[t] = 0;
            seen[t] = false;
        }
    }
}
