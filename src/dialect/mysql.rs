//! MySQL 8 and MariaDB 10.11 with InnoDB.

use super::data::dialect_data;
use super::migrate::{
    ColumnAlter, ColumnShape, ConstraintKind, KeyShape, Migrate, Step, Writer, drop_constraint_step,
};
use super::{AutoIncrement, Dialect, DialectData, DialectName, IdentityColumn, Statement, Target};
use crate::model::{ForeignKey, Ident, Table};

pub struct Mysql;

impl Dialect for Mysql {
    /// InnoDB makes an index for a foreign key that has none (MySQL manual, 15.1.20.5).
    fn creates_foreign_key_indexes(&self) -> bool {
        true
    }

    fn name(&self) -> DialectName {
        DialectName::Mysql
    }

    fn data(&self) -> &'static DialectData {
        dialect_data!("mysql")
    }

    /// "Row Size Limits" and "Data Type Storage Requirements": utf8mb4 VARCHAR(n) 4n bytes +
    /// 1 length byte (2 above 255), CHAR(n) 4n, LONGTEXT/LONGBLOB/JSON 12 (4 + an 8-byte
    /// pointer), INT 4, BIGINT 8, SMALLINT 2, BOOLEAN 1, DOUBLE 8, DATE 3, TIMESTAMP 4,
    /// DECIMAL 4 bytes per 9 digits. Index keys are E038's (`max_index_key_bytes`).
    fn stored_bytes(
        &self,
        column: &crate::model::DialectColumn,
        _target: &Target,
    ) -> Option<super::StoredBytes> {
        use crate::model::PortableType as P;
        let row = match column.portable_type? {
            P::Varchar(n) => {
                let bytes = 4 * u64::from(n);
                bytes + if bytes > 255 { 2 } else { 1 }
            }
            P::Char(n) => 4 * u64::from(n),
            P::Text | P::Blob | P::Json => 12,
            P::SmallInt => 2,
            P::Integer => 4,
            P::BigInt | P::Double => 8,
            P::Boolean => 1,
            P::Date => 3,
            P::Timestamp => 4,
            P::Decimal { precision, .. } => u64::from(precision).div_ceil(9) * 4,
        };
        Some(super::StoredBytes { row, key: None })
    }

    /// A quoted name takes the Basic Multilingual Plane only ("Schema Object Names":
    /// "Permitted characters in quoted identifiers include the full Unicode Basic Multilingual
    /// Plane (BMP), except U+0000", <https://dev.mysql.com/doc/refman/8.0/en/identifiers.html>).
    fn unquotable_identifier(&self, name: &str) -> Option<String> {
        name.chars().find(|c| *c as u32 > 0xFFFF).map(|c| {
            format!(
                "MySQL names hold only characters of the Basic Multilingual Plane, not U+{:X}",
                c as u32
            )
        })
    }

    /// Comments are stored in utf8mb3, whatever the table's character set: a character outside
    /// the BMP becomes `?` (MariaDB 10.11 with a warning only; MySQL 8: ERROR 1366).
    fn comment_problem(&self, text: &str) -> Option<String> {
        text.chars().find(|c| *c as u32 > 0xFFFF).map(|c| {
            format!(
                "it holds U+{:X}, outside the Basic Multilingual Plane, which MySQL cannot store in a comment (utf8mb3)",
                c as u32
            )
        })
    }

    /// MySQL quotes identifiers with backticks unless ANSI_QUOTES is set, which we cannot assume.
    fn quote_identifier(&self, name: &str) -> String {
        format!("`{}`", name.replace('`', "``"))
    }

    /// Backslash is an escape character in MySQL string literals unless NO_BACKSLASH_ESCAPES is
    /// set (<https://dev.mysql.com/doc/refman/8.0/en/string-literals.html>), so it is doubled too.
    /// Line breaks are written as the escapes `\n` and `\r` of the same page: the mysql and
    /// mariadb clients drop a CR before LF of a script line, and a literal without raw line
    /// breaks keeps every line of the file SQL; Ctrl-Z (`\Z`) ends a file read on Windows.
    fn string_literal(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 2);
        out.push('\'');
        for c in text.chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                '\'' => out.push_str("''"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\u{1A}' => out.push_str("\\Z"),
                '\0' => out.push_str("\\0"),
                c => out.push(c),
            }
        }
        out.push('\'');
        out
    }

    /// The client's character set is utf8mb4, whatever the client's default (often utf8mb3,
    /// which cannot carry characters outside the BMP: ERROR 1366 on an emoji;
    /// <https://dev.mysql.com/doc/refman/8.0/en/set-names.html>).
    fn script_preamble(&self, _target: &Target) -> Vec<String> {
        vec!["SET NAMES utf8mb4;".to_string()]
    }

    /// MySQL has no identity columns; AUTO_INCREMENT is its form.
    fn auto_increment(&self, _target: &Target) -> AutoIncrement {
        AutoIncrement::Clause("AUTO_INCREMENT".to_string())
    }

    /// MySQL has no `COMMENT ON`; comments are column attributes and a table option.
    fn inline_column_comments(&self) -> bool {
        true
    }

    /// The storage engine from the `engine` setting: InnoDB for foreign keys and transactions
    /// (WSO2 writes ENGINE INNODB on every table), NDB for the mysql_cluster variant.
    fn table_options(&self, table_comment: Option<&str>, target: &Target) -> Vec<String> {
        let mut options = vec![format!(
            "ENGINE={}",
            target.setting("engine").unwrap_or("InnoDB")
        )];
        if let Some(comment) = table_comment {
            options.push(format!("COMMENT={}", self.string_literal(comment)));
        }
        options
    }

    /// An explicit value moves AUTO_INCREMENT by itself ("Using AUTO_INCREMENT": the sequence
    /// is reset so that the next generated value follows the largest column value), on MariaDB
    /// alike: nothing follows the rows.
    fn rows_giving_identity(
        &self,
        _target: &Target,
        _identity: &IdentityColumn,
        inserts: Vec<Statement>,
    ) -> Vec<Statement> {
        inserts
    }
}

