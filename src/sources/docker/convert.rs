//! `docker inspect` (bollard's `ContainerInspectResponse`) to the model's `Workload`.
//!
//! The only place that knows Docker's field names. Every string is passed through
//! `model::text::clean` here, and environment variables are reduced to their names.

use crate::model::text::clean;
use crate::model::{
    Capabilities, Device, Healthcheck, HostNamespaces, Mount, MountKind, PortBinding, Profile,
    Resources, RestartPolicy, SecurityOptions, SourceKind, SourceRef, Workload, WorkloadState,
};
use bollard::models::{ContainerConfig, ContainerInspectResponse, HostConfig, MountPoint, PortMap};

pub fn to_workload(inspect: &ContainerInspectResponse, context: &str) -> Workload {
    let source = SourceRef {
        kind: SourceKind::Docker,
        context: context.to_owned(),
    };
    let id = clean(inspect.id.as_deref().unwrap_or_default());
    let name = clean(
        inspect
            .name
            .as_deref()
            .unwrap_or_default()
            .trim_start_matches('/'),
    );
    let mut w = Workload::new(source, id, name);
    let default_host = HostConfig::default();
    let host = inspect.host_config.as_ref().unwrap_or(&default_host);
    let default_config = ContainerConfig::default();
    let config = inspect.config.as_ref().unwrap_or(&default_config);

    w.image = clean(
        config
            .image
            .as_deref()
            .or(inspect.image.as_deref())
            .unwrap_or_default(),
    );
    w.state = inspect
        .state
        .as_ref()
        .and_then(|s| s.status)
        .map_or(WorkloadState::Unknown, |s| WorkloadState::parse(s.as_ref()));
    w.user = clean(config.user.as_deref().unwrap_or_default());
    w.privileged = host.privileged.unwrap_or(false);
    w.capabilities = Capabilities::for_docker(
        host.cap_add.as_deref().unwrap_or_default(),
        host.cap_drop.as_deref().unwrap_or_default(),
        w.privileged,
    );
    w.capabilities.added = w.capabilities.added.iter().map(|c| clean(c)).collect();
    w.capabilities.dropped = w.capabilities.dropped.iter().map(|c| clean(c)).collect();
    w.capabilities.effective = w.capabilities.effective.iter().map(|c| clean(c)).collect();
    w.mounts = mounts(inspect.mounts.as_deref().unwrap_or_default(), host);
    w.namespaces = namespaces(host);
    w.security = security(host, inspect.app_armor_profile.as_deref(), w.privileged);
    w.resources = resources(host);
    w.ports = ports(inspect, host);
    w.devices = host
        .devices
        .iter()
        .flatten()
        .map(|d| Device {
            host_path: clean(d.path_on_host.as_deref().unwrap_or_default()),
            container_path: clean(d.path_in_container.as_deref().unwrap_or_default()),
            permissions: clean(d.cgroup_permissions.as_deref().unwrap_or_default()),
        })
        .collect();
    w.device_cgroup_rules = host
        .device_cgroup_rules
        .iter()
        .flatten()
        .map(|r| clean(r))
        .collect();
    w.healthcheck = healthcheck(inspect, config);
    w.restart_policy = host
        .restart_policy
        .as_ref()
        .map(|p| RestartPolicy {
            name: p.name.map(|n| n.as_ref().to_owned()).unwrap_or_default(),
            maximum_retry_count: p.maximum_retry_count.unwrap_or(0),
        })
        .unwrap_or_default();
    w.labels = config
        .labels
        .iter()
        .flatten()
        // Secret-looking values are masked here, at the model boundary, like env values
        // (which are never read at all).
        .map(|(k, v)| (clean(k), crate::model::secrets::label_value(k, &clean(v))))
        .collect();
    w.env_names = env_names(config.env.as_deref().unwrap_or_default());
    w.created_at = inspect.created.as_ref().map(|c| clean(&c.to_string()));
    w
}

/// Names only: `KEY=value` keeps `KEY`. Values never enter the model.
fn env_names(env: &[String]) -> Vec<String> {
    env.iter()
        .map(|kv| clean(kv.split_once('=').map_or(kv.as_str(), |(k, _)| k)))
        .collect()
}

