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
    pub fn new(pos: Pos, code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            pos,
            code,
            message: message.into(),
            help: None,
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The diagnostic with the source line it points at, when the file can be read.
    pub fn render(&self) -> String {
        let number = self.pos.line.to_string();
        let gutter = " ".repeat(number.len());
        let mut out = format!(
            "error[{}]: {}\n{gutter}--> {}\n",
            self.code, self.message, self.pos
        );
        if let Some(line) = source_line(&self.pos.file, self.pos.line) {
            let caret_at = (self.pos.column.max(1) - 1) as usize;
            let indent: String = line
                .chars()
                .take(caret_at)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            out.push_str(&format!(
                "{gutter} |\n{number} | {line}\n{gutter} | {indent}^\n"
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

fn source_line(file: &Path, line: u64) -> Option<String> {
    if line == 0 {
        return None;
    }
    let text = std::fs::read_to_string(file).ok()?;
    text.lines()
        .nth((line - 1) as usize)
        .map(|l| l.trim_end().to_string())
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
        let mut out: String = self.0.iter().map(|d| d.render() + "\n").collect();
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
