//! Model → sea-query statements. This is dialect-free: column types stay portable
//! (`ColumnType::String(N(20))`, …) or carry an override's native text (`ColumnType::Custom`),
//! and each dialect renders the statements in `render`.

use sea_query::{
    Alias, ColumnDef, Expr, ForeignKey, ForeignKeyAction, ForeignKeyCreateStatement, Index,
    Keyword, Table as SeaTable, TableCreateStatement, Value,
};

use crate::dialect::DialectName;
use crate::dialect::migrate::{ColumnShape, KeyShape};
use crate::model::{self, DefaultExpression, DefaultValue, Product, ReferentialAction, Table};

/// The statements for one table in one dialect.
pub struct TableStatements {
    pub name: String,
    /// CREATE TABLE with columns, primary key, unique constraints and the foreign keys that
    /// can be written inline (their target exists already).
    pub create: TableCreateStatement,
    /// Unique keys: UNIQUE in CREATE TABLE, or a unique index after it where the dialect
    /// writes one so ([`KeyShape::form`]).
    pub uniques: Vec<KeyShape>,
    /// CREATE INDEX statements.
    pub indexes: Vec<KeyShape>,
    /// Foreign keys added by ALTER TABLE after every table exists (they close a cycle).
    pub deferred_foreign_keys: Vec<ForeignKeyCreateStatement>,
    /// CHECK (column IN (...)) constraints. Carried beside the sea-query statement because
    /// sea-query's `Check` cannot be read back outside the crate.
    pub checks: Vec<AllowedValuesCheck>,
    /// Initial data rows.
    pub rows: Vec<InsertRow>,
}

pub struct AllowedValuesCheck {
    pub column: String,
    pub values: Vec<String>,
}

/// One INSERT: columns in table order, values as sea-query expressions.
pub struct InsertRow {
    pub table: String,
    pub columns: Vec<String>,
    pub values: Vec<Expr>,
    /// The table's auto-increment column, where the row gives it a value.
    pub identity: Option<String>,
}

impl InsertRow {
    /// The auto-increment column of `columns` that `values` gives a value (not NULL).
    pub fn identity_given<'a, V>(
        auto_increment: Option<&str>,
        values: impl IntoIterator<Item = (&'a String, Option<V>)>,
    ) -> Option<String> {
        let column = auto_increment?;
        values
            .into_iter()
            .any(|(c, v)| c == column && v.is_some())
            .then(|| column.to_string())
    }
}

fn names(columns: &[model::Ident]) -> Vec<String> {
    columns.iter().map(|c| c.name.clone()).collect()
}

