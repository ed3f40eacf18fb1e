//! Read-only by default, checked on the wire: every request shipshape sends to Docker (through
//! a recording proxy in front of the real socket) and to Kubernetes (the test API server's
//! request log) is a read, through `report`, `learn` and a dashboard session, until the
//! operator confirms a pause with `y`; then exactly that one write goes out.

// In these helpers a panic is the failure report we want.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::docker_proxy::{Log, start_proxy};
use common::engine::{self, Containers};
use common::kube_lab::KubeLab;
use common::tmux::{dashboard, shell_quote, tmux_available};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_shipshape");

fn writes(log: &Log) -> Vec<String> {
    log.lock()
        .unwrap()
        .iter()
        .filter(|l| !l.starts_with("GET ") && !l.starts_with("HEAD "))
        .cloned()
        .collect()
}

fn run(args: &[&str], env: &[(&str, &Path)]) {
    let mut cmd = Command::new(BIN);
    cmd.args(args).env_remove("KUBECONFIG");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run shipshape");
    assert!(
        out.status.code().is_some_and(|c| c == 0 || c == 3),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn only_reads_reach_the_engine_until_a_pause_is_confirmed() {
    let test = "only_reads_reach_the_engine_until_a_pause_is_confirmed";
    if !tmux_available(test) || !engine::available(test) {
        return;
    }
    let mut containers = Containers::new("ro");
    let name = containers.run("app", &[], &["sleep", "600"]);
    let runtime = tokio::runtime::Runtime::new().expect("tokio");
    let dir = tempfile::tempdir().expect("temp dir");
    let socket = dir.path().join("docker.sock");
    let log = start_proxy(&runtime, socket.clone(), Duration::ZERO);
    let host = format!("unix://{}", socket.display());
    let data = dir.path().join("data");
    let config = dir.path().join("no-config.toml");
    let env = [
        ("SHIPSHAPE_DATA", data.as_path()),
        ("SHIPSHAPE_CONFIG", config.as_path()),
    ];

    run(&["report", "--no-kube", "--docker-host", &host], &env);
    run(
        &[
            "learn",
            "--duration",
            "3s",
            "--no-kube",
            "--docker-host",
            &host,
        ],
        &env,
    );
    let args = format!("--no-kube --docker-host {}", shell_quote(&host));
    let tmux = dashboard("readonly", dir.path(), &args, 140, 40);
    let step = Duration::from_secs(15);
    tmux.wait_for("the dashboard", step, |s| {
        s.contains(&name) && s.contains("PROCS")
    });
    tmux.type_text("r");
    tmux.type_text("E");
    tmux.wait_for("the engine view", step, |s| s.contains("Engine and host"));
    tmux.key("Escape");
    std::thread::sleep(Duration::from_secs(6)); // a few process and stats rounds
    tmux.type_text("/");
    tmux.type_text(&name);
    tmux.key("Enter");
    tmux.type_text("p");
    tmux.wait_for("the question", step, |s| {
        s.contains(&format!("pause {name}?"))
    });
    tmux.type_text("n");
    tmux.wait_for("the cancel", step, |s| s.contains("pause cancelled"));
    let before = writes(&log);
    let requests = log.lock().unwrap().len();
    assert!(
        requests > 20,
        "the proxy saw the traffic ({requests} requests)"
    );
    assert!(
        before.is_empty(),
        "only reads before a confirmed action, got: {before:?}"
    );

    tmux.type_text("p");
    tmux.wait_for("the question again", step, |s| {
        s.contains(&format!("pause {name}?"))
    });
    tmux.type_text("y");
    tmux.wait_for("the outcome", step, |s| {
        s.contains(&format!("pause {name}: done"))
    });
    let after = writes(&log);
    assert_eq!(after.len(), 1, "exactly the confirmed write: {after:?}");
    assert!(
        after[0].starts_with("POST ") && after[0].contains("/pause"),
        "{after:?}"
    );
    tmux.type_text("q");
    let _ = Command::new("docker").args(["unpause", &name]).output();
}

#[test]
fn only_reads_reach_the_kubernetes_api() {
    let lab = KubeLab::start();
    let home = tempfile::tempdir().unwrap();
    let env = [("HOME", home.path())];
    for context in ["lab", "dev"] {
        let kubeconfig = lab.kubeconfig.path().to_str().unwrap().to_owned();
        run(
            &[
                "report",
                "--no-docker",
                "--kube-context",
                context,
                "--kubeconfig",
                &kubeconfig,
            ],
            &env,
        );
    }
    let requests: Vec<_> = lab
        .lab
        .requests()
        .into_iter()
        .chain(lab.dev.requests())
        .collect();
    assert!(requests.len() > 5, "the servers saw the traffic");
    let writes: Vec<_> = requests.iter().filter(|r| r.method != "GET").collect();
    assert!(writes.is_empty(), "only reads: {writes:?}");
}
