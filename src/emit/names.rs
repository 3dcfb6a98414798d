//! Names the emitter makes up (sequences, triggers): deterministic, and within the dialect's
//! identifier limit. A name that would be too long keeps a readable prefix of the table name
//! and a short hash of the full name, so two long tables never share one.

use sha2::{Digest, Sha256};

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
