//! Db2 for LUW output, with no engine here. Five layers of evidence:
//! 1. snapshots of the generated files (features model at 11.5 and, in WSO2's sequence form,
//!    at 11.1; the WSO2 kernel at 11.5), reviewed against the Db2 11.5 SQL Reference
//!    (`snapshots/dialect_db2/`);
//! 2. sqlfluff's `db2` dialect parses every statement of every generated file, except the
//!    kinds it cannot judge ([`UNJUDGEABLE`], [`REWRITES`], each with its reason and a test
//!    that it is still needed);
//! 3. what the kernel file declares equals what WSO2's own db2.sql declares
//!    (`tests/reference/wso2/is5.0-match/kernel/db2.json`: types, lengths, nullability, defaults,
//!    keys, indexes, the declared type text, and which columns a sequence and trigger fill),
//!    except for the deviations listed, with reasons, in `model/wso2/deviations/db2.yaml`;
//! 4. validation extends to db2 (identifier length, reserved words, VARCHAR limit);
//! 5. each rule that no parser checks here, one by one.

mod support;

use support::fixtures::{file, load};

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use schemagen::dialect::DialectName;
use support::compare::{Deviation, Difference, differences, load_deviations};
use support::declared::declared_catalog;
use support::sqlfluff::{Unjudgeable, unparsable_sections};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The db2 entry the WSO2 product gets here (the lead adds db2 to model/wso2/product.yaml):
/// Db2 11.5, the current release (11.1 left support in 2023).
const WSO2_DB2: &str = r#"{version: "11.5"}"#;

/// WSO2's own auto-increment form: a sequence and a BEFORE INSERT trigger per column.
const WSO2_DB2_SEQUENCE: &str = r#"{version: "11.5", settings: {auto_increment: sequence}}"#;

/// A copy of a product directory targeting db2 with `entry`.
fn with_db2(product_dir: &Path, entry: &str) -> tempfile::TempDir {
    support::fixtures::product_with_dialect(product_dir, "db2", entry)
}

fn wso2_model_dir() -> PathBuf {
    repo().join("model/wso2")
}

fn features_model_dir() -> PathBuf {
    repo().join("tests/models/features")
}

/// The statements of a script as `db2 -td/ -f` reads them: the text up to each line that
/// holds only the terminator. Panics if text is left after the last terminator (a statement
/// the CLP would never run).
fn statements(script: &str, terminator: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for line in script.lines() {
        if line == terminator {
            out.push(current.trim().to_string());
            current.clear();
        } else {
            current.push_str(line);
            current.push('\n');
        }
    }
    assert!(
        current.trim().is_empty(),
        "text after the last `{terminator}` line: {current:?}"
    );
    out
}

