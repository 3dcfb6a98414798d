//! Every name schemagen makes up or must predict, in one place, for CREATE and ALTER alike:
//! sequences and triggers of auto-increment columns, unique indexes standing for unique keys,
//! CHECK constraints of allowed values; how a name is quoted under the product's policy and how
//! the catalog stores it. A derived name is deterministic and within the dialect's identifier
//! limit: one that would be too long keeps a readable prefix and a short hash of the full name,
//! so two long tables never share one.

use sha2::{Digest, Sha256};

/// `<base>_<suffix>`, shortened to `max_bytes` as said above.
pub fn derived_name(base: &str, suffix: &str, max_bytes: usize) -> String {
    let plain = format!("{base}_{suffix}");
    if plain.len() <= max_bytes {
        return plain;
    }
    let hash: String = Sha256::digest(base.as_bytes())
        .iter()
        .take(3)
        .map(|b| format!("{b:02X}"))
        .collect();
    let keep = max_bytes.saturating_sub(suffix.len() + hash.len() + 2);
    let prefix: String = base
        .chars()
        .scan(0, |len, c| {
            *len += c.len_utf8();
            (*len <= keep).then_some(c)
        })
        .collect();
    format!("{prefix}_{hash}_{suffix}")
}

use super::{CaseFold, ConstraintKind, Dialect, SequenceNames};
use crate::model::{IdentifierPolicy, Version};

/// An identifier, quoted when the product's policy says so for this dialect.
pub fn ident(dialect: &dyn Dialect, policy: IdentifierPolicy, name: &str) -> String {
    let quote = match policy {
        IdentifierPolicy::Unquoted => false,
        IdentifierPolicy::AlwaysQuoted => true,
        IdentifierPolicy::QuotedWhenReserved => dialect.is_reserved(name),
        IdentifierPolicy::QuotedWhenNeeded => {
            let folds_away = match dialect.folds_unquoted_to() {
                CaseFold::Upper => name != name.to_ascii_uppercase(),
                CaseFold::Lower => name != name.to_ascii_lowercase(),
                CaseFold::None => false,
            };
            folds_away || !dialect.is_plain_identifier(name) || dialect.is_reserved(name)
        }
    };
    if quote {
        dialect.quote_identifier(name)
    } else {
        name.to_string()
    }
}

/// How the catalog stores `name`: folded when written bare, as is when quoted.
pub fn stored(dialect: &dyn Dialect, policy: IdentifierPolicy, name: &str) -> String {
    let quoted = ident(dialect, policy, name) != name || policy == IdentifierPolicy::AlwaysQuoted;
    if quoted {
        return name.to_string();
    }
    fold(dialect, name)
}

fn fold<D: Dialect + ?Sized>(dialect: &D, name: &str) -> String {
    match dialect.folds_unquoted_to() {
        CaseFold::Upper => name.to_ascii_uppercase(),
        CaseFold::Lower => name.to_ascii_lowercase(),
        CaseFold::None => name.to_string(),
    }
}

/// A catalog name written so the database reads it back unchanged.
pub fn quote_stored<D: Dialect + ?Sized>(dialect: &D, stored: &str) -> String {
    if fold(dialect, stored) == stored
        && dialect.is_plain_identifier(stored)
        && !dialect.is_reserved(stored)
    {
        stored.to_string()
    } else {
        dialect.quote_identifier(stored)
    }
}

/// The sequence and the trigger that fill the auto-increment column of `table` where the
/// dialect fills it that way (unquoted).
pub fn sequence_names<D: Dialect + ?Sized>(
    dialect: &D,
    version: &Version,
    table: &str,
) -> SequenceNames {
    let max = dialect.max_identifier_bytes(version);
    SequenceNames {
        sequence: derived_name(table, "SEQ", max),
        trigger: derived_name(table, "TRG", max),
    }
}

/// The name of the unique index that stands for the `position`-th (0-based) unnamed unique key
/// of `table` written as an index (Db2: a unique key over a nullable column).
pub fn unique_index_name<D: Dialect + ?Sized>(
    dialect: &D,
    version: &Version,
    table: &str,
    position: usize,
) -> String {
    let max = dialect.max_identifier_bytes(version);
    match position {
        0 => derived_name(table, "UK", max),
        n => derived_name(table, &format!("UK{}", n + 1), max),
    }
}

/// The name schemagen gives an unnamed unique or foreign key where the database's own name
/// cannot be known ([`Dialect::names_unnamed_keys`]): `<table>_<columns>_UK` or `_FK`, from
/// the names as the catalog stores them, so the catalog-side names a migration sees (after a
/// rename too) give the same name. `None` where the database names the key itself, and for a
/// primary key (every such database drops one without its name).
pub fn given_constraint_name<D: Dialect + ?Sized>(
    dialect: &D,
    version: &Version,
    stored_table: &str,
    kind: ConstraintKind,
    stored_columns: &[String],
) -> Option<String> {
    let suffix = match kind {
        ConstraintKind::PrimaryKey => return None,
        ConstraintKind::Unique => "UK",
        ConstraintKind::ForeignKey => "FK",
    };
    dialect.names_unnamed_keys().then(|| {
        derived_name(
            &format!("{stored_table}_{}", stored_columns.join("_")),
            suffix,
            dialect.max_identifier_bytes(version),
        )
    })
}

/// The name of the CHECK constraint that holds a column's allowed values.
pub fn check_name<D: Dialect + ?Sized>(
    dialect: &D,
    version: &Version,
    table: &str,
    column: &str,
) -> String {
    column_constraint_name(dialect, version, table, column, "CK")
}

/// The name of the CHECK a migration adds and drops again before lowering a decimal column's
/// scale ([`super::migrate::Migrate::guard_lowered_scale`]).
pub fn scale_guard_name<D: Dialect + ?Sized>(
    dialect: &D,
    version: &Version,
    table: &str,
    column: &str,
) -> String {
    column_constraint_name(dialect, version, table, column, "SCALE_CK")
}

/// `<table>_<column>_<suffix>`, shortened to the dialect's identifier limit.
fn column_constraint_name<D: Dialect + ?Sized>(
    dialect: &D,
    version: &Version,
    table: &str,
    column: &str,
    suffix: &str,
) -> String {
    derived_name(
        &format!("{table}_{column}"),
        suffix,
        dialect.max_identifier_bytes(version),
    )
}

#[cfg(test)]
mod tests {
    use super::derived_name;

    #[test]
    fn short_names_stay_readable() {
        assert_eq!(derived_name("REG_LOG", "SEQ", 30), "REG_LOG_SEQ");
    }

    #[test]
    fn long_names_fit_and_stay_distinct() {
        let a = derived_name("IDN_OAUTH2_ACCESS_TOKEN_SCOPE_BINDING", "SEQ", 30);
        let b = derived_name("IDN_OAUTH2_ACCESS_TOKEN_SCOPE_BINDINGS", "SEQ", 30);
        assert!(a.len() <= 30 && b.len() <= 30, "{a} {b}");
        assert_ne!(a, b);
        assert!(
            a.starts_with("IDN_OAUTH2_ACCESS_") && a.ends_with("_SEQ"),
            "{a}"
        );
        assert_eq!(
            a,
            derived_name("IDN_OAUTH2_ACCESS_TOKEN_SCOPE_BINDING", "SEQ", 30),
            "deterministic"
        );
    }
}
