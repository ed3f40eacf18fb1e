//! `y`: a fix onto the operator's clipboard with OSC 52 (`ESC ] 52 ; c ; <base64> BEL`),
//! written straight to the terminal. The terminal, not this machine, owns the clipboard, so it
//! works over SSH; tmux with `set -g set-clipboard on` keeps it in its paste buffer and passes it
//! on to the outer terminal. No tmux passthrough (DCS) wrapping: tmux understands OSC 52 itself.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use std::io::Write;

/// Many terminals drop an OSC 52 sequence longer than this (xterm's and hterm's limits are
/// near it), silently: a larger fix is shown for selecting by hand instead.
pub const MAX_SEQUENCE: usize = 74_994;

/// Whether the clipboard is written with OSC 52, or why not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clipboard {
    Osc52,
    /// Shown plain instead, with the reason.
    Off(String),
}

impl Clipboard {
    /// Off with `--no-osc52` or `[terminal] osc52 = false`, and for terminals that do not
    /// know OSC 52 (the Linux console, vt100/vt220, `dumb`, no TERM at all).
    pub fn detect(term: Option<&str>, disabled: bool) -> Self {
        if disabled {
            return Clipboard::Off("OSC 52 is switched off".to_owned());
        }
        match term.unwrap_or("") {
            "" => Clipboard::Off("TERM is not set".to_owned()),
            t if ["linux", "vt100", "vt102", "vt220", "dumb", "cons25"]
                .iter()
                .any(|no| t == *no || t.starts_with(&format!("{no}-"))) =>
            {
                Clipboard::Off(format!("TERM={t} cannot take OSC 52"))
            }
            _ => Clipboard::Osc52,
        }
    }
}

/// The escape sequence that sets the clipboard (`c`) to `text`.
pub fn sequence(text: &str) -> String {
    format!("\x1b]52;c;{}\x07", STANDARD.encode(text))
}

/// Writes the sequence for `text` to `out` (the terminal). Refuses one terminals would drop.
pub fn copy(out: &mut impl Write, text: &str) -> Result<(), String> {
    let seq = sequence(text);
    if seq.len() > MAX_SEQUENCE {
        return Err(format!(
            "{} bytes is more than terminals take through OSC 52",
            text.len()
        ));
    }
    out.write_all(seq.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| format!("cannot write to the terminal: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sequence_is_osc52_with_base64() {
        assert_eq!(sequence("--read-only"), "\x1b]52;c;LS1yZWFkLW9ubHk=\x07");
        assert_eq!(sequence(""), "\x1b]52;c;\x07");
        let yaml = "securityContext:\n  privileged: false";
        let seq = sequence(yaml);
        let body = seq
            .strip_prefix("\x1b]52;c;")
            .and_then(|s| s.strip_suffix('\x07'))
            .unwrap();
        assert!(!body.contains(['\x1b', '\x07', '\n']));
        assert_eq!(STANDARD.decode(body).unwrap(), yaml.as_bytes());
    }

    #[test]
    fn copy_writes_the_sequence_and_refuses_oversized_ones() {
        let mut out = Vec::new();
        copy(&mut out, "--memory 512m").unwrap();
        assert_eq!(out, sequence("--memory 512m").as_bytes());
        let mut out = Vec::new();
        let huge = "x".repeat(60_000);
        assert!(copy(&mut out, &huge).is_err());
        assert!(out.is_empty(), "nothing is written when it is too large");
    }

    #[test]
    fn terminals_without_osc52_fall_back() {
        for term in [
            "xterm-256color",
            "screen-256color",
            "tmux-256color",
            "xterm",
            "screen",
        ] {
            assert_eq!(
                Clipboard::detect(Some(term), false),
                Clipboard::Osc52,
                "{term}"
            );
        }
        for term in ["linux", "vt100", "vt220", "dumb"] {
            assert!(
                matches!(Clipboard::detect(Some(term), false), Clipboard::Off(ref why) if why.contains(term)),
                "{term}"
            );
        }
        assert!(matches!(Clipboard::detect(None, false), Clipboard::Off(_)));
        assert!(matches!(
            Clipboard::detect(Some("xterm-256color"), true),
            Clipboard::Off(_)
        ));
    }
}
