//! The `:ctx` picker and what choosing in it means: switch to a context, or show it beside the
//! others (`+`), or stop showing it (`-`).

use super::action::Action;
use super::state::{ContextChoice, UiState};
use super::update::Effect;
use crate::model::SourceKind;

/// What `:ctx` does with the context it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContextChange {
    /// `:ctx NAME`: show that context instead of the one(s) of its kind.
    Switch,
    /// `:ctx +NAME`: show it beside the others.
    Add,
    /// `:ctx -NAME`: stop showing it.
    Remove,
}

/// Fills the picker with the contexts, the active ones selected first.
pub fn open_picker(
    state: &mut UiState,
    choices: Vec<ContextChoice>,
    active: &[(SourceKind, String)],
) {
    let selected = choices
        .iter()
        .position(|c| active.iter().any(|(k, n)| *k == c.kind && *n == c.name))
        .unwrap_or(0);
    if choices.is_empty() {
        state.message =
            Some("no contexts: neither Docker contexts nor a kubeconfig were found".to_owned());
        return;
    }
    state.picker = Some(super::state::Picker { choices, selected });
}

pub(super) fn picker(state: &mut UiState, action: Action) -> Effect {
    let Some(p) = state.picker.as_mut() else {
        return Effect::None;
    };
    match action {
        Action::Up => p.selected = p.selected.saturating_sub(1),
        Action::Down => p.selected = (p.selected + 1).min(p.choices.len().saturating_sub(1)),
        Action::Back => state.picker = None,
        Action::Quit => {
            state.quit = true;
            return Effect::Quit;
        }
        Action::Open | Action::PickerAdd | Action::PickerRemove => {
            let choice = p.choices.get(p.selected).cloned();
            state.picker = None;
            let change = match action {
                Action::PickerAdd => ContextChange::Add,
                Action::PickerRemove => ContextChange::Remove,
                _ => ContextChange::Switch,
            };
            if let Some(c) = choice {
                return Effect::Switch {
                    kind: Some(c.kind),
                    name: c.name,
                    change,
                };
            }
        }
        _ => {}
    }
    Effect::None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Snapshot;
    use crate::ui::update::update;

    /// The picker needs no data.
    fn empty() -> Snapshot {
        let no_sources = Vec::new();
        Snapshot::new(
            jiff::Timestamp::UNIX_EPOCH,
            no_sources,
            Vec::new(),
            Vec::new(),
        )
    }

    #[test]
    fn picker_moves_and_picks() {
        let mut state = UiState::default();
        let choice = |kind, name: &str| ContextChoice {
            kind,
            name: name.into(),
            detail: String::new(),
        };
        open_picker(
            &mut state,
            vec![
                choice(SourceKind::Docker, "default"),
                choice(SourceKind::Kubernetes, "a"),
                choice(SourceKind::Kubernetes, "b"),
            ],
            &[(SourceKind::Kubernetes, "a".into())],
        );
        assert_eq!(
            state.picker.as_ref().map(|p| p.selected),
            Some(1),
            "the active context is preselected"
        );
        update(&mut state, &empty(), Action::Down);
        let effect = update(&mut state, &empty(), Action::Open);
        assert_eq!(
            effect,
            Effect::Switch {
                kind: Some(SourceKind::Kubernetes),
                name: "b".into(),
                change: ContextChange::Switch
            }
        );
        assert!(state.picker.is_none());
        // `+` shows the selected context beside the others, `-` stops showing it.
        for (action, change) in [
            (Action::PickerAdd, ContextChange::Add),
            (Action::PickerRemove, ContextChange::Remove),
        ] {
            open_picker(&mut state, vec![choice(SourceKind::Kubernetes, "a")], &[]);
            assert_eq!(
                update(&mut state, &empty(), action),
                Effect::Switch {
                    kind: Some(SourceKind::Kubernetes),
                    name: "a".into(),
                    change
                }
            );
        }
    }
}
