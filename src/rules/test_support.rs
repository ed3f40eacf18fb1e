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
    let mut ids: Vec<String> = super::evaluate(w)
        .into_iter()
        .map(|f| f.rule.into_owned())
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

#[test]
fn locked_down_container_has_no_findings() {
    assert_eq!(fired(&docker()), Vec::<String>::new());
}

/// A fully hardened pod container (restricted-compliant, limits set, token not mounted, own
/// namespace) that no rule fires on.
pub fn pod() -> Workload {
    use crate::model::kube::{ContainerType, KubeFacts, VolumeFacts};
    let mut w = Workload::new(
        SourceRef {
            kind: SourceKind::Kubernetes,
            context: "lab".into(),
        },
        "uid-1/app",
        "app",
    );
    w.namespace = Some("shop".into());
    w.pod = Some("app-7d9f-x2".into());
    w.image = "registry.example/app:1.4.2".into();
    w.state = WorkloadState::Running;
    w.user = "10001".into();
    w.capabilities = Capabilities::for_docker(&[], &["ALL".into()], false);
    w.security.seccomp = Profile::RuntimeDefault;
    w.security.apparmor = Profile::NotSet;
    w.security.no_new_privileges = true;
    w.security.read_only_rootfs = true;
    w.resources.cpu_limit_cores = Some(0.5);
    w.resources.memory_limit_bytes = Some(128 << 20);
    w.kubernetes = Some(KubeFacts {
        container_type: ContainerType::Regular,
        service_account: "app".into(),
        automount_token: false,
        allow_privilege_escalation: Some(false),
        run_as_non_root: Some(true),
        run_as_user: Some(10001),
        capabilities_drop: vec!["ALL".into()],
        seccomp: Profile::RuntimeDefault,
        volumes: vec![VolumeFacts {
            name: "config".into(),
            kind: "configMap".into(),
            path: None,
        }],
        probes: true,
        ..KubeFacts::default()
    });
    w
}

/// The pod's Kubernetes facts, for tests to loosen.
pub fn kube(w: &mut Workload) -> &mut crate::model::kube::KubeFacts {
    w.kubernetes.get_or_insert_with(Default::default)
}

#[test]
fn locked_down_pod_has_no_findings() {
    assert_eq!(fired(&pod()), Vec::<String>::new());
}
