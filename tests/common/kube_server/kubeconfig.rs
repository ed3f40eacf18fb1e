//! Kubeconfig files for tests: named contexts, each with its own cluster (server URL and CA
//! data, or insecure-skip-tls-verify) and user (a token, or none). Written as JSON, which
//! kubectl and kube-rs both read (JSON is YAML).

use super::KubeServer;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// How a context's cluster is trusted.
#[derive(Debug, Clone)]
pub enum Trust {
    /// `certificate-authority-data`: this CA, PEM.
    Ca(String),
    /// `insecure-skip-tls-verify: true`.
    SkipVerify,
    /// Neither (plain http, or a test of the system trust store).
    Default,
}

/// One context of a kubeconfig.
#[derive(Debug, Clone)]
pub struct ContextSpec {
    name: String,
    server: String,
    trust: Trust,
    token: Option<String>,
    namespace: Option<String>,
}

impl ContextSpec {
    /// A context for `server`, trusting its CA when it speaks TLS.
    pub fn new(name: &str, server: &KubeServer) -> Self {
        let trust = server
            .ca_pem()
            .map_or(Trust::Default, |ca| Trust::Ca(ca.to_owned()));
        Self::to_url(name, &server.url(), trust)
    }

    /// A context for any URL (a hanging server, a closed port...).
    pub fn to_url(name: &str, url: &str, trust: Trust) -> Self {
        Self {
            name: name.to_owned(),
            server: url.to_owned(),
            trust,
            token: None,
            namespace: None,
        }
    }

    pub fn token(mut self, token: &str) -> Self {
        self.token = Some(token.to_owned());
        self
    }

    pub fn namespace(mut self, namespace: &str) -> Self {
        self.namespace = Some(namespace.to_owned());
        self
    }

    pub fn insecure_skip_tls_verify(mut self) -> Self {
        self.trust = Trust::SkipVerify;
        self
    }
}

/// Builds a kubeconfig: `KubeconfigBuilder::new().context(...).current("admin").write()`.
#[derive(Debug, Clone, Default)]
pub struct KubeconfigBuilder {
    contexts: Vec<ContextSpec>,
    current: Option<String>,
}

impl KubeconfigBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a context; the first one added is current unless `current` says otherwise.
    pub fn context(mut self, context: ContextSpec) -> Self {
        self.contexts.push(context);
        self
    }

    pub fn current(mut self, name: &str) -> Self {
        self.current = Some(name.to_owned());
        self
    }

    pub fn to_json(&self) -> Value {
        let clusters: Vec<Value> = self
            .contexts
            .iter()
            .map(|c| {
                let mut cluster = json!({ "server": c.server });
                match &c.trust {
                    Trust::Ca(pem) => {
                        cluster["certificate-authority-data"] = json!(STANDARD.encode(pem));
                    }
                    Trust::SkipVerify => cluster["insecure-skip-tls-verify"] = json!(true),
                    Trust::Default => {}
                }
                json!({ "name": c.name, "cluster": cluster })
            })
            .collect();
        let users: Vec<Value> = self
            .contexts
            .iter()
            .map(|c| {
                let user = c
                    .token
                    .as_ref()
                    .map_or_else(|| json!({}), |t| json!({ "token": t }));
                json!({ "name": c.name, "user": user })
            })
            .collect();
        let contexts: Vec<Value> = self
            .contexts
            .iter()
            .map(|c| {
                let mut context = json!({ "cluster": c.name, "user": c.name });
                if let Some(ns) = &c.namespace {
                    context["namespace"] = json!(ns);
                }
                json!({ "name": c.name, "context": context })
            })
            .collect();
        let current = self
            .current
            .clone()
            .or_else(|| self.contexts.first().map(|c| c.name.clone()))
            .unwrap_or_default();
        json!({
            "apiVersion": "v1",
            "kind": "Config",
            "preferences": {},
            "clusters": clusters,
            "users": users,
            "contexts": contexts,
            "current-context": current,
        })
    }

    /// Writes `config` into a new temporary directory, which lives as long as the result.
    pub fn write(&self) -> KubeconfigFile {
        let dir = tempfile::tempdir().expect("temporary directory");
        let path = dir.path().join("config");
        let text = serde_json::to_string_pretty(&self.to_json()).expect("kubeconfig as JSON");
        std::fs::write(&path, text).expect("write the kubeconfig");
        KubeconfigFile { dir, path }
    }
}

/// A written kubeconfig; its directory is removed when this is dropped.
pub struct KubeconfigFile {
    dir: TempDir,
    path: PathBuf,
}

impl KubeconfigFile {
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The directory it is in, also a good --cache-dir for kubectl.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The kube-rs client config for a context (the current one when None), read from the
    /// file the way an application reads a kubeconfig it was pointed at.
    pub async fn kube_config(&self, context: Option<&str>) -> kube::Config {
        let kubeconfig =
            kube::config::Kubeconfig::read_from(&self.path).expect("kube-rs reads the kubeconfig");
        let options = kube::config::KubeConfigOptions {
            context: context.map(str::to_owned),
            ..Default::default()
        };
        kube::Config::from_custom_kubeconfig(kubeconfig, &options)
            .await
            .expect("kube-rs accepts the kubeconfig")
    }

    /// A kube-rs client for a context.
    pub async fn client(&self, context: Option<&str>) -> kube::Client {
        kube::Client::try_from(self.kube_config(context).await).expect("kube-rs client")
    }
}
