//! `schemagen export access-governance` (issue 12): the schema.json of each shipped product
//! (WSO2 UM_USER/UM_ROLE/UM_USER_ROLE, COmanage CO people and groups, Janssen jansPerson and
//! jansGrp) validates against the JSON Schema written from seed 004's structure
//! (tests/access_governance/schema-json.schema.json); its flags agree with the model column by
//! column; it is snapshotted; the same model gives the same bytes; a mapping to a missing table
//! or column (E093), a REQUIRED core attribute on a nullable column (E094, a warning) and a
//! password column not marked sensitive (E095) are reported at their place in the mapping file.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use schemagen::dialect::{DialectName, names};
use schemagen::export::access_governance::{self, MAPPING_FILE};
use schemagen::model::{Model, PortableType};
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_schemagen");
const PRODUCTS: [&str; 3] = ["wso2", "comanage", "jans"];

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn model(product: &str) -> Model {
    schemagen::model::load(&repo().join("model").join(product)).expect("the model is valid")
}

fn json_schema(path: &str) -> jsonschema::Validator {
    let text = fs::read_to_string(repo().join(path)).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

fn assert_valid(validator: &jsonschema::Validator, instance: &Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}:\n{}", errors.join("\n"));
}

/// The exported document of a product, through the binary, and its warnings (stderr).
fn export_with_binary(model_dir: &Path) -> (std::process::Output, Option<String>) {
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("schema.json");
    let run = Command::new(BIN)
        .args(["export", "access-governance"])
        .arg(model_dir)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let text = fs::read_to_string(&out).ok();
    let left: Vec<String> = fs::read_dir(out_dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n != "schema.json")
        .collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
    (run, text)
}

#[test]
fn every_product_exports_a_schema_json_that_validates_against_seed_004s_structure() {
    let validator = json_schema("tests/access_governance/schema-json.schema.json");
    for product in PRODUCTS {
        let (run, text) = export_with_binary(&repo().join("model").join(product));
        assert!(
            run.status.success(),
            "{product}: {}",
            String::from_utf8_lossy(&run.stderr)
        );
        let text = text.expect("schema.json written");
        let document: Value = serde_json::from_str(&text).unwrap();
        assert_valid(&validator, &document, product);
        // Pretty-printed, and what the library gives.
        let library = access_governance::export(&model(product)).unwrap();
        assert_eq!(
            text, library.json,
            "{product}: the binary writes the library's text"
        );
        assert!(
            text.starts_with("{\n  \"schemaTemplates\": [\n"),
            "{product}"
        );
        assert!(text.ends_with("}\n"));
    }
}

#[test]
fn the_schema_of_seed_004_refuses_what_the_seed_excludes() {
    // The test's schema can fail: uiProperties outside TARGETACCOUNT, an unknown dataType,
    // a missing targetName.
    let validator = json_schema("tests/access_governance/schema-json.schema.json");
    let attribute = serde_json::json!({"name": "uid", "targetName": "__UID__", "dataType": "TEXT"});
    let with_ui = serde_json::json!({"name": "uid", "targetName": "__UID__", "dataType": "TEXT",
        "uiProperties": {"inputType": "User", "widget": "Text", "title": "uid"}});
    let doc = |kind: &str, a: &Value| serde_json::json!({"schemaTemplates": [{"type": kind, "name": "X", "displayName": "", "attributes": [a]}]});
    assert!(validator.is_valid(&doc("ACCOUNT", &attribute)));
    assert!(validator.is_valid(&doc("TARGETACCOUNT", &with_ui)));
    assert!(!validator.is_valid(&doc("ACCOUNT", &with_ui)));
    assert!(!validator.is_valid(&doc("LOOKUP", &with_ui)));
    let bad_type =
        serde_json::json!({"name": "uid", "targetName": "__UID__", "dataType": "STRING"});
    assert!(!validator.is_valid(&doc("ACCOUNT", &bad_type)));
    let no_target = serde_json::json!({"name": "uid", "dataType": "TEXT"});
    assert!(!validator.is_valid(&doc("ACCOUNT", &no_target)));
}

