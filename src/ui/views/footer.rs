//! The bottom line: the `:` command line or the filter prompt while typing, a message after a
//! command, else key hints for the current view.

use crate::ui::keymap;
use crate::ui::state::{PromptKind, UiState};
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(frame: &mut Frame, area: Rect, state: &UiState, theme: &Theme) {
    let line = if let Some(prompt) = &state.prompt {
        let (label, help) = match prompt.kind {
            PromptKind::Command => (
                " :",
                "  ctx [NAME] · ns NAME|all · cluster · engine · q   Enter run · Esc cancel",
            ),
            PromptKind::Waive => (
                " waive, reason: ",
                "  Enter writes it (expires in 90 days) · Esc cancel",
            ),
        };
        Line::from(vec![
            Span::styled(label, theme.key),
            Span::styled(
                format!("{}{}", prompt.text, theme.glyphs.cursor),
                theme.text,
            ),
            Span::styled(help, theme.muted),
        ])
    } else if state.editing_filter {
        Line::from(vec![
            Span::styled(" / ", theme.key),
            Span::styled(
                format!("{}{}", state.filter, theme.glyphs.cursor),
                theme.text,
            ),
            Span::styled("  Enter keep · Esc clear", theme.muted),
        ])
    } else if let Some(message) = &state.message {
        Line::styled(format!(" {message}"), theme.warn)
    } else {
        let mut hints: Vec<(&str, &str)> = keymap::for_view(state.view)
            .filter_map(|b| Some((b.label, b.hint?)))
            .collect();
        // Too many for the width: leave out the ones just before `? help` and `q quit`, which
        // stay, as does the view's own first hints; help lists them all.
        let width = |h: &[(&str, &str)]| {
            1 + h
                .iter()
                .map(|(l, w)| l.chars().count() + w.chars().count() + 3)
                .sum::<usize>()
        };
        while width(&hints) > usize::from(area.width) + 2 && hints.len() > 3 {
            hints.remove(hints.len() - 3);
        }
        let mut spans = vec![Span::raw(" ")];
        for (label, hint) in hints {
            spans.push(Span::styled(label, theme.key));
            spans.push(Span::styled(format!(" {hint}  "), theme.muted));
        }
        Line::from(spans)
    };
    frame.render_widget(Paragraph::new(line), area);
}
