//! The running sources: starting them, the context catalog for the picker, and the commands
//! the UI's effects turn into (refresh, switch context, change namespace, shut down).

use crate::commands::report::Enabled;
use crate::model::{SourceInfo, SourceKind, SourceStatus};
use crate::sources::SourceEvent;
use crate::sources::docker::{self, DockerCommand, DockerHandle};
use crate::sources::kube::kubeconfig::{self, KubeConfigSource};
use crate::sources::kube::watch::{self as kube_watch, KubeCommand, KubeHandle};
use crate::ui::state::ContextChoice;
use tokio::sync::mpsc;

pub struct SourceSet {
    docker: Option<DockerHandle>,
    kube: Option<(KubeHandle, KubeConfigSource)>,
}

impl SourceSet {
    /// No sources at all: for a saved snapshot.
    pub fn none() -> Self {
        Self {
            docker: None,
            kube: None,
        }
    }

    /// Starts every enabled source; returns them and the status to show before they answer.
    pub fn start(enabled: Enabled, events: &mpsc::Sender<SourceEvent>) -> (Self, Vec<SourceInfo>) {
        let mut initial = Vec::new();
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
        (Self { docker, kube }, initial)
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

    pub fn shutdown(self) {
        if let Some(d) = self.docker {
            let _ = d.commands.send(DockerCommand::Shutdown);
            d.task.abort();
        }
        if let Some((k, _)) = self.kube {
            let _ = k.commands.send(KubeCommand::Shutdown);
            k.task.abort();
        }
    }
}
