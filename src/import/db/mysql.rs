//! A MySQL or MariaDB database's tables from information_schema (and SHOW INDEX, which keeps
//! the table's key order), through the `mysql` crate (no TLS). The names the engine generates
//! for unnamed constraints (`PRIMARY`, a unique key named after its first column,
//! `orders_ibfk_1`) and the indexes InnoDB adds for a foreign key are left out, as a script
//! that did not write them. InnoDB's RESTRICT is its NO ACTION (the catalog says RESTRICT
//! for both, and for a foreign key that said neither): read as NO ACTION.

use std::collections::BTreeMap;
use std::time::Duration;

use mysql::prelude::Queryable;
use mysql::{Conn, OptsBuilder, Row};

use super::{
    Catalog, CatalogColumn, CatalogForeignKey, CatalogIndex, CatalogTable, Connection, DbError,
    by_table, connect_error, query_error, read_in_list,
};
use crate::model::ReferentialAction;

type ColumnRow = (
    String,
    String,
    String,
    String,
    Option<String>,
    String,
    String,
    String,
);
type ForeignKeyRow = (String, String, String, String, String, String, String);

pub fn read(
    connection: &Connection,
    schema: Option<&str>,
    filter: &dyn Fn(&str) -> bool,
) -> Result<Catalog, DbError> {
    let Some(schema) = schema
        .map(str::to_string)
        .or_else(|| connection.database.clone())
    else {
        return Err(DbError {
            code: "E087",
            message: format!(
                "{}: the URL names no database: give it as the URL's path (mysql://HOST/DATABASE) or with --schema",
                connection.display()
            ),
        });
    };
    let options = OptsBuilder::new()
        .ip_or_hostname(Some(connection.host.clone()))
        .tcp_port(connection.port)
        .user(Some(connection.user.clone()))
        .pass(connection.password.clone())
        .db_name(connection.database.clone())
        .prefer_socket(false)
        .tcp_connect_timeout(Some(Duration::from_secs(10)));
    let mut conn = Conn::new(options).map_err(|e| connect_error(connection, &e))?;
    let version: String = conn
        .query_first("SELECT VERSION()")
        .map_err(|e| query_error(connection, "the version", &e))?
        .unwrap_or_default();
    let mariadb = version.contains("MariaDB");
    let exists: Option<String> = conn
        .exec_first(
            "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?",
            (&schema,),
        )
        .map_err(|e| query_error(connection, "the database", &e))?;
    if exists.is_none() {
        return Err(DbError {
            code: "E086",
            message: format!(
                "{} has no database `{schema}` (give it with --schema)",
                connection.display()
            ),
        });
    }
    let mut catalog = Catalog {
        schema: schema.clone(),
        ..Catalog::default()
    };
    let tables: Vec<(String, String, String)> = conn
        .exec(
            "SELECT TABLE_NAME, TABLE_TYPE, COALESCE(TABLE_COMMENT, '')
             FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME",
            (&schema,),
        )
        .map_err(|e| query_error(connection, "the tables", &e))?;
    for (name, kind, comment) in tables {
        if !filter(&name) {
            continue;
        }
        if kind == "BASE TABLE" {
            catalog.tables.push(CatalogTable {
                name,
                comment: (!comment.is_empty()).then_some(comment),
                ..CatalogTable::default()
            });
        } else {
            catalog.warnings.push((
                name.clone(),
                format!(
                    "{} `{name}` not read: the model has tables only",
                    kind.to_ascii_lowercase()
                ),
            ));
        }
    }
    let columns: Vec<ColumnRow> = conn
        .exec(
            "SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA,
                    COALESCE(COLUMN_COMMENT, ''), DATA_TYPE
             FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ?
             ORDER BY TABLE_NAME, ORDINAL_POSITION",
            (&schema,),
        )
        .map_err(|e| query_error(connection, "the columns", &e))?;
    let mut columns = by_table(
        columns
            .into_iter()
            .map(|(t, a, b, c, d, e, f, g)| (t, (a, b, c, d, e, f, g)))
            .collect(),
    );
    let foreign_keys: Vec<ForeignKeyRow> = conn
        .exec(
            "SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME,
                    k.REFERENCED_COLUMN_NAME, r.DELETE_RULE, r.UPDATE_RULE
             FROM information_schema.KEY_COLUMN_USAGE k
             JOIN information_schema.REFERENTIAL_CONSTRAINTS r
               ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME
              AND r.TABLE_NAME = k.TABLE_NAME
             WHERE k.TABLE_SCHEMA = ? AND k.REFERENCED_TABLE_NAME IS NOT NULL
             ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION",
            (&schema,),
        )
        .map_err(|e| query_error(connection, "the foreign keys", &e))?;
    let mut foreign_keys = by_table(
        foreign_keys
            .into_iter()
            .map(|(t, a, b, c, d, e, f)| (t, (a, b, c, d, e, f)))
            .collect(),
    );
    // MariaDB names the table of a CHECK; MySQL 8 only through TABLE_CONSTRAINTS.
    let checks_sql = if mariadb {
        "SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS
         WHERE CONSTRAINT_SCHEMA = ? ORDER BY TABLE_NAME, CONSTRAINT_NAME"
    } else {
        "SELECT t.TABLE_NAME, c.CONSTRAINT_NAME, c.CHECK_CLAUSE
         FROM information_schema.CHECK_CONSTRAINTS c
         JOIN information_schema.TABLE_CONSTRAINTS t
           ON t.CONSTRAINT_SCHEMA = c.CONSTRAINT_SCHEMA AND t.CONSTRAINT_NAME = c.CONSTRAINT_NAME
          AND t.CONSTRAINT_TYPE = 'CHECK'
         WHERE c.CONSTRAINT_SCHEMA = ? ORDER BY t.TABLE_NAME, c.CONSTRAINT_NAME"
    };
    let checks: Vec<(String, String, String)> = conn
        .exec(checks_sql, (&schema,))
        .map_err(|e| query_error(connection, "the CHECK constraints", &e))?;
    let mut checks = by_table(checks.into_iter().map(|(t, a, b)| (t, (a, b))).collect());
    let triggers: Vec<(String, String)> = conn
        .exec(
            "SELECT EVENT_OBJECT_TABLE, TRIGGER_NAME FROM information_schema.TRIGGERS
             WHERE TRIGGER_SCHEMA = ? ORDER BY EVENT_OBJECT_TABLE, TRIGGER_NAME",
            (&schema,),
        )
        .map_err(|e| query_error(connection, "the triggers", &e))?;
    for (table, name) in triggers {
        if filter(&table) {
            catalog.warnings.push((
                table.clone(),
                format!("trigger `{name}` on `{table}` not read: the model has no triggers"),
            ));
        }
    }
    let source = super::super::source::source_for(crate::model::DialectName::Mysql)
        .expect("MySQL scripts are read");
    for table in &mut catalog.tables {
        let t = table.name.clone();
        let mut json_columns = Vec::new();
        for (name, clause) in checks.remove(&t).unwrap_or_default() {
            let object = format!("{t}.{name}");
            let compact: String = clause.chars().filter(|c| !c.is_whitespace()).collect();
            if let Some(column) = compact
                .strip_prefix("json_valid(`")
                .and_then(|c| c.strip_suffix("`)"))
            {
                // MariaDB's JSON: LONGTEXT with this check.
                json_columns.push(column.to_string());
                continue;
            }
            match read_in_list(source, &clause) {
                Some(values) => table.allowed_values.push(values),
                None => catalog.warnings.push((
                    object,
                    format!("CHECK not read: `{clause}` (the model checks only a column's allowed values)"),
                )),
            }
        }
        for (name, column_type, nullable, default, extra, comment, data_type) in
            columns.remove(&t).unwrap_or_default()
        {
            let object = format!("{t}.{name}");
            let extra_lower = extra.to_ascii_lowercase();
            let generated =
                extra_lower.contains("generated") && !extra_lower.contains("default_generated");
            if generated {
                catalog.warnings.push((
                    object.clone(),
                    format!("generated column read as a plain column (`{extra}` not read)"),
                ));
            }
            if extra_lower.contains("on update") {
                catalog.warnings.push((
                    object.clone(),
                    format!("`{extra}` not read: the model has no ON UPDATE"),
                ));
            }
            let enum_values = column_type
                .strip_prefix("enum(")
                .and_then(|_| read_in_list(source, &format!("x IN {}", &column_type[4..])));
            let type_text = if json_columns.iter().any(|c| c.eq_ignore_ascii_case(&name)) {
                "JSON".to_string()
            } else if let Some((_, values)) = enum_values {
                let longest = values.iter().map(|v| v.chars().count()).max().unwrap_or(1);
                catalog.warnings.push((
                    object.clone(),
                    format!(
                        "`{column_type}` read as varchar({longest}) with its values as allowed_values (a CHECK in every dialect)"
                    ),
                ));
                table.allowed_values.push((name.clone(), values));
                format!("VARCHAR({})", longest.max(1))
            } else {
                type_text_of(&column_type)
            };
            let default = match default {
                None => None,
                Some(_) if generated => None,
                // MariaDB writes the default as SQL (`'text'`, `0`, `NULL`, `current_timestamp()`).
                Some(d) if mariadb => Some(d),
                // MySQL 8: an expression is marked DEFAULT_GENERATED; the rest is the bare value.
                Some(d) if extra_lower.contains("default_generated") => Some(d),
                Some(d) if d.parse::<f64>().is_ok() && is_numeric(&data_type) => Some(d),
                Some(d) => Some(format!("'{}'", d.replace('\'', "''"))),
            };
            table.columns.push(CatalogColumn {
                type_text,
                nullable: nullable == "YES",
                default,
                auto_increment: extra_lower.contains("auto_increment"),
                comment: (!comment.is_empty()).then_some(comment),
                name,
            });
        }
        let mut fks: BTreeMap<String, CatalogForeignKey> = BTreeMap::new();
        let mut fk_columns: Vec<(String, Vec<String>)> = Vec::new();
        for (name, column, ref_table, ref_column, delete_rule, update_rule) in
            foreign_keys.remove(&t).unwrap_or_default()
        {
            let object = format!("{t}.{name}");
            let entry = fks.entry(name.clone()).or_insert_with(|| {
                let on_delete = match delete_rule.as_str() {
                    "CASCADE" => ReferentialAction::Cascade,
                    "SET NULL" => ReferentialAction::SetNull,
                    "SET DEFAULT" => {
                        catalog.warnings.push((
                            object.clone(),
                            "ON DELETE SET DEFAULT read as NO ACTION: the model has no such action"
                                .to_string(),
                        ));
                        ReferentialAction::NoAction
                    }
                    _ => ReferentialAction::NoAction,
                };
                if update_rule != "RESTRICT" && update_rule != "NO ACTION" {
                    catalog.warnings.push((
                        object.clone(),
                        format!("ON UPDATE {update_rule} not read: the model has no ON UPDATE"),
                    ));
                }
                CatalogForeignKey {
                    name: Some(name.clone()),
                    columns: Vec::new(),
                    ref_table,
                    ref_columns: Vec::new(),
                    on_delete,
                }
            });
            entry.columns.push(column);
            entry.ref_columns.push(ref_column);
        }
        let mut fks: Vec<CatalogForeignKey> = fks.into_values().collect();
        // `t_ibfk_2` before `t_ibfk_10`: the order they were declared in.
        let generated_number = |name: &str| {
            name.strip_prefix(&format!("{t}_ibfk_"))
                .and_then(|n| n.parse::<u64>().ok())
        };
        fks.sort_by_key(|f| {
            let name = f.name.clone().unwrap_or_default();
            match generated_number(&name) {
                Some(n) => (0, n, String::new()),
                None => (1, 0, name),
            }
        });
        for f in &mut fks {
            let name = f.name.clone().unwrap_or_default();
            fk_columns.push((name.clone(), f.columns.clone()));
            if generated_number(&name).is_some() {
                f.name = None;
            }
        }
        table.foreign_keys = fks;
        let rows: Vec<Row> = conn
            .query(format!(
                "SHOW INDEX FROM {} IN {}",
                quote(&t),
                quote(&schema)
            ))
            .map_err(|e| query_error(connection, &format!("the indexes of `{t}`"), &e))?;
        // Key name → (unique, columns), in the table's key order.
        let mut keys: Vec<(String, bool, Vec<Option<String>>)> = Vec::new();
        for row in rows {
            let key: String = row.get("Key_name").unwrap_or_default();
            let non_unique: i64 = row.get("Non_unique").unwrap_or(1);
            let column: Option<String> = row.get("Column_name").unwrap_or(None);
            let sub_part: Option<i64> = row.get("Sub_part").unwrap_or(None);
            let index_type: String = row.get("Index_type").unwrap_or_default();
            if sub_part.is_some() {
                catalog.warnings.push((
                    format!("{t}.{key}"),
                    "a key on a column prefix read as on the whole column".to_string(),
                ));
            }
            if index_type != "BTREE" {
                catalog.warnings.push((
                    format!("{t}.{key}"),
                    format!("index `{key}` read as a plain index: its type {index_type} not read"),
                ));
            }
            match keys.iter_mut().find(|k| k.0 == key) {
                Some(k) => k.2.push(column),
                None => keys.push((key, non_unique == 0, vec![column])),
            }
        }
        for (key, unique, cols) in keys {
            let object = format!("{t}.{key}");
            let Some(cols) = cols.into_iter().collect::<Option<Vec<String>>>() else {
                catalog.warnings.push((
                    object,
                    format!("index `{key}` not read: it indexes an expression; the model indexes columns only"),
                ));
                continue;
            };
            if key == "PRIMARY" {
                table.primary_key = Some((None, cols));
            } else if unique {
                // A UNIQUE constraint and a unique index are one thing in MySQL: a key the
                // engine named is an unnamed UNIQUE, one with a name of its own the unique
                // index a script creates under that name.
                let first = cols[0].clone();
                if key == first || numbered(&key, &first) {
                    table.uniques.push((None, cols));
                } else {
                    table.indexes.push(CatalogIndex {
                        name: key,
                        columns: cols,
                        unique: true,
                    });
                }
            } else {
                // The index InnoDB adds for a foreign key: named after the constraint, or after
                // its first column when the constraint has no name of its own.
                let for_fk = fk_columns.iter().any(|(fk, fk_cols)| {
                    *fk_cols == cols && (key == *fk || key == cols[0] || numbered(&key, &cols[0]))
                });
                if for_fk {
                    continue;
                }
                table.indexes.push(CatalogIndex {
                    name: key,
                    columns: cols,
                    unique: false,
                });
            }
        }
    }
    Ok(catalog)
}

