//! One snapshot of the engine for `shipshape report`: inventory plus one measured usage sample
//! per running container.

use super::DockerSettings;
use super::client;
use super::endpoint::Endpoint;
use super::inventory::{self, Inspection};
use super::processes;
use super::sampling::{Target, UsageSampler};
use crate::model::engine::EngineFacts;
use crate::model::{SourceInfo, SourceKind, SourceStatus, Workload, WorkloadState};
use crate::sources::Usage;
use crate::sources::node::Node;
use std::collections::HashMap;
use std::time::Duration;

/// Between the two usage rounds: CPU is the difference.
const CPU_WINDOW: Duration = Duration::from_secs(1);
/// Long enough for two rounds from a slow engine.
const SAMPLE_DEADLINE: Duration = Duration::from_secs(5);

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
    info.engine = Some(connected.engine.to_owned());
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
    let (found, failures) = inventory::inspect_all(&docker, &ids, endpoint).await;
    let live: Vec<Target> = found.iter().filter_map(Inspection::target).collect();
    let running: Vec<Target> = found
        .iter()
        .filter(|c| c.workload.state == WorkloadState::Running)
        .filter_map(Inspection::target)
        .collect();
    let node = endpoint.is_local().then(Node::host);
    let (engine, mut runtime, mut usage) = tokio::join!(
        super::engine::read(&docker, endpoint),
        processes::sample_all(
            &docker,
            &running,
            node.as_ref(),
            true,
            endpoint.max_in_flight()
        ),
        sample_usage(&docker, node.clone(), &live, endpoint.max_in_flight()),
    );
    let mut workloads: Vec<Workload> = found.into_iter().map(|c| c.workload).collect();
    for w in &mut workloads {
        w.runtime = runtime.remove(&w.id);
        if let Some(u) = usage.remove(&w.id) {
            w.resources.cpu_usage_cores = u.cpu_cores;
            w.resources.memory_usage_bytes = u.memory_bytes;
        }
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

/// Two rounds of usage a second apart: memory from the first, CPU from the difference.
/// Whatever the engine has not answered by the deadline is left unknown.
async fn sample_usage(
    docker: &bollard::Docker,
    node: Option<Node>,
    live: &[Target],
    max_in_flight: usize,
) -> HashMap<String, Usage> {
    let mut sampler = UsageSampler::new(docker.clone(), node, max_in_flight);
    let mut usage = HashMap::new();
    let rounds = async {
        usage = sampler.sample(live).await;
        tokio::time::sleep(CPU_WINDOW).await;
        for (id, u) in sampler.sample(live).await {
            usage.insert(id, u);
        }
    };
    let _ = tokio::time::timeout(SAMPLE_DEADLINE, rounds).await;
    usage
}
