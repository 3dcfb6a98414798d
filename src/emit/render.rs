//! sea-query statements → SQL text for one dialect, laid out for review: one column per line,
//! names and types aligned. This is the shared skeleton (the same for every dialect); every
//! point where databases differ is a [`Dialect`] method. sea-query's own backends are not used
//! here: they exist only for MySQL/PostgreSQL/SQLite, always quote and write one line.

use sea_query::{
    ColumnDef, ColumnType, ForeignKeyAction, ForeignKeyCreateStatement, TableCreateStatement,
    TableRef,
};

use super::statements::{AllowedValuesCheck, InsertRow};
use crate::dialect::migrate::KeyShape;
use crate::dialect::{
    AutoIncrement, ConstraintKind, Dialect, IdentityColumn, SequenceNames, Statement, Target,
    UniqueForm, names,
};
use crate::model::{IdentifierPolicy, ReferentialAction};

pub struct Renderer<'a> {
    pub dialect: &'a dyn Dialect,
    pub policy: IdentifierPolicy,
    pub target: &'a Target,
}

impl Renderer<'_> {
    /// An identifier, quoted when the product's policy says so for this dialect.
    pub fn ident(&self, name: &str) -> String {
        names::ident(self.dialect, self.policy, name)
    }

    fn ident_list(&self, names: &[String]) -> String {
        names
            .iter()
            .map(|n| self.ident(n))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn column_type(&self, column: &ColumnDef) -> String {
        let column_type = column.get_column_type().expect("every column has a type");
        if column.get_column_spec().auto_increment
            && let AutoIncrement::SerialType { integer, bigint } =
                self.dialect.auto_increment(self.target)
        {
            return match column_type {
                ColumnType::BigInteger => bigint,
                _ => integer,
            };
        }
        self.dialect.column_type(column_type, self.target)
    }

    /// CREATE TABLE, followed by what belongs to it: comments where the dialect attaches
    /// them by statement, and the sequence and trigger of an auto-increment column where the
    /// dialect fills it that way.
    pub fn create_table(
        &self,
        create: &TableCreateStatement,
        uniques: &[KeyShape],
        checks: &[AllowedValuesCheck],
    ) -> Vec<Statement> {
        let table = table_name(create.get_table_name());
        let columns = create.get_columns();
        let name_width = columns
            .iter()
            .map(|c| self.ident(&c.get_column_name()).len())
            .max()
            .unwrap_or(0);
        let types: Vec<String> = columns.iter().map(|c| self.column_type(c)).collect();
        let type_width = types.iter().map(String::len).max().unwrap_or(0);

        let mut lines = Vec::new();
        for (column, column_type) in columns.iter().zip(&types) {
            let attributes = self.column_attributes(column);
            let name = self.ident(&column.get_column_name());
            lines.push(if attributes.is_empty() {
                format!("{} {column_type}", pad(&name, name_width))
            } else {
                format!(
                    "{} {} {attributes}",
                    pad(&name, name_width),
                    pad(column_type, type_width)
                )
            });
        }
        for index in create.get_indexes() {
            assert!(
                index.is_primary_key(),
                "the emitter puts only the primary key into the sea-query CREATE TABLE"
            );
            let names = index.get_index_spec().get_column_names();
            let name = index.get_index_spec().get_name();
            lines.push(self.key_clause(&table, name, ConstraintKind::PrimaryKey, &names));
        }
        // A unique key the dialect writes as an index of its own form goes after the table.
        let mut unique_indexes = Vec::new();
        for key in uniques {
            let form = self.key_form(key);
            let name = key.name.clone().unwrap_or_else(|| {
                names::unique_index_name(
                    self.dialect,
                    &self.target.version,
                    &table,
                    unique_indexes.len(),
                )
            });
            match form.create_index(&self.ident(&name), &self.ident(&table)) {
                Some(sql) => unique_indexes.push(Statement::new(
                    self.dialect.guard_create_index(&table, &name, sql),
                )),
                None => lines.push(self.key_clause(
                    &table,
                    key.name.as_deref(),
                    ConstraintKind::Unique,
                    &key.columns,
                )),
            }
        }
        for check in checks {
            let values = check
                .values
                .iter()
                .map(|v| self.dialect.string_literal(v))
                .collect::<Vec<_>>()
                .join(", ");
            lines.push(self.check_clause(&table, &check.column, &values));
        }
        for fk in create.get_foreign_key_create_stmts() {
            lines.push(self.foreign_key_clause(fk));
        }
        let body = lines
            .iter()
            .map(|l| format!("    {}", l.trim_end()))
            .collect::<Vec<_>>()
            .join(",\n");
        let comment = create.get_comment().map(String::as_str);
        let inline_table_comment = if self.dialect.inline_column_comments() {
            comment
        } else {
            None
        };
        let options = self
            .dialect
            .table_options(inline_table_comment, self.target);
        let close = if options.is_empty() {
            ")".to_string()
        } else {
            format!(") {}", options.join(" "))
        };
        let quoted_table = self.ident(&table);
        let sql = self.dialect.guard_create_table(
            &table,
            format!("CREATE TABLE {quoted_table} (\n{body}\n{close}"),
        );
        let mut statements = vec![Statement::new(sql)];
        let described: Vec<(String, String)> = columns
            .iter()
            .filter_map(|c| Some((c.get_column_name(), c.get_column_spec().comment.clone()?)))
            .collect();
        if let Some(text) = self.dialect.create_table_comment(comment, &described) {
            statements[0].comment = Some(text);
        }
        if !self.dialect.inline_column_comments() {
            if let Some(comment) = comment {
                statements.extend(self.dialect.table_comment(&quoted_table, comment));
            }
            for column in columns {
                if let Some(comment) = &column.get_column_spec().comment {
                    let quoted_column = self.ident(&column.get_column_name());
                    statements.extend(self.dialect.column_comment(
                        &quoted_table,
                        &quoted_column,
                        comment,
                    ));
                }
            }
        }
        statements.extend(unique_indexes);
        if self.dialect.auto_increment(self.target) == AutoIncrement::SequenceAndTrigger {
            for column in columns
                .iter()
                .filter(|c| c.get_column_spec().auto_increment)
            {
                let names = names::sequence_names(self.dialect, &self.target.version, &table);
                statements.extend(self.dialect.sequence_and_trigger(
                    self.target,
                    &quoted_table,
                    &self.ident(&column.get_column_name()),
                    &SequenceNames {
                        sequence: self.ident(&names.sequence),
                        trigger: self.ident(&names.trigger),
                    },
                ));
            }
        }
        statements
    }

    /// One column definition, unaligned: for ALTER TABLE ADD / MODIFY.
    pub fn column_definition(&self, column: &ColumnDef) -> String {
        let attributes = self.column_attributes(column);
        let mut line = format!(
            "{} {}",
            self.ident(&column.get_column_name()),
            self.column_type(column)
        );
        if !attributes.is_empty() {
            line.push(' ');
            line.push_str(&attributes);
        }
        line
    }

    /// The type of a column as the dialect writes it.
    pub fn type_of(&self, column: &ColumnDef) -> String {
        self.column_type(column)
    }

    /// `CONSTRAINT <table>_<column>_CK CHECK (column IN (values))`: named, so that a migration
    /// can drop it (src/dialect/names.rs).
    pub fn check_clause(&self, table: &str, column: &str, values: &str) -> String {
        let name = names::check_name(self.dialect, &self.target.version, table, column);
        self.constraint(
            Some(self.ident(&name)),
            &format!("CHECK ({} IN ({values}))", self.ident(column)),
        )
    }

    /// A table constraint clause for a key of `table`: `[CONSTRAINT n] PRIMARY KEY (...)` or
    /// UNIQUE.
    pub fn key_clause(
        &self,
        table: &str,
        name: Option<&str>,
        kind: ConstraintKind,
        columns: &[String],
    ) -> String {
        let word = match kind {
            ConstraintKind::PrimaryKey => "PRIMARY KEY",
            ConstraintKind::Unique => "UNIQUE",
            ConstraintKind::ForeignKey => unreachable!("a foreign key has its own clause"),
        };
        self.constraint(
            self.key_name(table, name, kind, columns),
            &format!("{word} ({})", self.ident_list(columns)),
        )
    }

    /// The name a key or foreign key of `table` is written with, quoted: the model's, else the
    /// one schemagen gives it where the database's own cannot be known
    /// ([`names::given_constraint_name`]), else none.
    fn key_name(
        &self,
        table: &str,
        name: Option<&str>,
        kind: ConstraintKind,
        columns: &[String],
    ) -> Option<String> {
        if let Some(name) = name {
            return Some(self.ident(name));
        }
        let stored = |name: &str| names::stored(self.dialect, self.policy, name);
        let columns: Vec<String> = columns.iter().map(|c| stored(c)).collect();
        names::given_constraint_name(
            self.dialect,
            &self.target.version,
            &stored(table),
            kind,
            &columns,
        )
        .map(|given| names::quote_stored(self.dialect, &given))
    }

    /// A foreign key clause, as in CREATE TABLE.
    pub fn foreign_key(&self, fk: &ForeignKeyCreateStatement) -> String {
        self.foreign_key_clause(fk)
    }

    /// DEFAULT or identity, NOT NULL, inline comment: the order every dialect accepts
    /// (H2 and Oracle want DEFAULT before constraints).
    fn column_attributes(&self, column: &ColumnDef) -> String {
        let spec = column.get_column_spec();
        let mut parts = Vec::new();
        let generated_by_database = spec.auto_increment;
        if generated_by_database
            && let AutoIncrement::Clause(clause) = self.dialect.auto_increment(self.target)
        {
            parts.push(clause);
        }
        if let Some(default) = &spec.default
            && !generated_by_database
        {
            parts.push(format!(
                "DEFAULT {}",
                self.dialect
                    .column_default(&self.column_type(column), default, self.target)
            ));
        }
        if spec.nullable == Some(false) {
            parts.push("NOT NULL".to_string());
        }
        if self.dialect.inline_column_comments()
            && let Some(comment) = &spec.comment
        {
            parts.push(format!("COMMENT {}", self.dialect.string_literal(comment)));
        }
        parts.join(" ")
    }

    /// `body` under its (quoted) name, if it has one.
    fn constraint(&self, quoted_name: Option<String>, body: &str) -> String {
        match quoted_name {
            Some(name) => self.dialect.named_constraint(&name, body),
            None => body.to_string(),
        }
    }

    fn foreign_key_clause(&self, fk: &ForeignKeyCreateStatement) -> String {
        let key = fk.get_foreign_key();
        let action = match key.get_on_delete() {
            None | Some(ForeignKeyAction::NoAction) => ReferentialAction::NoAction,
            Some(ForeignKeyAction::Restrict) => ReferentialAction::Restrict,
            Some(ForeignKeyAction::Cascade) => ReferentialAction::Cascade,
            Some(ForeignKeyAction::SetNull) => ReferentialAction::SetNull,
            Some(other) => unreachable!("the emitter builds no ON DELETE {other:?}"),
        };
        let columns = key.get_columns();
        let body = format!(
            "FOREIGN KEY ({}) REFERENCES {} ({}){}",
            self.ident_list(&columns),
            self.ident(&table_name(key.get_ref_table())),
            self.ident_list(&key.get_ref_columns()),
            self.dialect.on_delete_clause(action),
        );
        let name = self.key_name(
            &table_name(key.get_table()),
            key.get_name(),
            ConstraintKind::ForeignKey,
            &columns,
        );
        self.constraint(name, &body)
    }

    /// How the dialect writes unique key or index `key` ([`KeyShape::form`]).
    pub fn key_form(&self, key: &KeyShape) -> UniqueForm {
        let quoted: Vec<String> = key.columns.iter().map(|c| self.ident(c)).collect();
        key.form(self.dialect, &quoted)
    }

    pub fn create_index(&self, table: &str, index: &KeyShape) -> Statement {
        let name = index
            .name
            .as_deref()
            .expect("indexes are named in the model");
        let sql = self
            .key_form(index)
            .create_index(&self.ident(name), &self.ident(table))
            .unwrap_or_else(|| {
                format!(
                    "CREATE {}INDEX {} ON {} ({})",
                    if index.unique { "UNIQUE " } else { "" },
                    self.ident(name),
                    self.ident(table),
                    self.ident_list(&index.columns)
                )
            });
        Statement::new(self.dialect.guard_create_index(table, name, sql))
    }

    /// The INSERTs of `rows`; each run of rows giving one table's auto-increment column values
    /// goes through [`Dialect::rows_giving_identity`].
    pub fn insert_rows(&self, rows: &[InsertRow]) -> Vec<Statement> {
        let mut out = Vec::new();
        for run in rows.chunk_by(|a, b| a.table == b.table && a.identity == b.identity) {
            let inserts = run.iter().map(|row| self.insert(row)).collect();
            match &run[0].identity {
                None => out.extend(inserts),
                Some(column) => {
                    let table = &run[0].table;
                    let sequence = names::sequence_names(self.dialect, &self.target.version, table);
                    let identity = IdentityColumn {
                        table: self.ident(table),
                        column: self.ident(column),
                        stored_table: names::stored(self.dialect, self.policy, table),
                        stored_column: names::stored(self.dialect, self.policy, column),
                        sequence: SequenceNames {
                            sequence: self.ident(&sequence.sequence),
                            trigger: self.ident(&sequence.trigger),
                        },
                    };
                    out.extend(
                        self.dialect
                            .rows_giving_identity(self.target, &identity, inserts),
                    );
                }
            }
        }
        out
    }

    pub fn insert(&self, row: &InsertRow) -> Statement {
        let values = row
            .values
            .iter()
            .map(|v| self.dialect.default_value(v, self.target))
            .collect::<Vec<_>>()
            .join(", ");
        Statement::new(format!(
            "INSERT INTO {} ({}) VALUES ({values})",
            self.ident(&row.table),
            self.ident_list(&row.columns)
        ))
    }

    /// A foreign key added after the tables it joins exist.
    pub fn add_foreign_key(&self, fk: &ForeignKeyCreateStatement) -> Statement {
        Statement::new(self.dialect.add_table_constraint(
            &self.ident(&table_name(fk.get_foreign_key().get_table())),
            &self.foreign_key_clause(fk),
        ))
    }
}

fn table_name(table: Option<&TableRef>) -> String {
    match table {
        Some(TableRef::Table(name, _)) => name.1.to_string(),
        other => unreachable!("the emitter names every table: {other:?}"),
    }
}

/// `text` padded with spaces to `width` characters, as `format!("{text:width$}")` would, but
/// for any width (the formatter panics on widths over 65,535, which a model's long native type
/// reaches).
fn pad(text: &str, width: usize) -> String {
    let mut out = text.to_string();
    out.extend(std::iter::repeat_n(
        ' ',
        width.saturating_sub(text.chars().count()),
    ));
    out
}
