//! Chaos: the terminal after SIGTERM and SIGHUP (an SSH session that dropped) to a running
//! dashboard, and a terminal resized below the minimum and back. Real binary, real tmux.

// In these helpers a panic is the failure report we want.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::tmux::{
    AFTER, Tmux, assert_terminal_restored, shell_quote, tmux_available, wait_for_file,
};
use std::path::Path;
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_shipshape");

/// Starts the dashboard (no engine needed) in tmux; the inner shell writes its PID, then
/// becomes shipshape. Returns the session, the PID and the files the wrapper writes.
fn start(tag: &str, dir: &Path) -> (Tmux, u32) {
    let path = |p: &Path| shell_quote(p.to_str().expect("UTF-8 temp path"));
    let inner = format!(
        "echo $$ > {pid}; exec {bin} --no-kube --no-host --docker-host unix:///nonexistent.sock",
        pid = path(&dir.join("pid")),
        bin = shell_quote(BIN),
    );
    let script = format!(
        "SHIPSHAPE_CONFIG={config} SHIPSHAPE_DATA={data} sh -c {inner}; echo EXIT=$? > {exit}; \
         stty -a > {stty} 2>&1; echo {AFTER}; exec sleep 600",
        config = path(&dir.join("no-config.toml")),
        data = path(&dir.join("data")),
        inner = shell_quote(&inner),
        exit = path(&dir.join("exit")),
        stty = path(&dir.join("stty")),
    );
    let tmux = Tmux::start(tag, &script, 100, 30);
    let pid = wait_for_file(&dir.join("pid"), Duration::from_secs(10));
    let pid = pid.trim().parse().expect("a PID");
    tmux.wait_for("the first frame", Duration::from_secs(10), |s| {
        s.contains("Containers")
    });
    (tmux, pid)
}

fn signal_restores(signal: &str, status: &str) {
    let test = format!("{signal}_restores_the_terminal");
    if !tmux_available(&test) {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let (tmux, pid) = start(signal, dir.path());
    let sent = std::process::Command::new("kill")
        .args([&format!("-{signal}"), &pid.to_string()])
        .status()
        .expect("kill");
    assert!(sent.success());
    let step = Duration::from_secs(10);
    assert_eq!(wait_for_file(&dir.path().join("exit"), step).trim(), status);
    assert_terminal_restored(&tmux, &dir.path().join("stty"), step);
}

#[test]
fn sigterm_restores_the_terminal() {
    signal_restores("TERM", "EXIT=143");
}

#[test]
fn sighup_restores_the_terminal() {
    signal_restores("HUP", "EXIT=129");
}

#[test]
fn a_terminal_too_small_says_so_and_recovers() {
    if !tmux_available("a_terminal_too_small_says_so_and_recovers") {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let (tmux, _) = start("small", dir.path());
    let step = Duration::from_secs(10);
    tmux.resize(30, 8);
    let small = tmux.wait_for("the too-small note", step, |s| s.contains("too small"));
    assert!(small.contains("30x8"), "it says the size it has:\n{small}");
    tmux.resize(100, 30);
    tmux.wait_for("the dashboard again", step, |s| s.contains("Containers"));
    tmux.type_text("q");
    assert_eq!(
        wait_for_file(&dir.path().join("exit"), step).trim(),
        "EXIT=0"
    );
}
