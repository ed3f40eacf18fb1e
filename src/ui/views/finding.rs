//! One finding: evidence, why it matters, and the exact fix. Scrollable.

use super::dashboard;
use crate::model::{AssessedWorkload, Finding, Snapshot};
use crate::ui::format;
use crate::ui::rows;
use crate::ui::state::UiState;
use crate::ui::theme::Theme;
use crate::ui::widgets::{badge, panel};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(
    frame: &mut Frame,
    area: Rect,
    snapshot: &Snapshot,
    state: &mut UiState,
    theme: &Theme,
) {
    let found =
        rows::selected(snapshot, state).and_then(|w| w.findings.get(state.finding).map(|f| (w, f)));
    let Some((w, f)) = found else {
        let message = "This finding is gone (fixed, or the container was removed). Esc goes back.";
        panel::notice(frame, area, message, theme);
        return;
    };
    let title = Line::from(vec![
        Span::raw(" "),
        badge::severity(f.severity, theme),
        Span::styled(format!(" {} ", f.rule), theme.accent),
        Span::styled(format!("· {} ", f.title), theme.title),
    ]);
    let block = panel::block(title, true, theme);
    let inner = block.inner(area);
    let lines = body(w, f, inner.width, theme);
    let max = (lines.len() as u16).saturating_sub(inner.height);
    state.finding_scroll = state.finding_scroll.min(max);
    let more = if max > 0 {
        format!(
            " {}/{} lines · j/k scroll ",
            (state.finding_scroll + inner.height).min(lines.len() as u16),
            lines.len()
        )
    } else {
        String::new()
    };
    let block = block.title_bottom(Line::styled(more, theme.muted).right_aligned());
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .scroll((state.finding_scroll, 0)),
        area,
    );
}

fn body(w: &AssessedWorkload, f: &Finding, width: u16, theme: &Theme) -> Vec<Line<'static>> {
    let width = usize::from(width.saturating_sub(2)).max(20);
    let mut lines = vec![Line::from(vec![
        Span::styled(" Container  ", theme.muted),
        Span::styled(dashboard::display_name(w), theme.text),
        Span::styled(format!("  ({})", w.workload.image), theme.muted),
    ])];
    lines.push(Line::from(""));
    section(&mut lines, "Evidence", &f.evidence, width, theme);
    section(&mut lines, "Why it matters", &f.risk, width, theme);
    lines.push(Line::styled(" How to fix", theme.title));
    for l in format::wrap(&f.remediation, width - 2) {
        let style = if l.starts_with("docker run:") || l.starts_with("Compose:") {
            theme.accent
        } else {
            theme.text
        };
        lines.push(Line::styled(format!("   {l}"), style));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(vec![
        Span::styled(" References  ", theme.muted),
        Span::styled(f.references.join(", "), theme.text),
    ]));
    lines
}

fn section(lines: &mut Vec<Line<'static>>, heading: &str, text: &str, width: usize, theme: &Theme) {
    if text.is_empty() {
        return;
    }
    lines.push(Line::styled(format!(" {heading}"), theme.title));
    for l in format::wrap(text, width - 2) {
        lines.push(Line::styled(format!("   {l}"), theme.text));
    }
    lines.push(Line::from(""));
}
