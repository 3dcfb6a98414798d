//! Warnings and the machine-readable outputs of `schemagen validate`.
//!
//! One case per warning code: `tests/warnings/<case>.yaml` is the module of a product
//! targeting postgresql 12, mysql 8.0 and oracle 19c; its `# expect: CODE LINE:COLUMN
//! message-part` lines are exactly the warnings it must give (the description warnings W005
//! and W006 are left out of a case not named `no_description*`), then the report is
//! snapshotted under `snapshots/warnings/`. The output formats are snapshotted under
//! `snapshots/lint/`, and the SARIF log is validated against the SARIF 2.1.0 JSON Schema
//! (`tests/sarif/`, provenance in its README).

use std::fs;
use std::path::Path;
use std::process::Command;

use schemagen::model::{self, lint};

const BIN: &str = env!("CARGO_BIN_EXE_schemagen");

const PRODUCT: &str = "product: lint
dialects:
  postgresql: {version: \"12\"}
  mysql: {version: \"8.0\"}
  oracle: {version: \"19c\"}
modules:
  - file: case.yaml
";

struct Expected {
    code: String,
    line: u64,
    column: u64,
    message_part: String,
}

fn expectations(text: &str) -> Vec<Expected> {
    text.lines()
        .filter_map(|l| l.strip_prefix("# expect: "))
        .map(|l| {
            let mut parts = l.splitn(3, ' ');
            let code = parts.next().unwrap().to_string();
            let (line, column) = parts.next().unwrap().split_once(':').unwrap();
            Expected {
                code,
                line: line.parse().unwrap(),
                column: column.parse().unwrap(),
                message_part: parts.next().unwrap_or("").to_string(),
            }
        })
        .collect()
}

fn model_dir(module: &str, product: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("model")).unwrap();
    fs::write(dir.path().join("model/product.yaml"), product).unwrap();
    fs::write(dir.path().join("model/case.yaml"), module).unwrap();
    dir
}

#[test]
fn every_warning_reports_code_position_and_message() {
    insta::glob!("warnings/*.yaml", |case| {
        let text = fs::read_to_string(case).unwrap();
        let name = case.file_name().unwrap().to_str().unwrap();
        let expected = expectations(&text);
        assert!(!expected.is_empty(), "{name}: no `# expect:` line");
        let dir = model_dir(&text, PRODUCT);
        let model = model::load(&dir.path().join("model"))
            .unwrap_or_else(|e| panic!("{name}: the case is not a valid model:\n{e}"));
        let mut warnings = lint::lint(&model);
        if !name.starts_with("no_description") {
            warnings.0.retain(|d| !matches!(d.code, "W005" | "W006"));
        }
        let report = warnings
            .render()
            .replace(&format!("{}/", dir.path().display()), "<dir>/");
        for e in &expected {
            assert!(
                warnings.iter().any(|d| d.code == e.code
                    && d.pos.line == e.line
                    && d.pos.column == e.column
                    && d.message.contains(&e.message_part)),
                "{name}: expected {} at {}:{} containing {:?}, got:\n{report}",
                e.code,
                e.line,
                e.column,
                e.message_part
            );
        }
        assert_eq!(
            warnings.len(),
            expected.len(),
            "{name}: unexpected extra warnings:\n{report}"
        );
        assert!(
            warnings
                .iter()
                .all(|d| d.severity == model::Severity::Warning)
        );
        insta::with_settings!({snapshot_path => "../snapshots/warnings", prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!(report);
        });
    });
}

#[test]
fn every_warning_code_has_a_case_and_a_readme_row() {
    let readme =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let mut cases = String::new();
    for entry in fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/warnings")).unwrap()
    {
        cases.push_str(&fs::read_to_string(entry.unwrap().path()).unwrap());
    }
    for warning in lint::WARNINGS {
        assert!(
            cases.contains(&format!("# expect: {} ", warning.code)),
            "{} has no case in tests/warnings/",
            warning.code
        );
        assert!(
            readme.contains(&format!("| {} |", warning.code)),
            "{} is not in the README's rule list",
            warning.code
        );
    }
}

/// Runs `schemagen ARGS` in `dir`.
fn run(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// A model with errors of three rules (the `many_errors_in_one_run` case).
fn invalid_model() -> tempfile::TempDir {
    let module = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/invalid/many_errors_in_one_run.yaml"),
    )
    .unwrap();
    model_dir(&module, PRODUCT)
}

/// A valid model with warnings: the `allows` and `sensitive_name` cases' tables, one
/// description missing.
fn warned_model() -> tempfile::TempDir {
    let module = "module: warned
tables:
  - name: T
    description: A table.
    columns:
      - {name: ID, type: integer, nullable: false, description: The id.}
      - {name: USER_PASSWORD, type: varchar(64), description: \"The hash, salted: 100% safe.\"}
      - {name: NOTE, type: varchar(64)}
    primary_key: [ID]
  - name: LOG
    description: A log.
    columns:
      - {name: AT, type: timestamp, nullable: false, description: When.}
";
    model_dir(module, PRODUCT)
}

fn sarif_validator() -> jsonschema::Validator {
    let schema: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sarif/sarif-schema-2.1.0.json"),
        )
        .unwrap(),
    )
    .unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

fn assert_valid_sarif(text: &str) {
    let log: serde_json::Value = serde_json::from_str(text).unwrap();
    let validator = sarif_validator();
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "not SARIF 2.1.0:\n{}", errors.join("\n"));
}

#[test]
fn the_sarif_schema_check_rejects_a_log_that_is_not_sarif() {
    // The validator is live: a result without its message, a level SARIF does not have and a
    // line 0 are each refused.
    let validator = sarif_validator();
    let log = |result: serde_json::Value| serde_json::json!({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [result]}]});
    assert!(validator.is_valid(&log(
        serde_json::json!({"ruleId": "E001", "message": {"text": "m"}})
    )));
    assert!(!validator.is_valid(&log(serde_json::json!({"ruleId": "E001"}))));
    assert!(!validator.is_valid(&log(
        serde_json::json!({"ruleId": "E001", "level": "fatal", "message": {"text": "m"}})
    )));
    assert!(!validator.is_valid(&log(serde_json::json!({
        "ruleId": "E001", "message": {"text": "m"},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a.yaml"}, "region": {"startLine": 0}}}]
    }))));
}

