//! Confinement the daemon gives every container: seccomp, an LSM, user-namespace remapping.

use super::{EngineRule, hit};
use crate::model::Severity;

pub static ENGINE_SECCOMP_OFF: EngineRule = EngineRule {
    id: "engine-seccomp-off",
    title: "Engine runs containers without seccomp",
    severity: Severity::High,
    risk: "Without seccomp every container can call every system call, including the rarely \
           used ones most kernel escapes go through (keyctl, bpf, userfaultfd, unshare).",
    fix: "Use a kernel with CONFIG_SECCOMP and a dockerd built with seccomp, and do not switch it \
          off in /etc/docker/daemon.json:\n\n  remove \"seccomp-profile\": \"unconfined\"\n\n\
          then: systemctl restart docker. `docker info` should list name=seccomp,profile=builtin.",
    references: &[
        "CIS Docker 1.6.0 2.17",
        "Docker docs: Seccomp security profiles",
    ],
    check: |e, _| {
        let off = !e.has_security_option("seccomp");
        let unconfined = e.seccomp_profile() == Some("unconfined");
        hit(
            e,
            off || unconfined,
            Severity::High,
            if unconfined {
                "daemon-wide seccomp profile is `unconfined`".to_owned()
            } else {
                "`docker info` lists no seccomp security option".to_owned()
            },
        )
    },
};

pub static ENGINE_NO_LSM: EngineRule = EngineRule {
    id: "engine-no-lsm",
    title: "Neither AppArmor nor SELinux confines containers",
    severity: Severity::Medium,
    risk: "Docker's AppArmor or SELinux policy is a second wall after capabilities: it blocks \
           writes to /proc and /sys files and mounts that a misconfigured container could \
           otherwise reach. Without one, every container runs with no MAC policy at all.",
    fix: "Debian/Ubuntu: apt-get install apparmor && systemctl enable --now apparmor && \
          systemctl restart docker (containers get the docker-default profile).\n\
          RHEL/Fedora: keep SELinux enforcing and set in /etc/docker/daemon.json:\n\n  \
          { \"selinux-enabled\": true }\n\nthen: systemctl restart docker.",
    references: &[
        "CIS Docker 1.6.0 5.2",
        "CIS Docker 1.6.0 5.3",
        "Docker docs: AppArmor security profiles",
    ],
    check: |e, _| {
        let none = !e.has_security_option("apparmor") && !e.has_security_option("selinux");
        hit(
            e,
            none,
            Severity::Medium,
            format!(
                "security options: {}",
                if e.security_options.is_empty() {
                    "(none)".to_owned()
                } else {
                    e.security_options.join(", ")
                }
            ),
        )
    },
};

pub static ENGINE_USERNS_OFF: EngineRule = EngineRule {
    id: "engine-userns-off",
    title: "User namespaces are not remapped",
    severity: Severity::Medium,
    risk: "Root in a container is root (UID 0) on the host: a process that escapes, or writes \
           through a host mount, does so as host root. Remapping (or a rootless daemon) makes \
           container root an unprivileged host user.",
    fix: "In /etc/docker/daemon.json:\n\n  { \"userns-remap\": \"default\" }\n\n\
          then: systemctl restart docker (existing images and volumes are re-owned per \
          remapped range; plan it). Or run the daemon rootless: dockerd-rootless-setuptool.sh install.",
    references: &[
        "CIS Docker 1.6.0 2.9",
        "CIS Docker 1.6.0 2.1",
        "Docker docs: Isolate containers with a user namespace",
    ],
    check: |e, _| {
        let off = !e.has_security_option("userns") && !e.rootless();
        hit(
            e,
            off,
            Severity::Medium,
            "no name=userns or name=rootless in the engine's security options: container UID 0 is host UID 0".to_owned(),
        )
    },
};

#[cfg(test)]
mod tests {
    use super::super::test_support::{hardened, rule_fires};
    use super::*;

    #[test]
    fn seccomp_missing_or_unconfined_fires() {
        let mut e = hardened();
        assert!(!rule_fires(&ENGINE_SECCOMP_OFF, &e));
        e.security_options
            .retain(|o| !o.starts_with("name=seccomp"));
        assert!(rule_fires(&ENGINE_SECCOMP_OFF, &e));
        e.security_options
            .push("name=seccomp,profile=unconfined".into());
        assert!(rule_fires(&ENGINE_SECCOMP_OFF, &e));
    }

    #[test]
    fn lsm_needs_apparmor_or_selinux() {
        let mut e = hardened();
        assert!(!rule_fires(&ENGINE_NO_LSM, &e));
        e.security_options = vec!["name=seccomp,profile=default".into()];
        assert!(rule_fires(&ENGINE_NO_LSM, &e));
        e.security_options.push("name=selinux".into());
        assert!(!rule_fires(&ENGINE_NO_LSM, &e));
    }

    #[test]
    fn rootless_counts_as_remapped() {
        let mut e = hardened();
        assert!(!rule_fires(&ENGINE_USERNS_OFF, &e));
        e.security_options.retain(|o| o != "name=userns");
        assert!(rule_fires(&ENGINE_USERNS_OFF, &e));
        e.security_options.push("name=rootless".into());
        assert!(!rule_fires(&ENGINE_USERNS_OFF, &e));
    }
}
