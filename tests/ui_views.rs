//! Every view rendered into ratatui's `TestBackend` from the fixture snapshot and compared with
//! insta snapshots, plus what text snapshots cannot see: colours, `NO_COLOR`, hostile strings
//! from the engine, and help generated from the key map.

// clippy.toml's allow-*-in-tests covers `#[test]` functions only, not the helpers below or
// `common::fixtures`; in a test binary a panic is the failure report we want.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::fixtures;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Color;
use shipshape::model::Snapshot;
use shipshape::ui::action::Action;
use shipshape::ui::keymap;
use shipshape::ui::state::{Pane, UiState, View};
use shipshape::ui::theme::{self, Theme};
use shipshape::ui::update::update;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 36)];

fn load_theme(name: &str) -> Theme {
    let dir = tempfile::tempdir().unwrap();
    theme::load(name, false, dir.path()).unwrap()
}

/// A fresh state with the actions applied, as the key handler would apply them.
fn state_after(snapshot: &Snapshot, actions: &[Action]) -> UiState {
    let mut state = UiState::default();
    for action in actions {
        update(&mut state, snapshot, *action);
    }
    state
}

/// Typing `/text` and Enter.
fn filter(text: &str) -> Vec<Action> {
    let mut actions = vec![Action::StartFilter];
    actions.extend(text.chars().map(Action::FilterChar));
    actions.push(Action::FilterDone);
    actions
}

/// Filter down to `name`, open it, then `then`.
fn open(name: &str, then: &[Action]) -> Vec<Action> {
    let mut actions = filter(name);
    actions.push(Action::Open);
    actions.extend_from_slice(then);
    actions
}

fn draw(snapshot: &Snapshot, actions: &[Action], theme: &Theme, (w, h): (u16, u16)) -> TestBackend {
    let mut state = state_after(snapshot, actions);
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal
        .draw(|frame| shipshape::ui::render(frame, snapshot, &mut state, theme))
        .unwrap();
    terminal.backend().clone()
}

/// Snapshots the state reached by `actions` at every size, as `{name}_{w}x{h}`.
fn assert_views(name: &str, actions: &[Action]) {
    let snapshot = fixtures::snapshot();
    let theme = load_theme("default");
    for size in SIZES {
        let backend = draw(&snapshot, actions, &theme, size);
        insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), backend);
    }
}

fn lines(buf: &Buffer) -> Vec<String> {
    let width = usize::from(buf.area.width);
    buf.content
        .chunks(width)
        .map(|row| row.iter().map(|c| c.symbol()).collect())
        .collect()
}

/// The row holding `needle`, and the column where `word` starts on it (one char per cell).
fn locate(buf: &Buffer, needle: &str, word: &str) -> (u16, u16) {
    let rows = lines(buf);
    let y = rows.iter().position(|l| l.contains(needle)).unwrap();
    let byte = rows[y].find(word).unwrap();
    (rows[y][..byte].chars().count() as u16, y as u16)
}

/// Every screen reachable for the container matching `name`: dashboard (plain, help, sorted,
/// filtered), its five detail panes, and its first finding (top and paged down).
fn every_view(name: &str) -> Vec<Vec<Action>> {
    let mut views = vec![
        vec![],
        vec![Action::ToggleHelp],
        vec![Action::CycleSort],
        filter(name),
    ];
    views.extend((0..6).map(|i| open(name, &[Action::Pane(i)])));
    views.push(vec![Action::ShowEngine]);
    views.push(open(name, &[Action::Open]));
    views.push(open(name, &[Action::Open, Action::PageDown]));
    views
}

#[test]
fn a_terminal_below_the_minimum_gets_a_short_note() {
    let snapshot = fixtures::snapshot();
    let theme = load_theme("default");
    for size in [(30, 8), (59, 24), (80, 11)] {
        let screen = lines(draw(&snapshot, &[], &theme, size).buffer()).join("\n");
        assert!(screen.contains("too small"), "{size:?}:\n{screen}");
        assert!(!screen.contains('│'), "no half-drawn frame at {size:?}");
    }
    let screen = lines(draw(&snapshot, &[], &theme, (60, 12)).buffer()).join("\n");
    assert!(!screen.contains("too small"));
}

