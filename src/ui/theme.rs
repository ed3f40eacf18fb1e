//! Themes: semantic style slots, loaded from TOML.
//!
//! The four built-ins are the files in `themes/`, compiled in so the binary needs nothing on
//! disk. A user theme is `<config dir>/themes/NAME.toml`; slots it leaves out come from the
//! default theme. `NO_COLOR` forces `mono`. Severity colours live here, never on the model.

use crate::model::{Risk, Severity};
use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;
use std::path::Path;
use std::str::FromStr;

const BUILT_IN: [(&str, &str); 4] = [
    ("default", include_str!("../../themes/default.toml")),
    ("light", include_str!("../../themes/light.toml")),
    (
        "high-contrast",
        include_str!("../../themes/high-contrast.toml"),
    ),
    ("mono", include_str!("../../themes/mono.toml")),
];

pub fn built_in_names() -> impl Iterator<Item = &'static str> {
    BUILT_IN.iter().map(|(name, _)| *name)
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Theme {
    pub text: Style,
    pub muted: Style,
    pub accent: Style,
    pub title: Style,
    pub border: Style,
    pub border_focused: Style,
    pub selection: Style,
    pub key: Style,
    pub ok: Style,
    pub critical: Style,
    pub high: Style,
    pub medium: Style,
    pub low: Style,
    pub error: Style,
    pub warn: Style,
    pub good: Style,
    pub bar_fill: Style,
    pub bar_high: Style,
    pub bar_empty: Style,
}

impl Theme {
    pub fn severity(&self, severity: Severity) -> Style {
        match severity {
            Severity::Critical => self.critical,
            Severity::High => self.high,
            Severity::Medium => self.medium,
            Severity::Low => self.low,
        }
    }

    pub fn risk(&self, risk: Risk) -> Style {
        risk.severity().map_or(self.ok, |s| self.severity(s))
    }

    /// The built-in default theme, for tests and as the base of partial user themes.
    pub fn fallback() -> Self {
        // The embedded files are checked by tests, so this parse cannot fail in a release.
        parse_slots(BUILT_IN[0].1, None).unwrap_or(Self::BARE)
    }

