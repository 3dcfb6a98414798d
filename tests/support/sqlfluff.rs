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

/// sqlfluff's parse tree of `sql` (its JSON output).
pub fn parse_tree(sqlfluff_dialect: &str, sql: &str) -> serde_json::Value {
    let mut file = tempfile::Builder::new().suffix(".sql").tempfile().unwrap();
    file.write_all(sql.as_bytes()).unwrap();
    // sqlfluff silently skips files over 20,000 bytes unless the limit is lifted, and its
    // default templater is Jinja, which fails on a `{{` in a comment or literal and then
    // returns no parse tree at all: the raw templater reads the file as it is.
    let mut config = tempfile::Builder::new().suffix(".cfg").tempfile().unwrap();
    config
        .write_all(b"[sqlfluff]\nlarge_file_skip_byte_limit = 0\ntemplater = raw\n")
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
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "sqlfluff printed no JSON ({e}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}

/// Asserts that sqlfluff parses `sql` with no unparsable section and did parse it: it gives no
/// parse tree at all (`segments: null`, and so no unparsable section) when templating fails
/// or an input is over its parse-node limit (100,000 nodes).
#[track_caller]
pub fn assert_parses_completely(sqlfluff_dialect: &str, sql: &str) {
    let tree = parse_tree(sqlfluff_dialect, sql);
    assert!(
        !tree[0]["segments"].is_null(),
        "sqlfluff ({sqlfluff_dialect}) gave no parse tree for:\n{sql}"
    );
    let mut sections = Vec::new();
    collect_unparsable(&tree, &mut sections);
    assert!(
        sections.is_empty(),
        "sqlfluff ({sqlfluff_dialect}) cannot parse:\n{}",
        sections.join("\n")
    );
}

/// The raw text of every unparsable section sqlfluff finds in `sql`.
pub fn unparsable_sections(sqlfluff_dialect: &str, sql: &str) -> Vec<String> {
    let mut sections = Vec::new();
    collect_unparsable(&parse_tree(sqlfluff_dialect, sql), &mut sections);
    sections
}

/// Statements (each already ending as the script ends it) joined into chunks of at most
/// 15,000 bytes, each asserted to parse with nothing excused. Chunks, not the whole file:
/// after an unparsable statement sqlfluff reports the rest of its input as one section, which
/// would hide the statements after it. Returns the chunks for further checks.
#[track_caller]
pub fn assert_chunks_parse(sqlfluff_dialect: &str, statements: &[String]) -> Vec<String> {
    let mut chunks = vec![String::new()];
    for statement in statements {
        if !chunks.last().unwrap().is_empty()
            && chunks.last().unwrap().len() + statement.len() > 15_000
        {
            chunks.push(String::new());
        }
        chunks.last_mut().unwrap().push_str(statement);
    }
    chunks.retain(|c| !c.is_empty());
    for chunk in &chunks {
        assert_parses(sqlfluff_dialect, chunk, &[]);
    }
    chunks
}

/// What sqlfluff finds at the top of a file: one list per batch (what a `/` line ends in
/// Oracle), of the statement kinds and other segments in it (`create_table_statement`,
/// `slash_buffer_executor`, `statement_terminator`, ...); whitespace and comments left out.
pub fn batches(sqlfluff_dialect: &str, sql: &str) -> Vec<Vec<String>> {
    let tree = parse_tree(sqlfluff_dialect, sql);
    // A segment with one kind of child is an object; with repeated kinds, a list of objects.
    fn children(value: &serde_json::Value) -> Vec<(String, serde_json::Value)> {
        match value {
            serde_json::Value::Object(map) => {
                map.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
            }
            serde_json::Value::Array(items) => items.iter().flat_map(children).collect(),
            _ => Vec::new(),
        }
    }
    let skip = |kind: &str| {
        matches!(
            kind,
            "newline" | "whitespace" | "comment" | "inline_comment"
        )
    };
    let mut out = Vec::new();
    for (kind, value) in children(&tree[0]["segments"]["file"]) {
        if skip(&kind) {
            continue;
        }
        assert_eq!(kind, "batch", "top-level segment outside a batch: {value}");
        let mut batch = Vec::new();
        for (kind, value) in children(&value) {
            if kind == "statement" {
                batch.extend(children(&value).into_iter().map(|(k, _)| k));
            } else if !skip(&kind) {
                batch.push(kind);
            }
        }
        out.push(batch);
    }
    out
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
