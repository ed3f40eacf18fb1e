//! Numbers for humans: bytes, cores, short ids.

pub use crate::report::units::bytes;

/// Cores with two decimals (`0.50`, `12.00`); a few millicores keep three (`0.004`) so an
/// idle pod does not read as stopped.
pub fn cores(c: f64) -> String {
    if c > 0.0 && c < 0.01 {
        format!("{c:.3}")
    } else {
        format!("{c:.2}")
    }
}

/// Usage as a fraction of a limit, when both exist and the limit is positive.
pub fn ratio(used: Option<f64>, limit: Option<f64>) -> Option<f64> {
    match (used, limit) {
        (Some(u), Some(l)) if l > 0.0 => Some(u / l),
        _ => None,
    }
}

pub fn short_id(id: &str) -> &str {
    id.get(..12).unwrap_or(id)
}

/// Cuts a string to `width` characters, marking the cut with `…`.
pub fn truncate(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        return s.to_owned();
    }
    if width == 0 {
        return String::new();
    }
    let mut out: String = s.chars().take(width - 1).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_are_short() {
        assert_eq!(bytes(512), "512B");
        assert_eq!(bytes(64 << 20), "64M");
        assert_eq!(bytes(1_200_128), "1.1M");
        assert_eq!(bytes(3 << 30), "3G");
    }

    #[test]
    fn small_cpu_keeps_a_digit() {
        assert_eq!(cores(0.0038), "0.004");
        assert_eq!(cores(0.0), "0.00");
        assert_eq!(cores(0.5), "0.50");
    }

    #[test]
    fn truncation_marks_the_cut() {
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("abc", 4), "abc");
    }
}

/// Word-wraps `text` to `width` columns; long words are split. Keeps blank lines.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out = Vec::new();
    for para in text.split('\n') {
        let indent: String = para.chars().take_while(|c| *c == ' ').collect();
        let mut line = String::new();
        for word in para.split_whitespace() {
            let mut word = word.to_owned();
            loop {
                let current = line.chars().count();
                let needed = word.chars().count() + usize::from(current > indent.len());
                if current + needed <= width {
                    if current == 0 {
                        line.push_str(&indent);
                    } else if current > indent.len() {
                        line.push(' ');
                    }
                    line.push_str(&word);
                    break;
                }
                if current > indent.len() {
                    out.push(std::mem::take(&mut line));
                    continue;
                }
                // A word longer than the line: split it.
                let room = width.saturating_sub(indent.len()).max(1);
                let head: String = word.chars().take(room).collect();
                let tail: String = word.chars().skip(room).collect();
                out.push(format!("{indent}{head}"));
                if tail.is_empty() {
                    break;
                }
                word = tail;
            }
        }
        out.push(line);
    }
    out
}

#[cfg(test)]
mod wrap_tests {
    use super::wrap;

    #[test]
    fn wraps_words_and_keeps_indent() {
        assert_eq!(wrap("aaa bbb ccc", 7), vec!["aaa bbb", "ccc"]);
        assert_eq!(wrap("  x y", 4), vec!["  x", "  y"]);
        assert_eq!(wrap("a\n\nb", 5), vec!["a", "", "b"]);
        assert_eq!(wrap("abcdefgh", 3), vec!["abc", "def", "gh"]);
    }
}

/// Cuts a styled line to `width` cells, ending in `…` when something was cut. Styles of the
/// kept spans are preserved.
pub fn fit(line: ratatui::text::Line<'static>, width: u16) -> ratatui::text::Line<'static> {
    use ratatui::text::{Line, Span};
    let width = usize::from(width);
    if line.width() <= width {
        return line;
    }
    let mut left = width.saturating_sub(1);
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut last_style = line.style;
    for span in line.spans {
        if left == 0 {
            break;
        }
        let kept: String = span.content.chars().take(left).collect();
        left -= kept.chars().count();
        last_style = span.style;
        spans.push(Span::styled(kept, span.style));
    }
    if width > 0 {
        spans.push(Span::styled("…", last_style));
    }
    Line::from(spans).style(line.style)
}

#[cfg(test)]
mod fit_tests {
    use super::fit;
    use ratatui::text::{Line, Span};

    #[test]
    fn fit_marks_the_cut_and_keeps_short_lines() {
        assert_eq!(fit(Line::from("1000:1000"), 6).to_string(), "1000:…");
        assert_eq!(fit(Line::from("root"), 6).to_string(), "root");
        let two = Line::from(vec![Span::raw("ab"), Span::raw("cdef")]);
        assert_eq!(fit(two, 4).to_string(), "abc…");
    }
}
