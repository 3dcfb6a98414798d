//! Portable column types: the words a model file may use, and their sea-query equivalent.

use std::fmt;

use sea_query::{ColumnType, StringLen};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PortableType {
    Varchar(u32),
    Char(u32),
    Text,
    SmallInt,
    Integer,
    BigInt,
    Decimal { precision: u32, scale: u32 },
    Double,
    Boolean,
    Date,
    Timestamp,
    Blob,
    Json,
}

/// The names of the portable types, without parameters: the keys of type maps.
pub const TYPE_KEYS: [&str; 13] = [
    "varchar",
    "char",
    "text",
    "smallint",
    "integer",
    "bigint",
    "decimal",
    "double",
    "boolean",
    "date",
    "timestamp",
    "blob",
    "json",
];

/// Every accepted spelling, for error messages and the JSON Schema.
pub const TYPE_NAMES: &str = "varchar(n), char(n), text, clob, smallint, integer, bigint, decimal(p,s), decimal(p), double, boolean, date, timestamp, blob, json";

impl PortableType {
    /// Parses `varchar(20)`, `decimal(10,2)`, `integer`… Case-insensitive, spaces allowed.
    pub fn parse(text: &str) -> Result<PortableType, String> {
        let compact: String = text
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        let (base, args) = match compact.split_once('(') {
            Some((base, rest)) => {
                let inner = rest
                    .strip_suffix(')')
                    .ok_or_else(|| format!("`{text}` lacks a closing parenthesis"))?;
                let what = if matches!(base, "decimal" | "numeric") {
                    "precision or scale"
                } else {
                    "length"
                };
                let args = inner
                    .split(',')
                    .map(|a| match a.parse::<u32>() {
                        Ok(n) => Ok(n),
                        Err(_) if !a.is_empty() && a.bytes().all(|b| b.is_ascii_digit()) => {
                            Err(format!(
                                "{what} {a} in `{text}` is larger than the maximum {}",
                                u32::MAX
                            ))
                        }
                        Err(_) => Err(format!("`{a}` in `{text}` is not a whole number")),
                    })
                    .collect::<Result<Vec<u32>, String>>()?;
                (base.to_string(), args)
            }
            None => (compact.clone(), Vec::new()),
        };
        let simple = |t: PortableType| {
            if args.is_empty() {
                Ok(t)
            } else {
                Err(format!("`{base}` takes no parameters"))
            }
        };
        let length = |make: fn(u32) -> PortableType| match args.as_slice() {
            [n] if *n > 0 => Ok(make(*n)),
            [_] => Err(format!("the length of `{text}` must be at least 1")),
            _ => Err(format!("`{base}` needs a length, e.g. `{base}(255)`")),
        };
        match base.as_str() {
            "varchar" => length(PortableType::Varchar),
            "char" => length(PortableType::Char),
            "text" | "clob" => simple(PortableType::Text),
            "smallint" => simple(PortableType::SmallInt),
            "integer" | "int" => simple(PortableType::Integer),
            "bigint" => simple(PortableType::BigInt),
            "double" => simple(PortableType::Double),
            "boolean" => simple(PortableType::Boolean),
            "date" => simple(PortableType::Date),
            "timestamp" => simple(PortableType::Timestamp),
            "blob" => simple(PortableType::Blob),
            "json" => simple(PortableType::Json),
            "decimal" | "numeric" => match args.as_slice() {
                [p] if (1..=38).contains(p) => Ok(PortableType::Decimal {
                    precision: *p,
                    scale: 0,
                }),
                [p, s] if (1..=38).contains(p) && s <= p => Ok(PortableType::Decimal {
                    precision: *p,
                    scale: *s,
                }),
                _ => Err(format!(
                    "`{text}`: decimal needs a precision from 1 to 38 and a scale no larger than it, e.g. `decimal(10,2)`"
                )),
            },
            _ => Err(format!("unknown type `{text}`")),
        }
    }

