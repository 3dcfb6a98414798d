//! One script's statements as the model's tables: CREATE TABLE (columns, keys, inline
//! comments), CREATE INDEX, ALTER TABLE ADD CONSTRAINT, COMMENT ON, INSERT (seed rows),
//! CREATE SEQUENCE with DEFAULT NEXTVAL or a filling trigger (auto-increment), and SQL
//! Server's `sp_addextendedproperty` descriptions. Everything else is a warning naming its
//! line: nothing is dropped without a word.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use sqlparser::ast::{
    self as sql, AlterTableOperation, ColumnOption, CommentObject, CreateTableOptions, Expr,
    ObjectName, SetExpr, SqlOption, Statement, TableConstraint, TableObject, UnaryOperator, Value,
};
use sqlparser::tokenizer::{Location, Token};

use super::Warning;
use super::script::{self, Chunk, position};
use super::source::SqlSource;
use super::types::read_type;
use crate::dialect::{DialectName, UniqueForm};
use crate::model::{
    Column, ColumnOverride, DefaultExpression, DefaultValue, Diagnostic, Diagnostics, Ident, Index,
    PortableType, PrimaryKey, ReferentialAction, Row, Table, Unique,
};

/// What one script holds.
pub struct ScriptSchema {
    pub tables: Vec<Table>,
    /// Names that were quoted in the script (the identifier policy is read from them).
    pub quoted_names: BTreeSet<String>,
    pub unquoted_names: usize,
    pub warnings: Vec<Warning>,
}

struct Reader<'a> {
    file: Arc<Path>,
    display: String,
    source: &'a dyn SqlSource,
    /// Whether names written bare are stored folded (the script quotes some names).
    fold_unquoted: bool,
    tables: Vec<Table>,
    sequences: BTreeSet<String>,
    quoted_names: BTreeSet<String>,
    unquoted_names: usize,
    warnings: Vec<Warning>,
    errors: Diagnostics,
    /// Unique indexes (table, name) written in the dialect's form that keeps NULLs distinct
    /// (SQL Server's `WHERE c IS NOT NULL`): the model's own meaning.
    nulls_distinct_indexes: BTreeSet<(usize, String)>,
}

/// Reads one script. With `fold_unquoted` (the product quotes names where the database would
/// fold them), a name written bare is read as the database stores it.
pub fn read_script(
    file: &Arc<Path>,
    text: &str,
    source: &dyn SqlSource,
    fold_unquoted: bool,
) -> Result<ScriptSchema, Diagnostics> {
    let chunks = script::statements(file, text, source).map_err(|d| Diagnostics(vec![d]))?;
    let mut reader = Reader {
        file: file.clone(),
        display: file.display().to_string(),
        source,
        fold_unquoted,
        tables: Vec::new(),
        sequences: BTreeSet::new(),
        quoted_names: BTreeSet::new(),
        unquoted_names: 0,
        warnings: Vec::new(),
        errors: Diagnostics::default(),
        nulls_distinct_indexes: BTreeSet::new(),
    };
    for chunk in &chunks {
        reader.chunk(chunk);
    }
    if !reader.errors.is_empty() {
        return Err(reader.errors.sorted());
    }
    for table in &mut reader.tables {
        // A primary-key column is NOT NULL in every database, said or not.
        if let Some(pk) = &table.primary_key {
            for c in &mut table.columns {
                if pk.columns.iter().any(|k| k.name == c.name.name) {
                    c.nullable = false;
                }
            }
        }
    }
    let dialect = source.dialect();
    for (t, table) in reader.tables.iter_mut().enumerate() {
        keep_null_semantics(dialect, table, |name| {
            reader
                .nulls_distinct_indexes
                .contains(&(t, name.to_string()))
        });
    }
    Ok(ScriptSchema {
        tables: reader.tables,
        quoted_names: reader.quoted_names,
        unquoted_names: reader.unquoted_names,
        warnings: reader.warnings,
    })
}

/// A script's plain unique key over nullable columns means what its database does with the
/// NULLs in it: where that is not the model's meaning (NULLs distinct), the key is read with
/// `nulls_equal_in: [dialect]`, so that generating from the model writes the same key and
/// keeps the same behaviour. A unique index `is_nulls_distinct` names was already written in
/// the dialect's distinct form.
fn keep_null_semantics(
    dialect: DialectName,
    table: &mut Table,
    is_nulls_distinct: impl Fn(&str) -> bool,
) {
    let implementation = dialect.implementation();
    let nullable = |columns: &[Ident]| table.nullable_in(columns, dialect);
    let names =
        |columns: &[Ident]| -> Vec<String> { columns.iter().map(|c| c.name.clone()).collect() };
    let equal_here = |columns: &[Ident]| {
        let nullable = nullable(columns);
        nullable.iter().any(|n| *n)
            && !matches!(
                implementation.nullable_unique(&names(columns), &nullable, false),
                UniqueForm::AsWritten
            )
    };
    let unique_equal: Vec<bool> = table
        .uniques
        .iter()
        .map(|u| equal_here(&u.columns))
        .collect();
    let index_equal: Vec<bool> = table
        .indexes
        .iter()
        .map(|i| i.unique && !is_nulls_distinct(&i.name.name) && equal_here(&i.columns))
        .collect();
    for (unique, equal) in table.uniques.iter_mut().zip(unique_equal) {
        if equal {
            unique.nulls_equal_in = BTreeSet::from([dialect]);
            unique.nulls_equal_declared = BTreeSet::from([dialect]);
        }
    }
    for (index, equal) in table.indexes.iter_mut().zip(index_equal) {
        if equal {
            index.nulls_equal_in = BTreeSet::from([dialect]);
            index.nulls_equal_declared = BTreeSet::from([dialect]);
        }
    }
}