#[test]
fn a_long_table_scrolls_with_the_selection() {
    let base = fixtures::snapshot();
    let template = base.workloads[0].workload.clone();
    let workloads: Vec<_> = (0..60)
        .map(|i| {
            let mut w = template.clone();
            w.id = format!("{i:064x}");
            w.name = format!("row-{i:02}");
            w
        })
        .collect();
    let snapshot = shipshape::rules::snapshot(fixtures::fixed_time(), base.sources, workloads, &[]);
    let theme = load_theme("default");
    let mut actions = vec![Action::CycleSort]; // by name: row-00, row-01, ...
    actions.extend(std::iter::repeat_n(Action::Down, 40));
    let screen = lines(draw(&snapshot, &actions, &theme, (80, 24)).buffer());
    let selected = screen
        .iter()
        .find(|l| l.contains('▶'))
        .unwrap_or_else(|| panic!("no selected row:\n{}", screen.join("\n")));
    assert!(
        selected.contains("row-40"),
        "{selected}\n{}",
        screen.join("\n")
    );
    assert!(
        !screen.iter().any(|l| l.contains("row-00")),
        "scrolled past the top"
    );
    // And back up: the window follows.
    actions.extend(std::iter::repeat_n(Action::Up, 40));
    let screen = lines(draw(&snapshot, &actions, &theme, (80, 24)).buffer());
    assert!(
        screen
            .iter()
            .any(|l| l.contains('▶') && l.contains("row-00"))
    );
}

#[test]
fn dashboard() {
    assert_views("dashboard", &[]);
}

/// Snapshots of the run-time fixture: learned profiles, drift, a miner, engine and host facts.
fn assert_runtime_views(name: &str, actions: &[Action]) {
    let snapshot = fixtures::runtime_snapshot();
    let theme = load_theme("default");
    for size in SIZES {
        let backend = draw(&snapshot, actions, &theme, size);
        insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), backend);
    }
}

#[test]
fn runtime_dashboard_shows_learning_state() {
    assert_runtime_views("runtime_dashboard", &[]);
}

#[test]
fn processes_pane_marks_drift() {
    assert_runtime_views("runtime_processes", &open("fx-risky", &[Action::Pane(5)]));
}

#[test]
fn engine_and_host_view() {
    assert_runtime_views("engine_view", &[Action::ShowEngine]);
    assert_runtime_views("engine_finding", &[Action::ShowEngine, Action::Open]);
}

#[test]
fn learning_a_drifting_image_again_asks_first() {
    let snapshot = fixtures::runtime_snapshot();
    let mut state = state_after(&snapshot, &open("fx-risky", &[]));
    // fx-risky's image drifted (nc): `l` asks, naming what would become normal.
    assert_eq!(
        update(&mut state, &snapshot, Action::ToggleLearning),
        shipshape::ui::update::Effect::None
    );
    let asked = state.relearn.clone().expect("a question");
    assert_eq!(asked.drift, vec!["nc".to_owned()]);
    assert_eq!(
        update(&mut state, &snapshot, Action::ConfirmNo),
        shipshape::ui::update::Effect::None
    );
    update(&mut state, &snapshot, Action::ToggleLearning);
    let effect = update(&mut state, &snapshot, Action::ConfirmYes);
    assert!(
        matches!(effect, shipshape::ui::update::Effect::ToggleLearning { image } if image == "shipshape-test:1")
    );
    // fx-locked is still learning: `l` ends it without a question.
    let mut state = state_after(&snapshot, &open("fx-locked", &[]));
    let effect = update(&mut state, &snapshot, Action::ToggleLearning);
    assert!(matches!(
        effect,
        shipshape::ui::update::Effect::ToggleLearning { .. }
    ));
    assert!(state.relearn.is_none());
}

#[test]
fn pause_asks_first() {
    use shipshape::model::action::ContainerAction;
    assert_runtime_views(
        "confirm_pause",
        &open("fx-risky", &[Action::StartAct(ContainerAction::Pause)]),
    );
    // Anything but `y` cancels: nothing is asked of the engine.
    let snapshot = fixtures::runtime_snapshot();
    let mut state = state_after(
        &snapshot,
        &open("fx-risky", &[Action::StartAct(ContainerAction::Stop)]),
    );
    assert!(state.confirm.is_some());
    let effect = update(&mut state, &snapshot, Action::ConfirmNo);
    assert_eq!(effect, shipshape::ui::update::Effect::None);
    assert!(state.confirm.is_none());
    let mut state = state_after(
        &snapshot,
        &open("fx-risky", &[Action::StartAct(ContainerAction::Stop)]),
    );
    let effect = update(&mut state, &snapshot, Action::ConfirmYes);
    assert!(
        matches!(effect, shipshape::ui::update::Effect::Act(c) if c.action == ContainerAction::Stop && c.name == "fx-risky")
    );
}