    /// The type's name without parameters: the key of type maps.
    pub fn key(self) -> &'static str {
        match self {
            PortableType::Varchar(_) => "varchar",
            PortableType::Char(_) => "char",
            PortableType::Text => "text",
            PortableType::SmallInt => "smallint",
            PortableType::Integer => "integer",
            PortableType::BigInt => "bigint",
            PortableType::Decimal { .. } => "decimal",
            PortableType::Double => "double",
            PortableType::Boolean => "boolean",
            PortableType::Date => "date",
            PortableType::Timestamp => "timestamp",
            PortableType::Blob => "blob",
            PortableType::Json => "json",
        }
    }

    /// Fills a type template's `{n}`, `{p}`, `{s}` with this type's parameters.
    pub fn fill(self, template: &str) -> String {
        let (n, p, s) = match self {
            PortableType::Varchar(n) | PortableType::Char(n) => (n, 0, 0),
            PortableType::Decimal { precision, scale } => (0, precision, scale),
            _ => (0, 0, 0),
        };
        template
            .replace("{n}", &n.to_string())
            .replace("{p}", &p.to_string())
            .replace("{s}", &s.to_string())
    }

    pub fn to_column_type(self) -> ColumnType {
        match self {
            PortableType::Varchar(n) => ColumnType::String(StringLen::N(n)),
            PortableType::Char(n) => ColumnType::Char(Some(n)),
            PortableType::Text => ColumnType::Text,
            PortableType::SmallInt => ColumnType::SmallInteger,
            PortableType::Integer => ColumnType::Integer,
            PortableType::BigInt => ColumnType::BigInteger,
            PortableType::Decimal { precision, scale } => {
                ColumnType::Decimal(Some((precision, scale)))
            }
            PortableType::Double => ColumnType::Double,
            PortableType::Boolean => ColumnType::Boolean,
            PortableType::Date => ColumnType::Date,
            PortableType::Timestamp => ColumnType::Timestamp,
            PortableType::Blob => ColumnType::Blob,
            PortableType::Json => ColumnType::Json,
        }
    }

    pub fn is_integer(self) -> bool {
        matches!(
            self,
            PortableType::SmallInt | PortableType::Integer | PortableType::BigInt
        )
    }

    pub fn is_textual(self) -> bool {
        matches!(
            self,
            PortableType::Varchar(_) | PortableType::Char(_) | PortableType::Text
        )
    }
}

impl fmt::Display for PortableType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PortableType::Varchar(n) => write!(f, "varchar({n})"),
            PortableType::Char(n) => write!(f, "char({n})"),
            PortableType::Text => f.write_str("text"),
            PortableType::SmallInt => f.write_str("smallint"),
            PortableType::Integer => f.write_str("integer"),
            PortableType::BigInt => f.write_str("bigint"),
            PortableType::Decimal { precision, scale } => write!(f, "decimal({precision},{scale})"),
            PortableType::Double => f.write_str("double"),
            PortableType::Boolean => f.write_str("boolean"),
            PortableType::Date => f.write_str("date"),
            PortableType::Timestamp => f.write_str("timestamp"),
            PortableType::Blob => f.write_str("blob"),
            PortableType::Json => f.write_str("json"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_spelling() {
        assert_eq!(
            PortableType::parse("VARCHAR (20)"),
            Ok(PortableType::Varchar(20))
        );
        assert_eq!(PortableType::parse("clob"), Ok(PortableType::Text));
        assert_eq!(
            PortableType::parse("decimal(10, 2)"),
            Ok(PortableType::Decimal {
                precision: 10,
                scale: 2
            })
        );
        assert_eq!(
            PortableType::parse("numeric(5)"),
            Ok(PortableType::Decimal {
                precision: 5,
                scale: 0
            })
        );
    }

    #[test]
    fn every_type_key_is_listed() {
        for text in [
            "varchar(1)",
            "char(1)",
            "text",
            "smallint",
            "integer",
            "bigint",
            "decimal(5)",
            "double",
            "boolean",
            "date",
            "timestamp",
            "blob",
            "json",
        ] {
            let key = PortableType::parse(text).unwrap().key();
            assert!(TYPE_KEYS.contains(&key), "{key}");
        }
    }

    #[test]
    fn rejects_bad_types() {
        assert!(
            PortableType::parse("varchar")
                .unwrap_err()
                .contains("needs a length")
        );
        assert!(
            PortableType::parse("varchar(0)")
                .unwrap_err()
                .contains("at least 1")
        );
        assert!(
            PortableType::parse("integer(11)")
                .unwrap_err()
                .contains("takes no parameters")
        );
        assert!(
            PortableType::parse("strin")
                .unwrap_err()
                .contains("unknown type")
        );
        assert!(PortableType::parse("decimal(4,5)").is_err());
        assert_eq!(
            PortableType::parse("varchar(99999999999)").unwrap_err(),
            "length 99999999999 in `varchar(99999999999)` is larger than the maximum 4294967295"
        );
        assert!(
            PortableType::parse("varchar(x)")
                .unwrap_err()
                .contains("is not a whole number")
        );
    }
}
