//! The rules engine: pure functions from a [`Workload`] to [`Finding`]s.
//!
//! Each rule is a plain value in [`CATALOG`]: a stable id, a title, the worst severity it can
//! give, why it matters, the exact fix, benchmark references, and a `check` that returns the
//! hits (severity + evidence) for one workload. No I/O, no clock, no UI.
//!
//! Adding a rule:
//! 1. write a `pub static` [`Rule`] in the family file it belongs to, with unit tests that show
//!    it firing and staying quiet;
//! 2. list it in [`CATALOG`];
//! 3. run `shipshape rules --format markdown > docs/rules.md` (a test checks the file is current).

pub mod cluster;
mod confinement;
pub mod engine;
pub mod host;
mod host_namespaces;
mod hygiene;
mod mounts;
mod net;
mod pod_security;
mod privileges;
pub use privileges::capability_severity;
mod resources;
#[cfg(test)]
pub(crate) mod test_support;
pub mod waivers;

mod rule;
mod runtime;
pub mod scoped;

pub use rule::{DockerFix, Hit, KubeFix, Pss, Rule};
pub(crate) use rule::{field, hit_if};

use crate::model::cluster::ClusterFacts;
use crate::model::engine::EngineFacts;
use crate::model::host::HostFacts;
use crate::model::{AssessedWorkload, Finding, Snapshot, SourceInfo, Workload};

/// Every rule, in the order `shipshape rules` lists them.
pub static CATALOG: &[&Rule] = &[
    // critical
    &privileges::PRIVILEGED,
    &runtime::CRYPTOMINER,
    &mounts::DOCKER_SOCKET_MOUNT,
    &mounts::SENSITIVE_MOUNT,
    &privileges::CAP_ADD,
    &mounts::DEVICE_MAPPED,
    &pod_security::WINDOWS_HOST_PROCESS,
    // high
    &runtime::PROCESS_DRIFT,
    &host_namespaces::HOST_PID,
    &host_namespaces::HOST_NETWORK,
    &host_namespaces::HOST_IPC,
    &confinement::SECCOMP_UNCONFINED,
    &confinement::APPARMOR_UNCONFINED,
    &confinement::UNMASKED_PATHS,
    &pod_security::HOST_PATH_VOLUME,
    &pod_security::PROC_MOUNT,
    &pod_security::VOLUME_TYPE,
    // medium
    &host_namespaces::HOST_UTS,
    &host_namespaces::HOST_USERNS,
    &mounts::MOUNT_PROPAGATION,
    &privileges::ROOT_USER,
    &privileges::PRIVILEGE_ESCALATION,
    &resources::NO_MEMORY_LIMIT,
    &resources::NO_PIDS_LIMIT,
    &hygiene::PORT_ALL_INTERFACES,
    &hygiene::ENV_SECRET,
    &pod_security::HOST_PORT,
    &pod_security::UNSAFE_SYSCTL,
    &pod_security::SELINUX_CUSTOM,
    &pod_security::SA_TOKEN_AUTOMOUNT,
    // low
    &resources::NO_CPU_LIMIT,
    &confinement::WRITABLE_ROOTFS,
    &hygiene::PRIVILEGED_PORT,
    &hygiene::IMAGE_UNPINNED,
    &hygiene::NO_HEALTHCHECK,
    &hygiene::RESTART_POLICY,
    &pod_security::CAP_DROP_MISSING,
    &pod_security::SECCOMP_MISSING,
    &pod_security::DEFAULT_NAMESPACE,
];

pub fn find(id: &str) -> Option<&'static Rule> {
    CATALOG.iter().copied().find(|r| r.id == id)
}

/// Every finding for one workload, in catalog order; only rules for its source kind run.
pub fn evaluate(workload: &Workload) -> Vec<Finding> {
    let kind = workload.source.kind;
    CATALOG
        .iter()
        .filter(|rule| rule.applies_to(kind))
        .flat_map(|rule| {
            (rule.check)(workload)
                .into_iter()
                .map(move |hit| rule.finding(hit, kind))
        })
        .collect()
}

/// A workload with its findings and risk.
pub fn assess(workload: Workload) -> AssessedWorkload {
    let findings = evaluate(&workload);
    AssessedWorkload::new(workload, findings)
}

/// The facts about more than one workload: clusters, Docker engines, the host.
#[derive(Debug, Clone, Default)]
pub struct ScopedFacts {
    pub clusters: Vec<ClusterFacts>,
    pub engines: Vec<EngineFacts>,
    pub host: Option<HostFacts>,
}

/// A snapshot of the given sources and workloads, every workload assessed, with the cluster
/// and namespace findings of each Kubernetes context.
pub fn snapshot(
    now: jiff::Timestamp,
    sources: Vec<SourceInfo>,
    workloads: Vec<Workload>,
    clusters: &[ClusterFacts],
) -> Snapshot {
    let facts = ScopedFacts {
        clusters: clusters.to_vec(),
        ..ScopedFacts::default()
    };
    snapshot_with_waivers(now, sources, workloads, &facts, &[])
}