/// The flags of every attribute agree with the model's column (found back by its Oracle name).
#[test]
fn flags_types_and_names_agree_with_the_model() {
    let specials = ["__UID__", "__NAME__", "__ENABLE__", "__PASSWORD__"];
    for product in PRODUCTS {
        let model = model(product);
        let mapping_text = fs::read_to_string(model.dir.join(MAPPING_FILE)).unwrap();
        let document: Value =
            serde_json::from_str(&access_governance::export(&model).unwrap().json).unwrap();
        let oracle = DialectName::Oracle.implementation();
        let stored = |n: &str| names::stored(oracle, model.product.identifiers, n);
        let tables: Vec<&schemagen::model::Table> =
            model.modules.iter().flat_map(|m| &m.tables).collect();
        for template in document["schemaTemplates"].as_array().unwrap() {
            let kind = template["type"].as_str().unwrap();
            let attributes = template["attributes"].as_array().unwrap();
            // The entity's table: the one whose columns all its column attributes are.
            let table_name = match (product, template["name"].as_str().unwrap()) {
                ("wso2", "ROLE") => "UM_ROLE",
                ("wso2", _) => "UM_USER",
                ("comanage", "CO_GROUP") => "cm_co_groups",
                ("comanage", _) => "cm_co_people",
                ("jans", "GROUP") => "jansGrp",
                ("jans", _) => "jansPerson",
                _ => unreachable!(),
            };
            let table = tables.iter().find(|t| t.name.name == table_name).unwrap();
            let mut columns_seen = 0;
            for a in attributes {
                let name = a["name"].as_str().unwrap();
                let target = a["targetName"].as_str().unwrap();
                let nature: Vec<&str> = a["nature"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|n| n.as_str().unwrap())
                    .collect();
                let ui = a.get("uiProperties").is_some();
                assert_eq!(
                    ui,
                    kind == "TARGETACCOUNT" && !name.is_empty(),
                    "{product} {kind} {target}: uiProperties only on TARGETACCOUNT's mapped attributes"
                );
                if a.get("relationship").is_some()
                    && nature == ["MULTIVALUED"]
                    && !specials.contains(&target)
                    && !table.columns.iter().any(|c| stored(&c.name.name) == target)
                {
                    // A relation through a join table: the join table's Oracle name.
                    assert!(
                        tables.iter().any(|t| stored(&t.name.name) == target),
                        "{product}: join table {target}"
                    );
                    continue;
                }
                // The column: by its Oracle name, or for the agent's own targets through the
                // mapping (the attribute's `column:`).
                let column = if specials.contains(&target) {
                    let entry = mapping_text
                        .lines()
                        .filter(|l| l.contains(&format!("{{name: {name}, column: ")))
                        .map(|l| {
                            l.split("column: ")
                                .nth(1)
                                .unwrap()
                                .split([',', '}'])
                                .next()
                                .unwrap()
                                .trim()
                                .to_string()
                        })
                        .find(|c| table.column(c).is_some())
                        .unwrap_or_else(|| panic!("{product}: mapping of {name}"));
                    table.column(&entry).unwrap()
                } else {
                    table
                        .columns
                        .iter()
                        .find(|c| stored(&c.name.name) == target)
                        .unwrap_or_else(|| panic!("{product} {kind}: no column {target}"))
                };
                columns_seen += 1;
                assert_eq!(
                    nature.contains(&"REQUIRED"),
                    !column.nullable_in(DialectName::Oracle),
                    "{product} {kind} {target}: REQUIRED iff NOT NULL"
                );
                assert_eq!(
                    nature.contains(&"SENSITIVE"),
                    column.sensitive,
                    "{product} {kind} {target}: SENSITIVE iff sensitive"
                );
                assert_eq!(
                    nature.contains(&"MULTIVALUED"),
                    column.portable_type == PortableType::Json,
                    "{product} {kind} {target}: MULTIVALUED iff a JSON column"
                );
                let data_type = a["dataType"].as_str().unwrap();
                let expected = match (name, column.portable_type) {
                    ("status", _) => "FLAG",
                    ("uid" | "name" | "email" | "displayName" | "firstName" | "lastName", _) => {
                        "TEXT"
                    }
                    (_, t) if t.is_textual() || t == PortableType::Json => "TEXT",
                    (_, t) if t.is_integer() => "NUMBER",
                    (_, PortableType::Boolean) => "FLAG",
                    (_, PortableType::Date | PortableType::Timestamp) => "DATE",
                    (_, t) => panic!("{product}: a {t} column"),
                };
                assert_eq!(data_type, expected, "{product} {kind} {target}: dataType");
                if name == "password" {
                    assert_eq!(target, "__PASSWORD__");
                    assert!(
                        column.sensitive,
                        "{product}: the password column is sensitive"
                    );
                }
            }
            // Every column of the table is listed once, mapped or not.
            assert_eq!(
                columns_seen,
                table.columns.len(),
                "{product} {kind}: every column of {table_name} listed once"
            );
        }
    }
}

