//! The Kubernetes source (kube-rs + k8s-openapi).
//!
//! `kubeconfig` finds the configuration and contexts; `convert` maps pods onto the model;
//! `lean` reads pods without what conversion never reads; `owners` resolves controllers; `quantity` parses resource quantities; `cluster` gathers
//! namespace, RBAC and version facts; `metrics` reads metrics.k8s.io; `watch` is the live task
//! behind the TUI; `collect` takes one snapshot for `shipshape report`.

pub mod api;
pub mod cluster;
pub mod collect;
pub mod connect;
pub mod convert;
pub mod kubeconfig;
pub mod lean;
pub mod metrics;
pub mod owners;
mod pod_table;
pub mod quantity;
pub mod watch;

use std::path::PathBuf;

/// How to reach Kubernetes, as the operator asked for it.
#[derive(Debug, Clone, Default)]
pub struct KubeSettings {
    /// `--kubeconfig FILE`.
    pub kubeconfig: Option<PathBuf>,
    /// `--kube-context NAME`; the current context when `None`.
    pub context: Option<String>,
    /// `--namespace NS`; every namespace when `None`.
    pub namespace: Option<String>,
}

/// Puts metrics readings on the matching pod containers (metrics key by namespace, pod and
/// container name; usage stays unknown where there is none).
pub fn with_usage(workloads: &mut [crate::model::Workload], usage: &metrics::PodUsage) {
    for w in workloads {
        let key = (
            w.namespace.clone().unwrap_or_default(),
            w.pod.clone().unwrap_or_default(),
            w.name.clone(),
        );
        if let Some(u) = usage.get(&key) {
            w.resources.cpu_usage_cores = u.cpu_cores;
            w.resources.memory_usage_bytes = u.memory_bytes;
        }
    }
}
