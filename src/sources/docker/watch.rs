//! The live Docker source behind the TUI.
//!
//! List and inspect once, then let the engine's event stream say what changed: only the
//! container an event names is inspected again. A slow safety re-list catches anything missed.
//! Running containers get a stats stream each, for usage. If the engine goes away the task says
//! so in its status and reconnects with backoff; it never panics and never blocks the UI.

use super::DockerSettings;
use super::client;
use super::endpoint::Endpoint;
use super::inventory::{self, Inspected};
use crate::model::{SourceInfo, SourceKind, SourceRef, SourceStatus, Workload};
use crate::sources::{SourceEvent, Usage};
use bollard::Docker;
use bollard::query_parameters::EventsOptions;
use futures_util::StreamExt;
use std::collections::HashMap;
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::task::AbortHandle;

/// How often batched changes are sent to the UI.
const FLUSH_EVERY: Duration = Duration::from_millis(300);
/// Safety net for anything the event stream missed.
const RELIST_EVERY: Duration = Duration::from_secs(60);
const BACKOFF_MIN: Duration = Duration::from_secs(1);
const BACKOFF_MAX: Duration = Duration::from_secs(30);

/// Container event actions that can change what we show.
const RELEVANT_ACTIONS: [&str; 13] = [
    "create",
    "start",
    "restart",
    "stop",
    "die",
    "kill",
    "pause",
    "unpause",
    "rename",
    "update",
    "destroy",
    "oom",
    "health_status",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DockerCommand {
    /// Re-list and re-inspect everything now.
    Refresh,
    /// Switch to a Docker context (`None`: back to flag/env/config resolution).
    SwitchContext(Option<String>),
    Shutdown,
}

pub struct DockerHandle {
    pub commands: mpsc::UnboundedSender<DockerCommand>,
    pub task: tokio::task::JoinHandle<()>,
}

pub fn spawn(settings: DockerSettings, events: mpsc::Sender<SourceEvent>) -> DockerHandle {
    let (commands, rx) = mpsc::unbounded_channel();
    let task = tokio::spawn(run(settings, events, rx));
    DockerHandle { commands, task }
}

enum Outcome {
    Shutdown,
    Switch(Option<String>),
    /// Connect again now, with the same settings.
    Retry,
    /// The engine could not be reached or was lost; the endpoint as shown, and why.
    Lost(String),
}

async fn run(
    mut settings: DockerSettings,
    events: mpsc::Sender<SourceEvent>,
    mut commands: mpsc::UnboundedReceiver<DockerCommand>,
) {
    let mut backoff = BACKOFF_MIN;
    // The UI starts with `initial_info`'s source, so a later switch must remove that one.
    let mut current: Option<SourceRef> = Some(super::initial_info(&settings).source_ref());
    loop {
        let resolved = super::resolve_endpoint(&settings);
        let shown_endpoint = resolved
            .as_ref()
            .map(Endpoint::display_host)
            .unwrap_or_default();
        let (source, outcome) = match resolved {
            Ok(endpoint) => {
                let source = source_of(&endpoint.context);
                if let Some(removed) = announce(&mut current, &source) {
                    let _ = events.send(removed).await;
                }
                let mut info = SourceInfo::new(
                    SourceKind::Docker,
                    &endpoint.context,
                    endpoint.display_host(),
                );
                if events
                    .send(SourceEvent::Status(info.clone()))
                    .await
                    .is_err()
                {
                    return;
                }
                let outcome = session(
                    &endpoint,
                    &mut info,
                    events.clone(),
                    &mut commands,
                    &mut backoff,
                )
                .await;
                (source, outcome)
            }
            Err(e) => {
                let name = settings
                    .context
                    .clone()
                    .unwrap_or_else(|| "default".to_owned());
                let source = source_of(&name);
                if let Some(removed) = announce(&mut current, &source) {
                    let _ = events.send(removed).await;
                }
                (
                    source,
                    Outcome::Lost(crate::model::text::clean(&e.to_string())),
                )
            }
        };
        match outcome {
            Outcome::Shutdown => return,
            Outcome::Switch(context) => {
                settings.context = context;
                backoff = BACKOFF_MIN;
            }
            Outcome::Retry => backoff = BACKOFF_MIN,
            Outcome::Lost(msg) => {
                let mut info =
                    SourceInfo::new(SourceKind::Docker, &source.context, &shown_endpoint);
                info.status = SourceStatus::Error;
                info.error = Some(format!("{msg}; retrying in {} s", backoff.as_secs()));
                if events.send(SourceEvent::Status(info)).await.is_err() {
                    return;
                }
                match wait_or_command(backoff, &mut commands).await {
                    Some(DockerCommand::Shutdown) => return,
                    Some(DockerCommand::SwitchContext(context)) => {
                        settings.context = context;
                        backoff = BACKOFF_MIN;
                    }
                    Some(DockerCommand::Refresh) => backoff = BACKOFF_MIN,
                    None => backoff = (backoff * 2).min(BACKOFF_MAX),
                }
            }
        }
    }
}

fn source_of(context: &str) -> SourceRef {
    SourceRef {
        kind: SourceKind::Docker,
        context: context.to_owned(),
    }
}

/// When the context changes, the old source's rows must go: returns the event that says so.
fn announce(current: &mut Option<SourceRef>, source: &SourceRef) -> Option<SourceEvent> {
    if current.as_ref() == Some(source) {
        return None;
    }
    current.replace(source.clone()).map(SourceEvent::Removed)
}

/// Sleeps for `delay` unless a command arrives first. A closed command channel means shutdown.
async fn wait_or_command(
    delay: Duration,
    commands: &mut mpsc::UnboundedReceiver<DockerCommand>,
) -> Option<DockerCommand> {
    tokio::select! {
        () = tokio::time::sleep(delay) => None,
        cmd = commands.recv() => Some(cmd.unwrap_or(DockerCommand::Shutdown)),
    }
}

/// One connected session: runs until the engine is lost, a command ends it, or the UI goes.
async fn session(
    endpoint: &Endpoint,
    info: &mut SourceInfo,
    events: mpsc::Sender<SourceEvent>,
    commands: &mut mpsc::UnboundedReceiver<DockerCommand>,
    backoff: &mut Duration,
) -> Outcome {
    let connect = client::connect(endpoint);
    let connected = tokio::select! {
        c = connect => c,
        cmd = commands.recv() => return command_outcome(cmd),
    };
    let connected = match connected {
        Ok(c) => c,
        Err(msg) => return Outcome::Lost(msg),
    };
    info.version = connected.engine_version.clone();
    info.api_version = Some(connected.api_version.clone());

    let mut state = Session::new(connected.docker, endpoint, events.clone());
    // Nothing that happens between the listing and the subscription may be missed. The stream
    // only subscribes when first polled, after the listing, so it asks the engine to replay from
    // just before it (engine clock); re-inspecting a container for a replayed event is harmless.
    let since = engine_time(&state.docker).await;
    let options = EventsOptions {
        since,
        filters: Some(HashMap::from([(
            "type".to_owned(),
            vec!["container".to_owned()],
        )])),
        ..Default::default()
    };
    let mut engine_events = Box::pin(state.docker.events(Some(options)));
    if let Err(msg) = state.relist(true).await {
        return Outcome::Lost(msg);
    }
    info.status = SourceStatus::Ok;
    info.error = state.failure_note();
    if events
        .send(SourceEvent::Status(info.clone()))
        .await
        .is_err()
    {
        return Outcome::Shutdown;
    }
    *backoff = BACKOFF_MIN;

    let mut flush = tokio::time::interval(FLUSH_EVERY);
    let mut relist = tokio::time::interval(RELIST_EVERY);
    relist.reset();
    loop {
        tokio::select! {
            event = engine_events.next() => match event {
                Some(Ok(msg)) => {
                    let action = msg.action.unwrap_or_default();
                    let id = msg.actor.and_then(|a| a.id).unwrap_or_default();
                    let verb = action.split(':').next().unwrap_or_default();
                    if !id.is_empty() && RELEVANT_ACTIONS.contains(&verb) {
                        state.refresh_one(&id, verb == "destroy").await;
                    }
                }
                Some(Err(e)) => return Outcome::Lost(client::describe_error(endpoint, &client::chain(&e))),
                None => return Outcome::Lost(format!("the event stream from {} closed", endpoint.display_host())),
            },
            Some((id, usage)) = state.usage_rx.recv() => state.record_usage(id, usage),
            _ = flush.tick() => {
                if !state.flush().await {
                    return Outcome::Shutdown;
                }
            }
            _ = relist.tick() => {
                if let Err(msg) = state.relist(false).await {
                    return Outcome::Lost(msg);
                }
            }
            cmd = commands.recv() => match cmd {
                Some(DockerCommand::Refresh) => {
                    if let Err(msg) = state.relist(true).await {
                        return Outcome::Lost(msg);
                    }
                    info.error = state.failure_note();
                    if events.send(SourceEvent::Status(info.clone())).await.is_err() {
                        return Outcome::Shutdown;
                    }
                }
                other => return command_outcome(other),
            },
        }
    }
}

/// The engine's clock now, in the `seconds.nanoseconds` form the events API takes, if it says.
async fn engine_time(docker: &Docker) -> Option<String> {
    let info = docker.info().await.ok()?;
    let now: jiff::Timestamp = info.system_time?.parse().ok()?;
    Some(format!(
        "{}.{:09}",
        now.as_second(),
        now.subsec_nanosecond()
    ))
}

fn command_outcome(cmd: Option<DockerCommand>) -> Outcome {
    match cmd {
        Some(DockerCommand::SwitchContext(context)) => Outcome::Switch(context),
        Some(DockerCommand::Refresh) => Outcome::Retry,
        Some(DockerCommand::Shutdown) | None => Outcome::Shutdown,
    }
}

/// The state of one connected session: cached inspections by id, usage, and samplers.
struct Session {
    docker: Docker,
    endpoint: Endpoint,
    source: SourceRef,
    events: mpsc::Sender<SourceEvent>,
    cache: HashMap<String, Workload>,
    failures: Vec<String>,
    usage: HashMap<String, Usage>,
    samplers: HashMap<String, AbortHandle>,
    usage_tx: mpsc::UnboundedSender<(String, Usage)>,
    usage_rx: mpsc::UnboundedReceiver<(String, Usage)>,
    inventory_dirty: bool,
    usage_dirty: bool,
}

impl Session {
    fn new(docker: Docker, endpoint: &Endpoint, events: mpsc::Sender<SourceEvent>) -> Self {
        let (usage_tx, usage_rx) = mpsc::unbounded_channel();
        Self {
            docker,
            endpoint: endpoint.clone(),
            source: source_of(&endpoint.context),
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
    async fn relist(&mut self, everything: bool) -> Result<(), String> {
        let ids = inventory::list_ids(&self.docker)
            .await
            .map_err(|e| client::describe_error(&self.endpoint, &client::chain(&e)))?;
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

    async fn refresh_one(&mut self, id: &str, destroyed: bool) {
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
    fn sync_samplers(&mut self) {
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

    fn record_usage(&mut self, id: String, usage: Usage) {
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

    fn failure_note(&self) -> Option<String> {
        (!self.failures.is_empty()).then(|| {
            format!(
                "{} container(s) could not be inspected: {}",
                self.failures.len(),
                self.failures.join("; ")
            )
        })
    }

    /// Sends what changed. Returns false when the UI is gone.
    async fn flush(&mut self) -> bool {
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
