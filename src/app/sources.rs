//! The running sources: starting them, the context catalog for the picker, and the commands
//! the UI's effects turn into (refresh, switch context, change namespace, shut down).

use super::source_tasks::{Retiring, lock, retire, spawn_host_audit};
use crate::commands::report::Enabled;
use crate::model::action::ActionRecord;
use crate::model::{SourceInfo, SourceKind, SourceRef, SourceStatus};
use crate::sources::SourceEvent;
use crate::sources::docker::{self, DockerCommand, DockerHandle, DockerSettings};
use crate::sources::kube::kubeconfig::{self, KubeConfigSource};
use crate::sources::kube::watch::{self as kube_watch, KubeCommand, KubeHandle};
use crate::ui::state::ContextChoice;
use crate::ui::update::ContextChange;
use std::sync::Arc;
use tokio::sync::{Notify, mpsc};

/// A Docker engine being read, and the context it is on now.
struct RunningDocker {
    handle: DockerHandle,
    settings: DockerSettings,
    context: String,
}

/// A kube context being read.
struct RunningKube {
    handle: KubeHandle,
    context: String,
}

/// Every source being read: any number of Docker engines and kube contexts side by side.
pub struct SourceSet {
    docker: Vec<RunningDocker>,
    /// Docker engines may be added (`:ctx +docker:NAME`) unless --no-docker.
    docker_enabled: bool,
    /// The kubeconfig, when there is one and Kubernetes is not off.
    kubeconfig: Option<KubeConfigSource>,
    kube: Vec<RunningKube>,
    /// The namespace every kube context reads (`None`: all).
    namespace: Option<String>,
    /// The host audit loop, and what wakes it early (`r`).
    host: Option<(tokio::task::JoinHandle<()>, Arc<Notify>)>,
    events: Option<mpsc::Sender<SourceEvent>>,
    /// Sources told to stop whose `Removed` has not been sent yet: one of the same name cannot
    /// start before, or that `Removed` would take the new one's rows.
    retiring: Retiring,
}

impl SourceSet {
    /// No sources at all: for a saved snapshot.
    pub fn none() -> Self {
        Self {
            docker: Vec::new(),
            docker_enabled: false,
            kubeconfig: None,
            kube: Vec::new(),
            namespace: None,
            host: None,
            events: None,
            retiring: Arc::default(),
        }
    }

    /// Starts every enabled source; returns them and the status to show before they answer.
    pub fn start(enabled: Enabled, events: &mpsc::Sender<SourceEvent>) -> (Self, Vec<SourceInfo>) {
        let mut initial = Vec::new();
        let mut set = Self::none();
        set.events = Some(events.clone());
        set.docker_enabled = !enabled.docker.is_empty();
        for settings in enabled.docker {
            let info = docker::initial_info(&settings);
            set.spawn_docker(settings, info.context.clone(), events);
            initial.push(info);
        }
        if let Some(first) = enabled.kube.first() {
            set.namespace.clone_from(&first.namespace);
            let env = |k: &str| std::env::var(k).ok();
            match kubeconfig::load(first.kubeconfig.as_deref(), &env) {
                Ok(Some(source)) => {
                    for settings in &enabled.kube {
                        let context =
                            kube_watch::initial_context(&source, settings.context.as_deref());
                        if set.kube.iter().any(|k| k.context == context) {
                            continue;
                        }
                        initial.push(SourceInfo::new(SourceKind::Kubernetes, &context, ""));
                        set.spawn_kube(&source, context, events);
                    }
                    set.kubeconfig = Some(source);
                }
                // No kubeconfig anywhere: Kubernetes is simply not there.
                Ok(None) => {}
                Err(e) => {
                    let mut info = SourceInfo::new(SourceKind::Kubernetes, "kubeconfig", "");
                    info.status = SourceStatus::Error;
                    info.error = Some(e.to_string());
                    initial.push(info);
                }
            }
        }
        set.host = enabled
            .host
            .map(|settings| spawn_host_audit(settings, events.clone()));
        (set, initial)
    }

