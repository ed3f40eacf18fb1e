//! The help overlay, generated from the key map for the current view.

use crate::ui::keymap;
use crate::ui::state::View;
use crate::ui::theme::Theme;
use crate::ui::widgets::popup;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

pub fn render(frame: &mut Frame, area: Rect, view: View, mouse: bool, theme: &Theme) {
    let mut lines: Vec<Line> = keymap::for_view(view)
        .map(|b| {
            Line::from(vec![
                Span::styled(format!(" {:<9}", b.label), theme.key),
                Span::styled(b.desc, theme.text),
            ])
        })
        .collect();
    lines.push(Line::from(vec![
        Span::styled(" Mouse    ", theme.key),
        Span::styled(
            if mouse {
                "on: a click selects (twice: opens), the wheel scrolls"
            } else {
                "off: the terminal selects text; M turns it on"
            },
            theme.muted,
        ),
    ]));
    // The badge legend only where there is room: every key must show, even at 80x24.
    if lines.len() + 4 <= area.height as usize {
        lines.push(Line::from(""));
        lines.push(Line::styled(
            " Badges: CRIT HIGH MED LOW OK (worst finding)",
            theme.muted,
        ));
    }
    let widest = lines.iter().map(Line::width).max().unwrap_or(0) as u16;
    let popup = popup::centred(area, widest.max(60) + 3, lines.len() as u16 + 2);
    frame.render_widget(Clear, popup);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_set(theme.glyphs.border)
        .border_style(theme.border_focused)
        .title(Span::styled(" Keys · ? or Esc to close ", theme.title));
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}
