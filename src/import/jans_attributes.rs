//! `schemagen import jans-attributes`: Janssen config-api attributes (seed 003) as columns of
//! the table of their object class, added to the hand-kept module file in place.
//!
//! Janssen's RDBMS backend keeps one table per object class (`origin`), one column per
//! attribute; a new custom attribute is a `jansAttr` row plus an `ALTER TABLE ... ADD COLUMN`
//! that an admin writes by hand. The types are the ones Janssen's setup gives:
//!
//! - Janssen's documentation, "Custom Claims" (Adding a new custom user claim, MySQL
//!   persistence), <https://docs.jans.io/v1.4.0/janssen-server/auth-server/openid-features/user-claims/custom-claims/>:
//!   Text → `VARCHAR(n)`, Numeric → `INT`, Boolean → `SMALLINT`, Certificate → `TEXT`,
//!   Date → `DATETIME(3)`, Multivalued → `JSON` "regardless of what you will choose for Type";
//! - jans-linux-setup's own generator (`setup_app/installers/rdbm.py`, `get_sql_col_type`, and
//!   `static/rdbm/ldap_sql_data_type_mapping.json`; facts in tests/reference/jans/): a string
//!   attribute is `VARCHAR(64)` (directory-string syntax), a size up to 127 stays `VARCHAR(n)`,
//!   up to 255 is `TINYTEXT` on MySQL (`TEXT` on PostgreSQL), longer is `TEXT`; generalizedTime
//!   is `DATETIME(3)` on MySQL and `TIMESTAMP` on PostgreSQL, boolean `SMALLINT` / `BOOLEAN`,
//!   a certificate `BLOB` on MySQL / `TEXT` on PostgreSQL, JSON `JSON` / `JSONB`.
//!
//! In the model these are the forms `model/jans` already uses: portable `varchar(n)`, `text`,
//! `integer`, `boolean`, `timestamp`, `json`, the product's `type_overrides` making MySQL's
//! `DATETIME(3)`, `SMALLINT` and `TEXT`, and a column override where one column differs
//! (`TINYTEXT`, a certificate's `BLOB`). The other dialects get the portable type's mapping.
//!
//! The module file is edited as text: each new column is inserted after the last entry of its
//! table's `columns:` list and the rest of the file is left byte for byte; the edited model is
//! loaded and validated from a scratch copy before anything is written.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use crate::model::{
    Column, ColumnOverride, Diagnostic, Diagnostics, DialectName, Ident, Model, PortableType, Pos,
};

/// Object classes whose attributes Janssen stores as columns of another table: the auxiliary
/// class `jansCustomPerson` has no table of its own. Janssen's "Custom Claims" page (URL above)
/// adds a new claim to `jansCustomPerson` on LDAP and, on MySQL, as a column of `jansPerson`
/// (`ALTER TABLE jansPerson ADD COLUMN`); seed 003's `jansCustomPerson` attributes
/// `departmentNumber` and `telephoneNumber` are columns of jansPerson in Janssen's setup and
/// in model/jans.
const FOLDED_OBJECT_CLASSES: &[(&str, &str)] = &[("jansCustomPerson", "jansPerson")];

/// The size Janssen's setup gives a string attribute without one (LDAP directory-string
/// syntax 1.3.6.1.4.1.1466.115.121.1.15 in ldap_sql_data_type_mapping.json).
const DEFAULT_STRING_SIZE: u32 = 64;
/// Up to this size a string attribute is `VARCHAR(n)` in Janssen's setup.
const MAX_VARCHAR_SIZE: u32 = 127;
/// Up to this size (and above 127) a string attribute is `TINYTEXT` on MySQL, `TEXT` elsewhere.
const MAX_TINYTEXT_SIZE: u32 = 255;

