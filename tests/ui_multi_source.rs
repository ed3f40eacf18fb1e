//! Several sources in one dashboard: the source column, one status per source in the header,
//! production contexts marked, and pausing a production container only after its context's
//! name is typed. TestBackend and insta, like tests/ui_views.rs.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::fixtures;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use shipshape::model::action::ContainerAction;
use shipshape::model::{Snapshot, SourceInfo, SourceKind, SourceStatus};
use shipshape::ui::action::Action;
use shipshape::ui::keymap;
use shipshape::ui::production::Production;
use shipshape::ui::state::UiState;
use shipshape::ui::theme;
use shipshape::ui::update::{Effect, update};

/// The runtime fixtures, with fx-risky and fx-locked on a second engine, `prod-eu`.
fn two_engines() -> Snapshot {
    let mut snapshot = fixtures::runtime_snapshot();
    for w in &mut snapshot.workloads {
        if matches!(w.workload.name.as_str(), "fx-risky" | "fx-locked") {
            w.workload.source.context = "prod-eu".into();
        }
    }
    let mut prod = SourceInfo::new(SourceKind::Docker, "prod-eu", "tcp://10.0.0.7:2376");
    prod.status = SourceStatus::Ok;
    snapshot.sources.push(prod);
    snapshot
}

fn screen(snapshot: &Snapshot, state: &mut UiState, (w, h): (u16, u16)) -> TestBackend {
    let dir = tempfile::tempdir().unwrap();
    let theme = theme::load("default", false, dir.path()).unwrap();
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal
        .draw(|frame| shipshape::ui::render(frame, snapshot, state, &theme))
        .unwrap();
    terminal.backend().clone()
}

fn text(backend: &TestBackend) -> String {
    let buf = backend.buffer();
    buf.content
        .chunks(usize::from(buf.area.width))
        .map(|row| row.iter().map(|c| c.symbol()).collect::<String>() + "\n")
        .collect()
}

/// Keys as the terminal sends them, through the key map, as the app applies them.
fn press(state: &mut UiState, snapshot: &Snapshot, keys: &str) -> Vec<Effect> {
    let mut effects = Vec::new();
    for c in keys.chars() {
        let code = match c {
            '\n' => KeyCode::Enter,
            '\u{1b}' => KeyCode::Esc,
            c => KeyCode::Char(c),
        };
        if let Some(action) = keymap::lookup(state, KeyEvent::new(code, KeyModifiers::NONE)) {
            effects.push(update(state, snapshot, action));
        }
    }
    effects
}

fn select(state: &mut UiState, snapshot: &Snapshot, name: &str) {
    update(state, snapshot, Action::StartFilter);
    for c in name.chars() {
        update(state, snapshot, Action::FilterChar(c));
    }
    update(state, snapshot, Action::FilterDone);
}

#[test]
fn one_table_with_a_source_column_and_production_marked() {
    let snapshot = two_engines();
    let backend = screen(&snapshot, &mut UiState::default(), (120, 36));
    insta::assert_snapshot!("multi_source_dashboard_120x36", backend);
    let shown = text(&backend);
    let header = shown.lines().next().unwrap();
    assert!(header.contains("docker default"), "{header}");
    assert!(header.contains(" PROD  docker prod-eu"), "{header}");
    assert!(shown.contains("SOURCE"));
    assert!(shown.contains("docker:prod-eu") && shown.contains("docker:default"));
    // The mark is not colour alone: reversed, so it reads without colour too.
    let buf = backend.buffer();
    let x = header[..header.find("PROD").unwrap()].chars().count() as u16;
    assert!(
        buf[(x, 0)]
            .modifier
            .contains(ratatui::style::Modifier::REVERSED)
    );
}

/// At 80 columns the source is the context name alone and the user column makes room, so the
/// container's name still shows.
#[test]
fn narrow_terminal_keeps_room_for_the_name() {
    let snapshot = two_engines();
    let backend = screen(&snapshot, &mut UiState::default(), (80, 24));
    insta::assert_snapshot!("multi_source_dashboard_80x24", backend);
    let shown = text(&backend);
    assert!(shown.contains("prod-eu fx-risky"), "{shown}");
}

#[test]
fn one_source_has_no_source_column_and_configured_patterns_decide_production() {
    let snapshot = fixtures::runtime_snapshot();
    let shown = text(&screen(&snapshot, &mut UiState::default(), (120, 36)));
    assert!(!shown.contains("SOURCE"), "{shown}");

    let snapshot = two_engines();
    let mut state = UiState {
        production: Production::new(vec!["live-*".into()]),
        ..UiState::default()
    };
    let shown = text(&screen(&snapshot, &mut state, (120, 36)));
    assert!(
        !shown.contains("PROD"),
        "prod-eu is not production here:\n{shown}"
    );
}

#[test]
fn pausing_a_production_container_needs_the_context_name_typed() {
    let snapshot = two_engines();
    let mut state = UiState::default();
    select(&mut state, &snapshot, "fx-risky");
    update(
        &mut state,
        &snapshot,
        Action::StartAct(ContainerAction::Pause),
    );
    let pending = state.confirm.clone().expect("a question");
    assert_eq!(pending.typed.as_deref(), Some(""));
    insta::assert_snapshot!(
        "confirm_pause_production_120x36",
        screen(&snapshot, &mut state, (120, 36))
    );

    // `y` is only a letter here: nothing happens.
    let effects = press(&mut state, &snapshot, "y");
    assert!(effects.iter().all(|e| *e == Effect::None));
    assert_eq!(state.confirm.as_ref().unwrap().typed.as_deref(), Some("y"));
    // A wrong name cancels.
    let effects = press(&mut state, &snapshot, "\n");
    assert_eq!(effects, vec![Effect::None]);
    assert!(state.confirm.is_none());
    assert!(
        state
            .message
            .as_deref()
            .unwrap()
            .contains("not the context name")
    );

    // The right name, then Enter, goes ahead.
    update(
        &mut state,
        &snapshot,
        Action::StartAct(ContainerAction::Pause),
    );
    let effects = press(&mut state, &snapshot, "prod-eu\n");
    assert!(
        matches!(effects.last(), Some(Effect::Act(c)) if c.name == "fx-risky" && c.action == ContainerAction::Pause),
        "{effects:?}"
    );

    // Esc cancels.
    update(
        &mut state,
        &snapshot,
        Action::StartAct(ContainerAction::Stop),
    );
    assert_eq!(
        press(&mut state, &snapshot, "prod\u{1b}"),
        vec![Effect::None; 5]
    );
    assert!(state.confirm.is_none());
}

#[test]
fn elsewhere_y_still_answers() {
    let snapshot = two_engines();
    let mut state = UiState::default();
    select(&mut state, &snapshot, "fx-hostns");
    update(
        &mut state,
        &snapshot,
        Action::StartAct(ContainerAction::Stop),
    );
    let Some(pending) = state.confirm.clone() else {
        // fx-hostns is not running in the fixtures: nothing to confirm, nothing to test here.
        panic!("fx-hostns should be running: {:?}", state.message);
    };
    assert_eq!(pending.typed, None);
    let effects = press(&mut state, &snapshot, "y");
    assert!(
        matches!(effects.as_slice(), [Effect::Act(_)]),
        "{effects:?}"
    );
}
