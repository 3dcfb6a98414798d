//! `schemagen export access-governance`: the model's identity tables as the `schema.json` that
//! Oracle Access Governance's agent keeps for a "Database Application Tables (Oracle)"
//! orchestrated system (seed 004, "Schema JSON File Reference").
//!
//! The mapping is declared once per product, in `access-governance.yaml` beside product.yaml
//! (JSON Schema: `model/access-governance.schema.json`, `schemagen schema access-governance`):
//! the account table (written as the ACCOUNT entity, an Access Governance identity, and as
//! TARGETACCOUNT, its accounts), the entitlement and lookup tables, and which column feeds
//! which Access Governance attribute. Everything else comes from the model:
//!
//! - every column of a mapped table is listed, in the table's order; a column no attribute is
//!   mapped to has an empty `name`, as the agent writes it, so that it can be switched on;
//! - `targetName` is the column as the Oracle catalog holds it (the Oracle dialect's name for
//!   it under the product's quoting policy: what the agent reads from the database), except for
//!   the attributes the agent maps itself: `uid` → `__UID__`, `name` → `__NAME__`, `status` →
//!   `__ENABLE__`, `password` → `__PASSWORD__`;
//! - `dataType`: a core identity attribute's own type (TEXT; `status` FLAG), else from the
//!   portable type: text and JSON TEXT, integers and `decimal(p,0)` NUMBER, other decimals and
//!   doubles DECIMAL_NUMBER, boolean FLAG, date and timestamp DATE;
//! - `nature`: REQUIRED for a NOT NULL column (in Oracle), MULTIVALUED for a JSON column (the
//!   models keep multi-valued attributes as JSON) and for a relation through a join table,
//!   SENSITIVE for a `sensitive` column;
//! - `usage`: READ; on TARGETACCOUNT READ and PROVISION for the mapped attributes (READ only
//!   for a column the database fills); the password PROVISION only on TARGETACCOUNT, nothing on
//!   ACCOUNT (as in the seed);
//! - `relationship`: from the model's foreign keys: a column with a foreign key to another
//!   mapped entity's table relates to that entity by itself; an attribute mapped `via` a join
//!   table (one foreign key to this entity's table, one to another entity's) is multi-valued,
//!   related by the join table's column, with its other columns as `relationshipProperties`;
//! - `uiProperties` only on TARGETACCOUNT (the seed: not for the other types), for the mapped
//!   attributes: the widget from the type, `maxLength` from `varchar(n)`, the column's default.
//!
//! Checked against the model, with the mapping file's position: a table, column or join table
//! the model lacks (E093, error); a REQUIRED core attribute (`uid`, `name`; on the account also
//! `email`, `displayName`) on a nullable column (E094, warning: rows without a value fail the
//! data load); the password on a column not marked `sensitive` (E095, error).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use crate::dialect::{DialectName, names};
use crate::model::{
    Column, DefaultValue, Diagnostic, Diagnostics, ForeignKey, Model, PortableType, Pos, Table,
};

/// The mapping file in a product directory.
pub const MAPPING_FILE: &str = "access-governance.yaml";