/// A statement without the `--` comment lines above it.
fn sql_of(statement: &str) -> String {
    statement
        .lines()
        .filter(|l| !l.starts_with("--"))
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

// --- 1. snapshots -----------------------------------------------------------------------------

fn snapshot(name: &str, contents: &str) {
    insta::with_settings!({snapshot_path => "../snapshots/dialect_db2", prepend_module_to_snapshot => false, omit_expression => true}, {
        insta::assert_snapshot!(name, contents);
    });
}

#[test]
fn snapshot_features_11_5() {
    let files = generate(&features_model_dir(), r#"{version: "11.5"}"#);
    snapshot("features_11.5", file(&files, "db2.sql"));
}

#[test]
fn snapshot_features_11_1_sequence_form() {
    let files = generate(
        &features_model_dir(),
        r#"{version: "11.1", settings: {auto_increment: sequence}}"#,
    );
    snapshot("features_11.1_sequence", file(&files, "db2.sql"));
}

#[test]
fn snapshot_wso2_kernel() {
    let files = generate(&wso2_model_dir(), WSO2_DB2);
    snapshot("wso2_kernel", file(&files, "db2.sql"));
}

// --- 2. sqlfluff ------------------------------------------------------------------------------

/// A clause sqlfluff 4.5.0's `db2` grammar does not know, inside a statement it otherwise parses.
/// It would make the whole statement unparsable (a CREATE TABLE with all its columns), so the
/// clause is taken out, or written in the form sqlfluff knows, before the check; the clause
/// itself is checked by a rule test, and [`sqlfluff_gaps_are_still_gaps`] proves each gap is
/// still there.
struct Rewrite {
    /// The statement in the form sqlfluff knows (unchanged where the clause is absent).
    apply: fn(&str) -> String,
    /// A statement with the clause: sqlfluff must fail on it, and parse it rewritten.
    example: &'static str,
    #[allow(dead_code)]
    reason: &'static str,
}

const REWRITES: &[Rewrite] = &[
    Rewrite {
        apply: |s| match s.rfind("\n) IN ") {
            Some(at) if !s[at + 6..].contains([' ', '\n']) => s[..at + 2].to_string(),
            _ => s.to_string(),
        },
        example: "CREATE TABLE T (\n    ID INTEGER\n) IN TS_8K",
        reason: "sqlfluff's db2 CREATE TABLE has no tablespace-clauses (Db2 11.5 CREATE TABLE: \
                 IN tablespace-name after the element list); checked by \
                 rule_tables_go_into_their_table_space",
    },
    Rewrite {
        apply: |s| s.replace(" GENERATED BY DEFAULT AS IDENTITY", ""),
        example: "CREATE TABLE T (ID INTEGER GENERATED BY DEFAULT AS IDENTITY NOT NULL)",
        reason: "sqlfluff's db2 column definition has no identity clause (Db2 11.5 CREATE TABLE, \
                 generated-column-spec: GENERATED BY DEFAULT AS IDENTITY); checked by \
                 rule_identity_columns_by_default",
    },
    Rewrite {
        apply: |s| match (s.strip_prefix("ALTER TABLE "), s.find(" ADD CONSTRAINT ")) {
            (Some(_), Some(at)) => {
                let name_end = s[at..].find(" FOREIGN KEY ").map(|e| at + e);
                match name_end {
                    Some(end) => format!("{} ADD{}", &s[..at], &s[end..]),
                    None => s.to_string(),
                }
            }
            _ => s.to_string(),
        },
        example: "ALTER TABLE T ADD CONSTRAINT FK_T FOREIGN KEY (A) REFERENCES U (B)",
        reason: "sqlfluff's db2 ALTER TABLE ... ADD CONSTRAINT <name> accepts UNIQUE and CHECK \
                 but not FOREIGN KEY (Db2 11.5 ALTER TABLE: ADD referential-constraint with an \
                 optional CONSTRAINT name); the same named clause parses inside CREATE TABLE",
    },
];

/// Statement kinds sqlfluff 4.5.0's `db2` dialect cannot judge at all, by their start. They
/// are not sent to sqlfluff: after an unparsable statement it reports the whole rest of its
/// input as one section, which would leave the statements after it unjudged. Their text is
/// pinned by rule tests and the snapshots instead.
const UNJUDGEABLE: &[Unjudgeable] = &[
    Unjudgeable {
        starts_with: "CREATE TRIGGER",
        reason: "no NO CASCADE BEFORE, REFERENCING NEW AS, MODE DB2SQL or BEGIN ATOMIC ... END in \
                 sqlfluff's db2 CREATE TRIGGER (Db2 11.5 CREATE TRIGGER has them all; WSO2's \
                 db2.sql uses exactly this form); checked by rule_sequence_form",
    },
    Unjudgeable {
        starts_with: "BEGIN\n",
        reason: "no compiled compound statement (BEGIN ... DECLARE ... EXECUTE IMMEDIATE ... END) \
                 in sqlfluff's db2 dialect; the strict Db2 grammar judges it, and \
                 rule_identity_moves_past_seed_values pins its text",
    },
    Unjudgeable {
        starts_with: "CREATE SEQUENCE",
        reason: "no AS data-type and no NO CACHE in sqlfluff's db2 CREATE SEQUENCE (Db2 11.5 \
                 CREATE SEQUENCE: AS INTEGER by default, any exact numeric type with scale 0; \
                 CACHE 20 by default or NO CACHE); checked by rule_sequence_form",
    },
];

/// Checks every statement of a script with sqlfluff's `db2` dialect: the statements as
/// `db2 -td/` reads them, [`REWRITES`] applied, each ended with `;`, in chunks; statements of an [`UNJUDGEABLE`] kind are counted, not sent. No
/// unparsable section may remain (`support::sqlfluff::assert_parses` with no excuse). Returns how often each rewrite changed a statement and each kind was left out.
fn sqlfluff_check(script: &str) -> (Vec<usize>, Vec<usize>) {
    let mut rewritten = vec![0; REWRITES.len()];
    let mut left_out = vec![0; UNJUDGEABLE.len()];
    let mut sent = Vec::new();
    for statement in statements(script, "/") {
        let sql = sql_of(&statement);
        if let Some(i) = UNJUDGEABLE
            .iter()
            .position(|u| sql.starts_with(u.starts_with))
        {
            left_out[i] += 1;
            continue;
        }
        let mut text = statement;
        for (i, rewrite) in REWRITES.iter().enumerate() {
            let next = (rewrite.apply)(&text);
            if next != text {
                rewritten[i] += 1;
                text = next;
            }
        }
        sent.push(format!("{text};\n\n"));
    }
    support::sqlfluff::assert_chunks_parse("db2", &sent);
    (rewritten, left_out)
}

/// Every generated file: the features model in both forms, the three WSO2 modules in both.
#[test]
fn sqlfluff_parses_every_generated_statement() {
    let mut scripts = Vec::new();
    for entry in [
        r#"{version: "11.5"}"#,
        r#"{version: "11.1", settings: {auto_increment: sequence}}"#,
    ] {
        scripts.extend(generate(&features_model_dir(), entry));
    }
    for entry in [WSO2_DB2, WSO2_DB2_SEQUENCE] {
        scripts.extend(generate(&wso2_model_dir(), entry));
    }
    assert_eq!(scripts.len(), 8);
    let mut rewritten = vec![0; REWRITES.len()];
    let mut left_out = vec![0; UNJUDGEABLE.len()];
    for (_, script) in &scripts {
        let (r, e) = sqlfluff_check(script);
        for (total, n) in rewritten.iter_mut().zip(r) {
            *total += n;
        }
        for (total, n) in left_out.iter_mut().zip(e) {
            *total += n;
        }
    }
    for (rewrite, n) in REWRITES.iter().zip(&rewritten) {
        assert!(
            *n > 0,
            "rewrite never applied, remove it: {:?}",
            rewrite.example
        );
    }
    for (kind, n) in UNJUDGEABLE.iter().zip(&left_out) {
        assert!(
            *n > 0,
            "unjudgeable kind never generated, remove it: {}",
            kind.starts_with
        );
    }
}

/// Each [`REWRITES`] gap and each [`UNJUDGEABLE`] kind is still one in this sqlfluff, and a
/// broken statement is reported (so the check can fail).
#[test]
fn sqlfluff_gaps_are_still_gaps() {
    assert!(
        !unparsable_sections("db2", "CREATE TABLE T (A INTEGER,);").is_empty(),
        "sqlfluff reports a broken statement"
    );
    for rewrite in REWRITES {
        assert!(
            !unparsable_sections("db2", &format!("{};", rewrite.example)).is_empty(),
            "sqlfluff parses {:?} now: drop the rewrite",
            rewrite.example
        );
        let fixed = (rewrite.apply)(rewrite.example);
        assert_ne!(fixed, rewrite.example);
        assert_eq!(
            unparsable_sections("db2", &format!("{fixed};")),
            Vec::<String>::new(),
            "{fixed}"
        );
    }
    let examples = [
        "CREATE TRIGGER T_TRG\n    NO CASCADE BEFORE INSERT ON T\n    REFERENCING NEW AS NEW\n    \
         FOR EACH ROW MODE DB2SQL\nBEGIN ATOMIC\n    SET (NEW.ID) = (NEXTVAL FOR T_SEQ);\nEND;",
        "BEGIN\n    DECLARE next_value BIGINT;\n    SELECT COALESCE(MAX(ID), 0) + 1 INTO next_value FROM T;\n    \
         EXECUTE IMMEDIATE 'ALTER TABLE T ALTER COLUMN ID RESTART WITH ' || VARCHAR(next_value);\nEND;",
        "CREATE SEQUENCE T_SEQ AS BIGINT\n    START WITH 1\n    INCREMENT BY 1\n    NO CACHE;",
    ];
    for (kind, example) in UNJUDGEABLE.iter().zip(examples) {
        assert!(example.starts_with(kind.starts_with));
        assert!(
            !unparsable_sections("db2", example).is_empty(),
            "{}: sqlfluff now parses {example:?}: judge the kind",
            kind.starts_with
        );
    }
}

/// sqlfluff skips files over 20,000 bytes and reports nothing unless its
/// `large_file_skip_byte_limit` is lifted, which `support::sqlfluff` does: a large broken file
/// is judged like a small one. ([`sqlfluff_check`] still works in chunks of whole statements, so
/// one unparsable statement cannot hide the ones after it.)
#[test]
fn sqlfluff_judges_large_files() {
    let broken = "CREATE TABLE T (A INTEGER,);\n".repeat(800);
    assert!(broken.len() > 20_000);
    assert!(!unparsable_sections("db2", &broken).is_empty());
    assert!(!unparsable_sections("db2", &broken[..1_000]).is_empty());
}

// --- 3. reference facts -----------------------------------------------------------------------

/// Which column a sequence and trigger fill, and from which sequence.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Fill {
    table: String,
    column: String,
    sequence: String,
}

/// WSO2's db2.json: the catalog (an unnamed foreign key's name becomes "": it is compared only
/// where the model names it), the declared type text of each (TABLE, COLUMN), and what its
/// triggers fill.
struct Reference {
    catalog: support::Catalog,
    declared: BTreeMap<(String, String), String>,
    fills: Vec<Fill>,
}

fn parsed_reference(rel: &str) -> Reference {
    let text = fs::read_to_string(support::reference_path(rel)).unwrap();
    let mut json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut declared = BTreeMap::new();
    for table in json["tables"].as_array_mut().unwrap() {
        let name = table["name"].as_str().unwrap().to_string();
        for column in table["columns"].as_array().unwrap() {
            declared.insert(
                (name.clone(), column["name"].as_str().unwrap().to_string()),
                column["declared"].as_str().unwrap().to_string(),
            );
        }
        for column in table["columns"].as_array_mut().unwrap() {
            if let Some(length) = column["length"].as_str() {
                column["length"] = lob_length(length)
                    .unwrap_or_else(|| panic!("length {length:?}"))
                    .into();
            }
        }
        for fk in table["foreign_keys"].as_array_mut().unwrap() {
            if fk["name"].is_null() {
                fk["name"] = "".into();
            }
        }
    }
    let fills = json["triggers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| Fill {
            table: t["fills"]["table"].as_str().unwrap().to_string(),
            column: t["fills"]["column"].as_str().unwrap().to_string(),
            sequence: t["fills"]["sequence"].as_str().unwrap().to_string(),
        })
        .collect();
    let mut catalog: support::Catalog = serde_json::from_value(json).unwrap();
    catalog.normalize();
    Reference {
        catalog,
        declared,
        fills,
    }
}

