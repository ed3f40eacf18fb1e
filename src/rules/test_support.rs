//! Builders for rule tests: a fully locked-down Docker container that no rule fires on, which
//! each test then loosens in exactly one way.

use crate::model::{
    Capabilities, Healthcheck, Mount, MountKind, Profile, RestartPolicy, SourceKind, SourceRef,
    Workload, WorkloadState,
};

pub fn docker() -> Workload {
    let mut w = Workload::new(
        SourceRef {
            kind: SourceKind::Docker,
            context: "default".into(),
        },
        "0123456789ab",
        "app",
    );
    w.image = "registry.example:5000/app:1.4.2".into();
    w.state = WorkloadState::Running;
    w.user = "10001:10001".into();
    w.capabilities = Capabilities::for_docker(&[], &["ALL".into()], false);
    w.security.seccomp = Profile::NotSet;
    w.security.apparmor = Profile::RuntimeDefault;
    w.security.no_new_privileges = true;
    w.security.read_only_rootfs = true;
    w.resources.cpu_limit_cores = Some(0.5);
    w.resources.memory_limit_bytes = Some(64 << 20);
    w.resources.pids_limit = Some(64);
    w.healthcheck = Some(Healthcheck {
        test: "CMD-SHELL true".into(),
        status: Some("healthy".into()),
    });
    w.restart_policy = RestartPolicy {
        name: "on-failure".into(),
        maximum_retry_count: 3,
    };
    w.mounts = vec![Mount::new(
        MountKind::Volume,
        "/var/lib/docker/volumes/data/_data",
        "/data",
        false,
    )];
    w
}

pub fn with_bind(source: &str, destination: &str, read_only: bool) -> Workload {
    let mut w = docker();
    w.mounts
        .push(Mount::new(MountKind::Bind, source, destination, read_only));
    w
}

/// The rule ids that fire on a workload, sorted.
pub fn fired(w: &Workload) -> Vec<String> {
    let mut ids: Vec<String> = super::evaluate(w).into_iter().map(|f| f.rule).collect();
    ids.sort();
    ids.dedup();
    ids
}

#[test]
fn locked_down_container_has_no_findings() {
    assert_eq!(fired(&docker()), Vec::<String>::new());
}
