//! Pod Security Standards controls that have no Docker counterpart, plus the service-account
//! token and default-namespace checks. Facts come from `Workload::kubernetes`; pod-level
//! controls (volumes, sysctls, host ports) are reported on each container of the pod.

use super::{Hit, KubeFix, Pss, Rule, hit_if};
use crate::model::kube::KubeFacts;
use crate::model::sensitive_paths::classify;
use crate::model::{Profile, Severity, Workload};

/// Runs `check` on pod containers only.
fn pod(w: &Workload, check: impl Fn(&KubeFacts) -> Vec<Hit>) -> Vec<Hit> {
    w.kubernetes.as_ref().map(check).unwrap_or_default()
}

pub static WINDOWS_HOST_PROCESS: Rule = Rule {
    id: "windows-host-process",
    title: "Windows HostProcess container",
    severity: Severity::Critical,
    risk: "A HostProcess container runs directly on the Windows node with the node's privileges.",
    docker: None,
    kube: Some(KubeFix {
        advice: "Do not run HostProcess containers outside node-management namespaces.",
        yaml: "securityContext:\n  windowsOptions:\n    hostProcess: false",
        pss: Some(Pss::Baseline),
        references: &["PSS baseline: HostProcess"],
    }),
    check: |w| {
        pod(w, |k| {
            hit_if(
                k.host_process,
                Severity::Critical,
                "windowsOptions.hostProcess is true",
            )
        })
    },
};

pub static HOST_PATH_VOLUME: Rule = Rule {
    id: "host-path-volume",
    title: "hostPath volume",
    severity: Severity::High,
    risk: "A hostPath volume ties the pod to a node's filesystem and gives it access outside the \
           container; baseline forbids every hostPath.",
    docker: None,
    kube: Some(KubeFix {
        advice: "Replace the hostPath volume {subject} with an emptyDir, ConfigMap, Secret or \
                 PersistentVolumeClaim.",
        yaml: "volumes:\n  - name: data\n    emptyDir: {}   # instead of hostPath {subject}",
        pss: Some(Pss::Baseline),
        references: &["PSS baseline: HostPath Volumes"],
    }),
    // Sensitive paths are reported by sensitive-mount / docker-socket-mount instead.
    check: |w| {
        pod(w, |k| {
            k.volumes
                .iter()
                .filter(|v| v.kind == "hostPath")
                .filter_map(|v| {
                    let path = v.path.as_deref().unwrap_or_default();
                    let sensitive_here =
                        classify(path, true).is_some() && w.mounts.iter().any(|m| m.source == path);
                    (!sensitive_here).then(|| {
                        Hit::new(
                            Severity::High,
                            format!("volume {} is hostPath {path}", v.name),
                        )
                        .about(path.to_owned())
                    })
                })
                .collect()
        })
    },
};

pub static HOST_PORT: Rule = Rule {
    id: "host-port",
    title: "hostPort used",
    severity: Severity::Medium,
    risk: "A hostPort binds the node's own port: the pod is reachable on every node address and \
           bypasses Service-level controls.",
    docker: None,
    kube: Some(KubeFix {
        advice: "Remove hostPort {subject} and expose the pod through a Service.",
        yaml: "ports:\n  - containerPort: 8080   # no hostPort",
        pss: Some(Pss::Baseline),
        references: &["PSS baseline: Host Ports"],
    }),
    check: |w| {
        if w.kubernetes.is_none() {
            return Vec::new();
        }
        w.ports
            .iter()
            .filter_map(|p| {
                let hp = p.host_port.filter(|hp| *hp > 0)?;
                let evidence = format!(
                    "hostPort {hp} -> containerPort {}/{}",
                    p.container_port, p.protocol
                );
                Some(Hit::new(Severity::Medium, evidence).about(hp.to_string()))
            })
            .collect()
    },
};

pub static PROC_MOUNT: Rule = Rule {
    id: "proc-mount",
    title: "Unmasked /proc",
    severity: Severity::High,
    risk: "procMount Unmasked removes the masks on /proc paths that expose kernel state and \
           host-wide settings.",
    docker: None,
    kube: Some(KubeFix {
        advice: "Leave procMount at Default.",
        yaml: "securityContext:\n  procMount: Default",
        pss: Some(Pss::Baseline),
        references: &["PSS baseline: /proc Mount Type"],
    }),
    check: |w| {
        pod(w, |k| match k.proc_mount.as_deref() {
            None | Some("Default") => Vec::new(),
            Some(other) => vec![Hit::new(Severity::High, format!("procMount is {other}"))],
        })
    },
};

