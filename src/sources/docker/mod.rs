//! The Docker Engine source (bollard).
//!
//! `endpoint` finds the engine (flag, DOCKER_HOST, Docker context, default socket); `client`
//! connects and negotiates the API version (`ssh` for ssh:// endpoints, `flavour` tells Docker
//! from Podman); `convert` maps `docker inspect` onto the model;
//! `stats` turns stats samples into usage; `watch` is the long-running, event-driven task behind
//! the TUI; `collect` takes one snapshot for `shipshape report`.

pub mod actions;
pub mod client;
pub mod collect;
pub mod convert;
pub mod endpoint;
pub mod engine;
pub mod flavour;
pub mod inventory;
pub mod processes;
pub mod sampling;
mod session;
pub mod ssh;
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
    /// What to call the engine instead of its context name: several `--docker-host` URLs
    /// would all be `default`, and each source needs a name of its own.
    pub name: Option<String>,
}

/// Resolves the endpoint for these settings from the real environment and ~/.docker.
pub fn resolve_endpoint(settings: &DockerSettings) -> Result<Endpoint, endpoint::EndpointError> {
    let env = |k: &str| std::env::var(k).ok();
    let config_dir = endpoint::docker_config_dir(&env);
    let mut endpoint = endpoint::resolve(
        settings.context.as_deref(),
        settings.host.as_deref(),
        &env,
        &config_dir,
    )?;
    if let Some(name) = &settings.name {
        endpoint.context.clone_from(name);
    }
    Ok(endpoint)
}

/// The status to show before the first connection attempt has finished.
pub fn initial_info(settings: &DockerSettings) -> crate::model::SourceInfo {
    use crate::model::{SourceInfo, SourceKind, SourceStatus};
    match resolve_endpoint(settings) {
        Ok(e) => SourceInfo::new(SourceKind::Docker, &e.context, e.display_host()),
        Err(e) => {
            let context = settings
                .context
                .clone()
                .unwrap_or_else(|| "default".to_owned());
            let mut info = SourceInfo::new(SourceKind::Docker, context, "");
            info.status = SourceStatus::Error;
            info.error = Some(crate::model::text::clean(&e.to_string()));
            info
        }
    }
}
