//! Untrusted text from engines and clusters is made safe here before anything shows or exports it.
//!
//! Container names, labels, image references, mount paths and engine error messages are chosen by
//! whoever created the container. A label holding `ESC ]52;...` or `ESC [2J` must not drive the
//! operator's terminal, and a right-to-left override must not disguise a path. Sources call
//! [`clean`] at their boundary, so every string in the model is already safe.

/// Replaces control characters, bidi overrides and line/paragraph separators with a visible
/// escape such as `\x1b` or `\u{202e}`. Printable text, including non-ASCII, is kept as is.
pub fn clean(input: &str) -> String {
    if !input.chars().any(needs_escape) {
        return input.to_owned();
    }
    let mut out = String::with_capacity(input.len() + 8);
    for c in input.chars() {
        if needs_escape(c) {
            let code = u32::from(c);
            if code <= 0xff {
                out.push_str(&format!("\\x{code:02x}"));
            } else {
                out.push_str(&format!("\\u{{{code:x}}}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Like [`clean`] for an optional value.
pub fn clean_opt(input: Option<&str>) -> Option<String> {
    input.map(clean)
}

fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200e}' | '\u{200f}'            // LRM / RLM
            | '\u{2028}' | '\u{2029}'          // line / paragraph separator
            | '\u{202a}'..='\u{202e}'          // bidi embeddings and overrides
            | '\u{2066}'..='\u{2069}'          // bidi isolates
            | '\u{feff}'                       // zero-width no-break space
        )
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

        /// Whatever a container carries, nothing that can drive a terminal comes out.
        #[test]
        fn clean_leaves_no_control_or_bidi_character(input in any::<String>()) {
            let out = clean(&input);
            prop_assert!(!out.chars().any(needs_escape), "{out:?}");
        }

        /// Masking secrets never panics (byte offsets in non-ASCII text) and caps the length.
        #[test]
        fn redact_is_total_and_bounded(input in any::<String>()) {
            let out = super::super::command_line::redact(&input);
            prop_assert!(out.chars().count() <= super::super::command_line::MAX_LEN + 1);
        }
    }

    use super::*;

    #[test]
    fn plain_text_is_untouched() {
        assert_eq!(clean("nginx:1.27 — café"), "nginx:1.27 — café");
    }

    #[test]
    fn escape_sequences_become_visible() {
        assert_eq!(clean("x\u{1b}[31mred"), "x\\x1b[31mred");
        assert_eq!(clean("a\nb\tc\r"), "a\\x0ab\\x09c\\x0d");
        assert_eq!(clean("\u{9b}2J"), "\\x9b2J");
        assert_eq!(clean("\u{7f}"), "\\x7f");
    }

    #[test]
    fn bidi_overrides_become_visible() {
        assert_eq!(clean("evil\u{202e}gpj.exe"), "evil\\u{202e}gpj.exe");
    }

    #[test]
    fn cleaned_text_has_no_control_characters() {
        let nasty: String = (0u32..0x2070).filter_map(char::from_u32).collect();
        assert!(!clean(&nasty).chars().any(needs_escape));
    }
}
