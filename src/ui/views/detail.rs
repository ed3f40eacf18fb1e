//! One container: a summary line, pane tabs, and the selected pane.

use super::{capabilities, dashboard, processes, resources};
use crate::model::sensitive_paths::classify;
use crate::model::{AssessedWorkload, Snapshot};
use crate::ui::format;
use crate::ui::rows;
use crate::ui::state::{Pane, UiState};
use crate::ui::theme::Theme;
use crate::ui::widgets::{badge, columns, panel};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, HighlightSpacing, Paragraph, Row, Table, Tabs};

/// From this width up the pane tabs get their full titles.
const WIDE_TABS: u16 = 100;

pub fn render(
    frame: &mut Frame,
    area: Rect,
    snapshot: &Snapshot,
    state: &mut UiState,
    theme: &Theme,
) {
    let Some(w) = rows::selected(snapshot, state) else {
        panel::notice(
            frame,
            area,
            "This container is gone from the engine. Esc goes back.",
            theme,
        );
        return;
    };
    let title = Line::from(vec![
        Span::raw(" "),
        badge::risk(w.risk, theme),
        Span::styled(format!(" {} ", dashboard::display_name(w)), theme.title),
    ]);
    let block = panel::block(title, true, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [summary, tabs_area, pane_area] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(summary_lines(w, theme)), summary);
    let (tabs, widths) = tabs(w, state.pane, tabs_area.width, theme);
    frame.render_widget(tabs, tabs_area);
    state.hits.tabs = tab_areas(tabs_area, &widths, theme.glyphs.divider);
    match state.pane {
        Pane::Findings => findings(frame, pane_area, w, state, theme),
        Pane::Mounts => mounts(frame, pane_area, w, theme),
        Pane::Capabilities => {
            let lines = capabilities::lines(w, theme);
            scrolled(frame, pane_area, lines, state, theme);
        }
        Pane::Resources => {
            let lines = resources::lines(w, pane_area.width, theme);
            scrolled(frame, pane_area, lines, state, theme);
        }
        Pane::Labels => {
            let lines = labels(w, theme);
            scrolled(frame, pane_area, lines, state, theme);
        }
        Pane::Processes => {
            let lines = processes::lines(w, theme);
            scrolled(frame, pane_area, lines, state, theme);
        }
    }
}

fn summary_lines(w: &AssessedWorkload, theme: &Theme) -> Vec<Line<'static>> {
    let wl = &w.workload;
    let field = |k: &str, v: String| {
        vec![
            Span::styled(format!(" {k} "), theme.muted),
            Span::styled(format!("{v} "), theme.text),
        ]
    };
    let mut first = field("image", wl.image.clone());
    first.extend(field("state", wl.state.as_str().to_owned()));
    first.extend(field("user", wl.user_label()));
    let mut second = match &wl.kubernetes {
        Some(k) => {
            let mut spans = field("pod", wl.pod.clone().unwrap_or_default());
            if let Some(owner) = &k.owner {
                spans.extend(field("owner", format!("{}/{}", owner.kind, owner.name)));
            }
            if let Some(node) = &k.node {
                spans.extend(field("node", node.clone()));
            }
            if k.container_type != crate::model::kube::ContainerType::Regular {
                spans.extend(field(
                    "container",
                    format!("{:?}", k.container_type).to_lowercase(),
                ));
            }
            spans
        }
        None => field("id", format::short_id(&wl.id).to_owned()),
    };
    second.extend(field(
        "source",
        format!("{} {}", wl.source.kind.as_str(), wl.source.context),
    ));
    vec![Line::from(first), Line::from(second)]
}

/// Where each tab is, as `Tabs` lays them out: a space, the title, a space, the divider.
fn tab_areas(area: Rect, widths: &[u16], divider: &str) -> Vec<(Rect, Pane)> {
    let divider = divider.chars().count() as u16;
    let mut x = area.x;
    let mut out = Vec::new();
    for (w, pane) in widths.iter().zip(Pane::ALL) {
        let width = (w + 2 + divider).min(area.right().saturating_sub(x));
        if width == 0 {
            break;
        }
        out.push((Rect::new(x, area.y, width, 1), pane));
        x += width;
    }
    out
}

