//! Process command lines are shown and exported, so secrets passed as arguments are masked
//! first: values of secret-looking options (`--password=…`, `--token …`), `NAME=value` words
//! with a secret-looking name, and the password in a URL (`postgres://user:pw@db`).

/// Characters of a command line kept; `ps` output is unbounded when piped.
pub const MAX_LEN: usize = 512;
use super::secrets::{MASK, is_secret_name as secret_name};

/// `scheme://user:secret@host` → `scheme://user:***@host`.
pub fn mask_url_password(word: &str) -> String {
    let Some(scheme_end) = word.find("://") else {
        return word.to_owned();
    };
    let rest = &word[scheme_end + 3..];
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    match (authority.rfind('@'), authority.find(':')) {
        (Some(at), Some(colon)) if colon < at => format!(
            "{}{}{MASK}{}",
            &word[..scheme_end + 3],
            &authority[..=colon],
            &rest[at..]
        ),
        _ => word.to_owned(),
    }
}

/// The command line with secrets masked and its length capped.
pub fn redact(command: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut mask_next = false;
    for word in command.split(' ') {
        if mask_next && !word.is_empty() {
            out.push(MASK.to_owned());
            mask_next = false;
            continue;
        }
        let masked = match word.split_once('=') {
            Some((name, value)) if !value.is_empty() && secret_name(name) => {
                format!("{name}={MASK}")
            }
            _ => {
                // `--password value`: the next word is the secret.
                mask_next = word.starts_with("--") && !word.contains('=') && secret_name(word);
                mask_url_password(word)
            }
        };
        out.push(masked);
    }
    let joined = out.join(" ");
    if joined.chars().count() > MAX_LEN {
        let mut cut: String = joined.chars().take(MAX_LEN).collect();
        cut.push('…');
        cut
    } else {
        joined
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_secret_options_variables_and_url_passwords() {
        assert_eq!(
            redact("app --password=hunter2 --port=80"),
            "app --password=*** --port=80"
        );
        assert_eq!(
            redact("redis-server --requirepass s3cret"),
            "redis-server --requirepass ***"
        );
        assert_eq!(
            redact("env DB_PASSWORD=x API_TOKEN=y HOME=/root"),
            "env DB_PASSWORD=*** API_TOKEN=*** HOME=/root"
        );
        assert_eq!(
            redact("psql postgres://app:pw@db:5432/shop"),
            "psql postgres://app:***@db:5432/shop"
        );
        assert_eq!(
            redact("xmrig -o stratum+tcp://pool:3333 -u wallet"),
            "xmrig -o stratum+tcp://pool:3333 -u wallet"
        );
        assert_eq!(redact("nc -l -p 4444"), "nc -l -p 4444");
    }

    #[test]
    fn caps_the_length_on_a_char_boundary() {
        let long = "é".repeat(MAX_LEN + 10);
        let out = redact(&long);
        assert_eq!(out.chars().count(), MAX_LEN + 1);
    }
}
