//! `docker inspect` JSON captured from a real engine, through bollard's types, into the model.

mod common;

use common::fixtures::{self, workload};
use shipshape::model::{MountKind, Profile, WorkloadState};

#[test]
fn every_fixture_deserialises_and_converts() {
    for name in fixtures::INSPECT_FIXTURES {
        let w = workload(name);
        assert_eq!(w.name, format!("fx-{name}"), "leading / stripped");
        assert_eq!(w.id.len(), 64);
        assert_eq!(w.image, "shipshape-test:1");
    }
}

#[test]
fn risky_container_maps_every_field() {
    let w = workload("risky");
    assert_eq!(w.state, WorkloadState::Running);
    assert_eq!(w.user, "0");
    assert!(!w.privileged);
    assert_eq!(
        w.capabilities.added,
        vec!["CHOWN", "NET_ADMIN", "SYS_ADMIN"],
        "canonical, sorted"
    );
    assert!(w.capabilities.effective.contains(&"SYS_ADMIN".to_owned()));
    assert_eq!(w.capabilities.effective.len(), 16);
    assert!(w.namespaces.pid && !w.namespaces.network);
    let etc = w
        .mounts
        .iter()
        .find(|m| m.source == "/etc")
        .expect("/etc mount");
    assert!(etc.read_only && etc.sensitive && etc.kind == MountKind::Bind);
    let volume = w
        .mounts
        .iter()
        .find(|m| m.kind == MountKind::Volume)
        .expect("named volume");
    assert!(!volume.sensitive);
    assert_eq!(volume.name.as_deref(), Some("data1"));
    assert!(
        w.mounts
            .iter()
            .any(|m| m.kind == MountKind::Tmpfs && m.destination == "/run")
    );
    assert!(w.mounts.iter().any(|m| m.is_docker_socket()));
    assert_eq!(w.restart_policy.name, "always");
    assert_eq!(w.env_names, vec!["SECRET_TOKEN", "PLAIN"]);
    assert_eq!(
        w.labels.get("evil").map(String::as_str),
        Some("x\\x1b[31mred"),
        "escape sequence neutralised"
    );
    let published: Vec<String> = w.ports.iter().map(|p| p.describe()).collect();
    assert!(
        published.contains(&"0.0.0.0:8080->80/tcp".to_owned()),
        "{published:?}"
    );
    assert!(
        published.contains(&"127.0.0.1:9090->90/tcp".to_owned()),
        "{published:?}"
    );
}

#[test]
fn env_values_never_reach_the_model() {
    let w = workload("risky");
    let json = serde_json::to_string(&w).unwrap();
    assert!(
        fixtures::inspect_json("risky").contains("hunter2"),
        "the fixture holds a value"
    );
    assert!(!json.contains("hunter2"));
}

#[test]
fn locked_down_container_limits_and_options() {
    let w = workload("locked");
    assert_eq!(w.user, "1000:1000");
    assert!(w.capabilities.effective.is_empty());
    assert_eq!(w.capabilities.dropped, vec!["ALL"]);
    assert!(w.security.no_new_privileges && w.security.read_only_rootfs);
    assert_eq!(w.resources.cpu_limit_cores, Some(0.5));
    assert_eq!(w.resources.memory_limit_bytes, Some(64 << 20));
    assert_eq!(w.resources.pids_limit, Some(64));
    let hc = w.healthcheck.expect("healthcheck");
    assert_eq!(hc.test, "CMD-SHELL true");
    assert_eq!(w.restart_policy.maximum_retry_count, 3);
    let assessed = shipshape::rules::assess(workload("locked"));
    assert!(assessed.findings.is_empty(), "{:?}", assessed.findings);
}

#[test]
fn privileged_created_container() {
    let w = workload("priv");
    assert_eq!(w.state, WorkloadState::Created);
    assert!(w.privileged);
    assert_eq!(w.capabilities.effective.len(), 41);
    let ids: Vec<String> = shipshape::rules::evaluate(&w)
        .into_iter()
        .map(|f| f.rule.into_owned())
        .collect();
    assert!(ids.contains(&"privileged".to_owned()));
    assert!(ids.contains(&"seccomp-unconfined".to_owned()));
}

#[test]
fn host_namespaces_and_security_options() {
    let w = workload("hostns");
    let ns = &w.namespaces;
    assert!(ns.network && ns.ipc && ns.uts && ns.userns && !ns.pid);
    assert_eq!(w.security.seccomp, Profile::Unconfined);
    assert_eq!(w.security.apparmor, Profile::Unconfined);
    assert_eq!(w.devices[0].host_path, "/dev/fuse");
    assert_eq!(w.resources.cpu_shares, Some(512));
    assert_eq!(w.resources.cpu_limit_cores, None);
}

#[test]
fn exited_container_keeps_its_state() {
    let w = workload("exited");
    assert_eq!(w.state, WorkloadState::Exited);
    assert!(w.ports.is_empty());
}

#[test]
fn cgroup_v1_stats_sample() {
    let text = std::fs::read_to_string(fixtures::fixture_path("stats-cgroup-v1.json")).unwrap();
    let sample: bollard::models::ContainerStatsResponse = serde_json::from_str(&text).unwrap();
    // The engine's previous reading, as a one-shot sample of its own.
    let before = bollard::models::ContainerStatsResponse {
        cpu_stats: sample.precpu_stats.clone(),
        ..sample.clone()
    };
    use shipshape::sources::docker::stats::reading;
    let (Some(now), memory) = reading(&sample) else {
        panic!("no CPU reading")
    };
    let (Some(then), _) = reading(&before) else {
        panic!("no CPU reading")
    };
    assert_eq!(memory, Some(679_936));
    let cpu = now.cores_since(&then).unwrap();
    // (50404263 - 34733820) / (389010000000 - 387020000000) * 2 cpus
    assert!((cpu - 0.015_749_189).abs() < 1e-6, "{cpu}");
}