fn redact_version(text: &str) -> String {
    text.replace(
        &format!("\"version\": \"{}\"", env!("CARGO_PKG_VERSION")),
        "\"version\": \"<version>\"",
    )
}

#[test]
fn validate_formats_errors_as_json_sarif_and_github_annotations() {
    let dir = invalid_model();
    for format in ["json", "sarif", "github"] {
        let (code, stdout, stderr) = run(dir.path(), &["validate", "model", "--format", format]);
        assert_eq!(code, Some(1), "{format}: {stderr}");
        assert_eq!(stderr, "", "{format}: the report is on stdout only");
        if format == "sarif" {
            assert_valid_sarif(&stdout);
        }
        if format != "github" {
            let parsed: serde_json::Value = serde_json::from_str(&stdout).unwrap();
            assert!(parsed.is_object() || parsed.as_array().is_some_and(|a| a.len() == 3));
        }
        insta::with_settings!({snapshot_path => "../snapshots/lint", prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!(format!("errors_{format}"), redact_version(&stdout));
        });
    }
}

#[test]
fn validate_formats_warnings_as_json_sarif_and_github_annotations() {
    let dir = warned_model();
    for format in ["json", "sarif", "github"] {
        let (code, stdout, stderr) = run(
            dir.path(),
            &["validate", "model", "--format", format, "--warnings", "all"],
        );
        assert_eq!(code, Some(0), "{format}: warnings do not fail: {stderr}");
        if format == "sarif" {
            assert_valid_sarif(&stdout);
        }
        insta::with_settings!({snapshot_path => "../snapshots/lint", prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!(format!("warnings_{format}"), redact_version(&stdout));
        });
    }
}

