//! Privilege rules: privileged mode, root user, privilege escalation, added capabilities.

use super::{DockerFix, Hit, KubeFix, Pss, Rule, field, hit_if};
use crate::model::Severity;
use crate::model::capabilities::canonical;

pub static PRIVILEGED: Rule = Rule {
    id: "privileged",
    title: "Privileged container",
    severity: Severity::Critical,
    risk: "A privileged container gets every capability, every host device, no seccomp filter and no \
           AppArmor profile. It is root on the host in all but name.",
    docker: Some(DockerFix {
        advice: "Remove privileged mode. Grant only the specific capability or device the process \
                 needs instead.",
        run: "drop --privileged; if needed add only e.g. --cap-add NET_ADMIN or --device /dev/fuse",
        compose: "privileged: false        # or delete the key\ncap_add: [NET_ADMIN]     # only what is needed",
        references: &["CIS Docker 1.6.0 5.5"],
    }),
    kube: Some(KubeFix {
        advice: "Remove privileged mode. Grant only the specific capability the process needs.",
        yaml: "securityContext:\n  privileged: false\n  capabilities:\n    drop: [\"ALL\"]\n    add: [\"NET_BIND_SERVICE\"]   # only what is needed",
        pss: Some(Pss::Baseline),
        references: &["PSS baseline: Privileged Containers"],
    }),
    check: |w| {
        let evidence = field(
            w,
            "HostConfig.Privileged is true",
            "securityContext.privileged is true",
        );
        hit_if(w.privileged, Severity::Critical, evidence)
    },
};

pub static ROOT_USER: Rule = Rule {
    id: "root-user",
    title: "Runs as root",
    severity: Severity::Medium,
    risk: "UID 0 in the container is UID 0 on the host unless user namespaces are remapped; any \
           escape or writable host mount then acts as host root.",
    docker: Some(DockerFix {
        advice: "Run as an unprivileged UID. Best: add `USER 10001` to the Dockerfile so every run \
                 of the image gets it.",
        run: "--user 10001:10001",
        compose: "user: \"10001:10001\"",
        references: &["CIS Docker 1.6.0 4.1"],
    }),
    kube: Some(KubeFix {
        advice: "Run as an unprivileged UID and let the kubelet refuse to start the container as \
                 root.",
        yaml: "securityContext:\n  runAsNonRoot: true\n  runAsUser: 10001",
        pss: Some(Pss::Restricted),
        references: &[
            "PSS restricted: Running as Non-root",
            "PSS restricted: Running as Non-root user",
        ],
    }),
    check: |w| {
        if !w.runs_as_root() {
            return Vec::new();
        }
        let evidence = match (&w.kubernetes, w.user.trim()) {
            (Some(_), "") => {
                "runAsNonRoot is not true and no runAsUser is set: the image default, usually root"
                    .to_owned()
            }
            (Some(_), user) => format!("runAsUser is {user}"),
            (None, "") => "no user set: the image default, root (UID 0)".to_owned(),
            (None, user) => format!("user is \"{user}\""),
        };
        vec![Hit::new(Severity::Medium, evidence)]
    },
};

pub static PRIVILEGE_ESCALATION: Rule = Rule {
    id: "privilege-escalation",
    title: "Privilege escalation allowed (no-new-privileges not set)",
    severity: Severity::Medium,
    risk: "Without no-new-privileges, setuid and setcap binaries inside the container can raise a \
           process's privileges.",
    docker: Some(DockerFix {
        advice: "Set no-new-privileges so no process can gain privileges through setuid or file \
                 capabilities. Daemon-wide: \"no-new-privileges\": true in daemon.json.",
        run: "--security-opt no-new-privileges:true",
        compose: "security_opt:\n  - no-new-privileges:true",
        references: &["CIS Docker 1.6.0 5.26"],
    }),
    kube: Some(KubeFix {
        advice: "Set allowPrivilegeEscalation to false: unset counts as true.",
        yaml: "securityContext:\n  allowPrivilegeEscalation: false",
        pss: Some(Pss::Restricted),
        references: &["PSS restricted: Privilege Escalation"],
    }),
    check: |w| {
        let evidence = match w.kubernetes.as_ref().map(|k| k.allow_privilege_escalation) {
            Some(Some(true)) => "allowPrivilegeEscalation is true",
            Some(_) => "allowPrivilegeEscalation is not set (it defaults to true)",
            None => "no-new-privileges is not in HostConfig.SecurityOpt",
        };
        // Windows pods are exempt: the setting has no meaning there (PSS, from 1.25).
        let windows = w.kubernetes.as_ref().is_some_and(|k| k.windows);
        hit_if(
            !w.security.no_new_privileges && !windows,
            Severity::Medium,
            evidence,
        )
    },
};

