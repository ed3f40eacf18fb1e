//! The questions asked before anything changes: pausing or stopping a container, and learning
//! a drifting image again. Each says what will happen; only `y` goes ahead.

use crate::ui::state::{Confirm, Relearn};
use crate::ui::theme::Theme;
use crate::ui::widgets::{panel, popup};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Padding, Paragraph, Wrap};

pub fn render(frame: &mut Frame, area: Rect, confirm: &Confirm, theme: &Theme) {
    if let Some(typed) = &confirm.typed {
        return render_production(frame, area, confirm, typed, theme);
    }
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
    ];
    let title = format!(" {} {}? ", confirm.action.as_str(), confirm.name);
    ask(
        frame,
        area,
        &title,
        lines,
        (confirm.action.as_str(), "cancel"),
        theme,
    );
}

/// A production context: the answer is its name, typed out.
fn render_production(frame: &mut Frame, area: Rect, confirm: &Confirm, typed: &str, theme: &Theme) {
    let context = &confirm.key.source.context;
    let lines = vec![
        Line::styled(
            format!("This {}.", confirm.action.consequence()),
            theme.text,
        ),
        Line::from(vec![
            Span::styled(" PRODUCTION ", super::header::production_style(theme)),
            Span::styled(
                format!(" container {} in Docker context {context}.", confirm.name),
                theme.warn,
            ),
        ]),
        Line::styled(
            format!("Type the context name ({context}) and press Enter; Esc cancels."),
            theme.muted,
        ),
        Line::from(""),
        Line::from(vec![
            Span::styled("> ", theme.key),
            Span::styled(typed.to_owned(), theme.text),
            Span::styled("_", theme.accent),
        ]),
    ];
    let title = format!(
        " {} {} in production? ",
        confirm.action.as_str(),
        confirm.name
    );
    let popup = popup::centred(area, 96, 9);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            panel::block(Line::styled(title, theme.title), true, theme)
                .padding(Padding::horizontal(1)),
        ),
        popup,
    );
}

/// Learning a drifting image again makes its drift normal: say which programs.
pub fn render_relearn(frame: &mut Frame, area: Rect, relearn: &Relearn, theme: &Theme) {
    let lines = vec![
        Line::styled(relearn.image.clone(), theme.text),
        Line::styled(
            format!(
                "These programs ran outside its profile and would count as normal: {}.",
                relearn.drift.join(", ")
            ),
            theme.warn,
        ),
    ];
    let answers = ("learn again", "keep the drift");
    ask(
        frame,
        area,
        " learn this image again? ",
        lines,
        answers,
        theme,
    );
}

/// A popup with the question's lines and the two answers: `y`, or any other key.
fn ask(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    mut lines: Vec<Line<'static>>,
    (yes, no): (&str, &str),
    theme: &Theme,
) {
    lines.push(Line::from(""));
    lines.push(Line::from(vec![
        Span::styled("y ", theme.key),
        Span::styled(format!("{yes}   "), theme.text),
        Span::styled(" any other key ", theme.key),
        Span::styled(no.to_owned(), theme.text),
    ]));
    let popup = popup::centred(area, 96, 9);
    let title = Line::styled(title.to_owned(), theme.title);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(panel::block(title, true, theme).padding(Padding::horizontal(1))),
        popup,
    );
}