#[test]
fn snapshots_of_each_product() {
    for product in PRODUCTS {
        let export = access_governance::export(&model(product)).unwrap();
        let warnings: Vec<String> = export
            .warnings
            .iter()
            .map(|w| {
                w.to_string()
                    .replacen("error[", "warning[", 1)
                    .replace(&format!("{}/", repo().display()), "")
            })
            .collect();
        let text = format!(
            "warnings:\n{}\n\n{}",
            if warnings.is_empty() {
                "(none)".to_string()
            } else {
                warnings.join("\n")
            },
            export.json
        );
        insta::with_settings!({snapshot_path => "../snapshots/access_governance", prepend_module_to_snapshot => false, omit_expression => true}, {
            insta::assert_snapshot!(product, text);
        });
    }
}

#[test]
fn the_same_model_gives_the_same_bytes() {
    for product in PRODUCTS {
        let a = access_governance::export(&model(product)).unwrap().json;
        let b = access_governance::export(&model(product)).unwrap().json;
        assert_eq!(a, b, "{product}");
    }
}

#[test]
fn the_mappings_validate_against_the_committed_schema_which_the_command_prints() {
    let run = Command::new(BIN)
        .args(["schema", "access-governance"])
        .output()
        .unwrap();
    assert!(run.status.success());
    let committed = fs::read_to_string(repo().join("model/access-governance.schema.json")).unwrap();
    assert_eq!(
        String::from_utf8(run.stdout).unwrap(),
        committed,
        "model/access-governance.schema.json is stale: run `schemagen schema access-governance > model/access-governance.schema.json`"
    );
    let validator = json_schema("model/access-governance.schema.json");
    for product in PRODUCTS {
        let path = repo().join("model").join(product).join(MAPPING_FILE);
        let text = fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with("# yaml-language-server: $schema=../access-governance.schema.json\n"),
            "{product}: modeline"
        );
        let value: Value = serde_saphyr::from_str(&text).unwrap();
        assert_valid(&validator, &value, product);
    }
    let bad: Value = serde_json::json!({"account": {"table": "T", "attributes": [], "extra": 1}});
    assert!(!validator.is_valid(&bad));
}

/// A copy of model/wso2 with this mapping file.
fn wso2_with_mapping(mapping: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for file in [
        "product.yaml",
        "kernel.yaml",
        "identity.yaml",
        "application-mgt.yaml",
    ] {
        fs::copy(repo().join("model/wso2").join(file), dir.path().join(file)).unwrap();
    }
    fs::write(dir.path().join(MAPPING_FILE), mapping).unwrap();
    dir
}