/// One attribute as the config API returns it (only the fields that make a column).
#[derive(Debug, Clone)]
pub struct Attribute {
    pub name: String,
    pub display_name: Option<String>,
    pub description: Option<String>,
    pub origin: String,
    pub data_type: String,
    pub multivalued: bool,
    /// `attributeValidation.maxLength`, when the attribute has one.
    pub max_length: Option<u32>,
    /// Where the attribute's `name` is in its JSON file.
    pub pos: Pos,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawAttribute {
    name: Option<String>,
    display_name: Option<String>,
    description: Option<String>,
    origin: Option<String>,
    data_type: Option<String>,
    ox_multi_valued_attribute: Option<bool>,
    jans_multivalued_attr: Option<bool>,
    attribute_validation: Option<RawValidation>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawValidation {
    max_length: Option<u32>,
}

/// Reads one attribute, an array of them, or the paginated `{"entries": [...]}` object.
pub fn read_attributes(path: &Path) -> Result<Vec<Attribute>, Diagnostics> {
    let file: Arc<Path> = path.into();
    let at_start = || Pos::file_start(&file);
    let text = std::fs::read_to_string(path).map_err(|e| {
        one(Diagnostic::new(
            at_start(),
            "E088",
            format!("cannot read `{}`: {e}", path.display()),
        )
        .help("give the JSON the config API returned (GET /jans-config-api/api/v1/attributes)"))
    })?;
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        let pos = Pos {
            file: file.clone(),
            line: e.line() as u64,
            column: e.column() as u64,
        };
        let message = e.to_string();
        let message = match message.rfind(" at line ") {
            Some(at) => message[..at].to_string(),
            None => message,
        };
        one(Diagnostic::new(
            pos,
            "E088",
            format!("`{}` is not JSON: {message}", path.display()),
        )
        .help("fix the JSON at this position"))
    })?;
    let entries: Vec<serde_json::Value> = match value {
        serde_json::Value::Array(items) => items,
        serde_json::Value::Object(ref map) if map.contains_key("entries") => {
            match &map["entries"] {
                serde_json::Value::Array(items) => items.clone(),
                _ => {
                    return Err(one(Diagnostic::new(
                        at_start(),
                        "E088",
                        format!("`entries` of `{}` is not an array", path.display()),
                    )
                    .help("the paginated answer of the config API has `entries: [...]`")));
                }
            }
        }
        serde_json::Value::Object(_) => vec![value],
        _ => {
            return Err(one(Diagnostic::new(
                at_start(),
                "E088",
                format!(
                    "`{}` holds no attribute: expected an attribute object, an array of them or {{\"entries\": [...]}}",
                    path.display()
                ),
            )
            .help("give the JSON the config API returned (GET /jans-config-api/api/v1/attributes)")));
        }
    };
    let mut positions = NamePositions::new(&text);
    let mut diagnostics = Diagnostics::default();
    let mut attributes = Vec::new();
    for (index, entry) in entries.into_iter().enumerate() {
        let raw: RawAttribute = match serde_json::from_value(entry) {
            Ok(raw) => raw,
            Err(e) => {
                diagnostics.push(
                    Diagnostic::new(
                        at_start(),
                        "E088",
                        format!("attribute {} of `{}`: {e}", index + 1, path.display()),
                    )
                    .help("each attribute is an object with name, origin and dataType"),
                );
                continue;
            }
        };
        let Some(name) = raw.name.filter(|n| !n.is_empty()) else {
            diagnostics.push(
                Diagnostic::new(
                    at_start(),
                    "E088",
                    format!(
                        "attribute {} of `{}` has no `name`",
                        index + 1,
                        path.display()
                    ),
                )
                .help("the attribute's name is the column's name: add it"),
            );
            continue;
        };
        let pos = positions
            .next(&name)
            .map(|(line, column)| Pos {
                file: file.clone(),
                line,
                column,
            })
            .unwrap_or_else(at_start);
        let missing = |what: &str| {
            Diagnostic::new(
                pos.clone(),
                "E088",
                format!("attribute `{name}` has no `{what}`"),
            )
            .help("add it: the config API returns it for every attribute")
        };
        let Some(origin) = raw.origin.filter(|o| !o.is_empty()) else {
            diagnostics.push(missing("origin"));
            continue;
        };
        let Some(data_type) = raw.data_type.filter(|d| !d.is_empty()) else {
            diagnostics.push(missing("dataType"));
            continue;
        };
        attributes.push(Attribute {
            name,
            display_name: raw.display_name.filter(|d| !d.is_empty()),
            description: raw.description.filter(|d| !d.is_empty()),
            origin,
            data_type,
            multivalued: raw.ox_multi_valued_attribute.unwrap_or(false)
                || raw.jans_multivalued_attr.unwrap_or(false),
            max_length: raw.attribute_validation.and_then(|v| v.max_length),
            pos,
        });
    }
    if diagnostics.is_empty() {
        Ok(attributes)
    } else {
        Err(diagnostics)
    }
}