fn mount_kind(kind: &str) -> MountKind {
    match kind {
        "bind" => MountKind::Bind,
        "volume" => MountKind::Volume,
        "tmpfs" => MountKind::Tmpfs,
        "npipe" => MountKind::Npipe,
        "cluster" => MountKind::Cluster,
        "image" => MountKind::Image,
        _ => MountKind::Other,
    }
}

fn mounts(points: &[MountPoint], host: &HostConfig) -> Vec<Mount> {
    let mut out: Vec<Mount> = points
        .iter()
        .map(|p| {
            let kind = p.typ.as_deref().map_or(MountKind::Other, mount_kind);
            let mut m = Mount::new(
                kind,
                clean(p.source.as_deref().unwrap_or_default()),
                clean(p.destination.as_deref().unwrap_or_default()),
                !p.rw.unwrap_or(true),
            );
            m.name = p.name.as_deref().filter(|n| !n.is_empty()).map(clean);
            m.propagation = p
                .propagation
                .as_deref()
                .filter(|n| !n.is_empty())
                .map(clean);
            m
        })
        .collect();
    // `--tmpfs` mounts are only in HostConfig.Tmpfs, not in Mounts.
    let mut tmpfs: Vec<(&String, &String)> = host.tmpfs.iter().flatten().collect();
    tmpfs.sort();
    for (dest, opts) in tmpfs {
        let read_only = opts.split(',').any(|o| o == "ro");
        out.push(Mount::new(
            MountKind::Tmpfs,
            "tmpfs",
            clean(dest),
            read_only,
        ));
    }
    out.sort_by(|a, b| a.destination.cmp(&b.destination));
    out
}

fn namespaces(host: &HostConfig) -> HostNamespaces {
    let is_host = |mode: &Option<String>| mode.as_deref() == Some("host");
    HostNamespaces {
        pid: is_host(&host.pid_mode),
        network: is_host(&host.network_mode),
        ipc: is_host(&host.ipc_mode),
        uts: is_host(&host.uts_mode),
        userns: is_host(&host.userns_mode),
        cgroup: host.cgroupns_mode.is_some_and(|m| m.as_ref() == "host"),
        network_mode: host
            .network_mode
            .as_deref()
            .filter(|m| !m.is_empty())
            .map(clean),
    }
}

/// Reads `HostConfig.SecurityOpt` (both `key=value` and the legacy `key:value` forms).
fn security(
    host: &HostConfig,
    apparmor_profile: Option<&str>,
    privileged: bool,
) -> SecurityOptions {
    let mut sec = SecurityOptions {
        read_only_rootfs: host.readonly_rootfs.unwrap_or(false),
        ..SecurityOptions::default()
    };
    let mut apparmor_opt = None;
    for opt in host.security_opt.iter().flatten() {
        let (key, value) = match opt.find(['=', ':']) {
            Some(i) => (&opt[..i], &opt[i + 1..]),
            None => (opt.as_str(), ""),
        };
        match key {
            "seccomp" => sec.seccomp = seccomp_profile(value),
            "apparmor" => apparmor_opt = Some(value.to_owned()),
            "no-new-privileges" => sec.no_new_privileges = value.is_empty() || value == "true",
            "label" => sec.selinux.push(clean(value)),
            "systempaths" => sec.unmasked_paths = value == "unconfined",
            _ => {}
        }
    }
    // Without a profile the default OCI spec masks /proc paths; an empty list means unmasked.
    if !privileged && host.masked_paths.as_ref().is_some_and(Vec::is_empty) {
        sec.unmasked_paths = true;
    }
    sec.apparmor = match apparmor_opt.as_deref().or(apparmor_profile) {
        None | Some("") => Profile::NotSet,
        Some("unconfined") => Profile::Unconfined,
        Some("docker-default") => Profile::RuntimeDefault,
        // Podman's default profile carries its version: `containers-default-0.50.1`.
        Some(p) if p.starts_with("containers-default") => Profile::RuntimeDefault,
        Some(other) => Profile::Custom(clean(other)),
    };
    sec
}

