//! The main table: every workload with its badge, usage against limits and finding count.

use crate::model::{AssessedWorkload, Snapshot, SourceStatus};
use crate::ui::format;
use crate::ui::rows;
use crate::ui::state::UiState;
use crate::ui::theme::Theme;
use crate::ui::widgets::usage::{self, Measure};
use crate::ui::widgets::{badge, columns, panel};
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, HighlightSpacing, Paragraph, Row, Table};

/// From this width up the image gets its own column.
const WIDE: u16 = 100;

pub fn render(
    frame: &mut Frame,
    area: Rect,
    snapshot: &Snapshot,
    state: &mut UiState,
    theme: &Theme,
) {
    let rows = rows::visible(snapshot, state);
    let mut title = vec![
        Span::styled(
            format!(" Containers {}/{} ", rows.len(), snapshot.workloads.len()),
            theme.title,
        ),
        Span::styled(format!("· sort: {} ", state.sort.label()), theme.muted),
    ];
    if !state.filter.is_empty() {
        title.push(Span::styled(
            format!("· filter: {} ", state.filter),
            theme.accent,
        ));
    }
    let block = panel::block(Line::from(title), false, theme);

    if rows.is_empty() {
        let message = empty_message(snapshot, state);
        frame.render_widget(
            Paragraph::new(Line::styled(message, theme.muted)).block(block),
            area,
        );
        return;
    }

    let wide = area.width >= WIDE;
    let (titles, constraints) = columns(wide);
    let widths = columns::widths(area.width.saturating_sub(2), &constraints, 1, 1);
    let header = Row::new(titles.iter().zip(&widths).map(|(h, w)| {
        let text = Line::styled(*h, theme.muted);
        // Counts are right-aligned, so their heading is too.
        Cell::from(if *h == "#" {
            text.right_aligned()
        } else {
            format::fit(text, *w)
        })
    }));
    let selected = rows::selected_index(&rows, state.selected.as_ref());
    let table_rows = rows.iter().enumerate().map(|(i, w)| {
        let row = row(w, wide, &widths, theme);
        // Selection is the row's base style, not an overlay, so badges keep their colours.
        if Some(i) == selected {
            row.style(theme.selection)
        } else {
            row
        }
    });
    let table = Table::new(table_rows, constraints)
        .header(header)
        .block(block)
        .highlight_symbol("▶")
        .highlight_spacing(HighlightSpacing::Always)
        .column_spacing(1);
    state.table.select(selected);
    frame.render_stateful_widget(table, area, &mut state.table);
}

fn columns(wide: bool) -> (Vec<&'static str>, Vec<Constraint>) {
    let badge = Constraint::Length(badge::WIDTH);
    if wide {
        let titles = vec![
            "RISK",
            "NAME",
            "IMAGE",
            "STATE",
            "USER",
            "CPU (cores)",
            "MEMORY",
            "#",
        ];
        let widths = vec![
            badge,
            Constraint::Fill(2),
            Constraint::Fill(2),
            Constraint::Length(10),
            Constraint::Length(11),
            Constraint::Length(16),
            Constraint::Length(18),
            Constraint::Length(3),
        ];
        (titles, widths)
    } else {
        let titles = vec!["RISK", "NAME", "STATE", "USER", "CPU", "MEMORY", "#"];
        let widths = vec![
            badge,
            Constraint::Fill(1),
            Constraint::Length(7),
            Constraint::Length(9),
            Constraint::Length(15),
            Constraint::Length(16),
            Constraint::Length(3),
        ];
        (titles, widths)
    }
}

fn row<'a>(w: &AssessedWorkload, wide: bool, widths: &[u16], theme: &Theme) -> Row<'a> {
    let wl = &w.workload;
    let live = wl.state.is_live();
    let r = &wl.resources;
    let cpu = usage::cell(
        r.cpu_usage_cores,
        r.cpu_limit_cores,
        &Measure::Cores,
        live,
        theme,
    );
    let mem = usage::cell(
        r.memory_usage_bytes.map(|m| m as f64),
        r.memory_limit_bytes.map(|m| m as f64),
        &Measure::Bytes,
        live,
        theme,
    );
    let user_style = if wl.runs_as_root() {
        theme.warn
    } else {
        theme.text
    };
    let user = if wl.user.trim().is_empty() {
        "(root)".to_owned()
    } else {
        wl.user.clone()
    };
    let state_style = if live { theme.good } else { theme.muted };
    let mut lines = vec![
        Line::from(badge::risk(w.risk, theme)),
        Line::styled(display_name(w), theme.text),
    ];
    if wide {
        lines.push(Line::styled(wl.image.clone(), theme.muted));
    }
    lines.extend([
        Line::styled(wl.state.as_str(), state_style),
        Line::styled(user, user_style),
        cpu,
        mem,
    ]);
    let mut cells: Vec<Cell> = lines
        .into_iter()
        .zip(widths)
        .map(|(line, width)| Cell::from(format::fit(line, *width)))
        .collect();
    cells.push(Cell::from(
        Line::styled(w.findings.len().to_string(), theme.text).right_aligned(),
    ));
    Row::new(cells)
}

/// Kubernetes rows show namespace/pod before the container name.
pub fn display_name(w: &AssessedWorkload) -> String {
    match (&w.workload.namespace, &w.workload.pod) {
        (Some(ns), Some(pod)) => format!("{ns}/{pod}/{}", w.workload.name),
        _ => w.workload.name.clone(),
    }
}

fn empty_message(snapshot: &Snapshot, state: &UiState) -> String {
    if !snapshot.workloads.is_empty() {
        return format!(
            " No container matches \"{}\". Esc clears the filter.",
            state.filter
        );
    }
    if snapshot
        .sources
        .iter()
        .any(|s| s.status == SourceStatus::Connecting)
    {
        return " Connecting…".to_owned();
    }
    if !snapshot.sources.is_empty()
        && snapshot
            .sources
            .iter()
            .all(|s| s.status == SourceStatus::Error)
    {
        return " No source could be read; see the status above. Retrying in the background."
            .to_owned();
    }
    " No containers yet; new ones appear as soon as they are created.".to_owned()
}
