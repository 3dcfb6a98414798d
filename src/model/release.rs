//! Releases: one model describes every release of a product, and each release is read out of
//! it here, on the files as written, before they are resolved. A table, column, key, index or
//! foreign key lives from its `added_in` release (default: the first) up to, not including,
//! its `removed_in`; a table's or column's `changes` apply from their release on; `renamed`
//! gives its earlier names. Names in the model are the newest: every reference to a renamed
//! table or column (keys, indexes, foreign keys, seed rows) is rewritten to the name it has
//! in the release read.
//!
//! The release read out is then an ordinary one-version model: everything after loading
//! (validation, the emitter, the differ) knows nothing of releases. Between two releases
//! (`base` → `at`) a renamed table or column gets the `renamed_from` of the base's name, so
//! that the differ writes a rename, not a drop and an add.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use serde_saphyr::Spanned;

use super::ast::{ModuleFile, ProductFile, RenameDef};
use super::diagnostic::{Diagnostic, Diagnostics, Pos};

/// The product's releases in order, oldest first.
#[derive(Debug, Clone, Default)]
pub struct Releases {
    names: Vec<String>,
}

impl Releases {
    pub fn of(product: &ProductFile) -> Releases {
        Releases {
            names: product
                .releases
                .iter()
                .map(|r| r.name.value.clone())
                .collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    pub fn names(&self) -> &[String] {
        &self.names
    }

    pub fn index(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }

    pub fn newest(&self) -> Option<usize> {
        self.names.len().checked_sub(1)
    }

    /// The release names, for a message.
    pub fn listed(&self) -> String {
        self.names.join(", ")
    }
}

/// Checks what the release fields say before any release is read: release names declared
/// once, every `added_in`/`removed_in`/`in` naming a declared release, in order, and no
/// release field in a product without releases.
pub fn check(
    product_path: &Arc<Path>,
    product: &ProductFile,
    modules: &[(Arc<Path>, ModuleFile)],
    diagnostics: &mut Diagnostics,
) {
    let releases = Releases::of(product);
    for (i, release) in product.releases.iter().enumerate() {
        let name = &release.name.value;
        let problem = if name.trim().is_empty() {
            Some("a release name is empty".to_string())
        } else if releases.names[..i].contains(name) {
            Some(format!("release `{name}` is declared twice"))
        } else if !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-+".contains(c))
        {
            Some(format!(
                "release name `{name}` has a character other than letters, digits, `.`, `_`, `-` and `+` (it names upgrade directories)"
            ))
        } else {
            None
        };
        if let Some(problem) = problem {
            diagnostics.push(
                Diagnostic::new(
                    Pos::new(product_path, release.name.referenced),
                    "E096",
                    problem,
                )
                .help(
                    "give each release one unique name, as the product numbers it, e.g. `4.12.37`",
                ),
            );
        }
    }
    if let Some(dir) = &product.upgrade_dir {
        let template = &dir.value;
        let bad = template.starts_with('/')
            || template.contains('\\')
            || template
                .split('/')
                .any(|part| part.is_empty() || part == "." || part == "..")
            || !template.contains("{to}");
        if bad {
            diagnostics.push(
                Diagnostic::new(
                    Pos::new(product_path, dir.referenced),
                    "E096",
                    format!("upgrade_dir `{template}` is not a relative path naming `{{to}}`"),
                )
                .help("write a relative path of plain parts with `{from}` and `{to}`, e.g. `migration-resources/{from}_to_{to}/dbscripts`"),
            );
        }
        if releases.is_empty() {
            diagnostics.push(
                Diagnostic::new(
                    Pos::new(product_path, dir.referenced),
                    "E097",
                    "upgrade_dir is set, but the product declares no releases",
                )
                .help("declare the product's `releases:` in product.yaml, or remove upgrade_dir"),
            );
        }
    }
    for (path, module) in modules {
        let mut check = Checker {
            path,
            releases: &releases,
            diagnostics,
        };
        for table in &module.tables {
            let table_life = check.life(&table.added_in, &table.removed_in);
            check.renames(&table.renamed, table_life);
            check.in_order(table.changes.iter().map(|c| &c.release), table_life);
            for column in &table.columns {
                let life = check.life(&column.added_in, &column.removed_in);
                let life = check.within(life, table_life, &column.added_in, &column.removed_in);
                check.renames(&column.renamed, life);
                check.in_order(column.changes.iter().map(|c| &c.release), life);
            }
            for (added, removed) in table
                .unique
                .iter()
                .map(|u| (&u.added_in, &u.removed_in))
                .chain(table.indexes.iter().map(|i| (&i.added_in, &i.removed_in)))
                .chain(
                    table
                        .foreign_keys
                        .iter()
                        .map(|f| (&f.added_in, &f.removed_in)),
                )
            {
                let life = check.life(added, removed);
                check.within(life, table_life, added, removed);
            }
        }
    }
}

/// The releases a thing lives in: `[from, until)` as release indexes.
type Life = (usize, usize);

struct Checker<'a> {
    path: &'a Arc<Path>,
    releases: &'a Releases,
    diagnostics: &'a mut Diagnostics,
}

impl Checker<'_> {
    /// The index of a release a field names, or a diagnostic.
    fn release(&mut self, name: &Spanned<String>) -> Option<usize> {
        let found = self.releases.index(&name.value);
        if found.is_none() {
            let (message, help) = if self.releases.is_empty() {
                (
                    format!(
                        "release `{}` is named, but the product declares no releases",
                        name.value
                    ),
                    "declare the product's `releases:` (oldest first) in product.yaml".to_string(),
                )
            } else {
                (
                    format!("release `{}` is not declared", name.value),
                    format!(
                        "the product's releases are: {}; add it to `releases:` in product.yaml, or fix the name",
                        self.releases.listed()
                    ),
                )
            };
            self.diagnostics.push(
                Diagnostic::new(Pos::new(self.path, name.referenced), "E097", message).help(help),
            );
        }
        found
    }

