//! Informix migrations (`schemagen diff`). No Informix engine runs here and sqlfluff has no
//! Informix dialect, so the migrations are judged by these tests instead:
//!
//! * a snapshot of the migration of every case in tests/migrations/<case>/ (the cases the
//!   engine tests run on PostgreSQL, MariaDB and H2), reviewed line by line against the HCL
//!   Informix 14.10 manuals (snapshots/migrations_informix/);
//! * what sqlfluff would check, as rules asserted one by one on every statement of those
//!   migrations (statement forms, clause forms, terminators, balanced parentheses, no keyword
//!   of another dialect), each rule also shown to catch a bad statement;
//! * Informix's pitfalls asserted on the rendered SQL: `ADD (c ...)`, `MODIFY (c ...)` restating
//!   the whole column (SERIAL stays SERIAL), `DROP (c)`, `RENAME COLUMN t.a TO b`,
//!   `RENAME TABLE a TO b`, `DROP INDEX i`, `DROP CONSTRAINT n`, `ADD CONSTRAINT <c> CONSTRAINT
//!   n` as CREATE writes it, the keys a MODIFY would drop dropped and added again, unnamed
//!   constraints found in the catalog, ON DELETE CASCADE as the only action.

mod support;

use std::fs;
use std::path::{Path, PathBuf};

use schemagen::dialect::DialectName;
use schemagen::diff;
use schemagen::model::{Diagnostic, Model};
use support::fixtures::{
    Rendered, case_name, migration_cases as cases, migration_script as script,
    rendered_migration as migration,
};

const INFORMIX: DialectName = DialectName::Informix;

/// The Informix version the migrations are written for.
const VERSION: &str = "14.10";

