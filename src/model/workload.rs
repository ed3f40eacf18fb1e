//! A workload: one container, from a Docker engine or (later) a Kubernetes pod.
//!
//! Facts, not verdicts: this records what the source said. Rules decide what is risky.

use super::capabilities::Capabilities;
use super::kube::KubeFacts;
use super::mounts::Mount;
use super::runtime::RuntimeFacts;
use super::source::{SourceKind, SourceRef};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WorkloadKind {
    /// A Docker engine container.
    Container,
    /// A container of a Kubernetes pod.
    PodContainer,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WorkloadState {
    Running,
    Created,
    Restarting,
    Paused,
    Exited,
    Removing,
    Dead,
    Waiting,
    Terminated,
    #[serde(other)]
    Unknown,
}

impl WorkloadState {
    pub fn parse(s: &str) -> Self {
        match s {
            "running" => Self::Running,
            "created" => Self::Created,
            "restarting" => Self::Restarting,
            "paused" => Self::Paused,
            "exited" => Self::Exited,
            "removing" => Self::Removing,
            "dead" => Self::Dead,
            "waiting" => Self::Waiting,
            "terminated" => Self::Terminated,
            _ => Self::Unknown,
        }
    }

    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Running => "running",
            Self::Created => "created",
            Self::Restarting => "restarting",
            Self::Paused => "paused",
            Self::Exited => "exited",
            Self::Removing => "removing",
            Self::Dead => "dead",
            Self::Waiting => "waiting",
            Self::Terminated => "terminated",
            Self::Unknown => "unknown",
        }
    }

    /// Has processes that use CPU and memory.
    pub const fn is_live(self) -> bool {
        matches!(self, Self::Running | Self::Restarting | Self::Paused)
    }
}

/// A seccomp or AppArmor profile setting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Profile {
    /// Nothing said. For Docker seccomp this means the built-in default; for AppArmor on a
    /// host without AppArmor it means no profile applies.
    #[default]
    NotSet,
    /// The engine's default profile (`docker-default`, `RuntimeDefault`).
    RuntimeDefault,
    /// Explicitly switched off.
    Unconfined,
    /// A named or custom profile.
    Custom(String),
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityOptions {
    pub seccomp: Profile,
    pub apparmor: Profile,
    pub no_new_privileges: bool,
    pub read_only_rootfs: bool,
    /// SELinux label options (`label=disable`, `label=type:spc_t`, ...).
    #[serde(default)]
    pub selinux: Vec<String>,
    /// `systempaths=unconfined`: /proc and /sys masks removed.
    #[serde(default)]
    pub unmasked_paths: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HostNamespaces {
    pub pid: bool,
    pub network: bool,
    pub ipc: bool,
    pub uts: bool,
    pub userns: bool,
    #[serde(default)]
    pub cgroup: bool,
    /// The raw network mode (`bridge`, `host`, `container:<id>`, a network name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network_mode: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Resources {
    /// Hard CPU limit in cores (`--cpus`, or quota/period).
    pub cpu_limit_cores: Option<f64>,
    pub memory_limit_bytes: Option<u64>,
    pub pids_limit: Option<i64>,
    /// Measured CPU use in cores, when a sample exists.
    pub cpu_usage_cores: Option<f64>,
    /// Measured memory use in bytes (page cache excluded), when a sample exists.
    pub memory_usage_bytes: Option<u64>,
    /// Relative CPU weight (`--cpu-shares`); a priority, not a limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu_shares: Option<u64>,
    /// CPUs the container may run on (`--cpuset-cpus`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpuset_cpus: Option<String>,
}

/// A published port.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortBinding {
    pub container_port: u16,
    pub protocol: String,
    /// Host address it is bound to; empty, `0.0.0.0` or `::` mean every interface.
    pub host_ip: String,
    pub host_port: Option<u16>,
}

impl PortBinding {
    pub fn all_interfaces(&self) -> bool {
        matches!(self.host_ip.as_str(), "" | "0.0.0.0" | "::" | "[::]")
    }

    /// `0.0.0.0:8080->80/tcp`, like `docker ps`.
    pub fn describe(&self) -> String {
        let ip = if self.host_ip.is_empty() {
            "0.0.0.0"
        } else {
            &self.host_ip
        };
        match self.host_port {
            Some(hp) => format!("{ip}:{hp}->{}/{}", self.container_port, self.protocol),
            None => format!("{}/{}", self.container_port, self.protocol),
        }
    }
}

