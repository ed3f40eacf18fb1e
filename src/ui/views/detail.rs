//! One container: a summary line, pane tabs, and the selected pane.

use super::{capabilities, dashboard, resources};
use crate::model::sensitive_paths::classify;
use crate::model::{AssessedWorkload, Snapshot};
use crate::ui::format;
use crate::ui::rows;
use crate::ui::state::{Pane, UiState};
use crate::ui::theme::Theme;
use crate::ui::widgets::badge;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, HighlightSpacing, Paragraph, Row, Table, Tabs};

pub fn render(
    frame: &mut Frame,
    area: Rect,
    snapshot: &Snapshot,
    state: &mut UiState,
    theme: &Theme,
) {
    let Some(w) = rows::selected(snapshot, state) else {
        let gone = Paragraph::new(Line::styled(
            " This container is gone from the engine. Esc goes back.",
            theme.warn,
        ))
        .block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme.border),
        );
        frame.render_widget(gone, area);
        return;
    };
    let title = Line::from(vec![
        Span::raw(" "),
        badge::risk(w.risk, theme),
        Span::styled(format!(" {} ", dashboard::display_name(w)), theme.title),
    ]);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focused)
        .title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [summary, tabs_area, pane_area] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(summary_lines(w, theme)), summary);
    frame.render_widget(tabs(w, state.pane, theme), tabs_area);
    match state.pane {
        Pane::Findings => findings(frame, pane_area, w, state, theme),
        Pane::Mounts => mounts(frame, pane_area, w, theme),
        Pane::Capabilities => {
            let lines = capabilities::lines(w, theme);
            scrolled(frame, pane_area, lines, state);
        }
        Pane::Resources => {
            let lines = resources::lines(w, pane_area.width, theme);
            scrolled(frame, pane_area, lines, state);
        }
        Pane::Labels => {
            let lines = labels(w, theme);
            scrolled(frame, pane_area, lines, state);
        }
    }
}

fn summary_lines(w: &AssessedWorkload, theme: &Theme) -> Vec<Line<'static>> {
    let wl = &w.workload;
    let field = |k: &str, v: String| {
        vec![
            Span::styled(format!("{k} "), theme.muted),
            Span::styled(format!("{v}  "), theme.text),
        ]
    };
    let mut first = field("image", wl.image.clone());
    first.extend(field("state", wl.state.as_str().to_owned()));
    first.extend(field("user", wl.user_label()));
    let mut second = field("id", format::short_id(&wl.id).to_owned());
    second.extend(field(
        "source",
        format!("{} {}", wl.source.kind.as_str(), wl.source.context),
    ));
    if let Some(ns) = &wl.namespace {
        second.extend(field("namespace", ns.clone()));
    }
    vec![Line::from(first), Line::from(second)]
}

fn tabs(w: &AssessedWorkload, pane: Pane, theme: &Theme) -> Tabs<'static> {
    let sensitive = w.workload.mounts.iter().filter(|m| m.sensitive).count();
    let titles: Vec<Line> = Pane::ALL
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let count = match p {
                Pane::Findings => format!(" {}", w.findings.len()),
                Pane::Mounts if sensitive > 0 => format!(" {}!", w.workload.mounts.len()),
                Pane::Mounts => format!(" {}", w.workload.mounts.len()),
                Pane::Capabilities => format!(" {}", w.workload.capabilities.effective.len()),
                _ => String::new(),
            };
            Line::from(format!("{} {}{count}", i + 1, p.title()))
        })
        .collect();
    let selected = Pane::ALL.iter().position(|p| *p == pane).unwrap_or(0);
    Tabs::new(titles)
        .select(selected)
        .style(theme.muted)
        .highlight_style(theme.selection)
        .divider(Span::styled("│", theme.border))
}