/// The product of the engine tests (tests/engine_migrations.rs), also targeting Informix.
fn product(version: &str) -> String {
    format!(
        "product: migrations
check_allowed_values: true
dialects:
  postgresql: {{version: \"12\"}}
  mysql: {{version: \"8.0\"}}
  h2: {{version: \"2.1\"}}
  informix: {{version: \"{version}\"}}
# Informix has no form of a unique key that keeps NULLs distinct (E054): these cases take its
# behaviour, as a product targeting it must.
unique_nulls_equal_in:
  dialects: [informix]
  reason: at most one row leaves a key column unset
modules:
  - file: m.yaml
"
    )
}

/// Loads a one-module model (module text `module_yaml`) targeting Informix at `version`.
fn load(module_yaml: &str, version: &str) -> Result<Model, Vec<Diagnostic>> {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("product.yaml"), product(version)).unwrap();
    fs::write(dir.path().join("m.yaml"), module_yaml).unwrap();
    schemagen::model::load(dir.path()).map_err(|d| d.0)
}

#[track_caller]
fn model(module_yaml: &str, version: &str) -> Model {
    load(module_yaml, version).unwrap_or_else(|d| panic!("{d:?}"))
}

fn case_text(case: &Path, file: &str) -> String {
    fs::read_to_string(case.join(file)).unwrap()
}

/// The statements (with terminators) of the Informix migration from `old` to `new`.
#[track_caller]
fn informix(old: &str, new: &str) -> Vec<String> {
    informix_at(old, new, VERSION)
}

#[track_caller]
fn informix_at(old: &str, new: &str, version: &str) -> Vec<String> {
    migration(&model(old, version), &model(new, version), INFORMIX)
        .into_iter()
        .map(|r| r.text)
        .collect()
}

/// The Informix migration of a case of tests/migrations/.
#[track_caller]
fn case(name: &str) -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/migrations")
        .join(name);
    informix(&case_text(&dir, "old.yaml"), &case_text(&dir, "new.yaml"))
}

#[track_caller]
fn position(statements: &[String], expected: &str) -> usize {
    statements
        .iter()
        .position(|s| s == expected)
        .unwrap_or_else(|| panic!("no statement `{expected}` in:\n{}", statements.join("\n")))
}

// --- 1. every case, snapshotted ------------------------------------------------------------

/// The one case whose NEW Informix cannot declare: ON DELETE SET NULL.
const NOT_DECLARABLE: &str = "change_foreign_key_action";

/// The one case that changes only descriptions, which Informix does not store (no COMMENT
/// statement; the CREATE script writes them as `--` lines): its migration has no statement.
const DESCRIPTIONS_ONLY: &str = "change_descriptions";

#[test]
fn every_case_snapshot() {
    let mut seen_rejected = false;
    for case in cases() {
        let name = case_name(&case);
        let case_yaml = case_text(&case, "case.yaml");
        let old = model(&case_text(&case, "old.yaml"), VERSION);
        let text = match load(&case_text(&case, "new.yaml"), VERSION) {
            Err(errors) => {
                // What `schemagen diff` says then: NEW is invalid for Informix, exit 1.
                assert_eq!(name, NOT_DECLARABLE, "{name}: {errors:?}");
                seen_rejected = true;
                errors
                    .iter()
                    .map(|e| format!("-- rejected: {} {}\n", e.code, e.message))
                    .collect()
            }
            Ok(new) => {
                let rendered = migration(&old, &new, INFORMIX);
                assert_eq!(
                    rendered.is_empty(),
                    name == DESCRIPTIONS_ONLY,
                    "{name}: whether it has a statement"
                );
                for r in &rendered {
                    assert!(
                        !r.statement.manual,
                        "{name}: every key of the cases is named, yet: {}",
                        r.text
                    );
                }
                let destructive = diff::diff_models(&old, &new, &[INFORMIX])
                    .iter()
                    .flat_map(|f| &f.changes)
                    .any(|c| c.destructive().is_some());
                assert_eq!(
                    destructive,
                    case_yaml.contains("destructive: true"),
                    "{name}: destructive flag"
                );
                assert!(
                    diff::diff_models(&new, &new, &[INFORMIX])
                        .iter()
                        .all(|f| f.changes.is_empty() && f.statements.is_empty()),
                    "{name}: NEW against itself"
                );
                script(&rendered)
            }
        };
        let note = case_yaml
            .lines()
            .find_map(|l| l.strip_prefix("note: "))
            .unwrap_or("\"\"")
            .to_string();
        insta::with_settings!({
            snapshot_path => "../snapshots/migrations_informix",
            prepend_module_to_snapshot => false,
            omit_expression => true,
            description => format!("{name}: {note}"),
        }, {
            insta::assert_snapshot!(name.as_str(), text);
        });
    }
    assert!(seen_rejected, "{NOT_DECLARABLE} is no longer rejected");
}

// --- 2. what sqlfluff would check, rule by rule ---------------------------------------------
//
// sqlfluff has no Informix dialect (its ANSI parser rejects `ADD (c ...)`, `MODIFY (...)` and
// the name after the constraint), so each rule a linter would apply is asserted here on every
// statement of every case's migration, and each checker is shown to reject a bad statement.

/// A token of a statement.
#[derive(Debug, Clone, PartialEq)]
enum Tok {
    /// An undelimited word (keyword or name), as written.
    Word(String),
    /// A delimited identifier ("...", read with DELIMIDENT).
    Delimited(String),
    /// A string literal, without its quotes.
    Str(String),
    Number(String),
    Punct(char),
}

impl Tok {
    fn is(&self, word: &str) -> bool {
        matches!(self, Tok::Word(w) if w.eq_ignore_ascii_case(word))
    }

    fn is_punct(&self, c: char) -> bool {
        *self == Tok::Punct(c)
    }

    fn is_identifier(&self) -> bool {
        matches!(self, Tok::Word(_) | Tok::Delimited(_))
    }
}

/// Splits a statement into tokens; fails on an unclosed string or delimited identifier and on
/// a character Informix SQL has no use for here (backticks, brackets).
fn tokens(sql: &str) -> Result<Vec<Tok>, String> {
    let chars: Vec<char> = sql.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '-' && chars.get(i + 1) == Some(&'-') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '\'' || c == '"' {
            let mut text = String::new();
            i += 1;
            loop {
                match chars.get(i) {
                    None => return Err(format!("unclosed {c} in `{sql}`")),
                    Some(&q) if q == c && chars.get(i + 1) == Some(&c) => {
                        text.push(c);
                        i += 2;
                    }
                    Some(&q) if q == c => {
                        i += 1;
                        break;
                    }
                    Some(&other) => {
                        text.push(other);
                        i += 1;
                    }
                }
            }
            out.push(if c == '\'' {
                Tok::Str(text)
            } else {
                Tok::Delimited(text)
            });
        } else if c.is_ascii_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push(Tok::Word(chars[start..i].iter().collect()));
        } else if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            out.push(Tok::Number(chars[start..i].iter().collect()));
        } else if "(),.;=-".contains(c) {
            out.push(Tok::Punct(c));
            i += 1;
        } else {
            return Err(format!("unexpected `{c}` in `{sql}`"));
        }
    }
    Ok(out)
}

/// Every statement of every case's Informix migration, with its terminator.
fn all_statements() -> Vec<(String, Rendered)> {
    let mut out = Vec::new();
    for case in cases() {
        let name = case_name(&case);
        let Ok(new) = load(&case_text(&case, "new.yaml"), VERSION) else {
            continue; // the case Informix cannot declare (every_case_snapshot)
        };
        let old = model(&case_text(&case, "old.yaml"), VERSION);
        out.extend(
            migration(&old, &new, INFORMIX)
                .into_iter()
                .map(|r| (name.clone(), r)),
        );
    }
    assert!(out.len() >= 30, "the cases give {} statements", out.len());
    out
}

/// Applies `rule` to every statement of the cases, and checks it rejects `bad`.
#[track_caller]
fn assert_rule(rule: fn(&str) -> Result<(), String>, bad: &str) {
    let failures: Vec<String> = all_statements()
        .into_iter()
        .filter_map(|(case, r)| rule(&r.text).err().map(|e| format!("{case}: {e}")))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(rule(bad).is_err(), "the rule lets `{bad}` through");
}

fn is_manual(text: &str) -> bool {
    text.starts_with("-- MANUAL: ")
}

/// The tokens of a statement without its terminator (which must be there).
fn body(text: &str) -> Result<Vec<Tok>, String> {
    let mut toks = tokens(text)?;
    match toks.pop() {
        Some(Tok::Punct(';')) => Ok(toks),
        _ => Err(format!("`{text}` does not end with `;`")),
    }
}

fn rule_terminator(text: &str) -> Result<(), String> {
    if is_manual(text) {
        return match text.contains('\n') || text.trim_end().ends_with(';') {
            true => Err(format!(
                "a MANUAL line is one comment line, unterminated: `{text}`"
            )),
            false => Ok(()),
        };
    }
    let toks = body(text)?;
    match toks.iter().any(|t| t.is_punct(';')) {
        true => Err(format!("more than one statement in `{text}`")),
        false => Ok(()),
    }
}

#[test]
fn every_statement_ends_with_one_semicolon_and_manual_lines_with_none() {
    assert_rule(rule_terminator, "ALTER TABLE T DROP (C)");
    assert!(rule_terminator("DROP TABLE A; DROP TABLE B;").is_err());
    assert!(rule_terminator("-- MANUAL: drop it;").is_err());
}

/// The statements Informix has for what a migration does.
const STATEMENT_FORMS: &[&[&str]] = &[
    &["CREATE", "TABLE"],
    &["CREATE", "INDEX"],
    &["CREATE", "UNIQUE", "INDEX"],
    &["DROP", "TABLE"],
    &["DROP", "INDEX"],
    &["ALTER", "TABLE"],
    &["RENAME", "TABLE"],
    &["RENAME", "COLUMN"],
    &["INSERT", "INTO"],
    &["UPDATE"],
    &["DELETE", "FROM"],
];

fn rule_statement_form(text: &str) -> Result<(), String> {
    if is_manual(text) {
        return Ok(());
    }
    let toks = body(text)?;
    let known = STATEMENT_FORMS.iter().any(|form| {
        form.iter()
            .enumerate()
            .all(|(i, w)| toks.get(i).is_some_and(|t| t.is(w)))
    });
    match known {
        true => Ok(()),
        false => Err(format!("not an Informix statement form: `{text}`")),
    }
}

#[test]
fn every_statement_is_an_informix_statement_form() {
    assert_rule(rule_statement_form, "COMMENT ON TABLE T IS 'x';");
    assert!(rule_statement_form("ALTER INDEX I RENAME TO J;").is_err());
}

/// ALTER TABLE t, then one of Informix's clauses: `ADD (...)`, `DROP (...)`, `MODIFY (...)`,
/// `ADD CONSTRAINT ...`, `DROP CONSTRAINT n`. The parenthesized ones end the statement.
fn rule_alter_table_clause(text: &str) -> Result<(), String> {
    if is_manual(text) || !text.starts_with("ALTER TABLE ") {
        return Ok(());
    }
    let toks = body(text)?;
    let fail = || Err(format!("not an Informix ALTER TABLE clause: `{text}`"));
    if !toks.get(2).is_some_and(Tok::is_identifier) {
        return fail();
    }
    let rest = &toks[3..];
    let parenthesized = |rest: &[Tok]| {
        rest.first().is_some_and(|t| t.is_punct('('))
            && rest.last().is_some_and(|t| t.is_punct(')'))
            && closes_at_end(rest)
    };
    let ok = match rest {
        [c, ..] if c.is("ADD") || c.is("DROP") || c.is("MODIFY") => {
            if rest.get(1).is_some_and(|t| t.is("CONSTRAINT")) && !c.is("MODIFY") {
                if c.is("DROP") {
                    rest.len() == 3 && rest[2].is_identifier()
                } else {
                    rest.get(2).is_some_and(|t| {
                        t.is("PRIMARY") || t.is("UNIQUE") || t.is("FOREIGN") || t.is("CHECK")
                    })
                }
            } else {
                parenthesized(&rest[1..])
            }
        }
        _ => false,
    };
    if ok { Ok(()) } else { fail() }
}

/// Whether the parenthesis that opens `toks` closes at its last token.
fn closes_at_end(toks: &[Tok]) -> bool {
    let mut depth = 0;
    for (i, t) in toks.iter().enumerate() {
        if t.is_punct('(') {
            depth += 1;
        } else if t.is_punct(')') {
            depth -= 1;
            if depth == 0 {
                return i == toks.len() - 1;
            }
        }
    }
    false
}

#[test]
fn every_alter_table_uses_an_informix_clause() {
    assert_rule(
        rule_alter_table_clause,
        "ALTER TABLE T ADD COLUMN C INTEGER;",
    );
    for bad in [
        "ALTER TABLE T ALTER COLUMN C SET DATA TYPE BIGINT;",
        "ALTER TABLE T DROP COLUMN C;",
        "ALTER TABLE T RENAME TO U;",
        "ALTER TABLE T ADD C INTEGER;",
        "ALTER TABLE T MODIFY (A INTEGER), ADD (B INTEGER);",
        "ALTER TABLE T ADD CONSTRAINT PK_T PRIMARY KEY (ID);",
        "ALTER TABLE T DROP PRIMARY KEY;",
    ] {
        assert!(rule_alter_table_clause(bad).is_err(), "{bad}");
    }
}

/// A constraint's name follows it (`UNIQUE (c) CONSTRAINT n`): `CONSTRAINT` is the last thing
/// but its name in a constraint definition, or the ADD/DROP CONSTRAINT keyword.
fn rule_constraint_name_after(text: &str) -> Result<(), String> {
    if is_manual(text) {
        return Ok(());
    }
    let toks = body(text)?;
    for (i, t) in toks.iter().enumerate() {
        if !t.is("CONSTRAINT") {
            continue;
        }
        let keyword = i > 0 && (toks[i - 1].is("ADD") || toks[i - 1].is("DROP"));
        let name_last = toks.get(i + 1).is_some_and(Tok::is_identifier)
            && toks
                .get(i + 2)
                .is_none_or(|n| n.is_punct(',') || n.is_punct(')'));
        if !keyword && !name_last {
            return Err(format!("a constraint name before its constraint: `{text}`"));
        }
    }
    Ok(())
}

#[test]
fn every_constraint_name_follows_its_constraint() {
    assert_rule(
        rule_constraint_name_after,
        "CREATE TABLE T (ID INTEGER, CONSTRAINT PK_T PRIMARY KEY (ID));",
    );
}

/// `ON DELETE CASCADE` is the only referential action; there is no ON UPDATE.
fn rule_on_delete_cascade_only(text: &str) -> Result<(), String> {
    if is_manual(text) {
        return Ok(());
    }
    let toks = body(text)?;
    for (i, t) in toks.iter().enumerate() {
        let (event, action) = (toks.get(i + 1), toks.get(i + 2));
        let referential = t.is("ON") && event.is_some_and(|e| e.is("DELETE") || e.is("UPDATE"));
        if referential
            && !(event.is_some_and(|e| e.is("DELETE")) && action.is_some_and(|a| a.is("CASCADE")))
        {
            return Err(format!("a referential action Informix lacks: `{text}`"));
        }
    }
    Ok(())
}

#[test]
fn every_referential_action_is_on_delete_cascade() {
    assert_rule(
        rule_on_delete_cascade_only,
        "ALTER TABLE C ADD CONSTRAINT FOREIGN KEY (P) REFERENCES P (ID) ON DELETE SET NULL CONSTRAINT FK;",
    );
    assert!(
        rule_on_delete_cascade_only(
            "ALTER TABLE C ADD CONSTRAINT FOREIGN KEY (P) REFERENCES P (ID) ON UPDATE CASCADE;"
        )
        .is_err()
    );
}

/// Words of other dialects' DDL that Informix does not have (or spells otherwise), outside
/// string literals and delimited names.
const FOREIGN_WORDS: &[&[&str]] = &[
    &["ALTER", "COLUMN"],
    &["ADD", "COLUMN"],
    &["DROP", "COLUMN"],
    &["SET", "DATA", "TYPE"],
    &["SET", "DEFAULT"],
    &["DROP", "DEFAULT"],
    &["SET", "NOT", "NULL"],
    &["DROP", "NOT", "NULL"],
    &["DROP", "PRIMARY", "KEY"],
    &["DROP", "FOREIGN", "KEY"],
    &["RENAME", "TO"],
    &["COMMENT", "ON"],
    &["GENERATED"],
    &["IDENTITY"],
    &["AUTO_INCREMENT"],
    &["CURRENT_TIMESTAMP"],
    &["CURRENT_DATE"],
    &["TRUE"],
    &["FALSE"],
    &["USING"],
    &["ENGINE"],
    &["NOCHECK"],
    &["TIMESTAMP"],
    &["VARCHAR2"],
    &["NUMBER"],
];

fn rule_no_foreign_words(text: &str) -> Result<(), String> {
    if is_manual(text) {
        return Ok(());
    }
    let toks = body(text)?;
    for words in FOREIGN_WORDS {
        let found = toks
            .windows(words.len())
            .any(|w| w.iter().zip(words.iter()).all(|(t, word)| t.is(word)));
        if found {
            return Err(format!("`{}` is not Informix: `{text}`", words.join(" ")));
        }
    }
    Ok(())
}

#[test]
fn no_statement_uses_another_dialects_words() {
    assert_rule(
        rule_no_foreign_words,
        "ALTER TABLE T MODIFY (FLAG BOOLEAN DEFAULT TRUE);",
    );
    assert!(
        rule_no_foreign_words("ALTER TABLE T ADD (AT TIMESTAMP DEFAULT CURRENT_TIMESTAMP);")
            .is_err()
    );
    // A word inside a string is data, not SQL.
    assert!(rule_no_foreign_words("UPDATE T SET NOTE = 'ALTER COLUMN' WHERE ID = 1;").is_ok());
}

fn rule_balanced(text: &str) -> Result<(), String> {
    if is_manual(text) {
        return Ok(());
    }
    let mut depth = 0i32;
    for t in body(text)? {
        if t.is_punct('(') {
            depth += 1;
        } else if t.is_punct(')') {
            depth -= 1;
        }
        if depth < 0 {
            return Err(format!("`)` without `(`: `{text}`"));
        }
    }
    match depth {
        0 => Ok(()),
        _ => Err(format!("unbalanced parentheses: `{text}`")),
    }
}

#[test]
fn every_statement_has_balanced_parentheses_and_closed_literals() {
    assert_rule(rule_balanced, "ALTER TABLE T ADD (C DECIMAL(8,2);");
    assert!(rule_balanced("UPDATE T SET C = 'it''s WHERE ID = 1;").is_err());
    assert!(rule_balanced("UPDATE T SET C = 'it''s' WHERE ID = 1;").is_ok());
}

/// `DROP INDEX i`: no `ON t` (Informix index names are unique in the database).
fn rule_drop_index(text: &str) -> Result<(), String> {
    if !text.starts_with("DROP INDEX ") {
        return Ok(());
    }
    let toks = body(text)?;
    match toks.len() == 3 && toks[2].is_identifier() {
        true => Ok(()),
        false => Err(format!("not `DROP INDEX i`: `{text}`")),
    }
}

#[test]
fn every_drop_index_names_only_the_index() {
    assert_rule(rule_drop_index, "DROP INDEX IDX_T ON T;");
}

/// `RENAME COLUMN t.a TO b` and `RENAME TABLE a TO b`.
fn rule_rename(text: &str) -> Result<(), String> {
    if !text.starts_with("RENAME ") {
        return Ok(());
    }
    let toks = body(text)?;
    let id = |i: usize| toks.get(i).is_some_and(Tok::is_identifier);
    let ok = if toks[1].is("COLUMN") {
        toks.len() == 7 && id(2) && toks[3].is_punct('.') && id(4) && toks[5].is("TO") && id(6)
    } else {
        toks[1].is("TABLE") && toks.len() == 5 && id(2) && toks[3].is("TO") && id(4)
    };
    match ok {
        true => Ok(()),
        false => Err(format!("not an Informix RENAME: `{text}`")),
    }
}

#[test]
fn every_rename_is_an_informix_rename_statement() {
    assert_rule(rule_rename, "RENAME COLUMN LABEL TO TITLE;");
    assert!(rule_rename("RENAME TABLE A TO OWNER.B;").is_err());
}

/// The types a column is written with (dialects/informix/dialect.yaml, SERIAL types).
const INFORMIX_TYPES: &[&str] = &[
    "SMALLINT",
    "INTEGER",
    "BIGINT",
    "INT8",
    "SERIAL",
    "SERIAL8",
    "BIGSERIAL",
    "VARCHAR",
    "LVARCHAR",
    "CHAR",
    "DECIMAL",
    "FLOAT",
    "BOOLEAN",
    "DATE",
    "DATETIME",
    "CLOB",
    "BLOB",
    "BSON",
];

/// Inside `ADD (...)` and `MODIFY (...)`: `name type [DEFAULT value] [NOT NULL]`, the whole
/// column, DEFAULT before NOT NULL.
fn rule_column_definition(text: &str) -> Result<(), String> {
    if is_manual(text) || !text.starts_with("ALTER TABLE ") {
        return Ok(());
    }
    let toks = body(text)?;
    let is_column_clause =
        (toks[3].is("ADD") || toks[3].is("MODIFY")) && toks.get(4).is_some_and(|t| t.is_punct('('));
    if !is_column_clause {
        return Ok(());
    }
    let inner = &toks[5..toks.len() - 1];
    let fail = |why: &str| Err(format!("{why}: `{text}`"));
    if !inner.first().is_some_and(Tok::is_identifier) {
        return fail("no column name");
    }
    if !inner
        .get(1)
        .is_some_and(|t| INFORMIX_TYPES.iter().any(|ty| t.is(ty)))
    {
        return fail("no Informix type after the column name");
    }
    let default = inner.iter().position(|t| t.is("DEFAULT"));
    let not_null = inner
        .windows(2)
        .position(|w| w[0].is("NOT") && w[1].is("NULL"));
    if let (Some(d), Some(n)) = (default, not_null)
        && d > n
    {
        return fail("DEFAULT after NOT NULL");
    }
    if let Some(n) = not_null
        && n + 2 != inner.len()
    {
        return fail("something after NOT NULL");
    }
    Ok(())
}

#[test]
fn every_added_or_modified_column_is_written_whole() {
    assert_rule(
        rule_column_definition,
        "ALTER TABLE T MODIFY (C VARCHAR(20) NOT NULL DEFAULT 'x');",
    );
    assert!(rule_column_definition("ALTER TABLE T MODIFY (C NOT NULL);").is_err());
}

/// Identifiers within Informix's 128 bytes.
fn rule_identifier_length(text: &str) -> Result<(), String> {
    if is_manual(text) {
        return Ok(());
    }
    for t in body(text)? {
        if let Tok::Word(w) | Tok::Delimited(w) = &t
            && w.len() > 128
        {
            return Err(format!("`{w}` is longer than 128 bytes"));
        }
    }
    Ok(())
}

#[test]
fn every_identifier_fits_informix() {
    assert_rule(
        rule_identifier_length,
        &format!("DROP INDEX {};", "I".repeat(129)),
    );
}

// --- 3. Informix's pitfalls, on the rendered SQL --------------------------------------------

/// The OLD model every case of tests/migrations/ starts from.
fn base() -> String {
    case_text(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/migrations/add_column"),
        "old.yaml",
    )
}

/// `text` with `from` replaced by `to`, exactly once.
#[track_caller]
fn edit(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "`{from}` once");
    text.replacen(from, to, 1)
}

#[test]
fn add_column_takes_the_definition_in_parentheses() {
    assert_eq!(
        case("add_column"),
        ["ALTER TABLE CHILD ADD (WEIGHT DECIMAL(8,2) DEFAULT 0);"]
    );
    assert_eq!(
        case("add_not_null_column_with_default"),
        ["ALTER TABLE CHILD ADD (STATE CHAR(1) DEFAULT 'A' NOT NULL);"]
    );
}

#[test]
fn added_columns_take_informix_literals_and_types() {
    let new = edit(
        &base(),
        "      - {name: LABEL, type: varchar(30)}\n",
        "      - {name: LABEL, type: varchar(30)}
      - {name: FLAG, type: boolean, nullable: false, default: true}
      - {name: SEEN, type: timestamp, default: {expr: current_timestamp}}
      - {name: OPENED, type: date, default: {expr: current_date}}
      - {name: BODY, type: varchar(300)}
",
    );
    assert_eq!(
        informix(&base(), &new),
        [
            "ALTER TABLE CHILD ADD (FLAG BOOLEAN DEFAULT 't' NOT NULL);",
            "ALTER TABLE CHILD ADD (SEEN DATETIME YEAR TO SECOND DEFAULT CURRENT YEAR TO SECOND);",
            "ALTER TABLE CHILD ADD (OPENED DATE DEFAULT TODAY);",
            "ALTER TABLE CHILD ADD (BODY LVARCHAR(300));",
        ]
    );
}

#[test]
fn drop_column_names_the_column_in_parentheses() {
    assert_eq!(case("drop_column"), ["ALTER TABLE CHILD DROP (LABEL);"]);
}

#[test]
fn modify_restates_the_whole_column() {
    // What MODIFY leaves out is dropped: the default here, NOT NULL there.
    assert_eq!(
        case("drop_default"),
        ["ALTER TABLE PARENT MODIFY (QTY INTEGER);"]
    );
    assert_eq!(
        case("set_not_null_without_default"),
        ["ALTER TABLE CHILD MODIFY (LABEL VARCHAR(30) NOT NULL);"]
    );
    // A type change keeps the default by restating it.
    assert_eq!(
        case("retype_integer_to_bigint"),
        ["ALTER TABLE PARENT MODIFY (QTY BIGINT DEFAULT 1);"]
    );
    // A default change keeps NOT NULL and the type by restating them.
    let new = edit(
        &base(),
        "{name: CODE, type: varchar(20), nullable: false}",
        "{name: CODE, type: varchar(20), nullable: false, default: none}",
    );
    let statements = informix(&base(), &new);
    assert!(
        statements.contains(
            &"ALTER TABLE PARENT MODIFY (CODE VARCHAR(20) DEFAULT 'none' NOT NULL);".to_string()
        ),
        "{statements:?}"
    );
    // Above 254 bytes the type becomes LVARCHAR, as CREATE writes it.
    let new = edit(
        &base(),
        "{name: NOTE, type: varchar(100)}",
        // 300, not more: NOTE is indexed, and an Informix key holds 390 bytes on the default
        // 2 KB pages (LVARCHAR(300) takes 303; E072).
        "{name: NOTE, type: varchar(300)}",
    );
    assert_eq!(
        informix(&base(), &new),
        ["ALTER TABLE PARENT MODIFY (NOTE LVARCHAR(300));"]
    );
    // No ANSI ALTER COLUMN form is left behind.
    assert!(
        statements.iter().all(|s| !s.contains("ALTER COLUMN")),
        "{statements:?}"
    );
}

/// A table whose key is SERIAL, with a table that references it.
const SERIAL_OLD: &str = "module: m
tables:
  - name: ACCOUNT
    columns:
      - {name: ID, type: integer, nullable: false, auto_increment: true}
      - {name: NAME, type: varchar(40), nullable: false}
    primary_key: [ID]
    primary_key_name: PK_ACCOUNT
  - name: LOGIN
    columns:
      - {name: ID, type: integer, nullable: false, auto_increment: true}
      - {name: ACCOUNT_ID, type: integer, nullable: false}
    primary_key: [ID]
    primary_key_name: PK_LOGIN
    foreign_keys:
      - {name: FK_LOGIN_ACCOUNT, columns: [ACCOUNT_ID], references: ACCOUNT, ref_columns: [ID]}
";

#[test]
fn serial_columns_stay_serial_through_modify() {
    // Widening the SERIAL key and its reference: BIGSERIAL on 14.10, SERIAL8/INT8 before 11.50.
    let new = edit(
        &edit(
            SERIAL_OLD,
            "{name: ID, type: integer, nullable: false, auto_increment: true}
      - {name: NAME",
            "{name: ID, type: bigint, nullable: false, auto_increment: true}
      - {name: NAME",
        ),
        "{name: ACCOUNT_ID, type: integer",
        "{name: ACCOUNT_ID, type: bigint",
    );
    let at_14 = informix(SERIAL_OLD, &new);
    assert_eq!(
        at_14,
        [
            "ALTER TABLE LOGIN DROP CONSTRAINT FK_LOGIN_ACCOUNT;",
            "ALTER TABLE ACCOUNT DROP CONSTRAINT PK_ACCOUNT;",
            "ALTER TABLE ACCOUNT MODIFY (ID BIGSERIAL NOT NULL);",
            "ALTER TABLE LOGIN MODIFY (ACCOUNT_ID BIGINT NOT NULL);",
            "ALTER TABLE ACCOUNT ADD CONSTRAINT PRIMARY KEY (ID) CONSTRAINT PK_ACCOUNT;",
            "ALTER TABLE LOGIN ADD CONSTRAINT FOREIGN KEY (ACCOUNT_ID) REFERENCES ACCOUNT (ID) CONSTRAINT FK_LOGIN_ACCOUNT;",
        ]
    );
    let at_11 = informix_at(SERIAL_OLD, &new, "11.10");
    assert!(
        at_11.contains(&"ALTER TABLE ACCOUNT MODIFY (ID SERIAL8 NOT NULL);".to_string()),
        "{at_11:?}"
    );
    assert!(
        at_11.contains(&"ALTER TABLE LOGIN MODIFY (ACCOUNT_ID INT8 NOT NULL);".to_string()),
        "{at_11:?}"
    );

    // A change that is not the type still restates SERIAL: here the column stops being filled
    // by the database, and starts again.
    let plain = edit(
        SERIAL_OLD,
        "{name: ID, type: integer, nullable: false, auto_increment: true}
      - {name: ACCOUNT_ID",
        "{name: ID, type: integer, nullable: false}
      - {name: ACCOUNT_ID",
    );
    assert_eq!(
        informix(SERIAL_OLD, &plain),
        [
            "ALTER TABLE LOGIN DROP CONSTRAINT PK_LOGIN;",
            "ALTER TABLE LOGIN MODIFY (ID INTEGER NOT NULL);",
            "ALTER TABLE LOGIN ADD CONSTRAINT PRIMARY KEY (ID) CONSTRAINT PK_LOGIN;",
        ]
    );
    assert_eq!(
        informix(&plain, SERIAL_OLD),
        [
            "ALTER TABLE LOGIN DROP CONSTRAINT PK_LOGIN;",
            "ALTER TABLE LOGIN MODIFY (ID SERIAL NOT NULL);",
            "ALTER TABLE LOGIN ADD CONSTRAINT PRIMARY KEY (ID) CONSTRAINT PK_LOGIN;",
        ]
    );
}

#[test]
fn modify_on_a_key_column_drops_and_adds_the_keys_it_would_lose() {
    // MODIFY would drop UK_PARENT_CODE with the column's old attributes: dropped by name before,
    // added again after.
    let statements = case("drop_not_null");
    assert_eq!(
        statements,
        [
            "ALTER TABLE PARENT DROP CONSTRAINT UK_PARENT_CODE;",
            "ALTER TABLE PARENT MODIFY (CODE VARCHAR(20));",
            "ALTER TABLE PARENT ADD CONSTRAINT UNIQUE (CODE) CONSTRAINT UK_PARENT_CODE;",
        ]
    );
    // A referenced key column: the other table's foreign key goes first and comes back last.
    let new = edit(
        &base(),
        "{name: ID, type: integer, nullable: false}
      - {name: CODE",
        "{name: ID, type: bigint, nullable: false}
      - {name: CODE",
    );
    let new = edit(
        &new,
        "{name: PARENT_ID, type: integer}",
        "{name: PARENT_ID, type: bigint}",
    );
    let statements = informix(&base(), &new);
    let drop_fk = position(
        &statements,
        "ALTER TABLE CHILD DROP CONSTRAINT FK_CHILD_PARENT;",
    );
    let drop_pk = position(&statements, "ALTER TABLE PARENT DROP CONSTRAINT PK_PARENT;");
    let modify_id = position(
        &statements,
        "ALTER TABLE PARENT MODIFY (ID BIGINT NOT NULL);",
    );
    let modify_ref = position(&statements, "ALTER TABLE CHILD MODIFY (PARENT_ID BIGINT);");
    let add_pk = position(
        &statements,
        "ALTER TABLE PARENT ADD CONSTRAINT PRIMARY KEY (ID) CONSTRAINT PK_PARENT;",
    );
    let add_fk = position(
        &statements,
        "ALTER TABLE CHILD ADD CONSTRAINT FOREIGN KEY (PARENT_ID) REFERENCES PARENT (ID) ON DELETE CASCADE CONSTRAINT FK_CHILD_PARENT;",
    );
    assert!(drop_fk < drop_pk && drop_pk < modify_id, "{statements:#?}");
    assert!(
        modify_id.max(modify_ref) < add_pk && add_pk < add_fk,
        "{statements:#?}"
    );
    assert_eq!(statements.len(), 6, "{statements:#?}");
    // A column no constraint covers is modified alone.
    assert_eq!(
        case("widen_varchar"),
        ["ALTER TABLE PARENT MODIFY (NOTE VARCHAR(200));"]
    );
    // The databases whose column change keeps its keys are not given the extra steps.
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/migrations/drop_not_null");
    let (old, new) = (
        model(&case_text(&dir, "old.yaml"), VERSION),
        model(&case_text(&dir, "new.yaml"), VERSION),
    );
    for dialect in [DialectName::Postgresql, DialectName::Mysql, DialectName::H2] {
        let sql = script(&migration(&old, &new, dialect));
        assert!(!sql.contains("UK_PARENT_CODE"), "{dialect}: {sql}");
    }
}

#[test]
fn renames_are_statements_of_their_own() {
    assert_eq!(
        case("rename_column"),
        ["RENAME COLUMN CHILD.LABEL TO TITLE;"]
    );
    assert_eq!(case("rename_table"), ["RENAME TABLE CHILD TO KID;"]);
}

#[test]
fn drop_index_names_only_the_index() {
    assert_eq!(case("drop_index"), ["DROP INDEX IDX_PARENT_NOTE;"]);
    assert_eq!(
        case("change_index_columns"),
        [
            "DROP INDEX IDX_PARENT_NOTE;",
            "CREATE INDEX IDX_PARENT_NOTE ON PARENT (NOTE, QTY);",
        ]
    );
}

#[test]
fn named_constraints_are_dropped_by_name() {
    assert_eq!(
        case("drop_unique"),
        ["ALTER TABLE PARENT DROP CONSTRAINT UK_PARENT_CODE;"]
    );
    // The foreign key's index goes with the constraint: nothing else to drop.
    assert_eq!(
        case("drop_foreign_key"),
        ["ALTER TABLE CHILD DROP CONSTRAINT FK_CHILD_PARENT;"]
    );
}

#[test]
fn constraints_are_added_with_the_name_after_them() {
    assert_eq!(
        case("add_unique"),
        ["ALTER TABLE CHILD ADD CONSTRAINT UNIQUE (LABEL) CONSTRAINT UK_CHILD_LABEL;"]
    );
    assert_eq!(
        case("add_foreign_key"),
        [
            "ALTER TABLE CHILD ADD CONSTRAINT FOREIGN KEY (PARENT_ID) REFERENCES PARENT (ID) ON DELETE CASCADE CONSTRAINT FK_CHILD_PARENT;"
        ]
    );
    assert_eq!(
        case("change_primary_key"),
        [
            "ALTER TABLE CHILD DROP CONSTRAINT PK_CHILD;",
            "ALTER TABLE CHILD MODIFY (LABEL VARCHAR(30) DEFAULT 'x' NOT NULL);",
            "ALTER TABLE CHILD ADD CONSTRAINT PRIMARY KEY (ID, LABEL) CONSTRAINT PK_CHILD;",
        ]
    );
}

/// Two tables referencing each other: CREATE closes the cycle with ALTER TABLE.
const CYCLE: &str = "module: m
tables:
  - name: OWNER
    columns:
      - {name: ID, type: integer, nullable: false}
      - {name: PET_ID, type: integer}
    primary_key: [ID]
    primary_key_name: PK_OWNER
    foreign_keys:
      - {name: FK_OWNER_PET, columns: [PET_ID], references: PET, ref_columns: [ID]}
  - name: PET
    columns:
      - {name: ID, type: integer, nullable: false}
      - {name: OWNER_ID, type: integer}
    primary_key: [ID]
    primary_key_name: PK_PET
    foreign_keys:
      - {name: FK_PET_OWNER, columns: [OWNER_ID], references: OWNER, ref_columns: [ID], on_delete: cascade}
";

#[test]
fn an_added_constraint_is_written_as_create_closes_a_cycle() {
    let created = schemagen::emit::generate(&model(CYCLE, VERSION), &[INFORMIX])
        .unwrap()
        .remove(0)
        .contents;
    let closing: Vec<String> = created
        .lines()
        .filter(|l| l.starts_with("ALTER TABLE "))
        .map(str::to_string)
        .collect();
    assert_eq!(closing.len(), 1, "{created}");
    // The same key added by a migration reads the same.
    let without = edit(
        CYCLE,
        "    foreign_keys:
      - {name: FK_OWNER_PET, columns: [PET_ID], references: PET, ref_columns: [ID]}
",
        "",
    );
    let without = edit(
        &without,
        "    foreign_keys:
      - {name: FK_PET_OWNER, columns: [OWNER_ID], references: OWNER, ref_columns: [ID], on_delete: cascade}
",
        "",
    );
    let added = informix(&without, CYCLE);
    assert!(added.contains(&closing[0]), "{added:?} vs {closing:?}");
}

/// The base model with its keys left unnamed: Informix names them `u<tabid>_<n>` /
/// `r<tabid>_<n>` from catalog numbers.
fn unnamed() -> String {
    let text = edit(&base(), "    primary_key_name: PK_CHILD\n", "");
    let text = edit(
        &text,
        "{name: UK_PARENT_CODE, columns: [CODE]}",
        "{columns: [CODE]}",
    );
    edit(&text, "{name: FK_CHILD_PARENT, columns", "{columns")
}

/// The procedure that finds the unnamed constraint of `constraint_type` (P / U / R) of
/// `table` (as written; the catalog holds it in lower case) over the one column `column` by
/// its index's column numbers, and drops it by the name Informix gave it.
fn found_and_dropped(table: &str, constraint_type: &str, column: &str) -> String {
    format!(
        "DROP PROCEDURE IF EXISTS schemagen_drop_key;\n\
         CREATE PROCEDURE schemagen_drop_key()\n    \
         DEFINE found VARCHAR(128);\n    \
         SELECT c.constrname INTO found\n        \
         FROM sysconstraints c, systables t, sysindexes i\n        \
         WHERE t.tabname = '{}' AND c.tabid = t.tabid AND c.constrtype = '{constraint_type}'\n            \
         AND i.tabid = t.tabid AND i.idxname = c.idxname\n            \
         AND i.part1 = (SELECT colno FROM syscolumns WHERE tabid = t.tabid AND colname = '{}')\n            \
         AND i.part2 = 0;\n    \
         EXECUTE IMMEDIATE 'ALTER TABLE {table} DROP CONSTRAINT ' || found;\n\
         END PROCEDURE;\n\
         EXECUTE PROCEDURE schemagen_drop_key();\n\
         DROP PROCEDURE schemagen_drop_key;",
        table.to_lowercase(),
        column.to_lowercase()
    )
}

#[test]
fn unnamed_constraints_are_found_in_the_catalog() {
    let old = model(&unnamed(), VERSION);
    let dropped = edit(&unnamed(), "      - {columns: [CODE]}\n", "");
    let dropped = edit(&dropped, "    unique:\n", "");
    let dropped = edit(
        &dropped,
        "    primary_key: [ID]\n    foreign_keys:",
        "    foreign_keys:",
    );
    let dropped = edit(
        &dropped,
        "    foreign_keys:
      - {columns: [PARENT_ID], references: PARENT, ref_columns: [ID], on_delete: cascade}
",
        "",
    );
    let rendered = migration(&old, &model(&dropped, VERSION), INFORMIX);
    let texts: Vec<&str> = rendered.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            found_and_dropped("CHILD", "R", "PARENT_ID").as_str(),
            found_and_dropped("PARENT", "U", "CODE").as_str(),
            found_and_dropped("CHILD", "P", "ID").as_str(),
        ]
    );
    assert!(rendered.iter().all(|r| !r.statement.manual));
    // A MODIFY over an unnamed key: the key is found and dropped before it, added after it.
    let modified = edit(
        &unnamed(),
        "{name: CODE, type: varchar(20), nullable: false}",
        "{name: CODE, type: varchar(40), nullable: false}",
    );
    assert_eq!(
        informix(&unnamed(), &modified),
        [
            found_and_dropped("PARENT", "U", "CODE").as_str(),
            "ALTER TABLE PARENT MODIFY (CODE VARCHAR(40) NOT NULL);",
            "ALTER TABLE PARENT ADD CONSTRAINT UNIQUE (CODE);",
        ]
    );
}

#[test]
fn on_delete_cascade_is_the_only_action() {
    // The case's ON DELETE SET NULL cannot be declared: NEW is rejected for Informix.
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/migrations/change_foreign_key_action");
    let errors = load(&case_text(&dir, "new.yaml"), VERSION).unwrap_err();
    assert_eq!(
        errors.iter().map(|e| e.code).collect::<Vec<_>>(),
        ["E036"],
        "{errors:?}"
    );
    // Changing CASCADE to the default (no action): dropped, and added without ON DELETE.
    let new = edit(&base(), ", on_delete: cascade}", "}");
    assert_eq!(
        informix(&base(), &new),
        [
            "ALTER TABLE CHILD DROP CONSTRAINT FK_CHILD_PARENT;",
            "ALTER TABLE CHILD ADD CONSTRAINT FOREIGN KEY (PARENT_ID) REFERENCES PARENT (ID) CONSTRAINT FK_CHILD_PARENT;",
        ]
    );
}

#[test]
fn seed_rows_use_informix_literals() {
    let old = edit(
        &base(),
        "      - {name: QTY, type: integer, default: 1}\n",
        "      - {name: QTY, type: integer, default: 1}\n      - {name: ACTIVE, type: boolean, default: false}\n",
    );
    let new = edit(
        &old,
        "{ID: 2, CODE: b, QTY: 5}",
        "{ID: 2, CODE: b, QTY: 5, ACTIVE: true}",
    );
    assert_eq!(
        informix(&old, &new),
        ["UPDATE PARENT SET CODE = 'b', QTY = 5, ACTIVE = 't' WHERE ID = 2;"]
    );
}

#[test]
fn keys_of_a_renamed_table_are_dropped_under_its_old_name() {
    // The drops run before RENAME TABLE, the adds after it.
    let new = edit(
        &base(),
        "  - name: PARENT\n",
        "  - name: PAPA\n    renamed_from: PARENT\n",
    );
    let new = edit(&new, "references: PARENT", "references: PAPA");
    let new = edit(
        &new,
        "{name: CODE, type: varchar(20), nullable: false}",
        "{name: CODE, type: varchar(30), nullable: false}",
    );
    let statements = informix(&base(), &new);
    let drop = position(
        &statements,
        "ALTER TABLE PARENT DROP CONSTRAINT UK_PARENT_CODE;",
    );
    let rename = position(&statements, "RENAME TABLE PARENT TO PAPA;");
    let modify = position(
        &statements,
        "ALTER TABLE PAPA MODIFY (CODE VARCHAR(30) NOT NULL);",
    );
    let add = position(
        &statements,
        "ALTER TABLE PAPA ADD CONSTRAINT UNIQUE (CODE) CONSTRAINT UK_PARENT_CODE;",
    );
    assert!(
        drop < rename && rename < modify && modify < add,
        "{statements:#?}"
    );
}
