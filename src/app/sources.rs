//! The running sources: starting them, the context catalog for the picker, and the commands
//! the UI's effects turn into (refresh, switch context, change namespace, shut down).

use crate::commands::report::Enabled;
use crate::model::action::ActionRecord;
use crate::model::{SourceInfo, SourceKind, SourceStatus};
use crate::sources::SourceEvent;
use crate::sources::docker::{self, DockerCommand, DockerHandle, DockerSettings};
use crate::sources::host::HostSettings;
use crate::sources::kube::kubeconfig::{self, KubeConfigSource};
use crate::sources::kube::watch::{self as kube_watch, KubeCommand, KubeHandle};
use crate::ui::state::ContextChoice;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Notify, mpsc};

pub struct SourceSet {
    docker: Option<DockerHandle>,
    kube: Option<(KubeHandle, KubeConfigSource)>,
    /// The host audit loop, and what wakes it early (`r`).
    host: Option<(tokio::task::JoinHandle<()>, Arc<Notify>)>,
    /// For confirmed actions: how Docker was found, and where results go.
    docker_settings: Option<DockerSettings>,
    events: Option<mpsc::Sender<SourceEvent>>,
}

/// Host files change rarely and hashing them costs a little: once a minute is plenty.
const HOST_AUDIT_EVERY: Duration = Duration::from_secs(60);

fn spawn_host_audit(
    settings: HostSettings,
    events: mpsc::Sender<SourceEvent>,
) -> (tokio::task::JoinHandle<()>, Arc<Notify>) {
    let wake = Arc::new(Notify::new());
    let woken = wake.clone();
    let task = tokio::spawn(async move {
        loop {
            let s = settings.clone();
            let Ok(facts) =
                tokio::task::spawn_blocking(move || crate::sources::host::audit(&s)).await
            else {
                return;
            };
            if events
                .send(SourceEvent::Host(Box::new(facts)))
                .await
                .is_err()
            {
                return;
            }
            tokio::select! {
                () = tokio::time::sleep(HOST_AUDIT_EVERY) => {}
                () = woken.notified() => {}
            }
        }
    });
    (task, wake)
}

impl SourceSet {
    /// No sources at all: for a saved snapshot.
    pub fn none() -> Self {
        Self {
            docker: None,
            kube: None,
            host: None,
            docker_settings: None,
            events: None,
        }
    }

    /// Starts every enabled source; returns them and the status to show before they answer.
    pub fn start(enabled: Enabled, events: &mpsc::Sender<SourceEvent>) -> (Self, Vec<SourceInfo>) {
        let mut initial = Vec::new();
        let docker_settings = enabled.docker.clone();
        let docker = enabled.docker.map(|settings| {
            initial.push(docker::initial_info(&settings));
            docker::spawn(settings, events.clone())
        });
        let kube = enabled.kube.and_then(|settings| {
            let env = |k: &str| std::env::var(k).ok();
            match kubeconfig::load(settings.kubeconfig.as_deref(), &env) {
                Ok(Some(source)) => {
                    let context = kube_watch::initial_context(&source, settings.context.as_deref());
                    initial.push(SourceInfo::new(SourceKind::Kubernetes, &context, ""));
                    let handle = kube_watch::spawn(
                        source.clone(),
                        Some(context),
                        settings.namespace,
                        events.clone(),
                    );
                    Some((handle, source))
                }
                // No kubeconfig anywhere: Kubernetes is simply not there.
                Ok(None) => None,
                Err(e) => {
                    let mut info = SourceInfo::new(SourceKind::Kubernetes, "kubeconfig", "");
                    info.status = SourceStatus::Error;
                    info.error = Some(e.to_string());
                    initial.push(info);
                    None
                }
            }
        });
        let host = enabled
            .host
            .map(|settings| spawn_host_audit(settings, events.clone()));
        let set = Self {
            docker,
            kube,
            host,
            docker_settings,
            events: Some(events.clone()),
        };
        (set, initial)
    }

