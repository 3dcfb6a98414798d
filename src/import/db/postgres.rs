//! A PostgreSQL schema's tables from pg_catalog, through the `postgres` crate (no TLS).
//! Constraints and indexes in creation (oid) order; the names PostgreSQL generates for
//! unnamed constraints (`orders_pkey`, `orders_email_key`, `orders_customer_id_fkey`) left
//! out, as a script that did not name them.

use std::time::Duration;

use postgres::{NoTls, Row};
use sqlparser::ast::{BinaryOperator, Expr};
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::Parser;

use super::{
    Catalog, CatalogColumn, CatalogForeignKey, CatalogIndex, CatalogTable, Connection, DbError,
    by_table, connect_error, query_error,
};
use crate::model::ReferentialAction;

/// PostgreSQL's NAMEDATALEN - 1.
const MAX_NAME: usize = 63;

pub fn read(
    connection: &Connection,
    schema: Option<&str>,
    filter: &dyn Fn(&str) -> bool,
) -> Result<Catalog, DbError> {
    let schema = schema.unwrap_or("public").to_string();
    let mut config = postgres::Config::new();
    config
        .host(&connection.host)
        .port(connection.port)
        .user(&connection.user)
        .dbname(connection.database.as_deref().unwrap_or(&connection.user))
        .application_name("schemagen import db")
        .connect_timeout(Duration::from_secs(10));
    if let Some(p) = &connection.password {
        config.password(p);
    }
    let mut client = config
        .connect(NoTls)
        .map_err(|e| connect_error(connection, &e))?;
    let mut q = |what: &str, sql: &str| -> Result<Vec<Row>, DbError> {
        client
            .query(sql, &[&schema])
            .map_err(|e| query_error(connection, what, &e))
    };
    let exists = q(
        "the schema",
        "SELECT nspname::text FROM pg_namespace WHERE nspname = $1",
    )?;
    if exists.is_empty() {
        return Err(DbError {
            code: "E086",
            message: format!(
                "{} has no schema `{schema}` (give it with --schema)",
                connection.display()
            ),
        });
    }
    let mut catalog = Catalog {
        schema: schema.clone(),
        ..Catalog::default()
    };
    let relations = q(
        "the tables",
        "SELECT c.relname::text, c.relkind::text, obj_description(c.oid, 'pg_class')
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
         ORDER BY c.relname",
    )?;
    for r in &relations {
        let name: String = r.get(0);
        let kind: String = r.get(1);
        if !filter(&name) {
            continue;
        }
        match kind.as_str() {
            "r" | "p" => catalog.tables.push(CatalogTable {
                name,
                comment: r.get(2),
                ..CatalogTable::default()
            }),
            other => {
                let what = match other {
                    "v" => "view",
                    "m" => "materialized view",
                    _ => "foreign table",
                };
                catalog.warnings.push((
                    name.clone(),
                    format!("{what} `{name}` not read: the model has tables only"),
                ));
            }
        }
    }
    let columns = q(
        "the columns",
        "SELECT c.relname::text, a.attname::text, format_type(a.atttypid, a.atttypmod),
                a.attnotnull, pg_get_expr(d.adbin, d.adrelid), a.attidentity::text,
                col_description(c.oid, a.attnum), a.attgenerated::text
         FROM pg_attribute a
         JOIN pg_class c ON c.oid = a.attrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
         LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
         WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
         ORDER BY c.relname, a.attnum",
    )?;
    let mut columns = by_table(
        columns
            .iter()
            .map(|r| {
                let table: String = r.get(0);
                let name: String = r.get(1);
                let identity: String = r.get(5);
                let generated: String = r.get(7);
                let default: Option<String> = r.get(4);
                (
                    table,
                    (
                        name,
                        r.get::<_, String>(2),
                        r.get::<_, bool>(3),
                        default,
                        identity,
                        r.get::<_, Option<String>>(6),
                        generated,
                    ),
                )
            })
            .collect(),
    );
    let constraints = q(
        "the constraints",
        "SELECT c.relname::text, k.conname::text, k.contype::text,
                ARRAY(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY u(num, ord)
                      JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.num
                      ORDER BY u.ord),
                f.relname::text, fn.nspname::text,
                ARRAY(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY u(num, ord)
                      JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.num
                      ORDER BY u.ord),
                k.confdeltype::text, k.confupdtype::text, pg_get_constraintdef(k.oid)
         FROM pg_constraint k
         JOIN pg_class c ON c.oid = k.conrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
         LEFT JOIN pg_class f ON f.oid = k.confrelid
         LEFT JOIN pg_namespace fn ON fn.oid = f.relnamespace
         WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')
         ORDER BY c.relname, k.oid",
    )?;
    let mut constraints = rows_by_table(constraints);
    let indexes = q(
        "the indexes",
        "SELECT c.relname::text, i.relname::text, x.indisunique,
                ARRAY(SELECT coalesce(a.attname::text, '') FROM unnest(x.indkey::int2[]) WITH ORDINALITY u(num, ord)
                      LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = u.num
                      WHERE u.ord <= x.indnkeyatts ORDER BY u.ord),
                x.indexprs IS NOT NULL OR 0 = ANY (x.indkey::int2[]), x.indpred IS NOT NULL,
                EXISTS (SELECT 1 FROM pg_constraint k
                        WHERE k.conindid = x.indexrelid AND k.conrelid = x.indrelid
                          AND k.contype IN ('p', 'u', 'x')),
                pg_get_indexdef(x.indexrelid), am.amname::text,
                EXISTS (SELECT 1 FROM unnest(x.indoption::int2[]) o WHERE o & 1 = 1)
         FROM pg_index x
         JOIN pg_class i ON i.oid = x.indexrelid
         JOIN pg_class c ON c.oid = x.indrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_am am ON am.oid = i.relam
         WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')
         ORDER BY c.relname, x.indexrelid",
    )?;
    let mut indexes = rows_by_table(indexes);
    let triggers = q(
        "the triggers",
        "SELECT c.relname::text, t.tgname::text
         FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = $1 AND NOT t.tgisinternal
         ORDER BY c.relname, t.tgname",
    )?;
    for r in &triggers {
        let (table, name): (String, String) = (r.get(0), r.get(1));
        if filter(&table) {
            catalog.warnings.push((
                table.clone(),
                format!("trigger `{name}` on `{table}` not read: the model has no triggers"),
            ));
        }
    }
    for table in &mut catalog.tables {
        let t = table.name.clone();
        for (name, type_text, not_null, default, identity, comment, generated) in
            columns.remove(&t).unwrap_or_default()
        {
            let object = format!("{t}.{name}");
            if !generated.is_empty() {
                catalog.warnings.push((
                    object.clone(),
                    format!(
                        "generated column read as a plain column: `{}` not read",
                        default.as_deref().unwrap_or("")
                    ),
                ));
            }
            if identity == "a" {
                catalog.warnings.push((
                    object.clone(),
                    "GENERATED ALWAYS AS IDENTITY read as auto-increment (BY DEFAULT)".to_string(),
                ));
            }
            let default = if generated.is_empty() {
                default.map(|d| without_casts(&d))
            } else {
                None
            };
            table.columns.push(CatalogColumn {
                type_text: type_text_of(&type_text),
                nullable: !not_null,
                auto_increment: !identity.is_empty(),
                default,
                comment,
                name,
            });
        }
        for r in constraints.remove(&t).unwrap_or_default() {
            let name: String = r.get(1);
            let kind: String = r.get(2);
            let cols: Vec<String> = r.get(3);
            let definition: String = r.get(9);
            let object = format!("{t}.{name}");
            match kind.as_str() {
                "p" => {
                    let name = (!generated_name(&name, &t, &[], "pkey")).then_some(name);
                    table.primary_key = Some((name, cols));
                }
                "u" => {
                    let name = (!generated_name(&name, &t, &cols, "key")).then_some(name);
                    table.uniques.push((name, cols));
                }
                "f" => {
                    let ref_table: String = r.get(4);
                    let ref_schema: String = r.get(5);
                    if ref_schema != catalog.schema {
                        catalog.warnings.push((
                            object.clone(),
                            format!(
                                "foreign key `{name}` references `{ref_schema}.{ref_table}` in another schema: read as `{ref_table}`"
                            ),
                        ));
                    }
                    let on_delete = match r.get::<_, String>(7).as_str() {
                        "r" => ReferentialAction::Restrict,
                        "c" => ReferentialAction::Cascade,
                        "n" => ReferentialAction::SetNull,
                        "d" => {
                            catalog.warnings.push((
                                object.clone(),
                                "ON DELETE SET DEFAULT read as NO ACTION: the model has no such action".to_string(),
                            ));
                            ReferentialAction::NoAction
                        }
                        _ => ReferentialAction::NoAction,
                    };
                    if r.get::<_, String>(8) != "a" {
                        catalog.warnings.push((
                            object.clone(),
                            format!("ON UPDATE of `{definition}` not read: the model has no ON UPDATE"),
                        ));
                    }
                    let name = (!generated_name(&name, &t, &cols, "fkey")).then_some(name);
                    table.foreign_keys.push(CatalogForeignKey {
                        name,
                        columns: cols,
                        ref_table,
                        ref_columns: r.get(6),
                        on_delete,
                    });
                }
                "c" => match in_list(&definition) {
                    Some(values) => table.allowed_values.push(values),
                    None => catalog.warnings.push((
                        object,
                        format!("CHECK not read: `{definition}` (the model checks only a column's allowed values)"),
                    )),
                },
                // NOT NULL constraints (PostgreSQL 18) are the columns' nullability.
                "n" => {}
                _ => catalog
                    .warnings
                    .push((object, format!("constraint not read: `{definition}`"))),
            }
        }
        for r in indexes.remove(&t).unwrap_or_default() {
            let name: String = r.get(1);
            let backs_constraint: bool = r.get(6);
            if backs_constraint {
                continue;
            }
            let object = format!("{t}.{name}");
            let definition: String = r.get(7);
            let method: String = r.get(8);
            if r.get::<_, bool>(4) {
                catalog.warnings.push((
                    object,
                    format!("index not read: `{definition}` indexes an expression; the model indexes columns only"),
                ));
                continue;
            }
            if method != "btree" {
                catalog.warnings.push((
                    object.clone(),
                    format!("index `{name}` read as a plain index: its method `{method}` not read"),
                ));
            }
            if r.get::<_, bool>(5) {
                catalog.warnings.push((
                    object.clone(),
                    "the WHERE of a partial index not read: the model's indexes are whole"
                        .to_string(),
                ));
            }
            if r.get::<_, bool>(9) {
                catalog.warnings.push((
                    object.clone(),
                    "DESC in an index read as ascending: the model has no index order".to_string(),
                ));
            }
            table.indexes.push(CatalogIndex {
                name,
                columns: r.get(3),
                unique: r.get(2),
            });
        }
    }
    Ok(catalog)
}

