//! One error type for everything wrong with a model: where (file, line, column), what, and
//! what to do about it. Rendered with the offending source line and a caret, like rustc.

use std::fmt;
use std::path::Path;
use std::sync::Arc;

/// A position in a model file. Line and column are 1-based; 0 means "unknown".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pos {
    pub file: Arc<Path>,
    pub line: u64,
    pub column: u64,
}

impl Pos {
    pub fn new(file: &Arc<Path>, location: serde_saphyr::Location) -> Pos {
        Pos {
            file: file.clone(),
            line: location.line(),
            column: location.column(),
        }
    }

    pub fn file_start(file: &Arc<Path>) -> Pos {
        Pos {
            file: file.clone(),
            line: 1,
            column: 1,
        }
    }
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file.display(), self.line, self.column)
    }
}

/// How bad a diagnostic is: an error makes the model invalid; a warning (a `W` code) points
/// at something a reviewer would question, and changes no exit code (unless
/// `validate --deny-warnings`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub pos: Pos,
    /// A stable code per rule (`E001`…, warnings `W001`…), so scripts and docs can refer to it.
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic; the message is [`shorten`]ed, so a huge value in the model gives a
    /// short error.
    pub fn new(pos: Pos, code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            pos,
            code,
            severity: Severity::Error,
            message: shorten(&message.into()),
            help: None,
        }
    }

    /// A warning (as [`Diagnostic::new`]).
    pub fn warning(pos: Pos, code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::new(pos, code, message)
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(shorten(&help.into()));
        self
    }

    /// The diagnostic with the source line it points at, when the file can be read.
    pub fn render(&self) -> String {
        let text = read_source(&self.pos.file);
        self.render_with(text.as_deref(), &PLAIN)
    }

    /// The diagnostic with the source line it points at, out of `text` (the file's content),
    /// in the styles of `palette`.
    fn render_with(&self, text: Option<&str>, palette: &Palette) -> String {
        let Palette {
            bold,
            accent,
            reset,
            ..
        } = *palette;
        let severity = palette.severity(self.severity);
        let number = self.pos.line.to_string();
        let gutter = " ".repeat(number.len());
        let mut out = format!(
            "{severity}{}[{}]{reset}{bold}: {}{reset}\n{gutter}{accent}-->{reset} {}\n",
            self.severity.as_str(),
            self.code,
            self.message,
            self.pos
        );
        if let Some(line) = text.and_then(|t| source_line(t, self.pos.line)) {
            let caret_at = (self.pos.column.max(1) - 1) as usize;
            // A window of the line around the caret, so a huge line prints short.
            let chars: Vec<char> = line.chars().collect();
            let (start, end) = if chars.len() <= EXCERPT_CHARS {
                (0, chars.len())
            } else {
                let start = caret_at.saturating_sub(EXCERPT_CHARS / 4).min(chars.len());
                (start, (start + EXCERPT_CHARS).min(chars.len()))
            };
            let mut shown: String = chars[start..end].iter().collect();
            let mut indent: String = chars[start..caret_at.clamp(start, end)]
                .iter()
                .map(|c| if *c == '\t' { '\t' } else { ' ' })
                .collect();
            if start > 0 {
                shown.insert(0, '…');
                indent.insert(0, ' ');
            }
            if end < chars.len() {
                shown.push('…');
            }
            out.push_str(&format!(
                "{gutter} {accent}|{reset}\n{accent}{number} |{reset} {shown}\n{gutter} {accent}|{reset} {indent}{severity}^{reset}\n"
            ));
        }
        if let Some(help) = &self.help {
            out.push_str(&format!(
                "{gutter} {accent}={reset} {bold}help{reset}: {help}\n"
            ));
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}[{}]: {}",
            self.pos,
            self.severity.as_str(),
            self.code,
            self.message
        )?;
        if let Some(help) = &self.help {
            write!(f, " (help: {help})")?;
        }
        Ok(())
    }
}

/// The styles of the text report: ANSI SGR sequences, or empty strings for plain text.
#[derive(Clone, Copy)]
struct Palette {
    error: &'static str,
    warning: &'static str,
    bold: &'static str,
    accent: &'static str,
    reset: &'static str,
}

impl Palette {
    fn severity(&self, severity: Severity) -> &'static str {
        match severity {
            Severity::Error => self.error,
            Severity::Warning => self.warning,
        }
    }
}

const PLAIN: Palette = Palette {
    error: "",
    warning: "",
    bold: "",
    accent: "",
    reset: "",
};

/// rustc's colours: bold red errors, bold yellow warnings, bold blue gutter.
const COLOUR: Palette = Palette {
    error: "\x1b[1;31m",
    warning: "\x1b[1;33m",
    bold: "\x1b[1m",
    accent: "\x1b[1;34m",
    reset: "\x1b[0m",
};

