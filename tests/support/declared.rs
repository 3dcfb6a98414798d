//! What our output declares for a dialect with no engine here, in the reference shape: the
//! same renderer functions the emitter uses, applied to the model. Compared with the facts
//! parsed from the upstream product's script of that dialect (`declared` type text, keys,
//! indexes, sequences and triggers).

use std::path::Path;

use schemagen::dialect::{AutoIncrement, DialectName};
use schemagen::model::{DefaultValue, Model, ReferentialAction};

use super::{Catalog, Column, ForeignKey, Index, Table};

/// A sequence and the trigger that fills a column from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SequenceFill {
    pub sequence: String,
    pub trigger: String,
    pub table: String,
    pub column: String,
}

pub fn load(model_dir: &Path) -> Model {
    schemagen::model::load(model_dir).unwrap_or_else(|d| panic!("{d}"))
}

/// The declared catalog of `module` in `dialect`'s main output. Column `type` is the type word
/// (`VARCHAR2`), `length`/`precision`/`scale` its parameters, `default` the rendered text.
pub fn declared_catalog(model: &Model, module: &str, dialect: DialectName) -> Catalog {
    let implementation = dialect.implementation();
    let (_, target) = model.product.targets[&dialect].outputs(dialect).remove(0);
    let module = model
        .modules
        .iter()
        .find(|m| m.name == module)
        .expect("module exists");
    let mut tables = Vec::new();
    for table in module.tables.iter().filter(|t| t.exists_in(dialect)) {
        let columns = table
            .columns
            .iter()
            .map(|c| {
                let shape = c.for_dialect(&model.product, dialect);
                let text = match implementation.auto_increment(&target) {
                    AutoIncrement::SerialType { integer, bigint } if c.auto_increment => {
                        if shape.column_type == sea_query::ColumnType::BigInteger {
                            bigint
                        } else {
                            integer
                        }
                    }
                    _ => implementation.column_type(&shape.column_type, &target),
                };
                let (data_type, numbers) = split_type(&text);
                let is_char = data_type.contains("CHAR") || data_type.contains("BINARY");
                Column {
                    name: c.name.name.clone(),
                    data_type,
                    length: if is_char {
                        numbers.first().copied()
                    } else {
                        None
                    },
                    precision: if is_char {
                        None
                    } else {
                        numbers.first().copied()
                    },
                    scale: if is_char {
                        None
                    } else {
                        numbers.get(1).copied()
                    },
                    nullable: shape.nullable,
                    default: shape
                        .default
                        .as_ref()
                        .map(|d| render_default(d, implementation, &target)),
                    auto_increment: c.auto_increment,
                    comment: c.description.clone(),
                }
            })
            .collect();
        tables.push(Table {
            name: table.name.name.clone(),
            comment: table.description.clone(),
            columns,
            primary_key: table
                .primary_key
                .as_ref()
                .map(|pk| pk.columns.iter().map(|c| c.name.clone()).collect())
                .unwrap_or_default(),
            unique: table
                .uniques
                .iter()
                .map(|u| u.columns.iter().map(|c| c.name.clone()).collect())
                .collect(),
            foreign_keys: table
                .foreign_keys
                .iter()
                .map(|fk| ForeignKey {
                    name: fk.name.as_ref().map(|n| n.name.clone()).unwrap_or_default(),
                    columns: fk.columns.iter().map(|c| c.name.clone()).collect(),
                    ref_table: fk.ref_table.name.clone(),
                    ref_columns: fk.ref_columns.iter().map(|c| c.name.clone()).collect(),
                    on_delete: match fk.on_delete {
                        ReferentialAction::NoAction => None,
                        ReferentialAction::Restrict => Some("RESTRICT".into()),
                        ReferentialAction::Cascade => Some("CASCADE".into()),
                        ReferentialAction::SetNull => Some("SET NULL".into()),
                    },
                })
                .collect(),
            indexes: table
                .indexes
                .iter()
                .filter(|i| i.exists_in(dialect))
                .map(|i| Index {
                    name: i.name.name.clone(),
                    columns: i.columns.iter().map(|c| c.name.clone()).collect(),
                    unique: i.unique,
                })
                .collect(),
        });
    }
    let mut catalog = Catalog { tables };
    catalog.normalize();
    catalog
}

/// `VARCHAR2(31)` → (`VARCHAR2`, [31]); `NUMBER(10,2)` → (`NUMBER`, [10, 2]);
/// `DATETIME YEAR TO SECOND` → as is, []. A non-numeric parameter (`MAX`, `2G`) is dropped.
pub fn split_type(text: &str) -> (String, Vec<i64>) {
    match text.split_once('(') {
        Some((name, rest)) => {
            let inner = rest.split(')').next().unwrap_or("");
            let numbers = inner
                .split(',')
                .filter_map(|n| n.trim().parse().ok())
                .collect();
            let after = rest.split_once(')').map(|(_, a)| a.trim()).unwrap_or("");
            let name = if after.is_empty() {
                name.trim().to_string()
            } else {
                format!("{} {after}", name.trim())
            };
            (name, numbers)
        }
        None => (text.trim().to_string(), Vec::new()),
    }
}

fn render_default(
    value: &DefaultValue,
    dialect: &dyn schemagen::dialect::Dialect,
    target: &schemagen::dialect::Target,
) -> String {
    use sea_query::{Expr, Value};
    let expr = match value {
        DefaultValue::Integer(n) => Expr::Value(Value::BigInt(Some(*n))),
        DefaultValue::Float(x) => Expr::Value(Value::Double(Some(*x))),
        DefaultValue::Text(s) => Expr::Value(Value::String(Some(s.clone()))),
        DefaultValue::Boolean(b) => Expr::Value(Value::Bool(Some(*b))),
        DefaultValue::Expression(schemagen::model::DefaultExpression::CurrentTimestamp) => {
            Expr::Keyword(sea_query::Keyword::CurrentTimestamp)
        }
        DefaultValue::Expression(schemagen::model::DefaultExpression::CurrentDate) => {
            Expr::Keyword(sea_query::Keyword::CurrentDate)
        }
    };
    dialect.default_value(&expr, target)
}
