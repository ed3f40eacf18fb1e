//! `shipshape learn [--duration 30s]`: learn what every running container runs, headlessly,
//! and save one process profile per image. For scripts and nodes without a terminal.

use super::exit;
use crate::learning::ProfileStore;
use crate::model::{Workload, WorkloadState};
use crate::sources::docker::{self, DockerSettings, client, inventory, processes};
use color_eyre::eyre::eyre;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

/// How often processes are listed while learning: short-lived helpers need a few looks.
const SAMPLE_EVERY: Duration = Duration::from_secs(2);
/// Added to the window while sampling, so slow rounds still count as learning.
const OPEN_MARGIN: Duration = Duration::from_secs(3600);

pub async fn run(
    settings: &DockerSettings,
    duration: Duration,
    profiles_dir: &Path,
) -> color_eyre::Result<u8> {
    let endpoint = docker::resolve_endpoint(settings).map_err(|e| eyre!("{e}"))?;
    let connected = client::connect(&endpoint).await.map_err(|e| eyre!("{e}"))?;
    let docker = connected.docker;
    let ids = inventory::list_ids(&docker).await.map_err(|e| {
        eyre!(client::describe_error(
            &endpoint,
            &crate::sources::error_chain(&e)
        ))
    })?;
    let (all, _) = inventory::inspect_all(&docker, &ids, &endpoint).await;
    let running: Vec<_> = all
        .into_iter()
        .filter(|c| c.workload.state == WorkloadState::Running)
        .collect();
    let targets: Vec<_> = running.iter().filter_map(|c| c.target()).collect();
    let mut running: Vec<Workload> = running.into_iter().map(|c| c.workload).collect();
    if running.is_empty() {
        eprintln!(
            "shipshape: no running containers at {}: nothing to learn",
            endpoint.display_host()
        );
        return Ok(exit::NO_SOURCE);
    }
    let mut store = ProfileStore::load(profiles_dir);
    let start = jiff::Timestamp::now();
    let mut images: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for w in &running {
        images
            .entry(w.image.clone())
            .or_default()
            .push(w.name.clone());
    }
    for image in images.keys() {
        if let Some(accepted) = store.get(image).map(|p| p.drift_programs())
            && !accepted.is_empty()
        {
            eprintln!(
                "shipshape: {}: learning again accepts what drifted: {}",
                crate::model::text::clean(image),
                accepted.join(", ")
            );
        }
        // Open-ended while sampling: a slow round must not end the window before its
        // processes are learned. `finish_learning` closes it below.
        store
            .start_learning(image, start, duration + OPEN_MARGIN)
            .map_err(|e| eyre!(e))?;
    }
    eprintln!(
        "shipshape: learning {} container(s) of {} image(s) for {} s; profiles go to {}",
        running.len(),
        images.len(),
        duration.as_secs(),
        profiles_dir.display()
    );
    let node = endpoint.is_local().then(crate::sources::node::Node::host);
    let deadline = tokio::time::Instant::now() + duration;
    loop {
        let mut samples = processes::sample_all(
            &docker,
            &targets,
            node.as_ref(),
            false,
            endpoint.max_in_flight(),
        )
        .await;
        for w in &mut running {
            w.runtime = samples.remove(&w.id);
        }
        for problem in store.observe(&running, jiff::Timestamp::now()) {
            eprintln!("shipshape: {problem}");
        }
        if tokio::time::Instant::now() + SAMPLE_EVERY > deadline {
            break;
        }
        tokio::time::sleep(SAMPLE_EVERY).await;
    }
    tokio::time::sleep_until(deadline).await;
    let end = jiff::Timestamp::now();
    let mut empty = 0;
    for (image, names) in &images {
        store.finish_learning(image, end).map_err(|e| eyre!(e))?;
        let known = store
            .get(image)
            .map(|p| p.known.keys().cloned().collect::<Vec<_>>())
            .unwrap_or_default();
        println!(
            "{}  ({})  {} program(s): {}",
            crate::model::text::clean(image),
            names.join(", "),
            known.len(),
            known.join(", ")
        );
        if known.is_empty() {
            empty += 1;
        }
    }
    if empty == images.len() {
        eprintln!(
            "shipshape: no process could be listed (`docker top` runs ps on the engine's host: \
             is procps installed there?); the images stay in learning"
        );
        return Ok(exit::NO_SOURCE);
    }
    if empty > 0 {
        eprintln!("shipshape: {empty} image(s) showed no process and stay in learning");
    }
    eprintln!("shipshape: watching from now on: anything else these images run is process-drift");
    Ok(exit::OK)
}
