//! One bad-input case per validation rule: `tests/invalid/<case>.yaml`. Each case states the
//! diagnostics it must produce in `# expect: CODE LINE:COLUMN message-part` lines; the test
//! asserts exactly those (code, position, message) and no others, then snapshots the rendered
//! report under `snapshots/validation/` for review.
//!
//! A case named `product_*.yaml` is used as the product file (with an empty module
//! `empty.yaml`); any other case is the module of a product targeting all seven dialects
//! (postgresql 12, mysql 8.0, h2 2.1, oracle 19c, mssql 2016, db2 11.5, informix 14.10), whose
//! names are written bare (`identifiers: unquoted`), or every one quoted for a case named
//! `quoted_*.yaml` (`identifiers: always-quoted`).

use std::fs;
use std::path::Path;

use schemagen::model::{self, Diagnostic};

const PRODUCT: &str = "product: cases
dialects:
  postgresql: {version: \"12\"}
  mysql: {version: \"8.0\"}
  h2: {version: \"2.1\"}
  oracle: {version: \"19c\"}
  mssql: {version: \"2016\"}
  db2: {version: \"11.5\"}
  informix: {version: \"14.10\"}
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

fn load_case(case: &Path) -> (tempfile::TempDir, Vec<Diagnostic>, String) {
    let dir = tempfile::tempdir().unwrap();
    let name = case.file_name().unwrap().to_str().unwrap();
    if name.starts_with("product_") {
        fs::copy(case, dir.path().join("product.yaml")).unwrap();
        fs::write(dir.path().join("empty.yaml"), "module: empty\ntables: []\n").unwrap();
    } else if name.starts_with("quoted_") {
        let product = format!("identifiers: always-quoted\n{PRODUCT}");
        fs::write(dir.path().join("product.yaml"), product).unwrap();
        fs::copy(case, dir.path().join("case.yaml")).unwrap();
    } else {
        fs::write(dir.path().join("product.yaml"), PRODUCT).unwrap();
        fs::copy(case, dir.path().join("case.yaml")).unwrap();
    }
    let diagnostics = match model::load(dir.path()) {
        Ok(_) => panic!("{name}: the model was accepted, but the case expects errors"),
        Err(d) => d,
    };
    let report = diagnostics
        .render()
        .replace(&format!("{}/", dir.path().display()), "<model>/");
    (dir, diagnostics.0, report)
}

#[test]
fn every_rule_reports_code_position_and_message() {
    insta::glob!("invalid/*.yaml", |case| {
        let text = fs::read_to_string(case).unwrap();
        let expected = expectations(&text);
        assert!(
            !expected.is_empty(),
            "{}: no `# expect:` line",
            case.display()
        );
        let (_dir, diagnostics, report) = load_case(case);
        for e in &expected {
            assert!(
                diagnostics.iter().any(|d| d.code == e.code
                    && d.pos.line == e.line
                    && d.pos.column == e.column
                    && d.message.contains(&e.message_part)),
                "{}: expected {} at {}:{} containing {:?}, got:\n{report}",
                case.display(),
                e.code,
                e.line,
                e.column,
                e.message_part
            );
        }
        assert_eq!(
            diagnostics.len(),
            expected.len(),
            "{}: unexpected extra diagnostics:\n{report}",
            case.display()
        );
        insta::with_settings!({snapshot_path => "../snapshots/validation", prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!(report);
        });
    });
}
