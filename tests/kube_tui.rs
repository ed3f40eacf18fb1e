//! The TUI against real Kubernetes API servers: the real kube source and kube client, the
//! app's own key handling, drawn on ratatui's TestBackend. An operator switches contexts with
//! `:ctx`, away from a server that never answers and straight back, and narrows to a
//! namespace with `:ns`, without restarting.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::kube_lab::KubeLab;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use shipshape::app::live::LiveModel;
use shipshape::app::sources::SourceSet;
use shipshape::app::{App, AppEnv};
use shipshape::commands::report::Enabled;
use shipshape::model::{Snapshot, SourceKind, SourceStatus};
use shipshape::sources::SourceEvent;
use shipshape::sources::kube::KubeSettings;
use shipshape::ui::action::Action;
use shipshape::ui::theme::Theme;
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

struct Session {
    app: App,
    sources: SourceSet,
    events: mpsc::Receiver<SourceEvent>,
}

impl Session {
    fn start(lab: &KubeLab, context: &str) -> Self {
        let (tx, events) = mpsc::channel(256);
        let enabled = Enabled {
            docker: Vec::new(),
            kube: vec![KubeSettings {
                kubeconfig: Some(lab.kubeconfig.path().to_path_buf()),
                context: Some(context.to_owned()),
                namespace: None,
            }],
            host: None,
            named: Default::default(),
        };
        let (sources, initial) = SourceSet::start(enabled, &tx);
        let dir = tempfile::tempdir().unwrap().keep();
        let env = AppEnv {
            reports_dir: dir.join("reports"),
            waivers_file: dir.join("waivers.toml"),
            profiles_dir: dir.join("profiles"),
            actions_log: dir.join("actions.log"),
            learning_window: shipshape::learning::DEFAULT_WINDOW,
        };
        let app = App::new(LiveModel::new(jiff::Timestamp::now(), initial), env);
        Self {
            app,
            sources,
            events,
        }
    }

    /// Applies source events until `ready` holds; panics with what the screen shows after
    /// `timeout`.
    async fn until(
        &mut self,
        what: &str,
        timeout: Duration,
        ready: impl Fn(&Snapshot) -> bool,
    ) -> Duration {
        let start = Instant::now();
        while !ready(self.app.model.snapshot()) {
            let left = timeout.saturating_sub(start.elapsed());
            assert!(
                !left.is_zero(),
                "no {what} within {timeout:?}; the screen shows:\n{}",
                self.screen(120, 36)
            );
            if let Ok(Some(event)) = tokio::time::timeout(left, self.events.recv()).await {
                self.app.on_source(event);
            }
        }
        start.elapsed()
    }

    /// Types `:line` and Enter, as the keys would.
    fn command(&mut self, line: &str) {
        self.action(Action::StartCommand);
        for c in line.chars() {
            self.action(Action::PromptChar(c));
        }
        self.action(Action::PromptDone);
    }

    fn action(&mut self, action: Action) {
        assert!(
            self.app.on_action(action, &mut self.sources),
            "{action:?} quit the app"
        );
    }