/// The statements nobody needs in a model: session settings, transactions, drops before
/// creates. Warned about all the same, so the reader knows what was left out.
const IGNORED_LEADS: &[&str] = &[
    "SET",
    "USE",
    "DROP",
    "BEGIN",
    "COMMIT",
    "START",
    "GRANT",
    "REVOKE",
    "DELIMITER",
    "PROMPT",
    "SPOOL",
    "WHENEVER",
    "EXECUTE",
    "EXEC",
    "DECLARE",
    "IF",
    "PRINT",
    "CALL",
];

impl Reader<'_> {
    fn pos(&self, at: Location) -> crate::model::Pos {
        position(&self.file, at)
    }

    fn warn(&mut self, at: Location, message: impl Into<String>) {
        self.warnings.push(Warning {
            pos: self.pos(at),
            message: message.into(),
        });
    }

    fn error(&mut self, at: Location, code: &'static str, message: String, help: &str) {
        self.errors
            .push(Diagnostic::new(self.pos(at), code, message).help(help));
    }

    fn chunk(&mut self, chunk: &Chunk) {
        let words = chunk.leading_words(4);
        if self.extended_property(chunk) || self.sequence_trigger(chunk, &words) {
            return;
        }
        match &chunk.parsed {
            Ok(statements) => {
                for statement in statements {
                    self.statement(statement, chunk.start);
                }
            }
            Err(failure) => {
                let lead = words.first().map(String::as_str).unwrap_or("");
                let unreadable_create = words.first().is_some_and(|w| w == "CREATE")
                    && !words
                        .iter()
                        .skip(1)
                        .take(2)
                        .any(|w| matches!(w.as_str(), "TABLE" | "INDEX" | "UNIQUE"));
                if IGNORED_LEADS.contains(&lead) || unreadable_create {
                    self.warn(
                        chunk.start,
                        format!(
                            "`{}` not read: sqlparser cannot parse it as {} ({})",
                            words.join(" "),
                            self.source.dialect(),
                            failure.message
                        ),
                    );
                } else {
                    self.error(
                        failure.at,
                        "E080",
                        format!("syntax error: {}", failure.message),
                        &format!(
                            "the statement is not {} SQL that sqlparser reads; fix it or remove it from the script",
                            self.source.dialect()
                        ),
                    );
                }
            }
        }
    }

    fn name(&mut self, ident: &sql::Ident) -> Ident {
        let name = match ident.quote_style {
            Some(_) => {
                self.quoted_names.insert(ident.value.clone());
                ident.value.clone()
            }
            None => {
                self.unquoted_names += 1;
                if self.fold_unquoted {
                    match self.source.dialect().implementation().folds_unquoted_to() {
                        crate::dialect::CaseFold::Upper => ident.value.to_ascii_uppercase(),
                        crate::dialect::CaseFold::Lower => ident.value.to_ascii_lowercase(),
                        crate::dialect::CaseFold::None => ident.value.clone(),
                    }
                } else {
                    ident.value.clone()
                }
            }
        };
        Ident {
            name,
            pos: self.pos(ident.span.start),
        }
    }

    /// The object's own name: the last part of `schema.table`.
    fn object_name(&mut self, name: &ObjectName) -> Option<Ident> {
        let ident = name.0.last()?.as_ident()?.clone();
        Some(self.name(&ident))
    }

    fn table_index(&self, name: &str) -> Option<usize> {
        self.tables
            .iter()
            .position(|t| t.name.name.eq_ignore_ascii_case(name))
    }

    /// The table a statement refers to, or an error at `at` when the script has none.
    fn known_table(&mut self, name: &ObjectName, at: Location, what: &str) -> Option<usize> {
        let ident = self.object_name(name)?;
        let found = self.table_index(&ident.name);
        if found.is_none() {
            self.error(
                ident.pos_location(at),
                "E082",
                format!(
                    "{what} refers to table `{}`, which the script does not create before it",
                    ident.name
                ),
                "import the script that creates the table in the same run, before this one",
            );
        }
        found
    }

    fn statement(&mut self, statement: &Statement, start: Location) {
        match statement {
            Statement::CreateTable(create) => self.create_table(create, start),
            Statement::CreateIndex(index) => self.create_index(index, start),
            Statement::AlterTable(alter) => {
                let Some(t) = self.known_table(&alter.name, start, "ALTER TABLE") else {
                    return;
                };
                for operation in &alter.operations {
                    match operation {
                        AlterTableOperation::AddConstraint { constraint, .. } => {
                            self.constraint(t, constraint, start)
                        }
                        other => {
                            self.warn(start, format!("ALTER TABLE operation not read: `{other}`"))
                        }
                    }
                }
            }
            Statement::Comment {
                object_type,
                object_name,
                comment,
                ..
            } => self.comment(*object_type, object_name, comment.clone(), start),
            Statement::Insert(insert) => self.insert(insert, start),
            Statement::CreateSequence { name, .. } => {
                if let Some(n) = self.object_name(name) {
                    self.sequences.insert(n.name.to_ascii_uppercase());
                }
            }
            Statement::Set(_) | Statement::Use(_) | Statement::Drop { .. } => {}
            other => {
                let text = other.to_string();
                let lead: String = text.chars().take(60).collect();
                self.warn(start, format!("statement not read: `{lead}`"));
            }
        }
    }

    fn create_table(&mut self, create: &sql::CreateTable, start: Location) {
        let Some(name) = self.object_name(&create.name) else {
            return;
        };
        if self.table_index(&name.name).is_some() {
            self.error(
                start,
                "E082",
                format!("table `{}` is created twice", name.name),
                "keep one CREATE TABLE per table in the script",
            );
            return;
        }
        let description_pos = name.pos.clone();
        let mut table = Table {
            name,
            renamed_from: None,
            added_in: None,
            description: None,
            description_pos,
            columns: Vec::new(),
            primary_key: None,
            uniques: Vec::new(),
            indexes: Vec::new(),
            foreign_keys: Vec::new(),
            only_dialects: None,
            storage: Default::default(),
            rows: Vec::new(),
            allow: Vec::new(),
        };
        let mut inline_constraints = Vec::new();
        for def in &create.columns {
            let Some(column) = self.column(def, &mut inline_constraints) else {
                continue;
            };
            table.columns.push(column);
        }
        let comment = create.comment.as_ref().map(comment_text).or_else(|| {
            let options = match &create.table_options {
                CreateTableOptions::Plain(o)
                | CreateTableOptions::With(o)
                | CreateTableOptions::Options(o) => o.as_slice(),
                _ => &[],
            };
            options.iter().find_map(|o| match o {
                SqlOption::Comment(c) => Some(comment_text(c)),
                _ => None,
            })
        });
        table.description = comment;
        self.tables.push(table);
        let t = self.tables.len() - 1;
        for constraint in inline_constraints.iter().chain(&create.constraints) {
            self.constraint(t, constraint, start);
        }
    }

    fn column(
        &mut self,
        def: &sql::ColumnDef,
        constraints: &mut Vec<TableConstraint>,
    ) -> Option<Column> {
        let name = self.name(&def.name);
        let at = def.name.span.start;
        let read = match read_type(self.source, &def.data_type) {
            Ok(read) => read,
            Err(message) => {
                self.error(
                    at,
                    "E081",
                    format!("column `{}`: {message}", name.name),
                    "use a type of the dialect (see `schemagen docs` for the portable types), or edit the script",
                );
                // Read on, so that later statements about the column raise no errors of their own.
                super::types::ReadType {
                    portable: PortableType::Text,
                    native: None,
                    auto_increment: false,
                    nearest_only: false,
                }
            }
        };
        let (mut column, warning) =
            typed_column(name.clone(), &read, self.source.dialect(), &self.display);
        if let Some(w) = warning {
            self.warn(at, w);
        }
        for option in &def.options {
            match &option.option {
                ColumnOption::Null => column.nullable = true,
                ColumnOption::NotNull => column.nullable = false,
                ColumnOption::Default(expr) => self.default(&mut column, expr, at),
                ColumnOption::Comment(text) => column.description = Some(text.clone()),
                ColumnOption::Identity(_) => column.auto_increment = true,
                ColumnOption::Generated {
                    generation_expr: None,
                    ..
                } => column.auto_increment = true,
                ColumnOption::DialectSpecific(tokens)
                    if tokens.iter().any(|t| {
                        matches!(t, Token::Word(w) if w.value.eq_ignore_ascii_case("AUTO_INCREMENT") || w.value.eq_ignore_ascii_case("AUTOINCREMENT"))
                    }) =>
                {
                    column.auto_increment = true
                }
                ColumnOption::PrimaryKey(pk) => {
                    let mut pk = pk.clone();
                    pk.columns = vec![def.name.clone().into()];
                    constraints.push(TableConstraint::PrimaryKey(pk));
                }
                ColumnOption::Unique(unique) => {
                    let mut unique = unique.clone();
                    unique.columns = vec![def.name.clone().into()];
                    constraints.push(TableConstraint::Unique(unique));
                }
                ColumnOption::ForeignKey(fk) => {
                    let mut fk = fk.clone();
                    fk.columns = vec![def.name.clone()];
                    constraints.push(TableConstraint::ForeignKey(fk));
                }
                ColumnOption::Check(check) => {
                    if let Some(values) = allowed_values(&check.expr, &def.name.value) {
                        column.allowed_values = Some(values);
                    } else {
                        self.warn(at, format!("CHECK of column `{}` not read: `{}`", name.name, check.expr));
                    }
                }
                ColumnOption::CharacterSet(_) | ColumnOption::Collation(_) => self.warn(
                    at,
                    format!("column `{}`: `{}` not read (the model has no character sets or collations)", name.name, option.option),
                ),
                other => self.warn(at, format!("column `{}`: `{other}` not read", name.name)),
            }
        }
        Some(column)
    }

    fn default(&mut self, column: &mut Column, expr: &Expr, at: Location) {
        match read_default(expr, column.portable_type) {
            ReadDefault::AutoIncrement => column.auto_increment = true,
            ReadDefault::Value(value) => column.default = Some(value),
            ReadDefault::Null => {}
            ReadDefault::Unreadable => self.warn(
                at,
                format!(
                    "default of column `{}` not read: `{expr}` is no literal, CURRENT_TIMESTAMP or CURRENT_DATE",
                    column.name.name
                ),
            ),
        }
    }

    fn columns(&mut self, idents: &[sql::Ident]) -> Vec<Ident> {
        idents.iter().map(|i| self.name(i)).collect()
    }

    fn index_columns(&mut self, columns: &[sql::IndexColumn], at: Location) -> Option<Vec<Ident>> {
        let mut out = Vec::new();
        for c in columns {
            match &c.column.expr {
                Expr::Identifier(ident) => out.push(self.name(ident)),
                other => {
                    self.warn(
                        at,
                        format!(
                            "index or key on `{other}` not read: the model indexes columns only"
                        ),
                    );
                    return None;
                }
            }
            if matches!(c.column.options.sort, Some(sql::OrderBySort::Desc)) {
                self.warn(
                    at,
                    "DESC in an index read as ascending: the model has no index order",
                );
            }
        }
        Some(out)
    }

    fn constraint(&mut self, t: usize, constraint: &TableConstraint, at: Location) {
        let pos = self.pos(at);
        match constraint {
            TableConstraint::PrimaryKey(pk) => {
                let Some(columns) = self.index_columns(&pk.columns, at) else {
                    return;
                };
                let name = pk.name.as_ref().map(|n| self.name(n));
                self.tables[t].primary_key = Some(PrimaryKey { name, columns, pos });
            }
            TableConstraint::Unique(unique) => {
                let Some(columns) = self.index_columns(&unique.columns, at) else {
                    return;
                };
                let name = unique
                    .name
                    .as_ref()
                    .or(unique.index_name.as_ref())
                    .map(|n| self.name(n));
                self.tables[t].uniques.push(Unique {
                    name,
                    columns,
                    pos,
                    nulls_equal_in: Default::default(),
                    nulls_equal_declared: Default::default(),
                });
            }
            TableConstraint::ForeignKey(fk) => {
                let columns = self.columns(&fk.columns);
                let Some(ref_table) = self.object_name(&fk.foreign_table) else {
                    return;
                };
                let ref_columns = self.columns(&fk.referred_columns);
                let on_delete = match fk.on_delete {
                    None | Some(sql::ReferentialAction::NoAction) => ReferentialAction::NoAction,
                    Some(sql::ReferentialAction::Restrict) => ReferentialAction::Restrict,
                    Some(sql::ReferentialAction::Cascade) => ReferentialAction::Cascade,
                    Some(sql::ReferentialAction::SetNull) => ReferentialAction::SetNull,
                    Some(other) => {
                        self.warn(
                            at,
                            format!(
                                "ON DELETE {other} read as NO ACTION: the model has no such action"
                            ),
                        );
                        ReferentialAction::NoAction
                    }
                };
                if let Some(action) = fk.on_update {
                    self.warn(
                        at,
                        format!("ON UPDATE {action} not read: the model has no ON UPDATE"),
                    );
                }
                let name = fk.name.as_ref().map(|n| self.name(n));
                self.tables[t].foreign_keys.push(crate::model::ForeignKey {
                    name,
                    columns,
                    ref_table,
                    ref_columns,
                    on_delete,
                    pos,
                });
            }
            TableConstraint::Index(index) => {
                let Some(columns) = self.index_columns(&index.columns, at) else {
                    return;
                };
                let name = match &index.name {
                    Some(n) => self.name(n),
                    None => Ident {
                        name: generated_index_name(&self.tables[t].name.name, &columns),
                        pos: pos.clone(),
                    },
                };
                self.tables[t].indexes.push(Index {
                    name,
                    columns,
                    unique: false,
                    only_dialects: None,
                    nulls_equal_in: Default::default(),
                    nulls_equal_declared: Default::default(),
                    pos,
                });
            }
            TableConstraint::Check(check) => {
                let read = match check.expr.as_ref() {
                    Expr::In { expr, .. } => match expr.as_ref() {
                        Expr::Identifier(col) => allowed_values(&check.expr, &col.value)
                            .map(|values| (col.value.clone(), values)),
                        _ => None,
                    },
                    _ => None,
                };
                let column = read.and_then(|(col, values)| {
                    self.tables[t]
                        .columns
                        .iter_mut()
                        .find(|c| c.name.name.eq_ignore_ascii_case(&col))
                        .map(|c| c.allowed_values = Some(values))
                });
                if column.is_none() {
                    self.warn(at, format!("CHECK not read: `{}` (the model checks only a column's allowed values)", check.expr));
                }
            }
            other => self.warn(at, format!("constraint not read: `{other}`")),
        }
    }

    /// Whether `predicate` is what the dialect writes to keep NULLs distinct in a unique
    /// index over `columns` (SQL Server: `c IS NOT NULL AND ...` over its nullable columns),
    /// compared as the dialect would write it.
    fn is_nulls_distinct_filter(&self, t: usize, columns: &[Ident], predicate: &Expr) -> bool {
        let nullable = self.tables[t].nullable_in(columns, self.source.dialect());
        let mut read = Vec::new();
        if !not_null_terms(predicate, &mut read) {
            return false;
        }
        let mut expected: Vec<String> = columns
            .iter()
            .zip(&nullable)
            .filter(|(_, n)| **n)
            .map(|(c, _)| c.name.to_ascii_uppercase())
            .collect();
        let mut read: Vec<String> = read
            .iter()
            .map(|ident| ident.value.to_ascii_uppercase())
            .collect();
        expected.sort();
        read.sort();
        !expected.is_empty() && expected == read
    }

    fn create_index(&mut self, index: &sql::CreateIndex, start: Location) {
        let Some(t) = self.known_table(&index.table_name, start, "CREATE INDEX") else {
            return;
        };
        // Oracle's form of a unique key that keeps NULLs distinct: one
        // `CASE WHEN <nullable columns> IS NOT NULL THEN c END` per key column.
        if let Some((keys, condition)) = case_keys(&index.columns).filter(|_| index.unique) {
            let columns: Vec<Ident> = keys.iter().map(|k| self.name(k)).collect();
            if self.is_nulls_distinct_filter(t, &columns, condition) {
                let name = match index.name.as_ref().and_then(|n| self.object_name(n)) {
                    Some(n) => n,
                    None => Ident {
                        name: generated_index_name(&self.tables[t].name.name, &columns),
                        pos: self.pos(start),
                    },
                };
                self.nulls_distinct_indexes.insert((t, name.name.clone()));
                let pos = self.pos(start);
                self.tables[t].indexes.push(Index {
                    name,
                    columns,
                    unique: true,
                    only_dialects: None,
                    nulls_equal_in: Default::default(),
                    nulls_equal_declared: Default::default(),
                    pos,
                });
                return;
            }
        }
        let Some(columns) = self.index_columns(&index.columns, start) else {
            return;
        };
        let mut nulls_distinct = false;
        if let Some(predicate) = &index.predicate {
            nulls_distinct = index.unique && self.is_nulls_distinct_filter(t, &columns, predicate);
            if !nulls_distinct {
                self.warn(
                    start,
                    "the WHERE of a partial index not read: the model's indexes are whole",
                );
            }
        }
        let name = match index.name.as_ref().and_then(|n| self.object_name(n)) {
            Some(n) => n,
            None => Ident {
                name: generated_index_name(&self.tables[t].name.name, &columns),
                pos: self.pos(start),
            },
        };
        let pos = self.pos(start);
        if nulls_distinct {
            self.nulls_distinct_indexes.insert((t, name.name.clone()));
        }
        self.tables[t].indexes.push(Index {
            name,
            columns,
            unique: index.unique,
            only_dialects: None,
            nulls_equal_in: Default::default(),
            nulls_equal_declared: Default::default(),
            pos,
        });
    }

    fn comment(
        &mut self,
        object_type: CommentObject,
        object_name: &ObjectName,
        comment: Option<String>,
        start: Location,
    ) {
        let parts: Vec<sql::Ident> = object_name
            .0
            .iter()
            .filter_map(|p| p.as_ident().cloned())
            .collect();
        match object_type {
            CommentObject::Table => {
                let table = ObjectName::from(parts.clone());
                if let Some(t) = self.known_table(&table, start, "COMMENT ON TABLE") {
                    self.tables[t].description = comment;
                }
            }
            CommentObject::Column if parts.len() >= 2 => {
                let table = ObjectName::from(vec![parts[parts.len() - 2].clone()]);
                let column = self.name(&parts[parts.len() - 1]);
                self.set_column_comment(&table, &column, comment, start);
            }
            other => self.warn(start, format!("COMMENT ON {other:?} not read")),
        }
    }

    fn set_column_comment(
        &mut self,
        table: &ObjectName,
        column: &Ident,
        comment: Option<String>,
        start: Location,
    ) {
        let Some(t) = self.known_table(table, start, "a column comment") else {
            return;
        };
        match self.tables[t]
            .columns
            .iter_mut()
            .find(|c| c.name.name.eq_ignore_ascii_case(&column.name))
        {
            Some(c) => c.description = comment,
            None => self.error(
                start,
                "E082",
                format!(
                    "comment on column `{}`, which table `{}` does not have",
                    column.name, self.tables[t].name.name
                ),
                "fix the column name in the comment",
            ),
        }
    }

    fn insert(&mut self, insert: &sql::Insert, start: Location) {
        let TableObject::TableName(table) = &insert.table else {
            self.warn(start, "INSERT into a table function not read");
            return;
        };
        let Some(t) = self.known_table(table, start, "INSERT") else {
            return;
        };
        let names: Vec<String> = if insert.columns.is_empty() {
            self.tables[t]
                .columns
                .iter()
                .map(|c| c.name.name.clone())
                .collect()
        } else {
            insert
                .columns
                .iter()
                .filter_map(|c| self.object_name(c).map(|i| i.name))
                .collect()
        };
        let Some(SetExpr::Values(values)) = insert.source.as_ref().map(|q| q.body.as_ref()) else {
            self.warn(start, "INSERT ... SELECT not read: seed rows are VALUES");
            return;
        };
        for row in &values.rows {
            if row.content.len() != names.len() {
                self.error(
                    start,
                    "E082",
                    format!(
                        "INSERT gives {} values for {} columns",
                        row.content.len(),
                        names.len()
                    ),
                    "give one value per column",
                );
                return;
            }
            let mut read = Vec::new();
            for (name, expr) in names.iter().zip(&row.content) {
                let Some(column) = self.tables[t]
                    .columns
                    .iter()
                    .find(|c| c.name.name.eq_ignore_ascii_case(name))
                else {
                    self.error(
                        start,
                        "E082",
                        format!(
                            "INSERT names column `{name}`, which table `{}` does not have",
                            self.tables[t].name.name
                        ),
                        "fix the column list",
                    );
                    return;
                };
                let value = match literal(expr) {
                    Some(Literal::Null) => None,
                    Some(v) => typed(v, column.portable_type),
                    None => {
                        self.warn(start, format!("seed row not read: `{expr}` is no literal"));
                        return;
                    }
                };
                read.push((column.name.name.clone(), value));
            }
            let pos = self.pos(start);
            self.tables[t].rows.push(Row {
                value_pos: vec![pos.clone(); read.len()],
                values: read,
                pos,
            });
        }
    }

    /// SQL Server's descriptions: `EXEC sys.sp_addextendedproperty @name = N'MS_Description',
    /// @value = N'...', ... @level1name = N'table' [, @level2name = N'column']`.
    fn extended_property(&mut self, chunk: &Chunk) -> bool {
        let mentions = chunk.tokens.iter().any(
            |t| matches!(&t.token, Token::Word(w) if w.value.eq_ignore_ascii_case("sp_addextendedproperty")),
        );
        if !mentions {
            return false;
        }
        let mut args: BTreeMap<String, String> = BTreeMap::new();
        let meaningful: Vec<&Token> = chunk
            .tokens
            .iter()
            .map(|t| &t.token)
            .filter(|t| !script::is_blank(t))
            .collect();
        for w in meaningful.windows(3) {
            if let (Token::Word(name), Token::Eq, value) = (w[0], w[1], w[2]) {
                let text = match value {
                    Token::NationalStringLiteral(s) | Token::SingleQuotedString(s) => s.clone(),
                    _ => continue,
                };
                args.insert(
                    name.value.trim_start_matches('@').to_ascii_lowercase(),
                    text,
                );
            }
        }
        let start = chunk.start;
        if args.get("name").is_none_or(|n| n != "MS_Description") {
            self.warn(
                start,
                "extended property not read: only MS_Description is a description",
            );
            return true;
        }
        let Some(table) = args.get("level1name") else {
            self.warn(start, "extended property not read: it names no table");
            return true;
        };
        let table = ObjectName::from(vec![sql::Ident::new(table.clone())]);
        let value = args.get("value").cloned();
        match args.get("level2name") {
            Some(column) => {
                let column = Ident {
                    name: column.clone(),
                    pos: self.pos(start),
                };
                self.set_column_comment(&table, &column, value, start);
            }
            None => {
                if let Some(t) = self.known_table(&table, start, "a table description") {
                    self.tables[t].description = value;
                }
            }
        }
        true
    }

    /// A trigger that fills a column from a sequence before insert (`:NEW.ID := SEQ.NEXTVAL`
    /// or `SELECT SEQ.NEXTVAL INTO :NEW.ID`): the column is auto-increment. Read from the
    /// tokens, as sqlparser does not parse PL/SQL bodies.
    fn sequence_trigger(&mut self, chunk: &Chunk, words: &[String]) -> bool {
        let is_trigger = words.first().is_some_and(|w| w == "CREATE")
            && words.iter().take(4).any(|w| w == "TRIGGER");
        if !is_trigger {
            return false;
        }
        let meaningful: Vec<&Token> = chunk
            .tokens
            .iter()
            .map(|t| &t.token)
            .filter(|t| !script::is_blank(t))
            .collect();
        let word = |t: &Token| match t {
            Token::Word(w) => Some(w.value.clone()),
            _ => None,
        };
        let table = meaningful
            .windows(2)
            .find(|w| word(w[0]).is_some_and(|v| v.eq_ignore_ascii_case("ON")))
            .and_then(|w| word(w[1]));
        let uses_sequence = meaningful.windows(3).any(|w| {
            matches!(w[1], Token::Period)
                && word(w[2]).is_some_and(|v| v.eq_ignore_ascii_case("NEXTVAL"))
        });
        let column = meaningful.windows(3).find_map(|w| {
            let new = word(w[0]).is_some_and(|v| v.eq_ignore_ascii_case("NEW"));
            (new && matches!(w[1], Token::Period))
                .then(|| word(w[2]))
                .flatten()
        });
        match (table, column, uses_sequence) {
            (Some(table), Some(column), true) => {
                let t = self.table_index(&table);
                let c = t.and_then(|t| {
                    self.tables[t]
                        .columns
                        .iter()
                        .position(|c| c.name.name.eq_ignore_ascii_case(&column))
                });
                match (t, c) {
                    (Some(t), Some(c)) => self.tables[t].columns[c].auto_increment = true,
                    _ => self.warn(chunk.start, format!("trigger on `{table}` not read: no column `{column}` in a table of the script")),
                }
            }
            _ => self.warn(
                chunk.start,
                "trigger not read: only a trigger that fills a column from a sequence (auto-increment) is",
            ),
        }
        true
    }
}

