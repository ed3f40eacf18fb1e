//! Themes: semantic style slots, loaded from TOML.
//!
//! The four built-ins are the files in `themes/`, compiled in so the binary needs nothing on
//! disk. A user theme is `<config dir>/themes/NAME.toml`; slots it leaves out come from the
//! default theme. `NO_COLOR` forces `mono`. Severity colours live here, never on the model.

use super::glyphs::Glyphs;
use super::palette::{self, ColorDepth};
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

/// Declares the style slots once: the `Theme` struct, the TOML `Slots` it is read from, and the
/// merge of a file's slots over a base theme.
macro_rules! slots {
    ($($slot:ident),+ $(,)?) => {
        #[derive(Debug, Clone, Copy, PartialEq)]
        pub struct Theme {
            $(pub $slot: Style,)+
            /// The characters to draw with: Unicode, or ASCII for a C locale and `--ascii`.
            pub glyphs: Glyphs,
        }

        #[derive(Deserialize, Default)]
        #[serde(deny_unknown_fields)]
        struct Slots {
            $($slot: Option<StyleSpec>,)+
        }

        impl Slots {
            /// Every slot from the file, else from `base`; without a base every slot is required.
            fn resolve(&self, base: Option<&Theme>) -> Result<Theme, String> {
                Ok(Theme {
                    glyphs: base.map_or(Glyphs::UNICODE, |b| b.glyphs),
                    $($slot: match (&self.$slot, base) {
                        (Some(spec), _) => spec.to_style(stringify!($slot))?,
                        (None, Some(base)) => base.$slot,
                        (None, None) => return Err(format!("styles.{} is missing", stringify!($slot))),
                    },)+
                })
            }
        }

        impl Theme {
            /// Every slot the same style.
            const fn uniform(style: Style) -> Self {
                Theme { $($slot: style,)+ glyphs: Glyphs::UNICODE }
            }

            /// Every slot's colours as a terminal of `depth` can show them.
            pub fn fit_to(mut self, depth: ColorDepth) -> Self {
                $(self.$slot = fit_style(self.$slot, depth);)+
                self
            }
        }
    };
}

slots!(
    text,
    muted,
    accent,
    title,
    border,
    border_focused,
    selection,
    key,
    ok,
    critical,
    high,
    medium,
    low,
    error,
    warn,
    good,
    bar_fill,
    bar_high,
    bar_empty,
);

impl Theme {
    pub fn severity(&self, severity: Severity) -> Style {
        match severity {
            Severity::Critical => self.critical,
            Severity::High => self.high,
            Severity::Medium => self.medium,
            Severity::Low => self.low,
        }
    }

    /// ASCII only (a C locale, `--ascii`), or Unicode glyphs.
    pub fn with_ascii(mut self, ascii: bool) -> Self {
        self.glyphs = Glyphs::new(ascii);
        self
    }

    pub fn risk(&self, risk: Risk) -> Style {
        risk.severity().map_or(self.ok, |s| self.severity(s))
    }

    /// The built-in default theme, for tests and as the base of partial user themes.
    pub fn fallback() -> Self {
        // The embedded files are checked by tests, so this parse cannot fail in a release.
        parse_slots(BUILT_IN[0].1, None).unwrap_or(Self::BARE)
    }

    /// No colour at all, badges and selection reversed: the last resort.
    const BARE: Theme = {
        let reversed = Style::new().add_modifier(Modifier::REVERSED);
        let mut theme = Theme::uniform(Style::new());
        theme.selection = reversed;
        theme.critical = reversed;
        theme.high = reversed;
        theme
    };
}

fn fit_style(mut style: Style, depth: ColorDepth) -> Style {
    style.fg = style.fg.map(|c| palette::fit(c, depth));
    style.bg = style.bg.map(|c| palette::fit(c, depth));
    style.underline_color = style.underline_color.map(|c| palette::fit(c, depth));
    style
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
        let line = crate::config::error_line(text, &e);
        format!("line {line}: {}", e.message().trim())
    })?;
    file.styles.resolve(base.as_ref())
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
