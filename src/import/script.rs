//! A script as statements: sqlparser's tokenizer reads the whole file (so every token keeps its
//! line and column), the script is cut where a statement ends for the dialect's usual client
//! (`;`, Oracle's `/` line, T-SQL's `GO`), and each statement is parsed on its own, so one
//! statement sqlparser cannot read (a trigger body, a client command) does not hide the rest.

use std::path::Path;
use std::sync::Arc;

use sqlparser::ast::Statement;
use sqlparser::parser::Parser;
use sqlparser::tokenizer::{Location, Token, TokenWithSpan, Tokenizer, Whitespace};

use super::source::SqlSource;
use crate::model::{Diagnostic, Pos};

/// One statement of a script: its tokens (without the terminator), where it starts, and what
/// sqlparser made of it.
pub struct Chunk {
    pub tokens: Vec<TokenWithSpan>,
    pub start: Location,
    pub parsed: Result<Vec<Statement>, ParseFailure>,
}

pub struct ParseFailure {
    pub message: String,
    pub at: Location,
}

impl Chunk {
    /// The first words of the statement, upper case (to name what was not read).
    pub fn leading_words(&self, count: usize) -> Vec<String> {
        self.tokens
            .iter()
            .filter_map(|t| match &t.token {
                Token::Word(w) => Some(w.value.to_ascii_uppercase()),
                _ => None,
            })
            .take(count)
            .collect()
    }
}

pub fn position(file: &Arc<Path>, at: Location) -> Pos {
    Pos {
        file: file.clone(),
        line: at.line,
        column: at.column,
    }
}

/// Cuts and parses `text`; a tokenizer error (an unclosed string or comment) is a syntax error
/// of the whole file.
pub fn statements(
    file: &Arc<Path>,
    text: &str,
    source: &dyn SqlSource,
) -> Result<Vec<Chunk>, Diagnostic> {
    let dialect = source.parser_dialect();
    let tokens = Tokenizer::new(dialect, text)
        .tokenize_with_location()
        .map_err(|e| {
            Diagnostic::new(position(file, e.location), "E080", e.message)
                .help("the script is not valid SQL for its dialect")
        })?;
    let mut chunks = Vec::new();
    let mut current: Vec<TokenWithSpan> = Vec::new();
    let mut in_block = false;
    let mut line_command = false;
    let mut i = 0;
    while i < tokens.len() {
        let token = &tokens[i];
        let meaningful = current.iter().any(|t| !is_blank(&t.token));
        if !meaningful && !is_blank(&token.token) {
            let words = words_from(&tokens[i..], 3);
            in_block = source.starts_block(&words);
            line_command = source.is_line_command(&words);
        }
        let ends = match &token.token {
            Token::EOF => true,
            Token::SemiColon => !in_block,
            Token::Whitespace(Whitespace::Newline) => line_command,
            _ => source.ends_statement(&tokens, i),
        };
        if ends {
            if current.iter().any(|t| !is_blank(&t.token)) {
                chunks.push(parse_chunk(std::mem::take(&mut current), source));
            }
            current.clear();
            in_block = false;
            line_command = false;
        } else {
            current.push(token.clone());
        }
        i += 1;
    }
    Ok(chunks)
}

fn parse_chunk(tokens: Vec<TokenWithSpan>, source: &dyn SqlSource) -> Chunk {
    let start = tokens
        .iter()
        .find(|t| !is_blank(&t.token))
        .map(|t| t.span.start)
        .unwrap_or(Location { line: 0, column: 0 });
    let to_parse = source.prepared(&tokens);
    let mut parser = Parser::new(source.parser_dialect()).with_tokens_with_locations(to_parse);
    let parsed = parser.parse_statements().map_err(|e| {
        let at = parser.peek_token_ref().span.start;
        let message = e.to_string();
        // sqlparser appends the position; the diagnostic shows it already.
        let message = message
            .split(" at Line: ")
            .next()
            .unwrap_or(&message)
            .trim_start_matches("sql parser error: ")
            .to_string();
        ParseFailure {
            message,
            at: if at.line == 0 { start } else { at },
        }
    });
    Chunk {
        tokens,
        start,
        parsed,
    }
}

pub fn is_blank(token: &Token) -> bool {
    matches!(token, Token::Whitespace(_))
}

/// The first `count` words from `tokens`, upper case, stopping at anything else that is not
/// whitespace.
pub fn words_from(tokens: &[TokenWithSpan], count: usize) -> Vec<String> {
    tokens
        .iter()
        .filter(|t| !is_blank(&t.token))
        .map_while(|t| match &t.token {
            Token::Word(w) => Some(w.value.to_ascii_uppercase()),
            _ => None,
        })
        .take(count)
        .collect()
}

/// Whether the token at `at` stands alone on its line (Oracle's `/`, T-SQL's `GO`).
pub fn alone_on_line(tokens: &[TokenWithSpan], at: usize) -> bool {
    let before = tokens[..at]
        .iter()
        .rev()
        .take_while(|t| {
            matches!(
                t.token,
                Token::Whitespace(Whitespace::Space | Whitespace::Tab)
            )
        })
        .count();
    let line_start = at == before
        || matches!(
            tokens[at - before - 1].token,
            Token::Whitespace(Whitespace::Newline)
        );
    let after = tokens[at + 1..].iter().find(|t| {
        !matches!(
            t.token,
            Token::Whitespace(Whitespace::Space | Whitespace::Tab)
        )
    });
    let line_end = after.is_none_or(|t| {
        matches!(
            t.token,
            Token::EOF
                | Token::Whitespace(Whitespace::Newline)
                | Token::Whitespace(Whitespace::SingleLineComment { .. })
        )
    });
    line_start && line_end
}
