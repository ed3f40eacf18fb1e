//! One finding, of a workload or of a cluster: evidence, why it matters, the exact fix.
//! Scrollable.

use super::dashboard;
use crate::model::{Finding, Snapshot};
use crate::ui::format;
use crate::ui::rows;
use crate::ui::state::{UiState, View};
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
    let found = if state.view == View::ClusterFinding {
        rows::selected_scoped(snapshot, state).map(|f| {
            let subject = format!(
                "{} {}",
                f.scope.as_deref().unwrap_or("cluster"),
                f.target.as_deref().unwrap_or("")
            );
            (subject, String::new(), f)
        })
    } else {
        rows::selected(snapshot, state).and_then(|w| {
            let f = w.findings.get(state.finding)?;
            Some((dashboard::display_name(w), w.workload.image.clone(), f))
        })
    };
    let Some((subject, image, f)) = found else {
        let message = "This finding is gone (fixed, or its subject was removed). Esc goes back.";
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
    let lines = body(&subject, &image, f, inner.width, theme);
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

fn body(subject: &str, image: &str, f: &Finding, width: u16, theme: &Theme) -> Vec<Line<'static>> {
    let width = usize::from(width.saturating_sub(2)).max(20);
    let mut about = vec![
        Span::styled(" About      ", theme.muted),
        Span::styled(subject.to_owned(), theme.text),
    ];
    if !image.is_empty() {
        about.push(Span::styled(format!("  ({image})"), theme.muted));
    }
    let mut lines = vec![Line::from(about)];
    if let Some(w) = f.waiver.as_ref().filter(|_| f.waived) {
        let until = w.expires.map(|d| format!(" until {d}")).unwrap_or_default();
        let by = w
            .author
            .as_deref()
            .map(|a| format!(" by {a}"))
            .unwrap_or_default();
        lines.push(Line::from(vec![
            Span::styled(" Waived     ", theme.muted),
            Span::styled(
                format!("{}{until}{by}: not counted in risk or totals", w.reason),
                theme.warn,
            ),
        ]));
    }
    if let Some(level) = &f.pss {
        lines.push(Line::from(vec![
            Span::styled(" Breaks     ", theme.muted),
            Span::styled(format!("Pod Security Standards, {level} level"), theme.warn),
        ]));
    }
    lines.push(Line::from(""));
    section(&mut lines, "Evidence", &f.evidence, width, theme);
    section(&mut lines, "Why it matters", &f.risk, width, theme);
    lines.push(Line::styled(" How to fix", theme.title));
    for l in format::wrap(&f.remediation, width - 2) {
        let heading = ["docker run:", "Compose:", "Pod spec:"]
            .iter()
            .any(|h| l.starts_with(h));
        let style = if heading { theme.accent } else { theme.text };
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
