//! Applies an action to the UI state. Pure: no I/O; anything the outside world must do comes
//! back as an [`Effect`].

use super::act;
use super::action::Action;
use super::command::{self, Command};
pub use super::contexts::{ContextChange, open_picker};
use super::rows::{self, ScopeGroup};
pub use super::snippet::Snippet;
use super::state::{Confirm, Pane, Prompt, PromptKind, UiState, View, WorkloadKey};
use super::waive;
pub use super::waive::WaiveRequest;
use crate::model::{Snapshot, SourceKind};
use crate::report::Format;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    None,
    Quit,
    /// Ask the sources to re-read everything.
    Refresh,
    /// Open the context picker: the app fills it with every context.
    PickContext,
    /// Switch a source to a context, or add or remove one; `kind` is `None` when the name
    /// alone was given.
    Switch {
        kind: Option<SourceKind>,
        name: String,
        change: ContextChange,
    },
    /// Show one namespace, or all (`None`).
    Namespace(Option<String>),
    /// Write a report of what is on screen.
    Export(Format),
    /// Record a waiver for the selected finding.
    Waive(WaiveRequest),
    /// `l`: start learning this image's processes, or end its learning window.
    ToggleLearning {
        image: String,
    },
    /// Pause, unpause or stop a container: the operator has confirmed it.
    Act(Confirm),
    /// `y`: put this fix on the operator's clipboard.
    Copy(Snippet),
    /// `M`: turn mouse capture on (`true`) or off.
    Mouse(bool),
}

/// Rows a page key moves by.
const PAGE: usize = 10;

pub fn update(state: &mut UiState, snapshot: &Snapshot, action: Action) -> Effect {
    state.message = None;
    if state.picker.is_some() {
        return super::contexts::picker(state, action);
    }
    if state.export.is_some() {
        return export(state, action);
    }
    if state.confirm.is_some() {
        return act::confirm(state, action);
    }
    if state.relearn.is_some() {
        return act::relearn_answer(state, action);
    }
    if state.shown_snippet.is_some() && !matches!(action, Action::Quit | Action::ToggleMouse) {
        state.shown_snippet = None;
        return Effect::None;
    }
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
        Action::StartCommand => {
            state.prompt = Some(Prompt {
                kind: PromptKind::Command,
                text: String::new(),
            });
        }
        Action::StartWaive => waive::start(state, snapshot),
        Action::PromptChar(c) => {
            if let Some(p) = &mut state.prompt {
                p.text.push(c);
            }
        }
        Action::PromptBackspace => {
            if let Some(p) = &mut state.prompt {
                p.text.pop();
            }
        }
        Action::PromptCancel => state.prompt = None,
        Action::PromptDone => {
            return match state.prompt.take() {
                Some(Prompt {
                    kind: PromptKind::Command,
                    text,
                }) => run_command(state, &text),
                Some(Prompt {
                    kind: PromptKind::Waive,
                    text,
                }) => waive::request(state, snapshot, &text),
                None => Effect::None,
            };
        }
        Action::StartExport => state.export = Some(Format::ALL.len() - 1),
        Action::ShowCluster => show_scoped(state, ScopeGroup::Cluster),
        Action::ShowEngine => show_scoped(state, ScopeGroup::Engine),
        Action::ToggleLearning => return act::toggle_learning(state, snapshot),
        Action::StartAct(action) => act::start(state, snapshot, action),
        Action::ConfirmYes | Action::ConfirmNo | Action::PickerAdd | Action::PickerRemove => {}
        Action::Copy => return copy_fix(state, snapshot),
        Action::ToggleMouse => {
            state.mouse = !state.mouse;
            state.message = Some(if state.mouse {
                "mouse on: click selects, the wheel scrolls; M gives the mouse back to the terminal"
            } else {
                "mouse off: the terminal selects text again; M turns clicks and the wheel back on"
            }
            .to_owned());
            return Effect::Mouse(state.mouse);
        }
        Action::Click { x, y } => super::mouse::click(state, snapshot, x, y),
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

fn export(state: &mut UiState, action: Action) -> Effect {
    let Some(selected) = state.export.as_mut() else {
        return Effect::None;
    };
    match action {
        Action::Up => *selected = selected.saturating_sub(1),
        Action::Down => *selected = (*selected + 1).min(Format::ALL.len() - 1),
        Action::Back => state.export = None,
        Action::Quit => {
            state.quit = true;
            return Effect::Quit;
        }
        Action::Open => {
            let format = Format::ALL[*selected];
            state.export = None;
            return Effect::Export(format);
        }
        _ => {}
    }
    Effect::None
}

fn run_command(state: &mut UiState, line: &str) -> Effect {
    match command::parse(line) {
        Ok(Command::PickContext) => Effect::PickContext,
        Ok(Command::Context { kind, name, change }) => Effect::Switch { kind, name, change },
        Ok(Command::Namespace(ns)) => {
            state.message = Some(match &ns {
                Some(ns) => format!("showing namespace {ns}…"),
                None => "showing all namespaces…".to_owned(),
            });
            Effect::Namespace(ns)
        }
        Ok(Command::Cluster) => {
            show_scoped(state, ScopeGroup::Cluster);
            Effect::None
        }
        Ok(Command::Engine) => {
            show_scoped(state, ScopeGroup::Engine);
            Effect::None
        }
        Ok(Command::Quit) => {
            state.quit = true;
            Effect::Quit
        }
        Err(message) => {
            state.message = (!message.is_empty()).then_some(message);
            Effect::None
        }
    }
}

fn show_scoped(state: &mut UiState, group: ScopeGroup) {
    if state.scope_group != group {
        state.cluster_finding = 0;
    }
    state.scope_group = group;
    state.view = match group {
        ScopeGroup::Cluster => View::Cluster,
        ScopeGroup::Engine => View::Engine,
    };
    state.finding_scroll = 0;
}

pub(super) fn set_pane(state: &mut UiState, pane: Pane) {
    state.pane = pane;
    state.pane_scroll = 0;
}

pub(super) fn open(state: &mut UiState, snapshot: &Snapshot) {
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
        View::Cluster | View::Engine if rows::selected_scoped(snapshot, state).is_some() => {
            state.view = View::ClusterFinding;
            state.finding_scroll = 0;
        }
        _ => {}
    }
}

