//! Reading a saved snapshot back: the schema is checked first, and a truncated or foreign file
//! is an error that says what it is, never a panic.

use crate::model::Snapshot;
use crate::model::snapshot::SCHEMA;
use std::borrow::Cow;

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
    // The common case, a file shipshape wrote: when no string in it can hold a character
    // `text::clean` would change, other than through `\n`-style escapes that are rewritten to
    // what cleaning makes of them, the file can become a snapshot in one step. Anything else,
    // errors included, takes the careful path below, which says what is wrong.
    if let Some(text) = precleaned(text)
        && let Ok(snapshot) = serde_json::from_str::<Snapshot>(&text)
        && snapshot.schema == SCHEMA
    {
        return Ok(with_paragraphs(snapshot));
    }
    parse_and_clean(text, path).map(with_paragraphs)
}

/// Cleaning writes a line break as the visible `\x0a`; in the two fields that are paragraphs
/// (the fix and why it matters) it goes back to a line break, which is safe: views and reports
/// lay text out by lines and never pass a line break to the terminal as a control character.
fn with_paragraphs(mut snapshot: Snapshot) -> Snapshot {
    let workloads = snapshot.workloads.iter_mut().flat_map(|w| &mut w.findings);
    for finding in workloads.chain(&mut snapshot.findings) {
        for text in [&mut finding.remediation, &mut finding.risk] {
            if text.contains("\\x0a") {
                *text = text.replace("\\x0a", "\n").into();
            }
        }
    }
    snapshot
}

/// `text` with every JSON string already as `text::clean` would leave it, or `None` when that
/// takes the careful path. `None` when a string may hold a `\u` escape or, raw, a character
/// `clean` escapes: DEL, the C1 controls, the bidi marks, embeddings, overrides and isolates,
/// the line and paragraph separators, the BOM. The escapes `\b`, `\f`, `\n`, `\r` and `\t` are
/// rewritten to the visible escape `clean` writes for their character (`\x0a` for a line
/// feed). A raw C0 control cannot be inside a JSON string: the parser refuses it.
fn precleaned(text: &str) -> Option<Cow<'_, str>> {
    const BLOCK: usize = 32;
    let bytes = text.as_bytes();
    let mut control_escapes = false;
    let mut i = 0;
    while i < bytes.len() {
        // Skip plain ASCII without a backslash a block at a time (written to vectorise).
        if let Some(block) = bytes.get(i..i + BLOCK)
            && !block
                .iter()
                .fold(false, |any, &b| any | (b >= 0x7f) | (b == b'\\'))
        {
            i += BLOCK;
            continue;
        }
        let next = |k: usize| bytes.get(i + k).copied();
        match bytes.get(i).copied() {
            // A backslash and the character after it are one escape, as the parser reads them.
            Some(b'\\') => match next(1) {
                Some(b'u') => return None,
                Some(b'b' | b'f' | b'n' | b'r' | b't') => {
                    control_escapes = true;
                    i += 2;
                }
                Some(c) if c.is_ascii() => i += 2,
                _ => i += 1,
            },
            Some(0x7f) => return None,
            // U+0080..=U+009F, the C1 controls.
            Some(0xc2) if matches!(next(1), Some(0x80..=0x9f)) => return None,
            // U+200E, U+200F, U+2028..=U+202E.
            Some(0xe2)
                if next(1) == Some(0x80) && matches!(next(2), Some(0x8e | 0x8f | 0xa8..=0xae)) =>
            {
                return None;
            }
            // U+2066..=U+2069.
            Some(0xe2) if next(1) == Some(0x81) && matches!(next(2), Some(0xa6..=0xa9)) => {
                return None;
            }
            // U+FEFF.
            Some(0xef) if next(1) == Some(0xbb) && next(2) == Some(0xbf) => return None,
            _ => i += 1,
        }
    }
    if !control_escapes {
        return Some(Cow::Borrowed(text));
    }
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut rest = text;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let Some(c) = after.chars().next() else {
            out.push('\\');
            rest = "";
            break;
        };
        // JSON for the text `\x0a` and the like: an escaped backslash, then the code.
        match c {
            'b' => out.push_str("\\\\x08"),
            'f' => out.push_str("\\\\x0c"),
            'n' => out.push_str("\\\\x0a"),
            'r' => out.push_str("\\\\x0d"),
            't' => out.push_str("\\\\x09"),
            _ => {
                out.push('\\');
                out.push(c);
            }
        }
        rest = &after[c.len_utf8()..];
    }
    out.push_str(rest);
    Some(Cow::Owned(out))
}

