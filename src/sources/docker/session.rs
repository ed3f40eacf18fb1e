//! The state of one connected session of the live source: inspections cached by id, usage
//! and processes by id from two sampling tasks, and what still has to be sent to the UI.

use super::client;
use super::endpoint::Endpoint;
use super::inventory::{self, Inspected, Inspection};
use super::processes;
use super::sampling::{Target, UsageSampler};
use crate::model::engine::EngineFacts;
use crate::model::runtime::{Connection, RuntimeFacts};
use crate::model::{SourceKind, SourceRef, Workload, WorkloadState};
use crate::sources::node::Node;
use crate::sources::{SourceEvent, Usage};
use bollard::Docker;
use std::collections::HashMap;
use std::time::Duration;
use tokio::sync::{mpsc, watch};
use tokio::task::AbortHandle;

/// How often usage is sampled: the refresh of the CPU and memory columns. From cgroup files a
/// round costs two small reads per container; from the engine, one request each.
pub(super) const USAGE_EVERY: Duration = Duration::from_secs(2);
/// The first CPU figure needs two rounds: the second comes sooner.
const FIRST_USAGE_AFTER: Duration = Duration::from_secs(1);
/// How often the processes of running containers are listed (from `/proc` on the node, by
/// `docker top` elsewhere, which runs `ps` on the engine's host each time).
pub(super) const PROCESS_EVERY: Duration = Duration::from_secs(5);
/// Every how many process rounds TCP connections are read again (each read of a container's
/// `net/tcp` walks the kernel's whole socket table); in between the last ones are kept.
const CONNECTIONS_EVERY_ROUNDS: u32 = 6;

/// The state of one connected session: cached inspections by id, usage and processes.
pub(super) struct Session {
    pub(super) docker: Docker,
    pub(super) endpoint: Endpoint,
    pub(super) source: SourceRef,
    pub(super) events: mpsc::Sender<SourceEvent>,
    pub(super) cache: HashMap<String, Inspection>,
    pub(super) failures: Vec<String>,
    pub(super) usage: HashMap<String, Usage>,
    pub(super) usage_rx: mpsc::Receiver<HashMap<String, Usage>>,
    pub(super) inventory_dirty: bool,
    pub(super) usage_dirty: bool,
    /// Process samples by id, from the process task.
    pub(super) runtime: HashMap<String, RuntimeFacts>,
    pub(super) runtime_rx: mpsc::Receiver<HashMap<String, RuntimeFacts>>,
    pub(super) runtime_dirty: bool,
    /// The running and paused containers the sampling tasks read.
    live: watch::Sender<Vec<Target>>,
    tasks: [AbortHandle; 2],
    engine: Option<EngineFacts>,
}

impl Session {
    pub(super) fn new(
        docker: Docker,
        endpoint: &Endpoint,
        events: mpsc::Sender<SourceEvent>,
    ) -> Self {
        let (live, live_rx) = watch::channel(Vec::new());
        let (usage_tx, usage_rx) = mpsc::channel(1);
        let (runtime_tx, runtime_rx) = mpsc::channel(1);
        // Only an engine on this machine has its containers' files here.
        let node = endpoint.is_local().then(Node::host);
        let max_in_flight = endpoint.max_in_flight();
        let sampler = UsageSampler::new(docker.clone(), node.clone(), max_in_flight);
        let tasks = [
            tokio::spawn(sample_usage(sampler, live_rx.clone(), usage_tx)).abort_handle(),
            tokio::spawn(sample_processes(
                docker.clone(),
                node,
                max_in_flight,
                live_rx,
                runtime_tx,
            ))
            .abort_handle(),
        ];
        Self {
            docker,
            endpoint: endpoint.clone(),
            source: SourceRef {
                kind: SourceKind::Docker,
                context: endpoint.context.clone(),
            },
            events,
            cache: HashMap::new(),
            failures: Vec::new(),
            usage: HashMap::new(),
            usage_rx,
            inventory_dirty: true,
            usage_dirty: false,
            runtime: HashMap::new(),
            runtime_rx,
            runtime_dirty: false,
            live,
            tasks,
            engine: None,
        }
    }

    /// Re-reads `/info` and `/version`; sends the engine facts when they changed.
    /// Returns false when the UI is gone.
    pub(super) async fn refresh_engine(&mut self) -> bool {
        let Some(facts) = super::engine::read(&self.docker, &self.endpoint).await else {
            return true;
        };
        if self.engine.as_ref() == Some(&facts) {
            return true;
        }
        self.engine = Some(facts.clone());
        let event = SourceEvent::Engine {
            source: self.source.clone(),
            facts: Box::new(facts),
        };
        self.events.send(event).await.is_ok()
    }

    pub(super) fn record_runtime(&mut self, mut runtime: HashMap<String, RuntimeFacts>) {
        // A sample may arrive for a container that stopped since; keep only the running.
        runtime.retain(|id, _| {
            self.cache
                .get(id)
                .is_some_and(|c| c.workload.state == WorkloadState::Running)
        });
        self.runtime = runtime;
        self.runtime_dirty = true;
    }

    /// Lists containers; inspects the new ones (or all, when `everything`) and drops the gone.
    pub(super) async fn relist(&mut self, everything: bool) -> Result<(), String> {
        let ids = inventory::list_ids(&self.docker).await.map_err(|e| {
            client::describe_error(&self.endpoint, &crate::sources::error_chain(&e))
        })?;
        let before = self.cache.len();
        self.cache.retain(|id, _| ids.contains(id));
        let todo: Vec<String> = ids
            .into_iter()
            .filter(|id| everything || !self.cache.contains_key(id))
            .collect();
        let (workloads, failures) =
            inventory::inspect_all(&self.docker, &todo, &self.endpoint).await;
        if everything {
            self.failures = failures;
        } else {
            self.failures.extend(failures);
        }
        let changed = !workloads.is_empty() || before != self.cache.len();
        for c in workloads {
            self.cache.insert(c.workload.id.clone(), c);
        }
        self.inventory_dirty |= changed || everything;
        self.sync_targets();
        Ok(())
    }