impl Ident {
    fn pos_location(&self, fallback: Location) -> Location {
        if self.pos.line == 0 {
            fallback
        } else {
            Location {
                line: self.pos.line,
                column: self.pos.column,
            }
        }
    }
}

fn comment_text(comment: &sql::CommentDef) -> String {
    match comment {
        sql::CommentDef::WithEq(s) | sql::CommentDef::WithoutEq(s) => s.clone(),
    }
}

/// A name for an index the script left unnamed (MySQL's inline `INDEX (a, b)`).
fn generated_index_name(table: &str, columns: &[Ident]) -> String {
    let cols: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
    format!("IDX_{table}_{}", cols.join("_"))
}

enum Literal {
    Number(String),
    Text(String),
    Boolean(bool),
    Null,
}

fn literal(expr: &Expr) -> Option<Literal> {
    match expr {
        Expr::Nested(inner) => literal(inner),
        Expr::UnaryOp {
            op: UnaryOperator::Minus,
            expr,
        } => match literal(expr)? {
            Literal::Number(n) => Some(Literal::Number(format!("-{n}"))),
            _ => None,
        },
        Expr::Value(v) => match &v.value {
            Value::Number(n, _) => Some(Literal::Number(n.clone())),
            Value::SingleQuotedString(s)
            | Value::NationalStringLiteral(s)
            | Value::DoubleQuotedString(s) => Some(Literal::Text(s.clone())),
            Value::Boolean(b) => Some(Literal::Boolean(*b)),
            Value::Null => Some(Literal::Null),
            _ => None,
        },
        _ => None,
    }
}