/// The index names a fresh install of `table` leaves to InnoDB, for its unnamed unique keys
/// (by position in `uniques`) and for the foreign keys that have an index of their own (by
/// position in `foreign_keys`; a named one's is the constraint's name): the first column's name, with `_2`, `_3`, ... where a key
/// written before it in CREATE TABLE has that name ("If you do not assign a name to an index,
/// the index is assigned the same name as the first indexed column, with an optional suffix
/// (_2, _3, ...) to make it unique", CREATE TABLE, MySQL 8.0 Reference Manual; MariaDB the
/// same, seen on the engine). CREATE TABLE writes the primary key, the unique keys, then the
/// foreign keys, whose indexes InnoDB makes last; a foreign key has one of its own where no
/// key, index or earlier foreign key's index starts with its columns (InnoDB drops the one it
/// made when CREATE INDEX adds one that serves). Names compare case-insensitively.
struct ImplicitIndexNames {
    uniques: Vec<Option<String>>,
    foreign_keys: Vec<Option<String>>,
}

fn implicit_index_names(table: &Table) -> ImplicitIndexNames {
    let mut taken: Vec<String> = vec!["PRIMARY".to_string()];
    taken.extend(
        table
            .uniques
            .iter()
            .filter_map(|u| u.name.as_ref().map(|n| n.name.clone())),
    );
    let name_after = |first: &str, taken: &mut Vec<String>| {
        let free = |n: &str| !taken.iter().any(|t| t.eq_ignore_ascii_case(n));
        let name = std::iter::once(first.to_string())
            .chain((2..).map(|i| format!("{first}_{i}")))
            .find(|n| free(n))
            .expect("an unbounded range has a free name");
        taken.push(name.clone());
        name
    };
    let uniques = table
        .uniques
        .iter()
        .map(|u| match (&u.name, u.columns.first()) {
            (None, Some(first)) => Some(name_after(&first.name, &mut taken)),
            _ => None,
        })
        .collect();
    let starts = |cols: &[Ident], with: &[Ident]| {
        cols.len() >= with.len() && cols.iter().zip(with).all(|(c, w)| c.name == w.name)
    };
    let mut own_indexes: Vec<&[Ident]> = Vec::new();
    let mut foreign_keys = Vec::new();
    for fk in &table.foreign_keys {
        let served_at_create = table
            .primary_key
            .as_ref()
            .is_some_and(|pk| starts(&pk.columns, &fk.columns))
            || table
                .uniques
                .iter()
                .any(|u| starts(&u.columns, &fk.columns))
            || own_indexes.iter().any(|cols| starts(cols, &fk.columns));
        if served_at_create {
            foreign_keys.push(None);
            continue;
        }
        own_indexes.push(&fk.columns);
        // A named foreign key's index takes the constraint's name.
        let name = match (&fk.name, fk.columns.first()) {
            (Some(name), _) => {
                taken.push(name.name.clone());
                Some(name.name.clone())
            }
            (None, Some(first)) => Some(name_after(&first.name, &mut taken)),
            (None, None) => None,
        };
        let served_later = table
            .indexes
            .iter()
            .any(|i| starts(&i.columns, &fk.columns));
        foreign_keys.push(name.filter(|_| !served_later));
    }
    ImplicitIndexNames {
        uniques,
        foreign_keys,
    }
}

