//! Chaos: the Docker engine stops under a running dashboard and comes back. The dashboard says
//! "disconnected", keeps the last rows marked stale, and shows live data again within 10 s of
//! the engine's return, without a restart of shipshape.
//!
//! It stops and restarts the real dockerd, so it needs root and is its own test binary (no
//! other test of it runs meanwhile). A guard starts dockerd again if the test fails halfway.

// In these helpers a panic is the failure report we want.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::engine::{self, Containers, docker_output};
use common::tmux::{dashboard, tmux_available};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The PID of the running dockerd, from /proc.
fn dockerd_pid() -> Option<u32> {
    std::fs::read_dir("/proc").ok()?.flatten().find_map(|e| {
        let pid: u32 = e.file_name().to_str()?.parse().ok()?;
        let comm = std::fs::read_to_string(e.path().join("comm")).ok()?;
        (comm.trim() == "dockerd").then_some(pid)
    })
}

fn engine_answers() -> bool {
    docker_output(&["version", "--format", "{{.Server.Version}}"])
        .status
        .success()
}

/// Starts dockerd the way tests/run.sh does, and waits until it answers.
fn start_dockerd() {
    if dockerd_pid().is_none() {
        let log = std::env::temp_dir().join("shipshape-dockerd-chaos.log");
        let log = std::fs::File::create(log).expect("dockerd log");
        // `setsid -f` forks dockerd off and returns: it outlives the test.
        let started = Command::new("setsid")
            .args(["-f", "dockerd"])
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("log"))
            .stderr(log)
            .status()
            .expect("start dockerd");
        assert!(started.success(), "setsid -f dockerd: {started}");
    }
    let deadline = Instant::now() + Duration::from_secs(60);
    while !engine_answers() {
        assert!(
            Instant::now() < deadline,
            "dockerd did not come back within 60 s"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Whatever happens in the test, the engine is running again afterwards.
struct EngineBack;

impl Drop for EngineBack {
    fn drop(&mut self) {
        start_dockerd();
    }
}

#[test]
fn dashboard_survives_the_engine_stopping_and_coming_back() {
    let test = "dashboard_survives_the_engine_stopping_and_coming_back";
    if !tmux_available(test) || !engine::available(test) {
        return;
    }
    let mut containers = Containers::new("chaos");
    let name = containers.run("app", &["--restart", "always"], &["sleep", "600"]);
    let dir = tempfile::tempdir().expect("temp dir");
    let tmux = dashboard("chaos-engine", dir.path(), "--no-kube --no-host", 140, 40);
    let step = Duration::from_secs(15);
    tmux.wait_for("the container, live", Duration::from_secs(30), |s| {
        s.contains(&name) && s.contains("✓ ok")
    });

    let _back = EngineBack;
    let pid = dockerd_pid().expect("dockerd runs");
    assert!(
        Command::new("kill")
            .arg(pid.to_string())
            .status()
            .unwrap()
            .success()
    );
    let deadline = Instant::now() + Duration::from_secs(60);
    while dockerd_pid().is_some() {
        assert!(
            Instant::now() < deadline,
            "dockerd did not stop within 60 s"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    let down = tmux.wait_for("the disconnected status", step, |s| {
        s.contains("disconnected")
    });
    assert!(
        down.contains("STALE") && down.contains(&name),
        "the last rows stay, marked stale:\n{down}"
    );

    start_dockerd();
    let back = Instant::now();
    let screen = tmux.wait_for("live data again", Duration::from_secs(30), |s| {
        s.contains("✓ ok") && !s.contains("STALE") && s.contains(&name)
    });
    let took = back.elapsed();
    eprintln!("live again {took:?} after the engine answered");
    assert!(
        took <= Duration::from_secs(10),
        "live data should be back within 10 s of the engine's return, took {took:?}:\n{screen}"
    );
    containers.remove(&name);
}
