//! A fix the terminal could not take through OSC 52, shown plain over the view: no border, no
//! indent, nothing else on its lines, so selecting it with the mouse copies exactly the fix.
//! A line wider than the screen wraps (the operator joins it) rather than losing its end.

use crate::ui::state::ShownSnippet;
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph, Wrap};

pub fn render(frame: &mut Frame, area: Rect, shown: &ShownSnippet, mouse: bool, theme: &Theme) {
    let wraps = shown
        .snippet
        .text
        .lines()
        .any(|l| l.chars().count() > usize::from(area.width));
    let joins = if wraps {
        " Lines wider than the screen are wrapped: join them."
    } else {
        ""
    };
    let mouse = if mouse {
        " The dashboard has the mouse: M gives it to the terminal (or hold Shift)."
    } else {
        ""
    };
    let mut lines = vec![
        Line::styled(
            format!(
                "The {} fix, not copied ({}). Select it with the mouse; any key closes.{mouse}{joins}",
                shown.snippet.label, shown.why
            ),
            theme.muted,
        ),
        Line::from(""),
    ];
    lines.extend(
        shown
            .snippet
            .text
            .lines()
            .map(|l| Line::styled(l.to_owned(), theme.text)),
    );
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}