/// After OLD's `table` lost the index named `freed`: the kept unnamed key whose index a fresh
/// install of NEW names `freed` (it was `freed_2` while the dropped key came first) takes that
/// name, unless NEW adds a key that takes it back. Keys whose columns NEW renames are left to
/// the rename.
fn take_freed_name(w: &dyn Writer, table: &Table, freed: &str) -> Vec<Step> {
    let Some(after) = w.new_table(&table.name.name) else {
        return Vec::new();
    };
    let same = |a: &[Ident], b: &[Ident]| a.iter().map(|c| &c.name).eq(b.iter().map(|c| &c.name));
    let then = implicit_index_names(table);
    let now = implicit_index_names(after);
    let is_freed = |n: &Option<String>| n.as_ref().is_some_and(|n| n.eq_ignore_ascii_case(freed));
    let new_uniques = after.uniques.iter().zip(&now.uniques);
    let new_foreign_keys = after.foreign_keys.iter().zip(&now.foreign_keys);
    let old_uniques = table.uniques.iter().zip(&then.uniques);
    let old_foreign_keys = table.foreign_keys.iter().zip(&then.foreign_keys);
    let fresh_owner: Option<(&[Ident], ConstraintKind)> = new_uniques
        .filter(|(u, n)| u.name.is_none() && is_freed(n))
        .map(|(u, _)| (u.columns.as_slice(), ConstraintKind::Unique))
        .chain(
            new_foreign_keys
                .filter(|(f, n)| f.name.is_none() && is_freed(n))
                .map(|(f, _)| (f.columns.as_slice(), ConstraintKind::ForeignKey)),
        )
        .next();
    let Some((columns, kind)) = fresh_owner else {
        return Vec::new();
    };
    let holder = match kind {
        ConstraintKind::Unique => old_uniques
            .filter(|(u, _)| u.name.is_none() && same(&u.columns, columns))
            .map(|(_, n)| n)
            .next(),
        _ => old_foreign_keys
            .filter(|(f, _)| f.name.is_none() && same(&f.columns, columns))
            .map(|(_, n)| n)
            .next(),
    };
    match holder {
        Some(Some(old))
            if !old.eq_ignore_ascii_case(freed)
                && !w.key_dropped(&table.name.name, &names_of(columns), kind) =>
        {
            vec![Step::sql(format!(
                "ALTER TABLE {} RENAME INDEX {} TO {}",
                w.ident(&table.name.name),
                w.ident(old),
                w.ident(freed)
            ))]
        }
        _ => Vec::new(),
    }
}

fn names_of(idents: &[Ident]) -> Vec<String> {
    idents.iter().map(|c| c.name.clone()).collect()
}

fn idents_are(idents: &[Ident], names: &[String]) -> bool {
    idents.iter().map(|c| &c.name).eq(names)
}

impl Migrate for Mysql {
    /// "Cannot drop index '...': needed in a foreign key constraint" (ERROR 1553): InnoDB
    /// needs an index whose leading columns are a foreign key's, on both sides.
    fn foreign_keys_hold_their_indexes(&self) -> bool {
        true
    }

    /// InnoDB names an unnamed foreign key `<table>_ibfk_<n>`, n one more than the highest
    /// such number the table has ("FOREIGN KEY Constraints", Identifiers, MySQL 8.0 Reference
    /// Manual 15.1.20.5; MariaDB 10.11 does the same, seen on the engine).
    fn numbers_unnamed_foreign_keys(&self) -> bool {
        true
    }

