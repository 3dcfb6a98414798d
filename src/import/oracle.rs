//! Oracle scripts as SQL*Plus runs them: a statement ends at `;` or at a `/` alone on its line,
//! a PL/SQL block (a trigger) only at the `/`, and `SET`, `PROMPT`, `SPOOL` and `WHENEVER`
//! are client commands that end with their line.

use sqlparser::dialect::OracleDialect;
use sqlparser::tokenizer::{Token, TokenWithSpan};

use super::script::{alone_on_line, is_blank};
use super::source::{SqlSource, TypeAlias};
use crate::model::{DialectName, PortableType};

pub struct Oracle;

impl SqlSource for Oracle {
    fn dialect(&self) -> DialectName {
        DialectName::Oracle
    }

    fn parser_dialect(&self) -> &dyn sqlparser::dialect::Dialect {
        &OracleDialect {}
    }

    fn default_version(&self) -> &'static str {
        "19c"
    }

    fn ends_statement(&self, tokens: &[TokenWithSpan], at: usize) -> bool {
        matches!(tokens[at].token, Token::Div) && alone_on_line(tokens, at)
    }

    fn starts_block(&self, words: &[String]) -> bool {
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        matches!(
            words.as_slice(),
            ["BEGIN", ..]
                | ["DECLARE", ..]
                | [
                    "CREATE",
                    "TRIGGER" | "PROCEDURE" | "FUNCTION" | "PACKAGE",
                    ..
                ]
                | ["CREATE", "OR", "REPLACE"]
        )
    }

    fn is_line_command(&self, words: &[String]) -> bool {
        words
            .first()
            .is_some_and(|w| matches!(w.as_str(), "SET" | "PROMPT" | "SPOOL" | "WHENEVER"))
    }

    /// `GENERATED ... AS IDENTITY (NOCACHE)`: sqlparser does not read the options in
    /// parentheses, and the model has none (the column is auto-increment either way).
    fn prepared(&self, tokens: &[TokenWithSpan]) -> Vec<TokenWithSpan> {
        let mut out = Vec::with_capacity(tokens.len());
        let mut i = 0;
        while i < tokens.len() {
            out.push(tokens[i].clone());
            let is_identity = matches!(&tokens[i].token, Token::Word(w) if w.value.eq_ignore_ascii_case("IDENTITY"));
            i += 1;
            if !is_identity {
                continue;
            }
            let mut j = i;
            while j < tokens.len() && is_blank(&tokens[j].token) {
                j += 1;
            }
            if j < tokens.len() && tokens[j].token == Token::LParen {
                let mut depth = 0;
                while j < tokens.len() {
                    match tokens[j].token {
                        Token::LParen => depth += 1,
                        Token::RParen => depth -= 1,
                        _ => {}
                    }
                    j += 1;
                    if depth == 0 {
                        break;
                    }
                }
                i = j;
            }
        }
        out
    }

    fn type_alias(&self, base: &str, args: &[u32]) -> Option<TypeAlias> {
        match (base, args) {
            ("NUMBER", [10]) => TypeAlias::plain(PortableType::Integer),
            ("NUMBER", [5]) => TypeAlias::plain(PortableType::SmallInt),
            ("VARCHAR", [n]) => TypeAlias::plain(PortableType::Varchar(*n)),
            _ => None,
        }
    }
}