fn one(d: Diagnostic) -> Diagnostics {
    Diagnostics(vec![d])
}

/// Finds where each attribute's `"name": "..."` is in the JSON text, in document order.
struct NamePositions<'a> {
    text: &'a str,
    /// How many times each name was already found.
    seen: HashMap<String, usize>,
}

impl<'a> NamePositions<'a> {
    fn new(text: &'a str) -> Self {
        NamePositions {
            text,
            seen: HashMap::new(),
        }
    }

    /// Line and column (1-based) of the `n`-th `"name": <name>` for the `n`-th call with `name`.
    fn next(&mut self, name: &str) -> Option<(u64, u64)> {
        let wanted = serde_json::to_string(name).ok()?;
        let skip = self.seen.entry(name.to_string()).or_insert(0);
        let mut found = 0;
        let mut from = 0;
        while let Some(at) = self.text[from..].find("\"name\"") {
            let key_at = from + at;
            from = key_at + "\"name\"".len();
            let rest = self.text[from..].trim_start();
            let Some(rest) = rest.strip_prefix(':') else {
                continue;
            };
            let rest = rest.trim_start();
            if rest.starts_with(&wanted) {
                if found == *skip {
                    *skip += 1;
                    let value_at = self.text.len() - rest.len();
                    let before = &self.text[..value_at];
                    let line = before.matches('\n').count() as u64 + 1;
                    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
                    let column = before[line_start..].chars().count() as u64 + 1;
                    return Some((line, column));
                }
                found += 1;
            }
        }
        None
    }
}

/// The columns Janssen's setup writes in a database's own type where the portable type (with
/// the product's `type_overrides`) would give another: the column overrides model/jans has for
/// them, with the same reasons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NativeForm {
    /// A string attribute of 128 to 255 characters.
    ShortText,
    /// A certificate.
    Certificate,
}

const JANSSEN_NATIVE_FORMS: &[(NativeForm, DialectName, &str, &str)] = &[
    (
        NativeForm::ShortText,
        DialectName::Mysql,
        "TINYTEXT",
        "Janssen's setup makes it TINYTEXT (255 bytes)",
    ),
    (
        NativeForm::Certificate,
        DialectName::Mysql,
        "BLOB",
        "Janssen's setup maps the LDAP certificate syntax (1.3.6.1.4.1.1466.115.121.1.8) to BLOB on MySQL (TEXT on PostgreSQL)",
    ),
];

/// The column an attribute becomes: its portable type, and the dialect overrides that make it
/// what Janssen's setup writes there.
#[derive(Debug, Clone)]
pub struct ColumnShape {
    pub portable_type: PortableType,
    pub overrides: BTreeMap<DialectName, ColumnOverride>,
}

