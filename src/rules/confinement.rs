//! Confinement rules: seccomp, AppArmor, masked paths, read-only root filesystem.

use super::{DockerFix, Hit, KubeFix, Pss, Rule, field, hit_if};
use crate::model::{Profile, Severity};

pub static SECCOMP_UNCONFINED: Rule = Rule {
    id: "seccomp-unconfined",
    title: "Seccomp disabled",
    severity: Severity::High,
    risk: "The default seccomp profile blocks about 44 dangerous syscalls (mount, kexec_load, bpf, \
           keyctl, unshare, ...). Without it every kernel syscall is reachable.",
    docker: Some(DockerFix {
        advice: "Keep the default seccomp profile. If a syscall is really needed, start from the \
                 default profile and allow just that one in a custom profile.",
        run: "remove --security-opt seccomp=unconfined (or use --security-opt seccomp=/path/profile.json)",
        compose: "security_opt:\n  - seccomp=unconfined     # delete this entry",
        references: &["CIS Docker 1.6.0 5.22"],
    }),
    kube: Some(KubeFix {
        advice: "Use the runtime's default seccomp profile (or a reviewed Localhost profile).",
        yaml: "securityContext:\n  seccompProfile:\n    type: RuntimeDefault",
        pss: Some(Pss::Baseline),
        references: &["PSS baseline: Seccomp"],
    }),
    check: |w| {
        if w.security.seccomp == Profile::Unconfined {
            vec![Hit::new(
                Severity::High,
                field(
                    w,
                    "seccomp=unconfined in HostConfig.SecurityOpt",
                    "seccompProfile.type is Unconfined",
                ),
            )]
        } else {
            hit_if(
                w.privileged,
                Severity::High,
                "privileged: the runtime applies no seccomp filter",
            )
        }
    },
};

pub static APPARMOR_UNCONFINED: Rule = Rule {
    id: "apparmor-unconfined",
    title: "AppArmor disabled",
    severity: Severity::High,
    risk: "The docker-default AppArmor profile denies mount and writes to /proc and /sys. \
           Unconfined removes that layer.",
    docker: Some(DockerFix {
        advice: "Keep the docker-default profile, or load a tighter custom profile.",
        run: "remove --security-opt apparmor=unconfined (or --security-opt apparmor=docker-default)",
        compose: "security_opt:\n  - apparmor=unconfined     # delete this entry",
        references: &["CIS Docker 1.6.0 5.2"],
    }),
    kube: Some(KubeFix {
        advice: "Use the runtime's default AppArmor profile (or a Localhost profile).",
        yaml: "securityContext:\n  appArmorProfile:\n    type: RuntimeDefault",
        pss: Some(Pss::Baseline),
        references: &["PSS baseline: AppArmor"],
    }),
    check: |w| {
        if w.security.apparmor == Profile::Unconfined {
            let evidence = if w.privileged {
                "AppArmor profile is unconfined (privileged)"
            } else {
                "AppArmor profile is unconfined"
            };
            vec![Hit::new(Severity::High, evidence)]
        } else {
            Vec::new()
        }
    },
};

pub static UNMASKED_PATHS: Rule = Rule {
    id: "unmasked-paths",
    title: "/proc and /sys masks removed",
    severity: Severity::High,
    risk: "systempaths=unconfined unmasks /proc/kcore, /proc/keys, /proc/sysrq-trigger and makes \
           /proc/sys writable: kernel memory and host-wide settings.",
    docker: Some(DockerFix {
        advice: "Keep the default masked and read-only paths.",
        run: "remove --security-opt systempaths=unconfined",
        compose: "security_opt:\n  - systempaths=unconfined     # delete this entry",
        references: &[
            "CIS Docker 1.6.0 5.2 (related)",
            "moby oci/defaults.go masked paths",
        ],
    }),
    kube: None,
    check: |w| {
        hit_if(
            w.security.unmasked_paths,
            Severity::High,
            "systempaths=unconfined in HostConfig.SecurityOpt",
        )
    },
};

pub static WRITABLE_ROOTFS: Rule = Rule {
    id: "writable-rootfs",
    title: "Root filesystem is writable",
    severity: Severity::Low,
    risk: "An attacker can drop tools and change binaries inside the container, and the change \
           lasts until the container is removed.",
    docker: Some(DockerFix {
        advice: "Mount the root filesystem read-only and give the process tmpfs or volumes for \
                 the few paths it writes.",
        run: "--read-only --tmpfs /tmp",
        compose: "read_only: true\ntmpfs:\n  - /tmp",
        references: &["CIS Docker 1.6.0 5.13"],
    }),
    kube: Some(KubeFix {
        advice: "Mount the root filesystem read-only; give the process emptyDir volumes for the paths it writes.",
        yaml: "securityContext:\n  readOnlyRootFilesystem: true\n# plus, for writable paths:\n# volumeMounts: [{name: tmp, mountPath: /tmp}]\n# volumes: [{name: tmp, emptyDir: {}}]",
        pss: None,
        references: &["kube-score container-security-context-readonlyrootfilesystem"],
    }),
    check: |w| {
        hit_if(
            !w.security.read_only_rootfs && !w.kubernetes.as_ref().is_some_and(|k| k.windows),
            Severity::Low,
            field(
                w,
                "HostConfig.ReadonlyRootfs is false",
                "readOnlyRootFilesystem is not true",
            ),
        )
    },
};

#[cfg(test)]
mod tests {
    use super::super::test_support::{docker, fired};
    use super::*;

    #[test]
    fn seccomp_unconfined_explicit_or_privileged() {
        let mut w = docker();
        assert!((SECCOMP_UNCONFINED.check)(&w).is_empty());
        w.security.seccomp = Profile::Custom("/etc/docker/seccomp.json".into());
        assert!(
            (SECCOMP_UNCONFINED.check)(&w).is_empty(),
            "custom profiles are fine"
        );
        w.security.seccomp = Profile::Unconfined;
        assert_eq!(fired(&w), vec!["seccomp-unconfined".to_owned()]);
        let mut p = docker();
        p.privileged = true;
        assert!(
            (SECCOMP_UNCONFINED.check)(&p)[0]
                .evidence
                .contains("privileged")
        );
    }

    #[test]
    fn apparmor_unconfined_but_not_when_host_has_none() {
        let mut w = docker();
        w.security.apparmor = Profile::NotSet;
        assert!((APPARMOR_UNCONFINED.check)(&w).is_empty());
        w.security.apparmor = Profile::Unconfined;
        assert_eq!(fired(&w), vec!["apparmor-unconfined".to_owned()]);
    }

    #[test]
    fn unmasked_paths() {
        let mut w = docker();
        w.security.unmasked_paths = true;
        assert_eq!(fired(&w), vec!["unmasked-paths".to_owned()]);
    }

    #[test]
    fn writable_rootfs() {
        let mut w = docker();
        assert!((WRITABLE_ROOTFS.check)(&w).is_empty());
        w.security.read_only_rootfs = false;
        assert_eq!(fired(&w), vec!["writable-rootfs".to_owned()]);
    }
}
