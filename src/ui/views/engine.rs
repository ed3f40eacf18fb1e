//! The engine and host view: each Docker engine's own security settings, the host file audit,
//! and the findings about them (scope `daemon` and `host`).

use super::cluster;
use crate::model::Snapshot;
use crate::model::engine::EngineFacts;
use crate::model::host::HostFacts;
use crate::ui::rows::{self, ScopeGroup};
use crate::ui::state::UiState;
use crate::ui::theme::Theme;
use crate::ui::widgets::panel;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(
    frame: &mut Frame,
    area: Rect,
    snapshot: &Snapshot,
    state: &mut UiState,
    theme: &Theme,
) {
    let mut lines = Vec::new();
    for e in &snapshot.engines {
        lines.extend(engine_lines(e, theme));
    }
    if snapshot.engines.is_empty() {
        lines.push(Line::styled(
            " No Docker engine settings: Docker is off, not connected yet, or /info failed.",
            theme.muted,
        ));
    }
    lines.extend(host_lines(snapshot.host.as_ref(), theme));
    let facts_height = (lines.len() as u16 + 2).min(area.height / 2).max(3);
    let [top, bottom] =
        Layout::vertical([Constraint::Length(facts_height), Constraint::Min(3)]).areas(area);
    let block = panel::block(Line::styled(" Engine and host ", theme.title), true, theme);
    frame.render_widget(Paragraph::new(lines).block(block), top);
    let findings = rows::scoped(snapshot, ScopeGroup::Engine);
    let empty = " None: the engine's settings and the watched host files all pass.";
    cluster::table(
        frame,
        bottom,
        &findings,
        " Engine and host findings",
        empty,
        state,
        theme,
    );
}

fn row(label: &str, value: String, theme: &Theme) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!(" {label:<13}"), theme.muted),
        Span::styled(value, theme.text),
    ])
}

fn on_off(on: bool) -> &'static str {
    if on { "on" } else { "off" }
}

fn engine_lines(e: &EngineFacts, theme: &Theme) -> Vec<Line<'static>> {
    let version = format!(
        "Docker {} (API {})",
        e.version.as_deref().unwrap_or("?"),
        e.api_version.as_deref().unwrap_or("?"),
    );
    let system = format!(
        "{} · cgroup v{} · storage {}",
        e.os.as_deref().unwrap_or("?"),
        e.cgroup_version.as_deref().unwrap_or("?"),
        e.storage_driver.as_deref().unwrap_or("?"),
    );
    let insecure = e.insecure_beyond_loopback();
    vec![
        Line::from(vec![
            Span::styled(format!(" docker/{} ", e.context), theme.accent),
            Span::styled(format!("{}  ", e.endpoint), theme.muted),
            Span::styled(version, theme.text),
        ]),
        row("system", system, theme),
        row("confinement", e.confinement_label(), theme),
        row(
            "logging",
            format!(
                "{} · live-restore {} · experimental {} · debug {}",
                e.logging_driver.as_deref().unwrap_or("?"),
                on_off(e.live_restore),
                on_off(e.experimental),
                on_off(e.debug)
            ),
            theme,
        ),
        row(
            "registries",
            if insecure.is_empty() {
                "no insecure registries (loopback only)".to_owned()
            } else {
                format!("insecure: {}", insecure.join(", "))
            },
            theme,
        ),
    ]
}

fn host_lines(host: Option<&HostFacts>, theme: &Theme) -> Vec<Line<'static>> {
    let Some(h) = host else {
        return vec![row(
            "host audit",
            "off (runs when the engine is local, or with --host-root)".to_owned(),
            theme,
        )];
    };
    let baseline = match &h.baseline {
        Some(b) if b.recorded_now => format!("baseline recorded now ({})", b.path),
        Some(b) => format!(
            "baseline of {}",
            b.recorded_at.strftime("%Y-%m-%d %H:%M UTC")
        ),
        None => "no baseline".to_owned(),
    };
    let mut lines = vec![row(
        "host audit",
        format!(
            "root {} · {} changed · {} watched file(s) present · {baseline}",
            h.root,
            h.changes.len(),
            h.files.len(),
        ),
        theme,
    )];
    for c in &h.changes {
        lines.push(Line::from(vec![
            Span::styled(format!(" {:<13}", c.kind.as_str()), theme.warn),
            Span::styled(format!("{} ", c.path), theme.text),
            Span::styled(c.details.join("; "), theme.muted),
        ]));
    }
    for e in &h.errors {
        lines.push(Line::styled(
            format!(" {:<13}{e}", "unreadable"),
            theme.error,
        ));
    }
    lines
}
