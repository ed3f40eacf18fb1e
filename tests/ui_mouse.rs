//! The mouse, through the same path as the terminal's events: a frame is drawn on a
//! TestBackend (which records where rows and tabs are), then a crossterm `MouseEvent` at a cell
//! of that frame goes through `keymap::mouse` and `update`.

// clippy.toml's allow-*-in-tests covers `#[test]` functions only; in these helpers a panic is
// the failure report we want.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::fixtures;
use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use shipshape::model::Snapshot;
use shipshape::ui::action::Action;
use shipshape::ui::keymap;
use shipshape::ui::state::{Pane, UiState, View};
use shipshape::ui::theme::{self, Theme};
use shipshape::ui::update::{Effect, update};

struct Screen {
    snapshot: Snapshot,
    state: UiState,
    theme: Theme,
    rows: Vec<String>,
}

impl Screen {
    fn new(snapshot: Snapshot) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let mut screen = Self {
            snapshot,
            state: UiState {
                mouse: true,
                ..UiState::default()
            },
            theme: theme::load("default", false, dir.path()).unwrap(),
            rows: Vec::new(),
        };
        screen.draw();
        screen
    }

    fn draw(&mut self) {
        let mut terminal = Terminal::new(TestBackend::new(120, 36)).unwrap();
        terminal
            .draw(|f| shipshape::ui::render(f, &self.snapshot, &mut self.state, &self.theme))
            .unwrap();
        let buf = terminal.backend().buffer();
        self.rows = buf
            .content
            .chunks(usize::from(buf.area.width))
            .map(|row| row.iter().map(|c| c.symbol()).collect())
            .collect();
    }

    fn key(&mut self, action: Action) {
        update(&mut self.state, &self.snapshot, action);
        self.draw();
    }

    /// Where `text` is on screen (the first match below the header).
    fn find(&self, text: &str) -> (u16, u16) {
        let y = (2..self.rows.len())
            .find(|y| self.rows[*y].contains(text))
            .unwrap_or_else(|| panic!("{text:?} not on screen:\n{}", self.rows.join("\n")));
        let byte = self.rows[y].find(text).unwrap();
        (self.rows[y][..byte].chars().count() as u16, y as u16)
    }

    /// A mouse event through the key map and `update`, then a redraw; the effect it gave.
    fn mouse(&mut self, kind: MouseEventKind, (column, row): (u16, u16)) -> Option<Effect> {
        let event = MouseEvent {
            kind,
            column,
            row,
            modifiers: KeyModifiers::NONE,
        };
        let action = keymap::mouse(&self.state, event)?;
        let effect = update(&mut self.state, &self.snapshot, action);
        self.draw();
        Some(effect)
    }

    fn click(&mut self, at: (u16, u16)) {
        self.mouse(MouseEventKind::Down(MouseButton::Left), at);
    }

    /// The dashboard's selected row (the first until one is chosen).
    fn selected_name(&self) -> String {
        let rows = shipshape::ui::rows::visible(&self.snapshot, &self.state);
        let i = shipshape::ui::rows::selected_index(&rows, self.state.selected.as_ref()).unwrap();
        rows[i].workload.name.clone()
    }
}

#[test]
fn a_click_selects_a_dashboard_row_and_a_second_opens_it() {
    let mut s = Screen::new(fixtures::snapshot());
    assert_ne!(s.selected_name(), "fx-locked");
    let at = s.find("fx-locked");
    s.click(at);
    assert_eq!(s.selected_name(), "fx-locked");
    assert_eq!(s.state.view, View::Dashboard, "one click only selects");
    s.click(at);
    assert_eq!(
        s.state.view,
        View::Detail,
        "a click on the selected row opens it"
    );
    assert_eq!(s.selected_name(), "fx-locked");
}