/// The length in bytes of a LOB length as Db2 writes it (`1G`, `16M`, `512K`, `1000`).
fn lob_length(text: &str) -> Option<i64> {
    let (digits, unit) = match text.char_indices().last()? {
        (i, 'K') => (&text[..i], 1 << 10),
        (i, 'M') => (&text[..i], 1 << 20),
        (i, 'G') => (&text[..i], 1 << 30),
        _ => (text, 1),
    };
    digits.parse::<i64>().ok().map(|n| n * unit)
}

/// Sets the length of every LOB column of `module` in `catalog` from our type text
/// (`split_type` drops `1G`, which would hide a LOB size); the reference's `2G` is read with
/// [`lob_length`] too.
fn mark_lob_lengths(model: &schemagen::model::Model, module: &str, catalog: &mut support::Catalog) {
    let dialect = DialectName::Db2.implementation();
    let (_, target) = model.product.targets[&DialectName::Db2]
        .outputs(DialectName::Db2)
        .remove(0);
    let module = model.modules.iter().find(|m| m.name == module).unwrap();
    for table in &module.tables {
        let ours = catalog
            .tables
            .iter_mut()
            .find(|t| t.name == table.name.name)
            .unwrap();
        for column in &table.columns {
            let text = dialect.column_type(
                &column
                    .for_dialect(&model.product, DialectName::Db2)
                    .column_type,
                &target,
            );
            let Some(size) = text
                .strip_prefix("BLOB(")
                .or_else(|| text.strip_prefix("CLOB("))
                .and_then(|rest| rest.strip_suffix(')'))
            else {
                continue;
            };
            let ours = ours
                .columns
                .iter_mut()
                .find(|c| c.name == column.name.name)
                .unwrap();
            assert_eq!(ours.length, None, "{text}");
            ours.length = Some(lob_length(size).unwrap_or_else(|| panic!("{text}")));
        }
    }
}

/// A UNIQUE key over a nullable column is a `CREATE UNIQUE INDEX` in our Db2 output (Db2 has
/// no such constraint), while `declared_catalog` lists it as a constraint: each unique index
/// the script creates that is not in the model's indexes is moved from `unique` to `indexes`,
/// under the name the script gives it.
fn move_unique_indexes(script: &str, catalog: &mut support::Catalog) {
    for statement in statements(script, "/") {
        let sql = sql_of(&statement);
        let Some(rest) = sql.strip_prefix("CREATE UNIQUE INDEX ") else {
            continue;
        };
        let (name, rest) = rest.split_once(" ON ").unwrap();
        let (table, columns) = rest.split_once(" (").unwrap();
        let columns: Vec<String> = columns
            .trim_end_matches(')')
            .split(", ")
            .map(str::to_string)
            .collect();
        let table = catalog.tables.iter_mut().find(|t| t.name == table).unwrap();
        if table.indexes.iter().any(|i| i.name == name) {
            continue; // an index of the model
        }
        let before = table.unique.len();
        table.unique.retain(|u| u != &columns);
        assert_eq!(
            before,
            table.unique.len() + 1,
            "{sql}: one unique key of the model"
        );
        table.indexes.push(support::Index {
            name: name.to_string(),
            columns,
            unique: true,
        });
    }
    catalog.normalize();
}