#[test]
fn bad_mappings_are_reported_at_their_place_and_write_nothing() {
    let mapping = "\
account:
  table: UM_USER
  attributes:
    - {name: uid, column: UM_ID}
    - {name: name, column: UM_USER_NAME}
    - {name: email, column: UM_EMAIL}
    - {name: password, column: UM_CHANGED_TIME}
    - {name: displayName, column: UM_SALT_VALUE}
    - {name: roles, via: UM_NO_SUCH_TABLE}
entitlements:
  - name: ROLE
    table: UM_ROLES
    attributes:
      - {name: uid, column: UM_ID}
";
    let dir = wso2_with_mapping(mapping);
    let (run, written) = export_with_binary(dir.path());
    let err = String::from_utf8_lossy(&run.stderr).to_string();
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(written.is_none(), "nothing written");
    let file = dir.path().join(MAPPING_FILE).display().to_string();
    for (code, at, words) in [
        (
            "E093",
            "6:29",
            "column `UM_USER.UM_EMAIL`, which the model does not have",
        ),
        (
            "E095",
            "7:32",
            "`password` is mapped to column `UM_USER.UM_CHANGED_TIME`",
        ),
        ("E093", "9:26", "join table `UM_NO_SUCH_TABLE`"),
        ("E093", "12:12", "the model has no table `UM_ROLES`"),
    ] {
        assert!(
            err.contains(&format!("error[{code}]: ")) && err.contains(&format!("{file}:{at}")),
            "{code} at {at}: {err}"
        );
        assert!(err.contains(words), "{words}: {err}");
    }
    // The warning is printed too: displayName on a nullable column.
    assert!(err.contains("warning[E094]"), "{err}");
    assert!(err.contains(&format!("{file}:8:35")), "{err}");
    assert!(err.contains("nothing written"), "{err}");

    // Only the warning: written, exit 0.
    let dir = wso2_with_mapping(
        "account:\n  table: UM_USER\n  attributes:\n    - {name: uid, column: UM_ID}\n    - {name: name, column: UM_SALT_VALUE}\n",
    );
    let (run, written) = export_with_binary(dir.path());
    let err = String::from_utf8_lossy(&run.stderr).to_string();
    assert!(run.status.success(), "{err}");
    assert!(written.is_some());
    assert!(
        err.contains("warning[E094]: `name` is a REQUIRED core attribute"),
        "{err}"
    );
    assert!(
        err.contains(&format!("{}:5:28", dir.path().join(MAPPING_FILE).display())),
        "{err}"
    );
    assert!(err.contains("1 warning\n"), "{err}");
    let document: Value = serde_json::from_str(&written.unwrap()).unwrap();
    let name = &document["schemaTemplates"][0]["attributes"][3];
    assert_eq!(name["targetName"], "__NAME__", "{name}");
    assert_eq!(name["nature"], serde_json::json!(["SENSITIVE"]), "{name}");

    // A product without a mapping, and a mapping that is not the format.
    let dir = wso2_with_mapping("account: {table: UM_USER}\n");
    let (run, _) = export_with_binary(dir.path());
    let err = String::from_utf8_lossy(&run.stderr).to_string();
    assert_eq!(run.status.code(), Some(1));
    assert!(
        err.contains("error[E001]") && err.contains("attributes"),
        "{err}"
    );
    let (run, _) = export_with_binary(&{
        let d = wso2_with_mapping("");
        fs::remove_file(d.path().join(MAPPING_FILE)).unwrap();
        d.keep()
    });
    let err = String::from_utf8_lossy(&run.stderr).to_string();
    assert_eq!(run.status.code(), Some(1));
    assert!(
        err.contains("error[E093]: the product has no Access Governance mapping"),
        "{err}"
    );
}

