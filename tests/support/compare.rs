//! Field-by-field comparison of an engine catalog with a reference catalog, and the check that
//! every difference is a deviation the model's `deviations.yaml` declares (and that every
//! declared deviation still occurs, so the list cannot rot).

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use serde::Deserialize;

use super::{Catalog, Table};

/// One way the engine catalog of our output differs from the reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    pub table: String,
    pub column: Option<String>,
    pub field: &'static str,
    pub reference: String,
    pub model: String,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.column {
            Some(c) => write!(f, "{}.{}", self.table, c)?,
            None => write!(f, "{}", self.table)?,
        }
        write!(
            f,
            " {}: reference {} / model {}",
            self.field, self.reference, self.model
        )
    }
}

/// An entry of `model/<product>/deviations.yaml`.
#[derive(Debug, Clone, Deserialize)]
pub struct Deviation {
    pub dialects: Vec<String>,
    pub table: String,
    pub column: Option<String>,
    pub field: String,
    #[allow(dead_code)]
    pub reference: serde_json::Value,
    #[allow(dead_code)]
    pub model: serde_json::Value,
    pub reason: String,
}

impl Deviation {
    fn matches(&self, dialect: &str, d: &Difference) -> bool {
        let wildcard_or =
            |pattern: &str, value: &str| pattern == "*" || pattern.eq_ignore_ascii_case(value);
        self.dialects.iter().any(|x| x == dialect)
            && self.field == d.field
            && wildcard_or(&self.table, &d.table)
            && match (&self.column, &d.column) {
                (None, None) => true,
                (Some(p), Some(c)) => wildcard_or(p, c),
                _ => false,
            }
    }
}

pub fn load_deviations(path: &Path) -> Vec<Deviation> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let deviations: Vec<Deviation> =
        serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    for d in &deviations {
        assert!(
            !d.reason.trim().is_empty(),
            "{}: a deviation without a reason: {d:?}",
            path.display()
        );
    }
    deviations
}

fn show<T: fmt::Debug>(value: &T) -> String {
    format!("{value:?}")
}

fn upper(s: &str) -> String {
    s.to_ascii_uppercase()
}

/// Every difference between `model` and `reference`, names compared case-insensitively
/// (PostgreSQL folds unquoted names to lower case).
///
/// The default of a column that is auto-increment on both sides is reported as field
/// `identity_default`, apart from ordinary defaults: how an engine implements auto-increment
/// (a sequence default or an identity) is a dialect choice, declared once. A foreign key's
/// name is compared only where `named_foreign_keys(table, name)` says the model names it:
/// engines invent names for unnamed constraints from hashes or counters.
pub fn differences(
    reference: &Catalog,
    model: &Catalog,
    named_foreign_keys: &dyn Fn(&str, &str) -> bool,
) -> Vec<Difference> {
    let index = |c: &Catalog| -> BTreeMap<String, Table> {
        c.tables
            .iter()
            .map(|t| (upper(&t.name), t.clone()))
            .collect()
    };
    let (reference, model) = (index(reference), index(model));
    let mut out = Vec::new();
    for name in reference
        .keys()
        .chain(model.keys())
        .collect::<std::collections::BTreeSet<_>>()
    {
        match (reference.get(name), model.get(name)) {
            (Some(_), None) => out.push(table_level(name, "table", "present", "absent")),
            (None, Some(_)) => out.push(table_level(name, "table", "absent", "present")),
            (Some(r), Some(m)) => compare_table(name, r, m, named_foreign_keys, &mut out),
            (None, None) => unreachable!(),
        }
    }
    out
}

fn table_level(
    table: &str,
    field: &'static str,
    reference: impl Into<String>,
    model: impl Into<String>,
) -> Difference {
    Difference {
        table: table.to_string(),
        column: None,
        field,
        reference: reference.into(),
        model: model.into(),
    }
}

