//! Host paths that must not be bind-mounted into a container, and how bad each one is.
//!
//! The list follows docker-bench-security 5.6, Trivy KSV-0121 and Falco's `sensitive_mount`
//! (see docs/rules.md). A mount is sensitive when its source is a listed path, lies inside a
//! listed path that covers its subtree, or is an ancestor of a listed path (mounting `/var`
//! exposes `/var/lib/docker`). The worst matching entry wins.

use super::severity::Severity;
use Severity::{Critical, High, Low, Medium};

/// One row of the sensitive-path table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SensitivePath {
    pub path: &'static str,
    /// Severity when mounted read-write.
    pub read_write: Severity,
    /// Severity when mounted read-only. Sockets stay critical: connecting is not a write.
    pub read_only: Severity,
    /// Whether paths below this one are as sensitive as the path itself.
    pub subtree: bool,
    pub why: &'static str,
}

const fn row(
    path: &'static str,
    read_write: Severity,
    read_only: Severity,
    subtree: bool,
    why: &'static str,
) -> SensitivePath {
    SensitivePath {
        path,
        read_write,
        read_only,
        subtree,
        why,
    }
}

const RUNTIME_API: &str = "container runtime API socket: whoever can connect can start a privileged container, which is root on the host";

pub const SENSITIVE_PATHS: &[SensitivePath] = &[
    row(
        "/",
        Critical,
        Critical,
        false,
        "the whole host filesystem; chroot into it gives a root shell on the host",
    ),
    row(
        "/etc",
        Critical,
        High,
        false,
        "host passwd/shadow/sudoers, cron, systemd units and service credentials",
    ),
    row(
        "/etc/kubernetes",
        Critical,
        High,
        true,
        "static-pod manifests run as privileged pods; the cluster CA and admin kubeconfigs live here",
    ),
    row(
        "/root",
        High,
        High,
        true,
        "root's SSH keys, kubeconfigs and cloud credentials",
    ),
    row(
        "/home",
        High,
        High,
        true,
        "users' SSH keys, kubeconfigs and cloud credentials",
    ),
    row(
        "/var/run/docker.sock",
        Critical,
        Critical,
        false,
        RUNTIME_API,
    ),
    row("/run/docker.sock", Critical, Critical, false, RUNTIME_API),
    row(
        "/run/containerd/containerd.sock",
        Critical,
        Critical,
        false,
        RUNTIME_API,
    ),
    row(
        "/var/run/crio/crio.sock",
        Critical,
        Critical,
        false,
        RUNTIME_API,
    ),
    row(
        "/run/crio/crio.sock",
        Critical,
        Critical,
        false,
        RUNTIME_API,
    ),
    row(
        "/run/podman/podman.sock",
        Critical,
        Critical,
        false,
        RUNTIME_API,
    ),
    row(
        "/var/run/cri-dockerd.sock",
        Critical,
        Critical,
        false,
        RUNTIME_API,
    ),
    row(
        "/run/k3s/containerd/containerd.sock",
        Critical,
        Critical,
        false,
        RUNTIME_API,
    ),
    row(
        "/run",
        High,
        High,
        false,
        "holds the container runtime sockets and other daemons' state",
    ),
    row(
        "/var/run",
        High,
        High,
        false,
        "holds the container runtime sockets and other daemons' state",
    ),
    row(
        "/run/containerd",
        High,
        High,
        true,
        "containerd's state and API socket",
    ),
    row(
        "/proc",
        Critical,
        High,
        true,
        "host procfs: /proc/sys, /proc/sysrq-trigger, core_pattern and every host process's root",
    ),
    row(
        "/sys",
        Critical,
        High,
        true,
        "kernel parameters and the cgroup release_agent escape",
    ),
    row(
        "/dev",
        Critical,
        High,
        true,
        "raw disks, /dev/mem and /dev/kmsg of the host",
    ),
    row(
        "/boot",
        High,
        Medium,
        true,
        "the host kernel and initrd can be replaced",
    ),
    row(
        "/lib",
        High,
        Medium,
        false,
        "host libraries can be overwritten for persistence",
    ),
    row(
        "/lib/modules",
        High,
        Medium,
        true,
        "kernel modules of the host",
    ),
    row(
        "/usr",
        High,
        Medium,
        false,
        "host binaries and libraries can be overwritten for persistence",
    ),
    row(
        "/bin",
        High,
        Medium,
        false,
        "host binaries can be overwritten for persistence",
    ),
    row(
        "/sbin",
        High,
        Medium,
        false,
        "host binaries can be overwritten for persistence",
    ),
    row(
        "/var/lib/docker",
        Critical,
        High,
        true,
        "every container's filesystem, volumes and configuration",
    ),
    row(
        "/var/lib/kubelet",
        Critical,
        High,
        true,
        "all pods' volumes including Secrets and service-account tokens; kubelet client certificates",
    ),
    row(
        "/var/lib/containerd",
        High,
        High,
        true,
        "container layers and snapshots of every pod",
    ),
    row(
        "/var/lib/etcd",
        Critical,
        Critical,
        true,
        "the full cluster state, Secrets included",
    ),
    row(
        "/var/log",
        Medium,
        Low,
        false,
        "the host's logs; writable logs let a pod read host files through the kubelet's log symlinks",
    ),
];

