//! A Pod (k8s-openapi) to one `Workload` per container: regular, init and ephemeral.
//!
//! The only place that knows PodSpec field names. Every string passes through
//! `model::text::clean`; environment variables are reduced to their names.

use super::lean::APPARMOR_ANNOTATION;
use super::owners::{self, OwnerIndex};
use super::quantity;
use crate::model::kube::{ContainerType, KubeFacts, SeLinuxOptions as SeLinux, VolumeFacts};
use crate::model::text::clean;
use crate::model::{
    Capabilities, Healthcheck, HostNamespaces, Mount, MountKind, PortBinding, Profile, Resources,
    RestartPolicy, SecurityOptions, SourceKind, SourceRef, Workload, WorkloadState,
};
use k8s_openapi::api::core::v1::{
    Container, ContainerPort, ContainerStatus, EnvVar, EphemeralContainer, Pod, PodSpec, Probe,
    ResourceRequirements, SecurityContext, VolumeMount,
};
use std::collections::HashMap;

/// What conversion needs besides the pod: the context name, owner resolution and each
/// ServiceAccount's automount setting (namespace, name) -> automountServiceAccountToken.
pub struct Lookups<'a> {
    pub context: &'a str,
    pub owners: &'a OwnerIndex,
    pub service_accounts: &'a HashMap<(String, String), bool>,
}

/// The fields the converter reads, from a Container or an EphemeralContainer alike.
struct ContainerView<'a> {
    kind: ContainerType,
    name: &'a str,
    image: Option<&'a str>,
    security: Option<&'a SecurityContext>,
    resources: Option<&'a ResourceRequirements>,
    ports: &'a [ContainerPort],
    env: &'a [EnvVar],
    mounts: &'a [VolumeMount],
    liveness: Option<&'a Probe>,
    readiness: Option<&'a Probe>,
}

impl<'a> ContainerView<'a> {
    fn of(c: &'a Container, kind: ContainerType) -> Self {
        Self {
            kind,
            name: &c.name,
            image: c.image.as_deref(),
            security: c.security_context.as_ref(),
            resources: c.resources.as_ref(),
            ports: c.ports.as_deref().unwrap_or_default(),
            env: c.env.as_deref().unwrap_or_default(),
            mounts: c.volume_mounts.as_deref().unwrap_or_default(),
            liveness: c.liveness_probe.as_ref(),
            readiness: c.readiness_probe.as_ref(),
        }
    }

    fn ephemeral(c: &'a EphemeralContainer) -> Self {
        Self {
            kind: ContainerType::Ephemeral,
            name: &c.name,
            image: c.image.as_deref(),
            security: c.security_context.as_ref(),
            resources: c.resources.as_ref(),
            ports: c.ports.as_deref().unwrap_or_default(),
            env: c.env.as_deref().unwrap_or_default(),
            mounts: c.volume_mounts.as_deref().unwrap_or_default(),
            liveness: c.liveness_probe.as_ref(),
            readiness: c.readiness_probe.as_ref(),
        }
    }
}

pub fn pod_workloads(pod: &Pod, lookups: &Lookups<'_>) -> Vec<Workload> {
    let Some(spec) = pod.spec.as_ref() else {
        return Vec::new();
    };
    let views = spec
        .init_containers
        .iter()
        .flatten()
        .map(|c| ContainerView::of(c, ContainerType::Init))
        .chain(
            spec.containers
                .iter()
                .map(|c| ContainerView::of(c, ContainerType::Regular)),
        )
        .chain(
            spec.ephemeral_containers
                .iter()
                .flatten()
                .map(ContainerView::ephemeral),
        );
    let shared = PodShared::of(pod, spec, lookups);
    views
        .map(|view| container(pod, spec, &shared, &view, lookups))
        .collect()
}

/// What a pod's workloads take from the cluster lookups rather than from the pod: the owner
/// (through the ReplicaSet/Job index) and whether the ServiceAccount token is mounted (through
/// the ServiceAccount when the pod does not say). The live source keeps this beside each pod's
/// workloads instead of the pod, and applies it again when the lookups are read anew.
#[derive(Debug, Clone, PartialEq)]
pub struct PodLinks {
    namespace: String,
    /// The controlling owner reference's kind and name.
    owner: Option<(String, String)>,
    template_hash: Option<String>,
    service_account: String,
    automount_in_spec: Option<bool>,
}

