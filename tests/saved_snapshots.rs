//! Saved snapshots: `view` and `--demo` in the TUI (TestBackend), `diff` and `--fail-on`, the
//! export and waiver keys, and files that are not what they claim.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::cli::shipshape;
use common::fixtures;
use common::kube_lab::KubeLab;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use shipshape::app::live::LiveModel;
use shipshape::app::sources::SourceSet;
use shipshape::app::{App, AppEnv};
use shipshape::model::{SourceKind, SourceRef};
use shipshape::sources::SourceEvent;
use shipshape::ui::action::Action;
use shipshape::ui::theme::Theme;
use std::path::Path;

fn screen(app: &mut App, width: u16, height: u16) -> TestBackend {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| app.draw(f, &Theme::fallback())).unwrap();
    terminal.backend().clone()
}

fn text(backend: &TestBackend) -> String {
    let buf = backend.buffer();
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol().to_owned())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn env_in(dir: &Path) -> AppEnv {
    AppEnv {
        reports_dir: dir.join("reports"),
        waivers_file: dir.join("waivers.toml"),
        profiles_dir: dir.join("profiles"),
        actions_log: dir.join("actions.log"),
        learning_window: shipshape::learning::DEFAULT_WINDOW,
    }
}

#[test]
fn demo_opens_read_only_with_every_view_working() {
    let dir = tempfile::tempdir().unwrap();
    let snapshot = shipshape::commands::dashboard::demo_snapshot().unwrap();
    assert!(
        snapshot
            .sources
            .iter()
            .any(|s| s.kind == SourceKind::Docker)
    );
    assert!(
        snapshot
            .sources
            .iter()
            .any(|s| s.kind == SourceKind::Kubernetes)
    );
    let mut app = App::read_only(
        LiveModel::frozen(snapshot),
        env_in(dir.path()),
        "read-only: built-in demo".into(),
    );
    let mut sources = SourceSet::none();
    insta::assert_snapshot!("demo_dashboard_120x36", screen(&mut app, 120, 36));
    // Source events cannot change a saved snapshot.
    let before = app.model.snapshot().clone();
    app.on_source(SourceEvent::Removed(SourceRef {
        kind: SourceKind::Docker,
        context: "default".into(),
    }));
    assert_eq!(app.model.snapshot(), &before);
    assert!(app.on_action(Action::Refresh, &mut sources));
    assert!(
        app.state
            .message
            .as_deref()
            .unwrap()
            .contains("saved snapshot")
    );
    app.on_action(Action::Open, &mut sources);
    app.on_action(Action::Open, &mut sources);
    let finding = text(&screen(&mut app, 120, 36));
    assert!(finding.contains("How to fix"), "{finding}");
    app.on_action(Action::StartWaive, &mut sources);
    assert!(app.state.message.as_deref().unwrap().contains("read-only"));
    assert!(app.state.prompt.is_none());
    for _ in 0..2 {
        app.on_action(Action::Back, &mut sources);
    }
    app.on_action(Action::ShowCluster, &mut sources);
    assert!(text(&screen(&mut app, 120, 36)).contains("cluster-admin-binding"));
}

#[test]
fn view_opens_a_saved_file_and_rejects_what_is_not_one() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.json");
    std::fs::write(
        &good,
        shipshape::report::json::render(&fixtures::snapshot()).unwrap(),
    )
    .unwrap();
    let (snapshot, label) = shipshape::commands::dashboard::saved(&good).unwrap();
    assert_eq!(snapshot.workloads.len(), 5);
    assert!(
        label.contains("good.json") && label.contains("2026-11-29 04:10 UTC"),
        "{label}"
    );
    let mut app = App::read_only(
        LiveModel::frozen(snapshot),
        env_in(dir.path()),
        format!("read-only: {label}"),
    );
    let shown = text(&screen(&mut app, 120, 36));
    assert!(
        shown.contains("read-only: ") && shown.contains("fx-risky"),
        "{shown}"
    );

    let full = std::fs::read_to_string(&good).unwrap();
    let cases = [
        (
            "truncated.json",
            full[..full.len() / 2].to_owned(),
            "not JSON",
        ),
        (
            "garbage.json",
            "\u{0}\u{7f}ELF garbage".to_owned(),
            "not JSON",
        ),
        (
            "other.json",
            "{\"kind\":\"List\"}".to_owned(),
            "not a shipshape report",
        ),
        (
            "newer.json",
            full.replace("shipshape.report/v1", "shipshape.report/v9"),
            "shipshape.report/v9",
        ),
        (
            "wrong.json",
            "{\"schema\":\"shipshape.report/v1\",\"workloads\":{}}".to_owned(),
            "does not match",
        ),
    ];
    for (name, content, says) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, content).unwrap();
        let out = shipshape(&["view", path.to_str().unwrap()], dir.path());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{name}: {stderr}");
        assert!(
            stderr.contains(name) && stderr.contains(says),
            "{name}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
    }
}

