//! Views borrow the snapshot, the UI state and the theme, and draw; they never change data.

mod banner;
mod capabilities;
mod cluster;
mod confirm;
mod dashboard;
mod detail;
mod engine;
mod export;
mod finding;
mod footer;
mod header;
mod help;
mod picker;
mod processes;
mod resources;
mod snippet;

use super::state::{UiState, View};
use super::theme::Theme;
use crate::model::Snapshot;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};

/// Below this the views would be garbage: a short note instead, until the terminal grows.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 12;

/// Draws the whole screen: header, the current view, footer, and help on top when open.
pub fn render(frame: &mut Frame, snapshot: &Snapshot, state: &mut UiState, theme: &Theme) {
    draw(frame, snapshot, state, theme);
    if theme.glyphs.ascii {
        crate::ui::glyphs::ascii_only(frame.buffer_mut());
    }
}

fn draw(frame: &mut Frame, snapshot: &Snapshot, state: &mut UiState, theme: &Theme) {
    // Only what this frame draws can be clicked.
    state.hits = Default::default();
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let note = format!(
            "Terminal too small: {}x{}. shipshape needs {MIN_WIDTH}x{MIN_HEIGHT}. q quits.",
            area.width, area.height
        );
        frame.render_widget(
            ratatui::widgets::Paragraph::new(note)
                .style(theme.warn)
                .wrap(ratatui::widgets::Wrap { trim: true }),
            area,
        );
        return;
    }
    let banner = banner::lines(
        snapshot,
        state.read_only.as_deref(),
        frame.area().width,
        theme,
    );
    let [top, notes, body, bottom] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(banner.len() as u16),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(frame.area());
    header::render(frame, top, snapshot, state, theme);
    frame.render_widget(ratatui::widgets::Paragraph::new(banner), notes);
    match state.view {
        View::Dashboard => dashboard::render(frame, body, snapshot, state, theme),
        View::Detail => detail::render(frame, body, snapshot, state, theme),
        View::Finding | View::ClusterFinding => {
            finding::render(frame, body, snapshot, state, theme)
        }
        View::Cluster => cluster::render(frame, body, snapshot, state, theme),
        View::Engine => engine::render(frame, body, snapshot, state, theme),
    }
    footer::render(frame, bottom, state, theme);
    if state.help {
        // The whole screen: the key list is long.
        help::render(frame, frame.area(), state.view, state.mouse, theme);
    }
    if let Some(c) = &state.confirm {
        confirm::render(frame, body, c, theme);
    }
    if let Some(r) = &state.relearn {
        confirm::render_relearn(frame, body, r, theme);
    }
    if let Some(shown) = &state.shown_snippet {
        snippet::render(frame, body, shown, state.mouse, theme);
    }
    if let Some(selected) = state.export {
        export::render(frame, body, selected, theme);
    }
    if let Some(p) = &state.picker {
        let active: Vec<_> = snapshot
            .sources
            .iter()
            .map(|s| (s.kind, s.context.clone()))
            .collect();
        picker::render(frame, body, p, &active, theme);
    }
}
