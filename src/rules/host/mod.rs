//! Rules about the node's own files: ownership and mode of the engine's and kubelet's
//! configuration (CIS Docker section 3, CIS Kubernetes 1.1 and 4.1), and changes since the
//! integrity baseline.

mod changes;
pub(crate) mod expectations;
mod permissions;

use super::scoped::ScopedRule;
pub use super::scoped::{Scope, ScopedHit};
use crate::model::Finding;
use crate::model::host::HostFacts;
use jiff::civil::Date;

pub type HostRule = ScopedRule<HostFacts>;

/// Worst first.
pub static HOST_CATALOG: &[&HostRule] = &[
    &permissions::HOST_FILE_PERMISSIONS,
    &changes::CONFIG_CHANGED,
];

/// Every host finding.
pub fn evaluate(facts: &HostFacts, today: Date) -> Vec<Finding> {
    super::scoped::evaluate(HOST_CATALOG, facts, today)
}

#[cfg(test)]
pub(crate) mod test_support {
    use crate::model::host::{BaselineInfo, FileKind, HostFacts, HostFile};

    /// A root-owned regular file.
    pub fn file(path: &str, mode: u32) -> HostFile {
        HostFile {
            path: path.into(),
            kind: FileKind::File,
            mode,
            uid: 0,
            gid: 0,
            owner: Some("root".into()),
            group: Some("root".into()),
            sha256: Some("0".repeat(64)),
            size: 10,
        }
    }

    pub fn facts(files: Vec<HostFile>) -> HostFacts {
        HostFacts {
            root: "/".into(),
            files,
            baseline: Some(BaselineInfo {
                recorded_at: "2026-11-29T07:10:00Z".parse().unwrap_or_default(),
                path: "/data/host-baseline.json".into(),
                recorded_now: false,
            }),
            changes: Vec::new(),
            errors: Vec::new(),
        }
    }

    /// A node as CIS wants it, with a baseline and no changes.
    pub fn tidy() -> HostFacts {
        let mut socket = file("/run/docker.sock", 0o660);
        socket.kind = FileKind::Socket;
        socket.gid = 998;
        socket.group = Some("docker".into());
        let mut etc_docker = file("/etc/docker", 0o755);
        etc_docker.kind = FileKind::Directory;
        facts(vec![
            etc_docker,
            file("/etc/docker/daemon.json", 0o644),
            file("/etc/kubernetes/admin.conf", 0o600),
            file("/etc/kubernetes/manifests/etcd.yaml", 0o600),
            file("/lib/systemd/system/docker.service", 0o644),
            socket,
            file("/var/lib/kubelet/config.yaml", 0o600),
        ])
    }

    pub fn today() -> jiff::civil::Date {
        jiff::civil::date(2026, 11, 29)
    }

    #[test]
    fn a_tidy_node_has_no_findings() {
        assert!(super::evaluate(&tidy(), today()).is_empty());
    }

    #[test]
    fn catalog_is_worst_first_with_stable_ids() {
        let ids: Vec<_> = super::HOST_CATALOG.iter().map(|r| r.id).collect();
        assert_eq!(ids, ["host-file-permissions", "config-changed"]);
        assert!(
            super::HOST_CATALOG
                .windows(2)
                .all(|w| w[0].severity >= w[1].severity)
        );
    }
}