/// The column of an attribute, or why it has none.
pub fn column_shape(attribute: &Attribute, model: &Model) -> Result<ColumnShape, String> {
    // A column override for each database where Janssen's setup writes this form natively,
    // where the product ships that database (data, not a branch per dialect).
    let native = |form: NativeForm| {
        JANSSEN_NATIVE_FORMS
            .iter()
            .filter(|(f, dialect, _, _)| *f == form && model.product.targets.contains_key(dialect))
            .map(|(_, dialect, native, reason)| {
                (
                    *dialect,
                    ColumnOverride {
                        portable_type: None,
                        native_type: Some(native.to_string()),
                        nullable: None,
                        default: None,
                        reason: reason.to_string(),
                        pos: attribute.pos.clone(),
                    },
                )
            })
            .collect::<BTreeMap<_, _>>()
    };
    let plain = |t: PortableType| ColumnShape {
        portable_type: t,
        overrides: BTreeMap::new(),
    };
    // "If the attribute is Multivalued, dataType should be JSON regardless of [its] Type."
    if attribute.multivalued {
        return Ok(plain(PortableType::Json));
    }
    Ok(match attribute.data_type.to_ascii_lowercase().as_str() {
        "string" | "text" => {
            let size = attribute.max_length.unwrap_or(DEFAULT_STRING_SIZE).max(1);
            if size <= MAX_VARCHAR_SIZE {
                plain(PortableType::Varchar(size))
            } else if size <= MAX_TINYTEXT_SIZE {
                ColumnShape {
                    portable_type: PortableType::Text,
                    overrides: native(NativeForm::ShortText),
                }
            } else {
                plain(PortableType::Text)
            }
        }
        "numeric" | "integer" => plain(PortableType::Integer),
        "boolean" => plain(PortableType::Boolean),
        "generalizedtime" | "date" | "datetime" => plain(PortableType::Timestamp),
        "json" => plain(PortableType::Json),
        "certificate" => ColumnShape {
            portable_type: PortableType::Text,
            overrides: native(NativeForm::Certificate),
        },
        other => {
            return Err(format!(
                "attribute `{}` has dataType `{other}`, which has no column type: Janssen's setup maps string, numeric, boolean, generalizedTime (date), certificate and json (and any multi-valued attribute) to a column",
                attribute.name
            ));
        }
    })
}

/// Whether an existing column holds what the attribute's column would. A string attribute
/// without `attributeValidation.maxLength` says no size (Janssen's setup takes it from the LDAP
/// syntax, e.g. 20 for a telephone number): any text column holds it; with one, a
/// `varchar(m)` must have m at least that length. A certificate may be text or binary.
fn compatible(existing: &Column, wanted: &ColumnShape, attribute: &Attribute) -> bool {
    let have = existing.portable_type;
    let is_string = matches!(
        attribute.data_type.to_ascii_lowercase().as_str(),
        "string" | "text"
    );
    match wanted.portable_type {
        PortableType::Varchar(_) | PortableType::Text if is_string => match have {
            PortableType::Varchar(m) | PortableType::Char(m) => {
                attribute.max_length.is_none_or(|n| m >= n)
            }
            PortableType::Text => true,
            _ => false,
        },
        PortableType::Text => matches!(have, PortableType::Text | PortableType::Blob),
        PortableType::Integer => have.is_integer() || matches!(have, PortableType::Decimal { .. }),
        PortableType::Boolean => have == PortableType::Boolean,
        PortableType::Timestamp => matches!(have, PortableType::Timestamp | PortableType::Date),
        PortableType::Json => have == PortableType::Json,
        other => have == other,
    }
}

/// What the import does with one attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A new column `column` of `table`, of this type, in `file`.
    Added {
        table: String,
        column: String,
        column_type: String,
        file: String,
    },
    /// The table already has the column, of a compatible type.
    Present {
        table: String,
        column: String,
        column_type: String,
    },
}

