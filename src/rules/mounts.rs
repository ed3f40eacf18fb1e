//! Mount and device rules: sensitive host paths, the Docker socket, host devices, propagation.

use super::{DockerFix, Hit, KubeFix, Pss, Rule};
use crate::model::sensitive_paths::classify;
use crate::model::{Mount, Severity, Workload};

fn access(m: &Mount) -> &'static str {
    if m.read_only {
        "read-only"
    } else {
        "read-write"
    }
}

/// What the fix names: the `-v` argument for Docker, the hostPath for a pod.
fn mount_flag(w: &Workload, m: &Mount) -> String {
    if w.kubernetes.is_some() {
        return m.source.clone();
    }
    let ro = if m.read_only { ":ro" } else { "" };
    format!("{}:{}{ro}", m.source, m.destination)
}

pub static DOCKER_SOCKET_MOUNT: Rule = Rule {
    id: "docker-socket-mount",
    title: "Docker socket mounted",
    severity: Severity::Critical,
    risk: "Whoever can talk to the Docker API can start a privileged container with / mounted: \
           root on the host. Read-only does not help; connecting to a socket is not a write.",
    docker: Some(DockerFix {
        advice: "Do not mount the Docker socket. If a tool really needs the API, put a filtering \
                 proxy in front that allows only the calls it makes, and never expose it to \
                 untrusted code.",
        run: "remove -v {subject}",
        compose: "volumes:\n  - {subject}     # delete this entry",
        references: &["CIS Docker 1.6.0 5.32"],
    }),
    kube: Some(KubeFix {
        advice: "Remove the hostPath volume of the container runtime socket and its volumeMount. A tool that needs the API should talk to the Kubernetes API with a narrowly bound ServiceAccount instead.",
        yaml: "volumes:\n  - name: ...          # delete this hostPath volume\n    hostPath:\n      path: {subject}",
        pss: Some(Pss::Baseline),
        references: &["PSS baseline: HostPath Volumes"],
    }),
    check: |w| {
        w.mounts
            .iter()
            .filter(|m| m.is_docker_socket())
            .map(|m| {
                Hit::new(
                    Severity::Critical,
                    format!("{} -> {} ({})", m.source, m.destination, access(m)),
                )
                .about(mount_flag(w, m))
            })
            .collect()
    },
};

pub static SENSITIVE_MOUNT: Rule = Rule {
    id: "sensitive-mount",
    title: "Sensitive host path mounted",
    severity: Severity::Critical,
    risk: "Host system files become readable, or writable, from the container: credentials, \
           kernel interfaces, other containers' data, the host's binaries.",
    docker: Some(DockerFix {
        advice: "Do not mount host system paths. Copy in the files the process needs or use a \
                 named volume. If a host path is unavoidable, mount the narrowest one, read-only.",
        run: "remove -v {subject}; if unavoidable: -v /narrow/host/path:/dest:ro",
        compose: "volumes:\n  - {subject}     # delete, or narrow it and add :ro",
        references: &["CIS Docker 1.6.0 5.6"],
    }),
    kube: Some(KubeFix {
        advice: "Remove the hostPath volume. Use a ConfigMap, Secret, emptyDir or PersistentVolumeClaim for the data the container needs; if a host path is unavoidable, mount the narrowest one read-only.",
        yaml: "volumes:\n  - name: ...          # delete, or narrow this hostPath\n    hostPath:\n      path: {subject}\n# and in the container: readOnly: true",
        pss: Some(Pss::Baseline),
        references: &["PSS baseline: HostPath Volumes"],
    }),
    check: |w| {
        w.mounts
            .iter()
            .filter(|m| m.kind.is_host_path() && !m.is_docker_socket())
            .filter_map(|m| {
                let found = classify(&m.source, m.read_only)?;
                let evidence = format!(
                    "{} -> {} ({}): {}",
                    found.describe(&m.source),
                    m.destination,
                    access(m),
                    found.entry.why
                );
                Some(Hit::new(found.severity, evidence).about(mount_flag(w, m)))
            })
            .collect()
    },
};

pub static DEVICE_MAPPED: Rule = Rule {
    id: "device-mapped",
    title: "Host device exposed",
    severity: Severity::Critical,
    risk: "Direct device access bypasses filesystem isolation: a raw disk or /dev/mem gives the \
           whole host; a cgroup rule of `a *:* rwm` allows every device node.",
    docker: Some(DockerFix {
        advice: "Remove the device unless the workload truly drives hardware; then map only that \
                 node with the least permissions (r or rw, not m).",
        run: "remove --device {subject} (and any --device-cgroup-rule)",
        compose: "devices:\n  - {subject}     # delete this entry",
        references: &["CIS Docker 1.6.0 5.18"],
    }),
    kube: None,
    check: |w: &Workload| {
        let devices = w.devices.iter().map(|d| {
            let severity = device_severity(&d.host_path);
            let evidence = format!(
                "{} -> {} ({})",
                d.host_path, d.container_path, d.permissions
            );
            Hit::new(severity, evidence).about(d.host_path.clone())
        });
        let rules = w.device_cgroup_rules.iter().map(|rule| {
            let severity = if is_wildcard_device_rule(rule) {
                Severity::Critical
            } else {
                Severity::Medium
            };
            Hit::new(severity, format!("device cgroup rule \"{rule}\"")).about(rule.clone())
        });
        devices.chain(rules).collect()
    },
};

