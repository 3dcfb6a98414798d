//! sea-query statements → SQL text for one dialect, laid out for review: one column per line,
//! names and types aligned. This is the shared skeleton (the same for every dialect); every
//! point where databases differ is a [`Dialect`] method. sea-query's own backends are not used
//! here: they exist only for MySQL/PostgreSQL/SQLite, always quote and write one line.

use sea_query::{
    ColumnDef, ForeignKeyAction, ForeignKeyCreateStatement, IndexCreateStatement,
    TableCreateStatement, TableRef,
};

use super::statements::{AllowedValuesCheck, InsertRow};
use crate::dialect::{CaseFold, CommentStyle, Dialect, Statement};
use crate::model::IdentifierPolicy;

pub struct Renderer<'a> {
    pub dialect: &'a dyn Dialect,
    pub policy: IdentifierPolicy,
}

impl Renderer<'_> {
    /// An identifier, quoted when the product's policy says so for this dialect.
    pub fn ident(&self, name: &str) -> String {
        let quote = match self.policy {
            IdentifierPolicy::Unquoted => false,
            IdentifierPolicy::AlwaysQuoted => true,
            IdentifierPolicy::QuotedWhenNeeded => {
                let folds_away = match self.dialect.folds_unquoted_to() {
                    CaseFold::Upper => name != name.to_ascii_uppercase(),
                    CaseFold::Lower => name != name.to_ascii_lowercase(),
                    CaseFold::None => false,
                };
                let plain = name
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                    && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                folds_away || !plain || self.dialect.is_reserved(name)
            }
        };
        if quote {
            self.dialect.quote_identifier(name)
        } else {
            name.to_string()
        }
    }

    fn ident_list(&self, names: &[String]) -> String {
        names
            .iter()
            .map(|n| self.ident(n))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// CREATE TABLE, followed by the statements that attach its comments where the dialect
    /// uses `COMMENT ON`.
    pub fn create_table(
        &self,
        create: &TableCreateStatement,
        checks: &[AllowedValuesCheck],
    ) -> Vec<Statement> {
        let table = table_name(create.get_table_name());
        let columns = create.get_columns();
        let name_width = columns
            .iter()
            .map(|c| self.ident(&c.get_column_name()).len())
            .max()
            .unwrap_or(0);
        let types: Vec<String> = columns
            .iter()
            .map(|c| {
                self.dialect
                    .column_type(c.get_column_type().expect("every column has a type"))
            })
            .collect();
        let type_width = types.iter().map(String::len).max().unwrap_or(0);

        let mut lines = Vec::new();
        for (column, column_type) in columns.iter().zip(&types) {
            let attributes = self.column_attributes(column);
            let name = self.ident(&column.get_column_name());
            lines.push(if attributes.is_empty() {
                format!("{name:name_width$} {column_type}")
            } else {
                format!("{name:name_width$} {column_type:type_width$} {attributes}")
            });
        }
        for index in create.get_indexes() {
            let columns = self.ident_list(&index.get_index_spec().get_column_names());
            let kind = if index.is_primary_key() {
                "PRIMARY KEY"
            } else if index.is_unique_key() {
                "UNIQUE"
            } else {
                unreachable!("the emitter puts only keys into CREATE TABLE")
            };
            lines.push(format!(
                "{}{kind} ({columns})",
                self.constraint_name(index.get_index_spec().get_name())
            ));
        }
        for check in checks {
            let values = check
                .values
                .iter()
                .map(|v| self.dialect.string_literal(v))
                .collect::<Vec<_>>()
                .join(", ");
            lines.push(format!(
                "CHECK ({} IN ({values}))",
                self.ident(&check.column)
            ));
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
        let options = match self.dialect.comment_style() {
            CommentStyle::Inline => self.dialect.table_options(comment),
            CommentStyle::CommentOn => self.dialect.table_options(None),
        };
        let close = if options.is_empty() {
            ")".to_string()
        } else {
            format!(") {}", options.join(" "))
        };
        let mut statements = vec![Statement::new(format!(
            "CREATE TABLE {} (\n{body}\n{close}",
            self.ident(&table)
        ))];
        if self.dialect.comment_style() == CommentStyle::CommentOn {
            if let Some(comment) = comment {
                statements.push(Statement::new(format!(
                    "COMMENT ON TABLE {} IS {}",
                    self.ident(&table),
                    self.dialect.string_literal(comment)
                )));
            }
            for column in columns {
                if let Some(comment) = &column.get_column_spec().comment {
                    statements.push(Statement::new(format!(
                        "COMMENT ON COLUMN {}.{} IS {}",
                        self.ident(&table),
                        self.ident(&column.get_column_name()),
                        self.dialect.string_literal(comment)
                    )));
                }
            }
        }
        statements
    }

    /// DEFAULT or identity, NOT NULL, inline comment: the order every dialect accepts
    /// (H2 and Oracle want DEFAULT before constraints).
    fn column_attributes(&self, column: &ColumnDef) -> String {
        let spec = column.get_column_spec();
        let mut parts = Vec::new();
        if spec.auto_increment {
            parts.push(self.dialect.auto_increment_clause().to_string());
        }
        if let Some(default) = &spec.default
            && (!spec.auto_increment || self.dialect.default_allowed_with_identity())
        {
            parts.push(format!("DEFAULT {}", self.dialect.default_value(default)));
        }
        if spec.nullable == Some(false) {
            parts.push("NOT NULL".to_string());
        }
        if self.dialect.comment_style() == CommentStyle::Inline
            && let Some(comment) = &spec.comment
        {
            parts.push(format!("COMMENT {}", self.dialect.string_literal(comment)));
        }
        parts.join(" ")
    }

    fn constraint_name(&self, name: Option<&str>) -> String {
        name.map(|n| format!("CONSTRAINT {} ", self.ident(n)))
            .unwrap_or_default()
    }

    fn foreign_key_clause(&self, fk: &ForeignKeyCreateStatement) -> String {
        let key = fk.get_foreign_key();
        let on_delete = match key.get_on_delete() {
            None | Some(ForeignKeyAction::NoAction) => "",
            Some(ForeignKeyAction::Restrict) => " ON DELETE RESTRICT",
            Some(ForeignKeyAction::Cascade) => " ON DELETE CASCADE",
            Some(ForeignKeyAction::SetNull) => " ON DELETE SET NULL",
            Some(ForeignKeyAction::SetDefault) => " ON DELETE SET DEFAULT",
            Some(other) => unreachable!("the emitter builds no ON DELETE {other:?}"),
        };
        format!(
            "{}FOREIGN KEY ({}) REFERENCES {} ({}){on_delete}",
            self.constraint_name(key.get_name()),
            self.ident_list(&key.get_columns()),
            self.ident(&table_name(key.get_ref_table())),
            self.ident_list(&key.get_ref_columns()),
        )
    }

    pub fn create_index(&self, table: &str, index: &IndexCreateStatement) -> Statement {
        let spec = index.get_index_spec();
        Statement::new(format!(
            "CREATE {}INDEX {} ON {} ({})",
            if index.is_unique_key() { "UNIQUE " } else { "" },
            self.ident(spec.get_name().expect("indexes are named in the model")),
            self.ident(table),
            self.ident_list(&spec.get_column_names())
        ))
    }

    pub fn insert(&self, row: &InsertRow) -> Statement {
        let values = row
            .values
            .iter()
            .map(|v| self.dialect.default_value(v))
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
        Statement::new(format!(
            "ALTER TABLE {} ADD {}",
            self.ident(&table_name(fk.get_foreign_key().get_table())),
            self.foreign_key_clause(fk)
        ))
    }
}

fn table_name(table: Option<&TableRef>) -> String {
    match table {
        Some(TableRef::Table(name, _)) => name.1.to_string(),
        other => unreachable!("the emitter names every table: {other:?}"),
    }
}