/// A literal as the value of a column of type `portable`: 1/0 in a boolean column are
/// true/false (how MySQL, SQL Server and Oracle write them), a number in a text column is text.
fn typed(value: Literal, portable: PortableType) -> Option<DefaultValue> {
    Some(match value {
        Literal::Null => return None,
        Literal::Boolean(b) => DefaultValue::Boolean(b),
        Literal::Number(n) if portable == PortableType::Boolean && (n == "0" || n == "1") => {
            DefaultValue::Boolean(n == "1")
        }
        Literal::Number(n) if portable.is_textual() => DefaultValue::Text(n),
        Literal::Number(n) => match n.parse::<i64>() {
            Ok(i) => DefaultValue::Integer(i),
            Err(_) => match n.parse::<f64>() {
                Ok(f) => DefaultValue::Float(f),
                Err(_) => DefaultValue::Text(n),
            },
        },
        Literal::Text(s) if portable.is_integer() => match s.parse::<i64>() {
            Ok(i) => DefaultValue::Integer(i),
            Err(_) => DefaultValue::Text(s),
        },
        Literal::Text(s) => DefaultValue::Text(s),
    })
}

/// `col IN ('A', 'B')` as the column's allowed values.
pub(crate) fn allowed_values(expr: &Expr, column: &str) -> Option<Vec<String>> {
    let Expr::In {
        expr,
        target: sql::InTarget::List(list),
        negated: false,
        ..
    } = expr
    else {
        return None;
    };
    let Expr::Identifier(ident) = expr.as_ref() else {
        return None;
    };
    if !ident.value.eq_ignore_ascii_case(column) {
        return None;
    }
    list.iter()
        .map(|e| match literal(e)? {
            Literal::Text(s) | Literal::Number(s) => Some(s),
            _ => None,
        })
        .collect()
}

