//! Privilege rules: privileged mode, root user, privilege escalation, added capabilities.

use super::{DockerFix, Hit, Rule, hit_if};
use crate::model::Severity;

pub static PRIVILEGED: Rule = Rule {
    id: "privileged",
    title: "Privileged container",
    severity: Severity::Critical,
    risk: "A privileged container gets every capability, every host device, no seccomp filter and no \
           AppArmor profile. It is root on the host in all but name.",
    docker_fix: DockerFix {
        advice: "Remove privileged mode. Grant only the specific capability or device the process \
                 needs instead.",
        run: "drop --privileged; if needed add only e.g. --cap-add NET_ADMIN or --device /dev/fuse",
        compose: "privileged: false        # or delete the key\ncap_add: [NET_ADMIN]     # only what is needed",
    },
    references: &["CIS Docker 1.6.0 5.5"],
    check: |w| {
        hit_if(
            w.privileged,
            Severity::Critical,
            "HostConfig.Privileged is true",
        )
    },
};

pub static ROOT_USER: Rule = Rule {
    id: "root-user",
    title: "Runs as root",
    severity: Severity::Medium,
    risk: "UID 0 in the container is UID 0 on the host unless user namespaces are remapped; any \
           escape or writable host mount then acts as host root.",
    docker_fix: DockerFix {
        advice: "Run as an unprivileged UID. Best: add `USER 10001` to the Dockerfile so every run \
                 of the image gets it.",
        run: "--user 10001:10001",
        compose: "user: \"10001:10001\"",
    },
    references: &["CIS Docker 1.6.0 4.1"],
    check: |w| {
        if !w.runs_as_root() {
            return Vec::new();
        }
        let evidence = if w.user.trim().is_empty() {
            "no user set: the image default, root (UID 0)".to_owned()
        } else {
            format!("user is \"{}\"", w.user)
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
    docker_fix: DockerFix {
        advice: "Set no-new-privileges so no process can gain privileges through setuid or file \
                 capabilities. Daemon-wide: \"no-new-privileges\": true in daemon.json.",
        run: "--security-opt no-new-privileges:true",
        compose: "security_opt:\n  - no-new-privileges:true",
    },
    references: &["CIS Docker 1.6.0 5.26"],
    check: |w| {
        hit_if(
            !w.security.no_new_privileges,
            Severity::Medium,
            "no-new-privileges is not in HostConfig.SecurityOpt",
        )
    },
};

pub static CAP_ADD: Rule = Rule {
    id: "cap-add",
    title: "Capability added beyond Docker's default set",
    severity: Severity::Critical,
    risk: "Extra capabilities are the usual container-escape primitives: SYS_ADMIN mounts host \
           filesystems, SYS_MODULE loads kernel code, SYS_PTRACE injects into processes.",
    docker_fix: DockerFix {
        advice: "Remove {subject}. Start from no capabilities and add back only what the process \
                 is shown to need.",
        run: "remove --cap-add {subject}; prefer --cap-drop ALL plus only the capabilities needed",
        compose: "cap_drop: [ALL]\ncap_add: []        # remove {subject}",
    },
    references: &["CIS Docker 1.6.0 5.4"],
    check: |w| {
        w.capabilities
            .added_beyond_default()
            .map(|cap| {
                let severity = capability_severity(cap);
                let evidence = match capability_grants(cap) {
                    Some(what) => format!("{cap} added ({what})"),
                    None => format!("{cap} added"),
                };
                Hit::new(severity, evidence).about(cap)
            })
            .collect()
    },
};

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
