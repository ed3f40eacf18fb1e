//! The `:ctx` picker: every Docker and kube context; Enter switches, `+` adds, `-` removes,
//! Esc closes.

use crate::model::SourceKind;
use crate::ui::state::Picker;
use crate::ui::theme::Theme;
use crate::ui::widgets::{panel, popup};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, List, ListItem, ListState};

pub fn render(
    frame: &mut Frame,
    area: Rect,
    picker: &Picker,
    active: &[(SourceKind, String)],
    theme: &Theme,
) {
    let popup = popup::centred(area, 76, picker.choices.len() as u16 + 2);
    let items: Vec<ListItem> = picker
        .choices
        .iter()
        .map(|c| {
            let on = active.iter().any(|(k, n)| *k == c.kind && *n == c.name);
            ListItem::new(Line::from(vec![
                Span::styled(if on { theme.glyphs.active } else { " " }, theme.good),
                Span::raw(" "),
                Span::styled(format!("{:<11}", c.kind.as_str()), theme.muted),
                Span::styled(format!("{:<24} ", c.name), theme.text),
                Span::styled(c.detail.clone(), theme.muted),
            ]))
        })
        .collect();
    let title = Line::styled(
        " Contexts · Enter switch · + add · - remove · Esc close ",
        theme.title,
    );
    let list = List::new(items)
        .block(panel::block(title, true, theme))
        .highlight_style(theme.selection)
        .highlight_symbol(theme.glyphs.highlight);
    let mut list_state = ListState::default().with_selected(Some(picker.selected));
    frame.render_widget(Clear, popup);
    frame.render_stateful_widget(list, popup, &mut list_state);
}