/// The columns of `c IS NOT NULL AND d IS NOT NULL ...`; false for any other expression.
fn not_null_terms<'e>(expr: &'e Expr, out: &mut Vec<&'e sql::Ident>) -> bool {
    match expr {
        Expr::BinaryOp {
            left,
            op: sql::BinaryOperator::And,
            right,
        } => not_null_terms(left, out) && not_null_terms(right, out),
        Expr::Nested(inner) => not_null_terms(inner, out),
        Expr::IsNotNull(inner) => match inner.as_ref() {
            Expr::Identifier(ident) => {
                out.push(ident);
                true
            }
            _ => false,
        },
        _ => false,
    }
}

/// The columns and the one condition of index keys that are all `CASE WHEN <condition> THEN
/// column END` with the same condition; None for any other keys.
fn case_keys(columns: &[sql::IndexColumn]) -> Option<(Vec<&sql::Ident>, &Expr)> {
    let mut keys = Vec::new();
    let mut shared: Option<&Expr> = None;
    for c in columns {
        let Expr::Case {
            operand: None,
            conditions,
            else_result: None,
            ..
        } = &c.column.expr
        else {
            return None;
        };
        let [when] = conditions.as_slice() else {
            return None;
        };
        let Expr::Identifier(column) = &when.result else {
            return None;
        };
        if shared.is_some_and(|s| *s != when.condition) {
            return None;
        }
        shared = Some(&when.condition);
        keys.push(column);
    }
    Some((keys, shared?))
}

