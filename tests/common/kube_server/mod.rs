//! A real Kubernetes API server for tests: hyper over TCP on 127.0.0.1 (HTTPS with a CA made
//! at start, or plain HTTP), bearer-token users, discovery, list with selectors and paging,
//! watch with resource versions, bookmarks and 410 Gone, and the metrics API. The real
//! kube-rs client and the real kubectl talk to it through real kubeconfig files.
//!
//! It serves namespaces, nodes, pods, serviceaccounts, the apps and batch workloads,
//! networkpolicies, RBAC, and metrics.k8s.io pods and nodes; it only reads (writes get 405).
//! Tests change what it serves with [`KubeServer::apply`] and [`KubeServer::delete`], which
//! watches see at once. It knows nothing about shipshape.
//!
//! ```ignore
//! let server = KubeServer::start(
//!     ServerSpec::new()
//!         .user("admin", "admin-token", Scope::Cluster)
//!         .objects(fixtures::cluster_objects()),
//! )
//! .await;
//! let kubeconfig = KubeconfigBuilder::new()
//!     .context(ContextSpec::new("admin", &server).token("admin-token"))
//!     .write();
//! let client = kubeconfig.client(None).await;
//! ```
// In test helpers a panic is the failure report; data from clients is never unwrapped.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod auth;
mod canned;
mod catalog;
mod discovery;
pub mod fixtures;
mod handler;
mod hanging;
mod kubeconfig;
mod list;
mod respond;
mod routes;
mod selectors;
mod server;
mod status;
mod store;
mod tls;
mod watch;

// Each test binary uses only part of this.
#[allow(unused_imports)]
pub use self::{
    auth::{ANONYMOUS, Scope, User},
    canned::CannedServer,
    discovery::ServerVersion,
    handler::RequestRecord,
    hanging::HangingServer,
    kubeconfig::{ContextSpec, KubeconfigBuilder, KubeconfigFile, Trust},
};

use handler::Shared;
use serde_json::Value;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use store::Store;
use tokio::sync::oneshot;

/// What kind of cluster to pretend to be.
#[derive(Debug, Clone)]
pub struct ServerSpec {
    pub version: ServerVersion,
    /// HTTPS with a fresh CA (true), or plain HTTP.
    pub tls: bool,
    pub users: Vec<User>,
    /// Requests without a token are served as system:anonymous with full read access (an
    /// "insecure" cluster); otherwise they get 401.
    pub anonymous: bool,
    /// Whether metrics.k8s.io is served (as when metrics-server runs).
    pub metrics: bool,
    /// Objects present at start, applied in order.
    pub objects: Vec<Value>,
    /// How often a watch that allows bookmarks gets one.
    pub bookmark_every: Duration,
}

impl Default for ServerSpec {
    fn default() -> Self {
        Self {
            version: ServerVersion::new("v1.29.4"),
            tls: true,
            users: Vec::new(),
            anonymous: false,
            metrics: true,
            objects: Vec::new(),
            bookmark_every: Duration::from_secs(5),
        }
    }
}

impl ServerSpec {
    /// v1.29.4 over HTTPS, metrics on, no users, no objects.
    pub fn new() -> Self {
        Self::default()
    }

    /// The git version /version reports, e.g. "v1.27.3" or "v1.29.4-gke.1043002".
    pub fn version(mut self, git_version: &str) -> Self {
        self.version = ServerVersion::new(git_version);
        self
    }

    /// Plain HTTP with anonymous access: an API server's old insecure port.
    pub fn insecure_http(mut self) -> Self {
        self.tls = false;
        self.anonymous = true;
        self
    }

    pub fn tls(mut self, on: bool) -> Self {
        self.tls = on;
        self
    }

    pub fn anonymous(mut self, allowed: bool) -> Self {
        self.anonymous = allowed;
        self
    }

    pub fn user(mut self, name: &str, token: &str, scope: Scope) -> Self {
        self.users.push(User::new(name, token, scope));
        self
    }

    /// A user who may read only inside these namespaces.
    pub fn namespaced_user(self, name: &str, token: &str, namespaces: &[&str]) -> Self {
        let scope = Scope::Namespaces(namespaces.iter().map(|ns| (*ns).to_owned()).collect());
        self.user(name, token, scope)
    }

    pub fn metrics(mut self, served: bool) -> Self {
        self.metrics = served;
        self
    }

    pub fn objects(mut self, objects: impl IntoIterator<Item = Value>) -> Self {
        self.objects.extend(objects);
        self
    }

    pub fn bookmark_every(mut self, every: Duration) -> Self {
        self.bookmark_every = every;
        self
    }
}

/// A running server; it stops (and drops every connection) when this is dropped.
pub struct KubeServer {
    url: String,
    addr: SocketAddr,
    ca_pem: Option<String>,
    shared: Arc<Shared>,
    running: Option<server::Running>,
}

impl KubeServer {
    /// Starts a server on 127.0.0.1 on a free port; it answers as soon as this returns.
    pub async fn start(spec: ServerSpec) -> Self {
        let (server, ready) = Self::spawn(spec);
        ready.await.expect("the test server started");
        server
    }