#[test]
fn dashboard_filtered() {
    assert_views("dashboard_filter_risky", &filter("risky"));
}

#[test]
fn dashboard_sorted_by_name() {
    assert_views("dashboard_sort_name", &[Action::CycleSort]);
}

#[test]
fn help_overlay() {
    assert_views("help_dashboard", &[Action::ToggleHelp]);
}

#[test]
fn detail_panes() {
    let names = ["findings", "mounts", "capabilities", "resources", "labels"];
    let snapshot = fixtures::snapshot();
    for (i, pane) in names.iter().enumerate() {
        let state = state_after(&snapshot, &open("risky", &[Action::Pane(i)]));
        assert_eq!((state.view, state.pane), (View::Detail, Pane::ALL[i]));
        assert_views(
            &format!("detail_risky_{pane}"),
            &open("risky", &[Action::Pane(i)]),
        );
    }
}

#[test]
fn remediation() {
    let snapshot = fixtures::snapshot();
    let state = state_after(&snapshot, &open("risky", &[Action::Open]));
    assert_eq!((state.view, state.finding), (View::Finding, 0));
    assert_views("finding_risky_first", &open("risky", &[Action::Open]));
    assert_views(
        "finding_risky_first_pagedown",
        &open("risky", &[Action::Open, Action::PageDown]),
    );
}

#[test]
fn badges_use_their_theme_colours() {
    let snapshot = fixtures::snapshot();
    let theme = load_theme("default");
    for size in SIZES {
        let backend = draw(&snapshot, &[], &theme, size);
        let buf = backend.buffer();
        for (name, word, style) in [
            ("fx-risky", "CRIT", theme.critical),
            ("fx-locked", "OK", theme.ok),
        ] {
            // Neither row is the selected one, whose highlight would repaint the background.
            let (x, y) = locate(buf, name, word);
            for dx in 0..word.len() as u16 {
                let cell = &buf[(x + dx, y)];
                assert_eq!(
                    (Some(cell.fg), Some(cell.bg)),
                    (style.fg, style.bg),
                    "{word} badge of {name} at {size:?}, column {}",
                    x + dx
                );
            }
        }
    }
}

#[test]
fn mono_theme_has_no_colour_but_badges_still_read() {
    let snapshot = fixtures::snapshot();
    let mono = load_theme("mono");
    for size in SIZES {
        for actions in &every_view("risky") {
            let backend = draw(&snapshot, actions, &mono, size);
            for (i, cell) in backend.buffer().content.iter().enumerate() {
                assert!(
                    cell.fg == Color::Reset && cell.bg == Color::Reset,
                    "coloured cell {i} {cell:?} at {size:?} after {actions:?}"
                );
            }
        }
        let backend = draw(&snapshot, &[], &mono, size);
        let rows = lines(backend.buffer());
        for w in &snapshot.workloads {
            let row = rows.iter().find(|l| l.contains(&w.workload.name)).unwrap();
            assert!(row.contains(w.risk.badge()), "{row:?}");
        }
        for word in ["CRIT", "HIGH", "MED", "LOW"] {
            assert!(rows[1].contains(word), "header totals: {:?}", rows[1]);
        }
    }
}

const ESC_CLEAR: &str = "\x1b[2J";
const OSC52: &str = "\x1b]52;c;ZXZpbA==\x07";
const RLO: &str = "\u{202e}";

/// The five fixtures plus a copy of fx-risky whose strings carry escape sequences, converted
/// from `docker inspect` JSON by the same code the Docker source uses.
fn hostile_snapshot() -> Snapshot {
    let mut json: serde_json::Value =
        serde_json::from_str(&fixtures::inspect_json("risky")).unwrap();
    json["Id"] = format!("{:0>64}", "bad").into();
    json["Name"] = format!("/fx-hostile{ESC_CLEAR}{RLO}gpj").into();
    let config = &mut json["Config"];
    config["Image"] = format!("evil{OSC52}:1").into();
    config["Labels"][format!("note{RLO}")] = format!("{OSC52}{ESC_CLEAR}").into();
    config["Env"]
        .as_array_mut()
        .unwrap()
        .push(format!("HOSTILE{ESC_CLEAR}{RLO}=x").into());
    let inspect: bollard::models::ContainerInspectResponse = serde_json::from_value(json).unwrap();
    let hostile = shipshape::sources::docker::convert::to_workload(&inspect, "default");
    let base = fixtures::snapshot();
    let mut workloads: Vec<_> = base.workloads.into_iter().map(|w| w.workload).collect();
    workloads.push(hostile);
    shipshape::rules::snapshot(fixtures::fixed_time(), base.sources, workloads, &[])
}