#[test]
fn janssen_attributes_imported_appear_unmapped_in_the_export() {
    // The two halves of issue 12 together: a custom attribute imported into a copy of
    // model/jans is a column of jansPerson, listed with an empty name.
    let dir = tempfile::tempdir().unwrap();
    for file in ["product.yaml", "jans.yaml", MAPPING_FILE] {
        fs::copy(repo().join("model/jans").join(file), dir.path().join(file)).unwrap();
    }
    let run = Command::new(BIN)
        .args(["import", "jans-attributes"])
        .arg(repo().join("tests/jans_attributes/custom.json"))
        .arg("--model")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let model = schemagen::model::load(dir.path()).unwrap();
    let document: Value =
        serde_json::from_str(&access_governance::export(&model).unwrap().json).unwrap();
    let account = &document["schemaTemplates"][0]["attributes"];
    let languages = account
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["targetName"] == "spokenLanguages")
        .expect("the imported column is listed");
    assert_eq!(languages["name"], "");
    assert_eq!(languages["nature"], serde_json::json!(["MULTIVALUED"]));
    let points = account
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["targetName"] == "loyaltyPoints")
        .unwrap();
    assert_eq!(points["dataType"], "NUMBER");
}

/// Seed 004's own example: an ACCOUNT table with a COUNTRYCODE column referencing a COUNTRY
/// lookup, a salary, an unmapped DESCRIPTION and LASTUPDATED.
#[test]
fn seed_004s_example_account_and_lookup() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("product.yaml"),
        "product: hr\ndialects:\n  oracle: {version: \"19c\"}\n  postgresql: {version: \"12\"}\nmodules:\n  - file: hr.yaml\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("hr.yaml"),
        "\
module: hr
tables:
  - name: COUNTRY
    columns:
      - {name: COUNTRYCODE, type: varchar(2), nullable: false}
      - {name: COUNTRYNAME, type: varchar(64), nullable: false}
    primary_key: [COUNTRYCODE]
  - name: ACCOUNT
    columns:
      - {name: USERID, type: varchar(32), nullable: false}
      - {name: USERNAME, type: varchar(64), nullable: false}
      - {name: JOININGDATE, type: date}
      - {name: LASTUPDATED, type: timestamp}
      - {name: FIRSTNAME, type: varchar(64)}
      - {name: LASTNAME, type: varchar(64)}
      - {name: EMAIL, type: varchar(128), nullable: false}
      - {name: STATUS, type: varchar(8), default: ACTIVE}
      - {name: SALARY, type: 'decimal(10,2)'}
      - {name: PASSWORD, type: varchar(128), sensitive: true}
      - {name: COUNTRYCODE, type: varchar(2)}
      - {name: DESCRIPTION, type: varchar(256)}
    primary_key: [USERID]
    foreign_keys:
      - {columns: [COUNTRYCODE], references: COUNTRY, ref_columns: [COUNTRYCODE]}
