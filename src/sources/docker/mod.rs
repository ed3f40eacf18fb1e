//! The Docker Engine source (bollard).
//!
//! `endpoint` finds the engine (flag, DOCKER_HOST, Docker context, default socket); `client`
//! connects and negotiates the API version; `convert` maps `docker inspect` onto the model;
//! `stats` turns stats samples into usage; `watch` is the long-running, event-driven task behind
//! the TUI; `collect` takes one snapshot for `shipshape report`.

pub mod client;
pub mod collect;
pub mod convert;
pub mod endpoint;
pub mod inventory;
pub mod stats;
pub mod watch;

pub use collect::collect_once;
pub use endpoint::{ContextEntry, Endpoint, list_contexts};
pub use watch::{DockerCommand, DockerHandle, spawn};

/// How to find the engine, as the operator asked for it.
#[derive(Debug, Clone, Default)]
pub struct DockerSettings {
    /// `--docker-host URL`.
    pub host: Option<String>,
    /// A Docker context chosen explicitly (in the TUI); wins over everything else.
    pub context: Option<String>,
}