fn seccomp_profile(value: &str) -> Profile {
    match value {
        "unconfined" => Profile::Unconfined,
        "" | "builtin" | "default" => Profile::RuntimeDefault,
        // The CLI sends the profile's JSON text itself; keep a short label, not the document.
        v if v.trim_start().starts_with('{') => {
            Profile::Custom("custom profile (inline JSON)".into())
        }
        v => Profile::Custom(clean(v)),
    }
}

fn resources(host: &HostConfig) -> Resources {
    let positive = |v: Option<i64>| v.filter(|n| *n > 0);
    let cpu_limit_cores = positive(host.nano_cpus)
        .map(|n| n as f64 / 1e9)
        .or_else(|| {
            let quota = positive(host.cpu_quota)?;
            let period = positive(host.cpu_period).unwrap_or(100_000);
            Some(quota as f64 / period as f64)
        });
    Resources {
        cpu_limit_cores,
        memory_limit_bytes: positive(host.memory).and_then(|m| u64::try_from(m).ok()),
        pids_limit: positive(host.pids_limit),
        cpu_usage_cores: None,
        memory_usage_bytes: None,
        cpu_shares: positive(host.cpu_shares).and_then(|s| u64::try_from(s).ok()),
        cpuset_cpus: host
            .cpuset_cpus
            .as_deref()
            .filter(|c| !c.is_empty())
            .map(clean),
    }
}

/// Live bindings from NetworkSettings; for containers that are not running, the configured ones.
fn ports(inspect: &ContainerInspectResponse, host: &HostConfig) -> Vec<PortBinding> {
    let live = inspect
        .network_settings
        .as_ref()
        .and_then(|n| n.ports.as_ref());
    let map = match live {
        Some(map) if has_bindings(map) => map,
        _ => match host.port_bindings.as_ref() {
            Some(map) => map,
            None => return Vec::new(),
        },
    };
    let mut out = Vec::new();
    for (key, bindings) in map {
        let (port, proto) = key.split_once('/').unwrap_or((key.as_str(), "tcp"));
        let Ok(container_port) = port.parse::<u16>() else {
            continue;
        };
        for b in bindings.iter().flatten() {
            out.push(PortBinding {
                container_port,
                protocol: clean(proto),
                host_ip: clean(b.host_ip.as_deref().unwrap_or_default()),
                host_port: b.host_port.as_deref().and_then(|p| p.parse().ok()),
            });
        }
    }
    out.sort_by(|a, b| {
        (a.container_port, &a.protocol, &a.host_ip).cmp(&(
            b.container_port,
            &b.protocol,
            &b.host_ip,
        ))
    });
    out
}

fn has_bindings(map: &PortMap) -> bool {
    map.values()
        .any(|v| v.as_ref().is_some_and(|b| !b.is_empty()))
}

fn healthcheck(
    inspect: &ContainerInspectResponse,
    config: &ContainerConfig,
) -> Option<Healthcheck> {
    let test = config.healthcheck.as_ref()?.test.as_ref()?;
    if test.is_empty() || test.first().map(String::as_str) == Some("NONE") {
        return None;
    }
    let status = inspect
        .state
        .as_ref()
        .and_then(|s| s.health.as_ref())
        .and_then(|h| h.status)
        .map(|s| s.as_ref().to_owned())
        .filter(|s| !s.is_empty() && s != "none");
    Some(Healthcheck {
        test: clean(&test.join(" ")),
        status,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_apparmor_profiles_of_docker_and_podman() {
        let host = HostConfig::default();
        for (profile, expected) in [
            ("docker-default", Profile::RuntimeDefault),
            ("containers-default-0.50.1", Profile::RuntimeDefault),
            ("unconfined", Profile::Unconfined),
            ("", Profile::NotSet),
            ("my-profile", Profile::Custom("my-profile".into())),
        ] {
            assert_eq!(
                security(&host, Some(profile), false).apparmor,
                expected,
                "{profile}"
            );
        }
    }
}
