//! The key bindings, as data. The help overlay and the footer hints are generated from this
//! table, so what the screen says is what the keys do.

use super::action::Action;
use super::state::{UiState, View};
use crate::model::action::ContainerAction;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Everywhere,
    Dashboard,
    Detail,
    /// Reading one finding, of a workload or of a cluster.
    Finding,
    /// Reading one workload's finding: its fix is a flag, a Compose key or pod-spec YAML.
    WorkloadFinding,
    Cluster,
    /// The engine and host view.
    Engine,
    /// Where a container is in focus: the dashboard, its detail or one of its findings.
    Container,
}

impl Context {
    fn applies_in(self, view: View) -> bool {
        matches!(
            (self, view),
            (Context::Everywhere, _)
                | (Context::Dashboard, View::Dashboard)
                | (Context::Detail, View::Detail)
                | (Context::Finding, View::Finding | View::ClusterFinding)
                | (Context::WorkloadFinding, View::Finding)
                | (Context::Cluster, View::Cluster)
                | (Context::Engine, View::Engine)
                | (
                    Context::Container,
                    View::Dashboard | View::Detail | View::Finding
                )
        )
    }
}

pub struct Binding {
    pub keys: &'static [KeyCode],
    /// How the keys are written in help and hints.
    pub label: &'static str,
    pub action: Action,
    pub desc: &'static str,
    pub context: Context,
    /// The footer's short word for it; `None` keeps it to the help overlay.
    pub hint: Option<&'static str>,
}

const fn bind(
    keys: &'static [KeyCode],
    label: &'static str,
    action: Action,
    desc: &'static str,
    context: Context,
    hint: Option<&'static str>,
) -> Binding {
    Binding {
        keys,
        label,
        action,
        desc,
        context,
        hint,
    }
}

use Context::{
    Cluster, Container, Dashboard, Detail, Engine, Everywhere, Finding, WorkloadFinding,
};
use KeyCode::{
    BackTab, Backspace, Char, Down, End, Enter, Esc, Home, Left, PageDown, PageUp, Right, Tab, Up,
};

#[rustfmt::skip]
pub static BINDINGS: &[Binding] = &[
    bind(&[Up, Char('k')], "↑/k", Action::Up, "move up / scroll up", Everywhere, None),
    bind(&[Down, Char('j')], "↓/j", Action::Down, "move down / scroll down", Everywhere, Some("move")),
    bind(&[PageUp, Char('b')], "PgUp", Action::PageUp, "page up", Everywhere, None),
    bind(&[PageDown, Char(' ')], "PgDn", Action::PageDown, "page down", Everywhere, None),
    bind(&[Home, Char('g')], "g", Action::Top, "first", Everywhere, None),
    bind(&[End, Char('G')], "G", Action::Bottom, "last", Everywhere, None),
    bind(&[Enter], "Enter", Action::Open, "open container", Dashboard, Some("open")),
    bind(&[Enter], "Enter", Action::Open, "open finding (Findings pane)", Detail, Some("open finding")),
    bind(&[Enter], "Enter", Action::Open, "open finding", Cluster, Some("open")),
    bind(&[Enter], "Enter", Action::Open, "open finding", Engine, Some("open")),
    bind(&[Char('/')], "/", Action::StartFilter, "filter by name, image, namespace or rule", Dashboard, Some("filter")),
    bind(&[Esc, Char('c')], "Esc/c", Action::ClearFilter, "clear the filter", Dashboard, None),
    bind(&[Char('s')], "s", Action::CycleSort, "cycle sort: risk, name, cpu, memory, findings", Dashboard, Some("sort")),
    bind(&[Char('C')], "C", Action::ShowCluster, "cluster and namespace findings", Dashboard, Some("cluster")),
    bind(&[Char('E')], "E", Action::ShowEngine, "engine settings and host audit", Dashboard, Some("engine")),
    bind(&[Tab, Right], "Tab/→", Action::NextPane, "next pane", Detail, Some("pane")),
    bind(&[BackTab, Left], "S-Tab/←", Action::PrevPane, "previous pane", Detail, None),
    bind(&[Char('1'), Char('2'), Char('3'), Char('4'), Char('5'), Char('6')], "1-6", Action::Pane(0), "jump to pane", Detail, None),
    bind(&[Char('l')], "l", Action::ToggleLearning, "learn what this image runs, or end learning", Container, Some("learn")),
    bind(&[Char('p')], "p", Action::StartAct(ContainerAction::Pause), "pause or unpause the container (asks first)", Container, None),
    bind(&[Char('x')], "x", Action::StartAct(ContainerAction::Stop), "stop the container (asks first)", Container, None),
    bind(&[Esc], "Esc", Action::Back, "back", Detail, Some("back")),
    bind(&[Esc], "Esc", Action::Back, "back", Finding, Some("back")),
    bind(&[Esc], "Esc", Action::Back, "back", Cluster, Some("back")),
    bind(&[Esc], "Esc", Action::Back, "back", Engine, Some("back")),
    bind(&[Char(':')], ":", Action::StartCommand, "command: :ctx [+/-NAME], :ns NAME|all, :cluster, :engine, :q", Everywhere, Some("command")),
    bind(&[Char('w')], "w", Action::StartWaive, "waive the selected finding (asks for a reason)", Detail, None),
    bind(&[Char('w')], "w", Action::StartWaive, "waive this finding (asks for a reason)", Finding, Some("waive")),
    bind(&[Char('y')], "y", Action::Copy, "copy the fix to the clipboard (OSC 52; shown plain where it cannot)", WorkloadFinding, Some("copy")),
    bind(&[Char('e')], "e", Action::StartExport, "export a report: JSON, Markdown or HTML", Everywhere, Some("export")),
    bind(&[Char('r')], "r", Action::Refresh, "re-read everything from the engines and clusters", Everywhere, None),
    bind(&[Char('M')], "M", Action::ToggleMouse, "mouse on/off (off: the terminal selects text)", Everywhere, None),
    bind(&[Char('?')], "?", Action::ToggleHelp, "show or hide this help", Everywhere, Some("help")),
    bind(&[Char('q')], "q", Action::Quit, "quit", Everywhere, Some("quit")),
];