/// `character varying(255)` → `VARCHAR(255)`: format_type's words as scripts write them.
fn type_text_of(formatted: &str) -> String {
    let t = formatted.trim();
    let (base, rest) = match t.find('(') {
        Some(at) => (&t[..at], &t[at..]),
        None => (t, ""),
    };
    // `timestamp(3) without time zone`: the words after the parenthesis.
    let (args, after) = match rest.find(')') {
        Some(at) => (&rest[..=at], rest[at + 1..].trim()),
        None => (rest, ""),
    };
    let zone = match after {
        "without time zone" => "",
        "with time zone" => " WITH TIME ZONE",
        other => other,
    };
    let base = match base.trim() {
        "character varying" => "VARCHAR".to_string(),
        "character" => "CHAR".to_string(),
        "timestamp without time zone" => "TIMESTAMP".to_string(),
        "timestamp with time zone" => "TIMESTAMP WITH TIME ZONE".to_string(),
        "time without time zone" => "TIME".to_string(),
        "time with time zone" => "TIME WITH TIME ZONE".to_string(),
        other => other.to_ascii_uppercase(),
    };
    format!("{base}{args}{}", zone.to_ascii_uppercase())
}

/// A default as a script writes it: `'0'::character varying` → `'0'`, `'-1'::integer` →
/// `'-1'` (read as the integer by the default reader).
fn without_casts(default: &str) -> String {
    let Ok(mut expr) = Parser::new(&PostgreSqlDialect {})
        .try_with_sql(default)
        .and_then(|mut p| p.parse_expr())
    else {
        return default.to_string();
    };
    loop {
        expr = match expr {
            Expr::Cast { expr, .. } => *expr,
            Expr::Nested(inner) => *inner,
            other => break other.to_string(),
        };
    }
}