/// What the generated script's triggers fill, read from its CREATE TRIGGER statements; every
/// sequence a trigger uses must be created by the script.
fn generated_fills(script: &str) -> Vec<Fill> {
    let statements = statements(script, "/");
    let after = |text: &str, marker: &str, end: char| -> String {
        let start = text
            .find(marker)
            .unwrap_or_else(|| panic!("{marker} in {text}"))
            + marker.len();
        text[start..].split(end).next().unwrap().trim().to_string()
    };
    let mut fills: Vec<Fill> = statements
        .iter()
        .filter(|s| s.starts_with("CREATE TRIGGER"))
        .map(|s| Fill {
            table: after(s, "BEFORE INSERT ON ", '\n'),
            column: after(s, "SET (NEW.", ')'),
            sequence: after(s, "(NEXTVAL FOR ", ')'),
        })
        .collect();
    for fill in &fills {
        let create = format!("CREATE SEQUENCE {} ", fill.sequence);
        assert!(
            statements.iter().any(|s| s.starts_with(&create)),
            "no {create}"
        );
    }
    fills.sort();
    fills
}

/// Every difference between WSO2's db2.sql and our kernel file for Db2 11.5 with `entry`:
/// the catalog fields of `support::compare::differences`, plus
/// * `declared`: the type text, where type word and numbers agree but the text does not
///   (BLOB(2G) and BLOB(1G) are both "BLOB" without a number); spaces are not significant;
/// * `fill`: how an auto-increment column is filled (identity, or sequence and trigger);
/// * `sequence`: the sequence a trigger fills a column from, the table name written `<table>`.
fn kernel_differences(entry: &str) -> Vec<Difference> {
    let dir = with_db2(&wso2_model_dir(), entry);
    let model = load(dir.path());
    let module = model.modules.iter().find(|m| m.name == "kernel").unwrap();
    let mut ours = declared_catalog(&model, "kernel", DialectName::Db2);
    mark_lob_lengths(&model, "kernel", &mut ours);
    let script = schemagen::emit::generate(&model, &[DialectName::Db2])
        .unwrap()
        .into_iter()
        .find(|f| f.path == "db2.sql")
        .unwrap()
        .contents;
    move_unique_indexes(&script, &mut ours);
    let reference = parsed_reference("wso2/is5.0-match/kernel/db2.json");
    let named = |table: &str, fk: &str| {
        module.tables.iter().any(|t| {
            t.name.name.eq_ignore_ascii_case(table)
                && t.foreign_keys.iter().any(|f| {
                    f.name
                        .as_ref()
                        .is_some_and(|n| n.name.eq_ignore_ascii_case(fk))
                })
        })
    };
    let mut found = differences(&reference.catalog, &ours, &named);

    let dialect = DialectName::Db2.implementation();
    let (_, target) = model.product.targets[&DialectName::Db2]
        .outputs(DialectName::Db2)
        .remove(0);
    let squash = |s: &str| s.split_whitespace().collect::<String>();
    let our_fills = generated_fills(&script);
    for table in &module.tables {
        let Some(ref_table) = reference.catalog.table(&table.name.name) else {
            continue;
        };
        let our_table = ours.table(&table.name.name).unwrap();
        for column in &table.columns {
            let key = (table.name.name.clone(), column.name.name.clone());
            let Some(ref_column) = ref_table.columns.iter().find(|c| c.name == key.1) else {
                continue;
            };
            let our_column = our_table.columns.iter().find(|c| c.name == key.1).unwrap();
            let difference = |field: &'static str, reference: String, model: String| Difference {
                table: key.0.clone(),
                column: Some(key.1.clone()),
                field,
                reference,
                model,
            };
            let same_numbers = (ref_column.length, ref_column.precision, ref_column.scale)
                == (our_column.length, our_column.precision, our_column.scale);
            let ours_text = dialect.column_type(
                &column
                    .for_dialect(&model.product, DialectName::Db2)
                    .column_type,
                &target,
            );
            if ref_column.data_type == our_column.data_type
                && same_numbers
                && squash(&reference.declared[&key]) != squash(&ours_text)
            {
                found.push(difference(
                    "declared",
                    reference.declared[&key].clone(),
                    ours_text,
                ));
            }
            if !(ref_column.auto_increment && column.auto_increment) {
                continue;
            }
            let ref_fill = reference
                .fills
                .iter()
                .find(|f| f.table == key.0 && f.column == key.1);
            let our_fill = our_fills
                .iter()
                .find(|f| f.table == key.0 && f.column == key.1);
            let kind = |fill: Option<&Fill>| {
                if fill.is_some() {
                    "sequence and trigger"
                } else {
                    "identity"
                }
                .to_string()
            };
            if kind(ref_fill) != kind(our_fill) {
                found.push(difference("fill", kind(ref_fill), kind(our_fill)));
            }
            if let (Some(r), Some(o)) = (ref_fill, our_fill) {
                let general = |name: &str| name.replace(&key.0, "<table>");
                if r.sequence != o.sequence {
                    found.push(difference(
                        "sequence",
                        general(&r.sequence),
                        general(&o.sequence),
                    ));
                }
            }
        }
    }
    found
}

/// A deviation's `reference`/`model` as the text a [`Difference`] carries: a string as is,
/// null as `None`, a list in Rust's Debug form (`["a", "b"]`, `[["a"]]`).
fn value_text(value: &serde_json::Value) -> String {
    fn item(value: &serde_json::Value) -> String {
        match value {
            serde_json::Value::String(s) => format!("{s:?}"),
            other => value_text(other),
        }
    }
    match value {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => "None".to_string(),
        serde_json::Value::Array(items) => format!(
            "[{}]",
            items.iter().map(item).collect::<Vec<_>>().join(", ")
        ),
        other => other.to_string(),
    }
}

/// A difference's value without the `Some(...)` and quotes of its Debug text.
fn plain(text: &str) -> String {
    let inner = text
        .strip_prefix("Some(")
        .and_then(|t| t.strip_suffix(')'))
        .unwrap_or(text);
    inner
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .unwrap_or(inner)
        .to_string()
}