impl PodLinks {
    pub fn of(pod: &Pod) -> Self {
        let meta = &pod.metadata;
        let spec = pod.spec.as_ref();
        Self {
            namespace: meta.namespace.clone().unwrap_or_default(),
            owner: owners::controller(meta.owner_references.as_ref())
                .map(|r| (r.kind.clone(), r.name.clone())),
            template_hash: meta
                .labels
                .as_ref()
                .and_then(|l| l.get(owners::TEMPLATE_HASH))
                .cloned(),
            service_account: spec
                .and_then(|s| {
                    s.service_account_name
                        .clone()
                        .or_else(|| s.service_account.clone())
                })
                .unwrap_or_else(|| "default".to_owned()),
            automount_in_spec: spec.and_then(|s| s.automount_service_account_token),
        }
    }

    fn owner(&self, lookups: &Lookups<'_>) -> Option<crate::model::kube::Owner> {
        let (kind, name) = self.owner.as_ref()?;
        let owner = lookups.owners.resolve_direct(
            &self.namespace,
            kind,
            name,
            self.template_hash.as_deref(),
        );
        Some(crate::model::kube::Owner {
            kind: clean(&owner.kind),
            name: clean(&owner.name),
        })
    }

    fn automount_token(&self, lookups: &Lookups<'_>) -> bool {
        self.automount_in_spec
            .or_else(|| {
                lookups
                    .service_accounts
                    .get(&(self.namespace.clone(), self.service_account.clone()))
                    .copied()
            })
            .unwrap_or(true)
    }

    /// Sets what comes from the lookups on the pod's workloads, as `pod_workloads` would.
    /// A workload shared with the UI is copied only when a value really changes.
    pub fn apply(&self, workloads: &mut [std::sync::Arc<Workload>], lookups: &Lookups<'_>) {
        let owner = self.owner(lookups);
        let automount_token = self.automount_token(lookups);
        for w in workloads.iter_mut() {
            let same = w
                .kubernetes
                .as_ref()
                .is_none_or(|k| k.owner == owner && k.automount_token == automount_token);
            if same {
                continue;
            }
            if let Some(facts) = std::sync::Arc::make_mut(w).kubernetes.as_mut() {
                facts.owner.clone_from(&owner);
                facts.automount_token = automount_token;
            }
        }
    }
}

/// Pod-level facts every container of the pod shares.
struct PodShared {
    volumes: Vec<VolumeFacts>,
    automount_token: bool,
    service_account: String,
    owner: Option<crate::model::kube::Owner>,
    statuses: HashMap<String, ContainerStatus>,
}

impl PodShared {
    fn of(pod: &Pod, spec: &PodSpec, lookups: &Lookups<'_>) -> Self {
        let links = PodLinks::of(pod);
        let status = pod.status.as_ref();
        let statuses = [
            status.and_then(|s| s.init_container_statuses.as_ref()),
            status.and_then(|s| s.container_statuses.as_ref()),
            status.and_then(|s| s.ephemeral_container_statuses.as_ref()),
        ]
        .into_iter()
        .flatten()
        .flatten()
        .map(|s| (s.name.clone(), s.clone()))
        .collect();
        Self {
            volumes: spec.volumes.iter().flatten().map(volume_facts).collect(),
            automount_token: links.automount_token(lookups),
            service_account: clean(&links.service_account),
            owner: links.owner(lookups),
            statuses,
        }
    }
}

/// The volume source's field name (`hostPath`, `nfs`, ...) as the API spells it.
fn volume_facts(v: &k8s_openapi::api::core::v1::Volume) -> VolumeFacts {
    let kind = serde_json::to_value(v)
        .ok()
        .and_then(|json| {
            json.as_object()
                .and_then(|o| o.keys().find(|k| k.as_str() != "name").cloned())
        })
        .unwrap_or_else(|| "emptyDir".to_owned());
    VolumeFacts {
        name: clean(&v.name),
        kind: clean(&kind),
        path: v.host_path.as_ref().map(|h| clean(&h.path)),
    }
}