/// `email_2`: the name MySQL gives the second unnamed key on `email`.
fn numbered(key: &str, base: &str) -> bool {
    key.strip_prefix(base)
        .and_then(|r| r.strip_prefix('_'))
        .is_some_and(|n| n.parse::<u32>().is_ok())
}

fn quote(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

fn is_numeric(data_type: &str) -> bool {
    matches!(
        data_type.to_ascii_lowercase().as_str(),
        "tinyint"
            | "smallint"
            | "mediumint"
            | "int"
            | "integer"
            | "bigint"
            | "decimal"
            | "numeric"
            | "float"
            | "double"
            | "real"
            | "bit"
    )
}

/// `int(11)` → `INT`, `tinyint(1)` → `BOOLEAN`, `varchar(255)` → `VARCHAR(255)`: COLUMN_TYPE
/// as a script writes it (a display width is no part of the type).
fn type_text_of(column_type: &str) -> String {
    let t = column_type.trim().to_ascii_lowercase();
    let (base, rest) = match t.find('(') {
        Some(at) => (&t[..at], &t[at..]),
        None => (t.as_str(), ""),
    };
    let integer = matches!(
        base,
        "tinyint" | "smallint" | "mediumint" | "int" | "bigint"
    );
    if integer && let Some(close) = rest.find(')') {
        let after = rest[close + 1..].trim();
        if base == "tinyint" && &rest[..=close] == "(1)" && after.is_empty() {
            return "BOOLEAN".to_string();
        }
        let after = if after.is_empty() {
            String::new()
        } else {
            format!(" {after}")
        };
        return format!("{base}{after}").to_ascii_uppercase();
    }
    if base == "tinyint" && rest.is_empty() {
        return "TINYINT".to_string();
    }
    // ENUM and SET values keep their case.
    if base == "enum" || base == "set" {
        return format!(
            "{}{}",
            base.to_ascii_uppercase(),
            &column_type.trim()[base.len()..]
        );
    }
    t.to_ascii_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_types() {
        assert_eq!(type_text_of("int(11)"), "INT");
        assert_eq!(type_text_of("tinyint(1)"), "BOOLEAN");
        assert_eq!(type_text_of("tinyint(4)"), "TINYINT");
        assert_eq!(type_text_of("int(10) unsigned"), "INT UNSIGNED");
        assert_eq!(type_text_of("varchar(255)"), "VARCHAR(255)");
        assert_eq!(type_text_of("decimal(10,2)"), "DECIMAL(10,2)");
        assert_eq!(type_text_of("enum('a','B')"), "ENUM('a','B')");
        assert!(numbered("email_2", "email"));
        assert!(!numbered("email_x", "email"));
    }
}
