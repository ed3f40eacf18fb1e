//! Applies an action to the UI state. Pure: no I/O; anything the outside world must do comes
//! back as an [`Effect`].

use super::action::Action;
use super::rows;
use super::state::{Pane, UiState, View, WorkloadKey};
use crate::model::Snapshot;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    None,
    Quit,
    /// Ask the sources to re-read everything.
    Refresh,
}

/// Rows a page key moves by.
const PAGE: usize = 10;

pub fn update(state: &mut UiState, snapshot: &Snapshot, action: Action) -> Effect {
    match action {
        Action::Quit => {
            state.quit = true;
            return Effect::Quit;
        }
        Action::ToggleHelp => state.help = !state.help,
        Action::Refresh => return Effect::Refresh,
        Action::StartFilter => state.editing_filter = true,
        Action::FilterChar(c) => state.filter.push(c),
        Action::FilterBackspace => {
            state.filter.pop();
        }
        Action::FilterDone => state.editing_filter = false,
        Action::ClearFilter => {
            state.filter.clear();
            state.editing_filter = false;
        }
        Action::CycleSort => state.sort = state.sort.next(),
        Action::Open => open(state, snapshot),
        Action::Back => back(state),
        Action::NextPane => set_pane(state, state.pane.next()),
        Action::PrevPane => set_pane(state, state.pane.prev()),
        Action::Pane(i) => {
            if let Some(pane) = Pane::ALL.get(i) {
                set_pane(state, *pane);
            }
        }
        Action::Up => step(state, snapshot, -1),
        Action::Down => step(state, snapshot, 1),
        Action::PageUp => step(state, snapshot, -(PAGE as i64)),
        Action::PageDown => step(state, snapshot, PAGE as i64),
        Action::Top => step(state, snapshot, i64::MIN / 2),
        Action::Bottom => step(state, snapshot, i64::MAX / 2),
    }
    if matches!(
        action,
        Action::FilterChar(_) | Action::FilterBackspace | Action::ClearFilter
    ) {
        keep_selection_visible(state, snapshot);
    }
    Effect::None
}

fn set_pane(state: &mut UiState, pane: Pane) {
    state.pane = pane;
    state.pane_scroll = 0;
}

fn open(state: &mut UiState, snapshot: &Snapshot) {
    match state.view {
        View::Dashboard => {
            let rows = rows::visible(snapshot, state);
            if let Some(i) = rows::selected_index(&rows, state.selected.as_ref()) {
                state.selected = Some(WorkloadKey::of(rows[i]));
                state.view = View::Detail;
                state.pane = Pane::Findings;
                state.finding = 0;
                state.pane_scroll = 0;
            }
        }
        View::Detail if state.pane == Pane::Findings => {
            let has_finding =
                rows::selected(snapshot, state).is_some_and(|w| state.finding < w.findings.len());
            if has_finding {
                state.view = View::Finding;
                state.finding_scroll = 0;
            }
        }
        View::Detail | View::Finding => {}
    }
}

fn back(state: &mut UiState) {
    state.view = match state.view {
        View::Finding => View::Detail,
        View::Detail | View::Dashboard => View::Dashboard,
    };
}

fn step(state: &mut UiState, snapshot: &Snapshot, delta: i64) {
    match state.view {
        View::Dashboard => {
            let rows = rows::visible(snapshot, state);
            let Some(current) = rows::selected_index(&rows, state.selected.as_ref()) else {
                return;
            };
            let next = clamp_add(current, delta, rows.len());
            state.selected = Some(WorkloadKey::of(rows[next]));
        }
        View::Detail if state.pane == Pane::Findings => {
            let count = rows::selected(snapshot, state).map_or(0, |w| w.findings.len());
            if count > 0 {
                state.finding = clamp_add(state.finding.min(count - 1), delta, count);
            }
        }
        View::Detail => state.pane_scroll = scroll(state.pane_scroll, delta),
        View::Finding => state.finding_scroll = scroll(state.finding_scroll, delta),
    }
}

fn clamp_add(current: usize, delta: i64, len: usize) -> usize {
    let max = len.saturating_sub(1) as i64;
    (current as i64).saturating_add(delta).clamp(0, max) as usize
}

/// Views clamp the scroll to their content when they draw.
fn scroll(current: u16, delta: i64) -> u16 {
    (i64::from(current).saturating_add(delta)).clamp(0, i64::from(u16::MAX)) as u16
}

/// After the filter changes, select the first match if the selected row no longer matches.
fn keep_selection_visible(state: &mut UiState, snapshot: &Snapshot) {
    let rows = rows::visible(snapshot, state);
    if let Some(i) = rows::selected_index(&rows, state.selected.as_ref()) {
        state.selected = Some(WorkloadKey::of(rows[i]));
    }
}