fn container(
    pod: &Pod,
    spec: &PodSpec,
    shared: &PodShared,
    c: &ContainerView<'_>,
    lookups: &Lookups<'_>,
) -> Workload {
    let meta = &pod.metadata;
    let pod_name = meta.name.clone().unwrap_or_default();
    let uid = meta.uid.clone().unwrap_or_else(|| pod_name.clone());
    let source = SourceRef {
        kind: SourceKind::Kubernetes,
        context: lookups.context.to_owned(),
    };
    let mut w = Workload::new(source, clean(&format!("{uid}/{}", c.name)), clean(c.name));
    w.namespace = meta.namespace.as_deref().map(clean);
    w.pod = Some(clean(&pod_name));
    w.image = clean(c.image.unwrap_or_default());
    w.state = state(shared.statuses.get(c.name), pod);
    let psc = spec.security_context.as_ref();
    let sc = c.security;
    let run_as_user = sc
        .and_then(|s| s.run_as_user)
        .or(psc.and_then(|p| p.run_as_user));
    let run_as_non_root = sc
        .and_then(|s| s.run_as_non_root)
        .or(psc.and_then(|p| p.run_as_non_root));
    w.user = run_as_user.map(|u| u.to_string()).unwrap_or_default();
    w.privileged = sc.and_then(|s| s.privileged).unwrap_or(false);
    let caps = sc.and_then(|s| s.capabilities.as_ref());
    let add: Vec<String> = caps
        .and_then(|c| c.add.clone())
        .unwrap_or_default()
        .iter()
        .map(|c| clean(c))
        .collect();
    let drop: Vec<String> = caps
        .and_then(|c| c.drop.clone())
        .unwrap_or_default()
        .iter()
        .map(|c| clean(c))
        .collect();
    w.capabilities = Capabilities::for_docker(&add, &drop, w.privileged);
    w.mounts = mounts(c.mounts, spec);
    w.namespaces = HostNamespaces {
        pid: spec.host_pid.unwrap_or(false),
        network: spec.host_network.unwrap_or(false),
        ipc: spec.host_ipc.unwrap_or(false),
        ..HostNamespaces::default()
    };
    let seccomp = sc
        .and_then(|s| s.seccomp_profile.as_ref())
        .or(psc.and_then(|p| p.seccomp_profile.as_ref()))
        .map_or(Profile::NotSet, |p| {
            profile(&p.type_, p.localhost_profile.as_deref())
        });
    let apparmor = sc
        .and_then(|s| s.app_armor_profile.as_ref())
        .or(psc.and_then(|p| p.app_armor_profile.as_ref()))
        .map(|p| profile(&p.type_, p.localhost_profile.as_deref()))
        .or_else(|| apparmor_annotation(pod, c.name))
        .unwrap_or(Profile::NotSet);
    let selinux: Vec<SeLinux> = [
        psc.and_then(|p| p.se_linux_options.as_ref()),
        sc.and_then(|s| s.se_linux_options.as_ref()),
    ]
    .into_iter()
    .flatten()
    .map(|o| SeLinux {
        type_: o.type_.as_deref().map(clean),
        user: o.user.as_deref().map(clean),
        role: o.role.as_deref().map(clean),
        level: o.level.as_deref().map(clean),
    })
    .collect();
    let allow_privilege_escalation = sc.and_then(|s| s.allow_privilege_escalation);
    w.security = SecurityOptions {
        seccomp: seccomp.clone(),
        apparmor,
        no_new_privileges: allow_privilege_escalation == Some(false),
        read_only_rootfs: sc
            .and_then(|s| s.read_only_root_filesystem)
            .unwrap_or(false),
        selinux: selinux
            .iter()
            .filter_map(|o| o.type_.clone().map(|t| format!("type:{t}")))
            .collect(),
        unmasked_paths: sc.and_then(|s| s.proc_mount.as_deref()) == Some("Unmasked"),
    };
    w.resources = resources(c.resources);
    w.ports = c.ports.iter().map(port).collect();
    w.healthcheck = c.liveness.or(c.readiness).map(|_| Healthcheck {
        test: probe_kinds(c.liveness, c.readiness),
        status: shared
            .statuses
            .get(c.name)
            .map(|s| if s.ready { "ready" } else { "not ready" }.to_owned()),
    });
    w.restart_policy = RestartPolicy {
        name: clean(spec.restart_policy.as_deref().unwrap_or("Always")),
        maximum_retry_count: 0,
    };
    w.labels = meta
        .labels
        .iter()
        .flatten()
        // Secret-looking values are masked here, at the model boundary, like env values
        // (which are never read at all).
        .map(|(k, v)| (clean(k), crate::model::secrets::label_value(k, &clean(v))))
        .collect();
    w.env_names = c.env.iter().map(|e| clean(&e.name)).collect();
    w.created_at = meta.creation_timestamp.as_ref().map(|t| t.0.to_string());
    let windows_options = sc
        .and_then(|s| s.windows_options.as_ref())
        .or(psc.and_then(|p| p.windows_options.as_ref()));
    w.kubernetes = Some(KubeFacts {
        container_type: c.kind,
        owner: shared.owner.clone(),
        node: spec.node_name.as_deref().map(clean),
        service_account: shared.service_account.clone(),
        automount_token: shared.automount_token,
        windows: spec.os.as_ref().is_some_and(|os| os.name == "windows"),
        host_process: windows_options
            .and_then(|o| o.host_process)
            .unwrap_or(false),
        host_users: spec.host_users,
        allow_privilege_escalation,
        run_as_non_root,
        run_as_user,
        capabilities_add: add,
        capabilities_drop: drop,
        proc_mount: sc.and_then(|s| s.proc_mount.as_deref()).map(clean),
        sysctls: psc
            .and_then(|p| p.sysctls.as_ref())
            .into_iter()
            .flatten()
            .map(|s| clean(&s.name))
            .collect(),
        selinux,
        seccomp,
        volumes: shared.volumes.clone(),
        probes: c.liveness.is_some() || c.readiness.is_some(),
        env_from_secrets: c
            .env
            .iter()
            .filter(|e| {
                e.value_from
                    .as_ref()
                    .is_some_and(|v| v.secret_key_ref.is_some())
            })
            .map(|e| clean(&e.name))
            .collect(),
    });
    w
}

