//! Usage against a limit in a fixed-width cell: `███░░ 0.50/1.00`, or `0.01 no limit`.

use crate::ui::format;
use crate::ui::theme::Theme;
use ratatui::text::{Line, Span};

const BAR: usize = 5;
/// Above this fraction of the limit the bar turns to the warning style.
const HIGH: f64 = 0.9;

pub enum Measure {
    Cores,
    Bytes,
}

fn show(value: f64, measure: &Measure) -> String {
    match measure {
        Measure::Cores => format::cores(value),
        Measure::Bytes => format::bytes(value as u64),
    }
}

/// One table cell. `live` is false for stopped containers, which have no usage to show;
/// `unknown` is what a live one without a reading shows (`…` pending, `n/a` no metrics).
pub fn cell(
    used: Option<f64>,
    limit: Option<f64>,
    measure: &Measure,
    live: bool,
    unknown: &str,
    theme: &Theme,
) -> Line<'static> {
    let limit_text = limit.map(|l| show(l, measure));
    let used_text = match (live, used) {
        (false, _) => "-".to_owned(),
        (true, None) => unknown.to_owned(),
        (true, Some(u)) => show(u, measure),
    };
    match (limit_text, format::ratio(used, limit)) {
        (Some(limit_text), Some(r)) if live => {
            let filled = ((r * BAR as f64).ceil() as usize).clamp(usize::from(r > 0.0), BAR);
            let fill_style = if r >= HIGH {
                theme.bar_high
            } else {
                theme.bar_fill
            };
            Line::from(vec![
                Span::styled(theme.glyphs.bar_full.repeat(filled), fill_style),
                Span::styled(theme.glyphs.bar_empty.repeat(BAR - filled), theme.bar_empty),
                Span::styled(format!(" {used_text}/{limit_text}"), theme.text),
            ])
        }
        // No reading: no bar, and the limit spelled out so "n/a/2.00" cannot be misread.
        (Some(limit_text), _) => Line::from(vec![
            Span::styled(format!("{used_text} "), theme.muted),
            Span::styled(format!("limit {limit_text}"), theme.text),
        ]),
        (None, _) => Line::from(vec![
            Span::styled(format!("{used_text} "), theme.text),
            Span::styled("no limit", theme.warn),
        ]),
    }
}