#[test]
fn a_valid_model_without_warnings_is_an_empty_report() {
    let module = "module: clean
tables:
  - name: T
    description: A table.
    columns:
      - {name: ID, type: integer, nullable: false, description: The id.}
    primary_key: [ID]
";
    let dir = model_dir(module, PRODUCT);
    let (code, stdout, _) = run(dir.path(), &["validate", "model", "--format", "json"]);
    assert_eq!((code, stdout.as_str()), (Some(0), "[]\n"));
    let (code, stdout, _) = run(dir.path(), &["validate", "model", "--format", "sarif"]);
    assert_eq!(code, Some(0));
    assert_valid_sarif(&stdout);
    let (code, stdout, _) = run(dir.path(), &["validate", "model", "--format", "github"]);
    assert_eq!((code, stdout.as_str()), (Some(0), ""));
    let (code, _, stderr) = run(dir.path(), &["validate", "model", "--deny-warnings"]);
    assert_eq!(code, Some(0), "{stderr}");
}

#[test]
fn description_warnings_are_counted_not_shown_by_default() {
    let dir = warned_model();
    let (code, stdout, stderr) = run(dir.path(), &["validate", "model"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(stdout, "", "text goes to stderr");
    assert!(stderr.contains("warning[W004]"), "{stderr}");
    assert!(stderr.contains("warning[W002]"), "{stderr}");
    assert!(!stderr.contains("warning[W006]"), "{stderr}");
    assert!(
        stderr.contains("1 warning not shown (W006 a column without a description: 1): `--warnings all` shows them"),
        "{stderr}"
    );
    let (_, _, all) = run(dir.path(), &["validate", "model", "--warnings", "all"]);
    assert!(
        all.contains("warning[W006]: column `NOTE` has no description"),
        "{all}"
    );
    assert!(all.contains("3 warnings in the model"), "{all}");
    let (code, _, none) = run(dir.path(), &["validate", "model", "--warnings", "none"]);
    assert_eq!(code, Some(0));
    assert!(!none.contains("warning"), "{none}");
}

#[test]
fn deny_warnings_fails_on_a_shown_warning_only() {
    let dir = warned_model();
    let (code, _, stderr) = run(dir.path(), &["validate", "model", "--deny-warnings"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("error: 2 warnings in the model (--deny-warnings)"),
        "{stderr}"
    );
    let (code, _, stderr) = run(
        dir.path(),
        &["validate", "model", "--deny-warnings", "--warnings", "none"],
    );
    assert_eq!(code, Some(0), "{stderr}");
}

#[test]
fn a_product_wide_allow_silences_a_warning_everywhere() {
    let module = fs::read_to_string(dir_file(&warned_model(), "model/case.yaml")).unwrap();
    let product = format!(
        "{PRODUCT}allow:\n  - {{code: W006, reason: descriptions come in the next release}}\n  - {{code: W002, reason: logs have no key}}\n"
    );
    let dir = model_dir(&module, &product);
    let (code, stdout, stderr) = run(
        dir.path(),
        &["validate", "model", "--warnings", "all", "--format", "json"],
    );
    assert_eq!(code, Some(0), "{stderr}");
    let report: Vec<serde_json::Value> = serde_json::from_str(&stdout).unwrap();
    let codes: Vec<&str> = report.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["W004"], "{stdout}");
}

#[test]
fn github_annotations_escape_percent_colon_comma_and_line_breaks() {
    // A model directory named with `,`, `:` and `%`, and a column name with `%` (E040 quotes
    // it in the message): GitHub would cut the properties at `,`/`::` and read `%0A` as a
    // line break if they were not escaped.
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("a,b:c%d");
    fs::create_dir(&model).unwrap();
    fs::write(model.join("product.yaml"), PRODUCT).unwrap();
    fs::write(
        model.join("case.yaml"),
        "module: m\ntables:\n  - name: T\n    columns:\n      - {name: \"P%0A\", type: integer, nullable: false}\n    primary_key: [\"P%0A\"]\n",
    )
    .unwrap();
    let (code, stdout, stderr) = run(dir.path(), &["validate", "a,b:c%d", "--format", "github"]);
    assert_eq!(code, Some(1), "{stderr}");
    let first = stdout.lines().next().unwrap();
    assert!(
        first.starts_with(
            "::error file=a%2Cb%3Ac%25d/case.yaml,line=5,col=16,title=E040::`P%250A` is not a plain identifier"
        ),
        "{stdout}"
    );
    assert!(first.contains("%0Ahelp: "), "{stdout}");
    assert!(
        stdout.lines().all(|l| l.starts_with("::error ")),
        "one line each: {stdout}"
    );
}

fn dir_file(dir: &tempfile::TempDir, path: &str) -> std::path::PathBuf {
    dir.path().join(path)
}

#[test]
fn generate_and_check_do_not_report_warnings() {
    // Warnings are `validate`'s: generate and check keep their output and exit codes.
    let dir = warned_model();
    let (code, stdout, stderr) = run(dir.path(), &["generate", "model", "--out", "out"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(stdout, "");
    assert!(!stderr.contains("warning"), "{stderr}");
    let (code, _, stderr) = run(dir.path(), &["check", "model", "--out", "out"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
}

#[test]
fn unknown_names_get_a_did_you_mean() {
    // (case of tests/invalid, code, the suggestion its help starts with); each case also has
    // its reviewed snapshot under snapshots/validation/.
    let expected = [
        ("unknown_field.yaml", "E001", "did you mean `columns`?"),
        (
            "unknown_dialect_override.yaml",
            "E001",
            "did you mean `postgresql`?",
        ),
        ("row_unknown_column.yaml", "E030", "did you mean `NAME`?"),
        ("suggest_type.yaml", "E010", "did you mean `integer`?"),
        ("suggest_type.yaml", "E010", "did you mean `varchar`?"),
        (
            "suggest_table_and_columns.yaml",
            "E014",
            "did you mean `UM_TENANT_ID`?",
        ),
        (
            "suggest_table_and_columns.yaml",
            "E016",
            "did you mean `UM_TENANT`?",
        ),
        (
            "suggest_table_and_columns.yaml",
            "E017",
            "did you mean `UM_ID`?",
        ),
        // Not a typo: the hint to quote a type with a comma in a flow mapping.
        (
            "flow_decimal_unquoted.yaml",
            "E001",
            "in a flow mapping (`{...}`) a comma ends",
        ),
    ];
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (case, code, suggestion) in expected {
        let module = fs::read_to_string(root.join("tests/invalid").join(case)).unwrap();
        let dir = model_dir(&module, PRODUCT);
        let (_, stdout, _) = run(dir.path(), &["validate", "model", "--format", "json"]);
        let report: Vec<serde_json::Value> = serde_json::from_str(&stdout).unwrap();
        assert!(
            report.iter().any(|d| d["code"] == code
                && d["help"]
                    .as_str()
                    .is_some_and(|h| h.starts_with(suggestion))),
            "{case}: no {code} whose help starts with {suggestion:?}: {stdout}"
        );
    }
    // Nothing near: no suggestion (`sqlite` is no typo of a dialect, `strng` of no type).
    for case in ["product_unknown_dialect.yaml", "unknown_type.yaml"] {
        let text = fs::read_to_string(root.join("tests/invalid").join(case)).unwrap();
        let dir = if case.starts_with("product_") {
            model_dir(
                "module: empty\ntables: []\n",
                &text.replace("empty.yaml", "case.yaml"),
            )
        } else {
            model_dir(&text, PRODUCT)
        };
        let (_, stdout, _) = run(dir.path(), &["validate", "model", "--format", "json"]);
        assert!(!stdout.contains("did you mean"), "{case}: {stdout}");
        assert!(stdout.contains("\"code\""), "{case}: {stdout}");
    }
}
