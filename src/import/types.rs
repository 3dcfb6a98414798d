//! A column's SQL type as a portable type. The dialect's own type map (the one `generate`
//! writes with) is asked first, so every type schemagen generates reads back as the portable
//! type it came from; then the spellings the dialect's scripts use besides
//! ([`SqlSource::type_alias`]), then the portable names themselves. A type that reads as a
//! portable type the dialect would write differently keeps its text as a `native_type`
//! override, so the imported model writes what the script said.

use sqlparser::ast::DataType;

use super::source::SqlSource;
use crate::dialect::Target;
use crate::model::types::TYPE_KEYS;
use crate::model::{PortableType, Version};

pub struct ReadType {
    pub portable: PortableType,
    /// The type as the script wrote it, where the portable type is written otherwise.
    pub native: Option<String>,
    pub auto_increment: bool,
    /// Whether no portable type means it (the portable type is the nearest one).
    pub nearest_only: bool,
}

/// `VARCHAR (255)` → `VARCHAR(255)`; upper case, single spaces.
pub fn normalize(text: &str) -> String {
    let upper = text.to_ascii_uppercase();
    let words: Vec<&str> = upper.split_whitespace().collect();
    words
        .join(" ")
        .replace(" (", "(")
        .replace("( ", "(")
        .replace(" )", ")")
        .replace(", ", ",")
        .replace(" ,", ",")
}

/// `NUMERIC(10,2)` → (`NUMERIC`, [10, 2]); arguments that are not numbers make `None`.
fn split(text: &str) -> (String, Option<Vec<u32>>) {
    match text.split_once('(') {
        None => (text.to_string(), Some(Vec::new())),
        Some((base, rest)) => {
            let inner = rest.split(')').next().unwrap_or("");
            let after = rest.split_once(')').map(|(_, a)| a.trim()).unwrap_or("");
            let args = inner
                .split(',')
                .map(|a| a.trim().parse::<u32>().ok())
                .collect::<Option<Vec<u32>>>();
            // `TIMESTAMP(6) WITH TIME ZONE`: the words after the parenthesis belong to the type.
            let base = if after.is_empty() {
                base.trim().to_string()
            } else {
                format!("{} {after}", base.trim())
            };
            (base, args)
        }
    }
}

/// The portable types `base(args)` could be, for rendering through a type map.
fn candidates(args: &[u32]) -> Vec<PortableType> {
    let mut out = Vec::new();
    for key in TYPE_KEYS {
        let text = match (key, args) {
            ("varchar" | "char", [n]) => format!("{key}({n})"),
            ("decimal", [p]) => format!("decimal({p})"),
            ("decimal", [p, s]) => format!("decimal({p},{s})"),
            ("varchar" | "char" | "decimal", _) => continue,
            // Types without parameters: their rendering may have some (`NUMBER(19)`).
            _ => key.to_string(),
        };
        if let Ok(t) = PortableType::parse(&text) {
            out.push(t);
        }
    }
    out
}

/// How the dialect writes `portable`, for every version its type map distinguishes.
fn renderings(source: &dyn SqlSource, portable: PortableType) -> Vec<String> {
    let dialect = source.dialect().implementation();
    ["0", "9999"]
        .iter()
        .map(|v| {
            let target = Target {
                version: Version::parse(v).expect("a version"),
                settings: dialect.data().settings.clone(),
            };
            normalize(&dialect.column_type(&portable.to_column_type(), &target))
        })
        .collect()
}

/// The type of a column; `Err` for a type that is no SQL type sqlparser or the dialect knows.
pub fn read_type(source: &dyn SqlSource, data_type: &DataType) -> Result<ReadType, String> {
    let written = data_type.to_string();
    let text = normalize(&written);
    let (base, args) = split(&text);
    let args = args.unwrap_or_default();
    let portable = |portable, auto_increment| {
        let native = (!renderings(source, portable).contains(&text)).then(|| written.clone());
        ReadType {
            portable,
            native,
            auto_increment,
            nearest_only: false,
        }
    };
    if let Some(found) = candidates(&args)
        .into_iter()
        .find(|t| renderings(source, *t).contains(&text))
    {
        return Ok(portable(found, false));
    }
    if let Some(alias) = source.type_alias(&base, &args) {
        return Ok(portable(alias.portable, alias.auto_increment));
    }
    if let Ok(found) = PortableType::parse(&text) {
        return Ok(portable(found, false));
    }
    let nearest = nearest(data_type, &base, &args).ok_or_else(|| {
        format!(
            "unknown type `{written}`: not a {} type schemagen knows",
            source.dialect()
        )
    })?;
    Ok(ReadType {
        portable: nearest,
        native: Some(written),
        auto_increment: false,
        nearest_only: true,
    })
}

/// The portable type nearest to a SQL type that has none (written for the other dialects
/// when the column keeps its own type as a native override).
fn nearest(data_type: &DataType, base: &str, args: &[u32]) -> Option<PortableType> {
    use DataType as D;
    let length = args.first().copied().filter(|n| *n > 0);
    Some(match data_type {
        D::Custom(..) | D::Unspecified => return None,
        D::TinyInt(_) | D::TinyIntUnsigned(_) | D::Int2(_) | D::SmallIntUnsigned(_) => {
            PortableType::SmallInt
        }
        D::MediumInt(_) | D::MediumIntUnsigned(_) | D::IntUnsigned(_) | D::IntegerUnsigned(_) => {
            PortableType::BigInt
        }
        D::BigIntUnsigned(_) => PortableType::Decimal {
            precision: 20,
            scale: 0,
        },
        D::Real | D::Float(_) | D::Float4 | D::Float8 | D::Double(_) | D::DoublePrecision => {
            PortableType::Double
        }
        D::Datetime(_) | D::Timestamp(..) | D::Time(..) | D::Datetime64(..) => {
            PortableType::Timestamp
        }
        D::Bytea
        | D::Binary(_)
        | D::Varbinary(_)
        | D::Blob(_)
        | D::TinyBlob
        | D::MediumBlob
        | D::LongBlob => PortableType::Blob,
        D::Nvarchar(_) | D::CharacterVarying(_) | D::CharVarying(_) | D::Varchar(_) => {
            length.map_or(PortableType::Text, PortableType::Varchar)
        }
        D::Character(_) | D::Char(_) => length.map_or(PortableType::Text, PortableType::Char),
        D::Uuid => PortableType::Char(36),
        D::JSON | D::JSONB => PortableType::Json,
        D::Bool | D::Boolean | D::Bit(_) => PortableType::Boolean,
        D::Numeric(_) | D::Decimal(_) | D::Dec(_) => PortableType::Decimal {
            precision: 38,
            scale: 0,
        },
        _ if base.contains("CHAR") || base.contains("TEXT") || base.contains("CLOB") => {
            PortableType::Text
        }
        _ if base.contains("INT") => PortableType::BigInt,
        _ => PortableType::Text,
    })
}