/// `access-governance.yaml`: which tables and columns of the product Oracle Access Governance
/// reads, and as what.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "schemagen Access Governance mapping")]
pub struct MappingFile {
    /// The table of the people: written as the ACCOUNT entity (an Access Governance identity)
    /// and as TARGETACCOUNT (the accounts Access Governance provisions).
    pub account: AccountMapping,
    /// Tables of permissions (roles, groups): ENTITLEMENT entities.
    #[serde(default)]
    pub entitlements: Vec<EntityMapping>,
    /// Tables of values other tables refer to (countries, departments): LOOKUP entities.
    #[serde(default)]
    pub lookups: Vec<EntityMapping>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountMapping {
    /// The account table, as the model names it.
    #[schemars(with = "String")]
    pub table: Spanned<String>,
    /// The ACCOUNT entity's display name; default `Account`.
    #[serde(default)]
    pub display_name: Option<String>,
    /// The TARGETACCOUNT entity's display name; default `Target account`.
    #[serde(default)]
    pub target_display_name: Option<String>,
    /// Access Governance attributes and the columns that feed them.
    pub attributes: Vec<AttributeMapping>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EntityMapping {
    /// The entity's name in Access Governance, e.g. `ROLE`.
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    /// Default: the name.
    #[serde(default)]
    pub display_name: Option<String>,
    /// The table, as the model names it.
    #[schemars(with = "String")]
    pub table: Spanned<String>,
    /// Access Governance attributes and the columns that feed them.
    pub attributes: Vec<AttributeMapping>,
}

/// One Access Governance attribute: a column of the entity's table, or (`via`) the rows of a
/// join table that relates the entity to another.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AttributeMapping {
    /// The attribute on the Access Governance side: a core identity attribute (`uid`, `name`,
    /// `email`, `firstName`, `lastName`, `displayName`, `status`, ...), `password`, or a
    /// custom attribute's name.
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    /// The column of the entity's table.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub column: Option<Spanned<String>>,
    /// A join table with a foreign key to the entity's table and one to another mapped
    /// entity's table (e.g. WSO2's UM_USER_ROLE): a multi-valued relation.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub via: Option<Spanned<String>>,
    /// The attribute's display name; default empty (Access Governance then shows the name).
    #[serde(default)]
    pub display_name: Option<String>,
}

/// Access Governance's core identity attributes (seed 004, "Core Identity Attributes"), with
/// their data type.
const CORE_ATTRIBUTES: &[(&str, &str)] = &[
    ("uid", "TEXT"),
    ("name", "TEXT"),
    ("email", "TEXT"),
    ("firstName", "TEXT"),
    ("middleName", "TEXT"),
    ("lastName", "TEXT"),
    ("displayName", "TEXT"),
    ("employeeType", "TEXT"),
    ("title", "TEXT"),
    ("empNo", "TEXT"),
    ("status", "FLAG"),
    ("jobCode", "TEXT"),
    ("state", "TEXT"),
    ("risk", "TEXT"),
    ("location", "TEXT"),
    ("department", "TEXT"),
    ("managerUid", "TEXT"),
    ("managerLogin", "TEXT"),
    ("organizationUid", "TEXT"),
    ("organizationName", "TEXT"),
    ("country", "TEXT"),
    ("postalCode", "TEXT"),
    ("territory", "TEXT"),
];

/// The core attributes whose `nature` is REQUIRED (the column must be NOT NULL); the first two
/// on every entity (the seed's LOOKUP has them REQUIRED too), all on the account.
const REQUIRED_EVERYWHERE: &[&str] = &["uid", "name"];
const REQUIRED_ON_ACCOUNT: &[&str] = &["uid", "name", "email", "displayName"];

/// The attributes the agent maps to its own targets.
const SPECIAL_TARGETS: &[(&str, &str)] = &[
    ("uid", "__UID__"),
    ("name", "__NAME__"),
    ("status", "__ENABLE__"),
    ("password", "__PASSWORD__"),
];

const PASSWORD: &str = "password";

/// The `schema.json` document.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SchemaJson {
    pub schema_templates: Vec<Template>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Template {
    #[serde(rename = "type")]
    pub entity_type: &'static str,
    pub name: String,
    pub display_name: String,
    pub attributes: Vec<Attribute>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Attribute {
    pub name: String,
    pub target_name: String,
    pub display_name: String,
    pub data_type: &'static str,
    pub nature: Vec<&'static str>,
    pub usage: Vec<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relationship: Option<Relationship>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ui_properties: Option<UiProperties>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Relationship {
    pub related_to: String,
    pub related_by: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub relationship_properties: Vec<RelationshipProperty>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RelationshipProperty {
    pub name: String,
    pub data_type: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UiProperties {
    pub input_type: &'static str,
    pub widget: &'static str,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label_hint: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u32>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub default_values: Vec<String>,
}

/// An export: the document, its pretty-printed text, and the warnings (E094).
pub struct Export {
    pub schema: SchemaJson,
    /// Pretty-printed JSON with a final newline; the same model gives the same bytes.
    pub json: String,
    pub warnings: Vec<Diagnostic>,
}

/// An export refused: the errors, and the warnings found as well.
#[derive(Debug)]
pub struct Rejected {
    pub errors: Diagnostics,
    pub warnings: Vec<Diagnostic>,
}

impl From<Diagnostics> for Rejected {
    fn from(errors: Diagnostics) -> Self {
        Rejected {
            errors,
            warnings: Vec::new(),
        }
    }
}

/// The entity kinds, as their templates are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Account,
    TargetAccount,
    Entitlement,
    Lookup,
}

impl Kind {
    fn word(self) -> &'static str {
        match self {
            Kind::Account => "ACCOUNT",
            Kind::TargetAccount => "TARGETACCOUNT",
            Kind::Entitlement => "ENTITLEMENT",
            Kind::Lookup => "LOOKUP",
        }
    }

    fn is_account(self) -> bool {
        matches!(self, Kind::Account | Kind::TargetAccount)
    }
}

/// Reads `MODEL_DIR/access-governance.yaml` and writes the model as a schema.json.
pub fn export(model: &Model) -> Result<Export, Rejected> {
    let path = model.dir.join(MAPPING_FILE);
    if !path.is_file() {
        let product: Arc<Path> = model.dir.join(crate::model::load::PRODUCT_FILE).into();
        return Err(Diagnostics(vec![
            Diagnostic::new(
                Pos::file_start(&product),
                "E093",
                format!(
                    "the product has no Access Governance mapping: `{}` does not exist",
                    path.display()
                ),
            )
            .help(format!(
                "declare the account, entitlement and lookup tables in {MAPPING_FILE} beside product.yaml (README: Integrations)"
            )),
        ])
        .into());
    }
    let (_, mapping) = crate::model::load::parse_yaml::<MappingFile>(&path)?;
    export_mapping(model, &mapping, &path.into())
}

/// One entity to write: its kind, name, table and attributes as mapped.
struct Entity<'m> {
    kind: Kind,
    name: String,
    display_name: String,
    table: &'m Table,
    attributes: &'m [AttributeMapping],
}

/// The model as a schema.json after `mapping` (read from `file`).
pub fn export_mapping(
    model: &Model,
    mapping: &MappingFile,
    file: &Arc<Path>,
) -> Result<Export, Rejected> {
    let at = |s: &Spanned<String>| Pos::new(file, s.referenced);
    let mut errors = Diagnostics::default();
    let mut warnings = Vec::new();
    let tables: BTreeMap<&str, &Table> = model
        .modules
        .iter()
        .flat_map(|m| &m.tables)
        .map(|t| (t.name.name.as_str(), t))
        .collect();
    let find_table = |name: &Spanned<String>, errors: &mut Diagnostics| -> Option<&Table> {
        match tables.get(name.value.as_str()) {
            Some(t) if t.exists_in(DialectName::Oracle) => Some(t),
            Some(_) => {
                errors.push(
                    Diagnostic::new(
                        at(name),
                        "E093",
                        format!(
                            "table `{}` is not in the product's Oracle scripts (only_dialects), so the agent cannot read it",
                            name.value
                        ),
                    )
                    .help("map a table the Oracle scripts create"),
                );
                None
            }
            None => {
                errors.push(
                    Diagnostic::new(
                        at(name),
                        "E093",
                        format!("the model has no table `{}`", name.value),
                    )
                    .help("use a table of the model (names are case-sensitive)"),
                );
                None
            }
        }
    };

    let mut entities: Vec<Entity> = Vec::new();
    if let Some(table) = find_table(&mapping.account.table, &mut errors) {
        for (kind, display, default) in [
            (Kind::Account, &mapping.account.display_name, "Account"),
            (
                Kind::TargetAccount,
                &mapping.account.target_display_name,
                "Target account",
            ),
        ] {
            entities.push(Entity {
                kind,
                name: kind.word().to_string(),
                display_name: display.clone().unwrap_or_else(|| default.to_string()),
                table,
                attributes: &mapping.account.attributes,
            });
        }
    }
    let mut names_seen: BTreeSet<String> =
        ["ACCOUNT".to_string(), "TARGETACCOUNT".to_string()].into();
    for (kind, list) in [
        (Kind::Entitlement, &mapping.entitlements),
        (Kind::Lookup, &mapping.lookups),
    ] {
        for e in list {
            if !names_seen.insert(e.name.value.clone()) {
                errors.push(
                    Diagnostic::new(
                        at(&e.name),
                        "E093",
                        format!("entity name `{}` is used twice", e.name.value),
                    )
                    .help("give each entity its own name (ACCOUNT and TARGETACCOUNT are the account's)"),
                );
                continue;
            }
            if let Some(table) = find_table(&e.table, &mut errors) {
                entities.push(Entity {
                    kind,
                    name: e.name.value.clone(),
                    display_name: e
                        .display_name
                        .clone()
                        .unwrap_or_else(|| e.name.value.clone()),
                    table,
                    attributes: &e.attributes,
                });
            }
        }
    }
    // Which entity each table is (the account's: ACCOUNT), for relationships.
    let mut entity_of_table: BTreeMap<&str, &str> = BTreeMap::new();
    for e in &entities {
        if e.kind != Kind::TargetAccount {
            entity_of_table
                .entry(e.table.name.name.as_str())
                .or_insert(e.name.as_str());
        }
    }

    let oracle = DialectName::Oracle.implementation();
    let stored = |name: &str| names::stored(oracle, model.product.identifiers, name);
    let mut templates = Vec::new();
    for entity in &entities {
        // The mapping checks are reported once, on ACCOUNT, not again on TARGETACCOUNT.
        let report = entity.kind != Kind::TargetAccount;
        let mut by_column: BTreeMap<&str, &AttributeMapping> = BTreeMap::new();
        let mut vias: Vec<(&AttributeMapping, &Table)> = Vec::new();
        let mut seen_names: BTreeSet<&str> = BTreeSet::new();
        for a in entity.attributes {
            if !seen_names.insert(a.name.value.as_str()) {
                if report {
                    errors.push(
                        Diagnostic::new(
                            at(&a.name),
                            "E093",
                            format!(
                                "attribute `{}` is mapped twice in entity {}",
                                a.name.value, entity.name
                            ),
                        )
                        .help("map each attribute once"),
                    );
                }
                continue;
            }
            match (&a.column, &a.via) {
                (Some(column), None) => {
                    let Some(c) = entity.table.column(&column.value) else {
                        if report {
                            errors.push(
                                Diagnostic::new(
                                    at(column),
                                    "E093",
                                    format!(
                                        "attribute `{}` is mapped to column `{}.{}`, which the model does not have",
                                        a.name.value, entity.table.name.name, column.value
                                    ),
                                )
                                .help(format!(
                                    "use a column of `{}` (names are case-sensitive)",
                                    entity.table.name.name
                                )),
                            );
                        }
                        continue;
                    };
                    if by_column.insert(column.value.as_str(), a).is_some() {
                        if report {
                            errors.push(
                                Diagnostic::new(
                                    at(column),
                                    "E093",
                                    format!(
                                        "column `{}.{}` feeds two attributes of entity {}",
                                        entity.table.name.name, column.value, entity.name
                                    ),
                                )
                                .help("map each column once"),
                            );
                        }
                        continue;
                    }
                    if report {
                        check_column(entity, a, c, &at, &mut errors, &mut warnings);
                    }
                }
                (None, Some(via)) => match tables.get(via.value.as_str()) {
                    Some(join) if join.exists_in(DialectName::Oracle) => {
                        if a.name.value == PASSWORD && report {
                            errors.push(
                                Diagnostic::new(
                                    at(via),
                                    "E093",
                                    "the password is a column of the account table, not a join table",
                                )
                                .help("map `password` with `column:`"),
                            );
                            continue;
                        }
                        vias.push((a, join));
                    }
                    _ => {
                        if report {
                            errors.push(
                                Diagnostic::new(
                                    at(via),
                                    "E093",
                                    format!(
                                        "attribute `{}` is mapped via join table `{}`, which the model (or its Oracle script) does not have",
                                        a.name.value, via.value
                                    ),
                                )
                                .help("use a table of the model with foreign keys to both entities' tables"),
                            );
                        }
                    }
                },
                _ => {
                    if report {
                        errors.push(
                            Diagnostic::new(
                                at(&a.name),
                                "E093",
                                format!(
                                    "attribute `{}` needs exactly one of `column:` and `via:`",
                                    a.name.value
                                ),
                            )
                            .help("`column:` for a column of the entity's table, `via:` for a join table"),
                        );
                    }
                }
            }
        }

        let mut attributes = Vec::new();
        for c in &entity.table.columns {
            let mapped = by_column.get(c.name.name.as_str()).copied();
            attributes.push(column_attribute(
                entity,
                c,
                mapped,
                &stored,
                &entity_of_table,
                model,
            ));
        }
        for (a, join) in vias {
            match via_attribute(entity, a, join, &stored, &entity_of_table) {
                Ok(attribute) => attributes.push(attribute),
                Err(message) => {
                    if report {
                        let via = a.via.as_ref().expect("a via mapping");
                        errors.push(Diagnostic::new(at(via), "E093", message).help(
                            "a join table needs a foreign key to this entity's table and one to another mapped entity's table",
                        ));
                    }
                }
            }
        }
        templates.push(Template {
            entity_type: entity.kind.word(),
            name: entity.name.clone(),
            display_name: entity.display_name.clone(),
            attributes,
        });
    }
    warnings.sort_by(|a: &Diagnostic, b: &Diagnostic| {
        (a.pos.line, a.pos.column).cmp(&(b.pos.line, b.pos.column))
    });
    if !errors.is_empty() {
        return Err(Rejected {
            errors: errors.sorted(),
            warnings,
        });
    }
    let schema = SchemaJson {
        schema_templates: templates,
    };
    let json = serde_json::to_string_pretty(&schema).expect("a schema.json serializes") + "\n";
    Ok(Export {
        schema,
        json,
        warnings,
    })
}

/// E094 and E095 for one mapped column.
fn check_column(
    entity: &Entity,
    a: &AttributeMapping,
    c: &Column,
    at: &dyn Fn(&Spanned<String>) -> Pos,
    errors: &mut Diagnostics,
    warnings: &mut Vec<Diagnostic>,
) {
    let name = a.name.value.as_str();
    let column = a.column.as_ref().expect("a column mapping");
    let required = if entity.kind.is_account() {
        REQUIRED_ON_ACCOUNT
    } else {
        REQUIRED_EVERYWHERE
    };
    if required.contains(&name) && c.nullable_in(DialectName::Oracle) {
        warnings.push(
            Diagnostic::warning(
                at(column),
                "E094",
                format!(
                    "`{name}` is a REQUIRED core attribute of Access Governance, but column `{}.{}` (at {}) may be NULL: rows without a value fail the data load",
                    entity.table.name.name, c.name.name, c.name.pos
                ),
            )
            .help("make the column `nullable: false` in the model, or map the attribute to a NOT NULL column"),
        );
    }
    if name == PASSWORD && !c.sensitive {
        errors.push(
            Diagnostic::new(
                at(column),
                "E095",
                format!(
                    "`password` is mapped to column `{}.{}` (at {}), which is not marked `sensitive`",
                    entity.table.name.name, c.name.name, c.name.pos
                ),
            )
            .help("mark the column `sensitive: true` in the model (Access Governance then treats it as SENSITIVE), or map another column"),
        );
    }
}

fn special_target(name: &str) -> Option<&'static str> {
    SPECIAL_TARGETS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| *t)
}

