//! Usage from metrics.k8s.io (metrics-server). Without that API usage is unknown: `None`,
//! quietly, never an error.

use super::api::{self, Scope};
use super::quantity;
use crate::sources::Usage;
use kube::Client;
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Debug, Deserialize)]
struct PodMetricsList {
    #[serde(default)]
    items: Vec<PodMetrics>,
}

#[derive(Debug, Deserialize)]
struct PodMetrics {
    metadata: Meta,
    #[serde(default)]
    containers: Vec<ContainerMetrics>,
}

#[derive(Debug, Deserialize)]
struct Meta {
    #[serde(default)]
    name: String,
    #[serde(default)]
    namespace: String,
}

#[derive(Debug, Deserialize)]
struct ContainerMetrics {
    name: String,
    #[serde(default)]
    usage: HashMap<String, String>,
}

/// (namespace, pod, container) -> usage.
pub type PodUsage = HashMap<(String, String, String), Usage>;

/// Usage of every container in the scope, or `None` when the metrics API is absent or
/// refuses (both are normal).
pub async fn pod_usage(client: &Client, scope: &Scope) -> Option<PodUsage> {
    let path = match scope {
        Scope::All => "/apis/metrics.k8s.io/v1beta1/pods".to_owned(),
        Scope::Namespace(ns) => format!("/apis/metrics.k8s.io/v1beta1/namespaces/{ns}/pods"),
    };
    let request = http::Request::get(path).body(Vec::new()).ok()?;
    let list: PodMetricsList = api::timed(client.request(request)).await.ok()?;
    Some(
        list.items
            .into_iter()
            .flat_map(|pod| {
                let (ns, name) = (pod.metadata.namespace, pod.metadata.name);
                pod.containers.into_iter().map(move |c| {
                    let usage = Usage {
                        cpu_cores: c.usage.get("cpu").and_then(|q| quantity::parse(q)),
                        memory_bytes: c.usage.get("memory").and_then(|q| quantity::bytes(q)),
                    };
                    let clean = crate::model::text::clean;
                    ((clean(&ns), clean(&name), clean(&c.name)), usage)
                })
            })
            .collect(),
    )
}