pub static CAP_ADD: Rule = Rule {
    id: "cap-add",
    title: "Capability added beyond the default set",
    severity: Severity::Critical,
    risk: "Extra capabilities are the usual container-escape primitives: SYS_ADMIN mounts host \
           filesystems, SYS_MODULE loads kernel code, SYS_PTRACE injects into processes.",
    docker: Some(DockerFix {
        advice: "Remove {subject}. Start from no capabilities and add back only what the process \
                 is shown to need.",
        run: "remove --cap-add {subject}; prefer --cap-drop ALL plus only the capabilities needed",
        compose: "cap_drop: [ALL]\ncap_add: []        # remove {subject}",
        references: &["CIS Docker 1.6.0 5.4"],
    }),
    kube: Some(KubeFix {
        advice: "Remove {subject}. Drop ALL and add back only what the process is shown to need; \
                 the baseline allows only the runtime's defaults without NET_RAW, spelled exactly.",
        yaml: "securityContext:\n  capabilities:\n    drop: [\"ALL\"]\n    add: []   # remove {subject}",
        pss: Some(Pss::Baseline),
        references: &[
            "PSS baseline: Capabilities",
            "CIS Kubernetes 1.12 5.2.8",
            "CIS Kubernetes 1.12 5.2.9",
        ],
    }),
    check: |w| match &w.kubernetes {
        // PSS compares exact spellings: `CAP_CHOWN` or `chown` are not `CHOWN`.
        Some(k) => k
            .capabilities_add
            .iter()
            .filter(|raw| !PSS_BASELINE_ADD.contains(&raw.as_str()))
            .map(|raw| cap_hit(&canonical(raw), raw))
            .collect(),
        None => w
            .capabilities
            .added_beyond_default()
            .map(|cap| cap_hit(cap, cap))
            .collect(),
    },
};

/// Capabilities the PSS baseline lets a pod add: the runtime defaults without NET_RAW.
const PSS_BASELINE_ADD: [&str; 13] = [
    "AUDIT_WRITE",
    "CHOWN",
    "DAC_OVERRIDE",
    "FOWNER",
    "FSETID",
    "KILL",
    "MKNOD",
    "NET_BIND_SERVICE",
    "SETFCAP",
    "SETGID",
    "SETPCAP",
    "SETUID",
    "SYS_CHROOT",
];

fn cap_hit(cap: &str, as_written: &str) -> Hit {
    let mut evidence = match capability_grants(cap) {
        Some(what) => format!("{cap} added ({what})"),
        None => format!("{cap} added"),
    };
    if cap != as_written {
        evidence.push_str(&format!(", written \"{as_written}\""));
    }
    Hit::new(capability_severity(cap), evidence).about(as_written)
}

/// How dangerous an added capability is (rules-reference §4.3).
pub fn capability_severity(cap: &str) -> Severity {
    match cap {
        "ALL" | "SYS_ADMIN" | "SYS_MODULE" | "DAC_READ_SEARCH" | "SYS_RAWIO" => Severity::Critical,
        "SYS_PTRACE" | "NET_ADMIN" | "SYS_BOOT" | "BPF" | "PERFMON" | "MAC_ADMIN"
        | "MAC_OVERRIDE" => Severity::High,
        _ => Severity::Medium,
    }
}