/// The text of a model file, to quote its lines: only a regular file under the size cap (a
/// FIFO would block, a device never end).
fn read_source(file: &Path) -> Option<String> {
    let meta = std::fs::metadata(file).ok()?;
    if !meta.is_file() || meta.len() > super::load::MAX_FILE_BYTES {
        return None;
    }
    std::fs::read_to_string(file).ok()
}

/// Where the value a diagnostic points at ends on its line, as (line, column) of the first
/// character after it, when that can be told from the text: a quoted scalar to its closing
/// quote, a flow sequence or mapping to its closing bracket, a plain scalar to the `,`, `]`,
/// `}` or ` #` that ends it in a flow collection, else to the end of the line (spaces off).
pub fn value_end(text: &str, pos: &Pos) -> Option<(u64, u64)> {
    let line = source_line(text, pos.line)?;
    let chars: Vec<char> = line.chars().collect();
    let start = usize::try_from(pos.column).ok()?.checked_sub(1)?;
    let first = *chars.get(start)?;
    let end = match first {
        '"' | '\'' => {
            let mut at = start + 1;
            loop {
                match chars.get(at) {
                    None => return None,
                    Some('\\') if first == '"' => at += 2,
                    Some('\'') if first == '\'' && chars.get(at + 1) == Some(&'\'') => at += 2,
                    Some(c) if *c == first => break at + 1,
                    Some(_) => at += 1,
                }
            }
        }
        '[' | '{' => {
            let close = if first == '[' { ']' } else { '}' };
            let mut depth = 0;
            let mut found = None;
            for (at, c) in chars.iter().enumerate().skip(start) {
                if *c == first {
                    depth += 1;
                } else if *c == close {
                    depth -= 1;
                    if depth == 0 {
                        found = Some(at + 1);
                        break;
                    }
                }
            }
            found?
        }
        _ => {
            let in_flow = chars[..start].iter().any(|c| matches!(c, '[' | '{'));
            let mut end = chars.len();
            for at in start..chars.len() {
                let c = chars[at];
                if (in_flow && matches!(c, ',' | ']' | '}'))
                    || (c == '#' && at > 0 && chars[at - 1] == ' ')
                {
                    end = at;
                    break;
                }
            }
            while end > start && chars[end - 1] == ' ' {
                end -= 1;
            }
            end
        }
    };
    (end > start).then_some((pos.line, end as u64 + 1))
}

/// The text of a model file for [`value_end`] (only a regular file under the size cap).
pub fn source_text(file: &Path) -> Option<String> {
    read_source(file)
}

fn source_line(text: &str, line: u64) -> Option<&str> {
    if line == 0 {
        return None;
    }
    text.lines().nth((line - 1) as usize).map(str::trim_end)
}

/// How much of a source line a diagnostic shows, in characters.
const EXCERPT_CHARS: usize = 200;
/// A quoted value longer than this is shortened in a message (characters).
const QUOTED_CHARS: usize = 160;
/// The longest message or help, in characters.
const MESSAGE_CHARS: usize = 1000;

/// The one place that keeps diagnostics short whatever the model holds: each `quoted` value
/// longer than 160 characters becomes its first 100 and its length, and a message longer than
/// 1,000 characters is cut (a 20 MB name gives a line, not 20 MB per dialect). The source
/// line under a diagnostic is shown whole up to 200 characters, else 200 around the caret.
pub fn shorten(text: &str) -> String {
    if text.chars().count() <= QUOTED_CHARS {
        return text.to_string();
    }
    let parts: Vec<&str> = text.split('`').collect();
    let mut out = String::new();
    for (i, part) in parts.iter().enumerate() {
        let quoted = i % 2 == 1 && i + 1 < parts.len();
        let count = part.chars().count();
        if !quoted {
            if i % 2 == 1 {
                out.push('`'); // an unbalanced backtick
            }
            out.push_str(part);
        } else if count > QUOTED_CHARS {
            let head: String = part.chars().take(100).collect();
            out.push_str(&format!("`{head}…` ({count} characters)"));
        } else {
            out.push('`');
            out.push_str(part);
            out.push('`');
        }
    }
    let count = out.chars().count();
    if count > MESSAGE_CHARS {
        let head: String = out.chars().take(MESSAGE_CHARS - 200).collect();
        out = format!("{head}… (cut: {count} characters in all)");
    }
    out
}