/// What a column's DEFAULT reads as.
pub(crate) enum ReadDefault {
    /// `NEXTVAL('seq')` or `seq.NEXTVAL`: the column is auto-increment.
    AutoIncrement,
    Value(DefaultValue),
    /// `DEFAULT NULL`: no default.
    Null,
    /// Neither a literal nor an expression the model has.
    Unreadable,
}

pub(crate) fn read_default(expr: &Expr, portable: PortableType) -> ReadDefault {
    let text = super::types::normalize(&expr.to_string());
    if text.starts_with("NEXTVAL(") || text.ends_with(".NEXTVAL") {
        return ReadDefault::AutoIncrement;
    }
    let expression = match text.as_str() {
        "CURRENT_TIMESTAMP"
        | "CURRENT_TIMESTAMP()"
        | "NOW()"
        | "LOCALTIMESTAMP"
        | "SYSTIMESTAMP"
        | "SYSDATE"
        | "GETDATE()"
        | "SYSDATETIME()" => Some(DefaultExpression::CurrentTimestamp),
        "CURRENT_DATE" | "CURRENT_DATE()" => Some(DefaultExpression::CurrentDate),
        _ => None,
    };
    if let Some(e) = expression {
        return ReadDefault::Value(DefaultValue::Expression(e));
    }
    match literal(expr).map(|v| typed(v, portable)) {
        Some(Some(value)) => ReadDefault::Value(value),
        Some(None) => ReadDefault::Null,
        None => ReadDefault::Unreadable,
    }
}