/// Sysctls the PSS baseline allows (through policy version 1.37).
const SAFE_SYSCTLS: [&str; 14] = [
    "kernel.shm_rmid_forced",
    "net.ipv4.ip_local_port_range",
    "net.ipv4.ip_unprivileged_port_start",
    "net.ipv4.tcp_syncookies",
    "net.ipv4.ping_group_range",
    "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.tcp_keepalive_time",
    "net.ipv4.tcp_fin_timeout",
    "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
    "net.ipv4.tcp_rmem",
    "net.ipv4.tcp_wmem",
    "net.ipv4.tcp_slow_start_after_idle",
    "net.ipv4.tcp_notsent_lowat",
];

pub static UNSAFE_SYSCTL: Rule = Rule {
    id: "unsafe-sysctl",
    title: "Unsafe sysctl",
    severity: Severity::Medium,
    risk: "Sysctls outside the safe set can change kernel behaviour for other pods on the node.",
    docker: None,
    kube: Some(KubeFix {
        advice: "Remove sysctl {subject}, or set it on the node for workloads that truly need it.",
        yaml: "securityContext:\n  sysctls: []   # remove {subject}",
        pss: Some(Pss::Baseline),
        references: &["PSS baseline: Sysctls"],
    }),
    check: |w| {
        pod(w, |k| {
            k.sysctls
                .iter()
                .filter(|s| !SAFE_SYSCTLS.contains(&s.as_str()))
                .map(|s| Hit::new(Severity::Medium, format!("sysctl {s}")).about(s.clone()))
                .collect()
        })
    },
};

const ALLOWED_SELINUX_TYPES: [&str; 5] = [
    "",
    "container_t",
    "container_init_t",
    "container_kvm_t",
    "container_engine_t",
];

pub static SELINUX_CUSTOM: Rule = Rule {
    id: "selinux-custom",
    title: "Custom SELinux options",
    severity: Severity::Medium,
    risk: "A custom SELinux type (spc_t, say) or user/role can run the container unconfined by \
           SELinux.",
    docker: None,
    kube: Some(KubeFix {
        advice: "Use a container type (container_t) and no custom user or role.",
        yaml: "securityContext:\n  seLinuxOptions:\n    type: container_t",
        pss: Some(Pss::Baseline),
        references: &["PSS baseline: SELinux"],
    }),
    check: |w| {
        pod(w, |k| {
            k.selinux
                .iter()
                .filter_map(|o| {
                    let ty = o.type_.as_deref().unwrap_or_default();
                    let mut bad = Vec::new();
                    if !ALLOWED_SELINUX_TYPES.contains(&ty) {
                        bad.push(format!("type {ty}"));
                    }
                    if let Some(user) = o.user.as_deref().filter(|u| !u.is_empty()) {
                        bad.push(format!("user {user}"));
                    }
                    if let Some(role) = o.role.as_deref().filter(|r| !r.is_empty()) {
                        bad.push(format!("role {role}"));
                    }
                    (!bad.is_empty()).then(|| {
                        Hit::new(
                            Severity::Medium,
                            format!("seLinuxOptions {}", bad.join(", ")),
                        )
                    })
                })
                .collect()
        })
    },
};

/// Volume types the restricted level allows (hostPath is reported by host-path-volume).
const RESTRICTED_VOLUMES: [&str; 10] = [
    "configMap",
    "downwardAPI",
    "emptyDir",
    "projected",
    "secret",
    "csi",
    "persistentVolumeClaim",
    "ephemeral",
    "image",
    "hostPath",
];

pub static VOLUME_TYPE: Rule = Rule {
    id: "volume-type",
    title: "Volume type not allowed by restricted",
    severity: Severity::High,
    risk: "Network and legacy volume types (nfs, iscsi, gitRepo, ...) reach outside the pod's \
           sandbox; gitRepo has a history of command-injection bugs.",
    docker: None,
    kube: Some(KubeFix {
        advice: "Use a PersistentVolumeClaim (or a CSI volume) instead of the {subject} volume.",
        yaml: "volumes:\n  - name: data\n    persistentVolumeClaim:\n      claimName: data   # instead of {subject}",
        pss: Some(Pss::Restricted),
        references: &["PSS restricted: Volume Types"],
    }),
    check: |w| {
        pod(w, |k| {
            k.volumes
                .iter()
                .filter(|v| !RESTRICTED_VOLUMES.contains(&v.kind.as_str()))
                .map(|v| {
                    let severity = if v.kind == "gitRepo" {
                        Severity::High
                    } else {
                        Severity::Low
                    };
                    Hit::new(severity, format!("volume {} is {}", v.name, v.kind))
                        .about(v.kind.clone())
                })
                .collect()
        })
    },
};

