//! Colour depth: what the terminal can show, and every theme colour mapped down to it when the
//! theme is loaded (RGB → nearest of the 256-colour palette → nearest of the 16 ANSI colours),
//! so a 16-colour console is never sent an RGB escape it would garble.

use ratatui::style::Color;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ColorDepth {
    /// `NO_COLOR`: the mono theme, no colour at all.
    None,
    Ansi16,
    Ansi256,
    TrueColor,
}

impl ColorDepth {
    /// From the environment as terminals announce themselves: `NO_COLOR` (non-empty) means
    /// none, `COLORTERM=truecolor|24bit` full RGB, a `TERM` with `256color` 256, any other
    /// `TERM` (xterm, screen, linux, vt100) 16.
    pub fn detect(var: impl Fn(&str) -> Option<String>) -> Self {
        if var("NO_COLOR").is_some_and(|v| !v.is_empty()) {
            return ColorDepth::None;
        }
        let colorterm = var("COLORTERM").unwrap_or_default().to_ascii_lowercase();
        if colorterm == "truecolor" || colorterm == "24bit" {
            return ColorDepth::TrueColor;
        }
        if var("TERM").unwrap_or_default().contains("256color") {
            ColorDepth::Ansi256
        } else {
            ColorDepth::Ansi16
        }
    }

    pub const fn label(self) -> &'static str {
        match self {
            ColorDepth::None => "no colour",
            ColorDepth::Ansi16 => "16 colours",
            ColorDepth::Ansi256 => "256 colours",
            ColorDepth::TrueColor => "true colour",
        }
    }
}

/// `color` as the terminal of `depth` can show it. Named colours are the 16 every colour
/// terminal has; `None` leaves colours alone (the mono theme has none).
pub fn fit(color: Color, depth: ColorDepth) -> Color {
    match (color, depth) {
        (Color::Rgb(r, g, b), ColorDepth::Ansi256) => Color::Indexed(nearest_256(r, g, b)),
        (Color::Rgb(r, g, b), ColorDepth::Ansi16) => ansi16(nearest_16(r, g, b)),
        (Color::Indexed(i), ColorDepth::Ansi16) => {
            let (r, g, b) = rgb_of_256(i);
            ansi16(nearest_16(r, g, b))
        }
        (c, _) => c,
    }
}

/// The xterm values of the 16 ANSI colours, in index order.
const ANSI16: [(u8, u8, u8); 16] = [
    (0, 0, 0),
    (205, 0, 0),
    (0, 205, 0),
    (205, 205, 0),
    (0, 0, 238),
    (205, 0, 205),
    (0, 205, 205),
    (229, 229, 229),
    (127, 127, 127),
    (255, 0, 0),
    (0, 255, 0),
    (255, 255, 0),
    (92, 92, 255),
    (255, 0, 255),
    (0, 255, 255),
    (255, 255, 255),
];

const CUBE: [u8; 6] = [0, 95, 135, 175, 215, 255];

/// The RGB an xterm shows for a 256-palette index.
fn rgb_of_256(i: u8) -> (u8, u8, u8) {
    match i {
        0..=15 => ANSI16[usize::from(i)],
        16..=231 => {
            let n = i - 16;
            (
                CUBE[usize::from(n / 36)],
                CUBE[usize::from(n / 6 % 6)],
                CUBE[usize::from(n % 6)],
            )
        }
        _ => {
            let v = 8 + 10 * (i - 232);
            (v, v, v)
        }
    }
}

fn distance((r1, g1, b1): (u8, u8, u8), (r2, g2, b2): (u8, u8, u8)) -> u32 {
    let d = |a: u8, b: u8| (i32::from(a) - i32::from(b)).pow(2) as u32;
    d(r1, r2) + d(g1, g2) + d(b1, b2)
}

/// The closest index among 16-255 (the cube and the greys, which do not depend on the
/// terminal's own choice of its first 16).
fn nearest_256(r: u8, g: u8, b: u8) -> u8 {
    (16..=255u8)
        .min_by_key(|i| distance(rgb_of_256(*i), (r, g, b)))
        .unwrap_or(16)
}

fn nearest_16(r: u8, g: u8, b: u8) -> u8 {
    (0..16u8)
        .min_by_key(|i| distance(ANSI16[usize::from(*i)], (r, g, b)))
        .unwrap_or(7)
}

fn ansi16(i: u8) -> Color {
    const NAMED: [Color; 16] = [
        Color::Black,
        Color::Red,
        Color::Green,
        Color::Yellow,
        Color::Blue,
        Color::Magenta,
        Color::Cyan,
        Color::Gray,
        Color::DarkGray,
        Color::LightRed,
        Color::LightGreen,
        Color::LightYellow,
        Color::LightBlue,
        Color::LightMagenta,
        Color::LightCyan,
        Color::White,
    ];
    NAMED[usize::from(i % 16)]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn depth_from_the_environment() {
        use ColorDepth::*;
        let cases: [(&'static [(&'static str, &'static str)], ColorDepth); 9] = [
            (
                &[("TERM", "xterm-256color"), ("COLORTERM", "truecolor")],
                TrueColor,
            ),
            (&[("TERM", "xterm"), ("COLORTERM", "24bit")], TrueColor),
            (&[("TERM", "xterm-256color")], Ansi256),
            (&[("TERM", "tmux-256color")], Ansi256),
            (&[("TERM", "screen")], Ansi16),
            (&[("TERM", "linux")], Ansi16),
            (&[("TERM", "vt100")], Ansi16),
            (&[("TERM", "xterm-256color"), ("NO_COLOR", "1")], None),
            (&[("TERM", "xterm-256color"), ("NO_COLOR", "")], Ansi256),
        ];
        for (vars, want) in cases {
            assert_eq!(ColorDepth::detect(env(vars)), want, "{vars:?}");
        }
    }

    #[test]
    fn rgb_maps_down_to_the_palette() {
        assert_eq!(
            fit(Color::Rgb(255, 0, 0), ColorDepth::Ansi256),
            Color::Indexed(196)
        );
        assert_eq!(
            fit(Color::Rgb(128, 128, 128), ColorDepth::Ansi256),
            Color::Indexed(244)
        );
        assert_eq!(
            fit(Color::Rgb(250, 10, 10), ColorDepth::Ansi16),
            Color::LightRed
        );
        assert_eq!(fit(Color::Rgb(0, 0, 0), ColorDepth::Ansi16), Color::Black);
        assert_eq!(
            fit(Color::Indexed(196), ColorDepth::Ansi16),
            Color::LightRed
        );
        assert_eq!(fit(Color::Indexed(34), ColorDepth::Ansi16), Color::Green);
        let orange = Color::Rgb(255, 135, 0);
        assert_eq!(fit(orange, ColorDepth::TrueColor), orange);
        assert_eq!(fit(Color::Red, ColorDepth::Ansi16), Color::Red);
    }

    #[test]
    fn palette_round_trips() {
        for i in 16..=255u8 {
            let (r, g, b) = rgb_of_256(i);
            assert_eq!(rgb_of_256(nearest_256(r, g, b)), (r, g, b), "index {i}");
        }
    }
}