fn compare_table(
    name: &str,
    r: &Table,
    m: &Table,
    named_foreign_keys: &dyn Fn(&str, &str) -> bool,
    out: &mut Vec<Difference>,
) {
    let r_cols: Vec<String> = r.columns.iter().map(|c| upper(&c.name)).collect();
    let m_cols: Vec<String> = m.columns.iter().map(|c| upper(&c.name)).collect();
    for c in &r.columns {
        let Some(mc) = m.columns.iter().find(|x| upper(&x.name) == upper(&c.name)) else {
            out.push(Difference {
                column: Some(upper(&c.name)),
                ..table_level(name, "column", "present", "absent")
            });
            continue;
        };
        let column = Some(upper(&c.name));
        let mut field = |field: &'static str, a: String, b: String| {
            if a != b {
                out.push(Difference {
                    table: name.to_string(),
                    column: column.clone(),
                    field,
                    reference: a,
                    model: b,
                });
            }
        };
        field("type", c.data_type.clone(), mc.data_type.clone());
        field("length", show(&c.length), show(&mc.length));
        field("precision", show(&c.precision), show(&mc.precision));
        field("scale", show(&c.scale), show(&mc.scale));
        field("nullable", show(&c.nullable), show(&mc.nullable));
        field(
            "auto_increment",
            show(&c.auto_increment),
            show(&mc.auto_increment),
        );
        let default_field = if c.auto_increment && mc.auto_increment {
            "identity_default"
        } else {
            "default"
        };
        field(default_field, show(&c.default), show(&mc.default));
    }
    for c in &m.columns {
        if !r_cols.contains(&upper(&c.name)) {
            out.push(Difference {
                column: Some(upper(&c.name)),
                ..table_level(name, "column", "absent", "present")
            });
        }
    }
    let common_r: Vec<&String> = r_cols.iter().filter(|c| m_cols.contains(c)).collect();
    let common_m: Vec<&String> = m_cols.iter().filter(|c| r_cols.contains(c)).collect();
    if common_r != common_m {
        out.push(table_level(
            name,
            "column_order",
            common_r
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(","),
            common_m
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(","),
        ));
    }
    let cols = |v: &[String]| v.iter().map(|c| upper(c)).collect::<Vec<_>>();
    if cols(&r.primary_key) != cols(&m.primary_key) {
        out.push(table_level(
            name,
            "primary_key",
            show(&cols(&r.primary_key)),
            show(&cols(&m.primary_key)),
        ));
    }
    let uniques = |t: &Table| {
        let mut u: Vec<Vec<String>> = t.unique.iter().map(|u| cols(u)).collect();
        u.sort();
        u
    };
    if uniques(r) != uniques(m) {
        out.push(table_level(
            name,
            "unique",
            show(&uniques(r)),
            show(&uniques(m)),
        ));
    }
    let fks = |t: &Table| {
        let mut v: Vec<String> = t
            .foreign_keys
            .iter()
            .map(|fk| {
                let named = named_foreign_keys(name, &fk.name);
                format!(
                    "{}({}) -> {}({}) on delete {}",
                    if named {
                        upper(&fk.name)
                    } else {
                        String::new()
                    },
                    cols(&fk.columns).join(","),
                    upper(&fk.ref_table),
                    cols(&fk.ref_columns).join(","),
                    fk.on_delete.clone().unwrap_or_default()
                )
            })
            .collect();
        v.sort();
        v
    };
    if fks(r) != fks(m) {
        out.push(table_level(
            name,
            "foreign_keys",
            show(&fks(r)),
            show(&fks(m)),
        ));
    }
    let indexes = |t: &Table| {
        let mut v: Vec<String> = t
            .indexes
            .iter()
            .map(|i| {
                format!(
                    "{}({}){}",
                    upper(&i.name),
                    cols(&i.columns).join(","),
                    if i.unique { " unique" } else { "" }
                )
            })
            .collect();
        v.sort();
        v
    };
    if indexes(r) != indexes(m) {
        out.push(table_level(
            name,
            "indexes",
            show(&indexes(r)),
            show(&indexes(m)),
        ));
    }
}

/// Asserts that every difference is declared for `dialect` and every declared deviation for
/// `dialect` occurs. Reports all problems at once.
pub fn assert_only_declared_differences(
    dialect: &str,
    differences: &[Difference],
    deviations: &[Deviation],
) {
    let undeclared: Vec<String> = differences
        .iter()
        .filter(|d| !deviations.iter().any(|dev| dev.matches(dialect, d)))
        .map(|d| format!("  {d}"))
        .collect();
    let unused: Vec<String> = deviations
        .iter()
        .filter(|dev| dev.dialects.iter().any(|x| x == dialect))
        .filter(|dev| !differences.iter().any(|d| dev.matches(dialect, d)))
        .map(|dev| {
            format!(
                "  {} {} {}",
                dev.table,
                dev.column.as_deref().unwrap_or("-"),
                dev.field
            )
        })
        .collect();
    assert!(
        undeclared.is_empty() && unused.is_empty(),
        "{dialect}: the catalog of the generated script differs from the reference\n\
         undeclared differences (fix the model, or add them to deviations.yaml with the reason):\n{}\n\
         declared deviations that no longer occur (remove them from deviations.yaml):\n{}",
        undeclared.join("\n"),
        unused.join("\n")
    );
}

/// Which engine-given names a migration must reproduce: every name where the engine derives
/// unnamed constraints' names by a documented rule (PostgreSQL `<table>_<columns>_key`, InnoDB
/// `<table>_ibfk_<n>`), else only the names the model gives (H2 makes up `CONSTRAINT_xx`).
pub struct NamePolicy {
    /// Compare this primary-key, unique or foreign-key name?
    pub constraint: fn(&str) -> bool,
    /// Compare CHECK constraint names (PostgreSQL derives `<table>_<column>_check`).
    pub checks: bool,
}

