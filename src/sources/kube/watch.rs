//! The live Kubernetes source behind the TUI.
//!
//! A supervisor owns the current context and namespace and runs one session task for them.
//! Switching (`:ctx`, `:ns`) aborts that task, however stuck it is on a dead or hanging server,
//! tells the UI the old source is gone, and starts the next: the operator never waits on a
//! context they have left. A session watches pods (not re-listing) and keeps only each pod's
//! converted workloads, never the pods; it reads metrics and cluster facts on slow intervals,
//! and reconnects with backoff when it fails.

use super::api::{self, Scope};
use super::cluster::{self, Gathered};
use super::connect::{self, display_server};
use super::convert::Lookups;
use super::kubeconfig::{ContextEntry, KubeConfigSource};
use super::lean::LeanPod;
use super::metrics;
use super::pod_table::PodTable;
use crate::model::{SourceInfo, SourceKind, SourceRef, SourceStatus};
use crate::sources::{SourceEvent, Usage};
use futures_util::StreamExt;
use kube::Api;
use kube::runtime::{WatchStreamExt, watcher};
use std::collections::HashMap;
use std::time::Duration;
use tokio::sync::mpsc;

const FLUSH_EVERY: Duration = Duration::from_millis(300);
/// metrics-server's resolution as its published manifests deploy it (`--metric-resolution=15s`):
/// reading more often only returns the same figures.
const METRICS_EVERY: Duration = Duration::from_secs(15);
const FACTS_EVERY: Duration = Duration::from_secs(60);
const BACKOFF_MIN: Duration = Duration::from_secs(1);
const BACKOFF_MAX: Duration = Duration::from_secs(30);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KubeCommand {
    SwitchContext(String),
    /// `None`: every namespace the user may list.
    SetNamespace(Option<String>),
    Refresh,
    Shutdown,
}

pub struct KubeHandle {
    pub commands: mpsc::UnboundedSender<KubeCommand>,
    pub task: tokio::task::JoinHandle<()>,
}

/// Starts the live source on `context` (the current context when `None`).
pub fn spawn(
    source: KubeConfigSource,
    context: Option<String>,
    namespace: Option<String>,
    events: mpsc::Sender<SourceEvent>,
) -> KubeHandle {
    let (commands, rx) = mpsc::unbounded_channel();
    let task = tokio::spawn(supervise(source, context, namespace, events, rx));
    KubeHandle { commands, task }
}

fn source_ref(context: &str) -> SourceRef {
    SourceRef {
        kind: SourceKind::Kubernetes,
        context: context.to_owned(),
    }
}

/// The context the source starts on, for the UI's first frame.
pub fn initial_context(source: &KubeConfigSource, wanted: Option<&str>) -> String {
    source
        .pick(wanted)
        .map(|e| e.name)
        .unwrap_or_else(|_| wanted.unwrap_or("kubeconfig").to_owned())
}

async fn supervise(
    source: KubeConfigSource,
    context: Option<String>,
    mut namespace: Option<String>,
    events: mpsc::Sender<SourceEvent>,
    mut commands: mpsc::UnboundedReceiver<KubeCommand>,
) {
    let mut context = initial_context(&source, context.as_deref());
    loop {
        let session = tokio::spawn(session_loop(
            source.clone(),
            context.clone(),
            namespace.clone(),
            events.clone(),
        ));
        let command = commands.recv().await;
        session.abort();
        let _ = session.await;
        let gone = SourceEvent::Removed(source_ref(&context));
        match command {
            None | Some(KubeCommand::Shutdown) => return,
            Some(KubeCommand::SwitchContext(name)) => {
                if name != context && events.send(gone).await.is_err() {
                    return;
                }
                context = name;
            }
            Some(KubeCommand::SetNamespace(ns)) => {
                if events.send(gone).await.is_err() {
                    return;
                }
                namespace = ns;
            }
            Some(KubeCommand::Refresh) => {}
        }
    }
}