/// Stricter than `support::compare::assert_only_declared_differences`: a deviation matches a
/// difference only if its `reference` and `model` values are the difference's too (so a
/// `*` entry for one type change cannot hide another). `label` is `db2` (the main output) or
/// `db2/sequence` (with `auto_increment: sequence`).
fn assert_declared_exactly(label: &str, found: &[Difference], deviations: &[Deviation]) {
    let matches = |dev: &Deviation, d: &Difference| {
        let wildcard_or =
            |pattern: &str, value: &str| pattern == "*" || pattern.eq_ignore_ascii_case(value);
        dev.dialects.iter().any(|x| x == label)
            && dev.field == d.field
            && wildcard_or(&dev.table, &d.table)
            && match (&dev.column, &d.column) {
                (None, None) => true,
                (Some(p), Some(c)) => wildcard_or(p, c),
                _ => false,
            }
            && value_text(&dev.reference) == plain(&d.reference)
            && value_text(&dev.model) == plain(&d.model)
    };
    let undeclared: Vec<String> = found
        .iter()
        .filter(|d| !deviations.iter().any(|dev| matches(dev, d)))
        .map(|d| format!("  {d}"))
        .collect();
    let unused: Vec<String> = deviations
        .iter()
        .filter(|dev| dev.dialects.iter().any(|x| x == label))
        .filter(|dev| !found.iter().any(|d| matches(dev, d)))
        .map(|dev| {
            format!(
                "  {} {} {}",
                dev.table,
                dev.column.as_deref().unwrap_or("-"),
                dev.field
            )
        })
        .collect();
    assert!(
        undeclared.is_empty() && unused.is_empty(),
        "{label}: the generated kernel file differs from WSO2's db2.sql\n\
         undeclared differences (fix the model or the dialect, or add them to \
         model/wso2/deviations/db2.yaml with the reason):\n{}\n\
         declared deviations that no longer occur (remove them):\n{}",
        undeclared.join("\n"),
        unused.join("\n")
    );
}

fn db2_deviations() -> Vec<Deviation> {
    load_deviations(&repo().join("model/wso2/deviations/db2.yaml"))
}

#[test]
fn kernel_declares_what_wso2_db2_sql_declares_except_listed_deviations() {
    assert_declared_exactly("db2", &kernel_differences(WSO2_DB2), &db2_deviations());
}

#[test]
fn kernel_in_sequence_form_fills_what_wso2_fills_except_listed_deviations() {
    assert_declared_exactly(
        "db2/sequence",
        &kernel_differences(WSO2_DB2_SEQUENCE),
        &db2_deviations(),
    );
}

// --- 4. validation ----------------------------------------------------------------------------

/// A one-module product targeting only db2 (`db2_entry`), with `identifiers` and the given
/// `tables:` block.
fn small_product(identifiers: &str, db2_entry: &str, tables: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("product.yaml"),
        format!(
            "product: small\nidentifiers: {identifiers}\ndialects:\n  db2: {db2_entry}\n\
             modules:\n  - file: m.yaml\n"
        ),
    )
    .unwrap();
    fs::write(
        dir.path().join("m.yaml"),
        format!("module: m\ntables:\n{tables}"),
    )
    .unwrap();
    dir
}

/// (code, message) of every diagnostic, or none when the model is valid.
fn diagnostics(dir: &Path) -> Vec<(String, String)> {
    match schemagen::model::load(dir) {
        Ok(_) => Vec::new(),
        Err(d) => d
            .iter()
            .map(|d| (d.code.to_string(), d.message.clone()))
            .collect(),
    }
}

fn one_column(table: &str, column: &str, column_type: &str) -> String {
    format!(
        "  - name: {table}\n    columns:\n      - {{name: {column}, type: {column_type}, nullable: false}}\n    primary_key: [{column}]\n"
    )
}

const V115: &str = r#"{version: "11.5"}"#;

#[test]
fn validation_identifier_limit_is_128_bytes() {
    let ok = "T".repeat(128);
    assert_eq!(
        diagnostics(small_product("unquoted", V115, &one_column(&ok, "C", "integer")).path()),
        vec![]
    );
    let long = "T".repeat(129);
    assert_eq!(
        diagnostics(small_product("unquoted", V115, &one_column(&long, "C", "integer")).path()),
        vec![(
            "E020".to_string(),
            format!("`{long}` is 129 bytes long; db2 11.5 allows at most 128")
        )]
    );
    // bytes, not characters: 64 two-byte characters and one more byte
    let wide = format!("\"{}X\"", "É".repeat(64));
    let found = diagnostics(
        small_product("always-quoted", V115, &one_column("T", &wide, "integer")).path(),
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "E020");
    assert!(
        found[0]
            .1
            .ends_with("is 129 bytes long; db2 11.5 allows at most 128"),
        "{found:?}"
    );
}

#[test]
fn validation_reserved_words_under_unquoted_identifiers() {
    assert_eq!(
        diagnostics(small_product("unquoted", V115, &one_column("T", "SELECT", "integer")).path()),
        vec![(
            "E021".to_string(),
            "`SELECT` is a reserved word in db2 and identifiers are unquoted".to_string()
        )]
    );
    // words the vendor list names but Db2 does not enforce (WSO2's db2.sql uses the first three)
    for word in ["SCOPE", "ALIAS", "ROLE", "TYPE", "DATA", "VALUE", "YEAR"] {
        assert_eq!(
            diagnostics(small_product("unquoted", V115, &one_column("T", word, "integer")).path()),
            vec![],
            "{word}"
        );
    }
    // quoted where needed, the reserved word is written quoted
    let dir = small_product(
        "quoted-when-needed",
        V115,
        &one_column("T", "SELECT", "integer"),
    );
    let model = load(dir.path());
    let script = schemagen::emit::generate(&model, &[DialectName::Db2]).unwrap()[0]
        .contents
        .clone();
    assert!(
        script.contains("    \"SELECT\" INTEGER NOT NULL,"),
        "{script}"
    );
}

