//! Mounts of a workload: host paths, volumes and tmpfs.

use super::sensitive_paths;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MountKind {
    /// A host path (Docker bind mount, Kubernetes hostPath).
    Bind,
    /// A named or anonymous volume managed by the engine.
    Volume,
    Tmpfs,
    Npipe,
    Cluster,
    Image,
    #[serde(other)]
    Other,
}

impl MountKind {
    /// Only host paths can expose the host.
    pub const fn is_host_path(self) -> bool {
        matches!(self, MountKind::Bind)
    }

    pub const fn as_str(self) -> &'static str {
        match self {
            MountKind::Bind => "bind",
            MountKind::Volume => "volume",
            MountKind::Tmpfs => "tmpfs",
            MountKind::Npipe => "npipe",
            MountKind::Cluster => "cluster",
            MountKind::Image => "image",
            MountKind::Other => "other",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mount {
    /// Host path for binds; the volume's data path (or name) for volumes.
    pub source: String,
    pub destination: String,
    pub read_only: bool,
    pub kind: MountKind,
    /// A host path from the sensitive-path table (see `sensitive_paths`).
    pub sensitive: bool,
    /// Volume name, when the engine gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Mount propagation (`rprivate`, `rshared`, ...), when the engine gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub propagation: Option<String>,
}

impl Mount {
    /// Builds a mount and works out `sensitive` from the kind and source path.
    pub fn new(
        kind: MountKind,
        source: impl Into<String>,
        destination: impl Into<String>,
        read_only: bool,
    ) -> Self {
        let source = source.into();
        let sensitive =
            kind.is_host_path() && sensitive_paths::classify(&source, read_only).is_some();
        Self {
            source,
            destination: destination.into(),
            read_only,
            kind,
            sensitive,
            name: None,
            propagation: None,
        }
    }

    /// A Unix socket of the Docker API, on either side of the mount (CIS Docker 5.32).
    pub fn is_docker_socket(&self) -> bool {
        self.kind.is_host_path()
            && (self.source.ends_with("docker.sock") || self.destination.ends_with("docker.sock"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bind_of_sensitive_path_is_marked() {
        assert!(Mount::new(MountKind::Bind, "/etc", "/host-etc", true).sensitive);
        assert!(!Mount::new(MountKind::Bind, "/srv/data", "/data", false).sensitive);
    }

    #[test]
    fn volumes_are_never_sensitive() {
        let m = Mount::new(
            MountKind::Volume,
            "/var/lib/docker/volumes/x/_data",
            "/data",
            false,
        );
        assert!(!m.sensitive);
        assert!(!m.is_docker_socket());
    }

    #[test]
    fn docker_socket_on_either_side() {
        assert!(
            Mount::new(
                MountKind::Bind,
                "/run/user/1000/docker.sock",
                "/sock",
                false
            )
            .is_docker_socket()
        );
        assert!(
            Mount::new(MountKind::Bind, "/tmp/x", "/var/run/docker.sock", false).is_docker_socket()
        );
    }
}
