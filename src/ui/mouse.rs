//! What a click means: hit-testing against the areas the last frame recorded in
//! [`UiState::hits`]. A click on a pane tab switches to it; on a row of the view's list it
//! selects that row, and on the row already selected it opens it, like Enter.

use super::rows;
use super::state::{Pane, UiState, View, WorkloadKey};
use crate::model::Snapshot;
use ratatui::layout::Position;

pub fn click(state: &mut UiState, snapshot: &Snapshot, x: u16, y: u16) {
    let at = Position { x, y };
    if state.view == View::Detail
        && let Some(pane) = tab_at(state, at)
    {
        super::update::set_pane(state, pane);
        return;
    }
    let Some((area, offset)) = state.hits.list else {
        return;
    };
    if !area.contains(at) {
        return;
    }
    let index = offset + usize::from(y - area.y);
    let already = match state.view {
        View::Dashboard => {
            let rows = rows::visible(snapshot, state);
            let Some(w) = rows.get(index) else {
                return;
            };
            let key = WorkloadKey::of(w);
            let already = state.selected.as_ref() == Some(&key);
            state.selected = Some(key);
            already
        }
        View::Detail if state.pane == Pane::Findings => {
            let count = rows::selected(snapshot, state).map_or(0, |w| w.findings.len());
            if index >= count {
                return;
            }
            let already = state.finding == index;
            state.finding = index;
            already
        }
        View::Cluster | View::Engine => {
            if index >= rows::scoped(snapshot, state.scope_group).len() {
                return;
            }
            let already = state.cluster_finding == index;
            state.cluster_finding = index;
            already
        }
        _ => return,
    };
    if already {
        super::update::open(state, snapshot);
    }
}

fn tab_at(state: &UiState, at: Position) -> Option<Pane> {
    state
        .hits
        .tabs
        .iter()
        .find(|(r, _)| r.contains(at))
        .map(|(_, p)| *p)
}
