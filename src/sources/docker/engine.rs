//! The engine's own settings: `/info` and `/version` converted into [`EngineFacts`].

use super::endpoint::Endpoint;
use crate::model::engine::EngineFacts;
use crate::model::text::clean;
use bollard::Docker;
use bollard::models::{SystemInfo, SystemVersion};

/// Reads `/info` and `/version`. `None` when `/info` fails: the engine view then says the
/// settings could not be read, and no daemon rule runs on guesses.
pub async fn read(docker: &Docker, endpoint: &Endpoint) -> Option<EngineFacts> {
    let info = docker.info().await.ok()?;
    let version = docker.version().await.ok();
    Some(convert(endpoint, &info, version.as_ref()))
}

fn strings(list: Option<&Vec<String>>) -> Vec<String> {
    list.map(|l| l.iter().map(|s| clean(s)).collect())
        .unwrap_or_default()
}

fn text(value: Option<&String>) -> Option<String> {
    value.map(|s| clean(s)).filter(|s| !s.is_empty())
}

pub fn convert(
    endpoint: &Endpoint,
    info: &SystemInfo,
    version: Option<&SystemVersion>,
) -> EngineFacts {
    let registry = info.registry_config.as_ref();
    let mut insecure_registries: Vec<String> = registry
        .and_then(|r| r.index_configs.as_ref())
        .map(|indexes| {
            indexes
                .iter()
                .filter(|(_, i)| i.secure == Some(false))
                .map(|(name, _)| clean(name))
                .collect()
        })
        .unwrap_or_default();
    insecure_registries.sort();
    EngineFacts {
        context: endpoint.context.clone(),
        endpoint: endpoint.display_host(),
        client_tls: endpoint.tls.is_some(),
        version: text(
            version
                .and_then(|v| v.version.as_ref())
                .or(info.server_version.as_ref()),
        ),
        api_version: text(version.and_then(|v| v.api_version.as_ref())),
        engine: Some(
            version
                .map_or("docker", super::flavour::engine_name)
                .to_owned(),
        ),
        os: text(info.operating_system.as_ref()),
        kernel: text(info.kernel_version.as_ref()),
        security_options: strings(info.security_options.as_ref()),
        logging_driver: text(info.logging_driver.as_ref()),
        live_restore: info.live_restore_enabled.unwrap_or(false),
        insecure_registry_cidrs: strings(registry.and_then(|r| r.insecure_registry_cidrs.as_ref())),
        insecure_registries,
        experimental: info.experimental_build.unwrap_or(false)
            || version.and_then(|v| v.experimental).unwrap_or(false),
        debug: info.debug.unwrap_or(false),
        warnings: strings(info.warnings.as_ref()),
        storage_driver: text(info.driver.as_ref()),
        cgroup_version: info
            .cgroup_version
            .map(|v| v.to_string())
            .filter(|v| !v.is_empty()),
        authorization_plugins: strings(
            info.plugins.as_ref().and_then(|p| p.authorization.as_ref()),
        ),
        swarm: info
            .swarm
            .as_ref()
            .and_then(|s| s.local_node_state)
            .map(|s| s.to_string())
            .filter(|s| !s.is_empty()),
        docker_root_dir: text(info.docker_root_dir.as_ref()),
    }
}