fn state(status: Option<&ContainerStatus>, pod: &Pod) -> WorkloadState {
    match status.and_then(|s| s.state.as_ref()) {
        Some(s) if s.running.is_some() => WorkloadState::Running,
        Some(s) if s.terminated.is_some() => WorkloadState::Terminated,
        Some(s) if s.waiting.is_some() => WorkloadState::Waiting,
        _ => match pod.status.as_ref().and_then(|s| s.phase.as_deref()) {
            Some("Pending") => WorkloadState::Waiting,
            Some("Succeeded" | "Failed") => WorkloadState::Terminated,
            _ => WorkloadState::Unknown,
        },
    }
}

fn profile(kind: &str, localhost: Option<&str>) -> Profile {
    match kind {
        "RuntimeDefault" => Profile::RuntimeDefault,
        "Unconfined" => Profile::Unconfined,
        "Localhost" => Profile::Custom(clean(&format!(
            "localhost/{}",
            localhost.unwrap_or_default()
        ))),
        other => Profile::Custom(clean(other)),
    }
}

/// The pre-1.30 annotation `container.apparmor.security.beta.kubernetes.io/<container>`.
fn apparmor_annotation(pod: &Pod, container: &str) -> Option<Profile> {
    let key = format!("{APPARMOR_ANNOTATION}{container}");
    let value = pod.metadata.annotations.as_ref()?.get(&key)?;
    Some(match value.as_str() {
        "runtime/default" => Profile::RuntimeDefault,
        "unconfined" => Profile::Unconfined,
        other => Profile::Custom(clean(other)),
    })
}

fn mounts(mounts: &[VolumeMount], spec: &PodSpec) -> Vec<Mount> {
    let volumes = spec.volumes.as_deref().unwrap_or_default();
    mounts
        .iter()
        .map(|vm| {
            let volume = volumes.iter().find(|v| v.name == vm.name);
            let read_only = vm.read_only.unwrap_or(false);
            let (kind, source) = match volume {
                Some(v) if v.host_path.is_some() => (
                    MountKind::Bind,
                    v.host_path
                        .as_ref()
                        .map(|h| h.path.clone())
                        .unwrap_or_default(),
                ),
                Some(v)
                    if v.empty_dir.as_ref().and_then(|e| e.medium.as_deref()) == Some("Memory") =>
                {
                    (MountKind::Tmpfs, format!("emptyDir:{}", v.name))
                }
                Some(v) => (
                    MountKind::Volume,
                    format!("{}:{}", volume_facts(v).kind, v.name),
                ),
                None => (MountKind::Other, vm.name.clone()),
            };
            let mut m = Mount::new(kind, clean(&source), clean(&vm.mount_path), read_only);
            m.name = Some(clean(&vm.name));
            m.propagation = vm.mount_propagation.as_deref().map(clean);
            m
        })
        .collect()
}