pub static CAP_DROP_MISSING: Rule = Rule {
    id: "cap-drop-missing",
    title: "Capabilities not dropped",
    severity: Severity::Low,
    risk: "Without dropping ALL, the container keeps the runtime's default capabilities, NET_RAW \
           among them.",
    docker: None,
    kube: Some(KubeFix {
        advice: "Drop ALL capabilities (exactly \"ALL\": the check is case-sensitive) and add back \
                 only NET_BIND_SERVICE if needed.",
        yaml: "securityContext:\n  capabilities:\n    drop: [\"ALL\"]",
        pss: Some(Pss::Restricted),
        references: &["PSS restricted: Capabilities"],
    }),
    check: |w| {
        pod(w, |k| {
            if k.windows || k.capabilities_drop.iter().any(|d| d == "ALL") {
                return Vec::new();
            }
            let evidence = if k
                .capabilities_drop
                .iter()
                .any(|d| d.eq_ignore_ascii_case("all"))
            {
                format!("drop is {:?}: must be spelled \"ALL\"", k.capabilities_drop)
            } else if k.capabilities_drop.is_empty() {
                "capabilities.drop is not set".to_owned()
            } else {
                format!("drop is {:?}, not [\"ALL\"]", k.capabilities_drop)
            };
            vec![Hit::new(Severity::Low, evidence)]
        })
    },
};

pub static SECCOMP_MISSING: Rule = Rule {
    id: "seccomp-missing",
    title: "No seccomp profile set",
    severity: Severity::Low,
    risk: "Without a profile the kubelet's default applies, which is Unconfined unless the node \
           turns on seccompDefault.",
    docker: None,
    kube: Some(KubeFix {
        advice: "Set the RuntimeDefault profile for the whole pod.",
        yaml: "spec:\n  securityContext:\n    seccompProfile:\n      type: RuntimeDefault",
        pss: Some(Pss::Restricted),
        references: &["PSS restricted: Seccomp"],
    }),
    check: |w| {
        pod(w, |k| {
            hit_if(
                k.seccomp == Profile::NotSet && !k.windows,
                Severity::Low,
                "seccompProfile is set neither on the pod nor on the container",
            )
        })
    },
};

pub static SA_TOKEN_AUTOMOUNT: Rule = Rule {
    id: "sa-token-automount",
    title: "Service-account token mounted",
    severity: Severity::Medium,
    risk: "Any process in the container can read the token and act as the service account \
           against the API server.",
    docker: None,
    kube: Some(KubeFix {
        advice: "Turn off token automounting unless the workload calls the API; then bind its \
                 ServiceAccount to the least role it needs.",
        yaml: "spec:\n  automountServiceAccountToken: false",
        pss: None,
        references: &["CIS Kubernetes 1.12 5.1.6"],
    }),
    check: |w| {
        pod(w, |k| {
            let evidence = format!(
                "the token of ServiceAccount {} is mounted (automountServiceAccountToken not false)",
                k.service_account
            );
            hit_if(k.automount_token, Severity::Medium, &evidence)
        })
    },
};

pub static DEFAULT_NAMESPACE: Rule = Rule {
    id: "default-namespace",
    title: "Runs in the default namespace",
    severity: Severity::Low,
    risk: "The default namespace has no purpose-made policies, quotas or RBAC; workloads there \
           share them all.",
    docker: None,
    kube: Some(KubeFix {
        advice: "Deploy into a namespace of its own.",
        yaml: "metadata:\n  namespace: my-app",
        pss: None,
        references: &["CIS Kubernetes 1.12 5.6.4"],
    }),
    check: |w| {
        hit_if(
            w.kubernetes.is_some() && w.namespace.as_deref() == Some("default"),
            Severity::Low,
            "namespace is default",
        )
    },
};

#[cfg(test)]
mod tests {
    use super::super::test_support::{docker, fired, kube, pod};
    use super::*;
    use crate::model::kube::{ContainerType, SeLinuxOptions, VolumeFacts};
    use crate::model::{Mount, MountKind, PortBinding};

    fn only(w: &Workload, id: &str) {
        assert_eq!(fired(w), vec![id.to_owned()]);
    }

