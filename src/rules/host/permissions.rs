//! Owner and mode of the engine's and kubelet's files against the CIS benchmarks.

use super::expectations::{self, Expectation};
use super::{HostRule, Scope, ScopedHit};
use crate::model::Severity;
use crate::model::host::{FileKind, HostFile};

pub static HOST_FILE_PERMISSIONS: HostRule = HostRule {
    id: "host-file-permissions",
    title: "Engine or kubelet file with a loose owner or mode",
    severity: Severity::Critical,
    risk: "These files decide how the Docker engine, containerd and the kubelet run, all as \
           root. Whoever may write one, or connect to the engine's socket, can start a \
           privileged container and so becomes root on the node; a kubeconfig others may read \
           hands them its credentials.",
    fix: "Give the file the owner and mode the CIS benchmark expects (a stricter mode is \
          fine), then find out how it got loose: a world-writable engine file may already \
          have been changed. The commands for each watched path:\n\n\
          chown root:docker /var/run/docker.sock && chmod 660 /var/run/docker.sock\n\
          chown root:docker /run/docker.sock && chmod 660 /run/docker.sock\n\
          chown root:root /run/containerd/containerd.sock && chmod 660 /run/containerd/containerd.sock\n\
          chown root:root /etc/systemd/system/docker.service && chmod 644 /etc/systemd/system/docker.service\n\
          chown root:root /lib/systemd/system/docker.service && chmod 644 /lib/systemd/system/docker.service\n\
          chown root:root /usr/lib/systemd/system/docker.service && chmod 644 /usr/lib/systemd/system/docker.service\n\
          chown root:root /etc/systemd/system/docker.service.d/* && chmod 644 /etc/systemd/system/docker.service.d/*\n\
          chown root:root /etc/systemd/system/docker.socket && chmod 644 /etc/systemd/system/docker.socket\n\
          chown root:root /lib/systemd/system/docker.socket && chmod 644 /lib/systemd/system/docker.socket\n\
          chown root:root /usr/lib/systemd/system/docker.socket && chmod 644 /usr/lib/systemd/system/docker.socket\n\
          chown root:root /etc/docker && chmod 755 /etc/docker\n\
          chown root:root /etc/docker/certs.d/*/* && chmod 444 /etc/docker/certs.d/*/*\n\
          chown root:root /etc/docker/daemon.json && chmod 644 /etc/docker/daemon.json\n\
          chown root:root /etc/default/docker && chmod 644 /etc/default/docker\n\
          chown root:root /etc/sysconfig/docker && chmod 644 /etc/sysconfig/docker\n\
          chown root:root /etc/containerd/config.toml && chmod 644 /etc/containerd/config.toml\n\
          chown root:root /etc/systemd/system/kubelet.service.d/* && chmod 600 /etc/systemd/system/kubelet.service.d/*\n\
          chown root:root /etc/kubernetes/kubelet.conf && chmod 600 /etc/kubernetes/kubelet.conf\n\
          chown root:root /var/lib/kubelet/config.yaml && chmod 600 /var/lib/kubelet/config.yaml\n\
          chown root:root /etc/kubernetes/manifests/* && chmod 600 /etc/kubernetes/manifests/*\n\
          chown root:root /etc/kubernetes/admin.conf && chmod 600 /etc/kubernetes/admin.conf\n\n\
          Sockets are created anew at every start, so also fix where they come from: \
          docker.socket ([Socket] SocketUser=root, SocketGroup=docker, SocketMode=0660, then \
          systemctl daemon-reload && systemctl restart docker.socket) and containerd's \
          config.toml ([grpc] uid = 0, gid = 0).",
    references: &[
        "CIS Docker Benchmark 1.6.0 3.1-3.8, 3.15-3.24",
        "CIS Kubernetes Benchmark 1.1.1-1.1.8, 1.1.13, 1.1.14, 4.1.1, 4.1.2, 4.1.5, 4.1.6, \
         4.1.9, 4.1.10",
    ],
    check: |facts, _| {
        facts
            .files
            .iter()
            // A symlink's own mode means nothing; its target is another path.
            .filter(|f| f.kind != FileKind::Symlink)
            .filter_map(|f| expectations::for_path(&f.path).and_then(|e| judge(f, e)))
            .collect()
    },
};