    /// A theme with no styling at all: the last resort.
    const BARE: Theme = Theme {
        text: Style::new(),
        muted: Style::new(),
        accent: Style::new(),
        title: Style::new(),
        border: Style::new(),
        border_focused: Style::new(),
        selection: Style::new().add_modifier(Modifier::REVERSED),
        key: Style::new(),
        ok: Style::new(),
        critical: Style::new().add_modifier(Modifier::REVERSED),
        high: Style::new().add_modifier(Modifier::REVERSED),
        medium: Style::new(),
        low: Style::new(),
        error: Style::new(),
        warn: Style::new(),
        good: Style::new(),
        bar_fill: Style::new(),
        bar_high: Style::new(),
        bar_empty: Style::new(),
    };
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ThemeError {
    #[error("unknown theme `{name}`: use one of {known}, or put {name}.toml in {dir}")]
    Unknown {
        name: String,
        known: String,
        dir: String,
    },
    #[error("theme file {path}: {message}")]
    Invalid { path: String, message: String },
}

/// Picks the theme: `NO_COLOR` wins, then the name asked for (a built-in or a user file).
pub fn load(name: &str, no_color: bool, user_dir: &Path) -> Result<Theme, ThemeError> {
    let name = if no_color { "mono" } else { name };
    if let Some((_, text)) = BUILT_IN.iter().find(|(n, _)| *n == name) {
        return parse_slots(text, None).map_err(|message| ThemeError::Invalid {
            path: format!("themes/{name}.toml (built in)"),
            message,
        });
    }
    let path = user_dir.join(format!("{name}.toml"));
    let text = std::fs::read_to_string(&path).map_err(|_| ThemeError::Unknown {
        name: name.to_owned(),
        known: built_in_names().collect::<Vec<_>>().join(", "),
        dir: user_dir.display().to_string(),
    })?;
    parse_slots(&text, Some(Theme::fallback())).map_err(|message| ThemeError::Invalid {
        path: path.display().to_string(),
        message,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    #[allow(dead_code)]
    name: Option<String>,
    #[allow(dead_code)]
    description: Option<String>,
    styles: Slots,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Slots {
    text: Option<StyleSpec>,
    muted: Option<StyleSpec>,
    accent: Option<StyleSpec>,
    title: Option<StyleSpec>,
    border: Option<StyleSpec>,
    border_focused: Option<StyleSpec>,
    selection: Option<StyleSpec>,
    key: Option<StyleSpec>,
    ok: Option<StyleSpec>,
    critical: Option<StyleSpec>,
    high: Option<StyleSpec>,
    medium: Option<StyleSpec>,
    low: Option<StyleSpec>,
    error: Option<StyleSpec>,
    warn: Option<StyleSpec>,
    good: Option<StyleSpec>,
    bar_fill: Option<StyleSpec>,
    bar_high: Option<StyleSpec>,
    bar_empty: Option<StyleSpec>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct StyleSpec {
    fg: Option<String>,
    bg: Option<String>,
    #[serde(default)]
    bold: bool,
    #[serde(default)]
    dim: bool,
    #[serde(default)]
    italic: bool,
    #[serde(default)]
    underlined: bool,
    #[serde(default)]
    reversed: bool,
}

impl StyleSpec {
    fn to_style(&self, slot: &str) -> Result<Style, String> {
        let color = |v: &Option<String>, which: &str| -> Result<Option<Color>, String> {
            v.as_deref()
                .map(|c| {
                    Color::from_str(c).map_err(|_| {
                        format!("styles.{slot}.{which}: `{c}` is not a colour (a name, #rrggbb or 0-255)")
                    })
                })
                .transpose()
        };
        let mut style = Style::new();
        if let Some(fg) = color(&self.fg, "fg")? {
            style = style.fg(fg);
        }
        if let Some(bg) = color(&self.bg, "bg")? {
            style = style.bg(bg);
        }
        for (on, modifier) in [
            (self.bold, Modifier::BOLD),
            (self.dim, Modifier::DIM),
            (self.italic, Modifier::ITALIC),
            (self.underlined, Modifier::UNDERLINED),
            (self.reversed, Modifier::REVERSED),
        ] {
            if on {
                style = style.add_modifier(modifier);
            }
        }
        Ok(style)
    }
}

/// Parses a theme file. Without a base every slot must be present; with one, missing slots
/// keep the base's style.
fn parse_slots(text: &str, base: Option<Theme>) -> Result<Theme, String> {
    let file: ThemeFile = toml::from_str(text).map_err(|e| {
        let start = e.span().map_or(0, |s| s.start).min(text.len());
        let line = text[..start].matches('\n').count() + 1;
        format!("line {line}: {}", e.message().trim())
    })?;
    let s = file.styles;
    let pick = |spec: &Option<StyleSpec>,
                slot: &str,
                base_style: Option<Style>|
     -> Result<Style, String> {
        match (spec, base_style) {
            (Some(spec), _) => spec.to_style(slot),
            (None, Some(style)) => Ok(style),
            (None, None) => Err(format!("styles.{slot} is missing")),
        }
    };
    let b = base.as_ref();
    Ok(Theme {
        text: pick(&s.text, "text", b.map(|t| t.text))?,
        muted: pick(&s.muted, "muted", b.map(|t| t.muted))?,
        accent: pick(&s.accent, "accent", b.map(|t| t.accent))?,
        title: pick(&s.title, "title", b.map(|t| t.title))?,
        border: pick(&s.border, "border", b.map(|t| t.border))?,
        border_focused: pick(
            &s.border_focused,
            "border_focused",
            b.map(|t| t.border_focused),
        )?,
        selection: pick(&s.selection, "selection", b.map(|t| t.selection))?,
        key: pick(&s.key, "key", b.map(|t| t.key))?,
        ok: pick(&s.ok, "ok", b.map(|t| t.ok))?,
        critical: pick(&s.critical, "critical", b.map(|t| t.critical))?,
        high: pick(&s.high, "high", b.map(|t| t.high))?,
        medium: pick(&s.medium, "medium", b.map(|t| t.medium))?,
        low: pick(&s.low, "low", b.map(|t| t.low))?,
        error: pick(&s.error, "error", b.map(|t| t.error))?,
        warn: pick(&s.warn, "warn", b.map(|t| t.warn))?,
        good: pick(&s.good, "good", b.map(|t| t.good))?,
        bar_fill: pick(&s.bar_fill, "bar_fill", b.map(|t| t.bar_fill))?,
        bar_high: pick(&s.bar_high, "bar_high", b.map(|t| t.bar_high))?,
        bar_empty: pick(&s.bar_empty, "bar_empty", b.map(|t| t.bar_empty))?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_parses_completely() {
        for (name, text) in BUILT_IN {
            assert!(
                parse_slots(text, None).is_ok(),
                "{name}: {:?}",
                parse_slots(text, None).err()
            );
        }
    }

    #[test]
    fn no_color_forces_mono() {
        let dir = tempfile::tempdir().unwrap();
        let mono = load("mono", false, dir.path()).unwrap();
        assert_eq!(load("default", true, dir.path()).unwrap(), mono);
        assert_eq!(mono.critical.fg, None, "mono uses no colour");
    }

    #[test]
    fn user_theme_is_partial_over_default() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("mine.toml"),
            "[styles]\ncritical = { fg = \"#ff00ff\" }\n",
        )
        .unwrap();
        let t = load("mine", false, dir.path()).unwrap();
        assert_eq!(t.critical.fg, Some(Color::Rgb(255, 0, 255)));
        assert_eq!(t.text, Theme::fallback().text);
    }

    #[test]
    fn bad_themes_name_the_problem() {
        let dir = tempfile::tempdir().unwrap();
        let err = load("nope", false, dir.path()).unwrap_err().to_string();
        assert!(err.contains("default, light, high-contrast, mono"), "{err}");
        std::fs::write(
            dir.path().join("bad.toml"),
            "[styles]\ntext = { fg = \"chartreuse-ish\" }\n",
        )
        .unwrap();
        let err = load("bad", false, dir.path()).unwrap_err().to_string();
        assert!(
            err.contains("styles.text.fg") && err.contains("bad.toml"),
            "{err}"
        );
        std::fs::write(dir.path().join("typo.toml"), "[styles]\ntxt = {}\n").unwrap();
        let err = load("typo", false, dir.path()).unwrap_err().to_string();
        assert!(err.contains("line 2"), "{err}");
    }
}