fn status(
    entry_name: &str,
    server: &str,
    state: SourceStatus,
    error: Option<String>,
    version: Option<&str>,
) -> SourceEvent {
    let mut info = SourceInfo::new(SourceKind::Kubernetes, entry_name, display_server(server));
    info.status = state;
    info.error = error;
    info.version = version.map(str::to_owned);
    SourceEvent::Status(info)
}

/// Status with the namespace the session reads.
fn scoped(event: SourceEvent, scope: &Scope) -> SourceEvent {
    match event {
        SourceEvent::Status(mut info) => {
            info.namespace = scope.namespace().map(str::to_owned);
            SourceEvent::Status(info)
        }
        other => other,
    }
}

/// Runs sessions for one context until aborted, reconnecting with backoff.
async fn session_loop(
    source: KubeConfigSource,
    context: String,
    namespace: Option<String>,
    events: mpsc::Sender<SourceEvent>,
) {
    let entry = match source.pick(Some(&context)) {
        Ok(entry) => entry,
        Err(e) => {
            let _ = events
                .send(status(
                    &context,
                    "",
                    SourceStatus::Error,
                    Some(e.to_string()),
                    None,
                ))
                .await;
            return;
        }
    };
    let mut backoff = BACKOFF_MIN;
    let mut failed_before = false;
    loop {
        // While retrying, the last error stays on screen instead of flickering to "connecting".
        if !failed_before {
            let connecting = status(
                &entry.name,
                &entry.server,
                SourceStatus::Connecting,
                None,
                None,
            );
            if events.send(connecting).await.is_err() {
                return;
            }
        }
        let outcome = session(&source, &entry, namespace.as_deref(), &events, &mut backoff).await;
        let Err(message) = outcome else { return };
        failed_before = true;
        let error = format!("{message}; retrying in {} s", backoff.as_secs());
        let failed = status(
            &entry.name,
            &entry.server,
            SourceStatus::Error,
            Some(error),
            None,
        );
        if events.send(failed).await.is_err() {
            return;
        }
        tokio::time::sleep(backoff).await;
        backoff = (backoff * 2).min(BACKOFF_MAX);
    }
}

/// One connected session. `Ok(())` only when the UI is gone; `Err` says why it failed.
async fn session(
    source: &KubeConfigSource,
    entry: &ContextEntry,
    namespace: Option<&str>,
    events: &mpsc::Sender<SourceEvent>,
    backoff: &mut Duration,
) -> Result<(), String> {
    let connected = connect::connect(source, entry).await?;
    let client = connected.client.clone();
    let (scope, scope_note) = api::decide_scope(&client, namespace, &connected.default_namespace)
        .await
        .map_err(|e| format!("listing pods in kube context {}: {e}", entry.name))?;
    *backoff = BACKOFF_MIN;
    let mut state = SessionState {
        entry: entry.clone(),
        scope: scope.clone(),
        version: connected.version.clone(),
        scope_note,
        gathered: Gathered::default(),
        watch_error: None,
        pods: PodTable::default(),
        last_usage: None,
    };
    state.refresh_facts(&client, &scope).await;
    if !state.send_status(events).await || !state.send_facts(events).await {
        return Ok(());
    }

    let api: Api<LeanPod> = api::in_scope(&client, &scope);
    // No reflector store of pods: each pod is converted as it arrives and only its workloads
    // are kept (docs/performance.md). Pods are parsed lean, in small pages.
    let config = watcher::Config::default().page_size(api::PAGE_SIZE);
    let mut pods = watcher(api, config).default_backoff().boxed();
    let mut flush = tokio::time::interval(FLUSH_EVERY);
    let mut metrics_tick = tokio::time::interval(METRICS_EVERY);
    let mut facts_tick = tokio::time::interval(FACTS_EVERY);
    facts_tick.reset();
    let mut dirty = false;
    loop {
        tokio::select! {
            event = pods.next() => match event {
                Some(Ok(event)) => {
                    dirty |= state.pods.apply(event, &lookups(&state.entry, &state.gathered));
                    if state.watch_error.take().is_some() && !state.send_status(events).await {
                        return Ok(());
                    }
                }
                Some(Err(e)) => {
                    state.watch_error = Some(format!("watching pods: {}", crate::model::text::clean(&e.to_string())));
                    if !state.send_status(events).await {
                        return Ok(());
                    }
                }
                None => return Err("the pod watch ended".to_owned()),
            },
            // While the pods are listed anew, the last inventory stands until the list is
            // complete (as a reflector store would).
            _ = flush.tick(), if dirty && !state.pods.relisting() => {
                dirty = false;
                let inventory = SourceEvent::Inventory {
                    source: source_ref(&entry.name),
                    workloads: state.pods.inventory(),
                };
                // New pods get the last metrics reading at once, not at the next one.
                if events.send(inventory).await.is_err() || !state.send_usage(events).await {
                    return Ok(());
                }
            }
            _ = metrics_tick.tick() => {
                state.last_usage = metrics::pod_usage(&client, &scope).await;
                if !state.send_usage(events).await {
                    return Ok(());
                }
            }
            _ = facts_tick.tick() => {
                state.refresh_facts(&client, &scope).await;
                state.pods.relink(&lookups(&state.entry, &state.gathered));
                dirty = true;
                if !state.send_status(events).await || !state.send_facts(events).await {
                    return Ok(());
                }
            }
        }
    }
}

