//! Diagnostics as machines read them: JSON, SARIF 2.1.0 (code-scanning UIs) and GitHub
//! workflow commands (annotations on a pull request's files). The text format, for people,
//! is [`Diagnostics::render`](super::Diagnostics::render).

use std::path::Path;

use serde::Serialize;
use serde_json::json;

use super::diagnostic::{Diagnostic, Severity, source_text, value_end};

/// Where each diagnostic's value ends (line, column after it), when the source tells;
/// each file read once.
fn ends(diagnostics: &[Diagnostic]) -> Vec<Option<(u64, u64)>> {
    let mut texts: std::collections::HashMap<&Path, Option<String>> = Default::default();
    diagnostics
        .iter()
        .map(|d| {
            let text = texts
                .entry(&d.pos.file)
                .or_insert_with(|| source_text(&d.pos.file));
            text.as_deref().and_then(|t| value_end(t, &d.pos))
        })
        .collect()
}

/// One diagnostic of `schemagen validate --format json`. The array is sorted by file and
/// position; `line` and `column` are 1-based (absent when unknown), the column counted in
/// characters; `end_line`/`end_column` are where the value pointed at ends (the column after
/// its last character, as SARIF's `endColumn`), when the source tells.
#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'a str,
    severity: &'a str,
    file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<u64>,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
}

fn known(n: u64) -> Option<u64> {
    (n > 0).then_some(n)
}

/// `[{"code": "E014", "severity": "error", "file": ..., "line": 3, "column": 5, "message":
/// ..., "help": ...}, ...]`, pretty-printed, with a final newline.
pub fn json(diagnostics: &[Diagnostic]) -> String {
    let list: Vec<JsonDiagnostic> = diagnostics
        .iter()
        .zip(ends(diagnostics))
        .map(|(d, end)| JsonDiagnostic {
            code: d.code,
            severity: d.severity.as_str(),
            file: d.pos.file.display().to_string(),
            line: known(d.pos.line),
            column: known(d.pos.line).and(known(d.pos.column)),
            end_line: end.map(|(line, _)| line),
            end_column: end.map(|(_, column)| column),
            message: &d.message,
            help: d.help.as_deref(),
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&list).expect("diagnostics serialize");
    out.push('\n');
    out
}

/// A path as a SARIF `uri` (a URI reference): `/` separators, every byte other than an
/// unreserved character or `/` percent-encoded.
fn uri(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut out = String::new();
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// A SARIF 2.1.0 log of one run: a rule per code that occurs (its id the code, warnings with
/// their title), a result per diagnostic with its file and position (`region`, 1-based, the
/// column in characters), the help in the result's property bag.
pub fn sarif(diagnostics: &[Diagnostic]) -> String {
    let mut codes: Vec<(&str, Severity)> =
        diagnostics.iter().map(|d| (d.code, d.severity)).collect();
    codes.sort();
    codes.dedup_by_key(|(code, _)| *code);
    let rules: Vec<serde_json::Value> = codes
        .iter()
        .map(|(code, severity)| {
            let mut rule = json!({
                "id": code,
                "defaultConfiguration": {"level": level(*severity)},
            });
            if let Some(warning) = super::lint::warning(code) {
                rule["shortDescription"] = json!({"text": warning.title});
            }
            rule
        })
        .collect();
    let results: Vec<serde_json::Value> = diagnostics
        .iter()
        .zip(ends(diagnostics))
        .map(|(d, end)| {
            let mut physical = json!({"artifactLocation": {"uri": uri(&d.pos.file)}});
            if d.pos.line > 0 {
                let mut region = json!({"startLine": d.pos.line});
                if d.pos.column > 0 {
                    region["startColumn"] = json!(d.pos.column);
                    if let Some((line, column)) = end {
                        region["endLine"] = json!(line);
                        region["endColumn"] = json!(column);
                    }
                }
                physical["region"] = region;
            }
            let mut result = json!({
                "ruleId": d.code,
                "ruleIndex": codes.iter().position(|(c, _)| *c == d.code),
                "level": level(d.severity),
                "message": {"text": d.message},
                "locations": [{"physicalLocation": physical}],
            });
            if let Some(help) = &d.help {
                result["properties"] = json!({"help": help});
            }
            result
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "schemagen",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut out = serde_json::to_string_pretty(&log).expect("a SARIF log serializes");
    out.push('\n');
    out
}

/// A workflow command's message, escaped as GitHub's toolkit does (`%`, CR, LF).
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value: as a message, and `:` and `,` too.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// GitHub workflow commands, one line per diagnostic:
/// `::error file=F,line=L,col=C,title=E014::message` (`::warning` for a warning), the help
/// on the message's second line.
pub fn github(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let mut properties = vec![format!(
            "file={}",
            escape_property(&d.pos.file.display().to_string())
        )];
        if d.pos.line > 0 {
            properties.push(format!("line={}", d.pos.line));
            if d.pos.column > 0 {
                properties.push(format!("col={}", d.pos.column));
            }
        }
        properties.push(format!("title={}", escape_property(d.code)));
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        out.push_str(&format!(
            "::{} {}::{}\n",
            d.severity.as_str(),
            properties.join(","),
            escape_data(&message)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_commands_escape_as_github_documents() {
        assert_eq!(escape_data("100% a\r\nb"), "100%25 a%0D%0Ab");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }

    #[test]
    fn sarif_uris_are_percent_encoded() {
        assert_eq!(
            uri(Path::new("model/my dir/ü.yaml")),
            "model/my%20dir/%C3%BC.yaml"
        );
    }
}
