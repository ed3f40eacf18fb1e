//! What a Kubernetes pod says about one of its containers, beyond the shared workload fields.
//!
//! Pod Security Standards compare exact strings (`drop: ["all"]` does not satisfy restricted),
//! so the raw spellings are kept here next to the canonical ones in `Capabilities`.

use super::workload::Profile;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum ContainerType {
    #[default]
    Regular,
    Init,
    Ephemeral,
}

/// The controller a pod belongs to, resolved through ownerReferences (a ReplicaSet's
/// Deployment, a Job's CronJob).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Owner {
    pub kind: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct SeLinuxOptions {
    pub type_: Option<String>,
    pub user: Option<String>,
    pub role: Option<String>,
    pub level: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct KubeFacts {
    pub container_type: ContainerType,
    pub owner: Option<Owner>,
    pub node: Option<String>,
    pub service_account: String,
    /// Whether the service-account token is mounted: the pod's setting wins, else the
    /// ServiceAccount's, else it is mounted.
    pub automount_token: bool,
    /// `spec.os.name` is `windows`.
    pub windows: bool,
    /// `windowsOptions.hostProcess`, container over pod.
    pub host_process: bool,
    /// `spec.hostUsers` (unset means the host user namespace).
    pub host_users: Option<bool>,
    /// `allowPrivilegeEscalation` as written (unset is not `false`).
    pub allow_privilege_escalation: Option<bool>,
    /// `runAsNonRoot`, container over pod.
    pub run_as_non_root: Option<bool>,
    /// `runAsUser`, container over pod.
    pub run_as_user: Option<i64>,
    /// `capabilities.add` / `.drop` exactly as written.
    pub capabilities_add: Vec<String>,
    pub capabilities_drop: Vec<String>,
    /// `procMount`, when set.
    pub proc_mount: Option<String>,
    /// Pod-level sysctl names.
    pub sysctls: Vec<String>,
    /// SELinux options from the pod and the container.
    pub selinux: Vec<SeLinuxOptions>,
    /// `seccompProfile` of the pod, the container's own overriding it (`NotSet` when neither).
    pub seccomp: Profile,
    /// The pod's volumes by type (`configMap`, `hostPath`, `nfs`, ...), with hostPath paths.
    pub volumes: Vec<VolumeFacts>,
    /// Liveness or readiness probe present.
    pub probes: bool,
    /// Environment variables whose value comes from a Secret (`valueFrom.secretKeyRef`).
    #[serde(default)]
    pub env_from_secrets: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VolumeFacts {
    pub name: String,
    /// The volume source's field name, e.g. `hostPath`, `emptyDir`, `gitRepo`.
    pub kind: String,
    /// For hostPath volumes.
    pub path: Option<String>,
}
