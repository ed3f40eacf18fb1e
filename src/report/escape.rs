//! Escaping untrusted strings for the formats reports land in. Engine strings are already free
//! of control characters (`model::text::clean`); these make them inert as markup.

/// Text for HTML element content and double-quoted attribute values.
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

/// Inline Markdown text: punctuation that could start markup is backslash-escaped, and
/// `<`, `>`, `&` become entities so no renderer passes raw HTML through. Safe in table cells.
pub fn markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' | '\r' => out.push(' '),
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '#' | '+' | '-' | '.'
            | '!' | '|' | '~' | '=' => {
                out.push('\\');
                out.push(c);
            }
            other => out.push(other),
        }
    }
    out
}

/// A fenced code block that the content cannot close: the fence is longer than any run of
/// backticks inside.
pub fn markdown_code(content: &str, info: &str) -> String {
    let longest = content.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    format!("{fence}{info}\n{content}\n{fence}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_markup() {
        assert_eq!(
            html(r#"<script>alert("x")</script>&'"#),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;"
        );
    }

    #[test]
    fn markdown_neutralises_links_html_and_tables() {
        assert_eq!(markdown("[x](javascript:1)"), r"\[x\]\(javascript:1\)");
        assert_eq!(markdown("<img src=x>"), r"&lt;img src\=x&gt;");
        assert_eq!(markdown("a|b"), r"a\|b");
        assert_eq!(markdown("**bold**"), r"\*\*bold\*\*");
    }

    #[test]
    fn code_fence_outlasts_backticks_inside() {
        let block = markdown_code("a ```` b", "text");
        assert!(block.starts_with("`````text\n"), "{block}");
        assert!(block.ends_with("\n`````\n"));
    }
}
