//! Reading a saved snapshot back: the schema is checked first, and a truncated or foreign file
//! is an error that says what it is, never a panic.

use crate::model::Snapshot;
use crate::model::snapshot::SCHEMA;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum LoadError {
    #[error("{path}: not JSON ({reason}); truncated, or not a shipshape report?")]
    NotJson { path: String, reason: String },
    #[error("{path}: no \"schema\" field: not a shipshape report")]
    NoSchema { path: String },
    #[error(
        "{path}: written as {found}, this shipshape reads {SCHEMA}; use the shipshape that wrote it, or a newer one"
    )]
    UnknownSchema { path: String, found: String },
    #[error("{path}: says {SCHEMA} but does not match it ({reason})")]
    Invalid { path: String, reason: String },
}

pub fn parse(text: &str, path: &str) -> Result<Snapshot, LoadError> {
    let mut value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| LoadError::NotJson {
            path: path.to_owned(),
            reason: e.to_string(),
        })?;
    let schema = value
        .get("schema")
        .and_then(serde_json::Value::as_str)
        .ok_or_else(|| LoadError::NoSchema {
            path: path.to_owned(),
        })?;
    if schema != SCHEMA {
        return Err(LoadError::UnknownSchema {
            path: path.to_owned(),
            found: crate::model::text::clean(schema),
        });
    }
    // A file can say anything: make its strings as safe as a live source's, before they
    // become a snapshot, so no field can be forgotten.
    sanitise(&mut value);
    serde_json::from_value(value).map_err(|e| LoadError::Invalid {
        path: path.to_owned(),
        reason: e.to_string(),
    })
}

/// Runs every string of the parsed file through `text::clean`: values, and object keys too
/// (label names are keys).
fn sanitise(v: &mut serde_json::Value) {
    use crate::model::text::clean;
    match v {
        serde_json::Value::String(s) => *s = clean(s),
        serde_json::Value::Array(items) => items.iter_mut().for_each(sanitise),
        serde_json::Value::Object(map) => {
            for (key, mut value) in std::mem::take(map) {
                sanitise(&mut value);
                map.insert(clean(&key), value);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn empty() -> String {
        let s = Snapshot::new(jiff::Timestamp::UNIX_EPOCH, vec![], vec![], vec![]);
        serde_json::to_string(&s).unwrap()
    }

    #[test]
    fn round_trip() {
        assert!(parse(&empty(), "a.json").is_ok());
    }

    #[test]
    fn label_names_are_cleaned_too() {
        let mut value: serde_json::Value = serde_json::from_str(&empty()).unwrap();
        value["engines"] = serde_json::json!([{
            "context": "default\u{1b}]0;x\u{7}",
            "endpoint": "unix:///x",
            "security_options": [],
            "live_restore": false,
        }]);
        value["sources"] = serde_json::json!([]);
        let mut nested = serde_json::json!({"k\u{1b}[2J": "v\u{1b}[2J"});
        sanitise(&mut nested);
        assert_eq!(nested, serde_json::json!({"k\\x1b[2J": "v\\x1b[2J"}));
        let loaded = parse(&value.to_string(), "a.json").unwrap();
        assert!(!loaded.engines[0].context.contains('\u{1b}'));
    }

    #[test]
    fn garbage_truncated_and_foreign_files_are_clear_errors() {
        let truncated = &empty()[..40];
        assert!(matches!(
            parse(truncated, "t.json"),
            Err(LoadError::NotJson { .. })
        ));
        assert!(matches!(
            parse("\u{0}\u{1}binary", "b.json"),
            Err(LoadError::NotJson { .. })
        ));
        assert!(matches!(
            parse("{\"a\":1}", "x.json"),
            Err(LoadError::NoSchema { .. })
        ));
        let v2 = empty().replace("shipshape.report/v1", "shipshape.report/v2");
        let err = parse(&v2, "new.json").unwrap_err().to_string();
        assert!(
            err.contains("shipshape.report/v2") && err.contains("newer"),
            "{err}"
        );
        let broken = "{\"schema\":\"shipshape.report/v1\",\"workloads\":7}";
        assert!(matches!(
            parse(broken, "w.json"),
            Err(LoadError::Invalid { .. })
        ));
    }

    #[test]
    fn loaded_strings_are_cleaned() {
        let text = empty().replace("\"sources\":[]", "\"sources\":[{\"kind\":\"docker\",\"context\":\"x\\u001b[2J\",\"endpoint\":\"e\",\"status\":\"ok\",\"error\":null}]");
        let s = parse(&text, "s.json").unwrap();
        assert_eq!(s.sources[0].context, "x\\x1b[2J");
    }
}
