//! What counts as a secret value, for the places a value is shown at all: label values and
//! command-line arguments. (Environment variables never get this far: only their names are
//! read.)

pub const MASK: &str = "***";

/// Parts of option, variable or label names that mark their value as secret.
const SECRET_WORDS: &[&str] = &[
    "password",
    "passwd",
    "pass",
    "pwd",
    "secret",
    "token",
    "apikey",
    "api-key",
    "api_key",
    "credential",
    "auth",
    "private-key",
    "private_key",
    "access-key",
    "access_key",
    "requirepass",
];

pub fn is_secret_name(name: &str) -> bool {
    let lower = name.trim_start_matches('-').to_ascii_lowercase();
    !lower.is_empty() && SECRET_WORDS.iter().any(|w| lower.contains(w))
}

/// A label's value as it may be shown: masked when the key looks secret
/// (`db.password`, `traefik...basicauth.users`), a URL's password masked otherwise.
pub fn label_value(key: &str, value: &str) -> String {
    if is_secret_name(key) && !value.is_empty() {
        MASK.to_owned()
    } else {
        super::command_line::mask_url_password(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_looking_label_values_are_masked() {
        assert_eq!(label_value("com.example.db-password", "hunter2"), "***");
        assert_eq!(label_value("api_token", "abc"), "***");
        assert_eq!(
            label_value("backup.target", "s3://key:secret@bucket/x"),
            "s3://key:***@bucket/x"
        );
        assert_eq!(label_value("app", "web"), "web");
        assert_eq!(label_value("password", ""), "");
    }
}
