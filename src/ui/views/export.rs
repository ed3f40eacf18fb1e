//! The `e` popup: which format to write the report in.

use crate::report::Format;
use crate::ui::theme::Theme;
use crate::ui::widgets::{panel, popup};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, List, ListItem, ListState};

pub fn render(frame: &mut Frame, area: Rect, selected: usize, theme: &Theme) {
    let popup = popup::centred(area, 52, Format::ALL.len() as u16 + 2);
    let items: Vec<ListItem> = Format::ALL
        .iter()
        .map(|f| {
            ListItem::new(Line::from(vec![
                Span::styled(format!(" .{:<5}", f.extension()), theme.key),
                Span::styled(f.name(), theme.text),
            ]))
        })
        .collect();
    let title = Line::styled(" Export report · Enter write · Esc close ", theme.title);
    let list = List::new(items)
        .block(panel::block(title, true, theme))
        .highlight_style(theme.selection)
        .highlight_symbol(theme.glyphs.highlight);
    let mut list_state = ListState::default().with_selected(Some(selected));
    frame.render_widget(Clear, popup);
    frame.render_stateful_widget(list, popup, &mut list_state);
}