#[test]
fn clicks_outside_the_rows_do_nothing() {
    let mut s = Screen::new(fixtures::snapshot());
    let before = s.selected_name();
    let (_, header) = s.find("RISK");
    for at in [(5, header), (0, 0), (5, 35), (5, 30)] {
        s.click(at);
        assert_eq!(s.selected_name(), before, "click at {at:?}");
        assert_eq!(s.state.view, View::Dashboard);
    }
}

#[test]
fn the_wheel_moves_the_selection() {
    let mut s = Screen::new(fixtures::snapshot());
    let first = s.selected_name();
    s.mouse(MouseEventKind::ScrollDown, (5, 10));
    let second = s.selected_name();
    assert_ne!(first, second);
    s.mouse(MouseEventKind::ScrollUp, (5, 10));
    assert_eq!(s.selected_name(), first);
}

#[test]
fn tabs_and_finding_rows_in_the_detail_view() {
    let mut s = Screen::new(fixtures::snapshot());
    let at = s.find("fx-risky");
    s.click(at);
    s.click(at);
    assert_eq!(s.state.view, View::Detail);
    for (title, pane) in [
        ("Mounts", Pane::Mounts),
        ("Processes", Pane::Processes),
        ("Capabilities", Pane::Capabilities),
        ("Findings", Pane::Findings),
    ] {
        let (x, y) = s.find(&format!(" {title}"));
        s.click((x + 2, y));
        assert_eq!(s.state.pane, pane, "click on the {title} tab");
    }
    // The third finding's row: select, then open.
    let third = s
        .snapshot
        .workloads
        .iter()
        .find(|w| w.workload.name == "fx-risky")
        .unwrap()
        .findings[2]
        .evidence
        .clone();
    let at = s.find(&third[..20.min(third.len())]);
    s.click(at);
    assert_eq!((s.state.view, s.state.finding), (View::Detail, 2));
    s.click(at);
    assert_eq!(s.state.view, View::Finding);
    // The wheel scrolls the fix, as j does.
    let down = MouseEvent {
        kind: MouseEventKind::ScrollDown,
        column: 5,
        row: 10,
        modifiers: KeyModifiers::NONE,
    };
    assert_eq!(keymap::mouse(&s.state, down), Some(Action::Down));
}

#[test]
fn engine_findings_rows_are_clickable() {
    let mut s = Screen::new(fixtures::runtime_snapshot());
    s.key(Action::ShowEngine);
    let (_, header) = s.find("SEV");
    s.click((10, header + 2));
    assert_eq!(s.state.cluster_finding, 1);
    s.click((10, header + 2));
    assert_eq!(s.state.view, View::ClusterFinding);
}

#[test]
fn a_click_never_answers_a_question() {
    let mut s = Screen::new(fixtures::snapshot());
    let at = s.find("fx-locked");
    s.click(at);
    s.key(Action::StartAct(
        shipshape::model::action::ContainerAction::Stop,
    ));
    assert!(s.state.confirm.is_some());
    assert_eq!(s.mouse(MouseEventKind::Down(MouseButton::Left), at), None);
    assert_eq!(s.mouse(MouseEventKind::ScrollDown, at), None);
    assert!(s.state.confirm.is_some(), "still asking");
}

#[test]
fn m_switches_mouse_capture() {
    let mut s = Screen::new(fixtures::snapshot());
    let effect = update(&mut s.state, &s.snapshot, Action::ToggleMouse);
    assert_eq!(effect, Effect::Mouse(false));
    assert!(!s.state.mouse);
    assert!(s.state.message.as_deref().unwrap().contains("mouse off"));
    s.key(Action::ToggleHelp);
    assert!(
        s.rows.iter().any(|r| r.contains("Mouse    off")),
        "help shows the state:\n{}",
        s.rows.join("\n")
    );
    s.key(Action::ToggleHelp);
    let effect = update(&mut s.state, &s.snapshot, Action::ToggleMouse);
    assert_eq!(effect, Effect::Mouse(true));
}