/// A name or text of the model shortened for a message (60 characters), control characters
/// and line breaks shown escaped, so that a message is one line and never huge.
pub fn excerpt(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().take(60) {
        if c.is_control() || crate::dialect::LINE_BREAKS.contains(&c) {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    if text.chars().count() > 60 {
        out.push_str("...");
    }
    out
}

/// The candidate nearest to `word`, compared case-insensitively, when it is near enough to be
/// a typo of it: at most a third of the word's characters apart (at least one), by the
/// Damerau-Levenshtein distance (strsim). Ties go to the first in sorted order.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = word.to_lowercase();
    let max = (lower.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .filter(|c| *c != word)
        .map(|c| (strsim::damerau_levenshtein(&lower, &c.to_lowercase()), c))
        .filter(|(distance, _)| *distance <= max)
        .min()
        .map(|(_, c)| c)
}

/// `help` with "did you mean `X`?" before it, when one of `candidates` is near `word`.
pub fn suggest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    help: impl Into<String>,
) -> String {
    match did_you_mean(word, candidates) {
        Some(near) => format!("did you mean `{near}`? {}", help.into()),
        None => help.into(),
    }
}

/// All the diagnostics of one run; the model is invalid when there is at least one.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Adds those of `other` this has not yet (the same problem found in several releases is
    /// reported once).
    pub fn extend_unique(&mut self, other: Diagnostics) {
        for diagnostic in other.0 {
            if !self.0.contains(&diagnostic) {
                self.0.push(diagnostic);
            }
        }
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    /// Sorted by file and position so output is stable.
    pub fn sorted(mut self) -> Self {
        self.0.sort_by(|a, b| {
            (&a.pos.file, a.pos.line, a.pos.column, a.code, &a.message).cmp(&(
                &b.pos.file,
                b.pos.line,
                b.pos.column,
                b.code,
                &b.message,
            ))
        });
        self.0.dedup();
        self
    }

    /// The report for people: each diagnostic with its source line and caret, then the count.
    pub fn render(&self) -> String {
        self.render_styled(false)
    }

    /// [`Diagnostics::render`], in colour (ANSI SGR) when `colour`: for a terminal.
    pub fn render_styled(&self, colour: bool) -> String {
        let palette = if colour { &COLOUR } else { &PLAIN };
        // Each file read once, however many diagnostics point into it.
        let mut files: std::collections::HashMap<&Path, Option<String>> = Default::default();
        let mut out = String::new();
        for d in &self.0 {
            let text = files
                .entry(&d.pos.file)
                .or_insert_with(|| read_source(&d.pos.file));
            out.push_str(&d.render_with(text.as_deref(), palette));
            out.push('\n');
        }
        out.push_str(&self.summary());
        out.push('\n');
        out
    }

    /// `3 errors in the model`, `2 warnings in the model`, `1 error and 2 warnings in the
    /// model`.
    pub fn summary(&self) -> String {
        let count = |severity| self.0.iter().filter(|d| d.severity == severity).count();
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
        let what = match (errors, warnings) {
            (e, 0) => plural(e, "error"),
            (0, w) => plural(w, "warning"),
            (e, w) => format!("{} and {}", plural(e, "error"), plural(w, "warning")),
        };
        format!("{what} in the model")
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|d| d.severity == Severity::Error)
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render())
    }
}

impl std::error::Error for Diagnostics {}

#[cfg(test)]
mod tests {
    use super::{Pos, did_you_mean, value_end};

    #[test]
    fn a_value_ends_where_yaml_ends_it() {
        let file: std::sync::Arc<std::path::Path> = std::path::Path::new("m.yaml").into();
        let end = |text: &str, column| {
            value_end(
                text,
                &Pos {
                    file: file.clone(),
                    line: 1,
                    column,
                },
            )
        };
        let flow = "  - {name: UM_ID, type: integr, nullable: false}";
        assert_eq!(end(flow, 12), Some((1, 17))); // UM_ID
        assert_eq!(end(flow, 25), Some((1, 31))); // integr
        assert_eq!(end("    columns: [A, B]   # keys", 14), Some((1, 20))); // [A, B]
        assert_eq!(end("  - name: LOG  # a log", 11), Some((1, 14)));
        assert_eq!(end("  - name: 'it''s'", 11), Some((1, 18)));
        assert_eq!(end(r#"  - name: "a\"b", x"#, 11), Some((1, 17)));
        assert_eq!(end("  - name: \"open", 11), None);
        assert_eq!(end("short", 40), None);
    }

    #[test]
    fn suggestions_are_near_typos_only() {
        let fields = ["name", "columns", "primary_key", "rows"];
        assert_eq!(did_you_mean("colums", fields), Some("columns"));
        assert_eq!(did_you_mean("primary_keys", fields), Some("primary_key"));
        assert_eq!(did_you_mean("Rows", fields), Some("rows"));
        assert_eq!(did_you_mean("description", fields), None);
        assert_eq!(did_you_mean("x", fields), None);
        let dialects = [
            "db2",
            "h2",
            "informix",
            "mssql",
            "mysql",
            "oracle",
            "postgresql",
        ];
        assert_eq!(did_you_mean("postgres", dialects), Some("postgresql"));
        assert_eq!(did_you_mean("sqlite", dialects), None);
        // A name differing only in case is the nearest of all.
        assert_eq!(
            did_you_mean("um_tenant", ["UM_TENANT", "UM_TENANTS"]),
            Some("UM_TENANT")
        );
    }
}