/// What converting a pod of this context needs from the last cluster facts.
fn lookups<'a>(entry: &'a ContextEntry, gathered: &'a Gathered) -> Lookups<'a> {
    Lookups {
        context: &entry.name,
        owners: &gathered.owners,
        service_accounts: &gathered.service_accounts,
    }
}

struct SessionState {
    entry: ContextEntry,
    scope: Scope,
    version: String,
    scope_note: Option<String>,
    gathered: Gathered,
    watch_error: Option<String>,
    pods: PodTable,
    /// The last metrics.k8s.io reading; `None` without a metrics API.
    last_usage: Option<metrics::PodUsage>,
}

impl SessionState {
    async fn refresh_facts(&mut self, client: &kube::Client, scope: &Scope) {
        let base = connect::base_facts(&self.entry, Some(&self.version));
        self.gathered = cluster::gather(client, scope, base).await;
    }

    /// Status ok, with what could not be read (and a failing watch) as the note.
    async fn send_status(&self, events: &mpsc::Sender<SourceEvent>) -> bool {
        let notes: Vec<String> = self
            .scope_note
            .iter()
            .chain(self.watch_error.iter())
            .chain(self.gathered.notes.iter())
            .cloned()
            .collect();
        let note = (!notes.is_empty()).then(|| notes.join("; "));
        let event = status(
            &self.entry.name,
            &self.entry.server,
            SourceStatus::Ok,
            note,
            Some(&self.version),
        );
        events.send(scoped(event, &self.scope)).await.is_ok()
    }

    async fn send_facts(&self, events: &mpsc::Sender<SourceEvent>) -> bool {
        let event = SourceEvent::Cluster {
            source: source_ref(&self.entry.name),
            facts: Box::new(self.gathered.facts.clone()),
        };
        events.send(event).await.is_ok()
    }

    /// Sends the last reading matched to the current workloads. False when the UI is gone.
    async fn send_usage(&self, events: &mpsc::Sender<SourceEvent>) -> bool {
        let Some(usage) = &self.last_usage else {
            return true;
        };
        let event = SourceEvent::Usage {
            source: source_ref(&self.entry.name),
            usage: self.usage_by_id(usage),
        };
        events.send(event).await.is_ok()
    }

    fn usage_by_id(&self, usage: &metrics::PodUsage) -> HashMap<String, Usage> {
        self.pods
            .workloads()
            .filter_map(|w| {
                let key = (w.namespace.clone()?, w.pod.clone()?, w.name.clone());
                usage.get(&key).map(|u| (w.id.clone(), *u))
            })
            .collect()
    }
}