    fn screen(&mut self, width: u16, height: u16) -> String {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal
            .draw(|f| self.app.draw(f, &Theme::fallback()))
            .unwrap();
        let buffer = terminal.backend().buffer().clone();
        (0..buffer.area.height)
            .map(|y| {
                (0..buffer.area.width)
                    .map(|x| buffer[(x, y)].symbol().to_owned())
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

fn kube_ok(snapshot: &Snapshot, context: &str) -> bool {
    snapshot.sources.iter().any(|s| {
        s.kind == SourceKind::Kubernetes && s.context == context && s.status == SourceStatus::Ok
    })
}

fn has_pod(snapshot: &Snapshot, pod: &str) -> bool {
    snapshot
        .workloads
        .iter()
        .any(|w| w.workload.pod.as_deref() == Some(pod))
}

#[test]
fn operator_switches_contexts_and_namespaces_without_restarting() {
    let lab = KubeLab::start();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let mut s = Session::start(&lab, "lab");
        s.until(
            "the lab cluster's pods with usage",
            Duration::from_secs(15),
            |snap| {
                kube_ok(snap, "lab")
                    && has_pod(snap, "node-exporter-8xk2p")
                    && !snap.findings.is_empty()
                    && snap
                        .workloads
                        .iter()
                        .any(|w| w.workload.resources.cpu_usage_cores.is_some())
            },
        )
        .await;
        let screen = s.screen(120, 36);
        assert!(
            screen.contains("kubernetes lab ✓ ok v1.29.4 all namespaces"),
            "{screen}"
        );
        let builder = screen
            .lines()
            .find(|l| l.contains("docker-builder/build"))
            .unwrap_or_default();
        assert!(
            builder.contains(" ci ") && builder.contains("CRIT"),
            "rows show namespace and pod:\n{screen}"
        );
        let report_archive = screen
            .lines()
            .find(|l| l.contains("report-archive"))
            .unwrap_or_default();
        assert!(report_archive.contains("waiting"), "{screen}");
        assert!(screen.contains("cluster findings"), "{screen}");

        // The picker lists every kube context, the active one marked.
        s.command("ctx");
        let picker = s
            .app
            .state
            .picker
            .clone()
            .expect("the context picker is open");
        let names: Vec<&str> = picker.choices.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names,
            vec!["lab", "dev", "restricted", "skipverify", "dead"]
        );
        assert_eq!(picker.selected, 0);
        assert!(
            s.screen(120, 36).contains("● kubernetes"),
            "active context marked"
        );
        s.action(Action::Back);

        s.command("ctx dev");
        let took = s
            .until("the dev cluster", Duration::from_secs(15), |snap| {
                kube_ok(snap, "dev")
                    && has_pod(snap, "dev-api")
                    && !has_pod(snap, "node-exporter-8xk2p")
            })
            .await;
        eprintln!("switched to dev in {took:?}");
        assert!(
            s.app
                .model
                .snapshot()
                .sources
                .iter()
                .all(|src| src.context != "lab"),
            "lab is gone"
        );

        // Into a server that never answers, and straight back before it times out.
        s.command("ctx dead");
        s.until(
            "the dead context connecting",
            Duration::from_secs(5),
            |snap| {
                snap.sources
                    .iter()
                    .any(|src| src.context == "dead" && src.status == SourceStatus::Connecting)
            },
        )
        .await;
        assert!(
            s.screen(80, 24).contains("connecting"),
            "keys still work while it loads"
        );
        s.command("ctx lab");
        let back = s
            .until("lab again", Duration::from_secs(4), |snap| {
                kube_ok(snap, "lab")
                    && has_pod(snap, "docker-builder")
                    && snap.sources.iter().all(|src| src.context != "dead")
            })
            .await;
        assert!(
            back < Duration::from_secs(4),
            "switching away from a hanging context does not wait for it"
        );

        s.command("ns shop");
        s.until("only the shop namespace", Duration::from_secs(15), |snap| {
            kube_ok(snap, "lab")
                && snap
                    .sources
                    .iter()
                    .any(|src| src.namespace.as_deref() == Some("shop"))
                && !snap.workloads.is_empty()
                && snap
                    .workloads
                    .iter()
                    .all(|w| w.workload.namespace.as_deref() == Some("shop"))
        })
        .await;
        assert!(s.screen(120, 36).contains("ns shop"));
        s.command("ns all");
        s.until("every namespace again", Duration::from_secs(15), |snap| {
            has_pod(snap, "debug-shell")
        })
        .await;

        // Cluster findings, then one of them.
        s.action(Action::ShowCluster);
        let cluster = s.screen(120, 36);
        assert!(
            cluster.contains("cluster-admin-binding") && cluster.contains("no-network-policy"),
            "{cluster}"
        );
        s.action(Action::Open);
        let finding = s.screen(120, 36);
        assert!(
            finding.contains("How to fix") && finding.contains("About"),
            "{finding}"
        );
        s.action(Action::Back);
        s.action(Action::Back);

        s.command("ctx restricted");
        s.until(
            "the restricted user's view",
            Duration::from_secs(15),
            |snap| kube_ok(snap, "restricted") && !snap.workloads.is_empty(),
        )
        .await;
        let restricted = s.screen(120, 36);
        assert!(
            restricted.contains("forbidden"),
            "the status says what was forbidden:\n{restricted}"
        );

        s.command("ctx nowhere");
        assert!(
            s.app
                .state
                .message
                .as_deref()
                .is_some_and(|m| m.contains("`nowhere`"))
        );
        s.sources.shutdown();
    });
}

#[test]
fn a_pod_containers_detail_shows_pod_facts_and_pss_levels() {
    let lab = KubeLab::start();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let mut s = Session::start(&lab, "lab");
        s.until("the lab cluster", Duration::from_secs(15), |snap| {
            has_pod(snap, "node-exporter-8xk2p")
        })
        .await;
        s.action(Action::StartFilter);
        for c in "node-exporter-8xk2p".chars() {
            s.action(Action::FilterChar(c));
        }
        s.action(Action::FilterDone);
        s.action(Action::Open);
        let detail = s.screen(120, 36);
        assert!(detail.contains("owner DaemonSet/node-exporter"), "{detail}");
        assert!(
            detail.contains("host-network") && detail.contains("sensitive-mount"),
            "{detail}"
        );
        s.action(Action::Pane(1));
        let mounts = s.screen(120, 36);
        assert!(
            mounts
                .lines()
                .any(|l| l.contains("/host") && l.contains("sensitive")),
            "{mounts}"
        );
        s.action(Action::Pane(0));
        s.action(Action::Open);
        let finding = s.screen(120, 36);
        assert!(
            finding.contains("Pod Security Standards, baseline level"),
            "{finding}"
        );
        assert!(finding.contains("Pod spec:"), "{finding}");
        s.sources.shutdown();
    });
}