#[test]
fn hostile_strings_are_shown_escaped_and_never_reach_the_terminal() {
    let snapshot = hostile_snapshot();
    let theme = load_theme("default");
    for size in SIZES {
        for actions in &every_view("hostile") {
            let backend = draw(&snapshot, actions, &theme, size);
            for cell in &backend.buffer().content {
                let s = cell.symbol();
                assert!(
                    !s.chars().any(|c| c.is_control() || c == '\u{202e}'),
                    "raw {s:?} in a cell at {size:?} after {actions:?}:\n{backend}"
                );
            }
        }
        let text =
            |actions: &[Action]| lines(draw(&snapshot, actions, &theme, size).buffer()).join("\n");
        let dashboard = text(&[]);
        // The name column may be cut (with …) at 80 columns; the escape is visible either way.
        assert!(dashboard.contains(r"fx-hostile\x1b"), "{dashboard}");
        let detail = text(&open("hostile", &[]));
        assert!(detail.contains(r"fx-hostile\x1b[2J\u{202e}gpj"), "{detail}");
        assert!(detail.contains(r"evil\x1b]52;c;ZXZpbA==\x07:1"), "{detail}");
        let labels = text(&open("hostile", &[Action::Pane(4)]));
        assert!(
            labels.contains(r"note\u{202e}=\x1b]52;c;ZXZpbA==\x07\x1b[2J"),
            "{labels}"
        );
        assert!(labels.contains(r"HOSTILE\x1b[2J\u{202e}"), "{labels}");
    }
}

#[test]
fn help_lists_every_dashboard_binding() {
    let snapshot = fixtures::snapshot();
    let theme = load_theme("default");
    for size in SIZES {
        let with_help = lines(draw(&snapshot, &[Action::ToggleHelp], &theme, size).buffer());
        let without = lines(draw(&snapshot, &[], &theme, size).buffer());
        for b in keymap::for_view(View::Dashboard) {
            let entry = format!(" {:<9}{}", b.label, b.desc);
            assert!(
                with_help.iter().any(|l| l.contains(&entry)),
                "help at {size:?} lacks {entry:?}:\n{}",
                with_help.join("\n")
            );
            assert!(!without.iter().any(|l| l.contains(&entry)));
        }
    }
}

#[test]
fn export_popup() {
    assert_views("export_popup", &[Action::StartExport]);
}

#[test]
fn context_picker_popup() {
    use shipshape::model::SourceKind;
    use shipshape::ui::state::ContextChoice;
    let snapshot = fixtures::snapshot();
    let theme = load_theme("default");
    let choice = |kind, name: &str, detail: &str| ContextChoice {
        kind,
        name: name.to_owned(),
        detail: detail.to_owned(),
    };
    for (w, h) in SIZES {
        let mut state = UiState::default();
        shipshape::ui::update::open_picker(
            &mut state,
            vec![
                choice(SourceKind::Docker, "default", "unix:///var/run/docker.sock"),
                choice(SourceKind::Kubernetes, "lab", "https://127.0.0.1:6443"),
                choice(SourceKind::Kubernetes, "dev", "https://10.0.0.1:6443"),
            ],
            &[(SourceKind::Docker, "default".to_owned())],
        );
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        terminal
            .draw(|frame| shipshape::ui::render(frame, &snapshot, &mut state, &theme))
            .unwrap();
        insta::assert_snapshot!(format!("context_picker_{w}x{h}"), terminal.backend());
    }
}

/// The default theme as `LANG=C` or `--ascii` gets it.
fn ascii_theme() -> Theme {
    load_theme("default").with_ascii(true)
}

#[test]
fn ascii_mode_dashboard_and_finding() {
    let snapshot = fixtures::snapshot();
    let theme = ascii_theme();
    for (name, actions) in [
        ("ascii_dashboard", vec![]),
        ("ascii_finding_risky_first", open("risky", &[Action::Open])),
    ] {
        for size in SIZES {
            let backend = draw(&snapshot, &actions, &theme, size);
            insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), backend);
        }
    }
}