    fn volume(kind: &str, path: Option<&str>) -> VolumeFacts {
        VolumeFacts {
            name: "v".into(),
            kind: kind.into(),
            path: path.map(Into::into),
        }
    }

    #[test]
    fn pod_rules_never_fire_on_docker_containers() {
        let mut w = docker();
        w.namespace = Some("default".into());
        for rule in [
            &HOST_PORT,
            &DEFAULT_NAMESPACE,
            &SECCOMP_MISSING,
            &CAP_DROP_MISSING,
        ] {
            assert!(
                !rule.applies_to(crate::model::SourceKind::Docker),
                "{}",
                rule.id
            );
        }
        assert!(fired(&w).is_empty());
    }

    #[test]
    fn windows_host_process() {
        let mut w = pod();
        kube(&mut w).host_process = true;
        only(&w, "windows-host-process");
    }

    #[test]
    fn host_path_volume_unless_reported_as_sensitive_mount() {
        let mut w = pod();
        kube(&mut w)
            .volumes
            .push(volume("hostPath", Some("/srv/cache")));
        only(&w, "host-path-volume");
        let mut s = pod();
        kube(&mut s).volumes.push(volume("hostPath", Some("/etc")));
        s.mounts
            .push(Mount::new(MountKind::Bind, "/etc", "/host-etc", true));
        only(&s, "sensitive-mount");
    }

    #[test]
    fn host_port() {
        let mut w = pod();
        w.ports.push(PortBinding {
            container_port: 9100,
            protocol: "TCP".into(),
            host_ip: String::new(),
            host_port: Some(9100),
        });
        only(&w, "host-port");
    }

    #[test]
    fn proc_mount_default_is_fine_unmasked_is_not() {
        let mut w = pod();
        kube(&mut w).proc_mount = Some("Default".into());
        assert!(fired(&w).is_empty());
        kube(&mut w).proc_mount = Some("Unmasked".into());
        only(&w, "proc-mount");
    }

    #[test]
    fn sysctls() {
        let mut w = pod();
        kube(&mut w).sysctls = vec!["net.ipv4.tcp_syncookies".into()];
        assert!(fired(&w).is_empty());
        kube(&mut w).sysctls.push("kernel.msgmax".into());
        only(&w, "unsafe-sysctl");
    }

    #[test]
    fn selinux_types_and_users() {
        let mut w = pod();
        kube(&mut w).selinux = vec![SeLinuxOptions {
            type_: Some("container_t".into()),
            level: Some("s0:c1,c2".into()),
            ..SeLinuxOptions::default()
        }];
        assert!(fired(&w).is_empty(), "container_t with a level is allowed");
        kube(&mut w).selinux[0].type_ = Some("spc_t".into());
        only(&w, "selinux-custom");
        let mut u = pod();
        kube(&mut u).selinux = vec![SeLinuxOptions {
            user: Some("system_u".into()),
            ..SeLinuxOptions::default()
        }];
        only(&u, "selinux-custom");
    }

    #[test]
    fn volume_types() {
        let mut w = pod();
        kube(&mut w).volumes.push(volume("nfs", None));
        only(&w, "volume-type");
        kube(&mut w).volumes.push(volume("gitRepo", None));
        let sev: Vec<Severity> = (VOLUME_TYPE.check)(&w).iter().map(|h| h.severity).collect();
        assert_eq!(sev, vec![Severity::Low, Severity::High]);
    }

    #[test]
    fn cap_drop_must_be_exactly_all() {
        let mut w = pod();
        kube(&mut w).capabilities_drop = vec!["all".into()];
        only(&w, "cap-drop-missing");
        assert!((CAP_DROP_MISSING.check)(&w)[0].evidence.contains("spelled"));
        kube(&mut w).capabilities_drop.clear();
        only(&w, "cap-drop-missing");
    }

    #[test]
    fn seccomp_missing_but_not_for_windows() {
        let mut w = pod();
        kube(&mut w).seccomp = Profile::NotSet;
        only(&w, "seccomp-missing");
        kube(&mut w).windows = true;
        assert!(fired(&w).is_empty());
    }

    #[test]
    fn token_automount_and_default_namespace() {
        let mut w = pod();
        kube(&mut w).automount_token = true;
        only(&w, "sa-token-automount");
        let mut d = pod();
        d.namespace = Some("default".into());
        only(&d, "default-namespace");
    }

    #[test]
    fn ephemeral_containers_need_no_limits() {
        let mut w = pod();
        w.resources = Default::default();
        kube(&mut w).container_type = ContainerType::Ephemeral;
        assert!(fired(&w).is_empty());
    }
}