    /// Strict mode for the session, whatever the server's sql_mode: without it MODIFY COLUMN
    /// truncates a value that does not fit, clips a number to the new type's range, turns a
    /// non-number into 0 and a NULL into '' under NOT NULL, each with only a warning ("Strict
    /// SQL Mode", MySQL 8.0 Reference Manual 7.1.11). The session's other modes are kept.
    fn session_setup(&self) -> Vec<Statement> {
        vec![Statement::new(
            "SET SESSION sql_mode = CONCAT_WS(',', NULLIF(@@SESSION.sql_mode, ''), 'STRICT_ALL_TABLES')",
        )]
    }

    /// InnoDB refuses to change the type of a column a foreign key uses, on either side
    /// (ERROR 1832 / 3780 "Cannot change column ...: used in a foreign key constraint";
    /// <https://dev.mysql.com/doc/refman/8.0/en/create-table-foreign-keys.html>, "Foreign Key
    /// Restrictions"): the plan drops those foreign keys before and adds them after. Primary and
    /// unique keys stay (MODIFY keeps them; an AUTO_INCREMENT column must stay a key).
    fn modify_column_keeps_constraints(&self, alter: &ColumnAlter, kind: ConstraintKind) -> bool {
        kind != ConstraintKind::ForeignKey || !alter.changes.type_
    }

    /// MODIFY restates the whole column: type, NULL-ness, default, AUTO_INCREMENT, comment
    /// (<https://dev.mysql.com/doc/refman/8.0/en/alter-table.html>); left out, the comment
    /// would be lost.
    fn modify_column(&self, w: &dyn Writer, alter: &ColumnAlter) -> Vec<Step> {
        vec![Step::sql(format!(
            "ALTER TABLE {} MODIFY COLUMN {}",
            w.ident(&alter.table.name.name),
            w.column_definition(alter.to)
        ))]
    }

    /// A NOT NULL column without a default is added nullable and then made NOT NULL: MySQL and
    /// MariaDB would otherwise fill existing rows with the type's implicit default (0, '')
    /// even in strict mode, where every other database refuses the change on a table that has
    /// rows ("Data Type Default Values",
    /// <https://dev.mysql.com/doc/refman/8.0/en/data-type-defaults.html>). The MODIFY then fails
    /// (ERROR 1138 / 1265) while a row holds NULL.
    fn add_column(&self, w: &dyn Writer, table: &Table, column: &ColumnShape) -> Vec<Step> {
        let name = w.ident(&table.name.name);
        let fill_later = !column.nullable && column.default.is_none() && !column.auto_increment;
        if !fill_later {
            return vec![Step::sql(format!(
                "ALTER TABLE {name} ADD COLUMN {}",
                w.column_definition(column)
            ))];
        }
        let nullable = ColumnShape {
            nullable: true,
            ..column.clone()
        };
        vec![
            Step::sql(format!(
                "ALTER TABLE {name} ADD COLUMN {}",
                w.column_definition(&nullable)
            )),
            Step::sql(format!(
                "ALTER TABLE {name} MODIFY COLUMN {}",
                w.column_definition(column)
            )),
        ]
    }

    /// The table comment is a table option: `ALTER TABLE t COMMENT = '...'`, an empty one
    /// removing it.
    fn set_table_comment(&self, w: &dyn Writer, table: &Table) -> Vec<Step> {
        vec![Step::sql(format!(
            "ALTER TABLE {} COMMENT = {}",
            w.ident(&table.name.name),
            self.string_literal(table.description.as_deref().unwrap_or(""))
        ))]
    }

    fn rename_table(&self, w: &dyn Writer, from: &Table, to: &Table) -> Vec<Step> {
        vec![Step::sql(format!(
            "RENAME TABLE {} TO {}",
            w.ident(&from.name.name),
            w.ident(&to.name.name)
        ))]
    }