/// A column of the type read, nullable, without default: with a `native_type` override of
/// `dialect` where the type is written otherwise than the portable type, and a warning where
/// no portable type means it. `origin` (a file, a database) goes into the override's reason.
pub(crate) fn typed_column(
    name: Ident,
    read: &super::types::ReadType,
    dialect: crate::model::DialectName,
    origin: &str,
) -> (Column, Option<String>) {
    let mut column = Column {
        name: name.clone(),
        renamed_from: None,
        added_in: None,
        portable_type: read.portable,
        type_pos: name.pos.clone(),
        nullable: true,
        default: None,
        default_pos: name.pos.clone(),
        fill: None,
        fill_pos: name.pos.clone(),
        auto_increment: read.auto_increment,
        description: None,
        description_pos: name.pos.clone(),
        sensitive: false,
        overrides: BTreeMap::new(),
        allowed_values: None,
        allowed_values_pos: Vec::new(),
        allow: Vec::new(),
    };
    let mut warning = None;
    if let Some(native) = &read.native {
        let reason = if read.nearest_only {
            warning = Some(format!(
                "column `{}`: `{native}` has no portable type; kept as the {dialect} native type, {} for other dialects",
                name.name, read.portable
            ));
            format!("{origin} declares {native}, which has no portable type")
        } else {
            format!(
                "{origin} declares {native}, not what {dialect} writes for {}",
                read.portable
            )
        };
        column.overrides.insert(
            dialect,
            ColumnOverride {
                portable_type: None,
                native_type: Some(native.clone()),
                nullable: None,
                default: None,
                reason,
                pos: name.pos.clone(),
            },
        );
    }
    (column, warning)
}
