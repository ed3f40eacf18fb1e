//! Kubernetes views as insta snapshots on ratatui's TestBackend: the demo cluster, read by the
//! real kube source from the test API server, drawn as the dashboard, a pod container's panes,
//! one of its findings, and the cluster findings list, at 80x24 and 120x36.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::kube_lab::KubeLab;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use shipshape::model::Snapshot;
use shipshape::sources::kube::KubeSettings;
use shipshape::sources::kube::collect::collect_context;
use shipshape::sources::kube::kubeconfig;
use shipshape::ui::action::Action;
use shipshape::ui::state::UiState;
use shipshape::ui::theme::Theme;
use shipshape::ui::update::update;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 36)];

/// The lab context read once, with a fixed clock.
fn lab_snapshot() -> Snapshot {
    let lab = KubeLab::start();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let env = |_: &str| None;
        let source = kubeconfig::load(Some(lab.kubeconfig.path()), &env)
            .unwrap()
            .unwrap();
        let settings = KubeSettings {
            kubeconfig: None,
            context: Some("lab".into()),
            namespace: None,
        };
        let collected = collect_context(&source, &settings).await;
        let now: jiff::Timestamp = "2026-11-29T06:00:00Z".parse().unwrap();
        shipshape::rules::snapshot(
            now,
            vec![collected.info],
            collected.workloads,
            &collected.facts.into_iter().collect::<Vec<_>>(),
        )
    })
}

fn render(snapshot: &Snapshot, actions: &[Action], (w, h): (u16, u16)) -> TestBackend {
    let mut state = UiState::default();
    for action in actions {
        update(&mut state, snapshot, *action);
    }
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal
        .draw(|frame| shipshape::ui::render(frame, snapshot, &mut state, &Theme::fallback()))
        .unwrap();
    terminal.backend().clone()
}

fn open_pod(pod: &str, then: &[Action]) -> Vec<Action> {
    let mut actions = vec![Action::StartFilter];
    actions.extend(pod.chars().map(Action::FilterChar));
    actions.extend([Action::FilterDone, Action::Open]);
    actions.extend_from_slice(then);
    actions
}

#[test]
fn kubernetes_views() {
    let snapshot = lab_snapshot();
    {
        let views: [(&str, Vec<Action>); 5] = [
            ("kube_dashboard", vec![]),
            ("kube_pod_findings", open_pod("node-exporter-8xk2p", &[])),
            (
                "kube_pod_resources",
                open_pod("node-exporter-8xk2p", &[Action::Pane(3)]),
            ),
            (
                "kube_pod_finding",
                open_pod("docker-builder", &[Action::Open]),
            ),
            ("kube_cluster_findings", vec![Action::ShowCluster]),
        ];
        for (name, actions) in views {
            for size in SIZES {
                let backend = render(&snapshot, &actions, size);
                insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), backend);
            }
        }
    }
}