/// `y` in a finding: the fix that matches the workload, from our rule catalog.
fn copy_fix(state: &mut UiState, snapshot: &Snapshot) -> Effect {
    let snippet = (state.view == View::Finding)
        .then(|| rows::selected(snapshot, state))
        .flatten()
        .and_then(|w| {
            let f = w.findings.get(state.finding)?;
            super::snippet::for_finding(f, &w.workload)
        });
    match snippet {
        Some(snippet) => Effect::Copy(snippet),
        None => {
            state.message = Some("this finding has no fix snippet to copy".to_owned());
            Effect::None
        }
    }
}

fn back(state: &mut UiState) {
    state.view = match state.view {
        View::Finding => View::Detail,
        View::ClusterFinding if state.scope_group == ScopeGroup::Engine => View::Engine,
        View::ClusterFinding => View::Cluster,
        View::Detail | View::Dashboard | View::Cluster | View::Engine => View::Dashboard,
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
        View::Cluster | View::Engine => {
            let count = rows::scoped(snapshot, state.scope_group).len();
            if count > 0 {
                state.cluster_finding =
                    clamp_add(state.cluster_finding.min(count - 1), delta, count);
            }
        }
        View::Detail => state.pane_scroll = scroll(state.pane_scroll, delta),
        View::Finding | View::ClusterFinding => {
            state.finding_scroll = scroll(state.finding_scroll, delta)
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Snapshot;

    fn empty() -> Snapshot {
        Snapshot::new(
            jiff::Timestamp::UNIX_EPOCH,
            Vec::new(),
            Vec::new(),
            Vec::new(),
        )
    }

    fn typed(state: &mut UiState, line: &str) -> Effect {
        update(state, &empty(), Action::StartCommand);
        for c in line.chars() {
            update(state, &empty(), Action::PromptChar(c));
        }
        update(state, &empty(), Action::PromptDone)
    }

    #[test]
    fn command_line_turns_into_effects() {
        let mut state = UiState::default();
        assert_eq!(typed(&mut state, "ctx"), Effect::PickContext);
        assert_eq!(
            typed(&mut state, "ctx kube:lab"),
            Effect::Switch {
                kind: Some(SourceKind::Kubernetes),
                name: "lab".into(),
                change: ContextChange::Switch
            }
        );
        assert_eq!(typed(&mut state, "ns all"), Effect::Namespace(None));
        assert_eq!(typed(&mut state, "nonsense"), Effect::None);
        assert!(
            state
                .message
                .as_deref()
                .is_some_and(|m| m.contains("unknown command"))
        );
        assert!(state.prompt.is_none());
    }

    #[test]
    fn cluster_view_and_back() {
        let mut state = UiState::default();
        update(&mut state, &empty(), Action::ShowCluster);
        assert_eq!(state.view, View::Cluster);
        update(&mut state, &empty(), Action::Open);
        assert_eq!(
            state.view,
            View::Cluster,
            "nothing to open in an empty list"
        );
        update(&mut state, &empty(), Action::Back);
        assert_eq!(state.view, View::Dashboard);
    }
}