/// Whether `name` is the one PostgreSQL gives an unnamed constraint of `table` on `columns`
/// (ChooseConstraintName: `table_col1_col2_label`, the parts cut to fit 63 bytes, a number
/// after the label on a clash).
fn generated_name(name: &str, table: &str, columns: &[String], label: &str) -> bool {
    let joined = columns.join("_");
    let second = (!columns.is_empty()).then_some(joined.as_str());
    (0..10).any(|pass| {
        let label = if pass == 0 {
            label.to_string()
        } else {
            format!("{label}{pass}")
        };
        make_object_name(table, second, &label) == name
    })
}

/// PostgreSQL's makeObjectName: `name1_name2_label`, the longer of name1 and name2 shortened
/// first until the whole fits in 63 bytes.
fn make_object_name(name1: &str, name2: Option<&str>, label: &str) -> String {
    let overhead = label.len() + 1 + usize::from(name2.is_some());
    let available = MAX_NAME.saturating_sub(overhead);
    let mut n1 = name1.len();
    let mut n2 = name2.map_or(0, str::len);
    while n1 + n2 > available {
        if n1 > n2 {
            n1 -= 1;
        } else {
            n2 -= 1;
        }
    }
    let clip = |s: &str, mut n: usize| {
        while !s.is_char_boundary(n) {
            n -= 1;
        }
        s[..n].to_string()
    };
    match name2 {
        Some(n) => format!("{}_{}_{label}", clip(name1, n1), clip(n, n2)),
        None => format!("{}_{label}", clip(name1, n1)),
    }
}