    fn spawn_docker(
        &mut self,
        settings: DockerSettings,
        context: String,
        events: &mpsc::Sender<SourceEvent>,
    ) {
        let handle = docker::spawn(settings.clone(), events.clone());
        self.docker.push(RunningDocker {
            handle,
            settings,
            context,
        });
    }

    fn spawn_kube(
        &mut self,
        source: &KubeConfigSource,
        context: String,
        events: &mpsc::Sender<SourceEvent>,
    ) {
        let handle = kube_watch::spawn(
            source.clone(),
            Some(context.clone()),
            self.namespace.clone(),
            events.clone(),
        );
        self.kube.push(RunningKube { handle, context });
    }

    /// Every Docker and kube context, for `:ctx`.
    pub fn contexts(&self) -> Vec<ContextChoice> {
        let mut out = Vec::new();
        if self.docker_enabled {
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
        if let Some(source) = &self.kubeconfig {
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

    /// The sources being read now, by kind and context.
    pub fn active(&self) -> Vec<(SourceKind, String)> {
        let docker = self
            .docker
            .iter()
            .map(|d| (SourceKind::Docker, d.context.clone()));
        let kube = self
            .kube
            .iter()
            .map(|k| (SourceKind::Kubernetes, k.context.clone()));
        docker.chain(kube).collect()
    }

    pub fn refresh(&self) {
        for d in &self.docker {
            let _ = d.handle.commands.send(DockerCommand::Refresh);
        }
        for k in &self.kube {
            let _ = k.handle.commands.send(KubeCommand::Refresh);
        }
        if let Some((_, wake)) = &self.host {
            wake.notify_one();
        }
    }

    /// Switches, adds or removes a context of that kind; says why not when it cannot.
    pub fn change(
        &mut self,
        kind: SourceKind,
        name: &str,
        change: ContextChange,
    ) -> Result<String, String> {
        self.check_kind(kind)?;
        let running = self.active().iter().any(|(k, n)| *k == kind && n == name);
        match change {
            ContextChange::Add if running => {
                Err(format!("{} context {name} is already shown", kind.as_str()))
            }
            ContextChange::Add => {
                self.add(kind, name)?;
                Ok(format!("adding {} context {name}…", kind.as_str()))
            }
            ContextChange::Remove if !running => Err(format!(
                "{} context {name} is not shown; :ctx lists them",
                kind.as_str()
            )),
            ContextChange::Remove => {
                self.remove(kind, name);
                Ok(format!("removed {} context {name}", kind.as_str()))
            }
            ContextChange::Switch => {
                self.switch(kind, name)?;
                Ok(format!("switching {} to {name}…", kind.as_str()))
            }
        }
    }

    fn check_kind(&self, kind: SourceKind) -> Result<(), String> {
        match kind {
            SourceKind::Docker if !self.docker_enabled => {
                Err("Docker is off (--no-docker)".to_owned())
            }
            SourceKind::Kubernetes if self.kubeconfig.is_none() => {
                Err("Kubernetes is not configured (no kubeconfig, or --no-kube)".to_owned())
            }
            _ => Ok(()),
        }
    }

    /// One source of that kind, on `name`: the one already showing it stays, else a kube
    /// source switches in place and a Docker source is replaced (its settings, even a name
    /// given by address, are the new context's); the others go. A name that does not exist
    /// changes nothing.
    fn switch(&mut self, kind: SourceKind, name: &str) -> Result<(), String> {
        let running: Vec<String> = self
            .active()
            .into_iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, n)| n)
            .collect();
        if running.iter().any(|n| n == name) {
            for other in running.iter().filter(|n| *n != name) {
                self.remove(kind, other);
            }
            return Ok(());
        }
        match kind {
            SourceKind::Docker => {
                let wanted = DockerSettings {
                    host: None,
                    context: Some(name.to_owned()),
                    name: None,
                };
                if let Some(error) = docker::initial_info(&wanted).error {
                    return Err(error);
                }
                for other in &running {
                    self.remove(kind, other);
                }
                self.add(kind, name)
            }
            SourceKind::Kubernetes => {
                if let Some(source) = &self.kubeconfig {
                    source.pick(Some(name)).map_err(|e| e.to_string())?;
                }
                for other in running.iter().skip(1) {
                    self.remove(kind, other);
                }
                match self.kube.first_mut() {
                    Some(k) => {
                        let _ = k
                            .handle
                            .commands
                            .send(KubeCommand::SwitchContext(name.to_owned()));
                        name.clone_into(&mut k.context);
                        Ok(())
                    }
                    None => self.add(kind, name),
                }
            }
        }
    }

    fn add(&mut self, kind: SourceKind, name: &str) -> Result<(), String> {
        let Some(events) = self.events.clone() else {
            return Err("a saved snapshot is read-only".to_owned());
        };
        let source = SourceRef {
            kind,
            context: name.to_owned(),
        };
        if lock(&self.retiring).contains(&source) {
            return Err(format!(
                "{} context {name} is still stopping; add it again in a moment",
                kind.as_str()
            ));
        }
        match kind {
            SourceKind::Docker => {
                let settings = DockerSettings {
                    host: None,
                    context: Some(name.to_owned()),
                    name: None,
                };
                let info = docker::initial_info(&settings);
                if let Some(error) = &info.error {
                    return Err(error.clone());
                }
                // Shown as connecting until it answers; sent first, so it cannot land after
                // the source's own status.
                let _ = events.try_send(SourceEvent::Status(info));
                self.spawn_docker(settings, name.to_owned(), &events);
            }
            SourceKind::Kubernetes => {
                let Some(source) = self.kubeconfig.clone() else {
                    return Err("Kubernetes is not configured".to_owned());
                };
                source.pick(Some(name)).map_err(|e| e.to_string())?;
                let info = SourceInfo::new(SourceKind::Kubernetes, name, "");
                let _ = events.try_send(SourceEvent::Status(info));
                self.spawn_kube(&source, name.to_owned(), &events);
            }
        };
        Ok(())
    }

    fn remove(&mut self, kind: SourceKind, name: &str) {
        let task = match kind {
            SourceKind::Docker => self.docker.iter().position(|d| d.context == name).map(|i| {
                let d = self.docker.remove(i);
                let _ = d.handle.commands.send(DockerCommand::Shutdown);
                d.handle.task
            }),
            SourceKind::Kubernetes => self.kube.iter().position(|k| k.context == name).map(|i| {
                let k = self.kube.remove(i);
                let _ = k.handle.commands.send(KubeCommand::Shutdown);
                k.handle.task
            }),
        };
        let (Some(task), Some(events)) = (task, self.events.clone()) else {
            return;
        };
        let gone = SourceRef {
            kind,
            context: name.to_owned(),
        };
        lock(&self.retiring).insert(gone.clone());
        tokio::spawn(retire(task, events, gone, self.retiring.clone()));
    }

    pub fn set_namespace(&mut self, namespace: Option<String>) -> Result<(), String> {
        if self.kube.is_empty() {
            return Err("namespaces need Kubernetes, which is not configured".to_owned());
        }
        for k in &self.kube {
            let _ = k
                .handle
                .commands
                .send(KubeCommand::SetNamespace(namespace.clone()));
        }
        self.namespace = namespace;
        Ok(())
    }

    /// Carries out a confirmed action in the background; the outcome comes back as
    /// [`SourceEvent::ActionDone`].
    pub fn act(&self, record: ActionRecord) -> Result<(), String> {
        let Some(events) = self.events.as_ref().filter(|_| self.docker_enabled) else {
            return Err("Docker is off (--no-docker)".to_owned());
        };
        // The engine the container came from, with the settings it was found by.
        let settings = self
            .docker
            .iter()
            .find(|d| d.context == record.context)
            .map_or_else(
                || DockerSettings {
                    host: None,
                    context: Some(record.context.clone()),
                    name: None,
                },
                |d| d.settings.clone(),
            );
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
        for d in self.docker {
            let _ = d.handle.commands.send(DockerCommand::Shutdown);
            d.handle.task.abort();
        }
        for k in self.kube {
            let _ = k.handle.commands.send(KubeCommand::Shutdown);
            k.handle.task.abort();
        }
        if let Some((task, _)) = self.host {
            task.abort();
        }
    }
}