/// The edits of one import: each module file's new text, and what happened to each attribute.
pub struct Plan {
    /// Module file (path as the model reads it) → its new text; only files that change.
    pub files: Vec<(PathBuf, String)>,
    pub outcomes: Vec<Outcome>,
}

/// Plans the import of `attributes` into `model`: which columns to add where, and the edited
/// module files, loaded and validated from a scratch copy of the model. `module`: only the
/// tables of that module are looked at.
pub fn plan(
    model: &Model,
    attributes: &[Attribute],
    module: Option<&str>,
) -> Result<Plan, Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    if let Some(m) = module
        && !model.modules.iter().any(|x| x.name == m)
    {
        let names: Vec<&str> = model.modules.iter().map(|x| x.name.as_str()).collect();
        diagnostics.push(
            Diagnostic::new(
                Pos::file_start(&Arc::from(model.dir.join(crate::model::load::PRODUCT_FILE))),
                "E089",
                format!("the model has no module `{m}`"),
            )
            .help(format!("use one of: {}", names.join(", "))),
        );
        return Err(diagnostics);
    }
    // Per (module index, table index): the columns to add, in input order.
    let mut additions: BTreeMap<(usize, usize), Vec<Column>> = BTreeMap::new();
    let mut outcomes = Vec::new();
    for attribute in attributes {
        let table_name = FOLDED_OBJECT_CLASSES
            .iter()
            .find(|(class, _)| *class == attribute.origin)
            .map_or(attribute.origin.as_str(), |(_, table)| table);
        let found = model
            .modules
            .iter()
            .enumerate()
            .filter(|(_, m)| module.is_none_or(|name| m.name == name))
            .find_map(|(mi, m)| {
                m.tables
                    .iter()
                    .position(|t| t.name.name == table_name)
                    .map(|ti| (mi, ti))
            });
        let Some((mi, ti)) = found else {
            let via = if table_name != attribute.origin {
                format!(" (its attributes are columns of `{table_name}`)")
            } else {
                String::new()
            };
            diagnostics.push(
                Diagnostic::new(
                    attribute.pos.clone(),
                    "E089",
                    format!(
                        "attribute `{}` has origin `{}`{via}, which is no table of the model{}",
                        attribute.name,
                        attribute.origin,
                        module.map_or(String::new(), |m| format!("'s module `{m}`"))
                    ),
                )
                .help("the origin is the object class whose table gets the column: add the table to the model, or fix the attribute's origin"),
            );
            continue;
        };
        let shape = match column_shape(attribute, model) {
            Ok(shape) => shape,
            Err(message) => {
                diagnostics.push(
                    Diagnostic::new(attribute.pos.clone(), "E090", message)
                        .help("add the column by hand, or give the attribute a dataType Janssen's setup maps"),
                );
                continue;
            }
        };
        let table = &model.modules[mi].tables[ti];
        let pending = additions.entry((mi, ti)).or_default();
        let existing = table
            .columns
            .iter()
            .chain(pending.iter())
            .find(|c| c.name.name.eq_ignore_ascii_case(&attribute.name));
        if let Some(existing) = existing {
            if !compatible(existing, &shape, attribute) {
                diagnostics.push(
                    Diagnostic::new(
                        attribute.pos.clone(),
                        "E091",
                        format!(
                            "attribute `{}` ({}{}) is already column `{}.{}` of type `{}` (at {}), which cannot hold it as `{}`",
                            attribute.name,
                            attribute.data_type,
                            if attribute.multivalued { ", multi-valued" } else { "" },
                            table.name.name,
                            existing.name.name,
                            existing.portable_type,
                            existing.type_pos,
                            shape.portable_type
                        ),
                    )
                    .help("change the column's type in the model (a migration), or fix the attribute"),
                );
            } else {
                outcomes.push(Outcome::Present {
                    table: table.name.name.clone(),
                    column: existing.name.name.clone(),
                    column_type: existing.portable_type.to_string(),
                });
            }
            continue;
        }
        let description = attribute
            .description
            .clone()
            .or_else(|| attribute.display_name.clone());
        let ident = Ident {
            name: attribute.name.clone(),
            pos: attribute.pos.clone(),
        };
        pending.push(Column {
            name: ident,
            renamed_from: None,
            portable_type: shape.portable_type,
            type_pos: attribute.pos.clone(),
            nullable: true,
            default: None,
            default_pos: attribute.pos.clone(),
            auto_increment: false,
            description,
            description_pos: attribute.pos.clone(),
            sensitive: false,
            overrides: shape.overrides,
            allowed_values: None,
            allowed_values_pos: Vec::new(),
            added_in: None,
            fill: None,
            fill_pos: attribute.pos.clone(),
            allow: Vec::new(),
        });
        outcomes.push(Outcome::Added {
            table: table.name.name.clone(),
            column: attribute.name.clone(),
            column_type: shape.portable_type.to_string(),
            file: model.modules[mi].file.clone(),
        });
    }
    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }
    let mut texts: BTreeMap<usize, String> = BTreeMap::new();
    // Later tables first, so that earlier insertions do not move the lines of later ones.
    for ((mi, ti), columns) in additions.iter().rev() {
        if columns.is_empty() {
            continue;
        }
        let module = &model.modules[*mi];
        let text = match texts.get(mi) {
            Some(t) => t.clone(),
            None => std::fs::read_to_string(model.dir.join(&module.file)).map_err(|e| {
                one(Diagnostic::new(
                    Pos::file_start(&Arc::from(model.dir.join(&module.file))),
                    "E092",
                    format!("cannot read `{}`: {e}", module.file),
                ))
            })?,
        };
        let edited = insert_columns(&text, &module.tables[*ti], columns).map_err(one)?;
        texts.insert(*mi, edited);
    }
    let files: Vec<(PathBuf, String)> = texts
        .into_iter()
        .map(|(mi, text)| (model.dir.join(&model.modules[mi].file), text))
        .collect();
    if !files.is_empty() {
        check_edited(model, &files, &outcomes)?;
    }
    Ok(Plan { files, outcomes })
}