fn capability_grants(cap: &str) -> Option<&'static str> {
    Some(match cap {
        "ALL" => "every capability",
        "SYS_ADMIN" => "mount, namespaces and most admin operations",
        "SYS_MODULE" => "load kernel modules",
        "DAC_READ_SEARCH" => "read any file by handle: the 'shocker' escape",
        "SYS_RAWIO" => "raw I/O ports and device memory",
        "SYS_PTRACE" => "trace and inject into processes",
        "NET_ADMIN" => "reconfigure interfaces, routes and firewall",
        "SYS_BOOT" => "reboot or kexec a new kernel",
        "BPF" => "load privileged eBPF programs",
        "PERFMON" => "kernel performance monitoring",
        "MAC_ADMIN" | "MAC_OVERRIDE" => "change or bypass AppArmor/SELinux",
        "SYS_TIME" => "set the host clock",
        "SYSLOG" => "read kernel logs and addresses",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{docker, fired};
    use super::*;
    use crate::model::Capabilities;

    #[test]
    fn privileged_fires_only_when_set() {
        let mut w = docker();
        assert!((PRIVILEGED.check)(&w).is_empty());
        w.privileged = true;
        assert_eq!((PRIVILEGED.check)(&w)[0].severity, Severity::Critical);
    }

    #[test]
    fn root_user_fires_for_root_spellings() {
        for user in ["", "0", "0:0", "root"] {
            let mut w = docker();
            w.user = user.into();
            assert!(fired(&w).contains(&"root-user".to_owned()), "{user:?}");
        }
        let mut w = docker();
        w.user = "1000".into();
        assert!((ROOT_USER.check)(&w).is_empty());
    }

    #[test]
    fn image_default_user_is_explained() {
        let mut w = docker();
        w.user = String::new();
        assert!((ROOT_USER.check)(&w)[0].evidence.contains("image default"));
    }

    #[test]
    fn privilege_escalation_fires_without_no_new_privileges() {
        let mut w = docker();
        assert!((PRIVILEGE_ESCALATION.check)(&w).is_empty());
        w.security.no_new_privileges = false;
        assert_eq!((PRIVILEGE_ESCALATION.check)(&w).len(), 1);
    }

    #[test]
    fn cap_add_rates_each_capability() {
        let mut w = docker();
        w.capabilities = Capabilities::for_docker(
            &[
                "SYS_ADMIN".into(),
                "net_admin".into(),
                "SYS_NICE".into(),
                "CHOWN".into(),
            ],
            &[],
            false,
        );
        let hits = (CAP_ADD.check)(&w);
        let got: Vec<(Option<&str>, Severity)> = hits
            .iter()
            .map(|h| (h.subject.as_deref(), h.severity))
            .collect();
        assert_eq!(
            got,
            vec![
                (Some("NET_ADMIN"), Severity::High),
                (Some("SYS_ADMIN"), Severity::Critical),
                (Some("SYS_NICE"), Severity::Medium),
            ],
            "CHOWN is a default capability and must not fire"
        );
    }

    #[test]
    fn cap_add_all_is_critical() {
        let mut w = docker();
        w.capabilities = Capabilities::for_docker(&["ALL".into()], &[], false);
        assert_eq!((CAP_ADD.check)(&w)[0].severity, Severity::Critical);
    }

    #[test]
    fn cap_add_quiet_with_only_drops() {
        assert!((CAP_ADD.check)(&docker()).is_empty());
    }
}

#[cfg(test)]
mod pod_tests {
    use super::super::test_support::{fired, kube, pod};
    use super::*;

    #[test]
    fn pss_cap_add_is_exact_and_excludes_net_raw() {
        let mut w = pod();
        kube(&mut w).capabilities_add = vec!["NET_BIND_SERVICE".into(), "CHOWN".into()];
        assert!((CAP_ADD.check)(&w).is_empty());
        kube(&mut w).capabilities_add =
            vec!["NET_RAW".into(), "CAP_CHOWN".into(), "sys_admin".into()];
        let hits = (CAP_ADD.check)(&w);
        let subjects: Vec<_> = hits
            .iter()
            .map(|h| h.subject.as_deref().unwrap_or(""))
            .collect();
        assert_eq!(subjects, vec!["NET_RAW", "CAP_CHOWN", "sys_admin"]);
        assert_eq!(hits[2].severity, Severity::Critical);
        assert!(
            hits[1].evidence.contains("written \"CAP_CHOWN\""),
            "{}",
            hits[1].evidence
        );
        let f = CAP_ADD.finding(hits[0].clone(), crate::model::SourceKind::Kubernetes);
        assert_eq!(f.pss.as_deref(), Some("baseline"));
        assert!(f.remediation.contains("Pod spec:"), "{}", f.remediation);
    }

    #[test]
    fn pod_root_user_and_escalation() {
        let mut w = pod();
        w.user = String::new();
        kube(&mut w).run_as_non_root = Some(true);
        assert!(
            fired(&w).is_empty(),
            "runAsNonRoot without a UID is enforced by the kubelet"
        );
        kube(&mut w).run_as_non_root = None;
        assert_eq!(fired(&w), vec!["root-user"]);
        assert!((ROOT_USER.check)(&w)[0].evidence.contains("runAsNonRoot"));
        let mut e = pod();
        e.security.no_new_privileges = false;
        kube(&mut e).allow_privilege_escalation = None;
        assert!(
            (PRIVILEGE_ESCALATION.check)(&e)[0]
                .evidence
                .contains("defaults to true")
        );
    }
}