    fn out_of_order(&mut self, at: &Spanned<String>, message: String) {
        self.diagnostics.push(
            Diagnostic::new(Pos::new(self.path, at.referenced), "E098", message).help(
                "a thing is added before it is removed, and changed or renamed in between, in release order (oldest first)",
            ),
        );
    }

    fn life(&mut self, added: &Option<Spanned<String>>, removed: &Option<Spanned<String>>) -> Life {
        let from = added.as_ref().and_then(|a| self.release(a)).unwrap_or(0);
        let until = removed
            .as_ref()
            .and_then(|r| self.release(r))
            .unwrap_or(self.releases.names.len().max(1));
        if let Some(removed) = removed
            && until <= from
        {
            self.out_of_order(
                removed,
                format!(
                    "removed in `{}`, which is not after the release that added it",
                    removed.value
                ),
            );
        }
        (from, until)
    }

    /// A column, key or index lives only while its table does.
    fn within(
        &mut self,
        life: Life,
        table: Life,
        added: &Option<Spanned<String>>,
        removed: &Option<Spanned<String>>,
    ) -> Life {
        if let Some(added) = added
            && life.0 < table.0
        {
            self.out_of_order(
                added,
                format!("added in `{}`, before its table was", added.value),
            );
        }
        if let Some(removed) = removed
            && life.1 > table.1
        {
            self.out_of_order(
                removed,
                format!("removed in `{}`, after its table was", removed.value),
            );
        }
        (life.0.max(table.0), life.1.min(table.1))
    }

    /// Changes after the thing was added and before it was removed, each release once, oldest
    /// first.
    fn in_order<'s>(&mut self, releases: impl Iterator<Item = &'s Spanned<String>>, life: Life) {
        let mut previous = life.0;
        for release in releases {
            let Some(at) = self.release(release) else {
                continue;
            };
            if at <= previous || at >= life.1 {
                self.out_of_order(
                    release,
                    format!(
                        "release `{}` is not after the previous change (or the addition) and before the removal",
                        release.value
                    ),
                );
            }
            previous = previous.max(at);
        }
    }

    fn renames(&mut self, renames: &[RenameDef], life: Life) {
        self.in_order(renames.iter().map(|r| &r.release), life);
    }
}

/// The name a thing has at release `at`: the `from` of the first rename after `at`, else its
/// newest name.
fn name_at<'a>(
    newest: &'a str,
    renames: &'a [RenameDef],
    releases: &Releases,
    at: usize,
) -> &'a str {
    renames
        .iter()
        .filter_map(|r| releases.index(&r.release.value).map(|i| (i, r)))
        .filter(|(i, _)| *i > at)
        .min_by_key(|(i, _)| *i)
        .map(|(_, r)| r.from.value.as_str())
        .unwrap_or(newest)
}

fn alive(
    added: &Option<Spanned<String>>,
    removed: &Option<Spanned<String>>,
    releases: &Releases,
    at: usize,
) -> bool {
    let from = added
        .as_ref()
        .and_then(|a| releases.index(&a.value))
        .unwrap_or(0);
    let until = removed
        .as_ref()
        .and_then(|r| releases.index(&r.value))
        .unwrap_or(usize::MAX);
    from <= at && at < until
}

fn applies(release: &Spanned<String>, releases: &Releases, at: usize) -> bool {
    releases.index(&release.value).is_some_and(|i| i <= at)
}

