//! The state of one connected session of the live source: inspections cached by id, usage by
//! id, one stats stream per live container, and what still has to be sent to the UI.

use super::client;
use super::endpoint::Endpoint;
use super::inventory::{self, Inspected};
use crate::model::{SourceKind, SourceRef, Workload};
use crate::sources::{SourceEvent, Usage};
use bollard::Docker;
use futures_util::StreamExt;
use std::collections::HashMap;
use tokio::sync::mpsc;
use tokio::task::AbortHandle;

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
}

impl Session {
    pub(super) fn new(
        docker: Docker,
        endpoint: &Endpoint,
        events: mpsc::Sender<SourceEvent>,
    ) -> Self {
        let (usage_tx, usage_rx) = mpsc::unbounded_channel();
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
        }
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
    pub(super) fn sync_samplers(&mut self) {
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

impl Drop for Session {
    fn drop(&mut self) {
        for handle in self.samplers.values() {
            handle.abort();
        }
    }
}
