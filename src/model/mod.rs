//! The domain model: what shipshape knows about a workload, independent of where it came from.
//!
//! Pure data. No tokio, ratatui, bollard or kube in here; sources convert into these types at
//! their boundary and everything downstream (rules, views, reports) reads only these.

pub mod action;
pub mod capabilities;
pub mod cluster;
pub mod command_line;
pub mod engine;
pub mod finding;
pub mod host;
pub mod image;
pub mod kube;
pub mod mounts;
pub mod runtime;
pub mod secrets;
pub mod sensitive_paths;
pub mod severity;
pub mod snapshot;
pub mod source;
pub mod text;
pub mod waiver;
pub mod workload;

pub use capabilities::Capabilities;
pub use finding::Finding;
pub use mounts::{Mount, MountKind};
pub use severity::{Risk, Severity};
pub use snapshot::{AssessedWorkload, Snapshot, Summary};
pub use source::{SourceInfo, SourceKind, SourceRef, SourceStatus};
pub use workload::{
    Device, Healthcheck, HostNamespaces, PortBinding, Profile, Resources, RestartPolicy,
    SecurityOptions, Workload, WorkloadKind, WorkloadState,
};