fn core_type(name: &str) -> Option<&'static str> {
    CORE_ATTRIBUTES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| *t)
}

/// Access Governance's data type of a portable type.
fn data_type(t: PortableType) -> &'static str {
    match t {
        PortableType::Varchar(_)
        | PortableType::Char(_)
        | PortableType::Text
        | PortableType::Json
        | PortableType::Blob => "TEXT",
        PortableType::SmallInt | PortableType::Integer | PortableType::BigInt => "NUMBER",
        PortableType::Decimal { scale: 0, .. } => "NUMBER",
        PortableType::Decimal { .. } | PortableType::Double => "DECIMAL_NUMBER",
        PortableType::Boolean => "FLAG",
        PortableType::Date | PortableType::Timestamp => "DATE",
    }
}

/// The column's portable type as Oracle sees it (a column override's portable type first).
fn oracle_type(c: &Column, model: &Model) -> PortableType {
    c.for_dialect(&model.product, DialectName::Oracle)
        .portable_type
        .unwrap_or(c.portable_type)
}

fn column_attribute(
    entity: &Entity,
    c: &Column,
    mapped: Option<&AttributeMapping>,
    stored: &dyn Fn(&str) -> String,
    entity_of_table: &BTreeMap<&str, &str>,
    model: &Model,
) -> Attribute {
    let portable = oracle_type(c, model);
    let ag_name = mapped.map(|a| a.name.value.as_str()).unwrap_or("");
    let target_name = mapped
        .and_then(|_| special_target(ag_name))
        .map(str::to_string)
        .unwrap_or_else(|| stored(&c.name.name));
    let data_type = mapped
        .and_then(|_| core_type(ag_name))
        .unwrap_or_else(|| data_type(portable));
    let mut nature = Vec::new();
    if !c.nullable_in(DialectName::Oracle) {
        nature.push("REQUIRED");
    }
    if portable == PortableType::Json {
        nature.push("MULTIVALUED");
    }
    if c.sensitive {
        nature.push("SENSITIVE");
    }
    let password = mapped.is_some() && ag_name == PASSWORD;
    let usage = match (entity.kind, mapped.is_some()) {
        (Kind::Account, _) if password => vec![],
        (Kind::TargetAccount, true) if password => vec!["PROVISION"],
        (Kind::TargetAccount, true) if !c.auto_increment => vec!["READ", "PROVISION"],
        _ => vec!["READ"],
    };
    // A foreign key from this column (its first) to another entity's table.
    let relationship = c_foreign_key(entity.table, c)
        .and_then(|fk| {
            entity_of_table
                .get(fk.ref_table.name.as_str())
                .filter(|_| fk.ref_table.name != entity.table.name.name)
        })
        .map(|related| Relationship {
            related_to: related.to_string(),
            related_by: stored(&c.name.name),
            relationship_properties: Vec::new(),
        });
    let ui_properties = (entity.kind == Kind::TargetAccount)
        .then_some(mapped)
        .flatten()
        .map(|a| UiProperties {
            input_type: if c.auto_increment { "Auto" } else { "User" },
            widget: widget(c, portable, password, data_type),
            title: a
                .display_name
                .clone()
                .unwrap_or_else(|| a.name.value.clone()),
            label_hint: c.description.clone(),
            max_length: match portable {
                PortableType::Varchar(n) | PortableType::Char(n) => Some(n),
                _ => None,
            },
            default_values: c.default.iter().filter_map(default_text).collect(),
        });
    Attribute {
        name: ag_name.to_string(),
        target_name,
        display_name: mapped
            .and_then(|a| a.display_name.clone())
            .unwrap_or_default(),
        data_type,
        nature,
        usage,
        relationship,
        ui_properties,
    }
}

