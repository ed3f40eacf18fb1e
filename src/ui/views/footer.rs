//! The bottom line: the filter prompt while typing, else key hints for the current view.

use crate::ui::keymap;
use crate::ui::state::UiState;
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(frame: &mut Frame, area: Rect, state: &UiState, theme: &Theme) {
    let line = if state.editing_filter {
        Line::from(vec![
            Span::styled(" / ", theme.key),
            Span::styled(format!("{}▏", state.filter), theme.text),
            Span::styled("  Enter keep · Esc clear", theme.muted),
        ])
    } else {
        let mut spans = vec![Span::raw(" ")];
        for (label, hint) in keymap::for_view(state.view).filter_map(|b| Some((b.label, b.hint?))) {
            spans.push(Span::styled(label, theme.key));
            spans.push(Span::styled(format!(" {hint}  "), theme.muted));
        }
        Line::from(spans)
    };
    frame.render_widget(Paragraph::new(line), area);
}
