//! The Capabilities pane: the effective set, with added ones marked against Docker's default.

use crate::model::AssessedWorkload;
use crate::model::capabilities::{DOCKER_DEFAULT_CAPABILITIES, is_docker_default};
use crate::rules::capability_severity;
use crate::ui::theme::Theme;
use crate::ui::widgets::badge;
use ratatui::text::{Line, Span};

pub fn lines(w: &AssessedWorkload, theme: &Theme) -> Vec<Line<'static>> {
    let caps = &w.workload.capabilities;
    let mut lines = Vec::new();
    if w.workload.privileged {
        lines.push(Line::styled(
            " Privileged: every capability, whatever was added or dropped.",
            theme.error,
        ));
    }
    lines.push(Line::from(vec![
        Span::styled(
            format!(" Effective ({})", caps.effective.len()),
            theme.title,
        ),
        Span::styled("  + beyond Docker's default set", theme.muted),
    ]));
    // Beyond-default capabilities first: they are what the operator came to see.
    let mut ordered: Vec<&String> = caps.effective.iter().collect();
    ordered.sort_by_key(|c| is_docker_default(c));
    for cap in ordered {
        if is_docker_default(cap) {
            lines.push(Line::from(vec![
                Span::styled("        ", theme.text),
                Span::styled(format!("  {cap}"), theme.text),
                Span::styled("  default", theme.muted),
            ]));
        } else {
            let added = caps.added.iter().any(|a| a == cap || a == "ALL");
            let why = if added { "  added" } else { "  privileged" };
            lines.push(Line::from(vec![
                Span::raw("   "),
                badge::severity(capability_severity(cap), theme),
                Span::raw(" "),
                Span::styled(format!("+ {cap}"), theme.warn),
                Span::styled(why, theme.muted),
            ]));
        }
    }
    lines.push(Line::from(""));
    let dropped = if caps.dropped.is_empty() {
        "none".to_owned()
    } else {
        caps.dropped.join(", ")
    };
    lines.push(Line::from(vec![
        Span::styled(" Dropped  ", theme.title),
        Span::styled(dropped, theme.text),
    ]));
    let missing: Vec<&str> = DOCKER_DEFAULT_CAPABILITIES
        .iter()
        .copied()
        .filter(|c| !caps.effective.iter().any(|e| e == c))
        .collect();
    if !missing.is_empty() && missing.len() < DOCKER_DEFAULT_CAPABILITIES.len() {
        lines.push(Line::from(vec![
            Span::styled(" Default set not granted  ", theme.title),
            Span::styled(missing.join(", "), theme.good),
        ]));
    }
    lines
}