    /// RENAME COLUMN (MySQL 8.0, MariaDB 10.5), and the index of an unnamed unique key, or the
    /// one InnoDB made for an unnamed foreign key, that starts with the column: named after
    /// the column, it keeps that name, so it is
    /// renamed to what a fresh install names it (`RENAME INDEX`,
    /// <https://dev.mysql.com/doc/refman/8.0/en/alter-table.html>).
    fn rename_column(
        &self,
        w: &dyn Writer,
        table: &Table,
        from: &ColumnShape,
        to: &ColumnShape,
    ) -> Vec<Step> {
        let name = w.ident(&table.name.name);
        let mut out = vec![Step::sql(format!(
            "ALTER TABLE {name} RENAME COLUMN {} TO {}",
            w.ident(&from.name),
            w.ident(&to.name)
        ))];
        // A key the migration dropped before this rename took its index with it; adding it
        // again names the new index after the new column.
        let before = w.old_table(&table.name.name);
        let kept = |kind: ConstraintKind, old_keys: Vec<&[Ident]>| {
            before.is_some_and(|before| {
                old_keys.into_iter().any(|columns| {
                    columns.first().is_some_and(|c| c.name == from.name)
                        && !w.key_dropped(&before.name.name, &names_of(columns), kind)
                })
            })
        };
        let old_foreign_keys = before
            .iter()
            .flat_map(|b| &b.foreign_keys)
            .filter(|fk| fk.name.is_none())
            .map(|fk| fk.columns.as_slice())
            .collect();
        let old_uniques = before
            .iter()
            .flat_map(|b| &b.uniques)
            .filter(|u| u.name.is_none())
            .map(|u| u.columns.as_slice())
            .collect();
        let own_index = table.foreign_keys.iter().any(|fk| {
            fk.name.is_none()
                && fk.columns.first().is_some_and(|c| c.name == to.name)
                && !table.index_starts_with(&fk.columns)
        }) && kept(ConstraintKind::ForeignKey, old_foreign_keys);
        // An unnamed unique key is named after its first column, too.
        let unique_index = table
            .uniques
            .iter()
            .any(|u| u.name.is_none() && u.columns.first().is_some_and(|c| c.name == to.name))
            && kept(ConstraintKind::Unique, old_uniques);
        if own_index || unique_index {
            out.push(Step::sql(format!(
                "ALTER TABLE {name} RENAME INDEX {} TO {}",
                w.ident(&from.name),
                w.ident(&to.name)
            )));
        }
        out
    }

    /// An index belongs to its table in MySQL: `DROP INDEX i ON t`.
    fn drop_index(&self, w: &dyn Writer, table: &Table, index: &KeyShape) -> Vec<Step> {
        vec![Step::sql(format!(
            "DROP INDEX {} ON {}",
            w.ident(index.name.as_deref().expect("indexes are named")),
            w.ident(&table.name.name)
        ))]
    }

    /// MySQL has no DROP CONSTRAINT before 8.0.19, and MariaDB drops keys as indexes.
    fn drop_constraint(
        &self,
        table: &str,
        name: Option<&str>,
        kind: ConstraintKind,
    ) -> Option<Statement> {
        Some(Statement::new(match (kind, name) {
            (ConstraintKind::PrimaryKey, _) => format!("ALTER TABLE {table} DROP PRIMARY KEY"),
            (ConstraintKind::Unique, Some(name)) => {
                format!("ALTER TABLE {table} DROP INDEX {name}")
            }
            (ConstraintKind::ForeignKey, Some(name)) => {
                format!("ALTER TABLE {table} DROP FOREIGN KEY {name}")
            }
            (_, None) => return None,
        }))
    }

    /// An unnamed unique key takes the name a fresh install gives it (its first column):
    /// where a kept index already holds that name (the index InnoDB made for an unnamed
    /// foreign key, or an unnamed unique key's, named when the new key did not exist yet), that
    /// index first takes the name a fresh install gives it, so every name is a fresh install's
    /// and a later drop finds the right index.
    fn add_key(
        &self,
        w: &dyn Writer,
        table: &Table,
        key: &KeyShape,
        kind: ConstraintKind,
    ) -> Vec<Step> {
        let name = w.ident(&table.name.name);
        let mut out = Vec::new();
        if let (ConstraintKind::Unique, None, Some(before)) =
            (kind, &key.name, w.old_table(&table.name.name))
        {
            let now = implicit_index_names(table);
            let then = implicit_index_names(before);
            let wanted = table
                .uniques
                .iter()
                .position(|u| u.name.is_none() && idents_are(&u.columns, &key.columns))
                .and_then(|p| now.uniques[p].clone());
            // (columns, kind, index name in OLD, index name in NEW) of each unnamed key.
            let same =
                |a: &[Ident], b: &[Ident]| a.iter().map(|c| &c.name).eq(b.iter().map(|c| &c.name));
            let mut holders = Vec::new();
            for (fk, old_index) in before.foreign_keys.iter().zip(&then.foreign_keys) {
                let fresh = table
                    .foreign_keys
                    .iter()
                    .position(|f| f.name.is_none() && same(&f.columns, &fk.columns))
                    .and_then(|p| now.foreign_keys[p].clone());
                holders.push((&fk.columns, ConstraintKind::ForeignKey, old_index, fresh));
            }
            for (u, old_index) in before.uniques.iter().zip(&then.uniques) {
                let fresh = table
                    .uniques
                    .iter()
                    .position(|n| n.name.is_none() && same(&n.columns, &u.columns))
                    .and_then(|p| now.uniques[p].clone());
                holders.push((&u.columns, ConstraintKind::Unique, old_index, fresh));
            }
            for (columns, holder_kind, old_index, fresh) in holders {
                let (Some(old_index), Some(fresh), Some(wanted)) = (old_index, fresh, &wanted)
                else {
                    continue;
                };
                let kept = !w.key_dropped(&before.name.name, &names_of(columns), holder_kind);
                if kept
                    && old_index.eq_ignore_ascii_case(wanted)
                    && !old_index.eq_ignore_ascii_case(&fresh)
                {
                    out.push(Step::sql(format!(
                        "ALTER TABLE {name} RENAME INDEX {} TO {}",
                        w.ident(old_index),
                        w.ident(&fresh)
                    )));
                }
            }
        }
        out.push(Step::sql(
            self.add_table_constraint(&name, &w.key_clause(table, key, kind)),
        ));
        out
    }