/// The foreign key whose first column is `c`.
fn c_foreign_key<'t>(table: &'t Table, c: &Column) -> Option<&'t ForeignKey> {
    table
        .foreign_keys
        .iter()
        .find(|fk| fk.columns.first().is_some_and(|f| f.name == c.name.name))
}

fn widget(c: &Column, portable: PortableType, password: bool, data_type: &str) -> &'static str {
    if password || c.sensitive {
        "Password"
    } else if portable == PortableType::Json {
        "RepeatableFieldSet"
    } else if c.allowed_values.is_some() {
        "SelectOne"
    } else {
        match data_type {
            "NUMBER" | "DECIMAL_NUMBER" => "Number",
            "DATE" => "Date",
            "FLAG" => "CheckboxSet",
            _ => "Text",
        }
    }
}

fn default_text(d: &DefaultValue) -> Option<String> {
    match d {
        DefaultValue::Integer(n) => Some(n.to_string()),
        DefaultValue::Float(x) => Some(x.to_string()),
        DefaultValue::Text(s) => Some(s.clone()),
        DefaultValue::Boolean(b) => Some(b.to_string()),
        DefaultValue::Expression(_) => None,
    }
}

/// A relation through a join table: its foreign key to this entity's table and the one to
/// another mapped entity's table.
fn via_attribute(
    entity: &Entity,
    a: &AttributeMapping,
    join: &Table,
    stored: &dyn Fn(&str) -> String,
    entity_of_table: &BTreeMap<&str, &str>,
) -> Result<Attribute, String> {
    let own = entity.table.name.name.as_str();
    let to_own = join
        .foreign_keys
        .iter()
        .find(|fk| fk.ref_table.name == own)
        .ok_or_else(|| {
            format!(
                "join table `{}` has no foreign key to `{own}`",
                join.name.name
            )
        })?;
    let (to_other, related) = join
        .foreign_keys
        .iter()
        .filter(|fk| fk.ref_table.name != own)
        .find_map(|fk| {
            entity_of_table
                .get(fk.ref_table.name.as_str())
                .map(|e| (fk, *e))
        })
        .ok_or_else(|| {
            format!(
                "join table `{}` has no foreign key to the table of another mapped entity",
                join.name.name
            )
        })?;
    let key_columns: BTreeSet<&str> = to_own
        .columns
        .iter()
        .chain(&to_other.columns)
        .map(|c| c.name.as_str())
        .collect();
    let relationship_properties = join
        .columns
        .iter()
        .filter(|c| !key_columns.contains(c.name.name.as_str()) && !c.auto_increment)
        .map(|c| RelationshipProperty {
            name: stored(&c.name.name),
            data_type: data_type(c.portable_type),
        })
        .collect();
    let related_by = stored(&to_other.columns[0].name);
    Ok(Attribute {
        name: a.name.value.clone(),
        target_name: stored(&join.name.name),
        display_name: a.display_name.clone().unwrap_or_default(),
        data_type: "TEXT",
        nature: vec!["MULTIVALUED"],
        usage: if entity.kind == Kind::TargetAccount {
            vec!["READ", "PROVISION"]
        } else {
            vec!["READ"]
        },
        relationship: Some(Relationship {
            related_to: related.to_string(),
            related_by,
            relationship_properties,
        }),
        ui_properties: (entity.kind == Kind::TargetAccount).then(|| UiProperties {
            input_type: "User",
            widget: "RepeatableFieldSet",
            title: a
                .display_name
                .clone()
                .unwrap_or_else(|| a.name.value.clone()),
            label_hint: join.description.clone(),
            max_length: None,
            default_values: Vec::new(),
        }),
    })
}
