//! The state of one connected session of the live source: inspections cached by id, usage by
//! id, one stats stream per live container, and what still has to be sent to the UI.

use super::client;
use super::endpoint::Endpoint;
use super::inventory::{self, Inspected};
use super::processes;
use crate::model::engine::EngineFacts;
use crate::model::runtime::RuntimeFacts;
use crate::model::{SourceKind, SourceRef, Workload, WorkloadState};
use crate::sources::{SourceEvent, Usage};
use bollard::Docker;
use futures_util::StreamExt;
use std::collections::HashMap;
use tokio::sync::{mpsc, watch};
use tokio::task::AbortHandle;

/// How often the processes of running containers are listed (`docker top` runs `ps` on the
/// engine's host each time, so not every second).
pub(super) const PROCESS_EVERY: std::time::Duration = std::time::Duration::from_secs(5);

/// The state of one connected session: cached inspections by id, usage, and samplers.
pub(super) struct Session {
    pub(super) docker: Docker,
    pub(super) endpoint: Endpoint,
    pub(super) source: SourceRef,
    pub(super) events: mpsc::Sender<SourceEvent>,
    pub(super) cache: HashMap<String, Workload>,
    pub(super) failures: Vec<String>,
    pub(super) usage: HashMap<String, Usage>,
    pub(super) samplers: HashMap<String, AbortHandle>,
    pub(super) usage_tx: mpsc::UnboundedSender<(String, Usage)>,
    pub(super) usage_rx: mpsc::UnboundedReceiver<(String, Usage)>,
    pub(super) inventory_dirty: bool,
    pub(super) usage_dirty: bool,
    /// Process samples by id, from the process task.
    pub(super) runtime: HashMap<String, RuntimeFacts>,
    pub(super) runtime_rx: mpsc::Receiver<HashMap<String, RuntimeFacts>>,
    pub(super) runtime_dirty: bool,
    /// The running containers the process task lists.
    running: watch::Sender<Vec<String>>,
    process_task: AbortHandle,
    engine: Option<EngineFacts>,
}

impl Session {
    pub(super) fn new(
        docker: Docker,
        endpoint: &Endpoint,
        events: mpsc::Sender<SourceEvent>,
    ) -> Self {
        let (usage_tx, usage_rx) = mpsc::unbounded_channel();
        let (running, running_rx) = watch::channel(Vec::new());
        let (runtime_tx, runtime_rx) = mpsc::channel(1);
        let process_task = tokio::spawn(sample_processes(
            docker.clone(),
            endpoint.is_local(),
            running_rx,
            runtime_tx,
        ))
        .abort_handle();
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
            samplers: HashMap::new(),
            usage_tx,
            usage_rx,
            inventory_dirty: true,
            usage_dirty: false,
            runtime: HashMap::new(),
            runtime_rx,
            runtime_dirty: false,
            running,
            process_task,
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
                .is_some_and(|w| w.state == WorkloadState::Running)
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
            inventory::inspect_all(&self.docker, &todo, &self.endpoint.context).await;
        if everything {
            self.failures = failures;
        } else {
            self.failures.extend(failures);
        }
        let changed = !workloads.is_empty() || before != self.cache.len();
        for w in workloads {
            self.cache.insert(w.id.clone(), w);
        }
        self.inventory_dirty |= changed || everything;
        self.sync_samplers();
        Ok(())
    }

    pub(super) async fn refresh_one(&mut self, id: &str, destroyed: bool) {
        let result = if destroyed {
            Inspected::Gone
        } else {
            inventory::inspect(&self.docker, id, &self.endpoint.context).await
        };
        match result {
            Inspected::Found(w) => {
                self.cache.insert(id.to_owned(), *w);
            }
            Inspected::Gone => {
                self.cache.remove(id);
            }
            Inspected::Failed(msg) => self.failures.push(msg),
        }
        self.inventory_dirty = true;
        self.sync_samplers();
    }

    /// One usage stream per live container; streams of stopped or removed ones are ended.
    /// The process task is told which containers run.
    pub(super) fn sync_samplers(&mut self) {
        let mut running: Vec<String> = self
            .cache
            .values()
            .filter(|w| w.state == WorkloadState::Running)
            .map(|w| w.id.clone())
            .collect();
        running.sort();
        self.running.send_if_modified(|ids| {
            let changed = *ids != running;
            if changed {
                *ids = running;
            }
            changed
        });
        let live: Vec<String> = self
            .cache
            .values()
            .filter(|w| w.state.is_live())
            .map(|w| w.id.clone())
            .collect();
        let stale: Vec<String> = self
            .samplers
            .keys()
            .filter(|id| !live.contains(id))
            .cloned()
            .collect();
        for id in stale {
            if let Some(handle) = self.samplers.remove(&id) {
                handle.abort();
            }
            self.usage_dirty |= self.usage.remove(&id).is_some();
        }
        for id in live {
            if self.samplers.contains_key(&id) {
                continue;
            }
            let docker = self.docker.clone();
            let tx = self.usage_tx.clone();
            let key = id.clone();
            let task = tokio::spawn(async move {
                let mut samples = Box::pin(inventory::usage_stream(&docker, &key));
                while let Some(usage) = samples.next().await {
                    if tx.send((key.clone(), usage)).is_err() {
                        break;
                    }
                }
            });
            self.samplers.insert(id, task.abort_handle());
        }
    }

    pub(super) fn record_usage(&mut self, id: String, usage: Usage) {
        if self.samplers.contains_key(&id) {
            // Keep the last CPU reading while a sample without one (the first) arrives.
            let previous = self.usage.get(&id).and_then(|u| u.cpu_cores);
            let usage = Usage {
                cpu_cores: usage.cpu_cores.or(previous),
                ..usage
            };
            self.usage.insert(id, usage);
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
            let workloads: Vec<Workload> = self.cache.values().cloned().collect();
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

/// Lists the processes of every running container every [`PROCESS_EVERY`], one round at a
/// time. A round that took long (many containers, a slow engine) is followed by a pause four
/// times its length, so listing never keeps the engine busy more than a fifth of the time.
async fn sample_processes(
    docker: Docker,
    local: bool,
    running: watch::Receiver<Vec<String>>,
    out: mpsc::Sender<HashMap<String, RuntimeFacts>>,
) {
    loop {
        let started = tokio::time::Instant::now();
        let ids = running.borrow().clone();
        let sample = processes::sample_all(&docker, &ids, local).await;
        if out.send(sample).await.is_err() {
            return;
        }
        let pause = PROCESS_EVERY.max(started.elapsed() * 4);
        tokio::time::sleep(pause).await;
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        self.process_task.abort();
        for handle in self.samplers.values() {
            handle.abort();
        }
    }
}
