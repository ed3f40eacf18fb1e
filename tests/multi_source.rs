//! Many sources at once: the local Docker engine and two kube contexts (one production-named)
//! in one report and in one dashboard table, with a source column; `:ctx -NAME` and
//! `:ctx +NAME` take a context out and put it back without a restart.
//!
//! Real servers throughout: the engine, and the test Kubernetes API servers of the kube lab
//! reached through a real kubeconfig. Skips without the engine or tmux, except with CI=true.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::engine::{self, Containers};
use common::kube_lab::{ADMIN_TOKEN, KubeLab};
use common::kube_server::{ContextSpec, KubeconfigBuilder, KubeconfigFile};
use common::tmux::{self, shell_quote, tmux_available};
use serde_json::Value;
use std::collections::BTreeSet;
use std::time::Duration;

/// `lab` (the demo cluster) and `prod-eu` (the dev server, under a production name).
fn kubeconfig(lab: &KubeLab) -> KubeconfigFile {
    KubeconfigBuilder::new()
        .context(ContextSpec::new("lab", &lab.lab).token(ADMIN_TOKEN))
        .context(ContextSpec::new("prod-eu", &lab.dev))
        .current("lab")
        .write()
}

#[test]
fn one_report_holds_the_engine_and_both_contexts() {
    let test = "one_report_holds_the_engine_and_both_contexts";
    if !engine::available(test) {
        return;
    }
    let mut containers = Containers::new("multi");
    let name = containers.run("web", &["--cap-add", "NET_ADMIN"], &["sleep", "600"]);
    let lab = KubeLab::start();
    let config = kubeconfig(&lab);
    let home = tempfile::tempdir().unwrap();
    let out = common::cli::shipshape(
        &[
            "report",
            "--format",
            "json",
            "--no-host",
            "--kube-context",
            "lab,prod-eu",
            "--kubeconfig",
            config.path().to_str().unwrap(),
        ],
        home.path(),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "stderr: {stderr}");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let sources: Vec<(String, String, String)> = report["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["kind"].as_str().unwrap().to_owned(),
                s["context"].as_str().unwrap().to_owned(),
                s["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        sources,
        [
            ("docker", "default", "ok"),
            ("kubernetes", "lab", "ok"),
            ("kubernetes", "prod-eu", "ok"),
        ]
        .map(|(k, c, s)| (k.to_owned(), c.to_owned(), s.to_owned())),
        "stderr: {stderr}"
    );
    let from: BTreeSet<(String, String)> = report["workloads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (
                w["source"]["context"].as_str().unwrap().to_owned(),
                w["name"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert!(from.contains(&("default".into(), name.clone())), "{from:?}");
    assert!(
        from.iter().any(|(c, _)| c == "prod-eu"),
        "the prod-eu context's pods: {from:?}"
    );
    assert!(
        from.iter().any(|(c, _)| c == "lab"),
        "the lab context's pods: {from:?}"
    );
    // Cluster findings from both clusters.
    let clusters: BTreeSet<&str> = report["findings"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|f| f["source"]["context"].as_str())
                .collect()
        })
        .unwrap_or_default();
    assert!(clusters.contains("lab"), "{clusters:?}");
}

#[test]
fn dashboard_shows_every_source_in_one_table_and_marks_production() {
    let test = "dashboard_shows_every_source_in_one_table_and_marks_production";
    if !tmux_available(test) || !engine::available(test) {
        return;
    }
    let mut containers = Containers::new("multitui");
    let name = containers.run("web", &[], &["sleep", "600"]);
    let lab = KubeLab::start();
    let config = kubeconfig(&lab);
    let dir = tempfile::tempdir().unwrap();
    let args = format!(
        "--no-host --kube-context lab,prod-eu --kubeconfig {}",
        shell_quote(config.path().to_str().unwrap())
    );
    let t = tmux::dashboard("multi", dir.path(), &args, 200, 50);
    let screen = t.wait_for(
        "the engine's container and both contexts' pods",
        Duration::from_secs(20),
        |s| s.contains(&name) && s.contains("kube:prod-eu") && s.contains("kube:lab"),
    );
    assert!(screen.contains("SOURCE"), "a source column:\n{screen}");
    assert!(screen.contains("docker:default"), "{screen}");
    let header = screen.lines().next().unwrap_or_default();
    assert!(
        header.contains("docker default")
            && header.contains("kubernetes lab")
            && header.contains("PROD")
            && header.contains("kubernetes prod-eu"),
        "one status per source, production marked: {header}"
    );
    assert!(
        header.find("PROD") < header.find("kubernetes prod-eu"),
        "the PROD mark belongs to prod-eu: {header}"
    );

    t.key(":");
    t.type_text("ctx -prod-eu");
    t.key("Enter");
    let screen = t.wait_for("prod-eu gone", Duration::from_secs(10), |s| {
        !s.contains("kube:prod-eu") && !s.contains("PROD") && s.contains("kube:lab")
    });
    assert!(screen.contains(&name), "{screen}");
    // Gone for good: a new pod in prod-eu's cluster reaches no watch any more.
    let mut extra = common::kube_lab::dev_objects()
        .into_iter()
        .find(|o| o["kind"] == "Pod")
        .unwrap();
    extra["metadata"]["name"] = "after-removal".into();
    lab.dev.apply(extra);
    std::thread::sleep(Duration::from_secs(3));
    let screen = t.screen();
    assert!(
        !screen.contains("kube:prod-eu") && !screen.contains("after-removal"),
        "a removed context is still read:\n{screen}"
    );

    t.key(":");
    t.type_text("ctx +prod-eu");
    t.key("Enter");
    t.wait_for("prod-eu back", Duration::from_secs(15), |s| {
        s.contains("kube:prod-eu") && s.lines().next().is_some_and(|h| h.contains("PROD"))
    });
    t.key("q");
}

/// Engines given by address, several at once: each is known by its address (never
/// `default` twice), and each reads its own containers. Here both addresses reach the same
/// engine (Debian's /var/run is /run), so each lists the test container.
#[test]
fn several_docker_hosts_each_get_a_name_of_their_own() {
    let test = "several_docker_hosts_each_get_a_name_of_their_own";
    if !engine::available(test) {
        return;
    }
    if !std::path::Path::new("/run/docker.sock").exists() {
        assert!(!engine::in_ci(), "{test}: /run/docker.sock is missing");
        engine::skip_notice(test, "no /run/docker.sock beside /var/run/docker.sock");
        return;
    }
    let mut containers = Containers::new("hosts");
    let name = containers.run("web", &[], &["sleep", "600"]);
    let home = tempfile::tempdir().unwrap();
    let out = common::cli::shipshape(
        &[
            "report",
            "--format",
            "json",
            "--no-host",
            "--no-kube",
            "--docker-host",
            "unix:///var/run/docker.sock,unix:///run/docker.sock",
        ],
        home.path(),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "stderr: {stderr}");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let contexts: Vec<&str> = report["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["context"].as_str().unwrap())
        .collect();
    assert_eq!(contexts, ["/var/run/docker.sock", "/run/docker.sock"]);
    for context in contexts {
        assert!(
            report["workloads"]
                .as_array()
                .unwrap()
                .iter()
                .any(|w| w["source"]["context"] == context && w["name"] == name.as_str()),
            "{context} lists {name}"
        );
    }
}

fn status(container: &str) -> String {
    engine::docker(&["inspect", "-f", "{{.State.Status}}", container])
        .trim()
        .to_owned()
}

/// A Docker context added from the command line (`:ctx +docker:NAME`) joins the table; being
/// production-named, pausing one of its containers takes its name typed, not `y`, and that
/// really pauses the container; in the other context `y` still answers.
#[test]
fn added_production_engine_needs_its_name_typed_to_pause() {
    let test = "added_production_engine_needs_its_name_typed_to_pause";
    if !tmux_available(test) || !engine::available(test) {
        return;
    }
    let mut containers = Containers::new("prodpause");
    let name = containers.run("web", &[], &["sleep", "600"]);
    let dir = tempfile::tempdir().unwrap();
    let docker_config = dir.path().join("docker");
    let made = std::process::Command::new("docker")
        .args(["context", "create", "prod-local", "--docker"])
        .arg("host=unix:///var/run/docker.sock")
        .env("DOCKER_CONFIG", &docker_config)
        .output()
        .unwrap();
    assert!(made.status.success(), "{made:?}");
    let path = |p: &std::path::Path| shell_quote(p.to_str().unwrap());
    let script = format!(
        "DOCKER_CONFIG={docker} SHIPSHAPE_CONFIG={config} SHIPSHAPE_DATA={data} {bin} \
         --no-kube --no-host; exec sleep 600",
        docker = path(&docker_config),
        config = path(&dir.path().join("no-config.toml")),
        data = path(&dir.path().join("data")),
        bin = shell_quote(env!("CARGO_BIN_EXE_shipshape")),
    );
    let t = tmux::Tmux::start("prodpause", &script, 160, 40);
    let step = Duration::from_secs(15);
    t.wait_for("the container", step, |s| s.contains(&name));
    t.key(":");
    t.type_text("ctx +docker:prod-local");
    t.key("Enter");
    t.wait_for("the production engine", step, |s| {
        s.contains("docker:prod-local") && s.contains("PROD")
    });
    t.type_text(&format!("/{name}"));
    t.key("Enter");
    // Two rows, one per context; the production one is last (same risk, then by source).
    t.key("G");
    t.type_text("p");
    t.wait_for("the production question", step, |s| {
        s.contains("Type the context name (prod-local)")
    });
    t.type_text("y");
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(status(&name), "running");
    // `y` was only typed into the answer: take it back, then type the name.
    t.key("BSpace");
    t.type_text("prod-local");
    t.key("Enter");
    t.wait_for("paused", step, |s| {
        s.contains("pause") && s.contains("done")
    });
    assert_eq!(status(&name), "paused");
    // The default context's row (once its own source has seen the pause): `y` answers there.
    t.wait_for("both rows paused", step, |s| {
        s.matches(" paused ").count() >= 2
    });
    t.key("g");
    t.type_text("p");
    t.wait_for("the plain question", step, |s| s.contains("unpause"));
    t.type_text("y");
    t.wait_for("unpaused", step, |s| {
        s.contains("unpause") && s.contains("done")
    });
    assert_eq!(status(&name), "running");
    t.key("q");
}

/// For CI: a context named on the command line that cannot be read fails `report` (exit 2)
/// even when the others were read, and the report still holds them.
#[test]
fn a_named_context_that_fails_fails_the_report() {
    let lab = KubeLab::start();
    let home = tempfile::tempdir().unwrap();
    let out = common::cli::shipshape(
        &[
            "report",
            "--format",
            "json",
            "--no-docker",
            "--no-host",
            "--kube-context",
            "lab,dead",
            "--kubeconfig",
            lab.kubeconfig.path().to_str().unwrap(),
        ],
        home.path(),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "stderr: {stderr}");
    assert!(stderr.contains("named on the command line"), "{stderr}");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let status: Vec<(&str, &str)> = report["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["context"].as_str().unwrap(),
                s["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(status, [("lab", "ok"), ("dead", "error")]);
}