",
    )
    .unwrap();
    fs::write(
        dir.path().join(MAPPING_FILE),
        "\
account:
  table: ACCOUNT
  attributes:
    - {name: uid, column: USERID}
    - {name: name, column: USERNAME}
    - {name: joiningDate, column: JOININGDATE}
    - {name: firstName, column: FIRSTNAME}
    - {name: lastName, column: LASTNAME}
    - {name: email, column: EMAIL}
    - {name: status, column: STATUS}
    - {name: salary, column: SALARY}
    - {name: password, column: PASSWORD}
    - {name: country, column: COUNTRYCODE}
lookups:
  - name: COUNTRY
    display_name: Country
    table: COUNTRY
    attributes:
      - {name: uid, column: COUNTRYCODE}
      - {name: name, column: COUNTRYNAME}
",
    )
    .unwrap();
    let model = schemagen::model::load(dir.path()).unwrap();
    let export = access_governance::export(&model).unwrap();
    assert!(export.warnings.is_empty());
    let document: Value = serde_json::from_str(&export.json).unwrap();
    assert_valid(
        &json_schema("tests/access_governance/schema-json.schema.json"),
        &document,
        "hr",
    );
    let account = &document["schemaTemplates"][0];
    assert_eq!(account["type"], "ACCOUNT");
    assert_eq!(account["displayName"], "Account");
    let by_target = |t: &str| -> Value {
        account["attributes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["targetName"] == t)
            .unwrap_or_else(|| panic!("{t}"))
            .clone()
    };
    // As the seed's example writes them.
    let expect = |t: &str, json: Value| assert_eq!(by_target(t), json, "{t}");
    expect(
        "JOININGDATE",
        serde_json::json!({"name": "joiningDate", "targetName": "JOININGDATE", "displayName": "",
            "dataType": "DATE", "nature": [], "usage": ["READ"]}),
    );
    expect(
        "LASTUPDATED",
        serde_json::json!({"name": "", "targetName": "LASTUPDATED", "displayName": "",
            "dataType": "DATE", "nature": [], "usage": ["READ"]}),
    );
    expect(
        "EMAIL",
        serde_json::json!({"name": "email", "targetName": "EMAIL", "displayName": "",
            "dataType": "TEXT", "nature": ["REQUIRED"], "usage": ["READ"]}),
    );
    expect(
        "__UID__",
        serde_json::json!({"name": "uid", "targetName": "__UID__", "displayName": "",
            "dataType": "TEXT", "nature": ["REQUIRED"], "usage": ["READ"]}),
    );
    expect(
        "__ENABLE__",
        serde_json::json!({"name": "status", "targetName": "__ENABLE__", "displayName": "",
            "dataType": "FLAG", "nature": [], "usage": ["READ"]}),
    );
    expect(
        "SALARY",
        serde_json::json!({"name": "salary", "targetName": "SALARY", "displayName": "",
            "dataType": "DECIMAL_NUMBER", "nature": [], "usage": ["READ"]}),
    );
    expect(
        "__PASSWORD__",
        serde_json::json!({"name": "password", "targetName": "__PASSWORD__", "displayName": "",
            "dataType": "TEXT", "nature": ["SENSITIVE"], "usage": []}),
    );
    expect(
        "COUNTRYCODE",
        serde_json::json!({"name": "country", "targetName": "COUNTRYCODE", "displayName": "",
            "dataType": "TEXT", "nature": [], "usage": ["READ"],
            "relationship": {"relatedTo": "COUNTRY", "relatedBy": "COUNTRYCODE"}}),
    );
    expect(
        "DESCRIPTION",
        serde_json::json!({"name": "", "targetName": "DESCRIPTION", "displayName": "",
            "dataType": "TEXT", "nature": [], "usage": ["READ"]}),
    );
    let lookup = &document["schemaTemplates"][2];
    assert_eq!(
        lookup,
        &serde_json::json!({"type": "LOOKUP", "name": "COUNTRY", "displayName": "Country",
            "attributes": [
                {"name": "uid", "targetName": "__UID__", "displayName": "", "dataType": "TEXT",
                 "nature": ["REQUIRED"], "usage": ["READ"]},
                {"name": "name", "targetName": "__NAME__", "displayName": "", "dataType": "TEXT",
                 "nature": ["REQUIRED"], "usage": ["READ"]}]})
    );
    // TARGETACCOUNT: the same columns, provisioned, with uiProperties.
    let target = &document["schemaTemplates"][1];
    assert_eq!(target["type"], "TARGETACCOUNT");
    let status = target["attributes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["targetName"] == "__ENABLE__")
        .unwrap();
    assert_eq!(status["usage"], serde_json::json!(["READ", "PROVISION"]));
    assert_eq!(
        status["uiProperties"],
        serde_json::json!({"inputType": "User", "widget": "CheckboxSet", "title": "status",
            "maxLength": 8, "defaultValues": ["ACTIVE"]})
    );
}
