//! The scripts of one module in several dialects as one module: each fact takes the value most
//! scripts give (the first script's on a tie); a dialect that differs gets a column override
//! whose reason names the files, where the model has one (type, nullability, default, an
//! index only some dialects have, a table only some have); and every disagreement is
//! reported, whether an override could carry it or not.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use std::sync::Arc;

use super::read::ScriptSchema;
use crate::model::{
    Column, ColumnOverride, DefaultValue, Diagnostic, DialectName, Ident, PortableType, Pos, Table,
};

pub struct Script {
    pub dialect: DialectName,
    pub file: Arc<Path>,
    pub module: String,
    pub schema: ScriptSchema,
}

impl Script {
    fn display(&self) -> String {
        self.file.display().to_string()
    }
}

/// One place where the scripts of a module disagree.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Disagreement {
    pub module: String,
    /// `TABLE` or `TABLE.COLUMN`.
    pub object: String,
    /// What differs: `table missing`, `column missing`, `type`, `length`, `nullability`,
    /// `default`, `auto-increment`, `description`, `primary key`, `unique key`, `index`,
    /// `foreign key`, `on delete`, `rows`.
    pub kind: &'static str,
    pub detail: String,
}

impl fmt::Display for Disagreement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}: {}: {}",
            self.module, self.object, self.kind, self.detail
        )
    }
}

pub struct MergedModule {
    pub name: String,
    /// Where its files go in the output tree.
    pub path: String,
    pub tables: Vec<Table>,
    /// The scripts it was read from, with their dialect.
    pub sources: Vec<(DialectName, String)>,
    /// Per table name, why it exists only in some dialects.
    pub table_notes: BTreeMap<String, String>,
    /// Per (table, index) name, why the index exists only in some dialects.
    pub index_reasons: BTreeMap<(String, String), String>,
}

impl MergedModule {
    pub fn file_name(&self) -> String {
        format!("{}.yaml", self.name)
    }
}

pub struct Merged {
    pub modules: Vec<MergedModule>,
    pub disagreements: Vec<Disagreement>,
}

pub fn merge(scripts: &[Script]) -> Result<Merged, Diagnostic> {
    let mut names: Vec<&str> = Vec::new();
    for s in scripts {
        if !names.contains(&s.module.as_str()) {
            names.push(&s.module);
        }
    }
    let mut modules = Vec::new();
    let mut disagreements = Vec::new();
    for name in &names {
        let group: Vec<&Script> = scripts.iter().filter(|s| s.module == *name).collect();
        for (i, s) in group.iter().enumerate() {
            if let Some(other) = group[..i].iter().find(|o| o.dialect == s.dialect) {
                return Err(Diagnostic::new(
                    Pos::file_start(&s.file),
                    "E083",
                    format!(
                        "`{}` and `{}` are both {} scripts of module `{name}`",
                        other.display(),
                        s.display(),
                        s.dialect
                    ),
                )
                .help("give each its own module with --module NAME before the file"));
            }
        }
        let mut merger = Merger {
            module: name.to_string(),
            group: &group,
            disagreements: Vec::new(),
            table_notes: BTreeMap::new(),
            index_reasons: BTreeMap::new(),
        };
        let tables = merger.tables();
        disagreements.append(&mut merger.disagreements);
        modules.push(MergedModule {
            name: name.to_string(),
            path: if names.len() == 1 {
                "{file}".to_string()
            } else {
                format!("{name}/{{file}}")
            },
            tables,
            sources: group.iter().map(|s| (s.dialect, s.display())).collect(),
            table_notes: merger.table_notes,
            index_reasons: merger.index_reasons,
        });
    }
    disagreements.sort();
    Ok(Merged {
        modules,
        disagreements,
    })
}

struct Merger<'a> {
    module: String,
    group: &'a [&'a Script],
    disagreements: Vec<Disagreement>,
    table_notes: BTreeMap<String, String>,
    index_reasons: BTreeMap<(String, String), String>,
}

/// The value most of `values` have; the first of them on a tie.
fn majority<T: PartialEq + Clone>(values: &[T]) -> T {
    let mut best = &values[0];
    let mut best_count = 0;
    for v in values {
        let count = values.iter().filter(|o| *o == v).count();
        if count > best_count {
            best = v;
            best_count = count;
        }
    }
    best.clone()
}