    /// [`KubeServer::start`] for tests without a runtime (it must not be called inside one).
    pub fn start_blocking(spec: ServerSpec) -> Self {
        let (server, ready) = Self::spawn(spec);
        ready.blocking_recv().expect("the test server started");
        server
    }

    fn spawn(spec: ServerSpec) -> (Self, oneshot::Receiver<()>) {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        listener
            .set_nonblocking(true)
            .expect("non-blocking listener");
        let addr = listener.local_addr().expect("local address");
        let tls = spec.tls.then(tls::generate);
        let scheme = if tls.is_some() { "https" } else { "http" };
        let shared = Arc::new(Shared {
            store: Store::new(),
            users: spec.users,
            anonymous: spec.anonymous,
            version: spec.version,
            metrics: AtomicBool::new(spec.metrics),
            address: addr.to_string(),
            bookmark_every: spec.bookmark_every,
            requests: Mutex::new(Vec::new()),
        });
        let (ca_pem, acceptor) = match tls {
            Some(tls) => (Some(tls.ca_pem), Some(tls.acceptor)),
            None => (None, None),
        };
        let mut server = Self {
            url: format!("{scheme}://{addr}"),
            addr,
            ca_pem,
            shared: Arc::clone(&shared),
            running: None,
        };
        for object in spec.objects {
            server.apply(object);
        }
        let (ready_tx, ready) = oneshot::channel();
        server.running = Some(server::spawn(listener, acceptor, shared, ready_tx));
        (server, ready)
    }

    /// "https://127.0.0.1:PORT" (or http).
    pub fn url(&self) -> String {
        self.url.clone()
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The CA that signed the server's certificate, PEM; None for plain HTTP.
    pub fn ca_pem(&self) -> Option<&str> {
        self.ca_pem.as_deref()
    }

    /// Creates or replaces an object (it must have apiVersion, kind and metadata.name; a
    /// namespaced one without a namespace goes to "default"). Bumps the resourceVersion and
    /// sends ADDED or MODIFIED to watches. Returns the object as stored.
    pub fn apply(&self, mut object: Value) -> Value {
        let api_version = object["apiVersion"].as_str().unwrap_or_default();
        let kind = object["kind"].as_str().unwrap_or_default();
        let resource = catalog::by_kind(api_version, kind)
            .unwrap_or_else(|| panic!("the test server does not serve {api_version:?} {kind:?}"));
        let name = object["metadata"]["name"]
            .as_str()
            .unwrap_or_else(|| panic!("a {kind} without metadata.name: {object}"))
            .to_owned();
        let namespace = if resource.namespaced {
            let ns = object["metadata"]["namespace"]
                .as_str()
                .unwrap_or("default")
                .to_owned();
            object["metadata"]["namespace"] = Value::String(ns.clone());
            Some(ns)
        } else {
            // The real server drops a namespace given to a cluster-scoped object.
            if let Some(meta) = object["metadata"].as_object_mut() {
                meta.remove("namespace");
            }
            None
        };
        self.shared
            .store
            .apply(resource, namespace.as_deref(), &name, object)
    }

    /// Deletes an object and sends DELETED to watches; returns it, or None if it was not
    /// there. `resource` is a plural ("pods"), a kind ("Pod"), "apps/v1/Deployment",
    /// "deployments.apps" or a short name; `namespace` is ignored for cluster-scoped ones
    /// and means "default" when None for namespaced ones.
    pub fn delete(&self, resource: &str, namespace: Option<&str>, name: &str) -> Option<Value> {
        let resource = catalog::lookup(resource)
            .unwrap_or_else(|| panic!("the test server does not serve {resource:?}"));
        let namespace = resource.namespaced.then(|| namespace.unwrap_or("default"));
        self.shared.store.delete(resource, namespace, name)
    }

    /// One object as stored, named as for [`KubeServer::delete`].
    pub fn get(&self, resource: &str, namespace: Option<&str>, name: &str) -> Option<Value> {
        let resource = catalog::lookup(resource)
            .unwrap_or_else(|| panic!("the test server does not serve {resource:?}"));
        let namespace = resource.namespaced.then(|| namespace.unwrap_or("default"));
        self.shared.store.get(resource, namespace, name)
    }

    /// Serves or hides metrics.k8s.io (discovery and endpoints), as when metrics-server is
    /// installed or removed.
    pub fn set_metrics(&self, enabled: bool) {
        self.shared.metrics.store(enabled, Ordering::Relaxed);
    }

    /// The current resourceVersion (the number of changes so far).
    pub fn resource_version(&self) -> u64 {
        self.shared.store.revision()
    }

    /// Forgets the change history, as etcd compaction does: watches and continue tokens from
    /// before now get 410 Gone.
    pub fn compact(&self) {
        self.shared.store.compact();
    }

    /// Every request answered so far, oldest first.
    pub fn requests(&self) -> Vec<RequestRecord> {
        self.shared
            .requests
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }
}

impl Drop for KubeServer {
    fn drop(&mut self) {
        if let Some(running) = self.running.take() {
            let _ = running.stop.send(());
            let _ = running.thread.join();
        }
    }
}
