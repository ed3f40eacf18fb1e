//! The question before any change to a container: what will happen, to which one, y or n.

use crate::ui::state::{Confirm, Relearn};
use crate::ui::theme::Theme;
use crate::ui::widgets::{panel, popup};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Padding, Paragraph, Wrap};

pub fn render(frame: &mut Frame, area: Rect, confirm: &Confirm, theme: &Theme) {
    let popup = popup::centred(area, 96, 9);
    let title = Line::styled(
        format!(" {} {}? ", confirm.action.as_str(), confirm.name),
        theme.title,
    );
    let lines = vec![
        Line::styled(
            format!("This {}.", confirm.action.consequence()),
            theme.text,
        ),
        Line::styled(
            format!(
                "Container {} in Docker context {}.",
                confirm.name, confirm.key.source.context
            ),
            theme.muted,
        ),
        Line::styled("It is logged to the action log.", theme.muted),
        Line::from(""),
        Line::from(vec![
            Span::styled("y ", theme.key),
            Span::styled(format!("{}   ", confirm.action.as_str()), theme.text),
            Span::styled(" any other key ", theme.key),
            Span::styled("cancel", theme.text),
        ]),
    ];
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(panel::block(title, true, theme).padding(Padding::horizontal(1))),
        popup,
    );
}

/// Learning a drifting image again makes its drift normal: say which programs.
pub fn render_relearn(frame: &mut Frame, area: Rect, relearn: &Relearn, theme: &Theme) {
    let popup = popup::centred(area, 96, 9);
    let title = Line::styled(" learn this image again? ", theme.title);
    let lines = vec![
        Line::styled(relearn.image.clone(), theme.text),
        Line::styled(
            format!(
                "These programs ran outside its profile and would count as normal: {}.",
                relearn.drift.join(", ")
            ),
            theme.warn,
        ),
        Line::from(""),
        Line::from(vec![
            Span::styled("y ", theme.key),
            Span::styled("learn again   ", theme.text),
            Span::styled(" any other key ", theme.key),
            Span::styled("keep the drift", theme.text),
        ]),
    ];
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(panel::block(title, true, theme).padding(Padding::horizontal(1))),
        popup,
    );
}