/// Block devices and memory devices are worse than character devices like /dev/fuse.
fn device_severity(path: &str) -> Severity {
    const RAW: [&str; 4] = ["/dev/mem", "/dev/kmem", "/dev/port", "/dev/kmsg"];
    const BLOCK: [&str; 9] = [
        "/dev/sd",
        "/dev/hd",
        "/dev/vd",
        "/dev/xvd",
        "/dev/nvme",
        "/dev/dm-",
        "/dev/loop",
        "/dev/mapper/",
        "/dev/md",
    ];
    if RAW.contains(&path) || BLOCK.iter().any(|p| path.starts_with(p)) || path == "/dev" {
        Severity::High
    } else {
        Severity::Medium
    }
}

/// `a *:* rwm`, `b *:* rwm`, `c *:* rwm`: every device of that type.
fn is_wildcard_device_rule(rule: &str) -> bool {
    let parts: Vec<&str> = rule.split_whitespace().collect();
    matches!(parts.as_slice(), [_, "*:*", perms] if perms.contains('w') || perms.contains('m'))
}

pub static MOUNT_PROPAGATION: Rule = Rule {
    id: "mount-propagation",
    title: "Shared mount propagation",
    severity: Severity::Medium,
    risk: "With shared propagation, mounts made inside the container appear on the host and the \
           other way round.",
    docker: Some(DockerFix {
        advice: "Use the default private propagation for bind mounts.",
        run: "drop the :shared / :rshared option from -v {subject}",
        compose: "volumes:\n  - type: bind\n    bind:\n      propagation: rprivate",
        references: &["CIS Docker 1.6.0 5.20"],
    }),
    kube: None,
    check: |w| {
        w.mounts
            .iter()
            .filter(|m| matches!(m.propagation.as_deref(), Some("shared" | "rshared")))
            .map(|m| {
                let prop = m.propagation.as_deref().unwrap_or_default();
                Hit::new(
                    Severity::Medium,
                    format!("{} -> {} has propagation {prop}", m.source, m.destination),
                )
                .about(mount_flag(w, m))
            })
            .collect()
    },
};

#[cfg(test)]
mod tests {
    use super::super::test_support::{docker, fired, with_bind};
    use super::*;
    use crate::model::{Device, MountKind};

    #[test]
    fn sensitive_bind_fires_with_ro_lowering_severity() {
        let rw = (SENSITIVE_MOUNT.check)(&with_bind("/etc", "/host-etc", false));
        let ro = (SENSITIVE_MOUNT.check)(&with_bind("/etc", "/host-etc", true));
        assert_eq!(rw[0].severity, Severity::Critical);
        assert_eq!(ro[0].severity, Severity::High);
        assert!(ro[0].evidence.contains("read-only"));
        assert_eq!(ro[0].subject.as_deref(), Some("/etc:/host-etc:ro"));
    }

    #[test]
    fn every_listed_system_path_fires() {
        for path in [
            "/",
            "/etc",
            "/root",
            "/proc",
            "/sys",
            "/boot",
            "/dev",
            "/var/lib/docker",
        ] {
            let w = with_bind(path, "/x", false);
            assert_eq!(fired(&w), vec!["sensitive-mount".to_owned()], "{path}");
        }
    }

    #[test]
    fn named_volume_and_app_dirs_are_quiet() {
        let mut w = docker();
        w.mounts.push(Mount::new(
            MountKind::Volume,
            "/var/lib/docker/volumes/db/_data",
            "/db",
            false,
        ));
        w.mounts.push(Mount::new(
            MountKind::Bind,
            "/srv/app/config",
            "/config",
            true,
        ));
        assert!(fired(&w).is_empty());
    }

    #[test]
    fn docker_socket_fires_its_own_rule_not_sensitive_mount() {
        let w = with_bind("/var/run/docker.sock", "/var/run/docker.sock", true);
        assert_eq!(fired(&w), vec!["docker-socket-mount".to_owned()]);
        let hit = &(DOCKER_SOCKET_MOUNT.check)(&w)[0];
        assert_eq!(hit.severity, Severity::Critical, "read-only does not help");
    }

    #[test]
    fn devices_rated_by_kind() {
        let mut w = docker();
        for path in ["/dev/fuse", "/dev/sda", "/dev/mem"] {
            w.devices.push(Device {
                host_path: path.into(),
                container_path: path.into(),
                permissions: "rwm".into(),
            });
        }
        w.device_cgroup_rules.push("a *:* rwm".into());
        let sev: Vec<Severity> = (DEVICE_MAPPED.check)(&w)
            .iter()
            .map(|h| h.severity)
            .collect();
        assert_eq!(
            sev,
            vec![
                Severity::Medium,
                Severity::High,
                Severity::High,
                Severity::Critical
            ]
        );
        assert!((DEVICE_MAPPED.check)(&docker()).is_empty());
    }

    #[test]
    fn shared_propagation_fires() {
        let mut w = with_bind("/srv/data", "/data", false);
        assert!((MOUNT_PROPAGATION.check)(&w).is_empty());
        if let Some(m) = w.mounts.last_mut() {
            m.propagation = Some("rshared".into());
        }
        assert_eq!(fired(&w), vec!["mount-propagation".to_owned()]);
    }
}
