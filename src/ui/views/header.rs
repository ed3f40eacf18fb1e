//! Two lines at the top: the sources and their status, then the totals by severity.

use crate::model::{Severity, Snapshot, SourceKind, SourceStatus};
use crate::ui::rows::{self, ScopeGroup};
use crate::ui::state::UiState;
use crate::ui::theme::Theme;
use crate::ui::widgets::badge;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Production stands out even without colour (NO_COLOR): reversed and bold.
pub fn production_style(theme: &Theme) -> Style {
    theme
        .error
        .add_modifier(Modifier::REVERSED | Modifier::BOLD)
}

pub fn render(frame: &mut Frame, area: Rect, snapshot: &Snapshot, state: &UiState, theme: &Theme) {
    let read_only = state.read_only.as_deref();
    let g = theme.glyphs;
    let mut first = vec![Span::styled(" shipshape ", theme.title)];
    if read_only.is_some() {
        first.push(Span::styled(
            format!("{} saved snapshot ", g.divider),
            theme.warn,
        ));
    }
    if snapshot.sources.is_empty() {
        first.push(Span::styled(
            format!("{} no sources enabled", g.divider),
            theme.warn,
        ));
    }
    // When every detail does not fit, versions go first (the engine view has them): the
    // context names and the production mark must stay in sight.
    let full = sources_line(snapshot, state, false, theme);
    let width: usize = first.iter().chain(&full).map(Span::width).sum();
    if width > usize::from(area.width) {
        first.extend(sources_line(snapshot, state, true, theme));
    } else {
        first.extend(full);
    }
    let mut second = vec![Span::styled(
        format!(" {} workloads  ", snapshot.workloads.len()),
        theme.text,
    )];
    for severity in Severity::ALL {
        second.push(badge::severity(severity, theme));
        second.push(Span::styled(
            format!(" {}  ", snapshot.summary.count(severity)),
            theme.text,
        ));
    }
    if snapshot.summary.waived > 0 {
        second.push(Span::styled(
            format!("· {} waived ", snapshot.summary.waived),
            theme.muted,
        ));
    }
    let expired = snapshot
        .waivers
        .iter()
        .filter(|w| w.status == crate::model::waiver::WaiverStatus::Expired)
        .count();
    if expired > 0 {
        second.push(Span::styled(
            format!("· {expired} expired waiver(s) "),
            theme.warn,
        ));
    }
    for (group, label, key) in [
        (ScopeGroup::Engine, "engine/host", "(E) "),
        (ScopeGroup::Cluster, "cluster", "(C) "),
    ] {
        let count = rows::scoped(snapshot, group).len();
        if count > 0 {
            second.push(Span::styled(
                format!("· {count} {label} findings "),
                theme.text,
            ));
            second.push(Span::styled(key, theme.key));
        }
    }
    let text = vec![Line::from(first), Line::from(second)];
    frame.render_widget(Paragraph::new(text), area);
}

/// One status per source: production mark, kind and context, state, and (unless `compact`)
/// version and namespace.
fn sources_line(
    snapshot: &Snapshot,
    state: &UiState,
    compact: bool,
    theme: &Theme,
) -> Vec<Span<'static>> {
    let g = theme.glyphs;
    let mut first = Vec::new();
    // Production first: if the line is cut, it is not the production mark that goes.
    let mut sources: Vec<_> = snapshot.sources.iter().collect();
    sources.sort_by_key(|s| !state.production.is_production_source(s));
    for source in sources {
        first.push(Span::styled(format!("{} ", g.divider), theme.border));
        if state.production.is_production_source(source) {
            first.push(Span::styled(" PROD ", production_style(theme)));
            first.push(Span::raw(" "));
        }
        first.push(Span::styled(
            format!("{} {} ", short_kind(source, compact), source.context),
            theme.accent,
        ));
        match source.status {
            SourceStatus::Ok => {
                first.push(Span::styled(format!("{} ok", g.ok), theme.good));
                if let Some(v) = source.version.as_ref().filter(|_| !compact) {
                    first.push(Span::styled(format!(" {v}"), theme.muted));
                }
                if source.kind == SourceKind::Kubernetes && (!compact || source.namespace.is_some())
                {
                    let ns = source
                        .namespace
                        .as_deref()
                        .map_or_else(|| "all namespaces".to_owned(), |n| format!("ns {n}"));
                    first.push(Span::styled(format!(" {ns}"), theme.muted));
                }
                if source.error.is_some() {
                    first.push(Span::styled(format!(" {} (below)", g.warn), theme.warn));
                }
            }
            SourceStatus::Connecting => {
                first.push(Span::styled(
                    format!("{} connecting to {}", g.ellipsis, source.endpoint),
                    theme.warn,
                ));
            }
            SourceStatus::Error => match source.stale_since {
                Some(since) => first.push(Span::styled(
                    format!(
                        "{} disconnected since {} · stale data (below)",
                        g.failed,
                        since.strftime("%H:%M:%S")
                    ),
                    theme.error,
                )),
                None => first.push(Span::styled(
                    format!("{} error (below)", g.failed),
                    theme.error,
                )),
            },
        }
        first.push(Span::raw(" "));
    }
    first
}

/// `kubernetes` is long when several sources share a line.
fn short_kind(source: &crate::model::SourceInfo, compact: bool) -> &str {
    match source.kind {
        SourceKind::Kubernetes if compact => "kube",
        _ => source.label(),
    }
}
