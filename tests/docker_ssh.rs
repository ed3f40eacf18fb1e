//! ssh:// for real: a private sshd on loopback (tests/common/sshd.rs) in front of this very
//! host, so `docker system dial-stdio` runs against the local engine. shipshape must see the
//! same workloads and findings through it as through the unix socket, leave no ssh process
//! behind, and say what to do when ssh cannot log in.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::cli::{shipshape_env, workload_findings};
use common::engine::{self, Containers};
use common::sshd::{self, Sshd};
use std::time::{Duration, Instant};

const REPORT: [&str; 5] = ["report", "--format", "json", "--no-kube", "--no-host"];

/// sshd must be installed; outside CI a missing one skips the test.
fn sshd_available(test: &str) -> bool {
    if !engine::available(test) {
        return false;
    }
    if std::path::Path::new(sshd::SSHD).exists() {
        return true;
    }
    assert!(
        !engine::in_ci(),
        "{test}: {} is missing (tests/run.sh installs openssh-server)",
        sshd::SSHD
    );
    engine::skip_notice(
        test,
        &format!("{} is missing; apt-get install openssh-server", sshd::SSHD),
    );
    false
}

/// Waits up to 5 s for processes mentioning `needle` to be gone; returns those that stay.
fn lingering(sshd: &Sshd, needle: &str) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let found = sshd.processes_mentioning(needle);
        if found.is_empty() || Instant::now() > deadline {
            return found;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn ssh_sees_what_the_socket_sees_and_leaves_nothing_behind() {
    let test = "ssh_sees_what_the_socket_sees_and_leaves_nothing_behind";
    if !sshd_available(test) {
        return;
    }
    let mut c = Containers::new("ssh");
    let risky = c.run("risky", &engine::RISKY, &["sleep", "300"]);
    c.create("made", &["--privileged"], &["true"]);
    // Enough containers that inspecting them all at once would start more ssh logins than
    // sshd lets start together (MaxStartups 10): none may be lost.
    for n in 0..10 {
        c.create(&format!("m{n}"), &[], &["true"]);
    }
    let sshd = Sshd::start();
    let home = tempfile::tempdir().unwrap();
    let path = sshd.path_env();
    let host = format!("ssh://root@{}", sshd.alias);

    let socket = shipshape_env(
        &REPORT,
        home.path(),
        &[("DOCKER_HOST", "unix:///var/run/docker.sock")],
    );
    assert!(socket.status.success());
    let via_ssh = shipshape_env(
        &REPORT,
        home.path(),
        &[("DOCKER_HOST", &host), ("PATH", &path)],
    );
    assert!(
        via_ssh.status.success(),
        "report over ssh exited {}:\n{}\nsshd log:\n{}",
        via_ssh.status,
        String::from_utf8_lossy(&via_ssh.stderr),
        sshd.log()
    );
    let socket: serde_json::Value = serde_json::from_slice(&socket.stdout).unwrap();
    let via_ssh: serde_json::Value = serde_json::from_slice(&via_ssh.stdout).unwrap();
    let source = &via_ssh["sources"][0];
    assert_eq!(source["status"], "ok", "{source}");
    assert!(source["error"].is_null(), "{source}");
    // The user part is never shown.
    assert_eq!(source["endpoint"], format!("ssh://{}", sshd.alias));
    assert_eq!(source["engine"], "docker");
    let socket = workload_findings(&socket);
    let ssh = workload_findings(&via_ssh);
    assert!(
        ssh.values().any(|(n, _)| *n == risky),
        "{risky} not seen over ssh"
    );
    let mut compared = 0;
    for (id, socket_side) in &socket {
        if let Some(ssh_side) = ssh.get(id) {
            assert_eq!(socket_side, ssh_side, "container {id} differs over ssh");
            compared += 1;
        }
    }
    assert!(compared >= 2, "compared {compared}");
    eprintln!(
        "compared {compared} workloads ({} findings) over the socket and over ssh",
        ssh.values().map(|(_, f)| f.len()).sum::<usize>()
    );
    // The ControlMaster and the remote dial-stdio are gone once shipshape has exited.
    let left = lingering(&sshd, &sshd.alias);
    assert!(left.is_empty(), "ssh processes left behind: {left:#?}");
    let left = lingering(&sshd, "dial-stdio");
    assert!(left.is_empty(), "dial-stdio left behind: {left:#?}");
    drop(c);
}

/// `report` through ssh://root@ALIAS, which must fail: exit 2, and the source's error.
fn refused(sshd: &Sshd, alias: &str) -> String {
    let home = tempfile::tempdir().unwrap();
    let host = format!("ssh://root@{alias}");
    let out = shipshape_env(
        &REPORT,
        home.path(),
        &[("DOCKER_HOST", &host), ("PATH", &sshd.path_env())],
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    let error = report["sources"][0]["error"].as_str().unwrap_or_default();
    assert_eq!(out.status.code(), Some(2), "{error}");
    error.to_owned()
}

#[test]
fn ssh_that_cannot_log_in_says_what_to_do() {
    let test = "ssh_that_cannot_log_in_says_what_to_do";
    if !sshd_available(test) {
        return;
    }
    let sshd = Sshd::start();
    let error = refused(&sshd, &sshd.bad_alias);
    assert!(
        error.contains(&format!("ssh://{}", sshd.bad_alias)),
        "names the endpoint: {error}"
    );
    assert!(
        error.contains("ssh HOST docker version") && error.contains("key authentication"),
        "says what to do: {error}"
    );
    assert!(
        !error.contains("ssh://root@"),
        "the endpoint is shown without its user part: {error}"
    );
    let left = lingering(&sshd, &sshd.bad_alias);
    assert!(left.is_empty(), "ssh processes left behind: {left:#?}");
}

/// An engine whose host key is not known is refused, not trusted on first use (bollard would
/// have ssh accept it), and nothing is written to known_hosts.
#[test]
fn an_unknown_host_key_is_refused_not_accepted() {
    let test = "an_unknown_host_key_is_refused_not_accepted";
    if !sshd_available(test) {
        return;
    }
    let sshd = Sshd::start();
    let error = refused(&sshd, &sshd.unknown_alias);
    assert!(
        error.contains("host key is not in known_hosts") && error.contains("fingerprint"),
        "{error}"
    );
    let known = std::fs::read_to_string(sshd.dir.path().join("empty_known_hosts")).unwrap();
    assert!(known.is_empty(), "the key was accepted: {known}");
}

#[test]
fn a_port_in_the_url_is_refused_with_the_config_way() {
    let home = tempfile::tempdir().unwrap();
    let out = shipshape_env(
        &REPORT,
        home.path(),
        &[("DOCKER_HOST", "ssh://root@127.0.0.1:2222")],
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    let error = report["sources"][0]["error"].as_str().unwrap_or_default();
    assert_eq!(out.status.code(), Some(2), "{error}");
    assert!(
        error.contains("Port 2222") && error.contains("~/.ssh/config"),
        "{error}"
    );
}
