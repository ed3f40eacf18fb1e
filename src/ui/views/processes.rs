//! The Processes pane: what the container runs now, against its image's learned profile.

use crate::model::AssessedWorkload;
use crate::model::runtime::ProfileState;
use crate::ui::theme::Theme;
use ratatui::text::{Line, Span};

pub fn lines(w: &AssessedWorkload, theme: &Theme) -> Vec<Line<'static>> {
    let Some(runtime) = &w.workload.runtime else {
        let why = if w.workload.kubernetes.is_some() {
            " Kubernetes has no process-list API: run shipshape on the node for the Docker view."
        } else if w.workload.state == crate::model::WorkloadState::Paused {
            " Paused: its processes are listed again when it runs."
        } else if w.workload.state.is_live() {
            " Not listed yet: processes are sampled every few seconds (with `docker top`, which needs ps on the engine's host)."
        } else {
            " Not running: nothing to list."
        };
        return vec![Line::styled(why, theme.muted)];
    };
    let mut lines = vec![profile_line(w, theme), Line::from("")];
    lines.push(Line::styled(
        format!(
            " {:>7}  {:<10} {:>5}  {:<16} COMMAND",
            "PID", "USER", "CPU%", "PROGRAM"
        ),
        theme.muted,
    ));
    let profile = runtime
        .profile
        .as_ref()
        .filter(|p| p.state == ProfileState::Watching);
    for p in &runtime.processes {
        let new = profile.is_some_and(|profile| !profile.knows(p));
        let cpu = p.cpu_percent.map(|c| format!("{c:.0}")).unwrap_or_default();
        let mut spans = vec![
            Span::styled(
                format!(" {:>7}  {:<10} {:>5}  ", p.pid, p.user, cpu),
                theme.text,
            ),
            Span::styled(
                format!("{:<16} ", p.profile_key()),
                if new { theme.error } else { theme.accent },
            ),
            Span::styled(p.command.clone(), theme.text),
        ];
        if new {
            spans.push(Span::styled(
                format!("  {} not in the profile", theme.glyphs.points_left),
                theme.error,
            ));
        }
        lines.push(Line::from(spans));
    }
    if !runtime.connections.is_empty() {
        lines.push(Line::from(""));
        lines.push(Line::styled(" Established TCP connections", theme.title));
        for c in &runtime.connections {
            lines.push(Line::styled(
                format!("   {}:{}", c.remote_ip, c.remote_port),
                theme.text,
            ));
        }
    }
    lines
}

fn profile_line(w: &AssessedWorkload, theme: &Theme) -> Line<'static> {
    let profile = w.workload.runtime.as_ref().and_then(|r| r.profile.as_ref());
    let Some(profile) = profile else {
        return Line::from(vec![
            Span::styled(" Not learned. ", theme.warn),
            Span::styled(
                "Press l to learn what this image runs; afterwards anything new is process drift.",
                theme.muted,
            ),
        ]);
    };
    let known = profile.known.join(", ");
    match w.learning_state() {
        Some("learning") => Line::from(vec![
            Span::styled(" Learning ", theme.accent),
            Span::styled(
                format!(
                    "until {} · known so far: {known} · l ends it",
                    profile.until.strftime("%H:%M:%S UTC")
                ),
                theme.muted,
            ),
        ]),
        Some("drift") => Line::from(vec![
            Span::styled(" DRIFT ", theme.error),
            Span::styled(
                format!("profile of {}: {known} · l learns again", profile.image),
                theme.muted,
            ),
        ]),
        _ => Line::from(vec![
            Span::styled(" Watching ", theme.good),
            Span::styled(
                format!("profile of {}: {known} · l learns again", profile.image),
                theme.muted,
            ),
        ]),
    }
}