/// `text` with `columns` inserted after the last entry of `table`'s `columns:` list, each as
/// [`super::yaml::column_entry`] writes it, at the list's indentation.
fn insert_columns(
    text: &str,
    table: &crate::model::Table,
    columns: &[Column],
) -> Result<String, Diagnostic> {
    let refuse = |pos: &Pos, why: &str| {
        Diagnostic::new(
            pos.clone(),
            "E092",
            format!(
                "cannot add columns to table `{}` in place: {why}",
                table.name.name
            ),
        )
        .help("write the table's columns as a block list (`columns:` then one `- ...` entry per column), as model/README.md shows")
    };
    let (Some(first), Some(last)) = (table.columns.first(), table.columns.last()) else {
        return Err(refuse(&table.name.pos, "it has no columns"));
    };
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let line_of =
        |pos: &Pos| -> Option<&str> { lines.get((pos.line as usize).checked_sub(1)?).copied() };
    // The dash of an entry: the first thing on the line of its `name`.
    let dash_indent = |pos: &Pos| -> Option<usize> {
        let line = line_of(pos)?;
        let trimmed = line.trim_start_matches(' ');
        trimmed
            .starts_with("- ")
            .then(|| line.len() - trimmed.len())
    };
    let Some(indent) = dash_indent(&first.name.pos) else {
        return Err(refuse(
            &first.name.pos,
            "its first column does not start a `- ` line of a block list",
        ));
    };
    if dash_indent(&last.name.pos) != Some(indent) {
        return Err(refuse(
            &last.name.pos,
            "its last column does not start a `- ` line at the list's indentation",
        ));
    }
    // The last entry ends before the first non-blank line indented no deeper than its dash.
    let start = last.name.pos.line as usize; // the line after the entry's first (0-based index)
    let mut end = start;
    for (i, line) in lines.iter().enumerate().skip(start) {
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim().is_empty() {
            continue;
        }
        let depth = content.len() - content.trim_start_matches(' ').len();
        if depth <= indent {
            break;
        }
        end = i + 1;
    }
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut entries = String::new();
    for c in columns {
        for line in super::yaml::column_entry(c).lines() {
            // column_entry puts the dash at six spaces.
            let body = line.strip_prefix("      ").unwrap_or(line);
            entries.push_str(&" ".repeat(indent));
            entries.push_str(body);
            entries.push_str(newline);
        }
    }
    let mut out = String::with_capacity(text.len() + entries.len());
    for line in &lines[..end] {
        out.push_str(line);
    }
    if !out.ends_with('\n') {
        out.push_str(newline);
    }
    out.push_str(&entries);
    for line in &lines[end..] {
        out.push_str(line);
    }
    Ok(out)
}