/// The modules as release `at` has them (see the module comment). With `base`, a table or
/// column whose name differs at `base` is marked `renamed_from` that name.
pub fn at_release(
    product: &ProductFile,
    modules: &[(Arc<Path>, ModuleFile)],
    at: usize,
    base: Option<usize>,
) -> Vec<(Arc<Path>, ModuleFile)> {
    let releases = Releases::of(product);
    // Newest table name → its name at `at`; per newest table name, newest column → name at `at`.
    let mut table_names: HashMap<String, String> = HashMap::new();
    let mut column_names: HashMap<String, HashMap<String, String>> = HashMap::new();
    for (_, module) in modules {
        for table in &module.tables {
            let newest = &table.name.value;
            table_names.insert(
                newest.clone(),
                name_at(newest, &table.renamed, &releases, at).to_string(),
            );
            column_names.insert(
                newest.clone(),
                table
                    .columns
                    .iter()
                    .filter(|c| alive(&c.added_in, &c.removed_in, &releases, at))
                    .map(|c| {
                        (
                            c.name.value.clone(),
                            name_at(&c.name.value, &c.renamed, &releases, at).to_string(),
                        )
                    })
                    .collect(),
            );
        }
    }
    let rename = |name: &mut Spanned<String>, map: Option<&HashMap<String, String>>| {
        if let Some(new) = map.and_then(|m| m.get(&name.value)) {
            name.value = new.clone();
        }
    };
    let rename_all = |names: &mut Spanned<Vec<Spanned<String>>>,
                      map: Option<&HashMap<String, String>>| {
        for name in names.value.iter_mut() {
            rename(name, map);
        }
    };

    let mut out = Vec::with_capacity(modules.len());
    for (path, module) in modules {
        let mut module = module.clone();
        module
            .tables
            .retain(|t| alive(&t.added_in, &t.removed_in, &releases, at));
        for table in &mut module.tables {
            let newest = table.name.value.clone();
            let own_columns = column_names.get(&newest);
            for change in std::mem::take(&mut table.changes) {
                if !applies(&change.release, &releases, at) {
                    continue;
                }
                if let Some(description) = change.description {
                    table.description = Some(description);
                }
                if let Some(primary_key) = change.primary_key {
                    table.primary_key = Some(primary_key);
                }
                if let Some(name) = change.primary_key_name {
                    table.primary_key_name = Some(name);
                }
            }
            let now = table_names[&newest].clone();
            table.renamed_from = base
                .filter(|b| alive(&table.added_in, &table.removed_in, &releases, *b))
                .map(|b| name_at(&newest, &table.renamed, &releases, b).to_string())
                .filter(|old| *old != now)
                .or(table.renamed_from.take());
            table.name.value = now;
            table.renamed.clear();

            table
                .columns
                .retain(|c| alive(&c.added_in, &c.removed_in, &releases, at));
            for column in &mut table.columns {
                let newest_column = column.name.value.clone();
                for change in std::mem::take(&mut column.changes) {
                    if !applies(&change.release, &releases, at) {
                        continue;
                    }
                    if let Some(type_name) = change.type_name {
                        column.type_name = type_name;
                    }
                    if let Some(nullable) = change.nullable {
                        column.nullable = Some(nullable);
                    }
                    if let Some(default) = change.default {
                        column.default = Some(default);
                    }
                    if let Some(auto_increment) = change.auto_increment {
                        column.auto_increment = Some(auto_increment);
                    }
                    if let Some(description) = change.description {
                        column.description = Some(description);
                    }
                    if let Some(values) = change.allowed_values {
                        column.allowed_values = Some(values);
                    }
                    column.overrides.extend(change.overrides);
                }
                let name_now = own_columns
                    .and_then(|m| m.get(&newest_column))
                    .cloned()
                    .unwrap_or(newest_column.clone());
                let was_alive_at_base =
                    base.is_some_and(|b| alive(&column.added_in, &column.removed_in, &releases, b));
                column.renamed_from = base
                    .filter(|_| was_alive_at_base)
                    .map(|b| name_at(&newest_column, &column.renamed, &releases, b).to_string())
                    .filter(|old| old != &name_now)
                    .or(column.renamed_from.take());
                column.name.value = name_now;
                column.renamed.clear();
            }

            table
                .unique
                .retain(|u| alive(&u.added_in, &u.removed_in, &releases, at));
            table
                .indexes
                .retain(|i| alive(&i.added_in, &i.removed_in, &releases, at));
            table
                .foreign_keys
                .retain(|f| alive(&f.added_in, &f.removed_in, &releases, at));

            if let Some(pk) = &mut table.primary_key {
                rename_all(pk, own_columns);
            }
            for unique in &mut table.unique {
                rename_all(&mut unique.columns, own_columns);
            }
            for index in &mut table.indexes {
                rename_all(&mut index.columns, own_columns);
            }
            for fk in &mut table.foreign_keys {
                rename_all(&mut fk.columns, own_columns);
                rename_all(&mut fk.ref_columns, column_names.get(&fk.references.value));
                rename(&mut fk.references, Some(&table_names));
            }
            for row in &mut table.rows {
                let values = std::mem::take(&mut row.value);
                row.value = values
                    .into_iter()
                    .map(|(column, value)| {
                        let column = own_columns
                            .and_then(|m| m.get(&column))
                            .cloned()
                            .unwrap_or(column);
                        (column, value)
                    })
                    .collect();
            }
            // The release the table and each column first appear in, for the data dictionary.
            if table.added_in.is_none() {
                table.added_in = releases.names.first().map(|first| unwritten(first));
            }
            for column in &mut table.columns {
                if column.added_in.is_none() {
                    column.added_in = table.added_in.clone();
                }
            }
        }
        out.push((path.clone(), module));
    }
    out
}

fn unwritten(value: &str) -> Spanned<String> {
    let unknown = serde_saphyr::Location::UNKNOWN;
    Spanned::new(value.to_string(), unknown, unknown)
}