#[test]
fn validation_varchar_limit_is_32672() {
    // The longest VARCHAR is also the longest row of a 32 KB page (32 672 + 4 + 1 = 32 677),
    // and no key column: a table on 32 KB pages holds it.
    let longest = |column_type: &str| {
        format!(
            "  - name: T\n    storage:\n      db2: {{tablespace: TS_32K, page_size: \"32768\"}}\n    columns:\n      - {{name: C, type: {column_type}}}\n"
        )
    };
    assert_eq!(
        diagnostics(small_product("unquoted", V115, &longest("varchar(32672)")).path()),
        vec![]
    );
    assert_eq!(
        diagnostics(small_product("unquoted", V115, &longest("varchar(32673)")).path()),
        vec![
            (
                "E073".to_string(),
                "a row of `T` takes up to 32678 bytes in db2; a row holds at most 32677 on 32768-byte pages".to_string()
            ),
            (
                "E022".to_string(),
                "column `T.C` is varchar(32673) but db2 allows at most 32672 bytes".to_string()
            )
        ]
    );
}

#[test]
fn wso2_validates_with_db2_and_no_name_is_reserved() {
    let dir = with_db2(&wso2_model_dir(), WSO2_DB2);
    assert_eq!(diagnostics(dir.path()), vec![]);
}

// --- 5. rules ---------------------------------------------------------------------------------

/// The file of a small product for db2.
fn small_script(identifiers: &str, db2_entry: &str, tables: &str) -> String {
    let dir = small_product(identifiers, db2_entry, tables);
    let model = load(dir.path());
    schemagen::emit::generate(&model, &[DialectName::Db2]).unwrap()[0]
        .contents
        .clone()
}

fn features_script(entry: &str) -> String {
    file(&generate(&features_model_dir(), entry), "db2.sql").to_string()
}