    /// Every Docker and kube context, for `:ctx`.
    pub fn contexts(&self) -> Vec<ContextChoice> {
        let mut out = Vec::new();
        if self.docker.is_some() {
            let env = |k: &str| std::env::var(k).ok();
            let dir = docker::endpoint::docker_config_dir(&env);
            for c in docker::list_contexts(&env, &dir).unwrap_or_default() {
                out.push(ContextChoice {
                    kind: SourceKind::Docker,
                    name: c.name,
                    detail: c.host,
                });
            }
        }
        if let Some((_, source)) = &self.kube {
            for c in source.contexts() {
                out.push(ContextChoice {
                    kind: SourceKind::Kubernetes,
                    name: c.name,
                    detail: crate::sources::kube::connect::display_server(&c.server),
                });
            }
        }
        out
    }

    pub fn refresh(&self) {
        if let Some(d) = &self.docker {
            let _ = d.commands.send(DockerCommand::Refresh);
        }
        if let Some((k, _)) = &self.kube {
            let _ = k.commands.send(KubeCommand::Refresh);
        }
        if let Some((_, wake)) = &self.host {
            wake.notify_one();
        }
    }

    /// Switches the source of that kind; says why not when that source is not running.
    pub fn switch(&self, kind: SourceKind, name: &str) -> Result<(), String> {
        match (kind, &self.docker, &self.kube) {
            (SourceKind::Docker, Some(d), _) => {
                let _ = d
                    .commands
                    .send(DockerCommand::SwitchContext(Some(name.to_owned())));
                Ok(())
            }
            (SourceKind::Kubernetes, _, Some((k, _))) => {
                let _ = k.commands.send(KubeCommand::SwitchContext(name.to_owned()));
                Ok(())
            }
            (SourceKind::Docker, None, _) => Err("Docker is off (--no-docker)".to_owned()),
            (SourceKind::Kubernetes, _, None) => {
                Err("Kubernetes is not configured (no kubeconfig, or --no-kube)".to_owned())
            }
        }
    }

    pub fn set_namespace(&self, namespace: Option<String>) -> Result<(), String> {
        match &self.kube {
            Some((k, _)) => {
                let _ = k.commands.send(KubeCommand::SetNamespace(namespace));
                Ok(())
            }
            None => Err("namespaces need Kubernetes, which is not configured".to_owned()),
        }
    }

    /// Carries out a confirmed action in the background; the outcome comes back as
    /// [`SourceEvent::ActionDone`].
    pub fn act(&self, record: ActionRecord) -> Result<(), String> {
        let (Some(base), Some(events)) = (&self.docker_settings, &self.events) else {
            return Err("Docker is off (--no-docker)".to_owned());
        };
        // The context the container came from; the operator's own settings when it is theirs.
        let base_context = docker::resolve_endpoint(base).map(|e| e.context).ok();
        let settings = if base_context.as_deref() == Some(record.context.as_str()) {
            base.clone()
        } else {
            DockerSettings {
                host: None,
                context: Some(record.context.clone()),
            }
        };
        let events = events.clone();
        tokio::spawn(async move {
            let result = docker::actions::act(&settings, &record.container_id, record.action).await;
            let outcome = match result {
                Ok(()) => "done".to_owned(),
                Err(e) => format!("failed: {e}"),
            };
            let done = ActionRecord {
                time: jiff::Timestamp::now(),
                outcome,
                ..record
            };
            let _ = events.send(SourceEvent::ActionDone(done)).await;
        });
        Ok(())
    }

    pub fn shutdown(self) {
        if let Some(d) = self.docker {
            let _ = d.commands.send(DockerCommand::Shutdown);
            d.task.abort();
        }
        if let Some((k, _)) = self.kube {
            let _ = k.commands.send(KubeCommand::Shutdown);
            k.task.abort();
        }
        if let Some((task, _)) = self.host {
            task.abort();
        }
    }
}