fn findings(
    frame: &mut Frame,
    area: Rect,
    w: &AssessedWorkload,
    state: &mut UiState,
    theme: &Theme,
) {
    if w.findings.is_empty() {
        let ok = Line::styled(
            " No findings: this container passes every rule.",
            theme.good,
        );
        frame.render_widget(Paragraph::new(ok), area);
        return;
    }
    let rows = w.findings.iter().map(|f| {
        Row::new(vec![
            Cell::from(badge::severity(f.severity, theme)),
            Cell::from(Span::styled(f.rule.clone(), theme.accent)),
            Cell::from(Span::styled(f.evidence.clone(), theme.text)),
        ])
    });
    let table = Table::new(
        rows,
        [
            Constraint::Length(badge::WIDTH),
            Constraint::Length(21),
            Constraint::Fill(1),
        ],
    )
    .header(Row::new(
        ["SEV", "RULE", "EVIDENCE"].map(|h| Cell::from(Span::styled(h, theme.muted))),
    ))
    .row_highlight_style(theme.selection)
    .highlight_symbol("▶")
    .highlight_spacing(HighlightSpacing::Always)
    .column_spacing(1);
    state.finding = state.finding.min(w.findings.len() - 1);
    state.findings_table.select(Some(state.finding));
    frame.render_stateful_widget(table, area, &mut state.findings_table);
}

fn mounts(frame: &mut Frame, area: Rect, w: &AssessedWorkload, theme: &Theme) {
    if w.workload.mounts.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled(" No mounts.", theme.muted)),
            area,
        );
        return;
    }
    let rows = w.workload.mounts.iter().map(|m| {
        let risk = if m.kind.is_host_path() {
            classify(&m.source, m.read_only)
        } else {
            None
        };
        let marker = match risk {
            Some(found) => Cell::from(Line::from(vec![
                badge::severity(found.severity, theme),
                Span::styled(" sensitive", theme.warn),
            ])),
            None => Cell::from(""),
        };
        Row::new(vec![
            Cell::from(Span::styled(m.kind.as_str(), theme.muted)),
            Cell::from(Span::styled(m.source.clone(), theme.text)),
            Cell::from(Span::styled(m.destination.clone(), theme.text)),
            Cell::from(Span::styled(
                if m.read_only { "ro" } else { "rw" },
                theme.text,
            )),
            marker,
        ])
    });
    let table = Table::new(
        rows,
        [
            Constraint::Length(6),
            Constraint::Fill(1),
            Constraint::Fill(1),
            Constraint::Length(2),
            Constraint::Length(14),
        ],
    )
    .header(Row::new(
        ["KIND", "SOURCE", "DESTINATION", "RW", "RISK"]
            .map(|h| Cell::from(Span::styled(h, theme.muted))),
    ))
    .column_spacing(1);
    frame.render_widget(table, area);
}

fn labels(w: &AssessedWorkload, theme: &Theme) -> Vec<Line<'static>> {
    let wl = &w.workload;
    let mut lines = vec![Line::styled(
        format!(" Labels ({})", wl.labels.len()),
        theme.title,
    )];
    for (k, v) in &wl.labels {
        lines.push(Line::from(vec![
            Span::styled(format!("   {k}"), theme.accent),
            Span::styled(format!("={v}"), theme.text),
        ]));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(vec![
        Span::styled(
            format!(" Environment variables ({})", wl.env_names.len()),
            theme.title,
        ),
        Span::styled("  names only: values are never read", theme.muted),
    ]));
    for name in &wl.env_names {
        lines.push(Line::styled(format!("   {name}"), theme.text));
    }
    lines
}

/// A scrollable list of lines; the scroll offset is clamped to the content here.
fn scrolled(frame: &mut Frame, area: Rect, lines: Vec<Line<'static>>, state: &mut UiState) {
    let max = (lines.len() as u16).saturating_sub(area.height);
    state.pane_scroll = state.pane_scroll.min(max);
    frame.render_widget(Paragraph::new(lines).scroll((state.pane_scroll, 0)), area);
}