/// A host device made available inside the container.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Device {
    pub host_path: String,
    pub container_path: String,
    pub permissions: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Healthcheck {
    /// The test command as the engine stores it, e.g. `CMD-SHELL curl -f localhost`.
    pub test: String,
    /// Last known status (`starting`, `healthy`, `unhealthy`), when the engine reports one.
    pub status: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RestartPolicy {
    /// `no`, `always`, `unless-stopped`, `on-failure` (empty means `no`).
    pub name: String,
    pub maximum_retry_count: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Workload {
    pub source: SourceRef,
    pub kind: WorkloadKind,
    pub id: String,
    /// Container name, without Docker's leading `/`.
    pub name: String,
    pub namespace: Option<String>,
    pub pod: Option<String>,
    pub image: String,
    pub state: WorkloadState,
    /// The user the process runs as, as configured (`""` means the image default).
    pub user: String,
    pub privileged: bool,
    pub capabilities: Capabilities,
    pub mounts: Vec<Mount>,
    pub namespaces: HostNamespaces,
    pub security: SecurityOptions,
    pub resources: Resources,
    pub ports: Vec<PortBinding>,
    pub devices: Vec<Device>,
    /// Device cgroup rules such as `c 1:3 rwm`.
    #[serde(default)]
    pub device_cgroup_rules: Vec<String>,
    pub healthcheck: Option<Healthcheck>,
    pub restart_policy: RestartPolicy,
    pub labels: BTreeMap<String, String>,
    /// Names only: values may hold secrets and are never read into the model.
    pub env_names: Vec<String>,
    /// When the container was created (RFC 3339), as the engine reported it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Pod containers only: what the pod spec says beyond the shared fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kubernetes: Option<KubeFacts>,
    /// Running containers: the processes last sampled and the learned profile of the image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime: Option<RuntimeFacts>,
}

impl Workload {
    /// An empty workload of a source, to be filled in by a converter or a test.
    pub fn new(source: SourceRef, id: impl Into<String>, name: impl Into<String>) -> Self {
        let kind = match source.kind {
            SourceKind::Docker => WorkloadKind::Container,
            SourceKind::Kubernetes => WorkloadKind::PodContainer,
        };
        Self {
            source,
            kind,
            id: id.into(),
            name: name.into(),
            namespace: None,
            pod: None,
            image: String::new(),
            state: WorkloadState::Unknown,
            user: String::new(),
            privileged: false,
            capabilities: Capabilities::default(),
            mounts: Vec::new(),
            namespaces: HostNamespaces::default(),
            security: SecurityOptions::default(),
            resources: Resources::default(),
            ports: Vec::new(),
            devices: Vec::new(),
            device_cgroup_rules: Vec::new(),
            healthcheck: None,
            restart_policy: RestartPolicy::default(),
            labels: BTreeMap::new(),
            env_names: Vec::new(),
            created_at: None,
            kubernetes: None,
            runtime: None,
        }
    }

    /// Runs as UID 0: user `0`, `0:0`, `root`, `root:...`, or empty (the image default, which
    /// for nearly every image is root) unless Kubernetes enforces `runAsNonRoot`.
    pub fn runs_as_root(&self) -> bool {
        let user = self.user.trim();
        let name = user.split(':').next().unwrap_or(user);
        let non_root_enforced = self
            .kubernetes
            .as_ref()
            .is_some_and(|k| k.run_as_non_root == Some(true));
        name == "0" || name == "root" || (name.is_empty() && !non_root_enforced)
    }

    /// A short human label of the user, e.g. `root (image default)`.
    pub fn user_label(&self) -> String {
        if !self.user.trim().is_empty() {
            self.user.clone()
        } else if self.runs_as_root() {
            "root (image default)".to_owned()
        } else {
            "non-root (enforced)".to_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_user(user: &str) -> Workload {
        let mut w = Workload::new(
            SourceRef {
                kind: SourceKind::Docker,
                context: "default".into(),
            },
            "id",
            "name",
        );
        w.user = user.into();
        w
    }

    #[test]
    fn root_users() {
        for user in ["", "0", "0:0", "root", "root:root", " 0 "] {
            assert!(with_user(user).runs_as_root(), "{user:?}");
        }
        for user in ["1000", "1000:1000", "nobody", "app:0"] {
            assert!(!with_user(user).runs_as_root(), "{user:?}");
        }
    }

    #[test]
    fn ports_on_all_interfaces() {
        let p = |ip: &str| PortBinding {
            container_port: 80,
            protocol: "tcp".into(),
            host_ip: ip.into(),
            host_port: Some(8080),
        };
        assert!(p("").all_interfaces());
        assert!(p("0.0.0.0").all_interfaces());
        assert!(p("::").all_interfaces());
        assert!(!p("127.0.0.1").all_interfaces());
        assert_eq!(p("").describe(), "0.0.0.0:8080->80/tcp");
    }
}