fn judge(file: &HostFile, expected: &Expectation) -> Option<ScopedHit> {
    // Bits, not numbers: 0606 is below 0644 as a number, yet lets every user write.
    let extra = file.mode & !expected.max_mode;
    let owner_ok = if expected.owner == "root" {
        file.uid == 0
    } else {
        file.owner.as_deref() == Some(expected.owner)
    };
    let group_ok = expected.groups.iter().any(|g| {
        if *g == "root" {
            file.gid == 0
        } else {
            file.group.as_deref() == Some(*g)
        }
    });
    if extra == 0 && owner_ok && group_ok {
        return None;
    }
    let mut severity = expected.severity;
    if extra & 0o002 != 0 {
        severity = severity.max(expected.other_writable);
    }
    if extra & 0o004 != 0 {
        severity = severity.max(expected.other_readable);
    }
    Some(ScopedHit {
        severity,
        evidence: format!(
            "{} is {} {}; CIS expects {} and at most {:04o} ({})",
            file.path,
            file.ownership(),
            file.mode_label(),
            expected.ownership(),
            expected.max_mode,
            expected.references,
        ),
        scope: Scope::Host,
        target: file.path.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{facts, file, today};
    use super::*;

    fn hits(files: Vec<HostFile>) -> Vec<ScopedHit> {
        (HOST_FILE_PERMISSIONS.check)(&facts(files), today())
    }

    #[test]
    fn a_world_writable_daemon_json() {
        let hits = hits(vec![file("/etc/docker/daemon.json", 0o666)]);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].severity, Severity::High);
        assert_eq!(hits[0].target, "/etc/docker/daemon.json");
        assert_eq!(hits[0].scope, Scope::Host);
        assert!(
            hits[0].evidence.starts_with(
                "/etc/docker/daemon.json is root:root 0666; CIS expects root:root and at most 0644"
            ),
            "{}",
            hits[0].evidence
        );
    }

    #[test]
    fn bits_not_numbers() {
        // 0606 < 0644 as a number, but every user may write it.
        assert_eq!(
            hits(vec![file("/etc/default/docker", 0o606)])[0].severity,
            Severity::High
        );
        // Group-execute only: still outside 0644.
        assert_eq!(
            hits(vec![file("/etc/default/docker", 0o654)])[0].severity,
            Severity::Medium
        );
        // setuid is outside every expectation.
        assert_eq!(hits(vec![file("/etc/docker/daemon.json", 0o4644)]).len(), 1);
        // Stricter than expected is fine.
        assert!(hits(vec![file("/etc/docker/daemon.json", 0o600)]).is_empty());
        assert!(hits(vec![file("/etc/docker/daemon.json", 0o400)]).is_empty());
    }

    #[test]
    fn the_docker_socket() {
        let mut sock = file("/var/run/docker.sock", 0o660);
        sock.kind = FileKind::Socket;
        sock.gid = 998;
        sock.group = Some("docker".into());
        assert!(hits(vec![sock.clone()]).is_empty());
        // root:root is stricter than root:docker.
        let mut root_only = file("/run/docker.sock", 0o660);
        root_only.kind = FileKind::Socket;
        assert!(hits(vec![root_only]).is_empty());

        sock.mode = 0o666;
        let h = hits(vec![sock.clone()]);
        assert_eq!(h[0].severity, Severity::Critical);
        assert!(
            h[0].evidence
                .contains("root:docker 0666; CIS expects root:docker and at most 0660")
        );
        sock.mode = 0o664;
        assert_eq!(hits(vec![sock.clone()])[0].severity, Severity::High);
        sock.mode = 0o660;
        sock.group = Some("users".into());
        sock.gid = 100;
        assert_eq!(hits(vec![sock])[0].severity, Severity::High);
    }

    #[test]
    fn wrong_owner_and_credentials() {
        let mut unit = file("/lib/systemd/system/docker.service", 0o644);
        unit.uid = 1000;
        unit.owner = Some("alice".into());
        let h = hits(vec![unit]);
        assert_eq!(h[0].severity, Severity::Medium);
        assert!(h[0].evidence.contains("is alice:root 0644"));
        // Readable kubeconfig with cluster-admin credentials.
        let h = hits(vec![file("/etc/kubernetes/admin.conf", 0o644)]);
        assert_eq!(h[0].severity, Severity::High);
        assert!(h[0].evidence.contains("CIS Kubernetes 1.1.13, 1.1.14"));
        // A kubelet config readable by all is a plain deviation.
        let h = hits(vec![file("/var/lib/kubelet/config.yaml", 0o644)]);
        assert_eq!(h[0].severity, Severity::Medium);
        let h = hits(vec![file("/etc/kubernetes/manifests/etcd.yaml", 0o644)]);
        assert_eq!(h[0].target, "/etc/kubernetes/manifests/etcd.yaml");
    }

    #[test]
    fn quiet_for_tidy_files_symlinks_and_unknown_paths() {
        assert!(
            (HOST_FILE_PERMISSIONS.check)(&super::super::test_support::tidy(), today()).is_empty()
        );
        let mut link = file("/etc/docker/daemon.json", 0o777);
        link.kind = FileKind::Symlink;
        assert!(hits(vec![link]).is_empty());
        assert!(hits(vec![file("/etc/extra/watched.conf", 0o666)]).is_empty());
    }

    #[test]
    fn the_fix_lists_the_command_for_every_expectation() {
        for e in expectations::EXPECTATIONS {
            for path in e.paths {
                let command = format!(
                    "chown {} {path} && chmod {:o} {path}\n",
                    e.ownership(),
                    e.max_mode
                );
                assert!(HOST_FILE_PERMISSIONS.fix.contains(&command), "{command}");
            }
        }
    }
}
