//! Chaos: Kubernetes API servers that fail in every way an operator meets: a token the server
//! refuses (401), a user who may not list pods cluster-wide (403), a server error (500), an
//! HTML error page and plain garbage from a proxy, a server that never answers. Each gives a
//! clear per-source error naming the context, in bounded time, and never a crash; the
//! dashboard keeps answering keys while a source hangs.

// In these helpers a panic is the failure report we want.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::kube_lab::{ADMIN_TOKEN, KubeLab};
use common::kube_server::{CannedServer, ContextSpec, HangingServer, KubeconfigBuilder, Trust};
use common::tmux::{Tmux, shell_quote, tmux_available};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_shipshape");

#[test]
fn every_kind_of_failing_api_server_gives_a_clear_error() {
    let lab = KubeLab::start();
    let failing = CannedServer::start(
        500,
        "application/json",
        r#"{"kind":"Status","apiVersion":"v1","status":"Failure","message":"etcdserver: request timed out","code":500}"#,
    );
    let html = CannedServer::start(
        502,
        "text/html",
        "<html><body>502 Bad Gateway</body></html>",
    );
    let garbage = CannedServer::start(200, "application/json", "\u{0}\u{1b}[2J{{{ not json");
    let kubeconfig = KubeconfigBuilder::new()
        .context(ContextSpec::new("badtoken", &lab.lab).token("wrong-token"))
        .context(ContextSpec::to_url("failing", &failing.url(), Trust::Default).token(ADMIN_TOKEN))
        .context(ContextSpec::to_url("proxy", &html.url(), Trust::Default).token(ADMIN_TOKEN))
        .context(ContextSpec::to_url("garbage", &garbage.url(), Trust::Default).token(ADMIN_TOKEN))
        .current("badtoken")
        .write();
    let home = tempfile::tempdir().unwrap();
    for (context, expected) in [
        ("badtoken", "unauthorized"),
        ("failing", "answered with an error: etcdserver"),
        ("proxy", "502 bad gateway"),
        ("garbage", "not the kubernetes api"),
    ] {
        let start = Instant::now();
        let out = Command::new(BIN)
            .args([
                "report",
                "--format",
                "json",
                "--no-docker",
                "--kube-context",
                context,
                "--kubeconfig",
            ])
            .arg(kubeconfig.path())
            .env("HOME", home.path())
            .env_remove("KUBECONFIG")
            .output()
            .unwrap();
        let took = start.elapsed();
        let stderr = String::from_utf8_lossy(&out.stderr);
        eprintln!(
            "{context}: exit {:?} in {took:?}: {}",
            out.status.code(),
            stderr.trim()
        );
        assert_eq!(
            out.status.code(),
            Some(2),
            "{context}: no source read is exit 2\n{stderr}"
        );
        assert!(
            stderr.contains(context),
            "{context}: the error names the context\n{stderr}"
        );
        assert!(
            stderr.to_lowercase().contains(expected),
            "{context}: the error says what went wrong ({expected})\n{stderr}"
        );
        assert!(
            !stderr.contains('\u{1b}'),
            "{context}: no raw escape from the server"
        );
        assert!(took < Duration::from_secs(20), "{context}: took {took:?}");
    }
    drop(lab);
}

#[test]
fn keys_are_answered_while_a_source_hangs() {
    if !tmux_available("keys_are_answered_while_a_source_hangs") {
        return;
    }
    let dead = HangingServer::start();
    let kubeconfig = KubeconfigBuilder::new()
        .context(ContextSpec::to_url("dead", &dead.url(), Trust::Default).token("x"))
        .current("dead")
        .write();
    let dir = tempfile::tempdir().unwrap();
    let path = |p: &Path| shell_quote(p.to_str().expect("UTF-8 temp path"));
    let script = format!(
        "HOME={home} {bin} --no-docker --kubeconfig {kc}; exec sleep 600",
        home = path(dir.path()),
        bin = shell_quote(BIN),
        kc = path(kubeconfig.path()),
    );
    let tmux = Tmux::start("hang", &script, 120, 36);
    tmux.wait_for("the first frame", Duration::from_secs(10), |s| {
        s.contains("shipshape")
    });
    // The source is stuck connecting; the help overlay must open and close at once anyway.
    let help = |s: &str| s.contains("Keys · ? or Esc to close");
    let mut slowest = Duration::ZERO;
    for _ in 0..5 {
        slowest = slowest.max(tmux.time_key("?", help));
        slowest = slowest.max(tmux.time_key("?", |s| !help(s)));
    }
    eprintln!("slowest key answer while the source hangs: {slowest:?}");
    assert!(
        slowest < Duration::from_millis(100),
        "keys took {slowest:?}"
    );
    assert!(
        dead.accepted() > 0,
        "the source really is stuck on the hanging server"
    );
    tmux.type_text("q");
}
