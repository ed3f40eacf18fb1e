//! Reading containers from the engine: list and inspect. Shared by the live watcher, the
//! one-shot report and `learn`.

use super::convert;
use super::endpoint::Endpoint;
use super::sampling::Target;
use crate::model::Workload;
use bollard::Docker;
use bollard::query_parameters::ListContainersOptions;
use futures_util::{StreamExt, stream};

/// Inspections in flight at once: enough to be quick, few enough to be kind to the engine.
const INSPECT_CONCURRENCY: usize = 8;

/// Ids of every container: running, created and exited.
pub async fn list_ids(docker: &Docker) -> Result<Vec<String>, bollard::errors::Error> {
    let options = ListContainersOptions {
        all: true,
        ..Default::default()
    };
    let summaries = docker.list_containers(Some(options)).await?;
    Ok(summaries.into_iter().filter_map(|s| s.id).collect())
}

/// One inspected container: the model's view, and its init process's PID on the engine's host
/// (how usage and processes are read from the node's files).
pub struct Inspection {
    pub workload: Workload,
    pub pid: Option<u32>,
}

impl Inspection {
    /// What the samplers need, for a container that is running or paused.
    pub fn target(&self) -> Option<Target> {
        self.workload.state.is_live().then(|| Target {
            id: self.workload.id.clone(),
            pid: self.pid,
        })
    }
}

/// The outcome of inspecting one container.
pub enum Inspected {
    Found(Box<Inspection>),
    /// Removed between list and inspect: not an error.
    Gone,
    Failed(String),
}

pub async fn inspect(docker: &Docker, id: &str, context: &str) -> Inspected {
    match docker.inspect_container(id, None).await {
        Ok(response) => Inspected::Found(Box::new(Inspection {
            workload: convert::to_workload(&response, context),
            pid: response
                .state
                .as_ref()
                .and_then(|s| s.pid)
                .and_then(|pid| u32::try_from(pid).ok())
                .filter(|pid| *pid > 0),
        })),
        Err(bollard::errors::Error::DockerResponseServerError {
            status_code: 404, ..
        }) => Inspected::Gone,
        Err(e) => Inspected::Failed(format!(
            "inspect {}: {}",
            short_id(id),
            crate::model::text::clean(&e.to_string())
        )),
    }
}

/// Inspects every id; returns the containers and the failures (one line each).
pub async fn inspect_all(
    docker: &Docker,
    ids: &[String],
    endpoint: &Endpoint,
) -> (Vec<Inspection>, Vec<String>) {
    let context = endpoint.context.as_str();
    // Owned futures: borrowing closures here trip rustc's higher-ranked Send check in spawned tasks.
    let results: Vec<Inspected> = stream::iter(ids.to_vec())
        .map(|id| {
            let docker = docker.clone();
            let context = context.to_owned();
            async move { inspect(&docker, &id, &context).await }
        })
        .buffer_unordered(INSPECT_CONCURRENCY.min(endpoint.max_in_flight()))
        .collect()
        .await;
    let mut found = Vec::new();
    let mut failures = Vec::new();
    for r in results {
        match r {
            Inspected::Found(w) => found.push(*w),
            Inspected::Gone => {}
            Inspected::Failed(msg) => failures.push(msg),
        }
    }
    (found, failures)
}

pub fn short_id(id: &str) -> &str {
    id.get(..12).unwrap_or(id)
}