#[test]
fn diff_lists_what_changed_and_fails_on_new_findings_only() {
    let dir = tempfile::tempdir().unwrap();
    let base = fixtures::snapshot();
    let mut fewer = base.clone();
    fewer.workloads.retain(|w| w.workload.name != "fx-risky");
    let old = dir.path().join("old.json");
    let new = dir.path().join("new.json");
    std::fs::write(&old, shipshape::report::json::render(&fewer).unwrap()).unwrap();
    std::fs::write(&new, shipshape::report::json::render(&base).unwrap()).unwrap();
    let (o, n) = (old.to_str().unwrap(), new.to_str().unwrap());

    let out = shipshape(&["diff", o, n], dir.path());
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let risky = base
        .workloads
        .iter()
        .find(|w| w.workload.name == "fx-risky")
        .unwrap();
    assert!(
        stdout.contains(&format!("New findings ({})", risky.findings.len())),
        "{stdout}"
    );
    assert!(
        stdout.contains("Resolved findings (0)") && stdout.contains("New workloads (1)"),
        "{stdout}"
    );

    let out = shipshape(
        &["diff", o, n, "--format", "json", "--fail-on", "high"],
        dir.path(),
    );
    assert_eq!(
        out.status.code(),
        Some(3),
        "a new critical finding fails --fail-on high"
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["schema"], "shipshape.diff/v1");
    assert!(
        json["new_findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["workload"]["name"] == "fx-risky")
    );

    let out = shipshape(&["diff", n, o, "--fail-on", "low"], dir.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "only resolved findings: nothing new to fail on"
    );
    let out = shipshape(&["diff", o, n, "--format", "markdown"], dir.path());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("# shipshape diff"));
    let out = shipshape(&["diff", o, "/nonexistent.json"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent.json"));
}

#[test]
fn report_fail_on_and_waivers() {
    let lab = KubeLab::start();
    let home = tempfile::tempdir().unwrap();
    let kubeconfig = lab.kubeconfig.path().to_str().unwrap().to_owned();
    let base = [
        "report",
        "--no-docker",
        "--kubeconfig",
        kubeconfig.as_str(),
        "--kube-context",
        "dev",
    ];
    let out = shipshape(&[&base[..], &["--fail-on", "high"]].concat(), home.path());
    assert_eq!(
        out.status.code(),
        Some(3),
        "dev has a high finding (plain HTTP kubeconfig): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("--fail-on"));

    let waivers = home.path().join("waivers.toml");
    std::fs::write(
        &waivers,
        "[[waiver]]\nrule = \"kubeconfig-insecure\"\ncontext = \"dev\"\nreason = \"local kind cluster, loopback only\"\nexpires = 2099-12-31\n\n\
         [[waiver]]\nrule = \"privileged\"\nreason = \"was needed once\"\nexpires = 2020-01-01\n",
    )
    .unwrap();
    let args = [
        &base[..],
        &["--fail-on", "high", "--waivers", waivers.to_str().unwrap()],
    ]
    .concat();
    let out = shipshape(&args, home.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "the high finding is waived: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let waived = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "kubeconfig-insecure")
        .unwrap();
    assert_eq!(waived["waived"], true);
    assert_eq!(
        waived["waiver"]["reason"],
        "local kind cluster, loopback only"
    );
    assert_eq!(json["summary"]["waived"], 1);
    let states = json["waivers"].as_array().unwrap();
    assert_eq!(
        (states[0]["status"].as_str(), states[0]["matched"].as_u64()),
        (Some("active"), Some(1))
    );
    assert_eq!(states[1]["status"], "expired");
    assert!(String::from_utf8_lossy(&out.stderr).contains("expired on 2020-01-01"));

    std::fs::write(&waivers, "[[waiver]]\nrule = \"x\"\nreasn = \"typo\"\n").unwrap();
    let out = shipshape(&args, home.path());
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("waivers.toml") && stderr.contains("line 3"),
        "{stderr}"
    );
}

#[test]
fn waive_and_export_from_the_live_dashboard() {
    let dir = tempfile::tempdir().unwrap();
    let env = env_in(dir.path());
    let mut sources = SourceSet::none();
    let fixture = fixtures::snapshot();
    let mut app = App::new(
        LiveModel::new(fixtures::fixed_time(), fixture.sources.clone()),
        env.clone(),
    );
    app.on_source(SourceEvent::Inventory {
        source: SourceRef {
            kind: SourceKind::Docker,
            context: "default".into(),
        },
        workloads: fixture
            .workloads
            .iter()
            .map(|w| std::sync::Arc::new(w.workload.clone()))
            .collect(),
    });
    let critical_before = app.model.snapshot().summary.critical;
    // Open fx-risky, its first finding, and waive it.
    for action in [Action::StartFilter]
        .into_iter()
        .chain("fx-risky".chars().map(Action::FilterChar))
        .chain([
            Action::FilterDone,
            Action::Open,
            Action::Open,
            Action::StartWaive,
        ])
        .chain(
            "accepted for the demo; TICKET-42"
                .chars()
                .map(Action::PromptChar),
        )
        .chain([Action::PromptDone])
    {
        assert!(app.on_action(action, &mut sources));
    }
    let message = app.state.message.clone().unwrap();
    assert!(
        message.starts_with("waived cap-add on fx-risky until "),
        "{message}"
    );
    let written = std::fs::read_to_string(&env.waivers_file).unwrap();
    assert!(
        written.contains("rule = \"cap-add\"")
            && written.contains("TICKET-42")
            && written.contains("expires = "),
        "{written}"
    );
    let snap = app.model.snapshot();
    assert_eq!(snap.summary.waived, 1);
    assert_eq!(snap.summary.critical, critical_before - 1);
    assert!(text(&screen(&mut app, 120, 36)).contains("Waived"));

    // `e`, HTML is preselected, Enter writes it.
    app.on_action(Action::StartExport, &mut sources);
    app.on_action(Action::Open, &mut sources);
    let message = app.state.message.clone().unwrap();
    let path = message
        .strip_prefix("wrote ")
        .unwrap()
        .split(" (")
        .next()
        .unwrap()
        .to_owned();
    assert!(path.ends_with(".html"), "{message}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(html.contains("accepted for the demo") && html.contains("is-waived"));
    // A second export never replaces the first.
    app.on_action(Action::StartExport, &mut sources);
    app.on_action(Action::Up, &mut sources);
    app.on_action(Action::Up, &mut sources);
    app.on_action(Action::Open, &mut sources);
    let second = app.state.message.clone().unwrap();
    assert!(
        second.contains(".json") && !second.contains(&path),
        "{second}"
    );
}

/// `y` works on a saved snapshot too (it reads nothing), and where OSC 52 is off the fix is
/// shown plain, until any key.
#[test]
fn y_in_a_saved_snapshot_shows_the_fix_where_osc52_is_off() {
    let dir = tempfile::tempdir().unwrap();
    let snapshot = shipshape::commands::dashboard::demo_snapshot().unwrap();
    let mut app = App::read_only(
        LiveModel::frozen(snapshot),
        env_in(dir.path()),
        "read-only: built-in demo".into(),
    );
    app.clipboard = shipshape::app::clipboard::Clipboard::Off("OSC 52 is switched off".into());
    let mut sources = SourceSet::none();
    app.on_action(Action::Open, &mut sources);
    app.on_action(Action::Open, &mut sources);
    assert!(app.on_action(Action::Copy, &mut sources));
    let shown = app
        .state
        .shown_snippet
        .clone()
        .expect("the fix shown plain");
    assert_eq!(shown.why, "OSC 52 is switched off");
    let shown_plain = text(&screen(&mut app, 120, 36));
    assert!(
        shown_plain.contains("not copied (OSC 52 is switched off)"),
        "{shown_plain}"
    );
    let first = shown.snippet.text.lines().next().unwrap();
    assert!(
        shown_plain.lines().any(|l| l.trim_end() == first),
        "{shown_plain}"
    );
    app.on_action(Action::Down, &mut sources);
    assert!(app.state.shown_snippet.is_none());
    assert!(text(&screen(&mut app, 120, 36)).contains("How to fix"));
}
