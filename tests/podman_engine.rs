//! Podman through its Docker-compatible API (`podman system service`), for real: the same
//! risky and locked-down containers made on Podman and on Docker must give the same
//! findings, and the source must say it is Podman (tests/common/podman.rs sets it up).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::cli::shipshape_env;
use common::engine::{self, Containers};
use common::podman::{self, IMAGE, Podman};
use std::collections::{BTreeMap, BTreeSet};

/// Each role's flags, given to `podman run` and to `docker run` alike.
const ROLES: [(&str, &[&str]); 4] = [
    ("risky", &common::engine::RISKY),
    (
        "locked",
        &[
            "--read-only",
            "--cap-drop",
            "ALL",
            "--user",
            "1000",
            "--memory",
            "64m",
            "--cpus",
            "0.5",
            "--pids-limit",
            "100",
            "--security-opt",
            "no-new-privileges",
        ],
    ),
    ("priv", &["--privileged"]),
    (
        "hostns",
        &[
            "--pid",
            "host",
            "--network",
            "host",
            "--ipc",
            "host",
            "--uts",
            "host",
            "--security-opt",
            "seccomp=unconfined",
            "--tmpfs",
            "/scratch",
        ],
    ),
];

fn podman_available(test: &str) -> bool {
    if !engine::available(test) {
        return false;
    }
    if podman::installed() {
        return true;
    }
    assert!(
        !engine::in_ci(),
        "{test}: podman is missing (tests/run.sh installs it)"
    );
    engine::skip_notice(test, "podman is missing; apt-get install podman");
    false
}

/// Rule ids by container name, for the names that start with `prefix`.
fn rules_by_name(report: &serde_json::Value, prefix: &str) -> BTreeMap<String, BTreeSet<String>> {
    report["workloads"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|w| {
            let name = w["name"].as_str()?.strip_prefix(prefix)?.to_owned();
            let rules = w["findings"]
                .as_array()?
                .iter()
                .map(|f| f["rule"].as_str().unwrap().to_owned())
                .collect();
            Some((name, rules))
        })
        .collect()
}

fn report(home: &std::path::Path, host: &str) -> serde_json::Value {
    let out = shipshape_env(
        &["report", "--format", "json", "--no-kube", "--no-host"],
        home,
        &[("DOCKER_HOST", host)],
    );
    assert!(
        out.status.success(),
        "report from {host} exited {}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn podman_containers_have_the_findings_docker_ones_have() {
    let test = "podman_containers_have_the_findings_docker_ones_have";
    if !podman_available(test) {
        return;
    }
    let podman = Podman::start();
    let pm_prefix = format!("ss-pm-{}-", std::process::id());
    // Running when Podman can start containers here, else only created; Docker does the same.
    let mut running = true;
    for (role, flags) in ROLES {
        let name = format!("{pm_prefix}{role}");
        let verb: &[&str] = if role == "priv" {
            &["create"]
        } else {
            &["run", "-d"]
        };
        let mut args: Vec<&str> = verb.to_vec();
        args.extend(["--name", &name]);
        args.extend(flags);
        args.extend([IMAGE, "sleep", "300"]);
        let out = podman.run(&args);
        if !out.status.success() {
            eprintln!(
                "podman could not start {name} ({}); it stays created",
                String::from_utf8_lossy(&out.stderr).trim()
            );
            running = false;
        }
    }
    let mut docker = Containers::new("pmdk");
    for (role, flags) in ROLES {
        if role == "priv" || !running {
            docker.create(role, flags, &["sleep", "300"]);
        } else {
            docker.run(role, flags, &["sleep", "300"]);
        }
    }

    let home = tempfile::tempdir().unwrap();
    let via_podman = report(home.path(), &podman.host());
    let source = &via_podman["sources"][0];
    assert_eq!(source["status"], "ok", "{source}");
    assert_eq!(source["engine"], "podman", "{source}");
    assert_eq!(source["endpoint"], podman.host());
    assert_eq!(via_podman["engines"][0]["engine"], "podman");
    let daemon_rules: Vec<&str> = via_podman["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    for not_podman in [
        "engine-outdated",
        "engine-experimental",
        "engine-live-restore-off",
    ] {
        assert!(
            !daemon_rules.contains(&not_podman),
            "{not_podman} is about Docker: {daemon_rules:?}"
        );
    }

    let on_podman = rules_by_name(&via_podman, &pm_prefix);
    let via_docker = report(home.path(), "unix:///var/run/docker.sock");
    assert_eq!(via_docker["sources"][0]["engine"], "docker");
    let on_docker = rules_by_name(&via_docker, &docker.name(""));
    assert_eq!(on_podman.len(), ROLES.len(), "{on_podman:?}");
    let risky = &on_podman["risky"];
    for rule in ["cap-add", "sensitive-mount", "root-user", "no-memory-limit"] {
        assert!(
            risky.contains(rule),
            "risky on Podman lacks {rule}: {risky:?}"
        );
    }
    assert!(on_podman["priv"].contains("privileged"));
    for rule in ["host-pid", "host-network", "host-uts", "seccomp-unconfined"] {
        assert!(
            on_podman["hostns"].contains(rule),
            "hostns on Podman lacks {rule}: {:?}",
            on_podman["hostns"]
        );
    }
    for rule in ["cap-add", "root-user", "no-memory-limit", "writable-rootfs"] {
        assert!(
            !on_podman["locked"].contains(rule),
            "locked-down on Podman has {rule}: {:?}",
            on_podman["locked"]
        );
    }
    for (role, docker_rules) in &on_docker {
        let mut expected = docker_rules.clone();
        let mut seen = on_podman[role].clone();
        // Podman gives every container a PIDs limit (2048) unless told otherwise.
        expected.remove("no-pids-limit");
        // Podman 4.3 reports HostConfig.IpcMode "shareable" for `--ipc host` in every inspect
        // (compat, libpod, CLI) although the container is in the host's IPC namespace: the
        // finding cannot be made from what it says. Left out both ways, so a fixed Podman
        // does not fail here.
        expected.remove("host-ipc");
        seen.remove("host-ipc");
        assert_eq!(
            seen, expected,
            "{role}: Podman's findings differ from Docker's for the same flags"
        );
    }
    eprintln!(
        "podman ({}): {} containers, {} findings, same as Docker's",
        if running { "running" } else { "created" },
        on_podman.len(),
        on_podman.values().map(BTreeSet::len).sum::<usize>()
    );
}