/// Loads the model with the edited files from a scratch copy: it must validate and have every
/// added column, of its type, in its table.
fn check_edited(
    model: &Model,
    files: &[(PathBuf, String)],
    outcomes: &[Outcome],
) -> Result<(), Diagnostics> {
    let fail = |message: String| {
        one(Diagnostic::new(
            Pos::file_start(&Arc::from(model.dir.join(crate::model::load::PRODUCT_FILE))),
            "E092",
            message,
        ))
    };
    let scratch =
        tempfile::tempdir().map_err(|e| fail(format!("cannot create a scratch directory: {e}")))?;
    let mut copy = vec![crate::model::load::PRODUCT_FILE.to_string()];
    copy.extend(model.modules.iter().map(|m| m.file.clone()));
    for relative in copy {
        let from = model.dir.join(&relative);
        let to = scratch.path().join(&relative);
        let text = match files.iter().find(|(p, _)| *p == from) {
            Some((_, t)) => t.clone(),
            None => std::fs::read_to_string(&from)
                .map_err(|e| fail(format!("cannot read `{}`: {e}", from.display())))?,
        };
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| fail(format!("cannot write the scratch copy: {e}")))?;
        }
        std::fs::write(&to, text)
            .map_err(|e| fail(format!("cannot write the scratch copy: {e}")))?;
    }
    let reloaded = match crate::model::load(scratch.path()) {
        Ok(m) => m,
        Err(diagnostics) => {
            // Positions as they will read in the model directory.
            let scratch_dir = scratch.path();
            let mut moved = Diagnostics::default();
            for d in diagnostics.iter() {
                let mut d = d.clone();
                if let Ok(rest) = d.pos.file.strip_prefix(scratch_dir) {
                    d.pos.file = Arc::from(model.dir.join(rest));
                }
                d.message = format!("after the import: {}", d.message);
                moved.push(d);
            }
            let mut all = vec![Diagnostic::new(
                Pos::file_start(&Arc::from(model.dir.join(crate::model::load::PRODUCT_FILE))),
                "E092",
                "the model with the imported columns does not validate (errors below, as they would read after the import); nothing written",
            )
            .help("fix the model or the attributes, then import again")];
            all.extend(moved.0);
            return Err(Diagnostics(all));
        }
    };
    for outcome in outcomes {
        let Outcome::Added {
            table,
            column,
            column_type,
            ..
        } = outcome
        else {
            continue;
        };
        let has = reloaded
            .modules
            .iter()
            .flat_map(|m| &m.tables)
            .find(|t| t.name.name == *table)
            .and_then(|t| t.column(column))
            .is_some_and(|c| c.portable_type.to_string() == *column_type);
        if !has {
            return Err(fail(format!(
                "the edited model lacks the column `{table}.{column}` ({column_type}) it was to get (the module file's layout?); nothing written"
            )));
        }
    }
    Ok(())
}

