//! The one place that decides which characters the UI draws: box drawing and symbols on a UTF-8
//! terminal, plain ASCII in a C/POSIX locale or with `--ascii`, where a non-ASCII byte would
//! show as mojibake or be dropped.

use ratatui::buffer::Buffer;
use ratatui::symbols::border;

/// The characters views draw themselves; see [`Glyphs::UNICODE`] and [`Glyphs::ASCII`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Glyphs {
    /// True in ASCII mode: [`ascii_only`] then cleans the finished frame.
    pub ascii: bool,
    pub border: border::Set<'static>,
    /// In front of the selected row of a table or list.
    pub highlight: &'static str,
    /// Between tab titles and in front of header groups.
    pub divider: &'static str,
    pub ok: &'static str,
    pub failed: &'static str,
    pub warn: &'static str,
    pub ellipsis: &'static str,
    /// The cursor at the end of a prompt being typed.
    pub cursor: &'static str,
    /// The active context in the picker.
    pub active: &'static str,
    pub bar_full: &'static str,
    pub bar_empty: &'static str,
    /// Points at a process that is not in the learned profile.
    pub points_left: &'static str,
}

/// `+`, `-` and `|`: what every terminal and every font can draw.
const ASCII_BORDER: border::Set<'static> = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

impl Glyphs {
    pub const UNICODE: Glyphs = Glyphs {
        ascii: false,
        border: border::PLAIN,
        highlight: "▶",
        divider: "│",
        ok: "✓",
        failed: "✗",
        warn: "⚠",
        ellipsis: "…",
        cursor: "▏",
        active: "●",
        bar_full: "█",
        bar_empty: "░",
        points_left: "←",
    };

    pub const ASCII: Glyphs = Glyphs {
        ascii: true,
        border: ASCII_BORDER,
        highlight: ">",
        divider: "|",
        ok: "+",
        failed: "x",
        warn: "!",
        ellipsis: "~",
        cursor: "_",
        active: "*",
        bar_full: "#",
        bar_empty: ".",
        points_left: "<-",
    };

    pub const fn new(ascii: bool) -> Self {
        if ascii { Self::ASCII } else { Self::UNICODE }
    }
}

/// Whether a locale names UTF-8 (`C.UTF-8`, `en_US.utf8`); `C`, `POSIX` and none do not.
pub fn locale_is_utf8(locale: Option<&str>) -> bool {
    locale.is_some_and(|l| {
        let l = l.to_ascii_lowercase();
        l.contains("utf-8") || l.contains("utf8")
    })
}

/// The locale that decides the character set, as the C library picks it: `LC_ALL`, else
/// `LC_CTYPE`, else `LANG`; empty values do not count.
pub fn effective_locale(var: impl Fn(&str) -> Option<String>) -> Option<String> {
    ["LC_ALL", "LC_CTYPE", "LANG"]
        .into_iter()
        .find_map(|k| var(k).filter(|v| !v.is_empty()))
}

/// The last pass over an ASCII-mode frame: every cell that still holds a non-ASCII character
/// becomes ASCII. Our own punctuation (`·`, `…`, arrows, a widget's line) gets a look-alike;
/// anything else, such as a container's non-ASCII name, cannot be shown in a C locale and
/// becomes `?`. Cell by cell, so columns stay where the layout put them.
pub fn ascii_only(buffer: &mut Buffer) {
    for cell in &mut buffer.content {
        if !cell.symbol().is_ascii() {
            let plain = ascii_for(cell.symbol());
            cell.set_symbol(plain);
        }
    }
}

fn ascii_for(symbol: &str) -> &'static str {
    let mut chars = symbol.chars();
    let (Some(c), None) = (chars.next(), chars.next()) else {
        return "?";
    };
    match c {
        '·' | '—' | '–' | '─' | '━' | '═' => "-",
        '…' => "~",
        '←' => "<",
        '→' | '▶' => ">",
        '↑' => "^",
        '↓' => "v",
        '│' | '┃' | '║' | '▏' => "|",
        '\u{2500}'..='\u{257f}' => "+",
        '\u{2580}'..='\u{259f}' => "#",
        _ => "?",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;

    #[test]
    fn utf8_locales_are_recognised() {
        assert!(locale_is_utf8(Some("C.UTF-8")));
        assert!(locale_is_utf8(Some("en_US.utf8")));
        assert!(!locale_is_utf8(Some("C")));
        assert!(!locale_is_utf8(Some("POSIX")));
        assert!(!locale_is_utf8(None));
    }

    #[test]
    fn lc_all_wins_then_lc_ctype_then_lang() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        let all = env(&[("LC_ALL", "C"), ("LANG", "C.UTF-8")]);
        assert_eq!(effective_locale(all).as_deref(), Some("C"));
        let ctype = env(&[("LC_ALL", ""), ("LC_CTYPE", "en_US.UTF-8"), ("LANG", "C")]);
        assert_eq!(effective_locale(ctype).as_deref(), Some("en_US.UTF-8"));
        assert_eq!(effective_locale(env(&[])), None);
    }

    #[test]
    fn ascii_pass_keeps_columns_and_marks_foreign_text() {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 12, 1));
        buffer.set_string(0, 0, "a·b…│名x", ratatui::style::Style::new());
        ascii_only(&mut buffer);
        let row: String = buffer.content.iter().map(|c| c.symbol()).collect();
        assert_eq!(row, "a-b~|? x    ");
        assert!(row.is_ascii());
    }

    #[test]
    fn ascii_glyphs_are_ascii() {
        let g = Glyphs::ASCII;
        let b = g.border;
        for s in [
            g.highlight,
            g.divider,
            g.ok,
            g.failed,
            g.warn,
            g.ellipsis,
            g.cursor,
            g.active,
            g.bar_full,
            g.bar_empty,
            g.points_left,
            b.top_left,
            b.top_right,
            b.bottom_left,
            b.bottom_right,
            b.vertical_left,
            b.vertical_right,
            b.horizontal_top,
            b.horizontal_bottom,
        ] {
            assert!(s.is_ascii(), "{s:?}");
        }
    }
}
