//! What a Docker engine says about itself (`/info` and `/version`): the facts daemon-level
//! rules are checked against. Converted from bollard types in `sources::docker::engine`.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
/// Fields missing from an older or hand-written file take their defaults.
#[serde(default)]
pub struct EngineFacts {
    /// The Docker context it was read through.
    pub context: String,
    /// How shipshape reached it, e.g. `unix:///var/run/docker.sock`. Never carries credentials.
    pub endpoint: String,
    /// shipshape itself talks TLS to a `tcp://` endpoint.
    #[serde(default)]
    pub client_tls: bool,
    /// `/version Version`, e.g. `20.10.24`.
    pub version: Option<String>,
    pub api_version: Option<String>,
    /// `docker`, or `podman` for Podman's Docker-compatible service, whose `/info` answers
    /// some fields with constants (ExperimentalBuild) or its own meaning (Version).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engine: Option<String>,
    pub os: Option<String>,
    pub kernel: Option<String>,
    /// `/info SecurityOptions`, e.g. `name=seccomp,profile=builtin`, `name=apparmor`.
    pub security_options: Vec<String>,
    /// `/info LoggingDriver`, e.g. `json-file`.
    pub logging_driver: Option<String>,
    pub live_restore: bool,
    /// Registry CIDRs allowed without TLS, loopback included (the daemon always adds it).
    pub insecure_registry_cidrs: Vec<String>,
    /// Registry indexes marked not secure (`insecure-registries` by name).
    pub insecure_registries: Vec<String>,
    pub experimental: bool,
    pub debug: bool,
    /// `/info Warnings`, as the daemon wrote them.
    pub warnings: Vec<String>,
    pub storage_driver: Option<String>,
    /// `1` or `2`.
    pub cgroup_version: Option<String>,
    pub authorization_plugins: Vec<String>,
    /// `active` when the engine is a swarm node.
    pub swarm: Option<String>,
    pub docker_root_dir: Option<String>,
}

impl EngineFacts {
    /// Podman answers the Docker API: Docker's release lines, live restore and the
    /// experimental flag do not apply to it.
    pub fn is_podman(&self) -> bool {
        self.engine.as_deref() == Some("podman")
    }

    fn security_option(&self, name: &str) -> Option<&str> {
        let wanted = format!("name={name}");
        self.security_options
            .iter()
            .map(String::as_str)
            .find(|o| o.split(',').next() == Some(wanted.as_str()))
    }

    pub fn has_security_option(&self, name: &str) -> bool {
        self.security_option(name).is_some()
    }

    /// The daemon-wide seccomp profile (`builtin`, `default` or a path), when seccomp is on.
    pub fn seccomp_profile(&self) -> Option<&str> {
        self.security_option("seccomp").map(|o| {
            o.split(',')
                .find_map(|kv| kv.strip_prefix("profile="))
                .unwrap_or("builtin")
        })
    }

    /// Registries pulled from without TLS, leaving out the loopback range the daemon always
    /// lists: the CIDRs beyond loopback, then the registries named insecure.
    pub fn insecure_beyond_loopback(&self) -> Vec<&str> {
        self.insecure_registry_cidrs
            .iter()
            .map(String::as_str)
            .filter(|c| !c.starts_with("127.") && *c != "::1/128")
            .chain(self.insecure_registries.iter().map(String::as_str))
            .collect()
    }

    pub fn rootless(&self) -> bool {
        self.has_security_option("rootless")
    }

    /// One line for the engine view: `seccomp builtin · apparmor · userns off · rootless no`.
    pub fn confinement_label(&self) -> String {
        let mut parts = Vec::new();
        parts.push(match self.seccomp_profile() {
            Some(p) => format!("seccomp {p}"),
            None => "seccomp OFF".to_owned(),
        });
        let lsm: Vec<&str> = ["apparmor", "selinux"]
            .into_iter()
            .filter(|n| self.has_security_option(n))
            .collect();
        parts.push(if lsm.is_empty() {
            "no AppArmor/SELinux".to_owned()
        } else {
            lsm.join("+")
        });
        parts.push(
            if self.has_security_option("userns") {
                "userns remap"
            } else {
                "userns off"
            }
            .to_owned(),
        );
        if self.rootless() {
            parts.push("rootless".to_owned());
        }
        parts.join(" · ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_security_options() {
        let e = EngineFacts {
            security_options: vec![
                "name=apparmor".into(),
                "name=seccomp,profile=builtin".into(),
                "name=cgroupns".into(),
            ],
            ..EngineFacts::default()
        };
        assert_eq!(e.seccomp_profile(), Some("builtin"));
        assert!(e.has_security_option("apparmor"));
        assert!(!e.has_security_option("userns"));
        assert!(!e.rootless());
        assert_eq!(
            e.confinement_label(),
            "seccomp builtin · apparmor · userns off"
        );
    }
}