fn files(scripts: &[&Script]) -> String {
    scripts
        .iter()
        .map(|s| s.display())
        .collect::<Vec<_>>()
        .join(", ")
}

fn find<'t>(tables: &'t [Table], name: &str) -> Option<&'t Table> {
    tables
        .iter()
        .find(|t| t.name.name.eq_ignore_ascii_case(name))
}

fn key(idents: &[Ident]) -> Vec<String> {
    idents.iter().map(|i| i.name.to_ascii_uppercase()).collect()
}

fn list(idents: &[Ident]) -> String {
    idents
        .iter()
        .map(|i| i.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn default_text(value: &Option<DefaultValue>) -> String {
    value
        .as_ref()
        .map_or_else(|| "no default".to_string(), |v| v.to_string())
}

impl Merger<'_> {
    fn report(&mut self, object: String, kind: &'static str, detail: String) {
        self.disagreements.push(Disagreement {
            module: self.module.clone(),
            object,
            kind,
            detail,
        });
    }

    fn tables(&mut self) -> Vec<Table> {
        if self.group.len() == 1 {
            return self.group[0].schema.tables.clone();
        }
        let mut order: Vec<String> = Vec::new();
        for s in self.group {
            for t in &s.schema.tables {
                if !order.iter().any(|n| n.eq_ignore_ascii_case(&t.name.name)) {
                    order.push(t.name.name.clone());
                }
            }
        }
        order.iter().map(|name| self.table(name)).collect()
    }

    fn table(&mut self, name: &str) -> Table {
        let present: Vec<(&Script, &Table)> = self
            .group
            .iter()
            .filter_map(|s| find(&s.schema.tables, name).map(|t| (*s, t)))
            .collect();
        let scripts: Vec<&Script> = present.iter().map(|(s, _)| *s).collect();
        let mut table = present[0].1.clone();
        if present.len() < self.group.len() {
            let missing: Vec<&Script> = self
                .group
                .iter()
                .filter(|s| !scripts.iter().any(|p| p.dialect == s.dialect))
                .copied()
                .collect();
            let note = format!("only in {}; not in {}", files(&scripts), files(&missing));
            self.report(name.to_string(), "table missing", note.clone());
            self.table_notes.insert(name.to_string(), note);
            table.only_dialects = Some(scripts.iter().map(|s| s.dialect).collect());
        }
        let mut columns: Vec<String> = Vec::new();
        for (_, t) in &present {
            for c in &t.columns {
                if !columns.iter().any(|n| n.eq_ignore_ascii_case(&c.name.name)) {
                    columns.push(c.name.name.clone());
                }
            }
        }
        table.columns = columns
            .iter()
            .map(|c| self.column(name, c, &present))
            .collect();
        table.description = self.description(
            name.to_string(),
            present
                .iter()
                .map(|(s, t)| (*s, t.description.clone()))
                .collect(),
        );

        // Primary key: the column list most scripts give.
        let pks: Vec<Option<Vec<String>>> = present
            .iter()
            .map(|(_, t)| t.primary_key.as_ref().map(|k| key(&k.columns)))
            .collect();
        let pk = majority(&pks);
        for ((s, t), k) in present.iter().zip(&pks) {
            if *k != pk {
                let said = t
                    .primary_key
                    .as_ref()
                    .map_or("none".to_string(), |k| format!("({})", list(&k.columns)));
                self.report(
                    name.to_string(),
                    "primary key",
                    format!("{} declares {said}", s.display()),
                );
            }
        }
        table.primary_key = present
            .iter()
            .zip(&pks)
            .find(|(_, k)| **k == pk)
            .and_then(|((_, t), _)| t.primary_key.clone());

        table.uniques = self.keyed(
            name,
            "unique key",
            &present,
            |t| {
                t.uniques
                    .iter()
                    .map(|u| (key(&u.columns), u.clone()))
                    .collect()
            },
            |u| format!("({})", list(&u.columns)),
        );
        // Each script's key means what its database does with NULLs: the key keeps every
        // dialect's reading (see read::keep_null_semantics).
        for unique in &mut table.uniques {
            for (_, t) in &present {
                if let Some(u) = t
                    .uniques
                    .iter()
                    .find(|u| key(&u.columns) == key(&unique.columns))
                {
                    unique
                        .nulls_equal_in
                        .extend(u.nulls_equal_in.iter().copied());
                    unique
                        .nulls_equal_declared
                        .extend(u.nulls_equal_declared.iter().copied());
                }
            }
        }
        table.foreign_keys = self.keyed(
            name,
            "foreign key",
            &present,
            |t| {
                t.foreign_keys
                    .iter()
                    .map(|f| {
                        let mut k = key(&f.columns);
                        k.push(f.ref_table.name.to_ascii_uppercase());
                        (k, f.clone())
                    })
                    .collect()
            },
            |f| format!("({}) to {}", list(&f.columns), f.ref_table.name),
        );
        for fk in &mut table.foreign_keys {
            let actions: Vec<(&Script, crate::model::ReferentialAction)> = present
                .iter()
                .filter_map(|(s, t)| {
                    t.foreign_keys
                        .iter()
                        .find(|f| {
                            key(&f.columns) == key(&fk.columns)
                                && f.ref_table.name.eq_ignore_ascii_case(&fk.ref_table.name)
                        })
                        .map(|f| (*s, f.on_delete))
                })
                .collect();
            let values: Vec<_> = actions.iter().map(|(_, a)| *a).collect();
            let chosen = majority(&values);
            fk.on_delete = chosen;
            for (s, a) in &actions {
                if *a != chosen {
                    self.report(
                        name.to_string(),
                        "on delete",
                        format!(
                            "foreign key ({}): {} declares {}, the others {}",
                            list(&fk.columns),
                            s.display(),
                            a.as_str(),
                            chosen.as_str()
                        ),
                    );
                }
            }
        }
        table.indexes = self.indexes(name, &present);

        let rows: Vec<usize> = present.iter().map(|(_, t)| t.rows.len()).collect();
        if rows.iter().any(|n| *n != rows[0]) {
            let counts: Vec<String> = present
                .iter()
                .map(|(s, t)| format!("{} inserts {}", s.display(), t.rows.len()))
                .collect();
            self.report(name.to_string(), "rows", counts.join(", "));
        }
        if let Some((_, t)) = present.iter().max_by_key(|(_, t)| t.rows.len()) {
            table.rows = t.rows.clone();
        }
        table
    }

    /// Keys (unique or foreign) by their columns: kept when at least half of the scripts
    /// declare them; reported where one is missing.
    fn keyed<T: Clone>(
        &mut self,
        table: &str,
        kind: &'static str,
        present: &[(&Script, &Table)],
        keys: impl Fn(&Table) -> Vec<(Vec<String>, T)>,
        describe: impl Fn(&T) -> String,
    ) -> Vec<T> {
        let per_script: Vec<Vec<(Vec<String>, T)>> = present.iter().map(|(_, t)| keys(t)).collect();
        let mut order: Vec<(Vec<String>, T)> = Vec::new();
        for ks in &per_script {
            for (k, v) in ks {
                if !order.iter().any(|(o, _)| o == k) {
                    order.push((k.clone(), v.clone()));
                }
            }
        }
        let mut kept = Vec::new();
        for (k, v) in order {
            let having: Vec<&Script> = present
                .iter()
                .zip(&per_script)
                .filter(|(_, ks)| ks.iter().any(|(o, _)| *o == k))
                .map(|((s, _), _)| *s)
                .collect();
            if having.len() < present.len() {
                let lacking: Vec<&Script> = present
                    .iter()
                    .map(|(s, _)| *s)
                    .filter(|s| !having.iter().any(|h| h.dialect == s.dialect))
                    .collect();
                self.report(
                    table.to_string(),
                    kind,
                    format!(
                        "{} only in {}; not in {}",
                        describe(&v),
                        files(&having),
                        files(&lacking)
                    ),
                );
            }
            if having.len() * 2 >= present.len() {
                kept.push(v);
            }
        }
        kept
    }

    /// Indexes by name: one that only some scripts have exists only in their dialects.
    fn indexes(&mut self, table: &str, present: &[(&Script, &Table)]) -> Vec<crate::model::Index> {
        let mut order: Vec<crate::model::Index> = Vec::new();
        for (_, t) in present {
            for i in &t.indexes {
                if !order
                    .iter()
                    .any(|o| o.name.name.eq_ignore_ascii_case(&i.name.name))
                {
                    order.push(i.clone());
                }
            }
        }
        for index in &mut order {
            let having: Vec<(&Script, &crate::model::Index)> = present
                .iter()
                .filter_map(|(s, t)| {
                    t.indexes
                        .iter()
                        .find(|i| i.name.name.eq_ignore_ascii_case(&index.name.name))
                        .map(|i| (*s, i))
                })
                .collect();
            let shapes: Vec<(Vec<String>, bool)> = having
                .iter()
                .map(|(_, i)| (key(&i.columns), i.unique))
                .collect();
            let shape = majority(&shapes);
            for ((s, i), sh) in having.iter().zip(&shapes) {
                if *sh != shape {
                    self.report(
                        table.to_string(),
                        "index",
                        format!(
                            "{}: {} declares ({}){}",
                            index.name.name,
                            s.display(),
                            list(&i.columns),
                            if i.unique { " unique" } else { "" }
                        ),
                    );
                }
            }
            if let Some((_, i)) = having
                .iter()
                .zip(&shapes)
                .find(|(_, sh)| **sh == shape)
                .map(|(h, _)| h)
            {
                index.columns = i.columns.clone();
                index.unique = i.unique;
            }
            for (_, i) in &having {
                index
                    .nulls_equal_in
                    .extend(i.nulls_equal_in.iter().copied());
                index
                    .nulls_equal_declared
                    .extend(i.nulls_equal_declared.iter().copied());
            }
            if having.len() < present.len() {
                let scripts: Vec<&Script> = having.iter().map(|(s, _)| *s).collect();
                let lacking: Vec<&Script> = present
                    .iter()
                    .map(|(s, _)| *s)
                    .filter(|s| !scripts.iter().any(|h| h.dialect == s.dialect))
                    .collect();
                let reason = format!(
                    "only {} declare it; not {}",
                    files(&scripts),
                    files(&lacking)
                );
                self.report(
                    table.to_string(),
                    "index",
                    format!("{}: {reason}", index.name.name),
                );
                index.only_dialects = Some(scripts.iter().map(|s| s.dialect).collect());
                self.index_reasons
                    .insert((table.to_string(), index.name.name.clone()), reason);
            }
        }
        order
    }

    fn description(
        &mut self,
        object: String,
        said: Vec<(&Script, Option<String>)>,
    ) -> Option<String> {
        let given: Vec<(&Script, String)> = said
            .into_iter()
            .filter_map(|(s, d)| d.map(|d| (s, d)))
            .collect();
        let texts: Vec<String> = given.iter().map(|(_, d)| d.clone()).collect();
        if texts.is_empty() {
            return None;
        }
        let chosen = majority(&texts);
        for (s, d) in &given {
            if *d != chosen {
                self.report(
                    object.clone(),
                    "description",
                    format!("{} says `{d}`", s.display()),
                );
            }
        }
        Some(chosen)
    }

    fn column(&mut self, table: &str, name: &str, present: &[(&Script, &Table)]) -> Column {
        let views: Vec<(&Script, &Column)> = present
            .iter()
            .filter_map(|(s, t)| {
                t.column(name)
                    .or_else(|| {
                        t.columns
                            .iter()
                            .find(|c| c.name.name.eq_ignore_ascii_case(name))
                    })
                    .map(|c| (*s, c))
            })
            .collect();
        let object = format!("{table}.{name}");
        if views.len() < present.len() {
            let having: Vec<&Script> = views.iter().map(|(s, _)| *s).collect();
            let lacking: Vec<&Script> = present
                .iter()
                .map(|(s, _)| *s)
                .filter(|s| !having.iter().any(|h| h.dialect == s.dialect))
                .collect();
            self.report(
                object.clone(),
                "column missing",
                format!(
                    "only in {}; not in {} (the model keeps it in every dialect)",
                    files(&having),
                    files(&lacking)
                ),
            );
        }
        let mut column = views[0].1.clone();
        column.overrides = BTreeMap::new();
        // Each script's own native type stays its override.
        for (s, c) in &views {
            if let Some(o) = c.overrides.get(&s.dialect) {
                column.overrides.insert(s.dialect, o.clone());
            }
        }

        let types: Vec<PortableType> = views.iter().map(|(_, c)| c.portable_type).collect();
        let chosen = majority(&types);
        column.portable_type = chosen;
        let agreeing: Vec<&Script> = views
            .iter()
            .filter(|(_, c)| c.portable_type == chosen)
            .map(|(s, _)| *s)
            .collect();
        for (s, c) in &views {
            if c.portable_type == chosen {
                continue;
            }
            let kind = if c.portable_type.key() == chosen.key() {
                "length"
            } else {
                "type"
            };
            let reason = format!(
                "{} declares {}; {} declare {chosen}",
                s.display(),
                c.portable_type,
                files(&agreeing)
            );
            self.report(object.clone(), kind, reason.clone());
            let entry = column
                .overrides
                .entry(s.dialect)
                .or_insert_with(|| blank_override(&c.name.pos));
            if entry.native_type.is_none() {
                entry.portable_type = Some(c.portable_type);
                entry.reason = reason;
            }
        }

        let nullables: Vec<bool> = views.iter().map(|(_, c)| c.nullable).collect();
        let nullable = majority(&nullables);
        column.nullable = nullable;
        for (s, c) in &views {
            if c.nullable != nullable {
                let said = |n: bool| if n { "NULL" } else { "NOT NULL" };
                let reason = format!(
                    "{} declares {}; the others {}",
                    s.display(),
                    said(c.nullable),
                    said(nullable)
                );
                self.report(object.clone(), "nullability", reason.clone());
                let entry = column
                    .overrides
                    .entry(s.dialect)
                    .or_insert_with(|| blank_override(&c.name.pos));
                entry.nullable = Some(c.nullable);
                append_reason(entry, &reason);
            }
        }

        let defaults: Vec<Option<DefaultValue>> =
            views.iter().map(|(_, c)| c.default.clone()).collect();
        let default = majority(&defaults);
        column.default = default.clone();
        for (s, c) in &views {
            if c.default != default {
                let reason = format!(
                    "{} declares {}; the others {}",
                    s.display(),
                    default_text(&c.default),
                    default_text(&default)
                );
                self.report(object.clone(), "default", reason.clone());
                // An override can give a default, not take one away.
                if let Some(value) = &c.default {
                    let entry = column
                        .overrides
                        .entry(s.dialect)
                        .or_insert_with(|| blank_override(&c.name.pos));
                    entry.default = Some(value.clone());
                    append_reason(entry, &reason);
                }
            }
        }

        let autos: Vec<bool> = views.iter().map(|(_, c)| c.auto_increment).collect();
        column.auto_increment = majority(&autos);
        for (s, c) in &views {
            if c.auto_increment != column.auto_increment {
                self.report(
                    object.clone(),
                    "auto-increment",
                    format!(
                        "{} {} it auto-increment (the model cannot differ per dialect)",
                        s.display(),
                        if c.auto_increment {
                            "makes"
                        } else {
                            "does not make"
                        }
                    ),
                );
            }
        }
        column.description = self.description(
            object,
            views
                .iter()
                .map(|(s, c)| (*s, c.description.clone()))
                .collect(),
        );
        column.allowed_values = views.iter().find_map(|(_, c)| c.allowed_values.clone());
        column
    }
}

fn blank_override(pos: &Pos) -> ColumnOverride {
    ColumnOverride {
        portable_type: None,
        native_type: None,
        nullable: None,
        default: None,
        reason: String::new(),
        pos: pos.clone(),
    }
}

fn append_reason(entry: &mut ColumnOverride, reason: &str) {
    if entry.reason.is_empty() {
        entry.reason = reason.to_string();
    } else if !entry.reason.contains(reason) {
        entry.reason = format!("{}; {reason}", entry.reason);
    }
}
