//! Linux capabilities: canonical names, Docker's default set, and the effective set of a container.

use serde::{Deserialize, Serialize};

/// Every capability Linux defines (capabilities(7)), canonical spelling without `CAP_`.
pub const ALL_CAPABILITIES: [&str; 41] = [
    "AUDIT_CONTROL",
    "AUDIT_READ",
    "AUDIT_WRITE",
    "BLOCK_SUSPEND",
    "BPF",
    "CHECKPOINT_RESTORE",
    "CHOWN",
    "DAC_OVERRIDE",
    "DAC_READ_SEARCH",
    "FOWNER",
    "FSETID",
    "IPC_LOCK",
    "IPC_OWNER",
    "KILL",
    "LEASE",
    "LINUX_IMMUTABLE",
    "MAC_ADMIN",
    "MAC_OVERRIDE",
    "MKNOD",
    "NET_ADMIN",
    "NET_BIND_SERVICE",
    "NET_BROADCAST",
    "NET_RAW",
    "PERFMON",
    "SETFCAP",
    "SETGID",
    "SETPCAP",
    "SETUID",
    "SYSLOG",
    "SYS_ADMIN",
    "SYS_BOOT",
    "SYS_CHROOT",
    "SYS_MODULE",
    "SYS_NICE",
    "SYS_PACCT",
    "SYS_PTRACE",
    "SYS_RAWIO",
    "SYS_RESOURCE",
    "SYS_TIME",
    "SYS_TTY_CONFIG",
    "WAKE_ALARM",
];

/// The 14 capabilities Docker (moby `oci/caps/defaults.go`) and containerd grant by default.
pub const DOCKER_DEFAULT_CAPABILITIES: [&str; 14] = [
    "AUDIT_WRITE",
    "CHOWN",
    "DAC_OVERRIDE",
    "FOWNER",
    "FSETID",
    "KILL",
    "MKNOD",
    "NET_BIND_SERVICE",
    "NET_RAW",
    "SETFCAP",
    "SETGID",
    "SETPCAP",
    "SETUID",
    "SYS_CHROOT",
];

/// Canonical form: upper case, no `CAP_` prefix, surrounding blanks trimmed.
/// Docker accepts `cap_sys_admin`, `CAP_SYS_ADMIN` and `sys_admin` alike.
pub fn canonical(name: &str) -> String {
    let upper = name.trim().to_ascii_uppercase();
    match upper.strip_prefix("CAP_") {
        Some(rest) => rest.to_owned(),
        None => upper,
    }
}

pub fn is_docker_default(name: &str) -> bool {
    DOCKER_DEFAULT_CAPABILITIES.contains(&name)
}

/// What was asked for and what the process ends up with. Names are canonical.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Capabilities {
    pub added: Vec<String>,
    pub dropped: Vec<String>,
    pub effective: Vec<String>,
}

impl Capabilities {
    /// Docker semantics: start from the default set (or every capability when privileged),
    /// remove what is dropped (`ALL` drops everything), then grant what is added (`ALL` grants
    /// everything). Docker applies drops before adds, so `--cap-drop ALL --cap-add X` leaves X.
    pub fn for_docker(added: &[String], dropped: &[String], privileged: bool) -> Self {
        let added = canonical_list(added);
        let dropped = canonical_list(dropped);
        let mut effective: Vec<String> = if privileged {
            ALL_CAPABILITIES.iter().map(|c| (*c).to_owned()).collect()
        } else {
            DOCKER_DEFAULT_CAPABILITIES
                .iter()
                .filter(|c| !dropped.iter().any(|d| d == "ALL" || d == *c))
                .map(|c| (*c).to_owned())
                .collect()
        };
        if !privileged {
            if added.iter().any(|a| a == "ALL") {
                effective = ALL_CAPABILITIES.iter().map(|c| (*c).to_owned()).collect();
            } else {
                for cap in &added {
                    if !effective.contains(cap) {
                        effective.push(cap.clone());
                    }
                }
            }
        }
        effective.sort();
        Self {
            added,
            dropped,
            effective,
        }
    }

    /// Added capabilities that Docker would not have granted anyway.
    pub fn added_beyond_default(&self) -> impl Iterator<Item = &str> {
        self.added
            .iter()
            .map(String::as_str)
            .filter(|c| !is_docker_default(c))
    }
}

fn canonical_list(names: &[String]) -> Vec<String> {
    let mut out: Vec<String> = names
        .iter()
        .map(|n| canonical(n))
        .filter(|n| !n.is_empty())
        .collect();
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| (*x).to_owned()).collect()
    }

    #[test]
    fn canonical_strips_prefix_and_case() {
        assert_eq!(canonical("cap_sys_admin"), "SYS_ADMIN");
        assert_eq!(canonical(" net_admin "), "NET_ADMIN");
        assert_eq!(canonical("ALL"), "ALL");
    }

    #[test]
    fn default_container_has_docker_defaults() {
        let caps = Capabilities::for_docker(&[], &[], false);
        assert_eq!(caps.effective.len(), 14);
        assert!(caps.effective.contains(&"NET_RAW".to_owned()));
    }

    #[test]
    fn drop_all_then_add_keeps_only_added() {
        let caps = Capabilities::for_docker(&s(&["cap_net_bind_service"]), &s(&["all"]), false);
        assert_eq!(caps.effective, s(&["NET_BIND_SERVICE"]));
        assert_eq!(caps.dropped, s(&["ALL"]));
    }

    #[test]
    fn add_all_or_privileged_gives_every_capability() {
        assert_eq!(
            Capabilities::for_docker(&s(&["ALL"]), &[], false)
                .effective
                .len(),
            41
        );
        assert_eq!(
            Capabilities::for_docker(&[], &s(&["ALL"]), true)
                .effective
                .len(),
            41
        );
    }

    #[test]
    fn beyond_default_ignores_default_caps() {
        let caps = Capabilities::for_docker(&s(&["CHOWN", "SYS_ADMIN"]), &[], false);
        assert_eq!(
            caps.added_beyond_default().collect::<Vec<_>>(),
            vec!["SYS_ADMIN"]
        );
    }
}
