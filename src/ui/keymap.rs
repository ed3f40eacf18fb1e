//! The key bindings, as data. The help overlay and the footer hints are generated from this
//! table, so what the screen says is what the keys do.

use super::action::Action;
use super::state::View;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Everywhere,
    Dashboard,
    Detail,
    Finding,
}

impl Context {
    fn applies_in(self, view: View) -> bool {
        matches!(
            (self, view),
            (Context::Everywhere, _)
                | (Context::Dashboard, View::Dashboard)
                | (Context::Detail, View::Detail)
                | (Context::Finding, View::Finding)
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

use Context::{Dashboard, Detail, Everywhere, Finding};
use KeyCode::{
    BackTab, Backspace, Char, Down, End, Enter, Esc, Home, Left, PageDown, PageUp, Right, Tab, Up,
};

pub static BINDINGS: &[Binding] = &[
    bind(
        &[Up, Char('k')],
        "↑/k",
        Action::Up,
        "move up / scroll up",
        Everywhere,
        None,
    ),
    bind(
        &[Down, Char('j')],
        "↓/j",
        Action::Down,
        "move down / scroll down",
        Everywhere,
        Some("move"),
    ),
    bind(
        &[PageUp, Char('b')],
        "PgUp",
        Action::PageUp,
        "page up",
        Everywhere,
        None,
    ),
    bind(
        &[PageDown, Char(' ')],
        "PgDn",
        Action::PageDown,
        "page down",
        Everywhere,
        None,
    ),
    bind(
        &[Home, Char('g')],
        "g",
        Action::Top,
        "first",
        Everywhere,
        None,
    ),
    bind(
        &[End, Char('G')],
        "G",
        Action::Bottom,
        "last",
        Everywhere,
        None,
    ),
    bind(
        &[Enter],
        "Enter",
        Action::Open,
        "open container",
        Dashboard,
        Some("open"),
    ),
    bind(
        &[Enter],
        "Enter",
        Action::Open,
        "open finding (Findings pane)",
        Detail,
        Some("open finding"),
    ),
    bind(
        &[Char('/')],
        "/",
        Action::StartFilter,
        "filter by name, image or rule",
        Dashboard,
        Some("filter"),
    ),
    bind(
        &[Esc, Char('c')],
        "Esc/c",
        Action::ClearFilter,
        "clear the filter",
        Dashboard,
        None,
    ),
    bind(
        &[Char('s')],
        "s",
        Action::CycleSort,
        "cycle sort: risk, name, cpu, memory, findings",
        Dashboard,
        Some("sort"),
    ),
    bind(
        &[Tab, Right, Char('l')],
        "Tab/→",
        Action::NextPane,
        "next pane",
        Detail,
        Some("pane"),
    ),
    bind(
        &[BackTab, Left, Char('h')],
        "S-Tab/←",
        Action::PrevPane,
        "previous pane",
        Detail,
        None,
    ),
    bind(
        &[Char('1'), Char('2'), Char('3'), Char('4'), Char('5')],
        "1-5",
        Action::Pane(0),
        "jump to pane",
        Detail,
        None,
    ),
    bind(&[Esc], "Esc", Action::Back, "back", Detail, Some("back")),
    bind(&[Esc], "Esc", Action::Back, "back", Finding, Some("back")),
    bind(
        &[Char('r')],
        "r",
        Action::Refresh,
        "re-read everything from the engines",
        Everywhere,
        None,
    ),
    bind(
        &[Char('?')],
        "?",
        Action::ToggleHelp,
        "show or hide this help",
        Everywhere,
        Some("help"),
    ),
    bind(
        &[Char('q')],
        "q",
        Action::Quit,
        "quit",
        Everywhere,
        Some("quit"),
    ),
];

/// Maps a key press to an action for the current view.
pub fn lookup(view: View, editing_filter: bool, help_open: bool, key: KeyEvent) -> Option<Action> {
    if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == Char('c') {
        return Some(Action::Quit);
    }
    if editing_filter {
        return match key.code {
            Enter => Some(Action::FilterDone),
            Esc => Some(Action::ClearFilter),
            Backspace => Some(Action::FilterBackspace),
            Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                Some(Action::FilterChar(c))
            }
            _ => None,
        };
    }
    if help_open {
        return match key.code {
            Esc | Char('?') => Some(Action::ToggleHelp),
            Char('q') => Some(Action::Quit),
            _ => None,
        };
    }
    BINDINGS
        .iter()
        .filter(|b| b.context.applies_in(view))
        .find(|b| b.keys.contains(&key.code))
        .map(|b| match (b.action, key.code) {
            (Action::Pane(_), Char(d)) => {
                Action::Pane(d.to_digit(10).map_or(0, |n| n as usize - 1))
            }
            (action, _) => action,
        })
}

/// Bindings that apply in a view, for help and hints.
pub fn for_view(view: View) -> impl Iterator<Item = &'static Binding> {
    BINDINGS.iter().filter(move |b| b.context.applies_in(view))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn same_key_means_different_things_per_view() {
        assert_eq!(
            lookup(View::Dashboard, false, false, key(Enter)),
            Some(Action::Open)
        );
        assert_eq!(lookup(View::Finding, false, false, key(Enter)), None);
        assert_eq!(
            lookup(View::Detail, false, false, key(Esc)),
            Some(Action::Back)
        );
    }

    #[test]
    fn filter_mode_takes_letters() {
        assert_eq!(
            lookup(View::Dashboard, true, false, key(Char('q'))),
            Some(Action::FilterChar('q'))
        );
        assert_eq!(
            lookup(View::Dashboard, true, false, key(Esc)),
            Some(Action::ClearFilter)
        );
    }

    #[test]
    fn digits_pick_panes() {
        assert_eq!(
            lookup(View::Detail, false, false, key(Char('3'))),
            Some(Action::Pane(2))
        );
    }

    #[test]
    fn ctrl_c_always_quits() {
        let k = KeyEvent::new(Char('c'), KeyModifiers::CONTROL);
        assert_eq!(lookup(View::Dashboard, true, false, k), Some(Action::Quit));
    }
}