/// Parses into a JSON tree, cleans every string in it, then builds the snapshot; says exactly
/// what is wrong with a file that is not a snapshot.
fn parse_and_clean(text: &str, path: &str) -> Result<Snapshot, LoadError> {
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

    /// A real report: findings whose fixes span lines (`\n` escapes in the file).
    fn report() -> String {
        let mut w = crate::rules::test_support::docker();
        w.privileged = true;
        w.labels.insert("team".into(), "café — ok".into());
        let s = crate::rules::snapshot(jiff::Timestamp::UNIX_EPOCH, vec![], vec![w], &[]);
        crate::report::json::render(&s).unwrap()
    }

    #[test]
    fn a_report_takes_the_quick_path_and_loads_as_the_careful_one_does() {
        let text = report();
        assert!(text.contains("\\n"), "fixes span lines");
        assert!(precleaned(&text).is_some());
        let quick = parse(&text, "r.json").unwrap();
        assert_eq!(
            quick,
            with_paragraphs(parse_and_clean(&text, "r.json").unwrap())
        );
        // The fix reads as the paragraphs it was written as, and nothing else is a control.
        let fix = &quick.workloads[0].findings[0].remediation;
        assert!(fix.contains('\n') && !fix.contains("\\x0a"), "{fix}");
        assert!(!fix.chars().any(|c| c.is_control() && c != '\n'), "{fix:?}");
    }

    /// Every hostile string, in a value and in a label name, on both paths: the result is the
    /// careful path's, and no control or bidi character is left.
    #[test]
    fn hostile_files_load_as_the_careful_path_loads_them() {
        let base = report();
        let hostile = [
            ("x\\u001b]52;c;aGk=\\u0007", false),
            ("tab\\there\\r\\n\\b\\f", true),
            ("escaped backslash \\\\n then n", true),
            ("del \u{7f}", false),
            ("csi \u{9b}2J", false),
            ("rlo \u{202e}gpj.exe", false),
            ("lrm \u{200e} rlm \u{200f}", false),
            ("isolate \u{2066}x\u{2069}", false),
            ("sep \u{2028}\u{2029}", false),
            ("bom \u{feff}", false),
            ("surrogate \\ud800", false),
            ("fine — café · ok", true),
        ];
        for (evil, quick) in hostile {
            let text =
                base.replace("café — ok", evil)
                    .replacen("\"team\"", &format!("\"{evil}\""), 1);
            assert_eq!(precleaned(&text).is_some(), quick, "{evil:?}");
            let careful = parse_and_clean(&text, "h.json").map(with_paragraphs);
            assert_eq!(parse(&text, "h.json"), careful, "{evil:?}");
            // A lone surrogate is not JSON, on either path.
            let Ok(loaded) = careful else {
                assert!(evil.contains("ud800"), "{evil:?}");
                continue;
            };
            let labels = &loaded.workloads[0].workload.labels;
            for s in labels.keys().chain(labels.values()) {
                assert_eq!(s, &crate::model::text::clean(s), "{evil:?}");
            }
        }
    }

    #[test]
    fn raw_control_characters_in_strings_are_refused_on_either_path() {
        let text = report().replace("café — ok", "raw \u{1b}[2J");
        assert!(precleaned(&text).is_some());
        assert!(matches!(
            parse(&text, "c.json"),
            Err(LoadError::NotJson { .. })
        ));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            failure_persistence: None,
            ..proptest::prelude::ProptestConfig::default()
        })]

        /// Whatever a label holds, as JSON text or raw, both paths agree.
        #[test]
        fn both_paths_agree(evil in proptest::prelude::any::<String>()) {
            let base = report();
            let json = serde_json::to_string(&evil).unwrap();
            for text in [
                base.replace("\"café — ok\"", &json),
                base.replace("café — ok", &evil),
                base.replacen("\"team\"", &json, 1),
            ] {
                proptest::prop_assert_eq!(
                    parse(&text, "p.json"),
                    parse_and_clean(&text, "p.json").map(with_paragraphs)
                );
            }
        }
    }

    #[test]
    fn loaded_strings_are_cleaned() {
        let text = empty().replace("\"sources\":[]", "\"sources\":[{\"kind\":\"docker\",\"context\":\"x\\u001b[2J\",\"endpoint\":\"e\",\"status\":\"ok\",\"error\":null}]");
        let s = parse(&text, "s.json").unwrap();
        assert_eq!(s.sources[0].context, "x\\x1b[2J");
    }
}
