//! One snapshot of the engine for `shipshape report`: inventory plus one measured usage sample
//! per running container.

use super::DockerSettings;
use super::client;
use super::endpoint::Endpoint;
use super::inventory;
use super::processes;
use crate::model::engine::EngineFacts;
use crate::model::{SourceInfo, SourceKind, SourceStatus, Workload, WorkloadState};
use crate::sources::Usage;
use futures_util::{StreamExt, stream};
use std::time::Duration;

/// Long enough for two stats samples, which CPU measurement needs.
const SAMPLE_DEADLINE: Duration = Duration::from_secs(5);
const SAMPLE_CONCURRENCY: usize = 32;

/// What one collection produced. On failure `info.status` is `Error` and workloads are empty.
pub struct Collected {
    pub info: SourceInfo,
    pub workloads: Vec<Workload>,
    /// The engine's own settings, when `/info` answered.
    pub engine: Option<EngineFacts>,
}

pub async fn collect_once(settings: &DockerSettings) -> Collected {
    match super::resolve_endpoint(settings) {
        Ok(endpoint) => collect_from(&endpoint).await,
        Err(_) => Collected {
            info: super::initial_info(settings),
            workloads: Vec::new(),
            engine: None,
        },
    }
}

pub async fn collect_from(endpoint: &Endpoint) -> Collected {
    let mut info = SourceInfo::new(
        SourceKind::Docker,
        &endpoint.context,
        endpoint.display_host(),
    );
    let connected = match client::connect(endpoint).await {
        Ok(c) => c,
        Err(msg) => return failed(info, msg),
    };
    info.version = connected.engine_version.clone();
    info.api_version = Some(connected.api_version.clone());
    let docker = connected.docker;
    let ids = match inventory::list_ids(&docker).await {
        Ok(ids) => ids,
        Err(e) => {
            return failed(
                info,
                client::describe_error(endpoint, &crate::sources::error_chain(&e)),
            );
        }
    };
    let (mut workloads, failures) = inventory::inspect_all(&docker, &ids, &endpoint.context).await;
    let running: Vec<String> = workloads
        .iter()
        .filter(|w| w.state == WorkloadState::Running)
        .map(|w| w.id.clone())
        .collect();
    let (engine, mut runtime, ()) = tokio::join!(
        super::engine::read(&docker, endpoint),
        processes::sample_all(&docker, &running, endpoint.is_local()),
        sample_usage(&docker, &mut workloads),
    );
    for w in &mut workloads {
        w.runtime = runtime.remove(&w.id);
    }
    info.status = SourceStatus::Ok;
    if !failures.is_empty() {
        info.error = Some(format!(
            "{} container(s) could not be inspected: {}",
            failures.len(),
            failures.join("; ")
        ));
    }
    Collected {
        info,
        workloads,
        engine,
    }
}

fn failed(mut info: SourceInfo, msg: String) -> Collected {
    info.status = SourceStatus::Error;
    info.error = Some(msg);
    Collected {
        info,
        workloads: Vec::new(),
        engine: None,
    }
}

/// Fills usage for live containers: the first sample with a CPU reading, or whatever memory
/// reading arrived before the deadline.
async fn sample_usage(docker: &bollard::Docker, workloads: &mut [Workload]) {
    let live: Vec<String> = workloads
        .iter()
        .filter(|w| w.state.is_live())
        .map(|w| w.id.clone())
        .collect();
    let samples: Vec<(String, Usage)> = stream::iter(live)
        .map(|id| async move {
            let mut best = Usage::default();
            let mut samples = Box::pin(inventory::usage_stream(docker, &id));
            let wait = async {
                while let Some(u) = samples.next().await {
                    best = u;
                    if u.cpu_cores.is_some() {
                        break;
                    }
                }
            };
            let _ = tokio::time::timeout(SAMPLE_DEADLINE, wait).await;
            (id, best)
        })
        .buffer_unordered(SAMPLE_CONCURRENCY)
        .collect()
        .await;
    for (id, usage) in samples {
        if let Some(w) = workloads.iter_mut().find(|w| w.id == id) {
            w.resources.cpu_usage_cores = usage.cpu_cores;
            w.resources.memory_usage_bytes = usage.memory_bytes;
        }
    }
}