/// Maps a key press to an action for the current state: prompts and popups first.
pub fn lookup(state: &UiState, key: KeyEvent) -> Option<Action> {
    if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == Char('c') {
        return Some(Action::Quit);
    }
    let typing = !key.modifiers.contains(KeyModifiers::CONTROL);
    // A production confirmation is answered by typing the context's name, like a prompt.
    let typed_answer = state.confirm.as_ref().is_some_and(|c| c.typed.is_some());
    if state.prompt.is_some() || typed_answer {
        return match key.code {
            Enter => Some(Action::PromptDone),
            Esc => Some(Action::PromptCancel),
            Backspace => Some(Action::PromptBackspace),
            Char(c) if typing => Some(Action::PromptChar(c)),
            _ => None,
        };
    }
    if state.editing_filter {
        return match key.code {
            Enter => Some(Action::FilterDone),
            Esc => Some(Action::ClearFilter),
            Backspace => Some(Action::FilterBackspace),
            Char(c) if typing => Some(Action::FilterChar(c)),
            _ => None,
        };
    }
    if state.confirm.is_some() || state.relearn.is_some() {
        return Some(match key.code {
            Char('y') => Action::ConfirmYes,
            _ => Action::ConfirmNo,
        });
    }
    if state.picker.is_some() || state.export.is_some() {
        return match key.code {
            Up | Char('k') => Some(Action::Up),
            Down | Char('j') => Some(Action::Down),
            Enter => Some(Action::Open),
            Char('+' | 'a') if state.picker.is_some() => Some(Action::PickerAdd),
            Char('-' | 'd') if state.picker.is_some() => Some(Action::PickerRemove),
            Esc => Some(Action::Back),
            Char('q') => Some(Action::Quit),
            _ => None,
        };
    }
    if state.shown_snippet.is_some() {
        // Any key closes it: it is there to be selected with the mouse.
        return Some(match key.code {
            Char('q') => Action::Quit,
            Char('M') => Action::ToggleMouse,
            _ => Action::Back,
        });
    }
    if state.help {
        return match key.code {
            Esc | Char('?') => Some(Action::ToggleHelp),
            Char('q') => Some(Action::Quit),
            _ => None,
        };
    }
    BINDINGS
        .iter()
        .filter(|b| b.context.applies_in(state.view))
        .find(|b| b.keys.contains(&key.code))
        .map(|b| match (b.action, key.code) {
            (Action::Pane(_), Char(d)) => {
                Action::Pane(d.to_digit(10).map_or(0, |n| n as usize - 1))
            }
            (action, _) => action,
        })
}

