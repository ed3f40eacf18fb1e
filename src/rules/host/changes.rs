//! Watched files added, removed or changed since the integrity baseline.

use super::{HostRule, Scope, ScopedHit};
use crate::model::Severity;
use crate::model::host::{FileChange, path_matches};

/// Files whose change alters what runs as root on the node, or how it is confined: high. A
/// changed daemon.json can open the API on TCP or drop user-namespace remapping; a unit file
/// or drop-in can add daemon or kubelet flags; a new static-pod manifest runs a pod, with any
/// privileges it asks for, without passing the API server's admission. The rest (sockets,
/// which are recreated at every start; certificates and kubeconfigs, which rotate) is medium.
const HIGH: &[&str] = &[
    "/etc/docker/daemon.json",
    "/etc/default/docker",
    "/etc/sysconfig/docker",
    "/etc/systemd/system/docker.service",
    "/etc/systemd/system/docker.socket",
    "/etc/systemd/system/docker.service.d/*",
    "/lib/systemd/system/docker.service",
    "/lib/systemd/system/docker.socket",
    "/usr/lib/systemd/system/docker.service",
    "/usr/lib/systemd/system/docker.socket",
    "/etc/containerd/config.toml",
    "/var/lib/kubelet/config.yaml",
    "/etc/systemd/system/kubelet.service.d/*",
    "/etc/kubernetes/manifests/*",
];

pub static CONFIG_CHANGED: HostRule = HostRule {
    id: "config-changed",
    title: "Engine or kubelet file changed since the baseline",
    severity: Severity::High,
    risk: "A change to the engine's or kubelet's configuration that nobody planned is how a \
           foothold on the node becomes persistent: the daemon opened on TCP, a flag added to \
           a unit file, a static pod dropped into the manifests folder. Changes to these files \
           should be rare and known.",
    fix: "Review the change named in the evidence (who made it, and why: the package manager, \
          configuration management, a person). If it is unexpected, restore the file from \
          configuration management or a backup and investigate the node. If it is expected, \
          accept it by recording a new baseline:\n\n\
          shipshape baseline\n\n\
          (with the same --host-root, if the audit used one).",
    references: &[
        "CIS Docker Benchmark 1.6.0 section 3",
        "CIS Kubernetes Benchmark sections 1.1 and 4.1",
        "NIST SP 800-190 4.5 (host OS integrity)",
    ],
    check: |facts, _| {
        let since = facts.baseline.as_ref().map_or_else(
            || "since the baseline".to_owned(),
            |b| {
                format!(
                    "since the baseline of {}",
                    b.recorded_at.strftime("%Y-%m-%d %H:%M UTC")
                )
            },
        );
        facts.changes.iter().map(|c| hit(c, &since)).collect()
    },
};

fn hit(change: &FileChange, since: &str) -> ScopedHit {
    let severity = if HIGH.iter().any(|p| path_matches(p, &change.path)) {
        Severity::High
    } else {
        Severity::Medium
    };
    ScopedHit {
        severity,
        evidence: format!(
            "{} {} {since}: {}",
            change.path,
            change.kind.as_str(),
            change.details.join("; ")
        ),
        scope: Scope::Host,
        target: change.path.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{tidy, today};
    use super::*;
    use crate::model::host::ChangeKind;

    fn change(path: &str, kind: ChangeKind, details: &[&str]) -> FileChange {
        FileChange {
            path: path.into(),
            kind,
            details: details.iter().map(|d| (*d).into()).collect(),
        }
    }

    #[test]
    fn one_hit_per_change_naming_file_and_change() {
        let mut facts = tidy();
        facts.changes = vec![
            change(
                "/etc/docker/daemon.json",
                ChangeKind::Modified,
                &["content sha256 1a2b3c4d… → 5e6f7a8b…", "mode 0644 → 0666"],
            ),
            change(
                "/run/docker.sock",
                ChangeKind::Modified,
                &["mode 0660 → 0666"],
            ),
            change(
                "/etc/kubernetes/manifests/evil.yaml",
                ChangeKind::Added,
                &["file root:root 0600, 300 bytes"],
            ),
        ];
        let hits = (CONFIG_CHANGED.check)(&facts, today());
        assert_eq!(hits.len(), 3);
        assert_eq!(
            hits[0].evidence,
            "/etc/docker/daemon.json modified since the baseline of 2026-11-29 07:10 UTC: \
             content sha256 1a2b3c4d… → 5e6f7a8b…; mode 0644 → 0666"
        );
        assert_eq!(hits[0].severity, Severity::High);
        assert_eq!(hits[0].target, "/etc/docker/daemon.json");
        assert_eq!(hits[0].scope, Scope::Host);
        assert_eq!(hits[1].severity, Severity::Medium);
        assert_eq!(hits[2].severity, Severity::High);
        assert!(hits[2].evidence.contains("evil.yaml added since"));
    }

    #[test]
    fn removed_unit_file_is_high() {
        let mut facts = tidy();
        facts.changes = vec![change(
            "/lib/systemd/system/docker.socket",
            ChangeKind::Removed,
            &["was file root:root 0644, 120 bytes"],
        )];
        let hits = (CONFIG_CHANGED.check)(&facts, today());
        assert_eq!(hits[0].severity, Severity::High);
        assert!(hits[0].evidence.contains("removed since the baseline of"));
    }

    #[test]
    fn quiet_without_changes() {
        assert!((CONFIG_CHANGED.check)(&tidy(), today()).is_empty());
    }

    #[test]
    fn the_fix_says_how_to_accept_a_change() {
        assert!(CONFIG_CHANGED.fix.contains("shipshape baseline"));
    }
}
