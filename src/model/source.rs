//! Where workloads come from: a Docker engine or a Kubernetes context, and how reading it went.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    Docker,
    Kubernetes,
}

impl SourceKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            SourceKind::Docker => "docker",
            SourceKind::Kubernetes => "kubernetes",
        }
    }
}

/// Identifies a source: its kind and the context name (Docker context or kube context).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SourceRef {
    pub kind: SourceKind,
    pub context: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceStatus {
    /// Not read yet (only seen in the live TUI).
    Connecting,
    Ok,
    Error,
}

/// What the dashboard and the report say about one source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceInfo {
    pub kind: SourceKind,
    pub context: String,
    /// Where it was read from, e.g. `unix:///var/run/docker.sock`. Never carries credentials.
    pub endpoint: String,
    pub status: SourceStatus,
    pub error: Option<String>,
    /// Engine or server version, when known (`20.10.24`, `v1.31.2`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The API version both sides agreed on, when it applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    /// Which engine answers the Docker API: `docker` or `podman` (its compatible API), once
    /// connected. Kubernetes sources leave it out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engine: Option<String>,
    /// Kubernetes: the one namespace read, when not all of them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// The source was lost at this time and what is shown of it is the last data read (live
    /// dashboard only, until it is back).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stale_since: Option<jiff::Timestamp>,
}

impl SourceInfo {
    pub fn new(kind: SourceKind, context: impl Into<String>, endpoint: impl Into<String>) -> Self {
        Self {
            kind,
            context: context.into(),
            endpoint: endpoint.into(),
            status: SourceStatus::Connecting,
            error: None,
            version: None,
            api_version: None,
            engine: None,
            namespace: None,
            stale_since: None,
        }
    }

    /// What to call the source on screen: the engine behind the Docker API (`podman`) when it
    /// is known, else the kind.
    pub fn label(&self) -> &str {
        self.engine.as_deref().unwrap_or(self.kind.as_str())
    }

    pub fn source_ref(&self) -> SourceRef {
        SourceRef {
            kind: self.kind,
            context: self.context.clone(),
        }
    }
}
