//! sqlfluff as a syntax check for the dialects with no engine here (oracle, tsql, db2).
//!
//! sqlfluff is lenient (an unknown type name parses) and wrong on some valid DB2/T-SQL forms,
//! so a test lists, with the reason, the statement kinds it cannot judge ([`Unjudgeable`]);
//! every other statement must parse with no unparsable section.

use std::io::Write;
use std::process::Command;

/// The sqlfluff version the checks were written against (installed by `.ci/install-engines`).
pub const SQLFLUFF_VERSION: &str = "4.5.0";

/// A statement kind sqlfluff cannot judge: recognised by a prefix of the unparsable text.
pub struct Unjudgeable {
    pub starts_with: &'static str,
    pub reason: &'static str,
}

/// The raw text of every unparsable section sqlfluff finds in `sql`.
pub fn unparsable_sections(sqlfluff_dialect: &str, sql: &str) -> Vec<String> {
    let mut file = tempfile::Builder::new().suffix(".sql").tempfile().unwrap();
    file.write_all(sql.as_bytes()).unwrap();
    // sqlfluff silently skips files over 20,000 bytes unless the limit is lifted.
    let mut config = tempfile::Builder::new().suffix(".cfg").tempfile().unwrap();
    config
        .write_all(b"[sqlfluff]\nlarge_file_skip_byte_limit = 0\n")
        .unwrap();
    let output = Command::new("sqlfluff")
        .args(["parse", "--dialect", sqlfluff_dialect, "--format", "json", "--nofail"])
        .arg("--config")
        .arg(config.path())
        .arg(file.path())
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "sqlfluff not found ({e}): install it with `pip install sqlfluff=={SQLFLUFF_VERSION}` (or run .ci/install-engines)"
            )
        });
    assert!(
        output.status.success(),
        "sqlfluff failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let tree: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "sqlfluff printed no JSON ({e}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    });
    let mut sections = Vec::new();
    collect_unparsable(&tree, &mut sections);
    sections
}

fn collect_unparsable(node: &serde_json::Value, out: &mut Vec<String>) {
    match node {
        serde_json::Value::Object(map) => {
            for (key, value) in map {
                if key == "unparsable" {
                    let mut text = String::new();
                    raw_text(value, &mut text);
                    out.push(text.split_whitespace().collect::<Vec<_>>().join(" "));
                } else {
                    collect_unparsable(value, out);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|i| collect_unparsable(i, out)),
        _ => {}
    }
}

fn raw_text(node: &serde_json::Value, out: &mut String) {
    match node {
        serde_json::Value::String(s) => out.push_str(s),
        serde_json::Value::Object(map) => map.values().for_each(|v| raw_text(v, out)),
        serde_json::Value::Array(items) => items.iter().for_each(|i| raw_text(i, out)),
        _ => {}
    }
}

/// Asserts every unparsable section is of a kind listed in `unjudgeable` (matched on the
/// section's start, case-insensitively). Returns how many sections each kind excused, so a
/// test can also require that an excuse is still needed.
pub fn assert_parses(sqlfluff_dialect: &str, sql: &str, unjudgeable: &[Unjudgeable]) -> Vec<usize> {
    let sections = unparsable_sections(sqlfluff_dialect, sql);
    let mut used = vec![0; unjudgeable.len()];
    let mut unexcused = Vec::new();
    for section in &sections {
        let upper = section.to_ascii_uppercase();
        match unjudgeable
            .iter()
            .position(|u| upper.starts_with(&u.starts_with.to_ascii_uppercase()))
        {
            Some(i) => used[i] += 1,
            None => unexcused.push(section.clone()),
        }
    }
    assert!(
        unexcused.is_empty(),
        "sqlfluff ({sqlfluff_dialect}) cannot parse these sections, and none is listed as unjudgeable:\n{}",
        unexcused
            .iter()
            .map(|s| format!("  {s}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    used
}