/// How a mount source relates to the listed path it matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    Exact,
    /// The source is inside the listed path (for rows that cover their subtree).
    Inside,
    /// The source is a parent of the listed path, so it exposes it.
    Contains,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SensitiveMatch {
    pub entry: &'static SensitivePath,
    pub relation: Relation,
    pub severity: Severity,
}

impl SensitiveMatch {
    /// One line for evidence: "/var (contains /var/lib/docker)".
    pub fn describe(&self, source: &str) -> String {
        match self.relation {
            Relation::Exact => source.to_owned(),
            Relation::Inside => format!("{source} (inside {})", self.entry.path),
            Relation::Contains => format!("{source} (contains {})", self.entry.path),
        }
    }
}

/// The worst sensitive-path match for a host path, or `None` when the path is not sensitive.
pub fn classify(host_path: &str, read_only: bool) -> Option<SensitiveMatch> {
    let path = normalise(host_path);
    SENSITIVE_PATHS
        .iter()
        .filter_map(|entry| {
            let relation = relation(&path, entry)?;
            let severity = if read_only {
                entry.read_only
            } else {
                entry.read_write
            };
            Some(SensitiveMatch {
                entry,
                relation,
                severity,
            })
        })
        .max_by_key(|m| (m.severity, m.relation == Relation::Exact))
}

fn relation(path: &str, entry: &SensitivePath) -> Option<Relation> {
    if path == entry.path {
        return Some(Relation::Exact);
    }
    if is_under(path, entry.path) && entry.subtree {
        return Some(Relation::Inside);
    }
    if is_under(entry.path, path) {
        return Some(Relation::Contains);
    }
    None
}

/// `child` lies strictly below `parent`.
fn is_under(child: &str, parent: &str) -> bool {
    if parent == "/" {
        return child.len() > 1 && child.starts_with('/');
    }
    child
        .strip_prefix(parent)
        .is_some_and(|rest| rest.starts_with('/'))
}

/// Lexical clean-up of an absolute path: collapse `//`, drop `.`, resolve `..`, no trailing `/`.
pub fn normalise(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    format!("/{}", parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_paths_match_with_rw_and_ro_severity() {
        assert_eq!(classify("/etc", false).map(|m| m.severity), Some(Critical));
        assert_eq!(classify("/etc", true).map(|m| m.severity), Some(High));
        assert_eq!(classify("/", true).map(|m| m.severity), Some(Critical));
    }

    #[test]
    fn sockets_stay_critical_read_only() {
        let m = classify("/var/run/docker.sock", true).unwrap();
        assert_eq!(m.severity, Critical);
        assert_eq!(m.relation, Relation::Exact);
    }

    #[test]
    fn parents_of_sensitive_paths_are_sensitive() {
        let m = classify("/var", true).unwrap();
        assert_eq!(m.relation, Relation::Contains);
        assert_eq!(m.severity, Critical, "{m:?}");
        assert!(m.describe("/var").contains("contains"));
    }

    #[test]
    fn subtrees_only_where_the_row_says_so() {
        assert_eq!(
            classify("/proc/sys", false).map(|m| m.relation),
            Some(Relation::Inside)
        );
        assert_eq!(
            classify("/home/alice/.ssh", true).map(|m| m.severity),
            Some(High)
        );
        assert!(classify("/etc/ssl/certs", true).is_none());
        assert!(classify("/usr/share/zoneinfo", true).is_none());
    }

    #[test]
    fn ordinary_paths_are_not_sensitive() {
        assert!(classify("/srv/app/data", false).is_none());
        assert!(classify("/opt/config", true).is_none());
        assert!(classify("/varnish", false).is_none());
    }

    #[test]
    fn paths_are_normalised_first() {
        assert_eq!(normalise("//etc/./kubernetes/../"), "/etc");
        assert_eq!(
            classify("/etc/", false).map(|m| m.relation),
            Some(Relation::Exact)
        );
        assert_eq!(
            classify("/tmp/../etc", false).map(|m| m.relation),
            Some(Relation::Exact)
        );
    }
}
