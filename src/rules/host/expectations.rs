//! Owner and mode the CIS benchmarks expect for each watched path (CIS Docker Benchmark 1.6.0
//! section 3; CIS Kubernetes Benchmark 1.8+ sections 1.1 and 4.1), as data.

use crate::model::Severity;
use crate::model::host::path_matches;

#[derive(Debug)]
pub struct Expectation {
    /// Watched-path patterns this applies to (`*` is one whole component).
    pub paths: &'static [&'static str],
    pub owner: &'static str,
    /// Accepted groups; the first is the one CIS names.
    pub groups: &'static [&'static str],
    /// The loosest mode allowed: any bit outside it is a finding.
    pub max_mode: u32,
    /// For a wrong owner or any extra bit.
    pub severity: Severity,
    /// When every user may write it (`o+w`): anyone on the node can then act as root.
    pub other_writable: Severity,
    /// When every user may read it although the mode forbids it (credentials).
    pub other_readable: Severity,
    pub references: &'static str,
}

impl Expectation {
    /// `root:docker`.
    pub fn ownership(&self) -> String {
        format!(
            "{}:{}",
            self.owner,
            self.groups.first().copied().unwrap_or("root")
        )
    }
}

/// Configuration read by a root daemon: a wrong owner or mode lets someone else change how
/// it runs. Medium, high when any user may write it.
const fn config(
    paths: &'static [&'static str],
    max_mode: u32,
    references: &'static str,
) -> Expectation {
    Expectation {
        paths,
        owner: "root",
        groups: &["root"],
        max_mode,
        severity: Severity::Medium,
        other_writable: Severity::High,
        other_readable: Severity::Medium,
        references,
    }
}

/// Kubeconfigs carry credentials: readable by every user is as bad as writable.
const fn credentials(paths: &'static [&'static str], references: &'static str) -> Expectation {
    Expectation {
        other_readable: Severity::High,
        ..config(paths, 0o600, references)
    }
}

/// An API socket is root itself: whoever can connect controls the engine.
const fn socket(
    paths: &'static [&'static str],
    groups: &'static [&'static str],
    references: &'static str,
) -> Expectation {
    Expectation {
        paths,
        owner: "root",
        groups,
        max_mode: 0o660,
        severity: Severity::High,
        other_writable: Severity::Critical,
        other_readable: Severity::High,
        references,
    }
}

pub static EXPECTATIONS: &[Expectation] = &[
    // root:root is stricter than root:docker (only root may connect), so it passes too.
    socket(
        &["/var/run/docker.sock", "/run/docker.sock"],
        &["docker", "root"],
        "CIS Docker 1.6.0 3.15, 3.16",
    ),
    socket(
        &["/run/containerd/containerd.sock"],
        &["root"],
        "CIS Docker 1.6.0 3.23, 3.24",
    ),
    config(
        &[
            "/etc/systemd/system/docker.service",
            "/lib/systemd/system/docker.service",
            "/usr/lib/systemd/system/docker.service",
            "/etc/systemd/system/docker.service.d/*",
        ],
        0o644,
        "CIS Docker 1.6.0 3.1, 3.2",
    ),
    config(
        &[
            "/etc/systemd/system/docker.socket",
            "/lib/systemd/system/docker.socket",
            "/usr/lib/systemd/system/docker.socket",
        ],
        0o644,
        "CIS Docker 1.6.0 3.3, 3.4",
    ),
    config(&["/etc/docker"], 0o755, "CIS Docker 1.6.0 3.5, 3.6"),
    config(
        &["/etc/docker/certs.d/*/*"],
        0o444,
        "CIS Docker 1.6.0 3.7, 3.8",
    ),
    config(
        &["/etc/docker/daemon.json"],
        0o644,
        "CIS Docker 1.6.0 3.17, 3.18",
    ),
    config(
        &["/etc/default/docker"],
        0o644,
        "CIS Docker 1.6.0 3.19, 3.20",
    ),
    config(
        &["/etc/sysconfig/docker"],
        0o644,
        "CIS Docker 1.6.0 3.21, 3.22",
    ),
    // Not in a CIS benchmark; containerd's config deserves what daemon.json gets.
    config(
        &["/etc/containerd/config.toml"],
        0o644,
        "as CIS Docker 1.6.0 3.17, 3.18 for daemon.json",
    ),
    config(
        &["/etc/systemd/system/kubelet.service.d/*"],
        0o600,
        "CIS Kubernetes 4.1.1, 4.1.2",
    ),
    credentials(
        &["/etc/kubernetes/kubelet.conf"],
        "CIS Kubernetes 4.1.5, 4.1.6",
    ),
    config(
        &["/var/lib/kubelet/config.yaml"],
        0o600,
        "CIS Kubernetes 4.1.9, 4.1.10",
    ),
    config(
        &["/etc/kubernetes/manifests/*"],
        0o600,
        "CIS Kubernetes 1.1.1-1.1.8",
    ),
    credentials(
        &["/etc/kubernetes/admin.conf"],
        "CIS Kubernetes 1.1.13, 1.1.14",
    ),
];

/// What CIS expects of a host path, if it says anything.
pub fn for_path(path: &str) -> Option<&'static Expectation> {
    EXPECTATIONS
        .iter()
        .find(|e| e.paths.iter().any(|p| path_matches(p, path)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stars_match_entries_not_the_folder() {
        assert!(for_path("/etc/kubernetes/manifests/etcd.yaml").is_some());
        assert!(for_path("/etc/kubernetes/manifests").is_none());
        assert_eq!(
            for_path("/run/docker.sock").map(Expectation::ownership),
            Some("root:docker".into())
        );
    }
}