/// As [`snapshot`], with engine and host facts too, and waivers applied: covered findings are
/// marked, and no longer count toward risk or the summary.
pub fn snapshot_with_waivers(
    now: jiff::Timestamp,
    sources: Vec<SourceInfo>,
    workloads: Vec<Workload>,
    facts: &ScopedFacts,
    waivers: &[crate::model::waiver::Waiver],
) -> Snapshot {
    let today = now.to_zoned(jiff::tz::TimeZone::UTC).date();
    let mut assessed: Vec<AssessedWorkload> = workloads.into_iter().map(assess).collect();
    let about = |kind, context: &str, mut f: Finding| {
        f.source = Some(crate::model::SourceRef {
            kind,
            context: context.to_owned(),
        });
        f
    };
    let mut findings: Vec<Finding> = facts
        .engines
        .iter()
        .flat_map(|e| {
            engine::evaluate(e, today)
                .into_iter()
                .map(|f| about(crate::model::SourceKind::Docker, &e.context, f))
        })
        .chain(facts.host.iter().flat_map(|h| host::evaluate(h, today)))
        .chain(facts.clusters.iter().flat_map(|c| {
            cluster::evaluate(c, today)
                .into_iter()
                .map(|f| about(crate::model::SourceKind::Kubernetes, &c.context, f))
        }))
        .collect();
    let kube_sources: Vec<_> = facts
        .clusters
        .iter()
        .map(|c| crate::model::SourceRef {
            kind: crate::model::SourceKind::Kubernetes,
            context: c.context.clone(),
        })
        .collect();
    let states = waivers::apply(waivers, today, &mut assessed, &mut findings, &kube_sources);
    // Risk leaves out what is now waived.
    if !waivers.is_empty() {
        assessed.iter_mut().for_each(AssessedWorkload::update_risk);
    }
    let mut snapshot = Snapshot::new(now, sources, assessed, findings);
    snapshot.waivers = states;
    snapshot.engines = facts.engines.clone();
    snapshot.host = facts.host.clone();
    snapshot
}

#[cfg(test)]
mod tests {
    use super::test_support::docker;
    use super::*;
    use crate::model::SourceKind;
    use std::collections::HashSet;

    #[test]
    fn rule_ids_are_unique_and_kebab_case() {
        let mut seen = HashSet::new();
        for rule in CATALOG {
            assert!(seen.insert(rule.id), "duplicate id {}", rule.id);
            assert!(
                rule.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                rule.id
            );
        }
    }

    #[test]
    fn catalog_is_listed_worst_first() {
        assert!(CATALOG.windows(2).all(|w| w[0].severity >= w[1].severity));
    }

    #[test]
    fn required_rule_ids_exist() {
        for id in [
            "privileged",
            "root-user",
            "sensitive-mount",
            "docker-socket-mount",
            "cap-add",
            "privilege-escalation",
            "no-memory-limit",
            "no-cpu-limit",
            "no-pids-limit",
            "host-pid",
            "host-network",
            "host-ipc",
            "host-uts",
            "host-userns",
            "seccomp-unconfined",
            "apparmor-unconfined",
            "writable-rootfs",
            "device-mapped",
            "image-unpinned",
            "port-all-interfaces",
            "no-healthcheck",
            "restart-policy",
        ] {
            assert!(find(id).is_some(), "missing rule {id}");
        }
    }

    #[test]
    fn every_rule_has_a_fix_and_references_for_what_it_checks() {
        for rule in CATALOG {
            assert!(rule.docker.is_some() || rule.kube.is_some(), "{}", rule.id);
            if let Some(d) = rule.docker {
                assert!(!d.run.is_empty() && !d.compose.is_empty(), "{}", rule.id);
                assert!(!d.references.is_empty(), "{}", rule.id);
            }
            if let Some(k) = rule.kube {
                assert!(
                    !k.yaml.is_empty() && !k.references.is_empty(),
                    "{}",
                    rule.id
                );
            }
        }
    }

    #[test]
    fn required_kubernetes_rule_ids_exist() {
        for id in [
            "privileged",
            "root-user",
            "cap-add",
            "privilege-escalation",
            "host-pid",
            "host-network",
            "host-ipc",
            "seccomp-unconfined",
            "apparmor-unconfined",
            "writable-rootfs",
            "no-memory-limit",
            "no-cpu-limit",
            "image-unpinned",
            "sensitive-mount",
            "docker-socket-mount",
            "host-path-volume",
            "host-port",
            "cap-drop-missing",
            "seccomp-missing",
            "proc-mount",
            "unsafe-sysctl",
            "selinux-custom",
            "volume-type",
            "windows-host-process",
            "sa-token-automount",
            "default-namespace",
        ] {
            let rule = find(id).unwrap_or_else(|| panic!("missing rule {id}"));
            assert!(
                rule.applies_to(SourceKind::Kubernetes),
                "{id} must check pods"
            );
        }
    }

    #[test]
    fn remediation_fills_subject_per_source_kind() {
        let docker = privileges::CAP_ADD.remediation(SourceKind::Docker, Some("SYS_ADMIN"));
        assert!(
            docker.contains("--cap-add SYS_ADMIN") && docker.contains("Compose"),
            "{docker}"
        );
        let kube = privileges::CAP_ADD.remediation(SourceKind::Kubernetes, Some("SYS_ADMIN"));
        assert!(
            kube.contains("drop: [\"ALL\"]") && kube.contains("remove SYS_ADMIN"),
            "{kube}"
        );
        assert!(!docker.contains("{subject}") && !kube.contains("{subject}"));
    }

    #[test]
    fn hits_never_exceed_the_rule_severity() {
        let mut w = docker();
        w.privileged = true;
        w.user = String::new();
        for rule in CATALOG {
            for hit in (rule.check)(&w) {
                assert!(hit.severity <= rule.severity, "{}: {:?}", rule.id, hit);
            }
        }
    }

    #[test]
    fn assess_sets_risk_to_worst_finding() {
        let mut w = docker();
        w.privileged = true;
        let assessed = assess(w);
        assert_eq!(assessed.risk, crate::model::Risk::Critical);
        assert_eq!(assessed.findings[0].rule, "privileged");
    }
}
