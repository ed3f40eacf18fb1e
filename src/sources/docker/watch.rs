//! The live Docker source behind the TUI.
//!
//! List and inspect once, then let the engine's event stream say what changed: only the
//! container an event names is inspected again. A slow safety re-list catches anything missed.
//! Usage and processes are sampled in rounds (from the node's files when the engine is local). If the engine goes away the task says
//! so in its status and reconnects with backoff; it never panics and never blocks the UI.

use super::DockerSettings;
use super::client;
use super::endpoint::Endpoint;
use super::session::Session;
use crate::model::{SourceInfo, SourceKind, SourceRef, SourceStatus};
use crate::sources::SourceEvent;
use bollard::Docker;
use bollard::query_parameters::EventsOptions;
use futures_util::StreamExt;
use std::collections::HashMap;
use std::time::Duration;
use tokio::sync::mpsc;

/// How often batched changes are sent to the UI.
const FLUSH_EVERY: Duration = Duration::from_millis(300);
/// Safety net for anything the event stream missed.
const RELIST_EVERY: Duration = Duration::from_secs(60);
const BACKOFF_MIN: Duration = Duration::from_secs(1);
/// Short: a restarted local engine should be back on screen within seconds, and a retry of a
/// unix socket costs nothing.
const BACKOFF_MAX: Duration = Duration::from_secs(5);

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
    // While retrying a lost engine the error stays on screen instead of flickering.
    let mut failing = false;
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
                if !failing
                    && events
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
                failing = false;
            }
            Outcome::Retry => backoff = BACKOFF_MIN,
            Outcome::Lost(msg) => {
                failing = true;
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
                        failing = false;
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
    info.engine = Some(connected.engine.to_owned());

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
        || !state.refresh_engine().await
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
                Some(Err(e)) => return Outcome::Lost(client::describe_error(endpoint, &crate::sources::error_chain(&e))),
                None => return Outcome::Lost(format!("the event stream from {} closed", endpoint.display_host())),
            },
            Some(round) = state.usage_rx.recv() => state.record_usage(round),
            Some(runtime) = state.runtime_rx.recv() => state.record_runtime(runtime),
            _ = flush.tick() => {
                if !state.flush().await {
                    return Outcome::Shutdown;
                }
            }
            _ = relist.tick() => {
                if let Err(msg) = state.relist(false).await {
                    return Outcome::Lost(msg);
                }
                if !state.refresh_engine().await {
                    return Outcome::Shutdown;
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