fn resources(r: Option<&ResourceRequirements>) -> Resources {
    let limits = r.and_then(|r| r.limits.as_ref());
    let limit = |key: &str| limits.and_then(|l| l.get(key)).map(|q| q.0.as_str());
    Resources {
        cpu_limit_cores: limit("cpu").and_then(quantity::parse),
        memory_limit_bytes: limit("memory").and_then(quantity::bytes),
        ..Resources::default()
    }
}

fn port(p: &ContainerPort) -> PortBinding {
    PortBinding {
        container_port: u16::try_from(p.container_port).unwrap_or(0),
        protocol: clean(p.protocol.as_deref().unwrap_or("TCP")),
        host_ip: clean(p.host_ip.as_deref().unwrap_or_default()),
        host_port: p
            .host_port
            .and_then(|h| u16::try_from(h).ok())
            .filter(|h| *h > 0),
    }
}

fn probe_kinds(liveness: Option<&Probe>, readiness: Option<&Probe>) -> String {
    let describe = |p: &Probe| {
        if let Some(h) = &p.http_get {
            format!("httpGet {}", h.path.as_deref().unwrap_or("/"))
        } else if p.tcp_socket.is_some() {
            "tcpSocket".to_owned()
        } else if p.grpc.is_some() {
            "grpc".to_owned()
        } else {
            "exec".to_owned()
        }
    };
    let mut parts = Vec::new();
    if let Some(l) = liveness {
        parts.push(format!("liveness {}", describe(l)));
    }
    if let Some(r) = readiness {
        parts.push(format!("readiness {}", describe(r)));
    }
    clean(&parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture_pods() -> Vec<Pod> {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/kube/cluster.json"
        );
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let objects: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap_or_default();
        objects
            .into_iter()
            .filter(|o| o["kind"] == "Pod")
            .filter_map(|o| serde_json::from_value(o).ok())
            .collect()
    }

    #[test]
    fn links_applied_anew_equal_converting_anew() {
        let no_owners = OwnerIndex::default();
        let no_accounts = HashMap::new();
        let before = Lookups {
            context: "lab",
            owners: &no_owners,
            service_accounts: &no_accounts,
        };
        let pods = fixture_pods();
        assert!(pods.len() > 10, "the demo cluster's pods: {}", pods.len());
        // Every pod's controller known to have a parent, every ServiceAccount not mounting.
        let mut owners = OwnerIndex::default();
        let mut accounts = HashMap::new();
        for pod in &pods {
            let links = PodLinks::of(pod);
            if let Some((kind, name)) = &links.owner {
                let parent = k8s_openapi::apimachinery::pkg::apis::meta::v1::OwnerReference {
                    kind: "Deployment".into(),
                    name: format!("{name}-parent"),
                    controller: Some(true),
                    ..Default::default()
                };
                let meta = k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta {
                    namespace: Some(links.namespace.clone()),
                    name: Some(name.clone()),
                    owner_references: Some(vec![parent]),
                    ..Default::default()
                };
                owners.add(kind, [meta]);
            }
            accounts.insert(
                (links.namespace.clone(), links.service_account.clone()),
                false,
            );
        }
        let after = Lookups {
            context: "lab",
            owners: &owners,
            service_accounts: &accounts,
        };
        let mut changed = 0;
        for pod in &pods {
            let mut workloads: Vec<std::sync::Arc<Workload>> = pod_workloads(pod, &before)
                .into_iter()
                .map(std::sync::Arc::new)
                .collect();
            let fresh: Vec<std::sync::Arc<Workload>> = pod_workloads(pod, &after)
                .into_iter()
                .map(std::sync::Arc::new)
                .collect();
            changed += usize::from(workloads != fresh);
            PodLinks::of(pod).apply(&mut workloads, &after);
            assert_eq!(workloads, fresh, "{:?}", pod.metadata.name);
        }
        assert!(changed > 0, "the new lookups changed no pod");
    }
}