/// Every view, every popup, and container strings that are not ASCII: a C locale gets not one
/// byte above 0x7f, and the borders are `+-|`.
#[test]
fn ascii_mode_frames_have_no_non_ascii_byte() {
    let mut snapshot = hostile_snapshot();
    let locked = snapshot
        .workloads
        .iter_mut()
        .find(|w| w.workload.name == "fx-locked")
        .unwrap();
    locked.workload.name = "café-名前".to_owned();
    let theme = ascii_theme();
    let mut screens = every_view("risky");
    screens.extend([
        vec![Action::StartExport],
        vec![Action::ShowCluster],
        vec![Action::StartCommand, Action::PromptChar('n')],
        vec![Action::StartFilter, Action::FilterChar('r')],
        open(
            "risky",
            &[Action::StartAct(
                shipshape::model::action::ContainerAction::Pause,
            )],
        ),
    ]);
    for size in SIZES {
        for actions in &screens {
            let backend = draw(&snapshot, actions, &theme, size);
            let rows = lines(backend.buffer());
            for (y, row) in rows.iter().enumerate() {
                assert!(
                    row.is_ascii(),
                    "non-ASCII in row {y} at {size:?} after {actions:?}: {row:?}"
                );
            }
            let all = rows.join("\n");
            assert!(
                all.contains("+---"),
                "ASCII borders after {actions:?}:\n{all}"
            );
        }
        let dashboard = lines(draw(&snapshot, &[], &theme, size).buffer()).join("\n");
        assert!(
            dashboard.contains("caf?-"),
            "non-ASCII container text becomes `?`:\n{dashboard}"
        );
    }
}

#[test]
fn a_16_colour_terminal_gets_no_rgb_or_palette_colours() {
    use shipshape::ui::palette::ColorDepth;
    let snapshot = fixtures::snapshot();
    for (depth, allowed) in [
        (
            ColorDepth::Ansi16,
            (|c: Color| !matches!(c, Color::Rgb(..) | Color::Indexed(_))) as fn(Color) -> bool,
        ),
        (ColorDepth::Ansi256, |c: Color| !matches!(c, Color::Rgb(..))),
    ] {
        for name in theme::built_in_names() {
            let theme = load_theme(name).fit_to(depth);
            for actions in &every_view("risky") {
                let backend = draw(&snapshot, actions, &theme, (120, 36));
                for cell in &backend.buffer().content {
                    assert!(
                        allowed(cell.fg) && allowed(cell.bg),
                        "{name} at {depth:?}: {cell:?} after {actions:?}"
                    );
                }
            }
        }
    }
}

/// `y` where OSC 52 cannot go: the fix alone on its lines, from column 0, for the mouse.
#[test]
fn fix_shown_plain_when_it_cannot_be_copied() {
    use shipshape::ui::state::ShownSnippet;
    use shipshape::ui::update::Effect;
    let snapshot = fixtures::snapshot();
    let theme = load_theme("default");
    for (w, h) in SIZES {
        let mut state = state_after(&snapshot, &open("risky", &[Action::Open]));
        let Effect::Copy(snippet) = update(&mut state, &snapshot, Action::Copy) else {
            panic!("y in a finding copies its fix");
        };
        let text = snippet.text.clone();
        state.shown_snippet = Some(ShownSnippet {
            snippet,
            why: "TERM=linux cannot take OSC 52".to_owned(),
        });
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        terminal
            .draw(|frame| shipshape::ui::render(frame, &snapshot, &mut state, &theme))
            .unwrap();
        let rows = lines(terminal.backend().buffer());
        // Wide enough: each line of the fix alone on its row. Narrower: wrapped, nothing lost.
        let squeeze = |s: &str| s.split_whitespace().collect::<String>();
        let all = squeeze(&rows.concat());
        for line in text.lines() {
            let alone = rows.iter().any(|r| r.trim_end() == line);
            assert!(
                alone || (w < 100 && all.contains(&squeeze(line))),
                "{line:?} alone on a row:\n{}",
                rows.join("\n")
            );
        }
        insta::assert_snapshot!(format!("snippet_plain_{w}x{h}"), terminal.backend());
        update(&mut state, &snapshot, Action::Down);
        assert!(state.shown_snippet.is_none(), "any key closes it");
    }
}
