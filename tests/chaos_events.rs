//! Chaos: the engine changes under the operator. A container removed while its detail view is
//! open, and a burst of creates and removals (a deploy, a cleanup script) while the dashboard
//! runs: the view says what happened, the counts follow, keys keep being answered. And an
//! engine that answers slowly (a proxy holds every request back).

// In these helpers a panic is the failure report we want.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::docker_proxy::start_proxy;
use common::engine::{self, Containers, TEST_IMAGE};
use common::tmux::{Tmux, dashboard, shell_quote, tmux_available};
use std::path::Path;
use std::time::{Duration, Instant};

/// These tests load the machine on purpose (a storm of events, a slow proxy): one at a time,
/// so one's load does not become another's latency.
static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    SERIAL
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
const BURST: usize = 60;

fn start(tag: &str, dir: &Path) -> Tmux {
    dashboard(tag, dir, "--no-kube --no-host", 140, 40)
}

#[test]
fn a_container_removed_under_its_detail_view() {
    let test = "a_container_removed_under_its_detail_view";
    if !tmux_available(test) || !engine::available(test) {
        return;
    }
    let _serial = one_at_a_time();
    let mut containers = Containers::new("gone");
    let name = containers.run("app", &[], &["sleep", "600"]);
    let dir = tempfile::tempdir().unwrap();
    let tmux = start("gone", dir.path());
    let step = Duration::from_secs(15);
    tmux.wait_for("the dashboard", step, |s| s.contains("Containers"));
    tmux.type_text("/");
    tmux.type_text(&name);
    tmux.key("Enter");
    tmux.wait_for("the container", step, |s| s.contains(" Containers 1/"));
    tmux.key("Enter");
    tmux.wait_for("the detail view", step, |s| s.contains("1 Findings"));
    containers.remove(&name);
    tmux.wait_for("the gone notice", step, |s| {
        s.contains("gone from the engine")
    });
    tmux.key("Escape");
    tmux.wait_for("the dashboard without it", step, |s| {
        s.contains("Containers 0/")
    });
    tmux.type_text("q");
}

#[test]
fn a_burst_of_creates_and_removals() {
    let test = "a_burst_of_creates_and_removals";
    if !tmux_available(test) || !engine::available(test) {
        return;
    }
    let _serial = one_at_a_time();
    let containers = Containers::new("burst");
    let prefix = containers.name("n");
    let dir = tempfile::tempdir().unwrap();
    let tmux = start("burst", dir.path());
    let step = Duration::from_secs(15);
    tmux.wait_for("the dashboard", step, |s| s.contains("Containers"));
    tmux.type_text("/");
    tmux.type_text(&prefix);
    tmux.key("Enter");
    // Four writers at once, like a deploy: creates, then a cleanup removing them all.
    let script = format!(
        "seq 1 {BURST} | xargs -P 4 -I N docker create --name {prefix}N --label {label} {TEST_IMAGE} sleep 1 >/dev/null",
        label = engine::TEST_LABEL,
    );
    let started = Instant::now();
    let created = std::process::Command::new("sh")
        .args(["-c", &script])
        .status()
        .unwrap();
    assert!(created.success());
    let all = format!(" Containers {BURST}/");
    let screen = tmux.wait_for(
        "every container of the burst",
        Duration::from_secs(30),
        |s| s.contains(&all),
    );
    eprintln!(
        "{BURST} creates shown {:?} after the burst began",
        started.elapsed()
    );
    assert!(screen.contains(&prefix));
    // Keys are still answered right away.
    let asked = Instant::now();
    tmux.type_text("?");
    tmux.wait_for("the help", step, |s| s.contains("Keys · ? or Esc to close"));
    assert!(
        asked.elapsed() < Duration::from_secs(1),
        "help took {:?}",
        asked.elapsed()
    );
    tmux.type_text("?");
    // Then a storm of state changes: four running containers paused and unpaused 100 times
    // each, in parallel: 800 events, each naming a container to inspect again.
    let mut running = Containers::new("storm");
    let names: Vec<String> = (0..4)
        .map(|i| running.run(&format!("s{i}"), &[], &["sleep", "600"]))
        .collect();
    let storm = format!(
        "for n in {}; do (for i in $(seq 100); do docker pause $n; docker unpause $n; done >/dev/null) & done; wait",
        names.join(" ")
    );
    let storm_started = Instant::now();
    let mut child = std::process::Command::new("sh")
        .args(["-c", &storm])
        .spawn()
        .unwrap();
    let mut slowest = Duration::ZERO;
    let help = |s: &str| s.contains("Keys · ? or Esc to close");
    while child.try_wait().unwrap().is_none() {
        slowest = slowest.max(tmux.time_key("?", help));
        slowest = slowest.max(tmux.time_key("?", |s| !help(s)));
        std::thread::sleep(Duration::from_millis(200));
    }
    eprintln!(
        "800 pause/unpause events in {:?}; slowest key round trip {slowest:?}",
        storm_started.elapsed()
    );
    assert!(
        slowest < Duration::from_millis(500),
        "keys took {slowest:?} during the storm"
    );
    // When it settles, every one of them shows running again.
    tmux.key("Escape");
    tmux.type_text("/");
    tmux.type_text(&names[0][..names[0].len() - 3]);
    tmux.key("Enter");
    tmux.wait_for(
        "all four running after the storm",
        Duration::from_secs(30),
        |s| {
            names.iter().all(|n| {
                s.lines()
                    .any(|l| l.contains(n.as_str()) && l.contains("running"))
            })
        },
    );
    drop(running);

    let remove = format!("docker ps -aq --filter name={prefix} | xargs -r docker rm -f >/dev/null");
    assert!(
        std::process::Command::new("sh")
            .args(["-c", &remove])
            .status()
            .unwrap()
            .success()
    );
    tmux.wait_for("the burst gone", Duration::from_secs(30), |s| {
        s.contains(" Containers 0/")
    });
    tmux.type_text("q");
    drop(containers);
}

#[test]
fn a_slow_engine_never_slows_the_keys() {
    let test = "a_slow_engine_never_slows_the_keys";
    if !tmux_available(test) || !engine::available(test) {
        return;
    }
    let _serial = one_at_a_time();
    let mut containers = Containers::new("slow");
    let name = containers.run("app", &[], &["sleep", "600"]);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let socket = dir.path().join("slow.sock");
    // Every request to the engine waits 400 ms: a loaded or remote engine.
    let _log = start_proxy(&runtime, socket.clone(), Duration::from_millis(400));
    let args = format!(
        "--no-kube --no-host --docker-host {}",
        shell_quote(&format!("unix://{}", socket.display()))
    );
    let tmux = dashboard("slow", dir.path(), &args, 140, 40);
    let step = Duration::from_secs(15);
    tmux.wait_for("the first frame", step, |s| s.contains("shipshape"));
    let help = |s: &str| s.contains("Keys · ? or Esc to close");
    let mut took = Vec::new();
    for _ in 0..7 {
        took.push(tmux.time_key("?", help));
        took.push(tmux.time_key("?", |s| !help(s)));
    }
    eprintln!("key answers with a slow engine: {took:?}");
    took.sort();
    let (median, slowest) = (took[took.len() / 2], took[took.len() - 1]);
    // The median is the latency; the slowest allows for a loaded CI machine's scheduler.
    assert!(median < Duration::from_millis(100), "keys took {took:?}");
    assert!(slowest < Duration::from_millis(500), "keys took {took:?}");
    tmux.wait_for("the container, in the end", Duration::from_secs(60), |s| {
        s.contains(&name)
    });
    tmux.type_text("q");
}