pub fn table_statements(
    product: &Product,
    table: &Table,
    dialect: DialectName,
    deferred: &[&model::ForeignKey],
) -> TableStatements {
    let mut create = SeaTable::create();
    create.table(Alias::new(&table.name.name));
    if let Some(description) = &table.description {
        create.comment(description);
    }
    for column in &table.columns {
        create.col(column_def(product, column, dialect));
    }
    if let Some(pk) = &table.primary_key {
        let mut index = Index::create();
        index.primary();
        if let Some(name) = &pk.name {
            index.name(&name.name);
        }
        for column in &pk.columns {
            index.col(Alias::new(&column.name));
        }
        create.primary_key(&mut index);
    }
    let uniques = table
        .uniques
        .iter()
        .map(|u| {
            KeyShape::unique(
                dialect,
                table,
                u.name.as_ref().map(|n| n.name.clone()),
                names(&u.columns),
                &u.columns,
                &u.nulls_equal_in,
            )
        })
        .collect();
    let mut deferred_foreign_keys = Vec::new();
    for fk in &table.foreign_keys {
        let mut statement = foreign_key(table, fk);
        if deferred.iter().any(|d| std::ptr::eq(*d, fk)) {
            deferred_foreign_keys.push(statement);
        } else {
            create.foreign_key(&mut statement);
        }
    }
    let indexes = table
        .indexes
        .iter()
        .filter(|i| i.exists_in(dialect))
        .map(|i| KeyShape::index(dialect, table, i, names(&i.columns)))
        .collect();
    let checks = if product.check_allowed_values {
        table
            .columns
            .iter()
            .filter_map(|c| {
                c.allowed_values.as_ref().map(|values| AllowedValuesCheck {
                    column: c.name.name.clone(),
                    values: values.clone(),
                })
            })
            .collect()
    } else {
        Vec::new()
    };
    let auto_increment = table
        .columns
        .iter()
        .find(|c| c.auto_increment)
        .map(|c| c.name.name.as_str());
    let rows = table
        .rows
        .iter()
        .map(|row| InsertRow {
            table: table.name.name.clone(),
            identity: InsertRow::identity_given(
                auto_increment,
                row.values.iter().map(|(c, v)| (c, v.as_ref())),
            ),
            columns: row.values.iter().map(|(c, _)| c.clone()).collect(),
            values: row
                .values
                .iter()
                .map(|(_, v)| match v {
                    Some(v) => default_expr(v),
                    None => Expr::Keyword(Keyword::Null),
                })
                .collect(),
        })
        .collect();
    TableStatements {
        name: table.name.name.clone(),
        create,
        uniques,
        indexes,
        deferred_foreign_keys,
        checks,
        rows,
    }
}

/// One column as a sea-query definition, the dialect's overrides applied.
pub fn column_def(product: &Product, column: &model::Column, dialect: DialectName) -> ColumnDef {
    column_def_of(&ColumnShape::of(product, column, dialect))
}

/// A column as a dialect sees it, as a sea-query definition: what CREATE TABLE and ALTER
/// TABLE ADD / MODIFY write.
pub fn column_def_of(shape: &ColumnShape) -> ColumnDef {
    let mut def = ColumnDef::new_with_type(Alias::new(&shape.name), shape.column_type.clone());
    if !shape.nullable {
        def.not_null();
    }
    if let Some(default) = &shape.default {
        def.default(default_expr(default));
    }
    if shape.auto_increment {
        def.auto_increment();
    }
    if let Some(description) = &shape.description {
        def.comment(description);
    }
    def
}

pub fn foreign_key(table: &Table, fk: &model::ForeignKey) -> ForeignKeyCreateStatement {
    let mut statement = ForeignKey::create();
    statement
        .from_tbl(Alias::new(&table.name.name))
        .to_tbl(Alias::new(&fk.ref_table.name))
        .on_delete(match fk.on_delete {
            ReferentialAction::NoAction => ForeignKeyAction::NoAction,
            ReferentialAction::Restrict => ForeignKeyAction::Restrict,
            ReferentialAction::Cascade => ForeignKeyAction::Cascade,
            ReferentialAction::SetNull => ForeignKeyAction::SetNull,
        });
    if let Some(name) = &fk.name {
        statement.name(&name.name);
    }
    for (from, to) in fk.columns.iter().zip(&fk.ref_columns) {
        statement
            .from_col(Alias::new(&from.name))
            .to_col(Alias::new(&to.name));
    }
    statement
}

pub fn default_expr(default: &DefaultValue) -> Expr {
    match default {
        DefaultValue::Integer(n) => Expr::Value(Value::BigInt(Some(*n))),
        DefaultValue::Float(x) => Expr::Value(Value::Double(Some(*x))),
        DefaultValue::Text(s) => Expr::Value(Value::String(Some(s.clone()))),
        DefaultValue::Boolean(b) => Expr::Value(Value::Bool(Some(*b))),
        DefaultValue::Expression(DefaultExpression::CurrentTimestamp) => {
            Expr::Keyword(Keyword::CurrentTimestamp)
        }
        DefaultValue::Expression(DefaultExpression::CurrentDate) => {
            Expr::Keyword(Keyword::CurrentDate)
        }
    }
}