    pub(super) async fn refresh_one(&mut self, id: &str, destroyed: bool) {
        let result = if destroyed {
            Inspected::Gone
        } else {
            inventory::inspect(&self.docker, id, &self.endpoint.context).await
        };
        match result {
            Inspected::Found(c) => {
                self.cache.insert(id.to_owned(), *c);
            }
            Inspected::Gone => {
                self.cache.remove(id);
            }
            Inspected::Failed(msg) => self.failures.push(msg),
        }
        self.inventory_dirty = true;
        self.sync_targets();
    }

    /// Tells the sampling tasks which containers are live; drops usage of the others.
    pub(super) fn sync_targets(&mut self) {
        let mut live: Vec<Target> = self.cache.values().filter_map(Inspection::target).collect();
        live.sort_by(|a, b| a.id.cmp(&b.id));
        let before = self.usage.len();
        self.usage.retain(|id, _| live.iter().any(|t| t.id == *id));
        self.usage_dirty |= before != self.usage.len();
        self.live.send_if_modified(|targets| {
            let changed = *targets != live;
            if changed {
                *targets = live;
            }
            changed
        });
    }

    /// A round of usage. A container without a CPU figure in this round (its first) keeps
    /// the last one it had.
    pub(super) fn record_usage(&mut self, mut round: HashMap<String, Usage>) {
        round.retain(|id, _| {
            self.cache
                .get(id)
                .is_some_and(|c| c.workload.state.is_live())
        });
        for (id, usage) in &mut round {
            if usage.cpu_cores.is_none() {
                usage.cpu_cores = self.usage.get(id).and_then(|u| u.cpu_cores);
            }
        }
        if round != self.usage {
            self.usage = round;
            self.usage_dirty = true;
        }
    }

    pub(super) fn failure_note(&self) -> Option<String> {
        (!self.failures.is_empty()).then(|| {
            format!(
                "{} container(s) could not be inspected: {}",
                self.failures.len(),
                self.failures.join("; ")
            )
        })
    }

    /// Sends what changed. Returns false when the UI is gone.
    pub(super) async fn flush(&mut self) -> bool {
        if self.inventory_dirty {
            self.inventory_dirty = false;
            let workloads: Vec<std::sync::Arc<Workload>> = self
                .cache
                .values()
                .map(|c| std::sync::Arc::new(c.workload.clone()))
                .collect();
            let event = SourceEvent::Inventory {
                source: self.source.clone(),
                workloads,
            };
            if self.events.send(event).await.is_err() {
                return false;
            }
        }
        if self.runtime_dirty {
            self.runtime_dirty = false;
            let event = SourceEvent::Runtime {
                source: self.source.clone(),
                runtime: self.runtime.clone(),
            };
            if self.events.send(event).await.is_err() {
                return false;
            }
        }
        if self.usage_dirty {
            self.usage_dirty = false;
            let event = SourceEvent::Usage {
                source: self.source.clone(),
                usage: self.usage.clone(),
            };
            if self.events.send(event).await.is_err() {
                return false;
            }
        }
        true
    }
}

/// Samples usage of the live containers every [`USAGE_EVERY`] (the second round sooner, for
/// a first CPU figure). A round that took long (a slow engine) is followed by a pause four
/// times its length.
async fn sample_usage(
    mut sampler: UsageSampler,
    live: watch::Receiver<Vec<Target>>,
    out: mpsc::Sender<HashMap<String, Usage>>,
) {
    let mut rounds = 0u32;
    loop {
        let started = tokio::time::Instant::now();
        let targets = live.borrow().clone();
        let usage = sampler.sample(&targets).await;
        if out.send(usage).await.is_err() {
            return;
        }
        rounds = rounds.saturating_add(1);
        let every = if rounds == 1 {
            FIRST_USAGE_AFTER
        } else {
            USAGE_EVERY
        };
        tokio::time::sleep(every.max(started.elapsed() * 4)).await;
    }
}

/// Lists the processes of every running container every [`PROCESS_EVERY`], one round at a
/// time. A round that took long (many containers, a slow engine) is followed by a pause four
/// times its length, so listing never keeps the engine busy more than a fifth of the time.
async fn sample_processes(
    docker: Docker,
    node: Option<Node>,
    max_in_flight: usize,
    live: watch::Receiver<Vec<Target>>,
    out: mpsc::Sender<HashMap<String, RuntimeFacts>>,
) {
    let mut connections: HashMap<String, Vec<Connection>> = HashMap::new();
    for round in 0u32.. {
        let started = tokio::time::Instant::now();
        let targets = live.borrow().clone();
        let fresh = round % CONNECTIONS_EVERY_ROUNDS == 0;
        let mut sample =
            processes::sample_all(&docker, &targets, node.as_ref(), fresh, max_in_flight).await;
        if fresh {
            connections = sample
                .iter()
                .map(|(id, facts)| (id.clone(), facts.connections.clone()))
                .collect();
        } else {
            for (id, facts) in &mut sample {
                facts.connections = connections.get(id).cloned().unwrap_or_default();
            }
        }
        if out.send(sample).await.is_err() {
            return;
        }
        let pause = PROCESS_EVERY.max(started.elapsed() * 4);
        tokio::time::sleep(pause).await;
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}