/// Maps a mouse event to an action: a left click, or the wheel as up and down. Ignored while a
/// question, prompt or overlay is open, so a stray click never answers a confirmation.
pub fn mouse(state: &UiState, event: MouseEvent) -> Option<Action> {
    let wheel = match event.kind {
        MouseEventKind::ScrollUp => Some(Action::Up),
        MouseEventKind::ScrollDown => Some(Action::Down),
        _ => None,
    };
    if state.picker.is_some() || state.export.is_some() {
        return wheel;
    }
    let busy = state.prompt.is_some()
        || state.editing_filter
        || state.confirm.is_some()
        || state.relearn.is_some()
        || state.shown_snippet.is_some()
        || state.help;
    if busy {
        return None;
    }
    match event.kind {
        MouseEventKind::Down(MouseButton::Left) => Some(Action::Click {
            x: event.column,
            y: event.row,
        }),
        _ => wheel,
    }
}

/// Bindings that apply in a view, for help and hints.
pub fn for_view(view: View) -> impl Iterator<Item = &'static Binding> {
    BINDINGS.iter().filter(move |b| b.context.applies_in(view))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::state::Picker;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn in_view(view: View) -> UiState {
        UiState {
            view,
            ..UiState::default()
        }
    }

    #[test]
    fn same_key_means_different_things_per_view() {
        assert_eq!(
            lookup(&in_view(View::Dashboard), key(Enter)),
            Some(Action::Open)
        );
        assert_eq!(lookup(&in_view(View::Finding), key(Enter)), None);
        assert_eq!(lookup(&in_view(View::Detail), key(Esc)), Some(Action::Back));
        assert_eq!(
            lookup(&in_view(View::ClusterFinding), key(Esc)),
            Some(Action::Back)
        );
    }

    #[test]
    fn prompts_take_letters() {
        let mut filtering = in_view(View::Dashboard);
        filtering.editing_filter = true;
        assert_eq!(
            lookup(&filtering, key(Char('q'))),
            Some(Action::FilterChar('q'))
        );
        assert_eq!(lookup(&filtering, key(Esc)), Some(Action::ClearFilter));
        let mut commanding = in_view(View::Detail);
        commanding.prompt = Some(crate::ui::state::Prompt {
            kind: crate::ui::state::PromptKind::Command,
            text: String::new(),
        });
        assert_eq!(
            lookup(&commanding, key(Char('q'))),
            Some(Action::PromptChar('q'))
        );
        assert_eq!(lookup(&commanding, key(Enter)), Some(Action::PromptDone));
    }

    #[test]
    fn picker_keys() {
        let mut picking = in_view(View::Dashboard);
        picking.picker = Some(Picker::default());
        assert_eq!(lookup(&picking, key(Char('j'))), Some(Action::Down));
        assert_eq!(lookup(&picking, key(Enter)), Some(Action::Open));
        assert_eq!(lookup(&picking, key(Esc)), Some(Action::Back));
    }

    #[test]
    fn y_copies_only_a_workload_finding() {
        assert_eq!(
            lookup(&in_view(View::Finding), key(Char('y'))),
            Some(Action::Copy)
        );
        assert_eq!(lookup(&in_view(View::ClusterFinding), key(Char('y'))), None);
        assert_eq!(lookup(&in_view(View::Dashboard), key(Char('y'))), None);
        let mut shown = in_view(View::Finding);
        shown.shown_snippet = Some(crate::ui::state::ShownSnippet {
            snippet: crate::ui::snippet::Snippet {
                label: "docker run",
                text: "--read-only".into(),
            },
            why: "off".into(),
        });
        assert_eq!(lookup(&shown, key(Char('j'))), Some(Action::Back));
        assert_eq!(lookup(&shown, key(Char('q'))), Some(Action::Quit));
    }

    #[test]
    fn digits_pick_panes() {
        assert_eq!(
            lookup(&in_view(View::Detail), key(Char('3'))),
            Some(Action::Pane(2))
        );
    }

    #[test]
    fn ctrl_c_always_quits() {
        let mut filtering = in_view(View::Dashboard);
        filtering.editing_filter = true;
        let k = KeyEvent::new(Char('c'), KeyModifiers::CONTROL);
        assert_eq!(lookup(&filtering, k), Some(Action::Quit));
    }
}