/// The pane tabs, and each title's width for the mouse.
fn tabs(w: &AssessedWorkload, pane: Pane, width: u16, theme: &Theme) -> (Tabs<'static>, Vec<u16>) {
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
                Pane::Processes => match (&w.workload.runtime, w.learning_state()) {
                    (Some(rt), Some("drift")) => format!(" {}!", rt.processes.len()),
                    (Some(rt), _) => format!(" {}", rt.processes.len()),
                    (None, _) => String::new(),
                },
                _ => String::new(),
            };
            let title = if width >= WIDE_TABS {
                p.title()
            } else {
                p.short_title()
            };
            Line::from(format!("{} {title}{count}", i + 1))
        })
        .collect();
    let selected = Pane::ALL.iter().position(|p| *p == pane).unwrap_or(0);
    let widths = titles.iter().map(|t| t.width() as u16).collect();
    let tabs = Tabs::new(titles)
        .select(selected)
        .style(theme.muted)
        .highlight_style(theme.selection)
        .divider(Span::styled(theme.glyphs.divider, theme.border));
    (tabs, widths)
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
    let constraints = [
        Constraint::Length(badge::WIDTH),
        Constraint::Length(21),
        Constraint::Fill(1),
    ];
    let widths = columns::widths(area.width, &constraints, 1, 1);
    let evidence_width = widths.last().copied().unwrap_or(0);
    state.finding = state.finding.min(w.findings.len() - 1);
    let rows = w.findings.iter().enumerate().map(|(i, f)| {
        // Waived findings stay listed, dimmed, with their reason instead of the evidence.
        let (badge_cell, rule_style, text) = match &f.waiver {
            Some(waiver) if f.waived => (
                Cell::from(Span::styled(format!("{:>4}", "WVD"), theme.muted)),
                theme.muted,
                Line::styled(format!("waived: {}", waiver.reason), theme.muted),
            ),
            _ => (
                Cell::from(badge::severity(f.severity, theme)),
                theme.accent,
                Line::styled(f.evidence.clone(), theme.text),
            ),
        };
        let row = Row::new(vec![
            badge_cell,
            Cell::from(Span::styled(f.rule.clone(), rule_style)),
            Cell::from(format::fit(text, evidence_width)),
        ]);
        // Selection as the row's base style keeps the badge's colours.
        if i == state.finding {
            row.style(theme.selection)
        } else {
            row
        }
    });
    let table = Table::new(rows, constraints)
        .header(columns::header(&["SEV", "RULE", "EVIDENCE"], theme))
        .highlight_symbol(theme.glyphs.highlight)
        .highlight_spacing(HighlightSpacing::Always)
        .column_spacing(1);
    state.findings_table.select(Some(state.finding));
    frame.render_stateful_widget(table, area, &mut state.findings_table);
    // Below the header line; no border.
    let rows = Rect {
        y: area.y.saturating_add(1),
        height: area.height.saturating_sub(1),
        ..area
    };
    state.hits.list = Some((rows, state.findings_table.offset()));
}

fn mounts(frame: &mut Frame, area: Rect, w: &AssessedWorkload, theme: &Theme) {
    if w.workload.mounts.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled(" No mounts.", theme.muted)),
            area,
        );
        return;
    }
    let constraints = [
        Constraint::Length(6),
        Constraint::Fill(1),
        Constraint::Fill(1),
        Constraint::Length(2),
        Constraint::Length(14),
    ];
    let widths = columns::widths(area.width, &constraints, 1, 1);
    let fit = |text: String, col: usize| format::fit(Line::styled(text, theme.text), widths[col]);
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
            Cell::from(fit(m.source.clone(), 1)),
            Cell::from(fit(m.destination.clone(), 2)),
            Cell::from(Span::styled(
                if m.read_only { "ro" } else { "rw" },
                theme.text,
            )),
            marker,
        ])
    });
    let table = Table::new(rows, constraints)
        .header(columns::header(
            &["KIND", "SOURCE", "DESTINATION", "RW", "RISK"],
            theme,
        ))
        // No selection here; the symbol column only lines the table up with the other panes.
        .highlight_spacing(HighlightSpacing::Always)
        .highlight_symbol(" ")
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

/// A scrollable list of lines. The offset is clamped to the content here, and when the content
/// is longer than the pane the last line says so.
fn scrolled(
    frame: &mut Frame,
    area: Rect,
    lines: Vec<Line<'static>>,
    state: &mut UiState,
    theme: &Theme,
) {
    let total = lines.len() as u16;
    if total <= area.height {
        state.pane_scroll = 0;
        frame.render_widget(Paragraph::new(lines), area);
        return;
    }
    let view = area.height.saturating_sub(1);
    state.pane_scroll = state.pane_scroll.min(total - view);
    let [body, hint] = Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(area);
    frame.render_widget(Paragraph::new(lines).scroll((state.pane_scroll, 0)), body);
    let shown = format!(
        " lines {}-{} of {total} · j/k scroll ",
        state.pane_scroll + 1,
        (state.pane_scroll + view).min(total)
    );
    frame.render_widget(
        Paragraph::new(Line::styled(shown, theme.muted).right_aligned()),
        hint,
    );
}