    /// An unnamed unique key is dropped by the name InnoDB gave its index
    /// ([`implicit_index_names`]).
    fn drop_key(
        &self,
        w: &dyn Writer,
        table: &Table,
        key: &KeyShape,
        kind: ConstraintKind,
    ) -> Vec<Step> {
        let implicit = (kind == ConstraintKind::Unique && key.name.is_none())
            .then(|| {
                let position = table
                    .uniques
                    .iter()
                    .position(|u| u.name.is_none() && idents_are(&u.columns, &key.columns))?;
                implicit_index_names(table).uniques[position].clone()
            })
            .flatten();
        let name = key.name.clone().or(implicit.clone());
        let mut out = vec![drop_constraint_step(
            self,
            w,
            table,
            name.as_deref(),
            kind,
            &key.columns,
            1,
        )];
        if let Some(freed) = implicit {
            out.extend(take_freed_name(w, table, &freed));
        }
        out
    }

    /// The foreign key, then the index InnoDB made for it, which it keeps when the key is
    /// dropped (<https://dev.mysql.com/doc/refman/8.0/en/create-table-foreign-keys.html>), by
    /// the name it gave it ([`implicit_index_names`]).
    fn drop_foreign_key(
        &self,
        w: &dyn Writer,
        table: &Table,
        fk: &ForeignKey,
        ordinal: usize,
        _covered: bool,
    ) -> Vec<Step> {
        let columns: Vec<String> = fk.columns.iter().map(|c| c.name.clone()).collect();
        let name = fk.name.as_ref().map(|n| n.name.as_str());
        let mut out = vec![drop_constraint_step(
            self,
            w,
            table,
            name,
            ConstraintKind::ForeignKey,
            &columns,
            ordinal,
        )];
        let own_index = table
            .foreign_keys
            .iter()
            .position(|f| {
                f.name.as_ref().map(|n| &n.name) == fk.name.as_ref().map(|n| &n.name)
                    && f.ref_table.name == fk.ref_table.name
                    && idents_are(&f.columns, &columns)
            })
            .and_then(|p| implicit_index_names(table).foreign_keys[p].clone());
        if let Some(index) = own_index {
            out.push(Step::sql(format!(
                "DROP INDEX {} ON {}",
                w.ident(&index),
                w.ident(&table.name.name)
            )));
        }
        out
    }

    /// InnoDB names an unnamed foreign key `<table>_ibfk_<n>` and an unnamed unique key after
    /// its first column (<https://dev.mysql.com/doc/refman/8.0/en/create-table-foreign-keys.html>).
    fn implicit_constraint_name(
        &self,
        table: &str,
        kind: ConstraintKind,
        columns: &[String],
        ordinal: usize,
    ) -> Option<String> {
        match kind {
            ConstraintKind::PrimaryKey => Some("PRIMARY".to_string()),
            ConstraintKind::Unique => columns.first().cloned(),
            ConstraintKind::ForeignKey => Some(format!("{table}_ibfk_{ordinal}")),
        }
    }
}