/// Every difference between a database migrated to a model version (`migrated`) and the same
/// version created fresh (`fresh`): everything [`differences`] compares, plus table and column
/// comments, constraint names (per `names`), CHECK constraints and identity ranges. Tables and
/// columns are matched case-insensitively. `Difference::reference` is the fresh side.
pub fn migration_differences(
    fresh: (&Catalog, &super::Details),
    migrated: (&Catalog, &super::Details),
    names: &NamePolicy,
) -> Vec<Difference> {
    // Structure first, names apart (so a name-only difference is its own finding).
    let mut out = differences(fresh.0, migrated.0, &|_, _| false);
    let index = |c: &Catalog| -> BTreeMap<String, Table> {
        c.tables
            .iter()
            .map(|t| (upper(&t.name), t.clone()))
            .collect()
    };
    let details = |d: &super::Details| -> BTreeMap<String, super::TableDetails> {
        d.tables
            .iter()
            .map(|t| (upper(&t.name), t.clone()))
            .collect()
    };
    let (ft, mt) = (index(fresh.0), index(migrated.0));
    let (fd, md) = (details(fresh.1), details(migrated.1));
    let named = |n: &str| (names.constraint)(n);
    for (name, f) in &ft {
        let Some(m) = mt.get(name) else { continue };
        let mut field = |column: Option<String>, field: &'static str, a: String, b: String| {
            if a != b {
                out.push(Difference {
                    table: name.clone(),
                    column,
                    field,
                    reference: a,
                    model: b,
                });
            }
        };
        field(None, "table_comment", show(&f.comment), show(&m.comment));
        for fc in &f.columns {
            if let Some(mc) = m.columns.iter().find(|c| upper(&c.name) == upper(&fc.name)) {
                field(
                    Some(upper(&fc.name)),
                    "column_comment",
                    show(&fc.comment),
                    show(&mc.comment),
                );
            }
        }
        let fk_names = |t: &Table| {
            let mut v: Vec<String> = t
                .foreign_keys
                .iter()
                .filter(|fk| named(&fk.name))
                .map(|fk| {
                    format!(
                        "{}({})",
                        upper(&fk.name),
                        fk.columns
                            .iter()
                            .map(|c| upper(c))
                            .collect::<Vec<_>>()
                            .join(",")
                    )
                })
                .collect();
            v.sort();
            v
        };
        field(
            None,
            "foreign_key_names",
            show(&fk_names(f)),
            show(&fk_names(m)),
        );
        let empty = super::TableDetails::default();
        let (fdt, mdt) = (
            fd.get(name).unwrap_or(&empty),
            md.get(name).unwrap_or(&empty),
        );
        let pk_name = |d: &super::TableDetails| {
            d.primary_key_name
                .as_deref()
                .filter(|n| named(n))
                .map(upper)
        };
        if pk_name(fdt).is_some() || pk_name(mdt).is_some() {
            field(
                None,
                "primary_key_name",
                show(&fdt.primary_key_name.as_deref().map(upper)),
                show(&mdt.primary_key_name.as_deref().map(upper)),
            );
        }
        let unique_names = |d: &super::TableDetails| {
            let mut v: Vec<String> = d
                .uniques
                .iter()
                .filter(|u| named(&u.name))
                .map(|u| {
                    format!(
                        "{}({})",
                        upper(&u.name),
                        u.columns
                            .iter()
                            .map(|c| upper(c))
                            .collect::<Vec<_>>()
                            .join(",")
                    )
                })
                .collect();
            v.sort();
            v
        };
        field(
            None,
            "unique_names",
            show(&unique_names(fdt)),
            show(&unique_names(mdt)),
        );
        let checks = |d: &super::TableDetails| {
            let mut v: Vec<String> = d
                .checks
                .iter()
                .map(|c| {
                    let mut cols: Vec<String> = c.columns.iter().map(|x| upper(x)).collect();
                    cols.sort();
                    format!(
                        "{}({}) IN {:?}",
                        if names.checks {
                            upper(&c.name)
                        } else {
                            String::new()
                        },
                        cols.join(","),
                        c.literals
                    )
                })
                .collect();
            v.sort();
            v
        };
        field(None, "checks", show(&checks(fdt)), show(&checks(mdt)));
        let identities = |d: &super::TableDetails| -> Vec<String> {
            let mut v: Vec<String> = d
                .identities
                .iter()
                .map(|i| {
                    format!(
                        "{} {} start {} increment {} min {} max {}",
                        upper(&i.column),
                        i.data_type,
                        i.start.as_deref().unwrap_or("-"),
                        i.increment.as_deref().unwrap_or("-"),
                        i.minimum.as_deref().unwrap_or("-"),
                        i.maximum.as_deref().unwrap_or("-")
                    )
                })
                .collect();
            v.sort();
            v
        };
        field(
            None,
            "identity",
            show(&identities(fdt)),
            show(&identities(mdt)),
        );
    }
    out
}