/// Writes each edited file atomically: a temporary file beside it, flushed, renamed over it.
pub fn write(plan: &Plan) -> std::io::Result<()> {
    use std::io::Write;
    for (path, text) in &plan.files {
        let dir = path.parent().unwrap_or(Path::new("."));
        let mut temp = tempfile::Builder::new()
            .prefix(".schemagen-tmp-")
            .tempfile_in(dir)?;
        temp.write_all(text.as_bytes())?;
        temp.as_file().sync_all()?;
        if let Ok(meta) = std::fs::metadata(path) {
            temp.as_file().set_permissions(meta.permissions())?;
        }
        temp.persist(path).map_err(|e| e.error)?;
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(name: &str, line: u64) -> Column {
        let pos = Pos {
            file: Arc::from(Path::new("m.yaml")),
            line,
            column: 15,
        };
        Column {
            name: Ident {
                name: name.to_string(),
                pos: pos.clone(),
            },
            renamed_from: None,
            portable_type: PortableType::Integer,
            type_pos: pos.clone(),
            nullable: true,
            default: None,
            default_pos: pos.clone(),
            auto_increment: false,
            description: None,
            description_pos: pos.clone(),
            sensitive: false,
            overrides: BTreeMap::new(),
            allowed_values: None,
            allowed_values_pos: Vec::new(),
            added_in: None,
            fill: None,
            fill_pos: pos.clone(),
            allow: Vec::new(),
        }
    }

    fn table(columns: Vec<Column>) -> crate::model::Table {
        crate::model::Table {
            name: columns[0].name.clone(),
            renamed_from: None,
            description: None,
            description_pos: columns[0].name.pos.clone(),
            columns,
            primary_key: None,
            uniques: Vec::new(),
            indexes: Vec::new(),
            foreign_keys: Vec::new(),
            only_dialects: None,
            storage: BTreeMap::new(),
            rows: Vec::new(),
            added_in: None,
            allow: Vec::new(),
        }
    }

    #[test]
    fn a_column_goes_after_a_block_entry_and_its_folded_description() {
        let text = "tables:\n  - name: t\n    columns:\n      - {name: a, type: integer}\n      - name: b\n        type: integer\n        description: >-\n          long\n\n          text\n\n    # the key\n    primary_key: [a]\n";
        let t = table(vec![column("a", 4), column("b", 5)]);
        let out = insert_columns(text, &t, &[column("c", 0)]).unwrap();
        assert_eq!(
            out,
            text.replace(
                "          text\n",
                "          text\n      - {name: c, type: integer}\n"
            )
        );
    }

    #[test]
    fn the_list_indentation_and_line_endings_are_kept() {
        let text = "tables:\r\n- name: t\r\n  columns:\r\n  - {name: a, type: integer}\r\n";
        let t = table(vec![column("a", 4)]);
        let out = insert_columns(text, &t, &[column("c", 0)]).unwrap();
        assert_eq!(out, format!("{text}  - {{name: c, type: integer}}\r\n"));
    }

    #[test]
    fn a_flow_list_of_columns_is_refused() {
        let text = "tables:\n  - name: t\n    columns: [{name: a, type: integer}]\n";
        let t = table(vec![column("a", 3)]);
        let err = insert_columns(text, &t, &[column("c", 0)]).unwrap_err();
        assert_eq!(err.code, "E092");
        assert!(err.message.contains("block list"), "{}", err.message);
    }

    #[test]
    fn names_are_found_in_document_order() {
        let text =
            "[{\"name\": \"a\"},\n {\"name\" : \"b\"}, {\"displayName\": \"x\", \"name\": \"a\"}]";
        let mut p = NamePositions::new(text);
        assert_eq!(p.next("a"), Some((1, 11)));
        assert_eq!(p.next("b"), Some((2, 12)));
        assert_eq!(p.next("a"), Some((2, 47)));
        assert_eq!(p.next("a"), None);
    }
}
