//! Connecting to one context: client configuration, then `/version` within the deadline, so a
//! dead, hanging or refusing context is known quickly and said plainly.

use super::api::{self, ReadError};
use super::kubeconfig::{ContextEntry, KubeConfigSource};
use crate::model::cluster::{ClusterFacts, KubeconfigFacts};
use crate::model::text::clean;
use kube::Client;

pub struct Connected {
    pub client: Client,
    /// `gitVersion`, e.g. `v1.31.2`.
    pub version: String,
    /// The context's namespace from the kubeconfig (`default` when unset).
    pub default_namespace: String,
}

pub async fn connect(source: &KubeConfigSource, entry: &ContextEntry) -> Result<Connected, String> {
    let server = display_server(&entry.server);
    let fail = |why: String| format!("cannot reach {server} (kube context {}): {why}", entry.name);
    let config = source
        .client_config(&entry.name)
        .await
        .map_err(|e| clean(&e.to_string()))?;
    let default_namespace = config.default_namespace.clone();
    let client = Client::try_from(config).map_err(|e| fail(clean(&e.to_string())))?;
    let info = api::timed(client.apiserver_version()).await.map_err(|e| match e {
        ReadError::Unauthorized(msg) => format!(
            "{server} (kube context {}) refused the credentials: unauthorized ({msg}); check the user's token or certificate in the kubeconfig",
            entry.name
        ),
        ReadError::Server(msg) => format!(
            "{server} (kube context {}) answered with an error: {msg}",
            entry.name
        ),
        // A 200 that is not JSON: a login page, a proxy, the wrong port.
        ReadError::Other(msg) if msg.contains("deserializ") => format!(
            "{server} (kube context {}) answered with something that is not the Kubernetes API \
             ({msg}); is the server address right, or is a proxy in between?",
            entry.name
        ),
        other => fail(other.to_string()),
    })?;
    Ok(Connected {
        client,
        version: clean(&info.git_version),
        default_namespace,
    })
}

/// The kubeconfig facts cluster rules check for this context.
pub fn base_facts(entry: &ContextEntry, version: Option<&str>) -> ClusterFacts {
    ClusterFacts {
        context: clean(&entry.name),
        server_version: version.map(clean),
        kubeconfig: KubeconfigFacts {
            server: clean(&entry.server),
            insecure_skip_tls_verify: entry.insecure_skip_tls_verify,
        },
        ..ClusterFacts::default()
    }
}

/// The server URL without any `user:password@`.
pub fn display_server(server: &str) -> String {
    clean(&crate::sources::docker::endpoint::redact_userinfo(server))
}
