//! SQL Server scripts as sqlcmd runs them: a `GO` line ends a batch, and the
//! `IF NOT EXISTS (...)` guard schemagen and many hand-kept scripts put before a CREATE is
//! read past.

use sqlparser::dialect::MsSqlDialect;
use sqlparser::tokenizer::{Token, TokenWithSpan};

use super::script::{alone_on_line, is_blank, words_from};
use super::source::SqlSource;
use crate::model::DialectName;

pub struct Mssql;

impl SqlSource for Mssql {
    fn dialect(&self) -> DialectName {
        DialectName::Mssql
    }

    fn parser_dialect(&self) -> &dyn sqlparser::dialect::Dialect {
        &MsSqlDialect {}
    }

    fn default_version(&self) -> &'static str {
        "2016"
    }

    fn ends_statement(&self, tokens: &[TokenWithSpan], at: usize) -> bool {
        matches!(&tokens[at].token, Token::Word(w) if w.value.eq_ignore_ascii_case("GO"))
            && alone_on_line(tokens, at)
    }

    fn prepared(&self, tokens: &[TokenWithSpan]) -> Vec<TokenWithSpan> {
        if words_from(tokens, 3) != ["IF", "NOT", "EXISTS"] {
            return tokens.to_vec();
        }
        // Past the guard's parenthesised query: the statement it guards.
        let mut depth = 0usize;
        let mut seen_paren = false;
        for (i, t) in tokens.iter().enumerate() {
            match t.token {
                Token::LParen => {
                    depth += 1;
                    seen_paren = true;
                }
                Token::RParen => {
                    depth = depth.saturating_sub(1);
                    if seen_paren && depth == 0 {
                        let rest = &tokens[i + 1..];
                        if rest.iter().any(|t| !is_blank(&t.token)) {
                            return rest.to_vec();
                        }
                    }
                }
                _ => {}
            }
        }
        tokens.to_vec()
    }
}