/// `CHECK (((status)::text = ANY ((ARRAY['N'::character varying, ...])::text[])))` (how
/// PostgreSQL keeps `status IN ('N', ...)`) or `CHECK ((n = 1))` as the column's values.
fn in_list(definition: &str) -> Option<(String, Vec<String>)> {
    let inner = definition.strip_prefix("CHECK ")?;
    if definition.contains("NOT VALID") {
        return None;
    }
    let expr = Parser::new(&PostgreSqlDialect {})
        .try_with_sql(inner)
        .and_then(|mut p| p.parse_expr())
        .ok()?;
    let value = |e: &Expr| match strip(e) {
        Expr::Value(v) => match &v.value {
            sqlparser::ast::Value::SingleQuotedString(s) => Some(s.clone()),
            sqlparser::ast::Value::Number(n, _) => Some(n.clone()),
            _ => None,
        },
        Expr::UnaryOp {
            op: sqlparser::ast::UnaryOperator::Minus,
            expr,
        } => match strip(expr) {
            Expr::Value(v) => match &v.value {
                sqlparser::ast::Value::Number(n, _) => Some(format!("-{n}")),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    };
    match strip(&expr) {
        Expr::AnyOp {
            left,
            compare_op: BinaryOperator::Eq,
            right,
            ..
        } => {
            let Expr::Identifier(column) = strip(left) else {
                return None;
            };
            let Expr::Array(array) = strip(right) else {
                return None;
            };
            let values = array.elem.iter().map(value).collect::<Option<Vec<_>>>()?;
            Some((column.value.clone(), values))
        }
        Expr::BinaryOp {
            left,
            op: BinaryOperator::Eq,
            right,
        } => {
            let Expr::Identifier(column) = strip(left) else {
                return None;
            };
            Some((column.value.clone(), vec![value(right)?]))
        }
        Expr::In {
            expr,
            target: sqlparser::ast::InTarget::List(list),
            negated: false,
            ..
        } => {
            let Expr::Identifier(column) = strip(expr) else {
                return None;
            };
            let values = list.iter().map(value).collect::<Option<Vec<_>>>()?;
            Some((column.value.clone(), values))
        }
        _ => None,
    }
}

/// `expr` without the casts and parentheses around it.
fn strip(mut e: &Expr) -> &Expr {
    loop {
        e = match e {
            Expr::Cast { expr, .. } => expr,
            Expr::Nested(inner) => inner,
            other => return other,
        }
    }
}

/// Catalog rows grouped by their first column, the table's name.
fn rows_by_table(rows: Vec<Row>) -> std::collections::BTreeMap<String, Vec<Row>> {
    by_table(
        rows.into_iter()
            .map(|r| (r.get::<_, String>(0), r))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_names() {
        assert!(generated_name("orders_pkey", "orders", &[], "pkey"));
        assert!(generated_name(
            "orders_a_b_key",
            "orders",
            &["a".into(), "b".into()],
            "key"
        ));
        assert!(generated_name(
            "orders_a_key1",
            "orders",
            &["a".into()],
            "key"
        ));
        assert!(!generated_name("uk_orders", "orders", &["a".into()], "key"));
        // 63 bytes: the longer part is cut first.
        let long = "idn_oauth2_access_token_scopes_and_more_words_here";
        let name = make_object_name(long, Some("token_scope_hash_and_more"), "key");
        assert_eq!(name.len(), 63);
        assert!(name.ends_with("_key"));
    }

    #[test]
    fn types_and_defaults() {
        assert_eq!(type_text_of("character varying(255)"), "VARCHAR(255)");
        assert_eq!(
            type_text_of("timestamp(3) without time zone"),
            "TIMESTAMP(3)"
        );
        assert_eq!(
            type_text_of("timestamp with time zone"),
            "TIMESTAMP WITH TIME ZONE"
        );
        assert_eq!(type_text_of("double precision"), "DOUBLE PRECISION");
        assert_eq!(without_casts("'0'::character varying"), "'0'");
        assert_eq!(without_casts("'-1234'::integer"), "'-1234'");
        assert_eq!(without_casts("0"), "0");
    }

    #[test]
    fn check_lists() {
        assert_eq!(
            in_list(
                "CHECK (((status)::text = ANY ((ARRAY['N'::character varying, 'P'::character varying])::text[])))"
            ),
            Some(("status".to_string(), vec!["N".to_string(), "P".to_string()]))
        );
        assert_eq!(
            in_list("CHECK ((n = ANY (ARRAY[1, 2])))"),
            Some(("n".to_string(), vec!["1".to_string(), "2".to_string()]))
        );
        assert_eq!(in_list("CHECK ((n > 0))"), None);
    }
}
