//! The waivers file: TOML `[[waiver]]` tables, by default `waivers.toml` next to the config.
//!
//! ```toml
//! [[waiver]]
//! rule = "host-network"           # rule id (globs work)
//! context = "prod-*"              # optional globs: context, namespace, name
//! namespace = "monitoring"
//! name = "node-exporter*"         # container, pod, pod/container, or a cluster target
//! evidence = "SYS_ADMIN added*"   # optional: only findings whose evidence matches
//! reason = "the exporter reads host network counters"
//! expires = 2027-03-31            # optional; the last day it applies
//! author = "alice"                # optional
//! ```

use super::ConfigError;
use crate::model::waiver::Waiver;
use serde::Deserialize;
use std::path::Path;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    waiver: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    rule: String,
    context: Option<String>,
    namespace: Option<String>,
    name: Option<String>,
    evidence: Option<String>,
    reason: String,
    expires: Option<Day>,
    author: Option<String>,
}

/// `expires = 2027-03-31` (a TOML date) or `expires = "2027-03-31"`.
#[derive(Deserialize)]
#[serde(untagged)]
enum Day {
    Date(toml::value::Datetime),
    Text(String),
}

impl Day {
    fn date(&self) -> Result<jiff::civil::Date, String> {
        let text = match self {
            Day::Date(d) => d.to_string(),
            Day::Text(t) => t.clone(),
        };
        text.parse()
            .map_err(|_| format!("expires = {text}: not a date (write it as 2027-03-31)"))
    }
}

/// Reads the waivers; a missing file means none.
pub fn load(path: &Path) -> Result<Vec<Waiver>, ConfigError> {
    let shown = path.display().to_string();
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(ConfigError::Unreadable {
                path: shown,
                message: e.to_string(),
            });
        }
    };
    parse(&text, &shown)
}

pub fn parse(text: &str, path: &str) -> Result<Vec<Waiver>, ConfigError> {
    let file: File = toml::from_str(text).map_err(|e| super::toml_error(text, path, &e))?;
    file.waiver
        .into_iter()
        .enumerate()
        .map(|(i, e)| {
            let invalid = |key: &str, message: String| ConfigError::Invalid {
                path: path.to_owned(),
                line: line_of_entry(text, i),
                key: key.to_owned(),
                message,
            };
            if e.reason.trim().is_empty() {
                return Err(invalid("reason", "a waiver needs a reason".to_owned()));
            }
            if e.rule.trim().is_empty() {
                return Err(invalid("rule", "a waiver needs a rule id".to_owned()));
            }
            let expires = e
                .expires
                .as_ref()
                .map(Day::date)
                .transpose()
                .map_err(|m| invalid("expires", m))?;
            Ok(Waiver {
                rule: e.rule,
                context: e.context,
                namespace: e.namespace,
                name: e.name,
                evidence: e.evidence,
                reason: e.reason,
                expires,
                author: e.author,
            })
        })
        .collect()
}

/// The line of the `i`-th `[[waiver]]` header, for messages about a whole entry.
fn line_of_entry(text: &str, i: usize) -> usize {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.trim() == "[[waiver]]")
        .nth(i)
        .map_or(1, |(n, _)| n + 1)
}

/// Appends a waiver to the file (created if missing), keeping what is there, comments
/// included; the file is replaced atomically.
pub fn append(path: &Path, waiver: &Waiver) -> Result<(), String> {
    let existing = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            "# shipshape waivers: accepted risks. See `shipshape --help`.\n".to_owned()
        }
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    let mut text = existing;
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(&entry_toml(waiver));
    // Never write something we could not read back.
    parse(&text, &path.display().to_string()).map_err(|e| e.to_string())?;
    crate::export::write_file(path, text.as_bytes(), true).map_err(|e| e.to_string())
}

fn entry_toml(w: &Waiver) -> String {
    let quote = |s: &str| toml::Value::String(s.to_owned()).to_string();
    let mut out = format!("\n[[waiver]]\nrule = {}\n", quote(&w.rule));
    for (key, value) in [
        ("context", &w.context),
        ("namespace", &w.namespace),
        ("name", &w.name),
        ("evidence", &w.evidence),
    ] {
        if let Some(v) = value {
            out.push_str(&format!("{key} = {}\n", quote(v)));
        }
    }
    out.push_str(&format!("reason = {}\n", quote(&w.reason)));
    if let Some(d) = w.expires {
        out.push_str(&format!("expires = {d}\n"));
    }
    if let Some(a) = &w.author {
        out.push_str(&format!("author = {}\n", quote(a)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_parse_with_dates_in_either_form() {
        let text = "[[waiver]]\nrule = \"host-network\"\nname = \"node-exporter*\"\nreason = \"needs host net\"\nexpires = 2027-03-31\n\n[[waiver]]\nrule = \"cap-add\"\nreason = \"x\"\nexpires = \"2027-01-02\"\n";
        let w = parse(text, "w.toml").unwrap();
        assert_eq!(w.len(), 2);
        assert_eq!(w[0].expires, Some(jiff::civil::date(2027, 3, 31)));
        assert_eq!(w[1].expires, Some(jiff::civil::date(2027, 1, 2)));
        assert_eq!(w[0].name.as_deref(), Some("node-exporter*"));
    }

    #[test]
    fn broken_files_name_the_line() {
        let err = parse(
            "[[waiver]]\nrule = \"a\"\nreson = \"typo\"\n",
            "/etc/w.toml",
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("/etc/w.toml") && err.contains("line 3") && err.contains("reson"),
            "{err}"
        );
        let err = parse("[[waiver]]\nrule = \"a\"\nreason = \"\"\n", "w.toml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("line 1") && err.contains("reason"), "{err}");
        let err = parse(
            "\n[[waiver]]\nrule = \"a\"\nreason = \"r\"\nexpires = \"soon\"\n",
            "w.toml",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("line 2") && err.contains("expires"), "{err}");
        let err = parse("[[waiver]\nrule = ", "w.toml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("line 1"), "{err}");
    }

    #[test]
    fn append_keeps_comments_and_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("waivers.toml");
        std::fs::write(&path, "# ours\n[[waiver]]\nrule = \"a\"\nreason = \"r\"\n").unwrap();
        let new = Waiver {
            rule: "privileged".into(),
            context: Some("default".into()),
            namespace: None,
            name: Some("ci \"runner\"".into()),
            evidence: Some("SYS_ADMIN added*".into()),
            reason: "builds need it; see TICKET-1".into(),
            expires: Some(jiff::civil::date(2027, 2, 27)),
            author: None,
        };
        append(&path, &new).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("# ours\n"));
        let all = load(&path).unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(all[1], new);
    }
}
