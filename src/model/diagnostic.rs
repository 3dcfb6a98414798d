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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub pos: Pos,
    /// A stable code per rule (`E001`…), so scripts and docs can refer to it.
    pub code: &'static str,
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
            message: shorten(&message.into()),
            help: None,
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(shorten(&help.into()));
        self
    }

    /// The diagnostic with the source line it points at, when the file can be read.
    pub fn render(&self) -> String {
        let text = read_source(&self.pos.file);
        self.render_with(text.as_deref())
    }

    /// The diagnostic with the source line it points at, out of `text` (the file's content).
    fn render_with(&self, text: Option<&str>) -> String {
        let number = self.pos.line.to_string();
        let gutter = " ".repeat(number.len());
        let mut out = format!(
            "error[{}]: {}\n{gutter}--> {}\n",
            self.code, self.message, self.pos
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
                "{gutter} |\n{number} | {shown}\n{gutter} | {indent}^\n"
            ));
        }
        if let Some(help) = &self.help {
            out.push_str(&format!("{gutter} = help: {help}\n"));
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: error[{}]: {}", self.pos, self.code, self.message)?;
        if let Some(help) = &self.help {
            write!(f, " (help: {help})")?;
        }
        Ok(())
    }
}

/// The text of a model file, to quote its lines: only a regular file under the size cap (a
/// FIFO would block, a device never end).
fn read_source(file: &Path) -> Option<String> {
    let meta = std::fs::metadata(file).ok()?;
    if !meta.is_file() || meta.len() > super::load::MAX_FILE_BYTES {
        return None;
    }
    std::fs::read_to_string(file).ok()
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

    pub fn render(&self) -> String {
        // Each file read once, however many diagnostics point into it.
        let mut files: std::collections::HashMap<&Path, Option<String>> = Default::default();
        let mut out = String::new();
        for d in &self.0 {
            let text = files
                .entry(&d.pos.file)
                .or_insert_with(|| read_source(&d.pos.file));
            out.push_str(&d.render_with(text.as_deref()));
            out.push('\n');
        }
        out.push_str(&format!(
            "{} error{} in the model\n",
            self.0.len(),
            if self.0.len() == 1 { "" } else { "s" }
        ));
        out
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render())
    }
}

impl std::error::Error for Diagnostics {}