#[test]
fn rule_every_statement_ends_with_a_terminator_line() {
    for (entry, count) in [
        (r#"{version: "11.5"}"#, 18),
        (
            r#"{version: "11.1", settings: {auto_increment: sequence}}"#,
            22,
        ),
    ] {
        let script = features_script(entry);
        let statements = statements(&script, "/");
        assert_eq!(statements.len(), count, "{script}");
        for statement in &statements {
            let sql = sql_of(statement);
            assert!(!sql.ends_with(';'), "no `;` terminator: {sql}");
            assert!(
                !sql.contains(';')
                    || sql.starts_with("CREATE TRIGGER")
                    || sql.starts_with("BEGIN\n"),
                "`;` only inside trigger and compound bodies: {sql}"
            );
        }
    }
    let at = features_script(r#"{version: "11.5", settings: {terminator: "@"}}"#);
    assert_eq!(statements(&at, "@").len(), 18);
    assert!(!at.lines().any(|l| l == "/"));
}

#[test]
fn rule_identity_columns_by_default() {
    let script = features_script(r#"{version: "11.5"}"#);
    assert!(
        script.contains(
            "\n    \"id\"        BIGINT        GENERATED BY DEFAULT AS IDENTITY NOT NULL,\n"
        ),
        "{script}"
    );
    assert!(!script.contains("CREATE SEQUENCE") && !script.contains("CREATE TRIGGER"));
    // Db2 rejects a DEFAULT on an identity column: the model's default is left out
    let table = "  - name: T\n    columns:\n      - {name: ID, type: integer, nullable: false, auto_increment: true, default: 1}\n    primary_key: [ID]\n";
    let script = small_script("unquoted", V115, table);
    assert!(
        script.contains("    ID INTEGER GENERATED BY DEFAULT AS IDENTITY NOT NULL,\n"),
        "{script}"
    );
}

#[test]
fn rule_sequence_form() {
    let script = features_script(r#"{version: "11.1", settings: {auto_increment: sequence}}"#);
    let statements: Vec<String> = statements(&script, "/").iter().map(|s| sql_of(s)).collect();
    let position = |start: &str| {
        statements
            .iter()
            .position(|s| s.starts_with(start))
            .unwrap_or_else(|| panic!("no {start}"))
    };
    let table = position("CREATE TABLE \"allTypes\"");
    let sequence = position("CREATE SEQUENCE");
    let trigger = position("CREATE TRIGGER");
    assert!(table < sequence && sequence < trigger);
    assert_eq!(
        statements[sequence],
        "CREATE SEQUENCE \"allTypes_SEQ\" AS BIGINT\n    START WITH 1\n    INCREMENT BY 1\n    NO CACHE"
    );
    assert_eq!(
        statements[trigger],
        "CREATE TRIGGER \"allTypes_TRG\"\n    NO CASCADE BEFORE INSERT ON \"allTypes\"\n    \
         REFERENCING NEW AS NEW\n    FOR EACH ROW MODE DB2SQL\n    WHEN (NEW.\"id\" IS NULL)\nBEGIN ATOMIC\n    \
         SET (NEW.\"id\") = (NEXTVAL FOR \"allTypes_SEQ\");\nEND"
    );
    assert!(
        script.contains("\n    \"id\"        BIGINT        NOT NULL,\n"),
        "{script}"
    );
    // the trigger's name and the sequence's stay within 128 bytes
    let long = "T".repeat(127);
    let script = small_script(
        "unquoted",
        r#"{version: "11.5", settings: {auto_increment: sequence}}"#,
        &format!(
            "  - name: {long}\n    columns:\n      - {{name: ID, type: integer, nullable: false, auto_increment: true}}\n    primary_key: [ID]\n"
        ),
    );
    let fills = generated_fills(&script);
    assert_eq!(fills.len(), 1);
    assert!(
        fills[0].sequence.len() <= 128 && fills[0].sequence.ends_with("_SEQ"),
        "{fills:?}"
    );
}

/// A validation error at the setting (E043); it was a panic of `generate` once, after
/// `validate` had passed.
#[test]
fn rule_unknown_auto_increment_setting_is_refused() {
    let dir = support::fixtures::product_with_dialect(
        &features_model_dir(),
        "db2",
        r#"{version: "11.5", settings: {auto_increment: serial}}"#,
    );
    let diagnostics = schemagen::model::load(dir.path()).unwrap_err();
    assert!(
        diagnostics.iter().any(|d| d.code == "E043"
            && d.pos.line > 0
            && d.message
                .starts_with("`serial` is not a value of db2 setting `auto_increment`")),
        "{}",
        diagnostics.render()
    );
}

#[test]
fn rule_boolean_type_and_literals_by_version() {
    let table = "  - name: T\n    columns:\n      - {name: ID, type: integer, nullable: false}\n      - {name: B, type: boolean, default: true}\n    primary_key: [ID]\n    rows:\n      - {ID: 1, B: false}\n";
    for (version, line, insert) in [
        ("11.1", "    B  SMALLINT DEFAULT 1,\n", "VALUES (1, 0)"),
        ("11.1.1", "    B  SMALLINT DEFAULT 1,\n", "VALUES (1, 0)"),
        (
            "11.1.1.1",
            "    B  BOOLEAN DEFAULT TRUE,\n",
            "VALUES (1, FALSE)",
        ),
        (
            "11.5",
            "    B  BOOLEAN DEFAULT TRUE,\n",
            "VALUES (1, FALSE)",
        ),
    ] {
        let script = small_script("unquoted", &format!("{{version: \"{version}\"}}"), table);
        assert!(script.contains(line), "{version}: {script}");
        assert!(script.contains(insert), "{version}: {script}");
    }
}

#[test]
fn rule_types_at_their_limits() {
    // The longest VARCHAR fills a row of a 32 KB page alone (E073 otherwise).
    let table = "  - name: T\n    columns:\n      - {name: ID, type: integer, nullable: false}\n      - {name: C1, type: char(255)}\n      - {name: C2, type: char(256)}\n      - {name: X, type: text}\n      - {name: B, type: blob}\n      - {name: J, type: json}\n      - {name: D, type: 'decimal(31,0)'}\n      - {name: F, type: double}\n    primary_key: [ID]\n  - name: T_LONGEST\n    storage:\n      db2: {tablespace: TS_32K, page_size: \"32768\"}\n    columns:\n      - {name: V, type: varchar(32672)}\n";
    let script = small_script("unquoted", V115, table);
    for line in [
        "    C1 CHAR(255),\n",
        "    C2 VARCHAR(256),\n",
        "    V VARCHAR(32672)\n) IN TS_32K\n",
        "    X  CLOB(1G),\n",
        "    B  BLOB(1G),\n",
        "    J  CLOB(1G),\n",
        "    D  DECIMAL(31,0),\n",
        "    F  DOUBLE,\n",
    ] {
        assert!(script.contains(line), "{line:?} in {script}");
    }
    assert!(!script.contains("LOGGED"), "LOBs stay LOGGED, the default");
}

/// `tablespace` (per product, or per table over it) writes `IN <tablespace>` after CREATE
/// TABLE; without one no clause is written (the database's default table space). Keys and rows
/// are checked against the `page_size` in force: 4 KB by default.
#[test]
fn rule_tables_go_into_their_table_space() {
    let tables = "  - name: T\n    columns:\n      - {name: ID, type: integer}\n  - name: WIDE\n    storage:\n      db2: {tablespace: TS_16K, page_size: \"16384\"}\n    columns:\n      - {name: A, type: varchar(1500)}\n      - {name: B, type: varchar(1500)}\n    unique:\n      - columns: [A, B]\n        nulls_equal_in: [db2]\n        reason: one NULL per key\n";
    let script = small_script("unquoted", V115, tables);
    assert!(script.contains("    ID INTEGER\n)\n/\n"), "{script}");
    assert!(
        script.contains("    B VARCHAR(1500)\n) IN TS_16K\n/\n"),
        "{script}"
    );
    let product = r#"{version: "11.5", settings: {tablespace: TS_8K, page_size: "8192"}}"#;
    let script = small_script("unquoted", product, tables);
    assert!(
        script.contains("    ID INTEGER\n) IN TS_8K\n/\n"),
        "{script}"
    );
    assert!(
        script.contains("    B VARCHAR(1500)\n) IN TS_16K\n/\n"),
        "{script}"
    );
    // The same key on the product's 8 KB pages: 3 006 bytes (2 × (1 500 + 2 + 1)), over a quarter of the page.
    let on_8k = tables.replace(
        "      db2: {tablespace: TS_16K, page_size: \"16384\"}\n",
        "      db2: {}\n",
    );
    assert_eq!(
        diagnostics(small_product("unquoted", product, &on_8k).path()),
        vec![(
            "E072".to_string(),
            "the unique key (A, B) of `WIDE` takes up to 3006 bytes in db2; an index key holds at most 2048 on 8192-byte pages".to_string()
        )]
    );
}

#[test]
fn rule_constraint_names_come_first_and_every_on_delete_is_written() {
    let dialect = DialectName::Db2.implementation();
    use schemagen::model::ReferentialAction::*;
    for (action, clause) in [
        (NoAction, ""),
        (Restrict, " ON DELETE RESTRICT"),
        (Cascade, " ON DELETE CASCADE"),
        (SetNull, " ON DELETE SET NULL"),
    ] {
        assert!(dialect.supports_on_delete(action));
        assert_eq!(dialect.on_delete_clause(action), clause);
    }
    let script = features_script(r#"{version: "11.5"}"#);
    assert!(script.contains(
        "    CONSTRAINT FK_USER_PARENT FOREIGN KEY (\"parentId\") REFERENCES \"user\" (ID) ON DELETE SET NULL\n"
    ));
    assert!(script.contains(
        "\nALTER TABLE \"user\" ADD CONSTRAINT FK_USER_GROUP FOREIGN KEY (\"groupId\") REFERENCES \"group\" (ID)\n/\n"
    ));
}

#[test]
fn rule_unique_key_over_a_nullable_column_keeps_nulls_distinct() {
    // Db2 takes no UNIQUE constraint over a nullable column (SQL0542N), and its unique index
    // compares NULLs equal unless EXCLUDE NULL KEYS leaves the NULL keys out: that keeps the
    // model's meaning for one column. Over several, the product accepts NULLs comparing equal.
    let table = "  - name: T\n    columns:\n      - {name: ID, type: integer, nullable: false}\n      - {name: A, type: integer, nullable: false}\n      - {name: B, type: integer}\n      - {name: C, type: integer}\n    primary_key: [ID]\n    unique:\n      - columns: [A]\n      - columns: [A, B]\n        nulls_equal_in: [db2]\n        reason: B is always given\n      - columns: [C]\n        name: UQ_T_C\n";
    let script = small_script("unquoted", V115, table);
    let statements = statements(&script, "/");
    let create = statements
        .iter()
        .find(|s| s.contains("CREATE TABLE T "))
        .unwrap();
    assert!(
        create.ends_with(
            "    A  INTEGER NOT NULL,\n    B  INTEGER,\n    C  INTEGER,\n    PRIMARY KEY (ID),\n    UNIQUE (A)\n)"
        ),
        "{create}"
    );
    assert!(
        statements.contains(&"CREATE UNIQUE INDEX T_UK ON T (A, B)".to_string()),
        "{script}"
    );
    assert!(
        statements.contains(&"CREATE UNIQUE INDEX UQ_T_C ON T (C) EXCLUDE NULL KEYS".to_string()),
        "{script}"
    );
    // Without the acceptance, the key over (A, B) has no form: E054.
    let refused = table.replace(
        "        nulls_equal_in: [db2]\n        reason: B is always given\n",
        "",
    );
    assert_eq!(
        diagnostics(small_product("unquoted", V115, &refused).path()),
        vec![(
            "E054".to_string(),
            "the unique key (A, B) of `T` is over `B`, which may hold NULL: Db2's unique index treats NULLs as equal, and EXCLUDE NULL KEYS leaves out only a row whose key is NULL in every column, so db2 refuses a second row with NULL there where PostgreSQL and MySQL accept it".to_string()
        )]
    );
}

#[test]
fn rule_comments_are_cut_to_254_bytes() {
    let dialect = DialectName::Db2.implementation();
    let fits = "x".repeat(254);
    let statement = dialect.table_comment("T", &fits).unwrap();
    assert_eq!(statement.sql, format!("COMMENT ON TABLE T IS '{fits}'"));
    assert_eq!(statement.comment, None);

    let literal_bytes = |sql: &str| {
        let literal = &sql[sql.find(" IS '").unwrap() + 5..sql.len() - 1];
        literal.replace("''", "'").len() + literal.matches("''").count()
    };
    for text in [
        "x".repeat(255),
        "é".repeat(200), // 400 bytes; never cut inside a character
        format!("{}'{}", "y".repeat(250), "z".repeat(10)), // a quote counts as written, twice
    ] {
        let statement = dialect.column_comment("T", "C", &text).unwrap();
        assert!(
            statement.sql.starts_with("COMMENT ON COLUMN T.C IS '"),
            "{}",
            statement.sql
        );
        assert!(statement.sql.ends_with("...'"), "{}", statement.sql);
        assert!(literal_bytes(&statement.sql) <= 254, "{}", statement.sql);
        assert!(literal_bytes(&statement.sql) >= 250, "{}", statement.sql);
        assert_eq!(
            statement.comment.as_deref(),
            Some("Cut to Db2's 254-byte comment limit; the full text is in the model.")
        );
    }
    // the WSO2 kernel: every comment within the limit
    let files = generate(&wso2_model_dir(), WSO2_DB2);
    for statement in statements(file(&files, "db2.sql"), "/") {
        let sql = sql_of(&statement);
        if sql.starts_with("COMMENT ON") {
            assert!(literal_bytes(&sql) <= 254, "{sql}");
        }
    }
}

/// Seed rows that give an identity column values are followed by a restart past the highest
/// value, read when the script runs (RESTART WITH takes only a constant); in the sequence form
/// the sequence restarts, and the trigger fills only a row that gives no value.
#[test]
fn rule_identity_moves_past_seed_values() {
    for (entry, restart) in [
        (
            r#"{version: "11.5"}"#,
            "ALTER TABLE \"numbered\" ALTER COLUMN \"id\" RESTART WITH ",
        ),
        (
            r#"{version: "11.1", settings: {auto_increment: sequence}}"#,
            "ALTER SEQUENCE \"numbered_SEQ\" RESTART WITH ",
        ),
    ] {
        let script = features_script(entry);
        let statements: Vec<String> = statements(&script, "/").iter().map(|s| sql_of(s)).collect();
        let at = |start: &str| {
            statements
                .iter()
                .position(|s| s.starts_with(start))
                .unwrap_or_else(|| panic!("no {start} in {script}"))
        };
        let (eleven, restart_at, twelve) = (
            at("INSERT INTO \"numbered\" (\"id\", \"label\") VALUES (11, "),
            at("BEGIN\n"),
            at("INSERT INTO \"numbered\" (\"label\") VALUES ('twelve')"),
        );
        assert!(eleven < restart_at && restart_at < twelve, "{script}");
        assert_eq!(
            statements[restart_at],
            format!(
                "BEGIN\n    DECLARE next_value BIGINT;\n    \
                 SELECT GREATEST(COALESCE(MAX(\"id\"), 0), 0) + 1 INTO next_value FROM \"numbered\";\n    \
                 EXECUTE IMMEDIATE '{restart}' || VARCHAR(next_value);\nEND"
            )
        );
    }
}

#[test]
fn rule_no_guards_and_strings_keep_backslashes() {
    let script = features_script(r#"{version: "11.5"}"#);
    for statement in statements(&script, "/") {
        let sql = sql_of(&statement);
        assert!(
            [
                "CREATE TABLE ",
                "CREATE INDEX ",
                "CREATE UNIQUE INDEX ",
                "COMMENT ON ",
                "ALTER TABLE ",
                "INSERT INTO ",
                "BEGIN\n"
            ]
            .iter()
            .any(|start| sql.starts_with(start)),
            "{sql}"
        );
    }
    assert!(script.contains("VALUES ('O''Reilly \\ back', "), "{script}");
}

/// The other shipped products' Db2 files pass the same sqlfluff check.
#[test]
fn sqlfluff_parses_comanage_and_jans() {
    for product in ["comanage", "jans"] {
        let dir = support::fixtures::repo().join("model").join(product);
        let files = generate(&dir, WSO2_DB2);
        assert!(!files.is_empty(), "{product}");
        for (_, script) in &files {
            sqlfluff_check(script);
        }
    }
}

/// The db2 files of a product directory with db2 added as `entry`, by output path.
fn generate(product_dir: &Path, entry: &str) -> Vec<(String, String)> {
    support::fixtures::generate_with_dialect(product_dir, DialectName::Db2, entry)
}
