//! Reading containers from the engine: list, inspect, and stream usage samples.
//! Shared by the live watcher and the one-shot report.

use super::{convert, stats};
use crate::model::Workload;
use crate::sources::Usage;
use bollard::Docker;
use bollard::query_parameters::{ListContainersOptions, StatsOptions};
use futures_util::{Stream, StreamExt, stream};

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

/// The outcome of inspecting one container.
pub enum Inspected {
    Found(Box<Workload>),
    /// Removed between list and inspect: not an error.
    Gone,
    Failed(String),
}

pub async fn inspect(docker: &Docker, id: &str, context: &str) -> Inspected {
    match docker.inspect_container(id, None).await {
        Ok(response) => Inspected::Found(Box::new(convert::to_workload(&response, context))),
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

/// Inspects every id; returns the workloads and the failures (one line each).
pub async fn inspect_all(
    docker: &Docker,
    ids: &[String],
    context: &str,
) -> (Vec<Workload>, Vec<String>) {
    // Owned futures: borrowing closures here trip rustc's higher-ranked Send check in spawned tasks.
    let results: Vec<Inspected> = stream::iter(ids.to_vec())
        .map(|id| {
            let docker = docker.clone();
            let context = context.to_owned();
            async move { inspect(&docker, &id, &context).await }
        })
        .buffer_unordered(INSPECT_CONCURRENCY)
        .collect()
        .await;
    let mut workloads = Vec::new();
    let mut failures = Vec::new();
    for r in results {
        match r {
            Inspected::Found(w) => workloads.push(*w),
            Inspected::Gone => {}
            Inspected::Failed(msg) => failures.push(msg),
        }
    }
    (workloads, failures)
}

/// Usage samples of one container, about one a second, ending when the container stops.
/// Samples without a CPU reading yet (the first one, on most engines) still carry memory.
pub fn usage_stream(docker: &Docker, id: &str) -> impl Stream<Item = Usage> + use<> {
    let options = StatsOptions {
        stream: true,
        one_shot: false,
    };
    docker
        .stats(id, Some(options))
        .take_while(|r| std::future::ready(r.is_ok()))
        .filter_map(|r| std::future::ready(r.ok().map(|s| stats::usage(&s))))
}

pub fn short_id(id: &str) -> &str {
    id.get(..12).unwrap_or(id)
}
