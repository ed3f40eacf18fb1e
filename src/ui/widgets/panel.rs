//! The bordered panels every view draws in, and the one-line notice shown in place of a view
//! whose subject has gone (a removed container, a fixed finding).

use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};

/// A bordered panel; the focused one (the view the operator is in) is highlighted.
pub fn block<'a>(title: impl Into<Line<'a>>, focused: bool, theme: &Theme) -> Block<'a> {
    let border = if focused {
        theme.border_focused
    } else {
        theme.border
    };
    Block::default()
        .borders(Borders::ALL)
        .border_set(theme.glyphs.border)
        .border_style(border)
        .title(title)
}

/// A panel holding only `message`, for a view with nothing (left) to show.
pub fn notice(frame: &mut Frame, area: Rect, message: &str, theme: &Theme) {
    let text = Paragraph::new(Line::styled(format!(" {message}"), theme.warn));
    frame.render_widget(text.block(block("", false, theme)), area);
}
