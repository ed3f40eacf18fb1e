//! Learning and container actions from the keyboard: which container `l`, `p` and `x` are
//! about, and the confirmation that must be answered with `y` before anything changes.

use super::action::Action;
use super::rows;
use super::state::{Confirm, Relearn, UiState, View, WorkloadKey};
use super::update::Effect;
use crate::model::action::ContainerAction;
use crate::model::{AssessedWorkload, Snapshot, SourceKind, WorkloadState};

/// The workload `l`, `p` and `x` are about: the selected row, or the open container.
fn target(state: &UiState, snapshot: &Snapshot) -> Option<AssessedWorkload> {
    match state.view {
        View::Dashboard => {
            let rows = rows::visible(snapshot, state);
            rows::selected_index(&rows, state.selected.as_ref()).map(|i| rows[i].clone())
        }
        View::Detail | View::Finding => rows::selected(snapshot, state).cloned(),
        _ => None,
    }
}

/// Only Docker containers of a live engine can learn or be acted on.
fn docker_target(state: &mut UiState, snapshot: &Snapshot) -> Option<AssessedWorkload> {
    if state.read_only.is_some() {
        state.message = Some("a saved snapshot is read-only".to_owned());
        return None;
    }
    let w = target(state, snapshot)?;
    if w.workload.source.kind != SourceKind::Docker {
        state.message = Some(
            "learning, pause and stop work on Docker containers; Kubernetes has no process API"
                .to_owned(),
        );
        return None;
    }
    Some(w)
}

pub fn toggle_learning(state: &mut UiState, snapshot: &Snapshot) -> Effect {
    let Some(w) = docker_target(state, snapshot) else {
        return Effect::None;
    };
    let profile = w.workload.runtime.as_ref().and_then(|r| r.profile.as_ref());
    if profile.is_none() && w.workload.state != WorkloadState::Running {
        state.message = Some(format!(
            "{} is not running: learning needs a running container",
            w.workload.name
        ));
        return Effect::None;
    }
    if w.learning_state() == Some("drift") {
        // What ran outside the profile: recorded before, and running now.
        let mut drift: Vec<String> = profile
            .map(|p| p.drift.iter().map(|d| d.program.clone()).collect())
            .unwrap_or_default();
        if let (Some(runtime), Some(profile)) = (&w.workload.runtime, profile) {
            drift.extend(
                runtime
                    .processes
                    .iter()
                    .filter(|p| !profile.knows(p))
                    .map(|p| p.profile_key()),
            );
        }
        drift.sort();
        drift.dedup();
        state.relearn = Some(Relearn {
            image: w.workload.image,
            drift,
        });
        return Effect::None;
    }
    Effect::ToggleLearning {
        image: w.workload.image,
    }
}

/// The answer to "learn again and accept the drift?": only `y` learns.
pub fn relearn_answer(state: &mut UiState, action: Action) -> Effect {
    let Some(pending) = state.relearn.take() else {
        return Effect::None;
    };
    if action == Action::ConfirmYes {
        Effect::ToggleLearning {
            image: pending.image,
        }
    } else {
        state.message = Some("not learned again: the drift stays".to_owned());
        Effect::None
    }
}

pub fn start(state: &mut UiState, snapshot: &Snapshot, action: ContainerAction) {
    let Some(w) = docker_target(state, snapshot) else {
        return;
    };
    let paused = w.workload.state == WorkloadState::Paused;
    let action = match action {
        ContainerAction::Pause | ContainerAction::Unpause if paused => ContainerAction::Unpause,
        ContainerAction::Pause | ContainerAction::Unpause => ContainerAction::Pause,
        ContainerAction::Stop => ContainerAction::Stop,
    };
    if !w.workload.state.is_live() {
        state.message = Some(format!("{} is not running", w.workload.name));
        return;
    }
    let production = state.production.is_production(snapshot, &w.workload.source);
    state.confirm = Some(Confirm {
        action,
        key: WorkloadKey::of(&w),
        name: w.workload.name.clone(),
        typed: production.then(String::new),
    });
}

/// The confirmation: `y` acts, anything else cancels. Nothing happens without the `y`. In a
/// production context the context's name must be typed and Enter pressed; Esc cancels.
pub fn confirm(state: &mut UiState, action: Action) -> Effect {
    let Some(mut pending) = state.confirm.take() else {
        return Effect::None;
    };
    if let Some(typed) = pending.typed.as_mut() {
        match action {
            Action::PromptChar(c) => typed.push(c),
            Action::PromptBackspace => {
                typed.pop();
            }
            Action::PromptDone if *typed == pending.key.source.context => {
                return go_ahead(state, pending);
            }
            Action::PromptDone => {
                state.message = Some(format!(
                    "{} cancelled: `{typed}` is not the context name",
                    pending.action.as_str()
                ));
                return Effect::None;
            }
            _ => {
                state.message = Some(format!("{} cancelled", pending.action.as_str()));
                return Effect::None;
            }
        }
        state.confirm = Some(pending);
        return Effect::None;
    }
    if action == Action::ConfirmYes {
        go_ahead(state, pending)
    } else {
        state.message = Some(format!("{} cancelled", pending.action.as_str()));
        Effect::None
    }
}

fn go_ahead(state: &mut UiState, pending: Confirm) -> Effect {
    state.message = Some(format!("{} {}…", pending.action.as_str(), pending.name));
    Effect::Act(pending)
}
