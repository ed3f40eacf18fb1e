//! The main table: every workload with its badge, usage against limits and finding count.

use crate::model::{AssessedWorkload, Snapshot, SourceKind, SourceRef, SourceStatus};
use crate::ui::format;
use crate::ui::production::Production;
use crate::ui::rows;
use crate::ui::state::UiState;
use crate::ui::theme::Theme;
use crate::ui::widgets::usage::{self, Measure};
use crate::ui::widgets::{badge, columns, panel};
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, HighlightSpacing, Paragraph, Row, Table, TableState};

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
    for source in snapshot.sources.iter().filter(|s| s.stale_since.is_some()) {
        title.push(Span::styled(
            format!(
                "· STALE: {} {} rows are from before it was lost ",
                source.kind.as_str(),
                source.context
            ),
            theme.error,
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
    let mut cols = columns(wide, rows.iter().any(|w| w.workload.kubernetes.is_some()));
    // Several engines or contexts in one table: say which each row comes from. On a narrow
    // terminal the user column makes room (the detail view and the findings still say root).
    if snapshot.sources.len() > 1 {
        cols.insert(1, Col::Source);
        if !wide {
            cols.retain(|c| *c != Col::User);
        }
    }
    // Learning state gets a column once any image has a profile.
    if rows.iter().any(|w| w.learning_state().is_some()) {
        let at = cols
            .iter()
            .position(|c| *c == Col::Cpu)
            .unwrap_or(cols.len());
        cols.insert(at, Col::Learning);
    }
    let labels = SourceLabels::of(snapshot, wide, &state.production);
    let source_width = rows
        .iter()
        .map(|w| labels.get(&w.workload.source).chars().count())
        .max()
        .unwrap_or(0)
        .clamp(6, if wide { 18 } else { 10 }) as u16;
    let constraints: Vec<Constraint> = cols
        .iter()
        .map(|c| match c {
            Col::Source => Constraint::Length(source_width),
            c => c.spec(wide).1,
        })
        .collect();
    let widths = columns::widths(area.width.saturating_sub(2), &constraints, 1, 1);
    let header = Row::new(cols.iter().zip(&widths).map(|(c, w)| {
        let text = Line::styled(c.spec(wide).0, theme.muted);
        // Counts are right-aligned, so their heading is too.
        Cell::from(if *c == Col::Count {
            text.right_aligned()
        } else {
            format::fit(text, *w)
        })
    }));
    let selected = rows::selected_index(&rows, state.selected.as_ref());
    let with_namespace = cols.contains(&Col::Namespace);
    // Only the rows that fit are built (borders and the header take three lines), so a frame
    // costs about the same at 10 rows and at 10,000.
    let height = usize::from(area.height.saturating_sub(3));
    let offset = window_offset(state.table.offset(), selected, height, rows.len());
    let table_rows = rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(i, w)| {
            let cells = cols.iter().zip(&widths).map(|(c, width)| {
                let line = match c {
                    Col::Source => source_cell(w, &labels, *width, theme),
                    c => c.content(w, with_namespace, theme),
                };
                Cell::from(if *c == Col::Count {
                    line
                } else {
                    format::fit(line, *width)
                })
            });
            let row = Row::new(cells.collect::<Vec<_>>());
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
        .highlight_symbol(theme.glyphs.highlight)
        .highlight_spacing(HighlightSpacing::Always)
        .column_spacing(1);
    let mut window = TableState::default().with_selected(selected.map(|s| s - offset));
    frame.render_stateful_widget(table, area, &mut window);
    state.table.select(selected);
    *state.table.offset_mut() = offset;
    state.hits.list = Some((rows_area(area), offset));
}

/// Where a bordered table's data rows are: inside the border, below the header line.
pub fn rows_area(table: Rect) -> Rect {
    Rect {
        x: table.x.saturating_add(1),
        y: table.y.saturating_add(2),
        width: table.width.saturating_sub(2),
        height: table.height.saturating_sub(3),
    }
}

/// `docker:default`, `podman:lab`, `kube:prod`: short, so the name keeps its room; on a narrow
/// terminal the context name alone.
struct SourceLabels(Vec<(SourceRef, String, bool)>);

impl SourceLabels {
    fn of(snapshot: &Snapshot, wide: bool, production: &Production) -> Self {
        Self(
            snapshot
                .sources
                .iter()
                .map(|s| {
                    let kind = match s.kind {
                        SourceKind::Kubernetes => "kube",
                        SourceKind::Docker => s.label(),
                    };
                    let label = if wide {
                        format!("{kind}:{}", s.context)
                    } else {
                        s.context.clone()
                    };
                    (s.source_ref(), label, production.is_production_source(s))
                })
                .collect(),
        )
    }

    fn get<'a>(&'a self, source: &'a SourceRef) -> &'a str {
        self.0
            .iter()
            .find(|(r, ..)| r == source)
            .map_or(source.context.as_str(), |(_, label, _)| label.as_str())
    }

    fn production(&self, source: &SourceRef) -> bool {
        self.0.iter().any(|(r, _, prod)| r == source && *prod)
    }
}

/// Production rows carry the mark in their source cell, whatever the selection's colours.
/// Long context names share their beginnings (`arn:aws:eks:…:cluster/prod`,
/// `gke_project_zone_…`): a label that does not fit keeps its end.
fn source_cell(
    w: &AssessedWorkload,
    labels: &SourceLabels,
    width: u16,
    theme: &Theme,
) -> Line<'static> {
    let full = labels.get(&w.workload.source);
    let count = full.chars().count();
    let width = usize::from(width);
    let label = if count > width && width > 1 {
        let tail: String = full.chars().skip(count - (width - 1)).collect();
        format!("{}{tail}", theme.glyphs.ellipsis)
    } else {
        full.to_owned()
    };
    if labels.production(&w.workload.source) {
        Line::styled(label, super::header::production_style(theme))
    } else {
        Line::styled(label, theme.muted)
    }
}

/// The first row shown: where it was, moved just enough to keep the selection in view.
fn window_offset(previous: usize, selected: Option<usize>, height: usize, len: usize) -> usize {
    let Some(selected) = selected else {
        return 0;
    };
    let mut offset = previous.min(len.saturating_sub(height.max(1)));
    if selected < offset {
        offset = selected;
    } else if height > 0 && selected >= offset + height {
        offset = selected + 1 - height;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::window_offset;

    #[test]
    fn the_window_follows_the_selection() {
        assert_eq!(window_offset(0, Some(3), 10, 100), 0);
        assert_eq!(window_offset(0, Some(12), 10, 100), 3);
        assert_eq!(window_offset(50, Some(45), 10, 100), 45);
        assert_eq!(window_offset(95, Some(99), 10, 100), 90);
        assert_eq!(window_offset(7, None, 10, 100), 0);
        // No room at all: nothing is shown, whatever the offset.
        assert_eq!(window_offset(0, Some(2), 0, 5), 0);
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Risk,
    /// Which engine or context; only when there is more than one.
    Source,
    Namespace,
    Name,
    Image,
    State,
    User,
    Cpu,
    Memory,
    Count,
    /// learning / watching / drift.
    Learning,
}

/// The columns for the width; pods get a namespace column when there is room.
fn columns(wide: bool, kube: bool) -> Vec<Col> {
    use Col::{Count, Cpu, Image, Memory, Name, Namespace, Risk, State, User};
    match (wide, kube) {
        (true, true) => vec![
            Risk, Namespace, Name, Image, State, User, Cpu, Memory, Count,
        ],
        (true, false) => vec![Risk, Name, Image, State, User, Cpu, Memory, Count],
        (false, _) => vec![Risk, Name, State, User, Cpu, Memory, Count],
    }
}

impl Col {
    /// Title and width; narrow terminals give the name every cell they can.
    fn spec(self, wide: bool) -> (&'static str, Constraint) {
        match self {
            Col::Risk => ("RISK", Constraint::Length(badge::WIDTH)),
            Col::Source => ("SOURCE", Constraint::Length(12)),
            Col::Namespace => ("NAMESPACE", Constraint::Fill(1)),
            Col::Name => ("NAME", Constraint::Fill(2)),
            Col::Image => ("IMAGE", Constraint::Fill(2)),
            Col::State => ("STATE", Constraint::Length(if wide { 10 } else { 8 })),
            Col::User => ("USER", Constraint::Length(if wide { 10 } else { 9 })),
            Col::Cpu => (
                if wide { "CPU (cores)" } else { "CPU" },
                Constraint::Length(15),
            ),
            Col::Memory => ("MEMORY", Constraint::Length(16)),
            Col::Count => ("#", Constraint::Length(3)),
            Col::Learning => ("PROCS", Constraint::Length(8)),
        }
    }

    fn content(self, w: &AssessedWorkload, with_namespace: bool, theme: &Theme) -> Line<'static> {
        let wl = &w.workload;
        let live = wl.state.is_live();
        let r = &wl.resources;
        // Pods without metrics-server never get usage; Docker's first sample is on its way.
        let unknown = if wl.kubernetes.is_some() {
            "n/a"
        } else {
            "…"
        };
        match self {
            Col::Risk => Line::from(badge::risk(w.risk, theme)),
            // Drawn by `source_cell`, which knows every source.
            Col::Source => Line::default(),
            Col::Namespace => match &wl.namespace {
                Some(ns) => Line::styled(ns.clone(), theme.text),
                // A Docker container beside pods: the source column says where it is from.
                None => Line::styled("-", theme.muted),
            },
            Col::Name if with_namespace => Line::styled(short_name(w), theme.text),
            Col::Name => Line::styled(display_name(w), theme.text),
            Col::Image => Line::styled(wl.image.clone(), theme.muted),
            Col::State => Line::styled(
                wl.state.as_str(),
                if live { theme.good } else { theme.muted },
            ),
            Col::User => {
                let style = if wl.runs_as_root() {
                    theme.warn
                } else {
                    theme.text
                };
                let user = match (wl.user.trim().is_empty(), wl.runs_as_root()) {
                    (false, _) => wl.user.clone(),
                    (true, true) => "(root)".to_owned(),
                    (true, false) => "(non-root)".to_owned(),
                };
                Line::styled(user, style)
            }
            Col::Cpu => usage::cell(
                r.cpu_usage_cores,
                r.cpu_limit_cores,
                &Measure::Cores,
                live,
                unknown,
                theme,
            ),
            Col::Memory => usage::cell(
                r.memory_usage_bytes.map(|m| m as f64),
                r.memory_limit_bytes.map(|m| m as f64),
                &Measure::Bytes,
                live,
                unknown,
                theme,
            ),
            Col::Learning => match w.learning_state() {
                Some("drift") => Line::styled("DRIFT", theme.error),
                Some("learning") => Line::styled("learning", theme.accent),
                Some(state) => Line::styled(state, theme.good),
                None => Line::styled("-", theme.muted),
            },
            // Waived findings are accepted risks: they do not count here.
            Col::Count => {
                let open = w.findings.iter().filter(|f| !f.waived).count();
                Line::styled(open.to_string(), theme.text).right_aligned()
            }
        }
    }
}

/// `pod/container` for pods (the namespace has its own column), the name for containers.
fn short_name(w: &AssessedWorkload) -> String {
    match &w.workload.pod {
        Some(pod) => format!("{pod}/{}", w.workload.name),
        None => w.workload.name.clone(),
    }
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
